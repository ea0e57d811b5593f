/*
 * ingest_int.h — what the files of the ingest module share.
 */
#ifndef NM_INGEST_INT_H
#define NM_INGEST_INT_H

#include "html/html.h"
#include "ingest.h"
#include "post/post.h"
#include "mirror/mirror.h"
#include "store/store.h"

/* One post about to be written. */
typedef struct export_post {
    const char *path;          /* relative to the site */
    const char *title;
    const char *categories[3]; /* group, site, feed title */
    const char *author;
    const char *image;         /* headimg and thumbnail, or NULL */
    int64_t date;
    bool comments;
    const char *body;          /* "<div>…</div>" */
} export_post;

/* "source/_posts/<hex of hash64_pair(feed_url, ident)>.md" in a. */
char *export_post_path(arena *a, const char *feed_url, const char *ident);
/* The post's bytes in the seed's layout (post_write). */
int export_render(const export_post *ep, nm_buf *out);
/* Writes a post's bytes to a new temp file in the directory of `path`
 * (relative to site; the directory is made when missing), named so that
 * a killed run's leftovers are swept. *tmp (malloc) is its path. Thread
 * safe: pool threads write the posts they render. */
int export_tmp_write(const char *site_dir, const char *path, const nm_buf *bytes, char **tmp,
                     nm_error *err);
/* Posts in temp files, not yet in place; the batch owns paths and tmps. */
typedef struct export_batch {
    char **paths;              /* relative to the site */
    char **tmps;               /* the temp files (absolute or site-relative) */
    size_t n, cap;
} export_batch;

/* Takes ownership of tmp. */
void export_batch_add(export_batch *b, const char *path, char *tmp);
/* Drops the entries from index n on, deleting their temp files. */
void export_batch_truncate(export_batch *b, size_t n);
void export_batch_free(export_batch *b);
/* Puts the batch in place so that the caller can commit its rows next:
 * the journal of its paths, one sync, every temp file renamed to its
 * name. After the commit the caller calls export_journal_done. */
int export_batch_write(const char *site_dir, export_batch *b, nm_error *err);
void export_journal_done(const char *site_dir);
/* What page.c and images.c do with their rewritten posts: the batch put
 * in place (export_batch_write), then done(ctx) in one transaction (the
 * rows of those posts), then the journal removed. When the files cannot
 * be written, *written is false, the error is said, and 0 is returned
 * (the rows stay due); -1 only when the store fails. */
int export_batch_settle(store *s, const char *site_dir, export_batch *b,
                        int (*done)(void *ctx, nm_error *err), void *ctx, bool *written,
                        nm_error *err);
/* Sweeps temp files (of posts, and of the journal in .newsmill/), deletes
 * journalled files without rows, forgets rows without files. */
int export_reconcile(store *s, const char *site_dir, size_t *swept, size_t *reconciled,
                     nm_error *err);

/* One fetched feed on its way through the pool (prep.c). */
typedef struct prep_item {
    const char *ident, *guid, *link;
    const char *path;          /* NULL when known */
    uint64_t content_hash, simhash;
    int64_t item_time;
    bool known;                /* stored (committed) before: skip */
    const char *page_url;      /* the article page to fetch for its full
                                  text (page.c), or NULL */
    int64_t feed_chars;        /* characters of the text the feed gave */
    int page_flags;            /* STORE_PAGE_* */
    char *tmp;                 /* the post in its temp file (malloc); the
                                  main thread takes it, else prep_free
                                  deletes it */
    char *bytes;               /* instead, with keep_bytes: the post's
                                  bytes (malloc, NUL-terminated) */
    size_t nbytes;
} prep_item;

typedef struct prep {
    /* in: set by the main thread */
    const feeds_entry *fe;
    const char *site;
    int64_t feed_id;           /* 0: a new feed, nothing known */
    int64_t now;
    bool comments;
    const char *default_image; /* newsmill.default_image, or NULL */
    bool keep_bytes;           /* posts go to the store, not to files */
    char *body;                /* owned (malloc) */
    size_t len;
    const char *final_url, *charset; /* in arena */
    void *job;                 /* the unit it belongs to (ingest.c) */
    uint64_t seq;              /* order of submission */
    /* out: set by prep_run */
    arena *arena;
    bool parse_failed;
    bool write_failed;         /* a post could not be written (err says why) */
    nm_error err;
    int ttl_minutes;
    const char *feed_image;    /* the feed's own image, in arena */
    prep_item *items;          /* oldest first */
    size_t n;
    struct prep *next;         /* the main thread's queue */
} prep;

/* Parses and prepares p's entries; thread safe (one prep per call). */
void prep_run(prep *p);
void prep_free(prep *p);

/* The charset= of a Content-Type header, or NULL; in a (ingest.c). */
char *ingest_charset_of(arena *a, const char *content_type);

/* ---- ingest.c for worker.c ---------------------------------------------- */

/* A worker's claims as a run goes (worker.c): *n feeds (fes[i], their
 * state st[i]; arrays and strings in a, which lives for the run), 0 for
 * none now; -1 when the store failed (the run ends). Main thread. */
typedef int (*ingest_more_fn)(void *ctx, arena *a, const feeds_entry *const **fes,
                              const store_feed **st, size_t *n);

/* Fetches what worker claims, as it claims it (more, called whenever at
 * most half of -j transfers run), with the pool pl: each feed one
 * transaction, committed only while its lease is still the worker's;
 * posts into the store; leases renewed every lease/3 seconds. Ends when
 * no transfer runs and more gives none. Adds to sum. -1 (err) when the
 * store failed: the caller reconnects. */
int ingest_claimed(store *s, pool *pl, const ingest_opts *o, const char *worker, int64_t lease,
                   ingest_more_fn more, void *more_ctx, ingest_summary *sum, nm_error *err);

/* ---- page.c: full text from the items' article pages ------------------------ */

/* Whether an item whose feed gave `raw` (HTML) wants its page under
 * feeds.yml's fulltext mode; *flags gets STORE_PAGE_AUTO when only the
 * page's length can tell (the feed's text is short, not cut). */
bool page_wanted(const feeds_entry *fe, const char *raw, int64_t feed_chars, int *flags);
/* Characters of plain text, spaces not counted. */
int64_t page_chars(const char *text);

#define PAGE_MAX_ATTEMPTS 3
#define PAGE_MAX_PARTS 10      /* pages of one multi-page article */

typedef struct page_opts {
    const char *site_dir;
    int64_t now;
    bool all;                  /* every page, due or not */
    int concurrency;           /* transfers at once (all hosts) */
    long timeout;              /* seconds per page (default 30) */
    long interval_ms;          /* least time between starts to one host */
    const char *rules_dir;     /* the site's site_rules directory, or NULL */
    bool mirror_images;        /* a rewritten post's images are due again */
    const char *worker;        /* a fetch worker's name: the posts kept in the
                                  store, hosts leased (kept.c); NULL: files */
    int64_t lease;             /* the worker's lease, seconds */
} page_opts;

/* Fetches the due article pages of the store, extracts each article and
 * rewrites its post (the feed's text replaced), then forgets the page;
 * a failure is kept with its backoff. feeds gives each feed's options.
 * Returns -1 only when the store fails. */
int page_run(store *s, const feeds_list *feeds, const page_opts *o, page_summary *sum,
             nm_error *err);
/* dst += src, count by count (a worker's rounds add up). */
void page_summary_add(page_summary *dst, const page_summary *src);
/* ---- images.c: images: mirror ------------------------------------------------ */

typedef struct images_opts {
    const char *site_dir;
    int64_t now;
    bool all;                  /* every post's images, due or not */
    int concurrency;           /* transfers at once (all hosts) */
    long timeout;              /* seconds per image (default 30) */
    mirror_limits limits;
    const char *worker;        /* a fetch worker's name: posts and images kept
                                  in the store, hosts leased (kept.c); NULL:
                                  the site's files */
    int64_t lease;             /* the worker's lease, seconds */
} images_opts;

/* Fetches the images of the posts that are due (post_images), stores the
 * good ones (mirror.h) and rewrites the posts with their local URLs; the
 * rest stay remote, retried later (transfers) or for good (refused).
 * Returns -1 only when the store fails. */
int images_run(store *s, const feeds_list *feeds, const images_opts *o, images_summary *sum,
               nm_error *err);
/* dst += src, count by count. */
void images_summary_add(images_summary *dst, const images_summary *src);

/* ---- kept.c: posts kept in a PostgreSQL store, for workers' pages and images -- */

/* The post kept at path (relative to the site), parsed (strings in a):
 * 1, 0 when the store keeps none, 2 when its bytes are no post (err),
 * -1 on a store error. lock: inside a transaction, the row stays locked
 * until it ends. *seq (when not NULL): the row's sequence number. */
int kept_read(store *s, arena *a, const char *path, bool lock, post *out, int64_t *seq,
              nm_error *err);
/* Whether the post at path is this run's to rewrite: on a PostgreSQL
 * store, a worker's (worker set) are those kept in the store, a plain
 * fetch's those that are not; on SQLite every one. */
bool kept_ours(store *s, const char *worker, const char *path);
/* "source/images/HH/….ext": an image kept in the store. */
bool kept_is_image(const char *path);
/* The size of the image kept for local ("/images/…"), -1 when none. */
int64_t kept_image_size(store *s, const char *local);
/* Keeps the image's bytes (hex) at "source" + local, unless the same is
 * there already (*written false). */
int kept_image_put(store *s, const char *local, const void *bytes, size_t n, int64_t now,
                   bool *written, nm_error *err);
/* An image's kept text back to its bytes, appended to out; -1 when it is
 * not hex. */
int kept_image_decode(const char *text, size_t len, nm_buf *out);
/* Begins a worker's unit: a transaction holding the lease of each host
 * (store_host_hold). 1 begun, 0 a host was taken over (rolled back), -1
 * a store error (rolled back). */
int kept_unit_begin(store *s, const char *worker, const char *const *hosts, size_t n,
                    nm_error *err);
bool kept_has(const char *const *hosts, size_t n, const char *host);

/* ---- config.c: the newsmill: block of _config.yml -------------------------- */

/* The value of `key:` in the newsmill: block, unquoted, in a; NULL when
 * absent. */
const char *ingest_config_key(arena *a, const char *site, const char *key);
/* newsmill.images is mirror (else link); *l its limits. */
bool ingest_config_images(arena *a, const char *site, mirror_limits *l);
/* newsmill.comments (default false). */
bool ingest_config_comments(arena *a, const char *site);
/* The options of the steps after the feeds (page_run, images_run) from
 * o and the site's _config.yml (strings in config); *mirror: images:
 * mirror. */
void ingest_after_opts(arena *config, const ingest_opts *o, int64_t now, page_opts *po,
                       images_opts *io, bool *mirror);

/* bytes as UTF-8 (HTTP charset, BOM, <meta>, detection: extract.h), in a. */
const char *page_to_utf8(arena *a, const char *bytes, size_t len, const char *http_charset);

#endif
