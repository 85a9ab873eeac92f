/* audit-cite.c - citations ("FG 21, female participant aged 50,
 * Shymkent") checked against the roster, alone and together; citations
 * files read and stored (fgcode cite --check, --store). */
#include "config.h"

#include "core/audit.h"
#include "core/audit-impl.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/history.h"
#include "core/quote.h"
#include "core/yamldoc.h"

/* ---- citations against the roster ---- */

static const char ADV_CITE[] = "correct the citation, or the roster if the "
    "citation is right (citations are checked against the participants "
    "recorded for the group when all are known, else against its "
    "published gender and age cells)";

static const struct fg_audit_group *
find_group(const struct fg_audit_roster *r, const char *fg)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->g[i].fg, fg) == 0)
			return &r->g[i];
	return NULL;
}

/* How many participants of g have gender word w (NULL: any); -1 when the
 * roster cannot tell. */
static long
gender_count(const struct fg_audit_group *g, const char *w)
{
	size_t i;
	long k = 0;

	if (g->complete) {
		for (i = 0; i < g->nrows; i++)
			k += w == NULL || (g->rows[i].gender &&
			    strcmp(g->rows[i].gender, w) == 0);
		return k;
	}
	if (!g->gread)
		return g->size;
	if (w == NULL)
		return g->nf + g->nm + g->nother;
	return strcmp(w, "female") == 0 ? g->nf : strcmp(w, "male") == 0 ?
	    g->nm : -1;
}

/* The ages a participant of gender w (NULL: any) may have in g: 1 and
 * *av filled, or 0 when the roster has no ages for the group. *tied: the
 * ages are those of gender w alone. */
static int
avail_ages(const struct fg_audit_group *g, const char *w,
    struct fg_audit_ages *av, int *tied)
{
	size_t i;

	av->n = 0;
	*tied = 0;
	if (g->complete) {
		for (i = 0; i < g->nrows; i++)
			if (w == NULL || strcmp(g->rows[i].gender, w) == 0)
				if (fg_audit_ages_push(av,
				    g->rows[i].age) != 0)
					return -1;
		*tied = 1;
		return 1;
	}
	if (!g->aread)
		return 0;
	/* published cells: ages are tied to a gender only in a group of one
	 * gender */
	if (w != NULL && g->gread && g->nother == 0 && ((strcmp(w, "female") ==
	    0 && g->nm == 0) || (strcmp(w, "male") == 0 && g->nf == 0)))
		*tied = 1;
	if (w != NULL && g->gread && gender_count(g, w) == 0) {
		*tied = 1;
		return 1;           /* none of that gender */
	}
	for (i = 0; i < g->pub.n; i++)
		if (fg_audit_ages_push(av, g->pub.v[i]) != 0)
			return -1;
	return 1;
}

/* The cross check: per group, age and gender, the most participants one
 * citation cites, and which. */
struct cite_need {
	const struct fg_audit_group *g;
	const char *gender;     /* "female", "male" */
	int age;
	size_t most;
	size_t entry;           /* the citation citing most */
	int flagged;            /* a single citation already overstates */
};

struct cross {
	struct cite_need *v;
	size_t n;
};

static int
need(struct cross *c, const struct fg_audit_group *g, const char *w, int age,
    size_t count, size_t entry, int flagged)
{
	struct cite_need *p;
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->v[i].g == g && strcmp(c->v[i].gender, w) == 0 &&
		    c->v[i].age == age)
			break;
	if (i == c->n) {
		if ((p = realloc(c->v, (c->n + 1) * sizeof *p)) == NULL)
			return -1;
		c->v = p;
		memset(&p[c->n], 0, sizeof *p);
		p[c->n].g = g;
		p[c->n].gender = w;
		p[c->n].age = age;
		c->n++;
	}
	if (count > c->v[i].most) {
		c->v[i].most = count;
		c->v[i].entry = entry;
	}
	c->v[i].flagged |= flagged;
	return 0;
}

/* One clause of a citation against its group. */
static enum fg_status
check_clause(struct fg_audit *a, const struct fg_cite_entry *e,
    size_t entry, const struct fg_audit_group *g,
    const struct fg_cite_clause *c, struct cross *cx, struct fg_error *err)
{
	struct fg_buf h = FG_BUF_INIT;
	struct fg_audit_ages av, want;
	enum fg_status s = FG_OK;
	const char *w = c->gender, *gw = w ? w : "";
	long count;
	size_t i, people, have, asked;
	int r, tied, flagged;

	memset(&av, 0, sizeof av);
	memset(&want, 0, sizeof want);
	people = c->range ? 2 : c->nages + (size_t)(c->unknown_age > 0 ?
	    c->unknown_age : 0);
	if (!c->plural && !c->range)
		people = c->nages ? c->nages : 1;
	count = gender_count(g, w);
	if (count >= 0 && (long)people > count) {
		s = fg_audit_finding(a, err, "citations", e->label, ADV_CITE,
		    "\"%s\" cites %zu %s%sparticipant%s of FG %s, which has "
		    "%ld", e->text, people, gw, w ? " " : "",
		    people == 1 ? "" : "s", g->fg, count);
		goto out;
	}
	if ((r = avail_ages(g, w, &av, &tied)) < 0) {
		s = fg_audit_nomem(err);
		goto out;
	}
	if (r == 0) {
		if (c->nages > 0 || c->range)
			s = fg_audit_finding(a, err, "citations", e->label,
			    "add the group's ages to the roster (published: "
			    "age:, or the participants)", "\"%s\": the roster "
			    "has no ages for FG %s, so its ages cannot be "
			    "checked", e->text, g->fg);
		goto out;
	}
	qsort(av.v, av.n, sizeof *av.v, fg_audit_int_cmp);
	fg_audit_list_ages(&h, av.v, av.n);
	if (c->range) {
		if (fg_audit_ages_count(&av, c->lo) == 0 ||
		    fg_audit_ages_count(&av, c->hi) == 0)
			s = fg_audit_finding(a, err, "citations", e->label,
			    ADV_CITE, "\"%s\": FG %s has no %s%sparticipant "
			    "aged %d (its %s%sages: %s)", e->text, g->fg, gw,
			    w ? " " : "",
			    fg_audit_ages_count(&av, c->lo) == 0 ? c->lo :
			    c->hi, tied ? gw : "", tied && w ? " " : "", h.p);
		goto out;
	}
	/* each age, as many times as cited */
	for (i = 0; i < c->nages; i++)
		if (fg_audit_ages_push(&want, c->ages[i]) != 0) {
			s = fg_audit_nomem(err);
			goto out;
		}
	qsort(want.v, want.n, sizeof *want.v, fg_audit_int_cmp);
	for (i = 0; s == FG_OK && i < want.n; i++) {
		if (i > 0 && want.v[i] == want.v[i - 1])
			continue;
		asked = fg_audit_ages_count(&want, want.v[i]);
		have = fg_audit_ages_count(&av, want.v[i]);
		flagged = asked > have;
		if (flagged && have == 0)
			s = fg_audit_finding(a, err, "citations", e->label,
			    ADV_CITE, "\"%s\": FG %s has no %s%sparticipant "
			    "aged %d (its %s%sages: %s)", e->text, g->fg, gw,
			    w ? " " : "", want.v[i], tied ? gw : "",
			    tied && w ? " " : "", h.p);
		else if (flagged)
			s = fg_audit_finding(a, err, "citations", e->label,
			    ADV_CITE, "\"%s\" cites %zu %s%s%s aged %d from "
			    "FG %s, which has %zu (its %s%sages: %s)", e->text,
			    asked, gw, w ? " " : "",
			    asked == 1 ? "participant" : "participants",
			    want.v[i], g->fg, have, tied ? gw : "",
			    tied && w ? " " : "", h.p);
		if (s == FG_OK && w != NULL && need(cx, g, w, want.v[i], asked,
		    entry, flagged) != 0)
			s = fg_audit_nomem(err);
	}
out:
	free(av.v);
	free(want.v);
	fg_buf_free(&h);
	return s;
}

/* Distinct participants that the citations together must mean: of one
 * age, the most any citation cites of each gender, summed over genders,
 * can be more than the group has of that age. */
static enum fg_status
check_cross(struct fg_audit *a, const struct fg_cite_entry *e,
    const struct cross *cx, struct fg_error *err)
{
	struct fg_buf lab = FG_BUF_INIT, parts = FG_BUF_INIT,
	    subj = FG_BUF_INIT;
	struct fg_audit_ages av;
	enum fg_status s = FG_OK;
	size_t i, j, total, have, nparts;
	int tied, done;

	memset(&av, 0, sizeof av);
	for (i = 0; s == FG_OK && i < cx->n; i++) {
		const struct cite_need *n = &cx->v[i];
		/* once per group and age */
		for (j = 0, done = 0; j < i; j++)
			if (cx->v[j].g == n->g && cx->v[j].age == n->age)
				done = 1;
		if (done)
			continue;
		total = 0;
		nparts = 0;
		done = 0;
		fg_buf_reset(&parts);
		fg_buf_reset(&lab);
		for (j = i; j < cx->n; j++) {
			if (cx->v[j].g != n->g || cx->v[j].age != n->age)
				continue;
			total += cx->v[j].most;
			done |= cx->v[j].flagged;
			fg_buf_printf(&parts, "%s%zu %s in %s", nparts ? ", " :
			    "", cx->v[j].most, cx->v[j].gender,
			    e[cx->v[j].entry].label);
			fg_buf_printf(&lab, "%s%s", nparts ? " + " : "",
			    e[cx->v[j].entry].label);
			nparts++;
		}
		if (done || nparts < 2)
			continue;
		if (avail_ages(n->g, NULL, &av, &tied) <= 0)
			continue;
		have = fg_audit_ages_count(&av, n->age);
		if (total <= have)
			continue;
		fg_buf_reset(&subj);
		fg_buf_adds(&subj, lab.p);
		s = fg_audit_finding(a, err, "citations", subj.p, "one of "
		    "these citations is wrong about a gender or an age, or "
		    "the roster is: check them against the transcripts",
		    "together they cite %zu different participants aged %d "
		    "from FG %s (%s), which has %zu aged %d", total, n->age,
		    n->g->fg, parts.p, have, n->age);
	}
	free(av.v);
	fg_buf_free(&lab);
	fg_buf_free(&parts);
	fg_buf_free(&subj);
	return s;
}

static int
same_city(const struct fg_audit_group *g, const char *city)
{
	return (g->city && strcasecmp(g->city, city) == 0) ||
	    (g->alias && strcasecmp(g->alias, city) == 0);
}

enum fg_status
fg_audit_check_citation_list(struct fg_audit *a,
    const struct fg_audit_roster *r, const struct fg_cite_entry *e, size_t n,
    struct fg_error *err)
{
	struct fg_citation *c;
	struct fg_error perr;
	struct cross cx;
	enum fg_status s = FG_OK;
	const struct fg_audit_group *g;
	size_t i, j, k;

	memset(&cx, 0, sizeof cx);
	for (i = 0; s == FG_OK && i < n; i++) {
		fg_error_clear(&perr);
		if (fg_cite_parse(e[i].text, &c, &perr) != FG_OK) {
			if (perr.code == FG_NOMEM)
				s = fg_audit_nomem(err);
			else
				s = fg_audit_finding(a, err, "citations",
				    e[i].label, "write it in the form \"FG "
				    "21, female participant aged 50, "
				    "Shymkent\"", "\"%s\" cannot be read as a "
				    "citation: %s (column %d)", e[i].text,
				    perr.msg, perr.col);
			continue;
		}
		for (j = 0; s == FG_OK && j < c->n; j++) {
			const struct fg_cite_group *cg = &c->groups[j];
			if ((g = find_group(r, cg->fg)) == NULL) {
				s = fg_audit_finding(a, err, "citations",
				    e[i].label, ADV_CITE, "\"%s\": the roster "
				    "has no FG %s", e[i].text, cg->fg);
				continue;
			}
			if (cg->city && !same_city(g, cg->city))
				s = fg_audit_finding(a, err, "citations",
				    e[i].label, ADV_CITE, "\"%s\": FG %s met "
				    "in %s, not %s", e[i].text, g->fg,
				    g->city ? g->city :
				    "a city the roster does not name",
				    cg->city);
			for (k = 0; s == FG_OK && k < cg->n; k++)
				s = check_clause(a, &e[i], i, g,
				    &cg->clauses[k], &cx, err);
		}
		fg_citation_free(c);
	}
	if (s == FG_OK)
		s = check_cross(a, e, &cx, err);
	free(cx.v);
	return s;
}

enum fg_status
fg_audit_citations(struct fg_db *db, const struct fg_cite_entry *e,
    size_t n, struct fg_audit **out, struct fg_error *err)
{
	struct fg_audit *a;
	struct fg_audit_roster r;
	enum fg_status s;

	*out = NULL;
	if ((a = calloc(1, sizeof *a)) == NULL)
		return fg_audit_nomem(err);
	fg_audit_add_line(a, "citations", "citations")->checked = (long)n;
	if ((s = fg_audit_roster_load(db, &r, err)) == FG_OK)
		s = fg_audit_check_citation_list(a, &r, e, n, err);
	fg_audit_roster_free(&r);
	if (s != FG_OK) {
		fg_audit_free(a);
		return s;
	}
	fg_audit_count_findings(a);
	*out = a;
	return FG_OK;
}

/* ---- citations files ---- */

void
fg_cite_entries_free(struct fg_cite_entry *e, size_t n)
{
	size_t i;

	for (i = 0; e && i < n; i++) {
		free(e[i].label);
		free(e[i].text);
	}
	free(e);
}

enum fg_status
fg_cite_entries_load(const char *path, struct fg_cite_entry **out,
    size_t *n, struct fg_error *err)
{
	const struct fg_yaml *list, *it, *k, *fn, *lb, *tx;
	struct fg_cite_entry *e = NULL;
	struct fg_yaml *root;
	enum fg_status s = FG_OK;
	char label[256];
	size_t i, j, m = 0;
	long num;

	*out = NULL;
	*n = 0;
	if ((s = fg_yaml_load_file(path, NULL, &root, err)) != FG_OK)
		return s;
	if (root == NULL || root->kind != FG_YAML_MAP) {
		s = fg_yaml_error(err, path, root, "a citations file is a "
		    "mapping with 'citations:', a list of footnote:/label: and "
		    "text:");
		goto out;
	}
	for (i = 0; i < root->n; i++) {
		k = root->items[2 * i];
		if (strcmp(k->str, "citations") != 0 &&
		    strcmp(k->str, "source") != 0) {
			s = fg_yaml_error(err, path, k, "unknown key '%s' "
			    "(known: source, citations)", k->str);
			goto out;
		}
	}
	list = fg_yaml_get(root, "citations");
	if (list == NULL || list->kind != FG_YAML_SEQ) {
		s = fg_yaml_error(err, path, list ? list : root, "'citations' "
		    "must be a list");
		goto out;
	}
	if ((e = calloc(list->n ? list->n : 1, sizeof *e)) == NULL) {
		s = fg_audit_nomem(err);
		goto out;
	}
	for (i = 0; i < list->n; i++) {
		it = list->items[i];
		if (it->kind != FG_YAML_MAP) {
			s = fg_yaml_error(err, path, it, "a citation is a "
			    "mapping with footnote: (or label:) and text:");
			goto out;
		}
		for (j = 0; j < it->n; j++) {
			k = it->items[2 * j];
			if (strcmp(k->str, "footnote") != 0 &&
			    strcmp(k->str, "label") != 0 &&
			    strcmp(k->str, "text") != 0) {
				s = fg_yaml_error(err, path, k, "unknown key "
				    "'%s' in a citation (known: footnote, "
				    "label, text)", k->str);
				goto out;
			}
		}
		fn = fg_yaml_get(it, "footnote");
		lb = fg_yaml_get(it, "label");
		tx = fg_yaml_get(it, "text");
		if (tx == NULL || fg_yaml_str(tx) == NULL) {
			s = fg_yaml_error(err, path, tx ? tx : it, "a citation "
			    "needs text:");
			goto out;
		}
		if ((fn == NULL) == (lb == NULL)) {
			s = fg_yaml_error(err, path, it, "give a citation one "
			    "of footnote: (a number) and label:");
			goto out;
		}
		if (fn != NULL) {
			if (fg_yaml_int(fn, 1, 1000000, &num) != 0) {
				s = fg_yaml_error(err, path, fn, "'footnote' "
				    "must be a number");
				goto out;
			}
			snprintf(label, sizeof label, "footnote %ld", num);
		} else if (fg_yaml_str(lb) == NULL) {
			s = fg_yaml_error(err, path, lb, "'label' is empty");
			goto out;
		} else {
			snprintf(label, sizeof label, "%s", fg_yaml_str(lb));
		}
		for (j = 0; j < m; j++)
			if (strcmp(e[j].label, label) == 0) {
				s = fg_yaml_error(err, path, fn ? fn : lb,
				    "'%s' is given twice (first at line %d)",
				    label, e[j].line);
				goto out;
			}
		e[m].label = strdup(label);
		e[m].text = strdup(fg_yaml_str(tx));
		e[m].line = (fn ? fn : lb)->line;
		e[m].col = tx->col;
		m++;
		if (e[m - 1].label == NULL || e[m - 1].text == NULL) {
			s = fg_audit_nomem(err);
			goto out;
		}
	}
out:
	fg_yaml_free(root);
	if (s != FG_OK) {
		fg_cite_entries_free(e, m);
		return s;
	}
	*out = e;
	*n = m;
	return FG_OK;
}

enum fg_status
fg_cite_entries_store(struct fg_db *db, const char *file,
    const struct fg_cite_entry *e, size_t n, size_t *stored,
    struct fg_error *err)
{
	struct fg_citation *c;
	struct fg_buf subj = FG_BUF_INIT;
	sqlite3_stmt *st;
	enum fg_status s = FG_OK;
	json_t *d;
	char *dj;
	size_t i;
	int rc;

	if (stored)
		*stored = 0;
	for (i = 0; i < n; i++) {
		struct fg_error perr;
		fg_error_clear(&perr);
		if ((s = fg_cite_parse(e[i].text, &c, &perr)) != FG_OK)
			return s == FG_NOMEM ? fg_audit_nomem(err) :
			    fg_error_set(err, FG_INPUT, file, e[i].line,
			    e[i].col, "%s: \"%s\" is not a citation: %s",
			    e[i].label, e[i].text, perr.msg);
		fg_citation_free(c);
	}
	for (i = 0; s == FG_OK && i < n; i++) {
		if ((s = fg_db_prepare(db, "INSERT INTO citation (label, text, "
		    "created_at, created_by) VALUES (?1, ?2, ?3, ?4) ON "
		    "CONFLICT(label) DO UPDATE SET text = excluded.text, "
		    "created_at = excluded.created_at, created_by = "
		    "excluded.created_by WHERE text <> excluded.text", &st,
		    err)) != FG_OK)
			break;
		sqlite3_bind_text(st, 1, e[i].label, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, e[i].text, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, db->now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, db->who[0] ? db->who : "unknown", -1,
		    SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			s = fg_db_fail(db, rc, err);
			break;
		}
		if (sqlite3_changes(db->db) == 0)
			continue;       /* the same text is there already */
		if (stored)
			(*stored)++;
		d = json_pack("{s:s, s:s}", "label", e[i].label, "text",
		    e[i].text);
		dj = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
		json_decref(d);
		fg_buf_reset(&subj);
		if (dj == NULL || fg_buf_printf(&subj, "citation/%s",
		    e[i].label) != FG_OK) {
			free(dj);
			s = fg_audit_nomem(err);
			break;
		}
		s = fg_history_append(db, "citation.store", subj.p, dj, err);
		free(dj);
	}
	fg_buf_free(&subj);
	return s;
}
