/*
 * theme.c — finding a theme's files: the site's themes/NAME/ first, then
 * the default theme embedded in the binary.
 *
 * The idea: a theme is a directory of Mustache templates (index, list,
 * post, categories, tags, 404, sidebar and the partials they use) plus
 * assets (css/newsmill.css, js/newsmill.js). Overriding is file by file:
 * a site that only wants its own card.mustache ships just that file. The
 * templates are compiled once per build into one mst_set; partials are
 * found through the same lookup by the set's loader.
 *
 * Deliberately not here: Hexo's EJS themes (landscape's layouts are not
 * Mustache: such a site gets the default theme).
 */
#include "site_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const site_embedded *embedded(const char *file)
{
    for (const site_embedded *e = site_theme_default; e->name; e++)
        if (!strcmp(e->name, file))
            return e;
    return NULL;
}

int site_theme_file(const site_theme *t, const char *file, nm_buf *out, nm_error *err)
{
    if (t->dir) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", t->dir, file);
        if (fs_exists(path))
            return fs_read_file(path, 16u << 20, out, err) < 0 ? -1 : 0;
    }
    const site_embedded *e = embedded(file);
    if (!e)
        return 1;
    return buf_append(out, e->data, e->len) < 0 ? -1 : 0;
}

static int loader(void *ctx, const char *name, nm_buf *src, nm_error *err)
{
    char file[512];
    snprintf(file, sizeof file, "%s.mustache", name);
    return site_theme_file(ctx, file, src, err);
}

static const char *const page_templates[] = {"index", "list", "post", "categories",
                                             "tags",  "404",  "sidebar"};

int site_theme_open(site_theme *t, const char *site_dir, const char *name, nm_error *err)
{
    memset(t, 0, sizeof *t);
    if (name && *name && !strchr(name, '/')) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/themes/%s", site_dir, name);
        if (fs_is_dir(dir))
            t->dir = xstrdup(dir);
    }
    t->set = mst_set_new(loader, t);
    nm_buf src;
    buf_init(&src, 16u << 20);
    for (size_t i = 0; i < NM_ARRAY_LEN(page_templates); i++) {
        buf_reset(&src);
        char file[64];
        snprintf(file, sizeof file, "%s.mustache", page_templates[i]);
        int rc = site_theme_file(t, file, &src, err);
        if (rc == 1)
            rc = nm_fail(err, t->dir ? t->dir : "theme", 0, "the theme has no %s", file);
        if (rc < 0 || mst_set_add(t->set, page_templates[i], buf_cstr(&src), src.len, err) < 0) {
            buf_free(&src);
            site_theme_close(t);
            return -1;
        }
    }
    buf_free(&src);
    if (mst_set_link(t->set, MST_STRICT_PARTIALS, err) < 0) {
        site_theme_close(t);
        return -1;
    }
    return 0;
}

const mst_template *site_theme_template(const site_theme *t, const char *name)
{
    return mst_set_get(t->set, name);
}

void site_theme_close(site_theme *t)
{
    mst_set_free(t->set);
    free((void *)t->dir);
    memset(t, 0, sizeof *t);
}

int site_theme_export(const char *dir, nm_error *err)
{
    for (const site_embedded *e = site_theme_default; e->name; e++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->name);
        if (fs_write_atomic(path, e->data, e->len, err) < 0)
            return -1;
    }
    return 0;
}
