/* The calibration corpus of detection: realistic tables of every kind built
 * with the independent table builder (testkit/table_builder), the same tables
 * damaged and followed by slack, and bytes that are no table at all. Each
 * case says what the right answer is, so the tests can measure rates. */
#ifndef MIBTCP_TESTS_DETECT_CORPUS_H
#define MIBTCP_TESTS_DETECT_CORPUS_H

#include <stddef.h>
#include <stdint.h>

#include "mibtcp.h"

typedef enum corpus_class {
    CORPUS_VALID,   /* a valid table, exact length */
    CORPUS_SLACK,   /* a valid table followed by zeros, a fill byte or stale rows */
    CORPUS_DAMAGED, /* cut, count too large, rows missing, or one bad state: invalid */
    CORPUS_NOISE    /* not a table */
} corpus_class;

typedef struct corpus_case {
    uint8_t *bytes; /* exact-size allocation */
    size_t len;
    mibtcp_kind kind; /* MIBTCP_KIND_UNKNOWN for noise */
    corpus_class cls;
    uint32_t rows; /* rows of the table before damage */
    const char *what;
} corpus_case;

typedef struct corpus {
    corpus_case *cases;
    size_t count, capacity;
} corpus;

/* The tables (valid, with slack, damaged) and the noise, from @p seed. */
void corpus_build(corpus *c, uint64_t seed);
/* Tables of the tool's generator (testkit/table_gen), damaged the same ways:
 * cases the model was not tuned on. */
void corpus_build_from_gen(corpus *c, uint64_t seed);
void corpus_free(corpus *c);

#endif
