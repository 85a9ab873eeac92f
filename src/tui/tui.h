/* tui.h - the full-screen coding workbench: shared state of the views.
 *
 * Layout: the sources pane (top left), the code tree (bottom left), the
 * transcript (right), a status line and a command line.  Below 80x24 only
 * the focused pane is shown.  Key handlers change state and return
 * TUI_REACT_* flags; only display.c draws (htop's rule: handlers never
 * repaint). */
#ifndef FG_TUI_H
#define FG_TUI_H

#include <stddef.h>
#include <stdint.h>

#include "tui/curses.h"

#include "core/codebook.h"
#include "core/db.h"
#include "core/error.h"
#include "core/reader.h"
#include "core/table.h"

#define TUI_KEY_END  (-2)   /* the script has ended */
#define TUI_KEY_NONE (-3)   /* nothing (idle timeout, <Wait:...>) */

/* Requests: what a key asks for.  One table drives the bindings, the help
 * view and the KEYS section of fgcode(1) (fgcode tui --keys-mdoc). */
#define TUI_REQ_INFO(_) \
	_(DOWN, "j, Down", "Move down one line (in a list: one entry).") \
	_(UP, "k, Up", "Move up one line.") \
	_(LEFT, "h, Left", "Move left one character.") \
	_(RIGHT, "l, Right", "Move right one character.") \
	_(WORD_NEXT, "w", "Move to the start of the next word.") \
	_(WORD_PREV, "b", "Move to the start of the previous word.") \
	_(PAGE_DOWN, "PgDn, Space", "Move down one page.") \
	_(PAGE_UP, "PgUp", "Move up one page.") \
	_(TOP, "g, Home", "Go to the top.") \
	_(BOTTOM, "G, End", "Go to the bottom.") \
	_(NEXT_PANE, "Tab", "Focus the next pane: sources, transcript, codes.") \
	_(PREV_PANE, "BackTab", "Focus the previous pane.") \
	_(OPEN, "Enter", "Open the source under the cursor; in the code " \
	    "tree, apply the code to the selection.") \
	_(SELECT, "v", "Start a character selection at the cursor; extend " \
	    "it with h, l, w, b, j and k.") \
	_(SELECT_TURNS, "V", "Select whole turns, from this turn to the " \
	    "cursor's.") \
	_(CANCEL, "Esc", "Cancel the selection, a prompt or the help.") \
	_(CODE, "c", "Apply a code to the selection (or to the turn under " \
	    "the cursor): a picker filters the code tree as you type; Enter " \
	    "applies; a new name is offered as a new code, created on y.") \
	_(UNCODE, "x", "Remove the coding under the cursor (asks which " \
	    "when several overlap).") \
	_(MEMO, "m", "Write the memo of the coding under the cursor.") \
	_(SEARCH, "/", "Search the transcript for a PCRE2 pattern (UTF " \
	    "and Unicode properties on).") \
	_(SEARCH_NEXT, "n", "Jump to the next match.") \
	_(SEARCH_PREV, "N", "Jump to the previous match.") \
	_(UNDO, "u", "Undo the last coding action of this session.") \
	_(REDO, "Ctrl-R", "Redo the last undone coding action.") \
	_(COMMAND, ":", "Enter a command: :code NAME, :report freq " \
	    "[BY], :reload, :save-display FILE, :quit.") \
	_(HELP, "?", "Show the keys.") \
	_(QUIT, "q", "Quit.  Codings are already saved.")

enum tui_req {
	TUI_REQ_NONE,
#define TUI_REQ_ENUM(name, keys, help) TUI_REQ_##name,
	TUI_REQ_INFO(TUI_REQ_ENUM)
#undef TUI_REQ_ENUM
	TUI_REQ_COUNT
};

/* What a handler asks the loop to do. */
enum {
	TUI_REACT_NONE = 0,
	TUI_REACT_REDRAW = 1,
	TUI_REACT_QUIT = 2,
	TUI_REACT_RELOAD = 4,
};

enum tui_pane { TUI_PANE_SOURCES, TUI_PANE_TRANSCRIPT, TUI_PANE_CODES,
    TUI_PANE_COUNT };

struct tui_rect {
	int y, x, h, w;
};

/* One laid-out display row of a turn. */
struct tui_row {
	size_t start_b, end_b;     /* byte range in the turn text */
	size_t start_cp, end_cp;   /* cp range in the turn text */
};

/* A turn kept in the transcript window, with its layout. */
struct tui_turn {
	struct fg_turn_view v;
	struct tui_row *rows;
	size_t nrows;
};

/* An undoable coding action. */
struct tui_action {
	enum { TUI_ACT_ADD, TUI_ACT_REMOVE, TUI_ACT_MEMO } kind;
	int64_t coding_id;         /* current id of the coding */
	int64_t source_id, code_id;
	size_t start_cp, end_cp;
	char *memo;                /* ADD/REMOVE: the coding's memo;
	                            * MEMO: the other memo (swapped) */
};

struct tui {
	struct fg_db *db;
	const char *db_path;
	const char *coder;
	int rows, cols;
	int quit;
	int no_display;

	/* input */
	char *script;              /* owned; NULL when reading the tty */
	size_t script_pos;
	int script_resize_cols, script_resize_rows;

	enum tui_pane focus;
	int help;                  /* the help view is up */
	int help_top;

	/* sources pane */
	struct fg_table *sources;  /* id, fg, city, date, turns, codings, name */
	size_t src_sel, src_top;

	/* code tree */
	struct fg_codebook *codes;
	size_t *code_total;        /* codings per code (project) */
	size_t *code_here;         /* codings per code (open source) */
	size_t code_sel, code_top;

	/* transcript */
	struct fg_reader *rd;
	struct tui_turn *win;      /* window of laid-out turns */
	size_t win_first, win_n, win_cap;
	int layout_width;          /* text width the window was laid out for */
	size_t top_seq, top_row;   /* first visible display row */
	size_t cur_seq, cur_cp;    /* cursor: turn and cp within its text */
	size_t want_col;           /* column j/k try to keep */
	struct fg_coding_view *cod;/* codings of the visible span */
	size_t ncod;
	size_t cod_from, cod_to;   /* source cp span they were fetched for */
	int sel;                   /* 0 none, 1 characters, 2 turns */
	size_t sel_seq, sel_cp;    /* anchor */
	int speaker_w;

	/* search */
	void *re;                  /* pcre2_code * */
	char *re_text;

	/* undo */
	struct tui_action *undo, *redo;
	size_t nundo, nredo, capundo, capredo;

	/* messages */
	char msg[512];
	int msg_error;
	char prev_msg[512];        /* the message before a ':' prompt */
	int prev_msg_error;

	/* change detection (PRAGMA data_version) */
	int data_version;
};

/* input.c */
int tui_script_open(struct tui *t, const char *path, struct fg_error *err);
int tui_get_key(struct tui *t, int *is_char);

/* keys.c */
enum tui_req tui_request(int key, int is_char);
const char *tui_req_keys(enum tui_req r);
const char *tui_req_help(enum tui_req r);
void tui_keys_mdoc(FILE *out);

/* display.c */
int tui_display_init(struct tui *t, struct fg_error *err);
void tui_display_end(struct tui *t);
void tui_display_resize(struct tui *t, int rows, int cols);
void tui_draw(struct tui *t);
/* Write the screen as text to path; redraw first unless redraw is 0 (the
 * script's <Dump:FILE> keeps a prompt's screen as it is). */
int tui_save_display(struct tui *t, const char *path, int redraw,
    struct fg_error *err);
void tui_layout(const struct tui *t, struct tui_rect *src,
    struct tui_rect *codes, struct tui_rect *text);

/* draw.c: text in a rectangle, by display width */
int tui_put(int y, int x, int maxw, const char *s, size_t len, attr_t attr);
int tui_char_width(int32_t cp);
void tui_fill(int y, int x, int w, attr_t attr);
void tui_hline(int y, int x, int w);

/* prompt.c */
/* Read a line on the command line with prompt; NULL when cancelled
 * (Esc).  Returns a malloc'd string. */
char *tui_prompt(struct tui *t, const char *prompt, const char *initial);
/* Ask y/n; 1 for y. */
int tui_confirm(struct tui *t, const char *question);
/* Pick a code: returns the chosen code's index in t->codes, or -1 when
 * cancelled; a name not in the tree is returned in *newname (malloc'd)
 * with the result -2 when the user confirms creating it. */
long tui_pick_code(struct tui *t, char **newname);
/* Choose one of n labels (1..9); -1 when cancelled. */
int tui_choose(struct tui *t, const char *question, const char **labels,
    size_t n);

/* tui.c */
void tui_message(struct tui *t, int error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int tui_reload(struct tui *t);
int tui_command(struct tui *t, const char *line);

/* view-sources.c, view-codes.c, view-transcript.c, view-help.c */
void tui_sources_draw(struct tui *t, const struct tui_rect *r);
int tui_sources_key(struct tui *t, enum tui_req req);
int tui_sources_open(struct tui *t, size_t index);
void tui_codes_draw(struct tui *t, const struct tui_rect *r);
int tui_codes_key(struct tui *t, enum tui_req req);
void tui_text_draw(struct tui *t, const struct tui_rect *r);
int tui_text_key(struct tui *t, enum tui_req req);
void tui_text_close(struct tui *t);
int tui_text_refresh(struct tui *t);
/* The selection, or the turn under the cursor, as a source-wide cp range
 * [*a, *b); 0 when there is nothing to code. */
int tui_text_target(struct tui *t, size_t *a, size_t *b);
/* Codings covering the cursor (borrowed until the next draw); how many
 * were stored in out (at most max). */
size_t tui_text_codings_at_cursor(struct tui *t, struct fg_coding_view **out,
    size_t max);
/* Put the cursor on source-wide code point cp of turn seq. */
void tui_text_goto(struct tui *t, size_t seq, size_t cp);
void tui_help_draw(struct tui *t, const struct tui_rect *r);
int tui_help_key(struct tui *t, enum tui_req req);

/* Run the interface on an open project.  Returns a process exit status. */
int tui_main(struct fg_db *db, const char *db_path, const char *coder,
    struct fg_error *err);

#endif
