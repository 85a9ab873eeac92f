/* profile.c - (being written) */
#include "config.h"
#include "core/profile.h"
