/* quote.c - (being written) */
#include "config.h"
#include "core/quote.h"
