#include "hex_text.h"

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_separator(char c)
{
    return is_space(c) || c == ',' || c == ';';
}

typedef struct line_view {
    const char *text; /* start of the whole input, for columns */
    size_t begin, end; /* the part of the line that holds hex bytes */
    size_t number;
} line_view;

static size_t find_char(const char *text, size_t begin, size_t end, char c)
{
    for (size_t i = begin; i < end; i++) {
        if (text[i] == c) {
            return i;
        }
    }
    return end;
}

static size_t skip_spaces(const char *text, size_t i, size_t end)
{
    while (i < end && is_space(text[i])) {
        i++;
    }
    return i;
}

typedef enum offset_style {
    OFFSET_NONE,
    OFFSET_COLON,     /* xxd: "00000000:" */
    OFFSET_BACKTICK,  /* WinDbg: "00000000`0012f000" */
    OFFSET_HEXDUMP_C  /* hexdump -C: "00000000  03 00 ... |....|" */
} offset_style;

/* Classifies the line's leading token and returns where it ends. A bare
 * token counts as an offset only on hexdump -C lines, which always carry
 * their |ascii| column: a plain hex line never loses a token. */
static offset_style leading_offset(const line_view *l, bool line_has_bars, bool input_has_bars, size_t *after)
{
    const char *t = l->text;
    const size_t i = skip_spaces(t, l->begin, l->end);
    size_t token_end = i;
    bool backtick = false;
    while (token_end < l->end && (hex_value(t[token_end]) >= 0 || t[token_end] == '`')) {
        backtick |= t[token_end] == '`';
        token_end++;
    }
    const size_t digits = token_end - i;
    *after = token_end;
    if (digits > 0 && token_end < l->end && t[token_end] == ':') {
        *after = token_end + 1;
        return OFFSET_COLON;
    }
    if (backtick) {
        return OFFSET_BACKTICK;
    }
    if (digits >= 7 && line_has_bars && token_end + 1 < l->end && t[token_end] == ' ' && t[token_end + 1] == ' ') {
        return OFFSET_HEXDUMP_C;
    }
    if (digits >= 7 && input_has_bars && !line_has_bars && skip_spaces(t, token_end, l->end) == l->end) {
        return OFFSET_HEXDUMP_C; /* hexdump -C ends with a line holding only the total length */
    }
    return OFFSET_NONE;
}

/* Narrows the line to its hex bytes: drops the offset and the ASCII column
 * (after two spaces for xxd and WinDbg, between bars for hexdump -C, whose
 * hex area itself contains two spaces). A '|' inside an xxd ASCII column is
 * data, not a hexdump -C marker. */
static void strip_offset_and_ascii(line_view *l, bool input_has_bars)
{
    const size_t bar = find_char(l->text, l->begin, l->end, '|');
    size_t after;
    const offset_style style = leading_offset(l, bar < l->end, input_has_bars, &after);
    if (style == OFFSET_NONE) {
        l->end = bar; /* a lone '|' column without an offset: still an ASCII column */
        return;
    }
    l->begin = skip_spaces(l->text, after, l->end);
    if (style == OFFSET_HEXDUMP_C) {
        l->end = bar;
        return;
    }
    for (size_t j = l->begin; j + 1 < l->end; j++) {
        if (l->text[j] == ' ' && l->text[j + 1] == ' ') {
            l->end = j;
            return;
        }
    }
}

static bool fail(hex_error *err, const line_view *l, size_t at, const char *message)
{
    size_t line_start = at;
    while (line_start > 0 && l->text[line_start - 1] != '\n') {
        line_start--;
    }
    *err = (hex_error){l->number, at - line_start + 1, message};
    return false;
}

static bool decode_line(const line_view *l, uint8_t *out, size_t out_cap, size_t *n, hex_error *err)
{
    const char *t = l->text;
    size_t i = l->begin;
    while (i < l->end) {
        if (is_separator(t[i]) || t[i] == '-') { /* WinDbg puts '-' between the 8th and 9th byte */
            i++;
            continue;
        }
        size_t start = i;
        if (t[i] == '0' && i + 1 < l->end && (t[i + 1] == 'x' || t[i + 1] == 'X')) {
            start = i += 2;
        }
        while (i < l->end && hex_value(t[i]) >= 0) {
            i++;
        }
        if (i < l->end && !is_separator(t[i]) && t[i] != '-') {
            return fail(err, l, i, "unexpected character in hex text");
        }
        const size_t digits = i - start;
        if (digits == 0) {
            return fail(err, l, start, "'0x' without hex digits");
        }
        if (digits % 2 != 0 && digits != 1) {
            return fail(err, l, start, "odd number of hex digits in a group");
        }
        if (digits == 1) { /* "0x3" or "3," in a list: one byte */
            if (*n >= out_cap) {
                return fail(err, l, start, "output buffer full");
            }
            out[(*n)++] = (uint8_t)hex_value(t[start]);
            continue;
        }
        for (size_t d = start; d < i; d += 2) {
            if (*n >= out_cap) {
                return fail(err, l, d, "output buffer full");
            }
            out[(*n)++] = (uint8_t)(hex_value(t[d]) << 4 | hex_value(t[d + 1]));
        }
    }
    return true;
}

/* Does any line look like hexdump -C (a bare offset, two spaces, and a
 * |ascii| column)? Only then is a final lone number its length line. */
static bool hexdump_c_input(const char *text, size_t len)
{
    for (size_t begin = 0, line_number = 1; begin < len; line_number++) {
        size_t end = find_char(text, begin, len, '\n');
        const size_t next = end < len ? end + 1 : len;
        end = find_char(text, begin, end, '#');
        const line_view l = {text, begin, end, line_number};
        size_t after;
        if (leading_offset(&l, find_char(text, begin, end, '|') < end, false, &after) == OFFSET_HEXDUMP_C) {
            return true;
        }
        begin = next;
    }
    return false;
}

bool hex_text_decode(const char *text, size_t len, uint8_t *out, size_t out_cap, size_t *out_len, hex_error *err)
{
    size_t n = 0;
    size_t line_number = 1;
    const bool input_has_bars = hexdump_c_input(text, len);
    *out_len = 0;
    for (size_t begin = 0; begin < len; line_number++) {
        size_t end = find_char(text, begin, len, '\n');
        const size_t next = end < len ? end + 1 : len;
        end = find_char(text, begin, end, '#');
        line_view l = {text, begin, end, line_number};
        strip_offset_and_ascii(&l, input_has_bars);
        if (!decode_line(&l, out, out_cap, &n, err)) {
            return false;
        }
        begin = next;
    }
    *out_len = n;
    return true;
}
