/* wvs-impl.h - internals shared by the files of the wvs module
 * (wvs-yaml.c, wvs-spec.c, wvs-data.c, wvs-describe.c, wvs-table.c); not
 * an API: callers use wvs.h. */
#ifndef FG_WVS_IMPL_H
#define FG_WVS_IMPL_H

#include <stddef.h>

#include "core/csvread.h"
#include "core/error.h"
#include "core/model.h"
#include "core/wvs.h"
#include "core/yamldoc.h"

#define NOMEM(err) fg_error_set((err), FG_NOMEM, NULL, 0, 0, "out of memory")

/* A YAML file being read: its path, and where its errors go. */
struct fg_wvs_ctx {
	const char *file;
	struct fg_error *err;
};

/* The streaming pass over the data (wvs-data.c), shared with describe. */
struct fg_wvs_reader {
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

/* ---- wvs-yaml.c ---- */

/* A malloc'd copy of s; NULL for NULL or when out of memory. */
char *fg_wvs_dup_str(const char *s);

/* Grow *arr (of elements of size sz) to hold n + 1; 0 or -1. */
int fg_wvs_grow(void *arr, size_t *cap, size_t n, size_t sz);

/* Refuse keys of map not in known (NULL-terminated). */
enum fg_status fg_wvs_check_keys(struct fg_wvs_ctx *c,
    const struct fg_yaml *map, const char *const *known, const char *what);

/* An error unless node is a mapping (what names it). */
enum fg_status fg_wvs_need_map(struct fg_wvs_ctx *c,
    const struct fg_yaml *node, const char *what);

/* An error unless node is a list (what names it). */
enum fg_status fg_wvs_need_seq(struct fg_wvs_ctx *c,
    const struct fg_yaml *node, const char *what);

/* The string under key in map, malloc'd to *out (NULL when absent). */
enum fg_status fg_wvs_get_str(struct fg_wvs_ctx *c,
    const struct fg_yaml *map, const char *key, int required,
    const char *what, char **out);

/* A yes/no value under key in map (absent: def). */
enum fg_status fg_wvs_get_bool(struct fg_wvs_ctx *c,
    const struct fg_yaml *map, const char *key, int def, int *out);

/* Scan a decimal number at s into *out; its length, 0 if none. */
size_t fg_wvs_scan_number(const char *s, long double *out);

/* A number scalar (a code, a scale end) into *out. */
enum fg_status fg_wvs_node_number(struct fg_wvs_ctx *c,
    const struct fg_yaml *v, const char *what, long double *out);

/* Free what k holds and zero it. */
void fg_wvs_cond_clear(struct fg_wvs_cond *k);

/* Parse the condition in scalar node ("COL OP N", "COL in ...") into k. */
enum fg_status fg_wvs_parse_cond(struct fg_wvs_ctx *c,
    const struct fg_yaml *node, const char *what, struct fg_wvs_cond *k);

/* Whether value v satisfies k. */
int fg_wvs_cond_true(const struct fg_wvs_cond *k, long double v);

/* An error unless s is usable as a name (letters, digits, _ . - ( )). */
enum fg_status fg_wvs_check_name(struct fg_wvs_ctx *c,
    const struct fg_yaml *node, const char *s, const char *what);

/* ---- wvs-spec.c ---- */

/* Free what v holds and zero it. */
void fg_wvs_var_clear(struct fg_wvs_var *v);

/* The dependent variable block (spec and published table alike). */
enum fg_status fg_wvs_parse_dv(struct fg_wvs_ctx *c,
    const struct fg_yaml *node, struct fg_wvs_model *m);

/* The file's base name without its extension, malloc'd. */
char *fg_wvs_base_name(const char *path);

/* ---- wvs-data.c ---- */

/* Close r's data and free its arrays. */
void fg_wvs_reader_close(struct fg_wvs_reader *r);

/* Find column name (used at spec line:col) and mark it to be read. */
enum fg_status fg_wvs_reader_use(struct fg_wvs_reader *r, const char *name,
    int line, int col, size_t *idx, struct fg_error *err);

/* Read the next record and parse the needed columns; *eof at the end. */
enum fg_status fg_wvs_reader_next(struct fg_wvs_reader *r, int *eof,
    struct fg_error *err);

/* Whether the current row passes every filter. */
int fg_wvs_reader_pass(struct fg_wvs_reader *r);

/* Weight of the current row: 0 when missing or not positive. */
long double fg_wvs_row_weight(const struct fg_wvs_reader *r, int weighted,
    size_t widx);

/* Set up the reader: data, filters, weight. */
enum fg_status fg_wvs_open_data(struct fg_wvs_reader *r,
    const struct fg_wvs_spec *spec, const struct fg_wvs_opts *o,
    const char **wcol, size_t *widx, struct fg_error *err);

/* Copy m's name, title and dependent variable into out (malloc'd). */
enum fg_status fg_wvs_copy_dv(const struct fg_wvs_model *m,
    struct fg_model *out, struct fg_error *err);

#endif
