/* transcript.c - (being written) */
#include "config.h"
#include "core/transcript.h"
