/*
 * index.c — the search index on disk and keeping it in step with the
 * posts.
 *
 * Two tables in <site>/.newsmill/search.db:
 *   doc      one row per indexed file: path (relative to the site), size,
 *            mtime in ns, a hash of the indexed content, date and title;
 *   doc_fts  FTS5 over (title, categories, author, body), rowid = doc.id,
 *            cut by the "newsmill" tokenizer (tokenize.c).
 * PRAGMA user_version holds the schema version (tables and tokenizer);
 * another version (an older newsmill) means drop and rebuild, since the
 * index is derived data.
 *
 * An update is a merge of two sorted lists: the .md files under
 * source/_posts/ (walked, stat'ed) and the doc rows (ORDER BY path).
 * Same size and mtime: nothing to do. Otherwise the file is read with
 * post_read_file (in batches, on every core), its indexed text hashed,
 * and only a different hash touches the FTS table. Rows without a file
 * go. Everything happens in one transaction, so a killed run leaves the
 * previous index; WAL lets a reader query while an update runs.
 *
 * Not here: queries (query.c), tokenizing (tokenize.c), body text
 * (text.c).
 */
#include "search_int.h"

#include "post/post.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The version of the tables and of the terms the tokenizer emits: any
 * change to tokenize.c that changes a term bumps it, so that old indexes
 * are rebuilt rather than silently missing matches. 2: a unigram for
 * every CJK character. */
#define SCHEMA_VERSION 2
#define BODY_MAX (1u << 20) /* bytes of body text indexed per post */
#define BATCH 2048          /* posts read in parallel between inserts */

static const char *const schema =
    "CREATE TABLE IF NOT EXISTS doc("
    " id INTEGER PRIMARY KEY,"
    " path TEXT NOT NULL UNIQUE,"
    " size INTEGER NOT NULL,"
    " mtime_ns INTEGER NOT NULL,"
    " hash INTEGER NOT NULL,"
    " date INTEGER,"
    " title TEXT NOT NULL);"
    "CREATE VIRTUAL TABLE IF NOT EXISTS doc_fts USING fts5("
    " title, categories, author, body, tokenize='newsmill');";

static int db_fail(search_db *db, nm_error *err, const char *what)
{
    return nm_fail(err, db->path, 0, "%s: %s", what, sqlite3_errmsg(db->db));
}

static int exec(search_db *db, const char *sql, nm_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        nm_fail(err, db->path, 0, "%s", msg ? msg : sqlite3_errmsg(db->db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

int search_open(const char *site_dir, search_db **out, nm_error *err)
{
    *out = NULL;
    search_db *db = xcalloc(1, sizeof(*db));
    db->site_dir = xstrdup(site_dir);
    size_t n = strlen(site_dir) + 32;
    char *dir = xmalloc(n);
    snprintf(dir, n, "%s/" NM_STATE_DIR, site_dir);
    db->path = xmalloc(n);
    snprintf(db->path, n, "%s/" NM_STATE_DIR "/search.db", site_dir);
    int rc = fs_mkdirs(dir, err);
    free(dir);
    if (rc < 0) {
        search_close(db);
        return -1;
    }
    if (sqlite3_open_v2(db->path, &db->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        db_fail(db, err, "cannot open the search index");
        search_close(db);
        return -1;
    }
    sqlite3_busy_timeout(db->db, 10000);
    if (search_register_tokenizer(db->db) < 0) {
        nm_fail(err, db->path, 0, "this SQLite has no FTS5 (needed for search)");
        search_close(db);
        return -1;
    }
    sqlite3_stmt *st = NULL;
    int version = 0;
    if (sqlite3_prepare_v2(db->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", err) < 0) {
        search_close(db);
        return -1;
    }
    if (version != SCHEMA_VERSION) {
        char sql[256];
        snprintf(sql, sizeof(sql),
                 "BEGIN; DROP TABLE IF EXISTS doc; DROP TABLE IF EXISTS doc_fts;"
                 "PRAGMA user_version=%d;",
                 SCHEMA_VERSION);
        if (exec(db, sql, err) < 0 || exec(db, schema, err) < 0 || exec(db, "COMMIT", err) < 0) {
            search_close(db);
            return -1;
        }
    }
    *out = db;
    return 0;
}

void search_close(search_db *db)
{
    if (!db)
        return;
    sqlite3_close(db->db);
    free(db->site_dir);
    free(db->path);
    free(db);
}

void search_stats_free(search_stats *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->failed; i++)
        free(s->problems[i]);
    free(s->problems);
    memset(s, 0, sizeof(*s));
}

/* ---- the files ---------------------------------------------------------- */

typedef struct file_ent {
    char *rel;          /* "source/_posts/…/x.md" */
    int64_t size, mtime_ns;
} file_ent;

typedef struct file_list {
    file_ent *v;
    size_t n, cap;
} file_list;

static bool ends_with_md(const char *name)
{
    size_t n = strlen(name);
    return n > 3 && strcmp(name + n - 3, ".md") == 0;
}

/* Collects the .md names under site/rel (as `check` does: hidden names and
 * our temporary files skipped, symlinked directories not followed). A name
 * that is not a regular file still counts: reading it reports why. */
static void walk(const char *site, const char *rel, file_list *out, int depth)
{
    size_t n = strlen(site) + strlen(rel) + 2;
    char *abs = xmalloc(n);
    snprintf(abs, n, "%s/%s", site, rel);
    DIR *d = opendir(abs);
    if (!d) {
        free(abs);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || fs_is_temp_name(e->d_name))
            continue;
        size_t m = strlen(rel) + strlen(e->d_name) + 2;
        char *r = xmalloc(m);
        snprintf(r, m, "%s/%s", rel, e->d_name);
        size_t k = strlen(abs) + strlen(e->d_name) + 2;
        char *full = xmalloc(k);
        snprintf(full, k, "%s/%s", abs, e->d_name);
        struct stat st;
        bool have = lstat(full, &st) == 0;
        bool is_dir = have && S_ISDIR(st.st_mode);
        if (is_dir && depth < 64)
            walk(site, r, out, depth + 1);
        if (ends_with_md(e->d_name)) {
            if (have && S_ISLNK(st.st_mode))
                have = stat(full, &st) == 0;
            if (out->n == out->cap) {
                out->cap = out->cap ? out->cap * 2 : 256;
                out->v = xrealloc(out->v, out->cap * sizeof(*out->v));
            }
            out->v[out->n++] = (file_ent){
                r, have ? (int64_t)st.st_size : -1,
                have ? (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec : -1};
        } else {
            free(r);
        }
        free(full);
    }
    closedir(d);
    free(abs);
}

static int cmp_file(const void *a, const void *b)
{
    return strcmp(((const file_ent *)a)->rel, ((const file_ent *)b)->rel);
}

/* ---- reading posts in parallel ----------------------------------------- */

typedef struct read_item {
    const file_ent *file;
    int64_t id;          /* doc row, 0 when new */
    uint64_t old_hash;
    /* filled by the reader: */
    bool ok;
    char *problem;       /* malloc'd when !ok */
    const char *title, *categories, *author, *body;
    int64_t date;
    uint64_t hash;
} read_item;

typedef struct read_job {
    const char *site;
    read_item *items;
    arena **arenas;      /* per worker, reset after each batch */
    post_read_opts opts;
    progress *pr;
} read_job;

static const char *join_categories(arena *a, const post *p)
{
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    for (size_t i = 0; i < p->ncategories; i++)
        for (size_t j = 0; j < p->categories[i].n; j++) {
            if (b.len)
                buf_puts(&b, " / ");
            buf_puts(&b, p->categories[i].names[j]);
        }
    char *s = search_clean_line(a, buf_cstr(&b));
    buf_free(&b);
    return s;
}

static const char *base_title(arena *a, const char *rel)
{
    const char *s = strrchr(rel, '/');
    s = s ? s + 1 : rel;
    return arena_strndup(a, s, strlen(s) - 3); /* without ".md" */
}

static void read_one(size_t i, int worker, void *ctx)
{
    read_job *j = ctx;
    read_item *it = &j->items[i];
    arena *a = j->arenas[worker];
    char *abs = arena_printf(a, "%s/%s", j->site, it->file->rel);
    post p;
    nm_error err;
    if (post_read_file(a, abs, &j->opts, &p, &err) < 0) {
        /* Name the file as the user knows it: relative to the site. */
        snprintf(err.where, sizeof(err.where), "%s", it->file->rel);
        char msg[2048];
        it->problem = xstrdup(nm_error_format(&err, msg, sizeof(msg)));
        progress_add(j->pr, 1);
        return;
    }
    it->title = search_clean_line(a, p.title && *p.title ? p.title : base_title(a, it->file->rel));
    it->categories = join_categories(a, &p);
    it->author = search_clean_line(a, p.author);
    it->body = search_body_text(a, p.body.ptr, p.body.len, BODY_MAX);
    it->date = p.date;
    uint64_t h = hash64(it->title, strlen(it->title) + 1, (uint64_t)p.date);
    h = hash64(it->categories, strlen(it->categories) + 1, h);
    h = hash64(it->author, strlen(it->author) + 1, h);
    it->hash = hash64(it->body, strlen(it->body), h);
    it->ok = true;
    progress_add(j->pr, 1);
}

/* ---- the update ----------------------------------------------------------- */

typedef struct stmts {
    sqlite3_stmt *del_doc, *del_fts, *ins_doc, *upd_doc, *upd_stat, *ins_fts;
} stmts;

static int prepare_all(search_db *db, stmts *s, nm_error *err)
{
    struct {
        sqlite3_stmt **st;
        const char *sql;
    } list[] = {
        {&s->del_doc, "DELETE FROM doc WHERE id=?1"},
        {&s->del_fts, "DELETE FROM doc_fts WHERE rowid=?1"},
        {&s->ins_doc,
         "INSERT INTO doc(path,size,mtime_ns,hash,date,title) VALUES(?1,?2,?3,?4,?5,?6)"},
        {&s->upd_doc,
         "UPDATE doc SET size=?2, mtime_ns=?3, hash=?4, date=?5, title=?6 WHERE id=?1"},
        {&s->upd_stat, "UPDATE doc SET size=?2, mtime_ns=?3 WHERE id=?1"},
        {&s->ins_fts,
         "INSERT INTO doc_fts(rowid,title,categories,author,body) VALUES(?1,?2,?3,?4,?5)"},
    };
    for (size_t i = 0; i < NM_ARRAY_LEN(list); i++)
        if (sqlite3_prepare_v2(db->db, list[i].sql, -1, list[i].st, NULL) != SQLITE_OK)
            return db_fail(db, err, "cannot prepare the index update");
    return 0;
}

static void finalize_all(stmts *s)
{
    sqlite3_finalize(s->del_doc);
    sqlite3_finalize(s->del_fts);
    sqlite3_finalize(s->ins_doc);
    sqlite3_finalize(s->upd_doc);
    sqlite3_finalize(s->upd_stat);
    sqlite3_finalize(s->ins_fts);
}

static int run(search_db *db, sqlite3_stmt *st, nm_error *err)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return db_fail(db, err, "cannot update the search index");
    return 0;
}

static int remove_doc(search_db *db, stmts *s, int64_t id, nm_error *err)
{
    sqlite3_bind_int64(s->del_fts, 1, id);
    sqlite3_bind_int64(s->del_doc, 1, id);
    return run(db, s->del_fts, err) < 0 || run(db, s->del_doc, err) < 0 ? -1 : 0;
}

/* Writes one read item: a new row, a changed row, or only its stat. */
static int store_item(search_db *db, stmts *s, read_item *it, search_stats *stats,
                      nm_error *err)
{
    const file_ent *f = it->file;
    if (!it->ok) {
        stats->problems = xrealloc(stats->problems, (stats->failed + 1) * sizeof(char *));
        stats->problems[stats->failed++] = it->problem;
        it->problem = NULL;
        if (it->id) {
            stats->removed++;
            return remove_doc(db, s, it->id, err);
        }
        return 0;
    }
    if (it->id && it->hash == it->old_hash) {
        sqlite3_bind_int64(s->upd_stat, 1, it->id);
        sqlite3_bind_int64(s->upd_stat, 2, f->size);
        sqlite3_bind_int64(s->upd_stat, 3, f->mtime_ns);
        return run(db, s->upd_stat, err);
    }
    sqlite3_stmt *st = it->id ? s->upd_doc : s->ins_doc;
    if (it->id)
        sqlite3_bind_int64(st, 1, it->id);
    else
        sqlite3_bind_text(st, 1, f->rel, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, f->size);
    sqlite3_bind_int64(st, 3, f->mtime_ns);
    sqlite3_bind_int64(st, 4, (int64_t)it->hash);
    if (it->date == NM_NO_TIME)
        sqlite3_bind_null(st, 5);
    else
        sqlite3_bind_int64(st, 5, it->date);
    sqlite3_bind_text(st, 6, it->title, -1, SQLITE_STATIC);
    if (run(db, st, err) < 0)
        return -1;
    int64_t id = it->id ? it->id : sqlite3_last_insert_rowid(db->db);
    if (it->id) {
        sqlite3_bind_int64(s->del_fts, 1, id);
        if (run(db, s->del_fts, err) < 0)
            return -1;
    }
    sqlite3_bind_int64(s->ins_fts, 1, id);
    sqlite3_bind_text(s->ins_fts, 2, it->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(s->ins_fts, 3, it->categories, -1, SQLITE_STATIC);
    sqlite3_bind_text(s->ins_fts, 4, it->author, -1, SQLITE_STATIC);
    sqlite3_bind_text(s->ins_fts, 5, it->body, -1, SQLITE_STATIC);
    if (run(db, s->ins_fts, err) < 0)
        return -1;
    stats->indexed++;
    return 0;
}

static int cmp_problem(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads items[0, n) in parallel and stores them in order. */
static int do_batch(search_db *db, stmts *s, read_job *job, pool *workers, int nworkers,
                    read_item *items, size_t n, search_stats *stats, nm_error *err)
{
    job->items = items;
    pool_for(workers, n, read_one, job);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (rc == 0 && store_item(db, s, &items[i], stats, err) < 0)
            rc = -1;
        free(items[i].problem);
        items[i].problem = NULL;
    }
    for (int w = 0; w < nworkers; w++)
        arena_reset(job->arenas[w]);
    return rc;
}

static int update(search_db *db, bool reindex, search_stats *stats, nm_error *err)
{
    arena *a = arena_new(0);
    post_read_opts opts = {0};
    if (post_site_zone(arena_printf(a, "%s/_config.yml", db->site_dir), &opts.zone, err) < 0) {
        arena_free(a);
        return -1;
    }
    file_list files = {0};
    walk(db->site_dir, "source/_posts", &files, 0);
    qsort(files.v, files.n, sizeof(*files.v), cmp_file);
    stats->posts = files.n;

    stmts s = {0};
    sqlite3_stmt *rows = NULL;
    read_item *todo = xcalloc(files.n + 1, sizeof(*todo));
    int64_t *gone = NULL;
    pool *workers = files.n >= 256 ? pool_new(0) : NULL;
    int nworkers = workers ? pool_size(workers) + 1 : 1;
    read_job job = {.site = db->site_dir, .arenas = xcalloc((size_t)nworkers, sizeof(arena *)),
                    .opts = opts};
    for (int w = 0; w < nworkers; w++)
        job.arenas[w] = arena_new(0);
    int rc = -1;
    if (exec(db, "BEGIN IMMEDIATE", err) < 0)
        goto out;
    /* Dropping is much faster than deleting every row of a large index. */
    if (reindex && (exec(db, "DROP TABLE doc; DROP TABLE doc_fts;", err) < 0 ||
                    exec(db, schema, err) < 0))
        goto rollback;
    if (prepare_all(db, &s, err) < 0 ||
        sqlite3_prepare_v2(db->db, "SELECT id, path, size, mtime_ns, hash FROM doc ORDER BY path",
                           -1, &rows, NULL) != SQLITE_OK) {
        db_fail(db, err, "cannot read the search index");
        goto rollback;
    }

    /* Merge the sorted files with the sorted rows, reading only: writes
     * wait until the SELECT is done (an insert could show up in it). */
    size_t fi = 0, ntodo = 0, ngone = 0, capgone = 0;
    int step = sqlite3_step(rows);
    while (fi < files.n || step == SQLITE_ROW) {
        const char *path = step == SQLITE_ROW ? (const char *)sqlite3_column_text(rows, 1) : NULL;
        int c = fi == files.n ? 1 : !path ? -1 : strcmp(files.v[fi].rel, path);
        if (c > 0) { /* a row whose file is gone */
            if (ngone == capgone) {
                capgone = capgone ? capgone * 2 : 64;
                gone = xrealloc(gone, capgone * sizeof(*gone));
            }
            gone[ngone++] = sqlite3_column_int64(rows, 0);
            step = sqlite3_step(rows);
            continue;
        }
        file_ent *f = &files.v[fi++];
        read_item it = {.file = f};
        if (c == 0) {
            it.id = sqlite3_column_int64(rows, 0);
            it.old_hash = (uint64_t)sqlite3_column_int64(rows, 4);
            bool same = sqlite3_column_int64(rows, 2) == f->size &&
                        sqlite3_column_int64(rows, 3) == f->mtime_ns && f->size >= 0;
            step = sqlite3_step(rows);
            if (same)
                continue;
        }
        todo[ntodo++] = it;
    }
    if (step != SQLITE_DONE) {
        db_fail(db, err, "cannot read the search index");
        goto rollback;
    }
    sqlite3_finalize(rows);
    rows = NULL;
    for (size_t i = 0; i < ngone; i++)
        if (remove_doc(db, &s, gone[i], err) < 0)
            goto rollback;
    stats->removed += ngone;
    stats->read = ntodo;
    job.pr = ntodo ? progress_start("search index", ntodo) : NULL;
    for (size_t i = 0; i < ntodo; i += BATCH) {
        size_t n = ntodo - i < BATCH ? ntodo - i : BATCH;
        if (do_batch(db, &s, &job, workers, nworkers, todo + i, n, stats, err) < 0)
            goto rollback;
    }
    sqlite3_finalize(rows);
    rows = NULL;
    finalize_all(&s);
    memset(&s, 0, sizeof(s));
    if (exec(db, "COMMIT", err) < 0)
        goto rollback;
    rc = 0;
    goto out;
rollback:
    sqlite3_finalize(rows);
    rows = NULL;
    finalize_all(&s);
    memset(&s, 0, sizeof(s));
    sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
out:
    progress_finish(job.pr);
    pool_free(workers);
    for (int w = 0; w < nworkers; w++)
        arena_free(job.arenas[w]);
    free(job.arenas);
    free(todo);
    free(gone);
    for (size_t i = 0; i < files.n; i++)
        free(files.v[i].rel);
    free(files.v);
    arena_free(a);
    if (stats->failed)
        qsort(stats->problems, stats->failed, sizeof(char *), cmp_problem);
    return rc;
}

int search_update(search_db *db, bool reindex, search_stats *stats, nm_error *err)
{
    search_stats local;
    search_stats *st = stats ? stats : &local;
    memset(st, 0, sizeof(*st));
    char *dir = xmalloc(strlen(db->site_dir) + 16);
    sprintf(dir, "%s/source/_posts", db->site_dir);
    bool ok = fs_is_dir(dir);
    free(dir);
    int rc;
    if (!ok)
        rc = nm_fail(err, db->site_dir, 0, "no source/_posts/ directory here (is it a site?)");
    else
        rc = update(db, reindex, st, err);
    if (!stats)
        search_stats_free(&local);
    return rc;
}
