#include "layout_report.h"

#include <stdarg.h>

layout_report layout_report_start(const char *arch, mibtcp_kind kind)
{
    return (layout_report){arch, kind, stdout, 0};
}

void layout_mismatch(layout_report *report, const char *what_fmt, ...)
{
    report->mismatches++;
    if (report->out == NULL) {
        return;
    }
    fprintf(report->out, "MISMATCH ");
    if (report->kind != MIBTCP_KIND_UNKNOWN) {
        fprintf(report->out, "%s ", mibtcp_kind_name(report->kind));
    }
    va_list args;
    va_start(args, what_fmt);
    vfprintf(report->out, what_fmt, args);
    va_end(args);
    fprintf(report->out, "\n");
    /* The checks run in forked children that may end abruptly on a failed assertion. */
    fflush(report->out);
}

void layout_expect_equal(layout_report *report, const char *what, size_t library, size_t sdk)
{
    if (library != sdk) {
        layout_mismatch(report, "%s: library %zu, %s SDK %zu", what, library, report->arch, sdk);
    }
}
