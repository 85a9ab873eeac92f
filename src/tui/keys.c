/* keys.c - key bindings, from the one request table in tui.h that also
 * generates the help view and the KEYS section of fgcode(1). */
#include "config.h"

#include "tui/tui.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *keys;
	const char *help;
} req_info[] = {
	{ "", "" },
#define TUI_REQ_ROW(name, keys, help) { keys, help },
	TUI_REQ_INFO(TUI_REQ_ROW)
#undef TUI_REQ_ROW
};

static const struct {
	int key;
	int is_char;
	enum tui_req req;
} bindings[] = {
	{ 'j', 1, TUI_REQ_DOWN }, { KEY_DOWN, 0, TUI_REQ_DOWN },
	{ 'k', 1, TUI_REQ_UP }, { KEY_UP, 0, TUI_REQ_UP },
	{ 'h', 1, TUI_REQ_LEFT }, { KEY_LEFT, 0, TUI_REQ_LEFT },
	{ 'l', 1, TUI_REQ_RIGHT }, { KEY_RIGHT, 0, TUI_REQ_RIGHT },
	{ 'w', 1, TUI_REQ_WORD_NEXT }, { 'b', 1, TUI_REQ_WORD_PREV },
	{ KEY_NPAGE, 0, TUI_REQ_PAGE_DOWN }, { ' ', 1, TUI_REQ_PAGE_DOWN },
	{ KEY_PPAGE, 0, TUI_REQ_PAGE_UP },
	{ 'g', 1, TUI_REQ_TOP }, { KEY_HOME, 0, TUI_REQ_TOP },
	{ 'G', 1, TUI_REQ_BOTTOM }, { KEY_END, 0, TUI_REQ_BOTTOM },
	{ '\t', 0, TUI_REQ_NEXT_PANE }, { KEY_BTAB, 0, TUI_REQ_PREV_PANE },
	{ '\n', 0, TUI_REQ_OPEN }, { KEY_ENTER, 0, TUI_REQ_OPEN },
	{ 'v', 1, TUI_REQ_SELECT }, { 'V', 1, TUI_REQ_SELECT_TURNS },
	{ 27, 0, TUI_REQ_CANCEL },
	{ 'c', 1, TUI_REQ_CODE }, { 'x', 1, TUI_REQ_UNCODE },
	{ 'm', 1, TUI_REQ_MEMO },
	{ '/', 1, TUI_REQ_SEARCH }, { 'n', 1, TUI_REQ_SEARCH_NEXT },
	{ 'N', 1, TUI_REQ_SEARCH_PREV },
	{ 'u', 1, TUI_REQ_UNDO }, { 'R' & 0x1F, 0, TUI_REQ_REDO },
	{ ':', 1, TUI_REQ_COMMAND }, { '?', 1, TUI_REQ_HELP },
	{ 'q', 1, TUI_REQ_QUIT },
};

enum tui_req
tui_request(int key, int is_char)
{
	size_t i;

	for (i = 0; i < sizeof bindings / sizeof bindings[0]; i++)
		if (bindings[i].key == key && (bindings[i].is_char == is_char ||
		    key < 32))
			return bindings[i].req;
	return TUI_REQ_NONE;
}

const char *
tui_req_keys(enum tui_req r)
{
	return r > TUI_REQ_NONE && r < TUI_REQ_COUNT ? req_info[r].keys : "";
}

const char *
tui_req_help(enum tui_req r)
{
	return r > TUI_REQ_NONE && r < TUI_REQ_COUNT ? req_info[r].help : "";
}

/* The KEYS list of fgcode(1), in mdoc: one .It per request, key names
 * escaped where mdoc would read them as punctuation, one sentence per
 * line. */
void
tui_keys_mdoc(FILE *out)
{
	const char *k, *comma, *h;
	int r, first;

	fputs(".Bl -tag -width Ds\n", out);
	for (r = TUI_REQ_NONE + 1; r < TUI_REQ_COUNT; r++) {
		fputs(".It", out);
		for (k = req_info[r].keys, first = 1; *k; first = 0) {
			size_t len;

			comma = strstr(k, ", ");
			len = comma ? (size_t)(comma - k) : strlen(k);
			fprintf(out, "%s Ic %s%.*s", first ? "" : " ,",
			    len == 1 && strchr(".,:;()[]?!|", *k) ? "\\&" : "",
			    (int)len, k);
			k = comma ? comma + 2 : k + len;
		}
		fputc('\n', out);
		for (h = req_info[r].help; *h; h++) {
			if (h[0] == '.' && h[1] == ' ' && h[2] == ' ') {
				fputs(".\n", out);
				h += 2;
			} else {
				fputc(*h, out);
			}
		}
		fputc('\n', out);
	}
	fputs(".El\n", out);
}
