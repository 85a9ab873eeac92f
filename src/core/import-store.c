/* import-store.c - the import's steps on the project: the front matter
 * (--set, its checks), the focus group and participants, speakers matched
 * to participants, and the source's attributes and turns stored. */
#include "config.h"

#include "core/source.h"
#include "core/source-impl.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/buf.h"
#include "core/roster.h"
#include "core/yamldoc.h"

/* ---- front matter ---- */

static struct fg_yaml *
scalar_new(const char *s, size_t n)
{
	struct fg_yaml *v = calloc(1, sizeof *v);

	if (v == NULL)
		return NULL;
	if ((v->str = malloc(n + 1)) == NULL) {
		free(v);
		return NULL;
	}
	memcpy(v->str, s, n);
	v->str[n] = '\0';
	v->len = n;
	v->kind = FG_YAML_SCALAR;
	return v; /* line 0: "from --set" */
}

/* Apply the --set overrides to *root (created when NULL). */
enum fg_status
fg_source_apply_sets(const struct fg_import_opts *o, struct fg_yaml **root,
    const char *file, struct fg_error *err)
{
	struct fg_yaml *map = *root, *k, *v, **items;
	const char *kv, *val;
	size_t i, j, kl;

	if (o->nsets == 0)
		return FG_OK;
	if (map == NULL) {
		if ((map = calloc(1, sizeof *map)) == NULL)
			return fg_source_nomem(err);
		map->kind = FG_YAML_MAP;
		*root = map;
	}
	if (map->kind != FG_YAML_MAP)
		return fg_yaml_error(err, file, map, "the front matter must be "
		    "a mapping of keys to values, not %s",
		    fg_yaml_kind_name(map->kind));
	for (i = 0; i < o->nsets; i++) {
		kv = o->sets[i];
		kl = fg_source_set_key_len(kv);
		val = kv + kl + 1;
		for (j = 0; j < map->n; j++)
			if (strlen(map->items[2 * j]->str) == kl &&
			    strncmp(map->items[2 * j]->str, kv, kl) == 0)
				break;
		if ((v = scalar_new(val, strlen(val))) == NULL)
			return fg_source_nomem(err);
		if (j < map->n) {
			fg_yaml_free(map->items[2 * j + 1]);
			map->items[2 * j + 1] = v;
			continue;
		}
		if ((k = scalar_new(kv, kl)) == NULL) {
			fg_yaml_free(v);
			return fg_source_nomem(err);
		}
		items = realloc(map->items, 2 * (map->n + 1) * sizeof *items);
		if (items == NULL) {
			fg_yaml_free(k);
			fg_yaml_free(v);
			return fg_source_nomem(err);
		}
		map->items = items;
		items[2 * map->n] = k;
		items[2 * map->n + 1] = v;
		map->n++;
	}
	return FG_OK;
}

/* A string-valued key (fg, city, ...): NULL when absent, null or empty. */
static enum fg_status
fm_string(const struct fg_yaml *root, const char *key, const char *file,
    const struct fg_yaml **node, const char **out, struct fg_error *err)
{
	const struct fg_yaml *v = fg_yaml_get(root, key);

	*node = v;
	*out = NULL;
	if (v == NULL)
		return FG_OK;
	if (v->kind != FG_YAML_SCALAR)
		return fg_yaml_error(err, file, v, "'%s' must be a single value, "
		    "not %s", key, fg_yaml_kind_name(v->kind));
	*out = fg_yaml_str(v);
	if (*out != NULL && **out == '\0')
		*out = NULL;
	return FG_OK;
}

/* Where a node came from, for messages. */
static const char *
origin(const struct fg_yaml *node)
{
	return node != NULL && node->line == 0 ? " (from --set)" : "";
}

static const char *const fm_cols[4] = { "city", "date", "language",
    "facilitator" };

enum fg_status
fg_source_fm_check(const struct fg_yaml *root, const char *file,
    struct fg_source_fm *fm, struct fg_error *err)
{
	const struct fg_yaml *p, *it, *id, *jd;
	enum fg_status s;
	size_t i, j;
	int c;

	memset(fm, 0, sizeof *fm);
	if (root == NULL)
		return FG_OK;
	if (root->kind != FG_YAML_MAP)
		return fg_yaml_error(err, file, root, "the front matter must be "
		    "a mapping of keys to values, not %s",
		    fg_yaml_kind_name(root->kind));
	if ((s = fm_string(root, "fg", file, &fm->fg_node, &fm->fg, err))
	    != FG_OK)
		return s;
	for (c = 0; c < 4; c++)
		if ((s = fm_string(root, fm_cols[c], file, &fm->col_node[c],
		    &fm->col[c], err)) != FG_OK)
			return s;
	p = fg_yaml_get(root, "speakers");
	if (p != NULL && !(p->kind == FG_YAML_SCALAR && fg_yaml_str(p) ==
	    NULL)) {
		if (p->kind != FG_YAML_SEQ)
			return fg_yaml_error(err, file, p, "'speakers' must be "
			    "a list of speaker names, not %s",
			    fg_yaml_kind_name(p->kind));
		for (i = 0; i < p->n; i++) {
			it = p->items[i];
			if (it->kind != FG_YAML_SCALAR || fg_yaml_str(it) ==
			    NULL || *it->str == '\0')
				return fg_yaml_error(err, file, it, "a speaker "
				    "must be a name, not %s", it->kind ==
				    FG_YAML_SCALAR ? "empty" :
				    fg_yaml_kind_name(it->kind));
		}
		fm->speakers = p;
	}
	p = fg_yaml_get(root, "participants");
	if (p != NULL && !(p->kind == FG_YAML_SCALAR && fg_yaml_str(p) ==
	    NULL)) {
		if (p->kind != FG_YAML_SEQ)
			return fg_yaml_error(err, file, p, "'participants' must "
			    "be a list, not %s", fg_yaml_kind_name(p->kind));
		for (i = 0; i < p->n; i++) {
			it = p->items[i];
			if (it->kind != FG_YAML_MAP)
				return fg_yaml_error(err, file, it, "a "
				    "participant must be a mapping with at "
				    "least 'id', not %s",
				    fg_yaml_kind_name(it->kind));
			id = fg_yaml_get(it, "id");
			if (id == NULL || fg_yaml_str(id) == NULL)
				continue; /* reported by the upsert */
			for (j = 0; j < i; j++) {
				jd = fg_yaml_get(p->items[j], "id");
				if (jd != NULL && fg_yaml_str(jd) != NULL &&
				    strcmp(jd->str, id->str) == 0)
					return fg_yaml_error(err, file, id,
					    "participant '%s' is listed twice "
					    "(first at line %d)", id->str,
					    jd->line);
			}
		}
		fm->participants = p;
	}
	return FG_OK;
}

/* Link the source to its focus group: *gid 0 when the front matter names
 * none.  Fills in empty roster fields, refuses contradictions.  *fac and
 * *lang get the effective facilitator and language (owned, may be NULL). */
enum fg_status
fg_source_link_group(struct fg_db *db, const struct fg_source_fm *fm,
    const char *file, int64_t *gid, char **fac, char **lang,
    struct fg_import_report *rep, struct fg_error *err)
{
	sqlite3_stmt *st = NULL;
	enum fg_status s;
	const char *rv;
	char *have[4] = { NULL, NULL, NULL, NULL };
	int rc, c;

	*gid = 0;
	*fac = *lang = NULL;
	if (fm->fg == NULL) {
		*fac = fg_source_xstrdup(fm->col[3]);
		*lang = fg_source_xstrdup(fm->col[2]);
		if ((fm->col[3] && !*fac) || (fm->col[2] && !*lang))
			return fg_source_nomem(err);
		return FG_OK;
	}
	if ((rep->fg = fg_source_xstrdup(fm->fg)) == NULL)
		return fg_source_nomem(err);
	if ((s = fg_db_prepare(db, "SELECT id, city, date, language, "
	    "facilitator FROM focus_group WHERE fg = ?1", &st, err)) != FG_OK)
		return s;
	sqlite3_bind_text(st, 1, fm->fg, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*gid = sqlite3_column_int64(st, 0);
		for (c = 0; c < 4; c++) {
			rv = (const char *)sqlite3_column_text(st, c + 1);
			if (rv != NULL && *rv != '\0' &&
			    (have[c] = fg_source_xstrdup(rv)) == NULL)
				rc = SQLITE_NOMEM;
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		s = fg_db_fail(db, rc, err);
		goto out;
	}
	for (c = 0; c < 4 && *gid != 0; c++)
		if (fm->col[c] != NULL && have[c] != NULL &&
		    strcmp(fm->col[c], have[c]) != 0) {
			s = fg_yaml_error(err, file, fm->col_node[c], "%s '%s'%s "
			    "contradicts the roster, which has '%s' for "
			    "group %s", fm_cols[c], fm->col[c],
			    origin(fm->col_node[c]), have[c], fm->fg);
			goto out;
		}
	if (*gid != 0)
		s = fg_db_prepare(db, "UPDATE focus_group SET "
		    "city = coalesce(nullif(city, ''), ?2), "
		    "date = coalesce(nullif(date, ''), ?3), "
		    "language = coalesce(nullif(language, ''), ?4), "
		    "facilitator = coalesce(nullif(facilitator, ''), ?5) "
		    "WHERE id = ?6", &st, err);
	else
		s = fg_db_prepare(db, "INSERT INTO focus_group (fg, city, date, "
		    "language, facilitator, created_at) VALUES (?1, ?2, ?3, "
		    "?4, ?5, ?7)", &st, err);
	if (s != FG_OK)
		goto out;
	if (*gid == 0) {
		sqlite3_bind_text(st, 1, fm->fg, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, db->now, -1, SQLITE_STATIC);
	} else
		sqlite3_bind_int64(st, 6, *gid);
	for (c = 0; c < 4; c++)
		fg_source_bind_opt(st, c + 2, fm->col[c]);
	s = fg_source_step_reset(db, st, err);
	sqlite3_finalize(st);
	if (s != FG_OK)
		goto out;
	if (*gid == 0) {
		*gid = sqlite3_last_insert_rowid(db->db);
		rep->group_created = 1;
	}
	*fac = fg_source_xstrdup(fm->col[3] ? fm->col[3] : have[3]);
	*lang = fg_source_xstrdup(fm->col[2] ? fm->col[2] : have[2]);
	if (((fm->col[3] || have[3]) && !*fac) ||
	    ((fm->col[2] || have[2]) && !*lang))
		s = fg_source_nomem(err);
out:
	for (c = 0; c < 4; c++)
		free(have[c]);
	return s;
}

/* ---- participants and speakers ---- */

void
fg_source_cands_free(struct fg_source_cands *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->v[i].pid);
		free(c->v[i].norm);
		free(c->v[i].fold);
	}
	free(c->v);
	memset(c, 0, sizeof *c);
}

/* Case-folded, NFC copy of s (malloc'd), NULL when out of memory. */
static char *
casefold(const char *s)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n;

	n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
	    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	    UTF8PROC_CASEFOLD);
	if (n < 0)
		return fg_source_xstrdup(s);
	return (char *)out;
}

enum fg_status
fg_source_cands_add(struct fg_source_cands *c, int64_t id, const char *pid,
    struct fg_error *err)
{
	struct fg_source_cand *v;

	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		if ((v = realloc(c->v, c->cap * sizeof *v)) == NULL)
			return fg_source_nomem(err);
		c->v = v;
	}
	v = &c->v[c->n];
	v->id = id;
	v->pid = fg_source_xstrdup(pid);
	v->norm = fg_speaker_normalize(pid, strlen(pid));
	v->fold = v->norm ? casefold(v->norm) : NULL;
	if (!v->pid || !v->norm || !v->fold) {
		free(v->pid);
		free(v->norm);
		free(v->fold);
		return fg_source_nomem(err);
	}
	c->n++;
	return FG_OK;
}

/* Load the group's participants as candidates. */
enum fg_status
fg_source_cands_load(struct fg_db *db, int64_t gid, struct fg_source_cands *c,
    struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	int rc;

	if ((s = fg_db_prepare(db, "SELECT id, pid FROM participant WHERE "
	    "group_id = ?1 ORDER BY id", &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, gid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((s = fg_source_cands_add(c, sqlite3_column_int64(st, 0),
		    (const char *)sqlite3_column_text(st, 1), err)) != FG_OK) {
			sqlite3_finalize(st);
			return s;
		}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? FG_OK : fg_db_fail(db, rc, err);
}

/* Speakers met so far, with a small open-addressing hash on the name. */
struct spk {
	const char *name;   /* borrowed from the transcript */
	size_t turns;
	int64_t part;       /* participant row id, 0 if none */
	const char *pid;    /* borrowed from the candidates */
};

struct spkmap {
	struct spk *v;
	size_t n, cap;
	size_t *slot;       /* index + 1, 0 = empty */
	size_t nslot;       /* power of two */
};

static size_t
hash_str(const char *s)
{
	size_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void
spkmap_free(struct spkmap *m)
{
	free(m->v);
	free(m->slot);
	memset(m, 0, sizeof *m);
}

/* Find or add name; *idx is its index.  *isnew says whether it was added. */
static enum fg_status
spkmap_get(struct spkmap *m, const char *name, size_t *idx, int *isnew,
    struct fg_error *err)
{
	size_t h, i, j, *ns, nn;
	struct spk *nv;

	*isnew = 0;
	if (m->nslot != 0) {
		for (i = hash_str(name) & (m->nslot - 1); m->slot[i] != 0;
		    i = (i + 1) & (m->nslot - 1))
			if (strcmp(m->v[m->slot[i] - 1].name, name) == 0) {
				*idx = m->slot[i] - 1;
				return FG_OK;
			}
	}
	if (2 * (m->n + 1) > m->nslot) {
		nn = m->nslot ? 2 * m->nslot : 64;
		if ((ns = calloc(nn, sizeof *ns)) == NULL)
			return fg_source_nomem(err);
		for (j = 0; j < m->n; j++) {
			for (h = hash_str(m->v[j].name) & (nn - 1); ns[h] != 0;
			    h = (h + 1) & (nn - 1))
				;
			ns[h] = j + 1;
		}
		free(m->slot);
		m->slot = ns;
		m->nslot = nn;
	}
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 16;
		if ((nv = realloc(m->v, m->cap * sizeof *nv)) == NULL)
			return fg_source_nomem(err);
		m->v = nv;
	}
	for (h = hash_str(name) & (m->nslot - 1); m->slot[h] != 0;
	    h = (h + 1) & (m->nslot - 1))
		;
	m->slot[h] = m->n + 1;
	memset(&m->v[m->n], 0, sizeof m->v[m->n]);
	m->v[m->n].name = name;
	*idx = m->n++;
	*isnew = 1;
	return FG_OK;
}

/* Link a new speaker to a participant: exact id, else one that matches
 * ignoring case; several case-insensitive matches are left unlinked with
 * a warning. */
static enum fg_status
match_speaker(const struct fg_source_cands *c, struct spk *sp, int line,
    struct fg_import_report *rep, struct fg_error *err)
{
	struct fg_buf names = FG_BUF_INIT;
	size_t i, hits = 0, hit = 0;
	enum fg_status s = FG_OK;
	char *f;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].norm, sp->name) == 0) {
			sp->part = c->v[i].id;
			sp->pid = c->v[i].pid;
			return FG_OK;
		}
	if (c->n == 0)
		return FG_OK;
	if ((f = casefold(sp->name)) == NULL)
		return fg_source_nomem(err);
	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].fold, f) == 0) {
			fg_buf_printf(&names, "%s'%s'", hits ? ", " : "",
			    c->v[i].pid);
			hits++;
			hit = i;
		}
	free(f);
	if (hits == 1) {
		sp->part = c->v[hit].id;
		sp->pid = c->v[hit].pid;
	} else if (hits > 1)
		s = fg_source_report_warn(rep, err, line, "speaker '%s' "
		    "matches several participants ignoring case (%s); not "
		    "linked to any", sp->name, names.p);
	fg_buf_free(&names);
	return s;
}

/* ---- storing ---- */

/* Store the top-level front-matter values as source_attr. */
enum fg_status
fg_source_store_attrs(struct fg_importer *imp, int64_t sid,
    const struct fg_yaml *root, struct fg_import_report *rep,
    struct fg_error *err)
{
	const struct fg_yaml *k, *v;
	enum fg_status s;
	json_t *arr;
	char *js;
	size_t i, j;
	int ok;

	if (root == NULL)
		return FG_OK;
	for (i = 0; i < root->n; i++) {
		k = root->items[2 * i];
		v = root->items[2 * i + 1];
		if (strcmp(k->str, "participants") == 0 ||
		    strcmp(k->str, "speakers") == 0)
			continue;
		js = NULL;
		if (v->kind == FG_YAML_SCALAR) {
			if (fg_yaml_str(v) == NULL)
				continue;
		} else {
			ok = v->kind == FG_YAML_SEQ;
			for (j = 0; ok && j < v->n; j++)
				ok = v->items[j]->kind == FG_YAML_SCALAR;
			if (!ok) {
				if ((s = fg_source_report_warn(rep, err,
				    k->line, "front-matter key '%s' holds %s; "
				    "kept only in the verbatim front matter",
				    k->str, v->kind == FG_YAML_MAP ?
				    "a mapping" : "a nested list")) != FG_OK)
					return s;
				continue;
			}
			if ((arr = json_array()) == NULL)
				return fg_source_nomem(err);
			for (j = 0; j < v->n; j++)
				json_array_append_new(arr, json_stringn(
				    v->items[j]->str, v->items[j]->len));
			js = json_dumps(arr, JSON_COMPACT);
			json_decref(arr);
			if (js == NULL)
				return fg_source_nomem(err);
		}
		sqlite3_bind_int64(imp->st_attr, 1, sid);
		sqlite3_bind_text(imp->st_attr, 2, k->str, -1, SQLITE_STATIC);
		if (js != NULL)
			sqlite3_bind_text(imp->st_attr, 3, js, -1,
			    SQLITE_TRANSIENT);
		else
			sqlite3_bind_text(imp->st_attr, 3, v->str,
			    (int)v->len, SQLITE_STATIC);
		s = fg_source_step_reset(imp->db, imp->st_attr, err);
		free(js);
		if (s != FG_OK)
			return s;
	}
	return FG_OK;
}

/* Insert the turns and notes of tr, linking speakers; fill rep. */
enum fg_status
fg_source_store_turns(struct fg_importer *imp, int64_t sid,
    const struct fg_source_cands *c, const struct fg_transcript *tr,
    struct fg_import_report *rep, struct fg_error *err)
{
	struct fg_db *db = imp->db;
	sqlite3_stmt *st = imp->st_turn;
	struct spkmap m = { NULL, 0, 0, NULL, 0 };
	const struct fg_turn_rec *t;
	struct spk *sp;
	size_t i, idx = 0, last = (size_t)-1;
	enum fg_status s = FG_OK;
	int isnew, rc;

	for (i = 0; i < tr->nturns; i++) {
		t = &tr->turns[i];
		if (last == (size_t)-1 || strcmp(m.v[last].name, t->speaker)) {
			if ((s = spkmap_get(&m, t->speaker, &idx, &isnew, err))
			    != FG_OK)
				goto out;
			if (isnew && (s = match_speaker(c, &m.v[idx],
			    t->line_start, rep, err)) != FG_OK)
				goto out;
			last = idx;
		}
		sp = &m.v[last];
		sp->turns++;
		sqlite3_bind_int64(st, 1, sid);
		sqlite3_bind_int64(st, 2, (int64_t)i + 1);
		sqlite3_bind_text(st, 3, t->speaker, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, t->speaker_raw, -1, SQLITE_STATIC);
		if (sp->part != 0)
			sqlite3_bind_int64(st, 5, sp->part);
		else
			sqlite3_bind_null(st, 5);
		fg_source_bind_opt(st, 6, t->timestamp);
		sqlite3_bind_int64(st, 7, (int64_t)t->start_cp);
		sqlite3_bind_int64(st, 8, (int64_t)t->end_cp);
		sqlite3_bind_int64(st, 9, (int64_t)t->start_b);
		sqlite3_bind_int64(st, 10, (int64_t)t->end_b);
		sqlite3_bind_int(st, 11, t->line_start);
		sqlite3_bind_int(st, 12, t->line_end);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			s = fg_db_fail(db, rc, err);
			goto out;
		}
	}
	rep->nturns = tr->nturns;

	/* notes: attached to their turn; lines before turn 1 have none */
	for (i = 0; i < tr->nnotes; i++) {
		if (tr->notes[i].turn >= tr->nturns) {
			if ((s = fg_source_report_warn(rep, err,
			    tr->notes[i].line, "note before the first turn "
			    "not stored: %s", tr->notes[i].text)) != FG_OK)
				goto out;
			continue;
		}
		sqlite3_bind_int64(imp->st_note, 1, sid);
		sqlite3_bind_int64(imp->st_note, 2,
		    (int64_t)tr->notes[i].turn + 1);
		sqlite3_bind_int(imp->st_note, 3, tr->notes[i].line);
		sqlite3_bind_text(imp->st_note, 4, tr->notes[i].text, -1,
		    SQLITE_STATIC);
		if ((s = fg_source_step_reset(db, imp->st_note, err)) != FG_OK)
			goto out;
		rep->nnotes++;
	}

	/* the summary's speaker list, in order of first appearance */
	if (m.n > 0 && (rep->speakers = calloc(m.n, sizeof *rep->speakers))
	    == NULL) {
		s = fg_source_nomem(err);
		goto out;
	}
	for (i = 0; i < m.n; i++) {
		rep->speakers[i].name = fg_source_xstrdup(m.v[i].name);
		rep->speakers[i].turns = m.v[i].turns;
		rep->speakers[i].pid = fg_source_xstrdup(m.v[i].pid);
		rep->nspeakers++;
		if (rep->speakers[i].name == NULL ||
		    (m.v[i].pid != NULL && rep->speakers[i].pid == NULL)) {
			s = fg_source_nomem(err);
			goto out;
		}
	}
out:
	spkmap_free(&m);
	return s;
}

/* Copy the parser's findings into the report. */
enum fg_status
fg_source_report_parse(const struct fg_transcript *tr,
    struct fg_import_report *rep, struct fg_error *err)
{
	enum fg_status s;
	size_t i;

	rep->preamble_lines = tr->preamble_lines;
	if (tr->nodd_chars > 0) {
		rep->odd_chars = malloc(tr->nodd_chars * sizeof *rep->odd_chars);
		if (rep->odd_chars == NULL)
			return fg_source_nomem(err);
		memcpy(rep->odd_chars, tr->odd_chars,
		    tr->nodd_chars * sizeof *rep->odd_chars);
		rep->nodd_chars = tr->nodd_chars;
	}
	/* the parser's warnings already read "LINE: text" */
	for (i = 0; i < tr->nwarnings; i++)
		if ((s = fg_source_report_push(rep,
		    fg_source_xstrdup(tr->warnings[i]), err)) != FG_OK)
			return s;
	return FG_OK;
}
