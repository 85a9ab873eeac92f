/* cmd-quote.c - fgcode quote: every quote with its ID, or one quote with
 * everything a reviewer needs to find and check it. */
#include "config.h"

#include "cli/cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/quote.h"
#include "core/utf8.h"

enum { OPT_FORMAT = 256, OPT_REAL_NAMES };

struct opts {
	const char *format;
	int real_names;
};

static int
handle(struct fg_cli *cli, int c, const char *arg, void *data)
{
	struct opts *o = data;

	(void)cli;
	if (c == OPT_FORMAT)
		o->format = arg;
	else if (c == OPT_REAL_NAMES)
		o->real_names = 1;
	else
		return fg_cli_usage(&fg_cmd_quote, NULL);
	return 0;
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

/* Print s with control characters other than line feed and tab made
 * visible, and every line after the first begun with cont. */
static void
put_text(const char *s, const char *cont)
{
	size_t adv, n = strlen(s);
	int32_t cp;

	while (n > 0) {
		cp = fg_utf8_decode(s, n, &adv);
		if (cp == '\n')
			printf("\n%s", cont);
		else if (cp == '\t')
			putchar('\t');
		else if ((cp >= 0 && cp < 0x20) || cp == 0x7F)
			printf("^%c", cp == 0x7F ? '?' : (char)(cp + 64));
		else if (cp >= 0x80 && cp < 0xA0)
			printf("<U+%04X>", (unsigned)cp);
		else
			fwrite(s, 1, adv, stdout);
		s += adv;
		n -= adv;
	}
}

static void
speakers(const struct fg_quote *q, struct fg_buf *b)
{
	size_t i;

	for (i = 0; i < q->nturns; i++)
		fg_buf_printf(b, "%s%s (turn %ld)", i ? ", " : "",
		    q->turns[i].speaker, q->turns[i].seq);
	if (q->nturns == 0)
		fg_buf_adds(b, "none: the range lies outside every turn");
}

static void
lines(const struct fg_quote *q, struct fg_buf *b)
{
	if (q->line_start == q->line_end)
		fg_buf_printf(b, "line %ld", q->line_start);
	else
		fg_buf_printf(b, "lines %ld-%ld", q->line_start, q->line_end);
}

#define KEY(k) printf("%-13s ", k)
#define IND "              "   /* under the values */

static void
print_text(const struct fg_quote *q)
{
	struct fg_buf b = FG_BUF_INIT;

	KEY("quote");
	printf("%s\n", q->id);
	KEY("excerpt");
	put_text(q->excerpt, IND);
	putchar('\n');
	KEY("speaker");
	speakers(q, &b);
	put_text(b.p, IND);
	putchar('\n');
	fg_buf_reset(&b);
	lines(q, &b);
	KEY("source");
	put_text(q->source, IND);
	printf(", %s\n", b.p);
	KEY("path");
	put_text(q->source_path, IND);
	putchar('\n');
	KEY("file sha256");
	printf("%s\n", q->file_sha256);
	KEY("text sha256");
	printf("%s\n", q->text_sha256);
	KEY("range");
	printf("code points %lld:%lld, bytes %lld:%lld\n",
	    (long long)q->start_cp, (long long)q->end_cp,
	    (long long)q->start_b, (long long)q->end_b);
	KEY("code");
	put_text(q->code, IND);
	putchar('\n');
	KEY("coder");
	put_text(q->coder, IND);
	putchar('\n');
	KEY("coded at");
	printf("%s\n", q->created_at);
	KEY("memo");
	put_text(q->memo ? q->memo : "none", IND);
	putchar('\n');
	KEY("check");
	if (q->excerpt_ok)
		printf("the excerpt is the text at its range and has the "
		    "SHA-256 %s\n", q->excerpt_sha256);
	else
		printf("FAILED: the excerpt is not the text at its range or "
		    "its SHA-256 is not %s; run 'fgcode audit'\n",
		    q->excerpt_sha256);
	KEY("citation");
	put_text(q->citation ? q->citation :
	    "none: no participant speaks in the turns it covers", IND);
	putchar('\n');
	fg_buf_free(&b);
}

static void
print_md(const struct fg_quote *q)
{
	struct fg_buf b = FG_BUF_INIT;

	/* the excerpt as a block quote, line by line */
	fputs("> ", stdout);
	put_text(q->excerpt, "> ");
	fputs("\n>\n> \xe2\x80\x94 ", stdout);
	put_text(q->citation ? q->citation : "(no participant)", "> ");
	printf(" [%s]\n\n", q->id);
	speakers(q, &b);
	fputs("- speaker: ", stdout);
	put_text(b.p, "  ");
	fputs("\n- source: `", stdout);
	put_text(q->source, "  ");
	fg_buf_reset(&b);
	lines(q, &b);
	printf("`, %s\n", b.p);
	printf("- file SHA-256: `%s`\n- text SHA-256: `%s`\n",
	    q->file_sha256, q->text_sha256);
	printf("- range: code points %lld:%lld, bytes %lld:%lld\n",
	    (long long)q->start_cp, (long long)q->end_cp,
	    (long long)q->start_b, (long long)q->end_b);
	fputs("- code: ", stdout);
	put_text(q->code, "  ");
	fputs("\n- coder: ", stdout);
	put_text(q->coder, "  ");
	printf(", %s\n", q->created_at);
	if (q->memo) {
		fputs("- memo: ", stdout);
		put_text(q->memo, "  ");
		putchar('\n');
	}
	printf("- excerpt check: %s (SHA-256 `%s`)\n", q->excerpt_ok ?
	    "the excerpt is the text at its range" : "FAILED",
	    q->excerpt_sha256);
	fg_buf_free(&b);
}

static int
print_json(const struct fg_quote *q)
{
	json_t *o, *turns, *t;
	size_t i;
	char *s;

	turns = json_array();
	o = json_pack("{s:s, s:I, s:s, s:o, s:{s:s, s:s, s:s, s:s, s:s?, "
	    "s:s?}, s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:s, s:s, s:s?, "
	    "s:s, s:b, s:s?}",
	    "quote", q->id, "coding", (json_int_t)q->coding_id,
	    "excerpt", q->excerpt, "turns", turns,
	    "source", "name", q->source, "path", q->source_path,
	    "file_sha256", q->file_sha256, "text_sha256", q->text_sha256,
	    "fg", q->fg, "city", q->city,
	    "line_start", (json_int_t)q->line_start,
	    "line_end", (json_int_t)q->line_end,
	    "start_cp", (json_int_t)q->start_cp,
	    "end_cp", (json_int_t)q->end_cp,
	    "start_b", (json_int_t)q->start_b, "end_b", (json_int_t)q->end_b,
	    "code", q->code, "coder", q->coder, "created_at", q->created_at,
	    "memo", q->memo, "excerpt_sha256", q->excerpt_sha256,
	    "excerpt_ok", q->excerpt_ok, "citation", q->citation);
	if (o == NULL)
		return fg_cli_errorf(8, "out of memory");
	for (i = 0; i < q->nturns; i++) {
		t = json_pack("{s:I, s:s, s:I, s:I}", "turn",
		    (json_int_t)q->turns[i].seq, "speaker", q->turns[i].speaker,
		    "line_start", (json_int_t)q->turns[i].line_start,
		    "line_end", (json_int_t)q->turns[i].line_end);
		if (t == NULL || json_array_append_new(turns, t) != 0) {
			json_decref(o);
			return fg_cli_errorf(8, "out of memory");
		}
	}
	s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (s == NULL)
		return fg_cli_errorf(8, "out of memory");
	printf("%s\n", s);
	free(s);
	return 0;
}

static int
list(struct fg_cli *cli, const char *format)
{
	struct fg_table *t;
	struct fg_error err;
	int rc;

	if (format != NULL && fg_cli_set_format(cli, format) != 0)
		return 2;
	if ((rc = open_ro(cli)) != 0)
		return rc;
	fg_error_clear(&err);
	if (fg_quote_list(cli->db, &t, &err) != FG_OK)
		return fg_cli_fail(&err);
	rc = fg_cli_print_table(cli, t, stdout);
	fg_table_free(t);
	return rc;
}

static int
run(struct fg_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "real-names", no_argument, NULL, OPT_REAL_NAMES },
		FG_CLI_COMMON_OPTS, { NULL, 0, NULL, 0 }
	};
	char qid[FG_QUOTE_ID_SIZE];
	struct fg_quote *q;
	struct fg_error err;
	struct opts o;
	int first, rc;
	int64_t id;

	memset(&o, 0, sizeof o);
	if ((rc = fg_cli_getopt(cli, &fg_cmd_quote, argc, argv, "", opts,
	    handle, &o, &first)) != 0)
		return rc;
	if (first == argc) {
		if (o.real_names)
			return fg_cli_usage(&fg_cmd_quote, "--real-names goes "
			    "with a QUOTE-ID");
		return list(cli, o.format);
	}
	if (argc - first > 1)
		return fg_cli_usage(&fg_cmd_quote, "one QUOTE-ID at a time");
	if (o.format != NULL && strcmp(o.format, "text") != 0 &&
	    strcmp(o.format, "md") != 0 && strcmp(o.format, "markdown") != 0 &&
	    strcmp(o.format, "json") != 0)
		return fg_cli_usage(&fg_cmd_quote, "a quote is shown as text, "
		    "md or json");
	fg_error_clear(&err);
	if (fg_quote_parse(argv[first], qid, &err) != FG_OK)
		return fg_cli_fail(&err);
	if ((rc = open_ro(cli)) != 0)
		return rc;
	if (fg_quote_resolve(cli->db, argv[first], &id, qid, &err) != FG_OK ||
	    fg_quote_get(cli->db, id, o.real_names, &q, &err) != FG_OK)
		return fg_cli_fail(&err);
	if (o.format == NULL || strcmp(o.format, "text") == 0)
		print_text(q);
	else if (strcmp(o.format, "json") == 0)
		rc = print_json(q);
	else
		print_md(q);
	fg_quote_free(q);
	return rc;
}

const struct fg_cmd fg_cmd_quote = {
	.name = "quote",
	.usage = "quote [--format table|tsv|csv|md|json]\n"
	    "quote QUOTE-ID [--format text|md|json] [--real-names]",
	.summary = "list the quotes, or show one with its source and citation",
	.run = run,
};
