/* cmd-link.c - fgcode link check: validate a link file (fgcode-link(5))
 * against the project and its stored models, and list what each term is
 * linked to. */
#include "config.h"

#include "cli/cli.h"

#include <string.h>

#include "core/buf.h"
#include "core/link.h"

static int
check(struct fg_cli *cli, const char *path)
{
	struct fg_buf warnings = FG_BUF_INIT;
	struct fg_table *t = NULL;
	struct fg_link *l = NULL;
	struct fg_error err;
	size_t i, nw = 0, counts[4] = { 0, 0, 0, 0 };
	int rc;

	fg_error_clear(&err);
	if (fg_link_load(path, &l, &err) != FG_OK)
		return fg_cli_fail(&err);
	if ((rc = fg_cli_open(cli, 0)) != 0) {
		fg_link_free(l);
		return rc;
	}
	if (fg_link_check(cli->db, l, &warnings, &err) != FG_OK ||
	    fg_link_table(cli->db, l, &t, &err) != FG_OK) {
		fg_buf_free(&warnings);
		fg_link_free(l);
		return fg_cli_fail(&err);
	}
	if (warnings.p != NULL && !cli->quiet) {
		const char *p = warnings.p, *nl;

		for (; *p != '\0'; p = nl + 1) {
			nl = strchr(p, '\n');
			fprintf(stderr, "fgcode: warning: %.*s\n", (int)(nl - p),
			    p);
			nw++;
		}
	}
	rc = fg_cli_print_table(cli, t, stdout);
	for (i = 0; i < t->nrows; i++) {
		const char *k = fg_table_cell(t, i, 4);

		counts[strcmp(k, "condition") == 0 ? 0 : strcmp(k, "code") ==
		    0 ? 1 : strcmp(k, "none") == 0 ? 2 : 3]++;
	}
	if (!cli->quiet)
		fprintf(stderr, "fgcode: %s: %zu model term%s: %zu linked to "
		    "conditions, %zu to codes, %zu to nothing, %zu not "
		    "mentioned; %zu warning%s\n", path, t->nrows,
		    t->nrows == 1 ? "" : "s", counts[0], counts[1], counts[2],
		    counts[3], nw, nw == 1 ? "" : "s");
	fg_table_free(t);
	fg_buf_free(&warnings);
	fg_link_free(l);
	return rc;
}

static int
run(struct fg_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		FG_CLI_COMMON_OPTS, { NULL, 0, NULL, 0 }
	};
	int first, rc;

	rc = fg_cli_getopt(cli, &fg_cmd_link, argc, argv, "", opts, NULL,
	    NULL, &first);
	if (rc != 0)
		return rc < 0 ? 0 : rc;
	if (first >= argc || strcmp(argv[first], "check") != 0)
		return fg_cli_usage(&fg_cmd_link, "which action? (check)");
	if (first + 2 != argc)
		return fg_cli_usage(&fg_cmd_link, first + 1 >= argc ?
		    "the link file is missing" : "unexpected argument");
	return check(cli, argv[first + 1]);
}

const struct fg_cmd fg_cmd_link = {
	.name = "link",
	.usage = "link check FILE.yaml [--format table|tsv|csv|md|json]",
	.summary = "check a link file of models, codes and terms",
	.run = run,
};
