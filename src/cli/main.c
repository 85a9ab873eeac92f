/* main.c - fgcode's entry point: global options, environment, dispatch. */
#include "config.h"

#include <locale.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

const struct fg_cmd *const fg_commands[] = {
	&fg_cmd_init, &fg_cmd_import, &fg_cmd_roster, &fg_cmd_sources,
	&fg_cmd_source,
	&fg_cmd_speakers, &fg_cmd_codebook, &fg_cmd_codes, &fg_cmd_code,
	&fg_cmd_codings, &fg_cmd_report, &fg_cmd_stats, &fg_cmd_wvs, &fg_cmd_quote,
	&fg_cmd_cite, &fg_cmd_audit, &fg_cmd_log, &fg_cmd_blame, &fg_cmd_link, &fg_cmd_tui,
	NULL
};

static const char *
login_name(void)
{
	struct passwd *pw;
	const char *s;

	if ((s = getenv("LOGNAME")) != NULL && *s != '\0')
		return s;
	if ((s = getenv("USER")) != NULL && *s != '\0')
		return s;
	if ((pw = getpwuid(getuid())) != NULL)
		return pw->pw_name;
	return "unknown";
}

static void
usage(FILE *out)
{
	const struct fg_cmd *const *c;

	fputs("usage: fgcode [--db FILE] [--coder NAME] COMMAND [ARGS]\n"
	    "       fgcode help COMMAND | --version\n\ncommands:\n", out);
	for (c = fg_commands; *c; c++)
		fprintf(out, "  %-10s %s\n", (*c)->name, (*c)->summary);
	fputs("\nThe project is --db FILE, else $FGCODE_DB, else ./fgcode.db.\n"
	    "See fgcode(1) for details.\n", out);
}

static const struct fg_cmd *
find(const char *name)
{
	const struct fg_cmd *const *c;

	for (c = fg_commands; *c; c++)
		if (strcmp((*c)->name, name) == 0)
			return *c;
	return NULL;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		FG_CLI_COMMON_OPTS,
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct fg_cli cli;
	const struct fg_cmd *cmd;
	const char *s;
	int c, rc;

	setlocale(LC_ALL, "");
	memset(&cli, 0, sizeof cli);
	cli.db_path = (s = getenv("FGCODE_DB")) && *s ? s : "fgcode.db";
	cli.coder = (s = getenv("FGCODE_CODER")) && *s ? s : login_name();
	cli.now = getenv("FGCODE_NOW");
	cli.format = FG_FMT_TABLE;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+hq", opts, NULL)) != -1) {
		switch (c) {
		case 'D':
			cli.db_path = optarg;
			break;
		case 'C':
			cli.coder = optarg;
			break;
		case 'F':
			if (fg_cli_set_format(&cli, optarg) != 0)
				return 2;
			break;
		case 'q':
			cli.quiet = 1;
			break;
		case 'V':
			printf("fgcode %s\n", PACKAGE_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			fprintf(stderr, "fgcode: unknown option %s\n",
			    argv[optind - 1]);
			usage(stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		/* no command: the workbench on a terminal, else the usage */
		if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
			static char *tui_argv[] = { "tui", NULL };
			rc = fg_cmd_tui.run(&cli, 1, tui_argv);
			fg_db_close(cli.db);
			return rc < 0 ? 0 : rc;
		}
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[0], "help") == 0) {
		if (argc < 2) {
			usage(stdout);
			return 0;
		}
		if ((cmd = find(argv[1])) == NULL)
			return fg_cli_errorf(2, "no such command '%s'", argv[1]);
		fg_cli_help(cmd);
		return 0;
	}
	if ((cmd = find(argv[0])) == NULL) {
		fg_cli_errorf(2, "no such command '%s'", argv[0]);
		usage(stderr);
		return 2;
	}
	rc = cmd->run(&cli, argc, argv);
	fg_db_close(cli.db);
	if (fflush(stdout) != 0 && rc == 0)
		rc = fg_cli_errorf(7, "cannot write output");
	return rc < 0 ? 0 : rc;
}
