/* cmd-wvs.c - fgcode wvs: regression models on survey microdata.
 *
 *   fgcode wvs fit SPEC.yaml ...      fit the spec's models, store them
 *   fgcode wvs describe SPEC.yaml ... the descriptive table (Table 2)
 *   fgcode wvs load-table FILE.yaml   store a published table
 *   fgcode wvs show [SET[/MODEL]...]  stored models as a table
 *
 * The work is in core/wvs (specs, data, fits) and core/model (storage and
 * layout); this file parses options and prints. */
#include "config.h"

#include "cli/cli.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/model.h"
#include "core/wvs.h"

struct opts {
	const char *data;
	const char *weight;
	int unweighted;
	const char **models;
	size_t nmodels;
	const char *design;
	int dry_run;
	int replace;
	int digits;
	int decimals;
	int tex;
	const char **ops;      /* operands */
	size_t nops;
};

static int
parse_int(const char *name, const char *arg, int lo, int hi, int *out)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || v < lo || v > hi)
		return fg_cli_errorf(2, "wvs: %s must be a whole number from "
		    "%d to %d, not '%s'", name, lo, hi, arg);
	*out = (int)v;
	return 0;
}

static int
handle(struct fg_cli *cli, int c, const char *arg, void *data)
{
	struct opts *o = data;
	const char **n;

	switch (c) {
	case 'f':
		o->tex = strcmp(arg, "tex") == 0 || strcmp(arg, "latex") == 0;
		if (o->tex)
			return 0;
		return fg_cli_set_format(cli, arg) == 0 ? 0 : 2;
	case 'd':
		o->data = arg;
		return 0;
	case 'w':
		o->weight = arg;
		return 0;
	case 'u':
		o->unweighted = 1;
		return 0;
	case 'm':
		if ((n = realloc(o->models, (o->nmodels + 1) * sizeof *n)) ==
		    NULL)
			return fg_cli_errorf(8, "out of memory");
		o->models = n;
		o->models[o->nmodels++] = arg;
		return 0;
	case 'x':
		o->design = arg;
		return 0;
	case 'n':
		o->dry_run = 1;
		return 0;
	case 'r':
		o->replace = 1;
		return 0;
	case 'g':
		return parse_int("--digits", arg, 0, 12, &o->digits);
	case 'c':
		return parse_int("--decimals", arg, 0, 12, &o->decimals);
	}
	return 2;
}

/* Options may come before or after the operands: parse in rounds, taking
 * the operand where getopt stopped (as cmd-stats.c does). */
static int
parse(struct fg_cli *cli, int argc, char **argv, struct opts *o)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		FG_CLI_COMMON_OPTS,
		{ "data", required_argument, NULL, 'd' },
		{ "weight", required_argument, NULL, 'w' },
		{ "unweighted", no_argument, NULL, 'u' },
		{ "model", required_argument, NULL, 'm' },
		{ "design", required_argument, NULL, 'x' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "replace", no_argument, NULL, 'r' },
		{ "digits", required_argument, NULL, 'g' },
		{ "decimals", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 }
	};
	int base = 0, first, rc;

	if ((o->ops = calloc((size_t)argc + 1, sizeof *o->ops)) == NULL)
		return fg_cli_errorf(8, "out of memory");
	for (;;) {
		rc = fg_cli_getopt(cli, &fg_cmd_wvs, argc - base, argv + base,
		    "", opts, handle, o, &first);
		if (rc != 0)
			return rc;
		if (first >= argc - base)
			return 0;
		o->ops[o->nops++] = argv[base + first];
		base += first;
	}
}

/* Options a subcommand does not take. */
static int
refuse(const struct opts *o, const char *sub, const char *allowed)
{
	struct {
		int set;
		const char *name;
	} seen[] = {
		{ o->data != NULL, "data" }, { o->weight != NULL, "weight" },
		{ o->unweighted, "unweighted" }, { o->nmodels > 0, "model" },
		{ o->design != NULL, "design" }, { o->dry_run, "dry-run" },
		{ o->replace, "replace" }, { o->digits >= 0, "digits" },
		{ o->decimals >= 0, "decimals" },
	};
	size_t i;

	for (i = 0; i < sizeof seen / sizeof seen[0]; i++)
		if (seen[i].set && strstr(allowed, seen[i].name) == NULL) {
			char why[120];

			snprintf(why, sizeof why, "%s does not take --%s", sub,
			    seen[i].name);
			return fg_cli_usage(&fg_cmd_wvs, why);
		}
	if (o->weight != NULL && o->unweighted)
		return fg_cli_usage(&fg_cmd_wvs, "--weight and --unweighted "
		    "exclude each other");
	return 0;
}

/* ---- printing model tables ---- */

/* fg_cli_print_table, except that the aligned table format gets " " for
 * an empty column name (output.c's aligned renderer does not take "";
 * the other formats print the name as it is). */
static int
print_table(struct fg_cli *cli, struct fg_table *t)
{
	size_t c;

	if (cli->format == FG_FMT_TABLE)
		for (c = 0; c < t->ncols; c++)
			if (t->names[c][0] == '\0') {
				char *sp = malloc(2);

				if (sp == NULL)
					return fg_cli_errorf(8,
					    "out of memory");
				sp[0] = ' ';
				sp[1] = '\0';
				free(t->names[c]);
				t->names[c] = sp;
			}
	return fg_cli_print_table(cli, t, stdout);
}

static int
print_models(struct fg_cli *cli, const struct opts *o,
    struct fg_model *const *ms, size_t n, const char *note)
{
	struct fg_error err;
	struct fg_buf b = FG_BUF_INIT;
	struct fg_table *t = NULL;
	int digits = o->digits >= 0 ? o->digits : 3, rc = 0;

	fg_error_clear(&err);
	if (note == NULL)
		note = FG_MODEL_NOTE;
	if (o->tex || cli->format == FG_FMT_JSON) {
		enum fg_status s = o->tex ? fg_model_tex(ms, n, digits, note,
		    &b, &err) : fg_model_json(ms, n, digits, &b, &err);

		if (s != FG_OK)
			return fg_cli_fail(&err);
		fputs(b.p ? b.p : "", stdout);
		fg_buf_free(&b);
		return 0;
	}
	if (fg_model_table(ms, n, digits, &t, &err) != FG_OK)
		return fg_cli_fail(&err);
	rc = print_table(cli, t);
	fg_table_free(t);
	if (rc == 0 && (cli->format == FG_FMT_TABLE ||
	    cli->format == FG_FMT_MD))
		printf("\n%s\n", note);
	return rc;
}

/* ---- fit ---- */

struct design_out {
	FILE *fp;
	const char *path;
	int header;
};

static enum fg_status
design_row(void *data, size_t ncols, const char *const *names,
    const double *vals, const int *missing, int line, struct fg_error *err)
{
	struct design_out *d = data;
	size_t i;

	if (!d->header) {
		fputs("line", d->fp);
		for (i = 0; i < ncols; i++)
			fprintf(d->fp, ",%s", names[i]);
		fputc('\n', d->fp);
		d->header = 1;
	}
	fprintf(d->fp, "%d", line);
	for (i = 0; i < ncols; i++) {
		if (missing[i])
			fputc(',', d->fp);
		else
			fprintf(d->fp, ",%.15g", vals[i]);
	}
	if (fputc('\n', d->fp) == EOF)
		return fg_error_set(err, FG_IO, d->path, 0, 0, "cannot write");
	return FG_OK;
}

static int
run_fit(struct fg_cli *cli, struct opts *o)
{
	struct fg_wvs_spec *spec = NULL;
	struct fg_model_set *set = NULL;
	struct fg_wvs_opts wo;
	struct fg_error err;
	struct design_out dz;
	struct fg_model **ms = NULL;
	size_t i;
	int rc;

	if ((rc = refuse(o, "fit", "data weight unweighted model design "
	    "dry-run replace digits")) != 0)
		return rc;
	if (o->nops != 1)
		return fg_cli_usage(&fg_cmd_wvs, "fit takes one spec file");
	fg_error_clear(&err);
	memset(&dz, 0, sizeof dz);
	if (fg_wvs_spec_load(o->ops[0], &spec, &err) != FG_OK)
		return fg_cli_fail(&err);
	memset(&wo, 0, sizeof wo);
	wo.data = o->data;
	wo.weight = o->weight;
	wo.unweighted = o->unweighted;
	wo.models = o->models;
	wo.nmodels = o->nmodels;
	if (o->design != NULL) {
		if ((dz.fp = fopen(o->design, "w")) == NULL) {
			rc = fg_cli_errorf(7, "%s: cannot write", o->design);
			goto out;
		}
		dz.path = o->design;
		wo.on_row = design_row;
		wo.row_data = &dz;
	}
	/* open the project first: a fit is not worth doing if it cannot
	 * be stored */
	if (!o->dry_run && (rc = fg_cli_open(cli, 0)) != 0)
		goto out;
	if (fg_wvs_fit(spec, &wo, &set, &err) != FG_OK) {
		rc = fg_cli_fail(&err);
		goto out;
	}
	if (!o->dry_run && fg_model_set_store(cli->db, set, cli->coder,
	    o->replace, &err) != FG_OK) {
		rc = fg_cli_fail(&err);
		goto out;
	}
	if (!cli->quiet) {
		fprintf(stderr, "fgcode: %s: %ld row%s read, %ld passed the "
		    "filters", set->data_path, set->data_rows,
		    set->data_rows == 1 ? "" : "s", set->filtered_rows);
		for (i = 0; i < set->nmodels; i++)
			fprintf(stderr, "%s %s %ld", i ? "," : ";",
			    set->models[i].name, set->models[i].n);
		fprintf(stderr, " used%s\n", set->weight ? ", weighted" : "");
		fprintf(stderr, o->dry_run ? "fgcode: models '%s' not stored "
		    "(--dry-run)\n" : "fgcode: stored models '%s'\n",
		    set->name);
	}
	if ((ms = calloc(set->nmodels, sizeof *ms)) == NULL) {
		rc = fg_cli_errorf(8, "out of memory");
		goto out;
	}
	for (i = 0; i < set->nmodels; i++)
		ms[i] = &set->models[i];
	rc = print_models(cli, o, ms, set->nmodels, set->note);
out:
	if (dz.fp != NULL && fclose(dz.fp) != 0 && rc == 0)
		rc = fg_cli_errorf(7, "%s: cannot write", o->design);
	free(ms);
	fg_model_set_free(set);
	fg_wvs_spec_free(spec);
	return rc;
}

/* ---- describe ---- */

static int
run_describe(struct fg_cli *cli, struct opts *o)
{
	struct fg_wvs_spec *spec = NULL;
	struct fg_wvs_desc *d = NULL;
	struct fg_table *t = NULL;
	struct fg_wvs_opts wo;
	struct fg_error err;
	int wide, rc;

	if ((rc = refuse(o, "describe", "data weight unweighted decimals")) !=
	    0)
		return rc;
	if (o->tex)
		return fg_cli_usage(&fg_cmd_wvs, "describe prints --format "
		    "table, tsv, csv, md or json");
	if (o->nops != 1)
		return fg_cli_usage(&fg_cmd_wvs, "describe takes one spec "
		    "file");
	fg_error_clear(&err);
	memset(&wo, 0, sizeof wo);
	wo.data = o->data;
	wo.weight = o->weight;
	wo.unweighted = o->unweighted;
	wide = cli->format == FG_FMT_TABLE || cli->format == FG_FMT_MD;
	if (fg_wvs_spec_load(o->ops[0], &spec, &err) != FG_OK ||
	    fg_wvs_describe(spec, &wo, &d, &err) != FG_OK ||
	    fg_wvs_desc_table(spec, d, wide, o->decimals >= 0 ? o->decimals :
	    1, &t, &err) != FG_OK) {
		rc = fg_cli_fail(&err);
		goto out;
	}
	if (!cli->quiet)
		fprintf(stderr, "fgcode: %s: %ld row%s read, %ld passed the "
		    "filters%s\n", o->data ? o->data : spec->data, d->rows,
		    d->rows == 1 ? "" : "s", d->filtered, d->weighted ?
		    ", weighted" : "");
	rc = print_table(cli, t);
	if (rc == 0 && wide && spec->describe.share_label != NULL)
		printf("\n%s\n", spec->describe.share_label);
out:
	fg_table_free(t);
	fg_wvs_desc_free(d);
	fg_wvs_spec_free(spec);
	return rc;
}

/* ---- load-table ---- */

static int
run_load(struct fg_cli *cli, struct opts *o)
{
	struct fg_model_set *set = NULL;
	struct fg_buf warn = FG_BUF_INIT;
	struct fg_error err;
	int rc;

	if ((rc = refuse(o, "load-table", "replace")) != 0)
		return rc;
	if (o->nops != 1)
		return fg_cli_usage(&fg_cmd_wvs, "load-table takes one table "
		    "file");
	fg_error_clear(&err);
	if (fg_wvs_table_load(o->ops[0], &set, &warn, &err) != FG_OK) {
		rc = fg_cli_fail(&err);
		goto out;
	}
	if ((rc = fg_cli_open(cli, 0)) != 0)
		goto out;
	if (fg_model_set_store(cli->db, set, cli->coder, o->replace, &err) !=
	    FG_OK) {
		rc = fg_cli_fail(&err);
		goto out;
	}
	if (!cli->quiet) {
		const char *p = warn.p, *nl;

		for (; p != NULL && *p != '\0'; p = nl + 1) {
			nl = strchr(p, '\n');
			fprintf(stderr, "fgcode: warning: %.*s\n",
			    (int)(nl - p), p);
		}
		fprintf(stderr, "fgcode: stored published models '%s' (%zu "
		    "model%s)\n", set->name, set->nmodels,
		    set->nmodels == 1 ? "" : "s");
	}
out:
	fg_buf_free(&warn);
	fg_model_set_free(set);
	return rc;
}

/* ---- show ---- */

static int
run_show(struct fg_cli *cli, struct opts *o)
{
	struct fg_model **all = NULL, **ms;
	struct fg_table *t = NULL;
	struct fg_error err;
	size_t nall = 0, i, n;
	const char *note = NULL;
	int rc;

	if ((rc = refuse(o, "show", "digits")) != 0)
		return rc;
	fg_error_clear(&err);
	if ((rc = fg_cli_open(cli, 0)) != 0)
		return rc;
	if (o->nops == 0) {
		if (o->tex)
			return fg_cli_usage(&fg_cmd_wvs, "show without a "
			    "model lists the models: --format table, tsv, "
			    "csv, md or json");
		if (fg_model_listing(cli->db, &t, &err) != FG_OK)
			return fg_cli_fail(&err);
		rc = fg_cli_print_table(cli, t, stdout);
		fg_table_free(t);
		return rc;
	}
	for (i = 0; i < o->nops; i++) {
		struct fg_model **found, **grown;

		if (fg_model_find(cli->db, o->ops[i], &found, &n, &err) !=
		    FG_OK) {
			rc = fg_cli_fail(&err);
			goto out;
		}
		if ((grown = realloc(all, (nall + n) * sizeof *all)) == NULL) {
			fg_model_free_all(found, n);
			rc = fg_cli_errorf(8, "out of memory");
			goto out;
		}
		all = grown;
		memcpy(all + nall, found, n * sizeof *found);
		nall += n;
		free(found);
	}
	/* a published table's own note, when all models come from it */
	if (nall > 0) {
		struct fg_model_set *set = NULL;

		for (i = 1; i < nall; i++)
			if (strcmp(all[i]->set, all[0]->set) != 0)
				break;
		if (i == nall && fg_model_set_get(cli->db, all[0]->set, &set,
		    &err) == FG_OK && set->note != NULL)
			note = set->note;
		ms = all;
		rc = print_models(cli, o, ms, nall, note);
		fg_model_set_free(set);
	}
out:
	fg_model_free_all(all, nall);
	return rc;
}

/* ---- dispatch ---- */

static int
run(struct fg_cli *cli, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(struct fg_cli *, struct opts *);
	} subs[] = {
		{ "fit", run_fit }, { "describe", run_describe },
		{ "load-table", run_load }, { "show", run_show },
	};
	locale_t cloc, old = (locale_t)0;
	struct opts o;
	size_t i;
	int rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fg_cli_usage(&fg_cmd_wvs, argc < 2 ? "fit, describe, "
		    "load-table or show?" : NULL);
		return argc < 2 ? 2 : 0;
	}
	for (i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			break;
	if (i == sizeof subs / sizeof subs[0]) {
		char why[200];

		snprintf(why, sizeof why, "unknown subcommand '%s' (fit, "
		    "describe, load-table, show)", argv[1]);
		return fg_cli_usage(&fg_cmd_wvs, why);
	}
	memset(&o, 0, sizeof o);
	o.digits = o.decimals = -1;
	rc = parse(cli, argc - 1, argv + 1, &o);
	if (rc == -1) {
		rc = 0;
		goto out;
	}
	if (rc != 0)
		goto out;
	/* numbers print with a decimal point whatever the locale */
	if ((cloc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0)) !=
	    (locale_t)0)
		old = uselocale(cloc);
	rc = subs[i].run(cli, &o);
	if (cloc != (locale_t)0) {
		uselocale(old);
		freelocale(cloc);
	}
out:
	free(o.models);
	free(o.ops);
	return rc;
}

const struct fg_cmd fg_cmd_wvs = {
	.name = "wvs",
	.usage = "wvs fit SPEC.yaml [--data FILE.csv] [--model NAME]... "
	    "[--weight COL | --unweighted] [--design FILE.csv] [--dry-run] "
	    "[--replace] [--digits N] [--format table|tsv|csv|md|json|tex]\n"
	    "wvs describe SPEC.yaml [--data FILE.csv] "
	    "[--weight COL | --unweighted] [--decimals N] "
	    "[--format table|tsv|csv|md|json]\n"
	    "wvs load-table FILE.yaml [--replace]\n"
	    "wvs show [SET[/MODEL]...] [--digits N] "
	    "[--format table|tsv|csv|md|json|tex]",
	.summary = "regression models on survey data (WVS): fit, describe, "
	    "load, show",
	.run = run,
};
