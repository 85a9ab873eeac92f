/* csvread.c - (being written) */
#include "config.h"
#include "core/csvread.h"
