/*
 * store.h — what newsmill remembers between runs: feeds' fetch state,
 * the items it has taken in, the aliases that make duplicates cheap, and
 * the article pages and images still to fetch for them.
 *
 * This header is the only door to storage. Two back ends implement it
 * with the same schema, migrations and behaviour: SQLite (store_sqlite.c,
 * <site>/.newsmill/newsmill.db, the default) and PostgreSQL (store_pg.c,
 * a server named by `newsmill: store: postgresql://…` in _config.yml or
 * by NEWSMILL_STORE, libpq loaded at run time). store.c chooses one in
 * store_open; no caller knows which it got.
 *
 * Identity of an item inside a feed ("ident"): its guid, else its link
 * with utm_* parameters and the fragment removed, else title + date. An
 * alias is a further ident (same feed or another) that names an item
 * already stored: an edited guid, or the same story in a second feed.
 *
 * Crash safety is the caller's protocol (ingest's export.c): files are
 * written before the transaction that records them commits.
 *
 * Not thread safe: one store per thread. Strings handed out live in the
 * arena the caller passes.
 */
#ifndef NM_STORE_H
#define NM_STORE_H

#include <stdio.h>

#include "util/util.h"

typedef struct store store;

/* Where the store lives, relative to the site directory: the one place
 * this path is written. */
#define STORE_PATH NM_STATE_DIR "/newsmill.db"

/* The schema version this newsmill builds (the number of migrations). */
#define STORE_SCHEMA 4

/* Opens the site's store and migrates it to the current schema. Which
 * store: NEWSMILL_STORE when set and not empty, else `newsmill: store:`
 * in <site_dir>/_config.yml, else "sqlite"; the value is "sqlite" (the
 * file <site_dir>/.newsmill/newsmill.db, created when needed) or a
 * postgresql:// (postgres://) URL, whose database must exist. -1 with
 * err naming the file, the config line or the URL (never its password)
 * when it cannot be opened; *out is then NULL. */
int store_open(const char *site_dir, store **out, nm_error *err);
void store_close(store *s); /* NULL is fine */
/* 1 when store_open would find a store that is already there (an SQLite
 * file that exists; a configured server is taken to exist), else 0: for
 * commands that only read and should not create one. */
int store_exists(const char *site_dir);
int store_schema_version(store *s);
/* The schema version found at open, before migrating (0: a new store). */
int store_schema_found(store *s);
/* "sqlite" or "postgresql"; where: the database file, or the server's URL
 * without its password. Both live as long as s. */
const char *store_backend(store *s);
const char *store_where(store *s);

int store_begin(store *s, nm_error *err);
int store_commit(store *s, nm_error *err);
void store_rollback(store *s);
/* A nested unit inside a transaction: release keeps its changes,
 * rollback_to undoes them and leaves the outer transaction open. */
int store_savepoint(store *s, nm_error *err);
int store_release(store *s, nm_error *err);
void store_rollback_to(store *s);

/* A feed's fetch state. Times are Unix seconds, 0 = never. */
typedef struct store_feed {
    int64_t id;
    const char *url;           /* the URL from feeds.yml: the feed's key */
    const char *etag;          /* NULL when none */
    const char *last_modified; /* NULL when none */
    const char *moved_to;      /* target of a permanent redirect, or NULL */
    int64_t last_fetch;        /* last attempt */
    int64_t last_ok;           /* last success (200 or 304) */
    int64_t next_due;
    int last_status;           /* HTTP status, 0 for a transport error */
    int error_count;           /* consecutive failures */
    const char *last_error;    /* NULL after a success */
    int ttl_minutes;           /* what the feed asked for, 0 none */
    int64_t items;             /* items stored for this feed */
} store_feed;

/* Finds the feed by URL; with create, adds a fresh row when missing.
 * Returns 0 found/created, 1 not found (create false), -1 error. */
int store_feed_get(store *s, const char *url, bool create, arena *a, store_feed *out,
                   nm_error *err);
/* Writes back every state field of f (by f->id). */
int store_feed_put(store *s, const store_feed *f, nm_error *err);
/* Deletes the feed's state (items and aliases stay: their posts exist). */
int store_feed_delete(store *s, const char *url, nm_error *err);

typedef struct store_item {
    int64_t id;
    int64_t feed_id;
    const char *ident;
    const char *guid;          /* NULL when the item had none */
    const char *link;          /* canonical link, NULL when none */
    uint64_t content_hash;
    uint64_t simhash;          /* 0: too little text to compare */
    const char *post_path;     /* relative to the site, e.g. source/_posts/….md */
    int64_t item_time;         /* date of the item, else first seen */
    int64_t first_seen;
} store_item;

/* Is (feed, ident) known, as an item or an alias? Returns 1 yes (and the
 * item id in *item_id when not NULL), 0 no, -1 error. */
int store_item_known(store *s, int64_t feed_id, const char *ident, int64_t *item_id,
                     nm_error *err);
/* The newest item of this feed with this canonical link: 1 found (*out
 * filled, strings in a), 0 none, -1 error. For recognising edited guids. */
int store_item_by_link(store *s, int64_t feed_id, const char *link, arena *a, store_item *out,
                       nm_error *err);
/* An item of another feed whose simhash is within max_dist bits and whose
 * item_time is within window seconds of t: 1 found (*item_id), 0, -1. */
int store_item_similar(store *s, int64_t feed_id, uint64_t simhash, int max_dist, int64_t t,
                       int64_t window, int64_t *item_id, nm_error *err);
/* Inserts it (it->id is set). */
int store_item_add(store *s, store_item *it, nm_error *err);
/* Records that (feed, ident) names item_id. */
int store_alias_add(store *s, int64_t item_id, int64_t feed_id, const char *ident,
                    nm_error *err);
/* Calls fn for every stored post path; stops when fn returns non-zero. */
int store_item_paths(store *s, int (*fn)(const char *path, void *ctx), void *ctx,
                     nm_error *err);
/* 1 when an item row names this post path, 0 when none, -1 on error. */
int store_item_has_path(store *s, const char *path);
/* Forgets the item written to path (its aliases go too) and drops its
 * feed's validators, so that the next fetch reads the feed whole. */
int store_item_forget_path(store *s, const char *path, nm_error *err);
int64_t store_item_count(store *s);

/* An item whose full text is still to be fetched from its article page
 * (its post holds what the feed gave until then). */
typedef struct store_page {
    int64_t item_id;
    const char *url;           /* the article page */
    int attempts;              /* failed fetches so far */
    int64_t next_try;          /* not before (Unix seconds) */
    int64_t feed_chars;        /* characters of the text the feed gave */
    int flags;                 /* STORE_PAGE_* */
    const char *last_error;    /* NULL when none */
    /* read only, from the item and its feed: */
    const char *post_path;
    const char *feed_url;
    int64_t feed_id;
} store_page;

#define STORE_PAGE_AUTO 1      /* keep the feed's text unless the page's is
                                  much longer (fulltext: auto) */
#define STORE_PAGE_LINK_ONLY 2 /* the item is a link (type html): title and
                                  date come from the page */

/* Adds (or replaces) the page row of pg->item_id. */
int store_page_add(store *s, const store_page *pg, nm_error *err);
/* The pages due at now (all: every one), oldest item first; strings and
 * the array in a. */
int store_pages_due(store *s, int64_t now, bool all, arena *a, store_page **out, size_t *n,
                    nm_error *err);
/* The page was taken in, or given up: its row goes. */
int store_page_done(store *s, int64_t item_id, nm_error *err);
int store_page_failed(store *s, int64_t item_id, int attempts, int64_t next_try,
                      const char *error, nm_error *err);
int64_t store_page_count(store *s);

/* A post whose images are still to be mirrored (newsmill: images:
 * mirror): its post holds their remote URLs until then. */
typedef struct store_post_images {
    int64_t item_id;
    int attempts;              /* runs that left some image to retry */
    int64_t next_try;          /* not before (Unix seconds) */
    const char *last_error;    /* NULL when none */
    /* read only, from the item and its feed: */
    const char *post_path;
    const char *link;          /* the article's URL (the images' Referer), or NULL */
    const char *feed_url;
} store_post_images;

/* Adds (or resets, attempts 0) the row of item_id, due at next_try. */
int store_post_images_add(store *s, int64_t item_id, int64_t next_try, nm_error *err);
/* At most max rows due at now (all: every one), oldest item first;
 * strings and the array in a. */
int store_post_images_due(store *s, int64_t now, bool all, size_t max, arena *a,
                          store_post_images **out, size_t *n, nm_error *err);
/* Every image is local, refused or given up: the row goes. */
int store_post_images_done(store *s, int64_t item_id, nm_error *err);
int store_post_images_failed(store *s, int64_t item_id, int attempts, int64_t next_try,
                             const char *error, nm_error *err);
int64_t store_post_images_count(store *s);

/* What a remote image URL became: its local URL ("/images/…") or why it
 * was refused (the bytes were no image one may keep; not fetched again).
 * Returns 1 known (*local or *refused set, strings in a), 0 unknown, -1
 * error. */
int store_image_url_get(store *s, const char *url, arena *a, const char **local,
                        const char **refused);
int store_image_url_put(store *s, const char *url, const char *local, const char *refused,
                        nm_error *err);

/* What `newsmill store status` shows; times are Unix seconds, 0 = none. */
typedef struct store_stats {
    int64_t feeds, feeds_due, feeds_failing, feeds_never;
    int64_t oldest_fetch;      /* the least recent last fetch of a fetched feed */
    int64_t newest_fetch;
    int64_t next_due;          /* the soonest next_due of the feeds not due now */
    int64_t items, aliases, pages, pages_due;
} store_stats;

int store_get_stats(store *s, int64_t now, store_stats *out, nm_error *err);

/* What `store status` shows of fetch workers and shared posts (worker.c,
 * sync.c); synced: the sequence number `newsmill sync` reached on this
 * site (.newsmill/sync), 0 none. */
typedef struct store_worker_stats {
    int64_t leases;            /* feeds claimed by a worker, lease not expired */
    int64_t workers;           /* workers seen in the last hour */
    int64_t posts;             /* posts kept in the store */
    int64_t unsynced;          /* of them, not yet written here by sync */
    int64_t oldest_unsynced;   /* when the oldest of those was stored, 0 none */
} store_worker_stats;

int store_get_worker_stats(store *s, int64_t now, int64_t synced, store_worker_stats *out,
                           nm_error *err);

/* ---- fetch workers (PostgreSQL only) ---------------------------------------
 *
 * Several `newsmill fetch --worker` processes share one store. A worker
 * claims due feeds host by host: a host's row is its politeness budget,
 * held by one worker at a time (claimed_by, claimed_until), which claims
 * at most per_host of its due feeds; each claimed feed carries the same
 * lease. A worker that dies stops renewing; when the lease passes, another
 * claims the host and the feeds still due. A unit of a worker (one feed)
 * commits only while its lease is still its own (store_claim_hold), so a
 * worker that was frozen past its lease writes nothing another wrote.
 * On SQLite every call below fails with "needs a PostgreSQL store". */

/* 1 when fetch workers can share this store (PostgreSQL). */
bool store_shared(store *s);
/* true when the site's configured store is a PostgreSQL URL (nothing is
 * opened: for commands that sync first). */
bool store_configured_shared(const char *site_dir);
/* Adds the feeds (url[i], whose host is host[i]) that have no row, sets
 * the host of those that have none, and a hosts row for every host. */
int store_feeds_register(store *s, const char *const *url, const char *const *host, size_t n,
                         nm_error *err);
/* This connection is a worker's: the server ends it, and with it its
 * transaction and locks, when it stays idle inside a transaction for
 * `seconds` (a worker frozen by SIGSTOP must not hold story locks). */
int store_worker_session(store *s, int seconds, nm_error *err);
/* Records that worker is alive at now (store status counts them). */
int store_worker_seen(store *s, const char *worker, int64_t now, nm_error *err);
/* Claims up to max_hosts hosts with feeds due at now, free ones first,
 * then worker's own that have none of their feeds in its hands, and up
 * to per_host due, unclaimed feeds of each, leased to worker until
 * `until`
 * (its own transaction: call outside one). The feeds' states in *out
 * (array and strings in a; .items is 0). */
int store_claim(store *s, const char *worker, int64_t now, int64_t until, int max_hosts,
                int per_host, arena *a, store_feed **out, size_t *n, nm_error *err);
/* Inside the unit's transaction, before it writes: 1 when the feed's lease
 * is still worker's (the lease ends when the transaction commits; the row
 * stays locked until then), 0 when another worker has taken the feed, -1. */
int store_claim_hold(store *s, int64_t feed_id, const char *worker, nm_error *err);
/* Moves worker's leases (hosts and feeds it still holds) to `until`. */
int store_claim_renew(store *s, const char *worker, int64_t until, nm_error *err);
/* Gives back every lease of worker (hosts, and feeds left unfinished). */
int store_claim_end(store *s, const char *worker, nm_error *err);
/* Feeds due at now, claimed or not: 0 when there is nothing left to do. */
int64_t store_feeds_due(store *s, int64_t now);
/* Inside the unit's transaction: waits for and takes the story locks of
 * these SimHashes (0s skipped), held until the transaction ends. Two items
 * within 3 bits agree on one 16-bit band at least (pigeonhole), so two
 * workers about to store the same story want one lock in common: the
 * second waits, then its similarity check sees the first's row. */
int store_lock_stories(store *s, const uint64_t *simhash, size_t n, nm_error *err);

/* ---- posts kept in the store (PostgreSQL only) ------------------------------ */

/* A post's file: its path relative to the site, its bytes, and seq, the
 * order in which it was committed (a rewrite gets a new seq). */
typedef struct store_post {
    int64_t seq;
    const char *path;
    const char *bytes;
    size_t len;
} store_post;

/* Inside a transaction: stores (or replaces) the post's bytes; commits in
 * seq order (a lock held from here to the commit), so that a reader that
 * saw seq N has seen every post below it. */
int store_post_put(store *s, const char *path, const char *bytes, size_t len, int64_t now,
                   nm_error *err);
/* A worker's new item in one round trip, inside its unit's transaction:
 * known in its feed (ident, as item or alias): 1; the same content under
 * an edited guid (same link; hash equal or SimHash within max_dist) or
 * the same story in another feed within window seconds: the alias is
 * recorded, 2; else the item and its post (store_post_put) go in, 0; -1
 * on error. The same questions, order and answers as ingest.c's
 * recognise with the calls above. */
int store_item_take(store *s, const store_item *it, const char *bytes, size_t len, int max_dist,
                    int64_t window, nm_error *err);
/* At most max posts whose seq is above `after`, in seq order; in a. */
int store_posts_after(store *s, int64_t after, size_t max, arena *a, store_post **out,
                      size_t *n, nm_error *err);

/* The file kept at path (a post, or an image a worker mirrored: its
 * path is source/images/…, its bytes hex, see ingest's images.c): 1 and
 * *out (seq, path, len: the length of what is kept; bytes only with
 * `bytes`, in a), 0 when there is none, -1 on error. With lock, inside a
 * transaction, its row stays locked until the transaction ends (a
 * rewrite checks that nobody rewrote it since it was read: same seq). */
int store_post_get(store *s, const char *path, bool bytes, bool lock, arena *a,
                   store_post *out, nm_error *err);
/* The highest seq of the files kept in the store, 0 when none; -1 on
 * error (`newsmill sync` compares its cursor with it). */
int64_t store_posts_last(store *s);

/* ---- hosts leased for article pages and images (PostgreSQL only) ------------
 *
 * The same host rows as the feeds' claims (the per-host budget of every
 * worker): a worker about to fetch pages or images leases their hosts
 * (missing rows are added), fetches only from those it got, commits each
 * result only while the host is still its own (store_host_hold), and
 * gives them back free from a time to come (the host's interval). */

/* Leases to worker, until `until`, at most max (0: any number) of
 * hosts[0..n) (duplicates are fine), those free at now or its own
 * already; one statement (SKIP LOCKED: hosts another worker is leasing
 * are passed over). The hosts got in *got (array and strings in a). */
int store_hosts_lease(store *s, const char *worker, const char *const *hosts, size_t n,
                      size_t max, int64_t now, int64_t until, arena *a, const char ***got,
                      size_t *ngot, nm_error *err);
/* Inside a transaction: 1 when host is leased to worker (its row locked
 * until the transaction ends), 0 when not (taken over), -1. */
int store_host_hold(store *s, const char *host, const char *worker, nm_error *err);
/* Gives worker's leases of these hosts back; another may take them when
 * free_at has passed. */
int store_hosts_release(store *s, const char *worker, const char *const *hosts, size_t n,
                        int64_t free_at, nm_error *err);
/* The names of the workers holding a lease (a feed or a host) that has
 * not expired at now, sorted, in a: a plain fetch refuses to run beside
 * them. */
int store_workers_active(store *s, int64_t now, arena *a, const char ***names, size_t *n,
                         nm_error *err);

/* The portable dump (dump.c): every row of every table as JSON lines,
 * after a header line {"newsmill_store":1,"schema":N}; rows in a fixed
 * order, so that two stores with the same content dump the same bytes,
 * whichever back end holds them. -1 with err on a database or write
 * error. */
int store_export(store *s, FILE *out, nm_error *err);
/* Loads a dump into s, which must be empty, in one transaction: all or
 * nothing. name is for messages ("dump.jsonl:12: …"). */
int store_import(store *s, FILE *in, const char *name, nm_error *err);

#endif
