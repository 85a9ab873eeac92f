/* cmd-log.c - fgcode log: the project's history, every event or those of
 * one source or code. */
#include "config.h"

#include "cli/cli.h"

#include <string.h>

#include "core/codebook.h"
#include "core/history.h"
#include "core/source.h"

enum { OPT_SOURCE = 256, OPT_CODE };

struct opts {
	const char *source, *code;
};

static int
handle(struct fg_cli *cli, int c, const char *arg, void *data)
{
	struct opts *o = data;

	(void)cli;
	if (c == OPT_SOURCE)
		o->source = arg;
	else if (c == OPT_CODE)
		o->code = arg;
	else
		return fg_cli_usage(&fg_cmd_log, NULL);
	return 0;
}

/* Print events t: in the aligned table and Markdown without the detail
 * and the hashes, a source's SHA-256 cut to 12 digits (--format tsv, csv
 * or json has every column in full).  cmd-blame.c uses it too. */
int fg_log_print(const struct fg_cli *cli, const struct fg_table *t);

int
fg_log_print(const struct fg_cli *cli, const struct fg_table *t)
{
	static const char *const names[] = { "id", "at", "who", "kind",
	    "subject", "what" };
	static const enum fg_col_type types[] = { FG_COL_INT, FG_COL_TEXT,
	    FG_COL_TEXT, FG_COL_TEXT, FG_COL_TEXT, FG_COL_TEXT };
	struct fg_table *v;
	const char *row[6];
	char subj[32];
	size_t r, c;
	int rc;

	if (cli->format != FG_FMT_TABLE && cli->format != FG_FMT_MD)
		return fg_cli_print_table(cli, t, stdout);
	if ((v = fg_table_new(6, names, types)) == NULL)
		return fg_cli_errorf(8, "out of memory");
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < 6; c++)
			row[c] = fg_table_cell(t, r, c);
		/* "source/" and 12 of the 64 hex digits, as 'sources' shows */
		if (row[4] && strncmp(row[4], "source/", 7) == 0 &&
		    strlen(row[4]) == 7 + 64) {
			snprintf(subj, sizeof subj, "%.19s", row[4]);
			row[4] = subj;
		}
		if (fg_table_add(v, row) != FG_OK) {
			fg_table_free(v);
			return fg_cli_errorf(8, "out of memory");
		}
	}
	rc = fg_cli_print_table(cli, v, stdout);
	fg_table_free(v);
	return rc;
}

static int
run(struct fg_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "source", required_argument, NULL, OPT_SOURCE },
		{ "code", required_argument, NULL, OPT_CODE },
		FG_CLI_COMMON_OPTS, { NULL, 0, NULL, 0 }
	};
	struct fg_history_filter f;
	struct fg_table *t;
	struct fg_error err;
	sqlite3_stmt *st;
	char sha[FG_SHA256_HEX];
	struct opts o;
	int first, rc;
	int64_t id;

	memset(&o, 0, sizeof o);
	memset(&f, 0, sizeof f);
	if ((rc = fg_cli_getopt(cli, &fg_cmd_log, argc, argv, "", opts,
	    handle, &o, &first)) != 0)
		return rc;
	if (first != argc)
		return fg_cli_usage(&fg_cmd_log, "unexpected argument");
	fg_error_clear(&err);
	if (fg_db_open_readonly(cli->db_path, &cli->db, &err) != FG_OK)
		return fg_cli_fail(&err);
	if (o.source) {
		if (fg_source_resolve(cli->db, o.source, &id, &err) != FG_OK)
			return fg_cli_fail(&err);
		if (fg_db_prepare(cli->db, "SELECT file_sha256 FROM source "
		    "WHERE id = ?1", &st, &err) != FG_OK)
			return fg_cli_fail(&err);
		sqlite3_bind_int64(st, 1, id);
		sha[0] = '\0';
		if (sqlite3_step(st) == SQLITE_ROW)
			snprintf(sha, sizeof sha, "%s",
			    (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		f.source_sha = sha;
	}
	/* a code that no longer exists still has its history */
	f.code = o.code;
	if (fg_history_list(cli->db, &f, &t, &err) != FG_OK)
		return fg_cli_fail(&err);
	rc = fg_log_print(cli, t);
	fg_table_free(t);
	return rc;
}

const struct fg_cmd fg_cmd_log = {
	.name = "log",
	.usage = "log [--source SOURCE] [--code CODE] "
	    "[--format table|tsv|csv|md|json]",
	.summary = "show the project's history of changes",
	.run = run,
};
