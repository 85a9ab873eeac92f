/* cmd-codebook.c - fgcode codebook import|export: load a codebook file
 * into the project (upsert by name) and write the project's codebook back
 * as YAML or JSON. */
#include "config.h"

#include "cli/cli.h"

#include <string.h>

#include "core/codebook.h"

enum { OPT_PRUNE = 256, OPT_FORMAT };

struct opts {
	int prune;
	int json;        /* export as JSON (--format json) */
	int format_set;
};

static int
handle(struct fg_cli *cli, int c, const char *arg, void *data)
{
	struct opts *o = data;

	(void)cli;
	switch (c) {
	case OPT_PRUNE:
		o->prune = 1;
		return 0;
	case OPT_FORMAT:
		if (strcmp(arg, "yaml") != 0 && strcmp(arg, "json") != 0)
			return fg_cli_errorf(2, "codebook export writes yaml "
			    "or json, not '%s'", arg);
		o->json = strcmp(arg, "json") == 0;
		o->format_set = 1;
		return 0;
	}
	return fg_cli_usage(&fg_cmd_codebook, NULL);
}

static int
do_import(struct fg_cli *cli, const struct opts *o, const char *file)
{
	struct fg_codebook_stats st;
	struct fg_codebook *cb;
	struct fg_error err;
	int rc;

	fg_error_clear(&err);
	if (fg_codebook_load_file(file, NULL, &cb, &err) != FG_OK)
		return fg_cli_fail(&err);
	if ((rc = fg_cli_open(cli, 0)) != 0) {
		fg_codebook_free(cb);
		return rc;
	}
	if (fg_codebook_import(cli->db, cb, o->prune, &st, &err) != FG_OK) {
		fg_codebook_free(cb);
		return fg_cli_fail(&err);
	}
	if (!cli->quiet) {
		fprintf(stderr, "fgcode: codebook %s: %zu code%s: %zu added, "
		    "%zu updated, %zu unchanged\n", file, cb->n,
		    cb->n == 1 ? "" : "s", st.added, st.updated,
		    st.unchanged);
		if (st.absent > 0 && !o->prune)
			fprintf(stderr, "fgcode: %zu code%s of the project "
			    "%s not in %s and %s kept (--prune removes unused "
			    "ones)\n", st.absent, st.absent == 1 ? "" : "s",
			    st.absent == 1 ? "is" : "are", file,
			    st.absent == 1 ? "was" : "were");
		else if (st.absent > 0)
			fprintf(stderr, "fgcode: %zu code%s not in %s: %zu "
			    "removed, %zu kept because %s codings\n",
			    st.absent, st.absent == 1 ? "" : "s", file,
			    st.removed, st.kept_in_use,
			    st.kept_in_use == 1 ? "it or a child has" :
			    "they or their children have");
	}
	fg_codebook_free(cb);
	return 0;
}

static int
do_export(struct fg_cli *cli, const struct opts *o)
{
	struct fg_buf out = FG_BUF_INIT;
	struct fg_codebook *cb;
	struct fg_error err;
	enum fg_status s;
	int rc, json = o->format_set ? o->json : cli->format == FG_FMT_JSON;

	if (!o->format_set && cli->format != FG_FMT_TABLE &&
	    cli->format != FG_FMT_JSON)
		return fg_cli_errorf(2, "codebook export writes yaml or json");
	if ((rc = fg_cli_open(cli, 0)) != 0)
		return rc;
	fg_error_clear(&err);
	if (fg_codebook_read(cli->db, &cb, &err) != FG_OK)
		return fg_cli_fail(&err);
	s = json ? fg_codebook_to_json(cb, &out, &err) :
	    fg_codebook_to_yaml(cb, &out, &err);
	fg_codebook_free(cb);
	if (s != FG_OK) {
		fg_buf_free(&out);
		return fg_cli_fail(&err);
	}
	fwrite(out.p, 1, out.len, stdout);
	fg_buf_free(&out);
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
	/* our --format (yaml|json) comes before the common one, so
	 * getopt_long takes it */
	static const struct option opts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "prune", no_argument, NULL, OPT_PRUNE },
		FG_CLI_COMMON_OPTS, { NULL, 0, NULL, 0 }
	};
	struct opts o;
	int first, rc;

	memset(&o, 0, sizeof o);
	getopt_permute();
	if ((rc = fg_cli_getopt(cli, &fg_cmd_codebook, argc, argv, "", opts,
	    handle, &o, &first)) != 0)
		return rc;
	if (first >= argc)
		return fg_cli_usage(&fg_cmd_codebook, "import or export?");
	if (strcmp(argv[first], "import") == 0) {
		if (argc - first != 2)
			return fg_cli_usage(&fg_cmd_codebook, argc - first < 2 ?
			    "which codebook file?" : "unexpected argument");
		if (o.format_set)
			return fg_cli_usage(&fg_cmd_codebook, "--format goes "
			    "with export");
		return do_import(cli, &o, argv[first + 1]);
	}
	if (strcmp(argv[first], "export") == 0) {
		if (argc - first != 1)
			return fg_cli_usage(&fg_cmd_codebook,
			    "unexpected argument");
		if (o.prune)
			return fg_cli_usage(&fg_cmd_codebook, "--prune goes "
			    "with import");
		return do_export(cli, &o);
	}
	return fg_cli_usage(&fg_cmd_codebook, "import or export?");
}

const struct fg_cmd fg_cmd_codebook = {
	.name = "codebook",
	.usage = "codebook import [--prune] FILE.yaml\n"
	    "codebook export [--format yaml|json]",
	.summary = "load the codebook from YAML (upsert), or write it out",
	.run = run,
};
