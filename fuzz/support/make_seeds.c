/* Writes the hand-made seeds of every harness into CORPUS_DIR/<harness>/,
 * as files named seed-*, removing no other file (inputs a campaign merged in
 * stay). Deterministic: the same bytes on every host, so ctest can check
 * that the committed seeds are what this program makes.
 *
 *   make_seeds CORPUS_DIR
 *
 * Tables are real-shaped (loopback, documentation and link-local addresses,
 * well-known ports, PIDs that are multiples of 4, 2024 timestamps) with one
 * edge case each: count 0, count 0xFFFFFFFF, trailing bytes, a truncated
 * row, dirty padding, state 100 and invalid states, port upper bits, bad
 * offload states and UDP flags, implausible timestamps, LISTEN rows with a
 * remote endpoint. Field places come from the test kit's layout table
 * (testkit/kit_layout.c), the one test-side statement of the layouts. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kit_layout.h"
#include "mibtcp.h"
#include "support/fuzz_bytes.h"
#include "support/input_params.h"

#define TABLE_CAPACITY 2048

static const char *table_harnesses[] = {"fuzz_open", "fuzz_findings", "fuzz_differential", "fuzz_detect"};
static const char *corpus_dir;

typedef struct table {
    const kit_layout *layout;
    uint8_t bytes[TABLE_CAPACITY];
    size_t len;
} table;

static void fail(const char *what, const char *path)
{
    fprintf(stderr, "make_seeds: %s %s: %s\n", what, path, strerror(errno));
    exit(1);
}

static void make_dir(const char *path)
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
        fail("cannot create", path);
    }
}

static void write_seed(const char *harness, const char *name, const void *bytes, size_t len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", corpus_dir, harness);
    make_dir(path);
    snprintf(path, sizeof path, "%s/%s/seed-%s", corpus_dir, harness, name);
    FILE *file = fopen(path, "wb");
    if (file == NULL || (len > 0 && fwrite(bytes, 1, len, file) != len) || fclose(file) != 0) {
        fail("cannot write", path);
    }
}

/* A table harness's input: the parameter bytes choosing a lenient open of
 * @p kind at an exact-size copy, then the table. */
static void write_table_input(const char *name, mibtcp_kind kind, const uint8_t *bytes, size_t len)
{
    static uint8_t input[FUZZ_PARAMS_SIZE + TABLE_CAPACITY];
    fuzz_params params = {kind, MIBTCP_POLICY_LENIENT, FUZZ_VARIANT_EXACT, 0, 0};
    fuzz_params_write(&params, input);
    memcpy(input + FUZZ_PARAMS_SIZE, bytes, len);
    for (size_t i = 0; i < sizeof table_harnesses / sizeof table_harnesses[0]; ++i) {
        write_seed(table_harnesses[i], name, input, FUZZ_PARAMS_SIZE + len);
    }
}

static void write_table_seed(const table *t, const char *what)
{
    char name[128];
    snprintf(name, sizeof name, "%s-%s", mibtcp_kind_name(t->layout->kind), what);
    write_table_input(name, t->layout->kind, t->bytes, t->len);
}

/* ---- building tables ---------------------------------------------------- */

static size_t row_start(const table *t, uint32_t row)
{
    return (size_t)(t->layout->header + (uint64_t)row * t->layout->stride);
}

static void put_le(table *t, size_t at, uint64_t value, size_t size)
{
    if (at > TABLE_CAPACITY || size > TABLE_CAPACITY - at) {
        fprintf(stderr, "make_seeds: a field at %zu does not fit in the table\n", at);
        exit(1);
    }
    kit_store_le(t->bytes + at, value, size);
}

static bool set_field(table *t, uint32_t row, mibtcp_field field, uint64_t value)
{
    const kit_place *place = kit_place_of(t->layout, field);
    if (place == NULL) {
        return false;
    }
    put_le(t, row_start(t, row) + (size_t)place->offset, value, (size_t)place->size);
    return true;
}

static void set_addr(table *t, uint32_t row, mibtcp_field field, const uint8_t v4[4], const uint8_t v6[16])
{
    const kit_place *place = kit_place_of(t->layout, field);
    if (place != NULL) {
        memcpy(t->bytes + row_start(t, row) + place->offset, place->size == 4 ? v4 : v6, (size_t)place->size);
    }
}

#define FILETIME_2024_01_02 UINT64_C(133486382450000000)

static void fill_row(table *t, uint32_t row)
{
    static const uint32_t states[] = {2, 5, 11, 8}; /* LISTEN, ESTABLISHED, TIME_WAIT, CLOSE_WAIT */
    static const uint16_t local_ports[] = {445, 49669, 3389, 135};
    static const uint16_t remote_ports[] = {0, 443, 80, 53};
    static const uint8_t loopback4[4] = {127, 0, 0, 1}, private4[4] = {10, 0, 0, 7}, any4[4] = {0, 0, 0, 0};
    static const uint8_t loopback6[16] = {[15] = 1};
    static const uint8_t doc6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 0x42};
    static const uint8_t link6[16] = {0xfe, 0x80, [8] = 0x02, [9] = 0x15, [10] = 0x5d, [15] = 0x01};
    static const uint8_t any6[16] = {0};
    uint32_t i = row % 4u;
    bool listen = states[i] == 2;
    set_field(t, row, MIBTCP_FIELD_STATE, states[i]);
    set_addr(t, row, MIBTCP_FIELD_LOCAL_ADDR, i % 2u ? private4 : loopback4, i % 2u ? link6 : loopback6);
    set_field(t, row, MIBTCP_FIELD_LOCAL_SCOPE_ID, i % 2u ? 12u : 0u);
    set_field(t, row, MIBTCP_FIELD_LOCAL_PORT, kit_port_dword(local_ports[i]));
    set_addr(t, row, MIBTCP_FIELD_REMOTE_ADDR, listen ? any4 : private4, listen ? any6 : doc6);
    set_field(t, row, MIBTCP_FIELD_REMOTE_PORT, kit_port_dword(remote_ports[i]));
    set_field(t, row, MIBTCP_FIELD_PID, 4u * (row + 1u) * 97u);
    set_field(t, row, MIBTCP_FIELD_CREATED, FILETIME_2024_01_02 + (uint64_t)row * 36000000000u);
    set_field(t, row, MIBTCP_FIELD_OFFLOAD_STATE, i);
    set_field(t, row, MIBTCP_FIELD_FLAGS, i % 2u);
    const kit_place *module = kit_place_of(t->layout, MIBTCP_FIELD_MODULE_INFO);
    if (module != NULL) {
        for (uint64_t word = 0; word < 2; ++word) { /* Windows fills the first words only */
            put_le(t, row_start(t, row) + (size_t)(module->offset + 8u * word), 0x1122334455667788u + row, 8);
        }
    }
}

static table make_table(mibtcp_kind kind, uint32_t rows)
{
    table t;
    memset(&t, 0, sizeof t);
    t.layout = kit_layout_of(kind);
    t.len = row_start(&t, rows);
    if (t.len > TABLE_CAPACITY) {
        fprintf(stderr, "make_seeds: %u rows of %s do not fit\n", rows, mibtcp_kind_name(kind));
        exit(1);
    }
    put_le(&t, 0, rows, 4);
    for (uint32_t row = 0; row < rows; ++row) {
        fill_row(&t, row);
    }
    return t;
}

static void append_bytes(table *t, size_t count, uint8_t value)
{
    memset(t->bytes + t->len, value, count);
    t->len += count;
}

/* ---- the seeds ------------------------------------------------------------ */

static void write_kind_seeds(mibtcp_kind kind)
{
    table t = make_table(kind, 3);
    write_table_seed(&t, "rows3");

    t = make_table(kind, 0);
    write_table_seed(&t, "count0");
    if (t.layout->header == 8) {
        t.len = 4; /* count 0 and no header padding: lenient only */
        write_table_seed(&t, "count0-short-header");
    }

    t = make_table(kind, 1);
    put_le(&t, 0, UINT32_MAX, 4);
    write_table_seed(&t, "count-max");

    t = make_table(kind, 2);
    put_le(&t, 0, 3, 4);
    append_bytes(&t, (size_t)t.layout->stride / 2u, 0x41);
    write_table_seed(&t, "truncated-row");

    t = make_table(kind, 2);
    append_bytes(&t, 7, 0);
    write_table_seed(&t, "trailing-partial");

    t = make_table(kind, 2);
    append_bytes(&t, (size_t)t.layout->stride, 0xcc);
    write_table_seed(&t, "trailing-whole-row");

    t = make_table(kind, 4); /* valid when lenient, each row odd in one way */
    if (t.layout->header == 8) {
        put_le(&t, 4, 0xdeadbeef, 4);
    }
    const kit_place *hole = kit_hole(t.layout, 0);
    if (hole != NULL) {
        put_le(&t, row_start(&t, 0) + (size_t)hole->offset, 0xabababab, 4);
    }
    set_field(&t, 0, MIBTCP_FIELD_LOCAL_PORT, 0xbeef0000u | kit_port_dword(445));
    set_field(&t, 1, MIBTCP_FIELD_STATE, MIBTCP_STATE_RESERVED);
    set_field(&t, 1, MIBTCP_FIELD_PID, 4099);
    set_field(&t, 2, MIBTCP_FIELD_CREATED, 0);
    set_field(&t, 3, MIBTCP_FIELD_CREATED, UINT64_C(0xfffffffffffffff0)); /* negative */
    set_field(&t, 3, MIBTCP_FIELD_FLAGS, 6);
    set_field(&t, 0, MIBTCP_FIELD_REMOTE_PORT, kit_port_dword(8080)); /* row 0 is LISTEN */
    write_table_seed(&t, "anomalies");

    t = make_table(kind, 2);
    if (set_field(&t, 1, MIBTCP_FIELD_STATE, 13)) {
        write_table_seed(&t, "state13");
        set_field(&t, 1, MIBTCP_FIELD_STATE, 0);
        write_table_seed(&t, "state0");
    }
    t = make_table(kind, 2);
    if (set_field(&t, 1, MIBTCP_FIELD_OFFLOAD_STATE, 4)) {
        write_table_seed(&t, "offload4");
    }
    t = make_table(kind, 2);
    if (set_field(&t, 1, MIBTCP_FIELD_FLAGS, 3)) {
        write_table_seed(&t, "udp-flags3");
    }
    t = make_table(kind, 2);
    set_field(&t, 1, MIBTCP_FIELD_REMOTE_PORT, 0x00010000u | kit_port_dword(443));
    set_field(&t, 1, MIBTCP_FIELD_LOCAL_PORT, 0x80000000u | kit_port_dword(49669));
    write_table_seed(&t, "port-high-bits");
    t = make_table(kind, 2);
    if (set_field(&t, 1, MIBTCP_FIELD_CREATED, UINT64_C(124333920000000000) - 1)) { /* just before 1995 */
        set_field(&t, 0, MIBTCP_FIELD_CREATED, UINT64_C(157469184000000000));       /* 2100-01-01 */
        write_table_seed(&t, "timestamps-edge");
    }
}

static void write_short_buffers(void)
{
    static const uint8_t zeros[8] = {0};
    static const uint8_t ones[3] = {1, 0, 0};
    for (size_t len = 0; len < 4; ++len) {
        char name[32];
        snprintf(name, sizeof name, "short-%zu", len);
        write_table_input(name, MIBTCP_KIND_TCP4_MODULE, len == 3 ? ones : zeros, len);
    }
}

static void write_le64_seed(const char *harness, const char *name, const int64_t *values, size_t count)
{
    uint8_t bytes[8 * 16];
    for (size_t i = 0; i < count; ++i) {
        for (size_t b = 0; b < 8; ++b) {
            bytes[8 * i + b] = (uint8_t)((uint64_t)values[i] >> (8 * b));
        }
    }
    write_seed(harness, name, bytes, 8 * count);
}

static void write_time_seeds(void)
{
    static const int64_t edges[] = {
        0, -1, 1, INT64_MAX, INT64_MIN, INT64_C(2650467743999999999), INT64_C(2650467744000000000)};
    static const int64_t dates[] = {
        INT64_C(116444736000000000),  /* 1970-01-01 */
        INT64_C(124333920000000000),  /* 1995-01-01 */
        INT64_C(157469184000000000),  /* 2100-01-01 */
        INT64_C(133486382451234567),  /* 2024-01-02T03:04:05.1234567 */
        INT64_C(125911584000000000),  /* 2000-01-01 */
        INT64_C(125963136000000000),  /* 2000-02-29T16:00:00 */
        INT64_C(94354848000000000),   /* 1900-01-01 */
        INT64_C(94405824000000000),   /* 1900-03-01 */
        INT64_C(126227376000000000),  /* 2000-12-31T12:00:00, last day of a 400-year cycle */
        INT64_C(1261440000000000),    /* 1604-12-31, last day of a 4-year cycle */
        INT64_C(2650466880000000000), /* 9999-12-31 */
    };
    write_le64_seed("fuzz_time", "edges", edges, sizeof edges / sizeof edges[0]);
    write_le64_seed("fuzz_time", "dates", dates, sizeof dates / sizeof dates[0]);
}

static void write_format_record(uint8_t *record, uint8_t selector, uint8_t zero_groups, uint8_t flags,
                                const uint8_t addr[16], uint16_t port, uint32_t scope)
{
    record[0] = selector;
    record[1] = zero_groups;
    record[2] = flags;
    memcpy(record + 3, addr, 16);
    fuzz_store_le32(record + 19, kit_port_dword(port));
    fuzz_store_le32(record + 23, scope);
}

static void write_format_seeds(void)
{
    static const uint8_t v4[16] = {192, 168, 1, 20};
    static const uint8_t loopback6[16] = {[15] = 1};
    static const uint8_t doc6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1};
    static const uint8_t full6[16] = {0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34, 0x56, 0x78,
                                      0x9a, 0xbc, 0xde, 0xf0, 0xff, 0xff, 0xff, 0xff};
    static const uint8_t link6[16] = {0xfe, 0x80, [8] = 0x02, [15] = 0x01};
    static const uint8_t mapped[16] = {[12] = 10, [13] = 1, [14] = 2, [15] = 3};
    uint8_t records[8][27];
    write_format_record(records[0], 0, 0, 0, v4, 65535, 0);
    write_format_record(records[1], 1, 0, 1, loopback6, 445, 0);
    write_format_record(records[2], 1, 0, 1, doc6, 443, 0);
    write_format_record(records[3], 1, 0, 1, full6, 80, 4294967295u);
    write_format_record(records[4], 1, 0, 1, link6, 3389, 12);
    write_format_record(records[5], 2, 0, 1, mapped, 53, 7);
    write_format_record(records[6], 1, 0x36, 0, full6, 1, 0); /* groups 1-2 and 4-5 zero: tie */
    write_format_record(records[7], 7, 0, 1, v4, 0, 0);       /* family 1: invalid */
    write_seed("fuzz_format", "records", records, sizeof records);
    write_seed("fuzz_format", "ipv6-full", records[3], sizeof records[3]);
}

static void write_name_seeds(void)
{
    static const char *names[] = {"tcp4-module", "TCP6-MODULE",  "udp6-basic", "tcp4-modul",
                                  "LISTEN",      "established",  "Estab",      "syn-received",
                                  "SYN_RCVD",    "time_wait",    "DELETE-TCB", "delete",
                                  "fin_wait_2",  "RESERVED",     "INVALID",    "",
                                  "LISTENING",   "tcp6-module-x"}; /* a real name plus more */
    for (size_t i = 0; i < sizeof names / sizeof names[0]; ++i) {
        char name[64];
        snprintf(name, sizeof name, "name-%zu", i);
        write_seed("fuzz_names", name, names[i], strlen(names[i]));
    }
    static const uint8_t numbers[8] = {100, 0, 0, 0, 13, 0, 0, 0};
    write_seed("fuzz_names", "numbers", numbers, sizeof numbers);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
        return 2;
    }
    corpus_dir = argv[1];
    make_dir(corpus_dir);
    for (int kind = 1; kind <= KIT_KIND_COUNT; ++kind) {
        write_kind_seeds((mibtcp_kind)kind);
    }
    write_short_buffers();
    write_time_seeds();
    write_format_seeds();
    write_name_seeds();
    return 0;
}
