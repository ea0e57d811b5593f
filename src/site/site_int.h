/*
 * site_int.h — what the files of the site module share, and nobody else:
 * configuration, the site model and the list of outputs, the theme, page
 * rendering, the build manifest and writing public/.
 *
 * Everything of one build lives in arenas owned by the build (one per
 * worker thread while posts are read, then one for the model), so that
 * the model is freed in one go and no page allocates on the heap.
 */
#ifndef NM_SITE_INT_H
#define NM_SITE_INT_H

#include "mustache/mustache.h"
#include "post/post.h"
#include "site.h"

/* ---- configuration (config.c) ------------------------------------------ */

typedef struct site_kv {
    const char *key, *value;
} site_kv;

typedef struct site_config {
    const char *title, *subtitle, *description, *author, *language;
    const char *url;   /* without a trailing '/' */
    const char *root;  /* starts and ends with '/' */
    const char *permalink, *pagination_dir, *category_dir, *tag_dir, *archive_dir;
    const char *timezone, *theme, *default_category;
    int per_page;      /* 0: no pagination */
    site_kv *category_map, *tag_map;
    size_t ncategory_map, ntag_map;
    const date_zone *zone;
    /* the `newsmill:` block */
    int feed_limit;       /* items in atom.xml, rss2.xml, feed.json (20) */
    int summary_length;   /* characters of text in a card's summary (120) */
    int sitemap_limit;    /* URLs per sitemap file (50,000) */
} site_config;

/* Reads path (a missing file gives Hexo's defaults). Strings live in a.
 * Fails with err naming path:line for bad YAML, a bad value or an
 * unknown time zone. */
int site_config_load(arena *a, const char *path, site_config *c, nm_error *err);

/* ---- the model (model.c) ------------------------------------------------- */

typedef struct site_post site_post;

typedef struct site_cat site_cat;
struct site_cat {
    const char *name;
    const char *slug;     /* parent's slug + '/' + own slug */
    const char *path;     /* "categories/金融/新浪财经/" (under root) */
    site_cat *parent;
    site_cat **children;  /* sorted by name */
    size_t nchildren;
    site_post **posts;    /* newest first */
    size_t nposts;
    int depth;            /* 0 for a top-level category */
};

typedef struct site_tag {
    const char *name, *slug, *path;
    site_post **posts;
    size_t nposts;
} site_tag;

/* A year or a month of posts: a slice of the sorted post list. */
typedef struct site_archive {
    int year, month;      /* month 0: the whole year */
    const char *path;     /* "archives/2022/08/" */
    size_t first, n;
} site_archive;

struct site_post {
    post fm;                 /* the front matter as read */
    const char *name;        /* file name without .md: Hexo's :title */
    const char *title;       /* front matter title, else the name */
    const char *path;        /* "2022/08/19/name/" (under root) */
    const char *file;        /* output file under public/ */
    int64_t date, updated;
    date_parts local;        /* date in the site's zone */
    site_cat **cats;         /* every level of every hierarchy, once */
    size_t ncats;
    site_cat **leaves;       /* the deepest level of each hierarchy */
    size_t nleaves;
    site_tag **tags;
    size_t ntags;
    str_view html;           /* the body as HTML */
    str_view more_html;      /* before <!-- more -->, else empty */
    const char *summary;     /* plain text, summary_length characters */
    const char *image;       /* headimg, else thumbnail, else NULL */
    size_t index;            /* position, newest first */
};

typedef struct site_model {
    site_config cfg;
    arena *a;                /* the model's strings and arrays */
    arena **worker_arenas;   /* posts' bytes, one arena per worker */
    int nworker_arenas;
    site_post **posts;       /* newest first; ties by name */
    size_t nposts;
    size_t bad_posts;
    site_cat **cats;         /* every category, tree order */
    size_t ncats;
    site_cat **roots;
    size_t nroots;
    site_tag **tags;         /* sorted by name */
    size_t ntags;
    site_archive *years, *months;
    size_t nyears, nmonths;
} site_model;

/* Reads every post under source_dir/_posts (parallel on p) and builds the
 * model. Bad posts are logged and counted. Fails only when the posts
 * directory cannot be listed. */
int site_model_load(site_model *m, const char *site_dir, pool *p, nm_error *err);
void site_model_free(site_model *m);

/* ---- URLs (urls.c) ------------------------------------------------------- */

/* The slug of name after renaming it through map (category_map, tag_map). */
const char *site_mapped_slug(arena *a, const char *name, const site_kv *map, size_t nmap);
/* The post's path under root from the permalink pattern; index.html is
 * added to make *file. */
void site_post_paths(arena *a, const site_config *c, site_post *sp);
/* Path of page `page` (1-based) of a list whose first page is base. */
const char *site_page_path(arena *a, const site_config *c, const char *base, int page);
/* Appends root + path, percent-encoded, for an href. */
int site_href(nm_buf *out, const site_config *c, const char *path);
/* Like site_href but the absolute URL (config url + root + path). */
int site_abs_url(nm_buf *out, const site_config *c, const char *path);

/* ---- outputs (outputs.c) ------------------------------------------------- */

typedef enum site_out_kind {
    OUT_POST,
    OUT_LIST,       /* home, archive, category or tag page */
    OUT_CATEGORIES, /* categories/index.html: the tree */
    OUT_TAGS,       /* tags/index.html */
    OUT_NOT_FOUND,  /* 404.html */
    OUT_ATOM,
    OUT_RSS,
    OUT_JSON_FEED,
    OUT_SITEMAP,       /* sitemap.xml (an index past sitemap_limit URLs) */
    OUT_SITEMAP_PART,  /* sitemap-N.xml */
    OUT_STATIC,        /* copied from source/ */
    OUT_THEME_FILE,    /* a theme asset (css, js) */
} site_out_kind;

typedef enum site_list_kind { LIST_HOME, LIST_ARCHIVE, LIST_CATEGORY, LIST_TAG } site_list_kind;

typedef struct site_output {
    site_out_kind kind;
    const char *file;        /* under public/ */
    site_post *post;         /* OUT_POST */
    site_list_kind list;     /* OUT_LIST */
    const char *list_title;  /* category/tag name, "2022", "2022/08" */
    const void *subject;     /* site_cat * or site_tag * */
    const char *base;        /* path of the list's first page */
    site_post **posts;       /* this page's posts */
    size_t nposts;
    int page, pages;
    const char *source;      /* OUT_STATIC: file to copy; OUT_THEME_FILE: name */
} site_output;

typedef struct site_outputs {
    site_output *v;
    size_t n, cap;
    size_t sitemap_urls;     /* pages in the sitemap */
} site_outputs;

/* Lays out every output of the model (deterministic order). */
void site_outputs_make(site_model *m, const char *site_dir, site_outputs *o);

/* ---- source files (model.c) ---------------------------------------------- */

/* Paths relative to the listed directory, malloc'd, sorted. */
typedef struct site_file_list {
    char **v;
    size_t n, cap;
} site_file_list;

/* The files under dir, recursively, whose name keep() accepts; hidden
 * files, files starting with '_' and our temporary files are skipped, as
 * Hexo does. -1 (err filled) when dir itself cannot be listed. */
int site_list_files(const char *dir, bool (*keep)(const char *name), site_file_list *out,
                    nm_error *err);
void site_file_list_free(site_file_list *l);
/* A post's file name: *.md or *.markdown. */
bool site_is_post_file(const char *name);

/* ---- feeds (feeds.c) ------------------------------------------------------ */

/* Appends the bytes of an OUT_ATOM/OUT_RSS/OUT_JSON_FEED/OUT_SITEMAP/
 * OUT_SITEMAP_PART output. Fails only when out's cap is reached. */
int site_feed_render(const site_model *m, const site_outputs *o, const site_output *out,
                     nm_buf *buf);

/* ---- text helpers (text.c) ------------------------------------------------ */

int site_escape_html(nm_buf *out, const char *s, size_t n); /* also for XML */
/* Plain text of HTML (html_to_text's BLOCKS text, whitespace folded, no
 * space between two CJK characters), at most max characters (UTF-8
 * aware, "…" added when cut). */
const char *site_plain_text(arena *a, const char *html, size_t n, int max);
/* Turns a body into HTML: md4c for Markdown, a fast path for a body that
 * is one HTML block (the seed's format) which md4c would pass unchanged. */
int site_body_html(arena *a, str_view body, str_view *html);

/* ---- themes (theme.c) ------------------------------------------------------ */

/* A file of a theme embedded in the binary (build/gen/theme_NAME.c). */
typedef struct site_embedded {
    const char *name; /* "post.mustache", "css/newsmill.css" */
    const char *data;
    size_t len;
} site_embedded;

extern const site_embedded site_theme_default[]; /* ends with {0} */

/* ---- a theme's templates and assets (theme.c) ------------------------------ */

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
void site_theme_close(site_theme *t);

/* ---- pages rendered with the theme (render.c) ------------------------------ */

typedef struct site_render {
    site_model *m;
    site_theme theme;
    arena *a;               /* values shared by every page */
    mst_value *site;        /* the `site` map */
    mst_value *sidebar;     /* the sidebar, rendered once */
    mst_value **cards;      /* one per post, by index */
    const char **post_href; /* root + percent-encoded path, by index */
} site_render;

/* Opens the theme, makes the shared values (cards in parallel on p, in
 * the model's worker arenas) and renders the sidebar. Fails on a theme
 * error. */
int site_render_init(site_render *r, site_model *m, const char *site_dir, pool *p,
                     nm_error *err);
/* Appends the HTML of a page output (post, list, categories, tags, 404).
 * a is the calling worker's page arena. Thread safe. */
int site_render_page(const site_render *r, arena *a, const site_output *o, nm_buf *out,
                     nm_error *err);
void site_render_free(site_render *r);

/* ---- the build manifest (manifest.c: the idea, the file format) ------------ */

typedef struct manifest_entry {
    const char *path;   /* under public/ */
    uint64_t hash;      /* hash64 of the bytes, seed 0 */
    size_t size;
    int64_t mtime_ns;   /* as the build left the file */
} manifest_entry;

typedef struct manifest {
    arena *a;
    manifest_entry *v;
    size_t n;
    manifest_entry **slots; /* open addressing by path */
    size_t cap;
} manifest;

/* Loads path; a missing file is an empty manifest. Damaged lines are
 * skipped (their files get rewritten). Fails only on a read error. */
int manifest_load(manifest *m, const char *path, nm_error *err);
/* The entry of a path under public/, or NULL. Thread safe (read only). */
const manifest_entry *manifest_find(const manifest *m, const char *path);
/* Sorts v by path and writes it atomically. */
int manifest_save(const char *path, manifest_entry *v, size_t n, nm_error *err);
void manifest_free(manifest *m);

/* ---- writing and removing the files of public/ (write.c) ------------------- */

/* Writes data to path through a temporary file and a rename (no fsync),
 * making directories as needed; *mtime_ns gets the new file's mtime.
 * Thread safe. */
int site_write_file(const char *path, const void *data, size_t len, int64_t *mtime_ns,
                    nm_error *err);
/* True when path is a regular file of this size and mtime. */
bool site_file_matches(const char *path, size_t size, int64_t mtime_ns);
/* Unlinks public_dir/rel and removes the directories it leaves empty. */
void site_remove_stale(const char *public_dir, const char *rel);
/* Deletes temporary files left under public_dir by a killed build. */
void site_sweep_temp(const char *public_dir);
/* rm -rf dir. */
int site_remove_tree(const char *dir, nm_error *err);

#endif
