/* codebook.h - (being written) */
#ifndef FG_CODEBOOK_H
#define FG_CODEBOOK_H
#endif
