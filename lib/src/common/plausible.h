/* Values that separate real table contents from garbage, shared by the
 * findings walk (which reports them), and detection and carving (which
 * weigh them). */
#ifndef MIBTCP_PLAUSIBLE_H
#define MIBTCP_PLAUSIBLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mibtcp_fast.h"

/* FILETIMEs of 1995-01-01T00:00:00Z and 2100-01-01T00:00:00Z: outside this
 * window a creation time is more likely garbage than a real bind time. */
#define FILETIME_1995 INT64_C(124333920000000000)
#define FILETIME_2100 INT64_C(157469184000000000)
#define TCP_STATE_LISTEN 2u

/* Unset addresses, clean padding and empty module info are all-zero bytes.
 * Eight at a time: carving asks this of every candidate row's addresses. */
static inline bool mibtcpi_all_zero(const uint8_t *p, size_t n)
{
    uint64_t any = 0;
    size_t i = 0;
    for (; n - i >= 8; i += 8) {
        any |= mibtcp_load_le64(p + i);
    }
    for (; i < n; i++) {
        any |= p[i];
    }
    return any == 0;
}

#endif
