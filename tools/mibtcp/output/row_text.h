/* One row decoded once (mibtcp_iter_next_record() fills rec), and the pieces of text every
 * output format builds from it, written straight into the output buffer
 * so table, JSON, CSV and the timeline formats print the same values. */
#ifndef MIBTCP_TOOL_ROW_TEXT_H
#define MIBTCP_TOOL_ROW_TEXT_H

#include <stdbool.h>

#include "common/owner_class.h"
#include "mibtcp.h"
#include "output/out_writer.h"

typedef struct row_text {
    mibtcp_record rec;
} row_text;

/* Whether the row's kind has @p field. */
bool row_text_has(const row_text *t, mibtcp_field field);

/* "TCP", "TCPv6", "UDP", "UDPv6" as netstat prints them. */
const char *row_text_proto(mibtcp_kind kind);

/* The address (flags 0: without scope) or endpoint (MIBTCP_FORMAT_SCOPE:
 * with %scope, and :port) as text. */
void out_address(out_writer *w, const mibtcp_endpoint *ep, unsigned flags);
void out_endpoint(out_writer *w, const mibtcp_endpoint *ep);
/* Length of out_endpoint()'s text, for column widths. */
size_t endpoint_text_length(const mibtcp_endpoint *ep);

/* The creation time as ISO 8601 in iso (MIBTCP_ISO8601_SIZE bytes); false
 * when the kind has none, or it is 0 (unknown) or unrepresentable. */
bool row_created_iso(const row_text *t, char *iso);

/* OwningModuleInfo[0], the first ULONGLONG: the owning service's tag. */
uint64_t row_service_tag(const row_text *t);

/* The creation time when it may stand on a timeline: the kind has one and
 * it lies within the years `check` accepts (observed_time.h). */
bool row_created_plausible(const row_text *t);

/* How a description writes an IPv6 scope id: "%13" as everywhere else, or
 * " scope 13" for the body file, whose readers (mactime) decode %XX. */
typedef enum scope_style { SCOPE_PERCENT, SCOPE_WORD } scope_style;

/* "TCP 10.0.0.5:49152 -> 93.184.216.34:443 ESTABLISHED pid 1234" (UDP:
 * no remote end or state; IPv6: "[fe80::1%13]:445", or with SCOPE_WORD
 * "[fe80::1 scope 13]:445"): what the timeline formats say about a row. */
void out_row_description(out_writer *w, const row_text *t, scope_style scope);

#endif
