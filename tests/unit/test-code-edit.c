/* test-code-edit.c - unit tests of core/code-edit (fg_code_rename,
 * fg_code_merge) and core/source-rm (fg_source_remove): field case F14
 * (merging codes whose segments are shared or overlap), renaming, the
 * refusals, and removing a source and importing the file again; the audit
 * must stay clean after each change.  Expected counts come from the
 * F14 README and F14.steps.txt (offsets checked with python3 slicing). */
#include "config.h"

#include "unit.h"

#include "core/audit.h"
#include "core/codebook.h"
#include "core/coding.h"
#include "core/source.h"

static const char F14[] =
    "Interviewer: What made the move hard?\n"
    "P1: The forms were only in English and the office closed at four.\n"
    "P2: Same. Also the office closed at four, which meant missing work.\n";

static int64_t
import_bytes(struct fg_db *db, const char *name, const char *data,
    const char *encoding)
{
	struct fg_import_opts o;
	struct fg_import_report rep;
	struct fg_importer *imp = NULL;
	struct fg_error err;
	int64_t id;

	memset(&o, 0, sizeof o);
	memset(&rep, 0, sizeof rep);
	o.coder = "tester";
	o.encoding = encoding;
	fg_error_clear(&err);
	assert_int_equal(fg_importer_new(db, &o, &imp, &err), FG_OK);
	assert_int_equal(fg_db_begin(db, &err), FG_OK);
	if (fg_importer_add_bytes(imp, name, data, strlen(data), &rep, &err)
	    != FG_OK)
		fail_msg("import: %s", err.msg);
	assert_int_equal(fg_db_commit(db, &err), FG_OK);
	assert_int_equal(rep.skipped, 0);
	id = rep.source_id;
	fg_import_report_free(&rep);
	fg_importer_free(imp);
	return id;
}

static int64_t
code_memo(struct fg_db *db, int64_t src, const char *code,
    const char *coder, int64_t a, int64_t b, const char *memo)
{
	struct fg_coding_report rep = FG_CODING_REPORT_INIT;
	struct fg_coding_spec spec;
	struct fg_error err;
	int64_t id;

	memset(&spec, 0, sizeof spec);
	fg_error_clear(&err);
	spec.source_id = src;
	if (fg_codebook_find(db, code, &spec.code_id, &err) == FG_NOTFOUND)
		assert_int_equal(fg_codebook_create(db, code, &spec.code_id,
		    &err), FG_OK);
	spec.coder = coder;
	spec.memo = memo;
	spec.sel.kind = FG_SEL_CHARS;
	spec.sel.start = a;
	spec.sel.end = b;
	if (fg_coding_add(db, &spec, &rep, &err) != FG_OK)
		fail_msg("code: %s", err.msg);
	assert_int_equal(rep.n, 1);
	id = rep.items[0].id;
	fg_coding_report_free(&rep);
	return id;
}

static int64_t
code_at(struct fg_db *db, int64_t src, const char *code, const char *coder,
    int64_t a, int64_t b)
{
	return code_memo(db, src, code, coder, a, b, NULL);
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

static void
audit_clean(struct fg_db *db)
{
	struct fg_audit *a = NULL;
	struct fg_error err;
	size_t i, n = 0;

	fg_error_clear(&err);
	assert_int_equal(fg_audit_run(db, NULL, &a, &err), FG_OK);
	/* the history and state checks; the speakers check's remarks on
	 * speakers without a focus group are not about these changes */
	for (i = 0; i < a->n; i++) {
		if (strcmp(a->findings[i].check, "speakers") == 0)
			continue;
		print_message("# finding: %s: %s: %s\n", a->findings[i].check,
		    a->findings[i].subject, a->findings[i].message);
		n++;
	}
	assert_int_equal(n, 0);
	fg_audit_free(a);
}

/* The six codings of F14.steps.txt on source src. */
static void
f14_codings(struct fg_db *db, int64_t src)
{
	code_at(db, src, "barriers", "ana", 42, 72);     /* c1 */
	code_at(db, src, "obstacles", "ana", 42, 72);    /* c2 */
	code_at(db, src, "barriers", "ana", 77, 102);    /* c3 */
	code_at(db, src, "obstacles", "ana", 88, 103);   /* c4 */
	code_at(db, src, "obstacles", "ben", 42, 72);    /* c5 */
	code_at(db, src, "barriers", "ana", 119, 170);   /* c6 */
}

static void
test_merge_f14(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path);
	struct fg_code_merge_stats st;
	struct fg_error err;
	int64_t src;

	(void)state;
	src = import_bytes(db, "F14.txt", F14, NULL);
	f14_codings(db, src);
	assert_int_equal(int_query(db, "SELECT count(*) FROM coding"), 6);
	fg_error_clear(&err);
	if (fg_code_merge(db, "barriers", "obstacles", &st, &err) != FG_OK)
		fail_msg("merge: %s", err.msg);
	/* c1 collapses into c2; c3 and c6 are re-pointed; no children */
	assert_int_equal(st.collapsed, 1);
	assert_int_equal(st.moved, 2);
	assert_int_equal(st.children, 0);
	assert_int_equal(st.memos, 0);
	assert_int_equal(int_query(db, "SELECT count(*) FROM code WHERE "
	    "name = 'barriers'"), 0);
	assert_int_equal(int_query(db, "SELECT count(*) FROM coding c JOIN "
	    "code k ON k.id = c.code_id WHERE k.name = 'obstacles' AND "
	    "c.coder = 'ana' AND c.start_cp = 42 AND c.end_cp = 72"), 1);
	assert_int_equal(int_query(db, "SELECT count(*) FROM coding WHERE "
	    "coder = 'ben' AND start_cp = 42 AND end_cp = 72"), 1);
	/* the overlapping pair stays apart: [77,102) and [88,103) */
	assert_int_equal(int_query(db, "SELECT count(*) FROM coding WHERE "
	    "coder = 'ana' AND ((start_cp = 77 AND end_cp = 102) OR "
	    "(start_cp = 88 AND end_cp = 103))"), 2);
	/* README: ana 4 segments when overlaps are kept apart, never 5;
	 * ben 1; one document */
	assert_int_equal(int_query(db, "SELECT count(*) FROM coding c JOIN "
	    "code k ON k.id = c.code_id WHERE k.name = 'obstacles' AND "
	    "c.coder = 'ana'"), 4);
	assert_int_equal(int_query(db, "SELECT count(*) FROM coding c JOIN "
	    "code k ON k.id = c.code_id WHERE k.name = 'obstacles' AND "
	    "c.coder = 'ben'"), 1);
	assert_int_equal(int_query(db, "SELECT count(DISTINCT source_id) FROM "
	    "coding"), 1);
	audit_clean(db);
	unit_db_close(db, path);
}

static void
test_merge_memo_children_refusals(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path);
	struct fg_code_merge_stats st;
	struct fg_error err;
	int64_t src, kid;

	(void)state;
	src = import_bytes(db, "F14.txt", F14, NULL);
	code_memo(db, src, "a", "ana", 42, 72, "from a");
	code_at(db, src, "b", "ana", 42, 72);
	fg_error_clear(&err);
	assert_int_equal(fg_codebook_create(db, "kid", &kid, &err), FG_OK);
	assert_int_equal(sqlite3_exec(db->db, "UPDATE code SET parent_id = "
	    "(SELECT id FROM code WHERE name = 'a') WHERE name = 'kid'", NULL,
	    NULL, NULL), SQLITE_OK);
	/* into itself, into its own child, unknown codes: refused */
	assert_int_equal(fg_code_merge(db, "a", "a", &st, &err), FG_INPUT);
	assert_int_equal(fg_code_merge(db, "a", "kid", &st, &err), FG_INPUT);
	assert_int_equal(fg_code_merge(db, "a", "nope", &st, &err),
	    FG_NOTFOUND);
	assert_int_equal(fg_code_merge(db, "nope", "a", &st, &err),
	    FG_NOTFOUND);
	assert_int_equal(int_query(db, "SELECT count(*) FROM code"), 3);
	fg_error_clear(&err);
	if (fg_code_merge(db, "a", "b", &st, &err) != FG_OK)
		fail_msg("merge: %s", err.msg);
	assert_int_equal(st.collapsed, 1);
	assert_int_equal(st.memos, 1);
	assert_int_equal(st.moved, 0);
	assert_int_equal(st.children, 1);
	assert_int_equal(int_query(db, "SELECT count(*) FROM coding"), 1);
	assert_int_equal(int_query(db, "SELECT count(*) FROM coding WHERE "
	    "memo = 'from a'"), 1);
	assert_int_equal(int_query(db, "SELECT count(*) FROM code k JOIN code "
	    "p ON p.id = k.parent_id WHERE k.name = 'kid' AND p.name = 'b'"),
	    1);
	audit_clean(db);
	unit_db_close(db, path);
}

static void
test_rename(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path);
	struct fg_error err;
	int64_t src, id;

	(void)state;
	src = import_bytes(db, "F14.txt", F14, NULL);
	code_at(db, src, "barriers", "ana", 42, 72);
	code_at(db, src, "obstacles", "ana", 88, 103);
	fg_error_clear(&err);
	assert_int_equal(fg_code_rename(db, "barriers", "obstacles", &err),
	    FG_EXISTS);
	assert_int_equal(fg_code_rename(db, "barriers", "barriers", &err),
	    FG_EXISTS);
	assert_int_equal(fg_code_rename(db, "barriers", "a/b", &err),
	    FG_INPUT);
	assert_int_equal(fg_code_rename(db, "barriers", "", &err), FG_INPUT);
	assert_int_equal(fg_code_rename(db, "nope", "x", &err), FG_NOTFOUND);
	fg_error_clear(&err);
	assert_int_equal(fg_code_rename(db, "barriers", "hurdles", &err),
	    FG_OK);
	assert_int_equal(fg_codebook_find(db, "barriers", &id, &err),
	    FG_NOTFOUND);
	fg_error_clear(&err);
	assert_int_equal(fg_codebook_find(db, "hurdles", &id, &err), FG_OK);
	assert_int_equal(int_query(db, "SELECT count(*) FROM coding c JOIN "
	    "code k ON k.id = c.code_id WHERE k.name = 'hurdles'"), 1);
	assert_int_equal(int_query(db, "SELECT count(*) FROM event WHERE "
	    "kind = 'code.rename' AND subject = 'code/hurdles'"), 1);
	audit_clean(db);
	unit_db_close(db, path);
}

static void
test_source_remove(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path);
	struct fg_error err;
	int64_t src, again, n = -1;

	(void)state;
	src = import_bytes(db, "F14.txt", F14, NULL);
	f14_codings(db, src);
	fg_error_clear(&err);
	/* refused with the count; nothing written */
	assert_int_equal(fg_source_remove(db, src, 0, &n, &err), FG_INPUT);
	assert_int_equal(n, 6);
	assert_non_null(strstr(err.msg, "6 codings"));
	assert_int_equal(int_query(db, "SELECT count(*) FROM source"), 1);
	assert_int_equal(int_query(db, "SELECT count(*) FROM coding"), 6);
	assert_int_equal(fg_source_remove(db, src + 100, 1, &n, &err),
	    FG_NOTFOUND);
	fg_error_clear(&err);
	assert_int_equal(fg_source_remove(db, src, 1, &n, &err), FG_OK);
	assert_int_equal(n, 6);
	assert_int_equal(int_query(db, "SELECT count(*) FROM source"), 0);
	assert_int_equal(int_query(db, "SELECT count(*) FROM coding"), 0);
	assert_int_equal(int_query(db, "SELECT count(*) FROM turn"), 0);
	assert_int_equal(int_query(db, "SELECT count(*) FROM event WHERE "
	    "kind = 'coding.remove'"), 6);
	assert_int_equal(int_query(db, "SELECT count(*) FROM event WHERE "
	    "kind = 'source.remove'"), 1);
	audit_clean(db);
	/* the same bytes import again, here declared as latin1 (ASCII) */
	again = import_bytes(db, "F14.txt", F14, "ISO-8859-1");
	assert_true(again > 0);
	assert_int_equal(int_query(db, "SELECT count(*) FROM source WHERE "
	    "encoding <> 'utf-8'"), 1);
	/* a source without codings needs no --force */
	fg_error_clear(&err);
	assert_int_equal(fg_source_remove(db, again, 0, &n, &err), FG_OK);
	assert_int_equal(n, 0);
	audit_clean(db);
	unit_db_close(db, path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge_f14),
		cmocka_unit_test(test_merge_memo_children_refusals),
		cmocka_unit_test(test_rename),
		cmocka_unit_test(test_source_remove),
	};
	return cmocka_run_group_tests_name("code-edit", tests, NULL, NULL);
}
