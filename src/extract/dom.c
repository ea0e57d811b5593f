/*
 * dom.c — a page made the libxml2 tree the extractor, the site rules'
 * XPath 1.0 and the serializer all work on.
 *
 * Before the parse the contents of <script> (but JSON-LD), <style> and
 * <svg> and comments are cut out; then parse.c builds the tree libxml2's
 * HTML parser would (once gumbo parsed the page and its tree was copied
 * into an htmlDoc, then libxml2's own parser built it, nesting bounded
 * first: each was most of the extractor's time). parse.c bounds the
 * nesting itself. Names are lower case, which is what HTML XPath
 * expressions expect.
 *
 * Also here: the few readers of the tree the other files share.
 */
#include "extract_int.h"

#include <stdlib.h>
#include <string.h>


/* ---- raw text out before the parse --------------------------------------- */

static bool ci_prefix(const char *p, const char *end, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(end - p) < n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != word[i])
            return false;
    }
    return true;
}

static bool name_end(const char *p, const char *end)
{
    return p >= end || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' ||
           *p == '>' || *p == '/';
}

/* The page without the contents of its <script> (but JSON-LD), <style>
 * and <svg> elements, and without comments: more than half the bytes of a
 * modern page (on the scrapinghub pages 28 % scripts, 25 % styles, 3 %
 * inline SVG icons, whose many path nodes cost more still), which the
 * extractor drops anyway, and which the parser would otherwise walk
 * character by character. The scan follows the tokenizer where it
 * matters: a raw text element ends at the first "</script" or "</style",
 * an <svg> (not self-closed) at its own "</svg" (inner <svg>s counted), a
 * comment at the first "-->"; the tags themselves stay, so the tree has
 * the same elements (only empty). in itself when there is nothing to
 * drop, else a copy in tmp. */
static const char *drop_raw_text(arena *tmp, const char *in, size_t *len)
{
    const char *p = in, *end = in + *len;
    char *out = NULL;
    size_t o = 0;
    const char *copied = in; /* bytes before this are in out */
    while (p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt)
            break;
        const char *skip_from = NULL, *skip_to = NULL;
        char next = lt + 1 < end ? (char)(lt[1] | 32) : 0;
        if (next != '!' && next != 's') { /* the common case, at a glance */
            p = lt + 1;
            continue;
        }
        if (ci_prefix(lt, end, "<!--")) {
            const char *e = memmem(lt + 4, (size_t)(end - lt - 4), "-->", 3);
            if (!e)
                break;
            skip_from = lt;
            skip_to = e + 3;
        } else if ((ci_prefix(lt, end, "<script") && name_end(lt + 7, end)) ||
                   (ci_prefix(lt, end, "<style") && name_end(lt + 6, end)) ||
                   (ci_prefix(lt, end, "<svg") && name_end(lt + 4, end))) {
            bool script = (lt[2] | 32) == 'c', svg = (lt[2] | 32) == 'v';
            const char *gt = memchr(lt, '>', (size_t)(end - lt));
            if (!gt)
                break;
            if (svg && gt[-1] == '/') { /* <svg .../>: nothing inside */
                p = gt + 1;
                continue;
            }
            const char *close = gt + 1;
            const char *want = script ? "</script" : svg ? "</svg" : "</style";
            int open = 1; /* an <svg> may hold another */
            for (; close < end; close++) {
                close = memchr(close, '<', (size_t)(end - close));
                if (!close)
                    break;
                if (svg && ci_prefix(close, end, "<svg") && name_end(close + 4, end)) {
                    const char *g = memchr(close, '>', (size_t)(end - close));
                    if (g && g[-1] != '/')
                        open++;
                } else if (ci_prefix(close, end, want) && name_end(close + strlen(want), end) &&
                           --open == 0) {
                    break;
                }
            }
            if (!close || close >= end)
                break;
            bool keep = false;
            if (script) { /* JSON-LD stays: the metadata reads it */
                for (const char *q = lt; q + 8 <= gt && !keep; q++)
                    keep = ci_prefix(q, gt, "ld+json");
            }
            if (!keep && close > gt + 1) {
                skip_from = gt + 1;
                skip_to = close;
            }
            if (!skip_from) {
                p = close;
                continue;
            }
        } else {
            p = lt + 1;
            continue;
        }
        if (!out)
            out = arena_alloc(tmp, *len + 1);
        memcpy(out + o, copied, (size_t)(skip_from - copied));
        o += (size_t)(skip_from - copied);
        copied = p = skip_to;
    }
    if (!out)
        return in;
    memcpy(out + o, copied, (size_t)(end - copied));
    o += (size_t)(end - copied);
    out[o] = 0;
    *len = o;
    return out;
}

xmlDocPtr extract_dom_build(arena *tmp, const char *in, size_t len)
{
    in = drop_raw_text(tmp, in, &len);
    xmlDocPtr doc = extract_parse_html(in, len);
    if (!xmlDocGetRootElement(doc))
        xmlDocSetRootElement(doc, xmlNewDocNode(doc, NULL, (const xmlChar *)"html", NULL));
    return doc;
}

/* ---- readers ------------------------------------------------------------ */

bool dom_in_sorted(const char *s, const char *const *list, size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *m = list[mid];
        /* the first byte decides most steps without a call */
        int c = (unsigned char)s[0] - (unsigned char)m[0];
        if (!c && s[0])
            c = strcmp(s + 1, m + 1);
        if (!c)
            return true;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}

/* Both lists sorted (strcmp order) for dom_in_sorted. */
static const char *const block_tags[] = {
    "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
};

/* Text-level elements: part of a run of text. Every other element,
 * custom elements (<app-root>, <article-body>) included, is a box. */
static const char *const inline_tags[] = {
    "a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn", "em",
    "font", "i", "img", "ins", "kbd", "label", "mark", "nobr", "picture", "q", "rp", "rt",
    "ruby", "s", "samp", "small", "source", "span", "strike", "strong", "sub", "sup", "time",
    "tt", "u", "var", "wbr",
};

bool dom_is_block(xmlNodePtr n)
{
    const char *name = (const char *)n->name;
    return n->type == XML_ELEMENT_NODE &&
           !dom_in_sorted(name, inline_tags, NM_ARRAY_LEN(inline_tags)) &&
           (dom_in_sorted(name, block_tags, NM_ARRAY_LEN(block_tags)) || n->children);
}



const char *dom_attr(xmlNodePtr n, const char *name)
{
    if (!n || n->type != XML_ELEMENT_NODE)
        return NULL;
    for (xmlAttrPtr a = n->properties; a; a = a->next)
        if (a->name[0] == (xmlChar)name[0] && !strcmp((const char *)a->name, name))
            return a->children && a->children->content ? (const char *)a->children->content
                                                       : "";
    return NULL;
}

xmlNodePtr dom_find(xmlNodePtr root, const char *name)
{
    for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (!strcmp((const char *)c->name, name))
            return c;
        xmlNodePtr f = dom_find(c, name);
        if (f)
            return f;
    }
    return NULL;
}

static void text_walk(nm_buf *b, xmlNodePtr n, bool *space)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE) {
            for (const char *p = (const char *)c->content; p && *p; p++) {
                char ch = *p;
                if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f') {
                    *space = true;
                    continue;
                }
                if (*space && b->len)
                    buf_putc(b, ' ');
                *space = false;
                buf_putc(b, ch);
            }
        } else if (c->type == XML_ELEMENT_NODE) {
            if (dom_is(c, "script") || dom_is(c, "style"))
                continue;
            text_walk(b, c, space);
        }
    }
}

char *dom_text(arena *a, xmlNodePtr n)
{
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    bool space = false;
    if (n->type == XML_TEXT_NODE) {
        xmlNodePtr wrap = n; /* a lone text node: read its content */
        const char *p = (const char *)wrap->content;
        char *r = arena_strdup(a, p ? p : "");
        buf_free(&b);
        return r;
    }
    text_walk(&b, n, &space);
    char *r = arena_strndup(a, buf_cstr(&b), b.len);
    buf_free(&b);
    return r;
}

/* text_walk into out[0, cap): false as soon as it does not fit */
static bool short_walk(xmlNodePtr n, char *out, size_t cap, size_t *len, bool *space)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE) {
            for (const char *p = (const char *)c->content; p && *p; p++) {
                char ch = *p;
                if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f') {
                    *space = true;
                    continue;
                }
                if (*len + 2 >= cap)
                    return false;
                if (*space && *len)
                    out[(*len)++] = ' ';
                *space = false;
                out[(*len)++] = ch;
            }
        } else if (c->type == XML_ELEMENT_NODE && !dom_is(c, "script") && !dom_is(c, "style")) {
            if (!short_walk(c, out, cap, len, space))
                return false;
        }
    }
    return true;
}

bool dom_short_text(xmlNodePtr n, char *out, size_t cap)
{
    size_t len = 0;
    bool space = false;
    bool fits = short_walk(n, out, cap, &len, &space);
    out[fits ? len : 0] = 0;
    return fits;
}

static size_t chars_walk(xmlNodePtr n, bool *space)
{
    size_t k = 0;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE) {
            for (const unsigned char *p = c->content; p && *p; p++) {
                if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f') {
                    if (!*space)
                        k++;
                    *space = true;
                } else if ((*p & 0xc0) != 0x80) {
                    k++;
                    *space = false;
                }
            }
        } else if (c->type == XML_ELEMENT_NODE && !dom_is(c, "script") && !dom_is(c, "style")) {
            k += chars_walk(c, space);
        }
    }
    return k;
}

size_t dom_text_chars(xmlNodePtr n)
{
    bool space = true;
    return chars_walk(n, &space);
}

/* ---- class and id names ------------------------------------------------ */

/* The symbol of a byte in a pair: a-z, '-', ' ', anything else. */
static unsigned pair_sym(unsigned char c)
{
    return c >= 'a' && c <= 'z' ? c - 'a' : c == '-' ? 26 : c == ' ' ? 27 : 28;
}

static unsigned pair_of(const char *p)
{
    return pair_sym((unsigned char)p[0]) * DOM_PAIR_SYMS + pair_sym((unsigned char)p[1]);
}

bool dom_names_of(xmlNodePtr n, bool dash, dom_names *out)
{
    const char *c = dom_attr(n, "class"), *i = dom_attr(n, "id");
    if (!c && !i) {
        strcpy(out->s, "   ");
        memset(out->pairs, 0, sizeof(out->pairs));
        return false;
    }
    memset(out->pairs, 0, sizeof(out->pairs));
    /* " class id ", cut at the buffer's end as snprintf would */
    const char *parts[] = {" ", c ? c : "", " ", i ? i : "", " "};
    size_t k = 0;
    for (size_t j = 0; j < NM_ARRAY_LEN(parts); j++)
        for (const char *p = parts[j]; *p && k + 1 < sizeof(out->s); p++) {
            char ch = *p;
            if (ch >= 'A' && ch <= 'Z')
                ch = (char)(ch + 32);
            else if (dash && ch == '_')
                ch = '-';
            out->s[k++] = ch;
        }
    out->s[k] = 0;
    for (size_t j = 0; j + 1 < k; j++) {
        unsigned pr = pair_of(out->s + j);
        out->pairs[pr / 64] |= (uint64_t)1 << (pr % 64);
    }
    return true;
}

bool dom_names_have(const dom_names *names, const char *const *words)
{
    for (; *words; words++) {
        unsigned pr = pair_of(*words);
        if ((names->pairs[pr / 64] >> (pr % 64) & 1) && strstr(names->s, *words))
            return true;
    }
    return false;
}
