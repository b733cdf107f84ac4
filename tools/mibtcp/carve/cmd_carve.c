/* mibtcp carve: find every table inside a memory image, minidump, LiME file
 * or long capture, with where it lies and how sure the evidence is. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "carve/carve_output.h"
#include "cli/commands.h"
#include "cli/diagnostics.h"
#include "cli/option_domain.h"
#include "cli/option_values.h"
#include "cli/options.h"
#include "input/file_map.h"
#include "input/image_container.h"
#include "input/observed_time_choose.h"
#include "output/out_writer.h"
#include "scan/carve_scan.h"
#include "scan/carve_stream.h"

static const char *const carve_formats[] = {"text", "jsonl", "csv", "timesketch", "bodyfile", NULL};
static const char *const containers[] = {"auto", "raw", NULL};

typedef struct carve_options {
    carve_params params;
    const char *format;
    const char *extract;
    const char *input;
    const char *container;
    bool rows, force_raw;
    progress_choice progress;
    bool has_range;
    byte_range range;
    bool has_observed;
    int64_t observed_filetime;
} carve_options;

static const cli_option carve_option_table[] = {
    {.name = "--kind",
     .value_name = "K[,K...]",
     .parse = option_kind_list,
     OPTION_FIELD(carve_options, params.config.kinds),
     .help = "kinds to look for (default: all)"},
    {.name = "--align",
     .value_name = "N",
     .parse = option_uint,
     OPTION_FIELD(carve_options, params.config.align),
     .min = 1,
     .max = MIBTCP_CARVE_MAX_ALIGN,
     .help = "tables start at multiples of N (default 4; 1 finds any offset, slower)"},
    {.name = "--min-rows",
     .value_name = "N",
     .parse = option_uint,
     OPTION_FIELD(carve_options, params.config.min_rows),
     .min = 1,
     .max = UINT32_MAX,
     .help = "fewest rows of a hit (default per kind: a dwNumEntries that ends its\n"
             "run 1, with the score measured for its kind and rows; one that ends\n"
             "inside it 2-4; without, TCP 3-5, UDP module 6, UDP basic/PID never;\n"
             "runs at a page boundary need only the rows with a matching count)"},
    {.name = "--format",
     .value_name = "F",
     .parse = option_choice,
     OPTION_FIELD(carve_options, format),
     .names = carve_formats,
     .help = "text (default), jsonl (one object per hit) or csv; columns: offset,\n"
             "kind, rows, length, header, confidence, valid, page_truncated,\n"
             "page_start, score, basis (content, or structure: a count that ends\n"
             "its run of candidates decides alone), and va (minidump) or pa (LiME);\n"
             "timesketch and bodyfile with --rows"},
    {.name = "--rows",
     .parse = option_flag,
     OPTION_FIELD(carve_options, rows),
     .max = true,
     .help = "print every decoded row instead: table_offset and dump's keys, as JSON\n"
             "Lines (text, jsonl) or CSV (csv: every column, empty where a kind has none),\n"
             "or as a timeline (timesketch, bodyfile: see mibtcp dump --help; a row\n"
             "without a plausible creation time is \"Seen in memory image\")"},
    {.name = "--observed",
     .value_name = "TIME",
     .parse = option_time,
     OPTION_FIELD(carve_options, observed_filetime),
     OPTION_SEEN(carve_options, has_observed),
     .help = "when the image was taken (ISO 8601 UTC), for --rows timelines; default:\n"
             "a minidump's TimeDateStamp, else the file's modification time"},
    {.name = "--extract",
     .value_name = "DIR",
     .parse = option_text,
     OPTION_FIELD(carve_options, extract),
     .help = "write each hit's bytes to DIR/<offset-hex>_<kind>.bin"},
    {.name = "--jobs",
     .value_name = "N",
     .parse = option_uint,
     OPTION_FIELD(carve_options, params.jobs),
     .min = 1,
     .max = 256,
     .help = "threads (default: online CPUs); the output is the same for every N"},
    {.name = "--progress",
     .parse = option_flag,
     OPTION_FIELD(carve_options, progress),
     .max = PROGRESS_ON,
     .help = "a progress line on stderr (default when stderr is a terminal)"},
    {.name = "--no-progress",
     .parse = option_flag,
     OPTION_FIELD(carve_options, progress),
     .max = PROGRESS_OFF,
     .help = "no progress line"},
    {.name = "--range",
     .value_name = "S:L",
     .parse = option_byte_range,
     OPTION_FIELD(carve_options, range),
     OPTION_SEEN(carve_options, has_range),
     .help = "report only hits starting in file bytes [S, S+L): shards of one image\n"
             "concatenate to the output of one pass"},
    {.name = "--container",
     .value_name = "C",
     .parse = option_choice,
     OPTION_FIELD(carve_options, container),
     .names = containers,
     .help = "auto (default: minidump and LiME by their magic, else raw) or raw"},
};
static const option_group carve_group = OPTION_GROUP(NULL, carve_option_table);
static const command_options carve_spec = {
    .command = "carve",
    .operand = "IMAGE|-",
    .operand_noun = "input",
    .missing_operand = "no input given (an image file, or - for stdin)",
    .about = "Find every TCP/UDP table inside a memory image, a Windows minidump, a LiME dump or any\n"
             "capture: runs of consecutive plausible rows at a kind's stride, with the dwNumEntries\n"
             "before them checked. A hit is a table (header: the count matches the rows; offset is the\n"
             "dwNumEntries) or an orphan run (no matching count; offset is the first row). Runs that\n"
             "end at a 4 KiB page boundary are page_truncated (unless a dwNumEntries counts exactly their\n"
             "rows: such a table is complete); orphan runs that start at one page_start.\n",
    .groups = {&carve_group},
    .epilogue = "Files are memory-mapped; - reads standard input once, in chunks (minidumps and LiME too).\n"
                "Exit status: 0 the scan ran over every byte (hits or none), 1 it ran but left bytes of memory\n"
                "ranges above address 0xffffffffffffeffe unscanned (counted on stderr), 2 usage, I/O or write "
                "error.\n",
};

/* The table's values into the scan's parameters; what only the whole line can tell. */
static bool settle(carve_options *o)
{
    if (!o->rows && (strcmp(o->format, "timesketch") == 0 || strcmp(o->format, "bodyfile") == 0)) {
        return options_usage_error("carve", "--format timesketch and bodyfile are timelines of rows: give --rows",
                                   o->format);
    }
    o->force_raw = strcmp(o->container, "raw") == 0;
    o->params.has_range = o->has_range;
    o->params.range_start = o->range.start;
    o->params.range_end = o->range.end;
    o->params.progress = o->progress == PROGRESS_AUTO ? isatty(STDERR_FILENO) != 0 : o->progress == PROGRESS_ON;
    return true;
}

static int report(const carve_options *o, const char *name, carve_results *r, address_space space, const uint8_t *image,
                  uint64_t image_len)
{
    carve_results_sort(r);
    if (r->unscanned > 0) {
        fprintf(stderr,
                "mibtcp carve: %s: %" PRIu64 " bytes of %zu memory range%s not scanned: they lie above address "
                "%#" PRIx64 ", the highest the carver takes\n",
                name, r->unscanned, r->unscanned_ranges, r->unscanned_ranges == 1 ? "" : "s",
                (uint64_t)MIBTCP_CARVE_MAX_OFFSET - 1);
    }
    int write_error = 0;
    uint64_t undecoded = 0;
    if (o->rows) {
        write_error = carve_print_rows(
            r, o->format, observed_time_choose(o->has_observed, o->observed_filetime, image, image_len, o->input),
            &undecoded);
    } else {
        carve_print_hits(r, space, o->format);
    }
    const bool written = out_stream_finish(stdout, "carve", write_error);
    const bool extracted = written && (o->extract == NULL || carve_extract(r, o->extract));
    if (!written || !extracted || undecoded > 0) {
        return EXIT_USAGE;
    }
    return r->unscanned > 0 ? EXIT_INVALID : EXIT_VALID;
}

static int carve_stream(const carve_options *o)
{
    carve_results r;
    address_space space;
    if (!carve_scan_stream(stdin, "<stdin>", !o->force_raw, &o->params, &r, &space)) {
        carve_results_free(&r);
        return EXIT_USAGE;
    }
    /* the stream's header is gone: --observed or none */
    const int status = report(o, "<stdin>", &r, space, NULL, 0);
    carve_results_free(&r);
    return status;
}

static int carve_file(const carve_options *o)
{
    file_map map;
    if (!file_map_path("carve", o->input, &map)) {
        return EXIT_USAGE;
    }
    const char *name = display_name(o->input);
    image_layout layout;
    const bool laid_out = o->force_raw ? image_layout_raw(map.len, &layout)
                                       : image_layout_detect("carve", name, map.bytes, map.len, &layout);
    if (!laid_out) {
        file_map_close(&map);
        return EXIT_USAGE;
    }
    carve_results r;
    int status = EXIT_USAGE;
    if (carve_scan_image(map.bytes, &layout, &o->params, &r)) {
        status = report(o, name, &r, layout.space, map.bytes, map.len);
    }
    carve_results_free(&r);
    image_layout_free(&layout);
    file_map_close(&map);
    return status;
}

int cmd_carve(int argc, char **argv)
{
    carve_options o;
    memset(&o, 0, sizeof o);
    o.params.jobs = carve_online_cpus();
    int exit_status;
    if (!options_parse_command(&carve_spec, argc, argv, &o, &o.input, &exit_status)) {
        return exit_status;
    }
    if (!settle(&o)) {
        return EXIT_USAGE;
    }
    if (o.extract != NULL && !carve_extract_ready(o.extract, display_name(o.extract))) {
        return EXIT_USAGE;
    }
    return strcmp(o.input, "-") == 0 ? carve_stream(&o) : carve_file(&o);
}
