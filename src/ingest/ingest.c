/*
 * ingest.c — the fetch job: schedule, fetch, parse, clean, recognise,
 * export, remember.
 *
 * Three kinds of threads, so that the network, the CPU and the disk work
 * at once:
 *   - the calling thread runs the transfers (fetch_all) and hands each
 *     finished one on as a unit (take_feed); a body goes to
 *   - the thread pool (prep.c: parse, clean, render, write the post's temp
 *     file), and every unit then goes, in the order the transfers
 *     finished, to
 *   - the store thread, which alone talks to the store's write side: it
 *     decides what is new, inserts rows and adds posts to the batch. One
 *     feed is one unit of work (a savepoint); a batch of feeds is
 *     committed after its files are in place (see export.c for the order
 *     that makes a kill harmless). While it syncs and commits, transfers
 *     and the pool go on.
 * The number of units on their way is bounded, so memory is.
 *
 * Recognising an item, cheapest test first:
 *   1. its ident (guid, else canonical link, else title+date) is known in
 *      this feed, as an item or an alias: seen, nothing to do;
 *   2. its guid is new but an item of this feed has the same canonical
 *      link and the same content (hash equal or SimHash within 3 bits): an
 *      edited guid, recorded as an alias;
 *   3. an item of another feed within 3 days has a SimHash within 3 bits:
 *      the same story, recorded as an alias (a duplicate);
 *   4. otherwise it is new and becomes a post.
 *
 * Not here: HTTP (fetch.h), the post format (post.h), the HTML rules
 * (html.h), what a fetch worker's run does differently (claimed.c), the
 * config's keys (config.c), the pages and images after the feeds (page.c,
 * images.c).
 */
#include "run_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "feed/feed.h"
#include "fetch/fetch.h"
#include "html/html.h"

#define MAX_INTERVAL (24 * 3600)

/* ---- small helpers ------------------------------------------------------ */

void run_add_failure(run *r, const char *url, const char *reason)
{
    ingest_summary *s = r->sum;
    if (s->nfailures == s->failures_cap) {
        s->failures_cap = s->failures_cap ? s->failures_cap * 2 : 16;
        s->failures = xrealloc(s->failures, s->failures_cap * sizeof(*s->failures));
    }
    s->failures[s->nfailures].url = xstrdup(url);
    s->failures[s->nfailures].reason = xstrdup(reason);
    s->nfailures++;
    r->pending.failed++;
}

/* The run cannot go on writing (store thread); the transfers stop
 * handing units on. */
void run_set_fatal(run *r, const nm_error *err)
{
    pthread_mutex_lock(&r->mu);
    r->fatal = true;
    r->fatal_err = *err;
    pthread_mutex_unlock(&r->mu);
}

char *ingest_charset_of(arena *a, const char *content_type)
{
    if (!content_type)
        return NULL;
    const char *p = strstr(content_type, "charset=");
    if (!p)
        return NULL;
    p += 8;
    if (*p == '"')
        p++;
    size_t n = strcspn(p, "\"; ");
    return n ? arena_strndup(a, p, n) : NULL;
}

static int effective_interval(const feeds_entry *fe, int ttl_minutes)
{
    int64_t s = (int64_t)fe->interval_min * 60;
    int64_t t = (int64_t)ttl_minutes * 60;
    if (t > s)
        s = t < MAX_INTERVAL ? t : MAX_INTERVAL;
    return (int)s;
}


static int save_failure(run *r, job *j, int status, const char *reason, int64_t retry_after)
{
    store_feed *st = &j->st;
    st->last_fetch = r->now;
    st->last_status = status;
    st->error_count++;
    st->last_error = reason;
    st->next_due = r->now + ingest_backoff(j->fe->interval_min, st->error_count, retry_after);
    run_add_failure(r, j->fe->url, reason);
    nm_error err;
    if (store_feed_put(r->s, st, &err)) {
        log_nm_error(&err);
        return -1;
    }
    return 0;
}

/* The counts of committed units go into the summary. */
void run_count_committed(run *r)
{
    ingest_summary *s = r->sum, *p = &r->pending;
    s->ok += p->ok;
    s->not_modified += p->not_modified;
    s->failed += p->failed;
    s->new_posts += p->new_posts;
    s->duplicates += p->duplicates;
    s->seen += p->seen;
    s->taken_over += p->taken_over;
    memset(p, 0, sizeof(*p));
}

/* Writes the batch's posts, then commits its rows (export.c explains the
 * order). */
static int flush(run *r)
{
    if (!r->in_txn)
        return 0;
    nm_error err;
    if (export_batch_write(r->site, &r->batch, &err) || store_commit(r->s, &err)) {
        store_rollback(r->s);
        r->in_txn = false;
        run_set_fatal(r, &err);
        export_batch_truncate(&r->batch, 0);
        return -1;
    }
    export_journal_done(r->site);
    r->in_txn = false;
    run_count_committed(r);
    export_batch_truncate(&r->batch, 0);
    r->batch_feeds = 0;
    return 0;
}

/* ---- recognising items ---------------------------------------------------- */

/* 1 when seen (alias recorded if new), 0 when new, -1 on error. */
static int recognise(run *r, job *j, const prep_item *it, size_t *dups, nm_error *err)
{
    if (it->guid && it->link) {
        store_item old;
        int rc = store_item_by_link(r->s, j->st.id, it->link, r->scratch, &old, err);
        if (rc < 0)
            return -1;
        if (rc == 1 && (old.content_hash == it->content_hash ||
                        (it->simhash && old.simhash &&
                         __builtin_popcountll(old.simhash ^ it->simhash) <= SIMHASH_MAX_DIST))) {
            (*dups)++;
            return store_alias_add(r->s, old.id, j->st.id, it->ident, err) ? -1 : 1;
        }
    }
    if (it->simhash) {
        int64_t other;
        int rc = store_item_similar(r->s, j->st.id, it->simhash, SIMHASH_MAX_DIST, it->item_time,
                                    SIMHASH_WINDOW, &other, err);
        if (rc < 0)
            return -1;
        if (rc == 1) {
            (*dups)++;
            return store_alias_add(r->s, other, j->st.id, it->ident, err) ? -1 : 1;
        }
    }
    return 0;
}

/* What a new item leaves for the steps after the feeds: its images to
 * mirror, its article page to fetch. */
static int after_feed(run *r, const store_item *row, const prep_item *it, nm_error *err)
{
    if (r->mirror && store_post_images_add(r->s, row->id, 0, err))
        return -1;
    if (it->page_url) {
        store_page pg = {.item_id = row->id, .url = it->page_url,
                         .feed_chars = it->feed_chars, .flags = it->page_flags};
        if (store_page_add(r->s, &pg, err))
            return -1;
    }
    return 0;
}

/* Recognises the prepared entries of one feed, inserts the rows of the
 * new ones and moves their posts into the batch (inside the caller's
 * savepoint). */
static int take_entries(run *r, job *j, prep *p, nm_error *err)
{
    size_t nnew = 0, dups = 0, seen = 0;
    for (size_t k = 0; k < p->n; k++) {
        prep_item *it = &p->items[k];
        if (r->worker) { /* the same questions in one round trip (store.h) */
            if (it->known) {
                seen++;
                continue;
            }
            store_item row = {.feed_id = j->st.id, .ident = it->ident, .guid = it->guid,
                              .link = it->link, .content_hash = it->content_hash,
                              .simhash = it->simhash, .post_path = it->path,
                              .item_time = it->item_time, .first_seen = r->now};
            int rc = store_item_take(r->s, &row, it->bytes, it->nbytes, SIMHASH_MAX_DIST,
                                     SIMHASH_WINDOW, err);
            if (rc < 0)
                return -1;
            *(rc == 0 ? &nnew : rc == 1 ? &seen : &dups) += 1;
            if (rc == 0 && (r->mirror || it->page_url) &&
                (store_item_known(r->s, j->st.id, it->ident, &row.id, err) != 1 ||
                 after_feed(r, &row, it, err)))
                return -1;
            continue;
        }
        /* Again here: the pool saw only committed rows, not this batch's. */
        int known = it->known ? 1 : store_item_known(r->s, j->st.id, it->ident, NULL, err);
        if (known < 0)
            return -1;
        if (known) {
            seen++;
            continue;
        }
        int rc = recognise(r, j, it, &dups, err);
        if (rc < 0)
            return -1;
        if (rc == 1)
            continue;
        store_item row = {.feed_id = j->st.id, .ident = it->ident, .guid = it->guid,
                          .link = it->link, .content_hash = it->content_hash,
                          .simhash = it->simhash, .post_path = it->path,
                          .item_time = it->item_time, .first_seen = r->now};
        if (store_item_add(r->s, &row, err) || after_feed(r, &row, it, err))
            return -1;
        export_batch_add(&r->batch, it->path, it->tmp);
        it->tmp = NULL;
        nnew++;
    }
    j->st.ttl_minutes = p->ttl_minutes;
    j->st.next_due = r->now + effective_interval(j->fe, p->ttl_minutes);
    if (store_feed_put(r->s, &j->st, err))
        return -1;
    r->pending.new_posts += nnew;
    r->pending.duplicates += dups;
    r->pending.seen += seen;
    return 0;
}

/* Everything one finished feed means for the store. Returns -1 only when
 * the store failed (the caller undoes the feed's unit). */
int run_take_one(run *r, job *j, const response *res, prep *p, nm_error *err)
{
    if (!res->ok)
        return save_failure(r, j, res->status, res->error, res->retry_after);
    store_feed *st = &j->st;
    store_feed before = *st;
    st->last_fetch = st->last_ok = r->now;
    st->last_status = res->status;
    st->error_count = 0;
    st->last_error = NULL;
    if (res->moved_to)
        st->moved_to = res->moved_to;
    if (res->etag || res->last_modified || !res->not_modified) {
        st->etag = res->etag;
        st->last_modified = res->last_modified;
    }
    if (res->not_modified) {
        st->next_due = r->now + effective_interval(j->fe, st->ttl_minutes);
        if (store_feed_put(r->s, st, err))
            return -1;
        r->pending.not_modified++;
        return 0;
    }
    if (p->parse_failed) {
        /* Not a feed: keep no validators, so the next try fetches it whole. */
        *st = before;
        st->etag = st->last_modified = NULL;
        return save_failure(r, j, res->status, reason_of(&p->err), -1);
    }
    if (p->write_failed) {
        *err = p->err; /* the disk: the feed is undone and stays due */
        return -1;
    }
    int rc = take_entries(r, j, p, err);
    if (rc == 0)
        r->pending.ok++;
    return rc;
}

/* One feed as one unit: a savepoint inside the batch's transaction. */
static void take_unit(run *r, job *j, const response *res, prep *p)
{
    if (r->fatal)
        return; /* the feed stays due */
    if (r->worker) {
        arena_reset(r->scratch);
        run_take_shared(r, j, res, p);
        return;
    }
    arena_reset(r->scratch);
    nm_error err;
    if (!r->in_txn) {
        if (store_begin(r->s, &err)) {
            run_set_fatal(r, &err);
            return;
        }
        r->in_txn = true;
    }
    size_t mark = r->batch.n;
    ingest_summary counts = r->pending;
    store_feed before = j->st;
    if (store_savepoint(r->s, &err) == 0 && run_take_one(r, j, res, p, &err) == 0 &&
        store_release(r->s, &err) == 0) {
        r->batch_feeds++;
    } else {
        /* Undo this feed alone; it stays due and is reported. */
        store_rollback_to(r->s);
        export_batch_truncate(&r->batch, mark);
        r->pending = counts;
        j->st = before;
        run_add_failure(r, j->fe->url, reason_of(&err));
    }
    if (r->batch_feeds >= BATCH_FEEDS || r->batch.n >= BATCH_POSTS)
        flush(r);
}

/* A unit is ready for the store thread (with r->mu held). */
static void ready_locked(run *r, unit *u)
{
    u->next = r->ready;
    r->ready = u;
    pthread_cond_signal(&r->ready_cv);
}

static void prep_task(void *arg)
{
    unit *u = ((prep *)arg)->job;
    run *r = u->j->run;
    prep_run(u->p);
    pthread_mutex_lock(&r->mu);
    ready_locked(r, u);
    pthread_mutex_unlock(&r->mu);
}

/* The store thread: takes the units in the order the transfers finished
 * (so that which of two look-alike stories is kept does not depend on
 * thread timing), until closing and none is left; then the last batch. */
static void *store_main(void *arg)
{
    run *r = arg;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        unit *u = NULL;
        for (unit **pp = &r->ready; *pp; pp = &(*pp)->next)
            if ((*pp)->seq == r->next_take) {
                u = *pp;
                *pp = u->next;
                break;
            }
        if (!u) {
            if (r->closing && r->outstanding == 0)
                break;
            if (!r->worker) {
                pthread_cond_wait(&r->ready_cv, &r->mu);
                continue;
            }
            /* a worker's transfers may all be slow: its leases go on */
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_sec += 1;
            if (pthread_cond_timedwait(&r->ready_cv, &r->mu, &ts) == ETIMEDOUT && !r->fatal) {
                pthread_mutex_unlock(&r->mu);
                run_renew_leases(r);
                pthread_mutex_lock(&r->mu);
            }
            continue;
        }
        pthread_mutex_unlock(&r->mu);
        take_unit(r, u->j, &u->res, u->has_body ? u->p : NULL);
        prep_free(u->p);
        free(u);
        pthread_mutex_lock(&r->mu);
        r->outstanding--;
        r->next_take++;
        pthread_cond_signal(&r->taken_cv);
    }
    pthread_mutex_unlock(&r->mu);
    flush(r);
    return NULL;
}

/* fetch_all's callback, on the calling thread: the transfer becomes a
 * unit, to the pool when it has a body, else straight to the store
 * thread; then waits while too many units are on their way. */
static void take_feed(const fetch_request *req, fetch_result *fr, void *ctx)
{
    run *r = ctx;
    progress_add(r->progress, 1);
    pthread_mutex_lock(&r->mu);
    bool fatal = r->fatal;
    pthread_mutex_unlock(&r->mu);
    if (fatal)
        return;
    unit *u = xcalloc(1, sizeof(*u));
    prep *p = xcalloc(1, sizeof(*p));
    u->j = req->user;
    u->p = p;
    p->job = u;
    p->arena = arena_new(0);
    arena *a = p->arena;
    u->res = (response){.ok = fr->ok, .not_modified = fr->not_modified, .status = fr->status,
                        .etag = arena_strdup(a, fr->etag),
                        .last_modified = arena_strdup(a, fr->last_modified),
                        .moved_to = arena_strdup(a, fr->moved_to),
                        .retry_after = fr->retry_after,
                        .error = fr->ok ? NULL : arena_strdup(a, reason_of(&fr->err))};
    u->has_body = fr->ok && !fr->not_modified;
    if (u->has_body) {
        p->fe = u->j->fe;
        p->site = r->site;
        p->feed_id = u->j->st.id;
        p->now = r->now;
        p->comments = r->comments;
        p->default_image = r->default_image;
        p->keep_bytes = r->worker != NULL;
        p->body = buf_detach(&fr->body, &p->len);
        p->final_url = arena_strdup(a, fr->final_url);
        p->charset = ingest_charset_of(a, fr->content_type);
    }
    /* Once handed on, u belongs to the pool or the store thread. */
    bool has_body = u->has_body;
    pthread_mutex_lock(&r->mu);
    r->outstanding++;
    u->seq = r->next_seq++;
    if (!has_body)
        ready_locked(r, u);
    pthread_mutex_unlock(&r->mu);
    if (has_body)
        pool_submit(r->pool, prep_task, p);
    pthread_mutex_lock(&r->mu);
    while (r->outstanding > r->limit)
        pthread_cond_wait(&r->taken_cv, &r->mu);
    pthread_mutex_unlock(&r->mu);
}

/* ---- the job -------------------------------------------------------------- */

/* A feed URL to request. "file:feeds/x.xml" (no slash after the colon)
 * names a file relative to the site directory, so a site that ships its
 * own feed files (the demo, tests) works wherever it is checked out; the
 * URL as written stays the feed's identity (and its posts' names). */
const char *run_request_url(arena *a, const char *site, const char *url)
{
    if (strncmp(url, "file:", 5) != 0 || url[5] == '/' || url[5] == '\0')
        return url;
    char *dir = realpath(site, NULL);
    if (!dir)
        return url;
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    buf_puts(&b, "file://");
    url_encode_path(&b, dir, strlen(dir));
    buf_putc(&b, '/');
    buf_puts(&b, url + 5); /* already URL syntax: kept as written */
    const char *abs = arena_strndup(a, b.data, b.len);
    buf_free(&b);
    free(dir);
    return abs;
}

int ingest_lock(const char *site, nm_error *err)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/" NM_STATE_DIR, site);
    if (fs_mkdirs(path, err)) /* not made by the store when it is a server */
        return -1;
    snprintf(path, sizeof(path), "%s/" NM_STATE_DIR "/fetch.lock", site);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return nm_fail(err, path, 0, "cannot open the lock file: %s", strerror(errno));
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        close(fd);
        return nm_fail(err, site, 0, "another newsmill fetch is running on this site");
    }
    return fd; /* held until the process ends or closes it */
}

static int cmp_failure(const void *a, const void *b)
{
    return strcmp(((const ingest_failure *)a)->url, ((const ingest_failure *)b)->url);
}

/* Fetches the requests (each one's user a job of r) through the pool and
 * the store thread; -1 when the run could not go on writing. */
int run_fetch_jobs(run *r, const fetch_request *reqs, size_t n, const ingest_opts *o,
                      nm_error *err)
{
    fetch_opts fo;
    fetch_opts_default(&fo);
    if (o->concurrency > 0)
        fo.concurrency = o->concurrency;
    if (o->timeout > 0)
        fo.timeout = o->timeout;
    if (r->more) {
        fo.more = run_more_requests;
        fo.more_ctx = r;
    }
    int rc;
    bool own_pool = !r->pool;
    if (own_pool)
        r->pool = pool_new(0);
    r->limit = (size_t)pool_size(r->pool) * 2 + 4;
    r->closing = false;
    r->progress = progress_start(r->worker ? "claimed" : "fetch", n);
    if (pthread_create(&r->store_thread, NULL, store_main, r) != 0) {
        nm_fail(err, o->site_dir, 0, "cannot start a thread");
        rc = -1;
    } else {
        rc = fetch_all(reqs, n, &fo, take_feed, r, err);
        pthread_mutex_lock(&r->mu);
        r->closing = true;
        pthread_cond_signal(&r->ready_cv);
        pthread_mutex_unlock(&r->mu);
        pthread_join(r->store_thread, NULL);
    }
    progress_finish(r->progress);
    if (own_pool) {
        pool_free(r->pool);
        r->pool = NULL;
    }
    if (rc == 0 && r->fatal) {
        *err = r->fatal_err;
        rc = -1;
    }
    return rc;
}

/* A plain fetch on a PostgreSQL store while fetch workers hold leases
 * would fetch their feeds beside them and write files they also keep:
 * refused, naming them. */
static int refuse_beside_workers(store *s, const char *site, nm_error *err)
{
    if (!store_shared(s))
        return 0;
    arena *a = arena_new(0);
    const char **names;
    size_t n;
    int rc = store_workers_active(s, (int64_t)time(NULL), a, &names, &n, err);
    if (rc == 0 && n) {
        nm_buf b;
        buf_init(&b, NM_BUF_NOLIMIT);
        for (size_t i = 0; i < n && i < 10; i++)
            buf_printf(&b, "%s%s", i ? ", " : "", names[i]);
        if (n > 10)
            buf_printf(&b, " and %zu more", n - 10);
        rc = nm_fail(err, site, 0,
                     "%zu fetch worker%s hold%s leases on this site's store (%s): a plain fetch "
                     "would race %s; run 'newsmill fetch --worker' to join them, or wait until "
                     "they end (a dead worker's leases expire)",
                     n, n == 1 ? "" : "s", n == 1 ? "s" : "", buf_cstr(&b),
                     n == 1 ? "it" : "them");
        buf_free(&b);
    }
    arena_free(a);
    return rc;
}

int ingest_run(const feeds_list *feeds, const ingest_opts *o, ingest_summary *sum,
               nm_error *err)
{
    memset(sum, 0, sizeof(*sum));
    store *s;
    if (store_open(o->site_dir, &s, err))
        return -1;
    int lockfd = refuse_beside_workers(s, o->site_dir, err) ? -1 : ingest_lock(o->site_dir, err);
    if (lockfd < 0) {
        store_close(s);
        return -1;
    }
    run r = {.s = s, .site = o->site_dir, .sum = sum, .scratch = arena_new(0),
             .now = o->now ? o->now : (int64_t)time(NULL), .comments = false};
    r.config = arena_new(1024);
    r.comments = ingest_config_comments(r.config, o->site_dir);
    r.default_image = ingest_config_key(r.config, o->site_dir, "default_image");
    page_opts po;
    images_opts io;
    ingest_after_opts(r.config, o, r.now, &po, &io, &r.mirror);
    sum->mirror = r.mirror;
    pthread_mutex_init(&r.mu, NULL);
    pthread_cond_init(&r.ready_cv, NULL);
    pthread_cond_init(&r.taken_cv, NULL);
    int rc = export_reconcile(s, o->site_dir, &sum->swept, &sum->reconciled, err);
    arena *states = arena_new(0);
    job *jobs = xcalloc(feeds->n + 1, sizeof(*jobs));
    fetch_request *reqs = xcalloc(feeds->n + 1, sizeof(*reqs));
    size_t n = 0;
    for (size_t i = 0; rc == 0 && i < feeds->n; i++) {
        const feeds_entry *fe = &feeds->entries[i];
        if (!fe->enabled)
            continue;
        job *j = &jobs[n];
        j->fe = fe;
        j->run = &r;
        if (store_feed_get(s, fe->url, true, states, &j->st, err) < 0) {
            rc = -1;
            break;
        }
        if (!o->all && j->st.next_due > r.now) {
            sum->not_due++;
            continue;
        }
        const char *url = j->st.moved_to ? j->st.moved_to
                                          : run_request_url(states, o->site_dir, fe->url);
        reqs[n] = (fetch_request){.url = url,
                                  .etag = j->st.etag,
                                  .last_modified = j->st.last_modified,
                                  .user_agent = fe->user_agent,
                                  .referer = fe->referer,
                                  .user = j};
        n++;
    }
    sum->feeds = n;
    if (rc == 0)
        rc = run_fetch_jobs(&r, reqs, n, o, err);
    if (rc == 0) {
        /* Then the article pages: those of this run's new items and those
         * of earlier runs whose retry is due. */
        rc = page_run(s, feeds, &po, &sum->pages, err);
    }
    if (rc == 0 && r.mirror) {
        /* Then the images of new (and rewritten, and retried) posts. */
        rc = images_run(s, feeds, &io, &sum->images, err);
    }
    if (r.in_txn)
        store_rollback(s);
    export_batch_free(&r.batch);
    if (sum->nfailures > 1)
        qsort(sum->failures, sum->nfailures, sizeof(*sum->failures), cmp_failure);
    free(reqs);
    free(jobs);
    arena_free(states);
    arena_free(r.scratch);
    arena_free(r.config);
    close(lockfd);
    store_close(s);
    pthread_cond_destroy(&r.ready_cv);
    pthread_cond_destroy(&r.taken_cv);
    pthread_mutex_destroy(&r.mu);
    return rc;
}

void ingest_summary_free(ingest_summary *sum)
{
    for (size_t i = 0; i < sum->nfailures; i++) {
        free(sum->failures[i].url);
        free(sum->failures[i].reason);
    }
    free(sum->failures);
    memset(sum, 0, sizeof(*sum));
}
