/* quote.c - quote IDs and quotes with everything a reviewer needs; the
 * citations in the study's footnote style are in quote-cite.c. */
#include "config.h"

#include "core/quote.h"
#include "core/quote-impl.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"

enum fg_status
fg_quote_nomem(struct fg_error *err)
{
	return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
}

const char *
fg_quote_col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

char *
fg_quote_dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* ---- quote IDs ---- */

void
fg_quote_id(const char *text_sha256, int64_t start_cp, int64_t end_cp,
    const char *code, const char *coder, char out[FG_QUOTE_ID_SIZE])
{
	struct fg_buf b = FG_BUF_INIT;
	char h[FG_SHA256_HEX];

	fg_buf_printf(&b, "fgcode-quote-1\n%s\n%lld\n%lld\n%s\n%s",
	    text_sha256 ? text_sha256 : "", (long long)start_cp,
	    (long long)end_cp, code ? code : "", coder ? coder : "");
	fg_sha256_hex(b.p ? b.p : "", b.len, h);
	fg_buf_free(&b);
	snprintf(out, FG_QUOTE_ID_SIZE, "Q-%.*s", FG_QUOTE_ID_DIGITS, h);
}

#define QUOTE_COLS "SELECT c.id, s.text_sha256, c.start_cp, c.end_cp, " \
	"k.name, c.coder FROM coding c JOIN source s ON s.id = c.source_id " \
	"JOIN code k ON k.id = c.code_id "

static void
row_id(sqlite3_stmt *st, char out[FG_QUOTE_ID_SIZE])
{
	fg_quote_id(fg_quote_col(st, 1), sqlite3_column_int64(st, 2),
	    sqlite3_column_int64(st, 3), fg_quote_col(st, 4),
	    fg_quote_col(st, 5), out);
}

enum fg_status
fg_quote_id_of(struct fg_db *db, int64_t id, char out[FG_QUOTE_ID_SIZE],
    struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	int rc;

	if ((s = fg_db_prepare(db, QUOTE_COLS "WHERE c.id = ?1", &st, err)) !=
	    FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		row_id(st, out);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return FG_OK;
	return rc == SQLITE_DONE ? fg_error_set(err, FG_NOTFOUND, NULL, 0, 0,
	    "no coding %lld (see 'fgcode codings')", (long long)id) :
	    fg_db_fail(db, rc, err);
}

enum fg_status
fg_quote_parse(const char *spec, char out[FG_QUOTE_ID_SIZE],
    struct fg_error *err)
{
	const char *p = spec;
	size_t n;

	if ((p[0] == 'Q' || p[0] == 'q') && p[1] == '-')
		p += 2;
	n = strlen(p);
	if (n < 6 || n > FG_QUOTE_ID_DIGITS || strspn(p,
	    "0123456789abcdefABCDEF") != n)
		return fg_error_set(err, FG_USAGE, NULL, 0, 0, "'%s' is not a "
		    "quote ID (Q- and %d hex digits, such as Q-3f9a2c1d07; at "
		    "least 6 of them)", spec, FG_QUOTE_ID_DIGITS);
	out[0] = 'Q';
	out[1] = '-';
	for (n = 0; p[n]; n++)
		out[2 + n] = (char)tolower((unsigned char)p[n]);
	out[2 + n] = '\0';
	return FG_OK;
}

enum fg_status
fg_quote_resolve(struct fg_db *db, const char *spec, int64_t *id,
    char qid[FG_QUOTE_ID_SIZE], struct fg_error *err)
{
	char want[FG_QUOTE_ID_SIZE], got[FG_QUOTE_ID_SIZE];
	struct fg_buf many = FG_BUF_INIT;
	sqlite3_stmt *st;
	enum fg_status s;
	size_t wl, n = 0;
	int rc;

	if ((s = fg_quote_parse(spec, want, err)) != FG_OK)
		return s;
	wl = strlen(want);
	if ((s = fg_db_prepare(db, QUOTE_COLS "ORDER BY c.id", &st, err)) !=
	    FG_OK)
		return s;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_id(st, got);
		if (strncmp(got, want, wl) != 0)
			continue;
		/* the same ID twice is one quote coded twice; keep the first */
		if (n > 0 && strcmp(got, qid) == 0)
			continue;
		if (n == 0) {
			*id = sqlite3_column_int64(st, 0);
			memcpy(qid, got, FG_QUOTE_ID_SIZE);
		}
		fg_buf_printf(&many, "%s%s", n ? ", " : "", got);
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		fg_buf_free(&many);
		return fg_db_fail(db, rc, err);
	}
	if (n == 0)
		s = fg_error_set(err, FG_NOTFOUND, NULL, 0, 0, "no quote %s in "
		    "this project ('fgcode quote' lists them; 'fgcode blame' "
		    "also finds removed ones)", want);
	else if (n > 1)
		s = fg_error_set(err, FG_INPUT, NULL, 0, 0, "%s is ambiguous: "
		    "%s; give more digits", want, many.p);
	fg_buf_free(&many);
	return s;
}

/* ---- quotes ---- */

void
fg_quote_free(struct fg_quote *q)
{
	size_t i;

	if (q == NULL)
		return;
	free(q->excerpt);
	free(q->excerpt_sha256);
	free(q->source);
	free(q->source_path);
	free(q->file_sha256);
	free(q->text_sha256);
	free(q->fg);
	free(q->city);
	free(q->code);
	free(q->coder);
	free(q->created_at);
	free(q->memo);
	for (i = 0; i < q->nturns; i++)
		free(q->turns[i].speaker);
	free(q->turns);
	free(q->citation);
	free(q);
}

/* Read text bytes [a, b) of source sid into a new buffer (*out, NUL
 * terminated, caller frees).  FG_INPUT when the range does not fit. */
static enum fg_status
read_text(struct fg_db *db, int64_t sid, int64_t a, int64_t b, char **out,
    struct fg_error *err)
{
	sqlite3_blob *blob;
	int rc, size;
	char *p;

	*out = NULL;
	rc = sqlite3_blob_open(db->db, "main", "source", "text", sid, 0,
	    &blob);
	if (rc != SQLITE_OK)
		return fg_db_fail(db, rc, err);
	size = sqlite3_blob_bytes(blob);
	if (a < 0 || b < a || b > size) {
		sqlite3_blob_close(blob);
		return fg_error_set(err, FG_INPUT, NULL, 0, 0, "bytes "
		    "%lld:%lld are outside the source's text (%d bytes)",
		    (long long)a,
		    (long long)b, size);
	}
	if ((p = malloc((size_t)(b - a) + 1)) == NULL) {
		sqlite3_blob_close(blob);
		return fg_quote_nomem(err);
	}
	rc = b > a ? sqlite3_blob_read(blob, p, (int)(b - a), (int)a) :
	    SQLITE_OK;
	sqlite3_blob_close(blob);
	if (rc != SQLITE_OK) {
		free(p);
		return fg_db_fail(db, rc, err);
	}
	p[b - a] = '\0';
	*out = p;
	return FG_OK;
}

static long
count_nl(const char *s, size_t n)
{
	long k = 0;
	size_t i;

	for (i = 0; i < n; i++)
		k += s[i] == '\n';
	return k;
}

static enum fg_status
quote_turns(struct fg_db *db, struct fg_quote *q, int64_t sid,
    int real_names, struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	struct fg_quote_turn *t;
	const char *name;
	int rc;

	if ((s = fg_db_prepare(db, "SELECT t.seq, t.speaker, t.speaker_raw, "
	    "t.participant_id, t.line_start, t.line_end, p.pid, "
	    "(SELECT value FROM participant_attr WHERE participant_id = p.id "
	    "AND key = 'pseudonym'), (SELECT value FROM participant_attr "
	    "WHERE participant_id = p.id AND key = 'name') FROM turn t "
	    "LEFT JOIN participant p ON p.id = t.participant_id WHERE "
	    "t.source_id = ?1 AND t.start_cp < ?3 AND t.end_cp > ?2 ORDER BY "
	    "t.seq", &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, sid);
	sqlite3_bind_int64(st, 2, q->start_cp);
	sqlite3_bind_int64(st, 3, q->end_cp);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		t = realloc(q->turns, (q->nturns + 1) * sizeof *t);
		if (t == NULL) {
			sqlite3_finalize(st);
			return fg_quote_nomem(err);
		}
		q->turns = t;
		t += q->nturns++;
		t->seq = (long)sqlite3_column_int64(st, 0);
		t->participant_id = sqlite3_column_int64(st, 3);
		t->line_start = (long)sqlite3_column_int64(st, 4);
		t->line_end = (long)sqlite3_column_int64(st, 5);
		if (real_names)
			name = fg_quote_col(st, 8) ? fg_quote_col(st, 8) :
			    fg_quote_col(st, 2);
		else if (fg_quote_col(st, 6) != NULL)
			name = fg_quote_col(st, 7) ? fg_quote_col(st, 7) :
			    fg_quote_col(st, 6);
		else
			name = fg_quote_col(st, 1);
		if ((t->speaker = strdup(name ? name : "")) == NULL) {
			sqlite3_finalize(st);
			return fg_quote_nomem(err);
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? FG_OK : fg_db_fail(db, rc, err);
}

/* File lines of the excerpt: counted from the turn containing its start
 * (whose first line is known), else from the start of the text. */
static enum fg_status
quote_lines(struct fg_db *db, struct fg_quote *q, int64_t sid,
    long body_line, struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	int64_t base = 0;
	long line = body_line;
	char *text;
	int rc;

	if ((s = fg_db_prepare(db, "SELECT start_b, line_start FROM turn WHERE "
	    "source_id = ?1 AND start_b <= ?2 ORDER BY start_b DESC LIMIT 1",
	    &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, sid);
	sqlite3_bind_int64(st, 2, q->start_b);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		base = sqlite3_column_int64(st, 0);
		line = (long)sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	if (read_text(db, sid, base, q->end_b, &text, err) != FG_OK) {
		/* a range outside the text: the audit says so; no lines */
		q->line_start = q->line_end = 0;
		return FG_OK;
	}
	q->line_start = line + count_nl(text, (size_t)(q->start_b - base));
	q->line_end = q->line_start + count_nl(text + (q->start_b - base),
	    (size_t)(q->end_b - q->start_b - 1));
	free(text);
	return FG_OK;
}

enum fg_status
fg_quote_get(struct fg_db *db, int64_t id, int real_names,
    struct fg_quote **out, struct fg_error *err)
{
	struct fg_quote *q;
	struct fg_cite_opts co = { 0, 0 };
	char sha[FG_SHA256_HEX];
	sqlite3_stmt *st;
	enum fg_status s;
	int64_t sid = 0, *pids = NULL;
	long body_line = 1;
	size_t np = 0;
	char *text;
	int rc;

	*out = NULL;
	if ((q = calloc(1, sizeof *q)) == NULL)
		return fg_quote_nomem(err);
	q->coding_id = id;
	if ((s = fg_db_prepare(db, "SELECT c.excerpt, c.excerpt_sha256, "
	    "s.name, s.path, s.file_sha256, s.text_sha256, g.fg, g.city, "
	    "k.name, c.coder, c.created_at, c.memo, c.start_cp, c.end_cp, "
	    "c.start_b, c.end_b, s.id, s.body_line FROM coding c JOIN source "
	    "s ON s.id = c.source_id JOIN code k ON k.id = c.code_id LEFT JOIN "
	    "focus_group g ON g.id = s.group_id WHERE c.id = ?1", &st, err))
	    != FG_OK) {
		free(q);
		return s;
	}
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		q->excerpt = fg_quote_dup_or_null(fg_quote_col(st, 0));
		q->excerpt_sha256 = fg_quote_dup_or_null(fg_quote_col(st, 1));
		q->source = fg_quote_dup_or_null(fg_quote_col(st, 2));
		q->source_path = fg_quote_dup_or_null(fg_quote_col(st, 3));
		q->file_sha256 = fg_quote_dup_or_null(fg_quote_col(st, 4));
		q->text_sha256 = fg_quote_dup_or_null(fg_quote_col(st, 5));
		q->fg = fg_quote_dup_or_null(fg_quote_col(st, 6));
		q->city = fg_quote_dup_or_null(fg_quote_col(st, 7));
		q->code = fg_quote_dup_or_null(fg_quote_col(st, 8));
		q->coder = fg_quote_dup_or_null(fg_quote_col(st, 9));
		q->created_at = fg_quote_dup_or_null(fg_quote_col(st, 10));
		q->memo = fg_quote_dup_or_null(fg_quote_col(st, 11));
		q->start_cp = sqlite3_column_int64(st, 12);
		q->end_cp = sqlite3_column_int64(st, 13);
		q->start_b = sqlite3_column_int64(st, 14);
		q->end_b = sqlite3_column_int64(st, 15);
		sid = sqlite3_column_int64(st, 16);
		body_line = (long)sqlite3_column_int64(st, 17);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		fg_quote_free(q);
		return rc == SQLITE_DONE ? fg_error_set(err, FG_NOTFOUND, NULL,
		    0, 0, "no coding %lld", (long long)id) :
		    fg_db_fail(db, rc, err);
	}
	if (q->excerpt == NULL || q->source == NULL || q->code == NULL ||
	    q->coder == NULL || q->text_sha256 == NULL) {
		fg_quote_free(q);
		return fg_quote_nomem(err);
	}
	fg_quote_id(q->text_sha256, q->start_cp, q->end_cp, q->code, q->coder,
	    q->id);
	/* the excerpt against the text and its hash */
	fg_sha256_hex(q->excerpt, strlen(q->excerpt), sha);
	if (read_text(db, sid, q->start_b, q->end_b, &text, err) == FG_OK) {
		q->excerpt_ok = strcmp(text, q->excerpt) == 0 &&
		    q->excerpt_sha256 && strcmp(sha, q->excerpt_sha256) == 0;
		free(text);
	}
	if ((s = quote_turns(db, q, sid, real_names, err)) != FG_OK ||
	    (s = quote_lines(db, q, sid, body_line, err)) != FG_OK ||
	    (s = fg_cite_coding_participants(db, id, &pids, &np, err)) !=
	    FG_OK ||
	    (np > 0 && (s = fg_cite_participants(db, pids, np, &co,
	    &q->citation, err)) != FG_OK)) {
		free(pids);
		fg_quote_free(q);
		return s;
	}
	free(pids);
	*out = q;
	return FG_OK;
}

enum fg_status
fg_quote_list(struct fg_db *db, struct fg_table **out, struct fg_error *err)
{
	static const char *const names[] = { "quote", "coding", "source",
	    "code", "coder", "turn", "speaker", "excerpt" };
	static const enum fg_col_type types[] = { FG_COL_TEXT, FG_COL_INT,
	    FG_COL_TEXT, FG_COL_TEXT, FG_COL_TEXT, FG_COL_INT, FG_COL_TEXT,
	    FG_COL_TEXT };
	char qid[FG_QUOTE_ID_SIZE];
	struct fg_table *t;
	sqlite3_stmt *st;
	enum fg_status s;
	const char *row[8];
	int rc;

	*out = NULL;
	/* the first turn the coding overlaps: the one holding its start,
	 * else the first that begins inside it (two index seeks) */
	if ((s = fg_db_prepare(db, "WITH x AS (SELECT c.*, coalesce("
	    "(SELECT u.id FROM turn u WHERE u.source_id = c.source_id AND "
	    "u.start_cp <= c.start_cp AND u.end_cp > c.start_cp ORDER BY "
	    "u.start_cp DESC LIMIT 1), "
	    "(SELECT u.id FROM turn u WHERE u.source_id = c.source_id AND "
	    "u.start_cp >= c.start_cp AND u.start_cp < c.end_cp AND u.end_cp > "
	    "u.start_cp ORDER BY u.start_cp LIMIT 1)) AS tid FROM coding c) "
	    "SELECT c.id, s.text_sha256, c.start_cp, c.end_cp, k.name, "
	    "c.coder, s.name, u.seq, CASE WHEN p.id IS NULL THEN u.speaker "
	    "ELSE coalesce((SELECT value FROM participant_attr WHERE "
	    "participant_id = p.id AND key = 'pseudonym'), p.pid) END, "
	    "c.excerpt FROM x c JOIN source s ON s.id = c.source_id "
	    "JOIN code k ON k.id = c.code_id LEFT JOIN turn u ON u.id = c.tid "
	    "LEFT JOIN participant p ON p.id = u.participant_id "
	    "ORDER BY c.source_id, c.start_cp, c.end_cp, c.id", &st, err)) !=
	    FG_OK)
		return s;
	if ((t = fg_table_new(8, names, types)) == NULL) {
		sqlite3_finalize(st);
		return fg_quote_nomem(err);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_id(st, qid);
		row[0] = qid;
		row[1] = fg_quote_col(st, 0);
		row[2] = fg_quote_col(st, 6);
		row[3] = fg_quote_col(st, 4);
		row[4] = fg_quote_col(st, 5);
		row[5] = fg_quote_col(st, 7);
		row[6] = fg_quote_col(st, 8);
		row[7] = fg_quote_col(st, 9);
		if (fg_table_add(t, row) != FG_OK) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		fg_table_free(t);
		return rc == SQLITE_NOMEM ? fg_quote_nomem(err) :
		    fg_db_fail(db, rc, err);
	}
	*out = t;
	return FG_OK;
}
