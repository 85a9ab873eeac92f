/* ols.c - ordinary least squares by a blocked Householder QR in long
 * double (see ols.h for the method). */
#include "config.h"

#include "core/ols.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

static int gsl_quiet;

struct fg_ols {
	size_t p;            /* terms, intercept included */
	size_t m;            /* columns of the augmented matrix: p + 1 (y) */
	int intercept;
	char **names;        /* p names, names[0] "(Intercept)" if any */
	long double *R;      /* m * m row-major upper triangle of [X y] */
	long double *A;      /* FG_OLS_BLOCK * m column-major pending rows */
	size_t nblock;       /* rows pending in A */
	long double *ss;     /* m sums of squares of the columns */
	size_t n;            /* rows added */
	long deficient;      /* term found collinear by the last finish */
};

static void
free_names(char **names, size_t n)
{
	size_t i;

	if (names == NULL)
		return;
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static char *
dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d != NULL)
		memcpy(d, s, n);
	return d;
}

void
fg_ols_free(struct fg_ols *o)
{
	if (o == NULL)
		return;
	free_names(o->names, o->p);
	free(o->R);
	free(o->A);
	free(o->ss);
	free(o);
}

enum fg_status
fg_ols_new(size_t p, int intercept, const char *const *names,
    struct fg_ols **out, struct fg_error *err)
{
	struct fg_ols *o;
	size_t i, k;

	*out = NULL;
	if (p + (intercept != 0) == 0)
		return fg_error_set(err, FG_USAGE, NULL, 0, 0,
		    "the model has no terms");
	if ((o = calloc(1, sizeof *o)) == NULL)
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	o->intercept = intercept != 0;
	o->deficient = -1;
	o->p = p + (size_t)o->intercept;
	o->m = o->p + 1;
	o->names = calloc(o->p, sizeof *o->names);
	o->R = calloc(o->m * o->m, sizeof *o->R);
	o->A = calloc(FG_OLS_BLOCK * o->m, sizeof *o->A);
	o->ss = calloc(o->m, sizeof *o->ss);
	if (o->names == NULL || o->R == NULL || o->A == NULL || o->ss == NULL)
		goto nomem;
	k = 0;
	if (o->intercept && (o->names[k++] = dup_str("(Intercept)")) == NULL)
		goto nomem;
	for (i = 0; i < p; i++, k++) {
		char tmp[32];
		const char *s = names != NULL ? names[i] : NULL;

		if (s == NULL) {
			snprintf(tmp, sizeof tmp, "x%zu", i + 1);
			s = tmp;
		}
		if ((o->names[k] = dup_str(s)) == NULL)
			goto nomem;
	}
	/* GSL would stop the program on a domain error; with its handler
	 * off (once per process) its functions return NaN instead */
	if (!gsl_quiet) {
		gsl_set_error_handler_off();
		gsl_quiet = 1;
	}
	*out = o;
	return FG_OK;
nomem:
	fg_ols_free(o);
	return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
}

/* Reflectors are applied to the trailing columns in panels of this many:
 * one pass over a column computes all the panel's dot products, a second
 * applies them, so each long double of the block is loaded and stored
 * once per panel instead of once per reflector. */
#define PANEL 4

/* Merge the pending rows A (nb rows, column-major with stride
 * FG_OLS_BLOCK) into R: Householder QR of the stacked matrix [R; A].  The
 * reflector of column k is u_k = e_k (row k of R) + v_k (rows of A; the
 * rows of R below k are already zero in column k), H_k = I - tau_k u_k
 * u_k', so applying it to a column j needs only R[k][j] and A's column j.
 * For a panel of reflectors r = k0.., w_r = tau_r (R[r][j] + v_r.a_j -
 * sum_{s<r} w_s v_r.v_s) and a_j -= sum_r w_r v_r. */
static void
merge_block(struct fg_ols *o)
{
	const size_t m = o->m, nb = o->nblock, B = FG_OLS_BLOCK;
	long double *R = o->R, *A = o->A;
	long double tau[PANEL], G[PANEL][PANEL], d[PANEL], w[PANEL];
	size_t i, j, k, k0, kb, r, s;

	for (k0 = 0; k0 < m; k0 += kb) {
		kb = m - k0 < PANEL ? m - k0 : PANEL;
		/* factor the panel columns k0 .. k0+kb-1 */
		for (k = k0; k < k0 + kb; k++) {
			long double *vk = A + k * B, alpha = R[k * m + k],
			    s0 = 0, s1 = 0, nrm, beta, v0;

			for (i = 0; i + 1 < nb; i += 2) {
				s0 += vk[i] * vk[i];
				s1 += vk[i + 1] * vk[i + 1];
			}
			if (i < nb)
				s0 += vk[i] * vk[i];
			s0 += s1;
			tau[k - k0] = 0;
			if (s0 == 0)
				continue;      /* v_k = 0: H_k = I */
			nrm = sqrtl(alpha * alpha + s0);
			beta = alpha > 0 ? -nrm : nrm;
			v0 = 1 / (alpha - beta);
			tau[k - k0] = (beta - alpha) / beta;
			for (i = 0; i < nb; i++)
				vk[i] *= v0;
			R[k * m + k] = beta;
			for (j = k + 1; j < k0 + kb; j++) {
				long double *aj = A + j * B, w0 = R[k * m + j];

				for (i = 0; i < nb; i++)
					w0 += vk[i] * aj[i];
				w0 *= tau[k - k0];
				R[k * m + j] -= w0;
				for (i = 0; i < nb; i++)
					aj[i] -= w0 * vk[i];
			}
		}
		if (k0 + kb == m)
			break;
		/* Gram matrix of the panel's v */
		for (r = 1; r < kb; r++)
			for (s = 0; s < r; s++) {
				const long double *vr = A + (k0 + r) * B,
				    *vs = A + (k0 + s) * B;
				long double g = 0;

				for (i = 0; i < nb; i++)
					g += vr[i] * vs[i];
				G[r][s] = g;
			}
		/* apply the panel to the trailing columns */
		for (j = k0 + kb; j < m; j++) {
			long double *aj = A + j * B;
			const long double *v[PANEL];

			for (r = 0; r < kb; r++) {
				v[r] = A + (k0 + r) * B;
				d[r] = 0;
			}
			if (kb == PANEL) {
				long double d0 = 0, d1 = 0, d2 = 0, d3 = 0;

				for (i = 0; i < nb; i++) {
					long double a = aj[i];
					d0 += v[0][i] * a;
					d1 += v[1][i] * a;
					d2 += v[2][i] * a;
					d3 += v[3][i] * a;
				}
				d[0] = d0;
				d[1] = d1;
				d[2] = d2;
				d[3] = d3;
			} else {
				for (r = 0; r < kb; r++)
					for (i = 0; i < nb; i++)
						d[r] += v[r][i] * aj[i];
			}
			for (r = 0; r < kb; r++) {
				long double t = R[(k0 + r) * m + j] + d[r];

				for (s = 0; s < r; s++)
					t -= w[s] * G[r][s];
				w[r] = tau[r] * t;
				R[(k0 + r) * m + j] -= w[r];
			}
			if (kb == PANEL) {
				const long double w0 = w[0], w1 = w[1],
				    w2 = w[2], w3 = w[3];

				for (i = 0; i < nb; i++)
					aj[i] -= w0 * v[0][i] + w1 * v[1][i] +
					    w2 * v[2][i] + w3 * v[3][i];
			} else {
				for (r = 0; r < kb; r++)
					for (i = 0; i < nb; i++)
						aj[i] -= w[r] * v[r][i];
			}
		}
	}
	o->nblock = 0;
}

/* isfinite() without the x87 FXAM instruction (which valgrind does not
 * emulate faithfully): infinities and NaNs have x - x != 0. */
static int
finite_ld(long double v)
{
	return v - v == 0;
}

/* Add a row scaled by sw (the square root of its weight): the intercept
 * column holds sw, the predictors and y are multiplied by it. */
static enum fg_status
add_row(struct fg_ols *o, const long double *x, long double y,
    long double sw, struct fg_error *err)
{
	const size_t B = FG_OLS_BLOCK, r = o->nblock;
	size_t j, k = 0;

	for (j = 0; j + (size_t)o->intercept < o->p; j++)
		if (!finite_ld(x[j]))
			return fg_error_set(err, FG_INPUT, NULL, 0, 0,
			    "column '%s': value is not finite",
			    o->names[j + (size_t)o->intercept]);
	if (!finite_ld(y))
		return fg_error_set(err, FG_INPUT, NULL, 0, 0,
		    "response: value is not finite");
	if (o->intercept) {
		o->A[r] = sw;
		o->ss[0] += sw * sw;
		k = 1;
	}
	for (j = 0; k < o->p; j++, k++) {
		long double v = sw == 1 ? x[j] : sw * x[j];

		o->A[k * B + r] = v;
		o->ss[k] += v * v;
	}
	if (sw != 1)
		y *= sw;
	o->A[k * B + r] = y;
	o->ss[k] += y * y;
	o->n++;
	if (++o->nblock == B)
		merge_block(o);
	return FG_OK;
}

enum fg_status
fg_ols_add(struct fg_ols *o, const long double *x, long double y,
    struct fg_error *err)
{
	return add_row(o, x, y, 1, err);
}

enum fg_status
fg_ols_add_weighted(struct fg_ols *o, const long double *x, long double y,
    long double w, struct fg_error *err)
{
	if (!finite_ld(w) || !(w > 0))
		return fg_error_set(err, FG_INPUT, NULL, 0, 0,
		    "weight: value is not a positive number");
	return add_row(o, x, y, w == 1 ? 1 : sqrtl(w), err);
}

long
fg_ols_deficient(const struct fg_ols *o)
{
	return o->deficient;
}

size_t
fg_ols_rows(const struct fg_ols *o)
{
	return o->n;
}

void
fg_ols_result_free(struct fg_ols_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	if (r->terms != NULL)
		for (i = 0; i < r->nterms; i++)
			free(r->terms[i].name);
	free(r->terms);
	free(r);
}

/* Upper tail of Student's t, two-sided. */
static double
t_two_sided(double t, long df)
{
	if (isnan(t) || df <= 0)
		return NAN;
	return 2 * gsl_cdf_tdist_Q(fabs(t), (double)df);
}

enum fg_status
fg_ols_finish(struct fg_ols *o, struct fg_ols_result **out,
    struct fg_error *err)
{
	const size_t p = o->p, m = o->m;
	const long double *R;
	struct fg_ols_result *res = NULL;
	long double *beta = NULL, *Rinv = NULL, ssr, ssm, sst, s2, sum;
	size_t i, j, k;
	enum fg_status st;

	*out = NULL;
	o->deficient = -1;
	if (o->nblock > 0)
		merge_block(o);
	R = o->R;
	if (o->n < p)
		return fg_error_set(err, FG_INPUT, NULL, 0, 0,
		    "%zu row%s but the model has %zu term%s: need at least "
		    "as many rows as terms", o->n, o->n == 1 ? "" : "s", p,
		    p == 1 ? "" : "s");
	for (k = 0; k < p; k++)
		if (o->ss[k] == 0 ||
		    fabsl(R[k * m + k]) <= FG_OLS_RANK_TOL * sqrtl(o->ss[k])) {
			o->deficient = (long)k;
			return fg_error_set(err, FG_INPUT, NULL, 0, 0,
			    "column '%s' is collinear with earlier columns "
			    "(or constant)", o->names[k]);
		}

	beta = malloc(p * sizeof *beta);
	Rinv = calloc(p * p, sizeof *Rinv);
	res = calloc(1, sizeof *res);
	if (beta == NULL || Rinv == NULL || res == NULL ||
	    (res->terms = calloc(p, sizeof *res->terms)) == NULL)
		goto nomem;
	res->nterms = p;
	for (k = 0; k < p; k++)
		if ((res->terms[k].name = dup_str(o->names[k])) == NULL)
			goto nomem;

	/* beta = R^-1 (Q'y): back substitution on the y column of R. */
	for (i = p; i-- > 0;) {
		sum = R[i * m + p];
		for (j = i + 1; j < p; j++)
			sum -= R[i * m + j] * beta[j];
		beta[i] = sum / R[i * m + i];
	}
	/* R^-1, column by column: R x = e_k, x upper triangular. */
	for (k = 0; k < p; k++) {
		Rinv[k * p + k] = 1 / R[k * m + k];
		for (i = k; i-- > 0;) {
			sum = 0;
			for (j = i + 1; j <= k; j++)
				sum -= R[i * m + j] * Rinv[j * p + k];
			Rinv[i * p + k] = sum / R[i * m + i];
		}
	}

	/* Sums of squares from Q'y: ||y||^2 = sum c_i^2 + r^2. */
	ssr = R[p * m + p] * R[p * m + p];
	ssm = 0;
	for (i = (size_t)o->intercept; i < p; i++)
		ssm += R[i * m + p] * R[i * m + p];
	sst = ssm + ssr;

	res->intercept = o->intercept;
	res->n = o->n;
	res->df_model = (long)p - o->intercept;
	res->df_resid = (long)(o->n - p);
	res->ssr = (double)ssr;
	res->ssm = (double)ssm;
	res->sst = (double)sst;
	s2 = res->df_resid > 0 ? ssr / res->df_resid : NAN;
	res->sigma = (double)sqrtl(s2);
	res->r2 = sst > 0 ? (double)(ssm / sst) : NAN;
	res->adj_r2 = sst > 0 && res->df_resid > 0 ? (double)(1 - ssr / sst *
	    (long double)((long)o->n - o->intercept) / res->df_resid) : NAN;
	if (res->df_model > 0 && res->df_resid > 0) {
		res->f = (double)(ssm / res->df_model / s2);
		res->f_p = isnan(res->f) ? NAN : isinf(res->f) ? 0 :
		    gsl_cdf_fdist_Q(res->f, (double)res->df_model,
		    (double)res->df_resid);
	} else {
		res->f = NAN;
		res->f_p = NAN;
	}
	for (k = 0; k < p; k++) {
		struct fg_ols_term *t = &res->terms[k];

		sum = 0;
		for (j = k; j < p; j++)
			sum += Rinv[k * p + j] * Rinv[k * p + j];
		t->estimate = (double)beta[k];
		t->se = (double)sqrtl(s2 * sum);
		t->t = (double)(beta[k] / sqrtl(s2 * sum));
		t->p = t_two_sided(t->t, res->df_resid);
	}
	free(beta);
	free(Rinv);
	*out = res;
	return FG_OK;
nomem:
	st = fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
	free(beta);
	free(Rinv);
	fg_ols_result_free(res);
	return st;
}

enum fg_status
fg_ols_fit(const struct fg_ols_input *in, struct fg_ols_result **out,
    struct fg_error *err)
{
	struct fg_ols *o;
	enum fg_status st;
	size_t i;

	*out = NULL;
	if ((st = fg_ols_new(in->p, in->intercept, in->names, &o, err)) !=
	    FG_OK)
		return st;
	for (i = 0; i < in->n; i++)
		if ((st = fg_ols_add(o, in->X + i * in->p, in->y[i], err)) !=
		    FG_OK) {
			fg_ols_free(o);
			return st;
		}
	st = fg_ols_finish(o, out, err);
	fg_ols_free(o);
	return st;
}
