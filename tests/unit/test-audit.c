/* test-audit.c - unit tests of core/audit: the seed's roster and footnotes
 * (the findings expected were worked out by hand from Table 1 and the
 * footnotes; see fixtures/provenance/seed-footnotes.yaml), a clean project
 * of the fixtures, and the same project tampered with behind fgcode's
 * back in each way the audit must notice, the roster checks on a small
 * roster, read-only opening. */
#include "config.h"

#include "unit.h"

#include <sys/stat.h>

#include "core/audit.h"
#include "core/buf.h"
#include "core/codebook.h"
#include "core/coding.h"
#include "core/hash.h"
#include "core/roster.h"
#include "core/source.h"

static const char *const TRANSCRIPTS[] = { "fg03-aktau.txt",
    "fg06-almaty.txt", "fg10-almaty.txt", "fg12-nur-sultan.txt",
    "fg18-kyzylorda.txt", "fg21-shymkent.txt", "fg22-shymkent.txt" };
#define NTRANSCRIPTS 7

static void
roster(struct fg_db *db, const char *path)
{
	struct fg_error err;

	fg_error_clear(&err);
	if (fg_roster_import(db, path, NULL, NULL, &err) != FG_OK)
		fail_msg("roster %s: %s", path, err.msg);
}

static void
exec_ok(struct fg_db *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db->db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}

static struct fg_audit *
audit(struct fg_db *db, const struct fg_audit_opts *o)
{
	struct fg_audit *a;
	struct fg_error err;

	fg_error_clear(&err);
	if (fg_audit_run(db, o, &a, &err) != FG_OK)
		fail_msg("audit: %s", err.msg);
	return a;
}

/* Findings of check (NULL: any) whose subject and message contain the
 * two strings (NULL: anything). */
static size_t
count(const struct fg_audit *a, const char *check, const char *subject,
    const char *text)
{
	size_t i, n = 0;

	for (i = 0; i < a->n; i++)
		if ((check == NULL || strcmp(a->findings[i].check, check) ==
		    0) && (subject == NULL || strstr(a->findings[i].subject,
		    subject)) && (text == NULL || strstr(a->findings[i].message,
		    text)))
			n++;
	return n;
}

static const struct fg_audit_line *
line_of(const struct fg_audit *a, const char *check)
{
	size_t i;

	for (i = 0; i < a->nlines; i++)
		if (strcmp(a->lines[i].check, check) == 0)
			return &a->lines[i];
	fail_msg("no line %s", check);
	return NULL;
}

static void
dump(const struct fg_audit *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		print_message("# %s | %s | %s\n", a->findings[i].check,
		    a->findings[i].subject, a->findings[i].message);
}

static void
test_seed(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path);
	struct fg_cite_entry *e;
	struct fg_audit *a;
	struct fg_error err;
	size_t n, stored;

	(void)state;
	fg_error_clear(&err);
	roster(db, unit_fixture("roster.yaml"));
	roster(db, unit_fixture("provenance/seed-methods.yaml"));
	assert_int_equal(fg_cite_entries_load(unit_fixture(
	    "provenance/seed-footnotes.yaml"), &e, &n, &err), FG_OK);
	/* footnotes 7-15 and 17-24 */
	assert_int_equal(n, 17);
	assert_string_equal(e[0].label, "footnote 7");
	assert_string_equal(e[16].label, "footnote 24");
	assert_int_equal(fg_audit_citations(db, e, n, &a, &err), FG_OK);
	dump(a);
	assert_int_equal(a->n, 2);
	/* FG 14's ages are 22, 24, 38, 39, 41, 44: no 26 */
	assert_int_equal(count(a, "citations", "footnote 8", "FG 14 has no "
	    "male participant aged 26"), 1);
	/* FG 3 lists three 26s; footnote 22 cites three women aged 26 and
	 * footnote 24 a man aged 26: four people */
	assert_int_equal(count(a, "citations", "footnote 22 + footnote 24",
	    "together they cite 4 different participants aged 26 from FG 3"),
	    1);
	fg_audit_free(a);
	/* stored, they are what the full audit checks */
	assert_int_equal(fg_db_begin(db, &err), FG_OK);
	assert_int_equal(fg_cite_entries_store(db, "seed-footnotes.yaml", e, n,
	    &stored, &err), FG_OK);
	assert_int_equal(fg_db_commit(db, &err), FG_OK);
	assert_int_equal(stored, 17);
	fg_cite_entries_free(e, n);
	a = audit(db, NULL);
	dump(a);
	assert_int_equal(count(a, "citations", NULL, NULL), 2);
	/* the roster's own anomalies (its header lists them) */
	assert_int_equal(count(a, "roster", "FG 9", "no number for \"male\""),
	    1);
	assert_int_equal(count(a, "roster", "FG 12", "no comma between 44 and "
	    "60"), 1);
	assert_int_equal(count(a, "roster", "FG 15", "the age 18 lies outside "
	    "the stated age range 19-60"), 1);
	assert_int_equal(count(a, "roster", "FG 16", "the age 18 lies"), 1);
	assert_int_equal(count(a, "roster", "FG 17", "the ages 18 and 18 "
	    "lie"), 1);
	assert_int_equal(count(a, "roster", "roster", "states 113 "
	    "participants in all, its 26 groups add up to 114"), 1);
	assert_int_equal(count(a, "roster", NULL, NULL), 6);
	assert_int_equal(a->n, 8);
	assert_int_equal(line_of(a, "citations")->checked, 17);
	assert_int_equal(line_of(a, "citations")->findings, 2);
	assert_int_equal(line_of(a, "history")->findings, 0);
	assert_int_equal(line_of(a, "state")->findings, 0);
	fg_audit_free(a);
	/* storing the same file again changes nothing */
	assert_int_equal(fg_cite_entries_load(unit_fixture(
	    "provenance/seed-footnotes.yaml"), &e, &n, &err), FG_OK);
	assert_int_equal(fg_db_begin(db, &err), FG_OK);
	assert_int_equal(fg_cite_entries_store(db, "x", e, n, &stored, &err),
	    FG_OK);
	assert_int_equal(fg_db_commit(db, &err), FG_OK);
	assert_int_equal(stored, 0);
	fg_cite_entries_free(e, n);
	unit_db_close(db, path);
}

/* The fixtures: roster, seven transcripts (copied to dir when not NULL),
 * codebook, the 68 codings of codings.yaml. */
static struct fg_db *
fixture_project(char *path, const char *dir)
{
	struct fg_db *db = unit_db_open(path);
	struct fg_coding_report rep = FG_CODING_REPORT_INIT;
	struct fg_import_report *reps;
	struct fg_import_opts io;
	struct fg_codebook *cb;
	struct fg_error err;
	const char *files[NTRANSCRIPTS];
	char names[NTRANSCRIPTS][1200];
	struct fg_buf cmd = FG_BUF_INIT;
	size_t i;

	fg_error_clear(&err);
	roster(db, unit_fixture("roster.yaml"));
	for (i = 0; i < NTRANSCRIPTS; i++) {
		snprintf(names[i], sizeof names[i], "%s/%s", dir ? dir :
		    unit_fixture("transcripts"), TRANSCRIPTS[i]);
		if (dir) {
			fg_buf_reset(&cmd);
			fg_buf_printf(&cmd, "cp '%s/%s' '%s'",
			    unit_fixture("transcripts"), TRANSCRIPTS[i],
			    names[i]);
			assert_int_equal(system(cmd.p), 0);
		}
		files[i] = names[i];
	}
	fg_buf_free(&cmd);
	memset(&io, 0, sizeof io);
	io.coder = "tester";
	if (fg_source_import(db, files, NTRANSCRIPTS, &io, &reps, &err) !=
	    FG_OK)
		fail_msg("import: %s", err.msg);
	for (i = 0; i < NTRANSCRIPTS; i++)
		fg_import_report_free(&reps[i]);
	free(reps);
	assert_int_equal(fg_codebook_load_file(unit_fixture("codebook.yaml"),
	    NULL, &cb, &err), FG_OK);
	assert_int_equal(fg_codebook_import(db, cb, 0, NULL, &err), FG_OK);
	fg_codebook_free(cb);
	if (fg_coding_apply_file(db, unit_fixture("codings.yaml"), NULL,
	    "tester", &rep, &err) != FG_OK)
		fail_msg("codings: %s", err.msg);
	assert_int_equal(rep.added, 68);
	fg_coding_report_free(&rep);
	return db;
}

static void
test_clean(void **state)
{
	char path[64];
	struct fg_db *db = fixture_project(path, NULL);
	struct fg_audit *a = audit(db, NULL);

	(void)state;
	dump(a);
	assert_int_equal(line_of(a, "excerpts")->checked, 68);
	assert_int_equal(line_of(a, "sources")->checked, 7);
	assert_int_equal(line_of(a, "originals")->checked, 7);
	/* 1 roster, 7 imports, 1 codebook, 68 codings */
	assert_int_equal(line_of(a, "history")->checked, 77);
	assert_int_equal(a->head_id, 77);
	assert_int_equal(line_of(a, "state")->checked, 68);
	/* only the roster's anomalies: FG 9, FG 12 and the total (no stated
	 * age range in roster.yaml) */
	assert_int_equal(count(a, "roster", NULL, NULL), 3);
	assert_int_equal(a->n, 3);
	fg_audit_free(a);
	unit_db_close(db, path);
}

/* Tamper with a fresh fixture project by sql; return the audit. */
static struct fg_audit *
tampered(const char *sql, char *path, struct fg_db **dbp)
{
	struct fg_db *db = fixture_project(path, NULL);
	struct fg_audit *a;

	exec_ok(db, sql);
	a = audit(db, NULL);
	dump(a);
	*dbp = db;
	return a;
}

static void
test_tamper(void **state)
{
	char path[64];
	struct fg_db *db;
	struct fg_audit *a;

	(void)state;
	/* an excerpt edited */
	a = tampered("UPDATE coding SET excerpt = 'Nothing worries me.' "
	    "WHERE id = 5", path, &db);
	assert_int_equal(count(a, "excerpts", "coding 5 (Q-", "stored excerpt "
	    "is not the text"), 1);
	assert_int_equal(count(a, "excerpts", "coding 5", "does not hash"), 1);
	assert_int_equal(a->n, 3 + 2);
	fg_audit_free(a);
	unit_db_close(db, path);
	/* a memo forged */
	a = tampered("UPDATE coding SET memo = 'forged' WHERE id = 3", path,
	    &db);
	assert_int_equal(count(a, "state", "coding 3", "memo is \"forged\", "
	    "the history says none"), 1);
	assert_int_equal(a->n, 3 + 1);
	fg_audit_free(a);
	unit_db_close(db, path);
	/* a range moved: the excerpt no longer fits, the state differs */
	a = tampered("UPDATE coding SET start_cp = start_cp + 1, start_b = "
	    "start_b + 1 WHERE id = 2", path, &db);
	assert_int_equal(count(a, "excerpts", "coding 2", NULL), 1);
	assert_int_equal(count(a, "state", "coding 2", "start_cp is"), 1);
	fg_audit_free(a);
	unit_db_close(db, path);
	/* a coding deleted, one added */
	a = tampered("DELETE FROM coding WHERE id = 4; INSERT INTO coding "
	    "(source_id, code_id, start_cp, end_cp, start_b, end_b, excerpt, "
	    "excerpt_sha256, coder, created_at) SELECT source_id, code_id, "
	    "start_cp, end_cp, start_b, end_b, excerpt, excerpt_sha256, "
	    "'mallory', created_at FROM coding WHERE id = 1", path, &db);
	assert_int_equal(count(a, "state", "coding 4", "deleted outside "
	    "fgcode"), 1);
	assert_int_equal(count(a, "state", "coding 69", "added outside "
	    "fgcode"), 1);
	assert_int_equal(a->n, 3 + 2);
	fg_audit_free(a);
	unit_db_close(db, path);
	/* an event deleted (its guard dropped first) */
	a = tampered("DROP TRIGGER event_no_delete; DELETE FROM event WHERE "
	    "id = 3", path, &db);
	assert_int_equal(count(a, "history", "event 4", "event 4 follows event "
	    "2"), 1);
	assert_int_equal(count(a, "history", NULL, "event_no_delete"), 1);
	/* event 3 imported the second transcript */
	assert_int_equal(count(a, "state", "source fg06-almaty.txt", "no event "
	    "records its import"), 1);
	fg_audit_free(a);
	unit_db_close(db, path);
	/* the last event deleted: only the recorded head tells */
	a = tampered("DROP TRIGGER event_no_delete; DELETE FROM event WHERE "
	    "id = 77", path, &db);
	assert_int_equal(count(a, "history", NULL, "recorded event 77 as its "
	    "last, but the last event is 76"), 1);
	assert_int_equal(count(a, "state", "coding 68", "added outside"), 1);
	fg_audit_free(a);
	unit_db_close(db, path);
	/* a stored transcript edited */
	a = tampered("UPDATE source SET text = replace(text, 'Instagram', "
	    "'Instagrem') WHERE name = 'fg03-aktau.txt'", path, &db);
	assert_int_equal(count(a, "sources", "source fg03-aktau.txt",
	    "does not hash"), 1);
	assert_true(count(a, "excerpts", NULL, "is not the text of "
	    "fg03-aktau.txt") >= 1);
	fg_audit_free(a);
	unit_db_close(db, path);
	/* a participant's age changed */
	a = tampered("UPDATE participant SET age = 27 WHERE pid = 'Serik'",
	    path, &db);
	assert_int_equal(count(a, "state", "roster", "the roster is not as "
	    "event"), 1);
	assert_int_equal(count(a, "roster", "FG 22", "participant Serik is "
	    "recorded aged 27, which the age cell (29, 54 and 56) does not "
	    "hold"), 1);
	fg_audit_free(a);
	unit_db_close(db, path);
}

static void
test_originals(void **state)
{
	char path[64], dir[64], file[128];
	struct fg_audit_opts o;
	struct fg_db *db;
	struct fg_audit *a;
	FILE *f;

	(void)state;
	strcpy(dir, "/tmp/fgcode-audit-XXXXXX");
	assert_non_null(mkdtemp(dir));
	db = fixture_project(path, dir);
	/* one transcript edited after import, one gone */
	snprintf(file, sizeof file, "%s/fg21-shymkent.txt", dir);
	assert_non_null(f = fopen(file, "a"));
	fputs("Moderator: One more thing.\n", f);
	fclose(f);
	snprintf(file, sizeof file, "%s/fg06-almaty.txt", dir);
	assert_int_equal(unlink(file), 0);
	a = audit(db, NULL);
	dump(a);
	assert_int_equal(count(a, "originals", "source fg21-shymkent.txt",
	    "no longer has the SHA-256 recorded at import"), 1);
	assert_int_equal(line_of(a, "originals")->checked, 6);
	assert_string_equal(line_of(a, "originals")->note, "1 not found "
	    "(--originals DIR)");
	fg_audit_free(a);
	/* looked for by name in another directory: none there */
	memset(&o, 0, sizeof o);
	o.originals = "/nonexistent";
	a = audit(db, &o);
	assert_int_equal(line_of(a, "originals")->checked, 0);
	assert_string_equal(line_of(a, "originals")->note, "7 not found");
	fg_audit_free(a);
	unit_db_close(db, path);
	snprintf(file, sizeof file, "rm -rf '%s'", dir);
	assert_int_equal(system(file), 0);
}

static void
test_roster_checks(void **state)
{
	static const char yaml[] =
	    "stated_total_participants: 10\n"
	    "stated_age_range: \"20-50\"\n"
	    "groups:\n"
	    "  - fg: A\n"
	    "    city: Aktau\n"
	    "    size: 3\n"
	    "    published: { gender: \"2 females, 1 male\", age: \"20, 30, "
	    "40\" }\n"
	    "  - fg: B\n"
	    "    size: 4\n"
	    "    published: { gender: \"3 males\", age: \"25, 26 x, 60\" }\n"
	    "  - fg: C\n"
	    "    published: { gender: \"2 blokes\" }\n";
	static const struct fg_cite_entry cites[] = {
		{ (char *)"c1", (char *)"FG A, male participants aged 20 and "
		    "30, Aktau", 0, 0 },
		{ (char *)"c2", (char *)"FG A, female participants aged 20 "
		    "and 30, Almaty", 0, 0 },
		{ (char *)"c3", (char *)"FG Z, male participant aged 20", 0,
		    0 },
		{ (char *)"c4", (char *)"FG A, female participant aged 41", 0,
		    0 },
		{ (char *)"c5", (char *)"FG B, female participant aged 25", 0,
		    0 },
		{ (char *)"c6", (char *)"Focus group A", 0, 0 },
		{ (char *)"c7", (char *)"FG C, participant aged 30", 0, 0 },
	};
	char path[64], file[64];
	struct fg_db *db = unit_db_open(path);
	struct fg_audit *a;
	struct fg_error err;
	FILE *f;
	int fd;

	(void)state;
	strcpy(file, "/tmp/fgcode-roster-XXXXXX");
	assert_true((fd = mkstemp(file)) >= 0);
	assert_non_null(f = fdopen(fd, "w"));
	fputs(yaml, f);
	fclose(f);
	roster(db, file);
	unlink(file);
	a = audit(db, NULL);
	dump(a);
	assert_int_equal(count(a, "roster", "FG B", "counts 3 participants, "
	    "the declared size is 4"), 1);
	assert_int_equal(count(a, "roster", "FG B", "cannot be read at \"x\""),
	    1);
	assert_int_equal(count(a, "roster", "FG B", "lists 3 ages, the "
	    "declared size is 4"), 1);
	assert_int_equal(count(a, "roster", "FG B", "the age 60 lies outside "
	    "the stated age range 20-50"), 1);
	assert_int_equal(count(a, "roster", "FG C", "cannot be read at \"2 "
	    "blokes\""), 1);
	/* A 3 + B 4 + C (2, from its gender cell) */
	assert_int_equal(count(a, "roster", "roster", "states 10 participants "
	    "in all, its 3 groups add up to 9"), 1);
	assert_int_equal(a->n, 6);
	fg_audit_free(a);
	fg_error_clear(&err);
	assert_int_equal(fg_audit_citations(db, cites, 7, &a, &err), FG_OK);
	dump(a);
	assert_int_equal(count(a, "citations", "c1", "cites 2 male "
	    "participants of FG A, which has 1"), 1);
	assert_int_equal(count(a, "citations", "c2", "FG A met in Aktau, not "
	    "Almaty"), 1);
	assert_int_equal(count(a, "citations", "c3", "the roster has no FG Z"),
	    1);
	assert_int_equal(count(a, "citations", "c4", "FG A has no female "
	    "participant aged 41"), 1);
	assert_int_equal(count(a, "citations", "c5", "which has 0"), 1);
	assert_int_equal(count(a, "citations", "c6", "cannot be read as a "
	    "citation"), 1);
	assert_int_equal(count(a, "citations", "c7", "the roster has no ages "
	    "for FG C"), 1);
	assert_int_equal(a->n, 7);
	fg_audit_free(a);
	unit_db_close(db, path);
}

static void
sha_file(const char *path, char out[FG_SHA256_HEX])
{
	static char buf[1 << 20];
	FILE *f = fopen(path, "rb");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof buf, f);
	assert_true(n < sizeof buf);
	fclose(f);
	fg_sha256_hex(buf, n, out);
}

static void
test_readonly(void **state)
{
	char path[64], before[FG_SHA256_HEX], after[FG_SHA256_HEX];
	struct fg_db *db = fixture_project(path, NULL), *ro;
	struct fg_audit *a;
	struct fg_error err;

	(void)state;
	fg_db_close(db);
	sha_file(path, before);
	fg_error_clear(&err);
	assert_int_equal(fg_db_open_readonly(path, &ro, &err), FG_OK);
	a = audit(ro, NULL);
	fg_audit_free(a);
	/* nothing can be written through it */
	assert_int_not_equal(sqlite3_exec(ro->db, "DELETE FROM coding", NULL,
	    NULL, NULL), SQLITE_OK);
	fg_db_close(ro);
	sha_file(path, after);
	assert_string_equal(before, after);
	/* a project from a newer fgcode, or an older one */
	assert_int_equal(fg_db_open(path, 0, &db, &err), FG_OK);
	assert_int_equal(fg_db_exec(db, "PRAGMA user_version = 99", &err),
	    FG_OK);
	fg_db_close(db);
	assert_int_equal(fg_db_open_readonly(path, &ro, &err), FG_DB);
	assert_non_null(strstr(err.msg, "schema version 99 is newer"));
	assert_int_equal(fg_db_open(path, 0, &db, &err), FG_DB);
	unit_db_close(NULL, path);
	assert_int_equal(fg_db_open_readonly("/nonexistent/x.db", &ro, &err),
	    FG_NOTFOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed),
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_tamper),
		cmocka_unit_test(test_originals),
		cmocka_unit_test(test_roster_checks),
		cmocka_unit_test(test_readonly),
	};
	return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
