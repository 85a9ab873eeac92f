/* yamldoc.h - a small YAML document tree over libyaml, for fgcode's input
 * files (roster, codebook, profiles, front matter, codings).
 *
 * Every scalar is kept as the string the researcher wrote: "10:30", "NO" and
 * "2019-07-12" stay strings (no YAML 1.1 typing).  Nodes remember their
 * 1-based line and column in the file, so errors can name them.  Duplicate
 * mapping keys and aliases are errors, never silently resolved. */
#ifndef FG_YAMLDOC_H
#define FG_YAMLDOC_H

#include <stddef.h>

#include "core/error.h"

enum fg_yaml_kind { FG_YAML_SCALAR, FG_YAML_SEQ, FG_YAML_MAP };

struct fg_yaml {
	enum fg_yaml_kind kind;
	char *str;               /* SCALAR: the value, NUL-terminated */
	size_t len;              /* SCALAR: bytes in str */
	int plain;               /* SCALAR: 1 if written unquoted */
	struct fg_yaml **items;  /* SEQ: n items; MAP: n keys/values as
	                          * items[2i] (a scalar key), items[2i+1] */
	size_t n;                /* SEQ: items; MAP: pairs */
	int line, col;           /* where the node starts, 1-based */
};

/* Parse the file at path.  On success *root is the first document's root
 * (NULL for an empty file) owned by the caller (fg_yaml_free).  Errors
 * (I/O, syntax, aliases, duplicate keys, invalid UTF-8) carry file, line and
 * column.  display_name replaces path in messages when not NULL. */
enum fg_status fg_yaml_load_file(const char *path, const char *display_name,
    struct fg_yaml **root, struct fg_error *err);

/* Same for an in-memory text; line_offset is added to every line number so
 * that front matter reports lines of the enclosing file. */
enum fg_status fg_yaml_load_string(const char *text, size_t len,
    const char *file, int line_offset, struct fg_yaml **root,
    struct fg_error *err);

/* Free a tree; NULL is a no-op. */
void fg_yaml_free(struct fg_yaml *node);

/* The value for key in a MAP (borrowed), or NULL if absent or not a map. */
const struct fg_yaml *fg_yaml_get(const struct fg_yaml *map, const char *key);

/* The string of a SCALAR (borrowed), or NULL for other kinds and for a YAML
 * null (an unquoted empty value, "~" or "null"). */
const char *fg_yaml_str(const struct fg_yaml *node);

/* Shorthand: fg_yaml_str(fg_yaml_get(map, key)). */
const char *fg_yaml_get_str(const struct fg_yaml *map, const char *key);

/* Name of a kind for messages: "a string", "a list", "a mapping". */
const char *fg_yaml_kind_name(enum fg_yaml_kind kind);

/* Fill err with "FILE:LINE:COL: message" at node (node may be NULL). */
enum fg_status fg_yaml_error(struct fg_error *err, const char *file,
    const struct fg_yaml *node, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Parse a decimal integer scalar in [min, max]; 0 on success, -1 if the
 * node is absent, not a scalar or not such an integer. */
int fg_yaml_int(const struct fg_yaml *node, long min, long max, long *out);

#endif
