/*
 * theme.h — private to the site module: a theme's templates and assets
 * (see theme.c for the lookup rules).
 */
#ifndef NM_SITE_THEME_H
#define NM_SITE_THEME_H

#include "mustache.h"
#include "site_impl.h"

typedef struct site_theme {
    const char *dir;   /* site/themes/NAME when it exists, else NULL */
    mst_set *set;      /* compiled and linked; read-only while rendering */
} site_theme;

/* Compiles the page templates (index, list, post, categories, tags, 404,
 * sidebar) and every partial they name. Fails with err naming the
 * template and line on a syntax error or a missing partial. */
int site_theme_open(site_theme *t, const char *site_dir, const char *name, nm_error *err);
const mst_template *site_theme_template(const site_theme *t, const char *name);
/* Appends the bytes of a theme file ("css/newsmill.css"): 0 done, 1 no
 * such file, -1 read error. Thread safe. */
int site_theme_file(const site_theme *t, const char *file, nm_buf *out, nm_error *err);
/* True when a template of the theme (embedded or the site's) has word in
 * its source: a cheap test of whether pages will use a value that costs
 * something to make. */
bool site_theme_mentions(const site_theme *t, const char *word);
void site_theme_close(site_theme *t);

#endif
