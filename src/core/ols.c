/* ols.c - (being written) */
#include "config.h"
#include "core/ols.h"
