/* memo.c - memos on codings. */
#include "config.h"

#include "core/memo.h"
#include "core/history.h"

#include <stdlib.h>
#include <string.h>

enum fg_status
fg_memo_set(struct fg_db *db, int64_t coding_id, const char *memo,
    struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	int rc;

	if ((s = fg_db_prepare(db, "UPDATE coding SET memo = ? WHERE id = ?",
	    &st, err)) != FG_OK)
		return s;
	if (memo != NULL && *memo != '\0')
		sqlite3_bind_text(st, 1, memo, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 1);
	sqlite3_bind_int64(st, 2, coding_id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	if (sqlite3_changes(db->db) == 0)
		return fg_error_set(err, FG_NOTFOUND, NULL, 0, 0,
		    "no coding with id %lld", (long long)coding_id);
	return fg_history_coding(db, "coding.memo", coding_id, err);
}

enum fg_status
fg_memo_get(struct fg_db *db, int64_t coding_id, char **memo,
    struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	int rc;

	*memo = NULL;
	if ((s = fg_db_prepare(db, "SELECT memo FROM coding WHERE id = ?",
	    &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, coding_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *m = sqlite3_column_text(st, 0);
		if (m != NULL && (*memo = strdup((const char *)m)) == NULL)
			s = fg_error_set(err, FG_NOMEM, NULL, 0, 0,
			    "out of memory");
	} else if (rc == SQLITE_DONE) {
		s = fg_error_set(err, FG_NOTFOUND, NULL, 0, 0,
		    "no coding with id %lld", (long long)coding_id);
	} else {
		s = fg_db_fail(db, rc, err);
	}
	sqlite3_finalize(st);
	return s;
}
