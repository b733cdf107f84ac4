#include "detect_corpus.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit_layout.h"
#include "table_builder.h"
#include "table_gen.h"

/* ---- a small deterministic PRNG (splitmix64) ---- */

typedef struct prng {
    uint64_t s;
} prng;

static uint64_t next(prng *r)
{
    uint64_t z = (r->s += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static uint32_t below(prng *r, uint32_t n)
{
    return (uint32_t)(next(r) % n);
}
static bool chance(prng *r, uint32_t percent)
{
    return below(r, 100) < percent;
}

/* ---- the corpus array ---- */

static void add(corpus *c, const uint8_t *bytes, size_t len, mibtcp_kind kind, corpus_class cls, uint32_t rows,
                const char *what)
{
    if (c->count == c->capacity) {
        c->capacity = c->capacity ? 2 * c->capacity : 1024;
        c->cases = realloc(c->cases, c->capacity * sizeof *c->cases);
        if (c->cases == NULL) {
            abort();
        }
    }
    uint8_t *copy = malloc(len ? len : 1);
    if (copy == NULL) {
        abort();
    }
    if (len) {
        memcpy(copy, bytes, len);
    }
    c->cases[c->count++] = (corpus_case){copy, len, kind, cls, rows, what};
}

void corpus_free(corpus *c)
{
    for (size_t i = 0; i < c->count; i++) {
        free(c->cases[i].bytes);
    }
    free(c->cases);
    *c = (corpus){NULL, 0, 0};
}

/* ---- realistic rows ---- */

enum { LISTEN = 2, ESTABLISHED = 5, TIME_WAIT = 11 };

/* One host: its own addresses and processes, shared by every row of a table. */
typedef struct host {
    uint8_t lan4[4];
    uint8_t global6[16], link6[16];
    uint32_t scope;
    uint32_t pids[12];
} host;

static void make_host(prng *r, host *h)
{
    static const uint8_t lans[][2] = {{192, 168}, {10, 0}, {172, 16}};
    const uint32_t lan = below(r, 3);
    h->lan4[0] = lans[lan][0];
    h->lan4[1] = lan == 1 ? (uint8_t)below(r, 256) : (uint8_t)(lans[lan][1] + (lan == 2 ? below(r, 16) : below(r, 3)));
    h->lan4[2] = (uint8_t)below(r, 256);
    h->lan4[3] = (uint8_t)(1 + below(r, 254));
    memset(h->global6, 0, 16);
    h->global6[0] = 0x20;
    h->global6[1] = (uint8_t)(chance(r, 50) ? 0x01 : 0x0a + below(r, 5));
    for (int i = 2; i < 16; i++) {
        h->global6[i] = (uint8_t)next(r);
    }
    memset(h->link6, 0, 16);
    h->link6[0] = 0xfe;
    h->link6[1] = 0x80;
    for (int i = 8; i < 16; i++) {
        h->link6[i] = (uint8_t)next(r);
    }
    h->scope = 2 + below(r, 30);
    h->pids[0] = 4;
    for (int i = 1; i < 12; i++) {
        h->pids[i] = 4 * (50 + below(r, 12000));
    }
}

static void public4(prng *r, uint8_t a[4])
{
    do {
        a[0] = (uint8_t)(1 + below(r, 223));
    } while (a[0] == 10 || a[0] == 127);
    a[1] = (uint8_t)next(r);
    a[2] = (uint8_t)next(r);
    a[3] = (uint8_t)(1 + below(r, 254));
}

static void public6(prng *r, uint8_t a[16])
{
    a[0] = 0x20;
    a[1] = (uint8_t)(chance(r, 50) ? 0x01 : 0x0a + below(r, 5));
    for (int i = 2; i < 16; i++) {
        a[i] = (uint8_t)next(r);
    }
}

static uint32_t pick_state(prng *r)
{
    static const uint32_t rare[] = {1, 3, 4, 6, 7, 8, 9, 10, 12};
    const uint32_t p = below(r, 100);
    if (p < 25) {
        return LISTEN;
    }
    if (p < 70) {
        return ESTABLISHED;
    }
    if (p < 85) {
        return TIME_WAIT;
    }
    return p < 90 ? 8 /* CLOSE_WAIT */ : rare[below(r, sizeof rare / sizeof rare[0])];
}

static uint16_t server_port(prng *r, bool udp)
{
    static const uint16_t tcp_ports[] = {135, 139, 445,   3389,  5040,  5357,  5985,  7680,
                                         80,  443, 49664, 49665, 49666, 49667, 49668, 2179};
    static const uint16_t udp_ports[] = {53, 123, 137, 138, 500, 1900, 3702, 4500, 5050, 5353, 5355, 67, 68, 161};
    return udp ? udp_ports[below(r, sizeof udp_ports / sizeof udp_ports[0])]
               : tcp_ports[below(r, sizeof tcp_ports / sizeof tcp_ports[0])];
}

static uint16_t remote_port(prng *r)
{
    static const uint16_t ports[] = {443, 443, 443, 80, 22, 3389, 8080, 5228, 993, 445};
    return ports[below(r, sizeof ports / sizeof ports[0])];
}

static uint16_t ephemeral(prng *r)
{
    return (uint16_t)(49152 + below(r, 16384));
}

static void local_address(prng *r, const host *h, mibtcp_family family, bool listening, uint8_t out[16],
                          uint32_t *scope)
{
    *scope = 0;
    memset(out, 0, 16);
    const uint32_t p = below(r, 100);
    if (family == MIBTCP_FAMILY_IPV4) {
        if (listening && p < 55) {
            return; /* 0.0.0.0 */
        }
        if (p < 75) {
            memcpy(out, h->lan4, 4);
        } else {
            out[0] = 127, out[3] = 1;
        }
        return;
    }
    if (listening && p < 55) {
        return; /* :: */
    }
    if (p < 70) {
        memcpy(out, h->global6, 16);
    } else if (p < 85) {
        memcpy(out, h->link6, 16);
        *scope = h->scope;
    } else {
        out[15] = 1;
    }
}

/* The remote end of a connected row, matching the local address's class. */
static void remote_address(prng *r, mibtcp_family family, const uint8_t local[16], uint32_t local_scope,
                           uint8_t out[16], uint32_t *scope)
{
    *scope = 0;
    memset(out, 0, 16);
    if (family == MIBTCP_FAMILY_IPV4) {
        if (local[0] == 127) {
            out[0] = 127, out[3] = 1;
        } else if (chance(r, 20)) {
            memcpy(out, local, 3);
            out[3] = (uint8_t)(1 + below(r, 254));
        } else {
            public4(r, out);
        }
        return;
    }
    if (local[15] == 1 && local[0] == 0) {
        out[15] = 1;
    } else if (local[0] == 0xfe) {
        memcpy(out, local, 8);
        for (int i = 8; i < 16; i++) {
            out[i] = (uint8_t)next(r);
        }
        *scope = local_scope;
    } else if (chance(r, 15)) {
        out[10] = 0xff, out[11] = 0xff; /* ::ffff:a.b.c.d */
        public4(r, out + 12);
    } else {
        public6(r, out);
    }
}

static void module_info(prng *r, uint8_t m[MIBTCP_MODULE_INFO_SIZE])
{
    memset(m, 0, MIBTCP_MODULE_INFO_SIZE);
    if (chance(r, 90)) {
        tb_store_le64(m, 1 + below(r, 1u << 20));
    }
}

/* 2018-01-01 .. 2026-01-01 as FILETIME. */
#define FILETIME_2018 INT64_C(131591232000000000)
#define TICKS_8_YEARS (INT64_C(252460800) * 10000000)

static void realistic_row(prng *r, const host *h, tb_table *tb, uint32_t row)
{
    const mibtcp_kind kind = tb->kind;
    const mibtcp_family family = tb_kind_family(kind);
    const bool tcp = tb_kind_is_tcp(kind);
    const uint32_t state = tcp ? pick_state(r) : LISTEN;
    const bool listening = state == LISTEN;
    uint8_t local[16], remote[16];
    uint32_t local_scope, remote_scope;
    local_address(r, h, family, listening, local, &local_scope);
    tb_row_addr(tb, row, MIBTCP_FIELD_LOCAL_ADDR, local);
    if (family == MIBTCP_FAMILY_IPV6) {
        tb_row_u32(tb, row, MIBTCP_FIELD_LOCAL_SCOPE_ID, local_scope);
    }
    const bool server_side = listening || chance(r, 20);
    tb_row_port(tb, row, MIBTCP_FIELD_LOCAL_PORT, tb_port_raw(server_side ? server_port(r, !tcp) : ephemeral(r)));
    if (tcp) {
        tb_row_state(tb, row, state);
        if (listening) {
            memset(remote, 0, 16);
            remote_scope = 0;
            tb_row_port(tb, row, MIBTCP_FIELD_REMOTE_PORT, 0);
        } else {
            remote_address(r, family, local, local_scope, remote, &remote_scope);
            tb_row_port(tb, row, MIBTCP_FIELD_REMOTE_PORT, tb_port_raw(server_side ? ephemeral(r) : remote_port(r)));
        }
        tb_row_addr(tb, row, MIBTCP_FIELD_REMOTE_ADDR, remote);
        if (family == MIBTCP_FAMILY_IPV6) {
            tb_row_u32(tb, row, MIBTCP_FIELD_REMOTE_SCOPE_ID, remote_scope);
        }
    }
    const bool orphan = state == TIME_WAIT && chance(r, 70);
    if (tb_has_field(kind, MIBTCP_FIELD_PID)) {
        tb_row_pid(tb, row, orphan ? 0 : h->pids[below(r, 12)]);
    }
    if (tb_has_field(kind, MIBTCP_FIELD_CREATED)) {
        tb_row_created(tb, row, orphan ? 0 : FILETIME_2018 + (int64_t)(next(r) % (uint64_t)TICKS_8_YEARS));
    }
    if (tb_has_field(kind, MIBTCP_FIELD_MODULE_INFO)) {
        uint8_t m[MIBTCP_MODULE_INFO_SIZE];
        module_info(r, m);
        tb_row_module_info(tb, row, m);
    }
    if (tb_has_field(kind, MIBTCP_FIELD_OFFLOAD_STATE)) {
        tb_row_u32(tb, row, MIBTCP_FIELD_OFFLOAD_STATE, chance(r, 85) ? 0 : below(r, 4));
    }
    if (tb_has_field(kind, MIBTCP_FIELD_FLAGS)) {
        tb_row_u32(tb, row, MIBTCP_FIELD_FLAGS, below(r, 2));
    }
}

static void realistic_table(prng *r, tb_table *tb, mibtcp_kind kind, uint32_t rows)
{
    host h;
    make_host(r, &h);
    tb_init(tb, kind, rows);
    for (uint32_t i = 0; i < rows; i++) {
        realistic_row(r, &h, tb, i);
    }
}

/* ---- damage and slack ---- */

static uint8_t *scratch(size_t len)
{
    uint8_t *p = calloc(len ? len : 1, 1);
    if (p == NULL) {
        abort();
    }
    return p;
}

static void store_count(uint8_t *p, uint32_t count)
{
    tb_store_le32(p, count);
}

/* Every way a table of @p rows rows (already in @p bytes, @p len long) is
 * kept, damaged or padded. @p stale: @p stale_rows more realistic rows. */
static void add_variants(corpus *c, prng *r, mibtcp_kind kind, const uint8_t *bytes, size_t len, uint32_t rows,
                         const uint8_t *stale, size_t stale_len)
{
    const size_t stride = tb_kind_stride(kind);
    add(c, bytes, len, kind, CORPUS_VALID, rows, "valid");
    /* Slack: zeros, a fill byte, stale rows (then zeros). */
    const size_t extra = 1 + below(r, (uint32_t)(3 * stride));
    uint8_t *p = scratch(len + extra + stale_len);
    memcpy(p, bytes, len);
    add(c, p, len + extra, kind, CORPUS_SLACK, rows, "slack of zeros");
    memset(p + len, 0xa5, extra);
    add(c, p, len + extra, kind, CORPUS_SLACK, rows, "slack of 0xa5");
    memcpy(p + len, stale, stale_len);
    memset(p + len + stale_len, 0, extra);
    add(c, p, len + stale_len + (chance(r, 50) ? extra : 0), kind, CORPUS_SLACK, rows, "stale rows");
    free(p);
    if (rows == 0) {
        return;
    }
    /* Cut by 1..stride-1 bytes: three of them. */
    static const char *const cut_names[] = {"cut by 1 byte", "cut inside the last row", "cut by stride-1 bytes"};
    const size_t cuts[] = {1, 1 + below(r, (uint32_t)(stride - 1)), stride - 1};
    for (size_t i = 0; i < 3; i++) {
        add(c, bytes, len - cuts[i], kind, CORPUS_DAMAGED, rows, cut_names[i]);
    }
    p = scratch(len);
    memcpy(p, bytes, len);
    store_count(p, rows + 1);
    add(c, p, len, kind, CORPUS_DAMAGED, rows, "count + 1");
    if (rows >= 2) {
        const uint32_t missing = 1 + below(r, rows - 1 < 3 ? rows - 1 : 3);
        store_count(p, rows);
        add(c, p, len - missing * stride, kind, CORPUS_DAMAGED, rows, "last rows missing");
    }
    if (tb_kind_is_tcp(kind)) {
        store_count(p, rows);
        const uint32_t row = below(r, rows);
        const uint32_t bad = chance(r, 50) ? 13 + below(r, 87) : (uint32_t)next(r) | 0x10000u;
        tb_store_le32(p + tb_kind_header(kind) + row * stride + tb_field_offset(kind, MIBTCP_FIELD_STATE), bad);
        add(c, p, len, kind, CORPUS_DAMAGED, rows, "one bad state");
    }
    free(p);
}

/* Per kind: tables of 1, 2 and 3 rows, and 24 of 1..50 rows drawn uniformly. */
enum { SMALL_TABLES = 3, DRAWN_TABLES = 24 };

static void build_tables(corpus *c, prng *r)
{
    for (unsigned k = MIBTCP_KIND_UNKNOWN + 1; k <= KIT_KIND_COUNT; k++) {
        const mibtcp_kind kind = (mibtcp_kind)k;
        for (uint32_t t = 0; t < SMALL_TABLES + DRAWN_TABLES; t++) {
            const uint32_t rows = t < SMALL_TABLES ? t + 1 : 1 + below(r, 50);
            const uint32_t stale_rows = 1 + below(r, 3);
            tb_table tb;
            /* The stale rows are the last ones: what an earlier, larger call left. */
            realistic_table(r, &tb, kind, rows + stale_rows);
            const size_t len = tb_rows_end(&tb) - stale_rows * tb.stride;
            tb_set_count(&tb, rows);
            add_variants(c, r, kind, tb.bytes, len, rows, tb.bytes + len, stale_rows * tb.stride);
            tb_free(&tb);
        }
    }
}

/* ---- noise ---- */

static const char *const words[] = {
    "the",   "of",      "and",     "a",     "to",      "in",     "is",      "you",   "that",  "it",     "he",
    "was",   "for",     "on",      "are",   "as",      "with",   "his",     "they",  "I",     "at",     "be",
    "this",  "have",    "from",    "or",    "one",     "had",    "by",      "word",  "but",   "not",    "what",
    "all",   "were",    "we",      "when",  "your",    "can",    "said",    "there", "use",   "an",     "each",
    "which", "she",     "do",      "how",   "their",   "if",     "will",    "up",    "other", "about",  "out",
    "many",  "then",    "them",    "these", "so",      "some",   "her",     "would", "make",  "like",   "him",
    "into",  "time",    "has",     "look",  "two",     "more",   "write",   "go",    "see",   "number", "connection",
    "table", "network", "Windows", "port",  "address", "memory", "process",
};

static size_t english(prng *r, char *out, size_t len)
{
    size_t at = 0;
    while (at + 16 < len) {
        const char *w = words[below(r, sizeof words / sizeof words[0])];
        at += (size_t)snprintf(out + at, len - at, "%s%s", w, chance(r, 10) ? ".\n" : chance(r, 8) ? ", " : " ");
    }
    return at;
}

static size_t json_text(prng *r, char *out, size_t len)
{
    size_t at = (size_t)snprintf(out, len, "{\"items\":[");
    while (at + 96 < len) {
        at += (size_t)snprintf(out + at, len - at, "%s{\"id\":%u,\"name\":\"%s\",\"port\":%u,\"ok\":%s}",
                               at > 10 ? "," : "", below(r, 100000), words[below(r, 80)], below(r, 65536),
                               chance(r, 50) ? "true" : "false");
    }
    at += (size_t)snprintf(out + at, len - at, "]}\n");
    return at;
}

/* Reads one system binary whole; NULL if there is none. */
static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    size_t cap = 1 << 20, n = 0;
    uint8_t *p = malloc(cap);
    while (p != NULL) {
        const size_t got = fread(p + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            break;
        }
        if (n == cap) {
            uint8_t *q = realloc(p, cap *= 2);
            if (q == NULL) {
                free(p);
                p = NULL;
            }
            p = q;
        }
    }
    fclose(f);
    *len = n;
    return p;
}

static size_t noise_length(prng *r)
{
    return 8 + below(r, chance(r, 50) ? 120 : 2000);
}

static void build_noise(corpus *c, prng *r)
{
    enum { EACH = 150, MAX_LEN = 4096 };
    uint8_t *buf = malloc(MAX_LEN + 16);
    if (buf == NULL) {
        abort();
    }
    for (int i = 0; i < EACH; i++) {
        size_t len = english(r, (char *)buf, noise_length(r) + 17);
        add(c, buf, len, MIBTCP_KIND_UNKNOWN, CORPUS_NOISE, 0, "English text");
        store_count(buf, 1 + below(r, 50));
        add(c, buf, len, MIBTCP_KIND_UNKNOWN, CORPUS_NOISE, 0, "English text after a small count");
        len = json_text(r, (char *)buf, noise_length(r) + 120);
        add(c, buf, len, MIBTCP_KIND_UNKNOWN, CORPUS_NOISE, 0, "JSON");
        store_count(buf, 1 + below(r, 50));
        add(c, buf, len, MIBTCP_KIND_UNKNOWN, CORPUS_NOISE, 0, "JSON after a small count");
        len = noise_length(r);
        for (size_t b = 0; b < len; b++) {
            buf[b] = (uint8_t)next(r);
        }
        store_count(buf, 1 + below(r, 50));
        add(c, buf, len, MIBTCP_KIND_UNKNOWN, CORPUS_NOISE, 0, "random bytes after a small count");
        memset(buf, 0, MAX_LEN);
        add(c, buf, len, MIBTCP_KIND_UNKNOWN, CORPUS_NOISE, 0, "zeros");
        /* Arrays of small integers, 16/32/64-bit, the first one read as the count. */
        const uint32_t width = 2u << below(r, 3), limit = chance(r, 50) ? 16 : chance(r, 50) ? 300 : 70000;
        len = noise_length(r) / width * width;
        for (size_t b = 0; b + width <= len; b += width) {
            tb_store_le64(buf + b, below(r, limit)); /* the buffer has 16 spare bytes */
        }
        add(c, buf, len, MIBTCP_KIND_UNKNOWN, CORPUS_NOISE, 0, "small integers");
        for (size_t b = 0; b + width <= len; b += width) {
            tb_store_le64(buf + b, b / width);
        }
        add(c, buf, len, MIBTCP_KIND_UNKNOWN, CORPUS_NOISE, 0, "counting integers");
    }
    static const char *const binaries[] = {"/bin/ls", "/bin/sh", "/usr/bin/env", "/bin/cat"};
    for (size_t b = 0; b < sizeof binaries / sizeof binaries[0]; b++) {
        size_t size = 0;
        uint8_t *elf = read_file(binaries[b], &size);
        if (elf == NULL || size < MAX_LEN) {
            free(elf);
            continue;
        }
        for (int i = 0; i < EACH; i++) {
            const size_t len = noise_length(r);
            /* Half at a DWORD boundary whose value is a small count: the hard case. */
            size_t at = below(r, (uint32_t)(size - len));
            if (i % 2 == 0) {
                at &= ~(size_t)3;
                while (at + len < size && (elf[at] > 60 || elf[at + 1] || elf[at + 2] || elf[at + 3])) {
                    at += 4;
                }
                if (at + len >= size) {
                    continue;
                }
            }
            add(c, elf + at, len, MIBTCP_KIND_UNKNOWN, CORPUS_NOISE, 0, "ELF bytes");
        }
        free(elf);
    }
    free(buf);
}

void corpus_build(corpus *c, uint64_t seed)
{
    prng r = {seed};
    *c = (corpus){NULL, 0, 0};
    build_tables(c, &r);
    build_noise(c, &r);
}

/* ---- tables the tool's generator writes ---- */

void corpus_build_from_gen(corpus *c, uint64_t seed)
{
    prng r = {seed};
    *c = (corpus){NULL, 0, 0};
    for (unsigned k = MIBTCP_KIND_UNKNOWN + 1; k <= KIT_KIND_COUNT; k++) {
        const mibtcp_kind kind = (mibtcp_kind)k;
        for (uint32_t t = 0; t < SMALL_TABLES + DRAWN_TABLES; t++) {
            const uint32_t rows = t < SMALL_TABLES ? t + 1 : 1 + below(&r, 50), stale_rows = 2;
            gen_anomalies none;
            gen_anomalies_init(&none);
            bool too_big;
            const size_t full = gen_table_size(kind, rows + stale_rows, &none, &too_big);
            uint8_t *p = scratch(full);
            gen_table(kind, rows + stale_rows, next(&r), &none, p, NULL);
            store_count(p, rows);
            const size_t len = full - stale_rows * tb_kind_stride(kind);
            add_variants(c, &r, kind, p, len, rows, p + len, full - len);
            free(p);
        }
    }
    build_noise(c, &r);
}
