/* wvs-data.c - the streaming pass over the survey CSV: filters, missing
 * codes, recodes, weights and listwise deletion; the fits through
 * core/ols (fg_wvs_fit). */
#include "config.h"

#include "core/wvs.h"
#include "core/wvs-impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>

#include "core/csvread.h"
#include "core/ols.h"

/* ---- reading the data ---- */

void
fg_wvs_reader_close(struct fg_wvs_reader *r)
{
	fg_csv_close(r->csv);
	free(r->need);
	free(r->val);
	free(r->miss);
	free(r->nmiss);
	memset(r, 0, sizeof *r);
}

/* The SHA-256 of a file, streamed. */
static enum fg_status
file_sha256(const char *path, char out[65], struct fg_error *err)
{
	static const char hex[] = "0123456789abcdef";
	struct sha256_ctx ctx;
	unsigned char d[SHA256_DIGEST_SIZE], buf[65536];
	FILE *fp = fopen(path, "rb");
	size_t n;
	int i;

	if (fp == NULL)
		return fg_error_set(err, errno == ENOENT ? FG_NOTFOUND : FG_IO,
		    path, 0, 0, "cannot open: %s", strerror(errno));
	sha256_init(&ctx);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		sha256_update(&ctx, n, buf);
	if (ferror(fp)) {
		fclose(fp);
		return fg_error_set(err, FG_IO, path, 0, 0, "read error");
	}
	fclose(fp);
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, d);
	for (i = 0; i < SHA256_DIGEST_SIZE; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
	return FG_OK;
}

static enum fg_status
reader_open(struct fg_wvs_reader *r, const struct fg_wvs_spec *spec,
    const char *path, struct fg_error *err)
{
	enum fg_status s;

	memset(r, 0, sizeof *r);
	r->spec = spec;
	r->spec_file = spec->path;
	r->path = path;
	if ((s = fg_csv_open(path, 1, &r->csv, err)) != FG_OK)
		return s;
	r->ncols = fg_csv_ncols(r->csv);
	r->need = calloc(r->ncols + 1, 1);
	r->val = calloc(r->ncols + 1, sizeof *r->val);
	r->miss = calloc(r->ncols + 1, 1);
	r->nmiss = calloc(r->ncols + 1, sizeof *r->nmiss);
	if (r->need == NULL || r->val == NULL || r->miss == NULL ||
	    r->nmiss == NULL)
		return NOMEM(err);
	return FG_OK;
}

/* Find column name (used at spec line:col) and mark it to be read. */
enum fg_status
fg_wvs_reader_use(struct fg_wvs_reader *r, const char *name, int line, int col,
    size_t *idx, struct fg_error *err)
{
	long i = fg_csv_column(r->csv, name);

	if (i == -2)
		return fg_error_set(err, FG_INPUT, r->spec_file, line, col,
		    "column '%s' appears more than once in the header of %s",
		    name, r->path);
	if (i < 0)
		return fg_error_set(err, FG_INPUT, r->spec_file, line, col,
		    "no column '%s' in %s", name, r->path);
	*idx = (size_t)i;
	r->need[i] = 1;
	return FG_OK;
}

static int
is_missing(const struct fg_wvs_spec *spec, long double v)
{
	size_t i;

	if (spec->missing_negative && v < 0)
		return 1;
	for (i = 0; i < spec->nmissing; i++)
		if (v == spec->missing[i])
			return 1;
	return 0;
}

/* A field value for a message: at most 40 bytes (whole UTF-8
 * characters), line breaks and tabs shown as \n \r \t. */
static void
quote_value(struct fg_buf *b, const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++, n++) {
		if (n >= 40 && ((unsigned char)*s & 0xC0) != 0x80) {
			fg_buf_adds(b, "...");
			return;
		}
		if (*s == '\n')
			fg_buf_adds(b, "\\n");
		else if (*s == '\r')
			fg_buf_adds(b, "\\r");
		else if (*s == '\t')
			fg_buf_adds(b, "\\t");
		else
			fg_buf_addc(b, *s);
	}
}

/* Read the next record and parse the needed columns; *eof at the end. */
enum fg_status
fg_wvs_reader_next(struct fg_wvs_reader *r, int *eof, struct fg_error *err)
{
	const struct fg_csv_record *rec;
	enum fg_status s;
	size_t i;

	*eof = 0;
	if ((s = fg_csv_next(r->csv, &rec, err)) != FG_OK)
		return s;
	if (rec == NULL) {
		*eof = 1;
		return FG_OK;
	}
	r->rows++;
	r->line = rec->line;
	for (i = 0; i < r->ncols; i++) {
		enum fg_csv_num k;

		if (!r->need[i])
			continue;
		k = fg_csv_number(rec->fields[i], &r->val[i]);
		if (k == FG_CSV_NUM_EMPTY) {
			r->miss[i] = 1;
		} else if (k == FG_CSV_NUM_OK) {
			r->miss[i] = is_missing(r->spec, r->val[i]);
		} else {
			struct fg_buf q = FG_BUF_INIT;

			quote_value(&q, rec->fields[i]);
			s = fg_error_set(err, FG_INPUT, r->path,
			    rec->lines[i], 0, "column '%s': '%s' is %s",
			    fg_csv_name(r->csv, i), q.p ? q.p : "",
			    k == FG_CSV_NUM_BAD ? "not a number" :
			    "out of range");
			fg_buf_free(&q);
			return s;
		}
	}
	return FG_OK;
}

/* Whether the current row passes every filter (a filter on a missing
 * value fails). */
int
fg_wvs_reader_pass(struct fg_wvs_reader *r)
{
	size_t i;

	for (i = 0; i < r->spec->nfilters; i++) {
		const struct fg_wvs_cond *k = &r->spec->filters[i];

		if (r->miss[k->idx] || !fg_wvs_cond_true(k, r->val[k->idx]))
			return 0;
	}
	return 1;
}

static enum fg_status
use_filters(struct fg_wvs_reader *r, struct fg_error *err)
{
	size_t i;
	enum fg_status s;

	for (i = 0; i < r->spec->nfilters; i++) {
		struct fg_wvs_cond *k = &r->spec->filters[i];

		if ((s = fg_wvs_reader_use(r, k->column, k->line, k->col,
		    &k->idx, err)) != FG_OK)
			return s;
	}
	return FG_OK;
}

/* The weight column in effect (NULL: unweighted) and where it is named
 * (line 0 for the command line). */
static const char *
weight_column(const struct fg_wvs_spec *spec, const struct fg_wvs_opts *o,
    int *line, int *col)
{
	*line = *col = 0;
	if (o != NULL && o->unweighted)
		return NULL;
	if (o != NULL && o->weight != NULL)
		return o->weight;
	*line = spec->weight_line;
	*col = spec->weight_col;
	return spec->weight;
}

/* Weight of the current row: 0 when missing or not positive. */
long double
fg_wvs_row_weight(const struct fg_wvs_reader *r, int weighted, size_t widx)
{
	long double w;

	if (!weighted)
		return 1;
	if (r->miss[widx])
		return 0;
	w = r->val[widx];
	return w > 0 && w - w == 0 ? w : 0;
}

/* Value of variable v in the current row; 0 when missing. */
static int
var_value(const struct fg_wvs_reader *r, const struct fg_wvs_var *v,
    const struct fg_wvs_model *m, long double *out)
{
	long double x;

	if (r->miss[v->idx])
		return 0;
	x = r->val[v->idx];
	if (v->indicator)
		x = fg_wvs_cond_true(&v->cond, x) ? 1 : 0;
	else if (v->reverse && m != NULL)
		x = (long double)m->scale_min + (long double)m->scale_max - x;
	*out = x;
	return 1;
}

/* ---- fitting ---- */

struct fitm {
	const struct fg_wvs_model *m;
	struct fg_ols *ols;
	long double *x;        /* nterms */
	long double *first;    /* nterms + 1 (y last): first value seen */
	unsigned char *varies; /* nterms + 1 */
	long used;
};

static const char *
data_path(const struct fg_wvs_spec *spec, const struct fg_wvs_opts *o)
{
	return o != NULL && o->data != NULL ? o->data : spec->data;
}

/* Set up the reader: data, filters, weight (line 0: from the command
 * line). */
enum fg_status
fg_wvs_open_data(struct fg_wvs_reader *r, const struct fg_wvs_spec *spec,
    const struct fg_wvs_opts *o, const char **wcol, size_t *widx,
    struct fg_error *err)
{
	const char *path = data_path(spec, o);
	enum fg_status s;
	int wl, wc;

	if (path == NULL)
		return fg_error_set(err, FG_USAGE, spec->path, 0, 0, "the spec "
		    "names no 'data' file (give one with --data)");
	if ((s = reader_open(r, spec, path, err)) != FG_OK ||
	    (s = use_filters(r, err)) != FG_OK)
		return s;
	*wcol = weight_column(spec, o, &wl, &wc);
	if (*wcol == NULL)
		return FG_OK;
	if (wl == 0 && fg_csv_column(r->csv, *wcol) < 0)
		return fg_error_set(err, FG_INPUT, path, 1, 0, "no weight "
		    "column '%s' (--weight) in the header", *wcol);
	return fg_wvs_reader_use(r, *wcol, wl, wc, widx, err);
}

/* The variable with the most missing values among those of the models,
 * for messages. */
static void
most_missing(const struct fg_wvs_reader *r, const struct fg_wvs_spec *spec,
    struct fitm *fm, size_t nfm, const char *wcol, size_t widx,
    struct fg_buf *b)
{
	const char *best = NULL;
	long n = 0;
	size_t i, k;

	for (i = 0; i < nfm; i++) {
		const struct fg_wvs_model *m = fm[i].m;

		if (r->nmiss[m->y.idx] > n) {
			n = r->nmiss[m->y.idx];
			best = m->y.column;
		}
		for (k = 0; k < m->nterms; k++) {
			const struct fg_wvs_var *v = &spec->terms[m->terms[k]];

			if (r->nmiss[v->idx] > n) {
				n = r->nmiss[v->idx];
				best = v->column;
			}
		}
	}
	if (wcol != NULL && r->nmiss[widx] > n) {
		n = r->nmiss[widx];
		best = wcol;
	}
	if (best != NULL)
		fg_buf_printf(b, "; most often missing: %s, %ld row%s", best,
		    n, n == 1 ? "" : "s");
}

static enum fg_status
finish_model(const struct fg_wvs_reader *r, const struct fg_wvs_spec *spec,
    struct fitm *f, struct fitm *all, size_t nall, const char *wcol,
    size_t widx, struct fg_model *out, struct fg_error *err)
{
	const struct fg_wvs_model *m = f->m;
	struct fg_ols_result *res = NULL;
	size_t p = m->nterms + (size_t)spec->intercept, k;
	enum fg_status s;
	char vbuf[64];

	if (f->used <= (long)p) {
		struct fg_buf b = FG_BUF_INIT;

		most_missing(r, spec, all, nall, wcol, widx, &b);
		s = fg_error_set(err, FG_INPUT, spec->path, m->line, m->col,
		    "model '%s' has %zu term%s but only %ld row%s left after "
		    "dropping rows with missing values (of %ld passing the "
		    "filters%s): it needs more rows than terms", m->name, p,
		    p == 1 ? "" : "s", f->used, f->used == 1 ? "" : "s",
		    r->filtered, b.p ? b.p : "");
		fg_buf_free(&b);
		return s;
	}
	for (k = 0; k <= m->nterms; k++) {
		const struct fg_wvs_var *v = k < m->nterms ?
		    &spec->terms[m->terms[k]] : &m->y;

		if (f->varies[k])
			continue;
		snprintf(vbuf, sizeof vbuf, "%.10Lg", f->first[k]);
		if (k == m->nterms)
			return fg_error_set(err, FG_INPUT, spec->path, v->line,
			    v->col, "model '%s': the dependent variable %s is "
			    "constant (%s in all %ld rows used)", m->name,
			    v->definition, vbuf, f->used);
		return fg_error_set(err, FG_INPUT, spec->path, v->line, v->col,
		    "model '%s': term '%s' (%s) is constant: %s in all %ld "
		    "rows used", m->name, v->name, v->definition, vbuf,
		    f->used);
	}
	if ((s = fg_ols_finish(f->ols, &res, err)) != FG_OK) {
		long bad = fg_ols_deficient(f->ols);

		if (bad >= (long)spec->intercept) {
			const struct fg_wvs_var *v = &spec->terms[m->terms[
			    bad - spec->intercept]];

			return fg_error_set(err, FG_INPUT, spec->path, v->line,
			    v->col, "model '%s': term '%s' (%s) is collinear "
			    "with the terms before it in the %ld rows used",
			    m->name, v->name, v->definition, f->used);
		}
		err->line = m->line;
		err->col = m->col;
		snprintf(err->file, sizeof err->file, "%s", spec->path);
		return s;
	}
	out->source = FG_MODEL_FITTED;
	out->n = (long)res->n;
	out->dropped = r->filtered - (long)res->n;
	out->df_model = res->df_model;
	out->df_resid = res->df_resid;
	out->r2 = res->r2;
	out->adj_r2 = res->adj_r2;
	out->sigma = res->sigma;
	out->f = res->f;
	out->f_p = res->f_p;
	if ((out->terms = calloc(p, sizeof *out->terms)) == NULL) {
		fg_ols_result_free(res);
		return NOMEM(err);
	}
	out->nterms = p;
	for (k = 0; k < p; k++) {
		struct fg_model_term *t = &out->terms[k];
		const struct fg_ols_term *o = &res->terms[k];
		const struct fg_wvs_var *v = NULL;

		if (k >= (size_t)spec->intercept)
			v = &spec->terms[m->terms[k - spec->intercept]];
		t->estimate = o->estimate;
		t->se = o->se;
		t->t = o->t;
		t->p = o->p;
		snprintf(t->stars, sizeof t->stars, "%s",
		    fg_model_stars(o->p));
		t->name = fg_wvs_dup_str(v ? v->name : "(Intercept)");
		t->label = fg_wvs_dup_str(v ? v->label :
		    spec->intercept_label);
		t->definition = v ? fg_wvs_dup_str(v->definition) : NULL;
		if (t->name == NULL || t->label == NULL ||
		    (v != NULL && t->definition == NULL)) {
			fg_ols_result_free(res);
			return NOMEM(err);
		}
	}
	fg_ols_result_free(res);
	return FG_OK;
}

enum fg_status
fg_wvs_copy_dv(const struct fg_wvs_model *m, struct fg_model *out,
    struct fg_error *err)
{
	out->dv.scale_min = m->scale_min;
	out->dv.scale_max = m->scale_max;
	if ((out->name = fg_wvs_dup_str(m->name)) == NULL ||
	    (out->title = fg_wvs_dup_str(m->title)) == NULL ||
	    (out->dv.column = fg_wvs_dup_str(m->y.column)) == NULL ||
	    (out->dv.label = fg_wvs_dup_str(m->y.label)) == NULL ||
	    (out->dv.definition = fg_wvs_dup_str(m->y.definition)) == NULL ||
	    (out->dv.scale_low = fg_wvs_dup_str(m->scale_low)) == NULL ||
	    (out->dv.scale_high = fg_wvs_dup_str(m->scale_high)) == NULL ||
	    (out->dv.direction = fg_wvs_dup_str(m->direction)) == NULL)
		return NOMEM(err);
	return FG_OK;
}

/* Design columns for on_row: y of each model, the terms used, weight. */
struct design {
	size_t n;
	const char **names;
	char **owned;
	double *vals;
	int *miss;
	long *term_col;        /* per spec term: design column or -1 */
};

static void
design_free(struct design *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->owned[i]);
	free(d->owned);
	free(d->names);
	free(d->vals);
	free(d->miss);
	free(d->term_col);
}

static enum fg_status
fit_rows(struct fg_wvs_reader *r, const struct fg_wvs_spec *spec,
    const struct fg_wvs_opts *o, struct fitm *fm, size_t nfm,
    const char *wcol, size_t widx, struct design *dz, struct fg_error *err)
{
	const int weighted = wcol != NULL;
	unsigned char *uses = calloc(spec->nterms + 1, 1);
	long double *tv = calloc(spec->nterms + 1, sizeof *tv);
	unsigned char *tm = calloc(spec->nterms + 1, 1);
	long double yv, w;
	enum fg_status s = FG_OK;
	size_t i, k;
	int eof;

	if (uses == NULL || tv == NULL || tm == NULL) {
		s = NOMEM(err);
		goto out;
	}
	/* one sample for all the spec's models, fitted or not, so that
	 * --model gives a model as the whole spec does */
	for (i = 0; i < spec->nmodels; i++)
		for (k = 0; k < spec->models[i].nterms; k++)
			uses[spec->models[i].terms[k]] = 1;
	for (;;) {
		int all_ok = 1;

		if ((s = fg_wvs_reader_next(r, &eof, err)) != FG_OK)
			goto out;
		if (eof)
			break;
		if (!fg_wvs_reader_pass(r))
			continue;
		r->filtered++;
		for (i = 0; i < r->ncols; i++)
			if (r->need[i] && r->miss[i])
				r->nmiss[i]++;
		w = fg_wvs_row_weight(r, weighted, widx);
		if (w == 0)
			all_ok = 0;
		for (k = 0; k < spec->nterms; k++) {
			tm[k] = !var_value(r, &spec->terms[k], NULL, &tv[k]);
			if (uses[k] && tm[k])
				all_ok = 0;
		}
		for (i = 0; i < spec->nmodels; i++)
			if (r->miss[spec->models[i].y.idx])
				all_ok = 0;
		if (o != NULL && o->on_row != NULL && (all_ok ||
		    spec->listwise_model)) {
			size_t c = 0;

			for (i = 0; i < nfm; i++, c++) {
				dz->miss[c] = !var_value(r, &fm[i].m->y,
				    fm[i].m, &yv);
				dz->vals[c] = dz->miss[c] ? 0 : (double)yv;
			}
			for (k = 0; k < spec->nterms; k++)
				if (dz->term_col[k] >= 0) {
					dz->miss[dz->term_col[k]] = tm[k];
					dz->vals[dz->term_col[k]] = tm[k] ? 0 :
					    (double)tv[k];
				}
			if (weighted) {
				dz->miss[dz->n - 1] = w == 0;
				dz->vals[dz->n - 1] = (double)w;
			}
			if ((s = o->on_row(o->row_data, dz->n, dz->names,
			    dz->vals, dz->miss, r->line, err)) != FG_OK)
				goto out;
		}
		for (i = 0; i < nfm; i++) {
			struct fitm *f = &fm[i];
			const struct fg_wvs_model *m = f->m;
			int ok = spec->listwise_model ? w != 0 : all_ok;

			if (!ok || !var_value(r, &m->y, m, &yv))
				continue;
			for (k = 0; k < m->nterms && ok; k++) {
				if (tm[m->terms[k]])
					ok = 0;
				else
					f->x[k] = tv[m->terms[k]];
			}
			if (!ok)
				continue;
			for (k = 0; k <= m->nterms; k++) {
				long double v = k < m->nterms ? f->x[k] : yv;

				if (f->used == 0)
					f->first[k] = v;
				else if (v != f->first[k])
					f->varies[k] = 1;
			}
			s = weighted ? fg_ols_add_weighted(f->ols, f->x, yv, w,
			    err) : fg_ols_add(f->ols, f->x, yv, err);
			if (s != FG_OK) {
				snprintf(err->file, sizeof err->file, "%s",
				    r->path);
				err->line = r->line;
				goto out;
			}
			f->used++;
		}
	}
out:
	free(uses);
	free(tv);
	free(tm);
	return s;
}

static enum fg_status
design_init(struct design *d, const struct fg_wvs_spec *spec,
    struct fitm *fm, size_t nfm, int weighted, struct fg_error *err)
{
	size_t i, k, cap = nfm + spec->nterms + 1;
	unsigned char *uses;

	memset(d, 0, sizeof *d);
	d->names = calloc(cap, sizeof *d->names);
	d->owned = calloc(cap, sizeof *d->owned);
	d->vals = calloc(cap, sizeof *d->vals);
	d->miss = calloc(cap, sizeof *d->miss);
	d->term_col = calloc(spec->nterms + 1, sizeof *d->term_col);
	uses = calloc(spec->nterms + 1, 1);
	if (d->names == NULL || d->owned == NULL || d->vals == NULL ||
	    d->miss == NULL || d->term_col == NULL || uses == NULL) {
		free(uses);
		return NOMEM(err);
	}
	for (i = 0; i < nfm; i++) {
		struct fg_buf b = FG_BUF_INIT;

		fg_buf_printf(&b, "y_%s", fm[i].m->name);
		if ((d->owned[d->n] = fg_buf_steal(&b)) == NULL) {
			free(uses);
			return NOMEM(err);
		}
		d->names[d->n] = d->owned[d->n];
		d->n++;
		for (k = 0; k < fm[i].m->nterms; k++)
			uses[fm[i].m->terms[k]] = 1;
	}
	for (k = 0; k < spec->nterms; k++) {
		d->term_col[k] = -1;
		if (!uses[k])
			continue;
		d->term_col[k] = (long)d->n;
		d->names[d->n++] = spec->terms[k].name;
	}
	if (weighted)
		d->names[d->n++] = "weight";
	free(uses);
	return FG_OK;
}

static enum fg_status
fit_all(const struct fg_wvs_spec *spec, const struct fg_wvs_opts *o,
    struct fitm *fm, size_t nfm, struct fg_model_set *set,
    struct fg_error *err)
{
	struct fg_wvs_reader r;
	struct design dz;
	const char *wcol = NULL;
	size_t widx = 0, i, k;
	enum fg_status s;
	const char **names = NULL;

	memset(&dz, 0, sizeof dz);
	if ((s = fg_wvs_open_data(&r, spec, o, &wcol, &widx, err)) != FG_OK)
		goto out;
	for (k = 0; k < spec->nterms; k++) {
		struct fg_wvs_var *v = &spec->terms[k];

		if ((s = fg_wvs_reader_use(&r, v->column, v->line, v->col,
		    &v->idx, err)) != FG_OK)
			goto out;
	}
	for (i = 0; i < spec->nmodels; i++) {
		struct fg_wvs_model *m = &spec->models[i];

		if ((s = fg_wvs_reader_use(&r, m->y.column, m->y.line,
		    m->y.col, &m->y.idx, err)) != FG_OK)
			goto out;
	}
	for (i = 0; i < nfm; i++) {
		const struct fg_wvs_model *m = fm[i].m;

		if ((names = calloc(m->nterms + 1, sizeof *names)) == NULL) {
			s = NOMEM(err);
			goto out;
		}
		for (k = 0; k < m->nterms; k++)
			names[k] = spec->terms[m->terms[k]].name;
		fm[i].x = calloc(m->nterms + 1, sizeof *fm[i].x);
		fm[i].first = calloc(m->nterms + 1, sizeof *fm[i].first);
		fm[i].varies = calloc(m->nterms + 1, 1);
		if (fm[i].x == NULL || fm[i].first == NULL ||
		    fm[i].varies == NULL) {
			s = NOMEM(err);
			goto out;
		}
		if ((s = fg_ols_new(m->nterms, spec->intercept, names,
		    &fm[i].ols, err)) != FG_OK)
			goto out;
		free(names);
		names = NULL;
	}
	if ((s = file_sha256(r.path, set->data_sha256, err)) != FG_OK)
		goto out;
	if (o != NULL && o->on_row != NULL &&
	    (s = design_init(&dz, spec, fm, nfm, wcol != NULL, err)) != FG_OK)
		goto out;
	if ((s = fit_rows(&r, spec, o, fm, nfm, wcol, widx, &dz, err)) !=
	    FG_OK)
		goto out;
	set->data_rows = r.rows;
	set->filtered_rows = r.filtered;
	if (r.filtered == 0) {
		s = fg_error_set(err, FG_INPUT, spec->path,
		    spec->nfilters ? spec->filters_line : 0,
		    spec->nfilters ? spec->filters_col : 0, "no row of %s "
		    "passes the filters (%ld row%s read)", r.path, r.rows,
		    r.rows == 1 ? "" : "s");
		goto out;
	}
	if ((set->data_path = fg_wvs_dup_str(r.path)) == NULL ||
	    (wcol != NULL && (set->weight = fg_wvs_dup_str(wcol)) == NULL)) {
		s = NOMEM(err);
		goto out;
	}
	for (i = 0; i < nfm; i++) {
		struct fg_model *out = &set->models[i];

		out->seq = (int)i + 1;
		if ((out->set = fg_wvs_dup_str(spec->name)) == NULL) {
			s = NOMEM(err);
			goto out;
		}
		if ((s = fg_wvs_copy_dv(fm[i].m, out, err)) != FG_OK ||
		    (s = finish_model(&r, spec, &fm[i], fm, nfm, wcol, widx,
		    out, err)) != FG_OK)
			goto out;
	}
out:
	free(names);
	design_free(&dz);
	fg_wvs_reader_close(&r);
	return s;
}

enum fg_status
fg_wvs_fit(const struct fg_wvs_spec *spec, const struct fg_wvs_opts *o,
    struct fg_model_set **out, struct fg_error *err)
{
	struct fg_model_set *set;
	struct fitm *fm;
	size_t nfm = 0, i, j;
	enum fg_status s;

	*out = NULL;
	if (spec->nmodels == 0)
		return fg_error_set(err, FG_USAGE, spec->path, 0, 0, "the spec "
		    "declares no models");
	if ((fm = calloc(spec->nmodels, sizeof *fm)) == NULL)
		return NOMEM(err);
	if (o != NULL && o->nmodels > 0) {
		for (j = 0; j < o->nmodels; j++) {
			for (i = 0; i < spec->nmodels; i++)
				if (strcmp(spec->models[i].name,
				    o->models[j]) == 0)
					break;
			if (i == spec->nmodels) {
				free(fm);
				return fg_error_set(err, FG_USAGE, spec->path,
				    0, 0, "no model '%s' in the spec",
				    o->models[j]);
			}
		}
		for (i = 0; i < spec->nmodels; i++)
			for (j = 0; j < o->nmodels; j++)
				if (strcmp(spec->models[i].name,
				    o->models[j]) == 0) {
					fm[nfm++].m = &spec->models[i];
					break;
				}
	} else {
		for (i = 0; i < spec->nmodels; i++)
			fm[nfm++].m = &spec->models[i];
	}
	set = calloc(1, sizeof *set);
	if (set == NULL || (set->models = calloc(nfm, sizeof *set->models)) ==
	    NULL) {
		free(set);
		free(fm);
		return NOMEM(err);
	}
	set->nmodels = nfm;
	set->source = FG_MODEL_FITTED;
	set->data_rows = set->filtered_rows = -1;
	snprintf(set->spec_sha256, sizeof set->spec_sha256, "%s",
	    spec->sha256);
	if ((set->name = fg_wvs_dup_str(spec->name)) == NULL ||
	    (spec->title && (set->title = fg_wvs_dup_str(spec->title)) ==
	    NULL) ||
	    (spec->note && (set->note = fg_wvs_dup_str(spec->note)) == NULL) ||
	    (set->spec_path = fg_wvs_dup_str(spec->path)) == NULL ||
	    (set->spec_text = fg_wvs_dup_str(spec->text)) == NULL)
		s = NOMEM(err);
	else
		s = fit_all(spec, o, fm, nfm, set, err);
	for (i = 0; i < nfm; i++) {
		fg_ols_free(fm[i].ols);
		free(fm[i].x);
		free(fm[i].first);
		free(fm[i].varies);
	}
	free(fm);
	if (s != FG_OK) {
		fg_model_set_free(set);
		return s;
	}
	*out = set;
	return FG_OK;
}
