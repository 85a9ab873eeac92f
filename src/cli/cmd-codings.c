/* cmd-codings.c - fgcode codings: list codings, optionally of one source,
 * one code or one coder. */
#include "config.h"

#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/codebook.h"
#include "core/coding.h"
#include "core/source.h"
#include "core/utf8.h"

/* Longest excerpt / memo shown in the aligned table (terminal cells);
 * the other formats carry the whole text. */
#define TEXT_CELLS 60

enum { OPT_SOURCE = 256, OPT_CODE, OPT_CODER };

struct opts {
	const char *source;
	const char *code;
	const char *coder;
};

static int
handle(struct fg_cli *cli, int c, const char *arg, void *data)
{
	struct opts *o = data;

	(void)cli;
	switch (c) {
	case OPT_SOURCE:
		o->source = arg;
		return 0;
	case OPT_CODE:
		o->code = arg;
		return 0;
	case OPT_CODER:
		o->coder = arg;
		return 0;
	}
	return fg_cli_usage(&fg_cmd_codings, NULL);
}

/* Cut the text columns of the aligned table to TEXT_CELLS cells. */
static void
shorten_cells(struct fg_table *t)
{
	struct fg_buf b = FG_BUF_INIT;
	size_t r, c, n, adv, w;
	const char *s;
	char one[8];
	int cols[2];

	cols[0] = fg_table_col(t, "memo");
	cols[1] = fg_table_col(t, "excerpt");
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < 2; c++) {
			char **cell;

			if (cols[c] < 0)
				continue;
			cell = &t->cells[r * t->ncols + (size_t)cols[c]];
			if (*cell == NULL ||
			    fg_output_width(*cell) <= TEXT_CELLS)
				continue;
			fg_buf_reset(&b);
			w = 0;
			for (s = *cell, n = strlen(s); n > 0; s += adv,
			    n -= adv) {
				fg_utf8_decode(s, n, &adv);
				memcpy(one, s, adv);
				one[adv] = '\0';
				/* a line break shows as two cells "\n" */
				w += *s == '\n' || *s == '\t' ? 2 :
				    fg_output_width(one);
				if (w + 1 > TEXT_CELLS)
					break;
				fg_buf_add(&b, s, adv);
			}
			fg_buf_adds(&b, "\xE2\x80\xA6");
			free(*cell);
			*cell = fg_buf_steal(&b);
		}
	fg_buf_free(&b);
}

/* main.c reads the global options with "+" (stop at the command name)
 * and glibc keeps that ordering until getopt is reinitialised with optind
 * = 0, which fg_cli_getopt (optind = 1) does not do.  Reinitialise here so
 * that options may follow the operands ("code add SRC CODE --turn 6"). */
static void
getopt_permute(void)
{
	static const struct option none[] = { { NULL, 0, NULL, 0 } };
	char *args[] = { (char *)"fgcode", NULL };

	optind = 0;
	(void)getopt_long(1, args, "", none, NULL);
}

static int
run(struct fg_cli *cli, int argc, char **argv)
{
	/* our --coder (a filter) comes before the common one (who is
	 * coding), so getopt_long takes it */
	static const struct option opts[] = {
		{ "coder", required_argument, NULL, OPT_CODER },
		{ "source", required_argument, NULL, OPT_SOURCE },
		{ "code", required_argument, NULL, OPT_CODE },
		FG_CLI_COMMON_OPTS, { NULL, 0, NULL, 0 }
	};
	struct fg_coding_filter f;
	struct fg_table *t;
	struct fg_error err;
	struct opts o;
	int first, rc;

	memset(&o, 0, sizeof o);
	getopt_permute();
	if ((rc = fg_cli_getopt(cli, &fg_cmd_codings, argc, argv, "", opts,
	    handle, &o, &first)) != 0)
		return rc;
	if (first != argc)
		return fg_cli_usage(&fg_cmd_codings, "unexpected argument");
	if ((rc = fg_cli_open(cli, 0)) != 0)
		return rc;
	memset(&f, 0, sizeof f);
	fg_error_clear(&err);
	if (o.source && fg_source_resolve(cli->db, o.source, &f.source_id,
	    &err) != FG_OK)
		return fg_cli_fail(&err);
	if (o.code && fg_codebook_find(cli->db, o.code, &f.code_id, &err) !=
	    FG_OK)
		return fg_cli_fail(&err);
	f.coder = o.coder;
	if (fg_coding_list(cli->db, &f, &t, &err) != FG_OK)
		return fg_cli_fail(&err);
	if (cli->format == FG_FMT_TABLE)
		shorten_cells(t);
	rc = fg_cli_print_table(cli, t, stdout);
	fg_table_free(t);
	return rc;
}

const struct fg_cmd fg_cmd_codings = {
	.name = "codings",
	.usage = "codings [--source SOURCE] [--code CODE] [--coder NAME] "
	    "[--format table|tsv|csv|md|json]",
	.summary = "list codings with their excerpts",
	.run = run,
};
