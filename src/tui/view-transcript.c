/* view-transcript.c - the transcript pane: turns with numbers and speaker
 * names, wrapped by display width, coded spans highlighted, a margin of
 * coding stripes (one letter per code covering the row), the cursor and
 * the selection.
 *
 * Only a window of turns around what is on screen is held in memory
 * (fetched through core/reader, which reads the text by byte range), so a
 * 50 MB transcript opens as fast as a small one. */
#include "config.h"

#include "tui/tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/utf8.h"

#define WIN_BEFORE 64
#define WIN_SIZE 256
#define STRIPES 3
#define NUM_W 5

static int text_width(const struct tui *t, int pane_w);

/* ---- layout ---- */

/* Cells taken by code point cp at column col (tabs to the next 8). */
static int
cells(int32_t cp, int col)
{
	int w;

	if (cp == '\t')
		return 8 - (col % 8);
	if (cp < 32 || cp == 127)
		return 2;
	if (cp >= 0x80 && cp < 0xA0)
		return 4;
	w = utf8proc_charwidth(cp);
	return w < 0 ? 1 : w;
}

static void
free_turn(struct tui_turn *tt)
{
	fg_turn_view_clear(&tt->v);
	free(tt->rows);
	tt->rows = NULL;
	tt->nrows = 0;
}

/* Wrap the turn's text into rows of at most w cells, at spaces when it
 * can, never inside a grapheme cluster; line feeds end rows. */
static int
layout_turn(struct tui_turn *tt, int w)
{
	const char *s = tt->v.text;
	size_t len = tt->v.end_b - tt->v.start_b, i = 0, adv, cp = 0;
	size_t rs_b = 0, rs_cp = 0, sp_b = 0, sp_cp = 0, cap = 4;
	int col = 0, have_sp = 0, cw;
	utf8proc_int32_t state = 0, prev = -1;
	int32_t c;

	if (w < 1)
		w = 1;
	free(tt->rows);
	tt->nrows = 0;
	if ((tt->rows = malloc(cap * sizeof *tt->rows)) == NULL)
		return -1;
#define EMIT(eb, ecp) do { \
	if (tt->nrows == cap) { \
		struct tui_row *nr = realloc(tt->rows, 2 * cap * \
		    sizeof *nr); \
		if (nr == NULL) \
			return -1; \
		tt->rows = nr; \
		cap *= 2; \
	} \
	tt->rows[tt->nrows].start_b = rs_b; \
	tt->rows[tt->nrows].start_cp = rs_cp; \
	tt->rows[tt->nrows].end_b = (eb); \
	tt->rows[tt->nrows].end_cp = (ecp); \
	tt->nrows++; \
} while (0)
	while (i < len) {
		c = fg_utf8_decode(s + i, len - i, &adv);
		if (c < 0)
			c = 0xFFFD;
		if (c == '\n') {
			EMIT(i, cp);
			i += adv;
			cp++;
			rs_b = i;
			rs_cp = cp;
			col = 0;
			have_sp = 0;
			prev = -1;
			state = 0;
			continue;
		}
		cw = cells(c, col);
		/* part of the previous grapheme cluster: never break here */
		if (prev >= 0 && !utf8proc_grapheme_break_stateful(prev, c,
		    &state)) {
			col += cw;
			prev = c;
			i += adv;
			cp++;
			continue;
		}
		if (col + cw > w && col > 0) {
			if (have_sp) {
				EMIT(sp_b, sp_cp);
				rs_b = sp_b;
				rs_cp = sp_cp;
				/* recount the carried-over part */
				col = 0;
				{
					size_t j = rs_b, a2;
					while (j < i) {
						int32_t c2 = fg_utf8_decode(s + j,
						    len - j, &a2);
						col += cells(c2 < 0 ? 0xFFFD : c2,
						    col);
						j += a2;
					}
				}
			} else {
				EMIT(i, cp);
				rs_b = i;
				rs_cp = cp;
				col = 0;
			}
			have_sp = 0;
			cw = cells(c, col);
		}
		col += cw;
		prev = c;
		i += adv;
		cp++;
		if (c == ' ') {
			sp_b = i;
			sp_cp = cp;
			have_sp = 1;
		}
	}
	EMIT(len, cp);
#undef EMIT
	return 0;
}

static void
window_clear(struct tui *t)
{
	size_t i;

	for (i = 0; i < t->win_n; i++)
		free_turn(&t->win[i]);
	t->win_n = 0;
	t->win_first = 0;
}

/* Load the window of turns around seq, laid out for width w. */
static int
window_load(struct tui *t, size_t seq, int w)
{
	struct fg_turn_view *tv;
	struct fg_error err;
	size_t first = seq > WIN_BEFORE ? seq - WIN_BEFORE : 1, got, i;

	window_clear(t);
	if (t->win == NULL) {
		t->win = calloc(WIN_SIZE, sizeof *t->win);
		if (t->win == NULL)
			return -1;
		t->win_cap = WIN_SIZE;
	}
	tv = calloc(WIN_SIZE, sizeof *tv);
	if (tv == NULL)
		return -1;
	fg_error_clear(&err);
	if (fg_reader_turns(t->rd, first, WIN_SIZE, tv, &got, &err) != FG_OK) {
		free(tv);
		tui_message(t, 1, "%s", err.msg);
		return -1;
	}
	for (i = 0; i < got; i++) {
		t->win[i].v = tv[i];
		t->win[i].rows = NULL;
		layout_turn(&t->win[i], w);
	}
	free(tv);
	t->win_first = first;
	t->win_n = got;
	t->layout_width = w;
	return 0;
}

/* The laid-out turn seq (1-based), or NULL past the ends. */
static struct tui_turn *
turn(struct tui *t, size_t seq, int w)
{
	size_t n = t->rd ? fg_reader_info(t->rd)->nturns : 0;

	if (seq < 1 || seq > n)
		return NULL;
	if (t->layout_width != w || seq < t->win_first ||
	    seq >= t->win_first + t->win_n) {
		if (window_load(t, seq, w) != 0)
			return NULL;
	}
	if (seq < t->win_first || seq >= t->win_first + t->win_n)
		return NULL;
	return &t->win[seq - t->win_first];
}

/* ---- positions ---- */

static size_t
row_of(const struct tui_turn *tt, size_t cp)
{
	size_t r;

	for (r = 0; r + 1 < tt->nrows; r++)
		if (cp < tt->rows[r + 1].start_cp)
			return r;
	return tt->nrows ? tt->nrows - 1 : 0;
}

static size_t
turn_len_cp(const struct tui_turn *tt)
{
	return tt->v.end_cp - tt->v.start_cp;
}

/* Column (cells) of cp within its row. */
static size_t
col_of(const struct tui_turn *tt, size_t cp)
{
	const struct tui_row *row = &tt->rows[row_of(tt, cp)];
	const char *s = tt->v.text;
	size_t i = row->start_b, k = row->start_cp, adv;
	size_t col = 0;

	while (k < cp && i < row->end_b) {
		int32_t c = fg_utf8_decode(s + i, row->end_b - i, &adv);
		col += (size_t)cells(c < 0 ? 0xFFFD : c, (int)col);
		i += adv;
		k++;
	}
	return col;
}

/* The cp in row r at or before column col. */
static size_t
cp_at_col(const struct tui_turn *tt, size_t r, size_t col)
{
	const struct tui_row *row = &tt->rows[r];
	const char *s = tt->v.text;
	size_t i = row->start_b, k = row->start_cp, adv, c0 = 0;
	int w;

	while (i < row->end_b) {
		int32_t c = fg_utf8_decode(s + i, row->end_b - i, &adv);
		w = cells(c < 0 ? 0xFFFD : c, (int)c0);
		if (c0 + (size_t)w > col)
			break;
		c0 += (size_t)w;
		i += adv;
		k++;
	}
	if (k >= row->end_cp && row->end_cp > row->start_cp &&
	    k == row->end_cp && r + 1 < tt->nrows)
		k = row->end_cp - 1;
	return k;
}

/* Rows from (s1, r1) forward to (s2, r2); may be negative. */
static long
rows_between(struct tui *t, size_t s1, size_t r1, size_t s2, size_t r2,
    int w)
{
	long n = 0;
	size_t s;
	struct tui_turn *tt;

	if (s1 == s2)
		return (long)r2 - (long)r1;
	if (s1 > s2)
		return -rows_between(t, s2, r2, s1, r1, w);
	tt = turn(t, s1, w);
	n = tt ? (long)tt->nrows - (long)r1 : 0;
	for (s = s1 + 1; s < s2; s++) {
		tt = turn(t, s, w);
		n += tt ? (long)tt->nrows : 0;
		if (n > 100000)
			break;
	}
	return n + (long)r2;
}

/* Move (seq, row) by delta display rows, clamped to the ends. */
static void
step_rows(struct tui *t, size_t *seq, size_t *row, long delta, int w)
{
	struct tui_turn *tt;
	size_t n = fg_reader_info(t->rd)->nturns;

	while (delta > 0) {
		tt = turn(t, *seq, w);
		if (tt == NULL)
			return;
		if (*row + 1 < tt->nrows) {
			(*row)++;
		} else if (*seq < n) {
			(*seq)++;
			*row = 0;
		} else {
			return;
		}
		delta--;
	}
	while (delta < 0) {
		if (*row > 0) {
			(*row)--;
		} else if (*seq > 1) {
			(*seq)--;
			tt = turn(t, *seq, w);
			*row = tt && tt->nrows ? tt->nrows - 1 : 0;
		} else {
			return;
		}
		delta++;
	}
}

static int pane_h, pane_w; /* of the last draw; used by key handlers */

/* Keep the cursor on screen. */
static void
scroll_to_cursor(struct tui *t)
{
	int w = text_width(t, pane_w);
	struct tui_turn *tt = turn(t, t->cur_seq, w);
	size_t crow = tt ? row_of(tt, t->cur_cp) : 0;
	long d;
	int h = pane_h > 0 ? pane_h : 20;

	if (tt == NULL)
		return;
	d = rows_between(t, t->top_seq, t->top_row, t->cur_seq, crow, w);
	if (d < 0) {
		t->top_seq = t->cur_seq;
		t->top_row = crow;
	} else if (d >= h) {
		t->top_seq = t->cur_seq;
		t->top_row = crow;
		step_rows(t, &t->top_seq, &t->top_row, -(long)(h - 1), w);
	}
}

/* Widths of the turn-number and speaker columns in a pane w cells wide:
 * narrow panes drop the numbers (the status line shows the turn) and
 * shorten the names, so that text always has room. */
static void
columns(const struct tui *t, int w, int *num_w, int *spk_w)
{
	*num_w = w >= 40 ? NUM_W : 0;
	*spk_w = t->speaker_w;
	if (w < 40 && *spk_w > w / 5)
		*spk_w = w / 5 < 3 ? 3 : w / 5;
}

static int
text_width(const struct tui *t, int w)
{
	int num_w, spk_w, tw;

	columns(t, w, &num_w, &spk_w);
	tw = w - STRIPES - 1 - (num_w ? num_w + 1 : 0) - spk_w - 1;
	return tw < 4 ? 4 : tw;
}

/* ---- drawing ---- */

static short
colour_of(const char *hex)
{
	unsigned r, g, b;
	short c = 0;

	if (hex == NULL || sscanf(hex, "#%02x%02x%02x", &r, &g, &b) != 3)
		return COLOR_YELLOW;
	if (r > 127)
		c |= COLOR_RED;
	if (g > 127)
		c |= COLOR_GREEN;
	if (b > 127)
		c |= COLOR_BLUE;
	if (c == 0 || c == 7)
		c = COLOR_YELLOW;
	return c;
}

static attr_t
code_attr(const char *hex)
{
	short c;

	if (!has_colors())
		return A_UNDERLINE;
	c = colour_of(hex);
	init_pair((short)(8 + c), c, -1);
	return COLOR_PAIR(8 + c) | A_UNDERLINE;
}

static attr_t
speaker_attr(const char *name)
{
	unsigned h = 5381;
	short c;

	if (!has_colors())
		return A_BOLD;
	for (; *name; name++)
		h = h * 33 + (unsigned char)*name;
	c = (short)(1 + h % 6);
	init_pair((short)(16 + c), c, -1);
	return COLOR_PAIR(16 + c) | A_BOLD;
}

static void
fetch_codings(struct tui *t, size_t from, size_t to)
{
	struct fg_error err;
	size_t i;

	if (t->cod && from >= t->cod_from && to <= t->cod_to)
		return;
	for (i = 0; i < t->ncod; i++)
		fg_coding_view_clear(&t->cod[i]);
	free(t->cod);
	t->cod = NULL;
	t->ncod = 0;
	fg_error_clear(&err);
	if (fg_reader_codings(t->rd, from, to, &t->cod, &t->ncod, &err)
	    != FG_OK) {
		tui_message(t, 1, "%s", err.msg);
		return;
	}
	t->cod_from = from;
	t->cod_to = to;
}

/* Selection as a source-wide cp range [a, b); 0 if none. */
static int
selection(struct tui *t, size_t *a, size_t *b)
{
	int w = text_width(t, pane_w);
	struct tui_turn *x, *y;
	size_t s1 = t->sel_seq, c1 = t->sel_cp, s2 = t->cur_seq, c2 = t->cur_cp;
	size_t xs, ys, tmp;

	if (!t->sel)
		return 0;
	if (s1 > s2 || (s1 == s2 && c1 > c2)) {
		tmp = s1; s1 = s2; s2 = tmp;
		tmp = c1; c1 = c2; c2 = tmp;
	}
	x = turn(t, s1, w);
	xs = x ? x->v.start_cp : 0;
	if (t->sel == 2) {
		*a = xs;
		y = turn(t, s2, w);
		*b = y ? y->v.end_cp : xs;
		return *b > *a;
	}
	*a = xs + c1;
	y = turn(t, s2, w);
	ys = y ? y->v.start_cp : 0;
	*b = ys + c2 + 1;
	if (y && *b > y->v.end_cp)
		*b = y->v.end_cp;
	return *b > *a;
}

static void
draw_row(struct tui *t, int y, int x, int tw, struct tui_turn *tt, size_t r,
    size_t sa, size_t sb, int focused)
{
	const struct tui_row *row = &tt->rows[r];
	const char *s = tt->v.text;
	size_t i = row->start_b, k = row->start_cp, adv, j;
	size_t base = tt->v.start_cp;
	int col = 0, w, n;
	const char *stripe[STRIPES];
	size_t stripe_len[STRIPES];
	int num_w, spk_w;
	int ns = 0;
	attr_t stripe_attr[STRIPES];

	/* stripes: the first letter of each code covering this row */
	for (j = 0; j < t->ncod && ns < STRIPES; j++) {
		struct fg_coding_view *c = &t->cod[j];
		size_t ra = base + row->start_cp, rb = base + row->end_cp, a2;
		int dup = 0, q;

		if (rb == ra)
			rb = ra + 1;
		if (!(c->start_cp < rb && c->end_cp > ra))
			continue;
		fg_utf8_decode(c->code, strlen(c->code), &a2);
		for (q = 0; q < ns; q++)
			if (stripe_len[q] == a2 &&
			    memcmp(stripe[q], c->code, a2) == 0)
				dup = 1;
		if (dup)
			continue;
		stripe[ns] = c->code;
		stripe_len[ns] = a2;
		stripe_attr[ns] = (code_attr(c->colour) & ~A_UNDERLINE) |
		    A_BOLD;
		ns++;
	}
	/* more codes than stripes: the last one becomes '+' */
	for (; j < t->ncod && ns == STRIPES; j++) {
		struct fg_coding_view *c = &t->cod[j];
		size_t ra = base + row->start_cp, rb = base + row->end_cp;

		if (rb == ra)
			rb = ra + 1;
		if (c->start_cp < rb && c->end_cp > ra &&
		    strncmp(c->code, stripe[0], stripe_len[0]) != 0 &&
		    strncmp(c->code, stripe[1], stripe_len[1]) != 0 &&
		    strncmp(c->code, stripe[2], stripe_len[2]) != 0) {
			stripe[STRIPES - 1] = "+";
			stripe_len[STRIPES - 1] = 1;
			stripe_attr[STRIPES - 1] = A_BOLD;
			break;
		}
	}
	for (n = 0; n < ns; n++)
		tui_put(y, x + n, 1, stripe[n], stripe_len[n], stripe_attr[n]);
	x += STRIPES + 1;
	columns(t, pane_w, &num_w, &spk_w);
	if (r == 0) {
		char num[32];

		if (num_w > 0) {
			snprintf(num, sizeof num, "%*zu", num_w, tt->v.seq);
			tui_put(y, x, num_w, num, strlen(num), A_DIM);
			x += num_w + 1;
		}
		tui_put(y, x, spk_w, tt->v.speaker, strlen(tt->v.speaker),
		    speaker_attr(tt->v.speaker));
		x += spk_w + 1;
	} else {
		x += (num_w ? num_w + 1 : 0) + spk_w + 1;
	}
	while (i < row->end_b && col < tw) {
		int32_t c = fg_utf8_decode(s + i, row->end_b - i, &adv);
		size_t end = i + adv, src = base + k, q;
		attr_t a = A_NORMAL;
		int ncov = 0;

		if (c < 0)
			c = 0xFFFD;
		/* take following zero-width characters along */
		while (end < row->end_b) {
			size_t a2;
			int32_t c2 = fg_utf8_decode(s + end, row->end_b - end,
			    &a2);
			if (c2 < 32 || utf8proc_charwidth(c2) != 0 ||
			    (c2 >= 0x80 && c2 < 0xA0))
				break;
			end += a2;
			k++;
		}
		for (q = 0; q < t->ncod; q++)
			if (t->cod[q].start_cp <= src && src < t->cod[q].end_cp) {
				if (ncov == 0)
					a = code_attr(t->cod[q].colour);
				ncov++;
			}
		if (ncov > 1)
			a |= A_BOLD;
		if (sb > sa && src >= sa && src < sb)
			a = A_REVERSE;
		if (focused && tt->v.seq == t->cur_seq && k == t->cur_cp)
			a = A_REVERSE | A_BOLD;
		w = cells(c, col);
		if (col + w > tw)
			break;
		if (c == '\t')
			tui_fill(y, x + col, w, a);
		else
			tui_put(y, x + col, w, s + i, end - i, a);
		col += w;
		i = end;
		k++;
	}
	/* the cursor on an empty row or at a line end */
	if (focused && tt->v.seq == t->cur_seq && k == t->cur_cp &&
	    t->cur_cp >= row->start_cp && t->cur_cp <= row->end_cp &&
	    col < tw && (row->end_cp == row->start_cp ||
	    t->cur_cp == turn_len_cp(tt)))
		tui_fill(y, x + col, 1, A_REVERSE);
}

void
tui_text_draw(struct tui *t, const struct tui_rect *r)
{
	int focused = t->focus == TUI_PANE_TRANSCRIPT, w, y = 0;
	size_t seq, row, sa = 0, sb = 0, from, to;
	struct tui_turn *tt;
	char title[512];
	const struct fg_source_info *in;

	pane_h = r->h - 1;
	pane_w = r->w;
	if (t->rd == NULL) {
		const char *m = "Transcript: open a source (Tab, Enter)";
		tui_put(r->y, r->x, r->w, m, strlen(m), A_BOLD);
		return;
	}
	in = fg_reader_info(t->rd);
	snprintf(title, sizeof title, "%s  FG %s  %s  %s  %zu turns",
	    in->name, in->fg ? in->fg : "-", in->city ? in->city : "-",
	    in->date ? in->date : "-", in->nturns);
	tui_put(r->y, r->x, r->w, title, strlen(title),
	    focused ? A_BOLD | A_UNDERLINE : A_BOLD);
	if (in->nturns == 0)
		return;
	w = text_width(t, r->w);
	if (t->layout_width != w)
		scroll_to_cursor(t);
	/* the source span on screen, for codings */
	tt = turn(t, t->top_seq, w);
	from = tt ? tt->v.start_cp : 0;
	seq = t->top_seq;
	row = t->top_row;
	to = from;
	{
		size_t s2 = seq, r2 = row;
		step_rows(t, &s2, &r2, pane_h, w);
		tt = turn(t, s2, w);
		to = tt ? tt->v.end_cp + 1 : in->n_cp;
	}
	fetch_codings(t, from, to);
	selection(t, &sa, &sb);
	for (y = 1; y < r->h; y++) {
		tt = turn(t, seq, w);
		if (tt == NULL || row >= tt->nrows)
			break;
		draw_row(t, r->y + y, r->x, w, tt, row, sa, sb, focused);
		if (row + 1 < tt->nrows) {
			row++;
		} else {
			seq++;
			row = 0;
		}
	}
}

/* ---- keys ---- */

static int
is_word(int32_t c)
{
	utf8proc_category_t cat = utf8proc_category(c);

	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
	    (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME) ||
	    (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO) ||
	    c == '_' || c == '\'';
}

static int32_t
cp_in(const struct tui_turn *tt, size_t cp)
{
	size_t b, adv;

	if (fg_utf8_cp_to_byte(tt->v.text, tt->v.end_b - tt->v.start_b, cp,
	    &b) != 0 || b >= tt->v.end_b - tt->v.start_b)
		return -1;
	return fg_utf8_decode(tt->v.text + b, tt->v.end_b - tt->v.start_b - b,
	    &adv);
}

static void
word_move(struct tui *t, int dir, int w)
{
	struct tui_turn *tt = turn(t, t->cur_seq, w);
	size_t n = fg_reader_info(t->rd)->nturns, len;
	int guard = 0;

	if (tt == NULL)
		return;
	len = turn_len_cp(tt);
	if (dir > 0) {
		/* skip the rest of this word, then non-word characters */
		while (t->cur_cp < len && is_word(cp_in(tt, t->cur_cp)))
			t->cur_cp++;
		for (;;) {
			while (t->cur_cp < len && !is_word(cp_in(tt, t->cur_cp)))
				t->cur_cp++;
			if (t->cur_cp < len || t->cur_seq >= n || guard++ > 50)
				break;
			t->cur_seq++;
			t->cur_cp = 0;
			tt = turn(t, t->cur_seq, w);
			if (tt == NULL)
				break;
			len = turn_len_cp(tt);
		}
		if (t->cur_cp >= len && len > 0)
			t->cur_cp = len - 1;
	} else {
		for (;;) {
			if (t->cur_cp > 0) {
				t->cur_cp--;
				while (t->cur_cp > 0 &&
				    !is_word(cp_in(tt, t->cur_cp)))
					t->cur_cp--;
				while (t->cur_cp > 0 &&
				    is_word(cp_in(tt, t->cur_cp - 1)))
					t->cur_cp--;
				break;
			}
			if (t->cur_seq <= 1 || guard++ > 50)
				break;
			t->cur_seq--;
			tt = turn(t, t->cur_seq, w);
			if (tt == NULL)
				break;
			t->cur_cp = turn_len_cp(tt);
		}
	}
}

int
tui_text_key(struct tui *t, enum tui_req req)
{
	int w = text_width(t, pane_w > 0 ? pane_w : t->cols);
	struct tui_turn *tt;
	size_t n, r, len;

	if (t->rd == NULL || (n = fg_reader_info(t->rd)->nturns) == 0)
		return TUI_REACT_NONE;
	tt = turn(t, t->cur_seq, w);
	if (tt == NULL)
		return TUI_REACT_NONE;
	len = turn_len_cp(tt);
	switch (req) {
	case TUI_REQ_DOWN:
	case TUI_REQ_UP:
	case TUI_REQ_PAGE_DOWN:
	case TUI_REQ_PAGE_UP: {
		size_t seq = t->cur_seq, row = row_of(tt, t->cur_cp);
		long d = req == TUI_REQ_DOWN ? 1 : req == TUI_REQ_UP ? -1 :
		    req == TUI_REQ_PAGE_DOWN ? (pane_h > 1 ? pane_h - 1 : 1) :
		    -(pane_h > 1 ? pane_h - 1 : 1);

		if (req == TUI_REQ_PAGE_DOWN || req == TUI_REQ_PAGE_UP)
			step_rows(t, &t->top_seq, &t->top_row, d, w);
		step_rows(t, &seq, &row, d, w);
		tt = turn(t, seq, w);
		if (tt == NULL)
			break;
		t->cur_seq = seq;
		t->cur_cp = cp_at_col(tt, row, t->want_col);
		break;
	}
	case TUI_REQ_LEFT:
		if (t->cur_cp > 0) {
			t->cur_cp--;
		} else if (t->cur_seq > 1 && t->sel != 2) {
			t->cur_seq--;
			tt = turn(t, t->cur_seq, w);
			t->cur_cp = tt && turn_len_cp(tt) ? turn_len_cp(tt) - 1 :
			    0;
		}
		tt = turn(t, t->cur_seq, w);
		t->want_col = tt ? col_of(tt, t->cur_cp) : 0;
		break;
	case TUI_REQ_RIGHT:
		if (t->cur_cp + 1 < len) {
			t->cur_cp++;
		} else if (t->cur_seq < n) {
			t->cur_seq++;
			t->cur_cp = 0;
		}
		tt = turn(t, t->cur_seq, w);
		t->want_col = tt ? col_of(tt, t->cur_cp) : 0;
		break;
	case TUI_REQ_WORD_NEXT:
	case TUI_REQ_WORD_PREV:
		word_move(t, req == TUI_REQ_WORD_NEXT ? 1 : -1, w);
		tt = turn(t, t->cur_seq, w);
		t->want_col = tt ? col_of(tt, t->cur_cp) : 0;
		break;
	case TUI_REQ_TOP:
		t->cur_seq = 1;
		t->cur_cp = 0;
		t->want_col = 0;
		break;
	case TUI_REQ_BOTTOM:
		t->cur_seq = n;
		tt = turn(t, n, w);
		r = tt && tt->nrows ? tt->nrows - 1 : 0;
		t->cur_cp = tt ? tt->rows[r].start_cp : 0;
		t->want_col = 0;
		break;
	case TUI_REQ_SELECT:
		if (t->sel == 1) {
			t->sel = 0;
		} else {
			t->sel = 1;
			t->sel_seq = t->cur_seq;
			t->sel_cp = t->cur_cp;
		}
		break;
	case TUI_REQ_SELECT_TURNS:
		if (t->sel == 2) {
			t->sel = 0;
		} else {
			t->sel = 2;
			t->sel_seq = t->cur_seq;
			t->sel_cp = 0;
		}
		break;
	case TUI_REQ_CANCEL:
		t->sel = 0;
		break;
	default:
		return TUI_REACT_NONE;
	}
	scroll_to_cursor(t);
	return TUI_REACT_REDRAW;
}

/* The selection or, without one, the turn under the cursor, as a
 * source-wide cp range; 0 when there is nothing. */
int
tui_text_target(struct tui *t, size_t *a, size_t *b)
{
	int w = text_width(t, pane_w > 0 ? pane_w : t->cols);
	struct tui_turn *tt;

	if (t->rd == NULL)
		return 0;
	if (t->sel)
		return selection(t, a, b);
	tt = turn(t, t->cur_seq, w);
	if (tt == NULL || tt->v.end_cp == tt->v.start_cp)
		return 0;
	*a = tt->v.start_cp;
	*b = tt->v.end_cp;
	return 1;
}

/* Codings covering the cursor (borrowed views; valid until the next
 * draw).  Returns how many were written to out (at most max). */
size_t
tui_text_codings_at_cursor(struct tui *t, struct fg_coding_view **out,
    size_t max)
{
	int w = text_width(t, pane_w > 0 ? pane_w : t->cols);
	struct tui_turn *tt = t->rd ? turn(t, t->cur_seq, w) : NULL;
	size_t src, i, n = 0;

	if (tt == NULL)
		return 0;
	src = tt->v.start_cp + t->cur_cp;
	fetch_codings(t, tt->v.start_cp, tt->v.end_cp + 1);
	for (i = 0; i < t->ncod && n < max; i++)
		if (t->cod[i].start_cp <= src && src < t->cod[i].end_cp)
			out[n++] = &t->cod[i];
	return n;
}

/* Move the cursor to source-wide code point cp (in turn seq). */
void
tui_text_goto(struct tui *t, size_t seq, size_t cp)
{
	int w = text_width(t, pane_w > 0 ? pane_w : t->cols);
	struct tui_turn *tt = turn(t, seq, w);

	if (tt == NULL)
		return;
	t->cur_seq = seq;
	t->cur_cp = cp >= tt->v.start_cp ? cp - tt->v.start_cp : 0;
	t->want_col = col_of(tt, t->cur_cp);
	scroll_to_cursor(t);
}

/* Forget cached turns and codings (after a change or a reload). */
int
tui_text_refresh(struct tui *t)
{
	size_t i;

	window_clear(t);
	t->layout_width = -1;
	for (i = 0; i < t->ncod; i++)
		fg_coding_view_clear(&t->cod[i]);
	free(t->cod);
	t->cod = NULL;
	t->ncod = 0;
	t->cod_from = t->cod_to = 0;
	return TUI_REACT_REDRAW;
}

void
tui_text_close(struct tui *t)
{
	tui_text_refresh(t);
	free(t->win);
	t->win = NULL;
	t->win_cap = 0;
	fg_reader_free(t->rd);
	t->rd = NULL;
	t->sel = 0;
}
