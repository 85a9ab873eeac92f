/* cmd-blame.c - fgcode blame (not yet written). */
#include "config.h"

#include "cli/cli.h"

static int
run(struct fg_cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argc;
	(void)argv;
	return fg_cli_errorf(2, "blame: not implemented yet");
}

const struct fg_cmd fg_cmd_blame = {
	.name = "blame",
	.usage = "blame",
	.summary = "(not implemented yet)",
	.run = run,
};
