/* test-profile.c - unit tests of core/profile: the built-in profiles'
 * line classification (speaker labels, timestamps, skip and note lines),
 * YAML profiles and their errors, and the match limit. */
#include "config.h"

#include "unit.h"

#include <time.h>

#include "core/profile.h"

/* Write text to a new temporary file; its path goes to path (64 bytes). */
static void
write_tmp(char *path, const char *text)
{
	int fd;
	size_t n = strlen(text);

	strcpy(path, "/tmp/fgcode-prof-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	close(fd);
}

static struct fg_profile *
get(const char *spec)
{
	struct fg_profile *p = NULL;
	struct fg_error err;

	fg_error_clear(&err);
	if (fg_profile_get(spec, &p, &err) != FG_OK)
		fail_msg("profile %s: %s:%d:%d: %s", spec, err.file, err.line,
		    err.col, err.msg);
	return p;
}

/* Classify one line with profile p. */
static struct fg_line_info
scan(const struct fg_profile *p, const char *line)
{
	struct fg_profile_scanner *s = NULL;
	struct fg_line_info li;
	struct fg_error err;

	fg_error_clear(&err);
	assert_int_equal(fg_profile_scanner_new(p, &s, &err), FG_OK);
	if (fg_profile_scan_line(s, line, strlen(line), "t", 1, &li, &err)
	    != FG_OK)
		fail_msg("scan '%s': %s", line, err.msg);
	fg_profile_scanner_free(s);
	return li;
}

/* line must be a speaker line with label want and utterance from
 * byte text_off. */
static void
expect_speaker(const struct fg_profile *p, const char *line,
    const char *want, size_t text_off)
{
	struct fg_line_info li = scan(p, line);

	if (li.kind != FG_LINE_SPEAKER)
		fail_msg("'%s' is not a speaker line (kind %d)", line,
		    (int)li.kind);
	if (li.label_len != strlen(want) ||
	    memcmp(line + li.label_off, want, li.label_len) != 0)
		fail_msg("'%s': label '%.*s', want '%s'", line,
		    (int)li.label_len, line + li.label_off, want);
	assert_int_equal(li.text_off, text_off);
}

static void
expect_kind(const struct fg_profile *p, const char *line,
    enum fg_line_kind kind)
{
	struct fg_line_info li = scan(p, line);

	if (li.kind != kind)
		fail_msg("'%s': kind %d, want %d", line, (int)li.kind,
		    (int)kind);
}

static void
test_builtins(void **state)
{
	const char *const *names = fg_profile_builtin_names();
	struct fg_profile *p = NULL;
	struct fg_error err;
	size_t i;

	(void)state;
	assert_string_equal(names[0], "plain");
	assert_string_equal(names[1], "markdown");
	assert_string_equal(names[2], "spacelog");
	assert_string_equal(names[3], "webvtt");
	assert_null(names[4]);
	for (i = 0; names[i]; i++) {
		p = get(names[i]);
		assert_string_equal(fg_profile_name(p), names[i]);
		fg_profile_free(p);
	}
	assert_string_equal(fg_profile_default_for("F10.md"), "markdown");
	assert_string_equal(fg_profile_default_for("dir.x/NOTES.MD"),
	    "markdown");
	assert_string_equal(fg_profile_default_for("a.markdown"), "markdown");
	assert_string_equal(fg_profile_default_for("F07.txt"), "plain");
	assert_string_equal(fg_profile_default_for("F08.zoom.vtt"), "webvtt");
	assert_string_equal(fg_profile_default_for("X.VTT"), "webvtt");
	assert_string_equal(fg_profile_default_for("MAIN"), "plain");
	assert_string_equal(fg_profile_default_for(NULL), "plain");
	fg_error_clear(&err);
	p = (struct fg_profile *)&err;
	assert_int_equal(fg_profile_get("no-such-profile", &p, &err),
	    FG_INPUT);
	assert_null(p);
	assert_non_null(strstr(err.msg, "no-such-profile"));
	assert_non_null(strstr(err.msg, "plain, markdown, spacelog"));
	fg_profile_free(NULL);
}

static void
test_plain_labels(void **state)
{
	struct fg_profile *p = get("plain");

	(void)state;
	expect_speaker(p, "Moderator: Welcome", "Moderator", 11);
	expect_speaker(p, "Ana M.: The bus", "Ana M.", 8);
	expect_speaker(p, "Dr. Osei: Same", "Dr. Osei", 10);
	/* French typography: (narrow) NBSP or ZWSP before the colon, NBSP
	 * inside the name */
	expect_speaker(p, "Participante A : Oui", "Participante A", 17);
	expect_speaker(p, "Participante\xc2\xa0" "A\xe2\x80\x8b: Le",
	    "Participante\xc2\xa0" "A", 20);
	expect_speaker(p, "Participante A\xe2\x80\xaf: x", "Participante A",
	    19);
	expect_speaker(p, "Enqu\xc3\xaatrice\xc2\xa0: Pouvez",
	    "Enqu\xc3\xaatrice", 15);
	expect_speaker(p, "Заря 1 (Королев): Понял", "Заря 1 (Королев)",
	    strlen("Заря 1 (Королев): "));
	expect_speaker(p, "Айгерим: Сәлем", "Айгерим",
	    strlen("Айгерим: "));
	expect_speaker(p, "P07: About", "P07", 5);
	expect_speaker(p, "@Sam: =SUM", "@Sam", 6);
	expect_speaker(p, "Кедр:…огни", "Кедр", strlen("Кедр:"));
	expect_speaker(p, "Кедр:", "Кедр", strlen("Кедр:"));
	expect_speaker(p, "Кедр:  \t", "Кедр", strlen("Кедр:  \t"));
	expect_speaker(p, "  Ana M. : I checked", "Ana M.", 11);
	assert_int_equal(scan(p, "  Ana M. : x").indented, 1);
	assert_int_equal(scan(p, "\xc2\xa0" "Ana: x").indented, 1);
	assert_int_equal(scan(p, "Ana M.: x").indented, 0);
	/* colons inside a turn do not make labels */
	expect_speaker(p, "Ana M.: noticed: it is the 7:45.", "Ana M.", 8);
	/* not labels */
	expect_kind(p, "10:30: meeting paused", FG_LINE_TEXT);
	expect_kind(p, "10: ten", FG_LINE_TEXT);
	expect_kind(p, "https://example.org/timetable: no", FG_LINE_TEXT);
	expect_kind(p, "Time:10:30", FG_LINE_TEXT);
	expect_kind(p, "no colon at all", FG_LINE_TEXT);
	expect_kind(p, ": empty label", FG_LINE_TEXT);
	expect_kind(p, "Well, I think: yes", FG_LINE_TEXT);
	fg_profile_free(p);
}

/* A label has at most 63 code points (here Cyrillic, 2 bytes each, with
 * an ASCII space every tenth). */
static void
test_label_length(void **state)
{
	struct fg_profile *p = get("plain");
	struct fg_line_info li;
	char line[512];
	int i;

	(void)state;
	strcpy(line, "Д");
	for (i = 1; i < 63; i++)
		strcat(line, i % 10 ? "ж" : " ");
	strcat(line, ": x");
	li = scan(p, line);
	assert_int_equal(li.kind, FG_LINE_SPEAKER);
	assert_int_equal(li.label_len, 63 * 2 - 6); /* 6 ASCII spaces */
	assert_int_equal(li.text_off, strlen(line) - 1);
	strcpy(line, "Д");
	for (i = 1; i < 64; i++)
		strcat(line, i % 10 ? "ж" : " ");
	strcat(line, ": x");
	expect_kind(p, line, FG_LINE_TEXT);
	fg_profile_free(p);
}

static void
test_plain_timestamps(void **state)
{
	struct fg_profile *p = get("plain");
	struct fg_line_info li;
	const char *line;

	(void)state;
	line = "[00:01:02] Moderator: Hi";
	li = scan(p, line);
	assert_int_equal(li.kind, FG_LINE_SPEAKER);
	assert_int_equal(li.has_ts, 1);
	assert_int_equal(li.ts_off, 1);
	assert_int_equal(li.ts_len, 8);
	assert_int_equal(li.label_off, 11);
	assert_int_equal(li.label_len, 9);
	assert_int_equal(li.text_off, 22);
	line = "  [00:10:00]  ";
	li = scan(p, line);
	assert_int_equal(li.kind, FG_LINE_TIMESTAMP);
	assert_int_equal(li.ts_off, 3);
	assert_int_equal(li.ts_len, 8);
	/* a prefix without a label: plain text, no timestamp */
	li = scan(p, "[00:01] and then silence");
	assert_int_equal(li.kind, FG_LINE_TEXT);
	assert_int_equal(li.has_ts, 0);
	/* an unbracketed time is no timestamp */
	expect_kind(p, "10:30", FG_LINE_TEXT);
	fg_profile_free(p);
}

static void
test_markdown(void **state)
{
	struct fg_profile *p = get("markdown");

	(void)state;
	expect_speaker(p, "**P07:** About *six* years.", "P07", 9);
	expect_speaker(p, "**Interviewer:** How long", "Interviewer", 17);
	expect_speaker(p, "**P07**: About", "P07", 9);
	expect_speaker(p, "__P07:__ About", "P07", 9);
	expect_speaker(p, "__Ana M.__ : x", "Ana M.", 13);
	expect_speaker(p, "P07: plain still works", "P07", 5);
	expect_kind(p, "**P07:__ mixed", FG_LINE_TEXT);
	expect_kind(p, "# Interview 07", FG_LINE_SKIP);
	expect_kind(p, "###### deep", FG_LINE_SKIP);
	expect_kind(p, "#", FG_LINE_SKIP);
	expect_kind(p, "#hashtag: no heading", FG_LINE_TEXT);
	expect_kind(p, "####### seven is no heading", FG_LINE_TEXT);
	fg_profile_free(p);
}

static void
test_spacelog(void **state)
{
	struct fg_profile *p = get("spacelog");
	struct fg_line_info li;

	(void)state;
	li = scan(p, "[-00:01:57:00]");
	assert_int_equal(li.kind, FG_LINE_TIMESTAMP);
	assert_int_equal(li.ts_off, 1);
	assert_int_equal(li.ts_len, 12);
	li = scan(p, "[00:00:28:53]");
	assert_int_equal(li.kind, FG_LINE_TIMESTAMP);
	assert_int_equal(li.ts_len, 11);
	expect_kind(p, "[00:00:28:53] trailing", FG_LINE_TEXT);
	expect_kind(p, "_lang: ru", FG_LINE_SKIP);
	expect_kind(p, "_page : 1", FG_LINE_SKIP);
	expect_kind(p, "# next two lines editorially moved back", FG_LINE_SKIP);
	expect_kind(p, "_comment: Кедр: (ответа не последовало).",
	    FG_LINE_NOTE);
	expect_kind(p, "_note: Gagarin lands", FG_LINE_NOTE);
	expect_kind(p, "_comments: not a note key", FG_LINE_SKIP);
	/* Spacelog labels need a space (or the line end) after the colon */
	expect_kind(p, "Кедр:… огни", FG_LINE_TEXT);
	expect_speaker(p, "Кедр: огни", "Кедр", strlen("Кедр: "));
	expect_speaker(p, "Кедр:", "Кедр", strlen("Кедр:"));
	expect_speaker(p, "Заря 1 (Каманин): Слышу", "Заря 1 (Каманин)",
	    strlen("Заря 1 (Каманин): "));
	expect_speaker(p, "CMP / LMP: Okay.", "CMP / LMP", 11);
	expect_speaker(p, "LMP: (Singing) Okay", "LMP", 5);
	expect_kind(p, "https://example.org", FG_LINE_TEXT);
	fg_profile_free(p);
}

static void
test_yaml_profile(void **state)
{
	char path[64];
	struct fg_profile *p = NULL;
	struct fg_line_info li;
	struct fg_error err;

	(void)state;
	write_tmp(path,
	    "# a transcript exported as \"[mm:ss] NAME > text\"\n"
	    "name: arrows\n"
	    "description: test profile\n"
	    "speaker: '(?<speaker>[A-Z][A-Za-z]*)\\h*>\\h*'\n"
	    "timestamp: '=== (?<ts>\\d+) ==='\n"
	    "timestamp_prefix: '\\[(?<ts>\\d\\d:\\d\\d)\\]\\h*'\n"
	    "skip:\n"
	    "  - '^//'\n"
	    "  - '^\\(inaudible\\)$'\n"
	    "note: '^NB '\n");
	fg_error_clear(&err);
	assert_int_equal(fg_profile_get(path, &p, &err), FG_OK);
	assert_string_equal(fg_profile_name(p), "arrows");
	li = scan(p, "[01:02] ANA > hello");
	assert_int_equal(li.kind, FG_LINE_SPEAKER);
	assert_int_equal(li.ts_off, 1);
	assert_int_equal(li.ts_len, 5);
	assert_int_equal(li.label_off, 8);
	assert_int_equal(li.label_len, 3);
	assert_int_equal(li.text_off, 14);
	expect_speaker(p, "Bo> hi", "Bo", 4);
	li = scan(p, "=== 12 ===");
	assert_int_equal(li.kind, FG_LINE_TIMESTAMP);
	assert_int_equal(li.ts_off, 4);
	assert_int_equal(li.ts_len, 2);
	/* the timestamp line pattern is anchored at both ends */
	expect_kind(p, "=== 12 === more", FG_LINE_TEXT);
	expect_kind(p, "// comment", FG_LINE_SKIP);
	expect_kind(p, "(inaudible)", FG_LINE_SKIP);
	expect_kind(p, "NB the tape skips", FG_LINE_NOTE);
	expect_kind(p, "ana > lower case is no label", FG_LINE_TEXT);
	fg_profile_free(p);
	unlink(path);

	/* without name: the file's base name */
	write_tmp(path, "speaker: '(?<speaker>\\w+):\\h*'\n");
	assert_int_equal(fg_profile_get(path, &p, &err), FG_OK);
	assert_string_equal(fg_profile_name(p), strrchr(path, '/') + 1);
	fg_profile_free(p);
	unlink(path);
}

/* Load a YAML profile that must fail with status, at line:col, with a
 * message containing what. */
static void
expect_bad(const char *yaml, enum fg_status status, int line, int col,
    const char *what)
{
	char path[64];
	struct fg_profile *p = NULL;
	struct fg_error err;

	write_tmp(path, yaml);
	fg_error_clear(&err);
	assert_int_equal(fg_profile_get(path, &p, &err), status);
	assert_null(p);
	if (strstr(err.msg, what) == NULL)
		fail_msg("message '%s' lacks '%s'", err.msg, what);
	assert_string_equal(err.file, path);
	assert_int_equal(err.line, line);
	assert_int_equal(err.col, col);
	unlink(path);
}

static void
test_yaml_errors(void **state)
{
	(void)state;
	/* a bad regex: at the pattern's line and column, PCRE2's words */
	expect_bad("name: broken\n"
	    "speaker: '(?<speaker>\\w+):'\n"
	    "skip:\n"
	    "  - '^#'\n"
	    "  - '^(unclosed'\n", FG_INPUT, 5, 5,
	    "missing closing parenthesis");
	expect_bad("speaker: \"(?<speaker>[a-z+:\"\n", FG_INPUT, 1, 10,
	    "missing terminating ]");
	/* an unknown key: at the key */
	expect_bad("name: x\n"
	    "speaker: '(?<speaker>\\w+):'\n"
	    "speakers: [a, b]\n", FG_INPUT, 3, 1, "unknown key 'speakers'");
	/* the speaker pattern is required and needs its group */
	expect_bad("name: x\n", FG_INPUT, 1, 1, "no 'speaker'");
	expect_bad("name: x\nspeaker: '(\\w+):'\n", FG_INPUT, 2, 10,
	    "(?<speaker>");
	expect_bad("speaker: '(?<speaker>\\w+):'\ntimestamp: '\\d+'\n",
	    FG_INPUT, 2, 12, "(?<ts>");
	expect_bad("speaker: '(?<speaker>\\w+):'\nskip: {a: b}\n", FG_INPUT,
	    2, 7, "list");
	expect_bad("speaker:\n", FG_INPUT, 1, 9, "expected a pattern");
	expect_bad("- just a list\n", FG_INPUT, 1, 1, "mapping");
	/* YAML syntax errors come from yamldoc, with the position */
	expect_bad("speaker: [unclosed\n", FG_INPUT, 2, 1, "YAML");
}

/* (a+)+$ on 30 a's and a b: catastrophic backtracking must end at the
 * match limit with an error naming the pattern, quickly. */
static void
test_match_limit(void **state)
{
	char path[64], line[64];
	struct fg_profile *p = NULL;
	struct fg_profile_scanner *s = NULL;
	struct fg_line_info li;
	struct fg_error err;
	struct timespec t0, t1;
	double secs;

	(void)state;
	write_tmp(path, "speaker: '(?<speaker>\\w+):\\h*'\n"
	    "skip: ['(a+)+$']\n");
	fg_error_clear(&err);
	assert_int_equal(fg_profile_get(path, &p, &err), FG_OK);
	assert_int_equal(fg_profile_scanner_new(p, &s, &err), FG_OK);
	memset(line, 'a', 30);
	strcpy(line + 30, "b");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(fg_profile_scan_line(s, line, strlen(line), "x.txt",
	    7, &li, &err), FG_INPUT);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(secs < 5.0);
	assert_string_equal(err.file, "x.txt");
	assert_int_equal(err.line, 7);
	assert_non_null(strstr(err.msg, "'(a+)+$'"));
	assert_non_null(strstr(err.msg, "match limit"));
	assert_non_null(strstr(err.msg, "skip"));
	/* the scanner still works afterwards */
	assert_int_equal(fg_profile_scan_line(s, "aaa", 3, "x.txt", 8, &li,
	    &err), FG_OK);
	assert_int_equal(li.kind, FG_LINE_SKIP);
	assert_int_equal(fg_profile_scan_line(s, "Bo: hi", 6, "x.txt", 9,
	    &li, &err), FG_OK);
	assert_int_equal(li.kind, FG_LINE_SPEAKER);
	fg_profile_scanner_free(s);
	fg_profile_free(p);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtins),
		cmocka_unit_test(test_plain_labels),
		cmocka_unit_test(test_label_length),
		cmocka_unit_test(test_plain_timestamps),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_spacelog),
		cmocka_unit_test(test_yaml_profile),
		cmocka_unit_test(test_yaml_errors),
		cmocka_unit_test(test_match_limit),
	};
	return cmocka_run_group_tests_name("profile", tests, NULL, NULL);
}
