#include <string.h>

#include "common/addr_parse.h"
#include "common/hex_text.h"

/* Decimal digits [*p, end) up to max, at least one, at most `width`. */
static bool decimal(const char **p, const char *end, uint32_t max, size_t width, uint32_t *value)
{
    uint64_t v = 0; /* width <= 10 digits: no overflow */
    size_t n = 0;
    while (*p < end && **p >= '0' && **p <= '9' && n < width) {
        v = v * 10 + (uint64_t)(**p - '0');
        if (v > max) {
            return false;
        }
        ++*p;
        n++;
    }
    *value = (uint32_t)v;
    return n > 0;
}

static bool ipv4(const char *p, const char *end, uint8_t out[4])
{
    for (int i = 0; i < 4; i++) {
        uint32_t part;
        if ((i > 0 && (p >= end || *p++ != '.')) || !decimal(&p, end, 255, 3, &part)) {
            return false;
        }
        out[i] = (uint8_t)part;
    }
    return p == end;
}

/* RFC 4291 section 2.2 text forms: groups, one "::", a dotted IPv4 tail. */
static bool ipv6(const char *p, const char *end, uint8_t out[16])
{
    uint8_t bytes[16] = {0};
    size_t n = 0;    /* bytes parsed */
    size_t gap = 16; /* where "::" was, 16: none */
    if (end - p >= 2 && p[0] == ':' && p[1] == ':') {
        gap = 0;
        p += 2;
    }
    while (p < end) {
        const char *group = p;
        unsigned v = 0;
        while (p < end && hex_digit_value(*p) >= 0 && p - group < 4) {
            v = v << 4 | (unsigned)hex_digit_value(*p++);
        }
        if (p < end && *p == '.' && n <= 12) { /* the last 32 bits as a dotted quad */
            if (!ipv4(group, end, bytes + n)) {
                return false;
            }
            n += 4;
            p = end;
            break;
        }
        if (p == group || n >= 16) {
            return false;
        }
        bytes[n++] = (uint8_t)(v >> 8);
        bytes[n++] = (uint8_t)v;
        if (p == end) {
            break;
        }
        if (*p++ != ':' || p == end) {
            return false;
        }
        if (*p == ':') {
            if (gap != 16) {
                return false;
            }
            gap = n;
            p++;
        }
    }
    if (gap == 16 ? n != 16 : n > 14) {
        return false;
    }
    memset(out, 0, 16);
    memcpy(out, bytes, gap == 16 ? 16 : gap);
    if (gap != 16) {
        memcpy(out + 16 - (n - gap), bytes + gap, n - gap);
    }
    return true;
}

bool addr_parse(const char *text, addr_filter *out)
{
    const char *begin = text;
    const char *end = text + strlen(text);
    *out = (addr_filter){MIBTCP_FAMILY_IPV4, {0}, false, 0};
    if (*begin == '[') { /* [::1] as in URLs */
        const char *close = strchr(begin, ']');
        if (close == NULL || close[1] != '\0') {
            return false;
        }
        begin++;
        end = close;
    }
    const char *percent = memchr(begin, '%', (size_t)(end - begin));
    if (percent != NULL) {
        const char *p = percent + 1;
        if (!decimal(&p, end, UINT32_MAX, 10, &out->scope_id) || p != end) {
            return false;
        }
        out->has_scope = true;
        end = percent;
    }
    if (memchr(begin, ':', (size_t)(end - begin)) != NULL) {
        out->family = MIBTCP_FAMILY_IPV6;
        return ipv6(begin, end, out->addr);
    }
    return !out->has_scope && ipv4(begin, end, out->addr);
}

bool addr_filter_matches(const addr_filter *f, const mibtcp_endpoint *ep)
{
    const size_t size = f->family == MIBTCP_FAMILY_IPV4 ? 4 : 16;
    return ep->family == f->family && memcmp(ep->addr, f->addr, size) == 0 &&
           (!f->has_scope || ep->scope_id == f->scope_id);
}
