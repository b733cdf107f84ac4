/* --kind auto: detection, the note on stderr, and refusing to guess. */
#ifndef MIBTCP_TOOL_KIND_CHOICE_H
#define MIBTCP_TOOL_KIND_CHOICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "input/input.h"
#include "mibtcp.h"

/* The kind a command decodes as, and whether detection picked it. The note
 * saying so is left to the command, so that an invalid table under --kind
 * auto is still reported in one line. */
typedef struct kind_choice {
    mibtcp_kind kind;
    bool detected;       /* --kind auto decided it */
    uint32_t confidence; /* detection's confidence in percent, when detected */
} kind_choice;

/* The kind to decode as: opt->kind if given, else the detected one.
 * Returns false (choice->kind MIBTCP_KIND_UNKNOWN) after printing one line
 * naming the input and why not; *exit_status is then 1 (not a table) or 2
 * (ambiguous: --kind needed). */
bool kind_choose(const char *command, const cli_options *opt, const input_buffer *in, kind_choice *choice,
                 int *exit_status);

/* How many of the input's bytes --kind auto weighs: no more than a table
 * with the input's dwNumEntries can reach (table_bound()), and at most
 * TABLE_DETECT_MAX, so a multi-GiB image is answered in bounded time. When
 * that is less than the input, says so on stderr for @p command. */
size_t kind_detect_prefix(const char *command, const cli_options *opt, const input_buffer *in);

/* "mibtcp CMD: detected KIND (confidence N%); use --kind to override" on
 * stderr when the kind was detected; nothing when it was given. */
void kind_choice_note(const char *command, const kind_choice *choice);

/* "length exact +3.6; states 4/4 +24.0; ..." for @p bytes read as @p kind. */
void kind_reasons(const void *bytes, size_t len, mibtcp_kind kind, char *out, size_t size);

/* Evidence in MIBTCP_EVIDENCE_PER_BIT units as bits with one decimal and a sign. */
void evidence_bits_text(int64_t evidence, char *out, size_t size);

#endif
