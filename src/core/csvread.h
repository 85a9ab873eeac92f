/* csvread.h - (being written) */
#ifndef FG_CSVREAD_H
#define FG_CSVREAD_H
#endif
