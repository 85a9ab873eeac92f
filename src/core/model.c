/* model.c - regression models in the project (schemas/0002-wvs.sql) and
 * their layout as a regression table (text, LaTeX, JSON). */
#include "config.h"

#include "core/model.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/history.h"

const char *
fg_model_stars(double p)
{
	if (isnan(p))
		return "";
	return p < .001 ? "***" : p < .01 ? "**" : p < .05 ? "*" : "";
}

static char *
dup_or_null(const char *s)
{
	size_t n;
	char *d;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	if ((d = malloc(n)) != NULL)
		memcpy(d, s, n);
	return d;
}

/* ---- freeing ---- */

void
fg_model_clear(struct fg_model *m)
{
	size_t k;

	if (m == NULL)
		return;
	for (k = 0; k < m->nterms && m->terms != NULL; k++) {
		struct fg_model_term *t = &m->terms[k];

		free(t->name);
		free(t->label);
		free(t->definition);
		free(t->estimate_text);
		free(t->se_text);
		free(t->cell_text);
	}
	free(m->terms);
	free(m->set);
	free(m->name);
	free(m->title);
	free(m->dv.column);
	free(m->dv.label);
	free(m->dv.definition);
	free(m->dv.scale_low);
	free(m->dv.scale_high);
	free(m->dv.direction);
	free(m->r2_text);
	free(m->adj_r2_text);
	free(m->n_text);
	memset(m, 0, sizeof *m);
}

void
fg_model_free_all(struct fg_model **ms, size_t n)
{
	size_t i;

	if (ms == NULL)
		return;
	for (i = 0; i < n; i++) {
		fg_model_clear(ms[i]);
		free(ms[i]);
	}
	free(ms);
}

void
fg_model_set_free(struct fg_model_set *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->nmodels && set->models != NULL; i++)
		fg_model_clear(&set->models[i]);
	free(set->models);
	free(set->name);
	free(set->title);
	free(set->note);
	free(set->citation);
	free(set->spec_path);
	free(set->spec_text);
	free(set->data_path);
	free(set->weight);
	free(set->created_at);
	free(set->created_by);
	free(set);
}

/* ---- storing ---- */

static void
bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

static void
bind_real(sqlite3_stmt *st, int i, double v)
{
	if (isfinite(v))
		sqlite3_bind_double(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

static void
bind_count(sqlite3_stmt *st, int i, long v)
{
	if (v < 0)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, v);
}

/* Step a write statement to its end and reset it. */
static enum fg_status
step_done(struct fg_db *db, sqlite3_stmt *st, struct fg_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	return FG_OK;
}

static const char *
source_name(enum fg_model_source s)
{
	return s == FG_MODEL_PUBLISHED ? "published" : "fitted";
}

/* Look up a set's id by name; 0 when absent. */
static enum fg_status
set_id(struct fg_db *db, const char *name, int64_t *id, struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	int rc;

	*id = 0;
	if ((s = fg_db_prepare(db, "SELECT id FROM model_set WHERE name = ?1",
	    &st, err)) != FG_OK)
		return s;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	return FG_OK;
}

static enum fg_status
delete_id(struct fg_db *db, int64_t id, struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;

	if ((s = fg_db_prepare(db, "DELETE FROM model_set WHERE id = ?1", &st,
	    err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	s = step_done(db, st, err);
	sqlite3_finalize(st);
	return s;
}

static enum fg_status
store_model(struct fg_db *db, sqlite3_stmt *ins_m, sqlite3_stmt *ins_t,
    int64_t sid, struct fg_model *m, struct fg_error *err)
{
	enum fg_status s;
	size_t k;

	sqlite3_bind_int64(ins_m, 1, sid);
	sqlite3_bind_int(ins_m, 2, m->seq);
	bind_text(ins_m, 3, m->name);
	bind_text(ins_m, 4, m->title);
	bind_text(ins_m, 5, m->dv.column);
	bind_text(ins_m, 6, m->dv.label);
	bind_text(ins_m, 7, m->dv.definition);
	bind_real(ins_m, 8, m->dv.scale_min);
	bind_real(ins_m, 9, m->dv.scale_max);
	bind_text(ins_m, 10, m->dv.scale_low);
	bind_text(ins_m, 11, m->dv.scale_high);
	bind_text(ins_m, 12, m->dv.direction);
	bind_count(ins_m, 13, m->n);
	bind_count(ins_m, 14, m->dropped);
	bind_real(ins_m, 15, m->r2);
	bind_real(ins_m, 16, m->adj_r2);
	bind_real(ins_m, 17, m->sigma);
	bind_real(ins_m, 18, m->f);
	bind_real(ins_m, 19, m->f_p);
	bind_count(ins_m, 20, m->df_model);
	bind_count(ins_m, 21, m->df_resid);
	bind_text(ins_m, 22, m->r2_text);
	bind_text(ins_m, 23, m->adj_r2_text);
	bind_text(ins_m, 24, m->n_text);
	if ((s = step_done(db, ins_m, err)) != FG_OK)
		return s;
	m->id = sqlite3_last_insert_rowid(db->db);
	for (k = 0; k < m->nterms; k++) {
		const struct fg_model_term *t = &m->terms[k];

		sqlite3_bind_int64(ins_t, 1, m->id);
		sqlite3_bind_int64(ins_t, 2, (sqlite3_int64)k + 1);
		bind_text(ins_t, 3, t->name);
		bind_text(ins_t, 4, t->label);
		bind_text(ins_t, 5, t->definition);
		bind_real(ins_t, 6, t->estimate);
		bind_real(ins_t, 7, t->se);
		bind_real(ins_t, 8, t->t);
		bind_real(ins_t, 9, t->p);
		bind_text(ins_t, 10, t->stars);
		bind_text(ins_t, 11, t->estimate_text);
		bind_text(ins_t, 12, t->se_text);
		bind_text(ins_t, 13, t->cell_text);
		if ((s = step_done(db, ins_t, err)) != FG_OK)
			return s;
	}
	return FG_OK;
}

static enum fg_status
store_in_tx(struct fg_db *db, struct fg_model_set *set, const char *coder,
    int replace, struct fg_error *err)
{
	sqlite3_stmt *st = NULL, *ins_m = NULL, *ins_t = NULL;
	enum fg_status s;
	int64_t old;
	size_t i;

	if ((s = set_id(db, set->name, &old, err)) != FG_OK)
		return s;
	if (old != 0) {
		if (!replace)
			return fg_error_set(err, FG_EXISTS, NULL, 0, 0,
			    "the project already has models '%s' (replace "
			    "them with --replace)", set->name);
		if ((s = delete_id(db, old, err)) != FG_OK)
			return s;
	}
	if ((s = fg_db_prepare(db, "INSERT INTO model_set (name, title, "
	    "source, note, citation, spec_path, spec_text, spec_sha256, "
	    "data_path, data_sha256, data_rows, filtered_rows, weight, "
	    "created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	    "?9, ?10, ?11, ?12, ?13, ?14, ?15)", &st, err)) != FG_OK)
		return s;
	bind_text(st, 1, set->name);
	bind_text(st, 2, set->title);
	bind_text(st, 3, source_name(set->source));
	bind_text(st, 4, set->note);
	bind_text(st, 5, set->citation);
	bind_text(st, 6, set->spec_path);
	bind_text(st, 7, set->spec_text);
	bind_text(st, 8, set->spec_sha256);
	bind_text(st, 9, set->data_path);
	bind_text(st, 10, set->data_path ? set->data_sha256 : NULL);
	bind_count(st, 11, set->data_rows);
	bind_count(st, 12, set->filtered_rows);
	bind_text(st, 13, set->weight);
	bind_text(st, 14, db->now);
	bind_text(st, 15, coder);
	s = step_done(db, st, err);
	sqlite3_finalize(st);
	if (s != FG_OK)
		return s;
	set->id = sqlite3_last_insert_rowid(db->db);
	if ((s = fg_db_prepare(db, "INSERT INTO model (set_id, seq, name, "
	    "title, dv_column, dv_label, dv_definition, scale_min, scale_max, "
	    "scale_low, scale_high, direction, n, dropped, r2, adj_r2, sigma, "
	    "f, f_p, df_model, df_resid, r2_text, adj_r2_text, n_text) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
	    "?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)", &ins_m,
	    err)) != FG_OK)
		return s;
	if ((s = fg_db_prepare(db, "INSERT INTO model_term (model_id, seq, "
	    "name, label, definition, estimate, se, t, p, stars, "
	    "estimate_text, se_text, cell_text) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)", &ins_t, err)) != FG_OK) {
		sqlite3_finalize(ins_m);
		return s;
	}
	for (i = 0; i < set->nmodels && s == FG_OK; i++)
		s = store_model(db, ins_m, ins_t, set->id, &set->models[i],
		    err);
	sqlite3_finalize(ins_m);
	sqlite3_finalize(ins_t);
	return s;
}

enum fg_status
fg_model_set_store(struct fg_db *db, struct fg_model_set *set,
    const char *coder, int replace, struct fg_error *err)
{
	int own = !db->in_tx;
	enum fg_status s;
	size_t i;

	if (set->nmodels == 0)
		return fg_error_set(err, FG_USAGE, NULL, 0, 0, "models '%s': "
		    "no model to store", set->name);
	for (i = 0; i < set->nmodels; i++)
		if (set->models[i].nterms == 0)
			return fg_error_set(err, FG_USAGE, NULL, 0, 0,
			    "model '%s': no term to store",
			    set->models[i].name);
	if (own && (s = fg_db_begin(db, err)) != FG_OK)
		return s;
	s = store_in_tx(db, set, coder ? coder : "unknown", replace, err);
	if (s == FG_OK) {
		/* the history (core/history.h): model.fit or model.load, in
		 * this transaction */
		char digest[FG_SHA256_HEX], subject[600];
		json_t *d;
		char *dj;

		if ((s = fg_history_models_digest(db, digest, err)) != FG_OK) {
			if (own)
				fg_db_rollback(db);
			return s;
		}
		d = json_pack("{s:s, s:i, s:s?, s:s?, s:s}", "set", set->name,
		    "models", (json_int_t)set->nmodels, "spec_sha256",
		    set->spec_sha256, "data_sha256", set->data_sha256,
		    "models_sha256", digest);
		dj = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;

		snprintf(subject, sizeof subject, "models/%s", set->name);
		s = dj == NULL ? fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory") : fg_history_append(db,
		    set->source == FG_MODEL_PUBLISHED ? "model.load" :
		    "model.fit", subject, dj, err);
		free(dj);
		json_decref(d);
	}
	if (s != FG_OK) {
		if (own)
			fg_db_rollback(db);
		return s;
	}
	if (own)
		return fg_db_commit(db, err);
	return FG_OK;
}

enum fg_status
fg_model_set_delete(struct fg_db *db, const char *name, struct fg_error *err)
{
	enum fg_status s;
	int64_t id;

	if ((s = set_id(db, name, &id, err)) != FG_OK)
		return s;
	if (id == 0)
		return fg_error_set(err, FG_NOTFOUND, NULL, 0, 0, "no models "
		    "'%s' in the project", name);
	return delete_id(db, id, err);
}

/* ---- reading ---- */

static enum fg_status
col_text(sqlite3_stmt *st, int i, char **out, struct fg_error *err)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	*out = NULL;
	if (s == NULL)
		return FG_OK;
	if ((*out = dup_or_null((const char *)s)) == NULL)
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	return FG_OK;
}

static double
col_real(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NAN;
	return sqlite3_column_double(st, i);
}

static long
col_count(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return -1;
	return (long)sqlite3_column_int64(st, i);
}

#define MODEL_COLS "m.id, s.name, s.source, m.seq, m.name, m.title, " \
	"m.dv_column, m.dv_label, m.dv_definition, m.scale_min, " \
	"m.scale_max, m.scale_low, m.scale_high, m.direction, m.n, " \
	"m.dropped, m.df_model, m.df_resid, m.r2, m.adj_r2, m.sigma, m.f, " \
	"m.f_p, m.r2_text, m.adj_r2_text, m.n_text"

/* Fill m from a row of MODEL_COLS. */
static enum fg_status
model_row(sqlite3_stmt *st, struct fg_model *m, struct fg_error *err)
{
	enum fg_status s;
	const char *src;

	memset(m, 0, sizeof *m);
	m->id = sqlite3_column_int64(st, 0);
	src = (const char *)sqlite3_column_text(st, 2);
	m->source = src && strcmp(src, "published") == 0 ?
	    FG_MODEL_PUBLISHED : FG_MODEL_FITTED;
	m->seq = sqlite3_column_int(st, 3);
	m->dv.scale_min = col_real(st, 9);
	m->dv.scale_max = col_real(st, 10);
	m->n = col_count(st, 14);
	m->dropped = col_count(st, 15);
	m->df_model = col_count(st, 16);
	m->df_resid = col_count(st, 17);
	m->r2 = col_real(st, 18);
	m->adj_r2 = col_real(st, 19);
	m->sigma = col_real(st, 20);
	m->f = col_real(st, 21);
	m->f_p = col_real(st, 22);
	if ((s = col_text(st, 1, &m->set, err)) != FG_OK ||
	    (s = col_text(st, 4, &m->name, err)) != FG_OK ||
	    (s = col_text(st, 5, &m->title, err)) != FG_OK ||
	    (s = col_text(st, 6, &m->dv.column, err)) != FG_OK ||
	    (s = col_text(st, 7, &m->dv.label, err)) != FG_OK ||
	    (s = col_text(st, 8, &m->dv.definition, err)) != FG_OK ||
	    (s = col_text(st, 11, &m->dv.scale_low, err)) != FG_OK ||
	    (s = col_text(st, 12, &m->dv.scale_high, err)) != FG_OK ||
	    (s = col_text(st, 13, &m->dv.direction, err)) != FG_OK ||
	    (s = col_text(st, 23, &m->r2_text, err)) != FG_OK ||
	    (s = col_text(st, 24, &m->adj_r2_text, err)) != FG_OK ||
	    (s = col_text(st, 25, &m->n_text, err)) != FG_OK)
		return s;
	return FG_OK;
}

static enum fg_status
read_terms(struct fg_db *db, struct fg_model *m, struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	size_t cap = 0;
	int rc;

	if ((s = fg_db_prepare(db, "SELECT name, label, definition, "
	    "estimate, se, t, p, stars, estimate_text, se_text, cell_text "
	    "FROM model_term WHERE model_id = ?1 ORDER BY seq", &st, err)) !=
	    FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, m->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct fg_model_term *t;
		const unsigned char *stars;

		if (m->nterms == cap) {
			size_t nc = cap ? 2 * cap : 16;
			struct fg_model_term *nt = realloc(m->terms,
			    nc * sizeof *nt);

			if (nt == NULL) {
				s = fg_error_set(err, FG_NOMEM, NULL, 0, 0,
				    "out of memory");
				break;
			}
			m->terms = nt;
			cap = nc;
		}
		t = &m->terms[m->nterms++];
		memset(t, 0, sizeof *t);
		t->estimate = col_real(st, 3);
		t->se = col_real(st, 4);
		t->t = col_real(st, 5);
		t->p = col_real(st, 6);
		stars = sqlite3_column_text(st, 7);
		snprintf(t->stars, sizeof t->stars, "%s",
		    stars ? (const char *)stars : "");
		if ((s = col_text(st, 0, &t->name, err)) != FG_OK ||
		    (s = col_text(st, 1, &t->label, err)) != FG_OK ||
		    (s = col_text(st, 2, &t->definition, err)) != FG_OK ||
		    (s = col_text(st, 8, &t->estimate_text, err)) != FG_OK ||
		    (s = col_text(st, 9, &t->se_text, err)) != FG_OK ||
		    (s = col_text(st, 10, &t->cell_text, err)) != FG_OK)
			break;
	}
	if (s == FG_OK && rc != SQLITE_DONE)
		s = fg_db_fail(db, rc, err);
	sqlite3_finalize(st);
	return s;
}

/* Run a model query (MODEL_COLS, up to two text parameters) and collect
 * the models with their terms. */
static enum fg_status
query_models(struct fg_db *db, const char *sql, const char *a,
    const char *b, struct fg_model ***out, size_t *n, struct fg_error *err)
{
	sqlite3_stmt *st;
	struct fg_model **ms = NULL, *m;
	enum fg_status s;
	size_t cnt = 0, cap = 0, i;
	int rc;

	*out = NULL;
	*n = 0;
	if ((s = fg_db_prepare(db, sql, &st, err)) != FG_OK)
		return s;
	bind_text(st, 1, a);
	if (b != NULL)
		bind_text(st, 2, b);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (cnt == cap) {
			size_t nc = cap ? 2 * cap : 8;
			struct fg_model **nm = realloc(ms, nc * sizeof *nm);

			if (nm == NULL)
				goto nomem;
			ms = nm;
			cap = nc;
		}
		if ((m = calloc(1, sizeof *m)) == NULL)
			goto nomem;
		ms[cnt++] = m;
		if ((s = model_row(st, m, err)) != FG_OK)
			goto fail;
	}
	if (rc != SQLITE_DONE) {
		s = fg_db_fail(db, rc, err);
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	for (i = 0; i < cnt; i++)
		if ((s = read_terms(db, ms[i], err)) != FG_OK)
			goto fail;
	*out = ms;
	*n = cnt;
	return FG_OK;
nomem:
	s = fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
fail:
	sqlite3_finalize(st);
	fg_model_free_all(ms, cnt);
	return s;
}

enum fg_status
fg_model_list(struct fg_db *db, const char *set, struct fg_model ***out,
    size_t *n, struct fg_error *err)
{
	return query_models(db, "SELECT " MODEL_COLS " FROM model m "
	    "JOIN model_set s ON s.id = m.set_id "
	    "WHERE ?1 IS NULL OR s.name = ?1 ORDER BY s.name, m.seq", set,
	    NULL, out, n, err);
}

enum fg_status
fg_model_find(struct fg_db *db, const char *ref, struct fg_model ***out,
    size_t *n, struct fg_error *err)
{
	const char *slash = strrchr(ref, '/');
	enum fg_status s;
	char *set;

	*out = NULL;
	*n = 0;
	if (slash == NULL) {
		if ((s = fg_model_list(db, ref, out, n, err)) != FG_OK)
			return s;
		if (*n == 0)
			return fg_error_set(err, FG_NOTFOUND, NULL, 0, 0,
			    "no models '%s' in the project (see fgcode wvs "
			    "show)", ref);
		return FG_OK;
	}
	if ((set = malloc((size_t)(slash - ref) + 1)) == NULL)
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	memcpy(set, ref, (size_t)(slash - ref));
	set[slash - ref] = '\0';
	s = query_models(db, "SELECT " MODEL_COLS " FROM model m "
	    "JOIN model_set s ON s.id = m.set_id WHERE s.name = ?1 AND "
	    "(m.name = ?2 OR (m.title = ?2 AND NOT EXISTS (SELECT 1 FROM "
	    "model m2 WHERE m2.set_id = s.id AND m2.name = ?2))) "
	    "ORDER BY m.seq", set, slash + 1, out, n, err);
	free(set);
	if (s == FG_OK && *n == 0)
		s = fg_error_set(err, FG_NOTFOUND, NULL, 0, 0, "no model "
		    "'%s' in the project (see fgcode wvs show)", ref);
	return s;
}

enum fg_status
fg_model_set_get(struct fg_db *db, const char *name,
    struct fg_model_set **out, struct fg_error *err)
{
	struct fg_model_set *set;
	struct fg_model **ms = NULL;
	sqlite3_stmt *st;
	enum fg_status s;
	size_t n = 0, i;
	const char *src;
	int rc;

	*out = NULL;
	if ((s = fg_db_prepare(db, "SELECT id, name, title, source, note, "
	    "citation, spec_path, spec_text, spec_sha256, data_path, "
	    "data_sha256, data_rows, filtered_rows, weight, created_at, "
	    "created_by FROM model_set WHERE name = ?1", &st, err)) != FG_OK)
		return s;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		if (rc == SQLITE_DONE)
			return fg_error_set(err, FG_NOTFOUND, NULL, 0, 0,
			    "no models '%s' in the project", name);
		return fg_db_fail(db, rc, err);
	}
	if ((set = calloc(1, sizeof *set)) == NULL) {
		sqlite3_finalize(st);
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	}
	set->id = sqlite3_column_int64(st, 0);
	src = (const char *)sqlite3_column_text(st, 3);
	set->source = src && strcmp(src, "published") == 0 ?
	    FG_MODEL_PUBLISHED : FG_MODEL_FITTED;
	snprintf(set->spec_sha256, sizeof set->spec_sha256, "%s",
	    (const char *)sqlite3_column_text(st, 8));
	if (sqlite3_column_text(st, 10) != NULL)
		snprintf(set->data_sha256, sizeof set->data_sha256, "%s",
		    (const char *)sqlite3_column_text(st, 10));
	set->data_rows = col_count(st, 11);
	set->filtered_rows = col_count(st, 12);
	if ((s = col_text(st, 1, &set->name, err)) != FG_OK ||
	    (s = col_text(st, 2, &set->title, err)) != FG_OK ||
	    (s = col_text(st, 4, &set->note, err)) != FG_OK ||
	    (s = col_text(st, 5, &set->citation, err)) != FG_OK ||
	    (s = col_text(st, 6, &set->spec_path, err)) != FG_OK ||
	    (s = col_text(st, 7, &set->spec_text, err)) != FG_OK ||
	    (s = col_text(st, 9, &set->data_path, err)) != FG_OK ||
	    (s = col_text(st, 13, &set->weight, err)) != FG_OK ||
	    (s = col_text(st, 14, &set->created_at, err)) != FG_OK ||
	    (s = col_text(st, 15, &set->created_by, err)) != FG_OK)
		goto fail;
	sqlite3_finalize(st);
	st = NULL;
	if ((s = fg_model_list(db, name, &ms, &n, err)) != FG_OK)
		goto fail;
	if (n > 0 && (set->models = calloc(n, sizeof *set->models)) == NULL) {
		s = fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
		goto fail;
	}
	/* move the models into the set's array */
	for (i = 0; i < n; i++) {
		set->models[i] = *ms[i];
		free(ms[i]);
	}
	free(ms);
	ms = NULL;
	set->nmodels = n;
	*out = set;
	return FG_OK;
fail:
	sqlite3_finalize(st);
	fg_model_free_all(ms, n);
	fg_model_set_free(set);
	return s;
}

enum fg_status
fg_model_listing(struct fg_db *db, struct fg_table **out,
    struct fg_error *err)
{
	static const char *const names[] = { "set", "model", "title",
	    "source", "dv", "direction", "n", "r2", "adj_r2", "created_at" };
	static const enum fg_col_type types[] = { FG_COL_TEXT, FG_COL_TEXT,
	    FG_COL_TEXT, FG_COL_TEXT, FG_COL_TEXT, FG_COL_TEXT, FG_COL_INT,
	    FG_COL_REAL, FG_COL_REAL, FG_COL_TEXT };
	struct fg_table *t;
	sqlite3_stmt *st;
	enum fg_status s;

	*out = NULL;
	if ((t = fg_table_new(10, names, types)) == NULL)
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	/* published statistics as printed, fitted ones to 4 decimals */
	if ((s = fg_db_prepare(db, "SELECT s.name, m.name, m.title, s.source, "
	    "m.dv_definition, m.direction, coalesce(m.n_text, m.n), "
	    "coalesce(m.r2_text, printf('%.4f', m.r2)), "
	    "coalesce(m.adj_r2_text, printf('%.4f', m.adj_r2)), s.created_at "
	    "FROM model m JOIN model_set s ON s.id = m.set_id "
	    "ORDER BY s.name, m.seq", &st, err)) != FG_OK) {
		fg_table_free(t);
		return s;
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

/* ---- the regression table ---- */

/* printf("%.*f") of v, "NaN" / "Inf" when not finite, without a minus
 * sign on a value that rounds to zero. */
static void
fixed(struct fg_buf *b, double v, int digits)
{
	char tmp[64];

	if (isnan(v)) {
		fg_buf_adds(b, "NaN");
		return;
	}
	if (isinf(v)) {
		fg_buf_adds(b, v > 0 ? "Inf" : "-Inf");
		return;
	}
	snprintf(tmp, sizeof tmp, "%.*f", digits, v);
	if (tmp[0] == '-' && strspn(tmp + 1, "0.") == strlen(tmp + 1))
		fg_buf_adds(b, tmp + 1);
	else
		fg_buf_adds(b, tmp);
}

char *
fg_model_cell(const struct fg_model *m, size_t k, int digits)
{
	const struct fg_model_term *t = &m->terms[k];
	struct fg_buf b = FG_BUF_INIT;

	if (t->cell_text != NULL)
		return dup_or_null(t->cell_text);
	fixed(&b, t->estimate, digits);
	fg_buf_adds(&b, t->stars);
	if (!isnan(t->se) || m->source == FG_MODEL_FITTED) {
		fg_buf_adds(&b, " (");
		fixed(&b, t->se, digits);
		fg_buf_adds(&b, ")");
	}
	return fg_buf_steal(&b);
}

/* Index of the term called name in m, or -1. */
static long
term_index(const struct fg_model *m, const char *name)
{
	size_t k;

	for (k = 0; k < m->nterms; k++)
		if (strcmp(m->terms[k].name, name) == 0)
			return (long)k;
	return -1;
}

/* The rows of the table: one (model, term) per distinct term name, in
 * order of first appearance. */
struct row {
	size_t model;
	size_t term;
};

static enum fg_status
table_rows(struct fg_model *const *ms, size_t n, struct row **out,
    size_t *nrows, struct fg_error *err)
{
	struct row *rows;
	size_t i, k, j, total = 0, cnt = 0;

	for (i = 0; i < n; i++)
		total += ms[i]->nterms;
	if ((rows = calloc(total ? total : 1, sizeof *rows)) == NULL)
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	for (i = 0; i < n; i++)
		for (k = 0; k < ms[i]->nterms; k++) {
			const char *name = ms[i]->terms[k].name;

			for (j = 0; j < cnt; j++)
				if (strcmp(ms[rows[j].model]->
				    terms[rows[j].term].name, name) == 0)
					break;
			if (j == cnt) {
				rows[cnt].model = i;
				rows[cnt].term = k;
				cnt++;
			}
		}
	*out = rows;
	*nrows = cnt;
	return FG_OK;
}

/* The statistic rows: R², Adj. R², Num. obs. */
#define NSTATS 3
static const char *const stat_label[NSTATS] = { "R\xC2\xB2",
	"Adj. R\xC2\xB2", "Num. obs." };

static char *
stat_cell(const struct fg_model *m, int which, int digits)
{
	const char *text = which == 0 ? m->r2_text : which == 1 ?
	    m->adj_r2_text : m->n_text;
	struct fg_buf b = FG_BUF_INIT;

	if (text != NULL)
		return dup_or_null(text);
	if (which == 2) {
		if (m->n >= 0)
			fg_buf_printf(&b, "%ld", m->n);
	} else {
		double v = which == 0 ? m->r2 : m->adj_r2;

		if (!isnan(v))
			fixed(&b, v, digits);
	}
	return fg_buf_steal(&b);
}

/* All cells of the table, row-major: (nrows + NSTATS) * (n + 1), first
 * column the labels.  Freed with free_cells(). */
static enum fg_status
all_cells(struct fg_model *const *ms, size_t n, int digits, char ***out,
    size_t *nrows_out, struct fg_error *err)
{
	struct row *rows = NULL;
	size_t nrows = 0, r, i, w = n + 1, total;
	char **cells;
	enum fg_status s;

	*out = NULL;
	if ((s = table_rows(ms, n, &rows, &nrows, err)) != FG_OK)
		return s;
	total = (nrows + NSTATS) * w;
	if ((cells = calloc(total, sizeof *cells)) == NULL) {
		free(rows);
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	}
	for (r = 0; r < nrows; r++) {
		const struct fg_model_term *t =
		    &ms[rows[r].model]->terms[rows[r].term];

		cells[r * w] = dup_or_null(t->label);
		for (i = 0; i < n; i++) {
			long k = term_index(ms[i], t->name);

			cells[r * w + i + 1] = k < 0 ? dup_or_null("") :
			    fg_model_cell(ms[i], (size_t)k, digits);
		}
	}
	for (r = 0; r < NSTATS; r++) {
		cells[(nrows + r) * w] = dup_or_null(stat_label[r]);
		for (i = 0; i < n; i++)
			cells[(nrows + r) * w + i + 1] = stat_cell(ms[i],
			    (int)r, digits);
	}
	free(rows);
	for (r = 0; r < total; r++)
		if (cells[r] == NULL) {
			for (r = 0; r < total; r++)
				free(cells[r]);
			free(cells);
			return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
			    "out of memory");
		}
	*out = cells;
	*nrows_out = nrows + NSTATS;
	return FG_OK;
}

static void
free_cells(char **cells, size_t total)
{
	size_t i;

	if (cells == NULL)
		return;
	for (i = 0; i < total; i++)
		free(cells[i]);
	free(cells);
}

enum fg_status
fg_model_table(struct fg_model *const *ms, size_t n, int digits,
    struct fg_table **out, struct fg_error *err)
{
	struct fg_table *t;
	const char **names;
	char **cells;
	size_t nrows = 0, r, i;
	enum fg_status s;

	*out = NULL;
	if ((s = all_cells(ms, n, digits, &cells, &nrows, err)) != FG_OK)
		return s;
	if ((names = calloc(n + 1, sizeof *names)) == NULL) {
		free_cells(cells, nrows * (n + 1));
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	}
	names[0] = "";
	for (i = 0; i < n; i++)
		names[i + 1] = ms[i]->title;
	t = fg_table_new(n + 1, names, NULL);
	free(names);
	s = t == NULL ? FG_NOMEM : FG_OK;
	for (r = 0; r < nrows && s == FG_OK; r++)
		s = fg_table_add(t, (const char *const *)cells + r * (n + 1));
	free_cells(cells, nrows * (n + 1));
	if (s != FG_OK) {
		fg_table_free(t);
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	}
	*out = t;
	return FG_OK;
}

/* LaTeX text: the specials escaped, ² as a math superscript. */
static void
tex_text(struct fg_buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': case '%': case '$': case '#': case '_': case '{':
		case '}':
			fg_buf_addc(b, '\\');
			fg_buf_addc(b, *s);
			break;
		case '~':
			fg_buf_adds(b, "\\textasciitilde{}");
			break;
		case '^':
			fg_buf_adds(b, "\\textasciicircum{}");
			break;
		case '\\':
			fg_buf_adds(b, "\\textbackslash{}");
			break;
		case '<':
		case '>':
			fg_buf_printf(b, "$%c$", *s);
			break;
		default:
			if (strncmp(s, "\xC2\xB2", 2) == 0) {
				fg_buf_adds(b, "$^2$");
				s++;
			} else {
				fg_buf_addc(b, *s);
			}
		}
	}
}

/* A cell for LaTeX: the stars of "est*** (se)" as a superscript. */
static void
tex_cell(struct fg_buf *b, const char *cell)
{
	const char *st = strchr(cell, '*'), *e;

	if (st == NULL) {
		tex_text(b, cell);
		return;
	}
	e = st + strspn(st, "*");
	while (st > cell && st[-1] == ' ')
		st--;
	{
		char *pre = dup_or_null(cell);

		if (pre == NULL)
			return;
		pre[st - cell] = '\0';
		tex_text(b, pre);
		free(pre);
	}
	fg_buf_adds(b, "$^{");
	st = strchr(st, '*');
	fg_buf_add(b, st, (size_t)(e - st));
	fg_buf_adds(b, "}$");
	tex_text(b, e);
}

enum fg_status
fg_model_tex(struct fg_model *const *ms, size_t n, int digits,
    const char *note, struct fg_buf *out, struct fg_error *err)
{
	char **cells;
	size_t nrows = 0, r, i, w = n + 1;
	enum fg_status s;

	if ((s = all_cells(ms, n, digits, &cells, &nrows, err)) != FG_OK)
		return s;
	fg_buf_adds(out, "\\begin{tabular}{l");
	for (i = 0; i < n; i++)
		fg_buf_addc(out, 'c');
	fg_buf_adds(out, "}\n\\toprule\n");
	for (i = 0; i < n; i++) {
		fg_buf_adds(out, " & ");
		tex_text(out, ms[i]->title);
	}
	fg_buf_adds(out, " \\\\\n\\midrule\n");
	for (r = 0; r < nrows; r++) {
		if (r + NSTATS == nrows)
			fg_buf_adds(out, "\\midrule\n");
		tex_text(out, cells[r * w]);
		for (i = 0; i < n; i++) {
			fg_buf_adds(out, " & ");
			tex_cell(out, cells[r * w + i + 1]);
		}
		fg_buf_adds(out, " \\\\\n");
	}
	fg_buf_adds(out, "\\bottomrule\n");
	fg_buf_printf(out, "\\multicolumn{%zu}{l}{\\footnotesize{", w);
	tex_text(out, note ? note : FG_MODEL_NOTE);
	if (fg_buf_adds(out, "}}\n\\end{tabular}\n") != FG_OK) {
		free_cells(cells, nrows * w);
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	}
	free_cells(cells, nrows * w);
	return FG_OK;
}

static json_t *
jnum(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *
jcount(long v)
{
	return v < 0 ? json_null() : json_integer(v);
}

static json_t *
jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *
model_json(const struct fg_model *m, int digits)
{
	json_t *o = json_object(), *dv = json_object(), *terms = json_array();
	size_t k;

	json_object_set_new(o, "set", jstr(m->set));
	json_object_set_new(o, "source", json_string(source_name(m->source)));
	json_object_set_new(o, "name", jstr(m->name));
	json_object_set_new(o, "title", jstr(m->title));
	json_object_set_new(dv, "column", jstr(m->dv.column));
	json_object_set_new(dv, "label", jstr(m->dv.label));
	json_object_set_new(dv, "definition", jstr(m->dv.definition));
	json_object_set_new(dv, "scale_min", jnum(m->dv.scale_min));
	json_object_set_new(dv, "scale_max", jnum(m->dv.scale_max));
	json_object_set_new(dv, "scale_low", jstr(m->dv.scale_low));
	json_object_set_new(dv, "scale_high", jstr(m->dv.scale_high));
	json_object_set_new(dv, "direction", jstr(m->dv.direction));
	json_object_set_new(o, "dv", dv);
	for (k = 0; k < m->nterms; k++) {
		const struct fg_model_term *t = &m->terms[k];
		json_t *j = json_object();
		char *cell = fg_model_cell(m, k, digits);

		json_object_set_new(j, "name", jstr(t->name));
		json_object_set_new(j, "label", jstr(t->label));
		json_object_set_new(j, "definition", jstr(t->definition));
		json_object_set_new(j, "estimate", jnum(t->estimate));
		json_object_set_new(j, "se", jnum(t->se));
		json_object_set_new(j, "t", jnum(t->t));
		json_object_set_new(j, "p", jnum(t->p));
		json_object_set_new(j, "stars", json_string(t->stars));
		if (t->estimate_text != NULL)
			json_object_set_new(j, "estimate_text",
			    json_string(t->estimate_text));
		if (t->se_text != NULL)
			json_object_set_new(j, "se_text",
			    json_string(t->se_text));
		json_object_set_new(j, "cell", jstr(cell));
		free(cell);
		json_array_append_new(terms, j);
	}
	json_object_set_new(o, "terms", terms);
	json_object_set_new(o, "r2", jnum(m->r2));
	json_object_set_new(o, "adj_r2", jnum(m->adj_r2));
	json_object_set_new(o, "sigma", jnum(m->sigma));
	json_object_set_new(o, "f", jnum(m->f));
	json_object_set_new(o, "f_p", jnum(m->f_p));
	json_object_set_new(o, "df_model", jcount(m->df_model));
	json_object_set_new(o, "df_resid", jcount(m->df_resid));
	json_object_set_new(o, "n", jcount(m->n));
	json_object_set_new(o, "dropped", jcount(m->dropped));
	return o;
}

enum fg_status
fg_model_json(struct fg_model *const *ms, size_t n, int digits,
    struct fg_buf *out, struct fg_error *err)
{
	json_t *arr = json_array();
	char *s;
	size_t i;

	if (arr == NULL)
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	for (i = 0; i < n; i++)
		json_array_append_new(arr, model_json(ms[i], digits));
	s = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(17));
	json_decref(arr);
	if (s == NULL || fg_buf_adds(out, s) != FG_OK ||
	    fg_buf_addc(out, '\n') != FG_OK) {
		free(s);
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	}
	free(s);
	return FG_OK;
}
