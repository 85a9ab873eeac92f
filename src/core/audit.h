/* audit.h - fgcode audit: does the project still say what it said when it
 * was made?  Reads only (open the project with fg_db_open_readonly).
 *
 * The checks, in order (struct fg_audit_line.check):
 *   excerpts   every coding's stored excerpt equals the source text at its
 *              range (bytes and code points agree) and hashes as recorded
 *   sources    every source's text hashes as recorded at import
 *   originals  where a transcript's original file is on disk (at its
 *              recorded path, or by name in opts->originals), its bytes
 *              still hash as recorded; files not found are counted only
 *   history    the hash chain (history.h): links, ids, hashes, the head
 *              recorded, the guard triggers, the published --head hash
 *   state      the codings, sources, codebook, roster and stored citations
 *              are as the events say they were left
 *   roster     gender and age cells that cannot be read as written, the
 *              declared size against the gender and age cells and the
 *              participants recorded, the stated total
 *              (stated_total_participants) against the groups, ages outside
 *              the stated range (roster key stated_age_range: "19-60")
 *   speakers   speakers that match no participant of their focus group
 *              (the facilitator excepted)
 *   citations  every stored citation (fgcode cite --store) against the
 *              roster, alone and together with the others
 * Each problem is a finding with what to do about it. */
#ifndef FG_AUDIT_H
#define FG_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/db.h"
#include "core/error.h"
#include "core/hash.h"

struct fg_finding {
	const char *check;       /* static: "excerpts", "roster", ... */
	char *subject;           /* what it is about: "coding 5 (Q-...)",
	                          * "FG 9", "footnote 8", "event 7" */
	char *message;           /* what is wrong */
	char *advice;            /* what to do */
};

/* One check's summary. */
struct fg_audit_line {
	const char *check;       /* static */
	long checked;            /* how many things were checked */
	const char *unit;        /* static: "codings", "events", ... */
	size_t findings;
	char *note;              /* owned; NULL or more information, such as
	                          * "2 not found" */
};

#define FG_AUDIT_CHECKS 8

struct fg_audit {
	struct fg_audit_line lines[FG_AUDIT_CHECKS];
	size_t nlines;
	struct fg_finding *findings;
	size_t n, cap;
	int64_t head_id;         /* the last event, 0 when none */
	char head[FG_SHA256_HEX];
};

struct fg_audit_opts {
	const char *originals;   /* a directory holding the original files by
	                          * name; NULL: their recorded paths */
	const char *anchor;      /* a hash that must be an event's (--head);
	                          * NULL for none */
};

/* Run every check on db.  *out is owned by the caller (fg_audit_free);
 * the return is FG_OK whatever the findings (errors are for a project
 * that cannot be read). */
enum fg_status fg_audit_run(struct fg_db *db, const struct fg_audit_opts *o,
    struct fg_audit **out, struct fg_error *err);

/* Free; NULL is a no-op. */
void fg_audit_free(struct fg_audit *a);

/* One citation with its label, as read from a citations file. */
struct fg_cite_entry {
	char *label;             /* "footnote 22" or the label given */
	char *text;
	int line, col;           /* of the text in the file */
};

/* Read a citations file (YAML):
 *   source: "..."             # optional, free text
 *   citations:
 *     - footnote: 22          # or label: "..."
 *       text: "FG 3, female participants aged 26, 26 and 26, Aktau."
 * *out is an array of *n entries owned by the caller
 * (fg_cite_entries_free).  FG_INPUT at FILE:LINE:COL for a bad file. */
enum fg_status fg_cite_entries_load(const char *path, struct fg_cite_entry
    **out, size_t *n, struct fg_error *err);

void fg_cite_entries_free(struct fg_cite_entry *e, size_t n);

/* Check citations e[0..n) against the project's roster (the "citations"
 * check alone): *out as for fg_audit_run, its one line "citations". */
enum fg_status fg_audit_citations(struct fg_db *db,
    const struct fg_cite_entry *e, size_t n, struct fg_audit **out,
    struct fg_error *err);

/* Store citations e[0..n) in the project (table citation, replacing the
 * text of a label already there) with a citation.store event each, in the
 * caller's transaction.  Every text must read as a citation (FG_INPUT at
 * the entry's line otherwise; file names the file).  *stored (may be
 * NULL) receives the number added or changed. */
enum fg_status fg_cite_entries_store(struct fg_db *db, const char *file,
    const struct fg_cite_entry *e, size_t n, size_t *stored,
    struct fg_error *err);

/* The audit as text appended to out, lines at most 72 columns wide where
 * words allow: with summary, a table of the checks (check, checked,
 * result) and the history's head (event number, then its hash alone on a
 * line); then each finding, numbered, as "N. CHECK, SUBJECT: MESSAGE" and
 * "   what to do: ADVICE", wrapped with a hanging indent of 3, a blank
 * line between findings.  FG_OK or FG_NOMEM. */
enum fg_status fg_audit_to_text(const struct fg_audit *a, int summary,
    struct fg_buf *out, struct fg_error *err);

/* The audit as a JSON object appended to out: {"ok": bool, "checks":
 * [{"check", "checked", "unit", "findings", "note"}], "head": {"event",
 * "hash"}, "findings": [{"check", "subject", "finding", "what_to_do"}]}.
 * FG_OK or FG_NOMEM. */
enum fg_status fg_audit_to_json(const struct fg_audit *a, struct fg_buf *out,
    struct fg_error *err);

#endif
