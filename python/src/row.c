/* mibtcp.Row: one decoded row, a copy of the library's mibtcp_record, so it
 * outlives its table and buffer. Attributes are typed when read (ints are
 * cheap; addresses, times and enums are built on access only), so a loop
 * that reads one port pays for one int. A field the kind does not have
 * reads as None. */
#include "binding.h"

#include <datetime.h> /* CPython's, beside Python.h */

#include "common/kind_layout.h"
#include "common/owner_class.h"
#include "mibtcp_fast.h" /* mibtcp_load_le64(), as the CLI reads the service tag */

typedef struct row {
    PyObject_HEAD mibtcp_record rec;
} row;

bool binding_row_ready(void)
{
    PyDateTime_IMPORT;
    return PyDateTimeAPI != NULL && PyType_Ready(&binding_row_type) == 0;
}

PyObject *binding_row_new(const mibtcp_record *rec)
{
    row *r = PyObject_New(row, &binding_row_type);
    if (r != NULL) {
        r->rec = *rec;
    }
    return (PyObject *)r;
}

static void row_dealloc(row *r)
{
    PyObject_Free(r);
}

static bool has(const row *r, mibtcp_field field)
{
    return record_has(&r->rec, field);
}

static PyObject *none(void)
{
    Py_RETURN_NONE;
}

static PyObject *u32_if(const row *r, mibtcp_field field, uint32_t value)
{
    return has(r, field) ? PyLong_FromUnsignedLong(value) : none();
}

static PyObject *address(const mibtcp_endpoint *ep)
{
    const bool v4 = ep->family == MIBTCP_FAMILY_IPV4;
    return PyObject_CallFunction(v4 ? binding.ipv4 : binding.ipv6, "y#", (const char *)ep->addr,
                                 (Py_ssize_t)(v4 ? 4 : 16));
}

static PyObject *get_kind(row *r, void *c)
{
    (void)c;
    return binding_kind_object(r->rec.kind);
}

static PyObject *get_index(row *r, void *c)
{
    (void)c;
    return PyLong_FromUnsignedLong(r->rec.index);
}

static PyObject *get_offset(row *r, void *c)
{
    (void)c;
    return PyLong_FromUnsignedLongLong(r->rec.offset);
}

static PyObject *get_state(row *r, void *c)
{
    (void)c;
    if (!has(r, MIBTCP_FIELD_STATE)) {
        return none();
    }
    PyObject *key = PyLong_FromUnsignedLong(r->rec.state);
    if (key == NULL) {
        return NULL;
    }
    /* The table validated every state; bytes changed in place since then
     * may hold another value: it reads as the plain int. */
    PyObject *member = PyDict_GetItemWithError(binding.state_members, key);
    if (member != NULL) {
        Py_DECREF(key);
        Py_INCREF(member);
        return member;
    }
    return PyErr_Occurred() ? (Py_DECREF(key), NULL) : key;
}

static PyObject *get_local_addr(row *r, void *c)
{
    (void)c;
    return has(r, MIBTCP_FIELD_LOCAL_ADDR) ? address(&r->rec.local) : none();
}

static PyObject *get_local_port(row *r, void *c)
{
    (void)c;
    return u32_if(r, MIBTCP_FIELD_LOCAL_PORT, r->rec.local.port);
}

static PyObject *get_local_scope_id(row *r, void *c)
{
    (void)c;
    return u32_if(r, MIBTCP_FIELD_LOCAL_SCOPE_ID, r->rec.local.scope_id);
}

static PyObject *get_remote_addr(row *r, void *c)
{
    (void)c;
    return has(r, MIBTCP_FIELD_REMOTE_ADDR) ? address(&r->rec.remote) : none();
}

static PyObject *get_remote_port(row *r, void *c)
{
    (void)c;
    return u32_if(r, MIBTCP_FIELD_REMOTE_PORT, r->rec.remote.port);
}

static PyObject *get_remote_scope_id(row *r, void *c)
{
    (void)c;
    return u32_if(r, MIBTCP_FIELD_REMOTE_SCOPE_ID, r->rec.remote.scope_id);
}

static PyObject *get_pid(row *r, void *c)
{
    (void)c;
    return u32_if(r, MIBTCP_FIELD_PID, r->rec.pid);
}

static PyObject *get_owner(row *r, void *c)
{
    (void)c;
    if (!has(r, MIBTCP_FIELD_PID)) {
        Py_RETURN_NONE;
    }
    return PyUnicode_FromString(owner_class(true, r->rec.pid));
}

static PyObject *get_offload_state(row *r, void *c)
{
    (void)c;
    return u32_if(r, MIBTCP_FIELD_OFFLOAD_STATE, r->rec.offload_state);
}

static PyObject *get_flags(row *r, void *c)
{
    (void)c;
    return u32_if(r, MIBTCP_FIELD_FLAGS, r->rec.flags);
}

static PyObject *get_created_filetime(row *r, void *c)
{
    (void)c;
    return has(r, MIBTCP_FIELD_CREATED) ? PyLong_FromLongLong(r->rec.created) : none();
}

/* An aware UTC datetime (microseconds: the last 100 ns digit is in
 * created_filetime), or None when the time is 0 (unknown) or outside the
 * years 1601..9999. */
static PyObject *get_created(row *r, void *c)
{
    (void)c;
    int64_t seconds;
    uint32_t ticks;
    if (!has(r, MIBTCP_FIELD_CREATED) || mibtcp_filetime_to_unix(r->rec.created, &seconds, &ticks) != MIBTCP_OK) {
        return none();
    }
    int64_t days = seconds / 86400, rest = seconds % 86400;
    if (rest < 0) {
        rest += 86400;
        days--;
    }
    PyObject *delta = PyDelta_FromDSU((int)days, (int)rest, (int)(ticks / 10));
    if (delta == NULL) {
        return NULL;
    }
    PyObject *when = PyNumber_Add(binding.epoch, delta);
    Py_DECREF(delta);
    return when;
}

static PyObject *get_module_info(row *r, void *c)
{
    (void)c;
    return has(r, MIBTCP_FIELD_MODULE_INFO)
               ? PyBytes_FromStringAndSize((const char *)r->rec.module_info, MIBTCP_MODULE_INFO_SIZE)
               : none();
}

/* OwningModuleInfo[0]: the service tag Windows keeps for svchost services. */
static PyObject *get_service_tag(row *r, void *c)
{
    (void)c;
    return has(r, MIBTCP_FIELD_MODULE_INFO) ? PyLong_FromUnsignedLongLong(mibtcp_load_le64(r->rec.module_info))
                                            : none();
}

static PyGetSetDef row_getset[] = {
    {"kind", (getter)get_kind, NULL, "Kind of the table the row came from", NULL},
    {"index", (getter)get_index, NULL, "row index in its table", NULL},
    {"offset", (getter)get_offset, NULL, "byte offset of the row in the table's buffer", NULL},
    {"state", (getter)get_state, NULL, "State (TCP), None for UDP", NULL},
    {"local_addr", (getter)get_local_addr, NULL, "ipaddress.IPv4Address or IPv6Address", NULL},
    {"local_port", (getter)get_local_port, NULL, "int", NULL},
    {"local_scope_id", (getter)get_local_scope_id, NULL, "IPv6 scope id as stored (int), None for IPv4", NULL},
    {"remote_addr", (getter)get_remote_addr, NULL, "ipaddress address (TCP), None for UDP", NULL},
    {"remote_port", (getter)get_remote_port, NULL, "int (TCP), None for UDP", NULL},
    {"remote_scope_id", (getter)get_remote_scope_id, NULL, "int (TCP over IPv6), else None", NULL},
    {"pid", (getter)get_pid, NULL, "owning process id, None for basic kinds", NULL},
    {"owner", (getter)get_owner, NULL, "'idle' (PID 0), 'system' (PID 4) or 'process'; None for basic kinds", NULL},
    {"created", (getter)get_created, NULL,
     "creation time: aware UTC datetime, None when 0 (unknown), unrepresentable or absent", NULL},
    {"created_filetime", (getter)get_created_filetime, NULL, "creation time as the raw signed FILETIME", NULL},
    {"service_tag", (getter)get_service_tag, NULL, "OwningModuleInfo[0] as an unsigned int (module kinds)", NULL},
    {"module_info", (getter)get_module_info, NULL, "the 128 OwningModuleInfo bytes (module kinds)", NULL},
    {"offload_state", (getter)get_offload_state, NULL, "TCP_CONNECTION_OFFLOAD_STATE (row2 kinds)", NULL},
    {"flags", (getter)get_flags, NULL, "UDP module dwFlags", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* The attributes a row of its kind has, as a dict (for pandas, json). */
static PyObject *row_as_dict(row *r, PyObject *unused)
{
    (void)unused;
    PyObject *d = PyDict_New();
    for (PyGetSetDef *g = row_getset; d != NULL && g->name != NULL; g++) {
        PyObject *v = g->get((PyObject *)r, NULL);
        if (v == NULL) {
            Py_CLEAR(d);
            break;
        }
        if (v != Py_None && PyDict_SetItemString(d, g->name, v) < 0) {
            Py_CLEAR(d);
        }
        Py_DECREF(v);
    }
    return d;
}

static PyObject *row_repr(row *r)
{
    return PyUnicode_FromFormat("<mibtcp.Row %s #%u at %llu>", mibtcp_kind_name(r->rec.kind), (unsigned)r->rec.index,
                                (unsigned long long)r->rec.offset);
}

static PyObject *row_richcompare(row *a, PyObject *b, int op)
{
    if (!PyObject_TypeCheck(b, &binding_row_type) || (op != Py_EQ && op != Py_NE)) {
        Py_RETURN_NOTIMPLEMENTED;
    }
    /* The record zeroes every byte it does not set: equal rows compare equal bytewise. */
    const bool same = memcmp(&a->rec, &((row *)b)->rec, sizeof a->rec) == 0;
    return PyBool_FromLong(op == Py_EQ ? same : !same);
}

static PyMethodDef row_methods[] = {
    {"as_dict", (PyCFunction)row_as_dict, METH_NOARGS,
     "as_dict() -> dict of the attributes the row's kind has (absent ones left out)."},
    {NULL, NULL, 0, NULL},
};

PyTypeObject binding_row_type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "mibtcp.Row",
    .tp_basicsize = sizeof(row),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "One decoded row (a copy: it outlives its table). Fields the kind has not are None.",
    .tp_dealloc = (destructor)row_dealloc,
    .tp_getset = row_getset,
    .tp_methods = row_methods,
    .tp_repr = (reprfunc)row_repr,
    .tp_richcompare = (richcmpfunc)row_richcompare,
};
