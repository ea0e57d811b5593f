/*
 * text.c — the small text jobs of a build: HTML escaping, the plain-text
 * summary of a body, and turning a body into HTML.
 *
 * Bodies: Hexo runs every post body through a CommonMark renderer, so
 * newsmill does too (md4c, GitHub dialect, raw HTML allowed as Hexo's
 * marked allows it). The seed's bodies are one HTML block (no blank line,
 * no indented line), which CommonMark passes through unchanged: those
 * take a fast path that keeps the body as a slice of the file's bytes.
 *
 * Deliberately not here: Nunjucks tags in bodies (Hexo's `{% %}`), which
 * news posts do not use.
 */
#include "site_int.h"

#include <md4c-html.h>
#include <string.h>

int site_escape_html(nm_buf *out, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default:
            /* XML 1.0 forbids most control characters: drop them. */
            if ((unsigned char)s[i] < 0x20 && s[i] != '\n' && s[i] != '\t' && s[i] != '\r')
                rep = "";
        }
        if (!rep)
            continue;
        if (buf_append(out, s + run, i - run) < 0 || buf_puts(out, rep) < 0)
            return -1;
        run = i + 1;
    }
    return buf_append(out, s + run, n - run);
}

static const struct {
    const char *name;
    const char *utf8;
} entities[] = {
    {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"},
    {"nbsp", " "}, {"#39", "'"}, {"mdash", "—"}, {"ndash", "–"}, {"hellip", "…"},
    {"ldquo", "“"}, {"rdquo", "”"}, {"lsquo", "‘"}, {"rsquo", "’"},
};

const char *site_plain_text(arena *a, const char *html, size_t n, int max)
{
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    int chars = 0;
    bool space = false, cut = false, last_wide = false;
    for (size_t i = 0; i < n && !cut;) {
        unsigned char c = (unsigned char)html[i];
        if (c == '<') {
            /* skip tags; drop the content of style, script and comments */
            if (!strncmp(html + i, "<!--", 4)) {
                const char *e = memmem(html + i + 4, n - i - 4, "-->", 3);
                i = e ? (size_t)(e - html) + 3 : n;
            } else if (!nm_strncasecmp(html + i, "<style", 6) ||
                       !nm_strncasecmp(html + i, "<script", 7)) {
                const char *close = html[i + 2] == 't' || html[i + 2] == 'T' ? "</style" : "</script";
                size_t j = i + 1;
                while (j < n && (j + strlen(close) > n || nm_strncasecmp(html + j, close, strlen(close))))
                    j++;
                const char *e = j < n ? memchr(html + j, '>', n - j) : NULL;
                i = e ? (size_t)(e - html) + 1 : n;
            } else {
                const char *e = memchr(html + i, '>', n - i);
                i = e ? (size_t)(e - html) + 1 : n;
            }
            space = true;
            continue;
        }
        if (nm_is_xml_space(c)) {
            space = true;
            i++;
            continue;
        }
        const char *rep = NULL;
        size_t adv = 1;
        if (c == '&') {
            const char *semi = memchr(html + i, ';', n - i < 10 ? n - i : 10);
            if (semi)
                for (size_t k = 0; k < NM_ARRAY_LEN(entities); k++) {
                    size_t el = strlen(entities[k].name);
                    if ((size_t)(semi - html - i - 1) == el && !memcmp(html + i + 1, entities[k].name, el)) {
                        rep = entities[k].utf8;
                        adv = el + 2;
                    }
                }
        }
        if (!rep) {
            adv = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            if (i + adv > n)
                break;
        }
        /* full-width spaces that open Chinese paragraphs are not text */
        if (!rep && adv == 3 && !memcmp(html + i, "\u3000", 3)) {
            space = true;
            i += 3;
            continue;
        }
        /* no space between two CJK characters (paragraphs of Chinese
         * text join without one): lead bytes E2-EF start U+2000-U+FFFF */
        bool wide = !rep && adv >= 3 && c >= 0xE2;
        if (space && b.len && !(wide && last_wide))
            buf_putc(&b, ' ');
        last_wide = wide;
        space = false;
        if (chars >= max) {
            cut = true;
            break;
        }
        buf_append(&b, rep ? rep : html + i, rep ? strlen(rep) : adv);
        chars++;
        i += adv;
    }
    if (cut) {
        while (b.len && b.data[b.len - 1] == ' ')
            b.len--;
        buf_puts(&b, "…");
    }
    char *r = arena_strndup(a, buf_cstr(&b), b.len);
    buf_free(&b);
    return r;
}

/* One HTML block that CommonMark passes unchanged: starts with a block
 * tag at column 0 and has no blank line. */
static bool single_html_block(str_view body)
{
    static const char *tags[] = {"<div", "<p>", "<p ", "<section", "<article", "<figure",
                                 "<table", "<ul", "<ol", "<blockquote", "<h1", "<h2", "<h3"};
    bool ok = false;
    for (size_t i = 0; i < NM_ARRAY_LEN(tags); i++)
        if (body.len >= strlen(tags[i]) && !nm_strncasecmp(body.ptr, tags[i], strlen(tags[i])))
            ok = true;
    if (!ok)
        return false;
    str_view rest = body;
    while (rest.len) {
        str_view line = sv_next_line(&rest);
        if (sv_trim(line).len == 0 && (rest.len || line.len))
            return false;
    }
    return true;
}

static void md_out(const MD_CHAR *text, MD_SIZE size, void *ud)
{
    buf_append(ud, text, size);
}

int site_body_html(arena *a, str_view body, str_view *html)
{
    while (body.len && (body.ptr[0] == '\n' || body.ptr[0] == '\r'))
        body.ptr++, body.len--;
    while (body.len && (body.ptr[body.len - 1] == '\n' || body.ptr[body.len - 1] == ' ' ||
                        body.ptr[body.len - 1] == '\r'))
        body.len--;
    if (single_html_block(body)) {
        *html = body;
        return 0;
    }
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    int rc = md_html(body.ptr, (MD_SIZE)body.len, md_out, &b, MD_DIALECT_GITHUB, 0);
    char *s = arena_strndup(a, buf_cstr(&b), b.len);
    *html = sv_make(s, b.len);
    buf_free(&b);
    return rc == 0 ? 0 : -1;
}
