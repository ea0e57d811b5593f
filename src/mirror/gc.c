/*
 * gc.c — mirrored images that nothing names any more.
 *
 * A mirrored image is shared by every post that carries the same bytes,
 * so one can go only when no post names it. Rather than trust a count
 * kept somewhere (the store forgets posts deleted by hand, and pages under
 * source/ may name images too), the files under source/ are read and
 * every "images/HH/HASH.EXT" written in them marks that image used: the
 * site-root URL /images/…, a root-prefixed /blog/images/…, a relative
 * ../images/… all count. It errs on the side of keeping.
 *
 * The caller holds the fetch lock, so that no fetch writes an image and
 * then its post between the read and the delete.
 *
 * Not here: the lock (ingest), printing (cmd_images.c).
 */
#include "mirror.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define GC_MAX_FILE (256u << 20)   /* a text bigger than this is not read */
#define GC_MAX_DEPTH 32

typedef struct image {
    char *name;               /* "HH/HASH.EXT" */
    uint64_t bytes;
    bool used;
} image;

typedef struct images {
    image *v;
    size_t n, cap;
} images;

static int cmp_image(const void *a, const void *b)
{
    return strcmp(((const image *)a)->name, ((const image *)b)->name);
}

static image *find(images *im, const char *name)
{
    image key = {.name = (char *)name};
    return bsearch(&key, im->v, im->n, sizeof(*im->v), cmp_image);
}

/* "HH/HASH.EXT" at p (len bytes left) when it is one of ours: its length,
 * else 0. */
static size_t name_at(const char *p, size_t len)
{
    char url[64];
    size_t n = 0;
    while (n < len && n < 45 && p[n] != '"' && p[n] != '\'' && p[n] != ')' && p[n] != ' ' &&
           p[n] != '\n' && p[n] != '?' && p[n] != '#' && p[n] != '<')
        n++;
    for (size_t k = 45 < n ? 45 : n; k >= 36; k--) {
        snprintf(url, sizeof(url), "/images/%.*s", (int)k, p);
        if (mirror_is_local(url))
            return k;
    }
    return 0;
}

static void mark(images *im, const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    while ((p = memmem(p, (size_t)(end - p), "images/", 7))) {
        p += 7;
        size_t k = name_at(p, (size_t)(end - p));
        if (k) {
            char name[64];
            snprintf(name, sizeof(name), "%.*s", (int)k, p);
            image *i = find(im, name);
            if (i)
                i->used = true;
        }
    }
}

/* Every regular file under dir (but source/images itself) is read. */
static int scan(images *im, const char *dir, const char *skip, int depth, nm_error *err)
{
    if (depth > GC_MAX_DEPTH)
        return 0;
    DIR *d = opendir(dir);
    if (!d)
        return depth == 0 ? nm_fail(err, dir, 0, "cannot read the directory") : 0;
    struct dirent *de;
    int rc = 0;
    while (rc == 0 && (de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        char path[4096];
        if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= (int)sizeof(path))
            continue;
        if (!strcmp(path, skip))
            continue;
        struct stat st;
        if (lstat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            rc = scan(im, path, skip, depth + 1, err);
        } else if (S_ISREG(st.st_mode) && st.st_size > 0 && (uint64_t)st.st_size < GC_MAX_FILE) {
            nm_buf b;
            buf_init(&b, GC_MAX_FILE);
            nm_error rerr;
            if (fs_read_file(path, GC_MAX_FILE, &b, &rerr) == 0)
                mark(im, b.data ? b.data : "", b.len);
            buf_free(&b);
        }
    }
    closedir(d);
    return rc;
}

static void list_images(images *im, const char *root)
{
    DIR *d = opendir(root);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.' || strlen(de->d_name) != 2)
            continue;
        char sub[4400];
        snprintf(sub, sizeof(sub), "%.4200s/%.2s", root, de->d_name);
        DIR *s = opendir(sub);
        if (!s)
            continue;
        struct dirent *fe;
        while ((fe = readdir(s))) {
            char url[96], path[4800];
            snprintf(url, sizeof(url), "/images/%.2s/%.60s", de->d_name, fe->d_name);
            if (!mirror_is_local(url))
                continue;
            snprintf(path, sizeof(path), "%s/%s", sub, fe->d_name);
            struct stat st;
            if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
                continue;
            if (im->n == im->cap) {
                im->cap = im->cap ? im->cap * 2 : 256;
                im->v = xrealloc(im->v, im->cap * sizeof(*im->v));
            }
            im->v[im->n++] = (image){.name = xstrdup(url + 8), .bytes = (uint64_t)st.st_size};
        }
        closedir(s);
    }
    closedir(d);
}

int mirror_gc(const char *site, bool del, void (*each)(const char *path, uint64_t bytes, void *ctx),
              void *ctx, mirror_gc_summary *sum, nm_error *err)
{
    memset(sum, 0, sizeof(*sum));
    char source[4096], root[4200];
    snprintf(source, sizeof(source), "%s/source", site);
    snprintf(root, sizeof(root), "%s/images", source);
    sum->swept = mirror_sweep(site);
    images im = {0};
    list_images(&im, root);
    if (im.n > 1)
        qsort(im.v, im.n, sizeof(*im.v), cmp_image);
    sum->files = im.n;
    int rc = im.n ? scan(&im, source, root, 0, err) : 0;
    for (size_t i = 0; rc == 0 && i < im.n; i++) {
        if (im.v[i].used)
            continue;
        sum->unused++;
        sum->unused_bytes += im.v[i].bytes;
        char rel[128], path[4400];
        snprintf(rel, sizeof(rel), "source/images/%s", im.v[i].name);
        if (each)
            each(rel, im.v[i].bytes, ctx);
        if (del) {
            snprintf(path, sizeof(path), "%s/%s", site, rel);
            if (unlink(path) == 0) {
                sum->deleted++;
                /* the HH directory goes when it is empty (else this fails) */
                snprintf(path, sizeof(path), "%s/%.2s", root, im.v[i].name);
                rmdir(path);
            }
        }
    }
    for (size_t i = 0; i < im.n; i++)
        free(im.v[i].name);
    free(im.v);
    return rc;
}
