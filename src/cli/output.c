/* output.c - render a struct fg_table as an aligned table, TSV, CSV
 * (spreadsheet-safe), Markdown or JSON. */
#include "config.h"

#include "cli/cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/buf.h"
#include "core/utf8.h"

/* Append s to b with control characters made visible (^[ for ESC, \n for
 * a line feed), so a table cell never moves the terminal's cursor. */
static void
visible(struct fg_buf *b, const char *s)
{
	size_t adv, n = strlen(s);
	int32_t cp;

	while (n > 0) {
		cp = fg_utf8_decode(s, n, &adv);
		if (cp == '\n')
			fg_buf_adds(b, "\\n");
		else if (cp == '\t')
			fg_buf_adds(b, "\\t");
		else if (cp >= 0 && cp < 0x20)
			fg_buf_printf(b, "^%c", (char)(cp + 64));
		else if (cp == 0x7F)
			fg_buf_adds(b, "^?");
		else if (cp >= 0x80 && cp < 0xA0)
			fg_buf_printf(b, "<U+%04X>", (unsigned)cp);
		else
			fg_buf_add(b, s, adv);
		s += adv;
		n -= adv;
	}
}

size_t
fg_output_width(const char *s)
{
	size_t adv, n = strlen(s), w = 0;
	int32_t cp;
	int cw;

	while (n > 0) {
		cp = fg_utf8_decode(s, n, &adv);
		cw = cp < 0 ? 1 : utf8proc_charwidth(cp);
		if (cw > 0)
			w += (size_t)cw;
		s += adv;
		n -= adv;
	}
	return w;
}

static int
out_table(const struct fg_table *t, FILE *out)
{
	struct fg_buf *cells, hdr = FG_BUF_INIT;
	size_t *width, r, c, w, ncells = (t->nrows + 1) * t->ncols;

	cells = calloc(ncells ? ncells : 1, sizeof *cells);
	width = calloc(t->ncols ? t->ncols : 1, sizeof *width);
	if (cells == NULL || width == NULL) {
		free(cells);
		free(width);
		return fg_cli_errorf(8, "out of memory");
	}
	for (c = 0; c < t->ncols; c++) {
		visible(&cells[c], t->names[c]);
		if (cells[c].p == NULL)  /* an empty column name */
			fg_buf_adds(&cells[c], "");
		width[c] = fg_output_width(cells[c].p);
	}
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++) {
			struct fg_buf *b = &cells[(r + 1) * t->ncols + c];
			const char *v = fg_table_cell(t, r, c);
			visible(b, v ? v : "");
			if (b->p == NULL)
				fg_buf_adds(b, "");
			w = fg_output_width(b->p);
			if (w > width[c])
				width[c] = w;
		}
	for (r = 0; r <= t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			struct fg_buf *b = &cells[r * t->ncols + c];
			const char *s = b->p ? b->p : "";
			size_t pad = width[c] - fg_output_width(s);
			int right = r > 0 && t->types[c] != FG_COL_TEXT;
			int last = c + 1 == t->ncols;

			if (c > 0)
				fputs("  ", out);
			if (right)
				fprintf(out, "%*s", (int)pad, "");
			fputs(s, out);
			if (!right && !last)
				fprintf(out, "%*s", (int)pad, "");
		}
		fputc('\n', out);
	}
	for (c = 0; c < ncells; c++)
		fg_buf_free(&cells[c]);
	fg_buf_free(&hdr);
	free(cells);
	free(width);
	return 0;
}

static void
tsv_cell(const char *s, FILE *out)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '\t':
			fputs("\\t", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		default:
			fputc(*s, out);
		}
	}
}

static int
out_tsv(const struct fg_table *t, FILE *out)
{
	size_t r, c;

	for (c = 0; c < t->ncols; c++) {
		if (c > 0)
			fputc('\t', out);
		tsv_cell(t->names[c], out);
	}
	fputc('\n', out);
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			if (c > 0)
				fputc('\t', out);
			tsv_cell(fg_table_cell(t, r, c), out);
		}
		fputc('\n', out);
	}
	return 0;
}

/* RFC 4180 cell.  Text cells that a spreadsheet would run as a formula
 * (leading = + - @ TAB CR) get a leading apostrophe; numeric columns are
 * never touched. */
static void
csv_cell(const char *s, int text, FILE *out)
{
	int quote;
	const char *p;

	if (s == NULL)
		return;
	quote = strpbrk(s, ",\"\r\n") != NULL || (*s == ' ') ||
	    (*s != '\0' && s[strlen(s) - 1] == ' ');
	if (text && strchr("=+-@\t\r", *s) != NULL && *s != '\0')
		quote = 1;
	if (quote)
		fputc('"', out);
	if (text && *s != '\0' && strchr("=+-@\t\r", *s) != NULL)
		fputc('\'', out);
	for (p = s; *p; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	if (quote)
		fputc('"', out);
}

static int
out_csv(const struct fg_table *t, FILE *out)
{
	size_t r, c;

	fputs("\xEF\xBB\xBF", out);
	for (c = 0; c < t->ncols; c++) {
		if (c > 0)
			fputc(',', out);
		csv_cell(t->names[c], 1, out);
	}
	fputs("\r\n", out);
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			if (c > 0)
				fputc(',', out);
			csv_cell(fg_table_cell(t, r, c),
			    t->types[c] == FG_COL_TEXT, out);
		}
		fputs("\r\n", out);
	}
	return 0;
}

static void
md_cell(const char *s, FILE *out)
{
	for (; s && *s; s++) {
		if (*s == '|')
			fputs("\\|", out);
		else if (*s == '\n')
			fputs("<br>", out);
		else if (*s == '\r')
			;
		else
			fputc(*s, out);
	}
}

static int
out_md(const struct fg_table *t, FILE *out)
{
	size_t r, c;

	fputc('|', out);
	for (c = 0; c < t->ncols; c++) {
		fputc(' ', out);
		md_cell(t->names[c], out);
		fputs(" |", out);
	}
	fputs("\n|", out);
	for (c = 0; c < t->ncols; c++)
		fputs(t->types[c] == FG_COL_TEXT ? " --- |" : " ---: |", out);
	fputc('\n', out);
	for (r = 0; r < t->nrows; r++) {
		fputc('|', out);
		for (c = 0; c < t->ncols; c++) {
			fputc(' ', out);
			md_cell(fg_table_cell(t, r, c), out);
			fputs(" |", out);
		}
		fputc('\n', out);
	}
	return 0;
}

static int
out_json(const struct fg_table *t, FILE *out)
{
	json_t *arr = json_array(), *obj, *v;
	size_t r, c;
	char *end;
	int rc = 0;

	if (arr == NULL)
		return fg_cli_errorf(8, "out of memory");
	for (r = 0; r < t->nrows; r++) {
		obj = json_object();
		for (c = 0; c < t->ncols; c++) {
			const char *s = fg_table_cell(t, r, c);
			if (s == NULL) {
				v = json_null();
			} else if (t->types[c] == FG_COL_INT) {
				long long n = strtoll(s, &end, 10);
				v = *end == '\0' ? json_integer(n) :
				    json_string(s);
			} else if (t->types[c] == FG_COL_REAL) {
				double d = strtod(s, &end);
				v = *end == '\0' ? json_real(d) :
				    json_string(s);
			} else {
				v = json_string(s);
			}
			json_object_set_new(obj, t->names[c], v ? v :
			    json_null());
		}
		json_array_append_new(arr, obj);
	}
	if (json_dumpf(arr, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(10)) != 0)
		rc = fg_cli_errorf(7, "cannot write JSON output");
	fputc('\n', out);
	json_decref(arr);
	return rc;
}

int
fg_output_table(const struct fg_table *t, enum fg_format fmt, FILE *out)
{
	switch (fmt) {
	case FG_FMT_TABLE:
		return out_table(t, out);
	case FG_FMT_TSV:
		return out_tsv(t, out);
	case FG_FMT_CSV:
		return out_csv(t, out);
	case FG_FMT_MD:
		return out_md(t, out);
	case FG_FMT_JSON:
		return out_json(t, out);
	}
	return 2;
}
