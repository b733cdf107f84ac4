/* mibtcp carving: tables of every kind planted by the independent builder at
 * known offsets and alignments into random bytes, zeros, text, an ELF binary
 * and this process's own memory are found exactly (offset, kind, rows,
 * header); the backgrounds alone yield no hit; damaged tables (header
 * overwritten, last row cut, count too large, back to back, split at a page)
 * are reported as what remains; any split into windows gives the one-pass
 * hits; arguments are checked. */
#define _POSIX_C_SOURCE 200809L /* fseeko */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "mibtcp.h"
#include "run_suite.h"
#include "table_builder.h"

#define PAGE 4096u
#define PLANTED_ROWS 40u

typedef struct hits {
    mibtcp_carve_hit h[256];
    size_t n;
} hits;

static bool collect(void *ctx, const mibtcp_carve_hit *hit)
{
    hits *l = ctx;
    ck_assert_uint_lt(l->n, sizeof l->h / sizeof l->h[0]);
    l->h[l->n++] = *hit;
    return true;
}

static int by_offset(const void *a, const void *b)
{
    const mibtcp_carve_hit *x = a, *y = b;
    if (x->offset != y->offset) {
        return x->offset < y->offset ? -1 : 1;
    }
    return x->kind < y->kind ? -1 : x->kind > y->kind;
}

/* Every carver of a test is placed in one workspace of mibtcp_carver_size()
 * bytes from malloc(), allocated once (a carver is ~400 KB: not the stack). */
static void *workspace(void)
{
    static void *bytes;
    if (bytes == NULL) {
        bytes = malloc(mibtcp_carver_size());
        ck_assert_ptr_nonnull(bytes);
    }
    return bytes;
}

static mibtcp_carver *start(const mibtcp_carve_config *config, mibtcp_carve_fn fn, void *ctx)
{
    mibtcp_carver *carver = NULL;
    ck_assert_int_eq(mibtcp_carve_init(workspace(), mibtcp_carver_size(), config, fn, ctx, &carver), MIBTCP_OK);
    ck_assert_ptr_nonnull(carver);
    return carver;
}

/* What the carver says, once it said MIBTCP_OK. */
static uint64_t open_from(const mibtcp_carver *carver)
{
    uint64_t from = 0;
    ck_assert_int_eq(mibtcp_carve_open_from(carver, &from), MIBTCP_OK);
    return from;
}

static uint32_t default_min_rows(mibtcp_kind kind, bool header)
{
    uint32_t rows = 0;
    ck_assert_int_eq(mibtcp_carve_default_min_rows(kind, header, &rows), MIBTCP_OK);
    return rows;
}

/* Scan in windows of `window` bytes (0: one window) at image offset `base`. */
static void carve(const uint8_t *image, size_t len, uint64_t base, size_t window, const mibtcp_carve_config *config,
                  hits *out)
{
    out->n = 0;
    mibtcp_carver *carver = start(config, collect, out);
    for (size_t at = 0; at < len;) {
        const size_t n = window == 0 || window > len - at ? len - at : window;
        ck_assert_int_eq(mibtcp_carve_feed(carver, image + at, n, base + at), MIBTCP_OK);
        at += n;
    }
    ck_assert_int_eq(mibtcp_carve_finish(carver), MIBTCP_OK);
    ck_assert_uint_eq(open_from(carver), UINT64_MAX);
    qsort(out->h, out->n, sizeof out->h[0], by_offset);
}

/* ---- backgrounds ---- */

static uint64_t rng_state;
static uint8_t random_byte(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint8_t)(rng_state >> 24);
}

typedef enum background { BG_RANDOM, BG_ZEROS, BG_TEXT, BG_ELF, BG_COUNT } background;

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    size_t cap = 1 << 20, n = 0;
    uint8_t *b = malloc(cap);
    for (size_t got; b != NULL && (got = fread(b + n, 1, cap - n, f)) > 0;) {
        n += got;
        if (n == cap) {
            cap *= 2;
            b = realloc(b, cap);
        }
    }
    fclose(f);
    ck_assert_ptr_nonnull(b);
    *len = n;
    return b;
}

static void fill_background(uint8_t *image, size_t len, background bg)
{
    static const char text[] = "The quick brown fox jumps over the lazy dog; connections 10.0.0.5:443 ESTABLISHED\n";
    rng_state = 0x9E3779B97F4A7C15u;
    if (bg == BG_ELF) {
        size_t elf_len;
        uint8_t *elf = read_file("/bin/ls", &elf_len);
        for (size_t i = 0; i < len; i++) {
            image[i] = elf[i % elf_len];
        }
        free(elf);
        return;
    }
    for (size_t i = 0; i < len; i++) {
        image[i] = bg == BG_RANDOM ? random_byte() : bg == BG_TEXT ? (uint8_t)text[i % (sizeof text - 1)] : 0;
    }
}

/* The builder's default IPv4 rows are bound to 192.0.2.1 (TEST-NET-1), which
 * the evidence model rightly finds unusual; tables in memory images hold LAN
 * and loopback addresses, so the planted ones do too. */
static void realistic(tb_table *tb)
{
    static const uint8_t lan[4] = {192, 168, 1, 10};
    for (uint32_t row = 0; tb_kind_family(tb->kind) == MIBTCP_FAMILY_IPV4 && row < tb->rows; row++) {
        tb_row_addr(tb, row, MIBTCP_FIELD_LOCAL_ADDR, lan);
    }
}

static void plant(uint8_t *image, size_t at, tb_table *tb)
{
    realistic(tb);
    memcpy(image + at, tb->bytes, tb->len);
}

static void expect_hit(const mibtcp_carve_hit *h, uint64_t offset, mibtcp_kind kind, uint32_t rows, bool header)
{
    ck_assert_msg(h->offset == offset && h->kind == kind && h->rows == rows && h->header == header,
                  "want %s %u rows at %llu header %d, got %s %u rows at %llu header %d", mibtcp_kind_name(kind), rows,
                  (unsigned long long)offset, header, mibtcp_kind_name(h->kind), h->rows, (unsigned long long)h->offset,
                  h->header);
    ck_assert_uint_eq(h->length, (header ? tb_kind_header(kind) : 0) + (uint64_t)rows * tb_kind_stride(kind));
    ck_assert_uint_le(h->confidence, 100);
}

/* ---- every kind, every background, several alignments ---- */

START_TEST(planted_tables_are_found_exactly)
{
    const mibtcp_kind kind = all_kinds[_i];
    const size_t len = 64 * 1024;
    uint8_t *image = malloc(len);
    for (background bg = 0; bg < BG_COUNT; bg++) {
        static const size_t offsets[] = {1000, 12288 + 8, 28000 + 16, 46000 + 12};
        /* Known limit: udp6-basic rows are 24 bytes, as Elf64_Rela entries
         * are, and /bin/ls repeated is mostly relocation arrays: a table
         * planted inside one is read at the array's phase as candidates
         * (doc/design.md, "What carving cannot tell"). */
        if (kind == MIBTCP_KIND_UDP6_BASIC && bg == BG_ELF) {
            continue;
        }
        fill_background(image, len, bg);
        hits found;
        carve(image, len, 0, 0, NULL, &found);
        ck_assert_msg(found.n == 0, "background %d alone: %zu hits", (int)bg, found.n);
        for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
            tb_table tb;
            tb_init(&tb, kind, PLANTED_ROWS);
            plant(image, offsets[i], &tb);
            tb_free(&tb);
        }
        carve(image, len, 0, 0, NULL, &found);
        ck_assert_msg(found.n == 4, "%s in background %d: %zu hits, first %s at %llu", mibtcp_kind_name(kind), (int)bg,
                      found.n, mibtcp_kind_name(found.h[0].kind), (unsigned long long)found.h[0].offset);
        for (size_t i = 0; i < found.n; i++) {
            expect_hit(&found.h[i], offsets[i], kind, PLANTED_ROWS, true);
        }
    }
    free(image);
}
END_TEST

START_TEST(align_one_finds_tables_at_odd_offsets)
{
    const mibtcp_kind kind = all_kinds[_i];
    const size_t len = 16 * 1024;
    uint8_t *image = malloc(len);
    fill_background(image, len, BG_RANDOM);
    tb_table tb;
    tb_init(&tb, kind, PLANTED_ROWS);
    plant(image, 1001, &tb);
    const mibtcp_carve_config one = {0, 1, 0}, four = {0, 4, 0};
    hits found;
    carve(image, len, 0, 0, &one, &found);
    ck_assert_uint_eq(found.n, 1);
    expect_hit(&found.h[0], 1001, kind, PLANTED_ROWS, true);
    carve(image, len, 0, 0, &four, &found);
    ck_assert_uint_eq(found.n, 0);
    tb_free(&tb);
    free(image);
}
END_TEST

/* --align N: tables start at multiples of N, also for kinds whose stride is
 * not a multiple of it (the rows of a 16-aligned tcp6-row2 table lie at
 * offsets 4 mod 8 after the first): a table at 0x100c is one at --align 4,
 * none at --align 16 (its rows stand as an orphan run). */
START_TEST(align_limits_where_tables_start)
{
    const mibtcp_kind kind = all_kinds[_i];
    const size_t len = 16 * 1024;
    uint8_t *image = malloc(len);
    fill_background(image, len, BG_ZEROS);
    tb_table tb;
    tb_init(&tb, kind, PLANTED_ROWS);
    plant(image, 0x100c, &tb);
    const mibtcp_carve_config four = {0, 4, 0}, sixteen = {0, 16, 0};
    hits found;
    carve(image, len, 0, 0, &four, &found);
    ck_assert_uint_eq(found.n, 1);
    expect_hit(&found.h[0], 0x100c, kind, PLANTED_ROWS, true);
    carve(image, len, 0, 0, &sixteen, &found);
    for (size_t i = 0; i < found.n; i++) {
        ck_assert_msg(!found.h[i].header, "%s: a table at %#llx with --align 16", mibtcp_kind_name(kind),
                      (unsigned long long)found.h[i].offset);
        ck_assert_uint_eq(found.h[i].offset % 4, 0);
    }
    tb_free(&tb);
    free(image);
}
END_TEST

/* Content no Windows would write: random 32-bit PIDs, timestamps before
 * 1601 or past 9999, module info of random bytes, multicast addresses (IPv4
 * ending in .255) on both ends, ports that are multiples of 256, LISTEN rows
 * with a peer. */
static void atypical(tb_table *tb)
{
    static const uint8_t odd4[4] = {239, 1, 2, 255},
                         odd6[16] = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xfb};
    const bool v6 = tb_kind_family(tb->kind) == MIBTCP_FAMILY_IPV6;
    for (uint32_t row = 0; row < tb->rows; row++) {
        tb_row_addr(tb, row, MIBTCP_FIELD_LOCAL_ADDR, v6 ? odd6 : odd4);
        tb_row_port(tb, row, MIBTCP_FIELD_LOCAL_PORT, (row + 1u) % 255u + 1u); /* port (n << 8) */
        if (tb_kind_is_tcp(tb->kind)) {
            tb_row_state(tb, row, 2); /* LISTEN, with the peer below */
            tb_row_addr(tb, row, MIBTCP_FIELD_REMOTE_ADDR, v6 ? odd6 : odd4);
            tb_row_port(tb, row, MIBTCP_FIELD_REMOTE_PORT, 1u);
        }
        if (tb_has_field(tb->kind, MIBTCP_FIELD_PID)) {
            tb_row_pid(tb, row, 0x9E3779B9u * (row + 1u));
        }
        if (tb_has_field(tb->kind, MIBTCP_FIELD_CREATED)) {
            tb_row_created(tb, row, (int64_t)(UINT64_C(0xA5A5A5A5A5A5A5A5) * (row + 1u)));
        }
        if (tb_has_field(tb->kind, MIBTCP_FIELD_MODULE_INFO)) {
            uint8_t info[MIBTCP_MODULE_INFO_SIZE];
            for (size_t i = 0; i < sizeof info; i++) {
                info[i] = random_byte();
            }
            tb_row_module_info(tb, row, info);
        }
    }
}

/* A table whose dwNumEntries ends its run of candidates exactly is found
 * whole from its kind's structure row count whatever its content (the
 * counts mibtcp.h states), with `structure` set and the content's score; a
 * few rows of that content are not. */
START_TEST(structure_decides_long_tables_whatever_their_content)
{
    static const struct {
        mibtcp_kind kind;
        uint32_t rows;
    } decisive[] = {
        {MIBTCP_KIND_TCP4_MODULE, 32}, {MIBTCP_KIND_TCP6_MODULE, 144}, {MIBTCP_KIND_TCP4_PID, 88},
        {MIBTCP_KIND_TCP6_PID, 104},   {MIBTCP_KIND_TCP4_BASIC, 64},   {MIBTCP_KIND_TCP6_BASIC, 32},
        {MIBTCP_KIND_TCP4_ROW2, 24},   {MIBTCP_KIND_TCP6_ROW2, 24},    {MIBTCP_KIND_UDP4_MODULE, 256},
        {MIBTCP_KIND_UDP6_MODULE, 80}, {MIBTCP_KIND_UDP4_PID, 768},    {MIBTCP_KIND_UDP4_BASIC, 2624},
    };
    const mibtcp_kind kind = decisive[_i].kind;
    const size_t len = 128 * 1024;
    uint8_t *image = malloc(len);
    fill_background(image, len, BG_ZEROS);
    tb_table tb;
    tb_init(&tb, kind, decisive[_i].rows);
    atypical(&tb);
    memcpy(image + 4096, tb.bytes, tb.len);
    hits found;
    carve(image, len, 0, 0, NULL, &found);
    ck_assert_uint_eq(found.n, 1);
    expect_hit(&found.h[0], 4096, kind, decisive[_i].rows, true);
    ck_assert_msg(found.h[0].structure, "%s: not decided by structure", mibtcp_kind_name(kind));
    ck_assert_int_lt(found.h[0].score, MIBTCP_CARVE_MIN_SCORE_BITS); /* the content alone would not do */
    ck_assert_uint_ge(found.h[0].confidence, 99);
    tb_free(&tb);
    /* One row fewer than the structure needs, the same content: no table. */
    fill_background(image, len, BG_ZEROS);
    tb_init(&tb, kind, decisive[_i].rows - 1);
    atypical(&tb);
    memcpy(image + 4096, tb.bytes, tb.len);
    carve(image, len, 0, 0, NULL, &found);
    for (size_t i = 0; i < found.n; i++) {
        ck_assert_msg(!found.h[i].structure, "%s: %u rows decided by structure", mibtcp_kind_name(kind),
                      found.h[i].rows);
    }
    tb_free(&tb);
    free(image);
}
END_TEST

/* A udp4-basic table's count is the port of a row the DWORD before it
 * forms, so it lies in the run's first rows, not before it: such a count
 * decides by structure, and the counts the table's own rows offer (each
 * port after a row that weighs against a table) must not push it out before
 * the table's rows are in. A count after more than four rows of candidates
 * that weigh for a table (a field of a longer run whose value equals the
 * rows left) does not decide, however many rows follow. */
START_TEST(structure_decides_only_counts_before_or_in_the_first_rows)
{
    const uint32_t rows = 2624;
    const size_t len = 64 * 1024;
    uint8_t *image = malloc(len);
    tb_table tb;
    tb_init(&tb, MIBTCP_KIND_UDP4_BASIC, rows);
    atypical(&tb);
    hits found;
    /* Count at run row 1 (the zero DWORD before it and the count are a row). */
    fill_background(image, len, BG_ZEROS);
    memcpy(image + 4096, tb.bytes, tb.len);
    carve(image, len, 0, 0, NULL, &found);
    ck_assert_uint_eq(found.n, 1);
    expect_hit(&found.h[0], 4096, MIBTCP_KIND_UDP4_BASIC, rows, true);
    ck_assert(found.h[0].structure);
    tb_free(&tb);
    /* A run of Windows-like udp4-basic rows with no count before it, in
     * which row 20 (a multicast address, weighing against a table) has a
     * port DWORD equal to the rows after it: that count lies at run row 21,
     * after rows that weigh for a table, so it is a field of a longer run
     * and heads no table, by structure or otherwise. */
    tb_init(&tb, MIBTCP_KIND_UDP4_BASIC, 21 + rows);
    tb_set_count(&tb, UINT32_MAX); /* no count: the run starts at the first row */
    static const uint8_t loopback[4] = {127, 0, 0, 1}, multicast[4] = {239, 1, 2, 255};
    for (uint32_t row = 0; row < tb.rows; row++) { /* loopback, ports 1000 up: every row weighs 0 or more */
        tb_row_addr(&tb, row, MIBTCP_FIELD_LOCAL_ADDR, loopback);
        tb_row_port(&tb, row, MIBTCP_FIELD_LOCAL_PORT, tb_port_raw((uint16_t)(1000u + row)));
    }
    tb_row_addr(&tb, 20, MIBTCP_FIELD_LOCAL_ADDR, multicast);
    tb_row_u32(&tb, 20, MIBTCP_FIELD_LOCAL_PORT, rows);
    fill_background(image, len, BG_ZEROS);
    memcpy(image + 4096, tb.bytes, tb.len);
    carve(image, len, 0, 0, NULL, &found);
    for (size_t i = 0; i < found.n; i++) {
        ck_assert_msg(!found.h[i].header, "%u rows at %llu headed by a count inside the run", found.h[i].rows,
                      (unsigned long long)found.h[i].offset);
    }
    tb_free(&tb);
    free(image);
}
END_TEST

/* An ELF symbol table (Elf64_Sym: st_name, st_info, st_other, st_shndx,
 * st_value, st_size; 24 bytes) of an object file, read at the tcp4-pid
 * stride from its st_size: state 1 (CLOSED), local address 0, ascending
 * "ports" (st_name), a "peer address" (st_info..st_shndx) with port 0, PID 0.
 * Each row weighs a few bits for a table, forty of them far more than an
 * orphan run needs; but a table's rows each carry evidence, and these do
 * not: no orphan run (object files in a whole-memory image's page cache). */
START_TEST(weak_rows_make_no_orphan_run_however_many)
{
    const size_t len = 16 * 1024, at = 4096;
    uint8_t *image = malloc(len);
    fill_background(image, len, BG_ZEROS);
    for (uint32_t i = 0; i < 40; i++) {
        uint8_t *row = image + at + 24 * (size_t)i;
        tb_store_le32(row + 0, 1);                        /* st_size (low): "state" */
        tb_store_le32(row + 8, 0x8913u + 0x5Au * i);      /* st_name: "local port" */
        tb_store_le32(row + 12, 0x01650022u + (i << 16)); /* st_info, st_other, st_shndx */
    }
    hits found;
    carve(image, len, 0, 0, NULL, &found);
    for (size_t i = 0; i < found.n; i++) {
        ck_assert_msg(false, "%s, %u rows at %llu, %lld bits", mibtcp_kind_name(found.h[i].kind), found.h[i].rows,
                      (unsigned long long)found.h[i].offset, (long long)found.h[i].score);
    }
    free(image);
}
END_TEST

/* Readable mappings of this process (its code, libraries, heap, stack), read
 * before any table is built: real process memory holds no table. */
START_TEST(process_memory_alone_has_no_hits)
{
    FILE *maps = fopen("/proc/self/maps", "r");
    FILE *mem = fopen("/proc/self/mem", "rb");
    if (maps == NULL || mem == NULL) {
        return; /* not Linux: nothing to read */
    }
    const size_t cap = 64u << 20;
    uint8_t *image = malloc(cap);
    size_t len = 0;
    char line[512];
    while (fgets(line, sizeof line, maps) != NULL && len < cap) {
        unsigned long long lo, hi;
        char perms[5];
        if (sscanf(line, "%llx-%llx %4s", &lo, &hi, perms) != 3 || perms[0] != 'r' || strstr(line, "[v") != NULL) {
            continue;
        }
        size_t n = (size_t)(hi - lo) < cap - len ? (size_t)(hi - lo) : cap - len;
        if (fseeko(mem, (off_t)lo, SEEK_SET) == 0) {
            len += fread(image + len, 1, n, mem);
            clearerr(mem);
        }
    }
    fclose(maps);
    fclose(mem);
    ck_assert_uint_gt(len, 1u << 20);
    hits found;
    carve(image, len, 0, 0, NULL, &found);
    ck_assert_msg(found.n == 0, "%zu hits in %zu bytes of process memory, first %s at %llu", found.n, len,
                  found.n ? mibtcp_kind_name(found.h[0].kind) : "-",
                  found.n ? (unsigned long long)found.h[0].offset : 0);
    free(image);
}
END_TEST

/* ---- damaged tables ---- */

static uint8_t *random_image(size_t len)
{
    uint8_t *image = malloc(len);
    fill_background(image, len, BG_RANDOM);
    return image;
}

START_TEST(overwritten_header_leaves_an_orphan_run)
{
    const mibtcp_kind kind = tcp_kinds[_i];
    uint8_t *image = random_image(8192);
    tb_table tb;
    tb_init(&tb, kind, 10);
    tb_set_count(&tb, 0xDEADBEEFu);
    plant(image, 1024, &tb);
    hits found;
    carve(image, 8192, 0, 0, NULL, &found);
    ck_assert_uint_eq(found.n, 1);
    expect_hit(&found.h[0], 1024 + tb_kind_header(kind), kind, 10, false);
    tb_free(&tb);
    free(image);
}
END_TEST

START_TEST(cut_last_row_and_excess_count_are_orphans)
{
    const mibtcp_kind kind = tcp_kinds[_i];
    uint8_t *image = random_image(8192);
    tb_table tb;
    tb_init(&tb, kind, 10);
    plant(image, 1024, &tb);
    /* The next object overwrites the last row's state. */
    tb_store_le32(image + 1024 + tb_field_at(&tb, 9, MIBTCP_FIELD_STATE), 0xA5A5A5A5u);
    tb_set_count(&tb, 15);
    plant(image, 4096 + 512, &tb);
    hits found;
    carve(image, 8192, 0, 0, NULL, &found);
    ck_assert_uint_eq(found.n, 2);
    expect_hit(&found.h[0], 1024 + tb_kind_header(kind), kind, 9, false);
    expect_hit(&found.h[1], 4096 + 512 + tb_kind_header(kind), kind, 10, false);
    tb_free(&tb);
    free(image);
}
END_TEST

START_TEST(back_to_back_tables_are_two_hits)
{
    const mibtcp_kind kind = all_kinds[_i];
    uint8_t *image = random_image(32768);
    tb_table a, b;
    tb_init(&a, kind, PLANTED_ROWS);
    tb_init(&b, kind, PLANTED_ROWS / 2 > default_min_rows(kind, true) ? PLANTED_ROWS / 2 : PLANTED_ROWS);
    plant(image, 2048, &a);
    plant(image, 2048 + a.len, &b);
    hits found;
    carve(image, 32768, 0, 0, NULL, &found);
    ck_assert_uint_eq(found.n, 2);
    expect_hit(&found.h[0], 2048, kind, a.rows, true);
    expect_hit(&found.h[1], 2048 + a.len, kind, b.rows, true);
    tb_free(&a);
    tb_free(&b);
    free(image);
}
END_TEST

/* A 30-row tcp4-module table in physical memory: 25 rows fill the first page
 * up to its end, the other 5 start a page elsewhere. */
/* The table's first head_rows rows end page 1 (its header before them), the
 * next tail_rows start page 5, as a physical image holds a table whose
 * pages are not contiguous. @return the table's offset. */
static size_t plant_page_split(uint8_t *image, const tb_table *tb, size_t head_rows, size_t tail_rows)
{
    const size_t stride = tb->stride, header = tb->header;
    const size_t first = 2 * PAGE - header - head_rows * stride;
    memcpy(image + first, tb->bytes, header + head_rows * stride);
    memcpy(image + 5 * PAGE, tb->bytes + header + head_rows * stride, tail_rows * stride);
    return first;
}

/* The first two hits are the pieces plant_page_split() left. */
static void expect_page_pieces(const hits *found, size_t first, const tb_table *tb, uint32_t head_rows,
                               uint32_t tail_rows)
{
    expect_hit(&found->h[0], first, tb->kind, head_rows, true);
    ck_assert(found->h[0].page_truncated);
    expect_hit(&found->h[1], 5 * PAGE, tb->kind, tail_rows, false);
    ck_assert(found->h[1].page_start && !found->h[1].page_truncated);
}

START_TEST(page_split_table_is_two_runs)
{
    uint8_t *image = random_image(8 * PAGE);
    tb_table tb;
    tb_init(&tb, MIBTCP_KIND_TCP4_MODULE, 30);
    const size_t first = plant_page_split(image, &tb, 25, 5);
    hits found;
    carve(image, 8 * PAGE, 0, 0, NULL, &found);
    ck_assert_uint_eq(found.n, 2);
    expect_page_pieces(&found, first, &tb, 25, 5);
    tb_free(&tb);
    free(image);
}
END_TEST

/* A page split leaves pieces shorter than an orphan run needs: at a page
 * boundary they need only a table's rows (tcp4-pid: 3 with a count, 5
 * without), whether the piece starts there or ends there. */
START_TEST(page_pieces_need_only_a_tables_rows)
{
    const mibtcp_kind kind = MIBTCP_KIND_TCP4_PID;
    const size_t stride = tb_kind_stride(kind), header = tb_kind_header(kind);
    ck_assert_uint_eq(default_min_rows(kind, true), 3);
    ck_assert_uint_eq(default_min_rows(kind, false), 5);
    uint8_t *image = random_image(8 * PAGE);
    tb_table tb;
    tb_init(&tb, kind, 20);
    const size_t first = plant_page_split(image, &tb, 17, 3);
    /* Three rows whose count a heap overwrote, ending page 6; three more in
     * the middle of page 7 (not a page piece: too short for an orphan run). */
    memcpy(image + 7 * PAGE - 3 * stride, tb.bytes + header, 3 * stride);
    memcpy(image + 7 * PAGE + 1000, tb.bytes + header + 3 * stride, 3 * stride);
    hits found;
    carve(image, 8 * PAGE, 0, 0, NULL, &found);
    ck_assert_uint_eq(found.n, 3);
    expect_page_pieces(&found, first, &tb, 17, 3);
    expect_hit(&found.h[2], 7 * PAGE - 3 * stride, kind, 3, false);
    ck_assert(found.h[2].page_truncated && !found.h[2].page_start);
    tb_free(&tb);
    free(image);
}
END_TEST

/* ---- splits ---- */

START_TEST(every_split_gives_the_one_pass_hits)
{
    const size_t len = 512 * 1024;
    uint8_t *image = malloc(len);
    fill_background(image, len, BG_ELF);
    size_t at = 777 * 4;
    for (size_t k = 0; k < all_kinds_count; k++) {
        tb_table tb;
        tb_init(&tb, all_kinds[k], PLANTED_ROWS);
        plant(image, at, &tb);
        at += tb.len + 4 * (k + 1) + (k % 3 == 0 ? 65536 - tb.len % 4096 : 0);
        tb_free(&tb);
    }
    static const size_t windows[] = {1, 3, 7, 200, 513, 4096, 65537};
    static const uint64_t bases[] = {0, 4092, UINT64_C(0x7FFFFFFFF000)};
    hits one, split;
    for (size_t b = 0; b < sizeof bases / sizeof bases[0]; b++) {
        carve(image, len, bases[b], 0, NULL, &one);
        ck_assert_uint_eq(one.n, all_kinds_count);
        for (size_t w = 0; w < sizeof windows / sizeof windows[0]; w++) {
            if (windows[w] < 64 && b > 0) {
                continue; /* tiny windows are slow: one base is enough */
            }
            carve(image, len, bases[b], windows[w], NULL, &split);
            ck_assert_uint_eq(split.n, one.n);
            for (size_t i = 0; i < one.n; i++) {
                const mibtcp_carve_hit *x = &one.h[i], *y = &split.h[i];
                ck_assert(x->offset == y->offset && x->length == y->length && x->kind == y->kind &&
                          x->rows == y->rows && x->header == y->header && x->page_truncated == y->page_truncated &&
                          x->page_start == y->page_start && x->score == y->score && x->confidence == y->confidence);
            }
        }
    }
    free(image);
}
END_TEST

/* ---- tables carried by their count ---- */

/* A one-row table whose dwNumEntries ends its run: reported when its score
 * reaches what one row of its kind needs. The builder's row is what Windows
 * writes (a LAN endpoint, a PID, a recent creation time, zero module info):
 * a Windows host with a single listener. */
START_TEST(one_row_table_is_carried_by_its_count)
{
    const size_t len = 64 * 1024;
    uint8_t *image = random_image(len);
    tb_table tb;
    tb_init(&tb, MIBTCP_KIND_TCP4_MODULE, 1);
    plant(image, 4096, &tb);
    hits found;
    carve(image, len, 0, 0, NULL, &found);
    ck_assert_uint_eq(found.n, 1);
    expect_hit(&found.h[0], 4096, MIBTCP_KIND_TCP4_MODULE, 1, true);
    int64_t needed = 0;
    ck_assert_int_eq(mibtcp_carve_counted_min_score(MIBTCP_KIND_TCP4_MODULE, 1, &needed), MIBTCP_OK);
    ck_assert_int_ge(found.h[0].score, needed);
    ck_assert_int_gt(needed, 16);                 /* one row needs more than its count */
    ck_assert_uint_ge(found.h[0].confidence, 99); /* 8 bits over the best the backgrounds formed */
    ck_assert(!found.h[0].structure);
    /* min_rows applies to such tables too. */
    const mibtcp_carve_config two = {0, 0, 2};
    carve(image, len, 0, 0, &two, &found);
    ck_assert_uint_eq(found.n, 0);
    /* The same row followed by one more candidate row: the count no longer ends the run, and a
     * table inside a run needs the kind's rows with a header. */
    tb_table longer;
    tb_init(&longer, MIBTCP_KIND_TCP4_MODULE, 2);
    tb_set_count(&longer, 1);
    plant(image, 4096, &longer);
    carve(image, len, 0, 0, NULL, &found);
    for (size_t i = 0; i < found.n; i++) {
        ck_assert_msg(!(found.h[i].header && found.h[i].rows == 1), "a one-row table inside a run was reported");
    }
    tb_free(&longer);
    tb_free(&tb);
    free(image);
}
END_TEST

/* The thresholds are data (measured), so this checks their documented
 * bounds and the arguments, not their values. */
START_TEST(counted_min_score_is_bounded_and_checked)
{
    for (size_t k = 0; k < all_kinds_count; k++) {
        const mibtcp_kind kind = all_kinds[k];
        int64_t one = 0, header_rows = 0, many = 0;
        ck_assert_int_eq(mibtcp_carve_counted_min_score(kind, 1, &one), MIBTCP_OK);
        ck_assert_int_eq(mibtcp_carve_counted_min_score(kind, default_min_rows(kind, true), &header_rows), MIBTCP_OK);
        ck_assert_int_eq(mibtcp_carve_counted_min_score(kind, UINT32_MAX, &many), MIBTCP_OK);
        ck_assert_int_ge(one, 16); /* never less than the count's own bits */
        ck_assert_int_ge(header_rows, 16);
        ck_assert_int_le(header_rows, MIBTCP_CARVE_MIN_SCORE_BITS); /* never stricter than before */
        ck_assert_int_ge(many, 16);
        ck_assert_int_le(many, MIBTCP_CARVE_MIN_SCORE_BITS);
    }
    int64_t bits = 7;
    ck_assert_int_eq(mibtcp_carve_counted_min_score(MIBTCP_KIND_UNKNOWN, 1, &bits), MIBTCP_ERR_UNKNOWN_KIND);
    ck_assert_int_eq(mibtcp_carve_counted_min_score((mibtcp_kind)99, 1, &bits), MIBTCP_ERR_UNKNOWN_KIND);
    ck_assert_int_eq(mibtcp_carve_counted_min_score(MIBTCP_KIND_TCP4_PID, 1, NULL), MIBTCP_ERR_NULL_ARGUMENT);
    ck_assert_int_eq(bits, 7);
}
END_TEST

/* ---- configuration and arguments ---- */

START_TEST(kinds_and_min_rows_select_hits)
{
    uint8_t *image = random_image(16384);
    tb_table a, b;
    tb_init(&a, MIBTCP_KIND_TCP4_PID, 4);
    tb_init(&b, MIBTCP_KIND_UDP6_MODULE, 5);
    plant(image, 1024, &a);
    plant(image, 8192, &b);
    hits found;
    carve(image, 16384, 0, 0, NULL, &found);
    ck_assert_uint_eq(found.n, 2);
    const mibtcp_carve_config only_udp6 = {1u << MIBTCP_KIND_UDP6_MODULE, 0, 0};
    carve(image, 16384, 0, 0, &only_udp6, &found);
    ck_assert_uint_eq(found.n, 1);
    expect_hit(&found.h[0], 8192, MIBTCP_KIND_UDP6_MODULE, 5, true);
    const mibtcp_carve_config five = {0, 0, 5};
    carve(image, 16384, 0, 0, &five, &found);
    ck_assert_uint_eq(found.n, 1);
    expect_hit(&found.h[0], 8192, MIBTCP_KIND_UDP6_MODULE, 5, true);
    tb_free(&a);
    tb_free(&b);
    free(image);
}
END_TEST

/* A refused init writes nothing: not the workspace, not *carver. */
static void assert_refused(void *bytes, size_t size, const mibtcp_carve_config *config, size_t config_size,
                           mibtcp_carve_fn fn, mibtcp_status expected)
{
    uint8_t before[64];
    hits unused;
    mibtcp_carver *carver = (mibtcp_carver *)before; /* any value: it must stay */
    if (bytes != NULL) {
        memcpy(before, bytes, sizeof before);
    }
    ck_assert_int_eq(mibtcp_carve_init_sized(bytes, size, config, config_size, fn, &unused, &carver), expected);
    ck_assert_ptr_eq(carver, (mibtcp_carver *)before);
    if (bytes != NULL) {
        ck_assert_mem_eq(before, bytes, sizeof before);
    }
}

START_TEST(arguments_are_checked)
{
    const size_t size = mibtcp_carver_size();
    uint8_t *bytes = workspace();
    memset(bytes, 0xa5, size);
    hits unused;
    mibtcp_carve_config config = {0, 0, 0};
    assert_refused(NULL, size, NULL, sizeof config, collect, MIBTCP_ERR_NULL_ARGUMENT);
    assert_refused(bytes, size, NULL, sizeof config, NULL, MIBTCP_ERR_NULL_ARGUMENT);
    ck_assert_int_eq(mibtcp_carve_init(bytes, size, NULL, collect, &unused, NULL), MIBTCP_ERR_NULL_ARGUMENT);
    /* The config's size is the caller's header's: any other is an ABI mismatch, NULL config or not. */
    assert_refused(bytes, size, &config, sizeof config - 1, collect, MIBTCP_ERR_ABI_MISMATCH);
    assert_refused(bytes, size, &config, sizeof config + 1, collect, MIBTCP_ERR_ABI_MISMATCH);
    assert_refused(bytes, size, NULL, sizeof config + 1, collect, MIBTCP_ERR_ABI_MISMATCH);
    config.kinds = 1u << (mibtcp_kind_count() + 1);
    assert_refused(bytes, size, &config, sizeof config, collect, MIBTCP_ERR_UNKNOWN_KIND);
    config.kinds = 0;
    config.align = MIBTCP_CARVE_MAX_ALIGN + 1;
    assert_refused(bytes, size, &config, sizeof config, collect, MIBTCP_ERR_BAD_ARGUMENT);
    mibtcp_carver *c = start(NULL, collect, &unused);
    ck_assert_int_eq(mibtcp_carve_feed(NULL, "x", 1, 0), MIBTCP_ERR_NULL_ARGUMENT);
    ck_assert_int_eq(mibtcp_carve_feed(c, NULL, 1, 0), MIBTCP_ERR_NULL_ARGUMENT);
    ck_assert_int_eq(mibtcp_carve_feed(c, NULL, 0, 0), MIBTCP_OK);
    ck_assert_int_eq(mibtcp_carve_feed(c, "xy", 2, MIBTCP_CARVE_MAX_OFFSET - 1), MIBTCP_ERR_BAD_ARGUMENT);
    uint64_t from = 7;
    ck_assert_int_eq(mibtcp_carve_open_from(NULL, &from), MIBTCP_ERR_NULL_ARGUMENT);
    ck_assert_int_eq(mibtcp_carve_open_from(c, NULL), MIBTCP_ERR_NULL_ARGUMENT);
    ck_assert_uint_eq(from, 7);
    ck_assert_int_eq(mibtcp_carve_finish(NULL), MIBTCP_ERR_NULL_ARGUMENT);
    ck_assert_int_eq(mibtcp_carve_finish(c), MIBTCP_OK); /* no region open */
    uint32_t rows = 7;
    ck_assert_int_eq(mibtcp_carve_default_min_rows(MIBTCP_KIND_UNKNOWN, true, &rows), MIBTCP_ERR_UNKNOWN_KIND);
    ck_assert_int_eq(mibtcp_carve_default_min_rows((mibtcp_kind)99, false, &rows), MIBTCP_ERR_UNKNOWN_KIND);
    ck_assert_int_eq(mibtcp_carve_default_min_rows(MIBTCP_KIND_TCP4_MODULE, true, NULL), MIBTCP_ERR_NULL_ARGUMENT);
    ck_assert_uint_eq(rows, 7);
    ck_assert_uint_eq(default_min_rows(MIBTCP_KIND_TCP4_MODULE, true), 2);
    ck_assert_uint_eq(default_min_rows(MIBTCP_KIND_UDP4_BASIC, true), 4);
    ck_assert_uint_eq(default_min_rows(MIBTCP_KIND_UDP4_BASIC, false), UINT32_MAX);
}
END_TEST

/* The workspace: smaller than mibtcp_carver_size() or misaligned is refused;
 * exactly that size from malloc() scans a whole image (ASan and the hits
 * show the carver stays inside it). */
START_TEST(workspace_size_and_alignment_are_checked)
{
    const size_t size = mibtcp_carver_size();
    ck_assert_uint_gt(size, 0);
    uint8_t *bytes = malloc(size + 8);
    ck_assert_ptr_nonnull(bytes);
    memset(bytes, 0xa5, size + 8);
    assert_refused(bytes, size - 1, NULL, sizeof(mibtcp_carve_config), collect, MIBTCP_ERR_WORKSPACE_TOO_SMALL);
    assert_refused(bytes, 0, NULL, sizeof(mibtcp_carve_config), collect, MIBTCP_ERR_WORKSPACE_TOO_SMALL);
    /* malloc()'s pointer plus 1 or 2 is aligned for no pointer and no uint64_t. */
    assert_refused(bytes + 1, size, NULL, sizeof(mibtcp_carve_config), collect, MIBTCP_ERR_BAD_ARGUMENT);
    assert_refused(bytes + 2, size, NULL, sizeof(mibtcp_carve_config), collect, MIBTCP_ERR_BAD_ARGUMENT);
    free(bytes);

    uint8_t *image = random_image(65536);
    tb_table tb;
    tb_init(&tb, MIBTCP_KIND_TCP4_MODULE, 10);
    plant(image, 4096, &tb);
    void *exact = malloc(size);
    ck_assert_ptr_nonnull(exact);
    hits found;
    found.n = 0;
    mibtcp_carver *carver = NULL;
    ck_assert_int_eq(mibtcp_carve_init(exact, size, NULL, collect, &found, &carver), MIBTCP_OK);
    ck_assert_ptr_eq(carver, exact);
    ck_assert_int_eq(mibtcp_carve_feed(carver, image, 65536, 0), MIBTCP_OK);
    ck_assert_int_eq(mibtcp_carve_finish(carver), MIBTCP_OK);
    ck_assert_uint_eq(found.n, 1);
    ck_assert_uint_eq(found.h[0].offset, 4096);
    ck_assert_uint_eq(found.h[0].rows, 10);
    ck_assert(found.h[0].header);
    free(exact);
    tb_free(&tb);
    free(image);
}
END_TEST

static bool stop_at_first(void *ctx, const mibtcp_carve_hit *hit)
{
    (void)hit;
    ++*(size_t *)ctx;
    return false;
}

START_TEST(callback_can_stop_the_scan)
{
    uint8_t *image = random_image(65536);
    for (size_t i = 0; i < 4; i++) {
        tb_table tb;
        tb_init(&tb, MIBTCP_KIND_TCP4_BASIC, 10);
        plant(image, 4096 + i * 8192, &tb);
        tb_free(&tb);
    }
    size_t calls = 0;
    mibtcp_carver *c = start(NULL, stop_at_first, &calls);
    ck_assert_int_eq(mibtcp_carve_feed(c, image, 65536, 0), MIBTCP_OK);
    ck_assert_int_eq(mibtcp_carve_feed(c, image, 65536, 65536), MIBTCP_OK);
    ck_assert_int_eq(mibtcp_carve_finish(c), MIBTCP_OK);
    ck_assert_uint_eq(calls, 1);
    free(image);
}
END_TEST

/* A stop inside a window longer than one prefilter span (64 KiB) must leave
 * the carver sound: the window's tail is not kept (it would overrun the
 * carry), and later feeds and the finish do nothing. */
START_TEST(stop_inside_a_long_window_keeps_the_carver_sound)
{
    const size_t len = 256 * 1024;
    uint8_t *image = random_image(len);
    for (size_t i = 0; i < 3; i++) {
        tb_table tb;
        tb_init(&tb, MIBTCP_KIND_TCP4_MODULE, 10);
        plant(image, 4096 + i * 80 * 1024, &tb);
        tb_free(&tb);
    }
    size_t calls = 0;
    mibtcp_carver *c = start(NULL, stop_at_first, &calls);
    ck_assert_int_eq(mibtcp_carve_feed(c, image, len, 0), MIBTCP_OK);
    ck_assert_uint_eq(open_from(c), UINT64_MAX);
    ck_assert_int_eq(mibtcp_carve_feed(c, image, len, len), MIBTCP_OK);
    ck_assert_int_eq(mibtcp_carve_finish(c), MIBTCP_OK);
    ck_assert_uint_eq(calls, 1);
    /* The same carver scans again from scratch and finds all three. */
    hits found;
    found.n = 0;
    c = start(NULL, collect, &found);
    ck_assert_int_eq(mibtcp_carve_feed(c, image, len, 0), MIBTCP_OK);
    ck_assert_int_eq(mibtcp_carve_finish(c), MIBTCP_OK);
    ck_assert_uint_eq(found.n, 3);
    free(image);
}
END_TEST

static Suite *carve_suite(void)
{
    Suite *s = suite_create("carve");
    TCase *found = tcase_create("planted");
    tcase_set_timeout(found, 120);
    tcase_add_loop_test(found, planted_tables_are_found_exactly, 0, LOOP_COUNT(all_kinds));
    tcase_add_loop_test(found, align_one_finds_tables_at_odd_offsets, 0, LOOP_COUNT(all_kinds));
    tcase_add_loop_test(found, align_limits_where_tables_start, 0, LOOP_COUNT(all_kinds));
    tcase_add_loop_test(found, structure_decides_long_tables_whatever_their_content, 0, 12);
    tcase_add_test(found, structure_decides_only_counts_before_or_in_the_first_rows);
    tcase_add_test(found, weak_rows_make_no_orphan_run_however_many);
    tcase_add_test(found, process_memory_alone_has_no_hits);
    suite_add_tcase(s, found);
    TCase *damaged = tcase_create("damaged");
    tcase_add_loop_test(damaged, overwritten_header_leaves_an_orphan_run, 0, LOOP_COUNT(tcp_kinds));
    tcase_add_loop_test(damaged, cut_last_row_and_excess_count_are_orphans, 0, LOOP_COUNT(tcp_kinds));
    tcase_add_loop_test(damaged, back_to_back_tables_are_two_hits, 0, LOOP_COUNT(all_kinds));
    tcase_add_test(damaged, page_split_table_is_two_runs);
    tcase_add_test(damaged, page_pieces_need_only_a_tables_rows);
    suite_add_tcase(s, damaged);
    TCase *split = tcase_create("split");
    tcase_set_timeout(split, 120);
    tcase_add_test(split, every_split_gives_the_one_pass_hits);
    suite_add_tcase(s, split);
    TCase *counted = tcase_create("counted");
    tcase_add_test(counted, one_row_table_is_carried_by_its_count);
    tcase_add_test(counted, counted_min_score_is_bounded_and_checked);
    suite_add_tcase(s, counted);
    TCase *api = tcase_create("api");
    tcase_add_test(api, kinds_and_min_rows_select_hits);
    tcase_add_test(api, arguments_are_checked);
    tcase_add_test(api, workspace_size_and_alignment_are_checked);
    tcase_add_test(api, callback_can_stop_the_scan);
    tcase_add_test(api, stop_inside_a_long_window_keeps_the_carver_sound);
    suite_add_tcase(s, api);
    return s;
}

int main(void)
{
    return run_suite(carve_suite());
}
