/*
 * path.c — from a request path as sent to a safe path under the root.
 *
 * The one gate between a URL and the file system. It works segment by
 * segment on the raw, still percent-encoded path: each segment is decoded
 * once, then judged. A decoded '/' (%2F) or NUL is refused rather than
 * decoded, because either would change what the file system sees as the
 * segments; ".." is refused wherever it comes from ("..", "%2e%2e",
 * ".%2E"); names starting with '.' are hidden (a deployed public/ may hold
 * .git). What comes out can only name something inside the root, as far
 * as names go; symlinks are the server's business (realpath, server.c).
 *
 * Deliberately not here: Unicode normalization (the disk holds the bytes
 * the site builder wrote; NFC vs NFD would need both sides to agree) and
 * '+' as a space (that is a query-string rule, not a path rule).
 */
#include "serve.h"

#include <string.h>


static serve_path_status fail(char *out, serve_path_status st)
{
    out[0] = '\0';
    return st;
}

/* Decodes one raw segment raw[0..n) (n > 0, no '/') into out at *len.
 * Returns SERVE_PATH_OK or the reason to refuse. */
static serve_path_status decode_segment(const char *raw, size_t n, char *out, size_t cap,
                                        size_t *len)
{
    size_t l = *len;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)raw[i];
        if (c == '%') {
            if (n - i < 3)
                return SERVE_PATH_BAD;
            int hi = nm_hex_value((unsigned char)raw[i + 1]);
            int lo = nm_hex_value((unsigned char)raw[i + 2]);
            if (hi < 0 || lo < 0)
                return SERVE_PATH_BAD;
            c = (unsigned char)(hi << 4 | lo);
            i += 2;
            if (c == '/')
                return SERVE_PATH_FORBIDDEN;
        }
        if (c == '\0')
            return SERVE_PATH_FORBIDDEN;
        if (l + 1 >= cap)
            return SERVE_PATH_TOO_LONG;
        out[l++] = (char)c;
    }
    *len = l;
    return SERVE_PATH_OK;
}

serve_path_status serve_path_normalize(const char *raw, size_t n, char *out, size_t cap,
                                       bool *trailing_slash)
{
    *trailing_slash = n > 0 && raw[n - 1] == '/';
    if (cap == 0)
        return SERVE_PATH_TOO_LONG;
    if (n == 0 || raw[0] != '/')
        return fail(out, SERVE_PATH_BAD);
    size_t len = 0;
    for (size_t p = 1; p < n;) {
        const char *slash = memchr(raw + p, '/', n - p);
        size_t q = slash ? (size_t)(slash - raw) : n;
        if (q > p) {
            size_t before = len;
            if (len > 0) {
                if (len + 1 >= cap)
                    return fail(out, SERVE_PATH_TOO_LONG);
                out[len++] = '/';
            }
            size_t start = len;
            serve_path_status st = decode_segment(raw + p, q - p, out, cap, &len);
            if (st != SERVE_PATH_OK)
                return fail(out, st);
            const char *seg = out + start;
            size_t seg_len = len - start;
            if (seg_len == 1 && seg[0] == '.')
                len = before; /* "." names the directory it is in */
            else if (seg_len == 2 && seg[0] == '.' && seg[1] == '.')
                return fail(out, SERVE_PATH_FORBIDDEN);
            else if (seg[0] == '.')
                return fail(out, SERVE_PATH_HIDDEN);
        }
        p = q + 1;
    }
    out[len] = '\0';
    if (!utf8_valid(out, len))
        return fail(out, SERVE_PATH_BAD);
    return SERVE_PATH_OK;
}
