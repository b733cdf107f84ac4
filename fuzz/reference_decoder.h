/* A deliberately naive decoder of the Windows connection tables, the other
 * side of fuzz_differential.
 *
 * Written from the layout table of DESIGN.md §1 and the validation contract
 * of mibtcp.h, never from lib/src: it shares no code with the library except
 * the public enums. It reads one byte at a time with a bounds check on each
 * byte, does all size arithmetic in 64 bits where nothing can wrap, and
 * visits the bytes of each row in increasing order to find the first error.
 * It is slow on purpose: it must be obviously right. */
#ifndef MIBTCP_FUZZ_REFERENCE_DECODER_H
#define MIBTCP_FUZZ_REFERENCE_DECODER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mibtcp.h"

typedef struct ref_field_place {
    mibtcp_field field; /* MIBTCP_FIELD_NONE ends a list */
    uint64_t offset;    /* in the row */
    uint64_t size;
} ref_field_place;

#define REF_MAX_FIELDS 14

typedef struct ref_layout {
    mibtcp_kind kind;
    uint64_t header;
    uint64_t stride;
    bool is_tcp;
    mibtcp_family family;
    ref_field_place fields[REF_MAX_FIELDS]; /* ROW_PADDING may appear twice: the first hole comes first */
} ref_layout;

/* NULL for anything but a valid kind. */
const ref_layout *ref_layout_of(mibtcp_kind kind);

/* The first place of @p field in the layout, or NULL if its rows have none. */
const ref_field_place *ref_field_of(const ref_layout *layout, mibtcp_field field);

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

/* @p kind must be valid (see ref_layout_of) and @p buf non-NULL. */
ref_verdict ref_validate(const uint8_t *buf, size_t len, mibtcp_kind kind, mibtcp_policy policy);

/* Called once per SCOPE_ID_LARGE finding that ref_large_scope_ids() expects. */
typedef void (*ref_scope_fn)(void *ctx, int64_t row, mibtcp_field field, uint64_t offset, uint64_t value);

/* The SCOPE_ID_LARGE findings mibtcp_findings() must report, in buffer
 * order, whatever the policy: every scope id above 0xFFFF in the rows that
 * dwNumEntries declares and that lie wholly inside the buffer. */
void ref_large_scope_ids(const uint8_t *buf, size_t len, mibtcp_kind kind, ref_scope_fn fn, void *ctx);

/* The record mibtcp_row_read() must give for row @p index of a table that
 * ref_validate() accepted (all bytes zero but the fields the kind has). */
void ref_read_row(const uint8_t *buf, size_t len, mibtcp_kind kind, uint32_t index, mibtcp_record *out);

#endif
