/* source.c - transcripts in the project: lookup, names of odd
 * characters, import reports and listings.  The import (bytes -> text ->
 * front matter -> group and participants -> turns) is in import.c and
 * import-store.c. */
#include "config.h"

#include "core/source.h"
#include "core/source-impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

enum fg_status
fg_source_resolve(struct fg_db *db, const char *spec, int64_t *id,
    struct fg_error *err)
{
	struct fg_buf ids = FG_BUF_INIT;
	sqlite3_stmt *st = NULL;
	enum fg_status s;
	const char *p;
	int rc, n = 0, numeric = *spec != '\0';

	for (p = spec; *p; p++)
		if (*p < '0' || *p > '9')
			numeric = 0;
	if ((s = fg_db_prepare(db, numeric ?
	    "SELECT id FROM source WHERE id = ?1 OR name = ?2 ORDER BY id" :
	    "SELECT id FROM source WHERE name = ?2 ORDER BY id", &st, err))
	    != FG_OK)
		return s;
	if (numeric)
		sqlite3_bind_int64(st, 1, strtoll(spec, NULL, 10));
	sqlite3_bind_text(st, 2, spec, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		fg_buf_printf(&ids, "%s%lld", n ? ", " : "",
		    (long long)*id);
		n++;
		if (numeric && *id == strtoll(spec, NULL, 10)) {
			n = 1; /* an exact id wins over a name */
			break;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		fg_buf_free(&ids);
		return fg_db_fail(db, rc, err);
	}
	if (n == 0)
		s = fg_error_set(err, FG_NOTFOUND, NULL, 0, 0,
		    "no source '%s' (see 'fgcode sources')", spec);
	else if (n > 1)
		s = fg_error_set(err, FG_INPUT, NULL, 0, 0,
		    "several sources are named '%s' (ids %s); give the id",
		    spec, ids.p);
	else
		s = FG_OK;
	fg_buf_free(&ids);
	return s;
}

/* ---- odd characters ---- */

static const struct {
	int cp;
	const char *name;
} char_names[] = {
	{ 0x0009, "CHARACTER TABULATION" },
	{ 0x000B, "LINE TABULATION" },
	{ 0x000C, "FORM FEED" },
	{ 0x0085, "NEXT LINE" },
	{ 0x00A0, "NO-BREAK SPACE" },
	{ 0x00AD, "SOFT HYPHEN" },
	{ 0x034F, "COMBINING GRAPHEME JOINER" },
	{ 0x061C, "ARABIC LETTER MARK" },
	{ 0x115F, "HANGUL CHOSEONG FILLER" },
	{ 0x1160, "HANGUL JUNGSEONG FILLER" },
	{ 0x1680, "OGHAM SPACE MARK" },
	{ 0x180E, "MONGOLIAN VOWEL SEPARATOR" },
	{ 0x2000, "EN QUAD" },
	{ 0x2001, "EM QUAD" },
	{ 0x2002, "EN SPACE" },
	{ 0x2003, "EM SPACE" },
	{ 0x2004, "THREE-PER-EM SPACE" },
	{ 0x2005, "FOUR-PER-EM SPACE" },
	{ 0x2006, "SIX-PER-EM SPACE" },
	{ 0x2007, "FIGURE SPACE" },
	{ 0x2008, "PUNCTUATION SPACE" },
	{ 0x2009, "THIN SPACE" },
	{ 0x200A, "HAIR SPACE" },
	{ 0x200B, "ZERO WIDTH SPACE" },
	{ 0x200C, "ZERO WIDTH NON-JOINER" },
	{ 0x200D, "ZERO WIDTH JOINER" },
	{ 0x200E, "LEFT-TO-RIGHT MARK" },
	{ 0x200F, "RIGHT-TO-LEFT MARK" },
	{ 0x2011, "NON-BREAKING HYPHEN" },
	{ 0x2028, "LINE SEPARATOR" },
	{ 0x2029, "PARAGRAPH SEPARATOR" },
	{ 0x202A, "LEFT-TO-RIGHT EMBEDDING" },
	{ 0x202B, "RIGHT-TO-LEFT EMBEDDING" },
	{ 0x202C, "POP DIRECTIONAL FORMATTING" },
	{ 0x202D, "LEFT-TO-RIGHT OVERRIDE" },
	{ 0x202E, "RIGHT-TO-LEFT OVERRIDE" },
	{ 0x202F, "NARROW NO-BREAK SPACE" },
	{ 0x205F, "MEDIUM MATHEMATICAL SPACE" },
	{ 0x2060, "WORD JOINER" },
	{ 0x2061, "FUNCTION APPLICATION" },
	{ 0x2062, "INVISIBLE TIMES" },
	{ 0x2063, "INVISIBLE SEPARATOR" },
	{ 0x2064, "INVISIBLE PLUS" },
	{ 0x2066, "LEFT-TO-RIGHT ISOLATE" },
	{ 0x2067, "RIGHT-TO-LEFT ISOLATE" },
	{ 0x2068, "FIRST STRONG ISOLATE" },
	{ 0x2069, "POP DIRECTIONAL ISOLATE" },
	{ 0x206A, "INHIBIT SYMMETRIC SWAPPING" },
	{ 0x206B, "ACTIVATE SYMMETRIC SWAPPING" },
	{ 0x206C, "INHIBIT ARABIC FORM SHAPING" },
	{ 0x206D, "ACTIVATE ARABIC FORM SHAPING" },
	{ 0x206E, "NATIONAL DIGIT SHAPES" },
	{ 0x206F, "NOMINAL DIGIT SHAPES" },
	{ 0x3000, "IDEOGRAPHIC SPACE" },
	{ 0x3164, "HANGUL FILLER" },
	{ 0xFB00, "LATIN SMALL LIGATURE FF" },
	{ 0xFB01, "LATIN SMALL LIGATURE FI" },
	{ 0xFB02, "LATIN SMALL LIGATURE FL" },
	{ 0xFB03, "LATIN SMALL LIGATURE FFI" },
	{ 0xFB04, "LATIN SMALL LIGATURE FFL" },
	{ 0xFB05, "LATIN SMALL LIGATURE LONG S T" },
	{ 0xFB06, "LATIN SMALL LIGATURE ST" },
	{ 0xFE0F, "VARIATION SELECTOR-16" },
	{ 0xFEFF, "ZERO WIDTH NO-BREAK SPACE" },
	{ 0xFFA0, "HALFWIDTH HANGUL FILLER" },
	{ 0xFFF9, "INTERLINEAR ANNOTATION ANCHOR" },
	{ 0xFFFA, "INTERLINEAR ANNOTATION SEPARATOR" },
	{ 0xFFFB, "INTERLINEAR ANNOTATION TERMINATOR" },
	{ 0xFFFC, "OBJECT REPLACEMENT CHARACTER" },
	{ 0xFFFD, "REPLACEMENT CHARACTER" },
};

const char *
fg_char_name(int cp)
{
	size_t lo = 0, hi = sizeof char_names / sizeof char_names[0], mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (char_names[mid].cp == cp)
			return char_names[mid].name;
		if (char_names[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if ((cp >= 0x80 && cp < 0xA0) || (cp >= 0 && cp < 0x20) || cp == 0x7F)
		return "<control>";
	if (cp >= 0xFE00 && cp <= 0xFE0F)
		return "VARIATION SELECTOR";
	if (cp >= 0xE0000 && cp <= 0xE007F)
		return "TAG CHARACTER";
	if ((cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000)
		return "<private use>";
	return NULL;
}

/* ---- reports ---- */

void
fg_import_report_free(struct fg_import_report *r)
{
	size_t i;

	if (r == NULL)
		return;
	free(r->path);
	free(r->name);
	free(r->fg);
	free(r->profile);
	free(r->encoding);
	for (i = 0; i < r->nspeakers; i++) {
		free(r->speakers[i].name);
		free(r->speakers[i].pid);
	}
	free(r->speakers);
	free(r->odd_chars);
	for (i = 0; i < r->nwarnings; i++)
		free(r->warnings[i]);
	free(r->warnings);
	memset(r, 0, sizeof *r);
}

enum fg_status
fg_source_nomem(struct fg_error *err)
{
	return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
}

/* ---- listings ---- */

enum fg_status
fg_source_list(struct fg_db *db, int short_hash, struct fg_table **out,
    struct fg_error *err)
{
	static const char *const names[] = { "id", "name", "fg", "city",
	    "date", "language", "turns", "speakers", "cp", "codings",
	    "imported_at", "imported_by", "sha256" };
	static const enum fg_col_type types[] = { FG_COL_INT, FG_COL_TEXT,
	    FG_COL_TEXT, FG_COL_TEXT, FG_COL_TEXT, FG_COL_TEXT, FG_COL_INT,
	    FG_COL_INT, FG_COL_INT, FG_COL_INT, FG_COL_TEXT, FG_COL_TEXT,
	    FG_COL_TEXT };
	struct fg_table *t;
	sqlite3_stmt *st;
	enum fg_status s;

	*out = NULL;
	if ((t = fg_table_new(13, names, types)) == NULL)
		return fg_source_nomem(err);
	s = fg_db_prepare(db, "SELECT s.id, s.name, g.fg, "
	    "coalesce(g.city, (SELECT value FROM source_attr a WHERE "
	    "a.source_id = s.id AND a.key = 'city')), "
	    "coalesce(g.date, (SELECT value FROM source_attr a WHERE "
	    "a.source_id = s.id AND a.key = 'date')), "
	    "coalesce(s.language, g.language), "
	    "(SELECT count(*) FROM turn t WHERE t.source_id = s.id), "
	    "(SELECT count(DISTINCT speaker) FROM turn t WHERE "
	    "t.source_id = s.id), s.n_cp, "
	    "(SELECT count(*) FROM coding c WHERE c.source_id = s.id), "
	    "s.imported_at, s.imported_by, "
	    "CASE WHEN ?1 THEN substr(s.file_sha256, 1, 12) "
	    "ELSE s.file_sha256 END "
	    "FROM source s LEFT JOIN focus_group g ON g.id = s.group_id "
	    "ORDER BY s.id", &st, err);
	if (s == FG_OK) {
		sqlite3_bind_int(st, 1, short_hash != 0);
		s = fg_table_add_stmt(t, db->db, st, err);
		sqlite3_finalize(st);
	}
	if (s != FG_OK) {
		fg_table_free(t);
		return s;
	}
	*out = t;
	return FG_OK;
}

enum fg_status
fg_source_speakers(struct fg_db *db, int64_t id, struct fg_table **out,
    struct fg_error *err)
{
	static const char *const names[] = { "speaker", "participant",
	    "turns" };
	static const enum fg_col_type types[] = { FG_COL_TEXT, FG_COL_TEXT,
	    FG_COL_INT };
	struct fg_table *t;
	sqlite3_stmt *st;
	enum fg_status s;

	*out = NULL;
	if ((t = fg_table_new(3, names, types)) == NULL)
		return fg_source_nomem(err);
	s = fg_db_prepare(db, "SELECT t.speaker, max(p.pid), count(*) "
	    "FROM turn t LEFT JOIN participant p ON p.id = t.participant_id "
	    "WHERE t.source_id = ?1 GROUP BY t.speaker ORDER BY min(t.seq)",
	    &st, err);
	if (s == FG_OK) {
		sqlite3_bind_int64(st, 1, id);
		s = fg_table_add_stmt(t, db->db, st, err);
		sqlite3_finalize(st);
	}
	if (s != FG_OK) {
		fg_table_free(t);
		return s;
	}
	*out = t;
	return FG_OK;
}
