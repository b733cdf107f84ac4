/* SHA-256 (FIPS 180-4) of captured tables, for `mibtcp capture`'s manifest:
 * a few dozen lines instead of a crypto dependency on every platform. */
#ifndef MIBTCP_TOOL_SHA256_H
#define MIBTCP_TOOL_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32
#define SHA256_HEX_SIZE (2 * SHA256_DIGEST_SIZE + 1)

typedef struct sha256_state {
    uint32_t h[8];
    uint64_t total_bytes;
    unsigned char block[64];
    size_t block_used;
} sha256_state;

void sha256_init(sha256_state *s);
void sha256_update(sha256_state *s, const void *data, size_t len);
void sha256_final(sha256_state *s, unsigned char digest[SHA256_DIGEST_SIZE]);

/* The digest of data as 64 lowercase hex digits and a NUL. */
void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_SIZE]);

#endif
