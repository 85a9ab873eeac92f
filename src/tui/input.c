/* input.c - where keys come from: the terminal, or a script file named by
 * $FGCODE_SCRIPT (for tests, in the manner of tig's TIG_SCRIPT).
 *
 * Script syntax: UTF-8 text whose characters are typed as keys; line
 * breaks are ignored; a line starting with '#' is a comment; special keys
 * are written in angle brackets: <Enter> <Esc> <Tab> <BackTab> <Up> <Down>
 * <Left> <Right> <PgUp> <PgDn> <Home> <End> <BS> <Del> <C-r> (any <C-x>),
 * <Space>, <LT> (a literal '<'), <Resize:COLSxROWS> (resize the screen),
 * <Wait:FILE> (wait up to 10 s for FILE to exist; used by the two-process
 * test), <Dump:FILE> (write the screen as it is, even inside a prompt).
 * When the script ends the interface quits. */
#include "config.h"

#include "tui/tui.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/utf8.h"

static const struct {
	const char *name;
	int key;
} named_keys[] = {
	{ "Enter", '\n' }, { "Esc", 27 }, { "Tab", '\t' },
	{ "BackTab", KEY_BTAB }, { "Up", KEY_UP }, { "Down", KEY_DOWN },
	{ "Left", KEY_LEFT }, { "Right", KEY_RIGHT }, { "PgUp", KEY_PPAGE },
	{ "PgDn", KEY_NPAGE }, { "Home", KEY_HOME }, { "End", KEY_END },
	{ "BS", KEY_BACKSPACE }, { "Del", KEY_DC }, { "Space", ' ' },
	{ "LT", '<' },
};

int
tui_script_open(struct tui *t, const char *path, struct fg_error *err)
{
	FILE *f = fopen(path, "rb");
	struct fg_buf b = FG_BUF_INIT, clean = FG_BUF_INIT;
	char chunk[4096], *line, *save = NULL;
	size_t n;

	if (f == NULL)
		return fg_error_set(err, FG_IO, path, 0, 0, "cannot open: %s",
		    strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		fg_buf_add(&b, chunk, n);
	fclose(f);
	fg_buf_adds(&b, "");
	/* drop comment lines and line breaks */
	for (line = strtok_r(b.p, "\n", &save); line;
	    line = strtok_r(NULL, "\n", &save))
		if (line[0] != '#')
			fg_buf_adds(&clean, line);
	fg_buf_free(&b);
	t->script = fg_buf_steal(&clean);
	t->script_pos = 0;
	if (t->script == NULL)
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
	return FG_OK;
}

static void
wait_for(const char *path)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	int i;

	for (i = 0; i < 500 && access(path, F_OK) != 0; i++)
		nanosleep(&ts, NULL);
}

/* Next key from the script: TUI_KEY_END when it is exhausted. */
static int
script_key(struct tui *t, int *is_char)
{
	const char *s = t->script + t->script_pos, *end;
	size_t adv, i, len;
	int32_t cp;
	int w, h;

	*is_char = 0;
	if (*s == '\0')
		return TUI_KEY_END;
	if (*s == '<' && (end = strchr(s, '>')) != NULL && end - s > 1) {
		char name[256];

		len = (size_t)(end - s - 1);
		if (len < sizeof name) {
			memcpy(name, s + 1, len);
			name[len] = '\0';
			for (i = 0; i < sizeof named_keys / sizeof named_keys[0];
			    i++)
				if (strcmp(name, named_keys[i].name) == 0) {
					t->script_pos += len + 2;
					*is_char = named_keys[i].key == ' ' ||
					    named_keys[i].key == '<';
					return named_keys[i].key;
				}
			if (len == 3 && name[0] == 'C' && name[1] == '-') {
				t->script_pos += len + 2;
				return name[2] & 0x1F;
			}
			if (sscanf(name, "Resize:%dx%d", &w, &h) == 2) {
				t->script_pos += len + 2;
				t->script_resize_cols = w;
				t->script_resize_rows = h;
				return KEY_RESIZE;
			}
			if (strncmp(name, "Dump:", 5) == 0) {
				struct fg_error err;

				t->script_pos += len + 2;
				refresh();
				if (tui_save_display(t, name + 5, 0, &err) !=
				    FG_OK)
					tui_message(t, 1, "%s", err.msg);
				return TUI_KEY_NONE;
			}
			if (strncmp(name, "Wait:", 5) == 0) {
				t->script_pos += len + 2;
				wait_for(name + 5);
				return TUI_KEY_NONE;
			}
		}
	}
	cp = fg_utf8_decode(s, strlen(s), &adv);
	t->script_pos += adv;
	*is_char = 1;
	return cp < 0 ? 0xFFFD : cp;
}

int
tui_get_key(struct tui *t, int *is_char)
{
	wint_t wc;
	int rc;

	if (t->script != NULL)
		return script_key(t, is_char);
	*is_char = 0;
	rc = get_wch(&wc);
	if (rc == ERR)
		return TUI_KEY_NONE; /* timeout: idle */
	if (rc == KEY_CODE_YES)
		return (int)wc;
	*is_char = wc >= 32 && wc != 127;
	if (wc == '\r')
		return '\n';
	if (wc == 127 || wc == 8)
		return KEY_BACKSPACE;
	return (int)wc;
}
