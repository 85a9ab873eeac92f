/* import.c - the importer (fgcode import): its options, profiles and
 * statements, reading and checking the bytes, and the pipeline that
 * prepares the next file on a second thread while the current one is
 * parsed and stored (see source.h for the steps). */
#include "config.h"

#include "core/source.h"
#include "core/source-impl.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "core/hash.h"
#include "core/history.h"
#include "core/profile.h"
#include "core/roster.h"
#include "core/utf8.h"
#include "core/vtt.h"
#include "core/yamldoc.h"

char *
fg_source_xstrdup(const char *s)
{
	size_t n;
	char *d;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	if ((d = malloc(n)) != NULL)
		memcpy(d, s, n);
	return d;
}

/* Append the owned string w to rep's warnings (dropped beyond the cap). */
enum fg_status
fg_source_report_push(struct fg_import_report *rep, char *w,
    struct fg_error *err)
{
	char **v;

	if (w == NULL)
		return fg_source_nomem(err);
	if (rep->nwarnings >= FG_IMPORT_MAX_WARN) {
		rep->warnings_dropped++;
		free(w);
		return FG_OK;
	}
	if ((v = realloc(rep->warnings, (rep->nwarnings + 1) * sizeof *v))
	    == NULL) {
		free(w);
		return fg_source_nomem(err);
	}
	rep->warnings = v;
	v[rep->nwarnings++] = w;
	return FG_OK;
}

/* Add a "LINE: text" warning to rep. */
enum fg_status
fg_source_report_warn(struct fg_import_report *rep, struct fg_error *err,
    int line, const char *fmt, ...)
{
	struct fg_buf b = FG_BUF_INIT;
	va_list ap;
	char msg[1024];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (fg_buf_printf(&b, "%d: %s", line, msg) != FG_OK)
		return fg_source_nomem(err);
	return fg_source_report_push(rep, fg_buf_steal(&b), err);
}

/* ---- the importer ---- */

void
fg_importer_free(struct fg_importer *imp)
{
	int i;

	if (imp == NULL)
		return;
	fg_profile_free(imp->fixed);
	for (i = 0; i < PROFILE_CACHE; i++)
		fg_profile_free(imp->cache[i]);
	sqlite3_finalize(imp->st_dup);
	sqlite3_finalize(imp->st_source);
	sqlite3_finalize(imp->st_attr);
	sqlite3_finalize(imp->st_turn);
	sqlite3_finalize(imp->st_note);
	free(imp);
}

/* Split "KEY=VALUE": the key's length, or 0 when malformed. */
size_t
fg_source_set_key_len(const char *kv)
{
	const char *eq = strchr(kv, '=');

	return eq == NULL ? 0 : (size_t)(eq - kv);
}

enum fg_status
fg_importer_new(struct fg_db *db, const struct fg_import_opts *opts,
    struct fg_importer **out, struct fg_error *err)
{
	struct fg_importer *imp;
	enum fg_status s;
	size_t i, kl;

	*out = NULL;
	for (i = 0; i < opts->nsets; i++) {
		kl = fg_source_set_key_len(opts->sets[i]);
		if (kl == 0)
			return fg_error_set(err, FG_USAGE, NULL, 0, 0,
			    "--set '%s': expected KEY=VALUE", opts->sets[i]);
		if ((kl == 12 && strncmp(opts->sets[i], "participants", 12)
		    == 0) || (kl == 8 && strncmp(opts->sets[i], "speakers", 8)
		    == 0))
			return fg_error_set(err, FG_USAGE, NULL, 0, 0,
			    "--set '%s': '%.*s' is a list; write it in the "
			    "front matter%s", opts->sets[i], (int)kl,
			    opts->sets[i], kl == 8 ? " or use --speaker" : "");
	}
	if ((imp = calloc(1, sizeof *imp)) == NULL)
		return fg_source_nomem(err);
	imp->db = db;
	imp->opts = *opts;
	if (opts->profile != NULL &&
	    (s = fg_profile_get(opts->profile, &imp->fixed, err)) != FG_OK)
		goto fail;
	if ((s = fg_db_prepare(db, "SELECT id FROM source WHERE "
	    "file_sha256 = ?1", &imp->st_dup, err)) != FG_OK ||
	    (s = fg_db_prepare(db, "INSERT INTO source (name, path, "
	    "file_sha256, text_sha256, text, n_cp, n_bytes, body_line, "
	    "front_matter, encoding, had_bom, crlf_count, cr_count, profile, "
	    "group_id, language, imported_at, imported_by) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
	    "?17, ?18)", &imp->st_source, err)) != FG_OK ||
	    (s = fg_db_prepare(db, "INSERT INTO source_attr (source_id, key, "
	    "value) VALUES (?1, ?2, ?3)", &imp->st_attr, err)) != FG_OK ||
	    (s = fg_db_prepare(db, "INSERT INTO turn (source_id, seq, "
	    "speaker, speaker_raw, participant_id, timestamp, start_cp, "
	    "end_cp, start_b, end_b, line_start, line_end) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", &imp->st_turn, err))
	    != FG_OK ||
	    (s = fg_db_prepare(db, "INSERT INTO turn_note (turn_id, line, "
	    "text) SELECT id, ?3, ?4 FROM turn WHERE source_id = ?1 AND "
	    "seq = ?2", &imp->st_note, err)) != FG_OK)
		goto fail;
	*out = imp;
	return FG_OK;
fail:
	fg_importer_free(imp);
	return s;
}

/* The profile for file: --profile, else the default for its name. */
static enum fg_status
pick_profile(struct fg_importer *imp, const char *file,
    struct fg_profile **out, struct fg_error *err)
{
	const char *name;
	enum fg_status s;
	int i;

	if (imp->fixed != NULL) {
		*out = imp->fixed;
		return FG_OK;
	}
	name = fg_profile_default_for(file);
	for (i = 0; i < PROFILE_CACHE && imp->cache[i] != NULL; i++)
		if (strcmp(fg_profile_name(imp->cache[i]), name) == 0) {
			*out = imp->cache[i];
			return FG_OK;
		}
	if (i == PROFILE_CACHE) {
		fg_profile_free(imp->cache[--i]);
		imp->cache[i] = NULL;
	}
	if ((s = fg_profile_get(name, &imp->cache[i], err)) != FG_OK)
		return s;
	*out = imp->cache[i];
	return FG_OK;
}

/* Run a write statement once and reset it. */
enum fg_status
fg_source_step_reset(struct fg_db *db, sqlite3_stmt *st, struct fg_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return fg_db_fail(db, rc, err);
	return FG_OK;
}

void
fg_source_bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

/* ---- reading and checking the bytes ---- */

static enum fg_status
read_file(const char *path, struct fg_buf *b, struct fg_error *err)
{
	struct stat sb;
	char chunk[65536];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL)
		return fg_error_set(err, FG_IO, path, 0, 0, "cannot open: %s",
		    strerror(errno));
	if (fstat(fileno(f), &sb) == 0) {
		if (S_ISDIR(sb.st_mode)) {
			fclose(f);
			return fg_error_set(err, FG_IO, path, 0, 0,
			    "is a directory, not a transcript");
		}
		if (S_ISREG(sb.st_mode) && fg_buf_reserve(b,
		    (size_t)sb.st_size + 1) != FG_OK) {
			fclose(f);
			return fg_source_nomem(err);
		}
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (fg_buf_add(b, chunk, n) != FG_OK) {
			fclose(f);
			return fg_source_nomem(err);
		}
	if (ferror(f)) {
		fclose(f);
		return fg_error_set(err, FG_IO, path, 0, 0, "read error: %s",
		    strerror(errno));
	}
	fclose(f);
	return FG_OK;
}


/* Refuse bytes that are not UTF-8, with a hint. */
/* The error for a file that is not valid UTF-8 (bad: the first bad byte),
 * with a hint for UTF-16 and legacy encodings. */
static enum fg_status
utf8_error(const char *d, size_t n, size_t bad, const char *file,
    struct fg_error *err)
{
	int line, col;

	if (n >= 2 && ((unsigned char)d[0] == 0xFF && (unsigned char)d[1] ==
	    0xFE))
		return fg_error_set(err, FG_INPUT, file, 1, 1, "the file "
		    "starts with the UTF-16LE byte-order mark FF FE; re-run "
		    "with --encoding UTF-16");
	if (n >= 2 && ((unsigned char)d[0] == 0xFE && (unsigned char)d[1] ==
	    0xFF))
		return fg_error_set(err, FG_INPUT, file, 1, 1, "the file "
		    "starts with the UTF-16BE byte-order mark FE FF; re-run "
		    "with --encoding UTF-16");
	fg_utf8_locate(d, bad, &line, &col);
	return fg_error_set(err, FG_INPUT, file, line, col, "invalid UTF-8: "
	    "byte 0x%02X at byte offset %zu; re-run with --encoding "
	    "windows-1252 if the file is not UTF-8", (unsigned char)d[bad],
	    bad);
}

static enum fg_status
check_utf8(const char *d, size_t n, const char *file, struct fg_error *err)
{
	size_t bad = 0;

	if (fg_utf8_valid(d, n, &bad))
		return FG_OK;
	return utf8_error(d, n, bad, file, err);
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL && s[1] != '\0' ? s + 1 : path;
}

/* Is there an existing source with this file hash?  *id 0 if not. */
static enum fg_status
find_dup(struct fg_importer *imp, const char *sha, int64_t *id,
    struct fg_error *err)
{
	int rc;

	*id = 0;
	sqlite3_bind_text(imp->st_dup, 1, sha, -1, SQLITE_STATIC);
	rc = sqlite3_step(imp->st_dup);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(imp->st_dup, 0);
	sqlite3_reset(imp->st_dup);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fg_db_fail(imp->db, rc, err);
	return FG_OK;
}

/* Declared speakers: front matter + --speaker, else facilitator and
 * participant ids (see source.h).  names is an array of borrowed strings
 * with room for enough entries. */
static size_t
declared(const struct fg_import_opts *o, const struct fg_source_fm *fm,
    const char *fac, const struct fg_yaml *parts, const char **names,
    const char **by)
{
	size_t n = 0, i;
	const char *id;

	*by = NULL;
	if (fm->speakers != NULL)
		for (i = 0; i < fm->speakers->n; i++)
			names[n++] = fm->speakers->items[i]->str;
	for (i = 0; i < o->nspeakers; i++)
		names[n++] = o->speakers[i];
	if (n > 0) {
		*by = fm->speakers && fm->speakers->n > 0 ? (o->nspeakers ?
		    "front matter and --speaker" : "front matter") :
		    "--speaker";
		return n;
	}
	if (parts == NULL || parts->n == 0 || fac == NULL)
		return 0;
	names[n++] = fac;
	for (i = 0; i < parts->n; i++)
		if ((id = fg_yaml_get_str(parts->items[i], "id")) != NULL)
			names[n++] = id;
	*by = "facilitator and participants";
	return n;
}

/* Import data[0..len); when own is not NULL it holds data and is freed as
 * soon as the bytes are no longer needed, so that a file's original bytes
 * and its normalised text are not both kept while it is parsed. */
/* ---- the import pipeline ----
 *
 * The work on a file that needs no database (reading it, hashing the
 * original bytes, checking UTF-8, normalising line ends, splitting off the
 * front matter, hashing and counting the body) is done for the next file
 * on a second thread while the current one is parsed and inserted.  At
 * most two files are in memory at once. */
struct prep {
	const char *path;
	int convert;            /* --encoding given: only read and hash */
	struct fg_buf raw;
	enum fg_status st;      /* of reading the file */
	struct fg_error err;
	char fsha[FG_SHA256_HEX];
	int valid;              /* UTF-8 checked and valid (convert == 0) */
	size_t bad;             /* else the first bad byte */
	struct fg_norm norm;    /* normalised text, when valid */
	int split;              /* the front matter split succeeded */
	int has_fm, body_line;
	size_t fm_off, fm_len, body_off;
	char tsha[FG_SHA256_HEX];
	size_t n_cp;
};

static void
prep_run(struct prep *p)
{
	const char *body;
	size_t blen;

	fg_error_clear(&p->err);
	if ((p->st = read_file(p->path, &p->raw, &p->err)) != FG_OK)
		return;
	fg_sha256_hex(p->raw.p ? p->raw.p : "", p->raw.len, p->fsha);
	if (p->convert)
		return;
	p->valid = fg_utf8_valid(p->raw.p ? p->raw.p : "", p->raw.len,
	    &p->bad);
	if (!p->valid || fg_text_normalize(p->raw.p ? p->raw.p : "",
	    p->raw.len, &p->norm) != FG_OK)
		return;
	if (memchr(p->norm.text, '\0', p->norm.len) != NULL)
		return;   /* the main thread reports it */
	if (fg_front_matter_split(p->norm.text, p->norm.len, p->path,
	    &p->has_fm, &p->fm_off, &p->fm_len, &p->body_off, &p->body_line,
	    NULL) != FG_OK)
		return;
	p->split = 1;
	body = p->norm.text + p->body_off;
	blen = p->norm.len - p->body_off;
	fg_sha256_hex(body, blen, p->tsha);
	p->n_cp = fg_utf8_cp_count(body, blen);
}

static void *
prep_thread(void *arg)
{
	prep_run(arg);
	return NULL;
}

static void
prep_free(struct prep *p)
{
	fg_buf_free(&p->raw);
	free(p->norm.text);
	memset(p, 0, sizeof *p);
}

static enum fg_status
import_data(struct fg_importer *imp, const char *path, const char *data,
    size_t len, struct fg_buf *own, struct prep *pre,
    struct fg_import_report *rep, struct fg_error *err)
{
	struct fg_db *db = imp->db;
	const struct fg_import_opts *o = &imp->opts;
	char fsha[FG_SHA256_HEX], tsha[FG_SHA256_HEX];
	struct fg_buf conv = FG_BUF_INIT;
	struct fg_norm norm = { NULL, 0, 0, 0, 0 };
	struct fg_yaml *root = NULL;
	struct fg_transcript *tr = NULL;
	struct fg_profile *prof;
	struct fg_parse_opts popts;
	sqlite3_stmt *st = imp->st_source;
	struct fg_source_cands cands = { NULL, 0, 0 };
	struct fg_source_fm fm;
	const char *body, **names = NULL;
	char *fac = NULL, *lang = NULL, *vtt = NULL;
	size_t fm_off = 0, fm_len = 0, body_off = 0, blen, nl, i, np;
	int has_fm = 0, body_line = 1, added, line, col;
	int64_t sid, gid = 0, pr;
	enum fg_status s;

	memset(rep, 0, sizeof *rep);
	if ((rep->path = fg_source_xstrdup(path)) == NULL ||
	    (rep->name = fg_source_xstrdup(base_name(path))) == NULL ||
	    (rep->encoding = fg_source_xstrdup(o->encoding ? o->encoding :
	    "utf-8")) == NULL)
		return fg_source_nomem(err);

	/* 1. the original bytes: hash, duplicate check */
	if (pre != NULL)
		memcpy(fsha, pre->fsha, sizeof fsha);
	else
		fg_sha256_hex(data, len, fsha);
	if ((s = find_dup(imp, fsha, &rep->source_id, err)) != FG_OK)
		return s;
	if (rep->source_id != 0) {
		rep->skipped = 1;
		return FG_OK;
	}

	/* 2. UTF-8 */
	if (o->encoding != NULL) {
		if ((s = fg_convert_to_utf8(data, len, o->encoding, &conv,
		    path, err)) != FG_OK)
			goto out;
		data = conv.p ? conv.p : "";
		len = conv.len;
		if (own != NULL)
			fg_buf_free(own);
	} else if (pre != NULL && !pre->valid) {
		return utf8_error(data, len, pre->bad, path, err);
	} else if (pre == NULL && (s = check_utf8(data, len, path, err)) !=
	    FG_OK) {
		return s;
	}

	/* 3. BOM and line ends */
	if (pre != NULL && pre->norm.text != NULL) {
		norm = pre->norm;       /* take it over */
		pre->norm.text = NULL;
	} else if (fg_text_normalize(data, len, &norm) != FG_OK) {
		s = fg_source_nomem(err);
		goto out;
	}
	fg_buf_free(&conv);
	if (own != NULL)
		fg_buf_free(own);
	rep->had_bom = norm.had_bom;
	rep->crlf = norm.crlf;
	rep->cr = norm.cr;
	if ((body = memchr(norm.text, '\0', norm.len)) != NULL) {
		fg_utf8_locate(norm.text, (size_t)(body - norm.text), &line,
		    &col);
		s = fg_error_set(err, FG_INPUT, path, line, col, "NUL byte in "
		    "the text; is this a text file?");
		goto out;
	}

	/* 4. front matter */
	if (pre != NULL && pre->split) {
		has_fm = pre->has_fm;
		fm_off = pre->fm_off;
		fm_len = pre->fm_len;
		body_off = pre->body_off;
		body_line = pre->body_line;
	} else if ((s = fg_front_matter_split(norm.text, norm.len, path,
	    &has_fm, &fm_off, &fm_len, &body_off, &body_line, err)) != FG_OK)
		goto out;
	if (has_fm) {
		for (nl = 0, i = 0; i < fm_off; i++)
			nl += norm.text[i] == '\n';
		if ((s = fg_yaml_load_string(norm.text + fm_off, fm_len, path,
		    (int)nl, &root, err)) != FG_OK)
			goto out;
	}
	if ((s = fg_source_apply_sets(o, &root, path, err)) != FG_OK ||
	    (s = fg_source_fm_check(root, path, &fm, err)) != FG_OK)
		goto out;
	body = norm.text + body_off;
	blen = norm.len - body_off;
	if ((sqlite3_int64)blen > sqlite3_limit(db->db, SQLITE_LIMIT_LENGTH, -1)) {
		s = fg_error_set(err, FG_LIMIT, path, 0, 0, "the text is %zu "
		    "bytes, more than SQLite's limit of %d", blen,
		    sqlite3_limit(db->db, SQLITE_LIMIT_LENGTH, -1));
		goto out;
	}

	/* 5. focus group and participants */
	if ((s = fg_source_link_group(db, &fm, path, &gid, &fac, &lang, rep,
	    err)) != FG_OK)
		goto out;
	np = fm.participants ? fm.participants->n : 0;
	for (i = 0; i < np; i++) {
		if ((s = fg_roster_put_participant(db, gid,
		    fm.participants->items[i], path, &pr, &added, err))
		    != FG_OK)
			goto out;
		if (gid == 0 && (s = fg_source_cands_add(&cands, pr,
		    fg_yaml_get_str(fm.participants->items[i], "id"), err))
		    != FG_OK)
			goto out;
	}
	rep->nparticipants = np;
	if (gid != 0 && (s = fg_source_cands_load(db, gid, &cands,
	    err)) != FG_OK)
		goto out;

	/* 6. turns */
	if ((s = pick_profile(imp, path, &prof, err)) != FG_OK)
		goto out;
	if ((rep->profile = fg_source_xstrdup(fg_profile_name(prof))) ==
	    NULL) {
		s = fg_source_nomem(err);
		goto out;
	}
	names = calloc((fm.speakers ? fm.speakers->n : 0) + o->nspeakers +
	    np + 1, sizeof *names);
	if (names == NULL) {
		s = fg_source_nomem(err);
		goto out;
	}
	memset(&popts, 0, sizeof popts);
	popts.file = path;
	popts.body_line = body_line;
	popts.valid_utf8 = 1;  /* the whole file was checked above */
	popts.speakers = names;
	popts.nspeakers = declared(o, &fm, fac, fm.participants, names,
	    &rep->declared_by);
	rep->ndeclared = popts.nspeakers;
	if (strcmp(rep->profile, "webvtt") == 0) {
		/* WebVTT: the stored text is a rendering of the cues (vtt.h) */
		s = fg_vtt_import(body, blen, &popts, &vtt, &blen, &tr, err);
		body = vtt;
		pre = NULL;     /* so the rendered text is hashed and counted */
	} else
		s = fg_transcript_parse(body, blen, prof, &popts, &tr, err);
	if (s != FG_OK)
		goto out;
	if ((s = fg_source_report_parse(tr, rep, err)) != FG_OK)
		goto out;

	/* the source row */
	if (pre != NULL && pre->split) {
		memcpy(tsha, pre->tsha, sizeof tsha);
		rep->n_cp = pre->n_cp;
	} else {
		fg_sha256_hex(body, blen, tsha);
		rep->n_cp = fg_utf8_cp_count(body, blen);
	}
	sqlite3_bind_text(st, 1, rep->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, fsha, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, tsha, -1, SQLITE_STATIC);
	sqlite3_bind_text64(st, 5, body, (sqlite3_uint64)blen, SQLITE_STATIC,
	    SQLITE_UTF8);
	sqlite3_bind_int64(st, 6, (int64_t)rep->n_cp);
	sqlite3_bind_int64(st, 7, (int64_t)blen);
	sqlite3_bind_int(st, 8, body_line);
	if (has_fm)
		sqlite3_bind_text64(st, 9, norm.text + fm_off, fm_len,
		    SQLITE_STATIC, SQLITE_UTF8);
	else
		sqlite3_bind_null(st, 9);
	sqlite3_bind_text(st, 10, rep->encoding, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 11, norm.had_bom);
	sqlite3_bind_int64(st, 12, (int64_t)norm.crlf);
	sqlite3_bind_int64(st, 13, (int64_t)norm.cr);
	sqlite3_bind_text(st, 14, rep->profile, -1, SQLITE_STATIC);
	if (gid != 0)
		sqlite3_bind_int64(st, 15, gid);
	else
		sqlite3_bind_null(st, 15);
	fg_source_bind_opt(st, 16, lang);
	sqlite3_bind_text(st, 17, db->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 18, o->coder ? o->coder : "unknown", -1,
	    SQLITE_STATIC);
	s = fg_source_step_reset(db, st, err);
	sqlite3_clear_bindings(st);
	if (s != FG_OK)
		goto out;
	sid = sqlite3_last_insert_rowid(db->db);
	rep->source_id = sid;
	if ((s = fg_source_store_attrs(imp, sid, root, rep, err)) != FG_OK ||
	    (s = fg_source_store_turns(imp, sid, &cands, tr, rep,
	    err)) != FG_OK ||
	    (s = fg_history_source_imported(db, sid, err)) != FG_OK)
		goto out;
out:
	fg_transcript_free(tr);
	free(vtt);
	free(names);
	free(fac);
	free(lang);
	fg_source_cands_free(&cands);
	fg_yaml_free(root);
	free(norm.text);
	fg_buf_free(&conv);
	return s;
}

enum fg_status
fg_importer_add(struct fg_importer *imp, const char *path,
    struct fg_import_report *rep, struct fg_error *err)
{
	struct fg_buf b = FG_BUF_INIT;
	enum fg_status s;

	memset(rep, 0, sizeof *rep);
	if ((s = read_file(path, &b, err)) == FG_OK)
		s = import_data(imp, path, b.p ? b.p : "", b.len, &b, NULL,
		    rep, err);
	fg_buf_free(&b);
	return s;
}

enum fg_status
fg_importer_add_bytes(struct fg_importer *imp, const char *path,
    const char *data, size_t len, struct fg_import_report *rep,
    struct fg_error *err)
{
	return import_data(imp, path, data, len, NULL, NULL, rep, err);
}

enum fg_status
fg_source_import(struct fg_db *db, const char *const *paths, size_t n,
    const struct fg_import_opts *opts, struct fg_import_report **reps,
    struct fg_error *err)
{
	struct fg_import_report *r;
	struct fg_importer *imp = NULL;
	struct prep pp[2];
	pthread_t th;
	enum fg_status s;
	size_t i;
	int running = 0;

	*reps = NULL;
	memset(pp, 0, sizeof pp);
	if ((r = calloc(n ? n : 1, sizeof *r)) == NULL)
		return fg_source_nomem(err);
	if ((s = fg_importer_new(db, opts, &imp, err)) != FG_OK) {
		free(r);
		return s;
	}
	if ((s = fg_db_begin(db, err)) == FG_OK) {
		for (i = 0; i < n && s == FG_OK; i++) {
			struct prep *cur = &pp[i % 2], *next = &pp[(i + 1) % 2];

			if (i == 0) {
				cur->path = paths[0];
				cur->convert = opts->encoding != NULL;
				prep_run(cur);
			} else if (running) {
				pthread_join(th, NULL);
				running = 0;
			}
			/* start on the next file while this one is stored */
			if (i + 1 < n) {
				next->path = paths[i + 1];
				next->convert = opts->encoding != NULL;
				if (pthread_create(&th, NULL, prep_thread, next)
				    == 0)
					running = 1;
				else
					prep_run(next);
			}
			memset(&r[i], 0, sizeof r[i]);
			if ((s = cur->st) != FG_OK)
				*err = cur->err;
			else
				s = import_data(imp, paths[i], cur->raw.p ?
				    cur->raw.p : "", cur->raw.len, &cur->raw,
				    cur, &r[i], err);
			prep_free(cur);
		}
		if (running)
			pthread_join(th, NULL);
		prep_free(&pp[0]);
		prep_free(&pp[1]);
		fg_importer_free(imp);
		imp = NULL;
		if (s == FG_OK)
			s = fg_db_commit(db, err);
		else
			fg_db_rollback(db);
	}
	fg_importer_free(imp);
	if (s != FG_OK) {
		for (i = 0; i < n; i++)
			fg_import_report_free(&r[i]);
		free(r);
		return s;
	}
	*reps = r;
	return FG_OK;
}
