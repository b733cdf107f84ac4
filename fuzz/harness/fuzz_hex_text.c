/* fuzz_hex_text: the CLI's hex-text parser, hex_text_decode()
 * (tools/mibtcp/common/hex_text.c), on the input as text.
 *
 * Invariants: the text is an exact-size allocation with no terminating NUL
 * and every output buffer an exact-size allocation, so nothing is read past
 * len or written past out_cap; out_len <= out_cap; a success decodes at most
 * len / 2 + 1 bytes, and that capacity always suffices (a larger one changes
 * nothing); a failure names a line and column (both from 1) of a byte of the
 * input or the end of that line, with a message; a capacity below the
 * decoded length fails after writing exactly a prefix of the bytes, and the
 * decoded length itself is enough; the bytes, re-encoded as plain hex
 * (xxd -p) or as a 0x list, decode to the same bytes; the same text always
 * gives the same result. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/hex_text.h"
#include "support/invariant.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct decoding {
    bool ok;
    uint8_t *bytes; /* out_cap bytes, an allocation of exactly that size */
    size_t cap;
    size_t len;
    hex_error err;
} decoding;

static void *allocate(size_t size)
{
    void *block = malloc(size > 0 ? size : 1u);
    FUZZ_REQUIRE(block != NULL);
    return block;
}

/* The 1-based line and column of an error, as an offset into the text:
 * inside that line, or at its end (its '\n', or the end of the text). */
static void require_points_inside(const char *text, size_t len, const hex_error *err)
{
    FUZZ_REQUIRE(err->message != NULL && err->message[0] != '\0');
    FUZZ_REQUIRE(err->line >= 1 && err->column >= 1);
    size_t line_start = 0;
    for (size_t line = 1; line < err->line; ++line) {
        const char *newline = memchr(text + line_start, '\n', len - line_start);
        FUZZ_REQUIRE(newline != NULL); /* the text has that many lines */
        line_start = (size_t)(newline - text) + 1u;
    }
    const char *newline = memchr(text + line_start, '\n', len - line_start);
    size_t line_end = newline != NULL ? (size_t)(newline - text) : len;
    FUZZ_REQUIRE(err->column - 1u <= line_end - line_start);
}

static decoding decode(const char *text, size_t len, size_t cap)
{
    decoding d;
    memset(&d, 0, sizeof d);
    d.cap = cap;
    d.bytes = allocate(cap);
    d.len = SIZE_MAX;
    d.ok = hex_text_decode(text, len, d.bytes, cap, &d.len, &d.err);
    FUZZ_REQUIRE(d.len <= cap);
    if (d.ok) {
        FUZZ_REQUIRE(d.len <= len / 2u + 1u);
    } else {
        require_points_inside(text, len, &d.err);
    }
    return d;
}

static void release(decoding *d)
{
    free(d->bytes);
    d->bytes = NULL;
}

static bool same_result(const decoding *a, const decoding *b)
{
    if (a->ok != b->ok) {
        return false;
    }
    if (!a->ok) {
        return a->err.line == b->err.line && a->err.column == b->err.column && a->err.message == b->err.message;
    }
    return a->len == b->len && (a->len == 0 || memcmp(a->bytes, b->bytes, a->len) == 0);
}

/* A capacity below what the text needs: fails, having written the bytes
 * that fit and not one more (the allocation is exactly cap bytes). */
static void check_short_capacity(const char *text, size_t len, const decoding *full, size_t cap)
{
    decoding cut = decode(text, len, cap);
    FUZZ_REQUIRE(!cut.ok);
    FUZZ_REQUIRE(cap == 0 || memcmp(cut.bytes, full->bytes, cap) == 0);
    release(&cut);
}

typedef enum hex_style {
    STYLE_XXD_PLAIN, /* "0300000000000000...", 30 bytes a line */
    STYLE_C_LIST     /* "0x03, 0x00, ...", 12 bytes a line */
} hex_style;

/* @p bytes written in @p style into a fresh allocation of exactly *text_len bytes. */
static char *encode(const uint8_t *bytes, size_t n, hex_style style, size_t *text_len)
{
    const size_t per_line = style == STYLE_XXD_PLAIN ? 30u : 12u;
    const size_t per_byte = style == STYLE_XXD_PLAIN ? 2u : 6u; /* "03" or "0x03, " */
    size_t capacity = n * per_byte + n / per_line + 2u;
    char *text = allocate(capacity + 1u); /* snprintf's NUL */
    size_t used = 0;
    for (size_t i = 0; i < n; ++i) {
        const char *format = style == STYLE_XXD_PLAIN ? "%02x" : "0x%02X, ";
        used += (size_t)snprintf(text + used, capacity + 1u - used, format, bytes[i]);
        if ((i + 1u) % per_line == 0) {
            text[used++] = '\n';
        }
    }
    FUZZ_REQUIRE(used <= capacity);
    char *exact = allocate(used);
    memcpy(exact, text, used);
    free(text);
    *text_len = used;
    return exact;
}

static void check_round_trip(const decoding *full, hex_style style)
{
    size_t text_len = 0;
    char *text = encode(full->bytes, full->len, style, &text_len);
    decoding again = decode(text, text_len, text_len / 2u + 1u);
    FUZZ_REQUIRE(again.ok);
    FUZZ_REQUIRE(same_result(full, &again));
    release(&again);
    free(text);
}

/* hex_digit_value(), shared with the --addr parser: the digit's value for
 * exactly the 22 hex digits, -1 for every other byte. */
static void check_digit_values(const uint8_t *data, size_t size)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < size; ++i) {
        const char c = (char)data[i];
        const char lower = c >= 'A' && c <= 'F' ? (char)(c - 'A' + 'a') : c;
        const char *at = lower != '\0' ? strchr(digits, lower) : NULL;
        FUZZ_REQUIRE(hex_digit_value(c) == (at != NULL ? (int)(at - digits) : -1));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_digit_values(data, size);
    char *text = allocate(size);
    if (size > 0) {
        memcpy(text, data, size);
    }
    const size_t sufficient = size / 2u + 1u;
    decoding full = decode(text, size, sufficient);
    decoding again = decode(text, size, sufficient);
    FUZZ_REQUIRE(same_result(&full, &again));
    release(&again);
    decoding roomier = decode(text, size, sufficient + 16u);
    FUZZ_REQUIRE(same_result(&full, &roomier));
    release(&roomier);

    if (full.ok) {
        decoding tight = decode(text, size, full.len);
        FUZZ_REQUIRE(same_result(&full, &tight));
        release(&tight);
        if (full.len > 0) {
            check_short_capacity(text, size, &full, 0);
            check_short_capacity(text, size, &full, full.len / 2u);
            check_short_capacity(text, size, &full, full.len - 1u);
        }
        check_round_trip(&full, STYLE_XXD_PLAIN);
        check_round_trip(&full, STYLE_C_LIST);
    }
    release(&full);
    free(text);
    return 0;
}
