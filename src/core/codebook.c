/* codebook.c - (being written) */
#include "config.h"
#include "core/codebook.h"
