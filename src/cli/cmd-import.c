/* cmd-import.c - fgcode import: transcripts into the project, all files in
 * one transaction, with a summary of what was found on stderr. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli/cli.h"
#include "core/profile.h"
#include "core/source.h"

struct args {
	struct fg_import_opts o;
	const char **sets;
	const char **speakers;
};

static int
handle(struct fg_cli *cli, int c, const char *arg, void *data)
{
	struct args *a = data;
	const char *eq;

	(void)cli;
	switch (c) {
	case 'p':
		a->o.profile = arg;
		return 0;
	case 's':
		eq = strchr(arg, '=');
		if (eq == NULL || eq == arg)
			return fg_cli_usage(&fg_cmd_import,
			    "--set needs KEY=VALUE");
		a->sets[a->o.nsets++] = arg;
		return 0;
	case 'e':
		a->o.encoding = arg;
		return 0;
	case 'S':
		if (*arg == '\0')
			return fg_cli_usage(&fg_cmd_import,
			    "--speaker needs a name");
		a->speakers[a->o.nspeakers++] = arg;
		return 0;
	}
	return fg_cli_usage(&fg_cmd_import, NULL);
}

/* One file's summary on stderr. */
static void
summary(const struct fg_import_report *r)
{
	size_t i, n;
	const char *sep;

	if (r->skipped) {
		fprintf(stderr, "fgcode: %s: already imported as source %lld "
		    "(same SHA-256); skipped\n", r->path,
		    (long long)r->source_id);
		return;
	}
	fprintf(stderr, "fgcode: %s: source %lld, %zu turn%s, %zu speaker%s, "
	    "%zu code point%s (profile %s, encoding %s)\n", r->path,
	    (long long)r->source_id, r->nturns, r->nturns == 1 ? "" : "s",
	    r->nspeakers, r->nspeakers == 1 ? "" : "s", r->n_cp,
	    r->n_cp == 1 ? "" : "s", r->profile, r->encoding);
	if (r->fg != NULL)
		fprintf(stderr, "  focus group %s (%s)", r->fg,
		    r->group_created ? "new: added to the project" :
		    "already in the project");
	else
		fputs("  no focus group (no fg in the front matter)", stderr);
	if (r->nparticipants > 0)
		fprintf(stderr, ", %zu participant%s in the front matter",
		    r->nparticipants, r->nparticipants == 1 ? "" : "s");
	fputc('\n', stderr);
	if (r->declared_by != NULL)
		fprintf(stderr, "  declared speakers: %zu (%s)\n",
		    r->ndeclared, r->declared_by);
	for (n = 0, i = 0; i < r->nspeakers; i++)
		if (r->speakers[i].pid != NULL) {
			fprintf(stderr, "%s%s %zu", n++ ? ", " :
			    "  speakers matched to participants: ",
			    r->speakers[i].name, r->speakers[i].turns);
			if (strcmp(r->speakers[i].name, r->speakers[i].pid))
				fprintf(stderr, " (= %s)", r->speakers[i].pid);
		}
	if (n > 0)
		fputc('\n', stderr);
	for (n = 0, i = 0; i < r->nspeakers; i++)
		if (r->speakers[i].pid == NULL)
			fprintf(stderr, "%s%s %zu", n++ ? ", " :
			    "  unmatched speakers (kept): ",
			    r->speakers[i].name, r->speakers[i].turns);
	if (n > 0)
		fputc('\n', stderr);
	if (r->had_bom || r->crlf || r->cr) {
		fputs("  normalised: ", stderr);
		sep = "";
		if (r->had_bom) {
			fputs("removed BOM", stderr);
			sep = "; ";
		}
		if (r->crlf) {
			fprintf(stderr, "%s%zu CRLF line ends -> LF", sep,
			    r->crlf);
			sep = "; ";
		}
		if (r->cr)
			fprintf(stderr, "%s%zu CR line ends -> LF", sep, r->cr);
		fputc('\n', stderr);
	}
	for (i = 0; i < r->nodd_chars; i++) {
		const char *name = fg_char_name(r->odd_chars[i].cp);

		fprintf(stderr, "%sU+%04X%s%s x%zu", i ? ", " :
		    "  odd characters: ", (unsigned)r->odd_chars[i].cp,
		    name ? " " : "", name ? name : "",
		    r->odd_chars[i].count);
	}
	if (r->nodd_chars > 0)
		fputc('\n', stderr);
	if (r->preamble_lines > 0)
		fprintf(stderr, "  preamble: %zu line%s before the first turn, "
		    "not attributed to anyone\n", r->preamble_lines,
		    r->preamble_lines == 1 ? "" : "s");
	if (r->nnotes > 0)
		fprintf(stderr, "  notes: %zu line%s attached to turns\n",
		    r->nnotes, r->nnotes == 1 ? "" : "s");
	for (i = 0; i < r->nwarnings; i++)
		fprintf(stderr, "  warning: line %s\n", r->warnings[i]);
	if (r->warnings_dropped > 0)
		fprintf(stderr, "  ... and %zu more warnings\n",
		    r->warnings_dropped);
}

static int
run(struct fg_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		FG_CLI_COMMON_OPTS,
		{ "profile", required_argument, NULL, 'p' },
		{ "set", required_argument, NULL, 's' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "speaker", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 }
	};
	struct fg_import_report *reps = NULL;
	struct fg_error err;
	struct args a;
	size_t i, nimp = 0, nskip = 0, nturns = 0;
	int first, rc;

#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
	/* Keep file-sized buffers in their own mappings, returned to the
	 * system when freed: otherwise glibc raises its mmap threshold after
	 * the first file and later files fragment the heap, so the peak
	 * memory of a many-file import would creep above the largest file. */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
	memset(&a, 0, sizeof a);
	a.sets = calloc((size_t)argc + 1, sizeof *a.sets);
	a.speakers = calloc((size_t)argc + 1, sizeof *a.speakers);
	if (a.sets == NULL || a.speakers == NULL) {
		rc = fg_cli_errorf(8, "out of memory");
		goto out;
	}
	a.o.sets = a.sets;
	a.o.speakers = a.speakers;
	if ((rc = fg_cli_getopt(cli, &fg_cmd_import, argc, argv, "", opts,
	    handle, &a, &first)) != 0)
		goto out;
	if (first == argc) {
		rc = fg_cli_usage(&fg_cmd_import, "no file to import");
		goto out;
	}
	a.o.coder = cli->coder;
	if ((rc = fg_cli_open(cli, 0)) != 0)
		goto out;
	fg_error_clear(&err);
	if (fg_source_import(cli->db, (const char *const *)argv + first,
	    (size_t)(argc - first), &a.o, &reps, &err) != FG_OK) {
		rc = fg_cli_fail(&err);
		goto out;
	}
	for (i = 0; i < (size_t)(argc - first); i++) {
		if (reps[i].skipped)
			nskip++;
		else {
			nimp++;
			nturns += reps[i].nturns;
		}
		if (!cli->quiet)
			summary(&reps[i]);
		fg_import_report_free(&reps[i]);
	}
	if (!cli->quiet && argc - first > 1)
		fprintf(stderr, "fgcode: imported %zu file%s, %zu turn%s%s",
		    nimp, nimp == 1 ? "" : "s", nturns, nturns == 1 ? "" : "s",
		    nskip ? "; " : "\n");
	if (!cli->quiet && argc - first > 1 && nskip)
		fprintf(stderr, "%zu skipped (already imported)\n", nskip);
	free(reps);
out:
	free(a.sets);
	free(a.speakers);
	return rc;
}

const struct fg_cmd fg_cmd_import = {
	.name = "import",
	.usage = "import [--profile NAME|FILE.yaml] [--set KEY=VALUE]... "
	    "[--encoding ENC] [--speaker NAME]... FILE...",
	.summary = "import transcripts (all or none) and report what was found",
	.run = run,
};
