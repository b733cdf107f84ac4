/* Names and descriptions of the library's enums, generated from the same
 * X-macro lists as the enums so they cannot drift apart. */
#include "mibtcp.h"

#define NAME_(name, text) #name,
#define TEXT_(name, text) text,

static const char *const status_names[] = {MIBTCP_STATUS_LIST(NAME_)};
static const char *const status_texts[] = {MIBTCP_STATUS_LIST(TEXT_)};
static const char *const finding_names[] = {MIBTCP_FINDING_LIST(NAME_)};
static const char *const finding_texts[] = {MIBTCP_FINDING_LIST(TEXT_)};
static const char *const field_names[] = {MIBTCP_FIELD_LIST(TEXT_)};
static const char *const severity_names[] = {"info", "warning", "error"};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Out-of-range values come from casts of untrusted integers; answer rather than index past the table. */
static const char *lookup(const char *const *table, size_t n, unsigned value)
{
    return value < n ? table[value] : "?";
}

const char *mibtcp_status_name(mibtcp_status status)
{
    return lookup(status_names, COUNT_OF(status_names), (unsigned)status);
}

const char *mibtcp_status_str(mibtcp_status status)
{
    return lookup(status_texts, COUNT_OF(status_texts), (unsigned)status);
}

const char *mibtcp_finding_name(mibtcp_finding_code code)
{
    return lookup(finding_names, COUNT_OF(finding_names), (unsigned)code);
}

const char *mibtcp_finding_str(mibtcp_finding_code code)
{
    return lookup(finding_texts, COUNT_OF(finding_texts), (unsigned)code);
}

const char *mibtcp_field_name(mibtcp_field field)
{
    return lookup(field_names, COUNT_OF(field_names), (unsigned)field);
}

const char *mibtcp_severity_name(mibtcp_severity severity)
{
    return lookup(severity_names, COUNT_OF(severity_names), (unsigned)severity);
}
