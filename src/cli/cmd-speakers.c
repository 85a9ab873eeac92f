/* cmd-speakers.c - fgcode speakers SOURCE: the speakers of a transcript,
 * their turn counts and the participants they are linked to. */
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
	int64_t id;
	int first, rc;

	if ((rc = fg_cli_getopt(cli, &fg_cmd_speakers, argc, argv, "", opts,
	    NULL, NULL, &first)) != 0)
		return rc;
	if (first == argc)
		return fg_cli_usage(&fg_cmd_speakers, "which source?");
	if (first + 1 != argc)
		return fg_cli_usage(&fg_cmd_speakers, "one source at a time");
	if ((rc = fg_cli_open(cli, 0)) != 0)
		return rc;
	fg_error_clear(&err);
	if (fg_source_resolve(cli->db, argv[first], &id, &err) != FG_OK ||
	    fg_source_speakers(cli->db, id, &t, &err) != FG_OK)
		return fg_cli_fail(&err);
	rc = fg_cli_print_table(cli, t, stdout);
	fg_table_free(t);
	return rc;
}

const struct fg_cmd fg_cmd_speakers = {
	.name = "speakers",
	.usage = "speakers SOURCE [--format table|tsv|csv|md|json]",
	.summary = "list the speakers of a source with their turn counts",
	.run = run,
};
