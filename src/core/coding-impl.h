/* coding-impl.h - internals shared by the files of the coding module
 * (coding.c, coding-range.c); not an API: callers use coding.h. */
#ifndef FG_CODING_IMPL_H
#define FG_CODING_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "core/coding.h"
#include "core/error.h"

/* Set err to "out of memory"; FG_NOMEM. */
enum fg_status fg_coding_nomem(struct fg_error *err);

/* fg_coding_check_range on a window of the text beginning at code point
 * base of the source (messages give offsets as in the source). */
enum fg_status fg_coding_check_range_at(const char *text, size_t len,
    const char *name, int64_t start, int64_t end, int64_t base,
    struct fg_range *r, struct fg_error *err);

#endif
