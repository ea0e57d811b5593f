/*
 * urls.c — Hexo's URLs: slugs, permalinks, pagination, hrefs.
 *
 * The idea: every path is computed once, as raw UTF-8 relative to the
 * site's root ("categories/金融/"), exactly as Hexo lays out public/; an
 * href is root + that path percent-encoded, made only when a page is
 * written. Slugs follow hexo-util's slugize (transform 0): runs of
 * whitespace (JavaScript's \s, so U+3000 too) and ASCII punctuation become
 * one '-', trimmed at both ends; control characters are dropped; Latin
 * letters lose their diacritics; CJK, full-width forms and case are kept.
 * A slug never contains '/', '.' or a control character, so no category,
 * tag or title can climb out of public/.
 *
 * Deliberately not here: Hexo's filename_case and permalink_defaults.
 */
#include "site_int.h"

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

static bool ascii_special(unsigned char c)
{
    return strchr(" \t\n\v\f\r~`!@#$%^&*()-_+=[]{}|\\;:\"'<>,.?/", c) != NULL && c != 0;
}

/* JavaScript's \s beyond ASCII. */
static bool unicode_space(int32_t cp)
{
    return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

int site_slugize(nm_buf *out, const char *s, size_t n)
{
    size_t start = out->len;
    bool pending_sep = false;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t i = 0;
    while (i < n) {
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) { /* invalid byte: drop it */
            i++;
            continue;
        }
        i += (size_t)k;
        if (cp < 0x20 || cp == 0x7F)
            continue;
        if ((cp < 0x80 && ascii_special((unsigned char)cp)) || unicode_space(cp)) {
            pending_sep = true;
            continue;
        }
        if (cp >= 0xC0 && cp <= 0x24F) { /* é → e, as escapeDiacritic does */
            utf8proc_int32_t d[4];
            int last = 0;
            utf8proc_ssize_t nd = utf8proc_decompose_char(cp, d, 4, UTF8PROC_DECOMPOSE, &last);
            if (nd > 1 && d[0] < 0x80)
                cp = d[0];
        }
        if (pending_sep && out->len > start && buf_putc(out, '-') < 0)
            return -1;
        pending_sep = false;
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t el = utf8proc_encode_char(cp, enc);
        if (buf_append(out, enc, (size_t)el) < 0)
            return -1;
    }
    return 0;
}

static void put_slug(nm_buf *b, const char *name, const site_kv *map, size_t nmap)
{
    for (size_t i = 0; i < nmap; i++)
        if (!strcmp(map[i].key, name)) {
            name = map[i].value;
            break;
        }
    site_slugize(b, name, strlen(name));
}

const char *site_mapped_slug(arena *a, const char *name, const site_kv *map, size_t nmap)
{
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    put_slug(&b, name, map, nmap);
    char *s = arena_strndup(a, buf_cstr(&b), b.len);
    buf_free(&b);
    return s;
}

/* A post path must stay inside public/: drop "." and ".." segments and
 * empty ones, and backslashes. */
static const char *safe_path(arena *a, const char *p)
{
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    const char *s = p;
    while (*s) {
        while (*s == '/')
            s++;
        const char *e = s;
        while (*e && *e != '/')
            e++;
        size_t n = (size_t)(e - s);
        if (n && !(n == 1 && s[0] == '.') && !(n == 2 && s[0] == '.' && s[1] == '.')) {
            for (size_t i = 0; i < n; i++)
                if (s[i] != '\\' && (unsigned char)s[i] >= 0x20)
                    buf_putc(&b, s[i]);
            if (*e == '/')
                buf_putc(&b, '/');
        }
        s = e;
    }
    char *r = arena_strndup(a, buf_cstr(&b), b.len);
    buf_free(&b);
    return r;
}

void site_post_paths(arena *a, const site_config *c, site_post *sp)
{
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    const char *pat = sp->fm.permalink ? sp->fm.permalink : c->permalink;
    const date_parts *d = &sp->local;
    for (const char *s = pat; *s;) {
        if (*s != ':') {
            buf_putc(&b, *s++);
            continue;
        }
        const char *t = s + 1;
        size_t n = 0;
        while (nm_is_lower(t[n]) || t[n] == '_')
            n++;
#define TOKEN(lit) (n == sizeof(lit) - 1 && !memcmp(t, lit, n))
        if (TOKEN("year"))
            buf_printf(&b, "%04d", d->year);
        else if (TOKEN("month"))
            buf_printf(&b, "%02d", d->month);
        else if (TOKEN("day"))
            buf_printf(&b, "%02d", d->day);
        else if (TOKEN("i_month"))
            buf_printf(&b, "%d", d->month);
        else if (TOKEN("i_day"))
            buf_printf(&b, "%d", d->day);
        else if (TOKEN("hour"))
            buf_printf(&b, "%02d", d->hour);
        else if (TOKEN("minute"))
            buf_printf(&b, "%02d", d->minute);
        else if (TOKEN("second"))
            buf_printf(&b, "%02d", d->second);
        else if (TOKEN("title") || TOKEN("name") || TOKEN("id"))
            buf_puts(&b, sp->name);
        else if (TOKEN("post_title")) {
            /* hexo: slugize(title, {transform: 1}) — lower case */
            size_t at = b.len;
            site_slugize(&b, sp->title, strlen(sp->title));
            for (size_t i = at; i < b.len; i++)
                b.data[i] = (char)nm_to_lower(b.data[i]);
        } else if (TOKEN("category"))
            buf_puts(&b, sp->nleaves ? sp->leaves[0]->slug : c->default_category);
        else {
            buf_putc(&b, ':');
            n = 0;
        }
#undef TOKEN
        s = t + n;
    }
    const char *path = safe_path(a, buf_cstr(&b));
    size_t pl = strlen(path);
    if (pl == 0)
        path = arena_printf(a, "%s/", sp->name), pl = strlen(path);
    const char *last = strrchr(path, '/');
    last = last ? last + 1 : path;
    if (path[pl - 1] == '/') {
        sp->path = path;
        sp->file = arena_printf(a, "%sindex.html", path);
    } else if (strchr(last, '.')) {
        sp->path = path;
        sp->file = path;
    } else {
        sp->path = arena_printf(a, "%s/", path);
        sp->file = arena_printf(a, "%s/index.html", path);
    }
    buf_free(&b);
}

const char *site_page_path(arena *a, const site_config *c, const char *base, int page)
{
    if (page <= 1)
        return base;
    return arena_printf(a, "%s%s/%d/", base, c->pagination_dir, page);
}

int site_href(nm_buf *out, const site_config *c, const char *path)
{
    if (buf_puts(out, c->root) < 0)
        return -1;
    return url_encode_path(out, path, strlen(path));
}

int site_abs_url(nm_buf *out, const site_config *c, const char *path)
{
    /* Hexo's url already holds the root's path (http://host/blog). */
    if (buf_puts(out, c->url) < 0 || buf_putc(out, '/') < 0)
        return -1;
    return url_encode_path(out, path, strlen(path));
}
