/* utf8.h - UTF-8 validation, offsets in code points and bytes, grapheme
 * boundaries, newline normalisation and conversion from legacy encodings.
 *
 * Unit convention used throughout fgcode: "cp" offsets count Unicode code
 * points, "b" offsets count UTF-8 bytes, both 0-based; ranges are half-open. */
#ifndef FG_UTF8_H
#define FG_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"

/* Decode one code point at s (n bytes available).  Returns the code point and
 * stores its length in *adv, or returns -1 (and *adv = 1) for an invalid or
 * truncated sequence, an overlong form, a surrogate or a value > U+10FFFF. */
int32_t fg_utf8_decode(const char *s, size_t n, size_t *adv);

/* Encode cp into out (at least 4 bytes); return the byte count (0 if cp is
 * not a valid scalar value). */
size_t fg_utf8_encode(int32_t cp, char *out);

/* Return 1 if s[0..n) is valid UTF-8, else 0 with the byte offset of the first
 * bad byte in *bad (bad may be NULL). */
int fg_utf8_valid(const char *s, size_t n, size_t *bad);

/* Number of code points in valid UTF-8 s[0..n). */
size_t fg_utf8_cp_count(const char *s, size_t n);

/* Byte offset of code point number cp in valid UTF-8 s[0..n).  cp == number
 * of code points gives n.  Returns 0 and sets *b, or -1 if cp is past the end. */
int fg_utf8_cp_to_byte(const char *s, size_t n, size_t cp, size_t *b);

/* 1-based line and code-point column of byte offset off in s (which need not
 * be valid UTF-8: an invalid byte counts as one column). */
void fg_utf8_locate(const char *s, size_t off, int *line, int *col);

/* 1 if byte offset off of valid UTF-8 s[0..n) lies on an extended grapheme
 * cluster boundary (0 and n always do), else 0. */
int fg_utf8_grapheme_boundary(const char *s, size_t n, size_t off);

/* Result of fg_text_normalize. */
struct fg_norm {
	char *text;          /* owned by the caller (free()); NUL-terminated */
	size_t len;          /* bytes */
	int had_bom;         /* a UTF-8 BOM was removed */
	size_t crlf;         /* CRLF pairs turned into LF */
	size_t cr;           /* lone CRs turned into LF */
};

/* Copy in[0..n) into out->text with a leading UTF-8 BOM removed and CRLF and
 * lone CR turned into LF; nothing else is changed.  FG_OK or FG_NOMEM. */
enum fg_status fg_text_normalize(const char *in, size_t n, struct fg_norm *out);

/* Convert in[0..n) from encoding enc (an iconv name such as "windows-1252",
 * "KOI8-R", "CP1251"; "utf-8" copies after validation) to UTF-8, appended to
 * out.  file is used in error messages.  FG_INPUT for an unknown encoding or
 * an unconvertible byte (with line/column). */
enum fg_status fg_convert_to_utf8(const char *in, size_t n, const char *enc,
    struct fg_buf *out, const char *file, struct fg_error *err);

#endif
