/* html.c - the joint display as one standalone HTML file: inline CSS and
 * SVG, no scripts, nothing fetched.  For each model, a plot (each term's
 * estimate with its 95% interval beside bars of the share of units where
 * the model's codes occur, in the stratum and its complement, and the
 * reading), then the table with every count, the reasons and the
 * exemplar quotes with their citations and quote IDs. */
#include "config.h"

#include "cli/cli.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/joint.h"

int fg_html_joint(const struct fg_joint *j, const struct fg_table *header,
    FILE *out);

static void
esc(FILE *out, const char *s)
{
	for (; s != NULL && *s; s++)
		switch (*s) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\n':
			fputs("<br>", out);
			break;
		default:
			fputc(*s, out);
		}
}

/* Escaped, at most max code points, with an ellipsis (for SVG text). */
static void
esc_short(FILE *out, const char *s, size_t max)
{
	char buf[1024];
	size_t n = 0, i = 0;

	while (s[i] && n < max && i < sizeof buf - 8) {
		buf[i] = s[i];
		i++;
		while ((s[i] & 0xC0) == 0x80 && i < sizeof buf - 8) {
			buf[i] = s[i];
			i++;
		}
		n++;
	}
	buf[i] = '\0';
	esc(out, buf);
	if (s[i])
		fputs("\u2026", out);
}

static const char *const reading_colour[] = { "#6b6b6b", "#1b7837",
    "#b2182b" };

static const char css[] =
    "body{font-family:'DejaVu Sans',Arial,Helvetica,sans-serif;"
    "color:#1a1a1a;margin:24px auto;max-width:1140px;padding:0 16px;"
    "line-height:1.4}\n"
    "h1{font-size:24px;margin:0 0 8px}h2{font-size:19px;margin:28px 0 4px;"
    "border-top:2px solid #444;padding-top:12px}\n"
    "p.dv{margin:2px 0 10px;color:#333}\n"
    "table{border-collapse:collapse;font-size:13px;margin:8px 0;"
    "width:100%}\n"
    "tr.q td{border-top:none;background:#fbfbf6}\n"
    "th,td{border:1px solid #c8c8c8;padding:3px 6px;vertical-align:top;"
    "text-align:left}\n"
    "th{background:#f0f0f0}\n"
    "td.n{text-align:right;white-space:nowrap}\n"
    "table.hdr td:first-child{font-weight:bold;white-space:nowrap}\n"
    "table.hdr td{overflow-wrap:anywhere}\n"
    "table.hdr{font-size:12px}\n"
    ".convergent{color:#1b7837;font-weight:bold}"
    ".divergent{color:#b2182b;font-weight:bold}"
    ".silent{color:#6b6b6b;font-weight:bold}\n"
    ".why{color:#444;font-size:12px;white-space:normal}\n"
    "table.rows{font-size:12px}\n"
    "blockquote{margin:3px 0;padding:2px 6px;border-left:3px solid #999;"
    "font-size:12px}\n"
    "code{font-size:12px}\n"
    "svg{display:block;margin:6px 0;background:#fff;max-width:100%;"
    "height:auto}\n"
    ".small{color:#b35806}\n";

/* A round step for about n ticks over span. */
static double
tick_step(double span, int n)
{
	double raw = span / n, p = pow(10, floor(log10(raw))), f = raw / p;

	return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

#define W 1140
#define RH 34
#define TOP 46
#define LAB_X 250           /* labels end here */
#define F_X0 262            /* forest plot */
#define F_X1 555
#define EST_X 566
#define B_X0 712            /* bars */
#define B_W 230
#define R_X 1045            /* reading */

static void
plot(const struct fg_joint *j, size_t mk, FILE *out)
{
	const struct fg_joint_model *jm = &j->models[mk];
	double lo = 0, hi = 0, span, step, v, sc;
	size_t i, n = 0, row = 0;
	int y, h;

	for (i = 0; i < j->nrows; i++) {
		const struct fg_joint_row *r = &j->rows[i];

		if (r->model != mk)
			continue;
		n++;
		if (strcmp(jm->m->terms[r->term].name, "(Intercept)") == 0)
			continue;
		v = isnan(r->ci_lo) ? jm->m->terms[r->term].estimate : r->ci_lo;
		lo = v < lo ? v : lo;
		v = isnan(r->ci_hi) ? jm->m->terms[r->term].estimate : r->ci_hi;
		hi = v > hi ? v : hi;
	}
	if (hi - lo < 1e-9) {
		lo -= 1;
		hi += 1;
	}
	span = hi - lo;
	lo -= span * 0.06;
	hi += span * 0.06;
	sc = (F_X1 - F_X0) / (hi - lo);
#define X(val) (F_X0 + ((val) - lo) * sc)
	h = TOP + (int)n * RH + 34;
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, "
	    "Arial, Helvetica, sans-serif\" font-size=\"13\" role=\"img\" "
	    "aria-label=\"", W, h, W, h);
	esc(out, jm->m->title);
	fputs(": estimates and code shares\">\n", out);
	/* headings */
	fprintf(out, "<text x=\"%d\" y=\"18\" text-anchor=\"end\" "
	    "font-weight=\"bold\">term</text>\n", LAB_X);
	fprintf(out, "<text x=\"%d\" y=\"18\" font-weight=\"bold\">estimate "
	    "and 95%% interval</text>\n", F_X0);
	fprintf(out, "<text x=\"%d\" y=\"18\" font-weight=\"bold\">%ss "
	    "with the codes</text>\n", B_X0, fg_unit_name(j->unit));
	fprintf(out, "<rect x=\"%d\" y=\"26\" width=\"12\" height=\"10\" "
	    "fill=\"#2166ac\"/><text x=\"%d\" y=\"35\" font-size=\"11\">"
	    "stratum</text><rect x=\"%d\" y=\"26\" width=\"12\" height=\"10\" "
	    "fill=\"#92c5de\"/><text x=\"%d\" y=\"35\" font-size=\"11\">"
	    "complement</text>\n", B_X0, B_X0 + 16, B_X0 + 80, B_X0 + 96);
	fprintf(out, "<text x=\"%d\" y=\"18\" font-weight=\"bold\">reading"
	    "</text>\n", R_X);
	/* grid: zero line and ticks */
	y = TOP + (int)n * RH;
	fprintf(out, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
	    "stroke=\"#888\" stroke-dasharray=\"4 3\"/>\n", X(0), TOP - 4,
	    X(0), y);
	fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	    "stroke=\"#444\"/>\n", F_X0, y, F_X1, y);
	step = tick_step(hi - lo, 5);
	for (v = ceil(lo / step) * step; v <= hi + 1e-12; v += step) {
		double t = fabs(v) < step / 1e6 ? 0 : v;

		fprintf(out, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
		    "stroke=\"#444\"/><text x=\"%.1f\" y=\"%d\" "
		    "text-anchor=\"middle\" font-size=\"11\">%g</text>\n",
		    X(t), y, X(t), y + 5, X(t), y + 18, t);
	}
	fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	    "stroke=\"#444\"/>\n", B_X0, y, B_X0 + B_W, y);
	for (i = 0; i <= 4; i++)
		fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		    "stroke=\"#ddd\"/><text x=\"%d\" y=\"%d\" "
		    "text-anchor=\"middle\" font-size=\"11\">%zu%%</text>\n",
		    B_X0 + (int)(B_W * i / 4), TOP - 4, B_X0 + (int)(B_W * i /
		    4), y, B_X0 + (int)(B_W * i / 4), y + 18, 25 * i);
	/* rows */
	y = TOP;
	for (i = 0; i < j->nrows; i++) {
		const struct fg_joint_row *r = &j->rows[i];
		const struct fg_model_term *t;
		int cy, k;

		if (r->model != mk)
			continue;
		t = &jm->m->terms[r->term];
		cy = y + RH / 2;
		if (row++ % 2 == 0)
			fprintf(out, "<rect x=\"0\" y=\"%d\" width=\"%d\" "
			    "height=\"%d\" fill=\"#f6f6f6\"/>\n", y, W, RH);
		fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
		    LAB_X, cy + 5);
		esc_short(out, t->label, 34);
		fputs("</text>\n", out);
		if (!isnan(r->ci_lo) && r->ci_lo >= lo && r->ci_hi <= hi) {
			fprintf(out, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" "
			    "y2=\"%d\" stroke=\"#222\" stroke-width=\"2\"/>\n",
			    X(r->ci_lo), cy, X(r->ci_hi), cy);
			fprintf(out, "<circle cx=\"%.1f\" cy=\"%d\" r=\"5\" "
			    "fill=\"%s\" stroke=\"#222\" stroke-width=\"2\"/>\n",
			    X(t->estimate), cy, t->stars[0] ? "#222" : "#fff");
		} else if (t->estimate >= lo && t->estimate <= hi) {
			fprintf(out, "<circle cx=\"%.1f\" cy=\"%d\" r=\"5\" "
			    "fill=\"%s\" stroke=\"#222\" stroke-width=\"2\"/>\n",
			    X(t->estimate), cy, t->stars[0] ? "#222" : "#fff");
		} else {
			fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"11\" "
			    "fill=\"#555\" font-style=\"italic\">off the scale"
			    "</text>\n", F_X0 + 6, cy + 4);
		}
		fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\">",
		    EST_X, cy + 4);
		esc(out, r->estimate_cell);
		fputs("</text>\n", out);
		if (r->has_qual) {
			const struct fg_joint_side *sd[2] = { &r->s, &r->c };

			for (k = 0; k < 2; k++) {
				double sh = isnan(sd[k]->share) ? 0 :
				    sd[k]->share;
				int by = y + 5 + k * 13;
				int small = sd[k]->units < j->min_count ||
				    sd[k]->with < j->min_count;

				fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\""
				    " height=\"11\" fill=\"%s\"/>\n", B_X0, by,
				    sh * B_W, k ? "#92c5de" : "#2166ac");
				fprintf(out, "<text x=\"%.1f\" y=\"%d\" "
				    "font-size=\"11\"%s>%.0f%% (%ld/%ld)%s</text>"
				    "\n", B_X0 + sh * B_W + 4, by + 10, small ?
				    " fill=\"#b35806\"" : "", 100 * sh,
				    sd[k]->with, sd[k]->units, small ?
				    " \u2020" : "");
			}
		} else {
			fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\" "
			    "fill=\"#6b6b6b\" font-style=\"italic\">%s</text>\n",
			    B_X0, cy + 4, r->linked > 0 && jm->codes == NULL ?
			    "no code linked to the model" :
			    "no qualitative counterpart");
		}
		fprintf(out, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\" "
		    "fill=\"%s\">%s</text>\n", R_X, cy + 5,
		    reading_colour[r->reading],
		    fg_joint_reading_name(r->reading));
		y += RH;
	}
#undef X
	fputs("</svg>\n", out);
}

static void
side_td(FILE *out, const struct fg_joint *j, const struct fg_joint_side *s)
{
	fprintf(out, "<td class=\"n\"%s>%ld%s / %ld%s", s->with < j->min_count
	    || s->units < j->min_count ? " title=\"small count\"" : "",
	    s->with, s->with < j->min_count ? "<span class=\"small\">\u2020"
	    "</span>" : "", s->units, s->units < j->min_count ?
	    "<span class=\"small\">\u2020</span>" : "");
	if (!isnan(s->share))
		fprintf(out, "<br>%.0f%%", 100 * s->share);
	fputs("</td>", out);
}

static void
pair_td(FILE *out, double a, double b)
{
	fputs("<td class=\"n\">", out);
	if (isnan(a))
		fputs("&ndash;", out);
	else
		fprintf(out, "%.2f", a);
	fputs(" | ", out);
	if (isnan(b))
		fputs("&ndash;", out);
	else
		fprintf(out, "%.2f", b);
	fputs("</td>", out);
}

static void
rows_table(const struct fg_joint *j, size_t mk, FILE *out)
{
	const struct fg_joint_model *jm = &j->models[mk];
	size_t i, k;

	fputs("<table class=\"rows\">\n<tr><th>term</th><th>estimate (SE)"
	    "</th><th>95% interval</th><th>direction</th><th>linked to</th>"
	    "<th>stratum: with / units</th><th>complement</th><th>per 1,000 "
	    "words S | C</th><th>per participant S | C</th><th>groups S | C"
	    "</th><th>reading</th></tr>\n", out);
	for (i = 0; i < j->nrows; i++) {
		const struct fg_joint_row *r = &j->rows[i];
		const struct fg_model_term *t;

		if (r->model != mk)
			continue;
		t = &jm->m->terms[r->term];
		fputs("<tr class=\"t\"><td>", out);
		esc(out, t->label);
		fputs("<br><code>", out);
		esc(out, t->name);
		fputs("</code></td><td class=\"n\">", out);
		esc(out, r->estimate_cell);
		fputs("</td><td class=\"n\">", out);
		if (!isnan(r->ci_lo))
			fprintf(out, "[%.3f, %.3f]", r->ci_lo, r->ci_hi);
		if (r->check) {
			fputs("<div class=\"why\">&#9888; ", out);
			esc(out, r->check);
			fputs("</div>", out);
		}
		fputs("</td><td>", out);
		esc(out, r->direction);
		fputs("</td><td>", out);
		if (r->dimension)
			esc(out, r->dimension);
		else
			fputs(r->linked < 0 ? "<i>not linked</i>" :
			    "<i>none</i>", out);
		if (r->note) {
			fputs("<div class=\"why\">", out);
			esc(out, r->note);
			fputs("</div>", out);
		}
		fputs("</td>", out);
		if (r->has_qual) {
			side_td(out, j, &r->s);
			side_td(out, j, &r->c);
			pair_td(out, r->s.per_1000_words, r->c.per_1000_words);
			pair_td(out, r->s.per_participant,
			    r->c.per_participant);
			fprintf(out, "<td class=\"n\">%ld | %ld</td>",
			    r->s.groups, r->c.groups);
		} else {
			fputs("<td colspan=\"5\"></td>", out);
		}
		fprintf(out, "<td><span class=\"%s\">%s</span><div "
		    "class=\"why\">", fg_joint_reading_name(r->reading),
		    fg_joint_reading_name(r->reading));
		esc(out, r->reason);
		fputs("</div></td></tr>\n", out);
		if (r->nquotes > 0)
			fputs("<tr class=\"q\"><td></td><td colspan=\"10\">",
			    out);
		for (k = 0; k < r->nquotes; k++) {
			fputs("<blockquote>\u201c", out);
			esc(out, r->quotes[k].excerpt);
			fputs("\u201d<br><code>", out);
			esc(out, r->quotes[k].id);
			fputs("</code>", out);
			if (r->quotes[k].citation) {
				fputs(" ", out);
				esc(out, r->quotes[k].citation);
			}
			fputs("</blockquote>", out);
		}
		if (r->nquotes > 0)
			fputs("</td></tr>\n", out);
	}
	fputs("</table>\n", out);
}

int
fg_html_joint(const struct fg_joint *j, const struct fg_table *header,
    FILE *out)
{
	size_t i;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
	    "charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width="
	    "device-width, initial-scale=1\">\n<title>", out);
	esc(out, j->title ? j->title : "Joint display");
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>",
	    css);
	esc(out, j->title ? j->title : "Joint display");
	fputs("</h1>\n<p>Joint display: each regression term beside how "
	    "often the model's codes occur in the focus groups, in the "
	    "term's stratum and its complement. Filled dots: significant "
	    "(stars printed, p &lt; .05); hollow: not. "
	    "<span class=\"small\">\u2020</span> marks a count below ", out);
	fprintf(out, "%ld; the reading is silent when a side has fewer "
	    "units or the codes occur in fewer units in all.</p>\n",
	    j->min_count);
	for (i = 0; i < j->nmodels; i++) {
		const struct fg_joint_model *jm = &j->models[i];

		fputs("<section>\n<h2>", out);
		esc(out, jm->m->title);
		fputs(" <code>", out);
		esc(out, jm->ref);
		fputs("</code></h2>\n<p class=\"dv\">", out);
		esc(out, jm->dv_text);
		fputs("<br>", out);
		if (jm->codes) {
			fputs("Codes: <b>", out);
			esc(out, jm->codes);
			fprintf(out, "</b>, read as <b>%s</b>", jm->indicates >
			    0 ? "higher" : jm->indicates < 0 ? "lower" :
			    "no direction");
			if (jm->note) {
				fputs(" (", out);
				esc(out, jm->note);
				fputs(")", out);
			}
			fputs(".", out);
		} else {
			fputs("No code is linked to this model.", out);
		}
		fputs("</p>\n", out);
		plot(j, i, out);
		rows_table(j, i, out);
		fputs("</section>\n", out);
	}
	fputs("<h2>How this was computed</h2>\n<table class=\"hdr\">\n", out);
	for (i = 0; i < header->nrows; i++) {
		fputs("<tr><td>", out);
		esc(out, fg_table_cell(header, i, 0));
		fputs("</td><td>", out);
		esc(out, fg_table_cell(header, i, 1));
		fputs("</td></tr>\n", out);
	}
	fputs("</table>\n</body>\n</html>\n", out);
	return ferror(out) ? fg_cli_errorf(7, "cannot write output") : 0;
}
