/* test-ols.c - unit tests of core/ols: the eleven NIST StRD linear
 * regression datasets (log relative error of the coefficients, standard
 * errors, residual SD, R^2 and F against the certified values), a
 * hand-computed simple regression, no-intercept models, rank deficiency,
 * too few rows, streaming over several blocks, exact invariance under
 * power-of-two column scaling, a cross-check against GSL's
 * gsl_multifit_linear on well-conditioned random data, weighted rows
 * against repeated rows, and the index of a collinear column. */
#include "config.h"

#include "unit.h"

#include <ctype.h>
#include <math.h>

#include <gsl/gsl_multifit.h>

#include "core/ols.h"

/* ---- helpers ---- */

/* Log relative error in digits, capped at 15 (the certified values carry
 * 15 significant digits); absolute error when the certified value is 0. */
static double
lre(double est, double cert)
{
	double e;

	if (isnan(est))
		return 0;
	e = cert == 0 ? fabs(est) : fabs(est - cert) / fabs(cert);
	if (e == 0)
		return 15;
	e = -log10(e);
	return e > 15 ? 15 : e < 0 ? 0 : e;
}

static void
assert_close(double got, double want, double rel)
{
	double d = fabs(got - want), s = fabs(want);

	if (!(d <= rel * (s > 0 ? s : 1)))
		fail_msg("got %.17g, want %.17g (rel. tolerance %g)", got,
		    want, rel);
}

/* ---- NIST StRD files ---- */

#define NIST_MAXP 11

struct nist {
	char name[32];
	size_t n;            /* observations */
	size_t ncols;        /* columns in the data block: y, x1, ... */
	size_t nparam;       /* certified parameters */
	int intercept;       /* the model has B0 */
	long double *data;   /* n * ncols, row-major, as in the file */
	double b[NIST_MAXP], sd[NIST_MAXP], sigma, r2, f;
	int have_f;          /* F is a number (not "Infinity") */
};

static char *
skip_space(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Numbers after a label: Fortran exponents and leading dots parse with
 * strtold as they are.  Returns how many were read. */
static int
numbers(char *s, double *v, int max)
{
	int k = 0;
	char *end;

	while (k < max) {
		long double d;

		s = skip_space(s);
		d = strtold(s, &end);
		if (end == s)
			break;
		v[k++] = (double)d;
		s = end;
	}
	return k;
}

/* Read path into *ds following the line ranges its header gives.  Returns
 * 0, or -1 with a message in why. */
static int
nist_load(const char *path, const char *name, struct nist *ds, char *why)
{
	FILE *fp = fopen(path, "r");
	char line[512], *s;
	int lineno = 0, cert_a = 0, cert_b = 0, data_a = 0, data_b = 0;
	size_t row = 0;

	memset(ds, 0, sizeof *ds);
	snprintf(ds->name, sizeof ds->name, "%s", name);
	if (fp == NULL) {
		sprintf(why, "cannot open %s", path);
		return -1;
	}
	while (fgets(line, sizeof line, fp) != NULL) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if ((s = strstr(line, "Certified Values")) != NULL &&
		    cert_a == 0) {
			s = strstr(s, "lines");
			if (s == NULL || sscanf(s, "lines %d to %d", &cert_a,
			    &cert_b) != 2)
				break;
		} else if (strncmp(skip_space(line), "Data", 4) == 0 &&
		    (s = strstr(line, "(lines")) != NULL && data_a == 0) {
			if (sscanf(s, "(lines %d to %d", &data_a, &data_b) != 2)
				break;
			ds->n = (size_t)(data_b - data_a + 1);
		} else if ((s = strstr(line, "Parameter")) != NULL &&
		    lineno < 30 && ds->nparam == 0 &&
		    isdigit((unsigned char)*skip_space(line))) {
			ds->nparam = strtoul(skip_space(line), NULL, 10);
		} else if (strncmp(skip_space(line), "y = ", 4) == 0 &&
		    lineno < 30) {
			ds->intercept = strstr(line, "B0") != NULL;
		} else if (cert_a > 0 && lineno >= cert_a &&
		    lineno <= cert_b) {
			double v[4];
			char *t = skip_space(line);

			if (t[0] == 'B' && isdigit((unsigned char)t[1])) {
				unsigned k = (unsigned)strtoul(t + 1, &s, 10);
				if (k >= NIST_MAXP || numbers(s, v, 2) != 2)
					break;
				ds->b[k] = v[0];
				ds->sd[k] = v[1];
			} else if (strncmp(t, "Standard Deviation", 18) == 0 &&
			    numbers(t + 18, v, 1) == 1) {
				ds->sigma = v[0];
			} else if (strncmp(t, "R-Squared", 9) == 0 &&
			    numbers(t + 9, v, 1) == 1) {
				ds->r2 = v[0];
			} else if (strncmp(t, "Regression", 10) == 0) {
				ds->have_f = numbers(t + 10, v, 4) == 4;
				ds->f = v[3];
			}
		} else if (data_a > 0 && lineno >= data_a &&
		    lineno <= data_b) {
			char *p = line, *end;
			size_t c = 0;

			if (ds->data == NULL) {
				/* the first row fixes the column count */
				long double d;
				while (d = strtold(p, &end), end != p) {
					(void)d;
					c++;
					p = end;
				}
				ds->ncols = c;
				ds->data = calloc(ds->n * c, sizeof *ds->data);
				p = line;
			}
			for (c = 0; c < ds->ncols; c++) {
				ds->data[row * ds->ncols + c] = strtold(p, &end);
				if (end == p)
					break;
				p = end;
			}
			if (c < ds->ncols || *skip_space(p) != '\0') {
				sprintf(why, "%s:%d: bad data row", path,
				    lineno);
				fclose(fp);
				return -1;
			}
			row++;
		}
	}
	fclose(fp);
	if (cert_a == 0 || data_a == 0 || ds->nparam == 0 ||
	    ds->nparam > NIST_MAXP || row != ds->n || ds->ncols < 2) {
		sprintf(why, "%s: header not understood (certified %d-%d, "
		    "data %d-%d, %zu params, %zu/%zu rows)", path, cert_a,
		    cert_b, data_a, data_b, ds->nparam, row, ds->n);
		return -1;
	}
	return 0;
}

/* The design of dataset ds: with one predictor column and more
 * parameters than that, the powers x, x^2, ..., x^k built in long double
 * from the x value; otherwise the predictor columns as they are. */
static long double *
nist_design(const struct nist *ds, size_t *p)
{
	size_t npred = ds->nparam - (size_t)ds->intercept, i, j;
	long double *X = calloc(ds->n * npred, sizeof *X);

	assert_non_null(X);
	*p = npred;
	for (i = 0; i < ds->n; i++) {
		const long double *row = ds->data + i * ds->ncols;

		if (ds->ncols == 2) {
			long double pw = 1;
			for (j = 0; j < npred; j++) {
				pw *= row[1];
				X[i * npred + j] = pw;
			}
		} else {
			assert_int_equal(ds->ncols - 1, npred);
			for (j = 0; j < npred; j++)
				X[i * npred + j] = row[1 + j];
		}
	}
	return X;
}

static void
test_nist(void **state)
{
	const char *name = *state;
	char rel[64], why[600];
	const char *path;
	struct nist ds;
	struct fg_ols_input in;
	struct fg_ols_result *r = NULL;
	struct fg_error err;
	long double *X, *y;
	double l, lb = 99, lse = 99, lsig, lr2, lf = 99, need;
	size_t i, p;

	snprintf(rel, sizeof rel, "data/nist-strd/%s.dat", name);
	if ((path = unit_shared(rel)) == NULL)
		skip();
	if (nist_load(path, name, &ds, why) != 0)
		fail_msg("%s", why);
	X = nist_design(&ds, &p);
	y = calloc(ds.n, sizeof *y);
	assert_non_null(y);
	for (i = 0; i < ds.n; i++)
		y[i] = ds.data[i * ds.ncols];
	in.n = ds.n;
	in.p = p;
	in.X = X;
	in.y = y;
	in.names = NULL;
	in.intercept = ds.intercept;
	fg_error_clear(&err);
	if (fg_ols_fit(&in, &r, &err) != FG_OK)
		fail_msg("%s: %s", name, err.msg);
	assert_int_equal(r->nterms, ds.nparam);
	assert_int_equal(r->n, ds.n);
	for (i = 0; i < r->nterms; i++) {
		size_t k = i + (ds.intercept ? 0 : 1);   /* NoInt: B1.. */

		l = lre(r->terms[i].estimate, ds.b[k]);
		if (l < lb)
			lb = l;
		l = lre(r->terms[i].se, ds.sd[k]);
		if (l < lse)
			lse = l;
	}
	lsig = lre(r->sigma, ds.sigma);
	lr2 = lre(r->r2, ds.r2);
	if (ds.have_f)
		lf = lre(r->f, ds.f);
	printf("# %s coef LRE %.1f\n", name, lb);
	printf("# %s se LRE %.1f\n", name, lse);
	printf("# %s sigma LRE %.1f\n", name, lsig);
	printf("# %s R2 LRE %.1f\n", name, lr2);
	if (ds.have_f)
		printf("# %s F LRE %.1f\n", name, lf);
	else
		printf("# %s F %g (certified: Infinity)\n", name, r->f);
	fflush(stdout);
	need = strcmp(name, "Filip") == 0 || strcmp(name, "Wampler4") == 0 ||
	    strcmp(name, "Wampler5") == 0 ? 7 : 9;
	if (lb < need || lse < need || lsig < need || lr2 < need ||
	    lf < need)
		fail_msg("%s: LRE below %.0f (coef %.1f, se %.1f, sigma %.1f, "
		    "R2 %.1f, F %.1f)", name, need, lb, lse, lsig, lr2, lf);
	fg_ols_result_free(r);
	free(X);
	free(y);
	free(ds.data);
}

/* ---- small cases with independently known answers ---- */

/* x = 1..5, y = 2 4 5 4 5: by hand b1 = 6/10, b0 = 4 - 0.6 * 3 = 2.2,
 * SSR = 2.4, SST = 6, R^2 = 0.6, sigma = sqrt(0.8); se(b1) = sigma /
 * sqrt(10), se(b0) = sigma sqrt(1/5 + 9/10); F = 3.6 / 0.8 = 4.5.  The
 * p-values are regularised incomplete beta values from mpmath (40 digits):
 * I_{3/(3+t^2)}(3/2, 1/2). */
static void
test_simple_by_hand(void **state)
{
	static const long double x[] = { 1, 2, 3, 4, 5 }, y[] = {
		2, 4, 5, 4, 5 };
	static const char *const names[] = { "x" };
	struct fg_ols_input in = { 5, 1, x, y, names, 1 };
	struct fg_ols_result *r;
	struct fg_error err;

	(void)state;
	fg_error_clear(&err);
	assert_int_equal(fg_ols_fit(&in, &r, &err), FG_OK);
	assert_int_equal(r->nterms, 2);
	assert_string_equal(r->terms[0].name, "(Intercept)");
	assert_string_equal(r->terms[1].name, "x");
	assert_close(r->terms[0].estimate, 2.2, 1e-15);
	assert_close(r->terms[1].estimate, 0.6, 1e-15);
	assert_close(r->terms[1].se, 0.28284271247461900976, 1e-15);
	assert_close(r->terms[0].se, 0.93808315196468591091, 1e-15);
	assert_close(r->terms[1].t, 2.1213203435596425732, 1e-15);
	assert_close(r->terms[0].t, 2.3452078799117147773, 1e-15);
	assert_close(r->terms[1].p, 0.12402706265755462523, 1e-12);
	assert_close(r->terms[0].p, 0.10074345608542003608, 1e-12);
	assert_close(r->ssr, 2.4, 1e-15);
	assert_close(r->sst, 6, 1e-15);
	assert_close(r->ssm, 3.6, 1e-15);
	assert_close(r->r2, 0.6, 1e-15);
	assert_close(r->adj_r2, 0.46666666666666666667, 1e-15);
	assert_close(r->sigma, 0.89442719099991587856, 1e-15);
	assert_close(r->f, 4.5, 1e-14);
	assert_close(r->f_p, 0.12402706265755462523, 1e-12);
	assert_int_equal(r->df_model, 1);
	assert_int_equal(r->df_resid, 3);
	assert_int_equal(r->n, 5);
	fg_ols_result_free(r);
}

/* y = b x: b = sum xy / sum x^2; R^2 uses the uncentred total sum of
 * squares.  x = 1 2 3, y = 2 3 7: sum xy = 29, sum x^2 = 14, b = 29/14;
 * SST = 4 + 9 + 49 = 62, SSM = 29^2/14 = 841/14, SSR = 62 - 841/14 =
 * 27/14; sigma^2 = 27/28, se = sqrt(27/28 / 14); F = (841/14) / (27/28) =
 * 1682/27; adj R^2 = 1 - (27/14 / 62) * 3 / 2. */
static void
test_no_intercept(void **state)
{
	static const long double x[] = { 1, 2, 3 }, y[] = { 2, 3, 7 };
	static const char *const names[] = { "dose" };
	struct fg_ols_input in = { 3, 1, x, y, names, 0 };
	struct fg_ols_result *r;
	struct fg_error err;

	(void)state;
	fg_error_clear(&err);
	assert_int_equal(fg_ols_fit(&in, &r, &err), FG_OK);
	assert_int_equal(r->nterms, 1);
	assert_int_equal(r->intercept, 0);
	assert_string_equal(r->terms[0].name, "dose");
	assert_close(r->terms[0].estimate, 29.0 / 14, 1e-15);
	assert_close(r->terms[0].se, sqrt(27.0 / 28 / 14), 1e-15);
	assert_close(r->ssr, 27.0 / 14, 1e-14);
	assert_close(r->sst, 62, 1e-15);
	assert_close(r->r2, (841.0 / 14) / 62, 1e-15);
	assert_close(r->adj_r2, 1 - (27.0 / 14 / 62) * 3 / 2, 1e-15);
	assert_close(r->f, 1682.0 / 27, 1e-14);
	assert_int_equal(r->df_model, 1);
	assert_int_equal(r->df_resid, 2);
	fg_ols_result_free(r);
}

static void
expect_error(const struct fg_ols_input *in, enum fg_status code,
    const char *msg)
{
	struct fg_ols_result *r = (struct fg_ols_result *)1;
	struct fg_error err;

	fg_error_clear(&err);
	assert_int_equal(fg_ols_fit(in, &r, &err), code);
	assert_null(r);
	assert_string_equal(err.msg, msg);
}

static void
test_rank_deficiency(void **state)
{
	/* x3 = x1 + x2 exactly, in decimals that are not binary fractions */
	static const long double X[] = {
		0.1L, 0.2L, 0.1L + 0.2L,
		0.7L, 1.3L, 0.7L + 1.3L,
		2.9L, 0.4L, 2.9L + 0.4L,
		1.1L, 5.5L, 1.1L + 5.5L,
		3.3L, 2.2L, 3.3L + 2.2L,
		0.6L, 0.9L, 0.6L + 0.9L,
	}, y[] = { 1, 2, 3, 5, 4, 2 };
	static const long double Xc[] = {
		1, 7, 2, 7, 3, 7, 4, 7, 5, 7, 6, 7,
	};
	static const long double Xz[] = {
		1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0,
	};
	static const long double Xd[] = {
		1.5L, 1.5L, 2.25L, 2.25L, 3.125L, 3.125L, 4, 4, 5, 5, 6, 6,
	};
	static const char *const names[] = { "x1", "x2", "x3" };
	static const char *const cnames[] = { "age", "const" };
	struct fg_ols_input in = { 6, 3, X, y, names, 1 };
	struct fg_ols_result *r;
	struct fg_error err;
	long double Xr[18];
	size_t i;

	(void)state;
	/* x3 = 3 x1 - x2 computed in double, as data exported by another
	 * program would be: collinear up to double rounding */
	for (i = 0; i < 6; i++) {
		double a = (double)X[3 * i], b = (double)X[3 * i + 1];
		Xr[3 * i] = a;
		Xr[3 * i + 1] = b;
		Xr[3 * i + 2] = 3 * a - b;
	}
	in.X = Xr;
	expect_error(&in, FG_INPUT, "column 'x3' is collinear with earlier "
	    "columns (or constant)");
	in.X = X;
	expect_error(&in, FG_INPUT, "column 'x3' is collinear with earlier "
	    "columns (or constant)");
	in.intercept = 0;
	expect_error(&in, FG_INPUT, "column 'x3' is collinear with earlier "
	    "columns (or constant)");
	/* a constant column is collinear with the intercept ... */
	in.X = Xc;
	in.p = 2;
	in.names = cnames;
	in.intercept = 1;
	expect_error(&in, FG_INPUT, "column 'const' is collinear with "
	    "earlier columns (or constant)");
	/* ... but without an intercept it is one */
	in.intercept = 0;
	fg_error_clear(&err);
	assert_int_equal(fg_ols_fit(&in, &r, &err), FG_OK);
	fg_ols_result_free(r);
	/* a column of zeros never fits */
	in.X = Xz;
	expect_error(&in, FG_INPUT, "column 'const' is collinear with "
	    "earlier columns (or constant)");
	/* the same column twice */
	in.X = Xd;
	in.intercept = 1;
	expect_error(&in, FG_INPUT, "column 'const' is collinear with "
	    "earlier columns (or constant)");
}

static void
test_too_few_rows(void **state)
{
	static const long double X[] = { 1, 2, 3, 5, 4, 4 },
	    y[] = { 1, 2, 3 };
	static const char *const names[] = { "a", "b" };
	struct fg_ols_input in = { 2, 2, X, y, names, 1 };
	struct fg_ols_result *r;
	struct fg_error err;

	(void)state;
	expect_error(&in, FG_INPUT, "2 rows but the model has 3 terms: need "
	    "at least as many rows as terms");
	in.n = 0;
	expect_error(&in, FG_INPUT, "0 rows but the model has 3 terms: need "
	    "at least as many rows as terms");
	/* as many rows as terms: an exact fit, no residual degrees of
	 * freedom, so no standard errors */
	in.n = 3;
	fg_error_clear(&err);
	assert_int_equal(fg_ols_fit(&in, &r, &err), FG_OK);
	assert_int_equal(r->df_resid, 0);
	assert_true(isnan(r->terms[1].se));
	assert_true(isnan(r->sigma));
	assert_true(isnan(r->f));
	/* 1 = b0 + b1 + 2 b2, 2 = b0 + 3 b1 + 5 b2, 3 = b0 + 4 b1 + 4 b2:
	 * b = (0.6, 0.8, -0.2) */
	assert_close(r->terms[0].estimate, 0.6, 1e-14);
	assert_close(r->terms[1].estimate, 0.8, 1e-14);
	assert_close(r->terms[2].estimate, -0.2, 1e-14);
	fg_ols_result_free(r);
	/* no terms at all */
	in.p = 0;
	in.intercept = 0;
	expect_error(&in, FG_USAGE, "the model has no terms");
}

static void
test_not_finite(void **state)
{
	long double X[] = { 1, 2, 3 }, y[] = { 1, 2, 3 };
	static const char *const names[] = { "w" };
	struct fg_ols_input in = { 3, 1, X, y, names, 1 };

	(void)state;
	X[1] = INFINITY;
	expect_error(&in, FG_INPUT, "column 'w': value is not finite");
	X[1] = 2;
	y[2] = NAN;
	expect_error(&in, FG_INPUT, "response: value is not finite");
}

/* A deterministic generator (64-bit LCG), uniform in [-1, 1). */
static double
rnd(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(*s >> 11) / 4503599627370496.0 - 1;
}

/* Random well-conditioned data over several blocks: the coefficients,
 * their variances and the residual sum of squares agree with GSL's SVD
 * solver to 1e-10. */
/* Weighted least squares: integer weights give the fit of the rows
 * repeated (estimates, R^2, SSR; sigma on fewer degrees of freedom);
 * weight 1 everywhere is the unweighted fit bit for bit; a weight that
 * is not positive is refused.  fg_ols_deficient names the column. */
static void
test_weighted(void **state)
{
	static const long double x[] = { 1, 2, 3, 4, 5, 6, 7 },
	    y[] = { 2.5L, 3.1L, 4.9L, 4.2L, 7.7L, 6.1L, 9.4L },
	    w[] = { 1, 3, 1, 2, 1, 1, 2 };
	static const char *const names[] = { "x" };
	struct fg_ols *a, *b, *c, *d;
	struct fg_ols_result *ra, *rb, *rc, *rd;
	struct fg_error err;
	size_t i, k;
	int j;

	(void)state;
	fg_error_clear(&err);
	assert_int_equal(fg_ols_new(1, 1, names, &a, &err), FG_OK);
	assert_int_equal(fg_ols_new(1, 1, names, &b, &err), FG_OK);
	assert_int_equal(fg_ols_new(1, 1, names, &c, &err), FG_OK);
	assert_int_equal(fg_ols_new(1, 1, names, &d, &err), FG_OK);
	for (i = 0; i < 7; i++) {
		assert_int_equal(fg_ols_add(d, &x[i], y[i], &err), FG_OK);
		assert_int_equal(fg_ols_add_weighted(a, &x[i], y[i], w[i],
		    &err), FG_OK);
		for (j = 0; j < (int)w[i]; j++)
			assert_int_equal(fg_ols_add(b, &x[i], y[i], &err),
			    FG_OK);
		assert_int_equal(fg_ols_add_weighted(c, &x[i], y[i], 1, &err),
		    FG_OK);
	}
	assert_int_equal(fg_ols_add_weighted(a, &x[0], 1, 0, &err),
	    FG_INPUT);
	assert_int_equal(fg_ols_add_weighted(a, &x[0], 1, -2, &err),
	    FG_INPUT);
	assert_int_equal(fg_ols_rows(a), 7);
	assert_int_equal(fg_ols_rows(b), 11);
	assert_int_equal(fg_ols_finish(a, &ra, &err), FG_OK);
	assert_int_equal(fg_ols_finish(b, &rb, &err), FG_OK);
	assert_int_equal(fg_ols_finish(c, &rc, &err), FG_OK);
	assert_int_equal(fg_ols_finish(d, &rd, &err), FG_OK);
	for (k = 0; k < 2; k++) {
		assert_close(ra->terms[k].estimate, rb->terms[k].estimate,
		    1e-15);
		/* unit weights: the unweighted computation exactly */
		assert_true(rc->terms[k].estimate == rd->terms[k].estimate);
		assert_true(rc->terms[k].se == rd->terms[k].se);
	}
	assert_close(ra->r2, rb->r2, 1e-15);
	assert_close(ra->ssr, rb->ssr, 1e-14);
	assert_close(ra->sigma * ra->sigma * 5, rb->sigma * rb->sigma * 9,
	    1e-14);
	assert_int_equal(ra->df_resid, 5);
	assert_int_equal(fg_ols_deficient(a), -1);
	fg_ols_result_free(ra);
	fg_ols_result_free(rb);
	fg_ols_result_free(rc);
	fg_ols_result_free(rd);
	fg_ols_free(a);
	fg_ols_free(b);
	fg_ols_free(c);
	fg_ols_free(d);
}

static void
test_deficient_index(void **state)
{
	static const long double X[] = { 1, 2, 2, 4, 3, 6, 4, 8 },
	    y[] = { 1, 3, 2, 5 };
	static const char *const names[] = { "a", "b" };
	struct fg_ols *o;
	struct fg_ols_result *r = NULL;
	struct fg_error err;
	size_t i;

	(void)state;
	fg_error_clear(&err);
	assert_int_equal(fg_ols_new(2, 1, names, &o, &err), FG_OK);
	for (i = 0; i < 4; i++)
		assert_int_equal(fg_ols_add(o, X + 2 * i, y[i], &err), FG_OK);
	assert_int_equal(fg_ols_finish(o, &r, &err), FG_INPUT);
	assert_null(r);
	/* b = 2 a: term 2 (the intercept is term 0) */
	assert_int_equal(fg_ols_deficient(o), 2);
	fg_ols_free(o);
}

static void
test_gsl_crosscheck(void **state)
{
	const size_t n = 3 * FG_OLS_BLOCK + 77, p = 5;
	static const char *const names[] = { "a", "b", "c", "d" };
	long double *X = malloc(n * (p - 1) * sizeof *X),
	    *y = malloc(n * sizeof *y);
	gsl_matrix *gX = gsl_matrix_alloc(n, p), *cov = gsl_matrix_alloc(p, p);
	gsl_vector *gy = gsl_vector_alloc(n), *c = gsl_vector_alloc(p);
	gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc(n, p);
	struct fg_ols_input in;
	struct fg_ols_result *r;
	struct fg_error err;
	uint64_t seed = 42;
	double chisq;
	size_t i, j;

	(void)state;
	assert_non_null(X);
	assert_non_null(y);
	for (i = 0; i < n; i++) {
		double yy = 3.5;

		gsl_matrix_set(gX, i, 0, 1);
		for (j = 0; j < p - 1; j++) {
			double v = 10 * rnd(&seed) + (double)j;
			X[i * (p - 1) + j] = v;
			gsl_matrix_set(gX, i, j + 1, v);
			yy += (double)(j + 1) * 0.75 * v;
		}
		yy += 2 * rnd(&seed);
		y[i] = yy;
		gsl_vector_set(gy, i, yy);
	}
	assert_int_equal(gsl_multifit_linear(gX, gy, c, cov, &chisq, w), 0);
	in.n = n;
	in.p = p - 1;
	in.X = X;
	in.y = y;
	in.names = names;
	in.intercept = 1;
	fg_error_clear(&err);
	assert_int_equal(fg_ols_fit(&in, &r, &err), FG_OK);
	assert_close(r->ssr, chisq, 1e-10);
	for (j = 0; j < p; j++) {
		/* GSL's cov is already sigma^2 (X'X)^-1 */
		double se = sqrt(gsl_matrix_get(cov, j, j));
		assert_close(r->terms[j].estimate, gsl_vector_get(c, j),
		    1e-10);
		assert_close(r->terms[j].se, se, 1e-10);
	}
	fg_ols_result_free(r);
	gsl_multifit_linear_free(w);
	gsl_matrix_free(gX);
	gsl_matrix_free(cov);
	gsl_vector_free(gy);
	gsl_vector_free(c);
	free(X);
	free(y);
}

/* fg_ols_finish may be called, more rows added, and called again: the
 * second result equals a fit of all the rows at once; and scaling a
 * column by a power of two scales its coefficient exactly. */
static void
test_streaming_and_scaling(void **state)
{
	const size_t n = 2 * FG_OLS_BLOCK + 5, half = FG_OLS_BLOCK + 300;
	static const char *const names[] = { "u", "v" };
	long double *X = malloc(n * 2 * sizeof *X), *y = malloc(n * sizeof *y);
	struct fg_ols *o;
	struct fg_ols_result *r1, *r2, *r3;
	struct fg_ols_input in = { 0, 2, NULL, NULL, names, 1 };
	struct fg_error err;
	uint64_t seed = 7;
	size_t i;

	(void)state;
	for (i = 0; i < n; i++) {
		X[2 * i] = rnd(&seed);
		X[2 * i + 1] = rnd(&seed) * 1000;
		y[i] = 1 + X[2 * i] - X[2 * i + 1] / 500 + rnd(&seed) / 10;
	}
	fg_error_clear(&err);
	assert_int_equal(fg_ols_new(2, 1, names, &o, &err), FG_OK);
	for (i = 0; i < half; i++)
		assert_int_equal(fg_ols_add(o, X + 2 * i, y[i], &err), FG_OK);
	assert_int_equal(fg_ols_finish(o, &r1, &err), FG_OK);
	assert_int_equal(r1->n, half);
	for (; i < n; i++)
		assert_int_equal(fg_ols_add(o, X + 2 * i, y[i], &err), FG_OK);
	assert_int_equal(fg_ols_rows(o), n);
	assert_int_equal(fg_ols_finish(o, &r2, &err), FG_OK);
	fg_ols_free(o);
	in.n = n;
	in.X = X;
	in.y = y;
	assert_int_equal(fg_ols_fit(&in, &r3, &err), FG_OK);
	for (i = 0; i < 3; i++) {
		assert_close(r2->terms[i].estimate, r3->terms[i].estimate,
		    1e-14);
		assert_close(r2->terms[i].se, r3->terms[i].se, 1e-13);
	}
	assert_close(r2->r2, r3->r2, 1e-14);
	assert_int_equal(r2->n, n);
	fg_ols_result_free(r1);
	fg_ols_result_free(r2);
	/* scale v by 2^-20: its coefficient is 2^20 times larger, bit for
	 * bit, and nothing else changes */
	for (i = 0; i < n; i++)
		X[2 * i + 1] = ldexpl(X[2 * i + 1], -20);
	assert_int_equal(fg_ols_fit(&in, &r1, &err), FG_OK);
	assert_true(r1->terms[2].estimate == ldexp(r3->terms[2].estimate,
	    20));
	assert_true(r1->terms[2].se == ldexp(r3->terms[2].se, 20));
	assert_true(r1->terms[0].estimate == r3->terms[0].estimate);
	assert_true(r1->terms[1].estimate == r3->terms[1].estimate);
	assert_true(r1->sigma == r3->sigma);
	assert_true(r1->r2 == r3->r2);
	fg_ols_result_free(r1);
	fg_ols_result_free(r3);
	free(X);
	free(y);
}

int
main(void)
{
#define NIST(name) { "nist " name, test_nist, NULL, NULL, (void *)name }
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple_by_hand),
		cmocka_unit_test(test_no_intercept),
		cmocka_unit_test(test_rank_deficiency),
		cmocka_unit_test(test_too_few_rows),
		cmocka_unit_test(test_not_finite),
		cmocka_unit_test(test_gsl_crosscheck),
		cmocka_unit_test(test_streaming_and_scaling),
		cmocka_unit_test(test_weighted),
		cmocka_unit_test(test_deficient_index),
		NIST("Norris"),
		NIST("Pontius"),
		NIST("NoInt1"),
		NIST("NoInt2"),
		NIST("Filip"),
		NIST("Longley"),
		NIST("Wampler1"),
		NIST("Wampler2"),
		NIST("Wampler3"),
		NIST("Wampler4"),
		NIST("Wampler5"),
	};
	return cmocka_run_group_tests_name("ols", tests, NULL, NULL);
}
