/*
 * mirror.c — an accepted image's name and its file: the limits checked,
 * the SHA-256 taken, the bytes written once, whole and durable.
 *
 * SHA-256 comes from libnettle (Debian's libnettle8, which GnuTLS uses),
 * loaded with dlopen the first time an image is stored, as libcurl is:
 * only `fetch` with images: mirror needs it, and no other command should
 * map it at start-up.
 *
 * A name is the content, so a file of that name already on disk holds the
 * same bytes: it is not written again. New ones are written as export.c
 * writes posts: each to a temp file beside its name (mirror_stage), then
 * one syncfs() for all of them, then the renames (mirror_commit). A file
 * gets its name only once its bytes are durable, so a name on disk can be
 * trusted after a power loss too; the caller writes the posts naming them
 * after the commit, and the posts' own sync makes the renames durable
 * before the posts are renamed. One sync per run instead of two fsyncs
 * per image.
 *
 * Not here: fetching (ingest's images.c), the HTML (rewrite.c).
 */
#include "mirror.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void mirror_limits_default(mirror_limits *l)
{
    l->max_bytes = 10u << 20;
    l->max_post_bytes = 30u << 20;
    l->max_pixels = 40000000;
}

int mirror_check(const char *url, const void *bytes, size_t n, const mirror_limits *l,
                 mirror_info *out, nm_error *err)
{
    const char *why = NULL;
    if (l->max_bytes && n > l->max_bytes)
        return nm_fail(err, url, 0, "refused: %zu bytes is more than the %zu of "
                       "newsmill.images_max_bytes", n, l->max_bytes);
    if (mirror_sniff(bytes, n, out, &why))
        return nm_fail(err, url, 0, "refused: %s", why);
    uint64_t px = (uint64_t)out->width * out->height;
    if (l->max_pixels && px > l->max_pixels)
        return nm_fail(err, url, 0,
                       "refused: %u x %u pixels (%.1f Mpx) is more than the %.1f Mpx of "
                       "newsmill.images_max_pixels (a decompression bomb?)",
                       out->width, out->height, (double)px / 1e6, (double)l->max_pixels / 1e6);
    return 0;
}

/* ---- SHA-256 from libnettle ------------------------------------------------ */

static struct {
    void (*init)(struct sha256_ctx *ctx);
    void (*update)(struct sha256_ctx *ctx, size_t length, const uint8_t *data);
    void (*digest)(struct sha256_ctx *ctx, size_t length, uint8_t *digest);
} nettle;

static const char *const nettle_names[] = {"nettle_sha256_init", "nettle_sha256_update",
                                           "nettle_sha256_digest", NULL};
static void **const nettle_slots[] = {(void **)&nettle.init, (void **)&nettle.update,
                                      (void **)&nettle.digest, NULL};
static const char *const nettle_libs[] = {"libnettle.so.8", "libnettle.so", NULL};
static dl_lib nettle_lib = {.what = "libnettle", .package = "libnettle8", .libs = nettle_libs,
                            .names = nettle_names, .slots = nettle_slots,
                            .mu = PTHREAD_MUTEX_INITIALIZER};

int mirror_sha256_hex(const void *bytes, size_t n, char out[65], nm_error *err)
{
    if (dl_load(&nettle_lib, err))
        return -1;
    struct sha256_ctx ctx;
    uint8_t d[SHA256_DIGEST_SIZE];
    nettle.init(&ctx);
    nettle.update(&ctx, n, bytes);
    nettle.digest(&ctx, sizeof(d), d);
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < sizeof(d); i++) {
        out[2 * i] = hex[d[i] >> 4];
        out[2 * i + 1] = hex[d[i] & 15];
    }
    out[64] = '\0';
    return 0;
}

const char *mirror_url_of(arena *a, const void *bytes, size_t n, mirror_type t, nm_error *err)
{
    char hex[65];
    if (t == MIRROR_NONE)
        return nm_fail(err, NULL, 0, "not an image"), NULL;
    if (mirror_sha256_hex(bytes, n, hex, err))
        return NULL;
    return arena_printf(a, "/images/%.2s/%.32s.%s", hex, hex, mirror_ext(t));
}

bool mirror_is_local(const char *url)
{
    if (strncmp(url, "/images/", 8) != 0)
        return false;
    const char *p = url + 8;
    for (int i = 0; i < 2; i++)
        if (!nm_is_xdigit(p[i]) || nm_is_upper(p[i]))
            return false;
    if (p[2] != '/')
        return false;
    p += 3;
    for (int i = 0; i < 32; i++)
        if (!nm_is_xdigit(p[i]) || nm_is_upper(p[i]))
            return false;
    if (memcmp(p, url + 8, 2) != 0 || p[32] != '.')
        return false;
    p += 33;
    for (int t = MIRROR_JPEG; t <= MIRROR_AVIF; t++)
        if (!strcmp(p, mirror_ext((mirror_type)t)))
            return true;
    return false;
}

int mirror_stage(const char *site, const char *url, const void *bytes, size_t n, char **tmp,
                 nm_error *err)
{
    *tmp = NULL;
    if (!mirror_is_local(url))
        return nm_fail(err, url, 0, "not a mirrored image's name");
    char path[4096], dir[4096], name[4400];
    snprintf(path, sizeof(path), "%s/source%s", site, url);
    if (fs_exists(path))
        return 0; /* the name is the content, and it was synced before it got it */
    if (fs_temp_path(path, name, sizeof(name)))
        return nm_fail(err, path, 0, "path too long");
    int fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 && errno == ENOENT) { /* the first image of its HH directory */
        snprintf(dir, sizeof(dir), "%s/source/images/%.2s", site, url + 8);
        if (fs_mkdirs(dir, err))
            return -1;
        fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    }
    if (fd < 0 || fs_write_all(fd, bytes, n) || close(fd)) {
        int e = errno;
        if (fd >= 0)
            unlink(name);
        return nm_fail(err, path, 0, "cannot write: %s", strerror(e));
    }
    *tmp = xstrdup(name);
    return 0;
}

int mirror_commit(const char *site, char **tmps, const char *const *urls, size_t n,
                  nm_error *err)
{
    int rc = 0;
    if (n) {
        char root[4096];
        snprintf(root, sizeof(root), "%s/source/images", site);
        int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0 || syncfs(fd) != 0)
            rc = nm_fail(err, root, 0, "cannot sync: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
    }
    for (size_t i = 0; i < n; i++) {
        if (!tmps[i])
            continue;
        char path[4096];
        snprintf(path, sizeof(path), "%s/source%s", site, urls[i]);
        if (rc == 0 && rename(tmps[i], path) != 0)
            rc = nm_fail(err, path, 0, "cannot rename into place: %s", strerror(errno));
        if (rc)
            unlink(tmps[i]);
        free(tmps[i]);
        tmps[i] = NULL;
    }
    return rc;
}

int mirror_store(const char *site, const char *url, const void *bytes, size_t n, bool *written,
                 nm_error *err)
{
    char *tmp;
    *written = false;
    if (mirror_stage(site, url, bytes, n, &tmp, err))
        return -1;
    if (!tmp)
        return 0;
    if (mirror_commit(site, &tmp, &url, 1, err))
        return -1;
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/source/images/%.2s", site, url + 8);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    *written = true;
    return 0;
}

size_t mirror_sweep(const char *site)
{
    char root[4096];
    snprintf(root, sizeof(root), "%s/source/images", site);
    DIR *d = opendir(root);
    if (!d)
        return 0;
    size_t swept = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char sub[4400];
        snprintf(sub, sizeof(sub), "%s/%s", root, de->d_name);
        DIR *s = opendir(sub);
        if (!s)
            continue;
        struct dirent *fe;
        while ((fe = readdir(s))) {
            if (!fs_is_temp_name(fe->d_name))
                continue;
            char path[4700];
            snprintf(path, sizeof(path), "%s/%s", sub, fe->d_name);
            if (unlink(path) == 0)
                swept++;
        }
        closedir(s);
    }
    closedir(d);
    return swept;
}
