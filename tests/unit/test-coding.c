/* test-coding.c - unit tests of core/coding: ranges in code points and
 * bytes (Cyrillic, emoji, grapheme refusal), pattern matches (every match,
 * nth, empty matches, limits), storing (dedupe, turn), batch files (all or
 * nothing), removal, the listing, and field cases F03 / F11 / F19.
 * Expected offsets were computed with python3 (str indices and len of the
 * UTF-8 encoding) or taken from the field-case README. */
#include "config.h"

#include "unit.h"

#include <time.h>

#include "core/codebook.h"
#include "core/coding.h"
#include "core/utf8.h"

struct turn_def {
	int seq;
	const char *speaker;
	int64_t start_cp, end_cp;
};

/* Insert a source with id and name whose stored text is text, and its
 * turns (byte offsets computed here). */
static void
add_source(struct fg_db *db, int64_t id, const char *name, const char *text,
    const struct turn_def *turns, size_t nturns)
{
	sqlite3_stmt *st;
	size_t len = strlen(text), i, a, b;

	assert_int_equal(sqlite3_prepare_v2(db->db, "INSERT INTO source (id, "
	    "name, path, file_sha256, text_sha256, text, n_cp, n_bytes, "
	    "body_line, encoding, had_bom, crlf_count, cr_count, profile, "
	    "imported_at, imported_by) VALUES (?1, ?2, ?2, ?2, 't', ?3, ?4, "
	    "?5, 1, 'utf-8', 0, 0, 0, 'default', 'now', 'me')", -1, &st,
	    NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)fg_utf8_cp_count(text, len));
	sqlite3_bind_int64(st, 5, (sqlite3_int64)len);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	for (i = 0; i < nturns; i++) {
		assert_int_equal(fg_utf8_cp_to_byte(text, len,
		    (size_t)turns[i].start_cp, &a), 0);
		assert_int_equal(fg_utf8_cp_to_byte(text, len,
		    (size_t)turns[i].end_cp, &b), 0);
		assert_int_equal(sqlite3_prepare_v2(db->db, "INSERT INTO turn "
		    "(source_id, seq, speaker, speaker_raw, start_cp, end_cp, "
		    "start_b, end_b, line_start, line_end) VALUES (?1, ?2, ?3, "
		    "?3, ?4, ?5, ?6, ?7, 1, 1)", -1, &st, NULL), SQLITE_OK);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, turns[i].seq);
		sqlite3_bind_text(st, 3, turns[i].speaker, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, turns[i].start_cp);
		sqlite3_bind_int64(st, 5, turns[i].end_cp);
		sqlite3_bind_int64(st, 6, (sqlite3_int64)a);
		sqlite3_bind_int64(st, 7, (sqlite3_int64)b);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_finalize(st);
	}
}

static int64_t
add_code(struct fg_db *db, const char *name)
{
	struct fg_error err;
	int64_t id;

	fg_error_clear(&err);
	assert_int_equal(fg_codebook_create(db, name, &id, &err), FG_OK);
	return id;
}

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

/* fg_coding_find_ranges on a string. */
static enum fg_status
find(const char *text, const struct fg_selector *sel, struct fg_range **r,
    size_t *n, size_t *widened, size_t *empty, struct fg_error *err)
{
	fg_error_clear(err);
	if (widened)
		*widened = 0;
	if (empty)
		*empty = 0;
	return fg_coding_find_ranges(text, strlen(text), "t.txt", sel, r, n,
	    widened, empty, err);
}

static struct fg_selector
chars(int64_t a, int64_t b)
{
	struct fg_selector s;

	memset(&s, 0, sizeof s);
	s.kind = FG_SEL_CHARS;
	s.start = a;
	s.end = b;
	return s;
}

static struct fg_selector
match(const char *pattern, long nth)
{
	struct fg_selector s;

	memset(&s, 0, sizeof s);
	s.kind = FG_SEL_MATCH;
	s.pattern = pattern;
	s.nth = nth;
	return s;
}

static void
test_chars_ranges(void **state)
{
	/* "P1: " 4 bytes, then "Уят" 3 code points of 2 bytes */
	const char *text = "P1: Уят — это плохо.\nP2: ok";
	/* a, thumbs up U+1F44D + skin tone U+1F3FD, b, flag KZ (two
	 * regional indicators), e + combining acute */
	const char *emoji = "a\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD" "b"
	    "\xF0\x9F\x87\xB0\xF0\x9F\x87\xBF" "e\xCC\x81";
	struct fg_selector sel;
	struct fg_range *r;
	struct fg_error err;
	size_t n;

	(void)state;
	sel = chars(4, 7);
	assert_int_equal(find(text, &sel, &r, &n, NULL, NULL, &err), FG_OK);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].start_cp, 4);
	assert_int_equal(r[0].end_cp, 7);
	assert_int_equal(r[0].start_b, 4);
	assert_int_equal(r[0].end_b, 10);
	free(r);
	/* the whole text: 27 code points */
	sel = chars(0, 27);
	assert_int_equal(find(text, &sel, &r, &n, NULL, NULL, &err), FG_OK);
	assert_int_equal(r[0].end_b, (int64_t)strlen(text));
	free(r);
	sel = chars(5, 5);
	assert_int_equal(find(text, &sel, &r, &n, NULL, NULL, &err), FG_INPUT);
	assert_non_null(strstr(err.msg, "empty"));
	sel = chars(7, 5);
	assert_int_equal(find(text, &sel, &r, &n, NULL, NULL, &err), FG_INPUT);
	assert_non_null(strstr(err.msg, "reversed"));
	sel = chars(20, 28);
	assert_int_equal(find(text, &sel, &r, &n, NULL, NULL, &err), FG_INPUT);
	assert_non_null(strstr(err.msg, "out of bounds"));
	assert_non_null(strstr(err.msg, "27 code points"));
	/* emoji: code points a=0 👍=1 🏽=2 b=3 🇰=4 🇿=5 e=6 ◌́=7 */
	sel = chars(1, 3);
	assert_int_equal(find(emoji, &sel, &r, &n, NULL, NULL, &err), FG_OK);
	assert_int_equal(r[0].start_b, 1);
	assert_int_equal(r[0].end_b, 9);
	free(r);
	sel = chars(0, 2);
	assert_int_equal(find(emoji, &sel, &r, &n, NULL, NULL, &err), FG_INPUT);
	assert_non_null(strstr(err.msg, "ends inside a grapheme cluster"));
	assert_non_null(strstr(err.msg, "spans 1:3"));
	sel = chars(2, 4);
	assert_int_equal(find(emoji, &sel, &r, &n, NULL, NULL, &err), FG_INPUT);
	assert_non_null(strstr(err.msg, "starts inside"));
	sel = chars(5, 6);   /* between the two regional indicators */
	assert_int_equal(find(emoji, &sel, &r, &n, NULL, NULL, &err), FG_INPUT);
	assert_non_null(strstr(err.msg, "spans 4:6"));
	sel = chars(4, 7);   /* e without its accent */
	assert_int_equal(find(emoji, &sel, &r, &n, NULL, NULL, &err), FG_INPUT);
	sel = chars(4, 8);
	assert_int_equal(find(emoji, &sel, &r, &n, NULL, NULL, &err), FG_OK);
	assert_int_equal(r[0].start_b, 10);
	assert_int_equal(r[0].end_b, 21);
	free(r);
	/* the parser */
	fg_error_clear(&err);
	assert_int_equal(fg_coding_parse_chars("156:178", &sel, &err), FG_OK);
	assert_int_equal(sel.start, 156);
	assert_int_equal(sel.end, 178);
	assert_int_equal(fg_coding_parse_chars("-1:5", &sel, &err), FG_USAGE);
	assert_int_equal(fg_coding_parse_chars("5", &sel, &err), FG_USAGE);
	assert_int_equal(fg_coding_parse_chars("5:", &sel, &err), FG_USAGE);
	assert_int_equal(fg_coding_parse_chars("1:2x", &sel, &err), FG_USAGE);
	assert_int_equal(fg_coding_parse_chars("9:3", &sel, &err), FG_OK);
}

static void
test_match_ranges(void **state)
{
	const char *text = "уят, ұят, Уят уят";
	const char *emoji = "a\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD" "b";
	struct fg_selector sel;
	struct fg_range *r;
	struct fg_error err;
	size_t n, widened, empty;

	(void)state;
	/* \b works on Cyrillic only with UCP: cp [0,3) and [14,17) */
	sel = match("\\bуят\\b", 0);
	assert_int_equal(find(text, &sel, &r, &n, NULL, NULL, &err), FG_OK);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].start_cp, 0);
	assert_int_equal(r[0].end_cp, 3);
	assert_int_equal(r[0].end_b, 6);
	assert_int_equal(r[1].start_cp, 14);
	assert_int_equal(r[1].end_cp, 17);
	assert_int_equal(r[1].start_b, 23);
	assert_int_equal(r[1].end_b, 29);
	free(r);
	sel = match("\\bуят\\b", 2);
	assert_int_equal(find(text, &sel, &r, &n, NULL, NULL, &err), FG_OK);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].start_cp, 14);
	free(r);
	sel = match("\\bуят\\b", 3);
	assert_int_equal(find(text, &sel, &r, &n, NULL, NULL, &err), FG_INPUT);
	assert_non_null(strstr(err.msg, "matches 2 times"));
	/* case-insensitive, all three spellings of the first word family */
	sel = match("(?i)[уұ]ят", 0);
	assert_int_equal(find(text, &sel, &r, &n, NULL, NULL, &err), FG_OK);
	assert_int_equal(n, 4);
	free(r);
	sel = match("shame", 0);
	assert_int_equal(find(text, &sel, &r, &n, NULL, NULL, &err), FG_INPUT);
	assert_non_null(strstr(err.msg, "does not match"));
	sel = match("(", 0);
	assert_int_equal(find(text, &sel, &r, &n, NULL, NULL, &err), FG_INPUT);
	assert_non_null(strstr(err.msg, "bad pattern '('"));
	/* empty matches: python's re.finditer(r'\w*', 'Ça va?') gives
	 * 'Ça', '', 'va', '', '' - two words, three empty matches */
	sel = match("\\w*", 0);
	assert_int_equal(find("Ça va?", &sel, &r, &n, &widened, &empty, &err),
	    FG_OK);
	assert_int_equal(n, 2);
	assert_int_equal(empty, 3);
	assert_int_equal(r[0].start_b, 0);
	assert_int_equal(r[0].end_b, 3);
	assert_int_equal(r[0].end_cp, 2);
	assert_int_equal(r[1].start_cp, 3);
	assert_int_equal(r[1].start_b, 4);
	free(r);
	/* only empty matches */
	sel = match("(?=\\?)", 0);
	assert_int_equal(find("Ça va? Oui?", &sel, &r, &n, NULL, &empty, &err),
	    FG_INPUT);
	assert_non_null(strstr(err.msg, "only empty strings"));
	assert_int_equal(empty, 2);
	/* a match cutting a cluster is widened to the whole character */
	sel = match("\xF0\x9F\x91\x8D", 0);
	assert_int_equal(find(emoji, &sel, &r, &n, &widened, NULL, &err),
	    FG_OK);
	assert_int_equal(n, 1);
	assert_int_equal(widened, 1);
	assert_int_equal(r[0].start_cp, 1);
	assert_int_equal(r[0].end_cp, 3);
	assert_int_equal(r[0].end_b, 9);
	free(r);
	/* two matches inside one cluster give one range */
	sel = match("\\p{So}|\\p{Sk}", 0);
	assert_int_equal(find(emoji, &sel, &r, &n, &widened, NULL, &err),
	    FG_OK);
	assert_int_equal(n, 1);
	free(r);
}

static void
test_runaway_pattern(void **state)
{
	char text[64];
	struct fg_selector sel = match("(a+)+$", 0);
	struct fg_range *r = NULL;
	struct fg_error err;
	size_t n = 99;
	clock_t t0;
	double secs;

	(void)state;
	memset(text, 'a', 30);
	strcpy(text + 30, "b\n");
	t0 = clock();
	assert_int_equal(find(text, &sel, &r, &n, NULL, NULL, &err), FG_LIMIT);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_null(r);
	assert_int_equal(n, 0);
	assert_non_null(strstr(err.msg, "'(a+)+$'"));
	assert_non_null(strstr(err.msg, "match limit"));
	if (secs > 2.0)
		fail_msg("the runaway pattern took %.2f s", secs);
}

static void
test_add_and_dedupe(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path);
	/* turns: labels excluded -> [4,20) and [25,31) */
	static const struct turn_def turns[] = {
		{ 1, "P1", 4, 20 }, { 2, "P2", 25, 31 },
	};
	struct fg_coding_report rep = FG_CODING_REPORT_INIT;
	struct fg_coding_spec spec;
	struct fg_error err;
	sqlite3_stmt *st;

	(void)state;
	add_source(db, 1, "a.txt", "P1: Уят — это плохо.\nP2: ok уят", turns,
	    2);
	memset(&spec, 0, sizeof spec);
	spec.source_id = 1;
	spec.code_id = add_code(db, "уят");
	spec.sel = chars(4, 7);
	spec.coder = "ana";
	spec.memo = "first";
	fg_error_clear(&err);
	assert_int_equal(fg_coding_add(db, &spec, &rep, &err), FG_OK);
	assert_int_equal(rep.added, 1);
	assert_int_equal(rep.items[0].existed, 0);
	assert_int_equal(sqlite3_prepare_v2(db->db, "SELECT source_id, "
	    "start_cp, end_cp, start_b, end_b, excerpt, excerpt_sha256, coder, "
	    "created_at, memo FROM coding WHERE id = ?1", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_int64(st, 1, rep.items[0].id);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 1), 4);
	assert_int_equal(sqlite3_column_int(st, 2), 7);
	assert_int_equal(sqlite3_column_int(st, 3), 4);
	assert_int_equal(sqlite3_column_int(st, 4), 10);
	assert_string_equal(sqlite3_column_text(st, 5), "Уят");
	/* python3: hashlib.sha256("Уят".encode()).hexdigest() */
	assert_string_equal(sqlite3_column_text(st, 6), "eb8d3a9ca4309a8566ce3"
	    "ac47eedab8c5cc2f781c454c5f51b82b9f2127e1c2c");
	assert_string_equal(sqlite3_column_text(st, 7), "ana");
	assert_string_equal(sqlite3_column_text(st, 8), "2026-01-01T00:00:00Z");
	assert_string_equal(sqlite3_column_text(st, 9), "first");
	sqlite3_finalize(st);
	/* identical: reported, not duplicated (memo does not matter) */
	spec.memo = NULL;
	assert_int_equal(fg_coding_add(db, &spec, &rep, &err), FG_OK);
	assert_int_equal(rep.existing, 1);
	assert_int_equal(rep.items[1].existed, 1);
	assert_int_equal(rep.items[1].id, rep.items[0].id);
	assert_int_equal(int_query(db, "SELECT count(*) FROM coding"), 1);
	/* another coder: a new coding */
	spec.coder = "ben";
	assert_int_equal(fg_coding_add(db, &spec, &rep, &err), FG_OK);
	assert_int_equal(int_query(db, "SELECT count(*) FROM coding"), 2);
	/* turn 2 = "ok уят" */
	spec.sel.kind = FG_SEL_TURN;
	spec.sel.turn = 2;
	assert_int_equal(fg_coding_add(db, &spec, &rep, &err), FG_OK);
	assert_int_equal(int_query(db, "SELECT count(*) FROM coding WHERE "
	    "excerpt = 'ok уят' AND start_b = 38 AND end_b = 47"), 1);
	spec.sel.turn = 3;
	assert_int_equal(fg_coding_add(db, &spec, &rep, &err), FG_NOTFOUND);
	assert_non_null(strstr(err.msg, "has no turn 3 (it has 2 turns"));
	/* every match: "Уят" is not "уят"; one in turn 2 */
	spec.sel = match("уят", 0);
	assert_int_equal(fg_coding_add(db, &spec, &rep, &err), FG_OK);
	assert_int_equal(rep.items[rep.n - 1].r.start_cp, 28);
	/* all or nothing: an unknown code or source, an empty coder */
	spec.code_id = 999;
	assert_int_equal(fg_coding_add(db, &spec, &rep, &err), FG_NOTFOUND);
	spec.code_id = 1;
	spec.source_id = 7;
	assert_int_equal(fg_coding_add(db, &spec, &rep, &err), FG_NOTFOUND);
	spec.source_id = 1;
	spec.coder = "";
	assert_int_equal(fg_coding_add(db, &spec, &rep, &err), FG_USAGE);
	assert_int_equal(db->in_tx, 0);
	assert_int_equal(int_query(db, "SELECT count(*) FROM coding"), 4);
	/* remove */
	assert_int_equal(fg_coding_remove(db, rep.items[0].id, &err), FG_OK);
	assert_int_equal(fg_coding_remove(db, rep.items[0].id, &err),
	    FG_NOTFOUND);
	assert_int_equal(int_query(db, "SELECT count(*) FROM coding"), 3);
	fg_coding_report_free(&rep);
	unit_db_close(db, path);
}

/* Write text to a temporary file named in path (64 bytes). */
static void
write_tmp(char *path, const char *text)
{
	int fd;
	size_t n = strlen(text);

	strcpy(path, "/tmp/fgcode-unit-cd-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	close(fd);
}

static void
test_apply_file(void **state)
{
	char path[64], f[64];
	struct fg_db *db = unit_db_open(path);
	static const struct turn_def turns[] = {
		{ 1, "P1", 4, 20 }, { 2, "P2", 25, 31 },
	};
	struct fg_coding_report rep = FG_CODING_REPORT_INIT;
	struct fg_error err;
	static const struct {
		const char *yaml;
		enum fg_status code;
		int line, col;
		const char *msg;
	} bad[] = {
		/* the third entry fails: nothing of the first two stays */
		{ "codings:\n"
		  "  - source: a.txt\n    code: уят\n    turn: 1\n"
		  "  - source: a.txt\n    code: уят\n    match: уят\n"
		  "  - source: a.txt\n    code: shame\n    turn: 2\n",
		  FG_INPUT, 9, 11, "no code 'shame'" },
		{ "codings:\n  - source: b.txt\n    code: уят\n    turn: 1\n",
		  FG_INPUT, 2, 13, "no source 'b.txt'" },
		{ "codings:\n  - source: a.txt\n    code: уят\n    turn: 1\n"
		  "  - source: aaa.txt\n    code: уят\n    match: \"(a+)+$\"\n",
		  FG_LIMIT, 7, 12, "(a+)+$" },
		{ "codings:\n  - source: a.txt\n    code: уят\n    chars: 60:70\n",
		  FG_INPUT, 4, 12, "out of bounds" },
		{ "codings:\n  - source: a.txt\n    code: уят\n", FG_INPUT, 2, 5,
		  "one of match:, turn: or chars:" },
		{ "codings:\n  - source: a.txt\n    code: уят\n    turn: 1\n"
		  "    match: x\n", FG_INPUT, 5, 5, "only one of" },
		{ "codings:\n  - source: a.txt\n    code: уят\n    turn: 1\n"
		  "    nth: 2\n", FG_INPUT, 5, 10, "with 'match:' only" },
		{ "codings:\n  - source: a.txt\n    code: уят\n    match: x\n"
		  "    nth: 0\n", FG_INPUT, 5, 10, "1 or more" },
		{ "codings:\n  - source: a.txt\n    code: уят\n    turn: 1\n"
		  "    coders: x\n", FG_INPUT, 5, 5, "unknown key 'coders'" },
		{ "codings:\n  - source: a.txt\n    code: уят\n    match: "
		  "\"(?=P)\"\n", FG_INPUT, 4, 12, "only empty strings" },
		{ "codings:\n  - source: a.txt\n    code: уят\n    turn: 1\n"
		  "   coder: x\n", FG_INPUT, 5, 4, "YAML" },
	};
	size_t i;

	(void)state;
	add_source(db, 1, "a.txt", "P1: Уят — это плохо.\nP2: ok уят", turns,
	    2);
	add_source(db, 2, "aaa.txt", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n",
	    NULL, 0);
	add_code(db, "уят");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		write_tmp(f, bad[i].yaml);
		fg_error_clear(&err);
		if (fg_coding_apply_file(db, f, "c.yaml", "tester", &rep,
		    &err) != bad[i].code || err.line != bad[i].line ||
		    err.col != bad[i].col || strstr(err.msg, bad[i].msg) ==
		    NULL || strcmp(err.file, "c.yaml") != 0)
			fail_msg("case %zu: %d %s:%d:%d: %s", i, err.code,
			    err.file, err.line, err.col, err.msg);
		unlink(f);
		assert_int_equal(db->in_tx, 0);
		assert_int_equal(int_query(db, "SELECT count(*) FROM coding"),
		    0);
		fg_coding_report_free(&rep);
	}
	/* a good batch: ids, chars as a list, default and explicit coder */
	write_tmp(f, "codings:\n"
	    "  - source: a.txt\n    code: уят\n    turn: 1\n    memo: m\n"
	    "  - source: \"1\"\n    code: уят\n    chars: [4, 7]\n"
	    "    coder: ben\n"
	    "  - source: a.txt\n    code: уят\n    match: \"(?i)уят\"\n"
	    "  - source: a.txt\n    code: уят\n    turn: 1\n");
	fg_error_clear(&err);
	if (fg_coding_apply_file(db, f, NULL, "tester", &rep, &err) != FG_OK)
		fail_msg("%d:%d: %s", err.line, err.col, err.msg);
	unlink(f);
	assert_int_equal(rep.entries, 4);
	assert_int_equal(rep.added, 4);     /* turn 1, chars, 2 matches */
	assert_int_equal(rep.existing, 1);  /* turn 1 again */
	assert_int_equal(int_query(db, "SELECT count(*) FROM coding WHERE "
	    "coder = 'tester'"), 3);
	assert_int_equal(int_query(db, "SELECT count(*) FROM coding WHERE "
	    "coder = 'ben' AND excerpt = 'Уят'"), 1);
	fg_coding_report_free(&rep);
	unit_db_close(db, path);
}

static void
test_list(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path);
	/* turn 1 [4,20), turn 2 [25,31); the gap holds "\nP2: " */
	static const struct turn_def turns[] = {
		{ 1, "P1", 4, 20 }, { 2, "P2", 25, 31 },
	};
	struct fg_coding_report rep = FG_CODING_REPORT_INIT;
	struct fg_coding_filter flt;
	struct fg_coding_spec spec;
	struct fg_table *t;
	struct fg_error err;

	(void)state;
	add_source(db, 1, "a.txt", "P1: Уят — это плохо.\nP2: ok уят", turns,
	    2);
	add_source(db, 2, "b.txt", "no turns here", NULL, 0);
	memset(&spec, 0, sizeof spec);
	spec.code_id = add_code(db, "x");
	spec.coder = "ana";
	spec.source_id = 1;
	fg_error_clear(&err);
	spec.sel = chars(14, 27);  /* from turn 1 into turn 2 */
	assert_int_equal(fg_coding_add(db, &spec, &rep, &err), FG_OK);
	spec.sel = chars(0, 2);    /* the label "P1": no turn contains it */
	assert_int_equal(fg_coding_add(db, &spec, &rep, &err), FG_OK);
	spec.sel = chars(22, 27);  /* starts in the gap, overlaps turn 2 */
	spec.coder = "ben";
	spec.memo = "=note";
	assert_int_equal(fg_coding_add(db, &spec, &rep, &err), FG_OK);
	spec.source_id = 2;
	spec.sel = chars(0, 2);
	spec.code_id = add_code(db, "y");
	if (fg_coding_add(db, &spec, &rep, &err) != FG_OK)
		fail_msg("%s", err.msg);
	if (fg_coding_list(db, NULL, &t, &err) != FG_OK) fail_msg("%s", err.msg);
	assert_int_equal(t->ncols, 13);
	assert_string_equal(t->names[0], "id");
	assert_string_equal(t->names[12], "excerpt");
	assert_int_equal(t->nrows, 4);
	/* order: source 1 by start: [0,2) [14,27) [22,27); then source 2 */
	assert_string_equal(fg_table_cell(t, 0, 3), "0");
	assert_null(fg_table_cell(t, 0, 7));
	assert_null(fg_table_cell(t, 0, 8));
	assert_string_equal(fg_table_cell(t, 0, 12), "P1");
	assert_string_equal(fg_table_cell(t, 1, 7), "1");
	assert_string_equal(fg_table_cell(t, 1, 8), "P1");
	assert_string_equal(fg_table_cell(t, 1, 12), "плохо.\nP2: ok");
	assert_string_equal(fg_table_cell(t, 2, 7), "2");
	assert_string_equal(fg_table_cell(t, 2, 8), "P2");
	assert_string_equal(fg_table_cell(t, 2, 9), "ben");
	assert_string_equal(fg_table_cell(t, 2, 11), "=note");
	assert_string_equal(fg_table_cell(t, 3, 1), "b.txt");
	assert_string_equal(fg_table_cell(t, 3, 2), "y");
	assert_string_equal(fg_table_cell(t, 3, 10), "2026-01-01T00:00:00Z");
	fg_table_free(t);
	memset(&flt, 0, sizeof flt);
	flt.coder = "ben";
	assert_int_equal(fg_coding_list(db, &flt, &t, &err), FG_OK);
	assert_int_equal(t->nrows, 2);
	fg_table_free(t);
	flt.coder = NULL;
	flt.source_id = 1;
	flt.code_id = 1;
	assert_int_equal(fg_coding_list(db, &flt, &t, &err), FG_OK);
	assert_int_equal(t->nrows, 3);
	fg_table_free(t);
	fg_coding_report_free(&rep);
	unit_db_close(db, path);
}

/* Load a field case's text as it would be stored (BOM removed, LF). */
static char *
load_case(const char *rel, size_t *len)
{
	const char *p = unit_shared(rel);
	struct fg_norm norm;
	char *raw;
	long n;
	FILE *f;

	if (p == NULL)
		return NULL;
	assert_non_null(f = fopen(p, "rb"));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	raw = malloc((size_t)n + 1);
	assert_int_equal(fread(raw, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	assert_int_equal(fg_text_normalize(raw, (size_t)n, &norm), FG_OK);
	free(raw);
	*len = norm.len;
	return norm.text;
}

static void
test_field_case_f03(void **state)
{
	struct fg_selector sel;
	struct fg_range *r;
	struct fg_error err;
	size_t len, n;
	char *text = load_case("field-cases/F03.txt", &len);

	(void)state;
	if (text == NULL)
		skip();
	sel = match("night shifts are rough", 0);
	assert_int_equal(find(text, &sel, &r, &n, NULL, NULL, &err), FG_OK);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].start_cp, 156);
	assert_int_equal(r[0].end_cp, 178);
	assert_int_equal(r[0].start_b, 189);
	assert_int_equal(r[0].end_b, 211);
	free(r);
	sel = match("The overtime rules are unclear\\.", 0);
	assert_int_equal(find(text, &sel, &r, &n, NULL, NULL, &err), FG_OK);
	assert_int_equal(r[0].start_cp, 205);
	assert_int_equal(r[0].end_cp, 236);
	assert_int_equal(r[0].start_b, 247);
	assert_int_equal(r[0].end_b, 278);
	free(r);
	/* the same ranges given as code points */
	sel = chars(156, 178);
	assert_int_equal(find(text, &sel, &r, &n, NULL, NULL, &err), FG_OK);
	assert_int_equal(r[0].start_b, 189);
	assert_int_equal(memcmp(text + 189, "night shifts are rough", 22), 0);
	free(r);
	/* cp 60 lies between the thumbs-up and its skin tone */
	sel = chars(60, 70);
	assert_int_equal(find(text, &sel, &r, &n, NULL, NULL, &err), FG_INPUT);
	assert_non_null(strstr(err.msg, "inside a grapheme cluster"));
	assert_non_null(strstr(err.msg, "spans 59:61"));
	/* inside the ZWJ family (cp 88-91) */
	sel = chars(80, 90);
	assert_int_equal(find(text, &sel, &r, &n, NULL, NULL, &err), FG_INPUT);
	free(text);
}

static void
test_field_case_f11(void **state)
{
	/* README / F11.patterns.txt: bytes of the 11 non-empty matches of
	 * \w* over the whole stored text (speaker labels included, as
	 * fgcode searches the whole text) */
	static const int64_t want[11][2] = { { 0, 2 }, { 4, 7 }, { 8, 10 },
	    { 12, 15 }, { 19, 23 }, { 24, 29 }, { 31, 33 }, { 35, 39 },
	    { 41, 55 }, { 57, 59 }, { 61, 92 } };
	struct fg_selector sel;
	struct fg_range *r;
	struct fg_error err;
	size_t len, n, i, empty;
	char *text = load_case("field-cases/F11.txt", &len);

	(void)state;
	if (text == NULL)
		skip();
	sel = match("\\w*", 0);
	assert_int_equal(find(text, &sel, &r, &n, NULL, &empty, &err), FG_OK);
	assert_int_equal(n, 11);
	assert_int_equal(empty, 20);
	for (i = 0; i < 11; i++) {
		assert_int_equal(r[i].start_b, want[i][0]);
		assert_int_equal(r[i].end_b, want[i][1]);
	}
	free(r);
	sel = match("(?=\\?)", 0);
	assert_int_equal(find(text, &sel, &r, &n, NULL, NULL, &err), FG_INPUT);
	assert_non_null(strstr(err.msg, "only empty strings"));
	sel = match("(?m)^", 0);
	assert_int_equal(find(text, &sel, &r, &n, NULL, NULL, &err), FG_INPUT);
	assert_non_null(strstr(err.msg, "only empty strings"));
	sel = match("(a+)+$", 0);
	assert_int_equal(find(text, &sel, &r, &n, NULL, NULL, &err), FG_LIMIT);
	assert_non_null(strstr(err.msg, "(a+)+$"));
	free(text);
}

static void
test_field_case_f19(void **state)
{
	/* F19.steps.txt: cp and byte ranges of the five quotes */
	static const struct {
		const char *pattern;
		int64_t cp0, cp1, b0, b1;
	} want[] = {
		{ "=SUM\\(1\\+1\\) is what the budget sheet said, I swear\\.",
		  34, 83, 34, 83 },
		{ "\\+1 to that\\. The café charged €4,50 for \"tea\"\\.",
		  88, 133, 88, 136 },
		{ "-- well, I disagree;\\nthe rota was fine\\.",
		  138, 177, 141, 180 },
		{ "@channel said it first\\.", 184, 207, 187, 210 },
		{ "\\tTabbed start, naïve question: Зоя said «да» 👍",
		  212, 258, 215, 272 },
	};
	struct fg_selector sel;
	struct fg_range *r;
	struct fg_error err;
	size_t len, n, i;
	char *text = load_case("field-cases/F19.txt", &len);

	(void)state;
	if (text == NULL)
		skip();
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		sel = match(want[i].pattern, 0);
		if (find(text, &sel, &r, &n, NULL, NULL, &err) != FG_OK)
			fail_msg("%zu: %s", i, err.msg);
		assert_int_equal(n, 1);
		assert_int_equal(r[0].start_cp, want[i].cp0);
		assert_int_equal(r[0].end_cp, want[i].cp1);
		assert_int_equal(r[0].start_b, want[i].b0);
		assert_int_equal(r[0].end_b, want[i].b1);
		free(r);
	}
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chars_ranges),
		cmocka_unit_test(test_match_ranges),
		cmocka_unit_test(test_runaway_pattern),
		cmocka_unit_test(test_add_and_dedupe),
		cmocka_unit_test(test_apply_file),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_field_case_f03),
		cmocka_unit_test(test_field_case_f11),
		cmocka_unit_test(test_field_case_f19),
	};
	return cmocka_run_group_tests_name("coding", tests, NULL, NULL);
}
