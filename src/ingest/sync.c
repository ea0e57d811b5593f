/*
 * sync.c — `newsmill sync`: the posts that fetch workers keep in a
 * PostgreSQL store become files in this site's source/_posts/.
 *
 * The store gives every stored or rewritten post a sequence number in the
 * order of the commits (store_post_put); this site remembers the last one
 * it wrote in .newsmill/sync (a decimal line). A sync reads the posts
 * above it in batches of SYNC_BATCH, in order; each batch's files go to
 * temporary files beside their names, one syncfs makes them durable, each
 * is renamed over its name (a reader sees the old bytes or the new, never
 * a mix), the directory is synced, and then the cursor is written
 * (atomically). Killed anywhere, the cursor is at most one batch behind
 * what is on disk: the next sync writes those posts again, the same
 * bytes; leftover temporary files are swept first. The images workers
 * mirrored are kept in the same table under their source/images/ paths
 * (hex, kept.c) and written the same way, decoded; each was committed
 * before the posts naming it, so it is written before them. A cursor
 * ahead of the store's last sequence number (the site now uses another
 * database) would write nothing ever: said, with the way out.
 *
 * Not here: putting posts into the store (ingest.c, for workers).
 */
#include "ingest_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SYNC_BATCH 500
#define CURSOR NM_STATE_DIR "/sync"
#define POSTS_DIR "source/_posts/"

int sync_cursor(const char *site_dir, int64_t *seq, nm_error *err)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/" CURSOR, site_dir);
    *seq = 0;
    if (!fs_exists(path))
        return 0;
    nm_buf b;
    buf_init(&b, 4096);
    int rc = fs_read_file(path, 4096, &b, err);
    if (rc == 0) {
        char *end;
        long long v = strtoll(buf_cstr(&b), &end, 10);
        if (end == buf_cstr(&b) || (*end && *end != '\n') || v < 0)
            rc = nm_fail(err, path, 1, "not a sync position (a number); remove the file to "
                                       "write every post of the store again");
        else
            *seq = v;
    }
    buf_free(&b);
    return rc;
}

/* "source/_posts/NAME" with NAME one plain file name: what fetch writes,
 * and nothing that could leave the directory. */
static bool post_path_ok(const char *p)
{
    if (strncmp(p, POSTS_DIR, sizeof(POSTS_DIR) - 1) != 0)
        return false;
    const char *name = p + sizeof(POSTS_DIR) - 1;
    return *name && *name != '.' && !strchr(name, '/') && !strchr(name, '\\');
}

static void sweep(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d)))
        if (fs_is_temp_name(de->d_name)) {
            char path[4400];
            snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
            unlink(path);
        }
    closedir(d);
}

/* Writes one batch in place: temp files, one sync, renames, the
 * directory synced. */
static int write_batch(const char *site, const store_post *p, size_t n, size_t *written,
                       size_t *images, nm_error *err)
{
    char **tmp = xcalloc(n + 1, sizeof(*tmp));
    bool *image = xcalloc(n + 1, sizeof(*image));
    bool any_image = false;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        image[i] = kept_is_image(p[i].path);
        if (!image[i] && !post_path_ok(p[i].path)) {
            log_warn("sync: post %lld has the path '%s', not one of source/_posts/ nor "
                     "source/images/; skipped", (long long)p[i].seq, p[i].path);
            continue;
        }
        nm_buf b = {.data = (char *)p[i].bytes, .len = p[i].len, .cap = p[i].len + 1,
                    .max = NM_BUF_NOLIMIT};
        if (image[i]) { /* kept as hex (kept.c) */
            any_image = true;
            nm_buf bin;
            buf_init(&bin, NM_BUF_NOLIMIT);
            if (kept_image_decode(p[i].bytes, p[i].len, &bin) == 0)
                rc = export_tmp_write(site, p[i].path, &bin, &tmp[i], err);
            else
                log_warn("sync: image %lld (%s) is not hex in the store; skipped",
                         (long long)p[i].seq, p[i].path);
            buf_free(&bin);
            continue;
        }
        rc = export_tmp_write(site, p[i].path, &b, &tmp[i], err);
    }
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/" POSTS_DIR, site);
    if (rc == 0)
        rc = fs_mkdirs(dir, err);
    int dfd = rc ? -1 : open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (rc == 0 && (dfd < 0 || syncfs(dfd) != 0))
        rc = nm_fail(err, dir, 0, "cannot sync: %s", strerror(errno));
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (!tmp[i])
            continue;
        char to[4400];
        snprintf(to, sizeof(to), "%s/%s", site, p[i].path);
        if (rename(tmp[i], to) != 0)
            rc = nm_fail(err, to, 0, "cannot rename into place: %s", strerror(errno));
        else {
            free(tmp[i]);
            tmp[i] = NULL;
            (*(image[i] ? images : written))++;
        }
    }
    /* the renames durable: the posts' directory, and the images' too */
    if (rc == 0 && (any_image ? syncfs(dfd) : fsync(dfd)) != 0)
        rc = nm_fail(err, dir, 0, "cannot sync: %s", strerror(errno));
    if (dfd >= 0)
        close(dfd);
    for (size_t i = 0; i < n; i++)
        if (tmp[i]) {
            unlink(tmp[i]);
            free(tmp[i]);
        }
    free(tmp);
    free(image);
    return rc;
}

int ingest_sync(store *s, const char *site_dir, size_t *written, size_t *images, int64_t *seq,
                nm_error *err)
{
    *written = *images = 0;
    if (sync_cursor(site_dir, seq, err))
        return -1;
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/" POSTS_DIR, site_dir);
    sweep(dir);
    mirror_sweep(site_dir);
    char cpath[4096];
    snprintf(cpath, sizeof(cpath), "%s/" CURSOR, site_dir);
    int64_t last = store_posts_last(s);
    if (last >= 0 && *seq > last)
        log_warn("%s: this site synced up to post %lld, but the store's last is %lld: the store "
                 "is not the one this site synced from (a new database, or one restored from an "
                 "older dump), and no post would be written. To write every post of this store "
                 "again, remove %s and run 'newsmill sync'", store_where(s), (long long)*seq,
                 (long long)last, cpath);
    arena *a = arena_new(0);
    int rc = 0;
    for (;;) {
        arena_reset(a);
        store_post *p;
        size_t n;
        if ((rc = store_posts_after(s, *seq, SYNC_BATCH, a, &p, &n, err)) || n == 0)
            break;
        if ((rc = write_batch(site_dir, p, n, written, images, err)))
            break;
        char line[32];
        int len = snprintf(line, sizeof(line), "%lld\n", (long long)p[n - 1].seq);
        if ((rc = fs_write_atomic(cpath, line, (size_t)len, err)))
            break;
        *seq = p[n - 1].seq;
    }
    arena_free(a);
    return rc;
}
