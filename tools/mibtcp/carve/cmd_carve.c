/* mibtcp carve: find every table inside a memory image, minidump, LiME file
 * or long capture, with where it lies and how sure the evidence is. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef _WIN32
#include <windows.h>
#endif

#include "carve/carve_output.h"
#include "scan/carve_scan.h"
#include "scan/carve_stream.h"
#include "cli/commands.h"
#include "cli/diagnostics.h"
#include "input/image_container.h"
#include "input/file_map.h"
#include "input/observed_time_choose.h"
#include "cli/options.h"
#include "output/out_writer.h"

static const char usage[] =
    "usage: mibtcp carve [--kind K[,K...]] [--align N] [--min-rows N] [--format FORMAT]\n"
    "                    [--rows [--observed TIME]] [--extract DIR] [--jobs N] [--progress|--no-progress]\n"
    "                    [--range START:LENGTH] [--container raw|auto] IMAGE|-\n"
    "\n"
    "Find every TCP/UDP table inside a memory image, a Windows minidump, a LiME dump or any\n"
    "capture: runs of consecutive plausible rows at a kind's stride, with the dwNumEntries\n"
    "before them checked. A hit is a table (header: the count matches the rows; offset is the\n"
    "dwNumEntries) or an orphan run (no matching count; offset is the first row). Runs that\n"
    "end at a 4 KiB page boundary are page_truncated (unless a dwNumEntries counts exactly their\n"
    "rows: such a table is complete); orphan runs that start at one page_start.\n"
    "  --kind K,...      kinds to look for (default: all)\n"
    "  --align N         tables start at multiples of N (default 4; 1 finds any offset, slower)\n"
    "  --min-rows N      fewest rows of a hit (default per kind: with a matching dwNumEntries\n"
    "                    2-4; without, TCP 3-5, UDP module 6, UDP basic/PID never; runs\n"
    "                    at a page boundary need only the rows with a matching count)\n"
    "  --format F        text (default), jsonl (one object per hit) or csv; columns: offset,\n"
    "                    kind, rows, length, header, confidence, valid, page_truncated,\n"
    "                    page_start, score, basis (content, or structure: a count that ends\n"
    "                    its run of candidates decides alone), and va (minidump) or pa (LiME)\n"
    "  --rows            print every decoded row instead: table_offset and dump's keys, as JSON\n"
    "                    Lines (text, jsonl) or CSV (csv: every column, empty where a kind has none),\n"
    "                    or as a timeline (timesketch, bodyfile: see mibtcp dump --help; a row\n"
    "                    without a plausible creation time is \"Seen in memory image\")\n"
    "  --observed TIME   when the image was taken (ISO 8601 UTC), for --rows timelines; default:\n"
    "                    a minidump's TimeDateStamp, else the file's modification time\n"
    "  --extract DIR     write each hit's bytes to DIR/<offset-hex>_<kind>.bin\n"
    "  --jobs N          threads (default: online CPUs); the output is the same for every N\n"
    "  --progress        a progress line on stderr (default when stderr is a terminal)\n"
    "  --range S:L       report only hits starting in file bytes [S, S+L): shards of one image\n"
    "                    concatenate to the output of one pass\n"
    "  --container C     auto (default: minidump and LiME by their magic, else raw) or raw\n"
    "Files are memory-mapped; - reads standard input once, in chunks (minidumps and LiME too).\n"
    "Exit status: 0 the scan ran over every byte (hits or none), 1 it ran but left bytes of memory\n"
    "ranges above address 0xffffffffffffeffe unscanned (counted on stderr), 2 usage, I/O or write error.\n";

typedef struct carve_options {
    carve_params params;
    const char *format;
    const char *extract;
    const char *input;
    bool rows, force_raw, progress_set;
    bool has_observed;
    int64_t observed_filetime;
} carve_options;

static bool usage_error(const char *message, const char *arg)
{
    return options_usage_error("carve", message, arg);
}

static bool parse_kinds(const char *list, uint32_t *kinds)
{
    *kinds = 0;
    for (const char *p = list;;) {
        const char *comma = strchr(p, ',');
        const size_t len = comma ? (size_t)(comma - p) : strlen(p);
        mibtcp_kind kind;
        if (mibtcp_kind_from_name(p, len, &kind) != MIBTCP_OK) {
            return usage_error("unknown kind in --kind", list);
        }
        *kinds |= UINT32_C(1) << kind;
        if (comma == NULL) {
            return true;
        }
        p = comma + 1;
    }
}

static bool parse_range(const char *text, carve_params *p)
{
    const char *colon = strchr(text, ':');
    char start[32];
    uint64_t length;
    if (colon == NULL || (size_t)(colon - text) >= sizeof start) {
        return usage_error("--range needs START:LENGTH", text);
    }
    memcpy(start, text, (size_t)(colon - text));
    start[colon - text] = '\0';
    if (!options_parse_u64(start, UINT64_MAX, &p->range_start) || !options_parse_u64(colon + 1, UINT64_MAX, &length)) {
        return usage_error("--range needs START:LENGTH (decimal or 0x hex byte counts)", text);
    }
    p->has_range = true;
    p->range_end = length > UINT64_MAX - p->range_start ? UINT64_MAX : p->range_start + length;
    return true;
}

static unsigned online_cpus(void)
{
#ifdef _WIN32
    SYSTEM_INFO info;
    GetSystemInfo(&info);
    return info.dwNumberOfProcessors > 0 ? (unsigned)info.dwNumberOfProcessors : 1u;
#else
    const long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1u;
#endif
}

static bool parse_number(const char *name, const char *value, uint64_t min, uint64_t max, uint64_t *out)
{
    if (!options_parse_u64(value, max, out) || *out < min) {
        char message[96];
        snprintf(message, sizeof message, "%s needs a number from %llu to %llu", name, (unsigned long long)min,
                 (unsigned long long)max);
        return usage_error(message, value);
    }
    return true;
}

/* @return 1 parsed, 0 --help printed, -1 usage error. */
static int parse(int argc, char **argv, carve_options *o)
{
    memset(o, 0, sizeof *o);
    o->params.jobs = online_cpus();
    o->format = "text";
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        bool missing = false;
        const char *v;
        uint64_t n;
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        } else if ((v = options_take_value("--kind", argc, argv, &i, &missing)) != NULL) {
            if (!parse_kinds(v, &o->params.config.kinds)) {
                return -1;
            }
        } else if ((v = options_take_value("--align", argc, argv, &i, &missing)) != NULL) {
            if (!parse_number("--align", v, 1, MIBTCP_CARVE_MAX_ALIGN, &n)) {
                return -1;
            }
            o->params.config.align = (uint32_t)n;
        } else if ((v = options_take_value("--min-rows", argc, argv, &i, &missing)) != NULL) {
            if (!parse_number("--min-rows", v, 1, UINT32_MAX, &n)) {
                return -1;
            }
            o->params.config.min_rows = (uint32_t)n;
        } else if ((v = options_take_value("--jobs", argc, argv, &i, &missing)) != NULL) {
            if (!parse_number("--jobs", v, 1, 256, &n)) {
                return -1;
            }
            o->params.jobs = (unsigned)n;
        } else if ((v = options_take_value("--format", argc, argv, &i, &missing)) != NULL) {
            if (strcmp(v, "text") != 0 && strcmp(v, "jsonl") != 0 && strcmp(v, "csv") != 0 &&
                strcmp(v, "timesketch") != 0 && strcmp(v, "bodyfile") != 0) {
                (void)usage_error("unknown format", v);
                return -1;
            }
            o->format = v;
        } else if ((v = options_take_value("--observed", argc, argv, &i, &missing)) != NULL) {
            if (!observed_time_parse(v, &o->observed_filetime)) {
                (void)usage_error("--observed needs an ISO 8601 UTC time, e.g. 2024-05-01T12:00:00Z", v);
                return -1;
            }
            if (!filetime_plausible(o->observed_filetime)) {
                (void)usage_error("--observed must lie in 1995..2099", v);
                return -1;
            }
            o->has_observed = true;
        } else if ((v = options_take_value("--extract", argc, argv, &i, &missing)) != NULL) {
            o->extract = v;
        } else if ((v = options_take_value("--range", argc, argv, &i, &missing)) != NULL) {
            if (!parse_range(v, &o->params)) {
                return -1;
            }
        } else if ((v = options_take_value("--container", argc, argv, &i, &missing)) != NULL) {
            if (strcmp(v, "raw") != 0 && strcmp(v, "auto") != 0) {
                (void)usage_error("--container needs raw or auto", v);
            return -1;
            }
            o->force_raw = strcmp(v, "raw") == 0;
        } else if (strcmp(arg, "--rows") == 0) {
            o->rows = true;
        } else if (strcmp(arg, "--progress") == 0 || strcmp(arg, "--no-progress") == 0) {
            o->params.progress = strcmp(arg, "--progress") == 0;
            o->progress_set = true;
        } else if (missing) {
            (void)usage_error("option needs a value", arg);
            return -1;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            (void)usage_error("unknown option", arg);
            return -1;
        } else if (o->input != NULL) {
            (void)usage_error("more than one input given", arg);
            return -1;
        } else {
            o->input = arg;
        }
    }
    if (o->input == NULL) {
        (void)usage_error("no input given (an image file, or - for stdin)", NULL);
            return -1;
    }
    if (!o->rows && (strcmp(o->format, "timesketch") == 0 || strcmp(o->format, "bodyfile") == 0)) {
        (void)usage_error("--format timesketch and bodyfile are timelines of rows: give --rows", o->format);
        return -1;
    }
    if (!o->progress_set) {
        o->params.progress = isatty(STDERR_FILENO) != 0;
    }
    return 1;
}

static int report(const carve_options *o, const char *name, carve_results *r, address_space space,
                  const uint8_t *image, uint64_t image_len)
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
    const int parsed = parse(argc, argv, &o);
    if (parsed <= 0) {
        return parsed == 0 && out_stream_finish(stdout, "carve", 0) ? EXIT_VALID : EXIT_USAGE;
    }
    if (o.extract != NULL && !carve_extract_ready(o.extract, display_name(o.extract))) {
        return EXIT_USAGE;
    }
    return strcmp(o.input, "-") == 0 ? carve_stream(&o) : carve_file(&o);
}
