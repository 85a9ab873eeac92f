/* model.c - (being written) */
#include "config.h"
#include "core/model.h"
