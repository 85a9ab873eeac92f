/* audit.c - the checks of fgcode audit and of fgcode cite --check: the
 * findings, the excerpts, sources and original files against their
 * hashes, the run of every check, and the report as text or JSON.  The
 * history, roster and citation checks are in audit-history.c,
 * audit-roster.c and audit-cite.c. */
#include "config.h"

#include "core/audit.h"
#include "core/audit-impl.h"

#include <errno.h>
#include <jansson.h>
#include <nettle/sha2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/quote.h"
#include "core/utf8.h"

enum fg_status
fg_audit_nomem(struct fg_error *err)
{
	return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
}

const char *
fg_audit_col(sqlite3_stmt *st, int i)
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

enum fg_status
fg_audit_finding(struct fg_audit *a, struct fg_error *err, const char *check,
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
			return fg_audit_nomem(err);
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
		return fg_audit_nomem(err);
	}
	a->n++;
	return FG_OK;
}

/* Start the summary line of check (its findings are counted at the end). */
struct fg_audit_line *
fg_audit_add_line(struct fg_audit *a, const char *check, const char *unit)
{
	struct fg_audit_line *l = &a->lines[a->nlines++];

	memset(l, 0, sizeof *l);
	l->check = check;
	l->unit = unit;
	return l;
}

void
fg_audit_count_findings(struct fg_audit *a)
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
		ex = fg_audit_col(st, 5) ? fg_audit_col(st, 5) : "";
		exlen = (size_t)sqlite3_column_bytes(st, 5);
		exsha = fg_audit_col(st, 6) ? fg_audit_col(st, 6) : "";
		fg_quote_id(text_sha, a_cp, b_cp, fg_audit_col(st, 7),
		    fg_audit_col(st, 8), qid);
		snprintf(subj, sizeof subj, "coding %lld (%s)",
		    (long long)sqlite3_column_int64(st, 0), qid);
		if (a_b < 0 || b_b <= a_b || (size_t)b_b > len) {
			s = fg_audit_finding(a, err, "excerpts", subj,
			    ADV_EXCERPT, "its range, bytes %lld:%lld, lies "
			    "outside the text of %s (%zu bytes)",
			    (long long)a_b, (long long)b_b, name, len);
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
			s = fg_audit_finding(a, err, "excerpts", subj,
			    ADV_EXCERPT, "in %s its code points %lld:%lld and "
			    "bytes %lld:%lld are not the same range", name,
			    (long long)a_cp, (long long)b_cp, (long long)a_b,
			    (long long)b_b);
		if (s == FG_OK && (exlen != (size_t)(b_b - a_b) ||
		    memcmp(ex, text + a_b, exlen) != 0))
			s = fg_audit_finding(a, err, "excerpts", subj,
			    ADV_EXCERPT, "its stored excerpt is not the text "
			    "of %s at %lld:%lld", name, (long long)a_cp,
			    (long long)b_cp);
		fg_sha256_hex(ex, exlen, sha);
		if (s == FG_OK && strcmp(sha, exsha) != 0)
			s = fg_audit_finding(a, err, "excerpts", subj,
			    ADV_EXCERPT, "its excerpt does not hash to the "
			    "SHA-256 recorded when it was coded");
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

	lx = fg_audit_add_line(a, "excerpts", "codings");
	ls = fg_audit_add_line(a, "sources", "sources");
	lo = fg_audit_add_line(a, "originals", "files");
	if ((s = fg_db_prepare(db, "SELECT id, name, path, file_sha256, "
	    "text_sha256, text, n_bytes, n_cp FROM source ORDER BY id", &st,
	    err)) != FG_OK)
		return s;
	while (s == FG_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		name = fg_audit_col(st, 1);
		text = (const char *)sqlite3_column_blob(st, 5);
		len = (size_t)sqlite3_column_bytes(st, 5);
		if (text == NULL)
			text = "";
		ls->checked++;
		snprintf(subj, sizeof subj, "source %s", name);
		fg_sha256_hex(text, len, sha);
		if (strcmp(sha, fg_audit_col(st, 4) ? fg_audit_col(st, 4) :
		    "") != 0)
			s = fg_audit_finding(a, err, "sources", subj,
			    ADV_SOURCE, "its text does not hash to the "
			    "SHA-256 recorded at import");
		else if (sqlite3_column_int64(st, 6) != (int64_t)len ||
		    sqlite3_column_int64(st, 7) != (int64_t)cps(text, 0, len))
			s = fg_audit_finding(a, err, "sources", subj,
			    ADV_SOURCE, "its recorded length is not the "
			    "length of its text");
		if (s == FG_OK)
			s = check_codings(db, a, sqlite3_column_int64(st, 0),
			    name, text, len, fg_audit_col(st, 4), &ncod, err);
		/* the original file */
		fg_buf_reset(&path);
		if (o && o->originals)
			fg_buf_printf(&path, "%s/%s", o->originals, name);
		else
			fg_buf_adds(&path, fg_audit_col(st, 2));
		if (s != FG_OK || path.p == NULL)
			continue;
		r = file_sha(path.p, sha);
		if (r == 0) {
			missing++;
		} else if (r < 0) {
			unreadable++;
		} else {
			lo->checked++;
			if (strcmp(sha, fg_audit_col(st, 3)) != 0)
				s = fg_audit_finding(a, err, "originals", subj,
				    "the transcript was edited after it was "
				    "imported: if the edit is wanted, import "
				    "the file again as a new source and "
				    "recode; if not, restore the original",
				    "the file %s no longer has the SHA-256 "
				    "recorded at import (%.12s..., now "
				    "%.12s...)",
				    path.p, fg_audit_col(st, 3), sha);
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
			return fg_audit_nomem(err);
	}
	return FG_OK;
}

/* ---- every check ---- */

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
			return fg_audit_nomem(err);
		}
		*out = e;
		e += (*n)++;
		memset(e, 0, sizeof *e);
		e->label = fg_audit_dupn(fg_audit_col(st, 0));
		e->text = fg_audit_dupn(fg_audit_col(st, 1));
		if (e->label == NULL || e->text == NULL) {
			sqlite3_finalize(st);
			return fg_audit_nomem(err);
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
	struct fg_audit_roster r;
	enum fg_status s;
	size_t n = 0;
	int pending = 0;

	*out = NULL;
	if ((a = calloc(1, sizeof *a)) == NULL)
		return fg_audit_nomem(err);
	memset(&r, 0, sizeof r);
	if ((s = check_sources(db, a, o, err)) == FG_OK &&
	    (s = fg_audit_check_history(db, a, o, &pending, err)) == FG_OK &&
	    (s = fg_audit_check_state(db, a, pending, err)) == FG_OK &&
	    (s = fg_audit_roster_load(db, &r, err)) == FG_OK &&
	    (s = fg_audit_check_roster(a, &r, err)) == FG_OK &&
	    (s = fg_audit_check_speakers(db, a, err)) == FG_OK &&
	    (s = stored_citations(db, &e, &n, err)) == FG_OK) {
		fg_audit_add_line(a, "citations", "citations")->checked =
		    (long)n;
		s = fg_audit_check_citation_list(a, &r, e, n, err);
	}
	fg_cite_entries_free(e, n);
	fg_audit_roster_free(&r);
	if (s != FG_OK) {
		fg_audit_free(a);
		return s;
	}
	fg_audit_count_findings(a);
	*out = a;
	return FG_OK;
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
	return out->p == NULL ? fg_audit_nomem(err) : FG_OK;
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
		return fg_audit_nomem(err);
	for (i = 0; i < a->nlines; i++) {
		x = json_pack("{s:s, s:I, s:s, s:I, s:s?}", "check",
		    a->lines[i].check, "checked",
		    (json_int_t)a->lines[i].checked,
		    "unit", a->lines[i].unit, "findings",
		    (json_int_t)a->lines[i].findings, "note", a->lines[i].note);
		if (x == NULL || json_array_append_new(checks, x) != 0) {
			json_decref(o);
			return fg_audit_nomem(err);
		}
	}
	for (i = 0; i < a->n; i++) {
		x = json_pack("{s:s, s:s, s:s, s:s}", "check",
		    a->findings[i].check, "subject", a->findings[i].subject,
		    "finding", a->findings[i].message, "what_to_do",
		    a->findings[i].advice);
		if (x == NULL || json_array_append_new(fs, x) != 0) {
			json_decref(o);
			return fg_audit_nomem(err);
		}
	}
	text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (text == NULL || fg_buf_adds(out, text) != FG_OK ||
	    fg_buf_adds(out, "\n") != FG_OK) {
		free(text);
		return fg_audit_nomem(err);
	}
	free(text);
	return FG_OK;
}
