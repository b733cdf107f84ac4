/* The bytes to decode: a file or stdin, raw or hex text, optionally a
 * slice (--offset/--length) of it. */
#ifndef MIBTCP_TOOL_INPUT_H
#define MIBTCP_TOOL_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "options.h"

typedef struct input_buffer {
    uint8_t *bytes; /* exactly len bytes, in their own allocation so over-reads show under ASan/valgrind */
    size_t len;
} input_buffer;

/* On failure prints one line on stderr naming the input and the problem,
 * and returns false (exit status 2). Empty input is a failure. */
bool input_load(const char *command, const cli_options *opt, input_buffer *in);
void input_free(input_buffer *in);

#endif
