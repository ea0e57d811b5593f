/*
 * store_sqlite_schema.c — the SQLite store's schema: the tables and
 * indexes as numbered migrations, and bringing a database up to date.
 *
 * The schema grows by numbered migrations: migrations[i] takes the
 * database from user_version i to i+1, each inside a transaction, so an
 * old database is brought up to date on open and a new one is built the
 * same way. The tables and columns are store_pg_schema.c's, in SQLite's
 * dialect; a migration added here is added there too.
 *
 * Not here: opening the file and the queries (store_sqlite.c).
 */
#include "store_sqlite_int.h"

#include <stdio.h>

static const char *const migrations[] = {
    /* 0 → 1: feeds, items, aliases */
    "CREATE TABLE feeds("
    " id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE,"
    " etag TEXT, last_modified TEXT, moved_to TEXT,"
    " last_fetch INTEGER NOT NULL DEFAULT 0, last_ok INTEGER NOT NULL DEFAULT 0,"
    " next_due INTEGER NOT NULL DEFAULT 0, last_status INTEGER NOT NULL DEFAULT 0,"
    " error_count INTEGER NOT NULL DEFAULT 0, last_error TEXT,"
    " ttl_minutes INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE items("
    " id INTEGER PRIMARY KEY, feed_id INTEGER NOT NULL, ident TEXT NOT NULL,"
    " guid TEXT, link TEXT, content_hash INTEGER NOT NULL, simhash INTEGER NOT NULL,"
    " sh0 INTEGER, sh1 INTEGER, sh2 INTEGER, sh3 INTEGER,"
    " post_path TEXT NOT NULL, item_time INTEGER NOT NULL, first_seen INTEGER NOT NULL);"
    "CREATE UNIQUE INDEX items_ident ON items(feed_id, ident);"
    "CREATE INDEX items_link ON items(feed_id, link);"
    "CREATE INDEX items_path ON items(post_path);"
    "CREATE INDEX items_sh0 ON items(sh0, item_time);"
    "CREATE INDEX items_sh1 ON items(sh1, item_time);"
    "CREATE INDEX items_sh2 ON items(sh2, item_time);"
    "CREATE INDEX items_sh3 ON items(sh3, item_time);"
    "CREATE TABLE aliases("
    " item_id INTEGER NOT NULL, feed_id INTEGER NOT NULL, ident TEXT NOT NULL,"
    " PRIMARY KEY(feed_id, ident)) WITHOUT ROWID;"
    "CREATE INDEX aliases_item ON aliases(item_id);",
    /* 1 → 2: article pages still to fetch for their items' full text */
    "CREATE TABLE pages("
    " item_id INTEGER PRIMARY KEY, url TEXT NOT NULL,"
    " attempts INTEGER NOT NULL DEFAULT 0, next_try INTEGER NOT NULL DEFAULT 0,"
    " feed_chars INTEGER NOT NULL DEFAULT 0, flags INTEGER NOT NULL DEFAULT 0,"
    " last_error TEXT);"
    "CREATE INDEX pages_due ON pages(next_try);",
    /* 2 → 3: posts whose images are still to be mirrored, and the images
     * mirrored (or refused) so far, by URL */
    "CREATE TABLE post_images("
    " item_id INTEGER PRIMARY KEY, attempts INTEGER NOT NULL DEFAULT 0,"
    " next_try INTEGER NOT NULL DEFAULT 0, last_error TEXT);"
    "CREATE INDEX post_images_due ON post_images(next_try);"
    "CREATE TABLE image_urls("
    " url TEXT PRIMARY KEY, local TEXT, refused TEXT) WITHOUT ROWID;",
    /* 3 → 4: fetch workers (store_pg.c; here only so that both schemas
     * are one): feeds' hosts and leases, hosts' leases, the posts kept in
     * the store for `newsmill sync`, the workers seen */
    "ALTER TABLE feeds ADD COLUMN host TEXT;"
    "ALTER TABLE feeds ADD COLUMN claimed_by TEXT;"
    "ALTER TABLE feeds ADD COLUMN claimed_until INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX feeds_host ON feeds(host, next_due);"
    "CREATE INDEX feeds_claimed ON feeds(claimed_by);"
    "CREATE TABLE hosts("
    " host TEXT PRIMARY KEY, claimed_by TEXT, claimed_until INTEGER NOT NULL DEFAULT 0)"
    " WITHOUT ROWID;"
    "CREATE INDEX hosts_claimed ON hosts(claimed_by);"
    "CREATE TABLE posts("
    " seq INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, bytes TEXT NOT NULL,"
    " written INTEGER NOT NULL);"
    "CREATE TABLE workers("
    " name TEXT PRIMARY KEY, started INTEGER NOT NULL, last_seen INTEGER NOT NULL)"
    " WITHOUT ROWID;",
};
_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == STORE_SCHEMA,
               "store_sqlite_schema.c: one migration per schema version");

int sq_schema_version(store *b)
{
    sqlite_store *s = (sqlite_store *)b;
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

int sq_migrate(sqlite_store *s, nm_error *err)
{
    int v = sq_schema_version(&s->base);
    if (v < 0)
        return sq_db_fail(s, err, "cannot read the schema version");
    s->base.schema_from = v;
    if (v > (int)NM_ARRAY_LEN(migrations))
        return nm_fail(err, s->path, 0,
                       "database schema %d is newer than this newsmill knows (%d): upgrade newsmill",
                       v, (int)NM_ARRAY_LEN(migrations));
    for (; v < (int)NM_ARRAY_LEN(migrations); v++) {
        char setv[64];
        snprintf(setv, sizeof(setv), "PRAGMA user_version = %d", v + 1);
        if (sq_exec(s, "BEGIN IMMEDIATE", err))
            return -1;
        if (sq_exec(s, migrations[v], err) || sq_exec(s, setv, err)) {
            sq_exec(s, "ROLLBACK", NULL);
            return -1;
        }
        if (sq_exec(s, "COMMIT", err))
            return -1;
    }
    return 0;
}
