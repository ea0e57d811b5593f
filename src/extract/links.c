/*
 * links.c — the article links of a section page, for sources without a
 * feed (feeds.yml `type: html`).
 *
 * With a selector (feeds.yml `item:`), the links are those it picks: an
 * <a href> it matches, or the first <a href> inside an element it
 * matches (so `li.news` works as well as `li.news a`). The selector is
 * the small CSS subset people write for this (a comma list of descendant
 * chains of tag, .class and #id compounds), or an XPath 1.0 expression
 * (starting with / or (), evaluated on extract's libxml2 tree of the page
 * as site rules are.
 *
 * Without one, links are judged one by one the way a reader skims a
 * section page: an article link goes to the page's own site (same host,
 * or the same registered domain), has a path that looks like a story (a
 * long number such as a date or an id, a .html/.shtml file below the
 * root, or a slug of several words) and reads like a headline (at least
 * 5 characters with CJK, else at least 3 words). Links inside nav, header,
 * footer and aside, and the page itself, are not articles.
 *
 * Links keep document order, each URL once (its first headline; a longer
 * one later replaces it), resolved against <base href> or the page URL.
 *
 * Not here: charset (the caller gives UTF-8), fetching, extraction.
 */
#include "extract/extract.h"

#include <gumbo.h>
#include <libxml/xpath.h>
#include <string.h>

#include "extract_int.h"

#define LINKS_MAX_DEPTH 400

typedef struct simple_sel {
    const char *tag;           /* NULL: any */
    const char *id;
    const char **classes;
    size_t nclasses;
} simple_sel;

typedef struct chain {
    simple_sel *parts;         /* outermost first */
    size_t n;
} chain;

typedef struct finder {
    arena *a;
    const char *base;
    const char *page;          /* the page URL without fragment */
    const char *host;
    chain *chains;
    size_t nchains;
    extract_link *out;
    size_t n, max;
    const GumboNode *stack[LINKS_MAX_DEPTH];
    int depth;
} finder;

/* ---- the selector subset ---------------------------------------------------- */

static bool sel_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || (unsigned char)c >= 0x80;
}

/* Parses one compound (tag.class#id) at *s; -1 when it is not one. */
static int parse_simple(arena *a, const char **s, simple_sel *out)
{
    memset(out, 0, sizeof(*out));
    const char *p = *s;
    const char *classes[16];
    size_t nc = 0;
    if (*p == '*')
        p++;
    else if (sel_char(*p)) {
        const char *st = p;
        while (sel_char(*p))
            p++;
        char *t = arena_strndup(a, st, (size_t)(p - st));
        for (char *c = t; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
        out->tag = t;
    }
    while (*p == '.' || *p == '#') {
        char kind = *p++;
        const char *st = p;
        while (sel_char(*p))
            p++;
        if (p == st)
            return -1;
        const char *name = arena_strndup(a, st, (size_t)(p - st));
        if (kind == '#')
            out->id = name;
        else if (nc < NM_ARRAY_LEN(classes))
            classes[nc++] = name;
        else
            return -1;
    }
    if (p == *s)
        return -1;
    out->classes = arena_new_array(a, const char *, nc + 1);
    memcpy(out->classes, classes, nc * sizeof(*classes));
    out->nclasses = nc;
    *s = p;
    return 0;
}

static int parse_selector(finder *f, const char *sel, nm_error *err)
{
    size_t cap = 1;
    for (const char *c = sel; *c; c++)
        cap += *c == ',';
    f->chains = arena_new_array(f->a, chain, cap);
    const char *p = sel;
    for (;;) {
        simple_sel parts[32];
        size_t n = 0;
        while (*p == ' ' || *p == '\t')
            p++;
        while (*p && *p != ',') {
            if (n == NM_ARRAY_LEN(parts) || parse_simple(f->a, &p, &parts[n]))
                return nm_fail(err, NULL, 0, "selector '%s': only tag, .class and #id "
                                             "compounds, spaces and commas are understood "
                                             "(or an XPath starting with /)",
                               sel);
            n++;
            while (*p == ' ' || *p == '\t')
                p++;
        }
        if (n == 0)
            return nm_fail(err, NULL, 0, "selector '%s': an empty part", sel);
        chain *c = &f->chains[f->nchains++];
        c->parts = arena_new_array(f->a, simple_sel, n);
        memcpy(c->parts, parts, n * sizeof(*parts));
        c->n = n;
        if (*p != ',')
            break;
        p++;
    }
    return 0;
}

static const char *attr(const GumboElement *el, const char *name)
{
    const GumboAttribute *at = gumbo_get_attribute(&el->attributes, name);
    return at ? at->value : NULL;
}

static bool has_class(const char *list, const char *c)
{
    size_t n = strlen(c);
    for (const char *p = list; (p = strstr(p, c)); p += n) {
        bool start = p == list || p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n';
        char e = p[n];
        if (start && (e == '\0' || e == ' ' || e == '\t' || e == '\n'))
            return true;
    }
    return false;
}

static bool simple_match(const simple_sel *s, const GumboNode *node)
{
    const GumboElement *el = &node->v.element;
    if (s->tag) {
        const char *name = el->tag == GUMBO_TAG_UNKNOWN ? NULL : gumbo_normalized_tagname(el->tag);
        if (!name || strcmp(name, s->tag) != 0)
            return false;
    }
    if (s->id) {
        const char *id = attr(el, "id");
        if (!id || strcmp(id, s->id) != 0)
            return false;
    }
    if (s->nclasses) {
        const char *cl = attr(el, "class");
        if (!cl)
            return false;
        for (size_t i = 0; i < s->nclasses; i++)
            if (!has_class(cl, s->classes[i]))
                return false;
    }
    return true;
}

/* Does the element at the top of the stack match chain c (its last part
 * on the element, the others on ancestors, in order)? */
static bool chain_match(const finder *f, const chain *c)
{
    int d = f->depth - 1;
    if (d < 0 || !simple_match(&c->parts[c->n - 1], f->stack[d]))
        return false;
    size_t k = c->n - 1;
    for (d--; k > 0 && d >= 0; d--)
        if (simple_match(&c->parts[k - 1], f->stack[d]))
            k--;
    return k == 0;
}

/* ---- the same subset as XPath (feeds.yml selector:) ------------------------- */

static void xpath_simple(nm_buf *b, const simple_sel *s)
{
    buf_puts(b, s->tag ? s->tag : "*");
    if (s->id)
        buf_printf(b, "[@id='%s']", s->id);
    for (size_t i = 0; i < s->nclasses; i++)
        buf_printf(b, "[contains(concat(' ',normalize-space(@class),' '),' %s ')]",
                   s->classes[i]);
}

char *extract_css_xpath(arena *a, const char *sel, nm_error *err)
{
    while (*sel == ' ')
        sel++;
    if (*sel == '/' || *sel == '(')
        return arena_strdup(a, sel); /* XPath already */
    finder f = {.a = a};
    if (parse_selector(&f, sel, err))
        return NULL;
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    for (size_t i = 0; i < f.nchains; i++) {
        if (i)
            buf_puts(&b, " | ");
        for (size_t k = 0; k < f.chains[i].n; k++) {
            buf_puts(&b, "//");
            xpath_simple(&b, &f.chains[i].parts[k]);
        }
    }
    char *out = arena_strndup(a, b.data, b.len);
    buf_free(&b);
    return out;
}

/* ---- judging a link ------------------------------------------------------- */

/* "sina.com.cn" for "finance.sina.com.cn": the last two labels, three
 * when the second-last is a generic second level (com.cn, co.uk …). */
static str_view registered(const char *host)
{
    size_t n = strlen(host);
    const char *dots[3] = {0};
    int nd = 0;
    for (size_t i = n; i-- > 0;)
        if (host[i] == '.' && nd < 3)
            dots[nd++] = host + i;
    if (nd < 2)
        return sv_make(host, n);
    str_view second = sv_make(dots[1] + 1, (size_t)(dots[0] - dots[1] - 1));
    bool generic = sv_eq(second, SV("com")) || sv_eq(second, SV("net")) ||
                   sv_eq(second, SV("org")) || sv_eq(second, SV("gov")) ||
                   sv_eq(second, SV("edu")) || sv_eq(second, SV("co")) ||
                   sv_eq(second, SV("ac"));
    bool cc = strlen(dots[0] + 1) == 2;
    if (generic && cc) {
        const char *start = nd >= 3 ? dots[2] + 1 : host;
        return sv_make(start, n - (size_t)(start - host));
    }
    return sv_make(dots[1] + 1, n - (size_t)(dots[1] + 1 - host));
}

static bool same_site(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return true;
    return sv_eq(registered(a), registered(b));
}

/* A path that looks like one story rather than a section. */
static bool story_path(const char *url)
{
    const char *p = strstr(url, "://");
    p = p ? strchr(p + 3, '/') : NULL;
    if (!p || !p[1])
        return false;
    size_t len = strcspn(p, "?#");
    int digits = 0, run = 0, slashes = 0, hyphens = 0;
    for (size_t i = 0; i < len; i++) {
        char c = p[i];
        if (c >= '0' && c <= '9') {
            if (++run > digits)
                digits = run;
        } else
            run = 0;
        slashes += c == '/';
        hyphens += c == '-' || c == '_';
    }
    if (digits >= 4)
        return true;
    str_view path = sv_make(p, len);
    bool page = sv_ends_with(path, SV(".html")) || sv_ends_with(path, SV(".htm")) ||
                sv_ends_with(path, SV(".shtml"));
    if (page && slashes >= 2)
        return true;
    return hyphens >= 3;
}

/* Headline-like text: 5+ characters when CJK, else 3+ words. */
static bool headline(const char *t)
{
    size_t chars = 0, words = 0;
    bool cjk = false, in_word = false;
    for (const unsigned char *p = (const unsigned char *)t; *p;) {
        if (*p < 0x80) {
            bool sp = *p == ' ';
            if (!sp && !in_word)
                words++;
            in_word = !sp;
            if (!sp)
                chars++;
            p++;
            continue;
        }
        int n = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : 2;
        if (n == 3 && *p >= 0xe3 && *p <= 0xe9)
            cjk = true; /* U+3000..U+9FFF: CJK punctuation, kana, ideographs */
        chars++;
        in_word = true;
        for (int i = 0; i < n && *p; i++)
            p++;
    }
    return cjk ? chars >= 5 : words >= 3 && chars >= 12;
}

/* ---- the walk ------------------------------------------------------------- */

static void text_of(const GumboNode *n, nm_buf *b, int depth)
{
    if (depth > 64)
        return;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
        n->type == GUMBO_NODE_WHITESPACE) {
        buf_puts(b, n->v.text.text);
        return;
    }
    if (n->type != GUMBO_NODE_ELEMENT)
        return;
    const GumboVector *ch = &n->v.element.children;
    for (unsigned i = 0; i < ch->length; i++)
        text_of(ch->data[i], b, depth + 1);
    if (n->v.element.tag == GUMBO_TAG_IMG) {
        const char *alt = attr(&n->v.element, "alt");
        if (alt)
            buf_puts(b, alt);
    }
}

/* Whitespace collapsed and trimmed, in a. */
static char *squeeze(arena *a, const char *s, size_t n)
{
    char *out = arena_alloc(a, n + 1);
    size_t k = 0;
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || (c >= '\t' && c <= '\r')) {
            space = k > 0;
            continue;
        }
        if (space)
            out[k++] = ' ';
        space = false;
        out[k++] = (char)c;
    }
    out[k] = '\0';
    return out;
}

/* True for an http(s) URL, whose scheme is then written in lower case
 * ("Https://…" is a link like any other, and one spelling of each). */
static bool http_url(char *url)
{
    char scheme[16];
    url_scheme(url, scheme, sizeof(scheme));
    if (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0)
        return false;
    memcpy(url, scheme, strlen(scheme));
    return true;
}

static void add_link(finder *f, const GumboNode *a_el, bool judged)
{
    const char *href = attr(&a_el->v.element, "href");
    if (!href || !*href || href[0] == '#' || f->n == f->max)
        return;
    char *url = url_resolve(f->a, f->base, href);
    if (!http_url(url))
        return;
    char *hash = strchr(url, '#');
    if (hash)
        *hash = '\0';
    if (strcmp(url, f->page) == 0)
        return;
    nm_buf b;
    buf_init(&b, 1u << 16);
    text_of(a_el, &b, 0);
    char *text = squeeze(f->a, b.data ? b.data : "", b.len);
    buf_free(&b);
    if (!judged) {
        char *host = url_host(f->a, url);
        if (!host || !f->host || !same_site(host, f->host) || !story_path(url) || !headline(text))
            return;
    }
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->out[i].url, url) == 0) {
            if (strlen(text) > strlen(f->out[i].text))
                f->out[i].text = text;
            return;
        }
    f->out[f->n++] = (extract_link){.url = url, .text = text};
}

static const GumboNode *first_link(const GumboNode *n, int depth)
{
    if (n->type != GUMBO_NODE_ELEMENT || depth > 64)
        return NULL;
    if (n->v.element.tag == GUMBO_TAG_A && attr(&n->v.element, "href"))
        return n;
    const GumboVector *ch = &n->v.element.children;
    for (unsigned i = 0; i < ch->length; i++) {
        const GumboNode *l = first_link(ch->data[i], depth + 1);
        if (l)
            return l;
    }
    return NULL;
}

static bool chrome(const GumboElement *el)
{
    GumboTag t = el->tag;
    return t == GUMBO_TAG_NAV || t == GUMBO_TAG_HEADER || t == GUMBO_TAG_FOOTER ||
           t == GUMBO_TAG_ASIDE || t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE ||
           t == GUMBO_TAG_TEMPLATE;
}

static void walk(finder *f, const GumboNode *n)
{
    if (n->type != GUMBO_NODE_ELEMENT || f->depth >= LINKS_MAX_DEPTH || f->n == f->max)
        return;
    const GumboElement *el = &n->v.element;
    f->stack[f->depth++] = n;
    if (f->nchains) {
        for (size_t i = 0; i < f->nchains; i++)
            if (chain_match(f, &f->chains[i])) {
                const GumboNode *l = first_link(n, 0);
                if (l)
                    add_link(f, l, true);
                f->depth--;
                return;
            }
    } else {
        if (chrome(el)) {
            f->depth--;
            return;
        }
        if (el->tag == GUMBO_TAG_A) {
            add_link(f, n, false);
            f->depth--;
            return;
        }
    }
    for (unsigned i = 0; i < el->children.length; i++)
        walk(f, el->children.data[i]);
    f->depth--;
}

static const char *base_href(const GumboNode *n, int depth)
{
    if (n->type != GUMBO_NODE_ELEMENT || depth > 8)
        return NULL;
    if (n->v.element.tag == GUMBO_TAG_BASE)
        return attr(&n->v.element, "href");
    if (n->v.element.tag == GUMBO_TAG_BODY)
        return NULL;
    const GumboVector *ch = &n->v.element.children;
    for (unsigned i = 0; i < ch->length; i++) {
        const char *b = base_href(ch->data[i], depth + 1);
        if (b)
            return b;
    }
    return NULL;
}

static const char *xml_href(xmlNodePtr n)
{
    return n && n->type == XML_ELEMENT_NODE && dom_is(n, "a") ? dom_attr(n, "href") : NULL;
}

/* The first <a href> at or below n (document order), or NULL. */
static xmlNodePtr xml_first_link(xmlNodePtr n, int depth)
{
    if (!n || n->type != XML_ELEMENT_NODE || depth > 64)
        return NULL;
    if (xml_href(n))
        return n;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        xmlNodePtr l = xml_first_link(c, depth + 1);
        if (l)
            return l;
    }
    return NULL;
}

/* item: as XPath: each node it selects gives its (first) link. */
static int xpath_links(finder *f, const char *html, size_t len, const char *expr, nm_error *err)
{
    arena *tmp = arena_new(0);
    xmlDocPtr doc = extract_dom_build(tmp, html, len);
    int rc = 0;
    xmlXPathContextPtr ctx = doc ? xmlXPathNewContext(doc) : NULL;
    xmlXPathObjectPtr o = ctx ? xmlXPathEvalExpression((const xmlChar *)expr, ctx) : NULL;
    if (!doc)
        rc = nm_fail(err, f->page, 0, "cannot parse the page");
    else if (!o || o->type != XPATH_NODESET)
        rc = nm_fail(err, NULL, 0, "item: '%s': not an XPath 1.0 expression that selects "
                                   "elements", expr);
    for (int i = 0; rc == 0 && o->nodesetval && i < o->nodesetval->nodeNr && f->n < f->max; i++) {
        xmlNodePtr l = xml_first_link(o->nodesetval->nodeTab[i], 0);
        if (!l)
            continue;
        char *href = url_resolve(f->a, f->base, xml_href(l));
        char *hash = strchr(href, '#');
        if (hash)
            *hash = '\0';
        if (!http_url(href) || strcmp(href, f->page) == 0)
            continue;
        const char *text = dom_text(f->a, l);
        bool dup = false;
        for (size_t k = 0; k < f->n && !dup; k++)
            dup = strcmp(f->out[k].url, href) == 0;
        if (!dup)
            f->out[f->n++] = (extract_link){.url = href, .text = text ? text : ""};
    }
    if (o)
        xmlXPathFreeObject(o);
    if (ctx)
        xmlXPathFreeContext(ctx);
    if (doc)
        xmlFreeDoc(doc);
    arena_free(tmp);
    return rc;
}

int extract_links(arena *a, const char *html, size_t len, const char *url, const char *selector,
                  size_t max, extract_link **out, size_t *n, nm_error *err)
{
    *out = NULL;
    *n = 0;
    finder f = {.a = a, .max = max ? max : EXTRACT_LINKS_MAX};
    while (selector && *selector == ' ')
        selector++;
    bool xpath = selector && (*selector == '/' || *selector == '(');
    if (selector && *selector && !xpath && parse_selector(&f, selector, err))
        return -1;
    GumboOptions go = kGumboDefaultOptions;
    go.max_errors = 0;
    GumboOutput *g = gumbo_parse_with_options(&go, html, len);
    if (!g)
        return nm_fail(err, url, 0, "cannot parse the page");
    const char *page = url ? arena_strdup(a, url) : "";
    char *hash = strchr(page, '#');
    if (hash)
        *hash = '\0';
    f.page = page;
    const char *b = base_href(g->root, 0);
    f.base = b ? url_resolve(a, url, b) : url;
    f.host = url_host(a, url);
    f.out = arena_new_array(a, extract_link, f.max + 1);
    int rc = 0;
    if (xpath)
        rc = xpath_links(&f, html, len, selector, err);
    else
        walk(&f, g->root);
    gumbo_destroy_output(&go, g);
    if (rc)
        return -1;
    *out = f.out;
    *n = f.n;
    return 0;
}
