/* Little-endian loads from arbitrary (unaligned) byte pointers: the public
 * header's fast-path loads, under the names the library's sources use. A
 * memcpy on little-endian hosts, byte shifts on the others: never a cast,
 * so no alignment or strict-aliasing assumptions. */
#ifndef MIBTCP_LOAD_LE_H
#define MIBTCP_LOAD_LE_H

#include "mibtcp.h"

#define mibtcpi_load_le32 mibtcp_load_le32
#define mibtcpi_load_le64 mibtcp_load_le64
#define mibtcpi_load_le64_signed mibtcp_load_le64_signed

#endif
