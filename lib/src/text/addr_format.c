/* Address and endpoint text. Output goes through a bounded writer that
 * keeps the longest prefix that fits, so truncation is reported and never
 * overruns the caller's buffer. */
#include "mibtcp_fast.h"

typedef struct text_sink {
    char *out;
    size_t size;
    size_t len; /* characters produced so far, including those that did not fit */
} text_sink;

static void put_char(text_sink *t, char c)
{
    if (t->len + 1 < t->size) {
        t->out[t->len] = c;
        t->out[t->len + 1] = '\0';
    }
    t->len++;
}

static void put_decimal(text_sink *t, uint32_t value)
{
    char digits[10];
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (n > 0) {
        put_char(t, digits[--n]);
    }
}

static void put_hex16(text_sink *t, unsigned value)
{
    static const char hex[] = "0123456789abcdef";
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
        const unsigned nibble = value >> shift & 0xfu;
        if (nibble != 0 || started || shift == 0) { /* RFC 5952 4.1: no leading zeros */
            put_char(t, hex[nibble]);
            started = true;
        }
    }
}

static void put_ipv4(text_sink *t, const uint8_t *a)
{
    for (int i = 0; i < 4; i++) {
        if (i > 0) {
            put_char(t, '.');
        }
        put_decimal(t, a[i]);
    }
}

static bool is_v4_mapped(const uint8_t *a)
{
    for (int i = 0; i < 10; i++) {
        if (a[i] != 0) {
            return false;
        }
    }
    return a[10] == 0xff && a[11] == 0xff;
}

/* RFC 5952 section 4.2: compress the longest run of two or more zero
 * groups, the first one on ties. */
static void put_ipv6(text_sink *t, const uint8_t *a)
{
    if (is_v4_mapped(a)) {
        for (const char *p = "::ffff:"; *p; p++) {
            put_char(t, *p);
        }
        put_ipv4(t, a + 12);
        return;
    }
    unsigned groups[8];
    for (int i = 0; i < 8; i++) {
        groups[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
    }
    int best_start = -1;
    int best_len = 1; /* a single zero group is not compressed (4.2.2) */
    for (int i = 0; i < 8;) {
        int run = 0;
        while (i + run < 8 && groups[i + run] == 0) {
            run++;
        }
        if (run > best_len) {
            best_start = i;
            best_len = run;
        }
        i += run > 0 ? run : 1;
    }
    for (int i = 0; i < 8; i++) {
        if (i == best_start) {
            put_char(t, ':');
            put_char(t, ':');
            i += best_len - 1;
            continue;
        }
        if (i > 0 && i != best_start + best_len) {
            put_char(t, ':');
        }
        put_hex16(t, groups[i]);
    }
}

static mibtcp_status put_addr(text_sink *t, const mibtcp_endpoint *ep, unsigned flags)
{
    if (ep->family == MIBTCP_FAMILY_IPV4) {
        put_ipv4(t, ep->addr);
    } else if (ep->family == MIBTCP_FAMILY_IPV6) {
        put_ipv6(t, ep->addr);
        if ((flags & MIBTCP_FORMAT_SCOPE) != 0 && ep->scope_id != 0) {
            put_char(t, '%');
            put_decimal(t, ep->scope_id);
        }
    } else {
        return MIBTCP_ERR_BAD_FAMILY;
    }
    return MIBTCP_OK;
}

/* From here on the caller's buffer holds a string, whatever the status. */
static mibtcp_status start(text_sink *t, const mibtcp_endpoint *ep, char *out, size_t size)
{
    *t = (text_sink){out, size, 0};
    if (out == NULL) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    if (size > 0) {
        out[0] = '\0';
    }
    return ep != NULL ? MIBTCP_OK : MIBTCP_ERR_NULL_ARGUMENT;
}

static mibtcp_status finish(const text_sink *t, mibtcp_status status)
{
    if (status == MIBTCP_OK && t->len >= t->size) {
        return MIBTCP_ERR_OUTPUT_TRUNCATED;
    }
    if (status != MIBTCP_OK && t->size > 0) {
        t->out[0] = '\0';
    }
    return status;
}

mibtcp_status mibtcp_format_addr_sized(const mibtcp_endpoint *ep, size_t ep_size, unsigned flags, char *out,
                                       size_t size)
{
    if (ep_size != sizeof *ep) {
        return MIBTCP_ERR_ABI_MISMATCH; /* before start(): nothing written */
    }
    text_sink t;
    const mibtcp_status status = start(&t, ep, out, size);
    if (status != MIBTCP_OK) {
        return status;
    }
    return finish(&t, put_addr(&t, ep, flags));
}

mibtcp_status mibtcp_format_endpoint_sized(const mibtcp_endpoint *ep, size_t ep_size, unsigned flags, char *out,
                                           size_t size)
{
    if (ep_size != sizeof *ep) {
        return MIBTCP_ERR_ABI_MISMATCH; /* before start(): nothing written */
    }
    text_sink t;
    mibtcp_status status = start(&t, ep, out, size);
    if (status != MIBTCP_OK) {
        return status;
    }
    const bool bracket = ep->family == MIBTCP_FAMILY_IPV6;
    if (bracket) {
        put_char(&t, '[');
    }
    status = put_addr(&t, ep, flags);
    if (status == MIBTCP_OK) {
        if (bracket) {
            put_char(&t, ']');
        }
        put_char(&t, ':');
        put_decimal(&t, ep->port);
    }
    return finish(&t, status);
}
