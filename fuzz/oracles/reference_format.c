#include "oracles/reference_format.h"

#include <stdio.h>
#include <string.h>

#include "support/invariant.h"

static void append(char out[REF_TEXT_SIZE], const char *text)
{
    FUZZ_REQUIRE(strlen(out) + strlen(text) < REF_TEXT_SIZE);
    strcat(out, text);
}

static void append_number(char out[REF_TEXT_SIZE], const char *format, unsigned long value)
{
    char number[24];
    snprintf(number, sizeof number, format, value);
    append(out, number);
}

static void append_dotted_quad(char out[REF_TEXT_SIZE], const uint8_t *bytes)
{
    for (size_t i = 0; i < 4; ++i) {
        if (i > 0) {
            append(out, ".");
        }
        append_number(out, "%lu", bytes[i]);
    }
}

static bool is_ipv4_mapped(const uint8_t *addr)
{
    for (size_t i = 0; i < 10; ++i) {
        if (addr[i] != 0) {
            return false;
        }
    }
    return addr[10] == 0xff && addr[11] == 0xff;
}

static void append_ipv6_groups(char out[REF_TEXT_SIZE], const uint8_t *addr)
{
    unsigned long groups[8];
    for (size_t i = 0; i < 8; ++i) {
        groups[i] = (unsigned long)addr[2 * i] * 256ul + addr[2 * i + 1];
    }
    /* The longest run of zero groups, the first one on ties; only runs of
     * two or more groups are compressed (RFC 5952 §4.2.2). */
    size_t best_start = 8, best_length = 0;
    for (size_t start = 0; start < 8; ++start) {
        size_t length = 0;
        while (start + length < 8 && groups[start + length] == 0) {
            ++length;
        }
        if (length > best_length) {
            best_start = start;
            best_length = length;
        }
    }
    if (best_length < 2) {
        best_start = 8;
    }
    for (size_t i = 0; i < 8; ++i) {
        if (i == best_start) {
            append(out, "::");
            i += best_length - 1;
            continue;
        }
        if (i > 0 && i != best_start + best_length) {
            append(out, ":");
        }
        append_number(out, "%lx", groups[i]);
    }
}

void ref_format_addr(mibtcp_family family, const uint8_t *addr, uint32_t scope_id, bool with_scope,
                     char out[REF_TEXT_SIZE])
{
    out[0] = '\0';
    if (family == MIBTCP_FAMILY_IPV4) {
        append_dotted_quad(out, addr);
        return;
    }
    FUZZ_REQUIRE(family == MIBTCP_FAMILY_IPV6);
    if (is_ipv4_mapped(addr)) {
        append(out, "::ffff:");
        append_dotted_quad(out, addr + 12);
    } else {
        append_ipv6_groups(out, addr);
    }
    if (with_scope && scope_id != 0) {
        append_number(out, "%%%lu", scope_id);
    }
}

void ref_format_endpoint(mibtcp_family family, const uint8_t *addr, uint16_t port, uint32_t scope_id, bool with_scope,
                         char out[REF_TEXT_SIZE])
{
    char address[REF_TEXT_SIZE];
    ref_format_addr(family, addr, scope_id, with_scope, address);
    out[0] = '\0';
    if (family == MIBTCP_FAMILY_IPV6) {
        append(out, "[");
        append(out, address);
        append(out, "]");
    } else {
        append(out, address);
    }
    append_number(out, ":%lu", port);
}
