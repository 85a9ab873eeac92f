/* matrix.h - (being written) */
#ifndef FG_MATRIX_H
#define FG_MATRIX_H
#endif
