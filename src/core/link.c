/* link.c - the link file of a joint display (fgcode-link(5)): reading,
 * checking against the project, evaluating its conditions. */
#include "config.h"

#include "core/link.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codebook.h"
#include "core/hash.h"
#include "core/utf8.h"
#include "core/yamldoc.h"

static enum fg_status
nomem(struct fg_error *err)
{
	return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
}

static const char *const unit_names[] = { "turn", "participant", "group" };

const char *
fg_unit_name(enum fg_unit u)
{
	return unit_names[u];
}

enum fg_status
fg_unit_parse(const char *s, enum fg_unit *u, struct fg_error *err)
{
	size_t i;

	for (i = 0; i < sizeof unit_names / sizeof unit_names[0]; i++)
		if (strcmp(s, unit_names[i]) == 0) {
			*u = (enum fg_unit)i;
			return FG_OK;
		}
	return fg_error_set(err, FG_USAGE, NULL, 0, 0, "unknown unit of "
	    "analysis '%s' (turn, participant, group)", s);
}

/* ---- freeing ---- */

static void
cond_clear(struct fg_link_cond *c)
{
	size_t i;

	free(c->text);
	free(c->key);
	for (i = 0; i < c->nvals; i++)
		free(c->vals[i]);
	free(c->vals);
	memset(c, 0, sizeof *c);
}

static void
term_clear(struct fg_link_term *t)
{
	size_t i;

	free(t->term);
	for (i = 0; i < t->nwhen; i++)
		cond_clear(&t->when[i]);
	free(t->when);
	for (i = 0; i < t->nvs; i++)
		cond_clear(&t->vs[i]);
	free(t->vs);
	free(t->code);
	free(t->note);
	memset(t, 0, sizeof *t);
}

void
fg_link_free(struct fg_link *l)
{
	size_t i, k;

	if (l == NULL)
		return;
	for (i = 0; i < l->nmodels; i++) {
		struct fg_link_model *m = &l->models[i];

		free(m->ref);
		for (k = 0; k < m->ncodes; k++)
			free(m->codes[k]);
		free(m->codes);
		free(m->note);
		for (k = 0; k < m->nterms; k++)
			term_clear(&m->terms[k]);
		free(m->terms);
	}
	free(l->models);
	for (i = 0; i < l->nterms; i++)
		term_clear(&l->terms[i]);
	free(l->terms);
	free(l->path);
	free(l->title);
	free(l->bands);
	free(l);
}

/* ---- reading the file ---- */

struct ctx {
	const char *file;
	struct fg_error *err;
};

static enum fg_status
check_keys(struct ctx *c, const struct fg_yaml *map,
    const char *const *known, const char *what)
{
	size_t i, k;

	for (i = 0; i < map->n; i++) {
		const char *key = map->items[2 * i]->str;

		for (k = 0; known[k] != NULL; k++)
			if (strcmp(key, known[k]) == 0)
				break;
		if (known[k] == NULL) {
			struct fg_buf b = FG_BUF_INIT;

			for (k = 0; known[k] != NULL; k++)
				fg_buf_printf(&b, "%s%s", k ? ", " : "",
				    known[k]);
			fg_yaml_error(c->err, c->file, map->items[2 * i],
			    "unknown key '%s' in %s (known: %s)", key, what,
			    b.p ? b.p : "");
			fg_buf_free(&b);
			return FG_INPUT;
		}
	}
	return FG_OK;
}

/* A string scalar (not null) or an error naming what. */
static enum fg_status
need_str(struct ctx *c, const struct fg_yaml *v, const char *what,
    const char **out)
{
	if (v == NULL || v->kind != FG_YAML_SCALAR || fg_yaml_str(v) == NULL
	    || *fg_yaml_str(v) == '\0')
		return fg_yaml_error(c->err, c->file, v, "%s must be a "
		    "non-empty string%s%s", what, v && v->kind !=
		    FG_YAML_SCALAR ? ", not " : "", v && v->kind !=
		    FG_YAML_SCALAR ? fg_yaml_kind_name(v->kind) : "");
	*out = fg_yaml_str(v);
	return FG_OK;
}

static int
is_blank(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* Column (1-based, code points) of byte offset off in the scalar node v:
 * exact for plain and quoted one-line scalars. */
static int
col_at(const struct fg_yaml *v, const char *s, size_t off)
{
	return v->col + (v->plain ? 0 : 1) + (int)fg_utf8_cp_count(s, off);
}

struct lexer {
	struct ctx *c;
	const struct fg_yaml *node;
	const char *s;         /* the whole scalar */
	size_t i;
};

static enum fg_status
lex_error(struct lexer *lx, size_t at, const char *msg, const char *detail)
{
	return fg_error_set(lx->c->err, FG_INPUT, lx->c->file, lx->node->line,
	    col_at(lx->node, lx->s, at), "condition '%s': %s%s", lx->s, msg,
	    detail ? detail : "");
}

static void
lex_skip(struct lexer *lx)
{
	while (is_blank((unsigned char)lx->s[lx->i]))
		lx->i++;
}

/* A value: "quoted" or a run up to a stop character (trailing blanks
 * dropped).  stops: characters ending an unquoted value. */
static enum fg_status
lex_value(struct lexer *lx, const char *stops, char **out)
{
	struct fg_buf b = FG_BUF_INIT;
	size_t start, end;

	*out = NULL;
	lex_skip(lx);
	start = lx->i;
	if (lx->s[lx->i] == '"') {
		lx->i++;
		for (;;) {
			char ch = lx->s[lx->i];

			if (ch == '\0') {
				fg_buf_free(&b);
				return lex_error(lx, start, "unclosed quote",
				    NULL);
			}
			lx->i++;
			if (ch == '"')
				break;
			if (ch == '\\' && (lx->s[lx->i] == '"' ||
			    lx->s[lx->i] == '\\'))
				ch = lx->s[lx->i++];
			fg_buf_addc(&b, ch);
		}
	} else {
		while (lx->s[lx->i] != '\0' &&
		    strchr(stops, lx->s[lx->i]) == NULL)
			lx->i++;
		end = lx->i;
		while (end > start && is_blank((unsigned char)lx->s[end - 1]))
			end--;
		if (end == start)
			return lex_error(lx, start, "a value is missing here",
			    NULL);
		fg_buf_add(&b, lx->s + start, end - start);
	}
	if ((*out = fg_buf_steal(&b)) == NULL)
		return nomem(lx->c->err);
	return FG_OK;
}

static enum fg_status
add_val(struct fg_link_cond *k, char *v, struct fg_error *err)
{
	char **p = realloc(k->vals, (k->nvals + 1) * sizeof *p);

	if (p == NULL) {
		free(v);
		return nomem(err);
	}
	k->vals = p;
	k->vals[k->nvals++] = v;
	return FG_OK;
}

static const struct {
	const char *name;
	enum fg_link_field field;
} fields[] = {
	{ "gender", FG_LF_GENDER }, { "age", FG_LF_AGE },
	{ "ageband", FG_LF_AGEBAND }, { "profession", FG_LF_PROFESSION },
	{ "pid", FG_LF_PID }, { "fg", FG_LF_FG }, { "city", FG_LF_CITY },
	{ "language", FG_LF_LANGUAGE }, { "date", FG_LF_DATE },
};

static const char *
field_name(const struct fg_link_cond *k)
{
	size_t i;

	for (i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (fields[i].field == k->field)
			return fields[i].name;
	return k->key;
}

/* Parse one condition from scalar node v into k. */
static enum fg_status
parse_cond(struct ctx *c, const struct fg_yaml *v, struct fg_link_cond *k)
{
	struct lexer lx;
	enum fg_status s;
	size_t fstart, fend, i;
	char *val, *dots;

	memset(k, 0, sizeof *k);
	if (v->kind != FG_YAML_SCALAR || fg_yaml_str(v) == NULL)
		return fg_yaml_error(c->err, c->file, v, "a condition must be "
		    "a string such as 'gender == female'");
	lx.c = c;
	lx.node = v;
	lx.s = fg_yaml_str(v);
	lx.i = 0;
	k->line = v->line;
	k->col = v->col;
	if ((k->text = strdup(lx.s)) == NULL)
		return nomem(c->err);
	lex_skip(&lx);
	fstart = lx.i;
	while (lx.s[lx.i] != '\0' && !is_blank((unsigned char)lx.s[lx.i]) &&
	    strchr("=!<>{", lx.s[lx.i]) == NULL)
		lx.i++;
	fend = lx.i;
	if (fend == fstart)
		return lex_error(&lx, fstart, "a field name is missing (gender,"
		    " age, ageband, city, fg, participant.KEY, group.KEY, ...)",
		    NULL);
	for (i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (strlen(fields[i].name) == fend - fstart &&
		    memcmp(fields[i].name, lx.s + fstart, fend - fstart) == 0)
			break;
	if (i < sizeof fields / sizeof fields[0]) {
		k->field = fields[i].field;
	} else {
		const char *f = lx.s + fstart;
		size_t n = fend - fstart, pre = 0;

		k->field = FG_LF_ATTR;
		if (n > 12 && memcmp(f, "participant.", 12) == 0) {
			k->field = FG_LF_PATTR;
			pre = 12;
		} else if (n > 6 && memcmp(f, "group.", 6) == 0) {
			k->field = FG_LF_GATTR;
			pre = 6;
		}
		if ((k->key = strndup(f + pre, n - pre)) == NULL)
			return nomem(c->err);
	}
	lex_skip(&lx);
	if (strncmp(lx.s + lx.i, "==", 2) == 0) {
		k->op = FG_LOP_EQ;
		lx.i += 2;
	} else if (strncmp(lx.s + lx.i, "!=", 2) == 0) {
		k->op = FG_LOP_NE;
		lx.i += 2;
	} else if (strncmp(lx.s + lx.i, "<=", 2) == 0) {
		k->op = FG_LOP_LE;
		lx.i += 2;
	} else if (strncmp(lx.s + lx.i, ">=", 2) == 0) {
		k->op = FG_LOP_GE;
		lx.i += 2;
	} else if (lx.s[lx.i] == '<') {
		k->op = FG_LOP_LT;
		lx.i++;
	} else if (lx.s[lx.i] == '>') {
		k->op = FG_LOP_GT;
		lx.i++;
	} else if (strncmp(lx.s + lx.i, "in", 2) == 0 &&
	    (is_blank((unsigned char)lx.s[lx.i + 2]) ||
	    lx.s[lx.i + 2] == '{')) {
		k->op = FG_LOP_IN;
		lx.i += 2;
	} else if (lx.s[lx.i] == '=') {
		return lex_error(&lx, lx.i, "write '==' to compare", NULL);
	} else {
		return lex_error(&lx, lx.i, "expected ==, !=, <, <=, >, >= or "
		    "in after the field", NULL);
	}
	lex_skip(&lx);
	if (k->op == FG_LOP_IN && lx.s[lx.i] == '{') {
		lx.i++;
		for (;;) {
			if ((s = lex_value(&lx, ",}", &val)) != FG_OK ||
			    (s = add_val(k, val, c->err)) != FG_OK)
				return s;
			lex_skip(&lx);
			if (lx.s[lx.i] == ',') {
				lx.i++;
				continue;
			}
			if (lx.s[lx.i] == '}') {
				lx.i++;
				break;
			}
			return lex_error(&lx, lx.i, "expected ',' or '}' in "
			    "the list", NULL);
		}
	} else if (k->op == FG_LOP_IN) {
		size_t at = lx.i;

		if ((s = lex_value(&lx, "", &val)) != FG_OK)
			return s;
		if ((dots = strstr(val, "..")) == NULL) {
			free(val);
			return lex_error(&lx, at, "'in' takes a list {A, B} or "
			    "a range LO..HI", NULL);
		}
		*dots = '\0';
		k->op = FG_LOP_RANGE;
		if ((s = add_val(k, strdup(val), c->err)) != FG_OK ||
		    (s = add_val(k, strdup(dots + 2), c->err)) != FG_OK) {
			free(val);
			return s;
		}
		free(val);
		for (i = 0; i < 2; i++)
			if (k->vals[i] == NULL)
				return nomem(c->err);
	} else {
		if ((s = lex_value(&lx, "", &val)) != FG_OK ||
		    (s = add_val(k, val, c->err)) != FG_OK)
			return s;
	}
	lex_skip(&lx);
	if (lx.s[lx.i] != '\0')
		return lex_error(&lx, lx.i, "unexpected text after the value",
		    NULL);
	return FG_OK;
}

/* One condition or a list of them (all must hold). */
static enum fg_status
parse_conds(struct ctx *c, const struct fg_yaml *v,
    struct fg_link_cond **out, size_t *n)
{
	size_t i, cnt = v->kind == FG_YAML_SEQ ? v->n : 1;
	enum fg_status s;

	if (v->kind == FG_YAML_MAP || cnt == 0)
		return fg_yaml_error(c->err, c->file, v, "a condition must be "
		    "a string such as 'gender == female', or a list of them");
	if ((*out = calloc(cnt, sizeof **out)) == NULL)
		return nomem(c->err);
	*n = cnt;
	for (i = 0; i < cnt; i++)
		if ((s = parse_cond(c, v->kind == FG_YAML_SEQ ? v->items[i] :
		    v, &(*out)[i])) != FG_OK)
			return s;
	return FG_OK;
}

/* A term's link: "none", or a mapping with when [vs], code, or only a
 * note. */
static enum fg_status
parse_term(struct ctx *c, const struct fg_yaml *key,
    const struct fg_yaml *v, struct fg_link_term *t)
{
	static const char *const known[] = { "when", "vs", "code", "note",
	    NULL };
	const struct fg_yaml *when, *vs, *code, *note;
	enum fg_status s;
	const char *str;

	t->line = key->line;
	t->col = key->col;
	if ((t->term = strdup(key->str)) == NULL)
		return nomem(c->err);
	t->kind = FG_LINK_NONE;
	if (v->kind == FG_YAML_SCALAR) {
		str = fg_yaml_str(v);
		if (str == NULL || strcmp(str, "none") == 0)
			return FG_OK;
		return fg_yaml_error(c->err, c->file, v, "term '%s': write "
		    "'none', or a mapping with 'when' (and 'vs') or 'code'",
		    key->str);
	}
	if (v->kind != FG_YAML_MAP)
		return fg_yaml_error(c->err, c->file, v, "term '%s': expected "
		    "'none' or a mapping, not %s", key->str,
		    fg_yaml_kind_name(v->kind));
	if ((s = check_keys(c, v, known, "a term's link")) != FG_OK)
		return s;
	when = fg_yaml_get(v, "when");
	vs = fg_yaml_get(v, "vs");
	code = fg_yaml_get(v, "code");
	note = fg_yaml_get(v, "note");
	if (note != NULL) {
		if ((s = need_str(c, note, "'note'", &str)) != FG_OK)
			return s;
		if ((t->note = strdup(str)) == NULL)
			return nomem(c->err);
	}
	if (when != NULL && code != NULL)
		return fg_yaml_error(c->err, c->file, code, "term '%s': link "
		    "it to a condition ('when') or to a code ('code'), not "
		    "both", key->str);
	if (vs != NULL && when == NULL)
		return fg_yaml_error(c->err, c->file, vs, "term '%s': 'vs' "
		    "(the comparison group) goes with 'when'", key->str);
	if (code != NULL) {
		if ((s = need_str(c, code, "'code'", &str)) != FG_OK)
			return s;
		t->kind = FG_LINK_CODE;
		if ((t->code = strdup(str)) == NULL)
			return nomem(c->err);
	}
	if (when != NULL) {
		t->kind = FG_LINK_COND;
		if ((s = parse_conds(c, when, &t->when, &t->nwhen)) != FG_OK)
			return s;
		if (vs != NULL && (s = parse_conds(c, vs, &t->vs, &t->nvs)) !=
		    FG_OK)
			return s;
	}
	return FG_OK;
}

static enum fg_status
parse_terms(struct ctx *c, const struct fg_yaml *v,
    struct fg_link_term **out, size_t *n)
{
	enum fg_status s;
	size_t i;

	if (v->kind != FG_YAML_MAP)
		return fg_yaml_error(c->err, c->file, v, "'terms' must be a "
		    "mapping from term names to their links, not %s",
		    fg_yaml_kind_name(v->kind));
	if (v->n == 0)
		return FG_OK;
	if ((*out = calloc(v->n, sizeof **out)) == NULL)
		return nomem(c->err);
	*n = v->n;
	for (i = 0; i < v->n; i++)
		if ((s = parse_term(c, v->items[2 * i], v->items[2 * i + 1],
		    &(*out)[i])) != FG_OK)
			return s;
	return FG_OK;
}

static enum fg_status
parse_model(struct ctx *c, const struct fg_yaml *v, struct fg_link_model *m)
{
	static const char *const known[] = { "model", "code", "codes",
	    "indicates", "note", "terms", NULL };
	const struct fg_yaml *ref, *code, *codes, *ind, *note, *terms;
	enum fg_status s;
	const char *str;
	size_t i;

	if (v->kind != FG_YAML_MAP)
		return fg_yaml_error(c->err, c->file, v, "a model entry must "
		    "be a mapping with 'model', 'code' or 'codes', and "
		    "'indicates'");
	if ((s = check_keys(c, v, known, "a model entry")) != FG_OK)
		return s;
	m->line = v->line;
	m->col = v->col;
	ref = fg_yaml_get(v, "model");
	if (ref == NULL)
		return fg_yaml_error(c->err, c->file, v, "a model entry needs "
		    "'model' (SET/MODEL or SET, see fgcode wvs show)");
	if ((s = need_str(c, ref, "'model'", &str)) != FG_OK)
		return s;
	m->line = ref->line;
	m->col = ref->col;
	if ((m->ref = strdup(str)) == NULL)
		return nomem(c->err);
	code = fg_yaml_get(v, "code");
	codes = fg_yaml_get(v, "codes");
	if (code != NULL && codes != NULL)
		return fg_yaml_error(c->err, c->file, codes, "write 'code' "
		    "(one) or 'codes' (a list), not both");
	if (code == NULL && codes == NULL)
		return fg_yaml_error(c->err, c->file, v, "model '%s' needs "
		    "'code' or 'codes': the code(s) its dependent variable is "
		    "set against", m->ref);
	if (code != NULL) {
		if ((s = need_str(c, code, "'code'", &str)) != FG_OK)
			return s;
		if ((m->codes = calloc(1, sizeof *m->codes)) == NULL ||
		    (m->codes[0] = strdup(str)) == NULL)
			return nomem(c->err);
		m->ncodes = 1;
		m->codes_line = code->line;
		m->codes_col = code->col;
	} else {
		if (codes->kind != FG_YAML_SEQ || codes->n == 0)
			return fg_yaml_error(c->err, c->file, codes, "'codes' "
			    "must be a non-empty list of code names");
		if ((m->codes = calloc(codes->n, sizeof *m->codes)) == NULL)
			return nomem(c->err);
		m->codes_line = codes->line;
		m->codes_col = codes->col;
		for (i = 0; i < codes->n; i++) {
			if ((s = need_str(c, codes->items[i], "a code name",
			    &str)) != FG_OK)
				return s;
			if ((m->codes[i] = strdup(str)) == NULL)
				return nomem(c->err);
			m->ncodes++;
		}
	}
	ind = fg_yaml_get(v, "indicates");
	if (ind == NULL)
		return fg_yaml_error(c->err, c->file, v, "model '%s' needs "
		    "'indicates: higher', 'lower' or 'none': what a unit where "
		    "its code occurs is read as, on the dependent variable",
		    m->ref);
	if ((s = need_str(c, ind, "'indicates'", &str)) != FG_OK)
		return s;
	if (strcmp(str, "higher") == 0)
		m->indicates = 1;
	else if (strcmp(str, "lower") == 0)
		m->indicates = -1;
	else if (strcmp(str, "none") == 0)
		m->indicates = 0;
	else
		return fg_yaml_error(c->err, c->file, ind, "'indicates' is "
		    "higher, lower or none, not '%s'", str);
	if ((note = fg_yaml_get(v, "note")) != NULL) {
		if ((s = need_str(c, note, "'note'", &str)) != FG_OK)
			return s;
		if ((m->note = strdup(str)) == NULL)
			return nomem(c->err);
	}
	if ((terms = fg_yaml_get(v, "terms")) != NULL &&
	    (s = parse_terms(c, terms, &m->terms, &m->nterms)) != FG_OK)
		return s;
	return FG_OK;
}

static enum fg_status
parse_root(struct ctx *c, const struct fg_yaml *root, struct fg_link *l)
{
	static const char *const known[] = { "title", "unit", "bands",
	    "reading", "quotes", "models", "terms", NULL };
	static const char *const rknown[] = { "min-count", "ratio", NULL };
	const struct fg_yaml *v, *models, *r;
	struct fg_band *bands;
	struct fg_error e2;
	enum fg_status s;
	const char *str;
	size_t i, nb;
	long n;

	if (root == NULL || root->kind != FG_YAML_MAP)
		return fg_yaml_error(c->err, c->file, root, "a link file is a "
		    "mapping with 'models' and 'terms' (see fgcode-link(5))");
	if ((s = check_keys(c, root, known, "the link file")) != FG_OK)
		return s;
	if ((v = fg_yaml_get(root, "title")) != NULL) {
		if ((s = need_str(c, v, "'title'", &str)) != FG_OK)
			return s;
		if ((l->title = strdup(str)) == NULL)
			return nomem(c->err);
	}
	if ((v = fg_yaml_get(root, "unit")) != NULL) {
		if ((s = need_str(c, v, "'unit'", &str)) != FG_OK)
			return s;
		fg_error_clear(&e2);
		if (fg_unit_parse(str, &l->unit, &e2) != FG_OK)
			return fg_yaml_error(c->err, c->file, v, "%s", e2.msg);
		l->has_unit = 1;
	}
	if ((v = fg_yaml_get(root, "bands")) != NULL) {
		if ((s = need_str(c, v, "'bands'", &str)) != FG_OK)
			return s;
		fg_error_clear(&e2);
		if (fg_report_bands_parse(str, &bands, &nb, &e2) != FG_OK)
			return fg_yaml_error(c->err, c->file, v, "%s", e2.msg);
		free(bands);
		free(l->bands);
		if ((l->bands = strdup(str)) == NULL)
			return nomem(c->err);
	}
	if ((r = fg_yaml_get(root, "reading")) != NULL) {
		if (r->kind != FG_YAML_MAP)
			return fg_yaml_error(c->err, c->file, r, "'reading' "
			    "must be a mapping with 'min-count' and 'ratio'");
		if ((s = check_keys(c, r, rknown, "'reading'")) != FG_OK)
			return s;
		if ((v = fg_yaml_get(r, "min-count")) != NULL) {
			if (fg_yaml_int(v, 1, 1000000, &n) != 0)
				return fg_yaml_error(c->err, c->file, v,
				    "'min-count' must be a whole number from 1");
			l->min_count = n;
		}
		if ((v = fg_yaml_get(r, "ratio")) != NULL) {
			char *end;
			double d;

			str = fg_yaml_str(v);
			errno = 0;
			d = str ? strtod(str, &end) : 0;
			if (str == NULL || *str == '\0' || *end != '\0' ||
			    errno != 0 || !(d >= 1.0) || d > 1000)
				return fg_yaml_error(c->err, c->file, v,
				    "'ratio' must be a number from 1 (such as "
				    "1.5)");
			l->ratio = d;
		}
	}
	if ((v = fg_yaml_get(root, "quotes")) != NULL) {
		if (fg_yaml_int(v, 0, 100, &n) != 0)
			return fg_yaml_error(c->err, c->file, v, "'quotes' must "
			    "be a whole number from 0 to 100");
		l->quotes = n;
	}
	models = fg_yaml_get(root, "models");
	if (models == NULL)
		return fg_yaml_error(c->err, c->file, root, "the link file "
		    "needs 'models': a list of models and their codes");
	if (models->kind != FG_YAML_SEQ || models->n == 0)
		return fg_yaml_error(c->err, c->file, models, "'models' must be "
		    "a non-empty list");
	if ((l->models = calloc(models->n, sizeof *l->models)) == NULL)
		return nomem(c->err);
	l->nmodels = models->n;
	for (i = 0; i < models->n; i++)
		if ((s = parse_model(c, models->items[i], &l->models[i])) !=
		    FG_OK)
			return s;
	if ((v = fg_yaml_get(root, "terms")) != NULL &&
	    (s = parse_terms(c, v, &l->terms, &l->nterms)) != FG_OK)
		return s;
	return FG_OK;
}

enum fg_status
fg_link_load(const char *path, struct fg_link **out, struct fg_error *err)
{
	struct fg_yaml *root = NULL;
	struct fg_link *l;
	struct ctx c;
	enum fg_status s;
	char *text;
	size_t len;

	*out = NULL;
	if ((l = calloc(1, sizeof *l)) == NULL)
		return nomem(err);
	l->min_count = FG_LINK_MIN_COUNT;
	l->ratio = FG_LINK_RATIO;
	l->quotes = -1;
	if ((l->path = strdup(path)) == NULL ||
	    (l->bands = strdup(FG_DEFAULT_BANDS)) == NULL) {
		fg_link_free(l);
		return nomem(err);
	}
	if ((s = fg_buf_slurp(path, &text, &len, l->sha256, err)) != FG_OK) {
		fg_link_free(l);
		return s;
	}
	s = fg_yaml_load_string(text, len, path, 0, &root, err);
	free(text);
	if (s == FG_OK) {
		c.file = path;
		c.err = err;
		s = parse_root(&c, root, l);
	}
	fg_yaml_free(root);
	if (s != FG_OK) {
		fg_link_free(l);
		return s;
	}
	*out = l;
	return FG_OK;
}

/* ---- terms ---- */

static const struct fg_link_term *
find_term(const struct fg_link_term *t, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(t[i].term, name) == 0)
			return &t[i];
	return NULL;
}

const struct fg_link_term *
fg_link_term_for(const struct fg_link *l, const struct fg_link_model *lm,
    const char *name)
{
	const struct fg_link_term *t = NULL;

	if (lm != NULL)
		t = find_term(lm->terms, lm->nterms, name);
	if (t == NULL)
		t = find_term(l->terms, l->nterms, name);
	return t;
}

/* ---- evaluating conditions ---- */

static int
group_field(enum fg_link_field f)
{
	return f == FG_LF_FG || f == FG_LF_CITY || f == FG_LF_LANGUAGE ||
	    f == FG_LF_DATE || f == FG_LF_GATTR;
}

int
fg_link_conds_group_level(const struct fg_link_cond *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!group_field(c[i].field))
			return 0;
	return n > 0;
}

/* A whole decimal number (optionally signed, with a fraction). */
static int
number(const char *s, double *out)
{
	char *end;

	if (s == NULL || *s == '\0' || is_blank((unsigned char)*s))
		return 0;
	errno = 0;
	*out = strtod(s, &end);
	return *end == '\0' && errno == 0 && isfinite(*out);
}

static const char *
lookup(const char *const *keys, const char *const *vals, size_t n,
    const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(keys[i], key) == 0)
			return vals[i];
	return NULL;
}

/* The subject's value of k's field as text (NULL unknown); *num and
 * *isnum for age. */
static const char *
subject_value(const struct fg_link_cond *k, const struct fg_link_subject *s,
    char *buf, size_t size)
{
	size_t i;

	switch (k->field) {
	case FG_LF_GENDER:
		return s->gender;
	case FG_LF_AGE:
		if (s->age < 0)
			return NULL;
		snprintf(buf, size, "%d", s->age);
		return buf;
	case FG_LF_AGEBAND:
		if (s->age < 0)
			return NULL;
		for (i = 0; i < s->nbands; i++)
			if (s->age >= s->bands[i].lo && (s->bands[i].hi < 0 ||
			    s->age <= s->bands[i].hi))
				return s->bands[i].label;
		return "(other)";
	case FG_LF_PROFESSION:
		return s->profession;
	case FG_LF_PID:
		return s->pid;
	case FG_LF_FG:
		return s->fg;
	case FG_LF_CITY:
		return s->city;
	case FG_LF_LANGUAGE:
		return s->language;
	case FG_LF_DATE:
		return s->date;
	case FG_LF_PATTR:
		return lookup(s->pkeys, s->pvals, s->np, k->key);
	case FG_LF_GATTR:
		return lookup(s->gkeys, s->gvals, s->ng, k->key);
	case FG_LF_ATTR:
		return NULL;
	}
	return NULL;
}

static int
cond_eval(const struct fg_link_cond *k, const struct fg_link_subject *s)
{
	char buf[32];
	const char *v = subject_value(k, s, buf, sizeof buf);
	double x, a, b;
	size_t i;

	if (v == NULL || *v == '\0')
		return -1;
	switch (k->op) {
	case FG_LOP_EQ:
		return strcmp(v, k->vals[0]) == 0;
	case FG_LOP_NE:
		return strcmp(v, k->vals[0]) != 0;
	case FG_LOP_IN:
		for (i = 0; i < k->nvals; i++)
			if (strcmp(v, k->vals[i]) == 0)
				return 1;
		return 0;
	case FG_LOP_RANGE:
		if (!number(v, &x) || !number(k->vals[0], &a) ||
		    !number(k->vals[1], &b))
			return -1;
		return x >= a && x <= b;
	case FG_LOP_LT:
	case FG_LOP_LE:
	case FG_LOP_GT:
	case FG_LOP_GE:
		if (!number(v, &x) || !number(k->vals[0], &a))
			return -1;
		if (k->op == FG_LOP_LT)
			return x < a;
		if (k->op == FG_LOP_LE)
			return x <= a;
		if (k->op == FG_LOP_GT)
			return x > a;
		return x >= a;
	}
	return -1;
}

int
fg_link_conds_eval(const struct fg_link_cond *c, size_t n,
    const struct fg_link_subject *s)
{
	size_t i;
	int r, res = 1;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		r = cond_eval(&c[i], s);
		if (r < 0)
			return -1;
		if (r == 0)
			res = 0;
	}
	return res;
}

enum fg_status
fg_link_conds_text(const struct fg_link_cond *c, size_t n,
    struct fg_buf *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (fg_buf_printf(out, "%s%s", i ? " AND " : "", c[i].text) !=
		    FG_OK)
			return FG_NOMEM;
	return FG_OK;
}

/* ---- checking against the project ---- */

static void
warn(struct fg_buf *w, const struct fg_link *l, int line, int col,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
warn(struct fg_buf *w, const struct fg_link *l, int line, int col,
    const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (w == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fg_buf_printf(w, "%s:%d:%d: %s\n", l->path, line, col, msg);
}

/* 1 if query (with ?1 = a, ?2 = b) yields a row, 0 if not, -1 on error. */
static int
exists(struct fg_db *db, const char *sql, const char *a, const char *b,
    struct fg_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (fg_db_prepare(db, sql, &st, err) != FG_OK)
		return -1;
	sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	if (b != NULL)
		sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	fg_db_fail(db, rc, err);
	return -1;
}

/* Does some participant / group have value v in k's field? -1 error. */
static int
value_exists(struct fg_db *db, const struct fg_link_cond *k, const char *v,
    struct fg_error *err)
{
	static const char *const sql[] = {
		[FG_LF_GENDER] = "SELECT 1 FROM participant WHERE gender = ?1",
		[FG_LF_PROFESSION] = "SELECT 1 FROM participant WHERE "
		    "profession = ?1",
		[FG_LF_PID] = "SELECT 1 FROM participant WHERE pid = ?1",
		[FG_LF_FG] = "SELECT 1 FROM focus_group WHERE fg = ?1",
		[FG_LF_CITY] = "SELECT 1 FROM focus_group WHERE city = ?1",
		[FG_LF_LANGUAGE] = "SELECT 1 FROM focus_group WHERE "
		    "language = ?1",
		[FG_LF_DATE] = "SELECT 1 FROM focus_group WHERE date = ?1",
		[FG_LF_PATTR] = "SELECT 1 FROM participant_attr WHERE "
		    "key = ?2 AND value = ?1",
		[FG_LF_GATTR] = "SELECT 1 FROM group_attr WHERE key = ?2 AND "
		    "value = ?1",
	};

	if (k->field == FG_LF_AGE || k->field == FG_LF_AGEBAND ||
	    k->field == FG_LF_ATTR)
		return 1;
	return exists(db, sql[k->field], v, k->key, err);
}

static enum fg_status
check_cond(struct fg_db *db, const struct fg_link *l, struct fg_link_cond *k,
    const struct fg_band *bands, size_t nb, struct fg_buf *w,
    struct fg_error *err)
{
	int p, g;
	size_t i, j;
	double x;

	if (k->field == FG_LF_ATTR) {
		p = exists(db, "SELECT 1 FROM participant_attr WHERE key = ?1",
		    k->key, NULL, err);
		g = exists(db, "SELECT 1 FROM group_attr WHERE key = ?1",
		    k->key, NULL, err);
		if (p < 0 || g < 0)
			return err->code;
		if (p && g)
			return fg_error_set(err, FG_INPUT, l->path, k->line,
			    k->col, "condition '%s': '%s' is both a "
			    "participant and a group attribute; write "
			    "participant.%s or group.%s", k->text, k->key,
			    k->key, k->key);
		if (!p && !g)
			return fg_error_set(err, FG_INPUT, l->path, k->line,
			    k->col, "condition '%s': unknown attribute '%s' "
			    "(not a field such as gender, age, ageband, city, "
			    "fg, nor an attribute of any participant or focus "
			    "group in the project)", k->text, k->key);
		k->field = p ? FG_LF_PATTR : FG_LF_GATTR;
	} else if (k->field == FG_LF_PATTR || k->field == FG_LF_GATTR) {
		int pa = k->field == FG_LF_PATTR;

		p = exists(db, pa ? "SELECT 1 FROM participant_attr WHERE "
		    "key = ?1" : "SELECT 1 FROM group_attr WHERE key = ?1",
		    k->key, NULL, err);
		if (p < 0)
			return err->code;
		if (!p)
			return fg_error_set(err, FG_INPUT, l->path, k->line,
			    k->col, "condition '%s': no %s in the project has "
			    "the attribute '%s'", k->text, pa ? "participant" :
			    "focus group", k->key);
	}
	if (k->field == FG_LF_AGEBAND) {
		if (k->op != FG_LOP_EQ && k->op != FG_LOP_NE &&
		    k->op != FG_LOP_IN)
			return fg_error_set(err, FG_INPUT, l->path, k->line,
			    k->col, "condition '%s': compare age bands with "
			    "==, != or in {...}; use age for numbers", k->text);
		for (i = 0; i < k->nvals; i++) {
			for (j = 0; j < nb; j++)
				if (strcmp(k->vals[i], bands[j].label) == 0)
					break;
			if (j == nb)
				return fg_error_set(err, FG_INPUT, l->path,
				    k->line, k->col, "condition '%s': '%s' is "
				    "not one of the age bands %s", k->text,
				    k->vals[i], l->bands);
		}
		return FG_OK;
	}
	if (k->op == FG_LOP_RANGE || k->op == FG_LOP_LT || k->op == FG_LOP_LE
	    || k->op == FG_LOP_GT || k->op == FG_LOP_GE) {
		for (i = 0; i < k->nvals; i++)
			if (!number(k->vals[i], &x))
				return fg_error_set(err, FG_INPUT, l->path,
				    k->line, k->col, "condition '%s': '%s' is "
				    "not a number", k->text, k->vals[i]);
		return FG_OK;
	}
	if (k->field == FG_LF_AGE) {
		for (i = 0; i < k->nvals; i++)
			if (!number(k->vals[i], &x))
				return fg_error_set(err, FG_INPUT, l->path,
				    k->line, k->col, "condition '%s': an age "
				    "is a number, not '%s'", k->text,
				    k->vals[i]);
		return FG_OK;
	}
	for (i = 0; i < k->nvals; i++) {
		p = value_exists(db, k, k->vals[i], err);
		if (p < 0)
			return err->code;
		if (!p)
			warn(w, l, k->line, k->col, "condition '%s': no %s has "
			    "%s '%s'", k->text, group_field(k->field) ?
			    "focus group" : "participant", field_name(k),
			    k->vals[i]);
	}
	return FG_OK;
}

static enum fg_status
check_terms(struct fg_db *db, const struct fg_link *l,
    struct fg_link_term *t, size_t nt, struct fg_model **ms, size_t nm,
    const struct fg_band *bands, size_t nb, struct fg_buf *w,
    const char *where, struct fg_error *err)
{
	enum fg_status s;
	size_t i, k, j;
	int64_t id;

	for (i = 0; i < nt; i++) {
		int found = 0;

		for (k = 0; k < nm && !found; k++)
			for (j = 0; j < ms[k]->nterms && !found; j++)
				found = strcmp(ms[k]->terms[j].name,
				    t[i].term) == 0;
		if (!found) {
			struct fg_buf b = FG_BUF_INIT;
			size_t shown = 0, q, r;

			for (k = 0; k < nm; k++)
				for (j = 0; j < ms[k]->nterms; j++) {
					int seen = 0;

					for (q = 0; q <= k && !seen; q++)
						for (r = 0; r < (q < k ?
						    ms[q]->nterms : j) &&
						    !seen; r++)
							seen = strcmp(
							    ms[q]->terms[r].name,
							    ms[k]->terms[j].name)
							    == 0;
					if (!seen && shown++ < 30)
						fg_buf_printf(&b, "%s%s",
						    shown > 1 ? ", " : "",
						    ms[k]->terms[j].name);
				}
			if (where != NULL)
				fg_error_set(err, FG_INPUT, l->path, t[i].line,
				    t[i].col, "unknown term '%s': %s has no "
				    "such term (its terms: %s)", t[i].term,
				    where, b.p ? b.p : "none");
			else
				fg_error_set(err, FG_INPUT, l->path, t[i].line,
				    t[i].col, "unknown term '%s': no linked "
				    "model has it (their terms: %s)",
				    t[i].term, b.p ? b.p : "none");
			fg_buf_free(&b);
			return FG_INPUT;
		}
		if (t[i].kind == FG_LINK_CODE) {
			fg_error_clear(err);
			if ((s = fg_codebook_find(db, t[i].code, &id, err)) !=
			    FG_OK) {
				if (s == FG_NOTFOUND)
					return fg_error_set(err, FG_INPUT,
					    l->path, t[i].line, t[i].col,
					    "term '%s': unknown code '%s' (see "
					    "fgcode codes)", t[i].term,
					    t[i].code);
				return s;
			}
		}
		for (k = 0; k < t[i].nwhen; k++)
			if ((s = check_cond(db, l, &t[i].when[k], bands, nb, w,
			    err)) != FG_OK)
				return s;
		for (k = 0; k < t[i].nvs; k++)
			if ((s = check_cond(db, l, &t[i].vs[k], bands, nb, w,
			    err)) != FG_OK)
				return s;
	}
	return FG_OK;
}

enum fg_status
fg_link_check(struct fg_db *db, struct fg_link *l, struct fg_buf *warnings,
    struct fg_error *err)
{
	struct fg_model **all = NULL, **ms;
	struct fg_band *bands = NULL;
	size_t nall = 0, n, nb = 0, i, k, j;
	enum fg_status s;
	int64_t id;
	int used;

	if ((s = fg_report_bands_parse(l->bands, &bands, &nb, err)) != FG_OK)
		return s;
	for (i = 0; i < l->nmodels; i++) {
		struct fg_link_model *m = &l->models[i];
		struct fg_model **p;

		fg_error_clear(err);
		if ((s = fg_model_find(db, m->ref, &ms, &n, err)) != FG_OK) {
			if (s == FG_NOTFOUND)
				fg_error_set(err, FG_NOTFOUND, l->path, m->line,
				    m->col, "unknown model '%s': no such set "
				    "or model in the project (see fgcode wvs "
				    "show; load one with fgcode wvs load-table "
				    "or fit one with fgcode wvs fit)", m->ref);
			goto done;
		}
		for (k = 0; k < m->ncodes; k++) {
			if ((s = fg_codebook_find(db, m->codes[k], &id, err)) !=
			    FG_OK) {
				if (s == FG_NOTFOUND)
					s = fg_error_set(err, FG_INPUT, l->path,
					    m->codes_line, m->codes_col,
					    "model '%s': unknown code '%s' "
					    "(see fgcode codes)", m->ref,
					    m->codes[k]);
				fg_model_free_all(ms, n);
				goto done;
			}
			used = exists(db, "SELECT 1 FROM coding WHERE code_id "
			    "= (SELECT id FROM code WHERE name = ?1)",
			    m->codes[k], NULL, err);
			if (used == 0)
				warn(warnings, l, m->codes_line, m->codes_col,
				    "model '%s': code '%s' has no codings",
				    m->ref, m->codes[k]);
		}
		s = check_terms(db, l, m->terms, m->nterms, ms, n, bands, nb,
		    warnings, m->ref, err);
		if (s == FG_OK) {
			/* terms of these models the file does not mention */
			for (k = 0; k < n; k++)
				for (j = 0; j < ms[k]->nterms; j++)
					if (fg_link_term_for(l, m,
					    ms[k]->terms[j].name) == NULL)
						warn(warnings, l, m->line,
						    m->col, "term '%s' of %s/%s "
						    "is not linked: it is shown "
						    "with no qualitative "
						    "counterpart",
						    ms[k]->terms[j].name,
						    ms[k]->set, ms[k]->name);
		}
		if (s != FG_OK) {
			fg_model_free_all(ms, n);
			goto done;
		}
		if ((p = realloc(all, (nall + n) * sizeof *p)) == NULL) {
			fg_model_free_all(ms, n);
			s = nomem(err);
			goto done;
		}
		all = p;
		memcpy(all + nall, ms, n * sizeof *ms);
		nall += n;
		free(ms);
	}
	s = check_terms(db, l, l->terms, l->nterms, all, nall, bands, nb,
	    warnings, NULL, err);
done:
	fg_model_free_all(all, nall);
	free(bands);
	return s;
}

/* ---- the resolved listing ---- */

static void
dimension_text(const struct fg_link_term *t, struct fg_buf *b)
{
	if (t == NULL || t->kind == FG_LINK_NONE)
		return;
	if (t->kind == FG_LINK_CODE) {
		fg_buf_printf(b, "code %s", t->code);
		return;
	}
	fg_link_conds_text(t->when, t->nwhen, b);
	if (t->nvs > 0) {
		fg_buf_adds(b, " vs ");
		fg_link_conds_text(t->vs, t->nvs, b);
	}
}

enum fg_status
fg_link_table(struct fg_db *db, const struct fg_link *l,
    struct fg_table **out, struct fg_error *err)
{
	static const char *const names[] = { "set", "model", "term", "label",
	    "link", "dimension", "codes", "indicates", "note" };
	static const char *const kinds[] = { "none", "condition", "code" };
	struct fg_table *t;
	struct fg_model **ms;
	enum fg_status s;
	size_t i, k, j, n;

	*out = NULL;
	if ((t = fg_table_new(9, names, NULL)) == NULL)
		return nomem(err);
	for (i = 0; i < l->nmodels; i++) {
		const struct fg_link_model *m = &l->models[i];
		struct fg_buf codes = FG_BUF_INIT;

		if ((s = fg_model_find(db, m->ref, &ms, &n, err)) != FG_OK) {
			fg_table_free(t);
			return s;
		}
		for (k = 0; k < m->ncodes; k++)
			fg_buf_printf(&codes, "%s%s", k ? ", " : "",
			    m->codes[k]);
		for (k = 0; k < n; k++)
			for (j = 0; j < ms[k]->nterms; j++) {
				const struct fg_model_term *mt =
				    &ms[k]->terms[j];
				const struct fg_link_term *lt =
				    fg_link_term_for(l, m, mt->name);
				struct fg_buf dim = FG_BUF_INIT;
				const char *row[9];

				dimension_text(lt, &dim);
				row[0] = ms[k]->set;
				row[1] = ms[k]->name;
				row[2] = mt->name;
				row[3] = mt->label;
				row[4] = lt ? kinds[lt->kind] : "unlinked";
				row[5] = dim.p ? dim.p : "";
				row[6] = codes.p ? codes.p : "";
				row[7] = m->indicates > 0 ? "higher" :
				    m->indicates < 0 ? "lower" : "none";
				row[8] = lt && lt->note ? lt->note : "";
				s = fg_table_add(t, row);
				fg_buf_free(&dim);
				if (s != FG_OK) {
					fg_buf_free(&codes);
					fg_model_free_all(ms, n);
					fg_table_free(t);
					return nomem(err);
				}
			}
		fg_buf_free(&codes);
		fg_model_free_all(ms, n);
	}
	*out = t;
	return FG_OK;
}
