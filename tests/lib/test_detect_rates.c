/* Detection rates over the calibration corpus (tests/lib/detect_corpus.c): the
 * figures issue 9 asks for, measured and asserted, and the calibration of the
 * reported confidence. `check --kind auto` is modelled as the CLI runs it:
 * decided -> mibtcp_open() of that kind (exit 0 if valid, 1 if not),
 * ambiguous -> exit 2, not a table -> exit 1.
 *
 * The figures are printed (ctest --output-on-failure, or run the binary)
 * and copied into the README's Detection section. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect_corpus.h"
#include "kit_layout.h"
#include "mibtcp.h"
#include "run_suite.h"

enum { BINS = 10 };

typedef struct rates {
    size_t cases;
    size_t exit0_wrong;                  /* check (auto) exit 0, but not a valid table of the kind it names */
    size_t misdirected;                  /* decided a kind that is not the true one, or decided on noise */
    size_t valid_total, valid_right;     /* valid (with or without slack), >= 1 row (>= 2 for udp basic/pid) */
    size_t damaged_total, damaged_right; /* damaged TCP and module tables with >= 2 rows */
    size_t noise_total, noise_not_table;
    size_t ambiguous;
    size_t bin_total[BINS], bin_right[BINS]; /* by the reported probability of the answer given */
    double bin_sum[BINS];
    /* Per verdict (mibtcp_verdict), split at a stated 90 % ([1]: 90 % or
     * more): how often it was given and right. The stated probability is the
     * named kind's for decided and ambiguous, "not a table"'s for not a table. */
    size_t verdict_total[3][2], verdict_right[3][2];
    size_t table_not_a_table_90; /* tables (valid, with slack, damaged) said not a table with >= 90 % */
} rates;

static bool small_udp(mibtcp_kind k)
{
    return k == MIBTCP_KIND_UDP4_BASIC || k == MIBTCP_KIND_UDP6_BASIC || k == MIBTCP_KIND_UDP4_PID ||
           k == MIBTCP_KIND_UDP6_PID;
}

static bool tcp_or_module(mibtcp_kind k)
{
    const kit_layout *layout = kit_layout_of(k);
    return layout != NULL && (layout->is_tcp || kit_place_of(layout, MIBTCP_FIELD_MODULE_INFO) != NULL);
}

/* With DETECT_DUMP=DIR, misdirected cases are written there for `mibtcp detect`. */
static void dump_case(const corpus_case *k, size_t n)
{
    const char *dir = getenv("DETECT_DUMP");
    char path[512];
    if (dir == NULL) {
        return;
    }
    snprintf(path, sizeof path, "%s/case-%zu.bin", dir, n);
    FILE *f = fopen(path, "wb");
    if (f != NULL) {
        fwrite(k->bytes, 1, k->len, f);
        fclose(f);
    }
}

static void measure(const corpus *c, rates *r, const char *verbose)
{
    memset(r, 0, sizeof *r);
    /* DETECT_TSV=FILE: every case's truth and evidences, to fit the calibration. */
    FILE *tsv = getenv("DETECT_TSV") ? fopen(getenv("DETECT_TSV"), "a") : NULL;
    for (size_t i = 0; i < c->count; i++) {
        const corpus_case *k = &c->cases[i];
        mibtcp_candidate cand[KIT_KIND_COUNT];
        mibtcp_detection d;
        const mibtcp_status status = mibtcp_detect(k->bytes, k->len, cand, KIT_KIND_COUNT, &d);
        ck_assert_uint_le(d.written, d.total);
        const bool decided = status == MIBTCP_OK;
        if (tsv != NULL) {
            fprintf(tsv, "%d", k->cls == CORPUS_NOISE ? 0 : (int)k->kind);
            for (size_t j = 0; j < d.written; j++) {
                fprintf(tsv, "\t%d:%lld", (int)cand[j].kind, (long long)cand[j].evidence);
            }
            fputc('\n', tsv);
        }
        bool opened_valid = false;
        if (decided) {
            mibtcp_view view;
            opened_valid = mibtcp_open(&view, k->bytes, k->len, cand[0].kind, MIBTCP_POLICY_LENIENT, NULL) == MIBTCP_OK;
        }
        const int exit_status = decided ? (opened_valid ? 0 : 1) : status == MIBTCP_ERR_AMBIGUOUS ? 2 : 1;
        const bool table_of_kind = k->cls == CORPUS_VALID || k->cls == CORPUS_SLACK;
        const bool right_kind = decided && cand[0].kind == k->kind && k->cls != CORPUS_NOISE;
        r->cases++;
        if (exit_status == 0 && !(right_kind && table_of_kind)) {
            r->exit0_wrong++;
        }
        if (decided && !right_kind) {
            r->misdirected++;
            if (verbose) {
                fprintf(stderr, "%s: misdirected: %s %s rows %u (%zu bytes): decided %s %lld/16 bits\n", verbose,
                        mibtcp_kind_name(k->kind), k->what, k->rows, k->len, mibtcp_kind_name(cand[0].kind),
                        (long long)cand[0].evidence);
                dump_case(k, r->misdirected);
            }
        }
        r->ambiguous += status == MIBTCP_ERR_AMBIGUOUS;
        if (table_of_kind && k->rows >= (small_udp(k->kind) ? 2u : 1u)) {
            r->valid_total++;
            r->valid_right += right_kind && exit_status == 0;
            if (verbose && !(right_kind && exit_status == 0)) {
                fprintf(stderr, "%s: valid missed: %s %s rows %u: %s %s %lld/16 bits\n", verbose,
                        mibtcp_kind_name(k->kind), k->what, k->rows, mibtcp_status_name(status),
                        d.written ? mibtcp_kind_name(cand[0].kind) : "-",
                        d.written ? (long long)cand[0].evidence : 0LL);
            }
        }
        if (k->cls == CORPUS_DAMAGED && k->rows >= 2 && tcp_or_module(k->kind)) {
            r->damaged_total++;
            r->damaged_right += right_kind && exit_status == 1;
            if (verbose && !(right_kind && exit_status == 1)) {
                fprintf(stderr, "%s: damaged missed: %s %s rows %u: %s %s %lld/16 bits\n", verbose,
                        mibtcp_kind_name(k->kind), k->what, k->rows, mibtcp_status_name(status),
                        d.written ? mibtcp_kind_name(cand[0].kind) : "-",
                        d.written ? (long long)cand[0].evidence : 0LL);
            }
        }
        if (k->cls == CORPUS_NOISE) {
            r->noise_total++;
            r->noise_not_table += status == MIBTCP_ERR_NOT_DETECTED;
        }
        /* Calibration per verdict: decided and ambiguous are right when they
         * name the true kind first, "not a table" when the bytes are noise
         * (a damaged table is a table). */
        const uint32_t stated = d.verdict == MIBTCP_VERDICT_NOT_A_TABLE ? d.not_a_table : cand[0].confidence;
        const bool verdict_right = d.verdict == MIBTCP_VERDICT_NOT_A_TABLE
                                       ? k->cls == CORPUS_NOISE
                                       : k->cls != CORPUS_NOISE && cand[0].kind == k->kind;
        r->verdict_total[d.verdict][stated >= 90]++;
        r->verdict_right[d.verdict][stated >= 90] += verdict_right;
        r->table_not_a_table_90 += k->cls != CORPUS_NOISE && d.verdict == MIBTCP_VERDICT_NOT_A_TABLE && stated >= 90;
        /* Calibration: the most probable hypothesis (a kind, or "not a table") and its probability. */
        uint32_t p = d.not_a_table;
        bool right = k->cls == CORPUS_NOISE;
        if (d.written > 0 && cand[0].confidence > p) {
            p = cand[0].confidence;
            right = cand[0].kind == k->kind && k->cls != CORPUS_NOISE;
        }
        const size_t bin = p >= 100 ? BINS - 1 : p / (100 / BINS);
        r->bin_total[bin]++;
        r->bin_right[bin] += right;
        r->bin_sum[bin] += p;
    }
    if (tsv != NULL) {
        fclose(tsv);
    }
}

static double pct(size_t n, size_t d)
{
    return d ? 100.0 * (double)n / (double)d : 100.0;
}

static void report(const char *name, const rates *r)
{
    printf("%s: %zu cases\n", name, r->cases);
    printf("  check --kind auto exit 0 on bytes that are not a valid table of the named kind: %zu\n", r->exit0_wrong);
    printf("  misdirected decisions: %zu (%.2f %%)\n", r->misdirected, pct(r->misdirected, r->cases));
    printf("  valid tables (>= 1 row, >= 2 for udp basic/pid, with or without slack) decided right, exit 0: "
           "%zu/%zu (%.2f %%)\n",
           r->valid_right, r->valid_total, pct(r->valid_right, r->valid_total));
    printf("  damaged TCP/module tables (>= 2 rows) decided right, exit 1: %zu/%zu (%.2f %%)\n", r->damaged_right,
           r->damaged_total, pct(r->damaged_right, r->damaged_total));
    printf("  noise said to be not a table: %zu/%zu (%.2f %%); ambiguous verdicts: %zu\n", r->noise_not_table,
           r->noise_total, pct(r->noise_not_table, r->noise_total), r->ambiguous);
    const size_t bands[][2] = {{9, 10}, {8, 9}, {0, 8}};
    for (size_t band = 0; band < 3; band++) {
        size_t total = 0, right = 0;
        double sum = 0;
        for (size_t b = bands[band][0]; b < bands[band][1]; b++) {
            total += r->bin_total[b];
            right += r->bin_right[b];
            sum += r->bin_sum[b];
        }
        printf("  answers given with %zu..%zu %%: %zu, claimed %.1f %% on average, right %.2f %%\n",
               bands[band][0] * 10, bands[band][1] * 10 - 1 + (band == 0), total, total ? sum / (double)total : 0.0,
               pct(right, total));
    }
    static const char *const verdicts[] = {"decided", "ambiguous", "not a table"};
    for (size_t v = 0; v < 3; v++) {
        printf("  %-11s stated >= 90 %%: %zu, right %.2f %%; < 90 %%: %zu, right %.2f %%\n", verdicts[v],
               r->verdict_total[v][1], pct(r->verdict_right[v][1], r->verdict_total[v][1]), r->verdict_total[v][0],
               pct(r->verdict_right[v][0], r->verdict_total[v][0]));
    }
    printf("  tables (valid, with slack, damaged) said not a table with >= 90 %%: %zu\n", r->table_not_a_table_90);
    printf("  calibration (probability of the most probable hypothesis -> how often it was right):\n");
    for (size_t b = 0; b < BINS; b++) {
        if (r->bin_total[b] != 0) {
            printf("    %3zu..%3zu %%: %6zu answers, mean %5.1f %%, right %6.2f %%\n", b * 10, b * 10 + 9,
                   r->bin_total[b], r->bin_sum[b] / (double)r->bin_total[b], pct(r->bin_right[b], r->bin_total[b]));
        }
    }
}

/* Where the reported probability is at least 50 %, a bin with enough answers
 * must be right at least as often as it claims, less 10 points. */
static void assert_calibrated(const rates *r)
{
    for (size_t b = 5; b < BINS; b++) {
        if (r->bin_total[b] >= 50) {
            const double mean = r->bin_sum[b] / (double)r->bin_total[b];
            ck_assert_msg(pct(r->bin_right[b], r->bin_total[b]) >= mean - 10.0,
                          "bin %zu: right %.1f %%, claims %.1f %%", b, pct(r->bin_right[b], r->bin_total[b]), mean);
        }
    }
}

/* Decided and "not a table", stated with 90 % or more, are right at least 90 %
 * of the time (issue 24), and no table is said not to be one with 90 % or
 * more: pooled with 1800 pieces of noise, the 37 damaged tables that were
 * (before "not a table" had a prior of its own for bytes that look like a
 * damaged table) would hide in the first figure. Ambiguous is measured, not asserted: a damaged
 * tcp4-row2 table whose cut last row holds an offload state of 1..3 reads as
 * a tcp4-pid table with a TCP state there (+6 bits, the per-row evidence the
 * carver's thresholds were measured on), tcp4-pid leads by 4 bits and is
 * named with 94 %, wrongly; the README states the figures. */
static void assert_verdicts_calibrated(const rates *r)
{
    static const mibtcp_verdict asserted[] = {MIBTCP_VERDICT_DECIDED, MIBTCP_VERDICT_NOT_A_TABLE};
    for (size_t i = 0; i < 2; i++) {
        const mibtcp_verdict v = asserted[i];
        ck_assert_msg(pct(r->verdict_right[v][1], r->verdict_total[v][1]) >= 90.0,
                      "verdict %d stated with >= 90 %%: right %zu of %zu", (int)v, r->verdict_right[v][1],
                      r->verdict_total[v][1]);
    }
    ck_assert_uint_eq(r->table_not_a_table_90, 0);
}

/* The "Done when" figures of issue 9. */
static void assert_done_when(const rates *r)
{
    ck_assert_uint_eq(r->exit0_wrong, 0);
    ck_assert_msg(pct(r->misdirected, r->cases) <= 2.0, "misdirected %.2f %%", pct(r->misdirected, r->cases));
    ck_assert_msg(pct(r->valid_right, r->valid_total) >= 98.0, "valid %.2f %%", pct(r->valid_right, r->valid_total));
    ck_assert_msg(pct(r->damaged_right, r->damaged_total) >= 80.0, "damaged %.2f %%",
                  pct(r->damaged_right, r->damaged_total));
}

/* Builds a corpus, measures it, prints the figures, asserts the rates. */
static void run_corpus(void (*build)(corpus *, uint64_t), uint64_t seed, const char *name, bool calibrated)
{
    corpus c;
    build(&c, seed);
    rates r;
    measure(&c, &r, getenv("DETECT_VERBOSE") ? name : NULL);
    report(name, &r);
    assert_done_when(&r);
    assert_verdicts_calibrated(&r);
    if (calibrated) {
        assert_calibrated(&r);
    }
    corpus_free(&c);
}

START_TEST(calibration_corpus_rates)
{
    run_corpus(corpus_build, 20261130, "calibration corpus (table builder)", true);
}
END_TEST

/* Cases the model was never tuned on: another seed and another generator. */
START_TEST(unseen_corpus_rates)
{
    run_corpus(corpus_build_from_gen, 77, "unseen corpus (mibtcp gen tables, other seed)", false);
}
END_TEST

static Suite *rates_suite(void)
{
    Suite *s = suite_create("detect_rates");
    TCase *t = tcase_create("rates");
    tcase_set_timeout(t, 120);
    tcase_add_test(t, calibration_corpus_rates);
    tcase_add_test(t, unseen_corpus_rates);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return run_suite(rates_suite());
}
