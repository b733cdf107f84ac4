/* A deliberately naive decoder of the Windows connection tables, the other
 * side of fuzz_differential.
 *
 * Written from the test kit's statement of the layouts (testkit/kit_layout.c,
 * from the SDK structs) and the validation contract of mibtcp.h, never from
 * lib/src: it shares no code with the library except the public enums. It
 * reads one byte at a time with a bounds check on each byte, does all size
 * arithmetic in 64 bits where nothing can wrap, and
 * visits the bytes of each row in increasing order to find the first error.
 * It is slow on purpose: it must be obviously right. */
#ifndef MIBTCP_FUZZ_REFERENCE_DECODER_H
#define MIBTCP_FUZZ_REFERENCE_DECODER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kit_layout.h"
#include "mibtcp.h"

typedef struct ref_verdict {
    mibtcp_status status;
    /* Where the error is (mibtcp_error's meaning). Strict length errors
     * point at the first byte after the rows and give the number of bytes
     * there, or, when the buffer ends inside the header padding, at the end
     * of the buffer and give its length. */
    int64_t row;
    mibtcp_field field;
    uint64_t offset;
    uint64_t value;
    uint32_t count;    /* rows of a valid table; 0 otherwise */
    uint64_t trailing; /* bytes after the last row of a valid table */
} ref_verdict;

/* @p kind must be valid (see kit_layout_of) and @p buf non-NULL. */
ref_verdict ref_validate(const uint8_t *buf, size_t len, mibtcp_kind kind, mibtcp_policy policy);

/* Called once per SCOPE_ID_LARGE finding that ref_large_scope_ids() expects. */
typedef void (*ref_scope_fn)(void *ctx, int64_t row, mibtcp_field field, uint64_t offset, uint64_t value);

/* The SCOPE_ID_LARGE findings mibtcp_findings() must report, in buffer
 * order, whatever the policy: every scope id above 0xFFFF in the rows that
 * dwNumEntries declares and that lie wholly inside the buffer. */
void ref_large_scope_ids(const uint8_t *buf, size_t len, mibtcp_kind kind, ref_scope_fn fn, void *ctx);

/* The record mibtcp_view_record() and mibtcp_iter_next_record() must give for row @p index of a table that
 * ref_validate() accepted (all bytes zero but the fields the kind has). */
void ref_read_row(const uint8_t *buf, size_t len, mibtcp_kind kind, uint32_t index, mibtcp_record *out);

#endif
