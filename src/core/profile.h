/* profile.h - import profiles: how a transcript format marks speaker turns,
 * time stamps, lines to skip and lines to attach as notes, written as PCRE2
 * patterns (UTF and Unicode properties on).  Built in: "plain" (the default
 * "Speaker: text" format), "markdown" (plain, plus **Speaker:** labels and
 * headings skipped) and "spacelog" (Spacelog mission transcripts).  Users
 * may write their own as YAML (see fgcode-transcript(5)). */
#ifndef FG_PROFILE_H
#define FG_PROFILE_H

#include "core/error.h"

struct fg_profile; /* opaque; compiled patterns */

/* Look spec up as a built-in name, else load it as a YAML profile file.
 * On success *out is owned by the caller (fg_profile_free).  An unknown
 * name that is not a readable file is FG_INPUT naming the built-ins; a bad
 * file or pattern is FG_INPUT with file, line and column. */
enum fg_status fg_profile_get(const char *spec, struct fg_profile **out,
    struct fg_error *err);

/* The profile fgcode picks when none is given, from the file name
 * ("markdown" for *.md, else "plain").  Static string. */
const char *fg_profile_default_for(const char *filename);

/* NULL-terminated list of the built-in profile names (static). */
const char *const *fg_profile_builtin_names(void);

/* The profile's name (borrowed; valid until fg_profile_free). */
const char *fg_profile_name(const struct fg_profile *p);

/* Free; NULL is a no-op. */
void fg_profile_free(struct fg_profile *p);

#endif
