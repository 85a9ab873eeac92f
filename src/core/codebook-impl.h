/* codebook-impl.h - internals shared by the files of the codebook module
 * (codebook.c, codebook-db.c); not an API: callers use codebook.h. */
#ifndef FG_CODEBOOK_IMPL_H
#define FG_CODEBOOK_IMPL_H

#include "core/codebook.h"
#include "core/error.h"

/* Append a zeroed entry to cb; NULL when out of memory. */
struct fg_code_def *fg_codebook_push(struct fg_codebook *cb);

/* strdup that keeps NULL: *dst a copy of s or NULL; 0, or -1 when out of
 * memory. */
int fg_codebook_dup_opt(char **dst, const char *s);

/* Set err to "out of memory"; FG_NOMEM. */
enum fg_status fg_codebook_nomem(struct fg_error *err);

#endif
