/*
 * deps.c — the dependency hash of every output, so that a rebuild
 * renders only outputs whose inputs changed.
 *
 * The idea: an output's bytes are a function of a few inputs, and the
 * hash of those inputs is recorded in the build manifest next to the
 * hash of the bytes. A rebuild computes every output's input hash from
 * the model alone (no rendering, no reading of bodies) and renders only
 * the outputs whose hash differs from the manifest's (or whose file on
 * disk is not the one the manifest knows). The inputs, per output:
 *   - every output: this program (its size and mtime), _config.yml's
 *     bytes, every file of the site's theme directory, the images' epoch
 *     (images.c: it moves when an image under source/images/ changes or
 *     goes away; build.c adds it);
 *   - every page: the top-level sections of the nav bar; with
 *     `sidebar: inline` also the moving parts (the category tree with its
 *     counts, the 8 newest posts, the months with their counts);
 *   - a post page: the post (file name, bytes, effective dates) and its
 *     newer and older neighbours;
 *   - a list page: its place (kind, title, path, page number, the page
 *     count and total where shown), its posts, and for a category its
 *     parents and sub-categories with counts where shown;
 *   - the category tree page and sidebar.html: the moving parts; the tag
 *     page: every tag with its count;
 *   - atom.xml, rss2.xml, feed.json: the newest feed_limit posts;
 *   - a sitemap: the path and lastmod of each of its URLs.
 * A static file copied from source/: the source's size, mtime, ctime
 * and inode (images make these many and large). Theme assets are always
 * made again (a handful of files) and written only when they differ.
 * A post's identity (site_post.dep) stands for everything derived from
 * its file: title, URL, categories, summary, card. What a list derives
 * from config (URLs, labels) is covered by the config's hash. Anything
 * not named here must not reach a page's bytes: render.c gives pages
 * the `site` map without the moving parts when the sidebar is shared.
 *
 * Deliberately not here: the bytes (render.c) and the manifest's file.
 */
#include "site_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct hasher {
    uint64_t h;
} hasher;

static void h_mem(hasher *h, const void *p, size_t n) { h->h = hash64(p, n, h->h); }
static void h_u64(hasher *h, uint64_t v) { h_mem(h, &v, sizeof v); }
static void h_str(hasher *h, const char *s)
{
    if (!s) {
        h_u64(h, 0x6e756c6cull);
        return;
    }
    size_t n = strlen(s);
    h_u64(h, n);
    h_mem(h, s, n);
}

uint64_t site_deps_program_config(const char *config_path)
{
    hasher h = {0x6e6577736d696c6cull};
    struct stat st;
    if (stat("/proc/self/exe", &st) == 0) {
        h_u64(&h, (uint64_t)st.st_size);
        h_u64(&h, (uint64_t)st.st_mtim.tv_sec * 1000000000u + (uint64_t)st.st_mtim.tv_nsec);
        h_u64(&h, (uint64_t)st.st_ino);
    }
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    nm_error err;
    if (fs_exists(config_path) && fs_read_file(config_path, 16u << 20, &b, &err) == 0)
        h_mem(&h, b.data ? b.data : "", b.len);
    else
        h_u64(&h, 1);
    buf_free(&b);
    return h.h;
}

static bool any_file(const char *name)
{
    (void)name;
    return true;
}

uint64_t site_deps_global(uint64_t program_config, const char *theme_dir)
{
    hasher h = {program_config};
    if (!theme_dir)
        return h.h;
    site_file_list l = {0};
    nm_error err;
    if (site_list_files(theme_dir, any_file, &l, &err) == 0) {
        nm_buf b;
        buf_init(&b, NM_BUF_NOLIMIT);
        for (size_t i = 0; i < l.n; i++) {
            char *path = NULL;
            if (asprintf(&path, "%s/%s", theme_dir, l.v[i]) < 0)
                nm_die("out of memory");
            buf_reset(&b);
            h_str(&h, l.v[i]);
            if (fs_read_file(path, 16u << 20, &b, &err) == 0)
                h_mem(&h, b.data ? b.data : "", b.len);
            free(path);
        }
        buf_free(&b);
    }
    site_file_list_free(&l);
    return h.h;
}

void site_deps_init(site_deps *d, uint64_t global, const site_model *m,
                    const site_outputs *outs)
{
    d->global = global;
    d->outs = outs;
    hasher s = {global};
    for (size_t i = 0; i < m->nroots; i++)
        h_str(&s, m->roots[i]->name);
    d->shared = s.h;
    hasher v = {s.h ^ 0x6d6f76696e67ull};
    for (size_t i = 0; i < m->ncats; i++) {
        const site_cat *c = m->cats[i];
        h_str(&v, c->name);
        h_u64(&v, (uint64_t)c->depth);
        h_u64(&v, c->nposts);
        h_u64(&v, c->nchildren);
    }
    h_u64(&v, m->ncats);
    for (size_t i = 0; i < m->nposts && i < 8; i++)
        h_u64(&v, m->posts[i]->dep);
    h_u64(&v, m->nposts < 8 ? m->nposts : 8);
    for (size_t i = 0; i < m->nmonths && i < 24; i++) {
        h_u64(&v, (uint64_t)m->months[i].year * 100 + (uint64_t)m->months[i].month);
        h_u64(&v, m->months[i].n);
    }
    h_u64(&v, m->nmonths < 24 ? m->nmonths : 24);
    d->moving = v.h;
    d->pages = m->cfg.shared_sidebar ? d->shared : hash64(&d->moving, 8, d->shared);
}

static void cat_chain(hasher *h, const site_cat *c)
{
    for (; c; c = c->parent)
        h_str(h, c->name);
    h_u64(h, 0x636861696eull);
}

static uint64_t list_dep(const site_deps *d, const site_model *m, const site_output *o)
{
    hasher h = {d->pages};
    bool stable_page = m->cfg.stable_pages && m->cfg.per_page > 0 && o->page >= 1;
    h_u64(&h, OUT_LIST);
    h_u64(&h, o->list);
    h_str(&h, o->file);
    h_str(&h, o->list_title);
    h_str(&h, o->base);
    h_u64(&h, (uint64_t)o->page);
    if (stable_page) {
        /* the newer link goes to page + 1 or to the first page */
        h_u64(&h, o->page < o->pages);
    } else {
        h_u64(&h, (uint64_t)o->pages);
        h_u64(&h, o->total);
    }
    h_u64(&h, o->nposts);
    for (size_t k = 0; k < o->nposts; k++)
        h_u64(&h, o->posts[k]->dep);
    if (o->list == LIST_CATEGORY) {
        const site_cat *c = o->subject;
        cat_chain(&h, c);
        if (!stable_page) {
            h_u64(&h, c->nchildren);
            for (size_t k = 0; k < c->nchildren; k++) {
                h_str(&h, c->children[k]->name);
                h_u64(&h, c->children[k]->nposts);
            }
        }
    }
    return h.h | 1; /* never 0 */
}

/* What sitemap_urls (feeds.c) reads for URLs [from, to): each page's
 * path (its file) and lastmod. */
static uint64_t sitemap_dep(const site_deps *d, const site_model *m, const site_output *out,
                            size_t from, size_t to)
{
    hasher h = {d->global};
    h_u64(&h, out->kind);
    h_str(&h, out->file);
    h_u64(&h, from);
    int64_t newest = m->nposts ? m->posts[0]->updated : 0;
    size_t k = 0;
    size_t rev = site_sitemap_reversed(m, d->outs);
    for (size_t i = 0; i < d->outs->n && k < to; i++) {
        const site_output *o = site_sitemap_nth(d->outs, rev, i);
        int64_t t;
        if (o->kind == OUT_POST)
            t = o->post->updated;
        else if (o->kind == OUT_LIST || o->kind == OUT_CATEGORIES || o->kind == OUT_TAGS)
            t = o->nposts ? o->posts[0]->updated : newest;
        else
            continue;
        if (k++ < from)
            continue;
        h_str(&h, o->kind == OUT_POST ? o->post->path : o->file);
        h_u64(&h, (uint64_t)t);
    }
    h_u64(&h, k);
    return h.h | 1;
}

uint64_t site_deps_of(const site_deps *d, const site_model *m, const site_output *o)
{
    hasher h = {d->pages};
    switch (o->kind) {
    case OUT_POST: {
        const site_post *p = o->post;
        h_u64(&h, OUT_POST);
        h_str(&h, o->file);
        h_u64(&h, p->dep);
        h_u64(&h, p->index > 0 ? m->posts[p->index - 1]->dep : 0);
        h_u64(&h, p->index + 1 < m->nposts ? m->posts[p->index + 1]->dep : 0);
        return h.h | 1;
    }
    case OUT_LIST:
        return list_dep(d, m, o);
    case OUT_CATEGORIES:
    case OUT_SIDEBAR:
        h.h = d->moving;
        h_u64(&h, o->kind);
        h_str(&h, o->file);
        return h.h | 1;
    case OUT_TAGS:
        h_u64(&h, OUT_TAGS);
        h_str(&h, o->file);
        for (size_t k = 0; k < m->ntags; k++) {
            h_str(&h, m->tags[k]->name);
            h_u64(&h, m->tags[k]->nposts);
        }
        h_u64(&h, m->ntags);
        return h.h | 1;
    case OUT_NOT_FOUND:
        h_u64(&h, OUT_NOT_FOUND);
        return h.h | 1;
    case OUT_ATOM:
    case OUT_RSS:
    case OUT_JSON_FEED: {
        /* the newest feed_limit posts, nothing else but the config */
        h.h = d->global;
        h_u64(&h, o->kind);
        h_str(&h, o->file);
        size_t n = (size_t)m->cfg.feed_limit;
        n = n && n < m->nposts ? n : m->nposts;
        h_u64(&h, n);
        for (size_t i = 0; i < n; i++)
            h_u64(&h, m->posts[i]->dep);
        return h.h | 1;
    }
    case OUT_SITEMAP: {
        size_t limit = (size_t)m->cfg.sitemap_limit;
        if (d->outs->sitemap_urls > limit) {
            /* the index: how many parts */
            h.h = d->global;
            h_u64(&h, OUT_SITEMAP);
            h_u64(&h, d->outs->sitemap_urls);
            return h.h | 1;
        }
        return sitemap_dep(d, m, o, 0, limit);
    }
    case OUT_SITEMAP_PART: {
        size_t limit = (size_t)m->cfg.sitemap_limit;
        return sitemap_dep(d, m, o, (size_t)(o->page - 1) * limit, (size_t)o->page * limit);
    }
    case OUT_STATIC: {
        /* a copy of source/: the file as it stands (size, times, inode);
         * mirrored images make these many and large, not worth reading
         * again on every build */
        struct stat st;
        if (!o->source || stat(o->source, &st) < 0)
            return 0;
        h.h = 0x7374617469636669ull;
        h_str(&h, o->file);
        h_u64(&h, (uint64_t)st.st_size);
        h_u64(&h, (uint64_t)st.st_mtim.tv_sec * 1000000000u + (uint64_t)st.st_mtim.tv_nsec);
        h_u64(&h, (uint64_t)st.st_ctim.tv_sec * 1000000000u + (uint64_t)st.st_ctim.tv_nsec);
        h_u64(&h, (uint64_t)st.st_ino);
        return h.h | 1;
    }
    default:
        return 0;
    }
}
