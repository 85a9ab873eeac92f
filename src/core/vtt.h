/* vtt.h - WebVTT files (Zoom and Teams transcripts, captions): the file
 * parsing algorithm of the W3C WebVTT specification, and the conversion of
 * the cues into speaker turns of a rendered text that fgcode stores.
 *
 * fgcode stores one text per source and its turns index into it.  For a
 * WebVTT file that text is not the file but a rendering of its cues, one
 * line per turn:
 *
 *     Moderator: Welcome, can everyone hear me?
 *     Lina Park: Yes, loud and clear. The new schedule confused a lot ...
 *     10:30 Standup: it moved twice in one week.
 *
 * "NAME: " and the LF are not part of the turn; a turn without a speaker
 * is its text alone.  See fg_vtt_import and fgcode-transcript(5). */
#ifndef FG_VTT_H
#define FG_VTT_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/transcript.h"

/* The speaker of a turn whose cues name none. */
#define FG_VTT_NO_SPEAKER "(unknown)"

/* A REGION block (DOM VTTRegion names). */
struct fg_vtt_region {
	char *id;                  /* owned; "" when not given */
	double width;              /* percent; default 100 */
	double lines;              /* default 3 */
	double anchor_x, anchor_y; /* regionanchor, percent; default 0,100 */
	double viewport_x, viewport_y; /* viewportanchor; default 0,100 */
	int scroll_up;             /* scroll:up given */
};

/* A cue.  The strings are owned by the struct fg_vtt. */
struct fg_vtt_cue {
	char *id;              /* the identifier line, "" when none */
	int64_t start_ms, end_ms; /* times in milliseconds */
	char *settings;        /* what follows the end time on the timing
	                        * line, blanks around it removed ("" when
	                        * none) */
	char *text;            /* the payload lines joined by LF, markup and
	                        * entities as written (NUL already U+FFFD) */
	int line;              /* 1-based line of the timing line */
	int text_line;         /* line of the first payload line */
	int text_lines;        /* number of payload lines (0: empty cue) */
	/* The settings as the specification applies them (DOM VTTCue): */
	const char *vertical;  /* "", "rl", "lr" (static strings) */
	int line_auto;         /* 1: line is "auto" (line_value unused) */
	double line_value;
	int snap_to_lines;     /* 1 unless line was a percentage */
	const char *line_align;     /* "start", "center", "end" */
	int position_auto;     /* 1: position is "auto" */
	double position;
	const char *position_align; /* "auto", "line-left", "center",
	                             * "line-right" */
	double size;           /* default 100 */
	const char *align;     /* "start", "center", "end", "left", "right" */
	long region;           /* index into regions, or -1 */
};

struct fg_vtt {
	struct fg_vtt_cue *cues;
	size_t ncues;
	/* Every REGION block read, in file order (a later block with the same
	 * id replaces an earlier one for the cues after it, but both stay
	 * here, so that region indexes are identities). */
	struct fg_vtt_region *regions;
	size_t nregions;
	size_t nstyles;        /* STYLE blocks (read and dropped) */
	size_t nnotes;         /* NOTE blocks (dropped) */
	/* Lines of the other blocks the algorithm drops: blocks that are
	 * neither a cue nor a NOTE, STYLE or REGION block, typically a cue
	 * whose timing line is malformed ("00:01,000 --> ...").  Owned. */
	int *dropped;
	size_t ndropped;
};

/* Parse data[0..len) as a WebVTT file, following the WebVTT file parsing
 * algorithm: one leading UTF-8 BOM is skipped, invalid UTF-8 bytes and NUL
 * become U+FFFD, CRLF and CR are line ends; the first line must be
 * "WEBVTT", alone or followed by a space or tab and anything.  Only
 * deviation: an hour field of more than 12 digits fails the timestamp.
 * On success *out is owned by the caller (fg_vtt_free).  FG_INPUT at line
 * 1 (file used in the message) when the signature is wrong; FG_NOMEM. */
enum fg_status fg_vtt_parse(const char *data, size_t len, const char *file,
    struct fg_vtt **out, struct fg_error *err);

/* Free; NULL is a no-op. */
void fg_vtt_free(struct fg_vtt *v);

/* Format ms as "HH:MM:SS.mmm" (hours at least two digits) into out (at
 * least 32 bytes); returns out. */
char *fg_vtt_format_time(int64_t ms, char *out);

/* Import body[0..len) (the file after fgcode's own normalisation: UTF-8,
 * LF line ends; a BOM or CR left in it is handled too) as WebVTT: parse
 * it, turn the cues into turns and render the text to store.
 *
 * A cue's speaker comes from a voice span, "<v Name>" or "<v.class
 * Name>" (the closing "</v>" is optional), else from a "Name: " label
 * at the start of its text, where Name is a label as the plain profile
 * reads it (a letter or "@" first, at most 63 characters; so never
 * "10:30 Standup:").  With declared speakers (opts->speakers) such a
 * label counts only when it is one of them (ignoring case and spacing,
 * with a warning, stores the declared spelling); voice names always
 * count.  A cue with several voice spans gives one piece per span.
 * Markup tags are removed and the entities &amp; &lt; &gt; &quot; &apos;
 * &nbsp; &lrm; &rlm; and &#N; &#xH; decoded once; each line is trimmed,
 * empty lines dropped, and the lines joined with one space.  A cue with
 * no text left is dropped.  Consecutive pieces of the same speaker become
 * one turn, with the start of the first and the end of the last:
 * timestamp "HH:MM:SS.mmm-HH:MM:SS.mmm".  Pieces without a speaker are
 * one turn each, speaker FG_VTT_NO_SPEAKER (speaker_raw ""), and are
 * never merged.  Turn lines (line_start, line_end) are lines of the
 * file: the first and last payload lines, offset by opts->body_line - 1.
 *
 * Warnings ("LINE: text", by line): a cue that starts with a clock time
 * and a colon; a label that is not a declared speaker; any other cue
 * without a speaker in a file where others have one; one warning when no
 * cue has a speaker; a label read as a declared speaker ignoring case;
 * blocks dropped as not cues.
 *
 * On success *text (NUL-terminated, *tlen bytes) and *out are owned by
 * the caller (free, fg_transcript_free); the turns' offsets index *text.
 * opts may be NULL.  Errors as fg_vtt_parse. */
enum fg_status fg_vtt_import(const char *body, size_t len,
    const struct fg_parse_opts *opts, char **text, size_t *tlen,
    struct fg_transcript **out, struct fg_error *err);

#endif
