#include <stdio.h>

#include "cli/progress.h"

#ifdef _WIN32
#include <io.h>
#include <windows.h>
static double now_seconds(void)
{
    return (double)GetTickCount64() / 1000.0;
}
static bool stderr_is_terminal(void)
{
    return _isatty(_fileno(stderr)) != 0;
}
void progress_pause(void)
{
    Sleep(200);
}
#else
#include <time.h>
#include <unistd.h>
static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
static bool stderr_is_terminal(void)
{
    return isatty(STDERR_FILENO) != 0;
}
void progress_pause(void)
{
    const struct timespec fifth = {0, 200000000L};
    nanosleep(&fifth, NULL);
}
#endif

#define METER_WIDTH 60

void progress_start(progress_meter *m, progress_choice choice, uint64_t total)
{
    *m = (progress_meter){false, false, total, 1, 0.0, 0.0};
    m->on =
        choice == PROGRESS_ON || (choice == PROGRESS_AUTO && total > PROGRESS_AUTO_THRESHOLD && stderr_is_terminal());
    m->started = m->on ? now_seconds() : 0.0;
}

static void mebibytes(char *out, size_t size, double bytes)
{
    snprintf(out, size, "%.0f MiB", bytes / 1048576.0);
}

void progress_draw(progress_meter *m, uint64_t done)
{
    const double now = now_seconds();
    if (m->drawn && now - m->last_drawn < 0.25) {
        return;
    }
    m->last_drawn = now;
    const double elapsed = now - m->started > 1e-3 ? now - m->started : 1e-3;
    const double rate = (double)done / elapsed;
    const double left = rate > 0 && m->total > done ? (double)(m->total - done) / rate : 0.0;
    char done_text[32], total_text[32], rate_text[32];
    mebibytes(done_text, sizeof done_text, (double)done);
    mebibytes(total_text, sizeof total_text, (double)m->total);
    mebibytes(rate_text, sizeof rate_text, rate);
    const double percent = m->total > 0 ? 100.0 * (double)done / (double)m->total : 100.0;
    fprintf(stderr, "\r%-*.*s", METER_WIDTH, METER_WIDTH, "");
    fprintf(stderr, "\r%s / %s (%.0f%%), %s/s, %.0f s left", done_text, total_text, percent, rate_text, left);
    fflush(stderr);
    m->drawn = true;
}

void progress_end(progress_meter *m)
{
    if (m->drawn) {
        fprintf(stderr, "\r%-*s\r", METER_WIDTH, "");
        fflush(stderr);
    }
    m->drawn = false;
}
