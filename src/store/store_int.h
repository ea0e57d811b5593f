/*
 * store_int.h — what the two back ends of store.h share: the table of
 * operations each fills (store_sqlite.c, store_pg.c), the base every
 * back end's handle starts with, and the tables' columns as the portable
 * dump (dump.c) sees them.
 *
 * store.c picks the back end once, in store_open, and every public
 * function of store.h is a call through s->ops: the dispatch lives there
 * and nowhere else.
 */
#ifndef NM_STORE_INT_H
#define NM_STORE_INT_H

#include "store.h"

/* One column of a stored table, as the dump reads and writes it. */
typedef struct store_column {
    const char *name;
    bool text;     /* TEXT; else a 64-bit integer */
    bool nullable;
} store_column;

typedef struct store_table {
    const char *name;
    const store_column *cols;
    size_t ncols;
    int order[3];  /* column indexes of the dump's row order, -1 ends */
    bool serial;   /* its first column (id, seq) is generated: reset after an import */
} store_table;

/* Every table of the current schema, in dump order (parents first). */
extern const store_table store_tables[];
extern const size_t store_ntables;

/* The two retry queues, tables keyed by item with the same attempts,
 * next_try and last_error: a back end's retry_done and retry_failed
 * serve both. */
typedef enum store_queue { STORE_PAGES, STORE_POST_IMAGES } store_queue;

typedef struct store_ops {
    const char *name; /* "sqlite", "postgresql" */
    const char *text_order; /* after a text column in ORDER BY: compare bytes */
    void (*close)(store *s);
    int (*schema_version)(store *s);
    int (*begin)(store *s, nm_error *err);
    /* Runs sql, statements without parameters whose rows do not matter
     * (store.c's COMMIT, SAVEPOINT…); err may be NULL. */
    int (*exec)(store *s, const char *sql, nm_error *err);
    /* 0 found, 1 not, -1; store.c adds a missing feed with feed_add. */
    int (*feed_get)(store *s, const char *url, arena *a, store_feed *out, nm_error *err);
    int (*feed_add)(store *s, const char *url, nm_error *err);
    int (*feed_put)(store *s, const store_feed *f, nm_error *err);
    int (*feed_delete)(store *s, const char *url, nm_error *err);
    int (*item_known)(store *s, int64_t feed_id, const char *ident, int64_t *item_id,
                      nm_error *err);
    int (*item_by_link)(store *s, int64_t feed_id, const char *link, arena *a, store_item *out,
                        nm_error *err);
    int (*item_similar)(store *s, int64_t feed_id, uint64_t simhash, int max_dist, int64_t t,
                        int64_t window, int64_t *item_id, nm_error *err);
    int (*item_add)(store *s, store_item *it, nm_error *err);
    int (*alias_add)(store *s, int64_t item_id, int64_t feed_id, const char *ident,
                     nm_error *err);
    int (*item_paths)(store *s, int (*fn)(const char *path, void *ctx), void *ctx,
                      nm_error *err);
    int (*item_has_path)(store *s, const char *path);
    int (*item_forget_path)(store *s, const char *path, nm_error *err);
    int (*page_add)(store *s, const store_page *pg, nm_error *err);
    int (*pages_due)(store *s, int64_t now, bool all, arena *a, store_page **out, size_t *n,
                     nm_error *err);
    int (*post_images_add)(store *s, int64_t item_id, int64_t next_try, nm_error *err);
    int (*post_images_due)(store *s, int64_t now, bool all, size_t max, arena *a,
                           store_post_images **out, size_t *n, nm_error *err);
    int (*retry_done)(store *s, store_queue q, int64_t item_id, nm_error *err);
    int (*retry_failed)(store *s, store_queue q, int64_t item_id, int attempts,
                        int64_t next_try, const char *error, nm_error *err);
    int (*image_url_get)(store *s, const char *url, arena *a, const char **local,
                         const char **refused);
    int (*image_url_put)(store *s, const char *url, const char *local, const char *refused,
                         nm_error *err);
    /* The one integer a query without parameters returns (NULL reads 0). */
    int (*scalar)(store *s, const char *sql, int64_t *out, nm_error *err);
    /* Runs sql (dump.c's SELECT of t) and calls fn with every row: vals[i]
     * is column i as text (integers in decimal), NULL for SQL NULL. */
    int (*each_row)(store *s, const store_table *t, const char *sql,
                    int (*fn)(const store_table *t, const char *const *vals, void *ctx),
                    void *ctx, nm_error *err);
    /* Runs sql (dump.c's INSERT into t) with vals, as each_row hands them out. */
    int (*insert_row)(store *s, const store_table *t, const char *sql, const char *const *vals,
                      nm_error *err);
    /* After rows with explicit ids went in: the next generated id follows
     * the largest (nothing to do where the engine does it itself). */
    int (*ids_follow)(store *s, nm_error *err);
    /* Fetch workers and posts in the store (store.h): NULL where the back
     * end cannot be shared (SQLite). */
    int (*feeds_register)(store *s, const char *const *url, const char *const *host, size_t n,
                          nm_error *err);
    int (*worker_session)(store *s, int seconds, nm_error *err);
    int (*worker_seen)(store *s, const char *worker, int64_t now, nm_error *err);
    int (*claim)(store *s, const char *worker, int64_t now, int64_t until, int max_hosts,
                 int per_host, arena *a, store_feed **out, size_t *n, nm_error *err);
    int (*claim_hold)(store *s, int64_t feed_id, const char *worker, nm_error *err);
    int (*claim_renew)(store *s, const char *worker, int64_t until, nm_error *err);
    int (*claim_end)(store *s, const char *worker, nm_error *err);
    int (*lock_stories)(store *s, const int *keys, size_t n, nm_error *err);
    int (*post_put)(store *s, const char *path, const char *bytes, size_t len, int64_t now,
                    nm_error *err);
    int (*posts_after)(store *s, int64_t after, size_t max, arena *a, store_post **out,
                       size_t *n, nm_error *err);
    int (*item_take)(store *s, const store_item *it, const char *bytes, size_t len,
                     int max_dist, int64_t window, nm_error *err);
    int (*post_get)(store *s, const char *path, bool bytes, bool lock, arena *a,
                    store_post *out, nm_error *err);
    int (*hosts_lease)(store *s, const char *worker, const char *const *hosts, size_t n,
                       size_t max, int64_t now, int64_t until, arena *a, const char ***got,
                       size_t *ngot, nm_error *err);
    int (*host_hold)(store *s, const char *host, const char *worker, nm_error *err);
    int (*hosts_release)(store *s, const char *worker, const char *const *hosts, size_t n,
                         int64_t free_at, nm_error *err);
    int (*workers_active)(store *s, int64_t now, arena *a, const char ***names, size_t *n,
                          nm_error *err);
} store_ops;

/* The head of every back end's handle. */
struct store {
    const store_ops *ops;
    char *where;      /* the database file, or the URL without its password */
    int schema_from;  /* the schema version found at open, before migrations */
};

/* The back ends' openers; on success *out is theirs to free with close. */
int store_sqlite_open(const char *site_dir, store **out, nm_error *err);
int store_pg_open(const char *url, store **out, nm_error *err);

/* SimHash bands of 16 bits, i = 0..3 (store_sqlite.c explains them). */
static inline int store_band(uint64_t h, int i) { return (int)((h >> (16 * i)) & 0xffff); }

#endif
