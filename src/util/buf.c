/*
 * buf.c — the one growable byte buffer, with a cap fixed at creation.
 *
 * Modelled on curl's dynbuf: every append checks the cap first and,
 * instead of growing past it, fails and poisons the buffer (frees the
 * bytes, sets `failed`; later appends are no-ops), so a 2 GB feed or an
 * endless HTTP body cannot eat the machine and a cut-off result cannot be
 * written as if whole. Growth doubles; data is always NUL-terminated so
 * the buffer doubles as a C string.
 */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

void buf_init(nm_buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
    b->failed = false;
}

/* The one way a buffer fails: its bytes go, the mark stays. */
static int buf_poison(nm_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = true;
    return -1;
}

int buf_reserve(nm_buf *b, size_t extra)
{
    if (b->failed)
        return -1;
    if (extra > b->max || b->len > b->max - extra)
        return buf_poison(b);
    size_t need = b->len + extra + 1; /* + NUL */
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
    return 0;
}

int buf_append_grow(nm_buf *b, const void *p, size_t n)
{
    if (buf_reserve(b, n) != 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int buf_puts(nm_buf *b, const char *s)
{
    return buf_append(b, s, strlen(s));
}


int buf_vprintf(nm_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return buf_poison(b);
    if (buf_reserve(b, (size_t)n) != 0)
        return -1;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int buf_printf(nm_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

int buf_check(const nm_buf *b, const char *where, nm_error *err)
{
    if (!b->failed)
        return 0;
    return nm_fail(err, where, 0, "more than %zu bytes; not written", b->max);
}

const char *buf_cstr(nm_buf *b)
{
    return b->data ? b->data : "";
}

void buf_reset(nm_buf *b)
{
    b->len = 0;
    b->failed = false;
    if (b->data)
        b->data[0] = '\0';
}

void buf_free(nm_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
}

char *buf_detach(nm_buf *b, size_t *len)
{
    if (b->failed) {
        if (len)
            *len = 0;
        b->failed = false;
        return NULL;
    }
    char *d = b->data ? b->data : xstrdup("");
    if (len)
        *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}

/* ---- JSON strings (feed/tojson.c, cli/cmd_extract.c) ----------------------- */

/* True when one of the 8 bytes of w is below 0x20, '"' or '\\' (the
 * "has a byte less than / equal to" bit tricks): only then does the slow
 * loop look at them one by one. */
static bool needs_escape(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t q = w ^ (ones * '"'), bs = w ^ (ones * '\\');
    uint64_t lt = (w - ones * 0x20) & ~w;
    uint64_t eq = ((q - ones) & ~q) | ((bs - ones) & ~bs);
    return ((lt | eq) & highs) != 0;
}

/* From i, the first byte of s[0,n) JSON must escape (n when none),
 * sixteen bytes at a time where SSE2 is there (always on x86-64). */
static size_t plain_until(const char *s, size_t i, size_t n)
{
#ifdef __SSE2__
    const __m128i q = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\'), ctl = _mm_set1_epi8(0x1F);
    while (i + 16 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, q), _mm_cmpeq_epi8(v, bs)),
                                 _mm_cmpeq_epi8(_mm_min_epu8(v, ctl), v)); /* v <= 0x1F */
        int mask = _mm_movemask_epi8(m);
        if (mask)
            return i + (size_t)__builtin_ctz((unsigned)mask);
        i += 16;
    }
#endif
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (needs_escape(w))
            break;
        i += 8;
    }
    return i;
}

int buf_put_json_str(nm_buf *b, const char *s)
{
    if (!s)
        return buf_append(b, "null", 4);
    size_t n = strlen(s), i = 0, run = 0;
    buf_putc(b, '"');
    while (i < n) {
        i = plain_until(s, i, n);
        if (i >= n)
            break;
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            i++;
            continue;
        }
        buf_append(b, s + run, i - run);
        switch (c) {
        case '"': buf_append(b, "\\\"", 2); break;
        case '\\': buf_append(b, "\\\\", 2); break;
        case '\n': buf_append(b, "\\n", 2); break;
        case '\r': buf_append(b, "\\r", 2); break;
        case '\t': buf_append(b, "\\t", 2); break;
        default: buf_printf(b, "\\u%04x", c);
        }
        run = ++i;
    }
    buf_append(b, s + run, n - run);
    return buf_putc(b, '"');
}
