/* The grow-and-retry loop around one Windows table call, kept apart from the
 * Windows API so it builds and is tested on every host. */
#ifndef MIBTCP_TOOL_CAPTURE_FETCH_H
#define MIBTCP_TOOL_CAPTURE_FETCH_H

#include <stdbool.h>
#include <stdint.h>

/* Win32 return codes the loop acts on (winerror.h values). */
#define CAPTURE_NO_ERROR 0u
#define CAPTURE_ERROR_INSUFFICIENT_BUFFER 122u
/* Calls before giving up on a table that keeps outgrowing the buffer. */
#define CAPTURE_MAX_ATTEMPTS 8u

/* One call shaped like GetExtendedTcpTable: fills buf (capacity *size bytes)
 * and sets *size to the table's size; returns a Win32 error code. */
typedef uint32_t (*capture_table_call)(void *context, void *buf, uint32_t *size);

typedef struct capture_result {
    uint32_t
        code; /* the last call's return code (or CAPTURE_ERROR_INSUFFICIENT_BUFFER when out of attempts or memory) */
    unsigned attempts;    /* calls made */
    unsigned char *bytes; /* on CAPTURE_NO_ERROR: the table, size bytes (free() it); else NULL */
    uint32_t size;        /* on CAPTURE_NO_ERROR: the size the call reported */
} capture_result;

/* Calls until the table fits: each ERROR_INSUFFICIENT_BUFFER grows the buffer
 * to the reported size plus a margin (tables grow between calls), at most
 * CAPTURE_MAX_ATTEMPTS calls. Buffers start zeroed, so bytes the call does not
 * write (padding) are zero rather than leftover heap. A success that reports
 * more bytes than the buffer holds is treated as too small a buffer. */
void capture_fetch_table(capture_table_call call, void *context, capture_result *out);

#endif
