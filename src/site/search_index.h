/*
 * search_index.h — private to the site module: the build's hook that
 * writes the static search index under public/search/ (search_index.c).
 */
#ifndef NM_SITE_SEARCH_INDEX_H
#define NM_SITE_SEARCH_INDEX_H

#include "site_int.h"

typedef struct site_search_out {
    manifest_entry *entries; /* malloc'd; paths live in the model's arena */
    size_t n;
    size_t written;          /* files written (new bytes) */
    uint64_t bytes;          /* total bytes of the index */
} site_search_out;

/* Writes public/search/ for m's posts (fields read on p's threads); files
 * whose bytes old already records as on disk are left alone. out gets a
 * manifest entry per file, to be saved with the build's. -1 with err (the
 * first write error) when a file could not be written; out is then still
 * filled with the files that were. */
int site_search_index(site_model *m, pool *p, const char *public_dir, const manifest *old,
                      site_search_out *out, nm_error *err);

#endif
