#include "common/carve_hit.h"

#include <string.h>

#include "common/kind_layout.h"
#include "mibtcp_fast.h"

bool carve_hit_valid(const mibtcp_carve_hit *hit, const uint8_t *bytes)
{
    mibtcp_view view;
    return (uint64_t)(size_t)hit->length == hit->length &&
           mibtcp_open(&view, bytes, (size_t)hit->length, hit->kind, MIBTCP_POLICY_LENIENT, NULL) == MIBTCP_OK;
}

bool carve_hit_cut_at_page(const mibtcp_carve_hit *hit, const uint8_t *bytes)
{
    if (!hit->page_truncated) {
        return false;
    }
    const bool complete = hit->header && hit->length >= 4 && mibtcp_load_le32(bytes) == hit->rows;
    return !complete;
}

size_t carve_hit_table_size(const mibtcp_carve_hit *hit)
{
    const mibtcp_row_layout layout = kind_layout(hit->kind);
    const size_t header = layout.header, stride = layout.stride;
    const uint64_t rows_len = (uint64_t)hit->rows * stride;
    return rows_len <= SIZE_MAX - header ? header + (size_t)rows_len : 0;
}

void carve_hit_table(const mibtcp_carve_hit *hit, const uint8_t *bytes, uint8_t *table)
{
    const size_t header = kind_layout(hit->kind).header, size = carve_hit_table_size(hit);
    const uint32_t n = hit->rows;
    memset(table, 0, header);
    table[0] = (uint8_t)n;
    table[1] = (uint8_t)(n >> 8);
    table[2] = (uint8_t)(n >> 16);
    table[3] = (uint8_t)(n >> 24);
    memcpy(table + header, bytes + (hit->header ? header : 0), size - header);
}
