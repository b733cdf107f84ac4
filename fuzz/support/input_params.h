/* The call chain a table input chooses for itself.
 *
 * A table harness's input is FUZZ_PARAMS_SIZE parameter bytes followed by
 * the table bytes handed to the library:
 *
 *   byte 0  kind       the kind at index byte % FUZZ_KIND_COUNT
 *   byte 1  policy     bit 0: strict; bits 1-2: the buffer variant
 *           variant    (exact, unaligned, count fitted; 3 wraps to exact)
 *   byte 2  capacity   a harness's size choice (candidate array, walk stop)
 *   byte 3  flags      a harness's optional checks
 *
 * so libFuzzer and AFL++ learn which choices reach new code like any other
 * byte, and one input runs one call chain. A shorter input reads as zeros
 * past its end and has an empty table. The replay engine ignores the choice
 * and runs every chain (exhaustive.h). */
#ifndef MIBTCP_FUZZ_INPUT_PARAMS_H
#define MIBTCP_FUZZ_INPUT_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include "mibtcp.h"
#include "support/exhaustive.h"
#include "support/input_variants.h"

#define FUZZ_PARAMS_SIZE 4u

typedef struct fuzz_params {
    mibtcp_kind kind;
    mibtcp_policy policy;
    fuzz_variant variant;
    uint8_t capacity;
    uint8_t flags;
} fuzz_params;

typedef struct fuzz_table_input {
    fuzz_params params;
    const uint8_t *table; /* the input past the parameter bytes */
    size_t len;
} fuzz_table_input;

fuzz_table_input fuzz_table_input_read(const uint8_t *data, size_t size);

/* The kind that parameter byte 0 chooses (the custom mutator needs it alone). */
mibtcp_kind fuzz_params_kind(uint8_t selector);

/* The parameter bytes that choose @p params (the seed generator writes them). */
void fuzz_params_write(const fuzz_params *params, uint8_t out[FUZZ_PARAMS_SIZE]);

#endif
