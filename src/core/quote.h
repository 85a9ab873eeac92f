/* quote.h - quotes (codings seen as the words a manuscript quotes), their
 * stable IDs, and citations in the style of the study's footnotes.
 *
 * Quote ID: "Q-" and the first 10 hex digits of
 *
 *   SHA-256 of "fgcode-quote-1\n" TEXT_SHA256 "\n" START_CP "\n" END_CP
 *              "\n" CODE "\n" CODER
 *
 * where TEXT_SHA256 is the SHA-256 of the source's stored text (source.
 * text_sha256), START_CP and END_CP the coding's range in code points
 * (decimal), CODE the code's name and CODER the coder's.  It depends only
 * on the words, where they are, the code and the coder: the same coding
 * made in another project from the same transcript (export and re-import,
 * or the same batch file applied again) has the same ID, and row ids play
 * no part.  Renaming a code gives its codings new IDs (a code.rename event
 * records the change).  IDs are read case-insensitively, with or without
 * "Q-", and may be shortened to a unique prefix of at least 6 digits.
 *
 * Citations, one per group, joined with " / ":
 *   FG 21, female participant aged 50, Shymkent
 *   FG 22, male participants aged 29 and 56, Shymkent
 *   FG 5, female participants aged 29, 37 and 59, Aktau
 *   FG 19, female participants aged between 22 and 45, Kyzylorda
 *   FG 3, female participants aged 24 and 26, male participant aged 26, Aktau
 * Within a group the participants are told by gender: "female" first, then
 * "male", then other genders as recorded, then those of unknown gender
 * ("participant" alone); ages are in ascending order, and a clause of at
 * least range_min participants (default 5) is written as a range
 * "between LOW and HIGH".  Participants of unknown age add "and N of
 * unknown age".  Groups come in the order of their first participant; the
 * city is the group's (left out when unknown).  No name is ever part of a
 * citation. */
#ifndef FG_QUOTE_H
#define FG_QUOTE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/db.h"
#include "core/error.h"
#include "core/table.h"

#define FG_QUOTE_ID_DIGITS 10
#define FG_QUOTE_ID_SIZE 13          /* "Q-" + 10 hex digits + NUL */

/* The quote ID of a coding from its parts (see above) into out. */
void fg_quote_id(const char *text_sha256, int64_t start_cp, int64_t end_cp,
    const char *code, const char *coder, char out[FG_QUOTE_ID_SIZE]);

/* The quote ID of coding id.  FG_NOTFOUND when there is no such coding. */
enum fg_status fg_quote_id_of(struct fg_db *db, int64_t id,
    char out[FG_QUOTE_ID_SIZE], struct fg_error *err);

/* Check the form of spec (a quote ID or a prefix of one, see above) and
 * write the normalised prefix ("Q-" and lower-case hex) into out.
 * FG_USAGE with a message when it is not one. */
enum fg_status fg_quote_parse(const char *spec, char out[FG_QUOTE_ID_SIZE],
    struct fg_error *err);

/* Find the coding whose quote ID is spec (or begins with it).  Sets *id
 * and writes the full ID to qid.  FG_USAGE for a malformed ID, FG_NOTFOUND
 * when no coding has it (exit status 3), FG_INPUT when a prefix fits
 * several (they are listed). */
enum fg_status fg_quote_resolve(struct fg_db *db, const char *spec,
    int64_t *id, char qid[FG_QUOTE_ID_SIZE], struct fg_error *err);

/* One turn a quote overlaps. */
struct fg_quote_turn {
	long seq;                /* turn number in the source */
	char *speaker;           /* pseudonym (participant attribute
	                          * "pseudonym", else the participant id) or,
	                          * for a speaker that is no participant, the
	                          * label; with real_names the label as
	                          * written */
	int64_t participant_id;  /* 0 when none */
	long line_start, line_end;   /* file lines of the turn */
};

/* Everything about a quote.  Owned strings; free with fg_quote_free. */
struct fg_quote {
	char id[FG_QUOTE_ID_SIZE];
	int64_t coding_id;
	char *excerpt;
	char *excerpt_sha256;
	int excerpt_ok;          /* excerpt equals the text at the range and
	                          * hashes as recorded */
	char *source;            /* file name */
	char *source_path;       /* path as given on import */
	char *file_sha256;
	char *text_sha256;
	char *fg, *city;         /* focus group, NULL when unknown */
	char *code;
	char *coder;
	char *created_at;
	char *memo;              /* NULL when none */
	int64_t start_cp, end_cp, start_b, end_b;
	long line_start, line_end;   /* file lines of the excerpt itself */
	struct fg_quote_turn *turns;
	size_t nturns;
	char *citation;          /* of the participants speaking in the turns;
	                          * NULL when none of them is a participant */
};

/* Read coding id as a quote.  real_names: speakers by their labels as
 * written instead of pseudonyms.  *out is owned by the caller. */
enum fg_status fg_quote_get(struct fg_db *db, int64_t id, int real_names,
    struct fg_quote **out, struct fg_error *err);

void fg_quote_free(struct fg_quote *q);

/* Every coding as a quote, as a new table owned by the caller: quote,
 * coding (int), source, code, coder, turn (int), speaker (pseudonym),
 * excerpt. */
enum fg_status fg_quote_list(struct fg_db *db, struct fg_table **out,
    struct fg_error *err);

/* ---- citations ---- */

/* One participant to cite.  Strings are borrowed. */
struct fg_cite_person {
	const char *fg;          /* group number as written ("22") */
	const char *city;        /* NULL when unknown */
	const char *gender;      /* "female", "male" (also "F", "women",
	                          * ...), another value, or NULL */
	int age;                 /* < 0 when unknown */
};

struct fg_cite_opts {
	int range;               /* 0: a range from range_min participants
	                          * on; 1: always (2 or more); -1: never */
	int range_min;           /* 0 means 5 */
};

/* Append the citation of p[0..n) (n > 0) to out in the style above.
 * FG_OK or FG_NOMEM. */
enum fg_status fg_cite_format(const struct fg_cite_person *p, size_t n,
    const struct fg_cite_opts *o, struct fg_buf *out, struct fg_error *err);

/* The word a gender value is cited by: "female" for "female", "f",
 * "woman", "women", "females" (any case), "male" likewise, else NULL. */
const char *fg_cite_gender(const char *value);

/* Find participant pid of focus group fg.  FG_NOTFOUND naming what is
 * missing.  Sets *id (participant row id). */
enum fg_status fg_cite_find_participant(struct fg_db *db, const char *fg,
    const char *pid, int64_t *id, struct fg_error *err);

/* The citation of participants ids[0..n) (duplicates count once) as a
 * malloc'd string in *out (caller frees).  FG_NOTFOUND for an unknown
 * id, FG_INPUT for a participant without a focus group. */
enum fg_status fg_cite_participants(struct fg_db *db, const int64_t *ids,
    size_t n, const struct fg_cite_opts *o, char **out,
    struct fg_error *err);

/* The participant row ids speaking in the turns coding id overlaps, in
 * turn order without duplicates, appended to *ids (realloc'd, caller
 * frees) and *n. */
enum fg_status fg_cite_coding_participants(struct fg_db *db, int64_t id,
    int64_t **ids, size_t *n, struct fg_error *err);

/* A citation read back (fg_cite_parse).  Owned strings. */
struct fg_cite_clause {
	char *words;             /* the words before "participant(s)", such
	                          * as "unmarried male"; "" when none */
	const char *gender;      /* "female", "male" or NULL (static) */
	int plural;              /* "participants" */
	int *ages;               /* listed ages in the order written */
	size_t nages;
	int range;               /* "between lo and hi" */
	int lo, hi;
	int unknown_age;         /* "N of unknown age" */
};

struct fg_cite_group {
	char *fg;
	char *city;              /* NULL when not given */
	struct fg_cite_clause *clauses;
	size_t n;
};

struct fg_citation {
	struct fg_cite_group *groups;
	size_t n;
};

/* Read a citation in the style above, as the study's footnotes write it:
 * groups separated by "/", optional commas before "aged", words before
 * "participant" (such as "unmarried"), a final full stop.  *out is owned
 * by the caller (fg_citation_free).  FG_INPUT saying what was expected
 * where (col is the 1-based code point column in text). */
enum fg_status fg_cite_parse(const char *text, struct fg_citation **out,
    struct fg_error *err);

void fg_citation_free(struct fg_citation *c);

#endif
