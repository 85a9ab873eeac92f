/* report.h - code-frequency reports: how often each code was applied, by
 * focus group, city, gender, age band, speaker or source.
 *
 * Attribution: a coding counts for every turn its range overlaps (same
 * source, turn.start_cp < coding.end_cp and turn.end_cp >
 * coding.start_cp).  The turn's participant gives gender, age band and the
 * speaker label is the turn's; the source's focus group gives fg and city.
 * Special group values:
 *   "(none)"     the coding overlaps no turn (only for speaker, gender,
 *                ageband, which come from turns);
 *   "(unknown)"  the turn has no participant, or the participant / focus
 *                group lacks the attribute (no gender, no age, no city),
 *                or the source belongs to no focus group (fg, city);
 *   "(other)"    an age outside every band;
 *   "(all)"      the totals row of a code (every coding once, whatever
 *                its groups), always present, last among the code's rows.
 * A coding spanning two speakers counts once under each, so a code's rows
 * can add up to more than its "(all)" row. */
#ifndef FG_REPORT_H
#define FG_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/db.h"
#include "core/error.h"
#include "core/table.h"

enum fg_report_by { FG_BY_FG, FG_BY_CITY, FG_BY_GENDER, FG_BY_AGEBAND,
    FG_BY_SPEAKER, FG_BY_SOURCE };

/* The default age bands (those of the study's seed tables). */
#define FG_DEFAULT_BANDS "18-29,30-49,50+"

/* An age band [lo, hi], both inclusive; hi = -1 for "lo+". */
struct fg_band {
	int lo, hi;
	char label[32];        /* as written: "18-29", "50+" */
};

/* Parse "fg", "city", "gender", "ageband", "speaker" or "source".
 * FG_USAGE (listing the names) otherwise. */
enum fg_status fg_report_by_parse(const char *s, enum fg_report_by *by,
    struct fg_error *err);

/* The column title of a dimension: "fg", "city", ... */
const char *fg_report_by_name(enum fg_report_by by);

/* Parse a band list "18-29,30-49,50+" (ascending, not overlapping, ages
 * 0-150, an open "N+" only last).  *out is a malloc'd array of *n bands
 * (caller frees).  FG_USAGE with the reason when malformed. */
enum fg_status fg_report_bands_parse(const char *spec, struct fg_band **out,
    size_t *n, struct fg_error *err);

/* Append to b the SQL columns "grp, gcls, gnum" that put a turn's
 * participant (aliases t, p) into one of bands: the band's label, or
 * '(none)', '(unknown)', '(other)'; gcls orders those after the bands and
 * gnum orders the bands.  Shared by report freq and the crosstab. */
void fg_report_ageband_sql(struct fg_buf *b, const struct fg_band *bands,
    size_t nb);

struct fg_freq_opts {
	enum fg_report_by by;
	const int64_t *codes;  /* only these codes (ids); NULL/0 = all */
	size_t ncodes;
	const char *bands;     /* band list for ageband; NULL = default */
};

/* The frequency table, a new table owned by the caller (fg_table_free).
 * Columns: code, <by> (the group value), codings, turns, participants,
 * groups (ints: distinct codings, distinct turns overlapped, distinct
 * participants of those turns, distinct focus groups of the codings'
 * sources).  Rows: codes in codebook (tree) order, each with its groups
 * in natural order (numbers numerically, age bands in band order, special
 * values after the others) and then its "(all)" row.  Every selected code
 * has at least its "(all)" row, with zeros if unused. */
enum fg_status fg_report_freq(struct fg_db *db,
    const struct fg_freq_opts *o, struct fg_table **out,
    struct fg_error *err);

#endif
