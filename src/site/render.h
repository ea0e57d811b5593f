/*
 * render.h — private to the site module: rendering pages with the theme
 * (see render.c for what is shared between pages and why).
 */
#ifndef NM_SITE_RENDER_H
#define NM_SITE_RENDER_H

#include "theme.h"

typedef struct site_render {
    site_model *m;
    site_theme theme;
    arena *a;               /* values shared by every page */
    mst_value *site;        /* the `site` map, whole */
    mst_value *site_pages;  /* what pages see: without the parts that
                               move with new posts when the sidebar is
                               shared (render.c) */
    mst_value *sidebar;     /* the sidebar, rendered once */
    mst_value *_Atomic *cards; /* one per post, by index, made on demand */
    bool excerpt_bodies;    /* the theme's templates use `excerpt`: list
                               pages read bodies of posts without
                               <!-- more --> */
} site_render;

/* Opens the theme, makes the shared values and renders the sidebar.
 * Fails on a theme error. */
int site_render_init(site_render *r, site_model *m, const char *site_dir, pool *p,
                     nm_error *err);
/* Appends the HTML of a page output (post, list, categories, tags,
 * sidebar, 404). a is the calling worker's page arena, keep its arena for
 * the build (cards made on demand live there). Thread safe. */
int site_render_page(const site_render *r, arena *a, arena *keep, const site_output *o,
                     nm_buf *out, nm_error *err);
void site_render_free(site_render *r);

#endif
