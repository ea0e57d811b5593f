/*
 * progress.c — a progress bar for long work, on a terminal only.
 *
 * Drawn on stderr with \r when stderr is a TTY, progress is enabled and
 * the log is not quiet; otherwise every call is a cheap no-op, so scripts
 * and CI logs never see control characters. Counters are atomic so worker
 * threads can report; whoever passes the redraw deadline draws.
 */
#include "util.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct progress {
    char label[64];
    uint64_t total;
    atomic_uint_fast64_t done;
    atomic_llong next_draw_ms;
    time_t started;
};

static bool enabled = true;
static atomic_bool line_dirty;

void progress_enable(bool on)
{
    enabled = on;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Called by log.c with stderr locked. */
void progress_clear_line(void)
{
    if (atomic_exchange(&line_dirty, false))
        fputs("\r\033[K", stderr);
}

progress *progress_start(const char *label, uint64_t total)
{
    if (!enabled || log_get_level() == LOG_QUIET || !isatty(STDERR_FILENO))
        return NULL;
    progress *p = xcalloc(1, sizeof(*p));
    snprintf(p->label, sizeof(p->label), "%s", label);
    p->total = total;
    atomic_init(&p->done, 0);
    atomic_init(&p->next_draw_ms, 0);
    return p;
}

static void draw(progress *p, uint64_t done)
{
    char bar[32];
    int width = 24, fill = 0;
    if (p->total)
        fill = (int)((done > p->total ? p->total : done) * (uint64_t)width / p->total);
    memset(bar, '#', (size_t)fill);
    memset(bar + fill, '-', (size_t)(width - fill));
    bar[width] = '\0';
    flockfile(stderr);
    if (p->total)
        fprintf(stderr, "\r\033[K%s [%s] %llu/%llu", p->label, bar, (unsigned long long)done,
                (unsigned long long)p->total);
    else
        fprintf(stderr, "\r\033[K%s %llu", p->label, (unsigned long long)done);
    atomic_store(&line_dirty, true);
    funlockfile(stderr);
}

void progress_add(progress *p, uint64_t n)
{
    if (!p)
        return;
    uint64_t done = atomic_fetch_add(&p->done, n) + n;
    long long now = now_ms(), next = atomic_load(&p->next_draw_ms);
    if (now >= next && atomic_compare_exchange_strong(&p->next_draw_ms, &next, now + 100))
        draw(p, done);
}

void progress_finish(progress *p)
{
    if (!p)
        return;
    flockfile(stderr);
    progress_clear_line();
    funlockfile(stderr);
    free(p);
}
