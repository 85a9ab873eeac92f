/* cmd-audit.c - fgcode audit: check the excerpts, sources, original
 * files, history, roster, speakers and stored citations; never writes. */
#include "config.h"

#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/buf.h"

enum { OPT_FORMAT = 256, OPT_ORIGINALS, OPT_HEAD };

struct opts {
	struct fg_audit_opts ao;
	const char *format;
};

static int
handle(struct fg_cli *cli, int c, const char *arg, void *data)
{
	struct opts *o = data;

	(void)cli;
	if (c == OPT_FORMAT)
		o->format = arg;
	else if (c == OPT_ORIGINALS)
		o->ao.originals = arg;
	else if (c == OPT_HEAD)
		o->ao.anchor = arg;
	else
		return fg_cli_usage(&fg_cmd_audit, NULL);
	return 0;
}

static int
run(struct fg_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "originals", required_argument, NULL, OPT_ORIGINALS },
		{ "head", required_argument, NULL, OPT_HEAD },
		FG_CLI_COMMON_OPTS, { NULL, 0, NULL, 0 }
	};
	struct fg_buf b = FG_BUF_INIT;
	struct fg_audit *a;
	struct fg_error err;
	struct opts o;
	int first, rc;

	memset(&o, 0, sizeof o);
	if ((rc = fg_cli_getopt(cli, &fg_cmd_audit, argc, argv, "", opts,
	    handle, &o, &first)) != 0)
		return rc;
	if (first != argc)
		return fg_cli_usage(&fg_cmd_audit, "unexpected argument");
	if (o.format && strcmp(o.format, "text") != 0 &&
	    strcmp(o.format, "json") != 0)
		return fg_cli_usage(&fg_cmd_audit, "the audit is written as "
		    "text or json");
	if (o.ao.anchor != NULL && (strlen(o.ao.anchor) != 64 ||
	    strspn(o.ao.anchor, "0123456789abcdefABCDEF") != 64))
		return fg_cli_usage(&fg_cmd_audit, "--head wants the whole "
		    "SHA-256 of an event, 64 hex digits (fgcode log --format "
		    "tsv prints them)");
	fg_error_clear(&err);
	/* read-only: the audit never changes the project */
	if (fg_db_open_readonly(cli->db_path, &cli->db, &err) != FG_OK ||
	    fg_audit_run(cli->db, &o.ao, &a, &err) != FG_OK)
		return fg_cli_fail(&err);
	if ((o.format && strcmp(o.format, "json") == 0 ?
	    fg_audit_to_json(a, &b, &err) : fg_audit_to_text(a, 1, &b, &err))
	    != FG_OK) {
		fg_audit_free(a);
		return fg_cli_fail(&err);
	}
	fputs(b.p, stdout);
	fg_buf_free(&b);
	if (!cli->quiet) {
		if (a->n == 0)
			fprintf(stderr, "fgcode: audit of %s: every check "
			    "holds\n", cli->db_path);
		else
			fprintf(stderr, "fgcode: audit of %s: %zu finding%s\n",
			    cli->db_path, a->n, a->n == 1 ? "" : "s");
	}
	rc = a->n > 0 ? 1 : 0;
	fg_audit_free(a);
	return rc;
}

const struct fg_cmd fg_cmd_audit = {
	.name = "audit",
	.usage = "audit [--originals DIR] [--head HASH] [--format text|json]",
	.summary = "check quotes, sources, history, roster and citations",
	.run = run,
};
