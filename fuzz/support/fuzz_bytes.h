/* Reading the fuzzer's input: little-endian loads for the harnesses'
 * own checks, and a cursor that turns the input into structured values
 * (running out of input yields zeros, never an error, so every input is
 * usable). */
#ifndef MIBTCP_FUZZ_BYTES_H
#define MIBTCP_FUZZ_BYTES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint32_t fuzz_load_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t fuzz_load_le64(const uint8_t *p)
{
    return (uint64_t)fuzz_load_le32(p) | (uint64_t)fuzz_load_le32(p + 4) << 32;
}

static inline void fuzz_store_le32(uint8_t *p, uint32_t value)
{
    for (size_t i = 0; i < 4; ++i) {
        p[i] = (uint8_t)(value >> (8 * i));
    }
}

typedef struct fuzz_cursor {
    const uint8_t *next;
    size_t left;
} fuzz_cursor;

static inline fuzz_cursor fuzz_cursor_make(const uint8_t *data, size_t len)
{
    fuzz_cursor cursor = {data, len};
    return cursor;
}

/* Copies up to n bytes into out and zero-fills the rest. */
static inline void fuzz_take_bytes(fuzz_cursor *cursor, uint8_t *out, size_t n)
{
    size_t available = n < cursor->left ? n : cursor->left;
    if (available > 0) {
        memcpy(out, cursor->next, available);
    }
    memset(out + available, 0, n - available);
    cursor->next += available;
    cursor->left -= available;
}

static inline uint8_t fuzz_take_u8(fuzz_cursor *cursor)
{
    uint8_t value;
    fuzz_take_bytes(cursor, &value, 1);
    return value;
}

static inline uint32_t fuzz_take_u32(fuzz_cursor *cursor)
{
    uint8_t raw[4];
    fuzz_take_bytes(cursor, raw, sizeof raw);
    return fuzz_load_le32(raw);
}

static inline uint64_t fuzz_take_u64(fuzz_cursor *cursor)
{
    uint8_t raw[8];
    fuzz_take_bytes(cursor, raw, sizeof raw);
    return fuzz_load_le64(raw);
}

#endif
