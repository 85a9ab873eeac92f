/* test-source.c - unit tests of core/source: importing transcripts (rows
 * checked by SQL), normalisation records, front matter and --set, group
 * and participant linking, dedupe, rollback, errors, listings. */
#include "config.h"

#include "unit.h"

#include "core/roster.h"
#include "core/source.h"
#include "core/utf8.h"

static long long
int_query(struct fg_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db->db));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The first column of the first row, "(null)" or "(none)" (static). */
static const char *
str_query(struct fg_db *db, const char *sql)
{
	static char buf[4096];
	sqlite3_stmt *st;
	const unsigned char *s;

	if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db->db));
	strcpy(buf, "(none)");
	if (sqlite3_step(st) == SQLITE_ROW) {
		s = sqlite3_column_text(st, 0);
		snprintf(buf, sizeof buf, "%s", s ? (const char *)s : "(null)");
	}
	sqlite3_finalize(st);
	return buf;
}

/* Import bytes as file "path" in a transaction of its own; returns the
 * status (committed on success, rolled back otherwise). */
static enum fg_status
import_bytes(struct fg_db *db, const struct fg_import_opts *o,
    const char *path, const char *data, size_t len,
    struct fg_import_report *rep, struct fg_error *err)
{
	struct fg_importer *imp;
	enum fg_status s;

	fg_error_clear(err);
	memset(rep, 0, sizeof *rep);
	if ((s = fg_importer_new(db, o, &imp, err)) != FG_OK)
		return s;
	if ((s = fg_db_begin(db, err)) == FG_OK) {
		s = fg_importer_add_bytes(imp, path, data, len, rep, err);
		if (s == FG_OK)
			s = fg_db_commit(db, err);
		else
			fg_db_rollback(db);
	}
	fg_importer_free(imp);
	return s;
}

static enum fg_status
import_str(struct fg_db *db, const struct fg_import_opts *o,
    const char *path, const char *text, struct fg_import_report *rep,
    struct fg_error *err)
{
	return import_bytes(db, o, path, text, strlen(text), rep, err);
}

static void
load_roster(struct fg_db *db)
{
	struct fg_error err;

	fg_error_clear(&err);
	if (fg_roster_import(db, unit_fixture("roster.yaml"), NULL, NULL,
	    &err) != FG_OK)
		fail_msg("roster: %s", err.msg);
}

/* The fixture fg03-aktau.txt against the fixture roster. */
static void
test_fixture_transcript(void **state)
{
	static const struct fg_import_opts o = { .coder = "ana" };
	const char *path = unit_fixture("transcripts/fg03-aktau.txt");
	char dbp[64];
	struct fg_db *db = unit_db_open(dbp);
	struct fg_import_report *reps;
	struct fg_error err;
	size_t i, moderator = 0;

	(void)state;
	load_roster(db);
	fg_error_clear(&err);
	if (fg_source_import(db, &path, 1, &o, &reps, &err) != FG_OK)
		fail_msg("%s:%d:%d: %s", err.file, err.line, err.col, err.msg);
	assert_false(reps[0].skipped);
	assert_int_equal(reps[0].source_id, 1);
	assert_string_equal(reps[0].name, "fg03-aktau.txt");
	assert_string_equal(reps[0].fg, "3");
	assert_false(reps[0].group_created);
	assert_string_equal(reps[0].profile, "plain");
	/* 37 lines of the body start with "Moderator:" or a participant id
	 * and a colon (counted with grep); Moderator has 10 of them. */
	assert_int_equal(reps[0].nturns, 37);
	assert_int_equal(reps[0].nspeakers, 6);
	assert_int_equal(reps[0].nparticipants, 5);
	assert_string_equal(reps[0].declared_by,
	    "facilitator and participants");
	for (i = 0; i < reps[0].nspeakers; i++)
		if (strcmp(reps[0].speakers[i].name, "Moderator") == 0) {
			moderator = reps[0].speakers[i].turns;
			assert_null(reps[0].speakers[i].pid);
		} else
			assert_string_equal(reps[0].speakers[i].pid,
			    reps[0].speakers[i].name);
	assert_int_equal(moderator, 10);
	fg_import_report_free(&reps[0]);
	free(reps);

	assert_int_equal(int_query(db, "SELECT count(*) FROM turn"), 37);
	assert_int_equal(int_query(db, "SELECT count(*) FROM turn WHERE "
	    "participant_id IS NULL"), 10);
	assert_int_equal(int_query(db, "SELECT min(seq) || max(seq) FROM "
	    "turn"), 137);
	/* the group is the roster's row 3, its 5 participants now known */
	assert_string_equal(str_query(db, "SELECT g.fg || '|' || g.city || "
	    "'|' || coalesce(g.facilitator, '') FROM source s JOIN "
	    "focus_group g ON g.id = s.group_id"), "3|Aktau|Moderator");
	assert_int_equal(int_query(db, "SELECT count(*) FROM focus_group"),
	    26);
	assert_int_equal(int_query(db, "SELECT count(*) FROM participant p "
	    "JOIN focus_group g ON g.id = p.group_id WHERE g.fg = '3'"), 5);
	assert_string_equal(str_query(db, "SELECT gender || age || "
	    "profession FROM participant WHERE pid = 'Saule'"),
	    "female37banking employee");
	assert_string_equal(str_query(db, "SELECT value FROM participant_attr "
	    "a JOIN participant p ON p.id = a.participant_id WHERE "
	    "p.pid = 'Saule' AND a.key = 'marital_status'"), "married");
	/* source row */
	assert_string_equal(str_query(db, "SELECT name || '|' || encoding || "
	    "'|' || had_bom || crlf_count || cr_count || '|' || "
	    "imported_by || '|' || imported_at || '|' || language FROM "
	    "source"), "fg03-aktau.txt|utf-8|000|ana|2026-01-01T00:00:00Z|ru");
	assert_int_equal(int_query(db, "SELECT length(text) = n_cp AND "
	    "length(CAST(text AS BLOB)) = n_bytes FROM source"), 1);
	assert_int_equal(int_query(db, "SELECT front_matter LIKE 'fg: 3%' "
	    "FROM source"), 1);
	/* every turn's range holds text, its label excluded */
	assert_int_equal(int_query(db, "SELECT count(*) FROM turn t JOIN "
	    "source s ON s.id = t.source_id WHERE end_cp <= start_cp OR "
	    "substr(s.text, start_cp + 1, 1) = ':'"), 0);
	assert_string_equal(str_query(db, "SELECT value FROM source_attr "
	    "WHERE key = 'setting'"),
	    "terrace of a cafe on the embankment, after work");
	assert_string_equal(str_query(db, "SELECT value FROM source_attr "
	    "WHERE key = 'fg'"), "3");
	assert_int_equal(int_query(db, "SELECT count(*) FROM source_attr "
	    "WHERE key IN ('participants', 'speakers')"), 0);
	unit_db_close(db, dbp);
}

/* BOM + CRLF, front matter lines, offsets and a new group. */
static void
test_bom_crlf_offsets(void **state)
{
	static const char text[] = "\xEF\xBB\xBF---\r\nfg: 5\r\ncity: Aktau\r\n"
	    "---\r\nA: hi\r\nB: y\xC3\xB6\r\n  more\r\n";
	static const struct fg_import_opts o = { .coder = "t" };
	char dbp[64];
	struct fg_db *db = unit_db_open(dbp);
	struct fg_import_report rep;
	struct fg_error err;

	(void)state;
	assert_int_equal(import_str(db, &o, "dir/x.txt", text, &rep, &err),
	    FG_OK);
	assert_true(rep.had_bom);
	assert_int_equal(rep.crlf, 7);
	assert_int_equal(rep.cr, 0);
	assert_true(rep.group_created);
	assert_null(rep.declared_by);
	fg_import_report_free(&rep);
	/* stored text: "A: hi\nB: yö\n  more\n" = 19 cp, 20 bytes */
	assert_string_equal(str_query(db, "SELECT name || '|' || path || '|' "
	    "|| had_bom || '|' || crlf_count || '|' || body_line || '|' || "
	    "n_cp || '|' || n_bytes FROM source"), "x.txt|dir/x.txt|1|7|5|19|20");
	assert_string_equal(str_query(db, "SELECT text FROM source"),
	    "A: hi\nB: y\xC3\xB6\n  more\n");
	assert_string_equal(str_query(db, "SELECT front_matter FROM source"),
	    "fg: 5\ncity: Aktau\n");
	/* turn 1 "hi" at cp [3,5); turn 2 "yö\n  more" at cp [9,18),
	 * bytes [9,19), lines 6-7 of the file */
	assert_string_equal(str_query(db, "SELECT group_concat(speaker || ':' "
	    "|| start_cp || '-' || end_cp || ':' || start_b || '-' || end_b "
	    "|| ':' || line_start || '-' || line_end, ' ') FROM (SELECT * "
	    "FROM turn ORDER BY seq)"), "A:3-5:3-5:5-5 B:9-18:9-19:6-7");
	assert_string_equal(str_query(db, "SELECT substr(s.text, t.start_cp + "
	    "1, t.end_cp - t.start_cp) FROM turn t JOIN source s ON "
	    "s.id = t.source_id WHERE seq = 2"), "y\xC3\xB6\n  more");
	assert_string_equal(str_query(db, "SELECT fg || city || "
	    "coalesce(size, 'none') FROM focus_group"), "5Aktaunone");
	assert_int_equal(int_query(db, "SELECT count(*) FROM source_attr"), 2);
	unit_db_close(db, dbp);
}

/* The same bytes twice: skipped, not duplicated; also within one call. */
static void
test_dedupe(void **state)
{
	static const struct fg_import_opts o = { .coder = "t" };
	const char *paths[2];
	char dbp[64], f1[64], f2[64];
	struct fg_db *db = unit_db_open(dbp);
	struct fg_import_report rep, *reps;
	struct fg_error err;
	FILE *f;
	int fd;

	(void)state;
	assert_int_equal(import_str(db, &o, "a.txt", "A: one\nB: two\n", &rep,
	    &err), FG_OK);
	assert_false(rep.skipped);
	fg_import_report_free(&rep);
	assert_int_equal(import_str(db, &o, "renamed.txt", "A: one\nB: two\n",
	    &rep, &err), FG_OK);
	assert_true(rep.skipped);
	assert_int_equal(rep.source_id, 1);
	fg_import_report_free(&rep);
	assert_int_equal(int_query(db, "SELECT count(*) FROM source"), 1);
	assert_int_equal(int_query(db, "SELECT count(*) FROM turn"), 2);

	/* two copies of a new file in one command: the second is skipped */
	strcpy(f1, "/tmp/fgcode-src-XXXXXX");
	strcpy(f2, "/tmp/fgcode-src-XXXXXX");
	fd = mkstemp(f1);
	f = fdopen(fd, "w");
	fputs("C: three\n", f);
	fclose(f);
	fd = mkstemp(f2);
	f = fdopen(fd, "w");
	fputs("C: three\n", f);
	fclose(f);
	paths[0] = f1;
	paths[1] = f2;
	fg_error_clear(&err);
	assert_int_equal(fg_source_import(db, paths, 2, &o, &reps, &err),
	    FG_OK);
	assert_false(reps[0].skipped);
	assert_true(reps[1].skipped);
	assert_int_equal(reps[1].source_id, reps[0].source_id);
	fg_import_report_free(&reps[0]);
	fg_import_report_free(&reps[1]);
	free(reps);
	assert_int_equal(int_query(db, "SELECT count(*) FROM source"), 2);
	unlink(f1);
	unlink(f2);
	unit_db_close(db, dbp);
}

/* A failing file among several writes nothing at all. */
static void
test_rollback(void **state)
{
	static const struct fg_import_opts o = { .coder = "t" };
	const char *paths[3];
	char dbp[64];
	struct fg_db *db = unit_db_open(dbp);
	struct fg_import_report *reps = (void *)1;
	struct fg_error err;

	(void)state;
	paths[0] = unit_fixture("transcripts/fg03-aktau.txt");
	paths[1] = unit_fixture("transcripts/fg06-almaty.txt");
	paths[2] = unit_fixture("broken/transcript-bad-front-matter.txt");
	fg_error_clear(&err);
	assert_int_equal(fg_source_import(db, paths, 3, &o, &reps, &err),
	    FG_INPUT);
	assert_null(reps);
	/* fixtures/README.md: reported at 5:16 */
	assert_non_null(strstr(err.file, "transcript-bad-front-matter.txt"));
	assert_int_equal(err.line, 5);
	assert_int_equal(err.col, 16);
	assert_int_equal(int_query(db, "SELECT count(*) FROM source"), 0);
	assert_int_equal(int_query(db, "SELECT count(*) FROM turn"), 0);
	assert_int_equal(int_query(db, "SELECT count(*) FROM focus_group"), 0);
	assert_int_equal(int_query(db, "SELECT count(*) FROM participant"), 0);
	/* unclosed front matter: 1:1 */
	paths[0] = unit_fixture("broken/transcript-unclosed-front-matter.txt");
	assert_int_equal(fg_source_import(db, paths, 1, &o, &reps, &err),
	    FG_INPUT);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.col, 1);
	/* a missing file */
	paths[0] = "/nonexistent/t.txt";
	assert_int_equal(fg_source_import(db, paths, 1, &o, &reps, &err),
	    FG_IO);
	assert_int_equal(int_query(db, "SELECT count(*) FROM source"), 0);
	unit_db_close(db, dbp);
}

/* --set: overrides, adds keys, works without front matter, and its
 * values are checked against the roster like any other. */
static void
test_set_overrides(void **state)
{
	static const char *const sets1[] = { "fg=3", "site=depot" };
	static const char *const sets2[] = { "city=Almaty" };
	static const char *const sets3[] = { "date=2019-07-20",
	    "facilitator=Dana" };
	struct fg_import_opts o = { .coder = "t" };
	char dbp[64];
	struct fg_db *db = unit_db_open(dbp);
	struct fg_import_report rep;
	struct fg_error err;

	(void)state;
	load_roster(db);
	o.sets = sets1;
	o.nsets = 2;
	assert_int_equal(import_str(db, &o, "n.txt", "Moderator: hello\n",
	    &rep, &err), FG_OK);
	assert_string_equal(rep.fg, "3");
	fg_import_report_free(&rep);
	assert_string_equal(str_query(db, "SELECT g.fg FROM source s JOIN "
	    "focus_group g ON g.id = s.group_id"), "3");
	assert_string_equal(str_query(db, "SELECT group_concat(key || '=' || "
	    "value, ',') FROM (SELECT * FROM source_attr ORDER BY key)"),
	    "fg=3,site=depot");
	assert_string_equal(str_query(db, "SELECT coalesce(front_matter, "
	    "'none') FROM source"), "none");

	/* overriding a conflicting value: the --set value is checked */
	o.sets = sets2;
	o.nsets = 1;
	assert_int_equal(import_str(db, &o, "m.txt", "---\nfg: 3\n---\n"
	    "A: x\n", &rep, &err), FG_INPUT);
	fg_import_report_free(&rep);
	assert_string_equal(err.file, "m.txt");
	assert_int_equal(err.line, 0);
	assert_non_null(strstr(err.msg, "city 'Almaty' (from --set) "
	    "contradicts the roster, which has 'Aktau' for group 3"));

	/* overriding the file's own value; filling the roster's empty
	 * facilitator */
	o.sets = sets3;
	o.nsets = 2;
	assert_int_equal(import_str(db, &o, "k.txt", "---\nfg: 3\n"
	    "date: 1999-01-01\n---\nA: x\n", &rep, &err), FG_OK);
	fg_import_report_free(&rep);
	assert_string_equal(str_query(db, "SELECT value FROM source_attr a "
	    "JOIN source s ON s.id = a.source_id WHERE s.name = 'k.txt' AND "
	    "key = 'date'"), "2019-07-20");
	/* the verbatim front matter keeps what the file says */
	assert_string_equal(str_query(db, "SELECT front_matter FROM source "
	    "WHERE name = 'k.txt'"), "fg: 3\ndate: 1999-01-01\n");
	assert_string_equal(str_query(db, "SELECT facilitator FROM "
	    "focus_group WHERE fg = '3'"), "Dana");
	assert_int_equal(int_query(db, "SELECT count(*) FROM focus_group"),
	    26);

	/* malformed --set and list keys are usage errors */
	{
		static const char *const bad1[] = { "noequals" };
		static const char *const bad2[] = { "participants=x" };
		struct fg_importer *imp = NULL;

		o.sets = bad1;
		o.nsets = 1;
		assert_int_equal(fg_importer_new(db, &o, &imp, &err),
		    FG_USAGE);
		o.sets = bad2;
		assert_int_equal(fg_importer_new(db, &o, &imp, &err),
		    FG_USAGE);
		assert_null(imp);
	}
	unit_db_close(db, dbp);
}

/* Front-matter values contradicting the roster, and other front-matter
 * errors, at the line:col of the file. */
static void
test_front_matter_errors(void **state)
{
	static const struct {
		const char *text;
		int line, col;
		const char *msg;
	} cases[] = {
		{ "---\nfg: 3\ncity: Almaty\n---\nA: x\n", 3, 7,
		    "city 'Almaty' contradicts the roster, which has 'Aktau' "
		    "for group 3" },
		{ "---\nfg: 6\ndate: 2019-06-18\n---\n", 3, 7,
		    "date '2019-06-18' contradicts" },
		{ "---\nfg: 3\nparticipants:\n  - id: A\n    age: ten\n---\n",
		    5, 10, "'age' must be a whole number" },
		{ "---\nparticipants:\n  - gender: f\n---\n", 3, 5,
		    "participant without 'id'" },
		{ "---\nparticipants:\n  - id: A\n  - id: A\n---\n", 4, 9,
		    "participant 'A' is listed twice (first at line 3)" },
		{ "---\nparticipants: A\n---\n", 2, 15, "must be a list" },
		{ "---\nspeakers: [A, [B]]\n---\n", 2, 15, "a speaker must be "
		    "a name" },
		{ "---\ncity: [a, b]\n---\n", 2, 7, "'city' must be a single "
		    "value" },
		{ "---\n- a\n---\n", 2, 1, "must be a mapping" },
		{ "Ab\xE9" "c\n", 1, 3, "invalid UTF-8: byte 0xE9 at byte offset "
		    "2; re-run with --encoding windows-1252 if the file is not "
		    "UTF-8" },
		{ "A: x\n\nB: \xF0\x9F\x98\n", 3, 4, "invalid UTF-8: byte 0xF0 "
		    "at byte offset 9;" },
		{ "\xFF\xFE" "A\0:\0", 1, 1, "UTF-16LE" },
	};
	static const struct fg_import_opts o = { .coder = "t" };
	char dbp[64];
	struct fg_db *db = unit_db_open(dbp);
	struct fg_import_report rep;
	struct fg_error err;
	size_t i;

	(void)state;
	load_roster(db);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(import_str(db, &o, "e.txt", cases[i].text,
		    &rep, &err), FG_INPUT);
		fg_import_report_free(&rep);
		if (strcmp(err.file, "e.txt") != 0 ||
		    err.line != cases[i].line || err.col != cases[i].col ||
		    strstr(err.msg, cases[i].msg) == NULL)
			fail_msg("case %zu: got %s:%d:%d: %s", i, err.file,
			    err.line, err.col, err.msg);
		assert_int_equal(int_query(db, "SELECT count(*) FROM source"),
		    0);
		assert_int_equal(int_query(db, "SELECT count(*) FROM "
		    "participant"), 0);
	}
	/* a NUL byte */
	assert_int_equal(import_bytes(db, &o, "z.txt", "A: x\0y\n", 7, &rep,
	    &err), FG_INPUT);
	fg_import_report_free(&rep);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.col, 5);
	/* an unknown profile names the built-ins */
	{
		struct fg_import_opts p = { .profile = "no-such-profile" };
		struct fg_importer *imp = NULL;

		assert_int_equal(fg_importer_new(db, &p, &imp, &err),
		    FG_INPUT);
		assert_null(imp);
		assert_non_null(strstr(err.msg, "plain"));
		assert_non_null(strstr(err.msg, "spacelog"));
	}
	unit_db_close(db, dbp);
}

/* Participants without a group, case-insensitive matching, encodings,
 * declared speakers. */
static void
test_speakers_and_participants(void **state)
{
	static const char *const spk[] = { "Mod" };
	struct fg_import_opts o = { .coder = "t" };
	char dbp[64];
	struct fg_db *db = unit_db_open(dbp);
	struct fg_import_report rep;
	struct fg_table *t;
	struct fg_error err;

	(void)state;
	/* no fg: participants get a NULL group; no facilitator, so any
	 * label starts a turn; "ӘЙГЕРІМ" matches "Әйгерім" ignoring case */
	assert_int_equal(import_str(db, &o, "p.txt", "---\nparticipants:\n"
	    "  - id: Әйгерім\n    age: 30\n  - id: Bo\n---\n"
	    "Mod: q?\nӘЙГЕРІМ: a\nbo: b\nBo: c\nMod: q2\n", &rep, &err),
	    FG_OK);
	assert_null(rep.fg);
	assert_null(rep.declared_by);
	assert_int_equal(rep.nspeakers, 4);
	assert_string_equal(rep.speakers[1].name, "ӘЙГЕРІМ");
	assert_string_equal(rep.speakers[1].pid, "Әйгерім");
	assert_string_equal(rep.speakers[2].name, "bo");
	assert_string_equal(rep.speakers[2].pid, "Bo");
	assert_null(rep.speakers[0].pid);
	fg_import_report_free(&rep);
	assert_int_equal(int_query(db, "SELECT count(*) FROM participant "
	    "WHERE group_id IS NULL"), 2);
	assert_int_equal(int_query(db, "SELECT count(*) FROM turn t JOIN "
	    "participant p ON p.id = t.participant_id WHERE p.pid = 'Bo'"), 2);
	assert_int_equal(fg_source_speakers(db, 1, &t, &err), FG_OK);
	assert_int_equal(t->nrows, 4);
	assert_string_equal(fg_table_cell(t, 0, 0), "Mod");
	assert_null(fg_table_cell(t, 0, 1));
	assert_string_equal(fg_table_cell(t, 0, 2), "2");
	assert_string_equal(fg_table_cell(t, 1, 1), "Әйгерім");
	assert_string_equal(fg_table_cell(t, 3, 0), "Bo");
	fg_table_free(t);

	/* declared by option: other labels are continuation lines */
	o.speakers = spk;
	o.nspeakers = 1;
	assert_int_equal(import_str(db, &o, "d.txt", "Mod: q?\nX: a\nMod: b\n",
	    &rep, &err), FG_OK);
	assert_string_equal(rep.declared_by, "--speaker");
	assert_int_equal(rep.nturns, 2);
	fg_import_report_free(&rep);

	/* facilitator + participants declare the speakers */
	o.nspeakers = 0;
	assert_int_equal(import_str(db, &o, "f.txt", "---\nfacilitator: Mod\n"
	    "participants:\n  - id: Bo\n---\nMod: q?\nBo: a\nAunt: \"...\"\n"
	    "Mod: b\n", &rep, &err), FG_OK);
	assert_string_equal(rep.declared_by, "facilitator and participants");
	assert_int_equal(rep.ndeclared, 2);
	assert_int_equal(rep.nturns, 3);
	fg_import_report_free(&rep);

	/* windows-1252: 0xE9 = é, 0x80 = € */
	o.encoding = "windows-1252";
	assert_int_equal(import_str(db, &o, "w.txt", "A: caf\xE9 \x80" "2\r\n",
	    &rep, &err), FG_OK);
	assert_string_equal(rep.encoding, "windows-1252");
	fg_import_report_free(&rep);
	assert_string_equal(str_query(db, "SELECT text || encoding || "
	    "crlf_count FROM source WHERE name = 'w.txt'"),
	    "A: caf\xC3\xA9 \xE2\x82\xAC" "2\nwindows-12521");
	o.encoding = "no-such-encoding";
	assert_int_equal(import_str(db, &o, "v.txt", "A: x\n", &rep, &err),
	    FG_INPUT);
	fg_import_report_free(&rep);
	unit_db_close(db, dbp);
}

/* Spacelog: time stamps on turns, _comment lines as notes; the markdown
 * profile by file name; lists in front matter as JSON. */
static void
test_profiles_and_notes(void **state)
{
	struct fg_import_opts o = { .coder = "t", .profile = "spacelog" };
	char dbp[64];
	struct fg_db *db = unit_db_open(dbp);
	struct fg_import_report rep;
	struct fg_table *t;
	struct fg_error err;

	(void)state;
	assert_int_equal(import_str(db, &o, "MAIN", "[-00:01:57:00]\n"
	    "_lang: ru\nКедр: Как слышите?\n\nЗаря: Слышу.\n"
	    "_comment: (дважды).\n\n[00:00:10:00]\nКедр: Поехали!\n", &rep,
	    &err), FG_OK);
	assert_string_equal(rep.profile, "spacelog");
	assert_int_equal(rep.nturns, 3);
	assert_int_equal(rep.nnotes, 1);
	fg_import_report_free(&rep);
	assert_string_equal(str_query(db, "SELECT group_concat(seq || speaker "
	    "|| coalesce(timestamp, '-'), ' ') FROM (SELECT * FROM turn "
	    "ORDER BY seq)"),
	    "1Кедр-00:01:57:00 2Заря-00:01:57:00 3Кедр00:00:10:00");
	assert_string_equal(str_query(db, "SELECT t.seq || '|' || n.line || "
	    "'|' || n.text FROM turn_note n JOIN turn t ON t.id = n.turn_id"),
	    "2|6|_comment: (дважды).");

	o.profile = NULL;
	assert_int_equal(import_str(db, &o, "x.md", "---\ntags: [a, \"b c\"]\n"
	    "meta:\n  k: v\n---\n# Title\n\n**P1:** Hello.\n\n**P1:** Again.\n",
	    &rep, &err),
	    FG_OK);
	assert_string_equal(rep.profile, "markdown");
	assert_int_equal(rep.nturns, 2);
	assert_int_equal(rep.nwarnings, 1);
	assert_non_null(strstr(rep.warnings[0], "3: front-matter key 'meta' "
	    "holds a mapping"));
	fg_import_report_free(&rep);
	assert_string_equal(str_query(db, "SELECT value FROM source_attr "
	    "WHERE key = 'tags'"), "[\"a\",\"b c\"]");
	assert_int_equal(int_query(db, "SELECT count(*) FROM source_attr "
	    "WHERE key = 'meta'"), 0);

	/* the listing */
	assert_int_equal(fg_source_list(db, 1, &t, &err), FG_OK);
	assert_int_equal(t->nrows, 2);
	assert_int_equal(t->ncols, 13);
	assert_string_equal(t->names[0], "id");
	assert_string_equal(fg_table_cell(t, 0, 1), "MAIN");
	assert_null(fg_table_cell(t, 0, 2));
	assert_string_equal(fg_table_cell(t, 0, 6), "3");
	assert_string_equal(fg_table_cell(t, 0, 7), "2");
	assert_int_equal(strlen(fg_table_cell(t, 0, 12)), 12);
	fg_table_free(t);
	assert_int_equal(fg_source_list(db, 0, &t, &err), FG_OK);
	assert_int_equal(strlen(fg_table_cell(t, 1, 12)), 64);
	fg_table_free(t);
	unit_db_close(db, dbp);
}

/* The import's fast UTF-8 check accepts exactly what fg_utf8_valid()
 * accepts, at every length and boundary. */
static void
test_utf8_check(void **state)
{
	static const struct {
		const char *s;
		size_t n;
	} cases[] = {
		{ "abcdefghijklmnop", 16 },
		{ "abcdefgh\xC3\xA9", 10 },        /* é after 8 ASCII */
		{ "abcdefg\xC3", 8 },               /* truncated at the end */
		{ "\xC0\xAF", 2 },                 /* overlong */
		{ "\xC1\xBF", 2 },
		{ "\xE0\x80\xAF", 3 },             /* overlong 3 */
		{ "\xE0\xA0\x80", 3 },             /* U+0800 */
		{ "\xED\x9F\xBF", 3 },             /* U+D7FF */
		{ "\xED\xA0\x80", 3 },             /* surrogate */
		{ "\xEF\xBF\xBF", 3 },             /* U+FFFF */
		{ "\xF0\x8F\xBF\xBF", 4 },         /* overlong 4 */
		{ "\xF0\x90\x80\x80", 4 },         /* U+10000 */
		{ "\xF4\x8F\xBF\xBF", 4 },         /* U+10FFFF */
		{ "\xF4\x90\x80\x80", 4 },         /* past U+10FFFF */
		{ "\xF5\x80\x80\x80", 4 },
		{ "\xE2\x82", 2 },                  /* truncated 3 */
		{ "\xF0\x9F\x98", 3 },              /* truncated 4 */
		{ "\xE2\x28\xA1", 3 },              /* bad continuation */
		{ "\x80", 1 },                      /* lone continuation */
		{ "\xFF", 1 },
		{ "12345678\xD0\x9A\xD0\xB5\xD0\xB4\xD1\x80: \xF0\x9F\x91\x8D", 22 },
	};
	static const struct fg_import_opts o = { .coder = "t" };
	char dbp[64], buf[64], name[32];
	struct fg_db *db = unit_db_open(dbp);
	struct fg_import_report rep;
	struct fg_error err;
	size_t i, bad;
	int want;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		/* "A: " + case + "\n": a one-turn transcript */
		memcpy(buf, "A: ", 3);
		memcpy(buf + 3, cases[i].s, cases[i].n);
		buf[3 + cases[i].n] = '\n';
		want = fg_utf8_valid(buf, cases[i].n + 4, &bad);
		snprintf(name, sizeof name, "u%zu.txt", i);
		if ((import_bytes(db, &o, name, buf, cases[i].n + 4, &rep,
		    &err) == FG_OK) != want)
			fail_msg("case %zu: fg_utf8_valid says %d, import: %s",
			    i, want, err.msg);
		if (!want && (err.col < 1 || strstr(err.msg, "invalid UTF-8")
		    == NULL))
			fail_msg("case %zu: %d:%d %s", i, err.line, err.col,
			    err.msg);
		fg_import_report_free(&rep);
	}
	unit_db_close(db, dbp);
}

static void
test_char_names(void **state)
{
	(void)state;
	assert_string_equal(fg_char_name(0xA0), "NO-BREAK SPACE");
	assert_string_equal(fg_char_name(0x202F), "NARROW NO-BREAK SPACE");
	assert_string_equal(fg_char_name(0xAD), "SOFT HYPHEN");
	assert_string_equal(fg_char_name(0x200B), "ZERO WIDTH SPACE");
	assert_string_equal(fg_char_name(0xFB01), "LATIN SMALL LIGATURE FI");
	assert_string_equal(fg_char_name(0xFEFF), "ZERO WIDTH NO-BREAK SPACE");
	assert_string_equal(fg_char_name(0x85), "NEXT LINE");
	assert_string_equal(fg_char_name(0x9C), "<control>");
	assert_null(fg_char_name('a'));
	assert_null(fg_char_name(0x4E00));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture_transcript),
		cmocka_unit_test(test_bom_crlf_offsets),
		cmocka_unit_test(test_dedupe),
		cmocka_unit_test(test_rollback),
		cmocka_unit_test(test_set_overrides),
		cmocka_unit_test(test_front_matter_errors),
		cmocka_unit_test(test_speakers_and_participants),
		cmocka_unit_test(test_profiles_and_notes),
		cmocka_unit_test(test_utf8_check),
		cmocka_unit_test(test_char_names),
	};
	return cmocka_run_group_tests_name("source", tests, NULL, NULL);
}
