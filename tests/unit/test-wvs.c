/* test-wvs.c - unit tests of core/wvs: reading specs (the fixture's
 * seed models; conditions; errors with FILE:LINE:COL), a fit whose answer
 * is worked out by hand (filters, missing codes, listwise deletion, an
 * indicator term, a reversed dependent variable), weights against
 * duplicated rows, one sample or one per model, the design rows, the
 * errors of a fit (unknown column, non-numeric value, no row left,
 * constant and collinear terms, too few rows), the descriptive table by
 * hand, and the published Table 3 of the seed (cells kept as printed,
 * the one inconsistent star found). */
#include "config.h"

#include "unit.h"

#include <math.h>

#include "core/wvs.h"

static char dir[64];

static int
setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/fgcode-wvs-XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Write text to dir/name; returns the path (static, 4 slots). */
static const char *
put(const char *name, const char *text)
{
	static char buf[4][256];
	static int i;
	FILE *fp;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof buf[i], "%s/%s", dir, name);
	fp = fopen(buf[i], "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	return buf[i];
}

static void
assert_close(double got, double want, double rel)
{
	if (!(fabs(got - want) <= rel * (fabs(want) > 1 ? fabs(want) : 1)))
		fail_msg("got %.17g, want %.17g", got, want);
}

/* ---- the spec ---- */

static void
test_seed_spec(void **state)
{
	struct fg_wvs_spec *s = NULL;
	struct fg_error err;
	const struct fg_wvs_var *v;

	(void)state;
	fg_error_clear(&err);
	if (fg_wvs_spec_load(unit_fixture("wvs/seed-models.yaml"), &s, &err)
	    != FG_OK)
		fail_msg("%s:%d:%d: %s", err.file, err.line, err.col, err.msg);
	assert_string_equal(s->name, "kaz-2018");
	assert_non_null(strstr(s->data, "wvs/wvs7-kaz-synthetic.csv"));
	assert_true(s->missing_negative);
	assert_int_equal(s->nmissing, 0);
	assert_int_equal(s->nfilters, 2);
	assert_string_equal(s->filters[1].column, "Q290");
	assert_int_equal(s->filters[1].op, FG_WVS_EQ);
	assert_true(s->filters[1].vals[0] == 398025);
	assert_null(s->weight);
	assert_false(s->listwise_model);
	assert_string_equal(s->intercept_label, "Intercept");
	assert_int_equal(s->nterms, 10);
	v = &s->terms[1];
	assert_string_equal(v->name, "age30_49");
	assert_string_equal(v->label, "Age: 30-49");
	assert_true(v->indicator);
	assert_int_equal(v->cond.op, FG_WVS_RANGE);
	assert_true(v->cond.vals[0] == 30 && v->cond.vals[1] == 49);
	v = &s->terms[7];
	assert_string_equal(v->definition, "Q37 in {1, 2}");
	assert_int_equal(v->cond.op, FG_WVS_IN);
	assert_int_equal(v->cond.nvals, 2);
	assert_int_equal(s->nmodels, 3);
	assert_int_equal(s->models[0].nterms, 10);
	assert_string_equal(s->models[2].y.definition, "6 - Q36");
	assert_true(s->models[2].y.reverse);
	assert_true(s->models[2].scale_min == 1 && s->models[2].scale_max ==
	    5);
	assert_string_equal(s->models[0].scale_high, "always justifiable");
	assert_true(s->describe.present);
	assert_int_equal(s->describe.nitems, 3);
	assert_string_equal(s->describe.items[2].column, "Q204");
	assert_int_equal(s->describe.ncats, 5);
	assert_int_equal(s->describe.nshare, 2);
	assert_int_equal(s->describe.nsections, 3);
	assert_int_equal(s->describe.ngroups, 7);
	assert_int_equal(s->describe.groups[4].section, 1);
	assert_string_equal(s->describe.groups[4].cond.text, "Q262 >= 50");
	assert_int_equal(strlen(s->sha256), 64);
	fg_wvs_spec_free(s);
}

/* A spec with one bad spot: load fails at line:col with msg in it. */
static void
spec_error(const char *text, int line, int col, const char *msg)
{
	struct fg_wvs_spec *s = NULL;
	struct fg_error err;
	const char *path = put("bad.yaml", text);

	fg_error_clear(&err);
	if (fg_wvs_spec_load(path, &s, &err) == FG_OK)
		fail_msg("accepted: %s", text);
	assert_null(s);
	assert_string_equal(err.file, path);
	if (err.line != line || err.col != col || !strstr(err.msg, msg))
		fail_msg("got %d:%d: %s; want %d:%d: ...%s...", err.line,
		    err.col, err.msg, line, col, msg);
}

#define HEAD "data: d.csv\n"
#define MODEL "models:\n  - name: m\n    y: {column: Y, scale: 1..10, " \
	"low: a, high: b}\n"

static void
test_spec_errors(void **state)
{
	(void)state;
	spec_error(HEAD "filters:\n  - A = 1\n" MODEL, 3, 7,
	    "expected '==' (not '=')");
	spec_error(HEAD "filters:\n  - A == x\n" MODEL, 3, 10,
	    "expected a number");
	spec_error(HEAD "filters:\n  - \"A in {1, 2\"\n" MODEL, 3, 16,
	    "expected ',' or '}' at the end");
	spec_error(HEAD "filters:\n  - A in 5..2\n" MODEL, 3, 14,
	    "low end");
	spec_error(HEAD "filters:\n  - A == 1 junk\n" MODEL, 3, 12,
	    "expected the end of the condition");
	spec_error(HEAD "filters:\n  - [A]\n" MODEL, 3, 5,
	    "filter: expected a condition");
	spec_error(HEAD "filter:\n  - A == 1\n" MODEL, 2, 1,
	    "unknown key 'filter'");
	spec_error(HEAD "terms:\n  - name: x\n" MODEL, 3, 5,
	    "either 'when'");
	spec_error(HEAD "terms:\n  - {name: x, column: A}\n"
	    "  - {name: x, column: B}\n" MODEL, 4, 5, "defined twice");
	spec_error(HEAD "terms:\n  - {name: a/b, column: A}\n" MODEL, 3, 12,
	    "may hold only");
	spec_error(HEAD "models:\n  - name: m\n    y: {column: Y, "
	    "scale: 1..10, high: b}\n", 4, 8, "'y' needs 'low'");
	spec_error(HEAD "models:\n  - name: m\n    y: {column: Y, "
	    "scale: 10, low: a, high: b}\n", 4, 27, "LOW..HIGH");
	spec_error(HEAD "models:\n  - name: m\n", 3, 5, "needs 'y'");
	spec_error(HEAD "models:\n  - name: m\n    terms: [nope]\n"
	    "    y: {column: Y, scale: 1..10, low: a, high: b}\n", 4, 13,
	    "no term 'nope'");
	spec_error(HEAD "listwise: some\n" MODEL, 2, 11, "'listwise'");
	spec_error(HEAD "missing: [negative, x]\n" MODEL, 2, 21,
	    "a missing code");
	spec_error(HEAD, 1, 1, "neither 'models' nor 'describe'");
	spec_error(HEAD "describe:\n  items: []\n", 3, 10,
	    "'items' is empty");
}

/* ---- fitting ---- */

/* After the filter and missing codes, the rows used are
 *   X=1: Y 2, 4    (d = 0, mean 3)
 *   X=2: Y 5; X=3: Y 7, 9    (d = 1, mean 7)
 * so Y = 3 + 4 d, residuals -1 1 -2 0 2, SSR 10, df 3, s^2 = 10/3,
 * se(slope) = sqrt(s^2 (1/2 + 1/3)) = 5/3, se(intercept) = sqrt(s^2/2),
 * SST = 29.2 (mean 5.4), R^2 = 1 - 10/29.2. */
static const char *const data_csv =
	"C,X,Y,W,K\n"
	"398,1,2,1,a\n"
	"398,1,4,1,b\n"
	"417,1,10,1,c\n"          /* another country: filtered out */
	"398,2,5,1,d\n"
	"398,3,7,1,e\n"
	"398,2,-1,1,f\n"          /* Y missing (negative) */
	"398,,6,1,g\n"            /* X missing (empty) */
	"398,3,99,1,h\n"          /* Y missing (code 99) */
	"398,3,9,1,i\n";

static const char *const fit_yaml =
	"name: hand\n"
	"data: d.csv\n"
	"missing: [negative, 99]\n"
	"filters:\n"
	"  - C == 398\n"
	"terms:\n"
	"  - name: d\n"
	"    label: X two or three\n"
	"    when: X in {2, 3}\n"
	"models:\n"
	"  - name: m\n"
	"    title: The model\n"
	"    y: {column: Y, scale: 1..10, low: a, high: b}\n"
	"  - name: r\n"
	"    y: {column: Y, reverse: true, scale: 1..10, low: b, high: a,\n"
	"        direction: higher means more a}\n";

struct rows {
	int n;
	int lines[16];
	double y0[16];
	int miss0[16];
	size_t ncols;
	char names[8][16];
};

static enum fg_status
on_row(void *data, size_t ncols, const char *const *names,
    const double *vals, const int *missing, int line, struct fg_error *err)
{
	struct rows *r = data;
	size_t i;

	(void)err;
	r->ncols = ncols;
	for (i = 0; i < ncols && i < 8; i++)
		snprintf(r->names[i], sizeof r->names[i], "%s", names[i]);
	r->lines[r->n] = line;
	r->y0[r->n] = vals[0];
	r->miss0[r->n] = missing[0];
	r->n++;
	return FG_OK;
}

static void
test_fit_by_hand(void **state)
{
	struct fg_wvs_spec *s = NULL;
	struct fg_model_set *set = NULL;
	struct fg_wvs_opts o;
	struct fg_error err;
	struct rows rows;
	const struct fg_model *m;
	double s2 = 10.0 / 3;

	(void)state;
	fg_error_clear(&err);
	put("d.csv", data_csv);
	assert_int_equal(fg_wvs_spec_load(put("fit.yaml", fit_yaml), &s,
	    &err), FG_OK);
	memset(&o, 0, sizeof o);
	memset(&rows, 0, sizeof rows);
	o.on_row = on_row;
	o.row_data = &rows;
	if (fg_wvs_fit(s, &o, &set, &err) != FG_OK)
		fail_msg("%s:%d:%d: %s", err.file, err.line, err.col, err.msg);
	assert_string_equal(set->name, "hand");
	assert_int_equal(set->source, FG_MODEL_FITTED);
	assert_int_equal(set->data_rows, 9);
	assert_int_equal(set->filtered_rows, 8);
	assert_null(set->weight);
	assert_string_equal(set->spec_text, fit_yaml);
	assert_int_equal(strlen(set->data_sha256), 64);
	assert_int_equal(set->nmodels, 2);
	m = &set->models[0];
	assert_string_equal(m->title, "The model");
	assert_int_equal(m->n, 5);
	assert_int_equal(m->dropped, 3);
	assert_int_equal(m->df_resid, 3);
	assert_int_equal(m->nterms, 2);
	assert_string_equal(m->terms[0].name, "(Intercept)");
	assert_string_equal(m->terms[0].label, "Intercept");
	assert_string_equal(m->terms[1].name, "d");
	assert_string_equal(m->terms[1].label, "X two or three");
	assert_string_equal(m->terms[1].definition, "X in {2, 3}");
	assert_close(m->terms[0].estimate, 3, 1e-14);
	assert_close(m->terms[1].estimate, 4, 1e-14);
	assert_close(m->terms[0].se, sqrt(s2 / 2), 1e-14);
	assert_close(m->terms[1].se, 5.0 / 3, 1e-14);
	assert_close(m->terms[1].t, 2.4, 1e-14);
	assert_close(m->r2, 1 - 10 / 29.2, 1e-14);
	assert_close(m->adj_r2, 1 - (10 / 29.2) * 4 / 3, 1e-14);
	assert_close(m->sigma, sqrt(s2), 1e-14);
	/* t = 2.4 on 3 df: p = 2 pt(-2.4, 3) = 0.09587448227 (R, and mpmath
	 * betainc(3/2, 1/2, 0, 3/(3 + 2.4^2))) */
	assert_close(m->terms[1].p, 0.0958744822718310, 1e-12);
	assert_string_equal(m->terms[1].stars, "");
	/* reversed: 11 - Y = 8 - 4 d */
	m = &set->models[1];
	assert_string_equal(m->dv.definition, "11 - Y");
	assert_string_equal(m->dv.direction, "higher means more a");
	assert_close(m->terms[0].estimate, 8, 1e-14);
	assert_close(m->terms[1].estimate, -4, 1e-14);
	assert_close(m->r2, 1 - 10 / 29.2, 1e-14);
	assert_string_equal(set->models[0].dv.direction,
	    "higher means closer to 'b'");
	/* the design: the five rows used, at their lines, y_m then y_r */
	assert_int_equal(rows.n, 5);
	assert_int_equal(rows.ncols, 3);
	assert_string_equal(rows.names[0], "y_m");
	assert_string_equal(rows.names[1], "y_r");
	assert_string_equal(rows.names[2], "d");
	assert_int_equal(rows.lines[0], 2);
	assert_int_equal(rows.lines[2], 5);
	assert_int_equal(rows.lines[4], 10);
	assert_true(rows.y0[4] == 9);
	fg_model_set_free(set);
	fg_wvs_spec_free(s);
}

/* Weight 2 on a row gives the estimates and R^2 of that row twice. */
static void
test_weights(void **state)
{
	struct fg_wvs_spec *s = NULL;
	struct fg_model_set *a = NULL, *b = NULL;
	struct fg_wvs_opts o;
	struct fg_error err;
	size_t k;

	(void)state;
	fg_error_clear(&err);
	assert_int_equal(fg_wvs_spec_load(put("fit.yaml", fit_yaml), &s,
	    &err), FG_OK);
	memset(&o, 0, sizeof o);
	/* the last row's weight is missing (negative): dropped */
	o.data = put("w.csv", "C,X,Y,W\n398,1,2,1\n398,1,4,2\n398,2,5,1\n"
	    "398,3,7,1\n398,3,9,2\n398,2,6,-1\n");
	o.weight = "W";
	if (fg_wvs_fit(s, &o, &a, &err) != FG_OK)
		fail_msg("%s", err.msg);
	o.data = put("dup.csv", "C,X,Y\n398,1,2\n398,1,4\n398,1,4\n"
	    "398,2,5\n398,3,7\n398,3,9\n398,3,9\n");
	o.weight = NULL;
	assert_int_equal(fg_wvs_fit(s, &o, &b, &err), FG_OK);
	assert_string_equal(a->weight, "W");
	assert_null(b->weight);
	assert_int_equal(a->models[0].n, 5);
	assert_int_equal(b->models[0].n, 7);
	for (k = 0; k < 2; k++)
		assert_close(a->models[0].terms[k].estimate,
		    b->models[0].terms[k].estimate, 1e-14);
	assert_close(a->models[0].r2, b->models[0].r2, 1e-14);
	/* the same SSR on 3 and on 5 degrees of freedom */
	assert_close(a->models[0].sigma * a->models[0].sigma * 3,
	    b->models[0].sigma * b->models[0].sigma * 5, 1e-13);
	fg_model_set_free(a);
	fg_model_set_free(b);
	/* --unweighted: every row, the weight column unread */
	o.data = put("w.csv", "C,X,Y,W\n398,1,2,1\n398,1,4,2\n398,2,5,1\n"
	    "398,3,7,1\n398,3,9,2\n398,2,6,-1\n");
	o.weight = "W";
	o.unweighted = 1;
	assert_int_equal(fg_wvs_fit(s, &o, &a, &err), FG_OK);
	assert_null(a->weight);
	assert_int_equal(a->models[0].n, 6);
	fg_model_set_free(a);
	fg_wvs_spec_free(s);
}

/* listwise: all drops a row missing for any model; model keeps it for
 * the models that have it. */
#define L_TERMS "data: l.csv\nterms:\n  - {name: x, column: X}\nmodels:\n" \
	"  - {name: a, y: {column: A, scale: 0..9, low: l, high: h}}\n" \
	"  - {name: b, y: {column: B, scale: 0..9, low: l, high: h}}\n"

static void
test_listwise(void **state)
{
	static const char *const only_a[] = { "a" };
	struct fg_wvs_spec *s = NULL;
	struct fg_model_set *set = NULL;
	struct fg_wvs_opts o;
	struct fg_error err;

	(void)state;
	fg_error_clear(&err);
	put("l.csv", "X,A,B\n1,1,2\n2,3,1\n3,2,-1\n4,5,3\n5,4,-2\n6,7,5\n");
	assert_int_equal(fg_wvs_spec_load(put("l.yaml", "listwise: all\n"
	    L_TERMS), &s, &err), FG_OK);
	assert_int_equal(fg_wvs_fit(s, NULL, &set, &err), FG_OK);
	assert_int_equal(set->models[0].n, 4);
	assert_int_equal(set->models[1].n, 4);
	assert_int_equal(set->models[0].dropped, 2);
	fg_model_set_free(set);
	/* fitting a alone keeps the sample of the whole spec */
	memset(&o, 0, sizeof o);
	o.models = only_a;
	o.nmodels = 1;
	assert_int_equal(fg_wvs_fit(s, &o, &set, &err), FG_OK);
	assert_int_equal(set->nmodels, 1);
	assert_string_equal(set->models[0].name, "a");
	assert_int_equal(set->models[0].n, 4);
	fg_model_set_free(set);
	fg_wvs_spec_free(s);
	assert_int_equal(fg_wvs_spec_load(put("l.yaml", "listwise: model\n"
	    L_TERMS), &s, &err), FG_OK);
	assert_true(s->listwise_model);
	assert_int_equal(fg_wvs_fit(s, NULL, &set, &err), FG_OK);
	assert_int_equal(set->models[0].n, 6);
	assert_int_equal(set->models[1].n, 4);
	assert_int_equal(set->models[1].dropped, 2);
	/* A on X over all six rows: Sxy / Sxx = (95 - 6 * 3.5 * 22 / 6) /
	 * 17.5 = 18 / 17.5 */
	assert_close(set->models[0].terms[1].estimate, 18 / 17.5, 1e-14);
	fg_model_set_free(set);
	fg_wvs_spec_free(s);
}

/* A fit that fails: err at file:line:col, message containing msg. */
static void
fit_error(const char *yaml, const char *csv, const char *file, int line,
    int col, const char *msg)
{
	struct fg_wvs_spec *s = NULL;
	struct fg_model_set *set = NULL;
	struct fg_error err;
	const char *path;

	fg_error_clear(&err);
	put("e.csv", csv);
	path = put("e.yaml", yaml);
	assert_int_equal(fg_wvs_spec_load(path, &s, &err), FG_OK);
	if (fg_wvs_fit(s, NULL, &set, &err) == FG_OK)
		fail_msg("fit accepted: %s", yaml);
	assert_null(set);
	if (strstr(err.file, file) == NULL || err.line != line ||
	    err.col != col || strstr(err.msg, msg) == NULL)
		fail_msg("got %s:%d:%d: %s; want %s:%d:%d: ...%s...",
		    err.file, err.line, err.col, err.msg, file, line, col,
		    msg);
	fg_wvs_spec_free(s);
}

#define E_HEAD "data: e.csv\nfilters:\n  - C == 1\nterms:\n"
#define E_MODEL "models:\n  - name: m\n    y: {column: Y, scale: 1..9, " \
	"low: a, high: b}\n"
#define E_CSV "C,X,Z,Y\n1,1,2,3\n1,2,4,5\n1,3,6,4\n1,4,8,8\n2,5,1,1\n"

static void
test_fit_errors(void **state)
{
	(void)state;
	fit_error(E_HEAD "  - {name: x, column: X}\n  - {name: q, column: "
	    "Q}\n" E_MODEL, E_CSV, "e.yaml", 6, 23, "no column 'Q' in");
	fit_error(E_HEAD "  - {name: x, column: X}\n" E_MODEL,
	    "C,X,Z,Y\n1,1,2,3\n1,2,4,\"5\n\"\n1,3,6,4\n", "e.csv", 3,
	    0, "column 'Y': '5\\n' is not a number");
	fit_error("data: e.csv\nfilters:\n  - C == 3\nterms:\n"
	    "  - {name: x, column: X}\n" E_MODEL, E_CSV, "e.yaml", 3, 3,
	    "no row of");
	fit_error(E_HEAD "  - {name: x, column: X}\n  - {name: one, when: "
	    "C == 1}\n" E_MODEL, E_CSV, "e.yaml", 6, 23,
	    "term 'one' (C == 1) is constant: 1 in all 4 rows");
	fit_error(E_HEAD "  - {name: x, column: X}\n  - {name: z, column: "
	    "Z}\n" E_MODEL, E_CSV, "e.yaml", 6, 23,
	    "term 'z' (Z) is collinear");
	fit_error(E_HEAD "  - {name: x, column: X}\n  - {name: z, when: "
	    "Z > 2}\n  - {name: w, when: X > 3}\n" E_MODEL, E_CSV, "e.yaml",
	    9, 5, "model 'm' has 4 terms but only 4 rows left");
	fit_error(E_HEAD "  - {name: x, column: X}\n" E_MODEL,
	    "C,X,Z,Y\n1,1,2,3\n1,2,4,3\n1,3,6,3\n", "e.yaml", 8, 17,
	    "dependent variable Y is constant");
	fit_error(E_HEAD "  - {name: x, column: X}\n" E_MODEL,
	    "C,X,Z,Y\n1,1,2,3\n1,-2,4,5\n1,-3,6,3\n1,4,5,6\n", "e.yaml", 7,
	    5, "most often missing: X, 2 rows");
}

/* ---- describe ---- */

static void
test_describe(void **state)
{
	static const char *const yaml =
		"data: q.csv\n"
		"filters: [C == 1]\n"
		"describe:\n"
		"  items:\n"
		"    - {column: I, label: Item}\n"
		"    - {column: J}\n"
		"  categories:\n"
		"    - {code: 1, label: Daily}\n"
		"    - {code: 2, label: Weekly}\n"
		"    - {code: 3, label: Never}\n"
		"  share: {codes: [1, 2], label: '*daily or weekly'}\n"
		"  by:\n"
		"    - heading: Sex\n"
		"      groups:\n"
		"        - {label: F, when: S == 2}\n"
		"        - {label: M, when: S == 1}\n";
	struct fg_wvs_spec *s = NULL;
	struct fg_wvs_desc *d = NULL;
	struct fg_table *t = NULL;
	struct fg_wvs_opts o;
	struct fg_error err;

	(void)state;
	fg_error_clear(&err);
	/* valid I: 1 1 2 3 (F: 1 2, M: 1 3, one with S missing);
	 * J: 3 3 1 -1 -> 3 valid */
	put("q.csv", "C,S,I,J,W\n1,2,1,3,2\n1,1,1,3,1\n1,2,2,1,1\n"
	    "1,1,3,-1,1\n1,-1,-2,3,1\n2,2,1,1,1\n");
	assert_int_equal(fg_wvs_spec_load(put("q.yaml", yaml), &s, &err),
	    FG_OK);
	if (fg_wvs_describe(s, NULL, &d, &err) != FG_OK)
		fail_msg("%s", err.msg);
	assert_int_equal(d->rows, 6);
	assert_int_equal(d->filtered, 5);
	assert_false(d->weighted);
	/* I: daily 2, weekly 1, never 1 of 4; J: daily 1, never 3 of 4 */
	assert_true(d->freq[0] == 2 && d->freq[1] == 1 && d->freq[2] == 1);
	assert_true(d->valid[0] == 4 && d->valid_n[0] == 4);
	assert_true(d->freq[3] == 1 && d->freq[5] == 3 && d->valid[1] == 4);
	/* share daily or weekly: I F 2/2, I M 1/2, J F 1/2 (3 and 1),
	 * J M 0/1 (3; the -1 is missing) */
	assert_true(d->share[0] == 2 && d->group_valid[0] == 2);
	assert_true(d->share[1] == 1 && d->group_valid[1] == 2);
	assert_true(d->share[2] == 1 && d->group_valid[2] == 2);
	assert_true(d->share[3] == 0 && d->group_valid[3] == 1);
	assert_int_equal(fg_wvs_desc_table(s, d, 1, 1, &t, &err), FG_OK);
	assert_int_equal(t->ncols, 3);
	assert_string_equal(t->names[1], "Item");
	assert_string_equal(t->names[2], "J");
	assert_int_equal(t->nrows, 1 + 3 + 1 + 2);
	assert_string_equal(fg_table_cell(t, 0, 0), "Frequency");
	assert_string_equal(fg_table_cell(t, 0, 1), "");
	assert_string_equal(fg_table_cell(t, 1, 1), "50.0%");
	assert_string_equal(fg_table_cell(t, 2, 2), "0.0%");
	assert_string_equal(fg_table_cell(t, 3, 2), "75.0%");
	assert_string_equal(fg_table_cell(t, 4, 0), "Sex");
	assert_string_equal(fg_table_cell(t, 5, 1), "100.0%");
	assert_string_equal(fg_table_cell(t, 6, 2), "0.0%");
	fg_table_free(t);
	assert_int_equal(fg_wvs_desc_table(s, d, 0, 1, &t, &err), FG_OK);
	assert_int_equal(t->nrows, 3 * 2 + 2 * 2);
	assert_string_equal(fg_table_cell(t, 1, 2), "J");
	assert_string_equal(fg_table_cell(t, 1, 4), "25");
	assert_string_equal(fg_table_cell(t, 9, 1), "M");
	assert_string_equal(fg_table_cell(t, 9, 6), "1");
	fg_table_free(t);
	fg_wvs_desc_free(d);
	/* weighted: row 1 (I 1, J 3, F) counts twice */
	memset(&o, 0, sizeof o);
	o.weight = "W";
	assert_int_equal(fg_wvs_describe(s, &o, &d, &err), FG_OK);
	assert_true(d->weighted);
	assert_true(d->freq[0] == 3 && d->valid[0] == 5);
	assert_true(d->valid_n[0] == 4);
	assert_true(d->share[0] == 3 && d->group_valid[0] == 3);
	fg_wvs_desc_free(d);
	/* a value outside the categories is an error at its line */
	put("q.csv", "C,S,I,J,W\n1,2,1,3,2\n1,1,4,3,1\n");
	assert_int_equal(fg_wvs_describe(s, NULL, &d, &err), FG_INPUT);
	assert_non_null(strstr(err.file, "q.csv"));
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.msg, "column 'I': 4 is not one of the "
	    "categories"));
	fg_wvs_spec_free(s);
}

/* ---- published tables ---- */

static void
test_table3(void **state)
{
	struct fg_model_set *set = NULL;
	struct fg_buf warn = FG_BUF_INIT;
	struct fg_error err;
	const struct fg_model *m;

	(void)state;
	fg_error_clear(&err);
	if (fg_wvs_table_load(unit_fixture("wvs/seed-table3.yaml"), &set,
	    &warn, &err) != FG_OK)
		fail_msg("%s:%d:%d: %s", err.file, err.line, err.col, err.msg);
	assert_string_equal(set->name, "seed-table3");
	assert_int_equal(set->source, FG_MODEL_PUBLISHED);
	assert_string_equal(set->note,
	    "*** p < 0.001, ** p < 0.01, * p < 0.05");
	assert_null(set->data_path);
	assert_int_equal(set->nmodels, 3);
	m = &set->models[0];
	assert_int_equal(m->source, FG_MODEL_PUBLISHED);
	assert_string_equal(m->title, "Model 1");
	assert_string_equal(m->dv.column, "Q185");
	assert_int_equal(m->nterms, 11);
	assert_string_equal(m->terms[0].cell_text, "5.299 *** (0.600)");
	assert_string_equal(m->terms[0].stars, "***");
	assert_true(m->terms[0].estimate == 5.299);
	assert_true(m->terms[0].se == 0.600);
	assert_string_equal(m->terms[0].se_text, "0.600");
	assert_true(isnan(m->terms[0].p) && isnan(m->terms[0].t));
	assert_string_equal(m->terms[8].name, "duty");
	assert_string_equal(m->terms[8].label, "Duty to have children");
	assert_string_equal(m->terms[8].cell_text, "-1.822*** (0.294)");
	assert_true(m->terms[8].estimate == -1.822);
	assert_string_equal(m->terms[8].estimate_text, "-1.822");
	assert_int_equal(m->n, 458);
	assert_string_equal(m->n_text, "458");
	assert_true(m->r2 == 0.123 && m->adj_r2 == 0.104);
	m = &set->models[2];
	assert_string_equal(m->dv.definition, "6 - Q36");
	assert_string_equal(m->terms[10].stars, "*");
	assert_string_equal(m->adj_r2_text, "0.038");
	/* the one inconsistency: 0.219* (0.124) has t = 1.77 on 447 df */
	assert_non_null(warn.p);
	assert_non_null(strstr(warn.p, "seed-table3.yaml:85:50: Model 3, "
	    "Frequent Social Media user: the stars '*' do not match 0.219 "
	    "(0.124): t = 1.77, p = 0.0781 with 447 df"));
	/* and only that one: one line */
	assert_true(strchr(warn.p, '\n') == warn.p + warn.len - 1);
	fg_buf_free(&warn);
	fg_model_set_free(set);
}

static void
table_error(const char *yaml, int line, int col, const char *msg)
{
	struct fg_model_set *set = NULL;
	struct fg_error err;

	fg_error_clear(&err);
	if (fg_wvs_table_load(put("t.yaml", yaml), &set, NULL, &err) ==
	    FG_OK)
		fail_msg("accepted: %s", yaml);
	if (err.line != line || err.col != col || !strstr(err.msg, msg))
		fail_msg("got %d:%d: %s; want %d:%d: ...%s...", err.line,
		    err.col, err.msg, line, col, msg);
}

#define T_MODELS "models:\n  - name: a\n    y: {column: Y, scale: 1..5, " \
	"low: l, high: h}\n"

static void
test_table_errors(void **state)
{
	struct fg_model_set *set = NULL;
	struct fg_buf warn = FG_BUF_INIT;
	struct fg_error err;

	(void)state;
	table_error(T_MODELS "rows:\n  - {term: x, cells: ['0.5 * 0.2']}\n",
	    5, 23, "does not read ESTIMATE[STARS] (SE)");
	table_error(T_MODELS "rows:\n  - {term: x, cells: ['0.5****']}\n",
	    5, 23, "does not read");
	table_error(T_MODELS "rows:\n  - {term: x, cells: [1, 2]}\n", 5, 22,
	    "2 cells but the table has 1 model");
	table_error(T_MODELS "rows:\n  - {term: x, cells: ['1']}\n"
	    "  - {term: x, cells: ['1']}\n", 6, 5, "two rows");
	table_error(T_MODELS "rows:\n  - {term: x, cells: ['1']}\n"
	    "stats: {n: [many]}\n", 6, 13, "whole number");
	table_error("models: []\n", 1, 9, "empty");
	/* U+2212 minus and no stars; an adjusted R2 that cannot be */
	fg_error_clear(&err);
	assert_int_equal(fg_wvs_table_load(put("t.yaml", T_MODELS
	    "rows:\n  - {term: (Intercept), cells: ['1.0*** (0.1)']}\n"
	    "  - {term: x, cells: ['\xE2\x88\x92" "0.50 (0.20)']}\n"
	    "stats: {r2: ['0.50'], adj_r2: ['0.30'], n: ['20']}\n"), &set,
	    &warn, &err), FG_OK);
	assert_true(set->models[0].terms[1].estimate == -0.5);
	assert_string_equal(set->models[0].terms[1].estimate_text,
	    "\xE2\x88\x92" "0.50");
	/* 1 - 0.5 * 19/18 = 0.472 */
	assert_non_null(strstr(warn.p, "adjusted R\xC2\xB2 0.30 does not "
	    "follow from R\xC2\xB2 0.50 with 20 observations and 2 terms "
	    "(expected 0.47 to 0.48)"));
	/* 0.50/0.20 = 2.5 on 18 df: p = 0.022, printed without stars */
	assert_non_null(strstr(warn.p, "x: the stars '' do not match"));
	fg_buf_free(&warn);
	fg_model_set_free(set);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_spec),
		cmocka_unit_test(test_spec_errors),
		cmocka_unit_test(test_fit_by_hand),
		cmocka_unit_test(test_weights),
		cmocka_unit_test(test_listwise),
		cmocka_unit_test(test_fit_errors),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_table3),
		cmocka_unit_test(test_table_errors),
	};
	return cmocka_run_group_tests_name("wvs", tests, setup, teardown);
}
