/* coding.h - (being written) */
#ifndef FG_CODING_H
#define FG_CODING_H
#endif
