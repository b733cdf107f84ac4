#include "common/utf8_json.h"

/* Length of the valid UTF-8 sequence at s (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF), or 0 when it is not one. */
static size_t utf8_sequence(const unsigned char *s)
{
    const unsigned char b = s[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
        n = 2;
    } else if (b >= 0xe0 && b <= 0xef) {
        n = 3;
        lo = b == 0xe0 ? 0xa0 : 0x80;
        hi = b == 0xed ? 0x9f : 0xbf;
    } else if (b >= 0xf0 && b <= 0xf4) {
        n = 4;
        lo = b == 0xf0 ? 0x90 : 0x80;
        hi = b == 0xf4 ? 0x8f : 0xbf;
    } else {
        return 0;
    }
    if (s[1] < lo || s[1] > hi) {
        return 0;
    }
    for (size_t i = 2; i < n; i++) {
        if (s[i] < 0x80 || s[i] > 0xbf) { /* also stops at the terminating NUL */
            return 0;
        }
    }
    return n;
}

size_t json_escape_char(const unsigned char *s, size_t *consumed, char out[7])
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char b = s[0];
    *consumed = 1;
    if (b == '"' || b == '\\') {
        out[0] = '\\';
        out[1] = (char)b;
        return 2;
    }
    if (b < 0x20) {
        const char six[6] = {'\\', 'u', '0', '0', hex[b >> 4], hex[b & 0xf]};
        for (size_t i = 0; i < 6; i++) {
            out[i] = six[i];
        }
        return 6;
    }
    if (b < 0x80) {
        return 0;
    }
    const size_t n = utf8_sequence(s);
    if (n > 0) {
        *consumed = n;
        return 0;
    }
    out[0] = '\xef', out[1] = '\xbf', out[2] = '\xbd'; /* U+FFFD REPLACEMENT CHARACTER */
    return 3;
}
