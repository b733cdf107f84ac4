/* fuzz_format: mibtcp_format_addr() and mibtcp_format_endpoint() on
 * endpoints built from the input, at every output size from 0 to one past
 * the full text.
 *
 * Input: records of [selector][zero-group mask][flags][16 address bytes]
 * [port DWORD][scope DWORD]. The selector picks IPv4, IPv6, IPv4-mapped IPv6
 * or an invalid family; the mask zeroes IPv6 groups so the zero-run
 * compression of RFC 5952 is reached. The port DWORD's top byte, which no
 * text shows, picks the one truncating output size checked besides 0 and
 * the full text's (the replay engine checks every size).
 *
 * Invariants: the full text equals the naive reference formatter's; output
 * is always NUL-terminated within size; a too-small buffer gives
 * ERR_OUTPUT_TRUNCATED and exactly the prefix that fits; nothing is read
 * past the endpoint (it lives in an exact-size allocation), an IPv4 text
 * shows only the first 4 address bytes, and nothing is written past size
 * (the outputs are exact-size allocations too). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mibtcp.h"
#include "oracles/reference_format.h"
#include "support/exhaustive.h"
#include "support/fuzz_bytes.h"
#include "support/invariant.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_RECORDS_PER_INPUT 16

typedef mibtcp_status (*format_fn)(const mibtcp_endpoint *ep, unsigned flags, char *out, size_t size);

typedef struct formatted {
    mibtcp_status status;
    char text[REF_TEXT_SIZE];
} formatted;

static formatted format_into_exact(format_fn format, const mibtcp_endpoint *ep, unsigned flags, size_t size)
{
    char *out = malloc(size > 0 ? size : 1);
    FUZZ_REQUIRE(out != NULL);
    if (size > 0) {
        memset(out, 'x', size);
    }
    formatted result;
    result.status = format(ep, flags, out, size);
    result.text[0] = '\0';
    if (size > 0) {
        const char *end = memchr(out, '\0', size);
        FUZZ_REQUIRE(end != NULL);
        FUZZ_REQUIRE((size_t)(end - out) < sizeof result.text);
        memcpy(result.text, out, (size_t)(end - out) + 1u);
    }
    free(out);
    return result;
}

static bool size_checked(size_t size, size_t full_length, uint8_t size_choice)
{
    return FUZZ_EXHAUSTIVE || size == 0 || size >= full_length || size == size_choice % (full_length + 1u);
}

/* Sizes from 0 up to one past the full text. */
static void check_sizes(format_fn format, const mibtcp_endpoint *ep, unsigned flags, const formatted *full,
                        uint8_t size_choice)
{
    size_t full_length = strlen(full->text);
    for (size_t size = 0; size <= full_length + 1u; ++size) {
        if (!size_checked(size, full_length, size_choice)) {
            continue;
        }
        formatted part = format_into_exact(format, ep, flags, size);
        if (full->status != MIBTCP_OK) {
            continue; /* only NUL termination is promised */
        }
        if (size > full_length) {
            FUZZ_REQUIRE(part.status == MIBTCP_OK && strcmp(part.text, full->text) == 0);
        } else {
            FUZZ_REQUIRE(part.status == MIBTCP_ERR_OUTPUT_TRUNCATED);
            size_t kept = size > 0 ? size - 1u : 0u;
            FUZZ_REQUIRE(strlen(part.text) == kept && strncmp(part.text, full->text, kept) == 0);
        }
    }
}

static void check_one(format_fn format, size_t capacity, const mibtcp_endpoint *ep, unsigned flags,
                      const char *expected, uint8_t size_choice)
{
    formatted full = format_into_exact(format, ep, flags, capacity);
    if (expected != NULL) {
        FUZZ_REQUIRE(full.status == MIBTCP_OK);
        FUZZ_REQUIRE(strcmp(full.text, expected) == 0);
    } else if (ep->family != MIBTCP_FAMILY_IPV4 && ep->family != MIBTCP_FAMILY_IPV6) {
        FUZZ_REQUIRE(full.status == MIBTCP_ERR_BAD_FAMILY);
    }
    check_sizes(format, ep, flags, &full, size_choice);
}

static mibtcp_family family_of(uint8_t selector)
{
    switch (selector % 4u) {
    case 0: return MIBTCP_FAMILY_IPV4;
    case 1:
    case 2: return MIBTCP_FAMILY_IPV6;
    default: return (mibtcp_family)(selector / 4u); /* 0..63: mostly invalid */
    }
}

static void shape_ipv6(uint8_t selector, uint8_t zero_groups, uint8_t addr[16])
{
    for (size_t group = 0; group < 8; ++group) {
        if (zero_groups & (1u << group)) {
            addr[2 * group] = 0;
            addr[2 * group + 1] = 0;
        }
    }
    if (selector % 4u == 2) { /* IPv4-mapped */
        memset(addr, 0, 10);
        addr[10] = 0xff;
        addr[11] = 0xff;
    }
}

static void check_record(fuzz_cursor *cursor)
{
    uint8_t selector = fuzz_take_u8(cursor);
    uint8_t zero_groups = fuzz_take_u8(cursor);
    uint8_t flag_bits = fuzz_take_u8(cursor);
    uint8_t addr_bytes[16];
    fuzz_take_bytes(cursor, addr_bytes, sizeof addr_bytes);
    uint32_t port_raw = fuzz_take_u32(cursor);
    uint32_t scope_id = fuzz_take_u32(cursor);

    /* On the heap with nothing around it, so that reading past the endpoint
     * is caught; for IPv4 bytes 4..15 keep the input's bytes, which the
     * text must not show. */
    mibtcp_endpoint *ep = malloc(sizeof *ep);
    FUZZ_REQUIRE(ep != NULL);
    memset(ep, 0, sizeof *ep);
    ep->family = family_of(selector);
    if (ep->family == MIBTCP_FAMILY_IPV6) {
        shape_ipv6(selector, zero_groups, addr_bytes);
    }
    memcpy(ep->addr, addr_bytes, sizeof ep->addr);
    ep->port_raw = port_raw;
    ep->port = (uint16_t)(((port_raw & 0xffu) << 8) | ((port_raw >> 8) & 0xffu));
    ep->scope_id = ep->family == MIBTCP_FAMILY_IPV6 ? scope_id : 0;

    unsigned flags = flag_bits & MIBTCP_FORMAT_SCOPE;
    bool valid = ep->family == MIBTCP_FAMILY_IPV4 || ep->family == MIBTCP_FAMILY_IPV6;
    char expected_addr[REF_TEXT_SIZE], expected_endpoint[REF_TEXT_SIZE];
    if (valid) {
        ref_format_addr(ep->family, addr_bytes, ep->scope_id, flags != 0, expected_addr);
        ref_format_endpoint(ep->family, addr_bytes, ep->port, ep->scope_id, flags != 0, expected_endpoint);
    }
    uint8_t size_choice = (uint8_t)(port_raw >> 24);
    check_one(mibtcp_format_addr, MIBTCP_ADDR_STR_SIZE, ep, flags, valid ? expected_addr : NULL, size_choice);
    check_one(mibtcp_format_endpoint, MIBTCP_ENDPOINT_STR_SIZE, ep, flags, valid ? expected_endpoint : NULL,
              size_choice);

    char out[MIBTCP_ENDPOINT_STR_SIZE];
    FUZZ_REQUIRE(mibtcp_format_addr(NULL, flags, out, sizeof out) == MIBTCP_ERR_NULL_ARGUMENT && out[0] == '\0');
    out[0] = 'x';
    FUZZ_REQUIRE(mibtcp_format_endpoint(NULL, flags, out, sizeof out) == MIBTCP_ERR_NULL_ARGUMENT && out[0] == '\0');
    FUZZ_REQUIRE(mibtcp_format_addr(ep, flags, NULL, sizeof out) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_format_endpoint(ep, flags, NULL, sizeof out) == MIBTCP_ERR_NULL_ARGUMENT);

    /* Undocumented flag bits and a scope on IPv4: anything but a crash,
     * an unterminated string or an inconsistent truncation. */
    ep->scope_id = scope_id;
    check_one(mibtcp_format_addr, MIBTCP_ADDR_STR_SIZE, ep, flag_bits, NULL, size_choice);
    check_one(mibtcp_format_endpoint, MIBTCP_ENDPOINT_STR_SIZE, ep, flag_bits, NULL, size_choice);
    free(ep);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_cursor cursor = fuzz_cursor_make(data, size);
    for (size_t i = 0; i < MAX_RECORDS_PER_INPUT && cursor.left > 0; ++i) {
        check_record(&cursor);
    }
    return 0;
}
