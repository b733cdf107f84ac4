/* mibtcp: decode and check captured Windows TCP/UDP table buffers. */
#include <stdio.h>
#include <string.h>
#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#endif

#include "cli/commands.h"
#include "cli/options.h"
#include "common/kind_layout.h"
#include "input/input.h"
#include "mibtcp.h"
#include "output/out_writer.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"dump", cmd_dump, "print the rows of a table (netstat-like table or JSON Lines)"},
    {"check", cmd_check, "list every finding and say whether the table is valid"},
    {"detect", cmd_detect, "rank the table kinds the input could be, with the evidence"},
    {"gen", cmd_gen, "write a deterministic synthetic table, with anomalies on request"},
    {"capture", cmd_capture, "save the live tables and a manifest into a directory (Windows)"},
    {"carve", cmd_carve, "find every table inside a memory image, minidump or capture"},
    {"connections", cmd_connections, "merge the rows of every table in the inputs into sockets, with owners"},
    {"diff", cmd_diff, "the sockets opened, closed and changed between two snapshots"},
};

static void print_usage(FILE *out)
{
    fputs("usage: mibtcp COMMAND [OPTIONS] [FILE|-]\n"
          "       mibtcp --help | --version\n"
          "\nCommands:\n",
          out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        fprintf(out, "  %-11s %s\n", commands[i].name, commands[i].summary);
    }
    fputs("\nKinds (--kind):\n", out);
    for (size_t k = MIBTCP_KIND_UNKNOWN + 1; k <= mibtcp_kind_count(); k++) {
        const mibtcp_kind kind = (mibtcp_kind)k;
        const mibtcp_row_layout layout = kind_layout(kind);
        fprintf(out, "  %-12s header %u, %3u-byte rows\n", mibtcp_kind_name(kind), (unsigned)layout.header,
                (unsigned)layout.stride);
    }
    fputs("\nRun 'mibtcp COMMAND --help' for a command's options.\n", out);
}

/* Tables are binary: in text mode Windows would end `dump -` at the first 0x1A byte and turn every
 * 0x0A that `gen` writes into CR LF. Text output and messages keep bare LF too,
 * byte for byte what other hosts print. */
static void use_binary_stdio(void)
{
#ifdef _WIN32
    (void)_setmode(_fileno(stdin), _O_BINARY);
    (void)_setmode(_fileno(stdout), _O_BINARY);
    (void)_setmode(_fileno(stderr), _O_BINARY);
#endif
}

int main(int argc, char **argv)
{
    use_binary_stdio();
    if (argc < 2) {
        print_usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        print_usage(stdout);
        return out_stream_finish(stdout, name, 0) ? EXIT_VALID : EXIT_USAGE;
    }
    if (strcmp(name, "--version") == 0) {
        printf("mibtcp %s\n", mibtcp_version());
        return out_stream_finish(stdout, name, 0) ? EXIT_VALID : EXIT_USAGE;
    }
    if (FILE_MAP_FAULTED()) {
        file_map_report_fault();
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(name, commands[i].name) == 0) {
            return commands[i].run(argc - 2, argv + 2);
        }
    }
    fprintf(stderr, "mibtcp: unknown command '%s' (see 'mibtcp --help')\n", name);
    return EXIT_USAGE;
}
