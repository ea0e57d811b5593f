/*
 * fuzz_serve_path.c — serve_path_normalize on arbitrary bytes: the gate
 * between a URL and the file system must never crash and never let out a
 * path that could leave the root. For every accepted path it checks: no
 * leading, trailing or doubled '/', no "." or ".." segment, no hidden
 * name, no NUL, valid UTF-8, no longer than the input, and that encoding
 * it again (url_encode_path) and normalizing gives the same path. The
 * first input byte also picks a small output capacity, so the
 * SERVE_PATH_TOO_LONG paths are exercised as well.
 */
#include <stdlib.h>
#include <string.h>

#include "serve/serve.h"

static void check_safe(const char *out, size_t len)
{
    if (len > 0 && (out[0] == '/' || out[len - 1] == '/'))
        abort();
    if (strlen(out) != len || !utf8_valid(out, len))
        abort();
    for (size_t i = 0; i < len;) {
        const char *slash = memchr(out + i, '/', len - i);
        size_t end = slash ? (size_t)(slash - out) : len;
        size_t seg = end - i;
        if (seg == 0 || out[i] == '.')
            abort(); /* empty, ".", ".." or hidden */
        i = end + 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *raw = (const char *)data;
    size_t cap = 4096;
    if (size > 0 && data[0] < 16) { /* a small buffer now and then */
        cap = (size_t)data[0] + 1;
        raw++, size--;
    }
    char *out = xmalloc(cap);
    bool slash;
    serve_path_status st = serve_path_normalize(raw, size, out, cap, &slash);
    if (slash != (size > 0 && raw[size - 1] == '/'))
        abort();
    if (st != SERVE_PATH_OK) {
        if (out[0] != '\0')
            abort();
        free(out);
        return 0;
    }
    size_t len = strlen(out);
    if (len >= cap || len > size)
        abort();
    check_safe(out, len);

    nm_buf again;
    buf_init(&again, NM_BUF_NOLIMIT);
    buf_putc(&again, '/');
    url_encode_path(&again, out, len);
    char *out2 = xmalloc(again.len + 1);
    bool slash2;
    if (serve_path_normalize(again.data, again.len, out2, again.len + 1, &slash2) !=
            SERVE_PATH_OK ||
        strcmp(out, out2) != 0)
        abort();
    free(out2);
    buf_free(&again);
    free(out);
    return 0;
}
