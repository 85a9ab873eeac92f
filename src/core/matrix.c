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
    DIM_GATTR };

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
	size_t i;

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
	case DIM_AGEBAND:
		fg_buf_adds(b, "CASE WHEN t.id IS NULL THEN '(none)' WHEN "
		    "p.age IS NULL THEN '(unknown)'");
		for (i = 0; i < nb; i++)
			if (bands[i].hi < 0)
				fg_buf_printf(b, " WHEN p.age >= %d THEN '%s'",
				    bands[i].lo, bands[i].label);
			else
				fg_buf_printf(b, " WHEN p.age BETWEEN %d AND "
				    "%d THEN '%s'", bands[i].lo, bands[i].hi,
				    bands[i].label);
		fg_buf_adds(b, " ELSE '(other)' END AS grp, CASE WHEN t.id IS "
		    "NULL THEN 3 WHEN p.age IS NULL THEN 2");
		for (i = 0; i < nb; i++)
			if (bands[i].hi < 0)
				fg_buf_printf(b, " WHEN p.age >= %d THEN 0",
				    bands[i].lo);
			else
				fg_buf_printf(b, " WHEN p.age BETWEEN %d AND "
				    "%d THEN 0", bands[i].lo, bands[i].hi);
		fg_buf_adds(b, " ELSE 1 END AS gcls, CASE WHEN p.age IS NULL "
		    "THEN NULL");
		for (i = 0; i < nb; i++)
			if (bands[i].hi < 0)
				fg_buf_printf(b, " WHEN p.age >= %d THEN %zu",
				    bands[i].lo, i);
			else
				fg_buf_printf(b, " WHEN p.age BETWEEN %d AND "
				    "%d THEN %zu", bands[i].lo, bands[i].hi, i);
		fg_buf_adds(b, " END AS gnum");
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

/* ---- crosstab ---- */

struct colval {
	char *name;
	int cls;
	int hasnum;
	long long num;
	long idx;              /* order of first appearance */
};

/* One count of the crosstab query. */
struct xcount {
	int hascode;
	int64_t code;
	long col;              /* index into the columns, -1: total */
	long n;
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

struct xrow {
	int64_t code;
	char *name;
	long *cells;           /* ncols; the last is the total */
};

static long
find_col(const struct colval *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return (long)i;
	return -1;
}

enum fg_status
fg_crosstab(struct fg_db *db, const struct fg_crosstab_opts *o,
    struct fg_table **out, struct fg_error *err)
{
	static const char *const xs[] = { "cid", "tid", "pid", "gid" };
	struct fg_band *bands = NULL;
	struct fg_buf sql = FG_BUF_INIT;
	struct colval *cols = NULL;
	struct xrow *rows = NULL;
	long *coltot = NULL, grand = 0;
	size_t nb = 0, ncols = 0, capcols = 0, nrows = 0, i, k;
	const char *key;
	const char **names = NULL, **vals = NULL;
	enum fg_col_type *types = NULL;
	struct fg_table *t = NULL;
	sqlite3_stmt *st = NULL;
	enum fg_status s;
	enum dim d = DIM_FG;
	char (*nbuf)[32] = NULL;
	struct xcount *xc = NULL;
	size_t nxc = 0, capxc = 0;
	long *order = NULL;
	int rc, turns, simple;

	*out = NULL;
	if ((s = dim_parse(db, o->cols, &d, &key, err)) != FG_OK)
		return s;
	if (d == DIM_AGEBAND && (s = fg_report_bands_parse(o->bands ?
	    o->bands : FG_DEFAULT_BANDS, &bands, &nb, err)) != FG_OK)
		return s;
	/* the rows: every selected code, in tree order */
	sel_cte(&sql, o->codes, o->ncodes);
	fg_buf_adds(&sql, " SELECT k.id, k.name FROM sel JOIN code k ON "
	    "k.id = sel.id JOIN code_tree ct ON ct.id = k.id ORDER BY ct.ord");
	if (sql.p == NULL) {
		s = nomem(err);
		goto done;
	}
	if ((s = fg_db_prepare(db, sql.p, &st, err)) != FG_OK)
		goto done;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct xrow *p = realloc(rows, (nrows + 1) * sizeof *p);

		if (p == NULL) {
			s = nomem(err);
			goto done;
		}
		rows = p;
		rows[nrows].code = sqlite3_column_int64(st, 0);
		rows[nrows].name = strdup((const char *)
		    sqlite3_column_text(st, 1));
		rows[nrows].cells = NULL;
		nrows++;
		if (rows[nrows - 1].name == NULL) {
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
	/* the counts: (code, value), (code, total), (value, total), all */
	fg_buf_reset(&sql);
	sel_cte(&sql, o->codes, o->ncodes);
	/* a focus-group dimension counting codings or groups needs no
	 * turns */
	turns = !(d == DIM_FG || d == DIM_CITY || d == DIM_GATTR) ||
	    o->count == FG_COUNT_TURNS || o->count == FG_COUNT_PARTICIPANTS;
	fg_buf_printf(&sql, ", att AS (SELECT c.id AS cid, c.code_id AS "
	    "code_id, %s, s.group_id AS gid, ", turns ? "t.id AS tid, "
	    "t.participant_id AS pid" : "NULL AS tid, NULL AS pid");
	dim_exprs(&sql, d, bands, nb);
	att_from(&sql, d, turns);
	/* Each coding has one code, and without turns one value: then the
	 * totals are sums of the cells, and one grouping does. */
	simple = !turns && o->count == FG_COUNT_CODINGS;
	if (simple)
		fg_buf_adds(&sql, ") SELECT code_id, grp, min(gcls), min(gnum), "
		    "count(*) FROM att GROUP BY code_id, grp");
	else
		fg_buf_printf(&sql, ") SELECT code_id, grp, min(gcls), "
		    "min(gnum), count(DISTINCT %s) FROM att GROUP BY code_id, "
		    "grp UNION ALL SELECT code_id, NULL, 0, NULL, "
		    "count(DISTINCT %s) FROM att GROUP BY code_id "
		    "UNION ALL SELECT NULL, grp, min(gcls), min(gnum), "
		    "count(DISTINCT %s) FROM att GROUP BY grp "
		    "UNION ALL SELECT NULL, NULL, 0, NULL, count(DISTINCT %s) "
		    "FROM att", xs[o->count], xs[o->count], xs[o->count],
		    xs[o->count]);
	if (sql.p == NULL) {
		s = nomem(err);
		goto done;
	}
	if ((s = fg_db_prepare(db, sql.p, &st, err)) != FG_OK)
		goto done;
	if (key != NULL)
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	/* one pass: the counts, and the column values */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *g = (const char *)sqlite3_column_text(st, 1);
		struct xcount *x;

		if (grow_n((void **)&xc, &capxc, nxc, sizeof *xc) != 0) {
			s = nomem(err);
			goto done;
		}
		x = &xc[nxc++];
		x->hascode = sqlite3_column_type(st, 0) != SQLITE_NULL;
		x->code = sqlite3_column_int64(st, 0);
		x->n = (long)sqlite3_column_int64(st, 4);
		x->col = -1;
		if (g == NULL)
			continue;
		if ((x->col = find_col(cols, ncols, g)) >= 0)
			continue;
		if (grow_n((void **)&cols, &capcols, ncols, sizeof *cols) !=
		    0) {
			s = nomem(err);
			goto done;
		}
		cols[ncols].name = strdup(g);
		cols[ncols].cls = sqlite3_column_int(st, 2);
		cols[ncols].hasnum = sqlite3_column_type(st, 3) !=
		    SQLITE_NULL;
		cols[ncols].num = sqlite3_column_int64(st, 3);
		if (cols[ncols].name == NULL) {
			s = nomem(err);
			goto done;
		}
		x->col = (long)ncols++;
	}
	if (rc != SQLITE_DONE) {
		s = fg_db_fail(db, rc, err);
		goto done;
	}
	/* columns in natural order: renumber the counts' columns */
	if ((order = calloc(ncols + 1, sizeof *order)) == NULL) {
		s = nomem(err);
		goto done;
	}
	for (i = 0; i < ncols; i++)
		cols[i].idx = (long)i;
	if (ncols > 0)
		qsort(cols, ncols, sizeof *cols, colval_cmp);
	for (i = 0; i < ncols; i++)
		order[cols[i].idx] = (long)i;
	for (i = 0; i < nrows; i++)
		if ((rows[i].cells = calloc(ncols + 1, sizeof(long))) == NULL) {
			s = nomem(err);
			goto done;
		}
	if ((coltot = calloc(ncols + 1, sizeof(long))) == NULL) {
		s = nomem(err);
		goto done;
	}
	for (k = 0; k < nxc; k++) {
		const struct xcount *x = &xc[k];
		long col = x->col >= 0 ? order[x->col] : (long)ncols;

		if (!x->hascode) {
			if (x->col < 0)
				grand = x->n;
			else
				coltot[col] = x->n;
			continue;
		}
		for (i = 0; i < nrows; i++)
			if (rows[i].code == x->code) {
				rows[i].cells[col] = x->n;
				if (simple) {
					rows[i].cells[ncols] += x->n;
					coltot[col] += x->n;
					grand += x->n;
				}
			}
	}
	coltot[ncols] = grand;
	/* the table */
	names = calloc(ncols + 2, sizeof *names);
	vals = calloc(ncols + 2, sizeof *vals);
	types = calloc(ncols + 2, sizeof *types);
	nbuf = calloc(ncols + 2, sizeof *nbuf);
	if (names == NULL || vals == NULL || types == NULL || nbuf == NULL) {
		s = nomem(err);
		goto done;
	}
	names[0] = "code";
	types[0] = FG_COL_TEXT;
	for (k = 0; k < ncols; k++) {
		names[k + 1] = cols[k].name;
		types[k + 1] = o->percent ? FG_COL_REAL : FG_COL_INT;
	}
	names[ncols + 1] = "total";
	types[ncols + 1] = FG_COL_INT;
	if ((t = fg_table_new(ncols + 2, names, types)) == NULL) {
		s = nomem(err);
		goto done;
	}
	for (i = 0; i <= nrows; i++) {
		const long *cells = i < nrows ? rows[i].cells : coltot;

		vals[0] = i < nrows ? rows[i].name : "total";
		for (k = 0; k <= ncols; k++) {
			long base = o->percent == FG_PERCENT_ROW ?
			    cells[ncols] : coltot[k];

			if (o->percent && k < ncols && i < nrows)
				if (base > 0)
					snprintf(nbuf[k], 32, "%.1f", 100.0 *
					    (double)cells[k] / (double)base);
				else
					nbuf[k][0] = '\0';
			else
				snprintf(nbuf[k], 32, "%ld", cells[k]);
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
	sqlite3_finalize(st);
	fg_table_free(t);
	fg_buf_free(&sql);
	free(bands);
	for (i = 0; i < ncols; i++)
		free(cols[i].name);
	free(cols);
	for (i = 0; i < nrows; i++) {
		free(rows[i].name);
		free(rows[i].cells);
	}
	free(rows);
	free(coltot);
	free(names);
	free(vals);
	free(types);
	free(nbuf);
	free(xc);
	free(order);
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
