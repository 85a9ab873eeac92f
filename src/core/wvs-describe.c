/* wvs-describe.c - the descriptive table: the items' answers counted by
 * group in one pass over the data, laid out wide or tidy. */
#include "config.h"

#include "core/wvs.h"
#include "core/wvs-impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the descriptive table ---- */

void
fg_wvs_desc_free(struct fg_wvs_desc *d)
{
	if (d == NULL)
		return;
	free(d->freq);
	free(d->valid);
	free(d->valid_n);
	free(d->share);
	free(d->group_valid);
	free(d->group_n);
	free(d);
}

static int
code_in(const long double *codes, size_t n, long double v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (codes[i] == v)
			return 1;
	return 0;
}

static enum fg_status
describe_rows(struct fg_wvs_reader *r, const struct fg_wvs_describe_spec *ds,
    int weighted, size_t widx, long double *freq, long double *valid,
    long double *share, long double *gvalid, struct fg_wvs_desc *d,
    struct fg_error *err)
{
	const size_t ni = ds->nitems, nc = ds->ncats, ng = ds->ngroups;
	unsigned char *ing = calloc(ng + 1, 1);
	enum fg_status s = FG_OK;
	size_t i, j, g;
	long double w;
	int eof;

	if (ing == NULL)
		return NOMEM(err);
	for (;;) {
		if ((s = fg_wvs_reader_next(r, &eof, err)) != FG_OK || eof)
			break;
		if (!fg_wvs_reader_pass(r))
			continue;
		r->filtered++;
		if ((w = fg_wvs_row_weight(r, weighted, widx)) == 0)
			continue;
		for (g = 0; g < ng; g++) {
			const struct fg_wvs_cond *k = &ds->groups[g].cond;

			ing[g] = !r->miss[k->idx] &&
			    fg_wvs_cond_true(k, r->val[k->idx]);
		}
		for (i = 0; i < ni; i++) {
			const struct fg_wvs_item *it = &ds->items[i];
			long double v = r->val[it->idx];
			int hit;

			if (r->miss[it->idx])
				continue;
			for (j = 0; j < nc; j++)
				if (ds->cats[j].code == v)
					break;
			if (j == nc) {
				s = fg_error_set(err, FG_INPUT, r->path,
				    r->line, 0, "column '%s': %Lg is not one "
				    "of the categories declared in %s at line "
				    "%d (and not a missing code)", it->column,
				    v, r->spec_file, it->line);
				goto out;
			}
			freq[i * nc + j] += w;
			valid[i] += w;
			d->valid_n[i]++;
			hit = code_in(ds->share_codes, ds->nshare, v);
			for (g = 0; g < ng; g++) {
				if (!ing[g])
					continue;
				gvalid[i * ng + g] += w;
				d->group_n[i * ng + g]++;
				if (hit)
					share[i * ng + g] += w;
			}
		}
	}
out:
	free(ing);
	return s;
}

enum fg_status
fg_wvs_describe(const struct fg_wvs_spec *spec, const struct fg_wvs_opts *o,
    struct fg_wvs_desc **out, struct fg_error *err)
{
	const struct fg_wvs_describe_spec *ds = &spec->describe;
	struct fg_wvs_desc *d;
	struct fg_wvs_reader r;
	const char *wcol = NULL;
	long double *freq = NULL, *valid = NULL, *share = NULL, *gvalid = NULL;
	size_t widx = 0, i, ni = ds->nitems, nc = ds->ncats, ng = ds->ngroups;
	enum fg_status s;

	*out = NULL;
	if (!ds->present)
		return fg_error_set(err, FG_USAGE, spec->path, 0, 0, "the spec "
		    "has no 'describe' section");
	memset(&r, 0, sizeof r);
	if ((d = calloc(1, sizeof *d)) == NULL)
		return NOMEM(err);
	d->nitems = ni;
	d->ncats = nc;
	d->ngroups = ng;
	d->freq = calloc(ni * nc + 1, sizeof *d->freq);
	d->valid = calloc(ni + 1, sizeof *d->valid);
	d->valid_n = calloc(ni + 1, sizeof *d->valid_n);
	d->share = calloc(ni * ng + 1, sizeof *d->share);
	d->group_valid = calloc(ni * ng + 1, sizeof *d->group_valid);
	d->group_n = calloc(ni * ng + 1, sizeof *d->group_n);
	freq = calloc(ni * nc + 1, sizeof *freq);
	valid = calloc(ni + 1, sizeof *valid);
	share = calloc(ni * ng + 1, sizeof *share);
	gvalid = calloc(ni * ng + 1, sizeof *gvalid);
	if (d->freq == NULL || d->valid == NULL || d->valid_n == NULL ||
	    d->share == NULL || d->group_valid == NULL || d->group_n == NULL ||
	    freq == NULL || valid == NULL || share == NULL || gvalid == NULL) {
		s = NOMEM(err);
		goto out;
	}
	if ((s = fg_wvs_open_data(&r, spec, o, &wcol, &widx, err)) != FG_OK)
		goto out;
	d->weighted = wcol != NULL;
	for (i = 0; i < ni; i++) {
		struct fg_wvs_item *it = (struct fg_wvs_item *)&ds->items[i];

		if ((s = fg_wvs_reader_use(&r, it->column, it->line, it->col,
		    &it->idx, err)) != FG_OK)
			goto out;
	}
	for (i = 0; i < ng; i++) {
		struct fg_wvs_cond *k = (struct fg_wvs_cond *)
		    &ds->groups[i].cond;

		if ((s = fg_wvs_reader_use(&r, k->column, k->line, k->col,
		    &k->idx, err)) != FG_OK)
			goto out;
	}
	if ((s = describe_rows(&r, ds, wcol != NULL, widx, freq, valid, share,
	    gvalid, d, err)) != FG_OK)
		goto out;
	d->rows = r.rows;
	d->filtered = r.filtered;
	if (r.filtered == 0) {
		s = fg_error_set(err, FG_INPUT, spec->path,
		    spec->nfilters ? spec->filters_line : 0,
		    spec->nfilters ? spec->filters_col : 0, "no row of %s "
		    "passes the filters (%ld row%s read)", r.path, r.rows,
		    r.rows == 1 ? "" : "s");
		goto out;
	}
	for (i = 0; i < ni * nc; i++)
		d->freq[i] = (double)freq[i];
	for (i = 0; i < ni; i++)
		d->valid[i] = (double)valid[i];
	for (i = 0; i < ni * ng; i++) {
		d->share[i] = (double)share[i];
		d->group_valid[i] = (double)gvalid[i];
	}
out:
	fg_wvs_reader_close(&r);
	free(freq);
	free(valid);
	free(share);
	free(gvalid);
	if (s != FG_OK) {
		fg_wvs_desc_free(d);
		return s;
	}
	*out = d;
	return FG_OK;
}

/* A percentage cell: "45.0%" (wide) or the unrounded value; "" when the
 * base is 0. */
static void
pct_cell(char *buf, size_t size, double num, double den, int wide,
    int decimals)
{
	if (!(den > 0))
		buf[0] = '\0';
	else if (wide)
		snprintf(buf, size, "%.*f%%", decimals, 100.0 * num / den);
	else
		snprintf(buf, size, "%.15g", 100.0 * num / den);
}

static enum fg_status
desc_wide(const struct fg_wvs_spec *spec, const struct fg_wvs_desc *d,
    int decimals, struct fg_table **out, struct fg_error *err)
{
	const struct fg_wvs_describe_spec *ds = &spec->describe;
	const size_t w = d->nitems + 1;
	struct fg_table *t;
	const char **row;
	char *cells;
	size_t i, j, g, sec;
	enum fg_status s = FG_OK;

	row = calloc(w, sizeof *row);
	cells = calloc(w, 48);
	if (row == NULL || cells == NULL) {
		free(row);
		free(cells);
		return NOMEM(err);
	}
	row[0] = "";
	for (i = 0; i < d->nitems; i++)
		row[i + 1] = ds->items[i].label;
	if ((t = fg_table_new(w, row, NULL)) == NULL) {
		free(row);
		free(cells);
		return NOMEM(err);
	}
	for (i = 1; i < w; i++)
		row[i] = "";
	row[0] = ds->frequency_label;
	s = fg_table_add(t, row);
	for (j = 0; j < d->ncats && s == FG_OK; j++) {
		row[0] = ds->cats[j].label;
		for (i = 0; i < d->nitems; i++) {
			pct_cell(cells + 48 * i, 48, d->freq[i * d->ncats + j],
			    d->valid[i], 1, decimals);
			row[i + 1] = cells + 48 * i;
		}
		s = fg_table_add(t, row);
	}
	for (sec = 0; sec < ds->nsections && s == FG_OK; sec++) {
		row[0] = ds->sections[sec];
		for (i = 1; i < w; i++)
			row[i] = "";
		s = fg_table_add(t, row);
		for (g = 0; g < d->ngroups && s == FG_OK; g++) {
			if (ds->groups[g].section != sec)
				continue;
			row[0] = ds->groups[g].label;
			for (i = 0; i < d->nitems; i++) {
				size_t k = i * d->ngroups + g;

				pct_cell(cells + 48 * i, 48, d->share[k],
				    d->group_valid[k], 1, decimals);
				row[i + 1] = cells + 48 * i;
			}
			s = fg_table_add(t, row);
		}
	}
	free(row);
	free(cells);
	if (s != FG_OK) {
		fg_table_free(t);
		return NOMEM(err);
	}
	*out = t;
	return FG_OK;
}

static enum fg_status
desc_tidy(const struct fg_wvs_spec *spec, const struct fg_wvs_desc *d,
    struct fg_table **out, struct fg_error *err)
{
	static const char *const names[] = { "section", "row", "item",
	    "label", "percent", "count", "base", "n" };
	static const enum fg_col_type types[] = { FG_COL_TEXT, FG_COL_TEXT,
	    FG_COL_TEXT, FG_COL_TEXT, FG_COL_REAL, FG_COL_REAL, FG_COL_REAL,
	    FG_COL_INT };
	const struct fg_wvs_describe_spec *ds = &spec->describe;
	struct fg_table *t = fg_table_new(8, names, types);
	char pct[48], cnt[48], base[48], n[32];
	const char *row[8];
	size_t i, j, g;
	enum fg_status s = FG_OK;

	if (t == NULL)
		return NOMEM(err);
	for (j = 0; j < d->ncats && s == FG_OK; j++)
		for (i = 0; i < d->nitems && s == FG_OK; i++) {
			double num = d->freq[i * d->ncats + j];

			row[0] = ds->frequency_label;
			row[1] = ds->cats[j].label;
			row[2] = ds->items[i].column;
			row[3] = ds->items[i].label;
			pct_cell(pct, sizeof pct, num, d->valid[i], 0, 0);
			snprintf(cnt, sizeof cnt, "%.15g", num);
			snprintf(base, sizeof base, "%.15g", d->valid[i]);
			snprintf(n, sizeof n, "%ld", d->valid_n[i]);
			row[4] = pct[0] ? pct : NULL;
			row[5] = cnt;
			row[6] = base;
			row[7] = n;
			s = fg_table_add(t, row);
		}
	for (g = 0; g < d->ngroups && s == FG_OK; g++)
		for (i = 0; i < d->nitems && s == FG_OK; i++) {
			size_t k = i * d->ngroups + g;

			row[0] = ds->sections[ds->groups[g].section];
			row[1] = ds->groups[g].label;
			row[2] = ds->items[i].column;
			row[3] = ds->items[i].label;
			pct_cell(pct, sizeof pct, d->share[k],
			    d->group_valid[k], 0, 0);
			snprintf(cnt, sizeof cnt, "%.15g", d->share[k]);
			snprintf(base, sizeof base, "%.15g",
			    d->group_valid[k]);
			snprintf(n, sizeof n, "%ld", d->group_n[k]);
			row[4] = pct[0] ? pct : NULL;
			row[5] = cnt;
			row[6] = base;
			row[7] = n;
			s = fg_table_add(t, row);
		}
	if (s != FG_OK) {
		fg_table_free(t);
		return NOMEM(err);
	}
	*out = t;
	return FG_OK;
}

enum fg_status
fg_wvs_desc_table(const struct fg_wvs_spec *spec, const struct fg_wvs_desc *d,
    int wide, int decimals, struct fg_table **out, struct fg_error *err)
{
	*out = NULL;
	return wide ? desc_wide(spec, d, decimals, out, err) :
	    desc_tidy(spec, d, out, err);
}
