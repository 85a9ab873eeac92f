/* profile.h - import profiles: how a transcript format marks speaker turns,
 * time stamps, lines to skip and lines to attach as notes, written as PCRE2
 * patterns (UTF and Unicode properties on).  Built in: "plain" (the default
 * "Speaker: text" format), "markdown" (plain, plus **Speaker:** labels and
 * headings skipped), "spacelog" (Spacelog mission transcripts) and
 * "webvtt" (captions; a name only: the importer reads those with
 * core/vtt, not with patterns).  Users may write their own as YAML (see
 * fgcode-transcript(5)). */
#ifndef FG_PROFILE_H
#define FG_PROFILE_H

#include <stddef.h>

#include "core/error.h"

struct fg_profile; /* opaque; compiled patterns */

/* Look spec up as a built-in name (NULL or "" is "plain"), else load it
 * as a YAML profile file (keys: see the comment at the top of profile.c).
 * On success *out is owned by the caller (fg_profile_free).  An unknown
 * name that is not a readable file is FG_INPUT naming the built-ins; a bad
 * file or pattern is FG_INPUT with file, line and column. */
enum fg_status fg_profile_get(const char *spec, struct fg_profile **out,
    struct fg_error *err);

/* The profile fgcode picks when none is given, from the file name
 * ("markdown" for *.md, "webvtt" for *.vtt, else "plain").  Static string. */
const char *fg_profile_default_for(const char *filename);

/* NULL-terminated list of the built-in profile names (static). */
const char *const *fg_profile_builtin_names(void);

/* The profile's name (borrowed; valid until fg_profile_free). */
const char *fg_profile_name(const struct fg_profile *p);

/* Free; NULL is a no-op. */
void fg_profile_free(struct fg_profile *p);

/* ---- matching lines (used by transcript.c) ---- */

/* What a line of a transcript is under a profile.  Lines are tried in
 * this order: skip patterns, note patterns, the timestamp-line pattern,
 * then the speaker pattern (after the timestamp prefix, if any). */
enum fg_line_kind {
	FG_LINE_TEXT,      /* none matched: continuation or preamble */
	FG_LINE_SKIP,      /* ignored entirely */
	FG_LINE_NOTE,      /* attach to the current turn as a note */
	FG_LINE_TIMESTAMP, /* sets the timestamp of the following turns */
	FG_LINE_SPEAKER    /* starts a turn (if the label is accepted) */
};

/* Byte offsets are into the line as passed.  label_* and text_off are for
 * FG_LINE_SPEAKER; ts_* for FG_LINE_TIMESTAMP and for a speaker line with
 * a timestamp prefix (ts_len 0 and ts_off 0 when there is none). */
struct fg_line_info {
	enum fg_line_kind kind;
	size_t label_off, label_len; /* the label as written (group speaker) */
	size_t text_off;             /* where the utterance starts */
	size_t ts_off, ts_len;       /* the timestamp (group ts) */
	int has_ts;                  /* 1 if ts_* are set */
	int indented;                /* the line starts with horizontal space */
};

struct fg_profile_scanner; /* opaque: match data, match context, JIT stack */

/* A scanner matches lines against p; it borrows p (which must outlive it)
 * and holds the reusable PCRE2 match data, so one scanner serves a whole
 * file.  One scanner per thread.  *out is freed with
 * fg_profile_scanner_free.  FG_NOMEM on failure. */
enum fg_status fg_profile_scanner_new(const struct fg_profile *p,
    struct fg_profile_scanner **out, struct fg_error *err);

/* Free; NULL is a no-op. */
void fg_profile_scanner_free(struct fg_profile_scanner *s);

/* Classify line[0..len) (valid UTF-8, no LF).  file and lineno are only
 * used in messages.  FG_INPUT, naming the pattern, when a pattern fails at
 * match time (match, depth or heap limit: runaway backtracking). */
enum fg_status fg_profile_scan_line(struct fg_profile_scanner *s,
    const char *line, size_t len, const char *file, int lineno,
    struct fg_line_info *out, struct fg_error *err);

/* The match limit (PCRE2 match_limit) every profile pattern runs under,
 * per line. */
#define FG_PROFILE_MATCH_LIMIT 5000000u
/* The depth limit (PCRE2 depth_limit, interpreter only). */
#define FG_PROFILE_DEPTH_LIMIT 100000u

#endif
