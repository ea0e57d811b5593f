/*
 * postcache.h — private to the site module: the metadata of every post as
 * the last build read it (see postcache.c for the idea and the format).
 */
#ifndef NM_SITE_POSTCACHE_H
#define NM_SITE_POSTCACHE_H

#include "site_impl.h"

typedef struct post_cache post_cache;

/* Loads path. A missing, damaged or foreign file (another key: another
 * config or program) gives an empty cache, never an error. */
post_cache *post_cache_load(const char *path, uint64_t key);
/* Fills sp (everything read_one would, but paths and links) from the
 * record of rel when st matches the record's; arrays come from a, strings
 * point into the cache. False when there is no such record. Thread safe. */
bool post_cache_get(const post_cache *c, const char *rel, const post_stat *st, arena *a,
                    site_post *sp);
/* Records posts[0, n) (a post with a zero st is recorded so that it is
 * read again next time). Written atomically. */
int post_cache_save(const char *path, uint64_t key, site_post *const *posts, size_t n,
                    nm_error *err);
void post_cache_free(post_cache *c);
/* Records in the cache (0 for NULL). */
size_t post_cache_count(const post_cache *c);

#endif

/* ---- reading the posts (posts.c) ---------------------------------------- */

/* Reads every post file under m->posts_dir (parallel on p), from the
 * cache when its stat matches, else from the file; fills m->posts (in
 * file order, bad posts logged and counted). *changed: the cache should
 * be saved again. */
int site_posts_read(site_model *m, const post_cache *cache, pool *p, bool *changed,
                    nm_error *err);
