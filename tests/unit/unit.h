/* unit.h - common includes and helpers of the cmocka unit tests. */
#ifndef FG_UNIT_H
#define FG_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/db.h"
#include "core/error.h"

/* A fresh project in a temporary file; the path is written to path
 * (at least 64 bytes).  Remove with unit_db_close(). */
static inline struct fg_db *
unit_db_open(char *path)
{
	struct fg_db *db = NULL;
	struct fg_error err;
	int fd;

	strcpy(path, "/tmp/fgcode-unit-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	fg_error_clear(&err);
	if (fg_db_open(path, 1, &db, &err) != FG_OK)
		fail_msg("open %s: %s", path, err.msg);
	fg_db_set_now(db, "2026-01-01T00:00:00Z");
	return db;
}

static inline void
unit_db_close(struct fg_db *db, const char *path)
{
	char side[600];

	fg_db_close(db);
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

/* Path of a file under the source tree's fixtures/ ($FIXTURES, set by
 * make check; else ./fixtures). */
static inline const char *
unit_fixture(const char *rel)
{
	static char buf[4][1024];
	static int i;
	const char *base = getenv("FIXTURES");

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof buf[i], "%s/%s", base ? base : "fixtures",
	    rel);
	return buf[i];
}

/* Path under ../shared (next to the source tree), or NULL when absent:
 * tests that need it call skip(). */
static inline const char *
unit_shared(const char *rel)
{
	static char buf[4][1024];
	static int i;
	const char *base = getenv("FIXTURES");

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof buf[i], "%s/../../shared/%s",
	    base ? base : "fixtures", rel);
	if (access(buf[i], R_OK) != 0)
		return NULL;
	return buf[i];
}

#endif
