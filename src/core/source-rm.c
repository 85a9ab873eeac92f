/* source-rm.c - removing a source from the project (fgcode source rm):
 * its turns, notes and attributes go with it (ON DELETE CASCADE); its
 * codings only when the caller forces it.  The history records each
 * coding removed ("coding.remove") and the source ("source.remove"). */
#include "config.h"

#include "core/source.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/coding.h"
#include "core/history.h"

static enum fg_status
nomem(struct fg_error *err)
{
	return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
}

/* Remove the codings of source id, each recorded before it goes. */
static enum fg_status
remove_codings(struct fg_db *db, int64_t id, struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	int64_t *ids = NULL, *p;
	size_t n = 0, cap = 0, i;
	int rc;

	if ((s = fg_db_prepare(db, "SELECT id FROM coding WHERE source_id = "
	    "?1 ORDER BY id", &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((p = realloc(ids, cap * sizeof *p)) == NULL) {
				sqlite3_finalize(st);
				free(ids);
				return nomem(err);
			}
			ids = p;
		}
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(ids);
		return fg_db_fail(db, rc, err);
	}
	for (i = 0, s = FG_OK; i < n && s == FG_OK; i++)
		s = fg_coding_remove(db, ids[i], err);
	free(ids);
	return s;
}

static enum fg_status
remove_in_tx(struct fg_db *db, int64_t id, int force, int64_t *ncodings,
    struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	char *name = NULL, *sha = NULL, *detail = NULL, *subj = NULL;
	int64_t n = 0;
	json_t *o;
	int rc;

	if ((s = fg_db_prepare(db, "SELECT name, file_sha256, (SELECT "
	    "count(*) FROM coding WHERE source_id = ?1) FROM source WHERE "
	    "id = ?1", &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		name = strdup((const char *)sqlite3_column_text(st, 0));
		sha = strdup((const char *)sqlite3_column_text(st, 1));
		n = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		if (rc != SQLITE_DONE)
			return fg_db_fail(db, rc, err);
		return fg_error_set(err, FG_NOTFOUND, NULL, 0, 0, "no source "
		    "%lld (see 'fgcode sources')", (long long)id);
	}
	if (name == NULL || sha == NULL) {
		s = nomem(err);
		goto out;
	}
	if (ncodings != NULL)
		*ncodings = n;
	if (n > 0 && !force) {
		s = fg_error_set(err, FG_INPUT, NULL, 0, 0, "source %lld (%s) "
		    "has %lld coding%s; nothing removed (--force removes "
		    "them too)", (long long)id, name, (long long)n,
		    n == 1 ? "" : "s");
		goto out;
	}
	if (n > 0 && (s = remove_codings(db, id, err)) != FG_OK)
		goto out;
	if ((s = fg_db_prepare(db, "DELETE FROM source WHERE id = ?1", &st,
	    err)) != FG_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		s = fg_db_fail(db, rc, err);
		goto out;
	}
	o = json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)id, "name",
	    name, "file_sha256", sha, "codings_removed", (json_int_t)n);
	detail = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(o);
	if (detail == NULL || (subj = malloc(strlen(sha) + 8)) == NULL) {
		s = nomem(err);
		goto out;
	}
	strcpy(subj, "source/");
	strcat(subj, sha);
	s = fg_history_append(db, "source.remove", subj, detail, err);
out:
	free(name);
	free(sha);
	free(detail);
	free(subj);
	return s;
}

enum fg_status
fg_source_remove(struct fg_db *db, int64_t id, int force, int64_t *ncodings,
    struct fg_error *err)
{
	int own = !db->in_tx;
	enum fg_status s;

	if (ncodings != NULL)
		*ncodings = 0;
	if (own && (s = fg_db_begin(db, err)) != FG_OK)
		return s;
	s = remove_in_tx(db, id, force, ncodings, err);
	if (s != FG_OK) {
		if (own)
			fg_db_rollback(db);
		return s;
	}
	return own ? fg_db_commit(db, err) : FG_OK;
}
