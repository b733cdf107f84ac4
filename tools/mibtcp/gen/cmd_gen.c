/* mibtcp gen: deterministic synthetic tables for tests, corpora, benchmarks
 * and users' own fixtures, with every anomaly the findings know on request. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/diagnostics.h"
#include "cli/option_domain.h"
#include "cli/option_values.h"
#include "cli/options.h"
#include "common/kind_layout.h"
#include "output/out_writer.h"
#include "table_gen.h"

typedef struct gen_options {
    mibtcp_kind kind;
    uint32_t rows;
    uint64_t seed;
    const char *format;
    const char *output;
    gen_anomalies anomalies;
} gen_options;

static const char *const gen_formats[] = {"raw", "hex", NULL};

static const cli_option gen_option_table[] = {
    {.name = "--kind",
     .value_name = "KIND",
     .parse = option_kind,
     OPTION_FIELD(gen_options, kind),
     .required = true,
     .help = "any kind (see mibtcp --help)"},
    {.name = "--rows",
     .value_name = "N",
     .parse = option_uint,
     OPTION_FIELD(gen_options, rows),
     .max = UINT32_MAX,
     .help = "number of rows (default 4)"},
    {.name = "--seed",
     .value_name = "S",
     .parse = option_uint,
     OPTION_FIELD(gen_options, seed),
     .max = UINT64_MAX,
     .help = "PRNG seed (default 1)"},
    {.name = "--format",
     .parse = option_choice,
     OPTION_FIELD(gen_options, format),
     .names = gen_formats,
     .help = "raw bytes (default; refused on a terminal) or xxd -p style hex"},
    {.name = "-o",
     .value_name = "FILE",
     .parse = option_text,
     OPTION_FIELD(gen_options, output),
     .help = "write to FILE instead of stdout (- is stdout)"},
};

#define ROW_ANOMALY(option, anomaly, text)                                                                            \
    {                                                                                                                 \
        .name = option, .value_name = "ROW", .parse = option_uint, OPTION_FIELD(gen_options, anomalies.row[anomaly]), \
        .max = UINT32_MAX - 1, .help = text                                                                           \
    }
static const cli_option anomaly_table[] = {
    {.name = "--dirty-padding",
     .parse = option_flag,
     OPTION_FIELD(gen_options, anomalies.dirty_padding),
     .max = true,
     .help = "0xcc in the header padding and the UDP module row holes"},
    {.name = "--port-high-bits",
     .parse = option_flag,
     OPTION_FIELD(gen_options, anomalies.port_high_bits),
     .max = true,
     .help = "0xcccc in the upper 16 bits of every port DWORD"},
    ROW_ANOMALY("--bad-state", GEN_BAD_STATE, "state 13 (invalid)"),
    ROW_ANOMALY("--reserved-state", GEN_RESERVED_STATE, "state 100 (MIB_TCP_STATE_RESERVED)"),
    ROW_ANOMALY("--listen-remote", GEN_LISTEN_REMOTE, "a LISTEN row with a remote endpoint"),
    ROW_ANOMALY("--odd-pid", GEN_ODD_PID, "a PID that is not a multiple of 4"),
    ROW_ANOMALY("--zero-timestamp", GEN_ZERO_TIMESTAMP, "creation time 0 (unknown)"),
    ROW_ANOMALY("--bad-timestamp", GEN_BAD_TIMESTAMP, "creation time 1601-01-01 (implausible)"),
    ROW_ANOMALY("--bad-offload", GEN_BAD_OFFLOAD, "offload state 7 (row2 kinds)"),
    ROW_ANOMALY("--bad-flags", GEN_BAD_FLAGS, "dwFlags 0x80000001 (UDP module kinds)"),
    {.name = "--trailing",
     .value_name = "N",
     .parse = option_uint,
     OPTION_FIELD(gen_options, anomalies.trailing),
     .max = UINT32_MAX,
     .help = "N slack bytes after the rows"},
    {.name = "--truncate",
     .value_name = "N",
     .parse = option_uint,
     OPTION_FIELD(gen_options, anomalies.truncate),
     .max = UINT64_MAX,
     .help = "cut N bytes from the end"},
    {.name = "--count",
     .value_name = "N",
     .parse = option_uint,
     OPTION_FIELD(gen_options, anomalies.count),
     OPTION_SEEN(gen_options, anomalies.count_override),
     .max = UINT32_MAX,
     .help = "write N as dwNumEntries instead of the row count"},
};
#undef ROW_ANOMALY

static const option_group gen_group = OPTION_GROUP(NULL, gen_option_table);
static const option_group anomaly_group =
    OPTION_GROUP("Anomalies (ROW is a row index; each changes that row only; one the kind has no field for,\n"
                 "a row past the last, or a --truncate longer than the table is a usage error):",
                 anomaly_table);
static const command_options gen_spec = {
    .command = "gen",
    .about = "Write a synthetic table: same options, same bytes, on every host.\n",
    .groups = {&gen_group, &anomaly_group},
};

/* The field each row anomaly lives in. */
static const mibtcp_field anomaly_field[GEN_ROW_ANOMALY_COUNT] = {
    [GEN_BAD_STATE] = MIBTCP_FIELD_STATE,           [GEN_RESERVED_STATE] = MIBTCP_FIELD_STATE,
    [GEN_LISTEN_REMOTE] = MIBTCP_FIELD_REMOTE_ADDR, [GEN_ODD_PID] = MIBTCP_FIELD_PID,
    [GEN_ZERO_TIMESTAMP] = MIBTCP_FIELD_CREATED,    [GEN_BAD_TIMESTAMP] = MIBTCP_FIELD_CREATED,
    [GEN_BAD_OFFLOAD] = MIBTCP_FIELD_OFFLOAD_STATE, [GEN_BAD_FLAGS] = MIBTCP_FIELD_FLAGS,
};

/* A row anomaly the table cannot hold would be silently missing from the fixture: refuse it. */
static bool row_anomaly_fits(const gen_options *g, const cli_option *option)
{
    const size_t rows_at = offsetof(gen_options, anomalies.row);
    if (option->field < rows_at || option->field >= rows_at + sizeof g->anomalies.row) {
        return true; /* not a row anomaly */
    }
    const size_t anomaly = (option->field - rows_at) / sizeof g->anomalies.row[0];
    const uint32_t row = g->anomalies.row[anomaly];
    char problem[160];
    if (row == GEN_NO_ROW) {
        return true;
    }
    if (!kind_has_field(g->kind, anomaly_field[anomaly])) {
        snprintf(problem, sizeof problem, "%s rows have no %s field", mibtcp_kind_name(g->kind),
                 mibtcp_field_name(anomaly_field[anomaly]));
        return options_usage_error("gen", problem, option->name);
    }
    if (row >= g->rows) {
        snprintf(problem, sizeof problem, "row %u is past the last row (the table has %u)", (unsigned)row,
                 (unsigned)g->rows);
        return options_usage_error("gen", problem, option->name);
    }
    return true;
}

static bool anomalies_fit(const gen_options *g)
{
    for (size_t i = 0; i < sizeof anomaly_table / sizeof anomaly_table[0]; i++) {
        if (!row_anomaly_fits(g, &anomaly_table[i])) {
            return false;
        }
    }
    gen_anomalies whole = g->anomalies;
    whole.truncate = 0;
    bool too_big = false;
    const size_t size = gen_table_size(g->kind, g->rows, &whole, &too_big);
    if (!too_big && g->anomalies.truncate > size) {
        char problem[160];
        snprintf(problem, sizeof problem, "cuts more than the table's %zu %s", size, bytes_word(size));
        return options_usage_error("gen", problem, "--truncate");
    }
    return true;
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
    gen_options g = {.kind = MIBTCP_KIND_UNKNOWN, .rows = 4, .seed = 1};
    gen_anomalies_init(&g.anomalies);
    const char *no_operand;
    int exit_status;
    if (!options_parse_command(&gen_spec, argc, argv, &g, &no_operand, &exit_status)) {
        return exit_status;
    }
    if (!anomalies_fit(&g)) {
        return EXIT_USAGE;
    }
    const bool hex = strcmp(g.format, "hex") == 0;
    if (g.output != NULL && strcmp(g.output, "-") == 0) {
        g.output = NULL; /* -o - is standard output, as for every input */
    }
    bool too_big = false;
    const size_t size = gen_table_size(g.kind, g.rows, &g.anomalies, &too_big);
    if (too_big) {
        fprintf(stderr, "mibtcp gen: a table of %u rows does not fit in memory on this host\n", (unsigned)g.rows);
        return EXIT_USAGE;
    }
    if (g.output == NULL && !hex && isatty(STDOUT_FILENO)) {
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
    bool ok = hex ? write_hex(out, bytes, size) : fwrite(bytes, 1, size, out) == size;
    const int write_error = ok ? 0 : errno != 0 ? errno : EIO;
    free(bytes);
    if (out == stdout) {
        return out_stream_finish(stdout, "gen", write_error) ? EXIT_VALID : EXIT_USAGE;
    }
    errno = 0;
    if (fclose(out) != 0 || write_error != 0) {
        fprintf(stderr, "mibtcp gen: %s: write error: %s\n", display_name(g.output),
                strerror(write_error != 0 ? write_error
                         : errno != 0     ? errno
                                          : EIO));
        return EXIT_USAGE;
    }
    return EXIT_VALID;
}
