/* Address and endpoint text: dotted quads, RFC 5952 IPv6, scopes, truncation. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mibtcp.h"
#include "run_suite.h"

typedef struct v6_case {
    uint8_t addr[16];
    uint32_t scope_id;
    unsigned flags;
    const char *text;
} v6_case;

#define G(hi, lo) (uint8_t)((hi) >> 8), (uint8_t)(hi), (uint8_t)((lo) >> 8), (uint8_t)(lo)
/* Eight 16-bit groups, as written in an IPv6 address. */
#define V6(a, b, c, d, e, f, g, h)         \
    {                                      \
        G(a, b), G(c, d), G(e, f), G(g, h) \
    }

static const v6_case v6_cases[] = {
    {V6(0, 0, 0, 0, 0, 0, 0, 0), 0, 0, "::"},
    {V6(0, 0, 0, 0, 0, 0, 0, 1), 0, 0, "::1"},
    {V6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1), 0, 0, "2001:db8::1"},
    /* Two equal runs: the first is compressed. */
    {V6(0x2001, 0xdb8, 0, 0, 1, 0, 0, 1), 0, 0, "2001:db8::1:0:0:1"},
    {V6(0x2001, 0, 0, 1, 1, 0, 0, 1), 0, 0, "2001::1:1:0:0:1"},
    /* The longest run wins even when it comes second. */
    {V6(0x2001, 0, 0, 1, 0, 0, 0, 1), 0, 0, "2001:0:0:1::1"},
    /* A single zero group is never compressed. */
    {V6(0x2001, 0xdb8, 0, 1, 1, 1, 1, 1), 0, 0, "2001:db8:0:1:1:1:1:1"},
    {V6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0), 0, 0, "2001:db8::"},
    {V6(1, 0, 0, 0, 0, 0, 0, 0), 0, 0, "1::"},
    {V6(0, 1, 0, 0, 0, 0, 0, 0), 0, 0, "0:1::"},
    /* Leading zeros dropped, lowercase hex. */
    {V6(0x2001, 0x0db8, 0x00aa, 0x000b, 0x0c00, 0xDDDD, 0xABCD, 0xEF01), 0, 0, "2001:db8:aa:b:c00:dddd:abcd:ef01"},
    {V6(0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff), 0, 0,
     "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},
    /* IPv4-mapped addresses end in a dotted quad. */
    {V6(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201), 0, 0, "::ffff:192.0.2.1"},
    {V6(0, 0, 0, 0, 0, 0xffff, 0, 0), 0, 0, "::ffff:0.0.0.0"},
    /* Scopes: only with the flag, only when not 0, in decimal as stored. */
    {V6(0xfe80, 0, 0, 0, 0, 0, 0, 1), 7, MIBTCP_FORMAT_SCOPE, "fe80::1%7"},
    {V6(0xfe80, 0, 0, 0, 0, 0, 0, 1), 7, 0, "fe80::1"},
    {V6(0xfe80, 0, 0, 0, 0, 0, 0, 1), 0, MIBTCP_FORMAT_SCOPE, "fe80::1"},
    {V6(0xfe80, 0, 0, 0, 0x215, 0x5dff, 0xfe01, 0x203), 0x0C000000u, MIBTCP_FORMAT_SCOPE,
     "fe80::215:5dff:fe01:203%201326592"},
    {V6(0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff), UINT32_MAX, MIBTCP_FORMAT_SCOPE,
     "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff%4294967295"},
};

static mibtcp_endpoint endpoint_of(mibtcp_family family, const uint8_t *addr, size_t addr_len, uint32_t scope_id,
                                   uint16_t port)
{
    mibtcp_endpoint ep;
    memset(&ep, 0, sizeof ep);
    ep.family = family;
    memcpy(ep.addr, addr, addr_len);
    ep.port = port;
    ep.port_raw = (uint32_t)(port >> 8 | (port & 0xff) << 8);
    ep.scope_id = scope_id;
    return ep;
}

static mibtcp_endpoint v6_endpoint(const uint8_t *addr, uint32_t scope_id, uint16_t port)
{
    return endpoint_of(MIBTCP_FAMILY_IPV6, addr, 16, scope_id, port);
}

static mibtcp_endpoint v4_endpoint(const uint8_t *addr, uint16_t port)
{
    return endpoint_of(MIBTCP_FAMILY_IPV4, addr, 4, 0, port);
}

typedef mibtcp_status (*format_fn)(const mibtcp_endpoint *ep, unsigned flags, char *out, size_t size);

/*
 * Format into every size from 0 to one past the text: below the full size the
 * result is the longest prefix plus NUL and ERR_OUTPUT_TRUNCATED; size 0 writes
 * nothing; nothing is ever written past the size given.
 */
static void expect_formats(format_fn format, const mibtcp_endpoint *ep, unsigned flags, const char *expected)
{
    size_t len = strlen(expected);
    char out[MIBTCP_ENDPOINT_STR_SIZE + 8];
    ck_assert_uint_lt(len + 1, sizeof out);
    for (size_t size = 0; size <= len + 1; size++) {
        memset(out, '#', sizeof out);
        mibtcp_status status = format(ep, flags, out, size);
        if (size > len) {
            ck_assert_int_eq(status, MIBTCP_OK);
            ck_assert_str_eq(out, expected);
        } else {
            ck_assert_msg(status == MIBTCP_ERR_OUTPUT_TRUNCATED, "size %zu for \"%s\": %s", size, expected,
                          mibtcp_status_name(status));
            if (size > 0) {
                ck_assert_msg(strncmp(out, expected, size - 1) == 0 && out[size - 1] == '\0',
                              "size %zu: \"%.*s\" is not the prefix of \"%s\"", size, (int)size, out, expected);
            }
        }
        for (size_t b = size; b < sizeof out; b++) {
            ck_assert_msg(out[b] == '#', "size %zu: byte %zu written", size, b);
        }
    }
}

START_TEST(ipv6_addresses_follow_rfc5952)
{
    const v6_case *c = &v6_cases[_i];
    mibtcp_endpoint ep = v6_endpoint(c->addr, c->scope_id, 0);
    expect_formats(mibtcp_format_addr, &ep, c->flags, c->text);
}
END_TEST

START_TEST(longest_address_fits_the_documented_size)
{
    const v6_case *longest = &v6_cases[sizeof v6_cases / sizeof v6_cases[0] - 1];
    mibtcp_endpoint ep = v6_endpoint(longest->addr, longest->scope_id, 65535);
    char addr[MIBTCP_ADDR_STR_SIZE];
    ck_assert_int_eq(mibtcp_format_addr(&ep, MIBTCP_FORMAT_SCOPE, addr, sizeof addr), MIBTCP_OK);
    ck_assert_uint_eq(strlen(addr), 50);
    char out[MIBTCP_ENDPOINT_STR_SIZE];
    ck_assert_int_eq(mibtcp_format_endpoint(&ep, MIBTCP_FORMAT_SCOPE, out, sizeof out), MIBTCP_OK);
    ck_assert_str_eq(out, "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff%4294967295]:65535");
}
END_TEST

START_TEST(ipv4_addresses_are_dotted_quads)
{
    static const struct {
        uint8_t addr[4];
        const char *text;
    } cases[] = {
        {{192, 0, 2, 1}, "192.0.2.1"},
        {{0, 0, 0, 0}, "0.0.0.0"},
        {{255, 255, 255, 255}, "255.255.255.255"},
        {{10, 0, 100, 9}, "10.0.100.9"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mibtcp_endpoint ep = v4_endpoint(cases[i].addr, 0);
        expect_formats(mibtcp_format_addr, &ep, 0, cases[i].text);
        /* The scope flag means nothing for IPv4, even with a stray scope id. */
        ep.scope_id = 5;
        expect_formats(mibtcp_format_addr, &ep, MIBTCP_FORMAT_SCOPE, cases[i].text);
    }
}
END_TEST

START_TEST(endpoints)
{
    static const uint8_t v4[4] = {192, 0, 2, 1};
    static const uint8_t v6[16] = V6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1);
    static const uint8_t link_local[16] = V6(0xfe80, 0, 0, 0, 0, 0, 0, 1);

    mibtcp_endpoint ep = v4_endpoint(v4, 80);
    expect_formats(mibtcp_format_endpoint, &ep, 0, "192.0.2.1:80");
    ep.port = 0;
    expect_formats(mibtcp_format_endpoint, &ep, 0, "192.0.2.1:0");

    ep = v6_endpoint(v6, 0, 443);
    expect_formats(mibtcp_format_endpoint, &ep, MIBTCP_FORMAT_SCOPE, "[2001:db8::1]:443");

    ep = v6_endpoint(link_local, 7, 65535);
    expect_formats(mibtcp_format_endpoint, &ep, MIBTCP_FORMAT_SCOPE, "[fe80::1%7]:65535");
    expect_formats(mibtcp_format_endpoint, &ep, 0, "[fe80::1]:65535");
}
END_TEST

START_TEST(endpoint_port_is_the_host_order_port_not_the_raw_dword)
{
    static const uint8_t v4[4] = {127, 0, 0, 1};
    mibtcp_endpoint ep = v4_endpoint(v4, 8080);
    ep.port_raw = 0xFFFF0000u | ep.port_raw;
    expect_formats(mibtcp_format_endpoint, &ep, 0, "127.0.0.1:8080");
}
END_TEST

START_TEST(bad_family_is_rejected)
{
    static const uint8_t addr[16] = {0};
    static const int bad[] = {MIBTCP_FAMILY_NONE, 5, 2, 10};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mibtcp_endpoint ep = endpoint_of((mibtcp_family)bad[i], addr, sizeof addr, 0, 80);
        char out[MIBTCP_ENDPOINT_STR_SIZE];
        memset(out, '#', sizeof out);
        ck_assert_int_eq(mibtcp_format_addr(&ep, 0, out, sizeof out), MIBTCP_ERR_BAD_FAMILY);
        ck_assert_str_eq(out, "");
        memset(out, '#', sizeof out);
        ck_assert_int_eq(mibtcp_format_endpoint(&ep, 0, out, sizeof out), MIBTCP_ERR_BAD_FAMILY);
        ck_assert_str_eq(out, "");
    }
}
END_TEST

/* 0.1's endpoint pointed at caller memory, so family IPv6 over a 4-byte
 * address over-read it. The bytes now live in the endpoint: on the heap,
 * with nothing around it, formatting reads only what is there. */
START_TEST(ipv6_family_over_four_address_bytes_reads_only_the_endpoint)
{
    static const uint8_t four[4] = {192, 0, 2, 1};
    mibtcp_endpoint *ep = malloc(sizeof *ep);
    ck_assert_ptr_nonnull(ep);
    *ep = endpoint_of(MIBTCP_FAMILY_IPV6, four, sizeof four, 0, 443);
    expect_formats(mibtcp_format_addr, ep, MIBTCP_FORMAT_SCOPE, "c000:201::");
    expect_formats(mibtcp_format_endpoint, ep, MIBTCP_FORMAT_SCOPE, "[c000:201::]:443");
    free(ep);
}
END_TEST

START_TEST(null_endpoint_is_rejected)
{
    char out[MIBTCP_ENDPOINT_STR_SIZE];
    ck_assert_int_eq(mibtcp_format_addr(NULL, 0, out, sizeof out), MIBTCP_ERR_NULL_ARGUMENT);
    ck_assert_int_eq(mibtcp_format_endpoint(NULL, 0, out, sizeof out), MIBTCP_ERR_NULL_ARGUMENT);
}
END_TEST

static Suite *format_suite(void)
{
    Suite *s = suite_create("format");
    TCase *tc = tcase_create("addresses");
    tcase_add_loop_test(tc, ipv6_addresses_follow_rfc5952, 0, (int)(sizeof v6_cases / sizeof v6_cases[0]));
    tcase_add_test(tc, longest_address_fits_the_documented_size);
    tcase_add_test(tc, ipv4_addresses_are_dotted_quads);
    tcase_add_test(tc, endpoints);
    tcase_add_test(tc, endpoint_port_is_the_host_order_port_not_the_raw_dword);
    tcase_add_test(tc, bad_family_is_rejected);
    tcase_add_test(tc, ipv6_family_over_four_address_bytes_reads_only_the_endpoint);
    tcase_add_test(tc, null_endpoint_is_rejected);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(format_suite());
}
