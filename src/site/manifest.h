/*
 * manifest.h — private to the site module: the build manifest (see
 * manifest.c for the idea and the file format).
 */
#ifndef NM_SITE_MANIFEST_H
#define NM_SITE_MANIFEST_H

#include "util/util.h"

typedef struct manifest_entry {
    const char *path;   /* under public/ */
    uint64_t hash;      /* hash64 of the bytes, seed 0 */
    size_t size;
    int64_t mtime_ns;   /* as the build left the file */
    uint64_t dep;       /* hash of what it was made from (deps.c), 0: none */
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

#endif
