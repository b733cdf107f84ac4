/* The copies of one fuzz input that the table harnesses feed to the library.
 *
 *  - exact: a fresh allocation of exactly len bytes, so a sanitizer (or
 *    valgrind under the replay main) sees any read past the end;
 *  - unaligned: the same bytes at an odd address, ending exactly at the end
 *    of its allocation, so no code may rely on alignment;
 *  - count fitted: dwNumEntries rewritten to (len - header) / stride for a
 *    kind, so random bytes get past the count check to the row checks. */
#ifndef MIBTCP_FUZZ_INPUT_VARIANTS_H
#define MIBTCP_FUZZ_INPUT_VARIANTS_H

#include <stddef.h>
#include <stdint.h>

#include "kit_layout.h"
#include "mibtcp.h"

typedef struct fuzz_buffer {
    void *allocation; /* what fuzz_buffer_free() releases */
    uint8_t *data;    /* first byte of the copy */
    size_t len;
} fuzz_buffer;

typedef enum fuzz_variant {
    FUZZ_VARIANT_EXACT,
    FUZZ_VARIANT_UNALIGNED,
    FUZZ_VARIANT_COUNT_FITTED,
    FUZZ_VARIANT_COUNT_
} fuzz_variant;

/* @p kind matters only for FUZZ_VARIANT_COUNT_FITTED. Aborts if out of memory. */
fuzz_buffer fuzz_buffer_make(fuzz_variant variant, const uint8_t *data, size_t len, mibtcp_kind kind);
void fuzz_buffer_free(fuzz_buffer *buffer);

/* The largest row count that fits in len bytes after the header (0 if none does). */
uint32_t fuzz_fitting_count(size_t len, size_t header, size_t stride);

/* The valid kinds, in enum order, for `for (size_t i = 0; i < FUZZ_KIND_COUNT; ++i)`. */
#define FUZZ_KIND_COUNT ((size_t)KIT_KIND_COUNT)
mibtcp_kind fuzz_kind_at(size_t index);
/* The inverse of fuzz_kind_at() for a valid kind. */
size_t fuzz_kind_index(mibtcp_kind kind);

extern const mibtcp_policy fuzz_policies[2];

#endif
