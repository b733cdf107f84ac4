/* The one walk over a buffer that both mibtcp_open() and mibtcp_findings()
 * use, so that validity and the findings can never disagree. */
#ifndef MIBTCP_SCAN_H
#define MIBTCP_SCAN_H

#include "mibtcp_fast.h"

typedef struct mibtcpi_scan_result {
    mibtcp_error first; /* the error that decides the status; status MIBTCP_OK if none */
    uint32_t count;     /* validated row count (meaningful only when valid) */
    size_t rows_end;    /* header + count * stride, or len for a count-0 buffer shorter than the header */
} mibtcpi_scan_result;

/* With fn == NULL the scan evaluates only the checks that can fail under the
 * policy and stops at the first error: that is mibtcp_open()'s fast path. */
mibtcp_status mibtcpi_scan(const uint8_t *buf, size_t len, mibtcp_kind kind, mibtcp_policy policy, mibtcp_finding_fn fn,
                           void *ctx, mibtcpi_scan_result *result);

/* What mibtcp_open() would say about @p buf if every row's contents were
 * valid, in O(1): the structural checks only. Structural errors outrank row
 * errors, so a structural error here is exactly mibtcp_open()'s; on
 * MIBTCP_OK, mibtcpi_check_rows() over rows [0, count) gives the rest. */
mibtcp_status mibtcpi_scan_structure(const uint8_t *buf, size_t len, mibtcp_kind kind, mibtcp_policy policy,
                                     mibtcpi_scan_result *result);

#endif
