/* db.c - opening, migrating and transacting on the project database. */
#include "config.h"

#include "core/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "core/history.h"

#define FG_BUSY_TIMEOUT_MS 10000

int
fg_db_schema_version(void)
{
	return fg_migrations[fg_migration_count - 1].version;
}

enum fg_status
fg_db_fail(struct fg_db *db, int rc, struct fg_error *err)
{
	int base = rc & 0xFF;

	if (base == SQLITE_BUSY || base == SQLITE_LOCKED)
		return fg_error_set(err, FG_BUSY, db->path, 0, 0,
		    "the project is being written by another fgcode process; "
		    "nothing was changed, try again");
	if (base == SQLITE_NOMEM)
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
	if (base == SQLITE_READONLY)
		return fg_error_set(err, FG_IO, db->path, 0, 0,
		    "the project file (or its directory) is read-only: nothing "
		    "was changed; commands that only read (sources, codings, "
		    "report, quote, audit, ...) still work");
	if (base == SQLITE_NOTADB || base == SQLITE_CORRUPT)
		return fg_error_set(err, FG_DB, db->path, 0, 0,
		    "not an fgcode project or damaged: %s",
		    sqlite3_errmsg(db->db));
	return fg_error_set(err, FG_DB, db->path, 0, 0, "%s",
	    sqlite3_errmsg(db->db));
}

enum fg_status
fg_db_exec(struct fg_db *db, const char *sql, struct fg_error *err)
{
	int rc = sqlite3_exec(db->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? FG_OK : fg_db_fail(db, rc, err);
}

enum fg_status
fg_db_prepare(struct fg_db *db, const char *sql, sqlite3_stmt **st,
    struct fg_error *err)
{
	int rc = sqlite3_prepare_v2(db->db, sql, -1, st, NULL);

	return rc == SQLITE_OK ? FG_OK : fg_db_fail(db, rc, err);
}

void
fg_db_set_now(struct fg_db *db, const char *iso)
{
	time_t t;
	struct tm tm;

	if (iso != NULL && *iso != '\0') {
		snprintf(db->now, sizeof db->now, "%s", iso);
		return;
	}
	t = time(NULL);
	gmtime_r(&t, &tm);
	strftime(db->now, sizeof db->now, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
fg_db_set_busy_timeout(struct fg_db *db, int ms)
{
	sqlite3_busy_timeout(db->db, ms > 0 ? ms : 0);
}

enum fg_status
fg_db_begin(struct fg_db *db, struct fg_error *err)
{
	enum fg_status st = fg_db_exec(db, "BEGIN IMMEDIATE", err);

	if (st == FG_OK)
		db->in_tx = 1;
	return st;
}

enum fg_status
fg_db_commit(struct fg_db *db, struct fg_error *err)
{
	enum fg_status st = fg_db_exec(db, "COMMIT", err);

	if (st == FG_OK)
		db->in_tx = 0;
	else
		fg_db_rollback(db);
	return st;
}

void
fg_db_rollback(struct fg_db *db)
{
	if (db->in_tx)
		sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
	db->in_tx = 0;
}

static int
user_version(struct fg_db *db)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(db->db, "PRAGMA user_version", -1, &st,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static enum fg_status
migrate(struct fg_db *db, struct fg_error *err)
{
	enum fg_status st;
	char pragma[64];
	int v, i;

	/* Readers must not queue behind a writer: look first, and take the
	 * write lock only when there is something to migrate. */
	v = user_version(db);
	if (v == fg_db_schema_version())
		return FG_OK;
	if ((st = fg_db_begin(db, err)) != FG_OK)
		return st;
	v = user_version(db);
	if (v < 0) {
		fg_db_rollback(db);
		return fg_error_set(err, FG_DB, db->path, 0, 0,
		    "not an fgcode project (not an SQLite database)");
	}
	if (v > fg_db_schema_version()) {
		fg_db_rollback(db);
		return fg_error_set(err, FG_DB, db->path, 0, 0,
		    "project schema version %d is newer than this fgcode "
		    "understands (%d); upgrade fgcode", v,
		    fg_db_schema_version());
	}
	for (i = 0; i < fg_migration_count; i++) {
		if (fg_migrations[i].version <= v)
			continue;
		if ((st = fg_db_exec(db, fg_migrations[i].sql, err)) != FG_OK) {
			fg_db_rollback(db);
			return fg_error_set(err, st, db->path, 0, 0,
			    "schema migration %s failed: %s",
			    fg_migrations[i].name, err->msg);
		}
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d",
		    fg_migrations[i].version);
		if ((st = fg_db_exec(db, pragma, err)) != FG_OK) {
			fg_db_rollback(db);
			return st;
		}
	}
	return fg_db_commit(db, err);
}

static int
on_network_fs(const char *path)
{
	struct statfs sfs;

	if (statfs(path, &sfs) != 0)
		return 0;
	switch ((unsigned long)sfs.f_type) {
	case 0x6969UL:      /* NFS */
	case 0xFF534D42UL:  /* CIFS */
	case 0xFE534D42UL:  /* SMB2 */
	case 0x517BUL:      /* SMB */
	case 0x65735546UL:  /* FUSE (sshfs, ...) */
		return 1;
	}
	return 0;
}

enum fg_status
fg_db_open(const char *path, int create, struct fg_db **out,
    struct fg_error *err)
{
	struct fg_db *db;
	struct stat sb;
	enum fg_status st;
	int rc, flags, v;
	char timeout[64];

	*out = NULL;
	if (stat(path, &sb) == 0) {
		if (!S_ISREG(sb.st_mode))
			return fg_error_set(err, FG_IO, path, 0, 0,
			    "not a regular file");
	} else if (!create) {
		return fg_error_set(err, FG_NOTFOUND, path, 0, 0,
		    "no fgcode project here; create one with 'fgcode init' "
		    "or name it with --db FILE or $FGCODE_DB");
	}
	db = calloc(1, sizeof *db);
	if (db == NULL || (db->path = strdup(path)) == NULL) {
		free(db);
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
	}
	fg_db_set_now(db, NULL);
	/* one connection per thread: no need for SQLite's mutexes */
	flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
	    (create ? SQLITE_OPEN_CREATE : 0);
	rc = sqlite3_open_v2(path, &db->db, flags, NULL);
	if (rc != SQLITE_OK) {
		st = fg_error_set(err, FG_IO, path, 0, 0, "cannot open: %s",
		    db->db ? sqlite3_errmsg(db->db) : "out of memory");
		fg_db_close(db);
		return st;
	}
	sqlite3_extended_result_codes(db->db, 1);
	sqlite3_busy_timeout(db->db, FG_BUSY_TIMEOUT_MS);
	db->network_fs = on_network_fs(path);
	if (create) {
		v = user_version(db);
		if (v > 0) {
			fg_db_close(db);
			return fg_error_set(err, FG_EXISTS, path, 0, 0,
			    "already an fgcode project (schema version %d)", v);
		}
	}
	snprintf(timeout, sizeof timeout, "PRAGMA busy_timeout = %d",
	    FG_BUSY_TIMEOUT_MS);
	if ((st = fg_db_exec(db, "PRAGMA journal_mode = WAL", err)) != FG_OK ||
	    (st = fg_db_exec(db, "PRAGMA foreign_keys = ON", err)) != FG_OK ||
	    (st = fg_db_exec(db, "PRAGMA synchronous = NORMAL", err)) != FG_OK ||
	    (st = fg_db_exec(db, timeout, err)) != FG_OK ||
	    (st = migrate(db, err)) != FG_OK) {
		if (st == FG_DB && strstr(err->msg, "not a database"))
			fg_error_set(err, FG_DB, path, 0, 0,
			    "not an fgcode project (not an SQLite database)");
		fg_db_close(db);
		return st;
	}
	*out = db;
	return FG_OK;
}

void
fg_db_close(struct fg_db *db)
{
	if (db == NULL)
		return;
	fg_db_rollback(db);
	fg_history_release(db);
	if (db->db)
		sqlite3_close_v2(db->db);
	free(db->path);
	free(db);
}

char *
fg_db_meta_get(struct fg_db *db, const char *key)
{
	sqlite3_stmt *st;
	char *v = NULL;

	if (sqlite3_prepare_v2(db->db,
	    "SELECT value FROM project_meta WHERE key = ?", -1, &st,
	    NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

enum fg_status
fg_db_meta_set(struct fg_db *db, const char *key, const char *value,
    struct fg_error *err)
{
	sqlite3_stmt *st;
	enum fg_status s;
	int rc;

	if ((s = fg_db_prepare(db, "INSERT INTO project_meta(key, value) "
	    "VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = "
	    "excluded.value", &st, err)) != FG_OK)
		return s;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? FG_OK : fg_db_fail(db, rc, err);
}

/* Read PRAGMA user_version into *v; the sqlite result code. */
static int
readonly_probe(struct fg_db *db, int *v)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(db->db, "PRAGMA user_version", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*v = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Open path as an immutable database (URI "file:PATH?immutable=1"),
 * unless a non-empty PATH-wal holds changes the file alone lacks. */
static int
readonly_immutable(struct fg_db *db, const char *path, int *v)
{
	static const char hex[] = "0123456789ABCDEF";
	struct stat sb;
	char *uri, *wal, *q;
	const char *p;
	int rc;

	if ((wal = malloc(strlen(path) + 5)) == NULL)
		return SQLITE_NOMEM;
	sprintf(wal, "%s-wal", path);
	rc = stat(wal, &sb) == 0 && sb.st_size > 0;
	free(wal);
	if (rc)
		return SQLITE_CANTOPEN;
	if ((uri = malloc(3 * strlen(path) + 32)) == NULL)
		return SQLITE_NOMEM;
	q = uri + sprintf(uri, "file:");
	for (p = path; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("/-._~", c)) {
			*q++ = (char)c;
		} else {
			*q++ = '%';
			*q++ = hex[c >> 4];
			*q++ = hex[c & 15];
		}
	}
	strcpy(q, "?immutable=1");
	rc = sqlite3_open_v2(uri, &db->db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, NULL);
	free(uri);
	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(db->db, 1);
		rc = readonly_probe(db, v);
	}
	return rc;
}

void
fg_db_set_who(struct fg_db *db, const char *who)
{
	snprintf(db->who, sizeof db->who, "%s",
	    who != NULL && *who != '\0' ? who : "unknown");
}

enum fg_status
fg_db_open_readonly(const char *path, struct fg_db **out,
    struct fg_error *err)
{
	struct fg_db *db;
	struct stat sb;
	enum fg_status st;
	int rc, v = -1;

	*out = NULL;
	if (stat(path, &sb) != 0)
		return fg_error_set(err, FG_NOTFOUND, path, 0, 0,
		    "no fgcode project here; name it with --db FILE or "
		    "$FGCODE_DB");
	if (!S_ISREG(sb.st_mode))
		return fg_error_set(err, FG_IO, path, 0, 0,
		    "not a regular file");
	db = calloc(1, sizeof *db);
	if (db == NULL || (db->path = strdup(path)) == NULL) {
		free(db);
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
	}
	db->readonly = 1;
	fg_db_set_now(db, NULL);
	fg_db_set_who(db, NULL);
	rc = sqlite3_open_v2(path, &db->db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(db->db, 1);
		rc = readonly_probe(db, &v);
	}
	if (rc != SQLITE_OK && ((rc & 0xFF) == SQLITE_CANTOPEN ||
	    (rc & 0xFF) == SQLITE_READONLY)) {
		/* A WAL project in a directory we cannot write: its -shm
		 * cannot be made.  Without a -wal file holding changes, the
		 * file alone is the whole project: read it as immutable. */
		sqlite3_close_v2(db->db);
		db->db = NULL;
		rc = readonly_immutable(db, path, &v);
	}
	if (rc != SQLITE_OK) {
		st = fg_error_set(err, FG_IO, path, 0, 0, "cannot read the "
		    "project: %s", db->db ? sqlite3_errmsg(db->db) :
		    "out of memory");
		if ((rc & 0xFF) == SQLITE_NOTADB)
			st = fg_error_set(err, FG_DB, path, 0, 0, "not an "
			    "fgcode project (not an SQLite database)");
		fg_db_close(db);
		return st;
	}
	sqlite3_busy_timeout(db->db, FG_BUSY_TIMEOUT_MS);
	db->network_fs = on_network_fs(path);
	if ((st = fg_db_exec(db, "PRAGMA query_only = ON", err)) != FG_OK) {
		fg_db_close(db);
		return st;
	}
	if (v <= 0) {
		fg_db_close(db);
		return fg_error_set(err, FG_DB, path, 0, 0,
		    "not an fgcode project (%s)", v < 0 ? "not an SQLite "
		    "database" : "no fgcode schema in it");
	}
	if (v > fg_db_schema_version()) {
		fg_db_close(db);
		return fg_error_set(err, FG_DB, path, 0, 0,
		    "project schema version %d is newer than this fgcode "
		    "understands (%d); upgrade fgcode", v,
		    fg_db_schema_version());
	}
	if (v < fg_db_schema_version()) {
		fg_db_close(db);
		return fg_error_set(err, FG_DB, path, 0, 0,
		    "project schema version %d is older than this fgcode's "
		    "(%d) and is read here without changing it; upgrade it "
		    "first with any command that opens it for writing, such "
		    "as 'fgcode sources', on a writable copy", v,
		    fg_db_schema_version());
	}
	*out = db;
	return FG_OK;
}
