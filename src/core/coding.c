/* coding.c - (being written) */
#include "config.h"
#include "core/coding.h"
