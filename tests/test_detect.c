/* mibtcp_detect: the right kind, with a confidence, for every kind gen makes;
 * the colliding row sizes decided from content; ambiguity and garbage said so;
 * argument checks; and a short candidate array still counts every candidate. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "mibtcp.h"
#include "run_suite.h"
#include "table_builder.h"
#include "table_gen.h"

enum { MAX_CANDIDATES = KIT_KIND_COUNT, SEEDS = 50 };

typedef struct detection {
    mibtcp_status status;
    mibtcp_candidate c[MAX_CANDIDATES];
    size_t found;
} detection;

/* Detects, and checks what must hold for any answer: the ranking, the
 * percentages, no kind twice, and a status that matches the candidates. */
static void detect(const void *buf, size_t len, detection *d)
{
    d->found = 999;
    d->status = mibtcp_detect(buf, len, d->c, MAX_CANDIDATES, &d->found);
    ck_assert_uint_le(d->found, MAX_CANDIDATES);
    uint32_t confidence_sum = 0;
    for (size_t i = 0; i < d->found; i++) {
        ck_assert_int_gt(d->c[i].kind, MIBTCP_KIND_UNKNOWN);
        ck_assert_int_le(d->c[i].kind, KIT_KIND_COUNT);
        ck_assert_uint_le(d->c[i].confidence, 100);
        confidence_sum += d->c[i].confidence;
        if (i > 0) {
            ck_assert_int_ge(d->c[i - 1].score, d->c[i].score);
        }
        for (size_t j = 0; j < i; j++) {
            ck_assert_int_ne(d->c[i].kind, d->c[j].kind);
        }
        /* Every candidate's rows fit; `valid` says whether the lenient open accepts it. */
        mibtcp_view view;
        const mibtcp_status opened = mibtcp_open(&view, buf, len, d->c[i].kind, MIBTCP_POLICY_LENIENT, NULL);
        ck_assert_int_ne(opened, MIBTCP_ERR_TOO_SHORT);
        ck_assert_int_ne(opened, MIBTCP_ERR_COUNT_EXCEEDS_BUFFER);
        ck_assert_int_eq(d->c[i].valid, opened == MIBTCP_OK);
    }
    ck_assert_uint_le(confidence_sum, 100);
    if (d->status == MIBTCP_ERR_NOT_DETECTED) {
        ck_assert_uint_eq(d->found, 0);
    }
}

static void expect_decided(const void *buf, size_t len, mibtcp_kind kind)
{
    detection d;
    detect(buf, len, &d);
    ck_assert_msg(d.status == MIBTCP_OK && d.found > 0 && d.c[0].kind == kind,
                  "%zu bytes of %s: status %s, first %s (%u%%)", len, mibtcp_kind_name(kind),
                  mibtcp_status_name(d.status), d.found > 0 ? mibtcp_kind_name(d.c[0].kind) : "-",
                  d.found > 0 ? (unsigned)d.c[0].confidence : 0u);
    ck_assert_uint_gt(d.c[0].confidence, 50);
    ck_assert(d.c[0].valid);
    if (d.found > 1) {
        ck_assert_int_ge(d.c[0].score - d.c[1].score, MIBTCP_DETECT_MARGIN_BITS);
    }
}

/* ---- gen tables of every kind ---- */

START_TEST(gen_tables_are_detected)
{
    const mibtcp_kind kind = (mibtcp_kind)_i;
    static const uint32_t row_counts[] = {4, 5, 8, 16};
    gen_anomalies none;
    gen_anomalies_init(&none);
    for (size_t r = 0; r < sizeof row_counts / sizeof row_counts[0]; r++) {
        bool too_big;
        const size_t len = gen_table_size(kind, row_counts[r], &none, &too_big);
        uint8_t *buf = malloc(len);
        ck_assert_ptr_nonnull(buf);
        for (uint64_t seed = 1; seed <= SEEDS; seed++) {
            gen_table(kind, row_counts[r], seed, &none, buf, NULL);
            expect_decided(buf, len, kind);
        }
        free(buf);
    }
}
END_TEST

/* Issue 4: the two module kinds from 2 rows on. */
START_TEST(module_tables_are_detected_from_two_rows)
{
    static const mibtcp_kind kinds[] = {MIBTCP_KIND_TCP4_MODULE, MIBTCP_KIND_TCP6_MODULE};
    gen_anomalies none;
    gen_anomalies_init(&none);
    for (size_t k = 0; k < 2; k++) {
        for (uint32_t rows = 2; rows <= 3; rows++) {
            bool too_big;
            const size_t len = gen_table_size(kinds[k], rows, &none, &too_big);
            uint8_t *buf = malloc(len);
            ck_assert_ptr_nonnull(buf);
            for (uint64_t seed = 1; seed <= SEEDS; seed++) {
                gen_table(kinds[k], rows, seed, &none, buf, NULL);
                expect_decided(buf, len, kinds[k]);
            }
            free(buf);
        }
    }
}
END_TEST

/* ---- the colliding row sizes, hand-built ---- */

typedef struct collision {
    mibtcp_kind built, rival;
} collision;

static const collision collisions[] = {
    {MIBTCP_KIND_TCP4_PID, MIBTCP_KIND_UDP6_BASIC},   {MIBTCP_KIND_UDP6_BASIC, MIBTCP_KIND_TCP4_PID},
    {MIBTCP_KIND_TCP4_ROW2, MIBTCP_KIND_UDP6_PID},    {MIBTCP_KIND_UDP6_PID, MIBTCP_KIND_TCP4_ROW2},
    {MIBTCP_KIND_TCP4_MODULE, MIBTCP_KIND_UDP4_MODULE}, {MIBTCP_KIND_UDP4_MODULE, MIBTCP_KIND_TCP4_MODULE},
};

START_TEST(colliding_sizes_are_decided_from_content)
{
    const collision *c = &collisions[_i];
    ck_assert_uint_eq(tb_kind_stride(c->built), tb_kind_stride(c->rival));
    ck_assert_uint_eq(tb_kind_header(c->built), tb_kind_header(c->rival));
    for (uint32_t rows = 2; rows <= 6; rows++) {
        tb_table tb;
        tb_init(&tb, c->built, rows);
        /* Different PIDs and ports per row, as the builder's defaults give. */
        detection d;
        detect(tb.bytes, tb.len, &d);
        expect_decided(tb.bytes, tb.len, c->built);
        /* Same header and stride: the rival is always a candidate, ranked below. */
        bool rival_listed = false;
        for (size_t i = 1; i < d.found; i++) {
            rival_listed |= d.c[i].kind == c->rival;
        }
        ck_assert_msg(rival_listed, "%s is not a candidate", mibtcp_kind_name(c->rival));
        tb_free(&tb);
    }
}
END_TEST

/* ---- what cannot be decided ---- */

START_TEST(empty_module_header_is_ambiguous)
{
    static const uint8_t zero8[8] = {0};
    detection d;
    detect(zero8, sizeof zero8, &d);
    ck_assert_int_eq(d.status, MIBTCP_ERR_AMBIGUOUS);
    ck_assert_uint_ge(d.found, 4);
    bool seen[KIT_KIND_COUNT + 1] = {false};
    for (size_t i = 0; i < 4; i++) {
        seen[d.c[i].kind] = true;
        ck_assert_int_eq(d.c[i].score, d.c[0].score);
    }
    for (size_t k = 0; k < module_kinds_count; k++) {
        ck_assert_msg(seen[module_kinds[k]], "%s is not among the leading candidates",
                      mibtcp_kind_name(module_kinds[k]));
    }
}
END_TEST

START_TEST(garbage_is_not_detected)
{
    static const uint8_t huge_count[8] = {0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0};
    static const uint8_t too_short[3] = {1, 0, 0};
    detection d;
    detect(huge_count, sizeof huge_count, &d);
    ck_assert_int_eq(d.status, MIBTCP_ERR_NOT_DETECTED);
    ck_assert_uint_eq(d.found, 0);
    detect(too_short, sizeof too_short, &d);
    ck_assert_int_eq(d.status, MIBTCP_ERR_NOT_DETECTED);
    ck_assert_uint_eq(d.found, 0);
}
END_TEST

/* ---- arguments ---- */

START_TEST(null_arguments)
{
    static const uint8_t zero8[8] = {0};
    mibtcp_candidate c[MAX_CANDIDATES];
    size_t found = 0;
    ck_assert_int_eq(mibtcp_detect(NULL, 8, c, MAX_CANDIDATES, &found), MIBTCP_ERR_NULL_ARGUMENT);
    ck_assert_int_eq(mibtcp_detect(zero8, sizeof zero8, c, MAX_CANDIDATES, NULL), MIBTCP_ERR_NULL_ARGUMENT);
    ck_assert_int_eq(mibtcp_detect(zero8, sizeof zero8, NULL, 3, &found), MIBTCP_ERR_NULL_ARGUMENT);
    /* No array at all is fine with capacity 0: the count alone. */
    found = 999;
    ck_assert_int_eq(mibtcp_detect(zero8, sizeof zero8, NULL, 0, &found), MIBTCP_ERR_AMBIGUOUS);
    ck_assert_uint_ge(found, 4);
}
END_TEST

START_TEST(small_capacity_still_counts_every_candidate)
{
    static const uint8_t zero8[8] = {0};
    detection full;
    detect(zero8, sizeof zero8, &full);
    ck_assert_uint_gt(full.found, 2);
    for (size_t capacity = 0; capacity < full.found; capacity++) {
        mibtcp_candidate c[MAX_CANDIDATES + 1];
        memset(c, 0xa5, sizeof c);
        size_t found = 0;
        ck_assert_int_eq(mibtcp_detect(zero8, sizeof zero8, c, capacity, &found), full.status);
        ck_assert_uint_eq(found, full.found);
        for (size_t i = 0; i < capacity; i++) {
            ck_assert_int_eq(c[i].kind, full.c[i].kind);
            ck_assert_int_eq(c[i].score, full.c[i].score);
            ck_assert_uint_eq(c[i].confidence, full.c[i].confidence);
        }
        const uint8_t *guard = (const uint8_t *)&c[capacity];
        for (size_t b = 0; b < sizeof c[0]; b++) {
            ck_assert_uint_eq(guard[b], 0xa5);
        }
    }
}
END_TEST

static Suite *detect_suite(void)
{
    Suite *s = suite_create("detect");
    TCase *gen = tcase_create("gen_tables");
    tcase_set_timeout(gen, 120);
    tcase_add_loop_test(gen, gen_tables_are_detected, MIBTCP_KIND_UNKNOWN + 1, KIT_KIND_COUNT + 1);
    tcase_add_test(gen, module_tables_are_detected_from_two_rows);
    suite_add_tcase(s, gen);

    TCase *collide = tcase_create("collisions");
    tcase_add_loop_test(collide, colliding_sizes_are_decided_from_content, 0,
                        (int)(sizeof collisions / sizeof collisions[0]));
    suite_add_tcase(s, collide);

    TCase *undecided = tcase_create("undecided");
    tcase_add_test(undecided, empty_module_header_is_ambiguous);
    tcase_add_test(undecided, garbage_is_not_detected);
    suite_add_tcase(s, undecided);

    TCase *args = tcase_create("arguments");
    tcase_add_test(args, null_arguments);
    tcase_add_test(args, small_capacity_still_counts_every_candidate);
    suite_add_tcase(s, args);
    return s;
}

int main(void) { return run_suite(detect_suite()); }
