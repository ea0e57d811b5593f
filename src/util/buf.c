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

static int buf_reserve(nm_buf *b, size_t extra)
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
