#include "input/table_bound.h"
#include "common/kind_layout.h"

uint64_t table_bound(uint32_t count, mibtcp_kind kind)
{
    uint64_t header = 0, stride = 0;
    for (unsigned k = MIBTCP_KIND_UNKNOWN + 1; k <= mibtcp_kind_count(); k++) {
        if (kind == MIBTCP_KIND_UNKNOWN || kind == (mibtcp_kind)k) {
            const mibtcp_row_layout layout = kind_layout((mibtcp_kind)k);
            const uint64_t h = layout.header, s = layout.stride;
            header = h > header ? h : header;
            stride = s > stride ? s : stride;
        }
    }
    /* At most 8 + (2^32 - 1) * 192 + 2^20: no overflow. */
    return header + (uint64_t)count * stride + TABLE_TRAILING_ALLOWANCE;
}
