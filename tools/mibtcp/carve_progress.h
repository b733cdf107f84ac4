/* "mibtcp carve: 37% of 2.0 GiB" on stderr while workers scan: they count
 * bytes, the main thread redraws the line a few times a second. */
#ifndef MIBTCP_TOOL_CARVE_PROGRESS_H
#define MIBTCP_TOOL_CARVE_PROGRESS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct carve_progress {
    bool enabled;
    uint64_t total;
    atomic_uint_fast64_t done;
} carve_progress;

void carve_progress_init(carve_progress *p, bool enabled, uint64_t total);
/* Thread-safe; p may be NULL. */
void carve_progress_add(carve_progress *p, uint64_t bytes);
void carve_progress_draw(carve_progress *p);
/* Erase the line. */
void carve_progress_end(carve_progress *p);
/* Sleep about a fifth of a second between redraws. */
void carve_progress_pause(void);

#endif
