/* table.h - a rectangular result (named, typed columns of strings), the
 * shape in which the core hands listings and reports to the front ends,
 * which render it as table, TSV, CSV, Markdown or JSON. */
#ifndef FG_TABLE_H
#define FG_TABLE_H

#include <stddef.h>
#include <sqlite3.h>

#include "core/error.h"

enum fg_col_type { FG_COL_TEXT, FG_COL_INT, FG_COL_REAL };

struct fg_table {
	size_t ncols;
	size_t nrows;
	char **names;             /* ncols owned strings */
	enum fg_col_type *types;  /* ncols */
	char **cells;             /* nrows * ncols owned strings; NULL = null */
	size_t cap;               /* rows allocated */
};

/* A new empty table with ncols columns named by names[] (copied) of the
 * given types (types may be NULL: all text).  NULL when out of memory.
 * Free with fg_table_free(). */
struct fg_table *fg_table_new(size_t ncols, const char *const *names,
    const enum fg_col_type *types);

/* Free the table and all cells; NULL is a no-op. */
void fg_table_free(struct fg_table *t);

/* Append a row of ncols values (copied; NULL entries stay null).
 * FG_OK or FG_NOMEM. */
enum fg_status fg_table_add(struct fg_table *t, const char *const *vals);

/* Append every row that st yields (sqlite3_step until done), one cell per
 * result column (the statement must yield t->ncols columns).  The
 * statement is reset, not finalized.  On error err holds sqlite's message. */
enum fg_status fg_table_add_stmt(struct fg_table *t, sqlite3 *db,
    sqlite3_stmt *st, struct fg_error *err);

/* Borrowed cell text (NULL for null). */
const char *fg_table_cell(const struct fg_table *t, size_t row, size_t col);

/* Index of the column called name, or -1. */
int fg_table_col(const struct fg_table *t, const char *name);

#endif
