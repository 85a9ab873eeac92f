/* audit-history.c - the audit's history checks: the hash chain, and what
 * the events say the codings, sources, citations, codebook and roster
 * were left as against the project. */
#include "config.h"

#include "core/audit.h"
#include "core/audit-impl.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/history.h"
#include "core/quote.h"

/* ---- the history and what it says ---- */

static const char ADV_HISTORY[] = "the history no longer proves how the "
    "project came about: restore the project from a copy you trust or ask "
    "its authors for one; 'fgcode log' shows the events as they are now";
static const char ADV_STATE[] = "a change was made outside fgcode (with "
    "sqlite3 or another tool): 'fgcode blame' and 'fgcode log' show what "
    "fgcode recorded; restore the project from a copy you trust, or redo "
    "the change with fgcode";

enum fg_status
fg_audit_check_history(struct fg_db *db, struct fg_audit *a,
    const struct fg_audit_opts *o, int *pending, struct fg_error *err)
{
	struct fg_history_check c;
	struct fg_audit_line *l;
	char subj[64];
	enum fg_status s;
	size_t i;

	l = fg_audit_add_line(a, "history", "events");
	if ((s = fg_history_verify(db, o ? o->anchor : NULL, &c, err)) !=
	    FG_OK)
		return s;
	l->checked = (long)c.events;
	a->head_id = c.head_id;
	memcpy(a->head, c.head, sizeof a->head);
	*pending = c.pending_adopt;
	for (i = 0; i < c.nproblems && s == FG_OK; i++) {
		if (c.problems[i].event > 0)
			snprintf(subj, sizeof subj, "event %lld",
			    (long long)c.problems[i].event);
		else
			snprintf(subj, sizeof subj, "history");
		s = fg_audit_finding(a, err, "history", subj, ADV_HISTORY,
		    "%s", c.problems[i].message);
	}
	if (s == FG_OK && c.pending_adopt)
		s = fg_audit_finding(a, err, "history", "history",
		    "make any change with fgcode (importing the roster again "
		    "will do): the history then begins by recording the "
		    "project as it is",
		    "the project's data was made before fgcode kept a "
		    "history, which has not begun yet; nothing vouches for "
		    "it");
	fg_history_check_free(&c);
	return s;
}

/* Expected state, from the events: JSON objects by row id. */
struct byid {
	json_t **v;
	size_t n;
};

static enum fg_status
byid_set(struct byid *m, json_int_t id, json_t *o, struct fg_error *err)
{
	json_t **p;
	size_t n;

	if (id < 0 || id > 100000000)
		return FG_OK;       /* nonsense: the chain check says so */
	if ((size_t)id >= m->n) {
		n = (size_t)id + 1 > 2 * m->n ? (size_t)id + 1 : 2 * m->n;
		if ((p = realloc(m->v, n * sizeof *p)) == NULL)
			return fg_audit_nomem(err);
		memset(p + m->n, 0, (n - m->n) * sizeof *p);
		m->v = p;
		m->n = n;
	}
	json_decref(m->v[id]);
	m->v[id] = NULL;
	if (o != NULL && (m->v[id] = json_deep_copy(o)) == NULL)
		return fg_audit_nomem(err);
	return FG_OK;
}

static json_t *
byid_get(const struct byid *m, int64_t id)
{
	return id >= 0 && (size_t)id < m->n ? m->v[id] : NULL;
}

static void
byid_free(struct byid *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		json_decref(m->v[i]);
	free(m->v);
}

struct expected {
	struct byid codings, sources;
	json_t *citations;              /* label -> text */
	char codebook[FG_SHA256_HEX], roster[FG_SHA256_HEX];
	char models[FG_SHA256_HEX];
	int64_t codebook_at, roster_at, models_at; /* the events that said so */
};

static void
take_digests(struct expected *x, json_t *d, int64_t id)
{
	const char *h;

	if ((h = json_string_value(json_object_get(d, "codebook_sha256")))) {
		snprintf(x->codebook, sizeof x->codebook, "%s", h);
		x->codebook_at = id;
	}
	if ((h = json_string_value(json_object_get(d, "roster_sha256")))) {
		snprintf(x->roster, sizeof x->roster, "%s", h);
		x->roster_at = id;
	}
	if ((h = json_string_value(json_object_get(d, "models_sha256")))) {
		snprintf(x->models, sizeof x->models, "%s", h);
		x->models_at = id;
	}
}

/* A rename or merge: the codings of from now belong to to. */
static void
recode(struct expected *x, const char *from, const char *to)
{
	size_t i;
	const char *c;

	if (from == NULL || to == NULL)
		return;
	for (i = 0; i < x->codings.n; i++) {
		if (x->codings.v[i] == NULL)
			continue;
		c = json_string_value(json_object_get(x->codings.v[i],
		    "code"));
		if (c && strcmp(c, from) == 0)
			json_object_set_new(x->codings.v[i], "code",
			    json_string(to));
	}
}

static enum fg_status
replay(struct fg_db *db, struct expected *x, struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s = FG_OK;
	const char *kind;
	json_t *d, *arr, *v;
	size_t i;
	int64_t id;
	int rc;

	if ((s = fg_db_prepare(db, "SELECT id, kind, detail FROM event ORDER "
	    "BY id", &st, err)) != FG_OK)
		return s;
	while (s == FG_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		kind = fg_audit_col(st, 1);
		d = json_loads(fg_audit_col(st, 2) ? fg_audit_col(st, 2) : "",
		    0, NULL);
		if (d == NULL || !json_is_object(d) || kind == NULL) {
			json_decref(d);
			continue;
		}
		take_digests(x, d, id);
		if (strcmp(kind, "coding.add") == 0 ||
		    strcmp(kind, "coding.memo") == 0) {
			s = byid_set(&x->codings, json_integer_value(
			    json_object_get(d, "id")), d, err);
		} else if (strcmp(kind, "coding.remove") == 0) {
			s = byid_set(&x->codings, json_integer_value(
			    json_object_get(d, "id")), NULL, err);
		} else if (strcmp(kind, "source.import") == 0) {
			s = byid_set(&x->sources, json_integer_value(
			    json_object_get(d, "id")), d, err);
		} else if (strcmp(kind, "source.remove") == 0) {
			s = byid_set(&x->sources, json_integer_value(
			    json_object_get(d, "id")), NULL, err);
		} else if (strcmp(kind, "code.rename") == 0) {
			recode(x, json_string_value(json_object_get(d,
			    "from")), json_string_value(json_object_get(d,
			    "to")));
		} else if (strcmp(kind, "code.merge") == 0) {
			recode(x, json_string_value(json_object_get(d,
			    "from")), json_string_value(json_object_get(d,
			    "into")));
		} else if (strcmp(kind, "citation.store") == 0) {
			v = json_object_get(d, "text");
			if (json_is_string(json_object_get(d, "label")) && v)
				json_object_set(x->citations, json_string_value(
				    json_object_get(d, "label")), v);
		} else if (strcmp(kind, "history.adopt") == 0) {
			arr = json_object_get(d, "sources");
			for (i = 0; s == FG_OK && i < json_array_size(arr); i++)
				s = byid_set(&x->sources, json_integer_value(
				    json_object_get(json_array_get(arr, i),
				    "id")), json_array_get(arr, i), err);
			arr = json_object_get(d, "codings");
			for (i = 0; s == FG_OK && i < json_array_size(arr); i++)
				s = byid_set(&x->codings, json_integer_value(
				    json_object_get(json_array_get(arr, i),
				    "id")), json_array_get(arr, i), err);
		}
		json_decref(d);
	}
	sqlite3_finalize(st);
	if (s != FG_OK)
		return s;
	return rc == SQLITE_DONE ? FG_OK : fg_db_fail(db, rc, err);
}

/* Append "KEY is X, the history says Y; " to b when they differ. */
static void
cmp_str(struct fg_buf *b, const char *key, const char *now, const json_t *o)
{
	const char *was = json_string_value(json_object_get(o, key));

	if ((now == NULL) != (was == NULL) || (now && strcmp(now, was) != 0))
		fg_buf_printf(b, "%s%s is %s%s%s, the history says %s%s%s",
		    b->len ? "; " : "", key, now ? "\"" : "",
		    now ? now : "none", now ? "\"" : "", was ? "\"" : "",
		    was ? was : "none", was ? "\"" : "");
}

static void
cmp_int(struct fg_buf *b, const char *key, int64_t now, const json_t *o)
{
	json_int_t was = json_integer_value(json_object_get(o, key));

	if ((json_int_t)now != was)
		fg_buf_printf(b, "%s%s is %lld, the history says %lld",
		    b->len ? "; " : "", key, (long long)now, (long long)was);
}

static enum fg_status
check_state_codings(struct fg_db *db, struct fg_audit *a, struct expected *x,
    long *checked, struct fg_error *err)
{
	char qid[FG_QUOTE_ID_SIZE], subj[160];
	struct fg_buf diff = FG_BUF_INIT;
	sqlite3_stmt *st;
	enum fg_status s;
	unsigned char *seen;
	int64_t id;
	json_t *o;
	size_t i;
	int rc;

	if ((seen = calloc(x->codings.n + 1, 1)) == NULL)
		return fg_audit_nomem(err);
	if ((s = fg_db_prepare(db, "SELECT c.id, c.start_cp, c.end_cp, "
	    "c.start_b, c.end_b, c.excerpt_sha256, c.coder, c.created_at, "
	    "c.memo, s.file_sha256, s.text_sha256, k.name FROM coding c "
	    "JOIN source s ON s.id = c.source_id JOIN code k ON k.id = "
	    "c.code_id ORDER BY c.id", &st, err)) != FG_OK) {
		free(seen);
		return s;
	}
	while (s == FG_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		(*checked)++;
		id = sqlite3_column_int64(st, 0);
		fg_quote_id(fg_audit_col(st, 10), sqlite3_column_int64(st, 1),
		    sqlite3_column_int64(st, 2), fg_audit_col(st, 11),
		    fg_audit_col(st, 6), qid);
		snprintf(subj, sizeof subj, "coding %lld (%s)", (long long)id,
		    qid);
		if ((o = byid_get(&x->codings, id)) == NULL) {
			s = fg_audit_finding(a, err, "state", subj, ADV_STATE,
			    "no event records it: it was added outside "
			    "fgcode");
			continue;
		}
		seen[id] = 1;
		fg_buf_reset(&diff);
		cmp_str(&diff, "code", fg_audit_col(st, 11), o);
		cmp_int(&diff, "start_cp", sqlite3_column_int64(st, 1), o);
		cmp_int(&diff, "end_cp", sqlite3_column_int64(st, 2), o);
		cmp_int(&diff, "start_b", sqlite3_column_int64(st, 3), o);
		cmp_int(&diff, "end_b", sqlite3_column_int64(st, 4), o);
		cmp_str(&diff, "excerpt_sha256", fg_audit_col(st, 5), o);
		cmp_str(&diff, "coder", fg_audit_col(st, 6), o);
		cmp_str(&diff, "created_at", fg_audit_col(st, 7), o);
		cmp_str(&diff, "memo", fg_audit_col(st, 8), o);
		cmp_str(&diff, "source", fg_audit_col(st, 9), o);
		if (diff.len > 0)
			s = fg_audit_finding(a, err, "state", subj, ADV_STATE,
			    "it is not as fgcode left it: %s", diff.p);
	}
	sqlite3_finalize(st);
	fg_buf_free(&diff);
	for (i = 0; s == FG_OK && i < x->codings.n; i++) {
		if ((o = x->codings.v[i]) == NULL || seen[i])
			continue;
		snprintf(subj, sizeof subj, "coding %zu (%s)", i,
		    json_string_value(json_object_get(o, "quote")) ?
		    json_string_value(json_object_get(o, "quote")) : "?");
		s = fg_audit_finding(a, err, "state", subj, ADV_STATE, "the "
		    "history has it (%s in %s at %lld:%lld), the project does "
		    "not: it was deleted outside fgcode",
		    json_string_value(json_object_get(o, "code")) ?
		    json_string_value(json_object_get(o, "code")) : "?",
		    json_string_value(json_object_get(o, "source_name")) ?
		    json_string_value(json_object_get(o, "source_name")) : "?",
		    (long long)json_integer_value(json_object_get(o,
		    "start_cp")),
		    (long long)json_integer_value(json_object_get(o,
		    "end_cp")));
	}
	free(seen);
	if (s != FG_OK)
		return s;
	return rc == SQLITE_DONE ? FG_OK : fg_db_fail(db, rc, err);
}

static enum fg_status
check_state_sources(struct fg_db *db, struct fg_audit *a, struct expected *x,
    struct fg_error *err)
{
	struct fg_buf diff = FG_BUF_INIT;
	char subj[600];
	sqlite3_stmt *st;
	enum fg_status s;
	unsigned char *seen;
	int64_t id;
	json_t *o;
	size_t i;
	int rc;

	if ((seen = calloc(x->sources.n + 1, 1)) == NULL)
		return fg_audit_nomem(err);
	if ((s = fg_db_prepare(db, "SELECT id, name, file_sha256, text_sha256 "
	    "FROM source ORDER BY id", &st, err)) != FG_OK) {
		free(seen);
		return s;
	}
	while (s == FG_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		snprintf(subj, sizeof subj, "source %s", fg_audit_col(st, 1));
		if ((o = byid_get(&x->sources, id)) == NULL) {
			s = fg_audit_finding(a, err, "state", subj, ADV_STATE,
			    "no event records its import: it was added "
			    "outside fgcode");
			continue;
		}
		seen[id] = 1;
		fg_buf_reset(&diff);
		cmp_str(&diff, "name", fg_audit_col(st, 1), o);
		cmp_str(&diff, "file_sha256", fg_audit_col(st, 2), o);
		cmp_str(&diff, "text_sha256", fg_audit_col(st, 3), o);
		if (diff.len > 0)
			s = fg_audit_finding(a, err, "state", subj, ADV_STATE,
			    "it is not as it was imported: %s", diff.p);
	}
	sqlite3_finalize(st);
	fg_buf_free(&diff);
	for (i = 0; s == FG_OK && i < x->sources.n; i++) {
		if ((o = x->sources.v[i]) == NULL || seen[i])
			continue;
		snprintf(subj, sizeof subj, "source %s",
		    json_string_value(json_object_get(o, "name")) ?
		    json_string_value(json_object_get(o, "name")) : "?");
		s = fg_audit_finding(a, err, "state", subj, ADV_STATE, "the "
		    "history has it, the project does not: it was deleted "
		    "outside fgcode");
	}
	free(seen);
	if (s != FG_OK)
		return s;
	return rc == SQLITE_DONE ? FG_OK : fg_db_fail(db, rc, err);
}

static enum fg_status
check_state_citations(struct fg_db *db, struct fg_audit *a,
    struct expected *x, struct fg_error *err)
{
	char subj[300];
	sqlite3_stmt *st;
	enum fg_status s;
	const char *was, *label;
	json_t *seen;
	void *iter;
	int rc;

	if ((seen = json_object()) == NULL)
		return fg_audit_nomem(err);
	if ((s = fg_db_prepare(db, "SELECT label, text FROM citation ORDER BY "
	    "id", &st, err)) != FG_OK) {
		json_decref(seen);
		return s;
	}
	while (s == FG_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		label = fg_audit_col(st, 0);
		snprintf(subj, sizeof subj, "%s", label);
		json_object_set_new(seen, label, json_true());
		was = json_string_value(json_object_get(x->citations, label));
		if (was == NULL)
			s = fg_audit_finding(a, err, "state", subj, ADV_STATE,
			    "no event records this stored citation: it was "
			    "added outside fgcode");
		else if (strcmp(was, fg_audit_col(st, 1)) != 0)
			s = fg_audit_finding(a, err, "state", subj, ADV_STATE,
			    "the stored citation reads \"%s\", the history "
			    "says \"%s\"", fg_audit_col(st, 1), was);
	}
	sqlite3_finalize(st);
	for (iter = json_object_iter(x->citations); s == FG_OK && iter;
	    iter = json_object_iter_next(x->citations, iter)) {
		label = json_object_iter_key(iter);
		if (json_object_get(seen, label) != NULL)
			continue;
		snprintf(subj, sizeof subj, "%s", label);
		s = fg_audit_finding(a, err, "state", subj, ADV_STATE, "the "
		    "history stored this citation, the project no longer has "
		    "it: it was deleted outside fgcode");
	}
	json_decref(seen);
	if (s != FG_OK)
		return s;
	return rc == SQLITE_DONE ? FG_OK : fg_db_fail(db, rc, err);
}

enum fg_status
fg_audit_check_state(struct fg_db *db, struct fg_audit *a, int pending,
    struct fg_error *err)
{
	struct expected x;
	struct fg_audit_line *l;
	char now[FG_SHA256_HEX], subj[64];
	enum fg_status s;

	l = fg_audit_add_line(a, "state", "codings");
	if (pending)
		return FG_OK;
	memset(&x, 0, sizeof x);
	if ((x.citations = json_object()) == NULL)
		return fg_audit_nomem(err);
	s = replay(db, &x, err);
	if (s == FG_OK)
		s = check_state_codings(db, a, &x, &l->checked, err);
	if (s == FG_OK)
		s = check_state_sources(db, a, &x, err);
	if (s == FG_OK)
		s = check_state_citations(db, a, &x, err);
	if (s == FG_OK && x.codebook_at > 0 &&
	    (s = fg_history_codebook_digest(db, now, err)) == FG_OK &&
	    strcmp(now, x.codebook) != 0) {
		snprintf(subj, sizeof subj, "codebook");
		s = fg_audit_finding(a, err, "state", subj, ADV_STATE, "the "
		    "codebook is not as event %lld left it (a code's name, "
		    "fields, place or examples were changed outside fgcode)",
		    (long long)x.codebook_at);
	}
	if (s == FG_OK && x.roster_at > 0 &&
	    (s = fg_history_roster_digest(db, now, err)) == FG_OK &&
	    strcmp(now, x.roster) != 0)
		s = fg_audit_finding(a, err, "state", "roster", ADV_STATE,
		    "the roster is not as event %lld left it (a group or "
		    "participant was changed outside fgcode)",
		    (long long)x.roster_at);
	if (s == FG_OK && x.models_at > 0 &&
	    (s = fg_history_models_digest(db, now, err)) == FG_OK &&
	    strcmp(now, x.models) != 0)
		s = fg_audit_finding(a, err, "state", "models", ADV_STATE,
		    "the stored survey models are not as event %lld left them "
		    "(an estimate, a standard error, a star or a fit statistic "
		    "was changed outside fgcode); fit or load them again",
		    (long long)x.models_at);
	byid_free(&x.codings);
	byid_free(&x.sources);
	json_decref(x.citations);
	return s;
}
