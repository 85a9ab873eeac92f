/* wvs-table.c - published regression tables transcribed in YAML
 * (fg_wvs_table_load): the cells, the fit statistics and the checks of
 * printed stars and R-squared against the estimates. */
#include "config.h"

#include "core/wvs.h"
#include "core/wvs-impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "core/csvread.h"
#include "core/yamldoc.h"

/* ---- published tables ---- */

/* Scan a printed number: [-|U+2212]digits[.digits]; its length in
 * bytes, its value and its decimals; 0 if none. */
static size_t
printed_number(const char *s, long double *v, int *decimals)
{
	char tmp[64];
	size_t i = 0, k = 0, d = 0;
	int neg = 0, dec = -1;

	if (s[0] == '-') {
		neg = 1;
		i = 1;
	} else if (strncmp(s, "\xE2\x88\x92", 3) == 0) {
		neg = 1;
		i = 3;
	}
	if (neg)
		tmp[k++] = '-';
	while (k < sizeof tmp - 1 && ((s[i] >= '0' && s[i] <= '9') ||
	    (s[i] == '.' && dec < 0))) {
		if (s[i] == '.')
			dec = 0;
		else if (dec >= 0)
			dec++, d++;
		else
			d++;
		tmp[k++] = s[i++];
	}
	tmp[k] = '\0';
	if (d == 0 || fg_csv_number(tmp, v) != FG_CSV_NUM_OK)
		return 0;
	*decimals = dec < 0 ? 0 : dec;
	return i;
}

static char *
dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d != NULL) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* Parse a cell "EST[ ][STARS][ ](SE)" into t (texts kept). */
static int
parse_cell(const char *cell, struct fg_model_term *t, int *edec, int *sdec)
{
	const char *p = cell, *q;
	long double v;
	size_t n, ns;

	while (*p == ' ')
		p++;
	if ((n = printed_number(p, &v, edec)) == 0)
		return -1;
	t->estimate = (double)v;
	if ((t->estimate_text = dup_n(p, n)) == NULL)
		return -2;
	p += n;
	while (*p == ' ')
		p++;
	ns = strspn(p, "*");
	if (ns > 3)
		return -1;
	memcpy(t->stars, p, ns);
	t->stars[ns] = '\0';
	p += ns;
	while (*p == ' ')
		p++;
	t->se = NAN;
	*sdec = -1;
	if (*p == '(') {
		q = p + 1;
		if ((n = printed_number(q, &v, sdec)) == 0 || q[n] != ')')
			return -1;
		t->se = (double)v;
		if ((t->se_text = dup_n(q, n)) == NULL)
			return -2;
		p = q + n + 1;
		while (*p == ' ')
			p++;
	}
	return *p == '\0' ? 0 : -1;
}

/* Two-sided p of |t| with df degrees of freedom (normal when df <= 0). */
static double
p_two(double t, long df)
{
	t = fabs(t);
	return 2 * (df > 0 ? gsl_cdf_tdist_Q(t, (double)df) :
	    gsl_cdf_ugaussian_Q(t));
}

/* Check printed stars against estimate and SE, allowing for rounding. */
static void
check_stars(const char *file, const struct fg_yaml *node,
    const struct fg_model *m, const struct fg_model_term *t, int edec,
    int sdec, long df, struct fg_buf *warn)
{
	static const double cut[] = { 1.0000001, .05, .01, .001, 0 };
	double he = 0.5 * pow(10, -edec), hs = 0.5 * pow(10, -sdec);
	double e = fabs(t->estimate), tmin, tmax, pmin, pmax, pt;
	size_t ns = strlen(t->stars);

	if (isnan(t->se) || warn == NULL)
		return;
	tmin = (e - he > 0 ? e - he : 0) / (t->se + hs);
	tmax = t->se - hs > 0 ? (e + he) / (t->se - hs) : INFINITY;
	pmin = isinf(tmax) ? 0 : p_two(tmax, df);
	pmax = p_two(tmin, df);
	/* ns stars: cut[ns + 1] <= p < cut[ns] must be reachable */
	if (pmin < cut[ns] && pmax >= cut[ns + 1])
		return;
	pt = p_two(t->estimate / t->se, df);
	fg_buf_printf(warn, "%s:%d:%d: %s, %s: the stars '%s' do not match "
	    "%s (%s): t = %.2f, p = %.3g", file, node->line, node->col,
	    m->title, t->label, t->stars, t->estimate_text, t->se_text,
	    t->estimate / t->se, pt);
	if (df > 0)
		fg_buf_printf(warn, " with %ld df", df);
	else
		fg_buf_adds(warn, " (normal)");
	fg_buf_printf(warn, "; values that round to these give %.3g <= p <= "
	    "%.3g\n", pmin, pmax);
}

/* Check a printed adjusted R² against R², N and the terms. */
static void
check_adj(const char *file, const struct fg_yaml *node,
    const struct fg_model *m, int r2dec, int adjdec, struct fg_buf *warn)
{
	double h = 0.5 * pow(10, -r2dec), ha = 0.5 * pow(10, -adjdec);
	long p = (long)m->nterms, n = m->n;
	int icpt = 0;
	size_t k;
	double lo, hi;

	for (k = 0; k < m->nterms; k++)
		if (strcmp(m->terms[k].name, "(Intercept)") == 0)
			icpt = 1;
	if (warn == NULL || n <= p || isnan(m->r2) || isnan(m->adj_r2))
		return;
	lo = 1 - (1 - (m->r2 - h)) * (double)(n - icpt) / (double)(n - p);
	hi = 1 - (1 - (m->r2 + h)) * (double)(n - icpt) / (double)(n - p);
	if (m->adj_r2 + ha >= lo && m->adj_r2 - ha <= hi)
		return;
	fg_buf_printf(warn, "%s:%d:%d: %s: adjusted R\xC2\xB2 %s does not "
	    "follow from R\xC2\xB2 %s with %ld observations and %ld terms "
	    "(expected %.*f to %.*f)\n", file, node->line, node->col,
	    m->title, m->adj_r2_text, m->r2_text, n, p, adjdec, lo, adjdec,
	    hi);
}

static int
decimals_of(const char *s)
{
	const char *dot = strchr(s, '.');

	return dot ? (int)strspn(dot + 1, "0123456789") : 0;
}

static enum fg_status
table_stats(struct fg_wvs_ctx *c, const struct fg_yaml *stats,
    struct fg_model_set *set)
{
	static const char *const known[] = { "r2", "adj_r2", "n", NULL };
	enum fg_status s;
	size_t i, k;

	if ((s = fg_wvs_need_map(c, stats, "'stats'")) != FG_OK ||
	    (s = fg_wvs_check_keys(c, stats, known, "'stats'")) != FG_OK)
		return s;
	for (k = 0; k < 3; k++) {
		const struct fg_yaml *row = fg_yaml_get(stats, known[k]);

		if (row == NULL)
			continue;
		if ((s = fg_wvs_need_seq(c, row, "a row of 'stats'")) != FG_OK)
			return s;
		if (row->n != set->nmodels)
			return fg_yaml_error(c->err, c->file, row, "'%s' has "
			    "%zu cell%s but the table has %zu model%s",
			    known[k], row->n, row->n == 1 ? "" : "s",
			    set->nmodels, set->nmodels == 1 ? "" : "s");
		for (i = 0; i < row->n; i++) {
			struct fg_model *m = &set->models[i];
			const char *v = fg_yaml_str(row->items[i]);
			long double d;
			long n;
			char **dst = k == 0 ? &m->r2_text : k == 1 ?
			    &m->adj_r2_text : &m->n_text;

			if (v == NULL || *v == '\0')
				continue;
			if (k == 2) {
				if (fg_yaml_int(row->items[i], 1, 1000000000L,
				    &n) != 0)
					return fg_yaml_error(c->err, c->file,
					    row->items[i], "'n' must be a "
					    "whole number, not '%s'", v);
				m->n = n;
			} else {
				if (fg_csv_number(v, &d) != FG_CSV_NUM_OK)
					return fg_yaml_error(c->err, c->file,
					    row->items[i], "'%s' must be a "
					    "number, not '%s'", known[k], v);
				if (k == 0)
					m->r2 = (double)d;
				else
					m->adj_r2 = (double)d;
			}
			if ((*dst = fg_wvs_dup_str(v)) == NULL)
				return NOMEM(c->err);
		}
	}
	return FG_OK;
}

struct cellpos {
	const struct fg_yaml *node;
	int edec, sdec;
};

static enum fg_status
table_rows(struct fg_wvs_ctx *c, const struct fg_yaml *rows,
    struct fg_model_set *set, struct cellpos *pos)
{
	static const char *const known[] = { "term", "label", "cells", NULL };
	enum fg_status s;
	size_t r, i, nm = set->nmodels;

	if ((s = fg_wvs_need_seq(c, rows, "'rows'")) != FG_OK)
		return s;
	for (i = 0; i < nm; i++)
		if ((set->models[i].terms = calloc(rows->n ? rows->n : 1,
		    sizeof *set->models[i].terms)) == NULL)
			return NOMEM(c->err);
	for (r = 0; r < rows->n; r++) {
		const struct fg_yaml *row = rows->items[r], *cells;
		char *term = NULL, *label = NULL;
		size_t j;

		if ((s = fg_wvs_need_map(c, row, "a row")) != FG_OK ||
		    (s = fg_wvs_check_keys(c, row, known, "a row")) != FG_OK ||
		    (s = fg_wvs_get_str(c, row, "term", 1, "a row",
		    &term)) != FG_OK ||
		    (s = fg_wvs_check_name(c, fg_yaml_get(row, "term"), term,
		    "term name")) != FG_OK ||
		    (s = fg_wvs_get_str(c, row, "label", 0, "a row",
		    &label)) != FG_OK) {
			free(term);
			return s;
		}
		for (j = 0; j < r; j++) {
			const struct fg_yaml *prev = fg_yaml_get(rows->items[j],
			    "term");

			if (strcmp(fg_yaml_str(prev), term) == 0) {
				free(term);
				free(label);
				return fg_yaml_error(c->err, c->file, row,
				    "term '%s' has two rows", fg_yaml_str(
				    prev));
			}
		}
		cells = fg_yaml_get(row, "cells");
		if ((s = fg_wvs_need_seq(c, cells, "'cells' of a row")) !=
		    FG_OK || cells->n != nm) {
			free(term);
			free(label);
			if (s != FG_OK)
				return s;
			return fg_yaml_error(c->err, c->file, cells, "the row "
			    "has %zu cell%s but the table has %zu model%s",
			    cells->n, cells->n == 1 ? "" : "s", nm,
			    nm == 1 ? "" : "s");
		}
		for (i = 0; i < nm; i++) {
			struct fg_model *m = &set->models[i];
			const struct fg_yaml *cn = cells->items[i];
			const char *cell = fg_yaml_str(cn);
			struct fg_model_term *t;
			int rc;

			if (cn->kind != FG_YAML_SCALAR) {
				free(term);
				free(label);
				return fg_yaml_error(c->err, c->file, cn, "a "
				    "cell must be a single value");
			}
			if (cell == NULL || *cell == '\0')
				continue;
			t = &m->terms[m->nterms++];
			t->t = t->p = NAN;
			pos[r * nm + i].node = cn;
			rc = parse_cell(cell, t, &pos[r * nm + i].edec,
			    &pos[r * nm + i].sdec);
			if (rc == -2 || (t->name = fg_wvs_dup_str(term)) ==
			    NULL || (t->label = fg_wvs_dup_str(label ? label :
			    term)) == NULL ||
			    (t->cell_text = fg_wvs_dup_str(cell)) == NULL) {
				free(term);
				free(label);
				return NOMEM(c->err);
			}
			if (rc != 0) {
				free(term);
				free(label);
				return fg_yaml_error(c->err, c->file, cn,
				    "cell '%s' does not read ESTIMATE[STARS] "
				    "(SE), such as '0.802* (0.348)'", cell);
			}
		}
		free(term);
		free(label);
	}
	return FG_OK;
}

enum fg_status
fg_wvs_table_load(const char *path, struct fg_model_set **out,
    struct fg_buf *warnings, struct fg_error *err)
{
	static const char *const known[] = { "name", "title", "citation",
	    "note", "models", "rows", "stats", NULL };
	static const char *const mkeys[] = { "name", "title", "y", NULL };
	struct fg_model_set *set;
	struct fg_yaml *root = NULL;
	const struct fg_yaml *models, *rows, *stats;
	struct cellpos *pos = NULL;
	struct fg_wvs_ctx c;
	enum fg_status s;
	size_t len, i, j, k;

	*out = NULL;
	c.file = path;
	c.err = err;
	if ((set = calloc(1, sizeof *set)) == NULL)
		return NOMEM(err);
	set->source = FG_MODEL_PUBLISHED;
	set->data_rows = set->filtered_rows = -1;
	if ((set->spec_path = fg_wvs_dup_str(path)) == NULL) {
		s = NOMEM(err);
		goto fail;
	}
	if ((s = fg_buf_slurp(path, &set->spec_text, &len, set->spec_sha256,
	    err)) != FG_OK || (s = fg_yaml_load_string(set->spec_text, len,
	    path, 0, &root, err)) != FG_OK)
		goto fail;
	if ((s = fg_wvs_need_map(&c, root, "a published table")) != FG_OK ||
	    (s = fg_wvs_check_keys(&c, root, known,
	    "a published table")) != FG_OK ||
	    (s = fg_wvs_get_str(&c, root, "name", 0, "the table",
	    &set->name)) != FG_OK ||
	    (s = fg_wvs_get_str(&c, root, "title", 0, "the table",
	    &set->title)) != FG_OK ||
	    (s = fg_wvs_get_str(&c, root, "citation", 0, "the table",
	    &set->citation)) != FG_OK ||
	    (s = fg_wvs_get_str(&c, root, "note", 0, "the table",
	    &set->note)) != FG_OK)
		goto fail;
	if (set->name != NULL) {
		if ((s = fg_wvs_check_name(&c, fg_yaml_get(root, "name"),
		    set->name, "name")) != FG_OK)
			goto fail;
	} else if ((set->name = fg_wvs_base_name(path)) == NULL) {
		s = NOMEM(err);
		goto fail;
	}
	models = fg_yaml_get(root, "models");
	if ((s = fg_wvs_need_seq(&c, models, "'models'")) != FG_OK)
		goto fail;
	if (models->n == 0) {
		s = fg_yaml_error(err, path, models, "'models' is empty");
		goto fail;
	}
	if ((set->models = calloc(models->n, sizeof *set->models)) == NULL) {
		s = NOMEM(err);
		goto fail;
	}
	for (i = 0; i < models->n; i++) {
		const struct fg_yaml *mn = models->items[i];
		struct fg_model *m = &set->models[i];
		struct fg_wvs_model wm;

		set->nmodels = i + 1;
		m->source = FG_MODEL_PUBLISHED;
		m->seq = (int)i + 1;
		m->n = m->dropped = m->df_model = m->df_resid = -1;
		m->r2 = m->adj_r2 = m->sigma = m->f = m->f_p = NAN;
		memset(&wm, 0, sizeof wm);
		wm.scale_min = wm.scale_max = NAN;
		if ((s = fg_wvs_need_map(&c, mn, "a model")) != FG_OK ||
		    (s = fg_wvs_check_keys(&c, mn, mkeys,
		    "a model")) != FG_OK ||
		    (s = fg_wvs_get_str(&c, mn, "name", 1, "a model",
		    &wm.name)) != FG_OK ||
		    (s = fg_wvs_check_name(&c, fg_yaml_get(mn, "name"),
		    wm.name, "model name")) != FG_OK ||
		    (s = fg_wvs_get_str(&c, mn, "title", 0, "a model",
		    &wm.title)) != FG_OK || (fg_yaml_get(mn, "y") == NULL &&
		    (s = fg_yaml_error(err, path, mn, "model '%s' needs 'y', "
		    "its dependent variable", wm.name)) != FG_OK) ||
		    (s = fg_wvs_parse_dv(&c, fg_yaml_get(mn, "y"),
		    &wm)) != FG_OK ||
		    (wm.title == NULL && (wm.title = fg_wvs_dup_str(wm.name))
		    == NULL && (s = NOMEM(err)) != FG_OK) ||
		    (s = fg_wvs_copy_dv(&wm, m, err)) != FG_OK ||
		    (m->set = fg_wvs_dup_str(set->name)) == NULL) {
			if (s == FG_OK)
				s = NOMEM(err);
		}
		free(wm.name);
		free(wm.title);
		fg_wvs_var_clear(&wm.y);
		free(wm.scale_low);
		free(wm.scale_high);
		free(wm.direction);
		if (s != FG_OK)
			goto fail;
		for (j = 0; j < i; j++)
			if (strcmp(set->models[j].name, m->name) == 0) {
				s = fg_yaml_error(err, path, mn, "model '%s' "
				    "is listed twice", m->name);
				goto fail;
			}
	}
	rows = fg_yaml_get(root, "rows");
	if ((s = fg_wvs_need_seq(&c, rows, "'rows'")) != FG_OK)
		goto fail;
	if ((pos = calloc(rows->n * set->nmodels + 1, sizeof *pos)) == NULL) {
		s = NOMEM(err);
		goto fail;
	}
	if ((s = table_rows(&c, rows, set, pos)) != FG_OK)
		goto fail;
	if ((stats = fg_yaml_get(root, "stats")) != NULL &&
	    (s = table_stats(&c, stats, set)) != FG_OK)
		goto fail;
	for (i = 0; i < set->nmodels; i++) {
		struct fg_model *m = &set->models[i];
		long df = m->n > (long)m->nterms ? m->n - (long)m->nterms : 0;

		if (m->nterms == 0) {
			s = fg_yaml_error(err, path, models->items[i], "model "
			    "'%s' has no cell in any row", m->name);
			goto fail;
		}
		for (k = j = 0; j < rows->n && k < m->nterms; j++) {
			const struct cellpos *cp = &pos[j * set->nmodels + i];

			if (cp->node == NULL)
				continue;
			check_stars(path, cp->node, m, &m->terms[k], cp->edec,
			    cp->sdec, df, warnings);
			k++;
		}
		if (m->r2_text != NULL && m->adj_r2_text != NULL)
			check_adj(path, stats, m, decimals_of(m->r2_text),
			    decimals_of(m->adj_r2_text), warnings);
	}
	free(pos);
	fg_yaml_free(root);
	*out = set;
	return FG_OK;
fail:
	free(pos);
	fg_yaml_free(root);
	fg_model_set_free(set);
	return s;
}
