/* cmd-code.c - fgcode code add|rm|apply|rename|merge: apply a code to a
 * range of a source (a turn, code points or every match of a pattern),
 * remove a coding, apply a batch file of codings in one transaction,
 * rename a code or merge one into another. */
#include "config.h"

#include "cli/cli.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/codebook.h"
#include "core/coding.h"
#include "core/source.h"

enum { OPT_TURN = 256, OPT_CHARS, OPT_MATCH, OPT_NTH, OPT_MEMO,
    OPT_CREATE };

struct opts {
	int nsel;              /* how many of --turn/--chars/--match */
	struct fg_selector sel;
	int nth_set;
	const char *memo;
	int create;
};

/* A positive decimal number in [1, LONG_MAX], else -1. */
static long
positive(const char *s)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	return errno != 0 || *end != '\0' || v < 1 ? -1 : v;
}

static int
handle(struct fg_cli *cli, int c, const char *arg, void *data)
{
	struct opts *o = data;
	struct fg_error err;

	(void)cli;
	switch (c) {
	case OPT_TURN:
		o->nsel++;
		o->sel.kind = FG_SEL_TURN;
		if ((o->sel.turn = positive(arg)) < 0)
			return fg_cli_errorf(2, "--turn wants a turn number "
			    "(1 or more), not '%s'", arg);
		return 0;
	case OPT_CHARS:
		o->nsel++;
		fg_error_clear(&err);
		if (fg_coding_parse_chars(arg, &o->sel, &err) != FG_OK)
			return fg_cli_fail(&err);
		return 0;
	case OPT_MATCH:
		o->nsel++;
		o->sel.kind = FG_SEL_MATCH;
		o->sel.pattern = arg;
		return 0;
	case OPT_NTH:
		o->nth_set = 1;
		if ((o->sel.nth = positive(arg)) < 0)
			return fg_cli_errorf(2, "--nth wants a match number "
			    "(1 or more), not '%s'", arg);
		return 0;
	case OPT_MEMO:
		o->memo = arg;
		return 0;
	case OPT_CREATE:
		o->create = 1;
		return 0;
	}
	return fg_cli_usage(&fg_cmd_code, NULL);
}

static int
do_add(struct fg_cli *cli, struct opts *o, const char *source,
    const char *code)
{
	struct fg_coding_report rep = FG_CODING_REPORT_INIT;
	struct fg_coding_spec spec;
	struct fg_error err;
	enum fg_status s;
	size_t i;
	int rc, created = 0;
	long nth = o->sel.nth;

	if (o->nsel != 1)
		return fg_cli_usage(&fg_cmd_code, o->nsel == 0 ? "what to "
		    "code? give --turn, --chars or --match" : "give only one "
		    "of --turn, --chars and --match");
	if (o->nth_set && o->sel.kind != FG_SEL_MATCH)
		return fg_cli_usage(&fg_cmd_code, "--nth goes with --match");
	o->sel.nth = o->sel.kind == FG_SEL_MATCH ? nth : 0;
	if ((rc = fg_cli_open(cli, 0)) != 0)
		return rc;
	memset(&spec, 0, sizeof spec);
	spec.sel = o->sel;
	spec.coder = cli->coder;
	spec.memo = o->memo;
	fg_error_clear(&err);
	if (fg_source_resolve(cli->db, source, &spec.source_id, &err) != FG_OK)
		return fg_cli_fail(&err);
	if ((s = fg_db_begin(cli->db, &err)) != FG_OK)
		return fg_cli_fail(&err);
	s = fg_codebook_find(cli->db, code, &spec.code_id, &err);
	if (s == FG_NOTFOUND && o->create) {
		s = fg_codebook_create(cli->db, code, &spec.code_id, &err);
		created = s == FG_OK;
	} else if (s == FG_NOTFOUND) {
		fg_error_set(&err, FG_NOTFOUND, NULL, 0, 0, "no code '%s' (see "
		    "'fgcode codes'; --create adds it)", code);
	}
	if (s == FG_OK)
		s = fg_coding_add(cli->db, &spec, &rep, &err);
	if (s == FG_OK)
		s = fg_db_commit(cli->db, &err);
	if (s != FG_OK) {
		fg_db_rollback(cli->db);
		fg_coding_report_free(&rep);
		return fg_cli_fail(&err);
	}
	for (i = 0; i < rep.n; i++)
		if (!rep.items[i].existed)
			printf("%lld\n", (long long)rep.items[i].id);
	if (!cli->quiet) {
		if (created)
			fprintf(stderr, "fgcode: created code '%s' at the top "
			    "level\n", code);
		for (i = 0; i < rep.n; i++)
			if (rep.items[i].existed)
				fprintf(stderr, "fgcode: coding %lld already "
				    "exists (same source, code, range and "
				    "coder); not added again\n",
				    (long long)rep.items[i].id);
		if (rep.added > 0)
			fprintf(stderr, "fgcode: %zu coding%s of '%s' added "
			    "to %s%s\n", rep.added, rep.added == 1 ? "" : "s",
			    code, source[strspn(source, "0123456789")] ?
			    "" : "source ", source);
	}
	if (rep.widened > 0)
		fg_cli_warn(cli, "%zu match%s cut a character made of several "
		    "code points and %s widened to the whole character",
		    rep.widened, rep.widened == 1 ? "" : "es",
		    rep.widened == 1 ? "was" : "were");
	fg_coding_report_free(&rep);
	return 0;
}

static int
do_rm(struct fg_cli *cli, int n, char **ids)
{
	struct fg_error err;
	enum fg_status s = FG_OK;
	int i, rc;

	for (i = 0; i < n; i++)
		if (positive(ids[i]) < 0)
			return fg_cli_usage(&fg_cmd_code, "a coding id is a "
			    "number (see 'fgcode codings')");
	if ((rc = fg_cli_open(cli, 0)) != 0)
		return rc;
	fg_error_clear(&err);
	if ((s = fg_db_begin(cli->db, &err)) != FG_OK)
		return fg_cli_fail(&err);
	for (i = 0; i < n && s == FG_OK; i++)
		s = fg_coding_remove(cli->db, positive(ids[i]), &err);
	if (s == FG_OK)
		s = fg_db_commit(cli->db, &err);
	if (s != FG_OK) {
		fg_db_rollback(cli->db);
		return fg_cli_fail(&err);
	}
	if (!cli->quiet)
		fprintf(stderr, "fgcode: removed %d coding%s\n", n,
		    n == 1 ? "" : "s");
	return 0;
}

static int
do_rename(struct fg_cli *cli, const char *from, const char *to)
{
	struct fg_error err;
	int rc;

	if ((rc = fg_cli_open(cli, 0)) != 0)
		return rc;
	fg_error_clear(&err);
	if (fg_code_rename(cli->db, from, to, &err) != FG_OK)
		return fg_cli_fail(&err);
	if (!cli->quiet)
		fprintf(stderr, "fgcode: renamed code '%s' to '%s' (the quote "
		    "IDs of its codings changed)\n", from, to);
	return 0;
}

static int
do_merge(struct fg_cli *cli, const char *from, const char *into)
{
	struct fg_code_merge_stats st;
	struct fg_error err;
	int rc;

	if ((rc = fg_cli_open(cli, 0)) != 0)
		return rc;
	fg_error_clear(&err);
	if (fg_code_merge(cli->db, from, into, &st, &err) != FG_OK)
		return fg_cli_fail(&err);
	if (!cli->quiet)
		fprintf(stderr, "fgcode: merged code '%s' into '%s': %ld "
		    "coding%s moved, %ld identical coding%s collapsed, %ld "
		    "child code%s moved\n", from, into, st.moved,
		    st.moved == 1 ? "" : "s", st.collapsed,
		    st.collapsed == 1 ? "" : "s", st.children,
		    st.children == 1 ? "" : "s");
	return 0;
}

static int
do_apply(struct fg_cli *cli, const char *file)
{
	struct fg_coding_report rep = FG_CODING_REPORT_INIT;
	struct fg_error err;
	int rc;

	if ((rc = fg_cli_open(cli, 0)) != 0)
		return rc;
	fg_error_clear(&err);
	if (fg_coding_apply_file(cli->db, file, NULL, cli->coder, &rep, &err)
	    != FG_OK) {
		fg_coding_report_free(&rep);
		rc = fg_cli_fail(&err);
		if (!cli->quiet)
			fprintf(stderr, "fgcode: nothing from %s was applied\n",
			    file);
		return rc;
	}
	if (!cli->quiet)
		fprintf(stderr, "fgcode: %s: %zu entr%s, %zu coding%s added, "
		    "%zu already present\n", file, rep.entries,
		    rep.entries == 1 ? "y" : "ies", rep.added,
		    rep.added == 1 ? "" : "s", rep.existing);
	if (rep.widened > 0)
		fg_cli_warn(cli, "%zu match%s cut a character made of several "
		    "code points and %s widened to the whole character",
		    rep.widened, rep.widened == 1 ? "" : "es",
		    rep.widened == 1 ? "was" : "were");
	fg_coding_report_free(&rep);
	return 0;
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
		{ "turn", required_argument, NULL, OPT_TURN },
		{ "chars", required_argument, NULL, OPT_CHARS },
		{ "match", required_argument, NULL, OPT_MATCH },
		{ "nth", required_argument, NULL, OPT_NTH },
		{ "memo", required_argument, NULL, OPT_MEMO },
		{ "create", no_argument, NULL, OPT_CREATE },
		FG_CLI_COMMON_OPTS, { NULL, 0, NULL, 0 }
	};
	struct opts o;
	int first, rc, nargs;
	const char *sub;

	memset(&o, 0, sizeof o);
	getopt_permute();
	if ((rc = fg_cli_getopt(cli, &fg_cmd_code, argc, argv, "", opts,
	    handle, &o, &first)) != 0)
		return rc;
	if (first >= argc)
		return fg_cli_usage(&fg_cmd_code, "add, rm, apply, rename or "
		    "merge?");
	sub = argv[first];
	nargs = argc - first - 1;
	if (strcmp(sub, "add") == 0) {
		if (nargs != 2)
			return fg_cli_usage(&fg_cmd_code, "code add wants "
			    "SOURCE and CODE");
		return do_add(cli, &o, argv[first + 1], argv[first + 2]);
	}
	if (o.nsel || o.nth_set || o.memo || o.create)
		return fg_cli_usage(&fg_cmd_code, "--turn, --chars, --match, "
		    "--nth, --memo and --create go with 'code add'");
	if (strcmp(sub, "rm") == 0) {
		if (nargs < 1)
			return fg_cli_usage(&fg_cmd_code, "which coding id?");
		return do_rm(cli, nargs, argv + first + 1);
	}
	if (strcmp(sub, "apply") == 0) {
		if (nargs != 1)
			return fg_cli_usage(&fg_cmd_code, "code apply wants "
			    "one FILE.yaml");
		return do_apply(cli, argv[first + 1]);
	}
	if (strcmp(sub, "rename") == 0) {
		if (nargs != 2)
			return fg_cli_usage(&fg_cmd_code, "code rename wants "
			    "OLD and NEW");
		return do_rename(cli, argv[first + 1], argv[first + 2]);
	}
	if (strcmp(sub, "merge") == 0) {
		if (nargs != 2)
			return fg_cli_usage(&fg_cmd_code, "code merge wants "
			    "FROM and INTO");
		return do_merge(cli, argv[first + 1], argv[first + 2]);
	}
	return fg_cli_usage(&fg_cmd_code, "add, rm, apply, rename or merge?");
}

const struct fg_cmd fg_cmd_code = {
	.name = "code",
	.usage = "code add SOURCE CODE (--turn N | --chars START:END | "
	    "--match REGEX [--nth K]) [--memo TEXT] [--create]\n"
	    "code rm ID...\n"
	    "code apply FILE.yaml\n"
	    "code rename OLD NEW\n"
	    "code merge FROM INTO",
	.summary = "code a range of a source, remove codings, apply a batch, "
	    "rename or merge codes",
	.run = run,
};
