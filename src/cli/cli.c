/* cli.c - option handling, project opening and error printing shared by
 * all subcommands. */
#include "config.h"

#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
fg_cli_errorf(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("fgcode: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

void
fg_cli_warn(const struct fg_cli *cli, const char *fmt, ...)
{
	va_list ap;

	if (cli->quiet)
		return;
	fputs("fgcode: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
fg_cli_fail(const struct fg_error *err)
{
	fputs("fgcode: ", stderr);
	if (err->file[0] != '\0') {
		fputs(err->file, stderr);
		if (err->line > 0) {
			fprintf(stderr, ":%d", err->line);
			if (err->col > 0)
				fprintf(stderr, ":%d", err->col);
		}
		fputs(": ", stderr);
	}
	fprintf(stderr, "%s\n", err->msg[0] ? err->msg :
	    fg_status_desc(err->code));
	return fg_status_exit(err->code);
}

static void
print_usage(const struct fg_cmd *cmd, FILE *out)
{
	const char *p, *nl;
	int first = 1;

	for (p = cmd->usage; *p != '\0'; p = nl + (*nl != '\0')) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		fprintf(out, "%s fgcode %.*s\n", first ? "usage:" : "      ",
		    (int)(nl - p), p);
		first = 0;
	}
}

int
fg_cli_usage(const struct fg_cmd *cmd, const char *why)
{
	if (why != NULL)
		fprintf(stderr, "fgcode %s: %s\n", cmd->name, why);
	print_usage(cmd, stderr);
	return 2;
}

void
fg_cli_help(const struct fg_cmd *cmd)
{
	print_usage(cmd, stdout);
}

int
fg_cli_set_format(struct fg_cli *cli, const char *s)
{
	static const struct {
		const char *name;
		enum fg_format fmt;
	} names[] = {
		{ "table", FG_FMT_TABLE }, { "tsv", FG_FMT_TSV },
		{ "csv", FG_FMT_CSV }, { "md", FG_FMT_MD },
		{ "markdown", FG_FMT_MD }, { "json", FG_FMT_JSON },
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(s, names[i].name) == 0) {
			cli->format = names[i].fmt;
			return 0;
		}
	fg_cli_errorf(2, "unknown format '%s' (table, tsv, csv, md, json)", s);
	return -1;
}

int
fg_cli_getopt(struct fg_cli *cli, const struct fg_cmd *cmd, int argc,
    char **argv, const char *shortopts, const struct option *longopts,
    int (*handle)(struct fg_cli *, int, const char *, void *), void *data,
    int *first)
{
	char so[64];
	int c, rc;

	snprintf(so, sizeof so, "qh%s", shortopts);
	optind = 0; /* 0: glibc re-initialises (permutation state) */
	opterr = 0;
	while ((c = getopt_long(argc, argv, so, longopts, NULL)) != -1) {
		switch (c) {
		case 'D':
			cli->db_path = optarg;
			break;
		case 'C':
			cli->coder = optarg;
			break;
		case 'F':
			if (fg_cli_set_format(cli, optarg) != 0)
				return 2;
			break;
		case 'q':
			cli->quiet = 1;
			break;
		case 'h':
			fg_cli_help(cmd);
			return -1;
		case '?':
			if (optopt != 0)
				fprintf(stderr, "fgcode %s: option -%c is "
				    "unknown or needs a value\n", cmd->name,
				    optopt);
			else
				fprintf(stderr, "fgcode %s: option %s is "
				    "unknown or needs a value\n", cmd->name,
				    argv[optind - 1]);
			return fg_cli_usage(cmd, NULL);
		default:
			if (handle == NULL)
				return fg_cli_usage(cmd, NULL);
			if ((rc = handle(cli, c, optarg, data)) != 0)
				return rc;
		}
	}
	*first = optind;
	return 0;
}

int
fg_cli_open(struct fg_cli *cli, int create)
{
	struct fg_error err;

	fg_error_clear(&err);
	/* A project the user may read but not write (a reviewer's copy)
	 * opens read-only: reading commands work, writing ones say why
	 * they cannot. */
	if (!create && access(cli->db_path, F_OK) == 0 &&
	    access(cli->db_path, W_OK) != 0 &&
	    (errno == EACCES || errno == EROFS)) {
		if (fg_db_open_readonly(cli->db_path, &cli->db, &err) != FG_OK)
			return fg_cli_fail(&err);
	} else if (fg_db_open(cli->db_path, create, &cli->db, &err) != FG_OK) {
		return fg_cli_fail(&err);
	}
	fg_db_set_now(cli->db, cli->now);
	fg_db_set_who(cli->db, cli->coder);   /* for the history's events */
	if (getenv("FGCODE_BUSY_TIMEOUT_MS") != NULL)
		fg_db_set_busy_timeout(cli->db,
		    atoi(getenv("FGCODE_BUSY_TIMEOUT_MS")));
	if (cli->db->network_fs)
		fg_cli_warn(cli, "%s is on a network file system; SQLite "
		    "locking is unreliable there, keep projects on a local "
		    "disk", cli->db_path);
	return 0;
}

int
fg_cli_print_table(const struct fg_cli *cli, const struct fg_table *t,
    FILE *out)
{
	return fg_output_table(t, cli->format, out);
}
