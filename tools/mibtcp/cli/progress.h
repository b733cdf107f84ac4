/* A one-line meter on stderr for long runs: bytes done of the total, rate
 * and time left, redrawn a few times a second and erased when done. On by
 * default only when stderr is a terminal and the input is over 64 MiB. */
#ifndef MIBTCP_TOOL_PROGRESS_H
#define MIBTCP_TOOL_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

#define PROGRESS_AUTO_THRESHOLD (UINT64_C(64) << 20)

typedef enum progress_choice { PROGRESS_AUTO, PROGRESS_ON, PROGRESS_OFF } progress_choice;

typedef struct progress_meter {
    bool on;
    bool drawn;
    uint64_t total;
    uint32_t countdown; /* ticks until the clock is looked at again */
    double started, last_drawn;
} progress_meter;

void progress_start(progress_meter *m, progress_choice choice, uint64_t total);
void progress_draw(progress_meter *m, uint64_t done);
/* Erases the meter, if it was drawn. */
void progress_end(progress_meter *m);
/* Sleeps about a fifth of a second: the pace of a thread that only watches
 * other threads' progress. */
void progress_pause(void);

/* Cheap enough for every row: looks at the clock every 16384 calls. */
static inline void progress_tick(progress_meter *m, uint64_t done)
{
    if (m != NULL && m->on && --m->countdown == 0) {
        m->countdown = 16384;
        progress_draw(m, done);
    }
}

#endif
