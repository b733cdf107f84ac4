/* One row decoded into the texts every output format needs, so table,
 * JSON and CSV print the same values. */
#ifndef MIBTCP_TOOL_ROW_TEXT_H
#define MIBTCP_TOOL_ROW_TEXT_H

#include <stdbool.h>

#include "mibtcp.h"

typedef struct row_text {
    mibtcp_endpoint local, remote;
    bool has_remote, has_state, has_pid, has_created, has_module_info, has_offload, has_flags;
    char local_addr[MIBTCP_ADDR_STR_SIZE];  /* without scope: scope ids are separate fields */
    char remote_addr[MIBTCP_ADDR_STR_SIZE];
    char local_endpoint[MIBTCP_ENDPOINT_STR_SIZE]; /* with %scope, for the table */
    char remote_endpoint[MIBTCP_ENDPOINT_STR_SIZE];
    uint32_t state, pid, offload_state, flags;
    int64_t created_filetime;
    const char *created; /* ISO-8601, or NULL when 0 or unrepresentable */
    char created_iso[MIBTCP_ISO8601_SIZE];
    char module_info_hex[2 * MIBTCP_MODULE_INFO_SIZE + 1];
} row_text;

void row_text_fill(const mibtcp_row *row, row_text *t);

/* "TCP", "TCPv6", "UDP", "UDPv6" as netstat prints them. */
const char *row_text_proto(mibtcp_kind kind);

#endif
