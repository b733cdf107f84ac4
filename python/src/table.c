/* mibtcp.Table: a validated table over a caller's buffer, without a copy,
 * and its row iterator.
 *
 * The Table holds the buffer export (PyObject_GetBuffer) until it is closed
 * or collected: while it lives, a bytearray cannot be resized and an mmap
 * cannot be closed (Python raises BufferError), so the bytes the view
 * proved in range stay mapped. Bytes changed in place after open() are read
 * as they are then (the row count and bounds were proven at open() and
 * cannot change). */
#include "binding.h"

typedef struct table {
    PyObject_HEAD Py_buffer buffer; /* buffer.obj == NULL once closed */
    mibtcp_view view;
    int strict;
} table;

typedef struct row_iter {
    PyObject_HEAD table *table; /* strong reference: keeps the buffer exported */
    mibtcp_iter it;
} row_iter;

static bool table_closed(table *t)
{
    if (t->buffer.obj == NULL) {
        PyErr_SetString(PyExc_ValueError, "I/O operation on a closed mibtcp.Table");
        return true;
    }
    return false;
}

static PyObject *table_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *keywords[] = {"buffer", "kind", "strict", NULL};
    PyObject *source;
    int kind = 0, strict = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "Oi|p:Table", keywords, &source, &kind, &strict)) {
        return NULL;
    }
    table *t = (table *)type->tp_alloc(type, 0);
    if (t == NULL) {
        return NULL;
    }
    if (!binding_get_buffer(source, &t->buffer)) {
        t->buffer.obj = NULL;
        Py_DECREF(t);
        return NULL;
    }
    t->strict = strict;
    mibtcp_error err;
    const mibtcp_status status = mibtcp_open(&t->view, t->buffer.buf, (size_t)t->buffer.len, (mibtcp_kind)kind,
                                             strict ? MIBTCP_POLICY_STRICT : MIBTCP_POLICY_LENIENT, &err);
    if (status != MIBTCP_OK) {
        Py_DECREF(t);
        return binding_raise(status, err.field, err.row, err.offset, err.value, "open");
    }
    return (PyObject *)t;
}

static void table_release(table *t)
{
    if (t->buffer.obj != NULL) {
        PyBuffer_Release(&t->buffer);
        t->buffer.obj = NULL;
    }
    memset(&t->view, 0, sizeof t->view);
}

static void table_dealloc(table *t)
{
    table_release(t);
    Py_TYPE(t)->tp_free((PyObject *)t);
}

static Py_ssize_t table_length(table *t)
{
    return (Py_ssize_t)mibtcp_view_count(&t->view);
}

static PyObject *table_item(table *t, Py_ssize_t index)
{
    if (table_closed(t)) {
        return NULL;
    }
    const Py_ssize_t count = (Py_ssize_t)mibtcp_view_count(&t->view);
    if (index < 0 || index >= count) {
        PyErr_SetString(PyExc_IndexError, "mibtcp.Table index out of range");
        return NULL;
    }
    mibtcp_record rec;
    const mibtcp_status status = mibtcp_view_record(&t->view, (uint32_t)index, &rec);
    if (status != MIBTCP_OK) {
        return binding_raise(status, MIBTCP_FIELD_ROW, index, 0, 0, "row");
    }
    return binding_row_new(&rec);
}

static PyObject *table_rows(table *t, PyObject *unused)
{
    (void)unused;
    if (table_closed(t)) {
        return NULL;
    }
    row_iter *it = PyObject_New(row_iter, &binding_row_iter_type);
    if (it == NULL) {
        return NULL;
    }
    Py_INCREF(t);
    it->table = t;
    const mibtcp_status status = mibtcp_iter_init(&it->it, &t->view);
    if (status != MIBTCP_OK) {
        Py_DECREF(it);
        return binding_raise(status, MIBTCP_FIELD_NONE, MIBTCP_NO_ROW, 0, 0, "rows");
    }
    return (PyObject *)it;
}

static PyObject *table_iter(PyObject *self)
{
    return table_rows((table *)self, NULL);
}

static PyObject *table_close(table *t, PyObject *unused)
{
    (void)unused;
    table_release(t);
    Py_RETURN_NONE;
}

static PyObject *table_enter(table *t, PyObject *unused)
{
    (void)unused;
    Py_INCREF(t);
    return (PyObject *)t;
}

static PyObject *table_exit(table *t, PyObject *args)
{
    (void)args;
    table_release(t);
    Py_RETURN_FALSE;
}

static PyObject *table_get_kind(table *t, void *closure)
{
    (void)closure;
    return binding_kind_object(mibtcp_view_kind(&t->view));
}

static PyObject *table_get_trailing(table *t, void *closure)
{
    (void)closure;
    return PyLong_FromSize_t(mibtcp_view_trailing(&t->view));
}

static PyObject *table_get_strict(table *t, void *closure)
{
    (void)closure;
    return PyBool_FromLong(t->strict);
}

static PyObject *table_get_closed(table *t, void *closure)
{
    (void)closure;
    return PyBool_FromLong(t->buffer.obj == NULL);
}

static PyObject *table_get_obj(table *t, void *closure)
{
    (void)closure;
    PyObject *obj = t->buffer.obj != NULL ? t->buffer.obj : Py_None;
    Py_INCREF(obj);
    return obj;
}

static PyObject *table_repr(table *t)
{
    return PyUnicode_FromFormat("<mibtcp.Table %s, %u rows%s%s>", mibtcp_kind_name(mibtcp_view_kind(&t->view)),
                                (unsigned)mibtcp_view_count(&t->view), t->strict ? ", strict" : "",
                                t->buffer.obj == NULL ? ", closed" : "");
}

static PyMethodDef table_methods[] = {
    {"rows", (PyCFunction)table_rows, METH_NOARGS,
     "rows() -> iterator of Row, in table order (the same as iter(table))."},
    {"close", (PyCFunction)table_close, METH_NOARGS,
     "close(): release the buffer (an mmap can then be closed); the table then has no rows."},
    {"__enter__", (PyCFunction)table_enter, METH_NOARGS, NULL},
    {"__exit__", (PyCFunction)table_exit, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef table_getset[] = {
    {"kind", (getter)table_get_kind, NULL, "the table's Kind", NULL},
    {"trailing", (getter)table_get_trailing, NULL, "bytes after the last row (0 under strict)", NULL},
    {"strict", (getter)table_get_strict, NULL, "True if the strict policy validated it", NULL},
    {"closed", (getter)table_get_closed, NULL, "True once close() released the buffer", NULL},
    {"obj", (getter)table_get_obj, NULL, "the object whose buffer the table reads (None once closed)", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PySequenceMethods table_sequence = {
    .sq_length = (lenfunc)table_length,
    .sq_item = (ssizeargfunc)table_item,
};

PyTypeObject binding_table_type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "mibtcp.Table",
    .tp_basicsize = sizeof(table),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Table(buffer, kind, strict=False): a validated table over buffer, read without a copy.\n\n"
              "Use mibtcp.open(), which also detects the kind. len(table) rows; table[i] and iteration\n"
              "give Row objects. The table holds the buffer's export until close() or collection.",
    .tp_new = table_new,
    .tp_dealloc = (destructor)table_dealloc,
    .tp_as_sequence = &table_sequence,
    .tp_iter = table_iter,
    .tp_methods = table_methods,
    .tp_getset = table_getset,
    .tp_repr = (reprfunc)table_repr,
};

static void row_iter_dealloc(row_iter *it)
{
    Py_XDECREF(it->table);
    PyObject_Free(it);
}

static PyObject *row_iter_next(row_iter *it)
{
    if (it->table->buffer.obj == NULL) {
        return NULL; /* closed: no more rows */
    }
    mibtcp_record rec;
    const mibtcp_status status = mibtcp_iter_next_record(&it->it, &rec);
    if (status == MIBTCP_OK) {
        return binding_row_new(&rec);
    }
    if (status == MIBTCP_END_OF_ROWS) {
        return NULL;
    }
    return binding_raise(status, MIBTCP_FIELD_ROW, MIBTCP_NO_ROW, 0, 0, "rows");
}

PyTypeObject binding_row_iter_type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "mibtcp.RowIterator",
    .tp_basicsize = sizeof(row_iter),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Iterator over the rows of a Table.",
    .tp_dealloc = (destructor)row_iter_dealloc,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = (iternextfunc)row_iter_next,
};
