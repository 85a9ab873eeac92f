/* test-history.c - unit tests of core/history: the event hash (against
 * values computed with python3's hashlib from the serialisation documented
 * in history.h), appending in the change's transaction, canonical
 * details, bad events, the adopt event, digests, listing and verifying a
 * chain that was tampered with. */
#include "config.h"

#include "unit.h"

#include "core/codebook.h"
#include "core/coding.h"
#include "core/hash.h"
#include "core/history.h"
#include "core/roster.h"

#define T0 "2026-01-01T00:00:00Z"

/* python3: the serialisation of history.h over these fields */
#define H1 "33787d5ef6159b16250aad82a0b0340e2492a63e6e3e169a793605d2dbee9af4"
#define H2 "26b5df8080036b4ea4fdf1f42e9d1ce90cfa25b39040572c6e15aa997208ae5c"
#define H3 "eb8794668117a39e1d6f1f8b4deadf2a5376c9f0dbb20e69d4c0ae4c3e1f7362"

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

/* The text of the first column of the first row (static buffer). */
static const char *
text_query(struct fg_db *db, const char *sql)
{
	static char buf[4096];
	sqlite3_stmt *st;

	buf[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(db->db, sql, -1, &st, NULL),
	    SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(buf, sizeof buf, "%s",
		    (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

static void
append_ok(struct fg_db *db, const char *kind, const char *subject,
    const char *detail)
{
	struct fg_error err;

	fg_error_clear(&err);
	assert_int_equal(fg_db_begin(db, &err), FG_OK);
	if (fg_history_append(db, kind, subject, detail, &err) != FG_OK)
		fail_msg("append %s: %s", kind, err.msg);
	assert_int_equal(fg_db_commit(db, &err), FG_OK);
}

/* Three events whose hashes python3 computed. */
static void
three_events(struct fg_db *db)
{
	append_ok(db, "model.fit", "model/divorce",
	    "{ \"b\": 1, \"a\": \"x\" }");
	fg_db_set_who(db, "dana");
	append_ok(db, "model.load", "model/\xd1\x8b\xd0\xb2\xd0\xb0\xd1\x8b",
	    NULL);
	fg_db_set_now(db, "2026-01-02T10:00:00Z");
	append_ok(db, "test.x", "t", "{\"n\":\"\xd2\xb0\xd1\x8f\xd1\x82\"}");
}

static void
test_hash(void **state)
{
	char h[FG_SHA256_HEX];

	(void)state;
	fg_history_hash(1, T0, "unknown", "model.fit", "model/divorce",
	    "{\"a\":\"x\",\"b\":1}", FG_HISTORY_GENESIS, h);
	assert_string_equal(h, H1);
	fg_history_hash(2, T0, "dana", "model.load",
	    "model/\xd1\x8b\xd0\xb2\xd0\xb0\xd1\x8b", "{}", H1, h);
	assert_string_equal(h, H2);
	/* any field changed changes the hash */
	fg_history_hash(2, T0, "dana", "model.load", "model/x", "{}", H1, h);
	assert_string_not_equal(h, H2);
}

static void
test_chain(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path);

	(void)state;
	three_events(db);
	assert_int_equal(int_query(db, "SELECT count(*) FROM event"), 3);
	assert_string_equal(text_query(db, "SELECT hash FROM event WHERE id = "
	    "1"), H1);
	assert_string_equal(text_query(db, "SELECT hash FROM event WHERE id = "
	    "2"), H2);
	assert_string_equal(text_query(db, "SELECT hash FROM event WHERE id = "
	    "3"), H3);
	assert_string_equal(text_query(db, "SELECT prev_hash FROM event WHERE "
	    "id = 1"), FG_HISTORY_GENESIS);
	assert_string_equal(text_query(db, "SELECT prev_hash FROM event WHERE "
	    "id = 3"), H2);
	/* canonical detail: compact, keys sorted; who and at as set */
	assert_string_equal(text_query(db, "SELECT detail FROM event WHERE id "
	    "= 1"), "{\"a\":\"x\",\"b\":1}");
	assert_string_equal(text_query(db, "SELECT who FROM event WHERE id = "
	    "1"), "unknown");
	assert_string_equal(text_query(db, "SELECT who FROM event WHERE id = "
	    "2"), "dana");
	assert_string_equal(text_query(db, "SELECT at FROM event WHERE id = "
	    "3"), "2026-01-02T10:00:00Z");
	assert_string_equal(text_query(db, "SELECT value FROM project_meta "
	    "WHERE key = 'history.head'"), "3 " H3);
	unit_db_close(db, path);
}

static void
test_bad_events(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path);
	struct fg_error err;

	(void)state;
	fg_error_clear(&err);
	assert_int_equal(fg_db_begin(db, &err), FG_OK);
	assert_int_equal(fg_history_append(db, "Bad Kind", "x", NULL, &err),
	    FG_INPUT);
	assert_int_equal(fg_history_append(db, "", "x", NULL, &err),
	    FG_INPUT);
	assert_int_equal(fg_history_append(db, "a.b", "", NULL, &err),
	    FG_INPUT);
	assert_int_equal(fg_history_append(db, "a.b", "x\ny", NULL, &err),
	    FG_INPUT);
	assert_int_equal(fg_history_append(db, "a.b", "x", "[1, 2]", &err),
	    FG_INPUT);
	assert_non_null(strstr(err.msg, "JSON object"));
	assert_int_equal(fg_history_append(db, "a.b", "x", "{oops", &err),
	    FG_INPUT);
	assert_int_equal(fg_history_append(db, "a.b", "x", "{\"k\":1,\"k\":2}",
	    &err), FG_INPUT);
	/* a good one, then the change is rolled back: no event */
	assert_int_equal(fg_history_append(db, "a.b", "x", NULL, &err), FG_OK);
	fg_db_rollback(db);
	assert_int_equal(int_query(db, "SELECT count(*) FROM event"), 0);
	unit_db_close(db, path);
}

/* A change that fails writes no event; one that succeeds writes one. */
static void
test_same_transaction(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path);
	struct fg_error err;
	int64_t id;

	(void)state;
	fg_error_clear(&err);
	assert_int_equal(fg_db_begin(db, &err), FG_OK);
	assert_int_equal(fg_codebook_create(db, "uyat", &id, &err), FG_OK);
	fg_db_rollback(db);
	assert_int_equal(int_query(db, "SELECT count(*) FROM event"), 0);
	assert_int_equal(int_query(db, "SELECT count(*) FROM code"), 0);
	assert_int_equal(fg_db_begin(db, &err), FG_OK);
	assert_int_equal(fg_codebook_create(db, "uyat", &id, &err), FG_OK);
	assert_int_equal(fg_codebook_create(db, "uyat", &id, &err), FG_EXISTS);
	assert_int_equal(fg_db_commit(db, &err), FG_OK);
	assert_int_equal(int_query(db, "SELECT count(*) FROM event"), 1);
	assert_string_equal(text_query(db, "SELECT kind || ' ' || subject FROM "
	    "event"), "code.create code/uyat");
	unit_db_close(db, path);
}

static void
test_triggers(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path);

	(void)state;
	three_events(db);
	assert_int_not_equal(sqlite3_exec(db->db, "UPDATE event SET who = 'x'",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db->db, "DELETE FROM event", NULL,
	    NULL, NULL), SQLITE_OK);
	assert_int_equal(int_query(db, "SELECT count(*) FROM event"), 3);
	unit_db_close(db, path);
}

static int
has_problem(const struct fg_history_check *c, const char *needle)
{
	size_t i;

	for (i = 0; i < c->nproblems; i++)
		if (strstr(c->problems[i].message, needle))
			return 1;
	return 0;
}

static void
test_verify(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path);
	struct fg_history_check c;
	struct fg_error err;

	(void)state;
	fg_error_clear(&err);
	three_events(db);
	assert_int_equal(fg_history_verify(db, H2, &c, &err), FG_OK);
	assert_int_equal(c.events, 3);
	assert_int_equal(c.head_id, 3);
	assert_string_equal(c.head, H3);
	assert_int_equal(c.nproblems, 0);
	assert_int_equal(c.anchor_found, 1);
	fg_history_check_free(&c);
	/* an anchor that is no event's */
	assert_int_equal(fg_history_verify(db, H1 "x", &c, &err), FG_OK);
	assert_int_equal(c.nproblems, 1);
	assert_true(has_problem(&c, "published"));
	fg_history_check_free(&c);
	/* a changed detail */
	assert_int_equal(sqlite3_exec(db->db, "DROP TRIGGER event_no_update; "
	    "UPDATE event SET detail = '{\"a\":\"y\",\"b\":1}' WHERE id = 1",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(fg_history_verify(db, NULL, &c, &err), FG_OK);
	assert_true(has_problem(&c, "event 1 (model.fit) does not hash"));
	assert_true(has_problem(&c, "event_no_update"));
	assert_int_equal(c.nproblems, 2);
	fg_history_check_free(&c);
	unit_db_close(db, path);

	/* a deleted event in the middle, then the last one */
	db = unit_db_open(path);
	three_events(db);
	assert_int_equal(sqlite3_exec(db->db, "DROP TRIGGER event_no_delete; "
	    "DELETE FROM event WHERE id = 2", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(fg_history_verify(db, NULL, &c, &err), FG_OK);
	assert_true(has_problem(&c, "event 3 follows event 1: an event "
	    "between them was deleted"));
	assert_true(has_problem(&c, "event_no_delete"));
	assert_int_equal(c.nproblems, 2);
	fg_history_check_free(&c);
	assert_int_equal(sqlite3_exec(db->db, "DELETE FROM event WHERE id = 3",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(fg_history_verify(db, NULL, &c, &err), FG_OK);
	assert_true(has_problem(&c, "recorded event 3 as its last, but the "
	    "last event is 1"));
	fg_history_check_free(&c);
	unit_db_close(db, path);
}

static void
test_adopt(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path);
	struct fg_history_check c;
	struct fg_error err;
	int64_t id;

	(void)state;
	fg_error_clear(&err);
	/* a project with a code but no history, as after migration 3 */
	assert_int_equal(fg_db_exec(db, "INSERT INTO code (name, sort, "
	    "created_at) VALUES ('old', 1, '2025-01-01T00:00:00Z'); INSERT "
	    "INTO project_meta VALUES ('history.adopt', 'pending')", &err),
	    FG_OK);
	assert_int_equal(fg_history_verify(db, NULL, &c, &err), FG_OK);
	assert_int_equal(c.pending_adopt, 1);
	fg_history_check_free(&c);
	assert_int_equal(fg_db_begin(db, &err), FG_OK);
	assert_int_equal(fg_codebook_create(db, "new", &id, &err), FG_OK);
	assert_int_equal(fg_db_commit(db, &err), FG_OK);
	assert_int_equal(int_query(db, "SELECT count(*) FROM event"), 2);
	assert_string_equal(text_query(db, "SELECT kind FROM event WHERE id = "
	    "1"), "history.adopt");
	assert_string_equal(text_query(db, "SELECT kind FROM event WHERE id = "
	    "2"), "code.create");
	assert_int_equal(int_query(db, "SELECT count(*) FROM project_meta "
	    "WHERE key = 'history.adopt'"), 0);
	assert_int_equal(fg_history_verify(db, NULL, &c, &err), FG_OK);
	assert_int_equal(c.pending_adopt, 0);
	assert_int_equal(c.nproblems, 0);
	fg_history_check_free(&c);
	unit_db_close(db, path);
}

static void
test_digests(void **state)
{
	char path[64], a[FG_SHA256_HEX], b[FG_SHA256_HEX], y[FG_SHA256_HEX];
	struct fg_db *db = unit_db_open(path);
	struct fg_codebook *cb;
	struct fg_buf buf = FG_BUF_INIT;
	struct fg_error err;

	(void)state;
	fg_error_clear(&err);
	assert_int_equal(fg_roster_import(db, unit_fixture("roster.yaml"),
	    NULL, NULL, &err), FG_OK);
	assert_int_equal(fg_history_roster_digest(db, a, &err), FG_OK);
	assert_int_equal(fg_history_roster_digest(db, b, &err), FG_OK);
	assert_string_equal(a, b);
	/* the roster.import event recorded that digest */
	assert_non_null(strstr(text_query(db, "SELECT detail FROM event WHERE "
	    "kind = 'roster.import'"), a));
	assert_int_equal(fg_db_exec(db, "UPDATE focus_group SET city = "
	    "'Aqtau' WHERE fg = '3'", &err), FG_OK);
	assert_int_equal(fg_history_roster_digest(db, b, &err), FG_OK);
	assert_string_not_equal(a, b);
	/* the codebook digest is the SHA-256 of its YAML export */
	assert_int_equal(fg_codebook_load_file(unit_fixture("codebook.yaml"),
	    NULL, &cb, &err), FG_OK);
	assert_int_equal(fg_codebook_import(db, cb, 0, NULL, &err), FG_OK);
	fg_codebook_free(cb);
	assert_int_equal(fg_codebook_read(db, &cb, &err), FG_OK);
	assert_int_equal(fg_codebook_to_yaml(cb, &buf, &err), FG_OK);
	fg_codebook_free(cb);
	fg_sha256_hex(buf.p, buf.len, y);
	fg_buf_free(&buf);
	assert_int_equal(fg_history_codebook_digest(db, a, &err), FG_OK);
	assert_string_equal(a, y);
	assert_non_null(strstr(text_query(db, "SELECT detail FROM event WHERE "
	    "kind = 'codebook.import'"), y));
	unit_db_close(db, path);
}

static void
test_list(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path);
	struct fg_history_filter f;
	struct fg_table *t;
	struct fg_error err;

	(void)state;
	fg_error_clear(&err);
	append_ok(db, "coding.add", "quote/Q-0123456789", "{\"source\":"
	    "\"abc\",\"code\":\"uyat\",\"source_name\":\"a.txt\",\"start_cp\":"
	    "1,\"end_cp\":5,\"coder\":\"dana\"}");
	append_ok(db, "source.import", "source/abc", "{\"name\":\"a.txt\","
	    "\"turns\":3,\"fg\":\"3\"}");
	append_ok(db, "code.create", "code/religion", "{\"name\":"
	    "\"religion\"}");
	append_ok(db, "odd.kind", "x", "{\"any\":true}");
	assert_int_equal(fg_history_list(db, NULL, &t, &err), FG_OK);
	assert_int_equal(t->nrows, 4);
	assert_string_equal(fg_table_cell(t, 0, 5),
	    "coded uyat in a.txt at 1:5 by dana");
	assert_string_equal(fg_table_cell(t, 1, 5), "imported a.txt (3 turns, "
	    "FG 3)");
	assert_string_equal(fg_table_cell(t, 2, 5), "created the code "
	    "religion");
	assert_string_equal(fg_table_cell(t, 3, 5), "{\"any\":true}");
	fg_table_free(t);
	memset(&f, 0, sizeof f);
	f.source_sha = "abc";
	assert_int_equal(fg_history_list(db, &f, &t, &err), FG_OK);
	assert_int_equal(t->nrows, 2);
	fg_table_free(t);
	memset(&f, 0, sizeof f);
	f.code = "religion";
	assert_int_equal(fg_history_list(db, &f, &t, &err), FG_OK);
	assert_int_equal(t->nrows, 1);
	assert_string_equal(fg_table_cell(t, 0, 0), "3");
	fg_table_free(t);
	/* blame: the quote's events and its source's import */
	memset(&f, 0, sizeof f);
	f.quote = "Q-0123456789";
	assert_int_equal(fg_history_list(db, &f, &t, &err), FG_OK);
	assert_int_equal(t->nrows, 2);
	assert_string_equal(fg_table_cell(t, 1, 3), "source.import");
	fg_table_free(t);
	unit_db_close(db, path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_chain),
		cmocka_unit_test(test_bad_events),
		cmocka_unit_test(test_same_transaction),
		cmocka_unit_test(test_triggers),
		cmocka_unit_test(test_verify),
		cmocka_unit_test(test_adopt),
		cmocka_unit_test(test_digests),
		cmocka_unit_test(test_list),
	};
	return cmocka_run_group_tests_name("history", tests, NULL, NULL);
}
