#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "header_counts.h"
#include "kind_choice.h"

typedef struct text_out {
    char *out;
    size_t size, len;
} text_out;

/* Appends "; "-separated clauses, truncating silently at the buffer's end. */
static void say(text_out *t, const char *fmt, ...)
{
    if (t->len + 2 >= t->size) {
        return;
    }
    if (t->len > 0) {
        t->out[t->len++] = ';';
        t->out[t->len++] = ' ';
        t->out[t->len] = '\0';
    }
    va_list args;
    va_start(args, fmt);
    const int n = vsnprintf(t->out + t->len, t->size - t->len, fmt, args);
    va_end(args);
    if (n > 0) {
        t->len += (size_t)n < t->size - t->len ? (size_t)n : t->size - t->len - 1;
    }
}

static void ratio(text_out *t, const char *what, uint64_t good, uint64_t total)
{
    if (total != 0) {
        say(t, "%s %" PRIu64 "/%" PRIu64, what, good, total);
    }
}

void kind_reasons(const mibtcp_candidate *c, char *out, size_t size)
{
    const mibtcp_detect_evidence *e = &c->evidence;
    text_out t = {out, size, 0};
    out[0] = '\0';
    if (e->trailing == 0) {
        say(&t, "length exact");
    } else {
        say(&t, "%" PRIu64 " trailing bytes%s", e->trailing,
            e->trailing % mibtcp_kind_stride(c->kind) == 0 ? " (whole rows)" : "");
    }
    ratio(&t, "states valid", e->states - e->states_invalid, e->states);
    if (e->states_reserved) {
        say(&t, "%" PRIu64 " state RESERVED", e->states_reserved);
    }
    ratio(&t, "port upper bits zero", e->ports - e->ports_high_bits, e->ports);
    ratio(&t, "scope ids small", e->scope_ids - e->scope_ids_large, e->scope_ids);
    ratio(&t, "PIDs multiple of 4", e->pids - e->pids_unaligned, e->pids);
    ratio(&t, "timestamps 1995..2100", e->timestamps - e->timestamps_zero - e->timestamps_implausible,
          e->timestamps);
    ratio(&t, "padding zero", e->paddings - e->paddings_dirty, e->paddings);
    ratio(&t, "flags 0/1", e->flags - e->flags_unknown, e->flags);
    ratio(&t, "offload states 0..3", e->offloads - e->offloads_invalid, e->offloads);
    if (e->listen_remote_set) {
        say(&t, "%" PRIu64 " LISTEN rows with a remote endpoint", e->listen_remote_set);
    }
}

mibtcp_kind kind_choose(const char *command, const cli_options *opt, const input_buffer *in, int *exit_status)
{
    if (opt->kind != MIBTCP_KIND_UNKNOWN) {
        return opt->kind;
    }
    mibtcp_candidate c[CLI_KINDS];
    size_t found = 0;
    const mibtcp_status status = mibtcp_detect(in->bytes, in->len, c, CLI_KINDS, &found);
    if (status == MIBTCP_OK) {
        fprintf(stderr, "mibtcp %s: detected %s (confidence %" PRIu32 "%%); use --kind to override\n", command,
                mibtcp_kind_name(c[0].kind), c[0].confidence);
        return c[0].kind;
    }
    if (status == MIBTCP_ERR_AMBIGUOUS) {
        fprintf(stderr, "mibtcp %s: cannot tell the table kind; candidates:", command);
        for (size_t i = 0; i < found; i++) {
            fprintf(stderr, "%s %s (%" PRIu32 "%%)", i ? "," : "", mibtcp_kind_name(c[i].kind), c[i].confidence);
        }
        fprintf(stderr, "; give --kind\n");
        *exit_status = EXIT_USAGE;
    } else {
        fprintf(stderr, "mibtcp %s: no table kind fits this input (%zu bytes); 'mibtcp check --kind KIND' says why\n",
                command, in->len);
        *exit_status = EXIT_INVALID;
    }
    return MIBTCP_KIND_UNKNOWN;
}
