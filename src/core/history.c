/* history.c - the hash-chained event log: appending, digests of the
 * project's state, listing and verifying the chain. */
#include "config.h"

#include "core/history.h"

#include <jansson.h>
#include <nettle/sha2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/codebook.h"
#include "core/quote.h"

static enum fg_status
nomem(struct fg_error *err)
{
	return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
}

/* ---- prepared statements kept per connection ----
 * Parsing SQL is most of an append's cost (a 2,000-match coding appends
 * 2,000 events), so the statements every append runs are prepared once
 * per connection, kept in db->history and finalized by fg_db_close
 * (fg_history_release).  Each is reset after use, so none stays active. */

enum { HC_HEAD, HC_INSERT, HC_HEAD_SET, HC_CODING, HC_N };

struct hcache {
	sqlite3_stmt *st[HC_N];
};

static enum fg_status
cached(struct fg_db *db, int k, const char *sql, sqlite3_stmt **st,
    struct fg_error *err)
{
	struct hcache *c = db->history;
	enum fg_status s;

	if (c == NULL) {
		if ((c = calloc(1, sizeof *c)) == NULL)
			return nomem(err);
		db->history = c;
	}
	if (c->st[k] == NULL &&
	    (s = fg_db_prepare(db, sql, &c->st[k], err)) != FG_OK) {
		c->st[k] = NULL;
		return s;
	}
	sqlite3_reset(c->st[k]);
	sqlite3_clear_bindings(c->st[k]);
	*st = c->st[k];
	return FG_OK;
}

void
fg_history_release(struct fg_db *db)
{
	struct hcache *c;
	int k;

	if (db == NULL || (c = db->history) == NULL)
		return;
	for (k = 0; k < HC_N; k++)
		sqlite3_finalize(c->st[k]);
	free(c);
	db->history = NULL;
}

static void
to_hex(const unsigned char *d, char out[FG_SHA256_HEX])
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < SHA256_DIGEST_SIZE; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
}

/* Feed one field as "LEN:BYTES\n"; NULL as "-\n" (digests only). */
static void
feed(struct sha256_ctx *ctx, const char *s, size_t n)
{
	char len[32];

	if (s == NULL) {
		sha256_update(ctx, 2, (const uint8_t *)"-\n");
		return;
	}
	snprintf(len, sizeof len, "%zu:", n);
	sha256_update(ctx, strlen(len), (const uint8_t *)len);
	sha256_update(ctx, n, (const uint8_t *)s);
	sha256_update(ctx, 1, (const uint8_t *)"\n");
}

static void
feeds(struct sha256_ctx *ctx, const char *s)
{
	feed(ctx, s, s ? strlen(s) : 0);
}

void
fg_history_hash(int64_t id, const char *at, const char *who,
    const char *kind, const char *subject, const char *detail,
    const char *prev_hash, char out[FG_SHA256_HEX])
{
	static const char magic[] = "fgcode-event-1\n";
	struct sha256_ctx ctx;
	unsigned char d[SHA256_DIGEST_SIZE];
	char num[32];

	sha256_init(&ctx);
	sha256_update(&ctx, sizeof magic - 1, (const uint8_t *)magic);
	snprintf(num, sizeof num, "%lld", (long long)id);
	feeds(&ctx, num);
	feeds(&ctx, at ? at : "");
	feeds(&ctx, who ? who : "");
	feeds(&ctx, kind ? kind : "");
	feeds(&ctx, subject ? subject : "");
	feeds(&ctx, detail ? detail : "");
	feeds(&ctx, prev_hash ? prev_hash : "");
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, d);
	to_hex(d, out);
}

/* ---- digests ---- */

/* Feed every row of st (all columns, as text or NULL) into ctx. */
static enum fg_status
feed_rows(struct fg_db *db, struct sha256_ctx *ctx, const char *tag,
    const char *sql, struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	int rc, i, n;

	if ((s = fg_db_prepare(db, sql, &st, err)) != FG_OK)
		return s;
	n = sqlite3_column_count(st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		feeds(ctx, tag);
		for (i = 0; i < n; i++) {
			if (sqlite3_column_type(st, i) == SQLITE_NULL)
				feed(ctx, NULL, 0);
			else
				feed(ctx, (const char *)sqlite3_column_text(st,
				    i), (size_t)sqlite3_column_bytes(st, i));
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? FG_OK : fg_db_fail(db, rc, err);
}

enum fg_status
fg_history_roster_digest(struct fg_db *db, char out[FG_SHA256_HEX],
    struct fg_error *err)
{
	static const char *const parts[][2] = {
		{ "meta", "SELECT key, value FROM project_meta WHERE key "
		    "GLOB 'roster.*' ORDER BY key" },
		{ "group", "SELECT fg, city, date, language, facilitator, size "
		    "FROM focus_group ORDER BY fg" },
		{ "group_attr", "SELECT g.fg, a.key, a.value FROM group_attr a "
		    "JOIN focus_group g ON g.id = a.group_id ORDER BY g.fg, "
		    "a.key" },
		{ "participant", "SELECT g.fg, p.pid, p.gender, p.age, "
		    "p.profession FROM participant p LEFT JOIN focus_group g "
		    "ON g.id = p.group_id ORDER BY g.fg, p.pid, p.id" },
		{ "participant_attr", "SELECT g.fg, p.pid, a.key, a.value FROM "
		    "participant_attr a JOIN participant p ON p.id = "
		    "a.participant_id LEFT JOIN focus_group g ON g.id = "
		    "p.group_id ORDER BY g.fg, p.pid, p.id, a.key" },
	};
	struct sha256_ctx ctx;
	unsigned char d[SHA256_DIGEST_SIZE];
	enum fg_status s;
	size_t i;

	sha256_init(&ctx);
	sha256_update(&ctx, 15, (const uint8_t *)"fgcode-roster-1");
	for (i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if ((s = feed_rows(db, &ctx, parts[i][0], parts[i][1], err)) !=
		    FG_OK)
			return s;
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, d);
	to_hex(d, out);
	return FG_OK;
}

enum fg_status
fg_history_codebook_digest(struct fg_db *db, char out[FG_SHA256_HEX],
    struct fg_error *err)
{
	struct fg_codebook *cb = NULL;
	struct fg_buf b = FG_BUF_INIT;
	enum fg_status s;

	if ((s = fg_codebook_read(db, &cb, err)) != FG_OK)
		return s;
	s = fg_codebook_to_yaml(cb, &b, err);
	fg_codebook_free(cb);
	if (s == FG_OK)
		fg_sha256_hex(b.p ? b.p : "", b.len, out);
	fg_buf_free(&b);
	return s;
}

/* Append every row of table (in rowid order) to b, each cell typed, so
 * that 1 and '1' and NULL and '' differ. */
static enum fg_status
digest_table(struct fg_db *db, const char *table, struct fg_buf *b,
    struct fg_error *err)
{
	char sql[128];
	sqlite3_stmt *st;
	enum fg_status s;
	int rc, i, n;

	snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY rowid", table);
	if ((s = fg_db_prepare(db, sql, &st, err)) != FG_OK)
		return s;
	fg_buf_printf(b, "table %s\n", table);
	n = sqlite3_column_count(st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < n; i++) {
			int t = sqlite3_column_type(st, i);

			if (t == SQLITE_NULL) {
				fg_buf_adds(b, "N");
			} else if (t == SQLITE_FLOAT) {
				fg_buf_printf(b, "F%.17g",
				    sqlite3_column_double(st, i));
			} else {
				const unsigned char *v =
				    sqlite3_column_text(st, i);
				fg_buf_printf(b, "%c%d:", t == SQLITE_INTEGER ?
				    'I' : 'T', sqlite3_column_bytes(st, i));
				fg_buf_add(b, v ? (const char *)v : "",
				    (size_t)sqlite3_column_bytes(st, i));
			}
			fg_buf_addc(b, i + 1 < n ? '\t' : '\n');
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? FG_OK : fg_db_fail(db, rc, err);
}

enum fg_status
fg_history_models_digest(struct fg_db *db, char out[FG_SHA256_HEX],
    struct fg_error *err)
{
	struct fg_buf b = FG_BUF_INIT;
	enum fg_status s;

	if ((s = digest_table(db, "model_set", &b, err)) == FG_OK &&
	    (s = digest_table(db, "model", &b, err)) == FG_OK)
		s = digest_table(db, "model_term", &b, err);
	if (s == FG_OK)
		fg_sha256_hex(b.p ? b.p : "", b.len, out);
	fg_buf_free(&b);
	return s;
}

/* ---- appending ---- */

static enum fg_status
head(struct fg_db *db, int64_t *id, char hash[FG_SHA256_HEX],
    struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	int rc;

	*id = 0;
	strcpy(hash, FG_HISTORY_GENESIS);
	if ((s = cached(db, HC_HEAD, "SELECT id, hash FROM event ORDER BY id "
	    "DESC LIMIT 1", &st, err)) != FG_OK)
		return s;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		snprintf(hash, FG_SHA256_HEX, "%s",
		    (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? FG_OK :
	    fg_db_fail(db, rc, err);
}

static enum fg_status adopt_if_pending(struct fg_db *db,
    struct fg_error *err);

/* Insert the event (detail already canonical). */
static enum fg_status
insert(struct fg_db *db, const char *kind, const char *subject,
    const char *detail, struct fg_error *err)
{
	char prev[FG_SHA256_HEX], hash[FG_SHA256_HEX], headv[96];
	const char *who = db->who[0] ? db->who : "unknown";
	sqlite3_stmt *st;
	enum fg_status s;
	int64_t id;
	int rc;

	if ((s = head(db, &id, prev, err)) != FG_OK)
		return s;
	/* the first event of a project that predates its history follows
	 * a history.adopt event (only a project without events can be so) */
	if (id == 0 && ((s = adopt_if_pending(db, err)) != FG_OK ||
	    (s = head(db, &id, prev, err)) != FG_OK))
		return s;
	id++;
	fg_history_hash(id, db->now, who, kind, subject, detail, prev, hash);
	if ((s = cached(db, HC_INSERT, "INSERT INTO event (id, at, who, kind, "
	    "subject, detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7, ?8)", &st, err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, db->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, who, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, detail, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	snprintf(headv, sizeof headv, "%lld %s", (long long)id, hash);
	if ((s = cached(db, HC_HEAD_SET, "INSERT INTO project_meta (key, "
	    "value) VALUES ('history.head', ?1) ON CONFLICT(key) DO UPDATE "
	    "SET value = excluded.value", &st, err)) != FG_OK)
		return s;
	sqlite3_bind_text(st, 1, headv, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? FG_OK : fg_db_fail(db, rc, err);
}

/* Canonical text of a JSON object (caller frees), or NULL. */
static char *
dump(const json_t *o)
{
	return json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
}

static enum fg_status
insert_json(struct fg_db *db, const char *kind, const char *subject,
    json_t *detail, struct fg_error *err);

/* The columns coding_json reads, FROM and joins included. */
#define CODING_COLS "SELECT c.id, c.start_cp, c.end_cp, c.start_b, " \
	"c.end_b, c.excerpt_sha256, c.coder, c.created_at, c.memo, " \
	"s.file_sha256, s.text_sha256, s.name, k.name FROM coding c " \
	"JOIN source s ON s.id = c.source_id JOIN code k ON k.id = c.code_id "

static const char *
col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* The detail of a coding from a CODING_COLS row; qid receives its ID. */
static json_t *
coding_json(sqlite3_stmt *st, char qid[FG_QUOTE_ID_SIZE])
{
	fg_quote_id(col(st, 10), sqlite3_column_int64(st, 1),
	    sqlite3_column_int64(st, 2), col(st, 12), col(st, 6), qid);
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, "
	    "s:s, s:s, s:s, s:s?}",
	    "id", (json_int_t)sqlite3_column_int64(st, 0),
	    "quote", qid,
	    "source", col(st, 9),
	    "source_name", col(st, 11),
	    "text_sha256", col(st, 10),
	    "code", col(st, 12),
	    "start_cp", (json_int_t)sqlite3_column_int64(st, 1),
	    "end_cp", (json_int_t)sqlite3_column_int64(st, 2),
	    "start_b", (json_int_t)sqlite3_column_int64(st, 3),
	    "end_b", (json_int_t)sqlite3_column_int64(st, 4),
	    "excerpt_sha256", col(st, 5),
	    "coder", col(st, 6),
	    "created_at", col(st, 7),
	    "memo", col(st, 8));
}

#define SOURCE_COLS "SELECT s.id, s.name, s.path, s.file_sha256, " \
	"s.text_sha256, s.n_cp, s.n_bytes, (SELECT count(*) FROM turn t " \
	"WHERE t.source_id = s.id), g.fg FROM source s LEFT JOIN " \
	"focus_group g ON g.id = s.group_id "

static json_t *
source_json(sqlite3_stmt *st)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:s?}",
	    "id", (json_int_t)sqlite3_column_int64(st, 0),
	    "name", col(st, 1),
	    "path", col(st, 2),
	    "file_sha256", col(st, 3),
	    "text_sha256", col(st, 4),
	    "n_cp", (json_int_t)sqlite3_column_int64(st, 5),
	    "n_bytes", (json_int_t)sqlite3_column_int64(st, 6),
	    "turns", (json_int_t)sqlite3_column_int64(st, 7),
	    "fg", col(st, 8));
}

/* Append every row of sql, made into JSON by make, to arr. */
static enum fg_status
rows_json(struct fg_db *db, const char *sql, int codings, json_t *arr,
    struct fg_error *err)
{
	char qid[FG_QUOTE_ID_SIZE];
	sqlite3_stmt *st;
	enum fg_status s;
	json_t *o;
	int rc;

	if ((s = fg_db_prepare(db, sql, &st, err)) != FG_OK)
		return s;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		o = codings ? coding_json(st, qid) : source_json(st);
		if (o == NULL || json_array_append_new(arr, o) != 0) {
			sqlite3_finalize(st);
			return nomem(err);
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? FG_OK : fg_db_fail(db, rc, err);
}

/* Before the first event of a project that held data before it had a
 * history: history.adopt with that data. */
static enum fg_status
adopt_if_pending(struct fg_db *db, struct fg_error *err)
{
	char cb[FG_SHA256_HEX], ro[FG_SHA256_HEX];
	json_t *o, *srcs, *cods;
	enum fg_status s;
	char *pending;

	if ((pending = fg_db_meta_get(db, "history.adopt")) == NULL)
		return FG_OK;
	free(pending);
	/* the marker goes first: the adopt event's own insert sees none */
	if ((s = fg_db_exec(db, "DELETE FROM project_meta WHERE key = "
	    "'history.adopt'", err)) != FG_OK ||
	    (s = fg_history_codebook_digest(db, cb, err)) != FG_OK ||
	    (s = fg_history_roster_digest(db, ro, err)) != FG_OK)
		return s;
	srcs = json_array();
	cods = json_array();
	o = json_pack("{s:o, s:o, s:s, s:s}", "sources", srcs, "codings",
	    cods, "codebook_sha256", cb, "roster_sha256", ro);
	if (o == NULL)
		return nomem(err);
	if ((s = rows_json(db, SOURCE_COLS "ORDER BY s.id", 0, srcs, err)) ==
	    FG_OK &&
	    (s = rows_json(db, CODING_COLS "ORDER BY c.id", 1, cods, err)) ==
	    FG_OK)
		s = insert_json(db, "history.adopt", "project", o, err);
	json_decref(o);
	return s;
}

static enum fg_status
insert_json(struct fg_db *db, const char *kind, const char *subject,
    json_t *detail, struct fg_error *err)
{
	enum fg_status s;
	char *text;

	if ((text = dump(detail)) == NULL)
		return nomem(err);
	s = insert(db, kind, subject, text, err);
	free(text);
	return s;
}

static int
kind_ok(const char *k)
{
	const char *p;

	if (k == NULL || *k == '\0')
		return 0;
	for (p = k; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '.' || *p == '_' || *p == '-'))
			return 0;
	return 1;
}

/* The checks of an event's kind and subject. */
static enum fg_status
check_event(const char *kind, const char *subject, struct fg_error *err)
{
	const char *p;

	if (!kind_ok(kind))
		return fg_error_set(err, FG_INPUT, NULL, 0, 0, "bad event kind "
		    "'%s' (lower-case letters, digits, '.', '_', '-')",
		    kind ? kind : "");
	if (subject == NULL || *subject == '\0')
		return fg_error_set(err, FG_INPUT, NULL, 0, 0, "an event needs "
		    "a subject");
	for (p = subject; *p; p++)
		if ((unsigned char)*p < 0x20)
			return fg_error_set(err, FG_INPUT, NULL, 0, 0, "an "
			    "event's subject must not hold control characters");
	return FG_OK;
}

static enum fg_status append_obj(struct fg_db *db, const char *kind,
    const char *subject, json_t *o, struct fg_error *err);

enum fg_status
fg_history_append(struct fg_db *db, const char *kind, const char *subject,
    const char *detail_json, struct fg_error *err)
{
	json_error_t je;
	enum fg_status s;
	json_t *o;

	o = json_loads(detail_json ? detail_json : "{}", JSON_REJECT_DUPLICATES,
	    &je);
	if (o == NULL)
		return fg_error_set(err, FG_INPUT, NULL, 0, 0, "event detail "
		    "is not JSON: %s", je.text);
	if (!json_is_object(o)) {
		json_decref(o);
		return fg_error_set(err, FG_INPUT, NULL, 0, 0, "event detail "
		    "must be a JSON object");
	}
	s = append_obj(db, kind, subject, o, err);
	return s;
}

/* Append kind about subject with detail o (consumed). */
static enum fg_status
append_obj(struct fg_db *db, const char *kind, const char *subject,
    json_t *o, struct fg_error *err)
{
	enum fg_status s;

	int own = !db->in_tx;

	if (o == NULL)
		return nomem(err);
	if (own && (s = fg_db_begin(db, err)) != FG_OK) {
		json_decref(o);
		return s;
	}
	if ((s = check_event(kind, subject, err)) == FG_OK)
		s = insert_json(db, kind, subject, o, err);
	json_decref(o);
	if (own) {
		if (s == FG_OK)
			return fg_db_commit(db, err);
		fg_db_rollback(db);
	}
	return s;
}

enum fg_status
fg_history_source_imported(struct fg_db *db, int64_t id,
    struct fg_error *err)
{
	char ro[FG_SHA256_HEX];
	struct fg_buf subj = FG_BUF_INIT;
	sqlite3_stmt *st;
	enum fg_status s;
	json_t *o = NULL;
	int rc;

	if ((s = fg_history_roster_digest(db, ro, err)) != FG_OK)
		return s;
	if ((s = fg_db_prepare(db, SOURCE_COLS "WHERE s.id = ?1", &st, err))
	    != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		o = source_json(st);
		if (o == NULL || json_object_set_new(o, "roster_sha256",
		    json_string(ro)) != 0 || fg_buf_printf(&subj, "source/%s",
		    col(st, 3)) != FG_OK) {
			sqlite3_finalize(st);
			json_decref(o);
			fg_buf_free(&subj);
			return nomem(err);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? fg_error_set(err, FG_NOTFOUND, NULL,
		    0, 0, "no source %lld", (long long)id) :
		    fg_db_fail(db, rc, err);
	s = append_obj(db, "source.import", subj.p, o, err);
	fg_buf_free(&subj);
	return s;
}

enum fg_status
fg_history_coding(struct fg_db *db, const char *kind, int64_t id,
    struct fg_error *err)
{
	char qid[FG_QUOTE_ID_SIZE], subj[32];
	sqlite3_stmt *st;
	enum fg_status s;
	json_t *o = NULL;
	int rc;

	if ((s = cached(db, HC_CODING, CODING_COLS "WHERE c.id = ?1", &st,
	    err)) != FG_OK)
		return s;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    (o = coding_json(st, qid)) == NULL) {
		sqlite3_reset(st);
		return nomem(err);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? fg_error_set(err, FG_NOTFOUND, NULL,
		    0, 0, "no coding %lld", (long long)id) :
		    fg_db_fail(db, rc, err);
	snprintf(subj, sizeof subj, "quote/%s", qid);
	return append_obj(db, kind, subj, o, err);
}

enum fg_status
fg_history_code_created(struct fg_db *db, const char *name,
    struct fg_error *err)
{
	char cb[FG_SHA256_HEX];
	struct fg_buf subj = FG_BUF_INIT;
	enum fg_status s;

	if ((s = fg_history_codebook_digest(db, cb, err)) != FG_OK)
		return s;
	if (fg_buf_printf(&subj, "code/%s", name) != FG_OK)
		return nomem(err);
	s = append_obj(db, "code.create", subj.p, json_pack("{s:s, s:s}",
	    "name", name, "codebook_sha256", cb), err);
	fg_buf_free(&subj);
	return s;
}

enum fg_status
fg_history_codebook_imported(struct fg_db *db, long added, long updated,
    long unchanged, long removed, long kept_in_use, int prune,
    struct fg_error *err)
{
	char cb[FG_SHA256_HEX];
	enum fg_status s;

	if ((s = fg_history_codebook_digest(db, cb, err)) != FG_OK)
		return s;
	return append_obj(db, "codebook.import", "codebook", json_pack(
	    "{s:I, s:I, s:I, s:I, s:I, s:b, s:s}",
	    "added", (json_int_t)added, "updated", (json_int_t)updated,
	    "unchanged", (json_int_t)unchanged, "removed", (json_int_t)removed,
	    "kept_in_use", (json_int_t)kept_in_use, "prune", prune,
	    "codebook_sha256", cb), err);
}

enum fg_status
fg_history_code_changed(struct fg_db *db, const char *kind,
    const char *from, const char *to, struct fg_error *err)
{
	char cb[FG_SHA256_HEX];
	struct fg_buf subj = FG_BUF_INIT;
	int merge = kind != NULL && strcmp(kind, "code.merge") == 0;
	enum fg_status s;

	if (!merge && (kind == NULL || strcmp(kind, "code.rename") != 0))
		return fg_error_set(err, FG_USAGE, NULL, 0, 0, "internal: "
		    "fg_history_code_changed takes code.rename or code.merge");
	if ((s = fg_history_codebook_digest(db, cb, err)) != FG_OK)
		return s;
	if (fg_buf_printf(&subj, "code/%s", to) != FG_OK)
		return nomem(err);
	s = append_obj(db, kind, subj.p, json_pack("{s:s, s:s, s:s}", "from",
	    from, merge ? "into" : "to", to, "codebook_sha256", cb), err);
	fg_buf_free(&subj);
	return s;
}

enum fg_status
fg_history_roster_imported(struct fg_db *db, const char *file,
    long groups_added, long groups_updated, long participants_added,
    long participants_updated, struct fg_error *err)
{
	char ro[FG_SHA256_HEX];
	enum fg_status s;

	if ((s = fg_history_roster_digest(db, ro, err)) != FG_OK)
		return s;
	return append_obj(db, "roster.import", "roster", json_pack(
	    "{s:s?, s:I, s:I, s:I, s:I, s:s}", "file", file,
	    "groups_added", (json_int_t)groups_added,
	    "groups_updated", (json_int_t)groups_updated,
	    "participants_added", (json_int_t)participants_added,
	    "participants_updated", (json_int_t)participants_updated,
	    "roster_sha256", ro), err);
}

/* ---- reading ---- */

static const char *
jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "?";
}

static long long
jint(const json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

/* A sentence saying what an event did, into b. */
static void
what(struct fg_buf *b, const char *kind, const char *detail)
{
	json_t *o = json_loads(detail, 0, NULL);
	const char *memo;

	if (o == NULL || !json_is_object(o)) {
		fg_buf_adds(b, "(detail is not a JSON object)");
	} else if (strcmp(kind, "source.import") == 0) {
		fg_buf_printf(b, "imported %s (%lld turns", jstr(o, "name"),
		    jint(o, "turns"));
		if (json_is_string(json_object_get(o, "fg")))
			fg_buf_printf(b, ", FG %s", jstr(o, "fg"));
		fg_buf_adds(b, ")");
	} else if (strcmp(kind, "coding.add") == 0 ||
	    strcmp(kind, "coding.remove") == 0) {
		if (kind[7] == 'a')
			fg_buf_printf(b, "coded %s in %s at %lld:%lld by %s",
			    jstr(o, "code"), jstr(o, "source_name"),
			    jint(o, "start_cp"), jint(o, "end_cp"),
			    jstr(o, "coder"));
		else
			fg_buf_printf(b, "removed %s's %s coding in %s at "
			    "%lld:%lld", jstr(o, "coder"), jstr(o, "code"),
			    jstr(o, "source_name"), jint(o, "start_cp"),
			    jint(o, "end_cp"));
	} else if (strcmp(kind, "coding.memo") == 0) {
		memo = json_string_value(json_object_get(o, "memo"));
		if (memo)
			fg_buf_printf(b, "memo set: %s", memo);
		else
			fg_buf_adds(b, "memo removed");
	} else if (strcmp(kind, "code.create") == 0) {
		fg_buf_printf(b, "created the code %s", jstr(o, "name"));
	} else if (strcmp(kind, "code.rename") == 0) {
		fg_buf_printf(b, "renamed the code %s to %s", jstr(o, "from"),
		    jstr(o, "to"));
	} else if (strcmp(kind, "code.merge") == 0) {
		fg_buf_printf(b, "merged the code %s into %s", jstr(o, "from"),
		    jstr(o, "into"));
	} else if (strcmp(kind, "codebook.import") == 0) {
		fg_buf_printf(b, "codebook: %lld added, %lld updated, %lld "
		    "removed", jint(o, "added"), jint(o, "updated"),
		    jint(o, "removed"));
	} else if (strcmp(kind, "roster.import") == 0) {
		fg_buf_printf(b, "roster %s: %lld groups added, %lld updated",
		    jstr(o, "file"), jint(o, "groups_added"),
		    jint(o, "groups_updated"));
	} else if (strcmp(kind, "citation.store") == 0) {
		fg_buf_printf(b, "%s: %s", jstr(o, "label"), jstr(o, "text"));
	} else if (strcmp(kind, "history.adopt") == 0) {
		fg_buf_printf(b, "history began with %zu sources and %zu "
		    "codings already in the project",
		    json_array_size(json_object_get(o, "sources")),
		    json_array_size(json_object_get(o, "codings")));
	} else {
		fg_buf_adds(b, detail);
	}
	json_decref(o);
}

enum fg_status
fg_history_list(struct fg_db *db, const struct fg_history_filter *f,
    struct fg_table **out, struct fg_error *err)
{
	static const char *const names[] = { "id", "at", "who", "kind",
	    "subject", "what", "detail", "prev_hash", "hash" };
	static const enum fg_col_type types[] = { FG_COL_INT, FG_COL_TEXT,
	    FG_COL_TEXT, FG_COL_TEXT, FG_COL_TEXT, FG_COL_TEXT, FG_COL_TEXT,
	    FG_COL_TEXT, FG_COL_TEXT };
	struct fg_buf w = FG_BUF_INIT;
	struct fg_table *t;
	sqlite3_stmt *st;
	enum fg_status s;
	const char *row[9];
	int rc, i;

	*out = NULL;
	/* j(K): the detail's key K when the detail is valid JSON */
#define J(k) "CASE WHEN json_valid(detail) THEN json_extract(detail, '$." \
	k "') END"
	if ((s = fg_db_prepare(db, "SELECT id, at, who, kind, subject, detail, "
	    "prev_hash, hash FROM event WHERE "
	    "(?1 IS NULL OR subject = 'source/' || ?1 OR " J("source") " = ?1) "
	    "AND (?2 IS NULL OR subject = 'code/' || ?2 OR " J("code") " = ?2 "
	    "OR " J("from") " = ?2) "
	    "AND (?3 IS NULL OR subject = 'quote/' || ?3 OR subject = "
	    "'source/' || (SELECT " J("source") " FROM event WHERE subject = "
	    "'quote/' || ?3 ORDER BY id LIMIT 1)) "
	    "ORDER BY id", &st, err)) != FG_OK)
		return s;
#undef J
	if (f && f->source_sha)
		sqlite3_bind_text(st, 1, f->source_sha, -1, SQLITE_STATIC);
	if (f && f->code)
		sqlite3_bind_text(st, 2, f->code, -1, SQLITE_STATIC);
	if (f && f->quote)
		sqlite3_bind_text(st, 3, f->quote, -1, SQLITE_STATIC);
	if ((t = fg_table_new(9, names, types)) == NULL) {
		sqlite3_finalize(st);
		return nomem(err);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < 5; i++)
			row[i] = col(st, i);
		fg_buf_reset(&w);
		what(&w, col(st, 3), col(st, 5));
		row[5] = w.p ? w.p : "";
		row[6] = col(st, 5);
		row[7] = col(st, 6);
		row[8] = col(st, 7);
		if (fg_table_add(t, row) != FG_OK) {
			rc = SQLITE_NOMEM;
			break;
		}
	}
	sqlite3_finalize(st);
	fg_buf_free(&w);
	if (rc != SQLITE_DONE) {
		fg_table_free(t);
		return rc == SQLITE_NOMEM ? nomem(err) : fg_db_fail(db, rc,
		    err);
	}
	*out = t;
	return FG_OK;
}

/* ---- verifying ---- */

static enum fg_status
problem(struct fg_history_check *c, int64_t event, struct fg_error *err,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static enum fg_status
problem(struct fg_history_check *c, int64_t event, struct fg_error *err,
    const char *fmt, ...)
{
	struct fg_history_problem *p;
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	p = realloc(c->problems, (c->nproblems + 1) * sizeof *p);
	if (p == NULL)
		return nomem(err);
	c->problems = p;
	p += c->nproblems;
	if ((p->message = strdup(msg)) == NULL)
		return nomem(err);
	p->event = event;
	c->nproblems++;
	return FG_OK;
}

void
fg_history_check_free(struct fg_history_check *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nproblems; i++)
		free(c->problems[i].message);
	free(c->problems);
	memset(c, 0, sizeof *c);
}

static int
detail_bad(const char *d)
{
	json_t *o = d ? json_loads(d, 0, NULL) : NULL;
	int bad = !json_is_object(o);

	json_decref(o);
	return bad;
}

static int
is_hex64(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' &&
		    s[i] <= 'f')))
			return 0;
	return s[64] == '\0';
}

enum fg_status
fg_history_verify(struct fg_db *db, const char *anchor,
    struct fg_history_check *c, struct fg_error *err)
{
	static const char *const triggers[] = { "event_no_update",
	    "event_no_delete" };
	char hash[FG_SHA256_HEX], prev[FG_SHA256_HEX];
	sqlite3_stmt *st;
	enum fg_status s = FG_OK;
	int64_t id, expect = 1, meta_id = 0;
	char *meta, *pending;
	const char *stored;
	size_t i;
	int rc, n;

	memset(c, 0, sizeof *c);
	strcpy(prev, FG_HISTORY_GENESIS);
	if ((s = fg_db_prepare(db, "SELECT id, at, who, kind, subject, detail, "
	    "prev_hash, hash FROM event ORDER BY id", &st, err)) != FG_OK)
		return s;
	while (s == FG_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		c->events++;
		if (id != expect)
			s = problem(c, id, err, "event %lld follows event "
			    "%lld: %s", (long long)id, (long long)(expect - 1),
			    id > expect ? (id - expect == 1 ?
			    "an event between them was deleted" :
			    "events between them were deleted") :
			    "the ids were changed");
		stored = col(st, 6) ? col(st, 6) : "";
		if (s == FG_OK && id == expect && strcmp(stored, prev) != 0)
			s = problem(c, id, err, "event %lld does not link to "
			    "the event before it (its prev_hash is not that "
			    "event's hash): an event was removed, inserted or "
			    "changed", (long long)id);
		fg_history_hash(id, col(st, 1), col(st, 2), col(st, 3),
		    col(st, 4), col(st, 5), stored, hash);
		stored = col(st, 7) ? col(st, 7) : "";
		if (s == FG_OK && strcmp(stored, hash) != 0)
			s = problem(c, id, err, "event %lld (%s) does not "
			    "hash to its recorded hash: it was changed after "
			    "it was written", (long long)id,
			    col(st, 3) ? col(st, 3) : "?");
		if (s == FG_OK && detail_bad(col(st, 5)))
			s = problem(c, id, err, "event %lld's detail is not "
			    "a JSON object", (long long)id);
		if (anchor != NULL && strcmp(stored, anchor) == 0)
			c->anchor_found = 1;
		snprintf(prev, sizeof prev, "%s", stored);
		c->head_id = id;
		snprintf(c->head, sizeof c->head, "%s", stored);
		expect = id + 1;
	}
	sqlite3_finalize(st);
	if (s != FG_OK)
		return s;
	if (rc != SQLITE_DONE)
		return fg_db_fail(db, rc, err);
	meta = fg_db_meta_get(db, "history.head");
	if (meta != NULL) {
		meta_id = strtoll(meta, NULL, 10);
		stored = strchr(meta, ' ') ? strchr(meta, ' ') + 1 : "";
		if (meta_id != c->head_id || strcmp(stored, c->head) != 0)
			s = problem(c, 0, err, "the project recorded event "
			    "%lld as its last, but the last event is %lld%s",
			    (long long)meta_id, (long long)c->head_id,
			    meta_id > c->head_id ? ": the events after it were "
			    "deleted" : "");
		free(meta);
	} else if (c->events > 0) {
		s = problem(c, 0, err, "the project does not record its last "
		    "event (project_meta history.head was deleted)");
	}
	if (s == FG_OK && (pending = fg_db_meta_get(db, "history.adopt"))) {
		c->pending_adopt = c->events == 0;
		free(pending);
	}
	if (s == FG_OK && anchor != NULL && !c->anchor_found)
		s = problem(c, 0, err, "no event has the hash %s that was "
		    "published for this project: %s", anchor, is_hex64(anchor) ?
		    "the history was rewritten, or this is another project" :
		    "(it is not a SHA-256 in hex)");
	for (i = 0; s == FG_OK && i < 2; i++) {
		if ((s = fg_db_prepare(db, "SELECT count(*) FROM sqlite_master "
		    "WHERE type = 'trigger' AND name = ?1 AND tbl_name = "
		    "'event'", &st, err)) != FG_OK)
			return s;
		sqlite3_bind_text(st, 1, triggers[i], -1, SQLITE_STATIC);
		n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0)
		    : 0;
		sqlite3_finalize(st);
		if (n == 0)
			s = problem(c, 0, err, "the trigger %s that guards the "
			    "history was dropped", triggers[i]);
	}
	return s;
}
