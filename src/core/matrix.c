/* matrix.c - crosstab, co-occurrence and quote matrices, counted in SQL
 * and laid out in C. */
#include "config.h"

#include "core/matrix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/codebook.h"
#include "core/quote.h"

static enum fg_status
nomem(struct fg_error *err)
{
	return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
}

static const char *const count_names[] = { "codings", "turns",
    "participants", "groups" };

enum fg_status
fg_matrix_count_parse(const char *s, enum fg_matrix_count *out,
    struct fg_error *err)
{
	size_t i;

	for (i = 0; i < 4; i++)
		if (strcmp(s, count_names[i]) == 0) {
			*out = (enum fg_matrix_count)i;
			return FG_OK;
		}
	return fg_error_set(err, FG_USAGE, NULL, 0, 0, "unknown count '%s' "
	    "(codings, turns, participants, groups)", s);
}

enum fg_status
fg_matrix_percent_parse(const char *s, enum fg_matrix_percent *out,
    struct fg_error *err)
{
	if (strcmp(s, "row") == 0)
		*out = FG_PERCENT_ROW;
	else if (strcmp(s, "col") == 0)
		*out = FG_PERCENT_COL;
	else
		return fg_error_set(err, FG_USAGE, NULL, 0, 0, "--percent is "
		    "row or col, not '%s'", s);
	return FG_OK;
}

static const char *const unit_names[] = { "turn", "segment", "participant",
    "group" };

enum fg_status
fg_cooccur_unit_parse(const char *s, enum fg_cooccur_unit *out,
    struct fg_error *err)
{
	size_t i;

	for (i = 0; i < 4; i++)
		if (strcmp(s, unit_names[i]) == 0) {
			*out = (enum fg_cooccur_unit)i;
			return FG_OK;
		}
	return fg_error_set(err, FG_USAGE, NULL, 0, 0, "unknown unit '%s' "
	    "(turn, segment, participant, group)", s);
}

/* ---- dimensions ---- */

enum dim { DIM_FG, DIM_CITY, DIM_GENDER, DIM_AGEBAND, DIM_PATTR,
    DIM_GATTR, DIM_SPEAKER, DIM_SOURCE };

/* 1 if the query with ?1 = key yields a row, 0 if not, -1 error. */
static int
has_key(struct fg_db *db, const char *sql, const char *key,
    struct fg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (fg_db_prepare(db, sql, &st, err) != FG_OK)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	fg_db_fail(db, rc, err);
	return -1;
}

/* Resolve a dimension name; *key points into name for attributes. */
static enum fg_status
dim_parse(struct fg_db *db, const char *name, enum dim *d, const char **key,
    struct fg_error *err)
{
	int p, g;

	*key = NULL;
	if (strcmp(name, "fg") == 0)
		*d = DIM_FG;
	else if (strcmp(name, "city") == 0)
		*d = DIM_CITY;
	else if (strcmp(name, "gender") == 0)
		*d = DIM_GENDER;
	else if (strcmp(name, "ageband") == 0)
		*d = DIM_AGEBAND;
	else if (strncmp(name, "participant.", 12) == 0 && name[12]) {
		*d = DIM_PATTR;
		*key = name + 12;
	} else if (strncmp(name, "group.", 6) == 0 && name[6]) {
		*d = DIM_GATTR;
		*key = name + 6;
	} else {
		*key = name;
		p = has_key(db, "SELECT 1 FROM participant_attr WHERE key = ?1",
		    name, err);
		g = has_key(db, "SELECT 1 FROM group_attr WHERE key = ?1",
		    name, err);
		if (p < 0 || g < 0)
			return err->code;
		if (p && g)
			return fg_error_set(err, FG_INPUT, NULL, 0, 0, "'%s' is "
			    "both a participant and a group attribute: write "
			    "participant.%s or group.%s", name, name, name);
		if (!p && !g)
			return fg_error_set(err, FG_INPUT, NULL, 0, 0, "unknown "
			    "dimension '%s' (fg, city, gender, ageband, or an "
			    "attribute of participants or focus groups)",
			    name);
		*d = p ? DIM_PATTR : DIM_GATTR;
		return FG_OK;
	}
	if (*key != NULL) {
		p = has_key(db, *d == DIM_PATTR ? "SELECT 1 FROM "
		    "participant_attr WHERE key = ?1" : "SELECT 1 FROM "
		    "group_attr WHERE key = ?1", *key, err);
		if (p < 0)
			return err->code;
		if (!p)
			return fg_error_set(err, FG_INPUT, NULL, 0, 0, "no %s "
			    "has the attribute '%s'", *d == DIM_PATTR ?
			    "participant" : "focus group", *key);
	}
	return FG_OK;
}

/* The SQL expressions grp, gcls (0 value, 1 "(other)", 2 "(unknown)",
 * 3 "(none)") and gnum (numeric order key or NULL) of dimension d, over
 * aliases t (turn), p (participant), g (focus group), pa / ga (the
 * attribute rows, joined on ?1). */
static void
dim_exprs(struct fg_buf *b, enum dim d, const struct fg_band *bands,
    size_t nb)
{
	const char *v = NULL;

	switch (d) {
	case DIM_FG:
		fg_buf_adds(b, "CASE WHEN g.id IS NULL THEN '(unknown)' ELSE "
		    "g.fg END AS grp, CASE WHEN g.id IS NULL THEN 2 ELSE 0 END "
		    "AS gcls, CASE WHEN g.fg <> '' AND g.fg NOT GLOB "
		    "'*[^0-9]*' AND length(g.fg) < 16 THEN CAST(g.fg AS "
		    "INTEGER) END AS gnum");
		return;
	case DIM_CITY:
		fg_buf_adds(b, "CASE WHEN g.city IS NULL OR g.city = '' THEN "
		    "'(unknown)' ELSE g.city END AS grp, CASE WHEN g.city IS "
		    "NULL OR g.city = '' THEN 2 ELSE 0 END AS gcls, NULL AS "
		    "gnum");
		return;
	case DIM_GENDER:
		v = "p.gender";
		break;
	case DIM_PATTR:
		v = "pa.value";
		break;
	case DIM_GATTR:
		fg_buf_adds(b, "CASE WHEN ga.value IS NULL OR ga.value = '' "
		    "THEN '(unknown)' ELSE ga.value END AS grp, CASE WHEN "
		    "ga.value IS NULL OR ga.value = '' THEN 2 ELSE 0 END AS "
		    "gcls, CASE WHEN ga.value <> '' AND ga.value NOT GLOB "
		    "'*[^0-9]*' AND length(ga.value) < 16 THEN CAST(ga.value "
		    "AS INTEGER) END AS gnum");
		return;
	case DIM_SPEAKER:
		fg_buf_adds(b, "CASE WHEN t.id IS NULL THEN '(none)' ELSE "
		    "t.speaker END AS grp, CASE WHEN t.id IS NULL THEN 3 ELSE "
		    "0 END AS gcls, NULL AS gnum");
		return;
	case DIM_SOURCE:
		fg_buf_adds(b, "s.name AS grp, 0 AS gcls, NULL AS gnum");
		return;
	case DIM_AGEBAND:
		fg_report_ageband_sql(b, bands, nb);
		return;
	}
	/* a participant value: gender or an attribute */
	fg_buf_printf(b, "CASE WHEN t.id IS NULL THEN '(none)' WHEN %s IS "
	    "NULL OR %s = '' THEN '(unknown)' ELSE %s END AS grp, CASE WHEN "
	    "t.id IS NULL THEN 3 WHEN %s IS NULL OR %s = '' THEN 2 ELSE 0 "
	    "END AS gcls, CASE WHEN %s <> '' AND %s NOT GLOB '*[^0-9]*' AND "
	    "length(%s) < 16 THEN CAST(%s AS INTEGER) END AS gnum", v, v, v,
	    v, v, v, v, v, v);
}

/* "FROM coding c ... WHERE c.code_id IN (SELECT id FROM sel)" with the
 * joins the dimension needs; turns only when turns != 0. */
static void
att_from(struct fg_buf *b, enum dim d, int turns)
{
	fg_buf_adds(b, " FROM coding c JOIN source s ON s.id = c.source_id ");
	if (turns)
		fg_buf_adds(b, "LEFT JOIN turn t ON t.source_id = c.source_id "
		    "AND t.start_cp < c.end_cp AND t.end_cp > c.start_cp "
		    "LEFT JOIN participant p ON p.id = t.participant_id ");
	fg_buf_adds(b, "LEFT JOIN focus_group g ON g.id = s.group_id");
	if (d == DIM_PATTR)
		fg_buf_adds(b, " LEFT JOIN participant_attr pa ON "
		    "pa.participant_id = p.id AND pa.key = ?1");
	if (d == DIM_GATTR)
		fg_buf_adds(b, " LEFT JOIN group_attr ga ON ga.group_id = g.id "
		    "AND ga.key = ?1");
	fg_buf_adds(b, " WHERE c.code_id IN (SELECT id FROM sel)");
}

static void
sel_cte(struct fg_buf *b, const int64_t *codes, size_t n)
{
	size_t i;

	fg_buf_printf(b, "WITH RECURSIVE %s, sel(id) AS (SELECT id FROM code",
	    fg_codebook_tree_cte());
	if (codes != NULL && n > 0) {
		fg_buf_adds(b, " WHERE id IN (");
		for (i = 0; i < n; i++)
			fg_buf_printf(b, "%s%lld", i ? ", " : "",
			    (long long)codes[i]);
		fg_buf_adds(b, ")");
	}
	fg_buf_adds(b, ")");
}

/* ---- values ---- */

struct colval {
	char *name;
	int cls;
	int hasnum;
	long long num;
	long idx;              /* order of first appearance */
};

static int
grow_n(void **p, size_t *cap, size_t n, size_t sz)
{
	void *q;
	size_t c;

	if (n < *cap)
		return 0;
	c = *cap ? *cap * 2 : 16;
	if ((q = realloc(*p, c * sz)) == NULL)
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

static int
colval_cmp(const void *a, const void *b)
{
	const struct colval *x = a, *y = b;

	if (x->cls != y->cls)
		return x->cls < y->cls ? -1 : 1;
	if (x->hasnum != y->hasnum)
		return x->hasnum ? -1 : 1;
	if (x->hasnum && x->num != y->num)
		return x->num < y->num ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* ---- the counting engine of crosstab and freq ----
 *
 * Every coding of the selected codes is attributed, as report.c's SQL
 * does, to each turn it overlaps (or to none), giving one "attribution"
 * per (coding, turn): its code, the value of the dimension, and the
 * coding, turn, participant and focus group it stands for.  Distinct
 * counts per (code, value), per code, per value and over all are then
 * counted from sorted 64-bit keys.  Turns are read once in source order
 * and each coding finds its turns by binary search, which is what makes
 * this faster than the SQL join of the same counts. */

/* Interned values of the dimension. */
struct vals {
	struct colval *v;
	size_t n, cap;
	long *slot;            /* open addressing: index into v, -1 empty */
	size_t nslot;
};

static unsigned long
str_hash(const char *s)
{
	unsigned long h = 5381;

	while (*s)
		h = h * 33 ^ (unsigned char)*s++;
	return h;
}

static void
vals_free(struct vals *vs)
{
	size_t i;

	for (i = 0; i < vs->n; i++)
		free(vs->v[i].name);
	free(vs->v);
	free(vs->slot);
}

/* The index of value name (class cls, numeric key num when hasnum),
 * added when new; -1 when out of memory. */
static long
vals_get(struct vals *vs, const char *name, int cls, int hasnum,
    long long num)
{
	size_t i, k;

	if (vs->n * 2 >= vs->nslot) {
		size_t ns = vs->nslot ? vs->nslot * 2 : 64;
		long *sl = malloc(ns * sizeof *sl);

		if (sl == NULL)
			return -1;
		for (i = 0; i < ns; i++)
			sl[i] = -1;
		for (i = 0; i < vs->n; i++) {
			k = str_hash(vs->v[i].name) & (ns - 1);
			while (sl[k] >= 0)
				k = (k + 1) & (ns - 1);
			sl[k] = (long)i;
		}
		free(vs->slot);
		vs->slot = sl;
		vs->nslot = ns;
	}
	k = str_hash(name) & (vs->nslot - 1);
	while (vs->slot[k] >= 0) {
		if (strcmp(vs->v[vs->slot[k]].name, name) == 0)
			return vs->slot[k];
		k = (k + 1) & (vs->nslot - 1);
	}
	if (grow_n((void **)&vs->v, &vs->cap, vs->n, sizeof *vs->v) != 0)
		return -1;
	if ((vs->v[vs->n].name = strdup(name)) == NULL)
		return -1;
	vs->v[vs->n].cls = cls;
	vs->v[vs->n].hasnum = hasnum;
	vs->v[vs->n].num = num;
	vs->v[vs->n].idx = (long)vs->n;
	vs->slot[k] = (long)vs->n;
	return (long)vs->n++;
}

/* A decimal string of at most 15 digits (report.c's numeric order). */
static int
digits(const char *s, long long *num)
{
	size_t n = strlen(s), i;

	if (n == 0 || n >= 16)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	*num = strtoll(s, NULL, 10);
	return 1;
}

/* The value of text v, "(unknown)" when NULL or empty; numeric order
 * when num_order and v is digits. */
static long
val_text(struct vals *vs, const char *v, int num_order)
{
	long long num = 0;

	if (v == NULL || *v == '\0')
		return vals_get(vs, "(unknown)", 2, 0, 0);
	if (num_order && digits(v, &num))
		return vals_get(vs, v, 0, 1, num);
	return vals_get(vs, v, 0, 0, 0);
}

struct att {
	int32_t code, val, cod, turn, part, grp;
};

struct engine {
	enum dim d;
	struct vals vals;
	int64_t *code_ids;     /* selected codes in tree order */
	char **code_names;
	size_t ncodes;
	struct att *a;
	size_t na, capa;
	long ncodings;
};

static void
engine_free(struct engine *e)
{
	size_t i;

	vals_free(&e->vals);
	for (i = 0; i < e->ncodes; i++)
		free(e->code_names[i]);
	free(e->code_names);
	free(e->code_ids);
	free(e->a);
}

static int
id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Index of id in the sorted ids[0..n), or -1. */
static long
id_find(const int64_t *ids, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && ids[lo] == id ? (long)lo : -1;
}

/* Rows of sql as (id, text) pairs sorted by id: *ids, *texts (NULL
 * texts kept as NULL). */
static enum fg_status
id_texts(struct fg_db *db, const char *sql, const char *key, int64_t **ids,
    char ***texts, size_t *n, struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	size_t cap = 0, cap2 = 0;
	int rc;

	*ids = NULL;
	*texts = NULL;
	*n = 0;
	if ((s = fg_db_prepare(db, sql, &st, err)) != FG_OK)
		return s;
	if (key != NULL)
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 1);

		if (grow_n((void **)ids, &cap, *n, sizeof **ids) != 0 ||
		    grow_n((void **)texts, &cap2, *n, sizeof **texts) != 0)
			goto oom;
		(*ids)[*n] = sqlite3_column_int64(st, 0);
		(*texts)[*n] = NULL;
		if (t != NULL && ((*texts)[*n] = strdup((const char *)t)) ==
		    NULL)
			goto oom;
		(*n)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	return FG_OK;
oom:
	sqlite3_finalize(st);
	return nomem(err);
}

static void
texts_free(int64_t *ids, char **texts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(texts[i]);
	free(texts);
	free(ids);
}

/* Attribute the codings of the selected codes (o_codes; none: all) for
 * dimension d (key: the attribute's).  turns: read the turns (else each
 * coding stands alone, which is right for focus-group dimensions when
 * neither turns nor participants are counted). */
static enum fg_status
engine_run(struct fg_db *db, struct engine *e, enum dim d, const char *key,
    const struct fg_band *bands, size_t nb, const int64_t *o_codes,
    size_t o_ncodes, int turns, struct fg_error *err)
{
	struct fg_buf sql = FG_BUF_INIT;
	sqlite3_stmt *st = NULL;
	enum fg_status s;
	/* focus groups, participants, sources */
	int64_t *gids = NULL, *pids = NULL, *sids = NULL;
	char **gtext = NULL, **gattr_ids_t = NULL, **stext = NULL;
	int64_t *gattr_ids = NULL;
	size_t ng = 0, np = 0, ns = 0, nga = 0, i, cap = 0;
	long *pval = NULL, *sval = NULL, *sgrp = NULL, *pgrp = NULL;
	long v_none = -1, v_unknown = -1;
	/* turns */
	int64_t *ts_ids = NULL;
	size_t *ts_first = NULL, *ts_count = NULL, nts = 0, capts = 0;
	int64_t *t_start = NULL, *t_end = NULL, *t_maxend = NULL;
	int32_t *t_part = NULL, *t_val = NULL;
	size_t nt = 0, capt = 0;
	int rc;

	memset(e, 0, sizeof *e);
	e->d = d;
	/* the codes, in tree order */
	sel_cte(&sql, o_codes, o_ncodes);
	fg_buf_adds(&sql, " SELECT k.id, k.name FROM sel JOIN code k ON "
	    "k.id = sel.id JOIN code_tree ct ON ct.id = k.id ORDER BY ct.ord");
	if (sql.p == NULL)
		return nomem(err);
	if ((s = fg_db_prepare(db, sql.p, &st, err)) != FG_OK)
		goto done;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (grow_n((void **)&e->code_ids, &cap, e->ncodes,
		    sizeof *e->code_ids) != 0 || (e->code_names = realloc(
		    e->code_names, cap * sizeof *e->code_names)) == NULL)
			goto oom;
		e->code_ids[e->ncodes] = sqlite3_column_int64(st, 0);
		if ((e->code_names[e->ncodes++] = strdup((const char *)
		    sqlite3_column_text(st, 1))) == NULL)
			goto oom;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE) {
		s = fg_db_fail(db, rc, err);
		goto done;
	}
	/* focus groups: the value text of a group dimension */
	if ((s = id_texts(db, d == DIM_CITY ? "SELECT id, city FROM "
	    "focus_group ORDER BY id" : "SELECT id, fg FROM focus_group "
	    "ORDER BY id", NULL, &gids, &gtext, &ng, err)) != FG_OK)
		goto done;
	if (d == DIM_GATTR && (s = id_texts(db, "SELECT group_id, value FROM "
	    "group_attr WHERE key = ?1 ORDER BY group_id", key, &gattr_ids,
	    &gattr_ids_t, &nga, err)) != FG_OK)
		goto done;
	/* sources: their group and, for group dimensions, their value */
	if ((s = id_texts(db, "SELECT id, name FROM source ORDER BY id", NULL,
	    &sids, &stext, &ns, err)) != FG_OK)
		goto done;
	if ((sval = calloc(ns + 1, sizeof *sval)) == NULL ||
	    (sgrp = calloc(ns + 1, sizeof *sgrp)) == NULL)
		goto oom;
	for (i = 0; i < ns; i++)
		sgrp[i] = -1;
	if ((s = fg_db_prepare(db, "SELECT id, group_id FROM source", &st,
	    err)) != FG_OK)
		goto done;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long si = id_find(sids, ns, sqlite3_column_int64(st, 0));

		if (si >= 0 && sqlite3_column_type(st, 1) != SQLITE_NULL)
			sgrp[si] = id_find(gids, ng, sqlite3_column_int64(st,
			    1));
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE) {
		s = fg_db_fail(db, rc, err);
		goto done;
	}
	for (i = 0; i < ns; i++) {
		long g = sgrp[i];

		switch (d) {
		case DIM_FG:
			sval[i] = g < 0 ? vals_get(&e->vals, "(unknown)", 2, 0,
			    0) : val_text(&e->vals, gtext[g], 1);
			break;
		case DIM_CITY:
			sval[i] = val_text(&e->vals, g < 0 ? NULL : gtext[g],
			    0);
			break;
		case DIM_GATTR: {
			long k = g < 0 ? -1 : id_find(gattr_ids, nga, gids[g]);

			sval[i] = val_text(&e->vals, k < 0 ? NULL :
			    gattr_ids_t[k], 1);
			break;
		}
		case DIM_SOURCE:
			sval[i] = vals_get(&e->vals, stext[i], 0, 0, 0);
			break;
		default:
			sval[i] = 0;
		}
		if (sval[i] < 0)
			goto oom;
	}
	/* participants: their group and, for participant dimensions, their
	 * value */
	fg_buf_reset(&sql);
	switch (d) {
	case DIM_GENDER:
		fg_buf_adds(&sql, "SELECT id, gender, group_id FROM participant "
		    "ORDER BY id");
		break;
	case DIM_AGEBAND:
		fg_buf_adds(&sql, "SELECT id, age, group_id FROM participant "
		    "ORDER BY id");
		break;
	case DIM_PATTR:
		fg_buf_adds(&sql, "SELECT p.id, a.value, p.group_id FROM "
		    "participant p LEFT JOIN participant_attr a ON "
		    "a.participant_id = p.id AND a.key = ?1 ORDER BY p.id");
		break;
	default:
		fg_buf_adds(&sql, "SELECT id, NULL, group_id FROM participant "
		    "ORDER BY id");
	}
	if (turns) {
		if (sql.p == NULL)
			goto oom;
		if ((s = fg_db_prepare(db, sql.p, &st, err)) != FG_OK)
			goto done;
		if (d == DIM_PATTR)
			sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		cap = 0;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *v = (const char *)sqlite3_column_text(st, 1);
			long val = 0;

			if (grow_n((void **)&pids, &cap, np, sizeof *pids) != 0
			    || (pval = realloc(pval, cap * sizeof *pval)) ==
			    NULL || (pgrp = realloc(pgrp, cap * sizeof *pgrp))
			    == NULL)
				goto oom;
			pids[np] = sqlite3_column_int64(st, 0);
			pgrp[np] = -1;
			if (d == DIM_GENDER || d == DIM_PATTR) {
				val = val_text(&e->vals, v, d == DIM_PATTR);
			} else if (d == DIM_AGEBAND) {
				if (sqlite3_column_type(st, 1) == SQLITE_NULL) {
					val = vals_get(&e->vals, "(unknown)", 2,
					    0, 0);
				} else {
					long age = (long)sqlite3_column_int64(st,
					    1);
					size_t b;

					for (b = 0; b < nb; b++)
						if (age >= bands[b].lo &&
						    (bands[b].hi < 0 || age <=
						    bands[b].hi))
							break;
					val = b < nb ? vals_get(&e->vals,
					    bands[b].label, 0, 1, (long long)b) :
					    vals_get(&e->vals, "(other)", 1, 0,
					    0);
				}
			}
			if (val < 0)
				goto oom;
			pval[np++] = val;
		}
		sqlite3_finalize(st);
		st = NULL;
		if (rc != SQLITE_DONE) {
			s = fg_db_fail(db, rc, err);
			goto done;
		}
		/* turns, in source order */
		if ((s = fg_db_prepare(db, d == DIM_SPEAKER ? "SELECT "
		    "source_id, participant_id, start_cp, end_cp, speaker FROM "
		    "turn ORDER BY source_id, start_cp" : "SELECT source_id, "
		    "participant_id, start_cp, end_cp FROM turn ORDER BY "
		    "source_id, start_cp", &st, err)) != FG_OK)
			goto done;
		if ((v_unknown = vals_get(&e->vals, "(unknown)", 2, 0, 0)) < 0)
			goto oom;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t sid = sqlite3_column_int64(st, 0);
			long p = sqlite3_column_type(st, 1) == SQLITE_NULL ?
			    -1 : id_find(pids, np, sqlite3_column_int64(st, 1));
			long val = p >= 0 ? pval[p] : v_unknown;

			if (nt == capt) {
				capt = capt ? capt * 2 : 4096;
				if ((t_start = realloc(t_start, capt * 8)) ==
				    NULL || (t_end = realloc(t_end, capt * 8)) ==
				    NULL || (t_maxend = realloc(t_maxend,
				    capt * 8)) == NULL || (t_part =
				    realloc(t_part, capt * 4)) == NULL ||
				    (t_val = realloc(t_val, capt * 4)) == NULL)
					goto oom;
			}
			if (nts == 0 || ts_ids[nts - 1] != sid) {
				if (grow_n((void **)&ts_ids, &capts, nts,
				    sizeof *ts_ids) != 0 || (ts_first =
				    realloc(ts_first, capts * sizeof *ts_first))
				    == NULL || (ts_count = realloc(ts_count,
				    capts * sizeof *ts_count)) == NULL)
					goto oom;
				ts_ids[nts] = sid;
				ts_first[nts] = nt;
				ts_count[nts++] = 0;
			}
			if (d == DIM_SPEAKER &&
			    (val = vals_get(&e->vals, (const char *)
			    sqlite3_column_text(st, 4), 0, 0, 0)) < 0)
				goto oom;
			t_start[nt] = sqlite3_column_int64(st, 2);
			t_end[nt] = sqlite3_column_int64(st, 3);
			t_maxend[nt] = ts_count[nts - 1] > 0 &&
			    t_maxend[nt - 1] > t_end[nt] ? t_maxend[nt - 1] :
			    t_end[nt];
			t_part[nt] = (int32_t)p;
			t_val[nt] = (int32_t)val;
			ts_count[nts - 1]++;
			nt++;
		}
		sqlite3_finalize(st);
		st = NULL;
		if (rc != SQLITE_DONE) {
			s = fg_db_fail(db, rc, err);
			goto done;
		}
		if ((v_none = vals_get(&e->vals, "(none)", 3, 0, 0)) < 0)
			goto oom;
	}
	/* the codings */
	fg_buf_reset(&sql);
	fg_buf_adds(&sql, "SELECT source_id, code_id, start_cp, end_cp FROM "
	    "coding");
	if (o_codes != NULL && o_ncodes > 0) {
		fg_buf_adds(&sql, " WHERE code_id IN (");
		for (i = 0; i < o_ncodes; i++)
			fg_buf_printf(&sql, "%s%lld", i ? ", " : "",
			    (long long)o_codes[i]);
		fg_buf_adds(&sql, ")");
	}
	if (sql.p == NULL)
		goto oom;
	if ((s = fg_db_prepare(db, sql.p, &st, err)) != FG_OK)
		goto done;
	{
		int64_t *sorted = malloc((e->ncodes + 1) * sizeof *sorted);
		int32_t *cidx = malloc((e->ncodes + 1) * sizeof *cidx);
		size_t k;

		if (sorted == NULL || cidx == NULL) {
			free(sorted);
			free(cidx);
			goto oom;
		}
		memcpy(sorted, e->code_ids, e->ncodes * sizeof *sorted);
		qsort(sorted, e->ncodes, sizeof *sorted, id_cmp);
		for (k = 0; k < e->ncodes; k++)
			for (i = 0; i < e->ncodes; i++)
				if (e->code_ids[i] == sorted[k])
					cidx[k] = (int32_t)i;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			long si = id_find(sids, ns, sqlite3_column_int64(st,
			    0));
			long ci = id_find(sorted, e->ncodes,
			    sqlite3_column_int64(st, 1));
			int64_t a = sqlite3_column_int64(st, 2);
			int64_t b = sqlite3_column_int64(st, 3);
			struct att x;
			long ts;
			int any = 0;

			if (si < 0 || ci < 0)
				continue;
			x.code = cidx[ci];
			x.cod = (int32_t)e->ncodings++;
			x.grp = (int32_t)sgrp[si];
			x.turn = -1;
			x.part = -1;
			x.val = (int32_t)sval[si];
			ts = turns ? id_find(ts_ids, nts, ts_ids ?
			    sqlite3_column_int64(st, 0) : 0) : -1;
			if (ts >= 0) {
				size_t lo = ts_first[ts], hi = lo +
				    ts_count[ts], end = hi, t;

				/* first turn whose running maximum end is
				 * past a */
				while (lo < hi) {
					size_t mid = (lo + hi) / 2;

					if (t_maxend[mid] <= a)
						lo = mid + 1;
					else
						hi = mid;
				}
				for (t = lo; t < end && t_start[t] < b; t++) {
					if (t_end[t] <= a)
						continue;
					x.turn = (int32_t)t;
					x.part = t_part[t] >= 0 ? t_part[t] :
					    -1;
					if (d == DIM_GENDER || d ==
					    DIM_AGEBAND || d == DIM_PATTR ||
					    d == DIM_SPEAKER)
						x.val = t_val[t];
					if (grow_n((void **)&e->a, &e->capa,
					    e->na, sizeof *e->a) != 0) {
						free(sorted);
						free(cidx);
						goto oom;
					}
					e->a[e->na++] = x;
					any = 1;
				}
			}
			if (!any) {
				x.turn = -1;
				x.part = -1;
				if (turns && (d == DIM_GENDER || d ==
				    DIM_AGEBAND || d == DIM_PATTR || d ==
				    DIM_SPEAKER))
					x.val = (int32_t)v_none;
				if (grow_n((void **)&e->a, &e->capa, e->na,
				    sizeof *e->a) != 0) {
					free(sorted);
					free(cidx);
					goto oom;
				}
				e->a[e->na++] = x;
			}
		}
		free(sorted);
		free(cidx);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE) {
		s = fg_db_fail(db, rc, err);
		goto done;
	}
	s = FG_OK;
	goto done;
oom:
	s = nomem(err);
done:
	sqlite3_finalize(st);
	fg_buf_free(&sql);
	texts_free(gids, gtext, ng);
	texts_free(gattr_ids, gattr_ids_t, nga);
	texts_free(sids, stext, ns);
	free(pids);
	free(pval);
	free(pgrp);
	free(sval);
	free(sgrp);
	free(ts_ids);
	free(ts_first);
	free(ts_count);
	free(t_start);
	free(t_end);
	free(t_maxend);
	free(t_part);
	free(t_val);
	return s;
}

/* Sort keys[0..n) (LSD radix, 16 bits a pass, only the passes the
 * largest key needs).  tmp has room for n keys. */
static void
radix_sort(uint64_t *keys, uint64_t *tmp, size_t n)
{
	static size_t count[65536];
	uint64_t max = 0, *src = keys, *dst = tmp, *sw;
	size_t i;
	int shift;

	for (i = 0; i < n; i++)
		if (keys[i] > max)
			max = keys[i];
	for (shift = 0; shift < 64 && (max >> shift) != 0; shift += 16) {
		size_t sum = 0, c;

		memset(count, 0, sizeof count);
		for (i = 0; i < n; i++)
			count[(src[i] >> shift) & 0xFFFF]++;
		for (i = 0; i < 65536; i++) {
			c = count[i];
			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[count[(src[i] >> shift) & 0xFFFF]++] = src[i];
		sw = src;
		src = dst;
		dst = sw;
	}
	if (src != keys)
		memcpy(keys, src, n * sizeof *keys);
}

/* The member of x counted by measure m (-1: none). */
static int32_t
measure(const struct att *x, enum fg_matrix_count m)
{
	switch (m) {
	case FG_COUNT_CODINGS:
		return x->cod;
	case FG_COUNT_TURNS:
		return x->turn;
	case FG_COUNT_PARTICIPANTS:
		return x->part;
	case FG_COUNT_GROUPS:
		return x->grp;
	}
	return -1;
}

enum { BY_CELL, BY_CODE, BY_VALUE, BY_ALL };

/* Distinct counts of measure m grouped by cells (code, value), codes,
 * values or nothing, added into out: out[code * (nv + 1) + val] for
 * cells, out[code * (nv + 1) + nv] for codes, out[ncodes * (nv + 1) +
 * val] for values, out[ncodes * (nv + 1) + nv] for all. */
static enum fg_status
distinct(const struct engine *e, enum fg_matrix_count m, int by, long *out,
    struct fg_error *err)
{
	size_t nv = e->vals.n, n = 0, i, w = nv + 1;
	uint64_t *k, *tmp, id;
	int32_t x;

	if ((k = malloc((e->na + 1) * sizeof *k)) == NULL ||
	    (tmp = malloc((e->na + 1) * sizeof *tmp)) == NULL) {
		free(k);
		return nomem(err);
	}
	for (i = 0; i < e->na; i++) {
		const struct att *a = &e->a[i];
		uint64_t group;

		if ((x = measure(a, m)) < 0)
			continue;
		group = by == BY_CELL ? (uint64_t)a->code * w +
		    (uint64_t)a->val : by == BY_CODE ? (uint64_t)a->code * w +
		    nv : by == BY_VALUE ? e->ncodes * w + (uint64_t)a->val :
		    e->ncodes * w + nv;
		k[n++] = group << 32 | (uint32_t)x;
	}
	radix_sort(k, tmp, n);
	for (i = 0; i < n; i++)
		if (i == 0 || k[i] != k[i - 1]) {
			id = k[i] >> 32;
			out[id]++;
		}
	free(k);
	free(tmp);
	return FG_OK;
}

/* ---- crosstab ---- */

enum fg_status
fg_crosstab(struct fg_db *db, const struct fg_crosstab_opts *o,
    struct fg_table **out, struct fg_error *err)
{
	struct fg_band *bands = NULL;
	struct engine e;
	struct fg_table *t = NULL;
	long *cnt = NULL, *order = NULL;
	const char **names = NULL, **vals = NULL;
	enum fg_col_type *types = NULL;
	char (*nbuf)[32] = NULL;
	size_t nb = 0, nv, w, i, k, nshow = 0;
	const char *key;
	enum fg_status s;
	enum dim d = DIM_FG;
	int turns, by;
	int32_t *show = NULL;

	*out = NULL;
	memset(&e, 0, sizeof e);
	if ((s = dim_parse(db, o->cols, &d, &key, err)) != FG_OK)
		return s;
	if (d == DIM_AGEBAND && (s = fg_report_bands_parse(o->bands ?
	    o->bands : FG_DEFAULT_BANDS, &bands, &nb, err)) != FG_OK)
		return s;
	/* a focus-group dimension counting codings or groups needs no
	 * turns */
	turns = !(d == DIM_FG || d == DIM_CITY || d == DIM_GATTR) ||
	    o->count == FG_COUNT_TURNS || o->count == FG_COUNT_PARTICIPANTS;
	if ((s = engine_run(db, &e, d, key, bands, nb, o->codes, o->ncodes,
	    turns, err)) != FG_OK)
		goto done;
	nv = e.vals.n;
	w = nv + 1;
	if ((cnt = calloc((e.ncodes + 1) * w, sizeof *cnt)) == NULL) {
		s = nomem(err);
		goto done;
	}
	for (by = BY_CELL; by <= BY_ALL; by++)
		if ((s = distinct(&e, o->count, by, cnt, err)) != FG_OK)
			goto done;
	/* the columns: values that occur, in natural order */
	if ((show = calloc(nv + 1, sizeof *show)) == NULL ||
	    (order = calloc(nv + 1, sizeof *order)) == NULL) {
		s = nomem(err);
		goto done;
	}
	/* every value some coding is attributed to, whatever is counted */
	for (i = 0; i < e.na; i++)
		show[e.a[i].val] = 1;
	qsort(e.vals.v, nv, sizeof *e.vals.v, colval_cmp);
	for (k = 0; k < nv; k++)
		if (show[e.vals.v[k].idx])
			order[nshow++] = e.vals.v[k].idx;
	names = calloc(nshow + 2, sizeof *names);
	vals = calloc(nshow + 2, sizeof *vals);
	types = calloc(nshow + 2, sizeof *types);
	nbuf = calloc(nshow + 2, sizeof *nbuf);
	if (names == NULL || vals == NULL || types == NULL || nbuf == NULL) {
		s = nomem(err);
		goto done;
	}
	names[0] = "code";
	types[0] = FG_COL_TEXT;
	{
		size_t j = 0;

		for (k = 0; k < nv; k++)
			if (show[e.vals.v[k].idx]) {
				names[j + 1] = e.vals.v[k].name;
				types[j + 1] = o->percent ? FG_COL_REAL :
				    FG_COL_INT;
				j++;
			}
	}
	names[nshow + 1] = "total";
	types[nshow + 1] = FG_COL_INT;
	if ((t = fg_table_new(nshow + 2, names, types)) == NULL) {
		s = nomem(err);
		goto done;
	}
	for (i = 0; i <= e.ncodes; i++) {
		const long *row = &cnt[i * w];

		vals[0] = i < e.ncodes ? e.code_names[i] : "total";
		for (k = 0; k <= nshow; k++) {
			size_t v = k < nshow ? (size_t)order[k] : nv;
			long base = o->percent == FG_PERCENT_ROW ? row[nv] :
			    cnt[e.ncodes * w + v];

			if (o->percent && k < nshow && i < e.ncodes) {
				if (base > 0)
					snprintf(nbuf[k], 32, "%.1f", 100.0 *
					    (double)row[v] / (double)base);
				else
					nbuf[k][0] = '\0';
			} else {
				snprintf(nbuf[k], 32, "%ld", row[v]);
			}
			vals[k + 1] = nbuf[k][0] ? nbuf[k] : NULL;
		}
		if (fg_table_add(t, vals) != FG_OK) {
			s = nomem(err);
			goto done;
		}
	}
	*out = t;
	t = NULL;
	s = FG_OK;
done:
	fg_table_free(t);
	engine_free(&e);
	free(bands);
	free(cnt);
	free(order);
	free(show);
	free(names);
	free(vals);
	free(types);
	free(nbuf);
	return s;
}

/* ---- freq ---- */

enum fg_status
fg_matrix_freq(struct fg_db *db, const struct fg_freq_opts *o,
    struct fg_table **out, struct fg_error *err)
{
	static const enum fg_col_type types[] = { FG_COL_TEXT, FG_COL_TEXT,
	    FG_COL_INT, FG_COL_INT, FG_COL_INT, FG_COL_INT };
	const char *names[6] = { "code", NULL, "codings", "turns",
	    "participants", "groups" };
	static const enum dim dims[] = { DIM_FG, DIM_CITY, DIM_GENDER,
	    DIM_AGEBAND, DIM_SPEAKER, DIM_SOURCE };
	struct fg_band *bands = NULL;
	struct engine e;
	struct fg_table *t = NULL;
	long *cnt[4] = { NULL, NULL, NULL, NULL };
	size_t nb = 0, nv, w, i, k;
	int32_t *sorted_idx = NULL;
	enum fg_status s;
	int m;

	*out = NULL;
	memset(&e, 0, sizeof e);
	if (o->by == FG_BY_AGEBAND && (s = fg_report_bands_parse(o->bands ?
	    o->bands : FG_DEFAULT_BANDS, &bands, &nb, err)) != FG_OK)
		return s;
	if ((s = engine_run(db, &e, dims[o->by], NULL, bands, nb, o->codes,
	    o->ncodes, 1, err)) != FG_OK)
		goto done;
	nv = e.vals.n;
	w = nv + 1;
	for (m = 0; m < 4; m++) {
		if ((cnt[m] = calloc((e.ncodes + 1) * w, sizeof(long))) ==
		    NULL) {
			s = nomem(err);
			goto done;
		}
		if ((s = distinct(&e, (enum fg_matrix_count)m, BY_CELL, cnt[m],
		    err)) != FG_OK || (s = distinct(&e,
		    (enum fg_matrix_count)m, BY_CODE, cnt[m], err)) != FG_OK)
			goto done;
	}
	if ((sorted_idx = calloc(nv + 1, sizeof *sorted_idx)) == NULL) {
		s = nomem(err);
		goto done;
	}
	qsort(e.vals.v, nv, sizeof *e.vals.v, colval_cmp);
	names[1] = fg_report_by_name(o->by);
	if ((t = fg_table_new(6, names, types)) == NULL) {
		s = nomem(err);
		goto done;
	}
	for (i = 0; i < e.ncodes; i++) {
		for (k = 0; k <= nv; k++) {
			size_t v = k < nv ? (size_t)e.vals.v[k].idx : nv;
			char nbuf[4][24];
			const char *row[6];

			/* a (code, value) that no coding has is no row */
			if (k < nv && cnt[FG_COUNT_CODINGS][i * w + v] == 0)
				continue;
			row[0] = e.code_names[i];
			row[1] = k < nv ? e.vals.v[k].name : "(all)";
			for (m = 0; m < 4; m++) {
				snprintf(nbuf[m], sizeof nbuf[m], "%ld",
				    cnt[m][i * w + v]);
				row[2 + m] = nbuf[m];
			}
			if (fg_table_add(t, row) != FG_OK) {
				s = nomem(err);
				goto done;
			}
		}
	}
	*out = t;
	t = NULL;
	s = FG_OK;
done:
	fg_table_free(t);
	engine_free(&e);
	free(bands);
	for (m = 0; m < 4; m++)
		free(cnt[m]);
	free(sorted_idx);
	return s;
}

/* ---- co-occurrence ---- */

enum fg_status
fg_cooccur(struct fg_db *db, const struct fg_cooccur_opts *o,
    struct fg_table **out, struct fg_error *err)
{
	struct fg_buf sql = FG_BUF_INIT;
	sqlite3_stmt *st = NULL;
	int64_t *ids = NULL;
	char **cnames = NULL;
	long *m = NULL;
	size_t n = 0, cap = 0, i, k;
	const char **names = NULL, **vals = NULL;
	enum fg_col_type *types = NULL;
	char (*nbuf)[24] = NULL;
	struct fg_table *t = NULL;
	enum fg_status s;
	int rc;

	*out = NULL;
	sel_cte(&sql, o->codes, o->ncodes);
	fg_buf_adds(&sql, " SELECT k.id, k.name FROM sel JOIN code k ON "
	    "k.id = sel.id JOIN code_tree ct ON ct.id = k.id ORDER BY ct.ord");
	if (sql.p == NULL)
		return nomem(err);
	if ((s = fg_db_prepare(db, sql.p, &st, err)) != FG_OK)
		goto done;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			int64_t *pi;
			char **pn;

			cap = cap ? cap * 2 : 32;
			if ((pi = realloc(ids, cap * sizeof *pi)) == NULL) {
				s = nomem(err);
				goto done;
			}
			ids = pi;
			if ((pn = realloc(cnames, cap * sizeof *pn)) == NULL) {
				s = nomem(err);
				goto done;
			}
			cnames = pn;
		}
		ids[n] = sqlite3_column_int64(st, 0);
		if ((cnames[n++] = strdup((const char *)
		    sqlite3_column_text(st, 1))) == NULL) {
			s = nomem(err);
			goto done;
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE) {
		s = fg_db_fail(db, rc, err);
		goto done;
	}
	if ((m = calloc(n * n + 1, sizeof *m)) == NULL) {
		s = nomem(err);
		goto done;
	}
	fg_buf_reset(&sql);
	sel_cte(&sql, o->codes, o->ncodes);
	switch (o->unit) {
	case FG_COOCCUR_TURN:
	case FG_COOCCUR_PARTICIPANT:
		fg_buf_printf(&sql, ", u(k, u) AS (SELECT DISTINCT c.code_id, "
		    "%s FROM coding c JOIN turn t ON t.source_id = c.source_id "
		    "AND t.start_cp < c.end_cp AND t.end_cp > c.start_cp WHERE "
		    "c.code_id IN (SELECT id FROM sel)%s) SELECT a.k, b.k, "
		    "count(*) FROM u a JOIN u b ON b.u = a.u GROUP BY a.k, b.k",
		    o->unit == FG_COOCCUR_TURN ? "t.id" : "t.participant_id",
		    o->unit == FG_COOCCUR_TURN ? "" : " AND t.participant_id "
		    "IS NOT NULL");
		break;
	case FG_COOCCUR_GROUP:
		fg_buf_adds(&sql, ", u(k, u) AS (SELECT DISTINCT c.code_id, "
		    "s.group_id FROM coding c JOIN source s ON s.id = "
		    "c.source_id WHERE s.group_id IS NOT NULL AND c.code_id IN "
		    "(SELECT id FROM sel)) SELECT a.k, b.k, count(*) FROM u a "
		    "JOIN u b ON b.u = a.u GROUP BY a.k, b.k");
		break;
	case FG_COOCCUR_SEGMENT:
		fg_buf_adds(&sql, " SELECT a.code_id, b.code_id, count(*) FROM "
		    "coding a JOIN coding b ON b.source_id = a.source_id AND "
		    "b.start_cp < a.end_cp AND b.end_cp > a.start_cp AND "
		    "b.code_id <> a.code_id WHERE a.code_id IN (SELECT id FROM "
		    "sel) AND b.code_id IN (SELECT id FROM sel) GROUP BY "
		    "a.code_id, b.code_id UNION ALL SELECT code_id, code_id, "
		    "count(*) FROM coding WHERE code_id IN (SELECT id FROM sel) "
		    "GROUP BY code_id");
		break;
	}
	if (sql.p == NULL) {
		s = nomem(err);
		goto done;
	}
	if ((s = fg_db_prepare(db, sql.p, &st, err)) != FG_OK)
		goto done;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t a = sqlite3_column_int64(st, 0);
		int64_t b = sqlite3_column_int64(st, 1);
		size_t ia, ib;

		for (ia = 0; ia < n && ids[ia] != a; ia++)
			;
		for (ib = 0; ib < n && ids[ib] != b; ib++)
			;
		if (ia < n && ib < n)
			m[ia * n + ib] = (long)sqlite3_column_int64(st, 2);
	}
	if (rc != SQLITE_DONE) {
		s = fg_db_fail(db, rc, err);
		goto done;
	}
	names = calloc(n + 1, sizeof *names);
	vals = calloc(n + 1, sizeof *vals);
	types = calloc(n + 1, sizeof *types);
	nbuf = calloc(n + 1, sizeof *nbuf);
	if (names == NULL || vals == NULL || types == NULL || nbuf == NULL) {
		s = nomem(err);
		goto done;
	}
	names[0] = "code";
	types[0] = FG_COL_TEXT;
	for (k = 0; k < n; k++) {
		names[k + 1] = cnames[k];
		types[k + 1] = FG_COL_INT;
	}
	if ((t = fg_table_new(n + 1, names, types)) == NULL) {
		s = nomem(err);
		goto done;
	}
	for (i = 0; i < n; i++) {
		vals[0] = cnames[i];
		for (k = 0; k < n; k++) {
			snprintf(nbuf[k], sizeof nbuf[k], "%ld", m[i * n + k]);
			vals[k + 1] = nbuf[k];
		}
		if (fg_table_add(t, vals) != FG_OK) {
			s = nomem(err);
			goto done;
		}
	}
	*out = t;
	t = NULL;
	s = FG_OK;
done:
	sqlite3_finalize(st);
	fg_table_free(t);
	fg_buf_free(&sql);
	for (i = 0; i < n; i++)
		free(cnames[i]);
	free(cnames);
	free(ids);
	free(m);
	free(names);
	free(vals);
	free(types);
	free(nbuf);
	return s;
}

/* ---- quote matrix ---- */

enum fg_status
fg_quote_matrix(struct fg_db *db, const struct fg_quotes_opts *o,
    struct fg_table **out, struct fg_error *err)
{
	static const enum fg_col_type types[] = { FG_COL_TEXT, FG_COL_TEXT,
	    FG_COL_TEXT, FG_COL_TEXT, FG_COL_INT, FG_COL_TEXT };
	const char *names[6] = { NULL, "quote", "citation", "source", "line",
	    "excerpt" };
	struct fg_band *bands = NULL;
	struct fg_buf sql = FG_BUF_INIT;
	struct fg_table *t = NULL;
	sqlite3_stmt *st = NULL;
	enum fg_status s;
	enum dim d = DIM_FG;
	size_t nb = 0;
	char *prev = NULL;
	long in_group = 0;
	int rc;

	*out = NULL;
	switch (o->by) {
	case FG_BY_FG:
		d = DIM_FG;
		break;
	case FG_BY_CITY:
		d = DIM_CITY;
		break;
	case FG_BY_GENDER:
		d = DIM_GENDER;
		break;
	case FG_BY_AGEBAND:
		d = DIM_AGEBAND;
		break;
	default:
		return fg_error_set(err, FG_USAGE, NULL, 0, 0, "a quote matrix "
		    "is by fg, city, gender or ageband");
	}
	if (d == DIM_AGEBAND && (s = fg_report_bands_parse(o->bands ?
	    o->bands : FG_DEFAULT_BANDS, &bands, &nb, err)) != FG_OK)
		return s;
	names[0] = fg_report_by_name(o->by);
	fg_buf_adds(&sql, "WITH sel(id) AS (SELECT ?1), att AS (SELECT c.id "
	    "AS cid, s.name AS sname, c.start_cp AS start, ");
	dim_exprs(&sql, d, bands, nb);
	att_from(&sql, d, 1);
	fg_buf_adds(&sql, ") SELECT cid, grp FROM att GROUP BY cid, grp "
	    "ORDER BY min(gcls), min(gnum) IS NULL, min(gnum), grp, "
	    "min(sname), min(start), cid");
	free(bands);
	if (sql.p == NULL)
		return nomem(err);
	s = fg_db_prepare(db, sql.p, &st, err);
	fg_buf_free(&sql);
	if (s != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, o->code);
	if ((t = fg_table_new(6, names, types)) == NULL) {
		s = nomem(err);
		goto done;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *g = (const char *)sqlite3_column_text(st, 1);
		struct fg_quote *q;
		const char *v[6];
		char line[24];

		if (prev == NULL || strcmp(prev, g) != 0) {
			free(prev);
			if ((prev = strdup(g)) == NULL) {
				s = nomem(err);
				goto done;
			}
			in_group = 0;
		}
		if (o->max > 0 && in_group >= o->max)
			continue;
		in_group++;
		if ((s = fg_quote_get(db, sqlite3_column_int64(st, 0), 0, &q,
		    err)) != FG_OK)
			goto done;
		snprintf(line, sizeof line, "%ld", q->line_start);
		v[0] = g;
		v[1] = q->id;
		v[2] = q->citation;
		v[3] = q->source;
		v[4] = line;
		v[5] = q->excerpt;
		s = fg_table_add(t, v);
		fg_quote_free(q);
		if (s != FG_OK) {
			s = nomem(err);
			goto done;
		}
	}
	if (rc != SQLITE_DONE) {
		s = fg_db_fail(db, rc, err);
		goto done;
	}
	*out = t;
	t = NULL;
	s = FG_OK;
done:
	free(prev);
	sqlite3_finalize(st);
	fg_table_free(t);
	return s;
}
