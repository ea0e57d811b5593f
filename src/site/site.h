/*
 * site.h — `newsmill build`: posts in, a complete static news site out.
 *
 * A build reads every post under source/_posts/ in parallel, makes the site
 * model (posts newest first, Hexo's category tree, tags, archives), lays
 * out every output with Hexo's URLs for the same _config.yml, renders the
 * pages with the theme's Mustache templates (the default theme is embedded
 * in the binary, themes/NAME/ in the site overrides it file by file), and
 * writes public/ incrementally: only outputs whose inputs changed are
 * rendered, only outputs whose bytes changed are written, outputs that no
 * longer exist are deleted. Post bodies are read when their page renders,
 * never all at once. The bytes written do not depend on the thread count
 * nor on what earlier builds left: an incremental build equals a clean
 * one.
 */
#ifndef NM_SITE_H
#define NM_SITE_H

#include "util/util.h"

typedef struct site_build_opts {
    const char *site_dir; /* the site's root (holds _config.yml) */
    int jobs;             /* threads; <= 0: one per CPU */
    bool clean;           /* forget the manifest, empty public/ first */
    bool verify;          /* check every file of public/ against the
                             manifest (size, mtime), not only the inputs */
} site_build_opts;

typedef struct site_build_stats {
    size_t posts;         /* posts read */
    size_t bad_posts;     /* posts skipped with an error message */
    size_t outputs;       /* files the site has */
    size_t rendered;      /* pages and feeds made (the others' inputs had not
                             changed); sitemaps and copies are always made */
    size_t written;       /* files written (new or changed bytes) */
    size_t unchanged;     /* files left alone */
    size_t deleted;       /* stale files removed */
    uint64_t bytes;       /* total bytes of the site's files */
    size_t images;        /* images under source/images/ */
    size_t images_encoded;/* images that had resized copies made */
    double images_seconds;/* wall time spent on images */
} site_build_stats;

/* Builds the site in o->site_dir. Bad posts are reported with
 * log_nm_error (file:line) and skipped; the build goes on and
 * stats->bad_posts counts them. Returns 0 when the site was written
 * (possibly with bad posts), -1 with err filled for a configuration or
 * output error (unreadable _config.yml, unknown time zone, broken theme
 * template, unwritable public/). Not reentrant: one build at a time per
 * process. */
int site_build(const site_build_opts *o, site_build_stats *stats, nm_error *err);

typedef struct site_deploy_opts {
    const char *site_dir; /* the site's root (holds _config.yml, public/) */
    const char *to;       /* a directory or USER@HOST:DIR; NULL: the
                             config's deploy: section */
    bool use_rsync;       /* use rsync even for a local directory */
} site_deploy_opts;

typedef struct site_deploy_stats {
    size_t sent;          /* files new or changed on the target */
    size_t deleted;       /* files the site no longer has */
    size_t unchanged;     /* local deploys: files already there */
    uint64_t bytes;       /* bytes of the files sent */
    char *target;         /* where it went (malloc'd) */
} site_deploy_stats;

/* Pushes public/ to the target (see deploy.c): files that are not pages
 * first, then pages, then deletions, each file replaced whole. A failed
 * or killed deploy can be run again and converges. Refuses public/ of an
 * unfinished build. -1 with err filled on a config or copy error. */
int site_deploy(const site_deploy_opts *o, site_deploy_stats *st, nm_error *err);
/* True when site_dir/_config.yml has a deploy: section of type rsync. */
bool site_has_deploy(const char *site_dir);

/* Writes the embedded default theme into dir (created when missing) as
 * plain files, ready for editing as themes/NAME/. Existing files are
 * overwritten. Returns -1 with err filled on a write error. */
int site_theme_export(const char *dir, nm_error *err);

/* hexo-util's slugize with transform 0: runs of whitespace and ASCII
 * punctuation become one '-', trimmed at both ends, control characters
 * dropped, everything else (CJK, full-width, case) kept. Appends to out. */
int site_slugize(nm_buf *out, const char *s, size_t n);

#endif
