/*
 * posts.c — reading the posts: metadata for all, bodies on demand.
 *
 * The idea: the model holds what lists need of every post (title, dates,
 * categories, tags, lead image), a few hundred bytes a post, and never a
 * body; its summary and the excerpt before <!-- more --> stay in the
 * post cache's file until a page shows them (site_post_texts). A post
 * whose file is unchanged since the last build comes from the post cache
 * (postcache.c) after one stat(); any other is read into a scratch arena
 * that is reset after the post, and only its metadata is copied out. A
 * post page or a feed that needs the body reads the file again
 * (site_post_body), into the page's arena, so memory grows with the
 * number of posts by their metadata, not by their text.
 *
 * The post's `hash` (of its bytes) and `dep` (its identity for the
 * dependency manifest) are set either way.
 *
 * What many posts share is kept once per worker (shared_set): a feed's
 * author and its category paths (the arrays too), a thumbnail that is
 * the lead image. A million posts of 72 feeds then hold 72 copies of
 * each, not a million (about 150 bytes a post).
 */
#include "site_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct read_job {
    site_model *m;
    const post_cache *cache;
    char **names;
    site_post **slots;   /* NULL where a post failed */
    nm_error **errors;   /* the failure, for logging in file order */
    arena **scratch;     /* one per worker, reset after each post */
    nm_buf *bytes;       /* one per worker */
    int64_t now_ns;
    size_t *hits;        /* per worker */
    int dir;             /* m->posts_dir, open, or -1 */
    struct shared_set *shared; /* one per worker */
} read_job;

/* ---- what posts share, kept once -------------------------------------------- */

/* A worker's kept strings and category paths, by hash (open addressing;
 * vals[k] NULL: empty). */
typedef struct shared_set {
    uint64_t *keys;
    const void **vals;
    size_t n, cap;
} shared_set;

/* A kept category path: the post's hierarchies, as post.h has them. */
typedef struct shared_hier {
    post_hierarchy *v;
    size_t n;
} shared_hier;

typedef bool (*same_fn)(const void *kept, const void *probe);

/* The slot of probe (key its hash): its kept value's, or the empty one
 * to put it in. */
static size_t shared_slot(shared_set *s, uint64_t key, const void *probe, same_fn same)
{
    if (2 * (s->n + 1) > s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 256;
        uint64_t *keys = xcalloc(cap, sizeof *keys);
        const void **vals = xcalloc(cap, sizeof *vals);
        for (size_t i = 0; i < s->cap; i++) {
            if (!s->vals[i])
                continue;
            size_t k = s->keys[i] & (cap - 1);
            while (vals[k])
                k = (k + 1) & (cap - 1);
            keys[k] = s->keys[i];
            vals[k] = s->vals[i];
        }
        free(s->keys);
        free(s->vals);
        s->keys = keys;
        s->vals = vals;
        s->cap = cap;
    }
    size_t k = key & (s->cap - 1);
    while (s->vals[k] && !(s->keys[k] == key && same(s->vals[k], probe)))
        k = (k + 1) & (s->cap - 1);
    return k;
}

static bool same_str(const void *kept, const void *probe) { return !strcmp(kept, probe); }

/* str kept once in a (NULL stays NULL). */
static const char *shared_str(shared_set *s, arena *a, const char *str)
{
    if (!str)
        return NULL;
    uint64_t key = hash64(str, strlen(str), 0x73747231ull);
    size_t k = shared_slot(s, key, str, same_str);
    if (!s->vals[k]) {
        s->keys[k] = key;
        s->vals[k] = arena_strdup(a, str);
        s->n++;
    }
    return s->vals[k];
}

static bool same_hier(const void *kept, const void *probe)
{
    const shared_hier *x = kept, *y = probe;
    if (x->n != y->n)
        return false;
    for (size_t h = 0; h < x->n; h++) {
        if (x->v[h].n != y->v[h].n)
            return false;
        for (size_t i = 0; i < x->v[h].n; i++)
            if (strcmp(x->v[h].names[i], y->v[h].names[i]))
                return false;
    }
    return true;
}

/* The n hierarchies v (anywhere) kept once in a, their names too. */
static post_hierarchy *shared_hierarchies(shared_set *s, arena *a, const post_hierarchy *v,
                                          size_t n)
{
    uint64_t key = hash64(&n, sizeof n, 0x68696572ull);
    for (size_t h = 0; h < n; h++) {
        key = hash64(&v[h].n, sizeof v[h].n, key);
        for (size_t i = 0; i < v[h].n; i++)
            key = hash64(v[h].names[i], strlen(v[h].names[i]) + 1, key);
    }
    shared_hier probe = {(post_hierarchy *)v, n};
    size_t k = shared_slot(s, key, &probe, same_hier);
    if (!s->vals[k]) {
        shared_hier *kept = arena_zalloc(a, sizeof *kept);
        kept->v = arena_new_array(a, post_hierarchy, n + 1);
        kept->n = n;
        for (size_t h = 0; h < n; h++) {
            const char **names = arena_new_array(a, const char *, v[h].n + 1);
            for (size_t i = 0; i < v[h].n; i++)
                names[i] = shared_str(s, a, v[h].names[i]);
            kept->v[h] = (post_hierarchy){names, v[h].n};
        }
        /* the slot again: shared_str may have grown the table */
        k = shared_slot(s, key, &probe, same_hier);
        s->keys[k] = key;
        s->vals[k] = kept;
        s->n++;
    }
    return ((const shared_hier *)s->vals[k])->v;
}

static void shared_free(shared_set *s)
{
    free(s->keys);
    free(s->vals);
}

/* ---- reading ------------------------------------------------------------------ */

/* The body as HTML, with Hexo's anchor where <!-- more --> was. */
static int body_html(arena *a, const post *fm, str_view *html, str_view *more)
{
    if (site_body_html(a, fm->body, html) < 0)
        return -1;
    *more = sv_make("", 0);
    str_view before, after;
    if (post_split_more(*html, &before, &after)) {
        static const char anchor[] = "<span id=\"more\"></span>";
        size_t n = before.len + sizeof anchor - 1 + after.len;
        char *h = arena_alloc(a, n + 1);
        memcpy(h, before.ptr, before.len);
        memcpy(h + before.len, anchor, sizeof anchor - 1);
        memcpy(h + before.len + sizeof anchor - 1, after.ptr, after.len);
        h[n] = 0;
        *more = sv_make(h, before.len);
        *html = sv_make(h, n);
    }
    return 0;
}

static uint64_t post_dep(const site_post *sp)
{
    uint64_t h = hash64(sp->rel, strlen(sp->rel), sp->hash);
    int64_t d[2] = {sp->date, sp->updated};
    return hash64(d, sizeof d, h);
}

static const char **copy_strs(arena *a, const char **v, size_t n)
{
    const char **r = arena_new_array(a, const char *, n + 1);
    for (size_t i = 0; i < n; i++)
        r[i] = arena_strdup(a, v[i]);
    return r;
}

/* Reads and parses the file: sp gets copies (in a) of what the model
 * keeps, but its tags and categories, left in the scratch arena for
 * keep_lists. -1 with *err filled on a bad post. */
static int read_file(read_job *j, int worker, const char *path, site_post *sp, nm_error *err)
{
    arena *a = j->m->worker_arenas[worker];
    arena *s = j->scratch[worker];
    nm_buf *b = &j->bytes[worker];
    const site_config *c = &j->m->cfg;
    post_read_opts opts = {c->zone};
    post fm;
    buf_reset(b);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return post_read_file(s, path, &opts, &fm, err) < 0 ? -1 : nm_fail(err, path, 0, "cannot read");
    if (fs_read_file(path, POST_MAX_FILE, b, err) < 0)
        return -1;
    if (post_parse(s, path, b->data ? b->data : "", b->len, &opts, &fm, err) < 0)
        return -1;
    sp->hash = hash64(b->data ? b->data : "", b->len, 0);
    sp->fm.title = arena_strdup(a, fm.title);
    sp->fm.permalink = arena_strdup(a, fm.permalink);
    sp->fm.headimg = arena_strdup(a, fm.headimg);
    sp->fm.thumbnail = fm.thumbnail && fm.headimg && !strcmp(fm.thumbnail, fm.headimg)
                           ? sp->fm.headimg
                           : arena_strdup(a, fm.thumbnail);
    sp->fm.author = shared_str(&j->shared[worker], a, fm.author);
    /* in the scratch arena: kept by keep_lists */
    sp->fm.tags = fm.tags;
    sp->fm.ntags = fm.ntags;
    sp->fm.categories = fm.categories;
    sp->fm.ncategories = fm.ncategories;
    sp->date = fm.date;
    sp->updated = fm.updated;
    if (sp->date == NM_NO_TIME || sp->updated == NM_NO_TIME) {
        /* Hexo: date defaults to the file's birth time, updated to its
         * mtime; the mtime stands for both here (birth time is not
         * portable). */
        int64_t mt = (int64_t)st.st_mtime;
        if (sp->date == NM_NO_TIME)
            sp->date = mt;
        if (sp->updated == NM_NO_TIME)
            sp->updated = mt;
    }
    str_view html, more;
    if (body_html(s, &fm, &html, &more) < 0)
        return nm_fail(err, path, fm.body_line, "cannot render the Markdown body");
    const char *text_from = fm.excerpt ? fm.excerpt : more.len ? more.ptr : html.ptr;
    size_t text_len = fm.excerpt ? strlen(fm.excerpt) : more.len ? more.len : html.len;
    /* the body's text is made in the scratch arena: only the summary stays,
     * in the worker's text arena (let go once the post cache maps it) */
    arena *t = j->m->text_arenas[worker];
    const char *summary = site_plain_text(s, text_from, text_len, c->summary_length);
    size_t sl = strlen(summary);
    if (sl >= UINT32_MAX || more.len >= UINT32_MAX)
        return nm_fail(err, path, 0, "the summary or the excerpt is over 4 GB");
    char *texts = arena_alloc(t, sl + more.len + 2);
    memcpy(texts, summary, sl + 1);
    memcpy(texts + sl + 1, more.ptr, more.len);
    texts[sl + 1 + more.len] = 0;
    sp->texts = texts;
    sp->summary_len = (uint32_t)sl;
    sp->more_len = (uint32_t)more.len;
    return 0;
}

static const char *no_tags[1];

static void read_one(size_t i, int worker, void *ctx)
{
    read_job *j = ctx;
    arena *a = j->m->worker_arenas[worker];
    const site_config *c = &j->m->cfg;
    /* the file's path is not kept (site_post_file makes it again) */
    const char *path = site_post_file(j->scratch[worker], j->m, j->names[i]);
    site_post *sp = arena_zalloc(a, sizeof *sp);
    struct stat st;
    post_stat ps = {0};
    /* relative to the open posts directory: one lookup, not the path's */
    if ((j->dir >= 0 ? fstatat(j->dir, j->names[i], &st, 0) : stat(path, &st)) == 0) {
        ps.size = (int64_t)st.st_size;
        ps.mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
        ps.ctime_ns = (int64_t)st.st_ctim.tv_sec * 1000000000 + st.st_ctim.tv_nsec;
        ps.ino = (uint64_t)st.st_ino;
    }
    if (post_cache_get(j->cache, j->names[i], &ps, j->scratch[worker], sp)) {
        j->hits[worker]++;
    } else {
        memset(sp, 0, sizeof *sp);
        nm_error err;
        nm_error_clear(&err);
        int rc = read_file(j, worker, path, sp, &err);
        if (rc < 0) {
            arena_reset(j->scratch[worker]);
            j->errors[i] = arena_alloc(a, sizeof err);
            *j->errors[i] = err;
            return;
        }
        sp->rel = arena_strdup(a, j->names[i]);
        /* written within the last two seconds: a second write in the same
         * clock tick could keep this stat, so do not trust it next time */
        sp->st = ps.mtime_ns > j->now_ns - 2000000000ll || ps.ctime_ns > j->now_ns - 2000000000ll
                     ? (post_stat){0}
                     : ps;
    }
    /* the lists, from the scratch arena into the model */
    sp->fm.tags = sp->fm.ntags ? copy_strs(a, sp->fm.tags, sp->fm.ntags) : no_tags;
    sp->fm.categories =
        shared_hierarchies(&j->shared[worker], a, sp->fm.categories, sp->fm.ncategories);
    arena_reset(j->scratch[worker]);
    const char *name = j->names[i];
    size_t nl = strlen(name);
    nl -= nl > 9 && !strcmp(name + nl - 9, ".markdown") ? 9 : 3;
    sp->name = arena_strndup(a, name, nl);
    sp->title = sp->fm.title && *sp->fm.title ? sp->fm.title : sp->name;
    date_split(sp->date, c->zone, &sp->local);
    sp->image = sp->fm.headimg && *sp->fm.headimg ? sp->fm.headimg
              : sp->fm.thumbnail && *sp->fm.thumbnail ? sp->fm.thumbnail : NULL;
    sp->dep = post_dep(sp);
    j->slots[i] = sp;
}

int site_posts_read(site_model *m, const post_cache *cache, pool *p, size_t *stale,
                    nm_error *err)
{
    site_file_list names = {0};
    if (fs_is_dir(m->posts_dir) &&
        site_list_files(m->posts_dir, site_is_post_file, &names, err) < 0)
        return -1;
    m->nworker_arenas = pool_size(p) + 1;
    m->worker_arenas = xcalloc((size_t)m->nworker_arenas, sizeof *m->worker_arenas);
    m->text_arenas = xcalloc((size_t)m->nworker_arenas, sizeof *m->text_arenas);
    int nw = m->nworker_arenas;
    read_job job = {m, cache, names.v, xcalloc(names.n + 1, sizeof(site_post *)),
                    xcalloc(names.n + 1, sizeof(nm_error *)), xcalloc((size_t)nw, sizeof(arena *)),
                    xcalloc((size_t)nw, sizeof(nm_buf)), 0, xcalloc((size_t)nw, sizeof(size_t)),
                    open(m->posts_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC),
                    xcalloc((size_t)nw, sizeof(shared_set))};
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    job.now_ns = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
    for (int i = 0; i < nw; i++) {
        m->worker_arenas[i] = arena_new(1u << 20);
        m->text_arenas[i] = arena_new(256u << 10);
        job.scratch[i] = arena_new(1u << 20);
        buf_init(&job.bytes[i], NM_BUF_NOLIMIT);
    }
    pool_for(p, names.n, read_one, &job);
    size_t hits = 0;
    for (int i = 0; i < nw; i++) {
        hits += job.hits[i];
        arena_free(job.scratch[i]);
        buf_free(&job.bytes[i]);
        shared_free(&job.shared[i]);
    }
    m->posts = arena_new_array(m->a, site_post *, names.n + 1);
    for (size_t i = 0; i < names.n; i++) {
        if (job.slots[i])
            m->posts[m->nposts++] = job.slots[i];
        else {
            log_nm_error(job.errors[i]);
            m->bad_posts++;
        }
    }
    /* read from their files, and the cache's records not used */
    *stale = (m->nposts - hits) + (post_cache_count(cache) - hits);
    log_debug("posts: %zu from the cache (of %zu), %zu read", hits, post_cache_count(cache),
              names.n - hits);
    site_file_list_free(&names);
    free(job.slots);
    free(job.errors);
    free(job.scratch);
    free(job.bytes);
    free(job.hits);
    free(job.shared);
    if (job.dir >= 0)
        close(job.dir);
    return 0;
}

void site_post_texts(const site_model *m, arena *a, const site_post *sp, const char **summary,
                     str_view *more)
{
    post_cache_texts(m->texts ? m->texts : m->cache, a, sp, summary, more);
}

const char *site_post_file(arena *a, const site_model *m, const char *rel)
{
    size_t dl = strlen(m->posts_dir), rl = strlen(rel);
    char *path = arena_alloc(a, dl + rl + 2);
    memcpy(path, m->posts_dir, dl);
    path[dl] = '/';
    memcpy(path + dl + 1, rel, rl + 1);
    return path;
}

int site_post_body(arena *a, const site_model *m, const site_post *sp, str_view *html,
                   nm_error *err)
{
    post_read_opts opts = {m->cfg.zone};
    post fm;
    const char *path = site_post_file(a, m, sp->rel);
    if (post_read_file(a, path, &opts, &fm, err) < 0)
        return -1;
    str_view more;
    if (body_html(a, &fm, html, &more) < 0)
        return nm_fail(err, path, fm.body_line, "cannot render the Markdown body");
    return 0;
}
