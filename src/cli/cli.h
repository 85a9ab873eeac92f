/* cli.h - shared state and helpers of the command-line front end.
 *
 * Each subcommand lives in its own cmd-<name>.c and defines one
 * const struct fg_cmd.  main.c dispatches over fg_commands[]. */
#ifndef FG_CLI_H
#define FG_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "core/db.h"
#include "core/error.h"
#include "core/table.h"

enum fg_format { FG_FMT_TABLE, FG_FMT_TSV, FG_FMT_CSV, FG_FMT_MD,
    FG_FMT_JSON };

/* State shared by every command, filled from the global options and the
 * environment before the command runs. */
struct fg_cli {
	const char *db_path;     /* --db, $FGCODE_DB, "./fgcode.db" */
	const char *coder;       /* --coder, $FGCODE_CODER, login name */
	const char *now;         /* $FGCODE_NOW (tests), else NULL */
	enum fg_format format;   /* --format, default table */
	int quiet;               /* --quiet: no summaries on stderr */
	struct fg_db *db;        /* opened by fg_cli_open() */
};

struct fg_cmd {
	const char *name;
	const char *usage;       /* synopsis lines, without "fgcode " */
	const char *summary;     /* one line for 'fgcode help' */
	/* argv[0] is the command name; return the process exit status. */
	int (*run)(struct fg_cli *cli, int argc, char **argv);
};

/* Options every command accepts, to put first in its longopts array;
 * handle them with fg_cli_common_opt(). */
#define FG_CLI_COMMON_OPTS \
	{ "db", required_argument, NULL, 'D' }, \
	{ "coder", required_argument, NULL, 'C' }, \
	{ "format", required_argument, NULL, 'F' }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "help", no_argument, NULL, 'h' }

/* getopt_long over argv with the command's longopts (which must include
 * FG_CLI_COMMON_OPTS).  Calls handle(cli, opt, optarg, data) for options
 * that are not common; it returns 0, or an exit status to stop with.
 * On success returns 0 and sets *first to the index of the first operand.
 * --help prints the usage and returns -1 (exit 0). */
int fg_cli_getopt(struct fg_cli *cli, const struct fg_cmd *cmd, int argc,
    char **argv, const char *shortopts, const struct option *longopts,
    int (*handle)(struct fg_cli *, int, const char *, void *), void *data,
    int *first);

/* Parse a --format value; 0 or -1 with a message printed. */
int fg_cli_set_format(struct fg_cli *cli, const char *s);

/* Open the project (create != 0 for init).  Returns 0 or an exit status
 * after printing the error. */
int fg_cli_open(struct fg_cli *cli, int create);

/* Print "fgcode: FILE:LINE:COL: message" for err to stderr and return the
 * exit status for its code. */
int fg_cli_fail(const struct fg_error *err);

/* Print "fgcode: message" (printf rules) and return status. */
int fg_cli_errorf(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Print "fgcode CMD: usage..." to stderr and return 2. */
int fg_cli_usage(const struct fg_cmd *cmd, const char *why);

/* Print the usage to stdout (for help and --help); exit status 0. */
void fg_cli_help(const struct fg_cmd *cmd);

/* Print a warning "fgcode: warning: ..." unless --quiet. */
void fg_cli_warn(const struct fg_cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Render t to out in cli->format.  Return 0 or an exit status. */
int fg_cli_print_table(const struct fg_cli *cli, const struct fg_table *t,
    FILE *out);

/* Render t in an explicit format (output.c). */
int fg_output_table(const struct fg_table *t, enum fg_format fmt, FILE *out);

/* Display width in terminal cells of UTF-8 s (output.c). */
size_t fg_output_width(const char *s);

/* The command table (main.c). */
extern const struct fg_cmd *const fg_commands[];

#define FG_DECLARE_CMD(n) extern const struct fg_cmd fg_cmd_##n
FG_DECLARE_CMD(init);
FG_DECLARE_CMD(import);
FG_DECLARE_CMD(roster);
FG_DECLARE_CMD(sources);
FG_DECLARE_CMD(source);
FG_DECLARE_CMD(speakers);
FG_DECLARE_CMD(codebook);
FG_DECLARE_CMD(codes);
FG_DECLARE_CMD(code);
FG_DECLARE_CMD(codings);
FG_DECLARE_CMD(report);
FG_DECLARE_CMD(stats);
FG_DECLARE_CMD(tui);
FG_DECLARE_CMD(wvs);
FG_DECLARE_CMD(quote);
FG_DECLARE_CMD(cite);
FG_DECLARE_CMD(audit);
FG_DECLARE_CMD(log);
FG_DECLARE_CMD(blame);
FG_DECLARE_CMD(link);

#endif
