/*
 * fuzz_images.c — the mirror module on arbitrary bytes: mirror_sniff (the
 * image type and the size read from the header) and mirror_rewrite /
 * mirror_remote_images (a post's <img src> pointed at local copies).
 *
 * Checks: a sniffed image has a known type and a non-zero size, a refusal
 * says why; rewriting with a map that changes nothing gives the input
 * byte for byte; rewriting every remote src leaves none for
 * mirror_remote_images to find, and rewriting that output again changes
 * nothing (idempotent).
 */
#include <stdlib.h>
#include <string.h>

#include "mirror/mirror.h"

static const char *keep(const char *url, void *ctx)
{
    (void)url, (void)ctx;
    return NULL;
}

/* Every absolute http(s) src (scheme in any case, as mirror_remote_images
 * reads it) becomes a local URL. */
static const char *local(const char *url, void *ctx)
{
    (void)ctx;
    if (nm_strncasecmp(url, "http://", 7) != 0 && nm_strncasecmp(url, "https://", 8) != 0)
        return NULL;
    return "/images/aa/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.png";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mirror_info info;
    const char *why = NULL;
    if (mirror_sniff(data, size, &info, &why) == 0) {
        if (info.type == MIRROR_NONE || !info.width || !info.height || !*mirror_ext(info.type))
            abort();
    } else if (!why || !*why || info.type != MIRROR_NONE) {
        abort();
    }
    arena *a = arena_new(0);
    char *html = arena_strndup(a, (const char *)data, size);
    size_t len = strlen(html); /* up to the first NUL, as a post's text */
    const char *out, *out2;
    size_t n, n2;
    bool changed;
    mirror_rewrite(a, html, len, keep, NULL, &out, &n, &changed);
    if (changed || n != len || memcmp(out, html, len) != 0)
        abort();
    mirror_rewrite(a, html, len, local, NULL, &out, &n, &changed);
    if (strlen(out) != n)
        abort();
    const char **urls;
    if (mirror_remote_images(a, out, n, 16, &urls) != 0)
        abort();
    mirror_rewrite(a, out, n, local, NULL, &out2, &n2, &changed);
    if (changed || n2 != n || memcmp(out, out2, n) != 0)
        abort();
    arena_free(a);
    return 0;
}
