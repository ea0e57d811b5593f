/*
 * images.c — resized copies of the site's own images, made at build.
 *
 * The idea: every image under source/images/ (where `images: mirror`
 * stores what posts reference, one file per content hash, so a file
 * never changes under its name) gets WebP copies at the widths of
 * site_img_widths that are smaller than it (never an upscale), written
 * next to the original in public/ as images/HH/HASH-320.webp. Pages
 * then offer them in srcset with the original as src (img_html.c).
 *
 * Only what is new is decoded: the header facts of each image (width,
 * height, animated or refused) are kept in .newsmill/image-cache keyed by
 * the file's size and mtime, and each copy is a build manifest entry
 * whose inputs' hash is the source's identity and the recipe (width,
 * quality, IMG_RECIPE); a rebuild that finds the entry keeps the file
 * without loading libvips at all. A copy's bytes depend only on the
 * source's bytes and the recipe (one vips thread, no metadata), so an
 * incremental build equals a clean one.
 *
 * Rules: a file whose first bytes are not JPEG, PNG, GIF, WebP or AVIF
 * is refused (logged once, when first seen) and left as it is; so is an
 * image whose header declares more than `newsmill: images_max_pixels`
 * (IMG_MAX_PIXELS, the limit fetch applies when it mirrors): a
 * decompression bomb is never decoded. An animated GIF or WebP gets no
 * copies (a still would lose the animation, an animated resize costs
 * more than it saves): pages show it as it is, with width and height.
 *
 * Pages know of images by name only: deps.c does not read bodies. A page
 * naming an image that is not there is made again by every build until
 * it is (img_html.c); an image that changes or goes away moves the epoch,
 * a number kept in the cache that every page depends on (build.c): rare
 * (`images gc`), and then every page is made again.
 *
 * The cache file: "newsmill-images 1 <key> <epoch>", then one image a line:
 *   <size> <mtime ns> <width> <height> <flag: - a r> <path under source/>
 *
 * Deliberately not here: the <img> attributes (img_html.c), libvips
 * itself (img_vips.c), downloading images (the fetch side).
 */
#include "site_int.h"

#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

const int site_img_widths[IMG_NWIDTHS] = {320, 640, 960, 1280};

#define IMG_QUALITY 72
/* bump when the copies' bytes would change for the same source */
#define IMG_RECIPE "webp-q72-e4-strip-1"
#define CACHE_HEADER "newsmill-images 1"

static bool is_image_name(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot)
        return false;
    static const char *const exts[] = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"};
    for (size_t i = 0; i < NM_ARRAY_LEN(exts); i++)
        if (!nm_strcasecmp(dot, exts[i]))
            return true;
    return false;
}

const char *site_img_sniff(const unsigned char *p, size_t n)
{
    if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
        return "jpeg";
    if (n >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8))
        return "png";
    if (n >= 6 && (!memcmp(p, "GIF87a", 6) || !memcmp(p, "GIF89a", 6)))
        return "gif";
    if (n >= 12 && !memcmp(p, "RIFF", 4) && !memcmp(p + 8, "WEBP", 4))
        return "webp";
    if (n >= 12 && !memcmp(p + 4, "ftyp", 4) && (!memcmp(p + 8, "avif", 4) || !memcmp(p + 8, "avis", 4)))
        return "avif";
    return NULL;
}

/* ---- the table ------------------------------------------------------------- */

static uint64_t key_of(const char *rel) { return hash64(rel, strlen(rel), 0x696d616765ull); }

static site_image *table_find(const site_images *im, const char *rel, size_t n)
{
    if (!im->cap)
        return NULL;
    uint64_t k = hash64(rel, n, 0x696d616765ull);
    for (size_t i = k & (im->cap - 1); im->slots[i]; i = (i + 1) & (im->cap - 1))
        if (strlen(im->slots[i]->rel) == n && !memcmp(im->slots[i]->rel, rel, n))
            return im->slots[i];
    return NULL;
}

void site_images_index(site_images *im)
{
    im->cap = 64;
    while (im->cap < 2 * im->n + 2)
        im->cap *= 2;
    im->slots = arena_zalloc(im->a, im->cap * sizeof *im->slots);
    for (size_t i = 0; i < im->n; i++) {
        if (im->v[i].retry)
            continue; /* pages naming it are made again, as for a missing one */
        size_t k = key_of(im->v[i].rel) & (im->cap - 1);
        while (im->slots[k])
            k = (k + 1) & (im->cap - 1);
        im->slots[k] = &im->v[i];
    }
}

const site_image *site_image_find(const site_images *im, const site_config *c, const char *url,
                                  size_t n, bool *local)
{
    *local = false;
    size_t rl = strlen(c->root);
    if (n > rl && !strncmp(url, c->root, rl))
        url += rl, n -= rl;
    else if (n > 1 && url[0] == '/' && url[1] != '/')
        url++, n--;
    else
        return NULL;
    if (n < 7 || memcmp(url, "images/", 7))
        return NULL;
    *local = true;
    return im ? table_find(im, url, n) : NULL;
}

/* ---- the cache of headers ---------------------------------------------------- */

static int cmp_rel(const void *a, const void *b)
{
    return strcmp(((const site_image *)a)->rel, ((const site_image *)b)->rel);
}


/* The cache's records (sorted by rel, *n of them) and epoch; none for a
 * missing, damaged or foreign (another key) file. */
static site_image *cache_load(site_images *im, const char *path, uint64_t key, size_t *n,
                              uint64_t *epoch)
{
    *n = 0;
    *epoch = 0;
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    nm_error err;
    if (!fs_exists(path) || fs_read_file(path, (size_t)1 << 30, &b, &err) < 0) {
        buf_free(&b);
        return NULL;
    }
    char head[64];
    snprintf(head, sizeof head, CACHE_HEADER " %016" PRIx64 " ", key);
    buf_cstr(&b);
    char *s = b.data, *end;
    if (b.len < strlen(head) || memcmp(s, head, strlen(head)) ||
        (*epoch = strtoull(s + strlen(head), &end, 16), *end != '\n')) {
        *epoch = 0;
        buf_free(&b);
        return NULL;
    }
    size_t lines = 0;
    for (size_t i = 0; i < b.len; i++)
        lines += b.data[i] == '\n';
    site_image *v = arena_new_array(im->a, site_image, lines + 1);
    for (s = end + 1; *s;) {
        char *nl = strchr(s, '\n');
        if (!nl)
            break;
        *nl = 0;
        long long size, mtime;
        int w, h, used = 0;
        char flag;
        if (sscanf(s, "%lld %lld %d %d %c %n", &size, &mtime, &w, &h, &flag, &used) == 5 && used &&
            s[used]) {
            site_image *e = &v[(*n)++];
            e->rel = arena_strdup(im->a, s + used);
            e->size = size;
            e->mtime_ns = mtime;
            e->width = w;
            e->height = h;
            e->animated = flag == 'a';
            e->refused = flag == 'r';
        }
        s = nl + 1;
    }
    buf_free(&b);
    qsort(v, *n, sizeof *v, cmp_rel);
    return v;
}

static int cache_save(const site_images *im, const char *path, uint64_t key, nm_error *err)
{
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    buf_printf(&b, CACHE_HEADER " %016" PRIx64 " %016" PRIx64 "\n", key, im->epoch);
    for (size_t i = 0; i < im->n; i++) {
        const site_image *e = &im->v[i];
        if (e->retry)
            continue;
        buf_printf(&b, "%" PRId64 " %" PRId64 " %d %d %c %s\n", e->size, e->mtime_ns, e->width,
                   e->height, e->refused ? 'r' : e->animated ? 'a' : '-', e->rel);
    }
    int rc = fs_write_buf(path, &b, err);
    buf_free(&b);
    return rc;
}

/* ---- the parallel step: headers of new images, copies not made yet ----------- */

typedef struct img_job {
    site_images *im;
    const char *source_dir, *public_dir;
    const manifest *old;
    bool verify;
    uint64_t max_pixels;
    atomic_bool said_novips;
    bool *probe;          /* per image: read its header */
    const char **paths;   /* per image and width: the copy's path under public/ */
    manifest_entry *res;  /* per image and width; path NULL: none */
    bool *encoded;
    size_t *wrote;        /* per image: copies written */
    nm_buf *bufs;         /* per worker */
} img_job;

/* libvips loads, or its error is logged once per build and images wait
 * for a build that has it (not cached, pages made again: see retry). */
static bool vips_ok(img_job *j)
{
    nm_error err;
    if (img_vips_load(&err) == 0)
        return true;
    if (!atomic_exchange(&j->said_novips, true))
        log_error("no resized images: %s", err.msg);
    return false;
}

static void probe_one(img_job *j, site_image *e, const char *path)
{
    nm_error err;
    nm_error_clear(&err);
    unsigned char head[32];
    size_t got = 0;
    FILE *f = fopen(path, "rb");
    if (f) {
        got = fread(head, 1, sizeof head, f);
        fclose(f);
    }
    e->refused = true;
    img_header h = {0};
    if (!site_img_sniff(head, got))
        log_error("%s: not a JPEG, PNG, GIF, WebP or AVIF image; no resized copies", path);
    else if (!vips_ok(j))
        e->retry = true;
    else if (img_vips_header(path, &h, &err) < 0)
        log_nm_error(&err);
    else if (h.width <= 0 || h.height <= 0 ||
             (uint64_t)h.width * (uint64_t)h.height > j->max_pixels)
        log_error("%s: %d x %d pixels is more than the %.1f Mpx of newsmill.images_max_pixels; "
                  "not decoded", path, h.width, h.height, (double)j->max_pixels / 1e6);
    else
        e->refused = false;
    e->width = h.width;
    e->height = h.height;
    e->animated = h.animated;
}

static uint64_t copy_dep(const site_image *e, int width)
{
    uint64_t h = hash64(e->rel, strlen(e->rel), 0x636f7079ull);
    int64_t v[3] = {e->size, e->mtime_ns, width};
    h = hash64(v, sizeof v, h);
    return hash64(IMG_RECIPE, strlen(IMG_RECIPE), h) | 1;
}

static void image_one(size_t i, int worker, void *ctx)
{
    img_job *j = ctx;
    site_image *e = &j->im->v[i];
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", j->source_dir, e->rel);
    if (j->probe[i])
        probe_one(j, e, path);
    e->nvariants = 0;
    if (e->refused || e->animated)
        return;
    int nv = 0;
    while (nv < IMG_NWIDTHS && site_img_widths[nv] < e->width)
        nv++;
    for (int k = 0; k < nv; k++) {
        manifest_entry *r = &j->res[i * IMG_NWIDTHS + (size_t)k];
        const char *rel = j->paths[i * IMG_NWIDTHS + (size_t)k];
        char out[4200];
        snprintf(out, sizeof out, "%s/%s", j->public_dir, rel);
        uint64_t dep = copy_dep(e, site_img_widths[k]);
        const manifest_entry *old = manifest_find(j->old, rel);
        if (old && old->dep == dep && (!j->verify || site_file_matches(out, old->size, old->mtime_ns))) {
            *r = *old;
            r->path = rel;
            continue;
        }
        if (!vips_ok(j)) {
            e->retry = true; /* its pages are made again once it has copies */
            break;
        }
        nm_buf *b = &j->bufs[worker];
        buf_reset(b);
        nm_error err;
        nm_error_clear(&err);
        if (img_vips_webp(path, site_img_widths[k], IMG_QUALITY, b, &err) < 0) {
            log_nm_error(&err);
            break; /* this width and the larger ones: none; pages offer the others */
        }
        j->encoded[i] = true;
        r->path = rel;
        r->dep = dep;
        r->size = b->len;
        r->hash = hash64(b->data, b->len, 0);
        if (old && old->hash == r->hash && old->size == r->size &&
            site_file_matches(out, old->size, old->mtime_ns)) {
            r->mtime_ns = old->mtime_ns;
        } else if (site_write_file(out, b->data, b->len, &r->mtime_ns, &err) < 0) {
            log_nm_error(&err);
            r->path = NULL;
            break;
        } else
            j->wrote[i]++;
    }
    while (e->nvariants < nv && j->res[i * IMG_NWIDTHS + (size_t)e->nvariants].path)
        e->nvariants++;
}

int site_images_build(site_images *im, const char *site_dir, const char *state_dir,
                      const char *public_dir, const manifest *old, pool *p, bool verify,
                      uint64_t max_pixels, nm_error *err)
{
    memset(im, 0, sizeof *im);
    im->a = arena_new(256u << 10);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char *source_dir = arena_printf(im->a, "%s/source", site_dir);
    char *dir = arena_printf(im->a, "%s/images", source_dir);
    char *cache_path = arena_printf(im->a, "%s/image-cache", state_dir);
    uint64_t key = hash64(IMG_RECIPE, strlen(IMG_RECIPE), max_pixels);
    site_file_list l = {0};
    nm_error none;
    /* no source/images/: an empty list (images there before are gone) */
    if (fs_is_dir(dir))
        (void)site_list_files(dir, is_image_name, &l, &none);
    im->v = arena_new_array(im->a, site_image, l.n + 1);
    size_t ncached;
    site_image *cached = cache_load(im, cache_path, key, &ncached, &im->epoch);
    bool *probe = xcalloc(l.n + 1, sizeof *probe);
    bool changed = ncached != l.n;
    size_t seen = 0;  /* cached images still there */
    bool gone = false; /* an image changed or went away */
    for (size_t i = 0; i < l.n; i++) {
        site_image *e = &im->v[im->n++];
        e->rel = arena_printf(im->a, "images/%s", l.v[i]);
        struct stat st;
        char *path = arena_printf(im->a, "%s/%s", source_dir, e->rel);
        if (stat(path, &st) == 0) {
            e->size = st.st_size;
            e->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
        }
        site_image key_e = {.rel = e->rel};
        site_image *c = ncached ? bsearch(&key_e, cached, ncached, sizeof *cached, cmp_rel) : NULL;
        seen += c != NULL;
        if (c && (c->size != e->size || c->mtime_ns != e->mtime_ns))
            gone = true;
        if (c && c->size == e->size && c->mtime_ns == e->mtime_ns) {
            e->width = c->width;
            e->height = c->height;
            e->animated = c->animated;
            e->refused = c->refused;
        } else {
            probe[i] = true;
            changed = true;
        }
    }
    site_file_list_free(&l);
    if (gone || seen < ncached) {
        im->epoch++;
        changed = true;
    }
    img_job j = {.im = im, .source_dir = source_dir, .public_dir = public_dir, .old = old,
                 .max_pixels = max_pixels,
                 .verify = verify, .probe = probe};
    j.paths = arena_new_array(im->a, const char *, im->n * IMG_NWIDTHS + 1);
    for (size_t i = 0; i < im->n; i++) {
        const char *rel = im->v[i].rel, *dot = strrchr(rel, '.');
        for (int k = 0; k < IMG_NWIDTHS; k++)
            j.paths[i * IMG_NWIDTHS + (size_t)k] =
                arena_printf(im->a, "%.*s-%d.webp", (int)(dot - rel), rel, site_img_widths[k]);
    }
    j.res = xcalloc(im->n * IMG_NWIDTHS + 1, sizeof *j.res);
    j.encoded = xcalloc(im->n + 1, sizeof *j.encoded);
    j.wrote = xcalloc(im->n + 1, sizeof *j.wrote);
    int nworkers = pool_size(p) + 1;
    j.bufs = xcalloc((size_t)nworkers, sizeof *j.bufs);
    for (int w = 0; w < nworkers; w++)
        buf_init(&j.bufs[w], (size_t)256 << 20);
    pool_for(p, im->n, image_one, &j);
    for (int w = 0; w < nworkers; w++)
        buf_free(&j.bufs[w]);
    free(j.bufs);
    im->entries = xcalloc(im->n * IMG_NWIDTHS + 1, sizeof *im->entries);
    for (size_t i = 0; i < im->n; i++) {
        im->encoded += j.encoded[i];
        im->written += j.wrote[i];
        for (int k = 0; k < im->v[i].nvariants; k++) {
            manifest_entry *r = &j.res[i * IMG_NWIDTHS + (size_t)k];
            im->entries[im->nentries++] = *r;
            im->bytes += r->size;
        }
    }
    free(j.res);
    free(j.encoded);
    free(j.wrote);
    free(probe);
    site_images_index(im);
    int rc = changed ? cache_save(im, cache_path, key, err) : 0;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    im->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    return rc;
}

void site_images_free(site_images *im)
{
    free(im->entries);
    arena_free(im->a);
    memset(im, 0, sizeof *im);
}
