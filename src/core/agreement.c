/* agreement.c - Cohen's kappa of two coders per code (see agreement.h). */
#include "config.h"

#include "core/agreement.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/codebook.h"

void
fg_kappa2_compute(int64_t both, int64_t a_only, int64_t b_only,
    int64_t neither, struct fg_kappa2 *k)
{
	double n, ca, cb, agree, chance, num, den;

	memset(k, 0, sizeof *k);
	k->both = both;
	k->a_only = a_only;
	k->b_only = b_only;
	k->neither = neither;
	k->n = both + a_only + b_only + neither;
	if (both + a_only + b_only > 0) {
		k->po_coded = (double)both / (double)(both + a_only + b_only);
		k->coded_defined = 1;
	}
	if (k->n == 0) {
		k->reason = "no units to compare";
		return;
	}
	n = (double)k->n;
	ca = (double)(both + a_only);
	cb = (double)(both + b_only);
	agree = (double)(both + neither);
	/* n^2 * Pe, exact in doubles for any realistic n */
	chance = ca * cb + (n - ca) * (n - cb);
	k->po = agree / n;
	k->pe = chance / (n * n);
	if (both + a_only == 0 && both + b_only == 0) {
		k->reason = "neither coder used the code";
		return;
	}
	if (both == k->n) {
		k->reason = "both coders coded every unit";
		return;
	}
	num = n * agree - chance;
	den = n * n - chance;
	k->kappa = num / den;
	if (k->kappa == 0.0)
		k->kappa = 0.0;   /* no -0 */
	k->defined = 1;
}

enum fg_status
fg_kappa_matrix(const double *m, const double *w, size_t k, double *po,
    double *pe, double *kappa, struct fg_error *err)
{
	double total = 0, obs = 0, exp = 0, wmax = 0;
	double *row, *col;
	size_t i, j;

	if (k == 0)
		return fg_error_set(err, FG_INPUT, NULL, 0, 0,
		    "kappa: empty table");
	row = calloc(k, sizeof *row);
	col = calloc(k, sizeof *col);
	if (row == NULL || col == NULL) {
		free(row);
		free(col);
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	}
	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++) {
			double v = m[i * k + j];

			if (!(v >= 0)) {
				free(row);
				free(col);
				return fg_error_set(err, FG_INPUT, NULL, 0, 0,
				    "kappa: negative or missing cell "
				    "(%zu, %zu)", i + 1, j + 1);
			}
			row[i] += v;
			col[j] += v;
			total += v;
		}
	if (!(total > 0)) {
		free(row);
		free(col);
		return fg_error_set(err, FG_INPUT, NULL, 0, 0,
		    "kappa: the table is empty");
	}
	/* observed and expected disagreement, weighted */
	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++) {
			double wij = w != NULL ? w[i * k + j] : (i != j);

			if (wij > wmax)
				wmax = wij;
			obs += wij * m[i * k + j] / total;
			exp += wij * (row[i] / total) * (col[j] / total);
		}
	free(row);
	free(col);
	if (!(exp > 0))
		return fg_error_set(err, FG_INPUT, NULL, 0, 0,
		    "kappa: undefined (no disagreement expected by chance)");
	if (w == NULL) {
		*po = 1 - obs;
		*pe = 1 - exp;
	} else {
		*po = 1 - obs / wmax;
		*pe = 1 - exp / wmax;
	}
	*kappa = 1 - obs / exp;
	if (*kappa == 0.0)
		*kappa = 0.0;
	return FG_OK;
}

enum fg_status
fg_agree_unit_parse(const char *s, enum fg_agree_unit *u,
    struct fg_error *err)
{
	if (strcmp(s, "cp") == 0)
		*u = FG_AGREE_CP;
	else if (strcmp(s, "turn") == 0)
		*u = FG_AGREE_TURN;
	else
		return fg_error_set(err, FG_USAGE, NULL, 0, 0,
		    "unknown unit '%s' (cp, turn)", s);
	return FG_OK;
}

/* ---- counting ---- */

struct span {
	int64_t s, e;
};

struct spans {
	struct span *v;
	size_t n, cap;
};

/* The merged (sorted, disjoint) ranges of one coder's codings of code in
 * source src, into *out (reused). */
static enum fg_status
coder_spans(struct fg_db *db, sqlite3_stmt *st, int64_t src, int64_t code,
    const char *coder, struct spans *out, struct fg_error *err)
{
	int rc;

	out->n = 0;
	sqlite3_reset(st);
	if ((rc = sqlite3_bind_int64(st, 1, src)) != SQLITE_OK ||
	    (rc = sqlite3_bind_int64(st, 2, code)) != SQLITE_OK ||
	    (rc = sqlite3_bind_text(st, 3, coder, -1, SQLITE_STATIC)) !=
	    SQLITE_OK)
		return fg_db_fail(db, rc, err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t s = sqlite3_column_int64(st, 0);
		int64_t e = sqlite3_column_int64(st, 1);

		if (out->n > 0 && s <= out->v[out->n - 1].e) {
			if (e > out->v[out->n - 1].e)
				out->v[out->n - 1].e = e;
			continue;
		}
		if (out->n == out->cap) {
			size_t cap = out->cap ? out->cap * 2 : 16;
			struct span *p = realloc(out->v, cap * sizeof *p);

			if (p == NULL) {
				sqlite3_reset(st);
				return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
				    "out of memory");
			}
			out->v = p;
			out->cap = cap;
		}
		out->v[out->n].s = s;
		out->v[out->n].e = e;
		out->n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	return FG_OK;
}

static int64_t
spans_len(const struct spans *a, int64_t limit)
{
	int64_t t = 0;
	size_t i;

	for (i = 0; i < a->n; i++) {
		int64_t s = a->v[i].s < 0 ? 0 : a->v[i].s;
		int64_t e = a->v[i].e > limit ? limit : a->v[i].e;

		if (e > s)
			t += e - s;
	}
	return t;
}

static int64_t
spans_common(const struct spans *a, const struct spans *b, int64_t limit)
{
	size_t i = 0, j = 0;
	int64_t t = 0;

	while (i < a->n && j < b->n) {
		int64_t s = a->v[i].s > b->v[j].s ? a->v[i].s : b->v[j].s;
		int64_t e = a->v[i].e < b->v[j].e ? a->v[i].e : b->v[j].e;

		if (s < 0)
			s = 0;
		if (e > limit)
			e = limit;
		if (e > s)
			t += e - s;
		if (a->v[i].e < b->v[j].e)
			i++;
		else
			j++;
	}
	return t;
}

/* The selected sources: ids and lengths (malloc'd, caller frees). */
static enum fg_status
sources_of(struct fg_db *db, const struct fg_agree_opts *o, int64_t **ids,
    int64_t **ncp, size_t *n, struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	size_t cap = 0, i;
	int rc;

	*ids = *ncp = NULL;
	*n = 0;
	s = fg_db_prepare(db, "SELECT id, n_cp FROM source ORDER BY id", &st,
	    err);
	if (s != FG_OK)
		return s;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		int keep = o->nsources == 0;

		for (i = 0; i < o->nsources && !keep; i++)
			keep = o->sources[i] == id;
		if (!keep)
			continue;
		if (*n == cap) {
			int64_t *a, *b;

			cap = cap ? cap * 2 : 16;
			a = realloc(*ids, cap * sizeof *a);
			if (a != NULL)
				*ids = a;
			b = realloc(*ncp, cap * sizeof *b);
			if (b != NULL)
				*ncp = b;
			if (a == NULL || b == NULL) {
				sqlite3_finalize(st);
				free(*ids);
				free(*ncp);
				*ids = *ncp = NULL;
				return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
				    "out of memory");
			}
		}
		(*ids)[*n] = id;
		(*ncp)[*n] = sqlite3_column_int64(st, 1);
		(*n)++;
	}
	if (rc != SQLITE_DONE) {
		s = fg_db_fail(db, rc, err);
		sqlite3_finalize(st);
		free(*ids);
		free(*ncp);
		*ids = *ncp = NULL;
		*n = 0;
		return s;
	}
	sqlite3_finalize(st);
	return FG_OK;
}

static enum fg_status
count_cp(struct fg_db *db, const struct fg_agree_opts *o, int64_t code,
    const int64_t *ids, const int64_t *ncp, size_t nsrc, int64_t c[4],
    struct fg_error *err)
{
	struct spans a = { NULL, 0, 0 }, b = { NULL, 0, 0 };
	sqlite3_stmt *st;
	enum fg_status s;
	size_t i;

	s = fg_db_prepare(db, "SELECT start_cp, end_cp FROM coding "
	    "WHERE source_id = ?1 AND code_id = ?2 AND coder = ?3 "
	    "ORDER BY start_cp, end_cp", &st, err);
	if (s != FG_OK)
		return s;
	for (i = 0; i < nsrc && s == FG_OK; i++) {
		int64_t la, lb, lab;

		if ((s = coder_spans(db, st, ids[i], code, o->coder_a, &a,
		    err)) != FG_OK)
			break;
		if ((s = coder_spans(db, st, ids[i], code, o->coder_b, &b,
		    err)) != FG_OK)
			break;
		la = spans_len(&a, ncp[i]);
		lb = spans_len(&b, ncp[i]);
		lab = spans_common(&a, &b, ncp[i]);
		c[0] += lab;
		c[1] += la - lab;
		c[2] += lb - lab;
		c[3] += ncp[i] - la - lb + lab;
	}
	sqlite3_finalize(st);
	free(a.v);
	free(b.v);
	return s;
}

#define TURN_CODED(p) "EXISTS (SELECT 1 FROM coding c WHERE " \
	"c.source_id = t.source_id AND c.code_id = ?2 AND c.coder = " p " " \
	"AND c.start_cp < t.end_cp AND c.end_cp > t.start_cp)"

static enum fg_status
count_turn(struct fg_db *db, const struct fg_agree_opts *o, int64_t code,
    const int64_t *ids, size_t nsrc, int64_t c[4], struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	size_t i;
	int rc;

	s = fg_db_prepare(db, "SELECT coalesce(sum(a AND b), 0), "
	    "coalesce(sum(a AND NOT b), 0), coalesce(sum(b AND NOT a), 0), "
	    "coalesce(sum(NOT a AND NOT b), 0) FROM (SELECT "
	    TURN_CODED("?3") " AS a, " TURN_CODED("?4") " AS b "
	    "FROM turn t WHERE t.source_id = ?1)", &st, err);
	if (s != FG_OK)
		return s;
	for (i = 0; i < nsrc; i++) {
		int j;

		sqlite3_reset(st);
		if ((rc = sqlite3_bind_int64(st, 1, ids[i])) != SQLITE_OK ||
		    (rc = sqlite3_bind_int64(st, 2, code)) != SQLITE_OK ||
		    (rc = sqlite3_bind_text(st, 3, o->coder_a, -1,
		    SQLITE_STATIC)) != SQLITE_OK ||
		    (rc = sqlite3_bind_text(st, 4, o->coder_b, -1,
		    SQLITE_STATIC)) != SQLITE_OK ||
		    (rc = sqlite3_step(st)) != SQLITE_ROW) {
			s = fg_db_fail(db, rc, err);
			break;
		}
		for (j = 0; j < 4; j++)
			c[j] += sqlite3_column_int64(st, j);
	}
	sqlite3_finalize(st);
	return s;
}

enum fg_status
fg_agreement_code(struct fg_db *db, const struct fg_agree_opts *o,
    int64_t code, struct fg_kappa2 *k, struct fg_error *err)
{
	int64_t *ids, *ncp, c[4] = { 0, 0, 0, 0 };
	enum fg_status s;
	size_t n;

	if ((s = sources_of(db, o, &ids, &ncp, &n, err)) != FG_OK)
		return s;
	if (o->unit == FG_AGREE_CP)
		s = count_cp(db, o, code, ids, ncp, n, c, err);
	else
		s = count_turn(db, o, code, ids, n, c, err);
	free(ids);
	free(ncp);
	if (s == FG_OK)
		fg_kappa2_compute(c[0], c[1], c[2], c[3], k);
	return s;
}

/* ---- the table ---- */

static enum fg_status
coder_exists(struct fg_db *db, const char *coder, struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	int rc;

	s = fg_db_prepare(db, "SELECT 1 FROM coding WHERE coder = ?1 LIMIT 1",
	    &st, err);
	if (s != FG_OK)
		return s;
	if ((rc = sqlite3_bind_text(st, 1, coder, -1, SQLITE_STATIC)) !=
	    SQLITE_OK) {
		s = fg_db_fail(db, rc, err);
		sqlite3_finalize(st);
		return s;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		s = FG_OK;
	else if (rc == SQLITE_DONE)
		s = fg_error_set(err, FG_NOTFOUND, NULL, 0, 0, "coder '%s' "
		    "has no codings in this project (see 'fgcode codings')",
		    coder);
	else
		s = fg_db_fail(db, rc, err);
	sqlite3_finalize(st);
	return s;
}

/* Every code id and name in tree order, or the selected ones. */
static enum fg_status
code_list(struct fg_db *db, const struct fg_agree_opts *o,
    struct fg_table **out, struct fg_error *err)
{
	static const char *const names[] = { "id", "name" };
	struct fg_buf sql = FG_BUF_INIT;
	sqlite3_stmt *st;
	enum fg_status s;
	size_t i;

	if ((*out = fg_table_new(2, names, NULL)) == NULL)
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	if (o->ncodes == 0) {
		fg_buf_printf(&sql, "WITH RECURSIVE %s SELECT c.id, c.name "
		    "FROM code_tree t JOIN code c ON c.id = t.id "
		    "ORDER BY t.ord", fg_codebook_tree_cte());
		if (sql.p == NULL) {
			s = fg_error_set(err, FG_NOMEM, NULL, 0, 0,
			    "out of memory");
			goto fail;
		}
		s = fg_db_prepare(db, sql.p, &st, err);
		fg_buf_free(&sql);
		if (s != FG_OK)
			goto fail;
		s = fg_table_add_stmt(*out, db->db, st, err);
		sqlite3_finalize(st);
		if (s != FG_OK)
			goto fail;
		return FG_OK;
	}
	s = fg_db_prepare(db, "SELECT id, name FROM code WHERE id = ?1", &st,
	    err);
	if (s != FG_OK)
		goto fail;
	for (i = 0; i < o->ncodes && s == FG_OK; i++) {
		int rc = sqlite3_bind_int64(st, 1, o->codes[i]);

		if (rc != SQLITE_OK) {
			s = fg_db_fail(db, rc, err);
			break;
		}
		s = fg_table_add_stmt(*out, db->db, st, err);
	}
	sqlite3_finalize(st);
	if (s == FG_OK)
		return FG_OK;
fail:
	fg_table_free(*out);
	*out = NULL;
	return s;
}

enum fg_status
fg_agreement(struct fg_db *db, const struct fg_agree_opts *o,
    struct fg_table **out, struct fg_error *err)
{
	static const char *const names[] = { "code", "unit", "n", "both",
	    "a_only", "b_only", "neither", "po", "pe", "kappa", "po_coded",
	    "note" };
	static const enum fg_col_type types[] = { FG_COL_TEXT, FG_COL_TEXT,
	    FG_COL_INT, FG_COL_INT, FG_COL_INT, FG_COL_INT, FG_COL_INT,
	    FG_COL_REAL, FG_COL_REAL, FG_COL_REAL, FG_COL_REAL, FG_COL_TEXT };
	struct fg_table *codes = NULL, *t;
	enum fg_status s;
	size_t i;

	*out = NULL;
	if (o->coder_a == NULL || o->coder_b == NULL)
		return fg_error_set(err, FG_USAGE, NULL, 0, 0,
		    "name two coders with --coder A --coder B");
	if (strcmp(o->coder_a, o->coder_b) == 0)
		return fg_error_set(err, FG_USAGE, NULL, 0, 0,
		    "the two coders are the same ('%s')", o->coder_a);
	if ((s = coder_exists(db, o->coder_a, err)) != FG_OK ||
	    (s = coder_exists(db, o->coder_b, err)) != FG_OK)
		return s;
	if ((s = code_list(db, o, &codes, err)) != FG_OK)
		return s;
	if ((t = fg_table_new(12, names, types)) == NULL) {
		fg_table_free(codes);
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	}
	for (i = 0; i < codes->nrows; i++) {
		char num[7][32], po[32], pe[32], ka[32], pc[32], note[160];
		const char *vals[12];
		struct fg_kappa2 k;

		s = fg_agreement_code(db, o,
		    strtoll(fg_table_cell(codes, i, 0), NULL, 10), &k, err);
		if (s != FG_OK)
			break;
		snprintf(num[0], sizeof num[0], "%lld", (long long)k.n);
		snprintf(num[1], sizeof num[1], "%lld", (long long)k.both);
		snprintf(num[2], sizeof num[2], "%lld", (long long)k.a_only);
		snprintf(num[3], sizeof num[3], "%lld", (long long)k.b_only);
		snprintf(num[4], sizeof num[4], "%lld", (long long)k.neither);
		snprintf(po, sizeof po, "%.4f", k.po);
		snprintf(pe, sizeof pe, "%.4f", k.pe);
		if (k.defined)
			snprintf(ka, sizeof ka, "%.3f", k.kappa);
		else
			snprintf(ka, sizeof ka, "n/a");
		if (strcmp(ka, "-0.000") == 0)
			snprintf(ka, sizeof ka, "0.000");
		if (k.coded_defined)
			snprintf(pc, sizeof pc, "%.4f", k.po_coded);
		else
			snprintf(pc, sizeof pc, "n/a");
		if (!k.defined)
			snprintf(note, sizeof note, "kappa undefined: %s",
			    k.reason);
		else
			note[0] = '\0';
		vals[0] = fg_table_cell(codes, i, 1);
		vals[1] = o->unit == FG_AGREE_CP ? "cp" : "turn";
		vals[2] = num[0];
		vals[3] = num[1];
		vals[4] = num[2];
		vals[5] = num[3];
		vals[6] = num[4];
		vals[7] = po;
		vals[8] = pe;
		vals[9] = ka;
		vals[10] = pc;
		vals[11] = note;
		if ((s = fg_table_add(t, vals)) != FG_OK) {
			fg_error_set(err, FG_NOMEM, NULL, 0, 0,
			    "out of memory");
			break;
		}
	}
	fg_table_free(codes);
	if (s != FG_OK) {
		fg_table_free(t);
		return s;
	}
	*out = t;
	return FG_OK;
}
