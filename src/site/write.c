/*
 * write.c — putting a build's files on disk.
 *
 * The idea: each output is written with one write() to a temporary name
 * in its own directory (fs_temp_path) and renamed over the
 * target, so a reader, or a build killed at any moment, sees the old
 * bytes or the new, never half a file. Unlike fs_write_atomic there is no
 * fsync per file: public/ is derived data that the next build repairs,
 * and 100,000 fsyncs would cost more than the whole build (the manifest,
 * the one file that is not derived, is still written with
 * fs_write_atomic). Directories are made on demand: the first open that
 * fails with ENOENT makes the parent and tries again.
 *
 * Big state files (the manifest, the post cache) are streamed to their
 * temporary file through a small buffer (site_stream), never built whole
 * in memory: at 1,000,000 posts they are hundreds of MB.
 *
 * Also here: removing stale files (and the directories they leave empty),
 * sweeping temporary files left by a killed build, and emptying public/
 * for --clean.
 *
 * Deliberately not here: deciding what to write (build.c, manifest.c).
 */
#include "site_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* mkdir -p that costs one mkdir() when the parent exists, which is the
 * usual case (a post's own directory under an existing day): fs_mkdirs
 * walks every component from the root, 20+ system calls a file. */
static int make_dir(char *dir, size_t len, nm_error *err)
{
    if (mkdir(dir, 0777) == 0 || errno == EEXIST)
        return 0;
    if (errno != ENOENT)
        return nm_fail(err, dir, 0, "cannot create directory: %s", strerror(errno));
    char *slash = memrchr(dir, '/', len);
    if (!slash || slash == dir)
        return nm_fail(err, dir, 0, "cannot create directory: %s", strerror(ENOENT));
    *slash = 0;
    int rc = make_dir(dir, (size_t)(slash - dir), err);
    *slash = '/';
    if (rc < 0)
        return -1;
    if (mkdir(dir, 0777) == 0 || errno == EEXIST)
        return 0;
    return nm_fail(err, dir, 0, "cannot create directory: %s", strerror(errno));
}

int site_write_file(const char *path, const void *data, size_t len, int64_t *mtime_ns,
                    nm_error *err)
{
    char tmp[4200];
    const char *slash = strrchr(path, '/');
    size_t dlen = slash ? (size_t)(slash - path) : 0;
    if (dlen >= 4096 || fs_temp_path(path, tmp, sizeof tmp) != 0)
        return nm_fail(err, path, 0, "path too long");
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 && errno == ENOENT && dlen) {
        char dir[4096];
        memcpy(dir, path, dlen);
        dir[dlen] = 0;
        if (make_dir(dir, dlen, err) < 0)
            return -1;
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    }
    if (fd < 0)
        return nm_fail(err, path, 0, "cannot write: %s", strerror(errno));
    if (fs_write_all(fd, data, len) != 0) {
        int e = errno;
        close(fd);
        unlink(tmp);
        return nm_fail(err, path, 0, "cannot write: %s", strerror(e));
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return nm_fail(err, path, 0, "cannot write: %s", strerror(e));
    }
    *mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
    return 0;
}

int site_stream_open(site_stream *s, const char *path, bool sync, nm_error *err)
{
    memset(s, 0, sizeof *s);
    s->path = path;
    s->sync = sync;
    s->fd = -1;
    buf_init(&s->buf, NM_BUF_NOLIMIT);
    const char *slash = strrchr(path, '/');
    if (slash && slash != path) {
        char dir[4096];
        size_t dlen = (size_t)(slash - path);
        if (dlen >= sizeof dir)
            return nm_fail(err, path, 0, "path too long");
        memcpy(dir, path, dlen);
        dir[dlen] = 0;
        if (fs_mkdirs(dir, err) < 0)
            return -1;
    }
    if (fs_temp_path(path, s->tmp, sizeof s->tmp) != 0)
        return nm_fail(err, path, 0, "path too long");
    s->fd = open(s->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (s->fd < 0)
        return nm_fail(err, path, 0, "cannot write: %s", strerror(errno));
    return 0;
}

int site_stream_flush(site_stream *s)
{
    if (s->fd >= 0 && !s->error && s->buf.len && fs_write_all(s->fd, s->buf.data, s->buf.len) != 0)
        s->error = errno ? errno : EIO;
    buf_reset(&s->buf);
    return s->error ? -1 : 0;
}

int site_stream_close(site_stream *s, nm_error *err)
{
    if (s->fd < 0) {
        buf_free(&s->buf);
        return -1;
    }
    site_stream_flush(s);
    if (!s->error && s->sync && fsync(s->fd) != 0)
        s->error = errno;
    if (close(s->fd) != 0 && !s->error)
        s->error = errno;
    s->fd = -1;
    buf_free(&s->buf);
    if (!s->error && rename(s->tmp, s->path) != 0)
        s->error = errno;
    if (s->error) {
        unlink(s->tmp);
        return nm_fail(err, s->path, 0, "cannot write: %s", strerror(s->error));
    }
    return 0;
}

bool site_file_matches(const char *path, size_t size, int64_t mtime_ns)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    return (size_t)st.st_size == size &&
           (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec == mtime_ns;
}

void site_remove_stale(const char *public_dir, const char *rel)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", public_dir, rel);
    if (unlink(path) != 0)
        return;
    /* remove directories the file leaves empty, up to public/ */
    size_t base = strlen(public_dir);
    char *slash;
    while ((slash = strrchr(path, '/')) && (size_t)(slash - path) > base) {
        *slash = 0;
        if (rmdir(path) != 0)
            break;
    }
}

static int sweep_entry(const char *path, const struct stat *st, int flag, struct FTW *f)
{
    (void)st;
    if (flag == FTW_F && fs_is_temp_name(path + f->base))
        unlink(path);
    return 0;
}

void site_sweep_temp(const char *public_dir)
{
    nftw(public_dir, sweep_entry, 32, FTW_PHYS);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *f)
{
    (void)st;
    (void)f;
    if (flag == FTW_DP)
        rmdir(path);
    else
        unlink(path);
    return 0;
}

int site_remove_tree(const char *dir, nm_error *err)
{
    if (!fs_exists(dir))
        return 0;
    nftw(dir, remove_entry, 32, FTW_DEPTH | FTW_PHYS);
    if (fs_exists(dir))
        return nm_fail(err, dir, 0, "cannot remove the old output: %s", strerror(errno));
    return 0;
}
