/* The one place the binding reads rows out of a validated table, so that
 * moving to another row-reading API changes this file only. */
#include "binding.h"

mibtcp_status binding_next_record(mibtcp_iter *it, mibtcp_record *rec)
{
    if (mibtcp_iter_next_record(it, rec, sizeof *rec)) {
        return MIBTCP_OK;
    }
    /* A view opened by mibtcp_open() never stops early: the end is the end. */
    return MIBTCP_END_OF_ROWS;
}

mibtcp_status binding_record_at(const mibtcp_view *view, uint32_t index, mibtcp_record *rec)
{
    mibtcp_row row;
    const mibtcp_status status = mibtcp_view_row(view, index, &row);
    return status != MIBTCP_OK ? status : mibtcp_row_read(&row, rec, sizeof *rec);
}
