/*
 * img_html.c — the <img> attributes that make a page's own images cheap:
 * srcset of the resized copies (images.c), width and height of the
 * original (the browser reserves the box: no layout shift),
 * fetchpriority="high" on the first image of the body (when it is the
 * site's: often the page's largest paint), loading="lazy" on the others, and
 * alt="" where the publisher gave no alt (else a screen reader reads the
 * file's name: a hash, for a mirrored image).
 *
 * The idea: bodies are HTML that newsmill itself wrote (sanitized), so
 * an <img> tag is found by a small scanner, not a parser: the tag's
 * attributes are kept as they are, those this file sets are dropped and
 * written again. An image that is not one of the site's (a hotlink) gets
 * only the loading attribute. A site image named in a page but not (yet)
 * under source/images/ is reported through *missing, so that the build
 * renders that page again next time (build.c): the page then gets the
 * image's attributes once the image exists.
 *
 * Deliberately not here: which images exist and their sizes (images.c),
 * the card's attributes (render.c gives the theme srcset, width, height).
 */
#include "site_int.h"

#include <string.h>

int site_img_srcset(nm_buf *out, const site_config *c, const site_image *e)
{
    const char *dot = strrchr(e->rel, '.');
    int rc = 0;
    for (int k = 0; k < e->nvariants; k++) {
        nm_buf path;
        buf_init(&path, NM_BUF_NOLIMIT);
        buf_printf(&path, "%.*s-%d.webp", (int)(dot - e->rel), e->rel, site_img_widths[k]);
        if (k)
            rc |= buf_puts(out, ", ");
        rc |= site_href(out, c, buf_cstr(&path));
        rc |= buf_printf(out, " %dw", site_img_widths[k]);
        buf_free(&path);
    }
    /* the original when it is not larger than the widest copy */
    if (e->nvariants && (e->nvariants == IMG_NWIDTHS ? e->width <= site_img_widths[IMG_NWIDTHS - 1]
                                                     : true)) {
        rc |= buf_puts(out, ", ");
        rc |= site_href(out, c, e->rel);
        rc |= buf_printf(out, " %dw", e->width);
    }
    return rc;
}

typedef struct attr {
    const char *at;   /* from the space before the name */
    size_t len;
    str_view name, value;
} attr;

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/* Parses the attributes of a tag starting after "<img"; returns the
 * position of its '>' (or of "/>"), or NULL when the tag does not end. */
static const char *parse_attrs(const char *p, const char *end, attr *v, size_t *n, size_t cap)
{
    *n = 0;
    for (;;) {
        /* an attribute's span starts with what separates it from the one
         * before (spaces, and '/', which HTML reads as a space there) */
        const char *start = p;
        while (p < end && (is_space(*p) || (*p == '/' && !(p + 1 < end && p[1] == '>'))))
            p++;
        if (p >= end)
            return NULL;
        if (*p == '>')
            return p;
        if (*p == '/') /* "/>" */
            return p;
        attr a = {start, 0, {p, 0}, {"", 0}};
        while (p < end && !is_space(*p) && *p != '=' && *p != '>' && !(*p == '/' && p + 1 < end && p[1] == '>'))
            p++;
        a.name.len = (size_t)(p - a.name.ptr);
        const char *q = p;
        while (q < end && is_space(*q))
            q++;
        if (q < end && *q == '=') {
            q++;
            while (q < end && is_space(*q))
                q++;
            if (q < end && (*q == '"' || *q == '\'')) {
                char quote = *q++;
                const char *vs = q;
                while (q < end && *q != quote)
                    q++;
                if (q >= end)
                    return NULL;
                a.value = sv_make(vs, (size_t)(q - vs));
                q++;
            } else {
                const char *vs = q;
                while (q < end && !is_space(*q) && *q != '>')
                    q++;
                a.value = sv_make(vs, (size_t)(q - vs));
            }
            p = q;
        }
        a.len = (size_t)(p - a.at);
        if (*n < cap)
            v[(*n)++] = a;
    }
}

static bool name_is(str_view n, const char *s)
{
    return n.len == strlen(s) && !nm_strncasecmp(n.ptr, s, n.len);
}

int site_img_rewrite(arena *a, const site_images *im, const site_config *c, str_view html,
                     const char *sizes, const char *where, str_view *out, bool *missing)
{
    const char *p = html.ptr, *end = html.ptr + html.len;
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    int rc = 0, nimg = 0;
    for (;;) {
        const char *t = NULL;
        for (const char *s = p; s + 4 < end; s++) {
            s = memchr(s, '<', (size_t)(end - s));
            if (!s || s + 4 >= end)
                break;
            if (!nm_strncasecmp(s + 1, "img", 3) && (is_space(s[4]) || s[4] == '/' || s[4] == '>')) {
                t = s;
                break;
            }
        }
        attr v[32];
        size_t n;
        const char *close = t ? parse_attrs(t + 4, end, v, &n, NM_ARRAY_LEN(v)) : NULL;
        if (!close) {
            rc |= buf_append(&b, p, (size_t)(end - p));
            break;
        }
        rc |= buf_append(&b, p, (size_t)(t - p));
        bool first = nimg++ == 0, local = false, has_loading = false, has_alt = false;
        const site_image *e = NULL;
        for (size_t k = 0; k < n; k++) {
            if (name_is(v[k].name, "src"))
                e = site_image_find(im, c, v[k].value.ptr, v[k].value.len, &local);
            has_loading |= name_is(v[k].name, "loading");
            has_alt |= name_is(v[k].name, "alt");
        }
        if (local && !e) {
            *missing = true;
            for (size_t k = 0; where && k < n; k++)
                if (name_is(v[k].name, "src"))
                    log_warn("%s: image %.*s: no usable file under source/images/", where,
                             (int)v[k].value.len, v[k].value.ptr);
        }
        rc |= buf_puts(&b, "<img");
        static const char *const ours[] = {"width", "height", "srcset", "sizes", "loading",
                                           "decoding", "fetchpriority"};
        for (size_t k = 0; k < n; k++) {
            bool drop = false;
            for (size_t o = 0; e && o < NM_ARRAY_LEN(ours); o++)
                drop |= name_is(v[k].name, ours[o]);
            if (drop)
                continue;
            /* none before it ("<img/a", a="1"b="2" with a dropped): one
             * space, so that its name never joins what precedes it */
            if (!is_space(v[k].at[0]) && v[k].at[0] != '/')
                rc |= buf_putc(&b, ' ');
            rc |= buf_append(&b, v[k].at, v[k].len);
        }
        if (e && !e->refused && e->width > 0 && e->height > 0) {
            if (e->nvariants) {
                rc |= buf_puts(&b, " srcset=\"");
                rc |= site_img_srcset(&b, c, e);
                rc |= buf_printf(&b, "\" sizes=\"%s\"", sizes);
            }
            rc |= buf_printf(&b, " width=\"%d\" height=\"%d\"", e->width, e->height);
        }
        /* no alt: a screen reader would read the file's name (a hash) */
        if (!has_alt)
            rc |= buf_puts(&b, " alt=\"\"");
        if (e || !has_loading)
            rc |= buf_puts(&b, !first ? " loading=\"lazy\" decoding=\"async\""
                               : e ? " fetchpriority=\"high\" decoding=\"async\""
                                   : " decoding=\"async\"");
        p = close;
    }
    if (rc < 0) {
        buf_free(&b);
        *out = html;
        return -1;
    }
    /* a body may hold NUL bytes: copied by length, not as a string */
    char *copy = arena_zalloc(a, b.len + 1);
    if (b.len)
        memcpy(copy, b.data, b.len);
    *out = sv_make(copy, b.len);
    buf_free(&b);
    return 0;
}
