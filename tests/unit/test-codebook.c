/* test-codebook.c - unit tests of core/codebook: parsing (fixture, broken
 * inputs, names, colours), import and re-import (update, re-parent,
 * prune), export round trip, lookup and the listing. */
#include "config.h"

#include "unit.h"

#include <jansson.h>

#include "core/codebook.h"

/* Write text to a new temporary file; path receives its name (64 bytes). */
static void
write_tmp(char *path, const char *text)
{
	int fd;
	size_t n = strlen(text);

	strcpy(path, "/tmp/fgcode-unit-cb-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	close(fd);
}

/* Parse YAML text as a codebook; returns the status, err filled. */
static enum fg_status
parse_text(const char *text, struct fg_codebook **cb, struct fg_error *err)
{
	char path[64];
	enum fg_status s;

	write_tmp(path, text);
	fg_error_clear(err);
	s = fg_codebook_load_file(path, "cb.yaml", cb, err);
	unlink(path);
	return s;
}

static void
import_text(struct fg_db *db, const char *text, int prune,
    struct fg_codebook_stats *stats)
{
	struct fg_codebook *cb;
	struct fg_error err;

	if (parse_text(text, &cb, &err) != FG_OK)
		fail_msg("parse: %d:%d: %s", err.line, err.col, err.msg);
	if (fg_codebook_import(db, cb, prune, stats, &err) != FG_OK)
		fail_msg("import: %s", err.msg);
	fg_codebook_free(cb);
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

/* Text of the first column of the first row (static buffer). */
static const char *
text_query(struct fg_db *db, const char *sql)
{
	static char buf[1024];
	sqlite3_stmt *st;

	buf[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(db->db, sql, -1, &st, NULL),
	    SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(buf, sizeof buf, "%s",
		    (const char *)sqlite3_column_text(st, 0));
	else
		strcpy(buf, "(null)");
	sqlite3_finalize(st);
	return buf;
}

static void
test_fixture_parses(void **state)
{
	struct fg_codebook *cb = NULL;
	struct fg_error err;
	/* expected tree, read off fixtures/codebook.yaml by hand */
	static const struct {
		const char *name;
		long parent;
		size_t nex;
	} want[] = {
		{ "uyat", -1, 2 }, { "uyat-clothing", 0, 2 },
		{ "уят-в-семье", 0, 2 }, { "divorce-and-ICT", -1, 2 },
		{ "online-infidelity", 3, 2 },
		{ "duty-to-have-children", -1, 2 },
		{ "pressure-from-elders", 5, 2 },
		{ "same-sex-visibility", -1, 2 }, { "calls-for-ban", 7, 2 },
		{ "gender-nonconforming-pop", 7, 0 },
		{ "same-sex-parents", -1, 2 }, { "interethnic-marriage", -1, 2 },
		{ "religion", -1, 2 }, { "social-media-use", -1, 2 },
		{ "generational-divide", -1, 2 },
	};
	size_t i;

	(void)state;
	fg_error_clear(&err);
	if (fg_codebook_load_file(unit_fixture("codebook.yaml"), NULL, &cb,
	    &err) != FG_OK)
		fail_msg("%s:%d:%d: %s", err.file, err.line, err.col, err.msg);
	assert_int_equal(cb->n, 15);
	for (i = 0; i < 15; i++) {
		assert_string_equal(cb->codes[i].name, want[i].name);
		assert_int_equal(cb->codes[i].parent, want[i].parent);
		assert_int_equal(cb->codes[i].depth, want[i].parent < 0 ? 0 : 1);
		assert_int_equal(cb->codes[i].nexamples, want[i].nex);
	}
	assert_string_equal(cb->codes[0].colour, "#c0392b");
	assert_string_equal(cb->codes[0].examples[1], "Ұят қой, өшір!");
	assert_int_equal(cb->codes[0].line, 9);
	assert_int_equal(cb->codes[0].col, 11);
	assert_non_null(strstr(cb->codes[2].description, "свекровь"));
	fg_codebook_free(cb);
}

static void
test_broken_fixtures(void **state)
{
	static const struct {
		const char *file;
		int line, col;
		const char *msg;
	} cases[] = {
		/* positions from each file's first comment line */
		{ "broken/codebook-bad-indent.yaml", 5, 4, "YAML" },
		{ "broken/codebook-dup-name.yaml", 9, 15, "first at line 3" },
		{ "broken/codebook-no-name.yaml", 6, 5, "needs a 'name'" },
	};
	struct fg_codebook *cb;
	struct fg_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fg_error_clear(&err);
		cb = NULL;
		assert_int_equal(fg_codebook_load_file(
		    unit_fixture(cases[i].file), "x.yaml", &cb, &err),
		    FG_INPUT);
		assert_null(cb);
		assert_string_equal(err.file, "x.yaml");
		assert_int_equal(err.line, cases[i].line);
		assert_int_equal(err.col, cases[i].col);
		if (strstr(err.msg, cases[i].msg) == NULL)
			fail_msg("%s: %s", cases[i].file, err.msg);
	}
}

static void
test_names_and_colours(void **state)
{
	static const struct {
		const char *yaml;
		int line, col;
		const char *msg;
	} bad[] = {
		{ "codes:\n  - name: \"a/b\"\n", 2, 11, "'/'" },
		{ "codes:\n  - name: \" lead\"\n", 2, 11, "space" },
		{ "codes:\n  - name: \"trail \"\n", 2, 11, "space" },
		{ "codes:\n  - name: \"\"\n", 2, 11, "empty" },
		{ "codes:\n  - name: \"two\\nlines\"\n", 2, 11, "line break" },
		{ "codes:\n  - name: x\n    colour: \"#12345\"\n", 3, 13,
		    "bad colour" },
		{ "codes:\n  - name: x\n    colour: red\n", 3, 13, "bad colour" },
		{ "codes:\n  - name: x\n    colour: \"#GGGGGG\"\n", 3, 13,
		    "bad colour" },
		{ "codes:\n  - name: x\n    colour: \"#1234567\"\n", 3, 13,
		    "bad colour" },
		{ "codes:\n  - name: x\n    color: \"#123456\"\n", 3, 5,
		    "unknown key 'color'" },
		{ "codes:\n  - name: x\n    examples: one\n", 3, 15,
		    "list of strings" },
		{ "codes:\n  - name: x\n    children: y\n", 3, 15,
		    "list of codes" },
		{ "codes:\n  - name: [a]\n", 2, 11, "must be a string" },
		{ "codes:\n  - just a string\n", 2, 5, "mapping" },
		{ "code:\n  - name: x\n", 1, 1, "unknown key 'code'" },
		{ "codes: x\n", 1, 8, "list of codes" },
		{ "codes:\n  - name: уят\n  - name: ұят\n    children:\n"
		    "      - name: уят\n", 5, 15, "first at line 2" },
	};
	struct fg_codebook *cb;
	struct fg_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cb = NULL;
		if (parse_text(bad[i].yaml, &cb, &err) != FG_INPUT)
			fail_msg("case %zu accepted", i);
		if (err.line != bad[i].line || err.col != bad[i].col ||
		    strstr(err.msg, bad[i].msg) == NULL)
			fail_msg("case %zu: %d:%d: %s", i, err.line, err.col,
			    err.msg);
		assert_null(cb);
	}
	/* good: Cyrillic and Kazakh names are distinct; upper-case hex is
	 * stored lower-case; null fields stay NULL; empty file of codes */
	assert_int_equal(parse_text("codes:\n  - name: уят\n    colour: "
	    "\"#C0392B\"\n    description: ~\n  - name: ұят\n"
	    "    examples: []\n", &cb, &err), FG_OK);
	assert_int_equal(cb->n, 2);
	assert_string_equal(cb->codes[0].colour, "#c0392b");
	assert_null(cb->codes[0].description);
	assert_string_equal(cb->codes[1].name, "ұят");
	assert_int_equal(cb->codes[1].nexamples, 0);
	fg_codebook_free(cb);
	assert_int_equal(parse_text("codes: []\n", &cb, &err), FG_OK);
	assert_int_equal(cb->n, 0);
	fg_codebook_free(cb);
	assert_int_equal(parse_text("", &cb, &err), FG_INPUT);
	assert_null(fg_codebook_name_problem("uyat-clothing"));
	assert_non_null(fg_codebook_name_problem("a\tb"));
	assert_non_null(fg_codebook_name_problem("\xC2\xA0x")); /* NBSP */
}

static void
test_deep_nesting(void **state)
{
	struct fg_codebook *cb;
	struct fg_error err;

	(void)state;
	assert_int_equal(parse_text("codes:\n"
	    "  - name: a\n"
	    "    children:\n"
	    "      - name: b\n"
	    "        children:\n"
	    "          - name: c\n"
	    "            children:\n"
	    "              - name: d\n"
	    "      - name: e\n"
	    "  - name: f\n", &cb, &err), FG_OK);
	assert_int_equal(cb->n, 6);
	/* pre-order: a b c d e f */
	assert_string_equal(cb->codes[3].name, "d");
	assert_int_equal(cb->codes[3].depth, 3);
	assert_int_equal(cb->codes[3].parent, 2);
	assert_int_equal(cb->codes[4].parent, 0);
	assert_int_equal(cb->codes[5].parent, -1);
	fg_codebook_free(cb);
}

static void
test_import_and_reimport(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path);
	struct fg_codebook_stats st;
	struct fg_codebook *cb;
	struct fg_error err;

	(void)state;
	fg_error_clear(&err);
	assert_int_equal(fg_codebook_load_file(unit_fixture("codebook.yaml"),
	    NULL, &cb, &err), FG_OK);
	assert_int_equal(fg_codebook_import(db, cb, 0, &st, &err), FG_OK);
	assert_int_equal(st.added, 15);
	assert_int_equal(st.updated + st.unchanged + st.absent, 0);
	assert_int_equal(int_query(db, "SELECT count(*) FROM code"), 15);
	assert_int_equal(int_query(db, "SELECT count(*) FROM code WHERE "
	    "parent_id IS NULL"), 9);
	assert_int_equal(int_query(db, "SELECT count(*) FROM code_example"),
	    28);
	assert_string_equal(text_query(db, "SELECT p.name FROM code c JOIN "
	    "code p ON p.id = c.parent_id WHERE c.name = 'уят-в-семье'"),
	    "uyat");
	assert_string_equal(text_query(db, "SELECT created_at FROM code "
	    "LIMIT 1"), "2026-01-01T00:00:00Z");
	/* the same file again changes nothing */
	assert_int_equal(fg_codebook_import(db, cb, 0, &st, &err), FG_OK);
	assert_int_equal(st.unchanged, 15);
	assert_int_equal(st.added + st.updated, 0);
	fg_codebook_free(cb);
	unit_db_close(db, path);
}

static void
test_update_reparent_prune(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path);
	struct fg_codebook_stats st;

	(void)state;
	import_text(db, "codes:\n"
	    "  - name: a\n    description: old\n    examples: [x, y]\n"
	    "    children:\n      - name: a1\n      - name: a2\n"
	    "  - name: b\n  - name: c\n", 0, &st);
	assert_int_equal(st.added, 5);
	/* a coding on c and on a2 (source inserted by hand) */
	assert_int_equal(fg_db_exec(db, "INSERT INTO source (id, name, path, "
	    "file_sha256, text_sha256, text, n_cp, n_bytes, body_line, "
	    "encoding, had_bom, crlf_count, cr_count, profile, imported_at, "
	    "imported_by) VALUES (1, 's.txt', 's.txt', 'f', 't', 'hello', 5, "
	    "5, 1, 'utf-8', 0, 0, 0, 'default', 'now', 'me');"
	    "INSERT INTO coding (source_id, code_id, start_cp, end_cp, "
	    "start_b, end_b, excerpt, excerpt_sha256, coder, created_at) "
	    "SELECT 1, id, 0, 1, 0, 1, 'h', 'x', 'me', 'now' FROM code WHERE "
	    "name IN ('c', 'a2')", NULL), FG_OK);
	/* a gets a new description and loses an example, a1 moves under b,
	 * a2 and c are left out, d is new */
	import_text(db, "codes:\n"
	    "  - name: b\n    children:\n      - name: a1\n"
	    "  - name: a\n    description: new\n    examples: [x]\n"
	    "  - name: d\n", 0, &st);
	assert_int_equal(st.added, 1);
	assert_int_equal(st.updated, 3);   /* b (position), a1, a */
	assert_int_equal(st.unchanged, 0);
	assert_int_equal(st.absent, 2);    /* a2, c: kept without prune */
	assert_int_equal(int_query(db, "SELECT count(*) FROM code"), 6);
	assert_string_equal(text_query(db, "SELECT p.name FROM code c JOIN "
	    "code p ON p.id = c.parent_id WHERE c.name = 'a1'"), "b");
	assert_string_equal(text_query(db, "SELECT description FROM code "
	    "WHERE name = 'a'"), "new");
	assert_int_equal(int_query(db, "SELECT count(*) FROM code_example e "
	    "JOIN code c ON c.id = e.code_id WHERE c.name = 'a'"), 1);
	/* tree order: b, a1, a, a2 (absent, still a's child), d, c */
	{
		struct fg_table *t;
		struct fg_error err;
		static const char *const order[] = { "b/a1", "a/a2", "c" };

		fg_error_clear(&err);
		assert_int_equal(fg_codebook_list(db, &t, &err), FG_OK);
		assert_int_equal(t->nrows, 6);
		assert_string_equal(fg_table_cell(t, 0, 1), "b");
		assert_string_equal(fg_table_cell(t, 1, 2), order[0]);
		assert_string_equal(fg_table_cell(t, 3, 2), order[1]);
		assert_string_equal(fg_table_cell(t, 4, 1), "d");
		assert_string_equal(fg_table_cell(t, 5, 2), order[2]);
		fg_table_free(t);
	}
	/* prune: a2 and c have codings, so they stay; an unused absent
	 * subtree (e with child e1) goes */
	import_text(db, "codes:\n  - name: e\n    children:\n"
	    "      - name: e1\n", 0, &st);
	import_text(db, "codes:\n  - name: b\n    children:\n"
	    "      - name: a1\n  - name: a\n    description: new\n"
	    "    examples: [x]\n  - name: d\n", 1, &st);
	assert_int_equal(st.absent, 4);   /* a2, c, e, e1 */
	assert_int_equal(st.removed, 2);
	assert_int_equal(st.kept_in_use, 2);
	assert_int_equal(int_query(db, "SELECT count(*) FROM code WHERE name "
	    "IN ('e', 'e1')"), 0);
	assert_int_equal(int_query(db, "SELECT count(*) FROM code"), 6);
	unit_db_close(db, path);
}

static void
test_import_is_atomic(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path);
	struct fg_codebook *cb;
	struct fg_error err;

	(void)state;
	/* make the third insert fail inside SQLite: nothing may remain */
	fg_error_clear(&err);
	assert_int_equal(fg_db_exec(db, "CREATE TEMP TRIGGER boom BEFORE "
	    "INSERT ON code WHEN NEW.name = 'boom' BEGIN SELECT RAISE(ABORT, "
	    "'refused by test'); END", &err), FG_OK);
	assert_int_equal(parse_text("codes:\n  - name: ok1\n    examples: "
	    "[e]\n    children:\n      - name: ok2\n  - name: boom\n", &cb,
	    &err), FG_OK);
	assert_int_equal(fg_codebook_import(db, cb, 0, NULL, &err), FG_DB);
	assert_non_null(strstr(err.msg, "refused by test"));
	assert_int_equal(db->in_tx, 0);
	assert_int_equal(int_query(db, "SELECT count(*) FROM code"), 0);
	assert_int_equal(int_query(db, "SELECT count(*) FROM code_example"),
	    0);
	fg_codebook_free(cb);
	unit_db_close(db, path);
}

static void
test_export_round_trip(void **state)
{
	char p1[64], p2[64], f[64];
	struct fg_db *db1 = unit_db_open(p1), *db2 = unit_db_open(p2);
	struct fg_buf y1 = FG_BUF_INIT, y2 = FG_BUF_INIT, js = FG_BUF_INIT;
	struct fg_codebook *cb;
	struct fg_error err;
	json_t *root, *codes, *c0;
	json_error_t jerr;

	(void)state;
	fg_error_clear(&err);
	/* awkward strings survive too; the code is imported first, so the
	 * fixture's codes (named by the later import) come before it */
	import_text(db1, "codes:\n  - name: \"q\\\"uote\"\n    description: "
	    "\"back\\\\slash, tab\\t, line\\nbreak, #hash, : colon, \\u2028\"\n"
	    "    examples: [\"- dash\", \"'single'\", \"\\x01\"]\n", 0, NULL);
	assert_int_equal(fg_codebook_load_file(unit_fixture("codebook.yaml"),
	    NULL, &cb, &err), FG_OK);
	assert_int_equal(fg_codebook_import(db1, cb, 0, NULL, &err), FG_OK);
	fg_codebook_free(cb);
	assert_int_equal(fg_codebook_read(db1, &cb, &err), FG_OK);
	assert_int_equal(cb->n, 16);
	assert_int_equal(fg_codebook_to_yaml(cb, &y1, &err), FG_OK);
	assert_int_equal(fg_codebook_to_json(cb, &js, &err), FG_OK);
	fg_codebook_free(cb);
	/* shape, written out by hand from the fixture */
	assert_non_null(strstr(y1.p, "codes:\n  - name: \"uyat\"\n"
	    "    description: \"Uyat (уят / ұят, 'shame'): "));
	assert_non_null(strstr(y1.p, "    examples:\n"
	    "      - \"Uyat is a tool, and it is pointed at women.\"\n"
	    "      - \"Ұят қой, өшір!\"\n    colour: \"#c0392b\"\n"
	    "    children:\n      - name: \"uyat-clothing\"\n"));
	assert_non_null(strstr(y1.p, "      - name: \"gender-nonconforming-pop\""
	    "\n        description: "));
	assert_non_null(strstr(y1.p, "  - name: \"q\\\"uote\"\n    description: "
	    "\"back\\\\slash, tab\\t, line\\nbreak, #hash, : colon, \\L\"\n"
	    "    examples:\n      - \"- dash\"\n      - \"'single'\"\n"
	    "      - \"\\x01\"\n"));
	/* import into a fresh project, export again: same bytes */
	write_tmp(f, y1.p);
	assert_int_equal(fg_codebook_load_file(f, NULL, &cb, &err), FG_OK);
	unlink(f);
	assert_int_equal(fg_codebook_import(db2, cb, 0, NULL, &err), FG_OK);
	fg_codebook_free(cb);
	assert_int_equal(fg_codebook_read(db2, &cb, &err), FG_OK);
	assert_int_equal(fg_codebook_to_yaml(cb, &y2, &err), FG_OK);
	fg_codebook_free(cb);
	assert_string_equal(y1.p, y2.p);
	/* JSON: same tree */
	root = json_loads(js.p, 0, &jerr);
	assert_non_null(root);
	codes = json_object_get(root, "codes");
	assert_int_equal(json_array_size(codes), 10);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    codes, 9), "name")), "q\"uote");
	c0 = json_array_get(codes, 0);
	assert_string_equal(json_string_value(json_object_get(c0, "name")),
	    "uyat");
	assert_int_equal(json_array_size(json_object_get(c0, "children")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(c0, "children"), 1), "name")), "уят-в-семье");
	assert_null(json_object_get(json_array_get(json_object_get(
	    json_array_get(codes, 3), "children"), 1), "examples"));
	json_decref(root);
	fg_buf_free(&y1);
	fg_buf_free(&y2);
	fg_buf_free(&js);
	unit_db_close(db1, p1);
	unit_db_close(db2, p2);
}

static void
test_find_create_list(void **state)
{
	char path[64];
	struct fg_db *db = unit_db_open(path);
	struct fg_table *t;
	struct fg_error err;
	int64_t id, id2;

	(void)state;
	fg_error_clear(&err);
	import_text(db, "codes:\n  - name: uyat\n    colour: \"#c0392b\"\n"
	    "    description: shame\n    children:\n"
	    "      - name: uyat-clothing\n  - name: religion\n", 0, NULL);
	assert_int_equal(fg_codebook_find(db, "nope", &id, &err), FG_NOTFOUND);
	assert_non_null(strstr(err.msg, "fgcode codes"));
	assert_int_equal(fg_codebook_find(db, "uyat-clothing", &id, &err),
	    FG_OK);
	assert_int_equal(fg_codebook_create(db, "uyat", &id2, &err),
	    FG_EXISTS);
	assert_int_equal(fg_codebook_create(db, "a/b", &id2, &err), FG_INPUT);
	assert_int_equal(fg_codebook_create(db, "ұят", &id2, &err), FG_OK);
	/* two codings of uyat-clothing by two coders in two sources */
	assert_int_equal(fg_db_exec(db, "INSERT INTO source (id, name, path, "
	    "file_sha256, text_sha256, text, n_cp, n_bytes, body_line, "
	    "encoding, had_bom, crlf_count, cr_count, profile, imported_at, "
	    "imported_by) VALUES (1, 's.txt', 's.txt', 'f1', 't', 'hello', 5, "
	    "5, 1, 'utf-8', 0, 0, 0, 'default', 'now', 'me'), (2, 't.txt', "
	    "'t.txt', 'f2', 't', 'hello', 5, 5, 1, 'utf-8', 0, 0, 0, "
	    "'default', 'now', 'me');"
	    "INSERT INTO coding (source_id, code_id, start_cp, end_cp, "
	    "start_b, end_b, excerpt, excerpt_sha256, coder, created_at) "
	    "SELECT s, (SELECT id FROM code WHERE name = 'uyat-clothing'), 0, "
	    "1, 0, 1, 'h', 'x', c, 'now' FROM (SELECT 1 AS s, 'ana' AS c "
	    "UNION ALL SELECT 1, 'ana' UNION ALL SELECT 2, 'ben')", &err),
	    FG_OK);
	assert_int_equal(fg_codebook_list(db, &t, &err), FG_OK);
	assert_int_equal(t->ncols, 9);
	assert_string_equal(t->names[2], "path");
	assert_int_equal(t->nrows, 4);
	/* uyat, uyat-clothing, religion, ұят (created last, at the end) */
	assert_string_equal(fg_table_cell(t, 0, 1), "uyat");
	assert_string_equal(fg_table_cell(t, 0, 3), "0");
	assert_string_equal(fg_table_cell(t, 0, 4), "0");
	assert_string_equal(fg_table_cell(t, 0, 7), "#c0392b");
	assert_string_equal(fg_table_cell(t, 0, 8), "shame");
	assert_string_equal(fg_table_cell(t, 1, 2), "uyat/uyat-clothing");
	assert_string_equal(fg_table_cell(t, 1, 3), "1");
	assert_string_equal(fg_table_cell(t, 1, 4), "3");
	assert_string_equal(fg_table_cell(t, 1, 5), "2");
	assert_string_equal(fg_table_cell(t, 1, 6), "2");
	assert_null(fg_table_cell(t, 1, 7));
	assert_string_equal(fg_table_cell(t, 2, 1), "religion");
	assert_string_equal(fg_table_cell(t, 3, 1), "ұят");
	fg_table_free(t);
	unit_db_close(db, path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture_parses),
		cmocka_unit_test(test_broken_fixtures),
		cmocka_unit_test(test_names_and_colours),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_import_and_reimport),
		cmocka_unit_test(test_update_reparent_prune),
		cmocka_unit_test(test_import_is_atomic),
		cmocka_unit_test(test_export_round_trip),
		cmocka_unit_test(test_find_create_list),
	};
	return cmocka_run_group_tests_name("codebook", tests, NULL, NULL);
}
