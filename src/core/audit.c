/* audit.c - (being written) */
#include "config.h"
#include "core/audit.h"
