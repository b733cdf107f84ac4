/* The library's mibtcp_row_layout read field by field: the offset the layout
 * gives a field and the size its documentation derives from the field and
 * the family (addresses 4 or 16 bytes, CREATED 8, MODULE_INFO
 * MIBTCP_MODULE_INFO_SIZE, everything else 4). Tests and fuzz harnesses
 * compare this with the kit's own statement (kit_layout.h) and the SDK. */
#ifndef MIBTCP_TESTKIT_LAYOUT_FIELDS_H
#define MIBTCP_TESTKIT_LAYOUT_FIELDS_H

#include <stdbool.h>
#include <stdint.h>

#include "mibtcp.h"

/* Whether the layout's rows have @p field (false for a field past the bit mask). */
bool kit_layout_has(const mibtcp_row_layout *layout, mibtcp_field field);

/* Where @p field lives in a row laid out as @p layout (ROW_PADDING: the
 * first hole). @return false, outputs untouched, for a field the rows lack
 * (header fields included). */
bool kit_layout_field(const mibtcp_row_layout *layout, mibtcp_field field, uint64_t *offset, uint64_t *size);

#endif
