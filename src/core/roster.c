/* roster.c - focus groups and participants: the roster file, upserts and
 * the roster listing. */
#include "config.h"

#include "core/roster.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/history.h"

#define MAX_SIZE 100000L
#define MAX_AGE 150L

/* Run a statement that yields no rows (or one we ignore) and reset it. */
static enum fg_status
step_done(struct fg_db *db, sqlite3_stmt *st, struct fg_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return fg_db_fail(db, rc, err);
	return FG_OK;
}

/* Bind s as text, or NULL when s is NULL. */
static void
bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

/* A one-statement write with up to three text parameters. */
static enum fg_status
exec3(struct fg_db *db, const char *sql, int64_t id, const char *a,
    const char *b, struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;

	if ((s = fg_db_prepare(db, sql, &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	bind_opt(st, 2, a);
	bind_opt(st, 3, b);
	s = step_done(db, st, err);
	sqlite3_finalize(st);
	return s;
}

/* The string of a scalar value that must be a scalar (a YAML null gives
 * NULL); a list or mapping is an error at the node. */
static enum fg_status
scalar_value(const struct fg_yaml *v, const char *file, const char *key,
    const char **out, struct fg_error *err)
{
	*out = NULL;
	if (v == NULL)
		return FG_OK;
	if (v->kind != FG_YAML_SCALAR)
		return fg_yaml_error(err, file, v, "'%s' must be a single "
		    "value, not %s", key, fg_yaml_kind_name(v->kind));
	*out = fg_yaml_str(v);
	return FG_OK;
}

/* 1 if v is a YAML null (an empty value, ~, null). */
static int
is_null(const struct fg_yaml *v)
{
	return v->kind == FG_YAML_SCALAR && fg_yaml_str(v) == NULL;
}

/* A whole number in [0, max] or null. */
static enum fg_status
int_value(const struct fg_yaml *v, const char *file, const char *key,
    long max, int *has, long *out, struct fg_error *err)
{
	const char *s;
	enum fg_status st;

	*has = 0;
	if ((st = scalar_value(v, file, key, &s, err)) != FG_OK)
		return st;
	if (s == NULL)
		return FG_OK;
	if (fg_yaml_int(v, 0, max, out) != 0)
		return fg_yaml_error(err, file, v, "'%s' must be a whole number "
		    "from 0 to %ld, not '%s'", key, max, s);
	*has = 1;
	return FG_OK;
}

enum fg_status
fg_roster_group_find(struct fg_db *db, const char *fg, int64_t *id,
    struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	int rc;

	*id = 0;
	if ((s = fg_db_prepare(db, "SELECT id FROM focus_group WHERE fg = ?1",
	    &st, err)) != FG_OK)
		return s;
	sqlite3_bind_text(st, 1, fg, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	return FG_OK;
}

enum fg_status
fg_roster_put_participant(struct fg_db *db, int64_t group_id,
    const struct fg_yaml *node, const char *file, int64_t *rowid, int *added,
    struct fg_error *err)
{
	static const char *const known[] = { "id", "gender", "age",
	    "profession", NULL };
	const char *pid, *gender, *profession, *key, *val;
	const struct fg_yaml *k, *v;
	sqlite3_stmt *st = NULL;
	enum fg_status s;
	int64_t id = 0;
	long age = 0;
	int has_age, rc, i;
	size_t j;

	if (node == NULL || node->kind != FG_YAML_MAP)
		return fg_yaml_error(err, file, node, "a participant must be a "
		    "mapping with at least 'id', not %s",
		    node ? fg_yaml_kind_name(node->kind) : "empty");
	if ((s = scalar_value(fg_yaml_get(node, "id"), file, "id", &pid,
	    err)) != FG_OK)
		return s;
	if (pid == NULL || *pid == '\0')
		return fg_yaml_error(err, file, node, "participant without "
		    "'id' (the participant's id or pseudonym)");
	if ((s = scalar_value(fg_yaml_get(node, "gender"), file, "gender",
	    &gender, err)) != FG_OK ||
	    (s = scalar_value(fg_yaml_get(node, "profession"), file,
	    "profession", &profession, err)) != FG_OK ||
	    (s = int_value(fg_yaml_get(node, "age"), file, "age", MAX_AGE,
	    &has_age, &age, err)) != FG_OK)
		return s;
	/* Check the free attributes before writing anything. */
	for (j = 0; j < node->n; j++) {
		v = node->items[2 * j + 1];
		if (v->kind != FG_YAML_SCALAR)
			return fg_yaml_error(err, file, v, "participant "
			    "attribute '%s' must be a single value, not %s",
			    node->items[2 * j]->str,
			    fg_yaml_kind_name(v->kind));
	}

	if (group_id != 0) {
		if ((s = fg_db_prepare(db, "SELECT id FROM participant "
		    "WHERE group_id = ?1 AND pid = ?2", &st, err)) != FG_OK)
			return s;
		sqlite3_bind_int64(st, 1, group_id);
		sqlite3_bind_text(st, 2, pid, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			id = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return fg_db_fail(db, rc, err);
	}
	if (id != 0) {
		s = fg_db_prepare(db, "UPDATE participant SET "
		    "gender = coalesce(?2, gender), "
		    "age = CASE WHEN ?3 THEN ?4 ELSE age END, "
		    "profession = coalesce(?5, profession) WHERE id = ?1",
		    &st, err);
		if (s != FG_OK)
			return s;
		sqlite3_bind_int64(st, 1, id);
	} else {
		s = fg_db_prepare(db, "INSERT INTO participant (group_id, pid, "
		    "gender, age, profession) VALUES (?1, ?6, ?2, "
		    "CASE WHEN ?3 THEN ?4 END, ?5)", &st, err);
		if (s != FG_OK)
			return s;
		if (group_id != 0)
			sqlite3_bind_int64(st, 1, group_id);
		else
			sqlite3_bind_null(st, 1);
		sqlite3_bind_text(st, 6, pid, -1, SQLITE_STATIC);
	}
	bind_opt(st, 2, gender);
	sqlite3_bind_int(st, 3, has_age);
	sqlite3_bind_int64(st, 4, age);
	bind_opt(st, 5, profession);
	s = step_done(db, st, err);
	sqlite3_finalize(st);
	if (s != FG_OK)
		return s;
	if (added != NULL)
		*added = id == 0;
	if (id == 0)
		id = sqlite3_last_insert_rowid(db->db);

	for (j = 0; j < node->n; j++) {
		k = node->items[2 * j];
		v = node->items[2 * j + 1];
		key = k->str;
		for (i = 0; known[i] != NULL; i++)
			if (strcmp(key, known[i]) == 0)
				break;
		if (known[i] != NULL)
			continue;
		val = fg_yaml_str(v);
		if (val == NULL)
			s = exec3(db, "DELETE FROM participant_attr WHERE "
			    "participant_id = ?1 AND key = ?2", id, key, NULL,
			    err);
		else
			s = exec3(db, "INSERT INTO participant_attr "
			    "(participant_id, key, value) VALUES (?1, ?2, ?3) "
			    "ON CONFLICT (participant_id, key) DO UPDATE SET "
			    "value = excluded.value", id, key, val, err);
		if (s != FG_OK)
			return s;
	}
	if (rowid != NULL)
		*rowid = id;
	return FG_OK;
}

/* Upsert a group attribute; a null value removes it. */
static enum fg_status
put_group_attr(struct fg_db *db, int64_t gid, const char *key,
    const char *val, struct fg_error *err)
{
	if (val == NULL)
		return exec3(db, "DELETE FROM group_attr WHERE group_id = ?1 "
		    "AND key = ?2", gid, key, NULL, err);
	return exec3(db, "INSERT INTO group_attr (group_id, key, value) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT (group_id, key) DO UPDATE SET "
	    "value = excluded.value", gid, key, val, err);
}

/* Check one group entry completely before anything of it is written. */
static enum fg_status
check_group(const struct fg_yaml *g, const char *file, struct fg_error *err)
{
	static const char *const cols[] = { "fg", "city", "date", "language",
	    "facilitator", NULL };
	const struct fg_yaml *k, *v, *pub, *parts;
	const char *s;
	enum fg_status st;
	long n;
	size_t i;
	int has, c;

	if (g->kind != FG_YAML_MAP)
		return fg_yaml_error(err, file, g, "a group must be a mapping "
		    "with at least 'fg', not %s", fg_yaml_kind_name(g->kind));
	for (c = 0; cols[c] != NULL; c++)
		if ((st = scalar_value(fg_yaml_get(g, cols[c]), file, cols[c],
		    &s, err)) != FG_OK)
			return st;
	s = fg_yaml_get_str(g, "fg");
	if (s == NULL || *s == '\0')
		return fg_yaml_error(err, file, g, "group without 'fg' (the "
		    "focus group's number)");
	if ((st = int_value(fg_yaml_get(g, "size"), file, "size", MAX_SIZE,
	    &has, &n, err)) != FG_OK)
		return st;
	if ((pub = fg_yaml_get(g, "published")) != NULL) {
		if (pub->kind != FG_YAML_MAP && !is_null(pub))
			return fg_yaml_error(err, file, pub, "'published' must "
			    "be a mapping of table cells (gender: ..., "
			    "age: ...), not %s", fg_yaml_kind_name(pub->kind));
		for (i = 0; pub->kind == FG_YAML_MAP && i < pub->n; i++) {
			v = pub->items[2 * i + 1];
			if (v->kind != FG_YAML_SCALAR)
				return fg_yaml_error(err, file, v, "published "
				    "cell '%s' must be a single value, not %s",
				    pub->items[2 * i]->str,
				    fg_yaml_kind_name(v->kind));
		}
	}
	if ((parts = fg_yaml_get(g, "participants")) != NULL &&
	    parts->kind != FG_YAML_SEQ && !is_null(parts))
		return fg_yaml_error(err, file, parts, "'participants' must be "
		    "a list, not %s", fg_yaml_kind_name(parts->kind));
	for (i = 0; i < g->n; i++) {
		k = g->items[2 * i];
		v = g->items[2 * i + 1];
		if (strcmp(k->str, "published") == 0 ||
		    strcmp(k->str, "participants") == 0)
			continue;
		if (v->kind != FG_YAML_SCALAR)
			return fg_yaml_error(err, file, v, "group attribute "
			    "'%s' must be a single value, not %s (known "
			    "lists/mappings: published, participants)",
			    k->str, fg_yaml_kind_name(v->kind));
	}
	return FG_OK;
}

/* Insert or update one (checked) group entry. */
static enum fg_status
put_group(struct fg_db *db, const struct fg_yaml *g, const char *file,
    struct fg_roster_stats *stats, struct fg_error *err)
{
	const struct fg_yaml *k, *v, *pub, *parts;
	const char *fg = fg_yaml_get_str(g, "fg");
	struct fg_buf key = FG_BUF_INIT;
	sqlite3_stmt *st;
	enum fg_status s;
	int64_t gid;
	long size = 0;
	int has_size, added;
	size_t i;

	if ((s = fg_roster_group_find(db, fg, &gid, err)) != FG_OK)
		return s;
	(void)int_value(fg_yaml_get(g, "size"), file, "size", MAX_SIZE,
	    &has_size, &size, err);
	if (gid != 0)
		s = fg_db_prepare(db, "UPDATE focus_group SET "
		    "city = coalesce(?2, city), date = coalesce(?3, date), "
		    "language = coalesce(?4, language), "
		    "facilitator = coalesce(?5, facilitator), "
		    "size = CASE WHEN ?6 THEN ?7 ELSE size END "
		    "WHERE fg = ?1", &st, err);
	else
		s = fg_db_prepare(db, "INSERT INTO focus_group (fg, city, "
		    "date, language, facilitator, size, created_at) VALUES "
		    "(?1, ?2, ?3, ?4, ?5, CASE WHEN ?6 THEN ?7 END, ?8)", &st,
		    err);
	if (s != FG_OK)
		return s;
	sqlite3_bind_text(st, 1, fg, -1, SQLITE_STATIC);
	bind_opt(st, 2, fg_yaml_get_str(g, "city"));
	bind_opt(st, 3, fg_yaml_get_str(g, "date"));
	bind_opt(st, 4, fg_yaml_get_str(g, "language"));
	bind_opt(st, 5, fg_yaml_get_str(g, "facilitator"));
	sqlite3_bind_int(st, 6, has_size);
	sqlite3_bind_int64(st, 7, size);
	if (gid == 0)
		sqlite3_bind_text(st, 8, db->now, -1, SQLITE_STATIC);
	s = step_done(db, st, err);
	sqlite3_finalize(st);
	if (s != FG_OK)
		return s;
	if (gid == 0) {
		gid = sqlite3_last_insert_rowid(db->db);
		if (stats)
			stats->groups_added++;
	} else if (stats)
		stats->groups_updated++;

	for (i = 0; i < g->n && s == FG_OK; i++) {
		k = g->items[2 * i];
		v = g->items[2 * i + 1];
		if (strcmp(k->str, "fg") == 0 || strcmp(k->str, "city") == 0 ||
		    strcmp(k->str, "date") == 0 ||
		    strcmp(k->str, "language") == 0 ||
		    strcmp(k->str, "facilitator") == 0 ||
		    strcmp(k->str, "size") == 0 ||
		    strcmp(k->str, "published") == 0 ||
		    strcmp(k->str, "participants") == 0)
			continue;
		s = put_group_attr(db, gid, k->str, fg_yaml_str(v), err);
	}
	pub = fg_yaml_get(g, "published");
	for (i = 0; s == FG_OK && pub && pub->kind == FG_YAML_MAP &&
	    i < pub->n; i++) {
		fg_buf_reset(&key);
		if (fg_buf_printf(&key, "published.%s", pub->items[2 * i]->str)
		    != FG_OK) {
			s = fg_error_set(err, FG_NOMEM, NULL, 0, 0,
			    "out of memory");
			break;
		}
		s = put_group_attr(db, gid, key.p,
		    fg_yaml_str(pub->items[2 * i + 1]), err);
	}
	fg_buf_free(&key);
	parts = fg_yaml_get(g, "participants");
	for (i = 0; s == FG_OK && parts && parts->kind == FG_YAML_SEQ &&
	    i < parts->n; i++) {
		s = fg_roster_put_participant(db, gid, parts->items[i], file,
		    NULL, &added, err);
		if (s == FG_OK && stats) {
			if (added)
				stats->participants_added++;
			else
				stats->participants_updated++;
		}
	}
	return s;
}

enum fg_status
fg_roster_apply(struct fg_db *db, const struct fg_yaml *root,
    const char *file, struct fg_roster_stats *stats, struct fg_error *err)
{
	const struct fg_yaml *groups, *k, *v, *fgi, *fgj;
	struct fg_buf key = FG_BUF_INIT;
	const char *s;
	enum fg_status st;
	size_t i, j;
	long n;
	int has;

	if (root == NULL)
		return fg_error_set(err, FG_INPUT, file, 0, 0, "the roster is "
		    "empty; expected 'groups:' with a list of focus groups");
	if (root->kind != FG_YAML_MAP)
		return fg_yaml_error(err, file, root, "a roster must be a "
		    "mapping with 'groups:', not %s",
		    fg_yaml_kind_name(root->kind));
	groups = fg_yaml_get(root, "groups");
	if (groups == NULL)
		return fg_yaml_error(err, file, root, "the roster has no "
		    "'groups:' list");
	if (groups->kind != FG_YAML_SEQ)
		return fg_yaml_error(err, file, groups, "'groups' must be a "
		    "list of focus groups, not %s",
		    fg_yaml_kind_name(groups->kind));
	for (i = 0; i < root->n; i++) {
		k = root->items[2 * i];
		v = root->items[2 * i + 1];
		if (strcmp(k->str, "groups") == 0)
			continue;
		if (v->kind != FG_YAML_SCALAR)
			return fg_yaml_error(err, file, k, "unknown roster key "
			    "'%s' holding %s (expected study, "
			    "stated_total_participants, groups)", k->str,
			    fg_yaml_kind_name(v->kind));
		if (strcmp(k->str, "stated_total_participants") == 0 &&
		    (st = int_value(v, file, k->str, 100000000L, &has, &n,
		    err)) != FG_OK)
			return st;
	}
	/* Check every group, and that no fg repeats, before writing. */
	for (i = 0; i < groups->n; i++) {
		if ((st = check_group(groups->items[i], file, err)) != FG_OK)
			return st;
		fgi = fg_yaml_get(groups->items[i], "fg");
		for (j = 0; j < i; j++) {
			fgj = fg_yaml_get(groups->items[j], "fg");
			if (strcmp(fgi->str, fgj->str) == 0)
				return fg_yaml_error(err, file, fgi, "group "
				    "%s is listed twice (first at line %d)",
				    fgi->str, fgj->line);
		}
	}
	for (i = 0; i < root->n; i++) {
		k = root->items[2 * i];
		if (strcmp(k->str, "groups") == 0 ||
		    (s = fg_yaml_str(root->items[2 * i + 1])) == NULL)
			continue;
		fg_buf_reset(&key);
		if (fg_buf_printf(&key, "roster.%s", k->str) != FG_OK) {
			fg_buf_free(&key);
			return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
			    "out of memory");
		}
		if ((st = fg_db_meta_set(db, key.p, s, err)) != FG_OK) {
			fg_buf_free(&key);
			return st;
		}
	}
	fg_buf_free(&key);
	for (i = 0; i < groups->n; i++)
		if ((st = put_group(db, groups->items[i], file, stats, err))
		    != FG_OK)
			return st;
	return FG_OK;
}

enum fg_status
fg_roster_import(struct fg_db *db, const char *path, const char *display,
    struct fg_roster_stats *stats, struct fg_error *err)
{
	struct fg_roster_stats tmp;
	struct fg_yaml *root = NULL;
	const char *file = display ? display : path;
	enum fg_status st;

	memset(&tmp, 0, sizeof tmp);
	if ((st = fg_yaml_load_file(path, file, &root, err)) != FG_OK)
		return st;
	if ((st = fg_db_begin(db, err)) != FG_OK) {
		fg_yaml_free(root);
		return st;
	}
	st = fg_roster_apply(db, root, file, &tmp, err);
	if (st == FG_OK)
		st = fg_history_roster_imported(db, file,
		    (long)tmp.groups_added, (long)tmp.groups_updated,
		    (long)tmp.participants_added,
		    (long)tmp.participants_updated, err);
	if (st == FG_OK)
		st = fg_db_commit(db, err);
	else
		fg_db_rollback(db);
	fg_yaml_free(root);
	if (st == FG_OK && stats != NULL)
		*stats = tmp;
	return st;
}

enum fg_status
fg_roster_list(struct fg_db *db, struct fg_table **out, struct fg_error *err)
{
	static const char *const names[] = { "fg", "city", "date", "size",
	    "participants", "sources" };
	static const enum fg_col_type types[] = { FG_COL_TEXT, FG_COL_TEXT,
	    FG_COL_TEXT, FG_COL_INT, FG_COL_INT, FG_COL_INT };
	struct fg_table *t;
	sqlite3_stmt *st;
	enum fg_status s;

	*out = NULL;
	if ((t = fg_table_new(6, names, types)) == NULL)
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
	s = fg_db_prepare(db, "SELECT g.fg, g.city, g.date, g.size, "
	    "(SELECT count(*) FROM participant p WHERE p.group_id = g.id), "
	    "(SELECT count(*) FROM source s WHERE s.group_id = g.id) "
	    "FROM focus_group g ORDER BY "
	    "CASE WHEN g.fg GLOB '[0-9]*' THEN 0 ELSE 1 END, "
	    "CAST(g.fg AS INTEGER), g.fg", &st, err);
	if (s == FG_OK) {
		s = fg_table_add_stmt(t, db->db, st, err);
		sqlite3_finalize(st);
	}
	if (s != FG_OK) {
		fg_table_free(t);
		return s;
	}
	*out = t;
	return FG_OK;
}
