/* mibtcp gen: deterministic synthetic tables for tests, corpora, benchmarks
 * and users' own fixtures, with every anomaly the findings know on request. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "diagnostics.h"
#include "options.h"
#include "out_writer.h"
#include "table_gen.h"
#include "kind_layout.h"

static const char gen_usage[] =
    "usage: mibtcp gen --kind KIND [--rows N] [--seed S] [--format raw|hex] [-o FILE] [ANOMALIES]\n"
    "\n"
    "Write a synthetic table: same options, same bytes, on every host.\n"
    "  --kind KIND          any kind (see mibtcp --help)\n"
    "  --rows N             number of rows (default 4)\n"
    "  --seed S             PRNG seed (default 1)\n"
    "  --format raw|hex     raw bytes (default; refused on a terminal) or xxd -p style hex\n"
    "  -o FILE              write to FILE instead of stdout (- is stdout)\n"
    "Anomalies (ROW is a row index; each changes that row only; one the kind has no field for,\n"
    "a row past the last, or a --truncate longer than the table is a usage error):\n"
    "  --dirty-padding      0xcc in the header padding and the UDP module row holes\n"
    "  --port-high-bits     0xcccc in the upper 16 bits of every port DWORD\n"
    "  --bad-state ROW      state 13 (invalid)\n"
    "  --reserved-state ROW state 100 (MIB_TCP_STATE_RESERVED)\n"
    "  --listen-remote ROW  a LISTEN row with a remote endpoint\n"
    "  --odd-pid ROW        a PID that is not a multiple of 4\n"
    "  --zero-timestamp ROW creation time 0 (unknown)\n"
    "  --bad-timestamp ROW  creation time 1601-01-01 (implausible)\n"
    "  --bad-offload ROW    offload state 7 (row2 kinds)\n"
    "  --bad-flags ROW      dwFlags 0x80000001 (UDP module kinds)\n"
    "  --trailing N         N slack bytes after the rows\n"
    "  --truncate N         cut N bytes from the end\n"
    "  --count N            write N as dwNumEntries instead of the row count\n";

static const struct {
    const char *name;
    gen_row_anomaly anomaly;
    mibtcp_field needs; /* the field the anomaly lives in */
} row_options[] = {
    {"--bad-state", GEN_BAD_STATE, MIBTCP_FIELD_STATE},
    {"--reserved-state", GEN_RESERVED_STATE, MIBTCP_FIELD_STATE},
    {"--listen-remote", GEN_LISTEN_REMOTE, MIBTCP_FIELD_REMOTE_ADDR},
    {"--odd-pid", GEN_ODD_PID, MIBTCP_FIELD_PID},
    {"--zero-timestamp", GEN_ZERO_TIMESTAMP, MIBTCP_FIELD_CREATED},
    {"--bad-timestamp", GEN_BAD_TIMESTAMP, MIBTCP_FIELD_CREATED},
    {"--bad-offload", GEN_BAD_OFFLOAD, MIBTCP_FIELD_OFFLOAD_STATE},
    {"--bad-flags", GEN_BAD_FLAGS, MIBTCP_FIELD_FLAGS},
};

typedef struct gen_options {
    mibtcp_kind kind;
    uint32_t rows;
    uint64_t seed;
    bool hex;
    const char *output;
    gen_anomalies anomalies;
} gen_options;

static bool number(const char *option, const char *value, uint64_t max, uint64_t *out)
{
    return options_parse_u64(value, max, out) || options_usage_error("gen", "bad number for option", option);
}

/* An anomaly the table cannot hold would be silently missing from the
 * fixture: refuse it. */
static bool anomalies_fit(const gen_options *g)
{
    char problem[160];
    for (size_t r = 0; r < sizeof row_options / sizeof row_options[0]; r++) {
        const uint32_t row = g->anomalies.row[row_options[r].anomaly];
        if (row == GEN_NO_ROW) {
            continue;
        }
        if (!kind_has_field(g->kind, row_options[r].needs)) {
            snprintf(problem, sizeof problem, "%s rows have no %s field", mibtcp_kind_name(g->kind),
                     mibtcp_field_name(row_options[r].needs));
            return options_usage_error("gen", problem, row_options[r].name);
        }
        if (row >= g->rows) {
            snprintf(problem, sizeof problem, "row %u is past the last row (the table has %u)", (unsigned)row,
                     (unsigned)g->rows);
            return options_usage_error("gen", problem, row_options[r].name);
        }
    }
    gen_anomalies whole = g->anomalies;
    whole.truncate = 0;
    bool too_big = false;
    const size_t size = gen_table_size(g->kind, g->rows, &whole, &too_big);
    if (!too_big && g->anomalies.truncate > size) {
        snprintf(problem, sizeof problem, "cuts more than the table's %zu %s", size, bytes_word(size));
        return options_usage_error("gen", problem, "--truncate");
    }
    return true;
}

static bool parse_gen(int argc, char **argv, gen_options *g, bool *help)
{
    *g = (gen_options){.kind = MIBTCP_KIND_UNKNOWN, .rows = 4, .seed = 1};
    gen_anomalies_init(&g->anomalies);
    gen_anomalies *a = &g->anomalies;
    uint64_t n;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        bool missing = false;
        const char *v;
        bool matched_row_option = false;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            *help = true;
            return true;
        }
        for (size_t r = 0; r < sizeof row_options / sizeof row_options[0] && !matched_row_option; r++) {
            if ((v = options_take_value(row_options[r].name, argc, argv, &i, &missing)) != NULL) {
                matched_row_option = true;
                if (!number(row_options[r].name, v, UINT32_MAX - 1, &n)) {
                    return false;
                }
                a->row[row_options[r].anomaly] = (uint32_t)n;
            }
        }
        if (matched_row_option) {
            continue;
        }
        if (strcmp(arg, "--dirty-padding") == 0) {
            a->dirty_padding = true;
        } else if (strcmp(arg, "--port-high-bits") == 0) {
            a->port_high_bits = true;
        } else if ((v = options_take_value("--kind", argc, argv, &i, &missing)) != NULL) {
            if (mibtcp_kind_from_name(v, strlen(v), &g->kind) != MIBTCP_OK) {
                return options_usage_error("gen", "unknown kind", v);
            }
        } else if ((v = options_take_value("--rows", argc, argv, &i, &missing)) != NULL) {
            if (!number(arg, v, UINT32_MAX, &n)) {
                return false;
            }
            g->rows = (uint32_t)n;
        } else if ((v = options_take_value("--seed", argc, argv, &i, &missing)) != NULL) {
            if (!number(arg, v, UINT64_MAX, &g->seed)) {
                return false;
            }
        } else if ((v = options_take_value("--format", argc, argv, &i, &missing)) != NULL) {
            if (strcmp(v, "raw") != 0 && strcmp(v, "hex") != 0) {
                return options_usage_error("gen", "unknown format", v);
            }
            g->hex = strcmp(v, "hex") == 0;
        } else if ((v = options_take_value("-o", argc, argv, &i, &missing)) != NULL) {
            g->output = v;
        } else if ((v = options_take_value("--trailing", argc, argv, &i, &missing)) != NULL) {
            if (!number(arg, v, UINT32_MAX, &a->trailing)) {
                return false;
            }
        } else if ((v = options_take_value("--truncate", argc, argv, &i, &missing)) != NULL) {
            if (!number(arg, v, UINT64_MAX, &a->truncate)) {
                return false;
            }
        } else if ((v = options_take_value("--count", argc, argv, &i, &missing)) != NULL) {
            if (!number(arg, v, UINT32_MAX, &n)) {
                return false;
            }
            a->count_override = true;
            a->count = (uint32_t)n;
        } else if (missing) {
            return options_usage_error("gen", "option needs a value", arg);
        } else {
            return options_usage_error("gen", "unknown option or argument", arg);
        }
    }
    if (g->kind == MIBTCP_KIND_UNKNOWN) {
        return options_usage_error("gen", "--kind is required", NULL);
    }
    return anomalies_fit(g);
}

static bool write_hex(FILE *out, const uint8_t *bytes, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        fprintf(out, "%02x%s", bytes[i], (i + 1) % 30 == 0 || i + 1 == len ? "\n" : "");
    }
    return !ferror(out);
}

int cmd_gen(int argc, char **argv)
{
    gen_options g;
    bool help = false;
    if (!parse_gen(argc, argv, &g, &help)) {
        return EXIT_USAGE;
    }
    if (help) {
        fputs(gen_usage, stdout);
        return out_stream_finish(stdout, "gen", 0) ? EXIT_VALID : EXIT_USAGE;
    }
    if (g.output != NULL && strcmp(g.output, "-") == 0) {
        g.output = NULL; /* -o - is standard output, as for every input */
    }
    bool too_big = false;
    const size_t size = gen_table_size(g.kind, g.rows, &g.anomalies, &too_big);
    if (too_big) {
        fprintf(stderr, "mibtcp gen: a table of %u rows does not fit in memory on this host\n", (unsigned)g.rows);
        return EXIT_USAGE;
    }
    if (g.output == NULL && !g.hex && isatty(STDOUT_FILENO)) {
        fprintf(stderr, "mibtcp gen: not writing binary to a terminal; use -o FILE, a pipe, or --format hex\n");
        return EXIT_USAGE;
    }
    uint8_t *bytes = malloc(size > 0 ? size : 1);
    if (bytes == NULL) {
        fprintf(stderr, "mibtcp gen: out of memory for %zu bytes\n", size);
        return EXIT_USAGE;
    }
    gen_table(g.kind, g.rows, g.seed, &g.anomalies, bytes, NULL);
    FILE *out = g.output ? fopen(g.output, "wb") : stdout;
    if (out == NULL) {
        fprintf(stderr, "mibtcp gen: %s: cannot open for writing: %s\n", display_name(g.output), strerror(errno));
        free(bytes);
        return EXIT_USAGE;
    }
    bool ok = g.hex ? write_hex(out, bytes, size) : fwrite(bytes, 1, size, out) == size;
    const int write_error = ok ? 0 : errno != 0 ? errno : EIO;
    free(bytes);
    if (out == stdout) {
        return out_stream_finish(stdout, "gen", write_error) ? EXIT_VALID : EXIT_USAGE;
    }
    errno = 0;
    if (fclose(out) != 0 || write_error != 0) {
        fprintf(stderr, "mibtcp gen: %s: write error: %s\n", display_name(g.output),
                strerror(write_error != 0 ? write_error : errno != 0 ? errno : EIO));
        return EXIT_USAGE;
    }
    return EXIT_VALID;
}
