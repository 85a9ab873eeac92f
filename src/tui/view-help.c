/* view-help.c - the keys, from the request table (tui.h). */
#include "config.h"

#include "tui/tui.h"

#include <stdio.h>
#include <string.h>

void
tui_help_draw(struct tui *t, const struct tui_rect *r)
{
	const char *title = "fgcode keys (Esc or q to close)";
	int y = 0, req, kw = 14;
	int line = 0;

	tui_put(r->y, r->x, r->w, title, strlen(title), A_BOLD);
	for (req = TUI_REQ_NONE + 1; req < TUI_REQ_COUNT; req++) {
		const char *help = tui_req_help(req);
		size_t len = strlen(help), pos = 0;
		int first = 1;

		/* wrap the description at word boundaries */
		while (pos < len || first) {
			size_t take = len - pos, w = (size_t)(r->w - kw - 1);
			if ((int)w < 10)
				w = 10;
			if (take > w) {
				take = w;
				while (take > 0 && help[pos + take] != ' ')
					take--;
				if (take == 0)
					take = w;
			}
			if (line >= t->help_top && y + 1 < r->h) {
				y++;
				if (first)
					tui_put(r->y + y, r->x, kw,
					    tui_req_keys(req),
					    strlen(tui_req_keys(req)), A_BOLD);
				tui_put(r->y + y, r->x + kw, r->w - kw,
				    help + pos, take, A_NORMAL);
			}
			line++;
			pos += take;
			while (pos < len && help[pos] == ' ')
				pos++;
			first = 0;
		}
	}
}

int
tui_help_key(struct tui *t, enum tui_req req)
{
	switch (req) {
	case TUI_REQ_DOWN:
	case TUI_REQ_PAGE_DOWN:
		t->help_top += req == TUI_REQ_DOWN ? 1 : 10;
		return TUI_REACT_REDRAW;
	case TUI_REQ_UP:
	case TUI_REQ_PAGE_UP:
		t->help_top -= req == TUI_REQ_UP ? 1 : 10;
		if (t->help_top < 0)
			t->help_top = 0;
		return TUI_REACT_REDRAW;
	case TUI_REQ_CANCEL:
	case TUI_REQ_QUIT:
	case TUI_REQ_HELP:
		t->help = 0;
		return TUI_REACT_REDRAW;
	default:
		return TUI_REACT_NONE;
	}
}
