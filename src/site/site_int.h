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
#include "search/search.h"
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
    const char *pagination; /* "hexo" (default) or "stable" */
    const char *sidebar;    /* "shared" (default: public/sidebar.html) or "inline" */
    bool stable_pages;      /* pagination: stable */
    bool shared_sidebar;    /* sidebar: shared */
    int search_segment;     /* posts per segment of the static search index
                               (4,096; SEARCH_SEGMENT_DOCS) */
    const char *images_max_pixels_text; /* as written ("40M"), or NULL */
    uint64_t images_max_pixels; /* no resized copies of larger images
                                   (IMG_MAX_PIXELS: fetch's default) */
    /* Hexo's `deploy:` block (hexo-deployer-rsync's keys) */
    const char *deploy_type, *deploy_host, *deploy_user, *deploy_root;
    int deploy_port;        /* 0: ssh's default */
} site_config;

/* Reads path (a missing file gives Hexo's defaults). Strings live in a.
 * Fails with err naming path:line for bad YAML, a bad value or an
 * unknown time zone. */
int site_config_load(arena *a, const char *path, site_config *c, nm_error *err);

/* ---- the model (model.c) ------------------------------------------------- */

typedef struct site_post site_post;

/* What says a post file has not changed since it was read: a file whose
 * size, mtime, ctime and inode all match is not read again. */
typedef struct post_stat {
    int64_t size, mtime_ns, ctime_ns;
    uint64_t ino;
} post_stat;

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
    const char *href;     /* root + path, percent-encoded (site_render_init) */
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

/* What the model keeps of a post's front matter (post.h's post has more:
 * the body, other fields; 184 bytes where this is 72). */
typedef struct site_front {
    const char *title;       /* NULL when absent */
    const char *permalink, *headimg, *thumbnail, *author;
    post_hierarchy *categories;
    size_t ncategories;
    const char **tags;
    size_t ntags;
} site_front;

struct site_post {
    site_front fm;           /* the front matter as read */
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
    /* The summary (plain text, summary_length characters) and the HTML
     * before <!-- more --> (more_len 0: none) are not kept for every post:
     * site_post_texts() gives them, from `texts` for a post read from its
     * file by this build, else read from the post cache's file when a page
     * shows them (postcache.c). */
    const char *texts;       /* summary NUL more NUL, or NULL */
    uint64_t text_at;        /* else: their place in the cache's texts */
    uint32_t summary_len, more_len;
    const char *image;       /* headimg, else thumbnail, else NULL */
    size_t index;            /* position, newest first */
    /* The body is not kept: site_post_body() reads it again when the
     * post's page (or a feed) is rendered, so memory follows metadata. */
    const char *rel;         /* file under source/_posts/ (its path is
                                not kept: site_post_file) */
    uint64_t hash;           /* hash64 of the file's bytes */
    uint64_t dep;            /* the post's identity for dependencies: name,
                                bytes, effective dates (deps.c) */
    post_stat st;            /* the file as it was read (postcache.c) */
};

typedef struct site_model {
    site_config cfg;
    const char *posts_dir;   /* source/_posts */
    struct post_cache *cache;/* the last build's post metadata (postcache.c) */
    arena *a;                /* the model's strings and arrays */
    arena **worker_arenas;   /* posts' bytes, one arena per worker */
    arena **text_arenas;     /* summaries and excerpts of posts read from
                                their files, one per worker; NULL once
                                they are in `texts` */
    int nworker_arenas;
    struct post_cache *texts;/* the cache just saved, for its texts */
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
 * model. A post whose file has not changed since the last build is taken
 * from the post cache (cache_path, postcache.c; key: what else a post's
 * metadata depends on, the config and this program) without reading it.
 * Bad posts are logged and counted. Fails only when the posts directory
 * cannot be listed. The cache is rewritten when anything changed. */
int site_model_load(site_model *m, const char *site_dir, const char *cache_path, uint64_t key,
                    pool *p, nm_error *err);
void site_model_free(site_model *m);

/* The summary and the excerpt (HTML before <!-- more -->, empty when
 * none) of sp, NUL-terminated: its own, or read from the post cache's
 * file into a. Thread safe. */
void site_post_texts(const site_model *m, arena *a, const site_post *sp, const char **summary,
                     str_view *more);

/* The path of the post file rel (under source/_posts/), made in a. */
const char *site_post_file(arena *a, const site_model *m, const char *rel);

/* The body of sp as HTML, read again from its file (with Hexo's
 * <span id="more"></span> where the marker was), allocated from a.
 * Thread safe. Fails when the file can no longer be read or parsed. */
int site_post_body(arena *a, const site_model *m, const site_post *sp, str_view *html,
                   nm_error *err);

/* ---- URLs (urls.c) ------------------------------------------------------- */

/* The slug of name after renaming it through map (category_map, tag_map). */
const char *site_mapped_slug(arena *a, const char *name, const site_kv *map, size_t nmap);
/* The post's path under root from the permalink pattern; index.html is
 * added to make *file. */
void site_post_paths(arena *a, const site_config *c, site_post *sp);
/* Path of page `page` (1-based) of a list whose first page is base. */
const char *site_page_path(arena *a, const site_config *c, const char *base, int page);
/* Path of the stable page `page` (1-based, from the oldest): always
 * base + pagination_dir/page/. */
const char *site_stable_path(arena *a, const site_config *c, const char *base, int page);
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
    OUT_SEARCH,     /* search/index.html: the static search's page */
    OUT_SIDEBAR,    /* sidebar.html: the shared sidebar (sidebar: shared) */
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
    size_t total;            /* posts of the whole list */
    int page, pages;         /* hexo: 1..pages; stable: 0 the first page,
                                else the full pages numbered from the
                                oldest, pages = how many are full */
    const char *source;      /* OUT_STATIC: file to copy; OUT_THEME_FILE: name */
} site_output;

typedef struct site_outputs {
    site_output *v;
    size_t n, cap;
    size_t sitemap_urls;     /* pages in the sitemap */
} site_outputs;

/* Lays out every output of the model (deterministic order). */
void site_outputs_make(site_model *m, const char *site_dir, site_outputs *o);
/* The order of the sitemap's URLs (it keeps posts, lists and the two
 * index pages of the outputs). With `pagination: stable` the posts come
 * oldest first, then the rest in layout order: new posts then change the
 * sitemap file of the newest posts and those after it, not every file;
 * with `hexo`, layout order (posts newest first). rev: what
 * site_sitemap_reversed returns; then the i-th output in sitemap order is
 * site_sitemap_nth(o, rev, i). */
size_t site_sitemap_reversed(const site_model *m, const site_outputs *o);
static inline const site_output *site_sitemap_nth(const site_outputs *o, size_t rev, size_t i)
{
    return i < rev ? &o->v[rev - 1 - i] : &o->v[i];
}

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
 * OUT_SITEMAP_PART output; the feeds read the newest posts' bodies again
 * into a. Fails (err filled) when out's cap is reached or a body cannot
 * be read again. */
int site_feed_render(const site_model *m, const site_outputs *o, const site_output *out,
                     arena *a, nm_buf *buf, nm_error *err);

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
/* True when a template of the theme (embedded or the site's) has word in
 * its source: a cheap test of whether pages will use a value that costs
 * something to make. */
bool site_theme_mentions(const site_theme *t, const char *word);
void site_theme_close(site_theme *t);

/* ---- pages rendered with the theme (render.c) ------------------------------ */

typedef struct site_render {
    site_model *m;
    site_theme theme;
    arena *a;               /* values shared by every page */
    mst_value *site;        /* the `site` map, whole */
    mst_value *site_pages;  /* what pages see: without the parts that
                               move with new posts when the sidebar is
                               shared (render.c) */
    mst_value *sidebar;     /* the sidebar, rendered once */
    bool excerpt_bodies;    /* the theme's templates use `excerpt`: list
                               pages read bodies of posts without
                               <!-- more --> */
    const struct site_images *images; /* the site's images, or NULL */
} site_render;

/* Opens the theme, makes the shared values and renders the sidebar;
 * images (may be NULL) gives cards and bodies their srcset and sizes.
 * Fails on a theme error. */
int site_render_init(site_render *r, site_model *m, const struct site_images *images,
                     const char *site_dir, pool *p, nm_error *err);
/* Appends the HTML of a page output (post, list, categories, tags,
 * sidebar, 404). a is the calling worker's page arena: everything the
 * page needs is made there. *again is set when the page names a site
 * image that does not exist yet: render it again next build. Thread safe. */
int site_render_page(const site_render *r, arena *a, const site_output *o, nm_buf *out,
                     bool *again, nm_error *err);
void site_render_free(site_render *r);

/* ---- the build manifest (manifest.c: the idea, the file format) ------------ */

typedef struct manifest_entry {
    const char *path;   /* under public/ */
    uint64_t hash;      /* hash64 of the bytes, seed 0 */
    size_t size;
    int64_t mtime_ns;   /* as the build left the file */
    uint64_t dep;       /* hash of what it was made from (deps.c), 0: none */
} manifest_entry;

/* Compact: entries in one array, their paths packed one after the other
 * in one block, and a table of entry indexes by path (4 bytes a slot):
 * about 100 bytes a file where a line of the file is 110. */
typedef struct manifest {
    manifest_entry *v;
    size_t n;
    char *paths;            /* every path, NUL-terminated, back to back */
    uint32_t *slots;        /* open addressing by path: index + 1, 0 empty */
    size_t cap;
} manifest;

/* Loads path; a missing file is an empty manifest. Damaged lines are
 * skipped (their files get rewritten). Fails only on a read error. */
int manifest_load(manifest *m, const char *path, nm_error *err);
/* The entry of a path under public/, or NULL. Thread safe (read only). */
const manifest_entry *manifest_find(const manifest *m, const char *path);
/* The same as manifest_find, quicker for a path that is one of m's own
 * strings (an entry kept from m) when such paths come in m's order:
 * *hint (start at 0) is where the next one is looked for first. */
const manifest_entry *manifest_find_near(const manifest *m, const char *path, size_t *hint);
/* True when a and b record the same file made from the same inputs. */
static inline bool manifest_entry_same(const manifest_entry *a, const manifest_entry *b)
{
    return a->hash == b->hash && a->size == b->size && a->mtime_ns == b->mtime_ns &&
           a->dep == b->dep;
}
/* The index of e, an entry of m, in m->v. */
static inline size_t manifest_index(const manifest *m, const manifest_entry *e)
{
    return (size_t)(e - m->v);
}
/* Writes the entries of v and w (two arrays, so that a build need not
 * copy its search index's entries next to its pages'), sorted by path,
 * atomically (streamed: never whole in memory). v and w are not changed. */
int manifest_save(const char *path, const manifest_entry *v, size_t n, const manifest_entry *w,
                  size_t nw, nm_error *err);
void manifest_free(manifest *m);

/* ---- the site's own images (images.c, img_html.c, img_vips.c) ------------- */

/* Widths of the resized WebP copies (cards use the small ones, articles
 * the large); an image gets those smaller than itself. */
#define IMG_NWIDTHS 4
extern const int site_img_widths[IMG_NWIDTHS]; /* 320, 640, 960, 1280 */
/* More pixels than this in the header: refused, never decoded. */
#define IMG_MAX_PIXELS 40000000

typedef struct site_image {
    const char *rel;       /* "images/ab/ab12….jpg", under source/ and public/ */
    int width, height;     /* as shown (EXIF rotation applied); first frame */
    bool animated;         /* more than one frame: shown as it is */
    bool refused;          /* not an image, or too many pixels: no copies */
    bool retry;            /* libvips missing: not looked at, not cached,
                              not findable (pages naming it made again) */
    int nvariants;         /* copies made: site_img_widths[0, nvariants) */
    int64_t size, mtime_ns;
} site_image;

typedef struct site_images {
    arena *a;
    site_image *v;         /* sorted by rel */
    size_t n;
    site_image **slots;    /* open addressing by rel */
    size_t cap;
    manifest_entry *entries; /* the copies, for the build manifest (malloc'd) */
    size_t nentries;
    size_t encoded;        /* images that had a copy made by this build */
    size_t written;        /* copies written */
    uint64_t bytes;        /* bytes of all copies */
    double seconds;        /* wall time of the step */
    uint64_t epoch;        /* moves when an image changes or goes away:
                              every page depends on it (images.c) */
} site_images;

/* Lists source/images/, reads the header of each image not seen before
 * (state_dir/image-cache), and makes the copies the manifest old does
 * not have (parallel on p). A bad image (not an image, or over max_pixels)
 * is logged and gets no copies; fails only when the cache cannot be
 * written. */
int site_images_build(site_images *im, const char *site_dir, const char *state_dir,
                      const char *public_dir, const manifest *old, pool *p, bool verify,
                      uint64_t max_pixels, nm_error *err);
void site_images_free(site_images *im);
/* Makes the lookup table of im->v[0, n) (slots in im->a): what
 * site_images_build does last; for tests that fill v by hand. */
void site_images_index(site_images *im);
/* The site image that url[0, n) names (root + "images/…" or "/images/…"),
 * or NULL; *local: the URL names a site image at all, existing or not.
 * im may be NULL. Thread safe. */
const site_image *site_image_find(const site_images *im, const site_config *c, const char *url,
                                  size_t n, bool *local);
/* The format of an image by its first bytes ("jpeg", "png", "gif", "webp",
 * "avif"), or NULL. */
const char *site_img_sniff(const unsigned char *p, size_t n);
/* Appends e's srcset: its copies, and the original when it is no wider
 * than the widest copy. Empty when e has no copies. */
int site_img_srcset(nm_buf *out, const site_config *c, const site_image *e);
/* Rewrites the <img> tags of html (see img_html.c) into a; sizes is the
 * value given with srcset. *missing is set when a site image named there
 * does not exist (with a warning naming where, when not NULL). Fails
 * only when out of memory. */
int site_img_rewrite(arena *a, const site_images *im, const site_config *c, str_view html,
                     const char *sizes, const char *where, str_view *out, bool *missing);

/* libvips, loaded on first use (img_vips.c). */
typedef struct img_header {
    int width, height;
    bool animated;
} img_header;
/* Loads libvips once; -1 with err naming the package when missing. */
int img_vips_load(nm_error *err);
/* Reads the header only; -1 with err for a file vips cannot read. */
int img_vips_header(const char *path, img_header *h, nm_error *err);
/* Appends path resized to width (never upscaled) as WebP of quality. */
int img_vips_webp(const char *path, int width, int quality, nm_buf *out, nm_error *err);

/* ---- writing and removing the files of public/ (write.c) ------------------- */

/* Writes data to path through a temporary file and a rename (no fsync),
 * making directories as needed; *mtime_ns gets the new file's mtime.
 * Thread safe. */
int site_write_file(const char *path, const void *data, size_t len, int64_t *mtime_ns,
                    nm_error *err);
/* A file written as a stream, atomically: bytes go to a temporary file
 * beside path through buf (flushed past SITE_STREAM_CHUNK bytes by
 * site_stream_spill, or by site_stream_flush), and site_stream_close renames
 * it over path (after an fsync when sync), or removes it and fails with
 * err when any write failed. */
typedef struct site_stream {
    const char *path;
    char tmp[4200];
    int fd;
    int error;      /* errno of the first failed write, 0: none */
    bool sync;
    nm_buf buf;     /* append here */
} site_stream;

#define SITE_STREAM_CHUNK ((size_t)1 << 20)

int site_stream_open(site_stream *s, const char *path, bool sync, nm_error *err);
int site_stream_flush(site_stream *s);
static inline void site_stream_spill(site_stream *s)
{
    if (s->buf.len >= SITE_STREAM_CHUNK)
        site_stream_flush(s);
}
int site_stream_close(site_stream *s, nm_error *err);
/* True when path is a regular file of this size and mtime. */
bool site_file_matches(const char *path, size_t size, int64_t mtime_ns);
/* Unlinks public_dir/rel and removes the directories it leaves empty. */
void site_remove_stale(const char *public_dir, const char *rel);
/* Deletes temporary files left under public_dir by a killed build. */
void site_sweep_temp(const char *public_dir);
/* rm -rf dir. */
int site_remove_tree(const char *dir, nm_error *err);

/* ---- the post cache (postcache.c: the idea, the file format) -------------- */

typedef struct post_cache post_cache;

/* Loads path: its records are read, the file kept open for its text
 * section (summaries, excerpts: read when a page shows them). A missing,
 * damaged or foreign file (another key: another config or program) gives
 * an empty cache, never an error. */
post_cache *post_cache_load(const char *path, uint64_t key);
/* Fills sp (everything read_one would, but paths and links) from the
 * record of rel when st matches the record's; arrays come from a, strings
 * point into the cache, texts are left in its file (sp->texts NULL,
 * sp->text_at their place). False when there is no such record. Thread
 * safe. */
bool post_cache_get(const post_cache *c, const char *rel, const post_stat *st, arena *a,
                    site_post *sp);
/* Records posts[0, n) (a post with a zero st is recorded so that it is
 * read again next time). Written atomically. from: the cache the texts of
 * posts without their own are read from (NULL: none). texts (may be
 * NULL): set to the saved file, open, with every post's texts pointed at
 * their place there (sp->texts NULL), so that the copies made while
 * reading the posts can be freed (a clean build then holds a summary in
 * memory only while a page shows it, as a rebuild does); NULL, the posts
 * as they were, when that file cannot be opened again. */
int post_cache_save(const char *path, uint64_t key, site_post *const *posts, size_t n,
                    const post_cache *from, post_cache **texts, nm_error *err);
void post_cache_free(post_cache *c);
/* Records in the cache (0 for NULL). */
size_t post_cache_count(const post_cache *c);
/* The summary and excerpt of sp, NUL-terminated: sp->texts, or read
 * into a from c's file (the cache sp was taken from or saved into; a
 * read error is logged and gives empty texts). Thread safe. */
void post_cache_texts(const post_cache *c, arena *a, const site_post *sp, const char **summary,
                      str_view *more);

/* ---- reading the posts (posts.c) ---------------------------------------- */

/* Reads every post file under m->posts_dir (parallel on p), from the
 * cache when its stat matches, else from the file; fills m->posts (in
 * file order, bad posts logged and counted). *stale: how many records
 * of the cache are out of date (posts read from their files, records of
 * posts gone or changed). */
int site_posts_read(site_model *m, const post_cache *cache, pool *p, size_t *stale,
                    nm_error *err);

/* ---- what each output is made of (deps.c) ----------------------------------- */

typedef struct site_deps {
    uint64_t global;  /* this program, _config.yml, the theme's files */
    uint64_t shared;  /* global + what every page shows (sections) */
    uint64_t moving;  /* what moves with each new post: the category
                         tree's counts, recent posts, months */
    uint64_t pages;   /* what every page depends on: shared, and moving
                         when the sidebar is inline */
    const site_outputs *outs; /* for the sitemaps */
} site_deps;

/* The hash of this program and the config's bytes: what a post's
 * metadata depends on besides its file (the post cache's key). */
uint64_t site_deps_program_config(const char *config_path);
/* global: program_config plus every file of the site's theme directory
 * (theme_dir NULL: the embedded theme only, part of the program). */
uint64_t site_deps_global(uint64_t program_config, const char *theme_dir);
/* The hashes every output shares, for model m. */
void site_deps_init(site_deps *d, uint64_t global, const site_model *m,
                    const site_outputs *outs);
/* The hash of everything output o is rendered from, or 0 for an output
 * that is always made again (static and theme files: cheap, and few).
 * Equal hashes: equal bytes. */
uint64_t site_deps_of(const site_deps *d, const site_model *m, const site_output *o);

/* ---- the static search index of the build (search_index.c) ---------------- */

#define SEARCH_INDEX_FILE "search/index.json"

typedef struct site_search_out {
    manifest_entry *entries; /* malloc'd; paths live in the model's arena */
    size_t n;
    size_t written;          /* files written (new bytes) */
    uint64_t bytes;          /* total bytes of the index */
} site_search_out;

/* Writes public/search/ for m's posts (fields read on p's threads) unless
 * its inputs (global: deps.c's hash of this program, the config and the
 * theme; every post's dep) are those recorded on search/index.json's
 * manifest entry, when old's entries are kept and no post is read; else
 * segment by segment, keeping the files of a segment whose inputs are
 * those its files record (its filters cached in state_dir/search-bloom/);
 * files whose bytes old already records as on disk are left alone. out gets a
 * manifest entry per file, to be saved with the build's. -1 with err (the
 * first write error) when a file could not be written; out is then still
 * filled with the files that were. */
int site_search_index(site_model *m, pool *p, const char *public_dir, const char *state_dir,
                      const manifest *old, uint64_t global, bool verify, site_search_out *out,
                      nm_error *err);
/* Writes files (each with dep) and appends their entries to out (*cap:
 * its room); paths are copied into a. -1 with err (the first error;
 * later ones logged) when one could not be written. */
int site_search_write_files(pool *p, arena *a, const search_static_files *files, uint64_t dep,
                            const manifest *old, const char *public_dir, site_search_out *out,
                            size_t *cap, nm_error *err);

/* ---- the segments' Bloom filters (search_bloom.c) -------------------------- */

/* Keeps the filters blob (len bytes) of the segment of this dep in
 * state_dir/search-bloom/; -1 (logged) when it could not be written. */
int site_bloom_cache_put(const char *state_dir, uint64_t dep, const char *blob, size_t len);
/* True when the kept filters of the segment of this dep are there and
 * whole (read once to check their hash, not kept). */
bool site_bloom_cache_check(const char *state_dir, uint64_t dep);
/* Removes kept filters of segments whose deps are not among deps[0, n). */
void site_bloom_cache_sweep(const char *state_dir, const uint64_t *deps, size_t n);
/* Writes search/f/ for the nclosed segments of deps sdeps (each one's
 * filters from its kept file, or mem[k] of mem_lens[k] bytes when not
 * NULL), nb buckets, each file with dep; appends their entries to out;
 * *desc their line of index.json (in m's arena). -1 with err. */
int site_bloom_write_files(site_model *m, pool *p, const char *state_dir, const uint64_t *sdeps,
                           char *const *mem, const size_t *mem_lens, size_t nclosed, uint32_t nb,
                           uint64_t dep, const manifest *old, const char *public_dir,
                           site_search_out *out, size_t *cap, const char **desc, nm_error *err);

#endif
