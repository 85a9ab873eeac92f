/* code-edit.c - renaming a code and merging one code into another
 * (fgcode code rename / code merge), each in one transaction, recorded in
 * the history as "code.rename" and "code.merge". */
#include "config.h"

#include "core/codebook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/coding.h"
#include "core/history.h"

static enum fg_status
nomem(struct fg_error *err)
{
	return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
}

/* Run one UPDATE/DELETE with two integer parameters. */
static enum fg_status
exec2(struct fg_db *db, const char *sql, int64_t a, int64_t b, int *changes,
    struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	int rc;

	if ((s = fg_db_prepare(db, sql, &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	if (changes != NULL)
		*changes = sqlite3_changes(db->db);
	return FG_OK;
}

static enum fg_status
rename_in_tx(struct fg_db *db, const char *from, const char *to,
    struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	const char *why;
	int64_t id, other;
	int rc;

	if ((s = fg_codebook_find(db, from, &id, err)) != FG_OK)
		return s;
	if ((why = fg_codebook_name_problem(to)) != NULL)
		return fg_error_set(err, FG_INPUT, NULL, 0, 0,
		    "bad code name '%s': it %s", to, why);
	if (fg_codebook_find(db, to, &other, err) == FG_OK)
		return fg_error_set(err, FG_EXISTS, NULL, 0, 0, "code '%s' "
		    "already exists (to combine the two, use 'fgcode code "
		    "merge')", to);
	fg_error_clear(err);
	if ((s = fg_db_prepare(db, "UPDATE code SET name = ?2 WHERE id = ?1",
	    &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	return fg_history_code_changed(db, "code.rename", from, to, err);
}

/* A coding of FROM and the identical coding of INTO it collapses into. */
struct pair {
	int64_t from, into;
	char *memo;             /* FROM's memo to add to INTO's, or NULL */
};

static void
pairs_free(struct pair *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(p[i].memo);
	free(p);
}

/* The codings of from identical (same source, range and coder) to one of
 * into: *out (owned) with *n entries. */
static enum fg_status
find_pairs(struct fg_db *db, int64_t from, int64_t into, struct pair **out,
    size_t *n, struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	struct pair *v = NULL, *p;
	size_t cap = 0;
	const unsigned char *fm, *im;
	int rc;

	*out = NULL;
	*n = 0;
	if ((s = fg_db_prepare(db, "SELECT f.id, i.id, f.memo, i.memo FROM "
	    "coding f JOIN coding i ON i.code_id = ?2 AND i.source_id = "
	    "f.source_id AND i.start_cp = f.start_cp AND i.end_cp = f.end_cp "
	    "AND i.coder = f.coder WHERE f.code_id = ?1 AND i.id = (SELECT "
	    "min(j.id) FROM coding j WHERE j.code_id = ?2 AND j.source_id = "
	    "f.source_id AND j.start_cp = f.start_cp AND j.end_cp = f.end_cp "
	    "AND j.coder = f.coder) ORDER BY f.id", &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, into);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			if ((p = realloc(v, cap * sizeof *p)) == NULL)
				goto oom;
			v = p;
		}
		p = &v[(*n)++];
		p->from = sqlite3_column_int64(st, 0);
		p->into = sqlite3_column_int64(st, 1);
		p->memo = NULL;
		fm = sqlite3_column_text(st, 2);
		im = sqlite3_column_text(st, 3);
		if (fm == NULL || *fm == '\0' ||
		    (im != NULL && strcmp((const char *)fm,
		    (const char *)im) == 0))
			continue;
		if (im == NULL || *im == '\0')
			p->memo = strdup((const char *)fm);
		else if ((p->memo = malloc(strlen((const char *)im) +
		    strlen((const char *)fm) + 3)) != NULL)
			sprintf(p->memo, "%s\n\n%s", (const char *)im,
			    (const char *)fm);
		if (p->memo == NULL)
			goto oom;
	}
	sqlite3_finalize(st);
	*out = v;
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	return FG_OK;
oom:
	sqlite3_finalize(st);
	pairs_free(v, *n);
	*n = 0;
	return nomem(err);
}

/* Is code a a descendant of code b (or b itself)? */
static enum fg_status
descends(struct fg_db *db, int64_t a, int64_t b, int *yes,
    struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	int rc;

	if ((s = fg_db_prepare(db, "WITH RECURSIVE up(id) AS (SELECT ?1 "
	    "UNION SELECT c.parent_id FROM code c JOIN up ON c.id = up.id "
	    "WHERE c.parent_id IS NOT NULL) SELECT 1 FROM up WHERE id = ?2",
	    &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	*yes = rc == SQLITE_ROW;
	return FG_OK;
}

static enum fg_status
merge_in_tx(struct fg_db *db, const char *from, const char *into,
    struct fg_code_merge_stats *stats, struct fg_error *err)
{
	sqlite3_stmt *st;
	struct pair *pairs = NULL;
	enum fg_status s;
	int64_t fid, iid;
	size_t n = 0, i;
	int yes = 0, changes, rc;

	if ((s = fg_codebook_find(db, from, &fid, err)) != FG_OK ||
	    (s = fg_codebook_find(db, into, &iid, err)) != FG_OK)
		return s;
	if (fid == iid)
		return fg_error_set(err, FG_INPUT, NULL, 0, 0, "cannot merge "
		    "code '%s' into itself", from);
	if ((s = descends(db, iid, fid, &yes, err)) != FG_OK)
		return s;
	if (yes)
		return fg_error_set(err, FG_INPUT, NULL, 0, 0, "cannot merge "
		    "code '%s' into '%s', which is below it in the code tree "
		    "(merge '%s' into '%s' instead, or move it first)", from,
		    into, into, from);
	if ((s = find_pairs(db, fid, iid, &pairs, &n, err)) != FG_OK)
		return s;
	/* identical codings collapse into INTO's: FROM's memo is kept on
	 * INTO's coding, then FROM's coding goes (recorded as it was) */
	for (i = 0; i < n && s == FG_OK; i++) {
		if (pairs[i].memo != NULL) {
			if ((s = fg_db_prepare(db, "UPDATE coding SET memo = ?2 "
			    "WHERE id = ?1", &st, err)) != FG_OK)
				break;
			sqlite3_bind_int64(st, 1, pairs[i].into);
			sqlite3_bind_text(st, 2, pairs[i].memo, -1,
			    SQLITE_STATIC);
			rc = sqlite3_step(st);
			sqlite3_finalize(st);
			if (rc != SQLITE_DONE) {
				s = fg_db_fail(db, rc, err);
				break;
			}
			if ((s = fg_history_coding(db, "coding.memo",
			    pairs[i].into, err)) != FG_OK)
				break;
			if (stats != NULL)
				stats->memos++;
		}
		s = fg_coding_remove(db, pairs[i].from, err);
	}
	pairs_free(pairs, n);
	if (s != FG_OK)
		return s;
	if (stats != NULL)
		stats->collapsed = (long)n;
	if ((s = exec2(db, "UPDATE coding SET code_id = ?2 WHERE code_id = "
	    "?1", fid, iid, &changes, err)) != FG_OK)
		return s;
	if (stats != NULL)
		stats->moved = changes;
	/* FROM's children go under INTO, after INTO's own, in their order */
	if ((s = exec2(db, "UPDATE code SET parent_id = ?2, sort = sort + "
	    "(SELECT coalesce(max(sort), 0) FROM code) WHERE parent_id = ?1",
	    fid, iid, &changes, err)) != FG_OK)
		return s;
	if (stats != NULL)
		stats->children = changes;
	if ((s = fg_db_prepare(db, "DELETE FROM code WHERE id = ?1", &st,
	    err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, fid);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	return fg_history_code_changed(db, "code.merge", from, into, err);
}

enum fg_status
fg_code_rename(struct fg_db *db, const char *from, const char *to,
    struct fg_error *err)
{
	int own = !db->in_tx;
	enum fg_status s;

	if (own && (s = fg_db_begin(db, err)) != FG_OK)
		return s;
	if ((s = rename_in_tx(db, from, to, err)) != FG_OK) {
		if (own)
			fg_db_rollback(db);
		return s;
	}
	return own ? fg_db_commit(db, err) : FG_OK;
}

enum fg_status
fg_code_merge(struct fg_db *db, const char *from, const char *into,
    struct fg_code_merge_stats *stats, struct fg_error *err)
{
	int own = !db->in_tx;
	enum fg_status s;

	if (stats != NULL)
		memset(stats, 0, sizeof *stats);
	if (own && (s = fg_db_begin(db, err)) != FG_OK)
		return s;
	if ((s = merge_in_tx(db, from, into, stats, err)) != FG_OK) {
		if (own)
			fg_db_rollback(db);
		if (stats != NULL)
			memset(stats, 0, sizeof *stats);
		return s;
	}
	return own ? fg_db_commit(db, err) : FG_OK;
}
