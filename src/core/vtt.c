/* vtt.c - WebVTT: the file parsing algorithm of the W3C WebVTT
 * specification (https://w3c.github.io/webvtt/#file-parsing), written
 * step by step after it, and the conversion of cues into the turns of a
 * rendered text (see vtt.h for the rules).
 *
 * The parser works on a preprocessed copy of the input (BOM skipped, NUL
 * and bad bytes as U+FFFD, LF line ends), in bytes: every character the
 * algorithm looks at is ASCII. */
#include "config.h"

#include "core/vtt.h"

#include <locale.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/buf.h"
#include "core/utf8.h"

#define REPL "\xEF\xBF\xBD" /* U+FFFD */

static enum fg_status
nomem(struct fg_error *err)
{
	return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
}

static char *
dupn(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d != NULL) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* ASCII whitespace of the specification: tab, LF, FF, CR, space. */
static int
ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static int
digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
eq(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

/* ---- preprocessing ---- */

static enum fg_status
preprocess(const char *d, size_t n, struct fg_buf *b, struct fg_error *err)
{
	size_t i = 0, run, adv;
	const unsigned char *u = (const unsigned char *)d;

	if (n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	if (fg_buf_reserve(b, n - i + 1) != FG_OK)
		return nomem(err);
	while (i < n) {
		for (run = i; run < n && u[run] >= 0x01 && u[run] < 0x80 &&
		    u[run] != '\r'; run++)
			;
		if (run > i && fg_buf_add(b, d + i, run - i) != FG_OK)
			return nomem(err);
		if ((i = run) >= n)
			break;
		if (u[i] == '\r') {
			if (fg_buf_addc(b, '\n') != FG_OK)
				return nomem(err);
			i += i + 1 < n && u[i + 1] == '\n' ? 2 : 1;
		} else if (u[i] == 0 ||
		    fg_utf8_decode(d + i, n - i, &adv) < 0) {
			if (fg_buf_adds(b, REPL) != FG_OK)
				return nomem(err);
			i++;
		} else {
			if (fg_buf_add(b, d + i, adv) != FG_OK)
				return nomem(err);
			i += adv;
		}
	}
	if (b->p == NULL && fg_buf_adds(b, "") != FG_OK)
		return nomem(err);
	return FG_OK;
}

/* ---- numbers ---- */

/* The rules for parsing floating-point number values, on a string already
 * checked to be [-]digits[.digits]: strtod in the C sense, whatever the
 * locale.  -1 when the value is not finite. */
static int
parse_float(const char *s, size_t n, double *out)
{
	const char *dp = localeconv()->decimal_point;
	size_t dl = strlen(dp), i, k = 0;
	char *b = malloc(n + dl + 1);

	if (b == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (s[i] == '.') {
			memcpy(b + k, dp, dl);
			k += dl;
		} else
			b[k++] = s[i];
	b[k] = '\0';
	*out = strtod(b, NULL);
	free(b);
	return isfinite(*out) ? 0 : -1;
}

/* Parse a percentage string: digits, optionally "." and digits, then
 * "%", within [0, 100]. */
static int
percent(const char *s, size_t n, double *out)
{
	size_t i = 0, d0;

	if (n < 2 || s[n - 1] != '%')
		return -1;
	n--;
	while (i < n && digit(s[i]))
		i++;
	if (i == 0)
		return -1;
	if (i < n) {
		if (s[i++] != '.')
			return -1;
		for (d0 = i; i < n && digit(s[i]); i++)
			;
		if (i == d0)
			return -1;
	}
	if (i != n || parse_float(s, n, out) != 0 || *out < 0 || *out > 100)
		return -1;
	return 0;
}

/* ---- the parser state ---- */

struct vp {
	const char *s;          /* preprocessed input */
	size_t n, pos;
	int line;               /* line of pos, 1-based */
	int seen_cue;
	struct fg_vtt *v;
	size_t cap_cues, cap_regions, cap_dropped;
	unsigned char *live;    /* per region: still in the regions list */
	struct fg_buf buf;
};

/* The last live region called id[0..n), or -1. */
static long
find_region(const struct vp *p, const char *id, size_t n)
{
	size_t i;

	for (i = p->v->nregions; i-- > 0;)
		if (p->live[i] && eq(id, n, p->v->regions[i].id))
			return (long)i;
	return -1;
}

/* ---- timestamps ---- */

/* Collect a WebVTT timestamp at s[*i..n). */
static int
collect_ts(const char *s, size_t n, size_t *i, int64_t *ms)
{
	size_t k = *i, st;
	int64_t v1 = 0, v2 = 0, v3 = 0, v4 = 0;
	int hours = 0;

	if (k >= n || !digit(s[k]))
		return -1;
	for (st = k; k < n && digit(s[k]); k++)
		if (k - st < 12)
			v1 = v1 * 10 + (s[k] - '0');
	if (k - st > 12)
		return -1;      /* the one deviation: absurd hours */
	if (k - st != 2 || v1 > 59)
		hours = 1;
	if (k >= n || s[k] != ':')
		return -1;
	for (st = ++k; k < n && digit(s[k]); k++)
		v2 = v2 * 10 + (s[k] - '0');
	if (k - st != 2)
		return -1;
	if (hours || (k < n && s[k] == ':')) {
		if (k >= n || s[k] != ':')
			return -1;
		for (st = ++k; k < n && digit(s[k]); k++)
			v3 = v3 * 10 + (s[k] - '0');
		if (k - st != 2)
			return -1;
	} else {
		v3 = v2;
		v2 = v1;
		v1 = 0;
	}
	if (k >= n || s[k] != '.')
		return -1;
	for (st = ++k; k < n && digit(s[k]) && k - st < 4; k++)
		v4 = v4 * 10 + (s[k] - '0');
	if (k - st != 3 || v2 > 59 || v3 > 59)
		return -1;
	*ms = v1 * 3600000 + v2 * 60000 + v3 * 1000 + v4;
	*i = k;
	return 0;
}

char *
fg_vtt_format_time(int64_t ms, char *out)
{
	snprintf(out, 32, "%02lld:%02d:%02d.%03d",
	    (long long)(ms / 3600000), (int)(ms / 60000 % 60),
	    (int)(ms / 1000 % 60), (int)(ms % 1000));
	return out;
}

/* ---- cue settings ---- */

static void
set_line(struct fg_vtt_cue *c, const char *v, size_t n)
{
	const char *comma = memchr(v, ',', n), *la = NULL, *dot;
	size_t pn = comma ? (size_t)(comma - v) : n, lan = 0, i, d;
	int pct, digits = 0;
	double num;

	if (comma != NULL) {
		la = comma + 1;
		lan = n - pn - 1;
	}
	for (i = 0; i < pn; i++)
		digits |= digit(v[i]);
	if (!digits)
		return;
	pct = v[pn - 1] == '%';
	if (pct) {
		if (percent(v, pn, &num) != 0)
			return;
	} else {
		for (i = d = 0; i < pn; i++) {
			if (!digit(v[i]) && v[i] != '-' && v[i] != '.')
				return;
			if (v[i] == '-' && i > 0)
				return;
			d += v[i] == '.';
		}
		if (d > 1)
			return;
		if ((dot = memchr(v, '.', pn)) != NULL && (dot == v ||
		    dot == v + pn - 1 || !digit(dot[-1]) || !digit(dot[1])))
			return;
		if (parse_float(v, pn, &num) != 0)
			return;
	}
	if (la != NULL) {
		if (eq(la, lan, "start"))
			c->line_align = "start";
		else if (eq(la, lan, "center"))
			c->line_align = "center";
		else if (eq(la, lan, "end"))
			c->line_align = "end";
		else
			return;
	}
	c->line_auto = 0;
	c->line_value = num;
	c->snap_to_lines = !pct;
	c->region = -1;
}

static void
set_position(struct fg_vtt_cue *c, const char *v, size_t n)
{
	const char *comma = memchr(v, ',', n), *ca;
	size_t pn = comma ? (size_t)(comma - v) : n, can;
	double num;

	if (percent(v, pn, &num) != 0)
		return;
	if (comma != NULL) {
		ca = comma + 1;
		can = n - pn - 1;
		if (eq(ca, can, "line-left"))
			c->position_align = "line-left";
		else if (eq(ca, can, "center"))
			c->position_align = "center";
		else if (eq(ca, can, "line-right"))
			c->position_align = "line-right";
		else
			return;
	}
	c->position_auto = 0;
	c->position = num;
}

static void
cue_setting(const struct vp *p, struct fg_vtt_cue *c, const char *name,
    size_t nn, const char *v, size_t n)
{
	static const char *const aligns[] = { "start", "center", "end",
	    "left", "right", NULL };
	double num;
	int i;

	if (eq(name, nn, "region")) {
		c->region = find_region(p, v, n);
	} else if (eq(name, nn, "vertical")) {
		if (eq(v, n, "rl"))
			c->vertical = "rl";
		else if (eq(v, n, "lr"))
			c->vertical = "lr";
		if (*c->vertical)
			c->region = -1;
	} else if (eq(name, nn, "line")) {
		set_line(c, v, n);
	} else if (eq(name, nn, "position")) {
		set_position(c, v, n);
	} else if (eq(name, nn, "size")) {
		if (percent(v, n, &num) == 0) {
			c->size = num;
			if (num != 100)
				c->region = -1;
		}
	} else if (eq(name, nn, "align")) {
		for (i = 0; aligns[i]; i++)
			if (eq(v, n, aligns[i]))
				c->align = aligns[i];
	}
}

/* Split s[0..n) on whitespace into NAME:VALUE settings and apply them
 * (cue settings when c is set, else region settings to r). */
static void
settings(const struct vp *p, const char *s, size_t n, struct fg_vtt_cue *c,
    struct fg_vtt_region *r)
{
	size_t i = 0, ts, te;
	const char *colon, *v;
	char *id;

	for (;;) {
		while (i < n && ws(s[i]))
			i++;
		if (i >= n)
			break;
		for (ts = i; i < n && !ws(s[i]); i++)
			;
		te = i;
		colon = memchr(s + ts, ':', te - ts);
		if (colon == NULL || colon == s + ts || colon == s + te - 1)
			continue;
		v = colon + 1;
		if (c != NULL) {
			cue_setting(p, c, s + ts, (size_t)(colon - s - ts), v,
			    (size_t)(s + te - v));
			continue;
		}
		/* region settings */
		if (eq(s + ts, (size_t)(colon - s - ts), "id")) {
			if ((id = dupn(v, (size_t)(s + te - v))) != NULL) {
				free(r->id);
				r->id = id;
			}
		} else if (eq(s + ts, (size_t)(colon - s - ts), "width")) {
			double w;
			if (percent(v, (size_t)(s + te - v), &w) == 0)
				r->width = w;
		} else if (eq(s + ts, (size_t)(colon - s - ts), "lines")) {
			const char *q;
			double l;
			for (q = v; q < s + te && digit(*q); q++)
				;
			if (q == s + te && parse_float(v, (size_t)(q - v), &l)
			    == 0)
				r->lines = l;
		} else if (eq(s + ts, (size_t)(colon - s - ts),
		    "regionanchor") || eq(s + ts, (size_t)(colon - s - ts),
		    "viewportanchor")) {
			const char *cm = memchr(v, ',', (size_t)(s + te - v));
			double x, y;
			if (cm == NULL || percent(v, (size_t)(cm - v), &x) != 0
			    || percent(cm + 1, (size_t)(s + te - cm - 1), &y)
			    != 0)
				continue;
			if (s[ts] == 'r') {
				r->anchor_x = x;
				r->anchor_y = y;
			} else {
				r->viewport_x = x;
				r->viewport_y = y;
			}
		} else if (eq(s + ts, (size_t)(colon - s - ts), "scroll")) {
			if (eq(v, (size_t)(s + te - v), "up"))
				r->scroll_up = 1;
		}
	}
}

/* Collect WebVTT cue timings and settings from line[0..n): 0, or -1 when
 * the timing is malformed, -2 when out of memory. */
static int
timings(const struct vp *p, const char *line, size_t n, struct fg_vtt_cue *c)
{
	size_t i = 0, e;

	while (i < n && ws(line[i]))
		i++;
	if (collect_ts(line, n, &i, &c->start_ms) != 0)
		return -1;
	while (i < n && ws(line[i]))
		i++;
	if (n - i < 3 || memcmp(line + i, "-->", 3) != 0)
		return -1;
	i += 3;
	while (i < n && ws(line[i]))
		i++;
	if (collect_ts(line, n, &i, &c->end_ms) != 0)
		return -1;
	settings(p, line + i, n - i, c, NULL);
	while (i < n && ws(line[i]))
		i++;
	for (e = n; e > i && ws(line[e - 1]); e--)
		;
	if ((c->settings = dupn(line + i, e - i)) == NULL)
		return -2;
	return 0;
}

/* ---- blocks ---- */

static void
cue_clear(struct fg_vtt_cue *c)
{
	free(c->id);
	free(c->settings);
	free(c->text);
	memset(c, 0, sizeof *c);
}

static void
cue_init(struct fg_vtt_cue *c)
{
	memset(c, 0, sizeof *c);
	c->vertical = "";
	c->line_auto = 1;
	c->snap_to_lines = 1;
	c->line_align = "start";
	c->position_auto = 1;
	c->position_align = "auto";
	c->size = 100;
	c->align = "center";
	c->region = -1;
}

/* s[0..n) contains "-->". */
static int
has_arrow(const char *s, size_t n)
{
	const char *q = s, *e = s + n;

	while (e - q >= 3 &&
	    (q = memchr(q, '-', (size_t)(e - q - 2))) != NULL) {
		if (q[1] == '-' && q[2] == '>')
			return 1;
		q++;
	}
	return 0;
}

/* buf starts with kw and the rest is whitespace. */
static int
keyword(const struct fg_buf *b, const char *kw)
{
	size_t k = strlen(kw), i;

	if (b->len < k || memcmp(b->p, kw, k) != 0)
		return 0;
	for (i = k; i < b->len; i++)
		if (!ws(b->p[i]))
			return 0;
	return 1;
}

static int
grow(void **v, size_t *cap, size_t n, size_t size)
{
	void *nv;
	size_t nc;

	if (n < *cap)
		return 0;
	nc = *cap ? 2 * *cap : 16;
	if ((nv = realloc(*v, nc * size)) == NULL)
		return -1;
	*v = nv;
	*cap = nc;
	return 0;
}

static enum fg_status
add_region(struct vp *p, struct fg_error *err)
{
	struct fg_vtt *v = p->v;
	struct fg_vtt_region *r;
	unsigned char *nl;
	size_t i, oldcap = p->cap_regions;

	if (grow((void **)&v->regions, &p->cap_regions, v->nregions,
	    sizeof *v->regions) != 0)
		return nomem(err);
	if (p->cap_regions != oldcap) {
		if ((nl = realloc(p->live, p->cap_regions)) == NULL)
			return nomem(err);
		p->live = nl;
	}
	r = &v->regions[v->nregions];
	memset(r, 0, sizeof *r);
	r->width = 100;
	r->lines = 3;
	r->anchor_y = r->viewport_y = 100;
	if ((r->id = dupn("", 0)) == NULL)
		return nomem(err);
	p->live[v->nregions++] = 1;
	settings(p, p->buf.p ? p->buf.p : "", p->buf.len, NULL, r);
	for (i = 0; i + 1 < v->nregions; i++)
		if (strcmp(v->regions[i].id, r->id) == 0)
			p->live[i] = 0;
	return FG_OK;
}

/* Collect a WebVTT block at p->pos (in_header: the header block). */
static enum fg_status
collect_block(struct vp *p, int in_header, struct fg_error *err)
{
	struct fg_vtt *v = p->v;
	struct fg_vtt_cue cue;
	size_t count = 0, prev_pos = p->pos, ls, le, first_off = 0,
	    first_len = 0;
	int prev_line = p->line, seen_eof = 0, seen_arrow = 0, have_cue = 0,
	    style = 0, region = 0, cur, start_line = p->line, r;
	const char *nl;

	cue_init(&cue);
	fg_buf_reset(&p->buf);
	for (;;) {
		ls = p->pos;
		nl = memchr(p->s + ls, '\n', p->n - ls);
		le = nl ? (size_t)(nl - p->s) : p->n;
		cur = p->line;
		if (++count == 1) {
			first_off = ls;
			first_len = le - ls;
		}
		if (nl == NULL) {
			seen_eof = 1;
			p->pos = le;
		} else {
			p->pos = le + 1;
			p->line++;
		}
		if (has_arrow(p->s + ls, le - ls)) {
			if (in_header || !(count == 1 || (count == 2 &&
			    !seen_arrow))) {
				p->pos = prev_pos;
				p->line = prev_line;
				break;
			}
			seen_arrow = 1;
			prev_pos = p->pos;
			prev_line = p->line;
			cue_clear(&cue);
			cue_init(&cue);
			have_cue = 0;
			r = timings(p, p->s + ls, le - ls, &cue);
			if (r == -2)
				goto oom;
			if (r == 0) {
				if ((cue.id = fg_buf_steal(&p->buf)) == NULL)
					goto oom;
				cue.line = cur;
				cue.text_line = p->line;
				have_cue = 1;
				p->seen_cue = 1;
			}
		} else if (le == ls) {
			break;
		} else {
			if (!in_header && count == 2 && !p->seen_cue) {
				if (keyword(&p->buf, "STYLE")) {
					style = 1;
					fg_buf_reset(&p->buf);
				} else if (keyword(&p->buf, "REGION")) {
					region = 1;
					fg_buf_reset(&p->buf);
				}
			}
			if ((p->buf.len > 0 && fg_buf_addc(&p->buf, '\n') !=
			    FG_OK) || fg_buf_add(&p->buf, p->s + ls, le - ls)
			    != FG_OK)
				goto oom;
			cue.text_lines += have_cue;
			prev_pos = p->pos;
			prev_line = p->line;
		}
		if (seen_eof)
			break;
	}
	if (have_cue) {
		if ((cue.text = fg_buf_steal(&p->buf)) == NULL ||
		    grow((void **)&v->cues, &p->cap_cues, v->ncues,
		    sizeof *v->cues) != 0)
			goto oom;
		v->cues[v->ncues++] = cue;
		return FG_OK;
	}
	cue_clear(&cue);
	if (in_header)
		return FG_OK;
	if (style) {
		v->nstyles++;
		return FG_OK;
	}
	if (region)
		return add_region(p, err);
	if (first_len >= 4 && memcmp(p->s + first_off, "NOTE", 4) == 0 &&
	    (first_len == 4 || p->s[first_off + 4] == ' ' ||
	    p->s[first_off + 4] == '\t')) {
		v->nnotes++;
		return FG_OK;
	}
	if (grow((void **)&v->dropped, &p->cap_dropped, v->ndropped,
	    sizeof *v->dropped) != 0)
		return nomem(err);
	v->dropped[v->ndropped++] = start_line;
	return FG_OK;
oom:
	cue_clear(&cue);
	return nomem(err);
}

static void
skip_lfs(struct vp *p)
{
	while (p->pos < p->n && p->s[p->pos] == '\n') {
		p->pos++;
		p->line++;
	}
}

void
fg_vtt_free(struct fg_vtt *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->ncues; i++)
		cue_clear(&v->cues[i]);
	free(v->cues);
	for (i = 0; i < v->nregions; i++)
		free(v->regions[i].id);
	free(v->regions);
	free(v->dropped);
	free(v);
}

/* Parse; line0 is the file line of data's first line. */
static enum fg_status
vtt_parse(const char *data, size_t len, const char *file, int line0,
    struct fg_vtt **out, struct fg_error *err)
{
	struct fg_buf in = FG_BUF_INIT;
	struct vp p;
	enum fg_status s;
	const char *nl;

	*out = NULL;
	memset(&p, 0, sizeof p);
	if ((s = preprocess(data, len, &in, err)) != FG_OK)
		goto out;
	p.s = in.p;
	p.n = in.len;
	p.line = line0;
	if (p.n < 6 || memcmp(p.s, "WEBVTT", 6) != 0 || (p.n > 6 &&
	    p.s[6] != ' ' && p.s[6] != '\t' && p.s[6] != '\n')) {
		s = fg_error_set(err, FG_INPUT, file, line0, p.n >= 6 &&
		    memcmp(p.s, "WEBVTT", 6) == 0 ? 7 : 1, "not a WebVTT "
		    "file: the first line must be 'WEBVTT', alone or followed "
		    "by a space or a tab");
		goto out;
	}
	if ((p.v = calloc(1, sizeof *p.v)) == NULL) {
		s = nomem(err);
		goto out;
	}
	nl = memchr(p.s, '\n', p.n);
	p.pos = nl ? (size_t)(nl - p.s) : p.n;
	if (p.pos < p.n) {
		p.pos++;
		p.line++;
	}
	if (p.pos < p.n) {
		if (p.s[p.pos] != '\n') {
			if ((s = collect_block(&p, 1, err)) != FG_OK)
				goto out;
		} else {
			p.pos++;
			p.line++;
		}
		skip_lfs(&p);
		while (p.pos < p.n) {
			if ((s = collect_block(&p, 0, err)) != FG_OK)
				goto out;
			skip_lfs(&p);
		}
	}
	*out = p.v;
	p.v = NULL;
out:
	fg_vtt_free(p.v);
	free(p.live);
	fg_buf_free(&p.buf);
	fg_buf_free(&in);
	return s;
}

enum fg_status
fg_vtt_parse(const char *data, size_t len, const char *file,
    struct fg_vtt **out, struct fg_error *err)
{
	return vtt_parse(data, len, file, 1, out, err);
}

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
		if (digit(s[i]))
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
	if (grow((void **)&ss->v, &ss->cap, ss->n, sizeof *ss->v) != 0) {
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
	if (n < 1 || t[0] != 'v' || (n > 1 && t[1] != '.' && !ws(t[1])))
		return 0;
	while (i < n && !ws(t[i]))
		i++;            /* classes */
	if (i >= n)
		return 0;
	if (add_decoded(&a, t + i + 1, n - i - 1) != FG_OK)
		goto oom;
	for (k = 0; k < a.len; k++) {
		if (ws(a.p[k])) {
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

	while (i < n && i < 2 && digit(line[i]))
		i++;
	if (i == 0 || i + 3 > n || line[i] != ':' || !digit(line[i + 1]) ||
	    !digit(line[i + 2]))
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
		return dupn(norm, strlen(norm));
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
	if (grow((void **)&cv->w, &cv->cap_w, cv->nw, sizeof *cv->w) != 0 ||
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
	while (*b < *e && ws(s[*b]))
		(*b)++;
	while (*e > *b && ws(s[*e - 1]))
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

	if (grow((void **)&cv->pc, &cv->cap_pc, cv->npc, sizeof *cv->pc) != 0)
		return FG_NOMEM;
	p = &cv->pc[cv->npc];
	memset(p, 0, sizeof *p);
	if (sg->voice != NULL) {
		raw = dupn(sg->voice, strlen(sg->voice));
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
					if ((raw = dupn(s + b, llen)) == NULL)
						goto oom;
					if (cv->o->nspeakers) {
						free(norm);
						if ((norm = dupn(cv->decl[d],
						    strlen(cv->decl[d]))) ==
						    NULL)
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
		tr->speaker = dupn(p->name ? p->name : FG_VTT_NO_SPEAKER,
		    strlen(p->name ? p->name : FG_VTT_NO_SPEAKER));
		tr->speaker_raw = dupn(p->raw ? p->raw : "", p->raw ?
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
	if ((s = vtt_parse(body, len, cv.o->file, cv.o->body_line > 0 ?
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
		s = nomem(err);
	segs_free(&ss);
	conv_free(&cv);
	fg_transcript_free(t);
	fg_buf_free(&rb);
	fg_vtt_free(v);
	return s;
}
