/* source.c - transcripts in the project: import (bytes -> text -> front
 * matter -> group and participants -> turns), lookup and listings. */
#include "config.h"

#include "core/source.h"

#include <errno.h>
#include <pthread.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

#include "core/buf.h"
#include "core/hash.h"
#include "core/history.h"
#include "core/profile.h"
#include "core/roster.h"
#include "core/utf8.h"
#include "core/vtt.h"
#include "core/yamldoc.h"

enum fg_status
fg_source_resolve(struct fg_db *db, const char *spec, int64_t *id,
    struct fg_error *err)
{
	struct fg_buf ids = FG_BUF_INIT;
	sqlite3_stmt *st = NULL;
	enum fg_status s;
	const char *p;
	int rc, n = 0, numeric = *spec != '\0';

	for (p = spec; *p; p++)
		if (*p < '0' || *p > '9')
			numeric = 0;
	if ((s = fg_db_prepare(db, numeric ?
	    "SELECT id FROM source WHERE id = ?1 OR name = ?2 ORDER BY id" :
	    "SELECT id FROM source WHERE name = ?2 ORDER BY id", &st, err))
	    != FG_OK)
		return s;
	if (numeric)
		sqlite3_bind_int64(st, 1, strtoll(spec, NULL, 10));
	sqlite3_bind_text(st, 2, spec, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		fg_buf_printf(&ids, "%s%lld", n ? ", " : "",
		    (long long)*id);
		n++;
		if (numeric && *id == strtoll(spec, NULL, 10)) {
			n = 1; /* an exact id wins over a name */
			break;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		fg_buf_free(&ids);
		return fg_db_fail(db, rc, err);
	}
	if (n == 0)
		s = fg_error_set(err, FG_NOTFOUND, NULL, 0, 0,
		    "no source '%s' (see 'fgcode sources')", spec);
	else if (n > 1)
		s = fg_error_set(err, FG_INPUT, NULL, 0, 0,
		    "several sources are named '%s' (ids %s); give the id",
		    spec, ids.p);
	else
		s = FG_OK;
	fg_buf_free(&ids);
	return s;
}

/* ---- odd characters ---- */

static const struct {
	int cp;
	const char *name;
} char_names[] = {
	{ 0x0009, "CHARACTER TABULATION" },
	{ 0x000B, "LINE TABULATION" },
	{ 0x000C, "FORM FEED" },
	{ 0x0085, "NEXT LINE" },
	{ 0x00A0, "NO-BREAK SPACE" },
	{ 0x00AD, "SOFT HYPHEN" },
	{ 0x034F, "COMBINING GRAPHEME JOINER" },
	{ 0x061C, "ARABIC LETTER MARK" },
	{ 0x115F, "HANGUL CHOSEONG FILLER" },
	{ 0x1160, "HANGUL JUNGSEONG FILLER" },
	{ 0x1680, "OGHAM SPACE MARK" },
	{ 0x180E, "MONGOLIAN VOWEL SEPARATOR" },
	{ 0x2000, "EN QUAD" },
	{ 0x2001, "EM QUAD" },
	{ 0x2002, "EN SPACE" },
	{ 0x2003, "EM SPACE" },
	{ 0x2004, "THREE-PER-EM SPACE" },
	{ 0x2005, "FOUR-PER-EM SPACE" },
	{ 0x2006, "SIX-PER-EM SPACE" },
	{ 0x2007, "FIGURE SPACE" },
	{ 0x2008, "PUNCTUATION SPACE" },
	{ 0x2009, "THIN SPACE" },
	{ 0x200A, "HAIR SPACE" },
	{ 0x200B, "ZERO WIDTH SPACE" },
	{ 0x200C, "ZERO WIDTH NON-JOINER" },
	{ 0x200D, "ZERO WIDTH JOINER" },
	{ 0x200E, "LEFT-TO-RIGHT MARK" },
	{ 0x200F, "RIGHT-TO-LEFT MARK" },
	{ 0x2011, "NON-BREAKING HYPHEN" },
	{ 0x2028, "LINE SEPARATOR" },
	{ 0x2029, "PARAGRAPH SEPARATOR" },
	{ 0x202A, "LEFT-TO-RIGHT EMBEDDING" },
	{ 0x202B, "RIGHT-TO-LEFT EMBEDDING" },
	{ 0x202C, "POP DIRECTIONAL FORMATTING" },
	{ 0x202D, "LEFT-TO-RIGHT OVERRIDE" },
	{ 0x202E, "RIGHT-TO-LEFT OVERRIDE" },
	{ 0x202F, "NARROW NO-BREAK SPACE" },
	{ 0x205F, "MEDIUM MATHEMATICAL SPACE" },
	{ 0x2060, "WORD JOINER" },
	{ 0x2061, "FUNCTION APPLICATION" },
	{ 0x2062, "INVISIBLE TIMES" },
	{ 0x2063, "INVISIBLE SEPARATOR" },
	{ 0x2064, "INVISIBLE PLUS" },
	{ 0x2066, "LEFT-TO-RIGHT ISOLATE" },
	{ 0x2067, "RIGHT-TO-LEFT ISOLATE" },
	{ 0x2068, "FIRST STRONG ISOLATE" },
	{ 0x2069, "POP DIRECTIONAL ISOLATE" },
	{ 0x206A, "INHIBIT SYMMETRIC SWAPPING" },
	{ 0x206B, "ACTIVATE SYMMETRIC SWAPPING" },
	{ 0x206C, "INHIBIT ARABIC FORM SHAPING" },
	{ 0x206D, "ACTIVATE ARABIC FORM SHAPING" },
	{ 0x206E, "NATIONAL DIGIT SHAPES" },
	{ 0x206F, "NOMINAL DIGIT SHAPES" },
	{ 0x3000, "IDEOGRAPHIC SPACE" },
	{ 0x3164, "HANGUL FILLER" },
	{ 0xFB00, "LATIN SMALL LIGATURE FF" },
	{ 0xFB01, "LATIN SMALL LIGATURE FI" },
	{ 0xFB02, "LATIN SMALL LIGATURE FL" },
	{ 0xFB03, "LATIN SMALL LIGATURE FFI" },
	{ 0xFB04, "LATIN SMALL LIGATURE FFL" },
	{ 0xFB05, "LATIN SMALL LIGATURE LONG S T" },
	{ 0xFB06, "LATIN SMALL LIGATURE ST" },
	{ 0xFE0F, "VARIATION SELECTOR-16" },
	{ 0xFEFF, "ZERO WIDTH NO-BREAK SPACE" },
	{ 0xFFA0, "HALFWIDTH HANGUL FILLER" },
	{ 0xFFF9, "INTERLINEAR ANNOTATION ANCHOR" },
	{ 0xFFFA, "INTERLINEAR ANNOTATION SEPARATOR" },
	{ 0xFFFB, "INTERLINEAR ANNOTATION TERMINATOR" },
	{ 0xFFFC, "OBJECT REPLACEMENT CHARACTER" },
	{ 0xFFFD, "REPLACEMENT CHARACTER" },
};

const char *
fg_char_name(int cp)
{
	size_t lo = 0, hi = sizeof char_names / sizeof char_names[0], mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (char_names[mid].cp == cp)
			return char_names[mid].name;
		if (char_names[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if ((cp >= 0x80 && cp < 0xA0) || (cp >= 0 && cp < 0x20) || cp == 0x7F)
		return "<control>";
	if (cp >= 0xFE00 && cp <= 0xFE0F)
		return "VARIATION SELECTOR";
	if (cp >= 0xE0000 && cp <= 0xE007F)
		return "TAG CHARACTER";
	if ((cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000)
		return "<private use>";
	return NULL;
}

/* ---- reports ---- */

void
fg_import_report_free(struct fg_import_report *r)
{
	size_t i;

	if (r == NULL)
		return;
	free(r->path);
	free(r->name);
	free(r->fg);
	free(r->profile);
	free(r->encoding);
	for (i = 0; i < r->nspeakers; i++) {
		free(r->speakers[i].name);
		free(r->speakers[i].pid);
	}
	free(r->speakers);
	free(r->odd_chars);
	for (i = 0; i < r->nwarnings; i++)
		free(r->warnings[i]);
	free(r->warnings);
	memset(r, 0, sizeof *r);
}

static enum fg_status
nomem(struct fg_error *err)
{
	return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
}

static char *
xstrdup(const char *s)
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

/* Append the owned string w to rep's warnings (dropped beyond the cap). */
static enum fg_status
report_push(struct fg_import_report *rep, char *w, struct fg_error *err)
{
	char **v;

	if (w == NULL)
		return nomem(err);
	if (rep->nwarnings >= FG_IMPORT_MAX_WARN) {
		rep->warnings_dropped++;
		free(w);
		return FG_OK;
	}
	if ((v = realloc(rep->warnings, (rep->nwarnings + 1) * sizeof *v))
	    == NULL) {
		free(w);
		return nomem(err);
	}
	rep->warnings = v;
	v[rep->nwarnings++] = w;
	return FG_OK;
}

/* Add a "LINE: text" warning to rep. */
static enum fg_status
report_warn(struct fg_import_report *rep, struct fg_error *err, int line,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static enum fg_status
report_warn(struct fg_import_report *rep, struct fg_error *err, int line,
    const char *fmt, ...)
{
	struct fg_buf b = FG_BUF_INIT;
	va_list ap;
	char msg[1024];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (fg_buf_printf(&b, "%d: %s", line, msg) != FG_OK)
		return nomem(err);
	return report_push(rep, fg_buf_steal(&b), err);
}

/* ---- the importer ---- */

#define PROFILE_CACHE 4

struct fg_importer {
	struct fg_db *db;
	struct fg_import_opts opts;
	struct fg_profile *fixed;            /* --profile */
	struct fg_profile *cache[PROFILE_CACHE]; /* defaults by file name */
	sqlite3_stmt *st_dup;
	sqlite3_stmt *st_source;
	sqlite3_stmt *st_attr;
	sqlite3_stmt *st_turn;
	sqlite3_stmt *st_note;
};

void
fg_importer_free(struct fg_importer *imp)
{
	int i;

	if (imp == NULL)
		return;
	fg_profile_free(imp->fixed);
	for (i = 0; i < PROFILE_CACHE; i++)
		fg_profile_free(imp->cache[i]);
	sqlite3_finalize(imp->st_dup);
	sqlite3_finalize(imp->st_source);
	sqlite3_finalize(imp->st_attr);
	sqlite3_finalize(imp->st_turn);
	sqlite3_finalize(imp->st_note);
	free(imp);
}

/* Split "KEY=VALUE": the key's length, or 0 when malformed. */
static size_t
set_key_len(const char *kv)
{
	const char *eq = strchr(kv, '=');

	return eq == NULL ? 0 : (size_t)(eq - kv);
}

enum fg_status
fg_importer_new(struct fg_db *db, const struct fg_import_opts *opts,
    struct fg_importer **out, struct fg_error *err)
{
	struct fg_importer *imp;
	enum fg_status s;
	size_t i, kl;

	*out = NULL;
	for (i = 0; i < opts->nsets; i++) {
		kl = set_key_len(opts->sets[i]);
		if (kl == 0)
			return fg_error_set(err, FG_USAGE, NULL, 0, 0,
			    "--set '%s': expected KEY=VALUE", opts->sets[i]);
		if ((kl == 12 && strncmp(opts->sets[i], "participants", 12)
		    == 0) || (kl == 8 && strncmp(opts->sets[i], "speakers", 8)
		    == 0))
			return fg_error_set(err, FG_USAGE, NULL, 0, 0,
			    "--set '%s': '%.*s' is a list; write it in the "
			    "front matter%s", opts->sets[i], (int)kl,
			    opts->sets[i], kl == 8 ? " or use --speaker" : "");
	}
	if ((imp = calloc(1, sizeof *imp)) == NULL)
		return nomem(err);
	imp->db = db;
	imp->opts = *opts;
	if (opts->profile != NULL &&
	    (s = fg_profile_get(opts->profile, &imp->fixed, err)) != FG_OK)
		goto fail;
	if ((s = fg_db_prepare(db, "SELECT id FROM source WHERE "
	    "file_sha256 = ?1", &imp->st_dup, err)) != FG_OK ||
	    (s = fg_db_prepare(db, "INSERT INTO source (name, path, "
	    "file_sha256, text_sha256, text, n_cp, n_bytes, body_line, "
	    "front_matter, encoding, had_bom, crlf_count, cr_count, profile, "
	    "group_id, language, imported_at, imported_by) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
	    "?17, ?18)", &imp->st_source, err)) != FG_OK ||
	    (s = fg_db_prepare(db, "INSERT INTO source_attr (source_id, key, "
	    "value) VALUES (?1, ?2, ?3)", &imp->st_attr, err)) != FG_OK ||
	    (s = fg_db_prepare(db, "INSERT INTO turn (source_id, seq, "
	    "speaker, speaker_raw, participant_id, timestamp, start_cp, "
	    "end_cp, start_b, end_b, line_start, line_end) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", &imp->st_turn, err))
	    != FG_OK ||
	    (s = fg_db_prepare(db, "INSERT INTO turn_note (turn_id, line, "
	    "text) SELECT id, ?3, ?4 FROM turn WHERE source_id = ?1 AND "
	    "seq = ?2", &imp->st_note, err)) != FG_OK)
		goto fail;
	*out = imp;
	return FG_OK;
fail:
	fg_importer_free(imp);
	return s;
}

/* The profile for file: --profile, else the default for its name. */
static enum fg_status
pick_profile(struct fg_importer *imp, const char *file,
    struct fg_profile **out, struct fg_error *err)
{
	const char *name;
	enum fg_status s;
	int i;

	if (imp->fixed != NULL) {
		*out = imp->fixed;
		return FG_OK;
	}
	name = fg_profile_default_for(file);
	for (i = 0; i < PROFILE_CACHE && imp->cache[i] != NULL; i++)
		if (strcmp(fg_profile_name(imp->cache[i]), name) == 0) {
			*out = imp->cache[i];
			return FG_OK;
		}
	if (i == PROFILE_CACHE) {
		fg_profile_free(imp->cache[--i]);
		imp->cache[i] = NULL;
	}
	if ((s = fg_profile_get(name, &imp->cache[i], err)) != FG_OK)
		return s;
	*out = imp->cache[i];
	return FG_OK;
}

/* Run a write statement once and reset it. */
static enum fg_status
step_reset(struct fg_db *db, sqlite3_stmt *st, struct fg_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return fg_db_fail(db, rc, err);
	return FG_OK;
}

static void
bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

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
static enum fg_status
apply_sets(const struct fg_import_opts *o, struct fg_yaml **root,
    const char *file, struct fg_error *err)
{
	struct fg_yaml *map = *root, *k, *v, **items;
	const char *kv, *val;
	size_t i, j, kl;

	if (o->nsets == 0)
		return FG_OK;
	if (map == NULL) {
		if ((map = calloc(1, sizeof *map)) == NULL)
			return nomem(err);
		map->kind = FG_YAML_MAP;
		*root = map;
	}
	if (map->kind != FG_YAML_MAP)
		return fg_yaml_error(err, file, map, "the front matter must be "
		    "a mapping of keys to values, not %s",
		    fg_yaml_kind_name(map->kind));
	for (i = 0; i < o->nsets; i++) {
		kv = o->sets[i];
		kl = set_key_len(kv);
		val = kv + kl + 1;
		for (j = 0; j < map->n; j++)
			if (strlen(map->items[2 * j]->str) == kl &&
			    strncmp(map->items[2 * j]->str, kv, kl) == 0)
				break;
		if ((v = scalar_new(val, strlen(val))) == NULL)
			return nomem(err);
		if (j < map->n) {
			fg_yaml_free(map->items[2 * j + 1]);
			map->items[2 * j + 1] = v;
			continue;
		}
		if ((k = scalar_new(kv, kl)) == NULL) {
			fg_yaml_free(v);
			return nomem(err);
		}
		items = realloc(map->items, 2 * (map->n + 1) * sizeof *items);
		if (items == NULL) {
			fg_yaml_free(k);
			fg_yaml_free(v);
			return nomem(err);
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

/* The front matter, checked. */
struct fm {
	const char *fg, *col[4];             /* city, date, language,
	                                      * facilitator */
	const struct fg_yaml *fg_node, *col_node[4];
	const struct fg_yaml *participants;  /* SEQ or NULL */
	const struct fg_yaml *speakers;      /* SEQ or NULL */
};

static const char *const fm_cols[4] = { "city", "date", "language",
    "facilitator" };

static enum fg_status
fm_check(const struct fg_yaml *root, const char *file, struct fm *fm,
    struct fg_error *err)
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
static enum fg_status
link_group(struct fg_db *db, const struct fm *fm, const char *file,
    int64_t *gid, char **fac, char **lang, struct fg_import_report *rep,
    struct fg_error *err)
{
	sqlite3_stmt *st = NULL;
	enum fg_status s;
	const char *rv;
	char *have[4] = { NULL, NULL, NULL, NULL };
	int rc, c;

	*gid = 0;
	*fac = *lang = NULL;
	if (fm->fg == NULL) {
		*fac = xstrdup(fm->col[3]);
		*lang = xstrdup(fm->col[2]);
		if ((fm->col[3] && !*fac) || (fm->col[2] && !*lang))
			return nomem(err);
		return FG_OK;
	}
	if ((rep->fg = xstrdup(fm->fg)) == NULL)
		return nomem(err);
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
			    (have[c] = xstrdup(rv)) == NULL)
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
		bind_opt(st, c + 2, fm->col[c]);
	s = step_reset(db, st, err);
	sqlite3_finalize(st);
	if (s != FG_OK)
		goto out;
	if (*gid == 0) {
		*gid = sqlite3_last_insert_rowid(db->db);
		rep->group_created = 1;
	}
	*fac = xstrdup(fm->col[3] ? fm->col[3] : have[3]);
	*lang = xstrdup(fm->col[2] ? fm->col[2] : have[2]);
	if (((fm->col[3] || have[3]) && !*fac) ||
	    ((fm->col[2] || have[2]) && !*lang))
		s = nomem(err);
out:
	for (c = 0; c < 4; c++)
		free(have[c]);
	return s;
}

/* ---- participants and speakers ---- */

struct cand {
	int64_t id;
	char *pid;       /* as stored */
	char *norm;      /* fg_speaker_normalize(pid) */
	char *fold;      /* case-folded norm */
};

struct cands {
	struct cand *v;
	size_t n, cap;
};

static void
cands_free(struct cands *c)
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
		return xstrdup(s);
	return (char *)out;
}

static enum fg_status
cands_add(struct cands *c, int64_t id, const char *pid, struct fg_error *err)
{
	struct cand *v;

	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		if ((v = realloc(c->v, c->cap * sizeof *v)) == NULL)
			return nomem(err);
		c->v = v;
	}
	v = &c->v[c->n];
	v->id = id;
	v->pid = xstrdup(pid);
	v->norm = fg_speaker_normalize(pid, strlen(pid));
	v->fold = v->norm ? casefold(v->norm) : NULL;
	if (!v->pid || !v->norm || !v->fold) {
		free(v->pid);
		free(v->norm);
		free(v->fold);
		return nomem(err);
	}
	c->n++;
	return FG_OK;
}

/* Load the group's participants as candidates. */
static enum fg_status
cands_load(struct fg_db *db, int64_t gid, struct cands *c,
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
		if ((s = cands_add(c, sqlite3_column_int64(st, 0),
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
			return nomem(err);
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
			return nomem(err);
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
match_speaker(const struct cands *c, struct spk *sp, int line,
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
		return nomem(err);
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
		s = report_warn(rep, err, line, "speaker '%s' matches several "
		    "participants ignoring case (%s); not linked to any",
		    sp->name, names.p);
	fg_buf_free(&names);
	return s;
}

/* ---- storing ---- */

/* Store the top-level front-matter values as source_attr. */
static enum fg_status
store_attrs(struct fg_importer *imp, int64_t sid, const struct fg_yaml *root,
    struct fg_import_report *rep, struct fg_error *err)
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
				if ((s = report_warn(rep, err, k->line,
				    "front-matter key '%s' holds %s; kept only "
				    "in the verbatim front matter", k->str,
				    v->kind == FG_YAML_MAP ? "a mapping" :
				    "a nested list")) != FG_OK)
					return s;
				continue;
			}
			if ((arr = json_array()) == NULL)
				return nomem(err);
			for (j = 0; j < v->n; j++)
				json_array_append_new(arr, json_stringn(
				    v->items[j]->str, v->items[j]->len));
			js = json_dumps(arr, JSON_COMPACT);
			json_decref(arr);
			if (js == NULL)
				return nomem(err);
		}
		sqlite3_bind_int64(imp->st_attr, 1, sid);
		sqlite3_bind_text(imp->st_attr, 2, k->str, -1, SQLITE_STATIC);
		if (js != NULL)
			sqlite3_bind_text(imp->st_attr, 3, js, -1,
			    SQLITE_TRANSIENT);
		else
			sqlite3_bind_text(imp->st_attr, 3, v->str,
			    (int)v->len, SQLITE_STATIC);
		s = step_reset(imp->db, imp->st_attr, err);
		free(js);
		if (s != FG_OK)
			return s;
	}
	return FG_OK;
}

/* Insert the turns and notes of tr, linking speakers; fill rep. */
static enum fg_status
store_turns(struct fg_importer *imp, int64_t sid, const struct cands *c,
    const struct fg_transcript *tr, struct fg_import_report *rep,
    struct fg_error *err)
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
		bind_opt(st, 6, t->timestamp);
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
			if ((s = report_warn(rep, err, tr->notes[i].line,
			    "note before the first turn not stored: %s",
			    tr->notes[i].text)) != FG_OK)
				goto out;
			continue;
		}
		sqlite3_bind_int64(imp->st_note, 1, sid);
		sqlite3_bind_int64(imp->st_note, 2,
		    (int64_t)tr->notes[i].turn + 1);
		sqlite3_bind_int(imp->st_note, 3, tr->notes[i].line);
		sqlite3_bind_text(imp->st_note, 4, tr->notes[i].text, -1,
		    SQLITE_STATIC);
		if ((s = step_reset(db, imp->st_note, err)) != FG_OK)
			goto out;
		rep->nnotes++;
	}

	/* the summary's speaker list, in order of first appearance */
	if (m.n > 0 && (rep->speakers = calloc(m.n, sizeof *rep->speakers))
	    == NULL) {
		s = nomem(err);
		goto out;
	}
	for (i = 0; i < m.n; i++) {
		rep->speakers[i].name = xstrdup(m.v[i].name);
		rep->speakers[i].turns = m.v[i].turns;
		rep->speakers[i].pid = xstrdup(m.v[i].pid);
		rep->nspeakers++;
		if (rep->speakers[i].name == NULL ||
		    (m.v[i].pid != NULL && rep->speakers[i].pid == NULL)) {
			s = nomem(err);
			goto out;
		}
	}
out:
	spkmap_free(&m);
	return s;
}

/* Copy the parser's findings into the report. */
static enum fg_status
report_parse(const struct fg_transcript *tr, struct fg_import_report *rep,
    struct fg_error *err)
{
	enum fg_status s;
	size_t i;

	rep->preamble_lines = tr->preamble_lines;
	if (tr->nodd_chars > 0) {
		rep->odd_chars = malloc(tr->nodd_chars * sizeof *rep->odd_chars);
		if (rep->odd_chars == NULL)
			return nomem(err);
		memcpy(rep->odd_chars, tr->odd_chars,
		    tr->nodd_chars * sizeof *rep->odd_chars);
		rep->nodd_chars = tr->nodd_chars;
	}
	/* the parser's warnings already read "LINE: text" */
	for (i = 0; i < tr->nwarnings; i++)
		if ((s = report_push(rep, xstrdup(tr->warnings[i]), err))
		    != FG_OK)
			return s;
	return FG_OK;
}

/* ---- reading and checking the bytes ---- */

static enum fg_status
read_file(const char *path, struct fg_buf *b, struct fg_error *err)
{
	struct stat sb;
	char chunk[65536];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL)
		return fg_error_set(err, FG_IO, path, 0, 0, "cannot open: %s",
		    strerror(errno));
	if (fstat(fileno(f), &sb) == 0) {
		if (S_ISDIR(sb.st_mode)) {
			fclose(f);
			return fg_error_set(err, FG_IO, path, 0, 0,
			    "is a directory, not a transcript");
		}
		if (S_ISREG(sb.st_mode) && fg_buf_reserve(b,
		    (size_t)sb.st_size + 1) != FG_OK) {
			fclose(f);
			return nomem(err);
		}
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (fg_buf_add(b, chunk, n) != FG_OK) {
			fclose(f);
			return nomem(err);
		}
	if (ferror(f)) {
		fclose(f);
		return fg_error_set(err, FG_IO, path, 0, 0, "read error: %s",
		    strerror(errno));
	}
	fclose(f);
	return FG_OK;
}


/* Refuse bytes that are not UTF-8, with a hint. */
/* The error for a file that is not valid UTF-8 (bad: the first bad byte),
 * with a hint for UTF-16 and legacy encodings. */
static enum fg_status
utf8_error(const char *d, size_t n, size_t bad, const char *file,
    struct fg_error *err)
{
	int line, col;

	if (n >= 2 && ((unsigned char)d[0] == 0xFF && (unsigned char)d[1] ==
	    0xFE))
		return fg_error_set(err, FG_INPUT, file, 1, 1, "the file "
		    "starts with the UTF-16LE byte-order mark FF FE; re-run "
		    "with --encoding UTF-16");
	if (n >= 2 && ((unsigned char)d[0] == 0xFE && (unsigned char)d[1] ==
	    0xFF))
		return fg_error_set(err, FG_INPUT, file, 1, 1, "the file "
		    "starts with the UTF-16BE byte-order mark FE FF; re-run "
		    "with --encoding UTF-16");
	fg_utf8_locate(d, bad, &line, &col);
	return fg_error_set(err, FG_INPUT, file, line, col, "invalid UTF-8: "
	    "byte 0x%02X at byte offset %zu; re-run with --encoding "
	    "windows-1252 if the file is not UTF-8", (unsigned char)d[bad],
	    bad);
}

static enum fg_status
check_utf8(const char *d, size_t n, const char *file, struct fg_error *err)
{
	size_t bad = 0;

	if (fg_utf8_valid(d, n, &bad))
		return FG_OK;
	return utf8_error(d, n, bad, file, err);
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL && s[1] != '\0' ? s + 1 : path;
}

/* Is there an existing source with this file hash?  *id 0 if not. */
static enum fg_status
find_dup(struct fg_importer *imp, const char *sha, int64_t *id,
    struct fg_error *err)
{
	int rc;

	*id = 0;
	sqlite3_bind_text(imp->st_dup, 1, sha, -1, SQLITE_STATIC);
	rc = sqlite3_step(imp->st_dup);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(imp->st_dup, 0);
	sqlite3_reset(imp->st_dup);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fg_db_fail(imp->db, rc, err);
	return FG_OK;
}

/* Declared speakers: front matter + --speaker, else facilitator and
 * participant ids (see source.h).  names is an array of borrowed strings
 * with room for enough entries. */
static size_t
declared(const struct fg_import_opts *o, const struct fm *fm,
    const char *fac, const struct fg_yaml *parts, const char **names,
    const char **by)
{
	size_t n = 0, i;
	const char *id;

	*by = NULL;
	if (fm->speakers != NULL)
		for (i = 0; i < fm->speakers->n; i++)
			names[n++] = fm->speakers->items[i]->str;
	for (i = 0; i < o->nspeakers; i++)
		names[n++] = o->speakers[i];
	if (n > 0) {
		*by = fm->speakers && fm->speakers->n > 0 ? (o->nspeakers ?
		    "front matter and --speaker" : "front matter") :
		    "--speaker";
		return n;
	}
	if (parts == NULL || parts->n == 0 || fac == NULL)
		return 0;
	names[n++] = fac;
	for (i = 0; i < parts->n; i++)
		if ((id = fg_yaml_get_str(parts->items[i], "id")) != NULL)
			names[n++] = id;
	*by = "facilitator and participants";
	return n;
}

/* Import data[0..len); when own is not NULL it holds data and is freed as
 * soon as the bytes are no longer needed, so that a file's original bytes
 * and its normalised text are not both kept while it is parsed. */
/* ---- the import pipeline ----
 *
 * The work on a file that needs no database (reading it, hashing the
 * original bytes, checking UTF-8, normalising line ends, splitting off the
 * front matter, hashing and counting the body) is done for the next file
 * on a second thread while the current one is parsed and inserted.  At
 * most two files are in memory at once. */
struct prep {
	const char *path;
	int convert;            /* --encoding given: only read and hash */
	struct fg_buf raw;
	enum fg_status st;      /* of reading the file */
	struct fg_error err;
	char fsha[FG_SHA256_HEX];
	int valid;              /* UTF-8 checked and valid (convert == 0) */
	size_t bad;             /* else the first bad byte */
	struct fg_norm norm;    /* normalised text, when valid */
	int split;              /* the front matter split succeeded */
	int has_fm, body_line;
	size_t fm_off, fm_len, body_off;
	char tsha[FG_SHA256_HEX];
	size_t n_cp;
};

static void
prep_run(struct prep *p)
{
	const char *body;
	size_t blen;

	fg_error_clear(&p->err);
	if ((p->st = read_file(p->path, &p->raw, &p->err)) != FG_OK)
		return;
	fg_sha256_hex(p->raw.p ? p->raw.p : "", p->raw.len, p->fsha);
	if (p->convert)
		return;
	p->valid = fg_utf8_valid(p->raw.p ? p->raw.p : "", p->raw.len,
	    &p->bad);
	if (!p->valid || fg_text_normalize(p->raw.p ? p->raw.p : "",
	    p->raw.len, &p->norm) != FG_OK)
		return;
	if (memchr(p->norm.text, '\0', p->norm.len) != NULL)
		return;   /* the main thread reports it */
	if (fg_front_matter_split(p->norm.text, p->norm.len, p->path,
	    &p->has_fm, &p->fm_off, &p->fm_len, &p->body_off, &p->body_line,
	    NULL) != FG_OK)
		return;
	p->split = 1;
	body = p->norm.text + p->body_off;
	blen = p->norm.len - p->body_off;
	fg_sha256_hex(body, blen, p->tsha);
	p->n_cp = fg_utf8_cp_count(body, blen);
}

static void *
prep_thread(void *arg)
{
	prep_run(arg);
	return NULL;
}

static void
prep_free(struct prep *p)
{
	fg_buf_free(&p->raw);
	free(p->norm.text);
	memset(p, 0, sizeof *p);
}

static enum fg_status
import_data(struct fg_importer *imp, const char *path, const char *data,
    size_t len, struct fg_buf *own, struct prep *pre,
    struct fg_import_report *rep, struct fg_error *err)
{
	struct fg_db *db = imp->db;
	const struct fg_import_opts *o = &imp->opts;
	char fsha[FG_SHA256_HEX], tsha[FG_SHA256_HEX];
	struct fg_buf conv = FG_BUF_INIT;
	struct fg_norm norm = { NULL, 0, 0, 0, 0 };
	struct fg_yaml *root = NULL;
	struct fg_transcript *tr = NULL;
	struct fg_profile *prof;
	struct fg_parse_opts popts;
	sqlite3_stmt *st = imp->st_source;
	struct cands cands = { NULL, 0, 0 };
	struct fm fm;
	const char *body, **names = NULL;
	char *fac = NULL, *lang = NULL, *vtt = NULL;
	size_t fm_off = 0, fm_len = 0, body_off = 0, blen, nl, i, np;
	int has_fm = 0, body_line = 1, added, line, col;
	int64_t sid, gid = 0, pr;
	enum fg_status s;

	memset(rep, 0, sizeof *rep);
	if ((rep->path = xstrdup(path)) == NULL ||
	    (rep->name = xstrdup(base_name(path))) == NULL ||
	    (rep->encoding = xstrdup(o->encoding ? o->encoding : "utf-8"))
	    == NULL)
		return nomem(err);

	/* 1. the original bytes: hash, duplicate check */
	if (pre != NULL)
		memcpy(fsha, pre->fsha, sizeof fsha);
	else
		fg_sha256_hex(data, len, fsha);
	if ((s = find_dup(imp, fsha, &rep->source_id, err)) != FG_OK)
		return s;
	if (rep->source_id != 0) {
		rep->skipped = 1;
		return FG_OK;
	}

	/* 2. UTF-8 */
	if (o->encoding != NULL) {
		if ((s = fg_convert_to_utf8(data, len, o->encoding, &conv,
		    path, err)) != FG_OK)
			goto out;
		data = conv.p ? conv.p : "";
		len = conv.len;
		if (own != NULL)
			fg_buf_free(own);
	} else if (pre != NULL && !pre->valid) {
		return utf8_error(data, len, pre->bad, path, err);
	} else if (pre == NULL && (s = check_utf8(data, len, path, err)) !=
	    FG_OK) {
		return s;
	}

	/* 3. BOM and line ends */
	if (pre != NULL && pre->norm.text != NULL) {
		norm = pre->norm;       /* take it over */
		pre->norm.text = NULL;
	} else if (fg_text_normalize(data, len, &norm) != FG_OK) {
		s = nomem(err);
		goto out;
	}
	fg_buf_free(&conv);
	if (own != NULL)
		fg_buf_free(own);
	rep->had_bom = norm.had_bom;
	rep->crlf = norm.crlf;
	rep->cr = norm.cr;
	if ((body = memchr(norm.text, '\0', norm.len)) != NULL) {
		fg_utf8_locate(norm.text, (size_t)(body - norm.text), &line,
		    &col);
		s = fg_error_set(err, FG_INPUT, path, line, col, "NUL byte in "
		    "the text; is this a text file?");
		goto out;
	}

	/* 4. front matter */
	if (pre != NULL && pre->split) {
		has_fm = pre->has_fm;
		fm_off = pre->fm_off;
		fm_len = pre->fm_len;
		body_off = pre->body_off;
		body_line = pre->body_line;
	} else if ((s = fg_front_matter_split(norm.text, norm.len, path,
	    &has_fm, &fm_off, &fm_len, &body_off, &body_line, err)) != FG_OK)
		goto out;
	if (has_fm) {
		for (nl = 0, i = 0; i < fm_off; i++)
			nl += norm.text[i] == '\n';
		if ((s = fg_yaml_load_string(norm.text + fm_off, fm_len, path,
		    (int)nl, &root, err)) != FG_OK)
			goto out;
	}
	if ((s = apply_sets(o, &root, path, err)) != FG_OK ||
	    (s = fm_check(root, path, &fm, err)) != FG_OK)
		goto out;
	body = norm.text + body_off;
	blen = norm.len - body_off;
	if ((sqlite3_int64)blen > sqlite3_limit(db->db, SQLITE_LIMIT_LENGTH, -1)) {
		s = fg_error_set(err, FG_LIMIT, path, 0, 0, "the text is %zu "
		    "bytes, more than SQLite's limit of %d", blen,
		    sqlite3_limit(db->db, SQLITE_LIMIT_LENGTH, -1));
		goto out;
	}

	/* 5. focus group and participants */
	if ((s = link_group(db, &fm, path, &gid, &fac, &lang, rep, err))
	    != FG_OK)
		goto out;
	np = fm.participants ? fm.participants->n : 0;
	for (i = 0; i < np; i++) {
		if ((s = fg_roster_put_participant(db, gid,
		    fm.participants->items[i], path, &pr, &added, err))
		    != FG_OK)
			goto out;
		if (gid == 0 && (s = cands_add(&cands, pr,
		    fg_yaml_get_str(fm.participants->items[i], "id"), err))
		    != FG_OK)
			goto out;
	}
	rep->nparticipants = np;
	if (gid != 0 && (s = cands_load(db, gid, &cands, err)) != FG_OK)
		goto out;

	/* 6. turns */
	if ((s = pick_profile(imp, path, &prof, err)) != FG_OK)
		goto out;
	if ((rep->profile = xstrdup(fg_profile_name(prof))) == NULL) {
		s = nomem(err);
		goto out;
	}
	names = calloc((fm.speakers ? fm.speakers->n : 0) + o->nspeakers +
	    np + 1, sizeof *names);
	if (names == NULL) {
		s = nomem(err);
		goto out;
	}
	memset(&popts, 0, sizeof popts);
	popts.file = path;
	popts.body_line = body_line;
	popts.valid_utf8 = 1;  /* the whole file was checked above */
	popts.speakers = names;
	popts.nspeakers = declared(o, &fm, fac, fm.participants, names,
	    &rep->declared_by);
	rep->ndeclared = popts.nspeakers;
	if (strcmp(rep->profile, "webvtt") == 0) {
		/* WebVTT: the stored text is a rendering of the cues (vtt.h) */
		s = fg_vtt_import(body, blen, &popts, &vtt, &blen, &tr, err);
		body = vtt;
		pre = NULL;     /* so the rendered text is hashed and counted */
	} else
		s = fg_transcript_parse(body, blen, prof, &popts, &tr, err);
	if (s != FG_OK)
		goto out;
	if ((s = report_parse(tr, rep, err)) != FG_OK)
		goto out;

	/* the source row */
	if (pre != NULL && pre->split) {
		memcpy(tsha, pre->tsha, sizeof tsha);
		rep->n_cp = pre->n_cp;
	} else {
		fg_sha256_hex(body, blen, tsha);
		rep->n_cp = fg_utf8_cp_count(body, blen);
	}
	sqlite3_bind_text(st, 1, rep->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, fsha, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, tsha, -1, SQLITE_STATIC);
	sqlite3_bind_text64(st, 5, body, (sqlite3_uint64)blen, SQLITE_STATIC,
	    SQLITE_UTF8);
	sqlite3_bind_int64(st, 6, (int64_t)rep->n_cp);
	sqlite3_bind_int64(st, 7, (int64_t)blen);
	sqlite3_bind_int(st, 8, body_line);
	if (has_fm)
		sqlite3_bind_text64(st, 9, norm.text + fm_off, fm_len,
		    SQLITE_STATIC, SQLITE_UTF8);
	else
		sqlite3_bind_null(st, 9);
	sqlite3_bind_text(st, 10, rep->encoding, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 11, norm.had_bom);
	sqlite3_bind_int64(st, 12, (int64_t)norm.crlf);
	sqlite3_bind_int64(st, 13, (int64_t)norm.cr);
	sqlite3_bind_text(st, 14, rep->profile, -1, SQLITE_STATIC);
	if (gid != 0)
		sqlite3_bind_int64(st, 15, gid);
	else
		sqlite3_bind_null(st, 15);
	bind_opt(st, 16, lang);
	sqlite3_bind_text(st, 17, db->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 18, o->coder ? o->coder : "unknown", -1,
	    SQLITE_STATIC);
	s = step_reset(db, st, err);
	sqlite3_clear_bindings(st);
	if (s != FG_OK)
		goto out;
	sid = sqlite3_last_insert_rowid(db->db);
	rep->source_id = sid;
	if ((s = store_attrs(imp, sid, root, rep, err)) != FG_OK ||
	    (s = store_turns(imp, sid, &cands, tr, rep, err)) != FG_OK ||
	    (s = fg_history_source_imported(db, sid, err)) != FG_OK)
		goto out;
out:
	fg_transcript_free(tr);
	free(vtt);
	free(names);
	free(fac);
	free(lang);
	cands_free(&cands);
	fg_yaml_free(root);
	free(norm.text);
	fg_buf_free(&conv);
	return s;
}

enum fg_status
fg_importer_add(struct fg_importer *imp, const char *path,
    struct fg_import_report *rep, struct fg_error *err)
{
	struct fg_buf b = FG_BUF_INIT;
	enum fg_status s;

	memset(rep, 0, sizeof *rep);
	if ((s = read_file(path, &b, err)) == FG_OK)
		s = import_data(imp, path, b.p ? b.p : "", b.len, &b, NULL,
		    rep, err);
	fg_buf_free(&b);
	return s;
}

enum fg_status
fg_importer_add_bytes(struct fg_importer *imp, const char *path,
    const char *data, size_t len, struct fg_import_report *rep,
    struct fg_error *err)
{
	return import_data(imp, path, data, len, NULL, NULL, rep, err);
}

enum fg_status
fg_source_import(struct fg_db *db, const char *const *paths, size_t n,
    const struct fg_import_opts *opts, struct fg_import_report **reps,
    struct fg_error *err)
{
	struct fg_import_report *r;
	struct fg_importer *imp = NULL;
	struct prep pp[2];
	pthread_t th;
	enum fg_status s;
	size_t i;
	int running = 0;

	*reps = NULL;
	memset(pp, 0, sizeof pp);
	if ((r = calloc(n ? n : 1, sizeof *r)) == NULL)
		return nomem(err);
	if ((s = fg_importer_new(db, opts, &imp, err)) != FG_OK) {
		free(r);
		return s;
	}
	if ((s = fg_db_begin(db, err)) == FG_OK) {
		for (i = 0; i < n && s == FG_OK; i++) {
			struct prep *cur = &pp[i % 2], *next = &pp[(i + 1) % 2];

			if (i == 0) {
				cur->path = paths[0];
				cur->convert = opts->encoding != NULL;
				prep_run(cur);
			} else if (running) {
				pthread_join(th, NULL);
				running = 0;
			}
			/* start on the next file while this one is stored */
			if (i + 1 < n) {
				next->path = paths[i + 1];
				next->convert = opts->encoding != NULL;
				if (pthread_create(&th, NULL, prep_thread, next)
				    == 0)
					running = 1;
				else
					prep_run(next);
			}
			memset(&r[i], 0, sizeof r[i]);
			if ((s = cur->st) != FG_OK)
				*err = cur->err;
			else
				s = import_data(imp, paths[i], cur->raw.p ?
				    cur->raw.p : "", cur->raw.len, &cur->raw,
				    cur, &r[i], err);
			prep_free(cur);
		}
		if (running)
			pthread_join(th, NULL);
		prep_free(&pp[0]);
		prep_free(&pp[1]);
		fg_importer_free(imp);
		imp = NULL;
		if (s == FG_OK)
			s = fg_db_commit(db, err);
		else
			fg_db_rollback(db);
	}
	fg_importer_free(imp);
	if (s != FG_OK) {
		for (i = 0; i < n; i++)
			fg_import_report_free(&r[i]);
		free(r);
		return s;
	}
	*reps = r;
	return FG_OK;
}

/* ---- listings ---- */

enum fg_status
fg_source_list(struct fg_db *db, int short_hash, struct fg_table **out,
    struct fg_error *err)
{
	static const char *const names[] = { "id", "name", "fg", "city",
	    "date", "language", "turns", "speakers", "cp", "codings",
	    "imported_at", "imported_by", "sha256" };
	static const enum fg_col_type types[] = { FG_COL_INT, FG_COL_TEXT,
	    FG_COL_TEXT, FG_COL_TEXT, FG_COL_TEXT, FG_COL_TEXT, FG_COL_INT,
	    FG_COL_INT, FG_COL_INT, FG_COL_INT, FG_COL_TEXT, FG_COL_TEXT,
	    FG_COL_TEXT };
	struct fg_table *t;
	sqlite3_stmt *st;
	enum fg_status s;

	*out = NULL;
	if ((t = fg_table_new(13, names, types)) == NULL)
		return nomem(err);
	s = fg_db_prepare(db, "SELECT s.id, s.name, g.fg, "
	    "coalesce(g.city, (SELECT value FROM source_attr a WHERE "
	    "a.source_id = s.id AND a.key = 'city')), "
	    "coalesce(g.date, (SELECT value FROM source_attr a WHERE "
	    "a.source_id = s.id AND a.key = 'date')), "
	    "coalesce(s.language, g.language), "
	    "(SELECT count(*) FROM turn t WHERE t.source_id = s.id), "
	    "(SELECT count(DISTINCT speaker) FROM turn t WHERE "
	    "t.source_id = s.id), s.n_cp, "
	    "(SELECT count(*) FROM coding c WHERE c.source_id = s.id), "
	    "s.imported_at, s.imported_by, "
	    "CASE WHEN ?1 THEN substr(s.file_sha256, 1, 12) "
	    "ELSE s.file_sha256 END "
	    "FROM source s LEFT JOIN focus_group g ON g.id = s.group_id "
	    "ORDER BY s.id", &st, err);
	if (s == FG_OK) {
		sqlite3_bind_int(st, 1, short_hash != 0);
		s = fg_table_add_stmt(t, db->db, st, err);
		sqlite3_finalize(st);
	}
	if (s != FG_OK) {
		fg_table_free(t);
		return s;
	}
	*out = t;
	return FG_OK;
}

enum fg_status
fg_source_speakers(struct fg_db *db, int64_t id, struct fg_table **out,
    struct fg_error *err)
{
	static const char *const names[] = { "speaker", "participant",
	    "turns" };
	static const enum fg_col_type types[] = { FG_COL_TEXT, FG_COL_TEXT,
	    FG_COL_INT };
	struct fg_table *t;
	sqlite3_stmt *st;
	enum fg_status s;

	*out = NULL;
	if ((t = fg_table_new(3, names, types)) == NULL)
		return nomem(err);
	s = fg_db_prepare(db, "SELECT t.speaker, max(p.pid), count(*) "
	    "FROM turn t LEFT JOIN participant p ON p.id = t.participant_id "
	    "WHERE t.source_id = ?1 GROUP BY t.speaker ORDER BY min(t.seq)",
	    &st, err);
	if (s == FG_OK) {
		sqlite3_bind_int64(st, 1, id);
		s = fg_table_add_stmt(t, db->db, st, err);
		sqlite3_finalize(st);
	}
	if (s != FG_OK) {
		fg_table_free(t);
		return s;
	}
	*out = t;
	return FG_OK;
}
