/*
 * manifest.c — what the last build wrote, so the next one writes only
 * what changed and deletes what is gone.
 *
 * The idea: for every file of public/ the manifest keeps the xxHash64 of
 * its bytes, its size and its mtime as the build left it. A rebuild
 * renders every output (cheap), and writes a file only when its bytes
 * differ from the manifest's, or when the file on disk is not the one the
 * manifest knows (size or mtime changed, file missing). Outputs in the
 * old manifest but not in the new site are deleted. The manifest itself
 * is written atomically at the end; a build killed before that leaves the
 * old manifest, whose mtimes no longer match the files the killed build
 * rewrote, so the next build rewrites those: it repairs everything
 * without trusting a half-finished run.
 *
 * The file (.newsmill/build-manifest) is text, one file a line, sorted:
 *   <16 hex hash> <size> <mtime ns> <path under public/>
 *
 * Deliberately not here: files in public/ that no build of ours wrote
 * (never touched, never deleted).
 */
#include "site_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t key_of(const char *path)
{
    return hash64(path, strlen(path), 0x6d616e6966657374ull);
}

static void table_put(manifest *m, manifest_entry *e)
{
    size_t k = key_of(e->path) & (m->cap - 1);
    while (m->slots[k])
        k = (k + 1) & (m->cap - 1);
    m->slots[k] = e;
}

static void table_init(manifest *m, size_t n)
{
    m->cap = 64;
    while (m->cap < 2 * n + 2)
        m->cap *= 2;
    m->slots = xcalloc(m->cap, sizeof *m->slots);
    for (size_t i = 0; i < m->n; i++)
        table_put(m, &m->v[i]);
}

int manifest_load(manifest *m, const char *path, nm_error *err)
{
    memset(m, 0, sizeof *m);
    m->a = arena_new(1u << 20);
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    if (fs_exists(path) && fs_read_file(path, SIZE_MAX / 2, &b, err) < 0) {
        buf_free(&b);
        return -1;
    }
    size_t lines = 0;
    for (size_t i = 0; i < b.len; i++)
        lines += b.data[i] == '\n';
    m->v = arena_new_array(m->a, manifest_entry, lines + 1);
    str_view rest = sv_make(b.data ? b.data : "", b.len);
    while (rest.len) {
        str_view l = sv_next_line(&rest);
        char *line = sv_dup(m->a, l);
        manifest_entry e = {0};
        int off = 0;
        if (sscanf(line, "%16" SCNx64 " %zu %" SCNd64 " %n", &e.hash, &e.size, &e.mtime_ns,
                   &off) != 3 || !line[off])
            continue; /* a damaged line: that file will simply be rewritten */
        e.path = line + off;
        m->v[m->n++] = e;
    }
    buf_free(&b);
    table_init(m, m->n);
    return 0;
}

const manifest_entry *manifest_find(const manifest *m, const char *path)
{
    if (!m->cap)
        return NULL;
    size_t k = key_of(path) & (m->cap - 1);
    while (m->slots[k]) {
        if (!strcmp(m->slots[k]->path, path))
            return m->slots[k];
        k = (k + 1) & (m->cap - 1);
    }
    return NULL;
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const manifest_entry *)a)->path, ((const manifest_entry *)b)->path);
}

int manifest_save(const char *path, manifest_entry *v, size_t n, nm_error *err)
{
    if (n > 1)
        qsort(v, n, sizeof *v, cmp_entry);
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "%016" PRIx64 " %zu %" PRId64 " %s\n", v[i].hash, v[i].size, v[i].mtime_ns,
                   v[i].path);
    int rc = fs_write_buf(path, &b, err);
    buf_free(&b);
    return rc;
}

void manifest_free(manifest *m)
{
    free(m->slots);
    arena_free(m->a);
    memset(m, 0, sizeof *m);
}
