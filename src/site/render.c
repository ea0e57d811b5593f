/*
 * render.c — the data a theme's templates see, and rendering pages.
 *
 * The idea: what is the same on every page is made once per build and
 * shared read-only by all threads: the `site` value (hrefs, the category
 * tree, recent posts, months, labels) and the sidebar, already rendered
 * to HTML. Everything else of a page is made for that page in the
 * worker's page arena, reset after each page, so rendering keeps nothing
 * that grows with the site: a post's card (title, href, date in the site's
 * zone, summary, image, leaf category) is made from the model each time a
 * list or a neighbour shows it, and a post page is one small map over its
 * card and its body, read from the post's file.
 *
 * With `sidebar: shared`, pages get a `site` value without the parts that
 * move with every new post (recent posts, the tree's counts, months) and
 * no sidebar: those are in sidebar.html alone (deps.c relies on it). With
 * `pagination: stable`, numbered pages show no totals (outputs.c).
 *
 * The names templates may use are listed in themes/default/README.md.
 *
 * Deliberately not here: feeds and the sitemap (feeds.c), which do not go
 * through templates.
 */
#include "site_int.h"

#include <stdio.h>
#include <string.h>

/* ---- labels ---------------------------------------------------------------- */

typedef struct labels {
    const char *home, *menu, *sections, *skip, *categories, *tags, *archives, *recent, *pages,
        *newer, *older, *more, *breadcrumb, *empty, *not_found, *category, *tag, *archive,
        *count_fmt;
} labels;

static const labels labels_en = {
    "Home", "Menu", "Sections", "Skip to content", "Categories", "Tags", "Archives",
    "Recent", "Pages", "Newer", "Older", "More news", "Breadcrumb", "Nothing here yet.",
    "This page does not exist.", "Category", "Tag", "Archive", "%zu posts"};

static const labels labels_zh = {
    "首页", "菜单", "栏目", "跳到正文", "分类", "标签", "归档", "最新", "分页", "较新",
    "较早", "更多新闻", "路径", "暂无内容。", "页面不存在。", "分类", "标签", "归档",
    "共 %zu 篇"};

static const labels *labels_for(const char *lang)
{
    return !nm_strncasecmp(lang, "zh", 2) ? &labels_zh : &labels_en;
}

/* ---- small helpers ---------------------------------------------------------- */

/* root + path, percent-encoded (site_href), straight into a. */
static const char *href(arena *a, const site_config *c, const char *path)
{
    size_t rl = strlen(c->root), pl = strlen(path);
    char *s = arena_alloc(a, rl + 3 * pl + 1);
    memcpy(s, c->root, rl);
    s[rl + url_encode_path_to(s + rl, path, pl)] = 0;
    return s;
}

static char *put_num(char *o, int v, int digits)
{
    for (int k = digits - 1; k >= 0; k--, v /= 10)
        o[k] = (char)('0' + v % 10);
    return o + digits;
}

/* The card's dates, d in the site's zone (date_split): "date_iso",
 * 2022-08-19T08:05:00+08:00, and "date", 2022-08-19 08:05. */
static void set_dates(arena *a, mst_map *m, const date_parts *dp)
{
    const date_parts d = *dp;
    long off = d.offset / 60, aoff = off < 0 ? -off : off;
    char *iso = arena_alloc(a, 48), *shown = arena_alloc(a, 32);
    size_t ni, ns;
    if (d.year >= 0 && d.year <= 9999 && aoff / 60 < 100) {
        /* by hand: two snprintf cost more than the rest of a card */
        char *o = put_num(iso, d.year, 4);
        *o++ = '-';
        o = put_num(o, d.month, 2);
        *o++ = '-';
        o = put_num(o, d.day, 2);
        *o++ = 'T';
        o = put_num(o, d.hour, 2);
        *o++ = ':';
        o = put_num(o, d.minute, 2);
        *o++ = ':';
        o = put_num(o, d.second, 2);
        *o++ = off < 0 ? '-' : '+';
        o = put_num(o, (int)(aoff / 60), 2);
        *o++ = ':';
        o = put_num(o, (int)(aoff % 60), 2);
        ni = (size_t)(o - iso);
        memcpy(shown, iso, 16);
        shown[10] = ' ';
        ns = 16;
    } else {
        ni = (size_t)snprintf(iso, 48, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", d.year,
                              d.month, d.day, d.hour, d.minute, d.second, off < 0 ? '-' : '+',
                              aoff / 60, aoff % 60);
        ns = (size_t)snprintf(shown, 32, "%04d-%02d-%02d %02d:%02d", d.year, d.month, d.day,
                              d.hour, d.minute);
    }
    mst_map_set(m, "date_iso", mst_ref(a, iso, ni < 48 ? ni : 47));
    mst_map_set(m, "date", mst_ref(a, shown, ns < 32 ? ns : 31));
}

static mst_value *link_value(arena *a, const char *name, const char *h)
{
    mst_map *m = mst_map_new(a, 2);
    mst_map_set(m, "name", mst_ref(a, name, strlen(name)));
    mst_map_set(m, "href", mst_ref(a, h, strlen(h)));
    return mst_map_value(m);
}

/* ---- once per build ------------------------------------------------------------ */

/* The category tree down to max_depth levels (0: all). */
static mst_value *tree_value(site_render *r, arena *a, site_cat **v, size_t n, int max_depth)
{
    mst_list *l = mst_list_new(a, n);
    for (size_t i = 0; i < n; i++) {
        mst_map *m = mst_map_new(a, 6);
        mst_map_set(m, "name", mst_ref(a, v[i]->name, strlen(v[i]->name)));
        mst_map_set_str(m, "href", href(a, &r->m->cfg, v[i]->path));
        mst_map_set_int(m, "count", (int64_t)v[i]->nposts);
        /* always set: a missing key would be looked up in the parent */
        bool deeper = v[i]->nchildren > 0 && (!max_depth || v[i]->depth + 1 < max_depth);
        mst_map_set(m, "children", tree_value(r, a, v[i]->children, deeper ? v[i]->nchildren : 0,
                                              max_depth));
        mst_map_set_bool(m, "has_children", deeper);
        mst_list_push(l, mst_map_value(m));
    }
    return mst_list_value(l);
}

static mst_value *card_of(const site_render *r, arena *a, size_t i);

/* The `site` map. full: with what moves with every new post (the tree
 * with counts, recent posts, months); without it, the map pages get when
 * the sidebar is shared, so that they do not depend on those. */
static mst_value *site_value(site_render *r, bool full)
{
    arena *a = r->a;
    const site_model *m = r->m;
    const site_config *c = &m->cfg;
    const labels *L = labels_for(c->language);
    mst_map *s = mst_map_new(a, 24);
    mst_map_set_str(s, "title", c->title);
    mst_map_set_str(s, "subtitle", c->subtitle);
    mst_map_set_str(s, "description", c->description);
    mst_map_set_str(s, "author", c->author);
    mst_map_set_str(s, "language", c->language);
    mst_map_set_str(s, "url", c->url);
    mst_map_set_str(s, "root", c->root);
    mst_map_set_str(s, "home", c->root);
    mst_map_set_str(s, "css", href(a, c, "css/newsmill.css"));
    mst_map_set_str(s, "js", href(a, c, "js/newsmill.js"));
    mst_map_set_str(s, "atom", href(a, c, "atom.xml"));
    mst_map_set_str(s, "rss", href(a, c, "rss2.xml"));
    mst_map_set_str(s, "json_feed", href(a, c, "feed.json"));
    mst_map_set_str(s, "archives", href(a, c, arena_printf(a, "%s/", c->archive_dir)));
    mst_map_set_str(s, "categories", href(a, c, arena_printf(a, "%s/", c->category_dir)));
    mst_map_set_str(s, "tags", href(a, c, arena_printf(a, "%s/", c->tag_dir)));
    mst_map *t = mst_map_new(a, 24);
#define LABEL(k) mst_map_set_str(t, #k, L->k)
    LABEL(home); LABEL(menu); LABEL(sections); LABEL(skip); LABEL(categories); LABEL(tags);
    LABEL(archives); LABEL(recent); LABEL(pages); LABEL(newer); LABEL(older); LABEL(more);
    LABEL(breadcrumb); LABEL(empty); LABEL(not_found);
#undef LABEL
    mst_map_set_str(t, "search", L == &labels_zh ? "搜索" : "Search");
    mst_map_set_str(s, "search", href(a, c, "search/"));
    mst_map_set(s, "t", mst_map_value(t));
    mst_list *sections = mst_list_new(a, m->nroots);
    for (size_t i = 0; i < m->nroots; i++)
        mst_list_push(sections, link_value(a, m->roots[i]->name, href(a, c, m->roots[i]->path)));
    mst_map_set(s, "sections", mst_list_value(sections));
    mst_map_set_str(s, "sidebar", c->shared_sidebar ? href(a, c, "sidebar.html") : NULL);
    if (!full) {
        mst_value *none = mst_list_value(mst_list_new(a, 0));
        mst_map_set(s, "tree", none);
        mst_map_set(s, "nav_tree", none);
        mst_map_set(s, "recent", none);
        mst_map_set_bool(s, "has_recent", false);
        mst_map_set(s, "months", none);
        mst_map_set_bool(s, "has_months", false);
        return mst_map_value(s);
    }
    mst_map_set(s, "tree", tree_value(r, a, m->roots, m->nroots, 0));
    /* the sidebar shows two levels: it is on every page, and the deepest
     * level is one click away on each category page */
    mst_map_set(s, "nav_tree", tree_value(r, a, m->roots, m->nroots, 2));
    size_t nrecent = m->nposts < 8 ? m->nposts : 8;
    mst_list *recent = mst_list_new(a, nrecent);
    for (size_t i = 0; i < nrecent; i++)
        mst_list_push(recent, card_of(r, a, i));
    mst_map_set(s, "recent", mst_list_value(recent));
    mst_map_set_bool(s, "has_recent", nrecent > 0);
    size_t nmonths = m->nmonths < 24 ? m->nmonths : 24;
    mst_list *months = mst_list_new(a, nmonths);
    for (size_t i = 0; i < nmonths; i++) {
        mst_map *mo = mst_map_new(a, 3);
        mst_map_set_str(mo, "label", arena_printf(a, "%04d-%02d", m->months[i].year, m->months[i].month));
        mst_map_set_str(mo, "href", href(a, c, m->months[i].path));
        mst_map_set_int(mo, "count", (int64_t)m->months[i].n);
        mst_list_push(months, mst_map_value(mo));
    }
    mst_map_set(s, "months", mst_list_value(months));
    mst_map_set_bool(s, "has_months", nmonths > 0);
    return mst_map_value(s);
}

/* The card's image: the site's own (with srcset, width and height from
 * images.c) or a hotlink (src alone). */
static void card_image(const site_render *r, arena *a, mst_map *m, const site_post *p)
{
    bool local;
    const site_image *e =
        p->image ? site_image_find(r->images, &r->m->cfg, p->image, strlen(p->image), &local) : NULL;
    mst_map_set(m, "image", p->image ? mst_ref(a, p->image, strlen(p->image)) : mst_null());
    mst_value *srcset = mst_null();
    if (e && e->nvariants) {
        nm_buf b;
        buf_init(&b, NM_BUF_NOLIMIT);
        site_img_srcset(&b, &r->m->cfg, e);
        srcset = mst_strn(a, buf_cstr(&b), b.len);
        buf_free(&b);
    }
    mst_map_set(m, "image_srcset", srcset);
    bool sized = e && !e->refused && e->width > 0 && e->height > 0;
    mst_map_set(m, "image_width", sized ? mst_int(a, e->width) : mst_null());
    mst_map_set(m, "image_height", sized ? mst_int(a, e->height) : mst_null());
    mst_map_set_bool(m, "image_local", e != NULL);
}

/* True when p's card names a site image that does not exist (yet). */
static bool card_image_missing(const site_render *r, const site_post *p)
{
    bool local = false;
    return p->image && !site_image_find(r->images, &r->m->cfg, p->image, strlen(p->image), &local) &&
           local;
}

/* A post's card (title, href, dates, summary, image, author, leaf
 * category, excerpt), made in a each time a page shows it: a page's
 * arena, reset after the page, or the build's for the sidebar's recent
 * posts. Cards are not kept: one a post for the whole build was 800 bytes
 * a post (800 MB at 1,000,000 posts), and making one costs less than
 * rendering it. excerpt: the HTML before <!-- more -->, else body.
 * eager: the first card of a page, whose image is loaded at once. */
static mst_value *card_map(const site_render *r, arena *a, size_t i, str_view body, bool eager)
{
    const site_config *c = &r->m->cfg;
    site_post *p = r->m->posts[i];
    mst_map *m = mst_map_new(a, 16);
    const char *h = href(a, c, p->path);
    mst_map_set(m, "title", mst_ref(a, p->title, strlen(p->title)));
    mst_map_set(m, "href", mst_ref(a, h, strlen(h)));
    set_dates(a, m, &p->local);
    const char *summary;
    str_view more;
    site_post_texts(r->m, a, p, &summary, &more);
    mst_map_set(m, "summary", *summary ? mst_ref(a, summary, strlen(summary)) : mst_null());
    card_image(r, a, m, p);
    mst_map_set_bool(m, "eager", eager);
    mst_map_set(m, "author", p->fm.author ? mst_ref(a, p->fm.author, strlen(p->fm.author)) : mst_null());
    mst_map_set(m, "category", p->nleaves ? link_value(a, p->leaves[0]->name, p->leaves[0]->href) : mst_null());
    str_view ex = more.len ? more : body;
    mst_map_set(m, "excerpt", ex.len ? mst_ref(a, ex.ptr, ex.len) : mst_null());
    return mst_map_value(m);
}

/* The card without the body (the excerpt only when <!-- more --> gave one). */
static mst_value *card_of(const site_render *r, arena *a, size_t i)
{
    return card_map(r, a, i, sv_make("", 0), false);
}

int site_render_init(site_render *r, site_model *m, const site_images *images,
                     const char *site_dir, pool *p, nm_error *err)
{
    memset(r, 0, sizeof *r);
    r->m = m;
    r->images = images;
    r->a = arena_new(1u << 20);
    if (site_theme_open(&r->theme, site_dir, m->cfg.theme, err) < 0) {
        arena_free(r->a);
        r->a = NULL;
        return -1;
    }
    (void)p;
    r->excerpt_bodies = site_theme_mentions(&r->theme, "excerpt");
    for (size_t i = 0; i < m->ncats; i++)
        m->cats[i]->href = href(r->a, &m->cfg, m->cats[i]->path);
    r->site = site_value(r, true);
    r->site_pages = m->cfg.shared_sidebar ? site_value(r, false) : r->site;
    /* the sidebar is the same on every page: render it once */
    mst_map *ctx = mst_map_new(r->a, 2);
    mst_map_set(ctx, "site", r->site);
    nm_buf b;
    buf_init(&b, 64u << 20);
    if (mst_render(site_theme_template(&r->theme, "sidebar"), mst_map_value(ctx), &b, err) < 0) {
        buf_free(&b);
        site_render_free(r);
        return -1;
    }
    r->sidebar = mst_strn(r->a, buf_cstr(&b), b.len);
    buf_free(&b);
    return 0;
}

void site_render_free(site_render *r)
{
    site_theme_close(&r->theme);
    arena_free(r->a);
    memset(r, 0, sizeof *r);
}

/* ---- per page ------------------------------------------------------------------- */

static mst_map *page_base(const site_render *r, arena *a, const char *path, const char *title)
{
    const site_config *c = &r->m->cfg;
    mst_map *m = mst_map_new(a, 16);
    mst_map_set(m, "site", r->site_pages);
    mst_map_set(m, "sidebar", c->shared_sidebar ? mst_null() : r->sidebar);
    mst_map_set_bool(m, "sidebar_page", false);
    mst_map_set(m, "page_title", title ? mst_ref(a, title, strlen(title)) : mst_null());
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    site_abs_url(&b, c, path);
    mst_map_set(m, "canonical", mst_strn(a, buf_cstr(&b), b.len));
    buf_free(&b);
    mst_map_set(m, "description",
                *c->description ? mst_ref(a, c->description, strlen(c->description)) : mst_null());
    return m;
}

static mst_value *crumbs(arena *a, const site_cat *cat)
{
    const site_cat *chain[64];
    size_t n = 0;
    for (; cat && n < 64; cat = cat->parent)
        chain[n++] = cat;
    mst_list *l = mst_list_new(a, n);
    while (n--)
        mst_list_push(l, link_value(a, chain[n]->name, chain[n]->href));
    return mst_list_value(l);
}

/* What the default theme's article column is wide: the screen less the
 * paddings below 960 px, about 860 px beside the sidebar. */
#define POST_IMG_SIZES "(min-width: 960px) 860px, calc(100vw - 2.6rem)"

static int render_post(const site_render *r, arena *a, const site_output *o,
                       nm_buf *out, bool *again, nm_error *err)
{
    const site_model *m = r->m;
    const site_config *c = &m->cfg;
    const site_post *p = o->post;
    mst_map *page = page_base(r, a, p->path, p->title);
    mst_map *pm = mst_map_new(a, 16);
    const mst_value *card = card_of(r, a, p->index);
    str_view html;
    if (site_post_body(a, m, p, &html, err) < 0)
        return -1;
    if (site_img_rewrite(a, r->images, c, html, POST_IMG_SIZES, site_post_file(a, m, p->rel),
                         &html, again) < 0)
        return nm_fail(err, p->rel, 0, "out of memory rewriting images");
    static const char *const keys[] = {"title", "href", "date", "date_iso", "image", "author",
                                       "summary"};
    for (size_t k = 0; k < NM_ARRAY_LEN(keys); k++)
        mst_map_set(pm, keys[k], (mst_value *)mst_get(card, keys[k]));
    mst_map_set(pm, "content", mst_ref(a, html.ptr, html.len));
    mst_map_set(pm, "crumbs", p->nleaves ? crumbs(a, p->leaves[0]) : mst_list_value(mst_list_new(a, 0)));
    mst_map_set_bool(pm, "has_crumbs", p->nleaves > 0);
    mst_list *tags = mst_list_new(a, p->ntags);
    for (size_t k = 0; k < p->ntags; k++)
        mst_list_push(tags, link_value(a, p->tags[k]->name, href(a, c, p->tags[k]->path)));
    mst_map_set(pm, "tags", mst_list_value(tags));
    mst_map_set_bool(pm, "has_tags", p->ntags > 0);
    /* Hexo: prev is the newer post, next the older one */
    mst_map_set(pm, "prev", p->index > 0 ? card_of(r, a, p->index - 1) : mst_null());
    mst_map_set(pm, "next", p->index + 1 < m->nposts ? card_of(r, a, p->index + 1) : mst_null());
    mst_map_set(page, "post", mst_map_value(pm));
    mst_map_set_bool(page, "is_post", true);
    const mst_value *summary = mst_get(card, "summary");
    if (mst_type_of(summary) != MST_NULL)
        mst_map_set(page, "description", (mst_value *)summary);
    return mst_render(site_theme_template(&r->theme, "post"), mst_map_value(page), out, err);
}

/* pagination: stable, and lists that have pages at all */
static bool stable_lists(const site_config *c) { return c->stable_pages && c->per_page > 0; }

/* A card on a list page. When the theme shows excerpts and the post has
 * no <!-- more -->, the excerpt is the whole body: read again for this
 * page, into its arena, so bodies never accumulate. */
static int list_card(const site_render *r, arena *a, size_t i, bool eager,
                     mst_value **out, nm_error *err)
{
    const site_post *p = r->m->posts[i];
    if (!r->excerpt_bodies || p->more_len) {
        /* the first card is the page's own: its image is not lazy; the
         * excerpt is the one <!-- more --> gave */
        *out = card_map(r, a, i, sv_make("", 0), eager);
        return 0;
    }
    str_view html;
    if (site_post_body(a, r->m, p, &html, err) < 0)
        return -1;
    *out = card_map(r, a, i, html, eager);
    return 0;
}

/* Where the pagination links of a list page go, in either mode (see
 * outputs.c for the stable layout). NULL: no such link. */
static void page_links(const site_render *r, arena *a, const site_output *o, const char **newer,
                       const char **older)
{
    const site_config *c = &r->m->cfg;
    *newer = *older = NULL;
    if (!stable_lists(c)) {
        if (o->page > 1)
            *newer = href(a, c, site_page_path(a, c, o->base, o->page - 1));
        if (o->page < o->pages)
            *older = href(a, c, site_page_path(a, c, o->base, o->page + 1));
        return;
    }
    if (o->page == 0) {
        int to = o->total % (size_t)c->per_page ? o->pages : o->pages - 1;
        if (to >= 1)
            *older = href(a, c, site_stable_path(a, c, o->base, to));
        return;
    }
    *newer = href(a, c, o->page < o->pages ? site_stable_path(a, c, o->base, o->page + 1) : o->base);
    if (o->page > 1)
        *older = href(a, c, site_stable_path(a, c, o->base, o->page - 1));
}

static int render_list(const site_render *r, arena *a, const site_output *o,
                       nm_buf *out, bool *again, nm_error *err)
{
    const site_model *m = r->m;
    const site_config *c = &m->cfg;
    const labels *L = labels_for(c->language);
    const char *path = o->file;
    size_t pl = strlen(path);
    path = arena_strndup(a, path, pl - strlen("index.html"));
    /* stable pages (o->page >= 1) hold nothing that moves with new posts */
    bool stable_chunk = stable_lists(c) && o->page >= 1;
    const char *kind = "", *heading = o->list_title;
    size_t total = 0;
    mst_value *children = mst_list_value(mst_list_new(a, 0));
    mst_value *crumb = mst_list_value(mst_list_new(a, 0));
    bool has_children = false, has_crumbs = false;
    switch (o->list) {
    case LIST_HOME:
        total = m->nposts;
        break;
    case LIST_ARCHIVE:
        kind = L->archive;
        total = o->subject ? ((const site_archive *)o->subject)->n : m->nposts;
        if (!heading)
            heading = L->archives;
        break;
    case LIST_CATEGORY: {
        const site_cat *cat = o->subject;
        kind = L->category;
        total = cat->nposts;
        if (cat->parent) {
            crumb = crumbs(a, cat->parent);
            has_crumbs = true;
        }
        mst_list *l = mst_list_new(a, cat->nchildren);
        for (size_t k = 0; k < cat->nchildren; k++) {
            mst_map *ch = mst_map_new(a, 3);
            mst_map_set_str(ch, "name", cat->children[k]->name);
            mst_map_set_str(ch, "href", href(a, c, cat->children[k]->path));
            mst_map_set_int(ch, "count", (int64_t)cat->children[k]->nposts);
            mst_list_push(l, mst_map_value(ch));
        }
        children = mst_list_value(l);
        has_children = cat->nchildren > 0;
        break;
    }
    case LIST_TAG:
        kind = L->tag;
        total = ((const site_tag *)o->subject)->nposts;
        break;
    }
    if (stable_chunk)
        has_children = false;
    const char *title = heading;
    if (o->page > 1 || stable_chunk)
        title = arena_printf(a, "%s%s%d", heading ? heading : "", heading ? " · " : "", o->page);
    mst_map *page = page_base(r, a, path, title);
    mst_map_set_bool(page, "is_home", o->list == LIST_HOME && o->page <= 1 && !stable_chunk);
    mst_map_set_str(page, "kind", kind);
    mst_map_set_str(page, "heading", heading);
    mst_map_set_str(page, "count_text", stable_chunk ? NULL : arena_printf(a, L->count_fmt, total));
    mst_map_set(page, "children", children);
    mst_map_set_bool(page, "has_children", has_children);
    mst_map_set(page, "crumbs", crumb);
    mst_map_set_bool(page, "has_crumbs", has_crumbs);
    mst_list *posts = mst_list_new(a, o->nposts);
    for (size_t k = 0; k < o->nposts; k++) {
        mst_value *card;
        if (list_card(r, a, o->posts[k]->index, k == 0, &card, err) < 0)
            return -1;
        *again |= card_image_missing(r, o->posts[k]);
        mst_list_push(posts, card);
    }
    mst_map_set(page, "posts", mst_list_value(posts));
    const char *newer, *older;
    page_links(r, a, o, &newer, &older);
    if (newer || older) {
        mst_map *pg = mst_map_new(a, 5);
        /* stable: a page's number is forever, the count of pages is not */
        mst_map_set(pg, "page", o->page ? mst_int(a, o->page) : mst_null());
        mst_map_set(pg, "pages", stable_lists(c) ? mst_null() : mst_int(a, o->pages));
        mst_map_set_str(pg, "label", stable_lists(c) ? (o->page ? arena_printf(a, "%d", o->page) : NULL)
                                                     : arena_printf(a, "%d / %d", o->page, o->pages));
        mst_map_set_str(pg, "prev", newer);
        mst_map_set_str(pg, "next", older);
        mst_map_set(page, "pagination", mst_map_value(pg));
    } else
        mst_map_set(page, "pagination", mst_null());
    const char *tpl = o->list == LIST_HOME && !stable_chunk ? "index" : "list";
    return mst_render(site_theme_template(&r->theme, tpl), mst_map_value(page), out, err);
}

static int render_tags(const site_render *r, arena *a, nm_buf *out, nm_error *err)
{
    const site_model *m = r->m;
    const labels *L = labels_for(m->cfg.language);
    mst_map *page = page_base(r, a, arena_printf(a, "%s/", m->cfg.tag_dir), L->tags);
    mst_list *l = mst_list_new(a, m->ntags);
    for (size_t k = 0; k < m->ntags; k++) {
        mst_map *t = mst_map_new(a, 3);
        mst_map_set_str(t, "name", m->tags[k]->name);
        mst_map_set_str(t, "href", href(a, &m->cfg, m->tags[k]->path));
        mst_map_set_int(t, "count", (int64_t)m->tags[k]->nposts);
        mst_list_push(l, mst_map_value(t));
    }
    mst_map_set(page, "tags", mst_list_value(l));
    return mst_render(site_theme_template(&r->theme, "tags"), mst_map_value(page), out, err);
}

int site_render_page(const site_render *r, arena *a, const site_output *o,
                     nm_buf *out, bool *again, nm_error *err)
{
    const site_model *m = r->m;
    const labels *L = labels_for(m->cfg.language);
    switch (o->kind) {
    case OUT_POST:
        return render_post(r, a, o, out, again, err);
    case OUT_LIST:
        return render_list(r, a, o, out, again, err);
    case OUT_CATEGORIES: {
        mst_map *page = page_base(r, a, arena_printf(a, "%s/", m->cfg.category_dir), L->categories);
        mst_map_set(page, "site", r->site); /* the tree with its counts */
        return mst_render(site_theme_template(&r->theme, "categories"), mst_map_value(page), out, err);
    }
    case OUT_TAGS:
        return render_tags(r, a, out, err);
    case OUT_SIDEBAR: {
        /* a page of its own: fetched by the theme's script, or followed
         * from the <noscript> link; its aside holds the sidebar inline */
        mst_map *page = page_base(r, a, "sidebar.html", L->sections);
        mst_map_set(page, "site", r->site);
        mst_map_set(page, "sidebar", r->sidebar);
        mst_map_set(page, "sidebar_page", mst_bool(true));
        return mst_render(site_theme_template(&r->theme, "side"), mst_map_value(page), out, err);
    }
    case OUT_NOT_FOUND: {
        mst_map *page = page_base(r, a, "404.html", "404");
        return mst_render(site_theme_template(&r->theme, "404"), mst_map_value(page), out, err);
    }
    case OUT_SEARCH: {
        bool zh = L == labels_for("zh");
        mst_map *page = page_base(r, a, "search/", zh ? "搜索" : "Search");
        mst_map_set_str(page, "index", href(a, &m->cfg, "search/"));
        mst_map_set_str(page, "script", href(a, &m->cfg, "js/search.js"));
        mst_map_set_str(page, "count_fmt", zh ? "共 %d 篇" : "%d posts");
        mst_map_set_str(page, "all", zh ? "全部分类" : "All categories");
        mst_map_set_str(page, "more", zh ? "更多结果" : "More results");
        return mst_render(site_theme_template(&r->theme, "search"), mst_map_value(page), out, err);
    }
    default:
        return nm_fail(err, o->file, 0, "not a page");
    }
}
