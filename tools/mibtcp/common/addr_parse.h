/* --addr: an IP address as analysts write it, parsed to bytes so that any
 * spelling of the same address matches (0:0:0:0:0:0:0:1 = ::1, upper or
 * lower case, [::1] as in URLs, fe80::1%7 for one scope, ::1%0 for
 * scope 0). */
#ifndef MIBTCP_TOOL_ADDR_PARSE_H
#define MIBTCP_TOOL_ADDR_PARSE_H

#include <stdbool.h>
#include <stdint.h>

#include "mibtcp.h"

typedef struct addr_filter {
    mibtcp_family family;
    uint8_t addr[16]; /* IPv4: bytes 0..3 */
    bool has_scope;   /* a %scope was given: only rows with that scope id match */
    uint32_t scope_id;
} addr_filter;

/* False when text is not an IPv4 or IPv6 address. */
bool addr_parse(const char *text, addr_filter *out);

/* Does the endpoint have this address (and scope, if one was given)? */
bool addr_filter_matches(const addr_filter *f, const mibtcp_endpoint *ep);

#endif
