/* cmd-roster.c - fgcode roster [list] | roster import FILE.yaml: declare
 * the study's focus groups and list them. */
#include "config.h"

#include <string.h>

#include "cli/cli.h"
#include "core/roster.h"

static int
do_import(struct fg_cli *cli, const char *path)
{
	struct fg_roster_stats s;
	struct fg_error err;
	int rc;

	if ((rc = fg_cli_open(cli, 0)) != 0)
		return rc;
	fg_error_clear(&err);
	if (fg_roster_import(cli->db, path, NULL, &s, &err) != FG_OK)
		return fg_cli_fail(&err);
	if (!cli->quiet)
		fprintf(stderr, "fgcode: roster %s: %zu groups (%zu added, "
		    "%zu updated), %zu participants (%zu added, %zu "
		    "updated)\n", path, s.groups_added + s.groups_updated,
		    s.groups_added, s.groups_updated,
		    s.participants_added + s.participants_updated,
		    s.participants_added, s.participants_updated);
	return 0;
}

static int
do_list(struct fg_cli *cli)
{
	struct fg_table *t;
	struct fg_error err;
	int rc;

	if ((rc = fg_cli_open(cli, 0)) != 0)
		return rc;
	fg_error_clear(&err);
	if (fg_roster_list(cli->db, &t, &err) != FG_OK)
		return fg_cli_fail(&err);
	rc = fg_cli_print_table(cli, t, stdout);
	fg_table_free(t);
	return rc;
}

static int
run(struct fg_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		FG_CLI_COMMON_OPTS, { NULL, 0, NULL, 0 }
	};
	int first, rc;

	if ((rc = fg_cli_getopt(cli, &fg_cmd_roster, argc, argv, "", opts,
	    NULL, NULL, &first)) != 0)
		return rc < 0 ? 0 : rc;
	if (first == argc || strcmp(argv[first], "list") == 0) {
		if (first < argc && first + 1 != argc)
			return fg_cli_usage(&fg_cmd_roster,
			    "unexpected argument");
		return do_list(cli);
	}
	if (strcmp(argv[first], "import") == 0) {
		if (first + 2 != argc)
			return fg_cli_usage(&fg_cmd_roster, first + 1 == argc ?
			    "import needs a roster file" :
			    "import takes one roster file");
		return do_import(cli, argv[first + 1]);
	}
	return fg_cli_usage(&fg_cmd_roster, "unknown action (list, import)");
}

const struct fg_cmd fg_cmd_roster = {
	.name = "roster",
	.usage = "roster [list] [--format table|tsv|csv|md|json]\n"
	    "roster import FILE.yaml",
	.summary = "declare the study's focus groups (roster) and list them",
	.run = run,
};
