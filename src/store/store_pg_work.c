/*
 * store_pg_work.c — the calls of store.h that only a PostgreSQL store
 * answers: fetch workers sharing the store (feeds and hosts leased with
 * FOR UPDATE SKIP LOCKED, advisory locks per story bucket) and the files
 * kept in it until `newsmill sync` writes them (posts, and the images
 * that workers mirror, under their source/ paths).
 *
 * A host's row is the politeness budget of feeds, article pages and
 * images alike: a worker leases the hosts it is about to fetch from, and
 * gives them back with the time from which another may start (the host's
 * interval holds across workers).
 *
 * Not here: the connection, the schema and the calls both back ends
 * answer (store_pg.c).
 */
#include "store_pg_int.h"

#include <string.h>

enum {
    W_REGISTER, W_REGISTER_HOST, W_HOSTS_ADD, W_WORKER_SEEN, W_CLAIM, W_HOLD, W_RENEW, W_END,
    W_LOCK_STORIES, W_POST_PUT, W_POSTS_AFTER, W_TAKE_ITEM, W_POST_GET, W_POST_LOCK,
    W_HOSTS_LEASE, W_HOST_HOLD, W_HOSTS_RELEASE, W_ACTIVE, W__N
};

static const pg_query queries[W__N] = {
    [W_REGISTER] = {1, "INSERT INTO feeds(url) SELECT u FROM unnest($1::text[]) AS u"
                       " ON CONFLICT (md5(url)) DO NOTHING"},
    [W_REGISTER_HOST] = {2, "UPDATE feeds SET host = t.h FROM unnest($1::text[], $2::text[])"
                            " AS t(u, h) WHERE md5(feeds.url) = md5(t.u) AND feeds.url = t.u"
                            " AND feeds.host IS DISTINCT FROM t.h"},
    [W_HOSTS_ADD] = {1, "INSERT INTO hosts(host) SELECT DISTINCT h FROM unnest($1::text[]) AS h"
                        " ON CONFLICT (host) DO NOTHING"},
    [W_WORKER_SEEN] = {2, "INSERT INTO workers(name, started, last_seen) VALUES($1, $2, $2)"
                          " ON CONFLICT (name) DO UPDATE SET last_seen = EXCLUDED.last_seen"},
    /* Hosts with due feeds, free ones first, then this worker's that have
     * no feed of it in flight, locked (SKIP
     * LOCKED: those another worker is claiming are passed over), leased;
     * then up to $5 due, unclaimed feeds of each, leased. One statement:
     * one round trip, one commit. */
    [W_CLAIM] = {5, "WITH h AS (SELECT host FROM hosts WHERE (claimed_until < $2"
                    " OR (claimed_by = $1 AND NOT EXISTS (SELECT 1 FROM feeds g"
                    " WHERE g.host = hosts.host AND g.claimed_by = $1"
                    " AND g.claimed_until >= $2))) AND EXISTS"
                    " (SELECT 1 FROM feeds f WHERE f.host = hosts.host AND f.next_due <= $2"
                    " AND f.claimed_until < $2)"
                    " ORDER BY claimed_by IS NOT DISTINCT FROM $1, host"
                    " LIMIT $4 FOR UPDATE SKIP LOCKED),"
                    " hu AS (UPDATE hosts SET claimed_by = $1, claimed_until = $3"
                    " WHERE host IN (SELECT host FROM h)),"
                    " f AS (SELECT x.id FROM h, LATERAL (SELECT id FROM feeds"
                    " WHERE feeds.host = h.host AND next_due <= $2 AND claimed_until < $2"
                    " ORDER BY next_due, id LIMIT $5) x)"
                    " UPDATE feeds SET claimed_by = $1, claimed_until = $3"
                    " FROM f WHERE feeds.id = f.id"
                    " RETURNING feeds.id, url, etag, last_modified, moved_to, last_fetch, last_ok,"
                    " next_due, last_status, error_count, last_error, ttl_minutes"},
    [W_HOLD] = {2, "UPDATE feeds SET claimed_by = NULL, claimed_until = 0"
                   " WHERE id = $1 AND claimed_by = $2 RETURNING 1"},
    [W_RENEW] = {2, "WITH h AS (UPDATE hosts SET claimed_until = $2 WHERE claimed_by = $1)"
                    " UPDATE feeds SET claimed_until = $2 WHERE claimed_by = $1"},
    [W_END] = {1, "WITH h AS (UPDATE hosts SET claimed_by = NULL, claimed_until = 0"
                  " WHERE claimed_by = $1)"
                  " UPDATE feeds SET claimed_by = NULL, claimed_until = 0 WHERE claimed_by = $1"},
    [W_LOCK_STORIES] = {1, "SELECT pg_advisory_xact_lock(" LOCKS ", k)"
                           " FROM unnest($1::int[]) AS k"},
    /* the lock first (FROM l), then the row and its seq */
    [W_POST_PUT] = {3, "WITH l AS (SELECT pg_advisory_xact_lock(" LOCKS ", " POSTS_LOCK "))"
                       " INSERT INTO posts(path, bytes, written) SELECT $1, $2, $3 FROM l"
                       " ON CONFLICT (md5(path)) DO UPDATE SET"
                       " seq = nextval(pg_get_serial_sequence('posts', 'seq')),"
                       " path = EXCLUDED.path, bytes = EXCLUDED.bytes, written = EXCLUDED.written"},
    [W_POSTS_AFTER] = {2, "SELECT seq, path, bytes FROM posts WHERE seq > $1 ORDER BY seq"
                          " LIMIT $2"},
    [W_TAKE_ITEM] = {12, "SELECT newsmill_take_item($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
                         " $11, $12)"},
    [W_POST_GET] = {2, "SELECT seq, path, CASE WHEN $2 THEN bytes END, octet_length(bytes)"
                       " FROM posts WHERE md5(path) = md5($1) AND path = $1"},
    [W_POST_LOCK] = {2, "SELECT seq, path, CASE WHEN $2 THEN bytes END, octet_length(bytes)"
                        " FROM posts WHERE md5(path) = md5($1) AND path = $1 FOR UPDATE"},
    /* the free ones of the hosts asked for, or this worker's own; those
     * another worker is leasing at this moment are passed over */
    [W_HOSTS_LEASE] = {5, "WITH h AS (SELECT host FROM hosts WHERE host = ANY($2::text[])"
                          " AND (claimed_until < $3 OR claimed_by = $1) ORDER BY host"
                          " LIMIT $5 FOR UPDATE SKIP LOCKED)"
                          " UPDATE hosts SET claimed_by = $1, claimed_until = $4 FROM h"
                          " WHERE hosts.host = h.host RETURNING hosts.host"},
    [W_HOST_HOLD] = {2, "SELECT 1 FROM hosts WHERE host = $1 AND claimed_by = $2 FOR UPDATE"},
    [W_HOSTS_RELEASE] = {3, "UPDATE hosts SET claimed_by = NULL, claimed_until = $3"
                            " WHERE claimed_by = $1 AND host = ANY($2::text[])"},
    [W_ACTIVE] = {1, "SELECT DISTINCT w COLLATE \"C\" FROM (SELECT claimed_by AS w,"
                     " claimed_until AS u FROM hosts UNION ALL SELECT claimed_by, claimed_until"
                     " FROM feeds) x WHERE w IS NOT NULL AND u >= $1 ORDER BY 1"},
};

static PGresult *run(pg_store *s, int which, const char *const *vals, nm_error *err,
                     const char *what)
{
    return pg_run(s, queries, 'w', which, vals, err, what);
}

static int run0(pg_store *s, int which, const char *const *vals, nm_error *err, const char *what)
{
    return pg_run0(s, queries, 'w', which, vals, err, what);
}

int pg_work_prepare(pg_store *s, nm_error *err)
{
    return pg_prepare(s, queries, W__N, 'w', err);
}

/* Column 0 of every row of r, as strings in a; the array ends with NULL. */
static const char **texts(PGresult *r, arena *a, size_t *n)
{
    *n = (size_t)nm_pq.ntuples(r);
    const char **list = arena_new_array(a, const char *, *n + 1);
    for (size_t i = 0; i < *n; i++)
        list[i] = pg_get_text(r, (int)i, 0, a);
    return list;
}

/* A text[] literal of n strings: {"a","b\"c"}; malloc. */
static char *text_array(const char *const *v, size_t n)
{
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    buf_putc(&b, '{');
    for (size_t i = 0; i < n; i++) {
        buf_puts(&b, i ? ",\"" : "\"");
        for (const char *p = v[i] ? v[i] : ""; *p; p++) {
            if (*p == '"' || *p == '\\')
                buf_putc(&b, '\\');
            buf_putc(&b, *p);
        }
        buf_putc(&b, '"');
    }
    buf_putc(&b, '}');
    return buf_detach(&b, NULL);
}

int pg_feeds_register(store *b, const char *const *url, const char *const *host,
                      size_t n, nm_error *err)
{
    pg_store *s = (pg_store *)b;
    char *urls = text_array(url, n), *hosts = text_array(host, n);
    const char *v1[] = {urls}, *v2[] = {urls, hosts}, *v3[] = {hosts};
    int rc = run0(s, W_REGISTER, v1, err, "cannot add feeds") ||
             run0(s, W_REGISTER_HOST, v2, err, "cannot set feeds' hosts") ||
             run0(s, W_HOSTS_ADD, v3, err, "cannot add hosts") ? -1 : 0;
    free(urls);
    free(hosts);
    return rc;
}

int pg_worker_session(store *b, int seconds, nm_error *err)
{
    char sql[96];
    snprintf(sql, sizeof sql, "SET idle_in_transaction_session_timeout = %d", seconds * 1000);
    return pg_exec((pg_store *)b, sql, err);
}

int pg_worker_seen(store *b, const char *worker, int64_t now, nm_error *err)
{
    char t[24];
    const char *vals[] = {worker, pg_i64(t, now)};
    return run0((pg_store *)b, W_WORKER_SEEN, vals, err, "cannot record a worker");
}

int pg_claim(store *b, const char *worker, int64_t now, int64_t until, int max_hosts,
                    int per_host, arena *a, store_feed **out, size_t *n, nm_error *err)
{
    char t[4][24];
    const char *vals[] = {worker, pg_i64(t[0], now), pg_i64(t[1], until), pg_i64(t[2], max_hosts),
                          pg_i64(t[3], per_host)};
    PGresult *r = run((pg_store *)b, W_CLAIM, vals, err, "cannot claim feeds");
    if (!r)
        return -1;
    *out = pg_rows(r, a, sizeof(**out), n);
    for (int i = 0; i < (int)*n; i++) {
        store_feed *f = &(*out)[i];
        f->id = pg_get_i64(r, i, 0);
        f->url = pg_get_text(r, i, 1, a);
        f->etag = pg_get_text(r, i, 2, a);
        f->last_modified = pg_get_text(r, i, 3, a);
        f->moved_to = pg_get_text(r, i, 4, a);
        f->last_fetch = pg_get_i64(r, i, 5);
        f->last_ok = pg_get_i64(r, i, 6);
        f->next_due = pg_get_i64(r, i, 7);
        f->last_status = (int)pg_get_i64(r, i, 8);
        f->error_count = (int)pg_get_i64(r, i, 9);
        f->last_error = pg_get_text(r, i, 10, a);
        f->ttl_minutes = (int)pg_get_i64(r, i, 11);
    }
    nm_pq.clear(r);
    return 0;
}

int pg_claim_hold(store *b, int64_t feed_id, const char *worker, nm_error *err)
{
    char t[24];
    const char *vals[] = {pg_i64(t, feed_id), worker};
    PGresult *r = run((pg_store *)b, W_HOLD, vals, err, "cannot check a feed's lease");
    if (!r)
        return -1;
    int held = nm_pq.ntuples(r) > 0;
    nm_pq.clear(r);
    return held;
}

int pg_claim_renew(store *b, const char *worker, int64_t until, nm_error *err)
{
    char t[24];
    const char *vals[] = {worker, pg_i64(t, until)};
    return run0((pg_store *)b, W_RENEW, vals, err, "cannot renew leases");
}

int pg_claim_end(store *b, const char *worker, nm_error *err)
{
    const char *vals[] = {worker};
    return run0((pg_store *)b, W_END, vals, err, "cannot give leases back");
}

int pg_lock_stories(store *b, const int *keys, size_t n, nm_error *err)
{
    nm_buf a;
    buf_init(&a, NM_BUF_NOLIMIT);
    buf_putc(&a, '{');
    for (size_t i = 0; i < n; i++)
        buf_printf(&a, "%s%d", i ? "," : "", keys[i]);
    buf_putc(&a, '}');
    const char *vals[] = {buf_cstr(&a)};
    int rc = run0((pg_store *)b, W_LOCK_STORIES, vals, err, "cannot lock stories");
    buf_free(&a);
    return rc;
}

int pg_post_put(store *b, const char *path, const char *bytes, size_t len, int64_t now,
                       nm_error *err)
{
    /* bytes is a C string (text parameters end at their NUL) */
    char t[24];
    const char *vals[] = {path, bytes, pg_i64(t, now)};
    if (strlen(bytes) != len)
        return nm_fail(err, path, 0, "a post with a NUL byte cannot be stored");
    return run0((pg_store *)b, W_POST_PUT, vals, err, "cannot store a post");
}

int pg_item_take(store *b, const store_item *it, const char *bytes, size_t len,
                        int max_dist, int64_t window, nm_error *err)
{
    char n[7][24];
    if (strlen(bytes) != len)
        return nm_fail(err, it->post_path, 0, "a post with a NUL byte cannot be stored");
    const char *vals[] = {pg_i64(n[0], it->feed_id), it->ident, it->guid, it->link,
                          pg_i64(n[1], (int64_t)it->content_hash),
                          pg_i64(n[2], (int64_t)it->simhash),
                          it->post_path, pg_i64(n[3], it->item_time), pg_i64(n[4], it->first_seen),
                          bytes, pg_i64(n[5], max_dist), pg_i64(n[6], window)};
    PGresult *r = run((pg_store *)b, W_TAKE_ITEM, vals, err, "cannot take an item");
    if (!r)
        return -1;
    int v = nm_pq.ntuples(r) ? (int)pg_get_i64(r, 0, 0) : -1;
    nm_pq.clear(r);
    return v < 0 ? nm_fail(err, ((pg_store *)b)->base.where, 0, "cannot take an item") : v;
}

int pg_posts_after(store *b, int64_t after, size_t max, arena *a, store_post **out,
                          size_t *n, nm_error *err)
{
    char t[2][24];
    const char *vals[] = {pg_i64(t[0], after),
                          pg_i64(t[1], max > INT64_MAX ? INT64_MAX : (int64_t)max)};
    PGresult *r = run((pg_store *)b, W_POSTS_AFTER, vals, err, "cannot read posts");
    if (!r)
        return -1;
    *out = pg_rows(r, a, sizeof(**out), n);
    for (int i = 0; i < (int)*n; i++) {
        store_post *p = &(*out)[i];
        p->seq = pg_get_i64(r, i, 0);
        p->path = pg_get_text(r, i, 1, a);
        p->bytes = pg_get_text(r, i, 2, a);
        p->len = strlen(p->bytes);
    }
    nm_pq.clear(r);
    return 0;
}

int pg_post_get(store *b, const char *path, bool bytes, bool lock, arena *a, store_post *out,
                nm_error *err)
{
    const char *vals[] = {path, bytes ? "true" : "false"};
    PGresult *r = run((pg_store *)b, lock ? W_POST_LOCK : W_POST_GET, vals, err,
                      "cannot read a post");
    if (!r)
        return -1;
    int found = nm_pq.ntuples(r) > 0;
    if (found) {
        out->seq = pg_get_i64(r, 0, 0);
        out->path = pg_get_text(r, 0, 1, a);
        out->bytes = bytes ? pg_get_text(r, 0, 2, a) : NULL;
        out->len = (size_t)pg_get_i64(r, 0, 3);
    }
    nm_pq.clear(r);
    return found;
}

int pg_hosts_lease(store *b, const char *worker, const char *const *hosts, size_t n,
                   size_t max, int64_t now, int64_t until, arena *a, const char ***got,
                   size_t *ngot, nm_error *err)
{
    pg_store *s = (pg_store *)b;
    char *list = text_array(hosts, n);
    char t[3][24];
    const char *v1[] = {list};
    const char *v2[] = {worker, list, pg_i64(t[0], now), pg_i64(t[1], until),
                        pg_i64(t[2], max ? (int64_t)max : (int64_t)n)};
    PGresult *r = NULL;
    if (run0(s, W_HOSTS_ADD, v1, err, "cannot add hosts") == 0)
        r = run(s, W_HOSTS_LEASE, v2, err, "cannot lease hosts");
    free(list);
    if (!r)
        return -1;
    *got = texts(r, a, ngot);
    nm_pq.clear(r);
    return 0;
}

int pg_host_hold(store *b, const char *host, const char *worker, nm_error *err)
{
    const char *vals[] = {host, worker};
    PGresult *r = run((pg_store *)b, W_HOST_HOLD, vals, err, "cannot check a host's lease");
    if (!r)
        return -1;
    int held = nm_pq.ntuples(r) > 0;
    nm_pq.clear(r);
    return held;
}

int pg_hosts_release(store *b, const char *worker, const char *const *hosts, size_t n,
                     int64_t free_at, nm_error *err)
{
    char *list = text_array(hosts, n);
    char t[24];
    const char *vals[] = {worker, list, pg_i64(t, free_at)};
    int rc = run0((pg_store *)b, W_HOSTS_RELEASE, vals, err, "cannot give hosts back");
    free(list);
    return rc;
}

int pg_workers_active(store *b, int64_t now, arena *a, const char ***names, size_t *n,
                      nm_error *err)
{
    char t[24];
    const char *vals[] = {pg_i64(t, now)};
    PGresult *r = run((pg_store *)b, W_ACTIVE, vals, err, "cannot list the workers");
    if (!r)
        return -1;
    *names = texts(r, a, n);
    nm_pq.clear(r);
    return 0;
}
