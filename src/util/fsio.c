/*
 * fsio.c — reading files whole and writing them atomically.
 *
 * The data-safety rule of newsmill is that a reader sees either the old
 * bytes of a file or the new ones, never a mix, whatever moment the process
 * is killed at. Every write goes to a temporary file in the same directory
 * (same filesystem, so rename is atomic), is fsync'ed, then renamed over the
 * target. Temporary names follow one pattern (fs_is_temp_name) so that a
 * later run can sweep what a killed run left behind.
 */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TEMP_MARK ".nmtmp-"

bool fs_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

bool fs_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int fs_mkdirs(const char *dir, nm_error *err)
{
    char path[4096];
    size_t n = strlen(dir);
    if (n == 0)
        return 0;
    if (n >= sizeof(path))
        return nm_fail(err, dir, 0, "path too long");
    memcpy(path, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0')
            continue;
        char saved = path[i];
        path[i] = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return nm_fail(err, path, 0, "cannot create directory: %s", strerror(errno));
        if (errno == EEXIST && !fs_is_dir(path))
            return nm_fail(err, path, 0, "exists and is not a directory");
        errno = 0;
        path[i] = saved;
    }
    return 0;
}

bool fs_is_temp_name(const char *name)
{
    return name[0] == '.' && strstr(name, TEMP_MARK) != NULL;
}

int fs_write_all(int fd, const void *data, size_t n)
{
    const char *p = data;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

size_t fs_pread_all(int fd, void *buf, size_t n, uint64_t off)
{
    char *p = buf;
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(fd, p + got, n - got, (off_t)(off + got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    return got;
}

int fs_temp_path(const char *path, char *out, size_t cap)
{
    static atomic_ulong counter;
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    int dlen = slash ? (int)(slash - path + 1) : 0; /* with the '/' */
    int n = snprintf(out, cap, "%.*s.%s" TEMP_MARK "%ld-%lu", dlen, path, base, (long)getpid(),
                     (unsigned long)atomic_fetch_add(&counter, 1));
    return n < 0 || (size_t)n >= cap ? -1 : 0;
}

int fs_write_buf(const char *path, const nm_buf *b, nm_error *err)
{
    if (buf_check(b, path, err) != 0)
        return -1;
    return fs_write_atomic(path, b->data ? b->data : "", b->len, err);
}

int fs_write_atomic(const char *path, const void *data, size_t len, nm_error *err)
{
    char dir[4096], tmp[4200];
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t dlen = slash ? (size_t)(slash - path) : 0;
    if (dlen >= sizeof(dir) || strlen(path) >= sizeof(dir))
        return nm_fail(err, path, 0, "path too long");
    if (*base == '\0')
        return nm_fail(err, path, 0, "not a file name");
    memcpy(dir, path, dlen);
    dir[dlen] = '\0';
    if (dlen && fs_mkdirs(dir, err) != 0)
        return -1;
    if (fs_temp_path(path, tmp, sizeof(tmp)))
        return nm_fail(err, path, 0, "path too long");
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return nm_fail(err, path, 0, "cannot write: %s", strerror(errno));
    if (fs_write_all(fd, data, len) != 0 || fsync(fd) != 0) {
        int e = errno;
        close(fd);
        unlink(tmp);
        return nm_fail(err, path, 0, "cannot write: %s", strerror(e));
    }
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return nm_fail(err, path, 0, "cannot write: %s", strerror(e));
    }
    return 0;
}

int fs_read_file(const char *path, size_t max, nm_buf *out, nm_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return nm_fail(err, path, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return nm_fail(err, path, 0, "cannot read: %s", strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return nm_fail(err, path, 0, "is a directory, not a file");
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return nm_fail(err, path, 0, "not a regular file");
    }
    if ((uint64_t)st.st_size > max) {
        close(fd);
        return nm_fail(err, path, 0, "file too large (%lld bytes, limit %zu)",
                       (long long)st.st_size, max);
    }
    size_t start = out->len;
    /* read straight into the buffer, sized from fstat (a small stack
     * buffer takes what does not fit, and the final 0) */
    if (st.st_size > 0 && buf_reserve(out, (size_t)st.st_size) != 0) {
        close(fd);
        return nm_fail(err, path, 0, "file too large (limit %zu bytes)", out->max);
    }
    char chunk[4096];
    for (;;) {
        size_t room = out->cap > out->len + 1 ? out->cap - out->len - 1 : 0;
        bool direct = room >= sizeof(chunk);
        ssize_t r = read(fd, direct ? out->data + out->len : chunk, direct ? room : sizeof(chunk));
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            close(fd);
            out->len = start;
            return nm_fail(err, path, 0, "cannot read: %s", strerror(e));
        }
        if (r == 0)
            break;
        if (out->len - start + (size_t)r > max) {
            close(fd);
            out->len = start;
            if (out->data)
                out->data[start] = '\0';
            return nm_fail(err, path, 0, "file too large (limit %zu bytes)", max);
        }
        if (direct) {
            out->len += (size_t)r;
            out->data[out->len] = '\0';
        } else if (buf_append(out, chunk, (size_t)r) != 0) { /* out's own cap: out is poisoned */
            close(fd);
            return nm_fail(err, path, 0, "file too large (limit %zu bytes)", out->max);
        }
    }
    close(fd);
    if (out->len == start)
        buf_append(out, "", 0); /* a valid C string even when empty */
    return 0;
}
