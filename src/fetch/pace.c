/*
 * pace.c — politeness to each host: how many transfers at once, how far
 * apart their starts, and a host's Retry-After.
 *
 * libcurl can cap connections per host, but it cannot space requests in
 * time or stop sending to a host that answered 429: a request it holds
 * back still starts the moment a connection frees. So when a fetch asks
 * for pacing, http.c hands requests to the multi handle only when
 * pace_next() says so, and tells pace_done() when each ends.
 *
 * The state is a list of hosts, each with its queue of request indices
 * (list order). pace_next() looks at the head of every queue; with the
 * few hosts of one site's article pages that linear scan is cheap, and
 * feeds (thousands of hosts) do not use pacing.
 *
 * Not here: the transfers themselves (http.c), retries across runs (the
 * caller's, with the store).
 */
#include "fetch_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct pace_host {
    const char *name;
    size_t *queue;            /* request indices not yet handed out */
    size_t head, n, cap;
    int active;
    int64_t next_start;       /* no start before (ms) */
    int64_t blocked_until;    /* Retry-After (ms), 0 none */
} pace_host;

/* One remembered host of a fetch_hosts. */
typedef struct host_memory {
    char *name;
    int64_t next_start, blocked_until;
} host_memory;

struct fetch_hosts {
    host_memory *v;
    size_t n, cap;
};

fetch_hosts *fetch_hosts_new(void) { return xcalloc(1, sizeof(fetch_hosts)); }

void fetch_hosts_free(fetch_hosts *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->n; i++)
        free(h->v[i].name);
    free(h->v);
    free(h);
}

static host_memory *remember(fetch_hosts *h, const char *name, bool create)
{
    for (size_t i = 0; i < h->n; i++)
        if (strcmp(h->v[i].name, name) == 0)
            return &h->v[i];
    if (!create)
        return NULL;
    if (h->n == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 8;
        h->v = xrealloc(h->v, h->cap * sizeof(*h->v));
    }
    host_memory *m = &h->v[h->n++];
    *m = (host_memory){.name = xstrdup(name)};
    return m;
}

struct pace {
    arena *a;
    fetch_hosts *memory;      /* the caller's, or NULL */
    pace_host *hosts;
    size_t nhosts;
    size_t *host_of;          /* request index -> host index */
    size_t left;              /* requests not yet handed out */
    int per_host;
    int64_t interval_ms;
    int64_t max_wait_ms;
};

pace *pace_new(const fetch_request *reqs, size_t n, const fetch_opts *o)
{
    pace *p = xcalloc(1, sizeof(*p));
    p->a = arena_new(0);
    p->memory = o->hosts;
    p->per_host = o->per_host > 0 ? o->per_host : 2;
    p->interval_ms = o->host_interval_ms > 0 ? o->host_interval_ms : 0;
    p->max_wait_ms = (int64_t)(o->max_wait > 0 ? o->max_wait : 0) * 1000;
    p->host_of = arena_new_array(p->a, size_t, n + 1);
    p->hosts = arena_new_array(p->a, pace_host, n + 1);
    p->left = n;
    for (size_t i = 0; i < n; i++) {
        const char *name = url_host(p->a, reqs[i].url);
        if (!name)
            name = ""; /* file: and the like: one queue */
        size_t h = 0;
        while (h < p->nhosts && strcmp(p->hosts[h].name, name) != 0)
            h++;
        if (h == p->nhosts) {
            memset(&p->hosts[h], 0, sizeof(p->hosts[h]));
            p->hosts[h].name = name;
            const host_memory *m = o->hosts ? remember(o->hosts, name, false) : NULL;
            if (m) {
                p->hosts[h].next_start = m->next_start;
                p->hosts[h].blocked_until = m->blocked_until;
            }
            p->nhosts++;
        }
        pace_host *ph = &p->hosts[h];
        if (ph->n == ph->cap) {
            ph->cap = ph->cap ? ph->cap * 2 : 8;
            ph->queue = xrealloc(ph->queue, ph->cap * sizeof(size_t));
        }
        ph->queue[ph->n++] = i;
        p->host_of[i] = h;
    }
    return p;
}

void pace_free(pace *p)
{
    if (!p)
        return;
    for (size_t h = 0; h < p->nhosts; h++) {
        if (p->memory) {
            host_memory *m = remember(p->memory, p->hosts[h].name, true);
            m->next_start = p->hosts[h].next_start;
            m->blocked_until = p->hosts[h].blocked_until;
        }
        free(p->hosts[h].queue);
    }
    arena_free(p->a);
    free(p);
}

pace_verdict pace_next(pace *p, int64_t now_ms, size_t *idx, int64_t *wait_ms, int64_t *wait_s)
{
    if (p->left == 0)
        return PACE_EMPTY;
    int64_t soonest = -1;
    for (size_t h = 0; h < p->nhosts; h++) {
        pace_host *ph = &p->hosts[h];
        if (ph->head == ph->n)
            continue;
        if (ph->blocked_until > now_ms && ph->blocked_until - now_ms > p->max_wait_ms) {
            /* Waiting that long is the next run's business. */
            *idx = ph->queue[ph->head++];
            *wait_s = (ph->blocked_until - now_ms + 999) / 1000;
            p->left--;
            return PACE_REFUSE;
        }
        if (ph->active >= p->per_host)
            continue;
        int64_t at = ph->next_start > ph->blocked_until ? ph->next_start : ph->blocked_until;
        if (at > now_ms) {
            if (soonest < 0 || at - now_ms < soonest)
                soonest = at - now_ms;
            continue;
        }
        *idx = ph->queue[ph->head++];
        ph->active++;
        ph->next_start = now_ms + p->interval_ms;
        p->left--;
        return PACE_START;
    }
    *wait_ms = soonest;
    return PACE_WAIT;
}

void pace_done(pace *p, size_t idx, int64_t now_ms, int64_t retry_after_s)
{
    pace_host *ph = &p->hosts[p->host_of[idx]];
    if (ph->active > 0)
        ph->active--;
    if (retry_after_s >= 0) {
        int64_t until = now_ms + retry_after_s * 1000;
        if (until > ph->blocked_until)
            ph->blocked_until = until;
    }
}
