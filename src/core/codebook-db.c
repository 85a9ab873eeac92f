/* codebook-db.c - the project's codebook: importing a codebook into it,
 * reading it back, code lookup, creation and the code listing (see
 * codebook.h). */
#include "config.h"

#include "core/codebook.h"
#include "core/codebook-impl.h"

#include <stdlib.h>
#include <string.h>

#include "core/history.h"

/* ---- the project's codebook ---- */

const char *
fg_codebook_tree_cte(void)
{
	return "code_tree(id, depth, path, ord) AS ("
	    "SELECT id, 0, name, printf('%010d.%010d', sort, id) "
	    "FROM code WHERE parent_id IS NULL "
	    "UNION ALL "
	    "SELECT c.id, t.depth + 1, t.path || '/' || c.name, "
	    "t.ord || '/' || printf('%010d.%010d', c.sort, c.id) "
	    "FROM code c JOIN code_tree t ON c.parent_id = t.id)";
}

static enum fg_status
step_done(struct fg_db *db, sqlite3_stmt *st, struct fg_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return fg_db_fail(db, rc, err);
	return FG_OK;
}

static void
bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

static int
same_str(const unsigned char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == NULL && b == NULL;
	return strcmp((const char *)a, b) == 0;
}

/* 1 if the stored examples of code id equal d's. */
static enum fg_status
examples_equal(struct fg_db *db, int64_t id, const struct fg_code_def *d,
    int *equal, struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	size_t i = 0;
	int rc;

	*equal = 1;
	if ((s = fg_db_prepare(db, "SELECT text FROM code_example WHERE "
	    "code_id = ?1 ORDER BY seq", &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (i >= d->nexamples || !same_str(sqlite3_column_text(st, 0),
		    d->examples[i]))
			*equal = 0;
		i++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	if (i != d->nexamples)
		*equal = 0;
	return FG_OK;
}

static enum fg_status
write_examples(struct fg_db *db, int64_t id, const struct fg_code_def *d,
    struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	size_t i;

	if ((s = fg_db_prepare(db, "DELETE FROM code_example WHERE code_id = "
	    "?1", &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	s = step_done(db, st, err);
	sqlite3_finalize(st);
	if (s != FG_OK)
		return s;
	if ((s = fg_db_prepare(db, "INSERT INTO code_example (code_id, seq, "
	    "text) VALUES (?1, ?2, ?3)", &st, err)) != FG_OK)
		return s;
	for (i = 0; i < d->nexamples && s == FG_OK; i++) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
		sqlite3_bind_text(st, 3, d->examples[i], -1, SQLITE_STATIC);
		s = step_done(db, st, err);
	}
	sqlite3_finalize(st);
	return s;
}

/* Upsert the codes of cb in order; ids[i] receives code i's id. */
static enum fg_status
upsert_all(struct fg_db *db, const struct fg_codebook *cb, int64_t *ids,
    struct fg_codebook_stats *stats, struct fg_error *err)
{
	sqlite3_stmt *get = NULL, *ins = NULL, *upd = NULL;
	enum fg_status s;
	size_t i;
	int rc;

	if ((s = fg_db_prepare(db, "SELECT id, parent_id, description, "
	    "inclusion, exclusion, colour, sort FROM code WHERE name = ?1",
	    &get, err)) != FG_OK ||
	    (s = fg_db_prepare(db, "INSERT INTO code (name, parent_id, "
	    "description, inclusion, exclusion, colour, sort, created_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &ins, err)) != FG_OK ||
	    (s = fg_db_prepare(db, "UPDATE code SET parent_id = ?2, "
	    "description = ?3, inclusion = ?4, exclusion = ?5, colour = ?6, "
	    "sort = ?7 WHERE id = ?1", &upd, err)) != FG_OK)
		goto out;
	for (i = 0; i < cb->n; i++) {
		const struct fg_code_def *d = &cb->codes[i];
		int64_t parent = d->parent >= 0 ? ids[d->parent] : 0;
		int same, ex_same;

		sqlite3_bind_text(get, 1, d->name, -1, SQLITE_STATIC);
		rc = sqlite3_step(get);
		if (rc == SQLITE_ROW) {
			ids[i] = sqlite3_column_int64(get, 0);
			same = (parent == 0 ?
			    sqlite3_column_type(get, 1) == SQLITE_NULL :
			    sqlite3_column_int64(get, 1) == parent) &&
			    same_str(sqlite3_column_text(get, 2),
			    d->description) &&
			    same_str(sqlite3_column_text(get, 3),
			    d->inclusion) &&
			    same_str(sqlite3_column_text(get, 4),
			    d->exclusion) &&
			    same_str(sqlite3_column_text(get, 5), d->colour) &&
			    sqlite3_column_int64(get, 6) ==
			    (sqlite3_int64)i + 1;
			sqlite3_reset(get);
			if ((s = examples_equal(db, ids[i], d, &ex_same,
			    err)) != FG_OK)
				goto out;
			if (same && ex_same) {
				if (stats)
					stats->unchanged++;
				continue;
			}
			sqlite3_bind_int64(upd, 1, ids[i]);
			if (parent)
				sqlite3_bind_int64(upd, 2, parent);
			else
				sqlite3_bind_null(upd, 2);
			bind_opt(upd, 3, d->description);
			bind_opt(upd, 4, d->inclusion);
			bind_opt(upd, 5, d->exclusion);
			bind_opt(upd, 6, d->colour);
			sqlite3_bind_int64(upd, 7, (sqlite3_int64)i + 1);
			if ((s = step_done(db, upd, err)) != FG_OK)
				goto out;
			if (!ex_same && (s = write_examples(db, ids[i], d,
			    err)) != FG_OK)
				goto out;
			if (stats)
				stats->updated++;
		} else if (rc == SQLITE_DONE) {
			sqlite3_reset(get);
			sqlite3_bind_text(ins, 1, d->name, -1, SQLITE_STATIC);
			if (parent)
				sqlite3_bind_int64(ins, 2, parent);
			else
				sqlite3_bind_null(ins, 2);
			bind_opt(ins, 3, d->description);
			bind_opt(ins, 4, d->inclusion);
			bind_opt(ins, 5, d->exclusion);
			bind_opt(ins, 6, d->colour);
			sqlite3_bind_int64(ins, 7, (sqlite3_int64)i + 1);
			sqlite3_bind_text(ins, 8, db->now, -1, SQLITE_STATIC);
			if ((s = step_done(db, ins, err)) != FG_OK)
				goto out;
			ids[i] = sqlite3_last_insert_rowid(db->db);
			if ((s = write_examples(db, ids[i], d, err)) != FG_OK)
				goto out;
			if (stats)
				stats->added++;
		} else {
			sqlite3_reset(get);
			s = fg_db_fail(db, rc, err);
			goto out;
		}
	}
out:
	sqlite3_finalize(get);
	sqlite3_finalize(ins);
	sqlite3_finalize(upd);
	return s;
}

/* Codes the file does not name: mark them in a temporary table, move them
 * after the file's codes (keeping their relative order) and, with prune,
 * delete those that neither have codings nor keep a descendant that does. */
static enum fg_status
handle_absent(struct fg_db *db, const struct fg_codebook *cb,
    const int64_t *ids, int prune, struct fg_codebook_stats *stats,
    struct fg_error *err)
{
	sqlite3_stmt *st = NULL;
	enum fg_status s;
	size_t i;
	int rc;

	if ((s = fg_db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS "
	    "fg_cb_named (id INTEGER PRIMARY KEY); DELETE FROM fg_cb_named",
	    err)) != FG_OK)
		return s;
	if ((s = fg_db_prepare(db, "INSERT OR IGNORE INTO fg_cb_named (id) "
	    "VALUES (?1)", &st, err)) != FG_OK)
		return s;
	for (i = 0; i < cb->n && s == FG_OK; i++) {
		sqlite3_bind_int64(st, 1, ids[i]);
		s = step_done(db, st, err);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (s != FG_OK)
		return s;
	if ((s = fg_db_prepare(db, "SELECT count(*) FROM code WHERE id NOT IN "
	    "(SELECT id FROM fg_cb_named)", &st, err)) != FG_OK)
		return s;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW && stats)
		stats->absent = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return fg_db_fail(db, rc, err);
	/* after the file's codes, in their previous order */
	if ((s = fg_db_prepare(db, "UPDATE code SET sort = sort + ?1 WHERE "
	    "id NOT IN (SELECT id FROM fg_cb_named)", &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)cb->n);
	s = step_done(db, st, err);
	sqlite3_finalize(st);
	if (s != FG_OK || !prune)
		goto done;
	/* Unused: an absent code none of whose subtree (itself included)
	 * has a coding or is named by the file. */
	if ((s = fg_db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS "
	    "fg_cb_doomed (id INTEGER PRIMARY KEY); DELETE FROM fg_cb_doomed; "
	    "WITH RECURSIVE sub(root, id) AS ("
	    " SELECT id, id FROM code UNION ALL"
	    " SELECT sub.root, c.id FROM code c JOIN sub ON c.parent_id ="
	    " sub.id) "
	    "INSERT INTO fg_cb_doomed (id) SELECT root FROM sub GROUP BY root "
	    "HAVING sum(id IN (SELECT id FROM fg_cb_named)) = 0 AND "
	    "sum(EXISTS (SELECT 1 FROM coding WHERE code_id = sub.id)) = 0",
	    err)) != FG_OK)
		goto done;
	if ((s = fg_db_prepare(db, "SELECT (SELECT count(*) FROM fg_cb_doomed)",
	    &st, err)) != FG_OK)
		goto done;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW && stats) {
		stats->removed = (size_t)sqlite3_column_int64(st, 0);
		stats->kept_in_use = stats->absent - stats->removed;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		s = fg_db_fail(db, rc, err);
		goto done;
	}
	/* Children first: a doomed code's descendants are all doomed, so
	 * unhooking the parents of the doomed set first is enough. */
	s = fg_db_exec(db, "UPDATE code SET parent_id = NULL WHERE id IN "
	    "(SELECT id FROM fg_cb_doomed); "
	    "DELETE FROM code WHERE id IN (SELECT id FROM fg_cb_doomed)", err);
done:
	fg_db_exec(db, "DROP TABLE IF EXISTS temp.fg_cb_named; "
	    "DROP TABLE IF EXISTS temp.fg_cb_doomed", NULL);
	return s;
}

enum fg_status
fg_codebook_import(struct fg_db *db, const struct fg_codebook *cb,
    int prune, struct fg_codebook_stats *stats, struct fg_error *err)
{
	struct fg_codebook_stats local;
	int own = !db->in_tx;
	int64_t *ids;
	enum fg_status s;

	if (stats == NULL)
		stats = &local;
	memset(stats, 0, sizeof *stats);
	if ((ids = calloc(cb->n ? cb->n : 1, sizeof *ids)) == NULL)
		return fg_codebook_nomem(err);
	if (own && (s = fg_db_begin(db, err)) != FG_OK) {
		free(ids);
		return s;
	}
	/* File codes get positions 1..n (a code counts as updated when its
	 * position changes); codes the file does not name follow them. */
	s = upsert_all(db, cb, ids, stats, err);
	if (s == FG_OK)
		s = handle_absent(db, cb, ids, prune, stats, err);
	if (s == FG_OK)
		s = fg_history_codebook_imported(db, (long)stats->added,
		    (long)stats->updated, (long)stats->unchanged,
		    (long)stats->removed, (long)stats->kept_in_use, prune, err);
	free(ids);
	if (s != FG_OK) {
		if (own)
			fg_db_rollback(db);
		return s;
	}
	return own ? fg_db_commit(db, err) : FG_OK;
}

static enum fg_status
read_examples(struct fg_db *db, struct fg_codebook *cb,
    struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	size_t i;
	int rc = SQLITE_DONE;

	if ((s = fg_db_prepare(db, "SELECT text FROM code_example WHERE "
	    "code_id = ?1 ORDER BY seq", &st, err)) != FG_OK)
		return s;
	for (i = 0; i < cb->n; i++) {
		struct fg_code_def *d = &cb->codes[i];
		size_t cap = 0;
		char **p;

		sqlite3_bind_int64(st, 1, d->id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (d->nexamples == cap) {
				cap = cap ? cap * 2 : 4;
				p = realloc(d->examples, cap * sizeof *p);
				if (p == NULL) {
					sqlite3_finalize(st);
					return fg_codebook_nomem(err);
				}
				d->examples = p;
			}
			if ((d->examples[d->nexamples] = strdup((const char *)
			    sqlite3_column_text(st, 0))) == NULL) {
				sqlite3_finalize(st);
				return fg_codebook_nomem(err);
			}
			d->nexamples++;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? FG_OK : fg_db_fail(db, rc, err);
}

enum fg_status
fg_codebook_read(struct fg_db *db, struct fg_codebook **out,
    struct fg_error *err)
{
	struct fg_codebook *cb;
	struct fg_code_def *d;
	struct fg_buf sql = FG_BUF_INIT;
	sqlite3_stmt *st;
	enum fg_status s;
	int rc;

	*out = NULL;
	if ((cb = calloc(1, sizeof *cb)) == NULL)
		return fg_codebook_nomem(err);
	fg_buf_printf(&sql, "WITH RECURSIVE %s SELECT c.id, c.name, "
	    "c.description, c.inclusion, c.exclusion, c.colour, t.depth, "
	    "c.parent_id FROM code_tree t JOIN code c ON c.id = t.id "
	    "ORDER BY t.ord", fg_codebook_tree_cte());
	if (sql.p == NULL) {
		free(cb);
		return fg_codebook_nomem(err);
	}
	s = fg_db_prepare(db, sql.p, &st, err);
	fg_buf_free(&sql);
	if (s != FG_OK) {
		free(cb);
		return s;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t parent = sqlite3_column_int64(st, 7);
		long j;

		if ((d = fg_codebook_push(cb)) == NULL) {
			s = fg_codebook_nomem(err);
			break;
		}
		d->id = sqlite3_column_int64(st, 0);
		d->depth = sqlite3_column_int(st, 6);
		if (fg_codebook_dup_opt(&d->name,
		    (const char *)sqlite3_column_text(st, 1)) ||
		    fg_codebook_dup_opt(&d->description,
		    (const char *)sqlite3_column_text(st, 2)) ||
		    fg_codebook_dup_opt(&d->inclusion,
		    (const char *)sqlite3_column_text(st, 3)) ||
		    fg_codebook_dup_opt(&d->exclusion,
		    (const char *)sqlite3_column_text(st, 4)) ||
		    fg_codebook_dup_opt(&d->colour,
		    (const char *)sqlite3_column_text(st, 5))) {
			s = fg_codebook_nomem(err);
			break;
		}
		/* pre-order: the parent is the nearest earlier code one
		 * level up */
		if (sqlite3_column_type(st, 7) != SQLITE_NULL)
			for (j = (long)cb->n - 2; j >= 0; j--)
				if (cb->codes[j].id == parent) {
					d->parent = j;
					break;
				}
	}
	if (s == FG_OK && rc != SQLITE_DONE)
		s = fg_db_fail(db, rc, err);
	sqlite3_finalize(st);
	if (s == FG_OK)
		s = read_examples(db, cb, err);
	if (s != FG_OK) {
		fg_codebook_free(cb);
		return s;
	}
	*out = cb;
	return FG_OK;
}

/* ---- lookup and listing ---- */

enum fg_status
fg_codebook_find(struct fg_db *db, const char *name, int64_t *id,
    struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	int rc;

	if ((s = fg_db_prepare(db, "SELECT id FROM code WHERE name = ?1", &st,
	    err)) != FG_OK)
		return s;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return FG_OK;
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	return fg_error_set(err, FG_NOTFOUND, NULL, 0, 0, "no code '%s' "
	    "(see 'fgcode codes')", name);
}

enum fg_status
fg_codebook_create(struct fg_db *db, const char *name, int64_t *id,
    struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	const char *why;
	int rc;

	if ((why = fg_codebook_name_problem(name)) != NULL)
		return fg_error_set(err, FG_INPUT, NULL, 0, 0,
		    "bad code name '%s': it %s", name, why);
	if (fg_codebook_find(db, name, id, err) == FG_OK)
		return fg_error_set(err, FG_EXISTS, NULL, 0, 0,
		    "code '%s' already exists", name);
	if ((s = fg_db_prepare(db, "INSERT INTO code (name, sort, created_at) "
	    "VALUES (?1, (SELECT coalesce(max(sort), 0) + 1 FROM code), ?2)",
	    &st, err)) != FG_OK)
		return s;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, db->now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	*id = sqlite3_last_insert_rowid(db->db);
	fg_error_clear(err);
	return fg_history_code_created(db, name, err);
}

enum fg_status
fg_codebook_list(struct fg_db *db, struct fg_table **out,
    struct fg_error *err)
{
	static const char *const names[] = { "id", "code", "path", "depth",
	    "codings", "sources", "coders", "colour", "description" };
	static const enum fg_col_type types[] = { FG_COL_INT, FG_COL_TEXT,
	    FG_COL_TEXT, FG_COL_INT, FG_COL_INT, FG_COL_INT, FG_COL_INT,
	    FG_COL_TEXT, FG_COL_TEXT };
	struct fg_buf sql = FG_BUF_INIT;
	struct fg_table *t;
	sqlite3_stmt *st;
	enum fg_status s;

	*out = NULL;
	fg_buf_printf(&sql, "WITH RECURSIVE %s, use(code_id, codings, "
	    "sources, coders) AS (SELECT code_id, count(*), "
	    "count(DISTINCT source_id), count(DISTINCT coder) FROM coding "
	    "GROUP BY code_id) "
	    "SELECT t.id, c.name, t.path, t.depth, coalesce(u.codings, 0), "
	    "coalesce(u.sources, 0), coalesce(u.coders, 0), c.colour, "
	    "c.description FROM code_tree t JOIN code c ON c.id = t.id "
	    "LEFT JOIN use u ON u.code_id = t.id ORDER BY t.ord",
	    fg_codebook_tree_cte());
	if (sql.p == NULL)
		return fg_codebook_nomem(err);
	s = fg_db_prepare(db, sql.p, &st, err);
	fg_buf_free(&sql);
	if (s != FG_OK)
		return s;
	if ((t = fg_table_new(9, names, types)) == NULL) {
		sqlite3_finalize(st);
		return fg_codebook_nomem(err);
	}
	s = fg_table_add_stmt(t, db->db, st, err);
	sqlite3_finalize(st);
	if (s != FG_OK) {
		fg_table_free(t);
		return s;
	}
	*out = t;
	return FG_OK;
}
