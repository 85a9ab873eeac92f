/* codebook.h - the tree of codes: reading a codebook file (YAML), storing
 * it in the project (upsert by name), writing it back (YAML or JSON),
 * looking codes up and listing them with their use counts.
 *
 * Codebook file format (see fgcode-codebook(5)):
 *
 *   codes:
 *     - name: uyat                 # required, unique in the whole tree
 *       description: "..."         # optional strings
 *       inclusion: "..."
 *       exclusion: "..."
 *       examples: ["...", "..."]   # optional list of strings
 *       colour: "#c0392b"          # optional, #rrggbb
 *       children:                  # optional, same shape, any depth
 *         - name: uyat-clothing
 *
 * A code name must not be empty, must not contain '/' (it separates the
 * levels of a code's path, "uyat/uyat-clothing"), a line break or another
 * control character, and must not begin or end with white space. */
#ifndef FG_CODEBOOK_H
#define FG_CODEBOOK_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/db.h"
#include "core/error.h"
#include "core/table.h"
#include "core/yamldoc.h"

/* One code.  Strings are owned by the codebook; NULL when absent. */
struct fg_code_def {
	int64_t id;            /* project id (fg_codebook_read), else 0 */
	char *name;
	char *description;
	char *inclusion;
	char *exclusion;
	char *colour;          /* "#rrggbb", lower case */
	char **examples;       /* nexamples owned strings */
	size_t nexamples;
	long parent;           /* index of the parent in codes[], -1 = top */
	int depth;             /* 0 at top level */
	int line, col;         /* where the name was written (files only) */
};

/* A whole codebook in tree order (pre-order: every parent comes before its
 * children, siblings in file order). */
struct fg_codebook {
	struct fg_code_def *codes;
	size_t n;
	size_t cap;
};

/* What fg_codebook_import changed. */
struct fg_codebook_stats {
	size_t added;          /* codes new to the project */
	size_t updated;        /* existing codes whose fields, examples,
	                        * parent or position changed */
	size_t unchanged;      /* existing codes left exactly as they were */
	size_t absent;         /* project codes the file does not name */
	size_t removed;        /* of those, removed (prune only) */
	size_t kept_in_use;    /* of those, kept because they (or their
	                        * descendants) have codings (prune only) */
};

/* Check a code name.  Returns NULL if it is acceptable, else a static
 * string saying why not ("is empty", "contains '/'", ...). */
const char *fg_codebook_name_problem(const char *name);

/* Build a codebook from a parsed YAML document (root may be NULL for an
 * empty file, which is an error).  file names the file in messages.  On
 * success *out is owned by the caller (fg_codebook_free).  Errors are
 * FG_INPUT with the line and column of the offending node: a missing or
 * bad name (at the code's mapping or at the name), a duplicate name (at
 * the second, naming the first's line), a bad colour, an unknown key, a
 * value of the wrong kind. */
enum fg_status fg_codebook_parse(const struct fg_yaml *root,
    const char *file, struct fg_codebook **out, struct fg_error *err);

/* fg_yaml_load_file + fg_codebook_parse.  display_name replaces path in
 * messages when not NULL.  *out as for fg_codebook_parse. */
enum fg_status fg_codebook_load_file(const char *path,
    const char *display_name, struct fg_codebook **out,
    struct fg_error *err);

/* Free a codebook; NULL is a no-op. */
void fg_codebook_free(struct fg_codebook *cb);

/* Store cb in the project: a code whose name exists is updated (fields,
 * examples, parent, position), others are added.  Codes of the project
 * that cb does not name are kept unless prune is set; with prune they are
 * removed unless they or one of their descendants have codings (those are
 * kept, and counted in stats->kept_in_use).  Runs in one transaction of
 * its own unless the caller already holds one (db->in_tx), in which case
 * the caller must roll back on failure.  stats may be NULL. */
enum fg_status fg_codebook_import(struct fg_db *db,
    const struct fg_codebook *cb, int prune,
    struct fg_codebook_stats *stats, struct fg_error *err);

/* Read the project's codebook in tree order (ids filled in).  *out is
 * owned by the caller (fg_codebook_free). */
enum fg_status fg_codebook_read(struct fg_db *db, struct fg_codebook **out,
    struct fg_error *err);

/* Append cb as a codebook file to out: YAML in the import format, every
 * string double-quoted with escapes, absent fields left out (so export,
 * import into a fresh project and export again gives the same bytes).
 * FG_OK or FG_NOMEM. */
enum fg_status fg_codebook_to_yaml(const struct fg_codebook *cb,
    struct fg_buf *out, struct fg_error *err);

/* Append cb as JSON: {"codes": [{"name": ..., "children": [...]}, ...]}
 * with the same keys as the YAML, absent fields left out.  FG_OK or
 * FG_NOMEM. */
enum fg_status fg_codebook_to_json(const struct fg_codebook *cb,
    struct fg_buf *out, struct fg_error *err);

/* Find a code by its exact name.  FG_NOTFOUND (with a hint to run 'fgcode
 * codes') when there is none; sets *id on success. */
enum fg_status fg_codebook_find(struct fg_db *db, const char *name,
    int64_t *id, struct fg_error *err);

/* Add a top-level code called name (after the existing top-level codes)
 * with no other fields; the name is checked (FG_INPUT) and must be new
 * (FG_EXISTS).  The caller provides the transaction.  Sets *id. */
enum fg_status fg_codebook_create(struct fg_db *db, const char *name,
    int64_t *id, struct fg_error *err);

/* The codes in tree order with their use, as a new table owned by the
 * caller (fg_table_free).  Columns: id (int), code (the name), path
 * ("uyat/uyat-clothing"), depth (int, 0 at top level), codings (int),
 * sources (int, distinct sources), coders (int, distinct coders), colour,
 * description.  Counts are of the code's own codings (not its
 * descendants'). */
enum fg_status fg_codebook_list(struct fg_db *db, struct fg_table **out,
    struct fg_error *err);

/* The SQL text of a common table expression "code_tree(id, depth, path,
 * ord)" giving every code with its depth, path and a text key whose
 * ascending order is tree order.  Static string, to put after "WITH
 * RECURSIVE " in a query (report.c uses it too). */
const char *fg_codebook_tree_cte(void);

/* ---- renaming and merging codes (code-edit.c) ----
 * Both run in one transaction of their own unless the caller holds one
 * (db->in_tx), in which case the caller rolls back on failure.  Quote IDs
 * (quote.h) contain the code's name, so both change the quote IDs of the
 * codings concerned. */

/* Rename code from to to: FG_NOTFOUND when from does not exist, FG_INPUT
 * for a bad new name (fg_codebook_name_problem), FG_EXISTS when to is
 * taken (also when it equals from).  Appends "code.rename". */
enum fg_status fg_code_rename(struct fg_db *db, const char *from,
    const char *to, struct fg_error *err);

/* What fg_code_merge did. */
struct fg_code_merge_stats {
	long collapsed;   /* codings of FROM identical to one of INTO, removed */
	long memos;       /* of those, memos carried over to INTO's coding */
	long moved;       /* codings of FROM re-pointed to INTO */
	long children;    /* child codes of FROM moved under INTO */
};

/* Merge code from into code into: a coding of from with the same source,
 * range and coder as one of into is removed (its memo, if different, is
 * appended to the other's, recorded as "coding.memo"; the removal as
 * "coding.remove"); the other codings of from are re-pointed to into
 * (codings that only overlap stay separate); from's children move under
 * into, after into's own; from and its examples are deleted; then
 * "code.merge" is appended.  FG_NOTFOUND for an unknown code, FG_INPUT
 * when from == into or into lies below from in the tree.  stats (may be
 * NULL) is filled on success, zeroed on failure. */
enum fg_status fg_code_merge(struct fg_db *db, const char *from,
    const char *into, struct fg_code_merge_stats *stats,
    struct fg_error *err);

#endif
