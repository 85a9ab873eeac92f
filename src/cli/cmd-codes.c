/* cmd-codes.c - fgcode codes: the code tree with how much each code is
 * used. */
#include "config.h"

#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/codebook.h"
#include "core/utf8.h"

/* Longest description shown in the aligned table (terminal cells). */
#define DESC_CELLS 60

/* s cut to at most cells terminal cells, with "…" when cut; the result
 * is s itself or lives in b. */
static const char *
shorten(struct fg_buf *b, const char *s, size_t cells)
{
	size_t n, adv, w = 0;
	char one[8];

	if (s == NULL || fg_output_width(s) <= cells)
		return s;
	fg_buf_reset(b);
	for (n = strlen(s); n > 0; s += adv, n -= adv) {
		fg_utf8_decode(s, n, &adv);
		memcpy(one, s, adv);
		one[adv] = '\0';
		w += fg_output_width(one);
		if (w + 1 > cells)
			break;
		fg_buf_add(b, s, adv);
	}
	fg_buf_adds(b, "\xE2\x80\xA6");
	return b->p;
}

/* The aligned-table view: the code indented by depth, no path/depth. */
static struct fg_table *
table_view(const struct fg_table *t)
{
	static const char *const names[] = { "id", "code", "codings",
	    "sources", "coders", "colour", "description" };
	static const enum fg_col_type types[] = { FG_COL_INT, FG_COL_TEXT,
	    FG_COL_INT, FG_COL_INT, FG_COL_INT, FG_COL_TEXT, FG_COL_TEXT };
	struct fg_table *v = fg_table_new(7, names, types);
	struct fg_buf name = FG_BUF_INIT, desc = FG_BUF_INIT;
	const char *row[7];
	size_t r;
	int d;

	if (v == NULL)
		return NULL;
	for (r = 0; r < t->nrows; r++) {
		fg_buf_reset(&name);
		for (d = atoi(fg_table_cell(t, r, 3)); d > 0; d--)
			fg_buf_adds(&name, "  ");
		fg_buf_adds(&name, fg_table_cell(t, r, 1));
		row[0] = fg_table_cell(t, r, 0);
		row[1] = name.p;
		row[2] = fg_table_cell(t, r, 4);
		row[3] = fg_table_cell(t, r, 5);
		row[4] = fg_table_cell(t, r, 6);
		row[5] = fg_table_cell(t, r, 7);
		row[6] = shorten(&desc, fg_table_cell(t, r, 8), DESC_CELLS);
		if (fg_table_add(v, row) != FG_OK) {
			fg_table_free(v);
			v = NULL;
			break;
		}
	}
	fg_buf_free(&name);
	fg_buf_free(&desc);
	return v;
}

static int
run(struct fg_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		FG_CLI_COMMON_OPTS, { NULL, 0, NULL, 0 }
	};
	struct fg_table *t, *v;
	struct fg_error err;
	int first, rc;

	if ((rc = fg_cli_getopt(cli, &fg_cmd_codes, argc, argv, "", opts,
	    NULL, NULL, &first)) != 0)
		return rc;
	if (first != argc)
		return fg_cli_usage(&fg_cmd_codes, "unexpected argument");
	if ((rc = fg_cli_open(cli, 0)) != 0)
		return rc;
	fg_error_clear(&err);
	if (fg_codebook_list(cli->db, &t, &err) != FG_OK)
		return fg_cli_fail(&err);
	if (cli->format == FG_FMT_TABLE) {
		if ((v = table_view(t)) == NULL) {
			fg_table_free(t);
			return fg_cli_errorf(8, "out of memory");
		}
		fg_table_free(t);
		t = v;
	}
	rc = fg_cli_print_table(cli, t, stdout);
	fg_table_free(t);
	return rc;
}

const struct fg_cmd fg_cmd_codes = {
	.name = "codes",
	.usage = "codes [--format table|tsv|csv|md|json]",
	.summary = "list the code tree with codings, sources and coders",
	.run = run,
};
