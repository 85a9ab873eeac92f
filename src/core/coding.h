/* coding.h - codings: a code applied to a range of a source's stored text.
 *
 * A range is given as a speaker turn, as code points [start, end), or as
 * the matches of a PCRE2 pattern (UTF + UCP), and is stored in code points
 * and bytes with its exact excerpt and the excerpt's SHA-256.
 *
 * Ranges are checked before anything is written: not empty, not reversed,
 * inside the text, and both ends on an extended grapheme cluster boundary
 * (so no coding ever cuts an emoji from its skin tone, a letter from its
 * accent or a flag in two).  Explicit ranges that break a rule are refused
 * with the reason; pattern matches that end inside a cluster are widened to
 * the whole cluster (and counted, so the caller can say so).
 *
 * Pattern matching: every non-empty match is coded unless nth picks one.
 * Empty matches are skipped: after one, the search is retried at the same
 * place with PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED and, if that fails,
 * resumes one whole character further on.  The match and depth limits are
 * set explicitly (FG_MATCH_LIMIT, FG_DEPTH_LIMIT, FG_HEAP_LIMIT_KIB), so a
 * runaway pattern such as (a+)+$ fails with FG_LIMIT instead of hanging. */
#ifndef FG_CODING_H
#define FG_CODING_H

#include <stddef.h>
#include <stdint.h>

#include "core/db.h"
#include "core/error.h"
#include "core/table.h"

#define FG_MATCH_LIMIT 2000000     /* pcre2_set_match_limit */
#define FG_DEPTH_LIMIT 10000       /* pcre2_set_depth_limit */
#define FG_HEAP_LIMIT_KIB 65536    /* pcre2_set_heap_limit: 64 MiB */

enum fg_sel_kind { FG_SEL_TURN, FG_SEL_CHARS, FG_SEL_MATCH };

/* How to find the text to code. */
struct fg_selector {
	enum fg_sel_kind kind;
	long turn;             /* TURN: turn.seq (1-based) */
	int64_t start, end;    /* CHARS: code points, [start, end) */
	const char *pattern;   /* MATCH: PCRE2 pattern (borrowed) */
	long nth;              /* MATCH: 1-based match to code; 0 = all */
};

/* A range of a source's text in both units. */
struct fg_range {
	int64_t start_cp, end_cp;
	int64_t start_b, end_b;
};

/* One coding request.  Strings are borrowed. */
struct fg_coding_spec {
	int64_t source_id;
	int64_t code_id;
	struct fg_selector sel;
	const char *coder;     /* required, not empty */
	const char *memo;      /* NULL for none */
};

/* One coding written (or found already there) by fg_coding_add. */
struct fg_coding_item {
	int64_t id;
	int existed;           /* 1: an identical coding (same source, code,
	                        * range and coder) was there; nothing added */
	struct fg_range r;
};

/* What fg_coding_add / fg_coding_apply_file did; accumulates over calls.
 * Initialise with FG_CODING_REPORT_INIT, free with fg_coding_report_free. */
struct fg_coding_report {
	struct fg_coding_item *items;   /* owned */
	size_t n, cap;
	size_t added;          /* new codings */
	size_t existing;       /* identical codings already stored */
	size_t widened;        /* matches widened to grapheme boundaries */
	size_t empty_skipped;  /* empty pattern matches skipped */
	size_t entries;        /* apply: entries of the file */
};

#define FG_CODING_REPORT_INIT { NULL, 0, 0, 0, 0, 0, 0, 0 }

void fg_coding_report_free(struct fg_coding_report *rep);

/* Parse "START:END" (decimal code points) into sel (kind CHARS).
 * FG_USAGE with a message when malformed. */
enum fg_status fg_coding_parse_chars(const char *s, struct fg_selector *sel,
    struct fg_error *err);

/* Resolve sel against text[0..len) (valid UTF-8) into ranges: *out is a
 * malloc'd array of *n ranges (caller frees; NULL when *n is 0) in text
 * order.  name names the source in messages.  Pure: no database, so TURN
 * is not accepted here (FG_USAGE).  widened/empty (may be NULL) receive
 * the number of matches widened to grapheme boundaries and of empty
 * matches skipped.  Errors: FG_INPUT for a refused range (with the
 * reason), a bad pattern, no match, only empty matches or too few matches
 * for nth; FG_LIMIT when PCRE2 hits a limit (the message names the
 * pattern). */
enum fg_status fg_coding_find_ranges(const char *text, size_t len,
    const char *name, const struct fg_selector *sel,
    struct fg_range **out, size_t *n, size_t *widened, size_t *empty,
    struct fg_error *err);

/* Check a range given in code points against text[0..len): FG_OK and the
 * byte offsets filled in, or FG_INPUT saying why not (empty, reversed, out
 * of bounds, inside a grapheme cluster, with the nearest boundaries). */
enum fg_status fg_coding_check_range(const char *text, size_t len,
    const char *name, int64_t start_cp, int64_t end_cp, struct fg_range *r,
    struct fg_error *err);

/* Code spec: resolve its selector against the source and store one coding
 * per range (an identical coding already stored is reported in rep with
 * existed = 1 instead).  Source and code must exist (FG_NOTFOUND).  All or
 * nothing: runs in a transaction of its own unless the caller holds one
 * (db->in_tx), in which case the caller must roll back on failure.  rep
 * receives the items (also on failure, when they mean nothing). */
enum fg_status fg_coding_add(struct fg_db *db,
    const struct fg_coding_spec *spec, struct fg_coding_report *rep,
    struct fg_error *err);

/* Apply a batch file ("codings:" list of mappings with source, code, one
 * of match/turn/chars, optional nth, coder, memo; see fgcode-codebook(5))
 * in one transaction: any error leaves the project unchanged and is
 * reported at FILE:LINE:COL of the offending value (an unknown source,
 * code or turn is FG_INPUT there; a runaway pattern stays FG_LIMIT).
 * coder is used for entries without 'coder:'.  display_name replaces path
 * in messages (may be NULL).  rep accumulates as for fg_coding_add. */
enum fg_status fg_coding_apply_file(struct fg_db *db, const char *path,
    const char *display_name, const char *coder,
    struct fg_coding_report *rep, struct fg_error *err);

/* Delete coding id (FG_NOTFOUND if there is none).  The caller provides
 * the transaction. */
enum fg_status fg_coding_remove(struct fg_db *db, int64_t id,
    struct fg_error *err);

/* Filter for fg_coding_list; 0 / NULL fields match everything. */
struct fg_coding_filter {
	int64_t source_id;
	int64_t code_id;
	const char *coder;
};

/* The codings matching f, ordered by source, start, end and id, as a new
 * table owned by the caller (fg_table_free).  Columns: id (int), source
 * (file name), code, start, end (int, code points), start_b, end_b (int,
 * bytes), turn (int: seq of the turn containing start, else of the first
 * turn the range overlaps, else null), speaker (that turn's), coder,
 * created_at, memo, excerpt. */
enum fg_status fg_coding_list(struct fg_db *db,
    const struct fg_coding_filter *f, struct fg_table **out,
    struct fg_error *err);

#endif
