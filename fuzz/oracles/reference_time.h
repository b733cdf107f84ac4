/* Reads back the ISO-8601 text mibtcp_filetime_to_iso8601() writes, with a
 * naive calendar (year by year, month by month), so fuzz_time can check the
 * library's fast civil-date arithmetic by a round trip. */
#ifndef MIBTCP_FUZZ_REFERENCE_TIME_H
#define MIBTCP_FUZZ_REFERENCE_TIME_H

#include <stdbool.h>
#include <stdint.h>

/* FILETIME ticks per second and the FILETIME of 1970-01-01T00:00:00Z. */
#define REF_TICKS_PER_SECOND 10000000
#define REF_UNIX_EPOCH_FILETIME INT64_C(116444736000000000)
/* 9999-12-31T23:59:59.9999999Z, the last representable instant. */
#define REF_MAX_FILETIME INT64_C(2650467743999999999)

/* Parses exactly "YYYY-MM-DDTHH:MM:SS.fffffffZ" (28 characters, years
 * 1601..9999, a real calendar date and time of day). @return false if
 * @p text is anything else. */
bool ref_iso8601_to_filetime(const char *text, int64_t *filetime);

#endif
