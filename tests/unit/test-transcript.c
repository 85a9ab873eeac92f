/* test-transcript.c - unit tests of core/transcript: front matter, turn
 * splitting (continuations, blank lines, notes, timestamps, empty
 * utterances), code-point and byte ranges on Cyrillic, Kazakh and emoji,
 * declared speakers, label warnings, odd characters, speaker
 * normalisation, and the field cases and Spacelog corpora in
 * ../shared.  Expected offsets were computed with python3 (str indices
 * for cp, len(s.encode()) for bytes); corpus counts with grep/python. */
#include "config.h"

#include "unit.h"

#include "core/profile.h"
#include "core/transcript.h"
#include "core/utf8.h"

static struct fg_transcript *
parse_with(const char *profile, const char *text, size_t len,
    const char *const *speakers, size_t nspeakers, int body_line)
{
	struct fg_profile *p = NULL;
	struct fg_transcript *t = NULL;
	struct fg_parse_opts o;
	struct fg_error err;

	memset(&o, 0, sizeof o);
	fg_error_clear(&err);
	assert_int_equal(fg_profile_get(profile, &p, &err), FG_OK);
	o.file = "test.txt";
	o.body_line = body_line;
	o.speakers = speakers;
	o.nspeakers = nspeakers;
	if (fg_transcript_parse(text, len, p, &o, &t, &err) != FG_OK)
		fail_msg("parse: %d: %s", err.line, err.msg);
	fg_profile_free(p);
	return t;
}

static struct fg_transcript *
parse(const char *profile, const char *text)
{
	return parse_with(profile, text, strlen(text), NULL, 0, 1);
}

static void
expect_turn(const struct fg_transcript *t, size_t i, const char *speaker,
    size_t scp, size_t ecp, size_t sb, size_t eb, int l0, int l1)
{
	const struct fg_turn_rec *r;

	assert_true(i < t->nturns);
	r = &t->turns[i];
	assert_string_equal(r->speaker, speaker);
	assert_int_equal(r->start_cp, scp);
	assert_int_equal(r->end_cp, ecp);
	assert_int_equal(r->start_b, sb);
	assert_int_equal(r->end_b, eb);
	assert_int_equal(r->line_start, l0);
	assert_int_equal(r->line_end, l1);
}

/* 1 if some warning contains s. */
static int
has_warning(const struct fg_transcript *t, const char *s)
{
	size_t i;

	for (i = 0; i < t->nwarnings; i++)
		if (strstr(t->warnings[i], s) != NULL)
			return 1;
	return 0;
}

static size_t
count_speaker(const struct fg_transcript *t, const char *s)
{
	size_t i, n = 0;

	for (i = 0; i < t->nturns; i++)
		n += strcmp(t->turns[i].speaker, s) == 0;
	return n;
}

static size_t
count_distinct(const struct fg_transcript *t)
{
	size_t i, j, n = 0;

	for (i = 0; i < t->nturns; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(t->turns[i].speaker,
			    t->turns[j].speaker) == 0)
				break;
		n += j == i;
	}
	return n;
}

/* Read a file from ../shared, BOM removed and line ends normalised, as
 * the importer stores it; NULL (and the test skipped) when absent. */
static char *
read_shared(const char *rel, size_t *len)
{
	const char *path = unit_shared(rel);
	struct fg_norm nm;
	FILE *f;
	char *raw;
	long n;

	if (path == NULL)
		return NULL;
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	raw = malloc((size_t)n + 1);
	assert_non_null(raw);
	assert_int_equal(fread(raw, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	assert_int_equal(fg_text_normalize(raw, (size_t)n, &nm), FG_OK);
	free(raw);
	*len = nm.len;
	return nm.text;
}

/* ---- front matter ---- */

static void
test_front_matter(void **state)
{
	struct fg_error err;
	size_t fo, fl, bo;
	int has, bl;
	const char *s;

	(void)state;
	fg_error_clear(&err);
	s = "---\na: 1\n---\nbody\n";
	assert_int_equal(fg_front_matter_split(s, strlen(s), "f", &has, &fo,
	    &fl, &bo, &bl, &err), FG_OK);
	assert_int_equal(has, 1);
	assert_int_equal(fo, 4);
	assert_int_equal(fl, 5);      /* "a: 1\n" */
	assert_int_equal(bo, 13);
	assert_int_equal(bl, 4);
	s = "--- \nx: y\nz: w\n...\n";
	assert_int_equal(fg_front_matter_split(s, strlen(s), "f", &has, &fo,
	    &fl, &bo, &bl, &err), FG_OK);
	assert_int_equal(has, 1);
	assert_int_equal(fo, 5);
	assert_int_equal(fl, 10);
	assert_int_equal(bo, 19);
	assert_int_equal(bl, 5);
	/* closing fence at the very end, no LF */
	s = "---\n---";
	assert_int_equal(fg_front_matter_split(s, strlen(s), "f", &has, &fo,
	    &fl, &bo, &bl, &err), FG_OK);
	assert_int_equal(has, 1);
	assert_int_equal(fl, 0);
	assert_int_equal(bo, 7);
	assert_int_equal(bl, 3);
	/* none */
	s = "Moderator: hi\n---\n";
	assert_int_equal(fg_front_matter_split(s, strlen(s), "f", &has, &fo,
	    &fl, &bo, &bl, &err), FG_OK);
	assert_int_equal(has, 0);
	assert_int_equal(bo, 0);
	assert_int_equal(bl, 1);
	s = "----\nnot: fm\n----\n";
	assert_int_equal(fg_front_matter_split(s, strlen(s), "f", &has, &fo,
	    &fl, &bo, &bl, &err), FG_OK);
	assert_int_equal(has, 0);
	assert_int_equal(fg_front_matter_split("", 0, "f", &has, &fo, &fl,
	    &bo, &bl, &err), FG_OK);
	assert_int_equal(has, 0);
	/* never closed */
	s = "---\ntitle: x\nModerator: hi\n";
	assert_int_equal(fg_front_matter_split(s, strlen(s), "f.md", &has,
	    &fo, &fl, &bo, &bl, &err), FG_INPUT);
	assert_string_equal(err.file, "f.md");
	assert_int_equal(err.line, 1);
	assert_non_null(strstr(err.msg, "never closed"));
	assert_int_equal(fg_front_matter_split("---", 3, "f.md", &has, &fo,
	    &fl, &bo, &bl, &err), FG_INPUT);
}

/* ---- turn splitting ---- */

static void
test_continuations_and_blanks(void **state)
{
	const char *s = "Intro line\nA: one\ntwo\n\nthree\n\n\nB: x\n";
	struct fg_transcript *t;

	(void)state;
	t = parse("plain", s);
	assert_int_equal(t->nturns, 2);
	assert_int_equal(t->preamble_lines, 1);
	/* "one\ntwo\n\nthree": the blank line inside stays, the two blank
	 * lines after it do not */
	expect_turn(t, 0, "A", 14, 28, 14, 28, 2, 5);
	expect_turn(t, 1, "B", 34, 35, 34, 35, 8, 8);
	assert_string_equal(t->turns[0].speaker_raw, "A");
	assert_null(t->turns[0].timestamp);
	assert_int_equal(t->turns[0].variant, 0);
	assert_int_equal(t->nnotes, 0);
	assert_int_equal(t->nodd_chars, 0);
	fg_transcript_free(t);
	/* no LF at the end: the same turns */
	t = parse_with("plain", s, strlen(s) - 1, NULL, 0, 1);
	assert_int_equal(t->nturns, 2);
	expect_turn(t, 1, "B", 34, 35, 34, 35, 8, 8);
	fg_transcript_free(t);
	/* body_line shifts line numbers (a body after front matter) */
	t = parse_with("plain", s, strlen(s), NULL, 0, 12);
	expect_turn(t, 0, "A", 14, 28, 14, 28, 13, 16);
	fg_transcript_free(t);
	/* lines of spaces are blank too */
	t = parse("plain", "A: x\n   \t\n");
	expect_turn(t, 0, "A", 3, 4, 3, 4, 1, 1);
	fg_transcript_free(t);
	/* empty body */
	t = parse("plain", "");
	assert_int_equal(t->nturns, 0);
	assert_int_equal(t->preamble_lines, 0);
	fg_transcript_free(t);
}

static void
test_unicode_ranges(void **state)
{
	/* Kazakh, an emoji with a skin tone, a ZWJ family, an empty
	 * utterance continued on the next line */
	const char *s = "Айгерим: Сәлем, ә ғ қ ң ө ұ ү һ і 👍🏽 ok\n"
	    "P07: 👨\u200d👩\u200d👧 done\n  \nкейін\nҚайрат:\nжауап\n";
	struct fg_transcript *t;

	(void)state;
	t = parse("plain", s);
	assert_int_equal(t->nturns, 3);
	expect_turn(t, 0, "Айгерим", 9, 39, 16, 66, 1, 1);
	expect_turn(t, 1, "P07", 45, 64, 72, 109, 2, 4);
	/* the text starts on the line after the label */
	expect_turn(t, 2, "Қайрат", 73, 78, 124, 134, 5, 6);
	assert_int_equal(t->nodd_chars, 1);
	assert_int_equal(t->odd_chars[0].cp, 0x200D);
	assert_int_equal(t->odd_chars[0].count, 2);
	fg_transcript_free(t);
	/* a turn with no text at all: start == end at the label's line end */
	t = parse("plain", "Кедр:\n\nB: x");
	assert_int_equal(t->nturns, 2);
	expect_turn(t, 0, "Кедр", 5, 5, 9, 9, 1, 1);
	expect_turn(t, 1, "B", 10, 11, 14, 15, 3, 3);
	fg_transcript_free(t);
}

static void
test_spacelog_snippet(void **state)
{
	const char *s = "_page : 1\n_comment: before anything\n"
	    "[-00:00:10:00]\n_lang: ru\nКедр: раз\n_comment: (дважды)\n\n"
	    "Заря 1 (Королев): два\n# comment\n[00:00:05:00]\n"
	    "Кедр: три\nпродолжение\nКедр:…четыре\n";
	struct fg_transcript *t;

	(void)state;
	t = parse("spacelog", s);
	assert_int_equal(t->nturns, 3);
	assert_int_equal(t->preamble_lines, 0);
	expect_turn(t, 0, "Кедр", 67, 70, 71, 77, 5, 5);
	expect_turn(t, 1, "Заря 1 (Королев)", 109, 112, 133, 139, 8, 8);
	/* "Кедр:…четыре" has no space after the colon: a continuation */
	expect_turn(t, 2, "Кедр", 143, 171, 174, 228, 11, 13);
	assert_string_equal(t->turns[0].timestamp, "-00:00:10:00");
	assert_string_equal(t->turns[1].timestamp, "-00:00:10:00");
	assert_string_equal(t->turns[2].timestamp, "00:00:05:00");
	assert_int_equal(t->nnotes, 2);
	assert_int_equal(t->notes[0].turn, (size_t)-1);
	assert_int_equal(t->notes[0].line, 2);
	assert_string_equal(t->notes[0].text, "_comment: before anything");
	assert_int_equal(t->notes[1].turn, 0);
	assert_int_equal(t->notes[1].line, 6);
	assert_string_equal(t->notes[1].text, "_comment: (дважды)");
	fg_transcript_free(t);
}

static void
test_timestamp_prefix(void **state)
{
	const char *s = "[00:10:00]\nA: one\n[00:10:05] B: two\nA: three\n";
	struct fg_transcript *t;

	(void)state;
	t = parse("plain", s);
	assert_int_equal(t->nturns, 3);
	assert_string_equal(t->turns[0].timestamp, "00:10:00");
	assert_string_equal(t->turns[1].timestamp, "00:10:05");
	/* a prefix applies to its own turn only */
	assert_string_equal(t->turns[2].timestamp, "00:10:00");
	/* "two" is at cp/byte 32 */
	expect_turn(t, 1, "B", 32, 35, 32, 35, 3, 3);
	fg_transcript_free(t);
}

/* ---- declared speakers ---- */

static void
test_declared(void **state)
{
	static const char *const who[] = { "Moderator", "Dr.\u00a0Lee" };
	const char *s = "Date: today\nModerator: hi\nmoderator : again\n"
	    "Dr. Lee: yes\nNote: aside\n DR. LEE: fine\nDrLee: x\n";
	struct fg_transcript *t;

	(void)state;
	t = parse_with("plain", s, strlen(s), who, 2, 1);
	assert_int_equal(t->nturns, 4);
	assert_int_equal(t->preamble_lines, 1);
	assert_string_equal(t->turns[0].speaker, "Moderator");
	assert_int_equal(t->turns[0].variant, 0);
	/* case: the declared spelling, flagged */
	assert_string_equal(t->turns[1].speaker, "Moderator");
	assert_string_equal(t->turns[1].speaker_raw, "moderator");
	assert_int_equal(t->turns[1].variant, 1);
	/* the declared name is normalised too (NBSP -> space) */
	assert_string_equal(t->turns[2].speaker, "Dr. Lee");
	assert_int_equal(t->turns[2].variant, 0);
	/* "Note: aside" is a continuation of Dr. Lee */
	assert_int_equal(t->turns[2].line_end, 5);
	/* indented and upper case */
	assert_string_equal(t->turns[3].speaker, "Dr. Lee");
	assert_int_equal(t->turns[3].variant, 1);
	/* "DrLee" is no variant of "Dr. Lee" (the dot differs): text */
	assert_int_equal(t->turns[3].line_end, 7);
	assert_int_equal(t->nwarnings, 2);
	assert_string_equal(t->warnings[0],
	    "3: label 'moderator' read as speaker 'Moderator'");
	assert_string_equal(t->warnings[1],
	    "6: label 'DR. LEE' read as speaker 'Dr. Lee'");
	fg_transcript_free(t);
}

static void
test_undeclared_warnings(void **state)
{
	const char *s = "Moderator: a\nMODERATOR: b\nAna: c\nAna: d\n"
	    "Moder ator: e\nModerator: f\nOnce: g\n";
	struct fg_transcript *t;

	(void)state;
	t = parse("plain", s);
	assert_int_equal(t->nturns, 7);
	/* no silent merge */
	assert_string_equal(t->turns[1].speaker, "MODERATOR");
	assert_int_equal(t->turns[1].variant, 0);
	assert_int_equal(t->nwarnings, 5);
	assert_string_equal(t->warnings[0], "2: speaker 'MODERATOR' occurs "
	    "only once; check it is a speaker");
	assert_string_equal(t->warnings[1], "2: speaker 'MODERATOR' differs "
	    "from speaker 'Moderator' only in case or spacing");
	assert_string_equal(t->warnings[2], "5: speaker 'Moder ator' occurs "
	    "only once; check it is a speaker");
	assert_string_equal(t->warnings[3], "5: speaker 'Moder ator' differs "
	    "from speaker 'Moderator' only in case or spacing");
	assert_string_equal(t->warnings[4], "7: speaker 'Once' occurs only "
	    "once; check it is a speaker");
	fg_transcript_free(t);
}

/* ---- characters ---- */

static void
test_odd_chars(void **state)
{
	const char *s = "\ufeffA: \ufb00\ufb06 x\u00a0y\u2060z\u00ad\n"
	    "B: \u2007\u200b\u200c\u202f\u00a0 ok\n";
	struct fg_transcript *t;
	static const int cps[] = { 0x00A0, 0x00AD, 0x2007, 0x200B, 0x200C,
	    0x202F, 0x2060, 0xFB00, 0xFB06, 0xFEFF };
	size_t i;

	(void)state;
	t = parse("plain", s);
	assert_int_equal(t->nodd_chars, 10);
	for (i = 0; i < 10; i++) {
		assert_int_equal(t->odd_chars[i].cp, cps[i]);
		assert_int_equal(t->odd_chars[i].count, i == 0 ? 2 : 1);
	}
	/* format characters before a label do not hide it */
	assert_int_equal(t->nturns, 2);
	assert_string_equal(t->turns[0].speaker_raw, "A");
	assert_int_equal(t->preamble_lines, 0);
	fg_transcript_free(t);
}

static void
test_normalize(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "Participante\u00a0A\u200b", "Participante A" },
		{ "  Ana   M. ", "Ana M." },
		{ "Enqu\u00eatrice\u202f", "Enqu\u00eatrice" },
		{ "commu\u00adnautaire", "communautaire" },
		{ "\ufeffP1", "P1" },
		{ "A\tB", "A B" },
		{ "Dr.\u2007\u3000Osei", "Dr. Osei" },
		{ "Заря 1 (Королев)", "Заря 1 (Королев)" },
		{ "Ana\u200dM", "AnaM" },
		{ " \u00a0 ", "" },
		{ "", "" },
	};
	size_t i;
	char *s;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		s = fg_speaker_normalize(cases[i].in, strlen(cases[i].in));
		assert_non_null(s);
		assert_string_equal(s, cases[i].out);
		free(s);
	}
	/* len is honoured */
	s = fg_speaker_normalize("Ana M.: x", 6);
	assert_string_equal(s, "Ana M.");
	free(s);
}

/* ---- errors ---- */

static void
test_errors(void **state)
{
	char path[64];
	struct fg_profile *p = NULL;
	struct fg_transcript *t = NULL;
	struct fg_parse_opts o = { "big.txt", 20, NULL, 0 };
	struct fg_error err;
	const char *prof = "speaker: '(?<speaker>\\w+):\\h*'\n"
	    "note: ['(a+)+$']\n";
	const char *body = "A: fine\nB: also fine\naaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaab\n";
	int fd;

	(void)state;
	strcpy(path, "/tmp/fgcode-prof-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_true(write(fd, prof, strlen(prof)) == (ssize_t)strlen(prof));
	close(fd);
	fg_error_clear(&err);
	assert_int_equal(fg_profile_get(path, &p, &err), FG_OK);
	unlink(path);
	assert_int_equal(fg_transcript_parse(body, strlen(body), p, &o, &t,
	    &err), FG_INPUT);
	assert_null(t);
	assert_string_equal(err.file, "big.txt");
	assert_int_equal(err.line, 22);
	assert_non_null(strstr(err.msg, "(a+)+$"));
	assert_non_null(strstr(err.msg, "match limit"));
	/* invalid UTF-8 is refused with its position */
	assert_int_equal(fg_transcript_parse("A: caf\xe9\n", 8, p, &o, &t,
	    &err), FG_INPUT);
	assert_null(t);
	assert_int_equal(err.line, 20);
	assert_int_equal(err.col, 7);
	fg_profile_free(p);
	fg_transcript_free(NULL);
}

/* ---- field cases (../shared) ---- */

static void
test_f06(void **state)
{
	static const int cps[] = { 0x00A0, 0x00AD, 0x200B, 0x202F, 0xFB01 };
	static const size_t counts[] = { 5, 1, 1, 3, 1 };
	struct fg_transcript *t;
	size_t len, i;
	char *s = read_shared("field-cases/F06.txt", &len);

	(void)state;
	if (s == NULL)
		skip();
	t = parse_with("plain", s, len, NULL, 0, 1);
	assert_int_equal(t->nturns, 5);
	assert_int_equal(count_speaker(t, "Enquêtrice"), 2);
	assert_int_equal(count_speaker(t, "Participante A"), 2);
	assert_int_equal(count_speaker(t, "Participante B"), 1);
	assert_int_equal(count_distinct(t), 3);
	/* "Participante\u00a0A\u200b:" stored normalised, written as is */
	assert_string_equal(t->turns[2].speaker_raw, "Participante\u00a0A");
	expect_turn(t, 0, "Enquêtrice", 13, 56, 15, 63, 1, 1);
	expect_turn(t, 2, "Participante A", 166, 201, 182, 220, 3, 3);
	assert_int_equal(t->nodd_chars, 5);
	for (i = 0; i < 5; i++) {
		assert_int_equal(t->odd_chars[i].cp, cps[i]);
		assert_int_equal(t->odd_chars[i].count, counts[i]);
	}
	fg_transcript_free(t);
	free(s);
}

static void
test_f07(void **state)
{
	static const char *const who[] = { "Moderator", "Ana M.",
	    "Dr. Osei" };
	static const char *const order[] = { "Moderator", "Ana M.",
	    "Moderator", "Ana M.", "Dr. Osei", "Moderator", "Ana M.",
	    "Dr. Osei" };
	static const int lines[][2] = { { 3, 3 }, { 4, 4 }, { 5, 5 },
	    { 6, 7 }, { 8, 9 }, { 10, 10 }, { 11, 12 }, { 13, 13 } };
	static const int variant[] = { 0, 0, 0, 0, 0, 1, 1, 0 };
	static const char *const never[] = { "Recorded", "Note", "10",
	    "10:30", "https", "So my answer is", "One thing I noticed",
	    "Focus group 3, evening session" };
	struct fg_transcript *t;
	size_t len, i, j;
	char *s = read_shared("field-cases/F07.txt", &len);

	(void)state;
	if (s == NULL)
		skip();
	t = parse_with("plain", s, len, who, 3, 1);
	assert_int_equal(t->nturns, 8);
	assert_int_equal(t->preamble_lines, 2);
	for (i = 0; i < 8; i++) {
		assert_string_equal(t->turns[i].speaker, order[i]);
		assert_int_equal(t->turns[i].line_start, lines[i][0]);
		assert_int_equal(t->turns[i].line_end, lines[i][1]);
		assert_int_equal(t->turns[i].variant, variant[i]);
		for (j = 0; j < sizeof never / sizeof never[0]; j++)
			assert_string_not_equal(t->turns[i].speaker_raw,
			    never[j]);
	}
	assert_int_equal(count_speaker(t, "Moderator"), 3);
	assert_int_equal(count_speaker(t, "Ana M."), 3);
	assert_int_equal(count_speaker(t, "Dr. Osei"), 2);
	assert_string_equal(t->turns[5].speaker_raw, "MODERATOR");
	expect_turn(t, 0, "Moderator", 67, 112, 67, 112, 3, 3);
	expect_turn(t, 6, "Ana M.", 371, 469, 371, 469, 11, 12);
	assert_int_equal(t->nwarnings, 2);
	assert_string_equal(t->warnings[0],
	    "10: label 'MODERATOR' read as speaker 'Moderator'");
	assert_true(strncmp(t->warnings[1], "11: ", 4) == 0);
	assert_non_null(strstr(t->warnings[1], "'Ana M.'"));
	fg_transcript_free(t);

	/* undeclared: every label is a candidate; one-offs and the case
	 * variant are flagged for confirmation */
	t = parse_with("plain", s, len, NULL, 0, 1);
	assert_int_equal(t->nturns, 11);
	assert_int_equal(t->preamble_lines, 1);
	assert_int_equal(count_speaker(t, "Moderator"), 2);
	assert_int_equal(count_speaker(t, "Ana M."), 3);
	assert_int_equal(count_speaker(t, "Dr. Osei"), 2);
	assert_true(has_warning(t, "2: speaker 'Recorded' occurs only once"));
	assert_true(has_warning(t, "7: speaker 'Note' occurs only once"));
	assert_true(has_warning(t, "12: speaker 'So my answer is' occurs "
	    "only once"));
	assert_true(has_warning(t, "10: speaker 'MODERATOR' differs from "
	    "speaker 'Moderator'"));
	for (i = 0; i < t->nturns; i++) {
		assert_string_not_equal(t->turns[i].speaker, "10");
		assert_string_not_equal(t->turns[i].speaker, "https");
	}
	fg_transcript_free(t);
	free(s);
}

static void
test_f10(void **state)
{
	struct fg_transcript *t;
	struct fg_error err;
	size_t len, fo, fl, bo;
	int has, bl;
	char *s = read_shared("field-cases/F10.md", &len);

	(void)state;
	if (s == NULL)
		skip();
	fg_error_clear(&err);
	assert_int_equal(fg_front_matter_split(s, len, "F10.md", &has, &fo,
	    &fl, &bo, &bl, &err), FG_OK);
	assert_int_equal(has, 1);
	assert_int_equal(fo, 4);
	assert_int_equal(fl, 169);     /* lines 2-10 with their LFs */
	assert_true(strncmp(s + fo, "title: ", 7) == 0);
	assert_true(strncmp(s + fo + fl, "---\n", 4) == 0);
	assert_int_equal(bo, 177);
	assert_int_equal(bl, 12);
	t = parse_with(fg_profile_default_for("F10.md"), s + bo, len - bo,
	    NULL, 0, bl);
	assert_int_equal(t->nturns, 4);
	assert_int_equal(count_speaker(t, "Interviewer"), 2);
	assert_int_equal(count_speaker(t, "P07"), 2);
	/* body offsets: the first question is the first turn's text */
	expect_turn(t, 0, "Interviewer", 34, 72, 34, 72, 15, 15);
	expect_turn(t, 3, "P07", 208, 253, 208, 253, 21, 21);
	assert_int_equal(t->preamble_lines, 0);  /* the heading is skipped */
	assert_int_equal(t->nwarnings, 0);
	fg_transcript_free(t);
	free(s);
}

/* ---- Spacelog corpora (../shared) ---- */

static void
test_vostok(void **state)
{
	static const struct {
		const char *who;
		size_t n;
	} counts[] = {
		/* independent count: python over lines not starting with
		 * "[", "_" or "#", label = text before the first ":".
		 * That gives Кедр 125 (283 turns), counting line 825
		 * "Кедр:… огни", which has no space after the colon and
		 * follows a _comment: line; the spacelog profile reads it as
		 * a continuation of Кедр's turn before, which makes 124
		 * (282), as SOURCES.md says. */
		{ "Кедр", 124 }, { "Заря 1 (Королев)", 56 },
		{ "Заря 1 (Каманин)", 38 }, { "Заря 1 (Попович)", 26 },
		{ "Заря 1 (Быков)", 9 }, { "Заря 3 (Карпенко)", 7 },
		{ "Заря 1 (Руднев)", 6 }, { "Весна (Кадушкин)", 6 },
		{ "Заря 2 (Селезнев)", 4 }, { "Весна (Хорошилов)", 3 },
		{ "Заря 1 (Галай)", 2 }, { "Заря 2 (Титарев)", 1 },
	};
	struct fg_transcript *t;
	size_t len, i;
	char *s = read_shared("corpus/vostok1-radio-ru-en/MAIN", &len);

	(void)state;
	if (s == NULL)
		skip();
	t = parse_with("spacelog", s, len, NULL, 0, 1);
	assert_int_equal(t->nturns, 282);
	assert_int_equal(count_distinct(t), 12);
	for (i = 0; i < sizeof counts / sizeof counts[0]; i++)
		if (count_speaker(t, counts[i].who) != counts[i].n)
			fail_msg("%s: %zu turns, want %zu", counts[i].who,
			    count_speaker(t, counts[i].who), counts[i].n);
	assert_string_equal(t->turns[0].timestamp, "-00:01:57:00");
	/* "Кедр: Как слышите меня?" on line 5, cp 33, byte 37 */
	expect_turn(t, 0, "Кедр", 33, 50, 37, 68, 5, 5);
	/* 24 "_comment:" and 4 "_note:" lines */
	assert_int_equal(t->nnotes, 28);
	assert_string_equal(t->notes[0].text, "_comment: (передал дважды).");
	assert_int_equal(t->notes[0].line, 29);
	assert_string_equal(t->turns[t->notes[0].turn].speaker, "Кедр");
	assert_int_equal(t->turns[t->notes[0].turn].line_start, 27);
	assert_int_equal(t->preamble_lines, 0);
	fg_transcript_free(t);
	free(s);
}

static void
test_apollo(void **state)
{
	static const struct {
		const char *who;
		size_t n;
	} counts[] = {
		/* grep -c and python agree with SOURCES.md for these six;
		 * 10 more turns have joint labels ("CMP / LMP" 4,
		 * "CDR / CMP" 3, "CDR / LMP" 2, "LMP / CDR" 1). */
		{ "CDR", 1519 }, { "CMP", 1691 }, { "LMP", 1648 },
		{ "CC", 41 }, { "MS", 13 }, { "SC", 7 },
		{ "CMP / LMP", 4 }, { "CDR / CMP", 3 }, { "CDR / LMP", 2 },
		{ "LMP / CDR", 1 },
	};
	struct fg_transcript *t;
	size_t len, i, changes = 0;
	char *s = read_shared("corpus/apollo11-onboard-cm/CM", &len);
	const char *prev = "";

	(void)state;
	if (s == NULL)
		skip();
	t = parse_with("spacelog", s, len, NULL, 0, 1);
	/* 4928 "[DD:HH:MM:SS]" blocks, one of them ([00:03:19:06]) with two
	 * turns */
	assert_int_equal(t->nturns, 4929);
	for (i = 0; i < sizeof counts / sizeof counts[0]; i++)
		if (count_speaker(t, counts[i].who) != counts[i].n)
			fail_msg("%s: %zu turns, want %zu", counts[i].who,
			    count_speaker(t, counts[i].who), counts[i].n);
	for (i = 0; i < t->nturns; i++) {
		assert_non_null(t->turns[i].timestamp);
		changes += strcmp(t->turns[i].timestamp, prev) != 0;
		prev = t->turns[i].timestamp;
	}
	assert_int_equal(changes, 4928);
	assert_string_equal(t->turns[0].timestamp, "00:00:28:53");
	assert_int_equal(t->nnotes, 0);          /* 247 "_page" skipped */
	assert_int_equal(t->preamble_lines, 0);
	assert_int_equal(t->nodd_chars, 1);
	assert_int_equal(t->odd_chars[0].cp, 0xA0);
	assert_int_equal(t->odd_chars[0].count, 4);
	fg_transcript_free(t);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_front_matter),
		cmocka_unit_test(test_continuations_and_blanks),
		cmocka_unit_test(test_unicode_ranges),
		cmocka_unit_test(test_spacelog_snippet),
		cmocka_unit_test(test_timestamp_prefix),
		cmocka_unit_test(test_declared),
		cmocka_unit_test(test_undeclared_warnings),
		cmocka_unit_test(test_odd_chars),
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_f06),
		cmocka_unit_test(test_f07),
		cmocka_unit_test(test_f10),
		cmocka_unit_test(test_vostok),
		cmocka_unit_test(test_apollo),
	};
	return cmocka_run_group_tests_name("transcript", tests, NULL, NULL);
}
