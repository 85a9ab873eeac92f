/* utf8.c - UTF-8 helpers; grapheme clusters come from utf8proc. */
#include "config.h"

#include "core/utf8.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

int32_t
fg_utf8_decode(const char *str, size_t n, size_t *adv)
{
	const unsigned char *s = (const unsigned char *)str;
	int32_t cp;
	size_t len, i;

	*adv = 1;
	if (n == 0)
		return -1;
	if (s[0] < 0x80) {
		return s[0];
	} else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		cp = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		cp = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return -1;
	}
	if (n < len)
		return -1;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*adv = len;
	return cp;
}

size_t
fg_utf8_encode(int32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	} else if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* 1 if s[0..n) is valid UTF-8 (the rules of fg_utf8_decode: no overlong
 * forms, surrogates or values past U+10FFFF).  A fast path for whole
 * files: ASCII is skipped eight bytes at a time and nothing is decoded;
 * the slow loop of fg_utf8_valid() then locates the first bad byte. */
static int
fast_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;
	uint64_t w;
	unsigned c, c1;

	while (i < n) {
		while (i + 8 <= n) {
			memcpy(&w, s + i, 8);
			if (w & UINT64_C(0x8080808080808080))
				break;
			i += 8;
		}
		if (i >= n)
			break;
		c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			if (n - i < 2 || (s[i + 1] & 0xC0) != 0x80)
				return 0;
			i += 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			if (n - i < 3)
				return 0;
			c1 = s[i + 1];
			if ((c1 & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80 ||
			    (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0))
				return 0;
			i += 3;
		} else if (c >= 0xF0 && c <= 0xF4) {
			if (n - i < 4)
				return 0;
			c1 = s[i + 1];
			if ((c1 & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80 ||
			    (s[i + 3] & 0xC0) != 0x80 ||
			    (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90))
				return 0;
			i += 4;
		} else
			return 0;
	}
	return 1;
}

int
fg_utf8_valid(const char *s, size_t n, size_t *bad)
{
	size_t i = 0, adv;

	if (fast_valid((const unsigned char *)s, n))
		return 1;
	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if (fg_utf8_decode(s + i, n - i, &adv) < 0) {
			if (bad)
				*bad = i;
			return 0;
		}
		i += adv;
	}
	return 1;
}

size_t
fg_utf8_cp_count(const char *s, size_t n)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

int
fg_utf8_cp_to_byte(const char *s, size_t n, size_t cp, size_t *b)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (count == cp) {
				*b = i;
				return 0;
			}
			count++;
		}
	}
	if (count == cp) {
		*b = n;
		return 0;
	}
	return -1;
}

void
fg_utf8_locate(const char *s, size_t off, int *line, int *col)
{
	size_t i = 0, adv;
	int l = 1, c = 1;

	while (i < off) {
		if (s[i] == '\n') {
			l++;
			c = 1;
			i++;
			continue;
		}
		fg_utf8_decode(s + i, off - i, &adv);
		i += adv;
		c++;
	}
	*line = l;
	*col = c;
}

int
fg_utf8_grapheme_boundary(const char *s, size_t n, size_t off)
{
	utf8proc_int32_t state = 0, prev = -1, cp;
	size_t i = 0, adv;
	int brk = 1;

	if (off == 0 || off >= n)
		return 1;
	/* Walk from the start of the line: grapheme state (regional indicator
	 * pairs, ZWJ sequences) depends on what came before, but never
	 * crosses a line feed. */
	for (i = off; i > 0 && s[i - 1] != '\n'; i--)
		;
	while (i < n) {
		cp = fg_utf8_decode(s + i, n - i, &adv);
		if (cp < 0)
			cp = 0xFFFD;
		if (prev >= 0)
			brk = utf8proc_grapheme_break_stateful(prev, cp, &state);
		if (i == off)
			return brk ? 1 : 0;
		if (i > off)
			return 0; /* off is inside a multi-byte character */
		prev = cp;
		i += adv;
	}
	return 1;
}

enum fg_status
fg_text_normalize(const char *in, size_t n, struct fg_norm *out)
{
	size_t i = 0, o = 0;
	char *t;

	memset(out, 0, sizeof *out);
	if (n >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) {
		out->had_bom = 1;
		i = 3;
	}
	t = malloc(n - i + 1);
	if (t == NULL)
		return FG_NOMEM;
	for (; i < n; i++) {
		if (in[i] == '\r') {
			if (i + 1 < n && in[i + 1] == '\n') {
				out->crlf++;
				i++;
			} else {
				out->cr++;
			}
			t[o++] = '\n';
		} else {
			t[o++] = in[i];
		}
	}
	t[o] = '\0';
	out->text = t;
	out->len = o;
	return FG_OK;
}

enum fg_status
fg_convert_to_utf8(const char *in, size_t n, const char *enc,
    struct fg_buf *out, const char *file, struct fg_error *err)
{
	iconv_t cd;
	char *ip, *op, chunk[4096];
	size_t il, ol, bad;
	int line, col;

	if (strcasecmp(enc, "utf-8") == 0 || strcasecmp(enc, "utf8") == 0) {
		if (!fg_utf8_valid(in, n, &bad)) {
			fg_utf8_locate(in, bad, &line, &col);
			return fg_error_set(err, FG_INPUT, file, line, col,
			    "invalid UTF-8: byte 0x%02X at byte offset %zu",
			    (unsigned char)in[bad], bad);
		}
		return fg_buf_add(out, in, n) == FG_OK ? FG_OK :
		    fg_error_set(err, FG_NOMEM, file, 0, 0, "out of memory");
	}
	cd = iconv_open("UTF-8", enc);
	if (cd == (iconv_t)-1)
		return fg_error_set(err, FG_INPUT, NULL, 0, 0,
		    "unknown encoding '%s' (try windows-1252, cp1251, koi8-r, "
		    "iso-8859-1; 'iconv -l' lists them all)", enc);
	ip = (char *)in;
	il = n;
	while (il > 0) {
		op = chunk;
		ol = sizeof chunk;
		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 &&
		    errno != E2BIG) {
			bad = (size_t)(ip - in);
			iconv_close(cd);
			fg_utf8_locate(in, bad, &line, &col);
			return fg_error_set(err, FG_INPUT, file, line, col,
			    "byte 0x%02X at byte offset %zu is not valid %s",
			    (unsigned char)in[bad], bad, enc);
		}
		if (fg_buf_add(out, chunk, sizeof chunk - ol) != FG_OK) {
			iconv_close(cd);
			return fg_error_set(err, FG_NOMEM, file, 0, 0,
			    "out of memory");
		}
	}
	iconv_close(cd);
	return FG_OK;
}
