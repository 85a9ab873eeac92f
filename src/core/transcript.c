/* transcript.c - front matter, and the split of a transcript body into
 * speaker turns following an import profile.
 *
 * One pass over the lines with running code-point and byte counters, so a
 * 100 MB body costs a few pattern matches per line and nothing quadratic.
 * Rules (fgcode-transcript(5)): a skip line is ignored; a note line is
 * attached to the current turn; a timestamp line sets the timestamp of the
 * turns after it; a speaker line whose label is accepted starts a turn;
 * any other non-blank line continues the current turn (before the first
 * turn it is preamble).  Blank lines end nothing, but a turn's range ends
 * at the end of its last content line. */
#include "config.h"

#include "core/transcript.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/buf.h"
#include "core/utf8.h"

/* ---- front matter ---- */

/* 1 if s[0..n) is fence (e.g. "---") followed only by spaces or tabs. */
static int
is_fence(const char *s, size_t n, const char *fence)
{
	size_t k = strlen(fence);

	if (n < k || memcmp(s, fence, k) != 0)
		return 0;
	for (; k < n; k++)
		if (s[k] != ' ' && s[k] != '\t')
			return 0;
	return 1;
}

enum fg_status
fg_front_matter_split(const char *text, size_t len, const char *file,
    int *has, size_t *fm_off, size_t *fm_len, size_t *body_off,
    int *body_line, struct fg_error *err)
{
	const char *nl;
	size_t pos, eol;
	int line;

	*has = 0;
	*fm_off = *fm_len = *body_off = 0;
	*body_line = 1;
	nl = memchr(text, '\n', len);
	eol = nl ? (size_t)(nl - text) : len;
	if (!is_fence(text, eol, "---"))
		return FG_OK;
	if (nl == NULL)
		return fg_error_set(err, FG_INPUT, file, 1, 1,
		    "front matter opened by '---' on line 1 is never closed "
		    "(no '---' or '...' line follows)");
	pos = eol + 1;
	line = 2;
	while (pos < len) {
		nl = memchr(text + pos, '\n', len - pos);
		eol = nl ? (size_t)(nl - text) : len;
		if (is_fence(text + pos, eol - pos, "---") ||
		    is_fence(text + pos, eol - pos, "...")) {
			*has = 1;
			*fm_off = (size_t)(strchr(text, '\n') - text) + 1;
			*fm_len = pos - *fm_off;
			*body_off = nl ? eol + 1 : len;
			*body_line = line + 1;
			return FG_OK;
		}
		pos = eol + 1;
		line++;
	}
	return fg_error_set(err, FG_INPUT, file, 1, 1,
	    "front matter opened by '---' on line 1 is never closed "
	    "(no '---' or '...' line follows)");
}

/* ---- speaker labels ---- */

char *
fg_speaker_normalize(const char *label, size_t len)
{
	char *out = malloc(len + 1);  /* never grows: a space is 1 byte */
	size_t i = 0, o = 0, adv;
	int32_t cp;
	int space = 0;
	utf8proc_category_t cat;

	if (out == NULL)
		return NULL;
	while (i < len) {
		cp = fg_utf8_decode(label + i, len - i, &adv);
		if (cp < 0) {           /* not UTF-8: dropped */
			i++;
			continue;
		}
		cat = utf8proc_category(cp);
		if (cat == UTF8PROC_CATEGORY_CF) {
			i += adv;
			continue;
		}
		if (cat == UTF8PROC_CATEGORY_ZS || cat ==
		    UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP ||
		    cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' ||
		    cp == '\f') {
			space = 1;
			i += adv;
			continue;
		}
		if (space && o > 0)
			out[o++] = ' ';
		space = 0;
		memcpy(out + o, label + i, adv);
		o += adv;
		i += adv;
	}
	out[o] = '\0';
	return out;
}

/* The comparison key "ignoring case and spacing": casefolded, NFC, no
 * spaces.  malloc'd; NULL when out of memory. */
static char *
fold_key(const char *norm)
{
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t n;
	char *s, *d;

	n = utf8proc_map((const utf8proc_uint8_t *)norm, 0, &dst,
	    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	    UTF8PROC_CASEFOLD);
	if (n < 0)
		return strdup(norm);
	for (s = d = (char *)dst; *s; s++)
		if (*s != ' ')
			*d++ = *s;
	*d = '\0';
	return (char *)dst;
}

/* ---- the parse ---- */

/* Invisible and compatibility characters counted in the body (F06), in
 * code point order. */
static const int odd_cps[] = {
	0x00A0, 0x00AD, 0x2007, 0x200B, 0x200C, 0x200D, 0x202F, 0x2060,
	0xFB00, 0xFB01, 0xFB02, 0xFB03, 0xFB04, 0xFB05, 0xFB06, 0xFEFF
};
#define NODD (sizeof odd_cps / sizeof odd_cps[0])

/* Slot in odd_cps of the character at s (valid UTF-8, lead byte 0xC2,
 * 0xE2 or 0xEF), or -1. */
static int
odd_slot(const unsigned char *s)
{
	if (s[0] == 0xC2)
		return s[1] == 0xA0 ? 0 : s[1] == 0xAD ? 1 : -1;
	if (s[0] == 0xE2 && s[1] == 0x80) {
		switch (s[2]) {
		case 0x87: return 2;
		case 0x8B: return 3;
		case 0x8C: return 4;
		case 0x8D: return 5;
		case 0xAF: return 6;
		default: return -1;
		}
	}
	if (s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0xA0)
		return 7;
	if (s[0] == 0xEF && s[1] == 0xAC && s[2] >= 0x80 && s[2] <= 0x86)
		return 8 + (s[2] - 0x80);
	if (s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		return 15;
	return -1;
}

/* Code points in s[0..n) (valid UTF-8). */
static size_t
cp_count(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += (u[i] & 0xC0) != 0x80;
	return c;
}

/* A distinct label met without declared speakers. */
struct label_stat {
	char *norm;     /* owned */
	char *key;      /* owned fold key */
	size_t count;
	int first_line;
};

struct warn {
	int line;
	size_t seq;     /* order of creation, to keep the sort stable */
	char *msg;
};

struct parse {
	const struct fg_parse_opts *opts;
	struct fg_transcript *t;
	size_t cap_turns, cap_notes;
	struct warn *warns;
	size_t nwarns, cap_warns;
	size_t odd[NODD];
	/* declared speakers, normalised, and their fold keys */
	char **decl, **decl_key;
	size_t ndecl;
	/* labels met (no declared speakers): open hash on norm */
	struct label_stat *labels;
	size_t nlabels, cap_labels;
	size_t *slots;          /* 1-based index into labels, 0 = empty */
	size_t nslots;
};

static enum fg_status
nomem(struct fg_error *err)
{
	return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
}

static enum fg_status
warn(struct parse *ps, int line, struct fg_error *err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static enum fg_status
warn(struct parse *ps, int line, struct fg_error *err, const char *fmt, ...)
{
	struct fg_buf b = FG_BUF_INIT;
	va_list ap;
	char tmp[1024];
	struct warn *w;

	if (ps->nwarns == ps->cap_warns) {
		size_t cap = ps->cap_warns ? 2 * ps->cap_warns : 16;
		w = realloc(ps->warns, cap * sizeof *w);
		if (w == NULL)
			return nomem(err);
		ps->warns = w;
		ps->cap_warns = cap;
	}
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (fg_buf_printf(&b, "%d: %s", line, tmp) != FG_OK)
		return nomem(err);
	w = &ps->warns[ps->nwarns];
	w->line = line;
	w->seq = ps->nwarns;
	w->msg = fg_buf_steal(&b);
	if (w->msg == NULL)
		return nomem(err);
	ps->nwarns++;
	return FG_OK;
}

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/* Count one use of the label norm at line; norm is consumed (owned by the
 * table or freed). */
static enum fg_status
label_count(struct parse *ps, char *norm, int line, struct fg_error *err)
{
	size_t i, mask;
	struct label_stat *ls;

	if (2 * (ps->nlabels + 1) > ps->nslots) {
		size_t n = ps->nslots ? 2 * ps->nslots : 64, *sl;
		sl = calloc(n, sizeof *sl);
		if (sl == NULL)
			goto fail;
		for (i = 0; i < ps->nlabels; i++) {
			size_t h = hash_str(ps->labels[i].norm) & (n - 1);
			while (sl[h])
				h = (h + 1) & (n - 1);
			sl[h] = i + 1;
		}
		free(ps->slots);
		ps->slots = sl;
		ps->nslots = n;
	}
	mask = ps->nslots - 1;
	for (i = hash_str(norm) & mask; ps->slots[i]; i = (i + 1) & mask) {
		ls = &ps->labels[ps->slots[i] - 1];
		if (strcmp(ls->norm, norm) == 0) {
			ls->count++;
			free(norm);
			return FG_OK;
		}
	}
	if (ps->nlabels == ps->cap_labels) {
		size_t cap = ps->cap_labels ? 2 * ps->cap_labels : 16;
		ls = realloc(ps->labels, cap * sizeof *ls);
		if (ls == NULL)
			goto fail;
		ps->labels = ls;
		ps->cap_labels = cap;
	}
	ls = &ps->labels[ps->nlabels];
	ls->norm = norm;
	ls->key = NULL;
	ls->count = 1;
	ls->first_line = line;
	ps->slots[i] = ++ps->nlabels;
	return FG_OK;
fail:
	free(norm);
	return nomem(err);
}

static struct fg_turn_rec *
turn_push(struct parse *ps)
{
	struct fg_transcript *t = ps->t;
	struct fg_turn_rec *r;

	if (t->nturns == ps->cap_turns) {
		size_t cap = ps->cap_turns ? 2 * ps->cap_turns : 64;
		r = realloc(t->turns, cap * sizeof *r);
		if (r == NULL)
			return NULL;
		t->turns = r;
		ps->cap_turns = cap;
	}
	r = &t->turns[t->nturns++];
	memset(r, 0, sizeof *r);
	return r;
}

static enum fg_status
note_push(struct parse *ps, size_t turn, int line, const char *s, size_t n,
    struct fg_error *err)
{
	struct fg_transcript *t = ps->t;
	struct fg_note_rec *r;

	if (t->nnotes == ps->cap_notes) {
		size_t cap = ps->cap_notes ? 2 * ps->cap_notes : 16;
		r = realloc(t->notes, cap * sizeof *r);
		if (r == NULL)
			return nomem(err);
		t->notes = r;
		ps->cap_notes = cap;
	}
	r = &t->notes[t->nnotes];
	r->turn = turn;
	r->line = line;
	r->text = strndup(s, n);
	if (r->text == NULL)
		return nomem(err);
	t->nnotes++;
	return FG_OK;
}

/* Decide whether the label starts a turn.  Returns FG_OK with *speaker
 * (malloc'd, the name to store) or *speaker NULL for "not a speaker". */
static enum fg_status
accept_label(struct parse *ps, const char *raw, size_t rawlen, int indented,
    int line, char **speaker, int *variant, struct fg_error *err)
{
	char *norm, *key = NULL;
	size_t i;
	enum fg_status st = FG_OK;

	*speaker = NULL;
	*variant = 0;
	if ((norm = fg_speaker_normalize(raw, rawlen)) == NULL)
		return nomem(err);
	if (ps->ndecl == 0) {
		*speaker = strdup(norm);
		if (*speaker == NULL) {
			free(norm);
			return nomem(err);
		}
		return label_count(ps, norm, line, err);
	}
	for (i = 0; i < ps->ndecl; i++)
		if (strcmp(norm, ps->decl[i]) == 0)
			break;
	if (i == ps->ndecl) {
		if ((key = fold_key(norm)) == NULL) {
			free(norm);
			return nomem(err);
		}
		for (i = 0; i < ps->ndecl; i++)
			if (strcmp(key, ps->decl_key[i]) == 0)
				break;
		free(key);
		if (i == ps->ndecl) {
			free(norm);
			return FG_OK;   /* not a declared speaker: text */
		}
		*variant = 1;
		st = warn(ps, line, err, "label '%.*s' read as speaker '%s'",
		    (int)rawlen, raw, ps->decl[i]);
	} else if (indented) {
		*variant = 1;
		st = warn(ps, line, err, "indented label '%.*s' read as "
		    "speaker '%s'", (int)rawlen, raw, ps->decl[i]);
	}
	free(norm);
	if (st != FG_OK)
		return st;
	if ((*speaker = strdup(ps->decl[i])) == NULL)
		return nomem(err);
	return FG_OK;
}

static int
cmp_label_key(const void *a, const void *b)
{
	const struct label_stat *x = *(struct label_stat *const *)a;
	const struct label_stat *y = *(struct label_stat *const *)b;
	int c = strcmp(x->key, y->key);

	if (c == 0)
		c = x->first_line - y->first_line;
	return c;
}

/* Without declared speakers: warn about one-off labels and labels that
 * differ from another only in case or spacing. */
static enum fg_status
label_warnings(struct parse *ps, struct fg_error *err)
{
	struct label_stat **v;
	size_t i, j, k, best;
	enum fg_status st = FG_OK;

	for (i = 0; i < ps->nlabels && st == FG_OK; i++)
		if (ps->labels[i].count == 1)
			st = warn(ps, ps->labels[i].first_line, err,
			    "speaker '%s' occurs only once; check it is a "
			    "speaker", ps->labels[i].norm);
	if (st != FG_OK || ps->nlabels < 2)
		return st;
	v = malloc(ps->nlabels * sizeof *v);
	if (v == NULL)
		return nomem(err);
	for (i = 0; i < ps->nlabels; i++) {
		ps->labels[i].key = fold_key(ps->labels[i].norm);
		if (ps->labels[i].key == NULL) {
			free(v);
			return nomem(err);
		}
		v[i] = &ps->labels[i];
	}
	qsort(v, ps->nlabels, sizeof *v, cmp_label_key);
	for (i = 0; i < ps->nlabels && st == FG_OK; i = j) {
		for (j = i + 1; j < ps->nlabels &&
		    strcmp(v[j]->key, v[i]->key) == 0; j++)
			;
		if (j - i < 2)
			continue;
		/* the most used spelling (the earliest on a tie) is the
		 * reference */
		for (best = i, k = i + 1; k < j; k++)
			if (v[k]->count > v[best]->count)
				best = k;
		for (k = i; k < j && st == FG_OK; k++)
			if (k != best)
				st = warn(ps, v[k]->first_line, err,
				    "speaker '%s' differs from speaker '%s' "
				    "only in case or spacing", v[k]->norm,
				    v[best]->norm);
	}
	free(v);
	return st;
}

static int
cmp_warn(const void *a, const void *b)
{
	const struct warn *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
parse_free(struct parse *ps)
{
	size_t i;

	for (i = 0; i < ps->nwarns; i++)
		free(ps->warns[i].msg);
	free(ps->warns);
	for (i = 0; i < ps->ndecl; i++) {
		free(ps->decl[i]);
		free(ps->decl_key[i]);
	}
	free(ps->decl);
	free(ps->decl_key);
	for (i = 0; i < ps->nlabels; i++) {
		free(ps->labels[i].norm);
		free(ps->labels[i].key);
	}
	free(ps->labels);
	free(ps->slots);
}

static enum fg_status
declare(struct parse *ps, struct fg_error *err)
{
	size_t i, n = ps->opts->nspeakers;

	if (n == 0 || ps->opts->speakers == NULL)
		return FG_OK;
	ps->decl = calloc(n, sizeof *ps->decl);
	ps->decl_key = calloc(n, sizeof *ps->decl_key);
	if (ps->decl == NULL || ps->decl_key == NULL)
		return nomem(err);
	for (i = 0; i < n; i++) {
		const char *s = ps->opts->speakers[i];
		ps->decl[i] = fg_speaker_normalize(s, strlen(s));
		ps->ndecl = i + 1;
		if (ps->decl[i] == NULL ||
		    (ps->decl_key[i] = fold_key(ps->decl[i])) == NULL)
			return nomem(err);
	}
	return FG_OK;
}

/* Move warnings and odd characters into t. */
static enum fg_status
finish(struct parse *ps, struct fg_error *err)
{
	struct fg_transcript *t = ps->t;
	size_t i, n;

	if (ps->nwarns > 0) {
		qsort(ps->warns, ps->nwarns, sizeof *ps->warns, cmp_warn);
		t->warnings = malloc(ps->nwarns * sizeof *t->warnings);
		if (t->warnings == NULL)
			return nomem(err);
		for (i = 0; i < ps->nwarns; i++) {
			t->warnings[i] = ps->warns[i].msg;
			ps->warns[i].msg = NULL;
		}
		t->nwarnings = ps->nwarns;
	}
	for (i = n = 0; i < NODD; i++)
		n += ps->odd[i] > 0;
	if (n > 0) {
		t->odd_chars = malloc(n * sizeof *t->odd_chars);
		if (t->odd_chars == NULL)
			return nomem(err);
		for (i = 0; i < NODD; i++)
			if (ps->odd[i] > 0) {
				t->odd_chars[t->nodd_chars].cp = odd_cps[i];
				t->odd_chars[t->nodd_chars++].count =
				    ps->odd[i];
			}
	}
	return FG_OK;
}

/* 1 if s[0..n) holds only spaces and tabs. */
static int
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

enum fg_status
fg_transcript_parse(const char *body, size_t len,
    const struct fg_profile *p, const struct fg_parse_opts *opts,
    struct fg_transcript **out, struct fg_error *err)
{
	static const struct fg_parse_opts no_opts = { NULL, 1, NULL, 0, 0 };
	struct parse ps;
	struct fg_profile_scanner *sc = NULL;
	struct fg_line_info li;
	struct fg_turn_rec *cur = NULL;
	enum fg_status st;
	size_t pos = 0, cp = 0, eol, n, i, bad;
	size_t line_cps;
	char *ts = NULL;    /* the current timestamp (owned) */
	int lineno, pending = 0;
	const char *nl;

	*out = NULL;
	if (opts == NULL)
		opts = &no_opts;
	if (!opts->valid_utf8 && !fg_utf8_valid(body, len, &bad)) {
		int l, c;
		fg_utf8_locate(body, bad, &l, &c);
		return fg_error_set(err, FG_INPUT, opts->file,
		    l + (opts->body_line > 0 ? opts->body_line - 1 : 0), c,
		    "invalid UTF-8 at body byte %zu", bad);
	}
	memset(&ps, 0, sizeof ps);
	ps.opts = opts;
	ps.t = calloc(1, sizeof *ps.t);
	if (ps.t == NULL)
		return nomem(err);
	if ((st = declare(&ps, err)) != FG_OK)
		goto fail;
	if ((st = fg_profile_scanner_new(p, &sc, err)) != FG_OK)
		goto fail;
	lineno = opts->body_line > 0 ? opts->body_line : 1;
	for (;;) {
		const char *line = body + pos;
		const unsigned char *u = (const unsigned char *)line;

		nl = memchr(line, '\n', len - pos);
		eol = nl ? (size_t)(nl - body) : len;
		n = eol - pos;
		/* code points and odd characters of the line, in one go */
		line_cps = 0;
		for (i = 0; i < n; i++) {
			if ((u[i] & 0xC0) != 0x80) {
				line_cps++;
				if (u[i] == 0xC2 || u[i] == 0xE2 ||
				    u[i] == 0xEF) {
					int slot = odd_slot(u + i);
					if (slot >= 0)
						ps.odd[slot]++;
				}
			}
		}
		if (!blank(line, n)) {
			st = fg_profile_scan_line(sc, line, n, opts->file,
			    lineno, &li, err);
			if (st != FG_OK)
				goto fail;
			if (li.kind == FG_LINE_SPEAKER) {
				char *who;
				int variant;
				st = accept_label(&ps, line + li.label_off,
				    li.label_len, li.indented, lineno, &who,
				    &variant, err);
				if (st != FG_OK)
					goto fail;
				if (who == NULL) {
					li.kind = FG_LINE_TEXT;
				} else if ((cur = turn_push(&ps)) == NULL) {
					free(who);
					st = nomem(err);
					goto fail;
				} else {
					cur->speaker = who;
					cur->variant = variant;
					cur->speaker_raw = strndup(line +
					    li.label_off, li.label_len);
					if (li.has_ts)
						cur->timestamp = strndup(line +
						    li.ts_off, li.ts_len);
					else if (ts != NULL)
						cur->timestamp = strdup(ts);
					if (cur->speaker_raw == NULL ||
					    ((li.has_ts || ts) &&
					    cur->timestamp == NULL)) {
						st = nomem(err);
						goto fail;
					}
					cur->line_start = cur->line_end =
					    lineno;
					cur->start_b = pos + li.text_off;
					cur->start_cp = cp + cp_count(line,
					    li.text_off);
					cur->end_b = eol;
					cur->end_cp = cp + line_cps;
					/* an empty utterance: the turn's
					 * text starts on the next content
					 * line */
					pending = li.text_off == n;
					if (pending) {
						cur->start_b = cur->end_b;
						cur->start_cp = cur->end_cp;
					}
				}
			}
			switch (li.kind) {
			case FG_LINE_TEXT:
				if (cur == NULL) {
					ps.t->preamble_lines++;
					break;
				}
				if (pending) {
					cur->start_b = pos;
					cur->start_cp = cp;
					pending = 0;
				}
				cur->end_b = eol;
				cur->end_cp = cp + line_cps;
				cur->line_end = lineno;
				break;
			case FG_LINE_NOTE:
				st = note_push(&ps, cur ? (size_t)(cur -
				    ps.t->turns) : (size_t)-1, lineno, line,
				    n, err);
				if (st != FG_OK)
					goto fail;
				break;
			case FG_LINE_TIMESTAMP:
				free(ts);
				ts = strndup(line + li.ts_off, li.ts_len);
				if (ts == NULL) {
					st = nomem(err);
					goto fail;
				}
				break;
			default:
				break;
			}
		}
		if (nl == NULL)
			break;
		cp += line_cps + 1;
		pos = eol + 1;
		lineno++;
	}
	if (ps.ndecl == 0 && (st = label_warnings(&ps, err)) != FG_OK)
		goto fail;
	if ((st = finish(&ps, err)) != FG_OK)
		goto fail;
	free(ts);
	fg_profile_scanner_free(sc);
	*out = ps.t;
	parse_free(&ps);
	return FG_OK;
fail:
	free(ts);
	fg_profile_scanner_free(sc);
	fg_transcript_free(ps.t);
	parse_free(&ps);
	return st;
}

void
fg_transcript_free(struct fg_transcript *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nturns; i++) {
		free(t->turns[i].speaker);
		free(t->turns[i].speaker_raw);
		free(t->turns[i].timestamp);
	}
	free(t->turns);
	for (i = 0; i < t->nnotes; i++)
		free(t->notes[i].text);
	free(t->notes);
	for (i = 0; i < t->nwarnings; i++)
		free(t->warnings[i]);
	free(t->warnings);
	free(t->odd_chars);
	free(t);
}
