/* mibtcp connections: the sockets that every table in the inputs shows,
 * live tables and stale ones alike, each with every place it was seen and
 * its owner. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/commands.h"
#include "cli/option_values.h"
#include "cli/options.h"
#include "connections/gather.h"
#include "connections/socket_output.h"
#include "output/out_writer.h"

static const char *const formats[] = {"text", "jsonl", "csv", "timesketch", "bodyfile", NULL};

static const cli_option output_options[] = {
    {.name = "--format",
     .value_name = "F",
     .parse = option_choice,
     OPTION_FIELD(gather_options, format),
     .names = formats,
     .help = "text (default: a line per socket, its sightings below), jsonl (an object per\n"
             "socket, its sightings in an array) or csv (a line per sighting, the socket's\n"
             "columns first); keys and columns: mibtcp(1), CONNECTIONS; or a timeline, an event\n"
             "per socket: timesketch or bodyfile (see mibtcp dump --help), \"Socket created\" at\n"
             "a plausible creation time, else \"Seen in memory image\" at its last observation"},
};
static const option_group output_group = OPTION_GROUP(NULL, output_options);

static const command_options connections_spec = {
    .command = "connections",
    .operand = "INPUT...",
    .operand_noun = "input",
    .missing_operand = "no input given (memory images, minidumps, LiME files, captures, directories, or -)",
    .operands_min = 1,
    .operands_max = SIZE_MAX,
    .about = "Carve every input (memory images, minidumps, LiME files, captures, directories of\n"
             "them, - for standard input) and merge every decoded row into sockets: one per\n"
             "protocol, family, local and remote endpoint, PID and creation time. A row whose\n"
             "kind has no PID or creation time joins the one socket that agrees with all it has\n"
             "(when several do, it stays a socket of its own; a socket that one orphan row alone\n"
             "shows, or one row that a socket seen in more rows contests, does not count as\n"
             "another when a corroborated one is there). Each socket\n"
             "lists its sightings:\n"
             "input, table offset (and va or pa), kind, row, table or orphan run, confidence,\n"
             "state. Owner: idle (PID 0), system (PID 4), process, unknown (no PID in its rows).\n",
    .groups = {&output_group, &owner_option_group, &scan_option_group},
    .epilogue = "Exit status: 0 every input scanned, 1 bytes of memory ranges above the carver's highest\n"
                "address left unscanned (counted on stderr), 2 usage, I/O or write error, or rows of\n"
                "found tables that could not be decoded (said on stderr).\n",
};

int cmd_connections(int argc, char **argv)
{
    gather_options o;
    owner_storage owners;
    size_t count = 0;
    int status;
    const char **inputs = gather_start(&connections_spec, argc, argv, &o, &owners, &count, &status);
    if (inputs == NULL) {
        return status;
    }
    socket_set set;
    socket_set_init(&set);
    uint64_t unscanned = 0;
    status = EXIT_USAGE;
    if (gather_inputs("connections", &o, inputs, count, 0, &set, &unscanned) && sockets_merge(&set)) {
        static out_writer out; /* 64 KiB: not on the stack */
        out_init(&out, stdout);
        const socket_format format = socket_format_from_name(o.format);
        socket_print_header(&out, format, false);
        size_t untimed = 0;
        for (size_t i = 0; i < set.socket_count && out.error == 0; i++) {
            socket_view v;
            socket_view_make(&set, i, &owners.lists, &v);
            untimed += !socket_print(&out, format, &set, &v, NULL);
        }
        const bool written = out_finish(&out, "connections");
        if (untimed > 0 && written) {
            fprintf(stderr,
                    "mibtcp connections: %zu socket%s without a plausible creation time %s: give --observed TIME\n",
                    untimed, untimed == 1 ? "" : "s",
                    format == SOCKETS_TIMESKETCH ? "left out of the timeline"
                                                 : "or an observation time (mactime skips them)");
        }
        fprintf(stderr, "mibtcp connections: %zu socket%s from %zu row%s in %zu input file%s\n", set.socket_count,
                set.socket_count == 1 ? "" : "s", set.count, set.count == 1 ? "" : "s", set.input_count,
                set.input_count == 1 ? "" : "s");
        status = !written || set.undecoded > 0 ? EXIT_USAGE : unscanned > 0 ? EXIT_INVALID : EXIT_VALID;
    } else if (set.out_of_memory) {
        fputs("mibtcp connections: out of memory\n", stderr);
    }
    socket_set_free(&set);
    owner_storage_free(&owners);
    free(inputs);
    return status;
}
