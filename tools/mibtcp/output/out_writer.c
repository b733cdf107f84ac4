#include <errno.h>

#include "common/utf8_json.h"
#include "output/out_writer.h"

void out_init(out_writer *w, FILE *stream)
{
    w->stream = stream;
    w->len = 0;
    w->error = 0;
}

void out_flush(out_writer *w)
{
    if (w->len > 0 && w->error == 0) {
        errno = 0;
        if (fwrite(w->buf, 1, w->len, w->stream) != w->len) {
            w->error = errno != 0 ? errno : EIO;
        }
    }
    w->len = 0;
}

/* "00".."99": two digits per division. */
static const char digit_pairs[201] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                     "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                     "8081828384858687888990919293949596979899";

/* Writes v's digits ending at end; returns where they start. */
static char *decimal_digits(char *end, uint32_t v)
{
    while (v >= 100) {
        const uint32_t pair = v % 100 * 2;
        v /= 100;
        *--end = digit_pairs[pair + 1];
        *--end = digit_pairs[pair];
    }
    if (v >= 10) {
        *--end = digit_pairs[v * 2 + 1];
        *--end = digit_pairs[v * 2];
    } else {
        *--end = (char)('0' + v);
    }
    return end;
}

void out_u64(out_writer *w, uint64_t v)
{
    char digits[20];
    char *end = digits + sizeof digits;
    char *start;
    /* Mostly 32-bit divisions: the low 8 digits, then the rest. */
    if (v >= UINT64_C(100000000)) {
        char *low = end - 8;
        start = decimal_digits(end, (uint32_t)(v % UINT64_C(100000000)));
        while (start > low) {
            *--start = '0';
        }
        v /= UINT64_C(100000000);
        if (v >= UINT64_C(100000000)) {
            char *middle = start - 8;
            start = decimal_digits(start, (uint32_t)(v % UINT64_C(100000000)));
            while (start > middle) {
                *--start = '0';
            }
            v /= UINT64_C(100000000);
        }
        start = decimal_digits(start, (uint32_t)v);
    } else {
        start = decimal_digits(end, (uint32_t)v);
    }
    out_bytes(w, start, (size_t)(end - start));
}

void out_i64(out_writer *w, int64_t v)
{
    if (v < 0) {
        out_char(w, '-');
        out_u64(w, (uint64_t)0 - (uint64_t)v);
    } else {
        out_u64(w, (uint64_t)v);
    }
}

void out_hex(out_writer *w, const uint8_t *bytes, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t done = 0; done < n;) {
        const size_t chunk = n - done < OUT_BUFFER_SIZE / 2 ? n - done : OUT_BUFFER_SIZE / 2;
        char *p = out_space(w, 2 * chunk);
        const uint8_t *b = bytes + done;
        for (size_t i = 0; i < chunk; i++) {
            p[2 * i] = digits[b[i] >> 4];
            p[2 * i + 1] = digits[b[i] & 0xf];
        }
        w->len += 2 * chunk;
        done += chunk;
    }
}

void out_json_string(out_writer *w, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    out_char(w, '"');
    while (*p != '\0') {
        const unsigned char *run = p;
        size_t consumed = 0;
        char escaped[7];
        size_t n = 0;
        while (*p != '\0' && (n = json_escape_char(p, &consumed, escaped)) == 0) {
            p += consumed;
        }
        out_bytes(w, (const char *)run, (size_t)(p - run));
        if (*p != '\0') {
            out_bytes(w, escaped, n);
            p += consumed;
        }
    }
    out_char(w, '"');
}

bool out_stream_finish(FILE *stream, const char *command, int error)
{
    errno = 0;
    if (error == 0 && (fflush(stream) != 0 || ferror(stream))) {
        error = errno != 0 ? errno : EIO;
    }
    if (error != 0 && error != EPIPE) {
        fprintf(stderr, "mibtcp %s: standard output: write error: %s\n", command, strerror(error));
    }
    return error == 0;
}

bool out_finish(out_writer *w, const char *command)
{
    out_flush(w);
    return out_stream_finish(w->stream, command, w->error);
}
