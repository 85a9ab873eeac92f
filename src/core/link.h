/* link.h - the link file of a joint display: which qualitative code each
 * regression model is set against, and which qualitative dimension each
 * of its terms is (fgcode-link(5)).
 *
 *   unit: participant              # default unit of analysis
 *   bands: 18-29,30-49,50+         # age bands for "ageband" conditions
 *   reading: {min-count: 5, ratio: 1.5}
 *   quotes: 2                      # exemplar quotes per row
 *   models:
 *     - model: seed-table3/m1      # SET/MODEL or SET (all its models)
 *       codes: [divorce-and-ICT, online-infidelity]   # or code: NAME
 *       indicates: lower           # higher | lower | none
 *       terms: {...}               # optional, overrides the shared ones
 *   terms:                         # shared by every model, by term name
 *     (Intercept): none
 *     female: {when: gender == female, vs: gender == male}
 *     duty: {code: duty-to-have-children}
 *
 * A term is linked to nothing ("none", or a mapping with only a note), to
 * a condition on participants and their focus groups ("when", with an
 * optional comparison group "vs"; a list of conditions means all of
 * them), or to a code ("code").  Conditions read FIELD OP VALUE:
 *
 *   FIELD  gender age ageband profession pid          (participant)
 *          fg city language date                     (focus group)
 *          participant.KEY  group.KEY                (free attributes)
 *          KEY        a participant attribute, else a group attribute
 *   OP     == != < <= > >=   in {A, B, ...}   in LO..HI
 *   VALUE  as written; "double quotes" keep spaces, commas and braces
 *
 * fg_link_load reads and checks the form (FG_INPUT with FILE:LINE:COL);
 * fg_link_check checks it against a project: every model, code, term and
 * attribute must exist there (FG_INPUT / FG_NOTFOUND with FILE:LINE:COL),
 * and what is only suspicious (a value no one has, a term the file does
 * not mention) is written to warnings. */
#ifndef FG_LINK_H
#define FG_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/db.h"
#include "core/error.h"
#include "core/model.h"
#include "core/report.h"
#include "core/table.h"

/* Units of analysis of the qualitative side (fgcode-link(5)). */
enum fg_unit { FG_UNIT_TURN, FG_UNIT_PARTICIPANT, FG_UNIT_GROUP };

/* "turn", "participant", "group" into *u; FG_USAGE naming them otherwise. */
enum fg_status fg_unit_parse(const char *s, enum fg_unit *u,
    struct fg_error *err);

/* The name of a unit: "turn", ... (static). */
const char *fg_unit_name(enum fg_unit u);

enum fg_link_field {
	FG_LF_GENDER, FG_LF_AGE, FG_LF_AGEBAND, FG_LF_PROFESSION, FG_LF_PID,
	FG_LF_FG, FG_LF_CITY, FG_LF_LANGUAGE, FG_LF_DATE,
	FG_LF_PATTR,           /* participant.KEY */
	FG_LF_GATTR,           /* group.KEY */
	FG_LF_ATTR             /* KEY: resolved by fg_link_check to one of
	                        * the two above */
};

enum fg_link_op { FG_LOP_EQ, FG_LOP_NE, FG_LOP_LT, FG_LOP_LE, FG_LOP_GT,
    FG_LOP_GE, FG_LOP_IN, FG_LOP_RANGE };

/* One condition: "gender == female", "city in {Almaty, Shymkent}". */
struct fg_link_cond {
	char *text;            /* as written */
	enum fg_link_field field;
	char *key;             /* attribute key (PATTR, GATTR, ATTR) */
	enum fg_link_op op;
	char **vals;           /* nvals values as written (RANGE: lo, hi) */
	size_t nvals;
	int line, col;
};

enum fg_link_kind { FG_LINK_NONE, FG_LINK_COND, FG_LINK_CODE };

/* What one term is linked to. */
struct fg_link_term {
	char *term;            /* the term's name in the models */
	enum fg_link_kind kind;
	struct fg_link_cond *when;     /* COND: all must hold */
	size_t nwhen;
	struct fg_link_cond *vs;       /* COND: comparison group, or none
	                                * (then: the units where when fails) */
	size_t nvs;
	char *code;            /* CODE: the code's name */
	char *note;            /* free text, or NULL */
	int line, col;         /* of the term's key */
};

/* One model (or every model of a set) and its code. */
struct fg_link_model {
	char *ref;             /* "SET/MODEL" or "SET" */
	char **codes;          /* ncodes code names */
	size_t ncodes;
	int indicates;         /* +1 higher, -1 lower, 0 none: what a unit
	                        * where the codes occur is read as, on the
	                        * model's dependent variable */
	char *note;
	struct fg_link_term *terms;    /* overrides of the shared terms */
	size_t nterms;
	int line, col;         /* of the "model" key */
	int codes_line, codes_col;
};

struct fg_link {
	char *path;            /* as given */
	char sha256[65];       /* of the file's bytes */
	char *title;           /* or NULL */
	int has_unit;          /* "unit" was given */
	enum fg_unit unit;
	char *bands;           /* age bands, FG_DEFAULT_BANDS if absent */
	long min_count;        /* small-count threshold, default 5 */
	double ratio;          /* clear-difference ratio, default 1.5 */
	long quotes;           /* exemplar quotes per row, -1: not given */
	struct fg_link_model *models;
	size_t nmodels;
	struct fg_link_term *terms;    /* shared by every model */
	size_t nterms;
};

#define FG_LINK_MIN_COUNT 5
#define FG_LINK_RATIO 1.5

/* Read and check the form of the link file at path.  On success *out is
 * a new link freed with fg_link_free().  Errors are FG_INPUT with the
 * file, line and column of the offending node; FG_NOTFOUND / FG_IO when
 * the file cannot be read. */
enum fg_status fg_link_load(const char *path, struct fg_link **out,
    struct fg_error *err);

/* Free a link; NULL is a no-op. */
void fg_link_free(struct fg_link *l);

/* Check l against the project: every model reference names stored
 * models, every code exists, every term named (shared or per model)
 * is a term of at least one of the models it applies to, every
 * attribute exists (bare keys are resolved here to participant or group
 * attributes), band labels are among l->bands, and numeric comparisons
 * have numbers.  FG_INPUT (or FG_NOTFOUND for a missing model) with the
 * link file's FILE:LINE:COL on the first problem.  Warnings, one line
 * each "FILE:LINE:COL: message", are appended to warnings (may be
 * NULL): a model term the file does not mention, a value that no
 * participant or group has, a code without codings. */
enum fg_status fg_link_check(struct fg_db *db, struct fg_link *l,
    struct fg_buf *warnings, struct fg_error *err);

/* The link of term name in model lm: lm's own entry, else the shared
 * one, else NULL (not mentioned).  Borrowed. */
const struct fg_link_term *fg_link_term_for(const struct fg_link *l,
    const struct fg_link_model *lm, const char *name);

/* Does the condition list only use focus-group fields? */
int fg_link_conds_group_level(const struct fg_link_cond *c, size_t n);

/* What a condition is evaluated on: one participant and their focus
 * group.  Borrowed strings; NULL when unknown. */
struct fg_link_subject {
	const char *gender, *profession, *pid;
	int age;                       /* < 0 when unknown */
	const char *fg, *city, *language, *date;
	const char *const *pkeys;      /* participant attributes */
	const char *const *pvals;
	size_t np;
	const char *const *gkeys;      /* group attributes */
	const char *const *gvals;
	size_t ng;
	const struct fg_band *bands;   /* for ageband */
	size_t nbands;
};

/* Evaluate conditions c[0..n) (all must hold) on s: 1 true, 0 false, -1
 * unknown (a field the subject lacks, or a comparison that cannot be
 * made, such as a number against a word).  n == 0 gives -1. */
int fg_link_conds_eval(const struct fg_link_cond *c, size_t n,
    const struct fg_link_subject *s);

/* The conditions as one string "a AND b" into out. */
enum fg_status fg_link_conds_text(const struct fg_link_cond *c, size_t n,
    struct fg_buf *out);

/* The links resolved against the models, one row per model and term:
 * set, model, term, label, link (none|condition|code|unlinked),
 * dimension (the conditions, "vs" the comparison, or the code), codes
 * (the model's codes), indicates, note.  Needs fg_link_check first.  *out
 * is a new table freed with fg_table_free(). */
enum fg_status fg_link_table(struct fg_db *db, const struct fg_link *l,
    struct fg_table **out, struct fg_error *err);

#endif
