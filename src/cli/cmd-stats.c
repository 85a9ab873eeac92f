/* cmd-stats.c - fgcode stats: statistics on survey data.
 *
 *   fgcode stats ols DATA.csv --y COL --x COL[,COL...] [--no-intercept]
 *       [--format table|json]
 *
 * ols streams the CSV (core/csvread), drops rows with an empty cell in a
 * used column, and fits by the long double QR of core/ols.  Other
 * statistics plug in as further entries of subs[] below. */
#include "config.h"

#include "cli/cli.h"

#include <jansson.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/csvread.h"
#include "core/ols.h"

/* ---- stats ols ---- */

struct ols_opts {
	const char *y;
	char **x;              /* owned names, --x split at commas */
	size_t nx, capx;
	int no_intercept;
	int negative_missing;  /* --missing-negative: WVS missing codes */
};

/* Split a --x value at commas and append the names. */
static int
add_x(struct ols_opts *o, const char *s)
{
	const char *p = s, *q;
	char *copy;

	for (;;) {
		q = strchr(p, ',');
		if (q == NULL)
			q = p + strlen(p);
		if (q == p)
			return fg_cli_errorf(2, "stats ols: empty column name "
			    "in --x '%s'", s);
		if ((copy = malloc((size_t)(q - p) + 1)) == NULL)
			return fg_cli_errorf(8, "out of memory");
		memcpy(copy, p, (size_t)(q - p));
		copy[q - p] = '\0';
		if (o->nx == o->capx) {
			size_t cap = o->capx ? 2 * o->capx : 8;
			char **n = realloc(o->x, cap * sizeof *n);
			if (n == NULL) {
				free(copy);
				return fg_cli_errorf(8, "out of memory");
			}
			o->x = n;
			o->capx = cap;
		}
		o->x[o->nx++] = copy;
		if (*q == '\0')
			return 0;
		p = q + 1;
	}
}

static int
ols_opt(struct fg_cli *cli, int c, const char *arg, void *data)
{
	struct ols_opts *o = data;

	(void)cli;
	switch (c) {
	case 'y':
		o->y = arg;
		return 0;
	case 'x':
		return add_x(o, arg);
	case 'n':
		o->no_intercept = 1;
		return 0;
	case 'M':
		o->negative_missing = 1;
		return 0;
	}
	return 2;
}

/* A field value for a message: at most 40 bytes (whole UTF-8
 * characters), line breaks and tabs shown as \n \r \t. */
static void
quote_value(struct fg_buf *b, const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++, n++) {
		if (n >= 40 && ((unsigned char)*s & 0xC0) != 0x80) {
			fg_buf_adds(b, "...");
			return;
		}
		if (*s == '\n')
			fg_buf_adds(b, "\\n");
		else if (*s == '\r')
			fg_buf_adds(b, "\\r");
		else if (*s == '\t')
			fg_buf_adds(b, "\\t");
		else
			fg_buf_addc(b, *s);
	}
}

/* Look up a column; prints the error and returns an exit status, or 0
 * with *idx set. */
static int
find_column(struct fg_csv *csv, const char *name, size_t *idx)
{
	long i = fg_csv_column(csv, name);
	struct fg_buf list = FG_BUF_INIT;
	size_t k, n = fg_csv_ncols(csv);
	int rc;

	if (i >= 0) {
		*idx = (size_t)i;
		return 0;
	}
	if (i == -2)
		return fg_cli_errorf(1, "%s: column '%s' appears more than "
		    "once in the header", fg_csv_file(csv), name);
	for (k = 0; k < n && k < 20; k++)
		fg_buf_printf(&list, "%s'%s'", k ? ", " : "",
		    fg_csv_name(csv, k));
	if (n > 20)
		fg_buf_printf(&list, ", ... (%zu more)", n - 20);
	rc = fg_cli_errorf(3, "%s: no column '%s' (columns: %s)",
	    fg_csv_file(csv), name, list.p ? list.p : "none");
	fg_buf_free(&list);
	return rc;
}

/* "NaN", "Inf", or v with digits significant digits. */
static const char *
num(char *buf, size_t size, double v, int digits)
{
	if (isnan(v))
		snprintf(buf, size, "NaN");
	else if (isinf(v))
		snprintf(buf, size, v > 0 ? "Inf" : "-Inf");
	else
		snprintf(buf, size, "%.*g", digits, v);
	return buf;
}

static const char *
pval(char *buf, size_t size, double p)
{
	if (!isnan(p) && p < 2e-16)
		snprintf(buf, size, "<2e-16");
	else
		num(buf, size, p, 4);
	return buf;
}

static const char *
stars(double p)
{
	return isnan(p) ? "" : p < .001 ? "***" : p < .01 ? "**" :
	    p < .05 ? "*" : "";
}

static int
print_table(const struct fg_ols_result *r, FILE *out)
{
	static const char *const names[] = { "term", "estimate",
		"std_error", "t", "p", "sig" };
	static const enum fg_col_type types[] = { FG_COL_TEXT, FG_COL_REAL,
		FG_COL_REAL, FG_COL_REAL, FG_COL_REAL, FG_COL_TEXT };
	struct fg_table *t = fg_table_new(6, names, types);
	char b[4][40], c[4][40];
	size_t i;
	int rc;

	if (t == NULL)
		return fg_cli_errorf(8, "out of memory");
	for (i = 0; i < r->nterms; i++) {
		const struct fg_ols_term *tm = &r->terms[i];
		const char *row[6];

		row[0] = tm->name;
		row[1] = num(b[0], sizeof b[0], tm->estimate, 7);
		row[2] = num(b[1], sizeof b[1], tm->se, 7);
		row[3] = num(b[2], sizeof b[2], tm->t, 7);
		row[4] = pval(b[3], sizeof b[3], tm->p);
		row[5] = stars(tm->p);
		if (fg_table_add(t, row) != FG_OK) {
			fg_table_free(t);
			return fg_cli_errorf(8, "out of memory");
		}
	}
	rc = fg_output_table(t, FG_FMT_TABLE, out);
	fg_table_free(t);
	if (rc != 0)
		return rc;
	fprintf(out, "---\n");
	fprintf(out, "n = %zu, residual SD = %s on %ld df\n", r->n,
	    num(c[0], sizeof c[0], r->sigma, 7), r->df_resid);
	fprintf(out, "R-squared = %s, adjusted R-squared = %s\n",
	    num(c[1], sizeof c[1], r->r2, 7),
	    num(c[2], sizeof c[2], r->adj_r2, 7));
	fprintf(out, "F = %s on %ld and %ld df, p = %s\n",
	    num(c[0], sizeof c[0], r->f, 7), r->df_model, r->df_resid,
	    pval(c[3], sizeof c[3], r->f_p));
	fprintf(out, "signif.: *** p<.001  ** p<.01  * p<.05\n");
	return 0;
}

/* A JSON number, or null when not finite (JSON has no NaN or Inf). */
static json_t *
jnum(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static int
print_json(const struct fg_ols_result *r, FILE *out)
{
	json_t *root = json_object(), *terms = json_array(), *t;
	size_t i;
	int rc = 0;

	if (root == NULL || terms == NULL) {
		json_decref(root);
		json_decref(terms);
		return fg_cli_errorf(8, "out of memory");
	}
	for (i = 0; i < r->nterms; i++) {
		const struct fg_ols_term *tm = &r->terms[i];

		t = json_object();
		json_object_set_new(t, "term", json_string(tm->name));
		json_object_set_new(t, "estimate", jnum(tm->estimate));
		json_object_set_new(t, "se", jnum(tm->se));
		json_object_set_new(t, "t", jnum(tm->t));
		json_object_set_new(t, "p", jnum(tm->p));
		json_array_append_new(terms, t);
	}
	json_object_set_new(root, "terms", terms);
	json_object_set_new(root, "r2", jnum(r->r2));
	json_object_set_new(root, "adj_r2", jnum(r->adj_r2));
	json_object_set_new(root, "sigma", jnum(r->sigma));
	json_object_set_new(root, "f", jnum(r->f));
	json_object_set_new(root, "f_p", jnum(r->f_p));
	json_object_set_new(root, "df_model", json_integer(r->df_model));
	json_object_set_new(root, "df_resid", json_integer(r->df_resid));
	json_object_set_new(root, "n", json_integer((json_int_t)r->n));
	if (json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(17)) != 0)
		rc = fg_cli_errorf(7, "cannot write JSON output");
	fputc('\n', out);
	json_decref(root);
	return rc;
}

/* Fail with err, naming the data file when the error does not. */
static int
fail_in(const struct fg_error *err, const char *file)
{
	struct fg_error e = *err;

	if (e.file[0] == '\0')
		snprintf(e.file, sizeof e.file, "%s", file);
	return fg_cli_fail(&e);
}

static int
ols_fit(struct fg_cli *cli, const char *path, struct ols_opts *o)
{
	struct fg_csv *csv = NULL;
	struct fg_ols *ols = NULL;
	struct fg_ols_result *res = NULL;
	struct fg_error err;
	const struct fg_csv_record *rec;
	size_t *cols = NULL, i, k, rows = 0, dropped = 0;
	long double *vals = NULL;
	const char **names = NULL;
	int rc = 0;

	fg_error_clear(&err);
	if (fg_csv_open(path, 1, &csv, &err) != FG_OK)
		return fg_cli_fail(&err);
	/* cols[0] is y, cols[1..nx] the predictors */
	cols = calloc(o->nx + 1, sizeof *cols);
	vals = calloc(o->nx + 1, sizeof *vals);
	names = calloc(o->nx, sizeof *names);
	if (cols == NULL || vals == NULL || names == NULL) {
		rc = fg_cli_errorf(8, "out of memory");
		goto out;
	}
	if ((rc = find_column(csv, o->y, &cols[0])) != 0)
		goto out;
	for (i = 0; i < o->nx; i++) {
		if ((rc = find_column(csv, o->x[i], &cols[i + 1])) != 0)
			goto out;
		names[i] = o->x[i];
	}
	if (fg_ols_new(o->nx, !o->no_intercept, names, &ols, &err) != FG_OK) {
		rc = fg_cli_fail(&err);
		goto out;
	}
	for (;;) {
		int missing = 0;

		if (fg_csv_next(csv, &rec, &err) != FG_OK) {
			rc = fg_cli_fail(&err);
			goto out;
		}
		if (rec == NULL)
			break;
		rows++;
		for (k = 0; k <= o->nx; k++) {
			const char *f = rec->fields[cols[k]];
			const char *col = k == 0 ? o->y : o->x[k - 1];
			enum fg_csv_num r = fg_csv_number(f, &vals[k]);

			if (r == FG_CSV_NUM_EMPTY ||
			    (r == FG_CSV_NUM_OK && o->negative_missing &&
			    vals[k] < 0)) {
				missing = 1;
			} else if (r != FG_CSV_NUM_OK) {
				struct fg_buf q = FG_BUF_INIT;

				quote_value(&q, f);
				fg_error_set(&err, FG_INPUT, fg_csv_file(csv),
				    rec->lines[cols[k]], 0, "column '%s': '%s' "
				    "is %s", col, q.p ? q.p : "",
				    r == FG_CSV_NUM_BAD ? "not a number" :
				    "out of range");
				fg_buf_free(&q);
				rc = fg_cli_fail(&err);
				goto out;
			}
		}
		if (missing) {
			dropped++;
			continue;
		}
		if (fg_ols_add(ols, vals + 1, vals[0], &err) != FG_OK) {
			err.line = rec->line;
			rc = fail_in(&err, fg_csv_file(csv));
			goto out;
		}
	}
	if (!cli->quiet)
		fprintf(stderr, "fgcode: %zu row%s, %zu dropped for missing "
		    "values\n", rows, rows == 1 ? "" : "s", dropped);
	if (fg_ols_finish(ols, &res, &err) != FG_OK) {
		rc = fail_in(&err, fg_csv_file(csv));
		goto out;
	}
	rc = cli->format == FG_FMT_JSON ? print_json(res, stdout) :
	    print_table(res, stdout);
out:
	fg_ols_result_free(res);
	fg_ols_free(ols);
	fg_csv_close(csv);
	free(cols);
	free(vals);
	free(names);
	return rc;
}

static int
run_ols(struct fg_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		FG_CLI_COMMON_OPTS,
		{ "y", required_argument, NULL, 'y' },
		{ "x", required_argument, NULL, 'x' },
		{ "no-intercept", no_argument, NULL, 'n' },
		{ "missing-negative", no_argument, NULL, 'M' },
		{ NULL, 0, NULL, 0 }
	};
	struct ols_opts o;
	const char *file = NULL;
	size_t i, j;
	int base = 0, first, rc;

	memset(&o, 0, sizeof o);
	/* Options may come after the file.  getopt may have been set up
	 * (by main's "+") to stop at the first operand, so parse in rounds:
	 * take the operand where it stopped and go on after it (the operand
	 * then sits where getopt expects the program name). */
	for (;;) {
		rc = fg_cli_getopt(cli, &fg_cmd_stats, argc - base,
		    argv + base, "", opts, ols_opt, &o, &first);
		if (rc == -1) {
			rc = 0;
			goto out;
		}
		if (rc != 0)
			goto out;
		if (first >= argc - base)
			break;
		if (file != NULL) {
			rc = fg_cli_usage(&fg_cmd_stats, "ols takes one CSV "
			    "file");
			goto out;
		}
		file = argv[base + first];
		base += first;
	}
	if (file == NULL) {
		rc = fg_cli_usage(&fg_cmd_stats, "ols needs a CSV file");
		goto out;
	}
	if (o.y == NULL || o.nx == 0) {
		rc = fg_cli_usage(&fg_cmd_stats, o.y == NULL ?
		    "ols needs --y COLUMN" : "ols needs --x COLUMN[,COLUMN...]");
		goto out;
	}
	if (cli->format != FG_FMT_TABLE && cli->format != FG_FMT_JSON) {
		rc = fg_cli_usage(&fg_cmd_stats, "ols prints --format table "
		    "or json");
		goto out;
	}
	for (i = 0; i < o.nx; i++) {
		if (strcmp(o.x[i], o.y) == 0) {
			rc = fg_cli_errorf(2, "stats ols: column '%s' is both "
			    "the response (--y) and a predictor (--x)", o.y);
			goto out;
		}
		for (j = 0; j < i; j++)
			if (strcmp(o.x[i], o.x[j]) == 0) {
				rc = fg_cli_errorf(2, "stats ols: column '%s' "
				    "is given twice in --x", o.x[i]);
				goto out;
			}
	}
	rc = ols_fit(cli, file, &o);
out:
	for (i = 0; i < o.nx; i++)
		free(o.x[i]);
	free(o.x);
	return rc;
}

/* ---- dispatch ---- */

static const struct {
	const char *name;
	int (*run)(struct fg_cli *, int, char **);
} subs[] = {
	{ "ols", run_ols },
};

static int
run(struct fg_cli *cli, int argc, char **argv)
{
	locale_t cloc, old = (locale_t)0;
	size_t i;
	int rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fg_cli_usage(&fg_cmd_stats, argc < 2 ? "which statistic?" :
		    NULL);
		return argc < 2 ? 2 : 0;
	}
	for (i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			break;
	if (i == sizeof subs / sizeof subs[0]) {
		char why[200];

		snprintf(why, sizeof why, "unknown statistic '%s'", argv[1]);
		return fg_cli_usage(&fg_cmd_stats, why);
	}
	/* numbers print with a decimal point whatever the user's locale */
	if ((cloc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0)) !=
	    (locale_t)0)
		old = uselocale(cloc);
	rc = subs[i].run(cli, argc - 1, argv + 1);
	if (cloc != (locale_t)0) {
		uselocale(old);
		freelocale(cloc);
	}
	return rc;
}

const struct fg_cmd fg_cmd_stats = {
	.name = "stats",
	.usage = "stats ols DATA.csv --y COL --x COL[,COL...] [--no-intercept] "
	    "[--missing-negative] [--format table|json]",
	.summary = "statistics on survey data (ols: linear regression)",
	.run = run,
};
