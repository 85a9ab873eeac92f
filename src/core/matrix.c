/* matrix.c - (being written) */
#include "config.h"
#include "core/matrix.h"
int fg_matrix_placeholder_;
