/* Names and descriptions: never NULL, stable identifiers, parsers that round-trip. */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "expect.h"
#include "run_suite.h"

#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)

static void expect_text(const char *text)
{
    ck_assert_ptr_nonnull(text);
    ck_assert_uint_gt(strlen(text), 0);
}

/* ---- statuses, fields, findings, severities ---- */

static const char *const status_identifiers[] = {
#define NAME_ENTRY_(name, value, text) [value] = #name,
    MIBTCP_STATUS_LIST(NAME_ENTRY_)
#undef NAME_ENTRY_
};

static const char *const field_identifiers[] = {
#define NAME_ENTRY_(name, value, text) [value] = text,
    MIBTCP_FIELD_LIST(NAME_ENTRY_)
#undef NAME_ENTRY_
};

static const char *const finding_identifiers[] = {
#define NAME_ENTRY_(name, value, text) [value] = #name,
    MIBTCP_FINDING_LIST(NAME_ENTRY_)
#undef NAME_ENTRY_
};

/* Values just past each enum, and far away in both directions. */
static const int out_of_range_offsets[] = {0, 1, 1000, -1 - 1000};

START_TEST(every_status_has_its_identifier_and_a_description)
{
    for (int s = 0; s < (int)mibtcp_status_count(); s++) {
        ck_assert_str_eq(mibtcp_status_name((mibtcp_status)s), status_identifiers[s]);
        expect_text(mibtcp_status_str((mibtcp_status)s));
    }
    ck_assert_str_eq(mibtcp_status_name(MIBTCP_ERR_BAD_STATE), "ERR_BAD_STATE");
    ck_assert_str_eq(mibtcp_status_str(MIBTCP_OK), "success");
    for (size_t i = 0; i < sizeof out_of_range_offsets / sizeof out_of_range_offsets[0]; i++) {
        mibtcp_status bad = (mibtcp_status)((int)mibtcp_status_count() + out_of_range_offsets[i]);
        ck_assert_str_eq(mibtcp_status_name(bad), "?");
        expect_text(mibtcp_status_str(bad));
    }
}
END_TEST

START_TEST(every_field_has_its_name)
{
    for (int f = 0; f < KIT_FIELD_COUNT; f++) {
        ck_assert_str_eq(mibtcp_field_name((mibtcp_field)f), field_identifiers[f]);
    }
    ck_assert_str_eq(mibtcp_field_name(MIBTCP_FIELD_LOCAL_PORT), "local_port");
    ck_assert_str_eq(mibtcp_field_name(MIBTCP_FIELD_NUM_ENTRIES), "dwNumEntries");
    for (size_t i = 0; i < sizeof out_of_range_offsets / sizeof out_of_range_offsets[0]; i++) {
        ck_assert_str_eq(mibtcp_field_name((mibtcp_field)(KIT_FIELD_COUNT + out_of_range_offsets[i])), "?");
    }
}
END_TEST

START_TEST(every_finding_has_its_identifier_and_a_description)
{
    for (int c = 0; c < (int)mibtcp_finding_count(); c++) {
        ck_assert_str_eq(mibtcp_finding_name((mibtcp_finding_code)c), finding_identifiers[c]);
        expect_text(mibtcp_finding_str((mibtcp_finding_code)c));
    }
    ck_assert_str_eq(mibtcp_finding_name(MIBTCP_FINDING_PORT_HIGH_BITS), "PORT_HIGH_BITS");
    for (size_t i = 0; i < sizeof out_of_range_offsets / sizeof out_of_range_offsets[0]; i++) {
        mibtcp_finding_code bad = (mibtcp_finding_code)((int)mibtcp_finding_count() + out_of_range_offsets[i]);
        ck_assert_str_eq(mibtcp_finding_name(bad), "?");
        expect_text(mibtcp_finding_str(bad));
    }
}
END_TEST

START_TEST(severity_names)
{
    ck_assert_str_eq(mibtcp_severity_name(MIBTCP_SEVERITY_INFO), "info");
    ck_assert_str_eq(mibtcp_severity_name(MIBTCP_SEVERITY_WARNING), "warning");
    ck_assert_str_eq(mibtcp_severity_name(MIBTCP_SEVERITY_ERROR), "error");
    expect_text(mibtcp_severity_name((mibtcp_severity)3));
    expect_text(mibtcp_severity_name((mibtcp_severity)-1));
}
END_TEST

/* ---- kinds ---- */

static const char *const kind_names[] = {
#define NAME_ENTRY_(name, value, text) [value] = text,
    MIBTCP_KIND_LIST(NAME_ENTRY_)
#undef NAME_ENTRY_
};

START_TEST(kind_names_round_trip)
{
    mibtcp_kind kind = all_kinds[_i];
    const char *name = mibtcp_kind_name(kind);
    ck_assert_str_eq(name, kind_names[kind]);
    mibtcp_kind parsed = MIBTCP_KIND_UNKNOWN;
    ck_assert_int_eq(mibtcp_kind_from_name(name, strlen(name), &parsed), MIBTCP_OK);
    ck_assert_int_eq(parsed, kind);

    char upper[32];
    size_t len = strlen(name);
    ck_assert_uint_lt(len, sizeof upper);
    for (size_t i = 0; i < len; i++) {
        upper[i] = (name[i] >= 'a' && name[i] <= 'z') ? (char)(name[i] - 'a' + 'A') : name[i];
    }
    parsed = MIBTCP_KIND_UNKNOWN;
    ck_assert_int_eq(mibtcp_kind_from_name(upper, len, &parsed), MIBTCP_OK); /* no NUL needed */
    ck_assert_int_eq(parsed, kind);
}
END_TEST

START_TEST(kind_names_of_non_kinds)
{
    ck_assert_str_eq(mibtcp_kind_name(MIBTCP_KIND_UNKNOWN), "unknown");
    ck_assert_str_eq(mibtcp_kind_name((mibtcp_kind)(KIT_KIND_COUNT + 1)), "unknown");
    ck_assert_str_eq(mibtcp_kind_name((mibtcp_kind)1000), "unknown");
    ck_assert_str_eq(mibtcp_kind_name((mibtcp_kind)-1), "unknown");
}
END_TEST

START_TEST(kind_from_name_reads_exactly_len_bytes)
{
    mibtcp_kind kind = MIBTCP_KIND_UNKNOWN;
    ck_assert_int_eq(mibtcp_kind_from_name("tcp6-moduleXYZ", 11, &kind), MIBTCP_OK);
    ck_assert_int_eq(kind, MIBTCP_KIND_TCP6_MODULE);
    ck_assert_int_eq(mibtcp_kind_from_name("Udp4-Basic", 10, &kind), MIBTCP_OK);
    ck_assert_int_eq(kind, MIBTCP_KIND_UDP4_BASIC);
}
END_TEST

START_TEST(kind_from_name_rejects_other_names)
{
    static const char *const rejected[] = {"",           "tcp4",    "tcp4-modul",  "tcp4-module ", "tcp4-modules",
                                           "udp7-basic", "unknown", "tcp4 module", "4-module"};
    for (size_t i = 0; i < sizeof rejected / sizeof rejected[0]; i++) {
        mibtcp_kind kind = MIBTCP_KIND_UNKNOWN;
        ck_assert_msg(mibtcp_kind_from_name(rejected[i], strlen(rejected[i]), &kind) == MIBTCP_ERR_UNKNOWN_NAME,
                      "\"%s\" is not a kind", rejected[i]);
    }
    mibtcp_kind kind = MIBTCP_KIND_UNKNOWN;
    /* "tcp4-module" cut one byte short. */
    ck_assert_int_eq(mibtcp_kind_from_name("tcp4-module", 10, &kind), MIBTCP_ERR_UNKNOWN_NAME);
}
END_TEST

/* ---- TCP states ---- */

static const char *const mib_state_names[] = {
    NULL,        "CLOSED",     "LISTEN",  "SYN_SENT", "SYN_RCVD",  "ESTABLISHED", "FIN_WAIT1",
    "FIN_WAIT2", "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT", "DELETE_TCB",
};

START_TEST(state_names_are_the_mib_names)
{
    for (uint32_t s = 1; s <= 12; s++) {
        ck_assert_str_eq(mibtcp_state_name(s), mib_state_names[s]);
        ck_assert(mibtcp_state_is_valid(s));
    }
    ck_assert_str_eq(mibtcp_state_name(MIBTCP_STATE_RESERVED), "RESERVED");
    ck_assert(mibtcp_state_is_valid(MIBTCP_STATE_RESERVED));
}
END_TEST

START_TEST(invalid_states_are_named_invalid)
{
    static const uint32_t invalid[] = {0, 13, 14, 99, 101, 0x10000, UINT32_MAX};
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        ck_assert_str_eq(mibtcp_state_name(invalid[i]), "INVALID");
        ck_assert(!mibtcp_state_is_valid(invalid[i]));
    }
}
END_TEST

START_TEST(state_names_round_trip)
{
    static const uint32_t valid[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, MIBTCP_STATE_RESERVED};
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
        const char *name = mibtcp_state_name(valid[i]);
        uint32_t parsed = 0;
        ck_assert_int_eq(mibtcp_state_from_name(name, strlen(name), &parsed), MIBTCP_OK);
        ck_assert_uint_eq(parsed, valid[i]);
    }
}
END_TEST

START_TEST(state_from_name_accepts_case_dashes_and_aliases)
{
    static const struct {
        const char *name;
        uint32_t state;
    } accepted[] = {
        {"listen", 2},
        {"Listen", 2},
        {"time-wait", 11},
        {"TIME-WAIT", 11},
        {"close_wait", 8},
        {"ESTAB", 5},
        {"estab", 5},
        {"SYN_RECEIVED", 4},
        {"syn-received", 4},
        {"syn-rcvd", 4},
        {"delete-tcb", 12},
        {"fin_wait1", 6},
        {"reserved", 100},
        /* what Windows netstat prints, one per state it knows */
        {"CLOSED", 1},
        {"LISTENING", 2},
        {"SYN_SENT", 3},
        {"SYN_RECEIVED", 4},
        {"ESTABLISHED", 5},
        {"FIN_WAIT_1", 6},
        {"FIN_WAIT_2", 7},
        {"CLOSE_WAIT", 8},
        {"CLOSING", 9},
        {"LAST_ACK", 10},
        {"TIME_WAIT", 11},
        {"DELETE_TCB", 12},
        {"listening", 2},
        /* Linux netstat and ss */
        {"SYN_RECV", 4},
        {"SYN-RECV", 4},
        {"FIN-WAIT-1", 6},
        {"FIN-WAIT-2", 7},
    };
    for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++) {
        uint32_t state = 0;
        ck_assert_msg(mibtcp_state_from_name(accepted[i].name, strlen(accepted[i].name), &state) == MIBTCP_OK,
                      "\"%s\" should parse", accepted[i].name);
        ck_assert_uint_eq(state, accepted[i].state);
    }
    uint32_t state = 0;
    ck_assert_int_eq(mibtcp_state_from_name("LISTENINGX", 9, &state), MIBTCP_OK); /* exactly len bytes */
    ck_assert_uint_eq(state, 2);
}
END_TEST

START_TEST(state_from_name_rejects_other_names)
{
    static const char *const rejected[] = {"",        "LISTE",        "LISTEN ",   " LISTEN",  "LISTENINGS",
                                           "INVALID", "ESTABLISHEDX", "TIME WAIT", "TIMEWAIT", "5"};
    for (size_t i = 0; i < sizeof rejected / sizeof rejected[0]; i++) {
        uint32_t state = 0;
        ck_assert_msg(mibtcp_state_from_name(rejected[i], strlen(rejected[i]), &state) == MIBTCP_ERR_UNKNOWN_NAME,
                      "\"%s\" is not a state", rejected[i]);
    }
    uint32_t state = 0;
    ck_assert_int_eq(mibtcp_state_from_name("LISTEN", 5, &state), MIBTCP_ERR_UNKNOWN_NAME);
}
END_TEST

/* ---- version ---- */

START_TEST(version_matches_the_header)
{
    ck_assert_str_eq(mibtcp_version(), MIBTCP_VERSION_STRING);
    ck_assert_str_eq(MIBTCP_VERSION_STRING, STRINGIFY(MIBTCP_VERSION_MAJOR) "." STRINGIFY(
                                                MIBTCP_VERSION_MINOR) "." STRINGIFY(MIBTCP_VERSION_PATCH));
}
END_TEST

static Suite *names_suite(void)
{
    Suite *s = suite_create("names");
    TCase *codes = tcase_create("codes");
    tcase_add_test(codes, every_status_has_its_identifier_and_a_description);
    tcase_add_test(codes, every_field_has_its_name);
    tcase_add_test(codes, every_finding_has_its_identifier_and_a_description);
    tcase_add_test(codes, severity_names);
    suite_add_tcase(s, codes);

    TCase *kinds = tcase_create("kinds");
    tcase_add_loop_test(kinds, kind_names_round_trip, 0, LOOP_COUNT(all_kinds));
    tcase_add_test(kinds, kind_names_of_non_kinds);
    tcase_add_test(kinds, kind_from_name_reads_exactly_len_bytes);
    tcase_add_test(kinds, kind_from_name_rejects_other_names);
    suite_add_tcase(s, kinds);

    TCase *states = tcase_create("states");
    tcase_add_test(states, state_names_are_the_mib_names);
    tcase_add_test(states, invalid_states_are_named_invalid);
    tcase_add_test(states, state_names_round_trip);
    tcase_add_test(states, state_from_name_accepts_case_dashes_and_aliases);
    tcase_add_test(states, state_from_name_rejects_other_names);
    suite_add_tcase(s, states);

    TCase *version = tcase_create("version");
    tcase_add_test(version, version_matches_the_header);
    suite_add_tcase(s, version);
    return s;
}

int main(void)
{
    return run_suite(names_suite());
}
