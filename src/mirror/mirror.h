/*
 * mirror.h — article images made local: what the bytes are, where they
 * are kept, how a post's HTML is pointed at them, and which are no longer
 * used.
 *
 * With `newsmill: images: mirror`, fetch downloads a post's images (the
 * ingest module drives the transfers and the store; this module knows
 * nothing of either) and keeps each once, named by its content:
 *
 *     source/images/HH/HASH.EXT      site-root URL /images/HH/HASH.EXT
 *
 * HASH is the first 32 hex digits of the SHA-256 of the bytes, HH its
 * first two, EXT what the bytes are (jpg, png, gif, webp, avif), never
 * what the server said. The build copies source/images/ to public/ like
 * any static file and the build side makes its resized copies from it.
 *
 * Safety: the bytes are sniffed by their magic numbers and the picture's
 * size is read from its header (PNG IHDR, JPEG SOFn, GIF screen, WebP
 * VP8/VP8L/VP8X, AVIF ispe) before anything decodes it, so a pixel bomb
 * (a tiny file declaring 50,000 x 50,000) is refused; SVG (which can carry
 * script) and anything else is refused. Files are written to temp files,
 * synced, then renamed (mirror_stage, mirror_commit), so that each is
 * whole and durable under its name before the caller writes a post that
 * names it.
 *
 * Thread safety: every function is thread safe (mirror_sha256 loads
 * libnettle once, under a lock).
 */
#ifndef NM_MIRROR_H
#define NM_MIRROR_H

#include "util/util.h"

typedef enum mirror_type {
    MIRROR_NONE = 0,
    MIRROR_JPEG,
    MIRROR_PNG,
    MIRROR_GIF,
    MIRROR_WEBP,
    MIRROR_AVIF,
} mirror_type;

typedef struct mirror_info {
    mirror_type type;
    uint32_t width, height;   /* of the picture (AVIF: its largest ispe) */
} mirror_info;

/* "jpg", "png", "gif", "webp", "avif"; "" for MIRROR_NONE. */
const char *mirror_ext(mirror_type t);

/* What bytes[0, n) are, and the picture's width and height read from the
 * header, without decoding. 0 with *out filled; -1 with *why (a static
 * string: "an SVG image (not mirrored: it can carry script)", "HTML, not
 * an image", "not a JPEG, PNG, GIF, WebP or AVIF image", "a PNG without
 * its size" …) when the bytes are not an image this module accepts or
 * their header is cut or lies (a zero width). Never reads past n. */
int mirror_sniff(const void *bytes, size_t n, mirror_info *out, const char **why);

typedef struct mirror_limits {
    size_t max_bytes;         /* one image (default 10 MB) */
    size_t max_post_bytes;    /* all images of one post (default 30 MB) */
    uint64_t max_pixels;      /* width x height (default 40,000,000) */
} mirror_limits;

void mirror_limits_default(mirror_limits *l);

/* mirror_sniff and the limits of l: 0 with *out, or -1 with err
 * "URL: refused: REASON" (a pixel bomb: "refused: 50000 x 50000 pixels
 * (2500.0 Mpx) is more than the 40.0 Mpx of newsmill.images_max_pixels").
 * url is only for the message. */
int mirror_check(const char *url, const void *bytes, size_t n, const mirror_limits *l,
                 mirror_info *out, nm_error *err);

/* SHA-256 of bytes[0, n) as 64 lower-case hex digits and a NUL. libnettle
 * is loaded (dlopen) on first use; -1 with err naming the package when it
 * is missing. */
int mirror_sha256_hex(const void *bytes, size_t n, char out[65], nm_error *err);

/* "/images/HH/HASH.EXT" of bytes of type t (from mirror_sniff), in a;
 * NULL with err when hashing is impossible. The file lives at "source"
 * followed by this URL, relative to the site. */
const char *mirror_url_of(arena *a, const void *bytes, size_t n, mirror_type t, nm_error *err);

/* True when url is one of ours: "/images/" two hex digits "/" 32 hex
 * digits "." and a known extension, nothing else. */
bool mirror_is_local(const char *url);

/* Writes bytes to a temp file beside site/source<url> (url from
 * mirror_url_of), not synced, and sets *tmp (malloc) for mirror_commit;
 * *tmp is NULL when a file of that name is already there (same name, same
 * bytes). The temp file is one a later mirror_sweep removes. */
int mirror_stage(const char *site, const char *url, const void *bytes, size_t n, char **tmp,
                 nm_error *err);
/* One syncfs() for every staged file, then each tmps[i] renamed to
 * site/source<urls[i]> (NULL entries skipped). Frees and clears tmps; on a
 * failure the temp files not yet renamed are deleted, err says which. A
 * post naming these images is to be written after this returns 0. */
int mirror_commit(const char *site, char **tmps, const char *const *urls, size_t n,
                  nm_error *err);
/* Stage and commit of one image, then an fsync of its directory: *written
 * says whether it wrote (false: it was there). */
int mirror_store(const char *site, const char *url, const void *bytes, size_t n, bool *written,
                 nm_error *err);

/* Deletes the temp files a killed run left in site/source/images/HH/;
 * returns how many. */
size_t mirror_sweep(const char *site);

/* ---- rewriting a post's HTML (rewrite.c) -------------------------------- */

/* The new src of an <img> whose src is url (entities decoded), or NULL to
 * keep it. The returned string must live until mirror_rewrite returns and
 * must need no escaping inside a double-quoted attribute (our local URLs
 * never do; others are refused: kept as they were). */
typedef const char *(*mirror_map_fn)(const char *url, void *ctx);

/* html[0, len) with the src of each <img> replaced by what fn says, every
 * other byte as it was (the tree is read by gumbo, as a browser would; the
 * attribute is replaced where it is written, quoted). *out (in a) is
 * NUL-terminated, *changed says whether any src changed. Images inside
 * markup nested past the parser's depth bound are left alone. */
void mirror_rewrite(arena *a, const char *html, size_t len, mirror_map_fn fn, void *ctx,
                    const char **out, size_t *out_len, bool *changed);

/* The src of each <img> of html that is an absolute http(s) URL, in
 * document order, each once; at most max. Strings and array in a. */
size_t mirror_remote_images(arena *a, const char *html, size_t len, size_t max,
                            const char ***urls);

/* ---- garbage collection (gc.c) -------------------------------------------- */

typedef struct mirror_gc_summary {
    size_t files;             /* mirrored images found */
    size_t unused;            /* of which no post names */
    uint64_t unused_bytes;
    size_t deleted;           /* removed (with delete) */
    size_t swept;             /* temp files removed */
} mirror_gc_summary;

/* Finds the images of site/source/images/ that no file under
 * site/source/ (posts, pages, any text: a name anywhere in it counts)
 * mentions as images/HH/HASH.EXT; with del, deletes them. Each unused one
 * is passed to each (site-relative path, bytes) when not NULL, in sorted
 * order. -1 with err when source/ cannot be read. */
int mirror_gc(const char *site, bool del, void (*each)(const char *path, uint64_t bytes, void *ctx),
              void *ctx, mirror_gc_summary *sum, nm_error *err);

#endif
