/* --kind auto: detection, the note on stderr, and refusing to guess. */
#ifndef MIBTCP_TOOL_KIND_CHOICE_H
#define MIBTCP_TOOL_KIND_CHOICE_H

#include <stddef.h>

#include "input.h"
#include "mibtcp.h"

/* The kind to decode as: opt->kind if given, else the detected one (said on
 * stderr). Returns MIBTCP_KIND_UNKNOWN after printing why not; *exit_status
 * is then 1 (no kind fits) or 2 (ambiguous: --kind needed). */
mibtcp_kind kind_choose(const char *command, const cli_options *opt, const input_buffer *in, int *exit_status);

/* "length exact; states valid 4/4; ..." */
void kind_reasons(const mibtcp_candidate *c, char *out, size_t size);

#endif
