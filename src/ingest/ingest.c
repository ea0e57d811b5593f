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
 * (html.h).
 */
#include "ingest_int.h"

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

#define SIMHASH_MAX_DIST 3
#define SIMHASH_WINDOW (3 * 86400)
#define MAX_INTERVAL (24 * 3600)

typedef struct run run;

typedef struct job {
    const feeds_entry *fe;
    store_feed st;
    run *run;
} job;

/* What the transfer said (strings in the unit's arena). */
typedef struct response {
    bool ok, not_modified;
    int status;
    const char *etag, *last_modified, *moved_to, *error;
    int64_t retry_after;
} response;

/* One finished transfer on its way to the store thread: what the server
 * said and, when there was a body, the feed prepared by the pool. */
typedef struct unit {
    job *j;
    response res;
    prep *p;            /* always set: its arena holds res's strings */
    bool has_body;      /* p goes through prep_run first */
    uint64_t seq;       /* order of the transfers' ends */
    struct unit *next;  /* in run.ready */
} unit;

/* Feeds per batch and posts per batch before the batch is written and
 * committed: large enough that the one sync per batch is cheap, small
 * enough that a kill loses little work. */
#define BATCH_FEEDS 256
#define BATCH_POSTS 2048

struct run {
    store *s;
    const char *site;
    const char *worker;        /* a fetch worker's name (worker.c), else NULL */
    int64_t lease;             /* the worker's lease, seconds */
    int64_t renewed;           /* when its leases were last renewed */
    ingest_more_fn more;       /* the worker's next claims, or NULL */
    void *more_ctx;
    arena *more_arena;         /* their jobs and requests, for the run */
    int64_t now;
    bool comments;
    const char *default_image; /* in config, which lives for the run */
    bool mirror;               /* newsmill.images: mirror */
    arena *config;
    ingest_summary *sum;
    arena *scratch;
    bool in_txn;
    size_t batch_feeds;
    export_batch batch;
    ingest_summary pending;    /* counts of the batch, added when it commits */
    progress *progress;
    pool *pool;                /* prep_run() on its threads */
    pthread_t store_thread;    /* take_unit() and flush(), in seq order */
    pthread_mutex_t mu;        /* guards the fields below it */
    pthread_cond_t ready_cv;   /* a unit is ready, or closing */
    pthread_cond_t taken_cv;   /* a unit was taken */
    unit *ready;               /* units ready for the store thread */
    size_t outstanding;        /* handed on and not yet taken */
    uint64_t next_seq;         /* sequence number of the next unit */
    uint64_t next_take;        /* sequence number to take next */
    size_t limit;              /* at most this many outstanding */
    bool closing;              /* no more units will come */
    bool fatal;                /* a batch could not be written: stop taking feeds */
    nm_error fatal_err;
};

/* ---- small helpers ------------------------------------------------------ */

static void add_failure(run *r, const char *url, const char *reason)
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
static void set_fatal(run *r, const nm_error *err)
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

/* The reason of an error without the "URL: " its message is prefixed by. */
static const char *reason_of(const nm_error *e) { return e->msg; }

static int save_failure(run *r, job *j, int status, const char *reason, int64_t retry_after)
{
    store_feed *st = &j->st;
    st->last_fetch = r->now;
    st->last_status = status;
    st->error_count++;
    st->last_error = reason;
    st->next_due = r->now + ingest_backoff(j->fe->interval_min, st->error_count, retry_after);
    add_failure(r, j->fe->url, reason);
    nm_error err;
    if (store_feed_put(r->s, st, &err)) {
        log_nm_error(&err);
        return -1;
    }
    return 0;
}

/* The counts of committed units go into the summary. */
static void count_committed(run *r)
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
        set_fatal(r, &err);
        export_batch_truncate(&r->batch, 0);
        return -1;
    }
    export_journal_done(r->site);
    r->in_txn = false;
    count_committed(r);
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
static int take_one(run *r, job *j, const response *res, prep *p, nm_error *err)
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
        rc = take_one(r, j, res, p, err);
    if (rc == 0 && store_commit(r->s, err) == 0)
        return 0;
    store_rollback(r->s);
    return -1;
}

/* A worker's leases (hosts and feeds) moved on every third of the lease
 * (store thread: after a unit, and every second while it waits). */
static void renew_leases(run *r)
{
    int64_t now = (int64_t)time(NULL);
    if (now - r->renewed < r->lease / 3)
        return;
    r->renewed = now;
    nm_error err;
    if (store_claim_renew(r->s, r->worker, now + r->lease, &err))
        set_fatal(r, &err);
}

static void take_shared(run *r, job *j, const response *res, prep *p)
{
    nm_error err;
    ingest_summary counts = r->pending;
    store_feed before = j->st;
    size_t nfail = r->sum->nfailures;
    if (take_shared_in(r, j, res, p, &err) == 0) {
        count_committed(r);
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
            count_committed(r);
        else
            set_fatal(r, &err);
    }
    renew_leases(r);
}

/* One feed as one unit: a savepoint inside the batch's transaction. */
static void take_unit(run *r, job *j, const response *res, prep *p)
{
    if (r->fatal)
        return; /* the feed stays due */
    if (r->worker) {
        arena_reset(r->scratch);
        take_shared(r, j, res, p);
        return;
    }
    arena_reset(r->scratch);
    nm_error err;
    if (!r->in_txn) {
        if (store_begin(r->s, &err)) {
            set_fatal(r, &err);
            return;
        }
        r->in_txn = true;
    }
    size_t mark = r->batch.n;
    ingest_summary counts = r->pending;
    store_feed before = j->st;
    if (store_savepoint(r->s, &err) == 0 && take_one(r, j, res, p, &err) == 0 &&
        store_release(r->s, &err) == 0) {
        r->batch_feeds++;
    } else {
        /* Undo this feed alone; it stays due and is reported. */
        store_rollback_to(r->s);
        export_batch_truncate(&r->batch, mark);
        r->pending = counts;
        j->st = before;
        add_failure(r, j->fe->url, reason_of(&err));
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
                renew_leases(r);
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

/* The value of `key:` in the newsmill: block of _config.yml, unquoted,
 * in arena a; NULL when absent. A line scan suffices: these keys are only
 * read here, and the site module owns the full config. */
static const char *newsmill_key(arena *a, const char *site, const char *key)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/_config.yml", site);
    nm_buf b;
    buf_init(&b, 1u << 20);
    nm_error err;
    bool in_block = false;
    const char *value = NULL;
    size_t klen = strlen(key);
    if (fs_read_file(path, 1u << 20, &b, &err) == 0) {
        str_view rest = sv_make(buf_cstr(&b), b.len);
        while (rest.len) {
            str_view line = sv_next_line(&rest);
            if (line.len && line.ptr[0] != ' ' && line.ptr[0] != '#')
                in_block = sv_starts_with(line, SV("newsmill:"));
            else if (in_block) {
                str_view t = sv_trim(line);
                if (t.len > klen && memcmp(t.ptr, key, klen) == 0 && t.ptr[klen] == ':') {
                    str_view v = sv_trim(sv_make(t.ptr + klen + 1, t.len - klen - 1));
                    if (v.len >= 2 && (v.ptr[0] == '\'' || v.ptr[0] == '"') &&
                        v.ptr[v.len - 1] == v.ptr[0])
                        v = sv_make(v.ptr + 1, v.len - 2);
                    value = v.len ? sv_dup(a, v) : NULL;
                }
            }
        }
    }
    buf_free(&b);
    return value;
}

/* A size or count of the config: digits, optionally followed by K, M or
 * G (powers of 1024 for bytes; with `decimal`, of 1000: Mpx); 0 and a
 * warning naming the key when it is something else. */
static uint64_t config_number(arena *a, const char *site, const char *key, bool decimal,
                              uint64_t dflt)
{
    const char *v = newsmill_key(a, site, key);
    if (!v)
        return dflt;
    uint64_t n;
    if (!str_size(v, decimal, &n)) {
        log_warn("%s/_config.yml: newsmill.%s: '%s' is not a positive number (e.g. 10M); "
                 "using the default", site, key, v);
        return dflt;
    }
    return n;
}

/* newsmill.images and its limits. */
static bool read_images(arena *a, const char *site, mirror_limits *l)
{
    mirror_limits_default(l);
    const char *v = newsmill_key(a, site, "images");
    if (!v || !strcmp(v, "link"))
        return false;
    if (strcmp(v, "mirror") != 0) {
        log_warn("%s/_config.yml: newsmill.images: '%s' is neither link nor mirror; images "
                 "stay linked", site, v);
        return false;
    }
    l->max_bytes = (size_t)config_number(a, site, "images_max_bytes", false, l->max_bytes);
    l->max_post_bytes =
        (size_t)config_number(a, site, "images_max_post_bytes", false, l->max_post_bytes);
    l->max_pixels = config_number(a, site, "images_max_pixels", true, l->max_pixels);
    return true;
}

static bool read_comments(arena *a, const char *site)
{
    const char *v = newsmill_key(a, site, "comments"); /* default false */
    return v && (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0);
}

/* A feed URL to request. "file:feeds/x.xml" (no slash after the colon)
 * names a file relative to the site directory, so a site that ships its
 * own feed files (the demo, tests) works wherever it is checked out; the
 * URL as written stays the feed's identity (and its posts' names). */
static const char *request_url(arena *a, const char *site, const char *url)
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

/* A directory of the config, relative to the site unless absolute. */
static const char *site_relative(arena *a, const char *site, const char *dir)
{
    return dir[0] == '/' ? dir : arena_printf(a, "%s/%s", site, dir);
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

/* Jobs and requests for n claimed feeds (fes[i], state st[i]), in a. */
static fetch_request *claimed_requests(run *r, arena *a, const feeds_entry *const *fes,
                                       const store_feed *st, size_t n)
{
    job *jobs = arena_new_array(a, job, n);
    fetch_request *reqs = arena_new_array(a, fetch_request, n);
    for (size_t i = 0; i < n; i++) {
        jobs[i] = (job){.fe = fes[i], .st = st[i], .run = r};
        reqs[i] = (fetch_request){.url = st[i].moved_to ? st[i].moved_to
                                                        : request_url(a, r->site, fes[i]->url),
                                  .etag = st[i].etag,
                                  .last_modified = st[i].last_modified,
                                  .user_agent = fes[i]->user_agent,
                                  .referer = fes[i]->referer,
                                  .user = &jobs[i]};
    }
    return reqs;
}

/* fetch_all's more: the worker's next claims (main thread). */
static size_t more_requests(void *ctx, const fetch_request **out)
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

/* Fetches the requests (each one's user a job of r) through the pool and
 * the store thread; -1 when the run could not go on writing. */
static int fetch_jobs(run *r, const fetch_request *reqs, size_t n, const ingest_opts *o,
                      nm_error *err)
{
    fetch_opts fo;
    fetch_opts_default(&fo);
    if (o->concurrency > 0)
        fo.concurrency = o->concurrency;
    if (o->timeout > 0)
        fo.timeout = o->timeout;
    if (r->more) {
        fo.more = more_requests;
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

void ingest_after_opts(arena *config, const ingest_opts *o, int64_t now, page_opts *po,
                       images_opts *io, bool *mirror)
{
    const char *site = o->site_dir;
    const char *iv = newsmill_key(config, site, "page_interval");
    const char *rules = newsmill_key(config, site, "site_rules");
    mirror_limits limits;
    *mirror = read_images(config, site, &limits);
    *po = (page_opts){.site_dir = site, .now = now, .all = o->all,
                      .concurrency = o->concurrency, .timeout = o->timeout,
                      .interval_ms = o->page_interval_ms > 0 ? o->page_interval_ms
                                     : iv ? atol(iv) : 1000,
                      .rules_dir = rules ? site_relative(config, site, rules) : NULL,
                      .mirror_images = *mirror};
    *io = (images_opts){.site_dir = site, .now = now, .all = o->all,
                        .concurrency = o->concurrency, .timeout = o->timeout,
                        .limits = limits};
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
    r.comments = read_comments(r.config, o->site_dir);
    r.default_image = newsmill_key(r.config, o->site_dir, "default_image");
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
        reqs[n] = (fetch_request){.url = j->st.moved_to ? j->st.moved_to
                                                        : request_url(states, o->site_dir, fe->url),
                                  .etag = j->st.etag,
                                  .last_modified = j->st.last_modified,
                                  .user_agent = fe->user_agent,
                                  .referer = fe->referer,
                                  .user = j};
        n++;
    }
    sum->feeds = n;
    if (rc == 0)
        rc = fetch_jobs(&r, reqs, n, o, err);
    if (rc == 0) {
        /* Then the article pages: those of this run's new items and those
         * of earlier runs whose retry is due. */
        page_summary ps;
        rc = page_run(s, feeds, &po, &ps, err);
        sum->pages_fetched = ps.fetched;
        sum->pages_full = ps.full;
        sum->pages_kept = ps.kept;
        sum->pages_failed = ps.failed;
        sum->pages_gave_up = ps.gave_up;
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

int ingest_claimed(store *s, pool *pl, const ingest_opts *o, const char *worker, int64_t lease,
                   ingest_more_fn more, void *more_ctx, ingest_summary *sum, nm_error *err)
{
    run r = {.s = s, .site = o->site_dir, .sum = sum, .scratch = arena_new(0),
             .now = (int64_t)time(NULL), .worker = worker, .lease = lease, .pool = pl,
             .more = more, .more_ctx = more_ctx, .more_arena = arena_new(0)};
    r.renewed = r.now;
    r.config = arena_new(1024);
    mirror_limits limits;
    r.mirror = read_images(r.config, o->site_dir, &limits);
    r.comments = read_comments(r.config, o->site_dir);
    r.default_image = newsmill_key(r.config, o->site_dir, "default_image");
    pthread_mutex_init(&r.mu, NULL);
    pthread_cond_init(&r.ready_cv, NULL);
    pthread_cond_init(&r.taken_cv, NULL);
    int rc = fetch_jobs(&r, NULL, 0, o, err);
    arena_free(r.more_arena);
    arena_free(r.scratch);
    arena_free(r.config);
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
