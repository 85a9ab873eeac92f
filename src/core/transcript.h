/* transcript.h - split a transcript into front matter and body, and the
 * body into speaker turns, following an import profile.  Pure functions:
 * no database.  All offsets index the body text (the stored text). */
#ifndef FG_TRANSCRIPT_H
#define FG_TRANSCRIPT_H

#include <stddef.h>

#include "core/error.h"
#include "core/profile.h"

/* Front matter: a first line "---", YAML lines, a closing "---" (or "...")
 * line.  On success: *has is 1 if present; [*fm_off, *fm_off + *fm_len) is
 * the YAML between the fences; *body_off is the byte offset of the body and
 * *body_line its 1-based line number in the file.  Without front matter
 * the body is the whole text (*body_off 0, *body_line 1).  An opening fence
 * without a closing one is FG_INPUT at line 1.  Fences may carry
 * trailing spaces or tabs; "----" is no fence.  The YAML region is whole
 * lines, including the LF of its last line (fm_len 0 for "---\n---");
 * pass it to fg_yaml_load_string with line_offset 1.  text must already
 * have LF line ends (fg_text_normalize). */
enum fg_status fg_front_matter_split(const char *text, size_t len,
    const char *file, int *has, size_t *fm_off, size_t *fm_len,
    size_t *body_off, int *body_line, struct fg_error *err);

struct fg_turn_rec {
	char *speaker;        /* normalised label (owned) */
	char *speaker_raw;    /* label as written (owned) */
	char *timestamp;      /* owned, NULL if none */
	/* The utterance, label excluded, [start, end): from the first
	 * character after the label, colon and spaces (or, when nothing
	 * follows the label on its line, from the start of the turn's next
	 * content line) to the end of its last content line, LF excluded.
	 * Trailing blank lines and notes are not part of it; skipped lines
	 * between content lines are.  start == end for a turn without
	 * text. */
	size_t start_cp, end_cp;
	size_t start_b, end_b;
	int line_start, line_end; /* file line numbers (body_line based):
	                           * the label's line, the last content line */
	int variant;          /* 1 if the label only matched a declared
	                       * speaker ignoring case/spacing, or was
	                       * indented (both warned); 0 without declared
	                       * speakers */
};

struct fg_note_rec {
	size_t turn;          /* index into turns, or (size_t)-1 before any */
	int line;             /* file line number */
	char *text;           /* owned: the note line as written */
};

/* Invisible and compatibility characters found in the body (F06), so the
 * import summary can list them.  cp is the code point, count how often. */
struct fg_char_count {
	int cp;
	size_t count;
};

struct fg_transcript {
	struct fg_turn_rec *turns;
	size_t nturns;
	struct fg_note_rec *notes;
	size_t nnotes;
	/* Owned messages "LINE: text", sorted by line.  With declared
	 * speakers: "LINE: label 'MODERATOR' read as speaker 'Moderator'",
	 * "LINE: indented label 'Ana M.' read as speaker 'Ana M.'".  Without:
	 * "LINE: speaker 'X' occurs only once; check it is a speaker" and
	 * "LINE: speaker 'X' differs from speaker 'Y' only in case or
	 * spacing" (at X's first line; Y is the most used spelling). */
	char **warnings;
	size_t nwarnings;
	struct fg_char_count *odd_chars; /* sorted by code point */
	size_t nodd_chars;
	size_t preamble_lines; /* non-empty lines before the first turn */
};

struct fg_parse_opts {
	const char *file;      /* for messages */
	int body_line;         /* file line number of the body's first line */
	/* Declared speakers: when nspeakers > 0 only lines whose label is one
	 * of these (exactly, or ignoring case and spacing, with a warning)
	 * start a turn; other "word:" lines are continuations.  When 0, any
	 * label the profile's speaker pattern accepts starts a turn. */
	const char *const *speakers;
	size_t nspeakers;
	/* 1 when the caller has already checked that the body is valid
	 * UTF-8 (the importer checks the whole file), to skip a second pass */
	int valid_utf8;
};

/* Parse body[0..len) (valid UTF-8, LF line ends) with profile p.  On
 * success *out is owned by the caller (fg_transcript_free).  FG_INPUT only
 * for profile errors at match time (e.g. PCRE2's match limit: the message
 * names the pattern, err->line the file line) and for invalid UTF-8.
 * opts may be NULL (no file name, body_line 1, no declared speakers).
 * Speaker names are fg_speaker_normalize'd; with declared speakers the
 * declared (normalised) spelling is stored. */
enum fg_status fg_transcript_parse(const char *body, size_t len,
    const struct fg_profile *p, const struct fg_parse_opts *opts,
    struct fg_transcript **out, struct fg_error *err);

void fg_transcript_free(struct fg_transcript *t);

/* Normalise a speaker label: no-break and other Unicode spaces (Zs, and
 * tab, CR, LF, VT, FF) become a space, format characters (Cf: ZWSP, soft
 * hyphen, BOM, ZWJ, ...) and invalid bytes are dropped, runs of spaces
 * collapse and ends are trimmed.  No case or NFC change.  Returns a malloc'd
 * string (caller frees) or NULL when out of memory. */
char *fg_speaker_normalize(const char *label, size_t len);

#endif
