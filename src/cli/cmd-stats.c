/* cmd-stats.c - fgcode stats (not yet written). */
#include "config.h"

#include "cli/cli.h"

static int
run(struct fg_cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argc;
	(void)argv;
	return fg_cli_errorf(2, "stats: not implemented yet");
}

const struct fg_cmd fg_cmd_stats = {
	.name = "stats",
	.usage = "stats",
	.summary = "(not implemented yet)",
	.run = run,
};
