/* Little-endian loads from arbitrary (unaligned) byte pointers.
 * Byte shifts rather than casts: correct on big-endian hosts, no alignment
 * or strict-aliasing assumptions, and compilers turn them into one load on
 * little-endian targets. */
#ifndef MIBTCP_LOAD_LE_H
#define MIBTCP_LOAD_LE_H

#include <stdint.h>

static inline uint32_t mibtcpi_load_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t mibtcpi_load_le64(const uint8_t *p)
{
    return (uint64_t)mibtcpi_load_le32(p) | (uint64_t)mibtcpi_load_le32(p + 4) << 32;
}

/* Two's complement reinterpretation without implementation-defined conversion. */
static inline int64_t mibtcpi_load_le64_signed(const uint8_t *p)
{
    uint64_t u = mibtcpi_load_le64(p);
    if (u <= (uint64_t)INT64_MAX) {
        return (int64_t)u;
    }
    return -(int64_t)(~u) - 1;
}

#endif
