/* test-model.c - unit tests of core/model: significance stars at the
 * thresholds, storing and reading model sets (every field, NaN and
 * unknown counts, --replace, nothing left behind by a failed store),
 * finding models by set, name and title, the listing, and the table
 * layout (cells, union of terms, published text kept as printed, LaTeX
 * escapes, JSON). */
#include "config.h"

#include "unit.h"

#include <jansson.h>
#include <math.h>

#include "core/model.h"

static char *
sdup(const char *s)
{
	char *d = s ? strdup(s) : NULL;

	assert_true(s == NULL || d != NULL);
	return d;
}

static void
set_term(struct fg_model_term *t, const char *name, const char *label,
    double est, double se, double p)
{
	memset(t, 0, sizeof *t);
	t->name = sdup(name);
	t->label = sdup(label);
	t->estimate = est;
	t->se = se;
	t->t = est / se;
	t->p = p;
	snprintf(t->stars, sizeof t->stars, "%s", fg_model_stars(p));
}

static void
set_model(struct fg_model *m, const char *set, int seq, const char *name,
    const char *title, const char *dv)
{
	memset(m, 0, sizeof *m);
	m->set = sdup(set);
	m->seq = seq;
	m->name = sdup(name);
	m->title = sdup(title);
	m->dv.column = sdup(dv);
	m->dv.label = sdup(dv);
	m->dv.definition = sdup(dv);
	m->dv.scale_min = 1;
	m->dv.scale_max = 10;
	m->dv.scale_low = sdup("never");
	m->dv.scale_high = sdup("always");
	m->dv.direction = sdup("higher means more accepting");
	m->n = 100;
	m->dropped = 7;
	m->df_model = 2;
	m->df_resid = 97;
	m->r2 = .1234;
	m->adj_r2 = .1049;
	m->sigma = 2.5;
	m->f = 6.8;
	m->f_p = .0017;
}

/* A fitted set of two models: m1 (intercept, female, urban) and m2
 * (intercept, urban, duty). */
static struct fg_model_set *
fitted_set(const char *name)
{
	struct fg_model_set *s = calloc(1, sizeof *s);
	struct fg_model *m;

	assert_non_null(s);
	s->name = sdup(name);
	s->title = sdup("A title");
	s->source = FG_MODEL_FITTED;
	s->spec_path = sdup("spec.yaml");
	s->spec_text = sdup("name: x\n");
	strcpy(s->spec_sha256, "ab");
	s->data_path = sdup("data.csv");
	strcpy(s->data_sha256, "cd");
	s->data_rows = 120;
	s->filtered_rows = 107;
	s->weight = sdup("W_WEIGHT");
	s->nmodels = 2;
	s->models = calloc(2, sizeof *s->models);
	assert_non_null(s->models);
	m = &s->models[0];
	set_model(m, name, 1, "m1", "Model 1", "Q185");
	m->nterms = 3;
	m->terms = calloc(3, sizeof *m->terms);
	set_term(&m->terms[0], "(Intercept)", "Intercept", 5.29949, .6004,
	    1e-9);
	set_term(&m->terms[1], "female", "Gender (f)", .80249, .34751, .021);
	set_term(&m->terms[2], "urban", "Urban", -0.0004, .3, .99);
	m->terms[1].definition = sdup("Q260 == 2");
	m = &s->models[1];
	set_model(m, name, 2, "m2", "Model 2", "Q182");
	m->sigma = NAN;
	m->df_model = -1;
	m->nterms = 3;
	m->terms = calloc(3, sizeof *m->terms);
	set_term(&m->terms[0], "(Intercept)", "Intercept", 2.343, .403,
	    .0005);
	set_term(&m->terms[1], "urban", "Urban (other label)", -1.8224, .294,
	    .005);
	set_term(&m->terms[2], "duty", "Duty", .5, NAN, NAN);
	return s;
}

/* ---- stars ---- */

static void
test_stars(void **state)
{
	(void)state;
	assert_string_equal(fg_model_stars(.05), "");
	assert_string_equal(fg_model_stars(.0499999), "*");
	assert_string_equal(fg_model_stars(.01), "*");
	assert_string_equal(fg_model_stars(.0099999), "**");
	assert_string_equal(fg_model_stars(.001), "**");
	assert_string_equal(fg_model_stars(.000999), "***");
	assert_string_equal(fg_model_stars(0), "***");
	assert_string_equal(fg_model_stars(1), "");
	assert_string_equal(fg_model_stars(NAN), "");
}

/* ---- storing and reading ---- */

static void
test_store_read(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path);
	struct fg_model_set *s = fitted_set("kaz"), *got = NULL;
	struct fg_error err;
	const struct fg_model *m;

	(void)state;
	fg_error_clear(&err);
	if (fg_model_set_store(db, s, "tester", 0, &err) != FG_OK)
		fail_msg("store: %s", err.msg);
	assert_true(s->id > 0);
	assert_true(s->models[0].id > 0 && s->models[1].id > 0);
	if (fg_model_set_get(db, "kaz", &got, &err) != FG_OK)
		fail_msg("get: %s", err.msg);
	assert_string_equal(got->name, "kaz");
	assert_string_equal(got->title, "A title");
	assert_int_equal(got->source, FG_MODEL_FITTED);
	assert_string_equal(got->spec_text, "name: x\n");
	assert_string_equal(got->spec_sha256, "ab");
	assert_string_equal(got->data_path, "data.csv");
	assert_string_equal(got->data_sha256, "cd");
	assert_int_equal(got->data_rows, 120);
	assert_int_equal(got->filtered_rows, 107);
	assert_string_equal(got->weight, "W_WEIGHT");
	assert_string_equal(got->created_at, "2026-01-01T00:00:00Z");
	assert_string_equal(got->created_by, "tester");
	assert_null(got->note);
	assert_int_equal(got->nmodels, 2);
	m = &got->models[0];
	assert_string_equal(m->set, "kaz");
	assert_string_equal(m->name, "m1");
	assert_string_equal(m->title, "Model 1");
	assert_int_equal(m->seq, 1);
	assert_string_equal(m->dv.column, "Q185");
	assert_true(m->dv.scale_min == 1 && m->dv.scale_max == 10);
	assert_string_equal(m->dv.scale_low, "never");
	assert_string_equal(m->dv.scale_high, "always");
	assert_string_equal(m->dv.direction, "higher means more accepting");
	assert_int_equal(m->n, 100);
	assert_int_equal(m->dropped, 7);
	assert_int_equal(m->df_model, 2);
	assert_int_equal(m->df_resid, 97);
	assert_true(m->r2 == .1234 && m->adj_r2 == .1049);
	assert_true(m->sigma == 2.5 && m->f == 6.8 && m->f_p == .0017);
	assert_null(m->r2_text);
	assert_int_equal(m->nterms, 3);
	assert_string_equal(m->terms[1].name, "female");
	assert_string_equal(m->terms[1].label, "Gender (f)");
	assert_string_equal(m->terms[1].definition, "Q260 == 2");
	assert_true(m->terms[1].estimate == .80249);
	assert_true(m->terms[1].se == .34751);
	assert_true(m->terms[1].p == .021);
	assert_string_equal(m->terms[1].stars, "*");
	assert_null(m->terms[0].definition);
	assert_null(m->terms[0].cell_text);
	/* NaN and unknown counts come back as NaN and -1 */
	m = &got->models[1];
	assert_true(isnan(m->sigma));
	assert_int_equal(m->df_model, -1);
	assert_true(isnan(m->terms[2].se) && isnan(m->terms[2].p));
	assert_string_equal(m->terms[2].stars, "");
	fg_model_set_free(got);

	/* a second store of the same name: FG_EXISTS, then --replace */
	assert_int_equal(fg_model_set_store(db, s, "tester", 0, &err),
	    FG_EXISTS);
	assert_non_null(strstr(err.msg, "--replace"));
	s->models[0].n = 101;
	if (fg_model_set_store(db, s, "other", 1, &err) != FG_OK)
		fail_msg("replace: %s", err.msg);
	assert_int_equal(fg_model_set_get(db, "kaz", &got, &err), FG_OK);
	assert_int_equal(got->models[0].n, 101);
	assert_string_equal(got->created_by, "other");
	fg_model_set_free(got);
	assert_int_equal(fg_model_set_get(db, "nope", &got, &err),
	    FG_NOTFOUND);
	assert_null(got);
	fg_model_set_free(s);
	unit_db_close(db, path);
}

static int
count(struct fg_db *db, const char *sql)
{
	sqlite3_stmt *st;
	int n;

	assert_int_equal(sqlite3_prepare_v2(db->db, sql, -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* A store that fails half-way (a term name twice in one model breaks
 * UNIQUE (model_id, name)) leaves nothing. */
static void
test_store_atomic(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path);
	struct fg_model_set *s = fitted_set("kaz");
	struct fg_error err;

	(void)state;
	fg_error_clear(&err);
	free(s->models[1].terms[2].name);
	s->models[1].terms[2].name = sdup("urban");
	assert_int_equal(fg_model_set_store(db, s, "t", 0, &err), FG_DB);
	assert_int_equal(count(db, "SELECT count(*) FROM model_set"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM model"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM model_term"), 0);
	assert_false(db->in_tx);
	/* a set without models or a model without terms is refused */
	s->models[1].nterms = 0;
	assert_int_equal(fg_model_set_store(db, s, "t", 0, &err), FG_USAGE);
	s->models[1].nterms = 3;
	fg_model_set_free(s);
	unit_db_close(db, path);
}

static void
test_find_list(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path);
	struct fg_model_set *a = fitted_set("bbb"), *b = fitted_set("aaa");
	struct fg_model **ms = NULL;
	struct fg_table *t = NULL;
	struct fg_error err;
	size_t n;

	(void)state;
	fg_error_clear(&err);
	assert_int_equal(fg_model_set_store(db, a, "t", 0, &err), FG_OK);
	assert_int_equal(fg_model_set_store(db, b, "t", 0, &err), FG_OK);
	/* all models: by set name, then column */
	assert_int_equal(fg_model_list(db, NULL, &ms, &n, &err), FG_OK);
	assert_int_equal(n, 4);
	assert_string_equal(ms[0]->set, "aaa");
	assert_string_equal(ms[1]->name, "m2");
	assert_string_equal(ms[2]->set, "bbb");
	assert_int_equal(ms[3]->nterms, 3);
	fg_model_free_all(ms, n);
	assert_int_equal(fg_model_find(db, "bbb", &ms, &n, &err), FG_OK);
	assert_int_equal(n, 2);
	fg_model_free_all(ms, n);
	assert_int_equal(fg_model_find(db, "bbb/m2", &ms, &n, &err), FG_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ms[0]->title, "Model 2");
	fg_model_free_all(ms, n);
	assert_int_equal(fg_model_find(db, "aaa/Model 1", &ms, &n, &err),
	    FG_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ms[0]->name, "m1");
	fg_model_free_all(ms, n);
	assert_int_equal(fg_model_find(db, "aaa/m3", &ms, &n, &err),
	    FG_NOTFOUND);
	assert_non_null(strstr(err.msg, "aaa/m3"));
	assert_int_equal(fg_model_find(db, "ccc", &ms, &n, &err),
	    FG_NOTFOUND);
	assert_int_equal(fg_model_listing(db, &t, &err), FG_OK);
	assert_int_equal(t->nrows, 4);
	assert_string_equal(fg_table_cell(t, 0, 0), "aaa");
	assert_string_equal(fg_table_cell(t, 0, 3), "fitted");
	assert_string_equal(fg_table_cell(t, 0, 6), "100");
	assert_string_equal(fg_table_cell(t, 0, 7), "0.1234");
	fg_table_free(t);
	assert_int_equal(fg_model_set_delete(db, "aaa", &err), FG_OK);
	assert_int_equal(count(db, "SELECT count(*) FROM model"), 2);
	assert_int_equal(count(db, "SELECT count(*) FROM model_term"), 6);
	assert_int_equal(fg_model_set_delete(db, "aaa", &err), FG_NOTFOUND);
	fg_model_set_free(a);
	fg_model_set_free(b);
	unit_db_close(db, path);
}

/* ---- the table ---- */

static void
test_cells(void **state)
{
	struct fg_model_set *s = fitted_set("x");
	struct fg_model *m = &s->models[0];
	char *c;

	(void)state;
	/* 5.29949 -> 5.299 (the next digit is 4), 0.80249 -> 0.802 */
	c = fg_model_cell(m, 0, 3);
	assert_string_equal(c, "5.299*** (0.600)");
	free(c);
	c = fg_model_cell(m, 1, 3);
	assert_string_equal(c, "0.802* (0.348)");
	free(c);
	c = fg_model_cell(m, 1, 2);
	assert_string_equal(c, "0.80* (0.35)");
	free(c);
	/* -0.0004 rounds to zero: no minus sign */
	c = fg_model_cell(m, 2, 3);
	assert_string_equal(c, "0.000 (0.300)");
	free(c);
	c = fg_model_cell(&s->models[1], 2, 3);
	assert_string_equal(c, "0.500 (NaN)");
	free(c);
	/* a published cell is given as printed */
	m->terms[1].cell_text = sdup("0.802 *  ( 0.348 )");
	c = fg_model_cell(m, 1, 3);
	assert_string_equal(c, "0.802 *  ( 0.348 )");
	free(c);
	fg_model_set_free(s);
}

static void
test_table(void **state)
{
	struct fg_model_set *s = fitted_set("x");
	struct fg_model *ms[2];
	struct fg_table *t = NULL;
	struct fg_error err;

	(void)state;
	fg_error_clear(&err);
	ms[0] = &s->models[0];
	ms[1] = &s->models[1];
	s->models[1].r2_text = sdup("0.030");
	s->models[1].n_text = sdup("458");
	assert_int_equal(fg_model_table(ms, 2, 3, &t, &err), FG_OK);
	assert_int_equal(t->ncols, 3);
	assert_string_equal(t->names[0], "");
	assert_string_equal(t->names[1], "Model 1");
	assert_string_equal(t->names[2], "Model 2");
	/* rows: Intercept, Gender (f), Urban, Duty, then the statistics */
	assert_int_equal(t->nrows, 4 + 3);
	assert_string_equal(fg_table_cell(t, 0, 0), "Intercept");
	assert_string_equal(fg_table_cell(t, 0, 2), "2.343*** (0.403)");
	assert_string_equal(fg_table_cell(t, 1, 0), "Gender (f)");
	assert_string_equal(fg_table_cell(t, 1, 2), "");
	/* Urban keeps the label of the first model that has it */
	assert_string_equal(fg_table_cell(t, 2, 0), "Urban");
	assert_string_equal(fg_table_cell(t, 2, 2), "-1.822** (0.294)");
	assert_string_equal(fg_table_cell(t, 3, 0), "Duty");
	assert_string_equal(fg_table_cell(t, 3, 1), "");
	assert_string_equal(fg_table_cell(t, 4, 0), "R\xC2\xB2");
	assert_string_equal(fg_table_cell(t, 4, 1), "0.123");
	assert_string_equal(fg_table_cell(t, 4, 2), "0.030");
	assert_string_equal(fg_table_cell(t, 5, 0), "Adj. R\xC2\xB2");
	assert_string_equal(fg_table_cell(t, 5, 1), "0.105");
	assert_string_equal(fg_table_cell(t, 6, 0), "Num. obs.");
	assert_string_equal(fg_table_cell(t, 6, 1), "100");
	assert_string_equal(fg_table_cell(t, 6, 2), "458");
	fg_table_free(t);
	fg_model_set_free(s);
}

static void
test_tex(void **state)
{
	struct fg_model_set *s = fitted_set("x");
	struct fg_model *ms[1];
	struct fg_buf b = FG_BUF_INIT;
	struct fg_error err;

	(void)state;
	fg_error_clear(&err);
	ms[0] = &s->models[0];
	free(s->models[0].terms[1].label);
	s->models[0].terms[1].label = sdup("A & B_c 50% #1 {x} ~^\\");
	s->models[0].terms[2].cell_text = sdup("-1.822 ** (0.294)");
	assert_int_equal(fg_model_tex(ms, 1, 3, "* p < 0.05", &b, &err),
	    FG_OK);
	assert_non_null(strstr(b.p, "\\begin{tabular}{lc}\n\\toprule\n"
	    " & Model 1 \\\\\n\\midrule\n"));
	assert_non_null(strstr(b.p, "Intercept & 5.299$^{***}$ (0.600) "
	    "\\\\\n"));
	assert_non_null(strstr(b.p, "A \\& B\\_c 50\\% \\#1 \\{x\\} "
	    "\\textasciitilde{}\\textasciicircum{}\\textbackslash{} & "
	    "0.802$^{*}$ (0.348) \\\\\n"));
	assert_non_null(strstr(b.p, "Urban & -1.822$^{**}$ (0.294) \\\\\n"));
	assert_non_null(strstr(b.p, "\\midrule\nR$^2$ & 0.123 \\\\\n"));
	assert_non_null(strstr(b.p, "{\\footnotesize{* p $<$ 0.05}}\n"
	    "\\end{tabular}\n"));
	fg_buf_free(&b);
	fg_model_set_free(s);
}

static void
test_json(void **state)
{
	struct fg_model_set *s = fitted_set("x");
	struct fg_model *ms[2];
	struct fg_buf b = FG_BUF_INIT;
	struct fg_error err;
	json_error_t je;
	json_t *root, *m, *t;

	(void)state;
	fg_error_clear(&err);
	ms[0] = &s->models[0];
	ms[1] = &s->models[1];
	assert_int_equal(fg_model_json(ms, 2, 3, &b, &err), FG_OK);
	root = json_loads(b.p, 0, &je);
	assert_non_null(root);
	assert_int_equal(json_array_size(root), 2);
	m = json_array_get(root, 0);
	assert_string_equal(json_string_value(json_object_get(m, "source")),
	    "fitted");
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(m, "dv"), "direction")),
	    "higher means more accepting");
	assert_true(json_real_value(json_object_get(m, "r2")) == .1234);
	assert_int_equal(json_integer_value(json_object_get(m, "n")), 100);
	t = json_array_get(json_object_get(m, "terms"), 1);
	assert_string_equal(json_string_value(json_object_get(t, "name")),
	    "female");
	assert_true(json_real_value(json_object_get(t, "estimate")) == .80249);
	assert_string_equal(json_string_value(json_object_get(t, "stars")),
	    "*");
	assert_string_equal(json_string_value(json_object_get(t, "cell")),
	    "0.802* (0.348)");
	m = json_array_get(root, 1);
	assert_true(json_is_null(json_object_get(m, "sigma")));
	assert_true(json_is_null(json_object_get(m, "df_model")));
	t = json_array_get(json_object_get(m, "terms"), 2);
	assert_true(json_is_null(json_object_get(t, "se")));
	json_decref(root);
	fg_buf_free(&b);
	fg_model_set_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stars),
		cmocka_unit_test(test_store_read),
		cmocka_unit_test(test_store_atomic),
		cmocka_unit_test(test_find_list),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_tex),
		cmocka_unit_test(test_json),
	};
	return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
