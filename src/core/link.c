/* link.c - (being written) */
#include "config.h"
#include "core/link.h"
int fg_link_placeholder_;
