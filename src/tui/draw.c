/* draw.c - put UTF-8 text on the screen by display width: wide characters
 * take two cells, combining marks join their base, tabs expand, and
 * control characters and escape sequences are shown visibly (^[), never
 * sent to the terminal.  Nothing is ever cut inside a character. */
#include "config.h"

#include "tui/tui.h"

#include <string.h>
#include <utf8proc.h>
#include <wchar.h>

#include "core/utf8.h"

int
tui_char_width(int32_t cp)
{
	int w;

	if (cp < 32 || cp == 127)
		return 2;              /* shown as ^X */
	if (cp >= 0x80 && cp < 0xA0)
		return 4;              /* shown as <9B> style: 4 cells */
	w = utf8proc_charwidth(cp);
	if (w < 0)
		return 1;
	return w;
}

static void
put_cell(int y, int x, const wchar_t *wc, attr_t attr)
{
	cchar_t cc;

	if (setcchar(&cc, wc, attr, PAIR_NUMBER(attr), NULL) == OK)
		mvadd_wch(y, x, &cc);
}

/* Draw s[0..len) at (y, x) within maxw cells; returns the cells used.  A
 * character that would not fit is not drawn (nor half of it). */
int
tui_put(int y, int x, int maxw, const char *s, size_t len, attr_t attr)
{
	size_t i = 0, adv;
	int used = 0, w;
	int32_t cp;
	wchar_t wc[8];

	while (i < len && used < maxw) {
		cp = fg_utf8_decode(s + i, len - i, &adv);
		if (cp < 0)
			cp = 0xFFFD;
		if (cp == '\t') {
			w = 8 - (used % 8);
			if (used + w > maxw)
				w = maxw - used;
			tui_fill(y, x + used, w, attr);
			used += w;
			i += adv;
			continue;
		}
		if (cp < 32 || cp == 127) {
			if (used + 2 > maxw)
				break;
			wc[0] = '^';
			wc[1] = 0;
			put_cell(y, x + used, wc, attr | A_BOLD);
			wc[0] = cp == 127 ? '?' : (wchar_t)(cp + 64);
			put_cell(y, x + used + 1, wc, attr | A_BOLD);
			used += 2;
			i += adv;
			continue;
		}
		if (cp >= 0x80 && cp < 0xA0) {
			char hex[8];
			int k;

			if (used + 4 > maxw)
				break;
			snprintf(hex, sizeof hex, "<%02X>", (unsigned)cp);
			for (k = 0; k < 4; k++) {
				wc[0] = hex[k];
				wc[1] = 0;
				put_cell(y, x + used + k, wc, attr | A_BOLD);
			}
			used += 4;
			i += adv;
			continue;
		}
		w = utf8proc_charwidth(cp);
		if (w <= 0 && used == 0) {
			/* a combining mark with nothing before it */
			wc[0] = 0x25CC;
			wc[1] = (wchar_t)cp;
			wc[2] = 0;
			put_cell(y, x, wc, attr);
			used = 1;
			i += adv;
			continue;
		}
		if (w <= 0) {
			i += adv;  /* joined to the base by the cluster below */
			continue;
		}
		if (used + w > maxw)
			break;
		/* the base and any following combining marks in one cell */
		{
			size_t j = i + adv, k = 1, a2;
			int32_t c2;

			wc[0] = (wchar_t)cp;
			while (j < len && k < 5) {
				c2 = fg_utf8_decode(s + j, len - j, &a2);
				if (c2 < 0 || utf8proc_charwidth(c2) != 0 ||
				    c2 < 32 || (c2 >= 0x80 && c2 < 0xA0))
					break;
				wc[k++] = (wchar_t)c2;
				j += a2;
			}
			wc[k] = 0;
			put_cell(y, x + used, wc, attr);
			i = j;
		}
		used += w;
	}
	return used;
}

void
tui_fill(int y, int x, int w, attr_t attr)
{
	wchar_t sp[2] = { ' ', 0 };
	int i;

	for (i = 0; i < w; i++)
		put_cell(y, x + i, sp, attr);
}

void
tui_hline(int y, int x, int w)
{
	wchar_t h[2] = { 0x2500, 0 };
	int i;

	for (i = 0; i < w; i++)
		put_cell(y, x + i, h, A_NORMAL);
}
