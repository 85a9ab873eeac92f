/* view-codes.c - the code tree with counts (here / in the project). */
#include "config.h"

#include "tui/tui.h"

#include <stdio.h>
#include <string.h>

void
tui_codes_draw(struct tui *t, const struct tui_rect *r)
{
	char line[512], title[128];
	size_t i, n = t->codes ? t->codes->n : 0;
	int y, focused = t->focus == TUI_PANE_CODES, h = r->h - 1;
	attr_t a;

	snprintf(title, sizeof title, "Codes (%zu)  here/all", n);
	tui_put(r->y, r->x, r->w, title, strlen(title),
	    focused ? A_BOLD | A_UNDERLINE : A_BOLD);
	if (n == 0) {
		const char *m = "no codes: fgcode codebook import FILE";
		if (r->h > 1)
			tui_put(r->y + 1, r->x, r->w, m, strlen(m), A_DIM);
		return;
	}
	if (h > 0) {
		if (t->code_sel < t->code_top)
			t->code_top = t->code_sel;
		if (t->code_sel >= t->code_top + (size_t)h)
			t->code_top = t->code_sel - (size_t)h + 1;
	}
	for (y = 1, i = t->code_top; y < r->h && i < n; y++, i++) {
		const struct fg_code_def *c = &t->codes->codes[i];

		snprintf(line, sizeof line, "%*s%s %zu/%zu", 2 * c->depth, "",
		    c->name, t->code_here ? t->code_here[i] : 0,
		    t->code_total ? t->code_total[i] : 0);
		a = i == t->code_sel && focused ? A_REVERSE : A_NORMAL;
		if (i == t->code_sel && focused)
			tui_fill(r->y + y, r->x, r->w, a);
		tui_put(r->y + y, r->x, r->w, line, strlen(line), a);
	}
}

int
tui_codes_key(struct tui *t, enum tui_req req)
{
	size_t n = t->codes ? t->codes->n : 0;

	switch (req) {
	case TUI_REQ_DOWN:
		if (t->code_sel + 1 < n)
			t->code_sel++;
		break;
	case TUI_REQ_UP:
		if (t->code_sel > 0)
			t->code_sel--;
		break;
	case TUI_REQ_TOP:
		t->code_sel = 0;
		break;
	case TUI_REQ_BOTTOM:
		t->code_sel = n ? n - 1 : 0;
		break;
	case TUI_REQ_PAGE_DOWN:
		t->code_sel = t->code_sel + 10 < n ? t->code_sel + 10 :
		    (n ? n - 1 : 0);
		break;
	case TUI_REQ_PAGE_UP:
		t->code_sel = t->code_sel > 10 ? t->code_sel - 10 : 0;
		break;
	default:
		return TUI_REACT_NONE;
	}
	return TUI_REACT_REDRAW;
}
