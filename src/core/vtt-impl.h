/* vtt-impl.h - internals shared by the files of the vtt module (vtt.c,
 * vtt-turns.c); not an API: callers use vtt.h. */
#ifndef FG_VTT_IMPL_H
#define FG_VTT_IMPL_H

#include <stddef.h>

#include "core/error.h"
#include "core/vtt.h"

/* Set err to "out of memory"; FG_NOMEM. */
enum fg_status fg_vtt_nomem(struct fg_error *err);

/* A malloc'd, NUL-terminated copy of s[0..n); NULL when out of memory. */
char *fg_vtt_dupn(const char *s, size_t n);

/* ASCII whitespace of the specification: tab, LF, FF, CR, space. */
int fg_vtt_ws(char c);

/* Whether c is an ASCII digit. */
int fg_vtt_digit(char c);

/* Grow *v (of elements of size size) to hold n + 1; 0 or -1. */
int fg_vtt_grow(void **v, size_t *cap, size_t n, size_t size);

/* fg_vtt_parse, data's first line being line line0 of file. */
enum fg_status fg_vtt_parse_at(const char *data, size_t len,
    const char *file, int line0, struct fg_vtt **out, struct fg_error *err);

#endif
