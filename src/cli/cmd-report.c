/* cmd-report.c - fgcode report: code frequencies (freq), the joint
 * display of regression terms and focus-group codes (joint), crosstabs of
 * codes against a dimension (crosstab), code co-occurrence (cooccur) and
 * quote matrices (quotes) and intercoder agreement (agreement). */
#include "config.h"

#include "cli/cli.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/agreement.h"
#include "core/buf.h"
#include "core/codebook.h"
#include "core/joint.h"
#include "core/link.h"
#include "core/matrix.h"
#include "core/report.h"
#include "core/source.h"

/* html.c: the joint display as one standalone HTML file. */
int fg_html_joint(const struct fg_joint *j, const struct fg_table *header,
    FILE *out);

enum { OPT_BY = 256, OPT_CODE, OPT_BANDS, OPT_MODEL, OPT_LINK, OPT_UNIT,
    OPT_QUOTES, OPT_ROWS, OPT_COLS, OPT_PERCENT, OPT_COUNT, OPT_MAX,
    OPT_SOURCE, OPT_CODER };

#define FREQ_USAGE "report freq --by fg|city|gender|ageband|speaker|source " \
    "[--code CODE]... [--bands 18-29,30-49,50+] " \
    "[--format table|tsv|csv|md|json]"
#define JOINT_USAGE "report joint [--model SET[/MODEL]]... " \
    "[--link FILE.yaml] [--unit turn|participant|group] [--quotes N] " \
    "[--format table|tsv|csv|md|json|html]"
#define CROSSTAB_USAGE "report crosstab [--rows code] " \
    "--cols fg|city|gender|ageband|ATTRIBUTE " \
    "[--count codings|turns|participants|groups] [--percent row|col] " \
    "[--code CODE]... [--bands 18-29,30-49,50+] " \
    "[--format table|tsv|csv|md|json]"
#define COOCCUR_USAGE "report cooccur " \
    "[--unit turn|segment|participant|group] [--code CODE]... " \
    "[--format table|tsv|csv|md|json]"
#define QUOTES_USAGE "report quotes --code CODE " \
    "--by fg|city|gender|ageband [--max N] [--bands 18-29,30-49,50+] " \
    "[--format table|tsv|csv|md|json]"
#define AGREEMENT_USAGE "report agreement --coder A --coder B " \
    "[--code CODE]... [--unit cp|turn] [--source SOURCE]... " \
    "[--format table|tsv|csv|md|json]"

/* Each report's own usage, printed on its errors (so that report freq
 * prints exactly what it always has). */
static const struct fg_cmd freq_cmd = { .name = "report",
    .usage = FREQ_USAGE };
static const struct fg_cmd joint_cmd = { .name = "report",
    .usage = JOINT_USAGE };
static const struct fg_cmd crosstab_cmd = { .name = "report",
    .usage = CROSSTAB_USAGE };
static const struct fg_cmd cooccur_cmd = { .name = "report",
    .usage = COOCCUR_USAGE };
static const struct fg_cmd quotes_cmd = { .name = "report",
    .usage = QUOTES_USAGE };
static const struct fg_cmd agreement_cmd = { .name = "report",
    .usage = AGREEMENT_USAGE };

struct opts {
	const char *by;
	const char **codes;    /* argv pointers */
	size_t ncodes;
	const char *bands;
	const char **models;
	size_t nmodels;
	const char *link;
	const char *unit;
	const char *quotes;
	const char *rows;
	const char *cols;
	const char *percent;
	const char *count;
	const char *max;
	const char **sources;  /* --source, argv pointers */
	size_t nsources;
	const char *coders[2]; /* the first two --coder values */
	size_t ncoders;        /* how many --coder were given */
	int html;              /* --format html (joint only) */
	unsigned seen;         /* bit (OPT_x - 256) of every option given */
};

static int
push(const char ***v, size_t *n, const char *arg)
{
	const char **p = realloc(*v, (*n + 1) * sizeof *p);

	if (p == NULL)
		return fg_cli_errorf(8, "out of memory");
	*v = p;
	(*v)[(*n)++] = arg;
	return 0;
}

static int
handle(struct fg_cli *cli, int c, const char *arg, void *data)
{
	struct opts *o = data;

	if (c >= OPT_BY && c <= OPT_SOURCE)
		o->seen |= 1u << (c - OPT_BY);
	switch (c) {
	case OPT_BY:
		o->by = arg;
		return 0;
	case OPT_CODE:
		return push(&o->codes, &o->ncodes, arg);
	case OPT_BANDS:
		o->bands = arg;
		return 0;
	case OPT_MODEL:
		return push(&o->models, &o->nmodels, arg);
	case OPT_LINK:
		o->link = arg;
		return 0;
	case OPT_UNIT:
		o->unit = arg;
		return 0;
	case OPT_QUOTES:
		o->quotes = arg;
		return 0;
	case OPT_ROWS:
		o->rows = arg;
		return 0;
	case OPT_COLS:
		o->cols = arg;
		return 0;
	case OPT_PERCENT:
		o->percent = arg;
		return 0;
	case OPT_COUNT:
		o->count = arg;
		return 0;
	case OPT_MAX:
		o->max = arg;
		return 0;
	case OPT_SOURCE:
		return push(&o->sources, &o->nsources, arg);
	case OPT_CODER:
		/* still the common --coder (the last one wins) */
		cli->coder = arg;
		if (o->ncoders < 2)
			o->coders[o->ncoders] = arg;
		o->ncoders++;
		return 0;
	}
	return fg_cli_usage(&fg_cmd_report, NULL);
}

static const char *const opt_names[] = { "--by", "--code", "--bands",
    "--model", "--link", "--unit", "--quotes", "--rows", "--cols",
    "--percent", "--count", "--max", "--source" };

/* Refuse options that the report does not take (allowed: a mask of
 * 1 << (OPT_x - OPT_BY)). */
static int
only(const struct opts *o, unsigned allowed, const struct fg_cmd *cmd,
    const char *report)
{
	unsigned extra = o->seen & ~allowed;
	char why[128];
	size_t i;

	if (extra == 0)
		return 0;
	for (i = 0; !(extra & (1u << i)); i++)
		;
	snprintf(why, sizeof why, "report %s does not take %s", report,
	    opt_names[i]);
	return fg_cli_usage(cmd, why);
}

#define BIT(x) (1u << ((x) - OPT_BY))

/* Look up the --code names; *ids malloc'd (caller frees). */
static int
code_ids(struct fg_cli *cli, const struct opts *o, int64_t **ids)
{
	struct fg_error err;
	size_t i;

	*ids = NULL;
	if (o->ncodes == 0)
		return 0;
	if ((*ids = calloc(o->ncodes, sizeof **ids)) == NULL)
		return fg_cli_errorf(8, "out of memory");
	fg_error_clear(&err);
	for (i = 0; i < o->ncodes; i++)
		if (fg_codebook_find(cli->db, o->codes[i], &(*ids)[i], &err) !=
		    FG_OK) {
			free(*ids);
			*ids = NULL;
			return fg_cli_fail(&err);
		}
	return 0;
}

static int
check_bands(const char *bands)
{
	struct fg_band *b;
	struct fg_error err;
	size_t nb;

	fg_error_clear(&err);
	if (fg_report_bands_parse(bands, &b, &nb, &err) != FG_OK)
		return fg_cli_fail(&err);
	free(b);
	return 0;
}

/* A whole number from 0 to max, or -1. */
static long
count_arg(const char *s, long max)
{
	char *end;
	long v;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	v = strtol(s, &end, 10);
	return *end != '\0' || v > max ? -1 : v;
}

/* ---- freq ---- */

static int
freq(struct fg_cli *cli, struct opts *o)
{
	struct fg_freq_opts fo;
	struct fg_table *t;
	struct fg_error err;
	int64_t *ids = NULL;
	int rc;

	memset(&fo, 0, sizeof fo);
	fg_error_clear(&err);
	if ((rc = only(o, BIT(OPT_BY) | BIT(OPT_CODE) | BIT(OPT_BANDS),
	    &freq_cmd, "freq")) != 0)
		return rc;
	if (o->by == NULL)
		return fg_cli_usage(&freq_cmd, "--by is required");
	if (fg_report_by_parse(o->by, &fo.by, &err) != FG_OK)
		return fg_cli_fail(&err);
	if (o->bands != NULL) {
		if (fo.by != FG_BY_AGEBAND)
			return fg_cli_usage(&freq_cmd, "--bands goes with "
			    "--by ageband");
		if ((rc = check_bands(o->bands)) != 0)
			return rc;
		fo.bands = o->bands;
	}
	if ((rc = fg_cli_open(cli, 0)) != 0)
		return rc;
	if ((rc = code_ids(cli, o, &ids)) != 0)
		return rc;
	fo.codes = ids;
	fo.ncodes = o->ncodes;
	/* the same table as fg_report_freq, counted in memory (faster) */
	rc = fg_matrix_freq(cli->db, &fo, &t, &err);
	free(ids);
	if (rc != FG_OK)
		return fg_cli_fail(&err);
	rc = fg_cli_print_table(cli, t, stdout);
	fg_table_free(t);
	return rc;
}

/* ---- joint ---- */

/* The command line, shell-quoted where needed. */
static char *
command_line(int argc, char **argv)
{
	struct fg_buf b = FG_BUF_INIT;
	const char *p;
	int i;

	fg_buf_adds(&b, "fgcode");
	for (i = 0; i < argc; i++) {
		int plain = argv[i][0] != '\0';

		for (p = argv[i]; *p && plain; p++)
			plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' &&
			    *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			    strchr("-_./:=,+@%", *p) != NULL ||
			    (unsigned char)*p >= 0x80;
		fg_buf_addc(&b, ' ');
		if (plain) {
			fg_buf_adds(&b, argv[i]);
			continue;
		}
		fg_buf_addc(&b, '\'');
		for (p = argv[i]; *p; p++)
			if (*p == '\'')
				fg_buf_adds(&b, "'\\''");
			else
				fg_buf_addc(&b, *p);
		fg_buf_addc(&b, '\'');
	}
	return fg_buf_steal(&b);
}


/* csv / tsv: the header as comment records ("# key: value", one field
 * each), then the rows as the table renderer writes them. */
static int
joint_delimited(struct fg_cli *cli, const struct fg_table *hdr,
    const struct fg_table *rows)
{
	char *buf = NULL;
	size_t len = 0, i, skip = 0;
	FILE *mem;
	int rc;

	if ((mem = open_memstream(&buf, &len)) == NULL)
		return fg_cli_errorf(8, "out of memory");
	rc = fg_output_table(rows, cli->format, mem);
	fclose(mem);
	if (rc != 0) {
		free(buf);
		return rc;
	}
	if (cli->format == FG_FMT_CSV) {
		if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
			skip = 3;
		fputs("\xEF\xBB\xBF", stdout);
	}
	for (i = 0; i < hdr->nrows; i++) {
		struct fg_buf line = FG_BUF_INIT;
		const char *p;

		fg_buf_printf(&line, "# %s: %s", fg_table_cell(hdr, i, 0),
		    fg_table_cell(hdr, i, 1));
		/* Comment lines are written as they are, never quoted, so
		 * that readers that skip lines starting with '#' (R's
		 * comment.char, pandas' comment=) skip them, commas and all. */
		for (p = line.p; *p; p++)
			fputc(*p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p,
			    stdout);
		fputs(cli->format == FG_FMT_CSV ? "\r\n" : "\n", stdout);
		fg_buf_free(&line);
	}
	fwrite(buf + skip, 1, len - skip, stdout);
	free(buf);
	return 0;
}

static json_t *
cell_json(const struct fg_table *t, size_t r, size_t c)
{
	const char *s = fg_table_cell(t, r, c);
	char *end;

	if (s == NULL)
		return json_null();
	if (t->types[c] == FG_COL_INT) {
		long long v = strtoll(s, &end, 10);

		return *end == '\0' ? json_integer(v) : json_string(s);
	}
	if (t->types[c] == FG_COL_REAL) {
		double v = strtod(s, &end);

		if (*end == '\0' && isfinite(v))
			return json_real(v);
		return json_string(s);
	}
	return json_string(s);
}

static int
joint_json(const struct fg_joint *j, const struct fg_table *hdr,
    const struct fg_table *rows)
{
	json_t *doc = json_object(), *h = json_object(), *arr = json_array();
	size_t i, k, c;
	int rc = 0;

	if (doc == NULL || h == NULL || arr == NULL)
		return fg_cli_errorf(8, "out of memory");
	for (i = 0; i < hdr->nrows; i++) {
		const char *key = fg_table_cell(hdr, i, 0);
		json_t *v = json_string(fg_table_cell(hdr, i, 1)), *old;

		old = json_object_get(h, key);
		if (old == NULL) {
			json_object_set_new(h, key, v);
		} else if (json_is_array(old)) {
			json_array_append_new(old, v);
		} else {
			json_t *a = json_array();

			json_array_append(a, old);
			json_array_append_new(a, v);
			json_object_set_new(h, key, a);
		}
	}
	for (i = 0; i < rows->nrows; i++) {
		const struct fg_joint_row *r = &j->rows[i];
		json_t *o = json_object(), *qs = json_array(), *ids =
		    json_array();

		for (c = 0; c < rows->ncols; c++) {
			const char *name = rows->names[c];

			if (strcmp(name, "quotes") == 0 ||
			    strcmp(name, "quote_ids") == 0)
				continue;
			json_object_set_new(o, name, cell_json(rows, i, c));
		}
		for (k = 0; k < r->nquotes; k++) {
			json_t *q = json_object();

			json_array_append_new(ids, json_string(r->quotes[k].id));
			json_object_set_new(q, "id",
			    json_string(r->quotes[k].id));
			json_object_set_new(q, "excerpt",
			    json_string(r->quotes[k].excerpt));
			json_object_set_new(q, "citation",
			    r->quotes[k].citation ?
			    json_string(r->quotes[k].citation) : json_null());
			json_object_set_new(q, "source",
			    json_string(r->quotes[k].source));
			json_array_append_new(qs, q);
		}
		json_object_set_new(o, "quote_ids", ids);
		json_object_set_new(o, "quotes", qs);
		json_array_append_new(arr, o);
	}
	json_object_set_new(doc, "report", json_string("joint"));
	json_object_set_new(doc, "header", h);
	json_object_set_new(doc, "rows", arr);
	if (json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(10)) != 0)
		rc = fg_cli_errorf(7, "cannot write JSON output");
	fputc('\n', stdout);
	json_decref(doc);
	return rc;
}

/* Shorten s to at most max code points, with an ellipsis. */
static void
short_text(struct fg_buf *b, const char *s, size_t max)
{
	size_t n = 0;
	const char *p = s;

	while (*p && n < max) {
		p++;
		while ((*p & 0xC0) == 0x80)
			p++;
		n++;
	}
	for (; s < p; s++)
		fg_buf_addc(b, *s == '\n' ? ' ' : *s);
	if (*p)
		fg_buf_adds(b, "\u2026");
}

static int
joint_text(struct fg_cli *cli, const struct fg_joint *j,
    const struct fg_table *hdr)
{
	int md = cli->format == FG_FMT_MD;
	struct fg_error err;
	size_t i, k, m;
	int rc, checks = 0, small = 0;

	fg_error_clear(&err);
	printf(md ? "# Joint display\n\n" : "Joint display\n");
	for (i = 0; i < hdr->nrows; i++)
		printf(md ? "- **%s**: %s\n" : "  %s: %s\n",
		    fg_table_cell(hdr, i, 0), fg_table_cell(hdr, i, 1));
	for (m = 0; m < j->nmodels; m++) {
		const struct fg_joint_model *jm = &j->models[m];
		struct fg_table *t;

		printf(md ? "\n## %s (%s)\n\n%s\n\n" : "\n%s (%s): %s\n",
		    jm->m->title, jm->ref, jm->dv_text);
		if (jm->codes)
			printf(md ? "Codes: %s, read as %s.\n\n" :
			    "codes: %s, read as %s\n", jm->codes,
			    jm->indicates > 0 ? "higher" : jm->indicates < 0 ?
			    "lower" : "no direction");
		else
			printf(md ? "No code is linked.\n\n" :
			    "no code is linked\n");
		if (fg_joint_model_table(j, m, &t, &err) != FG_OK)
			return fg_cli_fail(&err);
		rc = fg_output_table(t, md ? FG_FMT_MD : FG_FMT_TABLE, stdout);
		fg_table_free(t);
		if (rc != 0)
			return rc;
		for (i = 0; i < j->nrows; i++) {
			const struct fg_joint_row *r = &j->rows[i];
			const char *label = jm->m->terms[r->term].label;

			if (r->model != m)
				continue;
			checks += r->check != NULL;
			small += r->small != 0;
			if (r->check)
				printf(md ? "\n- %s: %s" : "  ! %s: %s\n", label,
				    r->check);
			for (k = 0; k < r->nquotes; k++) {
				struct fg_buf b = FG_BUF_INIT;

				short_text(&b, r->quotes[k].excerpt, md ? 400 :
				    160);
				printf(md ? "\n- %s: `%s` \u201c%s\u201d%s%s%s" :
				    "  %s: %s \u201c%s\u201d%s%s%s\n", label,
				    r->quotes[k].id, b.p ? b.p : "",
				    r->quotes[k].citation ? " (" : "",
				    r->quotes[k].citation ?
				    r->quotes[k].citation : "",
				    r->quotes[k].citation ? ")" : "");
				fg_buf_free(&b);
			}
		}
		if (md)
			printf("\n");
	}
	printf(md ? "\n" : "\n");
	printf("%s\u2020 a count below %ld; the reading is silent when a side "
	    "has fewer units, or the codes occur in fewer units in all.  ! the "
	    "stars and the 95%% interval disagree.  Per 1,000 words and "
	    "groups: stratum | complement.\n", md ? "Legend: " : "",
	    j->min_count);
	(void)checks;
	(void)small;
	return 0;
}

static int
joint(struct fg_cli *cli, struct opts *o, int argc, char **argv)
{
	struct fg_joint_opts jo;
	struct fg_link *l = NULL;
	struct fg_joint *j = NULL;
	struct fg_table *hdr = NULL, *rows = NULL;
	struct fg_buf warnings = FG_BUF_INIT;
	struct fg_error err;
	enum fg_unit unit;
	char *cmdline = NULL;
	int rc;

	memset(&jo, 0, sizeof jo);
	fg_error_clear(&err);
	if ((rc = only(o, BIT(OPT_MODEL) | BIT(OPT_LINK) | BIT(OPT_UNIT) |
	    BIT(OPT_QUOTES), &joint_cmd, "joint")) != 0)
		return rc;
	jo.unit = -1;
	jo.quotes = -1;
	if (o->unit != NULL) {
		if (fg_unit_parse(o->unit, &unit, &err) != FG_OK)
			return fg_cli_fail(&err);
		jo.unit = (int)unit;
	}
	if (o->quotes != NULL && (jo.quotes = count_arg(o->quotes, 100)) < 0)
		return fg_cli_usage(&joint_cmd, "--quotes takes a number from "
		    "0 to 100");
	if (o->link == NULL && o->nmodels == 0)
		return fg_cli_usage(&joint_cmd, "name the models with --model "
		    "or give a link file with --link");
	if (o->link != NULL && fg_link_load(o->link, &l, &err) != FG_OK)
		return fg_cli_fail(&err);
	if ((rc = fg_cli_open(cli, 0)) != 0)
		goto done;
	if (l != NULL && fg_link_check(cli->db, l, &warnings, &err) != FG_OK) {
		rc = fg_cli_fail(&err);
		goto done;
	}
	if (warnings.p != NULL && !cli->quiet) {
		const char *p, *nl;

		for (p = warnings.p; *p; p = nl + 1) {
			nl = strchr(p, '\n');
			fprintf(stderr, "fgcode: warning: %.*s\n",
			    (int)(nl - p), p);
		}
	}
	if ((cmdline = command_line(argc, argv)) == NULL) {
		rc = fg_cli_errorf(8, "out of memory");
		goto done;
	}
	jo.link = l;
	jo.models = o->models;
	jo.nmodels = o->nmodels;
	jo.command = cmdline;
	if (fg_joint_compute(cli->db, &jo, &j, &err) != FG_OK ||
	    fg_joint_header(j, &hdr, &err) != FG_OK ||
	    fg_joint_table(j, &rows, &err) != FG_OK) {
		rc = fg_cli_fail(&err);
		goto done;
	}
	if (o->html)
		rc = fg_html_joint(j, hdr, stdout);
	else if (cli->format == FG_FMT_JSON)
		rc = joint_json(j, hdr, rows);
	else if (cli->format == FG_FMT_CSV || cli->format == FG_FMT_TSV)
		rc = joint_delimited(cli, hdr, rows);
	else
		rc = joint_text(cli, j, hdr);
done:
	fg_table_free(hdr);
	fg_table_free(rows);
	fg_joint_free(j);
	fg_link_free(l);
	fg_buf_free(&warnings);
	free(cmdline);
	return rc;
}

/* ---- crosstab, cooccur, quotes ---- */

static int
crosstab(struct fg_cli *cli, struct opts *o)
{
	struct fg_crosstab_opts xo;
	struct fg_table *t;
	struct fg_error err;
	int64_t *ids = NULL;
	int rc;

	memset(&xo, 0, sizeof xo);
	fg_error_clear(&err);
	if ((rc = only(o, BIT(OPT_ROWS) | BIT(OPT_COLS) | BIT(OPT_PERCENT) |
	    BIT(OPT_COUNT) | BIT(OPT_CODE) | BIT(OPT_BANDS), &crosstab_cmd,
	    "crosstab")) != 0)
		return rc;
	if (o->rows != NULL && strcmp(o->rows, "code") != 0)
		return fg_cli_usage(&crosstab_cmd, "--rows: the rows are the "
		    "codes (--rows code)");
	if (o->cols == NULL)
		return fg_cli_usage(&crosstab_cmd, "--cols is required");
	if (o->count != NULL && fg_matrix_count_parse(o->count, &xo.count,
	    &err) != FG_OK)
		return fg_cli_fail(&err);
	if (o->percent != NULL && fg_matrix_percent_parse(o->percent,
	    &xo.percent, &err) != FG_OK)
		return fg_cli_fail(&err);
	if (o->bands != NULL) {
		if (strcmp(o->cols, "ageband") != 0)
			return fg_cli_usage(&crosstab_cmd, "--bands goes with "
			    "--cols ageband");
		if ((rc = check_bands(o->bands)) != 0)
			return rc;
	}
	xo.cols = o->cols;
	xo.bands = o->bands;
	if ((rc = fg_cli_open(cli, 0)) != 0)
		return rc;
	if ((rc = code_ids(cli, o, &ids)) != 0)
		return rc;
	xo.codes = ids;
	xo.ncodes = o->ncodes;
	rc = fg_crosstab(cli->db, &xo, &t, &err);
	free(ids);
	if (rc != FG_OK)
		return fg_cli_fail(&err);
	rc = fg_cli_print_table(cli, t, stdout);
	fg_table_free(t);
	return rc;
}

static int
cooccur(struct fg_cli *cli, struct opts *o)
{
	struct fg_cooccur_opts co;
	struct fg_table *t;
	struct fg_error err;
	int64_t *ids = NULL;
	int rc;

	memset(&co, 0, sizeof co);
	fg_error_clear(&err);
	if ((rc = only(o, BIT(OPT_UNIT) | BIT(OPT_CODE), &cooccur_cmd,
	    "cooccur")) != 0)
		return rc;
	if (o->unit != NULL && fg_cooccur_unit_parse(o->unit, &co.unit,
	    &err) != FG_OK)
		return fg_cli_fail(&err);
	if ((rc = fg_cli_open(cli, 0)) != 0)
		return rc;
	if ((rc = code_ids(cli, o, &ids)) != 0)
		return rc;
	co.codes = ids;
	co.ncodes = o->ncodes;
	rc = fg_cooccur(cli->db, &co, &t, &err);
	free(ids);
	if (rc != FG_OK)
		return fg_cli_fail(&err);
	rc = fg_cli_print_table(cli, t, stdout);
	fg_table_free(t);
	return rc;
}

static int
quotes(struct fg_cli *cli, struct opts *o)
{
	struct fg_quotes_opts qo;
	struct fg_table *t;
	struct fg_error err;
	int rc;

	memset(&qo, 0, sizeof qo);
	fg_error_clear(&err);
	if ((rc = only(o, BIT(OPT_CODE) | BIT(OPT_BY) | BIT(OPT_MAX) |
	    BIT(OPT_BANDS), &quotes_cmd, "quotes")) != 0)
		return rc;
	if (o->ncodes != 1)
		return fg_cli_usage(&quotes_cmd, "name one code with --code");
	if (o->by == NULL)
		return fg_cli_usage(&quotes_cmd, "--by is required");
	if (fg_report_by_parse(o->by, &qo.by, &err) != FG_OK)
		return fg_cli_fail(&err);
	if (qo.by == FG_BY_SPEAKER || qo.by == FG_BY_SOURCE)
		return fg_cli_usage(&quotes_cmd, "--by is fg, city, gender or "
		    "ageband");
	if (o->max != NULL && (qo.max = count_arg(o->max, 1000000)) < 0)
		return fg_cli_usage(&quotes_cmd, "--max takes a whole number");
	if (o->bands != NULL) {
		if (qo.by != FG_BY_AGEBAND)
			return fg_cli_usage(&quotes_cmd, "--bands goes with "
			    "--by ageband");
		if ((rc = check_bands(o->bands)) != 0)
			return rc;
		qo.bands = o->bands;
	}
	if ((rc = fg_cli_open(cli, 0)) != 0)
		return rc;
	if (fg_codebook_find(cli->db, o->codes[0], &qo.code, &err) != FG_OK)
		return fg_cli_fail(&err);
	if (fg_quote_matrix(cli->db, &qo, &t, &err) != FG_OK)
		return fg_cli_fail(&err);
	rc = fg_cli_print_table(cli, t, stdout);
	fg_table_free(t);
	return rc;
}

/* ---- agreement ---- */

static int
agreement(struct fg_cli *cli, struct opts *o)
{
	struct fg_agree_opts ao;
	struct fg_table *t;
	struct fg_error err;
	int64_t *ids = NULL, *srcs = NULL;
	size_t i;
	int rc;

	memset(&ao, 0, sizeof ao);
	fg_error_clear(&err);
	if ((rc = only(o, BIT(OPT_CODE) | BIT(OPT_UNIT) | BIT(OPT_SOURCE),
	    &agreement_cmd, "agreement")) != 0)
		return rc;
	if (o->ncoders != 2)
		return fg_cli_usage(&agreement_cmd, "name exactly two coders "
		    "with --coder A --coder B");
	if (strcmp(o->coders[0], o->coders[1]) == 0)
		return fg_cli_usage(&agreement_cmd, "the two coders must "
		    "differ");
	ao.coder_a = o->coders[0];
	ao.coder_b = o->coders[1];
	ao.unit = FG_AGREE_CP;
	if (o->unit != NULL && fg_agree_unit_parse(o->unit, &ao.unit, &err) !=
	    FG_OK)
		return fg_cli_usage(&agreement_cmd, "--unit is cp or turn");
	if ((rc = fg_cli_open(cli, 0)) != 0)
		return rc;
	if ((rc = code_ids(cli, o, &ids)) != 0)
		return rc;
	if (o->nsources > 0 &&
	    (srcs = calloc(o->nsources, sizeof *srcs)) == NULL) {
		free(ids);
		return fg_cli_errorf(8, "out of memory");
	}
	for (i = 0; i < o->nsources; i++)
		if (fg_source_resolve(cli->db, o->sources[i], &srcs[i],
		    &err) != FG_OK) {
			free(ids);
			free(srcs);
			return fg_cli_fail(&err);
		}
	ao.codes = ids;
	ao.ncodes = o->ncodes;
	ao.sources = srcs;
	ao.nsources = o->nsources;
	rc = fg_agreement(cli->db, &ao, &t, &err);
	free(ids);
	free(srcs);
	if (rc != FG_OK)
		return fg_cli_fail(&err);
	if (!cli->quiet)
		fprintf(stderr, "agreement of coders A = %s and B = %s, unit: "
		    "%s; Cohen's kappa = (Po - Pe) / (1 - Pe), "
		    "Pe = pA*pB + (1-pA)*(1-pB); po_coded: agreement on the "
		    "units at least one coder coded\n", ao.coder_a,
		    ao.coder_b, ao.unit == FG_AGREE_CP ? "code point" :
		    "speaker turn");
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

/* --format html is the joint display's own: take it out of argv (the
 * common options know table, tsv, csv, md, json) and remember it. */
static void
take_html(int argc, char **argv, struct opts *o)
{
	static char table[] = "table";
	static char fmt_table[] = "--format=table";
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc &&
		    strcmp(argv[i + 1], "html") == 0) {
			argv[++i] = table;
			o->html = 1;
		} else if (strcmp(argv[i], "--format=html") == 0) {
			argv[i] = fmt_table;
			o->html = 1;
		}
	}
}

static int
run(struct fg_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "by", required_argument, NULL, OPT_BY },
		{ "code", required_argument, NULL, OPT_CODE },
		{ "bands", required_argument, NULL, OPT_BANDS },
		{ "model", required_argument, NULL, OPT_MODEL },
		{ "link", required_argument, NULL, OPT_LINK },
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ "quotes", required_argument, NULL, OPT_QUOTES },
		{ "rows", required_argument, NULL, OPT_ROWS },
		{ "cols", required_argument, NULL, OPT_COLS },
		{ "percent", required_argument, NULL, OPT_PERCENT },
		{ "count", required_argument, NULL, OPT_COUNT },
		{ "max", required_argument, NULL, OPT_MAX },
		{ "source", required_argument, NULL, OPT_SOURCE },
		/* before the common options: --coder may be given twice */
		{ "coder", required_argument, NULL, OPT_CODER },
		FG_CLI_COMMON_OPTS, { NULL, 0, NULL, 0 }
	};
	struct opts o;
	char **args;
	const char *what;
	int first, rc, i;

	memset(&o, 0, sizeof o);
	/* a copy of argv for the command line in the joint's header */
	if ((args = calloc((size_t)argc + 1, sizeof *args)) == NULL)
		return fg_cli_errorf(8, "out of memory");
	for (i = 0; i < argc; i++)
		args[i] = argv[i];
	take_html(argc, argv, &o);
	getopt_permute();
	rc = fg_cli_getopt(cli, &fg_cmd_report, argc, argv, "", opts, handle,
	    &o, &first);
	if (rc == 0) {
		what = first < argc ? argv[first] : "";
		if (o.html && strcmp(what, "joint") != 0)
			rc = fg_cli_usage(&fg_cmd_report, "--format html is "
			    "for report joint");
		else if (strcmp(what, "freq") == 0)
			rc = first + 1 != argc ? fg_cli_usage(&freq_cmd,
			    "unexpected argument") : freq(cli, &o);
		else if (strcmp(what, "joint") == 0)
			rc = first + 1 != argc ? fg_cli_usage(&joint_cmd,
			    "unexpected argument") : joint(cli, &o, argc,
			    args);
		else if (strcmp(what, "crosstab") == 0)
			rc = first + 1 != argc ? fg_cli_usage(&crosstab_cmd,
			    "unexpected argument") : crosstab(cli, &o);
		else if (strcmp(what, "cooccur") == 0)
			rc = first + 1 != argc ? fg_cli_usage(&cooccur_cmd,
			    "unexpected argument") : cooccur(cli, &o);
		else if (strcmp(what, "quotes") == 0)
			rc = first + 1 != argc ? fg_cli_usage(&quotes_cmd,
			    "unexpected argument") : quotes(cli, &o);
		else if (strcmp(what, "agreement") == 0)
			rc = first + 1 != argc ? fg_cli_usage(&agreement_cmd,
			    "unexpected argument") : agreement(cli, &o);
		else
			rc = fg_cli_usage(&fg_cmd_report, "which report? "
			    "(freq, joint, crosstab, cooccur, quotes, "
			    "agreement)");
	}
	free(o.codes);
	free(o.models);
	free(o.sources);
	free(args);
	return rc;
}

const struct fg_cmd fg_cmd_report = {
	.name = "report",
	.usage = FREQ_USAGE "\n" JOINT_USAGE "\n" CROSSTAB_USAGE "\n"
	    COOCCUR_USAGE "\n" QUOTES_USAGE "\n" AGREEMENT_USAGE,
	.summary = "code frequencies, joint display, crosstab, co-occurrence, "
	    "quote matrix, intercoder agreement",
	.run = run,
};
