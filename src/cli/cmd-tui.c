/* cmd-tui.c - fgcode tui: the full-screen coding workbench. */
#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"
#include "tui/tui.h"

enum { OPT_KEYS_MDOC = 1000 };

static int
handle(struct fg_cli *cli, int c, const char *arg, void *data)
{
	(void)cli;
	(void)arg;
	if (c == OPT_KEYS_MDOC)
		*(int *)data = 1;
	return 0;
}

static int
run(struct fg_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		FG_CLI_COMMON_OPTS,
		{ "keys-mdoc", no_argument, NULL, OPT_KEYS_MDOC },
		{ NULL, 0, NULL, 0 }
	};
	struct fg_error err;
	int first, rc, keys_mdoc = 0;

	if ((rc = fg_cli_getopt(cli, &fg_cmd_tui, argc, argv, "", opts,
	    handle, &keys_mdoc, &first)) != 0)
		return rc;
	if (keys_mdoc) {
		tui_keys_mdoc(stdout);
		return 0;
	}
	if (first != argc)
		return fg_cli_usage(&fg_cmd_tui, "unexpected argument");
	if (getenv("FGCODE_SCRIPT") == NULL && (!isatty(STDIN_FILENO) ||
	    !isatty(STDOUT_FILENO)))
		return fg_cli_errorf(2, "tui: needs a terminal (or "
		    "FGCODE_SCRIPT for scripted use)");
	if ((rc = fg_cli_open(cli, 0)) != 0)
		return rc;
	fg_error_clear(&err);
	rc = tui_main(cli->db, cli->db_path, cli->coder, &err);
	if (rc != 0)
		return fg_cli_fail(&err);
	return 0;
}

const struct fg_cmd fg_cmd_tui = {
	.name = "tui",
	.usage = "tui [--db FILE] [--coder NAME]",
	.summary = "open the full-screen coding workbench",
	.run = run,
};
