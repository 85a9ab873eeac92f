/* cmd-sources.c - fgcode sources: list the imported transcripts. */
#include "config.h"

#include "cli/cli.h"
#include "core/source.h"

static int
run(struct fg_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		FG_CLI_COMMON_OPTS, { NULL, 0, NULL, 0 }
	};
	struct fg_table *t;
	struct fg_error err;
	int first, rc;

	if ((rc = fg_cli_getopt(cli, &fg_cmd_sources, argc, argv, "", opts,
	    NULL, NULL, &first)) != 0)
		return rc;
	if (first != argc)
		return fg_cli_usage(&fg_cmd_sources, "unexpected argument");
	if ((rc = fg_cli_open(cli, 0)) != 0)
		return rc;
	fg_error_clear(&err);
	/* the aligned table shows a short hash; data formats the whole */
	if (fg_source_list(cli->db, cli->format == FG_FMT_TABLE, &t, &err)
	    != FG_OK)
		return fg_cli_fail(&err);
	rc = fg_cli_print_table(cli, t, stdout);
	fg_table_free(t);
	return rc;
}

const struct fg_cmd fg_cmd_sources = {
	.name = "sources",
	.usage = "sources [--format table|tsv|csv|md|json]",
	.summary = "list the imported transcripts",
	.run = run,
};
