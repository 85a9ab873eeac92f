/* coding-range.c - finding the ranges to code: code-point offsets
 * checked against the text (grapheme clusters, turns) and the ranges of
 * PCRE2 pattern matches (see coding.h). */
#include "config.h"

#include "core/coding.h"
#include "core/coding-impl.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>

#include "core/utf8.h"

/* ---- offsets ---- */

static int
is_char_start(const char *text, size_t len, size_t b)
{
	return b == 0 || b >= len || ((unsigned char)text[b] & 0xC0) != 0x80;
}

static size_t
prev_char(const char *text, size_t b)
{
	while (b > 0 && ((unsigned char)text[--b] & 0xC0) == 0x80)
		;
	return b;
}

static size_t
next_char(const char *text, size_t len, size_t b)
{
	if (b >= len)
		return len + 1;
	b++;
	while (b < len && ((unsigned char)text[b] & 0xC0) == 0x80)
		b++;
	return b;
}

/* Code points in text[from..to) or, backwards, minus those in [to..from). */
static int64_t
cp_delta(const char *text, size_t from, size_t to)
{
	int64_t d = 0;
	size_t i;

	if (to >= from) {
		for (i = from; i < to; i++)
			d += ((unsigned char)text[i] & 0xC0) != 0x80;
	} else {
		for (i = to; i < from; i++)
			d -= ((unsigned char)text[i] & 0xC0) != 0x80;
	}
	return d;
}

/* The grapheme cluster boundaries around byte b (a character start):
 * *lo <= b <= *hi. */
static void
cluster_around(const char *text, size_t len, size_t b, size_t *lo,
    size_t *hi)
{
	*lo = b;
	while (*lo > 0 && !fg_utf8_grapheme_boundary(text, len, *lo))
		*lo = prev_char(text, *lo);
	*hi = b;
	while (*hi < len && !fg_utf8_grapheme_boundary(text, len, *hi))
		*hi = next_char(text, len, *hi);
}

/* fg_coding_check_range on a window of the text that begins at code
 * point base of the source: offsets are relative to the window, messages
 * give them as in the source. */
enum fg_status
fg_coding_check_range_at(const char *text, size_t len, const char *name,
    int64_t start, int64_t end, int64_t base, struct fg_range *r,
    struct fg_error *err)
{
	size_t ncp = fg_utf8_cp_count(text, len), sb, eb, lo, hi;
	const char *which;
	int64_t at, bad_b;

	if (start < 0 || end < 0)
		return fg_error_set(err, FG_INPUT, NULL, 0, 0, "range "
		    "%lld:%lld: offsets cannot be negative", (long long)(start + base),
		    (long long)(end + base));
	if (start == end)
		return fg_error_set(err, FG_INPUT, NULL, 0, 0, "range "
		    "%lld:%lld is empty (START must be less than END)",
		    (long long)(start + base), (long long)(end + base));
	if (start > end)
		return fg_error_set(err, FG_INPUT, NULL, 0, 0, "range "
		    "%lld:%lld is reversed (START must be less than END)",
		    (long long)(start + base), (long long)(end + base));
	if ((uint64_t)end > ncp)
		return fg_error_set(err, FG_INPUT, NULL, 0, 0, "range "
		    "%lld:%lld is out of bounds: %s has %zu code points",
		    (long long)(start + base), (long long)(end + base), name,
		    ncp + (size_t)base);
	fg_utf8_cp_to_byte(text, len, (size_t)start, &sb);
	fg_utf8_cp_to_byte(text, len, (size_t)end, &eb);
	if (!is_char_start(text, len, sb) || !is_char_start(text, len, eb))
		return fg_error_set(err, FG_INPUT, NULL, 0, 0, "range "
		    "%lld:%lld is not on a character boundary",
		    (long long)(start + base), (long long)(end + base));
	if (!fg_utf8_grapheme_boundary(text, len, sb)) {
		which = "starts";
		at = start;
		bad_b = (int64_t)sb;
	} else if (!fg_utf8_grapheme_boundary(text, len, eb)) {
		which = "ends";
		at = end;
		bad_b = (int64_t)eb;
	} else {
		r->start_cp = start;
		r->end_cp = end;
		r->start_b = (int64_t)sb;
		r->end_b = (int64_t)eb;
		return FG_OK;
	}
	cluster_around(text, len, (size_t)bad_b, &lo, &hi);
	return fg_error_set(err, FG_INPUT, NULL, 0, 0, "range %lld:%lld %s "
	    "inside a grapheme cluster (one visible character made of "
	    "several code points, e.g. an emoji with a skin tone): code point "
	    "%lld is not a boundary; the character spans %lld:%lld",
	    (long long)(start + base), (long long)(end + base), which,
	    (long long)(at + base),
	    (long long)(at + base + cp_delta(text, (size_t)bad_b, lo)),
	    (long long)(at + base + cp_delta(text, (size_t)bad_b, hi)));
}

enum fg_status
fg_coding_check_range(const char *text, size_t len, const char *name,
    int64_t start, int64_t end, struct fg_range *r, struct fg_error *err)
{
	return fg_coding_check_range_at(text, len, name, start, end, 0, r,
	    err);
}

/* ---- pattern matches ---- */

struct span {
	size_t s, e;
};

static enum fg_status
match_error(int rc, const char *pattern, const char *name,
    struct fg_error *err)
{
	PCRE2_UCHAR msg[256];

	switch (rc) {
	case PCRE2_ERROR_MATCHLIMIT:
		return fg_error_set(err, FG_LIMIT, NULL, 0, 0, "pattern '%s' "
		    "is too costly: PCRE2 stopped at the match limit (%d) in "
		    "%s (nested repeats such as (a+)+ backtrack without "
		    "end); nothing coded", pattern, FG_MATCH_LIMIT, name);
	case PCRE2_ERROR_DEPTHLIMIT:
		return fg_error_set(err, FG_LIMIT, NULL, 0, 0, "pattern '%s' "
		    "is too costly: PCRE2 stopped at the depth limit (%d) in "
		    "%s; nothing coded", pattern, FG_DEPTH_LIMIT, name);
	case PCRE2_ERROR_HEAPLIMIT:
	case PCRE2_ERROR_NOMEMORY:
		return fg_error_set(err, FG_LIMIT, NULL, 0, 0, "pattern '%s' "
		    "is too costly: PCRE2 ran out of its memory limit (%d KiB) "
		    "in %s; nothing coded", pattern, FG_HEAP_LIMIT_KIB, name);
	default:
		pcre2_get_error_message(rc, msg, sizeof msg);
		return fg_error_set(err, FG_INPUT, NULL, 0, 0, "pattern '%s' "
		    "failed in %s: %s", pattern, name, (const char *)msg);
	}
}

/* All non-empty matches of pattern in text, in order. */
static enum fg_status
all_matches(const char *text, size_t len, const char *name,
    const char *pattern, struct span **out, size_t *n, size_t *empty,
    struct fg_error *err)
{
	pcre2_code *re;
	pcre2_match_context *mctx = NULL;
	pcre2_match_data *md = NULL;
	PCRE2_SIZE erroff, *ov;
	PCRE2_UCHAR msg[256];
	struct span *v = NULL, *p;
	enum fg_status s = FG_OK;
	size_t off = 0, cap = 0;
	uint32_t opts = 0;
	int errcode, rc;

	*out = NULL;
	*n = 0;
	*empty = 0;
	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP, &errcode, &erroff, NULL);
	if (re == NULL) {
		pcre2_get_error_message(errcode, msg, sizeof msg);
		return fg_error_set(err, FG_INPUT, NULL, 0, 0, "bad pattern "
		    "'%s': %s (at offset %zu of the pattern)", pattern,
		    (const char *)msg, (size_t)erroff);
	}
	mctx = pcre2_match_context_create(NULL);
	md = pcre2_match_data_create_from_pattern(re, NULL);
	if (mctx == NULL || md == NULL) {
		s = fg_coding_nomem(err);
		goto out;
	}
	pcre2_set_match_limit(mctx, FG_MATCH_LIMIT);
	pcre2_set_depth_limit(mctx, FG_DEPTH_LIMIT);
	pcre2_set_heap_limit(mctx, FG_HEAP_LIMIT_KIB);
	while (off <= len) {
		/* the text was validated once; offsets stay on characters */
		rc = pcre2_match(re, (PCRE2_SPTR)text, len, off,
		    opts | PCRE2_NO_UTF_CHECK, md, mctx);
		if (rc == PCRE2_ERROR_NOMATCH) {
			if (opts == 0)
				break;
			/* no non-empty match here: one whole character on */
			off = next_char(text, len, off);
			opts = 0;
			continue;
		}
		if (rc < 0) {
			s = match_error(rc, pattern, name, err);
			goto out;
		}
		ov = pcre2_get_ovector_pointer(md);
		if (ov[0] > ov[1]) {
			s = fg_error_set(err, FG_INPUT, NULL, 0, 0, "pattern "
			    "'%s' ends a match before its start (\\K in a "
			    "lookahead?); nothing coded", pattern);
			goto out;
		}
		if (ov[0] == ov[1]) {
			(*empty)++;
			off = ov[1];
			opts = PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED;
			continue;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((p = realloc(v, cap * sizeof *p)) == NULL) {
				s = fg_coding_nomem(err);
				goto out;
			}
			v = p;
		}
		v[*n].s = ov[0];
		v[(*n)++].e = ov[1];
		off = ov[1];
		opts = 0;
	}
out:
	pcre2_match_data_free(md);
	pcre2_match_context_free(mctx);
	pcre2_code_free(re);
	if (s != FG_OK) {
		free(v);
		*n = 0;
		return s;
	}
	*out = v;
	return FG_OK;
}

static enum fg_status
match_ranges(const char *text, size_t len, const char *name,
    const struct fg_selector *sel, struct fg_range **out, size_t *n,
    size_t *widened, size_t *empty, struct fg_error *err)
{
	struct span *m;
	struct fg_range *r;
	size_t nm, i, first, last, k = 0, lo, hi, cur_b = 0;
	int64_t cur_cp = 0;
	enum fg_status s;

	if (sel->pattern == NULL || *sel->pattern == '\0')
		return fg_error_set(err, FG_USAGE, NULL, 0, 0, "empty pattern");
	if (sel->nth < 0)
		return fg_error_set(err, FG_USAGE, NULL, 0, 0, "nth must be "
		    "1 or more");
	if ((s = all_matches(text, len, name, sel->pattern, &m, &nm, empty,
	    err)) != FG_OK)
		return s;
	if (nm == 0) {
		if (*empty > 0)
			return fg_error_set(err, FG_INPUT, NULL, 0, 0,
			    "pattern '%s' matched only empty strings in %s "
			    "(%zu time%s); nothing coded", sel->pattern, name,
			    *empty, *empty == 1 ? "" : "s");
		return fg_error_set(err, FG_INPUT, NULL, 0, 0, "pattern '%s' "
		    "does not match in %s", sel->pattern, name);
	}
	if (sel->nth > 0 && (size_t)sel->nth > nm) {
		free(m);
		return fg_error_set(err, FG_INPUT, NULL, 0, 0, "pattern '%s' "
		    "matches %zu time%s in %s: there is no match %ld",
		    sel->pattern, nm, nm == 1 ? "" : "s", name, sel->nth);
	}
	first = sel->nth > 0 ? (size_t)sel->nth - 1 : 0;
	last = sel->nth > 0 ? first + 1 : nm;
	if ((r = calloc(last - first, sizeof *r)) == NULL) {
		free(m);
		return fg_coding_nomem(err);
	}
	for (i = first; i < last; i++) {
		size_t sb = m[i].s, eb = m[i].e;

		/* widen to whole grapheme clusters */
		cluster_around(text, len, sb, &lo, &hi);
		if (lo != sb)
			sb = lo;
		cluster_around(text, len, eb, &lo, &hi);
		if (hi != eb)
			eb = hi;
		if (sb != m[i].s || eb != m[i].e)
			(*widened)++;
		/* two matches inside one cluster widen to the same range */
		if (k > 0 && r[k - 1].start_b == (int64_t)sb &&
		    r[k - 1].end_b == (int64_t)eb)
			continue;
		cur_cp += cp_delta(text, cur_b, sb);
		cur_b = sb;
		r[k].start_b = (int64_t)sb;
		r[k].start_cp = cur_cp;
		r[k].end_b = (int64_t)eb;
		r[k].end_cp = cur_cp + cp_delta(text, sb, eb);
		k++;
	}
	free(m);
	*out = r;
	*n = k;
	return FG_OK;
}

enum fg_status
fg_coding_find_ranges(const char *text, size_t len, const char *name,
    const struct fg_selector *sel, struct fg_range **out, size_t *n,
    size_t *widened, size_t *empty, struct fg_error *err)
{
	size_t w = 0, e = 0, bad;
	enum fg_status s;

	*out = NULL;
	*n = 0;
	if (!fg_utf8_valid(text, len, &bad))
		return fg_error_set(err, FG_INPUT, NULL, 0, 0, "the text of "
		    "%s is not valid UTF-8 (byte %zu)", name, bad);
	switch (sel->kind) {
	case FG_SEL_CHARS:
		if ((*out = malloc(sizeof **out)) == NULL)
			return fg_coding_nomem(err);
		s = fg_coding_check_range(text, len, name, sel->start,
		    sel->end, *out, err);
		if (s != FG_OK) {
			free(*out);
			*out = NULL;
			return s;
		}
		*n = 1;
		break;
	case FG_SEL_MATCH:
		s = match_ranges(text, len, name, sel, out, n, &w, &e, err);
		if (empty)
			*empty += e;
		if (s != FG_OK)
			return s;
		e = 0;
		break;
	default:
		return fg_error_set(err, FG_USAGE, NULL, 0, 0, "a turn needs "
		    "the project's turn table");
	}
	if (widened)
		*widened += w;
	if (empty)
		*empty += e;
	return FG_OK;
}
