/* source.h - transcripts in the project: import, lookup, listing. */
#ifndef FG_SOURCE_H
#define FG_SOURCE_H

#include <stdint.h>

#include "core/db.h"
#include "core/error.h"

/* Find a source by its id ("3") or its file name ("fg03-aktau.txt").  A
 * name that several sources share is refused as ambiguous (FG_INPUT, the
 * ids listed); an unknown one is FG_NOTFOUND.  Sets *id on success. */
enum fg_status fg_source_resolve(struct fg_db *db, const char *spec,
    int64_t *id, struct fg_error *err);

#endif
