/* The test side's one statement of the Windows table layouts, written from
 * the SDK structs (MIB_TCPROW_OWNER_MODULE, MIB_TCP6ROW_OWNER_MODULE, ...),
 * never taken from the library. Everything outside lib/ that lays out or
 * reads a table by hand derives from it: the test table builder, `mibtcp gen`,
 * the fuzz seeds and the fuzz reference decoder. So the library's own
 * statement (lib/src/common/layout.c) is checked against an independent one, and
 * tests/lib/layout checks both against the mingw-w64 SDK headers.
 *
 * Header-only dependency on mibtcp.h (its enums): linking this does not link
 * the library, so fuzz builds can use it beside an instrumented library. */
#ifndef MIBTCP_TESTKIT_KIT_LAYOUT_H
#define MIBTCP_TESTKIT_KIT_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mibtcp.h"

/* The kinds (1 .. KIT_KIND_COUNT) and fields (0 .. KIT_FIELD_COUNT - 1) the
 * kit knows; test_abi checks that the library knows the same. */
#define KIT_KIND_COUNT 14
#define KIT_FIELD_COUNT 18

typedef struct kit_place {
    mibtcp_field field; /* MIBTCP_FIELD_NONE ends a list */
    uint64_t offset;    /* in the row */
    uint64_t size;
} kit_place;

#define KIT_MAX_PLACES 14

typedef struct kit_layout {
    mibtcp_kind kind;
    uint64_t header; /* bytes before the first row: dwNumEntries and padding to the row alignment */
    uint64_t stride;
    bool is_tcp;
    mibtcp_family family;
    kit_place places[KIT_MAX_PLACES]; /* in row order; ROW_PADDING once per padding hole */
} kit_layout;

/* NULL for anything but a valid kind. */
const kit_layout *kit_layout_of(mibtcp_kind kind);

/* The first place of @p field in the layout (the first hole for
 * ROW_PADDING), or NULL if its rows have none. */
const kit_place *kit_place_of(const kit_layout *layout, mibtcp_field field);

/* Padding hole @p hole (0 or 1) of a UDP module row, or NULL. */
const kit_place *kit_hole(const kit_layout *layout, unsigned hole);

/* Stores the low @p size (at most 8) bytes of @p value little-endian, as Windows does. */
void kit_store_le(uint8_t *p, uint64_t value, size_t size);

/* The DWORD Windows stores for @p port: network order in its low 16 bits. */
uint32_t kit_port_dword(uint16_t port);

#endif
