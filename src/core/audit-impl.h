/* audit-impl.h - internals shared by the files of the audit module
 * (audit.c, audit-history.c, audit-roster.c, audit-cite.c); not an API:
 * callers use audit.h. */
#ifndef FG_AUDIT_IMPL_H
#define FG_AUDIT_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "core/audit.h"
#include "core/buf.h"
#include "core/db.h"
#include "core/error.h"

/* Ages, a growing array. */
struct fg_audit_ages {
	int *v;
	size_t n, cap;
};

/* A participant of a focus group, as the roster records it. */
struct fg_audit_person {
	char *pid;
	const char *gender;     /* "female", "male", NULL unknown; or raw */
	char *graw;
	int age;                /* -1 unknown */
};

/* A focus group of the roster, its cells read. */
struct fg_audit_group {
	int64_t id;
	char *fg, *city, *alias, *gcell, *acell, *facilitator;
	long size;              /* -1 unknown */
	int gread;              /* gender cell read (maybe with problems) */
	long nf, nm, nother;
	char gproblem[256];
	int aread;
	struct fg_audit_ages pub;
	char aproblem[256];
	struct fg_audit_person *rows;
	size_t nrows;
	int complete;           /* rows give every participant's gender and
	                         * age */
};

/* The roster: its groups and the stated total and age range. */
struct fg_audit_roster {
	struct fg_audit_group *g;
	size_t n;
	char *stated_total, *stated_range;
};

/* ---- audit.c ---- */

/* Set err to "out of memory"; FG_NOMEM. */
enum fg_status fg_audit_nomem(struct fg_error *err);

/* Column i of the current row of st as text (NULL for NULL). */
const char *fg_audit_col(sqlite3_stmt *st, int i);

/* Add a finding of check to a (the message from fmt); FG_OK or FG_NOMEM. */
enum fg_status fg_audit_finding(struct fg_audit *a, struct fg_error *err,
    const char *check, const char *subject, const char *advice,
    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Start the summary line of check (its findings are counted at the end). */
struct fg_audit_line *fg_audit_add_line(struct fg_audit *a,
    const char *check, const char *unit);

/* Count each summary line's findings. */
void fg_audit_count_findings(struct fg_audit *a);

/* ---- audit-history.c ---- */

/* The history check: the hash chain; *pending when it is yet to begin. */
enum fg_status fg_audit_check_history(struct fg_db *db, struct fg_audit *a,
    const struct fg_audit_opts *o, int *pending, struct fg_error *err);

/* The state check: the project against what the events say. */
enum fg_status fg_audit_check_state(struct fg_db *db, struct fg_audit *a,
    int pending, struct fg_error *err);

/* ---- audit-roster.c ---- */

/* Append v to a; 0 or -1 when out of memory. */
int fg_audit_ages_push(struct fg_audit_ages *a, int v);

/* How many times v is in a. */
size_t fg_audit_ages_count(const struct fg_audit_ages *a, int v);

/* Free what r holds. */
void fg_audit_roster_free(struct fg_audit_roster *r);

/* strdup(s), or NULL for NULL. */
char *fg_audit_dupn(const char *s);

/* Read the roster of db into r (freed with fg_audit_roster_free). */
enum fg_status fg_audit_roster_load(struct fg_db *db,
    struct fg_audit_roster *r, struct fg_error *err);

/* "24, 26 and 37" into b. */
void fg_audit_list_ages(struct fg_buf *b, const int *v, size_t n);

/* qsort's comparison of two ints. */
int fg_audit_int_cmp(const void *a, const void *b);

/* The roster check. */
enum fg_status fg_audit_check_roster(struct fg_audit *a,
    const struct fg_audit_roster *r, struct fg_error *err);

/* The speakers check: speakers that match no participant. */
enum fg_status fg_audit_check_speakers(struct fg_db *db, struct fg_audit *a,
    struct fg_error *err);

/* ---- audit-cite.c ---- */

/* The citations check of the n entries e against the roster r. */
enum fg_status fg_audit_check_citation_list(struct fg_audit *a,
    const struct fg_audit_roster *r, const struct fg_cite_entry *e, size_t n,
    struct fg_error *err);

#endif
