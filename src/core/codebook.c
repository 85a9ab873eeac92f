/* codebook.c - codebook files in and out of the project, code lookup and
 * the code listing. */
#include "config.h"

#include "core/codebook.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/history.h"
#include "core/utf8.h"

/* ---- the in-memory codebook ---- */

static void
def_free(struct fg_code_def *d)
{
	size_t i;

	free(d->name);
	free(d->description);
	free(d->inclusion);
	free(d->exclusion);
	free(d->colour);
	for (i = 0; i < d->nexamples; i++)
		free(d->examples[i]);
	free(d->examples);
}

void
fg_codebook_free(struct fg_codebook *cb)
{
	size_t i;

	if (cb == NULL)
		return;
	for (i = 0; i < cb->n; i++)
		def_free(&cb->codes[i]);
	free(cb->codes);
	free(cb);
}

/* Append a zeroed entry; NULL when out of memory. */
static struct fg_code_def *
cb_push(struct fg_codebook *cb)
{
	struct fg_code_def *p;

	if (cb->n == cb->cap) {
		size_t cap = cb->cap ? cb->cap * 2 : 32;
		if ((p = realloc(cb->codes, cap * sizeof *p)) == NULL)
			return NULL;
		cb->codes = p;
		cb->cap = cap;
	}
	p = &cb->codes[cb->n++];
	memset(p, 0, sizeof *p);
	p->parent = -1;
	return p;
}

/* strdup that keeps NULL. */
static int
dup_opt(char **dst, const char *s)
{
	*dst = NULL;
	if (s == NULL)
		return 0;
	return (*dst = strdup(s)) == NULL ? -1 : 0;
}

static enum fg_status
nomem(struct fg_error *err)
{
	return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
}

const char *
fg_codebook_name_problem(const char *name)
{
	size_t n = strlen(name), adv, i;
	int32_t cp, first = -1, last = -1;

	if (n == 0)
		return "is empty";
	if (strchr(name, '/') != NULL)
		return "contains '/' (it separates the levels of a code's "
		    "path)";
	if (strchr(name, '\n') != NULL || strchr(name, '\r') != NULL)
		return "contains a line break";
	for (i = 0; i < n; i += adv) {
		cp = fg_utf8_decode(name + i, n - i, &adv);
		if (cp < 0)
			return "is not valid UTF-8";
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
			return "contains a control character";
		if (first < 0)
			first = cp;
		last = cp;
	}
	/* ASCII and the common Unicode spaces (NBSP, the U+2000 block,
	 * ideographic space). */
#define FG_IS_SPACE(c) ((c) == ' ' || (c) == 0xA0 || (c) == 0x1680 || \
    ((c) >= 0x2000 && (c) <= 0x200B) || (c) == 0x202F || (c) == 0x205F || \
    (c) == 0x3000 || (c) == 0xFEFF)
	if (FG_IS_SPACE(first) || FG_IS_SPACE(last))
		return "begins or ends with a space";
#undef FG_IS_SPACE
	return NULL;
}

/* Optional string field: absent/null gives NULL; a list or mapping is an
 * error. */
static enum fg_status
get_text(const struct fg_yaml *map, const char *key, const char *file,
    const char **out, struct fg_error *err)
{
	const struct fg_yaml *v = fg_yaml_get(map, key);

	*out = NULL;
	if (v == NULL)
		return FG_OK;
	if (v->kind != FG_YAML_SCALAR)
		return fg_yaml_error(err, file, v, "'%s' must be a string, "
		    "not %s", key, fg_yaml_kind_name(v->kind));
	*out = fg_yaml_str(v);
	return FG_OK;
}

static int
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

struct parser {
	const char *file;
	struct fg_codebook *cb;
	struct fg_error *err;
};

static enum fg_status parse_list(struct parser *p, const struct fg_yaml *seq,
    long parent, int depth);

static enum fg_status
parse_code(struct parser *p, const struct fg_yaml *m, long parent, int depth)
{
	static const char *const keys[] = { "name", "description",
	    "inclusion", "exclusion", "examples", "colour", "children", NULL };
	const struct fg_yaml *nm, *ex, *ch;
	const char *name, *why, *desc, *incl, *excl, *colour;
	struct fg_code_def *d;
	enum fg_status s;
	size_t i, k;
	long self;

	if (m->kind != FG_YAML_MAP)
		return fg_yaml_error(p->err, p->file, m, "a code must be a "
		    "mapping with at least 'name:', not %s",
		    fg_yaml_kind_name(m->kind));
	for (i = 0; i < m->n; i++) {
		for (k = 0; keys[k]; k++)
			if (strcmp(m->items[2 * i]->str, keys[k]) == 0)
				break;
		if (keys[k] == NULL)
			return fg_yaml_error(p->err, p->file, m->items[2 * i],
			    "unknown key '%s' in a code (known: name, "
			    "description, inclusion, exclusion, examples, "
			    "colour, children)", m->items[2 * i]->str);
	}
	nm = fg_yaml_get(m, "name");
	if (nm != NULL && nm->kind != FG_YAML_SCALAR)
		return fg_yaml_error(p->err, p->file, nm, "'name' must be a "
		    "string, not %s", fg_yaml_kind_name(nm->kind));
	if (nm == NULL || fg_yaml_str(nm) == NULL)
		return fg_yaml_error(p->err, p->file, nm ? nm : m,
		    "a code needs a 'name'");
	name = fg_yaml_str(nm);
	if ((why = fg_codebook_name_problem(name)) != NULL)
		return fg_yaml_error(p->err, p->file, nm,
		    "bad code name '%s': it %s", name, why);
	for (i = 0; i < p->cb->n; i++)
		if (strcmp(p->cb->codes[i].name, name) == 0)
			return fg_yaml_error(p->err, p->file, nm,
			    "duplicate code name '%s' (first at line %d); "
			    "names must be unique in the whole codebook",
			    name, p->cb->codes[i].line);
	if ((s = get_text(m, "description", p->file, &desc, p->err)) ||
	    (s = get_text(m, "inclusion", p->file, &incl, p->err)) ||
	    (s = get_text(m, "exclusion", p->file, &excl, p->err)) ||
	    (s = get_text(m, "colour", p->file, &colour, p->err)))
		return s;
	if (colour == NULL && fg_yaml_get(m, "colour") != NULL)
		/* colour: #c0392b without quotes reads as an empty value */
		return fg_yaml_error(p->err, p->file, fg_yaml_get(m, "colour"),
		    "colour is empty: write it in quotes, e.g. colour: "
		    "\"#c0392b\" (in YAML an unquoted # starts a comment)");
	if (colour != NULL) {
		int ok = strlen(colour) == 7 && colour[0] == '#';
		for (i = 1; ok && i < 7; i++)
			ok = is_hex(colour[i]);
		if (!ok)
			return fg_yaml_error(p->err, p->file,
			    fg_yaml_get(m, "colour"), "bad colour '%s': write "
			    "\"#rrggbb\" with six hex digits, e.g. \"#c0392b\" "
			    "(quoted: an unquoted # starts a comment)", colour);
	}
	ex = fg_yaml_get(m, "examples");
	if (ex != NULL && fg_yaml_str(ex) == NULL && ex->kind == FG_YAML_SCALAR)
		ex = NULL; /* examples: (null) */
	if (ex != NULL && ex->kind != FG_YAML_SEQ)
		return fg_yaml_error(p->err, p->file, ex, "'examples' must be "
		    "a list of strings, not %s", fg_yaml_kind_name(ex->kind));
	for (i = 0; ex && i < ex->n; i++)
		if (ex->items[i]->kind != FG_YAML_SCALAR ||
		    fg_yaml_str(ex->items[i]) == NULL)
			return fg_yaml_error(p->err, p->file, ex->items[i],
			    "each example must be a non-empty string");

	if ((d = cb_push(p->cb)) == NULL)
		return nomem(p->err);
	self = (long)(p->cb->n - 1);
	d->parent = parent;
	d->depth = depth;
	d->line = nm->line;
	d->col = nm->col;
	if (dup_opt(&d->name, name) || dup_opt(&d->description, desc) ||
	    dup_opt(&d->inclusion, incl) || dup_opt(&d->exclusion, excl) ||
	    dup_opt(&d->colour, colour))
		return nomem(p->err);
	if (d->colour != NULL)
		for (i = 1; i < 7; i++)
			if (d->colour[i] >= 'A' && d->colour[i] <= 'F')
				d->colour[i] = (char)(d->colour[i] - 'A' + 'a');
	if (ex != NULL && ex->n > 0) {
		if ((d->examples = calloc(ex->n, sizeof *d->examples)) == NULL)
			return nomem(p->err);
		for (i = 0; i < ex->n; i++) {
			if ((d->examples[i] = strdup(ex->items[i]->str)) ==
			    NULL)
				return nomem(p->err);
			d->nexamples++;
		}
	}
	/* d may move when children are appended: do not use it below. */
	ch = fg_yaml_get(m, "children");
	if (ch == NULL || (ch->kind == FG_YAML_SCALAR && fg_yaml_str(ch) ==
	    NULL))
		return FG_OK;
	if (ch->kind != FG_YAML_SEQ)
		return fg_yaml_error(p->err, p->file, ch, "'children' must be "
		    "a list of codes, not %s", fg_yaml_kind_name(ch->kind));
	return parse_list(p, ch, self, depth + 1);
}

static enum fg_status
parse_list(struct parser *p, const struct fg_yaml *seq, long parent,
    int depth)
{
	enum fg_status s;
	size_t i;

	for (i = 0; i < seq->n; i++)
		if ((s = parse_code(p, seq->items[i], parent, depth)) != FG_OK)
			return s;
	return FG_OK;
}

enum fg_status
fg_codebook_parse(const struct fg_yaml *root, const char *file,
    struct fg_codebook **out, struct fg_error *err)
{
	struct parser p;
	const struct fg_yaml *codes;
	enum fg_status s;
	size_t i;

	*out = NULL;
	if (root == NULL)
		return fg_error_set(err, FG_INPUT, file, 0, 0, "empty "
		    "codebook: expected a mapping with 'codes:'");
	if (root->kind != FG_YAML_MAP)
		return fg_yaml_error(err, file, root, "a codebook must be a "
		    "mapping with 'codes:', not %s",
		    fg_yaml_kind_name(root->kind));
	for (i = 0; i < root->n; i++)
		if (strcmp(root->items[2 * i]->str, "codes") != 0)
			return fg_yaml_error(err, file, root->items[2 * i],
			    "unknown key '%s' (a codebook has only 'codes:')",
			    root->items[2 * i]->str);
	codes = fg_yaml_get(root, "codes");
	if (codes == NULL)
		return fg_yaml_error(err, file, root, "no 'codes:' list");
	if (codes->kind == FG_YAML_SCALAR && fg_yaml_str(codes) == NULL)
		codes = NULL; /* "codes:" with nothing: an empty codebook */
	else if (codes->kind != FG_YAML_SEQ)
		return fg_yaml_error(err, file, codes, "'codes' must be a "
		    "list of codes, not %s", fg_yaml_kind_name(codes->kind));
	p.file = file;
	p.err = err;
	if ((p.cb = calloc(1, sizeof *p.cb)) == NULL)
		return nomem(err);
	if (codes != NULL && (s = parse_list(&p, codes, -1, 0)) != FG_OK) {
		fg_codebook_free(p.cb);
		return s;
	}
	*out = p.cb;
	return FG_OK;
}

enum fg_status
fg_codebook_load_file(const char *path, const char *display_name,
    struct fg_codebook **out, struct fg_error *err)
{
	struct fg_yaml *root;
	enum fg_status s;

	*out = NULL;
	if ((s = fg_yaml_load_file(path, display_name, &root, err)) != FG_OK)
		return s;
	s = fg_codebook_parse(root, display_name ? display_name : path, out,
	    err);
	fg_yaml_free(root);
	return s;
}

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
		return nomem(err);
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
					return nomem(err);
				}
				d->examples = p;
			}
			if ((d->examples[d->nexamples] = strdup((const char *)
			    sqlite3_column_text(st, 0))) == NULL) {
				sqlite3_finalize(st);
				return nomem(err);
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
		return nomem(err);
	fg_buf_printf(&sql, "WITH RECURSIVE %s SELECT c.id, c.name, "
	    "c.description, c.inclusion, c.exclusion, c.colour, t.depth, "
	    "c.parent_id FROM code_tree t JOIN code c ON c.id = t.id "
	    "ORDER BY t.ord", fg_codebook_tree_cte());
	if (sql.p == NULL) {
		free(cb);
		return nomem(err);
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

		if ((d = cb_push(cb)) == NULL) {
			s = nomem(err);
			break;
		}
		d->id = sqlite3_column_int64(st, 0);
		d->depth = sqlite3_column_int(st, 6);
		if (dup_opt(&d->name, (const char *)sqlite3_column_text(st, 1))
		    || dup_opt(&d->description,
		    (const char *)sqlite3_column_text(st, 2)) ||
		    dup_opt(&d->inclusion,
		    (const char *)sqlite3_column_text(st, 3)) ||
		    dup_opt(&d->exclusion,
		    (const char *)sqlite3_column_text(st, 4)) ||
		    dup_opt(&d->colour,
		    (const char *)sqlite3_column_text(st, 5))) {
			s = nomem(err);
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

/* ---- writing ---- */

/* Append s as a YAML double-quoted scalar. */
static void
yaml_quote(struct fg_buf *b, const char *s)
{
	size_t n = strlen(s), adv;
	int32_t cp;

	fg_buf_addc(b, '"');
	while (n > 0) {
		cp = fg_utf8_decode(s, n, &adv);
		switch (cp) {
		case '"':
			fg_buf_adds(b, "\\\"");
			break;
		case '\\':
			fg_buf_adds(b, "\\\\");
			break;
		case '\n':
			fg_buf_adds(b, "\\n");
			break;
		case '\t':
			fg_buf_adds(b, "\\t");
			break;
		case '\r':
			fg_buf_adds(b, "\\r");
			break;
		case 0x85:
			fg_buf_adds(b, "\\N");
			break;
		case 0x2028:
			fg_buf_adds(b, "\\L");
			break;
		case 0x2029:
			fg_buf_adds(b, "\\P");
			break;
		case 0xFEFF:
			fg_buf_adds(b, "\\uFEFF");
			break;
		default:
			if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 &&
			    cp < 0xA0))
				fg_buf_printf(b, "\\x%02X", (unsigned)cp);
			else
				fg_buf_add(b, s, adv);
		}
		s += adv;
		n -= adv;
	}
	fg_buf_addc(b, '"');
}

static void
yaml_field(struct fg_buf *b, int indent, const char *key, const char *v)
{
	if (v == NULL)
		return;
	fg_buf_printf(b, "%*s%s: ", indent, "", key);
	yaml_quote(b, v);
	fg_buf_addc(b, '\n');
}

/* Write code i and its subtree (the codes after it one level deeper)
 * at list indent ind; returns the index after the subtree. */
static size_t
yaml_code(struct fg_buf *b, const struct fg_codebook *cb, size_t i, int ind)
{
	const struct fg_code_def *d = &cb->codes[i];
	size_t j, k;

	fg_buf_printf(b, "%*s- name: ", ind, "");
	yaml_quote(b, d->name);
	fg_buf_addc(b, '\n');
	yaml_field(b, ind + 2, "description", d->description);
	yaml_field(b, ind + 2, "inclusion", d->inclusion);
	yaml_field(b, ind + 2, "exclusion", d->exclusion);
	if (d->nexamples > 0) {
		fg_buf_printf(b, "%*sexamples:\n", ind + 2, "");
		for (k = 0; k < d->nexamples; k++) {
			fg_buf_printf(b, "%*s- ", ind + 4, "");
			yaml_quote(b, d->examples[k]);
			fg_buf_addc(b, '\n');
		}
	}
	yaml_field(b, ind + 2, "colour", d->colour);
	j = i + 1;
	if (j < cb->n && cb->codes[j].parent == (long)i) {
		fg_buf_printf(b, "%*schildren:\n", ind + 2, "");
		while (j < cb->n && cb->codes[j].parent == (long)i)
			j = yaml_code(b, cb, j, ind + 4);
	}
	return j;
}

enum fg_status
fg_codebook_to_yaml(const struct fg_codebook *cb, struct fg_buf *out,
    struct fg_error *err)
{
	struct fg_buf b = FG_BUF_INIT;
	size_t i;

	if (cb->n == 0) {
		fg_buf_adds(&b, "codes: []\n");
	} else {
		fg_buf_adds(&b, "codes:\n");
		for (i = 0; i < cb->n; )
			i = yaml_code(&b, cb, i, 2);
	}
	if (b.p == NULL || fg_buf_add(out, b.p, b.len) != FG_OK) {
		fg_buf_free(&b);
		return nomem(err);
	}
	fg_buf_free(&b);
	return FG_OK;
}

static void
json_field(json_t *o, const char *key, const char *v)
{
	if (v != NULL)
		json_object_set_new(o, key, json_string(v));
}

static json_t *
json_code(const struct fg_codebook *cb, size_t *i)
{
	const struct fg_code_def *d = &cb->codes[*i];
	json_t *o = json_object(), *a;
	size_t self = *i, k;

	json_field(o, "name", d->name);
	json_field(o, "description", d->description);
	json_field(o, "inclusion", d->inclusion);
	json_field(o, "exclusion", d->exclusion);
	if (d->nexamples > 0) {
		a = json_array();
		for (k = 0; k < d->nexamples; k++)
			json_array_append_new(a, json_string(d->examples[k]));
		json_object_set_new(o, "examples", a);
	}
	json_field(o, "colour", d->colour);
	(*i)++;
	if (*i < cb->n && cb->codes[*i].parent == (long)self) {
		a = json_array();
		while (*i < cb->n && cb->codes[*i].parent == (long)self)
			json_array_append_new(a, json_code(cb, i));
		json_object_set_new(o, "children", a);
	}
	return o;
}

enum fg_status
fg_codebook_to_json(const struct fg_codebook *cb, struct fg_buf *out,
    struct fg_error *err)
{
	json_t *root = json_object(), *a = json_array();
	enum fg_status s = FG_OK;
	size_t i = 0;
	char *text;

	if (root == NULL || a == NULL) {
		json_decref(root);
		json_decref(a);
		return nomem(err);
	}
	while (i < cb->n)
		json_array_append_new(a, json_code(cb, &i));
	json_object_set_new(root, "codes", a);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (text == NULL || fg_buf_adds(out, text) != FG_OK ||
	    fg_buf_addc(out, '\n') != FG_OK)
		s = nomem(err);
	free(text);
	return s;
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
		return nomem(err);
	s = fg_db_prepare(db, sql.p, &st, err);
	fg_buf_free(&sql);
	if (s != FG_OK)
		return s;
	if ((t = fg_table_new(9, names, types)) == NULL) {
		sqlite3_finalize(st);
		return nomem(err);
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
