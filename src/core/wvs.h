/* wvs.h - regression models and descriptives on survey microdata (World
 * Values Survey style CSV), declared in a YAML model spec, and published
 * regression tables transcribed in YAML.  Both formats are documented in
 * fgcode-model(5).
 *
 * A spec names the data file, filters (B_COUNTRY == 398), missing codes
 * (every negative value, WVS's convention), the weight, the terms shared
 * by the models (each a column as it is, or the 0/1 indicator of a
 * condition: Q207 in {1, 2}, Q262 in 30..49), the models (a dependent
 * variable each, with its scale and what its ends mean) and, optionally,
 * the items and groups of a descriptive table.  fg_wvs_fit() streams the
 * CSV once, applies filters, missing codes and recodes, deletes rows
 * listwise and fits every model by core/ols; the result is a struct
 * fg_model_set (core/model.h) ready to store.
 *
 * Errors in the spec carry its FILE:LINE:COL; errors in the data its
 * FILE:LINE and the column; errors of a fit (a constant or collinear term,
 * no row left, fewer rows than terms) the spec line of the term, filter or
 * model concerned. */
#ifndef FG_WVS_H
#define FG_WVS_H

#include <stddef.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/model.h"
#include "core/table.h"

enum fg_wvs_op {
	FG_WVS_EQ, FG_WVS_NE, FG_WVS_LT, FG_WVS_LE, FG_WVS_GT, FG_WVS_GE,
	FG_WVS_IN,             /* COL in {a, b, ...} */
	FG_WVS_RANGE           /* COL in LO..HI, both ends included */
};

/* A condition on one column: "Q290 == 398025", "Q207 in {1, 2}". */
struct fg_wvs_cond {
	char *text;            /* as written */
	char *column;
	enum fg_wvs_op op;
	long double *vals;     /* IN: nvals values; RANGE: lo, hi; else 1 */
	size_t nvals;
	int line, col;         /* of the condition in the spec */
	size_t idx;            /* column index, set while reading data */
};

/* A variable of the models: a column as it is, or the 0/1 indicator of a
 * condition (missing when the column is). */
struct fg_wvs_var {
	char *name;            /* identifier: "female" */
	char *label;           /* row label: "Gender (f)" */
	char *column;          /* the column used */
	int indicator;         /* 1: cond gives the value */
	struct fg_wvs_cond cond;
	int reverse;           /* dependent variable: min + max - value */
	char *definition;      /* "Q260 == 2", "Q262", "6 - Q36" */
	int line, col;
	size_t idx;            /* column index while reading data */
};

struct fg_wvs_model {
	char *name;            /* "m1" */
	char *title;           /* "Model 1" */
	struct fg_wvs_var y;
	double scale_min, scale_max;   /* NaN when not declared */
	char *scale_low, *scale_high, *direction;
	size_t nterms;
	size_t *terms;         /* indices into the spec's terms */
	int line, col;
};

/* The descriptive table (Table 2 style): the share of valid answers in
 * each category of each item, and the share answering one of share_codes
 * within each group. */
struct fg_wvs_item {
	char *column;
	char *label;
	int line, col;
	size_t idx;
};

struct fg_wvs_category {
	long double code;
	char *label;
};

struct fg_wvs_group {
	char *label;
	size_t section;        /* index into sections */
	struct fg_wvs_cond cond;
};

struct fg_wvs_describe_spec {
	int present;
	int line, col;
	char *frequency_label; /* heading of the category rows */
	size_t nitems;
	struct fg_wvs_item *items;
	size_t ncats;
	struct fg_wvs_category *cats;
	long double *share_codes;
	size_t nshare;
	char *share_label;     /* footnote: what the group shares count */
	size_t nsections;
	char **sections;       /* group headings: "Gender*" */
	size_t ngroups;
	struct fg_wvs_group *groups;
};

struct fg_wvs_spec {
	char *path;            /* the spec file as given */
	char *text;            /* its whole text */
	char sha256[65];
	char *name;            /* model set name */
	char *title;
	char *note;
	char *data;            /* data path, relative to the spec's directory
	                        * resolved */
	int data_line, data_col;
	int missing_negative;  /* every negative value is missing */
	long double *missing;  /* further missing codes */
	size_t nmissing;
	int missing_line, missing_col;
	size_t nfilters;
	struct fg_wvs_cond *filters;
	int filters_line, filters_col;
	char *weight;          /* weight column or NULL */
	int weight_line, weight_col;
	int listwise_model;    /* 0: one sample for all models (default) */
	int intercept;         /* 1 unless "intercept: false" */
	char *intercept_label; /* "Intercept" */
	size_t nterms;
	struct fg_wvs_var *terms;
	size_t nmodels;
	struct fg_wvs_model *models;
	struct fg_wvs_describe_spec describe;
};

/* Read and check the spec at path.  On success *out is a new spec freed
 * with fg_wvs_spec_free().  Errors (FG_INPUT) carry FILE:LINE:COL;
 * FG_NOTFOUND / FG_IO when the file cannot be read. */
enum fg_status fg_wvs_spec_load(const char *path, struct fg_wvs_spec **out,
    struct fg_error *err);

/* Free a spec; NULL is a no-op. */
void fg_wvs_spec_free(struct fg_wvs_spec *spec);

/* A row of the design as the models see it, for --design: line is the
 * data line, vals[i] / missing[i] the value of column names[i].  names
 * are the same array for every row: "line" is not among them; they are
 * "y_MODEL" for each model's dependent variable, the term names, and
 * "weight" when weighted. */
typedef enum fg_status (*fg_wvs_row_fn)(void *data, size_t ncols,
    const char *const *names, const double *vals, const int *missing,
    int line, struct fg_error *err);

struct fg_wvs_opts {
	const char *data;      /* data file instead of the spec's, or NULL */
	const char *weight;    /* weight column instead of the spec's */
	int unweighted;        /* ignore any weight */
	const char *const *models;     /* fit only these (by name) */
	size_t nmodels;
	fg_wvs_row_fn on_row;  /* called for each row used (listwise: all)
	                        * or passing the filters (listwise: model) */
	void *row_data;
};

/* Fit the spec's models (or opts->models) to its data.  On success *out
 * is a new fitted model set (core/model.h) with the spec's text and the
 * data file's SHA-256, freed with fg_model_set_free().  opts may be
 * NULL. */
enum fg_status fg_wvs_fit(const struct fg_wvs_spec *spec,
    const struct fg_wvs_opts *opts, struct fg_model_set **out,
    struct fg_error *err);

/* The counts of a descriptive table.  Weighted counts are sums of
 * weights (counts of rows when unweighted). */
struct fg_wvs_desc {
	int weighted;
	long rows;             /* data records read */
	long filtered;         /* passing the filters */
	size_t nitems, ncats, ngroups;
	double *freq;          /* nitems * ncats weighted counts */
	double *valid;         /* nitems: weighted valid answers */
	long *valid_n;         /* nitems: rows with a valid answer */
	double *share;         /* nitems * ngroups: weighted count answering
	                        * a share code within the group */
	double *group_valid;   /* nitems * ngroups: weighted valid answers
	                        * within the group */
	long *group_n;         /* nitems * ngroups: rows of the latter */
};

/* Compute the descriptive table of the spec's describe section (FG_USAGE
 * without one).  On success *out is freed with fg_wvs_desc_free(). */
enum fg_status fg_wvs_describe(const struct fg_wvs_spec *spec,
    const struct fg_wvs_opts *opts, struct fg_wvs_desc **out,
    struct fg_error *err);

void fg_wvs_desc_free(struct fg_wvs_desc *d);

/* The descriptive table as a struct fg_table, *out freed with
 * fg_table_free().  wide != 0: laid out like the seed's Table 2, a label
 * column (named "") and one column per item (named by its label), a
 * heading row (empty cells) before the categories and before each
 * section of groups, cells such as "45.0%" (decimals decimals; empty when
 * nothing is counted).  wide == 0: one row per cell, columns section,
 * row, item (the column), label, percent, count (weighted answers in the
 * category, or with a share code in the group), base (weighted valid
 * answers it is a share of) and n (rows behind base), numbers unrounded. */
enum fg_status fg_wvs_desc_table(const struct fg_wvs_spec *spec,
    const struct fg_wvs_desc *d, int wide, int decimals,
    struct fg_table **out, struct fg_error *err);

/* Read a published regression table (fgcode-model(5), "load-table") into
 * a new model set of source "published", freed with fg_model_set_free().
 * Each cell must read "ESTIMATE[STARS] (SE)"; it is kept exactly as
 * written.  Inconsistencies that do not stop loading (stars that no
 * estimate and standard error within the printed rounding can give, an
 * adjusted R² that does not follow from R², N and the terms) are
 * appended to warnings, one line each, "FILE:LINE:COL: message". */
enum fg_status fg_wvs_table_load(const char *path, struct fg_model_set **out,
    struct fg_buf *warnings, struct fg_error *err);

#endif
