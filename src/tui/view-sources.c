/* view-sources.c - the list of transcripts: FG, city, date, turns, codings. */
#include "config.h"

#include "tui/tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
clamp_scroll(size_t *top, size_t sel, size_t n, int h)
{
	if (h <= 0)
		return;
	if (sel < *top)
		*top = sel;
	if (sel >= *top + (size_t)h)
		*top = sel - (size_t)h + 1;
	if (*top > 0 && *top + (size_t)h > n)
		*top = n > (size_t)h ? n - (size_t)h : 0;
}

void
tui_sources_draw(struct tui *t, const struct tui_rect *r)
{
	char line[512], title[128];
	size_t i, n = t->sources ? t->sources->nrows : 0;
	int y, focused = t->focus == TUI_PANE_SOURCES;
	attr_t a;

	snprintf(title, sizeof title, "Sources (%zu)", n);
	tui_put(r->y, r->x, r->w, title, strlen(title),
	    focused ? A_BOLD | A_UNDERLINE : A_BOLD);
	if (n == 0) {
		const char *m = "no sources: fgcode import FILE";
		if (r->h > 1)
			tui_put(r->y + 1, r->x, r->w, m, strlen(m), A_DIM);
		return;
	}
	clamp_scroll(&t->src_top, t->src_sel, n, r->h - 1);
	for (y = 1, i = t->src_top; y < r->h && i < n; y++, i++) {
		const char *fg = fg_table_cell(t->sources, i, 1);
		const char *city = fg_table_cell(t->sources, i, 2);
		const char *date = fg_table_cell(t->sources, i, 3);
		const char *turns = fg_table_cell(t->sources, i, 4);
		const char *cods = fg_table_cell(t->sources, i, 5);
		const char *name = fg_table_cell(t->sources, i, 6);
		int open = t->rd && fg_reader_info(t->rd)->id ==
		    strtoll(fg_table_cell(t->sources, i, 0), NULL, 10);

		if (fg != NULL)
			snprintf(line, sizeof line, "%c%-3s %-10.10s %-10s %4s "
			    "%3s %s", open ? '*' : ' ', fg, city ? city : "-",
			    date ? date : "-", turns, cods, name);
		else	/* no focus group: the file name first */
			snprintf(line, sizeof line, "%c%-26s %4s %3s",
			    open ? '*' : ' ', name, turns, cods);
		a = i == t->src_sel ? (focused ? A_REVERSE : A_BOLD) :
		    A_NORMAL;
		if (i == t->src_sel)
			tui_fill(r->y + y, r->x, r->w, a);
		tui_put(r->y + y, r->x, r->w, line, strlen(line), a);
	}
}

int
tui_sources_key(struct tui *t, enum tui_req req)
{
	size_t n = t->sources ? t->sources->nrows : 0;

	switch (req) {
	case TUI_REQ_DOWN:
		if (t->src_sel + 1 < n)
			t->src_sel++;
		break;
	case TUI_REQ_UP:
		if (t->src_sel > 0)
			t->src_sel--;
		break;
	case TUI_REQ_TOP:
		t->src_sel = 0;
		break;
	case TUI_REQ_BOTTOM:
		t->src_sel = n ? n - 1 : 0;
		break;
	case TUI_REQ_PAGE_DOWN:
		t->src_sel = t->src_sel + 10 < n ? t->src_sel + 10 :
		    (n ? n - 1 : 0);
		break;
	case TUI_REQ_PAGE_UP:
		t->src_sel = t->src_sel > 10 ? t->src_sel - 10 : 0;
		break;
	case TUI_REQ_OPEN:
		if (n == 0)
			return TUI_REACT_NONE;
		return tui_sources_open(t, t->src_sel);
	default:
		return TUI_REACT_NONE;
	}
	return TUI_REACT_REDRAW;
}
