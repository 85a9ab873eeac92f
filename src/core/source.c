/* source.c - transcripts in the project. */
#include "config.h"

#include "core/source.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

enum fg_status
fg_source_resolve(struct fg_db *db, const char *spec, int64_t *id,
    struct fg_error *err)
{
	struct fg_buf ids = FG_BUF_INIT;
	sqlite3_stmt *st = NULL;
	enum fg_status s;
	const char *p;
	int rc, n = 0, numeric = *spec != '\0';

	for (p = spec; *p; p++)
		if (*p < '0' || *p > '9')
			numeric = 0;
	if ((s = fg_db_prepare(db, numeric ?
	    "SELECT id FROM source WHERE id = ?1 OR name = ?2 ORDER BY id" :
	    "SELECT id FROM source WHERE name = ?2 ORDER BY id", &st, err))
	    != FG_OK)
		return s;
	if (numeric)
		sqlite3_bind_int64(st, 1, strtoll(spec, NULL, 10));
	sqlite3_bind_text(st, 2, spec, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		fg_buf_printf(&ids, "%s%lld", n ? ", " : "",
		    (long long)*id);
		n++;
		if (numeric && *id == strtoll(spec, NULL, 10)) {
			n = 1; /* an exact id wins over a name */
			break;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		fg_buf_free(&ids);
		return fg_db_fail(db, rc, err);
	}
	if (n == 0)
		s = fg_error_set(err, FG_NOTFOUND, NULL, 0, 0,
		    "no source '%s' (see 'fgcode sources')", spec);
	else if (n > 1)
		s = fg_error_set(err, FG_INPUT, NULL, 0, 0,
		    "several sources are named '%s' (ids %s); give the id",
		    spec, ids.p);
	else
		s = FG_OK;
	fg_buf_free(&ids);
	return s;
}
