/* test-table.c - unit tests of core/table and core/buf. */
#include "config.h"

#include "unit.h"

#include "core/buf.h"
#include "core/table.h"

static void
test_table(void **state)
{
	const char *names[] = { "id", "name" };
	enum fg_col_type types[] = { FG_COL_INT, FG_COL_TEXT };
	const char *row1[] = { "1", "уят" }, *row2[] = { NULL, "b" };
	struct fg_table *t = fg_table_new(2, names, types);
	int i;

	(void)state;
	assert_non_null(t);
	assert_int_equal(fg_table_add(t, row1), FG_OK);
	for (i = 0; i < 40; i++)
		assert_int_equal(fg_table_add(t, row2), FG_OK);
	assert_int_equal(t->nrows, 41);
	assert_string_equal(fg_table_cell(t, 0, 1), "уят");
	assert_null(fg_table_cell(t, 40, 0));
	assert_null(fg_table_cell(t, 41, 0));
	assert_int_equal(fg_table_col(t, "name"), 1);
	assert_int_equal(fg_table_col(t, "nope"), -1);
	fg_table_free(t);
	fg_table_free(NULL);
}

static void
test_table_from_stmt(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path);
	const char *names[] = { "a", "b" };
	struct fg_table *t = fg_table_new(2, names, NULL);
	struct fg_error err;
	sqlite3_stmt *st;

	(void)state;
	assert_int_equal(sqlite3_prepare_v2(db->db, "SELECT 1, 'x' UNION ALL "
	    "SELECT 2, NULL", -1, &st, NULL), SQLITE_OK);
	fg_error_clear(&err);
	assert_int_equal(fg_table_add_stmt(t, db->db, st, &err), FG_OK);
	sqlite3_finalize(st);
	assert_int_equal(t->nrows, 2);
	assert_string_equal(fg_table_cell(t, 1, 0), "2");
	assert_null(fg_table_cell(t, 1, 1));
	fg_table_free(t);
	unit_db_close(db, path);
}

static void
test_buf(void **state)
{
	struct fg_buf b = FG_BUF_INIT;
	char *s;
	int i;

	(void)state;
	for (i = 0; i < 1000; i++)
		assert_int_equal(fg_buf_printf(&b, "%d,", i % 10), FG_OK);
	assert_int_equal(b.len, 2000);
	assert_int_equal(b.p[b.len], '\0');
	fg_buf_reset(&b);
	assert_int_equal(b.len, 0);
	fg_buf_adds(&b, "ұ");
	s = fg_buf_steal(&b);
	assert_string_equal(s, "ұ");
	assert_null(b.p);
	free(s);
	s = fg_buf_steal(&b);
	assert_string_equal(s, "");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_table_from_stmt),
		cmocka_unit_test(test_buf),
	};
	return cmocka_run_group_tests_name("table", tests, NULL, NULL);
}
