#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "input/kind_choice.h"
#include "input/table_bound.h"
#include "mibtcp_fast.h"

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

/* Sixteenths of a bit as "+12.5" / "-3.0". */
void evidence_bits_text(int64_t evidence, char *out, size_t size)
{
    const uint64_t magnitude = evidence < 0 ? (uint64_t)0 - (uint64_t)evidence : (uint64_t)evidence;
    const uint64_t tenths = (magnitude * 10 + MIBTCP_EVIDENCE_PER_BIT / 2) / MIBTCP_EVIDENCE_PER_BIT;
    snprintf(out, size, "%c%" PRIu64 ".%" PRIu64, evidence < 0 ? '-' : '+', tenths / 10, tenths % 10);
}

static void check_clause(text_out *t, const char *what, const mibtcp_check_tally *c)
{
    if (c->checked != 0) {
        char bits[32];
        evidence_bits_text(c->evidence, bits, sizeof bits);
        say(t, "%s %" PRIu64 "/%" PRIu64 " %s", what, c->passed, c->checked, bits);
    }
}

void kind_reasons(const void *bytes, size_t len, mibtcp_kind kind, char *out, size_t size)
{
    mibtcp_evidence e;
    text_out t = {out, size, 0};
    char bits[32];
    out[0] = '\0';
    const mibtcp_status weighed = mibtcp_evidence_of(bytes, len, kind, &e);
    if (weighed != MIBTCP_OK) { /* detect ranked this kind, so it cannot fail: say so if it does */
        say(&t, "no evidence (%s)", mibtcp_status_name(weighed));
        return;
    }
    evidence_bits_text(e.length, bits, sizeof bits);
    if (e.rows_present < e.rows_promised) {
        say(&t, "only %" PRIu32 " of %" PRIu32 " rows present %s", e.rows_present, e.rows_promised, bits);
    } else if (e.trailing == 0) {
        say(&t, "length exact %s", bits);
    } else {
        say(&t, "%" PRIu64 " trailing bytes (%" PRIu64 " stale rows, %" PRIu64 " fill, %" PRIu64 " unexplained) %s",
            e.trailing, e.slack_stale_rows, e.slack_fill, e.slack_unexplained, bits);
    }
    check_clause(&t, "states", &e.state);
    check_clause(&t, "addresses", &e.address);
    check_clause(&t, "scope ids", &e.scope_id);
    check_clause(&t, "ports", &e.port);
    check_clause(&t, "peers as the states say", &e.state_endpoints);
    check_clause(&t, "PIDs", &e.pid);
    check_clause(&t, "timestamps", &e.timestamp);
    check_clause(&t, "module info", &e.module_info);
    check_clause(&t, "offload states", &e.offload);
    check_clause(&t, "flags", &e.flags);
    check_clause(&t, "padding", &e.padding);
    if (e.repeated_row.checked != 0) {
        evidence_bits_text(e.repeated_row.evidence, bits, sizeof bits);
        say(&t, "%" PRIu64 " repeated rows %s", e.repeated_row.checked, bits);
    }
}

/* The candidates close enough to the first that detection would not choose. */
static void list_close_candidates(const mibtcp_candidate *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (c[0].evidence - c[i].evidence >= (int64_t)MIBTCP_DETECT_MARGIN_BITS * MIBTCP_EVIDENCE_PER_BIT) {
            break;
        }
        fprintf(stderr, "%s %s (%" PRIu32 "%%)", i ? "," : "", mibtcp_kind_name(c[i].kind), c[i].confidence);
    }
}

size_t kind_detect_prefix(const char *command, const cli_options *opt, const input_buffer *in)
{
    if (in->len < 4) {
        return in->len;
    }
    const uint32_t count = mibtcp_load_le32(in->bytes);
    const uint64_t reach = table_bound(count, MIBTCP_KIND_UNKNOWN);
    const uint64_t prefix = reach < TABLE_DETECT_MAX ? reach : TABLE_DETECT_MAX;
    if (prefix >= in->len) {
        return in->len;
    }
    fprintf(stderr,
            "mibtcp %s: %s: the kind was weighed over the first %" PRIu64 " of %zu bytes (%s); the other %" PRIu64
            " bytes were not weighed: to find tables inside a memory image, use 'mibtcp carve'\n",
            command, input_shown_name(opt), prefix, in->len,
            prefix == reach ? "the most a table with this dwNumEntries reaches, 1 MiB of trailing bytes included"
                            : "the most --kind auto weighs, 64 MiB",
            (uint64_t)in->len - prefix);
    return (size_t)prefix;
}

bool kind_choose(const char *command, const cli_options *opt, const input_buffer *in, kind_choice *choice,
                 int *exit_status)
{
    *choice = (kind_choice){opt->kind, false, 0};
    if (opt->kind != MIBTCP_KIND_UNKNOWN) {
        return true;
    }
    *exit_status = EXIT_INVALID;
    const size_t weighed = kind_detect_prefix(command, opt, in);
    const char *name = input_shown_name(opt);
    mibtcp_candidate c[MIBTCP_HEADER_KIND_COUNT];
    mibtcp_detection d;
    const mibtcp_status status = mibtcp_detect(in->bytes, weighed, c, MIBTCP_HEADER_KIND_COUNT, &d);
    if (status == MIBTCP_OK) {
        *choice = (kind_choice){c[0].kind, true, c[0].confidence};
        return true;
    }
    if (status != MIBTCP_ERR_AMBIGUOUS && status != MIBTCP_ERR_NOT_DETECTED) {
        fprintf(stderr, "mibtcp %s: internal error: detection failed (%s)\n", command, mibtcp_status_name(status));
        *exit_status = EXIT_USAGE;
    } else if (status == MIBTCP_ERR_AMBIGUOUS && c[0].rows_promised == 0) {
        fprintf(stderr, "mibtcp %s: %s: an empty table (dwNumEntries 0): no row tells its kind; give --kind\n", command,
                name);
        *exit_status = EXIT_USAGE;
    } else if (status == MIBTCP_ERR_AMBIGUOUS) {
        fprintf(stderr, "mibtcp %s: %s: cannot tell the table kind; candidates:", command, name);
        list_close_candidates(c, d.written);
        fprintf(stderr, "; give --kind\n");
        *exit_status = EXIT_USAGE;
    } else {
        char bits[32];
        /* command_setup() has already refused inputs under 4 bytes: every kind is ranked. */
        const mibtcp_kind best = d.written > 0 ? c[0].kind : MIBTCP_KIND_UNKNOWN;
        evidence_bits_text(d.written > 0 ? c[0].evidence : 0, bits, sizeof bits);
        /* When the best kind is likelier than "not a table" (a damaged table
         * too short to be decided), say so rather than leave "3% not a table". */
        char likelier[64] = "";
        if (d.written > 0 && c[0].confidence > d.not_a_table) {
            snprintf(likelier, sizeof likelier, ", a%s %s table %" PRIu32 "%%", c[0].valid ? "" : " damaged",
                     mibtcp_kind_name(best), c[0].confidence);
        }
        fprintf(stderr,
                "mibtcp %s: %s: not a table (%zu bytes; no kind has %d bits of evidence, the best, %s, has %s; "
                "%" PRIu32 "%% not a table%s); give --kind to decode anyway\n",
                command, name, weighed, MIBTCP_DETECT_THRESHOLD_BITS, mibtcp_kind_name(best), bits, d.not_a_table,
                likelier);
    }
    return false;
}

void kind_choice_note(const char *command, const kind_choice *choice)
{
    if (choice->detected) {
        fprintf(stderr, "mibtcp %s: detected %s (confidence %" PRIu32 "%%); use --kind to override\n", command,
                mibtcp_kind_name(choice->kind), choice->confidence);
    }
}
