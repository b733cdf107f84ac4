/* fuzz_time: mibtcp_filetime_to_unix() and mibtcp_filetime_to_iso8601() on
 * FILETIMEs read from the input, raw (mostly out of range) and folded into
 * the representable range.
 *
 * Invariants: the status follows the documented range; Unix time and ticks
 * rebuild the FILETIME exactly; the ISO text parses back (with a naive
 * calendar) to the same FILETIME; every output size from 0 to 29 and beyond
 * gives either the full text or ERR_OUTPUT_TRUNCATED with the longest prefix
 * that fits ("" for an unknown or unrepresentable time), never writing past
 * size (each output buffer is an exact-size allocation). Sizes checked: 0,
 * one picked by the value's top bits, 28, 29 and 36 (every size in the
 * replay engine). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mibtcp.h"
#include "oracles/reference_time.h"
#include "support/exhaustive.h"
#include "support/fuzz_bytes.h"
#include "support/invariant.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_VALUES_PER_INPUT 16

static mibtcp_status expected_status(int64_t filetime)
{
    if (filetime == 0) {
        return MIBTCP_ERR_TIME_UNKNOWN;
    }
    if (filetime < 0 || filetime > REF_MAX_FILETIME) {
        return MIBTCP_ERR_TIME_UNREPRESENTABLE;
    }
    return MIBTCP_OK;
}

static void check_unix(int64_t filetime, mibtcp_status expected)
{
    int64_t unix_seconds = INT64_MIN;
    uint32_t ticks = UINT32_MAX;
    FUZZ_REQUIRE(mibtcp_filetime_to_unix(filetime, &unix_seconds, &ticks) == expected);
    if (expected != MIBTCP_OK) {
        FUZZ_REQUIRE(unix_seconds == INT64_MIN && ticks == UINT32_MAX); /* untouched */
        return;
    }
    FUZZ_REQUIRE(ticks < REF_TICKS_PER_SECOND);
    /* Cannot overflow: filetime <= REF_MAX_FILETIME < INT64_MAX. */
    int64_t rebuilt = (unix_seconds + REF_UNIX_EPOCH_FILETIME / REF_TICKS_PER_SECOND) * REF_TICKS_PER_SECOND + ticks;
    FUZZ_REQUIRE(rebuilt == filetime);
}

/* Formats into an exact-size allocation of @p size bytes; returns the status
 * and copies the text (if any) into @p text. */
static mibtcp_status format_exact(int64_t filetime, size_t size, char text[MIBTCP_ISO8601_SIZE + 8])
{
    char *out = malloc(size > 0 ? size : 1);
    FUZZ_REQUIRE(out != NULL);
    if (size > 0) {
        memset(out, 'x', size);
    }
    mibtcp_status status = mibtcp_filetime_to_iso8601(filetime, out, size);
    text[0] = '\0';
    if (size > 0) {
        FUZZ_REQUIRE(memchr(out, '\0', size) != NULL);
        strcpy(text, out);
    }
    free(out);
    return status;
}

static void check_iso8601(int64_t filetime, mibtcp_status expected, size_t size_choice)
{
    char full[MIBTCP_ISO8601_SIZE + 8];
    FUZZ_REQUIRE(format_exact(filetime, MIBTCP_ISO8601_SIZE, full) == expected);
    if (expected == MIBTCP_OK) {
        int64_t parsed = 0;
        FUZZ_REQUIRE(ref_iso8601_to_filetime(full, &parsed));
        FUZZ_REQUIRE(parsed == filetime);
    } else {
        FUZZ_REQUIRE(full[0] == '\0');
    }
    char text[MIBTCP_ISO8601_SIZE + 8];
    for (size_t size = 0; size < MIBTCP_ISO8601_SIZE; ++size) {
        bool checked = size == 0 || size == MIBTCP_ISO8601_SIZE - 1u || size == size_choice % MIBTCP_ISO8601_SIZE;
        if (!FUZZ_EXHAUSTIVE && !checked) {
            continue;
        }
        mibtcp_status status = format_exact(filetime, size, text);
        if (expected == MIBTCP_OK) {
            FUZZ_REQUIRE(status == MIBTCP_ERR_OUTPUT_TRUNCATED);
            size_t kept = size > 0 ? size - 1u : 0u;
            FUZZ_REQUIRE(strlen(text) == kept && strncmp(text, full, kept) == 0);
        } else {
            FUZZ_REQUIRE(status == MIBTCP_ERR_OUTPUT_TRUNCATED || status == expected);
            FUZZ_REQUIRE(text[0] == '\0');
        }
    }
    FUZZ_REQUIRE(format_exact(filetime, MIBTCP_ISO8601_SIZE + 7, text) == expected);
    FUZZ_REQUIRE(strcmp(text, full) == 0);
}

static void check_filetime(int64_t filetime, size_t size_choice)
{
    mibtcp_status expected = expected_status(filetime);
    int64_t unix_seconds;
    uint32_t ticks;
    FUZZ_REQUIRE(mibtcp_filetime_to_unix(filetime, NULL, &ticks) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_filetime_to_unix(filetime, &unix_seconds, NULL) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_filetime_to_iso8601(filetime, NULL, MIBTCP_ISO8601_SIZE) == MIBTCP_ERR_NULL_ARGUMENT);
    check_unix(filetime, expected);
    check_iso8601(filetime, expected, size_choice);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_cursor cursor = fuzz_cursor_make(data, size);
    for (size_t i = 0; i < MAX_VALUES_PER_INPUT && cursor.left > 0; ++i) {
        uint64_t raw = fuzz_take_u64(&cursor);
        int64_t as_stored;
        memcpy(&as_stored, &raw, sizeof as_stored);
        size_t size_choice = (size_t)(raw >> 59);
        check_filetime(as_stored, size_choice);
        check_filetime((int64_t)(raw % ((uint64_t)REF_MAX_FILETIME + 1u)), size_choice);
    }
    return 0;
}
