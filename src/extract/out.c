/*
 * out.c — the article cut as the caller gets it: images made real, URLs
 * absolute, HTML and plain text; and the article's next page.
 *
 * Lazy images: many sites put a placeholder (a 1×1 GIF, a data: URI, a
 * "grey.gif") in src and the real address in data-src, data-original,
 * data-lazy-src, data-url, data-actualsrc, data-srcset or srcset; the real
 * one wins. The <noscript> copies were already unwrapped by the pruner.
 *
 * The HTML is libxml2's serializer over the cut's children, not cleaned
 * (html_clean does that once, later); the text is a walk that puts blank
 * lines between blocks and a newline at <br>.
 */
#include "extract_int.h"

#include <string.h>

static const char *const lazy_attrs[] = {
    "data-src", "data-original", "data-lazy-src", "data-lazy", "data-url", "data-actualsrc",
    "data-original-src", "data-hi-res-src", "data-full-src", "data-echo", "data-img", NULL,
};

static bool placeholder(const char *src)
{
    if (!src || !*src)
        return true;
    if (!strncmp(src, "data:", 5))
        return true;
    const char *slash = strrchr(src, '/');
    const char *base = slash ? slash + 1 : src;
    return strstr(base, "blank.") || strstr(base, "spacer.") || strstr(base, "pixel.") ||
           strstr(base, "placeholder") || strstr(base, "grey.gif") || strstr(base, "lazy.") ||
           strstr(base, "loading.");
}

/* The first URL of a srcset (its largest would need parsing widths; the
 * cleaner keeps srcset anyway). */
static char *srcset_first(const char *ss)
{
    while (*ss == ' ' || *ss == ',')
        ss++;
    size_t n = strcspn(ss, " ,");
    return n ? xstrndup(ss, n) : NULL;
}

static void set_abs(xmlNodePtr n, const char *attr, const char *base)
{
    const char *v = dom_attr(n, attr);
    if (!v || !base || !*v)
        return;
    if (!strncmp(v, "http://", 7) || !strncmp(v, "https://", 8) || !strncmp(v, "data:", 5) ||
        !strncmp(v, "mailto:", 7) || v[0] == '#')
        return;
    arena *a = arena_new(4096);
    char *abs = url_resolve(a, base, v);
    if (abs)
        xmlSetProp(n, (const xmlChar *)attr, (const xmlChar *)abs);
    arena_free(a);
}

static void fix_walk(xmlNodePtr n, const char *base)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (dom_is(c, "img") || dom_is(c, "source")) {
            const char *src = dom_attr(c, "src");
            if (placeholder(src)) {
                const char *real = NULL;
                for (const char *const *l = lazy_attrs; *l && !real; l++) {
                    const char *v = dom_attr(c, *l);
                    if (v && *v && !placeholder(v))
                        real = v;
                }
                char *first = NULL;
                if (!real) {
                    const char *ss = dom_attr(c, "data-srcset");
                    if (!ss)
                        ss = dom_attr(c, "srcset");
                    if (ss && (first = srcset_first(ss)))
                        real = first;
                }
                if (real) {
                    char *copy = xstrdup(real);
                    xmlSetProp(c, (const xmlChar *)"src", (const xmlChar *)copy);
                    free(copy);
                }
                free(first);
            }
            const char *dss = dom_attr(c, "data-srcset");
            if (dss && !dom_attr(c, "srcset")) {
                char *copy = xstrdup(dss);
                xmlSetProp(c, (const xmlChar *)"srcset", (const xmlChar *)copy);
                free(copy);
            }
            set_abs(c, "src", base);
        } else if (dom_is(c, "a")) {
            set_abs(c, "href", base);
        } else if (dom_is(c, "video") || dom_is(c, "audio")) {
            set_abs(c, "src", base);
            set_abs(c, "poster", base);
        }
        fix_walk(c, base);
    }
}

void extract_fix_media(xmlNodePtr cut, const char *base_url)
{
    fix_walk(cut, base_url);
}

char *extract_html(arena *a, xmlNodePtr cut)
{
    xmlBufferPtr b = xmlBufferCreate();
    for (xmlNodePtr c = cut->children; c; c = c->next)
        htmlNodeDump(b, cut->doc, c);
    char *r = arena_strndup(a, (const char *)xmlBufferContent(b), (size_t)xmlBufferLength(b));
    xmlBufferFree(b);
    return r;
}

/* ---- plain text --------------------------------------------------------- */

static const char *const text_blocks[] = {
    "p", "div", "section", "article", "blockquote", "li", "ul", "ol", "dl", "dt", "dd", "h1",
    "h2", "h3", "h4", "h5", "h6", "pre", "table", "tr", "figure", "figcaption", "header",
    "footer", "aside", "main", "address", "hr", "center", NULL,
};

typedef struct text_state {
    nm_buf b;
    int breaks;   /* newlines owed before the next text: 0, 1 or 2 */
    bool space;   /* a space owed */
    bool pre;
} text_state;

static void owe(text_state *t, int n)
{
    if (t->b.len && t->breaks < n)
        t->breaks = n;
}

static void put_text(text_state *t, const char *s)
{
    for (; *s; s++) {
        char c = *s;
        if (!t->pre && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')) {
            t->space = true;
            continue;
        }
        if (t->breaks) {
            buf_append(&t->b, "\n\n", (size_t)t->breaks);
            t->breaks = 0;
            t->space = false;
        } else if (t->space && t->b.len) {
            buf_putc(&t->b, ' ');
        }
        t->space = false;
        buf_putc(&t->b, c);
    }
}

/* Not prose: captions, credits, screen-reader-only text. They stay in
 * the HTML (figures with their captions) but not in the plain text. */
static bool not_prose(xmlNodePtr n)
{
    if (dom_is(n, "figcaption") || dom_is(n, "figure"))
        return true;
    const char *c = dom_attr(n, "class");
    if (!c || !*c)
        return false;
    char low[256];
    size_t k = 0;
    for (; c[k] && k + 1 < sizeof(low); k++)
        low[k] = (char)((c[k] >= 'A' && c[k] <= 'Z') ? c[k] + 32 : c[k]);
    low[k] = 0;
    return strstr(low, "caption") || strstr(low, "credit") || strstr(low, "sr-only") ||
           strstr(low, "visually-hidden") || strstr(low, "off-screen") ||
           strstr(low, "screen-reader");
}

static void plain_walk(text_state *t, xmlNodePtr n)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE) {
            put_text(t, (const char *)c->content);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)c->name;
        if (!strcmp(name, "br")) {
            owe(t, 1);
            continue;
        }
        if (not_prose(c)) {
            owe(t, 2);
            continue;
        }
        bool block = false;
        for (const char *const *b = text_blocks; *b; b++)
            if (!strcmp(name, *b))
                block = true;
        bool cell = !strcmp(name, "td") || !strcmp(name, "th");
        if (block)
            owe(t, 2);
        else if (cell)
            t->space = true;
        bool was_pre = t->pre;
        if (!strcmp(name, "pre"))
            t->pre = true;
        plain_walk(t, c);
        t->pre = was_pre;
        if (block)
            owe(t, 2);
        else if (cell)
            t->space = true;
    }
}

char *extract_plain(arena *a, xmlNodePtr cut)
{
    text_state t = {0};
    buf_init(&t.b, NM_BUF_NOLIMIT);
    plain_walk(&t, cut);
    char *r = arena_strndup(a, buf_cstr(&t.b), t.b.len);
    buf_free(&t.b);
    return r;
}

/* ---- next page ---------------------------------------------------------- */

static bool http_url(const char *u)
{
    return u && (!strncmp(u, "http://", 7) || !strncmp(u, "https://", 8));
}

/* "…/abc.shtml" -> does href look like "…/abc_2.shtml" (page 2 of it)? */
static bool second_page_of(const char *base, const char *href)
{
    const char *dot = strrchr(base, '.'), *slash = strrchr(base, '/');
    if (!dot || (slash && dot < slash))
        return false;
    size_t stem = (size_t)(dot - base);
    size_t hn = strlen(href);
    if (hn < stem + 2 || strncmp(href, base, stem))
        return false;
    const char *rest = href + stem;
    if (*rest != '_' && *rest != '-')
        return false;
    rest++;
    if (*rest != '2')
        return false;
    return !strcmp(rest + 1, dot);
}

/* Does href end as page 2 of base does ("_2.shtml", "-2.html"), the
 * cheap test before second_page_of on the resolved URL? */
static bool page2_tail(const char *base, const char *href)
{
    const char *dot = strrchr(base, '.'), *slash = strrchr(base, '/');
    if (!dot || (slash && dot < slash))
        return false;
    size_t dn = strlen(dot), hn = strlen(href);
    if (hn < dn + 2 || strcmp(href + hn - dn, dot))
        return false;
    const char *two = href + hn - dn - 2;
    return (two[0] == '_' || two[0] == '-') && two[1] == '2';
}

static xmlNodePtr find_next(xmlNodePtr n, arena *a, const char *base, const char **out)
{
    for (xmlNodePtr c = n->children; c && !*out; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (dom_is(c, "a") || dom_is(c, "link")) {
            const char *href = dom_attr(c, "href"), *rel = dom_attr(c, "rel");
            if (href && *href && href[0] != '#' && strncmp(href, "javascript:", 11)) {
                bool next = rel && !strcmp(rel, "next");
                if (!next && dom_is(c, "a")) {
                    char t[32];
                    next = dom_short_text(c, t, sizeof(t)) &&
                           (!strcmp(t, "下一页") || !strcmp(t, "下页") || !strcmp(t, "下一頁") ||
                            !nm_strcasecmp(t, "next page") || !strcmp(t, "下一页>") ||
                            !strcmp(t, "下一页 >") || !strcmp(t, "下一页»"));
                }
                /* resolving is the costly part: only for a link that is
                 * the next page or whose href ends as page 2 of base would */
                if (next || (base && dom_is(c, "a") && page2_tail(base, href))) {
                    char *abs = base ? url_resolve(a, base, href) : arena_strdup(a, href);
                    if (!next && abs && base)
                        next = second_page_of(base, abs);
                    if (next && http_url(abs) && (!base || strcmp(abs, base)))
                        *out = abs;
                }
            }
        }
        find_next(c, a, base, out);
    }
    return NULL;
}

const char *extract_next_page(arena *a, xmlDocPtr doc, const char *base_url)
{
    const char *out = NULL;
    find_next(xmlDocGetRootElement(doc), a, base_url, &out);
    return out;
}
