/* fuzz_names: the name tables and the small pure functions around them.
 *
 * The input is used twice: as a name for mibtcp_kind_from_name() and
 * mibtcp_state_from_name(), and (its first 8 bytes) as raw numbers for every
 * function taking a kind, state, status, field, finding code or severity,
 * including out-of-range values.
 *
 * Invariants: a name parses iff it equals (ASCII case-insensitively; '-'
 * and '_' alike; plus a few aliases such as "ESTAB") the name the
 * library prints, and then to that value; every name function
 * returns non-NULL, "?" exactly for out-of-range values, and distinct names
 * for distinct values; layout queries agree with each other. */
#include <stdint.h>
#include <string.h>

#include "kit_layout.h"
#include "layout_fields.h"
#include "mibtcp.h"
#include "support/fuzz_bytes.h"
#include "support/invariant.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char fold(char c, bool dash_is_underscore)
{
    if (c >= 'a' && c <= 'z') {
        return (char)(c - 'a' + 'A');
    }
    if (dash_is_underscore && c == '-') {
        return '_';
    }
    return c;
}

static bool same_name(const char *name, size_t len, const char *canonical, bool dash_is_underscore)
{
    if (strlen(canonical) != len) {
        return false;
    }
    for (size_t i = 0; i < len; ++i) {
        if (fold(name[i], dash_is_underscore) != fold(canonical[i], dash_is_underscore)) {
            return false;
        }
    }
    return true;
}

static bool state_is_valid(uint32_t state)
{
    return (state >= 1 && state <= 12) || state == MIBTCP_STATE_RESERVED;
}

static void check_kind_name(const char *name, size_t len)
{
    mibtcp_kind expected = MIBTCP_KIND_UNKNOWN;
    for (int k = 1; k <= KIT_KIND_COUNT; ++k) {
        if (same_name(name, len, mibtcp_kind_name((mibtcp_kind)k), true)) {
            expected = (mibtcp_kind)k;
        }
    }
    mibtcp_kind parsed = MIBTCP_KIND_UNKNOWN;
    mibtcp_status status = mibtcp_kind_from_name(name, len, &parsed);
    if (expected == MIBTCP_KIND_UNKNOWN) {
        FUZZ_REQUIRE(status == MIBTCP_ERR_UNKNOWN_NAME);
    } else {
        FUZZ_REQUIRE(status == MIBTCP_OK && parsed == expected);
    }
}

/* The aliases mibtcp.h documents: spellings of other tools and SDK headers. */
static const struct {
    const char *name;
    uint32_t state;
} state_aliases[] = {
    {"LISTENING", 2},  {"SYN_RECEIVED", 4}, {"SYN_RECV", 4}, {"ESTAB", 5},
    {"FIN_WAIT_1", 6}, {"FIN_WAIT_2", 7},   {"DELETE", 12},  {"MIB_TCP_STATE_RESERVED", MIBTCP_STATE_RESERVED},
};

static uint32_t expected_state(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof state_aliases / sizeof state_aliases[0]; ++i) {
        if (same_name(name, len, state_aliases[i].name, true)) {
            return state_aliases[i].state;
        }
    }
    for (uint32_t state = 0; state <= MIBTCP_STATE_RESERVED; ++state) {
        if (state_is_valid(state) && same_name(name, len, mibtcp_state_name(state), true)) {
            return state;
        }
    }
    return 0;
}

static void check_state_name(const char *name, size_t len)
{
    uint32_t expected = expected_state(name, len);
    uint32_t parsed = 0;
    mibtcp_status status = mibtcp_state_from_name(name, len, &parsed);
    if (expected == 0) {
        FUZZ_REQUIRE(status == MIBTCP_ERR_UNKNOWN_NAME);
    } else {
        FUZZ_REQUIRE(status == MIBTCP_OK && parsed == expected);
    }
}

/* A copy of @p text whose letters' case follows the bits of @p case_bits. */
static void mix_case(const char *text, uint64_t case_bits, char *out, size_t out_size)
{
    size_t i = 0;
    for (; text[i] != '\0' && i + 1 < out_size; ++i) {
        char c = text[i];
        bool upper = (case_bits >> (i % 64)) & 1u;
        if (upper && c >= 'a' && c <= 'z') {
            c = (char)(c - 'a' + 'A');
        } else if (!upper && c >= 'A' && c <= 'Z') {
            c = (char)(c - 'A' + 'a');
        }
        out[i] = c;
    }
    out[i] = '\0';
}

static void check_state_value(uint32_t state, uint64_t case_bits)
{
    const char *name = mibtcp_state_name(state);
    FUZZ_REQUIRE(name != NULL);
    FUZZ_REQUIRE(mibtcp_state_is_valid(state) == state_is_valid(state));
    if (!state_is_valid(state)) {
        FUZZ_REQUIRE(strcmp(name, "INVALID") == 0);
        return;
    }
    char mixed[64];
    mix_case(name, case_bits, mixed, sizeof mixed);
    uint32_t parsed = 0;
    FUZZ_REQUIRE(mibtcp_state_from_name(mixed, strlen(mixed), &parsed) == MIBTCP_OK && parsed == state);
}

static void check_kind_value(mibtcp_kind kind, mibtcp_field field, uint64_t case_bits)
{
    const char *name = mibtcp_kind_name(kind);
    FUZZ_REQUIRE(name != NULL);
    bool valid = kind > MIBTCP_KIND_UNKNOWN && (unsigned)kind <= (unsigned)KIT_KIND_COUNT;
    uint64_t offset = 0, size = 0;
    mibtcp_row_layout layout;
    const mibtcp_status status = mibtcp_kind_layout_sized(kind, &layout, sizeof layout);
    const bool located = kit_layout_field(&layout, field, &offset, &size);
    if (!valid) {
        static const mibtcp_row_layout zeros;
        FUZZ_REQUIRE(strcmp(name, "unknown") == 0);
        FUZZ_REQUIRE(status == MIBTCP_ERR_UNKNOWN_KIND && memcmp(&layout, &zeros, sizeof layout) == 0);
        FUZZ_REQUIRE(!located);
        return;
    }
    FUZZ_REQUIRE(status == MIBTCP_OK);
    char mixed[64];
    mix_case(name, case_bits, mixed, sizeof mixed);
    mibtcp_kind parsed = MIBTCP_KIND_UNKNOWN;
    FUZZ_REQUIRE(mibtcp_kind_from_name(mixed, strlen(mixed), &parsed) == MIBTCP_OK && parsed == kind);
    const uint64_t header = layout.header, stride = layout.stride;
    FUZZ_REQUIRE((header == 4 || header == 8) && stride > 0 && stride % 4 == 0);
    FUZZ_REQUIRE(layout.family == MIBTCP_FAMILY_IPV4 || layout.family == MIBTCP_FAMILY_IPV6);
    FUZZ_REQUIRE(layout.tcp == (strncmp(name, "tcp", 3) == 0 ? 1u : 0u));
    FUZZ_REQUIRE(located == kit_layout_has(&layout, field));
    if (located) {
        FUZZ_REQUIRE(size > 0 && size <= stride && offset <= stride - size);
    }
}

/* @p name_of(value) for every value below @p count is a distinct real name;
 * at and past it, and at @p probe if out of range, "?". */
static void check_name_table(const char *(*name_of)(int value), int count, int probe)
{
    for (int i = 0; i < count; ++i) {
        const char *name = name_of(i);
        FUZZ_REQUIRE(name != NULL && name[0] != '\0' && strcmp(name, "?") != 0);
        for (int j = 0; j < i; ++j) {
            FUZZ_REQUIRE(strcmp(name, name_of(j)) != 0);
        }
    }
    FUZZ_REQUIRE(strcmp(name_of(count), "?") == 0);
    FUZZ_REQUIRE(strcmp(name_of(probe), probe >= 0 && probe < count ? name_of(probe) : "?") == 0);
}

static const char *status_name(int value)
{
    return mibtcp_status_name((mibtcp_status)value);
}
static const char *status_str(int value)
{
    return mibtcp_status_str((mibtcp_status)value);
}
static const char *field_name(int value)
{
    return mibtcp_field_name((mibtcp_field)value);
}
static const char *finding_name(int value)
{
    return mibtcp_finding_name((mibtcp_finding_code)value);
}
static const char *finding_str(int value)
{
    return mibtcp_finding_str((mibtcp_finding_code)value);
}
static const char *severity_name(int value)
{
    return mibtcp_severity_name((mibtcp_severity)value);
}

static void check_descriptions(const char *(*text_of)(int value), int count, int probe)
{
    for (int i = 0; i < count; ++i) {
        FUZZ_REQUIRE(text_of(i) != NULL && text_of(i)[0] != '\0');
    }
    FUZZ_REQUIRE(text_of(probe) != NULL);
}

static void check_tables(int probe)
{
    FUZZ_REQUIRE(mibtcp_kind_count() == KIT_KIND_COUNT && mibtcp_field_count() == KIT_FIELD_COUNT);
    check_name_table(status_name, (int)mibtcp_status_count(), probe);
    check_descriptions(status_str, (int)mibtcp_status_count(), probe);
    check_name_table(field_name, (int)mibtcp_field_count(), probe);
    check_name_table(finding_name, (int)mibtcp_finding_count(), probe);
    check_descriptions(finding_str, (int)mibtcp_finding_count(), probe);
    check_descriptions(severity_name, (int)MIBTCP_SEVERITY_ERROR + 1, probe);
    FUZZ_REQUIRE(strcmp(mibtcp_severity_name(MIBTCP_SEVERITY_INFO), "info") == 0);
    FUZZ_REQUIRE(strcmp(mibtcp_severity_name(MIBTCP_SEVERITY_WARNING), "warning") == 0);
    FUZZ_REQUIRE(strcmp(mibtcp_severity_name(MIBTCP_SEVERITY_ERROR), "error") == 0);
    FUZZ_REQUIRE(strcmp(mibtcp_status_name(MIBTCP_OK), "OK") == 0);
    FUZZ_REQUIRE(strcmp(mibtcp_version(), MIBTCP_VERSION_STRING) == 0);
}

static void check_null_arguments(const char *name, size_t len)
{
    mibtcp_kind kind;
    uint32_t state;
    mibtcp_row_layout layout;
    FUZZ_REQUIRE(mibtcp_kind_from_name(NULL, len + 1u, &kind) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_kind_from_name(NULL, 0, &kind) == MIBTCP_ERR_UNKNOWN_NAME); /* "" names nothing */
    FUZZ_REQUIRE(mibtcp_kind_from_name(name, len, NULL) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_state_from_name(NULL, len + 1u, &state) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_state_from_name(NULL, 0, &state) == MIBTCP_ERR_UNKNOWN_NAME);
    FUZZ_REQUIRE(mibtcp_state_from_name(name, len, NULL) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_kind_layout_sized(MIBTCP_KIND_TCP4_MODULE, NULL, sizeof layout) == MIBTCP_ERR_NULL_ARGUMENT);
    /* The ABI rule: another struct size is refused whatever the kind, before anything is written. */
    FUZZ_REQUIRE(mibtcp_kind_layout_sized((mibtcp_kind)(len % 32), &layout, sizeof layout + 1 + len % 8) ==
                 MIBTCP_ERR_ABI_MISMATCH);
    FUZZ_REQUIRE(mibtcp_kind_layout_sized((mibtcp_kind)(len % 32), &layout, sizeof layout - 1 - len % 8) ==
                 MIBTCP_ERR_ABI_MISMATCH);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *name = (const char *)data;
    check_null_arguments(name, size);
    check_kind_name(name, size);
    check_state_name(name, size);

    fuzz_cursor cursor = fuzz_cursor_make(data, size);
    uint32_t number = fuzz_take_u32(&cursor);
    uint32_t small = fuzz_take_u32(&cursor) % 256u;
    uint64_t case_bits = (uint64_t)number << 32 | small;
    check_state_value(number, case_bits);
    check_state_value(small, case_bits);
    check_kind_value((mibtcp_kind)(number % 32u), (mibtcp_field)(small % 32u), case_bits);
    check_kind_value((mibtcp_kind)small, (mibtcp_field)(number % 64u), case_bits);
    check_tables((int)(number % 64u));
    return 0;
}
