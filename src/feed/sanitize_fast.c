/*
 * sanitize_fast.c — the HTML kind in one pass, for HTML that is already
 * simple.
 *
 * Most feed HTML is a few paragraphs, links, images and emphasis, well
 * nested. For such a fragment an HTML5 parse changes nothing but
 * spelling, so building gumbo's tree only to write it out again costs more
 * than the rest of the parse together. This file proves a fragment simple
 * while copying it, and gives up (*done = false) at the first thing that
 * would make the HTML5 tree builder do more than nest what it reads:
 *   - a tag outside a small set of phrasing and block elements (so script,
 *     style, tables, forms, iframes … always take the gumbo path);
 *   - a close tag that does not close the innermost open element;
 *   - a block element (p, div, li, h1 …) while a p is open, a heading in a
 *     heading, an a in an a, an li/dt/dd not directly in its list, a
 *     self-closing non-void tag;
 *   - comments, doctypes, CDATA, a stray '<', unquoted, valueless or
 *     duplicated attributes,
 *     '&' other than a known HTML 4 entity or a plain character reference,
 *     a CR, an attribute value with '<', '>' or an entity other than &amp;.
 *   - a style attribute, or a URL attribute other than a@href, img@src and
 *     the cite of q, blockquote, del, ins.
 * What it keeps is exactly what html_clean(HTML_POLICY_FEED) keeps (same
 * allowlists, URL rules, escaping, " />" for void elements): elements still
 * open at the end are closed, as the parser would close them.
 *
 * Not here: anything that needs the tree; when in doubt, it declines.
 */
#include "feed_int.h"

#include <string.h>

#define FAST_MAX_DEPTH 64

enum fk { FK_NONE, FK_PHRASE, FK_VOID, FK_BLOCK, FK_HEADING, FK_LI, FK_DTDD, FK_LIST, FK_DL, FK_A };

static enum fk kind_of_tag(const char *t, size_t n)
{
#define T(name, k) {name, sizeof(name) - 1, k}
    static const struct { const char *name; size_t len; enum fk k; } tags[] = {
        T("a", FK_A), T("abbr", FK_PHRASE), T("acronym", FK_PHRASE), T("b", FK_PHRASE),
        T("big", FK_PHRASE), T("cite", FK_PHRASE), T("code", FK_PHRASE), T("del", FK_PHRASE),
        T("dfn", FK_PHRASE), T("em", FK_PHRASE), T("font", FK_PHRASE), T("i", FK_PHRASE),
        T("ins", FK_PHRASE), T("kbd", FK_PHRASE), T("q", FK_PHRASE), T("s", FK_PHRASE),
        T("samp", FK_PHRASE), T("small", FK_PHRASE), T("span", FK_PHRASE), T("strike", FK_PHRASE),
        T("strong", FK_PHRASE), T("sub", FK_PHRASE), T("sup", FK_PHRASE), T("time", FK_PHRASE),
        T("tt", FK_PHRASE), T("u", FK_PHRASE), T("var", FK_PHRASE),
        T("br", FK_VOID), T("img", FK_VOID),
        T("address", FK_BLOCK), T("article", FK_BLOCK), T("aside", FK_BLOCK),
        T("blockquote", FK_BLOCK), T("center", FK_BLOCK), T("div", FK_BLOCK),
        T("figcaption", FK_BLOCK), T("figure", FK_BLOCK), T("footer", FK_BLOCK),
        T("header", FK_BLOCK), T("nav", FK_BLOCK), T("p", FK_BLOCK), T("section", FK_BLOCK),
        T("h1", FK_HEADING), T("h2", FK_HEADING), T("h3", FK_HEADING), T("h4", FK_HEADING),
        T("h5", FK_HEADING), T("h6", FK_HEADING),
        T("ul", FK_LIST), T("ol", FK_LIST), T("li", FK_LI), T("dl", FK_DL), T("dt", FK_DTDD),
        T("dd", FK_DTDD),
    };
#undef T
    for (size_t i = 0; i < NM_ARRAY_LEN(tags); i++)
        if (tags[i].len == n && tags[i].name[0] == t[0] && memcmp(tags[i].name, t, n) == 0)
            return tags[i].k;
    return FK_NONE;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f';
}

static bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

/* Characters HTML5 reports as errors and gumbo may replace: C0 and C1
 * controls other than TAB and LF, DEL, and the non-characters. */
static bool odd_char(const char *s, size_t i, size_t n)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20)
        return c != '\t' && c != '\n';
    if (c == 0x7F)
        return true;
    unsigned char d = i + 1 < n ? (unsigned char)s[i + 1] : 0;
    unsigned char e = i + 2 < n ? (unsigned char)s[i + 2] : 0;
    if (c == 0xC2)
        return d >= 0x80 && d <= 0x9F;
    if (c == 0xEF)
        return (d == 0xB7 && e >= 0x90 && e <= 0xAF) || (d == 0xBF && e >= 0xBE);
    if (c >= 0xF0) { /* U+nFFFE and U+nFFFF */
        unsigned char g = i + 3 < n ? (unsigned char)s[i + 3] : 0;
        return (d & 0x0F) == 0x0F && e == 0xBF && g >= 0xBE;
    }
    return false;
}

/* Length of an entity or character reference at s that both parsers read
 * the same way, or 0. */
static size_t plain_ref(const char *s, size_t n)
{
    size_t i = 1;
    if (i < n && s[i] == '#') {
        /* C0/C1 controls, surrogates and non-characters are remapped or
         * replaced by HTML5: leave those to gumbo */
        unsigned long v;
        size_t len = str_num_ref(s, n, 7, &v);
        return len && str_html_plain_code_point(v) ? len : 0;
    }
    size_t start = i;
    while (i < n && i - start < 10 && is_alnum(s[i]))
        i++;
    if (i == start || i >= n || s[i] != ';')
        return 0;
    char tmp[8];
    return feed_html_entity(s + start, i - start, tmp) ? i + 1 : 0;
}

/* A URL both paths read alike: no spaces or controls (a browser strips
 * some before reading the scheme), and either relative (a short run of
 * scheme characters not followed by ':') or http(s). Anything else —
 * javascript:, data:, obfuscations — is the full path's to judge. */
static bool plain_url(const char *v)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if (*p <= 0x20 || *p == 0x7F)
            return false;
    size_t run = 0;
    if ((v[0] >= 'a' && v[0] <= 'z') || (v[0] >= 'A' && v[0] <= 'Z'))
        while ((v[run] >= 'a' && v[run] <= 'z') || (v[run] >= 'A' && v[run] <= 'Z') ||
               (v[run] >= '0' && v[run] <= '9') || v[run] == '+' || v[run] == '-' || v[run] == '.')
            run++;
    if (run >= 32)
        return false;
    if (v[run] != ':')
        return true;
    return (run == 4 && nm_strncasecmp(v, "http", 4) == 0) ||
           (run == 5 && nm_strncasecmp(v, "https", 5) == 0);
}

typedef struct fast {
    arena *a;
    const char *base;
    nm_buf *out;
    char stack[FAST_MAX_DEPTH][12];
    enum fk kinds[FAST_MAX_DEPTH];
    int depth;
} fast;

static bool open_has(const fast *f, enum fk k, const char *name)
{
    for (int i = 0; i < f->depth; i++)
        if (f->kinds[i] == k && (!name || strcmp(f->stack[i], name) == 0))
            return true;
    return false;
}

/* Reads the attributes of a start tag from s[*i] up to '>' and writes the
 * kept ones. Returns false to decline. *self_closing set for "/>". */
static bool attributes(fast *f, const char *tag, const char *s, size_t n, size_t *i,
                       bool *self_closing)
{
    char seen[16][24];
    int nseen = 0;
    size_t p = *i;
    *self_closing = false;
    for (;;) {
        while (p < n && is_space(s[p]))
            p++;
        if (p >= n)
            return false;
        if (s[p] == '>') {
            *i = p + 1;
            return true;
        }
        if (s[p] == '/') {
            if (p + 1 < n && s[p + 1] == '>') {
                *self_closing = true;
                *i = p + 2;
                return true;
            }
            return false;
        }
        size_t ns = p;
        while (p < n && ((s[p] >= 'a' && s[p] <= 'z') || (s[p] >= '0' && s[p] <= '9') ||
                         s[p] == '-' || s[p] == '_' || s[p] == ':'))
            p++;
        size_t nl = p - ns;
        if (nl == 0 || nl >= sizeof(seen[0]) || p >= n)
            return false; /* upper case, odd characters: gumbo's business */
        while (p < n && is_space(s[p]))
            p++;
        const char *v = "";
        size_t vl = 0;
        bool amp = false;
        if (p >= n || s[p] != '=')
            return false; /* no value (<video controls>): the full path decides */
        {
            p++;
            while (p < n && is_space(s[p]))
                p++;
            if (p >= n || (s[p] != '"' && s[p] != '\''))
                return false;
            char q = s[p++];
            v = s + p;
            while (p < n && s[p] != q) {
                unsigned char b = (unsigned char)s[p];
                if (b == '<' || b == '>' || ((b < 0x20 || b >= 0x7F) && odd_char(s, p, n)))
                    return false;
                if (s[p] == '&') {
                    if (n - p < 5 || memcmp(s + p, "&amp;", 5) != 0)
                        return false;
                    amp = true;
                }
                p++;
            }
            if (p >= n)
                return false;
            vl = (size_t)(s + p - v);
            p++;
            if (p < n && !is_space(s[p]) && s[p] != '>' && s[p] != '/')
                return false;
        }
        bool dup = false;
        for (int k = 0; k < nseen; k++)
            if (strlen(seen[k]) == nl && memcmp(seen[k], s + ns, nl) == 0)
                dup = true;
        if (dup)
            return false; /* gumbo's handling of duplicates has quirks: its call */
        if (nseen == (int)NM_ARRAY_LEN(seen))
            return false;
        memcpy(seen[nseen], s + ns, nl);
        seen[nseen++][nl] = 0;
        const char *name = seen[nseen - 1];
        bool style = strcmp(name, "style") == 0;
        if (!style && !feed_san_attr_allowed(name, nl))
            continue;
        char *val = arena_strndup(f->a, v, vl);
        if (amp) { /* &amp; -> & (re-escaped on output) */
            char *w = val;
            for (const char *r = val; *r; r++) {
                *w++ = *r;
                if (*r == '&')
                    r += 4;
            }
            *w = 0;
        }
        const char *outv = val;
        if (style)
            return false; /* feedparser's CSS filter: html_clean's business */
        if (feed_san_is_url_attr(name)) {
            /* the URL attributes feedparser resolves on these elements are
             * resolved and checked here; any other (longdesc, usemap, a
             * background, an href on a <q> …) goes the full way */
            bool ok = (!strcmp(name, "href") && !strcmp(tag, "a")) ||
                      (!strcmp(name, "src") && !strcmp(tag, "img")) ||
                      (!strcmp(name, "cite") && (!strcmp(tag, "q") || !strcmp(tag, "blockquote") ||
                                                 !strcmp(tag, "del") || !strcmp(tag, "ins")));
            if (!ok || !plain_url(val))
                return false;
            outv = feed_san_safe_url(f->a, f->base, val);
        }
        buf_putc(f->out, ' ');
        buf_puts(f->out, name);
        buf_puts(f->out, "=\"");
        feed_san_put_escaped(f->out, outv, true);
        buf_putc(f->out, '"');
    }
}

const char *feed_sanitize_html_fast(arena *a, const char *s, size_t n, const char *base, bool *done)
{
    *done = false;
    nm_buf out;
    buf_init(&out, NM_BUF_NOLIMIT);
    /* room for the copy and some escaping at once: one malloc, no regrowth */
    out.cap = n + n / 8 + 64;
    out.data = xmalloc(out.cap);
    out.data[0] = 0;
    fast f = {.a = a, .base = base, .out = &out};
    size_t i = 0, run = 0;
#define FLUSH() (buf_append(&out, s + run, i - run))
    while (i < n) {
        /* the plain bytes, most of any fragment, by branches the CPU
         * predicts (a table lookup would chain each step on the last):
         * whole 3-byte sequences led by E0-EE (never odd characters; the
         * text is valid UTF-8), ASCII text other than < > & */
        while (i + 3 <= n) {
            unsigned char b = (unsigned char)s[i];
            if (b >= 0xE0 && b <= 0xEE)
                i += 3;
            else if (b >= 0x20 && b < 0x7F && b != '<' && b != '>' && b != '&')
                i++;
            else
                break;
        }
        if (i >= n)
            break;
        char c = s[i];
        unsigned char uc = (unsigned char)c;
        if (uc == 0xEF && i + 3 <= n && (unsigned char)s[i + 1] != 0xB7 &&
            (unsigned char)s[i + 1] != 0xBF) {
            i += 3; /* U+F000-U+FDCF, U+FE00-U+FFBF: fullwidth punctuation */
            continue;
        }
        if (uc < 0x20 || uc == 0x7F || uc == 0xC2 || uc == 0xEF || uc >= 0xF0) {
            if (odd_char(s, i, n))
                goto decline;
            i++;
            continue;
        }
        if (uc > 0x7F) {
            /* a whole CJK character (E0-EE lead, never odd) at once */
            i += (uc >= 0xE0 && i + 3 <= n) ? 3 : 1;
            continue;
        }
        if (c == '>') {
            FLUSH();
            buf_puts(&out, "&gt;");
            run = ++i;
            continue;
        }
        if (c == '&') {
            size_t len = plain_ref(s + i, n - i);
            if (!len)
                goto decline;
            i += len;
            continue;
        }
        if (c != '<') {
            i++;
            continue;
        }
        FLUSH();
        bool close = i + 1 < n && s[i + 1] == '/';
        size_t t = i + 1 + (close ? 1 : 0), te = t;
        while (te < n && ((s[te] >= 'a' && s[te] <= 'z') || (s[te] >= 'A' && s[te] <= 'Z') ||
                          (te > t && s[te] >= '1' && s[te] <= '6')))
            te++;
        if (te == t || te - t >= sizeof(f.stack[0]) || te >= n)
            goto decline;
        char name[12];
        for (size_t k = t; k < te; k++)
            name[k - t] = (char)((s[k] >= 'A' && s[k] <= 'Z') ? s[k] + 32 : s[k]);
        name[te - t] = 0;
        enum fk k = kind_of_tag(name, te - t);
        if (k == FK_NONE)
            goto decline;
        if (close) {
            size_t e = te;
            while (e < n && is_space(s[e]))
                e++;
            if (e >= n || s[e] != '>' || f.depth == 0 || strcmp(f.stack[f.depth - 1], name) != 0)
                goto decline;
            f.depth--;
            buf_puts(&out, "</");
            buf_puts(&out, name);
            buf_putc(&out, '>');
            i = run = e + 1;
            continue;
        }
        if (te < n && !is_space(s[te]) && s[te] != '>' && s[te] != '/')
            goto decline;
        /* the HTML5 tree builder's implied ends: decline where they apply */
        bool block = k == FK_BLOCK || k == FK_HEADING || k == FK_LIST || k == FK_LI ||
                     k == FK_DL || k == FK_DTDD;
        if (block && open_has(&f, FK_BLOCK, "p"))
            goto decline;
        if (k == FK_HEADING && open_has(&f, FK_HEADING, NULL))
            goto decline;
        if (k == FK_A && open_has(&f, FK_A, NULL))
            goto decline;
        if (k == FK_LI && (f.depth == 0 || f.kinds[f.depth - 1] != FK_LIST))
            goto decline;
        if (k == FK_DTDD && (f.depth == 0 || f.kinds[f.depth - 1] != FK_DL))
            goto decline;
        buf_putc(&out, '<');
        buf_puts(&out, name);
        size_t p = te;
        bool self_closing;
        if (!attributes(&f, name, s, n, &p, &self_closing))
            goto decline;
        if (k == FK_VOID) {
            buf_puts(&out, " />");
        } else {
            if (self_closing || f.depth == FAST_MAX_DEPTH)
                goto decline;
            buf_putc(&out, '>');
            memcpy(f.stack[f.depth], name, te - t + 1);
            f.kinds[f.depth++] = k;
        }
        i = run = p;
    }
    FLUSH();
#undef FLUSH
    while (f.depth > 0)
        buf_printf(&out, "</%s>", f.stack[--f.depth]);
    *done = true;
    str_view tv = sv_trim(sv_make(buf_cstr(&out), out.len));
    const char *r = tv.len ? sv_dup(a, tv) : NULL;
    buf_free(&out);
    return r;
decline:
    buf_free(&out);
    return NULL;
}
