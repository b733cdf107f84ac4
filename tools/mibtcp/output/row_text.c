#include "output/row_text.h"

#include "common/kind_layout.h"
#include "common/observed_time.h"
#include "mibtcp_fast.h"

bool row_text_has(const row_text *t, mibtcp_field field)
{
    return record_has(&t->rec, field);
}

const char *row_text_proto(mibtcp_kind kind)
{
    const mibtcp_row_layout layout = kind_layout(kind);
    const bool v6 = layout.family == MIBTCP_FAMILY_IPV6;
    if (layout.tcp) {
        return v6 ? "TCPv6" : "TCP";
    }
    return v6 ? "UDPv6" : "UDP";
}

/* The buffers are sized for the longest text, so formatting an endpoint
 * the library produced cannot fail. */
void out_address(out_writer *w, const mibtcp_endpoint *ep, unsigned flags)
{
    char *p = out_space(w, MIBTCP_ADDR_STR_SIZE);
    (void)mibtcp_format_addr(ep, flags, p, MIBTCP_ADDR_STR_SIZE);
    w->len += strlen(p);
}

void out_endpoint(out_writer *w, const mibtcp_endpoint *ep)
{
    char *p = out_space(w, MIBTCP_ENDPOINT_STR_SIZE);
    (void)mibtcp_format_endpoint(ep, MIBTCP_FORMAT_SCOPE, p, MIBTCP_ENDPOINT_STR_SIZE);
    w->len += strlen(p);
}

size_t endpoint_text_length(const mibtcp_endpoint *ep)
{
    char text[MIBTCP_ENDPOINT_STR_SIZE];
    (void)mibtcp_format_endpoint(ep, MIBTCP_FORMAT_SCOPE, text, sizeof text);
    return strlen(text);
}

bool row_created_iso(const row_text *t, char *iso)
{
    return row_text_has(t, MIBTCP_FIELD_CREATED) &&
           mibtcp_filetime_to_iso8601(t->rec.created, iso, MIBTCP_ISO8601_SIZE) == MIBTCP_OK;
}

uint64_t row_service_tag(const row_text *t)
{
    return mibtcp_load_le64(t->rec.module_info);
}

bool row_created_plausible(const row_text *t)
{
    return row_text_has(t, MIBTCP_FIELD_CREATED) && filetime_plausible(t->rec.created);
}

/* An endpoint whose IPv6 scope id (when not 0) is spelled " scope N"
 * inside the brackets: no '%', which body file readers would decode. */
static void out_endpoint_scope_word(out_writer *w, const mibtcp_endpoint *ep)
{
    if (ep->family != MIBTCP_FAMILY_IPV6 || ep->scope_id == 0) {
        out_endpoint(w, ep);
        return;
    }
    out_char(w, '[');
    out_address(w, ep, 0);
    out_str(w, " scope ");
    out_u64(w, ep->scope_id);
    out_str(w, "]:");
    out_u64(w, ep->port);
}

void out_row_description(out_writer *w, const row_text *t, scope_style scope)
{
    out_str(w, row_text_proto(t->rec.kind));
    out_char(w, ' ');
    (scope == SCOPE_WORD ? out_endpoint_scope_word : out_endpoint)(w, &t->rec.local);
    if (row_text_has(t, MIBTCP_FIELD_REMOTE_ADDR)) {
        out_bytes(w, " -> ", 4);
        (scope == SCOPE_WORD ? out_endpoint_scope_word : out_endpoint)(w, &t->rec.remote);
    }
    if (row_text_has(t, MIBTCP_FIELD_STATE)) {
        out_char(w, ' ');
        out_str(w, mibtcp_state_name(t->rec.state));
    }
    if (row_text_has(t, MIBTCP_FIELD_PID)) {
        out_bytes(w, " pid ", 5);
        out_u64(w, t->rec.pid);
    }
}
