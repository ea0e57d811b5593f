/*
 * postcache.c — what every post's front matter said, so that a rebuild
 * reads only the post files that changed.
 *
 * The idea: a list page needs a post's title, dates, categories, tags,
 * summary, lead image and excerpt, never its body; a build of 100,000
 * posts that parsed every file again would read 540 MB to find that
 * nothing changed. So the build keeps those fields of every post in
 * .newsmill/post-cache with the file's size, mtime, ctime and inode, and
 * takes a post from the cache when all four match. A file written in the
 * second before it was read (its mtime could be reused by a second write
 * in the same clock tick) is recorded with a zero stat, so it is read
 * again next time. The cache's key is a hash of everything else a post's
 * metadata depends on (the config's bytes, this program): another key,
 * and the cache is ignored.
 *
 * The file is binary, native byte order (it never leaves the machine):
 *   "NMPCACHE" u64 key u64 count, then per post u32 length and
 *   i64 size, mtime_ns, ctime_ns, u64 ino, hash, i64 date, updated,
 *   strings rel, title, permalink, headimg, thumbnail, author, summary,
 *   more_html, u32 ntags + strings, u32 nhier + per hierarchy u32 n +
 *   strings; a string is u32 length (0xffffffff: NULL) + bytes + NUL.
 * Loaded with one read; the model's strings point into the buffer, and a
 * table of record offsets by rel (8 bytes a slot) finds a post's record.
 * Written as a stream (site_stream: never whole in memory) with a rename
 * but no fsync: it is derived, and a damaged one is ignored.
 *
 * Deliberately not here: deciding what to read (posts.c).
 */
#include "site_int.h"

#include <stdlib.h>
#include <string.h>

#define MAGIC "NMPCACHE"
#define NULL_LEN 0xffffffffu

struct post_cache {
    nm_buf data;
    size_t n;                /* records */
    uint64_t *slots;         /* offset of a record's start (after its
                                length) + 1 by hash of its rel; 0: empty */
    size_t cap;
};

/* A record's rel: after its seven u64 and rel's u32 length. */
#define REL_AT (7 * 8 + 4)

typedef struct reader {
    const char *p, *end;
    bool bad;
} reader;

static uint64_t rd_u64(reader *r)
{
    uint64_t v = 0;
    if ((size_t)(r->end - r->p) < 8) {
        r->bad = true;
        return 0;
    }
    memcpy(&v, r->p, 8);
    r->p += 8;
    return v;
}

static uint32_t rd_u32(reader *r)
{
    uint32_t v = 0;
    if ((size_t)(r->end - r->p) < 4) {
        r->bad = true;
        return 0;
    }
    memcpy(&v, r->p, 4);
    r->p += 4;
    return v;
}

static const char *rd_str(reader *r, size_t *len)
{
    uint32_t n = rd_u32(r);
    if (r->bad || n == NULL_LEN) {
        *len = 0;
        return NULL;
    }
    if ((size_t)(r->end - r->p) < (size_t)n + 1 || r->p[n] != 0) {
        r->bad = true;
        *len = 0;
        return NULL;
    }
    const char *s = r->p;
    r->p += n + 1;
    *len = n;
    return s;
}

static uint64_t rel_key(const char *rel) { return hash64(rel, strlen(rel), 0x706f7374ull); }

post_cache *post_cache_load(const char *path, uint64_t key)
{
    post_cache *c = xcalloc(1, sizeof *c);
    buf_init(&c->data, NM_BUF_NOLIMIT);
    nm_error err;
    if (!fs_exists(path) || fs_read_file(path, (size_t)1 << 36, &c->data, &err) < 0)
        return c;
    reader r = {c->data.data, c->data.data + c->data.len, false};
    if (c->data.len < 24 || memcmp(r.p, MAGIC, 8))
        return c;
    r.p += 8;
    if (rd_u64(&r) != key)
        return c;
    uint64_t n = rd_u64(&r);
    if (n > c->data.len / 8)
        return c;
    c->cap = 64;
    while (c->cap < 2 * n + 2)
        c->cap *= 2;
    c->slots = xcalloc(c->cap, sizeof *c->slots);
    for (uint64_t i = 0; i < n && !r.bad; i++) {
        uint32_t len = rd_u32(&r);
        if (r.bad || (size_t)(r.end - r.p) < len)
            break;
        reader rec = {r.p, r.p + len, false};
        rec.p += 7 * 8;
        size_t rl;
        const char *rel = rd_str(&rec, &rl);
        if (rec.bad || !rel)
            break;
        size_t k = rel_key(rel) & (c->cap - 1);
        while (c->slots[k])
            k = (k + 1) & (c->cap - 1);
        c->slots[k] = (uint64_t)(r.p - c->data.data) + 1;
        c->n++;
        r.p += len;
    }
    return c;
}

bool post_cache_get(const post_cache *c, const char *rel, const post_stat *st, arena *a,
                    site_post *sp)
{
    if (!c || !c->cap || !st->ino)
        return false;
    size_t k = rel_key(rel) & (c->cap - 1);
    const char *rec = NULL;
    for (; c->slots[k]; k = (k + 1) & (c->cap - 1)) {
        rec = c->data.data + c->slots[k] - 1;
        if (!strcmp(rec + REL_AT, rel))
            break;
    }
    if (!c->slots[k])
        return false;
    uint32_t rec_len;
    memcpy(&rec_len, rec - 4, 4);
    reader r = {rec, rec + rec_len, false};
    post_stat s;
    s.size = (int64_t)rd_u64(&r);
    s.mtime_ns = (int64_t)rd_u64(&r);
    s.ctime_ns = (int64_t)rd_u64(&r);
    s.ino = rd_u64(&r);
    if (s.size != st->size || s.mtime_ns != st->mtime_ns || s.ctime_ns != st->ctime_ns ||
        s.ino != st->ino)
        return false;
    sp->st = s;
    sp->hash = rd_u64(&r);
    sp->date = (int64_t)rd_u64(&r);
    sp->updated = (int64_t)rd_u64(&r);
    size_t len;
    sp->rel = rd_str(&r, &len);
    sp->fm.title = rd_str(&r, &len);
    sp->fm.permalink = rd_str(&r, &len);
    sp->fm.headimg = rd_str(&r, &len);
    sp->fm.thumbnail = rd_str(&r, &len);
    sp->fm.author = rd_str(&r, &len);
    sp->summary = rd_str(&r, &len);
    const char *more = rd_str(&r, &len);
    sp->more_html = sv_make(more ? more : "", len);
    uint32_t nt = rd_u32(&r);
    if (r.bad || nt > (size_t)(r.end - r.p))
        return false;
    sp->fm.tags = arena_new_array(a, const char *, nt + 1);
    for (uint32_t i = 0; i < nt && !r.bad; i++)
        sp->fm.tags[sp->fm.ntags++] = rd_str(&r, &len);
    uint32_t nh = rd_u32(&r);
    if (r.bad || nh > (size_t)(r.end - r.p))
        return false;
    sp->fm.categories = arena_new_array(a, post_hierarchy, nh + 1);
    for (uint32_t h = 0; h < nh && !r.bad; h++) {
        uint32_t n = rd_u32(&r);
        if (r.bad || n > (size_t)(r.end - r.p))
            return false;
        post_hierarchy *ph = &sp->fm.categories[sp->fm.ncategories++];
        ph->names = arena_new_array(a, const char *, n + 1);
        for (uint32_t i = 0; i < n && !r.bad; i++)
            ph->names[ph->n++] = rd_str(&r, &len);
    }
    if (r.bad || !sp->summary)
        return false;
    for (size_t i = 0; i < sp->fm.ntags; i++)
        if (!sp->fm.tags[i])
            return false;
    for (size_t h = 0; h < sp->fm.ncategories; h++)
        for (size_t i = 0; i < sp->fm.categories[h].n; i++)
            if (!sp->fm.categories[h].names[i])
                return false;
    return true;
}

static void put_u64(nm_buf *b, uint64_t v) { buf_append(b, (const char *)&v, 8); }
static void put_u32(nm_buf *b, uint32_t v) { buf_append(b, (const char *)&v, 4); }

static void put_strn(nm_buf *b, const char *s, size_t n)
{
    if (!s) {
        put_u32(b, NULL_LEN);
        return;
    }
    put_u32(b, (uint32_t)n);
    buf_append(b, s, n);
    buf_putc(b, 0);
}

static void put_str(nm_buf *b, const char *s) { put_strn(b, s, s ? strlen(s) : 0); }

int post_cache_save(const char *path, uint64_t key, site_post *const *posts, size_t n,
                    nm_error *err)
{
    site_stream st;
    if (site_stream_open(&st, path, false, err) < 0)
        return site_stream_close(&st, err);
    nm_buf *b = &st.buf;
    buf_append(b, MAGIC, 8);
    put_u64(b, key);
    put_u64(b, n);
    for (size_t i = 0; i < n; i++) {
        const site_post *sp = posts[i];
        site_stream_spill(&st);
        size_t at = b->len;
        put_u32(b, 0);
        put_u64(b, (uint64_t)sp->st.size);
        put_u64(b, (uint64_t)sp->st.mtime_ns);
        put_u64(b, (uint64_t)sp->st.ctime_ns);
        put_u64(b, sp->st.ino);
        put_u64(b, sp->hash);
        put_u64(b, (uint64_t)sp->date);
        put_u64(b, (uint64_t)sp->updated);
        put_str(b, sp->rel);
        put_str(b, sp->fm.title);
        put_str(b, sp->fm.permalink);
        put_str(b, sp->fm.headimg);
        put_str(b, sp->fm.thumbnail);
        put_str(b, sp->fm.author);
        put_str(b, sp->summary);
        put_strn(b, sp->more_html.len ? sp->more_html.ptr : NULL, sp->more_html.len);
        put_u32(b, (uint32_t)sp->fm.ntags);
        for (size_t k = 0; k < sp->fm.ntags; k++)
            put_str(b, sp->fm.tags[k]);
        put_u32(b, (uint32_t)sp->fm.ncategories);
        for (size_t h = 0; h < sp->fm.ncategories; h++) {
            put_u32(b, (uint32_t)sp->fm.categories[h].n);
            for (size_t k = 0; k < sp->fm.categories[h].n; k++)
                put_str(b, sp->fm.categories[h].names[k]);
        }
        uint32_t len = (uint32_t)(b->len - at - 4);
        memcpy(b->data + at, &len, 4);
    }
    /* derived data, as public/ is: a rename, no fsync (70 MB at 100,000
     * posts); a torn file after a crash fails its checks and is ignored */
    return site_stream_close(&st, err);
}

size_t post_cache_count(const post_cache *c) { return c ? c->n : 0; }

void post_cache_free(post_cache *c)
{
    if (!c)
        return;
    buf_free(&c->data);
    free(c->slots);
    free(c);
}
