/* wvs-spec.c - the model spec (fgcode-model(5)): loading and checking
 * its data, weight, missing codes, filters, terms, models and descriptive
 * table, and freeing it. */
#include "config.h"

#include "core/wvs.h"
#include "core/wvs-impl.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "core/yamldoc.h"

/* ---- the spec ---- */

void
fg_wvs_var_clear(struct fg_wvs_var *v)
{
	free(v->name);
	free(v->label);
	free(v->column);
	free(v->definition);
	fg_wvs_cond_clear(&v->cond);
	memset(v, 0, sizeof *v);
}

void
fg_wvs_spec_free(struct fg_wvs_spec *spec)
{
	size_t i;
	struct fg_wvs_describe_spec *d;

	if (spec == NULL)
		return;
	free(spec->path);
	free(spec->text);
	free(spec->name);
	free(spec->title);
	free(spec->note);
	free(spec->data);
	free(spec->missing);
	for (i = 0; i < spec->nfilters; i++)
		fg_wvs_cond_clear(&spec->filters[i]);
	free(spec->filters);
	free(spec->weight);
	free(spec->intercept_label);
	for (i = 0; i < spec->nterms; i++)
		fg_wvs_var_clear(&spec->terms[i]);
	free(spec->terms);
	for (i = 0; i < spec->nmodels; i++) {
		struct fg_wvs_model *m = &spec->models[i];

		free(m->name);
		free(m->title);
		fg_wvs_var_clear(&m->y);
		free(m->scale_low);
		free(m->scale_high);
		free(m->direction);
		free(m->terms);
	}
	free(spec->models);
	d = &spec->describe;
	free(d->frequency_label);
	for (i = 0; i < d->nitems; i++) {
		free(d->items[i].column);
		free(d->items[i].label);
	}
	free(d->items);
	for (i = 0; i < d->ncats; i++)
		free(d->cats[i].label);
	free(d->cats);
	free(d->share_codes);
	free(d->share_label);
	for (i = 0; i < d->nsections; i++)
		free(d->sections[i]);
	free(d->sections);
	for (i = 0; i < d->ngroups; i++) {
		free(d->groups[i].label);
		fg_wvs_cond_clear(&d->groups[i].cond);
	}
	free(d->groups);
	free(spec);
}

/* A term: name, label, and either when (an indicator) or column. */
static enum fg_status
parse_term(struct fg_wvs_ctx *c, const struct fg_yaml *node,
    struct fg_wvs_var *v)
{
	static const char *const known[] = { "name", "label", "when",
	    "column", NULL };
	const struct fg_yaml *when, *col;
	enum fg_status s;

	if ((s = fg_wvs_need_map(c, node, "a term")) != FG_OK ||
	    (s = fg_wvs_check_keys(c, node, known, "a term")) != FG_OK)
		return s;
	v->line = node->line;
	v->col = node->col;
	if ((s = fg_wvs_get_str(c, node, "name", 1, "a term",
	    &v->name)) != FG_OK ||
	    (s = fg_wvs_check_name(c, fg_yaml_get(node, "name"), v->name,
	    "term name")) != FG_OK ||
	    (s = fg_wvs_get_str(c, node, "label", 0, "a term",
	    &v->label)) != FG_OK)
		return s;
	if (v->label == NULL && (v->label = fg_wvs_dup_str(v->name)) == NULL)
		return NOMEM(c->err);
	when = fg_yaml_get(node, "when");
	col = fg_yaml_get(node, "column");
	if ((when == NULL) == (col == NULL))
		return fg_yaml_error(c->err, c->file, node, "term '%s' needs "
		    "either 'when' (a condition: the term is 1 when it holds, "
		    "else 0) or 'column' (the value as it is)", v->name);
	if (when != NULL) {
		if ((s = fg_wvs_parse_cond(c, when, "condition",
		    &v->cond)) != FG_OK)
			return s;
		v->indicator = 1;
		v->line = when->line;
		v->col = when->col;
		if ((v->column = fg_wvs_dup_str(v->cond.column)) == NULL ||
		    (v->definition = fg_wvs_dup_str(v->cond.text)) == NULL)
			return NOMEM(c->err);
	} else {
		if ((s = fg_wvs_get_str(c, node, "column", 1, "a term",
		    &v->column)) != FG_OK)
			return s;
		v->line = col->line;
		v->col = col->col;
		if ((v->definition = fg_wvs_dup_str(v->column)) == NULL)
			return NOMEM(c->err);
	}
	return FG_OK;
}

/* "1..10" */
static enum fg_status
parse_scale(struct fg_wvs_ctx *c, const struct fg_yaml *node, double *lo,
    double *hi)
{
	const char *s = node ? fg_yaml_str(node) : NULL;
	long double a, b;
	size_t n, m;

	if (s == NULL || node->kind != FG_YAML_SCALAR ||
	    (n = fg_wvs_scan_number(s, &a)) == 0 ||
	    strncmp(s + n, "..", 2) != 0 ||
	    (m = fg_wvs_scan_number(s + n + 2, &b)) == 0 ||
	    s[n + 2 + m] != '\0' || !(b > a))
		return fg_yaml_error(c->err, c->file, node, "'scale' must be "
		    "LOW..HIGH, such as 1..10");
	*lo = (double)a;
	*hi = (double)b;
	return FG_OK;
}

/* The dependent variable block (spec and published table alike). */
enum fg_status
fg_wvs_parse_dv(struct fg_wvs_ctx *c, const struct fg_yaml *node,
    struct fg_wvs_model *m)
{
	static const char *const known[] = { "column", "label", "reverse",
	    "scale", "low", "high", "direction", NULL };
	struct fg_wvs_var *y = &m->y;
	const struct fg_yaml *scale;
	enum fg_status s;
	char buf[160];

	if ((s = fg_wvs_need_map(c, node, "'y' (the dependent variable)")) !=
	    FG_OK || (s = fg_wvs_check_keys(c, node, known, "'y'")) != FG_OK)
		return s;
	y->line = node->line;
	y->col = node->col;
	if ((s = fg_wvs_get_str(c, node, "column", 1, "'y'",
	    &y->column)) != FG_OK ||
	    (s = fg_wvs_get_str(c, node, "label", 0, "'y'",
	    &y->label)) != FG_OK ||
	    (s = fg_wvs_get_bool(c, node, "reverse", 0,
	    &y->reverse)) != FG_OK ||
	    (s = fg_wvs_get_str(c, node, "low", 1, "'y'",
	    &m->scale_low)) != FG_OK ||
	    (s = fg_wvs_get_str(c, node, "high", 1, "'y'", &m->scale_high)) !=
	    FG_OK ||
	    (s = fg_wvs_get_str(c, node, "direction", 0, "'y'",
	    &m->direction)) != FG_OK)
		return s;
	if (fg_yaml_get(node, "column") != NULL) {
		y->line = fg_yaml_get(node, "column")->line;
		y->col = fg_yaml_get(node, "column")->col;
	}
	if ((scale = fg_yaml_get(node, "scale")) == NULL)
		return fg_yaml_error(c->err, c->file, node, "'y' needs "
		    "'scale' (LOW..HIGH, such as 1..10) with 'low' and "
		    "'high' saying what its ends mean");
	if ((s = parse_scale(c, scale, &m->scale_min, &m->scale_max)) !=
	    FG_OK)
		return s;
	if (y->label == NULL && (y->label = fg_wvs_dup_str(y->column)) == NULL)
		return NOMEM(c->err);
	if (y->reverse)
		snprintf(buf, sizeof buf, "%.15g - %s",
		    m->scale_min + m->scale_max, y->column);
	else
		snprintf(buf, sizeof buf, "%s", y->column);
	if ((y->definition = fg_wvs_dup_str(buf)) == NULL ||
	    (y->name = fg_wvs_dup_str(y->column)) == NULL)
		return NOMEM(c->err);
	if (m->direction == NULL) {
		struct fg_buf b = FG_BUF_INIT;

		fg_buf_printf(&b, "higher means closer to '%s'",
		    m->scale_high);
		if ((m->direction = fg_buf_steal(&b)) == NULL)
			return NOMEM(c->err);
	}
	return FG_OK;
}

static long
find_term(const struct fg_wvs_spec *spec, const char *name)
{
	size_t i;

	for (i = 0; i < spec->nterms; i++)
		if (strcmp(spec->terms[i].name, name) == 0)
			return (long)i;
	return -1;
}

static enum fg_status
parse_model(struct fg_wvs_ctx *c, struct fg_wvs_spec *spec,
    const struct fg_yaml *node, struct fg_wvs_model *m)
{
	static const char *const known[] = { "name", "title", "y", "terms",
	    NULL };
	const struct fg_yaml *terms;
	enum fg_status s;
	size_t i, j;

	if ((s = fg_wvs_need_map(c, node, "a model")) != FG_OK ||
	    (s = fg_wvs_check_keys(c, node, known, "a model")) != FG_OK)
		return s;
	m->line = node->line;
	m->col = node->col;
	m->scale_min = m->scale_max = NAN;
	if ((s = fg_wvs_get_str(c, node, "name", 1, "a model",
	    &m->name)) != FG_OK ||
	    (s = fg_wvs_check_name(c, fg_yaml_get(node, "name"), m->name,
	    "model name")) != FG_OK ||
	    (s = fg_wvs_get_str(c, node, "title", 0, "a model",
	    &m->title)) != FG_OK)
		return s;
	if (m->title == NULL && (m->title = fg_wvs_dup_str(m->name)) == NULL)
		return NOMEM(c->err);
	if (fg_yaml_get(node, "y") == NULL)
		return fg_yaml_error(c->err, c->file, node, "model '%s' needs "
		    "'y', its dependent variable", m->name);
	if ((s = fg_wvs_parse_dv(c, fg_yaml_get(node, "y"), m)) != FG_OK)
		return s;
	if ((terms = fg_yaml_get(node, "terms")) == NULL) {
		m->nterms = spec->nterms;
		if ((m->terms = calloc(m->nterms ? m->nterms : 1,
		    sizeof *m->terms)) == NULL)
			return NOMEM(c->err);
		for (i = 0; i < m->nterms; i++)
			m->terms[i] = i;
		return FG_OK;
	}
	if ((s = fg_wvs_need_seq(c, terms, "'terms' of a model")) != FG_OK)
		return s;
	if ((m->terms = calloc(terms->n ? terms->n : 1, sizeof *m->terms)) ==
	    NULL)
		return NOMEM(c->err);
	for (i = 0; i < terms->n; i++) {
		const char *name = fg_yaml_str(terms->items[i]);
		long k = name ? find_term(spec, name) : -1;

		if (k < 0)
			return fg_yaml_error(c->err, c->file, terms->items[i],
			    "model '%s': no term '%s' among the spec's terms",
			    m->name, name ? name : "");
		for (j = 0; j < m->nterms; j++)
			if (m->terms[j] == (size_t)k)
				return fg_yaml_error(c->err, c->file,
				    terms->items[i], "model '%s': term '%s' "
				    "is listed twice", m->name, name);
		m->terms[m->nterms++] = (size_t)k;
	}
	return FG_OK;
}

static enum fg_status
parse_describe(struct fg_wvs_ctx *c, const struct fg_yaml *node,
    struct fg_wvs_describe_spec *d)
{
	static const char *const known[] = { "items", "categories", "share",
	    "by", "frequency", NULL };
	static const char *const item_keys[] = { "column", "label", NULL };
	static const char *const cat_keys[] = { "code", "label", NULL };
	static const char *const share_keys[] = { "codes", "label", NULL };
	static const char *const by_keys[] = { "heading", "groups", NULL };
	static const char *const group_keys[] = { "label", "when", NULL };
	const struct fg_yaml *items, *cats, *share, *codes, *by;
	enum fg_status s;
	size_t i, j, cap = 0;

	if ((s = fg_wvs_need_map(c, node, "'describe'")) != FG_OK ||
	    (s = fg_wvs_check_keys(c, node, known, "'describe'")) != FG_OK)
		return s;
	d->present = 1;
	d->line = node->line;
	d->col = node->col;
	if ((s = fg_wvs_get_str(c, node, "frequency", 0, "'describe'",
	    &d->frequency_label)) != FG_OK)
		return s;
	if (d->frequency_label == NULL &&
	    (d->frequency_label = fg_wvs_dup_str("Frequency")) == NULL)
		return NOMEM(c->err);
	items = fg_yaml_get(node, "items");
	if ((s = fg_wvs_need_seq(c, items, "'items' of 'describe'")) != FG_OK)
		return s;
	if (items->n == 0)
		return fg_yaml_error(c->err, c->file, items, "'items' is "
		    "empty");
	if ((d->items = calloc(items->n, sizeof *d->items)) == NULL)
		return NOMEM(c->err);
	for (i = 0; i < items->n; i++) {
		const struct fg_yaml *it = items->items[i];
		struct fg_wvs_item *x = &d->items[d->nitems++];

		if ((s = fg_wvs_need_map(c, it, "an item")) != FG_OK ||
		    (s = fg_wvs_check_keys(c, it, item_keys,
		    "an item")) != FG_OK ||
		    (s = fg_wvs_get_str(c, it, "column", 1, "an item",
		    &x->column)) != FG_OK ||
		    (s = fg_wvs_get_str(c, it, "label", 0, "an item",
		    &x->label)) != FG_OK)
			return s;
		x->line = fg_yaml_get(it, "column")->line;
		x->col = fg_yaml_get(it, "column")->col;
		if (x->label == NULL && (x->label = fg_wvs_dup_str(x->column))
		    == NULL)
			return NOMEM(c->err);
	}
	cats = fg_yaml_get(node, "categories");
	if ((s = fg_wvs_need_seq(c, cats, "'categories' of 'describe'")) !=
	    FG_OK)
		return s;
	if (cats->n == 0)
		return fg_yaml_error(c->err, c->file, cats, "'categories' is "
		    "empty");
	if ((d->cats = calloc(cats->n, sizeof *d->cats)) == NULL)
		return NOMEM(c->err);
	for (i = 0; i < cats->n; i++) {
		const struct fg_yaml *it = cats->items[i];
		struct fg_wvs_category *x = &d->cats[d->ncats];
		long double v;

		if ((s = fg_wvs_need_map(c, it, "a category")) != FG_OK ||
		    (s = fg_wvs_check_keys(c, it, cat_keys,
		    "a category")) != FG_OK ||
		    (s = fg_wvs_node_number(c, fg_yaml_get(it, "code"),
		    "a category's 'code'", &v)) != FG_OK ||
		    (s = fg_wvs_get_str(c, it, "label", 0, "a category",
		    &x->label)) != FG_OK)
			return s;
		x->code = v;
		for (j = 0; j < d->ncats; j++)
			if (d->cats[j].code == x->code)
				return fg_yaml_error(c->err, c->file, it,
				    "category code %Lg is listed twice",
				    x->code);
		d->ncats++;
		if (x->label == NULL) {
			char tmp[40];

			snprintf(tmp, sizeof tmp, "%Lg", x->code);
			if ((x->label = fg_wvs_dup_str(tmp)) == NULL)
				return NOMEM(c->err);
		}
	}
	share = fg_yaml_get(node, "share");
	if (share != NULL) {
		if ((s = fg_wvs_need_map(c, share, "'share'")) != FG_OK ||
		    (s = fg_wvs_check_keys(c, share, share_keys, "'share'")) !=
		    FG_OK ||
		    (s = fg_wvs_get_str(c, share, "label", 0, "'share'",
		    &d->share_label)) != FG_OK)
			return s;
		codes = fg_yaml_get(share, "codes");
		if ((s = fg_wvs_need_seq(c, codes, "'codes' of 'share'")) !=
		    FG_OK)
			return s;
		if ((d->share_codes = calloc(codes->n ? codes->n : 1,
		    sizeof *d->share_codes)) == NULL)
			return NOMEM(c->err);
		for (i = 0; i < codes->n; i++) {
			long double v;

			if ((s = fg_wvs_node_number(c, codes->items[i],
			    "a share code", &v)) != FG_OK)
				return s;
			d->share_codes[d->nshare++] = v;
		}
	}
	by = fg_yaml_get(node, "by");
	if (by == NULL)
		return FG_OK;
	if (share == NULL)
		return fg_yaml_error(c->err, c->file, by, "'by' needs 'share' "
		    "(the codes whose share is counted in each group)");
	if ((s = fg_wvs_need_seq(c, by, "'by' of 'describe'")) != FG_OK)
		return s;
	if ((d->sections = calloc(by->n ? by->n : 1, sizeof *d->sections)) ==
	    NULL)
		return NOMEM(c->err);
	for (i = 0; i < by->n; i++) {
		const struct fg_yaml *sec = by->items[i], *groups;

		if ((s = fg_wvs_need_map(c, sec, "an entry of 'by'")) !=
		    FG_OK || (s = fg_wvs_check_keys(c, sec, by_keys,
		    "an entry of 'by'")) != FG_OK ||
		    (s = fg_wvs_get_str(c, sec, "heading", 1,
		    "an entry of 'by'", &d->sections[d->nsections])) != FG_OK)
			return s;
		d->nsections++;
		groups = fg_yaml_get(sec, "groups");
		if ((s = fg_wvs_need_seq(c, groups, "'groups'")) != FG_OK)
			return s;
		for (j = 0; j < groups->n; j++) {
			const struct fg_yaml *g = groups->items[j];
			struct fg_wvs_group *x;

			if (fg_wvs_grow(&d->groups, &cap, d->ngroups,
			    sizeof *d->groups) != 0)
				return NOMEM(c->err);
			x = &d->groups[d->ngroups++];
			x->section = i;
			if ((s = fg_wvs_need_map(c, g, "a group")) != FG_OK ||
			    (s = fg_wvs_check_keys(c, g, group_keys,
			    "a group")) != FG_OK ||
			    (s = fg_wvs_get_str(c, g, "label", 1, "a group",
			    &x->label)) != FG_OK ||
			    (s = fg_wvs_parse_cond(c, fg_yaml_get(g, "when"),
			    "group condition", &x->cond)) != FG_OK)
				return s;
		}
	}
	return FG_OK;
}

/* dir of path + rel, unless rel is absolute or path has no directory. */
static char *
resolve_path(const char *path, const char *rel)
{
	const char *slash = strrchr(path, '/');
	struct fg_buf b = FG_BUF_INIT;

	if (rel[0] == '/' || slash == NULL)
		return fg_wvs_dup_str(rel);
	fg_buf_add(&b, path, (size_t)(slash - path) + 1);
	fg_buf_adds(&b, rel);
	return fg_buf_steal(&b);
}

/* The file's base name without its extension. */
char *
fg_wvs_base_name(const char *path)
{
	const char *b = strrchr(path, '/'), *dot;
	char *s;

	b = b ? b + 1 : path;
	dot = strrchr(b, '.');
	if (dot == NULL || dot == b)
		dot = b + strlen(b);
	if ((s = malloc((size_t)(dot - b) + 1)) == NULL)
		return NULL;
	memcpy(s, b, (size_t)(dot - b));
	s[dot - b] = '\0';
	return s;
}

static enum fg_status
parse_missing(struct fg_wvs_ctx *c, const struct fg_yaml *node,
    struct fg_wvs_spec *spec)
{
	size_t i;
	enum fg_status s;

	spec->missing_negative = 0;
	spec->missing_line = node->line;
	spec->missing_col = node->col;
	if ((s = fg_wvs_need_seq(c, node,
	    "'missing' (such as [negative, 99])")) != FG_OK)
		return s;
	if ((spec->missing = calloc(node->n ? node->n : 1,
	    sizeof *spec->missing)) == NULL)
		return NOMEM(c->err);
	for (i = 0; i < node->n; i++) {
		const char *v = fg_yaml_str(node->items[i]);
		long double d;

		if (v != NULL && strcmp(v, "negative") == 0) {
			spec->missing_negative = 1;
			continue;
		}
		if ((s = fg_wvs_node_number(c, node->items[i],
		    "a missing code ('negative' or a number)", &d)) != FG_OK)
			return s;
		spec->missing[spec->nmissing++] = d;
	}
	return FG_OK;
}

static enum fg_status
parse_spec(struct fg_wvs_ctx *c, const struct fg_yaml *root,
    struct fg_wvs_spec *spec)
{
	static const char *const known[] = { "name", "title", "note", "data",
	    "missing", "filters", "weight", "listwise", "intercept", "terms",
	    "models", "describe", NULL };
	const struct fg_yaml *v, *filters, *terms, *models;
	enum fg_status s;
	char *listwise = NULL, *data = NULL;
	size_t i, j;

	if ((s = fg_wvs_need_map(c, root, "a model spec")) != FG_OK ||
	    (s = fg_wvs_check_keys(c, root, known, "a model spec")) != FG_OK)
		return s;
	if ((s = fg_wvs_get_str(c, root, "name", 0, "the spec",
	    &spec->name)) != FG_OK ||
	    (s = fg_wvs_get_str(c, root, "title", 0, "the spec",
	    &spec->title)) != FG_OK ||
	    (s = fg_wvs_get_str(c, root, "note", 0, "the spec",
	    &spec->note)) != FG_OK ||
	    (s = fg_wvs_get_str(c, root, "data", 0, "the spec",
	    &data)) != FG_OK ||
	    (s = fg_wvs_get_str(c, root, "weight", 0, "the spec",
	    &spec->weight)) != FG_OK ||
	    (s = fg_wvs_get_str(c, root, "listwise", 0, "the spec",
	    &listwise)) != FG_OK)
		goto out;
	if (spec->name != NULL) {
		if ((s = fg_wvs_check_name(c, fg_yaml_get(root, "name"),
		    spec->name, "name")) != FG_OK)
			goto out;
	} else if ((spec->name = fg_wvs_base_name(spec->path)) == NULL) {
		s = NOMEM(c->err);
		goto out;
	}
	if (data != NULL) {
		v = fg_yaml_get(root, "data");
		spec->data_line = v->line;
		spec->data_col = v->col;
		if ((spec->data = resolve_path(spec->path, data)) == NULL) {
			s = NOMEM(c->err);
			goto out;
		}
	}
	if ((v = fg_yaml_get(root, "weight")) != NULL) {
		spec->weight_line = v->line;
		spec->weight_col = v->col;
	}
	if (listwise != NULL) {
		if (strcmp(listwise, "model") == 0) {
			spec->listwise_model = 1;
		} else if (strcmp(listwise, "all") != 0) {
			s = fg_yaml_error(c->err, c->file, fg_yaml_get(root,
			    "listwise"), "'listwise' must be 'all' (one sample "
			    "for all models) or 'model' (each model its own)");
			goto out;
		}
	}
	spec->missing_negative = 1;
	if ((v = fg_yaml_get(root, "missing")) != NULL &&
	    (s = parse_missing(c, v, spec)) != FG_OK)
		goto out;
	spec->intercept = 1;
	v = fg_yaml_get(root, "intercept");
	if (v != NULL && v->kind == FG_YAML_SCALAR && fg_yaml_str(v) &&
	    (strcmp(fg_yaml_str(v), "false") == 0 ||
	    strcmp(fg_yaml_str(v), "no") == 0))
		spec->intercept = 0;
	else if ((s = fg_wvs_get_str(c, root, "intercept", 0, "the spec",
	    &spec->intercept_label)) != FG_OK)
		goto out;
	if (spec->intercept && spec->intercept_label == NULL &&
	    (spec->intercept_label = fg_wvs_dup_str("Intercept")) == NULL) {
		s = NOMEM(c->err);
		goto out;
	}
	if ((filters = fg_yaml_get(root, "filters")) != NULL) {
		if ((s = fg_wvs_need_seq(c, filters, "'filters'")) != FG_OK)
			goto out;
		spec->filters_line = filters->line;
		spec->filters_col = filters->col;
		if ((spec->filters = calloc(filters->n ? filters->n : 1,
		    sizeof *spec->filters)) == NULL) {
			s = NOMEM(c->err);
			goto out;
		}
		for (i = 0; i < filters->n; i++) {
			if ((s = fg_wvs_parse_cond(c, filters->items[i],
			    "filter", &spec->filters[i])) != FG_OK) {
				spec->nfilters = i + 1;
				goto out;
			}
			spec->nfilters = i + 1;
		}
	}
	if ((terms = fg_yaml_get(root, "terms")) != NULL) {
		if ((s = fg_wvs_need_seq(c, terms, "'terms'")) != FG_OK)
			goto out;
		if ((spec->terms = calloc(terms->n ? terms->n : 1,
		    sizeof *spec->terms)) == NULL) {
			s = NOMEM(c->err);
			goto out;
		}
		for (i = 0; i < terms->n; i++) {
			spec->nterms = i + 1;
			if ((s = parse_term(c, terms->items[i],
			    &spec->terms[i])) != FG_OK)
				goto out;
			for (j = 0; j < i; j++)
				if (strcmp(spec->terms[j].name,
				    spec->terms[i].name) == 0) {
					s = fg_yaml_error(c->err, c->file,
					    terms->items[i], "term '%s' is "
					    "defined twice",
					    spec->terms[i].name);
					goto out;
				}
			if (strcmp(spec->terms[i].name, "(Intercept)") == 0) {
				s = fg_yaml_error(c->err, c->file,
				    terms->items[i], "'(Intercept)' is the "
				    "intercept's name; name the term "
				    "otherwise");
				goto out;
			}
		}
	}
	models = fg_yaml_get(root, "models");
	if (models == NULL && !fg_yaml_get(root, "describe")) {
		s = fg_yaml_error(c->err, c->file, root, "the spec has "
		    "neither 'models' nor 'describe'");
		goto out;
	}
	if (models != NULL) {
		if ((s = fg_wvs_need_seq(c, models, "'models'")) != FG_OK)
			goto out;
		if ((spec->models = calloc(models->n ? models->n : 1,
		    sizeof *spec->models)) == NULL) {
			s = NOMEM(c->err);
			goto out;
		}
		for (i = 0; i < models->n; i++) {
			spec->nmodels = i + 1;
			if ((s = parse_model(c, spec, models->items[i],
			    &spec->models[i])) != FG_OK)
				goto out;
			for (j = 0; j < i; j++)
				if (strcmp(spec->models[j].name,
				    spec->models[i].name) == 0) {
					s = fg_yaml_error(c->err, c->file,
					    models->items[i], "model '%s' is "
					    "defined twice",
					    spec->models[i].name);
					goto out;
				}
			if (spec->models[i].nterms == 0 && !spec->intercept) {
				s = fg_yaml_error(c->err, c->file,
				    models->items[i], "model '%s' has no "
				    "term", spec->models[i].name);
				goto out;
			}
		}
	}
	if ((v = fg_yaml_get(root, "describe")) != NULL &&
	    (s = parse_describe(c, v, &spec->describe)) != FG_OK)
		goto out;
	s = FG_OK;
out:
	free(listwise);
	free(data);
	return s;
}

enum fg_status
fg_wvs_spec_load(const char *path, struct fg_wvs_spec **out,
    struct fg_error *err)
{
	struct fg_wvs_spec *spec;
	struct fg_yaml *root = NULL;
	struct fg_wvs_ctx c;
	enum fg_status s;
	size_t len;

	*out = NULL;
	c.file = path;
	c.err = err;
	if ((spec = calloc(1, sizeof *spec)) == NULL)
		return NOMEM(err);
	if ((spec->path = fg_wvs_dup_str(path)) == NULL) {
		free(spec);
		return NOMEM(err);
	}
	if ((s = fg_buf_slurp(path, &spec->text, &len, spec->sha256,
	    err)) != FG_OK ||
	    (s = fg_yaml_load_string(spec->text, len, path, 0, &root, err)) !=
	    FG_OK)
		goto fail;
	if (root == NULL) {
		s = fg_error_set(err, FG_INPUT, path, 0, 0, "the spec is "
		    "empty");
		goto fail;
	}
	if ((s = parse_spec(&c, root, spec)) != FG_OK)
		goto fail;
	fg_yaml_free(root);
	*out = spec;
	return FG_OK;
fail:
	fg_yaml_free(root);
	fg_wvs_spec_free(spec);
	return s;
}
