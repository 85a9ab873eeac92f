/* table.c - typed string tables for listings and reports. */
#include "config.h"

#include "core/table.h"

#include <stdlib.h>
#include <string.h>

struct fg_table *
fg_table_new(size_t ncols, const char *const *names,
    const enum fg_col_type *types)
{
	struct fg_table *t = calloc(1, sizeof *t);
	size_t i;

	if (t == NULL)
		return NULL;
	t->ncols = ncols;
	t->names = calloc(ncols ? ncols : 1, sizeof *t->names);
	t->types = calloc(ncols ? ncols : 1, sizeof *t->types);
	if (t->names == NULL || t->types == NULL)
		goto fail;
	for (i = 0; i < ncols; i++) {
		if ((t->names[i] = strdup(names[i])) == NULL)
			goto fail;
		t->types[i] = types ? types[i] : FG_COL_TEXT;
	}
	return t;
fail:
	fg_table_free(t);
	return NULL;
}

void
fg_table_free(struct fg_table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	for (i = 0; t->names && i < t->ncols; i++)
		free(t->names[i]);
	free(t->names);
	free(t->types);
	free(t);
}

enum fg_status
fg_table_add(struct fg_table *t, const char *const *vals)
{
	size_t i, base;
	char **cells;

	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		cells = realloc(t->cells, cap * t->ncols * sizeof *cells + 1);
		if (cells == NULL)
			return FG_NOMEM;
		t->cells = cells;
		t->cap = cap;
	}
	base = t->nrows * t->ncols;
	for (i = 0; i < t->ncols; i++) {
		t->cells[base + i] = NULL;
		if (vals[i] != NULL &&
		    (t->cells[base + i] = strdup(vals[i])) == NULL) {
			while (i-- > 0)
				free(t->cells[base + i]);
			return FG_NOMEM;
		}
	}
	t->nrows++;
	return FG_OK;
}

enum fg_status
fg_table_add_stmt(struct fg_table *t, sqlite3 *db, sqlite3_stmt *st,
    struct fg_error *err)
{
	const char **vals;
	size_t i;
	int rc;

	if ((size_t)sqlite3_column_count(st) != t->ncols)
		return fg_error_set(err, FG_DB, NULL, 0, 0,
		    "internal: query yields %d columns, table has %zu",
		    sqlite3_column_count(st), t->ncols);
	vals = calloc(t->ncols ? t->ncols : 1, sizeof *vals);
	if (vals == NULL)
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < t->ncols; i++)
			vals[i] = (const char *)sqlite3_column_text(st, (int)i);
		if (fg_table_add(t, vals) != FG_OK) {
			free(vals);
			sqlite3_reset(st);
			return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
			    "out of memory");
		}
	}
	free(vals);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fg_error_set(err, (rc & 0xFF) == SQLITE_BUSY ? FG_BUSY :
		    FG_DB, NULL, 0, 0, "%s", sqlite3_errmsg(db));
	return FG_OK;
}

const char *
fg_table_cell(const struct fg_table *t, size_t row, size_t col)
{
	if (row >= t->nrows || col >= t->ncols)
		return NULL;
	return t->cells[row * t->ncols + col];
}

int
fg_table_col(const struct fg_table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->names[i], name) == 0)
			return (int)i;
	return -1;
}
