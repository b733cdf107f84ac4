/* Deterministic synthetic tables: same seed, same bytes, on every host
 * (integer PRNG, explicit little-endian stores). Field places come from the
 * test kit's layouts (kit_layout.h), not from the library, so the round-trip
 * tests check the library's decoding against an independent encoder.
 * @p kind must be a valid kind (1 .. KIT_KIND_COUNT). */
#ifndef MIBTCP_TESTKIT_TABLE_GEN_H
#define MIBTCP_TESTKIT_TABLE_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kit_layout.h"
#include "mibtcp.h"

#define GEN_NO_ROW UINT32_MAX

/* Anomalies placed in one row each, so fixtures can show every finding. */
typedef enum gen_row_anomaly {
    GEN_BAD_STATE,      /* state 13 (invalid) */
    GEN_RESERVED_STATE, /* state 100 */
    GEN_LISTEN_REMOTE,  /* LISTEN with a remote endpoint */
    GEN_ODD_PID,        /* PID not a multiple of 4 */
    GEN_ZERO_TIMESTAMP, /* creation time 0 */
    GEN_BAD_TIMESTAMP,  /* 1601-01-01 + 1 tick: implausible */
    GEN_BAD_OFFLOAD,    /* offload state 7 */
    GEN_BAD_FLAGS,      /* dwFlags 0x80000001 */
    GEN_ROW_ANOMALY_COUNT
} gen_row_anomaly;

typedef struct gen_anomalies {
    uint32_t row[GEN_ROW_ANOMALY_COUNT]; /* the row that gets it, or GEN_NO_ROW */
    bool dirty_padding;                  /* header padding and UDP row holes */
    bool port_high_bits;                 /* upper 16 bits of every port DWORD */
    uint64_t trailing;                   /* extra bytes after the rows */
    uint64_t truncate;                   /* bytes cut from the end */
    bool count_override;
    uint32_t count; /* dwNumEntries written instead of the row count */
} gen_anomalies;

void gen_anomalies_init(gen_anomalies *a);

/* Size of the output for these parameters, or 0 with *too_big set if it
 * does not fit in size_t. */
size_t gen_table_size(mibtcp_kind kind, uint32_t rows, const gen_anomalies *a, bool *too_big);

/* What the generator put into one row, as the record mibtcp_view_record()
 * must give for it: filled from the generator's own values and the kit's
 * layout (present mask, offset, family), every other byte 0. Ports are the
 * DWORDs written (upper bits 0xcccc with port_high_bits). */
/* Writes gen_table_size() bytes into out; if records is not NULL, also one
 * record per row (rows entries), including rows cut by truncation. */
void gen_table(mibtcp_kind kind, uint32_t rows, uint64_t seed, const gen_anomalies *a, uint8_t *out,
               mibtcp_record *records);

#endif
