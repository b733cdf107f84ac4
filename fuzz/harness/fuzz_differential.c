/* fuzz_differential: the library against the naive reference decoder
 * (reference_decoder.c) on the kind, policy and buffer variant the input
 * chooses (input_params.h); the replay engine runs every one.
 *
 * Both must agree on the layout of every kind (header, stride, family,
 * TCP-ness, every field's place), on the status of every buffer and on where
 * a buffer is wrong (row, field, offset, value), on the count and trailing bytes of a valid table, and on
 * every field of every row. The table is used as is, at an odd address or
 * with its count fitted to its length, so both sides get past the count
 * check. */
#include <stdint.h>
#include <string.h>

#include "layout_fields.h"
#include "mibtcp_fast.h"
#include "oracles/reference_decoder.h"
#include "oracles/row_record.h"
#include "support/input_params.h"
#include "support/input_variants.h"
#include "support/invariant.h"
#include "support/table_mutator_hooks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require_same_layout(mibtcp_kind kind)
{
    const kit_layout *layout = kit_layout_of(kind);
    FUZZ_REQUIRE(layout != NULL);
    mibtcp_row_layout lib;
    FUZZ_REQUIRE(mibtcp_kind_layout_sized(kind, &lib, sizeof lib) == MIBTCP_OK);
    FUZZ_REQUIRE(lib.header == layout->header);
    FUZZ_REQUIRE(lib.stride == layout->stride);
    FUZZ_REQUIRE(lib.family == layout->family);
    FUZZ_REQUIRE((lib.tcp != 0) == layout->is_tcp);
    const mibtcp_row_layout known = mibtcp_layout_known(kind);
    FUZZ_REQUIRE(memcmp(&known, &lib, sizeof lib) == 0);
    for (int f = 0; f < KIT_FIELD_COUNT; ++f) {
        const kit_place *place = kit_place_of(layout, (mibtcp_field)f);
        uint64_t offset = 0, size = 0;
        const bool located = kit_layout_field(&lib, (mibtcp_field)f, &offset, &size);
        FUZZ_REQUIRE(kit_layout_has(&lib, (mibtcp_field)f) == (place != NULL));
        FUZZ_REQUIRE(located == (place != NULL));
        if (place != NULL) {
            FUZZ_REQUIRE(offset == place->offset && size == place->size);
        }
    }
    const kit_place *second_hole = kit_hole(layout, 1);
    FUZZ_REQUIRE(lib.row_padding[1] == (second_hole != NULL ? second_hole->offset : 0));
}

static void require_agreement(const uint8_t *buf, size_t len, mibtcp_kind kind, mibtcp_policy policy)
{
    ref_verdict expected = ref_validate(buf, len, kind, policy);
    mibtcp_view view;
    mibtcp_error err;
    memset(&err, 0, sizeof err);
    mibtcp_status status = mibtcp_open(&view, buf, len, kind, policy, &err);
    FUZZ_REQUIRE(status == expected.status);
    if (status != MIBTCP_OK) {
        FUZZ_REQUIRE(err.status == status);
        FUZZ_REQUIRE(err.row == expected.row);
        FUZZ_REQUIRE(err.field == expected.field);
        FUZZ_REQUIRE(err.offset == expected.offset);
        FUZZ_REQUIRE(err.value == expected.value);
        return;
    }
    FUZZ_REQUIRE(mibtcp_view_count(&view) == expected.count);
    FUZZ_REQUIRE(mibtcp_view_trailing(&view) == expected.trailing);
    /* Every row, by index and from the iterator: the reference decoder's record, byte for byte. */
    mibtcp_iter it;
    FUZZ_REQUIRE(mibtcp_iter_init_sized(&it, sizeof it, &view, sizeof view) == MIBTCP_OK);
    for (uint32_t index = 0; index < expected.count; ++index) {
        mibtcp_record actual, walked, wanted;
        FUZZ_REQUIRE(mibtcp_view_record_sized(&view, sizeof view, index, &actual, sizeof actual) == MIBTCP_OK);
        ref_read_row(buf, len, kind, index, &wanted);
        fuzz_record_require_equal(&wanted, &actual);
        FUZZ_REQUIRE(memcmp(&wanted, &actual, sizeof actual) == 0); /* padding zeroed too, as documented */
        FUZZ_REQUIRE(mibtcp_iter_next_record_sized(&it, sizeof it, &walked, sizeof walked) == MIBTCP_OK);
        FUZZ_REQUIRE(memcmp(&wanted, &walked, sizeof walked) == 0);
    }
    mibtcp_record past;
    FUZZ_REQUIRE(mibtcp_view_record(&view, expected.count, &past) == MIBTCP_ERR_INDEX_OUT_OF_RANGE);
    FUZZ_REQUIRE(mibtcp_iter_next_record(&it, &past) == MIBTCP_END_OF_ROWS);
}

static void check_chain(const uint8_t *table, size_t len, mibtcp_kind kind, fuzz_variant variant, mibtcp_policy policy)
{
    fuzz_buffer buffer = fuzz_buffer_make(variant, table, len, kind);
    require_agreement(buffer.data, buffer.len, kind, policy);
    fuzz_buffer_free(&buffer);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_table_input input = fuzz_table_input_read(data, size);
    if (!FUZZ_EXHAUSTIVE) {
        require_same_layout(input.params.kind);
        check_chain(input.table, input.len, input.params.kind, input.params.variant, input.params.policy);
        return 0;
    }
    for (size_t k = 0; k < FUZZ_KIND_COUNT; ++k) {
        mibtcp_kind kind = fuzz_kind_at(k);
        require_same_layout(kind);
        for (int v = 0; v < (int)FUZZ_VARIANT_COUNT_; ++v) {
            for (size_t p = 0; p < 2; ++p) {
                check_chain(input.table, input.len, kind, (fuzz_variant)v, fuzz_policies[p]);
            }
        }
    }
    return 0;
}
