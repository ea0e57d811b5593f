/*
 * store_pg_int.h — what the files of the PostgreSQL back end share:
 * store_pg.c (connection, schema, the single-machine calls) and
 * store_pg_work.c (fetch workers, posts and images kept in the store).
 *
 * Queries are prepared once per connection from tables of pg_query;
 * each file has its own table and a letter that names its statements
 * ('q' and 'w'). Parameters and results travel as text.
 */
#ifndef NM_STORE_PG_INT_H
#define NM_STORE_PG_INT_H

#include "store_int.h"

#include "pq_lib.h"

#include <stdio.h>
#include <stdlib.h>

/* Advisory locks of fetch workers: (LOCKS, band << 16 | value) for a
 * story bucket, (LOCKS, POSTS_LOCK) for the posts' commit order; the
 * posts' key sorts after every bucket's, and buckets are taken in
 * ascending order, so no two units wait for each other. */
#define LOCKS "28269"               /* "nm" */
#define POSTS_LOCK "1073741824"     /* 1 << 30 */

typedef struct pg_store {
    store base;
    PGconn *conn;
} pg_store;

typedef struct pg_query {
    int nparams;
    const char *sql;
} pg_query;

/* The result when it is a success, else NULL with err (r cleared). */
PGresult *pg_ok(pg_store *s, PGresult *r, nm_error *err, const char *what);
int pg_exec(pg_store *s, const char *sql, nm_error *err);
/* Prepares q[0..n) as statements prefix0, prefix1 … */
int pg_prepare(pg_store *s, const pg_query *q, int n, char prefix, nm_error *err);
/* Runs statement q[which] (prepared with prefix); pg_run0 drops the rows. */
PGresult *pg_run(pg_store *s, const pg_query *q, char prefix, int which,
                 const char *const *vals, nm_error *err, const char *what);
int pg_run0(pg_store *s, const pg_query *q, char prefix, int which, const char *const *vals,
            nm_error *err, const char *what);

/* Decimal text of v in b (at least 24 bytes). */
static inline const char *pg_i64(char *b, int64_t v)
{
    snprintf(b, 24, "%lld", (long long)v);
    return b;
}

static inline int64_t pg_get_i64(PGresult *r, int row, int col)
{
    return nm_pq.getisnull(r, row, col) ? 0 : strtoll(nm_pq.getvalue(r, row, col), NULL, 10);
}

static inline const char *pg_get_text(PGresult *r, int row, int col, arena *a)
{
    return nm_pq.getisnull(r, row, col) ? NULL : arena_strdup(a, nm_pq.getvalue(r, row, col));
}

/* An array in a of one zeroed element of size bytes per row of r (NULL
 * when there is none); *n the rows. */
static inline void *pg_rows(PGresult *r, arena *a, size_t size, size_t *n)
{
    *n = (size_t)nm_pq.ntuples(r);
    return *n ? arena_zalloc(a, *n * size) : NULL;
}

/* Brings the schema to STORE_SCHEMA (store_pg_schema.c); sets
 * s->base.schema_from. */
int pg_migrate(pg_store *s, nm_error *err);

/* ---- store_pg_work.c: the calls of store_ops for fetch workers ------------ */

int pg_work_prepare(pg_store *s, nm_error *err);
int pg_feeds_register(store *b, const char *const *url, const char *const *host, size_t n,
                      nm_error *err);
int pg_worker_session(store *b, int seconds, nm_error *err);
int pg_worker_seen(store *b, const char *worker, int64_t now, nm_error *err);
int pg_claim(store *b, const char *worker, int64_t now, int64_t until, int max_hosts,
             int per_host, arena *a, store_feed **out, size_t *n, nm_error *err);
int pg_claim_hold(store *b, int64_t feed_id, const char *worker, nm_error *err);
int pg_claim_renew(store *b, const char *worker, int64_t until, nm_error *err);
int pg_claim_end(store *b, const char *worker, nm_error *err);
int pg_lock_stories(store *b, const int *keys, size_t n, nm_error *err);
int pg_post_put(store *b, const char *path, const char *bytes, size_t len, int64_t now,
                nm_error *err);
int pg_item_take(store *b, const store_item *it, const char *bytes, size_t len, int max_dist,
                 int64_t window, nm_error *err);
int pg_posts_after(store *b, int64_t after, size_t max, arena *a, store_post **out, size_t *n,
                   nm_error *err);
int pg_post_get(store *b, const char *path, bool bytes, bool lock, arena *a, store_post *out,
                nm_error *err);
int pg_hosts_lease(store *b, const char *worker, const char *const *hosts, size_t n,
                   size_t max, int64_t now, int64_t until, arena *a, const char ***got,
                   size_t *ngot, nm_error *err);
int pg_host_hold(store *b, const char *host, const char *worker, nm_error *err);
int pg_hosts_release(store *b, const char *worker, const char *const *hosts, size_t n,
                     int64_t free_at, nm_error *err);
int pg_workers_active(store *b, int64_t now, arena *a, const char ***names, size_t *n,
                      nm_error *err);

#endif
