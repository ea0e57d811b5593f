/*
 * sanitize.c — the HTML kind (summary/content) behind one function.
 *
 * feed_sanitize_html() is where every HTML value of a feed is cleaned the
 * feedparser way (`parse --json`): text without '<' or '&' is only
 * escaped; anything else goes to html_clean(HTML_POLICY_FEED) of the html
 * module (gumbo's HTML5 parse, or its one-pass path for simple input, and
 * feedparser's sanitizing). feed_html_value() is what the readers call:
 * with feed_parse_opts.raw_html (ingest, which cleans bodies itself with
 * the ARTICLE policy) the fragment is kept as written, so that article
 * HTML is cleaned once, by one policy.
 *
 * Also here: finding the first <img src> of sanitized HTML (a thumbnail).
 *
 * Bounds: a fragment larger than FEED_MAX_HTML is reduced to its escaped
 * text instead of being parsed; hostile nesting is bounded by the html
 * module itself before gumbo parses.
 *
 * Not here: the sanitizing itself (the html module owns it).
 */
#include "feed_int.h"

#include <stdlib.h>
#include <string.h>

#include "html/html.h"

/* True when s[0, n) is text that an HTML parse would give back as it is:
 * no markup or reference (< &), no byte the parser replaces or the
 * serializer spells otherwise (CR, C0 controls but TAB/LF/FF, DEL, 0xC2
 * which leads NBSP and the C1 controls, the non-characters). Escaping it
 * gives html_clean's bytes without a parse. */
static bool plain_text(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f) {
            if (c == '<' || c == '&')
                return false;
            continue;
        }
        if (c < 0x20 ? c != '\t' && c != '\n' && c != '\f' : c == 0x7f || c == 0xc2)
            return false;
        unsigned char d = i + 1 < n ? (unsigned char)s[i + 1] : 0;
        unsigned char e = i + 2 < n ? (unsigned char)s[i + 2] : 0;
        if (c == 0xef && (d == 0xb7 || d == 0xbf))
            return false; /* U+FDD0..FDEF, U+FFFE/F (and U+FFF0.. specials) */
        if (c >= 0xf0 && (d & 0x0f) == 0x0f && e == 0xbf)
            return false; /* U+nFFFE/F */
    }
    return true;
}

const char *feed_sanitize_html(arena *a, const char *s, size_t n, const char *base)
{
    if (!s)
        return NULL;
    /* plain text needs no parse: the fast path for most feed text */
    if (plain_text(s, n))
        return feed_html_escape_text(a, s, n);
    if (n > FEED_MAX_HTML) {
        size_t tl;
        char *t = feed_html_strip_tags(a, s, FEED_MAX_HTML, &tl);
        return feed_html_escape_text(a, t, tl);
    }
    html_opts o = {.policy = HTML_POLICY_FEED, .base_url = base};
    html_result res;
    if (html_clean(a, s, n, &o, &res, NULL) != 0)
        return NULL;
    return res.html_len ? res.html : NULL;
}

const char *feed_html_value(feed_raw *r, const char *s, size_t n, const char *base)
{
    if (!s)
        return NULL;
    if (!r->raw_html)
        return feed_sanitize_html(r->a, s, n, base);
    str_view t = sv_trim(sv_make(s, n));
    return t.len ? sv_dup(r->a, t) : NULL;
}

/* Tags stripped by a plain scan, text kept: what pathological input
 * becomes instead of being parsed. */
char *feed_html_strip_tags(arena *a, const char *s, size_t n, size_t *out_len)
{
    char *t = arena_alloc(a, n + 1);
    size_t o = 0;
    bool in_tag = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '<')
            in_tag = true;
        else if (s[i] == '>' && in_tag)
            in_tag = false;
        else if (!in_tag)
            t[o++] = s[i];
    }
    t[o] = 0;
    *out_len = o;
    return t;
}

const char *feed_first_img(arena *a, const char *html)
{
    if (!html)
        return NULL;
    /* memchr over a known length, not strstr in a loop: each strstr would
     * measure the rest of the string again (ASan's interceptor does), which
     * made 100,000 <img> without src quadratic. */
    size_t n = strlen(html);
    const char *stop = html + n;
    for (const char *p = memchr(html, '<', n); p; p = memchr(p + 1, '<', (size_t)(stop - p - 1))) {
        if (stop - p < 5 || memcmp(p, "<img", 4) != 0 || (p[4] != ' ' && p[4] != '>' && p[4] != '/'))
            continue;
        const char *end = memchr(p, '>', (size_t)(stop - p));
        if (!end)
            return NULL;
        /* our own serialization: attributes are  name="value", and '<' '>'
         * are escaped inside values, so the tag ends at the first '>' */
        const char *q = memmem(p, (size_t)(end - p), " src=\"", 6);
        if (!q)
            continue;
        const char *v = q + 6, *ve = memchr(v, '"', (size_t)(end - v));
        if (!ve || ve == v)
            continue;
        /* undo our attribute escaping */
        nm_buf b;
        buf_init(&b, NM_BUF_NOLIMIT);
        for (const char *c = v; c < ve; c++) {
            if (*c == '&' && strncmp(c, "&amp;", 5) == 0) {
                buf_putc(&b, '&');
                c += 4;
            } else if (*c == '&' && strncmp(c, "&quot;", 6) == 0) {
                buf_putc(&b, '"');
                c += 5;
            } else if (*c == '&' && (strncmp(c, "&lt;", 4) == 0 || strncmp(c, "&gt;", 4) == 0)) {
                buf_putc(&b, c[1] == 'l' ? '<' : '>');
                c += 3;
            } else {
                buf_putc(&b, *c);
            }
        }
        const char *r = arena_strdup(a, buf_cstr(&b));
        buf_free(&b);
        return r;
    }
    return NULL;
}
