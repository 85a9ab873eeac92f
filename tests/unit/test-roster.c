/* test-roster.c - unit tests of core/roster: the fixture roster, upserts
 * on re-import, participants, structure errors with line:col, rollback
 * and the listing. */
#include "config.h"

#include "unit.h"

#include "core/roster.h"

static long long
int_query(struct fg_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	assert_int_equal(sqlite3_prepare_v2(db->db, sql, -1, &st, NULL),
	    SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The first column of the first row as a string (static buffer). */
static const char *
str_query(struct fg_db *db, const char *sql)
{
	static char buf[1024];
	sqlite3_stmt *st;
	const unsigned char *s;

	assert_int_equal(sqlite3_prepare_v2(db->db, sql, -1, &st, NULL),
	    SQLITE_OK);
	strcpy(buf, "(none)");
	if (sqlite3_step(st) == SQLITE_ROW) {
		s = sqlite3_column_text(st, 0);
		snprintf(buf, sizeof buf, "%s", s ? (const char *)s : "(null)");
	}
	sqlite3_finalize(st);
	return buf;
}

/* Write text to a new temporary file; its path goes to path (64 bytes). */
static void
temp_file(char *path, const char *text)
{
	FILE *f;
	int fd;

	strcpy(path, "/tmp/fgcode-roster-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Import text as a roster named "r.yaml"; return the status. */
static enum fg_status
import_text(struct fg_db *db, const char *text, struct fg_roster_stats *s,
    struct fg_error *err)
{
	char path[64];
	enum fg_status st;

	temp_file(path, text);
	fg_error_clear(err);
	st = fg_roster_import(db, path, "r.yaml", s, err);
	unlink(path);
	return st;
}

static void
test_fixture_roster(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path);
	struct fg_roster_stats s;
	struct fg_error err;

	(void)state;
	fg_error_clear(&err);
	assert_int_equal(fg_roster_import(db, unit_fixture("roster.yaml"),
	    NULL, &s, &err), FG_OK);
	/* Table 1 has 26 rows; the gender cells sum to 114 (README). */
	assert_int_equal(s.groups_added, 26);
	assert_int_equal(s.groups_updated, 0);
	assert_int_equal(s.participants_added, 0);
	assert_int_equal(int_query(db, "SELECT count(*) FROM focus_group"),
	    26);
	assert_int_equal(int_query(db, "SELECT sum(size) FROM focus_group"),
	    114);
	/* Groups per city: Aktau 5, Almaty 5, Nur-Sultan 7, Kyzylorda 3,
	 * Shymkent 6. */
	assert_int_equal(int_query(db, "SELECT count(*) FROM focus_group "
	    "WHERE city = 'Nur-Sultan'"), 7);
	assert_int_equal(int_query(db, "SELECT count(*) FROM focus_group "
	    "WHERE city = 'Kyzylorda'"), 3);
	assert_string_equal(str_query(db, "SELECT date FROM focus_group "
	    "WHERE fg = '21'"), "2019-07-12");
	assert_string_equal(str_query(db, "SELECT value FROM group_attr a "
	    "JOIN focus_group g ON g.id = a.group_id WHERE g.fg = '9' AND "
	    "a.key = 'published.gender'"), "6 females, male");
	assert_string_equal(str_query(db, "SELECT value FROM group_attr a "
	    "JOIN focus_group g ON g.id = a.group_id WHERE g.fg = '12' AND "
	    "a.key = 'published.age'"), "22, 25, 30, 35, 44 60");
	assert_int_equal(int_query(db, "SELECT count(*) FROM group_attr "
	    "WHERE key = 'city_alias' AND value = 'Astana'"), 7);
	assert_string_equal(str_query(db, "SELECT value FROM project_meta "
	    "WHERE key = 'roster.stated_total_participants'"), "113");
	/* Re-import: all updated, nothing duplicated. */
	assert_int_equal(fg_roster_import(db, unit_fixture("roster.yaml"),
	    NULL, &s, &err), FG_OK);
	assert_int_equal(s.groups_added, 0);
	assert_int_equal(s.groups_updated, 26);
	assert_int_equal(int_query(db, "SELECT count(*) FROM focus_group"),
	    26);
	assert_int_equal(int_query(db, "SELECT count(*) FROM group_attr"),
	    26 * 3 + 7);
	unit_db_close(db, path);
}

static void
test_participants_and_update(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path);
	struct fg_roster_stats s;
	struct fg_error err;

	(void)state;
	assert_int_equal(import_text(db,
	    "groups:\n"
	    "  - fg: \"7\"\n"
	    "    city: Almaty\n"
	    "    size: 2\n"
	    "    participants:\n"
	    "      - id: Aru\n"
	    "        gender: female\n"
	    "        age: 19\n"
	    "        religion: none\n"
	    "      - id: Бота\n"
	    "        profession: hairdresser\n", &s, &err), FG_OK);
	assert_int_equal(s.groups_added, 1);
	assert_int_equal(s.participants_added, 2);
	assert_int_equal(int_query(db, "SELECT age FROM participant WHERE "
	    "pid = 'Aru'"), 19);
	assert_string_equal(str_query(db, "SELECT value FROM participant_attr "
	    "a JOIN participant p ON p.id = a.participant_id WHERE "
	    "p.pid = 'Aru' AND a.key = 'religion'"), "none");
	assert_string_equal(str_query(db, "SELECT profession FROM participant "
	    "WHERE pid = 'Бота'"), "hairdresser");
	/* Update: new date, size changed, city kept, Aru's age changed,
	 * gender kept; a third participant. */
	assert_int_equal(import_text(db,
	    "study: x\n"
	    "groups:\n"
	    "  - fg: 7\n"
	    "    date: 2019-06-17\n"
	    "    size: 3\n"
	    "    participants:\n"
	    "      - id: Aru\n"
	    "        age: 20\n"
	    "      - id: Dana\n", &s, &err), FG_OK);
	assert_int_equal(s.groups_added, 0);
	assert_int_equal(s.groups_updated, 1);
	assert_int_equal(s.participants_added, 1);
	assert_int_equal(s.participants_updated, 1);
	assert_int_equal(int_query(db, "SELECT count(*) FROM focus_group"), 1);
	assert_string_equal(str_query(db, "SELECT city || '|' || date || '|' "
	    "|| size FROM focus_group"), "Almaty|2019-06-17|3");
	assert_int_equal(int_query(db, "SELECT count(*) FROM participant"), 3);
	assert_string_equal(str_query(db, "SELECT gender || '|' || age FROM "
	    "participant WHERE pid = 'Aru'"), "female|20");
	assert_int_equal(fg_roster_group_find(db, "7", &(int64_t){0}, &err),
	    FG_OK);
	unit_db_close(db, path);
}

/* Each bad roster is refused with FILE:LINE:COL and writes nothing. */
static void
test_errors_and_rollback(void **state)
{
	static const struct {
		const char *text;
		int line, col;
		const char *msg;
	} cases[] = {
		{ "- fg: 1\n", 1, 1, "must be a mapping" },
		{ "study: x\n", 1, 1, "no 'groups:'" },
		{ "groups: 3\n", 1, 9, "must be a list" },
		{ "groups:\n  - city: Aktau\n", 2, 5, "without 'fg'" },
		{ "groups:\n  - fg: 1\n    size: five\n", 3, 11,
		    "whole number" },
		{ "groups:\n  - fg: 1\n  - fg: 2\n  - fg: 1\n", 4, 9,
		    "listed twice (first at line 2)" },
		{ "groups:\n  - fg: 1\n    published: [a, b]\n", 3, 16,
		    "mapping of table cells" },
		{ "groups:\n  - fg: 1\n    city: [a, b]\n", 3, 11,
		    "single value" },
		{ "grups:\n  - fg: 1\ngroups: []\n", 1, 1, "unknown roster key" },
		/* group 1 is fine and written first; group 2's participant
		 * fails later: everything is rolled back */
		{ "groups:\n  - fg: 1\n    city: Aktau\n  - fg: 2\n"
		    "    participants:\n      - id: A\n        age: old\n", 7, 14,
		    "'age' must be a whole number" },
		{ "groups:\n  - fg: 1\n    participants:\n      - gender: m\n",
		    4, 9, "participant without 'id'" },
		{ "groups:\n  - fg: 1\n    participants:\n      - id: A\n"
		    "        langs: [kk, ru]\n", 5, 16, "single value" },
	};
	char path[64];
	struct fg_db *db = unit_db_open(path);
	struct fg_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(import_text(db, cases[i].text, NULL, &err),
		    FG_INPUT);
		if (strcmp(err.file, "r.yaml") != 0 ||
		    err.line != cases[i].line || err.col != cases[i].col ||
		    strstr(err.msg, cases[i].msg) == NULL)
			fail_msg("case %zu: got %s:%d:%d: %s", i, err.file,
			    err.line, err.col, err.msg);
		assert_int_equal(int_query(db, "SELECT count(*) FROM "
		    "focus_group"), 0);
		assert_int_equal(int_query(db, "SELECT count(*) FROM "
		    "participant"), 0);
		assert_int_equal(int_query(db, "SELECT count(*) FROM "
		    "project_meta WHERE key LIKE 'roster.%'"), 0);
	}
	/* broken fixture: tab indentation at 6:1 (fixtures/README.md) */
	fg_error_clear(&err);
	assert_int_equal(fg_roster_import(db,
	    unit_fixture("broken/roster-bad-yaml.yaml"), "bad.yaml", NULL,
	    &err), FG_INPUT);
	assert_string_equal(err.file, "bad.yaml");
	assert_int_equal(err.line, 6);
	assert_int_equal(err.col, 1);
	/* a missing file */
	assert_int_equal(fg_roster_import(db, "/nonexistent/r.yaml", NULL,
	    NULL, &err), FG_IO);
	unit_db_close(db, path);
}

static void
test_list(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path);
	struct fg_table *t;
	struct fg_error err;

	(void)state;
	assert_int_equal(import_text(db,
	    "groups:\n"
	    "  - fg: 10\n    city: Almaty\n    size: 5\n"
	    "  - fg: 2\n    city: Aktau\n"
	    "    participants:\n      - id: A\n      - id: B\n", NULL, &err),
	    FG_OK);
	assert_int_equal(fg_roster_list(db, &t, &err), FG_OK);
	assert_int_equal(t->ncols, 6);
	assert_int_equal(t->nrows, 2);
	assert_string_equal(t->names[4], "participants");
	/* numeric order: 2 before 10 */
	assert_string_equal(fg_table_cell(t, 0, 0), "2");
	assert_string_equal(fg_table_cell(t, 0, 1), "Aktau");
	assert_null(fg_table_cell(t, 0, 3));
	assert_string_equal(fg_table_cell(t, 0, 4), "2");
	assert_string_equal(fg_table_cell(t, 0, 5), "0");
	assert_string_equal(fg_table_cell(t, 1, 0), "10");
	assert_string_equal(fg_table_cell(t, 1, 3), "5");
	fg_table_free(t);
	unit_db_close(db, path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture_roster),
		cmocka_unit_test(test_participants_and_update),
		cmocka_unit_test(test_errors_and_rollback),
		cmocka_unit_test(test_list),
	};
	return cmocka_run_group_tests_name("roster", tests, NULL, NULL);
}
