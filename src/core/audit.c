/* audit.c - the checks of fgcode audit and of fgcode cite --check: the
 * excerpts, sources and original files against their hashes, the history
 * chain and what it says against the project, the roster's consistency
 * and citations against the roster. */
#include "config.h"

#include "core/audit.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <nettle/sha2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/history.h"
#include "core/quote.h"
#include "core/utf8.h"
#include "core/yamldoc.h"

static enum fg_status
nomem(struct fg_error *err)
{
	return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
}

static const char *
col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* ---- findings ---- */

void
fg_audit_free(struct fg_audit *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->n; i++) {
		free(a->findings[i].subject);
		free(a->findings[i].message);
		free(a->findings[i].advice);
	}
	free(a->findings);
	for (i = 0; i < a->nlines; i++)
		free(a->lines[i].note);
	free(a);
}

static enum fg_status
finding(struct fg_audit *a, struct fg_error *err, const char *check,
    const char *subject, const char *advice, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static enum fg_status
finding(struct fg_audit *a, struct fg_error *err, const char *check,
    const char *subject, const char *advice, const char *fmt, ...)
{
	struct fg_finding *f;
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (a->n == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 16;
		if ((f = realloc(a->findings, cap * sizeof *f)) == NULL)
			return nomem(err);
		a->findings = f;
		a->cap = cap;
	}
	f = &a->findings[a->n];
	f->check = check;
	f->subject = strdup(subject);
	f->message = strdup(msg);
	f->advice = strdup(advice);
	if (f->subject == NULL || f->message == NULL || f->advice == NULL) {
		free(f->subject);
		free(f->message);
		free(f->advice);
		return nomem(err);
	}
	a->n++;
	return FG_OK;
}

/* Start the summary line of check (its findings are counted at the end). */
static struct fg_audit_line *
line(struct fg_audit *a, const char *check, const char *unit)
{
	struct fg_audit_line *l = &a->lines[a->nlines++];

	memset(l, 0, sizeof *l);
	l->check = check;
	l->unit = unit;
	return l;
}

static void
count_findings(struct fg_audit *a)
{
	size_t i, j;

	for (i = 0; i < a->nlines; i++)
		for (j = 0, a->lines[i].findings = 0; j < a->n; j++)
			if (strcmp(a->findings[j].check,
			    a->lines[i].check) == 0)
				a->lines[i].findings++;
}

/* ---- excerpts and sources ---- */

static void
sha_hex(const unsigned char *d, char out[FG_SHA256_HEX])
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < SHA256_DIGEST_SIZE; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
}

static size_t
cps(const char *s, size_t a, size_t b)
{
	size_t n = 0;

	for (; a < b; a++)
		n += ((unsigned char)s[a] & 0xC0) != 0x80;
	return n;
}

static const char ADV_EXCERPT[] = "the excerpt or the transcript was "
    "changed outside fgcode: compare 'fgcode quote' and 'fgcode blame' "
    "for this quote with the original transcript, and restore the "
    "project from a copy you trust";
static const char ADV_SOURCE[] = "the stored transcript was changed "
    "outside fgcode: restore the project from a copy you trust, or import "
    "the original file again and recode";

/* The codings of source sid against its text. */
static enum fg_status
check_codings(struct fg_db *db, struct fg_audit *a, int64_t sid,
    const char *name, const char *text, size_t len, const char *text_sha,
    long *ncodings, struct fg_error *err)
{
	char qid[FG_QUOTE_ID_SIZE], sha[FG_SHA256_HEX], subj[160];
	sqlite3_stmt *st;
	enum fg_status s = FG_OK;
	int64_t a_cp, b_cp, a_b, b_b;
	size_t pos_b = 0, pos_cp = 0, exlen;
	const char *ex, *exsha;
	int rc;

	if ((s = fg_db_prepare(db, "SELECT c.id, c.start_cp, c.end_cp, "
	    "c.start_b, c.end_b, c.excerpt, c.excerpt_sha256, k.name, c.coder "
	    "FROM coding c JOIN code k ON k.id = c.code_id WHERE c.source_id "
	    "= ?1 ORDER BY c.start_b, c.id", &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, sid);
	while (s == FG_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		(*ncodings)++;
		a_cp = sqlite3_column_int64(st, 1);
		b_cp = sqlite3_column_int64(st, 2);
		a_b = sqlite3_column_int64(st, 3);
		b_b = sqlite3_column_int64(st, 4);
		ex = col(st, 5) ? col(st, 5) : "";
		exlen = (size_t)sqlite3_column_bytes(st, 5);
		exsha = col(st, 6) ? col(st, 6) : "";
		fg_quote_id(text_sha, a_cp, b_cp, col(st, 7), col(st, 8), qid);
		snprintf(subj, sizeof subj, "coding %lld (%s)",
		    (long long)sqlite3_column_int64(st, 0), qid);
		if (a_b < 0 || b_b <= a_b || (size_t)b_b > len) {
			s = finding(a, err, "excerpts", subj, ADV_EXCERPT,
			    "its range, bytes %lld:%lld, lies outside the text "
			    "of %s (%zu bytes)", (long long)a_b, (long long)b_b,
			    name, len);
			continue;
		}
		if ((size_t)a_b < pos_b) {   /* overlapping codings: restart */
			pos_b = 0;
			pos_cp = 0;
		}
		pos_cp += cps(text, pos_b, (size_t)a_b);
		pos_b = (size_t)a_b;
		if ((int64_t)pos_cp != a_cp || (int64_t)(pos_cp + cps(text,
		    pos_b, (size_t)b_b)) != b_cp)
			s = finding(a, err, "excerpts", subj, ADV_EXCERPT,
			    "in %s its code points %lld:%lld and bytes "
			    "%lld:%lld are not the same range", name,
			    (long long)a_cp, (long long)b_cp, (long long)a_b,
			    (long long)b_b);
		if (s == FG_OK && (exlen != (size_t)(b_b - a_b) ||
		    memcmp(ex, text + a_b, exlen) != 0))
			s = finding(a, err, "excerpts", subj, ADV_EXCERPT,
			    "its stored excerpt is not the text of %s at "
			    "%lld:%lld", name, (long long)a_cp,
			    (long long)b_cp);
		fg_sha256_hex(ex, exlen, sha);
		if (s == FG_OK && strcmp(sha, exsha) != 0)
			s = finding(a, err, "excerpts", subj, ADV_EXCERPT,
			    "its excerpt does not hash to the SHA-256 recorded "
			    "when it was coded");
	}
	sqlite3_finalize(st);
	if (s != FG_OK)
		return s;
	return rc == SQLITE_DONE ? FG_OK : fg_db_fail(db, rc, err);
}

/* SHA-256 of the file at path into out: 1 done, 0 not found, -1 error. */
static int
file_sha(const char *path, char out[FG_SHA256_HEX])
{
	struct sha256_ctx ctx;
	unsigned char d[SHA256_DIGEST_SIZE], buf[65536];
	FILE *f;
	size_t n;

	if ((f = fopen(path, "rb")) == NULL)
		return errno == ENOENT || errno == ENOTDIR ? 0 : -1;
	sha256_init(&ctx);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sha256_update(&ctx, n, buf);
	if (ferror(f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, d);
	sha_hex(d, out);
	return 1;
}

static enum fg_status
check_sources(struct fg_db *db, struct fg_audit *a,
    const struct fg_audit_opts *o, struct fg_error *err)
{
	struct fg_audit_line *lx, *ls, *lo;
	char sha[FG_SHA256_HEX], subj[600], note[128];
	struct fg_buf path = FG_BUF_INIT;
	sqlite3_stmt *st;
	enum fg_status s = FG_OK;
	long ncod = 0, missing = 0, unreadable = 0;
	const char *text, *name;
	size_t len;
	int rc, r;

	lx = line(a, "excerpts", "codings");
	ls = line(a, "sources", "sources");
	lo = line(a, "originals", "files");
	if ((s = fg_db_prepare(db, "SELECT id, name, path, file_sha256, "
	    "text_sha256, text, n_bytes, n_cp FROM source ORDER BY id", &st,
	    err)) != FG_OK)
		return s;
	while (s == FG_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		name = col(st, 1);
		text = (const char *)sqlite3_column_blob(st, 5);
		len = (size_t)sqlite3_column_bytes(st, 5);
		if (text == NULL)
			text = "";
		ls->checked++;
		snprintf(subj, sizeof subj, "source %s", name);
		fg_sha256_hex(text, len, sha);
		if (strcmp(sha, col(st, 4) ? col(st, 4) : "") != 0)
			s = finding(a, err, "sources", subj, ADV_SOURCE, "its "
			    "text does not hash to the SHA-256 recorded at "
			    "import");
		else if (sqlite3_column_int64(st, 6) != (int64_t)len ||
		    sqlite3_column_int64(st, 7) != (int64_t)cps(text, 0, len))
			s = finding(a, err, "sources", subj, ADV_SOURCE, "its "
			    "recorded length is not the length of its text");
		if (s == FG_OK)
			s = check_codings(db, a, sqlite3_column_int64(st, 0),
			    name, text, len, col(st, 4), &ncod, err);
		/* the original file */
		fg_buf_reset(&path);
		if (o && o->originals)
			fg_buf_printf(&path, "%s/%s", o->originals, name);
		else
			fg_buf_adds(&path, col(st, 2));
		if (s != FG_OK || path.p == NULL)
			continue;
		r = file_sha(path.p, sha);
		if (r == 0) {
			missing++;
		} else if (r < 0) {
			unreadable++;
		} else {
			lo->checked++;
			if (strcmp(sha, col(st, 3)) != 0)
				s = finding(a, err, "originals", subj, "the "
				    "transcript was edited after it was "
				    "imported: if the edit is wanted, import "
				    "the file again as a new source and "
				    "recode; if not, restore the original",
				    "the file %s no longer has the SHA-256 "
				    "recorded at import (%.12s..., now "
				    "%.12s...)",
				    path.p, col(st, 3), sha);
		}
	}
	sqlite3_finalize(st);
	fg_buf_free(&path);
	if (s != FG_OK)
		return s;
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	lx->checked = ncod;
	if (missing > 0 || unreadable > 0) {
		if (unreadable > 0)
			snprintf(note, sizeof note, "%ld not found, %ld "
			    "unreadable", missing, unreadable);
		else
			snprintf(note, sizeof note, "%ld not found%s", missing,
			    o && o->originals ? "" : " (--originals DIR)");
		if ((lo->note = strdup(note)) == NULL)
			return nomem(err);
	}
	return FG_OK;
}

/* ---- the history and what it says ---- */

static const char ADV_HISTORY[] = "the history no longer proves how the "
    "project came about: restore the project from a copy you trust or ask "
    "its authors for one; 'fgcode log' shows the events as they are now";
static const char ADV_STATE[] = "a change was made outside fgcode (with "
    "sqlite3 or another tool): 'fgcode blame' and 'fgcode log' show what "
    "fgcode recorded; restore the project from a copy you trust, or redo "
    "the change with fgcode";

static enum fg_status
check_history(struct fg_db *db, struct fg_audit *a,
    const struct fg_audit_opts *o, int *pending, struct fg_error *err)
{
	struct fg_history_check c;
	struct fg_audit_line *l;
	char subj[64];
	enum fg_status s;
	size_t i;

	l = line(a, "history", "events");
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
		s = finding(a, err, "history", subj, ADV_HISTORY, "%s",
		    c.problems[i].message);
	}
	if (s == FG_OK && c.pending_adopt)
		s = finding(a, err, "history", "history", "make any change "
		    "with fgcode (importing the roster again will do): the "
		    "history then begins by recording the project as it is",
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
			return nomem(err);
		memset(p + m->n, 0, (n - m->n) * sizeof *p);
		m->v = p;
		m->n = n;
	}
	json_decref(m->v[id]);
	m->v[id] = NULL;
	if (o != NULL && (m->v[id] = json_deep_copy(o)) == NULL)
		return nomem(err);
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
	int64_t codebook_at, roster_at; /* the events that said so */
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
		kind = col(st, 1);
		d = json_loads(col(st, 2) ? col(st, 2) : "", 0, NULL);
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
		return nomem(err);
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
		fg_quote_id(col(st, 10), sqlite3_column_int64(st, 1),
		    sqlite3_column_int64(st, 2), col(st, 11), col(st, 6), qid);
		snprintf(subj, sizeof subj, "coding %lld (%s)", (long long)id,
		    qid);
		if ((o = byid_get(&x->codings, id)) == NULL) {
			s = finding(a, err, "state", subj, ADV_STATE, "no "
			    "event records it: it was added outside fgcode");
			continue;
		}
		seen[id] = 1;
		fg_buf_reset(&diff);
		cmp_str(&diff, "code", col(st, 11), o);
		cmp_int(&diff, "start_cp", sqlite3_column_int64(st, 1), o);
		cmp_int(&diff, "end_cp", sqlite3_column_int64(st, 2), o);
		cmp_int(&diff, "start_b", sqlite3_column_int64(st, 3), o);
		cmp_int(&diff, "end_b", sqlite3_column_int64(st, 4), o);
		cmp_str(&diff, "excerpt_sha256", col(st, 5), o);
		cmp_str(&diff, "coder", col(st, 6), o);
		cmp_str(&diff, "created_at", col(st, 7), o);
		cmp_str(&diff, "memo", col(st, 8), o);
		cmp_str(&diff, "source", col(st, 9), o);
		if (diff.len > 0)
			s = finding(a, err, "state", subj, ADV_STATE, "it is "
			    "not as fgcode left it: %s", diff.p);
	}
	sqlite3_finalize(st);
	fg_buf_free(&diff);
	for (i = 0; s == FG_OK && i < x->codings.n; i++) {
		if ((o = x->codings.v[i]) == NULL || seen[i])
			continue;
		snprintf(subj, sizeof subj, "coding %zu (%s)", i,
		    json_string_value(json_object_get(o, "quote")) ?
		    json_string_value(json_object_get(o, "quote")) : "?");
		s = finding(a, err, "state", subj, ADV_STATE, "the history "
		    "has it (%s in %s at %lld:%lld), the project does not: it "
		    "was deleted outside fgcode",
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
		return nomem(err);
	if ((s = fg_db_prepare(db, "SELECT id, name, file_sha256, text_sha256 "
	    "FROM source ORDER BY id", &st, err)) != FG_OK) {
		free(seen);
		return s;
	}
	while (s == FG_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		snprintf(subj, sizeof subj, "source %s", col(st, 1));
		if ((o = byid_get(&x->sources, id)) == NULL) {
			s = finding(a, err, "state", subj, ADV_STATE, "no "
			    "event records its import: it was added outside "
			    "fgcode");
			continue;
		}
		seen[id] = 1;
		fg_buf_reset(&diff);
		cmp_str(&diff, "name", col(st, 1), o);
		cmp_str(&diff, "file_sha256", col(st, 2), o);
		cmp_str(&diff, "text_sha256", col(st, 3), o);
		if (diff.len > 0)
			s = finding(a, err, "state", subj, ADV_STATE, "it is "
			    "not as it was imported: %s", diff.p);
	}
	sqlite3_finalize(st);
	fg_buf_free(&diff);
	for (i = 0; s == FG_OK && i < x->sources.n; i++) {
		if ((o = x->sources.v[i]) == NULL || seen[i])
			continue;
		snprintf(subj, sizeof subj, "source %s",
		    json_string_value(json_object_get(o, "name")) ?
		    json_string_value(json_object_get(o, "name")) : "?");
		s = finding(a, err, "state", subj, ADV_STATE, "the history "
		    "has it, the project does not: it was deleted outside "
		    "fgcode");
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
		return nomem(err);
	if ((s = fg_db_prepare(db, "SELECT label, text FROM citation ORDER BY "
	    "id", &st, err)) != FG_OK) {
		json_decref(seen);
		return s;
	}
	while (s == FG_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		label = col(st, 0);
		snprintf(subj, sizeof subj, "%s", label);
		json_object_set_new(seen, label, json_true());
		was = json_string_value(json_object_get(x->citations, label));
		if (was == NULL)
			s = finding(a, err, "state", subj, ADV_STATE, "no "
			    "event records this stored citation: it was added "
			    "outside fgcode");
		else if (strcmp(was, col(st, 1)) != 0)
			s = finding(a, err, "state", subj, ADV_STATE, "the "
			    "stored citation reads \"%s\", the history says "
			    "\"%s\"", col(st, 1), was);
	}
	sqlite3_finalize(st);
	for (iter = json_object_iter(x->citations); s == FG_OK && iter;
	    iter = json_object_iter_next(x->citations, iter)) {
		label = json_object_iter_key(iter);
		if (json_object_get(seen, label) != NULL)
			continue;
		snprintf(subj, sizeof subj, "%s", label);
		s = finding(a, err, "state", subj, ADV_STATE, "the history "
		    "stored this citation, the project no longer has it: it "
		    "was deleted outside fgcode");
	}
	json_decref(seen);
	if (s != FG_OK)
		return s;
	return rc == SQLITE_DONE ? FG_OK : fg_db_fail(db, rc, err);
}

static enum fg_status
check_state(struct fg_db *db, struct fg_audit *a, int pending,
    struct fg_error *err)
{
	struct expected x;
	struct fg_audit_line *l;
	char now[FG_SHA256_HEX], subj[64];
	enum fg_status s;

	l = line(a, "state", "codings");
	if (pending)
		return FG_OK;
	memset(&x, 0, sizeof x);
	if ((x.citations = json_object()) == NULL)
		return nomem(err);
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
		s = finding(a, err, "state", subj, ADV_STATE, "the codebook is "
		    "not as event %lld left it (a code's name, fields, place "
		    "or examples were changed outside fgcode)",
		    (long long)x.codebook_at);
	}
	if (s == FG_OK && x.roster_at > 0 &&
	    (s = fg_history_roster_digest(db, now, err)) == FG_OK &&
	    strcmp(now, x.roster) != 0)
		s = finding(a, err, "state", "roster", ADV_STATE, "the roster "
		    "is not as event %lld left it (a group or participant was "
		    "changed outside fgcode)", (long long)x.roster_at);
	byid_free(&x.codings);
	byid_free(&x.sources);
	json_decref(x.citations);
	return s;
}

/* ---- the roster ---- */

struct ages {
	int *v;
	size_t n, cap;
};

static int
ages_push(struct ages *a, int v)
{
	int *p;

	if (a->n == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 8;
		if ((p = realloc(a->v, cap * sizeof *p)) == NULL)
			return -1;
		a->v = p;
		a->cap = cap;
	}
	a->v[a->n++] = v;
	return 0;
}

/* How many times v is in a. */
static size_t
ages_count(const struct ages *a, int v)
{
	size_t i, k = 0;

	for (i = 0; i < a->n; i++)
		k += a->v[i] == v;
	return k;
}

struct person {
	char *pid;
	const char *gender;     /* "female", "male", NULL unknown; or raw */
	char *graw;
	int age;                /* -1 unknown */
};

struct group {
	int64_t id;
	char *fg, *city, *alias, *gcell, *acell, *facilitator;
	long size;              /* -1 unknown */
	int gread;              /* gender cell read (maybe with problems) */
	long nf, nm, nother;
	char gproblem[256];
	int aread;
	struct ages pub;
	char aproblem[256];
	struct person *rows;
	size_t nrows;
	int complete;           /* rows give every participant's gender and
	                         * age */
};

struct roster {
	struct group *g;
	size_t n;
	char *stated_total, *stated_range;
};

static void
roster_free(struct roster *r)
{
	size_t i, j;

	for (i = 0; i < r->n; i++) {
		struct group *g = &r->g[i];
		free(g->fg);
		free(g->city);
		free(g->alias);
		free(g->gcell);
		free(g->acell);
		free(g->facilitator);
		free(g->pub.v);
		for (j = 0; j < g->nrows; j++) {
			free(g->rows[j].pid);
			free(g->rows[j].graw);
		}
		free(g->rows);
	}
	free(r->g);
	free(r->stated_total);
	free(r->stated_range);
}

static char *
dupn(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Read a gender cell such as "4 females, 1 male" or "6 females, male". */
static void
read_gender_cell(struct group *g)
{
	const char *p = g->gcell, *w;
	char item[128], word[128];
	size_t n;
	long k;
	char *end;

	g->gread = 1;
	while (*p) {
		n = strcspn(p, ",");
		while (n > 0 && p[n - 1] == ' ')
			n--;
		while (n > 0 && *p == ' ') {
			p++;
			n--;
		}
		snprintf(item, sizeof item, "%.*s", (int)(n < 127 ? n : 127),
		    p);
		p += strcspn(p, ",");
		if (*p == ',')
			p++;
		if (item[0] == '\0')
			continue;
		if (isdigit((unsigned char)item[0])) {
			k = strtol(item, &end, 10);
			while (*end == ' ')
				end++;
		} else {
			k = -1;
			end = item;
		}
		snprintf(word, sizeof word, "%s", end);
		w = fg_cite_gender(word);
		if (k < 0 && w != NULL && g->gproblem[0] == '\0') {
			snprintf(g->gproblem, sizeof g->gproblem, "the gender "
			    "cell \"%s\" gives no number for \"%s\" (read as "
			    "1)", g->gcell, word);
			k = 1;
		} else if (k < 0 || w == NULL) {
			if (g->gproblem[0] == '\0')
				snprintf(g->gproblem, sizeof g->gproblem, "the "
				    "gender cell \"%s\" cannot be read at "
				    "\"%s\"", g->gcell, item);
			if (k < 0)
				k = 1;
		}
		if (w != NULL && strcmp(w, "female") == 0)
			g->nf += k;
		else if (w != NULL)
			g->nm += k;
		else
			g->nother += k;
	}
}

/* Read an age cell such as "24, 26, 26, 26, 37" (leniently: numbers
 * separated by blanks are read too, and said). */
static int
read_age_cell(struct group *g)
{
	const char *p = g->acell;
	char *end;
	long v;
	int after_comma = 1, prev = -1;

	g->aread = 1;
	while (*p) {
		if (*p == ' ' || *p == '\t') {
			p++;
			continue;
		}
		if (*p == ',') {
			after_comma = 1;
			p++;
			continue;
		}
		if (!isdigit((unsigned char)*p)) {
			if (g->aproblem[0] == '\0')
				snprintf(g->aproblem, sizeof g->aproblem, "the "
				    "age cell \"%s\" cannot be read at "
				    "\"%.*s\"",
				    g->acell, (int)strcspn(p, ", "), p);
			p += strcspn(p, ",");
			continue;
		}
		v = strtol(p, &end, 10);
		if (!after_comma && g->aproblem[0] == '\0')
			snprintf(g->aproblem, sizeof g->aproblem, "the age "
			    "cell \"%s\" has no comma between %d and %ld (read "
			    "as two ages)", g->acell, prev, v);
		if (ages_push(&g->pub, (int)v) != 0)
			return -1;
		prev = (int)v;
		after_comma = 0;
		p = end;
	}
	return 0;
}

static enum fg_status
roster_load(struct fg_db *db, struct roster *r, struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	struct group *g;
	struct person *pp;
	size_t i;
	int rc;

	memset(r, 0, sizeof *r);
	r->stated_total = fg_db_meta_get(db,
	    "roster.stated_total_participants");
	r->stated_range = fg_db_meta_get(db, "roster.stated_age_range");
	if ((s = fg_db_prepare(db, "SELECT g.id, g.fg, g.city, g.size, "
	    "(SELECT value FROM group_attr WHERE group_id = g.id AND key = "
	    "'city_alias'), (SELECT value FROM group_attr WHERE group_id = "
	    "g.id AND key = 'published.gender'), (SELECT value FROM "
	    "group_attr WHERE group_id = g.id AND key = 'published.age'), "
	    "g.facilitator FROM focus_group g ORDER BY CASE WHEN g.fg GLOB "
	    "'[0-9]*' THEN 0 ELSE 1 END, CAST(g.fg AS INTEGER), g.fg", &st,
	    err)) != FG_OK)
		return s;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((g = realloc(r->g, (r->n + 1) * sizeof *g)) == NULL) {
			sqlite3_finalize(st);
			return nomem(err);
		}
		r->g = g;
		g += r->n++;
		memset(g, 0, sizeof *g);
		g->id = sqlite3_column_int64(st, 0);
		g->fg = dupn(col(st, 1));
		g->city = dupn(col(st, 2));
		g->size = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 :
		    (long)sqlite3_column_int64(st, 3);
		g->alias = dupn(col(st, 4));
		g->gcell = dupn(col(st, 5));
		g->acell = dupn(col(st, 6));
		g->facilitator = dupn(col(st, 7));
		if (g->fg == NULL)
			break;
		if (g->gcell)
			read_gender_cell(g);
		if (g->acell && read_age_cell(g) != 0)
			break;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc == SQLITE_ROW ? nomem(err) : fg_db_fail(db, rc, err);
	if ((s = fg_db_prepare(db, "SELECT pid, gender, age FROM participant "
	    "WHERE group_id = ?1 ORDER BY id", &st, err)) != FG_OK)
		return s;
	for (i = 0; i < r->n; i++) {
		g = &r->g[i];
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, g->id);
		g->complete = 1;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			pp = realloc(g->rows, (g->nrows + 1) * sizeof *pp);
			if (pp == NULL) {
				sqlite3_finalize(st);
				return nomem(err);
			}
			g->rows = pp;
			pp += g->nrows++;
			pp->pid = dupn(col(st, 0));
			pp->graw = dupn(col(st, 1));
			pp->gender = fg_cite_gender(pp->graw);
			if (pp->gender == NULL)
				pp->gender = pp->graw;
			pp->age = sqlite3_column_type(st, 2) == SQLITE_NULL ?
			    -1 : sqlite3_column_int(st, 2);
			if (pp->gender == NULL || pp->age < 0)
				g->complete = 0;
		}
		if (rc != SQLITE_DONE) {
			sqlite3_finalize(st);
			return fg_db_fail(db, rc, err);
		}
		if (g->nrows == 0 || (g->size >= 0 && (long)g->nrows !=
		    g->size))
			g->complete = 0;
	}
	sqlite3_finalize(st);
	return FG_OK;
}

static const char ADV_CELL[] = "check the study's table and correct the "
    "group's published cells in the roster (or note the reading in the "
    "manuscript)";
static const char ADV_COUNT[] = "find which of the gender cell, the age "
    "cell, the size and the participants recorded is right, and correct "
    "the roster";
static const char ADV_ROWS[] = "correct the participants in the roster or "
    "in the transcript's front matter, or the group's published cells";

/* "24, 26 and 37" into b. */
static void
list_ages(struct fg_buf *b, const int *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fg_buf_printf(b, "%s%d", i == 0 ? "" : i + 1 == n ? " and " :
		    ", ", v[i]);
	if (n == 0)
		fg_buf_adds(b, "none");
}

static int
int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* Parse "19-60", "19–60" or "19 to 60". */
static int
read_range(const char *s, int *lo, int *hi)
{
	char *end;
	long a, b;

	a = strtol(s, &end, 10);
	if (end == s)
		return -1;
	while (*end == ' ')
		end++;
	if (*end == '-')
		end++;
	else if (strncmp(end, "\xe2\x80\x93", 3) == 0)
		end += 3;
	else if (strncmp(end, "to", 2) == 0)
		end += 2;
	else
		return -1;
	while (*end == ' ')
		end++;
	b = strtol(end, &end, 10);
	while (*end == ' ')
		end++;
	if (*end != '\0' || b < a)
		return -1;
	*lo = (int)a;
	*hi = (int)b;
	return 0;
}

static enum fg_status
check_roster(struct fg_audit *a, const struct roster *r, struct fg_error *err)
{
	struct fg_audit_line *l;
	struct fg_buf b = FG_BUF_INIT;
	struct ages out;
	enum fg_status s = FG_OK;
	char subj[80];
	long total = 0, nf, nm, stated;
	int have_total = 1, lo = 0, hi = 0, range = 0;
	size_t i, j, k;
	char *end;

	l = line(a, "roster", "groups");
	l->checked = (long)r->n;
	if (r->stated_range != NULL) {
		if (read_range(r->stated_range, &lo, &hi) == 0)
			range = 1;
		else
			s = finding(a, err, "roster", "roster", "write it as "
			    "LOW-HIGH, such as \"19-60\"", "the stated age "
			    "range \"%s\" cannot be read", r->stated_range);
	}
	memset(&out, 0, sizeof out);
	for (i = 0; s == FG_OK && i < r->n; i++) {
		const struct group *g = &r->g[i];

		snprintf(subj, sizeof subj, "FG %s", g->fg);
		if (g->size >= 0)
			total += g->size;
		else if (g->gread)
			total += g->nf + g->nm + g->nother;
		else
			have_total = 0;
		if (g->gproblem[0])
			s = finding(a, err, "roster", subj, ADV_CELL, "%s",
			    g->gproblem);
		if (s == FG_OK && g->aproblem[0])
			s = finding(a, err, "roster", subj, ADV_CELL, "%s",
			    g->aproblem);
		if (s == FG_OK && g->gread && g->size >= 0 && g->nf + g->nm +
		    g->nother != g->size)
			s = finding(a, err, "roster", subj, ADV_COUNT, "the "
			    "gender cell \"%s\" counts %ld participants, the "
			    "declared size is %ld", g->gcell, g->nf + g->nm +
			    g->nother, g->size);
		if (s == FG_OK && g->aread && g->size >= 0 &&
		    (long)g->pub.n != g->size)
			s = finding(a, err, "roster", subj, ADV_COUNT, "the "
			    "age cell \"%s\" lists %zu ages, the declared size "
			    "is %ld", g->acell, g->pub.n, g->size);
		if (s == FG_OK && g->gread && g->aread && g->size < 0 &&
		    (long)g->pub.n != g->nf + g->nm + g->nother)
			s = finding(a, err, "roster", subj, ADV_COUNT, "the "
			    "gender cell counts %ld participants, the age cell "
			    "lists %zu ages", g->nf + g->nm + g->nother,
			    g->pub.n);
		/* the participants recorded */
		if (s == FG_OK && g->size >= 0 && (long)g->nrows > g->size)
			s = finding(a, err, "roster", subj, ADV_ROWS, "%zu "
			    "participants are recorded, the declared size is "
			    "%ld", g->nrows, g->size);
		for (j = 0, nf = 0, nm = 0; j < g->nrows; j++) {
			nf += g->rows[j].gender && strcmp(g->rows[j].gender,
			    "female") == 0;
			nm += g->rows[j].gender && strcmp(g->rows[j].gender,
			    "male") == 0;
		}
		if (s == FG_OK && g->gread && (nf > g->nf || nm > g->nm))
			s = finding(a, err, "roster", subj, ADV_ROWS, "%ld "
			    "female and %ld male participants are recorded, "
			    "the gender cell says \"%s\"", nf, nm, g->gcell);
		for (j = 0; s == FG_OK && g->aread && j < g->nrows; j++) {
			int v = g->rows[j].age;
			size_t have = 0;
			if (v < 0)
				continue;
			for (k = 0; k < g->nrows; k++)
				have += g->rows[k].age == v && k <= j;
			if (have > ages_count(&g->pub, v)) {
				fg_buf_reset(&b);
				list_ages(&b, g->pub.v, g->pub.n);
				s = finding(a, err, "roster", subj, ADV_ROWS,
				    "participant %s is recorded aged %d, which "
				    "the age cell (%s) does not hold%s",
				    g->rows[j].pid, v, b.p, have > 1 ?
				    " as often" : "");
			}
		}
		/* ages outside the stated range */
		if (s != FG_OK || !range)
			continue;
		out.n = 0;
		for (j = 0; j < g->pub.n; j++)
			if (g->pub.v[j] < lo || g->pub.v[j] > hi)
				if (ages_push(&out, g->pub.v[j]) != 0)
					s = nomem(err);
		for (j = 0; s == FG_OK && j < g->nrows; j++) {
			int v = g->rows[j].age;
			if (v >= 0 && (v < lo || v > hi) && ages_count(&g->pub,
			    v) == 0 && ages_push(&out, v) != 0)
				s = nomem(err);
		}
		if (s == FG_OK && out.n > 0) {
			qsort(out.v, out.n, sizeof *out.v, int_cmp);
			fg_buf_reset(&b);
			list_ages(&b, out.v, out.n);
			s = finding(a, err, "roster", subj, "check these ages "
			    "against the study's records; correct the roster, "
			    "or the stated range (roster key stated_age_range)",
			    "%s %s %s outside the stated age range %d-%d",
			    out.n == 1 ? "the age" : "the ages", b.p,
			    out.n == 1 ? "lies" : "lie", lo, hi);
		}
	}
	free(out.v);
	fg_buf_free(&b);
	if (s == FG_OK && r->stated_total != NULL && have_total) {
		stated = strtol(r->stated_total, &end, 10);
		if (*end == '\0' && stated != total)
			s = finding(a, err, "roster", "roster", "find the "
			    "participant counted twice or left out, or correct "
			    "stated_total_participants", "the roster states "
			    "%ld participants in all, its %zu groups add up "
			    "to %ld",
			    stated, r->n, total);
	}
	return s;
}

/* ---- speakers ---- */

static enum fg_status
check_speakers(struct fg_db *db, struct fg_audit *a, struct fg_error *err)
{
	struct fg_audit_line *l;
	char subj[600];
	sqlite3_stmt *st;
	enum fg_status s = FG_OK;
	int rc;

	l = line(a, "speakers", "sources");
	if ((s = fg_db_prepare(db, "SELECT count(*) FROM source", &st, err)) !=
	    FG_OK)
		return s;
	if (sqlite3_step(st) == SQLITE_ROW)
		l->checked = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	/* speakers of a source that never match a participant, other than
	 * the facilitator named by the front matter or the roster */
	if ((s = fg_db_prepare(db, "SELECT s.name, t.speaker, count(*), g.fg "
	    "FROM turn t JOIN source s ON s.id = t.source_id LEFT JOIN "
	    "focus_group g ON g.id = s.group_id GROUP BY t.source_id, "
	    "t.speaker HAVING max(t.participant_id) IS NULL AND t.speaker NOT "
	    "IN (SELECT value FROM source_attr WHERE source_id = t.source_id "
	    "AND key = 'facilitator' UNION SELECT facilitator FROM focus_group "
	    "WHERE id = s.group_id AND facilitator IS NOT NULL) ORDER BY "
	    "t.source_id, min(t.seq)", &st, err)) != FG_OK)
		return s;
	while (s == FG_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(subj, sizeof subj, "source %s", col(st, 0));
		if (col(st, 3) != NULL)
			s = finding(a, err, "speakers", subj, "add the "
			    "participant to the roster or to the transcript's "
			    "front matter and import it again, or name the "
			    "speaker as the facilitator",
			    "the speaker \"%s\" (%lld turns) matches no "
			    "participant of FG %s", col(st, 1),
			    (long long)sqlite3_column_int64(st, 2), col(st, 3));
		else
			s = finding(a, err, "speakers", subj, "give the "
			    "transcript its focus group (fg: in the front "
			    "matter) and its participants, and import it again",
			    "the speaker \"%s\" (%lld turns) matches no "
			    "participant: the source has no focus group",
			    col(st, 1), (long long)sqlite3_column_int64(st, 2));
	}
	sqlite3_finalize(st);
	if (s != FG_OK)
		return s;
	return rc == SQLITE_DONE ? FG_OK : fg_db_fail(db, rc, err);
}

/* ---- citations against the roster ---- */

static const char ADV_CITE[] = "correct the citation, or the roster if the "
    "citation is right (citations are checked against the participants "
    "recorded for the group when all are known, else against its "
    "published gender and age cells)";

static const struct group *
find_group(const struct roster *r, const char *fg)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->g[i].fg, fg) == 0)
			return &r->g[i];
	return NULL;
}

/* How many participants of g have gender word w (NULL: any); -1 when the
 * roster cannot tell. */
static long
gender_count(const struct group *g, const char *w)
{
	size_t i;
	long k = 0;

	if (g->complete) {
		for (i = 0; i < g->nrows; i++)
			k += w == NULL || (g->rows[i].gender &&
			    strcmp(g->rows[i].gender, w) == 0);
		return k;
	}
	if (!g->gread)
		return g->size;
	if (w == NULL)
		return g->nf + g->nm + g->nother;
	return strcmp(w, "female") == 0 ? g->nf : strcmp(w, "male") == 0 ?
	    g->nm : -1;
}

/* The ages a participant of gender w (NULL: any) may have in g: 1 and
 * *av filled, or 0 when the roster has no ages for the group. *tied: the
 * ages are those of gender w alone. */
static int
avail_ages(const struct group *g, const char *w, struct ages *av, int *tied)
{
	size_t i;

	av->n = 0;
	*tied = 0;
	if (g->complete) {
		for (i = 0; i < g->nrows; i++)
			if (w == NULL || strcmp(g->rows[i].gender, w) == 0)
				if (ages_push(av, g->rows[i].age) != 0)
					return -1;
		*tied = 1;
		return 1;
	}
	if (!g->aread)
		return 0;
	/* published cells: ages are tied to a gender only in a group of one
	 * gender */
	if (w != NULL && g->gread && g->nother == 0 && ((strcmp(w, "female") ==
	    0 && g->nm == 0) || (strcmp(w, "male") == 0 && g->nf == 0)))
		*tied = 1;
	if (w != NULL && g->gread && gender_count(g, w) == 0) {
		*tied = 1;
		return 1;           /* none of that gender */
	}
	for (i = 0; i < g->pub.n; i++)
		if (ages_push(av, g->pub.v[i]) != 0)
			return -1;
	return 1;
}

/* The cross check: per group, age and gender, the most participants one
 * citation cites, and which. */
struct cite_need {
	const struct group *g;
	const char *gender;     /* "female", "male" */
	int age;
	size_t most;
	size_t entry;           /* the citation citing most */
	int flagged;            /* a single citation already overstates */
};

struct cross {
	struct cite_need *v;
	size_t n;
};

static int
need(struct cross *c, const struct group *g, const char *w, int age,
    size_t count, size_t entry, int flagged)
{
	struct cite_need *p;
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->v[i].g == g && strcmp(c->v[i].gender, w) == 0 &&
		    c->v[i].age == age)
			break;
	if (i == c->n) {
		if ((p = realloc(c->v, (c->n + 1) * sizeof *p)) == NULL)
			return -1;
		c->v = p;
		memset(&p[c->n], 0, sizeof *p);
		p[c->n].g = g;
		p[c->n].gender = w;
		p[c->n].age = age;
		c->n++;
	}
	if (count > c->v[i].most) {
		c->v[i].most = count;
		c->v[i].entry = entry;
	}
	c->v[i].flagged |= flagged;
	return 0;
}

/* One clause of a citation against its group. */
static enum fg_status
check_clause(struct fg_audit *a, const struct fg_cite_entry *e,
    size_t entry, const struct group *g, const struct fg_cite_clause *c,
    struct cross *cx, struct fg_error *err)
{
	struct fg_buf h = FG_BUF_INIT;
	struct ages av, want;
	enum fg_status s = FG_OK;
	const char *w = c->gender, *gw = w ? w : "";
	long count;
	size_t i, people, have, asked;
	int r, tied, flagged;

	memset(&av, 0, sizeof av);
	memset(&want, 0, sizeof want);
	people = c->range ? 2 : c->nages + (size_t)(c->unknown_age > 0 ?
	    c->unknown_age : 0);
	if (!c->plural && !c->range)
		people = c->nages ? c->nages : 1;
	count = gender_count(g, w);
	if (count >= 0 && (long)people > count) {
		s = finding(a, err, "citations", e->label, ADV_CITE, "\"%s\" "
		    "cites %zu %s%sparticipant%s of FG %s, which has %ld",
		    e->text, people, gw, w ? " " : "", people == 1 ? "" : "s",
		    g->fg, count);
		goto out;
	}
	if ((r = avail_ages(g, w, &av, &tied)) < 0) {
		s = nomem(err);
		goto out;
	}
	if (r == 0) {
		if (c->nages > 0 || c->range)
			s = finding(a, err, "citations", e->label, "add the "
			    "group's ages to the roster (published: age:, or "
			    "the participants)", "\"%s\": the roster has no "
			    "ages for FG %s, so its ages cannot be checked",
			    e->text, g->fg);
		goto out;
	}
	qsort(av.v, av.n, sizeof *av.v, int_cmp);
	list_ages(&h, av.v, av.n);
	if (c->range) {
		if (ages_count(&av, c->lo) == 0 || ages_count(&av, c->hi) == 0)
			s = finding(a, err, "citations", e->label, ADV_CITE,
			    "\"%s\": FG %s has no %s%sparticipant aged %d (its "
			    "%s%sages: %s)", e->text, g->fg, gw, w ? " " : "",
			    ages_count(&av, c->lo) == 0 ? c->lo : c->hi,
			    tied ? gw : "", tied && w ? " " : "", h.p);
		goto out;
	}
	/* each age, as many times as cited */
	for (i = 0; i < c->nages; i++)
		if (ages_push(&want, c->ages[i]) != 0) {
			s = nomem(err);
			goto out;
		}
	qsort(want.v, want.n, sizeof *want.v, int_cmp);
	for (i = 0; s == FG_OK && i < want.n; i++) {
		if (i > 0 && want.v[i] == want.v[i - 1])
			continue;
		asked = ages_count(&want, want.v[i]);
		have = ages_count(&av, want.v[i]);
		flagged = asked > have;
		if (flagged && have == 0)
			s = finding(a, err, "citations", e->label, ADV_CITE,
			    "\"%s\": FG %s has no %s%sparticipant aged %d (its "
			    "%s%sages: %s)", e->text, g->fg, gw, w ? " " : "",
			    want.v[i], tied ? gw : "", tied && w ? " " : "",
			    h.p);
		else if (flagged)
			s = finding(a, err, "citations", e->label, ADV_CITE,
			    "\"%s\" cites %zu %s%s%s aged %d from FG %s, which "
			    "has %zu (its %s%sages: %s)", e->text, asked, gw,
			    w ? " " : "", asked == 1 ? "participant" :
			    "participants",
			    want.v[i], g->fg, have, tied ? gw : "",
			    tied && w ? " " : "", h.p);
		if (s == FG_OK && w != NULL && need(cx, g, w, want.v[i], asked,
		    entry, flagged) != 0)
			s = nomem(err);
	}
out:
	free(av.v);
	free(want.v);
	fg_buf_free(&h);
	return s;
}

/* Distinct participants that the citations together must mean: of one
 * age, the most any citation cites of each gender, summed over genders,
 * can be more than the group has of that age. */
static enum fg_status
check_cross(struct fg_audit *a, const struct fg_cite_entry *e,
    const struct cross *cx, struct fg_error *err)
{
	struct fg_buf lab = FG_BUF_INIT, parts = FG_BUF_INIT,
	    subj = FG_BUF_INIT;
	struct ages av;
	enum fg_status s = FG_OK;
	size_t i, j, total, have, nparts;
	int tied, done;

	memset(&av, 0, sizeof av);
	for (i = 0; s == FG_OK && i < cx->n; i++) {
		const struct cite_need *n = &cx->v[i];
		/* once per group and age */
		for (j = 0, done = 0; j < i; j++)
			if (cx->v[j].g == n->g && cx->v[j].age == n->age)
				done = 1;
		if (done)
			continue;
		total = 0;
		nparts = 0;
		done = 0;
		fg_buf_reset(&parts);
		fg_buf_reset(&lab);
		for (j = i; j < cx->n; j++) {
			if (cx->v[j].g != n->g || cx->v[j].age != n->age)
				continue;
			total += cx->v[j].most;
			done |= cx->v[j].flagged;
			fg_buf_printf(&parts, "%s%zu %s in %s", nparts ? ", " :
			    "", cx->v[j].most, cx->v[j].gender,
			    e[cx->v[j].entry].label);
			fg_buf_printf(&lab, "%s%s", nparts ? " + " : "",
			    e[cx->v[j].entry].label);
			nparts++;
		}
		if (done || nparts < 2)
			continue;
		if (avail_ages(n->g, NULL, &av, &tied) <= 0)
			continue;
		have = ages_count(&av, n->age);
		if (total <= have)
			continue;
		fg_buf_reset(&subj);
		fg_buf_adds(&subj, lab.p);
		s = finding(a, err, "citations", subj.p, "one of these "
		    "citations is wrong about a gender or an age, or the "
		    "roster is: check them against the transcripts",
		    "together they cite %zu different participants aged %d "
		    "from FG %s (%s), which has %zu aged %d", total, n->age,
		    n->g->fg, parts.p, have, n->age);
	}
	free(av.v);
	fg_buf_free(&lab);
	fg_buf_free(&parts);
	fg_buf_free(&subj);
	return s;
}

static int
same_city(const struct group *g, const char *city)
{
	return (g->city && strcasecmp(g->city, city) == 0) ||
	    (g->alias && strcasecmp(g->alias, city) == 0);
}

static enum fg_status
check_citation_list(struct fg_audit *a, const struct roster *r,
    const struct fg_cite_entry *e, size_t n, struct fg_error *err)
{
	struct fg_citation *c;
	struct fg_error perr;
	struct cross cx;
	enum fg_status s = FG_OK;
	const struct group *g;
	size_t i, j, k;

	memset(&cx, 0, sizeof cx);
	for (i = 0; s == FG_OK && i < n; i++) {
		fg_error_clear(&perr);
		if (fg_cite_parse(e[i].text, &c, &perr) != FG_OK) {
			if (perr.code == FG_NOMEM)
				s = nomem(err);
			else
				s = finding(a, err, "citations", e[i].label,
				    "write it in the form \"FG 21, female "
				    "participant aged 50, Shymkent\"", "\"%s\" "
				    "cannot be read as a citation: %s (column "
				    "%d)", e[i].text, perr.msg, perr.col);
			continue;
		}
		for (j = 0; s == FG_OK && j < c->n; j++) {
			const struct fg_cite_group *cg = &c->groups[j];
			if ((g = find_group(r, cg->fg)) == NULL) {
				s = finding(a, err, "citations", e[i].label,
				    ADV_CITE, "\"%s\": the roster has no FG %s",
				    e[i].text, cg->fg);
				continue;
			}
			if (cg->city && !same_city(g, cg->city))
				s = finding(a, err, "citations", e[i].label,
				    ADV_CITE, "\"%s\": FG %s met in %s, not %s",
				    e[i].text, g->fg, g->city ? g->city :
				    "a city the roster does not name",
				    cg->city);
			for (k = 0; s == FG_OK && k < cg->n; k++)
				s = check_clause(a, &e[i], i, g,
				    &cg->clauses[k], &cx, err);
		}
		fg_citation_free(c);
	}
	if (s == FG_OK)
		s = check_cross(a, e, &cx, err);
	free(cx.v);
	return s;
}

enum fg_status
fg_audit_citations(struct fg_db *db, const struct fg_cite_entry *e,
    size_t n, struct fg_audit **out, struct fg_error *err)
{
	struct fg_audit *a;
	struct roster r;
	enum fg_status s;

	*out = NULL;
	if ((a = calloc(1, sizeof *a)) == NULL)
		return nomem(err);
	line(a, "citations", "citations")->checked = (long)n;
	if ((s = roster_load(db, &r, err)) == FG_OK)
		s = check_citation_list(a, &r, e, n, err);
	roster_free(&r);
	if (s != FG_OK) {
		fg_audit_free(a);
		return s;
	}
	count_findings(a);
	*out = a;
	return FG_OK;
}

/* The stored citations as entries. */
static enum fg_status
stored_citations(struct fg_db *db, struct fg_cite_entry **out, size_t *n,
    struct fg_error *err)
{
	struct fg_cite_entry *e;
	sqlite3_stmt *st;
	enum fg_status s;
	int rc;

	*out = NULL;
	*n = 0;
	if ((s = fg_db_prepare(db, "SELECT label, text FROM citation ORDER BY "
	    "id", &st, err)) != FG_OK)
		return s;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((e = realloc(*out, (*n + 1) * sizeof *e)) == NULL) {
			sqlite3_finalize(st);
			return nomem(err);
		}
		*out = e;
		e += (*n)++;
		memset(e, 0, sizeof *e);
		e->label = dupn(col(st, 0));
		e->text = dupn(col(st, 1));
		if (e->label == NULL || e->text == NULL) {
			sqlite3_finalize(st);
			return nomem(err);
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? FG_OK : fg_db_fail(db, rc, err);
}

enum fg_status
fg_audit_run(struct fg_db *db, const struct fg_audit_opts *o,
    struct fg_audit **out, struct fg_error *err)
{
	struct fg_cite_entry *e = NULL;
	struct fg_audit *a;
	struct roster r;
	enum fg_status s;
	size_t n = 0;
	int pending = 0;

	*out = NULL;
	if ((a = calloc(1, sizeof *a)) == NULL)
		return nomem(err);
	memset(&r, 0, sizeof r);
	if ((s = check_sources(db, a, o, err)) == FG_OK &&
	    (s = check_history(db, a, o, &pending, err)) == FG_OK &&
	    (s = check_state(db, a, pending, err)) == FG_OK &&
	    (s = roster_load(db, &r, err)) == FG_OK &&
	    (s = check_roster(a, &r, err)) == FG_OK &&
	    (s = check_speakers(db, a, err)) == FG_OK &&
	    (s = stored_citations(db, &e, &n, err)) == FG_OK) {
		line(a, "citations", "citations")->checked = (long)n;
		s = check_citation_list(a, &r, e, n, err);
	}
	fg_cite_entries_free(e, n);
	roster_free(&r);
	if (s != FG_OK) {
		fg_audit_free(a);
		return s;
	}
	count_findings(a);
	*out = a;
	return FG_OK;
}

/* ---- citations files ---- */

void
fg_cite_entries_free(struct fg_cite_entry *e, size_t n)
{
	size_t i;

	for (i = 0; e && i < n; i++) {
		free(e[i].label);
		free(e[i].text);
	}
	free(e);
}

enum fg_status
fg_cite_entries_load(const char *path, struct fg_cite_entry **out,
    size_t *n, struct fg_error *err)
{
	const struct fg_yaml *list, *it, *k, *fn, *lb, *tx;
	struct fg_cite_entry *e = NULL;
	struct fg_yaml *root;
	enum fg_status s = FG_OK;
	char label[256];
	size_t i, j, m = 0;
	long num;

	*out = NULL;
	*n = 0;
	if ((s = fg_yaml_load_file(path, NULL, &root, err)) != FG_OK)
		return s;
	if (root == NULL || root->kind != FG_YAML_MAP) {
		s = fg_yaml_error(err, path, root, "a citations file is a "
		    "mapping with 'citations:', a list of footnote:/label: and "
		    "text:");
		goto out;
	}
	for (i = 0; i < root->n; i++) {
		k = root->items[2 * i];
		if (strcmp(k->str, "citations") != 0 &&
		    strcmp(k->str, "source") != 0) {
			s = fg_yaml_error(err, path, k, "unknown key '%s' "
			    "(known: source, citations)", k->str);
			goto out;
		}
	}
	list = fg_yaml_get(root, "citations");
	if (list == NULL || list->kind != FG_YAML_SEQ) {
		s = fg_yaml_error(err, path, list ? list : root, "'citations' "
		    "must be a list");
		goto out;
	}
	if ((e = calloc(list->n ? list->n : 1, sizeof *e)) == NULL) {
		s = nomem(err);
		goto out;
	}
	for (i = 0; i < list->n; i++) {
		it = list->items[i];
		if (it->kind != FG_YAML_MAP) {
			s = fg_yaml_error(err, path, it, "a citation is a "
			    "mapping with footnote: (or label:) and text:");
			goto out;
		}
		for (j = 0; j < it->n; j++) {
			k = it->items[2 * j];
			if (strcmp(k->str, "footnote") != 0 &&
			    strcmp(k->str, "label") != 0 &&
			    strcmp(k->str, "text") != 0) {
				s = fg_yaml_error(err, path, k, "unknown key "
				    "'%s' in a citation (known: footnote, "
				    "label, text)", k->str);
				goto out;
			}
		}
		fn = fg_yaml_get(it, "footnote");
		lb = fg_yaml_get(it, "label");
		tx = fg_yaml_get(it, "text");
		if (tx == NULL || fg_yaml_str(tx) == NULL) {
			s = fg_yaml_error(err, path, tx ? tx : it, "a citation "
			    "needs text:");
			goto out;
		}
		if ((fn == NULL) == (lb == NULL)) {
			s = fg_yaml_error(err, path, it, "give a citation one "
			    "of footnote: (a number) and label:");
			goto out;
		}
		if (fn != NULL) {
			if (fg_yaml_int(fn, 1, 1000000, &num) != 0) {
				s = fg_yaml_error(err, path, fn, "'footnote' "
				    "must be a number");
				goto out;
			}
			snprintf(label, sizeof label, "footnote %ld", num);
		} else if (fg_yaml_str(lb) == NULL) {
			s = fg_yaml_error(err, path, lb, "'label' is empty");
			goto out;
		} else {
			snprintf(label, sizeof label, "%s", fg_yaml_str(lb));
		}
		for (j = 0; j < m; j++)
			if (strcmp(e[j].label, label) == 0) {
				s = fg_yaml_error(err, path, fn ? fn : lb,
				    "'%s' is given twice (first at line %d)",
				    label, e[j].line);
				goto out;
			}
		e[m].label = strdup(label);
		e[m].text = strdup(fg_yaml_str(tx));
		e[m].line = (fn ? fn : lb)->line;
		e[m].col = tx->col;
		m++;
		if (e[m - 1].label == NULL || e[m - 1].text == NULL) {
			s = nomem(err);
			goto out;
		}
	}
out:
	fg_yaml_free(root);
	if (s != FG_OK) {
		fg_cite_entries_free(e, m);
		return s;
	}
	*out = e;
	*n = m;
	return FG_OK;
}

enum fg_status
fg_cite_entries_store(struct fg_db *db, const char *file,
    const struct fg_cite_entry *e, size_t n, size_t *stored,
    struct fg_error *err)
{
	struct fg_citation *c;
	struct fg_buf subj = FG_BUF_INIT;
	sqlite3_stmt *st;
	enum fg_status s = FG_OK;
	json_t *d;
	char *dj;
	size_t i;
	int rc;

	if (stored)
		*stored = 0;
	for (i = 0; i < n; i++) {
		struct fg_error perr;
		fg_error_clear(&perr);
		if ((s = fg_cite_parse(e[i].text, &c, &perr)) != FG_OK)
			return s == FG_NOMEM ? nomem(err) : fg_error_set(err,
			    FG_INPUT, file, e[i].line, e[i].col, "%s: \"%s\" "
			    "is not a citation: %s", e[i].label, e[i].text,
			    perr.msg);
		fg_citation_free(c);
	}
	for (i = 0; s == FG_OK && i < n; i++) {
		if ((s = fg_db_prepare(db, "INSERT INTO citation (label, text, "
		    "created_at, created_by) VALUES (?1, ?2, ?3, ?4) ON "
		    "CONFLICT(label) DO UPDATE SET text = excluded.text, "
		    "created_at = excluded.created_at, created_by = "
		    "excluded.created_by WHERE text <> excluded.text", &st,
		    err)) != FG_OK)
			break;
		sqlite3_bind_text(st, 1, e[i].label, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, e[i].text, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, db->now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, db->who[0] ? db->who : "unknown", -1,
		    SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			s = fg_db_fail(db, rc, err);
			break;
		}
		if (sqlite3_changes(db->db) == 0)
			continue;       /* the same text is there already */
		if (stored)
			(*stored)++;
		d = json_pack("{s:s, s:s}", "label", e[i].label, "text",
		    e[i].text);
		dj = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
		json_decref(d);
		fg_buf_reset(&subj);
		if (dj == NULL || fg_buf_printf(&subj, "citation/%s",
		    e[i].label) != FG_OK) {
			free(dj);
			s = nomem(err);
			break;
		}
		s = fg_history_append(db, "citation.store", subj.p, dj, err);
		free(dj);
	}
	fg_buf_free(&subj);
	return s;
}

/* ---- text ---- */

#define WRAP 72

/* Append the words of s to out wrapped at WRAP columns: *col is the
 * current column, *fresh is 1 at the start of a line (no blank before the
 * next word); continuation lines begin with indent blanks. */
static void
wrap(struct fg_buf *out, const char *s, size_t *col, int *fresh,
    size_t indent)
{
	size_t n, w;

	for (;;) {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			return;
		n = strcspn(s, " ");
		w = fg_utf8_cp_count(s, n);
		if (!*fresh && *col + 1 + w > WRAP && *col > indent) {
			fg_buf_printf(out, "\n%*s", (int)indent, "");
			*col = indent;
			*fresh = 1;
		}
		if (!*fresh) {
			fg_buf_addc(out, ' ');
			(*col)++;
		}
		fg_buf_add(out, s, n);
		*col += w;
		*fresh = 0;
		s += n;
	}
}

enum fg_status
fg_audit_to_text(const struct fg_audit *a, int summary, struct fg_buf *out,
    struct fg_error *err)
{
	struct fg_buf b = FG_BUF_INIT;
	const struct fg_audit_line *l;
	size_t i, col;
	int fresh;

	if (summary) {
		fg_buf_printf(out, "%-10s %-26s %s\n", "check", "checked",
		    "result");
		for (i = 0; i < a->nlines; i++) {
			l = &a->lines[i];
			fg_buf_reset(&b);
			fg_buf_printf(&b, "%ld %s", l->checked, l->unit);
			if (l->note)
				fg_buf_printf(&b, " (%s)", l->note);
			if (l->findings == 0)
				fg_buf_printf(out, "%-10s %-26s ok\n", l->check,
				    b.p);
			else
				fg_buf_printf(out,
				    "%-10s %-26s %zu finding%s\n",
				    l->check, b.p, l->findings,
				    l->findings == 1 ? "" : "s");
		}
		if (a->head_id > 0)
			fg_buf_printf(out, "history head: event %lld\n%s\n",
			    (long long)a->head_id, a->head);
		else
			fg_buf_adds(out, "history head: no events\n");
	}
	for (i = 0; i < a->n; i++) {
		fg_buf_reset(&b);
		fg_buf_printf(&b, "%zu. %s, %s:", i + 1, a->findings[i].check,
		    a->findings[i].subject);
		if (i > 0 || summary)
			fg_buf_addc(out, '\n');
		col = 0;
		fresh = 1;
		wrap(out, b.p, &col, &fresh, 3);
		wrap(out, a->findings[i].message, &col, &fresh, 3);
		fg_buf_adds(out, "\n   what to do:");
		col = 14;
		fresh = 0;
		wrap(out, a->findings[i].advice, &col, &fresh, 3);
		fg_buf_addc(out, '\n');
	}
	fg_buf_free(&b);
	if (out->p == NULL)
		fg_buf_adds(out, "");
	return out->p == NULL ? nomem(err) : FG_OK;
}

/* ---- JSON ---- */

enum fg_status
fg_audit_to_json(const struct fg_audit *a, struct fg_buf *out,
    struct fg_error *err)
{
	json_t *o, *checks, *fs, *x;
	size_t i;
	char *text;

	checks = json_array();
	fs = json_array();
	o = json_pack("{s:b, s:o, s:{s:I, s:s}, s:o}", "ok", a->n == 0,
	    "checks", checks, "head", "event", (json_int_t)a->head_id, "hash",
	    a->head, "findings", fs);
	if (o == NULL)
		return nomem(err);
	for (i = 0; i < a->nlines; i++) {
		x = json_pack("{s:s, s:I, s:s, s:I, s:s?}", "check",
		    a->lines[i].check, "checked",
		    (json_int_t)a->lines[i].checked,
		    "unit", a->lines[i].unit, "findings",
		    (json_int_t)a->lines[i].findings, "note", a->lines[i].note);
		if (x == NULL || json_array_append_new(checks, x) != 0) {
			json_decref(o);
			return nomem(err);
		}
	}
	for (i = 0; i < a->n; i++) {
		x = json_pack("{s:s, s:s, s:s, s:s}", "check",
		    a->findings[i].check, "subject", a->findings[i].subject,
		    "finding", a->findings[i].message, "what_to_do",
		    a->findings[i].advice);
		if (x == NULL || json_array_append_new(fs, x) != 0) {
			json_decref(o);
			return nomem(err);
		}
	}
	text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (text == NULL || fg_buf_adds(out, text) != FG_OK ||
	    fg_buf_adds(out, "\n") != FG_OK) {
		free(text);
		return nomem(err);
	}
	free(text);
	return FG_OK;
}
