#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hex_text.h"
#include "input.h"

static bool complain(const char *command, const char *name, const char *problem)
{
    fprintf(stderr, "mibtcp %s: %s: %s\n", command, name, problem);
    return false;
}

static bool read_stream(const char *command, FILE *f, const char *name, input_buffer *in)
{
    size_t capacity = 1 << 16;
    size_t len = 0;
    uint8_t *bytes = malloc(capacity);
    if (bytes == NULL) {
        return complain(command, name, "out of memory");
    }
    for (;;) {
        if (len == capacity) {
            uint8_t *grown = capacity <= SIZE_MAX / 2 ? realloc(bytes, capacity * 2) : NULL;
            if (grown == NULL) {
                free(bytes);
                return complain(command, name, "out of memory");
            }
            bytes = grown;
            capacity *= 2;
        }
        const size_t got = fread(bytes + len, 1, capacity - len, f);
        len += got;
        if (got == 0) {
            break;
        }
    }
    if (ferror(f)) {
        free(bytes);
        return complain(command, name, strerror(errno));
    }
    in->bytes = bytes;
    in->len = len;
    return true;
}

static bool read_path(const char *command, const char *path, input_buffer *in)
{
    if (strcmp(path, "-") == 0) {
        return read_stream(command, stdin, "<stdin>", in);
    }
    struct stat st;
    if (stat(path, &st) != 0) {
        return complain(command, path, strerror(errno));
    }
    if (S_ISDIR(st.st_mode)) {
        return complain(command, path, "is a directory, not a file");
    }
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return complain(command, path, strerror(errno));
    }
    const bool ok = read_stream(command, f, path, in);
    fclose(f);
    return ok;
}

static bool decode_hex(const char *command, const char *name, input_buffer *in)
{
    const size_t capacity = in->len / 2 + 1;
    uint8_t *bytes = malloc(capacity);
    size_t len = 0;
    hex_error err;
    if (bytes == NULL) {
        return complain(command, name, "out of memory");
    }
    if (!hex_text_decode((const char *)in->bytes, in->len, bytes, capacity, &len, &err)) {
        fprintf(stderr, "mibtcp %s: %s: line %zu, column %zu: %s\n", command, name, err.line, err.column,
                err.message);
        free(bytes);
        return false;
    }
    free(in->bytes);
    in->bytes = bytes;
    in->len = len;
    return true;
}

/* The slice goes into its own exact-size allocation: the decoder must never
 * see (or silently read) the bytes around it. */
static bool take_slice(const char *command, const char *name, const cli_options *opt, input_buffer *in)
{
    char problem[160];
    if (opt->offset > in->len) {
        snprintf(problem, sizeof problem, "--offset %" PRIu64 " is beyond the end of the input (%zu bytes)",
                 opt->offset, in->len);
        return complain(command, name, problem);
    }
    const size_t available = in->len - (size_t)opt->offset;
    size_t len = available;
    if (opt->has_length) {
        if (opt->length > available) {
            snprintf(problem, sizeof problem,
                     "--length %" PRIu64 " goes past the end of the input (%zu bytes after offset %" PRIu64 ")",
                     opt->length, available, opt->offset);
            return complain(command, name, problem);
        }
        len = (size_t)opt->length;
    }
    uint8_t *slice = malloc(len > 0 ? len : 1);
    if (slice == NULL) {
        return complain(command, name, "out of memory");
    }
    if (len > 0) {
        memcpy(slice, in->bytes + opt->offset, len);
    }
    free(in->bytes);
    in->bytes = slice;
    in->len = len;
    return true;
}

bool input_load(const char *command, const cli_options *opt, input_buffer *in)
{
    const char *name = strcmp(opt->input, "-") == 0 ? "<stdin>" : opt->input;
    *in = (input_buffer){NULL, 0};
    if (!read_path(command, opt->input, in)) {
        return false;
    }
    if (in->len == 0) {
        input_free(in);
        return complain(command, name, "input is empty");
    }
    if ((opt->hex && !decode_hex(command, name, in)) || !take_slice(command, name, opt, in)) {
        input_free(in);
        return false;
    }
    if (in->len == 0) {
        input_free(in);
        return complain(command, name, opt->hex ? "no hex bytes in the input" : "the selected slice is empty");
    }
    return true;
}

void input_free(input_buffer *in)
{
    free(in->bytes);
    *in = (input_buffer){NULL, 0};
}
