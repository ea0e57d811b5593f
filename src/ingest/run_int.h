/*
 * run_int.h — the fetch job's run, shared by ingest.c (the run, its
 * threads, a plain fetch's batches) and claimed.c (what is different in
 * a fetch worker's run: claims as it goes, a transaction per feed under
 * its lease, leases renewed). Only these two files include it.
 */
#ifndef NM_INGEST_RUN_INT_H
#define NM_INGEST_RUN_INT_H

#include <pthread.h>

#include "ingest_int.h"

#include "fetch/fetch.h"

#define SIMHASH_MAX_DIST 3
#define SIMHASH_WINDOW (3 * 86400)

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

/* ---- ingest.c, for claimed.c ----------------------------------------------- */

/* The reason of an error without the "URL: " its message is prefixed by. */
static inline const char *reason_of(const nm_error *e) { return e->msg; }
/* A failed feed for the summary (url and reason copied). */
void run_add_failure(run *r, const char *url, const char *reason);
/* The run cannot go on writing (store thread); the transfers stop
 * handing units on. */
void run_set_fatal(run *r, const nm_error *err);
/* The counts of committed units go into the summary. */
void run_count_committed(run *r);
/* Everything one finished feed means for the store. -1 only when the
 * store failed (the caller undoes the feed's unit). */
int run_take_one(run *r, job *j, const response *res, prep *p, nm_error *err);
/* The URL to request for a feed's URL as feeds.yml writes it, in a. */
const char *run_request_url(arena *a, const char *site, const char *url);
/* Fetches the requests (and, for a worker, its claims as it goes)
 * through the pool and the store thread; -1 when the run could not go on
 * writing. */
int run_fetch_jobs(run *r, const fetch_request *reqs, size_t n, const ingest_opts *o,
                   nm_error *err);

/* ---- claimed.c, for ingest.c ----------------------------------------------- */

/* A worker's unit: a transaction of its own under the feed's lease. */
void run_take_shared(run *r, job *j, const response *res, prep *p);
/* The worker's leases moved on, every third of the lease. */
void run_renew_leases(run *r);
/* fetch_all's more: the worker's next claims (main thread). */
size_t run_more_requests(void *ctx, const fetch_request **out);

#endif
