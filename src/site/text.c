/*
 * text.c — the small text jobs of a build: HTML escaping, the plain-text
 * summary of a body, and turning a body into HTML.
 *
 * Summaries: the body's text is html_to_text's (BLOCKS mode: a browser's
 * parse, every entity, script/style dropped, block boundaries kept), then
 * folded and cut here with the one rule that is the site's own: no space
 * between two CJK characters.
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

#include "html/html.h"

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

/* The summary from the text of html[0, n): whitespace (also U+3000, the
 * indent of Chinese paragraphs) folded to one space, but none between two
 * CJK characters (Chinese paragraphs join without one), at most max
 * characters. *cut when more text was left. */
static const char *summary_of(arena *a, const char *t, int max, bool *cut)
{
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    int chars = 0;
    bool space = false, last_wide = false;
    size_t n = strlen(t);
    *cut = false;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)t[i];
        if (nm_is_html_space(c)) {
            space = true;
            i++;
            continue;
        }
        size_t adv = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (i + adv > n)
            break;
        if (adv == 3 && !memcmp(t + i, "\u3000", 3)) {
            space = true;
            i += 3;
            continue;
        }
        /* lead bytes E2-EF start U+2000-U+FFFF */
        bool wide = adv >= 3 && c >= 0xE2;
        if (space && b.len && !(wide && last_wide))
            buf_putc(&b, ' ');
        last_wide = wide;
        space = false;
        if (chars >= max) {
            *cut = true;
            break;
        }
        buf_append(&b, t + i, adv);
        chars++;
        i += adv;
    }
    if (*cut) {
        while (b.len && b.data[b.len - 1] == ' ')
            b.len--;
        buf_puts(&b, "…");
    }
    char *r = arena_strndup(a, buf_cstr(&b), b.len);
    buf_free(&b);
    return r;
}

const char *site_plain_text(arena *a, const char *html, size_t n, int max)
{
    /* A summary needs the first max characters: the text of a prefix of
     * the body that ends before a '<' (so no tag, reference or character
     * is cut) is the start of the body's text. When that prefix runs out
     * of text before max, the whole body is read. */
    size_t want = (size_t)(max > 0 ? max : 0) * 16 + 4096;
    if (want < n) {
        const char *lt = memchr(html + want, '<', n - want);
        if (lt) {
            bool cut;
            const char *t = html_to_text(a, html, (size_t)(lt - html), HTML_TEXT_BLOCKS);
            const char *s = summary_of(a, t, max, &cut);
            if (cut)
                return s;
        }
    }
    bool cut;
    return summary_of(a, html_to_text(a, html, n, HTML_TEXT_BLOCKS), max, &cut);
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
