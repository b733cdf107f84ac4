#include "scan/input_tables.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/diagnostics.h"
#include "common/json_scan.h"
#include "common/kind_layout.h"
#include "input/file_map.h"
#include "input/observed_time_choose.h"
#include "mibtcp_fast.h"
#include "scan/carve_stream.h"

/* Directories inside directories are read this deep, no deeper (a loop of
 * links cannot make the scan endless). */
#define MAX_DIRECTORY_DEPTH 8
/* A capture is a table of at most this many bytes; bigger files are images. */
#define MAX_CAPTURE_BYTES (UINT64_C(64) << 20)

typedef struct scan_job {
    const char *command;
    const input_scan_params *params;
    input_tables_fn fn;
    void *ctx;
    uint64_t *unscanned;
    observed_time directory_time; /* the capture manifest's time of the directory being read, or none */
} scan_job;

#define CAPTURE_MANIFEST "manifest.json"

typedef struct manifest_reading {
    bool from_capture, has_time;
    int64_t filetime;
} manifest_reading;

static void manifest_member(void *ctx, const json_member *m)
{
    manifest_reading *r = ctx;
    if (m->depth != 1 || m->type != JSON_STRING) {
        return;
    }
    if (strcmp(m->key, "tool") == 0) {
        r->from_capture = strcmp(m->value, "mibtcp capture") == 0;
    } else if (strcmp(m->key, "captured_utc") == 0) {
        r->has_time = observed_time_parse(m->value, &r->filetime) && filetime_plausible(r->filetime);
    }
}

/* captured_utc of the manifest `mibtcp capture` wrote in @p dir: when its
 * tables were taken. None when there is no such manifest (said on stderr
 * when one is there but unreadable). */
static observed_time manifest_time(const scan_job *job, const char *dir)
{
    const observed_time none = {OBSERVED_NONE, 0};
    char path[4096];
    struct stat st;
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, CAPTURE_MANIFEST) >= sizeof path || stat(path, &st) != 0) {
        return none;
    }
    file_map map;
    if (!file_map_path(job->command, path, &map)) {
        return none;
    }
    manifest_reading r = {false, false, 0};
    char *scratch = malloc(map.len + 2);
    const json_handler h = {&r, manifest_member, NULL};
    json_error err;
    const bool read = scratch != NULL && json_scan((const char *)map.bytes, map.len, scratch, &h, &err);
    free(scratch);
    file_map_close(&map);
    if (!read || !r.from_capture || !r.has_time) {
        fprintf(stderr, "mibtcp %s: %s: not a manifest of mibtcp capture with a captured_utc time: not used\n",
                job->command, display_name(path));
        return none;
    }
    return (observed_time){OBSERVED_MANIFEST, r.filetime};
}

static void say_unscanned(const scan_job *job, const char *name, const carve_results *r)
{
    if (r->unscanned == 0) {
        return;
    }
    fprintf(stderr,
            "mibtcp %s: %s: %" PRIu64 " bytes of %zu memory range%s not scanned: they lie above address %#" PRIx64
            ", the highest the carver takes\n",
            job->command, display_name(name), r->unscanned, r->unscanned_ranges, r->unscanned_ranges == 1 ? "" : "s",
            (uint64_t)MIBTCP_CARVE_MAX_OFFSET - 1);
    *job->unscanned += r->unscanned;
}

/* The kind a capture's file name says: mibtcp capture writes KIND[-CLASS].bin,
 * agents and analysts often keep the kind in the name too. The longest
 * kind name that stands as a word in the file's base name. */
static bool kind_in_name(const char *path, mibtcp_kind *kind)
{
    const char *base = path;
    for (const char *p = path; *p != '\0'; p++) {
        if (*p == '/' || *p == '\\') { /* Windows takes either */
            base = p + 1;
        }
    }
    size_t best = 0;
    for (uint32_t k = 1; k <= mibtcp_kind_count(); k++) {
        const char *name = mibtcp_kind_name((mibtcp_kind)k);
        const size_t n = strlen(name);
        for (const char *at = strstr(base, name); at != NULL; at = strstr(at + 1, name)) {
            const char after = at[n];
            const bool word = (at == base || at[-1] == '-' || at[-1] == '_' || at[-1] == '.') &&
                              (after == '\0' || after == '-' || after == '_' || after == '.');
            if (word && n > best) {
                best = n;
                *kind = (mibtcp_kind)k;
            }
        }
    }
    return best > 0;
}

/* Whether the file is exactly one table of @p kind: its dwNumEntries rows
 * end where the file ends, and the library validates it (lenient). */
static bool whole_table(const uint8_t *bytes, uint64_t len, mibtcp_kind kind, uint32_t *rows)
{
    if (len < 4) {
        return false;
    }
    *rows = mibtcp_load_le32(bytes);
    const mibtcp_row_layout layout = kind_layout(kind);
    const uint64_t want = layout.header + (uint64_t)*rows * layout.stride;
    mibtcp_view view;
    return want == len && mibtcp_open(&view, bytes, (size_t)len, kind, MIBTCP_POLICY_LENIENT, NULL) == MIBTCP_OK;
}

/* A capture: a file that is exactly one table, of the kind its name says
 * or else of the kind detection decides. The whole file is one found table
 * with its header (one-row and empty tables too, which carving needs more
 * rows to find); confidence 100 when the name says the kind, detection's
 * otherwise. */
static bool capture_table(const char *path, const uint8_t *bytes, uint64_t len, carve_results *r)
{
    if (len < 4 || len > MAX_CAPTURE_BYTES) {
        return false;
    }
    carve_found f;
    memset(&f, 0, sizeof f);
    mibtcp_kind kind;
    uint32_t rows;
    if (kind_in_name(path, &kind) && whole_table(bytes, len, kind, &rows)) {
        f.hit.kind = kind;
        f.hit.confidence = 100;
    } else {
        mibtcp_candidate best;
        mibtcp_detection detection;
        if (mibtcp_detect(bytes, (size_t)len, &best, 1, &detection) != MIBTCP_OK ||
            !whole_table(bytes, len, best.kind, &rows)) {
            return false;
        }
        f.hit.kind = best.kind;
        f.hit.confidence = best.confidence;
    }
    f.hit.offset = 0;
    f.hit.length = len;
    f.hit.rows = rows;
    f.hit.header = true;
    f.hit.structure = true;
    f.bytes = bytes;
    return carve_results_push(r, &f);
}

static bool scan_file(const scan_job *job, const char *path)
{
    file_map map;
    if (!file_map_path(job->command, path, &map)) {
        return false;
    }
    image_layout layout;
    const bool laid_out = job->params->force_raw
                              ? image_layout_raw(map.len, &layout)
                              : image_layout_detect(job->command, display_name(path), map.bytes, map.len, &layout);
    if (!laid_out) {
        file_map_close(&map);
        return false;
    }
    input_source src = {
        path, layout.format, layout.space,
        observed_time_choose(job->params->has_observed, job->params->observed_filetime, map.bytes, map.len, path)};
    if (!job->params->has_observed && job->directory_time.source != OBSERVED_NONE) {
        src.observed = job->directory_time; /* the capture's time, not when the file was copied */
    }
    carve_results r = {NULL, 0, 0, false, 0, 0};
    bool ok;
    if (layout.space == ADDRESS_NONE && !job->params->force_raw && capture_table(path, map.bytes, map.len, &r)) {
        src.container = "capture";
        ok = true;
    } else {
        carve_results_free(&r);
        ok = carve_scan_image(map.bytes, &layout, &job->params->carve, &r);
    }
    if (ok) {
        carve_results_sort(&r);
        say_unscanned(job, path, &r);
        if (r.count == 0) {
            fprintf(stderr, "mibtcp %s: %s: no table found\n", job->command, display_name(path));
        }
        ok = job->fn(job->ctx, &src, &r);
    }
    carve_results_free(&r);
    image_layout_free(&layout);
    file_map_close(&map);
    return ok;
}

static bool scan_stdin(const scan_job *job)
{
    carve_results r;
    address_space space;
    if (!carve_scan_stream(stdin, "<stdin>", !job->params->force_raw, &job->params->carve, &r, &space)) {
        carve_results_free(&r);
        return false;
    }
    /* the stream's header is gone: --observed or none */
    const input_source src = {
        "-",
        space == ADDRESS_VIRTUAL    ? "minidump"
        : space == ADDRESS_PHYSICAL ? "lime"
                                    : "raw",
        space, observed_time_choose(job->params->has_observed, job->params->observed_filetime, NULL, 0, "-")};
    carve_results_sort(&r);
    say_unscanned(job, "-", &r);
    if (r.count == 0) {
        fprintf(stderr, "mibtcp %s: -: no table found\n", job->command);
    }
    const bool ok = job->fn(job->ctx, &src, &r);
    carve_results_free(&r);
    return ok;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool scan_path(const scan_job *job, const char *path, unsigned depth);

/* The entries of a directory, by name, "." and ".." left out. */
static bool scan_directory(const scan_job *job, const char *path, unsigned depth)
{
    if (depth >= MAX_DIRECTORY_DEPTH) {
        fprintf(stderr, "mibtcp %s: %s: directories nested deeper than %u are not read\n", job->command,
                display_name(path), MAX_DIRECTORY_DEPTH);
        return false;
    }
    DIR *dir = opendir(path);
    if (dir == NULL) {
        fprintf(stderr, "mibtcp %s: %s: %s\n", job->command, display_name(path), strerror(errno));
        return false;
    }
    char **names = NULL;
    size_t count = 0, capacity = 0;
    bool ok = true;
    for (struct dirent *e; ok && (e = readdir(dir)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        if (count == capacity) {
            capacity = capacity ? capacity * 2 : 16;
            char **grown = realloc(names, capacity * sizeof *names);
            ok = grown != NULL;
            names = ok ? grown : names;
        }
        const size_t len = strlen(path) + 1 + strlen(e->d_name) + 1;
        char *full = ok ? malloc(len) : NULL;
        ok = full != NULL;
        if (ok) {
            snprintf(full, len, "%s/%s", path, e->d_name);
            names[count++] = full;
        }
    }
    closedir(dir);
    if (!ok) {
        fprintf(stderr, "mibtcp %s: %s: out of memory\n", job->command, display_name(path));
    }
    if (count > 1) {
        qsort(names, count, sizeof *names, compare_names);
    }
    scan_job inside = *job;
    inside.directory_time = ok ? manifest_time(job, path) : (observed_time){OBSERVED_NONE, 0};
    for (size_t i = 0; i < count; i++) {
        const bool manifest =
            inside.directory_time.source != OBSERVED_NONE && strcmp(names[i] + strlen(path) + 1, CAPTURE_MANIFEST) == 0;
        ok = ok && (manifest || scan_path(&inside, names[i], depth + 1));
        free(names[i]);
    }
    free(names);
    return ok;
}

static bool scan_path(const scan_job *job, const char *path, unsigned depth)
{
    if (strcmp(path, "-") == 0 && depth == 0) {
        return scan_stdin(job);
    }
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "mibtcp %s: %s: %s\n", job->command, display_name(path), strerror(errno));
        return false;
    }
    if (S_ISDIR(st.st_mode)) {
        return scan_directory(job, path, depth);
    }
    if (!S_ISREG(st.st_mode) && depth > 0) {
        fprintf(stderr, "mibtcp %s: %s: not a regular file, not read\n", job->command, display_name(path));
        return true; /* said, and nothing in it is a table file */
    }
    return scan_file(job, path);
}

bool input_tables_scan(const char *command, const char *path, const input_scan_params *p, input_tables_fn fn, void *ctx,
                       uint64_t *unscanned)
{
    const scan_job job = {command, p, fn, ctx, unscanned, {OBSERVED_NONE, 0}};
    return scan_path(&job, path, 0);
}
