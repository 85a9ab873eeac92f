/* buf.c - growable byte buffer. */
#include "config.h"

#include "core/buf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"

enum fg_status
fg_buf_reserve(struct fg_buf *b, size_t n)
{
	size_t need, cap;
	char *p;

	if (n > (size_t)-1 / 2 - b->len)
		return FG_NOMEM;
	need = b->len + n + 1;
	if (need <= b->cap)
		return FG_OK;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	p = realloc(b->p, cap);
	if (p == NULL)
		return FG_NOMEM;
	b->p = p;
	b->cap = cap;
	return FG_OK;
}

enum fg_status
fg_buf_add(struct fg_buf *b, const void *data, size_t n)
{
	if (fg_buf_reserve(b, n) != FG_OK)
		return FG_NOMEM;
	if (n > 0)
		memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return FG_OK;
}

enum fg_status
fg_buf_adds(struct fg_buf *b, const char *s)
{
	return fg_buf_add(b, s, strlen(s));
}

enum fg_status
fg_buf_addc(struct fg_buf *b, char c)
{
	return fg_buf_add(b, &c, 1);
}

enum fg_status
fg_buf_printf(struct fg_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return FG_NOMEM;
	if (fg_buf_reserve(b, (size_t)n) != FG_OK)
		return FG_NOMEM;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return FG_OK;
}

void
fg_buf_reset(struct fg_buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

void
fg_buf_free(struct fg_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

char *
fg_buf_steal(struct fg_buf *b)
{
	char *p;

	if (b->p == NULL) {
		if (fg_buf_reserve(b, 0) != FG_OK)
			return NULL;
		b->p[0] = '\0';
	}
	p = b->p;
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

enum fg_status
fg_buf_slurp(const char *path, char **text, size_t *len, char sha[65],
    struct fg_error *err)
{
	FILE *fp = fopen(path, "rb");
	struct fg_buf b = FG_BUF_INIT;
	char chunk[65536];
	size_t n;

	*text = NULL;
	if (fp == NULL)
		return fg_error_set(err, errno == ENOENT ? FG_NOTFOUND : FG_IO,
		    path, 0, 0, "cannot open: %s", strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		if (fg_buf_add(&b, chunk, n) != FG_OK) {
			fclose(fp);
			fg_buf_free(&b);
			return fg_error_set(err, FG_NOMEM, NULL, 0, 0,
			    "out of memory");
		}
	if (ferror(fp)) {
		fclose(fp);
		fg_buf_free(&b);
		return fg_error_set(err, FG_IO, path, 0, 0, "read error");
	}
	fclose(fp);
	fg_sha256_hex(b.p ? b.p : "", b.len, sha);
	*len = b.len;
	if ((*text = fg_buf_steal(&b)) == NULL)
		return fg_error_set(err, FG_NOMEM, NULL, 0, 0, "out of memory");
	return FG_OK;
}
