/* db.h - the project database: one SQLite file per project.
 *
 * Opening applies the connection settings (WAL, foreign keys, busy timeout)
 * and the embedded schema migrations (schemas/NNNN-*.sql, tracked with
 * PRAGMA user_version).  Every command runs in one transaction: writers use
 * fg_db_begin() (BEGIN IMMEDIATE, so two writers queue rather than
 * deadlock) and either fg_db_commit() or fg_db_rollback(). */
#ifndef FG_DB_H
#define FG_DB_H

#include <sqlite3.h>

#include "core/error.h"

struct fg_db {
	sqlite3 *db;        /* owned */
	char *path;         /* owned copy of the file name */
	char now[32];       /* timestamp stamped on rows written, ISO 8601 UTC */
	int network_fs;     /* 1 if the file seems to be on NFS/SMB (warn) */
	int in_tx;          /* inside fg_db_begin() */
	int readonly;       /* opened by fg_db_open_readonly() */
	char who[128];      /* who makes the changes, for the history
	                     * (fg_db_set_who); "unknown" by default */
	void *history;      /* statements the history keeps prepared
	                     * (history.c); finalized by fg_db_close */
};

/* Schema version this build writes (the highest embedded migration). */
int fg_db_schema_version(void);

/* Open the project at path.  With create != 0 a new file is made and the
 * schema applied (FG_EXISTS if it already holds a project); otherwise the
 * file must exist (FG_NOTFOUND) and is migrated forward if older.  A file
 * from a newer fgcode is refused.  On success *out is a new handle to be
 * closed with fg_db_close(); on failure *out is NULL and err is set. */
enum fg_status fg_db_open(const char *path, int create, struct fg_db **out,
    struct fg_error *err);

/* Open the project at path for reading only (SQLITE_OPEN_READONLY and
 * PRAGMA query_only): nothing is ever written to it, so it works on a
 * read-only file and is what fgcode audit, quote, log and blame use.  No
 * migration is applied: a project from a newer fgcode is refused as by
 * fg_db_open, and one from an older fgcode (FG_DB) asks to be upgraded
 * first by any command that writes.  *out as for fg_db_open. */
enum fg_status fg_db_open_readonly(const char *path, struct fg_db **out,
    struct fg_error *err);

/* Set who makes the changes that follow (the coder), recorded in the
 * history's events; NULL or "" means "unknown".  Truncated to fit. */
void fg_db_set_who(struct fg_db *db, const char *who);

/* Close and free; NULL is a no-op.  An open transaction is rolled back. */
void fg_db_close(struct fg_db *db);

/* Set the timestamp written into new rows (from $FGCODE_NOW in tests);
 * NULL or "" means the current UTC time, which is the default. */
void fg_db_set_now(struct fg_db *db, const char *iso);

/* Wait at most ms milliseconds for another process's write lock before a
 * write fails with FG_BUSY (default 10000). */
void fg_db_set_busy_timeout(struct fg_db *db, int ms);

/* Transactions.  begin takes the write lock at once (BEGIN IMMEDIATE) and
 * maps a lock that outlasts the busy timeout to FG_BUSY. */
enum fg_status fg_db_begin(struct fg_db *db, struct fg_error *err);
enum fg_status fg_db_commit(struct fg_db *db, struct fg_error *err);
void fg_db_rollback(struct fg_db *db);

/* Run SQL without results (may hold several statements). */
enum fg_status fg_db_exec(struct fg_db *db, const char *sql,
    struct fg_error *err);

/* Prepare one statement; on failure err holds sqlite's message. */
enum fg_status fg_db_prepare(struct fg_db *db, const char *sql,
    sqlite3_stmt **st, struct fg_error *err);

/* Turn a failed sqlite return code into an fg_status with sqlite's message
 * (FG_BUSY for SQLITE_BUSY/LOCKED). */
enum fg_status fg_db_fail(struct fg_db *db, int rc, struct fg_error *err);

/* Project settings (table project_meta).  get returns a malloc'd string
 * (caller frees) or NULL when unset; set upserts. */
char *fg_db_meta_get(struct fg_db *db, const char *key);
enum fg_status fg_db_meta_set(struct fg_db *db, const char *key,
    const char *value, struct fg_error *err);

/* The embedded migrations, generated from schemas/ (schema-sql.c). */
struct fg_migration {
	int version;
	const char *name;
	const char *sql;
};
extern const struct fg_migration fg_migrations[];
extern const int fg_migration_count;

#endif
