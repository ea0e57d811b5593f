/*
 * outputs.c — the list of every file the site has, with Hexo's layout.
 *
 * The idea: before anything is rendered, the whole site is laid out as a
 * flat array of outputs (a path under public/ and what makes it), so that
 * rendering is one parallel loop over independent items and the manifest
 * can tell which old files are gone. The order is fixed (posts newest
 * first, then lists, then extras), so the output never depends on timing.
 *
 * Pages Hexo writes: posts, the home list, archives (all, yearly,
 * monthly), every category level, tags — each paginated by per_page under
 * pagination_dir, page 1 without a page/1/ (with `pagination: stable`,
 * full pages numbered from the oldest, see push_stable). sidebar.html
 * with `sidebar: shared`. Extras Hexo writes only with
 * plugins: categories/index.html, tags/index.html, 404.html, feeds and
 * the sitemap; static files from source/ (names starting with '_' or '.'
 * skipped, as Hexo does) and the theme's assets.
 *
 * Deliberately not here: rendering source/ pages written in Markdown
 * (they are not copied either).
 */
#include "site_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static site_output *push(site_outputs *o, site_out_kind kind, const char *file)
{
    if (o->n == o->cap) {
        o->cap = o->cap ? o->cap * 2 : 4096;
        o->v = xrealloc(o->v, o->cap * sizeof *o->v);
    }
    site_output *out = &o->v[o->n++];
    memset(out, 0, sizeof *out);
    out->kind = kind;
    out->file = file;
    return out;
}

/* One list, paginated: ceil(n / per_page) pages, at least one (hexo). */
static void push_hexo(site_model *m, site_outputs *o, site_list_kind kind, const char *title,
                      const void *subject, const char *base, site_post **posts, size_t n)
{
    arena *a = m->a;
    int per = m->cfg.per_page;
    int pages = per > 0 && n ? (int)((n + (size_t)per - 1) / (size_t)per) : 1;
    for (int p = 1; p <= pages; p++) {
        const char *path = site_page_path(a, &m->cfg, base, p);
        site_output *out = push(o, OUT_LIST, arena_printf(a, "%sindex.html", path));
        out->list = kind;
        out->list_title = title;
        out->subject = subject;
        out->base = base;
        out->page = p;
        out->pages = pages;
        out->total = n;
        size_t from = per > 0 ? (size_t)(p - 1) * (size_t)per : 0;
        out->posts = posts + from;
        out->nposts = per > 0 && n - from > (size_t)per ? (size_t)per : n - from;
        o->sitemap_urls++;
    }
}

/* pagination: stable. The first page shows the newest per_page posts
 * and changes with every post; then every full group of per_page posts,
 * counted from the oldest, is a page of its own, numbered from the
 * oldest (page/1/ holds the oldest posts): once full, a page keeps its
 * posts forever. The newest posts that do not fill a page yet are only
 * on the first page. */
static void push_stable(site_model *m, site_outputs *o, site_list_kind kind, const char *title,
                        const void *subject, const char *base, site_post **posts, size_t n)
{
    arena *a = m->a;
    size_t per = (size_t)m->cfg.per_page;
    int full = (int)(n / per);
    for (int p = 0; p <= full; p++) {
        const char *path = p ? site_stable_path(a, &m->cfg, base, p) : base;
        site_output *out = push(o, OUT_LIST, arena_printf(a, "%sindex.html", path));
        out->list = kind;
        out->list_title = title;
        out->subject = subject;
        out->base = base;
        out->page = p;
        out->pages = full;
        out->total = n;
        /* posts are newest first: page p is [n - p*per, n - (p-1)*per) */
        size_t from = p ? n - (size_t)p * per : 0;
        out->posts = posts + from;
        out->nposts = p ? per : (n < per ? n : per);
        o->sitemap_urls++;
    }
}

static void push_list(site_model *m, site_outputs *o, site_list_kind kind, const char *title,
                      const void *subject, const char *base, site_post **posts, size_t n)
{
    if (m->cfg.stable_pages && m->cfg.per_page > 0)
        push_stable(m, o, kind, title, subject, base, posts, n);
    else
        push_hexo(m, o, kind, title, subject, base, posts, n);
}

static bool is_static_file(const char *name) { return !site_is_post_file(name); }

void site_outputs_make(site_model *m, const char *site_dir, site_outputs *o)
{
    arena *a = m->a;
    const site_config *c = &m->cfg;
    for (size_t i = 0; i < m->nposts; i++) {
        site_output *out = push(o, OUT_POST, m->posts[i]->file);
        out->post = m->posts[i];
        o->sitemap_urls++;
    }
    push_list(m, o, LIST_HOME, NULL, NULL, "", m->posts, m->nposts);
    push_list(m, o, LIST_ARCHIVE, NULL, NULL, arena_printf(a, "%s/", c->archive_dir), m->posts,
              m->nposts);
    for (size_t i = 0; i < m->nyears; i++) {
        site_archive *y = &m->years[i];
        push_list(m, o, LIST_ARCHIVE, arena_printf(a, "%04d", y->year), y, y->path,
                  m->posts + y->first, y->n);
    }
    for (size_t i = 0; i < m->nmonths; i++) {
        site_archive *mo = &m->months[i];
        push_list(m, o, LIST_ARCHIVE, arena_printf(a, "%04d/%02d", mo->year, mo->month), mo,
                  mo->path, m->posts + mo->first, mo->n);
    }
    for (size_t i = 0; i < m->ncats; i++) {
        site_cat *cat = m->cats[i];
        push_list(m, o, LIST_CATEGORY, cat->name, cat, cat->path, cat->posts, cat->nposts);
    }
    for (size_t i = 0; i < m->ntags; i++) {
        site_tag *tag = m->tags[i];
        push_list(m, o, LIST_TAG, tag->name, tag, tag->path, tag->posts, tag->nposts);
    }
    push(o, OUT_CATEGORIES, arena_printf(a, "%s/index.html", c->category_dir));
    push(o, OUT_TAGS, arena_printf(a, "%s/index.html", c->tag_dir));
    o->sitemap_urls += 2;
    push(o, OUT_NOT_FOUND, "404.html");
    push(o, OUT_SEARCH, "search/index.html");
    if (c->shared_sidebar)
        push(o, OUT_SIDEBAR, "sidebar.html");
    push(o, OUT_ATOM, "atom.xml");
    push(o, OUT_RSS, "rss2.xml");
    push(o, OUT_JSON_FEED, "feed.json");
    push(o, OUT_SITEMAP, "sitemap.xml");
    size_t limit = (size_t)c->sitemap_limit;
    if (o->sitemap_urls > limit)
        for (size_t k = 0; k * limit < o->sitemap_urls; k++) {
            site_output *out = push(o, OUT_SITEMAP_PART, arena_printf(a, "sitemap-%zu.xml", k + 1));
            out->page = (int)k + 1;
        }
    static const char *theme_files[] = {"css/newsmill.css", "js/newsmill.js", "js/search.js"};
    for (size_t i = 0; i < NM_ARRAY_LEN(theme_files); i++)
        push(o, OUT_THEME_FILE, theme_files[i])->source = theme_files[i];
    site_file_list sf = {0};
    char *src = arena_printf(a, "%s/source", site_dir);
    nm_error none;
    (void)site_list_files(src, is_static_file, &sf, &none); /* no source/: no files */
    for (size_t i = 0; i < sf.n; i++) {
        const char *rel = arena_strdup(a, sf.v[i]);
        push(o, OUT_STATIC, rel)->source = arena_printf(a, "%s/%s", src, rel);
    }
    site_file_list_free(&sf);
}

size_t site_sitemap_reversed(const site_model *m, const site_outputs *o)
{
    if (!m->cfg.stable_pages)
        return 0;
    /* the posts are the outputs' first run (layout order, newest first) */
    size_t np = 0;
    while (np < o->n && o->v[np].kind == OUT_POST)
        np++;
    return np;
}
