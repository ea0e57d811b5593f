/*
 * store.c — store.h's front: which back end a site uses, and the one
 * place every call is dispatched to it.
 *
 * The choice is made once per store_open, from NEWSMILL_STORE, else
 * `newsmill: store:` in the site's _config.yml, else SQLite; from then on
 * a store is a table of operations (store_int.h) and the functions below
 * are calls through it. What both back ends do the same way is written
 * here once: the counts of `store status` and the statements of
 * transactions and savepoints, as SQL both accept, and a feed's row
 * added when it is missing.
 *
 * Not here: SQL dialects (store_sqlite.c, store_pg.c) and the dump's
 * format (dump.c).
 */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

static bool is_pg_url(const char *v)
{
    return strncmp(v, "postgresql://", 13) == 0 || strncmp(v, "postgres://", 11) == 0;
}

/* The configured store: "sqlite" or a URL, in a; *where and *line say
 * where it was read, for messages. */
static int locate(const char *site_dir, arena *a, const char **value, const char **where,
                  long *line, nm_error *err)
{
    const char *env = getenv("NEWSMILL_STORE");
    *line = 0;
    if (env && *env) {
        *value = env;
        *where = "NEWSMILL_STORE";
        return 0;
    }
    static const char *const keys[] = {"newsmill", "store", NULL};
    *where = arena_printf(a, "%s/_config.yml", site_dir);
    int rc = yaml_scalar_at(*where, keys, a, value, line, err);
    if (rc < 0)
        return -1;
    if (rc == 0 || !**value)
        *value = "sqlite";
    return 0;
}

int store_open(const char *site_dir, store **out, nm_error *err)
{
    *out = NULL;
    arena *a = arena_new(0);
    const char *value, *where;
    long line;
    int rc = locate(site_dir, a, &value, &where, &line, err);
    if (rc == 0) {
        if (strcmp(value, "sqlite") == 0)
            rc = store_sqlite_open(site_dir, out, err);
        else if (is_pg_url(value))
            rc = store_pg_open(value, out, err);
        else
            rc = nm_fail(err, where, line,
                         "store must be 'sqlite' or a postgresql:// URL, not '%.200s'", value);
    }
    arena_free(a);
    return rc;
}

int store_exists(const char *site_dir)
{
    arena *a = arena_new(0);
    const char *value, *where;
    long line;
    nm_error err;
    int rc = 1; /* a bad setting: let store_open say what is wrong */
    if (locate(site_dir, a, &value, &where, &line, &err) == 0 && strcmp(value, "sqlite") == 0)
        rc = fs_exists(arena_printf(a, "%s/" STORE_PATH, site_dir));
    arena_free(a);
    return rc;
}

bool store_configured_shared(const char *site_dir)
{
    arena *a = arena_new(0);
    const char *value, *where;
    long line;
    nm_error err;
    bool pg = locate(site_dir, a, &value, &where, &line, &err) == 0 && is_pg_url(value);
    arena_free(a);
    return pg;
}

void store_close(store *s)
{
    if (s)
        s->ops->close(s);
}

int store_schema_version(store *s) { return s->ops->schema_version(s); }
int store_schema_found(store *s) { return s->schema_from; }
const char *store_backend(store *s) { return s->ops->name; }
const char *store_where(store *s) { return s->where; }

int store_begin(store *s, nm_error *err) { return s->ops->begin(s, err); }
/* The same statements on both back ends: a unit of work is the savepoint
 * "unit", released or rolled back to (and then released). */
int store_commit(store *s, nm_error *err) { return s->ops->exec(s, "COMMIT", err); }
void store_rollback(store *s) { s->ops->exec(s, "ROLLBACK", NULL); }
int store_savepoint(store *s, nm_error *err) { return s->ops->exec(s, "SAVEPOINT unit", err); }
int store_release(store *s, nm_error *err) { return s->ops->exec(s, "RELEASE unit", err); }
void store_rollback_to(store *s) { s->ops->exec(s, "ROLLBACK TO unit; RELEASE unit", NULL); }

int store_feed_get(store *s, const char *url, bool create, arena *a, store_feed *out,
                   nm_error *err)
{
    int rc = s->ops->feed_get(s, url, a, out, err);
    if (rc == 1 && create)
        rc = s->ops->feed_add(s, url, err) ? -1 : s->ops->feed_get(s, url, a, out, err);
    return rc;
}

int store_feed_put(store *s, const store_feed *f, nm_error *err)
{
    return s->ops->feed_put(s, f, err);
}

int store_feed_delete(store *s, const char *url, nm_error *err)
{
    return s->ops->feed_delete(s, url, err);
}

int store_item_known(store *s, int64_t feed_id, const char *ident, int64_t *item_id,
                     nm_error *err)
{
    return s->ops->item_known(s, feed_id, ident, item_id, err);
}

int store_item_by_link(store *s, int64_t feed_id, const char *link, arena *a, store_item *out,
                       nm_error *err)
{
    return s->ops->item_by_link(s, feed_id, link, a, out, err);
}

int store_item_similar(store *s, int64_t feed_id, uint64_t simhash, int max_dist, int64_t t,
                       int64_t window, int64_t *item_id, nm_error *err)
{
    return s->ops->item_similar(s, feed_id, simhash, max_dist, t, window, item_id, err);
}

int store_item_add(store *s, store_item *it, nm_error *err)
{
    return s->ops->item_add(s, it, err);
}

int store_alias_add(store *s, int64_t item_id, int64_t feed_id, const char *ident,
                    nm_error *err)
{
    return s->ops->alias_add(s, item_id, feed_id, ident, err);
}

int store_item_paths(store *s, int (*fn)(const char *path, void *ctx), void *ctx,
                     nm_error *err)
{
    return s->ops->item_paths(s, fn, ctx, err);
}

int store_item_has_path(store *s, const char *path) { return s->ops->item_has_path(s, path); }

int store_item_forget_path(store *s, const char *path, nm_error *err)
{
    return s->ops->item_forget_path(s, path, err);
}

int store_page_add(store *s, const store_page *pg, nm_error *err)
{
    return s->ops->page_add(s, pg, err);
}

int store_pages_due(store *s, int64_t now, bool all, arena *a, store_page **out, size_t *n,
                    nm_error *err)
{
    return s->ops->pages_due(s, now, all, a, out, n, err);
}

int store_page_done(store *s, int64_t item_id, nm_error *err)
{
    return s->ops->retry_done(s, STORE_PAGES, item_id, err);
}

int store_page_failed(store *s, int64_t item_id, int attempts, int64_t next_try,
                      const char *error, nm_error *err)
{
    return s->ops->retry_failed(s, STORE_PAGES, item_id, attempts, next_try, error, err);
}

int store_post_images_add(store *s, int64_t item_id, int64_t next_try, nm_error *err)
{
    return s->ops->post_images_add(s, item_id, next_try, err);
}

int store_post_images_due(store *s, int64_t now, bool all, size_t max, arena *a,
                          store_post_images **out, size_t *n, nm_error *err)
{
    return s->ops->post_images_due(s, now, all, max, a, out, n, err);
}

int store_post_images_done(store *s, int64_t item_id, nm_error *err)
{
    return s->ops->retry_done(s, STORE_POST_IMAGES, item_id, err);
}

int store_post_images_failed(store *s, int64_t item_id, int attempts, int64_t next_try,
                             const char *error, nm_error *err)
{
    return s->ops->retry_failed(s, STORE_POST_IMAGES, item_id, attempts, next_try, error,
                                err);
}

int store_image_url_get(store *s, const char *url, arena *a, const char **local,
                        const char **refused)
{
    return s->ops->image_url_get(s, url, a, local, refused);
}

int store_image_url_put(store *s, const char *url, const char *local, const char *refused,
                        nm_error *err)
{
    return s->ops->image_url_put(s, url, local, refused, err);
}

/* ---- counts ---------------------------------------------------------------- */

static int64_t count(store *s, const char *sql)
{
    int64_t n = 0;
    nm_error err;
    return s->ops->scalar(s, sql, &n, &err) ? 0 : n;
}

int64_t store_item_count(store *s) { return count(s, "SELECT count(*) FROM items"); }
int64_t store_page_count(store *s) { return count(s, "SELECT count(*) FROM pages"); }
int64_t store_post_images_count(store *s)
{
    return count(s, "SELECT count(*) FROM post_images");
}

int store_get_stats(store *s, int64_t now, store_stats *out, nm_error *err)
{
    /* now is a number printed by us, not outside text: safe inside SQL. */
    struct {
        int64_t *slot;
        const char *sql;
    } q[] = {
        {&out->feeds, "SELECT count(*) FROM feeds"},
        {&out->feeds_due, "SELECT count(*) FROM feeds WHERE next_due <= %lld"},
        {&out->feeds_failing, "SELECT count(*) FROM feeds WHERE error_count > 0"},
        {&out->feeds_never, "SELECT count(*) FROM feeds WHERE last_fetch = 0"},
        {&out->oldest_fetch, "SELECT min(last_fetch) FROM feeds WHERE last_fetch > 0"},
        {&out->newest_fetch, "SELECT max(last_fetch) FROM feeds"},
        {&out->next_due, "SELECT min(next_due) FROM feeds WHERE next_due > %lld"},
        {&out->items, "SELECT count(*) FROM items"},
        {&out->aliases, "SELECT count(*) FROM aliases"},
        {&out->pages, "SELECT count(*) FROM pages"},
        {&out->pages_due, "SELECT count(*) FROM pages WHERE next_try <= %lld"},
    };
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < NM_ARRAY_LEN(q); i++) {
        char sql[256];
        snprintf(sql, sizeof(sql), q[i].sql, (long long)now);
        if (s->ops->scalar(s, sql, q[i].slot, err))
            return -1;
    }
    return 0;
}

int store_get_worker_stats(store *s, int64_t now, int64_t synced, store_worker_stats *out,
                           nm_error *err)
{
    struct {
        int64_t *slot;
        const char *sql;
        int64_t arg;
    } q[] = {
        {&out->leases, "SELECT count(*) FROM feeds WHERE claimed_until > %lld", now},
        {&out->workers, "SELECT count(*) FROM workers WHERE last_seen > %lld", now - 3600},
        /* posts, not the images workers keep beside them (kept.c) */
        {&out->posts, "SELECT count(*) FROM posts WHERE seq > %lld"
                      " AND path NOT LIKE 'source/images/%%'", 0},
        {&out->unsynced, "SELECT count(*) FROM posts WHERE seq > %lld"
                         " AND path NOT LIKE 'source/images/%%'", synced},
        {&out->oldest_unsynced, "SELECT min(written) FROM posts WHERE seq > %lld"
                                " AND path NOT LIKE 'source/images/%%'", synced},
    };
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < NM_ARRAY_LEN(q); i++) {
        char sql[256];
        snprintf(sql, sizeof(sql), q[i].sql, (long long)q[i].arg);
        if (s->ops->scalar(s, sql, q[i].slot, err))
            return -1;
    }
    return 0;
}

/* ---- fetch workers and posts in the store --------------------------------- */

static int not_shared(store *s, nm_error *err)
{
    return nm_fail(err, s->where, 0,
                   "fetch workers and posts kept in the store need a PostgreSQL store "
                   "(newsmill: store: postgresql://...), not %s", s->ops->name);
}

bool store_shared(store *s) { return s->ops->claim != NULL; }

int store_feeds_register(store *s, const char *const *url, const char *const *host, size_t n,
                         nm_error *err)
{
    return s->ops->feeds_register ? s->ops->feeds_register(s, url, host, n, err)
                                  : not_shared(s, err);
}

int store_worker_session(store *s, int seconds, nm_error *err)
{
    return s->ops->worker_session ? s->ops->worker_session(s, seconds, err) : not_shared(s, err);
}

int store_worker_seen(store *s, const char *worker, int64_t now, nm_error *err)
{
    return s->ops->worker_seen ? s->ops->worker_seen(s, worker, now, err) : not_shared(s, err);
}

int store_claim(store *s, const char *worker, int64_t now, int64_t until, int max_hosts,
                int per_host, arena *a, store_feed **out, size_t *n, nm_error *err)
{
    *out = NULL;
    *n = 0;
    return s->ops->claim ? s->ops->claim(s, worker, now, until, max_hosts, per_host, a, out, n,
                                         err)
                         : not_shared(s, err);
}

int store_claim_hold(store *s, int64_t feed_id, const char *worker, nm_error *err)
{
    return s->ops->claim_hold ? s->ops->claim_hold(s, feed_id, worker, err) : not_shared(s, err);
}

int store_claim_renew(store *s, const char *worker, int64_t until, nm_error *err)
{
    return s->ops->claim_renew ? s->ops->claim_renew(s, worker, until, err) : not_shared(s, err);
}

int store_claim_end(store *s, const char *worker, nm_error *err)
{
    return s->ops->claim_end ? s->ops->claim_end(s, worker, err) : not_shared(s, err);
}

int64_t store_feeds_due(store *s, int64_t now)
{
    char sql[128];
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM feeds WHERE next_due <= %lld AND host IS NOT NULL",
             (long long)now);
    int64_t n = 0;
    nm_error err;
    return s->ops->scalar(s, sql, &n, &err) ? -1 : n;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int store_lock_stories(store *s, const uint64_t *simhash, size_t n, nm_error *err)
{
    if (!s->ops->lock_stories)
        return not_shared(s, err);
    /* A lock per (band, value): 4 × 65,536 keys, taken in ascending order
     * by every worker, so that two units never wait for each other. */
    int *keys = xcalloc(4 * n + 1, sizeof(*keys));
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (simhash[i])
            for (int b = 0; b < 4; b++)
                keys[k++] = b << 16 | store_band(simhash[i], b);
    qsort(keys, k, sizeof(*keys), cmp_int);
    size_t m = 0;
    for (size_t i = 0; i < k; i++)
        if (m == 0 || keys[m - 1] != keys[i])
            keys[m++] = keys[i];
    int rc = m ? s->ops->lock_stories(s, keys, m, err) : 0;
    free(keys);
    return rc;
}

int store_post_put(store *s, const char *path, const char *bytes, size_t len, int64_t now,
                   nm_error *err)
{
    return s->ops->post_put ? s->ops->post_put(s, path, bytes, len, now, err)
                            : not_shared(s, err);
}

int store_item_take(store *s, const store_item *it, const char *bytes, size_t len, int max_dist,
                    int64_t window, nm_error *err)
{
    return s->ops->item_take ? s->ops->item_take(s, it, bytes, len, max_dist, window, err)
                             : not_shared(s, err);
}

int store_posts_after(store *s, int64_t after, size_t max, arena *a, store_post **out,
                      size_t *n, nm_error *err)
{
    *out = NULL;
    *n = 0;
    return s->ops->posts_after ? s->ops->posts_after(s, after, max, a, out, n, err)
                               : not_shared(s, err);
}

int store_post_get(store *s, const char *path, bool bytes, bool lock, arena *a, store_post *out,
                   nm_error *err)
{
    memset(out, 0, sizeof(*out));
    return s->ops->post_get ? s->ops->post_get(s, path, bytes, lock, a, out, err)
                            : not_shared(s, err);
}

int64_t store_posts_last(store *s)
{
    int64_t n = 0;
    nm_error err;
    return s->ops->scalar(s, "SELECT coalesce(max(seq), 0) FROM posts", &n, &err) ? -1 : n;
}

int store_hosts_lease(store *s, const char *worker, const char *const *hosts, size_t n,
                      size_t max, int64_t now, int64_t until, arena *a, const char ***got,
                      size_t *ngot, nm_error *err)
{
    *got = NULL;
    *ngot = 0;
    if (!s->ops->hosts_lease)
        return not_shared(s, err);
    return n ? s->ops->hosts_lease(s, worker, hosts, n, max, now, until, a, got, ngot, err) : 0;
}

int store_host_hold(store *s, const char *host, const char *worker, nm_error *err)
{
    return s->ops->host_hold ? s->ops->host_hold(s, host, worker, err) : not_shared(s, err);
}

int store_hosts_release(store *s, const char *worker, const char *const *hosts, size_t n,
                        int64_t free_at, nm_error *err)
{
    if (!s->ops->hosts_release)
        return not_shared(s, err);
    return n ? s->ops->hosts_release(s, worker, hosts, n, free_at, err) : 0;
}

int store_workers_active(store *s, int64_t now, arena *a, const char ***names, size_t *n,
                         nm_error *err)
{
    *names = NULL;
    *n = 0;
    return s->ops->workers_active ? s->ops->workers_active(s, now, a, names, n, err)
                                  : not_shared(s, err);
}
