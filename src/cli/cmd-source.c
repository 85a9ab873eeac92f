/* cmd-source.c - fgcode source rm: remove a source from the project (the
 * listing is 'fgcode sources'). */
#include "config.h"

#include "cli/cli.h"

#include <string.h>

#include "core/source.h"

enum { OPT_FORCE = 256 };

static int
handle(struct fg_cli *cli, int c, const char *arg, void *data)
{
	(void)cli;
	(void)arg;
	if (c == OPT_FORCE) {
		*(int *)data = 1;
		return 0;
	}
	return fg_cli_usage(&fg_cmd_source, NULL);
}

/* Let options follow the operands ("source rm X --force"), as in
 * cmd-code.c: reinitialise glibc's getopt with optind = 0. */
static void
getopt_permute(void)
{
	static const struct option none[] = { { NULL, 0, NULL, 0 } };
	char *args[] = { (char *)"fgcode", NULL };

	optind = 0;
	(void)getopt_long(1, args, "", none, NULL);
}

static int
do_rm(struct fg_cli *cli, const char *spec, int force)
{
	struct fg_error err;
	int64_t id, n = 0;
	int rc;

	if ((rc = fg_cli_open(cli, 0)) != 0)
		return rc;
	fg_error_clear(&err);
	if (fg_source_resolve(cli->db, spec, &id, &err) != FG_OK ||
	    fg_source_remove(cli->db, id, force, &n, &err) != FG_OK)
		return fg_cli_fail(&err);
	if (!cli->quiet && n > 0)
		fprintf(stderr, "fgcode: removed source %lld (%s) and its "
		    "%lld coding%s\n", (long long)id, spec, (long long)n,
		    n == 1 ? "" : "s");
	else if (!cli->quiet)
		fprintf(stderr, "fgcode: removed source %lld (%s)\n",
		    (long long)id, spec);
	return 0;
}

static int
run(struct fg_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, OPT_FORCE },
		FG_CLI_COMMON_OPTS, { NULL, 0, NULL, 0 }
	};
	int first, rc, force = 0;

	getopt_permute();
	if ((rc = fg_cli_getopt(cli, &fg_cmd_source, argc, argv, "", opts,
	    handle, &force, &first)) != 0)
		return rc;
	if (first >= argc || strcmp(argv[first], "rm") != 0)
		return fg_cli_usage(&fg_cmd_source, "rm? (the listing is "
		    "'fgcode sources')");
	if (argc - first != 2)
		return fg_cli_usage(&fg_cmd_source, "source rm wants one "
		    "SOURCE");
	return do_rm(cli, argv[first + 1], force);
}

const struct fg_cmd fg_cmd_source = {
	.name = "source",
	.usage = "source rm SOURCE [--force]",
	.summary = "remove a source (with --force, its codings too)",
	.run = run,
};
