/* The test side's own statement of the Windows table layouts, written from
 * the SDK structs (MIB_TCPROW_OWNER_MODULE, MIB_TCP6ROW_OWNER_MODULE, ...),
 * never taken from the library: everything in tests, fuzz seeds and `mibtcp
 * gen` that lays out a table derives from it, so they check lib/src/layout.c
 * against an independent statement. */
#ifndef MIBTCP_TESTKIT_KIT_LAYOUT_H
#define MIBTCP_TESTKIT_KIT_LAYOUT_H

#include "mibtcp.h"

/* The kinds (1 .. KIT_KIND_COUNT) and fields (0 .. KIT_FIELD_COUNT - 1) the
 * kit knows; test_abi checks that the library knows the same. */
#define KIT_KIND_COUNT 14
#define KIT_FIELD_COUNT 18

#endif
