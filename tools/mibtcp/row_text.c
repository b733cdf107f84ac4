#include "row_text.h"

static void hex_bytes(const uint8_t *bytes, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 0xf];
    }
    out[2 * n] = '\0';
}

/* The buffers are sized for the longest output, so formatting cannot fail
 * for an endpoint the library produced. */
static void endpoint_text(const mibtcp_endpoint *ep, char *addr, char *endpoint)
{
    (void)mibtcp_format_addr(ep, 0, addr, MIBTCP_ADDR_STR_SIZE);
    (void)mibtcp_format_endpoint(ep, MIBTCP_FORMAT_SCOPE, endpoint, MIBTCP_ENDPOINT_STR_SIZE);
}

bool row_text_has(const row_text *t, mibtcp_field field)
{
    return (t->rec.present & MIBTCP_FIELD_BIT(field)) != 0;
}

void row_text_fill(const mibtcp_row *row, row_text *t)
{
    /* Rows come from the iterator of a valid view: the read cannot fail. */
    (void)mibtcp_row_read(row, &t->rec, sizeof t->rec);
    t->local_addr[0] = t->remote_addr[0] = t->local_endpoint[0] = t->remote_endpoint[0] = '\0';
    t->module_info_hex[0] = '\0';
    endpoint_text(&t->rec.local, t->local_addr, t->local_endpoint);
    if (row_text_has(t, MIBTCP_FIELD_REMOTE_ADDR)) {
        endpoint_text(&t->rec.remote, t->remote_addr, t->remote_endpoint);
    }
    t->created = NULL;
    if (row_text_has(t, MIBTCP_FIELD_CREATED) &&
        mibtcp_filetime_to_iso8601(t->rec.created, t->created_iso, sizeof t->created_iso) == MIBTCP_OK) {
        t->created = t->created_iso;
    }
    if (row_text_has(t, MIBTCP_FIELD_MODULE_INFO)) {
        hex_bytes(t->rec.module_info, MIBTCP_MODULE_INFO_SIZE, t->module_info_hex);
    }
}

const char *row_text_proto(mibtcp_kind kind)
{
    const bool v6 = mibtcp_kind_family(kind) == MIBTCP_FAMILY_IPV6;
    if (mibtcp_kind_is_tcp(kind)) {
        return v6 ? "TCPv6" : "TCP";
    }
    return v6 ? "UDPv6" : "UDP";
}
