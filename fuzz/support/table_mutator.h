/* A count-aware mutator for table inputs (input_params.h: parameter bytes,
 * then the table).
 *
 * Random bytes almost never carry a dwNumEntries that matches their length,
 * so the library rejects them at the count check and the row checks behind
 * it see little. This mutator lets the engine's own mutator change the
 * rows (or, now and then, the parameter bytes or the whole table), then
 * rewrites dwNumEntries for the kind the parameter bytes choose: most of
 * the time to the number of whole rows that fit (half of those times also
 * cutting a partial row off the end, so strict tables come out valid), and
 * otherwise deliberately wrong (one row too many or too few, 0xFFFFFFFF,
 * or random). The cross-over splices whole rows of two inputs at row
 * boundaries. Both are plain functions of their arguments (the engine's
 * byte mutator comes in as a function), so they build with any engine. */
#ifndef MIBTCP_FUZZ_TABLE_MUTATOR_H
#define MIBTCP_FUZZ_TABLE_MUTATOR_H

#include <stddef.h>
#include <stdint.h>

/* The engine's byte mutator: libFuzzer's LLVMFuzzerMutate. */
typedef size_t (*fuzz_byte_mutator)(uint8_t *data, size_t size, size_t max_size);

/* Mutates @p data (@p size bytes, room for @p max_size) in place; returns
 * the new size, at most @p max_size. */
size_t fuzz_table_mutate(uint8_t *data, size_t size, size_t max_size, unsigned seed, fuzz_byte_mutator mutate);

/* Writes into @p out (room for @p max_out) the parameters and header of
 * @p first followed by rows of @p first and then of @p second; returns the
 * size written. */
size_t fuzz_table_cross_over(const uint8_t *first, size_t first_size, const uint8_t *second, size_t second_size,
                             uint8_t *out, size_t max_out, unsigned seed);

#endif
