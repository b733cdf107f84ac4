#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "input.h"

static bool read_stream(FILE *f, const char *name, input_buffer *in)
{
    size_t capacity = 1 << 16;
    uint8_t *bytes = malloc(capacity);
    size_t len = 0;
    if (bytes == NULL) {
        fprintf(stderr, "mibtcp: %s: out of memory\n", name);
        return false;
    }
    for (;;) {
        if (len == capacity) {
            if (capacity > SIZE_MAX / 2) {
                fprintf(stderr, "mibtcp: %s: input too large\n", name);
                free(bytes);
                return false;
            }
            uint8_t *grown = realloc(bytes, capacity * 2);
            if (grown == NULL) {
                fprintf(stderr, "mibtcp: %s: out of memory\n", name);
                free(bytes);
                return false;
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
        fprintf(stderr, "mibtcp: %s: read error: %s\n", name, strerror(errno));
        free(bytes);
        return false;
    }
    /* Exact-size copy: any over-read by the decoder shows up under ASan/valgrind. */
    uint8_t *exact = malloc(len > 0 ? len : 1);
    if (exact == NULL) {
        fprintf(stderr, "mibtcp: %s: out of memory\n", name);
        free(bytes);
        return false;
    }
    memcpy(exact, bytes, len);
    free(bytes);
    in->bytes = exact;
    in->len = len;
    return true;
}

bool input_read(const char *path, input_buffer *in)
{
    in->bytes = NULL;
    in->len = 0;
    if (strcmp(path, "-") == 0) {
        return read_stream(stdin, "<stdin>", in);
    }
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "mibtcp: %s: %s\n", path, strerror(errno));
        return false;
    }
    if (S_ISDIR(st.st_mode)) {
        fprintf(stderr, "mibtcp: %s: is a directory, not a table file\n", path);
        return false;
    }
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "mibtcp: %s: %s\n", path, strerror(errno));
        return false;
    }
    const bool ok = read_stream(f, path, in);
    fclose(f);
    return ok;
}

void input_free(input_buffer *in)
{
    free(in->bytes);
    in->bytes = NULL;
    in->len = 0;
}
