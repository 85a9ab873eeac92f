/* test-vtt.c - unit tests of core/vtt: the WebVTT conformance suite of
 * web-platform-tests in ../shared (every file, against the hand-written
 * expected.json), field case F08 (Zoom and Teams exports; the turns, times
 * and texts of its README), and small cases: entities decoded once, voice
 * spans, labels, declared speakers, dropped blocks, the signature error.
 * Offsets were computed with python3 (len(str) for cp, len(s.encode())
 * for bytes) on the rendered texts written out by hand from vtt.h. */
#include "config.h"

#include "unit.h"

#include <jansson.h>
#include <math.h>

#include "core/transcript.h"
#include "core/utf8.h"
#include "core/vtt.h"

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long n;

	if (f == NULL)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc((size_t)n + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	b[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return b;
}

/* ---- conformance ---- */

static int nfail;

#define CHECK(cond, ...) do { \
	if (!(cond)) { \
		print_message("# %s cue %zu: ", file, idx); \
		print_message(__VA_ARGS__); \
		print_message("\n"); \
		nfail++; \
	} \
} while (0)

static int
num_eq(const json_t *j, double v)
{
	return json_is_number(j) && json_number_value(j) == v;
}

/* A number-or-"auto" property. */
static int
auto_eq(const json_t *j, int is_auto, double v)
{
	if (json_is_string(j))
		return is_auto && strcmp(json_string_value(j), "auto") == 0;
	return !is_auto && num_eq(j, v);
}

static void
check_region(const char *file, size_t idx, const json_t *want,
    const struct fg_vtt *v, long r)
{
	const struct fg_vtt_region *g;
	const char *key;
	json_t *val;

	if (json_is_null(want)) {
		CHECK(r == -1, "region: want null, got %ld", r);
		return;
	}
	CHECK(r >= 0, "region: want a region, got null");
	if (r < 0)
		return;
	g = &v->regions[r];
	json_object_foreach((json_t *)want, key, val) {
		if (strcmp(key, "id") == 0)
			CHECK(strcmp(g->id, json_string_value(val)) == 0,
			    "region id '%s'", g->id);
		else if (strcmp(key, "width") == 0)
			CHECK(num_eq(val, g->width), "width %g", g->width);
		else if (strcmp(key, "lines") == 0)
			CHECK(num_eq(val, g->lines), "lines %g", g->lines);
		else if (strcmp(key, "regionAnchorX") == 0)
			CHECK(num_eq(val, g->anchor_x), "rax %g", g->anchor_x);
		else if (strcmp(key, "regionAnchorY") == 0)
			CHECK(num_eq(val, g->anchor_y), "ray %g", g->anchor_y);
		else if (strcmp(key, "viewportAnchorX") == 0)
			CHECK(num_eq(val, g->viewport_x), "vax %g",
			    g->viewport_x);
		else if (strcmp(key, "viewportAnchorY") == 0)
			CHECK(num_eq(val, g->viewport_y), "vay %g",
			    g->viewport_y);
		else if (strcmp(key, "scroll") == 0)
			CHECK(strcmp(json_string_value(val), g->scroll_up ?
			    "up" : "") == 0, "scroll %d", g->scroll_up);
		else
			CHECK(0, "unknown region property %s", key);
	}
}

/* Compare one asserted cue; refs[0..1] remember regions A and B. */
static void
check_cue(const char *file, const json_t *want, const struct fg_vtt *v,
    long refs[2], size_t *nchecked)
{
	size_t idx = (size_t)json_number_value(json_object_get(want,
	    "index"));
	const struct fg_vtt_cue *c;
	const char *key, *s;
	json_t *val;
	long want_r;

	CHECK(idx < v->ncues, "missing (only %zu cues)", v->ncues);
	if (idx >= v->ncues)
		return;
	c = &v->cues[idx];
	json_object_foreach((json_t *)want, key, val) {
		s = json_string_value(val);
		(*nchecked)++;
		if (strcmp(key, "index") == 0)
			(*nchecked)--;
		else if (strcmp(key, "id") == 0)
			CHECK(strcmp(c->id, s) == 0, "id '%s', want '%s'",
			    c->id, s);
		else if (strcmp(key, "text") == 0)
			CHECK(strcmp(c->text, s) == 0, "text '%s', want '%s'",
			    c->text, s);
		else if (strcmp(key, "startTime") == 0)
			CHECK(num_eq(val, c->start_ms / 1000.0), "start %lld",
			    (long long)c->start_ms);
		else if (strcmp(key, "endTime") == 0)
			CHECK(num_eq(val, c->end_ms / 1000.0), "end %lld",
			    (long long)c->end_ms);
		else if (strcmp(key, "align") == 0)
			CHECK(strcmp(c->align, s) == 0, "align %s", c->align);
		else if (strcmp(key, "vertical") == 0)
			CHECK(strcmp(c->vertical, s) == 0, "vertical '%s'",
			    c->vertical);
		else if (strcmp(key, "lineAlign") == 0)
			CHECK(strcmp(c->line_align, s) == 0, "lineAlign %s",
			    c->line_align);
		else if (strcmp(key, "positionAlign") == 0)
			CHECK(strcmp(c->position_align, s) == 0,
			    "positionAlign %s", c->position_align);
		else if (strcmp(key, "snapToLines") == 0)
			CHECK(json_is_true(val) == (c->snap_to_lines != 0),
			    "snapToLines %d", c->snap_to_lines);
		else if (strcmp(key, "line") == 0)
			CHECK(auto_eq(val, c->line_auto, c->line_value),
			    "line %s %.17g", c->line_auto ? "auto" : "",
			    c->line_value);
		else if (strcmp(key, "position") == 0)
			CHECK(auto_eq(val, c->position_auto, c->position),
			    "position %s %.17g", c->position_auto ? "auto" :
			    "", c->position);
		else if (strcmp(key, "size") == 0)
			CHECK(num_eq(val, c->size), "size %.17g", c->size);
		else if (strcmp(key, "region") == 0)
			check_region(file, idx, val, v, c->region);
		else if (strcmp(key, "region_ref") == 0) {
			if (json_is_null(val)) {
				CHECK(c->region == -1, "region_ref null, got "
				    "%ld", c->region);
				continue;
			}
			want_r = s[0] == 'A' ? 0 : 1;
			CHECK(c->region >= 0, "region_ref %s, got null", s);
			if (refs[want_r] == -2)
				refs[want_r] = c->region;
			CHECK(c->region == refs[want_r], "region_ref %s: %ld "
			    "is not %ld", s, c->region, refs[want_r]);
			CHECK(refs[0] != refs[1], "regions A and B are one");
		} else
			CHECK(0, "unknown property %s", key);
	}
}

static void
test_conformance(void **state)
{
	const char *dir = unit_shared("conformance/webvtt-wpt");
	char path[2048], *data;
	json_t *root, *e, *cues, *cue;
	json_error_t jerr;
	struct fg_vtt *v;
	struct fg_error err;
	const char *file, *outcome;
	size_t len, idx = 0, i, nfiles = 0, nerr = 0, ncues = 0, nprops = 0;
	long refs[2];
	enum fg_status st;

	(void)state;
	if (dir == NULL)
		skip();
	snprintf(path, sizeof path, "%s/expected.json", dir);
	root = json_load_file(path, JSON_DECODE_INT_AS_REAL, &jerr);
	if (root == NULL)
		fail_msg("%s:%d: %s", path, jerr.line, jerr.text);
	nfail = 0;
	json_object_foreach(root, file, e) {
		snprintf(path, sizeof path, "%s/%s", dir, json_string_value(
		    json_object_get(e, "path")));
		data = slurp(path, &len);
		fg_error_clear(&err);
		v = NULL;
		st = fg_vtt_parse(data, len, file, &v, &err);
		free(data);
		nfiles++;
		outcome = json_string_value(json_object_get(e, "outcome"));
		if (strcmp(outcome, "error") == 0) {
			nerr++;
			CHECK(st == FG_INPUT && v == NULL, "want an error, "
			    "got status %d", (int)st);
			fg_vtt_free(v);
			continue;
		}
		CHECK(st == FG_OK, "want cues, got error %s", err.msg);
		if (st != FG_OK)
			continue;
		if (json_object_get(e, "cue_count") != NULL)
			CHECK(num_eq(json_object_get(e, "cue_count"),
			    (double)v->ncues), "cue count %zu, want %g",
			    v->ncues, json_number_value(json_object_get(e,
			    "cue_count")));
		cues = json_object_get(e, "cues");
		refs[0] = refs[1] = -2;
		json_array_foreach(cues, i, cue) {
			check_cue(file, cue, v, refs, &nprops);
			ncues++;
		}
		fg_vtt_free(v);
	}
	json_decref(root);
	print_message("# webvtt-wpt: %zu files (%zu must be rejected), %zu "
	    "asserted cues, %zu asserted properties, %d failures\n", nfiles,
	    nerr, ncues, nprops, nfail);
	assert_int_equal(nfiles, 51);
	assert_int_equal(nerr, 11);
	assert_int_equal(ncues, 238);
	assert_int_equal(nfail, 0);
	(void)idx;
}

/* ---- import: rendered text and turns ---- */

static struct fg_transcript *
import(const char *data, size_t len, const char *const *speakers,
    size_t nspeakers, int body_line, char **text, size_t *tlen)
{
	struct fg_parse_opts o;
	struct fg_transcript *t = NULL;
	struct fg_error err;

	memset(&o, 0, sizeof o);
	o.file = "test.vtt";
	o.body_line = body_line;
	o.speakers = speakers;
	o.nspeakers = nspeakers;
	fg_error_clear(&err);
	if (fg_vtt_import(data, len, &o, text, tlen, &t, &err) != FG_OK)
		fail_msg("import: %d:%d: %s", err.line, err.col, err.msg);
	assert_int_equal(strlen(*text), *tlen);
	return t;
}

/* Turn i: speaker, timestamp, text, cp range, lines; and the byte range
 * must hold the text, the cp range must match the bytes. */
static void
expect_turn(const struct fg_transcript *t, const char *text, size_t i,
    const char *speaker, const char *ts, const char *utt, size_t scp,
    size_t ecp, int l0, int l1)
{
	const struct fg_turn_rec *r;
	size_t sb;

	assert_true(i < t->nturns);
	r = &t->turns[i];
	assert_string_equal(r->speaker, speaker);
	if (ts == NULL)
		assert_null(r->timestamp);
	else
		assert_string_equal(r->timestamp, ts);
	assert_int_equal(r->end_b - r->start_b, strlen(utt));
	assert_memory_equal(text + r->start_b, utt, strlen(utt));
	assert_int_equal(r->start_cp, scp);
	assert_int_equal(r->end_cp, ecp);
	assert_int_equal(fg_utf8_cp_to_byte(text, strlen(text), scp, &sb), 0);
	assert_int_equal(sb, r->start_b);
	assert_int_equal(r->line_start, l0);
	assert_int_equal(r->line_end, l1);
}

static int
has_warning(const struct fg_transcript *t, const char *s)
{
	size_t i;

	for (i = 0; i < t->nwarnings; i++)
		if (strstr(t->warnings[i], s) != NULL)
			return 1;
	return 0;
}

static void
test_f08_zoom(void **state)
{
	const char *path = unit_shared("field-cases/F08.zoom.vtt");
	struct fg_transcript *t;
	char *data, *text;
	size_t len, tlen;

	(void)state;
	if (path == NULL)
		skip();
	data = slurp(path, &len);
	t = import(data, len, NULL, 0, 1, &text, &tlen);
	assert_string_equal(text, "Moderator: Welcome, can everyone hear me?\n"
	    "Lina Park: Yes, loud and clear. The new schedule confused a lot "
	    "of people.\nModerator: Why was that?\n10:30 Standup: it moved "
	    "twice in one week.\n");
	assert_int_equal(t->nturns, 4);
	expect_turn(t, text, 0, "Moderator", "00:00:01.200-00:00:04.000",
	    "Welcome, can everyone hear me?", 11, 41, 10, 10);
	expect_turn(t, text, 1, "Lina Park", "00:00:04.500-00:00:11.250",
	    "Yes, loud and clear. The new schedule confused a lot of people.",
	    53, 116, 14, 19);
	expect_turn(t, text, 2, "Moderator", "00:00:11.300-00:00:12.000",
	    "Why was that?", 128, 141, 23, 23);
	expect_turn(t, text, 3, FG_VTT_NO_SPEAKER,
	    "00:00:12.100-00:00:15.600",
	    "10:30 Standup: it moved twice in one week.", 142, 184, 27, 27);
	assert_string_equal(t->turns[3].speaker_raw, "");
	/* the clock-like cue is flagged, once */
	assert_int_equal(t->nwarnings, 1);
	assert_non_null(strstr(t->warnings[0], "27: cue text starts with a "
	    "clock time and a colon ('10:30 Standup:')"));
	assert_int_equal(t->nnotes, 0);
	/* nothing of the file's scaffolding leaks into the text */
	assert_null(strstr(text, "WEBVTT"));
	assert_null(strstr(text, "Kind:"));
	assert_null(strstr(text, "Recording started"));
	assert_null(strstr(text, "-->"));
	fg_transcript_free(t);
	free(text);
	free(data);
}

static void
test_f08_teams(void **state)
{
	const char *path = unit_shared("field-cases/F08.teams.vtt");
	struct fg_transcript *t;
	char *data, *text, *norm;
	size_t len, tlen;
	struct fg_norm nm;

	(void)state;
	if (path == NULL)
		skip();
	data = slurp(path, &len);
	/* as the importer passes it: BOM removed, CRLF -> LF; and raw */
	assert_int_equal(fg_text_normalize(data, len, &nm), FG_OK);
	assert_int_equal(nm.had_bom, 1);
	assert_true(nm.crlf > 0);
	norm = nm.text;
	t = import(norm, nm.len, NULL, 0, 1, &text, &tlen);
	assert_string_equal(text, "Lina Park: It changed twice in one week.\n"
	    "Omar Haddad: I missed a shift because of it & lost pay. Nobody "
	    "told us <why>.\nLina Park: Same here.\n");
	assert_int_equal(t->nturns, 3);
	expect_turn(t, text, 0, "Lina Park", "00:01:02.500-00:01:05.000",
	    "It changed twice in one week.", 11, 40, 5, 5);
	expect_turn(t, text, 1, "Omar Haddad", "00:01:05.100-00:01:09.900",
	    "I missed a shift because of it & lost pay. Nobody told us <why>.",
	    54, 118, 9, 13);
	expect_turn(t, text, 2, "Lina Park", "00:01:10.000-00:01:12.400",
	    "Same here.", 130, 140, 17, 17);
	assert_int_equal(t->nwarnings, 0);
	assert_null(strstr(text, "3f1c2a7e"));
	assert_null(strstr(text, "align:"));
	fg_transcript_free(t);
	free(text);
	/* the raw bytes (BOM, CRLF) give the same */
	t = import(data, len, NULL, 0, 1, &text, &tlen);
	assert_int_equal(t->nturns, 3);
	expect_turn(t, text, 1, "Omar Haddad", "00:01:05.100-00:01:09.900",
	    "I missed a shift because of it & lost pay. Nobody told us <why>.",
	    54, 118, 9, 13);
	fg_transcript_free(t);
	free(text);
	free(norm);
	free(data);
}

#define IMPORT(s, t, n) import(s, strlen(s), NULL, 0, 1, t, n)

static void
test_markup_and_entities(void **state)
{
	const char *in = "WEBVTT\n\n"
	    "00:01.000 --> 00:02.000\n"
	    "<v Зоя>Привет &amp; <b>ура</b></v>\n\n"
	    "00:02.000 --> 00:03.000 line:0\n"
	    "<c.yellow>x &amp;lt; y</c> &#60;&#x3E; &foo; <00:02.500>z<i>!</i>"
	    "\n\n"
	    "00:03.000 --> 00:04.000\n"
	    "<v A>hi</v> <v.loud B>yo\n"
	    "there</v>\n\n"
	    "00:04.000 --> 00:05.000\n"
	    "<v B>again &nbsp;&lrm;\n\n"
	    "00:05.000 --> 00:06.000\n"
	    "<i> </i>\n";
	struct fg_transcript *t;
	char *text;
	size_t tlen;

	(void)state;
	t = IMPORT(in, &text, &tlen);
	assert_string_equal(text, "Зоя: Привет & ура\n"
	    "x &lt; y <> &foo; z!\n"
	    "A: hi\n"
	    "B: yo there again \xC2\xA0\xE2\x80\x8E\n");
	assert_int_equal(t->nturns, 4);
	/* python3: len("Зоя: ") = 5 and len("Зоя: Привет & ура") = 17
	 * code points; 8 and 29 bytes */
	expect_turn(t, text, 0, "Зоя", "00:00:01.000-00:00:02.000",
	    "Привет & ура", 5, 17, 4, 4);
	assert_int_equal(t->turns[0].start_b, 8);
	assert_int_equal(t->turns[0].end_b, 29);
	expect_turn(t, text, 1, FG_VTT_NO_SPEAKER,
	    "00:00:02.000-00:00:03.000", "x &lt; y <> &foo; z!", 18, 38, 7, 7);
	/* two voices in one cue: two turns with the cue's times; B's next
	 * cue (no </v>) merges into B's turn */
	expect_turn(t, text, 2, "A", "00:00:03.000-00:00:04.000", "hi", 42,
	    44, 10, 11);
	expect_turn(t, text, 3, "B", "00:00:03.000-00:00:05.000",
	    "yo there again \xC2\xA0\xE2\x80\x8E", 48, 65, 10, 14);
	/* NBSP and LRM are counted for the summary */
	assert_int_equal(t->nodd_chars, 1);
	assert_int_equal(t->odd_chars[0].cp, 0xA0);
	assert_true(has_warning(t, "7: cue without a speaker"));
	fg_transcript_free(t);
	free(text);
}

static void
test_labels_and_declared(void **state)
{
	const char *in = "WEBVTT\n\n"
	    "00:00:01.000 --> 00:00:02.000\n"
	    "Dr. Osei: yes\n\n"
	    "00:00:02.000 --> 00:00:03.000\n"
	    "Time:10 am\n\n"
	    "00:00:03.000 --> 00:00:04.000\n"
	    "MODERATOR: hi\n\n"
	    "00:00:04.000 --> 00:00:05.000\n"
	    "Note: the tape\n\n"
	    "00:00:05.000 --> 00:00:06.000\n"
	    "Abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij "
	    "abcdefghijk: x\n";
	const char *decl[] = { "Moderator", "Dr. Osei" };
	struct fg_transcript *t;
	char *text;
	size_t tlen;

	(void)state;
	/* without declared speakers: any label the plain rule accepts */
	t = IMPORT(in, &text, &tlen);
	assert_int_equal(t->nturns, 5);
	assert_string_equal(t->turns[0].speaker, "Dr. Osei");
	assert_string_equal(t->turns[1].speaker, FG_VTT_NO_SPEAKER);
	assert_string_equal(t->turns[2].speaker, "MODERATOR");
	assert_string_equal(t->turns[3].speaker, "Note");
	/* 66 characters before the colon: no label */
	assert_string_equal(t->turns[4].speaker, FG_VTT_NO_SPEAKER);
	fg_transcript_free(t);
	free(text);
	/* declared: only those, in the declared spelling */
	t = import(in, strlen(in), decl, 2, 1, &text, &tlen);
	assert_int_equal(t->nturns, 5);
	assert_string_equal(t->turns[0].speaker, "Dr. Osei");
	assert_string_equal(t->turns[2].speaker, "Moderator");
	assert_string_equal(t->turns[2].speaker_raw, "MODERATOR");
	assert_int_equal(t->turns[2].variant, 1);
	assert_true(has_warning(t, "10: label 'MODERATOR' read as speaker "
	    "'Moderator'"));
	assert_string_equal(t->turns[3].speaker, FG_VTT_NO_SPEAKER);
	assert_memory_equal(text + t->turns[3].start_b, "Note: the tape", 14);
	assert_true(has_warning(t, "13: label 'Note' is not a declared "
	    "speaker"));
	assert_false(has_warning(t, "13: cue without a speaker"));
	fg_transcript_free(t);
	free(text);
}

static void
test_dropped_and_lines(void **state)
{
	/* an SRT-style timing line; body_line 3 shifts the lines */
	const char *in = "WEBVTT\n\n"
	    "1\n00:00:01,000 --> 00:00:02,000\nlost\n\n"
	    "NOTE a comment\n\n"
	    "00:00:00.000 --> 00:00:00.000\n\n"
	    "2\n00:00:02.000 --> 00:00:03.000\nkept\n";
	struct fg_transcript *t;
	char *text;
	size_t tlen;

	(void)state;
	t = import(in, strlen(in), NULL, 0, 3, &text, &tlen);
	assert_string_equal(text, "kept\n");
	assert_int_equal(t->nturns, 1);
	expect_turn(t, text, 0, FG_VTT_NO_SPEAKER,
	    "00:00:02.000-00:00:03.000", "kept", 0, 4, 15, 15);
	assert_true(has_warning(t, "5: block dropped: not a cue"));
	assert_true(has_warning(t, "15: no cue names a speaker"));
	assert_int_equal(t->nwarnings, 2);
	fg_transcript_free(t);
	free(text);
	/* no cues at all */
	t = IMPORT("WEBVTT\n", &text, &tlen);
	assert_int_equal(t->nturns, 0);
	assert_string_equal(text, "");
	fg_transcript_free(t);
	free(text);
}

static void
test_signature_and_times(void **state)
{
	struct fg_transcript *t = NULL;
	struct fg_error err;
	struct fg_vtt *v = NULL;
	char *text = NULL, buf[32];
	size_t tlen;

	(void)state;
	fg_error_clear(&err);
	assert_int_equal(fg_vtt_import("WEBVTTX\n", 8, NULL, &text, &tlen, &t,
	    &err), FG_INPUT);
	assert_null(t);
	assert_null(text);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.col, 7);
	assert_non_null(strstr(err.msg, "not a WebVTT file"));
	assert_int_equal(fg_vtt_parse("1\n00:00:01,000 --> 00:00:02,000\n",
	    32, "x.srt", &v, &err), FG_INPUT);
	assert_int_equal(err.col, 1);
	assert_string_equal(err.file, "x.srt");
	assert_string_equal(fg_vtt_format_time(216001000, buf),
	    "60:00:01.000");
	assert_string_equal(fg_vtt_format_time(62500, buf), "00:01:02.500");
	/* NUL and a bad byte become U+FFFD; settings kept as written */
	assert_int_equal(fg_vtt_parse("WEBVTT\n\n00:00.000 --> 00:01.000  "
	    "align:end  \nA\0B\xFF\n", 50, NULL, &v, &err), FG_OK);
	assert_int_equal(v->ncues, 1);
	assert_string_equal(v->cues[0].text, "A\xEF\xBF\xBD" "B\xEF\xBF\xBD");
	assert_string_equal(v->cues[0].settings, "align:end");
	assert_string_equal(v->cues[0].align, "end");
	assert_int_equal(v->cues[0].line, 3);
	assert_int_equal(v->cues[0].text_line, 4);
	fg_vtt_free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conformance),
		cmocka_unit_test(test_f08_zoom),
		cmocka_unit_test(test_f08_teams),
		cmocka_unit_test(test_markup_and_entities),
		cmocka_unit_test(test_labels_and_declared),
		cmocka_unit_test(test_dropped_and_lines),
		cmocka_unit_test(test_signature_and_times),
	};

	return cmocka_run_group_tests_name("vtt", tests, NULL, NULL);
}
