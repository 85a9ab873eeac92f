/* cmd-codings.c - fgcode codings (not yet written). */
#include "config.h"

#include "cli/cli.h"

static int
run(struct fg_cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argc;
	(void)argv;
	return fg_cli_errorf(2, "codings: not implemented yet");
}

const struct fg_cmd fg_cmd_codings = {
	.name = "codings",
	.usage = "codings",
	.summary = "(not implemented yet)",
	.run = run,
};
