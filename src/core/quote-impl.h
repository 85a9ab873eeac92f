/* quote-impl.h - internals shared by the files of the quote module
 * (quote.c, quote-cite.c); not an API: callers use quote.h. */
#ifndef FG_QUOTE_IMPL_H
#define FG_QUOTE_IMPL_H

#include "core/db.h"
#include "core/error.h"

/* Set err to "out of memory"; FG_NOMEM. */
enum fg_status fg_quote_nomem(struct fg_error *err);

/* Column i of the current row of st as text (NULL for NULL). */
const char *fg_quote_col(sqlite3_stmt *st, int i);

/* strdup(s), or NULL for NULL. */
char *fg_quote_dup_or_null(const char *s);

#endif
