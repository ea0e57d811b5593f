/*
 * fast.c — the seed layout read without libyaml.
 *
 * Why it exists: bench/post-read (100,000 seed-format posts, one core,
 * files in the page cache) read 83,000 posts per CPU second through
 * libyaml and 124,000 through this path, against a target of 100,000
 * including the file reads (which alone cost ~4 µs of the ~8 µs a post
 * takes). libyaml decodes every character, copies every token and
 * allocates for every event; this reader does one pass over the bytes. Posts written by newsmill all have one shape — lines of
 * `key: value` at column 0, values plain or single-quoted on one line,
 * and lists as ` - item` lines — and this reader accepts exactly that
 * shape and nothing more.
 *
 * The rule that keeps it honest: it reads a value only when the text is
 * one that YAML reads the same way, decided by the same functions the
 * writer uses (plain_allowed, single_quotable in emit.c). Anything else —
 * a comment, a blank line, a double quote, a flow list, an indented
 * continuation, a tab, CRLF — makes it return 1 and the caller hands the
 * whole front matter to libyaml. Both produce the same value tree; the
 * property test (tests/unit/post/test_property.c) reads every generated
 * post both ways and compares.
 *
 * Not here: errors. A malformed post always goes to libyaml, which
 * describes the problem.
 */
#include "post_int.h"

#include <string.h>

enum { FAST_NO = 1 };

/* A value on one line: single-quoted ('' for ') or plain. */
static int scalar(pn_ctx *c, const char *s, size_t n, long line, pnode **out)
{
    while (n && s[n - 1] == ' ')
        n--;
    pnode *node;
    if (n && s[0] == '\'') {
        char *buf = arena_alloc(c->a, n);
        size_t o = 0, i = 1;
        for (;;) {
            if (i >= n)
                return FAST_NO; /* no closing quote on this line */
            if (s[i] == '\'') {
                if (i + 1 < n && s[i + 1] == '\'') {
                    buf[o++] = '\'';
                    i += 2;
                    continue;
                }
                break;
            }
            buf[o++] = s[i++];
        }
        if (i + 1 != n || !single_quotable(buf, o))
            return FAST_NO; /* something after the closing quote */
        buf[o] = '\0';
        if (!(node = pn_new(c, PN_SCALAR, line)))
            return -1;
        node->style = PN_QUOTED;
        node->str = buf;
        node->len = o;
    } else {
        if (!plain_allowed(s, n, false))
            return FAST_NO;
        if (!(node = pn_new(c, PN_SCALAR, line)))
            return -1;
        node->str = arena_strndup(c->a, s, n);
        node->len = n;
    }
    *out = node;
    return 0;
}

static bool key_char(char ch, bool first)
{
    return nm_is_alpha(ch) || ch == '_' || (!first && (nm_is_digit(ch) || ch == '-'));
}

int pn_read_fast(pn_ctx *c, const char *text, size_t len, pnode **out)
{
    pnode *root = NULL;
    pnode *pending = NULL; /* a key whose value is on the next lines */
    pnode *seq = NULL;     /* the list after pending, once an item came */
    long pending_line = 0;
    size_t indent = 0;
    long line = c->first_line;
    const char *p = text, *end = text + len;
    int rc;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        size_t n = (size_t)(e - p);
        if (n == 0 || p[n - 1] == '\r')
            return FAST_NO;
        if (p[0] == ' ' || p[0] == '-') {
            /* " - item": only right after a key with no value */
            size_t k = 0;
            while (k < n && p[k] == ' ')
                k++;
            if (!pending || k + 2 > n || p[k] != '-' || p[k + 1] != ' ')
                return FAST_NO;
            if (!seq) {
                indent = k;
                if (!(seq = pn_new(c, PN_SEQ, line)))
                    return -1;
            } else if (k != indent) {
                return FAST_NO;
            }
            pnode *item;
            if ((rc = scalar(c, p + k + 2, n - k - 2, line, &item)) != 0)
                return rc;
            pn_push(c, seq, item);
        } else {
            size_t k = 0;
            while (k < n && key_char(p[k], k == 0))
                k++;
            if (k == 0 || k >= n || p[k] != ':' || (k + 1 < n && p[k + 1] != ' '))
                return FAST_NO;
            if (!root && !(root = pn_new(c, PN_MAP, line)))
                return -1;
            if (pending) { /* the previous key's value: a list or nothing */
                pnode *v = seq;
                if (!v && !(v = pn_new(c, PN_SCALAR, pending_line)))
                    return -1;
                if (seq && pn_close(c, seq) < 0)
                    return -1;
                pn_push(c, root, v);
                pending = seq = NULL;
            }
            pnode *key = pn_new(c, PN_SCALAR, line);
            if (!key)
                return -1;
            key->str = arena_strndup(c->a, p, k);
            key->len = k;
            pn_push(c, root, key);
            size_t vs = k + 1;
            while (vs < n && p[vs] == ' ')
                vs++;
            if (vs == n) {
                pending = key;
                pending_line = line;
            } else {
                pnode *v;
                if ((rc = scalar(c, p + vs, n - vs, line, &v)) != 0)
                    return rc;
                pn_push(c, root, v);
            }
        }
        line++;
        p = nl ? nl + 1 : end;
    }
    if (pending) {
        pnode *v = seq;
        if (!v && !(v = pn_new(c, PN_SCALAR, pending_line)))
            return -1;
        if (seq && pn_close(c, seq) < 0)
            return -1;
        pn_push(c, root, v);
    }
    if (root && pn_close(c, root) < 0)
        return -1;
    *out = root;
    return 0;
}
