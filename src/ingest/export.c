/*
 * export.c — items become post files, and disk and store agree again
 * after a crash.
 *
 * Posts are written in batches (many feeds' worth), and the order of
 * writes is the whole safety argument:
 *   1. the batch's rows are inserted in an open transaction (so later
 *      items already see them as known) — nothing is visible yet;
 *   2. the journal .newsmill/pending, listing every path of the batch, is
 *      written atomically and synced;
 *   3. each post is already in a temporary file (written by the pool
 *      thread that rendered it, export_tmp_write); one syncfs() makes them
 *      all durable; each is renamed to its name;
 *   4. the transaction commits; the journal is removed.
 * Killed before 2, nothing but temporary files exists, and they are swept.
 * Killed between 2 and 4, the journal names every file that may lack a
 * row: reconcile deletes those (a path that has a row is kept), and the
 * next fetch, which still has the old validators, writes them again under
 * the same stable names. Killed after 4, all is done. So there is never a
 * post without a row, nor a duplicate, nor a partial file. One sync per
 * batch instead of one fsync per post is what makes this fast.
 *
 * Not here: deciding what is new (ingest.c).
 */
#include "ingest_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "post/post.h"

#define JOURNAL NM_STATE_DIR "/pending"

char *export_post_path(arena *a, const char *feed_url, const char *ident)
{
    char hex[17];
    hash64_hex(hash64_pair(feed_url, ident), hex);
    return arena_printf(a, "source/_posts/%s.md", hex);
}

int export_render(const export_post *ep, nm_buf *out)
{
    post p;
    memset(&p, 0, sizeof(p));
    post_hierarchy h = {.names = (const char **)ep->categories, .n = 3};
    p.path = ep->path;
    p.title = ep->title;
    p.categories = &h;
    p.ncategories = 1;
    p.date = ep->date;
    p.updated = NM_NO_TIME;
    p.comments = ep->comments ? 1 : 0;
    p.headimg = ep->image;
    p.thumbnail = ep->image;
    p.author = ep->author;
    p.body = sv_make(ep->body, strlen(ep->body));
    return post_write(&p, out);
}

/* ---- temp files and batches ------------------------------------------- */

int export_tmp_write(const char *site, const char *path, const nm_buf *bytes, char **tmp,
                     nm_error *err)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t dir_len = (size_t)(base - path);
    char final[4096], name[4400];
    snprintf(final, sizeof(final), "%s/%s", site, path);
    if (buf_check(bytes, final, err))
        return -1;
    if (fs_temp_path(final, name, sizeof(name)))
        return nm_fail(err, final, 0, "path too long");
    int fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 && errno == ENOENT) { /* the first post of a new site */
        char dir[4400];
        snprintf(dir, sizeof(dir), "%s/%.*s", site, (int)dir_len, path);
        if (fs_mkdirs(dir, err))
            return -1;
        fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    }
    if (fd < 0 || fs_write_all(fd, bytes->data, bytes->len) || close(fd)) {
        /* The reason goes into feed failures, which show msg alone. */
        int rc = nm_fail(err, name, 0, "cannot write a post in %s/%.*s: %s", site,
                         (int)(dir_len ? dir_len - 1 : 0), path, strerror(errno));
        if (fd >= 0)
            unlink(name);
        return rc;
    }
    *tmp = xstrdup(name);
    return 0;
}

void export_batch_add(export_batch *b, const char *path, char *tmp)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        b->paths = xrealloc(b->paths, b->cap * sizeof(*b->paths));
        b->tmps = xrealloc(b->tmps, b->cap * sizeof(*b->tmps));
    }
    b->paths[b->n] = xstrdup(path);
    b->tmps[b->n] = tmp;
    b->n++;
}

void export_batch_truncate(export_batch *b, size_t n)
{
    while (b->n > n) {
        b->n--;
        free(b->paths[b->n]);
        if (b->tmps[b->n])
            unlink(b->tmps[b->n]);
        free(b->tmps[b->n]);
    }
}

void export_batch_free(export_batch *b)
{
    export_batch_truncate(b, 0);
    free(b->paths);
    free(b->tmps);
    memset(b, 0, sizeof(*b));
}

int export_batch_write(const char *site, export_batch *b, nm_error *err)
{
    if (b->n == 0)
        return 0;
    char path[4096], dst[4400];
    nm_buf journal;
    buf_init(&journal, NM_BUF_NOLIMIT);
    for (size_t i = 0; i < b->n; i++)
        buf_printf(&journal, "%s\n", b->paths[i]);
    snprintf(path, sizeof(path), "%s/" JOURNAL, site);
    int rc = fs_write_buf(path, &journal, err);
    buf_free(&journal);
    if (rc)
        return -1;
    snprintf(path, sizeof(path), "%s/source/_posts", site);
    int dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0 || syncfs(dfd) != 0)
        rc = nm_fail(err, path, 0, "cannot sync: %s", strerror(errno));
    /* Every post lives in source/_posts (export_post_path), and its temp
     * file beside it: both names relative to the directory's fd, so no
     * path walk per post. */
    for (size_t i = 0; i < b->n && rc == 0; i++) {
        const char *from = strrchr(b->tmps[i], '/'), *to = strrchr(b->paths[i], '/');
        from = from ? from + 1 : b->tmps[i];
        to = to ? to + 1 : b->paths[i];
        if (renameat(dfd, from, dfd, to) != 0) {
            snprintf(dst, sizeof(dst), "%s/%s", site, b->paths[i]);
            rc = nm_fail(err, dst, 0, "cannot rename into place: %s", strerror(errno));
        } else {
            free(b->tmps[i]);
            b->tmps[i] = NULL; /* in place: nothing to unlink */
        }
    }
    if (rc == 0 && dfd >= 0)
        fsync(dfd);
    if (dfd >= 0)
        close(dfd);
    return rc;
}

void export_journal_done(const char *site)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/" JOURNAL, site);
    unlink(path);
}

/* ---- reconcile ---------------------------------------------------------- */

/* The names in source/_posts, read once, so that finding the rows whose
 * file is gone costs a lookup per row, not a stat(): open addressing over
 * hash64 of the name, names in an arena. */
typedef struct name_set {
    arena *a;
    const char **slots;
    size_t cap, n;
} name_set;

static void set_add(name_set *ns, const char *name)
{
    if (2 * (ns->n + 1) > ns->cap) {
        size_t cap = ns->cap ? ns->cap * 2 : 1024;
        const char **slots = xcalloc(cap, sizeof(*slots));
        for (size_t i = 0; i < ns->cap; i++)
            if (ns->slots[i]) {
                size_t k = hash64(ns->slots[i], strlen(ns->slots[i]), 0) & (cap - 1);
                while (slots[k])
                    k = (k + 1) & (cap - 1);
                slots[k] = ns->slots[i];
            }
        free(ns->slots);
        ns->slots = slots;
        ns->cap = cap;
    }
    size_t k = hash64(name, strlen(name), 0) & (ns->cap - 1);
    while (ns->slots[k])
        k = (k + 1) & (ns->cap - 1);
    ns->slots[k] = arena_strdup(ns->a, name);
    ns->n++;
}

static bool set_has(const name_set *ns, const char *name)
{
    if (!ns->cap)
        return false;
    size_t k = hash64(name, strlen(name), 0) & (ns->cap - 1);
    for (; ns->slots[k]; k = (k + 1) & (ns->cap - 1))
        if (!strcmp(ns->slots[k], name))
            return true;
    return false;
}

typedef struct recon {
    store *s;
    const char *site;
    const name_set *posts; /* the names in source/_posts */
    size_t removed;
    nm_error *err;
} recon;

static int drop_missing(const char *rel, void *ctx)
{
    recon *r = ctx;
    static const char dir[] = "source/_posts/";
    bool there;
    if (!strncmp(rel, dir, sizeof(dir) - 1) && !strchr(rel + sizeof(dir) - 1, '/')) {
        there = set_has(r->posts, rel + sizeof(dir) - 1);
    } else {
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", r->site, rel);
        there = fs_exists(path);
    }
    if (!there) {
        if (store_item_forget_path(r->s, rel, r->err))
            return -1;
        r->removed++;
    }
    return 0;
}

/* The journal's files without rows are deleted (and leave the set), then
 * rows whose file is gone are forgotten. */
static int reconcile_rows(store *s, const char *site_dir, name_set *posts, size_t *reconciled,
                          nm_error *err)
{
    /* Files of an interrupted batch: those the store has no row for. */
    char jpath[4096];
    snprintf(jpath, sizeof(jpath), "%s/" JOURNAL, site_dir);
    if (fs_exists(jpath)) {
        nm_buf j;
        buf_init(&j, 256u << 20);
        if (fs_read_file(jpath, 256u << 20, &j, err)) {
            buf_free(&j);
            return -1;
        }
        str_view rest = sv_make(buf_cstr(&j), j.len);
        while (rest.len) {
            str_view line = sv_next_line(&rest);
            if (!line.len)
                continue;
            char rel[1024], path[5200];
            snprintf(rel, sizeof(rel), SV_FMT, SV_ARG(line));
            int has = store_item_has_path(s, rel);
            if (has < 0) {
                buf_free(&j);
                return nm_fail(err, jpath, 0, "cannot check %s against the database", rel);
            }
            snprintf(path, sizeof(path), "%s/%s", site_dir, rel);
            if (!has && unlink(path) == 0)
                (*reconciled)++; /* it has no row: drop_missing never asks for it */
        }
        buf_free(&j);
        unlink(jpath);
    }
    /* Rows whose file is gone (deleted by hand): forget them. */
    recon r = {.s = s, .site = site_dir, .posts = posts, .err = err};
    if (store_begin(s, err))
        return -1;
    if (store_item_paths(s, drop_missing, &r, err) || store_commit(s, err)) {
        store_rollback(s);
        return -1;
    }
    *reconciled += r.removed;
    return 0;
}

int export_reconcile(store *s, const char *site_dir, size_t *swept, size_t *reconciled,
                     nm_error *err)
{
    *swept = *reconciled = 0;
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/source/_posts", site_dir);
    name_set posts = {.a = arena_new(0)};
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d))) {
            if (!fs_is_temp_name(de->d_name)) {
                if (de->d_name[0] != '.')
                    set_add(&posts, de->d_name);
                continue;
            }
            char path[4400];
            snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
            if (unlink(path) == 0)
                (*swept)++;
        }
        closedir(d);
    }
    /* the journal's own temp file, when a run was killed writing it (the
     * fetch lock is ours: no live run is writing one) */
    snprintf(dir, sizeof(dir), "%s/" NM_STATE_DIR, site_dir);
    d = opendir(dir);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d)))
            if (fs_is_temp_name(de->d_name) && !strncmp(de->d_name, ".pending.", 9)) {
                char path[4400];
                snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
                if (unlink(path) == 0)
                    (*swept)++;
            }
        closedir(d);
    }
    int rc = reconcile_rows(s, site_dir, &posts, reconciled, err);
    free(posts.slots);
    arena_free(posts.a);
    return rc;
}

int export_batch_settle(store *s, const char *site_dir, export_batch *b,
                        int (*done)(void *ctx, nm_error *err), void *ctx, bool *written,
                        nm_error *err)
{
    *written = true;
    if (b->n == 0)
        return 0;
    nm_error werr;
    if (export_batch_write(site_dir, b, &werr)) {
        log_nm_error(&werr); /* the rows stay due */
        *written = false;
        return 0;
    }
    int rc = store_begin(s, err);
    if (rc == 0)
        rc = done(ctx, err);
    if (rc == 0)
        rc = store_commit(s, err);
    else
        store_rollback(s);
    export_journal_done(site_dir);
    return rc;
}
