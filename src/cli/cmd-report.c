/* cmd-report.c - fgcode report freq: code frequencies by focus group,
 * city, gender, age band, speaker or source. */
#include "config.h"

#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "core/codebook.h"
#include "core/report.h"

enum { OPT_BY = 256, OPT_CODE, OPT_BANDS };

struct opts {
	const char *by;
	const char **codes;    /* argv pointers */
	size_t ncodes;
	const char *bands;
};

static int
handle(struct fg_cli *cli, int c, const char *arg, void *data)
{
	struct opts *o = data;
	const char **p;

	(void)cli;
	switch (c) {
	case OPT_BY:
		o->by = arg;
		return 0;
	case OPT_CODE:
		if ((p = realloc(o->codes, (o->ncodes + 1) * sizeof *p)) ==
		    NULL)
			return fg_cli_errorf(8, "out of memory");
		o->codes = p;
		o->codes[o->ncodes++] = arg;
		return 0;
	case OPT_BANDS:
		o->bands = arg;
		return 0;
	}
	return fg_cli_usage(&fg_cmd_report, NULL);
}

static int
freq(struct fg_cli *cli, struct opts *o)
{
	struct fg_freq_opts fo;
	struct fg_table *t;
	struct fg_error err;
	struct fg_band *bands;
	int64_t *ids = NULL;
	size_t i, nb;
	int rc;

	memset(&fo, 0, sizeof fo);
	fg_error_clear(&err);
	if (o->by == NULL)
		return fg_cli_usage(&fg_cmd_report, "--by is required");
	if (fg_report_by_parse(o->by, &fo.by, &err) != FG_OK)
		return fg_cli_fail(&err);
	if (o->bands != NULL) {
		if (fo.by != FG_BY_AGEBAND)
			return fg_cli_usage(&fg_cmd_report, "--bands goes with "
			    "--by ageband");
		if (fg_report_bands_parse(o->bands, &bands, &nb, &err) != FG_OK)
			return fg_cli_fail(&err);
		free(bands);
		fo.bands = o->bands;
	}
	if ((rc = fg_cli_open(cli, 0)) != 0)
		return rc;
	if (o->ncodes > 0) {
		if ((ids = calloc(o->ncodes, sizeof *ids)) == NULL)
			return fg_cli_errorf(8, "out of memory");
		for (i = 0; i < o->ncodes; i++)
			if (fg_codebook_find(cli->db, o->codes[i], &ids[i],
			    &err) != FG_OK) {
				free(ids);
				return fg_cli_fail(&err);
			}
		fo.codes = ids;
		fo.ncodes = o->ncodes;
	}
	rc = fg_report_freq(cli->db, &fo, &t, &err);
	free(ids);
	if (rc != FG_OK)
		return fg_cli_fail(&err);
	rc = fg_cli_print_table(cli, t, stdout);
	fg_table_free(t);
	return rc;
}

/* main.c reads the global options with "+" (stop at the command name)
 * and glibc keeps that ordering until getopt is reinitialised with optind
 * = 0, which fg_cli_getopt (optind = 1) does not do.  Reinitialise here so
 * that options may follow the operands ("code add SRC CODE --turn 6"). */
static void
getopt_permute(void)
{
	static const struct option none[] = { { NULL, 0, NULL, 0 } };
	char *args[] = { (char *)"fgcode", NULL };

	optind = 0;
	(void)getopt_long(1, args, "", none, NULL);
}

static int
run(struct fg_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "by", required_argument, NULL, OPT_BY },
		{ "code", required_argument, NULL, OPT_CODE },
		{ "bands", required_argument, NULL, OPT_BANDS },
		FG_CLI_COMMON_OPTS, { NULL, 0, NULL, 0 }
	};
	struct opts o;
	int first, rc;

	memset(&o, 0, sizeof o);
	getopt_permute();
	rc = fg_cli_getopt(cli, &fg_cmd_report, argc, argv, "", opts, handle,
	    &o, &first);
	if (rc == 0) {
		if (first >= argc || strcmp(argv[first], "freq") != 0)
			rc = fg_cli_usage(&fg_cmd_report, "which report? "
			    "(freq)");
		else if (first + 1 != argc)
			rc = fg_cli_usage(&fg_cmd_report,
			    "unexpected argument");
		else
			rc = freq(cli, &o);
	}
	free(o.codes);
	return rc;
}

const struct fg_cmd fg_cmd_report = {
	.name = "report",
	.usage = "report freq --by fg|city|gender|ageband|speaker|source "
	    "[--code CODE]... [--bands 18-29,30-49,50+] "
	    "[--format table|tsv|csv|md|json]",
	.summary = "code frequencies by group, city, gender, age, speaker",
	.run = run,
};
