#include "support/input_params.h"

#include "support/fuzz_bytes.h"

#define POLICY_STRICT_BIT 0x01u
#define VARIANT_SHIFT 1u
#define VARIANT_MASK 0x03u

mibtcp_kind fuzz_params_kind(uint8_t selector)
{
    return fuzz_kind_at(selector % FUZZ_KIND_COUNT);
}

fuzz_table_input fuzz_table_input_read(const uint8_t *data, size_t size)
{
    fuzz_cursor cursor = fuzz_cursor_make(data, size);
    fuzz_table_input input;
    input.params.kind = fuzz_params_kind(fuzz_take_u8(&cursor));
    uint8_t choice = fuzz_take_u8(&cursor);
    input.params.policy = choice & POLICY_STRICT_BIT ? MIBTCP_POLICY_STRICT : MIBTCP_POLICY_LENIENT;
    unsigned variant = (choice >> VARIANT_SHIFT) & VARIANT_MASK;
    input.params.variant = variant < (unsigned)FUZZ_VARIANT_COUNT_ ? (fuzz_variant)variant : FUZZ_VARIANT_EXACT;
    input.params.capacity = fuzz_take_u8(&cursor);
    input.params.flags = fuzz_take_u8(&cursor);
    input.table = cursor.next;
    input.len = cursor.left;
    return input;
}

void fuzz_params_write(const fuzz_params *params, uint8_t out[FUZZ_PARAMS_SIZE])
{
    out[0] = (uint8_t)fuzz_kind_index(params->kind);
    out[1] = (uint8_t)((params->policy == MIBTCP_POLICY_STRICT ? POLICY_STRICT_BIT : 0u) |
                       ((unsigned)params->variant << VARIANT_SHIFT));
    out[2] = params->capacity;
    out[3] = params->flags;
}
