/* matrix.h - code matrices: a crosstab of codes against a dimension of the
 * participants or focus groups, a code-by-code co-occurrence matrix, and a
 * quote matrix (the coded excerpts of one code, by group, each with its
 * citation).
 *
 * Attribution is that of report freq (core/report.h): a coding counts for
 * every turn it overlaps; the turn's participant gives gender, age band and
 * the participant's attributes; the source's focus group gives fg, city
 * and the group's attributes.  "(none)" collects codings that overlap no
 * turn (for dimensions that come from turns), "(unknown)" those whose
 * value is not known, "(other)" ages outside every band. */
#ifndef FG_MATRIX_H
#define FG_MATRIX_H

#include <stddef.h>
#include <stdint.h>

#include "core/db.h"
#include "core/error.h"
#include "core/report.h"
#include "core/table.h"

/* What a crosstab cell counts: distinct codings, turns overlapped,
 * participants speaking in them, focus groups of their sources. */
enum fg_matrix_count { FG_COUNT_CODINGS, FG_COUNT_TURNS,
    FG_COUNT_PARTICIPANTS, FG_COUNT_GROUPS };

enum fg_matrix_percent { FG_PERCENT_NONE, FG_PERCENT_ROW,
    FG_PERCENT_COL };

/* "codings", "turns", "participants", "groups"; FG_USAGE otherwise. */
enum fg_status fg_matrix_count_parse(const char *s,
    enum fg_matrix_count *out, struct fg_error *err);

/* "row", "col"; FG_USAGE otherwise. */
enum fg_status fg_matrix_percent_parse(const char *s,
    enum fg_matrix_percent *out, struct fg_error *err);

struct fg_crosstab_opts {
	const char *cols;      /* fg, city, gender, ageband, or an attribute:
	                        * KEY (of participants, else of focus groups),
	                        * participant.KEY, group.KEY */
	enum fg_matrix_count count;
	enum fg_matrix_percent percent;
	const int64_t *codes;  /* only these codes; NULL/0: all */
	size_t ncodes;
	const char *bands;     /* for ageband; NULL: FG_DEFAULT_BANDS */
};

/* The crosstab of codes (rows, in code-tree order) against the values of
 * o->cols (columns in natural order: numbers numerically, age bands in
 * band order, then "(other)", "(unknown)", "(none)"), then a "total"
 * column counting each coding (turn, ...) of the code once.  The first
 * column is "code".  With percent: each cell as a percentage (one
 * decimal) of its row's total, or of its column's total over all the
 * codes shown (the "total" row, added last); a unit counted under two
 * values counts in each, so a row's cells may add to more than 100.
 * Without percent, a "total" row is added too.  FG_INPUT for an unknown
 * attribute.  *out freed with fg_table_free(). */
enum fg_status fg_crosstab(struct fg_db *db, const struct fg_crosstab_opts *o,
    struct fg_table **out, struct fg_error *err);

/* The code-frequency table of report freq, exactly as fg_report_freq
 * (core/report.h) gives it (same columns, rows, order and special
 * values), counted in memory: turns read once in source order, each
 * coding finding the turns it overlaps by binary search, distinct counts
 * from sorted keys.  *out freed with fg_table_free(). */
enum fg_status fg_matrix_freq(struct fg_db *db, const struct fg_freq_opts *o,
    struct fg_table **out, struct fg_error *err);

enum fg_cooccur_unit { FG_COOCCUR_TURN, FG_COOCCUR_SEGMENT,
    FG_COOCCUR_PARTICIPANT, FG_COOCCUR_GROUP };

/* "turn", "segment", "participant", "group"; FG_USAGE otherwise. */
enum fg_status fg_cooccur_unit_parse(const char *s,
    enum fg_cooccur_unit *out, struct fg_error *err);

struct fg_cooccur_opts {
	enum fg_cooccur_unit unit;
	const int64_t *codes;  /* only these codes; NULL/0: all */
	size_t ncodes;
};

/* The code-by-code matrix: first column "code", then one integer column
 * per code, both in code-tree order.  Cell (A, B), A != B:
 *   turn         turns that codings of both A and B overlap;
 *   segment      pairs (a coding of A, a coding of B) whose ranges
 *                overlap in the same source;
 *   participant  participants who speak in turns coded A and in turns
 *                coded B (not necessarily the same turn);
 *   group        focus groups in whose sources both A and B occur.
 * The diagonal (A, A) counts the units with A (for segment: A's
 * codings).  *out freed with fg_table_free(). */
enum fg_status fg_cooccur(struct fg_db *db, const struct fg_cooccur_opts *o,
    struct fg_table **out, struct fg_error *err);

struct fg_quotes_opts {
	int64_t code;          /* the code (id) */
	enum fg_report_by by;  /* fg, city, gender or ageband */
	long max;              /* at most this many quotes per value; 0 all */
	const char *bands;     /* for ageband; NULL: FG_DEFAULT_BANDS */
};

/* The quote matrix of one code: one row per (value of o->by, coding) in
 * natural value order, then source and position: columns <by>, quote
 * (quote ID), citation, source, line (int, of the excerpt's start),
 * excerpt.  A coding spanning speakers of two values is listed under
 * each.  *out freed with fg_table_free(). */
enum fg_status fg_quote_matrix(struct fg_db *db, const struct fg_quotes_opts *o,
    struct fg_table **out, struct fg_error *err);

#endif
