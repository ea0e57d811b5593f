/*
 * write.h — private to the site module: writing and removing the files
 * of public/ (see write.c for the idea).
 */
#ifndef NM_SITE_WRITE_H
#define NM_SITE_WRITE_H

#include "util/util.h"

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
