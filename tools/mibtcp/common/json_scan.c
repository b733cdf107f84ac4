#include "common/json_scan.h"

#include <stdint.h>
#include <string.h>

typedef struct scanner {
    const char *text;
    size_t len, at;
    char *scratch;
    const json_handler *h;
    json_error *err;
} scanner;

static bool fail(scanner *s, const char *message)
{
    s->err->offset = s->at;
    s->err->message = message;
    return false;
}

static void skip_space(scanner *s)
{
    while (s->at < s->len &&
           (s->text[s->at] == ' ' || s->text[s->at] == '\t' || s->text[s->at] == '\n' || s->text[s->at] == '\r')) {
        s->at++;
    }
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Four hex digits after "\u". */
static bool read_u16(scanner *s, uint32_t *unit)
{
    if (s->len - s->at < 4) {
        return fail(s, "a \\u escape needs four hex digits");
    }
    *unit = 0;
    for (int i = 0; i < 4; i++) {
        const int d = hex_digit(s->text[s->at + (size_t)i]);
        if (d < 0) {
            return fail(s, "a \\u escape needs four hex digits");
        }
        *unit = *unit << 4 | (uint32_t)d;
    }
    s->at += 4;
    return true;
}

static size_t put_utf8(char *out, uint32_t c)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | c >> 6);
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | c >> 12);
        out[1] = (char)(0x80 | (c >> 6 & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | c >> 18);
    out[1] = (char)(0x80 | (c >> 12 & 0x3F));
    out[2] = (char)(0x80 | (c >> 6 & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* The escape after a backslash, written at out. @return bytes written, 0 on error. */
static size_t read_escape(scanner *s, char *out)
{
    const char c = s->text[s->at++];
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *simple = c != '\0' ? strchr(from, c) : NULL;
    if (simple != NULL) {
        *out = to[simple - from];
        return 1;
    }
    if (c != 'u') {
        s->at--;
        return fail(s, "unknown escape in a string"), 0;
    }
    uint32_t unit;
    if (!read_u16(s, &unit)) {
        return 0;
    }
    if (unit >= 0xD800 && unit < 0xDC00 && s->len - s->at >= 6 && s->text[s->at] == '\\' && s->text[s->at + 1] == 'u') {
        const size_t back = s->at;
        s->at += 2;
        uint32_t low;
        if (!read_u16(s, &low)) {
            return 0;
        }
        if (low >= 0xDC00 && low < 0xE000) {
            return put_utf8(out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
        }
        s->at = back; /* not a pair: the second escape stands alone */
    }
    return put_utf8(out, unit >= 0xD800 && unit < 0xE000 ? 0xFFFD : unit);
}

/* A string at s->at (its opening quote), unescaped into out. */
static bool read_string(scanner *s, char *out, size_t *out_len)
{
    s->at++;
    size_t n = 0;
    while (s->at < s->len) {
        const unsigned char c = (unsigned char)s->text[s->at];
        if (c == '"') {
            s->at++;
            out[n] = '\0';
            *out_len = n;
            return true;
        }
        if (c < 0x20) {
            return fail(s, "a control character inside a string");
        }
        s->at++;
        if (c == '\\') {
            if (s->at >= s->len) {
                break;
            }
            const size_t wrote = read_escape(s, out + n);
            if (wrote == 0) {
                return false;
            }
            n += wrote;
        } else {
            out[n++] = (char)c;
        }
    }
    return fail(s, "a string without its closing quote");
}

static bool is_digit(scanner *s)
{
    return s->at < s->len && s->text[s->at] >= '0' && s->text[s->at] <= '9';
}

static bool read_number(scanner *s)
{
    if (s->text[s->at] == '-') {
        s->at++;
    }
    if (!is_digit(s)) {
        return fail(s, "a number needs a digit");
    }
    if (s->text[s->at] == '0') {
        s->at++;
    } else {
        while (is_digit(s)) {
            s->at++;
        }
    }
    if (s->at < s->len && s->text[s->at] == '.') {
        s->at++;
        if (!is_digit(s)) {
            return fail(s, "a digit must follow the decimal point");
        }
        while (is_digit(s)) {
            s->at++;
        }
    }
    if (s->at < s->len && (s->text[s->at] == 'e' || s->text[s->at] == 'E')) {
        s->at++;
        if (s->at < s->len && (s->text[s->at] == '+' || s->text[s->at] == '-')) {
            s->at++;
        }
        if (!is_digit(s)) {
            return fail(s, "an exponent needs a digit");
        }
        while (is_digit(s)) {
            s->at++;
        }
    }
    return true;
}

static bool read_literal(scanner *s, const char *word)
{
    const size_t n = strlen(word);
    if (s->len - s->at < n || memcmp(s->text + s->at, word, n) != 0) {
        return fail(s, "not a JSON value");
    }
    s->at += n;
    return true;
}

static bool read_value(scanner *s, unsigned depth, const char *key, size_t key_len, char *value_out);

static bool read_container(scanner *s, unsigned depth, bool object)
{
    if (depth > JSON_SCAN_MAX_DEPTH) {
        return fail(s, "nested deeper than the scanner allows");
    }
    const char close = object ? '}' : ']';
    s->at++;
    skip_space(s);
    if (s->at < s->len && s->text[s->at] == close) {
        s->at++;
        if (object && s->h->object_end != NULL) {
            s->h->object_end(s->h->ctx, depth);
        }
        return true;
    }
    for (;;) {
        skip_space(s);
        if (s->at >= s->len) {
            return fail(s, object ? "the text ends inside an object" : "the text ends inside an array");
        }
        size_t key_len = 0;
        if (object) {
            if (s->at >= s->len || s->text[s->at] != '"') {
                return fail(s, "an object member needs a string key");
            }
            if (!read_string(s, s->scratch, &key_len)) {
                return false;
            }
            skip_space(s);
            if (s->at >= s->len || s->text[s->at] != ':') {
                return fail(s, "a ':' must follow an object key");
            }
            s->at++;
            skip_space(s);
        }
        if (!read_value(s, depth, object ? s->scratch : NULL, key_len, s->scratch + key_len + 1)) {
            return false;
        }
        skip_space(s);
        if (s->at >= s->len) {
            return fail(s, object ? "an object without its closing '}'" : "an array without its closing ']'");
        }
        if (s->text[s->at] == ',') {
            s->at++;
            continue;
        }
        if (s->text[s->at] != close) {
            return fail(s, object ? "expected ',' or '}'" : "expected ',' or ']'");
        }
        s->at++;
        if (object && s->h->object_end != NULL) {
            s->h->object_end(s->h->ctx, depth);
        }
        return true;
    }
}

/* A value at s->at; a scalar with a key is reported as a member of the
 * object at @p depth. */
static bool read_value(scanner *s, unsigned depth, const char *key, size_t key_len, char *value_out)
{
    if (s->at >= s->len) {
        return fail(s, "a value is missing");
    }
    json_member m = {depth, key, key_len, JSON_NULL, "", 0};
    const char c = s->text[s->at];
    const size_t start = s->at;
    bool ok;
    switch (c) {
    case '{':
    case '[': return read_container(s, depth + 1, c == '{');
    case '"':
        m.type = JSON_STRING;
        ok = read_string(s, value_out, &m.value_len);
        m.value = value_out;
        break;
    case 't':
        m.type = JSON_TRUE;
        ok = read_literal(s, "true");
        break;
    case 'f':
        m.type = JSON_FALSE;
        ok = read_literal(s, "false");
        break;
    case 'n': ok = read_literal(s, "null"); break;
    default:
        m.type = JSON_NUMBER;
        ok = read_number(s);
        m.value = s->text + start;
        m.value_len = s->at - start;
        break;
    }
    if (ok && key != NULL && s->h->member != NULL) {
        s->h->member(s->h->ctx, &m);
    }
    return ok;
}

bool json_scan(const char *text, size_t len, char *scratch, const json_handler *h, json_error *err)
{
    scanner s = {text, len, 0, scratch, h, err};
    for (;;) {
        skip_space(&s);
        if (s.at >= s.len) {
            return true;
        }
        if (!read_value(&s, 0, NULL, 0, scratch)) {
            return false;
        }
    }
}
