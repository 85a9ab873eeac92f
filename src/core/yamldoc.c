/* yamldoc.c - build a string-only YAML tree from libyaml's events. */
#include "config.h"

#include "core/yamldoc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "core/buf.h"
#include "core/utf8.h"

struct loader {
	yaml_parser_t parser;
	const char *file;
	int line_offset;
	struct fg_error *err;
	int depth;
};

static struct fg_yaml *
node_new(enum fg_yaml_kind kind, const yaml_mark_t *m, int line_offset)
{
	struct fg_yaml *n = calloc(1, sizeof *n);

	if (n == NULL)
		return NULL;
	n->kind = kind;
	n->line = (int)m->line + 1 + line_offset;
	n->col = (int)m->column + 1;
	return n;
}

void
fg_yaml_free(struct fg_yaml *node)
{
	size_t i, count;

	if (node == NULL)
		return;
	count = node->kind == FG_YAML_MAP ? 2 * node->n : node->n;
	for (i = 0; i < count; i++)
		fg_yaml_free(node->items[i]);
	free(node->items);
	free(node->str);
	free(node);
}

static enum fg_status parse_node(struct loader *ld, yaml_event_t *ev,
    struct fg_yaml **out);

static enum fg_status
parser_error(struct loader *ld)
{
	yaml_parser_t *p = &ld->parser;
	const yaml_mark_t *m = p->problem ? &p->problem_mark : &p->mark;
	const char *what = p->problem ? p->problem : "syntax error";

	if (p->error == YAML_READER_ERROR)
		return fg_error_set(ld->err, FG_INPUT, ld->file,
		    ld->line_offset + 1, 0, "%s (at byte %zu)", what,
		    p->problem_offset);
	if (p->context)
		return fg_error_set(ld->err, FG_INPUT, ld->file,
		    (int)m->line + 1 + ld->line_offset, (int)m->column + 1,
		    "YAML: %s %s (started at line %d)", what, p->context,
		    (int)p->context_mark.line + 1 + ld->line_offset);
	return fg_error_set(ld->err, FG_INPUT, ld->file,
	    (int)m->line + 1 + ld->line_offset, (int)m->column + 1,
	    "YAML: %s", what);
}

static enum fg_status
next_event(struct loader *ld, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&ld->parser, ev))
		return parser_error(ld);
	return FG_OK;
}

static enum fg_status
append(struct loader *ld, struct fg_yaml *parent, size_t *cap,
    size_t used, struct fg_yaml *child)
{
	struct fg_yaml **p;

	if (parent->kind == FG_YAML_MAP && child->kind == FG_YAML_SCALAR &&
	    (used % 2) == 0) {
		/* a key: refuse duplicates */
		size_t i;
		for (i = 0; i < used; i += 2)
			if (parent->items[i]->kind == FG_YAML_SCALAR &&
			    strcmp(parent->items[i]->str, child->str) == 0)
				return fg_yaml_error(ld->err, ld->file, child,
				    "duplicate key '%s' (first at line %d)",
				    child->str, parent->items[i]->line);
	}
	if (used + 1 > *cap) {
		*cap = *cap ? *cap * 2 : 8;
		p = realloc(parent->items, *cap * sizeof *p);
		if (p == NULL)
			return fg_error_set(ld->err, FG_NOMEM, NULL, 0, 0,
			    "out of memory");
		parent->items = p;
	}
	parent->items[used] = child;
	return FG_OK;
}

static enum fg_status
parse_collection(struct loader *ld, struct fg_yaml *coll)
{
	yaml_event_t ev;
	yaml_event_type_t end = coll->kind == FG_YAML_MAP ?
	    YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT;
	struct fg_yaml *child;
	enum fg_status st;
	size_t cap = 0, count = 0;

	if (++ld->depth > 64)
		return fg_yaml_error(ld->err, ld->file, coll,
		    "nesting deeper than 64 levels");
	for (;;) {
		if ((st = next_event(ld, &ev)) != FG_OK) {
			if (coll->kind == FG_YAML_MAP && count % 2 == 1)
				fg_yaml_free(coll->items[count - 1]);
			return st;
		}
		if (ev.type == end) {
			yaml_event_delete(&ev);
			break;
		}
		st = parse_node(ld, &ev, &child);
		yaml_event_delete(&ev);
		if (st != FG_OK) {
			/* a key whose value failed is not counted in n */
			if (coll->kind == FG_YAML_MAP && count % 2 == 1)
				fg_yaml_free(coll->items[count - 1]);
			return st;
		}
		if (coll->kind == FG_YAML_MAP && count % 2 == 0 &&
		    child->kind != FG_YAML_SCALAR) {
			st = fg_yaml_error(ld->err, ld->file, child,
			    "a mapping key must be a plain string");
			fg_yaml_free(child);
			return st;
		}
		if ((st = append(ld, coll, &cap, count, child)) != FG_OK) {
			fg_yaml_free(child);
			if (coll->kind == FG_YAML_MAP && count % 2 == 1)
				fg_yaml_free(coll->items[count - 1]);
			return st;
		}
		count++;
		if (coll->kind == FG_YAML_SEQ)
			coll->n = count;
		else
			coll->n = count / 2;
	}
	ld->depth--;
	return FG_OK;
}

static enum fg_status
parse_node(struct loader *ld, yaml_event_t *ev, struct fg_yaml **out)
{
	struct fg_yaml *n;
	enum fg_status st;

	*out = NULL;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n = node_new(FG_YAML_SCALAR, &ev->start_mark, ld->line_offset);
		if (n == NULL || (n->str = malloc(ev->data.scalar.length + 1))
		    == NULL) {
			free(n);
			return fg_error_set(ld->err, FG_NOMEM, NULL, 0, 0,
			    "out of memory");
		}
		memcpy(n->str, ev->data.scalar.value, ev->data.scalar.length);
		n->str[ev->data.scalar.length] = '\0';
		n->len = ev->data.scalar.length;
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		*out = n;
		return FG_OK;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		n = node_new(ev->type == YAML_MAPPING_START_EVENT ?
		    FG_YAML_MAP : FG_YAML_SEQ, &ev->start_mark,
		    ld->line_offset);
		if (n == NULL)
			return fg_error_set(ld->err, FG_NOMEM, NULL, 0, 0,
			    "out of memory");
		if ((st = parse_collection(ld, n)) != FG_OK) {
			fg_yaml_free(n);
			return st;
		}
		*out = n;
		return FG_OK;
	case YAML_ALIAS_EVENT:
		return fg_error_set(ld->err, FG_INPUT, ld->file,
		    (int)ev->start_mark.line + 1 + ld->line_offset,
		    (int)ev->start_mark.column + 1,
		    "YAML aliases (*name) are not supported; write the value out");
	default:
		return fg_error_set(ld->err, FG_INPUT, ld->file,
		    (int)ev->start_mark.line + 1 + ld->line_offset,
		    (int)ev->start_mark.column + 1, "unexpected YAML event");
	}
}

enum fg_status
fg_yaml_load_string(const char *text, size_t len, const char *file,
    int line_offset, struct fg_yaml **root, struct fg_error *err)
{
	struct loader ld;
	yaml_event_t ev;
	enum fg_status st = FG_OK;
	size_t bad;
	int line, col, done = 0;

	*root = NULL;
	if (!fg_utf8_valid(text, len, &bad)) {
		fg_utf8_locate(text, bad, &line, &col);
		return fg_error_set(err, FG_INPUT, file, line + line_offset,
		    col, "invalid UTF-8: byte 0x%02X at byte offset %zu",
		    (unsigned char)text[bad], bad);
	}
	memset(&ld, 0, sizeof ld);
	ld.file = file;
	ld.line_offset = line_offset;
	ld.err = err;
	if (!yaml_parser_initialize(&ld.parser))
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
	yaml_parser_set_input_string(&ld.parser, (const unsigned char *)text,
	    len);
	yaml_parser_set_encoding(&ld.parser, YAML_UTF8_ENCODING);
	while (!done) {
		if ((st = next_event(&ld, &ev)) != FG_OK)
			break;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (*root != NULL) {
				st = fg_error_set(err, FG_INPUT, file,
				    (int)ev.start_mark.line + 1 + line_offset,
				    (int)ev.start_mark.column + 1,
				    "only one YAML document is allowed");
				done = 1;
			}
			break;
		case YAML_SCALAR_EVENT:
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
		case YAML_ALIAS_EVENT:
			st = parse_node(&ld, &ev, root);
			if (st != FG_OK)
				done = 1;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&ld.parser);
	if (st != FG_OK) {
		fg_yaml_free(*root);
		*root = NULL;
	}
	return st;
}

enum fg_status
fg_yaml_load_file(const char *path, const char *display_name,
    struct fg_yaml **root, struct fg_error *err)
{
	struct fg_buf b = FG_BUF_INIT;
	const char *name = display_name ? display_name : path;
	char chunk[65536];
	size_t n;
	enum fg_status st;
	FILE *f;

	*root = NULL;
	if ((f = fopen(path, "rb")) == NULL)
		return fg_error_set(err, FG_IO, name, 0, 0, "cannot open: %s",
		    strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (fg_buf_add(&b, chunk, n) != FG_OK) {
			fclose(f);
			fg_buf_free(&b);
			return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
			    "out of memory");
		}
	if (ferror(f)) {
		fclose(f);
		fg_buf_free(&b);
		return fg_error_set(err, FG_IO, name, 0, 0, "read error");
	}
	fclose(f);
	/* A UTF-8 BOM is allowed and skipped. */
	if (b.len >= 3 && memcmp(b.p, "\xEF\xBB\xBF", 3) == 0)
		st = fg_yaml_load_string(b.p + 3, b.len - 3, name, 0, root,
		    err);
	else
		st = fg_yaml_load_string(b.p ? b.p : "", b.len, name, 0, root,
		    err);
	fg_buf_free(&b);
	return st;
}

const struct fg_yaml *
fg_yaml_get(const struct fg_yaml *map, const char *key)
{
	size_t i;

	if (map == NULL || map->kind != FG_YAML_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (strcmp(map->items[2 * i]->str, key) == 0)
			return map->items[2 * i + 1];
	return NULL;
}

const char *
fg_yaml_str(const struct fg_yaml *node)
{
	if (node == NULL || node->kind != FG_YAML_SCALAR)
		return NULL;
	if (node->plain && (node->len == 0 || strcmp(node->str, "~") == 0 ||
	    strcmp(node->str, "null") == 0 || strcmp(node->str, "Null") == 0 ||
	    strcmp(node->str, "NULL") == 0))
		return NULL;
	return node->str;
}

const char *
fg_yaml_get_str(const struct fg_yaml *map, const char *key)
{
	return fg_yaml_str(fg_yaml_get(map, key));
}

const char *
fg_yaml_kind_name(enum fg_yaml_kind kind)
{
	switch (kind) {
	case FG_YAML_SCALAR:
		return "a string";
	case FG_YAML_SEQ:
		return "a list";
	case FG_YAML_MAP:
		return "a mapping";
	}
	return "?";
}

enum fg_status
fg_yaml_error(struct fg_error *err, const char *file,
    const struct fg_yaml *node, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fg_error_vset(err, FG_INPUT, file, node ? node->line : 0,
	    node ? node->col : 0, fmt, ap);
	va_end(ap);
	return FG_INPUT;
}

int
fg_yaml_int(const struct fg_yaml *node, long min, long max, long *out)
{
	const char *s = fg_yaml_str(node);
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}
