/* Module mibtcp._mibtcp: its function table, _setup() and the helpers every
 * file uses (buffers, errors, kinds). */
#include "binding.h"

binding_classes binding;

PyObject *binding_raise(mibtcp_status status, mibtcp_field field, int64_t row, uint64_t offset, uint64_t value,
                        const char *context)
{
    if (binding.make_error == NULL) {
        PyErr_Format(PyExc_RuntimeError, "%s: %s (mibtcp._mibtcp used before mibtcp._setup())", context,
                     mibtcp_status_str(status));
        return NULL;
    }
    PyObject *exc = PyObject_CallFunction(binding.make_error, "iiLKKs", (int)status, (int)field, (long long)row,
                                          (unsigned long long)offset, (unsigned long long)value, context);
    if (exc != NULL) {
        PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
        Py_DECREF(exc);
    }
    return NULL;
}

bool binding_get_buffer(PyObject *obj, Py_buffer *view)
{
    /* PyBUF_SIMPLE: a C-contiguous run of bytes, read-only is enough. */
    return PyObject_GetBuffer(obj, view, PyBUF_SIMPLE) == 0;
}

PyObject *binding_kind_object(mibtcp_kind kind)
{
    if (binding.kind_members != NULL && (Py_ssize_t)kind > 0 &&
        (Py_ssize_t)kind < PyTuple_GET_SIZE(binding.kind_members)) {
        PyObject *member = PyTuple_GET_ITEM(binding.kind_members, (Py_ssize_t)kind);
        Py_INCREF(member);
        return member;
    }
    return PyLong_FromLong((long)kind);
}

static void set_class(PyObject **slot, PyObject *value)
{
    Py_XINCREF(value);
    Py_XSETREF(*slot, value);
}

PyDoc_STRVAR(setup_doc, "_setup(kind_members, state_members, ipv4, ipv6, epoch, make_error)\n\n"
                        "Called once by mibtcp/__init__.py: the classes the C side returns.");

static PyObject *setup(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *kinds, *states, *ipv4, *ipv6, *epoch, *make_error;
    if (!PyArg_ParseTuple(args, "O!O!OOOO:_setup", &PyTuple_Type, &kinds, &PyDict_Type, &states, &ipv4, &ipv6, &epoch,
                          &make_error)) {
        return NULL;
    }
    set_class(&binding.kind_members, kinds);
    set_class(&binding.state_members, states);
    set_class(&binding.ipv4, ipv4);
    set_class(&binding.ipv6, ipv6);
    set_class(&binding.epoch, epoch);
    set_class(&binding.make_error, make_error);
    Py_RETURN_NONE;
}

PyDoc_STRVAR(names_doc, "_names() -> dict of the library's names: status, kind, field, finding, state, severity.");

static PyObject *name_list(size_t count, const char *(*name_of)(int))
{
    PyObject *list = PyList_New((Py_ssize_t)count);
    for (size_t i = 0; list != NULL && i < count; i++) {
        PyObject *s = PyUnicode_FromString(name_of((int)i));
        if (s == NULL) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, s);
    }
    return list;
}

static const char *status_name_of(int i)
{
    return mibtcp_status_name((mibtcp_status)i);
}
static const char *status_text_of(int i)
{
    return mibtcp_status_str((mibtcp_status)i);
}
static const char *kind_name_of(int i)
{
    return mibtcp_kind_name((mibtcp_kind)i);
}
static const char *field_name_of(int i)
{
    return mibtcp_field_name((mibtcp_field)i);
}
static const char *finding_name_of(int i)
{
    return mibtcp_finding_name((mibtcp_finding_code)i);
}
static const char *finding_text_of(int i)
{
    return mibtcp_finding_str((mibtcp_finding_code)i);
}

static PyObject *names(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    PyObject *states = PyDict_New();
    for (uint32_t s = 0; states != NULL && s <= MIBTCP_STATE_RESERVED; s++) {
        PyObject *name = mibtcp_state_is_valid(s) ? PyUnicode_FromString(mibtcp_state_name(s)) : NULL;
        PyObject *key = mibtcp_state_is_valid(s) ? PyLong_FromUnsignedLong(s) : NULL;
        if (mibtcp_state_is_valid(s) && (name == NULL || key == NULL || PyDict_SetItem(states, key, name) < 0)) {
            Py_CLEAR(states);
        }
        Py_XDECREF(name);
        Py_XDECREF(key);
    }
    if (states == NULL) {
        return NULL;
    }
    return Py_BuildValue(
        "{s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:s}", "status", name_list(mibtcp_status_count(), status_name_of), "status_text",
        name_list(mibtcp_status_count(), status_text_of), "kind", name_list(mibtcp_kind_count() + 1, kind_name_of),
        "field", name_list(mibtcp_field_count(), field_name_of), "finding",
        name_list(mibtcp_finding_count(), finding_name_of), "finding_text",
        name_list(mibtcp_finding_count(), finding_text_of), "state", states, "version", mibtcp_version());
}

PyDoc_STRVAR(kind_layout_doc, "_kind_layout(kind) -> (header, stride, family, tcp): mibtcp_kind_layout().");

static PyObject *kind_layout(PyObject *self, PyObject *args)
{
    (void)self;
    int kind;
    if (!PyArg_ParseTuple(args, "i:_kind_layout", &kind)) {
        return NULL;
    }
    mibtcp_row_layout layout;
    const mibtcp_status status = mibtcp_kind_layout((mibtcp_kind)kind, &layout);
    if (status != MIBTCP_OK) {
        return binding_raise(status, MIBTCP_FIELD_NONE, MIBTCP_NO_ROW, 0, (uint64_t)kind, "kind_layout");
    }
    return Py_BuildValue("(kkiO)", (unsigned long)layout.header, (unsigned long)layout.stride, (int)layout.family,
                         layout.tcp ? Py_True : Py_False);
}

static PyMethodDef methods[] = {
    {"_kind_layout", kind_layout, METH_VARARGS, kind_layout_doc},
    {"_setup", setup, METH_VARARGS, setup_doc},
    {"_names", names, METH_NOARGS, names_doc},
    {"_detect", binding_detect, METH_VARARGS, "_detect(buffer) -> (status, verdict, not_a_table, candidates)"},
    {"_evidence", binding_evidence, METH_VARARGS,
     "_evidence(buffer, kind) -> dict of what the kind's evidence is made of"},
    {"_findings", binding_findings, METH_VARARGS, "_findings(buffer, kind, strict) -> (status, findings)"},
    {"_layout", binding_layout, METH_VARARGS,
     "_layout(buffer) -> (format, [(file_offset, length, address, scannable)]), or (None, problem)"},
    {"_carve_part", binding_carve_part, METH_VARARGS,
     "_carve_part(buffer, region, from, to, kinds, align, min_rows) -> hits starting in [from, to) of the region"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    "mibtcp._mibtcp",
    "The C half of the mibtcp package: import mibtcp, not this module.",
    -1,
    methods,
    NULL,
    NULL,
    NULL,
    NULL,
};

PyMODINIT_FUNC PyInit__mibtcp(void)
{
    if (!binding_row_ready()) {
        return NULL;
    }
    PyTypeObject *types[] = {&binding_table_type, &binding_row_iter_type};
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        if (PyType_Ready(types[i]) < 0) {
            return NULL;
        }
    }
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&binding_table_type);
    Py_INCREF(&binding_row_type);
    if (PyModule_AddObject(m, "Table", (PyObject *)&binding_table_type) < 0 ||
        PyModule_AddObject(m, "Row", (PyObject *)&binding_row_type) < 0 ||
        PyModule_AddIntConstant(m, "MODULE_INFO_SIZE", MIBTCP_MODULE_INFO_SIZE) < 0 ||
        PyModule_AddIntConstant(m, "EVIDENCE_PER_BIT", MIBTCP_EVIDENCE_PER_BIT) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
