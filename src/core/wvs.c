/* wvs.c - model specs on survey microdata: reading the spec, filters,
 * missing codes, recodes, listwise deletion, weights; the fits (through
 * core/ols), the descriptive table, and published tables (see wvs.h and
 * fgcode-model(5)). */
#include "config.h"

#include "core/wvs.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <nettle/sha2.h>

#include "core/csvread.h"
#include "core/hash.h"
#include "core/ols.h"
#include "core/yamldoc.h"

#define NOMEM(err) fg_error_set((err), FG_NOMEM, NULL, 0, 0, "out of memory")

static char *
dup_str(const char *s)
{
	size_t n;
	char *d;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	if ((d = malloc(n)) != NULL)
		memcpy(d, s, n);
	return d;
}

/* Grow *arr (of elements of size sz) to hold n + 1; 0 or -1. */
static int
grow(void *arr, size_t *cap, size_t n, size_t sz)
{
	void **p = arr;
	size_t nc;
	void *np;

	if (n < *cap)
		return 0;
	nc = *cap ? 2 * *cap : 8;
	if ((np = realloc(*p, nc * sz)) == NULL)
		return -1;
	memset((char *)np + *cap * sz, 0, (nc - *cap) * sz);
	*p = np;
	*cap = nc;
	return 0;
}

/* ---- reading YAML ---- */

struct ctx {
	const char *file;
	struct fg_error *err;
};

/* Refuse keys of map not in known (NULL-terminated): a typo must not
 * silently drop a filter. */
static enum fg_status
check_keys(struct ctx *c, const struct fg_yaml *map, const char *const *known,
    const char *what)
{
	size_t i, k;

	for (i = 0; i < map->n; i++) {
		const struct fg_yaml *key = map->items[2 * i];

		for (k = 0; known[k] != NULL; k++)
			if (strcmp(key->str, known[k]) == 0)
				break;
		if (known[k] == NULL) {
			struct fg_buf b = FG_BUF_INIT;
			enum fg_status s;

			for (k = 0; known[k] != NULL; k++)
				fg_buf_printf(&b, "%s%s", k ? ", " : "",
				    known[k]);
			s = fg_yaml_error(c->err, c->file, key, "unknown key "
			    "'%s' in %s (known: %s)", key->str, what,
			    b.p ? b.p : "");
			fg_buf_free(&b);
			return s;
		}
	}
	return FG_OK;
}

static enum fg_status
need_map(struct ctx *c, const struct fg_yaml *node, const char *what)
{
	if (node == NULL || node->kind != FG_YAML_MAP)
		return fg_yaml_error(c->err, c->file, node, "%s must be a "
		    "mapping, not %s", what, node ? fg_yaml_kind_name(
		    node->kind) : "empty");
	return FG_OK;
}

static enum fg_status
need_seq(struct ctx *c, const struct fg_yaml *node, const char *what)
{
	if (node == NULL || node->kind != FG_YAML_SEQ)
		return fg_yaml_error(c->err, c->file, node, "%s must be a "
		    "list, not %s", what, node ? fg_yaml_kind_name(
		    node->kind) : "empty");
	return FG_OK;
}

/* The string under key in map, copied to *out (NULL when absent or
 * null); an error when it is not a scalar, or absent and required
 * (reported at where, the map). */
static enum fg_status
get_str(struct ctx *c, const struct fg_yaml *map, const char *key,
    int required, const char *what, char **out)
{
	const struct fg_yaml *v = fg_yaml_get(map, key);
	const char *s;

	*out = NULL;
	if (v != NULL && v->kind != FG_YAML_SCALAR)
		return fg_yaml_error(c->err, c->file, v, "'%s' of %s must be "
		    "a single value, not %s", key, what,
		    fg_yaml_kind_name(v->kind));
	s = v ? fg_yaml_str(v) : NULL;
	if (s == NULL || *s == '\0') {
		if (required)
			return fg_yaml_error(c->err, c->file, v ? v : map,
			    "%s needs '%s'", what, key);
		return FG_OK;
	}
	if ((*out = dup_str(s)) == NULL)
		return NOMEM(c->err);
	return FG_OK;
}

/* A yes/no value: true/false, yes/no (absent: def). */
static enum fg_status
get_bool(struct ctx *c, const struct fg_yaml *map, const char *key, int def,
    int *out)
{
	const struct fg_yaml *v = fg_yaml_get(map, key);
	const char *s = v ? fg_yaml_str(v) : NULL;

	*out = def;
	if (v == NULL)
		return FG_OK;
	if (s != NULL && (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0)) {
		*out = 1;
		return FG_OK;
	}
	if (s != NULL && (strcmp(s, "false") == 0 || strcmp(s, "no") == 0)) {
		*out = 0;
		return FG_OK;
	}
	return fg_yaml_error(c->err, c->file, v, "'%s' must be true or false",
	    key);
}

/* ---- numbers and conditions ---- */

/* Scan a decimal number at s (sign, digits, a fraction only when a digit
 * follows the point, so "30..49" stops at 30, exponent); its length, 0
 * if none.  The value goes through fg_csv_number, as data values do, so
 * that equal texts compare equal. */
static size_t
scan_number(const char *s, long double *out)
{
	size_t i = 0, d = 0;
	char tmp[64];

	if (s[i] == '+' || s[i] == '-')
		i++;
	while (s[i] >= '0' && s[i] <= '9')
		i++, d++;
	if (s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9') {
		i++;
		while (s[i] >= '0' && s[i] <= '9')
			i++, d++;
	}
	if (d == 0)
		return 0;
	if ((s[i] == 'e' || s[i] == 'E') && ((s[i + 1] >= '0' &&
	    s[i + 1] <= '9') || ((s[i + 1] == '+' || s[i + 1] == '-') &&
	    s[i + 2] >= '0' && s[i + 2] <= '9'))) {
		i += 2;
		while (s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (i >= sizeof tmp)
		return 0;
	memcpy(tmp, s, i);
	tmp[i] = '\0';
	if (fg_csv_number(tmp, out) != FG_CSV_NUM_OK)
		return 0;
	return i;
}

/* A number scalar (a code, a scale end). */
static enum fg_status
node_number(struct ctx *c, const struct fg_yaml *v, const char *what,
    long double *out)
{
	const char *s = v ? fg_yaml_str(v) : NULL;

	if (s == NULL || v->kind != FG_YAML_SCALAR ||
	    fg_csv_number(s, out) != FG_CSV_NUM_OK)
		return fg_yaml_error(c->err, c->file, v, "%s must be a number"
		    "%s%s%s", what, s ? ", not '" : "", s ? s : "",
		    s ? "'" : "");
	return FG_OK;
}

static void
cond_clear(struct fg_wvs_cond *k)
{
	free(k->text);
	free(k->column);
	free(k->vals);
	memset(k, 0, sizeof *k);
}

static int
is_space(char ch)
{
	return ch == ' ' || ch == '\t';
}

static int
is_name(char ch, int first)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
	    ch == '_' || (!first && ((ch >= '0' && ch <= '9') || ch == '.'));
}

/* Parse "COL OP NUMBER", "COL in {N, ...}" ("[...]" too) or "COL in
 * LO..HI" from the scalar node. */
static enum fg_status
parse_cond(struct ctx *c, const struct fg_yaml *node, const char *what,
    struct fg_wvs_cond *k)
{
	static const struct {
		const char *tok;
		enum fg_wvs_op op;
	} ops[] = {
		{ "==", FG_WVS_EQ }, { "!=", FG_WVS_NE }, { "<=", FG_WVS_LE },
		{ ">=", FG_WVS_GE }, { "<", FG_WVS_LT }, { ">", FG_WVS_GT },
	};
	const char *s = node ? fg_yaml_str(node) : NULL, *p, *why;
	size_t i, n, cap = 0;
	long double v;
	int base;

	memset(k, 0, sizeof *k);
	if (node == NULL || node->kind != FG_YAML_SCALAR || s == NULL)
		return fg_yaml_error(c->err, c->file, node, "%s: expected a "
		    "condition such as 'Q260 == 2' or 'Q207 in {1, 2}'",
		    what);
	k->line = node->line;
	k->col = node->col;
	base = node->col + (node->plain ? 0 : 1);
	if ((k->text = dup_str(s)) == NULL)
		return NOMEM(c->err);
	p = s;
	while (is_space(*p))
		p++;
	if (!is_name(*p, 1)) {
		why = "a column name";
		goto bad;
	}
	for (n = 1; is_name(p[n], 0); n++)
		;
	if ((k->column = malloc(n + 1)) == NULL)
		return NOMEM(c->err);
	memcpy(k->column, p, n);
	k->column[n] = '\0';
	p += n;
	while (is_space(*p))
		p++;
	for (i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (strncmp(p, ops[i].tok, strlen(ops[i].tok)) == 0)
			break;
	if (i < sizeof ops / sizeof ops[0]) {
		k->op = ops[i].op;
		p += strlen(ops[i].tok);
		while (is_space(*p))
			p++;
		if ((n = scan_number(p, &v)) == 0) {
			why = "a number";
			goto bad;
		}
		if ((k->vals = malloc(sizeof *k->vals)) == NULL)
			return NOMEM(c->err);
		k->vals[0] = v;
		k->nvals = 1;
		p += n;
	} else if (strncmp(p, "in", 2) == 0 && (is_space(p[2]) ||
	    p[2] == '{' || p[2] == '[')) {
		p += 2;
		while (is_space(*p))
			p++;
		if (*p == '{' || *p == '[') {
			char close = *p == '{' ? '}' : ']';

			k->op = FG_WVS_IN;
			p++;
			for (;;) {
				while (is_space(*p))
					p++;
				if ((n = scan_number(p, &v)) == 0) {
					why = "a number";
					goto bad;
				}
				if (grow(&k->vals, &cap, k->nvals,
				    sizeof *k->vals) != 0)
					return NOMEM(c->err);
				k->vals[k->nvals++] = v;
				p += n;
				while (is_space(*p))
					p++;
				if (*p == ',') {
					p++;
					continue;
				}
				if (*p == close) {
					p++;
					break;
				}
				why = close == '}' ? "',' or '}'" :
				    "',' or ']'";
				goto bad;
			}
		} else {
			k->op = FG_WVS_RANGE;
			if ((k->vals = malloc(2 * sizeof *k->vals)) == NULL)
				return NOMEM(c->err);
			if ((n = scan_number(p, &k->vals[0])) == 0) {
				why = "'{' or a range LO..HI";
				goto bad;
			}
			p += n;
			if (strncmp(p, "..", 2) != 0) {
				why = "'..' (a range LO..HI)";
				goto bad;
			}
			p += 2;
			if ((n = scan_number(p, &k->vals[1])) == 0) {
				why = "a number";
				goto bad;
			}
			k->nvals = 2;
			p += n;
			if (k->vals[1] < k->vals[0]) {
				why = "a range whose low end is not above "
				    "its high end";
				goto bad;
			}
		}
	} else {
		why = *p == '=' ? "'==' (not '=')" :
		    "an operator (== != < <= > >= in)";
		goto bad;
	}
	while (is_space(*p))
		p++;
	if (*p != '\0') {
		why = "the end of the condition";
		goto bad;
	}
	return FG_OK;
bad:
	return fg_error_set(c->err, FG_INPUT, c->file, node->line,
	    base + (int)(p - s), "%s '%s': expected %s%s%.*s%s", what, s, why,
	    *p ? " at '" : " at the end", *p ? 20 : 0, p, *p ? "'" : "");
}

/* Whether value v satisfies k. */
static int
cond_true(const struct fg_wvs_cond *k, long double v)
{
	size_t i;

	switch (k->op) {
	case FG_WVS_EQ:
		return v == k->vals[0];
	case FG_WVS_NE:
		return v != k->vals[0];
	case FG_WVS_LT:
		return v < k->vals[0];
	case FG_WVS_LE:
		return v <= k->vals[0];
	case FG_WVS_GT:
		return v > k->vals[0];
	case FG_WVS_GE:
		return v >= k->vals[0];
	case FG_WVS_IN:
		for (i = 0; i < k->nvals; i++)
			if (v == k->vals[i])
				return 1;
		return 0;
	case FG_WVS_RANGE:
		return v >= k->vals[0] && v <= k->vals[1];
	}
	return 0;
}

/* ---- the spec ---- */

static void
var_clear(struct fg_wvs_var *v)
{
	free(v->name);
	free(v->label);
	free(v->column);
	free(v->definition);
	cond_clear(&v->cond);
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
		cond_clear(&spec->filters[i]);
	free(spec->filters);
	free(spec->weight);
	free(spec->intercept_label);
	for (i = 0; i < spec->nterms; i++)
		var_clear(&spec->terms[i]);
	free(spec->terms);
	for (i = 0; i < spec->nmodels; i++) {
		struct fg_wvs_model *m = &spec->models[i];

		free(m->name);
		free(m->title);
		var_clear(&m->y);
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
		cond_clear(&d->groups[i].cond);
	}
	free(d->groups);
	free(spec);
}

/* A name usable as an identifier: letters, digits, _ . - and no
 * slash (set/model references split at '/'). */
static enum fg_status
check_name(struct ctx *c, const struct fg_yaml *node, const char *s,
    const char *what)
{
	const char *p;

	for (p = s; *p != '\0'; p++)
		if (!is_name(*p, 0) && *p != '-' && *p != '(' && *p != ')')
			return fg_yaml_error(c->err, c->file, node, "%s '%s' "
			    "may hold only letters, digits and _ . - ( )",
			    what, s);
	return FG_OK;
}

/* A term: name, label, and either when (an indicator) or column. */
static enum fg_status
parse_term(struct ctx *c, const struct fg_yaml *node, struct fg_wvs_var *v)
{
	static const char *const known[] = { "name", "label", "when",
	    "column", NULL };
	const struct fg_yaml *when, *col;
	enum fg_status s;

	if ((s = need_map(c, node, "a term")) != FG_OK ||
	    (s = check_keys(c, node, known, "a term")) != FG_OK)
		return s;
	v->line = node->line;
	v->col = node->col;
	if ((s = get_str(c, node, "name", 1, "a term", &v->name)) != FG_OK ||
	    (s = check_name(c, fg_yaml_get(node, "name"), v->name,
	    "term name")) != FG_OK ||
	    (s = get_str(c, node, "label", 0, "a term", &v->label)) != FG_OK)
		return s;
	if (v->label == NULL && (v->label = dup_str(v->name)) == NULL)
		return NOMEM(c->err);
	when = fg_yaml_get(node, "when");
	col = fg_yaml_get(node, "column");
	if ((when == NULL) == (col == NULL))
		return fg_yaml_error(c->err, c->file, node, "term '%s' needs "
		    "either 'when' (a condition: the term is 1 when it holds, "
		    "else 0) or 'column' (the value as it is)", v->name);
	if (when != NULL) {
		if ((s = parse_cond(c, when, "condition", &v->cond)) != FG_OK)
			return s;
		v->indicator = 1;
		v->line = when->line;
		v->col = when->col;
		if ((v->column = dup_str(v->cond.column)) == NULL ||
		    (v->definition = dup_str(v->cond.text)) == NULL)
			return NOMEM(c->err);
	} else {
		if ((s = get_str(c, node, "column", 1, "a term", &v->column))
		    != FG_OK)
			return s;
		v->line = col->line;
		v->col = col->col;
		if ((v->definition = dup_str(v->column)) == NULL)
			return NOMEM(c->err);
	}
	return FG_OK;
}

/* "1..10" */
static enum fg_status
parse_scale(struct ctx *c, const struct fg_yaml *node, double *lo,
    double *hi)
{
	const char *s = node ? fg_yaml_str(node) : NULL;
	long double a, b;
	size_t n, m;

	if (s == NULL || node->kind != FG_YAML_SCALAR ||
	    (n = scan_number(s, &a)) == 0 || strncmp(s + n, "..", 2) != 0 ||
	    (m = scan_number(s + n + 2, &b)) == 0 || s[n + 2 + m] != '\0' ||
	    !(b > a))
		return fg_yaml_error(c->err, c->file, node, "'scale' must be "
		    "LOW..HIGH, such as 1..10");
	*lo = (double)a;
	*hi = (double)b;
	return FG_OK;
}

/* The dependent variable block (spec and published table alike). */
static enum fg_status
parse_dv(struct ctx *c, const struct fg_yaml *node, struct fg_wvs_model *m)
{
	static const char *const known[] = { "column", "label", "reverse",
	    "scale", "low", "high", "direction", NULL };
	struct fg_wvs_var *y = &m->y;
	const struct fg_yaml *scale;
	enum fg_status s;
	char buf[160];

	if ((s = need_map(c, node, "'y' (the dependent variable)")) != FG_OK ||
	    (s = check_keys(c, node, known, "'y'")) != FG_OK)
		return s;
	y->line = node->line;
	y->col = node->col;
	if ((s = get_str(c, node, "column", 1, "'y'", &y->column)) != FG_OK ||
	    (s = get_str(c, node, "label", 0, "'y'", &y->label)) != FG_OK ||
	    (s = get_bool(c, node, "reverse", 0, &y->reverse)) != FG_OK ||
	    (s = get_str(c, node, "low", 1, "'y'", &m->scale_low)) != FG_OK ||
	    (s = get_str(c, node, "high", 1, "'y'", &m->scale_high)) !=
	    FG_OK ||
	    (s = get_str(c, node, "direction", 0, "'y'", &m->direction)) !=
	    FG_OK)
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
	if (y->label == NULL && (y->label = dup_str(y->column)) == NULL)
		return NOMEM(c->err);
	if (y->reverse)
		snprintf(buf, sizeof buf, "%.15g - %s",
		    m->scale_min + m->scale_max, y->column);
	else
		snprintf(buf, sizeof buf, "%s", y->column);
	if ((y->definition = dup_str(buf)) == NULL ||
	    (y->name = dup_str(y->column)) == NULL)
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
parse_model(struct ctx *c, struct fg_wvs_spec *spec,
    const struct fg_yaml *node, struct fg_wvs_model *m)
{
	static const char *const known[] = { "name", "title", "y", "terms",
	    NULL };
	const struct fg_yaml *terms;
	enum fg_status s;
	size_t i, j;

	if ((s = need_map(c, node, "a model")) != FG_OK ||
	    (s = check_keys(c, node, known, "a model")) != FG_OK)
		return s;
	m->line = node->line;
	m->col = node->col;
	m->scale_min = m->scale_max = NAN;
	if ((s = get_str(c, node, "name", 1, "a model", &m->name)) != FG_OK ||
	    (s = check_name(c, fg_yaml_get(node, "name"), m->name,
	    "model name")) != FG_OK ||
	    (s = get_str(c, node, "title", 0, "a model", &m->title)) != FG_OK)
		return s;
	if (m->title == NULL && (m->title = dup_str(m->name)) == NULL)
		return NOMEM(c->err);
	if (fg_yaml_get(node, "y") == NULL)
		return fg_yaml_error(c->err, c->file, node, "model '%s' needs "
		    "'y', its dependent variable", m->name);
	if ((s = parse_dv(c, fg_yaml_get(node, "y"), m)) != FG_OK)
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
	if ((s = need_seq(c, terms, "'terms' of a model")) != FG_OK)
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
parse_describe(struct ctx *c, const struct fg_yaml *node,
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

	if ((s = need_map(c, node, "'describe'")) != FG_OK ||
	    (s = check_keys(c, node, known, "'describe'")) != FG_OK)
		return s;
	d->present = 1;
	d->line = node->line;
	d->col = node->col;
	if ((s = get_str(c, node, "frequency", 0, "'describe'",
	    &d->frequency_label)) != FG_OK)
		return s;
	if (d->frequency_label == NULL &&
	    (d->frequency_label = dup_str("Frequency")) == NULL)
		return NOMEM(c->err);
	items = fg_yaml_get(node, "items");
	if ((s = need_seq(c, items, "'items' of 'describe'")) != FG_OK)
		return s;
	if (items->n == 0)
		return fg_yaml_error(c->err, c->file, items, "'items' is "
		    "empty");
	if ((d->items = calloc(items->n, sizeof *d->items)) == NULL)
		return NOMEM(c->err);
	for (i = 0; i < items->n; i++) {
		const struct fg_yaml *it = items->items[i];
		struct fg_wvs_item *x = &d->items[d->nitems++];

		if ((s = need_map(c, it, "an item")) != FG_OK ||
		    (s = check_keys(c, it, item_keys, "an item")) != FG_OK ||
		    (s = get_str(c, it, "column", 1, "an item", &x->column)) !=
		    FG_OK ||
		    (s = get_str(c, it, "label", 0, "an item", &x->label)) !=
		    FG_OK)
			return s;
		x->line = fg_yaml_get(it, "column")->line;
		x->col = fg_yaml_get(it, "column")->col;
		if (x->label == NULL && (x->label = dup_str(x->column)) ==
		    NULL)
			return NOMEM(c->err);
	}
	cats = fg_yaml_get(node, "categories");
	if ((s = need_seq(c, cats, "'categories' of 'describe'")) != FG_OK)
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

		if ((s = need_map(c, it, "a category")) != FG_OK ||
		    (s = check_keys(c, it, cat_keys, "a category")) != FG_OK ||
		    (s = node_number(c, fg_yaml_get(it, "code"),
		    "a category's 'code'", &v)) != FG_OK ||
		    (s = get_str(c, it, "label", 0, "a category",
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
			if ((x->label = dup_str(tmp)) == NULL)
				return NOMEM(c->err);
		}
	}
	share = fg_yaml_get(node, "share");
	if (share != NULL) {
		if ((s = need_map(c, share, "'share'")) != FG_OK ||
		    (s = check_keys(c, share, share_keys, "'share'")) !=
		    FG_OK ||
		    (s = get_str(c, share, "label", 0, "'share'",
		    &d->share_label)) != FG_OK)
			return s;
		codes = fg_yaml_get(share, "codes");
		if ((s = need_seq(c, codes, "'codes' of 'share'")) != FG_OK)
			return s;
		if ((d->share_codes = calloc(codes->n ? codes->n : 1,
		    sizeof *d->share_codes)) == NULL)
			return NOMEM(c->err);
		for (i = 0; i < codes->n; i++) {
			long double v;

			if ((s = node_number(c, codes->items[i], "a share "
			    "code", &v)) != FG_OK)
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
	if ((s = need_seq(c, by, "'by' of 'describe'")) != FG_OK)
		return s;
	if ((d->sections = calloc(by->n ? by->n : 1, sizeof *d->sections)) ==
	    NULL)
		return NOMEM(c->err);
	for (i = 0; i < by->n; i++) {
		const struct fg_yaml *sec = by->items[i], *groups;

		if ((s = need_map(c, sec, "an entry of 'by'")) != FG_OK ||
		    (s = check_keys(c, sec, by_keys, "an entry of 'by'")) !=
		    FG_OK ||
		    (s = get_str(c, sec, "heading", 1, "an entry of 'by'",
		    &d->sections[d->nsections])) != FG_OK)
			return s;
		d->nsections++;
		groups = fg_yaml_get(sec, "groups");
		if ((s = need_seq(c, groups, "'groups'")) != FG_OK)
			return s;
		for (j = 0; j < groups->n; j++) {
			const struct fg_yaml *g = groups->items[j];
			struct fg_wvs_group *x;

			if (grow(&d->groups, &cap, d->ngroups,
			    sizeof *d->groups) != 0)
				return NOMEM(c->err);
			x = &d->groups[d->ngroups++];
			x->section = i;
			if ((s = need_map(c, g, "a group")) != FG_OK ||
			    (s = check_keys(c, g, group_keys, "a group")) !=
			    FG_OK ||
			    (s = get_str(c, g, "label", 1, "a group",
			    &x->label)) != FG_OK ||
			    (s = parse_cond(c, fg_yaml_get(g, "when"),
			    "group condition", &x->cond)) != FG_OK)
				return s;
		}
	}
	return FG_OK;
}

/* Read the whole file: its text (NUL-terminated) and SHA-256. */
static enum fg_status
slurp(const char *path, char **text, size_t *len, char sha[65],
    struct fg_error *err)
{
	FILE *fp = fopen(path, "rb");
	struct fg_buf b = FG_BUF_INIT;
	char chunk[65536];
	size_t n;

	*text = NULL;
	if (fp == NULL)
		return fg_error_set(err, errno == ENOENT ? FG_NOTFOUND : FG_IO,
		    path, 0, 0, "cannot open: %s", strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		if (fg_buf_add(&b, chunk, n) != FG_OK) {
			fclose(fp);
			fg_buf_free(&b);
			return NOMEM(err);
		}
	if (ferror(fp)) {
		fclose(fp);
		fg_buf_free(&b);
		return fg_error_set(err, FG_IO, path, 0, 0, "read error");
	}
	fclose(fp);
	fg_sha256_hex(b.p ? b.p : "", b.len, sha);
	*len = b.len;
	if ((*text = fg_buf_steal(&b)) == NULL)
		return NOMEM(err);
	return FG_OK;
}

/* dir of path + rel, unless rel is absolute or path has no directory. */
static char *
resolve_path(const char *path, const char *rel)
{
	const char *slash = strrchr(path, '/');
	struct fg_buf b = FG_BUF_INIT;

	if (rel[0] == '/' || slash == NULL)
		return dup_str(rel);
	fg_buf_add(&b, path, (size_t)(slash - path) + 1);
	fg_buf_adds(&b, rel);
	return fg_buf_steal(&b);
}

/* The file's base name without its extension. */
static char *
base_name(const char *path)
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
parse_missing(struct ctx *c, const struct fg_yaml *node,
    struct fg_wvs_spec *spec)
{
	size_t i;
	enum fg_status s;

	spec->missing_negative = 0;
	spec->missing_line = node->line;
	spec->missing_col = node->col;
	if ((s = need_seq(c, node, "'missing' (such as [negative, 99])")) !=
	    FG_OK)
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
		if ((s = node_number(c, node->items[i], "a missing code "
		    "('negative' or a number)", &d)) != FG_OK)
			return s;
		spec->missing[spec->nmissing++] = d;
	}
	return FG_OK;
}

static enum fg_status
parse_spec(struct ctx *c, const struct fg_yaml *root,
    struct fg_wvs_spec *spec)
{
	static const char *const known[] = { "name", "title", "note", "data",
	    "missing", "filters", "weight", "listwise", "intercept", "terms",
	    "models", "describe", NULL };
	const struct fg_yaml *v, *filters, *terms, *models;
	enum fg_status s;
	char *listwise = NULL, *data = NULL;
	size_t i, j;

	if ((s = need_map(c, root, "a model spec")) != FG_OK ||
	    (s = check_keys(c, root, known, "a model spec")) != FG_OK)
		return s;
	if ((s = get_str(c, root, "name", 0, "the spec", &spec->name)) !=
	    FG_OK ||
	    (s = get_str(c, root, "title", 0, "the spec", &spec->title)) !=
	    FG_OK ||
	    (s = get_str(c, root, "note", 0, "the spec", &spec->note)) !=
	    FG_OK ||
	    (s = get_str(c, root, "data", 0, "the spec", &data)) != FG_OK ||
	    (s = get_str(c, root, "weight", 0, "the spec", &spec->weight)) !=
	    FG_OK ||
	    (s = get_str(c, root, "listwise", 0, "the spec", &listwise)) !=
	    FG_OK)
		goto out;
	if (spec->name != NULL) {
		if ((s = check_name(c, fg_yaml_get(root, "name"), spec->name,
		    "name")) != FG_OK)
			goto out;
	} else if ((spec->name = base_name(spec->path)) == NULL) {
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
	else if ((s = get_str(c, root, "intercept", 0, "the spec",
	    &spec->intercept_label)) != FG_OK)
		goto out;
	if (spec->intercept && spec->intercept_label == NULL &&
	    (spec->intercept_label = dup_str("Intercept")) == NULL) {
		s = NOMEM(c->err);
		goto out;
	}
	if ((filters = fg_yaml_get(root, "filters")) != NULL) {
		if ((s = need_seq(c, filters, "'filters'")) != FG_OK)
			goto out;
		spec->filters_line = filters->line;
		spec->filters_col = filters->col;
		if ((spec->filters = calloc(filters->n ? filters->n : 1,
		    sizeof *spec->filters)) == NULL) {
			s = NOMEM(c->err);
			goto out;
		}
		for (i = 0; i < filters->n; i++) {
			if ((s = parse_cond(c, filters->items[i], "filter",
			    &spec->filters[i])) != FG_OK) {
				spec->nfilters = i + 1;
				goto out;
			}
			spec->nfilters = i + 1;
		}
	}
	if ((terms = fg_yaml_get(root, "terms")) != NULL) {
		if ((s = need_seq(c, terms, "'terms'")) != FG_OK)
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
		if ((s = need_seq(c, models, "'models'")) != FG_OK)
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
	struct ctx c;
	enum fg_status s;
	size_t len;

	*out = NULL;
	c.file = path;
	c.err = err;
	if ((spec = calloc(1, sizeof *spec)) == NULL)
		return NOMEM(err);
	if ((spec->path = dup_str(path)) == NULL) {
		free(spec);
		return NOMEM(err);
	}
	if ((s = slurp(path, &spec->text, &len, spec->sha256, err)) != FG_OK ||
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

/* ---- reading the data ---- */

struct reader {
	const struct fg_wvs_spec *spec;
	const char *spec_file;
	struct fg_csv *csv;
	const char *path;
	size_t ncols;
	unsigned char *need;   /* per CSV column: parse it */
	long double *val;      /* per CSV column: value of this row */
	unsigned char *miss;   /* per CSV column: missing in this row */
	long *nmiss;           /* per CSV column: rows (passing filters)
	                        * where it is missing */
	long rows, filtered;
	int line;
};

static void
reader_close(struct reader *r)
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
reader_open(struct reader *r, const struct fg_wvs_spec *spec,
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
static enum fg_status
reader_use(struct reader *r, const char *name, int line, int col,
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
static enum fg_status
reader_next(struct reader *r, int *eof, struct fg_error *err)
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
static int
reader_pass(struct reader *r)
{
	size_t i;

	for (i = 0; i < r->spec->nfilters; i++) {
		const struct fg_wvs_cond *k = &r->spec->filters[i];

		if (r->miss[k->idx] || !cond_true(k, r->val[k->idx]))
			return 0;
	}
	return 1;
}

static enum fg_status
use_filters(struct reader *r, struct fg_error *err)
{
	size_t i;
	enum fg_status s;

	for (i = 0; i < r->spec->nfilters; i++) {
		struct fg_wvs_cond *k = &r->spec->filters[i];

		if ((s = reader_use(r, k->column, k->line, k->col, &k->idx,
		    err)) != FG_OK)
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
static long double
row_weight(const struct reader *r, int weighted, size_t widx)
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
var_value(const struct reader *r, const struct fg_wvs_var *v,
    const struct fg_wvs_model *m, long double *out)
{
	long double x;

	if (r->miss[v->idx])
		return 0;
	x = r->val[v->idx];
	if (v->indicator)
		x = cond_true(&v->cond, x) ? 1 : 0;
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
static enum fg_status
open_data(struct reader *r, const struct fg_wvs_spec *spec,
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
	return reader_use(r, *wcol, wl, wc, widx, err);
}

/* The variable with the most missing values among those of the models,
 * for messages. */
static void
most_missing(const struct reader *r, const struct fg_wvs_spec *spec,
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
finish_model(const struct reader *r, const struct fg_wvs_spec *spec,
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
		t->name = dup_str(v ? v->name : "(Intercept)");
		t->label = dup_str(v ? v->label : spec->intercept_label);
		t->definition = v ? dup_str(v->definition) : NULL;
		if (t->name == NULL || t->label == NULL ||
		    (v != NULL && t->definition == NULL)) {
			fg_ols_result_free(res);
			return NOMEM(err);
		}
	}
	fg_ols_result_free(res);
	return FG_OK;
}

static enum fg_status
copy_dv(const struct fg_wvs_model *m, struct fg_model *out,
    struct fg_error *err)
{
	out->dv.scale_min = m->scale_min;
	out->dv.scale_max = m->scale_max;
	if ((out->name = dup_str(m->name)) == NULL ||
	    (out->title = dup_str(m->title)) == NULL ||
	    (out->dv.column = dup_str(m->y.column)) == NULL ||
	    (out->dv.label = dup_str(m->y.label)) == NULL ||
	    (out->dv.definition = dup_str(m->y.definition)) == NULL ||
	    (out->dv.scale_low = dup_str(m->scale_low)) == NULL ||
	    (out->dv.scale_high = dup_str(m->scale_high)) == NULL ||
	    (out->dv.direction = dup_str(m->direction)) == NULL)
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
fit_rows(struct reader *r, const struct fg_wvs_spec *spec,
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

		if ((s = reader_next(r, &eof, err)) != FG_OK)
			goto out;
		if (eof)
			break;
		if (!reader_pass(r))
			continue;
		r->filtered++;
		for (i = 0; i < r->ncols; i++)
			if (r->need[i] && r->miss[i])
				r->nmiss[i]++;
		w = row_weight(r, weighted, widx);
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
	struct reader r;
	struct design dz;
	const char *wcol = NULL;
	size_t widx = 0, i, k;
	enum fg_status s;
	const char **names = NULL;

	memset(&dz, 0, sizeof dz);
	if ((s = open_data(&r, spec, o, &wcol, &widx, err)) != FG_OK)
		goto out;
	for (k = 0; k < spec->nterms; k++) {
		struct fg_wvs_var *v = &spec->terms[k];

		if ((s = reader_use(&r, v->column, v->line, v->col, &v->idx,
		    err)) != FG_OK)
			goto out;
	}
	for (i = 0; i < spec->nmodels; i++) {
		struct fg_wvs_model *m = &spec->models[i];

		if ((s = reader_use(&r, m->y.column, m->y.line, m->y.col,
		    &m->y.idx, err)) != FG_OK)
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
	if ((set->data_path = dup_str(r.path)) == NULL ||
	    (wcol != NULL && (set->weight = dup_str(wcol)) == NULL)) {
		s = NOMEM(err);
		goto out;
	}
	for (i = 0; i < nfm; i++) {
		struct fg_model *out = &set->models[i];

		out->seq = (int)i + 1;
		if ((out->set = dup_str(spec->name)) == NULL) {
			s = NOMEM(err);
			goto out;
		}
		if ((s = copy_dv(fm[i].m, out, err)) != FG_OK ||
		    (s = finish_model(&r, spec, &fm[i], fm, nfm, wcol, widx,
		    out, err)) != FG_OK)
			goto out;
	}
out:
	free(names);
	design_free(&dz);
	reader_close(&r);
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
	if ((set->name = dup_str(spec->name)) == NULL ||
	    (spec->title && (set->title = dup_str(spec->title)) == NULL) ||
	    (spec->note && (set->note = dup_str(spec->note)) == NULL) ||
	    (set->spec_path = dup_str(spec->path)) == NULL ||
	    (set->spec_text = dup_str(spec->text)) == NULL)
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
describe_rows(struct reader *r, const struct fg_wvs_describe_spec *ds,
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
		if ((s = reader_next(r, &eof, err)) != FG_OK || eof)
			break;
		if (!reader_pass(r))
			continue;
		r->filtered++;
		if ((w = row_weight(r, weighted, widx)) == 0)
			continue;
		for (g = 0; g < ng; g++) {
			const struct fg_wvs_cond *k = &ds->groups[g].cond;

			ing[g] = !r->miss[k->idx] &&
			    cond_true(k, r->val[k->idx]);
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
	struct reader r;
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
	if ((s = open_data(&r, spec, o, &wcol, &widx, err)) != FG_OK)
		goto out;
	d->weighted = wcol != NULL;
	for (i = 0; i < ni; i++) {
		struct fg_wvs_item *it = (struct fg_wvs_item *)&ds->items[i];

		if ((s = reader_use(&r, it->column, it->line, it->col,
		    &it->idx, err)) != FG_OK)
			goto out;
	}
	for (i = 0; i < ng; i++) {
		struct fg_wvs_cond *k = (struct fg_wvs_cond *)
		    &ds->groups[i].cond;

		if ((s = reader_use(&r, k->column, k->line, k->col, &k->idx,
		    err)) != FG_OK)
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
	reader_close(&r);
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
table_stats(struct ctx *c, const struct fg_yaml *stats,
    struct fg_model_set *set)
{
	static const char *const known[] = { "r2", "adj_r2", "n", NULL };
	enum fg_status s;
	size_t i, k;

	if ((s = need_map(c, stats, "'stats'")) != FG_OK ||
	    (s = check_keys(c, stats, known, "'stats'")) != FG_OK)
		return s;
	for (k = 0; k < 3; k++) {
		const struct fg_yaml *row = fg_yaml_get(stats, known[k]);

		if (row == NULL)
			continue;
		if ((s = need_seq(c, row, "a row of 'stats'")) != FG_OK)
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
			if ((*dst = dup_str(v)) == NULL)
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
table_rows(struct ctx *c, const struct fg_yaml *rows,
    struct fg_model_set *set, struct cellpos *pos)
{
	static const char *const known[] = { "term", "label", "cells", NULL };
	enum fg_status s;
	size_t r, i, nm = set->nmodels;

	if ((s = need_seq(c, rows, "'rows'")) != FG_OK)
		return s;
	for (i = 0; i < nm; i++)
		if ((set->models[i].terms = calloc(rows->n ? rows->n : 1,
		    sizeof *set->models[i].terms)) == NULL)
			return NOMEM(c->err);
	for (r = 0; r < rows->n; r++) {
		const struct fg_yaml *row = rows->items[r], *cells;
		char *term = NULL, *label = NULL;
		size_t j;

		if ((s = need_map(c, row, "a row")) != FG_OK ||
		    (s = check_keys(c, row, known, "a row")) != FG_OK ||
		    (s = get_str(c, row, "term", 1, "a row", &term)) != FG_OK ||
		    (s = check_name(c, fg_yaml_get(row, "term"), term,
		    "term name")) != FG_OK ||
		    (s = get_str(c, row, "label", 0, "a row", &label)) !=
		    FG_OK) {
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
		if ((s = need_seq(c, cells, "'cells' of a row")) != FG_OK ||
		    cells->n != nm) {
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
			if (rc == -2 || (t->name = dup_str(term)) == NULL ||
			    (t->label = dup_str(label ? label : term)) ==
			    NULL || (t->cell_text = dup_str(cell)) == NULL) {
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
	struct ctx c;
	enum fg_status s;
	size_t len, i, j, k;

	*out = NULL;
	c.file = path;
	c.err = err;
	if ((set = calloc(1, sizeof *set)) == NULL)
		return NOMEM(err);
	set->source = FG_MODEL_PUBLISHED;
	set->data_rows = set->filtered_rows = -1;
	if ((set->spec_path = dup_str(path)) == NULL) {
		s = NOMEM(err);
		goto fail;
	}
	if ((s = slurp(path, &set->spec_text, &len, set->spec_sha256, err)) !=
	    FG_OK || (s = fg_yaml_load_string(set->spec_text, len, path, 0,
	    &root, err)) != FG_OK)
		goto fail;
	if ((s = need_map(&c, root, "a published table")) != FG_OK ||
	    (s = check_keys(&c, root, known, "a published table")) != FG_OK ||
	    (s = get_str(&c, root, "name", 0, "the table", &set->name)) !=
	    FG_OK ||
	    (s = get_str(&c, root, "title", 0, "the table", &set->title)) !=
	    FG_OK ||
	    (s = get_str(&c, root, "citation", 0, "the table",
	    &set->citation)) != FG_OK ||
	    (s = get_str(&c, root, "note", 0, "the table", &set->note)) !=
	    FG_OK)
		goto fail;
	if (set->name != NULL) {
		if ((s = check_name(&c, fg_yaml_get(root, "name"), set->name,
		    "name")) != FG_OK)
			goto fail;
	} else if ((set->name = base_name(path)) == NULL) {
		s = NOMEM(err);
		goto fail;
	}
	models = fg_yaml_get(root, "models");
	if ((s = need_seq(&c, models, "'models'")) != FG_OK)
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
		if ((s = need_map(&c, mn, "a model")) != FG_OK ||
		    (s = check_keys(&c, mn, mkeys, "a model")) != FG_OK ||
		    (s = get_str(&c, mn, "name", 1, "a model", &wm.name)) !=
		    FG_OK ||
		    (s = check_name(&c, fg_yaml_get(mn, "name"), wm.name,
		    "model name")) != FG_OK ||
		    (s = get_str(&c, mn, "title", 0, "a model", &wm.title)) !=
		    FG_OK || (fg_yaml_get(mn, "y") == NULL &&
		    (s = fg_yaml_error(err, path, mn, "model '%s' needs 'y', "
		    "its dependent variable", wm.name)) != FG_OK) ||
		    (s = parse_dv(&c, fg_yaml_get(mn, "y"), &wm)) != FG_OK ||
		    (wm.title == NULL && (wm.title = dup_str(wm.name)) ==
		    NULL && (s = NOMEM(err)) != FG_OK) ||
		    (s = copy_dv(&wm, m, err)) != FG_OK ||
		    (m->set = dup_str(set->name)) == NULL) {
			if (s == FG_OK)
				s = NOMEM(err);
		}
		free(wm.name);
		free(wm.title);
		var_clear(&wm.y);
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
	if ((s = need_seq(&c, rows, "'rows'")) != FG_OK)
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
