/* model.h - regression models kept in the project: storing them, reading
 * them back, and laying them out as a regression table.
 *
 * A model set is one model spec fitted by fgcode (core/wvs.h, "fitted") or
 * one table transcribed from a publication ("published"), such as the
 * seed study's Table 3.  It holds models, the columns of the table; each
 * model holds terms, the rows.  The tables are in schemas/0002-wvs.sql.
 *
 * Reading models (for a joint display, say):
 *
 *	struct fg_model **ms; size_t n, i, k;
 *	fg_model_list(db, NULL, &ms, &n, &err);      every model, or
 *	fg_model_find(db, "seed-table3", &ms, &n, &err);   a set / a model
 *	for (i = 0; i < n; i++)
 *		for (k = 0; k < ms[i]->nterms; k++)
 *			use ms[i]->terms[k].name, .estimate, .se, .p, .stars
 *	fg_model_free_all(ms, n);
 *
 * Term names are identifiers shared between a spec and a published table
 * of the same study ("female", "urban", "(Intercept)"), so models of
 * different sets line up by name; labels are what a table prints.
 *
 * Numbers unknown for a model are NaN (doubles) or -1 (counts): a
 * published table prints no t, p, sigma or F. */
#ifndef FG_MODEL_H
#define FG_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/db.h"
#include "core/error.h"
#include "core/table.h"

enum fg_model_source { FG_MODEL_FITTED, FG_MODEL_PUBLISHED };

/* Significance legend used by fitted tables (and by published ones
 * without a note of their own). */
#define FG_MODEL_NOTE "*** p < 0.001, ** p < 0.01, * p < 0.05"

struct fg_model_term {
	char *name;          /* identifier: "(Intercept)", "female" */
	char *label;         /* row label: "Intercept", "Gender (f)" */
	char *definition;    /* fitted: "Q260 == 2"; NULL for published */
	double estimate;
	double se;           /* standard error (NaN if unknown) */
	double t;            /* NaN for published terms */
	double p;            /* two-sided; NaN for published terms */
	char stars[4];       /* "", "*", "**", "***" */
	char *estimate_text; /* published: as printed ("0.802"), else NULL */
	char *se_text;       /* published: as printed ("0.348"), else NULL */
	char *cell_text;     /* published: whole cell ("0.802* (0.348)") */
};

/* The dependent variable of a model. */
struct fg_model_dv {
	char *column;        /* survey item: "Q185" */
	char *label;         /* "Divorce justifiable" */
	char *definition;    /* "Q185", or "6 - Q36" when reversed */
	double scale_min;    /* NaN when not declared */
	double scale_max;
	char *scale_low;     /* what scale_min means ("never justifiable") */
	char *scale_high;    /* what scale_max means ("always justifiable") */
	char *direction;     /* "higher means more accepting of divorce" */
};

struct fg_model {
	int64_t id;          /* row id once stored, else 0 */
	char *set;           /* name of the set: "seed-table3" */
	enum fg_model_source source;
	int seq;             /* 1-based column within the set */
	char *name;          /* "m1", unique within the set */
	char *title;         /* column heading: "Model 1" */
	struct fg_model_dv dv;
	size_t nterms;
	struct fg_model_term *terms;   /* in row order */
	long n;              /* observations (-1 unknown) */
	long dropped;        /* fitted: filtered rows dropped as missing */
	long df_model;       /* -1 unknown */
	long df_resid;
	double r2, adj_r2, sigma, f, f_p;  /* NaN unknown */
	char *r2_text;       /* published: as printed ("0.123"), else NULL */
	char *adj_r2_text;
	char *n_text;
};

struct fg_model_set {
	int64_t id;          /* row id once stored, else 0 */
	char *name;          /* unique in the project */
	char *title;         /* caption, or NULL */
	enum fg_model_source source;
	char *note;          /* footnote, or NULL (FG_MODEL_NOTE is used) */
	char *citation;      /* published: where from, or NULL */
	char *spec_path;     /* spec / table file as given */
	char *spec_text;     /* its whole text */
	char spec_sha256[65];
	char *data_path;     /* fitted: CSV file, else NULL */
	char data_sha256[65];/* fitted: its SHA-256, else "" */
	long data_rows;      /* fitted: records read (-1 unknown) */
	long filtered_rows;  /* fitted: records passing the filters */
	char *weight;        /* fitted: weight column, or NULL */
	char *created_at;    /* set when stored or read */
	char *created_by;
	size_t nmodels;
	struct fg_model *models;       /* array of nmodels, in column order */
};

/* The significance stars of a two-sided p: "***" below .001, "**" below
 * .01, "*" below .05, else "" (also for NaN).  A static string. */
const char *fg_model_stars(double p);

/* Store set in the project with every model and term, stamped with
 * db->now and coder; sets set->id and each model's id.  Runs in its own
 * transaction unless one is open (then the caller commits).  FG_EXISTS
 * when a set of that name exists, unless replace != 0: then the old set
 * and its models are deleted first.  FG_USAGE for a set without models
 * or a model without terms. */
enum fg_status fg_model_set_store(struct fg_db *db, struct fg_model_set *set,
    const char *coder, int replace, struct fg_error *err);

/* Read the set called name with all its models.  On success *out is a
 * new set freed with fg_model_set_free().  FG_NOTFOUND when there is no
 * such set. */
enum fg_status fg_model_set_get(struct fg_db *db, const char *name,
    struct fg_model_set **out, struct fg_error *err);

/* Delete the set called name (and its models); FG_NOTFOUND if absent. */
enum fg_status fg_model_set_delete(struct fg_db *db, const char *name,
    struct fg_error *err);

/* Every stored model, ordered by set name and column (set == NULL), or
 * those of the set called set.  On success *out is a new array of *n
 * models (each with its terms) freed with fg_model_free_all(); an empty
 * project gives *n = 0. */
enum fg_status fg_model_list(struct fg_db *db, const char *set,
    struct fg_model ***out, size_t *n, struct fg_error *err);

/* The models named by ref: "SET" (all its models, in column order) or
 * "SET/MODEL" (one model by name, or by title when no name matches).
 * Same ownership as fg_model_list; FG_NOTFOUND when nothing matches. */
enum fg_status fg_model_find(struct fg_db *db, const char *ref,
    struct fg_model ***out, size_t *n, struct fg_error *err);

/* Free one model's members (not the struct itself); NULL is a no-op. */
void fg_model_clear(struct fg_model *m);

/* Free an array from fg_model_list / fg_model_find. */
void fg_model_free_all(struct fg_model **ms, size_t n);

/* Free a set and its models; NULL is a no-op. */
void fg_model_set_free(struct fg_model_set *set);

/* A listing of every stored model: set, model, title, source, dv,
 * direction, n, r2, adj_r2, created_at.  *out is a new table freed with
 * fg_table_free(). */
enum fg_status fg_model_listing(struct fg_db *db, struct fg_table **out,
    struct fg_error *err);

/* ---- the regression table ----
 *
 * Models side by side: one column per model, one row per term (the union
 * of the models' terms by name, in order of first appearance, labelled by
 * the first model that has the term), then R², Adj. R² and Num. obs.
 * A cell is "estimate[stars] (se)", numbers with digits decimals
 * ("0.802* (0.348)"); a published term gives its cell exactly as printed,
 * and published statistics their printed text.  A term a model lacks
 * gives an empty cell. */

/* The cell of term k of m ("" for no term): a new string the caller
 * frees, or NULL when out of memory. */
char *fg_model_cell(const struct fg_model *m, size_t k, int digits);

/* The table as a struct fg_table: the first column (named "") holds the
 * row labels, then one text column per model named by its title.  On
 * success *out is a new table freed with fg_table_free(). */
enum fg_status fg_model_table(struct fg_model *const *ms, size_t n,
    int digits, struct fg_table **out, struct fg_error *err);

/* The table as a LaTeX tabular (booktabs rules, stars as superscripts),
 * with the note below, appended to out. */
enum fg_status fg_model_tex(struct fg_model *const *ms, size_t n,
    int digits, const char *note, struct fg_buf *out, struct fg_error *err);

/* The models as JSON appended to out: an array of objects with set,
 * source, name, title, dv {column, label, definition, scale_min,
 * scale_max, scale_low, scale_high, direction}, terms [{name, label,
 * definition, estimate, se, t, p, stars, cell}], r2, adj_r2, sigma, f,
 * f_p, df_model, df_resid, n (unknown numbers are null), and the cells
 * as shown. */
enum fg_status fg_model_json(struct fg_model *const *ms, size_t n,
    int digits, struct fg_buf *out, struct fg_error *err);

#endif
