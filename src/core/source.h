/* source.h - transcripts in the project: import, lookup, listing.
 *
 * Import of one file (fg_importer_add):
 *   1. SHA-256 of the original bytes; a file whose hash is already in the
 *      project is skipped (reported, not an error).
 *   2. With an encoding given, conversion to UTF-8; else the bytes must be
 *      valid UTF-8 (the error names line, column and byte offset).
 *   3. BOM removed, CRLF and lone CR turned into LF (counts recorded).
 *   4. Front matter split off and parsed (lines and columns of the file);
 *      --set KEY=VALUE overrides applied to its top-level keys.
 *   5. Focus group linked by fg (created when the roster lacks it; a value
 *      that contradicts a non-empty roster value is an error at its key);
 *      front-matter participants upserted into the group.
 *   6. The body parsed into turns with the profile; every turn and note
 *      stored; speakers linked to participants of the group (exact id,
 *      else case-insensitive).
 * Declared speakers (strict mode of the parser): the front matter's
 * `speakers:` list plus the --speaker names; when neither gives any and the
 * front matter lists participants and a facilitator is known (front
 * matter or roster), the facilitator and the participant ids.
 *
 * Front-matter keys: fg, city, date, language, facilitator (strings),
 * participants (list of mappings, see roster.h), speakers (list of
 * strings).  Every top-level scalar, these included, is stored in
 * source_attr as written; a list of scalars is stored as a JSON array; a
 * mapping is kept only in the verbatim front matter (with a warning). */
#ifndef FG_SOURCE_H
#define FG_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "core/db.h"
#include "core/error.h"
#include "core/table.h"
#include "core/transcript.h"

/* Find a source by its id ("3") or its file name ("fg03-aktau.txt").  A
 * name that several sources share is refused as ambiguous (FG_INPUT, the
 * ids listed); an unknown one is FG_NOTFOUND.  Sets *id on success. */
enum fg_status fg_source_resolve(struct fg_db *db, const char *spec,
    int64_t *id, struct fg_error *err);

/* Options of an import; all pointers are borrowed for the importer's
 * lifetime. */
struct fg_import_opts {
	const char *profile;          /* built-in name or YAML file; NULL:
	                               * fg_profile_default_for(file) */
	const char *const *sets;      /* nsets "KEY=VALUE" overrides */
	size_t nsets;
	const char *encoding;         /* iconv name; NULL: must be UTF-8 */
	const char *const *speakers;  /* nspeakers declared speaker names */
	size_t nspeakers;
	const char *coder;            /* imported_by; NULL: "unknown" */
};

/* A speaker of an imported source, in order of first appearance. */
struct fg_import_speaker {
	char *name;           /* normalised label (owned) */
	size_t turns;
	char *pid;            /* the participant matched, NULL if none (owned) */
};

/* What an import did with one file, for the summary.  Owned strings and
 * arrays; free with fg_import_report_free(). */
struct fg_import_report {
	char *path;                   /* as given */
	char *name;                   /* basename: source.name */
	int64_t source_id;            /* the new source, or the existing one */
	int skipped;                  /* 1: same SHA-256 already imported */
	char *fg;                     /* focus group number, NULL if none */
	int group_created;            /* 1: the roster did not have it */
	char *profile;                /* profile name used */
	char *encoding;               /* "utf-8" or the encoding given */
	size_t n_cp;                  /* code points of the stored text */
	size_t nturns;
	size_t nnotes;                /* notes stored */
	size_t nparticipants;         /* participants in the front matter */
	struct fg_import_speaker *speakers;
	size_t nspeakers;
	const char *declared_by;      /* static: "front matter",
	                               * "--speaker", "front matter and
	                               * --speaker", "facilitator and
	                               * participants", or NULL (any label) */
	size_t ndeclared;
	int had_bom;
	size_t crlf, cr;              /* line ends turned into LF */
	struct fg_char_count *odd_chars; /* from the parser, by code point */
	size_t nodd_chars;
	char **warnings;              /* "LINE: text" (parser and front
	                               * matter), at most FG_IMPORT_MAX_WARN */
	size_t nwarnings;
	size_t warnings_dropped;      /* warnings beyond the cap */
	size_t preamble_lines;        /* non-empty lines before turn 1 */
};

#define FG_IMPORT_MAX_WARN 50

/* Free the contents of r (not r itself); NULL is a no-op. */
void fg_import_report_free(struct fg_import_report *r);

struct fg_importer; /* opaque: options, profiles, prepared statements */

/* An importer for db with opts (copied shallowly: the strings must
 * outlive it).  Loads --profile at once, so an unknown profile fails here
 * (FG_INPUT, naming the built-ins); checks the --set syntax (FG_USAGE).
 * Does not begin a transaction.  *out is freed with fg_importer_free. */
enum fg_status fg_importer_new(struct fg_db *db,
    const struct fg_import_opts *opts, struct fg_importer **out,
    struct fg_error *err);

/* Import the file at path inside the caller's transaction (on error the
 * caller rolls back; the importer stays usable for nothing but free).
 * rep is filled (caller frees with fg_import_report_free), also when the
 * file is skipped as a duplicate (rep->skipped, FG_OK).  Errors carry
 * FILE:LINE:COL. */
enum fg_status fg_importer_add(struct fg_importer *imp, const char *path,
    struct fg_import_report *rep, struct fg_error *err);

/* Same for the file contents data[0..len) (the original bytes); path is
 * used for source.path, source.name (its basename) and messages. */
enum fg_status fg_importer_add_bytes(struct fg_importer *imp,
    const char *path, const char *data, size_t len,
    struct fg_import_report *rep, struct fg_error *err);

/* Free; NULL is a no-op. */
void fg_importer_free(struct fg_importer *imp);

/* Import n files in ONE transaction: any error rolls everything back and
 * is returned.  On success *reps is an array of n reports owned by the
 * caller (fg_import_report_free each, then free(*reps)); on failure *reps
 * is NULL. */
enum fg_status fg_source_import(struct fg_db *db, const char *const *paths,
    size_t n, const struct fg_import_opts *opts,
    struct fg_import_report **reps, struct fg_error *err);

/* The Unicode name of a character the parser counts as odd (NBSP, soft
 * hyphen, zero-width and other special spaces, ligatures, ...), or NULL.
 * Static string. */
const char *fg_char_name(int cp);

/* All sources: id, name, fg, city, date, language, turns, speakers, cp,
 * codings, imported_at, imported_by, sha256 (the first 12 hex digits when
 * short_hash, else all 64).  city and date come from the focus group,
 * else from the source's front matter.  *out is owned by the caller. */
enum fg_status fg_source_list(struct fg_db *db, int short_hash,
    struct fg_table **out, struct fg_error *err);

/* The speakers of source id: speaker, participant (pid or null), turns,
 * in order of first appearance.  *out is owned by the caller. */
enum fg_status fg_source_speakers(struct fg_db *db, int64_t id,
    struct fg_table **out, struct fg_error *err);

/* Remove source id (source-rm.c): its turns, notes and attributes go with
 * it.  A source with codings is refused (FG_INPUT, the count in the
 * message) unless force is set, which removes its codings too.  The
 * history gets a "coding.remove" event for each coding removed and a
 * "source.remove" event (subject "source/SHA", detail id, name,
 * file_sha256, codings_removed), so the same file can be imported again
 * and fgcode audit stays clean.  *ncodings (may be NULL) is set to the
 * source's number of codings.  FG_NOTFOUND for an unknown id.  Runs in one
 * transaction of its own unless the caller holds one (db->in_tx), in
 * which case the caller rolls back on failure. */
enum fg_status fg_source_remove(struct fg_db *db, int64_t id, int force,
    int64_t *ncodings, struct fg_error *err);

#endif
