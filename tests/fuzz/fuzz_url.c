/*
 * fuzz_url.c — url_resolve, url_scheme and url_encode_path on arbitrary
 * bytes. The input is split at its first NUL into base and reference (no
 * NUL: the fixed base "http://a/b/c/d;p?q"). Checks that the result is a
 * string no longer than its parts allow, that resolving an absolute http
 * result again is idempotent, and that encoding only emits the allowed set.
 */
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *in = xmalloc(size + 1);
    memcpy(in, data, size);
    in[size] = '\0';
    const char *base = "http://a/b/c/d;p?q", *ref = in;
    size_t nul = strlen(in);
    if (nul < size) {
        base = in;
        ref = in + nul + 1;
    }
    arena *a = arena_new(0);
    char *r = url_resolve(a, base, ref);
    if (strlen(r) > strlen(base) + strlen(ref) + 4)
        abort();
    char scheme[32];
    url_scheme(r, scheme, sizeof(scheme));
    if (strcmp(scheme, "http") == 0 && strncmp(r, "http://", 7) == 0) {
        /* resolving an absolute URL is idempotent and ignores the base
         * (the first pass may still remove dot segments of a base path
         * that an empty reference kept as it was) */
        char *once = url_resolve(a, "https://x/y", r);
        char *twice = url_resolve(a, "ftp://z/", once);
        if (strcmp(once, twice) != 0)
            abort();
    }
    nm_buf b;
    buf_init(&b, 1 << 20);
    if (url_encode_path(&b, (const char *)data, size) != 0 || b.len < size)
        abort();
    for (size_t i = 0; i < b.len; i++)
        if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/%",
                    b.data[i]))
            abort();
    buf_free(&b);
    arena_free(a);
    free(in);
    return 0;
}
