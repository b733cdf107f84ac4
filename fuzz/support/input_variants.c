#include "support/input_variants.h"

#include <stdlib.h>
#include <string.h>

#include "mibtcp_fast.h"
#include "support/fuzz_bytes.h"
#include "support/invariant.h"

const mibtcp_policy fuzz_policies[2] = {MIBTCP_POLICY_LENIENT, MIBTCP_POLICY_STRICT};

mibtcp_kind fuzz_kind_at(size_t index)
{
    FUZZ_REQUIRE(index < FUZZ_KIND_COUNT);
    return (mibtcp_kind)(index + 1u);
}

size_t fuzz_kind_index(mibtcp_kind kind)
{
    FUZZ_REQUIRE(kind > MIBTCP_KIND_UNKNOWN && (size_t)kind <= FUZZ_KIND_COUNT);
    return (size_t)kind - 1u;
}

uint32_t fuzz_fitting_count(size_t len, size_t header, size_t stride)
{
    if (stride == 0 || len < header) {
        return 0;
    }
    size_t rows = (len - header) / stride;
    return rows > UINT32_MAX ? UINT32_MAX : (uint32_t)rows;
}

/* malloc(0) may legitimately return NULL; the library must then be handed a
 * non-NULL pointer all the same, so fall back to a 1-byte block whose byte
 * is never part of the buffer. */
static void *allocate(size_t size)
{
    void *block = malloc(size);
    if (block == NULL && size == 0) {
        block = malloc(1);
    }
    FUZZ_REQUIRE(block != NULL);
    return block;
}

fuzz_buffer fuzz_buffer_make(fuzz_variant variant, const uint8_t *data, size_t len, mibtcp_kind kind)
{
    size_t lead = variant == FUZZ_VARIANT_UNALIGNED ? 1u : 0u;
    fuzz_buffer buffer;
    buffer.allocation = allocate(lead + len);
    buffer.data = (uint8_t *)buffer.allocation + lead;
    buffer.len = len;
    if (len > 0) {
        memcpy(buffer.data, data, len);
    }
    if (variant == FUZZ_VARIANT_COUNT_FITTED && len >= 4) {
        uint32_t count = fuzz_fitting_count(len, mibtcp_layout_known(kind).header, mibtcp_layout_known(kind).stride);
        fuzz_store_le32(buffer.data, count);
    }
    return buffer;
}

void fuzz_buffer_free(fuzz_buffer *buffer)
{
    free(buffer->allocation);
    buffer->allocation = NULL;
    buffer->data = NULL;
    buffer->len = 0;
}
