#include "connections/sockets.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/diagnostics.h"
#include "common/kind_layout.h"
#include "scan/found_rows.h"

void socket_set_init(socket_set *set)
{
    memset(set, 0, sizeof *set);
}

void socket_set_free(socket_set *set)
{
    for (size_t i = 0; i < set->input_count; i++) {
        free(set->inputs[i].name);
    }
    free(set->inputs);
    free(set->sightings);
    free(set->starts);
    memset(set, 0, sizeof *set);
}

static bool grow(void **items, size_t *capacity, size_t count, size_t size)
{
    if (count < *capacity) {
        return true;
    }
    const size_t wanted = *capacity ? *capacity * 2 : 64;
    if (wanted > SIZE_MAX / size) {
        return false;
    }
    void *bigger = realloc(*items, wanted * size);
    if (bigger == NULL) {
        return false;
    }
    *items = bigger;
    *capacity = wanted;
    return true;
}

typedef struct adding {
    socket_set *set;
    sighting proto;      /* everything but the record */
    const uint8_t *rows; /* the table's first row */
    size_t stride;
} adding;

static bool add_row(void *ctx, const mibtcp_record *rec)
{
    adding *a = ctx;
    socket_set *set = a->set;
    if (!grow((void **)&set->sightings, &set->capacity, set->count, sizeof *set->sightings)) {
        set->out_of_memory = true;
        return false;
    }
    sighting *s = &set->sightings[set->count++];
    *s = a->proto;
    s->rec = *rec;
    /* the row's bytes as found: inside the run the carver validated */
    if (mibtcp_row_evidence(rec->kind, a->rows + (size_t)rec->index * a->stride, &s->evidence) != MIBTCP_OK) {
        s->evidence = 0;
    }
    return true;
}

bool socket_set_add(socket_set *set, const char *command, const input_source *src, const carve_results *found,
                    unsigned side)
{
    const size_t name_len = strlen(src->name) + 1;
    char *name = malloc(name_len);
    if (name == NULL || !grow((void **)&set->inputs, &set->input_capacity, set->input_count, sizeof *set->inputs)) {
        free(name);
        fprintf(stderr, "mibtcp %s: out of memory\n", command);
        set->out_of_memory = true;
        return false;
    }
    memcpy(name, src->name, name_len);
    const size_t input = set->input_count++;
    set->inputs[input] = (input_info){name, src->container, src->space, src->observed, side};
    for (size_t i = 0; i < found->count; i++) {
        const carve_found *f = &found->items[i];
        adding a = {set,
                    {.input = input,
                     .table_offset = f->file_offset,
                     .table_address = f->hit.offset,
                     .confidence = f->hit.confidence,
                     .header = f->hit.header},
                    NULL,
                    0};
        const mibtcp_row_layout layout = kind_layout(f->hit.kind);
        a.rows = f->bytes + (f->hit.header ? layout.header : 0);
        a.stride = layout.stride;
        const char *problem;
        const uint64_t decoded = found_rows_decode(f, add_row, &a, &problem);
        if (set->out_of_memory) {
            fprintf(stderr, "mibtcp %s: out of memory\n", command);
            return false;
        }
        if (decoded < f->hit.rows) {
            fprintf(stderr,
                    "mibtcp %s: %s: the %s table at offset %#" PRIx64 ": %" PRIu64 " of its %" PRIu32
                    " rows not decoded (%s)\n",
                    command, display_name(src->name), mibtcp_kind_name(f->hit.kind), f->file_offset,
                    f->hit.rows - decoded, f->hit.rows, problem ? problem : "stopped");
            set->undecoded += f->hit.rows - decoded;
        }
    }
    return true;
}

static int compare_endpoint(const mibtcp_endpoint *a, const mibtcp_endpoint *b)
{
    if (a->family != b->family) {
        return a->family < b->family ? -1 : 1;
    }
    const int bytes = memcmp(a->addr, b->addr, sizeof a->addr);
    if (bytes != 0) {
        return bytes < 0 ? -1 : 1;
    }
    if (a->scope_id != b->scope_id) {
        return a->scope_id < b->scope_id ? -1 : 1;
    }
    return a->port < b->port ? -1 : a->port > b->port;
}

int sighting_compare_endpoints(const mibtcp_record *a, const mibtcp_record *b)
{
    const bool tcp_a = record_has(a, MIBTCP_FIELD_REMOTE_ADDR), tcp_b = record_has(b, MIBTCP_FIELD_REMOTE_ADDR);
    if (tcp_a != tcp_b) {
        return tcp_a ? -1 : 1; /* TCP first */
    }
    const int local = compare_endpoint(&a->local, &b->local);
    if (local != 0 || !tcp_a) {
        return local;
    }
    return compare_endpoint(&a->remote, &b->remote);
}

bool sighting_same_endpoints(const mibtcp_record *a, const mibtcp_record *b)
{
    return sighting_compare_endpoints(a, b) == 0;
}

#define COMPARE(x, y)                  \
    do {                               \
        if ((x) != (y)) {              \
            return (x) < (y) ? -1 : 1; \
        }                              \
    } while (0)

/* The socket key after the endpoints: the PID (absent first), then the
 * creation time (absent first), so that a row without a creation time
 * comes right before the rows of the same PID that have one. */
static int compare_owner(const mibtcp_record *a, const mibtcp_record *b)
{
    const bool pid_a = record_has(a, MIBTCP_FIELD_PID), pid_b = record_has(b, MIBTCP_FIELD_PID);
    COMPARE(pid_a, pid_b);
    if (pid_a) {
        COMPARE(a->pid, b->pid);
    }
    const bool created_a = record_has(a, MIBTCP_FIELD_CREATED), created_b = record_has(b, MIBTCP_FIELD_CREATED);
    COMPARE(created_a, created_b);
    if (created_a) {
        COMPARE(a->created, b->created);
    }
    return 0;
}

/* Where the row was seen: input, table, row. */
static int compare_place(const sighting *a, const sighting *b)
{
    COMPARE(a->input, b->input);
    COMPARE(a->table_offset, b->table_offset);
    COMPARE(a->rec.kind, b->rec.kind);
    COMPARE(a->rec.index, b->rec.index);
    return 0;
}

static int compare_key(const void *x, const void *y)
{
    const sighting *a = x, *b = y;
    const int endpoints = sighting_compare_endpoints(&a->rec, &b->rec);
    if (endpoints != 0) {
        return endpoints;
    }
    const int owner = compare_owner(&a->rec, &b->rec);
    return owner != 0 ? owner : compare_place(a, b);
}

static int compare_socket(const void *x, const void *y)
{
    const sighting *a = x, *b = y;
    COMPARE(a->socket, b->socket);
    return compare_place(a, b);
}

/* A run of sightings with the same whole key. */
typedef struct key_group {
    size_t start, end;
    size_t parent; /* the group this one joined; itself when none */
    bool joined;   /* another group joined this one */
    size_t rows;   /* mark_contested(): the sightings of a root and the groups joined to it */
} key_group;

static bool group_has(const socket_set *set, const key_group *g, mibtcp_field field)
{
    return record_has(&set->sightings[g->start].rec, field);
}

/* A socket that one orphan row alone shows (a group of one sighting without
 * a header that no other group joined): what socket_view calls
 * uncorroborated, a row whose bytes a heap may have written over (a PID
 * field holding a free-list pointer). */
static bool lone_orphan_row(const socket_set *set, const key_group *g)
{
    return g->end - g->start == 1 && !set->sightings[g->start].header && !g->joined;
}

/* Groups [from, to) share their endpoints: join each PID-only group to the
 * one group of its PID with a creation time, then a group with neither to
 * the one socket left, when there is exactly one; sockets that a lone
 * orphan row shows do not count as another owner when a corroborated one
 * is there. */
static void join_partial_rows(const socket_set *set, key_group *groups, size_t from, size_t to)
{
    for (size_t g = from; g < to; g++) {
        if (!group_has(set, &groups[g], MIBTCP_FIELD_PID) || group_has(set, &groups[g], MIBTCP_FIELD_CREATED)) {
            continue;
        }
        const uint32_t pid = set->sightings[groups[g].start].rec.pid;
        size_t same = 0;
        for (size_t h = g + 1;
             h < to && set->sightings[groups[h].start].rec.pid == pid && group_has(set, &groups[h], MIBTCP_FIELD_PID);
             h++) {
            same++; /* sorted: the groups of this PID with a creation time follow */
        }
        if (same == 1) {
            groups[g].parent = g + 1;
            groups[g + 1].joined = true;
        }
    }
    const key_group *first = &groups[from];
    if (group_has(set, first, MIBTCP_FIELD_PID) || group_has(set, first, MIBTCP_FIELD_CREATED)) {
        return;
    }
    size_t roots = 0, root = from, solid_roots = 0, solid_root = from;
    for (size_t g = from + 1; g < to; g++) {
        if (groups[g].parent == g) {
            roots++;
            root = g;
            if (!lone_orphan_row(set, &groups[g])) {
                solid_roots++;
                solid_root = g;
            }
        }
    }
    if (solid_roots == 1) {
        groups[from].parent = solid_root;
    } else if (roots == 1) {
        groups[from].parent = root;
    }
}

/* The group g joined, through at most two joins (neither -> PID only -> PID
 * and time); g itself when it joined none. */
static size_t root_of(const key_group *groups, size_t g)
{
    while (groups[g].parent != g) {
        g = groups[g].parent;
    }
    return g;
}

/* Groups [from, to) share their endpoints: a socket that one row alone shows
 * (one sighting, no group joined to it), where another socket of these
 * endpoints is seen in more than one row, is contested: its owner fields may
 * be bytes a heap wrote over a stale table's row (a PID holding a free-list
 * pointer), even inside a table whose count still holds. */
static void mark_contested(socket_set *set, key_group *groups, size_t from, size_t to)
{
    for (size_t h = from; h < to; h++) {
        groups[root_of(groups, h)].rows += groups[h].end - groups[h].start;
    }
    size_t widest = 0;
    for (size_t g = from; g < to; g++) {
        widest = groups[g].parent == g && groups[g].rows > widest ? groups[g].rows : widest;
    }
    for (size_t g = from; g < to && widest > 1; g++) {
        if (groups[g].parent == g && groups[g].rows == 1) {
            set->sightings[groups[g].start].contested = true;
        }
    }
}

bool sockets_merge(socket_set *set)
{
    free(set->starts);
    set->starts = NULL;
    set->socket_count = 0;
    if (set->count > 1) {
        qsort(set->sightings, set->count, sizeof *set->sightings, compare_key);
    }
    for (size_t i = 0; i < set->count; i++) {
        set->sightings[i].contested = false;
    }
    key_group *groups = malloc((set->count ? set->count : 1) * sizeof *groups);
    set->starts = malloc((set->count + 1) * sizeof *set->starts);
    if (groups == NULL || set->starts == NULL) {
        free(groups);
        set->out_of_memory = true;
        return false;
    }
    size_t group_count = 0;
    for (size_t i = 0; i < set->count;) {
        size_t j = i + 1;
        while (j < set->count && sighting_same_endpoints(&set->sightings[i].rec, &set->sightings[j].rec) &&
               compare_owner(&set->sightings[i].rec, &set->sightings[j].rec) == 0) {
            j++;
        }
        groups[group_count] = (key_group){i, j, group_count, false, 0};
        group_count++;
        i = j;
    }
    for (size_t g = 0; g < group_count;) {
        size_t h = g + 1;
        while (h < group_count &&
               sighting_same_endpoints(&set->sightings[groups[g].start].rec, &set->sightings[groups[h].start].rec)) {
            h++;
        }
        join_partial_rows(set, groups, g, h);
        mark_contested(set, groups, g, h);
        g = h;
    }
    /* Number the sockets in key order; a joined group takes its root's number
     * (at most two joins: neither -> PID only -> PID and time). */
    size_t *numbers = (size_t *)set->starts; /* per group, reused below */
    size_t sockets = 0;
    for (size_t g = 0; g < group_count; g++) {
        if (groups[g].parent == g) {
            numbers[g] = sockets++;
        }
    }
    for (size_t g = 0; g < group_count; g++) {
        const size_t root = root_of(groups, g);
        for (size_t i = groups[g].start; i < groups[g].end; i++) {
            set->sightings[i].socket = numbers[root];
        }
    }
    free(groups);
    if (set->count > 1) {
        qsort(set->sightings, set->count, sizeof *set->sightings, compare_socket);
    }
    set->socket_count = sockets;
    size_t s = 0;
    for (size_t i = 0; i < set->count; i++) {
        if (i == 0 || set->sightings[i].socket != set->sightings[i - 1].socket) {
            set->starts[s++] = i;
        }
    }
    set->starts[s] = set->count;
    return true;
}
