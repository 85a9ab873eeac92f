/* hash.c - SHA-256 through nettle, a maintained and audited implementation. */
#include "config.h"

#include "core/hash.h"

#include <nettle/sha2.h>

void
fg_sha256_hex(const void *data, size_t n, char out[FG_SHA256_HEX])
{
	static const char hex[] = "0123456789abcdef";
	struct sha256_ctx ctx;
	unsigned char d[SHA256_DIGEST_SIZE];
	int i;

	sha256_init(&ctx);
	sha256_update(&ctx, n, data);
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, d);
	for (i = 0; i < SHA256_DIGEST_SIZE; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
}
