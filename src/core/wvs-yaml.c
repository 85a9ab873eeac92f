/* wvs-yaml.c - reading the YAML of model specs and published tables:
 * unknown keys, typed values, numbers, names, and the conditions of
 * filters, indicator terms and groups (see wvs.h). */
#include "config.h"

#include "core/wvs.h"
#include "core/wvs-impl.h"

#include <stdlib.h>
#include <string.h>

#include "core/csvread.h"
#include "core/yamldoc.h"

char *
fg_wvs_dup_str(const char *s)
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
int
fg_wvs_grow(void *arr, size_t *cap, size_t n, size_t sz)
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

/* Refuse keys of map not in known (NULL-terminated): a typo must not
 * silently drop a filter. */
enum fg_status
fg_wvs_check_keys(struct fg_wvs_ctx *c, const struct fg_yaml *map,
    const char *const *known, const char *what)
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

enum fg_status
fg_wvs_need_map(struct fg_wvs_ctx *c, const struct fg_yaml *node,
    const char *what)
{
	if (node == NULL || node->kind != FG_YAML_MAP)
		return fg_yaml_error(c->err, c->file, node, "%s must be a "
		    "mapping, not %s", what, node ? fg_yaml_kind_name(
		    node->kind) : "empty");
	return FG_OK;
}

enum fg_status
fg_wvs_need_seq(struct fg_wvs_ctx *c, const struct fg_yaml *node,
    const char *what)
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
enum fg_status
fg_wvs_get_str(struct fg_wvs_ctx *c, const struct fg_yaml *map,
    const char *key, int required, const char *what, char **out)
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
	if ((*out = fg_wvs_dup_str(s)) == NULL)
		return NOMEM(c->err);
	return FG_OK;
}

/* A yes/no value: true/false, yes/no (absent: def). */
enum fg_status
fg_wvs_get_bool(struct fg_wvs_ctx *c, const struct fg_yaml *map,
    const char *key, int def, int *out)
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
size_t
fg_wvs_scan_number(const char *s, long double *out)
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
enum fg_status
fg_wvs_node_number(struct fg_wvs_ctx *c, const struct fg_yaml *v,
    const char *what, long double *out)
{
	const char *s = v ? fg_yaml_str(v) : NULL;

	if (s == NULL || v->kind != FG_YAML_SCALAR ||
	    fg_csv_number(s, out) != FG_CSV_NUM_OK)
		return fg_yaml_error(c->err, c->file, v, "%s must be a number"
		    "%s%s%s", what, s ? ", not '" : "", s ? s : "",
		    s ? "'" : "");
	return FG_OK;
}

void
fg_wvs_cond_clear(struct fg_wvs_cond *k)
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

/* A name usable as an identifier: letters, digits, _ . - and no
 * slash (set/model references split at '/'). */
enum fg_status
fg_wvs_check_name(struct fg_wvs_ctx *c, const struct fg_yaml *node,
    const char *s, const char *what)
{
	const char *p;

	for (p = s; *p != '\0'; p++)
		if (!is_name(*p, 0) && *p != '-' && *p != '(' && *p != ')')
			return fg_yaml_error(c->err, c->file, node, "%s '%s' "
			    "may hold only letters, digits and _ . - ( )",
			    what, s);
	return FG_OK;
}

/* Parse "COL OP NUMBER", "COL in {N, ...}" ("[...]" too) or "COL in
 * LO..HI" from the scalar node. */
enum fg_status
fg_wvs_parse_cond(struct fg_wvs_ctx *c, const struct fg_yaml *node,
    const char *what, struct fg_wvs_cond *k)
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
	if ((k->text = fg_wvs_dup_str(s)) == NULL)
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
		if ((n = fg_wvs_scan_number(p, &v)) == 0) {
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
				if ((n = fg_wvs_scan_number(p, &v)) == 0) {
					why = "a number";
					goto bad;
				}
				if (fg_wvs_grow(&k->vals, &cap, k->nvals,
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
			if ((n = fg_wvs_scan_number(p, &k->vals[0])) == 0) {
				why = "'{' or a range LO..HI";
				goto bad;
			}
			p += n;
			if (strncmp(p, "..", 2) != 0) {
				why = "'..' (a range LO..HI)";
				goto bad;
			}
			p += 2;
			if ((n = fg_wvs_scan_number(p, &k->vals[1])) == 0) {
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
int
fg_wvs_cond_true(const struct fg_wvs_cond *k, long double v)
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
