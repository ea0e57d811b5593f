/*
 * claimed.c — what a fetch worker's run does differently from a plain
 * fetch's (ingest.c runs both): it fetches feeds as worker.c claims them
 * (fetch_all's `more`), takes each feed in a transaction of its own that
 * commits only while the feed's lease is still the worker's (else another
 * worker has it, and what this one fetched is dropped), with the story
 * locks of its new items (store_lock_stories), its posts into the store;
 * and it renews its leases every third of the lease while it runs.
 *
 * Not here: claiming (worker.c), recognising items (ingest.c).
 */
#include "run_int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A fetch worker's unit, in a transaction of its own: still its lease
 * (else another worker has the feed, and what this one fetched is
 * dropped), the story locks of its new items, then what take_one does,
 * the post going into the store. 0 committed or dropped, -1 not. */
static int take_shared_in(run *r, job *j, const response *res, prep *p, nm_error *err)
{
    if (store_begin(r->s, err))
        return -1;
    int held = store_claim_hold(r->s, j->st.id, r->worker, err);
    if (held <= 0) {
        store_rollback(r->s);
        if (held == 0)
            r->sum->taken_over++;
        return held;
    }
    uint64_t *sh = p && p->n ? xcalloc(p->n, sizeof(*sh)) : NULL;
    size_t nsh = 0;
    for (size_t k = 0; p && k < p->n; k++)
        if (!p->items[k].known && p->items[k].simhash)
            sh[nsh++] = p->items[k].simhash;
    int rc = nsh ? store_lock_stories(r->s, sh, nsh, err) : 0;
    free(sh);
    if (rc == 0)
        rc = run_take_one(r, j, res, p, err);
    if (rc == 0 && store_commit(r->s, err) == 0)
        return 0;
    store_rollback(r->s);
    return -1;
}

/* A worker's leases (hosts and feeds) moved on every third of the lease
 * (store thread: after a unit, and every second while it waits). */
void run_renew_leases(run *r)
{
    int64_t now = (int64_t)time(NULL);
    if (now - r->renewed < r->lease / 3)
        return;
    r->renewed = now;
    nm_error err;
    if (store_claim_renew(r->s, r->worker, now + r->lease, &err))
        run_set_fatal(r, &err);
}

void run_take_shared(run *r, job *j, const response *res, prep *p)
{
    nm_error err;
    ingest_summary counts = r->pending;
    store_feed before = j->st;
    size_t nfail = r->sum->nfailures;
    if (take_shared_in(r, j, res, p, &err) == 0) {
        run_count_committed(r);
    } else {
        /* Undone; kept as the feed's failure (with its backoff) when the
         * store still answers, else the worker reconnects (worker.c). */
        r->pending = counts;
        j->st = before;
        while (r->sum->nfailures > nfail) { /* save_failure's, rolled back */
            r->sum->nfailures--;
            free(r->sum->failures[r->sum->nfailures].url);
            free(r->sum->failures[r->sum->nfailures].reason);
        }
        nm_error e2;
        response fail = {.status = res->status, .error = reason_of(&err), .retry_after = -1};
        if (take_shared_in(r, j, &fail, NULL, &e2) == 0)
            run_count_committed(r);
        else
            run_set_fatal(r, &err);
    }
    run_renew_leases(r);
}

/* Jobs and requests for n claimed feeds (fes[i], state st[i]), in a. */
static fetch_request *claimed_requests(run *r, arena *a, const feeds_entry *const *fes,
                                       const store_feed *st, size_t n)
{
    job *jobs = arena_new_array(a, job, n);
    fetch_request *reqs = arena_new_array(a, fetch_request, n);
    for (size_t i = 0; i < n; i++) {
        jobs[i] = (job){.fe = fes[i], .st = st[i], .run = r};
        reqs[i] = (fetch_request){.url = st[i].moved_to ? st[i].moved_to
                                                        : run_request_url(a, r->site, fes[i]->url),
                                  .etag = st[i].etag,
                                  .last_modified = st[i].last_modified,
                                  .user_agent = fes[i]->user_agent,
                                  .referer = fes[i]->referer,
                                  .user = &jobs[i]};
    }
    return reqs;
}

/* fetch_all's more: the worker's next claims (main thread). */
size_t run_more_requests(void *ctx, const fetch_request **out)
{
    run *r = ctx;
    pthread_mutex_lock(&r->mu);
    bool fatal = r->fatal;
    pthread_mutex_unlock(&r->mu);
    const feeds_entry *const *fes;
    const store_feed *st;
    size_t n = 0;
    if (fatal || r->more(r->more_ctx, r->more_arena, &fes, &st, &n) || n == 0)
        return 0;
    *out = claimed_requests(r, r->more_arena, fes, st, n);
    r->sum->feeds += n;
    return n;
}

int ingest_claimed(store *s, pool *pl, const ingest_opts *o, const char *worker, int64_t lease,
                   ingest_more_fn more, void *more_ctx, ingest_summary *sum, nm_error *err)
{
    run r = {.s = s, .site = o->site_dir, .sum = sum, .scratch = arena_new(0),
             .now = (int64_t)time(NULL), .worker = worker, .lease = lease, .pool = pl,
             .more = more, .more_ctx = more_ctx, .more_arena = arena_new(0)};
    r.renewed = r.now;
    r.config = arena_new(1024);
    mirror_limits limits;
    r.mirror = ingest_config_images(r.config, o->site_dir, &limits);
    r.comments = ingest_config_comments(r.config, o->site_dir);
    r.default_image = ingest_config_key(r.config, o->site_dir, "default_image");
    pthread_mutex_init(&r.mu, NULL);
    pthread_cond_init(&r.ready_cv, NULL);
    pthread_cond_init(&r.taken_cv, NULL);
    int rc = run_fetch_jobs(&r, NULL, 0, o, err);
    arena_free(r.more_arena);
    arena_free(r.scratch);
    arena_free(r.config);
    pthread_cond_destroy(&r.ready_cv);
    pthread_cond_destroy(&r.taken_cv);
    pthread_mutex_destroy(&r.mu);
    return rc;
}

