/* The one statement of every kind's row layout, as X-macros: layout.c
 * expands it into the layout table, row.c into a record reader per kind whose
 * offsets are constants. */
#ifndef MIBTCP_LAYOUT_ROWS_H
#define MIBTCP_LAYOUT_ROWS_H

/* Field offsets as the Windows ABI fixes them (doc/formats.md), verified
 * against the mingw-w64 SDK headers for x86_64 and i686 by tests/layout. The
 * 8-byte liCreateTimestamp makes the module rows 8-byte aligned, hence the
 * 8-byte header (doc/pitfalls.md #1) and the holes in UDP module rows (#2).
 *
 * Each kind's row is stated once, in row order: F(field, offset, size) for a
 * field, HOLE1/HOLE2(offset) for its padding holes. The list is expanded into
 * the field-indexed slots the accessors use, into the row-order places
 * the findings walk follows (so the walk needs no plan made at run time)
 * and into the record readers of row.c. */

#define TCP4_ENDPOINTS(F)                                                                                            \
    F(STATE, 0, 4) F(LOCAL_ADDR, 4, 4) F(LOCAL_PORT, 8, 4) F(REMOTE_ADDR, 12, 4) F(REMOTE_PORT, 16, 4)

/* MIB_TCP6ROW_OWNER_* and MIB_TCP6ROW2 put the state after the endpoints. */
#define TCP6_ENDPOINTS_STATE_LAST(F)                                                                                 \
    F(LOCAL_ADDR, 0, 16) F(LOCAL_SCOPE_ID, 16, 4) F(LOCAL_PORT, 20, 4) F(REMOTE_ADDR, 24, 16)                         \
    F(REMOTE_SCOPE_ID, 40, 4) F(REMOTE_PORT, 44, 4) F(STATE, 48, 4)

#define TCP4_MODULE_ROW(F, HOLE1, HOLE2) TCP4_ENDPOINTS(F) F(PID, 20, 4) F(CREATED, 24, 8) F(MODULE_INFO, 32, 128)
#define TCP6_MODULE_ROW(F, HOLE1, HOLE2)                                                                             \
    TCP6_ENDPOINTS_STATE_LAST(F) F(PID, 52, 4) F(CREATED, 56, 8) F(MODULE_INFO, 64, 128)
#define TCP4_PID_ROW(F, HOLE1, HOLE2) TCP4_ENDPOINTS(F) F(PID, 20, 4)
#define TCP6_PID_ROW(F, HOLE1, HOLE2) TCP6_ENDPOINTS_STATE_LAST(F) F(PID, 52, 4)
#define TCP4_BASIC_ROW(F, HOLE1, HOLE2) TCP4_ENDPOINTS(F)
/* MIB_TCP6ROW is the odd one out: state first. */
#define TCP6_BASIC_ROW(F, HOLE1, HOLE2)                                                                              \
    F(STATE, 0, 4) F(LOCAL_ADDR, 4, 16) F(LOCAL_SCOPE_ID, 20, 4) F(LOCAL_PORT, 24, 4) F(REMOTE_ADDR, 28, 16)          \
    F(REMOTE_SCOPE_ID, 44, 4) F(REMOTE_PORT, 48, 4)
#define TCP4_ROW2_ROW(F, HOLE1, HOLE2) TCP4_ENDPOINTS(F) F(PID, 20, 4) F(OFFLOAD_STATE, 24, 4)
#define TCP6_ROW2_ROW(F, HOLE1, HOLE2) TCP6_ENDPOINTS_STATE_LAST(F) F(PID, 52, 4) F(OFFLOAD_STATE, 56, 4)
#define UDP4_MODULE_ROW(F, HOLE1, HOLE2)                                                                             \
    F(LOCAL_ADDR, 0, 4) F(LOCAL_PORT, 4, 4) F(PID, 8, 4) HOLE1(12) F(CREATED, 16, 8) F(FLAGS, 24, 4) HOLE2(28)       \
    F(MODULE_INFO, 32, 128)
#define UDP6_MODULE_ROW(F, HOLE1, HOLE2)                                                                             \
    F(LOCAL_ADDR, 0, 16) F(LOCAL_SCOPE_ID, 16, 4) F(LOCAL_PORT, 20, 4) F(PID, 24, 4) HOLE1(28) F(CREATED, 32, 8)      \
    F(FLAGS, 40, 4) HOLE2(44) F(MODULE_INFO, 48, 128)
#define UDP4_PID_ROW(F, HOLE1, HOLE2) F(LOCAL_ADDR, 0, 4) F(LOCAL_PORT, 4, 4) F(PID, 8, 4)
#define UDP6_PID_ROW(F, HOLE1, HOLE2) F(LOCAL_ADDR, 0, 16) F(LOCAL_SCOPE_ID, 16, 4) F(LOCAL_PORT, 20, 4) F(PID, 24, 4)
#define UDP4_BASIC_ROW(F, HOLE1, HOLE2) F(LOCAL_ADDR, 0, 4) F(LOCAL_PORT, 4, 4)
#define UDP6_BASIC_ROW(F, HOLE1, HOLE2) F(LOCAL_ADDR, 0, 16) F(LOCAL_SCOPE_ID, 16, 4) F(LOCAL_PORT, 20, 4)

/* Every kind: X(kind, header, stride, family, tcp); its row is kind##_ROW. */
#define MIBTCPI_KIND_ROWS(X) \
    X(TCP4_MODULE, 8, 160, MIBTCP_FAMILY_IPV4, true) \
    X(TCP6_MODULE, 8, 192, MIBTCP_FAMILY_IPV6, true) \
    X(TCP4_PID, 4, 24, MIBTCP_FAMILY_IPV4, true) \
    X(TCP6_PID, 4, 56, MIBTCP_FAMILY_IPV6, true) \
    X(TCP4_BASIC, 4, 20, MIBTCP_FAMILY_IPV4, true) \
    X(TCP6_BASIC, 4, 52, MIBTCP_FAMILY_IPV6, true) \
    X(TCP4_ROW2, 4, 28, MIBTCP_FAMILY_IPV4, true) \
    X(TCP6_ROW2, 4, 60, MIBTCP_FAMILY_IPV6, true) \
    X(UDP4_MODULE, 8, 160, MIBTCP_FAMILY_IPV4, false) \
    X(UDP6_MODULE, 8, 176, MIBTCP_FAMILY_IPV6, false) \
    X(UDP4_PID, 4, 12, MIBTCP_FAMILY_IPV4, false) \
    X(UDP6_PID, 4, 28, MIBTCP_FAMILY_IPV6, false) \
    X(UDP4_BASIC, 4, 8, MIBTCP_FAMILY_IPV4, false) \
    X(UDP6_BASIC, 4, 24, MIBTCP_FAMILY_IPV6, false)

#endif
