/* reader.h - windowed, read-only access to one source for display: turns
 * by number, text by byte range (SQLite incremental blob I/O, so a 50 MB
 * transcript is never loaded whole), codings overlapping a range, and
 * regular-expression search turn by turn. */
#ifndef FG_READER_H
#define FG_READER_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/db.h"
#include "core/error.h"
#include "core/table.h"

struct fg_reader;  /* opaque */

struct fg_source_info {
	int64_t id;
	char *name;        /* owned by the reader */
	char *fg;          /* focus group number or NULL */
	char *city;        /* or NULL */
	char *date;        /* or NULL */
	size_t n_cp, n_bytes;
	size_t nturns;
};

/* One turn as shown: its text is read on demand. */
struct fg_turn_view {
	int64_t id;
	size_t seq;            /* 1-based */
	char *speaker;         /* owned by the caller (fg_turn_view_clear) */
	char *participant;     /* pid or NULL */
	char *timestamp;       /* or NULL */
	size_t start_cp, end_cp, start_b, end_b;
	int line_start, line_end;
	char *text;            /* the utterance bytes [start_b, end_b), NUL-
	                        * terminated; owned by the caller */
};

struct fg_coding_view {
	int64_t id;
	int64_t code_id;
	char *code;            /* owned by the caller (fg_coding_view_clear) */
	char *colour;          /* "#rrggbb" or NULL */
	char *coder;
	char *memo;            /* or NULL */
	size_t start_cp, end_cp;
};

/* Open source id for reading.  *out is owned by the caller and must be
 * freed with fg_reader_free() before db is closed. */
enum fg_status fg_reader_open(struct fg_db *db, int64_t source_id,
    struct fg_reader **out, struct fg_error *err);
void fg_reader_free(struct fg_reader *r);

/* Borrowed; valid until fg_reader_free. */
const struct fg_source_info *fg_reader_info(const struct fg_reader *r);

/* Re-read the source's counters (after another process changed it). */
enum fg_status fg_reader_refresh(struct fg_reader *r, struct fg_error *err);

/* Fill out[0..*got) with turns first_seq.. (at most max), text included.
 * Each entry must be released with fg_turn_view_clear(). */
enum fg_status fg_reader_turns(struct fg_reader *r, size_t first_seq,
    size_t max, struct fg_turn_view *out, size_t *got, struct fg_error *err);
void fg_turn_view_clear(struct fg_turn_view *t);

/* The turn containing code point cp (or the first turn starting after
 * it); 0 when there is none. */
size_t fg_reader_turn_at(struct fg_reader *r, size_t cp);

/* Append the stored text's bytes [start_b, end_b) to out. */
enum fg_status fg_reader_text(struct fg_reader *r, size_t start_b,
    size_t end_b, struct fg_buf *out, struct fg_error *err);

/* Codings of this source overlapping [start_cp, end_cp), ordered by start
 * then id.  *out is a malloc'd array of *n entries; release each with
 * fg_coding_view_clear() and the array with free(). */
enum fg_status fg_reader_codings(struct fg_reader *r, size_t start_cp,
    size_t end_cp, struct fg_coding_view **out, size_t *n,
    struct fg_error *err);
void fg_coding_view_clear(struct fg_coding_view *c);

/* Search for the compiled PCRE2 pattern code (a pcre2_code *, UTF mode)
 * from turn seq, code point offset cp_in_turn within it, forward (dir > 0)
 * or backward (dir < 0), wrapping around once.  On a hit returns FG_OK and
 * sets *hit_seq and the match's source-wide [*hit_start, *hit_end) in code
 * points; FG_NOTFOUND when nothing matches. */
enum fg_status fg_reader_search(struct fg_reader *r, const void *code,
    size_t seq, size_t cp_in_turn, int dir, size_t *hit_seq,
    size_t *hit_start, size_t *hit_end, struct fg_error *err);

/* The sources for the source list: a table with columns id, fg, city,
 * date, turns, codings, name, ordered by group number then name.  *out is
 * owned by the caller (fg_table_free). */
enum fg_status fg_reader_sources(struct fg_db *db, struct fg_table **out,
    struct fg_error *err);

/* Codings per code: total[i] over the project and here[i] in source
 * source_id (0: none) for the codes ids[0..n).  Arrays are the caller's. */
enum fg_status fg_reader_code_counts(struct fg_db *db, int64_t source_id,
    const int64_t *ids, size_t n, size_t *total, size_t *here,
    struct fg_error *err);

/* PRAGMA data_version: changes when another connection commits. */
int fg_reader_data_version(struct fg_db *db);

#endif
