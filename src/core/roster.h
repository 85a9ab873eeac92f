/* roster.h - the study's focus groups and participants, declared up front
 * in a roster file (see fgcode(1), "roster import") or met in the front
 * matter of transcripts.
 *
 * Roster format (YAML, every scalar read as a string):
 *
 *   study: "..."                      -> project_meta roster.study
 *   stated_total_participants: 113    -> project_meta (a whole number)
 *   other_scalar: ...                 -> project_meta roster.other_scalar
 *   groups:
 *     - fg: 3                         (required; unique; the upsert key)
 *       city: / date: / language: / facilitator:   -> focus_group columns
 *       size: 5                       (a whole number)
 *       published: { gender: ..., age: ... }  -> group_attr "published.KEY"
 *       other_scalar: ...             -> group_attr "other_scalar"
 *       participants:                 (optional)
 *         - id: P1                    (required; unique within the group)
 *           gender: / age: (whole number) / profession:
 *           other_scalar: ...         -> participant_attr
 *
 * Re-importing a roster updates the groups it names (matched by fg) and
 * never duplicates them: values it gives replace stored ones, values it
 * leaves out are kept, attributes are upserted. */
#ifndef FG_ROSTER_H
#define FG_ROSTER_H

#include <stddef.h>
#include <stdint.h>

#include "core/db.h"
#include "core/error.h"
#include "core/table.h"
#include "core/yamldoc.h"

struct fg_roster_stats {
	size_t groups_added;
	size_t groups_updated;
	size_t participants_added;
	size_t participants_updated;
};

/* Read the roster file at path and store it, all in one transaction of
 * its own (nothing is written on error).  display names the file in
 * messages (NULL: path).  stats (may be NULL) is filled on success.
 * Errors: FG_IO (unreadable), FG_INPUT with FILE:LINE:COL for YAML syntax
 * and for any structure the format above does not allow. */
enum fg_status fg_roster_import(struct fg_db *db, const char *path,
    const char *display, struct fg_roster_stats *stats,
    struct fg_error *err);

/* Store an already parsed roster tree (root may be NULL: an error) inside
 * the caller's transaction.  file names the file in messages.  stats (may
 * be NULL) is added to, not reset. */
enum fg_status fg_roster_apply(struct fg_db *db, const struct fg_yaml *root,
    const char *file, struct fg_roster_stats *stats, struct fg_error *err);

/* Find the focus group numbered fg: sets *id to its row id, or to 0 when
 * there is none (still FG_OK). */
enum fg_status fg_roster_group_find(struct fg_db *db, const char *fg,
    int64_t *id, struct fg_error *err);

/* Upsert one participant, given as a YAML mapping (id required; gender,
 * age, profession; other scalar keys become participant_attr), into group
 * group_id.  group_id 0 means "no group": a new row with a NULL group is
 * always made.  Values the mapping gives replace stored ones.  On success
 * *rowid (may be NULL) is the participant's row id and *added (may be
 * NULL) is 1 for a new row, 0 for an update.  Runs inside the caller's
 * transaction.  FG_INPUT at the node's line:col for a bad mapping. */
enum fg_status fg_roster_put_participant(struct fg_db *db, int64_t group_id,
    const struct fg_yaml *node, const char *file, int64_t *rowid, int *added,
    struct fg_error *err);

/* The roster as a table: fg, city, date, size, participants (known rows),
 * sources (imported transcripts of the group), ordered by group number.
 * On success *out is owned by the caller (fg_table_free). */
enum fg_status fg_roster_list(struct fg_db *db, struct fg_table **out,
    struct fg_error *err);

#endif
