/* history.h - the project's tamper-evident history: every change appends
 * an event to the table "event" (schemas/0003-history.sql) in the SAME
 * transaction as the change, so a command that fails leaves no event and
 * an event never describes a change that did not happen.
 *
 * The events form a hash chain.  Event id (1, 2, 3, ... without gaps) has
 *
 *   hash = SHA-256 of  "fgcode-event-1\n"
 *                      then, for each of id (decimal), at, who, kind,
 *                      subject, detail and prev_hash in this order:
 *                      its length in bytes (decimal), ":", its bytes, "\n"
 *
 * written as 64 lowercase hex digits; prev_hash is the hash of event id-1,
 * or 64 zeros for event 1.  project_meta "history.head" holds "ID HASH" of
 * the last event, updated with each append.  Changing or deleting an event,
 * or a row the events describe, behind fgcode's back is found by
 * fgcode audit (audit.h).  A chain can be recomputed by whoever can write
 * the file, so it proves where a project's state came from only up to a
 * hash published outside it (fgcode audit --head HASH).
 *
 * Event kinds, their subject and the keys of their detail (JSON object):
 *   history.adopt    "project"      sources, codings, codebook_sha256,
 *                                   roster_sha256: the data a project held
 *                                   when its history began (first event of
 *                                   a project made before schema 3)
 *   source.import    "source/SHA"   id, name, path, file_sha256 (= SHA),
 *                                   text_sha256, n_cp, n_bytes, turns, fg,
 *                                   roster_sha256
 *   coding.add       "quote/QID"    id, quote (= QID), source (its
 *   coding.remove                   file_sha256), source_name, text_sha256,
 *   coding.memo                     code, start_cp, end_cp, start_b, end_b,
 *                                   excerpt_sha256, coder, created_at,
 *                                   memo: the coding after the change (for
 *                                   remove: as it was)
 *   code.create      "code/NAME"    name, codebook_sha256
 *   code.rename      "code/NEW"     from, to, codebook_sha256
 *   code.merge       "code/INTO"    from, into, codebook_sha256
 *   codebook.import  "codebook"     added, updated, unchanged, removed,
 *                                   kept_in_use, prune, codebook_sha256
 *   roster.import    "roster"       file, groups_added, groups_updated,
 *                                   participants_added,
 *                                   participants_updated, roster_sha256
 *   citation.store   "citation/LABEL"  label, text
 *   model.load, model.fit  "model/NAME"  (survey models: free detail)
 * QID is the quote ID of quote.h.  codebook_sha256 and roster_sha256 are
 * the digests below, taken after the change; fgcode audit compares the
 * latest of each with the project as it is. */
#ifndef FG_HISTORY_H
#define FG_HISTORY_H

#include <stdint.h>

#include "core/db.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/table.h"

/* prev_hash of the first event. */
#define FG_HISTORY_GENESIS \
	"0000000000000000000000000000000000000000000000000000000000000000"

/* Append an event of kind (such as "model.fit": lower-case letters,
 * digits, '.', '_' and '-') about subject (not empty, no control
 * characters, such as "model/divorce") with detail_json, the text of a
 * JSON object (NULL for "{}"; stored compact with its keys sorted),
 * stamped with db->now and db->who.  Call it inside the transaction of
 * the change it records (fg_db_begin ... fg_db_commit), after the change,
 * so that both are written or neither; on any error the caller rolls
 * back.  (Outside a transaction the event gets one of its own, right
 * after the change: only for callers that make changes in autocommit
 * mode.)  FG_INPUT for a bad kind, subject or JSON.  The first event of a
 * project that held data before it had a history is preceded by a
 * history.adopt event. */
enum fg_status fg_history_append(struct fg_db *db, const char *kind,
    const char *subject, const char *detail_json, struct fg_error *err);

/* Finalize the statements the history keeps prepared on db's connection
 * (fg_db_close calls it); NULL and a db without any are no-ops. */
void fg_history_release(struct fg_db *db);

/* The hash of an event (the serialisation above) into out. */
void fg_history_hash(int64_t id, const char *at, const char *who,
    const char *kind, const char *subject, const char *detail,
    const char *prev_hash, char out[FG_SHA256_HEX]);

/* ---- the events of the core's own changes (inside the caller's
 * transaction, after the change unless said otherwise) ---- */

/* source.import for source id. */
enum fg_status fg_history_source_imported(struct fg_db *db, int64_t id,
    struct fg_error *err);

/* coding.add / coding.memo for coding id, after the change; coding.remove
 * BEFORE the row is deleted (the event records it as it was).  kind is
 * one of those three. */
enum fg_status fg_history_coding(struct fg_db *db, const char *kind,
    int64_t id, struct fg_error *err);

/* code.create of code name, or codebook.import with the counts of
 * struct fg_codebook_stats; both add the codebook's digest. */
enum fg_status fg_history_code_created(struct fg_db *db, const char *name,
    struct fg_error *err);
enum fg_status fg_history_codebook_imported(struct fg_db *db, long added,
    long updated, long unchanged, long removed, long kept_in_use, int prune,
    struct fg_error *err);

/* code.rename (from -> to) or code.merge (from -> into): for whoever
 * writes those commands; call after the change.  kind is "code.rename" or
 * "code.merge". */
enum fg_status fg_history_code_changed(struct fg_db *db, const char *kind,
    const char *from, const char *to, struct fg_error *err);

/* roster.import of file (as named to the user) with its counts. */
enum fg_status fg_history_roster_imported(struct fg_db *db, const char *file,
    long groups_added, long groups_updated, long participants_added,
    long participants_updated, struct fg_error *err);

/* ---- digests of the project's state ---- */

/* SHA-256 of the codebook as fg_codebook_to_yaml writes it. */
/* SHA-256 of every stored survey model (tables model_set, model and
 * model_term, every column of every row in id order, typed), so that a
 * number edited behind fgcode's back shows.  Written into model.fit and
 * model.load events as "models_sha256" and checked by the audit. */
enum fg_status fg_history_models_digest(struct fg_db *db,
    char out[FG_SHA256_HEX], struct fg_error *err);

enum fg_status fg_history_codebook_digest(struct fg_db *db,
    char out[FG_SHA256_HEX], struct fg_error *err);

/* SHA-256 of the roster: project_meta "roster.*", the focus groups
 * (fg, city, date, language, facilitator, size), their attributes, the
 * participants (group, pid, gender, age, profession) and their attributes,
 * in a fixed order; row ids and times are left out. */
enum fg_status fg_history_roster_digest(struct fg_db *db,
    char out[FG_SHA256_HEX], struct fg_error *err);

/* ---- reading ---- */

/* Which events fg_history_list gives; NULL / 0 fields match all. */
struct fg_history_filter {
	const char *source_sha;  /* events about the source with this
	                          * file_sha256, and its codings */
	const char *code;        /* events about this code and its codings */
	const char *quote;       /* events about this quote ID ("Q-...") and
	                          * the import of its source (blame) */
};

/* The events matching f in order, as a new table owned by the caller
 * (fg_table_free).  Columns: id (int), at, who, kind, subject, what (a
 * sentence built from the detail), detail, prev_hash, hash. */
enum fg_status fg_history_list(struct fg_db *db,
    const struct fg_history_filter *f, struct fg_table **out,
    struct fg_error *err);

/* One problem found in the chain. */
struct fg_history_problem {
	int64_t event;           /* the event it is about, 0 for none */
	char *message;           /* owned */
};

/* The chain verified: events counted, the last event's id and hash
 * ("" when none), and the problems found (owned array). */
struct fg_history_check {
	int64_t events;
	int64_t head_id;
	char head[FG_SHA256_HEX];
	int pending_adopt;       /* data predates a history not begun yet */
	int anchor_found;        /* the --head hash asked for is an event's */
	struct fg_history_problem *problems;
	size_t nproblems;
};

/* Recompute every event's hash and check the links, the ids, the head
 * recorded in project_meta and the triggers that guard the table; anchor
 * (may be NULL) is a hash that must be one of the events' (published
 * with a manuscript).  Reads only.  *out is filled (free its contents with
 * fg_history_check_free). */
enum fg_status fg_history_verify(struct fg_db *db, const char *anchor,
    struct fg_history_check *out, struct fg_error *err);

void fg_history_check_free(struct fg_history_check *c);

#endif
