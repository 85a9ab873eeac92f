/* roster.c - (being written) */
#include "config.h"
#include "core/roster.h"
