/* cmd-link.c - fgcode link (not yet written). */
#include "config.h"

#include "cli/cli.h"

static int
run(struct fg_cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argc;
	(void)argv;
	return fg_cli_errorf(2, "link: not implemented yet");
}

const struct fg_cmd fg_cmd_link = {
	.name = "link",
	.usage = "link",
	.summary = "(not implemented yet)",
	.run = run,
};
