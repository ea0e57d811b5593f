/*
 * xmalloc.c — allocation that never returns NULL.
 *
 * newsmill treats memory exhaustion as fatal, as tmux and OpenBSD do: there
 * is nothing sensible a feed reader can do without memory, and threading an
 * out-of-memory path through every caller makes code worse, not safer.
 * Input-driven growth is bounded elsewhere (nm_buf caps, parser limits).
 */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void nm_die(const char *fmt, ...)
{
    va_list ap;
    fputs("newsmill: fatal: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        nm_die("out of memory (%zu bytes)", n);
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        nm_die("out of memory (%zu x %zu bytes)", count, size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        nm_die("out of memory (%zu bytes)", n);
    return q;
}

char *xstrndup(const char *s, size_t n)
{
    char *d = xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}
