/* What makes a row's field invalid, stated once for the full scan (which
 * also reports the anomalies that are only warnings) and for the row checks
 * of mibtcp_open() and of single-pass iteration. */
#ifndef MIBTCP_ROW_RULES_H
#define MIBTCP_ROW_RULES_H

#include "mibtcp.h"

#define MIBTCPI_STATE_MAX 12u         /* MIB_TCP_STATE_DELETE_TCB */
#define MIBTCPI_OFFLOAD_STATE_MAX 3u  /* TcpConnectionOffloadStateMax - 1 */
#define MIBTCPI_UDP_FLAG_SPECIFIC_PORT_BIND 1u

static inline bool mibtcpi_state_ok(uint32_t state)
{
    return state - 1u < MIBTCPI_STATE_MAX || state == MIBTCP_STATE_RESERVED;
}

static inline bool mibtcpi_offload_state_ok(uint32_t offload)
{
    return offload <= MIBTCPI_OFFLOAD_STATE_MAX;
}

/* The upper 16 bits of a port DWORD are not part of the port. */
static inline bool mibtcpi_port_high_bits(uint32_t port_raw)
{
    return port_raw >> 16 != 0;
}

static inline bool mibtcpi_udp_flags_known(uint32_t flags)
{
    return (flags & ~MIBTCPI_UDP_FLAG_SPECIFIC_PORT_BIND) == 0;
}

#endif
