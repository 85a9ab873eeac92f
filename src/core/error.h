/* error.h - status codes and the caller-owned error record of libfgcore.
 *
 * The core never prints and never exits: every fallible function returns an
 * enum fg_status and, on failure, fills a struct fg_error that the caller
 * owns (usually on the stack).  The CLI turns it into
 * "fgcode: FILE:LINE:COL: message" and an exit status; the TUI shows it. */
#ifndef FG_ERROR_H
#define FG_ERROR_H

#include <stdarg.h>

/* X-macro: name, exit status used by the CLI, short description. */
#define FG_STATUS_INFO(_) \
	_(OK,       0, "success") \
	_(INPUT,    1, "bad input") \
	_(USAGE,    2, "bad usage") \
	_(NOTFOUND, 3, "not found") \
	_(EXISTS,   4, "already exists") \
	_(BUSY,     5, "project busy, try again") \
	_(DB,       6, "database error") \
	_(IO,       7, "file error") \
	_(NOMEM,    8, "out of memory") \
	_(LIMIT,    9, "resource limit reached")

enum fg_status {
#define FG_STATUS_ENUM(name, exit, desc) FG_##name,
	FG_STATUS_INFO(FG_STATUS_ENUM)
#undef FG_STATUS_ENUM
	FG_STATUS_COUNT
};

struct fg_error {
	enum fg_status code;
	char file[512];    /* "" when the error is not about a file */
	int line;          /* 1-based; 0 when unknown */
	int col;           /* 1-based, in code points; 0 when unknown */
	char msg[1024];
};

/* Reset err to FG_OK with empty fields.  err may be NULL. */
void fg_error_clear(struct fg_error *err);

/* Fill err (may be NULL) and return code.  file may be NULL.  The message is
 * formatted with printf rules and truncated to fit. */
enum fg_status fg_error_set(struct fg_error *err, enum fg_status code,
    const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Same, taking a va_list. */
enum fg_status fg_error_vset(struct fg_error *err, enum fg_status code,
    const char *file, int line, int col, const char *fmt, va_list ap);

/* Static strings: the status name ("INPUT") and its description. */
const char *fg_status_name(enum fg_status code);
const char *fg_status_desc(enum fg_status code);

/* The process exit status the CLI uses for code (see fgcode(1) EXIT STATUS). */
int fg_status_exit(enum fg_status code);

#endif
