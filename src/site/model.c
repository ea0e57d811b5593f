/*
 * model.c — the site model: every post, newest first, with Hexo's
 * category tree, tags and year/month archives.
 *
 * The idea: posts are read in parallel (one arena per worker, each post a
 * slice of its file's bytes), then everything that links posts together is
 * made in one serial pass over the sorted list, so that every list comes
 * out newest first without sorting it again, and the model does not
 * depend on which thread read what. A category is keyed by (name,
 * parent) as Hexo keys it: the same name under two parents is two
 * categories. Archives are slices of the sorted list, since a month's
 * posts are next to each other.
 *
 * Deliberately not here: URLs of lists (outputs.c) and HTML (render.c).
 */
#include "site_int.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- listing the posts ---------------------------------------------------- */

bool site_is_post_file(const char *name)
{
    size_t n = strlen(name);
    return (n > 3 && !strcmp(name + n - 3, ".md")) ||
           (n > 9 && !strcmp(name + n - 9, ".markdown"));
}

static void list_dir(const char *dir, const char *rel, bool (*keep)(const char *name),
                     site_file_list *out, DIR *d)
{
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || e->d_name[0] == '_' || fs_is_temp_name(e->d_name))
            continue;
        /* d_type saves a stat() a file (100,000 posts: 100,000 stats), and
         * the full path is made only for what needs one */
        char *full = NULL;
        if (e->d_type != DT_REG && asprintf(&full, "%s/%s", dir, e->d_name) < 0)
            nm_die("out of memory");
        size_t rl = strlen(rel), nl = strlen(e->d_name);
        char *r = xmalloc(rl + nl + 2);
        memcpy(r, rel, rl);
        if (rl)
            r[rl++] = '/';
        memcpy(r + rl, e->d_name, nl + 1);
        DIR *sub;
        bool dir = e->d_type == DT_DIR || (e->d_type == DT_UNKNOWN && fs_is_dir(full));
        if (e->d_type == DT_LNK)
            dir = fs_is_dir(full);
        if (dir) {
            if ((sub = opendir(full))) {
                list_dir(full, r, keep, out, sub);
                closedir(sub);
            }
            free(r);
        } else if (keep(e->d_name)) {
            if (out->n == out->cap) {
                out->cap = out->cap ? out->cap * 2 : 1024;
                out->v = xrealloc(out->v, out->cap * sizeof *out->v);
            }
            out->v[out->n++] = r;
        } else {
            free(r);
        }
        free(full);
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int site_list_files(const char *dir, bool (*keep)(const char *name), site_file_list *out,
                    nm_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return nm_fail(err, dir, 0, "cannot list the directory");
    list_dir(dir, "", keep, out, d);
    closedir(d);
    if (out->n > 1)
        qsort(out->v, out->n, sizeof *out->v, cmp_str);
    return 0;
}

void site_file_list_free(site_file_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof(*l));
}

static int cmp_post(const void *a, const void *b)
{
    const site_post *x = *(site_post *const *)a, *y = *(site_post *const *)b;
    if (x->date != y->date)
        return x->date > y->date ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* ---- categories and tags ---------------------------------------------------- */

/* An open-addressing table from (parent, name) to a category; tags use
 * parent NULL. Lookup only: the order of the site comes from sorting. */
typedef struct node_table {
    void **slots;
    uint64_t *keys;
    size_t cap, n;
} node_table;

static uint64_t node_key(const void *parent, const char *name)
{
    uint64_t h = hash64(name, strlen(name), 0);
    return h ^ ((uintptr_t)parent * 0x9E3779B97F4A7C15ull);
}

static void **table_slot(node_table *t, const void *parent, const char *name, bool is_cat)
{
    if (2 * (t->n + 1) > t->cap) {
        node_table old = *t;
        t->cap = old.cap ? old.cap * 2 : 256;
        t->slots = xcalloc(t->cap, sizeof *t->slots);
        t->keys = xcalloc(t->cap, sizeof *t->keys);
        t->n = 0;
        for (size_t i = 0; i < old.cap; i++)
            if (old.slots[i]) {
                size_t k = old.keys[i] & (t->cap - 1);
                while (t->slots[k])
                    k = (k + 1) & (t->cap - 1);
                t->slots[k] = old.slots[i];
                t->keys[k] = old.keys[i];
                t->n++;
            }
        free(old.slots);
        free(old.keys);
    }
    uint64_t key = node_key(parent, name);
    size_t k = key & (t->cap - 1);
    while (t->slots[k]) {
        if (t->keys[k] == key) {
            if (is_cat) {
                site_cat *c = t->slots[k];
                if (c->parent == parent && !strcmp(c->name, name))
                    return &t->slots[k];
            } else if (!strcmp(((site_tag *)t->slots[k])->name, name))
                return &t->slots[k];
        }
        k = (k + 1) & (t->cap - 1);
    }
    t->keys[k] = key;
    t->n++;
    return &t->slots[k];
}

static void table_free(node_table *t)
{
    free(t->slots);
    free(t->keys);
}

static int cmp_cat(const void *a, const void *b)
{
    return strcmp((*(site_cat *const *)a)->name, (*(site_cat *const *)b)->name);
}

static int cmp_tag(const void *a, const void *b)
{
    return strcmp((*(site_tag *const *)a)->name, (*(site_tag *const *)b)->name);
}

/* Depth-first, children sorted by name: the order of the nav tree. */
static void walk_tree(site_model *m, site_cat **v, size_t n, size_t *at)
{
    if (n > 1)
        qsort(v, n, sizeof *v, cmp_cat);
    for (size_t i = 0; i < n; i++) {
        m->cats[(*at)++] = v[i];
        walk_tree(m, v[i]->children, v[i]->nchildren, at);
    }
}

static void link_categories(site_model *m)
{
    arena *a = m->a;
    const site_config *c = &m->cfg;
    node_table t = {0};
    /* pass 1: make the categories, count their posts */
    for (size_t i = 0; i < m->nposts; i++) {
        site_post *sp = m->posts[i];
        size_t max = 0;
        for (size_t h = 0; h < sp->fm.ncategories; h++)
            max += sp->fm.categories[h].n;
        sp->cats = arena_new_array(a, site_cat *, max);
        sp->leaves = arena_new_array(a, site_cat *, sp->fm.ncategories);
        for (size_t h = 0; h < sp->fm.ncategories; h++) {
            site_cat *parent = NULL;
            const post_hierarchy *ph = &sp->fm.categories[h];
            for (size_t k = 0; k < ph->n; k++) {
                void **slot = table_slot(&t, parent, ph->names[k], true);
                site_cat *cat = *slot;
                if (!cat) {
                    cat = arena_zalloc(a, sizeof *cat);
                    cat->name = arena_strdup(a, ph->names[k]);
                    cat->parent = parent;
                    cat->depth = parent ? parent->depth + 1 : 0;
                    const char *own =
                        site_mapped_slug(a, cat->name, c->category_map, c->ncategory_map);
                    cat->slug = parent ? arena_printf(a, "%s/%s", parent->slug, own) : own;
                    cat->path = arena_printf(a, "%s/%s/", c->category_dir, cat->slug);
                    *slot = cat;
                    m->ncats++;
                    if (parent)
                        parent->nchildren++;
                    else
                        m->nroots++;
                }
                bool seen = false;
                for (size_t q = 0; q < sp->ncats; q++)
                    seen |= sp->cats[q] == cat;
                if (!seen) {
                    sp->cats[sp->ncats++] = cat;
                    cat->nposts++;
                }
                parent = cat;
            }
            if (parent)
                sp->leaves[sp->nleaves++] = parent;
        }
    }
    /* pass 2: arrays of exact size, filled newest first */
    site_cat **all = arena_new_array(a, site_cat *, m->ncats);
    size_t n = 0;
    for (size_t i = 0; i < t.cap; i++)
        if (t.slots[i]) {
            site_cat *cat = t.slots[i];
            all[n++] = cat;
            cat->posts = arena_new_array(a, site_post *, cat->nposts);
            cat->children = arena_new_array(a, site_cat *, cat->nchildren);
            cat->nposts = cat->nchildren = 0;
        }
    m->roots = arena_new_array(a, site_cat *, m->nroots);
    m->nroots = 0;
    for (size_t i = 0; i < n; i++) {
        site_cat *cat = all[i];
        if (cat->parent)
            cat->parent->children[cat->parent->nchildren++] = cat;
        else
            m->roots[m->nroots++] = cat;
    }
    for (size_t i = 0; i < m->nposts; i++)
        for (size_t k = 0; k < m->posts[i]->ncats; k++) {
            site_cat *cat = m->posts[i]->cats[k];
            cat->posts[cat->nposts++] = m->posts[i];
        }
    size_t at = 0;
    m->cats = arena_new_array(a, site_cat *, m->ncats);
    walk_tree(m, m->roots, m->nroots, &at);
    table_free(&t);
}

static void link_tags(site_model *m)
{
    arena *a = m->a;
    const site_config *c = &m->cfg;
    node_table t = {0};
    for (size_t i = 0; i < m->nposts; i++) {
        site_post *sp = m->posts[i];
        sp->tags = arena_new_array(a, site_tag *, sp->fm.ntags);
        for (size_t k = 0; k < sp->fm.ntags; k++) {
            void **slot = table_slot(&t, NULL, sp->fm.tags[k], false);
            site_tag *tag = *slot;
            if (!tag) {
                tag = arena_zalloc(a, sizeof *tag);
                tag->name = arena_strdup(a, sp->fm.tags[k]);
                tag->slug = site_mapped_slug(a, tag->name, c->tag_map, c->ntag_map);
                tag->path = arena_printf(a, "%s/%s/", c->tag_dir, tag->slug);
                *slot = tag;
                m->ntags++;
            }
            bool seen = false;
            for (size_t q = 0; q < sp->ntags; q++)
                seen |= sp->tags[q] == tag;
            if (!seen) {
                sp->tags[sp->ntags++] = tag;
                tag->nposts++;
            }
        }
    }
    m->tags = arena_new_array(a, site_tag *, m->ntags);
    size_t n = 0;
    for (size_t i = 0; i < t.cap; i++)
        if (t.slots[i]) {
            site_tag *tag = t.slots[i];
            m->tags[n++] = tag;
            tag->posts = arena_new_array(a, site_post *, tag->nposts);
            tag->nposts = 0;
        }
    if (m->ntags > 1)
        qsort(m->tags, m->ntags, sizeof *m->tags, cmp_tag);
    for (size_t i = 0; i < m->nposts; i++)
        for (size_t k = 0; k < m->posts[i]->ntags; k++) {
            site_tag *tag = m->posts[i]->tags[k];
            tag->posts[tag->nposts++] = m->posts[i];
        }
    table_free(&t);
}

static void make_archives(site_model *m)
{
    arena *a = m->a;
    m->years = arena_new_array(a, site_archive, m->nposts + 1);
    m->months = arena_new_array(a, site_archive, m->nposts + 1);
    for (size_t i = 0; i < m->nposts; i++) {
        const date_parts *d = &m->posts[i]->local;
        if (!m->nyears || m->years[m->nyears - 1].year != d->year)
            m->years[m->nyears++] =
                (site_archive){d->year, 0,
                               arena_printf(a, "%s/%04d/", m->cfg.archive_dir, d->year), i, 0};
        m->years[m->nyears - 1].n++;
        site_archive *last = m->nmonths ? &m->months[m->nmonths - 1] : NULL;
        if (!last || last->year != d->year || last->month != d->month)
            m->months[m->nmonths++] = (site_archive){
                d->year, d->month,
                arena_printf(a, "%s/%04d/%02d/", m->cfg.archive_dir, d->year, d->month), i, 0};
        m->months[m->nmonths - 1].n++;
    }
}

static void free_text_arenas(site_model *m)
{
    for (int i = 0; m->text_arenas && i < m->nworker_arenas; i++)
        arena_free(m->text_arenas[i]);
    free(m->text_arenas);
    m->text_arenas = NULL;
}

static void paths_one(size_t i, int worker, void *ctx)
{
    site_model *m = ctx;
    site_post_paths(m->worker_arenas[worker], &m->cfg, m->posts[i]);
}

int site_model_load(site_model *m, const char *site_dir, const char *cache_path, uint64_t key,
                    pool *p, nm_error *err)
{
    m->posts_dir = arena_printf(m->a, "%s/source/_posts", site_dir);
    m->cache = post_cache_load(cache_path, key);
    size_t stale = 0;
    if (site_posts_read(m, m->cache, p, &stale, err) < 0)
        return -1;
    if (m->nposts > 1)
        qsort(m->posts, m->nposts, sizeof *m->posts, cmp_post);
    for (size_t i = 0; i < m->nposts; i++)
        m->posts[i]->index = i;
    link_categories(m);
    link_tags(m);
    /* after the categories: :category is the first hierarchy's leaf */
    pool_for(p, m->nposts, paths_one, m);
    make_archives(m);
    /* the site's bytes do not depend on the cache: a failed save only
     * costs reading the posts again next time. Rewriting it (70 MB at
     * 100,000 posts) costs more than reading a few posts again, so it is
     * saved once more than 1/1024 of the posts are out of date in it
     * (at once for a small site): 10 new posts on 100,000 are read again
     * by the next nine builds, then the tenth saves the cache. */
    nm_error none;
    if (stale > m->nposts / 1024) {
        if (post_cache_save(cache_path, key, m->posts, m->nposts, m->cache, &m->texts, &none) < 0)
            log_warn("%s", none.msg);
        else if (m->texts)
            free_text_arenas(m); /* the summaries are in m->texts' file now */
    }
    return 0;
}

void site_model_free(site_model *m)
{
    post_cache_free(m->cache);
    m->cache = NULL;
    post_cache_free(m->texts);
    m->texts = NULL;
    free_text_arenas(m);
    for (int i = 0; i < m->nworker_arenas; i++)
        arena_free(m->worker_arenas[i]);
    free(m->worker_arenas);
    m->worker_arenas = NULL;
    m->nworker_arenas = 0;
}
