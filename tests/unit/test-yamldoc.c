/* test-yamldoc.c - unit tests of core/yamldoc. */
#include "config.h"

#include "unit.h"

#include "core/yamldoc.h"

static struct fg_yaml *
load(const char *text, struct fg_error *err, enum fg_status want)
{
	struct fg_yaml *root = NULL;

	fg_error_clear(err);
	assert_int_equal(fg_yaml_load_string(text, strlen(text), "t.yaml", 0,
	    &root, err), want);
	return root;
}

static void
test_strings_stay_strings(void **state)
{
	struct fg_error err;
	struct fg_yaml *r = load("country: NO\nconsent: yes\n"
	    "date: 2023-04-05\nstart: 10:30\nduration: 45:10\n"
	    "n: 007\nq: \"quoted\"\nempty:\ntilde: ~\n", &err, FG_OK);

	(void)state;
	assert_non_null(r);
	assert_string_equal(fg_yaml_get_str(r, "country"), "NO");
	assert_string_equal(fg_yaml_get_str(r, "consent"), "yes");
	assert_string_equal(fg_yaml_get_str(r, "date"), "2023-04-05");
	assert_string_equal(fg_yaml_get_str(r, "start"), "10:30");
	assert_string_equal(fg_yaml_get_str(r, "duration"), "45:10");
	assert_string_equal(fg_yaml_get_str(r, "n"), "007");
	assert_string_equal(fg_yaml_get_str(r, "q"), "quoted");
	assert_null(fg_yaml_get_str(r, "empty"));
	assert_null(fg_yaml_get_str(r, "tilde"));
	assert_non_null(fg_yaml_get(r, "empty"));
	assert_null(fg_yaml_get(r, "absent"));
	assert_int_equal(fg_yaml_get(r, "start")->line, 4);
	assert_int_equal(fg_yaml_get(r, "start")->col, 8);
	fg_yaml_free(r);
}

static void
test_nested_and_cyrillic(void **state)
{
	struct fg_error err;
	struct fg_yaml *r = load("codes:\n  - name: уят\n    children:\n"
	    "      - name: ұят-киім\n  - name: b\n", &err, FG_OK);
	const struct fg_yaml *codes, *kids;
	long v;

	(void)state;
	codes = fg_yaml_get(r, "codes");
	assert_int_equal(codes->kind, FG_YAML_SEQ);
	assert_int_equal(codes->n, 2);
	assert_string_equal(fg_yaml_get_str(codes->items[0], "name"), "уят");
	kids = fg_yaml_get(codes->items[0], "children");
	assert_string_equal(fg_yaml_get_str(kids->items[0], "name"),
	    "ұят-киім");
	assert_int_equal(kids->items[0]->line, 4);
	assert_int_equal(fg_yaml_int(fg_yaml_get(codes->items[1], "name"), 0,
	    10, &v), -1);
	fg_yaml_free(r);
	r = load("age: 44\nbad: 4x\n", &err, FG_OK);
	assert_int_equal(fg_yaml_int(fg_yaml_get(r, "age"), 0, 150, &v), 0);
	assert_int_equal(v, 44);
	assert_int_equal(fg_yaml_int(fg_yaml_get(r, "bad"), 0, 150, &v), -1);
	assert_int_equal(fg_yaml_int(fg_yaml_get(r, "age"), 0, 40, &v), -1);
	fg_yaml_free(r);
}

static void
test_errors(void **state)
{
	struct fg_error err;
	struct fg_yaml *r;

	(void)state;
	/* F10: a second colon in a plain value, reported at that colon */
	r = load("a: 1\nsite: Depot: North\n", &err, FG_INPUT);
	assert_null(r);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 12);
	assert_string_equal(err.file, "t.yaml");
	/* duplicate keys are refused, naming the second */
	r = load("a: 1\nb: 2\na: 3\n", &err, FG_INPUT);
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.msg, "duplicate key 'a'"));
	/* aliases are refused */
	r = load("a: &x 1\nb: *x\n", &err, FG_INPUT);
	assert_int_equal(err.line, 2);
	/* line offset for front matter */
	fg_error_clear(&err);
	assert_int_equal(fg_yaml_load_string("k: v\nx: [\n", 10, "f.txt", 1,
	    &r, &err), FG_INPUT);
	assert_true(err.line >= 3);
	/* invalid UTF-8 */
	r = load("a: caf\xE9\n", &err, FG_INPUT);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.col, 7);
	/* empty document */
	r = load("", &err, FG_OK);
	assert_null(r);
	r = load("# only a comment\n", &err, FG_OK);
	assert_null(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings_stay_strings),
		cmocka_unit_test(test_nested_and_cyrillic),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests_name("yamldoc", tests, NULL, NULL);
}
