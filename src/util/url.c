/*
 * url.c — interim URL helpers for the site module (written by the site
 * engineer while the `date` helper's full version is on its way to main;
 * on merge, that version replaces this file whole).
 *
 * Only what building a site needs: percent-encoding a UTF-8 path for an
 * href, and a scheme probe. Reference resolution here handles absolute
 * references, scheme-relative and root-relative ones only.
 */
#include "util.h"

#include <ctype.h>
#include <string.h>

int url_encode_path(nm_buf *out, const char *path, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)path[i];
        if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            if (buf_putc(out, (char)c) < 0)
                return -1;
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            if (buf_append(out, e, 3) < 0)
                return -1;
        }
    }
    return 0;
}

void url_scheme(const char *url, char *out, size_t n)
{
    size_t i = 0;
    if (n)
        out[0] = 0;
    if (!url || !isalpha((unsigned char)url[0]))
        return;
    while (isalnum((unsigned char)url[i]) || url[i] == '+' || url[i] == '-' || url[i] == '.')
        i++;
    if (url[i] != ':' || i + 1 > n)
        return;
    for (size_t k = 0; k < i; k++)
        out[k] = (char)tolower((unsigned char)url[k]);
    out[i] = 0;
}

char *url_resolve(arena *a, const char *base, const char *ref)
{
    char scheme[16];
    url_scheme(ref, scheme, sizeof scheme);
    if (!base || !*base || scheme[0])
        return arena_strdup(a, ref);
    url_scheme(base, scheme, sizeof scheme);
    const char *host = strstr(base, "//");
    if (ref[0] == '/' && ref[1] == '/')
        return arena_printf(a, "%s:%s", scheme, ref);
    if (ref[0] == '/' && host) {
        const char *end = strchr(host + 2, '/');
        size_t hl = end ? (size_t)(end - base) : strlen(base);
        return arena_printf(a, "%.*s%s", (int)hl, base, ref);
    }
    const char *slash = strrchr(base, '/');
    size_t bl = slash ? (size_t)(slash - base + 1) : strlen(base);
    return arena_printf(a, "%.*s%s", (int)bl, base, ref);
}
