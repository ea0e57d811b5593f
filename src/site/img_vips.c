/*
 * img_vips.c — libvips loaded at run time (dl_load), and the two things
 * the build asks of it: an image's header, and a resized WebP copy.
 *
 * libvips (with GLib and the codecs behind it) is not linked: a build
 * of a site without new images, and every other command, would map and
 * relocate it for nothing. The first new image loads it.
 *
 * Safety: untrusted loaders (ImageMagick, PDF, SVG, MATLAB …) are blocked
 * and the caller names the format by magic first (images.c), so only
 * the JPEG, PNG, GIF, WebP and HEIF/AVIF loaders ever see a file. The
 * header is read without decoding pixels; the caller refuses a pixel
 * bomb before asking for a resize. Each resize runs on one vips thread
 * (the build runs images in parallel itself) with the operation cache
 * off, so output bytes depend on the input alone.
 */
#include "site_int.h"

#include <vips/vips.h>

static struct {
    int (*init)(const char *argv0);
    VipsImage *(*new_from_file)(const char *name, ...);
    int (*get_width)(const VipsImage *image);
    int (*get_height)(const VipsImage *image);
    int (*get_n_pages)(VipsImage *image);
    int (*get_page_height)(VipsImage *image);
    int (*get_int)(const VipsImage *image, const char *name, int *out);
    int (*thumbnail)(const char *filename, VipsImage **out, int width, ...);
    int (*webpsave_buffer)(VipsImage *in, void **buf, size_t *len, ...);
    const char *(*error_buffer)(void);
    void (*error_clear)(void);
    void (*concurrency_set)(int n);
    void (*cache_set_max)(int max);
    void (*block_untrusted_set)(gboolean state);
    void (*object_unref)(gpointer object);
    void (*g_free)(gpointer mem);
} V;

static const char *const names[] = {
    "vips_init", "vips_image_new_from_file", "vips_image_get_width", "vips_image_get_height",
    "vips_image_get_n_pages", "vips_image_get_page_height", "vips_image_get_int",
    "vips_thumbnail", "vips_webpsave_buffer", "vips_error_buffer", "vips_error_clear",
    "vips_concurrency_set", "vips_cache_set_max", "vips_block_untrusted_set",
    "g_object_unref", "g_free", NULL};
static void **const slots[] = {
    (void **)&V.init, (void **)&V.new_from_file, (void **)&V.get_width, (void **)&V.get_height,
    (void **)&V.get_n_pages, (void **)&V.get_page_height, (void **)&V.get_int,
    (void **)&V.thumbnail, (void **)&V.webpsave_buffer, (void **)&V.error_buffer,
    (void **)&V.error_clear, (void **)&V.concurrency_set, (void **)&V.cache_set_max,
    (void **)&V.block_untrusted_set, (void **)&V.object_unref,
    (void **)&V.g_free, NULL};
static const char *const libs[] = {"libvips.so.42", NULL};

static int init(nm_error *err)
{
    if (V.init("newsmill"))
        return nm_fail(err, NULL, 0, "libvips failed to initialize: %s", V.error_buffer());
    V.concurrency_set(1);
    V.cache_set_max(0);
    V.block_untrusted_set(TRUE);
    return 0;
}

static dl_lib lib = {.what = "libvips", .package = "libvips42", .libs = libs, .names = names,
                     .slots = slots, .init = init, .mu = PTHREAD_MUTEX_INITIALIZER};

/* vips's message for the failure that just happened (its buffer is
 * global: the text may mix two threads' errors; it is only shown). */
static int vips_fail(nm_error *err, const char *path, const char *what)
{
    const char *msg = V.error_buffer();
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        n--;
    nm_fail(err, path, 0, "%s: %.*s", what, (int)(n > 300 ? 300 : n), n ? msg : "libvips failed");
    V.error_clear();
    return -1;
}

int img_vips_load(nm_error *err)
{
    return dl_load(&lib, err);
}

int img_vips_header(const char *path, img_header *h, nm_error *err)
{
    if (dl_load(&lib, err) < 0)
        return -1;
    /* lazy: reads the header only, no pixel is decoded here */
    VipsImage *im = V.new_from_file(path, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
    if (!im)
        return vips_fail(err, path, "not a readable image");
    h->width = V.get_width(im);
    h->height = V.get_height(im);
    int pages = V.get_n_pages(im);
    h->animated = pages > 1;
    if (h->animated)
        h->height = V.get_page_height(im);
    int orientation = 1;
    if (V.get_int(im, "orientation", &orientation))
        V.error_clear(); /* no EXIF orientation: 1 */
    /* 5–8: the image is shown turned a quarter, as the resize does */
    if (orientation >= 5 && orientation <= 8) {
        int t = h->width;
        h->width = h->height;
        h->height = t;
    }
    V.object_unref(im);
    return 0;
}

int img_vips_webp(const char *path, int width, int quality, nm_buf *out, nm_error *err)
{
    if (dl_load(&lib, err) < 0)
        return -1;
    VipsImage *t = NULL;
    /* shrink-on-load where the format has it; never upscales */
    if (V.thumbnail(path, &t, width, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN, NULL))
        return vips_fail(err, path, "cannot resize");
    void *data = NULL;
    size_t len = 0;
    int rc = V.webpsave_buffer(t, &data, &len, "Q", quality, "effort", 4, "strip", TRUE, NULL);
    V.object_unref(t);
    if (rc)
        return vips_fail(err, path, "cannot encode WebP");
    rc = buf_append(out, data, len);
    V.g_free(data);
    return rc < 0 ? nm_fail(err, path, 0, "resized image too large") : 0;
}
