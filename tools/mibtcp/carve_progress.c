#include "carve_progress.h"

#include <stdio.h>
#include <time.h>

#ifdef _WIN32
#include <windows.h>
#endif

void carve_progress_init(carve_progress *p, bool enabled, uint64_t total)
{
    p->enabled = enabled;
    p->total = total;
    atomic_init(&p->done, 0);
}

void carve_progress_add(carve_progress *p, uint64_t bytes)
{
    if (p != NULL) {
        atomic_fetch_add(&p->done, bytes);
    }
}

void carve_progress_draw(carve_progress *p)
{
    if (!p->enabled) {
        return;
    }
    const uint64_t done = atomic_load(&p->done);
    const double gib = (double)p->total / (1024.0 * 1024.0 * 1024.0);
    const unsigned percent = p->total == 0 ? 100u : (unsigned)((done > p->total ? p->total : done) * 100 / p->total);
    fprintf(stderr, "\rmibtcp carve: %3u%% of %.2f GiB", percent, gib);
    fflush(stderr);
}

void carve_progress_end(carve_progress *p)
{
    if (p->enabled) {
        fputs("\r                                        \r", stderr);
        fflush(stderr);
    }
}

void carve_progress_pause(void)
{
#ifdef _WIN32
    Sleep(200);
#else
    const struct timespec fifth = {0, 200000000L};
    nanosleep(&fifth, NULL);
#endif
}
