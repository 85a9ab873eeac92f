/* cmd-cite.c - fgcode cite: a citation in the study's footnote style for
 * participants, quotes or codings; check a file of citations against the
 * roster, or store it for fgcode audit. */
#include "config.h"

#include "cli/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/buf.h"
#include "core/quote.h"

enum { OPT_RANGE = 256, OPT_LIST, OPT_QUOTE, OPT_CODING, OPT_CHECK,
    OPT_STORE, OPT_FORMAT };

struct opts {
	struct fg_cite_opts co;
	int nrange;
	const char **quotes;
	size_t nquotes;
	const char **codings;
	size_t ncodings;
	const char *check, *store, *format;
};

static int
push(const char ***v, size_t *n, const char *s)
{
	const char **p = realloc(*v, (*n + 1) * sizeof *p);

	if (p == NULL)
		return fg_cli_errorf(8, "out of memory");
	p[(*n)++] = s;
	*v = p;
	return 0;
}

static int
handle(struct fg_cli *cli, int c, const char *arg, void *data)
{
	struct opts *o = data;

	(void)cli;
	switch (c) {
	case OPT_RANGE:
		o->co.range = 1;
		o->nrange++;
		return 0;
	case OPT_LIST:
		o->co.range = -1;
		o->nrange++;
		return 0;
	case OPT_QUOTE:
		return push(&o->quotes, &o->nquotes, arg);
	case OPT_CODING:
		return push(&o->codings, &o->ncodings, arg);
	case OPT_CHECK:
		o->check = arg;
		return 0;
	case OPT_STORE:
		o->store = arg;
		return 0;
	case OPT_FORMAT:
		o->format = arg;
		return 0;
	}
	return fg_cli_usage(&fg_cmd_cite, NULL);
}

static int
open_ro(struct fg_cli *cli)
{
	struct fg_error err;

	fg_error_clear(&err);
	if (fg_db_open_readonly(cli->db_path, &cli->db, &err) != FG_OK)
		return fg_cli_fail(&err);
	fg_db_set_now(cli->db, cli->now);
	return 0;
}

static int
check(struct fg_cli *cli, const struct opts *o)
{
	struct fg_cite_entry *e;
	struct fg_audit *a;
	struct fg_buf b = FG_BUF_INIT;
	struct fg_error err;
	size_t n;
	int rc;

	if (o->format && strcmp(o->format, "text") != 0 &&
	    strcmp(o->format, "json") != 0)
		return fg_cli_usage(&fg_cmd_cite, "--check writes text or "
		    "json");
	fg_error_clear(&err);
	if (fg_cite_entries_load(o->check, &e, &n, &err) != FG_OK)
		return fg_cli_fail(&err);
	if ((rc = open_ro(cli)) != 0) {
		fg_cite_entries_free(e, n);
		return rc;
	}
	if (fg_audit_citations(cli->db, e, n, &a, &err) != FG_OK) {
		fg_cite_entries_free(e, n);
		return fg_cli_fail(&err);
	}
	fg_cite_entries_free(e, n);
	if ((o->format && strcmp(o->format, "json") == 0 ?
	    fg_audit_to_json(a, &b, &err) : fg_audit_to_text(a, 0, &b, &err))
	    != FG_OK) {
		fg_audit_free(a);
		return fg_cli_fail(&err);
	}
	fputs(b.p, stdout);
	fg_buf_free(&b);
	if (!cli->quiet)
		fprintf(stderr, "fgcode: %s: %zu citation%s checked against "
		    "the roster, %zu finding%s\n", o->check, n, n == 1 ? "" :
		    "s", a->n, a->n == 1 ? "" : "s");
	rc = a->n > 0 ? 1 : 0;
	fg_audit_free(a);
	return rc;
}

static int
store(struct fg_cli *cli, const struct opts *o)
{
	struct fg_cite_entry *e;
	struct fg_error err;
	enum fg_status s;
	size_t n, stored = 0;
	int rc;

	fg_error_clear(&err);
	if (fg_cite_entries_load(o->store, &e, &n, &err) != FG_OK)
		return fg_cli_fail(&err);
	if ((rc = fg_cli_open(cli, 0)) != 0) {
		fg_cite_entries_free(e, n);
		return rc;
	}
	if ((s = fg_db_begin(cli->db, &err)) == FG_OK &&
	    (s = fg_cite_entries_store(cli->db, o->store, e, n, &stored,
	    &err)) == FG_OK)
		s = fg_db_commit(cli->db, &err);
	fg_cite_entries_free(e, n);
	if (s != FG_OK) {
		fg_db_rollback(cli->db);
		return fg_cli_fail(&err);
	}
	if (!cli->quiet)
		fprintf(stderr, "fgcode: %s: %zu citation%s, %zu stored or "
		    "changed; 'fgcode audit' checks them\n", o->store, n,
		    n == 1 ? "" : "s", stored);
	return 0;
}

static int
cite(struct fg_cli *cli, const struct opts *o, int n, char **args)
{
	char qid[FG_QUOTE_ID_SIZE], *fg, *colon, *text = NULL, *end;
	int64_t *ids = NULL, id;
	size_t nids = 0, i;
	struct fg_error err;
	enum fg_status s = FG_OK;
	long long cid;
	int rc, k;

	for (k = 0; k < n; k++)
		if ((colon = strchr(args[k], ':')) == NULL ||
		    colon == args[k] || colon[1] == '\0')
			return fg_cli_usage(&fg_cmd_cite, "a participant is "
			    "FG:PID, such as 22:Serik");
	if ((rc = open_ro(cli)) != 0)
		return rc;
	fg_error_clear(&err);
	for (k = 0; k < n && s == FG_OK; k++) {
		if ((fg = strdup(args[k])) == NULL)
			return fg_cli_errorf(8, "out of memory");
		colon = strchr(fg, ':');
		*colon = '\0';
		s = fg_cite_find_participant(cli->db, fg, colon + 1, &id,
		    &err);
		free(fg);
		if (s == FG_OK) {
			int64_t *p = realloc(ids, (nids + 1) * sizeof *p);
			if (p == NULL) {
				free(ids);
				return fg_cli_errorf(8, "out of memory");
			}
			ids = p;
			ids[nids++] = id;
		}
	}
	for (i = 0; i < o->nquotes && s == FG_OK; i++)
		if ((s = fg_quote_resolve(cli->db, o->quotes[i], &id, qid,
		    &err)) == FG_OK)
			s = fg_cite_coding_participants(cli->db, id, &ids,
			    &nids, &err);
	for (i = 0; i < o->ncodings && s == FG_OK; i++) {
		errno = 0;
		cid = strtoll(o->codings[i], &end, 10);
		if (*o->codings[i] == '\0' || *end != '\0' || errno != 0 ||
		    cid < 1) {
			free(ids);
			return fg_cli_usage(&fg_cmd_cite, "--coding wants a "
			    "coding id (see 'fgcode codings')");
		}
		if ((s = fg_quote_id_of(cli->db, cid, qid, &err)) == FG_OK)
			s = fg_cite_coding_participants(cli->db, cid, &ids,
			    &nids, &err);
	}
	if (s == FG_OK && nids == 0)
		s = fg_error_set(&err, FG_NOTFOUND, NULL, 0, 0, "no "
		    "participant speaks in the turns of %s", o->nquotes ?
		    "that quote" : "that coding");
	if (s == FG_OK)
		s = fg_cite_participants(cli->db, ids, nids, &o->co, &text,
		    &err);
	free(ids);
	if (s != FG_OK)
		return fg_cli_fail(&err);
	printf("%s\n", text);
	free(text);
	return 0;
}

static int
run(struct fg_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "range", no_argument, NULL, OPT_RANGE },
		{ "list", no_argument, NULL, OPT_LIST },
		{ "quote", required_argument, NULL, OPT_QUOTE },
		{ "coding", required_argument, NULL, OPT_CODING },
		{ "check", required_argument, NULL, OPT_CHECK },
		{ "store", required_argument, NULL, OPT_STORE },
		FG_CLI_COMMON_OPTS, { NULL, 0, NULL, 0 }
	};
	struct opts o;
	int first, rc, nargs, citing;

	memset(&o, 0, sizeof o);
	if ((rc = fg_cli_getopt(cli, &fg_cmd_cite, argc, argv, "", opts,
	    handle, &o, &first)) != 0)
		goto out;
	nargs = argc - first;
	citing = nargs > 0 || o.nquotes > 0 || o.ncodings > 0 || o.nrange;
	if ((o.check != NULL) + (o.store != NULL) + (citing != 0) != 1) {
		rc = fg_cli_usage(&fg_cmd_cite, "give participants or quotes "
		    "to cite, or --check FILE, or --store FILE");
		goto out;
	}
	if (o.nrange > 1) {
		rc = fg_cli_usage(&fg_cmd_cite, "give --range or --list, not "
		    "both");
		goto out;
	}
	if (o.format && !o.check) {
		rc = fg_cli_usage(&fg_cmd_cite, "--format goes with --check");
		goto out;
	}
	if (o.check)
		rc = check(cli, &o);
	else if (o.store)
		rc = store(cli, &o);
	else if (nargs + o.nquotes + o.ncodings == 0)
		rc = fg_cli_usage(&fg_cmd_cite, "whom to cite?");
	else
		rc = cite(cli, &o, nargs, argv + first);
out:
	free(o.quotes);
	free(o.codings);
	return rc;
}

const struct fg_cmd fg_cmd_cite = {
	.name = "cite",
	.usage = "cite [--range | --list] [--quote QUOTE-ID]... "
	    "[--coding ID]... [FG:PID...]\n"
	    "cite --check FILE.yaml [--format text|json]\n"
	    "cite --store FILE.yaml",
	.summary = "cite participants or quotes; check or store citations",
	.run = run,
};
