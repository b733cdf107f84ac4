/* fuzz_owner_lists: the parsers of `connections --processes` and
 * `--services` (tools/mibtcp/common/process_list.c, service_map.c) and the
 * JSON and CSV readers beneath them, on the input as text.
 *
 * Invariants: the text is an exact-size allocation without a NUL, so
 * nothing is read past it; a parsed process list is sorted by PID, then
 * start time (unknown first), every name is NUL-terminated inside the names,
 * process_list_find() finds exactly the entries of each PID and the owner
 * process_list_owner() names has that PID and started no later than the
 * creation time plus the slack, while a reused PID means every entry started
 * later; a refusal names a message and (unless out of memory) a line within
 * the text; a service map is sorted and finds every tag's name; the JSON
 * scanner reports members at depths 1..JSON_SCAN_MAX_DEPTH with keys inside
 * the scratch; CSV records have at most CSV_MAX_FIELDS fields; an ISO time
 * the input spells converts to a FILETIME whose Unix seconds convert back
 * within a second; the same text always gives the same result. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/csv_record.h"
#include "common/json_scan.h"
#include "common/observed_time.h"
#include "common/process_list.h"
#include "common/service_map.h"
#include "support/invariant.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t lines_in(const char *text, size_t len)
{
    size_t lines = 1;
    for (size_t i = 0; i < len; i++) {
        lines += text[i] == '\n';
    }
    return lines;
}

static void check_processes(const char *text, size_t len)
{
    process_list list;
    process_list_error err;
    if (!process_list_parse(text, len, &list, &err)) {
        FUZZ_REQUIRE(err.message != NULL && err.message[0] != '\0');
        FUZZ_REQUIRE(list.entries == NULL && list.count == 0);
        /* UTF-16 text is converted first: its lines are counted in the conversion */
        FUZZ_REQUIRE(err.line <= len + 1);
        return;
    }
    FUZZ_REQUIRE(list.count > 0);
    FUZZ_REQUIRE(observed_source_name(OBSERVED_NONE) != NULL);
    for (size_t i = 0; i < list.count; i++) {
        const process_entry *e = &list.entries[i];
        FUZZ_REQUIRE(e->name < list.names_len);
        FUZZ_REQUIRE(memchr(list.names + e->name, '\0', list.names_len - e->name) != NULL);
        if (i > 0) {
            const process_entry *p = &list.entries[i - 1];
            FUZZ_REQUIRE(p->pid < e->pid ||
                         (p->pid == e->pid && (!p->has_start || (e->has_start && p->start <= e->start))));
        }
        if (i > 0 && list.entries[i - 1].pid == e->pid) {
            continue; /* each PID's entries are checked once, from its first: linear in the list */
        }
        size_t first;
        const size_t n = process_list_find(&list, e->pid, &first);
        FUZZ_REQUIRE(n >= 1 && first == i);
        FUZZ_REQUIRE(first == 0 || list.entries[first - 1].pid != e->pid);
        FUZZ_REQUIRE(first + n == list.count || list.entries[first + n].pid != e->pid);
        const int64_t created = e->has_start ? e->start : 0;
        bool reused, ambiguous;
        const long owner = process_list_owner(&list, e->pid, e->has_start, created, &reused, &ambiguous);
        FUZZ_REQUIRE(!(reused && ambiguous));
        if (owner >= 0) {
            const process_entry *o = &list.entries[owner];
            FUZZ_REQUIRE(o->pid == e->pid && !reused && !ambiguous);
            FUZZ_REQUIRE(!e->has_start || !o->has_start || o->start <= created + PROCESS_START_SLACK);
        }
        if (reused) {
            for (size_t j = first; j < first + n; j++) {
                FUZZ_REQUIRE(list.entries[j].has_start && list.entries[j].start > created + PROCESS_START_SLACK);
            }
        }
    }
    process_list again;
    FUZZ_REQUIRE(process_list_parse(text, len, &again, &err));
    FUZZ_REQUIRE(again.count == list.count && again.format == list.format);
    FUZZ_REQUIRE(strcmp(process_format_name(again.format), process_format_name(list.format)) == 0);
    process_list_free(&again);
    process_list_free(&list);
}

static void check_services(const char *text, size_t len)
{
    service_map map;
    size_t line;
    const char *message;
    if (!service_map_parse(text, len, &map, &line, &message)) {
        FUZZ_REQUIRE(message != NULL && line <= lines_in(text, len));
        FUZZ_REQUIRE(map.entries == NULL && map.count == 0);
        return;
    }
    for (size_t i = 0; i < map.count; i++) {
        FUZZ_REQUIRE(i == 0 || map.entries[i - 1].tag <= map.entries[i].tag);
        const char *name = service_map_name(&map, map.entries[i].tag);
        FUZZ_REQUIRE(name != NULL && strcmp(name, map.names + map.entries[i].name) == 0);
    }
    service_map_free(&map);
}

typedef struct scan_check {
    const char *scratch;
    size_t scratch_len;
    unsigned open_depth;
} scan_check;

static void member(void *ctx, const json_member *m)
{
    const scan_check *c = ctx;
    FUZZ_REQUIRE(m->depth >= 1 && m->depth <= JSON_SCAN_MAX_DEPTH);
    FUZZ_REQUIRE(m->key >= c->scratch && m->key + m->key_len < c->scratch + c->scratch_len);
    FUZZ_REQUIRE(m->key[m->key_len] == '\0');
    FUZZ_REQUIRE(m->type != JSON_STRING || m->value[m->value_len] == '\0');
}

static void object_end(void *ctx, unsigned depth)
{
    (void)ctx;
    FUZZ_REQUIRE(depth >= 1 && depth <= JSON_SCAN_MAX_DEPTH);
}

static void check_readers(const char *text, size_t len)
{
    char *scratch = malloc(len + CSV_MAX_FIELDS + 2);
    FUZZ_REQUIRE(scratch != NULL);
    scan_check c = {scratch, len + 2, 0};
    const json_handler h = {&c, member, object_end};
    json_error err;
    if (!json_scan(text, len, scratch, &h, &err)) {
        FUZZ_REQUIRE(err.offset <= len && err.message != NULL);
    }
    csv_reader r;
    csv_reader_init(&r, text, len, scratch);
    csv_fields f;
    const char *problem;
    int got;
    size_t records = 0;
    while ((got = csv_next(&r, &f, &problem)) == 1) {
        FUZZ_REQUIRE(f.count >= 1 && f.count <= CSV_MAX_FIELDS);
        FUZZ_REQUIRE(++records <= len);
    }
    FUZZ_REQUIRE(got == 0 || problem != NULL);
    free(scratch);
}

static void check_time(const char *text, size_t len)
{
    char line[64];
    const size_t n = len < sizeof line - 1 ? len : sizeof line - 1;
    memcpy(line, text, n);
    line[n] = '\0';
    int64_t filetime;
    if (observed_time_parse(line, &filetime) && filetime_plausible(filetime)) {
        const int64_t seconds = filetime / 10000000 - INT64_C(11644473600);
        const int64_t back = observed_filetime_from_unix(seconds);
        FUZZ_REQUIRE(back <= filetime && filetime - back < 10000000);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size > 0 ? size : 1u); /* exact size, no NUL: reads past it are caught */
    FUZZ_REQUIRE(text != NULL);
    if (size > 0) {
        memcpy(text, data, size);
    }
    check_processes(text, size);
    check_services(text, size);
    check_readers(text, size);
    check_time(text, size);
    free(text);
    return 0;
}
