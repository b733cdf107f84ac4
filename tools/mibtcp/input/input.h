/* The bytes to decode: a file or stdin, raw or hex text, optionally a
 * slice (--offset/--length) of it. Regular files are memory-mapped, and
 * only the slice; streams are read once, skipping what precedes the slice,
 * so memory stays flat however large the input is. */
#ifndef MIBTCP_TOOL_INPUT_H
#define MIBTCP_TOOL_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/options.h"
#include "input/file_map.h"

typedef struct input_buffer {
    const uint8_t *bytes; /* len bytes (never NULL, even when len is 0) */
    size_t len;
    /* How the bytes are held; input_free() releases them. */
    uint8_t *owned; /* read or decoded bytes: an allocation of exactly len bytes */
    file_map map;
} input_buffer;

/* On failure prints one line on stderr naming the input and the problem,
 * and returns false (exit status 2). Empty input is not a failure: it is
 * an invalid table, which the decoder reports. */
bool input_load(const char *command, const cli_options *opt, input_buffer *in);
void input_free(input_buffer *in);

/* "<stdin>" for "-", else the path (JSON output escapes it itself). */
const char *input_name(const cli_options *opt);
/* The same for a line of text: display_name() (a static buffer). */
const char *input_shown_name(const cli_options *opt);

#endif
