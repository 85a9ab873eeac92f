/* quote-cite.c - citations in the study's footnote style ("FG 21,
 * female participant aged 50, Shymkent"): writing them from the roster
 * and reading them back (see quote.h). */
#include "config.h"

#include "core/quote.h"
#include "core/quote-impl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- writing citations ---- */

const char *
fg_cite_gender(const char *v)
{
	static const char *const female[] = { "female", "females", "f",
	    "woman", "women", NULL };
	static const char *const male[] = { "male", "males", "m", "man", "men",
	    NULL };
	size_t i;

	if (v == NULL)
		return NULL;
	for (i = 0; female[i]; i++)
		if (strcasecmp(v, female[i]) == 0)
			return "female";
	for (i = 0; male[i]; i++)
		if (strcasecmp(v, male[i]) == 0)
			return "male";
	return NULL;
}

/* The sort key of a gender within a group: female, male, others, none. */
static int
gender_rank(const char *g)
{
	const char *w;

	if (g == NULL || *g == '\0')
		return 3;
	w = fg_cite_gender(g);
	if (w == NULL)
		return 2;
	return strcmp(w, "female") == 0 ? 0 : 1;
}

/* The word a clause uses for gender g (NULL: none). */
static const char *
gender_word(const char *g)
{
	const char *w;

	if (g == NULL || *g == '\0')
		return NULL;
	w = fg_cite_gender(g);
	return w ? w : g;
}

static int
same_gender(const char *a, const char *b)
{
	const char *wa = gender_word(a), *wb = gender_word(b);

	if (wa == NULL || wb == NULL)
		return wa == wb;
	return strcmp(wa, wb) == 0;
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static void
ages_text(struct fg_buf *out, const int *ages, size_t k, int range)
{
	size_t i;

	if (range) {
		fg_buf_printf(out, "between %d and %d", ages[0], ages[k - 1]);
		return;
	}
	for (i = 0; i < k; i++)
		fg_buf_printf(out, "%s%d", i == 0 ? "" : i + 1 == k ? " and " :
		    ", ", ages[i]);
}

/* One clause: the persons of group fg with gender like g. */
static enum fg_status
clause(const struct fg_cite_person *p, size_t n, const char *fg,
    const char *g, const struct fg_cite_opts *o, struct fg_buf *out,
    struct fg_error *err)
{
	size_t i, k = 0, people = 0;
	int *ages, range, min = o->range_min > 0 ? o->range_min : 5;
	const char *w = gender_word(g);

	if ((ages = malloc((n ? n : 1) * sizeof *ages)) == NULL)
		return fg_quote_nomem(err);
	for (i = 0; i < n; i++) {
		if (strcmp(p[i].fg, fg) != 0 || !same_gender(p[i].gender, g))
			continue;
		people++;
		if (p[i].age >= 0)
			ages[k++] = p[i].age;
	}
	qsort(ages, k, sizeof *ages, cmp_int);
	range = k >= 2 && ages[0] != ages[k - 1] && (o->range > 0 ||
	    (o->range == 0 && (int)k >= min));
	if (w != NULL)
		fg_buf_printf(out, "%s ", w);
	fg_buf_printf(out, "participant%s", people == 1 ? "" : "s");
	if (k > 0) {
		fg_buf_adds(out, " aged ");
		ages_text(out, ages, k, range);
		if (people > k)
			fg_buf_printf(out, " and %zu of unknown age",
			    people - k);
	}
	free(ages);
	return FG_OK;
}

enum fg_status
fg_cite_format(const struct fg_cite_person *p, size_t n,
    const struct fg_cite_opts *o, struct fg_buf *out, struct fg_error *err)
{
	static const struct fg_cite_opts defaults = { 0, 0 };
	const char **gs;
	size_t i, j, k, ng, nclauses;
	enum fg_status s = FG_OK;
	int seen;

	if (o == NULL)
		o = &defaults;
	if ((gs = malloc((n ? n : 1) * sizeof *gs)) == NULL)
		return fg_quote_nomem(err);
	for (i = 0; i < n && s == FG_OK; i++) {
		/* a group at its first participant */
		for (j = 0; j < i; j++)
			if (strcmp(p[j].fg, p[i].fg) == 0)
				break;
		if (j < i)
			continue;
		if (i > 0)
			fg_buf_adds(out, " / ");
		fg_buf_printf(out, "FG %s, ", p[i].fg);
		/* its genders, in rank order, each once */
		ng = 0;
		for (j = i; j < n; j++) {
			if (strcmp(p[j].fg, p[i].fg) != 0)
				continue;
			for (k = 0, seen = 0; k < ng; k++)
				if (same_gender(gs[k], p[j].gender))
					seen = 1;
			if (!seen)
				gs[ng++] = p[j].gender;
		}
		for (k = 1; k < ng; k++) {   /* insertion sort by rank */
			const char *x = gs[k];
			for (j = k; j > 0 && (gender_rank(gs[j - 1]) >
			    gender_rank(x) || (gender_rank(gs[j - 1]) == 2 &&
			    gender_rank(x) == 2 && strcmp(gs[j - 1], x) > 0));
			    j--)
				gs[j] = gs[j - 1];
			gs[j] = x;
		}
		for (k = 0, nclauses = 0; k < ng && s == FG_OK; k++) {
			if (nclauses++ > 0)
				fg_buf_adds(out, ", ");
			s = clause(p, n, p[i].fg, gs[k], o, out, err);
		}
		if (p[i].city != NULL && *p[i].city != '\0')
			fg_buf_printf(out, ", %s", p[i].city);
	}
	free(gs);
	if (s == FG_OK && n == 0)
		return fg_error_set(err, FG_USAGE, NULL, 0, 0, "no "
		    "participants to cite");
	return s == FG_OK && out->p == NULL ? fg_quote_nomem(err) : s;
}

enum fg_status
fg_cite_find_participant(struct fg_db *db, const char *fg, const char *pid,
    int64_t *id, struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	int rc, groups = 0;

	if ((s = fg_db_prepare(db, "SELECT p.id FROM participant p JOIN "
	    "focus_group g ON g.id = p.group_id WHERE g.fg = ?1 AND p.pid = ?2",
	    &st, err)) != FG_OK)
		return s;
	sqlite3_bind_text(st, 1, fg, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, pid, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return FG_OK;
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	if ((s = fg_db_prepare(db, "SELECT count(*) FROM focus_group WHERE "
	    "fg = ?1", &st, err)) != FG_OK)
		return s;
	sqlite3_bind_text(st, 1, fg, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		groups = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (groups == 0)
		return fg_error_set(err, FG_NOTFOUND, NULL, 0, 0, "no focus "
		    "group %s (see 'fgcode roster')", fg);
	return fg_error_set(err, FG_NOTFOUND, NULL, 0, 0, "FG %s has no "
	    "participant %s (participants come from the roster and the "
	    "transcripts' front matter)", fg, pid);
}

enum fg_status
fg_cite_participants(struct fg_db *db, const int64_t *ids, size_t n,
    const struct fg_cite_opts *o, char **out, struct fg_error *err)
{
	struct fg_cite_person *p;
	struct fg_buf b = FG_BUF_INIT;
	sqlite3_stmt *st;
	enum fg_status s;
	char **strs;
	size_t i, j, m = 0;
	int rc;

	*out = NULL;
	if (n == 0)
		return fg_error_set(err, FG_USAGE, NULL, 0, 0, "no "
		    "participants to cite");
	p = calloc(n, sizeof *p);
	strs = calloc(3 * n, sizeof *strs);
	if (p == NULL || strs == NULL) {
		free(p);
		free(strs);
		return fg_quote_nomem(err);
	}
	if ((s = fg_db_prepare(db, "SELECT g.fg, g.city, p.gender, p.age, "
	    "p.pid FROM participant p LEFT JOIN focus_group g ON g.id = "
	    "p.group_id WHERE p.id = ?1", &st, err)) != FG_OK)
		goto out;
	for (i = 0; i < n && s == FG_OK; i++) {
		for (j = 0; j < i; j++)
			if (ids[j] == ids[i])
				break;
		if (j < i)
			continue;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, ids[i]);
		rc = sqlite3_step(st);
		if (rc == SQLITE_DONE) {
			s = fg_error_set(err, FG_NOTFOUND, NULL, 0, 0, "no "
			    "participant %lld", (long long)ids[i]);
		} else if (rc != SQLITE_ROW) {
			s = fg_db_fail(db, rc, err);
		} else if (fg_quote_col(st, 0) == NULL) {
			s = fg_error_set(err, FG_INPUT, NULL, 0, 0,
			    "participant %s belongs to no focus group and "
			    "cannot be cited",
			    fg_quote_col(st, 4));
		} else {
			strs[3 * m] = strdup(fg_quote_col(st, 0));
			strs[3 * m + 1] = fg_quote_dup_or_null(
			    fg_quote_col(st, 1));
			strs[3 * m + 2] = fg_quote_dup_or_null(
			    fg_quote_col(st, 2));
			p[m].fg = strs[3 * m];
			p[m].city = strs[3 * m + 1];
			p[m].gender = strs[3 * m + 2];
			p[m].age = sqlite3_column_type(st, 3) == SQLITE_NULL ?
			    -1 : sqlite3_column_int(st, 3);
			if (p[m].fg == NULL)
				s = fg_quote_nomem(err);
			m++;
		}
	}
	sqlite3_finalize(st);
	if (s == FG_OK && (s = fg_cite_format(p, m, o, &b, err)) == FG_OK)
		*out = fg_buf_steal(&b);
	if (s == FG_OK && *out == NULL)
		s = fg_quote_nomem(err);
out:
	fg_buf_free(&b);
	for (i = 0; i < 3 * n; i++)
		free(strs[i]);
	free(strs);
	free(p);
	return s;
}

enum fg_status
fg_cite_coding_participants(struct fg_db *db, int64_t id, int64_t **ids,
    size_t *n, struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	int64_t pid, *p;
	size_t i;
	int rc;

	if ((s = fg_db_prepare(db, "SELECT t.participant_id FROM coding c JOIN "
	    "turn t ON t.source_id = c.source_id AND t.start_cp < c.end_cp AND "
	    "t.end_cp > c.start_cp WHERE c.id = ?1 AND t.participant_id IS NOT "
	    "NULL ORDER BY t.seq", &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		pid = sqlite3_column_int64(st, 0);
		for (i = 0; i < *n; i++)
			if ((*ids)[i] == pid)
				break;
		if (i < *n)
			continue;
		if ((p = realloc(*ids, (*n + 1) * sizeof *p)) == NULL) {
			sqlite3_finalize(st);
			return fg_quote_nomem(err);
		}
		*ids = p;
		p[(*n)++] = pid;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? FG_OK : fg_db_fail(db, rc, err);
}

/* ---- reading citations ---- */

void
fg_citation_free(struct fg_citation *c)
{
	size_t i, j;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		for (j = 0; j < c->groups[i].n; j++) {
			free(c->groups[i].clauses[j].words);
			free(c->groups[i].clauses[j].ages);
		}
		free(c->groups[i].clauses);
		free(c->groups[i].fg);
		free(c->groups[i].city);
	}
	free(c->groups);
	free(c);
}

struct parser {
	const char *text;      /* the whole citation */
	size_t pos, end;       /* bytes; end bounds the current group */
	struct fg_error *err;
};

static int
column(const struct parser *ps, size_t off)
{
	size_t i;
	int c = 1;

	for (i = 0; i < off && ps->text[i]; i++)
		if (((unsigned char)ps->text[i] & 0xC0) != 0x80)
			c++;
	return c;
}

static enum fg_status
perr(struct parser *ps, const char *what)
{
	size_t p = ps->pos, n = 0;

	while (p + n < ps->end && n < 20 && ps->text[p + n] != '\0')
		n++;
	return fg_error_set(ps->err, FG_INPUT, NULL, 1, column(ps, p),
	    "expected %s at \"%.*s%s\"", what, (int)n, ps->text + p,
	    p + n < ps->end ? "..." : "");
}

static void
skip_ws(struct parser *ps)
{
	while (ps->pos < ps->end && (ps->text[ps->pos] == ' ' ||
	    ps->text[ps->pos] == '\t' || ps->text[ps->pos] == '\n'))
		ps->pos++;
}

/* The word w (letters) at pos, followed by a non-letter: consume it. */
static int
word(struct parser *ps, const char *w)
{
	size_t n = strlen(w);
	char c;

	if (ps->pos + n > ps->end || strncasecmp(ps->text + ps->pos, w, n) !=
	    0)
		return 0;
	c = ps->pos + n < ps->end ? ps->text[ps->pos + n] : ' ';
	if (isalpha((unsigned char)c))
		return 0;
	ps->pos += n;
	return 1;
}

static int
number(struct parser *ps, int *v)
{
	long x = 0;
	size_t p = ps->pos;

	while (p < ps->end && isdigit((unsigned char)ps->text[p]) &&
	    x < 100000)
		x = x * 10 + (ps->text[p++] - '0');
	if (p == ps->pos || (p < ps->end && isalpha((unsigned char)
	    ps->text[p])))
		return 0;
	*v = (int)x;
	ps->pos = p;
	return 1;
}

/* Does "participant" occur as a word in [pos, end)? */
static int
has_participant(const struct parser *ps)
{
	size_t p;

	for (p = ps->pos; p + 11 <= ps->end; p++)
		if (strncasecmp(ps->text + p, "participant", 11) == 0 &&
		    (p == 0 || !isalpha((unsigned char)ps->text[p - 1])))
			return 1;
	return 0;
}

static enum fg_status
push_age(struct fg_cite_clause *c, int v, struct fg_error *err)
{
	int *a = realloc(c->ages, (c->nages + 1) * sizeof *a);

	if (a == NULL)
		return fg_quote_nomem(err);
	c->ages = a;
	a[c->nages++] = v;
	return FG_OK;
}

/* After "aged": "between A and B", or A[, B]...[ and Z], then optionally
 * "and N of unknown age". */
static enum fg_status
parse_ages(struct parser *ps, struct fg_cite_clause *c)
{
	enum fg_status s;
	size_t save;
	int v;

	if (word(ps, "between")) {
		skip_ws(ps);
		if (!number(ps, &c->lo))
			return perr(ps, "an age after 'between'");
		skip_ws(ps);
		if (!word(ps, "and"))
			return perr(ps, "'and'");
		skip_ws(ps);
		if (!number(ps, &c->hi))
			return perr(ps, "an age after 'and'");
		c->range = 1;
		return FG_OK;
	}
	if (!number(ps, &v))
		return perr(ps, "an age");
	if ((s = push_age(c, v, ps->err)) != FG_OK)
		return s;
	for (;;) {
		save = ps->pos;
		if (ps->pos < ps->end && ps->text[ps->pos] == ',') {
			ps->pos++;
			skip_ws(ps);
		} else {
			skip_ws(ps);
			if (!word(ps, "and")) {
				ps->pos = save;
				return FG_OK;
			}
			skip_ws(ps);
		}
		if (!number(ps, &v)) {
			ps->pos = save;
			return FG_OK;
		}
		save = ps->pos;
		skip_ws(ps);
		if (word(ps, "of")) {
			skip_ws(ps);
			if (!word(ps, "unknown"))
				return perr(ps, "'unknown age'");
			skip_ws(ps);
			if (!word(ps, "age"))
				return perr(ps, "'age'");
			c->unknown_age = v;
			return FG_OK;
		}
		ps->pos = save;
		if ((s = push_age(c, v, ps->err)) != FG_OK)
			return s;
	}
}

static enum fg_status
parse_clause(struct parser *ps, struct fg_cite_clause *c)
{
	size_t start = ps->pos, wend, p;
	const char *g;
	char w[64];

	memset(c, 0, sizeof *c);
	/* words up to "participant" */
	for (;;) {
		if (word(ps, "participants") || word(ps, "participant"))
			break;
		if (ps->pos >= ps->end || !isalpha((unsigned char)
		    ps->text[ps->pos])) {
			if (ps->pos == start)
				return perr(ps, "'participant' or "
				    "'participants'");
			return perr(ps, "'participant' or 'participants' "
			    "after the words before it");
		}
		while (ps->pos < ps->end && (isalpha((unsigned char)
		    ps->text[ps->pos]) || ps->text[ps->pos] == '-'))
			ps->pos++;
		skip_ws(ps);
	}
	c->plural = tolower((unsigned char)ps->text[ps->pos - 1]) == 's';
	wend = ps->pos - (c->plural ? 12 : 11);
	while (wend > start && ps->text[wend - 1] == ' ')
		wend--;
	if ((c->words = strndup(ps->text + start, wend - start)) == NULL)
		return fg_quote_nomem(ps->err);
	/* the gender among the words */
	for (p = 0; c->words[p]; ) {
		size_t n = strcspn(c->words + p, " ");
		if (n < sizeof w) {
			memcpy(w, c->words + p, n);
			w[n] = '\0';
			if ((g = fg_cite_gender(w)) != NULL && strlen(w) > 1)
				c->gender = g;
		}
		p += n;
		p += strspn(c->words + p, " ");
	}
	if (ps->pos < ps->end && ps->text[ps->pos] == ',') {
		/* "participants, aged": a comma before aged */
		size_t save = ps->pos;
		ps->pos++;
		skip_ws(ps);
		if (!word(ps, "aged")) {
			ps->pos = save;
			return FG_OK;
		}
	} else {
		skip_ws(ps);
		if (!word(ps, "aged"))
			return FG_OK;
	}
	skip_ws(ps);
	return parse_ages(ps, c);
}

static enum fg_status
parse_group(struct parser *ps, struct fg_cite_group *g)
{
	struct fg_cite_clause *cl;
	enum fg_status s;
	size_t a, b;

	skip_ws(ps);
	if (!word(ps, "FG"))
		return perr(ps, "'FG'");
	skip_ws(ps);
	a = ps->pos;
	while (ps->pos < ps->end && ps->text[ps->pos] != ',' &&
	    ps->text[ps->pos] != ' ')
		ps->pos++;
	if (ps->pos == a)
		return perr(ps, "a group number");
	if ((g->fg = strndup(ps->text + a, ps->pos - a)) == NULL)
		return fg_quote_nomem(ps->err);
	if (ps->pos >= ps->end || ps->text[ps->pos] != ',')
		return perr(ps, "',' after the group number");
	ps->pos++;
	skip_ws(ps);
	for (;;) {
		cl = realloc(g->clauses, (g->n + 1) * sizeof *cl);
		if (cl == NULL)
			return fg_quote_nomem(ps->err);
		g->clauses = cl;
		if ((s = parse_clause(ps, &cl[g->n])) != FG_OK) {
			free(cl[g->n].words);
			free(cl[g->n].ages);
			return s;
		}
		g->n++;
		skip_ws(ps);
		if (ps->pos >= ps->end)
			return FG_OK;
		if (ps->text[ps->pos] != ',')
			return perr(ps, "',' and a city or another clause");
		ps->pos++;
		skip_ws(ps);
		if (!has_participant(ps))
			break;
	}
	/* the city: the rest */
	a = ps->pos;
	b = ps->end;
	while (b > a && (ps->text[b - 1] == ' ' || ps->text[b - 1] == '\n'))
		b--;
	if (b == a)
		return perr(ps, "a city");
	if ((g->city = strndup(ps->text + a, b - a)) == NULL)
		return fg_quote_nomem(ps->err);
	return FG_OK;
}

enum fg_status
fg_cite_parse(const char *text, struct fg_citation **out,
    struct fg_error *err)
{
	struct fg_citation *c;
	struct fg_cite_group *g;
	struct parser ps;
	enum fg_status s = FG_OK;
	size_t end, slash;

	*out = NULL;
	if ((c = calloc(1, sizeof *c)) == NULL)
		return fg_quote_nomem(err);
	ps.text = text;
	ps.err = err;
	ps.pos = 0;
	/* the final full stop and blanks go */
	end = strlen(text);
	while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\n' ||
	    text[end - 1] == '\t'))
		end--;
	if (end > 0 && text[end - 1] == '.')
		end--;
	while (s == FG_OK) {
		slash = ps.pos;
		while (slash < end && text[slash] != '/')
			slash++;
		ps.end = slash;
		g = realloc(c->groups, (c->n + 1) * sizeof *g);
		if (g == NULL) {
			s = fg_quote_nomem(err);
			break;
		}
		c->groups = g;
		memset(&g[c->n], 0, sizeof *g);
		c->n++;
		if ((s = parse_group(&ps, &g[c->n - 1])) != FG_OK)
			break;
		if (slash >= end)
			break;
		ps.pos = slash + 1;
	}
	if (s != FG_OK) {
		fg_citation_free(c);
		return s;
	}
	*out = c;
	return FG_OK;
}
