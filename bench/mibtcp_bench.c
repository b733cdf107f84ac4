/* mibtcp benchmark: how much do validation and safe little-endian loads cost?
 *
 * One run measures, on the same generated tcp4-module, tcp6-module and
 * tcp4-pid tables:
 *   memory read          sum of every 8-byte word: the bandwidth floor
 *   naive struct cast    a struct cast per row, no checks (what many readers do)
 *   mibtcp open          validation only (lenient)
 *   open+view_record     validation, then every row by index into a mibtcp_record (mibtcp_view_record)
 *   open+next_record     the same, with the iterator decoding each row (mibtcp_iter_next_record)
 *   typed open+fast path validation, then runs of rows (mibtcp_iter_next_rows) read
 *                        at the offsets of mibtcp_layout_known() for the constant kind
 *   typed single-pass    mibtcp_iter_open, then a cursor with the kind and policy
 *                        constant: each row checked inline as the loop reads it
 *   single-pass batches  mibtcp_iter_open, then runs of rows checked 16 KiB at a time
 *   single-pass any kind the cursor when the kind is known only at run time
 *                        (offsets from mibtcp_kind_layout, checks read from the cursor)
 *   mibtcp findings      the full anomaly walk
 * Every loop sums the same fields (state, both raw ports, pid, creation
 * time where the kind has one) and the sums must agree. Each is printed as
 * ns/row and as a ratio to the naive loop and to the memory read of the same
 * run. Best of --repeat runs; no assertion on time anywhere. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mibtcp_fast.h"
#include "table_gen.h"

/* The naive reader's view of MIB_TCPROW_OWNER_MODULE: correct only on
 * little-endian hosts whose compiler lays the struct out like MSVC. */
typedef struct naive_tcp4_row {
    uint32_t state, local_addr, local_port, remote_addr, remote_port, pid;
    int64_t created;
    uint64_t module_info[16];
} naive_tcp4_row;

typedef struct naive_tcp6_row {
    uint8_t local_addr[16];
    uint32_t local_scope, local_port;
    uint8_t remote_addr[16];
    uint32_t remote_scope, remote_port, state, pid;
    int64_t created;
    uint64_t module_info[16];
} naive_tcp6_row;

typedef struct naive_tcp4_pid_row {
    uint32_t state, local_addr, local_port, remote_addr, remote_port, pid;
} naive_tcp4_pid_row;

static volatile uint64_t sink; /* keeps the loops from being optimised away */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef uint64_t (*workload)(const uint8_t *buf, size_t len, mibtcp_kind kind);

static uint64_t memory_read(const uint8_t *buf, size_t len, mibtcp_kind kind)
{
    (void)kind;
    uint64_t sum = 0, word;
    for (size_t i = 0; i + 8 <= len; i += 8) {
        memcpy(&word, buf + i, 8);
        sum += word;
    }
    return sum;
}

static uint64_t naive_cast(const uint8_t *buf, size_t len, mibtcp_kind kind)
{
    (void)len;
    const uint32_t count = *(const uint32_t *)buf;
    uint64_t sum = 0;
    if (kind == MIBTCP_KIND_TCP4_MODULE) {
        const naive_tcp4_row *rows = (const naive_tcp4_row *)(buf + 8);
        for (uint32_t i = 0; i < count; i++) {
            sum += rows[i].state + rows[i].local_port + rows[i].remote_port + rows[i].pid + (uint64_t)rows[i].created;
        }
    } else if (kind == MIBTCP_KIND_TCP4_PID) {
        const naive_tcp4_pid_row *rows = (const naive_tcp4_pid_row *)(buf + 4);
        for (uint32_t i = 0; i < count; i++) {
            sum += (uint64_t)rows[i].state + rows[i].local_port + rows[i].remote_port + rows[i].pid;
        }
    } else {
        const naive_tcp6_row *rows = (const naive_tcp6_row *)(buf + 8);
        for (uint32_t i = 0; i < count; i++) {
            sum += rows[i].state + rows[i].local_port + rows[i].remote_port + rows[i].pid + (uint64_t)rows[i].created;
        }
    }
    return sum;
}

static uint64_t mibtcp_open_only(const uint8_t *buf, size_t len, mibtcp_kind kind)
{
    mibtcp_view view;
    return mibtcp_open(&view, buf, len, kind, MIBTCP_POLICY_LENIENT, NULL) == MIBTCP_OK ? mibtcp_view_count(&view) : 0;
}

/* Validates the whole table, then iterates it (the iterator outlives the view). */
static bool open_rows(const uint8_t *buf, size_t len, mibtcp_kind kind, mibtcp_iter *it)
{
    mibtcp_view view;
    return mibtcp_open(&view, buf, len, kind, MIBTCP_POLICY_LENIENT, NULL) == MIBTCP_OK &&
           mibtcp_iter_init(it, &view) == MIBTCP_OK;
}

/* The fields every loop sums, from a record. */
static uint64_t record_sum(const mibtcp_record *rec)
{
    return rec->state + rec->local.port_raw + rec->remote.port_raw + rec->pid + (uint64_t)rec->created;
}

static uint64_t mibtcp_open_view_record(const uint8_t *buf, size_t len, mibtcp_kind kind)
{
    mibtcp_view view;
    if (mibtcp_open(&view, buf, len, kind, MIBTCP_POLICY_LENIENT, NULL) != MIBTCP_OK) {
        return 0;
    }
    uint64_t sum = 0;
    mibtcp_record rec;
    const uint32_t count = mibtcp_view_count(&view);
    for (uint32_t i = 0; i < count && mibtcp_view_record(&view, i, &rec) == MIBTCP_OK; i++) {
        sum += record_sum(&rec);
    }
    return sum;
}

static uint64_t mibtcp_open_next_record(const uint8_t *buf, size_t len, mibtcp_kind kind)
{
    mibtcp_iter it;
    uint64_t sum = 0;
    mibtcp_record rec;
    for (bool more = open_rows(buf, len, kind, &it); more && mibtcp_iter_next_record(&it, &rec) == MIBTCP_OK;) {
        sum += record_sum(&rec);
    }
    return sum;
}

#if defined(__GNUC__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

/* The fields every fast-path loop sums, at the offsets of @p at. */
static ALWAYS_INLINE uint64_t row_sum(const uint8_t *row, const mibtcp_row_layout *at)
{
    uint64_t sum = (uint64_t)mibtcp_load_le32(row + at->state) + mibtcp_load_le32(row + at->local_port) +
                   mibtcp_load_le32(row + at->remote_port) + mibtcp_load_le32(row + at->pid);
    if ((at->present & MIBTCP_FIELD_BIT(MIBTCP_FIELD_CREATED)) != 0) {
        sum += (uint64_t)mibtcp_load_le64_signed(row + at->created);
    }
    return sum;
}

/* Each fast-path loop is instantiated per kind with the kind a constant, as
 * a reader that knows its table's kind writes it: mibtcp_layout_known()
 * then folds into constant offsets. */
#define KNOWN_KIND_LOOP(name, body)                                                  \
    static ALWAYS_INLINE uint64_t name##_as(mibtcp_iter *it, const mibtcp_kind kind) \
    {                                                                                \
        const mibtcp_row_layout at = mibtcp_layout_known(kind);                      \
        uint64_t sum = 0;                                                            \
        body return sum;                                                             \
    }                                                                                \
    static uint64_t name(mibtcp_iter *it, mibtcp_kind kind)                          \
    {                                                                                \
        switch (kind) {                                                              \
        case MIBTCP_KIND_TCP4_MODULE: return name##_as(it, MIBTCP_KIND_TCP4_MODULE); \
        case MIBTCP_KIND_TCP6_MODULE: return name##_as(it, MIBTCP_KIND_TCP6_MODULE); \
        case MIBTCP_KIND_TCP4_PID: return name##_as(it, MIBTCP_KIND_TCP4_PID);       \
        default: return 0;                                                           \
        }                                                                            \
    }

/* mibtcp_iter_next_rows(): runs of rows, checked by mibtcp_open() or a batch at a time by a single pass. */
KNOWN_KIND_LOOP(sum_runs, {
    const uint8_t *row;
    for (size_t n = mibtcp_iter_next_rows(it, &row); n > 0; n = mibtcp_iter_next_rows(it, &row)) {
        for (; n > 0; n--, row += at.stride) {
            sum += row_sum(row, &at);
        }
    }
})

/* A cursor with the kind known: each row checked inline, in this loop. */
KNOWN_KIND_LOOP(sum_cursor, {
    mibtcp_cursor cur = mibtcp_iter_cursor_known(it, kind, MIBTCP_POLICY_LENIENT);
    for (const uint8_t *row; mibtcp_cursor_next(&cur, &row);) {
        sum += row_sum(row, &at);
    }
    if (mibtcp_iter_sync(it, cur, NULL) != MIBTCP_OK) {
        return 0;
    }
})

static uint64_t typed_open_fast_path(const uint8_t *buf, size_t len, mibtcp_kind kind)
{
    mibtcp_iter it;
    return open_rows(buf, len, kind, &it) ? sum_runs(&it, kind) : 0;
}

static uint64_t typed_single_pass(const uint8_t *buf, size_t len, mibtcp_kind kind)
{
    mibtcp_iter it;
    if (mibtcp_iter_open(&it, buf, len, kind, MIBTCP_POLICY_LENIENT, NULL) != MIBTCP_OK) {
        return 0;
    }
    return sum_cursor(&it, kind);
}

static uint64_t single_pass_batches(const uint8_t *buf, size_t len, mibtcp_kind kind)
{
    mibtcp_iter it;
    if (mibtcp_iter_open(&it, buf, len, kind, MIBTCP_POLICY_LENIENT, NULL) != MIBTCP_OK) {
        return 0;
    }
    const uint64_t sum = sum_runs(&it, kind);
    return mibtcp_iter_error(&it, NULL) == MIBTCP_OK ? sum : 0;
}

/* The cursor when the kind is known only at run time: offsets and checks read from memory. */
static uint64_t single_pass_any_kind(const uint8_t *buf, size_t len, mibtcp_kind kind)
{
    mibtcp_iter it;
    mibtcp_row_layout at;
    if (mibtcp_iter_open(&it, buf, len, kind, MIBTCP_POLICY_LENIENT, NULL) != MIBTCP_OK ||
        mibtcp_kind_layout(kind, &at) != MIBTCP_OK) {
        return 0;
    }
    uint64_t sum = 0;
    mibtcp_cursor cur = mibtcp_iter_cursor(&it);
    for (const uint8_t *row; mibtcp_cursor_next(&cur, &row);) {
        sum += row_sum(row, &at);
    }
    return mibtcp_iter_sync(&it, cur, NULL) == MIBTCP_OK ? sum : 0;
}

static bool count_finding(void *ctx, const mibtcp_finding *f)
{
    (void)f;
    ++*(uint64_t *)ctx;
    return true;
}

static uint64_t mibtcp_findings_walk(const uint8_t *buf, size_t len, mibtcp_kind kind)
{
    uint64_t n = 0;
    (void)mibtcp_findings(buf, len, kind, MIBTCP_POLICY_LENIENT, count_finding, &n);
    return n;
}

static double best_time(workload w, const uint8_t *buf, size_t len, mibtcp_kind kind, int repeat)
{
    double best = 1e30;
    for (int r = 0; r < repeat; r++) {
        const double start = now_seconds();
        sink += w(buf, len, kind);
        const double elapsed = now_seconds() - start;
        best = elapsed < best ? elapsed : best;
    }
    return best;
}

static void bench_kind(mibtcp_kind kind, uint32_t rows, int repeat)
{
    gen_anomalies none;
    gen_anomalies_init(&none);
    bool too_big = false;
    const size_t len = gen_table_size(kind, rows, &none, &too_big);
    uint8_t *buf = too_big ? NULL : malloc(len);
    if (buf == NULL) {
        fprintf(stderr, "mibtcp_bench: cannot allocate %u rows\n", (unsigned)rows);
        exit(2);
    }
    gen_table(kind, rows, 1, &none, buf, NULL);
    static const struct {
        const char *name;
        workload run;
        bool sums_fields; /* must give the naive loop's sum */
    } workloads[] = {
        {"memory read", memory_read, false},
        {"naive struct cast", naive_cast, true},
        {"mibtcp open", mibtcp_open_only, false},
        {"mibtcp open+view_record", mibtcp_open_view_record, true},
        {"mibtcp open+next_record", mibtcp_open_next_record, true},
        {"typed open+fast path", typed_open_fast_path, true},
        {"typed single-pass", typed_single_pass, true},
        {"single-pass batches", single_pass_batches, true},
        {"single-pass any kind", single_pass_any_kind, true},
        {"mibtcp findings", mibtcp_findings_walk, false},
    };
    enum { WORKLOADS = sizeof workloads / sizeof workloads[0] };
    const uint64_t expected = naive_cast(buf, len, kind);
    for (size_t i = 0; i < WORKLOADS; i++) {
        if (workloads[i].sums_fields && workloads[i].run(buf, len, kind) != expected) {
            fprintf(stderr, "mibtcp_bench: %s and the naive loop disagree on %s\n", workloads[i].name,
                    mibtcp_kind_name(kind));
            exit(1);
        }
    }
    /* Each workload's runs back to back: a cache-hot table stays hot and the
     * loop's branches stay trained, as in a reader's own loop. */
    double seconds[WORKLOADS];
    for (size_t i = 0; i < WORKLOADS; i++) {
        seconds[i] = best_time(workloads[i].run, buf, len, kind, repeat);
    }
    printf("\n%s: %" PRIu32 " rows, %.1f MiB, best of %d\n", mibtcp_kind_name(kind), rows,
           (double)len / (1024.0 * 1024.0), repeat);
    printf("%-23s %9s %10s %12s %12s\n", "workload", "ns/row", "GiB/s", "vs naive", "vs memory");
    for (size_t i = 0; i < WORKLOADS; i++) {
        printf("%-23s %9.2f %10.2f %11.2fx %11.2fx\n", workloads[i].name, seconds[i] * 1e9 / rows,
               (double)len / seconds[i] / (1024.0 * 1024.0 * 1024.0), seconds[i] / seconds[1], seconds[i] / seconds[0]);
    }
    free(buf);
}

int main(int argc, char **argv)
{
    uint32_t rows = 200000;
    int repeat = 10;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--rows") == 0) {
            rows = (uint32_t)strtoul(argv[i + 1], NULL, 10);
        } else if (strcmp(argv[i], "--repeat") == 0) {
            repeat = atoi(argv[i + 1]);
        }
    }
    if (rows == 0 || repeat <= 0) {
        fprintf(stderr, "usage: mibtcp_bench [--rows N] [--repeat R]\n");
        return 2;
    }
    bench_kind(MIBTCP_KIND_TCP4_MODULE, rows, repeat);
    bench_kind(MIBTCP_KIND_TCP6_MODULE, rows, repeat);
    bench_kind(MIBTCP_KIND_TCP4_PID, rows, repeat);
    return 0;
}
