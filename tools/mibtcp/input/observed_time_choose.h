/* Where an input's observed time comes from: --observed, a minidump's
 * TimeDateStamp, or the input file's modification time. */
#ifndef MIBTCP_TOOL_OBSERVED_TIME_CHOOSE_H
#define MIBTCP_TOOL_OBSERVED_TIME_CHOOSE_H

#include "common/observed_time.h"

/* The time for input `path` ("-": standard input) whose first len bytes
 * are `bytes` (NULL: not an image): `option` when given (already parsed
 * into option_filetime), else a minidump's TimeDateStamp, else the file's
 * mtime, each only when it is plausible; else none. */
observed_time observed_time_choose(bool has_option, int64_t option_filetime, const uint8_t *bytes, uint64_t len,
                                   const char *path);

#endif
