/*
 * deps.h — private to the site module: what each output is made of (see
 * deps.c for the idea).
 */
#ifndef NM_SITE_DEPS_H
#define NM_SITE_DEPS_H

#include "site_impl.h"

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

#endif
