/* libFuzzer's custom mutator hooks, running table_mutator.c on a table
 * harness's inputs. Included by exactly one file of each table harness:
 * the engine finds these hooks only in the harness's own objects (a member
 * of the support library nobody references would never be linked in).
 *
 * Compiled out of the replay engine, which mutates nothing. AFL++ 4.04c's
 * libFuzzer driver ignores these hooks (afl-fuzz mutates with its own
 * stages) and its LLVMFuzzerMutate mutates nothing. */
#ifndef MIBTCP_FUZZ_TABLE_MUTATOR_HOOKS_H
#define MIBTCP_FUZZ_TABLE_MUTATOR_HOOKS_H

#include "support/input_params.h"
#include "support/table_mutator.h"

#if !FUZZ_EXHAUSTIVE
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);
size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2, size_t size2, uint8_t *out,
                                 size_t max_out_size, unsigned int seed);

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    return fuzz_table_mutate(data, size, max_size, seed, LLVMFuzzerMutate);
}

size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2, size_t size2, uint8_t *out,
                                 size_t max_out_size, unsigned int seed)
{
    return fuzz_table_cross_over(data1, size1, data2, size2, out, max_out_size, seed);
}
#endif

#endif
