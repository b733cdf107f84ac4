/* Buffered output for row-per-line formats: bytes go to a 64 KiB buffer
 * and out to the stream in whole blocks, numbers are formatted without
 * printf. A failed write is remembered (later writes are dropped) and
 * reported once by out_finish(). */
#ifndef MIBTCP_TOOL_OUT_WRITER_H
#define MIBTCP_TOOL_OUT_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define OUT_BUFFER_SIZE (1u << 16)

typedef struct out_writer {
    FILE *stream;
    size_t len;
    int error; /* errno of the first failed write; 0 while all is well */
    char buf[OUT_BUFFER_SIZE];
} out_writer;

void out_init(out_writer *w, FILE *stream);
void out_flush(out_writer *w);

/* Room for n more bytes at w->buf + w->len (n <= OUT_BUFFER_SIZE). */
static inline char *out_space(out_writer *w, size_t n)
{
    if (OUT_BUFFER_SIZE - w->len < n) {
        out_flush(w);
    }
    return w->buf + w->len;
}

static inline void out_bytes(out_writer *w, const char *s, size_t n)
{
    if (n > OUT_BUFFER_SIZE) {
        out_flush(w);
        if (w->error == 0 && fwrite(s, 1, n, w->stream) != n) {
            out_flush(w); /* records the error */
        }
        return;
    }
    memcpy(out_space(w, n), s, n);
    w->len += n;
}

static inline void out_str(out_writer *w, const char *s)
{
    out_bytes(w, s, strlen(s));
}

static inline void out_char(out_writer *w, char c)
{
    *out_space(w, 1) = c;
    w->len++;
}

void out_u64(out_writer *w, uint64_t v);
void out_i64(out_writer *w, int64_t v);
/* n bytes as 2n lowercase hex digits. */
void out_hex(out_writer *w, const uint8_t *bytes, size_t n);
/* s as a JSON string literal (RFC 8259): control characters escaped, bytes
 * that are not UTF-8 replaced by U+FFFD, so the output is always valid. */
void out_json_string(out_writer *w, const char *s);

/* Flushes, then reports a write error on stderr as "mibtcp COMMAND: standard
 * output: PROBLEM". Returns false on any error; a closed pipe (EPIPE) is
 * not reported: the reader has gone, like for any Unix filter. */
bool out_finish(out_writer *w, const char *command);
/* The same for output written straight to a stdio stream; error: an errno
 * already seen, or 0. */
bool out_stream_finish(FILE *stream, const char *command, int error);

#endif
