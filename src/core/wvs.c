/* wvs.c - (being written) */
#include "config.h"
#include "core/wvs.h"
