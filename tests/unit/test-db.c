/* test-db.c - unit tests of core/db: creation, pragmas, migrations,
 * transactions and the busy mapping. */
#include "config.h"

#include "unit.h"

static int
int_query(struct fg_db *db, const char *sql)
{
	sqlite3_stmt *st;
	int v = -1;

	assert_int_equal(sqlite3_prepare_v2(db->db, sql, -1, &st, NULL),
	    SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
test_create_and_reopen(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path), *db2 = NULL;
	struct fg_error err;
	sqlite3_stmt *st;

	(void)state;
	assert_int_equal(int_query(db, "PRAGMA user_version"),
	    fg_db_schema_version());
	assert_int_equal(int_query(db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(sqlite3_prepare_v2(db->db, "PRAGMA journal_mode", -1,
	    &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	/* every table is STRICT */
	assert_int_equal(int_query(db, "SELECT count(*) FROM pragma_table_list "
	    "WHERE schema = 'main' AND type = 'table' AND name NOT LIKE "
	    "'sqlite_%' AND strict = 0"), 0);
	/* init again refuses */
	fg_error_clear(&err);
	assert_int_equal(fg_db_open(path, 1, &db2, &err), FG_EXISTS);
	assert_null(db2);
	/* reopen without create works */
	assert_int_equal(fg_db_open(path, 0, &db2, &err), FG_OK);
	fg_db_close(db2);
	unit_db_close(db, path);
	/* a missing project */
	assert_int_equal(fg_db_open("/nonexistent/dir/x.db", 0, &db2, &err),
	    FG_NOTFOUND);
	assert_non_null(strstr(err.msg, "fgcode init"));
}

static void
test_transactions_and_meta(void **state)
{
	char path[64], *v;
	struct fg_db *db = unit_db_open(path);
	struct fg_error err;

	(void)state;
	fg_error_clear(&err);
	assert_int_equal(fg_db_begin(db, &err), FG_OK);
	assert_int_equal(fg_db_meta_set(db, "k", "v1", &err), FG_OK);
	fg_db_rollback(db);
	assert_null(fg_db_meta_get(db, "k"));
	assert_int_equal(fg_db_begin(db, &err), FG_OK);
	assert_int_equal(fg_db_meta_set(db, "k", "уят", &err), FG_OK);
	assert_int_equal(fg_db_meta_set(db, "k", "v2", &err), FG_OK);
	assert_int_equal(fg_db_commit(db, &err), FG_OK);
	v = fg_db_meta_get(db, "k");
	assert_string_equal(v, "v2");
	free(v);
	unit_db_close(db, path);
}

static void
test_busy_is_reported(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path), *db2 = NULL;
	struct fg_error err;

	(void)state;
	fg_error_clear(&err);
	assert_int_equal(fg_db_open(path, 0, &db2, &err), FG_OK);
	sqlite3_busy_timeout(db2->db, 50);
	assert_int_equal(fg_db_begin(db, &err), FG_OK);
	assert_int_equal(fg_db_begin(db2, &err), FG_BUSY);
	assert_null(strstr(err.msg, "database is locked"));
	assert_non_null(strstr(err.msg, "try again"));
	fg_db_rollback(db);
	assert_int_equal(fg_db_begin(db2, &err), FG_OK);
	fg_db_rollback(db2);
	fg_db_close(db2);
	unit_db_close(db, path);
}

static void
test_not_a_database(void **state)
{
	char path[] = "/tmp/fgcode-unit-junk-XXXXXX";
	struct fg_db *db = NULL;
	struct fg_error err;
	int fd = mkstemp(path), i;

	(void)state;
	for (i = 0; i < 200; i++)
		assert_int_equal(write(fd, "this is not sqlite\n", 19), 19);
	close(fd);
	fg_error_clear(&err);
	assert_int_not_equal(fg_db_open(path, 0, &db, &err), FG_OK);
	assert_null(db);
	assert_non_null(strstr(err.msg, "not an fgcode project"));
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_and_reopen),
		cmocka_unit_test(test_transactions_and_meta),
		cmocka_unit_test(test_busy_is_reported),
		cmocka_unit_test(test_not_a_database),
	};
	return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}
