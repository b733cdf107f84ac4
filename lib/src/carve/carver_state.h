/* The carver's state, private to the library: the public header declares
 * only the incomplete type mibtcp_carver, so callers allocate
 * mibtcp_carver_size() bytes and this layout may change in any release.
 * Members keep the trailing underscore they had when the struct was public. */
#ifndef MIBTCP_CARVER_STATE_H
#define MIBTCP_CARVER_STATE_H

#include "carve/carve_evidence.h"

/* A dwNumEntries seen in or before a run, and where its table would end. */
typedef struct mibtcpi_carve_count {
    uint32_t end_;    /* run length (rows) at which the count matches */
    uint32_t first_;  /* the table's first row in the run */
    int64_t before_;  /* score of the rows before that one */
    int64_t through_; /* score of the rows up to end_, once the run has them */
    uint8_t padding_clean_;
} mibtcpi_carve_count;

/* Run state of one (kind, row phase). */
typedef struct mibtcpi_carve_run {
    uint64_t start_;
    uint64_t next_;
    int64_t score_;
    uint64_t order_;
    uint32_t rows_;
    mibtcpi_row_key keys_[MIBTCPI_RECENT_KEYS]; /* a ring of the last rows' keys */
    uint32_t counts_used_;
    uint32_t specific_; /* rows bound to a specific (not wildcard) address */
    mibtcpi_carve_count counts_[8];
} mibtcpi_carve_run;

/* One run state per kind and byte offset modulo its stride: the strides' sum,
 * from the same row statement as the layouts, so every kind's phases fit. */
#define MIBTCPI_STRIDE_OF_(kind, header, stride, family, tcp) +(stride)
#define MIBTCPI_RUN_STATES (0 MIBTCP_KIND_ROWS(MIBTCPI_STRIDE_OF_))

struct mibtcp_carver {
    mibtcp_carve_fn fn_;
    void *ctx_;
    uint32_t kinds_, align_;
    uint32_t min_header_[16];     /* per kind */
    uint32_t min_orphan_[16];     /* per kind */
    uint32_t min_counted_[16];    /* per kind, rows of a table whose count ends its run exactly */
    uint32_t structure_rows_[16]; /* per kind, rows at which a matching count decides alone */
    uint16_t slot_base_[16];      /* per kind, first entry of runs_ */
    uint16_t row_modulus_[16];    /* per kind, rows start at residue_ modulo this */
    uint16_t row_residue_[16];
    uint64_t region_start_;
    uint64_t end_; /* one past the last byte fed */
    uint64_t pos_; /* first row position not yet examined */
    bool in_region_, stopped_;
    uint32_t carry_len_;
    uint8_t carry_[512];                         /* bytes [end_ - carry_len_, end_) */
    mibtcpi_carve_run runs_[MIBTCPI_RUN_STATES]; /* indexed by slot_base_[kind] + offset modulo stride */
};

#endif
