/* report.c - (being written) */
#include "config.h"
#include "core/report.h"
