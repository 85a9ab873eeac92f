/* vtt-turns.c - WebVTT cues into the turns of a rendered text: cue text
 * markup, entities and voice spans, speakers (declared, labelled or by
 * clock), pieces merged into turns, and the import (see vtt.h for the
 * rules). */
#include "config.h"

#include "core/vtt.h"
#include "core/vtt-impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/buf.h"
#include "core/utf8.h"

/* ---- cue text: markup, entities, speakers ---- */

/* Decode the character reference at s[0..n) (s[0] == '&') into out (at
 * least 4 bytes): the bytes consumed, 0 when it is none we know. */
static size_t
entity(const char *s, size_t n, char *out, size_t *olen)
{
	static const struct {
		const char *name;
		const char *utf8;
	} named[] = {
		{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" },
		{ "&quot;", "\"" }, { "&apos;", "'" },
		{ "&nbsp;", "\xC2\xA0" }, { "&lrm;", "\xE2\x80\x8E" },
		{ "&rlm;", "\xE2\x80\x8F" },
	};
	size_t i, k;
	long cp = 0;
	int hex;

	for (i = 0; i < sizeof named / sizeof named[0]; i++) {
		k = strlen(named[i].name);
		if (n >= k && memcmp(s, named[i].name, k) == 0) {
			*olen = strlen(named[i].utf8);
			memcpy(out, named[i].utf8, *olen);
			return k;
		}
	}
	if (n < 4 || s[1] != '#')
		return 0;
	hex = s[2] == 'x' || s[2] == 'X';
	for (i = hex ? 3 : 2; i < n && i < 12; i++) {
		if (fg_vtt_digit(s[i]))
			cp = cp * (hex ? 16 : 10) + (s[i] - '0');
		else if (hex && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f'))
			cp = cp * 16 + ((s[i] | 0x20) - 'a' + 10);
		else
			break;
	}
	if (i == (size_t)(hex ? 3 : 2) || i >= n || s[i] != ';')
		return 0;
	if ((*olen = fg_utf8_encode(cp > 0 && cp <= 0x10FFFF ? (int32_t)cp :
	    0xFFFD, out)) == 0)
		*olen = fg_utf8_encode(0xFFFD, out);
	return i + 1;
}

/* Append s[0..n) to b with the character references decoded. */
static enum fg_status
add_decoded(struct fg_buf *b, const char *s, size_t n)
{
	size_t i = 0, run, k, olen;
	char ch[8];

	while (i < n) {
		const char *amp = memchr(s + i, '&', n - i);
		run = amp ? (size_t)(amp - s) : n;
		if (run > i && fg_buf_add(b, s + i, run - i) != FG_OK)
			return FG_NOMEM;
		if ((i = run) >= n)
			break;
		if ((k = entity(s + i, n - i, ch, &olen)) > 0) {
			if (fg_buf_add(b, ch, olen) != FG_OK)
				return FG_NOMEM;
			i += k;
		} else {
			if (fg_buf_addc(b, '&') != FG_OK)
				return FG_NOMEM;
			i++;
		}
	}
	return FG_OK;
}

/* A stretch of a cue's text and the voice it is in. */
struct seg {
	char *voice;            /* annotation of <v>, owned; NULL: none */
	struct fg_buf text;     /* tags removed, entities decoded */
};

struct segs {
	struct seg *v;
	size_t n, cap;
};

static void
segs_free(struct segs *ss)
{
	size_t i;

	for (i = 0; i < ss->n; i++) {
		free(ss->v[i].voice);
		fg_buf_free(&ss->v[i].text);
	}
	free(ss->v);
	memset(ss, 0, sizeof *ss);
}

static enum fg_status
segs_push(struct segs *ss, char *voice)
{
	if (fg_vtt_grow((void **)&ss->v, &ss->cap, ss->n,
	    sizeof *ss->v) != 0) {
		free(voice);
		return FG_NOMEM;
	}
	ss->v[ss->n].voice = voice;
	memset(&ss->v[ss->n].text, 0, sizeof ss->v[ss->n].text);
	ss->n++;
	return FG_OK;
}

/* The voice of a start tag's content t[0..n) ("v.loud Lina Park") in
 * *voice (owned): its annotation decoded, blanks collapsed and trimmed;
 * NULL for other tags or an empty annotation.  0, or -1 out of memory. */
static int
voice_of(const char *t, size_t n, char **voice)
{
	struct fg_buf a = FG_BUF_INIT, c = FG_BUF_INIT;
	size_t i = 1, k;
	int sp = 0;

	*voice = NULL;
	if (n < 1 || t[0] != 'v' || (n > 1 && t[1] != '.' && !fg_vtt_ws(t[1])))
		return 0;
	while (i < n && !fg_vtt_ws(t[i]))
		i++;            /* classes */
	if (i >= n)
		return 0;
	if (add_decoded(&a, t + i + 1, n - i - 1) != FG_OK)
		goto oom;
	for (k = 0; k < a.len; k++) {
		if (fg_vtt_ws(a.p[k])) {
			sp = c.len > 0;
			continue;
		}
		if ((sp && fg_buf_addc(&c, ' ') != FG_OK) ||
		    fg_buf_addc(&c, a.p[k]) != FG_OK)
			goto oom;
		sp = 0;
	}
	fg_buf_free(&a);
	if (c.len == 0) {
		fg_buf_free(&c);
		return 0;
	}
	*voice = fg_buf_steal(&c);
	return *voice ? 0 : -1;
oom:
	fg_buf_free(&a);
	fg_buf_free(&c);
	return -1;
}

/* Split a cue's text into segments at its <v> start tags, dropping every
 * tag and decoding references (the WebVTT cue text tokenizer: "<" opens a
 * tag up to ">" or the end; "</" an end tag; "<" and a digit a timestamp
 * tag). */
static enum fg_status
cue_segments(const char *s, struct segs *ss)
{
	size_t n = strlen(s), i = 0, run, e;
	const char *lt, *gt;
	char *voice;

	if (segs_push(ss, NULL) != FG_OK)
		return FG_NOMEM;
	while (i < n) {
		lt = memchr(s + i, '<', n - i);
		run = lt ? (size_t)(lt - s) : n;
		if (add_decoded(&ss->v[ss->n - 1].text, s + i, run - i) !=
		    FG_OK)
			return FG_NOMEM;
		if ((i = run) >= n)
			break;
		gt = memchr(s + i + 1, '>', n - i - 1);
		e = gt ? (size_t)(gt - s) : n;
		if (voice_of(s + i + 1, e - i - 1, &voice) != 0)
			return FG_NOMEM;
		if (voice != NULL && segs_push(ss, voice) != FG_OK)
			return FG_NOMEM;
		i = gt ? e + 1 : n;
	}
	return FG_OK;
}

/* Is c a horizontal blank or a format character (label edges)? */
static int
blank_cp(int32_t c)
{
	utf8proc_category_t k;

	if (c == '\t')
		return 1;
	k = utf8proc_category(c);
	return k == UTF8PROC_CATEGORY_ZS || k == UTF8PROC_CATEGORY_CF;
}

/* May c appear in a label (first: as its first character)?  The plain
 * profile's rule: a letter or "@" first, then letters, marks, digits,
 * blanks, format characters, dashes and . ' ’ ( ) / & # _ */
static int
label_cp(int32_t c, int first)
{
	utf8proc_category_t k = utf8proc_category(c);
	int letter = k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;

	if (first)
		return letter || c == '@';
	if (letter || blank_cp(c) || c == 0x2019 || (c < 0x80 &&
	    strchr(".'()/&#_", (int)c) != NULL))
		return 1;
	switch (k) {
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
	case UTF8PROC_CATEGORY_PD:
		return 1;
	default:
		return 0;
	}
}

/* A "Label: " at the start of line[0..n): 1 with the label's length and
 * where the text starts, else 0. */
static int
find_label(const char *line, size_t n, size_t *llen, size_t *text)
{
	const char *colon = memchr(line, ':', n);
	size_t i = 0, adv, end, cps = 0;
	int32_t c;

	if (colon == NULL || colon == line)
		return 0;
	end = (size_t)(colon - line);
	if (end + 1 < n && line[end + 1] != ' ' && line[end + 1] != '\t')
		return 0;
	/* trailing blanks before the colon are not part of the label */
	while (end > 0) {
		for (i = end - 1; i > 0 && ((unsigned char)line[i] & 0xC0) ==
		    0x80; i--)
			;
		if (!blank_cp(fg_utf8_decode(line + i, end - i, &adv)))
			break;
		end = i;
	}
	for (i = 0; i < end; i += adv, cps++) {
		c = fg_utf8_decode(line + i, end - i, &adv);
		if (c < 0 || !label_cp(c, i == 0) || cps >= 63)
			return 0;
	}
	if (end == 0)
		return 0;
	*llen = end;
	for (i = (size_t)(colon - line) + 1; i < n && (line[i] == ' ' ||
	    line[i] == '\t'); i++)
		;
	*text = i;
	return 1;
}

/* If line[0..n) starts with a clock time ("10:30", "9:05:00") and has a
 * colon followed by a blank or the end after it, the length up to that
 * colon included ("10:30 Standup:"), else 0. */
static size_t
clock_label(const char *line, size_t n)
{
	size_t i = 0, k;

	while (i < n && i < 2 && fg_vtt_digit(line[i]))
		i++;
	if (i == 0 || i + 3 > n || line[i] != ':' ||
	    !fg_vtt_digit(line[i + 1]) || !fg_vtt_digit(line[i + 2]))
		return 0;
	for (k = i + 3; k < n; k++)
		if (line[k] == ':' && (k + 1 == n || line[k + 1] == ' ' ||
		    line[k + 1] == '\t'))
			return k + 1;
	return 0;
}

/* ---- declared speakers ---- */

/* Case-folded copy of a normalised name without spaces (the key for
 * "ignoring case and spacing"); NULL when out of memory. */
static char *
fold_key(const char *norm)
{
	utf8proc_uint8_t *f = NULL;
	char *s, *d;

	if (utf8proc_map((const utf8proc_uint8_t *)norm, 0, &f,
	    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	    UTF8PROC_CASEFOLD) < 0)
		return fg_vtt_dupn(norm, strlen(norm));
	for (s = d = (char *)f; *s; s++)
		if (*s != ' ')
			*d++ = *s;
	*d = '\0';
	return (char *)f;
}

/* ---- pieces and turns ---- */

struct piece {
	char *name;             /* normalised speaker, NULL: none (owned) */
	char *raw;              /* as written (owned) */
	int variant;            /* matched a declared speaker loosely */
	struct fg_buf text;     /* one line */
	int64_t start, end;
	int line_start, line_end;
	int flagged;            /* warned about already (clock time,
	                         * undeclared label) */
};

struct warn {
	int line;
	size_t seq;
	char *msg;
};

struct conv {
	const struct fg_parse_opts *o;
	char **decl, **decl_key; /* normalised declared speakers, keys */
	struct piece *pc;
	size_t npc, cap_pc;
	struct warn *w;
	size_t nw, cap_w;
};

static enum fg_status
warn(struct conv *cv, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum fg_status
warn(struct conv *cv, int line, const char *fmt, ...)
{
	struct fg_buf b = FG_BUF_INIT;
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (fg_vtt_grow((void **)&cv->w, &cv->cap_w, cv->nw,
	    sizeof *cv->w) != 0 ||
	    fg_buf_printf(&b, "%d: %s", line, msg) != FG_OK) {
		fg_buf_free(&b);
		return FG_NOMEM;
	}
	cv->w[cv->nw].line = line;
	cv->w[cv->nw].seq = cv->nw;
	if ((cv->w[cv->nw].msg = fg_buf_steal(&b)) == NULL)
		return FG_NOMEM;
	cv->nw++;
	return FG_OK;
}

static int
cmp_warn(const void *a, const void *b)
{
	const struct warn *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Trim s[*b..*e) of whitespace. */
static void
trim(const char *s, size_t *b, size_t *e)
{
	while (*b < *e && fg_vtt_ws(s[*b]))
		(*b)++;
	while (*e > *b && fg_vtt_ws(s[*e - 1]))
		(*e)--;
}

/* The declared speaker label[0..n) stands for: its index, or -1; *loose
 * when only the case or spacing differ. */
static long
declared_match(const struct conv *cv, const char *norm, int *loose)
{
	size_t i;
	char *k;
	long hit = -1;

	*loose = 0;
	for (i = 0; i < cv->o->nspeakers; i++)
		if (strcmp(cv->decl[i], norm) == 0)
			return (long)i;
	if ((k = fold_key(norm)) == NULL)
		return -1;
	for (i = 0; i < cv->o->nspeakers && hit < 0; i++)
		if (strcmp(cv->decl_key[i], k) == 0)
			hit = (long)i;
	free(k);
	*loose = hit >= 0;
	return hit;
}

/* Turn one segment of cue c into a piece (none when it has no text). */
static enum fg_status
add_piece(struct conv *cv, const struct fg_vtt_cue *c, struct seg *sg,
    size_t *nspk)
{
	const char *s = sg->text.p ? sg->text.p : "";
	size_t n = sg->text.len, b, e, nl, llen, toff, lines = 0;
	struct piece *p;
	char *norm = NULL, *raw = NULL;
	long d;
	int loose = 0, first = 1, flagged = 0, line = c->text_line;
	enum fg_status st;

	if (fg_vtt_grow((void **)&cv->pc, &cv->cap_pc, cv->npc,
	    sizeof *cv->pc) != 0)
		return FG_NOMEM;
	p = &cv->pc[cv->npc];
	memset(p, 0, sizeof *p);
	if (sg->voice != NULL) {
		raw = fg_vtt_dupn(sg->voice, strlen(sg->voice));
		norm = fg_speaker_normalize(sg->voice, strlen(sg->voice));
		if (raw == NULL || norm == NULL)
			goto oom;
	}
	for (b = 0; b < n; b = nl + 1) {
		const char *q = memchr(s + b, '\n', n - b);
		nl = q ? (size_t)(q - s) : n;
		e = nl;
		trim(s, &b, &e);
		if (b == e)
			continue;
		lines++;
		if (first && sg->voice == NULL) {
			if ((llen = clock_label(s + b, e - b)) > 0 &&
			    (st = warn(cv, line, "cue text starts with a "
			    "clock time and a colon ('%.*s'), which is no "
			    "speaker label; kept as text without a speaker",
			    (int)llen, s + b)) != FG_OK)
				goto fail;
			flagged = llen > 0;
			if (!flagged && find_label(s + b, e - b, &llen, &toff)) {
				if ((norm = fg_speaker_normalize(s + b, llen))
				    == NULL)
					goto oom;
				d = cv->o->nspeakers ? declared_match(cv, norm,
				    &loose) : 0;
				if (d < 0) {
					free(norm);
					norm = NULL;
					flagged = 1;
					if ((st = warn(cv, line, "label '%.*s' is "
					    "not a declared speaker; kept as "
					    "text without a speaker", (int)llen,
					    s + b)) != FG_OK)
						goto fail;
				} else {
					if ((raw = fg_vtt_dupn(s + b,
					    llen)) == NULL)
						goto oom;
					if (cv->o->nspeakers) {
						free(norm);
						if ((norm = fg_vtt_dupn(
						    cv->decl[d], strlen(
						    cv->decl[d]))) == NULL)
							goto oom;
					}
					if (loose && (st = warn(cv, line,
					    "label '%s' read as speaker '%s'",
					    raw, norm)) != FG_OK)
						goto fail;
					b += toff;
				}
			}
		}
		first = 0;
		if (b < e && ((p->text.len > 0 && fg_buf_addc(&p->text, ' ') !=
		    FG_OK) || fg_buf_add(&p->text, s + b, e - b) != FG_OK))
			goto oom;
	}
	if (lines == 0) {
		free(norm);
		free(raw);
		return FG_OK;
	}
	p->name = norm;
	p->raw = raw;
	p->variant = loose;
	p->flagged = flagged;
	p->start = c->start_ms;
	p->end = c->end_ms;
	p->line_start = line;
	p->line_end = c->text_line + c->text_lines - 1;
	*nspk += norm != NULL;
	cv->npc++;
	return FG_OK;
oom:
	st = FG_NOMEM;
fail:
	fg_buf_free(&p->text);
	free(norm);
	free(raw);
	return st;
}

static void
conv_free(struct conv *cv)
{
	size_t i;

	for (i = 0; cv->decl && i < cv->o->nspeakers; i++) {
		free(cv->decl[i]);
		free(cv->decl_key[i]);
	}
	free(cv->decl);
	free(cv->decl_key);
	for (i = 0; i < cv->npc; i++) {
		free(cv->pc[i].name);
		free(cv->pc[i].raw);
		fg_buf_free(&cv->pc[i].text);
	}
	free(cv->pc);
	for (i = 0; i < cv->nw; i++)
		free(cv->w[i].msg);
	free(cv->w);
}

/* Invisible and compatibility characters counted for the summary, as
 * transcript.c counts them (F06). */
static const int32_t odd_cps[] = {
	0x00A0, 0x00AD, 0x2007, 0x200B, 0x200C, 0x200D, 0x202F, 0x2060,
	0xFB00, 0xFB01, 0xFB02, 0xFB03, 0xFB04, 0xFB05, 0xFB06, 0xFEFF
};
#define NODD (sizeof odd_cps / sizeof odd_cps[0])

/* Count code points and odd characters of s[0..n) (valid UTF-8). */
static size_t
count_cps(const char *s, size_t n, size_t *odd)
{
	size_t i, c = 0, adv, k;
	int32_t cp;

	for (i = 0; i < n; i++) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue;
		c++;
		if ((unsigned char)s[i] < 0xC2)
			continue;
		cp = fg_utf8_decode(s + i, n - i, &adv);
		for (k = 0; k < NODD; k++)
			if (odd_cps[k] == cp)
				odd[k]++;
	}
	return c;
}

/* Render the pieces, merged into turns, as the stored text. */
static enum fg_status
render(struct conv *cv, struct fg_buf *out, struct fg_transcript *t)
{
	size_t i, j, k, cp = 0, odd[NODD], nodd = 0;
	struct fg_turn_rec *tr;
	struct piece *p, *q;
	char a[32], b[32];

	memset(odd, 0, sizeof odd);
	if (cv->npc > 0 && (t->turns = calloc(cv->npc, sizeof *t->turns)) ==
	    NULL)
		return FG_NOMEM;
	for (i = 0; i < cv->npc; i = j) {
		p = &cv->pc[i];
		/* consecutive pieces of one named speaker make one turn */
		for (j = i + 1; p->name != NULL && j < cv->npc &&
		    cv->pc[j].name != NULL && strcmp(cv->pc[j].name, p->name)
		    == 0; j++) {
			q = &cv->pc[j];
			if (q->text.len > 0 && ((p->text.len > 0 &&
			    fg_buf_addc(&p->text, ' ') != FG_OK) ||
			    fg_buf_add(&p->text, q->text.p, q->text.len) !=
			    FG_OK))
				return FG_NOMEM;
			p->end = q->end;
			p->line_end = q->line_end;
			p->variant |= q->variant;
		}
		tr = &t->turns[t->nturns++];
		tr->speaker = fg_vtt_dupn(p->name ? p->name :
		    FG_VTT_NO_SPEAKER, strlen(p->name ? p->name :
		    FG_VTT_NO_SPEAKER));
		tr->speaker_raw = fg_vtt_dupn(p->raw ? p->raw : "", p->raw ?
		    strlen(p->raw) : 0);
		if (fg_buf_printf(out, "%s%s", p->name ? p->name : "",
		    p->name ? ": " : "") != FG_OK)
			return FG_NOMEM;
		fg_vtt_format_time(p->start, a);
		fg_vtt_format_time(p->end, b);
		tr->timestamp = malloc(strlen(a) + strlen(b) + 2);
		if (tr->speaker == NULL || tr->speaker_raw == NULL ||
		    tr->timestamp == NULL)
			return FG_NOMEM;
		sprintf(tr->timestamp, "%s-%s", a, b);
		if (p->name != NULL)
			cp += count_cps(p->name, strlen(p->name), odd) + 2;
		tr->start_b = out->len;
		tr->start_cp = cp;
		if (p->text.len > 0 && fg_buf_add(out, p->text.p, p->text.len)
		    != FG_OK)
			return FG_NOMEM;
		cp += count_cps(p->text.p ? p->text.p : "", p->text.len, odd);
		tr->end_b = out->len;
		tr->end_cp = cp;
		if (fg_buf_addc(out, '\n') != FG_OK)
			return FG_NOMEM;
		cp++;
		tr->line_start = p->line_start;
		tr->line_end = p->line_end;
		tr->variant = p->variant;
	}
	for (k = 0; k < NODD; k++)
		nodd += odd[k] > 0;
	if (nodd > 0) {
		if ((t->odd_chars = malloc(nodd * sizeof *t->odd_chars)) ==
		    NULL)
			return FG_NOMEM;
		for (k = 0; k < NODD; k++)
			if (odd[k] > 0) {
				t->odd_chars[t->nodd_chars].cp = odd_cps[k];
				t->odd_chars[t->nodd_chars++].count = odd[k];
			}
	}
	return FG_OK;
}

enum fg_status
fg_vtt_import(const char *body, size_t len, const struct fg_parse_opts *opts,
    char **text, size_t *tlen, struct fg_transcript **out,
    struct fg_error *err)
{
	static const struct fg_parse_opts no_opts = { NULL, 1, NULL, 0, 0 };
	struct fg_vtt *v = NULL;
	struct fg_transcript *t = NULL;
	struct fg_buf rb = FG_BUF_INIT;
	struct segs ss = { NULL, 0, 0 };
	struct conv cv;
	enum fg_status s;
	size_t i, j, nspk = 0;
	const char *name;

	*text = NULL;
	*tlen = 0;
	*out = NULL;
	memset(&cv, 0, sizeof cv);
	cv.o = opts ? opts : &no_opts;
	if ((s = fg_vtt_parse_at(body, len, cv.o->file, cv.o->body_line > 0 ?
	    cv.o->body_line : 1, &v, err)) != FG_OK)
		return s;
	s = FG_NOMEM;
	if (cv.o->nspeakers > 0) {
		if ((cv.decl = calloc(cv.o->nspeakers, sizeof *cv.decl)) ==
		    NULL || (cv.decl_key = calloc(cv.o->nspeakers,
		    sizeof *cv.decl_key)) == NULL)
			goto out;
		for (i = 0; i < cv.o->nspeakers; i++) {
			name = cv.o->speakers[i];
			if ((cv.decl[i] = fg_speaker_normalize(name,
			    strlen(name))) == NULL || (cv.decl_key[i] =
			    fold_key(cv.decl[i])) == NULL)
				goto out;
		}
	}
	for (i = 0; i < v->ncues; i++) {
		if (cue_segments(v->cues[i].text, &ss) != FG_OK)
			goto out;
		for (j = 0; j < ss.n; j++)
			if (add_piece(&cv, &v->cues[i], &ss.v[j], &nspk) !=
			    FG_OK)
				goto out;
		segs_free(&ss);
	}
	/* speakerless pieces: flagged when others have a speaker */
	for (i = 0; nspk > 0 && i < cv.npc; i++)
		if (cv.pc[i].name == NULL && !cv.pc[i].flagged && warn(&cv,
		    cv.pc[i].line_start, "cue without a speaker (no <v Name> "
		    "voice, no 'Name:' label); kept as a turn of %s",
		    FG_VTT_NO_SPEAKER) != FG_OK)
			goto out;
	if (nspk == 0 && cv.npc > 0 && warn(&cv, cv.pc[0].line_start,
	    "no cue names a speaker (no <v Name> voice, no 'Name:' label); "
	    "the %zu turns have the speaker %s", cv.npc, FG_VTT_NO_SPEAKER) !=
	    FG_OK)
		goto out;
	for (i = 0; i < v->ndropped; i++)
		if (warn(&cv, v->dropped[i], "block dropped: not a cue (its "
		    "timing line must read 'hh:mm:ss.ttt --> hh:mm:ss.ttt') "
		    "nor a NOTE, STYLE or REGION block") != FG_OK)
			goto out;
	if ((t = calloc(1, sizeof *t)) == NULL || render(&cv, &rb, t) != FG_OK)
		goto out;
	if (cv.nw > 0) {
		qsort(cv.w, cv.nw, sizeof *cv.w, cmp_warn);
		t->warnings = malloc(cv.nw * sizeof *t->warnings);
		if (t->warnings == NULL)
			goto out;
		for (i = 0; i < cv.nw; i++) {
			t->warnings[i] = cv.w[i].msg;
			cv.w[i].msg = NULL;
		}
		t->nwarnings = cv.nw;
	}
	if (rb.p == NULL && fg_buf_adds(&rb, "") != FG_OK)
		goto out;
	*tlen = rb.len;
	*text = fg_buf_steal(&rb);
	*out = t;
	t = NULL;
	s = FG_OK;
out:
	if (s != FG_OK)
		s = fg_vtt_nomem(err);
	segs_free(&ss);
	conv_free(&cv);
	fg_transcript_free(t);
	fg_buf_free(&rb);
	fg_vtt_free(v);
	return s;
}
