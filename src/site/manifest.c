/*
 * manifest.c — what the last build wrote, so the next one writes only
 * what changed and deletes what is gone.
 *
 * The idea: for every file of public/ the manifest keeps the xxHash64 of
 * its bytes, its size and its mtime as the build left it, and the hash of
 * what it was made from (deps.c). A rebuild renders only outputs whose
 * inputs' hash changed, and writes a file only when its bytes differ
 * from the manifest's, or when the file on disk is not the one the
 * manifest knows (size or mtime changed, file missing): then the output
 * is rendered again whatever its inputs. Outputs in the
 * old manifest but not in the new site are deleted. The manifest itself
 * is written atomically at the end; a build killed before that leaves the
 * old manifest, whose mtimes no longer match the files the killed build
 * rewrote, so the next build rewrites those: it repairs everything
 * without trusting a half-finished run.
 *
 * The file (.newsmill/build-manifest) is text: a first line
 * "newsmill-manifest 2", then one file a line, sorted:
 *   <16 hex hash> <size> <mtime ns> <16 hex inputs' hash> <path under public/>
 * A file without that first line (an older newsmill's) is ignored: every
 * output is rendered and written once. In memory the numbers are parsed
 * out and the paths packed back to back in the file's own buffer, cut to
 * size (about 100 bytes a file with the index table); saving streams the
 * lines through site_stream, formatted by hand.
 *
 * Deliberately not here: files in public/ that no build of ours wrote
 * (never touched, never deleted).
 */
#include "site_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER "newsmill-manifest 2"

static uint64_t key_of(const char *path)
{
    return hash64(path, strlen(path), 0x6d616e6966657374ull);
}

/* The path table; a path on two lines (an older build could write a
 * search file twice) is kept once, its last line, so that the stale
 * sweep does not delete the file this build keeps. */
static void table_init(manifest *m)
{
    m->cap = 64;
    while (m->cap < 2 * m->n + 2)
        m->cap *= 2;
    m->slots = xcalloc(m->cap, sizeof *m->slots);
    size_t n = 0;
    for (size_t i = 0; i < m->n; i++) {
        size_t k = key_of(m->v[i].path) & (m->cap - 1);
        bool dup = false;
        while (m->slots[k] && !(dup = !strcmp(m->v[m->slots[k] - 1].path, m->v[i].path)))
            k = (k + 1) & (m->cap - 1);
        if (dup) {
            m->v[m->slots[k] - 1] = m->v[i];
            continue;
        }
        m->v[n] = m->v[i];
        m->slots[k] = (uint32_t)++n;
    }
    m->n = n;
}

/* A field and the one space after it. */
static bool field_hex(char **p, uint64_t *out)
{
    uint64_t v = 0;
    int n = 0;
    for (char *s = *p;; s++, n++) {
        int d = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 : -1;
        if (d < 0) {
            if (*s != ' ' || n != 16)
                return false;
            *p = s + 1;
            *out = v;
            return true;
        }
        v = v << 4 | (uint64_t)d;
    }
}

static bool field_dec(char **p, uint64_t *out)
{
    uint64_t v = 0;
    int n = 0;
    for (char *s = *p;; s++, n++) {
        if (*s < '0' || *s > '9') {
            if (*s != ' ' || n == 0 || n > 19)
                return false;
            *p = s + 1;
            *out = v;
            return true;
        }
        v = v * 10 + (uint64_t)(*s - '0');
    }
}

int manifest_load(manifest *m, const char *path, nm_error *err)
{
    memset(m, 0, sizeof *m);
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    if (fs_exists(path) && fs_read_file(path, SIZE_MAX / 2, &b, err) < 0) {
        buf_free(&b);
        return -1;
    }
    size_t lines = 0;
    for (size_t i = 0; i < b.len; i++)
        lines += b.data[i] == '\n';
    if (lines >= UINT32_MAX)
        lines = 0; /* not a manifest of ours: every output is made again */
    m->v = xcalloc(lines + 1, sizeof *m->v);
    char *text = b.data ? b.data : "";
    size_t at = 0, len = b.len, put = 0;
    char *first = memchr(text, '\n', len);
    if (!first || len < sizeof HEADER - 1 || memcmp(text, HEADER, sizeof HEADER - 1))
        len = 0;
    else
        at = (size_t)(first + 1 - text);
    /* the paths are moved down to the start of the buffer as the lines
     * are read (a path never starts before where it lands), then the
     * buffer is cut to what they need */
    while (at < len) {
        char *line = text + at, *nl = memchr(line, '\n', len - at);
        size_t ll = nl ? (size_t)(nl - line) : len - at;
        at += ll + (nl != NULL);
        line[ll] = 0;
        manifest_entry e = {0};
        char *p = line;
        uint64_t size, mtime;
        /* by hand: sscanf costs more than the rest of a no-op build */
        if (!field_hex(&p, &e.hash) || !field_dec(&p, &size) || !field_dec(&p, &mtime) ||
            !field_hex(&p, &e.dep) || !*p)
            continue; /* a damaged line: that file will simply be rewritten */
        e.size = (size_t)size;
        e.mtime_ns = (int64_t)mtime;
        size_t pl = strlen(p);
        memmove(text + put, p, pl + 1);
        e.path = (const char *)(uintptr_t)put; /* an offset until the buffer is cut */
        put += pl + 1;
        m->v[m->n++] = e;
    }
    m->paths = buf_detach(&b, &len);
    if (m->paths)
        m->paths = xrealloc(m->paths, put ? put : 1);
    for (size_t i = 0; i < m->n; i++)
        m->v[i].path = m->paths + (uintptr_t)m->v[i].path;
    table_init(m);
    return 0;
}

const manifest_entry *manifest_find(const manifest *m, const char *path)
{
    if (!m->cap)
        return NULL;
    size_t k = key_of(path) & (m->cap - 1);
    for (; m->slots[k]; k = (k + 1) & (m->cap - 1)) {
        const manifest_entry *e = &m->v[m->slots[k] - 1];
        if (!strcmp(e->path, path))
            return e;
    }
    return NULL;
}

const manifest_entry *manifest_find_near(const manifest *m, const char *path, size_t *hint)
{
    const manifest_entry *e =
        *hint < m->n && m->v[*hint].path == path ? &m->v[*hint] : manifest_find(m, path);
    if (e)
        *hint = (size_t)(e - m->v) + 1;
    return e;
}

static int cmp_entry_ptr(const void *a, const void *b)
{
    return strcmp((*(const manifest_entry *const *)a)->path,
                  (*(const manifest_entry *const *)b)->path);
}

/* 16 hex digits and a space. */
static char *put_hex(char *o, uint64_t v)
{
    static const char hex[] = "0123456789abcdef";
    for (int k = 15; k >= 0; k--, v >>= 4)
        o[k] = hex[v & 15];
    o[16] = ' ';
    return o + 17;
}

/* Decimal digits and a space. */
static char *put_dec(char *o, uint64_t v)
{
    char t[24];
    int n = 0;
    do
        t[n++] = (char)('0' + v % 10);
    while (v /= 10);
    while (n)
        *o++ = t[--n];
    *o++ = ' ';
    return o;
}

/* v in path order: NULL when it is already (the index's entries kept
 * from the last manifest come in its order), else pointers to its
 * entries, sorted (malloc'd). Pointers, not the entries: at 1,000,000
 * posts qsort's copy of 1.7 million 40-byte entries was 68 MB more at
 * the build's peak. */
static const manifest_entry **sorted(const manifest_entry *v, size_t n)
{
    size_t i = 1;
    while (i < n && strcmp(v[i - 1].path, v[i].path) < 0)
        i++;
    if (i >= n)
        return NULL;
    const manifest_entry **o = xmalloc(n * sizeof *o);
    for (i = 0; i < n; i++)
        o[i] = &v[i];
    qsort(o, n, sizeof *o, cmp_entry_ptr);
    return o;
}

static void put_line(site_stream *st, const manifest_entry *e)
{
    /* by hand: printf cost more than the rest of a no-op build */
    char line[4 * 24], *o = line;
    o = put_hex(o, e->hash);
    o = put_dec(o, e->size);
    if (e->mtime_ns < 0)
        *o++ = '-'; /* never loaded back: that file is rewritten */
    o = put_dec(o, e->mtime_ns < 0 ? -(uint64_t)e->mtime_ns : (uint64_t)e->mtime_ns);
    o = put_hex(o, e->dep);
    buf_append(&st->buf, line, (size_t)(o - line));
    buf_puts(&st->buf, e->path);
    buf_putc(&st->buf, '\n');
    site_stream_spill(st);
}

int manifest_save(const char *path, const manifest_entry *v, size_t n, const manifest_entry *w,
                  size_t nw, nm_error *err)
{
    const manifest_entry **sv = sorted(v, n), **sw = sorted(w, nw);
    site_stream st;
    if (site_stream_open(&st, path, true, err) < 0) {
        free(sv);
        free(sw);
        return site_stream_close(&st, err);
    }
    buf_puts(&st.buf, HEADER "\n");
    size_t i = 0, k = 0;
    while (i < n || k < nw) {
        const manifest_entry *a = i < n ? (sv ? sv[i] : &v[i]) : NULL;
        const manifest_entry *b = k < nw ? (sw ? sw[k] : &w[k]) : NULL;
        bool first = !b || (a && strcmp(a->path, b->path) < 0);
        put_line(&st, first ? a : b);
        i += first;
        k += !first;
    }
    free(sv);
    free(sw);
    return site_stream_close(&st, err);
}

void manifest_free(manifest *m)
{
    free(m->slots);
    free(m->v);
    free(m->paths);
    memset(m, 0, sizeof *m);
}
