/* buf.h - a growable byte buffer, always NUL-terminated. */
#ifndef FG_BUF_H
#define FG_BUF_H

#include <stddef.h>

#include "core/error.h"

struct fg_buf {
	char *p;       /* owned; NULL until the first append; NUL-terminated */
	size_t len;    /* bytes used, excluding the NUL */
	size_t cap;
};

#define FG_BUF_INIT { NULL, 0, 0 }

/* Append n bytes / a string / printf output.  Return FG_OK or FG_NOMEM (the
 * buffer is unchanged on failure). */
enum fg_status fg_buf_add(struct fg_buf *b, const void *data, size_t n);
enum fg_status fg_buf_adds(struct fg_buf *b, const char *s);
enum fg_status fg_buf_addc(struct fg_buf *b, char c);
enum fg_status fg_buf_printf(struct fg_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Make room for n more bytes. */
enum fg_status fg_buf_reserve(struct fg_buf *b, size_t n);

/* Empty the buffer but keep its memory. */
void fg_buf_reset(struct fg_buf *b);

/* Free the memory; the buffer is then FG_BUF_INIT again. */
void fg_buf_free(struct fg_buf *b);

/* Read the whole file at path: *text is a malloc'd NUL-terminated copy
 * of its bytes (caller frees), *len their count, sha their SHA-256 in hex
 * (65 bytes).  FG_NOTFOUND when the file does not exist, FG_IO when it
 * cannot be read, FG_NOMEM. */
enum fg_status fg_buf_slurp(const char *path, char **text, size_t *len,
    char sha[65], struct fg_error *err);

/* Hand the string over to the caller (who frees it); the buffer is emptied.
 * Never returns NULL unless out of memory: an empty buffer yields "". */
char *fg_buf_steal(struct fg_buf *b);

#endif
