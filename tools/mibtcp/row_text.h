/* One row decoded once (mibtcp_row_read) plus the texts every output format
 * needs, so table, JSON and CSV print the same values. */
#ifndef MIBTCP_TOOL_ROW_TEXT_H
#define MIBTCP_TOOL_ROW_TEXT_H

#include <stdbool.h>

#include "mibtcp.h"

typedef struct row_text {
    mibtcp_record rec;
    char local_addr[MIBTCP_ADDR_STR_SIZE];  /* without scope: scope ids are separate fields */
    char remote_addr[MIBTCP_ADDR_STR_SIZE];
    char local_endpoint[MIBTCP_ENDPOINT_STR_SIZE]; /* with %scope, for the table */
    char remote_endpoint[MIBTCP_ENDPOINT_STR_SIZE];
    const char *created; /* ISO-8601, or NULL when absent, 0 or unrepresentable */
    char created_iso[MIBTCP_ISO8601_SIZE];
    char module_info_hex[2 * MIBTCP_MODULE_INFO_SIZE + 1];
} row_text;

void row_text_fill(const mibtcp_row *row, row_text *t);

/* Whether the row's kind has @p field. */
bool row_text_has(const row_text *t, mibtcp_field field);

/* "TCP", "TCPv6", "UDP", "UDPv6" as netstat prints them. */
const char *row_text_proto(mibtcp_kind kind);

#endif
