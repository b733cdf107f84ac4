/* Mismatch lines of the conformance checks: one line per disagreement, each
 * naming the kind, the field, the library's number and the SDK's, e.g.
 * "tcp6-module local_port offset: library 20, x86_64 SDK 24". */
#ifndef MIBTCP_TESTS_LAYOUT_REPORT_H
#define MIBTCP_TESTS_LAYOUT_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "mibtcp.h"

#if defined(__GNUC__)
#define LAYOUT_PRINTF_LIKE(fmt_index, first_arg) __attribute__((format(printf, fmt_index, first_arg)))
#else
#define LAYOUT_PRINTF_LIKE(fmt_index, first_arg)
#endif

typedef struct layout_report {
    const char *arch; /* "x86_64", "i686": whose SDK numbers these are */
    mibtcp_kind kind; /* the kind every line is about */
    FILE *out;        /* where lines go; NULL to only count them */
    unsigned mismatches;
} layout_report;

/* A report printing to stdout. MIBTCP_KIND_UNKNOWN for lines not about one kind. */
layout_report layout_report_start(const char *arch, mibtcp_kind kind);

/* Print "MISMATCH <kind> <what>" and count a mismatch. */
void layout_mismatch(layout_report *report, const char *what_fmt, ...) LAYOUT_PRINTF_LIKE(2, 3);

/* Compare one number; on disagreement print "<kind> <what>: library L, <arch> SDK S". */
void layout_expect_equal(layout_report *report, const char *what, size_t library, size_t sdk);

#endif
