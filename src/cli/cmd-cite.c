/* cmd-cite.c - fgcode cite (not yet written). */
#include "config.h"

#include "cli/cli.h"

static int
run(struct fg_cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argc;
	(void)argv;
	return fg_cli_errorf(2, "cite: not implemented yet");
}

const struct fg_cmd fg_cmd_cite = {
	.name = "cite",
	.usage = "cite",
	.summary = "(not implemented yet)",
	.run = run,
};
