/*
 * worker.c — `newsmill fetch --worker`: one of several fetch processes,
 * on one machine or many, sharing a site's PostgreSQL store.
 *
 * The loop: register feeds.yml's feeds (and their hosts) in the store;
 * then a run (ingest_claimed) that claims as it goes: whenever at most
 * half of -j transfers are running, claim_more asks the store for up to
 * -j/2 more due feeds, 2 of a host (store_claim: free hosts first, then
 * its own hosts that have nothing in flight — so that a host sees at most
 * 2 requests at once whatever the number of workers), on a connection of
 * its own; the store thread commits each feed in a transaction of its own,
 * only while its lease is still this worker's, posts into the store. When
 * a claim finds nothing, the next waits IDLE_WAIT_MS; the run ends when
 * nothing runs and nothing is claimable, and the leases go back. Then, if
 * feeds are still due but leased to others, it waits and runs again: a
 * worker that died or froze loses its leases when they expire, and the
 * waiting workers take its feeds over. After each run's feeds come the
 * article pages and then the images (images: mirror) of the posts kept in
 * the store, from the hosts it can lease (page.c, images.c, kept.c), as a
 * plain fetch does them after its feeds. It ends when no feed is due and
 * no page or image is due on a host another worker holds.
 *
 * Politeness lives in the store, not in the process: a host's row is
 * leased to one worker at a time (FOR UPDATE SKIP LOCKED, so that two
 * workers claiming at once pass over each other's hosts instead of
 * waiting). Advisory locks per host would do the first half, but a
 * session's locks outlive its process when that process is frozen
 * (SIGSTOP), and would never expire; a lease does.
 *
 * Exactly once: see store_lock_stories (store.h) — one advisory lock per
 * story bucket (a SimHash band and its value), taken in ascending order
 * inside the feed's transaction before its similarity checks. Per bucket,
 * not per band: a band lock would serialise every worker on 4 locks;
 * buckets make two units wait only when they may hold the same story.
 *
 * Reconnecting: a store error ends the batch (its uncommitted feed is
 * undone and stays due); the worker closes the store, opens it again
 * with backoff (0.5 s doubling to 8 s, for up to 2 minutes: the server
 * restarting), which prepares every statement anew, gives back its old
 * leases and goes on.
 *
 * Not here: fetching and recognising items (ingest.c), SQL (store_pg.c).
 */
#include "ingest_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PER_HOST 2             /* feeds of one host in a claim (fetch's per_host) */
#define IDLE_WAIT_MS 250       /* feeds due but all leased: look again after */
#define SHORT_WAIT_MS 100      /* a claim got fewer than it asked: the next after */
#define RECONNECT_FOR 120      /* seconds of failed reconnects before giving up */

typedef struct by_url {
    const char *url;
    const feeds_entry *fe;
} by_url;

static int cmp_url(const void *a, const void *b)
{
    return strcmp(((const by_url *)a)->url, ((const by_url *)b)->url);
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Opens the store for a worker: a PostgreSQL one, the session's idle
 * limit set, the feeds registered, leases of an earlier life of this
 * worker given back. */
static int connect_store(const ingest_opts *o, const char *name, int lease, const by_url *urls,
                         size_t n, store **out, nm_error *err)
{
    store *s;
    if (store_open(o->site_dir, &s, err))
        return -1;
    if (!store_shared(s)) {
        nm_fail(err, store_where(s), 0,
                "fetch --worker needs a PostgreSQL store (newsmill: store: postgresql://... "
                "in _config.yml, or NEWSMILL_STORE); this site's is %s", store_backend(s));
        store_close(s);
        return -2;
    }
    arena *a = arena_new(0);
    const char **u = arena_new_array(a, const char *, n + 1);
    const char **h = arena_new_array(a, const char *, n + 1);
    for (size_t i = 0; i < n; i++) {
        u[i] = urls[i].url;
        const char *host = url_host(a, urls[i].url); /* NULL: file: */
        h[i] = host ? host : "";
    }
    /* idle inside a transaction for a third of the lease: frozen */
    int rc = store_worker_session(s, lease / 3 > 1 ? lease / 3 : 1, err) ||
             store_feeds_register(s, u, h, n, err) || store_claim_end(s, name, err)
                 ? -1 : 0;
    arena_free(a);
    if (rc) {
        store_close(s);
        return -1;
    }
    *out = s;
    return 0;
}

/* What claims feeds while a run goes, on a connection of its own (the
 * store thread has the other). */
typedef struct claimer {
    store *s;
    const feeds_list *feeds;
    const char *name;
    int lease, jobs;
    const by_url *urls;
    size_t nurls;
    int64_t next_ms;           /* no claim before (monotonic ms) */
    int64_t seen;              /* when the worker last said it is alive */
    nm_error err;
} claimer;

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ingest_more_fn: up to -j/2 more feeds, 2 of a host; none when the last
 * claim found nothing less than IDLE_WAIT_MS ago, or fewer than it asked
 * less than SHORT_WAIT_MS ago. */
static int claim_more(void *ctx, arena *a, const feeds_entry *const **fes_out,
                      const store_feed **st_out, size_t *nout)
{
    claimer *c = ctx;
    *nout = 0;
    if (now_ms() < c->next_ms)
        return 0;
    int64_t now = (int64_t)time(NULL);
    if (now - c->seen >= 10) {
        if (store_worker_seen(c->s, c->name, now, &c->err))
            return -1;
        c->seen = now;
    }
    int want = c->jobs / 2 > PER_HOST ? c->jobs / 2 : PER_HOST;
    store_feed *claimed;
    size_t n;
    if (store_claim(c->s, c->name, now, now + c->lease, (want + PER_HOST - 1) / PER_HOST,
                    PER_HOST, a, &claimed, &n, &c->err))
        return -1;
    /* A short claim means hosts are busy: the next one waits a little,
     * else every transfer's end would ask the store again. */
    int hosts = (want + PER_HOST - 1) / PER_HOST;
    c->next_ms = now_ms() + (n == 0 ? IDLE_WAIT_MS : n < (size_t)hosts * PER_HOST ? SHORT_WAIT_MS : 0);
    const feeds_entry **fes = n ? arena_new_array(a, const feeds_entry *, n) : NULL;
    store_feed *st = n ? arena_new_array(a, store_feed, n) : NULL;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        by_url key = {.url = claimed[i].url};
        const by_url *hit = bsearch(&key, c->urls, c->nurls, sizeof(*c->urls), cmp_url);
        if (hit) {
            fes[m] = hit->fe;
            st[m++] = claimed[i];
            continue;
        }
        /* In the store but not in this worker's feeds.yml (removed, or
         * disabled): not fetched, and not due again for a day. */
        log_warn("%s: in the store but not an enabled feed of feeds.yml; not fetched (due "
                 "again in a day)", claimed[i].url);
        claimed[i].next_due = now + 86400;
        if (store_feed_put(c->s, &claimed[i], &c->err))
            return -1;
    }
    *fes_out = fes;
    *st_out = st;
    *nout = m;
    return 0;
}

/* After the feeds, as a plain fetch does: a round of article pages, then
 * one of images (newsmill.images: mirror), of the posts kept in the
 * store, from the hosts this worker can lease (page.c, images.c,
 * kept.c). *busy: rows left due because their hosts are another
 * worker's; *did: something was fetched or written. */
static int after_feeds(store *s, const claimer *c, const ingest_opts *o, ingest_summary *sum,
                       size_t *busy, bool *did, nm_error *err)
{
    arena *config = arena_new(1024);
    page_opts po;
    images_opts io;
    bool mirror;
    ingest_after_opts(config, o, (int64_t)time(NULL), &po, &io, &mirror);
    sum->mirror = mirror;
    po.worker = io.worker = c->name;
    po.lease = io.lease = c->lease;
    page_summary ps;
    int rc = page_run(s, c->feeds, &po, &ps, err);
    page_summary_add(&sum->pages, &ps);
    *busy = ps.busy;
    *did = ps.fetched || ps.full || ps.kept || ps.gave_up;
    if (rc == 0 && mirror) {
        images_summary is;
        io.now = (int64_t)time(NULL);
        rc = images_run(s, c->feeds, &io, &is, err);
        images_summary_add(&sum->images, &is);
        *busy += is.busy;
        *did |= is.fetched || is.posts;
    }
    arena_free(config);
    return rc;
}

/* One run: claims and fetches feeds as long as there is something to
 * claim, then the pages and images that are due. 1 when there is nothing
 * left to do, 0 when it should go on, -1 on a store error. */
static int one_run(store *s, claimer *c, pool *pl, const ingest_opts *o, ingest_summary *sum,
                   nm_error *err)
{
    size_t before = sum->feeds;
    c->next_ms = 0;
    int rc = ingest_claimed(s, pl, o, c->name, c->lease, claim_more, c, sum, err);
    if (rc == 0 && c->err.msg[0])
        rc = -1, *err = c->err; /* the claims' connection failed */
    if (rc == 0 && store_claim_end(c->s, c->name, err))
        rc = -1;
    size_t busy = 0;
    bool did = false;
    if (rc == 0)
        rc = after_feeds(s, c, o, sum, &busy, &did, err);
    if (rc || sum->feeds > before || did)
        return rc;
    int64_t due = store_feeds_due(c->s, (int64_t)time(NULL));
    if (due < 0)
        return nm_fail(err, store_where(s), 0, "cannot count the feeds due");
    if (due == 0 && busy == 0)
        return 1;
    sleep_ms(IDLE_WAIT_MS); /* due, but leased to others: wait for them */
    return 0;
}

int ingest_worker(const feeds_list *feeds, const ingest_opts *o, const worker_opts *w,
                  ingest_summary *sum, nm_error *err)
{
    memset(sum, 0, sizeof(*sum));
    int lease = w->lease > 0 ? w->lease : 60;
    char name[256];
    if (w->name) {
        snprintf(name, sizeof(name), "%s", w->name);
    } else {
        char host[128] = "";
        gethostname(host, sizeof(host) - 1);
        unsigned rnd = (unsigned)(time(NULL) ^ ((uint64_t)getpid() << 16) ^ (uintptr_t)&rnd);
        snprintf(name, sizeof(name), "%s:%d:%04x", host, (int)getpid(), rnd & 0xffff);
    }
    by_url *urls = xcalloc(feeds->n + 1, sizeof(*urls));
    size_t nurls = 0;
    for (size_t i = 0; i < feeds->n; i++)
        if (feeds->entries[i].enabled)
            urls[nurls++] = (by_url){feeds->entries[i].url, &feeds->entries[i]};
    qsort(urls, nurls, sizeof(*urls), cmp_url);
    store *s = NULL;
    claimer c = {.name = name, .lease = lease, .urls = urls, .nurls = nurls, .feeds = feeds,
                 .jobs = o->concurrency > 0 ? o->concurrency : 8};
    int rc = connect_store(o, name, lease, urls, nurls, &s, err);
    if (rc == 0 && (rc = store_open(o->site_dir, &c.s, err)) != 0) {
        store_close(s);
        s = NULL;
    }
    pool *pl = rc == 0 ? pool_new(0) : NULL;
    time_t failing_since = 0;
    long backoff = 500;
    while (rc == 0) {
        nm_error_clear(&c.err);
        int b;
        if (s && c.s)
            b = one_run(s, &c, pl, o, sum, err);
        else if ((b = connect_store(o, name, lease, urls, nurls, &s, err)) == 0 &&
                 (b = store_open(o->site_dir, &c.s, err)) != 0) {
            store_close(s);
            s = NULL;
        }
        if (b == 1)
            break;
        if (b == 0) {
            failing_since = 0;
            backoff = 500;
            continue;
        }
        if (b == -2) { /* no longer a shared store: nothing to retry */
            rc = -1;
            break;
        }
        /* The store failed: the server restarting, a network cut. */
        if (!failing_since)
            failing_since = time(NULL);
        else if (time(NULL) - failing_since > RECONNECT_FOR) {
            rc = -1;
            break;
        }
        log_warn("%s; reconnecting in %.1f s", err->msg, (double)backoff / 1000);
        if (s || c.s) {
            store_close(s);
            store_close(c.s);
            s = c.s = NULL;
            pool_free(pl); /* its threads' read connections are dead too */
            pl = pool_new(0);
            sum->reconnects++;
        }
        sleep_ms(backoff);
        backoff = backoff * 2 > 8000 ? 8000 : backoff * 2;
    }
    if (c.s && rc == 0)
        store_claim_end(c.s, name, err);
    if (pl)
        pool_free(pl);
    store_close(s);
    store_close(c.s);
    free(urls);
    return rc ? -1 : 0;
}
