/* cmd-blame.c - fgcode blame: every event that touched a quote (its
 * coding added, its memo set, removed) and the import of its source. */
#include "config.h"

#include "cli/cli.h"

#include <string.h>

#include "core/history.h"
#include "core/quote.h"

/* cmd-log.c */
int fg_log_print(const struct fg_cli *cli, const struct fg_table *t);

/* The full quote ID of the events whose subject begins with "quote/" and
 * prefix: FG_OK and qid set, FG_NOTFOUND, or FG_INPUT when ambiguous. */
static enum fg_status
from_events(struct fg_db *db, const char *prefix, char qid[FG_QUOTE_ID_SIZE],
    struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	int rc, n = 0;

	if ((s = fg_db_prepare(db, "SELECT DISTINCT substr(subject, 7) FROM "
	    "event WHERE subject GLOB 'quote/' || ?1 || '*' ORDER BY 1", &st,
	    err)) != FG_OK)
		return s;
	sqlite3_bind_text(st, 1, prefix, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++ == 0)
			snprintf(qid, FG_QUOTE_ID_SIZE, "%s",
			    (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	if (n == 0)
		return fg_error_set(err, FG_NOTFOUND, NULL, 0, 0, "no quote %s "
		    "in this project or its history ('fgcode quote' lists "
		    "them)", prefix);
	if (n > 1)
		return fg_error_set(err, FG_INPUT, NULL, 0, 0, "%s is "
		    "ambiguous; give more digits", prefix);
	return FG_OK;
}

static int
run(struct fg_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		FG_CLI_COMMON_OPTS, { NULL, 0, NULL, 0 }
	};
	char want[FG_QUOTE_ID_SIZE], qid[FG_QUOTE_ID_SIZE];
	struct fg_history_filter f;
	struct fg_table *t;
	struct fg_error err;
	enum fg_status s;
	int first, rc;
	int64_t id;

	if ((rc = fg_cli_getopt(cli, &fg_cmd_blame, argc, argv, "", opts,
	    NULL, NULL, &first)) != 0)
		return rc;
	if (argc - first != 1)
		return fg_cli_usage(&fg_cmd_blame, "which QUOTE-ID?");
	fg_error_clear(&err);
	if (fg_quote_parse(argv[first], want, &err) != FG_OK)
		return fg_cli_fail(&err);
	if (fg_db_open_readonly(cli->db_path, &cli->db, &err) != FG_OK)
		return fg_cli_fail(&err);
	/* a quote of the project, else one only the history knows */
	s = fg_quote_resolve(cli->db, want, &id, qid, &err);
	if (s == FG_NOTFOUND)
		s = from_events(cli->db, want, qid, &err);
	if (s != FG_OK)
		return fg_cli_fail(&err);
	memset(&f, 0, sizeof f);
	f.quote = qid;
	if (fg_history_list(cli->db, &f, &t, &err) != FG_OK)
		return fg_cli_fail(&err);
	rc = fg_log_print(cli, t);
	fg_table_free(t);
	return rc;
}

const struct fg_cmd fg_cmd_blame = {
	.name = "blame",
	.usage = "blame QUOTE-ID [--format table|tsv|csv|md|json]",
	.summary = "show every event that touched a quote",
	.run = run,
};
