/* history.c - (being written) */
#include "config.h"
#include "core/history.h"
