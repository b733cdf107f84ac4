/* Opening a view, and the two ways of reaching its rows. Rows are located
 * from the validated count and fixed strides only, so a buffer that changes
 * after validation can change values but never where we read. */
#include "layout.h"
#include "scan.h"

static const mibtcp_view empty_view = {NULL, 0, 0, 0, MIBTCP_KIND_UNKNOWN};

mibtcp_status mibtcp_open_sized(mibtcp_view *view, size_t view_size, const void *buf, size_t len,
                                mibtcp_kind kind, mibtcp_policy policy, mibtcp_error *err, size_t err_size)
{
    mibtcpi_scan_result result;
    if (view_size != sizeof(mibtcp_view) || err_size != sizeof(mibtcp_error)) {
        /* The caller's structs are not ours: writing a view could run past theirs. */
        result.first = (mibtcp_error){MIBTCP_ERR_ABI_MISMATCH, MIBTCP_NO_ROW, MIBTCP_FIELD_NONE, 0, 0};
        if (err_size != sizeof(mibtcp_error)) {
            return result.first.status;
        }
    } else if (view == NULL) {
        result.first = (mibtcp_error){MIBTCP_ERR_NULL_ARGUMENT, MIBTCP_NO_ROW, MIBTCP_FIELD_NONE, 0, 0};
    } else {
        *view = empty_view;
        (void)mibtcpi_scan(buf, len, kind, policy, NULL, NULL, &result);
    }
    if (err != NULL) {
        *err = result.first;
    }
    if (result.first.status == MIBTCP_OK) {
        *view = (mibtcp_view){buf, len, result.rows_end, result.count, kind};
    }
    return result.first.status;
}

uint32_t mibtcp_view_count(const mibtcp_view *view)
{
    return view != NULL ? view->count_ : 0;
}

mibtcp_kind mibtcp_view_kind(const mibtcp_view *view)
{
    return view != NULL ? view->kind_ : MIBTCP_KIND_UNKNOWN;
}

size_t mibtcp_view_trailing(const mibtcp_view *view)
{
    /* rows_end_ <= len_ for every view mibtcp_open() leaves, failed ones included (0, 0). */
    return view != NULL ? view->len_ - view->rows_end_ : 0;
}

mibtcp_status mibtcp_view_row(const mibtcp_view *view, uint32_t index, mibtcp_row *row)
{
    if (view == NULL || row == NULL) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    if (index >= view->count_) {
        return MIBTCP_ERR_INDEX_OUT_OF_RANGE;
    }
    /* count_ > 0 only in a view that opened: its kind is valid, and
     * header + count * stride <= len was proven by the scan. */
    const mibtcpi_layout *layout = &mibtcpi_layouts[view->kind_];
    const size_t offset = (size_t)layout->header + (size_t)index * layout->stride;
    *row = (mibtcp_row){view->buf_ + offset, offset, index, view->kind_};
    return MIBTCP_OK;
}

void mibtcp_iter_init(mibtcp_iter *it, const mibtcp_view *view)
{
    if (it != NULL) {
        *it = (mibtcp_iter){view, 0};
    }
}

bool mibtcp_iter_next(mibtcp_iter *it, mibtcp_row *row)
{
    if (it == NULL || mibtcp_view_row(it->view_, it->next_, row) != MIBTCP_OK) {
        return false;
    }
    it->next_++;
    return true;
}
