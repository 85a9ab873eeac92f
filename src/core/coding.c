/* coding.c - storing codings, batch files of codings, removal and the
 * codings listing; finding the ranges (turn, code points, PCRE2 matches)
 * is in coding-range.c. */
#include "config.h"

#include "core/coding.h"
#include "core/coding-impl.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/codebook.h"
#include "core/hash.h"
#include "core/history.h"
#include "core/source.h"
#include "core/yamldoc.h"

enum fg_status
fg_coding_nomem(struct fg_error *err)
{
	return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
}

void
fg_coding_report_free(struct fg_coding_report *rep)
{
	if (rep == NULL)
		return;
	free(rep->items);
	memset(rep, 0, sizeof *rep);
}

static enum fg_status
report_push(struct fg_coding_report *rep, int64_t id, int existed,
    const struct fg_range *r, struct fg_error *err)
{
	struct fg_coding_item *p;

	if (rep->n == rep->cap) {
		size_t cap = rep->cap ? rep->cap * 2 : 16;
		if ((p = realloc(rep->items, cap * sizeof *p)) == NULL)
			return fg_coding_nomem(err);
		rep->items = p;
		rep->cap = cap;
	}
	p = &rep->items[rep->n++];
	p->id = id;
	p->existed = existed;
	p->r = *r;
	if (existed)
		rep->existing++;
	else
		rep->added++;
	return FG_OK;
}

enum fg_status
fg_coding_parse_chars(const char *s, struct fg_selector *sel,
    struct fg_error *err)
{
	const char *colon = strchr(s, ':');
	char *end;
	long long a, b;

	if (colon == NULL || colon == s || colon[1] == '\0' ||
	    *s < '0' || *s > '9' || colon[1] < '0' || colon[1] > '9')
		goto bad;
	errno = 0;
	a = strtoll(s, &end, 10);
	if (end != colon || errno != 0)
		goto bad;
	b = strtoll(colon + 1, &end, 10);
	if (*end != '\0' || errno != 0)
		goto bad;
	memset(sel, 0, sizeof *sel);
	sel->kind = FG_SEL_CHARS;
	sel->start = a;
	sel->end = b;
	return FG_OK;
bad:
	return fg_error_set(err, FG_USAGE, NULL, 0, 0, "bad range '%s': "
	    "write START:END in code points, e.g. 10:25", s);
}

/* ---- storing ---- */

/* The text of one source, kept across the entries of a batch; or, for a
 * single range, only a window of it starting at code point base_cp (byte
 * base_b), so that coding a 50 MB transcript does not load it whole. */
struct text_cache {
	int64_t id;
	char *name;
	char *text;
	size_t len;
	int64_t base_cp, base_b;   /* 0 when text is the whole source */
};

static void
cache_free(struct text_cache *c)
{
	free(c->name);
	free(c->text);
	memset(c, 0, sizeof *c);
}

static enum fg_status
cache_load(struct fg_db *db, int64_t id, struct text_cache *c,
    struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	int rc;

	if (c->text != NULL && c->id == id)
		return FG_OK;
	cache_free(c);
	if ((s = fg_db_prepare(db, "SELECT name, text FROM source WHERE id = "
	    "?1", &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const void *t = sqlite3_column_blob(st, 1);
		c->len = (size_t)sqlite3_column_bytes(st, 1);
		c->name = strdup((const char *)sqlite3_column_text(st, 0));
		if ((c->text = malloc(c->len + 1)) != NULL) {
			if (c->len > 0)
				memcpy(c->text, t, c->len);
			c->text[c->len] = '\0';
		}
		c->id = id;
		if (c->name == NULL || c->text == NULL) {
			sqlite3_finalize(st);
			cache_free(c);
			return fg_coding_nomem(err);
		}
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return FG_OK;
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	return fg_error_set(err, FG_NOTFOUND, NULL, 0, 0, "no source %lld "
	    "(see 'fgcode sources')", (long long)id);
}

/* Load the source's name (and nothing else) into c. */
static enum fg_status
name_load(struct fg_db *db, int64_t id, struct text_cache *c,
    struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	int rc;

	cache_free(c);
	if ((s = fg_db_prepare(db, "SELECT name FROM source WHERE id = ?1",
	    &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW &&
	    (c->name = strdup((const char *)sqlite3_column_text(st, 0))) ==
	    NULL) {
		sqlite3_finalize(st);
		return fg_coding_nomem(err);
	}
	sqlite3_finalize(st);
	c->id = id;
	if (rc == SQLITE_ROW)
		return FG_OK;
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	return fg_error_set(err, FG_NOTFOUND, NULL, 0, 0, "no source %lld "
	    "(see 'fgcode sources')", (long long)id);
}

/* Load into c only the bytes needed to check and store [a, b): from the
 * start of the last turn that begins at or before a (a turn's utterance
 * starts after "Label: ", where no grapheme cluster spans) to a few
 * characters past b, read with incremental blob I/O.  Ranges that are
 * reversed or reach past the text load the whole text instead, so that
 * the error messages see it all. */
static enum fg_status
window_load(struct fg_db *db, struct text_cache *c, int64_t a, int64_t b,
    struct fg_error *err)
{
	sqlite3_stmt *st;
	sqlite3_blob *blob;
	enum fg_status s;
	int64_t n_cp = 0, n_b = 0, acp = 0, ab = 0, len;
	int rc;

	if ((s = fg_db_prepare(db, "SELECT n_cp, n_bytes FROM source WHERE "
	    "id = ?1", &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, c->id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		n_cp = sqlite3_column_int64(st, 0);
		n_b = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? fg_error_set(err, FG_NOTFOUND, NULL,
		    0, 0, "no source %lld", (long long)c->id) :
		    fg_db_fail(db, rc, err);
	if (a < 0 || b < a || b > n_cp)
		return cache_load(db, c->id, c, err);
	if ((s = fg_db_prepare(db, "SELECT start_cp, start_b FROM turn WHERE "
	    "source_id = ?1 AND start_cp <= ?2 ORDER BY start_cp DESC LIMIT 1",
	    &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, c->id);
	sqlite3_bind_int64(st, 2, a);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		acp = sqlite3_column_int64(st, 0);
		ab = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	len = (b - acp) * 4 + 32;
	if (len > n_b - ab)
		len = n_b - ab;
	if ((c->text = malloc((size_t)len + 1)) == NULL)
		return fg_coding_nomem(err);
	rc = sqlite3_blob_open(db->db, "main", "source", "text", c->id, 0,
	    &blob);
	if (rc == SQLITE_OK) {
		rc = sqlite3_blob_read(blob, c->text, (int)len, (int)ab);
		sqlite3_blob_close(blob);
	}
	if (rc != SQLITE_OK) {
		free(c->text);
		c->text = NULL;
		return fg_db_fail(db, rc, err);
	}
	c->text[len] = '\0';
	c->len = (size_t)len;
	c->base_cp = acp;
	c->base_b = ab;
	return FG_OK;
}

/* fg_coding_check_range on c, whose text may be a window. */
static enum fg_status
check_in(const struct text_cache *c, int64_t a, int64_t b,
    struct fg_range *r, struct fg_error *err)
{
	enum fg_status s;

	s = fg_coding_check_range_at(c->text, c->len, c->name, a - c->base_cp,
	    b - c->base_cp, c->base_cp, r, err);
	if (s == FG_OK) {
		r->start_cp += c->base_cp;
		r->end_cp += c->base_cp;
		r->start_b += c->base_b;
		r->end_b += c->base_b;
	}
	return s;
}

static enum fg_status
turn_range(struct fg_db *db, struct text_cache *c, long seq,
    struct fg_range *r, struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	int64_t a = 0, b = 0, count = 0;
	int rc;

	if ((s = fg_db_prepare(db, "SELECT start_cp, end_cp, (SELECT count(*) "
	    "FROM turn WHERE source_id = ?1) FROM turn WHERE source_id = ?1 "
	    "AND seq = ?2", &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, c->id);
	sqlite3_bind_int64(st, 2, seq);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		a = sqlite3_column_int64(st, 0);
		b = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE) {
		if ((s = fg_db_prepare(db, "SELECT count(*) FROM turn WHERE "
		    "source_id = ?1", &st, err)) != FG_OK)
			return s;
		sqlite3_bind_int64(st, 1, c->id);
		if (sqlite3_step(st) == SQLITE_ROW)
			count = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		return fg_error_set(err, FG_NOTFOUND, NULL, 0, 0, "%s has no "
		    "turn %ld (it has %lld turn%s; see 'fgcode speakers')",
		    c->name, seq, (long long)count, count == 1 ? "" : "s");
	}
	if (rc != SQLITE_ROW)
		return fg_db_fail(db, rc, err);
	if (a == b)
		return fg_error_set(err, FG_INPUT, NULL, 0, 0, "turn %ld of %s "
		    "is empty; nothing to code", seq, c->name);
	if (c->text == NULL && (s = window_load(db, c, a, b, err)) != FG_OK)
		return s;
	return check_in(c, a, b, r, err);
}

static enum fg_status
code_exists(struct fg_db *db, int64_t id, struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	int rc;

	if ((s = fg_db_prepare(db, "SELECT 1 FROM code WHERE id = ?1", &st,
	    err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return FG_OK;
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	return fg_error_set(err, FG_NOTFOUND, NULL, 0, 0, "no code %lld (see "
	    "'fgcode codes')", (long long)id);
}

/* Store one range unless an identical coding exists. */
static enum fg_status
store(struct fg_db *db, const struct text_cache *c,
    const struct fg_coding_spec *spec, const struct fg_range *r,
    struct fg_coding_report *rep, struct fg_error *err)
{
	sqlite3_stmt *st;
	char sha[FG_SHA256_HEX];
	const char *ex = c->text + (r->start_b - c->base_b);
	size_t exlen = (size_t)(r->end_b - r->start_b);
	enum fg_status s;
	int64_t id = 0;
	int rc;

	if ((s = fg_db_prepare(db, "SELECT id FROM coding WHERE source_id = ?1 "
	    "AND code_id = ?2 AND start_cp = ?3 AND end_cp = ?4 AND coder = ?5 "
	    "ORDER BY id LIMIT 1", &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, spec->source_id);
	sqlite3_bind_int64(st, 2, spec->code_id);
	sqlite3_bind_int64(st, 3, r->start_cp);
	sqlite3_bind_int64(st, 4, r->end_cp);
	sqlite3_bind_text(st, 5, spec->coder, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return report_push(rep, id, 1, r, err);
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	fg_sha256_hex(ex, exlen, sha);
	if ((s = fg_db_prepare(db, "INSERT INTO coding (source_id, code_id, "
	    "start_cp, end_cp, start_b, end_b, excerpt, excerpt_sha256, coder, "
	    "created_at, memo) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
	    "?10, ?11)", &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, spec->source_id);
	sqlite3_bind_int64(st, 2, spec->code_id);
	sqlite3_bind_int64(st, 3, r->start_cp);
	sqlite3_bind_int64(st, 4, r->end_cp);
	sqlite3_bind_int64(st, 5, r->start_b);
	sqlite3_bind_int64(st, 6, r->end_b);
	sqlite3_bind_text(st, 7, ex, (int)exlen, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, sha, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, spec->coder, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, db->now, -1, SQLITE_STATIC);
	if (spec->memo != NULL)
		sqlite3_bind_text(st, 11, spec->memo, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 11);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	id = sqlite3_last_insert_rowid(db->db);
	if ((s = fg_history_coding(db, "coding.add", id, err)) != FG_OK)
		return s;
	return report_push(rep, id, 0, r, err);
}

/* fg_coding_add inside the caller's transaction, with a text cache. */
static enum fg_status
add_in_tx(struct fg_db *db, const struct fg_coding_spec *spec,
    struct text_cache *c, int window, struct fg_coding_report *rep,
    struct fg_error *err)
{
	struct fg_range one, *r = NULL;
	enum fg_status s;
	size_t n = 0, i;

	if (spec->coder == NULL || *spec->coder == '\0')
		return fg_error_set(err, FG_USAGE, NULL, 0, 0, "no coder name "
		    "(use --coder or $FGCODE_CODER)");
	if (window && spec->sel.kind != FG_SEL_MATCH) {
		/* one range: read only the text around it */
		if ((s = name_load(db, spec->source_id, c, err)) != FG_OK ||
		    (s = code_exists(db, spec->code_id, err)) != FG_OK)
			return s;
		if (spec->sel.kind == FG_SEL_TURN) {
			if ((s = turn_range(db, c, spec->sel.turn, &one,
			    err)) != FG_OK)
				return s;
		} else {
			if ((s = window_load(db, c, spec->sel.start,
			    spec->sel.end, err)) != FG_OK ||
			    (s = check_in(c, spec->sel.start, spec->sel.end,
			    &one, err)) != FG_OK)
				return s;
		}
		return store(db, c, spec, &one, rep, err);
	}
	if ((s = cache_load(db, spec->source_id, c, err)) != FG_OK ||
	    (s = code_exists(db, spec->code_id, err)) != FG_OK)
		return s;
	if (spec->sel.kind == FG_SEL_TURN) {
		if ((s = turn_range(db, c, spec->sel.turn, &one, err)) !=
		    FG_OK)
			return s;
		return store(db, c, spec, &one, rep, err);
	}
	if ((s = fg_coding_find_ranges(c->text, c->len, c->name, &spec->sel,
	    &r, &n, &rep->widened, &rep->empty_skipped, err)) != FG_OK)
		return s;
	for (i = 0; i < n && s == FG_OK; i++)
		s = store(db, c, spec, &r[i], rep, err);
	free(r);
	return s;
}

enum fg_status
fg_coding_add(struct fg_db *db, const struct fg_coding_spec *spec,
    struct fg_coding_report *rep, struct fg_error *err)
{
	struct text_cache c;
	int own = !db->in_tx;
	enum fg_status s;

	memset(&c, 0, sizeof c);
	if (own && (s = fg_db_begin(db, err)) != FG_OK)
		return s;
	s = add_in_tx(db, spec, &c, 1, rep, err);
	cache_free(&c);
	if (s != FG_OK) {
		if (own)
			fg_db_rollback(db);
		return s;
	}
	return own ? fg_db_commit(db, err) : FG_OK;
}

/* ---- batch files ---- */

/* Move err's message to node's position in file, keeping its status,
 * except that an unknown source, code or turn named by the file is bad
 * input (status 1) like any other mistake in it. */
static enum fg_status
relocate(struct fg_error *err, const char *file, const struct fg_yaml *node)
{
	char msg[sizeof err->msg];
	enum fg_status code = err->code == FG_NOTFOUND ? FG_INPUT : err->code;

	memcpy(msg, err->msg, sizeof msg);
	return fg_error_set(err, code, file, node->line, node->col, "%s", msg);
}

static enum fg_status
apply_entry(struct fg_db *db, const char *file, const struct fg_yaml *e,
    const char *default_coder, struct text_cache *c,
    struct fg_coding_report *rep, struct fg_error *err)
{
	static const char *const keys[] = { "source", "code", "match", "turn",
	    "chars", "nth", "coder", "memo", NULL };
	const struct fg_yaml *src, *code, *sel = NULL, *v;
	struct fg_coding_spec spec;
	const char *str;
	enum fg_status s;
	size_t i, k;
	long num;

	if (e->kind != FG_YAML_MAP)
		return fg_yaml_error(err, file, e, "a coding must be a "
		    "mapping (source:, code:, match:/turn:/chars:), not %s",
		    fg_yaml_kind_name(e->kind));
	for (i = 0; i < e->n; i++) {
		const struct fg_yaml *key = e->items[2 * i];

		for (k = 0; keys[k]; k++)
			if (strcmp(key->str, keys[k]) == 0)
				break;
		if (keys[k] == NULL)
			return fg_yaml_error(err, file, key, "unknown key "
			    "'%s' in a coding (known: source, code, match, "
			    "turn, chars, nth, coder, memo)", key->str);
		if (k >= 2 && k <= 4) {
			if (sel != NULL)
				return fg_yaml_error(err, file, key, "give "
				    "only one of match:, turn: and chars:");
			sel = e->items[2 * i + 1];
		}
		v = e->items[2 * i + 1];
		if (v->kind != FG_YAML_SCALAR && !(k == 4 &&
		    v->kind == FG_YAML_SEQ))
			return fg_yaml_error(err, file, v, "'%s' must be a "
			    "string, not %s", key->str,
			    fg_yaml_kind_name(v->kind));
	}
	memset(&spec, 0, sizeof spec);
	src = fg_yaml_get(e, "source");
	code = fg_yaml_get(e, "code");
	if (src == NULL || fg_yaml_str(src) == NULL)
		return fg_yaml_error(err, file, src ? src : e, "a coding needs "
		    "'source:' (a source's file name or id)");
	if (code == NULL || fg_yaml_str(code) == NULL)
		return fg_yaml_error(err, file, code ? code : e,
		    "a coding needs 'code:' (a code's name)");
	if (sel == NULL)
		return fg_yaml_error(err, file, e, "a coding needs one of "
		    "match:, turn: or chars:");
	if ((s = fg_source_resolve(db, fg_yaml_str(src), &spec.source_id,
	    err)) != FG_OK)
		return relocate(err, file, src);
	if ((s = fg_codebook_find(db, fg_yaml_str(code), &spec.code_id, err))
	    != FG_OK)
		return relocate(err, file, code);
	if ((v = fg_yaml_get(e, "match")) != NULL) {
		spec.sel.kind = FG_SEL_MATCH;
		if ((spec.sel.pattern = fg_yaml_str(v)) == NULL)
			return fg_yaml_error(err, file, v, "empty pattern");
	} else if ((v = fg_yaml_get(e, "turn")) != NULL) {
		spec.sel.kind = FG_SEL_TURN;
		if (fg_yaml_int(v, 1, LONG_MAX, &spec.sel.turn) != 0)
			return fg_yaml_error(err, file, v, "'turn' must be a "
			    "turn number (1 or more)");
	} else {
		v = fg_yaml_get(e, "chars");
		if (v->kind == FG_YAML_SEQ) {
			long a, b;
			if (v->n != 2 || fg_yaml_int(v->items[0], 0, LONG_MAX,
			    &a) != 0 || fg_yaml_int(v->items[1], 0, LONG_MAX,
			    &b) != 0)
				return fg_yaml_error(err, file, v, "'chars' "
				    "must be START:END or [START, END] in code "
				    "points");
			spec.sel.kind = FG_SEL_CHARS;
			spec.sel.start = a;
			spec.sel.end = b;
		} else if ((str = fg_yaml_str(v)) == NULL ||
		    fg_coding_parse_chars(str, &spec.sel, err) != FG_OK) {
			return fg_yaml_error(err, file, v, "'chars' must be "
			    "START:END or [START, END] in code points");
		}
	}
	if ((v = fg_yaml_get(e, "nth")) != NULL) {
		if (spec.sel.kind != FG_SEL_MATCH)
			return fg_yaml_error(err, file, v, "'nth' goes with "
			    "'match:' only");
		if (fg_yaml_int(v, 1, LONG_MAX, &num) != 0)
			return fg_yaml_error(err, file, v, "'nth' must be a "
			    "match number (1 or more)");
		spec.sel.nth = num;
	}
	spec.coder = default_coder;
	if ((v = fg_yaml_get(e, "coder")) != NULL) {
		if ((spec.coder = fg_yaml_str(v)) == NULL)
			return fg_yaml_error(err, file, v, "'coder' is empty");
	}
	spec.memo = fg_yaml_get_str(e, "memo");
	if ((s = add_in_tx(db, &spec, c, 0, rep, err)) != FG_OK)
		return relocate(err, file, sel);
	return FG_OK;
}

enum fg_status
fg_coding_apply_file(struct fg_db *db, const char *path,
    const char *display_name, const char *coder,
    struct fg_coding_report *rep, struct fg_error *err)
{
	const char *file = display_name ? display_name : path;
	const struct fg_yaml *list;
	struct fg_yaml *root;
	struct text_cache c;
	enum fg_status s;
	size_t i;
	int own = !db->in_tx;

	if ((s = fg_yaml_load_file(path, display_name, &root, err)) != FG_OK)
		return s;
	if (root == NULL) {
		return fg_error_set(err, FG_INPUT, file, 0, 0, "empty file: "
		    "expected a mapping with 'codings:'");
	}
	if (root->kind != FG_YAML_MAP) {
		s = fg_yaml_error(err, file, root, "expected a mapping with "
		    "'codings:', not %s", fg_yaml_kind_name(root->kind));
		goto out;
	}
	for (i = 0; i < root->n; i++)
		if (strcmp(root->items[2 * i]->str, "codings") != 0) {
			s = fg_yaml_error(err, file, root->items[2 * i],
			    "unknown key '%s' (a batch has only 'codings:')",
			    root->items[2 * i]->str);
			goto out;
		}
	list = fg_yaml_get(root, "codings");
	if (list == NULL || list->kind != FG_YAML_SEQ) {
		s = fg_yaml_error(err, file, list ? list : root, "'codings' "
		    "must be a list of codings");
		goto out;
	}
	memset(&c, 0, sizeof c);
	if (own && (s = fg_db_begin(db, err)) != FG_OK)
		goto out;
	for (i = 0; i < list->n; i++) {
		if ((s = apply_entry(db, file, list->items[i], coder, &c, rep,
		    err)) != FG_OK)
			break;
		rep->entries++;
	}
	cache_free(&c);
	if (s != FG_OK) {
		if (own)
			fg_db_rollback(db);
	} else if (own) {
		s = fg_db_commit(db, err);
	}
out:
	fg_yaml_free(root);
	return s;
}

/* ---- removal and listing ---- */

enum fg_status
fg_coding_remove(struct fg_db *db, int64_t id, struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	int rc;

	/* the history records the coding as it was, before it goes */
	if ((s = fg_history_coding(db, "coding.remove", id, err)) != FG_OK &&
	    s != FG_NOTFOUND)
		return s;
	if ((s = fg_db_prepare(db, "DELETE FROM coding WHERE id = ?1", &st,
	    err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	if (sqlite3_changes(db->db) == 0)
		return fg_error_set(err, FG_NOTFOUND, NULL, 0, 0, "no coding "
		    "%lld (see 'fgcode codings')", (long long)id);
	return FG_OK;
}

enum fg_status
fg_coding_list(struct fg_db *db, const struct fg_coding_filter *f,
    struct fg_table **out, struct fg_error *err)
{
	static const char *const names[] = { "id", "source", "code", "start",
	    "end", "start_b", "end_b", "turn", "speaker", "coder",
	    "created_at", "memo", "excerpt" };
	static const enum fg_col_type types[] = { FG_COL_INT, FG_COL_TEXT,
	    FG_COL_TEXT, FG_COL_INT, FG_COL_INT, FG_COL_INT, FG_COL_INT,
	    FG_COL_INT, FG_COL_TEXT, FG_COL_TEXT, FG_COL_TEXT, FG_COL_TEXT,
	    FG_COL_TEXT };
	struct fg_table *t;
	sqlite3_stmt *st;
	enum fg_status s;

	*out = NULL;
	/* The turn: the one containing the start, else the first the range
	 * overlaps. */
	if ((s = fg_db_prepare(db, "WITH x AS (SELECT c.*, coalesce("
	    "(SELECT u.id FROM turn u WHERE u.source_id = c.source_id AND "
	    "u.start_cp <= c.start_cp AND u.end_cp > c.start_cp ORDER BY u.seq "
	    "LIMIT 1), "
	    "(SELECT u.id FROM turn u WHERE u.source_id = c.source_id AND "
	    "u.start_cp < c.end_cp AND u.end_cp > c.start_cp ORDER BY u.seq "
	    "LIMIT 1)) AS tid FROM coding c "
	    "WHERE (?1 = 0 OR c.source_id = ?1) AND (?2 = 0 OR c.code_id = ?2) "
	    "AND (?3 IS NULL OR c.coder = ?3)) "
	    "SELECT c.id, s.name, k.name, c.start_cp, "
	    "c.end_cp, c.start_b, c.end_b, t.seq, t.speaker, c.coder, "
	    "c.created_at, c.memo, c.excerpt FROM x c "
	    "JOIN source s ON s.id = c.source_id "
	    "JOIN code k ON k.id = c.code_id "
	    "LEFT JOIN turn t ON t.id = c.tid "
	    "ORDER BY c.source_id, c.start_cp, c.end_cp, c.id", &st, err))
	    != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, f ? f->source_id : 0);
	sqlite3_bind_int64(st, 2, f ? f->code_id : 0);
	if (f && f->coder)
		sqlite3_bind_text(st, 3, f->coder, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 3);
	if ((t = fg_table_new(13, names, types)) == NULL) {
		sqlite3_finalize(st);
		return fg_coding_nomem(err);
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
