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
 *   "NMPCACH2" u64 key u64 count u64 text_len, then the text section
 *   (text_len bytes: every summary and more_html, each followed by a NUL,
 *   the last byte a NUL), then per post u32 length and i64 size,
 *   mtime_ns, ctime_ns, u64 ino, hash, i64 date, updated, strings rel,
 *   title, permalink, headimg, thumbnail, author, texts summary,
 *   more_html, u32 ntags + strings, u32 nhier + per hierarchy u32 n +
 *   strings; a string is u32 length (0xffffffff: NULL) + bytes + NUL, a
 *   text u64 offset in the text section + u32 length (0xffffffff: NULL).
 * The records are read whole: the model's strings point into them, and a
 * table of record offsets by rel (8 bytes a slot) finds a post's record.
 * The text section, half of the file, is mapped, not read: a summary is
 * paged in when a card shows it, so a rebuild that renders a hundred
 * pages keeps a thousand summaries in memory, not all of them. Written as
 * a stream (site_stream: never whole in memory), the text section first,
 * its length patched into the header at the end, with a rename but no
 * fsync: it is derived, and a damaged one is ignored. While it is
 * written, the pages of the old file's text that the copy read are let go
 * as it goes.
 *
 * Deliberately not here: deciding what to read (posts.c).
 */
#include "site_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "NMPCACH2"
#define HEAD_LEN 32
#define NULL_LEN 0xffffffffu

struct post_cache {
    char *data;              /* the records, read (NUL after the last) */
    const char *text;        /* the text section, mapped (NULL: empty) */
    size_t text_len;
    void *map;               /* the mapping: header and text section */
    size_t map_len;
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

/* A text: u64 offset + u32 length into the text section. */
static const char *rd_text(reader *r, const post_cache *c, size_t *len)
{
    uint64_t off = rd_u64(r);
    uint32_t n = rd_u32(r);
    *len = 0;
    if (r->bad || n == NULL_LEN)
        return NULL;
    /* the section ends with a NUL (checked at load): a string inside it
     * is terminated even in a damaged file; its own NUL is not looked at
     * here, which would page the text in */
    if (off >= c->text_len || c->text_len - off <= n) {
        r->bad = true;
        return NULL;
    }
    *len = n;
    return c->text + off;
}

post_cache *post_cache_load(const char *path, uint64_t key)
{
    post_cache *c = xcalloc(1, sizeof *c);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return c;
    struct stat st;
    char head[HEAD_LEN];
    uint64_t k, n, text_len;
    if (fstat(fd, &st) != 0 || st.st_size < HEAD_LEN ||
        pread(fd, head, HEAD_LEN, 0) != HEAD_LEN || memcmp(head, MAGIC, 8)) {
        close(fd);
        return c;
    }
    memcpy(&k, head + 8, 8);
    memcpy(&n, head + 16, 8);
    memcpy(&text_len, head + 24, 8);
    size_t size = (size_t)st.st_size;
    if (k != key || text_len > size - HEAD_LEN || n > (size - HEAD_LEN - text_len) / 8) {
        close(fd);
        return c;
    }
    size_t meta = size - HEAD_LEN - (size_t)text_len;
    c->data = xmalloc(meta + 1);
    bool ok = true;
    size_t got = 0;
    while (ok && got < meta) {
        ssize_t r = pread(fd, c->data + got, meta - got, (off_t)(HEAD_LEN + text_len + got));
        if (r <= 0)
            ok = false;
        else
            got += (size_t)r;
    }
    if (ok && text_len) {
        c->map_len = HEAD_LEN + (size_t)text_len;
        c->map = mmap(NULL, c->map_len, PROT_READ, MAP_PRIVATE, fd, 0);
        if (c->map == MAP_FAILED) {
            c->map = NULL;
            ok = false;
        } else {
            c->text = (const char *)c->map + HEAD_LEN;
            c->text_len = (size_t)text_len;
            ok = c->text[c->text_len - 1] == 0;
        }
    }
    close(fd);
    if (!ok)
        return c;
    c->data[meta] = 0;
    reader r = {c->data, c->data + meta, false};
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
        c->slots[k] = (uint64_t)(r.p - c->data) + 1;
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
        rec = c->data + c->slots[k] - 1;
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
    sp->summary = rd_text(&r, c, &len);
    const char *more = rd_text(&r, c, &len);
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

/* A text's bytes and NUL into the text section; its offset and length
 * (NULL_LEN for NULL) to *off, *len. */
static void put_text(nm_buf *b, uint64_t *at, const char *s, size_t n, uint64_t *off,
                     uint32_t *len)
{
    *off = *at;
    *len = s ? (uint32_t)n : NULL_LEN;
    if (!s)
        return;
    buf_append(b, s, n);
    buf_putc(b, 0);
    *at += n + 1;
}

/* The text section of the file just saved, mapped, with every post's
 * summary and more_html pointed at their bytes there (offs, lens: where
 * the save put them). NULL, no post changed, when the file is not the
 * one saved. */
static post_cache *map_texts(const char *path, uint64_t key, site_post *const *posts, size_t n,
                             uint64_t text_len, const uint64_t *offs, const uint32_t *lens)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    char head[HEAD_LEN];
    struct stat st;
    bool ok = fstat(fd, &st) == 0 && st.st_size >= HEAD_LEN &&
              pread(fd, head, HEAD_LEN, 0) == HEAD_LEN && !memcmp(head, MAGIC, 8);
    uint64_t k = 0, count = 0, len = 0;
    if (ok) {
        memcpy(&k, head + 8, 8);
        memcpy(&count, head + 16, 8);
        memcpy(&len, head + 24, 8);
        ok = k == key && count == n && len == text_len && len > 0 &&
             len <= (uint64_t)st.st_size - HEAD_LEN;
    }
    void *map =
        ok ? mmap(NULL, HEAD_LEN + (size_t)len, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
    close(fd);
    if (map == MAP_FAILED)
        return NULL;
    post_cache *c = xcalloc(1, sizeof *c);
    c->map = map;
    c->map_len = HEAD_LEN + (size_t)len;
    c->text = (const char *)map + HEAD_LEN;
    c->text_len = (size_t)len;
    for (size_t i = 0; i < n; i++) {
        site_post *sp = posts[i];
        if (lens[2 * i] != NULL_LEN)
            sp->summary = c->text + offs[2 * i];
        if (lens[2 * i + 1] != NULL_LEN)
            sp->more_html.ptr = c->text + offs[2 * i + 1];
    }
    return c;
}

int post_cache_save(const char *path, uint64_t key, site_post *const *posts, size_t n,
                    const post_cache *from, post_cache **texts, nm_error *err)
{
    if (texts)
        *texts = NULL;
    site_stream st;
    if (site_stream_open(&st, path, false, err) < 0)
        return site_stream_close(&st, err);
    nm_buf *b = &st.buf;
    buf_append(b, MAGIC, 8);
    put_u64(b, key);
    put_u64(b, n);
    put_u64(b, 0); /* text_len: patched at the end */
    /* the text section: summaries and excerpts */
    uint64_t *offs = xcalloc(2 * n + 1, sizeof *offs);
    uint32_t *lens = xcalloc(2 * n + 1, sizeof *lens);
    uint64_t text_len = 0;
    for (size_t i = 0; i < n; i++) {
        const site_post *sp = posts[i];
        if (b->len >= SITE_STREAM_CHUNK) {
            site_stream_spill(&st);
            /* what was copied out of the old file's text is not needed in
             * memory any more: pages it again if a card shows it */
            if (from && from->map)
                (void)madvise(from->map, from->map_len, MADV_DONTNEED);
        }
        put_text(b, &text_len, sp->summary, sp->summary ? strlen(sp->summary) : 0, &offs[2 * i],
                 &lens[2 * i]);
        put_text(b, &text_len, sp->more_html.len ? sp->more_html.ptr : NULL, sp->more_html.len,
                 &offs[2 * i + 1], &lens[2 * i + 1]);
    }
    if (text_len == 0 || b->len == 0 || b->data[b->len - 1] != 0) {
        buf_putc(b, 0); /* the section ends with a NUL (post_cache_load) */
        text_len++;
    }
    if (from && from->map)
        (void)madvise(from->map, from->map_len, MADV_DONTNEED);
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
        put_u64(b, offs[2 * i]);
        put_u32(b, lens[2 * i]);
        put_u64(b, offs[2 * i + 1]);
        put_u32(b, lens[2 * i + 1]);
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
    /* the header's text_len, now known */
    if (site_stream_flush(&st) == 0 &&
        pwrite(st.fd, &text_len, 8, 24) != 8)
        st.error = errno ? errno : EIO;
    /* derived data, as public/ is: a rename, no fsync (70 MB at 100,000
     * posts); a torn file after a crash fails its checks and is ignored */
    int rc = site_stream_close(&st, err);
    if (rc == 0 && texts)
        *texts = map_texts(path, key, posts, n, text_len, offs, lens);
    free(offs);
    free(lens);
    return rc;
}

size_t post_cache_count(const post_cache *c) { return c ? c->n : 0; }

void post_cache_release(const post_cache *c)
{
    if (c && c->map)
        (void)madvise(c->map, c->map_len, MADV_DONTNEED);
}

void post_cache_free(post_cache *c)
{
    if (!c)
        return;
    free(c->data);
    free(c->slots);
    if (c->map)
        munmap(c->map, c->map_len);
    free(c);
}
