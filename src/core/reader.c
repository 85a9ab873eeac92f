/* reader.c - windowed access to a source for the terminal interface.
 *
 * Nothing here loads a whole transcript: turns come from the turn table by
 * number, their text from sqlite3_blob_read() on source.text at the turn's
 * byte range.  The blob handle is opened per call and closed at once, so
 * no read transaction stays open between screens and changes made by
 * another fgcode process become visible. */
#include "config.h"

#include "core/reader.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

struct fg_reader {
	struct fg_db *db;
	struct fg_source_info info;
};

static char *
dup_col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? strdup((const char *)s) : NULL;
}

static void
info_clear(struct fg_source_info *in)
{
	free(in->name);
	free(in->fg);
	free(in->city);
	free(in->date);
	memset(in, 0, sizeof *in);
}

static enum fg_status
load_info(struct fg_reader *r, int64_t id, struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	int rc;

	if ((s = fg_db_prepare(r->db,
	    "SELECT s.name, g.fg, g.city, g.date, s.n_cp, s.n_bytes, "
	    "(SELECT count(*) FROM turn t WHERE t.source_id = s.id) "
	    "FROM source s LEFT JOIN focus_group g ON g.id = s.group_id "
	    "WHERE s.id = ?", &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		info_clear(&r->info);
		r->info.id = id;
		r->info.name = dup_col(st, 0);
		r->info.fg = dup_col(st, 1);
		r->info.city = dup_col(st, 2);
		r->info.date = dup_col(st, 3);
		r->info.n_cp = (size_t)sqlite3_column_int64(st, 4);
		r->info.n_bytes = (size_t)sqlite3_column_int64(st, 5);
		r->info.nturns = (size_t)sqlite3_column_int64(st, 6);
		s = r->info.name ? FG_OK : fg_error_set(err, FG_NOMEM, NULL, 0,
		    0, "out of memory");
	} else if (rc == SQLITE_DONE) {
		s = fg_error_set(err, FG_NOTFOUND, NULL, 0, 0,
		    "no source with id %lld", (long long)id);
	} else {
		s = fg_db_fail(r->db, rc, err);
	}
	sqlite3_finalize(st);
	return s;
}

enum fg_status
fg_reader_open(struct fg_db *db, int64_t source_id, struct fg_reader **out,
    struct fg_error *err)
{
	struct fg_reader *r;
	enum fg_status s;

	*out = NULL;
	if ((r = calloc(1, sizeof *r)) == NULL)
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
	r->db = db;
	if ((s = load_info(r, source_id, err)) != FG_OK) {
		fg_reader_free(r);
		return s;
	}
	*out = r;
	return FG_OK;
}

void
fg_reader_free(struct fg_reader *r)
{
	if (r == NULL)
		return;
	info_clear(&r->info);
	free(r);
}

const struct fg_source_info *
fg_reader_info(const struct fg_reader *r)
{
	return &r->info;
}

enum fg_status
fg_reader_refresh(struct fg_reader *r, struct fg_error *err)
{
	return load_info(r, r->info.id, err);
}

void
fg_turn_view_clear(struct fg_turn_view *t)
{
	free(t->speaker);
	free(t->participant);
	free(t->timestamp);
	free(t->text);
	memset(t, 0, sizeof *t);
}

void
fg_coding_view_clear(struct fg_coding_view *c)
{
	free(c->code);
	free(c->colour);
	free(c->coder);
	free(c->memo);
	memset(c, 0, sizeof *c);
}

static enum fg_status
blob_open(struct fg_reader *r, sqlite3_blob **blob, struct fg_error *err)
{
	int rc = sqlite3_blob_open(r->db->db, "main", "source", "text",
	    r->info.id, 0, blob);

	if (rc != SQLITE_OK) {
		*blob = NULL;
		return fg_db_fail(r->db, rc, err);
	}
	return FG_OK;
}

static enum fg_status
blob_read(struct fg_reader *r, sqlite3_blob *blob, size_t start_b,
    size_t end_b, char **out, struct fg_error *err)
{
	size_t n;
	int rc;

	*out = NULL;
	if (end_b < start_b || end_b > (size_t)sqlite3_blob_bytes(blob))
		return fg_error_set(err, FG_DB, NULL, 0, 0,
		    "internal: byte range [%zu, %zu) outside the source text",
		    start_b, end_b);
	n = end_b - start_b;
	if ((*out = malloc(n + 1)) == NULL)
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
	if (n > 0 && (rc = sqlite3_blob_read(blob, *out, (int)n,
	    (int)start_b)) != SQLITE_OK) {
		free(*out);
		*out = NULL;
		return fg_db_fail(r->db, rc, err);
	}
	(*out)[n] = '\0';
	return FG_OK;
}

/* fg_reader_turns with the text read through an open blob handle: reusing
 * one handle matters, because SQLite caches the overflow-page chain per
 * handle, and a fresh handle walks it from the start of the text. */
static enum fg_status
read_turns(struct fg_reader *r, sqlite3_blob *blob, size_t first_seq,
    size_t max, struct fg_turn_view *out, size_t *got, struct fg_error *err)
{
	sqlite3_stmt *st = NULL;
	enum fg_status s;
	size_t n = 0, i;
	int rc;

	*got = 0;
	if (max == 0)
		return FG_OK;
	if ((s = fg_db_prepare(r->db,
	    "SELECT t.id, t.seq, t.speaker, p.pid, t.timestamp, t.start_cp, "
	    "t.end_cp, t.start_b, t.end_b, t.line_start, t.line_end "
	    "FROM turn t LEFT JOIN participant p ON p.id = t.participant_id "
	    "WHERE t.source_id = ? AND t.seq >= ? ORDER BY t.seq LIMIT ?",
	    &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, r->info.id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)first_seq);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)max);
	s = FG_OK;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct fg_turn_view *t = &out[n];

		memset(t, 0, sizeof *t);
		t->id = sqlite3_column_int64(st, 0);
		t->seq = (size_t)sqlite3_column_int64(st, 1);
		t->speaker = dup_col(st, 2);
		t->participant = dup_col(st, 3);
		t->timestamp = dup_col(st, 4);
		t->start_cp = (size_t)sqlite3_column_int64(st, 5);
		t->end_cp = (size_t)sqlite3_column_int64(st, 6);
		t->start_b = (size_t)sqlite3_column_int64(st, 7);
		t->end_b = (size_t)sqlite3_column_int64(st, 8);
		t->line_start = sqlite3_column_int(st, 9);
		t->line_end = sqlite3_column_int(st, 10);
		n++;
		if (t->speaker == NULL) {
			s = fg_error_set(err, FG_NOMEM, NULL, 0, 0,
			    "out of memory");
			goto out;
		}
		if ((s = blob_read(r, blob, t->start_b, t->end_b, &t->text,
		    err)) != FG_OK)
			goto out;
	}
	if (rc != SQLITE_DONE)
		s = fg_db_fail(r->db, rc, err);
out:
	sqlite3_finalize(st);
	if (s != FG_OK) {
		for (i = 0; i < n; i++)
			fg_turn_view_clear(&out[i]);
		return s;
	}
	*got = n;
	return FG_OK;
}

enum fg_status
fg_reader_turns(struct fg_reader *r, size_t first_seq, size_t max,
    struct fg_turn_view *out, size_t *got, struct fg_error *err)
{
	sqlite3_blob *blob;
	enum fg_status s;

	*got = 0;
	if (max == 0)
		return FG_OK;
	if ((s = blob_open(r, &blob, err)) != FG_OK)
		return s;
	s = read_turns(r, blob, first_seq, max, out, got, err);
	sqlite3_blob_close(blob);
	return s;
}

size_t
fg_reader_turn_at(struct fg_reader *r, size_t cp)
{
	sqlite3_stmt *st;
	size_t seq = 0;

	if (sqlite3_prepare_v2(r->db->db,
	    "SELECT seq FROM turn WHERE source_id = ?1 AND end_cp > ?2 "
	    "ORDER BY seq LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_int64(st, 1, r->info.id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)cp);
	if (sqlite3_step(st) == SQLITE_ROW)
		seq = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return seq;
}

enum fg_status
fg_reader_text(struct fg_reader *r, size_t start_b, size_t end_b,
    struct fg_buf *out, struct fg_error *err)
{
	sqlite3_blob *blob;
	enum fg_status s;
	char *p;

	if ((s = blob_open(r, &blob, err)) != FG_OK)
		return s;
	s = blob_read(r, blob, start_b, end_b, &p, err);
	sqlite3_blob_close(blob);
	if (s != FG_OK)
		return s;
	if (fg_buf_add(out, p, end_b - start_b) != FG_OK)
		s = fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
	free(p);
	return s;
}

enum fg_status
fg_reader_codings(struct fg_reader *r, size_t start_cp, size_t end_cp,
    struct fg_coding_view **out, size_t *n, struct fg_error *err)
{
	sqlite3_stmt *st;
	struct fg_coding_view *v = NULL, *nv;
	size_t cap = 0, count = 0, i;
	enum fg_status s;
	int rc;

	*out = NULL;
	*n = 0;
	if ((s = fg_db_prepare(r->db,
	    "SELECT c.id, c.code_id, k.name, k.colour, c.coder, c.memo, "
	    "c.start_cp, c.end_cp FROM coding c JOIN code k ON k.id = c.code_id "
	    "WHERE c.source_id = ?1 AND c.start_cp < ?3 AND c.end_cp > ?2 "
	    "ORDER BY c.start_cp, c.id", &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, r->info.id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)start_cp);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)end_cp);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			cap = cap ? cap * 2 : 16;
			if ((nv = realloc(v, cap * sizeof *v)) == NULL) {
				s = fg_error_set(err, FG_NOMEM, NULL, 0, 0,
				    "out of memory");
				goto fail;
			}
			v = nv;
		}
		memset(&v[count], 0, sizeof v[count]);
		v[count].id = sqlite3_column_int64(st, 0);
		v[count].code_id = sqlite3_column_int64(st, 1);
		v[count].code = dup_col(st, 2);
		v[count].colour = dup_col(st, 3);
		v[count].coder = dup_col(st, 4);
		v[count].memo = dup_col(st, 5);
		v[count].start_cp = (size_t)sqlite3_column_int64(st, 6);
		v[count].end_cp = (size_t)sqlite3_column_int64(st, 7);
		count++;
	}
	if (rc != SQLITE_DONE) {
		s = fg_db_fail(r->db, rc, err);
		goto fail;
	}
	sqlite3_finalize(st);
	*out = v;
	*n = count;
	return FG_OK;
fail:
	sqlite3_finalize(st);
	for (i = 0; i < count; i++)
		fg_coding_view_clear(&v[i]);
	free(v);
	return s;
}

/* Find the first (dir > 0) or last (dir < 0) non-empty match of code in
 * text[0..len) that starts in [lo, hi).  Returns 1 with the byte range,
 * 0 for none, -1 when PCRE2 gives up (match or depth limit). */
static int
find(const pcre2_code *code, pcre2_match_data *md, const char *text,
    size_t len, size_t lo, size_t hi, int dir, size_t *ms, size_t *me)
{
	PCRE2_SIZE *ov;
	size_t off = lo, adv;
	int rc, found = 0;

	while (off <= len && off < hi) {
		rc = pcre2_match(code, (PCRE2_SPTR)text, len, off, 0, md, NULL);
		if (rc == PCRE2_ERROR_NOMATCH)
			break;
		if (rc < 0)
			return -1;
		ov = pcre2_get_ovector_pointer(md);
		if (ov[0] >= hi)
			break;
		if (ov[1] > ov[0]) {
			*ms = ov[0];
			*me = ov[1];
			found = 1;
			if (dir > 0)
				return 1;
			off = ov[1];
		} else {
			/* an empty match: resume one whole character on */
			if (ov[0] >= len)
				break;
			fg_utf8_decode(text + ov[0], len - ov[0], &adv);
			off = ov[0] + adv;
		}
	}
	return found;
}

enum fg_status
fg_reader_search(struct fg_reader *r, const void *codep, size_t seq,
    size_t cp_in_turn, int dir, size_t *hit_seq, size_t *hit_start,
    size_t *hit_end, struct fg_error *err)
{
	enum { BATCH = 256 };
	const pcre2_code *code = codep;
	pcre2_match_data *md;
	struct fg_turn_view *tv;
	sqlite3_blob *blob;
	size_t n = r->info.nturns, k, got = 0, bfirst = 0, i, cur, b = 0;
	size_t lo, hi, ms, me, len;
	enum fg_status s = FG_NOTFOUND;
	int m;

	if (n == 0)
		return fg_error_set(err, FG_NOTFOUND, NULL, 0, 0,
		    "the source has no turns");
	if (seq < 1 || seq > n)
		seq = 1;
	md = pcre2_match_data_create_from_pattern(code, NULL);
	tv = calloc(BATCH, sizeof *tv);
	if (md == NULL || tv == NULL) {
		pcre2_match_data_free(md);
		free(tv);
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
	}
	if ((s = blob_open(r, &blob, err)) != FG_OK) {
		pcre2_match_data_free(md);
		free(tv);
		return s;
	}
	s = FG_NOTFOUND;
	/* Visit the start turn (after/before the cursor), every other turn in
	 * order with wrap-around, then the start turn's other side. */
	for (k = 0; k <= n && s == FG_NOTFOUND; k++) {
		cur = dir > 0 ? (seq - 1 + k) % n + 1 :
		    (seq - 1 + n - (k % n)) % n + 1;
		if (got == 0 || cur < bfirst || cur >= bfirst + got) {
			for (i = 0; i < got; i++)
				fg_turn_view_clear(&tv[i]);
			bfirst = dir > 0 ? cur : (cur > BATCH ? cur - BATCH + 1 :
			    1);
			if ((s = read_turns(r, blob, bfirst, BATCH, tv, &got,
			    err)) != FG_OK)
				break;
			s = FG_NOTFOUND;
			if (cur < bfirst || cur >= bfirst + got)
				break; /* turns renumbered under us */
		}
		{
			struct fg_turn_view *t = &tv[cur - bfirst];

			len = t->end_b - t->start_b;
			if (k == 0 && fg_utf8_cp_to_byte(t->text, len,
			    cp_in_turn, &b) != 0)
				b = len;
			lo = 0;
			hi = len + 1;
			if (k == 0) {
				if (dir > 0)
					lo = b;
				else
					hi = b;
			} else if (k == n) {
				if (dir > 0)
					hi = b;
				else
					lo = b;
			}
			m = find(code, md, t->text, len, lo, hi, dir, &ms, &me);
			if (m < 0) {
				s = fg_error_set(err, FG_LIMIT, NULL, 0, 0,
				    "search stopped: the pattern is too costly "
				    "(PCRE2 match limit)");
			} else if (m > 0) {
				*hit_seq = t->seq;
				*hit_start = t->start_cp +
				    fg_utf8_cp_count(t->text, ms);
				*hit_end = t->start_cp +
				    fg_utf8_cp_count(t->text, me);
				s = FG_OK;
			}
		}
	}
	for (i = 0; i < got; i++)
		fg_turn_view_clear(&tv[i]);
	sqlite3_blob_close(blob);
	pcre2_match_data_free(md);
	free(tv);
	if (s == FG_NOTFOUND)
		fg_error_set(err, FG_NOTFOUND, NULL, 0, 0, "pattern not found");
	return s;
}

enum fg_status
fg_reader_sources(struct fg_db *db, struct fg_table **out,
    struct fg_error *err)
{
	static const char *names[] = { "id", "fg", "city", "date", "turns",
	    "codings", "name" };
	static const enum fg_col_type types[] = { FG_COL_INT, FG_COL_TEXT,
	    FG_COL_TEXT, FG_COL_TEXT, FG_COL_INT, FG_COL_INT, FG_COL_TEXT };
	struct fg_table *t;
	sqlite3_stmt *st;
	enum fg_status s;

	*out = NULL;
	if ((t = fg_table_new(7, names, types)) == NULL)
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
	if ((s = fg_db_prepare(db,
	    "SELECT s.id, g.fg, g.city, g.date, "
	    "(SELECT count(*) FROM turn t WHERE t.source_id = s.id), "
	    "(SELECT count(*) FROM coding c WHERE c.source_id = s.id), s.name "
	    "FROM source s LEFT JOIN focus_group g ON g.id = s.group_id "
	    "ORDER BY g.fg IS NULL, CAST(g.fg AS INTEGER), g.fg, s.name, s.id", &st, err))
	    != FG_OK) {
		fg_table_free(t);
		return s;
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

enum fg_status
fg_reader_code_counts(struct fg_db *db, int64_t source_id,
    const int64_t *ids, size_t n, size_t *total, size_t *here,
    struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		total[i] = here[i] = 0;
	if ((s = fg_db_prepare(db, "SELECT code_id, count(*), "
	    "sum(source_id = ?) FROM coding GROUP BY code_id", &st, err))
	    != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, source_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		for (i = 0; i < n; i++)
			if (ids[i] == id) {
				total[i] = (size_t)sqlite3_column_int64(st, 1);
				here[i] = (size_t)sqlite3_column_int64(st, 2);
				break;
			}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? FG_OK : fg_db_fail(db, rc, err);
}

int
fg_reader_data_version(struct fg_db *db)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(db->db, "PRAGMA data_version", -1, &st, NULL)
	    != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}
