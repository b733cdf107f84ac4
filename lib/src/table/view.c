/* Opening a view, and iterating over its rows (records: row.c). Rows are located
 * from the validated count and fixed strides only, so a buffer that changes
 * after validation can change values but never where we read. */
#include "common/layout.h"
#include "table/row_check.h"
#include "table/table_walk.h"

static const mibtcp_view empty_view = {NULL, 0, 0, 0, MIBTCP_KIND_UNKNOWN, MIBTCP_POLICY_LENIENT};

/* mibtcp_open()'s verdict (rows_too) or that of its structural half, told
 * to @p err; a missing output object is a NULL argument. */
static mibtcpi_scan_result verdict(bool has_output, const void *buf, size_t len, mibtcp_kind kind, mibtcp_policy policy,
                                   bool rows_too, mibtcp_error *err)
{
    mibtcpi_scan_result result;
    if (!has_output) {
        result.first = (mibtcp_error){MIBTCP_ERR_NULL_ARGUMENT, MIBTCP_NO_ROW, MIBTCP_FIELD_NONE, 0, 0};
    } else if (rows_too) {
        (void)mibtcpi_scan(buf, len, kind, policy, NULL, NULL, &result);
    } else {
        (void)mibtcpi_scan_structure(buf, len, kind, policy, &result);
    }
    if (err != NULL) {
        *err = result.first;
    }
    return result;
}

mibtcp_status mibtcp_open_sized(mibtcp_view *view, size_t view_size, const void *buf, size_t len, mibtcp_kind kind,
                                mibtcp_policy policy, mibtcp_error *err, size_t err_size)
{
    if (view_size != sizeof(mibtcp_view) || err_size != sizeof(mibtcp_error)) {
        /* The caller's structs are not ours: writing either could run past theirs. */
        return MIBTCP_ERR_ABI_MISMATCH;
    }
    if (view != NULL) {
        *view = empty_view;
    }
    const mibtcpi_scan_result result = verdict(view != NULL, buf, len, kind, policy, true, err);
    if (result.first.status == MIBTCP_OK) {
        *view = (mibtcp_view){buf, len, result.rows_end, result.count, kind, policy};
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

static const mibtcp_error no_error = {MIBTCP_OK, MIBTCP_NO_ROW, MIBTCP_FIELD_NONE, 0, 0};

/* An iterator that yields nothing: offset_ == checked_end_ == rows_end_. */
static const mibtcp_iter empty_iter = {NULL,
                                       0,
                                       0,
                                       0,
                                       0,
                                       0,
                                       MIBTCP_KIND_UNKNOWN,
                                       MIBTCP_POLICY_LENIENT,
                                       {0, 0, 0, 0, 0, 0},
                                       {MIBTCP_OK, MIBTCP_NO_ROW, MIBTCP_FIELD_NONE, 0, 0}};

/* Rows [header, rows_end) of the buffer, of which those before checked_end are known good. */
static mibtcp_iter iter_over(const uint8_t *buf, size_t rows_end, size_t checked_end, mibtcp_kind kind,
                             mibtcp_policy policy)
{
    const mibtcpi_layout *layout = &mibtcpi_layouts[kind];
    return (mibtcp_iter){buf,         rows_end,       layout->header,
                         checked_end, layout->stride, 0,
                         kind,        policy,         mibtcpi_row_checks_of(kind, policy),
                         no_error};
}

mibtcp_status mibtcp_iter_init_sized(mibtcp_iter *it, size_t it_size, const mibtcp_view *view, size_t view_size)
{
    if (it_size != sizeof(mibtcp_iter) || view_size != sizeof(mibtcp_view)) {
        return MIBTCP_ERR_ABI_MISMATCH;
    }
    if (it == NULL) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    *it = empty_iter;
    if (view == NULL) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    if (view->count_ > 0) {
        /* Every row of an open view has passed its checks under the view's policy. */
        *it = iter_over(view->buf_, view->rows_end_, view->rows_end_, view->kind_, view->policy_);
    }
    return MIBTCP_OK;
}

mibtcp_status mibtcp_iter_open_sized(mibtcp_iter *it, size_t it_size, const void *buf, size_t len, mibtcp_kind kind,
                                     mibtcp_policy policy, mibtcp_error *err, size_t err_size)
{
    if (it_size != sizeof(mibtcp_iter) || err_size != sizeof(mibtcp_error)) {
        return MIBTCP_ERR_ABI_MISMATCH;
    }
    if (it != NULL) {
        *it = empty_iter;
    }
    const mibtcpi_scan_result result = verdict(it != NULL, buf, len, kind, policy, false, err);
    if (result.first.status == MIBTCP_OK && result.count > 0) {
        const mibtcpi_layout *layout = &mibtcpi_layouts[kind];
        *it = iter_over(buf, result.rows_end, layout->header, kind, policy);
    }
    return result.first.status;
}

/* Rows per batch: 16 KiB, so that a row checked is still in L1 (32 KiB or more) when it is read. */
#define BATCH_BYTES 16384u

/* Checks the batch of rows that starts at offset_, in an iterator over rows
 * whose rows before offset_ have passed and whose error is not yet set.
 * @return whether the row at offset_ passed (checked_end_ then lies past it);
 * otherwise error_ locates why. */
static bool check_batch(mibtcp_iter *it)
{
    /* Only an iterator over rows gets here: its kind is valid unless overwritten. */
    const mibtcpi_layout *layout = mibtcpi_layout_of(it->kind_);
    if (layout == NULL) {
        return false;
    }
    const size_t stride = layout->stride;
    /* The inline step may have checked rows beyond checked_end_ one at a time. */
    const size_t from = (it->offset_ - layout->header) / stride;
    const size_t rows = (it->rows_end_ - layout->header) / stride;
    const size_t batch = BATCH_BYTES / stride + 1;
    const size_t to = rows - from > batch ? from + batch : rows;
    const size_t good_to = mibtcpi_check_rows(it->table_, layout, &it->checks_, from, to, &it->error_);
    it->checked_end_ = layout->header + good_to * stride;
    return good_to > from;
}

const uint8_t *mibtcp_iter_check_more(mibtcp_iter *it)
{
    if (it == NULL || it->error_.status != MIBTCP_OK || it->offset_ >= it->rows_end_) {
        return NULL;
    }
    if (it->offset_ >= it->checked_end_ && !check_batch(it)) {
        return NULL;
    }
    return mibtcp_iter_next_bytes(it);
}

/* Why @p it ended (a NULL iterator: a NULL argument), told to @p err. */
static mibtcp_status iter_verdict(const mibtcp_iter *it, mibtcp_error *err)
{
    const mibtcp_error e =
        it != NULL ? it->error_ : (mibtcp_error){MIBTCP_ERR_NULL_ARGUMENT, MIBTCP_NO_ROW, MIBTCP_FIELD_NONE, 0, 0};
    if (err != NULL) {
        *err = e;
    }
    return e.status;
}

mibtcp_status mibtcp_iter_error_sized(const mibtcp_iter *it, size_t it_size, mibtcp_error *err, size_t err_size)
{
    if (it_size != sizeof(mibtcp_iter) || err_size != sizeof(mibtcp_error)) {
        return MIBTCP_ERR_ABI_MISMATCH;
    }
    return iter_verdict(it, err);
}

mibtcp_status mibtcp_iter_sync_sized(mibtcp_iter *it, size_t it_size, mibtcp_cursor cur, mibtcp_error *err,
                                     size_t err_size)
{
    if (it_size != sizeof(mibtcp_iter) || err_size != sizeof(mibtcp_error)) {
        return MIBTCP_ERR_ABI_MISMATCH;
    }
    if (it == NULL || (it->table_ == NULL && cur.next_ == NULL)) {
        return iter_verdict(it, err); /* no iterator; or no rows, and a cursor over none */
    }
    /* The cursor is the caller's to overwrite: accept only a row boundary
     * of this iterator's remaining rows, compared as integers because the
     * cursor may point into another object altogether. */
    const size_t end = it->error_.status == MIBTCP_OK ? it->rows_end_ : it->checked_end_;
    const uintptr_t base = (uintptr_t)it->table_, at = (uintptr_t)cur.next_;
    const bool over_rows = it->table_ != NULL && it->stride_ != 0 && at >= base + it->offset_ && at <= base + end &&
                           (at - base - it->offset_) % it->stride_ == 0;
    if (!over_rows) {
        const mibtcp_error bad = {MIBTCP_ERR_BAD_ARGUMENT, MIBTCP_NO_ROW, MIBTCP_FIELD_NONE, 0, 0};
        if (err != NULL) {
            *err = bad;
        }
        return bad.status;
    }
    const size_t offset = (size_t)(at - base);
    it->next_ += (uint32_t)((offset - it->offset_) / it->stride_);
    it->offset_ = offset;
    if (it->error_.status == MIBTCP_OK && offset < it->rows_end_ && offset >= it->checked_end_) {
        /* The row the cursor stopped at, checked now (with a batch after it): a
         * failing one ends the iteration with its error, a passing one is next. */
        (void)check_batch(it);
    }
    return iter_verdict(it, err);
}
