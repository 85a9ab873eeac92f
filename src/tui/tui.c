/* tui.c - the workbench's main loop and its actions: opening sources,
 * applying and removing codes, memos, search, undo/redo and the ':'
 * commands.  Every coding action is written at once in its own
 * transaction, so quitting (or a crash) loses nothing already applied. */
#include "config.h"

#include "tui/tui.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/coding.h"
#include "core/memo.h"
#include "core/matrix.h"
#include "core/report.h"

void
tui_message(struct tui *t, int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof t->msg, fmt, ap);
	va_end(ap);
	t->msg_error = error;
}

static int
fail(struct tui *t, const struct fg_error *err)
{
	tui_message(t, 1, "error: %s", err->msg[0] ? err->msg :
	    fg_status_desc(err->code));
	return TUI_REACT_REDRAW;
}

static void
load_counts(struct tui *t)
{
	struct fg_error err;
	int64_t *ids;
	size_t i, n = t->codes ? t->codes->n : 0;

	free(t->code_total);
	free(t->code_here);
	t->code_total = calloc(n + 1, sizeof *t->code_total);
	t->code_here = calloc(n + 1, sizeof *t->code_here);
	ids = calloc(n + 1, sizeof *ids);
	if (t->code_total == NULL || t->code_here == NULL || ids == NULL) {
		free(ids);
		return;
	}
	for (i = 0; i < n; i++)
		ids[i] = t->codes->codes[i].id;
	fg_error_clear(&err);
	if (fg_reader_code_counts(t->db, t->rd ? fg_reader_info(t->rd)->id : 0,
	    ids, n, t->code_total, t->code_here, &err) != FG_OK)
		fail(t, &err);
	free(ids);
}

/* Re-read sources, codes and counts, and the open source's codings. */
int
tui_reload(struct tui *t)
{
	struct fg_error err;

	fg_error_clear(&err);
	fg_table_free(t->sources);
	t->sources = NULL;
	if (fg_reader_sources(t->db, &t->sources, &err) != FG_OK)
		fail(t, &err);
	if (t->sources && t->src_sel >= t->sources->nrows)
		t->src_sel = t->sources->nrows ? t->sources->nrows - 1 : 0;
	fg_codebook_free(t->codes);
	t->codes = NULL;
	if (fg_codebook_read(t->db, &t->codes, &err) != FG_OK)
		fail(t, &err);
	if (t->codes && t->code_sel >= t->codes->n)
		t->code_sel = t->codes->n ? t->codes->n - 1 : 0;
	if (t->rd && fg_reader_refresh(t->rd, &err) != FG_OK)
		fail(t, &err);
	load_counts(t);
	if (t->rd)
		tui_text_refresh(t);
	t->data_version = fg_reader_data_version(t->db);
	return TUI_REACT_REDRAW;
}

int
tui_sources_open(struct tui *t, size_t index)
{
	struct fg_error err;
	struct fg_reader *rd;
	sqlite3_stmt *st;
	int64_t id;

	if (t->sources == NULL || index >= t->sources->nrows)
		return TUI_REACT_NONE;
	id = strtoll(fg_table_cell(t->sources, index, 0), NULL, 10);
	fg_error_clear(&err);
	if (fg_reader_open(t->db, id, &rd, &err) != FG_OK)
		return fail(t, &err);
	tui_text_close(t);
	t->rd = rd;
	t->cur_seq = t->top_seq = 1;
	t->cur_cp = 0;
	t->top_row = 0;
	t->want_col = 0;
	t->speaker_w = 8;
	/* the speaker column fits the names of the first turns (reading
	 * all of a 500,000-turn transcript would slow opening it down) */
	if (sqlite3_prepare_v2(t->db->db, "SELECT max(length(speaker)) FROM "
	    "(SELECT speaker FROM turn WHERE source_id = ? ORDER BY seq "
	    "LIMIT 2000)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW)
			t->speaker_w = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	if (t->speaker_w > 16)
		t->speaker_w = 16;
	if (t->speaker_w < 4)
		t->speaker_w = 4;
	t->src_sel = index;
	load_counts(t);
	if (t->focus == TUI_PANE_SOURCES)
		t->focus = TUI_PANE_TRANSCRIPT;
	tui_message(t, 0, "opened %s", fg_reader_info(rd)->name);
	return TUI_REACT_REDRAW;
}

/* ---- undo ---- */

static void
action_free(struct tui_action *a)
{
	free(a->memo);
	a->memo = NULL;
}

static void
push(struct tui_action **stack, size_t *n, size_t *cap,
    const struct tui_action *a)
{
	struct tui_action *ns;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		ns = realloc(*stack, *cap * sizeof *ns);
		if (ns == NULL)
			return;
		*stack = ns;
	}
	(*stack)[(*n)++] = *a;
}

static void
clear_redo(struct tui *t)
{
	while (t->nredo > 0)
		action_free(&t->redo[--t->nredo]);
}

/* Every action is stamped with its own time ($FGCODE_NOW in tests), not
 * the time the workbench was opened. */
static void
stamp(struct tui *t)
{
	fg_db_set_now(t->db, getenv("FGCODE_NOW"));
}

/* Store a coding of code_id on [a, b); sets *id. */
static enum fg_status
add_coding(struct tui *t, int64_t code_id, size_t a, size_t b,
    const char *memo, int64_t *id, struct fg_error *err)
{
	struct fg_coding_spec spec;
	struct fg_coding_report rep = FG_CODING_REPORT_INIT;
	enum fg_status s;

	stamp(t);
	memset(&spec, 0, sizeof spec);
	spec.source_id = fg_reader_info(t->rd)->id;
	spec.code_id = code_id;
	spec.sel.kind = FG_SEL_CHARS;
	spec.sel.start = (int64_t)a;
	spec.sel.end = (int64_t)b;
	spec.coder = t->coder;
	spec.memo = memo;
	s = fg_coding_add(t->db, &spec, &rep, err);
	if (s == FG_OK && rep.n > 0) {
		*id = rep.items[0].id;
		if (rep.items[0].existed)
			s = fg_error_set(err, FG_EXISTS, NULL, 0, 0,
			    "that coding is already there (id %lld)",
			    (long long)*id);
	}
	fg_coding_report_free(&rep);
	return s;
}

static enum fg_status
remove_coding(struct tui *t, int64_t id, struct fg_error *err)
{
	enum fg_status s;

	stamp(t);
	if ((s = fg_db_begin(t->db, err)) != FG_OK)
		return s;
	if ((s = fg_coding_remove(t->db, id, err)) != FG_OK) {
		fg_db_rollback(t->db);
		return s;
	}
	return fg_db_commit(t->db, err);
}

static enum fg_status
set_memo(struct tui *t, int64_t id, const char *memo, struct fg_error *err)
{
	enum fg_status s;

	stamp(t);
	if ((s = fg_db_begin(t->db, err)) != FG_OK)
		return s;
	if ((s = fg_memo_set(t->db, id, memo, err)) != FG_OK) {
		fg_db_rollback(t->db);
		return s;
	}
	return fg_db_commit(t->db, err);
}

static const char *
code_name(struct tui *t, int64_t code_id)
{
	size_t i;

	for (i = 0; t->codes && i < t->codes->n; i++)
		if (t->codes->codes[i].id == code_id)
			return t->codes->codes[i].name;
	return "?";
}

static int
apply_code(struct tui *t, int64_t code_id)
{
	struct fg_error err;
	struct tui_action act;
	size_t a, b;
	int64_t id;

	if (t->rd == NULL)
		return tui_message(t, 1, "open a source first"),
		    TUI_REACT_REDRAW;
	if (!tui_text_target(t, &a, &b))
		return tui_message(t, 1, "nothing to code here"),
		    TUI_REACT_REDRAW;
	fg_error_clear(&err);
	if (add_coding(t, code_id, a, b, NULL, &id, &err) != FG_OK)
		return fail(t, &err);
	memset(&act, 0, sizeof act);
	act.kind = TUI_ACT_ADD;
	act.coding_id = id;
	act.source_id = fg_reader_info(t->rd)->id;
	act.code_id = code_id;
	act.start_cp = a;
	act.end_cp = b;
	push(&t->undo, &t->nundo, &t->capundo, &act);
	clear_redo(t);
	t->sel = 0;
	tui_reload(t);
	tui_message(t, 0, "coded [%zu,%zu) as %s (coding %lld)", a, b,
	    code_name(t, code_id), (long long)id);
	return TUI_REACT_REDRAW;
}

static int
pick_and_apply(struct tui *t)
{
	struct fg_error err;
	char *name = NULL;
	long i;
	int64_t id;

	if (t->rd == NULL)
		return tui_message(t, 1, "open a source first"),
		    TUI_REACT_REDRAW;
	i = tui_pick_code(t, &name);
	if (i == -1) {
		tui_message(t, 0, "cancelled");
		return TUI_REACT_REDRAW;
	}
	if (i == -2) {
		fg_error_clear(&err);
		stamp(t);
		if (fg_db_begin(t->db, &err) != FG_OK ||
		    fg_codebook_create(t->db, name, &id, &err) != FG_OK ||
		    fg_db_commit(t->db, &err) != FG_OK) {
			fg_db_rollback(t->db);
			/* another process made it meanwhile: use it */
			if (err.code == FG_EXISTS &&
			    fg_codebook_find(t->db, name, &id, &err) == FG_OK) {
				free(name);
				tui_reload(t);
				return apply_code(t, id);
			}
			free(name);
			return fail(t, &err);
		}
		free(name);
		tui_reload(t);
		return apply_code(t, id);
	}
	return apply_code(t, t->codes->codes[i].id);
}

/* The coding under the cursor, asking which when several overlap. */
static struct fg_coding_view *
coding_at_cursor(struct tui *t, const char *verb)
{
	struct fg_coding_view *c[9];
	const char *labels[9];
	char q[64], lab[9][128];
	size_t n = tui_text_codings_at_cursor(t, c, 9), i;
	int k;

	if (n == 0) {
		tui_message(t, 1, "no coding under the cursor");
		return NULL;
	}
	if (n == 1)
		return c[0];
	for (i = 0; i < n; i++) {
		snprintf(lab[i], sizeof lab[i], "%s [%zu,%zu) %s", c[i]->code,
		    c[i]->start_cp, c[i]->end_cp, c[i]->coder);
		labels[i] = lab[i];
	}
	snprintf(q, sizeof q, "%s which?", verb);
	k = tui_choose(t, q, labels, n);
	if (k < 0) {
		tui_message(t, 0, "cancelled");
		return NULL;
	}
	/* the views may have been refetched while asking */
	n = tui_text_codings_at_cursor(t, c, 9);
	return (size_t)k < n ? c[k] : NULL;
}

static int
uncode(struct tui *t)
{
	struct fg_coding_view *c = coding_at_cursor(t, "remove");
	struct tui_action act;
	struct fg_error err;
	char *memo = NULL;

	if (c == NULL)
		return TUI_REACT_REDRAW;
	memset(&act, 0, sizeof act);
	act.kind = TUI_ACT_REMOVE;
	act.coding_id = c->id;
	act.source_id = fg_reader_info(t->rd)->id;
	act.code_id = c->code_id;
	act.start_cp = c->start_cp;
	act.end_cp = c->end_cp;
	if (c->memo)
		memo = strdup(c->memo);
	act.memo = memo;
	fg_error_clear(&err);
	if (remove_coding(t, c->id, &err) != FG_OK) {
		free(memo);
		return fail(t, &err);
	}
	push(&t->undo, &t->nundo, &t->capundo, &act);
	clear_redo(t);
	tui_message(t, 0, "removed coding %lld (%s)", (long long)act.coding_id,
	    code_name(t, act.code_id));
	tui_reload(t);
	return TUI_REACT_REDRAW;
}

static int
memo(struct tui *t)
{
	struct fg_coding_view *c = coding_at_cursor(t, "memo on");
	struct tui_action act;
	struct fg_error err;
	char *text, *old = NULL;
	int64_t id;

	if (c == NULL)
		return TUI_REACT_REDRAW;
	id = c->id;
	if (c->memo)
		old = strdup(c->memo);
	text = tui_prompt(t, "memo: ", old ? old : "");
	if (text == NULL) {
		free(old);
		tui_message(t, 0, "cancelled");
		return TUI_REACT_REDRAW;
	}
	fg_error_clear(&err);
	if (set_memo(t, id, text, &err) != FG_OK) {
		free(old);
		free(text);
		return fail(t, &err);
	}
	memset(&act, 0, sizeof act);
	act.kind = TUI_ACT_MEMO;
	act.coding_id = id;
	act.memo = old;
	push(&t->undo, &t->nundo, &t->capundo, &act);
	clear_redo(t);
	tui_message(t, 0, "memo saved on coding %lld", (long long)id);
	free(text);
	tui_reload(t);
	return TUI_REACT_REDRAW;
}

/* Undo (dir = 0) or redo (dir = 1) the last action. */
static int
undo_redo(struct tui *t, int redo)
{
	struct tui_action *from = redo ? t->redo : t->undo, act;
	size_t *n = redo ? &t->nredo : &t->nundo;
	struct fg_error err;
	enum fg_status s = FG_OK;
	char *cur = NULL;
	int64_t id;
	int remove;

	if (*n == 0) {
		tui_message(t, 1, "nothing to %s", redo ? "redo" : "undo");
		return TUI_REACT_REDRAW;
	}
	act = from[--*n];
	fg_error_clear(&err);
	switch (act.kind) {
	case TUI_ACT_ADD:
	case TUI_ACT_REMOVE:
		/* undoing an add or redoing a remove removes */
		remove = (act.kind == TUI_ACT_ADD) != redo;
		if (remove) {
			s = remove_coding(t, act.coding_id, &err);
		} else {
			struct fg_source_info const *in = t->rd ?
			    fg_reader_info(t->rd) : NULL;
			if (in == NULL || in->id != act.source_id) {
				s = fg_error_set(&err, FG_INPUT, NULL, 0, 0,
				    "open the source of that coding first");
			} else {
				s = add_coding(t, act.code_id, act.start_cp,
				    act.end_cp, act.memo, &id, &err);
				if (s == FG_OK)
					act.coding_id = id;
			}
		}
		break;
	case TUI_ACT_MEMO:
		if (fg_memo_get(t->db, act.coding_id, &cur, &err) == FG_OK)
			s = set_memo(t, act.coding_id, act.memo, &err);
		else
			s = err.code;
		if (s == FG_OK) {
			free(act.memo);
			act.memo = cur;
		} else {
			free(cur);
		}
		break;
	}
	if (s != FG_OK) {
		push(redo ? &t->redo : &t->undo, n, redo ? &t->capredo :
		    &t->capundo, &act);
		return fail(t, &err);
	}
	if (redo)
		push(&t->undo, &t->nundo, &t->capundo, &act);
	else
		push(&t->redo, &t->nredo, &t->capredo, &act);
	tui_message(t, 0, "%s: %s coding %lld", redo ? "redone" : "undone",
	    act.kind == TUI_ACT_MEMO ? "memo of" :
	    ((act.kind == TUI_ACT_ADD) != redo ? "removed" : "restored"),
	    (long long)act.coding_id);
	tui_reload(t);
	return TUI_REACT_REDRAW;
}

/* ---- search ---- */

static int
search(struct tui *t, int dir, int again)
{
	struct fg_error err;
	size_t seq, hs, he, cp;

	if (t->rd == NULL)
		return tui_message(t, 1, "open a source first"),
		    TUI_REACT_REDRAW;
	if (t->re == NULL) {
		tui_message(t, 1, "no search pattern (use /)");
		return TUI_REACT_REDRAW;
	}
	seq = t->cur_seq;
	cp = t->cur_cp + (again && dir > 0 ? 1 : 0);
	fg_error_clear(&err);
	if (fg_reader_search(t->rd, t->re, seq, cp, dir, &seq, &hs, &he,
	    &err) != FG_OK) {
		tui_message(t, 1, "/%s: %s", t->re_text, err.msg);
		return TUI_REACT_REDRAW;
	}
	t->sel = 0;
	tui_text_goto(t, seq, hs);
	tui_message(t, 0, "/%s: turn %zu, [%zu,%zu)", t->re_text, seq, hs, he);
	return TUI_REACT_REDRAW;
}

static int
search_prompt(struct tui *t)
{
	char *pat = tui_prompt(t, "/", "");
	pcre2_code *re;
	pcre2_match_context *mc = NULL;
	int ec;
	PCRE2_SIZE eo;
	char buf[256];

	if (pat == NULL || *pat == '\0') {
		free(pat);
		return TUI_REACT_REDRAW;
	}
	re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP, &ec, &eo, NULL);
	if (re == NULL) {
		pcre2_get_error_message(ec, (PCRE2_UCHAR *)buf, sizeof buf);
		tui_message(t, 1, "/%s: %s at offset %zu", pat, buf,
		    (size_t)eo);
		free(pat);
		return TUI_REACT_REDRAW;
	}
	(void)mc;
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	pcre2_code_free(t->re);
	free(t->re_text);
	t->re = re;
	t->re_text = pat;
	t->focus = TUI_PANE_TRANSCRIPT;
	return search(t, 1, 0);
}

/* ---- commands ---- */

static int
report_view(struct tui *t, const char *by)
{
	struct fg_freq_opts o;
	struct fg_table *tab = NULL;
	struct fg_error err;
	char path[] = "/tmp/fgcode-report-XXXXXX";
	FILE *f;
	int fd;

	memset(&o, 0, sizeof o);
	fg_error_clear(&err);
	if (fg_report_by_parse(by && *by ? by : "city", &o.by, &err) != FG_OK)
		return fail(t, &err);
	/* the same counting as the CLI's report freq */
	if (fg_matrix_freq(t->db, &o, &tab, &err) != FG_OK)
		return fail(t, &err);
	/* render as the CLI's table format into the help area */
	fd = mkstemp(path);
	f = fd >= 0 ? fdopen(fd, "w+") : NULL;
	if (f == NULL) {
		fg_table_free(tab);
		return tui_message(t, 1, "cannot render the report"),
		    TUI_REACT_REDRAW;
	}
	unlink(path);
	fg_output_table(tab, FG_FMT_TABLE, f);
	fg_table_free(tab);
	rewind(f);
	{
		char line[1024];
		int y = 1;

		erase();
		tui_put(0, 0, t->cols, "report freq (any key closes)", 28,
		    A_BOLD);
		while (fgets(line, sizeof line, f) && y < t->rows - 1) {
			line[strcspn(line, "\n")] = '\0';
			tui_put(y++, 0, t->cols, line, strlen(line), A_NORMAL);
		}
	}
	fclose(f);
	refresh();
	{
		int key, is_char;
		do {
			key = tui_get_key(t, &is_char);
		} while (key == TUI_KEY_NONE);
		if (key == TUI_KEY_END)
			t->quit = 1;
	}
	return TUI_REACT_REDRAW;
}

int
tui_command(struct tui *t, const char *line)
{
	struct fg_error err;
	const char *arg;
	size_t i;

	while (*line == ' ')
		line++;
	arg = strchr(line, ' ');
	if (arg)
		while (*arg == ' ')
			arg++;
#define IS(cmd) (strncmp(line, cmd, strlen(cmd)) == 0 && \
	(line[strlen(cmd)] == '\0' || line[strlen(cmd)] == ' '))
	if (IS("q") || IS("quit")) {
		t->quit = 1;
		return TUI_REACT_QUIT;
	}
	if (IS("reload"))
		return tui_reload(t), tui_message(t, 0, "reloaded"),
		    TUI_REACT_REDRAW;
	if (IS("save-display")) {
		if (arg == NULL || *arg == '\0')
			return tui_message(t, 1, "usage: :save-display FILE"),
			    TUI_REACT_REDRAW;
		/* the screen as it was before the ':' prompt */
		memcpy(t->msg, t->prev_msg, sizeof t->msg);
		t->msg_error = t->prev_msg_error;
		fg_error_clear(&err);
		if (tui_save_display(t, arg, 1, &err) != FG_OK)
			return fail(t, &err);
		return TUI_REACT_REDRAW;
	}
	if (IS("code")) {
		if (arg == NULL || *arg == '\0')
			return pick_and_apply(t);
		for (i = 0; t->codes && i < t->codes->n; i++)
			if (strcmp(t->codes->codes[i].name, arg) == 0)
				return apply_code(t, t->codes->codes[i].id);
		tui_message(t, 1, "no code '%s' (c offers to create one)", arg);
		return TUI_REACT_REDRAW;
	}
	if (IS("report")) {
		const char *by = NULL;
		if (arg && strncmp(arg, "freq", 4) == 0) {
			by = arg + 4;
			while (*by == ' ')
				by++;
			return report_view(t, by);
		}
		tui_message(t, 1, "usage: :report freq [fg|city|gender|"
		    "ageband|speaker|source]");
		return TUI_REACT_REDRAW;
	}
	if (IS("help")) {
		t->help = 1;
		return TUI_REACT_REDRAW;
	}
#undef IS
	tui_message(t, 1, "unknown command ':%s' (:code, :report freq, "
	    ":reload, :save-display, :quit)", line);
	return TUI_REACT_REDRAW;
}

/* ---- the loop ---- */

static int
handle(struct tui *t, int key, int is_char)
{
	enum tui_req req = tui_request(key, is_char);
	char *line;

	if (t->help && req != TUI_REQ_COMMAND)
		return tui_help_key(t, req);
	switch (req) {
	case TUI_REQ_QUIT:
		t->quit = 1;
		return TUI_REACT_QUIT;
	case TUI_REQ_HELP:
		t->help = 1;
		t->help_top = 0;
		return TUI_REACT_REDRAW;
	case TUI_REQ_NEXT_PANE:
		t->focus = (t->focus + 1) % TUI_PANE_COUNT;
		return TUI_REACT_REDRAW;
	case TUI_REQ_PREV_PANE:
		t->focus = (t->focus + TUI_PANE_COUNT - 1) % TUI_PANE_COUNT;
		return TUI_REACT_REDRAW;
	case TUI_REQ_COMMAND:
		memcpy(t->prev_msg, t->msg, sizeof t->msg);
		t->prev_msg_error = t->msg_error;
		line = tui_prompt(t, ":", "");
		if (line) {
			int r = tui_command(t, line);
			free(line);
			return r;
		}
		return TUI_REACT_REDRAW;
	case TUI_REQ_SEARCH:
		return search_prompt(t);
	case TUI_REQ_SEARCH_NEXT:
		return search(t, 1, 1);
	case TUI_REQ_SEARCH_PREV:
		return search(t, -1, 1);
	case TUI_REQ_UNDO:
		return undo_redo(t, 0);
	case TUI_REQ_REDO:
		return undo_redo(t, 1);
	case TUI_REQ_CODE:
		return pick_and_apply(t);
	case TUI_REQ_UNCODE:
		return uncode(t);
	case TUI_REQ_MEMO:
		return memo(t);
	case TUI_REQ_OPEN:
		if (t->focus == TUI_PANE_CODES && t->codes && t->codes->n)
			return apply_code(t, t->codes->codes[t->code_sel].id);
		break;
	default:
		break;
	}
	switch (t->focus) {
	case TUI_PANE_SOURCES:
		return tui_sources_key(t, req);
	case TUI_PANE_CODES:
		return tui_codes_key(t, req);
	default:
		return tui_text_key(t, req);
	}
}

static volatile sig_atomic_t interrupted;

static void
on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

int
tui_main(struct fg_db *db, const char *db_path, const char *coder,
    struct fg_error *err)
{
	struct tui t;
	const char *script = getenv("FGCODE_SCRIPT");
	int key, is_char, v;
	size_t i;

	memset(&t, 0, sizeof t);
	t.db = db;
	t.db_path = db_path;
	t.coder = coder;
	t.focus = TUI_PANE_SOURCES;
	t.layout_width = -1;
	if (script && *script && tui_script_open(&t, script, err) != FG_OK)
		return fg_status_exit(err->code);
	if (tui_display_init(&t, err) != FG_OK) {
		free(t.script);
		return fg_status_exit(err->code);
	}
	/* Ctrl-C quits as q does (codings are already saved) */
	signal(SIGINT, on_sigint);
	tui_reload(&t);
	if (t.sources && t.sources->nrows > 0) {
		tui_sources_open(&t, 0);
		t.focus = TUI_PANE_SOURCES;
		t.msg[0] = '\0';
	}
	while (!t.quit && !interrupted) {
		tui_draw(&t);
		key = tui_get_key(&t, &is_char);
		if (interrupted)
			break;
		if (key == TUI_KEY_END)
			break;
		if (key == TUI_KEY_NONE) {
			/* idle: pick up other processes' commits */
			v = fg_reader_data_version(t.db);
			if (v != t.data_version)
				tui_reload(&t);
			continue;
		}
		if (key == KEY_RESIZE) {
			tui_display_resize(&t, t.script_resize_rows,
			    t.script_resize_cols);
			t.script_resize_rows = t.script_resize_cols = 0;
			continue;
		}
		handle(&t, key, is_char);
	}
	tui_display_end(&t);
	tui_text_close(&t);
	fg_table_free(t.sources);
	fg_codebook_free(t.codes);
	free(t.code_total);
	free(t.code_here);
	for (i = 0; i < t.nundo; i++)
		action_free(&t.undo[i]);
	for (i = 0; i < t.nredo; i++)
		action_free(&t.redo[i]);
	free(t.undo);
	free(t.redo);
	pcre2_code_free(t.re);
	free(t.re_text);
	free(t.script);
	return 0;
}
