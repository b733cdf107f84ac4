/* Checks what fuzz/table_mutator.c promises, with a stand-in for the
 * engine's byte mutator (no engine links here): the output fits the room;
 * a parameter mutation changes one parameter byte and nothing else; after a
 * table mutation dwNumEntries matches the table's length for the chosen
 * kind 7 times in 8 (half of those with no partial row left) and is wrong
 * otherwise; a cross-over keeps the first input's parameters and header
 * and is made of whole rows of its two inputs. The expectations are
 * computed here from the library's header size and stride, not with the
 * mutator's helpers. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mibtcp_fast.h"
#include "support/fuzz_bytes.h"
#include "support/input_params.h"
#include "support/input_variants.h"
#include "support/table_mutator.h"

#define ROOM 4096u
#define ROUNDS 20000u

static int failures;

#define EXPECT(condition)                                                            \
    do {                                                                             \
        if (!(condition)) {                                                          \
            fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #condition); \
            ++failures;                                                              \
        }                                                                            \
    } while (0)

/* The stand-in: flips a byte and grows or shrinks by a few bytes, in turn. */
static unsigned stand_in_calls;

static size_t stand_in_mutate(uint8_t *data, size_t size, size_t max_size)
{
    static const int steps[] = {0, 1, -1, 7, -5, 13};
    int step = steps[stand_in_calls++ % (sizeof steps / sizeof steps[0])];
    size_t new_size = size;
    if (step > 0 && size + (size_t)step <= max_size) {
        memset(data + size, 0xa5, (size_t)step);
        new_size = size + (size_t)step;
    } else if (step < 0 && size >= (size_t)-step) {
        new_size = size - (size_t)-step;
    }
    if (new_size > 0) {
        data[stand_in_calls % new_size] ^= 0x5a;
    }
    return new_size;
}

/* Parameter bytes choosing kind index @p k, then a table of @p rows rows and
 * @p extra trailing bytes whose count says @p rows. */
static size_t make_input(uint8_t *out, size_t k, uint32_t rows, size_t extra)
{
    mibtcp_kind kind = fuzz_kind_at(k);
    size_t header = mibtcp_layout_known(kind).header, stride = mibtcp_layout_known(kind).stride;
    size_t len = FUZZ_PARAMS_SIZE + header + rows * stride + extra;
    for (size_t i = 0; i < len; ++i) {
        out[i] = (uint8_t)(i * 7u + k);
    }
    out[0] = (uint8_t)k;
    out[1] = out[2] = out[3] = 0;
    fuzz_store_le32(out + FUZZ_PARAMS_SIZE, rows);
    return len;
}

static void check_mutations(void)
{
    static uint8_t before[ROOM], after[ROOM];
    unsigned table_mutations = 0, fitted = 0, exact = 0, parameter_mutations = 0;
    for (unsigned seed = 0; seed < ROUNDS; ++seed) {
        size_t k = seed % FUZZ_KIND_COUNT;
        size_t size = make_input(before, k, 1u + seed % 5u, seed % 3u);
        memcpy(after, before, size);
        size_t mutated = fuzz_table_mutate(after, size, ROOM, seed, stand_in_mutate);
        EXPECT(mutated <= ROOM && mutated >= FUZZ_PARAMS_SIZE);
        if (memcmp(after, before, FUZZ_PARAMS_SIZE) != 0) {
            ++parameter_mutations;
            size_t changed = 0;
            for (size_t i = 0; i < FUZZ_PARAMS_SIZE; ++i) {
                changed += after[i] != before[i];
            }
            EXPECT(changed == 1 && mutated == size && memcmp(after + 4, before + 4, size - 4) == 0);
            continue;
        }
        mibtcp_kind kind = fuzz_kind_at(k);
        size_t header = mibtcp_layout_known(kind).header, stride = mibtcp_layout_known(kind).stride;
        size_t len = mutated - FUZZ_PARAMS_SIZE;
        if (len < header) {
            continue; /* the stand-in cut into the header: no count to judge */
        }
        ++table_mutations;
        uint64_t count = fuzz_load_le32(after + FUZZ_PARAMS_SIZE);
        uint64_t rows_end = header + count * stride;
        if (rows_end <= len && len < rows_end + stride) {
            ++fitted;
            exact += rows_end == len;
        }
    }
    /* 7 in 8 fitted (a wrong count can fit by chance: a little more), half of those exact. */
    EXPECT(table_mutations > ROUNDS / 2);
    EXPECT(fitted * 100u >= table_mutations * 84u && fitted * 100u <= table_mutations * 92u);
    EXPECT(exact * 100u >= fitted * 45u);
    /* 1 in 16 changes the parameters. */
    EXPECT(parameter_mutations * 100u >= ROUNDS * 4u && parameter_mutations * 100u <= ROUNDS * 9u);
    printf("table_mutator: %u table mutations, %u with a fitting count (%u exact), %u parameter mutations\n",
           table_mutations, fitted, exact, parameter_mutations);
}

static bool is_row_of(const uint8_t *row, const uint8_t *input, size_t size, size_t start, size_t stride)
{
    for (size_t at = start; at + stride <= size; at += stride) {
        if (memcmp(row, input + at, stride) == 0) {
            return true;
        }
    }
    return false;
}

static void check_cross_overs(void)
{
    static uint8_t first[ROOM], second[ROOM], out[ROOM];
    for (unsigned seed = 0; seed < ROUNDS / 10u; ++seed) {
        size_t k = seed % FUZZ_KIND_COUNT;
        size_t first_size = make_input(first, k, seed % 4u, seed % 2u);
        size_t second_size = make_input(second, (k + 1u + seed) % FUZZ_KIND_COUNT, 1u + seed % 6u, 0);
        for (size_t i = FUZZ_PARAMS_SIZE; i < second_size; ++i) {
            second[i] ^= 0xff; /* rows of the second input differ from the first's */
        }
        size_t room = seed % 7u == 0 ? first_size / 2u : ROOM;
        size_t size = fuzz_table_cross_over(first, first_size, second, second_size, out, room, seed);
        EXPECT(size <= room);
        mibtcp_kind kind = fuzz_kind_at(k);
        size_t header = mibtcp_layout_known(kind).header, stride = mibtcp_layout_known(kind).stride;
        size_t start = FUZZ_PARAMS_SIZE + header;
        if (size < start) {
            EXPECT(memcmp(out, first, size) == 0);
            continue;
        }
        EXPECT(memcmp(out, first, FUZZ_PARAMS_SIZE) == 0);
        EXPECT(memcmp(out + FUZZ_PARAMS_SIZE + 4, first + FUZZ_PARAMS_SIZE + 4, header - 4) == 0);
        EXPECT((size - start) % stride == 0);
        for (size_t at = start; at + stride <= size; at += stride) {
            EXPECT(is_row_of(out + at, first, first_size, start, stride) ||
                   is_row_of(out + at, second, second_size, start, stride));
        }
    }
}

int main(void)
{
    check_mutations();
    check_cross_overs();
    return failures == 0 ? 0 : 1;
}
