/* display.c - the screen: set-up (a real terminal, or none at all for
 * scripted tests), the pane layout, drawing, and :save-display. */
#include "config.h"

#include "tui/tui.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static SCREEN *screen;
static FILE *null_out;

int
tui_display_init(struct tui *t, struct fg_error *err)
{
	const char *term = getenv("TERM");

	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
	t->no_display = getenv("FGCODE_NO_DISPLAY") != NULL &&
	    *getenv("FGCODE_NO_DISPLAY") != '\0';
	if (t->no_display) {
		if ((null_out = fopen("/dev/null", "w")) == NULL)
			return fg_error_set(err, FG_IO, "/dev/null", 0, 0,
			    "cannot open: %s", strerror(errno));
		screen = newterm(term && *term ? term : "xterm", null_out,
		    stdin);
		if (screen == NULL)
			screen = newterm("xterm", null_out, stdin);
	} else {
		screen = newterm(term && *term ? term : "xterm", stdout, stdin);
		if (screen == NULL)
			screen = newterm("xterm", stdout, stdin);
	}
	if (screen == NULL)
		return fg_error_set(err, FG_IO, NULL, 0, 0,
		    "cannot start the terminal interface (TERM=%s)",
		    term ? term : "");
	set_term(screen);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	if (has_colors()) {
		start_color();
		use_default_colors();
	}
	if (!t->no_display && t->script == NULL)
		timeout(1000);  /* idle ticks: notice other processes' work */
	getmaxyx(stdscr, t->rows, t->cols);
	return FG_OK;
}

void
tui_display_end(struct tui *t)
{
	(void)t;
	if (screen == NULL)
		return;
	endwin();
	delscreen(screen);
	screen = NULL;
	if (null_out)
		fclose(null_out);
	null_out = NULL;
}

void
tui_display_resize(struct tui *t, int rows, int cols)
{
	if (rows > 0 && cols > 0)
		resizeterm(rows, cols);
	getmaxyx(stdscr, t->rows, t->cols);
	t->layout_width = -1;  /* lay the transcript out again */
}

/* Pane rectangles.  Two columns from 80x24 up; below that, only the
 * focused pane, full screen.  The last two rows are the status and
 * command lines. */
void
tui_layout(const struct tui *t, struct tui_rect *src, struct tui_rect *codes,
    struct tui_rect *text)
{
	int h = t->rows - 2, left;
	struct tui_rect none = { 0, 0, 0, 0 }, full = { 0, 0, h, t->cols };

	if (h < 1)
		h = 0;
	*src = *codes = *text = none;
	if (t->cols >= 80 && t->rows >= 24) {
		left = t->cols / 3;
		if (left > 40)
			left = 40;
		src->y = 0;
		src->x = 0;
		src->w = left;
		src->h = h / 2;
		codes->y = src->h + 1;
		codes->x = 0;
		codes->w = left;
		codes->h = h - src->h - 1;
		text->y = 0;
		text->x = left + 1;
		text->w = t->cols - left - 1;
		text->h = h;
		return;
	}
	full.h = h;
	switch (t->focus) {
	case TUI_PANE_SOURCES:
		*src = full;
		break;
	case TUI_PANE_CODES:
		*codes = full;
		break;
	default:
		*text = full;
		break;
	}
}

static void
draw_status(struct tui *t)
{
	const struct fg_source_info *in = t->rd ? fg_reader_info(t->rd) : NULL;
	char line[1024], sel[128] = "";
	int y = t->rows - 2;

	if (y < 0)
		return;
	if (t->sel && t->rd) {
		size_t a = t->sel_seq, b = t->cur_seq;
		if (t->sel == 2)
			snprintf(sel, sizeof sel, "  sel turns %zu-%zu",
			    a < b ? a : b, a < b ? b : a);
		else
			snprintf(sel, sizeof sel, "  sel from %zu:%zu",
			    t->sel_seq, t->sel_cp);
	}
	if (in)
		snprintf(line, sizeof line, " %s | %s | %s | turn %zu/%zu "
		    "cp %zu%s", t->db_path, t->coder, in->name, t->cur_seq,
		    in->nturns, t->cur_cp, sel);
	else
		snprintf(line, sizeof line, " %s | %s | no source open "
		    "(Enter on a source)", t->db_path, t->coder);
	tui_fill(y, 0, t->cols, A_REVERSE);
	tui_put(y, 0, t->cols, line, strlen(line), A_REVERSE);
}

static void
draw_message(struct tui *t)
{
	int y = t->rows - 1;

	if (y < 0)
		return;
	move(y, 0);
	clrtoeol();
	if (t->msg[0])
		tui_put(y, 0, t->cols, t->msg, strlen(t->msg),
		    t->msg_error ? A_BOLD : A_NORMAL);
}

void
tui_draw(struct tui *t)
{
	struct tui_rect src, codes, text, full;

	erase();
	if (t->rows < 3 || t->cols < 20) {
		const char *m = "terminal too small";
		tui_put(0, 0, t->cols, m, strlen(m), A_NORMAL);
		refresh();
		return;
	}
	tui_layout(t, &src, &codes, &text);
	if (t->help) {
		full.y = 0;
		full.x = 0;
		full.h = t->rows - 2;
		full.w = t->cols;
		tui_help_draw(t, &full);
	} else {
		if (src.h > 0)
			tui_sources_draw(t, &src);
		if (codes.h > 0) {
			if (src.h > 0)
				tui_hline(codes.y - 1, 0, codes.w);
			tui_codes_draw(t, &codes);
		}
		if (text.h > 0) {
			if (text.x > 0) {
				int y;
				wchar_t v[2] = { 0x2502, 0 };
				cchar_t cc;
				setcchar(&cc, v, A_NORMAL, 0, NULL);
				for (y = 0; y < text.h; y++)
					mvadd_wch(y, text.x - 1, &cc);
			}
			tui_text_draw(t, &text);
		}
	}
	draw_status(t);
	draw_message(t);
	refresh();
}

/* Write the screen as text, one line per row, trailing blanks trimmed
 * (read back from curses' own buffer, as tig does). */
int
tui_save_display(struct tui *t, const char *path, int redraw,
    struct fg_error *err)
{
	FILE *f = fopen(path, "w");
	cchar_t cells[1024];
	wchar_t wc[16];
	attr_t attr;
	short pair;
	char out[8192], mb[64];
	int y, x, n;
	size_t len, k;

	if (f == NULL)
		return fg_error_set(err, FG_IO, path, 0, 0, "cannot write: %s",
		    strerror(errno));
	if (redraw)
		tui_draw(t);
	for (y = 0; y < t->rows; y++) {
		n = mvin_wchnstr(y, 0, cells, t->cols < 1023 ? t->cols : 1023);
		len = 0;
		for (x = 0; n != ERR && x < t->cols && x < 1023; x++) {
			if (getcchar(&cells[x], wc, &attr, &pair, NULL) == ERR)
				break;
			if (wc[0] == 0)
				break;
			for (k = 0; k < 15 && wc[k]; k++) {
				int m = wctomb(mb, wc[k]);
				if (m > 0 && len + (size_t)m < sizeof out) {
					memcpy(out + len, mb, (size_t)m);
					len += (size_t)m;
				}
			}
		}
		while (len > 0 && out[len - 1] == ' ')
			len--;
		fwrite(out, 1, len, f);
		fputc('\n', f);
	}
	if (fclose(f) != 0)
		return fg_error_set(err, FG_IO, path, 0, 0, "cannot write: %s",
		    strerror(errno));
	return FG_OK;
}
