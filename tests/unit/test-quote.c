/* test-quote.c - unit tests of core/quote: quote IDs (against python3's
 * hashlib over the form in quote.h), their parsing and resolution, a
 * quote's lines, speakers and citation on a fixture transcript (lines
 * found by searching the file), citations written in the seed's footnote
 * style (the examples of the issue and the seed's footnotes) and read
 * back. */
#include "config.h"

#include "unit.h"

#include "core/codebook.h"
#include "core/coding.h"
#include "core/quote.h"
#include "core/source.h"

/* python3: sha256 of fg22-shymkent.txt's body (after the front matter) */
#define FG22_TEXT \
	"bc23ba72fbebf6b0c43f27a0e45e43a146341707e0d5945c9a9ab808d86fb4bd"
#define PHRASE "\xd2\xb0\xd1\x8f\xd1\x82! And the mothers press " \
	"\xc2\xab" "like\xc2\xbb."

static void
test_id(void **state)
{
	char q[FG_QUOTE_ID_SIZE];

	(void)state;
	/* python3: "Q-" + sha256("fgcode-quote-1\n" + sha256("hello") +
	 * "\n10\n20\nuyat\ndana")[:10] */
	fg_quote_id("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362"
	    "938b9824", 10, 20, "uyat", "dana", q);
	assert_string_equal(q, "Q-77ad2bdb33");
	fg_quote_id("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362"
	    "938b9824", 10, 20, "\xd2\xb1\xd1\x8f\xd1\x82", "aigerim", q);
	assert_string_equal(q, "Q-eda2687dcb");
	/* the phrase of fg22 (code points 896:930 of its text) */
	fg_quote_id(FG22_TEXT, 896, 930, "uyat", "dana", q);
	assert_string_equal(q, "Q-cc33e58190");
}

static void
test_parse(void **state)
{
	char q[FG_QUOTE_ID_SIZE];
	struct fg_error err;

	(void)state;
	fg_error_clear(&err);
	assert_int_equal(fg_quote_parse("Q-CC33E58190", q, &err), FG_OK);
	assert_string_equal(q, "Q-cc33e58190");
	assert_int_equal(fg_quote_parse("q-cc33e5", q, &err), FG_OK);
	assert_string_equal(q, "Q-cc33e5");
	assert_int_equal(fg_quote_parse("cc33e58190", q, &err), FG_OK);
	assert_string_equal(q, "Q-cc33e58190");
	assert_int_equal(fg_quote_parse("Q-cc33e", q, &err), FG_USAGE);
	assert_int_equal(fg_quote_parse("Q-cc33e581901", q, &err), FG_USAGE);
	assert_int_equal(fg_quote_parse("Q-zz33e58190", q, &err), FG_USAGE);
	assert_int_equal(fg_quote_parse("", q, &err), FG_USAGE);
	assert_non_null(strstr(err.msg, "not a quote ID"));
}

static void
cite_is(const struct fg_cite_person *p, size_t n, int range,
    const char *want)
{
	struct fg_cite_opts o = { range, 0 };
	struct fg_buf b = FG_BUF_INIT;
	struct fg_error err;

	fg_error_clear(&err);
	assert_int_equal(fg_cite_format(p, n, &o, &b, &err), FG_OK);
	assert_string_equal(b.p, want);
	fg_buf_free(&b);
}

static void
test_cite_format(void **state)
{
	static const struct fg_cite_person one[] = {
		{ "21", "Shymkent", "female", 50 } };
	static const struct fg_cite_person two[] = {
		{ "22", "Shymkent", "male", 56 },
		{ "22", "Shymkent", "M", 29 } };
	static const struct fg_cite_person three[] = {
		{ "5", "Aktau", "female", 59 }, { "5", "Aktau", "F", 29 },
		{ "5", "Aktau", "Female", 37 } };
	static const struct fg_cite_person six[] = {
		{ "19", "Kyzylorda", "female", 22 },
		{ "19", "Kyzylorda", "female", 45 },
		{ "19", "Kyzylorda", "female", 28 },
		{ "19", "Kyzylorda", "female", 31 },
		{ "19", "Kyzylorda", "female", 29 },
		{ "19", "Kyzylorda", "female", 34 } };
	/* footnote 13 of the seed */
	static const struct fg_cite_person fn13[] = {
		{ "22", "Shymkent", "male", 29 },
		{ "11", "Nur-Sultan", "male", 25 },
		{ "22", "Shymkent", "male", 56 },
		{ "11", "Nur-Sultan", "male", 32 },
		{ "11", "Nur-Sultan", "male", 27 },
		{ "11", "Nur-Sultan", "male", 32 },
		{ "1", "Aktau", "male", 44 },
		{ "21", "Shymkent", "female", 50 } };
	static const struct fg_cite_person mixed[] = {
		{ "3", "Aktau", "male", 26 }, { "3", "Aktau", "female", 26 },
		{ "3", "Aktau", "female", 24 },
		{ "3", "Aktau", "female", 26 } };
	static const struct fg_cite_person odd[] = {
		{ "9", NULL, NULL, 40 }, { "9", NULL, "non-binary", 33 },
		{ "9", NULL, "male", -1 }, { "9", NULL, "male", 41 },
		{ "9", NULL, "female", -1 } };
	static const struct fg_cite_person same[] = {
		{ "3", "Aktau", "female", 26 }, { "3", "Aktau", "female", 26 },
		{ "3", "Aktau", "female", 26 }, { "3", "Aktau", "female", 26 },
		{ "3", "Aktau", "female", 26 } };

	(void)state;
	cite_is(one, 1, 0, "FG 21, female participant aged 50, Shymkent");
	cite_is(two, 2, 0, "FG 22, male participants aged 29 and 56, "
	    "Shymkent");
	cite_is(three, 3, 0, "FG 5, female participants aged 29, 37 and 59, "
	    "Aktau");
	cite_is(six, 6, 0, "FG 19, female participants aged between 22 and "
	    "45, Kyzylorda");
	cite_is(six, 6, -1, "FG 19, female participants aged 22, 28, 29, 31, "
	    "34 and 45, Kyzylorda");
	cite_is(two, 2, 1, "FG 22, male participants aged between 29 and 56, "
	    "Shymkent");
	cite_is(one, 1, 1, "FG 21, female participant aged 50, Shymkent");
	cite_is(fn13, 8, 0, "FG 22, male participants aged 29 and 56, "
	    "Shymkent / FG 11, male participants aged 25, 27, 32 and 32, "
	    "Nur-Sultan / FG 1, male participant aged 44, Aktau / FG 21, "
	    "female participant aged 50, Shymkent");
	cite_is(mixed, 4, 0, "FG 3, female participants aged 24, 26 and 26, "
	    "male participant aged 26, Aktau");
	cite_is(odd, 5, 0, "FG 9, female participant, male participants aged "
	    "41 and 1 of unknown age, non-binary participant aged 33, "
	    "participant aged 40");
	/* five of one age are listed, not "between 26 and 26" */
	cite_is(same, 5, 0, "FG 3, female participants aged 26, 26, 26, 26 "
	    "and 26, Aktau");
}

/* text read as a citation (it must be one); NULL frees the last. */
static const struct fg_citation *
parsed(const char *text)
{
	static struct fg_citation *c;
	struct fg_error err;

	fg_citation_free(c);
	c = NULL;
	if (text == NULL)
		return NULL;
	fg_error_clear(&err);
	if (fg_cite_parse(text, &c, &err) != FG_OK)
		fail_msg("parse \"%s\": %s", text, err.msg);
	return c;
}

static void
test_cite_parse(void **state)
{
	const struct fg_citation *c;
	struct fg_citation *bad;
	struct fg_error err;

	(void)state;
	/* footnote 13, as printed ("Shymkent/ FG 11") */
	c = parsed("FG 22, male participants aged 29 and 56, Shymkent/ FG 11, "
	    "male participants aged 25, 27, 32 and 32, Nur-Sultan/ FG 1, male "
	    "participant aged 44, Aktau/ FG 21, female participant aged 50, "
	    "Shymkent.");
	assert_int_equal(c->n, 4);
	assert_string_equal(c->groups[0].fg, "22");
	assert_string_equal(c->groups[0].city, "Shymkent");
	assert_int_equal(c->groups[0].n, 1);
	assert_string_equal(c->groups[0].clauses[0].gender, "male");
	assert_int_equal(c->groups[0].clauses[0].plural, 1);
	assert_int_equal(c->groups[0].clauses[0].nages, 2);
	assert_int_equal(c->groups[0].clauses[0].ages[1], 56);
	assert_string_equal(c->groups[1].city, "Nur-Sultan");
	assert_int_equal(c->groups[1].clauses[0].nages, 4);
	assert_int_equal(c->groups[1].clauses[0].ages[3], 32);
	assert_string_equal(c->groups[3].fg, "21");
	assert_string_equal(c->groups[3].clauses[0].gender, "female");
	assert_int_equal(c->groups[3].clauses[0].plural, 0);
	assert_string_equal(c->groups[3].city, "Shymkent");
	/* footnote 8: words before the gender */
	c = parsed("FG 14, unmarried male participant aged 26, Nur-Sultan.");
	assert_string_equal(c->groups[0].clauses[0].words, "unmarried male");
	assert_string_equal(c->groups[0].clauses[0].gender, "male");
	assert_int_equal(c->groups[0].clauses[0].ages[0], 26);
	/* footnote 18: a comma before "aged", a range */
	c = parsed("FG 21, female participants, aged between 23 and 50, "
	    "Shymkent.");
	assert_int_equal(c->groups[0].clauses[0].range, 1);
	assert_int_equal(c->groups[0].clauses[0].lo, 23);
	assert_int_equal(c->groups[0].clauses[0].hi, 50);
	assert_int_equal(c->groups[0].clauses[0].nages, 0);
	/* footnote 24 */
	c = parsed("FG 3, male participant, aged 26, Aktau.");
	assert_int_equal(c->groups[0].clauses[0].nages, 1);
	assert_string_equal(c->groups[0].city, "Aktau");
	/* fgcode's own forms: several clauses, unknown ages, no city */
	c = parsed("FG 3, female participants aged 24, 26 and 26, male "
	    "participant aged 26, Aktau");
	assert_int_equal(c->groups[0].n, 2);
	assert_int_equal(c->groups[0].clauses[0].nages, 3);
	assert_string_equal(c->groups[0].clauses[1].gender, "male");
	assert_string_equal(c->groups[0].city, "Aktau");
	c = parsed("FG 9, male participants aged 41 and 1 of unknown age, "
	    "participant aged 40");
	assert_int_equal(c->groups[0].clauses[0].nages, 1);
	assert_int_equal(c->groups[0].clauses[0].unknown_age, 1);
	assert_null(c->groups[0].clauses[1].gender);
	assert_null(c->groups[0].city);
	c = parsed("FG 1, male participant");
	assert_int_equal(c->groups[0].clauses[0].nages, 0);
	assert_null(c->groups[0].city);
	parsed(NULL);
	/* errors say where */
	fg_error_clear(&err);
	assert_int_equal(fg_cite_parse("Focus group 3, Aktau", &bad, &err),
	    FG_INPUT);
	assert_int_equal(err.col, 1);
	assert_non_null(strstr(err.msg, "'FG'"));
	assert_int_equal(fg_cite_parse("FG 3, female aged 26, Aktau", &bad,
	    &err), FG_INPUT);
	assert_non_null(strstr(err.msg, "participant"));
	assert_int_equal(fg_cite_parse("FG 3, female participant aged, Aktau",
	    &bad, &err), FG_INPUT);
	assert_non_null(strstr(err.msg, "an age"));
	assert_int_equal(err.col, 30);
	assert_int_equal(fg_cite_parse("FG 3 / FG 4, male participant", &bad,
	    &err), FG_INPUT);
	assert_int_equal(fg_cite_parse("FG 3, male participants aged "
	    "between 20, Aktau", &bad, &err), FG_INPUT);
}

/* A project with the roster, fg22 and a code; codings by match. */
static struct fg_db *
fg22_project(char *path)
{
	struct fg_db *db = unit_db_open(path);
	struct fg_import_report *reps;
	struct fg_import_opts io;
	struct fg_error err;
	const char *files[1];
	int64_t id;

	fg_error_clear(&err);
	memset(&io, 0, sizeof io);
	io.coder = "tester";
	files[0] = unit_fixture("transcripts/fg22-shymkent.txt");
	if (fg_source_import(db, files, 1, &io, &reps, &err) != FG_OK)
		fail_msg("import: %s", err.msg);
	fg_import_report_free(&reps[0]);
	free(reps);
	assert_int_equal(fg_codebook_create(db, "uyat", &id, &err), FG_OK);
	return db;
}

static int64_t
code_match(struct fg_db *db, const char *pattern, const char *coder)
{
	struct fg_coding_report rep = FG_CODING_REPORT_INIT;
	struct fg_coding_spec spec;
	struct fg_error err;
	int64_t id;

	memset(&spec, 0, sizeof spec);
	spec.source_id = 1;
	spec.code_id = 1;
	spec.sel.kind = FG_SEL_MATCH;
	spec.sel.pattern = pattern;
	spec.coder = coder;
	fg_error_clear(&err);
	if (fg_coding_add(db, &spec, &rep, &err) != FG_OK)
		fail_msg("code %s: %s", pattern, err.msg);
	assert_int_equal(rep.n, 1);
	id = rep.items[0].id;
	fg_coding_report_free(&rep);
	return id;
}

/* The 1-based line of the first occurrence of s in the fixture file. */
static long
file_line(const char *rel, const char *s)
{
	static char buf[65536];
	FILE *f = fopen(unit_fixture(rel), "rb");
	size_t n;
	long line = 1;
	char *p, *q;

	assert_non_null(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	assert_non_null(q = strstr(buf, s));
	for (p = buf; p < q; p++)
		line += *p == '\n';
	return line;
}

static void
test_quote(void **state)
{
	char path[64], qid[FG_QUOTE_ID_SIZE];
	struct fg_db *db = fg22_project(path);
	struct fg_quote *q;
	struct fg_error err;
	int64_t id, a, b;
	long line;

	(void)state;
	fg_error_clear(&err);
	a = code_match(db, "\xd2\xb0\xd1\x8f\xd1\x82! And the mothers press "
	    "\xc2\xab" "like\xc2\xbb\\.", "dana");
	assert_int_equal(fg_quote_id_of(db, a, qid, &err), FG_OK);
	assert_string_equal(qid, "Q-cc33e58190");
	/* resolved by its ID, a prefix, in capitals */
	assert_int_equal(fg_quote_resolve(db, "Q-cc33e58190", &id, qid, &err),
	    FG_OK);
	assert_int_equal(id, a);
	assert_int_equal(fg_quote_resolve(db, "CC33E5", &id, qid, &err), FG_OK);
	assert_string_equal(qid, "Q-cc33e58190");
	assert_int_equal(fg_quote_resolve(db, "Q-cc33e58191", &id, qid, &err),
	    FG_NOTFOUND);
	assert_int_equal(fg_quote_resolve(db, "Q-nothex", &id, qid, &err),
	    FG_USAGE);
	assert_int_equal(fg_quote_get(db, a, 0, &q, &err), FG_OK);
	assert_string_equal(q->id, "Q-cc33e58190");
	assert_string_equal(q->excerpt, PHRASE);
	assert_int_equal(q->excerpt_ok, 1);
	assert_int_equal(q->start_cp, 896);
	assert_int_equal(q->end_cp, 930);
	assert_string_equal(q->text_sha256, FG22_TEXT);
	line = file_line("transcripts/fg22-shymkent.txt", PHRASE);
	assert_int_equal(line, 37);
	assert_int_equal(q->line_start, line);
	assert_int_equal(q->line_end, line);
	assert_int_equal(q->nturns, 1);
	assert_int_equal(q->turns[0].seq, 7);
	assert_string_equal(q->turns[0].speaker, "Serik");
	assert_string_equal(q->coder, "dana");
	assert_string_equal(q->fg, "22");
	assert_string_equal(q->citation, "FG 22, male participant aged 54, "
	    "Shymkent");
	fg_quote_free(q);
	/* across two turns: two speakers, two lines, both cited */
	b = code_match(db, "From the phone\\.\\nSerik: And the girls",
	    "aigerim");
	assert_int_equal(fg_quote_get(db, b, 0, &q, &err), FG_OK);
	assert_int_equal(q->nturns, 2);
	assert_string_equal(q->turns[0].speaker, "Amangeldy");
	assert_string_equal(q->turns[1].speaker, "Serik");
	line = file_line("transcripts/fg22-shymkent.txt", "From the phone.");
	assert_int_equal(q->line_start, line);
	assert_int_equal(q->line_end, line + 1);
	assert_string_equal(q->citation, "FG 22, male participants aged 54 "
	    "and 56, Shymkent");
	fg_quote_free(q);
	/* a pseudonym recorded for a participant is what is shown; the
	 * label as written only when asked for */
	assert_int_equal(fg_db_exec(db, "INSERT INTO participant_attr SELECT "
	    "id, 'pseudonym', 'Bek' FROM participant WHERE pid = 'Serik'",
	    &err), FG_OK);
	assert_int_equal(fg_quote_get(db, a, 0, &q, &err), FG_OK);
	assert_string_equal(q->turns[0].speaker, "Bek");
	fg_quote_free(q);
	assert_int_equal(fg_quote_get(db, a, 1, &q, &err), FG_OK);
	assert_string_equal(q->turns[0].speaker, "Serik");
	fg_quote_free(q);
	/* a changed excerpt fails its check */
	assert_int_equal(fg_db_exec(db, "UPDATE coding SET excerpt = 'x' WHERE "
	    "id = 1", &err), FG_OK);
	assert_int_equal(fg_quote_get(db, a, 0, &q, &err), FG_OK);
	assert_int_equal(q->excerpt_ok, 0);
	fg_quote_free(q);
	assert_int_equal(fg_quote_get(db, 99, 0, &q, &err), FG_NOTFOUND);
	unit_db_close(db, path);
}

/* The same coding in another project has the same ID. */
static void
test_stable(void **state)
{
	char p1[64], p2[64], q1[FG_QUOTE_ID_SIZE], q2[FG_QUOTE_ID_SIZE];
	struct fg_db *a = fg22_project(p1), *b;
	struct fg_error err;
	int64_t id;

	(void)state;
	fg_error_clear(&err);
	/* another coding first, so that the row ids differ */
	b = fg22_project(p2);
	code_match(b, "Everything worries me\\.", "dana");
	id = code_match(a, "\xd2\xb0\xd1\x8f\xd1\x82!", "dana");
	assert_int_equal(fg_quote_id_of(a, id, q1, &err), FG_OK);
	id = code_match(b, "\xd2\xb0\xd1\x8f\xd1\x82!", "dana");
	assert_int_equal(id, 2);
	assert_int_equal(fg_quote_id_of(b, id, q2, &err), FG_OK);
	assert_string_equal(q1, q2);
	unit_db_close(a, p1);
	unit_db_close(b, p2);
}

static void
test_cite_participants(void **state)
{
	char path[64], *text;
	struct fg_db *db = fg22_project(path);
	struct fg_cite_opts o = { 0, 0 };
	struct fg_error err;
	int64_t ids[3];

	(void)state;
	fg_error_clear(&err);
	assert_int_equal(fg_cite_find_participant(db, "22", "Amangeldy",
	    &ids[0], &err), FG_OK);
	assert_int_equal(fg_cite_find_participant(db, "22", "Yerzhan",
	    &ids[1], &err), FG_OK);
	ids[2] = ids[0];
	assert_int_equal(fg_cite_participants(db, ids, 3, &o, &text, &err),
	    FG_OK);
	assert_string_equal(text, "FG 22, male participants aged 29 and 56, "
	    "Shymkent");
	free(text);
	assert_int_equal(fg_cite_find_participant(db, "22", "Nobody", &ids[0],
	    &err), FG_NOTFOUND);
	assert_non_null(strstr(err.msg, "FG 22 has no participant Nobody"));
	assert_int_equal(fg_cite_find_participant(db, "99", "Serik", &ids[0],
	    &err), FG_NOTFOUND);
	assert_non_null(strstr(err.msg, "no focus group 99"));
	unit_db_close(db, path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_cite_format),
		cmocka_unit_test(test_cite_parse),
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_stable),
		cmocka_unit_test(test_cite_participants),
	};
	return cmocka_run_group_tests_name("quote", tests, NULL, NULL);
}
