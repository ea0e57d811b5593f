/*
 * dump.c — the store's portable dump: `newsmill store export` / `import`,
 * to move a site between SQLite and PostgreSQL (or keep a backup that
 * either can load).
 *
 * The format is JSON lines: a header {"newsmill_store":1,"schema":N},
 * then one object per row, {"table":"items","id":7,…}, with every column
 * of the table by name; integers as JSON integers (64-bit: content hashes
 * and SimHashes are stored as signed 64-bit values, and dumped so), text
 * as strings, NULL as null. Tables come parents first (feeds, items,
 * aliases, pages, post_images, image_urls, posts) and rows in a fixed
 * order (store_tables[].order, text compared byte by byte on both back
 * ends), so the same content gives the
 * same bytes from either back end: export → import → export is an
 * identity, which the tests check.
 *
 * The column lists are the schema's (store_sqlite_schema.c,
 * store_pg_schema.c): a new migration that adds a column adds it here and
 * bumps the schema number in the header; an import refuses a dump of
 * another schema. The SELECT and INSERT of whole tables are made here
 * from them, and the back ends only run them. Leases (feeds' claimed_by, claimed_until, the hosts
 * table) and the workers seen are not dumped: they belong to the
 * processes running now.
 */
#include "store_int.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define INT(n) {n, false, false}
#define INTN(n) {n, false, true}
#define TEXT(n) {n, true, false}
#define TEXTN(n) {n, true, true}

static const store_column feed_cols[] = {
    INT("id"),          TEXT("url"),        TEXTN("etag"),        TEXTN("last_modified"),
    TEXTN("moved_to"),  INT("last_fetch"),  INT("last_ok"),       INT("next_due"),
    INT("last_status"), INT("error_count"), TEXTN("last_error"),  INT("ttl_minutes"),
    TEXTN("host"), /* not claimed_by, claimed_until: a lease does not move */
};
static const store_column item_cols[] = {
    INT("id"),          INT("feed_id"),   TEXT("ident"),      TEXTN("guid"),  TEXTN("link"),
    INT("content_hash"), INT("simhash"),  INTN("sh0"),        INTN("sh1"),    INTN("sh2"),
    INTN("sh3"),        TEXT("post_path"), INT("item_time"),  INT("first_seen"),
};
static const store_column alias_cols[] = {INT("item_id"), INT("feed_id"), TEXT("ident")};
static const store_column page_cols[] = {
    INT("item_id"), TEXT("url"), INT("attempts"), INT("next_try"),
    INT("feed_chars"), INT("flags"), TEXTN("last_error"),
};
static const store_column post_image_cols[] = {
    INT("item_id"), INT("attempts"), INT("next_try"), TEXTN("last_error"),
};
static const store_column image_url_cols[] = {TEXT("url"), TEXTN("local"), TEXTN("refused")};
static const store_column post_cols[] = {INT("seq"), TEXT("path"), TEXT("bytes"), INT("written")};

const store_table store_tables[] = {
    {"feeds", feed_cols, NM_ARRAY_LEN(feed_cols), {0, -1, -1}, true},
    {"items", item_cols, NM_ARRAY_LEN(item_cols), {0, -1, -1}, true},
    {"aliases", alias_cols, NM_ARRAY_LEN(alias_cols), {1, 2, -1}, false},
    {"pages", page_cols, NM_ARRAY_LEN(page_cols), {0, -1, -1}, false},
    {"post_images", post_image_cols, NM_ARRAY_LEN(post_image_cols), {0, -1, -1}, false},
    {"image_urls", image_url_cols, NM_ARRAY_LEN(image_url_cols), {0, -1, -1}, false},
    {"posts", post_cols, NM_ARRAY_LEN(post_cols), {0, -1, -1}, true},
};
const size_t store_ntables = NM_ARRAY_LEN(store_tables);

#define DUMP_FORMAT 1

/* The SQL of whole tables, one text for both back ends: parameters are
 * $1…$n (SQLite numbers named ones in order of appearance) and text in
 * ORDER BY gets the back end's text_order. In a. */
static const char *column_list(const store_table *t, arena *a)
{
    const char *list = "";
    for (size_t i = 0; i < t->ncols; i++)
        list = arena_printf(a, "%s%s%s", list, i ? ", " : "", t->cols[i].name);
    return list;
}

static const char *select_sql(store *s, const store_table *t, arena *a)
{
    const char *order = "";
    for (int i = 0; i < 3 && t->order[i] >= 0; i++) {
        const store_column *c = &t->cols[t->order[i]];
        order = arena_printf(a, "%s%s%s%s", order, i ? ", " : "", c->name,
                             c->text ? s->ops->text_order : "");
    }
    return arena_printf(a, "SELECT %s FROM %s ORDER BY %s", column_list(t, a), t->name, order);
}

static const char *insert_sql(const store_table *t, arena *a)
{
    const char *params = "";
    for (size_t i = 0; i < t->ncols; i++)
        params = arena_printf(a, "%s%s$%zu", params, i ? ", " : "", i + 1);
    return arena_printf(a, "INSERT INTO %s(%s) VALUES(%s)", t->name, column_list(t, a), params);
}

typedef struct export_ctx {
    FILE *out;
    nm_error *err;
} export_ctx;

static int put_line(json_t *o, FILE *out, nm_error *err)
{
    char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!line)
        return nm_fail(err, NULL, 0, "export: cannot encode a row (text not UTF-8?)");
    int bad = fputs(line, out) == EOF || fputc('\n', out) == EOF;
    free(line);
    return bad ? nm_fail(err, NULL, 0, "export: cannot write: %s", strerror(errno)) : 0;
}

static int export_row(const store_table *t, const char *const *vals, void *arg)
{
    export_ctx *x = arg;
    json_t *o = json_object();
    json_object_set_new(o, "table", json_string(t->name));
    for (size_t i = 0; i < t->ncols; i++) {
        json_t *v;
        if (!vals[i])
            v = json_null();
        else if (t->cols[i].text)
            v = json_string(vals[i]);
        else
            v = json_integer(strtoll(vals[i], NULL, 10));
        if (!v) {
            json_decref(o);
            return nm_fail(x->err, NULL, 0, "export: %s.%s is not UTF-8 text", t->name,
                           t->cols[i].name);
        }
        json_object_set_new(o, t->cols[i].name, v);
    }
    return put_line(o, x->out, x->err);
}

int store_export(store *s, FILE *out, nm_error *err)
{
    json_t *h = json_object();
    json_object_set_new(h, "newsmill_store", json_integer(DUMP_FORMAT));
    json_object_set_new(h, "schema", json_integer(store_schema_version(s)));
    if (put_line(h, out, err))
        return -1;
    export_ctx x = {out, err};
    arena *a = arena_new(0);
    int rc = 0;
    for (size_t i = 0; i < store_ntables && rc == 0; i++)
        rc = s->ops->each_row(s, &store_tables[i], select_sql(s, &store_tables[i], a),
                              export_row, &x, err);
    arena_free(a);
    if (rc)
        return -1;
    if (fflush(out) != 0)
        return nm_fail(err, NULL, 0, "export: cannot write: %s", strerror(errno));
    return 0;
}

/* ---- import ----------------------------------------------------------------- */

static const store_table *table_named(const char *name)
{
    for (size_t i = 0; i < store_ntables; i++)
        if (strcmp(store_tables[i].name, name) == 0)
            return &store_tables[i];
    return NULL;
}

/* One row object → vals (text in a); -1 with err naming name:line. */
static int row_values(json_t *o, const store_table *t, arena *a, const char **vals,
                      const char *name, long line, nm_error *err)
{
    if ((size_t)json_object_size(o) != t->ncols + 1)
        return nm_fail(err, name, line, "a %s row has %zu fields, not %zu", t->name,
                       (size_t)json_object_size(o) - 1, t->ncols);
    for (size_t i = 0; i < t->ncols; i++) {
        const store_column *c = &t->cols[i];
        json_t *v = json_object_get(o, c->name);
        if (!v)
            return nm_fail(err, name, line, "a %s row has no '%s'", t->name, c->name);
        if (json_is_null(v)) {
            if (!c->nullable)
                return nm_fail(err, name, line, "%s.%s cannot be null", t->name, c->name);
            vals[i] = NULL;
        } else if (c->text && json_is_string(v)) {
            vals[i] = arena_strdup(a, json_string_value(v));
            if (strlen(vals[i]) != json_string_length(v))
                return nm_fail(err, name, line, "%s.%s holds a NUL character", t->name,
                               c->name);
        } else if (!c->text && json_is_integer(v)) {
            vals[i] = arena_printf(a, "%lld", (long long)json_integer_value(v));
        } else {
            return nm_fail(err, name, line, "%s.%s must be %s", t->name, c->name,
                           c->text ? "a string" : "an integer");
        }
    }
    return 0;
}

static int import_lines(store *s, FILE *in, const char *name, nm_error *err)
{
    char *buf = NULL;
    size_t cap = 0;
    ssize_t got;
    long line = 0;
    int rc = 0;
    bool header = false;
    arena *a = arena_new(0);
    while (rc == 0 && (got = getline(&buf, &cap, in)) >= 0) {
        line++;
        if (got <= 1 && (got == 0 || buf[0] == '\n'))
            continue;
        json_error_t je;
        json_t *o = json_loadb(buf, (size_t)got, 0, &je);
        if (!o || !json_is_object(o)) {
            rc = nm_fail(err, name, line, "not a JSON object%s%s", o ? "" : ": ",
                         o ? "" : je.text);
        } else if (!header) {
            json_t *f = json_object_get(o, "newsmill_store"), *v = json_object_get(o, "schema");
            if (!json_is_integer(f) || json_integer_value(f) != DUMP_FORMAT || !json_is_integer(v))
                rc = nm_fail(err, name, line,
                             "not a newsmill store dump (the first line must be"
                             " {\"newsmill_store\":%d,\"schema\":N})",
                             DUMP_FORMAT);
            else if (json_integer_value(v) != store_schema_version(s))
                rc = nm_fail(err, name, line,
                             "the dump has schema %lld, this newsmill's store has %d:"
                             " export and import with the same newsmill",
                             (long long)json_integer_value(v), store_schema_version(s));
            header = true;
        } else {
            json_t *tn = json_object_get(o, "table");
            const store_table *t = json_is_string(tn) ? table_named(json_string_value(tn)) : NULL;
            const char *vals[32];
            if (!t)
                rc = nm_fail(err, name, line, "a row without a known \"table\"");
            else if (row_values(o, t, a, vals, name, line, err) ||
                     s->ops->insert_row(s, t, insert_sql(t, a), vals, err)) {
                if (!err->line) {
                    /* the database's own message: say which row it was */
                    char m[sizeof(err->msg)];
                    snprintf(m, sizeof(m), "%s", err->msg);
                    nm_fail(err, name, line, "%s", m);
                }
                rc = -1;
            }
            arena_reset(a);
        }
        json_decref(o);
    }
    if (rc == 0 && ferror(in))
        rc = nm_fail(err, name, 0, "cannot read: %s", strerror(errno));
    if (rc == 0 && !header)
        rc = nm_fail(err, name, 0, "empty: not a newsmill store dump");
    free(buf);
    arena_free(a);
    return rc;
}

int store_import(store *s, FILE *in, const char *name, nm_error *err)
{
    int64_t rows = 0;
    for (size_t i = 0; i < store_ntables; i++) {
        int64_t n;
        char sql[64];
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", store_tables[i].name);
        if (s->ops->scalar(s, sql, &n, err))
            return -1;
        rows += n;
    }
    if (rows)
        return nm_fail(err, store_where(s), 0,
                       "the store is not empty (%lld rows): import only into a new store",
                       (long long)rows);
    if (store_begin(s, err))
        return -1;
    if (import_lines(s, in, name, err) || s->ops->ids_follow(s, err) || store_commit(s, err)) {
        store_rollback(s);
        return -1;
    }
    return 0;
}
