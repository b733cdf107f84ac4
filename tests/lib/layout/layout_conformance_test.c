/*
 * Layout conformance: the library's header sizes, strides, field offsets and
 * padding equal the Windows SDK's as a mingw-w64 cross compiler lays them out,
 * and so does the test kit's independent statement of them.
 *
 * usage: layout_conformance_test ARCH POINTER_BITS PROBE_OBJECT
 *        layout_conformance_test --skip REASON   (prints SKIPPED, exits 77)
 *
 * PROBE_OBJECT is sdk_layout_probe.c compiled by ARCH-w64-mingw32-gcc.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit_layout.h"
#include "layout_checks.h"
#include "mibtcp_fast.h"
#include "run_suite.h"

#define EXIT_SKIPPED 77 /* ctest SKIP_RETURN_CODE */

static const char *target_arch;
static unsigned long target_pointer_bits;
static sdk_layout sdk;

START_TEST(probe_object_is_for_the_target)
{
    ck_assert_msg(sdk.pointer_bits == target_pointer_bits, "the probe object has %u-bit pointers, %s has %lu",
                  (unsigned)sdk.pointer_bits, target_arch, target_pointer_bits);
}
END_TEST

START_TEST(probe_names_only_known_kinds_and_fields)
{
    layout_report report = layout_report_start(target_arch, MIBTCP_KIND_UNKNOWN);
    check_probe_ids(&sdk, &report);
    ck_assert_msg(report.mismatches == 0, "%u probe records name unknown ids (listed above)", report.mismatches);
}
END_TEST

START_TEST(kind_matches_the_sdk)
{
    mibtcp_kind kind = (mibtcp_kind)_i;
    layout_report report = layout_report_start(target_arch, kind);
    check_probe_tiling(&sdk, &report);
    check_field_conformance(&sdk, &report);
    check_padding_conformance(&sdk, &report);
    check_kit_conformance(&sdk, &report);
    ck_assert_msg(report.mismatches == 0, "%s: %u disagreement(s) with the %s SDK (listed above)",
                  mibtcp_kind_name(kind), report.mismatches, target_arch);
}
END_TEST

/* The checks above must be able to fail: run them on a copy of the SDK numbers
 * with one deliberate defect, chosen so that no library can agree with it. */
static sdk_layout damaged;

/* No row of any kind is this long, so no library offset or stride can equal it. */
#define IMPOSSIBLE_SHIFT 1001u

static sdk_record *damaged_record(mibtcp_kind kind, mibtcp_field field, unsigned nth)
{
    unsigned seen = 0;
    for (size_t i = 0; i < damaged.record_count; i++) {
        sdk_record *r = &damaged.records[i];
        if (r->kind == (uint32_t)kind && r->field == (uint32_t)field && seen++ == nth) {
            return r;
        }
    }
    ck_abort_msg("the probe has no %s %s record #%u", mibtcp_kind_name(kind), mibtcp_field_name(field), nth);
    return NULL;
}

static void remove_damaged_record(const sdk_record *record)
{
    size_t at = (size_t)(record - damaged.records);
    memmove(&damaged.records[at], &damaged.records[at + 1], (damaged.record_count - at - 1) * sizeof *record);
    damaged.record_count--;
}

typedef void (*layout_check)(const sdk_layout *sdk, layout_report *report);

static unsigned quiet_mismatches(layout_check check, mibtcp_kind kind)
{
    layout_report report = layout_report_start(target_arch, kind);
    report.out = NULL;
    check(&damaged, &report);
    return report.mismatches;
}

static void setup_damage(void)
{
    damaged = sdk;
}

START_TEST(moved_field_is_detected)
{
    damaged_record(MIBTCP_KIND_TCP6_MODULE, MIBTCP_FIELD_LOCAL_PORT, 0)->offset += IMPOSSIBLE_SHIFT;
    unsigned found = quiet_mismatches(check_field_conformance, MIBTCP_KIND_TCP6_MODULE);
    ck_assert_uint_ge(found, 1);
}
END_TEST

START_TEST(resized_field_is_detected)
{
    damaged_record(MIBTCP_KIND_UDP4_MODULE, MIBTCP_FIELD_CREATED, 0)->size += IMPOSSIBLE_SHIFT;
    unsigned found = quiet_mismatches(check_field_conformance, MIBTCP_KIND_UDP4_MODULE);
    ck_assert_uint_ge(found, 1);
}
END_TEST

START_TEST(other_stride_is_detected)
{
    damaged_record(MIBTCP_KIND_TCP4_ROW2, MIBTCP_FIELD_ROW, 0)->size += IMPOSSIBLE_SHIFT;
    unsigned found = quiet_mismatches(check_field_conformance, MIBTCP_KIND_TCP4_ROW2);
    ck_assert_uint_ge(found, 1);
}
END_TEST

START_TEST(other_header_size_is_detected)
{
    damaged_record(MIBTCP_KIND_UDP6_MODULE, MIBTCP_FIELD_ROW, 0)->offset += IMPOSSIBLE_SHIFT;
    unsigned found = quiet_mismatches(check_field_conformance, MIBTCP_KIND_UDP6_MODULE);
    ck_assert_uint_ge(found, 1);
}
END_TEST

START_TEST(unprobed_member_leaves_a_gap)
{
    remove_damaged_record(damaged_record(MIBTCP_KIND_TCP4_PID, MIBTCP_FIELD_LOCAL_PORT, 0));
    unsigned found = quiet_mismatches(check_probe_tiling, MIBTCP_KIND_TCP4_PID);
    ck_assert_uint_ge(found, 1);
}
END_TEST

START_TEST(library_field_missing_from_the_probe_is_detected)
{
    ck_assert(mibtcp_layout_known(MIBTCP_KIND_TCP4_PID).present & MIBTCP_FIELD_BIT(MIBTCP_FIELD_LOCAL_PORT));
    remove_damaged_record(damaged_record(MIBTCP_KIND_TCP4_PID, MIBTCP_FIELD_LOCAL_PORT, 0));
    unsigned found = quiet_mismatches(check_field_conformance, MIBTCP_KIND_TCP4_PID);
    ck_assert_uint_ge(found, 1);
}
END_TEST

START_TEST(unprobed_second_hole_leaves_a_gap)
{
    remove_damaged_record(damaged_record(MIBTCP_KIND_UDP6_MODULE, MIBTCP_FIELD_ROW_PADDING, 1));
    unsigned found = quiet_mismatches(check_probe_tiling, MIBTCP_KIND_UDP6_MODULE);
    ck_assert_uint_ge(found, 1);
}
END_TEST

START_TEST(padding_claimed_over_data_is_detected)
{
    /* Pretend the SDK had a hole where udp4-module rows keep dwFlags: a library
     * that reads flags there cannot also report those bytes as padding. */
    ck_assert(mibtcp_layout_known(MIBTCP_KIND_UDP4_MODULE).present & MIBTCP_FIELD_BIT(MIBTCP_FIELD_FLAGS));
    damaged_record(MIBTCP_KIND_UDP4_MODULE, MIBTCP_FIELD_FLAGS, 0)->field = MIBTCP_FIELD_ROW_PADDING;
    unsigned found = quiet_mismatches(check_padding_conformance, MIBTCP_KIND_UDP4_MODULE);
    ck_assert_uint_ge(found, 1);
}
END_TEST

START_TEST(kit_disagreeing_with_the_sdk_is_detected)
{
    damaged_record(MIBTCP_KIND_TCP6_BASIC, MIBTCP_FIELD_REMOTE_SCOPE_ID, 0)->offset += IMPOSSIBLE_SHIFT;
    unsigned found = quiet_mismatches(check_kit_conformance, MIBTCP_KIND_TCP6_BASIC);
    ck_assert_uint_ge(found, 1);
}
END_TEST

START_TEST(decoder_requires_exactly_one_probe)
{
    static const uint8_t no_probe[64] = {0};
    char why[128];
    ck_assert(!sdk_layout_decode(no_probe, sizeof no_probe, &damaged, why, sizeof why));
    ck_assert_ptr_nonnull(strstr(why, "0 times"));
}
END_TEST

static Suite *layout_suite(void)
{
    Suite *suite = suite_create("layout conformance");

    TCase *probe = tcase_create("probe");
    tcase_add_test(probe, probe_object_is_for_the_target);
    tcase_add_test(probe, probe_names_only_known_kinds_and_fields);
    suite_add_tcase(suite, probe);

    TCase *kinds = tcase_create("kinds");
    tcase_add_loop_test(kinds, kind_matches_the_sdk, MIBTCP_KIND_UNKNOWN + 1, KIT_KIND_COUNT + 1);
    suite_add_tcase(suite, kinds);

    TCase *self_test = tcase_create("checks can fail");
    tcase_add_checked_fixture(self_test, setup_damage, NULL);
    tcase_add_test(self_test, moved_field_is_detected);
    tcase_add_test(self_test, resized_field_is_detected);
    tcase_add_test(self_test, other_stride_is_detected);
    tcase_add_test(self_test, other_header_size_is_detected);
    tcase_add_test(self_test, unprobed_member_leaves_a_gap);
    tcase_add_test(self_test, library_field_missing_from_the_probe_is_detected);
    tcase_add_test(self_test, unprobed_second_hole_leaves_a_gap);
    tcase_add_test(self_test, padding_claimed_over_data_is_detected);
    tcase_add_test(self_test, kit_disagreeing_with_the_sdk_is_detected);
    tcase_add_test(self_test, decoder_requires_exactly_one_probe);
    suite_add_tcase(suite, self_test);
    return suite;
}

static int usage(void)
{
    fprintf(stderr, "usage: layout_conformance_test ARCH POINTER_BITS PROBE_OBJECT\n"
                    "       layout_conformance_test --skip REASON\n");
    return EXIT_FAILURE;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--skip") == 0) {
        printf("SKIPPED: %s\n", argv[2]);
        return EXIT_SKIPPED;
    }
    if (argc != 4) {
        return usage();
    }
    target_arch = argv[1];
    char *end = NULL;
    target_pointer_bits = strtoul(argv[2], &end, 10);
    if (end == argv[2] || *end != '\0') {
        return usage();
    }
    char why[256];
    if (!sdk_layout_read(argv[3], &sdk, why, sizeof why)) {
        fprintf(stderr, "%s SDK probe: %s\n", target_arch, why);
        return EXIT_FAILURE;
    }
    sdk_layout_print(&sdk, target_arch, stdout);
    fflush(stdout);
    return run_suite(layout_suite());
}
