/*
 * post.h — the post format: Hexo front matter plus a body, read and
 * written exactly.
 *
 * Reading accepts every front matter Hexo accepts (YAML between `---`
 * lines, blank lines before the first `---`, `;;;` JSON front matter) and
 * every date form news sites use. Writing produces the layout of
 * tests/fixtures/seed-post.md byte for byte: title, categories,
 * headimg, author, comments, date, thumbnail, then other keys in order.
 * write → read gives the same post; write → read → write the same bytes.
 *
 * A post lives in an arena: everything it points to belongs to that arena
 * or is a slice of the input bytes, which must outlive the post.
 */
#ifndef NM_POST_H
#define NM_POST_H

#include "util/util.h"

/* One category hierarchy, top first: {"金融", "新浪财经", "新浪财经－国內"}. */
typedef struct post_hierarchy {
    const char **names;
    size_t n;
} post_hierarchy;

/* A key the post module does not interpret (headimg-like keys of themes
 * are interpreted; others land here), kept in document order. `yaml` is
 * the value as YAML text that reproduces it when written after "key: "
 * (for a block value, starting with a newline; "" for null, written as
 * "key:"); `scalar` is its plain string value when it is a scalar, else
 * NULL (also for null). The reader writes `yaml` in one canonical style
 * (plain scalars stay plain, so numbers stay numbers; quoted ones are
 * single-quoted; lists as " - item" lines, mappings as "  k: v" lines,
 * deeper levels in flow style), so that reading it back gives the same
 * text. headimg, thumbnail or author that is not a string (a theme's
 * list) is kept here too. Fields made by hand: post_yaml_string(). */
typedef struct post_field {
    const char *key;
    const char *yaml;
    const char *scalar;
} post_field;

typedef struct post {
    const char *path;          /* as given to post_parse, for messages */
    const char *title;         /* NULL when absent (Hexo: the file name) */
    post_hierarchy *categories;/* Hexo's rules: a flat list is one */
    size_t ncategories;        /*   hierarchy, a list of lists several */
    const char **tags;
    size_t ntags;
    int64_t date;              /* NM_NO_TIME when absent */
    int64_t updated;           /* NM_NO_TIME when absent */
    int comments;              /* -1 absent, 0 false, 1 true */
    const char *layout;        /* NULL absent; "false" means no layout */
    const char *permalink;
    const char *excerpt;       /* front matter `excerpt:` */
    const char *headimg;
    const char *thumbnail;
    const char *author;
    post_field *fields;        /* every other key, in order */
    size_t nfields;
    str_view body;             /* bytes after the front matter */
    long body_line;            /* 1-based line where the body starts */
    bool json_front_matter;    /* read from ;;; JSON front matter */
    str_view lead;             /* blank lines before the first `---`, kept
                                  so that `post fmt` changes no byte of a
                                  canonical file; empty for new posts */
} post;

/* A post with nothing set: no date, no updated, comments absent. Use it
 * before filling a post by hand (the export stage does). */
void post_init(post *p);

typedef struct post_read_opts {
    const date_zone *zone;     /* zone for dates without one; NULL = UTC */
    bool no_fast_path;         /* always use libyaml (tests compare both) */
} post_read_opts;

/* The zone for dates without one: `timezone` in the site's _config.yml
 * (config_path), as Hexo reads it; UTC when the file or the key is
 * missing. Fails (err names the file and line) on a config that is not
 * YAML or a zone date_zone_get() does not know. */
int post_site_zone(const char *config_path, const date_zone **out, nm_error *err);

/* Limits on untrusted posts (each gives a clear error when passed). */
#define POST_MAX_FILE (64u << 20)          /* whole file */
#define POST_MAX_FRONT_MATTER (1u << 20)   /* between the markers */
#define POST_MAX_DEPTH 32                  /* nested lists and mappings */
#define POST_MAX_NODES 100000              /* values in the front matter */

/* Parses data[0, len) as a post. path is used in messages only. On error
 * returns -1 with err = "path:line: message" (line of the problem in the
 * file, counting the blank lines before the first `---`). Allocates from
 * a; the post may point into data. Never crashes on any input; bounded in
 * time, size, depth and alias expansion (the limits below). What it
 * accepts, post_write writes back so that it reads back the same (a front
 * matter that would grow past POST_MAX_FRONT_MATTER when written is
 * refused). Thread safe with one arena per thread.
 *
 * The whole file must be UTF-8 without NUL bytes. Errors: no or unclosed
 * front matter, bad YAML/JSON (tabs, unclosed quotes …), duplicate keys,
 * a value of the wrong kind for a known key, a date date_parse() cannot
 * read or outside the years 1000-9999. */
int post_parse(arena *a, const char *path, const char *data, size_t len,
               const post_read_opts *opts, post *out, nm_error *err);

/* Reads the whole file (at most POST_MAX_FILE) into memory owned by a and
 * parses it; out->path is a copy of path in a. Problems with the file itself have no line ("path: is a
 * directory, not a post", "cannot open: …", "not a regular file, not a
 * post" for a FIFO or device, which is never waited on). */
int post_read_file(arena *a, const char *path, const post_read_opts *opts, post *out,
                   nm_error *err);

/* Appends the canonical bytes of p (the seed's layout) to out. Fails only
 * when out's cap is reached. */
int post_write(const post *p, nm_buf *out);

/* The YAML text for a string value, for post_field.yaml of a field made
 * by hand: plain when YAML reads it back as the same string, else
 * single-quoted ('' doubled), or double-quoted with escapes when it holds
 * line breaks or control characters. Allocated from a. */
const char *post_yaml_string(arena *a, const char *s);

/* Splits the body at Hexo's `<!-- more -->` marker (case-insensitive,
 * optional spaces): returns true and sets *before and *after when present. */
bool post_split_more(str_view body, str_view *before, str_view *after);

#endif
