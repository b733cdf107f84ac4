/* --kind auto: detection, the note on stderr, and refusing to guess. */
#ifndef MIBTCP_TOOL_KIND_CHOICE_H
#define MIBTCP_TOOL_KIND_CHOICE_H

#include <stddef.h>

#include "input.h"
#include "mibtcp.h"

/* The kind to decode as: opt->kind if given, else the detected one (said on
 * stderr). Returns MIBTCP_KIND_UNKNOWN after printing one line naming the
 * input and why not; *exit_status is then 1 (not a table, or shorter than
 * dwNumEntries) or 2 (ambiguous: --kind needed). */
mibtcp_kind kind_choose(const char *command, const cli_options *opt, const input_buffer *in, int *exit_status);

/* "length exact +3.6; states 4/4 +24.0; ..." for @p bytes read as @p kind. */
void kind_reasons(const void *bytes, size_t len, mibtcp_kind kind, char *out, size_t size);

/* Evidence in MIBTCP_EVIDENCE_PER_BIT units as bits with one decimal and a sign. */
void evidence_bits_text(int64_t evidence, char *out, size_t size);

#endif
