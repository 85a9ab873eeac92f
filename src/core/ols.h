/* ols.h - ordinary least squares in extended precision.
 *
 * The fit is a Householder QR factorisation carried out in long double.
 * Rows arrive one at a time (fg_ols_add) and are gathered in blocks of a
 * few hundred rows; each full block is merged into the triangular factor R
 * of everything seen so far (a "tall skinny QR" update: QR of [R; block]),
 * so memory stays O(p * block) whatever the number of rows, and the
 * accuracy is that of a Householder QR of the whole matrix.  The response y
 * is carried as an extra column, so R's last column holds Q'y and its last
 * diagonal entry the residual norm.
 *
 * Coefficients come from back substitution; standard errors from
 * diag(sigma^2 R^-1 R^-T), with R^-1 by back substitution.  With an
 * intercept (always the first term) R^2 is SSM / SST with SST centred;
 * without one SST is the uncentred sum of squares of y (the definition
 * NIST certifies for its no-intercept datasets, and the one R uses).
 * The t and F tail probabilities come from GSL. */
#ifndef FG_OLS_H
#define FG_OLS_H

#include <stddef.h>

#include "core/error.h"

/* Rows are buffered and merged into R this many at a time. */
#define FG_OLS_BLOCK 512

/* A column k counts as collinear with the columns before it (or constant,
 * when there is an intercept) when |R_kk| <= FG_OLS_RANK_TOL * ||x_k||.
 * Exactly collinear columns give ratios near the long double epsilon
 * (1e-19 .. 1e-20), columns collinear up to double rounding (x3 computed
 * as x1 + x2 in double) about 1e-16; the hardest NIST dataset, Filip (a
 * degree-10 polynomial), has a smallest ratio of 5e-8 and must fit. */
#define FG_OLS_RANK_TOL 1e-13L

struct fg_ols;

struct fg_ols_term {
	char *name;          /* owned; "(Intercept)" for the intercept */
	double estimate;
	double se;           /* NaN when df_resid is 0 */
	double t;            /* estimate / se */
	double p;            /* two-sided, from Student's t with df_resid */
};

struct fg_ols_result {
	size_t nterms;       /* number of coefficients, intercept included */
	struct fg_ols_term *terms;   /* nterms, in model order */
	int intercept;       /* 1 if terms[0] is the intercept */
	size_t n;            /* rows used */
	long df_model;       /* nterms - intercept */
	long df_resid;       /* n - nterms */
	double ssr;          /* residual sum of squares */
	double ssm;          /* model (explained) sum of squares */
	double sst;          /* total: centred with an intercept, else not */
	double r2;           /* ssm / sst */
	double adj_r2;       /* 1 - (ssr/sst) (n - intercept) / df_resid */
	double sigma;        /* residual standard deviation sqrt(ssr/df_resid) */
	double f;            /* (ssm/df_model) / (ssr/df_resid); may be inf */
	double f_p;          /* upper tail of F(df_model, df_resid) at f */
};

/* Start a fit with p predictors named names[0..p-1] (copied), plus an
 * intercept first when intercept != 0.  The names are used in the result
 * and in the rank-deficiency message.  On success *out is a new
 * accumulator that the caller frees with fg_ols_free().  FG_USAGE when
 * there is no term at all, FG_NOMEM. */
enum fg_status fg_ols_new(size_t p, int intercept, const char *const *names,
    struct fg_ols **out, struct fg_error *err);

/* Add one observation: x[0..p-1] (the predictors, without the intercept)
 * and y.  Values are copied.  FG_INPUT (and nothing added) when a value is
 * not finite. */
enum fg_status fg_ols_add(struct fg_ols *o, const long double *x,
    long double y, struct fg_error *err);

/* Add one observation with weight w > 0 (weighted least squares, as R's
 * lm(weights = w)): the row, intercept included, is scaled by sqrt(w),
 * so the estimates minimise sum w (y - x b)^2, sigma^2 = sum w e^2 / df,
 * and R^2 is the weighted one (SST centred on the weighted mean).
 * FG_INPUT when w is not a positive finite number or a value is not
 * finite; nothing is added then. */
enum fg_status fg_ols_add_weighted(struct fg_ols *o, const long double *x,
    long double y, long double w, struct fg_error *err);

/* After fg_ols_finish() failed on a collinear or constant column: its
 * index among the terms (0 is the intercept when there is one); -1
 * otherwise. */
long fg_ols_deficient(const struct fg_ols *o);

/* Number of rows added so far. */
size_t fg_ols_rows(const struct fg_ols *o);

/* Compute the fit of the rows added so far (more rows may still be added
 * afterwards and the fit computed again).  On success *out is a new result
 * that the caller frees with fg_ols_result_free().  FG_INPUT when there
 * are fewer rows than terms ("3 rows but the model has 4 terms") or when a
 * column is collinear with earlier ones ("column 'x3' is collinear with
 * earlier columns (or constant)"); FG_NOMEM. */
enum fg_status fg_ols_finish(struct fg_ols *o, struct fg_ols_result **out,
    struct fg_error *err);

/* Free an accumulator; NULL is a no-op. */
void fg_ols_free(struct fg_ols *o);

/* A whole data set in memory, for callers that have one. */
struct fg_ols_input {
	size_t n;                  /* rows */
	size_t p;                  /* predictors, without the intercept */
	const long double *X;      /* n * p, row-major */
	const long double *y;      /* n */
	const char *const *names;  /* p predictor names */
	int intercept;             /* add an intercept as the first term */
};

/* fg_ols_new + fg_ols_add for every row + fg_ols_finish + fg_ols_free.
 * Same results and errors as those; *out is freed with
 * fg_ols_result_free(). */
enum fg_status fg_ols_fit(const struct fg_ols_input *in,
    struct fg_ols_result **out, struct fg_error *err);

/* Free a result; NULL is a no-op. */
void fg_ols_result_free(struct fg_ols_result *r);

#endif
