/* audit-roster.c - the audit's roster checks: each focus group's gender
 * and age cells against its size and participants, the stated total and
 * age range, and the transcripts' speakers against the participants. */
#include "config.h"

#include "core/audit.h"
#include "core/audit-impl.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/quote.h"

/* ---- the roster ---- */

int
fg_audit_ages_push(struct fg_audit_ages *a, int v)
{
	int *p;

	if (a->n == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 8;
		if ((p = realloc(a->v, cap * sizeof *p)) == NULL)
			return -1;
		a->v = p;
		a->cap = cap;
	}
	a->v[a->n++] = v;
	return 0;
}

/* How many times v is in a. */
size_t
fg_audit_ages_count(const struct fg_audit_ages *a, int v)
{
	size_t i, k = 0;

	for (i = 0; i < a->n; i++)
		k += a->v[i] == v;
	return k;
}

void
fg_audit_roster_free(struct fg_audit_roster *r)
{
	size_t i, j;

	for (i = 0; i < r->n; i++) {
		struct fg_audit_group *g = &r->g[i];
		free(g->fg);
		free(g->city);
		free(g->alias);
		free(g->gcell);
		free(g->acell);
		free(g->facilitator);
		free(g->pub.v);
		for (j = 0; j < g->nrows; j++) {
			free(g->rows[j].pid);
			free(g->rows[j].graw);
		}
		free(g->rows);
	}
	free(r->g);
	free(r->stated_total);
	free(r->stated_range);
}

char *
fg_audit_dupn(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Read a gender cell such as "4 females, 1 male" or "6 females, male". */
static void
read_gender_cell(struct fg_audit_group *g)
{
	const char *p = g->gcell, *w;
	char item[128], word[128];
	size_t n;
	long k;
	char *end;

	g->gread = 1;
	while (*p) {
		n = strcspn(p, ",");
		while (n > 0 && p[n - 1] == ' ')
			n--;
		while (n > 0 && *p == ' ') {
			p++;
			n--;
		}
		snprintf(item, sizeof item, "%.*s", (int)(n < 127 ? n : 127),
		    p);
		p += strcspn(p, ",");
		if (*p == ',')
			p++;
		if (item[0] == '\0')
			continue;
		if (isdigit((unsigned char)item[0])) {
			k = strtol(item, &end, 10);
			while (*end == ' ')
				end++;
		} else {
			k = -1;
			end = item;
		}
		snprintf(word, sizeof word, "%s", end);
		w = fg_cite_gender(word);
		if (k < 0 && w != NULL && g->gproblem[0] == '\0') {
			snprintf(g->gproblem, sizeof g->gproblem, "the gender "
			    "cell \"%s\" gives no number for \"%s\" (read as "
			    "1)", g->gcell, word);
			k = 1;
		} else if (k < 0 || w == NULL) {
			if (g->gproblem[0] == '\0')
				snprintf(g->gproblem, sizeof g->gproblem, "the "
				    "gender cell \"%s\" cannot be read at "
				    "\"%s\"", g->gcell, item);
			if (k < 0)
				k = 1;
		}
		if (w != NULL && strcmp(w, "female") == 0)
			g->nf += k;
		else if (w != NULL)
			g->nm += k;
		else
			g->nother += k;
	}
}

/* Read an age cell such as "24, 26, 26, 26, 37" (leniently: numbers
 * separated by blanks are read too, and said). */
static int
read_age_cell(struct fg_audit_group *g)
{
	const char *p = g->acell;
	char *end;
	long v;
	int after_comma = 1, prev = -1;

	g->aread = 1;
	while (*p) {
		if (*p == ' ' || *p == '\t') {
			p++;
			continue;
		}
		if (*p == ',') {
			after_comma = 1;
			p++;
			continue;
		}
		if (!isdigit((unsigned char)*p)) {
			if (g->aproblem[0] == '\0')
				snprintf(g->aproblem, sizeof g->aproblem, "the "
				    "age cell \"%s\" cannot be read at "
				    "\"%.*s\"",
				    g->acell, (int)strcspn(p, ", "), p);
			p += strcspn(p, ",");
			continue;
		}
		v = strtol(p, &end, 10);
		if (!after_comma && g->aproblem[0] == '\0')
			snprintf(g->aproblem, sizeof g->aproblem, "the age "
			    "cell \"%s\" has no comma between %d and %ld (read "
			    "as two ages)", g->acell, prev, v);
		if (fg_audit_ages_push(&g->pub, (int)v) != 0)
			return -1;
		prev = (int)v;
		after_comma = 0;
		p = end;
	}
	return 0;
}

enum fg_status
fg_audit_roster_load(struct fg_db *db, struct fg_audit_roster *r,
    struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	struct fg_audit_group *g;
	struct fg_audit_person *pp;
	size_t i;
	int rc;

	memset(r, 0, sizeof *r);
	r->stated_total = fg_db_meta_get(db,
	    "roster.stated_total_participants");
	r->stated_range = fg_db_meta_get(db, "roster.stated_age_range");
	if ((s = fg_db_prepare(db, "SELECT g.id, g.fg, g.city, g.size, "
	    "(SELECT value FROM group_attr WHERE group_id = g.id AND key = "
	    "'city_alias'), (SELECT value FROM group_attr WHERE group_id = "
	    "g.id AND key = 'published.gender'), (SELECT value FROM "
	    "group_attr WHERE group_id = g.id AND key = 'published.age'), "
	    "g.facilitator FROM focus_group g ORDER BY CASE WHEN g.fg GLOB "
	    "'[0-9]*' THEN 0 ELSE 1 END, CAST(g.fg AS INTEGER), g.fg", &st,
	    err)) != FG_OK)
		return s;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((g = realloc(r->g, (r->n + 1) * sizeof *g)) == NULL) {
			sqlite3_finalize(st);
			return fg_audit_nomem(err);
		}
		r->g = g;
		g += r->n++;
		memset(g, 0, sizeof *g);
		g->id = sqlite3_column_int64(st, 0);
		g->fg = fg_audit_dupn(fg_audit_col(st, 1));
		g->city = fg_audit_dupn(fg_audit_col(st, 2));
		g->size = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 :
		    (long)sqlite3_column_int64(st, 3);
		g->alias = fg_audit_dupn(fg_audit_col(st, 4));
		g->gcell = fg_audit_dupn(fg_audit_col(st, 5));
		g->acell = fg_audit_dupn(fg_audit_col(st, 6));
		g->facilitator = fg_audit_dupn(fg_audit_col(st, 7));
		if (g->fg == NULL)
			break;
		if (g->gcell)
			read_gender_cell(g);
		if (g->acell && read_age_cell(g) != 0)
			break;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc == SQLITE_ROW ? fg_audit_nomem(err) :
		    fg_db_fail(db, rc, err);
	if ((s = fg_db_prepare(db, "SELECT pid, gender, age FROM participant "
	    "WHERE group_id = ?1 ORDER BY id", &st, err)) != FG_OK)
		return s;
	for (i = 0; i < r->n; i++) {
		g = &r->g[i];
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, g->id);
		g->complete = 1;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			pp = realloc(g->rows, (g->nrows + 1) * sizeof *pp);
			if (pp == NULL) {
				sqlite3_finalize(st);
				return fg_audit_nomem(err);
			}
			g->rows = pp;
			pp += g->nrows++;
			pp->pid = fg_audit_dupn(fg_audit_col(st, 0));
			pp->graw = fg_audit_dupn(fg_audit_col(st, 1));
			pp->gender = fg_cite_gender(pp->graw);
			if (pp->gender == NULL)
				pp->gender = pp->graw;
			pp->age = sqlite3_column_type(st, 2) == SQLITE_NULL ?
			    -1 : sqlite3_column_int(st, 2);
			if (pp->gender == NULL || pp->age < 0)
				g->complete = 0;
		}
		if (rc != SQLITE_DONE) {
			sqlite3_finalize(st);
			return fg_db_fail(db, rc, err);
		}
		if (g->nrows == 0 || (g->size >= 0 && (long)g->nrows !=
		    g->size))
			g->complete = 0;
	}
	sqlite3_finalize(st);
	return FG_OK;
}

static const char ADV_CELL[] = "check the study's table and correct the "
    "group's published cells in the roster (or note the reading in the "
    "manuscript)";
static const char ADV_COUNT[] = "find which of the gender cell, the age "
    "cell, the size and the participants recorded is right, and correct "
    "the roster";
static const char ADV_ROWS[] = "correct the participants in the roster or "
    "in the transcript's front matter, or the group's published cells";

/* "24, 26 and 37" into b. */
void
fg_audit_list_ages(struct fg_buf *b, const int *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fg_buf_printf(b, "%s%d", i == 0 ? "" : i + 1 == n ? " and " :
		    ", ", v[i]);
	if (n == 0)
		fg_buf_adds(b, "none");
}

int
fg_audit_int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* Parse "19-60", "19–60" or "19 to 60". */
static int
read_range(const char *s, int *lo, int *hi)
{
	char *end;
	long a, b;

	a = strtol(s, &end, 10);
	if (end == s)
		return -1;
	while (*end == ' ')
		end++;
	if (*end == '-')
		end++;
	else if (strncmp(end, "\xe2\x80\x93", 3) == 0)
		end += 3;
	else if (strncmp(end, "to", 2) == 0)
		end += 2;
	else
		return -1;
	while (*end == ' ')
		end++;
	b = strtol(end, &end, 10);
	while (*end == ' ')
		end++;
	if (*end != '\0' || b < a)
		return -1;
	*lo = (int)a;
	*hi = (int)b;
	return 0;
}

enum fg_status
fg_audit_check_roster(struct fg_audit *a, const struct fg_audit_roster *r,
    struct fg_error *err)
{
	struct fg_audit_line *l;
	struct fg_buf b = FG_BUF_INIT;
	struct fg_audit_ages out;
	enum fg_status s = FG_OK;
	char subj[80];
	long total = 0, nf, nm, stated;
	int have_total = 1, lo = 0, hi = 0, range = 0;
	size_t i, j, k;
	char *end;

	l = fg_audit_add_line(a, "roster", "groups");
	l->checked = (long)r->n;
	if (r->stated_range != NULL) {
		if (read_range(r->stated_range, &lo, &hi) == 0)
			range = 1;
		else
			s = fg_audit_finding(a, err, "roster", "roster",
			    "write it as LOW-HIGH, such as \"19-60\"", "the "
			    "stated age range \"%s\" cannot be read",
			    r->stated_range);
	}
	memset(&out, 0, sizeof out);
	for (i = 0; s == FG_OK && i < r->n; i++) {
		const struct fg_audit_group *g = &r->g[i];

		snprintf(subj, sizeof subj, "FG %s", g->fg);
		if (g->size >= 0)
			total += g->size;
		else if (g->gread)
			total += g->nf + g->nm + g->nother;
		else
			have_total = 0;
		if (g->gproblem[0])
			s = fg_audit_finding(a, err, "roster", subj, ADV_CELL,
			    "%s", g->gproblem);
		if (s == FG_OK && g->aproblem[0])
			s = fg_audit_finding(a, err, "roster", subj, ADV_CELL,
			    "%s", g->aproblem);
		if (s == FG_OK && g->gread && g->size >= 0 && g->nf + g->nm +
		    g->nother != g->size)
			s = fg_audit_finding(a, err, "roster", subj, ADV_COUNT,
			    "the gender cell \"%s\" counts %ld participants, "
			    "the declared size is %ld", g->gcell,
			    g->nf + g->nm + g->nother, g->size);
		if (s == FG_OK && g->aread && g->size >= 0 &&
		    (long)g->pub.n != g->size)
			s = fg_audit_finding(a, err, "roster", subj, ADV_COUNT,
			    "the age cell \"%s\" lists %zu ages, the declared "
			    "size is %ld", g->acell, g->pub.n, g->size);
		if (s == FG_OK && g->gread && g->aread && g->size < 0 &&
		    (long)g->pub.n != g->nf + g->nm + g->nother)
			s = fg_audit_finding(a, err, "roster", subj, ADV_COUNT,
			    "the gender cell counts %ld participants, the age "
			    "cell lists %zu ages", g->nf + g->nm + g->nother,
			    g->pub.n);
		/* the participants recorded */
		if (s == FG_OK && g->size >= 0 && (long)g->nrows > g->size)
			s = fg_audit_finding(a, err, "roster", subj, ADV_ROWS,
			    "%zu participants are recorded, the declared size "
			    "is %ld", g->nrows, g->size);
		for (j = 0, nf = 0, nm = 0; j < g->nrows; j++) {
			nf += g->rows[j].gender && strcmp(g->rows[j].gender,
			    "female") == 0;
			nm += g->rows[j].gender && strcmp(g->rows[j].gender,
			    "male") == 0;
		}
		if (s == FG_OK && g->gread && (nf > g->nf || nm > g->nm))
			s = fg_audit_finding(a, err, "roster", subj, ADV_ROWS,
			    "%ld female and %ld male participants are "
			    "recorded, the gender cell says \"%s\"", nf, nm,
			    g->gcell);
		for (j = 0; s == FG_OK && g->aread && j < g->nrows; j++) {
			int v = g->rows[j].age;
			size_t have = 0;
			if (v < 0)
				continue;
			for (k = 0; k < g->nrows; k++)
				have += g->rows[k].age == v && k <= j;
			if (have > fg_audit_ages_count(&g->pub, v)) {
				fg_buf_reset(&b);
				fg_audit_list_ages(&b, g->pub.v, g->pub.n);
				s = fg_audit_finding(a, err, "roster", subj,
				    ADV_ROWS, "participant %s is recorded "
				    "aged %d, which the age cell (%s) does "
				    "not hold%s", g->rows[j].pid, v, b.p,
				    have > 1 ? " as often" : "");
			}
		}
		/* ages outside the stated range */
		if (s != FG_OK || !range)
			continue;
		out.n = 0;
		for (j = 0; j < g->pub.n; j++)
			if (g->pub.v[j] < lo || g->pub.v[j] > hi)
				if (fg_audit_ages_push(&out, g->pub.v[j]) != 0)
					s = fg_audit_nomem(err);
		for (j = 0; s == FG_OK && j < g->nrows; j++) {
			int v = g->rows[j].age;
			if (v >= 0 && (v < lo || v > hi) &&
			    fg_audit_ages_count(&g->pub, v) == 0 &&
			    fg_audit_ages_push(&out, v) != 0)
				s = fg_audit_nomem(err);
		}
		if (s == FG_OK && out.n > 0) {
			qsort(out.v, out.n, sizeof *out.v, fg_audit_int_cmp);
			fg_buf_reset(&b);
			fg_audit_list_ages(&b, out.v, out.n);
			s = fg_audit_finding(a, err, "roster", subj, "check "
			    "these ages against the study's records; correct "
			    "the roster, or the stated range (roster key "
			    "stated_age_range)",
			    "%s %s %s outside the stated age range %d-%d",
			    out.n == 1 ? "the age" : "the ages", b.p,
			    out.n == 1 ? "lies" : "lie", lo, hi);
		}
	}
	free(out.v);
	fg_buf_free(&b);
	if (s == FG_OK && r->stated_total != NULL && have_total) {
		stated = strtol(r->stated_total, &end, 10);
		if (*end == '\0' && stated != total)
			s = fg_audit_finding(a, err, "roster", "roster",
			    "find the participant counted twice or left out, "
			    "or correct stated_total_participants", "the "
			    "roster states %ld participants in all, its %zu "
			    "groups add up to %ld",
			    stated, r->n, total);
	}
	return s;
}

/* ---- speakers ---- */

enum fg_status
fg_audit_check_speakers(struct fg_db *db, struct fg_audit *a,
    struct fg_error *err)
{
	struct fg_audit_line *l;
	char subj[600];
	sqlite3_stmt *st;
	enum fg_status s = FG_OK;
	int rc;

	l = fg_audit_add_line(a, "speakers", "sources");
	if ((s = fg_db_prepare(db, "SELECT count(*) FROM source", &st, err)) !=
	    FG_OK)
		return s;
	if (sqlite3_step(st) == SQLITE_ROW)
		l->checked = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	/* speakers of a source that never match a participant, other than
	 * the facilitator named by the front matter or the roster */
	if ((s = fg_db_prepare(db, "SELECT s.name, t.speaker, count(*), g.fg "
	    "FROM turn t JOIN source s ON s.id = t.source_id LEFT JOIN "
	    "focus_group g ON g.id = s.group_id GROUP BY t.source_id, "
	    "t.speaker HAVING max(t.participant_id) IS NULL AND t.speaker NOT "
	    "IN (SELECT value FROM source_attr WHERE source_id = t.source_id "
	    "AND key = 'facilitator' UNION SELECT facilitator FROM focus_group "
	    "WHERE id = s.group_id AND facilitator IS NOT NULL) ORDER BY "
	    "t.source_id, min(t.seq)", &st, err)) != FG_OK)
		return s;
	while (s == FG_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(subj, sizeof subj, "source %s", fg_audit_col(st, 0));
		if (fg_audit_col(st, 3) != NULL)
			s = fg_audit_finding(a, err, "speakers", subj, "add "
			    "the participant to the roster or to the "
			    "transcript's front matter and import it again, "
			    "or name the speaker as the facilitator",
			    "the speaker \"%s\" (%lld turns) matches no "
			    "participant of FG %s", fg_audit_col(st, 1),
			    (long long)sqlite3_column_int64(st, 2),
			    fg_audit_col(st, 3));
		else
			s = fg_audit_finding(a, err, "speakers", subj, "give "
			    "the transcript its focus group (fg: in the front "
			    "matter) and its participants, and import it again",
			    "the speaker \"%s\" (%lld turns) matches no "
			    "participant: the source has no focus group",
			    fg_audit_col(st, 1),
			    (long long)sqlite3_column_int64(st, 2));
	}
	sqlite3_finalize(st);
	if (s != FG_OK)
		return s;
	return rc == SQLITE_DONE ? FG_OK : fg_db_fail(db, rc, err);
}
