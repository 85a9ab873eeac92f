/* prompt.c - the command line: line input, y/n questions, choosing one of
 * a few, and the code picker that filters the code tree as you type. */
#include "config.h"

#include "tui/tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/buf.h"
#include "core/utf8.h"

/* Remove the last code point of b. */
static void
backspace(struct fg_buf *b)
{
	while (b->len > 0) {
		b->len--;
		if (((unsigned char)b->p[b->len] & 0xC0) != 0x80)
			break;
	}
	if (b->p)
		b->p[b->len] = '\0';
}

static void
add_cp(struct fg_buf *b, int cp)
{
	char u[4];
	size_t n = fg_utf8_encode(cp, u);

	if (n > 0)
		fg_buf_add(b, u, n);
}

static void
draw_line(struct tui *t, const char *prompt, const char *text)
{
	int y = t->rows - 1, used;

	move(y, 0);
	clrtoeol();
	used = tui_put(y, 0, t->cols, prompt, strlen(prompt), A_BOLD);
	used += tui_put(y, used, t->cols - used, text, strlen(text), A_NORMAL);
	if (used < t->cols)
		tui_fill(y, used, 1, A_REVERSE);
	refresh();
}

char *
tui_prompt(struct tui *t, const char *prompt, const char *initial)
{
	struct fg_buf b = FG_BUF_INIT;
	int key, is_char;

	fg_buf_adds(&b, initial ? initial : "");
	t->msg[0] = '\0';
	for (;;) {
		tui_draw(t);
		draw_line(t, prompt, b.p);
		key = tui_get_key(t, &is_char);
		if (key == TUI_KEY_NONE)
			continue;
		if (key == TUI_KEY_END || key == 27) {
			fg_buf_free(&b);
			return NULL;
		}
		if (key == KEY_RESIZE) {
			tui_display_resize(t, t->script_resize_rows,
			    t->script_resize_cols);
			continue;
		}
		if (key == '\n' || key == KEY_ENTER)
			return fg_buf_steal(&b);
		if (key == KEY_BACKSPACE) {
			backspace(&b);
			continue;
		}
		if (is_char)
			add_cp(&b, key);
	}
}

int
tui_confirm(struct tui *t, const char *question)
{
	int key, is_char;

	for (;;) {
		tui_draw(t);
		draw_line(t, question, " (y/n) ");
		key = tui_get_key(t, &is_char);
		if (key == TUI_KEY_NONE)
			continue;
		if (key == 'y' || key == 'Y')
			return 1;
		if (key == 'n' || key == 'N' || key == 27 ||
		    key == TUI_KEY_END)
			return 0;
	}
}

int
tui_choose(struct tui *t, const char *question, const char **labels,
    size_t n)
{
	struct fg_buf b = FG_BUF_INIT;
	size_t i;
	int key, is_char;

	fg_buf_printf(&b, "%s ", question);
	for (i = 0; i < n && i < 9; i++)
		fg_buf_printf(&b, " %zu) %s", i + 1, labels[i]);
	for (;;) {
		tui_draw(t);
		draw_line(t, b.p, "");
		key = tui_get_key(t, &is_char);
		if (key == TUI_KEY_NONE)
			continue;
		if (key >= '1' && key <= '9' && (size_t)(key - '1') < n) {
			fg_buf_free(&b);
			return key - '1';
		}
		if (key == 27 || key == TUI_KEY_END) {
			fg_buf_free(&b);
			return -1;
		}
	}
}

/* Lower-case s into a new buffer (code point by code point), so that
 * filtering works for Cyrillic and Kazakh as for Latin. */
static char *
fold(const char *s)
{
	struct fg_buf b = FG_BUF_INIT;
	size_t n = strlen(s), adv;
	int32_t cp;

	while (n > 0) {
		cp = fg_utf8_decode(s, n, &adv);
		add_cp(&b, cp < 0 ? 0xFFFD : utf8proc_tolower(cp));
		s += adv;
		n -= adv;
	}
	return fg_buf_steal(&b);
}

long
tui_pick_code(struct tui *t, char **newname)
{
	struct fg_buf q = FG_BUF_INIT;
	size_t n = t->codes ? t->codes->n : 0, i, nm, sel = 0;
	long *match = calloc(n + 1, sizeof *match);
	char **folded = calloc(n + 1, sizeof *folded), *fq;
	int key, is_char, y, exact;
	long result = -1;

	*newname = NULL;
	if (match == NULL || folded == NULL)
		goto out;
	for (i = 0; i < n; i++)
		folded[i] = fold(t->codes->codes[i].name);
	fg_buf_adds(&q, "");
	for (;;) {
		struct tui_rect src, codes, text, box;

		fq = fold(q.p);
		nm = 0;
		exact = 0;
		for (i = 0; i < n; i++)
			if (strstr(folded[i], fq) != NULL) {
				match[nm++] = (long)i;
				if (strcmp(folded[i], fq) == 0)
					exact = 1;
			}
		free(fq);
		if (sel >= nm)
			sel = nm ? nm - 1 : 0;
		tui_draw(t);
		/* the list, over the bottom of the transcript pane */
		tui_layout(t, &src, &codes, &text);
		box = text.h > 0 ? text : (codes.h > 0 ? codes : src);
		{
			int lines = (int)(nm < 8 ? nm : 8) + 1, top;
			char line[512];

			if (lines > box.h)
				lines = box.h;
			top = box.y + box.h - lines;
			tui_fill(top, box.x, box.w, A_REVERSE);
			snprintf(line, sizeof line, " codes matching \"%s\": "
			    "%zu%s", q.p, nm, nm == 0 && q.len ?
			    "  (Enter: new code)" : "");
			tui_put(top, box.x, box.w, line, strlen(line),
			    A_REVERSE);
			for (y = 1, i = sel >= 7 ? sel - 6 : 0; y < lines &&
			    i < nm; y++, i++) {
				const struct fg_code_def *c =
				    &t->codes->codes[match[i]];
				tui_fill(top + y, box.x, box.w,
				    i == sel ? A_REVERSE : A_NORMAL);
				snprintf(line, sizeof line, " %s%*s%s",
				    i == sel ? ">" : " ", 2 * c->depth, "",
				    c->name);
				tui_put(top + y, box.x, box.w, line,
				    strlen(line), i == sel ? A_REVERSE :
				    A_NORMAL);
			}
		}
		draw_line(t, "code: ", q.p);
		key = tui_get_key(t, &is_char);
		if (key == TUI_KEY_NONE)
			continue;
		if (key == TUI_KEY_END || key == 27)
			break;
		if (key == KEY_RESIZE) {
			tui_display_resize(t, t->script_resize_rows,
			    t->script_resize_cols);
			continue;
		}
		if (key == KEY_DOWN || key == '\t') {
			if (sel + 1 < nm)
				sel++;
			continue;
		}
		if (key == KEY_UP || key == KEY_BTAB) {
			if (sel > 0)
				sel--;
			continue;
		}
		if (key == KEY_BACKSPACE) {
			backspace(&q);
			sel = 0;
			continue;
		}
		if (key == '\n' || key == KEY_ENTER) {
			/* the exact name if typed, else the highlighted
			 * match; with no match, offer a new code */
			if (exact && sel == 0) {
				/* the name exactly as typed, else the one
				 * equal ignoring case */
				int found = 0;

				for (i = 0; i < nm && !found; i++)
					if (strcmp(t->codes->codes[match[i]].name,
					    q.p) == 0) {
						sel = i;
						found = 1;
					}
				fq = fold(q.p);
				for (i = 0; i < nm && !found; i++)
					if (strcmp(folded[match[i]], fq) == 0) {
						sel = i;
						found = 1;
					}
				free(fq);
			}
			if (nm > 0) {
				result = match[sel];
				break;
			}
			if (q.len == 0)
				continue;
			{
				char question[600];
				snprintf(question, sizeof question,
				    "create code '%s'?", q.p);
				if (tui_confirm(t, question)) {
					*newname = fg_buf_steal(&q);
					result = -2;
				}
				break;  /* n or Esc cancels the picker */
			}
		}
		if (is_char) {
			add_cp(&q, key);
			sel = 0;
		}
	}
out:
	for (i = 0; folded && i < n; i++)
		free(folded[i]);
	free(folded);
	free(match);
	fg_buf_free(&q);
	return result;
}
