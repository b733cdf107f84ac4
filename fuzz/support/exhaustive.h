/* FUZZ_EXHAUSTIVE: 1 in the replay engine, 0 under a fuzzing engine.
 *
 * Under libFuzzer or AFL++ each input chooses one call chain (a table's
 * kind, policy, buffer variant and capacity: input_params.h; an output size
 * for the formatters), so the engine spends its time on new inputs. The
 * replay engine, which ctest, the coverage report and the sanitizer and
 * cross-host replays run over the corpus, instead runs every chain of each
 * input and cross-checks them all, so no invariant or coverage is lost. */
#ifndef MIBTCP_FUZZ_EXHAUSTIVE_H
#define MIBTCP_FUZZ_EXHAUSTIVE_H

#ifdef MIBTCP_FUZZ_EXHAUSTIVE
#define FUZZ_EXHAUSTIVE 1
#else
#define FUZZ_EXHAUSTIVE 0
#endif

#endif
