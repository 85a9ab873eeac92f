/* joint.c - the mixed-methods joint display, computed in memory from one
 * pass over the participant turns and the codings of the linked codes. */
#include "config.h"

#include "core/joint.h"

#include <gsl/gsl_cdf.h>
#include <limits.h>
#include <math.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/buf.h"
#include "core/codebook.h"
#include "core/hash.h"
#include "core/history.h"
#include "core/report.h"
#include "core/utf8.h"

static enum fg_status
nomem(struct fg_error *err)
{
	return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
}

static char *
dup_str(const char *s)
{
	return s == NULL ? NULL : strdup(s);
}

static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s == NULL ? NULL : strdup((const char *)s);
}

static const char *const reading_names[] = { "silent", "convergent",
    "divergent" };

const char *
fg_joint_reading_name(enum fg_joint_reading r)
{
	return reading_names[r];
}

/* ---- words ---- */

static int
word_cp(int32_t cp)
{
	int c;

	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9');
	c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO;
}

long
fg_joint_words(const char *s, size_t n)
{
	size_t i = 0, adv;
	long count = 0;
	int in = 0, join = 0;
	int32_t cp;

	while (i < n) {
		unsigned char ch = (unsigned char)s[i];

		if (ch < 0x80) {
			cp = ch;
			adv = 1;
		} else {
			cp = fg_utf8_decode(s + i, n - i, &adv);
			if (adv == 0)
				adv = 1;
		}
		i += adv;
		if (word_cp(cp)) {
			if (!in && !join)
				count++;
			in = 1;
			join = 0;
		} else if (in && (cp == '\'' || cp == 0x2019 || cp == '-')) {
			in = 0;
			join = 1;
		} else {
			in = 0;
			join = 0;
		}
	}
	return count;
}

/* ---- the project in memory ---- */

struct attrs {
	char **keys, **vals;
	size_t n, cap;
};

struct group {
	int64_t id;
	char *fg, *city, *language, *date;
	struct attrs a;
	long order;            /* rank by fg number */
};

struct part {
	int64_t id;
	long g;                /* group index, -1 none */
	char *pid, *gender, *profession;
	int age;
	struct attrs a;
};

struct cod {
	int64_t id;
	int64_t start;
	uint64_t mask;         /* model bits only */
	int32_t src;
	int32_t first, last;   /* turn range [first, last) */
};

struct eng {
	struct group *g;
	size_t ng;
	struct part *p;
	size_t np;
	size_t nt;
	int32_t *t_part;
	int32_t *t_src;
	int64_t *t_start, *t_end;
	int32_t *t_words;
	uint64_t *t_flags;
	size_t ns;
	int64_t *s_id;
	size_t *s_first, *s_count;
	struct cod *c;
	size_t nc, capc;
	uint64_t *voiced;      /* per participant: OR of their turns' flags */
	uint64_t *gflags;      /* per group */
	int *spoke;
};

static void
attrs_free(struct attrs *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		free(a->keys[i]);
		free(a->vals[i]);
	}
	free(a->keys);
	free(a->vals);
}

static int
attrs_add(struct attrs *a, const char *k, const char *v)
{
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 4;
		char **nk = realloc(a->keys, cap * sizeof *nk), **nv;

		if (nk == NULL)
			return -1;
		a->keys = nk;
		if ((nv = realloc(a->vals, cap * sizeof *nv)) == NULL)
			return -1;
		a->vals = nv;
		a->cap = cap;
	}
	if ((a->keys[a->n] = strdup(k)) == NULL)
		return -1;
	if ((a->vals[a->n] = strdup(v)) == NULL) {
		free(a->keys[a->n]);
		return -1;
	}
	a->n++;
	return 0;
}

static void
eng_free(struct eng *e)
{
	size_t i;

	for (i = 0; i < e->ng; i++) {
		free(e->g[i].fg);
		free(e->g[i].city);
		free(e->g[i].language);
		free(e->g[i].date);
		attrs_free(&e->g[i].a);
	}
	free(e->g);
	for (i = 0; i < e->np; i++) {
		free(e->p[i].pid);
		free(e->p[i].gender);
		free(e->p[i].profession);
		attrs_free(&e->p[i].a);
	}
	free(e->p);
	free(e->t_part);
	free(e->t_src);
	free(e->t_start);
	free(e->t_end);
	free(e->t_words);
	free(e->t_flags);
	free(e->s_id);
	free(e->s_first);
	free(e->s_count);
	free(e->c);
	free(e->voiced);
	free(e->gflags);
	free(e->spoke);
	memset(e, 0, sizeof *e);
}

static long
find_group(const struct eng *e, int64_t id)
{
	size_t lo = 0, hi = e->ng;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (e->g[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < e->ng && e->g[lo].id == id ? (long)lo : -1;
}

static long
find_part(const struct eng *e, int64_t id)
{
	size_t lo = 0, hi = e->np;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (e->p[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < e->np && e->p[lo].id == id ? (long)lo : -1;
}

static long
find_source(const struct eng *e, int64_t id)
{
	size_t lo = 0, hi = e->ns;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (e->s_id[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < e->ns && e->s_id[lo] == id ? (long)lo : -1;
}

static int
group_order_cmp(const void *a, const void *b)
{
	const struct group *x = *(const struct group *const *)a;
	const struct group *y = *(const struct group *const *)b;
	char *ex, *ey;
	long nx = strtol(x->fg ? x->fg : "", &ex, 10);
	long ny = strtol(y->fg ? y->fg : "", &ey, 10);
	int numx = x->fg && *x->fg && *ex == '\0';
	int numy = y->fg && *y->fg && *ey == '\0';

	if (numx != numy)
		return numx ? -1 : 1;
	if (numx && nx != ny)
		return nx < ny ? -1 : 1;
	return strcmp(x->fg ? x->fg : "", y->fg ? y->fg : "");
}

static enum fg_status
load_people(struct fg_db *db, struct eng *e, struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	struct group **ord;
	size_t cap = 0, i;
	int rc;

	/* focus groups */
	if ((s = fg_db_prepare(db, "SELECT id, fg, city, language, date FROM "
	    "focus_group ORDER BY id", &st, err)) != FG_OK)
		return s;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct group *g;

		if (e->ng == cap) {
			cap = cap ? cap * 2 : 64;
			if ((g = realloc(e->g, cap * sizeof *g)) == NULL)
				goto oom;
			e->g = g;
		}
		g = &e->g[e->ng++];
		memset(g, 0, sizeof *g);
		g->id = sqlite3_column_int64(st, 0);
		g->fg = col_dup(st, 1);
		g->city = col_dup(st, 2);
		g->language = col_dup(st, 3);
		g->date = col_dup(st, 4);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	if (e->ng > 0) {
		if ((ord = malloc(e->ng * sizeof *ord)) == NULL)
			return nomem(err);
		for (i = 0; i < e->ng; i++)
			ord[i] = &e->g[i];
		qsort(ord, e->ng, sizeof *ord, group_order_cmp);
		for (i = 0; i < e->ng; i++)
			ord[i]->order = (long)i;
		free(ord);
	}
	if ((s = fg_db_prepare(db, "SELECT group_id, key, value FROM "
	    "group_attr", &st, err)) != FG_OK)
		return s;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long g = find_group(e, sqlite3_column_int64(st, 0));

		if (g >= 0 && attrs_add(&e->g[g].a,
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2)) != 0)
			goto oom;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	/* participants */
	cap = 0;
	if ((s = fg_db_prepare(db, "SELECT id, group_id, pid, gender, age, "
	    "profession FROM participant ORDER BY id", &st, err)) != FG_OK)
		return s;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct part *p;

		if (e->np == cap) {
			cap = cap ? cap * 2 : 256;
			if ((p = realloc(e->p, cap * sizeof *p)) == NULL)
				goto oom;
			e->p = p;
		}
		p = &e->p[e->np++];
		memset(p, 0, sizeof *p);
		p->id = sqlite3_column_int64(st, 0);
		p->g = sqlite3_column_type(st, 1) == SQLITE_NULL ? -1 :
		    find_group(e, sqlite3_column_int64(st, 1));
		p->pid = col_dup(st, 2);
		p->gender = col_dup(st, 3);
		p->age = sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 :
		    sqlite3_column_int(st, 4);
		p->profession = col_dup(st, 5);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	if ((s = fg_db_prepare(db, "SELECT participant_id, key, value FROM "
	    "participant_attr", &st, err)) != FG_OK)
		return s;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long p = find_part(e, sqlite3_column_int64(st, 0));

		if (p >= 0 && attrs_add(&e->p[p].a,
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2)) != 0)
			goto oom;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	return FG_OK;
oom:
	sqlite3_finalize(st);
	return nomem(err);
}

static int
grow(void **p, size_t *cap, size_t n, size_t sz)
{
	void *q;
	size_t c;

	if (n < *cap)
		return 0;
	c = *cap ? *cap * 2 : 1024;
	if ((q = realloc(*p, c * sz)) == NULL)
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

/* The participant turns, their sources, and the words of each turn. */
static enum fg_status
load_turns(struct fg_db *db, struct eng *e, struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	size_t cap = 0, scap = 0, i, k;
	int64_t *sb = NULL, *eb = NULL, last = -1;
	int rc;

	if ((s = fg_db_prepare(db, "SELECT source_id, participant_id, "
	    "start_cp, end_cp, start_b, end_b FROM turn WHERE participant_id "
	    "IS NOT NULL ORDER BY source_id, start_cp", &st, err)) != FG_OK)
		return s;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t sid = sqlite3_column_int64(st, 0);
		long p = find_part(e, sqlite3_column_int64(st, 1));
		size_t c0 = cap;

		if (p < 0)
			continue;
		if (e->nt == cap) {
			cap = cap ? cap * 2 : 4096;
			if ((e->t_part = realloc(e->t_part, cap * 4)) == NULL ||
			    (e->t_src = realloc(e->t_src, cap * 4)) == NULL ||
			    (e->t_start = realloc(e->t_start, cap * 8)) ==
			    NULL || (e->t_end = realloc(e->t_end, cap * 8)) ==
			    NULL || (sb = realloc(sb, cap * 8)) == NULL ||
			    (eb = realloc(eb, cap * 8)) == NULL) {
				cap = c0;
				goto oom;
			}
		}
		if (sid != last) {
			if (grow((void **)&e->s_id, &scap, e->ns, 8) != 0)
				goto oom;
			if ((e->s_first = realloc(e->s_first, scap *
			    sizeof *e->s_first)) == NULL ||
			    (e->s_count = realloc(e->s_count, scap *
			    sizeof *e->s_count)) == NULL)
				goto oom;
			e->s_id[e->ns] = sid;
			e->s_first[e->ns] = e->nt;
			e->s_count[e->ns] = 0;
			e->ns++;
			last = sid;
		}
		e->t_part[e->nt] = (int32_t)p;
		e->t_src[e->nt] = (int32_t)(e->ns - 1);
		e->t_start[e->nt] = sqlite3_column_int64(st, 2);
		e->t_end[e->nt] = sqlite3_column_int64(st, 3);
		sb[e->nt] = sqlite3_column_int64(st, 4);
		eb[e->nt] = sqlite3_column_int64(st, 5);
		e->s_count[e->ns - 1]++;
		e->nt++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(sb);
		free(eb);
		return fg_db_fail(db, rc, err);
	}
	if ((e->t_words = calloc(e->nt ? e->nt : 1, 4)) == NULL ||
	    (e->t_flags = calloc(e->nt ? e->nt : 1, 8)) == NULL ||
	    (e->voiced = calloc(e->np ? e->np : 1, 8)) == NULL ||
	    (e->spoke = calloc(e->np ? e->np : 1, sizeof(int))) == NULL ||
	    (e->gflags = calloc(e->ng ? e->ng : 1, 8)) == NULL) {
		free(sb);
		free(eb);
		return nomem(err);
	}
	/* words, reading each source's text once */
	if ((s = fg_db_prepare(db, "SELECT text FROM source WHERE id = ?1",
	    &st, err)) != FG_OK) {
		free(sb);
		free(eb);
		return s;
	}
	for (i = 0; i < e->ns; i++) {
		const char *text;
		size_t n;

		sqlite3_bind_int64(st, 1, e->s_id[i]);
		if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
			sqlite3_finalize(st);
			free(sb);
			free(eb);
			return fg_db_fail(db, rc == SQLITE_DONE ? SQLITE_CORRUPT
			    : rc, err);
		}
		text = (const char *)sqlite3_column_text(st, 0);
		n = (size_t)sqlite3_column_bytes(st, 0);
		for (k = e->s_first[i]; k < e->s_first[i] + e->s_count[i];
		    k++) {
			int64_t a = sb[k], b = eb[k];

			if (a < 0 || b > (int64_t)n || a >= b)
				continue;
			e->t_words[k] = (int32_t)fg_joint_words(text + a,
			    (size_t)(b - a));
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	free(sb);
	free(eb);
	for (k = 0; k < e->nt; k++)
		e->spoke[e->t_part[k]] = 1;
	return FG_OK;
oom:
	sqlite3_finalize(st);
	free(sb);
	free(eb);
	return nomem(err);
}

/* First turn of source si whose end is after cp. */
static size_t
turn_after(const struct eng *e, size_t si, int64_t cp)
{
	size_t lo = e->s_first[si], hi = lo + e->s_count[si];

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (e->t_end[mid] <= cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct codemask {
	int64_t code_id;
	uint64_t mask;
};

/* Read the codings of the codes in cm[0..ncm), set the flags of the turns
 * they overlap, and keep those that carry a model bit (modelbits). */
static enum fg_status
load_codings(struct fg_db *db, struct eng *e, const struct codemask *cm,
    size_t ncm, uint64_t modelbits, struct fg_error *err)
{
	struct fg_buf sql = FG_BUF_INIT;
	sqlite3_stmt *st;
	enum fg_status s;
	size_t i, k;
	int rc;

	if (ncm == 0)
		return FG_OK;
	fg_buf_adds(&sql, "SELECT id, source_id, code_id, start_cp, end_cp "
	    "FROM coding WHERE code_id IN (");
	for (i = 0; i < ncm; i++)
		fg_buf_printf(&sql, "%s%lld", i ? ", " : "",
		    (long long)cm[i].code_id);
	fg_buf_adds(&sql, ")");
	if (sql.p == NULL)
		return nomem(err);
	s = fg_db_prepare(db, sql.p, &st, err);
	fg_buf_free(&sql);
	if (s != FG_OK)
		return s;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t code = sqlite3_column_int64(st, 2);
		int64_t a = sqlite3_column_int64(st, 3);
		int64_t b = sqlite3_column_int64(st, 4);
		long si = find_source(e, sqlite3_column_int64(st, 1));
		uint64_t mask = 0;
		size_t first, last;

		if (si < 0)
			continue;
		for (i = 0; i < ncm; i++)
			if (cm[i].code_id == code)
				mask |= cm[i].mask;
		first = turn_after(e, (size_t)si, a);
		for (last = first; last < e->s_first[si] + e->s_count[si] &&
		    e->t_start[last] < b; last++)
			e->t_flags[last] |= mask;
		if (last == first || (mask & modelbits) == 0)
			continue;
		if (grow((void **)&e->c, &e->capc, e->nc, sizeof *e->c) != 0) {
			sqlite3_finalize(st);
			return nomem(err);
		}
		e->c[e->nc].id = sqlite3_column_int64(st, 0);
		e->c[e->nc].start = a;
		e->c[e->nc].mask = mask & modelbits;
		e->c[e->nc].src = (int32_t)si;
		e->c[e->nc].first = (int32_t)first;
		e->c[e->nc].last = (int32_t)last;
		e->nc++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	for (k = 0; k < e->nt; k++) {
		int32_t p = e->t_part[k];

		e->voiced[p] |= e->t_flags[k];
		if (e->p[p].g >= 0)
			e->gflags[e->p[p].g] |= e->t_flags[k];
	}
	return FG_OK;
}

/* ---- the project's state ---- */

static void
hex(const uint8_t *d, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[2 * n] = '\0';
}

/* SHA-256 of the sorted file digests of the sources. */
static enum fg_status
sources_digest(struct fg_db *db, struct fg_joint *j, struct fg_error *err)
{
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];
	sqlite3_stmt *st;
	enum fg_status s;
	int rc;

	sha256_init(&ctx);
	sha256_update(&ctx, 18, (const uint8_t *)"fgcode-sources-1\n\n");
	if ((s = fg_db_prepare(db, "SELECT file_sha256 FROM source ORDER BY "
	    "file_sha256", &st, err)) != FG_OK)
		return s;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sha256_update(&ctx, (size_t)sqlite3_column_bytes(st, 0),
		    sqlite3_column_text(st, 0));
		sha256_update(&ctx, 1, (const uint8_t *)"\n");
		j->nsources++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, d);
	hex(d, SHA256_DIGEST_SIZE, j->sources_sha256);
	return FG_OK;
}

struct idname {
	int64_t id;
	char *s;
};

static int
idname_cmp(const void *a, const void *b)
{
	const struct idname *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static enum fg_status
load_idnames(struct fg_db *db, const char *sql, struct idname **out,
    size_t *n, struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((s = fg_db_prepare(db, sql, &st, err)) != FG_OK)
		return s;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (grow((void **)out, &cap, *n, sizeof **out) != 0) {
			sqlite3_finalize(st);
			return nomem(err);
		}
		(*out)[*n].id = sqlite3_column_int64(st, 0);
		if (((*out)[*n].s = col_dup(st, 1)) == NULL) {
			sqlite3_finalize(st);
			return nomem(err);
		}
		(*n)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	qsort(*out, *n, sizeof **out, idname_cmp);
	return FG_OK;
}

static const char *
idname_find(const struct idname *v, size_t n, int64_t id)
{
	struct idname key = { id, NULL }, *r;

	r = bsearch(&key, v, n, sizeof *v, idname_cmp);
	return r ? r->s : NULL;
}

static void
idnames_free(struct idname *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].s);
	free(v);
}

/* A multiset digest of the codings: the sum modulo 2^256 of the SHA-256
 * of each coding's "TEXT_SHA256\nSTART\nEND\nCODE\nCODER" (what its quote
 * ID is made of), then hashed with the count.  Row ids and the order of
 * the codings play no part. */
static enum fg_status
codings_digest(struct fg_db *db, struct fg_joint *j, struct fg_error *err)
{
	struct idname *src = NULL, *codes = NULL;
	size_t nsrc = 0, ncodes = 0, i;
	uint64_t acc[4] = { 0, 0, 0, 0 };
	uint8_t d[SHA256_DIGEST_SIZE], sum[32];
	struct sha256_ctx ctx;
	sqlite3_stmt *st;
	enum fg_status s;
	char line[512], accs[65];
	int rc, n;

	if ((s = load_idnames(db, "SELECT id, text_sha256 FROM source", &src,
	    &nsrc, err)) != FG_OK ||
	    (s = load_idnames(db, "SELECT id, name FROM code", &codes,
	    &ncodes, err)) != FG_OK)
		goto done;
	if ((s = fg_db_prepare(db, "SELECT source_id, code_id, start_cp, "
	    "end_cp, coder FROM coding", &st, err)) != FG_OK)
		goto done;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *ts = idname_find(src, nsrc,
		    sqlite3_column_int64(st, 0));
		const char *cn = idname_find(codes, ncodes,
		    sqlite3_column_int64(st, 1));
		const char *coder = (const char *)sqlite3_column_text(st, 4);
		uint64_t carry = 0;

		n = snprintf(line, sizeof line, "%s\n%lld\n%lld\n",
		    ts ? ts : "", (long long)sqlite3_column_int64(st, 2),
		    (long long)sqlite3_column_int64(st, 3));
		sha256_init(&ctx);
		sha256_update(&ctx, (size_t)n, (const uint8_t *)line);
		sha256_update(&ctx, cn ? strlen(cn) : 0,
		    (const uint8_t *)(cn ? cn : ""));
		sha256_update(&ctx, 1, (const uint8_t *)"\n");
		sha256_update(&ctx, coder ? strlen(coder) : 0,
		    (const uint8_t *)(coder ? coder : ""));
		sha256_digest(&ctx, SHA256_DIGEST_SIZE, d);
		/* acc += d, as four big-endian 64-bit lanes, lane 3 lowest */
		for (i = 4; i-- > 0; ) {
			uint64_t v = 0, t;
			int b;

			for (b = 0; b < 8; b++)
				v = v << 8 | d[i * 8 + (size_t)b];
			t = acc[i] + v;
			acc[i] = t + carry;
			carry = (t < v) || (acc[i] < t);
		}
		j->ncodings++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		s = fg_db_fail(db, rc, err);
		goto done;
	}
	for (i = 0; i < 4; i++) {
		int b;

		for (b = 0; b < 8; b++)
			sum[i * 8 + (size_t)b] = (uint8_t)(acc[i] >>
			    (56 - 8 * b));
	}
	hex(sum, 32, accs);
	n = snprintf(line, sizeof line, "fgcode-codings-1\n%ld\n%s\n",
	    j->ncodings, accs);
	sha256_init(&ctx);
	sha256_update(&ctx, (size_t)n, (const uint8_t *)line);
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, d);
	hex(d, SHA256_DIGEST_SIZE, j->codings_sha256);
	s = FG_OK;
done:
	idnames_free(src, nsrc);
	idnames_free(codes, ncodes);
	return s;
}

/* ---- models ---- */

void
fg_joint_free(struct fg_joint *j)
{
	size_t i, k;

	if (j == NULL)
		return;
	for (i = 0; i < j->nmodels; i++) {
		if (j->models[i].m != NULL) {
			fg_model_clear(j->models[i].m);
			free(j->models[i].m);
		}
		free(j->models[i].ref);
		free(j->models[i].codes);
		free(j->models[i].dv_text);
		free(j->models[i].note);
		free(j->models[i].set_state);
	}
	free(j->models);
	for (i = 0; i < j->nrows; i++) {
		struct fg_joint_row *r = &j->rows[i];

		free(r->estimate_cell);
		free(r->direction);
		free(r->check);
		free(r->dimension);
		free(r->note);
		free(r->reason);
		for (k = 0; k < r->nquotes; k++) {
			free(r->quotes[k].excerpt);
			free(r->quotes[k].citation);
			free(r->quotes[k].source);
		}
		free(r->quotes);
	}
	free(j->rows);
	free(j->bands);
	free(j->title);
	free(j->link_path);
	free(j->command);
	free(j);
}

/* Does link model entry lm (a "SET" or "SET/MODEL" reference) name m? */
static int
ref_names(const char *ref, const struct fg_model *m)
{
	const char *slash = strrchr(ref, '/');
	size_t n = slash ? (size_t)(slash - ref) : strlen(ref);

	if (strlen(m->set) != n || strncmp(ref, m->set, n) != 0)
		return 0;
	return slash == NULL || strcmp(slash + 1, m->name) == 0 ||
	    (m->title != NULL && strcmp(slash + 1, m->title) == 0);
}

static const struct fg_link_model *
link_model_for(const struct fg_link *l, const struct fg_model *m)
{
	size_t i;

	if (l == NULL)
		return NULL;
	for (i = 0; i < l->nmodels; i++)
		if (ref_names(l->models[i].ref, m))
			return &l->models[i];
	return NULL;
}

static void
fmt_num(struct fg_buf *b, double v)
{
	if (v == floor(v) && fabs(v) < 1e9)
		fg_buf_printf(b, "%.0f", v);
	else
		fg_buf_printf(b, "%g", v);
}

static char *
dv_text(const struct fg_model *m)
{
	struct fg_buf b = FG_BUF_INIT;
	const struct fg_model_dv *dv = &m->dv;

	fg_buf_printf(&b, "%s (%s)", dv->label ? dv->label : "?",
	    dv->definition ? dv->definition : dv->column ? dv->column : "?");
	if (!isnan(dv->scale_min) && !isnan(dv->scale_max)) {
		fg_buf_adds(&b, ", ");
		fmt_num(&b, dv->scale_min);
		if (dv->scale_low)
			fg_buf_printf(&b, " %s", dv->scale_low);
		fg_buf_adds(&b, " .. ");
		fmt_num(&b, dv->scale_max);
		if (dv->scale_high)
			fg_buf_printf(&b, " %s", dv->scale_high);
	}
	if (dv->direction)
		fg_buf_printf(&b, "; %s", dv->direction);
	return fg_buf_steal(&b);
}

static enum fg_status
set_digest(struct fg_db *db, const char *set, struct fg_buf *b,
    struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	int rc;

	if ((s = fg_db_prepare(db, "SELECT source, spec_sha256, data_sha256 "
	    "FROM model_set WHERE name = ?1", &st, err)) != FG_OK)
		return s;
	sqlite3_bind_text(st, 1, set, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fg_buf_printf(b, "%s, spec SHA-256 %s",
		    sqlite3_column_text(st, 0), sqlite3_column_text(st, 1));
		if (sqlite3_column_type(st, 2) != SQLITE_NULL)
			fg_buf_printf(b, ", data SHA-256 %s",
			    sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	return FG_OK;
}

/* Add the models named by ref (or every model of the link entry) to j,
 * skipping those already there. */
static enum fg_status
add_models(struct fg_db *db, struct fg_joint *j, const char *ref,
    const struct fg_link *l, struct fg_error *err)
{
	struct fg_model **ms;
	enum fg_status s;
	size_t n, i, k;

	if ((s = fg_model_find(db, ref, &ms, &n, err)) != FG_OK)
		return s;
	for (i = 0; i < n; i++) {
		struct fg_joint_model *jm, *p;
		const struct fg_link_model *lm;
		int dup = 0;

		for (k = 0; k < j->nmodels && !dup; k++)
			dup = j->models[k].m->id == ms[i]->id;
		if (dup)
			continue;
		if ((p = realloc(j->models, (j->nmodels + 1) * sizeof *p)) ==
		    NULL)
			goto oom;
		j->models = p;
		jm = &j->models[j->nmodels];
		memset(jm, 0, sizeof *jm);
		if ((jm->m = malloc(sizeof *jm->m)) == NULL)
			goto oom;
		*jm->m = *ms[i];
		memset(ms[i], 0, sizeof *ms[i]);
		j->nmodels++;
		{
			struct fg_buf b = FG_BUF_INIT;

			fg_buf_printf(&b, "%s/%s", jm->m->set, jm->m->name);
			jm->ref = fg_buf_steal(&b);
		}
		jm->dv_text = dv_text(jm->m);
		{
			struct fg_buf b = FG_BUF_INIT;
			enum fg_status s2;

			if ((s2 = set_digest(db, jm->m->set, &b, err)) !=
			    FG_OK) {
				fg_buf_free(&b);
				fg_model_free_all(ms, n);
				return s2;
			}
			jm->set_state = fg_buf_steal(&b);
		}
		jm->z = 1.959963984540054;
		if (jm->m->source == FG_MODEL_FITTED && jm->m->df_resid > 0)
			jm->z = gsl_cdf_tdist_Pinv(0.975,
			    (double)jm->m->df_resid);
		if ((lm = link_model_for(l, jm->m)) != NULL) {
			struct fg_buf b = FG_BUF_INIT;

			for (k = 0; k < lm->ncodes; k++)
				fg_buf_printf(&b, "%s%s", k ? ", " : "",
				    lm->codes[k]);
			jm->codes = fg_buf_steal(&b);
			jm->indicates = lm->indicates;
			jm->note = dup_str(lm->note);
			if (jm->codes == NULL)
				goto oom;
		}
		if (jm->ref == NULL || jm->dv_text == NULL)
			goto oom;
	}
	fg_model_free_all(ms, n);
	return FG_OK;
oom:
	fg_model_free_all(ms, n);
	return nomem(err);
}

/* ---- one row ---- */

enum { SIDE_S = 0, SIDE_C = 1, SIDE_X = 2 };

struct rowctx {
	const struct eng *e;
	enum fg_unit unit;
	const struct fg_link_term *lt;
	uint64_t tbit;         /* code-linked term's bit */
	unsigned char *cls;    /* per participant, conditions */
};

static int
turn_side(const struct rowctx *rc, size_t t)
{
	const struct eng *e = rc->e;
	int32_t p = e->t_part[t];
	long g = e->p[p].g;

	if (rc->unit == FG_UNIT_GROUP && g < 0)
		return SIDE_X;
	if (rc->lt->kind == FG_LINK_COND)
		return rc->cls[p];
	switch (rc->unit) {
	case FG_UNIT_TURN:
		return e->t_flags[t] & rc->tbit ? SIDE_S : SIDE_C;
	case FG_UNIT_PARTICIPANT:
		return e->voiced[p] & rc->tbit ? SIDE_S : SIDE_C;
	case FG_UNIT_GROUP:
		return e->gflags[g] & rc->tbit ? SIDE_S : SIDE_C;
	}
	return SIDE_X;
}

static void
subject_of(const struct eng *e, size_t p, const struct fg_band *bands,
    size_t nb, struct fg_link_subject *s)
{
	const struct part *pp = &e->p[p];
	const struct group *g = pp->g >= 0 ? &e->g[pp->g] : NULL;

	memset(s, 0, sizeof *s);
	s->gender = pp->gender;
	s->profession = pp->profession;
	s->pid = pp->pid;
	s->age = pp->age;
	s->pkeys = (const char *const *)pp->a.keys;
	s->pvals = (const char *const *)pp->a.vals;
	s->np = pp->a.n;
	if (g != NULL) {
		s->fg = g->fg;
		s->city = g->city;
		s->language = g->language;
		s->date = g->date;
		s->gkeys = (const char *const *)g->a.keys;
		s->gvals = (const char *const *)g->a.vals;
		s->ng = g->a.n;
	}
	s->bands = bands;
	s->nbands = nb;
}

struct stamps {
	long *seen_p[2], *has_p[2], *seen_g[2], *has_g[2], *x_p, *x_g;
};

static void
side_rates(struct fg_joint_side *sd)
{
	sd->share = sd->units > 0 ? (double)sd->with / (double)sd->units : NAN;
	sd->per_1000_words = sd->words > 0 ? 1000.0 * (double)sd->codings /
	    (double)sd->words : NAN;
	sd->per_participant = sd->participants > 0 ? (double)sd->codings /
	    (double)sd->participants : NAN;
}

struct cand {
	size_t c;              /* coding index */
	long gorder;
	long rank;
};

static int
cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->gorder != y->gorder)
		return x->gorder < y->gorder ? -1 : 1;
	return x->c < y->c ? -1 : x->c > y->c;
}

static int
cand_rank_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return cand_cmp(a, b);
}

static int
cod_cmp(const void *a, const void *b)
{
	const struct cod *x = a, *y = b;

	if (x->src != y->src)
		return x->src < y->src ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static enum fg_status
row_quotes(struct fg_db *db, const struct eng *e, struct fg_joint_row *r,
    struct cand *cands, size_t ncand, long want, struct fg_error *err)
{
	size_t i, k;
	long rank = 0, prev = -2;
	struct fg_quote *q;
	enum fg_status s;

	if (ncand == 0 || want <= 0)
		return FG_OK;
	qsort(cands, ncand, sizeof *cands, cand_cmp);
	for (i = 0; i < ncand; i++) {
		rank = cands[i].gorder == prev ? rank + 1 : 0;
		prev = cands[i].gorder;
		cands[i].rank = rank;
	}
	qsort(cands, ncand, sizeof *cands, cand_rank_cmp);
	if ((size_t)want > ncand)
		want = (long)ncand;
	if ((r->quotes = calloc((size_t)want, sizeof *r->quotes)) == NULL)
		return nomem(err);
	for (k = 0; k < (size_t)want; k++) {
		const struct cod *c = &e->c[cands[k].c];

		if ((s = fg_quote_get(db, c->id, 0, &q, err)) != FG_OK)
			return s;
		memcpy(r->quotes[k].id, q->id, sizeof q->id);
		r->quotes[k].coding_id = c->id;
		r->quotes[k].excerpt = dup_str(q->excerpt);
		r->quotes[k].citation = dup_str(q->citation);
		r->quotes[k].source = dup_str(q->source);
		r->nquotes++;
		fg_quote_free(q);
		if (r->quotes[k].excerpt == NULL)
			return nomem(err);
	}
	return FG_OK;
}

static const char *
pct(char *buf, size_t size, double v)
{
	if (isnan(v))
		snprintf(buf, size, "n/a");
	else
		snprintf(buf, size, "%.2f", v);
	return buf;
}

/* The reading of a computed row. */
static void
read_row(const struct fg_joint *j, const struct fg_joint_model *jm,
    struct fg_joint_row *r)
{
	struct fg_buf b = FG_BUF_INIT;
	char x[32], y[32];
	double a = r->s.share, c = r->c.share;
	int d = 0;

	if (r->s.units < j->min_count)
		r->small |= FG_JOINT_SMALL_S;
	if (r->c.units < j->min_count)
		r->small |= FG_JOINT_SMALL_C;
	if (r->s.with + r->c.with < j->min_count)
		r->small |= FG_JOINT_SMALL_CODE;
	if (!isnan(a) && !isnan(c)) {
		double hi = a > c ? a : c, lo = a > c ? c : a;

		r->ratio = hi == 0 ? NAN : lo == 0 ? INFINITY : hi / lo;
		if (a != c && (lo == 0 || hi / lo >= j->ratio))
			d = a > c ? 1 : -1;
	} else {
		r->ratio = NAN;
	}
	r->r = d * jm->indicates;
	r->reading = FG_READING_SILENT;
	if (jm->indicates == 0) {
		fg_buf_adds(&b, "the codes have no declared direction "
		    "(indicates: none)");
	} else if (r->small) {
		fg_buf_adds(&b, "small counts:");
		if (r->small & FG_JOINT_SMALL_S)
			fg_buf_printf(&b, " %ld %s%s in the stratum;",
			    r->s.units, fg_unit_name(j->unit),
			    r->s.units == 1 ? "" : "s");
		if (r->small & FG_JOINT_SMALL_C)
			fg_buf_printf(&b, " %ld %s%s in the complement;",
			    r->c.units, fg_unit_name(j->unit),
			    r->c.units == 1 ? "" : "s");
		if (r->small & FG_JOINT_SMALL_CODE)
			fg_buf_printf(&b, " the codes occur in %ld %s%s;",
			    r->s.with + r->c.with, fg_unit_name(j->unit),
			    r->s.with + r->c.with == 1 ? "" : "s");
		b.p[b.len - 1] = '\0';
		b.len--;
		fg_buf_printf(&b, " (fewer than %ld)", j->min_count);
	} else {
		r->reading = r->q == r->r ? FG_READING_CONVERGENT :
		    FG_READING_DIVERGENT;
		fg_buf_printf(&b, "survey: %s; focus groups: ", r->q > 0 ?
		    "higher in the stratum (p < .05)" : r->q < 0 ?
		    "lower in the stratum (p < .05)" : "no significant "
		    "difference");
		if (d == 0)
			fg_buf_printf(&b, "no clear difference (share %s vs %s"
			    ", ratio below %g)", pct(x, sizeof x, a),
			    pct(y, sizeof y, c), j->ratio);
		else
			fg_buf_printf(&b, "the codes are %s common in the "
			    "stratum (share %s vs %s), read as %s", d > 0 ?
			    "more" : "less", pct(x, sizeof x, a),
			    pct(y, sizeof y, c), r->r > 0 ? "higher" :
			    "lower");
	}
	r->reason = fg_buf_steal(&b);
}

static enum fg_status
compute_row(struct fg_db *db, struct fg_joint *j, const struct eng *e,
    const struct fg_link *l, size_t mi, uint64_t mbit,
    const struct codemask *tcodes, size_t ntcodes,
    const struct fg_band *bands, size_t nb, struct stamps *st, long stamp,
    struct fg_joint_row *r, struct fg_error *err)
{
	struct fg_joint_model *jm = &j->models[mi];
	struct rowctx rc;
	struct fg_joint_side *side[2];
	struct cand *cands = NULL;
	size_t ncand = 0, capc = 0, t, i;
	unsigned char *cls = NULL;
	enum fg_status s = FG_OK;

	side[0] = &r->s;
	side[1] = &r->c;
	memset(&rc, 0, sizeof rc);
	rc.e = e;
	rc.unit = j->unit;
	rc.lt = fg_link_term_for(l, link_model_for(l, jm->m),
	    jm->m->terms[r->term].name);
	if (rc.lt->kind == FG_LINK_CODE) {
		int64_t id;

		if ((s = fg_codebook_find(db, rc.lt->code, &id, err)) != FG_OK)
			return s;
		for (i = 0; i < ntcodes; i++)
			if (tcodes[i].code_id == id)
				rc.tbit = tcodes[i].mask;
	} else {
		struct fg_link_subject subj;

		if ((cls = malloc(e->np ? e->np : 1)) == NULL)
			return nomem(err);
		for (i = 0; i < e->np; i++) {
			int w, v;

			subject_of(e, i, bands, nb, &subj);
			w = fg_link_conds_eval(rc.lt->when, rc.lt->nwhen,
			    &subj);
			v = rc.lt->nvs > 0 ? fg_link_conds_eval(rc.lt->vs,
			    rc.lt->nvs, &subj) : w < 0 ? -1 : !w;
			cls[i] = w == 1 ? SIDE_S : v == 1 ? SIDE_C : SIDE_X;
		}
		rc.cls = cls;
	}
	for (t = 0; t < e->nt; t++) {
		int sd = turn_side(&rc, t);
		int32_t p = e->t_part[t];
		long g = e->p[p].g;
		int hasm = (e->t_flags[t] & mbit) != 0;
		struct fg_joint_side *x;

		if (sd == SIDE_X) {
			if (j->unit == FG_UNIT_TURN)
				r->excluded++;
			else if (j->unit == FG_UNIT_PARTICIPANT &&
			    st->x_p[p] != stamp) {
				st->x_p[p] = stamp;
				r->excluded++;
			} else if (j->unit == FG_UNIT_GROUP && g >= 0 &&
			    st->x_g[g] != stamp) {
				st->x_g[g] = stamp;
				r->excluded++;
			}
			continue;
		}
		x = side[sd];
		x->words += e->t_words[t];
		if (j->unit == FG_UNIT_TURN) {
			x->units++;
			x->with += hasm;
		}
		if (st->seen_p[sd][p] != stamp) {
			st->seen_p[sd][p] = stamp;
			x->participants++;
			if (j->unit == FG_UNIT_PARTICIPANT)
				x->units++;
		}
		if (hasm && st->has_p[sd][p] != stamp) {
			st->has_p[sd][p] = stamp;
			if (j->unit == FG_UNIT_PARTICIPANT)
				x->with++;
		}
		if (g >= 0) {
			if (st->seen_g[sd][g] != stamp) {
				st->seen_g[sd][g] = stamp;
				if (j->unit == FG_UNIT_GROUP)
					x->units++;
			}
			if (hasm && st->has_g[sd][g] != stamp) {
				st->has_g[sd][g] = stamp;
				x->groups++;
				if (j->unit == FG_UNIT_GROUP)
					x->with++;
			}
		}
	}
	/* the codings on each side, and the stratum's as quote candidates */
	for (i = 0; i < e->nc; i++) {
		const struct cod *c = &e->c[i];
		int touch[3] = { 0, 0, 0 };
		long gorder = -1;
		int32_t k;

		if ((c->mask & mbit) == 0)
			continue;
		for (k = c->first; k < c->last; k++) {
			int sd = turn_side(&rc, (size_t)k);

			if (sd == SIDE_S && !touch[SIDE_S]) {
				long g = e->p[e->t_part[k]].g;

				gorder = g >= 0 ? e->g[g].order : LONG_MAX;
			}
			touch[sd] = 1;
		}
		r->s.codings += touch[SIDE_S];
		r->c.codings += touch[SIDE_C];
		if (touch[SIDE_S] && j->quotes > 0) {
			if (grow((void **)&cands, &capc, ncand,
			    sizeof *cands) != 0) {
				s = nomem(err);
				goto done;
			}
			cands[ncand].c = i;
			cands[ncand].gorder = gorder;
			ncand++;
		}
	}
	side_rates(&r->s);
	side_rates(&r->c);
	r->has_qual = 1;
	read_row(j, jm, r);
	if (r->reason == NULL) {
		s = nomem(err);
		goto done;
	}
	s = row_quotes(db, e, r, cands, ncand, j->quotes, err);
done:
	free(cands);
	free(cls);
	return s;
}

/* The quantitative side of a row and its link. */
static enum fg_status
quant_row(struct fg_joint *j, const struct fg_link *l, size_t mi, size_t ti,
    struct fg_joint_row *r, struct fg_error *err)
{
	struct fg_joint_model *jm = &j->models[mi];
	const struct fg_model *m = jm->m;
	const struct fg_model_term *t = &m->terms[ti];
	const struct fg_link_term *lt = l ? fg_link_term_for(l,
	    link_model_for(l, m), t->name) : NULL;
	struct fg_buf b = FG_BUF_INIT;
	int sig = t->stars[0] != '\0';

	r->model = mi;
	r->term = ti;
	r->ratio = NAN;
	r->s.share = r->s.per_1000_words = r->s.per_participant = NAN;
	r->c.share = r->c.per_1000_words = r->c.per_participant = NAN;
	r->q = sig ? (t->estimate > 0) - (t->estimate < 0) : 0;
	r->ci_lo = r->ci_hi = NAN;
	if (!isnan(t->se)) {
		r->ci_lo = t->estimate - jm->z * t->se;
		r->ci_hi = t->estimate + jm->z * t->se;
		if (sig != (r->ci_lo > 0 || r->ci_hi < 0)) {
			fg_buf_printf(&b, "the stars%s%s do not match the 95%% "
			    "interval: |estimate / SE| = %.2f against %.2f",
			    sig ? " " : "", t->stars, fabs(t->estimate / t->se),
			    jm->z);
			if ((r->check = fg_buf_steal(&b)) == NULL)
				return nomem(err);
		}
	}
	if ((r->estimate_cell = fg_model_cell(m, ti, 3)) == NULL)
		return nomem(err);
	if (strcmp(t->name, "(Intercept)") == 0)
		fg_buf_adds(&b, "(the reference's level)");
	else if (t->estimate > 0)
		fg_buf_printf(&b, m->dv.scale_high ? "toward %s" : "higher",
		    m->dv.scale_high);
	else if (t->estimate < 0)
		fg_buf_printf(&b, m->dv.scale_low ? "toward %s" : "lower",
		    m->dv.scale_low);
	else
		fg_buf_adds(&b, "none");
	if ((r->direction = fg_buf_steal(&b)) == NULL)
		return nomem(err);
	r->linked = lt ? (int)lt->kind : -1;
	if (lt != NULL && lt->kind != FG_LINK_NONE) {
		if (lt->kind == FG_LINK_CODE) {
			fg_buf_printf(&b, "code %s", lt->code);
		} else {
			fg_link_conds_text(lt->when, lt->nwhen, &b);
			if (lt->nvs > 0) {
				fg_buf_adds(&b, " vs ");
				fg_link_conds_text(lt->vs, lt->nvs, &b);
			}
		}
		if ((r->dimension = fg_buf_steal(&b)) == NULL)
			return nomem(err);
	}
	if (lt != NULL && lt->note != NULL &&
	    (r->note = strdup(lt->note)) == NULL)
		return nomem(err);
	return FG_OK;
}

static enum fg_status
silent_row(struct fg_joint_row *r, const struct fg_joint_model *jm,
    struct fg_error *err)
{
	const char *why = r->linked < 0 ? "not linked: no qualitative "
	    "counterpart" : r->linked == FG_LINK_NONE ? "no qualitative "
	    "counterpart" : "no code is linked to the model";

	if (r->linked > 0 && jm->codes != NULL)
		why = "no qualitative counterpart";
	r->reading = FG_READING_SILENT;
	if ((r->reason = strdup(why)) == NULL)
		return nomem(err);
	return FG_OK;
}

static enum fg_status
code_bits(struct fg_db *db, struct fg_joint *j, const struct fg_link *l,
    struct codemask **cm, size_t *ncm, struct codemask **tc, size_t *ntc,
    uint64_t *modelbits, struct fg_error *err)
{
	size_t mi, k, i;
	int64_t id;
	enum fg_status s;
	int bit = 0;

	*cm = NULL;
	*ncm = 0;
	*tc = NULL;
	*ntc = 0;
	*modelbits = 0;
	if (j->nmodels > 64)
		goto limit;
	for (mi = 0; mi < j->nmodels; mi++) {
		const struct fg_link_model *lm = link_model_for(l,
		    j->models[mi].m);

		if (lm == NULL)
			continue;
		for (k = 0; k < lm->ncodes; k++) {
			struct codemask *p;

			if ((s = fg_codebook_find(db, lm->codes[k], &id,
			    err)) != FG_OK)
				return s;
			for (i = 0; i < *ncm; i++)
				if ((*cm)[i].code_id == id)
					break;
			if (i == *ncm) {
				if ((p = realloc(*cm, (*ncm + 1) *
				    sizeof *p)) == NULL)
					return nomem(err);
				*cm = p;
				p[i].code_id = id;
				p[i].mask = 0;
				(*ncm)++;
			}
			(*cm)[i].mask |= (uint64_t)1 << mi;
		}
		*modelbits |= (uint64_t)1 << mi;
	}
	bit = (int)j->nmodels;
	for (mi = 0; mi < j->nmodels; mi++) {
		const struct fg_link_model *lm = link_model_for(l,
		    j->models[mi].m);

		for (k = 0; k < j->models[mi].m->nterms && lm != NULL; k++) {
			const struct fg_link_term *lt = fg_link_term_for(l, lm,
			    j->models[mi].m->terms[k].name);
			struct codemask *p;

			if (lt == NULL || lt->kind != FG_LINK_CODE)
				continue;
			if ((s = fg_codebook_find(db, lt->code, &id, err)) !=
			    FG_OK)
				return s;
			for (i = 0; i < *ntc; i++)
				if ((*tc)[i].code_id == id)
					break;
			if (i < *ntc)
				continue;
			if (bit >= 64)
				goto limit;
			if ((p = realloc(*tc, (*ntc + 1) * sizeof *p)) == NULL)
				return nomem(err);
			*tc = p;
			p[i].code_id = id;
			p[i].mask = (uint64_t)1 << bit++;
			(*ntc)++;
			/* and into the list of codes read */
			for (i = 0; i < *ncm; i++)
				if ((*cm)[i].code_id == id)
					break;
			if (i == *ncm) {
				if ((p = realloc(*cm, (*ncm + 1) *
				    sizeof *p)) == NULL)
					return nomem(err);
				*cm = p;
				p[i].code_id = id;
				p[i].mask = 0;
				(*ncm)++;
			}
			(*cm)[i].mask |= (*tc)[*ntc - 1].mask;
		}
	}
	return FG_OK;
limit:
	return fg_error_set(err, FG_LIMIT, NULL, 0, 0, "a joint display "
	    "takes at most 64 models and term codes together");
}

enum fg_status
fg_joint_compute(struct fg_db *db, const struct fg_joint_opts *o,
    struct fg_joint **out, struct fg_error *err)
{
	const struct fg_link *l = o->link;
	struct fg_joint *j;
	struct eng e;
	struct stamps st;
	struct fg_band *bands = NULL;
	struct codemask *cm = NULL, *tc = NULL;
	size_t ncm = 0, ntc = 0, nb = 0, i, k, n;
	uint64_t modelbits = 0;
	enum fg_status s;
	long stamp = 0;

	*out = NULL;
	memset(&e, 0, sizeof e);
	memset(&st, 0, sizeof st);
	if (o->nmodels == 0 && l == NULL)
		return fg_error_set(err, FG_USAGE, NULL, 0, 0, "name the models "
		    "with --model SET[/MODEL] or give a link file with --link");
	if ((j = calloc(1, sizeof *j)) == NULL)
		return nomem(err);
	j->unit = o->unit >= 0 ? (enum fg_unit)o->unit : l && l->has_unit ?
	    l->unit : FG_UNIT_PARTICIPANT;
	j->quotes = o->quotes >= 0 ? o->quotes : l && l->quotes >= 0 ?
	    l->quotes : FG_JOINT_QUOTES;
	j->min_count = l ? l->min_count : FG_LINK_MIN_COUNT;
	j->ratio = l ? l->ratio : FG_LINK_RATIO;
	j->bands = strdup(l ? l->bands : FG_DEFAULT_BANDS);
	j->title = l ? dup_str(l->title) : NULL;
	j->command = dup_str(o->command ? o->command : "");
	if (l != NULL) {
		j->link_path = dup_str(l->path);
		memcpy(j->link_sha256, l->sha256, sizeof j->link_sha256);
	}
	if (j->bands == NULL || j->command == NULL) {
		s = nomem(err);
		goto fail;
	}
	if ((s = fg_report_bands_parse(j->bands, &bands, &nb, err)) != FG_OK)
		goto fail;
	/* the models */
	if (o->nmodels > 0) {
		for (i = 0; i < o->nmodels; i++)
			if ((s = add_models(db, j, o->models[i], l, err)) !=
			    FG_OK)
				goto fail;
	} else {
		for (i = 0; i < l->nmodels; i++)
			if ((s = add_models(db, j, l->models[i].ref, l, err)) !=
			    FG_OK)
				goto fail;
	}
	/* the project's state */
	if ((s = fg_history_codebook_digest(db, j->codebook_sha256, err)) !=
	    FG_OK || (s = fg_history_roster_digest(db, j->roster_sha256,
	    err)) != FG_OK || (s = sources_digest(db, j, err)) != FG_OK ||
	    (s = codings_digest(db, j, err)) != FG_OK)
		goto fail;
	/* the qualitative data */
	if ((s = load_people(db, &e, err)) != FG_OK ||
	    (s = load_turns(db, &e, err)) != FG_OK ||
	    (s = code_bits(db, j, l, &cm, &ncm, &tc, &ntc, &modelbits,
	    err)) != FG_OK ||
	    (s = load_codings(db, &e, cm, ncm, modelbits, err)) != FG_OK)
		goto fail;
	if (e.nc > 0)
		qsort(e.c, e.nc, sizeof *e.c, cod_cmp);
	j->nturns = (long)e.nt;
	for (i = 0; i < e.np; i++)
		j->nparticipants += e.spoke[i];
	{
		char *gs = calloc(e.ng ? e.ng : 1, 1);

		if (gs == NULL) {
			s = nomem(err);
			goto fail;
		}
		for (i = 0; i < e.np; i++)
			if (e.spoke[i] && e.p[i].g >= 0 && !gs[e.p[i].g]) {
				gs[e.p[i].g] = 1;
				j->ngroups++;
			}
		free(gs);
	}
	for (k = 0; k < 2; k++) {
		st.seen_p[k] = calloc(e.np + 1, sizeof(long));
		st.has_p[k] = calloc(e.np + 1, sizeof(long));
		st.seen_g[k] = calloc(e.ng + 1, sizeof(long));
		st.has_g[k] = calloc(e.ng + 1, sizeof(long));
		if (!st.seen_p[k] || !st.has_p[k] || !st.seen_g[k] ||
		    !st.has_g[k]) {
			s = nomem(err);
			goto fail;
		}
	}
	st.x_p = calloc(e.np + 1, sizeof(long));
	st.x_g = calloc(e.ng + 1, sizeof(long));
	if (st.x_p == NULL || st.x_g == NULL) {
		s = nomem(err);
		goto fail;
	}
	/* the rows */
	for (i = 0, n = 0; i < j->nmodels; i++)
		n += j->models[i].m->nterms;
	if ((j->rows = calloc(n ? n : 1, sizeof *j->rows)) == NULL) {
		s = nomem(err);
		goto fail;
	}
	for (i = 0; i < j->nmodels; i++) {
		struct fg_joint_model *jm = &j->models[i];

		for (k = 0; k < jm->m->nterms; k++) {
			struct fg_joint_row *r = &j->rows[j->nrows++];

			if ((s = quant_row(j, l, i, k, r, err)) != FG_OK)
				goto fail;
			if (jm->codes == NULL || r->linked <= 0)
				s = silent_row(r, jm, err);
			else
				s = compute_row(db, j, &e, l, i,
				    (uint64_t)1 << i, tc, ntc, bands, nb, &st,
				    ++stamp, r, err);
			if (s != FG_OK)
				goto fail;
		}
	}
	s = FG_OK;
fail:
	for (k = 0; k < 2; k++) {
		free(st.seen_p[k]);
		free(st.has_p[k]);
		free(st.seen_g[k]);
		free(st.has_g[k]);
	}
	free(st.x_p);
	free(st.x_g);
	free(cm);
	free(tc);
	free(bands);
	eng_free(&e);
	if (s != FG_OK) {
		fg_joint_free(j);
		return s;
	}
	*out = j;
	return FG_OK;
}

/* ---- tables ---- */

static const char *const link_names[] = { "none", "condition", "code" };

static void
num_cell(char *buf, size_t size, double v, int sig)
{
	if (isnan(v))
		buf[0] = '\0';
	else if (isinf(v))
		snprintf(buf, size, "%s", v > 0 ? "inf" : "-inf");
	else
		snprintf(buf, size, "%.*g", sig, v);
}

static const char *
opt_num(char *buf, size_t size, double v, int sig)
{
	num_cell(buf, size, v, sig);
	return buf[0] ? buf : NULL;
}

static const char *
opt_long(char *buf, size_t size, long v, int have)
{
	if (!have)
		return NULL;
	snprintf(buf, size, "%ld", v);
	return buf;
}

static void
small_text(const struct fg_joint_row *r, struct fg_buf *b)
{
	if (r->small & FG_JOINT_SMALL_S)
		fg_buf_adds(b, "stratum");
	if (r->small & FG_JOINT_SMALL_C)
		fg_buf_printf(b, "%scomplement", b->len ? ", " : "");
	if (r->small & FG_JOINT_SMALL_CODE)
		fg_buf_printf(b, "%scodes", b->len ? ", " : "");
}

enum fg_status
fg_joint_table(const struct fg_joint *j, struct fg_table **out,
    struct fg_error *err)
{
	static const char *const names[] = { "set", "model", "title", "dv",
	    "term", "label", "estimate", "se", "ci_low", "ci_high", "stars",
	    "p", "direction", "check", "link", "dimension", "codes",
	    "indicates", "unit",
	    "units_s", "with_s", "share_s", "codings_s", "words_s",
	    "per_1000_words_s", "participants_s", "per_participant_s",
	    "groups_s",
	    "units_c", "with_c", "share_c", "codings_c", "words_c",
	    "per_1000_words_c", "participants_c", "per_participant_c",
	    "groups_c",
	    "excluded", "small", "ratio", "reading", "reason", "quote_ids",
	    "quotes" };
	enum { NC = sizeof names / sizeof names[0] };
	enum fg_col_type types[NC];
	struct fg_table *t;
	char nb[NC][40];
	size_t i, k;

	for (i = 0; i < NC; i++)
		types[i] = FG_COL_TEXT;
	for (i = 6; i <= 11; i++)
		types[i] = i == 10 ? FG_COL_TEXT : FG_COL_REAL;
	for (i = 19; i <= 37; i++)
		types[i] = FG_COL_INT;
	types[21] = types[24] = types[26] = FG_COL_REAL;
	types[30] = types[33] = types[35] = FG_COL_REAL;
	types[39] = FG_COL_REAL;
	*out = NULL;
	if ((t = fg_table_new(NC, names, types)) == NULL)
		return nomem(err);
	for (i = 0; i < j->nrows; i++) {
		const struct fg_joint_row *r = &j->rows[i];
		const struct fg_joint_model *jm = &j->models[r->model];
		const struct fg_model_term *mt = &jm->m->terms[r->term];
		struct fg_buf small = FG_BUF_INIT, ids = FG_BUF_INIT,
		    quotes = FG_BUF_INIT;
		const char *v[NC];
		const struct fg_joint_side *sd[2];
		int h = r->has_qual;
		enum fg_status s;
		size_t c;

		sd[0] = &r->s;
		sd[1] = &r->c;
		memset(v, 0, sizeof v);
		v[0] = jm->m->set;
		v[1] = jm->m->name;
		v[2] = jm->m->title;
		v[3] = jm->dv_text;
		v[4] = mt->name;
		v[5] = mt->label;
		v[6] = mt->estimate_text ? mt->estimate_text :
		    opt_num(nb[6], 40, mt->estimate, 6);
		v[7] = mt->se_text ? mt->se_text : opt_num(nb[7], 40, mt->se,
		    6);
		v[8] = opt_num(nb[8], 40, r->ci_lo, 6);
		v[9] = opt_num(nb[9], 40, r->ci_hi, 6);
		v[10] = mt->stars;
		v[11] = opt_num(nb[11], 40, mt->p, 6);
		v[12] = r->direction;
		v[13] = r->check;
		v[14] = r->linked < 0 ? "unlinked" : link_names[r->linked];
		v[15] = r->dimension;
		v[16] = jm->codes;
		v[17] = jm->codes == NULL ? NULL : jm->indicates > 0 ?
		    "higher" : jm->indicates < 0 ? "lower" : "none";
		v[18] = fg_unit_name(j->unit);
		for (c = 0; c < 2; c++) {
			size_t o = 19 + 9 * c;

			v[o] = opt_long(nb[o], 40, sd[c]->units, h);
			v[o + 1] = opt_long(nb[o + 1], 40, sd[c]->with, h);
			v[o + 2] = h ? opt_num(nb[o + 2], 40, sd[c]->share, 6)
			    : NULL;
			v[o + 3] = opt_long(nb[o + 3], 40, sd[c]->codings, h);
			v[o + 4] = opt_long(nb[o + 4], 40, sd[c]->words, h);
			v[o + 5] = h ? opt_num(nb[o + 5], 40,
			    sd[c]->per_1000_words, 6) : NULL;
			v[o + 6] = opt_long(nb[o + 6], 40,
			    sd[c]->participants, h);
			v[o + 7] = h ? opt_num(nb[o + 7], 40,
			    sd[c]->per_participant, 6) : NULL;
			v[o + 8] = opt_long(nb[o + 8], 40, sd[c]->groups, h);
		}
		v[37] = opt_long(nb[37], 40, r->excluded, h);
		small_text(r, &small);
		v[38] = h ? small.p ? small.p : "" : NULL;
		v[39] = h ? opt_num(nb[39], 40, r->ratio, 6) : NULL;
		v[40] = fg_joint_reading_name(r->reading);
		v[41] = r->reason;
		for (k = 0; k < r->nquotes; k++) {
			const struct fg_joint_quote *q = &r->quotes[k];

			fg_buf_printf(&ids, "%s%s", k ? " " : "", q->id);
			fg_buf_printf(&quotes, "%s%s \u201c%s\u201d", k ? "\n" :
			    "", q->id, q->excerpt);
			if (q->citation)
				fg_buf_printf(&quotes, " (%s)", q->citation);
		}
		v[42] = ids.p ? ids.p : "";
		v[43] = quotes.p ? quotes.p : "";
		s = fg_table_add(t, v);
		fg_buf_free(&small);
		fg_buf_free(&ids);
		fg_buf_free(&quotes);
		if (s != FG_OK) {
			fg_table_free(t);
			return nomem(err);
		}
	}
	*out = t;
	return FG_OK;
}

/* "with/units (share%)" with daggers on small counts. */
static void
side_cell(const struct fg_joint *j, const struct fg_joint_side *sd,
    struct fg_buf *b)
{
	const char *dag = "\u2020";

	fg_buf_printf(b, "%ld%s/%ld%s", sd->with, sd->with < j->min_count ?
	    dag : "", sd->units, sd->units < j->min_count ? dag : "");
	if (!isnan(sd->share))
		fg_buf_printf(b, " (%.0f%%)", 100.0 * sd->share);
}

static void
rate_cell(double v, struct fg_buf *b)
{
	if (isnan(v))
		fg_buf_adds(b, "-");
	else
		fg_buf_printf(b, "%.2f", v);
}

enum fg_status
fg_joint_model_table(const struct fg_joint *j, size_t mk,
    struct fg_table **out, struct fg_error *err)
{
	static const char *const names[] = { "term", "estimate", "95% CI",
	    "direction", "linked to", "stratum", "complement",
	    "per 1,000 words", "groups", "reading" };
	struct fg_table *t;
	size_t i, c;

	*out = NULL;
	if ((t = fg_table_new(10, names, NULL)) == NULL)
		return nomem(err);
	for (i = 0; i < j->nrows; i++) {
		const struct fg_joint_row *r = &j->rows[i];
		const struct fg_model_term *mt;
		struct fg_buf b[10];
		const char *v[10];
		enum fg_status s;

		if (r->model != mk)
			continue;
		mt = &j->models[mk].m->terms[r->term];
		for (c = 0; c < 10; c++) {
			struct fg_buf z = FG_BUF_INIT;

			b[c] = z;
		}
		fg_buf_adds(&b[0], mt->label);
		fg_buf_adds(&b[1], r->estimate_cell);
		if (!isnan(r->ci_lo))
			fg_buf_printf(&b[2], "[%.3f, %.3f]%s", r->ci_lo,
			    r->ci_hi, r->check ? " !" : "");
		fg_buf_adds(&b[3], r->direction);
		fg_buf_adds(&b[4], r->dimension ? r->dimension :
		    r->linked < 0 ? "(not linked)" : "(none)");
		if (r->has_qual) {
			side_cell(j, &r->s, &b[5]);
			side_cell(j, &r->c, &b[6]);
			rate_cell(r->s.per_1000_words, &b[7]);
			fg_buf_adds(&b[7], " | ");
			rate_cell(r->c.per_1000_words, &b[7]);
			fg_buf_printf(&b[8], "%ld | %ld", r->s.groups,
			    r->c.groups);
		}
		fg_buf_adds(&b[9], fg_joint_reading_name(r->reading));
		for (c = 0; c < 10; c++)
			v[c] = b[c].p ? b[c].p : "";
		s = fg_table_add(t, v);
		for (c = 0; c < 10; c++)
			fg_buf_free(&b[c]);
		if (s != FG_OK) {
			fg_table_free(t);
			return nomem(err);
		}
	}
	*out = t;
	return FG_OK;
}

static enum fg_status
header_rows(const struct fg_joint *j, struct fg_table *t,
    struct fg_error *err)
{
	struct fg_buf b = FG_BUF_INIT;
	const char *kv[2];
	size_t i, k;
	enum fg_status s = FG_OK;

#define ROW(key, ...) do { \
	fg_buf_reset(&b); \
	fg_buf_printf(&b, __VA_ARGS__); \
	kv[0] = (key); \
	kv[1] = b.p ? b.p : ""; \
	if (fg_table_add(t, kv) != FG_OK) \
		goto oom; \
} while (0)
	ROW("report", "joint display: regression terms beside the focus "
	    "groups' codes");
	if (j->title)
		ROW("title", "%s", j->title);
	ROW("fgcode", "%s", PACKAGE_VERSION);
	ROW("command", "%s", j->command);
	ROW("unit", "%s: %s", fg_unit_name(j->unit), j->unit == FG_UNIT_TURN ?
	    "each turn spoken by a participant" : j->unit ==
	    FG_UNIT_PARTICIPANT ? "each participant who speaks in a "
	    "transcript" : "each focus group (for a condition on "
	    "participants: the part of the group on each side)");
	ROW("population", "%ld participant turns, %ld participants who "
	    "speak, %ld focus groups with them; turns of moderators and "
	    "other speakers without a participant are left out", j->nturns,
	    j->nparticipants, j->ngroups);
	ROW("sides", "stratum S: units the term's link selects (its "
	    "condition, or where its code occurs); complement C: the "
	    "others whose dimension is known, or those of \"vs\"");
	ROW("attribution", "a coding belongs to every participant turn it "
	    "overlaps; a turn is on the side of its unit");
	ROW("share", "units where the model's codes occur / units on the "
	    "side");
	ROW("per 1,000 words", "codings of the model's codes overlapping the "
	    "side's turns / words spoken in them x 1000 (a word: a run of "
	    "letters, marks and digits; an apostrophe or hyphen inside "
	    "joins)");
	ROW("per participant", "those codings / participants who speak on "
	    "the side");
	ROW("groups", "focus groups in which the model's codes occur on the "
	    "side");
	ROW("small counts", "fewer than %ld units on a side, or fewer than "
	    "%ld units with the codes on both sides: marked \u2020, reading "
	    "silent", j->min_count, j->min_count);
	ROW("reading", "q = sign of a significant estimate (stars), else 0; "
	    "d = +1/-1 when S's/C's share is at least %g times the other's, "
	    "else 0; r = d x indicates; convergent if q = r, divergent "
	    "otherwise; silent without a counterpart or with small counts "
	    "(fgcode-link(5))", j->ratio);
	ROW("interval", "95%%: estimate +/- z x SE, z = 1.96 (normal) for a "
	    "published table, the t quantile with the residual df for a "
	    "fitted model");
	ROW("age bands", "%s", j->bands);
	ROW("codebook", "SHA-256 %s", j->codebook_sha256);
	ROW("roster", "SHA-256 %s", j->roster_sha256);
	ROW("sources", "%ld, SHA-256 %s", j->nsources, j->sources_sha256);
	ROW("codings", "%ld, SHA-256 %s", j->ncodings, j->codings_sha256);
	for (i = 0; i < j->nmodels; i++) {
		int seen = 0;

		for (k = 0; k < i && !seen; k++)
			seen = strcmp(j->models[k].m->set,
			    j->models[i].m->set) == 0;
		if (seen)
			continue;
		fg_buf_reset(&b);
		fg_buf_printf(&b, "%s: %s", j->models[i].m->set,
		    j->models[i].set_state ? j->models[i].set_state : "");
		kv[0] = "model set";
		kv[1] = b.p;
		if (fg_table_add(t, kv) != FG_OK)
			goto oom;
	}
	if (j->link_path)
		ROW("link", "%s, SHA-256 %s", j->link_path, j->link_sha256);
	else
		ROW("link", "none: no term has a qualitative counterpart");
	for (i = 0; i < j->nmodels; i++) {
		const struct fg_joint_model *jm = &j->models[i];

		fg_buf_reset(&b);
		fg_buf_printf(&b, "%s (%s): %s", jm->ref, jm->m->title,
		    jm->dv_text);
		if (jm->codes)
			fg_buf_printf(&b, "; codes %s, read as %s", jm->codes,
			    jm->indicates > 0 ? "higher" : jm->indicates < 0 ?
			    "lower" : "no direction (indicates: none)");
		else
			fg_buf_adds(&b, "; no code linked");
		if (jm->note)
			fg_buf_printf(&b, "; note: %s", jm->note);
		kv[0] = "model";
		kv[1] = b.p;
		if (fg_table_add(t, kv) != FG_OK)
			goto oom;
	}
#undef ROW
	fg_buf_free(&b);
	return s;
oom:
	fg_buf_free(&b);
	return nomem(err);
}

enum fg_status
fg_joint_header(const struct fg_joint *j, struct fg_table **out,
    struct fg_error *err)
{
	static const char *const names[] = { "key", "value" };
	struct fg_table *t;
	enum fg_status s;

	*out = NULL;
	if ((t = fg_table_new(2, names, NULL)) == NULL)
		return nomem(err);
	if ((s = header_rows(j, t, err)) != FG_OK) {
		fg_table_free(t);
		return s;
	}
	*out = t;
	return FG_OK;
}
