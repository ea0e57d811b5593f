/*
 * store_sqlite_int.h — what the files of the SQLite back end share:
 * store_sqlite.c (the connection, the queries) and store_sqlite_schema.c
 * (the schema, brought up to date on open). Not for other files of the
 * module: they reach a back end through store_ops (store_int.h).
 *
 * Ownership: the handle, its path and its prepared statements are
 * malloc'd / SQLite's, freed by sq_close (store_sqlite.c).
 */
#ifndef NM_STORE_SQLITE_INT_H
#define NM_STORE_SQLITE_INT_H

#include "store_int.h"

#include <sqlite3.h>

/* The queries prepared at open: their SQL is store_sqlite.c's queries[]. */
enum {
    Q_FEED_GET, Q_FEED_ADD, Q_FEED_PUT, Q_FEED_DEL, Q_FEED_ITEMS,
    Q_KNOWN_ITEM, Q_KNOWN_ALIAS, Q_BY_LINK, Q_SIMILAR, Q_ITEM_ADD, Q_ALIAS_ADD,
    Q_PATHS, Q_HAS_PATH, Q_FORGET_VALIDATORS, Q_FORGET_ALIASES, Q_FORGET,
    Q_PAGE_ADD, Q_PAGES_DUE, Q_PAGE_DONE, Q_PAGE_FAILED, Q_FORGET_PAGE,
    Q_PIMG_ADD, Q_PIMG_DUE, Q_PIMG_DONE, Q_PIMG_FAILED, Q_FORGET_PIMG,
    Q_URL_GET, Q_URL_PUT, Q__N
};

typedef struct sqlite_store {
    store base;
    sqlite3 *db;
    char *path;
    sqlite3_stmt *q[Q__N];
} sqlite_store;

/* Fills err with what failed and SQLite's message for s; returns -1. */
int sq_db_fail(sqlite_store *s, nm_error *err, const char *what);
/* Runs sql (any number of statements, no rows wanted); 0, or -1 with err
 * (err may be NULL: the failure is then only returned). */
int sq_exec(sqlite_store *s, const char *sql, nm_error *err);

/* ---- store_sqlite_schema.c ---------------------------------------------- */

/* PRAGMA user_version: the schema version of the open database, -1 when
 * it cannot be read. (store_ops.schema_version) */
int sq_schema_version(store *b);
/* Brings the schema to STORE_SCHEMA, one transaction a migration; sets
 * s->base.schema_from. 0, or -1 with err (a database newer than this
 * newsmill is refused). */
int sq_migrate(sqlite_store *s, nm_error *err);

#endif
