#include "scan/carve_scan.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef _WIN32
#include <windows.h>
#endif

#include "cli/progress.h"
#include "input/file_map.h"

/* Tasks are at least this large, and there are a few per thread for balance. */
#define MIN_TASK (UINT64_C(1) << 20)
#define TASKS_PER_JOB 4u

typedef struct task {
    const uint8_t *image;
    const image_region *region;
    uint64_t scannable; /* of the region's bytes, from its start */
    uint64_t from, to;  /* file offsets whose hits this task reports */
    carve_results results;
    bool failed;
} task;

typedef struct pool {
    task *tasks;
    size_t count;
    atomic_size_t next;
    atomic_size_t finished;
    const carve_params *params;
    atomic_uint_fast64_t scanned; /* bytes of the tasks' own ranges, for the progress meter */
    atomic_bool faulted;          /* a read of the mapped image faulted: the file shrank */
} pool;

unsigned carve_online_cpus(void)
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

void carve_count_unscanned(carve_results *r, uint64_t file_offset, uint64_t length, uint64_t address, uint64_t from,
                           uint64_t to)
{
    const uint64_t scannable = carve_scannable(address, length);
    if (scannable == length) {
        return;
    }
    /* The file bytes [file_offset + scannable, file_offset + length), within [from, to). */
    const uint64_t begin = file_offset + scannable > from ? file_offset + scannable : from;
    const uint64_t end = file_offset + length < to ? file_offset + length : to;
    if (begin < end) {
        r->unscanned += end - begin;
        r->unscanned_ranges++;
    }
}

bool carve_results_push(carve_results *r, const carve_found *f)
{
    if (r->count == r->capacity) {
        const size_t grown = r->capacity == 0 ? 64 : r->capacity * 2;
        carve_found *items = grown <= SIZE_MAX / sizeof *items ? realloc(r->items, grown * sizeof *items) : NULL;
        if (items == NULL) {
            r->out_of_memory = true;
            return false;
        }
        r->items = items;
        r->capacity = grown;
    }
    r->items[r->count++] = *f;
    return true;
}

static bool collect(void *ctx, const mibtcp_carve_hit *hit)
{
    task *t = ctx;
    const image_region *r = t->region;
    const uint64_t file_offset = r->file_offset + (hit->offset - r->address);
    if (file_offset < t->from || file_offset >= t->to) {
        return true;
    }
    const carve_found f = {*hit, file_offset, false, t->image + file_offset, NULL};
    return carve_results_push(&t->results, &f);
}

static void count_scanned(void *ctx, uint64_t part_bytes)
{
    atomic_fetch_add((atomic_uint_fast64_t *)ctx, part_bytes);
}

/* Never inlined into worker(): a SIGBUS abandons the task, and its locals must
 * not live in the frame whose registers sigsetjmp() saved. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void
run_task(void *workspace, size_t workspace_size, task *t, const carve_params *params, atomic_uint_fast64_t *scanned)
{
    const image_region *r = t->region;
    const carve_part part = {t->image + r->file_offset, t->scannable, r->address, t->from - r->file_offset,
                             t->to - r->file_offset};
    /* carve_scannable() keeps every window below the carver's limit: any status but OK is a bug. */
    t->failed = carve_part_scan(workspace, workspace_size, &params->config, &part, collect, t, count_scanned,
                                scanned) != MIBTCP_OK;
}

static void *worker(void *arg)
{
    pool *p = arg;
    const size_t workspace_size = mibtcp_carver_size();
    void *workspace = malloc(workspace_size);
    const file_map_catch_state saved = file_map_catch_save();
    file_map_landing landing;
    /* The image shrank under this thread (SIGBUS in its own reads): the task
     * it was scanning ends here, and the tasks still to come are skipped.
     * carve_scan_image() reports it once every thread is done. */
    if (FILE_MAP_CAUGHT(landing)) {
        atomic_store(&p->faulted, true);
        atomic_fetch_add(&p->finished, 1);
    }
    for (;;) {
        const size_t i = atomic_fetch_add(&p->next, 1);
        if (i >= p->count) {
            break;
        }
        if (workspace == NULL) {
            p->tasks[i].results.out_of_memory = true;
        } else if (!atomic_load(&p->faulted)) {
            run_task(workspace, workspace_size, &p->tasks[i], p->params, &p->scanned);
        }
        atomic_fetch_add(&p->finished, 1);
    }
    file_map_catch_restore(saved);
    free(workspace);
    return NULL;
}

/* Split every region's reported part into tasks. */
static task *plan_tasks(const uint8_t *image, const image_layout *layout, const carve_params *params, size_t *count,
                        uint64_t *total, carve_results *unscanned)
{
    uint64_t bytes = 0;
    for (size_t i = 0; i < layout->count; i++) {
        bytes += layout->regions[i].length;
    }
    const unsigned jobs = params->jobs == 0 ? 1 : params->jobs;
    uint64_t piece = bytes / ((uint64_t)jobs * TASKS_PER_JOB) + 1;
    piece = piece < MIN_TASK ? MIN_TASK : piece;
    size_t n = 0, capacity = 0;
    task *tasks = NULL;
    *total = 0;
    for (size_t i = 0; i < layout->count; i++) {
        const image_region *r = &layout->regions[i];
        const uint64_t scannable = carve_scannable(r->address, r->length);
        carve_count_unscanned(unscanned, r->file_offset, r->length, r->address,
                              params->has_range ? params->range_start : 0,
                              params->has_range ? params->range_end : UINT64_MAX);
        uint64_t from = r->file_offset, to = r->file_offset + scannable;
        if (params->has_range) {
            from = from > params->range_start ? from : params->range_start;
            to = to < params->range_end ? to : params->range_end;
        }
        for (uint64_t at = from; at < to; at += piece) {
            if (n == capacity) {
                capacity = capacity == 0 ? 64 : capacity * 2;
                task *grown = capacity <= SIZE_MAX / sizeof *grown ? realloc(tasks, capacity * sizeof *grown) : NULL;
                if (grown == NULL) {
                    free(tasks);
                    return NULL;
                }
                tasks = grown;
            }
            const uint64_t end = to - at < piece ? to : at + piece;
            tasks[n++] = (task){image, r, scannable, at, end, {NULL, 0, 0, false, 0, 0}, false};
            *total += end - at;
        }
    }
    *count = n;
    return tasks != NULL ? tasks : calloc(1, sizeof *tasks);
}

static void free_tasks(task *tasks, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(tasks[i].results.items);
    }
    free(tasks);
}

bool carve_scan_image(const uint8_t *bytes, const image_layout *layout, const carve_params *params, carve_results *out)
{
    *out = (carve_results){NULL, 0, 0, false, 0, 0};
    size_t count;
    uint64_t total;
    task *tasks = plan_tasks(bytes, layout, params, &count, &total, out);
    if (tasks == NULL) {
        fputs("mibtcp carve: out of memory\n", stderr);
        return false;
    }
    progress_meter meter;
    progress_start(&meter, params->progress ? PROGRESS_ON : PROGRESS_OFF, total);
    pool p = {tasks, count, 0, 0, params, 0, false};
    atomic_init(&p.faulted, false);
    atomic_init(&p.next, 0);
    atomic_init(&p.finished, 0);
    atomic_init(&p.scanned, 0);
    unsigned jobs = params->jobs == 0 ? 1 : params->jobs;
    jobs = count < jobs ? (unsigned)(count > 0 ? count : 1) : jobs;
    pthread_t *threads = calloc(jobs, sizeof *threads);
    unsigned started = 0;
    while (threads != NULL && started < jobs && pthread_create(&threads[started], NULL, worker, &p) == 0) {
        started++;
    }
    if (started == 0) {
        worker(&p); /* no thread could start: scan here */
    }
    /* Without a progress line nothing is left to do here but wait. */
    while (meter.on && atomic_load(&p.finished) < count) {
        progress_draw(&meter, atomic_load(&p.scanned));
        progress_pause();
    }
    for (unsigned i = 0; i < started; i++) {
        pthread_join(threads[i], NULL);
    }
    free(threads);
    progress_end(&meter);
    if (atomic_load(&p.faulted)) {
        file_map_report_fault();
        free_tasks(tasks, count);
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < count && ok; i++) {
        for (size_t j = 0; j < tasks[i].results.count && ok; j++) {
            carve_found f = tasks[i].results.items[j];
            f.has_address = layout->space != ADDRESS_NONE;
            ok = carve_results_push(out, &f);
        }
        ok = ok && !tasks[i].results.out_of_memory;
        if (tasks[i].failed) {
            fputs("mibtcp carve: internal error: the carver refused a window of the image\n", stderr);
            free_tasks(tasks, count);
            return false;
        }
    }
    free_tasks(tasks, count);
    if (!ok) {
        fputs("mibtcp carve: out of memory\n", stderr);
    }
    return ok;
}

static int compare_found(const void *a, const void *b)
{
    const carve_found *x = a, *y = b;
    if (x->file_offset != y->file_offset) {
        return x->file_offset < y->file_offset ? -1 : 1;
    }
    if (x->hit.kind != y->hit.kind) {
        return x->hit.kind < y->hit.kind ? -1 : 1;
    }
    return x->hit.length < y->hit.length ? -1 : x->hit.length > y->hit.length;
}

void carve_results_sort(carve_results *r)
{
    if (r->count > 1) {
        qsort(r->items, r->count, sizeof *r->items, compare_found);
    }
}

void carve_results_free(carve_results *r)
{
    for (size_t i = 0; i < r->count; i++) {
        free(r->items[i].owned);
    }
    free(r->items);
    *r = (carve_results){NULL, 0, 0, false, 0, 0};
}
