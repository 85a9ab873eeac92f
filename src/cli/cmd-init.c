/* cmd-init.c - fgcode init: create a new project file. */
#include "config.h"

#include "cli/cli.h"

static int
run(struct fg_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		FG_CLI_COMMON_OPTS, { NULL, 0, NULL, 0 }
	};
	int first, rc;

	if ((rc = fg_cli_getopt(cli, &fg_cmd_init, argc, argv, "", opts, NULL,
	    NULL, &first)) != 0)
		return rc;
	if (first != argc)
		return fg_cli_usage(&fg_cmd_init, "unexpected argument");
	if ((rc = fg_cli_open(cli, 1)) != 0)
		return rc;
	if (!cli->quiet)
		fprintf(stderr, "fgcode: created project %s (schema version "
		    "%d)\n", cli->db_path, fg_db_schema_version());
	return 0;
}

const struct fg_cmd fg_cmd_init = {
	.name = "init",
	.usage = "init [--db FILE]",
	.summary = "create a new, empty project file",
	.run = run,
};
