/* Detection, evidence and findings: the library's answers as plain tuples
 * and dicts, which mibtcp/__init__.py names. */
#include "binding.h"

PyObject *binding_detect(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *source;
    if (!PyArg_ParseTuple(args, "O:_detect", &source)) {
        return NULL;
    }
    Py_buffer buf;
    if (!binding_get_buffer(source, &buf)) {
        return NULL;
    }
    mibtcp_candidate candidates[32];
    mibtcp_detection detection;
    mibtcp_status status;
    Py_BEGIN_ALLOW_THREADS status =
        mibtcp_detect(buf.buf, (size_t)buf.len, candidates, sizeof candidates / sizeof *candidates, &detection);
    Py_END_ALLOW_THREADS PyBuffer_Release(&buf);
    if (status == MIBTCP_ERR_NULL_ARGUMENT) {
        return binding_raise(status, MIBTCP_FIELD_NONE, MIBTCP_NO_ROW, 0, 0, "detect");
    }
    PyObject *list = PyList_New((Py_ssize_t)detection.written);
    for (size_t i = 0; list != NULL && i < detection.written; i++) {
        const mibtcp_candidate *c = &candidates[i];
        PyObject *item =
            Py_BuildValue("(NOLkkkK)", binding_kind_object(c->kind), c->valid ? Py_True : Py_False,
                          (long long)c->evidence, (unsigned long)c->confidence, (unsigned long)c->rows_promised,
                          (unsigned long)c->rows_present, (unsigned long long)c->trailing);
        if (item == NULL) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, item);
    }
    if (list == NULL) {
        return NULL;
    }
    return Py_BuildValue("(iikN)", (int)status, (int)detection.verdict, (unsigned long)detection.not_a_table, list);
}

static PyObject *tally(const mibtcp_check_tally *t)
{
    return Py_BuildValue("(KKL)", (unsigned long long)t->checked, (unsigned long long)t->passed,
                         (long long)t->evidence);
}

PyObject *binding_evidence(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *source;
    int kind;
    if (!PyArg_ParseTuple(args, "Oi:_evidence", &source, &kind)) {
        return NULL;
    }
    Py_buffer buf;
    if (!binding_get_buffer(source, &buf)) {
        return NULL;
    }
    mibtcp_evidence e;
    mibtcp_status status;
    Py_BEGIN_ALLOW_THREADS status = mibtcp_evidence_of(buf.buf, (size_t)buf.len, (mibtcp_kind)kind, &e);
    Py_END_ALLOW_THREADS PyBuffer_Release(&buf);
    if (status != MIBTCP_OK) {
        return binding_raise(status, MIBTCP_FIELD_NONE, MIBTCP_NO_ROW, 0, (uint64_t)kind, "evidence");
    }
    return Py_BuildValue("{s:L,s:k,s:k,s:K,s:K,s:K,s:K,s:L,s:{s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N}}",
                         "total", (long long)e.total, "rows_promised", (unsigned long)e.rows_promised, "rows_present",
                         (unsigned long)e.rows_present, "trailing", (unsigned long long)e.trailing, "slack_stale_rows",
                         (unsigned long long)e.slack_stale_rows, "slack_fill", (unsigned long long)e.slack_fill,
                         "slack_unexplained", (unsigned long long)e.slack_unexplained, "length", (long long)e.length,
                         "checks", "state", tally(&e.state), "address", tally(&e.address), "port", tally(&e.port),
                         "scope_id", tally(&e.scope_id), "pid", tally(&e.pid), "timestamp", tally(&e.timestamp),
                         "module_info", tally(&e.module_info), "padding", tally(&e.padding), "flags", tally(&e.flags),
                         "offload", tally(&e.offload), "state_endpoints", tally(&e.state_endpoints), "repeated_row",
                         tally(&e.repeated_row));
}

/* Findings are collected into a Python list as they come; a failure to
 * build one stops the walk. */
static bool collect_finding(void *ctx, const mibtcp_finding *f)
{
    PyObject *list = ctx;
    PyObject *item = Py_BuildValue("(iiLiKK)", (int)f->code, (int)f->severity, (long long)f->row, (int)f->field,
                                   (unsigned long long)f->offset, (unsigned long long)f->value);
    const bool ok = item != NULL && PyList_Append(list, item) == 0;
    Py_XDECREF(item);
    return ok;
}

PyObject *binding_findings(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *source;
    int kind, strict;
    if (!PyArg_ParseTuple(args, "Oip:_findings", &source, &kind, &strict)) {
        return NULL;
    }
    Py_buffer buf;
    if (!binding_get_buffer(source, &buf)) {
        return NULL;
    }
    PyObject *list = PyList_New(0);
    if (list == NULL) {
        PyBuffer_Release(&buf);
        return NULL;
    }
    /* The callback builds Python objects: the walk keeps the GIL. */
    const mibtcp_status status =
        mibtcp_findings(buf.buf, (size_t)buf.len, (mibtcp_kind)kind,
                        strict ? MIBTCP_POLICY_STRICT : MIBTCP_POLICY_LENIENT, collect_finding, list);
    PyBuffer_Release(&buf);
    if (PyErr_Occurred()) {
        Py_DECREF(list);
        return NULL;
    }
    if (status == MIBTCP_ERR_UNKNOWN_KIND || status == MIBTCP_ERR_UNKNOWN_POLICY ||
        status == MIBTCP_ERR_NULL_ARGUMENT) {
        Py_DECREF(list);
        return binding_raise(status, MIBTCP_FIELD_NONE, MIBTCP_NO_ROW, 0, (uint64_t)kind, "findings");
    }
    return Py_BuildValue("(iN)", (int)status, list);
}
