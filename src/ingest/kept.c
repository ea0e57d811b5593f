/*
 * kept.c — the posts of a PostgreSQL store, for the steps that rewrite
 * posts after the feeds: full text (page.c) and images: mirror
 * (images.c).
 *
 * A fetch worker cannot touch the site's files: its posts live in the
 * store (their bytes and a sequence number, written into source/_posts/
 * by `newsmill sync`). So a worker reads the post it rewrites from the
 * store, and puts the new bytes back there; the images it mirrors go
 * there too, under the path they have on disk (source/images/HH/….ext),
 * their bytes as hex text (the posts' column is text; sync decodes
 * them). An image and the post that names it are put in that order, so
 * their sequence numbers, and sync's writes, come in that order too: no
 * synced post ever names a missing image.
 *
 * Each rewrite is one transaction that holds the lease of every host it
 * fetched from (another worker that took a host over wrote, or will
 * write, the same thing) and, for images, finds the post's row as it was
 * read (same seq: a full-text rewrite in between wins, and re-queues the
 * images). A kill anywhere leaves the rows due and the post as it was.
 *
 * Not here: what a rewrite does (page.c, images.c), sync (sync.c).
 */
#include "ingest_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "post/post.h"

int kept_read(store *s, arena *a, const char *path, bool lock, post *out, int64_t *seq,
              nm_error *err)
{
    store_post sp;
    int got = store_post_get(s, path, true, lock, a, &sp, err);
    if (got <= 0)
        return got;
    if (seq)
        *seq = sp.seq;
    return post_parse(a, path, sp.bytes, sp.len, NULL, out, err) ? 2 : 1;
}

bool kept_ours(store *s, const char *worker, const char *path)
{
    if (!store_shared(s))
        return true; /* SQLite: every post is a file */
    arena *a = arena_new(0);
    store_post sp;
    nm_error err;
    int got = store_post_get(s, path, false, false, a, &sp, &err);
    arena_free(a);
    if (got < 0)
        return false; /* the next run asks again */
    return worker ? got == 1 : got == 0;
}

bool kept_is_image(const char *path)
{
    return strncmp(path, "source/", 7) == 0 && mirror_is_local(path + 6);
}

int64_t kept_image_size(store *s, const char *local)
{
    arena *a = arena_new(0);
    store_post sp;
    nm_error err;
    int got = store_post_get(s, arena_printf(a, "source%s", local), false, false, a, &sp, &err);
    arena_free(a);
    return got == 1 ? (int64_t)(sp.len / 2) : -1;
}

int kept_image_put(store *s, const char *local, const void *bytes, size_t n, int64_t now,
                   bool *written, nm_error *err)
{
    *written = false;
    if (kept_image_size(s, local) == (int64_t)n)
        return 0; /* the same name is the same bytes */
    static const char hex[] = "0123456789abcdef";
    char *text = xmalloc(2 * n + 1);
    const unsigned char *p = bytes;
    for (size_t i = 0; i < n; i++) {
        text[2 * i] = hex[p[i] >> 4];
        text[2 * i + 1] = hex[p[i] & 15];
    }
    text[2 * n] = 0;
    char path[4096];
    snprintf(path, sizeof(path), "source%s", local);
    int rc = store_post_put(s, path, text, 2 * n, now, err);
    free(text);
    *written = rc == 0;
    return rc;
}

int kept_image_decode(const char *text, size_t len, nm_buf *out)
{
    if (len % 2)
        return -1;
    for (size_t i = 0; i < len; i += 2) {
        int v = 0;
        for (int k = 0; k < 2; k++) {
            char c = text[i + k];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (d < 0)
                return -1;
            v = v * 16 + d;
        }
        buf_putc(out, (char)v);
    }
    return 0;
}

int kept_unit_begin(store *s, const char *worker, const char *const *hosts, size_t n,
                    nm_error *err)
{
    if (store_begin(s, err))
        return -1;
    for (size_t i = 0; i < n; i++) {
        int held = store_host_hold(s, hosts[i], worker, err);
        if (held <= 0) {
            store_rollback(s);
            return held;
        }
    }
    return 1;
}

bool kept_has(const char *const *hosts, size_t n, const char *host)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(hosts[i], host) == 0)
            return true;
    return false;
}
