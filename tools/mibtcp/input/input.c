#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#ifdef _WIN32
#include <io.h>
typedef struct _stat64 file_status;
#define fstat_file _fstat64
#define seek_file _lseeki64
#define close_file _close
static long long read_some(int fd, void *buf, size_t n)
{
    return _read(fd, buf, n > 1u << 30 ? 1u << 30 : (unsigned)n);
}
static int open_file(const char *path)
{
    return _open(path, _O_RDONLY | _O_BINARY);
}
#else
#include <unistd.h>
typedef struct stat file_status;
#define fstat_file fstat
#define seek_file lseek
#define close_file close
static long long read_some(int fd, void *buf, size_t n)
{
    return read(fd, buf, n > SSIZE_MAX ? SSIZE_MAX : n);
}
static int open_file(const char *path)
{
    return open(path, O_RDONLY);
}
#endif

#include "cli/diagnostics.h"
#include "common/hex_text.h"
#include "input/input.h"
#include "input/table_bound.h"
#include "mibtcp_fast.h"

/* What a message names: the command and input being read. */
typedef struct source {
    const char *command;
    const char *name;
    int fd;
} source;

static bool complain(const source *s, const char *problem)
{
    fprintf(stderr, "mibtcp %s: %s: %s\n", s->command, display_name(s->name), problem);
    return false;
}

static const uint8_t no_bytes[1];

/* Reads until n bytes or the end of the stream; *got says how many. */
static bool read_fully(const source *s, uint8_t *buf, size_t n, size_t *got)
{
    *got = 0;
    while (*got < n) {
        const long long r = read_some(s->fd, buf + *got, n - *got);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0) {
            return complain(s, strerror(errno));
        }
        if (r == 0) {
            break;
        }
        *got += (size_t)r;
    }
    return true;
}

/* Discards `skip` bytes of a stream through a small buffer: the part before
 * a slice never occupies memory. *skipped < skip means the stream ended. */
static bool skip_stream(const source *s, uint64_t skip, uint64_t *skipped)
{
    uint8_t scratch[1 << 16];
    *skipped = 0;
    while (*skipped < skip) {
        const uint64_t left = skip - *skipped;
        size_t got;
        if (!read_fully(s, scratch, left < sizeof scratch ? (size_t)left : sizeof scratch, &got)) {
            return false;
        }
        if (got == 0) {
            break;
        }
        *skipped += got;
    }
    return true;
}

/* Reads at most `limit` bytes (counting the `have` bytes already read into
 * `first`) into one allocation, grown geometrically and trimmed to the exact
 * length at the end (so an over-read by the decoder shows under ASan and
 * valgrind). */
static bool read_stream(const source *s, const uint8_t *first, size_t have, uint64_t limit, uint8_t **out,
                        size_t *out_len)
{
    size_t capacity = limit < (1u << 20) ? (size_t)limit : 1u << 20;
    capacity = capacity > have ? capacity : have;
    size_t len = have;
    uint8_t *bytes = malloc(capacity > 0 ? capacity : 1);
    if (bytes == NULL) {
        return complain(s, "out of memory");
    }
    if (have > 0) {
        memcpy(bytes, first, have);
    }
    for (;;) {
        size_t got;
        if (!read_fully(s, bytes + len, capacity - len, &got)) {
            free(bytes);
            return false;
        }
        len += got;
        if (len < capacity || len == limit) {
            break;
        }
        const uint64_t wanted = capacity <= SIZE_MAX / 2 ? (uint64_t)capacity * 2 : SIZE_MAX;
        const size_t grown_capacity = wanted < limit ? (size_t)wanted : (size_t)limit;
        uint8_t *grown = grown_capacity > capacity ? realloc(bytes, grown_capacity) : NULL;
        if (grown == NULL) {
            free(bytes);
            return complain(s, "out of memory");
        }
        bytes = grown;
        capacity = grown_capacity;
    }
    if (len == 0) {
        free(bytes);
        bytes = NULL;
    } else if (len < capacity) {
        uint8_t *exact = realloc(bytes, len);
        bytes = exact != NULL ? exact : bytes; /* a failed shrink leaves the larger block: still correct */
    }
    *out = bytes;
    *out_len = len;
    return true;
}

/* The slice [offset, offset + length) of `available` bytes, checked; the
 * length fits in size_t (64-bit offsets on 32-bit hosts go through here). */
static bool slice_bounds(const source *s, const cli_options *opt, uint64_t available, size_t *len)
{
    char problem[200];
    if (opt->offset > available) {
        snprintf(problem, sizeof problem, "--offset %" PRIu64 " is beyond the end of the input (%" PRIu64 " %s)",
                 opt->offset, available, bytes_word(available));
        return complain(s, problem);
    }
    uint64_t want = available - opt->offset;
    if (opt->has_length) {
        if (opt->length > want) {
            snprintf(problem, sizeof problem,
                     "--length %" PRIu64 " goes past the end of the input (%" PRIu64 " %s after offset %" PRIu64 ")",
                     opt->length, want, bytes_word(want), opt->offset);
            return complain(s, problem);
        }
        want = opt->length;
    }
    if (want > SIZE_MAX) {
        snprintf(problem, sizeof problem, "a %" PRIu64 "-byte slice does not fit in memory on this host (use --length)",
                 want);
        return complain(s, problem);
    }
    *len = (size_t)want;
    return true;
}

/* Hex text, whole: decoded into its own allocation, then sliced in place. */
static bool decode_hex(const source *s, const cli_options *opt, const uint8_t *text, size_t text_len, input_buffer *in)
{
    const size_t capacity = text_len / 2 + 1;
    uint8_t *bytes = malloc(capacity);
    size_t len = 0;
    hex_error err;
    if (bytes == NULL) {
        return complain(s, "out of memory");
    }
    if (!hex_text_decode((const char *)text, text_len, bytes, capacity, &len, &err)) {
        fprintf(stderr, "mibtcp %s: %s: line %zu, column %zu: %s\n", s->command, display_name(s->name), err.line,
                err.column, err.message);
        free(bytes);
        return false;
    }
    size_t slice_len;
    if (!slice_bounds(s, opt, len, &slice_len)) {
        free(bytes);
        return false;
    }
    if (opt->offset > 0 && slice_len > 0) {
        memmove(bytes, bytes + opt->offset, slice_len);
    }
    if (slice_len == 0) {
        free(bytes);
        bytes = NULL;
    } else if (slice_len < capacity) {
        uint8_t *exact = realloc(bytes, slice_len);
        bytes = exact != NULL ? exact : bytes;
    }
    in->owned = bytes;
    in->len = slice_len;
    return true;
}

/* A regular file: map what is needed (the slice, or all of a hex text);
 * read it when the system will not map it. `start` is where the file's
 * data begins (a redirected stdin may already be part-way in). */
static bool load_file(const source *s, const cli_options *opt, uint64_t start, uint64_t size, input_buffer *in)
{
    uint64_t from = opt->offset;
    size_t len;
    if (opt->hex) {
        from = 0;
        if (size > SIZE_MAX) {
            return complain(s, "hex text too large for this host");
        }
        len = (size_t)size;
    } else if (!slice_bounds(s, opt, size, &len)) {
        return false;
    }
    if (len > 0 && start + from >= start && file_map_open(s->fd, start + from, len, s->command, s->name, &in->map)) {
        if (!opt->hex) {
            in->bytes = in->map.bytes;
            in->len = len;
            return true;
        }
        const bool ok = decode_hex(s, opt, in->map.bytes, len, in);
        file_map_close(&in->map);
        return ok;
    }
    if (len > 0 && seek_file(s->fd, (long long)(start + from), SEEK_SET) < 0) {
        return complain(s, strerror(errno));
    }
    uint8_t *bytes = NULL;
    size_t got = 0;
    if (!read_stream(s, NULL, 0, len, &bytes, &got)) {
        return false;
    }
    if (got < len) {
        free(bytes);
        return complain(s, "the file shrank while being read");
    }
    if (!opt->hex) {
        in->owned = bytes;
        in->len = got;
        return true;
    }
    const bool ok = decode_hex(s, opt, bytes != NULL ? bytes : no_bytes, got, in);
    free(bytes);
    return ok;
}

/* An endless stream (a pipe that never closes, /dev/zero) is read only as
 * far as a table can reach: past that, one line says where reading stopped. */
static bool stream_goes_on(const source *s, uint64_t bound, const char *why, const char *advice)
{
    char problem[512];
    snprintf(problem, sizeof problem, "the stream goes on past %" PRIu64 " bytes, %s; the rest was not read (%s)",
             bound, why, advice);
    return complain(s, problem);
}

/* Raw bytes from a stream, no --length: its dwNumEntries says how far a
 * table can reach (table_bound()); one byte more means the stream goes on. */
static bool read_bounded_table(const source *s, const cli_options *opt, uint8_t **bytes, size_t *got)
{
    uint8_t count_bytes[4];
    size_t have;
    if (!read_fully(s, count_bytes, sizeof count_bytes, &have)) {
        return false;
    }
    const uint32_t count = mibtcp_load_le32(count_bytes);
    const uint64_t reach = table_bound(count, opt->kind);
    const uint64_t bound = have < sizeof count_bytes ? have : reach < TABLE_STREAM_MAX ? reach : TABLE_STREAM_MAX;
    if (!read_stream(s, count_bytes, have, bound + 1, bytes, got)) {
        return false;
    }
    if (*got > bound) {
        free(*bytes);
        *bytes = NULL;
        char why[200];
        if (bound == reach) {
            snprintf(why, sizeof why,
                     "the most a table of %s with dwNumEntries %" PRIu32 " spans, 1 MiB of trailing bytes included",
                     opt->kind == MIBTCP_KIND_UNKNOWN ? "any kind" : mibtcp_kind_name(opt->kind), count);
        } else {
            snprintf(why, sizeof why, "the most read from a stream (256 MiB; dwNumEntries %" PRIu32 " promises more)",
                     count);
        }
        return stream_goes_on(s, bound, why,
                              "take a slice with --offset and --length, or find tables with 'mibtcp carve -'");
    }
    return true;
}

/* A pipe or device: read once; raw input skips to the slice and stops at
 * its end, or where a table must have ended. */
static bool load_stream(const source *s, const cli_options *opt, input_buffer *in)
{
    uint8_t *bytes = NULL;
    size_t got = 0;
    if (opt->hex) {
        if (!read_stream(s, NULL, 0, TABLE_STREAM_MAX + 1, &bytes, &got)) {
            return false;
        }
        if (got > TABLE_STREAM_MAX) {
            free(bytes);
            return stream_goes_on(s, TABLE_STREAM_MAX, "the most hex text read from a stream (256 MiB)",
                                  "save the text to a file");
        }
        const bool ok = decode_hex(s, opt, bytes != NULL ? bytes : no_bytes, got, in);
        free(bytes);
        return ok;
    }
    uint64_t skipped;
    if (!skip_stream(s, opt->offset, &skipped)) {
        return false;
    }
    if (skipped < opt->offset || (opt->has_length && opt->length > SIZE_MAX)) {
        size_t len; /* the stream is shorter than the slice: let slice_bounds say how */
        return slice_bounds(s, opt, skipped, &len);
    }
    if (opt->has_length ? !read_stream(s, NULL, 0, opt->length, &bytes, &got)
                        : !read_bounded_table(s, opt, &bytes, &got)) {
        return false;
    }
    if (opt->has_length && got < opt->length) {
        free(bytes);
        size_t len;
        return slice_bounds(s, opt, opt->offset + got, &len);
    }
    in->owned = bytes;
    in->len = got;
    return true;
}

bool input_load(const char *command, const cli_options *opt, input_buffer *in)
{
    const bool is_stdin = strcmp(opt->input, "-") == 0;
    source s = {command, input_name(opt), is_stdin ? 0 : open_file(opt->input)};
    *in = (input_buffer){no_bytes, 0, NULL, {NULL, 0, NULL, 0}};
    if (s.fd < 0) {
        return complain(&s, strerror(errno));
    }
    file_status st;
    bool ok;
    if (fstat_file(s.fd, &st) != 0) {
        ok = complain(&s, strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
        ok = complain(&s, "is a directory, not a file");
    } else if (S_ISREG(st.st_mode)) {
        const long long position = is_stdin ? (long long)seek_file(s.fd, 0, SEEK_CUR) : 0;
        const uint64_t start = position > 0 ? (uint64_t)position : 0;
        const uint64_t size = (uint64_t)st.st_size;
        ok = load_file(&s, opt, start, size > start ? size - start : 0, in);
    } else {
        ok = load_stream(&s, opt, in);
    }
    if (!is_stdin) {
        close_file(s.fd); /* a mapping outlives its descriptor */
    }
    if (!ok) {
        input_free(in);
        return false;
    }
    if (in->owned != NULL) {
        in->bytes = in->owned;
    }
    return true;
}

void input_free(input_buffer *in)
{
    free(in->owned);
    file_map_close(&in->map);
    *in = (input_buffer){no_bytes, 0, NULL, {NULL, 0, NULL, 0}};
}

const char *input_name(const cli_options *opt)
{
    return strcmp(opt->input, "-") == 0 ? "<stdin>" : opt->input;
}

const char *input_shown_name(const cli_options *opt)
{
    return display_name(input_name(opt));
}
