/* test-utf8.c - unit tests of core/utf8 and core/hash. */
#include "config.h"

#include "unit.h"

#include "core/hash.h"
#include "core/utf8.h"

static void
test_decode(void **state)
{
	size_t adv;

	(void)state;
	assert_int_equal(fg_utf8_decode("A", 1, &adv), 'A');
	assert_int_equal(adv, 1);
	assert_int_equal(fg_utf8_decode("\xD2\x9B", 2, &adv), 0x049B); /* қ */
	assert_int_equal(adv, 2);
	assert_int_equal(fg_utf8_decode("\xF0\x9F\x91\x8D", 4, &adv), 0x1F44D);
	assert_int_equal(adv, 4);
	/* overlong, surrogate, too large, truncated, stray continuation */
	assert_int_equal(fg_utf8_decode("\xC0\xAF", 2, &adv), -1);
	assert_int_equal(fg_utf8_decode("\xE0\x80\xAF", 3, &adv), -1);
	assert_int_equal(fg_utf8_decode("\xED\xA0\x80", 3, &adv), -1);
	assert_int_equal(fg_utf8_decode("\xF4\x90\x80\x80", 4, &adv), -1);
	assert_int_equal(fg_utf8_decode("\xE2\x82", 2, &adv), -1);
	assert_int_equal(fg_utf8_decode("\x80", 1, &adv), -1);
	assert_int_equal(adv, 1);
}

static void
test_encode_roundtrip(void **state)
{
	int32_t cps[] = { 0, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0x10000,
	    0x10FFFF, 0x0493, 0x1F468 };
	char out[4];
	size_t i, n, adv;

	(void)state;
	for (i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		n = fg_utf8_encode(cps[i], out);
		assert_true(n > 0);
		assert_int_equal(fg_utf8_decode(out, n, &adv), cps[i]);
		assert_int_equal(adv, n);
	}
	assert_int_equal(fg_utf8_encode(0xD800, out), 0);
	assert_int_equal(fg_utf8_encode(0x110000, out), 0);
}

static void
test_valid_and_locate(void **state)
{
	const char *s = "ok\nпривет \xE9 bad";
	size_t bad = 0;
	int line, col;

	(void)state;
	assert_true(fg_utf8_valid("уят ұят", strlen("уят ұят"), NULL));
	assert_false(fg_utf8_valid(s, strlen(s), &bad));
	assert_int_equal(bad, 3 + 12 + 1);
	fg_utf8_locate(s, bad, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 8); /* 6 letters, a space, then the bad byte */
}

static void
test_cp_offsets(void **state)
{
	const char *s = "aә👍b"; /* 1 + 2 + 4 + 1 bytes */
	size_t b;

	(void)state;
	assert_int_equal(fg_utf8_cp_count(s, strlen(s)), 4);
	assert_int_equal(fg_utf8_cp_to_byte(s, strlen(s), 0, &b), 0);
	assert_int_equal(b, 0);
	assert_int_equal(fg_utf8_cp_to_byte(s, strlen(s), 2, &b), 0);
	assert_int_equal(b, 3);
	assert_int_equal(fg_utf8_cp_to_byte(s, strlen(s), 4, &b), 0);
	assert_int_equal(b, 8);
	assert_int_equal(fg_utf8_cp_to_byte(s, strlen(s), 5, &b), -1);
}

static void
test_graphemes(void **state)
{
	/* thumbs up + skin tone; family ZWJ sequence; flag (two RIs) */
	const char *s = "x\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD y "
	    "\xF0\x9F\x87\xB0\xF0\x9F\x87\xBF z e\xCC\x81";
	size_t n = strlen(s);

	(void)state;
	assert_true(fg_utf8_grapheme_boundary(s, n, 0));
	assert_true(fg_utf8_grapheme_boundary(s, n, 1));  /* before 👍 */
	assert_false(fg_utf8_grapheme_boundary(s, n, 5)); /* 👍|🏽 */
	assert_false(fg_utf8_grapheme_boundary(s, n, 2)); /* inside 👍 */
	assert_true(fg_utf8_grapheme_boundary(s, n, 9));  /* after 🏽 */
	assert_false(fg_utf8_grapheme_boundary(s, n, 16)); /* inside flag */
	assert_true(fg_utf8_grapheme_boundary(s, n, 20));
	assert_false(fg_utf8_grapheme_boundary(s, n, n - 2)); /* e|◌́ */
	assert_true(fg_utf8_grapheme_boundary(s, n, n));
}

static void
test_normalize(void **state)
{
	struct fg_norm nm;
	const char in[] = "\xEF\xBB\xBF" "a\r\nb\rc\n\r\n";

	(void)state;
	assert_int_equal(fg_text_normalize(in, sizeof in - 1, &nm), FG_OK);
	assert_string_equal(nm.text, "a\nb\nc\n\n");
	assert_int_equal(nm.len, 7);
	assert_true(nm.had_bom);
	assert_int_equal(nm.crlf, 2);
	assert_int_equal(nm.cr, 1);
	free(nm.text);
	/* no BOM, nothing to do: identical copy */
	assert_int_equal(fg_text_normalize("x\ny", 3, &nm), FG_OK);
	assert_string_equal(nm.text, "x\ny");
	assert_false(nm.had_bom);
	free(nm.text);
}

static void
test_convert(void **state)
{
	struct fg_buf b = FG_BUF_INIT;
	struct fg_error err;

	(void)state;
	fg_error_clear(&err);
	/* windows-1252: 0x80 is the euro sign, 0x93/0x94 curly quotes */
	assert_int_equal(fg_convert_to_utf8("\x80\x93x\x94 caf\xE9", 9,
	    "windows-1252", &b, "t", &err), FG_OK);
	assert_string_equal(b.p, "€“x” café");
	fg_buf_free(&b);
	assert_int_equal(fg_convert_to_utf8("ok\n\xE9", 4, "utf-8", &b, "f.txt",
	    &err), FG_INPUT);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.col, 1);
	assert_non_null(strstr(err.msg, "0xE9"));
	fg_buf_free(&b);
	assert_int_equal(fg_convert_to_utf8("x", 1, "no-such-enc", &b, "f",
	    &err), FG_INPUT);
	fg_buf_free(&b);
}

static void
test_sha256(void **state)
{
	char hex[FG_SHA256_HEX];

	(void)state;
	/* FIPS 180-2 test vectors */
	fg_sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	fg_sha256_hex("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
}

/* Markus Kuhn's UTF-8 decoder stress test (../shared/conformance): every
 * line is classified as RFC 3629 says.  The 68 lines with a malformed,
 * overlong, surrogate or out-of-range sequence were listed independently
 * with Python's strict decoder (bytes.decode("utf-8") per line); all
 * other lines, noncharacters U+FFFE/U+FFFF and the NUL of 2.1.1 included,
 * are valid.  The whole file's first bad byte is 4461 (line 75, 2.1.5). */
static void
test_kuhn(void **state)
{
	static const int bad_lines[] = { 75, 76, 83, 84, 85, 93, 102, 103,
	    105, 106, 107, 108, 109, 110, 114, 115, 116, 117, 124, 125, 130,
	    135, 140, 145, 153, 154, 155, 156, 157, 158, 159, 160, 161, 162,
	    169, 175, 176, 177, 207, 208, 209, 210, 211, 220, 221, 222, 223,
	    224, 232, 233, 234, 235, 236, 247, 248, 249, 250, 251, 252, 253,
	    257, 258, 259, 260, 261, 262, 263, 264 };
	const char *path = unit_shared("conformance/utf8-kuhn/UTF-8-test.txt");
	char *d, *line, *nl;
	size_t n, bad, k = 0, nbad = sizeof bad_lines / sizeof bad_lines[0];
	int lineno = 0, want, got, l, c;
	FILE *f;

	(void)state;
	if (path == NULL)
		skip();
	assert_non_null(f = fopen(path, "rb"));
	assert_non_null(d = malloc(32768));
	n = fread(d, 1, 32768, f);
	fclose(f);
	assert_int_equal(n, 22781);
	assert_false(fg_utf8_valid(d, n, &bad));
	assert_int_equal(bad, 4461);
	fg_utf8_locate(d, bad, &l, &c);
	assert_int_equal(l, 75);
	for (line = d; line < d + n; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(d + n - line));
		if (nl == NULL)
			nl = d + n;
		lineno++;
		want = !(k < nbad && bad_lines[k] == lineno);
		if (!want)
			k++;
		got = fg_utf8_valid(line, (size_t)(nl - line), NULL);
		if (got != want)
			fail_msg("line %d: valid %d, want %d", lineno, got, want);
	}
	assert_int_equal(lineno, 300); /* the file ends with a line feed */
	assert_int_equal(k, nbad);
	free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_encode_roundtrip),
		cmocka_unit_test(test_valid_and_locate),
		cmocka_unit_test(test_cp_offsets),
		cmocka_unit_test(test_graphemes),
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_convert),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_kuhn),
	};
	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
