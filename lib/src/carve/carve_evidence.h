/* Evidence for carving: is one row of a kind plausible, and how much evidence
 * does it (and its place in a run, and a run's header) carry against bytes
 * that are not a table, in MIBTCP_EVIDENCE_PER_BIT units: a row's own
 * evidence is the detection model's (mibtcp_row_evidence()). carve.c only
 * asks "row of kind K at p: plausible? evidence?". */
#ifndef MIBTCP_CARVE_EVIDENCE_H
#define MIBTCP_CARVE_EVIDENCE_H

#include <stdint.h>

#include "common/layout.h"

/* A hit's score is weighed against the alternative that the bytes are not a table. */
#define MIBTCPI_NOT_A_TABLE_BITS MIBTCP_CARVE_MIN_SCORE_BITS
/* An orphan run needs this much more: nothing anchors where it starts, and
 * rows of one kind read at another kind's stride (a long table's rows seen as
 * rows of a wider kind) carry real addresses and ports. */
#define MIBTCPI_ORPHAN_EXTRA_BITS 8
/* ... and, shorter than its kind's structure count, this much per row on
 * average: long arrays of weakly table-like records (ELF symbol tables read
 * as tcp4-pid rows, 0.8 to 4.8 bits a row over 11 to 69 rows in this
 * system's object files) sum to any score, while a table's rows each carry
 * evidence (Wine's freed rows 8 bits and more, Windows-like ones 12). */
#define MIBTCPI_ORPHAN_ROW_BITS 6

/* What tells rows apart, exactly: a repeat is evidence against. Both ports
 * (local port << 16 | remote port) and the last 4 bytes of both addresses
 * (UDP: the local end only). A run keeps the keys of its last rows. */
typedef struct mibtcpi_row_key {
    uint32_t ports_, local_addr_, remote_addr_;
} mibtcpi_row_key;

typedef struct mibtcpi_row_evidence {
    int32_t bits; /* the row's own evidence (MIBTCP_EVIDENCE_PER_BIT units) */
    mibtcpi_row_key key;
    uint64_t order; /* Windows sorts rows by local endpoint: this is its sort key */
    bool specific;  /* bound to a specific local address, not the wildcard */
} mibtcpi_row_evidence;

/* The row at @p row (stride bytes readable) of layout @p l: false when it is
 * no candidate (it breaks what the API guarantees for every row of its
 * kind; nothing about content), else its evidence in *ev. */
bool mibtcpi_carve_row(const mibtcpi_layout *l, const uint8_t *row, mibtcpi_row_evidence *ev);

/* Rows a repeat is looked for in: a run keeps the keys of its last rows. */
#define MIBTCPI_RECENT_KEYS ((size_t)8)

/* Evidence of a row (of a TCP kind: @p tcp) following rows whose keys a run
 * keeps in @p recent, a ring whose slot @p last holds the row just before
 * (slots the run has not reached hold its first row's key), and whose sort
 * key is @p prev_order: repeats and order. */
int32_t mibtcpi_carve_sequence_bits(const mibtcpi_row_key recent[MIBTCPI_RECENT_KEYS], uint32_t last, bool tcp,
                                    uint64_t prev_order, const mibtcpi_row_evidence *row);

/* Evidence of a run of @p rows of which @p specific have a specific local
 * address: UDP tables Windows fills bind some sockets to loopback or LAN
 * addresses, while arrays of (0, small number) pairs never do. */
int64_t mibtcpi_carve_run_bits(const mibtcpi_layout *l, uint32_t rows, uint32_t specific);

/* Columns of the counted-table thresholds: 1 .. 8 rows, the last for 8 and more. */
#define MIBTCPI_COUNTED_ROW_COLUMNS 8u

/* The score (MIBTCP_EVIDENCE_PER_BIT units, count included) a table of
 * @p kind (a valid kind) needs when its dwNumEntries lands exactly on the end
 * of its run of @p rows candidates, below the row count at which structure
 * decides alone. */
int64_t mibtcpi_carve_counted_needed_bits(mibtcp_kind kind, uint32_t rows);

/* The belief (bits, on MIBTCP_CARVE_MIN_SCORE_BITS' scale) in such a table
 * of @p rows that scores @p score (MIBTCP_EVIDENCE_PER_BIT units). */
int64_t mibtcpi_carve_counted_belief_bits(mibtcp_kind kind, uint32_t rows, int64_t score);

/* Evidence of a dwNumEntries that matches the run, and of its padding. */
int32_t mibtcpi_carve_header_bits(bool padding_clean, bool has_padding);

/* The belief (bits, on MIBTCP_CARVE_MIN_SCORE_BITS' scale) in a table whose
 * dwNumEntries lands exactly on the end of a run of candidates
 * @p rows_beyond rows longer than its kind's decisive row count. */
int64_t mibtcpi_carve_structure_bits(uint32_t rows_beyond);

/* Percent from a belief in bits: 50 at MIBTCPI_NOT_A_TABLE_BITS, 2^e / (2^e + 1)
 * for e bits more (or fewer). */
uint32_t mibtcpi_carve_confidence(int64_t score_bits);

#endif
