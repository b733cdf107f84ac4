/* hex_text_decode: every style analysts paste, malformed text located by line
 * and column, and the output capacity respected to the byte. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/hex_text.h"
#include "run_suite.h"

/* The 20 bytes every style below spells: a tcp4-pid header and the start of a row. */
static const uint8_t sample[20] = {0x01, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x7f, 0x00,
                                   0x00, 0x01, 0x01, 0xbb, 0x00, 0x00, 0xc0, 0xa8, 0x01, 0x0a};

/* The first @p len bytes of @p text (no NUL needed) decode to exactly @p want. */
static void expect_decodes_n(const char *text, size_t len, const uint8_t *want, size_t want_len)
{
    static uint8_t out[1 << 15];
    size_t out_len = 12345;
    hex_error err = {0, 0, NULL};
    ck_assert_uint_le(len / 2 + 1, sizeof out);
    const bool ok = hex_text_decode(text, len, out, len / 2 + 1, &out_len, &err);
    ck_assert_msg(ok, "decoding failed at line %zu, column %zu (%s) for:\n%.*s", err.line, err.column,
                  err.message ? err.message : "?", (int)len, text);
    ck_assert_uint_eq(out_len, want_len);
    ck_assert_msg(want_len == 0 || memcmp(out, want, want_len) == 0, "wrong bytes for:\n%.*s", (int)len, text);
}

static void expect_decodes_to(const char *text, const uint8_t *want, size_t want_len)
{
    expect_decodes_n(text, strlen(text), want, want_len);
}

static void expect_sample(const char *text)
{
    expect_decodes_to(text, sample, sizeof sample);
}

static void expect_error_at(const char *text, size_t line, size_t column, const char *message)
{
    uint8_t out[256];
    size_t out_len = 12345;
    hex_error err = {0, 0, NULL};
    const size_t len = strlen(text);
    ck_assert_msg(!hex_text_decode(text, len, out, sizeof out, &out_len, &err), "accepted:\n%s", text);
    ck_assert_uint_eq(out_len, 0);
    ck_assert_ptr_nonnull(err.message);
    ck_assert_str_eq(err.message, message);
    ck_assert_msg(err.line == line && err.column == column, "error at %zu:%zu, expected %zu:%zu for:\n%s", err.line,
                  err.column, line, column, text);
}

/* ---- styles ---- */

START_TEST(xxd_plain)
{
    expect_sample("01000000050000007f00000101bb0000\nc0a8010a\n");
    expect_sample("01000000050000007f00000101bb0000c0a8010a"); /* no final newline */
    expect_sample("01000000050000007F00000101BB0000\r\nC0A8010A\r\n");
}
END_TEST

START_TEST(xxd_with_offsets_and_ascii)
{
    expect_sample("00000000: 0100 0000 0500 0000 7f00 0001 01bb 0000  ................\n"
                  "00000010: c0a8 010a                                ....\n");
    /* ASCII columns that look like hex are not bytes. */
    expect_decodes_to("00000000: 4142 4344                                ABCD\n", (const uint8_t *)"ABCD", 4);
    expect_decodes_to("00000000: 6162 6364  abcd\n", (const uint8_t *)"abcd", 4);
}
END_TEST

START_TEST(hexdump_canonical)
{
    expect_sample("00000000  01 00 00 00 05 00 00 00  7f 00 00 01 01 bb 00 00  |................|\n"
                  "00000010  c0 a8 01 0a                                       |....|\n"
                  "00000014\n");
}
END_TEST

START_TEST(windbg_db)
{
    expect_sample("00000000`0012f000  01 00 00 00 05 00 00 00-7f 00 00 01 01 bb 00 00  ................\n"
                  "00000000`0012f010  c0 a8 01 0a                                      ....\n");
}
END_TEST

START_TEST(lists)
{
    expect_sample("0x01, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x7f, 0x00,\n"
                  "0x00, 0x01, 0x01, 0xbb, 0x00, 0x00, 0xc0, 0xa8, 0x01, 0x0a\n");
    expect_sample("01 00 00 00 05 00 00 00 7f 00 00 01 01 bb 00 00 c0 a8 01 0a");
    expect_sample("01,00,00,00,05,00,00,00,7f,00,00,01,01,bb,00,00,c0,a8,01,0a");
    expect_sample("01;00;00;00;05;00;00;00;7f;00;00;01;01;bb;00;00;c0;a8;01;0a");
    expect_sample("\t01 00 00 00\t05000000 7F000001 0X01, 0XBB,0x00 0x00 c0a8010a  \n");
    /* A single digit is one byte, with or without 0x. */
    expect_sample("0x1,0,0,0,5,0,0,0,0x7f,0,0,1,1,0xbb,0,0,0xc0,0xa8,1,0xa");
    /* Groups of four bytes, as a memory viewer shows DWORDs in byte order. */
    expect_sample("01000000 05000000 7f000001 01bb0000 c0a8010a");
}
END_TEST

START_TEST(comments_and_blank_lines)
{
    expect_sample("# tcp4-pid, one row\n"
                  "\n"
                  "01000000 # dwNumEntries\n"
                  "   \n"
                  "05000000 7f000001 01bb0000 # state, local address, local port\n"
                  "#c0a8010a is the remote address\n"
                  "c0a8010a#no space before the comment\n");
    expect_decodes_to("", NULL, 0);
    expect_decodes_to("# nothing but a comment\n\n\t\n", NULL, 0);
}
END_TEST

START_TEST(reads_exactly_len_bytes)
{
    static const uint8_t one_two[2] = {1, 2};
    expect_decodes_n("0102zz", 4, one_two, sizeof one_two);
    /* Not NUL-terminated: a buffer that ends right after the hex. */
    static const char unterminated[4] = {'a', 'b', 'c', 'd'};
    static const uint8_t ab_cd[2] = {0xab, 0xcd};
    expect_decodes_n(unterminated, sizeof unterminated, ab_cd, sizeof ab_cd);
}
END_TEST

/* An ASCII column may show any printable byte. */
START_TEST(ascii_column_with_a_bar_is_not_hexdump)
{
    static const uint8_t bar[9] = {1, 0, 0, 0, 0, 0, 0, 0, '|'};
    expect_decodes_to("00000000: 0100 0000 0000 0000 7c                   ........|\n", bar, sizeof bar);
    expect_decodes_to("00000000`0012f000  01 00 00 00 00 00 00 00-7c                       ........|\n", bar,
                      sizeof bar);
}
END_TEST

/* A long run of hex followed by blanks is data, not a hexdump -C offset. */
START_TEST(hex_run_followed_by_blanks_is_data)
{
    static const uint8_t bytes[16] = {1};
    expect_decodes_to("0100000000000000  # dwNumEntries and padding\n0000000000000000\n", bytes, sizeof bytes);
    expect_decodes_to("0100000000000000  \n0000000000000000\n", bytes, sizeof bytes);
}
END_TEST

/* Little-endian groups, as each tool writes them: the expected bytes are the
 * sample's, so the groups below were reversed by hand. */
START_TEST(xxd_little_endian_groups)
{
    expect_sample("00000000: 00000001 00000005 0100007f 0000bb01  ................\n"
                  "00000010: 0a01a8c0                             ....\n"); /* xxd -e */
    expect_sample("00000000: 0000000500000001 0000bb010100007f  ................\n"
                  "00000010:         0a01a8c0                   ....\n"); /* xxd -e -g8, last group partial */
    /* xxd -g4 (byte order) is told from xxd -e by a printable byte in the ASCII column. */
    static const uint8_t abcd[8] = {'A', 'B', 'C', 'D', 1, 0, 0, 0};
    expect_decodes_to("00000000: 41424344 01000000  ABCD....\n", abcd, sizeof abcd);
    expect_decodes_to("00000000: 44434241 00000001  ABCD....\n", abcd, sizeof abcd);
    /* An ASCII column showing '#' and starting with a blank (byte 0x20) is still the column. */
    static const uint8_t hash[4] = {' ', '#', 1, 2};
    expect_decodes_to("00000000: 2023 0102   #..\n", hash, sizeof hash);
}
END_TEST

START_TEST(windbg_word_dumps)
{
    expect_sample("00000000`0012f000  00000001 00000005 0100007f 0000bb01\n"
                  "00000000`0012f010  0a01a8c0\n"); /* dd */
    expect_sample("0012f000  00000001 00000005 0100007f 0000bb01\n"
                  "0012f010  0a01a8c0\n"); /* dd, 32-bit address */
    expect_sample("0012f000  00000001  00000005  0100007f  0000bb01\n"
                  "0012f010  0a01a8c0\n"); /* several gaps of two blanks */
    expect_sample("0012f000  0001 0000 0005 0000 007f 0100 bb01 0000\n"
                  "0012f010  a8c0 0a01\n"); /* dw */
    expect_sample("0012f000  01 00 00 00 05 00 00 00-7f 00 00 01 01 bb 00 00  ................\n"
                  "0012f010  c0 a8 01 0a                                      ....\n"); /* db, 32-bit */
    expect_sample("0012f000  01 00 00 00 05 00 00 00-7f 00 00 01 01 bb 00 00\n"
                  "0012f010  c0 a8 01 0a\n"); /* db without the ASCII column */
    static const uint8_t qwords[16] = {1, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0x7f, 0, 0, 1};
    expect_decodes_to("00000000`0012f000  00000000`00000001 0100007f`00000005\n", qwords, sizeof qwords); /* dq */
}
END_TEST

/* One line with an address and nothing to confirm it: "01000000  02000000 ..."
 * is a WinDbg dd line at 0x01000000 or eight plain bytes 01 00 00 00 02 00 00 00
 * and more. Refused, as the man page promises; an address that cannot be data
 * (64-bit with a backtick, xxd's colon, od's 7 digits) or a second line that
 * follows it decides. */
START_TEST(one_line_that_reads_two_ways_is_refused)
{
    const char *why = "one line that reads two ways: an address and words (WinDbg dd, od) or plain hex; "
                      "paste the dump's next line too, or remove the address";
    expect_error_at("01000000  02000000 0100007f 0100007f\n", 1, 1, why);
    expect_error_at("# a comment\n  0012f000  00000001 00000005\n", 2, 3, why);
    expect_error_at("000000 0100 0000 0500 0000\n", 1, 1, why); /* od -Ax without its length line */
    static const uint8_t two[8] = {1, 0, 0, 0, 5, 0, 0, 0};
    expect_decodes_to("00000000`0012f000  00000001 00000005\n", two, sizeof two);
    static const uint8_t three[12] = {1, 0, 0, 0, 5, 0, 0, 0, 9, 0, 0, 0};
    expect_decodes_to("0012f000  00000001 00000005\n0012f008  00000009\n", three, sizeof three); /* it follows */
    expect_decodes_to("0000000 0001 0000 0005 0000\n0000010\n", two, sizeof two);
    expect_decodes_to("0012f000  01 00 00 00 05 00 00 00  ........\n", two, sizeof two); /* ASCII: not plain */
}
END_TEST

/* Long lines decode as short ones do (the parser stays linear on them). */
START_TEST(long_lines)
{
    static char text[1 << 16];
    static uint8_t want[1 << 14];
    size_t len = (size_t)snprintf(text, sizeof text, "0012f000");
    for (size_t i = 0; i < 1000; i++) {
        len += (size_t)snprintf(text + len, sizeof text - len, "  %08zx", i);
        for (size_t b = 0; b < 4; b++) {
            want[4 * i + b] = (uint8_t)(i >> (8 * b));
        }
    }
    len += (size_t)snprintf(text + len, sizeof text - len, "\n%08zx  00000000\n", (size_t)0x12f000 + 4000);
    want[4000] = want[4001] = want[4002] = want[4003] = 0;
    expect_decodes_n(text, len, want, 4004); /* a long WinDbg dd line, two blanks between words */
    len = 0;
    for (size_t i = 0; i < 4000; i++) {
        len += (size_t)snprintf(text + len, sizeof text - len, "%02x", want[i]);
    }
    expect_decodes_n(text, len, want, 4000); /* xxd -p without line breaks */
}
END_TEST

START_TEST(od_and_hexdump_words)
{
    expect_sample("0000000 00000001 00000005 0100007f 0000bb01\n"
                  "0000020 0a01a8c0\n"
                  "0000024\n"); /* od -tx4: octal offsets */
    expect_sample("000000 00000001 00000005 0100007f 0000bb01\n"
                  "000010 0a01a8c0\n"
                  "000014\n"); /* od -Ax -tx4 */
    expect_sample("0000000 0001 0000 0005 0000 007f 0100 bb01 0000\n"
                  "0000010 a8c0 0a01\n"
                  "0000014\n"); /* hexdump */
    expect_sample("0000000 01 00 00 00 05 00 00 00 7f 00 00 01 01 bb 00 00\n"
                  "0000020 c0 a8 01 0a\n"
                  "0000024\n"); /* od -tx1 */
    static const uint8_t six[6] = {1, 2, 3, 4, 5, 6};
    expect_decodes_to("0000000 04030201 00000605\n0000006\n", six, sizeof six); /* zero padding cut */
}
END_TEST

/* ---- errors ---- */

START_TEST(errors_name_line_and_column)
{
    expect_error_at("03 00 zz 00\n", 1, 7, "unexpected character in hex text");
    expect_error_at("030000\n0300g0\n", 2, 5, "unexpected character in hex text");
    expect_error_at("0300000\n", 1, 1, "odd number of hex digits in a group");
    expect_error_at("# header\n\n  01 02 003\n", 3, 9, "odd number of hex digits in a group");
    expect_error_at("0x01, 0x, 0x02\n", 1, 9, "'0x' without hex digits");
    expect_error_at("01 02\t\t0x0q\n", 1, 11, "unexpected character in hex text");
    expect_error_at("01\r\n02\r\n0.3\r\n", 3, 2, "unexpected character in hex text");
    expect_error_at("00000000: 0100 0g00  ....\n", 1, 17, "unexpected character in hex text");
    expect_error_at("01 02 03 *\n", 1, 10, "unexpected character in hex text");
    expect_error_at("0000000 0001 -0002\n", 1, 14, "unexpected character in hex text"); /* od has no signs */
    expect_error_at("0000000 0001-0002\n", 1, 13, "unexpected character in hex text");
    expect_error_at("0012f000  00000001\n0012f008  00000005\n", 2, 1,
                    "address does not follow the previous line's (a line of data, or a gap in the dump?)");
    expect_error_at("00000000: 0100 0000  ....\n01 02\n", 2, 1, "line is not in the style of the first line");
    expect_error_at("0000000 0000 0000 0000 0000 0000 0000 0000 0000\n*\n0000040\n", 2, 1,
                    "'*' stands for repeated lines the dump left out: dump again with -v");
    expect_error_at("00000000: 41424344  ABCX\n", 1, 21,
                    "the ASCII column matches neither byte order nor little-endian groups");
    expect_error_at("0000000 0807060504030201\n0000006\n", 1, 11, "non-zero byte past the length on the last line");
    expect_error_at("0000000 00000001\n0000010\n", 2, 1, "length line does not match the bytes above it");
    expect_error_at("0000000 00000001\n0000004\n0000000 01\n", 3, 1, "text after the dump's length line");
    expect_error_at("0012f000  0102030405060708090a0b0c0d0e0f1011\n", 1, 11,
                    "a group of more than 8 bytes after an address");
}
END_TEST

/* ---- capacity ---- */

START_TEST(output_capacity_is_respected)
{
    static const char text[] = "00000000: 0102 0304 0506  ......\n";
    uint8_t out[8];
    size_t out_len = 99;
    hex_error err;
    memset(out, 0xee, sizeof out);
    ck_assert(hex_text_decode(text, strlen(text), out, 6, &out_len, &err));
    ck_assert_uint_eq(out_len, 6);
    ck_assert_uint_eq(out[5], 6);
    ck_assert_uint_eq(out[6], 0xee);

    memset(out, 0xee, sizeof out);
    ck_assert(!hex_text_decode(text, strlen(text), out, 5, &out_len, &err));
    ck_assert_str_eq(err.message, "output buffer full");
    ck_assert_uint_eq(err.line, 1);
    ck_assert_uint_eq(err.column, 23); /* the "06" that did not fit */
    ck_assert_uint_eq(out_len, 0);
    ck_assert_uint_eq(out[5], 0xee); /* nothing written past the capacity */

    ck_assert(!hex_text_decode("0x7", 3, out, 0, &out_len, &err));
    ck_assert_str_eq(err.message, "output buffer full");
    ck_assert_uint_eq(err.column, 3);
    ck_assert(hex_text_decode("# none", 6, out, 0, &out_len, &err));
    ck_assert_uint_eq(out_len, 0);
}
END_TEST

/* len / 2 + 1 always suffices, for any text: decode pseudo-random texts over an
 * alphabet that mixes every style, into exactly that capacity plus a guard. */
START_TEST(half_the_length_plus_one_always_suffices)
{
    static const char alphabet[] = "0123456789abcdefABCDEFxX \t\r\n,;-:`|#";
    uint32_t state = 12345u + (uint32_t)_i;
    char text[64];
    uint8_t out[64];
    for (int round = 0; round < 2000; round++) {
        const size_t len = 1 + (state >> 8) % (sizeof text - 1);
        for (size_t i = 0; i < len; i++) {
            state = state * 1103515245u + 12345u;
            text[i] = alphabet[(state >> 16) % (sizeof alphabet - 1)];
        }
        const size_t cap = len / 2 + 1;
        memset(out, 0xa5, sizeof out);
        size_t out_len = 0;
        hex_error err = {0, 0, NULL};
        if (hex_text_decode(text, len, out, cap, &out_len, &err)) {
            ck_assert_uint_le(out_len, cap);
        } else {
            ck_assert_ptr_nonnull(err.message);
            ck_assert_str_ne(err.message, "output buffer full");
            ck_assert_uint_ge(err.line, 1);
            ck_assert_uint_ge(err.column, 1);
            ck_assert_uint_le(err.column, len);
        }
        ck_assert_uint_eq(out[cap], 0xa5);
    }
}
END_TEST

static Suite *hex_text_suite(void)
{
    Suite *s = suite_create("hex_text");
    TCase *styles = tcase_create("styles");
    tcase_add_test(styles, xxd_plain);
    tcase_add_test(styles, xxd_with_offsets_and_ascii);
    tcase_add_test(styles, hexdump_canonical);
    tcase_add_test(styles, windbg_db);
    tcase_add_test(styles, lists);
    tcase_add_test(styles, comments_and_blank_lines);
    tcase_add_test(styles, reads_exactly_len_bytes);
    tcase_add_test(styles, ascii_column_with_a_bar_is_not_hexdump);
    tcase_add_test(styles, hex_run_followed_by_blanks_is_data);
    tcase_add_test(styles, xxd_little_endian_groups);
    tcase_add_test(styles, windbg_word_dumps);
    tcase_add_test(styles, od_and_hexdump_words);
    tcase_add_test(styles, one_line_that_reads_two_ways_is_refused);
    tcase_add_test(styles, long_lines);
    suite_add_tcase(s, styles);

    TCase *errors = tcase_create("errors");
    tcase_add_test(errors, errors_name_line_and_column);
    suite_add_tcase(s, errors);

    TCase *capacity = tcase_create("capacity");
    tcase_add_test(capacity, output_capacity_is_respected);
    tcase_add_loop_test(capacity, half_the_length_plus_one_always_suffices, 0, 8);
    suite_add_tcase(s, capacity);
    return s;
}

int main(void)
{
    return run_suite(hex_text_suite());
}
