/* cmd-quote.c - fgcode quote (not yet written). */
#include "config.h"

#include "cli/cli.h"

static int
run(struct fg_cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argc;
	(void)argv;
	return fg_cli_errorf(2, "quote: not implemented yet");
}

const struct fg_cmd fg_cmd_quote = {
	.name = "quote",
	.usage = "quote",
	.summary = "(not implemented yet)",
	.run = run,
};
