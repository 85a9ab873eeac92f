/* joint.h - the mixed-methods joint display: each term of each regression
 * model set beside what the focus groups said, computed from the project.
 *
 * One row per model and term.  The quantitative side is the model's:
 * estimate, standard error, 95% interval, stars, and the direction in
 * words from the dependent variable's declared scale.  The qualitative
 * side splits the units of analysis (turns, participants or focus groups;
 * see below) by the term's link (core/link.h) into the stratum S and its
 * complement C, and counts on each side how often the model's codes occur.
 * A reading (convergent, divergent, silent) follows the rule in
 * fgcode-link(5), restated at fg_joint_compute.
 *
 * Units.  Only turns spoken by participants count (a moderator's turns
 * and other speakers without a participant are left out).  A coding
 * belongs to every such turn it overlaps.  A participant belongs to the
 * focus group they are linked to.
 *   turn         each participant turn is a unit;
 *   participant  each participant who speaks in some transcript;
 *   group        each focus group with a participant who speaks; for a
 *                term whose condition is about participants, the part of
 *                a group on one side is the unit (a mixed group counts on
 *                both sides).
 * A turn is on side S or C as its unit is: by its speaker's (and their
 * group's) attributes for a condition; for a code-linked term T, by
 * whether T occurs in the unit (the turn; any turn of the participant;
 * any turn of the group).
 *
 * Per side: units; with (units where a model code occurs in the side's
 * turns); share = with / units; codings (model codings overlapping a
 * turn of the side); words (spoken in the side's turns: runs of letters,
 * marks and digits, an apostrophe or hyphen between two of them joining
 * them); per_1000_words = codings / words * 1000; participants (who
 * speak in the side's turns); per_participant = codings / participants;
 * groups (focus groups in which a model code occurs in the side's turns).
 * Rates with a zero denominator are NaN. */
#ifndef FG_JOINT_H
#define FG_JOINT_H

#include <stddef.h>
#include <stdint.h>

#include "core/db.h"
#include "core/error.h"
#include "core/link.h"
#include "core/model.h"
#include "core/quote.h"
#include "core/table.h"

#define FG_JOINT_QUOTES 2      /* exemplar quotes per row by default */

struct fg_joint_side {
	long units, with, codings, words, participants, groups;
	double share, per_1000_words, per_participant;   /* NaN: undefined */
};

struct fg_joint_quote {
	char id[FG_QUOTE_ID_SIZE];
	int64_t coding_id;
	char *excerpt;         /* whole */
	char *citation;        /* "FG 21, female participant aged 50,
	                        * Shymkent", or NULL */
	char *source;          /* file name */
};

enum fg_joint_reading { FG_READING_SILENT, FG_READING_CONVERGENT,
    FG_READING_DIVERGENT };

/* Small-count flags of a row. */
#define FG_JOINT_SMALL_S 1     /* fewer than min-count units in S */
#define FG_JOINT_SMALL_C 2     /* ... in C */
#define FG_JOINT_SMALL_CODE 4  /* the codes occur in fewer than min-count
                                * units on the two sides together */

struct fg_joint_row {
	size_t model;          /* index into fg_joint.models */
	size_t term;           /* index into that model's terms */
	double ci_lo, ci_hi;   /* 95% interval (NaN without an SE) */
	int q;                 /* quantitative sign: +1, -1 (significant),
	                        * or 0 */
	char *estimate_cell;   /* "0.802* (0.348)" */
	char *direction;       /* "toward always justifiable" */
	char *check;           /* a note when the stars and the interval
	                        * disagree, else NULL */
	int linked;            /* -1 not mentioned in the link, else enum
	                        * fg_link_kind */
	char *dimension;       /* "gender == female vs gender == male",
	                        * "code religion"; NULL when none */
	char *note;            /* the link's note, or NULL */
	int has_qual;          /* the qualitative side was computed */
	struct fg_joint_side s, c;
	long excluded;         /* units on neither side (dimension unknown,
	                        * or outside the stratum and the "vs" group) */
	int small;             /* FG_JOINT_SMALL_* flags */
	int r;                 /* qualitative sign after "indicates" */
	double ratio;          /* the larger share over the smaller (inf
	                        * when the smaller is 0; NaN: both 0) */
	enum fg_joint_reading reading;
	char *reason;          /* why, in words */
	struct fg_joint_quote *quotes;
	size_t nquotes;
};

struct fg_joint_model {
	struct fg_model *m;    /* owned */
	char *ref;             /* "seed-table3/m1" */
	char *codes;           /* "divorce-and-ICT, online-infidelity", or
	                        * NULL when no code is linked */
	int indicates;         /* +1, -1, 0 */
	char *dv_text;         /* the dependent variable in words */
	char *note;            /* the link's note, or NULL */
	char *set_state;       /* "published, spec SHA-256 ..." */
	double z;              /* critical value of the 95% interval */
};

struct fg_joint {
	enum fg_unit unit;
	char *bands;
	long min_count;
	double ratio;
	long quotes;
	char *title;           /* the link's, or NULL */
	char *link_path;       /* NULL without a link */
	char link_sha256[65];
	char codebook_sha256[65], roster_sha256[65], sources_sha256[65],
	    codings_sha256[65];
	long nsources, ncodings, nturns, nparticipants, ngroups;
	char *command;         /* as given in the options */
	struct fg_joint_model *models;
	size_t nmodels;
	struct fg_joint_row *rows;
	size_t nrows;
};

struct fg_joint_opts {
	const struct fg_link *link;    /* checked with fg_link_check, or
	                                * NULL */
	const char *const *models;     /* refs "SET" / "SET/MODEL"; none:
	                                * the link's models */
	size_t nmodels;
	int unit;              /* enum fg_unit, or -1: the link's, else
	                        * participant */
	long quotes;           /* -1: the link's, else FG_JOINT_QUOTES */
	const char *command;   /* the command line, for the header */
};

/* Compute the joint display.  On success *out is a new display freed
 * with fg_joint_free().  FG_USAGE without a model (no --model and no
 * link), FG_NOTFOUND for an unknown model, FG_LIMIT beyond 64 distinct
 * codes and code sets.
 *
 * The reading of a row (fgcode-link(5)):
 *   q = the sign of the estimate when it is significant (stars printed:
 *       p < .05), else 0.
 *   silent when the term has no qualitative counterpart, the model no
 *       code or "indicates: none", or a count is small: fewer than
 *       min-count units on a side, or fewer than min-count units with
 *       the codes on both sides together.
 *   Otherwise the shares differ clearly when the larger is at least
 *       ratio times the smaller (any share against 0); then d = +1 if
 *       S's share is the larger, -1 if C's, else d = 0; r = d times
 *       indicates.
 *   convergent when q == r (both directions agree, or neither finds a
 *       difference), divergent otherwise. */
enum fg_status fg_joint_compute(struct fg_db *db,
    const struct fg_joint_opts *o, struct fg_joint **out,
    struct fg_error *err);

void fg_joint_free(struct fg_joint *j);

/* The name of a reading: "convergent", "divergent", "silent" (static). */
const char *fg_joint_reading_name(enum fg_joint_reading r);

/* The report header as a new key/value table (columns key, value):
 * report, fgcode, command, unit, the normalisations, thresholds, interval,
 * reading rule, and the project state (codebook, roster, sources and
 * codings digests, model sets with their spec digests, link file with its
 * digest).  *out freed with fg_table_free(). */
enum fg_status fg_joint_header(const struct fg_joint *j,
    struct fg_table **out, struct fg_error *err);

/* Every row with every number, for csv/tsv/json: set, model, title, dv,
 * term, label, estimate, se, ci_low, ci_high, stars, p, direction,
 * check, link, dimension, codes, indicates, unit, then for side s and c:
 * units_X, with_X, share_X, codings_X, words_X, per_1000_words_X,
 * participants_X, per_participant_X, groups_X; excluded, small (text:
 * which counts are small), ratio, reading, reason, quote_ids, quotes
 * (each "ID “excerpt” (citation)", one per line).  Numbers are decimal
 * text (shares and rates to 6 significant digits), NULL when undefined.
 * *out freed with fg_table_free(). */
enum fg_status fg_joint_table(const struct fg_joint *j, struct fg_table **out,
    struct fg_error *err);

/* The compact table of model k for reading on screen: term, estimate,
 * 95% CI, direction, linked to, stratum, complement, per 1,000 words,
 * groups, reading.  Counts below min-count carry a dagger (†). */
enum fg_status fg_joint_model_table(const struct fg_joint *j, size_t k,
    struct fg_table **out, struct fg_error *err);

/* Count the words of UTF-8 text s[0..n) as above. */
long fg_joint_words(const char *s, size_t n);

#endif
