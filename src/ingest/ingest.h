/*
 * ingest.h — the fetch job: feeds that are due in, new posts out, state
 * kept, nothing written twice, nothing half-written.
 *
 * ingest_run() takes the feed list, asks the store which feeds are due,
 * fetches them (fetch.h), parses (feed.h), cleans (html.h), recognises
 * what it has seen before (guid, canonical link, title+date; an edited
 * guid by link and content; the same story in another feed by SimHash),
 * writes each new item as a post (post.h) atomically and then commits it
 * to the store. Feed state follows each fetch: validators, permanent
 * moves, errors with exponential backoff, Retry-After. Then the article
 * pages of items that want their full text, and with images: mirror the
 * posts' images (kept under source/images/, see mirror.h).
 *
 * Before it fetches, it reconciles disk and store after a crash: temp
 * files are swept, posts journalled as pending (file maybe written, row not
 * committed) are deleted so they are written again, rows whose file is
 * gone are forgotten.
 *
 * Not thread safe; one ingest per site at a time (a lock file enforces it).
 */
#ifndef NM_INGEST_H
#define NM_INGEST_H

#include "feeds/feeds.h"
#include "util/util.h"

typedef struct ingest_opts {
    const char *site_dir;
    int concurrency;      /* parallel transfers (default 8) */
    bool all;             /* ignore schedules */
    long timeout;         /* seconds per transfer, 0 = 60 */
    long page_interval_ms;/* between two article pages of one host; 0 =
                             newsmill.page_interval of _config.yml, else 1000 */
    int64_t now;          /* 0 = the clock */
} ingest_opts;

typedef struct ingest_failure {
    char *url;
    char *reason;
} ingest_failure;

/* What the full text step did in a run (page.c). */
typedef struct page_summary {
    size_t fetched;            /* pages fetched (each page of a long article) */
    size_t full;               /* posts rewritten with the article */
    size_t kept;               /* the feed's text kept (the page had no more) */
    size_t failed;             /* to be tried again in a later run */
    size_t gave_up;            /* failed too often: the feed's text stays */
    size_t busy;               /* fetch --worker: due, but their hosts are
                                  another worker's now */
    size_t taken_over;         /* fetch --worker: its host was taken over
                                  before it wrote (dropped) */
} page_summary;

/* What images: mirror did in a run (images.c). */
typedef struct images_summary {
    size_t fetched;            /* image transfers answered */
    size_t stored;             /* new image files written */
    size_t refused;            /* not images one may keep (said each) */
    size_t posts;              /* posts rewritten with local images */
    size_t failed;             /* posts with images to retry later */
    size_t gave_up;            /* posts whose failing images stay remote */
    size_t swept;              /* temp files of a killed run removed */
    size_t busy;               /* fetch --worker: posts left due, their
                                  images' hosts another worker's now */
    size_t taken_over;         /* fetch --worker: a host taken over before
                                  the post was written (dropped) */
} images_summary;

typedef struct ingest_summary {
    size_t feeds, ok, not_modified, failed, not_due;
    size_t new_posts, duplicates, seen;
    size_t swept, reconciled;  /* crash leftovers removed on start */
    page_summary pages;        /* full text (article pages) */
    bool mirror;               /* newsmill.images is mirror */
    images_summary images;
    size_t taken_over;         /* fetch --worker: feeds another worker took
                                  over before this one wrote (dropped); the
                                  pages' and images' are in theirs */
    size_t reconnects;         /* fetch --worker: store connections reopened */
    ingest_failure *failures;  /* sorted by URL */
    size_t nfailures, failures_cap;
} ingest_summary;

/* Runs the job. Returns -1 (err filled) only when it cannot start at all
 * (database, lock, site directory); failures of single feeds are in the
 * summary. The caller frees the summary with ingest_summary_free. */
int ingest_run(const feeds_list *feeds, const ingest_opts *opts, ingest_summary *sum,
               nm_error *err);
void ingest_summary_free(ingest_summary *sum);

/* A fetch worker (worker.c): one of any number of processes, on any
 * machines, sharing the site's PostgreSQL store. It registers feeds.yml's
 * feeds, then claims due feeds in small batches, host by host (store.h),
 * fetches them as ingest_run does, and commits each feed in a transaction
 * of its own, its new posts into the store (`newsmill sync` writes them
 * into source/_posts/); it ends when no feed is due, whoever holds it.
 * When the server goes away it reconnects, with backoff, and goes on.
 * After the feeds it fetches the article pages and mirrors the images
 * (images: mirror) of the posts kept in the store, as ingest_run does,
 * leasing their hosts; the images are kept in the store too. -1 (err)
 * when it cannot start (not a PostgreSQL store) or the server stays away. */
typedef struct worker_opts {
    int lease;                 /* seconds of a claim (default 60) */
    const char *name;          /* NULL: host:pid:random */
} worker_opts;

/* `newsmill sync` (sync.c): writes the posts of the store above this
 * site's sync position into source/_posts/, atomically, and moves the
 * position (.newsmill/sync); kill-safe. The images workers mirrored are
 * kept there too and written into source/images/ the same way, before
 * the posts that name them. *written: posts written, *images: images
 * written, *seq: the position reached. Needs a PostgreSQL store (store_shared). */
typedef struct store store;
int ingest_sync(store *s, const char *site_dir, size_t *written, size_t *images, int64_t *seq,
                nm_error *err);
/* The site's sync position (0 when it never synced). */
int sync_cursor(const char *site_dir, int64_t *seq, nm_error *err);

int ingest_worker(const feeds_list *feeds, const ingest_opts *o, const worker_opts *w,
                  ingest_summary *sum, nm_error *err);

/* Takes the site's fetch lock (.newsmill/fetch.lock, flock): the fd to
 * keep open while holding it, or -1 with err ("another newsmill fetch is
 * running on this site"). For commands that must not run beside a fetch
 * (images gc). */
int ingest_lock(const char *site, nm_error *err);

/* Identity helpers, exposed for tests. */
/* The link without its fragment and without utm_* query parameters. */
char *ingest_canonical_link(arena *a, const char *link);
/* 64-bit SimHash of text (words, CJK bigrams); 0 when there is too little
 * text to compare. */
uint64_t ingest_simhash(const char *text);
/* Seconds until a feed is due again after `errors` consecutive failures
 * (errors >= 1): interval doubled per failure, at most 24 hours, and never
 * before a Retry-After (-1 when none). */
int64_t ingest_backoff(int interval_min, int errors, int64_t retry_after);

#endif
