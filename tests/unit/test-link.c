/* test-link.c - unit tests of core/link: reading link files, their
 * errors with line and column, checking them against a project, and
 * evaluating conditions. */
#include "config.h"

#include "unit.h"

#include "core/link.h"
#include "core/model.h"
#include "core/wvs.h"

static char tmpdir[64];

static const char *
put(const char *name, const char *text)
{
	static char path[4][128];
	static int i;
	FILE *fp;

	i = (i + 1) % 4;
	snprintf(path[i], sizeof path[i], "%s/%s", tmpdir, name);
	fp = fopen(path[i], "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	return path[i];
}

static int
setup(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/fgcode-link-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char TABLE[] =
    "name: ms\n"
    "models:\n"
    "  - name: m1\n"
    "    title: Model 1\n"
    "    y: {column: Y, label: Acceptance, scale: 1..10, low: never,\n"
    "        high: always, direction: higher means more accepting}\n"
    "  - name: m2\n"
    "    title: Model 2\n"
    "    y: {column: Z, label: Other, scale: 1..5, low: no, high: yes,\n"
    "        direction: higher means more}\n"
    "rows:\n"
    "  - term: (Intercept)\n"
    "    label: Intercept\n"
    "    cells: [\"5.000 (0.500)\", \"1.000 (0.500)\"]\n"
    "  - term: female\n"
    "    label: Female\n"
    "    cells: [\"0.500 (0.100)\", \"0.100 (0.100)\"]\n"
    "  - term: urban\n"
    "    label: Urban\n"
    "    cells: [\"0.100 (0.100)\", \"0.100 (0.100)\"]\n";

static struct fg_db *
build(char *path)
{
	struct fg_db *db = unit_db_open(path);
	struct fg_model_set *set = NULL;
	struct fg_error err;

	fg_error_clear(&err);
	if (fg_db_exec(db,
	    "INSERT INTO focus_group (id, fg, city, created_at) VALUES "
	    " (1, '3', 'Aktau', 'now'), (2, '10', 'Almaty', 'now');"
	    "INSERT INTO participant (id, group_id, pid, gender, age) VALUES "
	    " (1, 1, 'A', 'female', 24), (2, 1, 'B', 'male', 37);"
	    "INSERT INTO participant_attr VALUES (1, 'religion', 'Muslim'),"
	    " (1, 'shared', 'p');"
	    "INSERT INTO group_attr VALUES (2, 'city_alias', 'Alma-Ata'),"
	    " (2, 'shared', 'g');"
	    "INSERT INTO code (id, name, parent_id, sort, created_at) VALUES "
	    " (1, 'M', NULL, 1, 'now'), (2, 'T', NULL, 2, 'now');", &err) !=
	    FG_OK)
		fail_msg("%s", err.msg);
	if (fg_wvs_table_load(put("table.yaml", TABLE), &set, NULL, &err) !=
	    FG_OK)
		fail_msg("table: %d:%d: %s", err.line, err.col, err.msg);
	if (fg_model_set_store(db, set, "tester", 0, &err) != FG_OK)
		fail_msg("store: %s", err.msg);
	fg_model_set_free(set);
	return db;
}

static const char GOOD[] =
    "title: test\n"
    "unit: turn\n"
    "bands: 18-29,30+\n"
    "reading: {min-count: 3, ratio: 2}\n"
    "quotes: 4\n"
    "models:\n"
    "  - model: ms/m1\n"
    "    codes: [M, T]\n"
    "    indicates: lower\n"
    "    note: a note\n"
    "    terms:\n"
    "      urban: {code: T}\n"
    "  - model: ms/m2\n"
    "    code: M\n"
    "    indicates: none\n"
    "terms:\n"
    "  (Intercept): none\n"
    "  female:\n"
    "    when: [gender == female, age in 18..29]\n"
    "    vs: gender == male\n"
    "  urban:\n"
    "    when: city in {Almaty, \"Nur-Sultan, the capital\"}\n"
    "    note: a proxy\n";

static void
test_load(void **state)
{
	struct fg_link *l = NULL;
	struct fg_error err;
	const struct fg_link_term *t;

	(void)state;
	fg_error_clear(&err);
	if (fg_link_load(put("good.yaml", GOOD), &l, &err) != FG_OK)
		fail_msg("%d:%d: %s", err.line, err.col, err.msg);
	assert_string_equal(l->title, "test");
	assert_true(l->has_unit);
	assert_int_equal(l->unit, FG_UNIT_TURN);
	assert_string_equal(l->bands, "18-29,30+");
	assert_int_equal(l->min_count, 3);
	assert_true(l->ratio == 2.0);
	assert_int_equal(l->quotes, 4);
	assert_int_equal(l->nmodels, 2);
	assert_string_equal(l->models[0].ref, "ms/m1");
	assert_int_equal(l->models[0].ncodes, 2);
	assert_string_equal(l->models[0].codes[1], "T");
	assert_int_equal(l->models[0].indicates, -1);
	assert_int_equal(l->models[1].indicates, 0);
	assert_int_equal(l->models[0].line, 7);
	assert_int_equal(l->nterms, 3);
	t = fg_link_term_for(l, NULL, "female");
	assert_int_equal(t->kind, FG_LINK_COND);
	assert_int_equal(t->nwhen, 2);
	assert_int_equal(t->when[0].field, FG_LF_GENDER);
	assert_int_equal(t->when[0].op, FG_LOP_EQ);
	assert_string_equal(t->when[0].vals[0], "female");
	assert_int_equal(t->when[1].op, FG_LOP_RANGE);
	assert_string_equal(t->when[1].vals[0], "18");
	assert_string_equal(t->when[1].vals[1], "29");
	assert_int_equal(t->nvs, 1);
	/* the model's own entry wins over the shared one */
	t = fg_link_term_for(l, &l->models[0], "urban");
	assert_int_equal(t->kind, FG_LINK_CODE);
	assert_string_equal(t->code, "T");
	t = fg_link_term_for(l, &l->models[1], "urban");
	assert_int_equal(t->kind, FG_LINK_COND);
	assert_int_equal(t->when[0].op, FG_LOP_IN);
	assert_int_equal(t->when[0].nvals, 2);
	assert_string_equal(t->when[0].vals[1], "Nur-Sultan, the capital");
	assert_string_equal(t->note, "a proxy");
	assert_int_equal(fg_link_term_for(l, NULL, "(Intercept)")->kind,
	    FG_LINK_NONE);
	assert_null(fg_link_term_for(l, NULL, "missing"));
	fg_link_free(l);
}

/* Load text; expect status, line and column and a piece of the message. */
static void
bad(const char *text, enum fg_status want, int line, int col,
    const char *msg)
{
	struct fg_link *l = NULL;
	struct fg_error err;

	fg_error_clear(&err);
	assert_int_equal(fg_link_load(put("bad.yaml", text), &l, &err), want);
	assert_null(l);
	if (err.line != line || err.col != col || strstr(err.msg, msg) ==
	    NULL)
		fail_msg("got %d:%d: %s; want %d:%d: ...%s...", err.line,
		    err.col, err.msg, line, col, msg);
	assert_non_null(strstr(err.file, "bad.yaml"));
}

#define HEAD "models:\n  - model: ms/m1\n    code: M\n    indicates: lower\n"

static void
test_errors(void **state)
{
	(void)state;
	bad("models:\n  - model: ms/m1\n    code: M\n", FG_INPUT, 2, 5,
	    "needs 'indicates");
	bad("models:\n  - model: ms/m1\n    code: M\n    indicates: up\n",
	    FG_INPUT, 4, 16, "higher, lower or none");
	bad("models:\n  - model: ms/m1\n    indicates: lower\n", FG_INPUT, 2,
	    5, "needs 'code' or 'codes'");
	bad("models:\n  - code: M\n    indicates: lower\n", FG_INPUT, 2, 5,
	    "needs 'model'");
	bad(HEAD "colour: red\n", FG_INPUT, 5, 1, "unknown key 'colour'");
	bad(HEAD "terms:\n  female:\n    when: gender = female\n", FG_INPUT,
	    7, 18, "write '=='");
	bad(HEAD "terms:\n  female:\n    when: gender ~ female\n", FG_INPUT,
	    7, 18, "expected ==");
	bad(HEAD "terms:\n  age:\n    when: age in 30\n", FG_INPUT, 7, 18,
	    "a list {A, B} or a range");
	bad(HEAD "terms:\n  x:\n    when: city in {A, B\n", FG_INPUT, 7,
	    24, "expected ',' or '}'");
	bad(HEAD "terms:\n  x:\n    when: city == \"Alma\n", FG_INPUT, 7,
	    19, "unclosed quote");
	bad(HEAD "terms:\n  x:\n    when: == A\n", FG_INPUT, 7, 11,
	    "a field name is missing");
	bad(HEAD "terms:\n  x:\n    when: city ==\n", FG_INPUT, 7, 18,
	    "a value is missing");
	bad(HEAD "terms:\n  x: {when: city == A, code: T}\n", FG_INPUT, 6, 30,
	    "not both");
	bad(HEAD "terms:\n  x: {vs: city == A}\n", FG_INPUT, 6, 11,
	    "goes with 'when'");
	bad(HEAD "terms:\n  x: maybe\n", FG_INPUT, 6, 6, "write 'none'");
	bad(HEAD "unit: person\n", FG_INPUT, 5, 7, "unknown unit");
	bad(HEAD "bands: 30-49,18-29\n", FG_INPUT, 5, 8, "ascend");
	bad(HEAD "reading: {ratio: 0.5}\n", FG_INPUT, 5, 18, "from 1");
	bad(HEAD "quotes: many\n", FG_INPUT, 5, 9, "whole number");
	bad("terms: {}\n", FG_INPUT, 1, 1, "needs 'models'");
	bad("- a\n", FG_INPUT, 1, 1, "a mapping");
	{
		struct fg_link *l = NULL;
		struct fg_error err;

		fg_error_clear(&err);
		assert_int_equal(fg_link_load("/nonexistent/l.yaml", &l, &err),
		    FG_NOTFOUND);
	}
}

/* Check text against the project; expect status, line, col, message. */
static void
check_bad(struct fg_db *db, const char *text, enum fg_status want,
    int line, int col, const char *msg)
{
	struct fg_link *l = NULL;
	struct fg_error err;

	fg_error_clear(&err);
	if (fg_link_load(put("c.yaml", text), &l, &err) != FG_OK)
		fail_msg("load: %d:%d: %s", err.line, err.col, err.msg);
	assert_int_equal(fg_link_check(db, l, NULL, &err), want);
	if (err.line != line || err.col != col || strstr(err.msg, msg) ==
	    NULL)
		fail_msg("got %d:%d: %s; want %d:%d: ...%s...", err.line,
		    err.col, err.msg, line, col, msg);
	assert_non_null(strstr(err.file, "c.yaml"));
	fg_link_free(l);
}

static void
test_check(void **state)
{
	char path[64];
	struct fg_db *db = build(path);
	struct fg_buf w = FG_BUF_INIT;
	struct fg_link *l = NULL;
	struct fg_table *t = NULL;
	struct fg_error err;

	(void)state;
	check_bad(db, "models:\n  - model: ms/m9\n    code: M\n    "
	    "indicates: lower\n", FG_NOTFOUND, 2, 12, "unknown model 'ms/m9'");
	check_bad(db, "models:\n  - model: ms/m1\n    code: shame\n    "
	    "indicates: lower\n", FG_INPUT, 3, 11, "unknown code 'shame'");
	check_bad(db, HEAD "terms:\n  age30_49: none\n", FG_INPUT, 6, 3,
	    "unknown term 'age30_49'");
	check_bad(db, HEAD "terms:\n  female: {code: shame}\n", FG_INPUT, 6,
	    3, "unknown code 'shame'");
	check_bad(db, HEAD "terms:\n  female:\n    when: religon == x\n",
	    FG_INPUT, 7, 11, "unknown attribute 'religon'");
	check_bad(db, HEAD "terms:\n  female:\n    when: shared == x\n",
	    FG_INPUT, 7, 11, "both a participant and a group attribute");
	check_bad(db, HEAD "terms:\n  female:\n    when: group.religion == "
	    "x\n", FG_INPUT, 7, 11, "no focus group");
	check_bad(db, HEAD "terms:\n  female:\n    when: ageband == 30-45\n",
	    FG_INPUT, 7, 11, "not one of the age bands");
	check_bad(db, HEAD "terms:\n  female:\n    when: ageband > 30\n",
	    FG_INPUT, 7, 11, "compare age bands");
	check_bad(db, HEAD "terms:\n  female:\n    when: age < old\n",
	    FG_INPUT, 7, 11, "not a number");
	check_bad(db, HEAD "terms:\n  female:\n    when: age == x\n",
	    FG_INPUT, 7, 11, "an age is a number");
	/* a good file: warnings for a value no one has, a term not
	 * mentioned, a code without codings; bare keys resolved */
	fg_error_clear(&err);
	assert_int_equal(fg_link_load(put("ok.yaml", HEAD "terms:\n"
	    "  female:\n    when: gender == femal\n"
	    "  (Intercept):\n    when: religion == Muslim\n"
	    "    vs: city_alias == Alma-Ata\n"), &l, &err), FG_OK);
	if (fg_link_check(db, l, &w, &err) != FG_OK)
		fail_msg("%d:%d: %s", err.line, err.col, err.msg);
	assert_non_null(strstr(w.p, "ok.yaml:7:11: condition 'gender == "
	    "femal': no participant has gender 'femal'"));
	assert_non_null(strstr(w.p, "ok.yaml:2:12: term 'urban' of ms/m1 is "
	    "not linked"));
	assert_non_null(strstr(w.p, "ok.yaml:3:11: model 'ms/m1': code 'M' "
	    "has no codings"));
	assert_int_equal(fg_link_term_for(l, NULL, "(Intercept)")->when[0]
	    .field, FG_LF_PATTR);
	assert_int_equal(fg_link_term_for(l, NULL, "(Intercept)")->vs[0]
	    .field, FG_LF_GATTR);
	/* the listing: one row per model term */
	assert_int_equal(fg_link_table(db, l, &t, &err), FG_OK);
	assert_int_equal(t->nrows, 3);
	assert_string_equal(fg_table_cell(t, 1, 2), "female");
	assert_string_equal(fg_table_cell(t, 1, 4), "condition");
	assert_string_equal(fg_table_cell(t, 2, 4), "unlinked");
	assert_string_equal(fg_table_cell(t, 0, 5), "religion == Muslim vs "
	    "city_alias == Alma-Ata");
	fg_table_free(t);
	fg_link_free(l);
	fg_buf_free(&w);
	unit_db_close(db, path);
}

static int
eval1(const char *cond, const struct fg_link_subject *s)
{
	char text[256];
	struct fg_link *l = NULL;
	struct fg_error err;
	int r;

	snprintf(text, sizeof text, HEAD "terms:\n  x:\n    when: %s\n",
	    cond);
	fg_error_clear(&err);
	if (fg_link_load(put("e.yaml", text), &l, &err) != FG_OK)
		fail_msg("%s: %s", cond, err.msg);
	/* bare keys as fg_link_check would resolve them here */
	if (l->terms[0].when[0].field == FG_LF_ATTR)
		l->terms[0].when[0].field = FG_LF_PATTR;
	r = fg_link_conds_eval(l->terms[0].when, l->terms[0].nwhen, s);
	fg_link_free(l);
	return r;
}

static void
test_eval(void **state)
{
	static const struct fg_band bands[] = { { 18, 29, "18-29" },
	    { 30, 49, "30-49" }, { 50, -1, "50+" } };
	const char *pk[] = { "religion", "social_media" };
	const char *pv[] = { "Muslim", "daily" };
	const char *gk[] = { "city_alias" };
	const char *gv[] = { "Astana" };
	struct fg_link_subject s;

	(void)state;
	memset(&s, 0, sizeof s);
	s.gender = "female";
	s.age = 35;
	s.city = "Nur-Sultan";
	s.fg = "12";
	s.pkeys = pk;
	s.pvals = pv;
	s.np = 2;
	s.gkeys = gk;
	s.gvals = gv;
	s.ng = 1;
	s.bands = bands;
	s.nbands = 3;
	assert_int_equal(eval1("gender == female", &s), 1);
	assert_int_equal(eval1("gender != female", &s), 0);
	assert_int_equal(eval1("age in 30..49", &s), 1);
	assert_int_equal(eval1("age in 36..49", &s), 0);
	assert_int_equal(eval1("age >= 35", &s), 1);
	assert_int_equal(eval1("age > 35", &s), 0);
	assert_int_equal(eval1("age <= 35", &s), 1);
	assert_int_equal(eval1("age < 35", &s), 0);
	assert_int_equal(eval1("ageband == 30-49", &s), 1);
	assert_int_equal(eval1("ageband in {18-29, 50+}", &s), 0);
	assert_int_equal(eval1("city in {Almaty, Nur-Sultan}", &s), 1);
	assert_int_equal(eval1("fg == 12", &s), 1);
	assert_int_equal(eval1("fg < 13", &s), 1);
	assert_int_equal(eval1("social_media in {daily, weekly}", &s), 1);
	assert_int_equal(eval1("participant.religion == none", &s), 0);
	assert_int_equal(eval1("group.city_alias == Astana", &s), 1);
	/* unknown: a missing attribute, a missing age, a word against a
	 * number */
	assert_int_equal(eval1("participant.education == university", &s),
	    -1);
	assert_int_equal(eval1("profession == doctor", &s), -1);
	assert_int_equal(eval1("city < 5", &s), -1);
	/* a list: all must hold; unknown wins over false */
	assert_int_equal(eval1("[gender == female, age < 30]", &s), 0);
	assert_int_equal(eval1("[gender == female, age > 30]", &s), 1);
	assert_int_equal(eval1("[gender == male, profession == x]", &s), -1);
	s.age = -1;
	assert_int_equal(eval1("age > 30", &s), -1);
	assert_int_equal(eval1("ageband == 30-49", &s), -1);
	s.age = 10;
	assert_int_equal(eval1("ageband == 18-29", &s), 0);
	assert_int_equal(fg_link_conds_eval(NULL, 0, &s), -1);
}

static void
test_units(void **state)
{
	enum fg_unit u;
	struct fg_error err;

	(void)state;
	fg_error_clear(&err);
	assert_int_equal(fg_unit_parse("group", &u, &err), FG_OK);
	assert_int_equal(u, FG_UNIT_GROUP);
	assert_string_equal(fg_unit_name(FG_UNIT_TURN), "turn");
	assert_int_equal(fg_unit_parse("segment", &u, &err), FG_USAGE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_eval),
		cmocka_unit_test(test_units),
	};
	return cmocka_run_group_tests_name("link", tests, setup, teardown);
}
