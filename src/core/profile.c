/* profile.c - import profiles: compiled PCRE2 patterns that tell speaker
 * lines, timestamp lines, skipped lines and note lines apart.
 *
 * A user profile is a YAML mapping with these keys (any other key is an
 * error; every pattern is PCRE2 syntax, compiled with PCRE2_UTF and
 * PCRE2_UCP, and applied to one line at a time, without its LF):
 *
 *   name: NAME            the profile's name (default: the file's base
 *                         name without extension)
 *   description: TEXT     free text, ignored
 *   speaker: PATTERN      required.  Anchored at the line start; must
 *                         have a named group (?<speaker>...) capturing the
 *                         label; the utterance starts where the match ends,
 *                         so the pattern should also eat the colon and the
 *                         spaces after it.  (?J) duplicate names are
 *                         allowed: the first set group counts.
 *   timestamp: PATTERN    optional.  A line that is only a timestamp,
 *                         anchored at both ends, with a named group ts; the
 *                         timestamp applies to the following turns until
 *                         the next timestamp line.
 *   timestamp_prefix: PATTERN
 *                         optional.  A timestamp before the label on a
 *                         speaker line, anchored at the line start, with a
 *                         named group ts; the speaker pattern is applied
 *                         where it ends.  It applies to that turn only.
 *   skip: [PATTERN, ...]  optional.  Lines matching any (searched anywhere
 *                         in the line: write ^ to anchor) are ignored.
 *   note: [PATTERN, ...]  optional.  Lines matching any (searched likewise)
 *                         are attached verbatim to the current turn as
 *                         notes.
 *
 * skip and note also accept a single string.  A pattern that does not
 * compile is an error at its line and column in the file, with PCRE2's
 * message and the offset in the pattern.  Every match runs under explicit
 * match and depth limits (profile.h), so a runaway pattern fails with an
 * error naming it instead of hanging. */
#include "config.h"

#include "core/profile.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/yamldoc.h"

#define MAX_GROUPS 8   /* duplicate-named groups remembered per pattern */

struct pat {
	pcre2_code *code;     /* NULL: no pattern */
	char *src;            /* the pattern as written */
	const char *role;     /* "speaker", "skip", ... for messages */
	int groups[MAX_GROUPS]; /* numbers of the speaker / ts groups */
	int ngroups;
};

struct fg_profile {
	char *name;
	struct pat speaker, timestamp, prefix;
	struct pat *skip, *note;
	size_t nskip, nnote;
	uint32_t max_pairs;   /* ovector pairs any pattern needs */
};

struct fg_profile_scanner {
	const struct fg_profile *p;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
};

/* Label characters of the plain profile.  The first is a letter or "@"
 * (so "10:30:" is no label); then letters, marks, digits, horizontal
 * spaces (NBSP included), format characters (ZWSP, soft hyphen) and a few
 * punctuation marks seen in names: "Dr. Osei", "Заря 1 (Королев)",
 * "O'Neil", "Anne-Marie", "CMP / LMP", "Participant #3".  At most 63 code
 * points; the trailing spaces before the colon are not part of it. */
#define LABEL_FIRST "[\\p{L}@]"
#define LABEL_REST "[\\p{L}\\p{M}\\p{N}\\h\\p{Cf}.'\\x{2019}()\\p{Pd}/&#_]" \
	"{0,62}?"
#define LABEL "(?<speaker>" LABEL_FIRST LABEL_REST ")"
#define BEFORE_COLON "[\\h\\p{Cf}]*"
/* After the colon: a space, the line end or punctuation ("Кедр:…"), but not
 * a letter, digit or "//" (so "https://x" and "Time:10" are no labels). */
#define AFTER_COLON "(?=\\h|$|[^\\p{L}\\p{N}/])"
/* Format characters (a stray BOM or ZWSP) may precede the label too. */
#define PLAIN_SPEAKER "^[\\h\\p{Cf}]*" LABEL BEFORE_COLON ":" AFTER_COLON "\\h*"

/* Bracketed times: "[00:12:05]", "(12:05.5)". */
#define CLOCK "(?<ts>\\d{1,2}(?::\\d{2}){1,2}(?:[.,]\\d{1,3})?)"
#define PLAIN_TIMESTAMP "^\\h*[\\[(]" CLOCK "[\\])]\\h*$"
#define PLAIN_PREFIX "^\\h*[\\[(]" CLOCK "[\\])]\\h*"

#define MD_BOLD(d) d LABEL BEFORE_COLON "(?::" d "|" d BEFORE_COLON ":)"
#define MD_SPEAKER "^[\\h\\p{Cf}]*(?:" MD_BOLD("\\*\\*") "|" MD_BOLD("__") "|" \
	LABEL BEFORE_COLON ":" AFTER_COLON ")\\h*"

/* Spacelog: "[-00:01:57:00]" lines, "Кедр: text" labels (a space or the
 * line end after the colon, as Spacelog writes them: the Vostok log's one
 * "Кедр:… огни" line continues the turn before, by the same speaker),
 * "_comment:" / "_note:" notes, other "_key:" metadata and "#" comments
 * skipped. */
#define SPACELOG_TIMESTAMP "^\\[(?<ts>[+-]?\\d+(?::\\d+){1,3})\\]\\h*$"
#define SPACELOG_SPEAKER "^" LABEL BEFORE_COLON ":(?=\\h|$)\\h*"

struct builtin {
	const char *name;
	const char *speaker, *timestamp, *prefix;
	const char *skip[4], *note[4];
};

static const struct builtin builtins[] = {
	{ "plain", PLAIN_SPEAKER, PLAIN_TIMESTAMP, PLAIN_PREFIX,
	    { NULL }, { NULL } },
	{ "markdown", MD_SPEAKER, PLAIN_TIMESTAMP, PLAIN_PREFIX,
	    { "^#{1,6}(?:\\h|$)", NULL }, { NULL } },
	{ "spacelog", SPACELOG_SPEAKER, SPACELOG_TIMESTAMP, NULL,
	    { "^_(?!comment\\b|note\\b)\\w+\\h*:", "^#", NULL },
	    { "^_(?:comment|note)\\h*:", NULL } },
	/* WebVTT files are read by vtt.c, not line by line: the importer
	 * checks for this name.  The pattern reads the text it stores
	 * ("Speaker: text" lines) as plain does. */
	{ "webvtt", PLAIN_SPEAKER, NULL, NULL, { NULL }, { NULL } },
};

static const char *const builtin_names[] = {
	"plain", "markdown", "spacelog", "webvtt", NULL
};

const char *const *
fg_profile_builtin_names(void)
{
	return builtin_names;
}

const char *
fg_profile_name(const struct fg_profile *p)
{
	return p->name;
}

const char *
fg_profile_default_for(const char *filename)
{
	const char *dot = filename ? strrchr(filename, '.') : NULL;

	if (dot != NULL && (strcasecmp(dot, ".md") == 0 ||
	    strcasecmp(dot, ".markdown") == 0))
		return "markdown";
	if (dot != NULL && strcasecmp(dot, ".vtt") == 0)
		return "webvtt";
	return "plain";
}

static void
pat_free(struct pat *pt)
{
	pcre2_code_free(pt->code);
	free(pt->src);
	pt->code = NULL;
	pt->src = NULL;
}

void
fg_profile_free(struct fg_profile *p)
{
	size_t i;

	if (p == NULL)
		return;
	pat_free(&p->speaker);
	pat_free(&p->timestamp);
	pat_free(&p->prefix);
	for (i = 0; i < p->nskip; i++)
		pat_free(&p->skip[i]);
	for (i = 0; i < p->nnote; i++)
		pat_free(&p->note[i]);
	free(p->skip);
	free(p->note);
	free(p->name);
	free(p);
}

/* Collect the numbers of the groups called name (several with (?J)). */
static void
find_groups(struct pat *pt, const char *name)
{
	uint32_t count = 0, size = 0, i;
	PCRE2_SPTR table = NULL;

	pt->ngroups = 0;
	pcre2_pattern_info(pt->code, PCRE2_INFO_NAMECOUNT, &count);
	pcre2_pattern_info(pt->code, PCRE2_INFO_NAMEENTRYSIZE, &size);
	pcre2_pattern_info(pt->code, PCRE2_INFO_NAMETABLE, &table);
	for (i = 0; i < count && pt->ngroups < MAX_GROUPS; i++) {
		PCRE2_SPTR e = table + (size_t)i * size;
		if (strcmp((const char *)e + 2, name) == 0)
			pt->groups[pt->ngroups++] = (e[0] << 8) | e[1];
	}
}

/* Compile src into pt.  file/line/col place errors (line 0: built-in). */
static enum fg_status
pat_compile(struct fg_profile *p, struct pat *pt, const char *role,
    const char *src, uint32_t extra, const char *group, const char *file,
    int line, int col, struct fg_error *err)
{
	int code;
	PCRE2_SIZE off;
	PCRE2_UCHAR msg[256];
	uint32_t cap = 0;

	pt->role = role;
	pt->src = strdup(src);
	if (pt->src == NULL)
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	pt->code = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP | extra, &code, &off, NULL);
	if (pt->code == NULL) {
		pcre2_get_error_message(code, msg, sizeof msg);
		return fg_error_set(err, FG_INPUT, file, line, col,
		    "%s pattern '%s': %s (at offset %zu)", role, src,
		    (const char *)msg, (size_t)off);
	}
	/* JIT is optional: without it the interpreter runs. */
	/* JIT-compiled code reads a little past the subject, which is safe
	 * but makes valgrind complain: make check-valgrind sets
	 * FGCODE_NO_JIT to run the interpreter instead */
	if (getenv("FGCODE_NO_JIT") == NULL)
		(void)pcre2_jit_compile(pt->code, PCRE2_JIT_COMPLETE);
	pcre2_pattern_info(pt->code, PCRE2_INFO_CAPTURECOUNT, &cap);
	if (cap + 1 > p->max_pairs)
		p->max_pairs = cap + 1;
	if (group != NULL) {
		find_groups(pt, group);
		if (pt->ngroups == 0)
			return fg_error_set(err, FG_INPUT, file, line, col,
			    "%s pattern '%s' has no group (?<%s>...)", role,
			    src, group);
	}
	return FG_OK;
}

static struct fg_profile *
profile_new(const char *name)
{
	struct fg_profile *p = calloc(1, sizeof *p);

	if (p == NULL)
		return NULL;
	p->name = strdup(name);
	if (p->name == NULL) {
		free(p);
		return NULL;
	}
	p->max_pairs = 1;
	return p;
}

/* Allocate n empty patterns; *count = n so that fg_profile_free frees
 * whatever gets compiled even when a later one fails. */
static enum fg_status
list_alloc(struct pat **list, size_t *count, size_t n, struct fg_error *err)
{
	*list = calloc(n ? n : 1, sizeof **list);
	if (*list == NULL)
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	*count = n;
	return FG_OK;
}

static enum fg_status
builtin_load(const struct builtin *b, struct fg_profile **out,
    struct fg_error *err)
{
	struct fg_profile *p = profile_new(b->name);
	enum fg_status st;
	size_t i, n;

	if (p == NULL)
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	st = pat_compile(p, &p->speaker, "speaker", b->speaker,
	    PCRE2_ANCHORED | PCRE2_DUPNAMES, "speaker", NULL, 0, 0, err);
	if (st == FG_OK && b->timestamp)
		st = pat_compile(p, &p->timestamp, "timestamp", b->timestamp,
		    PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_DUPNAMES, "ts",
		    NULL, 0, 0, err);
	if (st == FG_OK && b->prefix)
		st = pat_compile(p, &p->prefix, "timestamp_prefix", b->prefix,
		    PCRE2_ANCHORED | PCRE2_DUPNAMES, "ts", NULL, 0, 0, err);
	for (n = 0; b->skip[n]; n++)
		;
	if (st == FG_OK)
		st = list_alloc(&p->skip, &p->nskip, n, err);
	for (i = 0; st == FG_OK && i < n; i++)
		st = pat_compile(p, &p->skip[i], "skip", b->skip[i], 0, NULL,
		    NULL, 0, 0, err);
	for (n = 0; b->note[n]; n++)
		;
	if (st == FG_OK)
		st = list_alloc(&p->note, &p->nnote, n, err);
	for (i = 0; st == FG_OK && i < n; i++)
		st = pat_compile(p, &p->note[i], "note", b->note[i], 0, NULL,
		    NULL, 0, 0, err);
	if (st != FG_OK) {
		fg_profile_free(p);
		return st;
	}
	*out = p;
	return FG_OK;
}

/* ---- YAML profiles ---- */

static const char *const yaml_keys[] = {
	"name", "description", "speaker", "timestamp", "timestamp_prefix",
	"skip", "note", NULL
};

static enum fg_status
yaml_pattern(struct fg_profile *p, struct pat *pt, const char *role,
    const struct fg_yaml *node, uint32_t extra, const char *group,
    const char *file, struct fg_error *err)
{
	const char *s = fg_yaml_str(node);

	if (s == NULL || *s == '\0')
		return fg_yaml_error(err, file, node,
		    "%s: expected a pattern (a non-empty string), got %s",
		    role, node->kind == FG_YAML_SCALAR ? "nothing" :
		    fg_yaml_kind_name(node->kind));
	return pat_compile(p, pt, role, s, extra, group, file, node->line,
	    node->col, err);
}

static enum fg_status
yaml_list(struct fg_profile *p, struct pat **list, size_t *n,
    const char *role, const struct fg_yaml *node, const char *file,
    struct fg_error *err)
{
	enum fg_status st;
	size_t i, count;

	if (node->kind == FG_YAML_MAP)
		return fg_yaml_error(err, file, node,
		    "%s: expected a list of patterns, got a mapping", role);
	count = node->kind == FG_YAML_SEQ ? node->n : 1;
	if ((st = list_alloc(list, n, count, err)) != FG_OK)
		return st;
	for (i = 0; i < count; i++) {
		const struct fg_yaml *item = node->kind == FG_YAML_SEQ ?
		    node->items[i] : node;
		st = yaml_pattern(p, &(*list)[i], role, item, 0, NULL, file,
		    err);
		if (st != FG_OK)
			return st;
	}
	return FG_OK;
}

/* The file's base name without its extension, as a default name. */
static char *
base_name(const char *path)
{
	const char *b = strrchr(path, '/'), *dot;
	size_t n;
	char *s;

	b = b ? b + 1 : path;
	dot = strrchr(b, '.');
	n = dot && dot != b ? (size_t)(dot - b) : strlen(b);
	s = malloc(n + 1);
	if (s != NULL) {
		memcpy(s, b, n);
		s[n] = '\0';
	}
	return s;
}

static enum fg_status
yaml_load(const char *path, struct fg_profile **out, struct fg_error *err)
{
	struct fg_yaml *root = NULL;
	struct fg_profile *p = NULL;
	const struct fg_yaml *v;
	enum fg_status st;
	size_t i, k;
	char *name;

	if ((st = fg_yaml_load_file(path, NULL, &root, err)) != FG_OK)
		return st;
	if (root == NULL || root->kind != FG_YAML_MAP) {
		st = fg_yaml_error(err, path, root,
		    "a profile is a mapping with at least the key 'speaker'");
		goto out;
	}
	for (i = 0; i < root->n; i++) {
		const char *key = root->items[2 * i]->str;
		for (k = 0; yaml_keys[k]; k++)
			if (strcmp(key, yaml_keys[k]) == 0)
				break;
		if (yaml_keys[k] == NULL) {
			st = fg_yaml_error(err, path, root->items[2 * i],
			    "unknown key '%s' (a profile has name, "
			    "description, speaker, timestamp, "
			    "timestamp_prefix, skip, note)", key);
			goto out;
		}
	}
	v = fg_yaml_get(root, "name");
	if (v != NULL && (fg_yaml_str(v) == NULL || *fg_yaml_str(v) == '\0')) {
		st = fg_yaml_error(err, path, v, "name: expected a string");
		goto out;
	}
	name = v ? strdup(fg_yaml_str(v)) : base_name(path);
	p = name ? profile_new(name) : NULL;
	free(name);
	if (p == NULL) {
		st = fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	v = fg_yaml_get(root, "description");
	if (v != NULL && v->kind != FG_YAML_SCALAR) {
		st = fg_yaml_error(err, path, v,
		    "description: expected a string");
		goto out;
	}
	v = fg_yaml_get(root, "speaker");
	if (v == NULL) {
		st = fg_yaml_error(err, path, root,
		    "the profile has no 'speaker' pattern");
		goto out;
	}
	st = yaml_pattern(p, &p->speaker, "speaker", v,
	    PCRE2_ANCHORED | PCRE2_DUPNAMES, "speaker", path, err);
	if (st == FG_OK && (v = fg_yaml_get(root, "timestamp")) != NULL)
		st = yaml_pattern(p, &p->timestamp, "timestamp", v,
		    PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_DUPNAMES, "ts",
		    path, err);
	if (st == FG_OK && (v = fg_yaml_get(root, "timestamp_prefix")) != NULL)
		st = yaml_pattern(p, &p->prefix, "timestamp_prefix", v,
		    PCRE2_ANCHORED | PCRE2_DUPNAMES, "ts", path, err);
	if (st == FG_OK && (v = fg_yaml_get(root, "skip")) != NULL)
		st = yaml_list(p, &p->skip, &p->nskip, "skip", v, path, err);
	if (st == FG_OK && (v = fg_yaml_get(root, "note")) != NULL)
		st = yaml_list(p, &p->note, &p->nnote, "note", v, path, err);
out:
	fg_yaml_free(root);
	if (st != FG_OK) {
		fg_profile_free(p);
		return st;
	}
	*out = p;
	return FG_OK;
}

enum fg_status
fg_profile_get(const char *spec, struct fg_profile **out,
    struct fg_error *err)
{
	size_t i;

	*out = NULL;
	if (spec == NULL || *spec == '\0')
		spec = "plain";
	for (i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
		if (strcmp(spec, builtins[i].name) == 0)
			return builtin_load(&builtins[i], out, err);
	if (access(spec, R_OK) != 0)
		return fg_error_set(err, FG_INPUT, NULL, 0, 0,
		    "unknown profile '%s': not a built-in profile (plain, "
		    "markdown, spacelog, webvtt) nor a readable YAML file",
		    spec);
	return yaml_load(spec, out, err);
}

/* ---- matching ---- */

enum fg_status
fg_profile_scanner_new(const struct fg_profile *p,
    struct fg_profile_scanner **out, struct fg_error *err)
{
	struct fg_profile_scanner *s = calloc(1, sizeof *s);

	*out = NULL;
	if (s == NULL)
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	s->p = p;
	s->md = pcre2_match_data_create(p->max_pairs, NULL);
	s->mctx = pcre2_match_context_create(NULL);
	if (s->md == NULL || s->mctx == NULL) {
		fg_profile_scanner_free(s);
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
		    "out of memory");
	}
	pcre2_set_match_limit(s->mctx, FG_PROFILE_MATCH_LIMIT);
	pcre2_set_depth_limit(s->mctx, FG_PROFILE_DEPTH_LIMIT);
	/* A larger JIT stack than the 32 KiB default, for long lines; if it
	 * cannot be had, the default is used. */
	s->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
	if (s->jit != NULL)
		pcre2_jit_stack_assign(s->mctx, NULL, s->jit);
	*out = s;
	return FG_OK;
}

void
fg_profile_scanner_free(struct fg_profile_scanner *s)
{
	if (s == NULL)
		return;
	pcre2_match_data_free(s->md);
	pcre2_match_context_free(s->mctx);
	pcre2_jit_stack_free(s->jit);
	free(s);
}

/* Run pt on subject[0..len).  1 match, 0 none, -1 error (err filled). */
static int
run(struct fg_profile_scanner *s, const struct pat *pt, const char *subj,
    size_t len, const char *file, int lineno, struct fg_error *err)
{
	int rc;
	PCRE2_UCHAR msg[256];
	const char *why;

	rc = pcre2_match(pt->code, (PCRE2_SPTR)subj, len, 0,
	    PCRE2_NO_UTF_CHECK, s->md, s->mctx);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	switch (rc) {
	case PCRE2_ERROR_MATCHLIMIT:
		why = "hit the match limit";
		break;
	case PCRE2_ERROR_DEPTHLIMIT:
		why = "hit the depth limit";
		break;
	case PCRE2_ERROR_HEAPLIMIT:
	case PCRE2_ERROR_JIT_STACKLIMIT:
		why = "ran out of matching memory";
		break;
	default:
		pcre2_get_error_message(rc, msg, sizeof msg);
		fg_error_set(err, FG_INPUT, file, lineno, 0,
		    "profile '%s': %s pattern '%s' failed: %s", s->p->name,
		    pt->role, pt->src, (const char *)msg);
		return -1;
	}
	fg_error_set(err, FG_INPUT, file, lineno, 0,
	    "profile '%s': %s pattern '%s' %s on this line (runaway "
	    "backtracking: simplify the pattern)", s->p->name, pt->role,
	    pt->src, why);
	return -1;
}

/* The first set group among pt's named groups: 0 and its span, or -1. */
static int
group_span(const struct fg_profile_scanner *s, const struct pat *pt,
    size_t *off, size_t *len)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
	int i, g;

	for (i = 0; i < pt->ngroups; i++) {
		g = pt->groups[i];
		if (ov[2 * g] != PCRE2_UNSET) {
			*off = ov[2 * g];
			*len = ov[2 * g + 1] - ov[2 * g];
			return 0;
		}
	}
	return -1;
}

/* 1 if s starts with a horizontal space (as PCRE2's \h). */
static int
starts_hspace(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n == 0)
		return 0;
	if (u[0] == ' ' || u[0] == '\t')
		return 1;
	if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
		return 1;
	if (n >= 3 && u[0] == 0xE1 && u[1] == 0x9A && u[2] == 0x80)
		return 1; /* U+1680 */
	if (n >= 3 && u[0] == 0xE1 && u[1] == 0xA0 && u[2] == 0x8E)
		return 1; /* U+180E */
	if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
	    (u[2] <= 0x8A || u[2] == 0xAF))
		return 1; /* U+2000..U+200A, U+202F */
	if (n >= 3 && u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F)
		return 1; /* U+205F */
	if (n >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
		return 1; /* U+3000 */
	return 0;
}

enum fg_status
fg_profile_scan_line(struct fg_profile_scanner *s, const char *line,
    size_t len, const char *file, int lineno, struct fg_line_info *out,
    struct fg_error *err)
{
	const struct fg_profile *p = s->p;
	PCRE2_SIZE *ov;
	size_t i, base = 0, off, n;
	int r;

	memset(out, 0, sizeof *out);
	out->kind = FG_LINE_TEXT;
	for (i = 0; i < p->nskip; i++) {
		if ((r = run(s, &p->skip[i], line, len, file, lineno, err)) < 0)
			return FG_INPUT;
		if (r) {
			out->kind = FG_LINE_SKIP;
			return FG_OK;
		}
	}
	for (i = 0; i < p->nnote; i++) {
		if ((r = run(s, &p->note[i], line, len, file, lineno, err)) < 0)
			return FG_INPUT;
		if (r) {
			out->kind = FG_LINE_NOTE;
			return FG_OK;
		}
	}
	if (p->timestamp.code != NULL) {
		r = run(s, &p->timestamp, line, len, file, lineno, err);
		if (r < 0)
			return FG_INPUT;
		if (r && group_span(s, &p->timestamp, &off, &n) == 0) {
			out->kind = FG_LINE_TIMESTAMP;
			out->ts_off = off;
			out->ts_len = n;
			out->has_ts = 1;
			return FG_OK;
		}
	}
	if (p->prefix.code != NULL) {
		r = run(s, &p->prefix, line, len, file, lineno, err);
		if (r < 0)
			return FG_INPUT;
		if (r && group_span(s, &p->prefix, &off, &n) == 0) {
			ov = pcre2_get_ovector_pointer(s->md);
			base = ov[1];
			out->ts_off = off;
			out->ts_len = n;
			out->has_ts = 1;
		}
	}
	/* The speaker pattern sees the line from the end of the prefix, so
	 * its ^ holds there. */
	r = run(s, &p->speaker, line + base, len - base, file, lineno, err);
	if (r < 0)
		return FG_INPUT;
	if (r && group_span(s, &p->speaker, &off, &n) == 0 && n > 0) {
		ov = pcre2_get_ovector_pointer(s->md);
		out->kind = FG_LINE_SPEAKER;
		out->label_off = base + off;
		out->label_len = n;
		out->text_off = base + ov[1];
		out->indented = starts_hspace(line, len);
		return FG_OK;
	}
	out->ts_off = out->ts_len = 0;
	out->has_ts = 0;
	return FG_OK;
}
