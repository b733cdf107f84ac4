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

void row_text_fill(const mibtcp_row *row, row_text *t)
{
    const mibtcp_kind kind = row->kind;
    *t = (row_text){0};
    (void)mibtcp_row_local(row, &t->local);
    endpoint_text(&t->local, t->local_addr, t->local_endpoint);
    t->has_remote = mibtcp_row_remote(row, &t->remote);
    if (t->has_remote) {
        endpoint_text(&t->remote, t->remote_addr, t->remote_endpoint);
    }
    t->has_state = mibtcp_kind_has_field(kind, MIBTCP_FIELD_STATE);
    t->state = mibtcp_row_state(row);
    t->has_pid = mibtcp_kind_has_field(kind, MIBTCP_FIELD_PID);
    t->pid = mibtcp_row_pid(row);
    t->has_offload = mibtcp_kind_has_field(kind, MIBTCP_FIELD_OFFLOAD_STATE);
    t->offload_state = mibtcp_row_offload_state(row);
    t->has_flags = mibtcp_kind_has_field(kind, MIBTCP_FIELD_FLAGS);
    t->flags = mibtcp_row_udp_flags(row);
    t->has_created = mibtcp_kind_has_field(kind, MIBTCP_FIELD_CREATED);
    t->created_filetime = mibtcp_row_created(row);
    t->created = NULL;
    if (t->has_created &&
        mibtcp_filetime_to_iso8601(t->created_filetime, t->created_iso, sizeof t->created_iso) == MIBTCP_OK) {
        t->created = t->created_iso;
    }
    const uint8_t *module_info = mibtcp_row_module_info(row);
    t->has_module_info = module_info != NULL;
    if (module_info != NULL) {
        hex_bytes(module_info, MIBTCP_MODULE_INFO_SIZE, t->module_info_hex);
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
