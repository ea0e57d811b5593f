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
 *   "NMPCACH3" u64 key u64 count u64 text_len, then the text section
 *   (text_len bytes: each post's summary then its more_html, back to
 *   back), then per post u32 length and i64 size, mtime_ns, ctime_ns,
 *   u64 ino, hash, i64 date, updated, strings rel, title, permalink,
 *   headimg, thumbnail, author, u64 offset of its texts in the text
 *   section, u32 summary length, u32 more_html length, u32 ntags +
 *   strings, u32 nhier + per hierarchy u32 n + strings; a string is u32
 *   length (0xffffffff: NULL) + bytes + NUL.
 * The records are read whole: the model's strings point into them, and a
 * table of record offsets by rel (8 bytes a slot) finds a post's record.
 * The text section, half of the file, is neither read nor mapped: a
 * post's summary and excerpt are read from the open file (pread) into
 * the page's arena each time a card shows them (post_cache_texts). A
 * mapping was tried: the kernel maps 64 KB of file around each page a
 * read faults in, so the cards of a category's pages, a few KB apart in
 * the section, brought all of it in (+350 MB at 1,000,000 posts), and
 * letting go of it every N pages bounds it only for lists whose posts
 * are close. Written as a stream (site_stream: never whole in memory),
 * the text section first (the old file's texts read through a window),
 * its length patched into the header at the end, with a rename but no
 * fsync: it is derived, and a damaged one is ignored.
 *
 * Deliberately not here: deciding what to read (posts.c).
 */
#include "site_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAGIC "NMPCACH3"
#define HEAD_LEN 32
#define NULL_LEN 0xffffffffu

struct post_cache {
    char *data;              /* the records, read (NUL after the last) */
    int fd;                  /* the file, open for its text section; -1 */
    size_t text_len;         /* from HEAD_LEN in the file */
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
    c->fd = -1;
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
    if (!ok) {
        close(fd);
        return c;
    }
    c->fd = fd;
    c->text_len = (size_t)text_len;
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
    /* the texts stay in the file: their place is checked, not read */
    sp->texts = NULL;
    sp->text_at = rd_u64(&r);
    sp->summary_len = rd_u32(&r);
    sp->more_len = rd_u32(&r);
    if (r.bad || sp->text_at > c->text_len ||
        c->text_len - sp->text_at < (uint64_t)sp->summary_len + sp->more_len)
        return false;
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
    if (r.bad)
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

/* Reads the old file's texts for a save, in order: a window of its text
 * section (the posts come in the order the last save wrote them, so one
 * read serves a thousand posts). */
#define WINDOW ((size_t)1 << 20)

typedef struct text_window {
    const post_cache *c;
    char *buf;
    size_t cap;
    uint64_t at;             /* offset of buf[0] in the text section */
    size_t len;
} text_window;

/* n bytes at off of w->c's text section, or NULL on a read error. */
static const char *window_get(text_window *w, uint64_t off, size_t n)
{
    if (n == 0)
        return "";
    if (w->buf && off >= w->at && off - w->at <= w->len && w->len - (off - w->at) >= n)
        return w->buf + (off - w->at);
    size_t want = n > WINDOW ? n : WINDOW;
    if (want > w->c->text_len - off)
        want = (size_t)(w->c->text_len - off);
    if (w->cap < want) {
        w->cap = want;
        w->buf = xrealloc(w->buf, w->cap);
    }
    w->at = off;
    w->len = fs_pread_all(w->c->fd, w->buf, want, HEAD_LEN + off);
    return w->len >= n ? w->buf : NULL;
}

/* The saved file, open again for its text section, with every post's
 * texts pointed at their place there (at: where the save put them);
 * NULL, no post changed, when the file is not the one saved. */
static post_cache *open_texts(const char *path, uint64_t key, site_post *const *posts, size_t n,
                              uint64_t text_len, const uint64_t *at)
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
        ok = k == key && count == n && len == text_len && len <= (uint64_t)st.st_size - HEAD_LEN;
    }
    if (!ok) {
        close(fd);
        return NULL;
    }
    post_cache *c = xcalloc(1, sizeof *c);
    c->fd = fd;
    c->text_len = (size_t)len;
    for (size_t i = 0; i < n; i++) {
        posts[i]->texts = NULL;
        posts[i]->text_at = at[i];
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
    /* the text section: each post's summary and excerpt, its own or
     * copied from the old file */
    uint64_t *at = xcalloc(n + 1, sizeof *at);
    uint64_t text_len = 0;
    text_window w = {from, NULL, 0, 0, 0};
    for (size_t i = 0; i < n && !st.error; i++) {
        const site_post *sp = posts[i];
        site_stream_spill(&st);
        size_t sl = sp->summary_len, ml = sp->more_len;
        /* its own: summary NUL more; the file's: summary more */
        const char *t = sp->texts ? sp->texts
                        : from && from->fd >= 0 ? window_get(&w, sp->text_at, sl + ml)
                                                : NULL;
        if (!t) {
            st.error = EIO;
            break;
        }
        at[i] = text_len;
        buf_append(b, t, sl);
        buf_append(b, t + sl + (sp->texts != NULL), ml);
        text_len += sl + ml;
    }
    free(w.buf);
    for (size_t i = 0; i < n && !st.error; i++) {
        const site_post *sp = posts[i];
        site_stream_spill(&st);
        size_t rec = b->len;
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
        put_u64(b, at[i]);
        put_u32(b, sp->summary_len);
        put_u32(b, sp->more_len);
        put_u32(b, (uint32_t)sp->fm.ntags);
        for (size_t k = 0; k < sp->fm.ntags; k++)
            put_str(b, sp->fm.tags[k]);
        put_u32(b, (uint32_t)sp->fm.ncategories);
        for (size_t h = 0; h < sp->fm.ncategories; h++) {
            put_u32(b, (uint32_t)sp->fm.categories[h].n);
            for (size_t k = 0; k < sp->fm.categories[h].n; k++)
                put_str(b, sp->fm.categories[h].names[k]);
        }
        uint32_t len = (uint32_t)(b->len - rec - 4);
        memcpy(b->data + rec, &len, 4);
    }
    /* the header's text_len, now known */
    if (site_stream_flush(&st) == 0 &&
        pwrite(st.fd, &text_len, 8, 24) != 8)
        st.error = errno ? errno : EIO;
    /* derived data, as public/ is: a rename, no fsync (70 MB at 100,000
     * posts); a torn file after a crash fails its checks and is ignored */
    int rc = site_stream_close(&st, err);
    if (rc == 0 && texts)
        *texts = open_texts(path, key, posts, n, text_len, at);
    free(at);
    return rc;
}

size_t post_cache_count(const post_cache *c) { return c ? c->n : 0; }

void post_cache_texts(const post_cache *c, arena *a, const site_post *sp, const char **summary,
                      str_view *more)
{
    size_t sl = sp->summary_len, ml = sp->more_len;
    const char *t = sp->texts;
    if (!t) {
        /* summary NUL more NUL, from the file's summary more */
        char *r = arena_alloc(a, sl + ml + 2);
        size_t got = c && c->fd >= 0 ? fs_pread_all(c->fd, r, sl + ml, HEAD_LEN + sp->text_at)
                                     : 0;
        if (got < sl + ml) {
            /* the file was checked when loaded and is held open: a disk error */
            log_error("%s: cannot read its summary from the post cache", sp->rel);
            sl = ml = 0;
        }
        memmove(r + sl + 1, r + sl, ml);
        r[sl] = r[sl + 1 + ml] = 0;
        t = r;
    }
    *summary = t;
    *more = sv_make(t + sl + 1, ml);
}

void post_cache_free(post_cache *c)
{
    if (!c)
        return;
    free(c->data);
    free(c->slots);
    if (c->fd >= 0)
        close(c->fd);
    free(c);
}
