/* memo.h - memos on codings. */
#ifndef FG_MEMO_H
#define FG_MEMO_H

#include <stdint.h>

#include "core/db.h"
#include "core/error.h"

/* Set the memo of coding id (NULL or "" removes it).  FG_NOTFOUND when the
 * coding does not exist.  The caller provides the transaction. */
enum fg_status fg_memo_set(struct fg_db *db, int64_t coding_id,
    const char *memo, struct fg_error *err);

/* The memo of coding id as a malloc'd string (caller frees), or NULL when
 * it has none; FG_NOTFOUND when the coding does not exist. */
enum fg_status fg_memo_get(struct fg_db *db, int64_t coding_id, char **memo,
    struct fg_error *err);

#endif
