/*
 * search_bloom.c — the segments' Bloom filters of the build's search
 * index: kept per segment in .newsmill/search-bloom/, and search/f/ made
 * from them.
 *
 * The idea: the files of search/f/ hold, for each bucket of term and
 * 4-gram hashes, that bucket of every segment but the last (shards.c).
 * When a segment fills they are made again, from each older segment's
 * filters as its build left them in STATE/search-bloom/<its dep>.bin
 * (the filters, then their hash), without reading its posts. They are
 * read a bucket at a time through a small window of each file and the
 * files written a batch at a time: at 1,000,000 posts the filters of all
 * segments are 1.6 GB, and only the windows are in memory.
 *
 * Deliberately not here: when a segment is made or kept
 * (search_index.c), the files' bytes (src/search/shards.c).
 */
#include "site_int.h"

#include "search/search.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A segment's filters are kept in STATE/search-bloom/<its dep>.bin (with a
 * hash of them at the end), so that the files of search/f/, made from
 * every older segment's filters, can be made again when a segment fills
 * without reading its posts. */
static char *cache_path(const char *state_dir, uint64_t dep)
{
    char *p = xmalloc(strlen(state_dir) + 64);
    sprintf(p, "%s/search-bloom/%016llx.bin", state_dir, (unsigned long long)dep);
    return p;
}

int site_bloom_cache_put(const char *state_dir, uint64_t dep, const char *blob, size_t len)
{
    char *path = cache_path(state_dir, dep);
    char *data = xmalloc(len + 8);
    memcpy(data, blob, len);
    uint64_t h = hash64(blob, len, 0x626c6f6f6d000001ull);
    memcpy(data + len, &h, 8);
    int64_t mtime;
    nm_error e;
    int rc = site_write_file(path, data, len + 8, &mtime, &e);
    if (rc < 0)
        log_nm_error(&e); /* the next build makes the segment again */
    free(data);
    free(path);
    return rc;
}

/* True when the cached filters of the segment of this dep are there and
 * whole (read once to check their hash, not kept). */
bool site_bloom_cache_check(const char *state_dir, uint64_t dep)
{
    char *path = cache_path(state_dir, dep);
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    nm_error e;
    int rc = fs_exists(path) ? fs_read_file(path, SIZE_MAX / 2, &b, &e) : -1;
    free(path);
    uint64_t h;
    bool ok = rc == 0 && b.len >= 8 &&
              (memcpy(&h, b.data + b.len - 8, 8), h == hash64(b.data, b.len - 8, 0x626c6f6f6d000001ull));
    buf_free(&b);
    return ok;
}

/* One segment's filters, read a bucket at a time for search/f/: from
 * its cache file through a window, or from memory when the cache file
 * could not be written. At 1,000,000 posts the filters of all segments
 * are 1.6 GB: only a window of each is in memory. */
#define BLOB_WINDOW (64u << 10)

typedef struct blob_reader {
    const char *mem;   /* the filters in memory, or NULL: the file */
    char *path;        /* the cache file (malloc'd) */
    uint64_t len;      /* bytes of filters (the file less its hash) */
    uint64_t at;       /* the next bucket's place */
    char *win;         /* bytes [woff, woff + wlen) of the file (malloc'd) */
    uint64_t woff;
    size_t wlen, wcap;
} blob_reader;

/* Bytes [woff, woff + want) of the file into the window, fewer at its end. */
static int blob_fill(blob_reader *r, uint64_t from, size_t want)
{
    if (want > r->len - from)
        want = (size_t)(r->len - from);
    if (want > r->wcap) {
        r->wcap = want;
        r->win = xrealloc(r->win, r->wcap);
    }
    int fd = open(r->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t got = fs_pread_all(fd, r->win, want, from);
    close(fd);
    r->woff = from;
    r->wlen = got;
    return got == want ? 0 : -1;
}

/* The next bucket of r's filters in *part (valid until the next call).
 * -1 when the filters are cut short, damaged or cannot be read. */
static int blob_next(blob_reader *r, str_view *part)
{
    for (;;) {
        const char *p = r->mem ? r->mem + r->at : r->win + (r->at - r->woff);
        size_t n = r->mem ? (size_t)(r->len - r->at) : (size_t)(r->woff + r->wlen - r->at);
        size_t head, len;
        int rc = search_bloom_part(p, n, &head, &len);
        if (rc == 0) {
            *part = sv_make(p + head, len);
            r->at += head + len;
            return 0;
        }
        /* cut short: read on, unless this is already the end */
        if (rc < 0 || r->mem || r->woff + r->wlen >= r->len)
            return -1;
        size_t want = head + len > BLOB_WINDOW ? head + len : BLOB_WINDOW;
        if (blob_fill(r, r->at, want) < 0)
            return -1;
    }
}

/* Writes the files of search/f/ for the closed segments' filters (each
 * segment's from its cache file, or mem[k] when it has one) and appends
 * their entries to out; *desc their line of index.json (in m's arena).
 * Files are made and written a batch of buckets at a time. */
int site_bloom_write_files(site_model *m, pool *p, const char *state_dir, const uint64_t *sdeps,
                           char *const *mem, const size_t *mem_lens, size_t nclosed, uint32_t nb,
                           uint64_t dep, const manifest *old, const char *public_dir,
                           site_search_out *out, size_t *cap, const char **desc, nm_error *err)
{
    blob_reader *r = xcalloc(nclosed + 1, sizeof *r);
    int rc = 0;
    for (size_t k = 0; k < nclosed && rc == 0; k++) {
        r[k].mem = mem[k];
        r[k].len = mem_lens[k];
        if (mem[k])
            continue;
        r[k].path = cache_path(state_dir, sdeps[k]);
        struct stat st;
        if (stat(r[k].path, &st) != 0)
            rc = nm_fail(err, r[k].path, 0, "search filters: cannot read: %s", strerror(errno));
        else if (st.st_size < 8)
            rc = nm_fail(err, r[k].path, 0,
                         "search filters: cut short; build again with --clean");
        else
            r[k].len = (uint64_t)st.st_size - 8;
    }
    str_view *parts = xcalloc(nclosed + 1, sizeof *parts);
    const char **fnames = xcalloc((size_t)nb + 1, sizeof *fnames);
    arena *names = arena_new(64u << 10), *batch_arena = arena_new(1u << 20);
    /* the files already in a batch, by name (two buckets alike are one file) */
    size_t tcap = 64;
    while (tcap < 2 * (size_t)nb)
        tcap *= 2;
    uint32_t *table = xcalloc(tcap, sizeof *table); /* bucket + 1 */
    search_static_files batch = {0};
    size_t batch_bytes = 0;
    for (uint32_t b = 0; b < nb && rc == 0; b++) {
        for (size_t k = 0; k < nclosed && rc == 0; k++)
            if (blob_next(&r[k], &parts[k]) < 0)
                rc = nm_fail(err, r[k].path ? r[k].path : state_dir, 0,
                             "search filters: damaged or cut short; build again with --clean");
        if (rc < 0)
            break;
        search_static_file f;
        search_static_bloom_file(batch_arena, parts, nclosed, &f);
        fnames[b] = arena_strdup(names, f.name);
        size_t t = (size_t)hash64(f.name, strlen(f.name), 0) & (tcap - 1);
        while (table[t] && strcmp(fnames[table[t] - 1], f.name))
            t = (t + 1) & (tcap - 1);
        if (!table[t]) {
            table[t] = b + 1;
            if (batch.n == batch.cap) {
                batch.cap = batch.cap ? batch.cap * 2 : 256;
                batch.v = xrealloc(batch.v, batch.cap * sizeof *batch.v);
            }
            batch.v[batch.n++] = f;
            batch_bytes += f.len;
        }
        if (batch_bytes >= (16u << 20) || b + 1 == nb) {
            rc = site_search_write_files(p, m->a, &batch, dep, old, public_dir, out, cap, err);
            batch.n = 0;
            batch_bytes = 0;
            arena_reset(batch_arena);
        }
    }
    if (rc == 0) {
        search_static_files groups;
        search_static_bloom_groups(batch_arena, fnames, nb, nclosed, &groups, desc);
        *desc = arena_strdup(m->a, *desc);
        rc = site_search_write_files(p, m->a, &groups, dep, old, public_dir, out, cap, err);
        free(groups.v);
    }
    free(batch.v);
    free(table);
    arena_free(batch_arena);
    arena_free(names);
    free(fnames);
    free(parts);
    for (size_t k = 0; k < nclosed; k++) {
        free(r[k].path);
        free(r[k].win);
    }
    free(r);
    return rc;
}

/* Removes cached filters of segments this build does not have. */
void site_bloom_cache_sweep(const char *state_dir, const uint64_t *deps, size_t n)
{
    char *dir = xmalloc(strlen(state_dir) + 16);
    sprintf(dir, "%s/search-bloom", state_dir);
    DIR *d = opendir(dir);
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        bool used = false;
        char name[64];
        for (size_t k = 0; k < n && !used; k++) {
            snprintf(name, sizeof name, "%016llx.bin", (unsigned long long)deps[k]);
            used = !strcmp(name, de->d_name);
        }
        if (!used) {
            char *p = xmalloc(strlen(dir) + strlen(de->d_name) + 2);
            sprintf(p, "%s/%s", dir, de->d_name);
            unlink(p);
            free(p);
        }
    }
    if (d)
        closedir(d);
    free(dir);
}
