/* Table layouts as data: every kind is one entry of a constant table, so the
 * scanner, the record readers and the conformance test share one description and
 * adding a kind means adding one entry. Offsets are the Windows ABI's fixed
 * byte offsets (8-byte fields aligned to 8 even on 32-bit x86), never the
 * host compiler's. */
#ifndef MIBTCP_LAYOUT_H
#define MIBTCP_LAYOUT_H

#include "mibtcp_fast.h"

typedef struct mibtcpi_slot {
    uint8_t offset; /* byte offset inside the row */
    uint8_t size;   /* 0: the kind has no such field */
} mibtcpi_slot;

#define MIBTCPI_MAX_HOLES 2
#define MIBTCPI_MAX_PLACES 10 /* tcp6-module: ten fields */

/* A field, or a padding hole (ROW_PADDING), at its place in the row. */
typedef struct mibtcpi_place {
    mibtcp_field field;
    mibtcpi_slot slot;
} mibtcpi_place;

typedef struct mibtcpi_layout {
    uint8_t header; /* bytes before the first row: 4 + padding to the row alignment */
    uint8_t stride;
    mibtcp_family family;
    bool tcp;
    uint32_t present; /* MIBTCP_FIELD_BIT() of every field in fields[], from the same row statement */
    mibtcpi_slot fields[MIBTCP_HEADER_FIELD_COUNT];
    /* Padding holes inside a row (UDP module rows have two), then an empty
     * slot. fields[ROW_PADDING] is holes[0]. */
    mibtcpi_slot holes[MIBTCPI_MAX_HOLES + 1];
    /* The same fields and holes in row order, for walks that report in buffer order. */
    uint8_t place_count;
    mibtcpi_place places[MIBTCPI_MAX_PLACES];
} mibtcpi_layout;

/* Indexed by mibtcp_kind; entry 0 (UNKNOWN) is all zeros. */
extern const mibtcpi_layout mibtcpi_layouts[MIBTCP_HEADER_KIND_END];

/* NULL for MIBTCP_KIND_UNKNOWN and out-of-range values. Inline: every
 * record read starts here, and rows are read in tight loops. */
static inline const mibtcpi_layout *mibtcpi_layout_of(mibtcp_kind kind)
{
    if ((unsigned)kind == MIBTCP_KIND_UNKNOWN || (unsigned)kind >= (unsigned)MIBTCP_HEADER_KIND_END) {
        return NULL;
    }
    return &mibtcpi_layouts[kind];
}

/* How many whole rows fit in a buffer of len bytes. Division first, so
 * comparing a dwNumEntries with it can neither overflow nor wrap, even for
 * 0xFFFFFFFF on a 32-bit host (doc/pitfalls.md #4). */
static inline size_t mibtcpi_rows_that_fit(const mibtcpi_layout *l, size_t len)
{
    return len > l->header ? (len - l->header) / l->stride : 0;
}

#endif
