#include "support/table_mutator.h"

#include <string.h>

#include "mibtcp_fast.h"
#include "support/fuzz_bytes.h"
#include "support/input_params.h"

/* One in PARAMS_ODDS mutations changes the call chain instead of the table;
 * one in WHOLE_TABLE_ODDS of the others mutates the header too. */
#define PARAMS_ODDS 16u
#define WHOLE_TABLE_ODDS 8u
/* Out of COUNT_CHOICES, the count is wrong on purpose WRONG_COUNT_CHOICES times. */
#define COUNT_CHOICES 16u
#define WRONG_COUNT_CHOICES 2u

typedef struct random_bits {
    uint32_t state;
} random_bits;

static uint32_t next_bits(random_bits *r)
{
    /* xorshift32: the engine's seed drives it, so a mutation is reproducible. */
    uint32_t x = r->state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    r->state = x;
    return x;
}

static random_bits random_from(unsigned seed)
{
    random_bits r = {(uint32_t)seed * 2654435761u | 1u};
    return r;
}

typedef struct table_shape {
    size_t header;
    size_t stride;
} table_shape;

static table_shape shape_of(uint8_t kind_selector)
{
    mibtcp_kind kind = fuzz_params_kind(kind_selector);
    table_shape shape = {mibtcp_layout_known(kind).header, mibtcp_layout_known(kind).stride};
    return shape;
}

static uint32_t wrong_count(uint32_t fit, random_bits *r)
{
    switch (next_bits(r) % 4u) {
    case 0: return fit + 1u;
    case 1: return fit > 0 ? fit - 1u : 1u;
    case 2: return UINT32_MAX;
    default: return next_bits(r);
    }
}

/* Rewrites the count of @p table (@p len bytes); returns the table's new
 * length (shorter when a partial row is cut off). */
static size_t settle_count(uint8_t *table, size_t len, table_shape shape, random_bits *r)
{
    if (len < 4) {
        return len;
    }
    uint32_t fit = fuzz_fitting_count(len, shape.header, shape.stride);
    uint32_t choice = next_bits(r) % COUNT_CHOICES;
    if (choice < WRONG_COUNT_CHOICES) {
        fuzz_store_le32(table, wrong_count(fit, r));
        return len;
    }
    fuzz_store_le32(table, fit);
    if (choice % 2u == 0 && len >= shape.header) {
        len = shape.header + (size_t)fit * shape.stride;
    }
    return len;
}

size_t fuzz_table_mutate(uint8_t *data, size_t size, size_t max_size, unsigned seed, fuzz_byte_mutator mutate)
{
    random_bits r = random_from(seed);
    if (size < FUZZ_PARAMS_SIZE || max_size <= FUZZ_PARAMS_SIZE) {
        return mutate(data, size, max_size);
    }
    if (next_bits(&r) % PARAMS_ODDS == 0) {
        uint32_t bits = next_bits(&r);
        data[bits % FUZZ_PARAMS_SIZE] = (uint8_t)(bits >> 8);
        return size;
    }
    table_shape shape = shape_of(data[0]);
    uint8_t *table = data + FUZZ_PARAMS_SIZE;
    size_t len = size - FUZZ_PARAMS_SIZE, room = max_size - FUZZ_PARAMS_SIZE;
    if (len < shape.header || room <= shape.header || next_bits(&r) % WHOLE_TABLE_ODDS == 0) {
        len = mutate(table, len, room);
    } else {
        /* Rows only: the count and the header padding survive the engine. */
        len = shape.header + mutate(table + shape.header, len - shape.header, room - shape.header);
    }
    return FUZZ_PARAMS_SIZE + settle_count(table, len, shape, &r);
}

/* The bytes of @p input's table from the first row on (none when it has no whole row). */
static size_t rows_of(const uint8_t *input, size_t size, table_shape shape, const uint8_t **rows)
{
    size_t start = FUZZ_PARAMS_SIZE + shape.header;
    *rows = input + (size < start ? size : start);
    return size <= start ? 0 : (size - start) / shape.stride * shape.stride;
}

size_t fuzz_table_cross_over(const uint8_t *first, size_t first_size, const uint8_t *second, size_t second_size,
                             uint8_t *out, size_t max_out, unsigned seed)
{
    random_bits r = random_from(seed);
    if (first_size < FUZZ_PARAMS_SIZE || max_out < FUZZ_PARAMS_SIZE) {
        size_t kept = first_size < max_out ? first_size : max_out;
        memcpy(out, first, kept);
        return kept;
    }
    table_shape shape = shape_of(first[0]);
    const uint8_t *first_rows, *second_rows;
    size_t first_len = rows_of(first, first_size, shape, &first_rows);
    size_t second_len = rows_of(second, second_size, shape, &second_rows);
    size_t first_count = first_len / shape.stride, second_count = second_len / shape.stride;
    size_t head = (size_t)(first_rows - first);
    size_t written = head < max_out ? head : max_out;
    memcpy(out, first, written);
    /* Rows [0, split) of the first input, then rows [from, ...) of the second. */
    size_t split = first_count > 0 ? next_bits(&r) % (first_count + 1u) : 0;
    size_t from = second_count > 0 ? next_bits(&r) % second_count : 0;
    size_t take = split * shape.stride;
    if (take > max_out - written) {
        take = (max_out - written) / shape.stride * shape.stride;
    }
    memcpy(out + written, first_rows, take);
    written += take;
    take = (second_count - from) * shape.stride;
    if (take > max_out - written) {
        take = (max_out - written) / shape.stride * shape.stride;
    }
    memcpy(out + written, second_rows + from * shape.stride, take);
    written += take;
    return FUZZ_PARAMS_SIZE + settle_count(out + FUZZ_PARAMS_SIZE, written - FUZZ_PARAMS_SIZE, shape, &r);
}
