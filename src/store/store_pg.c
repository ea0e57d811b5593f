/*
 * store_pg.c — the PostgreSQL back end of store.h, for a store shared by
 * several machines (`newsmill: store: postgresql://user@host/db`).
 *
 * The same tables, columns, migrations and answers as store_sqlite.c:
 * INTEGER PRIMARY KEY becomes a BIGINT identity, 64-bit hashes are BIGINT
 * (signed, as SQLite keeps them), text is compared byte by byte wherever
 * an order is asked for (COLLATE "C": a server's locale must not change
 * what `store export` prints). Text keys (URLs, idents, links, paths) are
 * indexed by their md5, not themselves: a btree entry over ~2.7 KB is
 * refused by PostgreSQL, and a feed may well have a guid that long, which
 * SQLite takes; every lookup compares the text too, so md5 only finds.
 * The schema and its migrations: store_pg_schema.c.
 *
 * libpq is loaded at run time (pq_lib.h). Every query is prepared once per
 * connection; parameters and results travel as text. A failed statement
 * inside a transaction aborts it in PostgreSQL (SQLite only fails the
 * statement): the callers already wrap each unit in a savepoint and roll
 * back to it, which covers both.
 *
 * Fetch workers (store.h, ingest's worker.c) share this store: leases on
 * hosts and feeds claimed with FOR UPDATE SKIP LOCKED, advisory locks per
 * story bucket, posts kept as rows until `newsmill sync` writes them; those
 * calls are in store_pg_work.c.
 *
 * Not here: reconnecting after a server restart. A command fails with the
 * server's message, as it would on a broken disk; a fetch worker closes
 * its store and opens it again (worker.c), which prepares every
 * statement anew.
 */
#include "store_pg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    Q_FEED_GET, Q_FEED_ADD, Q_FEED_PUT, Q_FEED_DEL,
    Q_KNOWN, Q_BY_LINK, Q_SIMILAR, Q_ITEM_ADD, Q_ALIAS_ADD,
    Q_PATHS, Q_HAS_PATH, Q_FORGET_VALIDATORS, Q_FORGET_ALIASES, Q_FORGET,
    Q_PAGE_ADD, Q_PAGES_DUE, Q_PAGE_DONE, Q_PAGE_FAILED, Q_FORGET_PAGE,
    Q_PIMG_ADD, Q_PIMG_DUE, Q_PIMG_DONE, Q_PIMG_FAILED, Q_FORGET_PIMG,
    Q_URL_GET, Q_URL_PUT, Q__N
};

static const pg_query queries[Q__N] = {
    [Q_FEED_GET] = {1, "SELECT id, url, etag, last_modified, moved_to, last_fetch, last_ok,"
                       " next_due, last_status, error_count, last_error, ttl_minutes,"
                       " (SELECT count(*) FROM items WHERE feed_id = feeds.id)"
                       " FROM feeds WHERE md5(url) = md5($1) AND url = $1"},
    [Q_FEED_ADD] = {1, "INSERT INTO feeds(url) VALUES($1) ON CONFLICT (md5(url)) DO NOTHING"},
    [Q_FEED_PUT] = {11, "UPDATE feeds SET etag=$2, last_modified=$3, moved_to=$4, last_fetch=$5,"
                        " last_ok=$6, next_due=$7, last_status=$8, error_count=$9,"
                        " last_error=$10, ttl_minutes=$11 WHERE id=$1"},
    [Q_FEED_DEL] = {1, "DELETE FROM feeds WHERE md5(url) = md5($1) AND url = $1"},
    /* an item, else an alias: one round trip (UNION ALL keeps the order) */
    [Q_KNOWN] = {2, "(SELECT id FROM items WHERE feed_id = $1 AND md5(ident) = md5($2)"
                    " AND ident = $2) UNION ALL (SELECT item_id FROM aliases"
                    " WHERE feed_id = $1 AND md5(ident) = md5($2) AND ident = $2) LIMIT 1"},
    [Q_BY_LINK] = {2, "SELECT id, ident, guid, link, content_hash, simhash, post_path,"
                      " item_time, first_seen FROM items WHERE feed_id = $1"
                      " AND md5(link) = md5($2) AND link = $2"
                      " ORDER BY first_seen DESC, id DESC LIMIT 1"},
    [Q_SIMILAR] = {7, "SELECT id, simhash FROM items WHERE feed_id <> $1 AND simhash <> 0 AND"
                      " item_time BETWEEN $6 AND $7 AND"
                      " (sh0 = $2 OR sh1 = $3 OR sh2 = $4 OR sh3 = $5) ORDER BY id"},
    [Q_ITEM_ADD] = {13, "INSERT INTO items(feed_id, ident, guid, link, content_hash, simhash,"
                        " sh0, sh1, sh2, sh3, post_path, item_time, first_seen)"
                        " VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) RETURNING id"},
    [Q_ALIAS_ADD] = {3, "INSERT INTO aliases(item_id, feed_id, ident) VALUES($1,$2,$3)"
                        " ON CONFLICT (feed_id, md5(ident)) DO NOTHING"},
    /* the posts whose file is the site's business: not those kept in the
     * store, which are there until `newsmill sync` writes them */
    [Q_PATHS] = {0, "SELECT post_path FROM items i WHERE NOT EXISTS (SELECT 1 FROM posts p"
                    " WHERE md5(p.path) = md5(i.post_path) AND p.path = i.post_path)"
                    " ORDER BY post_path COLLATE \"C\""},
    [Q_HAS_PATH] = {1, "SELECT 1 FROM items WHERE md5(post_path) = md5($1) AND post_path = $1"
                       " LIMIT 1"},
    [Q_FORGET_VALIDATORS] = {1, "UPDATE feeds SET etag = NULL, last_modified = NULL WHERE id IN"
                                " (SELECT feed_id FROM items WHERE md5(post_path) = md5($1)"
                                " AND post_path = $1)"},
    [Q_FORGET_ALIASES] = {1, "DELETE FROM aliases WHERE item_id IN (SELECT id FROM items"
                             " WHERE md5(post_path) = md5($1) AND post_path = $1)"},
    [Q_FORGET] = {1, "DELETE FROM items WHERE md5(post_path) = md5($1) AND post_path = $1"},
    [Q_PAGE_ADD] = {7, "INSERT INTO pages(item_id, url, attempts, next_try, feed_chars, flags,"
                       " last_error) VALUES($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (item_id) DO"
                       " UPDATE SET url = EXCLUDED.url, attempts = EXCLUDED.attempts,"
                       " next_try = EXCLUDED.next_try, feed_chars = EXCLUDED.feed_chars,"
                       " flags = EXCLUDED.flags, last_error = EXCLUDED.last_error"},
    [Q_PAGES_DUE] = {2, "SELECT p.item_id, p.url, p.attempts, p.next_try, p.feed_chars,"
                        " p.flags, p.last_error, i.post_path, f.url, i.feed_id FROM pages p"
                        " JOIN items i ON i.id = p.item_id JOIN feeds f ON f.id = i.feed_id"
                        " WHERE $2 OR p.next_try <= $1 ORDER BY p.item_id"},
    [Q_PAGE_DONE] = {1, "DELETE FROM pages WHERE item_id = $1"},
    [Q_PAGE_FAILED] = {4, "UPDATE pages SET attempts = $2, next_try = $3, last_error = $4"
                          " WHERE item_id = $1"},
    [Q_FORGET_PAGE] = {1, "DELETE FROM pages WHERE item_id IN (SELECT id FROM items"
                          " WHERE md5(post_path) = md5($1) AND post_path = $1)"},
    [Q_PIMG_ADD] = {2, "INSERT INTO post_images(item_id, attempts, next_try, last_error)"
                       " VALUES($1, 0, $2, NULL) ON CONFLICT (item_id) DO UPDATE SET"
                       " attempts = 0, next_try = EXCLUDED.next_try, last_error = NULL"},
    [Q_PIMG_DUE] = {3, "SELECT p.item_id, p.attempts, p.next_try, p.last_error, i.post_path,"
                       " i.link, f.url FROM post_images p JOIN items i ON i.id = p.item_id"
                       " JOIN feeds f ON f.id = i.feed_id"
                       " WHERE $2 OR p.next_try <= $1 ORDER BY p.item_id LIMIT $3"},
    [Q_PIMG_DONE] = {1, "DELETE FROM post_images WHERE item_id = $1"},
    [Q_PIMG_FAILED] = {4, "UPDATE post_images SET attempts = $2, next_try = $3, last_error = $4"
                          " WHERE item_id = $1"},
    [Q_FORGET_PIMG] = {1, "DELETE FROM post_images WHERE item_id IN (SELECT id FROM items"
                          " WHERE md5(post_path) = md5($1) AND post_path = $1)"},
    [Q_URL_GET] = {1, "SELECT local, refused FROM image_urls WHERE md5(url) = md5($1)"
                      " AND url = $1"},
    [Q_URL_PUT] = {3, "INSERT INTO image_urls(url, local, refused) VALUES($1, $2, $3)"
                      " ON CONFLICT (md5(url)) DO UPDATE SET url = EXCLUDED.url,"
                      " local = EXCLUDED.local, refused = EXCLUDED.refused"},
};

/* A libpq message on one line: its newlines and tabs become spaces. */
static const char *one_line(const char *m, char *out, size_t n)
{
    size_t j = 0;
    for (; *m && j + 1 < n; m++) {
        char c = (*m == '\n' || *m == '\t' || *m == '\r') ? ' ' : *m;
        if (c == ' ' && (j == 0 || out[j - 1] == ' '))
            continue;
        out[j++] = c;
    }
    while (j && out[j - 1] == ' ')
        j--;
    out[j] = 0;
    return out;
}

static int conn_fail(pg_store *s, nm_error *err, const char *what, const char *msg)
{
    char m[800];
    return nm_fail(err, s->base.where, 0, "%s: %s", what, one_line(msg, m, sizeof m));
}

PGresult *pg_ok(pg_store *s, PGresult *r, nm_error *err, const char *what)
{
    ExecStatusType st = r ? nm_pq.resultStatus(r) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return r;
    conn_fail(s, err, what, r ? nm_pq.resultErrorMessage(r) : nm_pq.errorMessage(s->conn));
    nm_pq.clear(r);
    return NULL;
}

int pg_exec(pg_store *s, const char *sql, nm_error *err)
{
    PGresult *r = pg_ok(s, nm_pq.exec(s->conn, sql), err, "database");
    nm_pq.clear(r);
    return r ? 0 : -1;
}

int pg_prepare(pg_store *s, const pg_query *q, int n, char prefix, nm_error *err)
{
    for (int i = 0; i < n; i++) {
        char name[16];
        snprintf(name, sizeof name, "%c%d", prefix, i);
        PGresult *r = pg_ok(s, nm_pq.prepare(s->conn, name, q[i].sql, q[i].nparams, NULL), err,
                            "cannot prepare a query");
        if (!r)
            return -1;
        nm_pq.clear(r);
    }
    return 0;
}

PGresult *pg_run(pg_store *s, const pg_query *q, char prefix, int which,
                 const char *const *vals, nm_error *err, const char *what)
{
    char name[16];
    snprintf(name, sizeof name, "%c%d", prefix, which);
    return pg_ok(s, nm_pq.execPrepared(s->conn, name, q[which].nparams, vals, NULL, NULL, 0),
                 err, what);
}

int pg_run0(pg_store *s, const pg_query *q, char prefix, int which, const char *const *vals,
            nm_error *err, const char *what)
{
    PGresult *r = pg_run(s, q, prefix, which, vals, err, what);
    nm_pq.clear(r);
    return r ? 0 : -1;
}

static PGresult *run(pg_store *s, int which, const char *const *vals, nm_error *err,
                     const char *what)
{
    return pg_run(s, queries, 'q', which, vals, err, what);
}

/* Runs a statement whose rows do not matter. */
static int run0(pg_store *s, int which, const char *const *vals, nm_error *err, const char *what)
{
    return pg_run0(s, queries, 'q', which, vals, err, what);
}

/* ---- open, migrate, close ----------------------------------------------- */

static int pg_schema_version(store *b)
{
    pg_store *s = (pg_store *)b;
    PGresult *r = nm_pq.exec(s->conn, "SELECT version FROM newsmill_schema");
    int v = -1;
    if (r && nm_pq.resultStatus(r) == PGRES_TUPLES_OK)
        v = nm_pq.ntuples(r) ? (int)pg_get_i64(r, 0, 0) : 0;
    nm_pq.clear(r);
    return v;
}

static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* The URL to show: without the password of its user part or of a
 * password= parameter. */
static char *url_shown(const char *url)
{
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    const char *auth = strstr(url, "://");
    auth = auth ? auth + 3 : url;
    const char *end = auth + strcspn(auth, "/?");
    const char *at = NULL;
    for (const char *p = auth; p < end; p++)
        if (*p == '@')
            at = p;
    const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
    if (colon) {
        buf_append(&b, url, (size_t)(colon - url));
        buf_append(&b, at, (size_t)(end - at));
    } else {
        buf_append(&b, url, (size_t)(end - url));
    }
    /* the path and the parameters, but password=… */
    const char *q = strchr(end, '?');
    buf_append(&b, end, q ? (size_t)(q - end) : strlen(end));
    char sep = '?';
    while (q && *q) {
        q++;
        size_t n = strcspn(q, "&");
        if (n && strncmp(q, "password=", 9) != 0) {
            buf_putc(&b, sep);
            buf_append(&b, q, n);
            sep = '&';
        }
        q += n;
    }
    return buf_detach(&b, NULL);
}

static void pg_close(store *b)
{
    pg_store *s = (pg_store *)b;
    if (s->conn)
        nm_pq.finish(s->conn);
    free(s->base.where);
    free(s);
}

static const store_ops pg_ops;

int store_pg_open(const char *url, store **out, nm_error *err)
{
    *out = NULL;
    char *shown = url_shown(url);
    if (pq_lib_load(err)) {
        char m[sizeof(err->msg)];
        snprintf(m, sizeof m, "%s", err->msg);
        nm_fail(err, shown, 0, "%s", m);
        free(shown);
        return -1;
    }
    pg_store *s = xcalloc(1, sizeof(*s));
    s->base.ops = &pg_ops;
    s->base.where = shown;
    /* A URL's own connect_timeout or application_name wins (it comes
     * after them); client_encoding comes last: the store speaks UTF-8. */
    const char *const keys[] = {"connect_timeout", "application_name", "dbname",
                                "client_encoding", NULL};
    const char *const vals[] = {"10", "newsmill", url, "UTF8", NULL};
    s->conn = nm_pq.connectdbParams(keys, vals, 1);
    if (!s->conn || nm_pq.status(s->conn) != CONNECTION_OK) {
        conn_fail(s, err, "cannot connect to the store",
                  s->conn ? nm_pq.errorMessage(s->conn) : "out of memory");
        pg_close(&s->base);
        return -1;
    }
    nm_pq.setNoticeProcessor(s->conn, quiet, NULL);
    if (pg_migrate(s, err)) {
        pg_close(&s->base);
        return -1;
    }
    if (pg_prepare(s, queries, Q__N, 'q', err) || pg_work_prepare(s, err)) {
        pg_close(&s->base);
        return -1;
    }
    *out = &s->base;
    return 0;
}

static int pg_begin(store *b, nm_error *err) { return pg_exec((pg_store *)b, "BEGIN", err); }
static int pg_exec_op(store *b, const char *sql, nm_error *err)
{
    return pg_exec((pg_store *)b, sql, err);
}

/* ---- feeds ---------------------------------------------------------------- */

static int pg_feed_get(store *b, const char *url, arena *a, store_feed *out, nm_error *err)
{
    const char *vals[] = {url};
    PGresult *r = run((pg_store *)b, Q_FEED_GET, vals, err, "cannot read feed state");
    if (!r)
        return -1;
    int found = nm_pq.ntuples(r) > 0;
    if (found) {
        memset(out, 0, sizeof(*out));
        out->id = pg_get_i64(r, 0, 0);
        out->url = pg_get_text(r, 0, 1, a);
        out->etag = pg_get_text(r, 0, 2, a);
        out->last_modified = pg_get_text(r, 0, 3, a);
        out->moved_to = pg_get_text(r, 0, 4, a);
        out->last_fetch = pg_get_i64(r, 0, 5);
        out->last_ok = pg_get_i64(r, 0, 6);
        out->next_due = pg_get_i64(r, 0, 7);
        out->last_status = (int)pg_get_i64(r, 0, 8);
        out->error_count = (int)pg_get_i64(r, 0, 9);
        out->last_error = pg_get_text(r, 0, 10, a);
        out->ttl_minutes = (int)pg_get_i64(r, 0, 11);
        out->items = pg_get_i64(r, 0, 12);
    }
    nm_pq.clear(r);
    return found ? 0 : 1;
}

static int pg_feed_add(store *b, const char *url, nm_error *err)
{
    const char *vals[] = {url};
    return run0((pg_store *)b, Q_FEED_ADD, vals, err, "cannot add feed state");
}

static int pg_feed_put(store *b, const store_feed *f, nm_error *err)
{
    char n[7][24];
    const char *vals[] = {pg_i64(n[0], f->id), f->etag, f->last_modified, f->moved_to,
                          pg_i64(n[1], f->last_fetch), pg_i64(n[2], f->last_ok),
                          pg_i64(n[3], f->next_due), pg_i64(n[4], f->last_status),
                          pg_i64(n[5], f->error_count), f->last_error,
                          pg_i64(n[6], f->ttl_minutes)};
    return run0((pg_store *)b, Q_FEED_PUT, vals, err, "cannot save feed state");
}

static int pg_feed_delete(store *b, const char *url, nm_error *err)
{
    const char *vals[] = {url};
    return run0((pg_store *)b, Q_FEED_DEL, vals, err, "cannot delete feed state");
}

/* ---- items ----------------------------------------------------------------- */

static int pg_item_known(store *b, int64_t feed_id, const char *ident, int64_t *item_id,
                         nm_error *err)
{
    char n[24];
    const char *vals[] = {pg_i64(n, feed_id), ident};
    PGresult *r = run((pg_store *)b, Q_KNOWN, vals, err, "cannot look up an item");
    if (!r)
        return -1;
    int found = nm_pq.ntuples(r) > 0;
    if (found && item_id)
        *item_id = pg_get_i64(r, 0, 0);
    nm_pq.clear(r);
    return found;
}

static int pg_item_by_link(store *b, int64_t feed_id, const char *link, arena *a,
                           store_item *out, nm_error *err)
{
    char n[24];
    const char *vals[] = {pg_i64(n, feed_id), link};
    PGresult *r = run((pg_store *)b, Q_BY_LINK, vals, err, "cannot look up an item by link");
    if (!r)
        return -1;
    int found = nm_pq.ntuples(r) > 0;
    if (found) {
        memset(out, 0, sizeof(*out));
        out->id = pg_get_i64(r, 0, 0);
        out->feed_id = feed_id;
        out->ident = pg_get_text(r, 0, 1, a);
        out->guid = pg_get_text(r, 0, 2, a);
        out->link = pg_get_text(r, 0, 3, a);
        out->content_hash = (uint64_t)pg_get_i64(r, 0, 4);
        out->simhash = (uint64_t)pg_get_i64(r, 0, 5);
        out->post_path = pg_get_text(r, 0, 6, a);
        out->item_time = pg_get_i64(r, 0, 7);
        out->first_seen = pg_get_i64(r, 0, 8);
    }
    nm_pq.clear(r);
    return found;
}

static int pg_item_similar(store *b, int64_t feed_id, uint64_t simhash, int max_dist, int64_t t,
                           int64_t window, int64_t *item_id, nm_error *err)
{
    char n[7][24];
    const char *vals[] = {pg_i64(n[0], feed_id),
                          pg_i64(n[1], store_band(simhash, 0)),
                          pg_i64(n[2], store_band(simhash, 1)),
                          pg_i64(n[3], store_band(simhash, 2)),
                          pg_i64(n[4], store_band(simhash, 3)),
                          pg_i64(n[5], t - window),
                          pg_i64(n[6], t + window)};
    PGresult *r = run((pg_store *)b, Q_SIMILAR, vals, err, "cannot search similar items");
    if (!r)
        return -1;
    int found = 0;
    for (int i = 0, rows = nm_pq.ntuples(r); i < rows; i++)
        if (__builtin_popcountll((uint64_t)pg_get_i64(r, i, 1) ^ simhash) <= max_dist) {
            *item_id = pg_get_i64(r, i, 0);
            found = 1;
            break;
        }
    nm_pq.clear(r);
    return found;
}

static int pg_item_add(store *b, store_item *it, nm_error *err)
{
    char n[10][24];
    const char *vals[13] = {pg_i64(n[0], it->feed_id), it->ident, it->guid, it->link,
                            pg_i64(n[1], (int64_t)it->content_hash),
                            pg_i64(n[2], (int64_t)it->simhash)};
    for (int i = 0; i < 4; i++)
        vals[6 + i] = it->simhash ? pg_i64(n[3 + i], store_band(it->simhash, i)) : NULL;
    vals[10] = it->post_path;
    vals[11] = pg_i64(n[7], it->item_time);
    vals[12] = pg_i64(n[8], it->first_seen);
    PGresult *r = run((pg_store *)b, Q_ITEM_ADD, vals, err, "cannot store an item");
    if (!r)
        return -1;
    it->id = pg_get_i64(r, 0, 0);
    nm_pq.clear(r);
    return 0;
}

static int pg_alias_add(store *b, int64_t item_id, int64_t feed_id, const char *ident,
                        nm_error *err)
{
    char n[2][24];
    const char *vals[] = {pg_i64(n[0], item_id), pg_i64(n[1], feed_id), ident};
    return run0((pg_store *)b, Q_ALIAS_ADD, vals, err, "cannot store an alias");
}

static int pg_item_paths(store *b, int (*fn)(const char *path, void *ctx), void *ctx,
                         nm_error *err)
{
    /* The result is a copy: fn may write to the database. */
    PGresult *r = run((pg_store *)b, Q_PATHS, NULL, err, "cannot list");
    if (!r)
        return -1;
    int result = 0;
    for (int i = 0, rows = nm_pq.ntuples(r); i < rows && result == 0; i++)
        result = fn(nm_pq.getvalue(r, i, 0), ctx);
    nm_pq.clear(r);
    return result < 0 ? -1 : 0;
}

static int pg_item_has_path(store *b, const char *path)
{
    const char *vals[] = {path};
    nm_error err;
    PGresult *r = run((pg_store *)b, Q_HAS_PATH, vals, &err, "cannot look up a path");
    if (!r)
        return -1;
    int found = nm_pq.ntuples(r) > 0;
    nm_pq.clear(r);
    return found;
}

static int pg_item_forget_path(store *b, const char *path, nm_error *err)
{
    pg_store *s = (pg_store *)b;
    const char *vals[] = {path};
    if (run0(s, Q_FORGET_VALIDATORS, vals, err, "cannot reset validators") ||
        run0(s, Q_FORGET_ALIASES, vals, err, "cannot forget aliases") ||
        run0(s, Q_FORGET_PAGE, vals, err, "cannot forget an item's page") ||
        run0(s, Q_FORGET_PIMG, vals, err, "cannot forget an item's images"))
        return -1;
    return run0(s, Q_FORGET, vals, err, "cannot forget an item");
}

/* ---- article pages ---------------------------------------------------------- */

static int pg_page_add(store *b, const store_page *pg, nm_error *err)
{
    char n[5][24];
    const char *vals[] = {pg_i64(n[0], pg->item_id), pg->url, pg_i64(n[1], pg->attempts),
                          pg_i64(n[2], pg->next_try), pg_i64(n[3], pg->feed_chars),
                          pg_i64(n[4], pg->flags), pg->last_error};
    return run0((pg_store *)b, Q_PAGE_ADD, vals, err, "cannot store an article page");
}

static int pg_pages_due(store *b, int64_t now, bool all, arena *a, store_page **out, size_t *n,
                        nm_error *err)
{
    char t[24];
    const char *vals[] = {pg_i64(t, now), all ? "true" : "false"};
    *out = NULL;
    *n = 0;
    PGresult *r = run((pg_store *)b, Q_PAGES_DUE, vals, err, "cannot list article pages");
    if (!r)
        return -1;
    *out = pg_rows(r, a, sizeof(**out), n);
    for (int i = 0; i < (int)*n; i++) {
        store_page *pg = &(*out)[i];
        pg->item_id = pg_get_i64(r, i, 0);
        pg->url = pg_get_text(r, i, 1, a);
        pg->attempts = (int)pg_get_i64(r, i, 2);
        pg->next_try = pg_get_i64(r, i, 3);
        pg->feed_chars = pg_get_i64(r, i, 4);
        pg->flags = (int)pg_get_i64(r, i, 5);
        pg->last_error = pg_get_text(r, i, 6, a);
        pg->post_path = pg_get_text(r, i, 7, a);
        pg->feed_url = pg_get_text(r, i, 8, a);
        pg->feed_id = pg_get_i64(r, i, 9);
    }
    nm_pq.clear(r);
    return 0;
}

/* ---- mirrored images -------------------------------------------------------- */

static int pg_post_images_add(store *b, int64_t item_id, int64_t next_try, nm_error *err)
{
    char n[2][24];
    const char *vals[] = {pg_i64(n[0], item_id), pg_i64(n[1], next_try)};
    return run0((pg_store *)b, Q_PIMG_ADD, vals, err, "cannot store a post's images");
}

static int pg_post_images_due(store *b, int64_t now, bool all, size_t max, arena *a,
                              store_post_images **out, size_t *n, nm_error *err)
{
    char t[2][24];
    const char *vals[] = {pg_i64(t[0], now), all ? "true" : "false",
                          pg_i64(t[1], max > INT64_MAX ? INT64_MAX : (int64_t)max)};
    *out = NULL;
    *n = 0;
    PGresult *r = run((pg_store *)b, Q_PIMG_DUE, vals, err, "cannot list posts' images");
    if (!r)
        return -1;
    *out = pg_rows(r, a, sizeof(**out), n);
    for (int i = 0; i < (int)*n; i++) {
        store_post_images *pi = &(*out)[i];
        pi->item_id = pg_get_i64(r, i, 0);
        pi->attempts = (int)pg_get_i64(r, i, 1);
        pi->next_try = pg_get_i64(r, i, 2);
        pi->last_error = pg_get_text(r, i, 3, a);
        pi->post_path = pg_get_text(r, i, 4, a);
        pi->link = pg_get_text(r, i, 5, a);
        pi->feed_url = pg_get_text(r, i, 6, a);
    }
    nm_pq.clear(r);
    return 0;
}

/* ---- both retry queues ------------------------------------------------------- */

static const struct {
    int done, failed;
    const char *what;
} retry[] = {
    [STORE_PAGES] = {Q_PAGE_DONE, Q_PAGE_FAILED, "cannot update an article page"},
    [STORE_POST_IMAGES] = {Q_PIMG_DONE, Q_PIMG_FAILED, "cannot update a post's images"},
};

static int pg_retry_done(store *b, store_queue which, int64_t item_id, nm_error *err)
{
    char n[24];
    const char *vals[] = {pg_i64(n, item_id)};
    return run0((pg_store *)b, retry[which].done, vals, err, retry[which].what);
}

static int pg_retry_failed(store *b, store_queue which, int64_t item_id, int attempts,
                           int64_t next_try, const char *error, nm_error *err)
{
    char n[3][24];
    const char *vals[] = {pg_i64(n[0], item_id), pg_i64(n[1], attempts), pg_i64(n[2], next_try),
                          error};
    return run0((pg_store *)b, retry[which].failed, vals, err, retry[which].what);
}

static int pg_image_url_get(store *b, const char *url, arena *a, const char **local,
                            const char **refused)
{
    const char *vals[] = {url};
    nm_error err;
    PGresult *r = run((pg_store *)b, Q_URL_GET, vals, &err, "cannot read an image's URL");
    if (!r)
        return -1;
    int found = nm_pq.ntuples(r) > 0;
    if (found) {
        *local = pg_get_text(r, 0, 0, a);
        *refused = pg_get_text(r, 0, 1, a);
    }
    nm_pq.clear(r);
    return found;
}

static int pg_image_url_put(store *b, const char *url, const char *local, const char *refused,
                            nm_error *err)
{
    const char *vals[] = {url, local, refused};
    return run0((pg_store *)b, Q_URL_PUT, vals, err, "cannot store an image's URL");
}

/* ---- whole tables (store status, export, import) ------------------------- */

static int pg_scalar(store *b, const char *sql, int64_t *out, nm_error *err)
{
    pg_store *s = (pg_store *)b;
    PGresult *r = pg_ok(s, nm_pq.exec(s->conn, sql), err, "cannot count");
    if (!r)
        return -1;
    *out = nm_pq.ntuples(r) ? pg_get_i64(r, 0, 0) : 0;
    nm_pq.clear(r);
    return 0;
}

static int pg_each_row(store *b, const store_table *t, const char *sql,
                       int (*fn)(const store_table *t, const char *const *vals, void *ctx),
                       void *ctx, nm_error *err)
{
    pg_store *s = (pg_store *)b;
    PGresult *r = pg_ok(s, nm_pq.exec(s->conn, sql), err, "cannot read a table");
    if (!r)
        return -1;
    const char *vals[32];
    int result = 0;
    for (int row = 0, rows = nm_pq.ntuples(r); row < rows && result == 0; row++) {
        for (size_t i = 0; i < t->ncols; i++)
            vals[i] = nm_pq.getisnull(r, row, (int)i) ? NULL : nm_pq.getvalue(r, row, (int)i);
        result = fn(t, vals, ctx);
    }
    nm_pq.clear(r);
    return result;
}

static int pg_insert_row(store *b, const store_table *t, const char *sql, const char *const *vals,
                         nm_error *err)
{
    pg_store *s = (pg_store *)b;
    PGresult *r = nm_pq.execParams(s->conn, sql, (int)t->ncols, NULL, vals, NULL, NULL, 0);
    r = pg_ok(s, r, err, "cannot insert a row");
    nm_pq.clear(r);
    return r ? 0 : -1;
}

/* Identity columns do not notice explicit ids: move them past the largest. */
static int pg_ids_follow(store *b, nm_error *err)
{
    pg_store *s = (pg_store *)b;
    for (size_t i = 0; i < store_ntables; i++) {
        if (!store_tables[i].serial)
            continue;
        char sql[256];
        snprintf(sql, sizeof sql,
                 "SELECT setval(pg_get_serial_sequence('%s', '%s'),"
                 " coalesce(max(%s), 0) + 1, false) FROM %s",
                 store_tables[i].name, store_tables[i].cols[0].name,
                 store_tables[i].cols[0].name, store_tables[i].name);
        if (pg_exec(s, sql, err))
            return -1;
    }
    return 0;
}

static const store_ops pg_ops = {
    .name = "postgresql",
    .text_order = " COLLATE \"C\"", /* not the server's locale */
    .close = pg_close,
    .schema_version = pg_schema_version,
    .begin = pg_begin,
    .exec = pg_exec_op,
    .feed_get = pg_feed_get,
    .feed_add = pg_feed_add,
    .feed_put = pg_feed_put,
    .feed_delete = pg_feed_delete,
    .item_known = pg_item_known,
    .item_by_link = pg_item_by_link,
    .item_similar = pg_item_similar,
    .item_add = pg_item_add,
    .alias_add = pg_alias_add,
    .item_paths = pg_item_paths,
    .item_has_path = pg_item_has_path,
    .item_forget_path = pg_item_forget_path,
    .page_add = pg_page_add,
    .pages_due = pg_pages_due,
    .post_images_add = pg_post_images_add,
    .post_images_due = pg_post_images_due,
    .retry_done = pg_retry_done,
    .retry_failed = pg_retry_failed,
    .image_url_get = pg_image_url_get,
    .image_url_put = pg_image_url_put,
    .scalar = pg_scalar,
    .each_row = pg_each_row,
    .insert_row = pg_insert_row,
    .ids_follow = pg_ids_follow,
    .feeds_register = pg_feeds_register,
    .worker_session = pg_worker_session,
    .worker_seen = pg_worker_seen,
    .claim = pg_claim,
    .claim_hold = pg_claim_hold,
    .claim_renew = pg_claim_renew,
    .claim_end = pg_claim_end,
    .lock_stories = pg_lock_stories,
    .post_put = pg_post_put,
    .posts_after = pg_posts_after,
    .item_take = pg_item_take,
    .post_get = pg_post_get,
    .hosts_lease = pg_hosts_lease,
    .host_hold = pg_host_hold,
    .hosts_release = pg_hosts_release,
    .workers_active = pg_workers_active,
};
