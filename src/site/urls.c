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

/* n in decimal, at least width digits (the permalink's date tokens). */
static void put_num(nm_buf *b, int n, int width)
{
    char t[16];
    int k = 0;
    unsigned v = n < 0 ? 0u : (unsigned)n;
    do
        t[k++] = (char)('0' + v % 10);
    while ((v /= 10) && k < (int)sizeof t);
    while (k < width && k < (int)sizeof t)
        t[k++] = '0';
    while (k)
        buf_putc(b, t[--k]);
}

/* A post path must stay inside public/: drop "." and ".." segments and
 * empty ones, and backslashes. Writes the result to out (room for
 * strlen(p) + 1 bytes); returns its length. */
static size_t safe_path(char *out, const char *p)
{
    size_t o = 0;
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
                    out[o++] = s[i];
            if (*e == '/')
                out[o++] = '/';
        }
        s = e;
    }
    out[o] = 0;
    return o;
}

/* By hand, no printf: 100,000 posts are laid out on every build. */
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
            put_num(&b, d->year, 4);
        else if (TOKEN("month"))
            put_num(&b, d->month, 2);
        else if (TOKEN("day"))
            put_num(&b, d->day, 2);
        else if (TOKEN("i_month"))
            put_num(&b, d->month, 1);
        else if (TOKEN("i_day"))
            put_num(&b, d->day, 1);
        else if (TOKEN("hour"))
            put_num(&b, d->hour, 2);
        else if (TOKEN("minute"))
            put_num(&b, d->minute, 2);
        else if (TOKEN("second"))
            put_num(&b, d->second, 2);
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
    const char *pattern = buf_cstr(&b);
    /* path and file in one allocation: path, NUL, [path + "/"] "index.html", NUL */
    static const char index[] = "index.html";
    size_t room = b.len + strlen(sp->name) + 2;
    char *path = arena_alloc(a, 2 * room + sizeof index + 1);
    size_t pl = safe_path(path, pattern);
    if (pl == 0) {
        pl = strlen(sp->name);
        memcpy(path, sp->name, pl);
        path[pl++] = '/';
        path[pl] = 0;
    }
    buf_free(&b);
    const char *last = memrchr(path, '/', pl);
    last = last ? last + 1 : path;
    if (path[pl - 1] != '/' && strchr(last, '.')) {
        sp->path = path;
        sp->file = path;
        return;
    }
    /* a directory: path ends with '/', file is path + index.html */
    char *file = path + pl + 2;
    memcpy(file, path, pl);
    size_t fl = pl;
    if (path[pl - 1] != '/') {
        path[pl] = '/';
        path[pl + 1] = 0;
        file[fl++] = '/';
    }
    memcpy(file + fl, index, sizeof index);
    sp->path = path;
    sp->file = file;
}

const char *site_page_path(arena *a, const site_config *c, const char *base, int page)
{
    if (page <= 1)
        return base;
    return arena_printf(a, "%s%s/%d/", base, c->pagination_dir, page);
}

const char *site_stable_path(arena *a, const site_config *c, const char *base, int page)
{
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
