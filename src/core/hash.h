/* hash.h - SHA-256 (nettle) as lowercase hex. */
#ifndef FG_HASH_H
#define FG_HASH_H

#include <stddef.h>

#define FG_SHA256_HEX 65   /* 64 hex digits + NUL */

/* Write the SHA-256 of data[0..n) as 64 lowercase hex digits + NUL to out. */
void fg_sha256_hex(const void *data, size_t n, char out[FG_SHA256_HEX]);

#endif
