/* test-joint.c - unit tests of core/joint: word counts, and the joint
 * display of a small project built by hand, every expected count worked
 * out by hand from the layout in the comment below. */
#include "config.h"

#include "unit.h"

#include <math.h>

#include "core/hash.h"
#include "core/joint.h"
#include "core/link.h"
#include "core/model.h"
#include "core/quote.h"
#include "core/wvs.h"

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

static const char TABLE[] =
    "name: ms\n"
    "title: a hand-made table\n"
    "models:\n"
    "  - name: m1\n"
    "    title: Model 1\n"
    "    y:\n"
    "      column: Y\n"
    "      label: Acceptance\n"
    "      scale: 1..10\n"
    "      low: never\n"
    "      high: always\n"
    "      direction: higher means more accepting\n"
    "rows:\n"
    "  - term: (Intercept)\n"
    "    label: Intercept\n"
    "    cells: [\"5.000 *** (0.500)\"]\n"
    "  - term: female\n"
    "    label: Female\n"
    "    cells: [\"0.500*** (0.100)\"]\n"
    "  - term: older\n"
    "    label: Older\n"
    "    cells: [\"-0.200 (0.300)\"]\n"
    "  - term: tcode\n"
    "    label: T talk\n"
    "    cells: [\"1.000*** (0.200)\"]\n"
    "  - term: nothing\n"
    "    label: Nothing\n"
    "    cells: [\"0.100 (0.100)\"]\n"
    "  - term: unmentioned\n"
    "    label: Unmentioned\n"
    "    cells: [\"0.100 (0.100)\"]\n"
    "stats:\n"
    "  r2: [\"0.100\"]\n"
    "  adj_r2: [\"0.052\"]\n"
    "  n: [\"100\"]\n";

static const char LINK[] =
    "unit: participant\n"
    "reading:\n"
    "  min-count: 1\n"
    "  ratio: 1.4\n"
    "quotes: 2\n"
    "models:\n"
    "  - model: ms/m1\n"
    "    code: M\n"
    "    indicates: higher\n"
    "terms:\n"
    "  (Intercept): none\n"
    "  female:\n"
    "    when: gender == female\n"
    "  older:\n"
    "    when: age >= 40\n"
    "    vs: age < 40\n"
    "  tcode:\n"
    "    code: T\n"
    "  nothing:\n"
    "    note: nothing to say\n";

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
	struct fg_model_set *set = NULL;
	struct fg_error err;
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
	fg_error_clear(&err);
	if (fg_wvs_table_load(put("table.yaml", TABLE), &set, NULL, &err) !=
	    FG_OK)
		fail_msg("table: %s:%d:%d: %s", err.file, err.line, err.col,
		    err.msg);
	if (fg_model_set_store(db, set, "tester", 0, &err) != FG_OK)
		fail_msg("store: %s", err.msg);
	fg_model_set_free(set);
	return db;
}

static int
setup(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/fgcode-joint-XXXXXX");
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

/* The display for link text, unit (-1: the link's) and quotes. */
static struct fg_joint *
joint(struct fg_db *db, const char *link_text, int unit, long quotes)
{
	struct fg_joint_opts o;
	struct fg_link *l = NULL;
	struct fg_joint *j = NULL;
	struct fg_error err;

	fg_error_clear(&err);
	if (fg_link_load(put("link.yaml", link_text), &l, &err) != FG_OK)
		fail_msg("link: %d:%d: %s", err.line, err.col, err.msg);
	if (fg_link_check(db, l, NULL, &err) != FG_OK)
		fail_msg("check: %d:%d: %s", err.line, err.col, err.msg);
	memset(&o, 0, sizeof o);
	o.link = l;
	o.unit = unit;
	o.quotes = quotes;
	o.command = "fgcode report joint";
	if (fg_joint_compute(db, &o, &j, &err) != FG_OK)
		fail_msg("compute: %s", err.msg);
	fg_link_free(l);
	return j;
}

static const struct fg_joint_row *
row(const struct fg_joint *j, const char *term)
{
	size_t i;

	for (i = 0; i < j->nrows; i++)
		if (strcmp(j->models[j->rows[i].model].m->terms[j->rows[i].term]
		    .name, term) == 0)
			return &j->rows[i];
	fail_msg("no row %s", term);
	return NULL;
}

#define SIDE(sd, u, w, cod, wd, pa, gr) do { \
	assert_int_equal((sd).units, u); \
	assert_int_equal((sd).with, w); \
	assert_int_equal((sd).codings, cod); \
	assert_int_equal((sd).words, wd); \
	assert_int_equal((sd).participants, pa); \
	assert_int_equal((sd).groups, gr); \
} while (0)

static void
test_words(void **state)
{
	(void)state;
	assert_int_equal(fg_joint_words("", 0), 0);
	assert_int_equal(fg_joint_words("  \n ", 4), 0);
	assert_int_equal(fg_joint_words("one two three four", 18), 4);
	assert_int_equal(fg_joint_words("don't stop-now x", 16), 3);
	/* a hyphen between blanks, a full stop and an em dash split */
	assert_int_equal(fg_joint_words("a - b", 5), 2);
	assert_int_equal(fg_joint_words("e.g.", 4), 2);
	assert_int_equal(fg_joint_words("yes\xe2\x80\x94no", 8), 2);
	/* a right single quotation mark joins like an apostrophe */
	assert_int_equal(fg_joint_words("don\xe2\x80\x99t", 6), 1);
	assert_int_equal(fg_joint_words("18-29", 5), 1);
	/* Kazakh and Russian letters; a combining accent stays in its
	 * word */
	assert_int_equal(fg_joint_words(S2 + 10, 25), 3);
	assert_int_equal(fg_joint_words("e\xcc\x81t\xc3\xa9", 6), 1);
	assert_int_equal(fg_joint_words("\xc2\xab\xd0\x9a\xd0\xb5\xd0\xbb"
	    "\xd1\x96\xd0\xbd, \xd2\x9b\xd0\xb0\xd1\x88\xd0\xb0\xd0\xbd?"
	    "\xc2\xbb", 22), 2);
}

static void
test_participant_unit(void **state)
{
	char path[64];
	struct fg_db *db = build(path);
	struct fg_joint *j = joint(db, LINK, -1, -1);
	const struct fg_joint_row *r;
	char qid[FG_QUOTE_ID_SIZE], h[FG_SHA256_HEX];

	(void)state;
	assert_int_equal(j->unit, FG_UNIT_PARTICIPANT);
	assert_int_equal(j->nmodels, 1);
	assert_int_equal(j->nrows, 6);
	assert_int_equal(j->nturns, 6);
	assert_int_equal(j->nparticipants, 5);
	assert_int_equal(j->ngroups, 2);
	assert_int_equal(j->nsources, 2);
	assert_int_equal(j->ncodings, 7);

	/* female: S = A C D, C = B, E unknown */
	r = row(j, "female");
	assert_true(r->has_qual);
	SIDE(r->s, 3, 3, 4, 15, 3, 2);
	SIDE(r->c, 1, 1, 1, 2, 1, 1);
	assert_int_equal(r->excluded, 1);
	assert_true(fabs(r->s.share - 1.0) < 1e-12);
	assert_true(fabs(r->s.per_1000_words - 4000.0 / 15) < 1e-9);
	assert_true(fabs(r->c.per_1000_words - 500.0) < 1e-9);
	assert_true(fabs(r->s.per_participant - 4.0 / 3) < 1e-12);
	/* q = +1 (***), equal shares: d = 0, r = 0: divergent */
	assert_int_equal(r->q, 1);
	assert_int_equal(r->r, 0);
	assert_int_equal(r->reading, FG_READING_DIVERGENT);
	assert_int_equal(r->small, 0);
	assert_string_equal(r->dimension, "gender == female");
	/* 95% interval 0.5 +/- 1.96 x 0.1 */
	assert_true(fabs(r->ci_lo - (0.5 - 1.959963984540054 * 0.1)) < 1e-12);
	assert_true(fabs(r->ci_hi - (0.5 + 1.959963984540054 * 0.1)) < 1e-12);
	assert_null(r->check);
	assert_string_equal(r->direction, "toward always");
	/* quotes: one group at a time, g1 (fg 3) then g2 (fg 10): c1, c4 */
	assert_int_equal(r->nquotes, 2);
	fg_sha256_hex(S1, strlen(S1), h);
	fg_quote_id(h, 16, 19, "M", "ana", qid);
	assert_string_equal(r->quotes[0].id, qid);
	assert_int_equal(r->quotes[0].coding_id, 1);
	assert_string_equal(r->quotes[0].excerpt, "one");
	assert_string_equal(r->quotes[0].citation,
	    "FG 3, female participant aged 24, Aktau");
	fg_sha256_hex(S2, strlen(S2), h);
	fg_quote_id(h, 0, 3, "M", "ana", qid);
	assert_string_equal(r->quotes[1].id, qid);
	assert_string_equal(r->quotes[1].citation,
	    "FG 10, female participant aged 45, Almaty");

	/* older (age >= 40 vs < 40): S = C D, C = A B */
	r = row(j, "older");
	SIDE(r->s, 2, 2, 2, 8, 2, 1);
	SIDE(r->c, 2, 2, 2, 9, 2, 1);
	assert_int_equal(r->excluded, 1);
	assert_int_equal(r->q, 0);
	assert_int_equal(r->reading, FG_READING_CONVERGENT);
	assert_string_equal(r->direction, "toward never");

	/* tcode: S = B C (voiced T), C = A D E */
	r = row(j, "tcode");
	SIDE(r->s, 2, 2, 2, 7, 2, 2);
	SIDE(r->c, 3, 2, 3, 11, 3, 2);
	assert_int_equal(r->excluded, 0);
	assert_true(fabs(r->ratio - 1.5) < 1e-9);
	assert_int_equal(r->r, 1);
	assert_int_equal(r->reading, FG_READING_CONVERGENT);
	assert_string_equal(r->dimension, "code T");

	/* none, a note, the intercept, and a term the link leaves out */
	r = row(j, "nothing");
	assert_false(r->has_qual);
	assert_int_equal(r->linked, FG_LINK_NONE);
	assert_string_equal(r->note, "nothing to say");
	assert_int_equal(r->reading, FG_READING_SILENT);
	assert_int_equal(row(j, "(Intercept)")->reading, FG_READING_SILENT);
	r = row(j, "unmentioned");
	assert_int_equal(r->linked, -1);
	assert_int_equal(r->reading, FG_READING_SILENT);
	assert_string_equal(r->reason, "not linked: no qualitative "
	    "counterpart");
	fg_joint_free(j);
	unit_db_close(db, path);
}

static void
test_turn_and_group_units(void **state)
{
	char path[64];
	struct fg_db *db = build(path);
	struct fg_joint *j = joint(db, LINK, FG_UNIT_TURN, 0);
	const struct fg_joint_row *r;

	(void)state;
	/* turns: T turns s1t3 s2t1 (both with M); others s1t2 (M) s1t4
	 * s2t2 (M) s2t3 */
	r = row(j, "tcode");
	SIDE(r->s, 2, 2, 2, 7, 2, 2);
	SIDE(r->c, 4, 2, 3, 11, 3, 2);
	assert_int_equal(r->nquotes, 0);
	assert_int_equal(r->reading, FG_READING_CONVERGENT);
	/* female by turns: A's s1t2 s1t4, C's s2t1, D's s2t2; B's s1t3 */
	r = row(j, "female");
	SIDE(r->s, 4, 3, 4, 15, 3, 2);
	SIDE(r->c, 1, 1, 1, 2, 1, 1);
	assert_int_equal(r->excluded, 1);
	fg_joint_free(j);

	j = joint(db, LINK, FG_UNIT_GROUP, 0);
	/* group parts: female in g1 (A) and g2 (C D); male in g1 (B) */
	r = row(j, "female");
	SIDE(r->s, 2, 2, 4, 15, 3, 2);
	SIDE(r->c, 1, 1, 1, 2, 1, 1);
	/* T occurs in both groups: no complement */
	r = row(j, "tcode");
	SIDE(r->s, 2, 2, 4, 18, 5, 2);
	SIDE(r->c, 0, 0, 0, 0, 0, 0);
	assert_true(isnan(r->c.share));
	assert_int_equal(r->small, FG_JOINT_SMALL_C);
	assert_int_equal(r->reading, FG_READING_SILENT);
	fg_joint_free(j);
	unit_db_close(db, path);
}

static void
test_small_and_indicates(void **state)
{
	char path[64], text[2048];
	struct fg_db *db = build(path);
	struct fg_joint *j;
	const struct fg_joint_row *r;
	const char *p;

	(void)state;
	/* the default min-count 5: every side here is small */
	p = strstr(LINK, "reading:");
	snprintf(text, sizeof text, "%.*s%s", (int)(p - LINK), LINK,
	    strstr(LINK, "quotes:"));
	j = joint(db, text, -1, 0);
	r = row(j, "female");
	assert_int_equal(r->small, FG_JOINT_SMALL_S | FG_JOINT_SMALL_C |
	    FG_JOINT_SMALL_CODE);
	assert_int_equal(r->reading, FG_READING_SILENT);
	assert_non_null(strstr(r->reason, "small counts"));
	{
		struct fg_table *t;
		struct fg_error err;

		fg_error_clear(&err);
		assert_int_equal(fg_joint_model_table(j, 0, &t, &err), FG_OK);
		/* 3 of 3 and 1 of 1: every count below 5 has a dagger */
		assert_string_equal(fg_table_cell(t, 1, 5),
		    "3\xe2\x80\xa0/3\xe2\x80\xa0 (100%)");
		assert_string_equal(fg_table_cell(t, 1, 6),
		    "1\xe2\x80\xa0/1\xe2\x80\xa0 (100%)");
		fg_table_free(t);
	}
	fg_joint_free(j);
	/* indicates: none silences every row */
	snprintf(text, sizeof text, "%s", LINK);
	memcpy(strstr(text, "higher"), "none  ", 6);
	j = joint(db, text, -1, 0);
	r = row(j, "tcode");
	assert_true(r->has_qual);
	assert_int_equal(r->reading, FG_READING_SILENT);
	assert_non_null(strstr(r->reason, "indicates: none"));
	fg_joint_free(j);
	/* indicates: lower turns tcode's reading round: divergent */
	snprintf(text, sizeof text, "%s", LINK);
	memcpy(strstr(text, "higher"), "lower ", 6);
	j = joint(db, text, -1, 0);
	r = row(j, "tcode");
	assert_int_equal(r->r, -1);
	assert_int_equal(r->reading, FG_READING_DIVERGENT);
	fg_joint_free(j);
	unit_db_close(db, path);
}

static void
test_tables_and_header(void **state)
{
	char path[64];
	struct fg_db *db = build(path);
	struct fg_joint *j = joint(db, LINK, -1, 1);
	struct fg_table *t;
	struct fg_error err;
	size_t i;
	int found = 0;

	(void)state;
	fg_error_clear(&err);
	assert_int_equal(fg_joint_table(j, &t, &err), FG_OK);
	assert_int_equal(t->nrows, 6);
	assert_string_equal(fg_table_cell(t, 1, fg_table_col(t, "term")),
	    "female");
	assert_string_equal(fg_table_cell(t, 1, fg_table_col(t, "estimate")),
	    "0.500");
	assert_string_equal(fg_table_cell(t, 1, fg_table_col(t, "units_s")),
	    "3");
	assert_string_equal(fg_table_cell(t, 1,
	    fg_table_col(t, "per_1000_words_s")), "266.667");
	assert_string_equal(fg_table_cell(t, 1, fg_table_col(t, "reading")),
	    "divergent");
	assert_null(fg_table_cell(t, 0, fg_table_col(t, "units_s")));
	fg_table_free(t);
	assert_int_equal(fg_joint_model_table(j, 0, &t, &err), FG_OK);
	assert_int_equal(t->nrows, 6);
	/* min-count 1: no daggers */
	assert_string_equal(fg_table_cell(t, 1, 6), "1/1 (100%)");
	fg_table_free(t);
	assert_int_equal(fg_joint_header(j, &t, &err), FG_OK);
	for (i = 0; i < t->nrows; i++)
		if (strcmp(fg_table_cell(t, i, 0), "unit") == 0) {
			found = 1;
			assert_non_null(strstr(fg_table_cell(t, i, 1),
			    "participant"));
		}
	assert_true(found);
	fg_table_free(t);
	fg_joint_free(j);
	unit_db_close(db, path);
}

/* The codings digest depends on the codings, not on their row ids. */
static void
test_digest(void **state)
{
	char path[64], p2[64];
	struct fg_db *db = build(path), *db2 = build(p2);
	struct fg_joint *a, *b;

	(void)state;
	exec_ok(db2, "UPDATE coding SET id = id + 100");
	a = joint(db, LINK, -1, 0);
	b = joint(db2, LINK, -1, 0);
	assert_string_equal(a->codings_sha256, b->codings_sha256);
	assert_string_equal(a->sources_sha256, b->sources_sha256);
	fg_joint_free(b);
	exec_ok(db2, "UPDATE coding SET coder = 'ben' WHERE id = 107");
	b = joint(db2, LINK, -1, 0);
	assert_string_not_equal(a->codings_sha256, b->codings_sha256);
	fg_joint_free(a);
	fg_joint_free(b);
	unit_db_close(db, path);
	unit_db_close(db2, p2);
}

static void
test_no_model(void **state)
{
	char path[64];
	struct fg_db *db = build(path);
	struct fg_joint_opts o;
	struct fg_joint *j = NULL;
	struct fg_error err;
	const char *ref = "ms";

	(void)state;
	memset(&o, 0, sizeof o);
	o.unit = -1;
	o.quotes = -1;
	fg_error_clear(&err);
	assert_int_equal(fg_joint_compute(db, &o, &j, &err), FG_USAGE);
	/* models without a link: every row silent, nothing computed */
	o.models = &ref;
	o.nmodels = 1;
	assert_int_equal(fg_joint_compute(db, &o, &j, &err), FG_OK);
	assert_int_equal(j->nrows, 6);
	assert_false(j->rows[1].has_qual);
	assert_int_equal(j->rows[1].reading, FG_READING_SILENT);
	fg_joint_free(j);
	ref = "nosuch";
	assert_int_equal(fg_joint_compute(db, &o, &j, &err), FG_NOTFOUND);
	unit_db_close(db, path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_participant_unit),
		cmocka_unit_test(test_turn_and_group_units),
		cmocka_unit_test(test_small_and_indicates),
		cmocka_unit_test(test_tables_and_header),
		cmocka_unit_test(test_digest),
		cmocka_unit_test(test_no_model),
	};
	return cmocka_run_group_tests_name("joint", tests, setup, teardown);
}
