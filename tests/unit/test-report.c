/* test-report.c - unit tests of core/report: band parsing and the
 * frequency report on a small project built by hand, every expected count
 * worked out by hand from the table in the comment below. */
#include "config.h"

#include "unit.h"

#include "core/report.h"

/*
 * Groups: g1 fg "3" Aktau, g2 fg "10" Almaty.
 * Participants: A (g1, F, 24), B (g1, M, 37), C (g2, F, 45), D (g2, F, 60),
 *   E (g2, no gender, no age).
 * Sources and turns (ASCII text, so cp = b):
 *   s1.txt (g1): t1 [0,10) Moderator (no participant), t2 [12,30) A,
 *                t3 [32,50) B, t4 [52,70) A
 *   s2.txt (g2): t1 [0,20) C, t2 [22,40) D, t3 [42,60) E
 *   s3.txt (no group): t1 [0,20) X (no participant)
 * Codes (tree order): uyat > uyat-child, religion, unused.
 * Codings:
 *   c1 uyat   s1 [14,20) -> s1t2 (A)
 *   c2 uyat   s1 [25,40) -> s1t2 (A), s1t3 (B)
 *   c3 uyat   s2 [5,10)  -> s2t1 (C)
 *   c4 uyat   s1 [10,12) -> no turn
 *   c5 child  s2 [30,50) -> s2t2 (D), s2t3 (E)
 *   c6 relig. s3 [0,5)   -> s3t1 (no participant, no group)
 *   c7 relig. s1 [0,5)   -> s1t1 (no participant)
 *   c8 uyat   s1 [60,65) -> s1t4 (A)
 */
static struct fg_db *
build(char *path)
{
	struct fg_db *db = unit_db_open(path);
	struct fg_error err;
	char sql[4096], text[101];

	memset(text, 'x', 100);
	text[100] = '\0';
	snprintf(sql, sizeof sql,
	    "INSERT INTO focus_group (id, fg, city, created_at) VALUES "
	    " (1, '3', 'Aktau', 'now'), (2, '10', 'Almaty', 'now');"
	    "INSERT INTO participant (id, group_id, pid, gender, age) VALUES "
	    " (1, 1, 'A', 'F', 24), (2, 1, 'B', 'M', 37), (3, 2, 'C', 'F', 45),"
	    " (4, 2, 'D', 'F', 60), (5, 2, 'E', NULL, NULL);"
	    "INSERT INTO source (id, name, path, file_sha256, text_sha256, "
	    " text, n_cp, n_bytes, body_line, encoding, had_bom, crlf_count, "
	    " cr_count, profile, group_id, imported_at, imported_by) VALUES "
	    " (1, 's1.txt', 's1', 'f1', 't', '%s', 100, 100, 1, 'utf-8', 0, 0,"
	    "  0, 'default', 1, 'now', 'me'),"
	    " (2, 's2.txt', 's2', 'f2', 't', '%s', 100, 100, 1, 'utf-8', 0, 0,"
	    "  0, 'default', 2, 'now', 'me'),"
	    " (3, 's3.txt', 's3', 'f3', 't', '%s', 100, 100, 1, 'utf-8', 0, 0,"
	    "  0, 'default', NULL, 'now', 'me');"
	    "INSERT INTO turn (id, source_id, seq, speaker, speaker_raw, "
	    " participant_id, start_cp, end_cp, start_b, end_b, line_start, "
	    " line_end) VALUES "
	    " (1, 1, 1, 'Moderator', 'M', NULL, 0, 10, 0, 10, 1, 1),"
	    " (2, 1, 2, 'A', 'A', 1, 12, 30, 12, 30, 2, 2),"
	    " (3, 1, 3, 'B', 'B', 2, 32, 50, 32, 50, 3, 3),"
	    " (4, 1, 4, 'A', 'A', 1, 52, 70, 52, 70, 4, 4),"
	    " (5, 2, 1, 'C', 'C', 3, 0, 20, 0, 20, 1, 1),"
	    " (6, 2, 2, 'D', 'D', 4, 22, 40, 22, 40, 2, 2),"
	    " (7, 2, 3, 'E', 'E', 5, 42, 60, 42, 60, 3, 3),"
	    " (8, 3, 1, 'X', 'X', NULL, 0, 20, 0, 20, 1, 1);"
	    "INSERT INTO code (id, name, parent_id, sort, created_at) VALUES "
	    " (1, 'uyat', NULL, 1, 'now'), (2, 'uyat-child', 1, 2, 'now'),"
	    " (3, 'religion', NULL, 3, 'now'), (4, 'unused', NULL, 4, 'now');"
	    "INSERT INTO coding (id, source_id, code_id, start_cp, end_cp, "
	    " start_b, end_b, excerpt, excerpt_sha256, coder, created_at) "
	    " VALUES "
	    " (1, 1, 1, 14, 20, 14, 20, 'x', 'h', 'ana', 'now'),"
	    " (2, 1, 1, 25, 40, 25, 40, 'x', 'h', 'ana', 'now'),"
	    " (3, 2, 1, 5, 10, 5, 10, 'x', 'h', 'ana', 'now'),"
	    " (4, 1, 1, 10, 12, 10, 12, 'x', 'h', 'ana', 'now'),"
	    " (5, 2, 2, 30, 50, 30, 50, 'x', 'h', 'ana', 'now'),"
	    " (6, 3, 3, 0, 5, 0, 5, 'x', 'h', 'ana', 'now'),"
	    " (7, 1, 3, 0, 5, 0, 5, 'x', 'h', 'ana', 'now'),"
	    " (8, 1, 1, 60, 65, 60, 65, 'x', 'h', 'ben', 'now');",
	    text, text, text);
	fg_error_clear(&err);
	if (fg_db_exec(db, sql, &err) != FG_OK)
		fail_msg("%s", err.msg);
	return db;
}

/* Compare t with the expected rows, each "code|group|codings|turns|
 * participants|groups". */
static void
check(const struct fg_table *t, const char *const *want, size_t n)
{
	char got[512];
	size_t r, c;

	assert_int_equal(t->ncols, 6);
	for (r = 0; r < t->nrows && r < n; r++) {
		got[0] = '\0';
		for (c = 0; c < 6; c++) {
			const char *v = fg_table_cell(t, r, c);
			if (c > 0)
				strcat(got, "|");
			strcat(got, v ? v : "NULL");
		}
		if (strcmp(got, want[r]) != 0)
			fail_msg("row %zu: got '%s', want '%s'", r, got,
			    want[r]);
	}
	assert_int_equal(t->nrows, n);
}

static struct fg_table *
run(struct fg_db *db, enum fg_report_by by, const char *bands,
    const int64_t *codes, size_t ncodes)
{
	struct fg_freq_opts o;
	struct fg_table *t = NULL;
	struct fg_error err;

	memset(&o, 0, sizeof o);
	o.by = by;
	o.bands = bands;
	o.codes = codes;
	o.ncodes = ncodes;
	fg_error_clear(&err);
	if (fg_report_freq(db, &o, &t, &err) != FG_OK)
		fail_msg("%s", err.msg);
	return t;
}

#define CHECK(t, w) check((t), (w), sizeof (w) / sizeof (w)[0])

static void
test_by_gender(void **state)
{
	static const char *const want[] = {
		"uyat|F|4|3|2|2",
		"uyat|M|1|1|1|1",
		"uyat|(none)|1|0|0|1",
		"uyat|(all)|5|4|3|2",
		"uyat-child|F|1|1|1|1",
		"uyat-child|(unknown)|1|1|1|1",
		"uyat-child|(all)|1|2|2|1",
		"religion|(unknown)|2|2|0|1",
		"religion|(all)|2|2|0|1",
		"unused|(all)|0|0|0|0",
	};
	char path[64];
	struct fg_db *db = build(path);
	struct fg_table *t = run(db, FG_BY_GENDER, NULL, NULL, 0);

	(void)state;
	assert_string_equal(t->names[1], "gender");
	assert_int_equal(t->types[2], FG_COL_INT);
	assert_int_equal(t->types[5], FG_COL_INT);
	CHECK(t, want);
	fg_table_free(t);
	unit_db_close(db, path);
}

static void
test_by_fg_and_city(void **state)
{
	static const char *const fg[] = {
		"uyat|3|4|3|2|1",     /* "3" before "10": numeric order */
		"uyat|10|1|1|1|1",
		"uyat|(all)|5|4|3|2",
		"uyat-child|10|1|2|2|1",
		"uyat-child|(all)|1|2|2|1",
		"religion|3|1|1|0|1",
		"religion|(unknown)|1|1|0|0",
		"religion|(all)|2|2|0|1",
		"unused|(all)|0|0|0|0",
	};
	static const char *const city[] = {
		"uyat|Aktau|4|3|2|1",
		"uyat|Almaty|1|1|1|1",
		"uyat|(all)|5|4|3|2",
		"uyat-child|Almaty|1|2|2|1",
		"uyat-child|(all)|1|2|2|1",
		"religion|Aktau|1|1|0|1",
		"religion|(unknown)|1|1|0|0",
		"religion|(all)|2|2|0|1",
		"unused|(all)|0|0|0|0",
	};
	char path[64];
	struct fg_db *db = build(path);
	struct fg_table *t;

	(void)state;
	t = run(db, FG_BY_FG, NULL, NULL, 0);
	assert_string_equal(t->names[1], "fg");
	CHECK(t, fg);
	fg_table_free(t);
	t = run(db, FG_BY_CITY, NULL, NULL, 0);
	CHECK(t, city);
	fg_table_free(t);
	unit_db_close(db, path);
}

static void
test_by_ageband(void **state)
{
	static const char *const def[] = {
		"uyat|18-29|3|2|1|1",
		"uyat|30-49|2|2|2|2",
		"uyat|(none)|1|0|0|1",
		"uyat|(all)|5|4|3|2",
		"uyat-child|50+|1|1|1|1",
		"uyat-child|(unknown)|1|1|1|1",
		"uyat-child|(all)|1|2|2|1",
		"religion|(unknown)|2|2|0|1",
		"religion|(all)|2|2|0|1",
		"unused|(all)|0|0|0|0",
	};
	static const char *const custom[] = {
		"uyat|18-24|3|2|1|1",
		"uyat|25-40|1|1|1|1",
		"uyat|(other)|1|1|1|1",
		"uyat|(none)|1|0|0|1",
		"uyat|(all)|5|4|3|2",
		"uyat-child|(other)|1|1|1|1",
		"uyat-child|(unknown)|1|1|1|1",
		"uyat-child|(all)|1|2|2|1",
		"religion|(unknown)|2|2|0|1",
		"religion|(all)|2|2|0|1",
		"unused|(all)|0|0|0|0",
	};
	char path[64];
	struct fg_db *db = build(path);
	struct fg_table *t;

	(void)state;
	t = run(db, FG_BY_AGEBAND, NULL, NULL, 0);
	CHECK(t, def);
	fg_table_free(t);
	t = run(db, FG_BY_AGEBAND, "18-24,25-40", NULL, 0);
	CHECK(t, custom);
	fg_table_free(t);
	unit_db_close(db, path);
}

static void
test_by_speaker_source_and_codes(void **state)
{
	static const char *const speaker[] = {
		"uyat|A|3|2|1|1",
		"uyat|B|1|1|1|1",
		"uyat|C|1|1|1|1",
		"uyat|(none)|1|0|0|1",
		"uyat|(all)|5|4|3|2",
	};
	static const char *const source[] = {
		"religion|s1.txt|1|1|0|1",
		"religion|s3.txt|1|1|0|0",
		"religion|(all)|2|2|0|1",
		"unused|(all)|0|0|0|0",
	};
	/* the codes are listed in tree order whatever the order asked */
	static const int64_t codes[] = { 4, 3 }, uyat[] = { 1 };
	char path[64];
	struct fg_db *db = build(path);
	struct fg_table *t;

	(void)state;
	t = run(db, FG_BY_SPEAKER, NULL, uyat, 1);
	CHECK(t, speaker);
	fg_table_free(t);
	t = run(db, FG_BY_SOURCE, NULL, codes, 2);
	CHECK(t, source);
	fg_table_free(t);
	unit_db_close(db, path);
}

static void
test_parsing(void **state)
{
	static const char *const bad[] = { "", "abc", "18-29,", "30-20",
	    "18-29,25-40", "50+,60-70", "200-300", "18-29;30-49", "-5",
	    "18--29", "1000-2000" };
	struct fg_band *b;
	struct fg_error err;
	enum fg_report_by by;
	size_t n, i;

	(void)state;
	fg_error_clear(&err);
	assert_int_equal(fg_report_bands_parse(FG_DEFAULT_BANDS, &b, &n, &err),
	    FG_OK);
	assert_int_equal(n, 3);
	assert_int_equal(b[0].lo, 18);
	assert_int_equal(b[0].hi, 29);
	assert_string_equal(b[1].label, "30-49");
	assert_int_equal(b[2].lo, 50);
	assert_int_equal(b[2].hi, -1);
	assert_string_equal(b[2].label, "50+");
	free(b);
	assert_int_equal(fg_report_bands_parse("0-17,18-18,19+", &b, &n, &err),
	    FG_OK);
	assert_int_equal(n, 3);
	free(b);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (fg_report_bands_parse(bad[i], &b, &n, &err) != FG_USAGE)
			fail_msg("'%s' accepted", bad[i]);
	assert_int_equal(fg_report_bands_parse("30-49,18-29", &b, &n, &err),
	    FG_USAGE);
	assert_non_null(strstr(err.msg, "(30-49, then 18-29)"));
	assert_int_equal(fg_report_bands_parse("30-20", &b, &n, &err),
	    FG_USAGE);
	assert_non_null(strstr(err.msg, "bad age band 30-20"));
	assert_int_equal(fg_report_by_parse("ageband", &by, &err), FG_OK);
	assert_int_equal(by, FG_BY_AGEBAND);
	assert_int_equal(fg_report_by_parse("age", &by, &err), FG_USAGE);
	assert_non_null(strstr(err.msg, "fg, city, gender, ageband"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_by_gender),
		cmocka_unit_test(test_by_fg_and_city),
		cmocka_unit_test(test_by_ageband),
		cmocka_unit_test(test_by_speaker_source_and_codes),
		cmocka_unit_test(test_parsing),
	};
	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
