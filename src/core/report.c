/* report.c - code-frequency reports, counted in SQL. */
#include "config.h"

#include "core/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/codebook.h"

static const char *const by_names[] = { "fg", "city", "gender", "ageband",
    "speaker", "source" };

const char *
fg_report_by_name(enum fg_report_by by)
{
	return by_names[by];
}

enum fg_status
fg_report_by_parse(const char *s, enum fg_report_by *by,
    struct fg_error *err)
{
	size_t i;

	for (i = 0; i < sizeof by_names / sizeof by_names[0]; i++)
		if (strcmp(s, by_names[i]) == 0) {
			*by = (enum fg_report_by)i;
			return FG_OK;
		}
	return fg_error_set(err, FG_USAGE, NULL, 0, 0, "unknown grouping "
	    "'%s' (fg, city, gender, ageband, speaker, source)", s);
}

/* A decimal age 0..150 at *p; advances *p.  -1 if there is none. */
static int
age_at(const char **p)
{
	int v = 0, digits = 0;

	while (**p >= '0' && **p <= '9' && digits < 4) {
		v = v * 10 + (**p - '0');
		(*p)++;
		digits++;
	}
	return digits == 0 || digits > 3 || v > 150 ? -1 : v;
}

enum fg_status
fg_report_bands_parse(const char *spec, struct fg_band **out, size_t *n,
    struct fg_error *err)
{
	struct fg_band *v;
	const char *p = spec;
	size_t cap = 1, k = 0;

	*out = NULL;
	*n = 0;
	for (; *p; p++)
		cap += *p == ',';
	if ((v = calloc(cap, sizeof *v)) == NULL)
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	for (p = spec;; ) {
		struct fg_band *b = &v[k];

		if ((b->lo = age_at(&p)) < 0)
			goto bad;
		if (*p == '+') {
			p++;
			b->hi = -1;
			snprintf(b->label, sizeof b->label, "%d+", b->lo);
		} else if (*p == '-') {
			p++;
			if ((b->hi = age_at(&p)) < 0)
				goto bad;
			if (b->hi < b->lo) {
				fg_error_set(err, FG_USAGE, NULL, 0, 0,
				    "bad age band %d-%d in '%s': the end is "
				    "below the start", b->lo, b->hi, spec);
				free(v);
				return FG_USAGE;
			}
			snprintf(b->label, sizeof b->label, "%d-%d", b->lo,
			    b->hi);
		} else {
			goto bad;
		}
		if (k > 0 && (v[k - 1].hi < 0 || v[k - 1].hi >= b->lo)) {
			fg_error_set(err, FG_USAGE, NULL, 0, 0,
			    "age bands in '%s' must ascend without overlap "
			    "(%s, then %s)", spec, v[k - 1].label, b->label);
			free(v);
			return FG_USAGE;
		}
		k++;
		if (*p == '\0')
			break;
		if (*p != ',')
			goto bad;
		p++;
	}
	*out = v;
	*n = k;
	return FG_OK;
bad:
	free(v);
	return fg_error_set(err, FG_USAGE, NULL, 0, 0, "bad age bands '%s': "
	    "write ascending bands such as 18-29,30-49,50+ (ages 0-150)",
	    spec);
}

/* " WHEN p.age <band> THEN <x>" for every band, x being the band's label,
 * 0, or its index. */
static void
band_whens(struct fg_buf *b, const struct fg_band *bands, size_t nb,
    int then)
{
	size_t i;

	for (i = 0; i < nb; i++) {
		if (bands[i].hi < 0)
			fg_buf_printf(b, " WHEN p.age >= %d THEN ", bands[i].lo);
		else
			fg_buf_printf(b, " WHEN p.age BETWEEN %d AND %d THEN ",
			    bands[i].lo, bands[i].hi);
		if (then == 0)
			fg_buf_printf(b, "'%s'", bands[i].label);
		else if (then == 1)
			fg_buf_adds(b, "0");
		else
			fg_buf_printf(b, "%zu", i);
	}
}

void
fg_report_ageband_sql(struct fg_buf *b, const struct fg_band *bands,
    size_t nb)
{
	/* labels are rebuilt from integers: safe to inline */
	fg_buf_adds(b, "CASE WHEN t.id IS NULL THEN '(none)' WHEN "
	    "p.age IS NULL THEN '(unknown)'");
	band_whens(b, bands, nb, 0);
	fg_buf_adds(b, " ELSE '(other)' END AS grp, CASE WHEN t.id IS "
	    "NULL THEN 3 WHEN p.age IS NULL THEN 2");
	band_whens(b, bands, nb, 1);
	fg_buf_adds(b, " ELSE 1 END AS gcls, CASE WHEN p.age IS NULL "
	    "THEN NULL");
	band_whens(b, bands, nb, 2);
	fg_buf_adds(b, " END AS gnum");
}

/* Append the SQL expressions of the group value (grp), its class (gcls:
 * 0 ordinary, 1 "(other)", 2 "(unknown)", 3 "(none)") and its numeric
 * order key (gnum, or NULL) for dimension by. */
static void
group_exprs(struct fg_buf *b, enum fg_report_by by,
    const struct fg_band *bands, size_t nb)
{
	switch (by) {
	case FG_BY_FG:
		fg_buf_adds(b, "CASE WHEN g.id IS NULL THEN '(unknown)' ELSE "
		    "g.fg END AS grp, CASE WHEN g.id IS NULL THEN 2 ELSE 0 END "
		    "AS gcls, CASE WHEN g.fg <> '' AND g.fg NOT GLOB "
		    "'*[^0-9]*' AND length(g.fg) < 16 THEN CAST(g.fg AS "
		    "INTEGER) END AS gnum");
		break;
	case FG_BY_CITY:
		fg_buf_adds(b, "CASE WHEN g.city IS NULL OR g.city = '' THEN "
		    "'(unknown)' ELSE g.city END AS grp, CASE WHEN g.city IS "
		    "NULL OR g.city = '' THEN 2 ELSE 0 END AS gcls, NULL AS "
		    "gnum");
		break;
	case FG_BY_SOURCE:
		fg_buf_adds(b, "s.name AS grp, 0 AS gcls, NULL AS gnum");
		break;
	case FG_BY_SPEAKER:
		fg_buf_adds(b, "CASE WHEN t.id IS NULL THEN '(none)' ELSE "
		    "t.speaker END AS grp, CASE WHEN t.id IS NULL THEN 3 ELSE "
		    "0 END AS gcls, NULL AS gnum");
		break;
	case FG_BY_GENDER:
		fg_buf_adds(b, "CASE WHEN t.id IS NULL THEN '(none)' WHEN "
		    "p.gender IS NULL OR p.gender = '' THEN '(unknown)' ELSE "
		    "p.gender END AS grp, CASE WHEN t.id IS NULL THEN 3 WHEN "
		    "p.gender IS NULL OR p.gender = '' THEN 2 ELSE 0 END AS "
		    "gcls, NULL AS gnum");
		break;
	case FG_BY_AGEBAND:
		fg_report_ageband_sql(b, bands, nb);
		break;
	}
}

enum fg_status
fg_report_freq(struct fg_db *db, const struct fg_freq_opts *o,
    struct fg_table **out, struct fg_error *err)
{
	static const enum fg_col_type types[] = { FG_COL_TEXT, FG_COL_TEXT,
	    FG_COL_INT, FG_COL_INT, FG_COL_INT, FG_COL_INT };
	const char *names[6] = { "code", NULL, "codings", "turns",
	    "participants", "groups" };
	struct fg_band *bands = NULL;
	struct fg_buf sql = FG_BUF_INIT;
	struct fg_table *t;
	sqlite3_stmt *st;
	enum fg_status s;
	size_t nb = 0, i;

	*out = NULL;
	if (o->by == FG_BY_AGEBAND && (s = fg_report_bands_parse(o->bands ?
	    o->bands : FG_DEFAULT_BANDS, &bands, &nb, err)) != FG_OK)
		return s;
	fg_buf_printf(&sql, "WITH RECURSIVE %s, sel(id) AS (SELECT id FROM "
	    "code", fg_codebook_tree_cte());
	if (o->codes != NULL && o->ncodes > 0) {
		fg_buf_adds(&sql, " WHERE id IN (");
		for (i = 0; i < o->ncodes; i++)
			fg_buf_printf(&sql, "%s%lld", i ? ", " : "",
			    (long long)o->codes[i]);
		fg_buf_adds(&sql, ")");
	}
	/* one row per (coding, overlapped turn), or per coding when it
	 * overlaps none */
	fg_buf_adds(&sql, "), att AS (SELECT c.id AS cid, c.code_id AS "
	    "code_id, t.id AS tid, t.participant_id AS pid, s.group_id AS "
	    "gid, ");
	group_exprs(&sql, o->by, bands, nb);
	fg_buf_adds(&sql, " FROM coding c JOIN source s ON s.id = c.source_id "
	    "LEFT JOIN turn t ON t.source_id = c.source_id AND t.start_cp < "
	    "c.end_cp AND t.end_cp > c.start_cp "
	    "LEFT JOIN participant p ON p.id = t.participant_id "
	    "LEFT JOIN focus_group g ON g.id = s.group_id "
	    "WHERE c.code_id IN (SELECT id FROM sel)), "
	    "counts AS (SELECT code_id, grp, 0 AS tot, min(gcls) AS gcls, "
	    "min(gnum) AS gnum, count(DISTINCT cid) AS n1, "
	    "count(DISTINCT tid) AS n2, count(DISTINCT pid) AS n3, "
	    "count(DISTINCT gid) AS n4 FROM att GROUP BY code_id, grp "
	    "UNION ALL SELECT sel.id, '(all)', 1, 0, NULL, "
	    "count(DISTINCT a.cid), count(DISTINCT a.tid), "
	    "count(DISTINCT a.pid), count(DISTINCT a.gid) FROM sel LEFT JOIN "
	    "att a ON a.code_id = sel.id GROUP BY sel.id) "
	    "SELECT k.name, r.grp, r.n1, r.n2, r.n3, r.n4 FROM counts r "
	    "JOIN code_tree ct ON ct.id = r.code_id "
	    "JOIN code k ON k.id = r.code_id "
	    "ORDER BY ct.ord, r.tot, r.gcls, r.gnum IS NULL, r.gnum, r.grp");
	free(bands);
	if (sql.p == NULL)
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	s = fg_db_prepare(db, sql.p, &st, err);
	fg_buf_free(&sql);
	if (s != FG_OK)
		return s;
	names[1] = fg_report_by_name(o->by);
	if ((t = fg_table_new(6, names, types)) == NULL) {
		sqlite3_finalize(st);
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	}
	s = fg_table_add_stmt(t, db->db, st, err);
	sqlite3_finalize(st);
	if (s != FG_OK) {
		fg_table_free(t);
		return s;
	}
	*out = t;
	return FG_OK;
}
