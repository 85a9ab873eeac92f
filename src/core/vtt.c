/* vtt.c - WebVTT: the file parsing algorithm of the W3C WebVTT
 * specification (https://w3c.github.io/webvtt/#file-parsing), written
 * step by step after it (see vtt.h); the conversion of cues into the
 * turns of a rendered text is in vtt-turns.c.
 *
 * The parser works on a preprocessed copy of the input (BOM skipped, NUL
 * and bad bytes as U+FFFD, LF line ends), in bytes: every character the
 * algorithm looks at is ASCII. */
#include "config.h"

#include "core/vtt.h"
#include "core/vtt-impl.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/utf8.h"

#define REPL "\xEF\xBF\xBD" /* U+FFFD */

enum fg_status
fg_vtt_nomem(struct fg_error *err)
{
	return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
}

char *
fg_vtt_dupn(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d != NULL) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* ASCII whitespace of the specification: tab, LF, FF, CR, space. */
int
fg_vtt_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

int
fg_vtt_digit(char c)
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
		return fg_vtt_nomem(err);
	while (i < n) {
		for (run = i; run < n && u[run] >= 0x01 && u[run] < 0x80 &&
		    u[run] != '\r'; run++)
			;
		if (run > i && fg_buf_add(b, d + i, run - i) != FG_OK)
			return fg_vtt_nomem(err);
		if ((i = run) >= n)
			break;
		if (u[i] == '\r') {
			if (fg_buf_addc(b, '\n') != FG_OK)
				return fg_vtt_nomem(err);
			i += i + 1 < n && u[i + 1] == '\n' ? 2 : 1;
		} else if (u[i] == 0 ||
		    fg_utf8_decode(d + i, n - i, &adv) < 0) {
			if (fg_buf_adds(b, REPL) != FG_OK)
				return fg_vtt_nomem(err);
			i++;
		} else {
			if (fg_buf_add(b, d + i, adv) != FG_OK)
				return fg_vtt_nomem(err);
			i += adv;
		}
	}
	if (b->p == NULL && fg_buf_adds(b, "") != FG_OK)
		return fg_vtt_nomem(err);
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
	while (i < n && fg_vtt_digit(s[i]))
		i++;
	if (i == 0)
		return -1;
	if (i < n) {
		if (s[i++] != '.')
			return -1;
		for (d0 = i; i < n && fg_vtt_digit(s[i]); i++)
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

	if (k >= n || !fg_vtt_digit(s[k]))
		return -1;
	for (st = k; k < n && fg_vtt_digit(s[k]); k++)
		if (k - st < 12)
			v1 = v1 * 10 + (s[k] - '0');
	if (k - st > 12)
		return -1;      /* the one deviation: absurd hours */
	if (k - st != 2 || v1 > 59)
		hours = 1;
	if (k >= n || s[k] != ':')
		return -1;
	for (st = ++k; k < n && fg_vtt_digit(s[k]); k++)
		v2 = v2 * 10 + (s[k] - '0');
	if (k - st != 2)
		return -1;
	if (hours || (k < n && s[k] == ':')) {
		if (k >= n || s[k] != ':')
			return -1;
		for (st = ++k; k < n && fg_vtt_digit(s[k]); k++)
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
	for (st = ++k; k < n && fg_vtt_digit(s[k]) && k - st < 4; k++)
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
		digits |= fg_vtt_digit(v[i]);
	if (!digits)
		return;
	pct = v[pn - 1] == '%';
	if (pct) {
		if (percent(v, pn, &num) != 0)
			return;
	} else {
		for (i = d = 0; i < pn; i++) {
			if (!fg_vtt_digit(v[i]) && v[i] != '-' && v[i] != '.')
				return;
			if (v[i] == '-' && i > 0)
				return;
			d += v[i] == '.';
		}
		if (d > 1)
			return;
		if ((dot = memchr(v, '.', pn)) != NULL && (dot == v ||
		    dot == v + pn - 1 || !fg_vtt_digit(dot[-1]) ||
		    !fg_vtt_digit(dot[1])))
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
		while (i < n && fg_vtt_ws(s[i]))
			i++;
		if (i >= n)
			break;
		for (ts = i; i < n && !fg_vtt_ws(s[i]); i++)
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
			if ((id = fg_vtt_dupn(v, (size_t)(s + te - v))) !=
			    NULL) {
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
			for (q = v; q < s + te && fg_vtt_digit(*q); q++)
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

	while (i < n && fg_vtt_ws(line[i]))
		i++;
	if (collect_ts(line, n, &i, &c->start_ms) != 0)
		return -1;
	while (i < n && fg_vtt_ws(line[i]))
		i++;
	if (n - i < 3 || memcmp(line + i, "-->", 3) != 0)
		return -1;
	i += 3;
	while (i < n && fg_vtt_ws(line[i]))
		i++;
	if (collect_ts(line, n, &i, &c->end_ms) != 0)
		return -1;
	settings(p, line + i, n - i, c, NULL);
	while (i < n && fg_vtt_ws(line[i]))
		i++;
	for (e = n; e > i && fg_vtt_ws(line[e - 1]); e--)
		;
	if ((c->settings = fg_vtt_dupn(line + i, e - i)) == NULL)
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
		if (!fg_vtt_ws(b->p[i]))
			return 0;
	return 1;
}

int
fg_vtt_grow(void **v, size_t *cap, size_t n, size_t size)
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

	if (fg_vtt_grow((void **)&v->regions, &p->cap_regions, v->nregions,
	    sizeof *v->regions) != 0)
		return fg_vtt_nomem(err);
	if (p->cap_regions != oldcap) {
		if ((nl = realloc(p->live, p->cap_regions)) == NULL)
			return fg_vtt_nomem(err);
		p->live = nl;
	}
	r = &v->regions[v->nregions];
	memset(r, 0, sizeof *r);
	r->width = 100;
	r->lines = 3;
	r->anchor_y = r->viewport_y = 100;
	if ((r->id = fg_vtt_dupn("", 0)) == NULL)
		return fg_vtt_nomem(err);
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
		    fg_vtt_grow((void **)&v->cues, &p->cap_cues, v->ncues,
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
	if (fg_vtt_grow((void **)&v->dropped, &p->cap_dropped, v->ndropped,
	    sizeof *v->dropped) != 0)
		return fg_vtt_nomem(err);
	v->dropped[v->ndropped++] = start_line;
	return FG_OK;
oom:
	cue_clear(&cue);
	return fg_vtt_nomem(err);
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
enum fg_status
fg_vtt_parse_at(const char *data, size_t len, const char *file, int line0,
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
		s = fg_vtt_nomem(err);
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
	return fg_vtt_parse_at(data, len, file, 1, out, err);
}
