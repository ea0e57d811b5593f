/*
 * store_sqlite.c — the SQLite back end of store.h.
 *
 * One database file per site, in WAL mode (readers never block the
 * writer; a killed writer loses at most its open transaction) with
 * synchronous=NORMAL, which in WAL mode is durable against process kills
 * and only risks the last transactions on power loss — the posts those
 * would have recorded are re-fetched, and their file names are stable.
 * Every query is prepared once, when the database is opened, and borrowed
 * from that cache for each call.
 *
 * SimHash search: a 64-bit fingerprint within 3 bits of another agrees
 * with it exactly on at least one of four 16-bit bands (pigeonhole), so
 * four indexed band columns turn the search into four index lookups.
 *
 * Not here: the schema and its migrations (store_sqlite_schema.c), what
 * counts as a duplicate (the ingest code decides) and any file I/O
 * besides the database.
 */
#include "store_sqlite_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const queries[Q__N] = {
    [Q_FEED_GET] = "SELECT id, url, etag, last_modified, moved_to, last_fetch, last_ok, next_due,"
                   " last_status, error_count, last_error, ttl_minutes FROM feeds WHERE url = ?1",
    [Q_FEED_ADD] = "INSERT INTO feeds(url) VALUES(?1)",
    [Q_FEED_PUT] = "UPDATE feeds SET etag=?2, last_modified=?3, moved_to=?4, last_fetch=?5,"
                   " last_ok=?6, next_due=?7, last_status=?8, error_count=?9, last_error=?10,"
                   " ttl_minutes=?11 WHERE id=?1",
    [Q_FEED_DEL] = "DELETE FROM feeds WHERE url = ?1",
    [Q_FEED_ITEMS] = "SELECT count(*) FROM items WHERE feed_id = ?1",
    [Q_KNOWN_ITEM] = "SELECT id FROM items WHERE feed_id = ?1 AND ident = ?2",
    [Q_KNOWN_ALIAS] = "SELECT item_id FROM aliases WHERE feed_id = ?1 AND ident = ?2",
    [Q_BY_LINK] = "SELECT id, ident, guid, link, content_hash, simhash, post_path, item_time,"
                  " first_seen FROM items WHERE feed_id = ?1 AND link = ?2"
                  " ORDER BY first_seen DESC, id DESC LIMIT 1",
    [Q_SIMILAR] = "SELECT id, simhash FROM items WHERE feed_id != ?1 AND simhash != 0 AND"
                  " item_time BETWEEN ?6 AND ?7 AND"
                  " (sh0 = ?2 OR sh1 = ?3 OR sh2 = ?4 OR sh3 = ?5) ORDER BY id",
    [Q_ITEM_ADD] = "INSERT INTO items(feed_id, ident, guid, link, content_hash, simhash, sh0, sh1,"
                   " sh2, sh3, post_path, item_time, first_seen)"
                   " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
    [Q_ALIAS_ADD] = "INSERT OR IGNORE INTO aliases(item_id, feed_id, ident) VALUES(?1,?2,?3)",
    [Q_PATHS] = "SELECT post_path FROM items ORDER BY post_path",
    [Q_HAS_PATH] = "SELECT 1 FROM items WHERE post_path = ?1",
    [Q_FORGET_VALIDATORS] = "UPDATE feeds SET etag = NULL, last_modified = NULL WHERE id IN"
                            " (SELECT feed_id FROM items WHERE post_path = ?1)",
    [Q_FORGET_ALIASES] = "DELETE FROM aliases WHERE item_id IN"
                         " (SELECT id FROM items WHERE post_path = ?1)",
    [Q_FORGET] = "DELETE FROM items WHERE post_path = ?1",
    [Q_PAGE_ADD] = "INSERT OR REPLACE INTO pages(item_id, url, attempts, next_try, feed_chars,"
                   " flags, last_error) VALUES(?1,?2,?3,?4,?5,?6,?7)",
    [Q_PAGES_DUE] = "SELECT p.item_id, p.url, p.attempts, p.next_try, p.feed_chars, p.flags,"
                    " p.last_error, i.post_path, f.url, i.feed_id FROM pages p"
                    " JOIN items i ON i.id = p.item_id JOIN feeds f ON f.id = i.feed_id"
                    " WHERE ?2 OR p.next_try <= ?1 ORDER BY p.item_id",
    [Q_PAGE_DONE] = "DELETE FROM pages WHERE item_id = ?1",
    [Q_PAGE_FAILED] = "UPDATE pages SET attempts = ?2, next_try = ?3, last_error = ?4"
                      " WHERE item_id = ?1",
    [Q_FORGET_PAGE] = "DELETE FROM pages WHERE item_id IN"
                      " (SELECT id FROM items WHERE post_path = ?1)",
    [Q_PIMG_ADD] = "INSERT OR REPLACE INTO post_images(item_id, attempts, next_try, last_error)"
                   " VALUES(?1, 0, ?2, NULL)",
    [Q_PIMG_DUE] = "SELECT p.item_id, p.attempts, p.next_try, p.last_error, i.post_path, i.link,"
                   " f.url FROM post_images p JOIN items i ON i.id = p.item_id"
                   " JOIN feeds f ON f.id = i.feed_id"
                   " WHERE ?2 OR p.next_try <= ?1 ORDER BY p.item_id LIMIT ?3",
    [Q_PIMG_DONE] = "DELETE FROM post_images WHERE item_id = ?1",
    [Q_PIMG_FAILED] = "UPDATE post_images SET attempts = ?2, next_try = ?3, last_error = ?4"
                      " WHERE item_id = ?1",
    [Q_FORGET_PIMG] = "DELETE FROM post_images WHERE item_id IN"
                      " (SELECT id FROM items WHERE post_path = ?1)",
    [Q_URL_GET] = "SELECT local, refused FROM image_urls WHERE url = ?1",
    [Q_URL_PUT] = "INSERT OR REPLACE INTO image_urls(url, local, refused) VALUES(?1, ?2, ?3)",
};

int sq_db_fail(sqlite_store *s, nm_error *err, const char *what)
{
    return nm_fail(err, s->path, 0, "%s: %s", what, sqlite3_errmsg(s->db));
}

int sq_exec(sqlite_store *s, const char *sql, nm_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        nm_fail(err, s->path, 0, "database: %s", msg ? msg : "error");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static void sq_close(store *b)
{
    sqlite_store *s = (sqlite_store *)b;
    for (int i = 0; i < Q__N; i++)
        sqlite3_finalize(s->q[i]);
    sqlite3_close(s->db);
    free(s->path);
    free(s);
}

static const store_ops sqlite_ops;

int store_sqlite_open(const char *site_dir, store **out, nm_error *err)
{
    *out = NULL;
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/" NM_STATE_DIR, site_dir);
    if (fs_mkdirs(dir, err))
        return -1;
    sqlite_store *s = xcalloc(1, sizeof(*s));
    s->base.ops = &sqlite_ops;
    size_t n = strlen(site_dir) + sizeof("/" STORE_PATH);
    s->path = xmalloc(n);
    snprintf(s->path, n, "%s/" STORE_PATH, site_dir);
    s->base.where = s->path;
    if (sqlite3_open_v2(s->path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        sq_db_fail(s, err, "cannot open the database");
        sq_close(&s->base);
        return -1;
    }
    sqlite3_busy_timeout(s->db, 10000);
    /* temp_store=MEMORY keeps statement journals (each INSERT into an
     * indexed table inside the batch's transaction opens one) off the disk;
     * a 16 MiB page cache holds the item indexes of a large site; a WAL of
     * up to 8192 pages between checkpoints copies a page often rewritten
     * (an index's) into the database once instead of many times. */
    if (sq_exec(s,
             "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
             " PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16384;"
             " PRAGMA wal_autocheckpoint=8192;",
             err) ||
        sq_migrate(s, err)) {
        sq_close(&s->base);
        return -1;
    }
    for (int i = 0; i < Q__N; i++)
        if (sqlite3_prepare_v3(s->db, queries[i], -1, SQLITE_PREPARE_PERSISTENT, &s->q[i], NULL) !=
            SQLITE_OK) {
            sq_db_fail(s, err, "cannot prepare a query");
            sq_close(&s->base);
            return -1;
        }
    *out = &s->base;
    return 0;
}

static int sq_begin(store *b, nm_error *err) { return sq_exec((sqlite_store *)b, "BEGIN IMMEDIATE", err); }
static int sq_exec_op(store *b, const char *sql, nm_error *err)
{
    return sq_exec((sqlite_store *)b, sql, err);
}

/* Borrow a cached statement, reset and unbound. */
static sqlite3_stmt *q(sqlite_store *s, int which)
{
    sqlite3_stmt *st = s->q[which];
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return st;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static const char *col_text(sqlite3_stmt *st, int i, arena *a)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? arena_strdup(a, (const char *)t) : NULL;
}

/* An array in a that holds n of *cap elements of size bytes, with room
 * for one more: when full, a zeroed copy twice as large (64 at first). */
static void *room_for_one(arena *a, void *array, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return array;
    *cap = *cap ? *cap * 2 : 64;
    void *grown = arena_zalloc(a, *cap * size);
    if (n)
        memcpy(grown, array, n * size);
    return grown;
}

/* Steps a statement that returns no rows. */
static int run(sqlite_store *s, sqlite3_stmt *st, nm_error *err, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return sq_db_fail(s, err, what);
    return 0;
}

/* Runs statement which, whose one parameter is text, for no rows. */
static int run_text(sqlite_store *s, int which, const char *text, nm_error *err,
                    const char *what)
{
    sqlite3_stmt *st = q(s, which);
    bind_text(st, 1, text);
    return run(s, st, err, what);
}

static int sq_feed_get(store *b, const char *url, arena *a, store_feed *out, nm_error *err)
{
    sqlite_store *s = (sqlite_store *)b;
    sqlite3_stmt *st = q(s, Q_FEED_GET);
    bind_text(st, 1, url);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        memset(out, 0, sizeof(*out));
        out->id = sqlite3_column_int64(st, 0);
        out->url = col_text(st, 1, a);
        out->etag = col_text(st, 2, a);
        out->last_modified = col_text(st, 3, a);
        out->moved_to = col_text(st, 4, a);
        out->last_fetch = sqlite3_column_int64(st, 5);
        out->last_ok = sqlite3_column_int64(st, 6);
        out->next_due = sqlite3_column_int64(st, 7);
        out->last_status = sqlite3_column_int(st, 8);
        out->error_count = sqlite3_column_int(st, 9);
        out->last_error = col_text(st, 10, a);
        out->ttl_minutes = sqlite3_column_int(st, 11);
        sqlite3_reset(st);
        st = q(s, Q_FEED_ITEMS);
        sqlite3_bind_int64(st, 1, out->id);
        out->items = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_reset(st);
        return 0;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 1 : sq_db_fail(s, err, "cannot read feed state");
}

static int sq_feed_add(store *b, const char *url, nm_error *err)
{
    return run_text((sqlite_store *)b, Q_FEED_ADD, url, err, "cannot add feed state");
}

static int sq_feed_put(store *b, const store_feed *f, nm_error *err)
{
    sqlite_store *s = (sqlite_store *)b;
    sqlite3_stmt *st = q(s, Q_FEED_PUT);
    sqlite3_bind_int64(st, 1, f->id);
    bind_text(st, 2, f->etag);
    bind_text(st, 3, f->last_modified);
    bind_text(st, 4, f->moved_to);
    sqlite3_bind_int64(st, 5, f->last_fetch);
    sqlite3_bind_int64(st, 6, f->last_ok);
    sqlite3_bind_int64(st, 7, f->next_due);
    sqlite3_bind_int(st, 8, f->last_status);
    sqlite3_bind_int(st, 9, f->error_count);
    bind_text(st, 10, f->last_error);
    sqlite3_bind_int(st, 11, f->ttl_minutes);
    return run(s, st, err, "cannot save feed state");
}

static int sq_feed_delete(store *b, const char *url, nm_error *err)
{
    return run_text((sqlite_store *)b, Q_FEED_DEL, url, err, "cannot delete feed state");
}

static int lookup_id(sqlite_store *s, int which, int64_t feed_id, const char *ident, int64_t *id,
                     nm_error *err)
{
    sqlite3_stmt *st = q(s, which);
    sqlite3_bind_int64(st, 1, feed_id);
    bind_text(st, 2, ident);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && id)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc != SQLITE_DONE)
        return sq_db_fail(s, err, "cannot look up an item");
    return 0;
}

static int sq_item_known(store *b, int64_t feed_id, const char *ident, int64_t *item_id,
                     nm_error *err)
{
    sqlite_store *s = (sqlite_store *)b;
    int rc = lookup_id(s, Q_KNOWN_ITEM, feed_id, ident, item_id, err);
    if (rc != 0)
        return rc;
    return lookup_id(s, Q_KNOWN_ALIAS, feed_id, ident, item_id, err);
}

static int sq_item_by_link(store *b, int64_t feed_id, const char *link, arena *a, store_item *out,
                       nm_error *err)
{
    sqlite_store *s = (sqlite_store *)b;
    sqlite3_stmt *st = q(s, Q_BY_LINK);
    sqlite3_bind_int64(st, 1, feed_id);
    bind_text(st, 2, link);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        memset(out, 0, sizeof(*out));
        out->id = sqlite3_column_int64(st, 0);
        out->feed_id = feed_id;
        out->ident = col_text(st, 1, a);
        out->guid = col_text(st, 2, a);
        out->link = col_text(st, 3, a);
        out->content_hash = (uint64_t)sqlite3_column_int64(st, 4);
        out->simhash = (uint64_t)sqlite3_column_int64(st, 5);
        out->post_path = col_text(st, 6, a);
        out->item_time = sqlite3_column_int64(st, 7);
        out->first_seen = sqlite3_column_int64(st, 8);
    }
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc != SQLITE_DONE)
        return sq_db_fail(s, err, "cannot look up an item by link");
    return 0;
}

static int sq_item_similar(store *b, int64_t feed_id, uint64_t simhash, int max_dist, int64_t t,
                       int64_t window, int64_t *item_id, nm_error *err)
{
    sqlite_store *s = (sqlite_store *)b;
    sqlite3_stmt *st = q(s, Q_SIMILAR);
    sqlite3_bind_int64(st, 1, feed_id);
    for (int i = 0; i < 4; i++)
        sqlite3_bind_int(st, 2 + i, store_band(simhash, i));
    sqlite3_bind_int64(st, 6, t - window);
    sqlite3_bind_int64(st, 7, t + window);
    int rc, found = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        uint64_t other = (uint64_t)sqlite3_column_int64(st, 1);
        if (__builtin_popcountll(other ^ simhash) <= max_dist) {
            *item_id = sqlite3_column_int64(st, 0);
            found = 1;
            break;
        }
    }
    sqlite3_reset(st);
    if (!found && rc != SQLITE_DONE)
        return sq_db_fail(s, err, "cannot search similar items");
    return found;
}

static int sq_item_add(store *b, store_item *it, nm_error *err)
{
    sqlite_store *s = (sqlite_store *)b;
    sqlite3_stmt *st = q(s, Q_ITEM_ADD);
    sqlite3_bind_int64(st, 1, it->feed_id);
    bind_text(st, 2, it->ident);
    bind_text(st, 3, it->guid);
    bind_text(st, 4, it->link);
    sqlite3_bind_int64(st, 5, (int64_t)it->content_hash);
    sqlite3_bind_int64(st, 6, (int64_t)it->simhash);
    for (int i = 0; i < 4; i++) {
        if (it->simhash)
            sqlite3_bind_int(st, 7 + i, store_band(it->simhash, i));
        else
            sqlite3_bind_null(st, 7 + i);
    }
    bind_text(st, 11, it->post_path);
    sqlite3_bind_int64(st, 12, it->item_time);
    sqlite3_bind_int64(st, 13, it->first_seen);
    if (run(s, st, err, "cannot store an item"))
        return -1;
    it->id = sqlite3_last_insert_rowid(s->db);
    return 0;
}

static int sq_alias_add(store *b, int64_t item_id, int64_t feed_id, const char *ident,
                    nm_error *err)
{
    sqlite_store *s = (sqlite_store *)b;
    sqlite3_stmt *st = q(s, Q_ALIAS_ADD);
    sqlite3_bind_int64(st, 1, item_id);
    sqlite3_bind_int64(st, 2, feed_id);
    bind_text(st, 3, ident);
    return run(s, st, err, "cannot store an alias");
}

static int each_text(sqlite_store *s, int which, int (*fn)(const char *, void *), void *ctx,
                     nm_error *err)
{
    /* Collect first: fn may write to the database. */
    sqlite3_stmt *st = q(s, which);
    char **list = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            list = xrealloc(list, cap * sizeof(*list));
        }
        list[n++] = xstrdup((const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_reset(st);
    int result = rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "cannot list");
    for (size_t i = 0; i < n; i++) {
        if (result == 0) {
            int r = fn(list[i], ctx);
            if (r)
                result = r < 0 ? -1 : 1;
        }
        free(list[i]);
    }
    free(list);
    return result < 0 ? -1 : 0;
}

static int sq_item_paths(store *b, int (*fn)(const char *path, void *ctx), void *ctx,
                     nm_error *err)
{
    sqlite_store *s = (sqlite_store *)b;
    return each_text(s, Q_PATHS, fn, ctx, err);
}

static int sq_item_has_path(store *b, const char *path)
{
    sqlite_store *s = (sqlite_store *)b;
    sqlite3_stmt *st = q(s, Q_HAS_PATH);
    bind_text(st, 1, path);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int sq_item_forget_path(store *b, const char *path, nm_error *err)
{
    sqlite_store *s = (sqlite_store *)b;
    if (run_text(s, Q_FORGET_VALIDATORS, path, err, "cannot reset validators") ||
        run_text(s, Q_FORGET_ALIASES, path, err, "cannot forget aliases") ||
        run_text(s, Q_FORGET_PAGE, path, err, "cannot forget an item's page") ||
        run_text(s, Q_FORGET_PIMG, path, err, "cannot forget an item's images"))
        return -1;
    return run_text(s, Q_FORGET, path, err, "cannot forget an item");
}

/* ---- article pages -------------------------------------------------------- */

static int sq_page_add(store *b, const store_page *pg, nm_error *err)
{
    sqlite_store *s = (sqlite_store *)b;
    sqlite3_stmt *st = q(s, Q_PAGE_ADD);
    sqlite3_bind_int64(st, 1, pg->item_id);
    bind_text(st, 2, pg->url);
    sqlite3_bind_int(st, 3, pg->attempts);
    sqlite3_bind_int64(st, 4, pg->next_try);
    sqlite3_bind_int64(st, 5, pg->feed_chars);
    sqlite3_bind_int(st, 6, pg->flags);
    bind_text(st, 7, pg->last_error);
    return run(s, st, err, "cannot store an article page");
}

static int sq_pages_due(store *b, int64_t now, bool all, arena *a, store_page **out, size_t *n,
                    nm_error *err)
{
    sqlite_store *s = (sqlite_store *)b;
    sqlite3_stmt *st = q(s, Q_PAGES_DUE);
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int(st, 2, all);
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *out = room_for_one(a, *out, *n, &cap, sizeof(**out));
        store_page *pg = &(*out)[(*n)++];
        pg->item_id = sqlite3_column_int64(st, 0);
        pg->url = col_text(st, 1, a);
        pg->attempts = sqlite3_column_int(st, 2);
        pg->next_try = sqlite3_column_int64(st, 3);
        pg->feed_chars = sqlite3_column_int64(st, 4);
        pg->flags = sqlite3_column_int(st, 5);
        pg->last_error = col_text(st, 6, a);
        pg->post_path = col_text(st, 7, a);
        pg->feed_url = col_text(st, 8, a);
        pg->feed_id = sqlite3_column_int64(st, 9);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "cannot list article pages");
}

/* ---- whole tables (store status, export, import) ------------------------- */

static int sq_scalar(store *b, const char *sql, int64_t *out, nm_error *err)
{
    sqlite_store *s = (sqlite_store *)b;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sq_db_fail(s, err, "cannot prepare a query");
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "cannot count");
}

/* ---- mirrored images -------------------------------------------------------- */

static int sq_post_images_add(store *b, int64_t item_id, int64_t next_try, nm_error *err)
{
    sqlite_store *s = (sqlite_store *)b;
    sqlite3_stmt *st = q(s, Q_PIMG_ADD);
    sqlite3_bind_int64(st, 1, item_id);
    sqlite3_bind_int64(st, 2, next_try);
    return run(s, st, err, "cannot store a post's images");
}

static int sq_post_images_due(store *b, int64_t now, bool all, size_t max, arena *a,
                              store_post_images **out, size_t *n, nm_error *err)
{
    sqlite_store *s = (sqlite_store *)b;
    sqlite3_stmt *st = q(s, Q_PIMG_DUE);
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int(st, 2, all);
    sqlite3_bind_int64(st, 3, (int64_t)max);
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *out = room_for_one(a, *out, *n, &cap, sizeof(**out));
        store_post_images *pi = &(*out)[(*n)++];
        pi->item_id = sqlite3_column_int64(st, 0);
        pi->attempts = sqlite3_column_int(st, 1);
        pi->next_try = sqlite3_column_int64(st, 2);
        pi->last_error = col_text(st, 3, a);
        pi->post_path = col_text(st, 4, a);
        pi->link = col_text(st, 5, a);
        pi->feed_url = col_text(st, 6, a);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "cannot list posts' images");
}

/* ---- both retry queues ------------------------------------------------------- */

static const struct {
    int done, failed;
    const char *what;
} retry[] = {
    [STORE_PAGES] = {Q_PAGE_DONE, Q_PAGE_FAILED, "cannot update an article page"},
    [STORE_POST_IMAGES] = {Q_PIMG_DONE, Q_PIMG_FAILED, "cannot update a post's images"},
};

static int sq_retry_done(store *b, store_queue which, int64_t item_id, nm_error *err)
{
    sqlite_store *s = (sqlite_store *)b;
    sqlite3_stmt *st = q(s, retry[which].done);
    sqlite3_bind_int64(st, 1, item_id);
    return run(s, st, err, retry[which].what);
}

static int sq_retry_failed(store *b, store_queue which, int64_t item_id, int attempts,
                           int64_t next_try, const char *error, nm_error *err)
{
    sqlite_store *s = (sqlite_store *)b;
    sqlite3_stmt *st = q(s, retry[which].failed);
    sqlite3_bind_int64(st, 1, item_id);
    sqlite3_bind_int(st, 2, attempts);
    sqlite3_bind_int64(st, 3, next_try);
    bind_text(st, 4, error);
    return run(s, st, err, retry[which].what);
}

static int sq_image_url_get(store *b, const char *url, arena *a, const char **local,
                            const char **refused)
{
    sqlite_store *s = (sqlite_store *)b;
    sqlite3_stmt *st = q(s, Q_URL_GET);
    bind_text(st, 1, url);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *local = col_text(st, 0, a);
        *refused = col_text(st, 1, a);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int sq_image_url_put(store *b, const char *url, const char *local, const char *refused,
                            nm_error *err)
{
    sqlite_store *s = (sqlite_store *)b;
    sqlite3_stmt *st = q(s, Q_URL_PUT);
    bind_text(st, 1, url);
    bind_text(st, 2, local);
    bind_text(st, 3, refused);
    return run(s, st, err, "cannot store an image's URL");
}

static int sq_each_row(store *b, const store_table *t, const char *sql,
                       int (*fn)(const store_table *t, const char *const *vals, void *ctx),
                       void *ctx, nm_error *err)
{
    sqlite_store *s = (sqlite_store *)b;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sq_db_fail(s, err, "cannot prepare a query");
    const char *vals[32];
    int rc, result = 0;
    while (result == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (size_t i = 0; i < t->ncols; i++)
            vals[i] = (const char *)sqlite3_column_text(st, (int)i);
        result = fn(t, vals, ctx);
    }
    if (result == 0 && rc != SQLITE_DONE)
        result = sq_db_fail(s, err, "cannot read a table");
    sqlite3_finalize(st);
    return result;
}

static int sq_insert_row(store *b, const store_table *t, const char *sql, const char *const *vals,
                         nm_error *err)
{
    sqlite_store *s = (sqlite_store *)b;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sq_db_fail(s, err, "cannot prepare a query");
    for (size_t i = 0; i < t->ncols; i++) {
        if (!vals[i])
            sqlite3_bind_null(st, (int)i + 1);
        else if (t->cols[i].text)
            sqlite3_bind_text(st, (int)i + 1, vals[i], -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_int64(st, (int)i + 1, strtoll(vals[i], NULL, 10));
    }
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : sq_db_fail(s, err, "cannot insert a row");
}

/* SQLite's next rowid is the largest plus one by itself. */
static int sq_ids_follow(store *b, nm_error *err)
{
    (void)b;
    (void)err;
    return 0;
}

static const store_ops sqlite_ops = {
    .name = "sqlite",
    .text_order = "", /* BINARY, SQLite's own */
    .close = sq_close,
    .schema_version = sq_schema_version,
    .begin = sq_begin,
    .exec = sq_exec_op,
    .feed_get = sq_feed_get,
    .feed_add = sq_feed_add,
    .feed_put = sq_feed_put,
    .feed_delete = sq_feed_delete,
    .item_known = sq_item_known,
    .item_by_link = sq_item_by_link,
    .item_similar = sq_item_similar,
    .item_add = sq_item_add,
    .alias_add = sq_alias_add,
    .item_paths = sq_item_paths,
    .item_has_path = sq_item_has_path,
    .item_forget_path = sq_item_forget_path,
    .page_add = sq_page_add,
    .pages_due = sq_pages_due,
    .post_images_add = sq_post_images_add,
    .post_images_due = sq_post_images_due,
    .retry_done = sq_retry_done,
    .retry_failed = sq_retry_failed,
    .image_url_get = sq_image_url_get,
    .image_url_put = sq_image_url_put,
    .scalar = sq_scalar,
    .each_row = sq_each_row,
    .insert_row = sq_insert_row,
    .ids_follow = sq_ids_follow,
};
