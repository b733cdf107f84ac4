/* When the rows were seen: the time the timeline formats give rows that
 * have no creation time of their own. Taken from --observed (ISO 8601),
 * else from a minidump's TimeDateStamp, else from the input file's
 * modification time; the source is named in the output, so an analyst
 * knows how far to trust it. */
#ifndef MIBTCP_TOOL_OBSERVED_TIME_H
#define MIBTCP_TOOL_OBSERVED_TIME_H

#include <stdbool.h>
#include <stdint.h>

typedef enum observed_source {
    OBSERVED_NONE,       /* no time: standard input without --observed, or a file time out of bounds */
    OBSERVED_OPTION,     /* --observed TIME */
    OBSERVED_MINIDUMP,   /* the minidump header's TimeDateStamp: when the dump was written */
    OBSERVED_FILE_MTIME, /* the input file's modification time */
    OBSERVED_MANIFEST,   /* captured_utc of the manifest.json `mibtcp capture` wrote beside the file */
} observed_source;

typedef struct observed_time {
    observed_source source;
    int64_t filetime; /* meaningful unless source is OBSERVED_NONE */
} observed_time;

/* "option", "minidump", "file_mtime", "manifest", or "none". */
const char *observed_source_name(observed_source source);

/* ISO 8601: YYYY-MM-DD (midnight UTC), or YYYY-MM-DDTHH:MM[:SS[.fraction]]
 * followed by Z or +HH:MM / -HH:MM ('T' may be a space). A time of day
 * without a zone is refused: it would mean the local time of some unknown
 * machine. Digits past 100 ns are cut. False on anything else. */
bool observed_time_parse(const char *text, int64_t *filetime);

/* Whether a FILETIME may stand on a timeline: from 1995-01-01 up to, not
 * including, 2100-01-01 UTC, the bounds within which `check` accepts a
 * creation time (lib/src/common/plausible.h; tests/tool/cli/cli_clients.py holds the
 * two to the same values). */
bool filetime_plausible(int64_t filetime);

/* The FILETIME of a Unix time (seconds since 1970, UTC). */
int64_t observed_filetime_from_unix(int64_t unix_seconds);

#endif
