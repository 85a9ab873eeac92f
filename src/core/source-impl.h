/* source-impl.h - internals shared by the files of the source module
 * (source.c, import.c, import-store.c); not an API: callers use
 * source.h. */
#ifndef FG_SOURCE_IMPL_H
#define FG_SOURCE_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "core/db.h"
#include "core/error.h"
#include "core/profile.h"
#include "core/source.h"
#include "core/transcript.h"
#include "core/yamldoc.h"

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

/* The front matter, checked. */
struct fg_source_fm {
	const char *fg, *col[4];             /* city, date, language,
	                                      * facilitator */
	const struct fg_yaml *fg_node, *col_node[4];
	const struct fg_yaml *participants;  /* SEQ or NULL */
	const struct fg_yaml *speakers;      /* SEQ or NULL */
};

/* A participant of the group a speaker may be. */
struct fg_source_cand {
	int64_t id;
	char *pid;       /* as stored */
	char *norm;      /* fg_speaker_normalize(pid) */
	char *fold;      /* case-folded norm */
};

/* The participants of the group, for matching speakers. */
struct fg_source_cands {
	struct fg_source_cand *v;
	size_t n, cap;
};

/* ---- source.c ---- */

/* Set err to "out of memory"; FG_NOMEM. */
enum fg_status fg_source_nomem(struct fg_error *err);

/* ---- import.c ---- */

/* A malloc'd copy of s; NULL for NULL or when out of memory. */
char *fg_source_xstrdup(const char *s);

/* Append the owned string w to rep's warnings (dropped beyond the cap). */
enum fg_status fg_source_report_push(struct fg_import_report *rep, char *w,
    struct fg_error *err);

/* Add a "LINE: text" warning to rep. */
enum fg_status fg_source_report_warn(struct fg_import_report *rep,
    struct fg_error *err, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Split "KEY=VALUE": the key's length, or 0 when malformed. */
size_t fg_source_set_key_len(const char *kv);

/* Run a write statement once and reset it. */
enum fg_status fg_source_step_reset(struct fg_db *db, sqlite3_stmt *st,
    struct fg_error *err);

/* Bind s, or NULL when s is NULL, to parameter i of st (not copied). */
void fg_source_bind_opt(sqlite3_stmt *st, int i, const char *s);

/* ---- import-store.c ---- */

/* Apply the --set overrides to *root (created when NULL). */
enum fg_status fg_source_apply_sets(const struct fg_import_opts *o,
    struct fg_yaml **root, const char *file, struct fg_error *err);

/* Check the front matter root into fm (pointers into root). */
enum fg_status fg_source_fm_check(const struct fg_yaml *root,
    const char *file, struct fg_source_fm *fm, struct fg_error *err);

/* Link the source to its focus group (*gid 0: none); *fac and *lang the
 * effective facilitator and language (owned, may be NULL). */
enum fg_status fg_source_link_group(struct fg_db *db,
    const struct fg_source_fm *fm, const char *file, int64_t *gid,
    char **fac, char **lang, struct fg_import_report *rep,
    struct fg_error *err);

/* Free what c holds. */
void fg_source_cands_free(struct fg_source_cands *c);

/* Add participant id, pid to c. */
enum fg_status fg_source_cands_add(struct fg_source_cands *c, int64_t id,
    const char *pid, struct fg_error *err);

/* Load the group's participants as candidates. */
enum fg_status fg_source_cands_load(struct fg_db *db, int64_t gid,
    struct fg_source_cands *c, struct fg_error *err);

/* Store the top-level front-matter values as source_attr. */
enum fg_status fg_source_store_attrs(struct fg_importer *imp, int64_t sid,
    const struct fg_yaml *root, struct fg_import_report *rep,
    struct fg_error *err);

/* Insert the turns and notes of tr, linking speakers; fill rep. */
enum fg_status fg_source_store_turns(struct fg_importer *imp, int64_t sid,
    const struct fg_source_cands *c, const struct fg_transcript *tr,
    struct fg_import_report *rep, struct fg_error *err);

/* Copy the parser's findings into the report. */
enum fg_status fg_source_report_parse(const struct fg_transcript *tr,
    struct fg_import_report *rep, struct fg_error *err);

#endif
