/* The CPython binding of mibtcp: what its files share. The module is
 * mibtcp._mibtcp; the package mibtcp (mibtcp/__init__.py) wraps it in the
 * documented API and registers, through _setup(), the Python classes the C
 * side returns (enums, exceptions, ipaddress, datetime). */
#ifndef MIBTCP_BINDING_H
#define MIBTCP_BINDING_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "mibtcp.h"

/* Classes and constructors registered by mibtcp/__init__.py. */
typedef struct binding_classes {
    PyObject *kind_members;  /* tuple: Kind member by value (index 0: None) */
    PyObject *state_members; /* dict: State member by value */
    PyObject *ipv4, *ipv6;   /* ipaddress.IPv4Address, IPv6Address */
    PyObject *epoch;         /* datetime(1970, 1, 1, tzinfo=timezone.utc) */
    PyObject *make_error;    /* make_error(status, field, row, offset, value, context) -> exception */
} binding_classes;

extern binding_classes binding;

extern PyTypeObject binding_table_type;
extern PyTypeObject binding_row_iter_type;
extern PyTypeObject binding_row_type;

/* Raise the library's error as the exception make_error() builds. @return NULL. */
PyObject *binding_raise(mibtcp_status status, mibtcp_field field, int64_t row, uint64_t offset, uint64_t value,
                        const char *context);

/* A read-only, C-contiguous export of @p obj's buffer. @return false with an exception set. */
bool binding_get_buffer(PyObject *obj, Py_buffer *view);

/* The Kind member of @p kind (a new reference; the int for a kind this module does not know). */
PyObject *binding_kind_object(mibtcp_kind kind);

/* Ready the Row type (and the datetime C API it uses). @return false with an exception set. */
bool binding_row_ready(void);

/* A Row object holding a copy of @p rec. */
PyObject *binding_row_new(const mibtcp_record *rec);

/* Module functions defined in analysis.c and carve.c. */
PyObject *binding_detect(PyObject *self, PyObject *args);
PyObject *binding_evidence(PyObject *self, PyObject *args);
PyObject *binding_findings(PyObject *self, PyObject *args);
PyObject *binding_layout(PyObject *self, PyObject *args);
PyObject *binding_carve_part(PyObject *self, PyObject *args);

#endif
