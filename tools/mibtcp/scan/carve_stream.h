/* Scanning an image read once, forward, from a stream such as standard
 * input: raw bytes in chunks; a LiME file range by range (each header, then
 * its bytes); a Windows minidump whose metadata (header, stream directory,
 * memory lists) is read and kept first, its memory ranges then read in file
 * order. Only the bytes of runs still open are held, so memory stays flat
 * however long the stream. */
#ifndef MIBTCP_TOOL_CARVE_STREAM_H
#define MIBTCP_TOOL_CARVE_STREAM_H

#include <stdbool.h>
#include <stdio.h>

#include "input/image_container.h"
#include "scan/carve_scan.h"

/* Scan @p in (named @p name in messages): a minidump or LiME file by its
 * magic when @p detect, else raw bytes. *space says what the hits' addresses
 * are. @return false after one line on stderr (a malformed or truncated
 * container, a read error, out of memory). */
bool carve_scan_stream(FILE *in, const char *name, bool detect, const carve_params *params, carve_results *out,
                       address_space *space);

#endif
