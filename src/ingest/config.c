/*
 * config.c — what the fetch job reads from the newsmill: block of the
 * site's _config.yml (comments, default_image, images and their limits,
 * page_interval, site_rules), for a plain fetch and for workers alike.
 *
 * A line scan suffices: these keys are only read here, and the site
 * module owns the full config. A bad value is a warning naming the key,
 * and the default applies.
 *
 * Not here: the store's setting (store.c reads newsmill.store itself).
 */
#include "ingest_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The value of `key:` in the newsmill: block of _config.yml, unquoted,
 * in arena a; NULL when absent. A line scan suffices: these keys are only
 * read here, and the site module owns the full config. */
const char *ingest_config_key(arena *a, const char *site, const char *key)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/_config.yml", site);
    nm_buf b;
    buf_init(&b, 1u << 20);
    nm_error err;
    bool in_block = false;
    const char *value = NULL;
    size_t klen = strlen(key);
    if (fs_read_file(path, 1u << 20, &b, &err) == 0) {
        str_view rest = sv_make(buf_cstr(&b), b.len);
        while (rest.len) {
            str_view line = sv_next_line(&rest);
            if (line.len && line.ptr[0] != ' ' && line.ptr[0] != '#')
                in_block = sv_starts_with(line, SV("newsmill:"));
            else if (in_block) {
                str_view t = sv_trim(line);
                if (t.len > klen && memcmp(t.ptr, key, klen) == 0 && t.ptr[klen] == ':') {
                    str_view v = sv_trim(sv_make(t.ptr + klen + 1, t.len - klen - 1));
                    if (v.len >= 2 && (v.ptr[0] == '\'' || v.ptr[0] == '"') &&
                        v.ptr[v.len - 1] == v.ptr[0])
                        v = sv_make(v.ptr + 1, v.len - 2);
                    value = v.len ? sv_dup(a, v) : NULL;
                }
            }
        }
    }
    buf_free(&b);
    return value;
}

/* A size or count of the config: digits, optionally followed by K, M or
 * G (powers of 1024 for bytes; with `decimal`, of 1000: Mpx); 0 and a
 * warning naming the key when it is something else. */
static uint64_t config_number(arena *a, const char *site, const char *key, bool decimal,
                              uint64_t dflt)
{
    const char *v = ingest_config_key(a, site, key);
    if (!v)
        return dflt;
    uint64_t n;
    if (!str_size(v, decimal, &n)) {
        log_warn("%s/_config.yml: newsmill.%s: '%s' is not a positive number (e.g. 10M); "
                 "using the default", site, key, v);
        return dflt;
    }
    return n;
}

/* newsmill.images and its limits. */
bool ingest_config_images(arena *a, const char *site, mirror_limits *l)
{
    mirror_limits_default(l);
    const char *v = ingest_config_key(a, site, "images");
    if (!v || !strcmp(v, "link"))
        return false;
    if (strcmp(v, "mirror") != 0) {
        log_warn("%s/_config.yml: newsmill.images: '%s' is neither link nor mirror; images "
                 "stay linked", site, v);
        return false;
    }
    l->max_bytes = (size_t)config_number(a, site, "images_max_bytes", false, l->max_bytes);
    l->max_post_bytes =
        (size_t)config_number(a, site, "images_max_post_bytes", false, l->max_post_bytes);
    l->max_pixels = config_number(a, site, "images_max_pixels", true, l->max_pixels);
    return true;
}

bool ingest_config_comments(arena *a, const char *site)
{
    const char *v = ingest_config_key(a, site, "comments"); /* default false */
    return v && (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0);
}

/* A directory of the config, relative to the site unless absolute. */
static const char *site_relative(arena *a, const char *site, const char *dir)
{
    return dir[0] == '/' ? dir : arena_printf(a, "%s/%s", site, dir);
}

void ingest_after_opts(arena *config, const ingest_opts *o, int64_t now, page_opts *po,
                       images_opts *io, bool *mirror)
{
    const char *site = o->site_dir;
    const char *iv = ingest_config_key(config, site, "page_interval");
    const char *rules = ingest_config_key(config, site, "site_rules");
    mirror_limits limits;
    *mirror = ingest_config_images(config, site, &limits);
    *po = (page_opts){.site_dir = site, .now = now, .all = o->all,
                      .concurrency = o->concurrency, .timeout = o->timeout,
                      .interval_ms = o->page_interval_ms > 0 ? o->page_interval_ms
                                     : iv ? atol(iv) : 1000,
                      .rules_dir = rules ? site_relative(config, site, rules) : NULL,
                      .mirror_images = *mirror};
    *io = (images_opts){.site_dir = site, .now = now, .all = o->all,
                        .concurrency = o->concurrency, .timeout = o->timeout,
                        .limits = limits};
}

