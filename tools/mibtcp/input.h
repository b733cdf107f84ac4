/* Reading the whole input (a file or stdin) into memory. */
#ifndef MIBTCP_TOOL_INPUT_H
#define MIBTCP_TOOL_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct input_buffer {
    uint8_t *bytes; /* exactly len bytes (never NULL after success, even when len is 0) */
    size_t len;
} input_buffer;

/* Reads `path` ("-" = stdin). On failure prints one line on stderr naming
 * the problem and returns false. */
bool input_read(const char *path, input_buffer *in);
void input_free(input_buffer *in);

#endif
