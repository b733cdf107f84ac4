#include <inttypes.h>

#include "cli/diagnostics.h"
#include "common/json_text.h"

void print_error_location(FILE *out, const mibtcp_error *err)
{
    fprintf(out, "%s: %s", mibtcp_status_name(err->status), mibtcp_status_str(err->status));
    if (err->row != MIBTCP_NO_ROW) {
        fprintf(out, " at row %" PRId64 ",", err->row);
    } else {
        fprintf(out, " at");
    }
    if (err->field != MIBTCP_FIELD_NONE) {
        fprintf(out, " field %s,", mibtcp_field_name(err->field));
    }
    fprintf(out, " offset %" PRIu64 " (0x%" PRIx64 "), value %" PRIu64 " (0x%" PRIx64 ")", err->offset, err->offset,
            err->value, err->value);
}

/* A creation time is a signed FILETIME: findings print it as the row does
 * (-1, not 18446744073709551615). */
static bool value_is_signed(mibtcp_field field)
{
    return field == MIBTCP_FIELD_CREATED;
}

static int64_t two_complement(uint64_t u)
{
    return u <= (uint64_t)INT64_MAX ? (int64_t)u : -(int64_t)(~u) - 1;
}

void print_finding_header(FILE *out)
{
    fprintf(out, "%-10s  %-7s  %-15s  %-8s  %-24s  %s\n", "offset", "row", "field", "severity", "code", "message");
}

void print_finding_line(FILE *out, const mibtcp_finding *f)
{
    char row[24];
    if (f->row == MIBTCP_NO_ROW) {
        snprintf(row, sizeof row, "-");
    } else {
        snprintf(row, sizeof row, "%" PRId64, f->row);
    }
    char value[24];
    if (value_is_signed(f->field)) {
        snprintf(value, sizeof value, "%" PRId64, two_complement(f->value));
    } else {
        snprintf(value, sizeof value, "%" PRIu64, f->value);
    }
    fprintf(out, "0x%08" PRIx64 "  %-7s  %-15s  %-8s  %-24s  %s (value %s, 0x%" PRIx64 ")\n", f->offset, row,
            mibtcp_field_name(f->field), mibtcp_severity_name(f->severity), mibtcp_finding_name(f->code),
            mibtcp_finding_str(f->code), value, f->value);
}

/* Where something is, as JSON members; the row is null outside rows. The
 * value is 64 bits wide: a string of digits, like every such JSON value. */
static void json_location(json_object *o, int64_t row, mibtcp_field field, uint64_t offset, uint64_t value)
{
    if (row == MIBTCP_NO_ROW) {
        json_string(o, "row", NULL);
    } else {
        json_int(o, "row", row);
    }
    json_string(o, "field", mibtcp_field_name(field));
    json_uint(o, "offset", offset);
    if (value_is_signed(field)) {
        json_int_string(o, "value", two_complement(value));
    } else {
        json_uint_string(o, "value", value);
    }
}

void print_finding_json(FILE *out, const mibtcp_finding *f)
{
    json_object o;
    json_begin(&o, out);
    json_string(&o, "code", mibtcp_finding_name(f->code));
    json_string(&o, "severity", mibtcp_severity_name(f->severity));
    json_location(&o, f->row, f->field, f->offset, f->value);
    json_string(&o, "message", mibtcp_finding_str(f->code));
    json_end(&o);
}

void print_error_json(FILE *out, const mibtcp_error *err)
{
    json_object o;
    json_begin(&o, out);
    json_string(&o, "status", mibtcp_status_name(err->status));
    json_string(&o, "message", mibtcp_status_str(err->status));
    json_location(&o, err->row, err->field, err->offset, err->value);
    json_end(&o);
}

const char *policy_name(mibtcp_policy policy)
{
    return policy == MIBTCP_POLICY_STRICT ? "strict" : "lenient";
}

const char *bytes_word(uint64_t count)
{
    return count == 1 ? "byte" : "bytes";
}

const char *display_name(const char *name)
{
    static char shown[4 * 4096 + 16];
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p != '\0' && n + 5 < sizeof shown; p++) {
        const unsigned char c = *p;
        if (c == '\\') {
            shown[n++] = '\\';
            shown[n++] = '\\';
        } else if (c == '\n' || c == '\t' || c == '\r') {
            shown[n++] = '\\';
            shown[n++] = c == '\n' ? 'n' : c == '\t' ? 't' : 'r';
        } else if (c < 0x20 || c == 0x7f) {
            n += (size_t)snprintf(shown + n, sizeof shown - n, "\\x%02x", c);
        } else {
            shown[n++] = (char)c;
        }
    }
    shown[n] = '\0';
    return shown;
}
