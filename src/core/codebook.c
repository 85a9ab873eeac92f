/* codebook.c - codebook files: reading them into the in-memory codebook
 * and writing it as YAML or JSON.  The project's codebook (import, read,
 * lookup, listing) is in codebook-db.c. */
#include "config.h"

#include "core/codebook.h"
#include "core/codebook-impl.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

/* ---- the in-memory codebook ---- */

static void
def_free(struct fg_code_def *d)
{
	size_t i;

	free(d->name);
	free(d->description);
	free(d->inclusion);
	free(d->exclusion);
	free(d->colour);
	for (i = 0; i < d->nexamples; i++)
		free(d->examples[i]);
	free(d->examples);
}

void
fg_codebook_free(struct fg_codebook *cb)
{
	size_t i;

	if (cb == NULL)
		return;
	for (i = 0; i < cb->n; i++)
		def_free(&cb->codes[i]);
	free(cb->codes);
	free(cb);
}

/* Append a zeroed entry; NULL when out of memory. */
struct fg_code_def *
fg_codebook_push(struct fg_codebook *cb)
{
	struct fg_code_def *p;

	if (cb->n == cb->cap) {
		size_t cap = cb->cap ? cb->cap * 2 : 32;
		if ((p = realloc(cb->codes, cap * sizeof *p)) == NULL)
			return NULL;
		cb->codes = p;
		cb->cap = cap;
	}
	p = &cb->codes[cb->n++];
	memset(p, 0, sizeof *p);
	p->parent = -1;
	return p;
}

/* strdup that keeps NULL. */
int
fg_codebook_dup_opt(char **dst, const char *s)
{
	*dst = NULL;
	if (s == NULL)
		return 0;
	return (*dst = strdup(s)) == NULL ? -1 : 0;
}

enum fg_status
fg_codebook_nomem(struct fg_error *err)
{
	return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
}

const char *
fg_codebook_name_problem(const char *name)
{
	size_t n = strlen(name), adv, i;
	int32_t cp, first = -1, last = -1;

	if (n == 0)
		return "is empty";
	if (strchr(name, '/') != NULL)
		return "contains '/' (it separates the levels of a code's "
		    "path)";
	if (strchr(name, '\n') != NULL || strchr(name, '\r') != NULL)
		return "contains a line break";
	for (i = 0; i < n; i += adv) {
		cp = fg_utf8_decode(name + i, n - i, &adv);
		if (cp < 0)
			return "is not valid UTF-8";
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
			return "contains a control character";
		if (first < 0)
			first = cp;
		last = cp;
	}
	/* ASCII and the common Unicode spaces (NBSP, the U+2000 block,
	 * ideographic space). */
#define FG_IS_SPACE(c) ((c) == ' ' || (c) == 0xA0 || (c) == 0x1680 || \
    ((c) >= 0x2000 && (c) <= 0x200B) || (c) == 0x202F || (c) == 0x205F || \
    (c) == 0x3000 || (c) == 0xFEFF)
	if (FG_IS_SPACE(first) || FG_IS_SPACE(last))
		return "begins or ends with a space";
#undef FG_IS_SPACE
	return NULL;
}

/* Optional string field: absent/null gives NULL; a list or mapping is an
 * error. */
static enum fg_status
get_text(const struct fg_yaml *map, const char *key, const char *file,
    const char **out, struct fg_error *err)
{
	const struct fg_yaml *v = fg_yaml_get(map, key);

	*out = NULL;
	if (v == NULL)
		return FG_OK;
	if (v->kind != FG_YAML_SCALAR)
		return fg_yaml_error(err, file, v, "'%s' must be a string, "
		    "not %s", key, fg_yaml_kind_name(v->kind));
	*out = fg_yaml_str(v);
	return FG_OK;
}

static int
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

struct parser {
	const char *file;
	struct fg_codebook *cb;
	struct fg_error *err;
};

static enum fg_status parse_list(struct parser *p, const struct fg_yaml *seq,
    long parent, int depth);

static enum fg_status
parse_code(struct parser *p, const struct fg_yaml *m, long parent, int depth)
{
	static const char *const keys[] = { "name", "description",
	    "inclusion", "exclusion", "examples", "colour", "children", NULL };
	const struct fg_yaml *nm, *ex, *ch;
	const char *name, *why, *desc, *incl, *excl, *colour;
	struct fg_code_def *d;
	enum fg_status s;
	size_t i, k;
	long self;

	if (m->kind != FG_YAML_MAP)
		return fg_yaml_error(p->err, p->file, m, "a code must be a "
		    "mapping with at least 'name:', not %s",
		    fg_yaml_kind_name(m->kind));
	for (i = 0; i < m->n; i++) {
		for (k = 0; keys[k]; k++)
			if (strcmp(m->items[2 * i]->str, keys[k]) == 0)
				break;
		if (keys[k] == NULL)
			return fg_yaml_error(p->err, p->file, m->items[2 * i],
			    "unknown key '%s' in a code (known: name, "
			    "description, inclusion, exclusion, examples, "
			    "colour, children)", m->items[2 * i]->str);
	}
	nm = fg_yaml_get(m, "name");
	if (nm != NULL && nm->kind != FG_YAML_SCALAR)
		return fg_yaml_error(p->err, p->file, nm, "'name' must be a "
		    "string, not %s", fg_yaml_kind_name(nm->kind));
	if (nm == NULL || fg_yaml_str(nm) == NULL)
		return fg_yaml_error(p->err, p->file, nm ? nm : m,
		    "a code needs a 'name'");
	name = fg_yaml_str(nm);
	if ((why = fg_codebook_name_problem(name)) != NULL)
		return fg_yaml_error(p->err, p->file, nm,
		    "bad code name '%s': it %s", name, why);
	for (i = 0; i < p->cb->n; i++)
		if (strcmp(p->cb->codes[i].name, name) == 0)
			return fg_yaml_error(p->err, p->file, nm,
			    "duplicate code name '%s' (first at line %d); "
			    "names must be unique in the whole codebook",
			    name, p->cb->codes[i].line);
	if ((s = get_text(m, "description", p->file, &desc, p->err)) ||
	    (s = get_text(m, "inclusion", p->file, &incl, p->err)) ||
	    (s = get_text(m, "exclusion", p->file, &excl, p->err)) ||
	    (s = get_text(m, "colour", p->file, &colour, p->err)))
		return s;
	if (colour == NULL && fg_yaml_get(m, "colour") != NULL)
		/* colour: #c0392b without quotes reads as an empty value */
		return fg_yaml_error(p->err, p->file, fg_yaml_get(m, "colour"),
		    "colour is empty: write it in quotes, e.g. colour: "
		    "\"#c0392b\" (in YAML an unquoted # starts a comment)");
	if (colour != NULL) {
		int ok = strlen(colour) == 7 && colour[0] == '#';
		for (i = 1; ok && i < 7; i++)
			ok = is_hex(colour[i]);
		if (!ok)
			return fg_yaml_error(p->err, p->file,
			    fg_yaml_get(m, "colour"), "bad colour '%s': write "
			    "\"#rrggbb\" with six hex digits, e.g. \"#c0392b\" "
			    "(quoted: an unquoted # starts a comment)", colour);
	}
	ex = fg_yaml_get(m, "examples");
	if (ex != NULL && fg_yaml_str(ex) == NULL && ex->kind == FG_YAML_SCALAR)
		ex = NULL; /* examples: (null) */
	if (ex != NULL && ex->kind != FG_YAML_SEQ)
		return fg_yaml_error(p->err, p->file, ex, "'examples' must be "
		    "a list of strings, not %s", fg_yaml_kind_name(ex->kind));
	for (i = 0; ex && i < ex->n; i++)
		if (ex->items[i]->kind != FG_YAML_SCALAR ||
		    fg_yaml_str(ex->items[i]) == NULL)
			return fg_yaml_error(p->err, p->file, ex->items[i],
			    "each example must be a non-empty string");

	if ((d = fg_codebook_push(p->cb)) == NULL)
		return fg_codebook_nomem(p->err);
	self = (long)(p->cb->n - 1);
	d->parent = parent;
	d->depth = depth;
	d->line = nm->line;
	d->col = nm->col;
	if (fg_codebook_dup_opt(&d->name, name) ||
	    fg_codebook_dup_opt(&d->description, desc) ||
	    fg_codebook_dup_opt(&d->inclusion, incl) ||
	    fg_codebook_dup_opt(&d->exclusion, excl) ||
	    fg_codebook_dup_opt(&d->colour, colour))
		return fg_codebook_nomem(p->err);
	if (d->colour != NULL)
		for (i = 1; i < 7; i++)
			if (d->colour[i] >= 'A' && d->colour[i] <= 'F')
				d->colour[i] = (char)(d->colour[i] - 'A' + 'a');
	if (ex != NULL && ex->n > 0) {
		if ((d->examples = calloc(ex->n, sizeof *d->examples)) == NULL)
			return fg_codebook_nomem(p->err);
		for (i = 0; i < ex->n; i++) {
			if ((d->examples[i] = strdup(ex->items[i]->str)) ==
			    NULL)
				return fg_codebook_nomem(p->err);
			d->nexamples++;
		}
	}
	/* d may move when children are appended: do not use it below. */
	ch = fg_yaml_get(m, "children");
	if (ch == NULL || (ch->kind == FG_YAML_SCALAR && fg_yaml_str(ch) ==
	    NULL))
		return FG_OK;
	if (ch->kind != FG_YAML_SEQ)
		return fg_yaml_error(p->err, p->file, ch, "'children' must be "
		    "a list of codes, not %s", fg_yaml_kind_name(ch->kind));
	return parse_list(p, ch, self, depth + 1);
}

static enum fg_status
parse_list(struct parser *p, const struct fg_yaml *seq, long parent,
    int depth)
{
	enum fg_status s;
	size_t i;

	for (i = 0; i < seq->n; i++)
		if ((s = parse_code(p, seq->items[i], parent, depth)) != FG_OK)
			return s;
	return FG_OK;
}

enum fg_status
fg_codebook_parse(const struct fg_yaml *root, const char *file,
    struct fg_codebook **out, struct fg_error *err)
{
	struct parser p;
	const struct fg_yaml *codes;
	enum fg_status s;
	size_t i;

	*out = NULL;
	if (root == NULL)
		return fg_error_set(err, FG_INPUT, file, 0, 0, "empty "
		    "codebook: expected a mapping with 'codes:'");
	if (root->kind != FG_YAML_MAP)
		return fg_yaml_error(err, file, root, "a codebook must be a "
		    "mapping with 'codes:', not %s",
		    fg_yaml_kind_name(root->kind));
	for (i = 0; i < root->n; i++)
		if (strcmp(root->items[2 * i]->str, "codes") != 0)
			return fg_yaml_error(err, file, root->items[2 * i],
			    "unknown key '%s' (a codebook has only 'codes:')",
			    root->items[2 * i]->str);
	codes = fg_yaml_get(root, "codes");
	if (codes == NULL)
		return fg_yaml_error(err, file, root, "no 'codes:' list");
	if (codes->kind == FG_YAML_SCALAR && fg_yaml_str(codes) == NULL)
		codes = NULL; /* "codes:" with nothing: an empty codebook */
	else if (codes->kind != FG_YAML_SEQ)
		return fg_yaml_error(err, file, codes, "'codes' must be a "
		    "list of codes, not %s", fg_yaml_kind_name(codes->kind));
	p.file = file;
	p.err = err;
	if ((p.cb = calloc(1, sizeof *p.cb)) == NULL)
		return fg_codebook_nomem(err);
	if (codes != NULL && (s = parse_list(&p, codes, -1, 0)) != FG_OK) {
		fg_codebook_free(p.cb);
		return s;
	}
	*out = p.cb;
	return FG_OK;
}

enum fg_status
fg_codebook_load_file(const char *path, const char *display_name,
    struct fg_codebook **out, struct fg_error *err)
{
	struct fg_yaml *root;
	enum fg_status s;

	*out = NULL;
	if ((s = fg_yaml_load_file(path, display_name, &root, err)) != FG_OK)
		return s;
	s = fg_codebook_parse(root, display_name ? display_name : path, out,
	    err);
	fg_yaml_free(root);
	return s;
}

/* ---- writing ---- */

/* Append s as a YAML double-quoted scalar. */
static void
yaml_quote(struct fg_buf *b, const char *s)
{
	size_t n = strlen(s), adv;
	int32_t cp;

	fg_buf_addc(b, '"');
	while (n > 0) {
		cp = fg_utf8_decode(s, n, &adv);
		switch (cp) {
		case '"':
			fg_buf_adds(b, "\\\"");
			break;
		case '\\':
			fg_buf_adds(b, "\\\\");
			break;
		case '\n':
			fg_buf_adds(b, "\\n");
			break;
		case '\t':
			fg_buf_adds(b, "\\t");
			break;
		case '\r':
			fg_buf_adds(b, "\\r");
			break;
		case 0x85:
			fg_buf_adds(b, "\\N");
			break;
		case 0x2028:
			fg_buf_adds(b, "\\L");
			break;
		case 0x2029:
			fg_buf_adds(b, "\\P");
			break;
		case 0xFEFF:
			fg_buf_adds(b, "\\uFEFF");
			break;
		default:
			if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 &&
			    cp < 0xA0))
				fg_buf_printf(b, "\\x%02X", (unsigned)cp);
			else
				fg_buf_add(b, s, adv);
		}
		s += adv;
		n -= adv;
	}
	fg_buf_addc(b, '"');
}

static void
yaml_field(struct fg_buf *b, int indent, const char *key, const char *v)
{
	if (v == NULL)
		return;
	fg_buf_printf(b, "%*s%s: ", indent, "", key);
	yaml_quote(b, v);
	fg_buf_addc(b, '\n');
}

/* Write code i and its subtree (the codes after it one level deeper)
 * at list indent ind; returns the index after the subtree. */
static size_t
yaml_code(struct fg_buf *b, const struct fg_codebook *cb, size_t i, int ind)
{
	const struct fg_code_def *d = &cb->codes[i];
	size_t j, k;

	fg_buf_printf(b, "%*s- name: ", ind, "");
	yaml_quote(b, d->name);
	fg_buf_addc(b, '\n');
	yaml_field(b, ind + 2, "description", d->description);
	yaml_field(b, ind + 2, "inclusion", d->inclusion);
	yaml_field(b, ind + 2, "exclusion", d->exclusion);
	if (d->nexamples > 0) {
		fg_buf_printf(b, "%*sexamples:\n", ind + 2, "");
		for (k = 0; k < d->nexamples; k++) {
			fg_buf_printf(b, "%*s- ", ind + 4, "");
			yaml_quote(b, d->examples[k]);
			fg_buf_addc(b, '\n');
		}
	}
	yaml_field(b, ind + 2, "colour", d->colour);
	j = i + 1;
	if (j < cb->n && cb->codes[j].parent == (long)i) {
		fg_buf_printf(b, "%*schildren:\n", ind + 2, "");
		while (j < cb->n && cb->codes[j].parent == (long)i)
			j = yaml_code(b, cb, j, ind + 4);
	}
	return j;
}

enum fg_status
fg_codebook_to_yaml(const struct fg_codebook *cb, struct fg_buf *out,
    struct fg_error *err)
{
	struct fg_buf b = FG_BUF_INIT;
	size_t i;

	if (cb->n == 0) {
		fg_buf_adds(&b, "codes: []\n");
	} else {
		fg_buf_adds(&b, "codes:\n");
		for (i = 0; i < cb->n; )
			i = yaml_code(&b, cb, i, 2);
	}
	if (b.p == NULL || fg_buf_add(out, b.p, b.len) != FG_OK) {
		fg_buf_free(&b);
		return fg_codebook_nomem(err);
	}
	fg_buf_free(&b);
	return FG_OK;
}

static void
json_field(json_t *o, const char *key, const char *v)
{
	if (v != NULL)
		json_object_set_new(o, key, json_string(v));
}

static json_t *
json_code(const struct fg_codebook *cb, size_t *i)
{
	const struct fg_code_def *d = &cb->codes[*i];
	json_t *o = json_object(), *a;
	size_t self = *i, k;

	json_field(o, "name", d->name);
	json_field(o, "description", d->description);
	json_field(o, "inclusion", d->inclusion);
	json_field(o, "exclusion", d->exclusion);
	if (d->nexamples > 0) {
		a = json_array();
		for (k = 0; k < d->nexamples; k++)
			json_array_append_new(a, json_string(d->examples[k]));
		json_object_set_new(o, "examples", a);
	}
	json_field(o, "colour", d->colour);
	(*i)++;
	if (*i < cb->n && cb->codes[*i].parent == (long)self) {
		a = json_array();
		while (*i < cb->n && cb->codes[*i].parent == (long)self)
			json_array_append_new(a, json_code(cb, i));
		json_object_set_new(o, "children", a);
	}
	return o;
}

enum fg_status
fg_codebook_to_json(const struct fg_codebook *cb, struct fg_buf *out,
    struct fg_error *err)
{
	json_t *root = json_object(), *a = json_array();
	enum fg_status s = FG_OK;
	size_t i = 0;
	char *text;

	if (root == NULL || a == NULL) {
		json_decref(root);
		json_decref(a);
		return fg_codebook_nomem(err);
	}
	while (i < cb->n)
		json_array_append_new(a, json_code(cb, &i));
	json_object_set_new(root, "codes", a);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (text == NULL || fg_buf_adds(out, text) != FG_OK ||
	    fg_buf_addc(out, '\n') != FG_OK)
		s = fg_codebook_nomem(err);
	free(text);
	return s;
}
