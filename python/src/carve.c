/* Carving for the binding: an image's layout (raw, minidump, LiME: the
 * CLI's own parser) and the scan of one part of one region (the CLI's own
 * part scan), with the GIL released while the carver reads. Splitting an
 * image into parts, threads and shards is mibtcp/__init__.py's job. */
#include "binding.h"

#include <stdlib.h>

#include "common/carve_hit.h"
#include "common/carve_part.h"
#include "input/image_container.h"

PyObject *binding_layout(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *source;
    if (!PyArg_ParseTuple(args, "O:_layout", &source)) {
        return NULL;
    }
    Py_buffer buf;
    if (!binding_get_buffer(source, &buf)) {
        return NULL;
    }
    image_layout layout;
    const char *problem = image_layout_parse(buf.buf, (uint64_t)buf.len, &layout);
    const image_container container = image_container_of(buf.buf, (uint64_t)buf.len);
    PyBuffer_Release(&buf);
    if (problem != NULL) { /* (None, what is wrong): mibtcp.ContainerError */
        return Py_BuildValue(
            "(ON)", Py_None,
            PyUnicode_FromFormat("malformed %s: %s", container == IMAGE_MINIDUMP ? "minidump" : "LiME file", problem));
    }
    PyObject *regions = PyList_New((Py_ssize_t)layout.count);
    for (size_t i = 0; regions != NULL && i < layout.count; i++) {
        const image_region *r = &layout.regions[i];
        PyObject *item =
            Py_BuildValue("(KKKK)", (unsigned long long)r->file_offset, (unsigned long long)r->length,
                          (unsigned long long)r->address, (unsigned long long)carve_scannable(r->address, r->length));
        if (item == NULL) {
            Py_CLEAR(regions);
            break;
        }
        PyList_SET_ITEM(regions, (Py_ssize_t)i, item);
    }
    const char *format = layout.format;
    image_layout_free(&layout);
    return regions == NULL ? NULL : Py_BuildValue("(sN)", format, regions);
}

typedef struct found {
    mibtcp_carve_hit hit;
    uint64_t file_offset;
} found;

typedef struct part_scan {
    uint64_t region_file_offset, region_address;
    uint64_t from, to; /* file offsets whose hits the part reports */
    found *items;
    size_t count, capacity;
    bool out_of_memory;
} part_scan;

static bool collect(void *ctx, const mibtcp_carve_hit *hit)
{
    part_scan *s = ctx;
    const uint64_t file_offset = s->region_file_offset + (hit->offset - s->region_address);
    if (file_offset < s->from || file_offset >= s->to) {
        return true;
    }
    if (s->count == s->capacity) {
        const size_t grown = s->capacity == 0 ? 64 : s->capacity * 2;
        found *items = grown <= SIZE_MAX / sizeof *items ? realloc(s->items, grown * sizeof *items) : NULL;
        if (items == NULL) {
            s->out_of_memory = true;
            return false;
        }
        s->items = items;
        s->capacity = grown;
    }
    s->items[s->count++] = (found){*hit, file_offset};
    return true;
}

static PyObject *hit_tuple(const found *f, const uint8_t *image)
{
    const uint8_t *bytes = image + f->file_offset;
    const size_t size = carve_hit_table_size(&f->hit);
    PyObject *table = size > 0 ? PyBytes_FromStringAndSize(NULL, (Py_ssize_t)size) : PyErr_NoMemory();
    if (table == NULL) {
        return NULL;
    }
    carve_hit_table(&f->hit, bytes, (uint8_t *)PyBytes_AS_STRING(table));
    return Py_BuildValue("(KKNkKOkOOOLON)", (unsigned long long)f->file_offset, (unsigned long long)f->hit.offset,
                         binding_kind_object(f->hit.kind), (unsigned long)f->hit.rows,
                         (unsigned long long)f->hit.length, f->hit.header ? Py_True : Py_False,
                         (unsigned long)f->hit.confidence, carve_hit_valid(&f->hit, bytes) ? Py_True : Py_False,
                         carve_hit_cut_at_page(&f->hit, bytes) ? Py_True : Py_False,
                         f->hit.page_start ? Py_True : Py_False, (long long)f->hit.score,
                         f->hit.structure ? Py_True : Py_False, table);
}

PyObject *binding_carve_part(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *source;
    unsigned long long file_offset, length, address, scannable, from, to;
    unsigned long kinds, align, min_rows;
    if (!PyArg_ParseTuple(args, "O(KKKK)KKkkk:_carve_part", &source, &file_offset, &length, &address, &scannable, &from,
                          &to, &kinds, &align, &min_rows)) {
        return NULL;
    }
    Py_buffer buf;
    if (!binding_get_buffer(source, &buf)) {
        return NULL;
    }
    const uint64_t len = (uint64_t)buf.len;
    if (file_offset > len || length > len - file_offset || scannable != carve_scannable(address, length) ||
        from < file_offset || to < from || to - file_offset > scannable) {
        PyBuffer_Release(&buf);
        PyErr_SetString(PyExc_ValueError, "_carve_part: the part is not inside a region of the buffer");
        return NULL;
    }
    const mibtcp_carve_config config = {(uint32_t)kinds, (uint32_t)align, (uint32_t)min_rows};
    part_scan scan = {file_offset, address, from, to, NULL, 0, 0, false};
    const carve_part part = {(const uint8_t *)buf.buf + file_offset, scannable, address, from - file_offset,
                             to - file_offset};
    const size_t workspace_size = mibtcp_carver_size();
    void *workspace = malloc(workspace_size);
    mibtcp_status status = MIBTCP_OK;
    if (workspace != NULL) {
        Py_BEGIN_ALLOW_THREADS status =
            carve_part_scan(workspace, workspace_size, &config, &part, collect, &scan, NULL, NULL);
        Py_END_ALLOW_THREADS
    }
    free(workspace);
    PyObject *hits = NULL;
    if (workspace == NULL || scan.out_of_memory) {
        PyErr_NoMemory();
    } else if (status != MIBTCP_OK) {
        binding_raise(status, MIBTCP_FIELD_NONE, MIBTCP_NO_ROW, from, 0, "carve");
    } else {
        hits = PyList_New((Py_ssize_t)scan.count);
        for (size_t i = 0; hits != NULL && i < scan.count; i++) {
            PyObject *item = hit_tuple(&scan.items[i], buf.buf);
            if (item == NULL) {
                Py_CLEAR(hits);
                break;
            }
            PyList_SET_ITEM(hits, (Py_ssize_t)i, item);
        }
    }
    free(scan.items);
    PyBuffer_Release(&buf);
    return hits;
}
