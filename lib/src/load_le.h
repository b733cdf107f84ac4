/* Little-endian loads from arbitrary (unaligned) byte pointers: the byte
 * shifts of the public header's fast path, under the names the library's
 * sources use. Byte shifts rather than casts: correct on big-endian hosts,
 * no alignment or strict-aliasing assumptions, and compilers turn them into
 * one load on little-endian targets. */
#ifndef MIBTCP_LOAD_LE_H
#define MIBTCP_LOAD_LE_H

#include "mibtcp.h"

#define mibtcpi_load_le32 mibtcp_load_le32
#define mibtcpi_load_le64 mibtcp_load_le64
#define mibtcpi_load_le64_signed mibtcp_load_le64_signed

#endif
