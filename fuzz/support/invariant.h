/* Invariant checks for the fuzz harnesses.
 *
 * A violated invariant must stop the process with a signal every engine
 * treats as a crash (libFuzzer, AFL++, the replay main, OSS-Fuzz), and say
 * which check failed: plain assert() would vanish under -DNDEBUG, which
 * RelWithDebInfo and OSS-Fuzz builds may set. */
#ifndef MIBTCP_FUZZ_INVARIANT_H
#define MIBTCP_FUZZ_INVARIANT_H

#include <stdio.h>
#include <stdlib.h>

#define FUZZ_REQUIRE(condition)                                                                      \
    do {                                                                                             \
        if (!(condition)) {                                                                          \
            fprintf(stderr, "%s:%d: fuzz invariant violated: %s\n", __FILE__, __LINE__, #condition); \
            abort();                                                                                 \
        }                                                                                            \
    } while (0)

#endif
