/* test-matrix.c - unit tests of core/matrix: crosstab, co-occurrence and
 * quote matrices on a small project built by hand (the same as
 * test-joint.c's), every expected count worked out by hand. */
#include "config.h"

#include "unit.h"

#include "core/hash.h"
#include "core/matrix.h"
#include "core/report.h"
#include "core/quote.h"

/*
 * Groups: g1 fg "3" Aktau, g2 fg "10" Almaty.
 * Participants: A (g1, female, 24), B (g1, male, 37), C (g2, female, 45),
 *   D (g2, female, 60), E (g2, no gender, no age).
 * s1.txt (g1), ASCII:
 *   t1 [0,15)  Moderator "hello there all"     (no participant, 3 words)
 *   t2 [16,34) A "one two three four"           4 words
 *   t3 [35,43) B "five six"                     2 words
 *   t4 [44,60) A "don't stop-now x"             3 words
 * s2.txt (g2), cp (bytes):
 *   t1 [0,9)            C "a b c d e"           5 words
 *   t2 [10,26) ([10,35)) D "Жұма намаз every"   3 words
 *   t3 [27,28) ([36,37)) E "z"                  1 word
 * Codes: M (the model's), T (a term's), O (unused).
 * Codings:
 *   c1 M s1 [16,19)  t2 (A)
 *   c2 M s1 [30,39)  t2 (A), t3 (B)
 *   c3 T s1 [35,39)  t3 (B)
 *   c4 M s2 [0,3)    t1 (C)
 *   c5 T s2 [2,5)    t1 (C)
 *   c6 M s1 [0,5)    t1 (moderator: left out)
 *   c7 M s2 [21,26)  t2 (D)
 * Participant turns: s1t2 s1t3 s1t4 s2t1 s2t2 s2t3 (6); participants who
 * speak: A B C D E (5); groups: g1 g2.
 */
static const char S1[] = "hello there all\none two three four\nfive six\n"
    "don't stop-now x\n";
static const char S2[] = "a b c d e\n\xd0\x96\xd2\xb1\xd0\xbc\xd0\xb0 "
    "\xd0\xbd\xd0\xb0\xd0\xbc\xd0\xb0\xd0\xb7 every\nz\n";

static void
exec_ok(struct fg_db *db, const char *sql)
{
	struct fg_error err;

	fg_error_clear(&err);
	if (fg_db_exec(db, sql, &err) != FG_OK)
		fail_msg("%s: %s", sql, err.msg);
}

static void
add_coding(struct fg_db *db, int id, int src, int code, int a, int b,
    int ab, int bb, const char *text, size_t tlen)
{
	char *sql, sha[FG_SHA256_HEX], ex[128];

	memcpy(ex, text + ab, (size_t)(bb - ab));
	ex[bb - ab] = '\0';
	(void)tlen;
	fg_sha256_hex(ex, strlen(ex), sha);
	sql = sqlite3_mprintf("INSERT INTO coding (id, source_id, "
	    "code_id, start_cp, end_cp, start_b, end_b, excerpt, "
	    "excerpt_sha256, coder, created_at) VALUES (%d, %d, %d, %d, %d, "
	    "%d, %d, %Q, '%s', 'ana', 'now')", id, src, code, a, b, ab, bb,
	    ex, sha);
	exec_ok(db, sql);
	sqlite3_free(sql);
}

static struct fg_db *
build(char *path)
{
	struct fg_db *db = unit_db_open(path);
	char *sql, h1[FG_SHA256_HEX], h2[FG_SHA256_HEX];

	fg_sha256_hex(S1, strlen(S1), h1);
	fg_sha256_hex(S2, strlen(S2), h2);
	exec_ok(db,
	    "INSERT INTO focus_group (id, fg, city, created_at) VALUES "
	    " (1, '3', 'Aktau', 'now'), (2, '10', 'Almaty', 'now');"
	    "INSERT INTO participant (id, group_id, pid, gender, age) VALUES "
	    " (1, 1, 'A', 'female', 24), (2, 1, 'B', 'male', 37),"
	    " (3, 2, 'C', 'female', 45), (4, 2, 'D', 'female', 60),"
	    " (5, 2, 'E', NULL, NULL);"
	    "INSERT INTO participant_attr VALUES (1, 'religion', 'Muslim'),"
	    " (3, 'religion', 'none');"
	    "INSERT INTO group_attr VALUES (2, 'city_alias', 'Alma-Ata');");
	sql = sqlite3_mprintf(
	    "INSERT INTO source (id, name, path, file_sha256, text_sha256, "
	    " text, n_cp, n_bytes, body_line, encoding, had_bom, crlf_count, "
	    " cr_count, profile, group_id, imported_at, imported_by) VALUES "
	    " (1, 's1.txt', 's1', 'f1', '%s', %Q, %d, %d, 1, 'utf-8', 0,"
	    "  0, 0, 'default', 1, 'now', 'me'),"
	    " (2, 's2.txt', 's2', 'f2', '%s', %Q, 29, %d, 1, 'utf-8', 0, 0,"
	    "  0, 'default', 2, 'now', 'me');",
	    h1, S1, (int)strlen(S1), (int)strlen(S1), h2, S2, (int)strlen(S2));
	exec_ok(db, sql);
	sqlite3_free(sql);
	exec_ok(db,
	    "INSERT INTO turn (id, source_id, seq, speaker, speaker_raw, "
	    " participant_id, start_cp, end_cp, start_b, end_b, line_start, "
	    " line_end) VALUES "
	    " (1, 1, 1, 'Moderator', 'Moderator', NULL, 0, 15, 0, 15, 1, 1),"
	    " (2, 1, 2, 'A', 'A', 1, 16, 34, 16, 34, 2, 2),"
	    " (3, 1, 3, 'B', 'B', 2, 35, 43, 35, 43, 3, 3),"
	    " (4, 1, 4, 'A', 'A', 1, 44, 60, 44, 60, 4, 4),"
	    " (5, 2, 1, 'C', 'C', 3, 0, 9, 0, 9, 1, 1),"
	    " (6, 2, 2, 'D', 'D', 4, 10, 26, 10, 35, 2, 2),"
	    " (7, 2, 3, 'E', 'E', 5, 27, 28, 36, 37, 3, 3);"
	    "INSERT INTO code (id, name, parent_id, sort, created_at) VALUES "
	    " (1, 'M', NULL, 1, 'now'), (2, 'T', NULL, 2, 'now'),"
	    " (3, 'O', NULL, 3, 'now');");
	add_coding(db, 1, 1, 1, 16, 19, 16, 19, S1, 0);
	add_coding(db, 2, 1, 1, 30, 39, 30, 39, S1, 0);
	add_coding(db, 3, 1, 2, 35, 39, 35, 39, S1, 0);
	add_coding(db, 4, 2, 1, 0, 3, 0, 3, S2, 0);
	add_coding(db, 5, 2, 2, 2, 5, 2, 5, S2, 0);
	add_coding(db, 6, 1, 1, 0, 5, 0, 5, S1, 0);
	add_coding(db, 7, 2, 1, 21, 26, 30, 35, S2, 0);
	return db;
}

static const char *
cell(const struct fg_table *t, const char *rowname, const char *col)
{
	size_t i;
	int c = fg_table_col(t, col);

	if (c < 0)
		fail_msg("no column %s", col);
	for (i = 0; i < t->nrows; i++)
		if (strcmp(fg_table_cell(t, i, 0), rowname) == 0)
			return fg_table_cell(t, i, (size_t)c);
	fail_msg("no row %s", rowname);
	return NULL;
}

static struct fg_table *
xtab(struct fg_db *db, const char *cols, enum fg_matrix_count count,
    enum fg_matrix_percent pct)
{
	struct fg_crosstab_opts o;
	struct fg_table *t = NULL;
	struct fg_error err;

	memset(&o, 0, sizeof o);
	o.cols = cols;
	o.count = count;
	o.percent = pct;
	fg_error_clear(&err);
	if (fg_crosstab(db, &o, &t, &err) != FG_OK)
		fail_msg("crosstab %s: %s", cols, err.msg);
	return t;
}

static void
test_crosstab(void **state)
{
	char path[64];
	struct fg_db *db = build(path);
	struct fg_table *t;
	struct fg_crosstab_opts o;
	struct fg_error err;
	int64_t only = 2;

	(void)state;
	t = xtab(db, "gender", FG_COUNT_CODINGS, FG_PERCENT_NONE);
	assert_int_equal(t->ncols, 5);
	assert_string_equal(t->names[1], "female");
	assert_string_equal(t->names[2], "male");
	assert_string_equal(t->names[3], "(unknown)");
	assert_string_equal(t->names[4], "total");
	assert_int_equal(t->nrows, 4);
	assert_string_equal(fg_table_cell(t, 0, 0), "M");
	assert_string_equal(cell(t, "M", "female"), "4");
	assert_string_equal(cell(t, "M", "male"), "1");
	assert_string_equal(cell(t, "M", "(unknown)"), "1");
	assert_string_equal(cell(t, "M", "total"), "5");
	assert_string_equal(cell(t, "T", "female"), "1");
	assert_string_equal(cell(t, "T", "male"), "1");
	assert_string_equal(cell(t, "T", "total"), "2");
	assert_string_equal(cell(t, "O", "total"), "0");
	assert_string_equal(cell(t, "total", "female"), "5");
	assert_string_equal(cell(t, "total", "male"), "2");
	assert_string_equal(cell(t, "total", "(unknown)"), "1");
	assert_string_equal(cell(t, "total", "total"), "7");
	fg_table_free(t);

	t = xtab(db, "gender", FG_COUNT_CODINGS, FG_PERCENT_ROW);
	assert_string_equal(cell(t, "M", "female"), "80.0");
	assert_string_equal(cell(t, "M", "male"), "20.0");
	assert_string_equal(cell(t, "M", "(unknown)"), "20.0");
	assert_string_equal(cell(t, "M", "total"), "5");
	assert_string_equal(cell(t, "T", "(unknown)"), "0.0");
	assert_null(cell(t, "O", "female"));
	assert_string_equal(cell(t, "total", "female"), "5");
	fg_table_free(t);

	t = xtab(db, "gender", FG_COUNT_CODINGS, FG_PERCENT_COL);
	assert_string_equal(cell(t, "M", "female"), "80.0");
	assert_string_equal(cell(t, "M", "male"), "50.0");
	assert_string_equal(cell(t, "M", "(unknown)"), "100.0");
	assert_string_equal(cell(t, "T", "female"), "20.0");
	fg_table_free(t);

	t = xtab(db, "gender", FG_COUNT_PARTICIPANTS, FG_PERCENT_NONE);
	assert_string_equal(cell(t, "M", "female"), "3");
	assert_string_equal(cell(t, "M", "male"), "1");
	assert_string_equal(cell(t, "M", "(unknown)"), "0");
	assert_string_equal(cell(t, "M", "total"), "4");
	fg_table_free(t);

	t = xtab(db, "gender", FG_COUNT_TURNS, FG_PERCENT_NONE);
	/* M: s1t2 s2t1 s2t2 female; s1t3 male; s1t1 unknown; 5 in all */
	assert_string_equal(cell(t, "M", "female"), "3");
	assert_string_equal(cell(t, "M", "total"), "5");
	fg_table_free(t);

	t = xtab(db, "fg", FG_COUNT_GROUPS, FG_PERCENT_NONE);
	/* groups in number order: 3 before 10 */
	assert_string_equal(t->names[1], "3");
	assert_string_equal(t->names[2], "10");
	assert_string_equal(cell(t, "M", "3"), "1");
	assert_string_equal(cell(t, "M", "total"), "2");
	fg_table_free(t);

	t = xtab(db, "ageband", FG_COUNT_CODINGS, FG_PERCENT_NONE);
	assert_string_equal(t->names[1], "18-29");
	assert_string_equal(t->names[2], "30-49");
	assert_string_equal(t->names[3], "50+");
	assert_string_equal(t->names[4], "(unknown)");
	assert_string_equal(cell(t, "M", "18-29"), "2");
	assert_string_equal(cell(t, "M", "30-49"), "2");
	assert_string_equal(cell(t, "M", "50+"), "1");
	assert_string_equal(cell(t, "M", "(unknown)"), "1");
	fg_table_free(t);

	t = xtab(db, "city", FG_COUNT_CODINGS, FG_PERCENT_NONE);
	assert_string_equal(cell(t, "M", "Aktau"), "3");
	assert_string_equal(cell(t, "M", "Almaty"), "2");
	fg_table_free(t);

	/* attributes: a participant's (bare key) and a group's */
	t = xtab(db, "religion", FG_COUNT_CODINGS, FG_PERCENT_NONE);
	assert_string_equal(t->names[1], "Muslim");
	assert_string_equal(t->names[2], "none");
	assert_string_equal(cell(t, "M", "Muslim"), "2");
	assert_string_equal(cell(t, "M", "none"), "1");
	assert_string_equal(cell(t, "M", "(unknown)"), "3");
	fg_table_free(t);
	t = xtab(db, "group.city_alias", FG_COUNT_CODINGS, FG_PERCENT_NONE);
	assert_string_equal(cell(t, "M", "Alma-Ata"), "2");
	assert_string_equal(cell(t, "M", "(unknown)"), "3");
	fg_table_free(t);

	/* one code; unknown dimensions */
	memset(&o, 0, sizeof o);
	o.cols = "gender";
	o.codes = &only;
	o.ncodes = 1;
	fg_error_clear(&err);
	assert_int_equal(fg_crosstab(db, &o, &t, &err), FG_OK);
	assert_int_equal(t->nrows, 2);
	assert_string_equal(fg_table_cell(t, 0, 0), "T");
	assert_string_equal(cell(t, "total", "total"), "2");
	fg_table_free(t);
	o.cols = "religon";
	assert_int_equal(fg_crosstab(db, &o, &t, &err), FG_INPUT);
	assert_non_null(strstr(err.msg, "unknown dimension"));
	o.cols = "group.religion";
	assert_int_equal(fg_crosstab(db, &o, &t, &err), FG_INPUT);
	unit_db_close(db, path);
}

static void
test_cooccur(void **state)
{
	static const char *const want[4][3] = {
		/* M-M, M-T, T-T */
		{ "5", "2", "2" },      /* turn */
		{ "5", "2", "2" },      /* segment */
		{ "4", "2", "2" },      /* participant */
		{ "2", "2", "2" },      /* group */
	};
	char path[64];
	struct fg_db *db = build(path);
	struct fg_cooccur_opts o;
	struct fg_table *t;
	struct fg_error err;
	int u;

	(void)state;
	fg_error_clear(&err);
	for (u = 0; u < 4; u++) {
		memset(&o, 0, sizeof o);
		o.unit = (enum fg_cooccur_unit)u;
		assert_int_equal(fg_cooccur(db, &o, &t, &err), FG_OK);
		assert_int_equal(t->ncols, 4);
		assert_int_equal(t->nrows, 3);
		assert_string_equal(cell(t, "M", "M"), want[u][0]);
		assert_string_equal(cell(t, "M", "T"), want[u][1]);
		assert_string_equal(cell(t, "T", "M"), want[u][1]);
		assert_string_equal(cell(t, "T", "T"), want[u][2]);
		assert_string_equal(cell(t, "O", "M"), "0");
		assert_string_equal(cell(t, "O", "O"), "0");
		fg_table_free(t);
	}
	{
		enum fg_cooccur_unit cu;

		assert_int_equal(fg_cooccur_unit_parse("segment", &cu, &err),
		    FG_OK);
		assert_int_equal(cu, FG_COOCCUR_SEGMENT);
		assert_int_equal(fg_cooccur_unit_parse("sentence", &cu, &err),
		    FG_USAGE);
	}
	unit_db_close(db, path);
}

static void
test_quotes(void **state)
{
	char path[64], qid[FG_QUOTE_ID_SIZE], h[FG_SHA256_HEX];
	struct fg_db *db = build(path);
	struct fg_quotes_opts o;
	struct fg_table *t;
	struct fg_error err;

	(void)state;
	memset(&o, 0, sizeof o);
	o.code = 1;
	o.by = FG_BY_GENDER;
	fg_error_clear(&err);
	assert_int_equal(fg_quote_matrix(db, &o, &t, &err), FG_OK);
	assert_int_equal(t->nrows, 6);
	assert_string_equal(t->names[0], "gender");
	/* female: c1 c2 (s1), c4 c7 (s2); male: c2; unknown: c6 */
	assert_string_equal(fg_table_cell(t, 0, 0), "female");
	assert_string_equal(fg_table_cell(t, 0, 5), "one");
	fg_sha256_hex(S1, strlen(S1), h);
	fg_quote_id(h, 16, 19, "M", "ana", qid);
	assert_string_equal(fg_table_cell(t, 0, 1), qid);
	assert_string_equal(fg_table_cell(t, 0, 2),
	    "FG 3, female participant aged 24, Aktau");
	assert_string_equal(fg_table_cell(t, 0, 3), "s1.txt");
	assert_string_equal(fg_table_cell(t, 0, 4), "2");
	assert_string_equal(fg_table_cell(t, 1, 5), "four\nfive");
	assert_string_equal(fg_table_cell(t, 1, 2), "FG 3, female "
	    "participant aged 24, male participant aged 37, Aktau");
	assert_string_equal(fg_table_cell(t, 2, 3), "s2.txt");
	assert_string_equal(fg_table_cell(t, 3, 5), "every");
	assert_string_equal(fg_table_cell(t, 4, 0), "male");
	assert_string_equal(fg_table_cell(t, 4, 5), "four\nfive");
	assert_string_equal(fg_table_cell(t, 5, 0), "(unknown)");
	assert_string_equal(fg_table_cell(t, 5, 5), "hello");
	assert_null(fg_table_cell(t, 5, 2));
	fg_table_free(t);
	o.max = 1;
	assert_int_equal(fg_quote_matrix(db, &o, &t, &err), FG_OK);
	assert_int_equal(t->nrows, 3);
	assert_string_equal(fg_table_cell(t, 1, 0), "male");
	fg_table_free(t);
	o.max = 0;
	o.by = FG_BY_CITY;
	assert_int_equal(fg_quote_matrix(db, &o, &t, &err), FG_OK);
	assert_int_equal(t->nrows, 5);
	assert_string_equal(fg_table_cell(t, 0, 0), "Aktau");
	assert_string_equal(fg_table_cell(t, 4, 0), "Almaty");
	fg_table_free(t);
	o.by = FG_BY_SPEAKER;
	assert_int_equal(fg_quote_matrix(db, &o, &t, &err), FG_USAGE);
	unit_db_close(db, path);
}

/* fg_matrix_freq gives exactly fg_report_freq's table (report.c's SQL)
 * for every grouping, with the corner cases added here: a source without
 * a focus group, a non-numeric group number, a coding that overlaps no
 * turn, a participant older than every band of a band list, a speaker
 * who is no participant. */
static void
test_freq_same(void **state)
{
	static const char *const band_lists[] = { NULL, "18-24,25-39,40-59" };
	char path[64];
	struct fg_db *db = build(path);
	struct fg_freq_opts o;
	struct fg_table *a, *b;
	struct fg_error err;
	int64_t some[2] = { 2, 1 };
	size_t r, c, bl;
	int by, sel;

	(void)state;
	exec_ok(db,
	    "INSERT INTO focus_group (id, fg, city, created_at) VALUES "
	    " (3, '3a', NULL, 'now');"
	    "INSERT INTO participant (id, group_id, pid, gender, age) VALUES "
	    " (6, 3, 'F', '', 70);"
	    "INSERT INTO source (id, name, path, file_sha256, text_sha256, "
	    " text, n_cp, n_bytes, body_line, encoding, had_bom, crlf_count, "
	    " cr_count, profile, group_id, imported_at, imported_by) VALUES "
	    " (3, 's3.txt', 's3', 'f3', 't3', 'aaaa bbbb cccc', 14, 14, 1, "
	    "  'utf-8', 0, 0, 0, 'default', NULL, 'now', 'me'),"
	    " (4, 's4.txt', 's4', 'f4', 't4', 'dddd eeee', 9, 9, 1, "
	    "  'utf-8', 0, 0, 0, 'default', 3, 'now', 'me');"
	    "INSERT INTO turn (id, source_id, seq, speaker, speaker_raw, "
	    " participant_id, start_cp, end_cp, start_b, end_b, line_start, "
	    " line_end) VALUES "
	    " (8, 3, 1, 'X', 'X', NULL, 0, 4, 0, 4, 1, 1),"
	    " (9, 4, 1, 'F', 'F', 6, 0, 9, 0, 9, 1, 1);"
	    "INSERT INTO coding (id, source_id, code_id, start_cp, end_cp, "
	    " start_b, end_b, excerpt, excerpt_sha256, coder, created_at) "
	    " VALUES (8, 3, 1, 0, 4, 0, 4, 'aaaa', 'h', 'ana', 'now'),"
	    " (9, 3, 2, 10, 14, 10, 14, 'cccc', 'h', 'ana', 'now'),"
	    " (10, 4, 1, 0, 9, 0, 9, 'dddd eeee', 'h', 'ben', 'now'),"
	    " (11, 1, 2, 15, 16, 15, 16, '\n', 'h', 'ana', 'now');");
	fg_error_clear(&err);
	for (by = FG_BY_FG; by <= FG_BY_SOURCE; by++)
		for (bl = 0; bl < 2; bl++)
			for (sel = 0; sel < 2; sel++) {
				if (bl > 0 && by != FG_BY_AGEBAND)
					continue;
				memset(&o, 0, sizeof o);
				o.by = (enum fg_report_by)by;
				o.bands = band_lists[bl];
				o.codes = sel ? some : NULL;
				o.ncodes = sel ? 2 : 0;
				assert_int_equal(fg_report_freq(db, &o, &a,
				    &err), FG_OK);
				assert_int_equal(fg_matrix_freq(db, &o, &b,
				    &err), FG_OK);
				assert_int_equal(a->ncols, b->ncols);
				for (c = 0; c < a->ncols; c++)
					assert_string_equal(a->names[c],
					    b->names[c]);
				if (a->nrows != b->nrows)
					fail_msg("by %d: %zu rows, want %zu", by,
					    b->nrows, a->nrows);
				for (r = 0; r < a->nrows; r++)
					for (c = 0; c < a->ncols; c++)
						if (strcmp(fg_table_cell(a, r, c),
						    fg_table_cell(b, r, c)) != 0)
							fail_msg("by %d row %zu "
							    "col %zu: %s, want "
							    "%s", by, r, c,
							    fg_table_cell(b, r,
							    c), fg_table_cell(a,
							    r, c));
				fg_table_free(a);
				fg_table_free(b);
			}
	unit_db_close(db, path);
}

static void
test_parse(void **state)
{
	enum fg_matrix_count c;
	enum fg_matrix_percent p;
	struct fg_error err;

	(void)state;
	fg_error_clear(&err);
	assert_int_equal(fg_matrix_count_parse("groups", &c, &err), FG_OK);
	assert_int_equal(c, FG_COUNT_GROUPS);
	assert_int_equal(fg_matrix_count_parse("words", &c, &err), FG_USAGE);
	assert_int_equal(fg_matrix_percent_parse("col", &p, &err), FG_OK);
	assert_int_equal(p, FG_PERCENT_COL);
	assert_int_equal(fg_matrix_percent_parse("cell", &p, &err), FG_USAGE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crosstab),
		cmocka_unit_test(test_cooccur),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_freq_same),
		cmocka_unit_test(test_parse),
	};
	return cmocka_run_group_tests_name("matrix", tests, NULL, NULL);
}
