/*
 * parse.c — a page's HTML read into libxml2's tree by a small parser of
 * our own that builds the tree libxml2's HTML parser (2.9) builds.
 *
 * libxml2's parser reads a page character by character through its input
 * layer (a function call per character of every attribute value and
 * text run): that was 55-60 % of the extractor's instructions on the
 * benchmark pages, the extraction itself less than a third. This one
 * scans with memchr, copies runs whole, and follows libxml2's rules, so
 * that the extractor, the site rules' XPath and the serializer see the
 * same tree as before:
 *  - tags: names lower-cased (an element name XPath could not match
 *    becomes span, such an attribute is dropped), an attribute given
 *    twice keeps its first value, `/>` closes any element, the void
 *    elements of HTML 4 (br, img, meta, link, input, hr …) hold nothing;
 *  - character references: numeric ones (';' optional) and HTML 4's
 *    named ones with their ';' (html_entity); anything else is text as
 *    written;
 *  - raw text: <script> and <style> up to their end tag; comments,
 *    <!DOCTYPE …> and <?…?> make no node;
 *  - the tree (libxml2's htmlAutoClose, htmlCheckImplied,
 *    htmlCheckParagraph, htmlAutoCloseOnClose): html, head and body
 *    implied where libxml2 implies them; a start tag closes the open
 *    element on top while htmlStartClose says so (<p>, <div>, <table> …
 *    close a <p>, <li> an <li>, <td> a <td> …); an end tag closes up to its
 *    element unless an element of higher end priority is in between
 *    (div < td, th < tr < thead, tbody, tfoot < table < head, body <
 *    html), and is ignored when its element is not open; a second
 *    html, head or body start tag is dropped with its end tag; text
 *    straight in html or head goes into an implied <p> (whitespace
 *    stays where it is: libxml2 keeps blanks); <template> contents are
 *    dropped.
 * The result owns its nodes (xmlFreeDoc); names are in the doc's
 * dictionary, as libxml2's parser puts them.
 */
#include "extract_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/parserInternals.h>
#include <libxml/valid.h>

#include "html/html.h"

/* Open elements deeper than this are added but not kept open (the
 * input's nesting is bounded at 200 before, see dom.c). */
#define PARSE_MAX_OPEN 256

/* ---- what libxml2 knows of elements ---------------------------------------- */

/* HTML 4's void elements (libxml2's html40ElementTable "empty"): never
 * open. Sorted. */
static const char *const void_tags[] = {
    "area", "base", "basefont", "br", "col", "frame", "hr", "img", "input", "isindex", "link",
    "meta", "param",
};

/* libxml2's htmlStartClose: {open element, start tag that closes it},
 * sorted (strcmp of the first, then the second) for bsearch. */
typedef struct start_close {
    const char *open, *tag;
} start_close;

static const start_close start_closes[] = {
    {"a", "a"}, {"a", "fieldset"}, {"a", "table"}, {"a", "td"}, {"a", "th"}, {"address", "dd"},
    {"address", "dl"}, {"address", "dt"}, {"address", "form"}, {"address", "li"},
    {"address", "ul"}, {"b", "center"}, {"b", "p"}, {"b", "td"}, {"b", "th"}, {"big", "p"},
    {"caption", "col"}, {"caption", "colgroup"}, {"caption", "tbody"}, {"caption", "tfoot"},
    {"caption", "thead"}, {"caption", "tr"}, {"col", "col"}, {"col", "colgroup"},
    {"col", "tbody"}, {"col", "tfoot"}, {"col", "thead"}, {"col", "tr"},
    {"colgroup", "colgroup"}, {"colgroup", "tbody"}, {"colgroup", "tfoot"},
    {"colgroup", "thead"}, {"colgroup", "tr"}, {"dd", "dt"}, {"dir", "dd"}, {"dir", "dl"},
    {"dir", "dt"}, {"dir", "form"}, {"dir", "ul"}, {"dl", "form"}, {"dl", "li"}, {"dt", "dd"},
    {"dt", "dl"}, {"font", "center"}, {"font", "td"}, {"font", "th"}, {"form", "form"},
    {"h1", "fieldset"}, {"h1", "form"}, {"h1", "li"}, {"h1", "p"}, {"h1", "table"},
    {"h2", "fieldset"}, {"h2", "form"}, {"h2", "li"}, {"h2", "p"}, {"h2", "table"},
    {"h3", "fieldset"}, {"h3", "form"}, {"h3", "li"}, {"h3", "p"}, {"h3", "table"},
    {"h4", "fieldset"}, {"h4", "form"}, {"h4", "li"}, {"h4", "p"}, {"h4", "table"},
    {"h5", "fieldset"}, {"h5", "form"}, {"h5", "li"}, {"h5", "p"}, {"h5", "table"},
    {"h6", "fieldset"}, {"h6", "form"}, {"h6", "li"}, {"h6", "p"}, {"h6", "table"},
    {"head", "a"}, {"head", "abbr"}, {"head", "acronym"}, {"head", "address"}, {"head", "b"},
    {"head", "bdo"}, {"head", "big"}, {"head", "blockquote"}, {"head", "body"}, {"head", "br"},
    {"head", "center"}, {"head", "cite"}, {"head", "code"}, {"head", "dd"}, {"head", "dfn"},
    {"head", "dir"}, {"head", "div"}, {"head", "dl"}, {"head", "dt"}, {"head", "em"},
    {"head", "fieldset"}, {"head", "font"}, {"head", "form"}, {"head", "frameset"},
    {"head", "h1"}, {"head", "h2"}, {"head", "h3"}, {"head", "h4"}, {"head", "h5"},
    {"head", "h6"}, {"head", "hr"}, {"head", "i"}, {"head", "iframe"}, {"head", "img"},
    {"head", "kbd"}, {"head", "li"}, {"head", "listing"}, {"head", "map"}, {"head", "menu"},
    {"head", "ol"}, {"head", "p"}, {"head", "pre"}, {"head", "q"}, {"head", "s"},
    {"head", "samp"}, {"head", "small"}, {"head", "span"}, {"head", "strike"},
    {"head", "strong"}, {"head", "sub"}, {"head", "sup"}, {"head", "table"}, {"head", "tt"},
    {"head", "u"}, {"head", "ul"}, {"head", "var"}, {"head", "xmp"}, {"hr", "form"},
    {"i", "center"}, {"i", "p"}, {"i", "td"}, {"i", "th"}, {"legend", "fieldset"}, {"li", "li"},
    {"link", "body"}, {"link", "frameset"}, {"listing", "dd"}, {"listing", "dl"},
    {"listing", "dt"}, {"listing", "fieldset"}, {"listing", "form"}, {"listing", "li"},
    {"listing", "table"}, {"listing", "ul"}, {"menu", "dd"}, {"menu", "dl"}, {"menu", "dt"},
    {"menu", "form"}, {"menu", "ul"}, {"ol", "form"}, {"option", "optgroup"},
    {"option", "option"}, {"p", "address"}, {"p", "blockquote"}, {"p", "body"},
    {"p", "caption"}, {"p", "center"}, {"p", "col"}, {"p", "colgroup"}, {"p", "dd"},
    {"p", "dir"}, {"p", "div"}, {"p", "dl"}, {"p", "dt"}, {"p", "fieldset"}, {"p", "form"},
    {"p", "frameset"}, {"p", "h1"}, {"p", "h2"}, {"p", "h3"}, {"p", "h4"}, {"p", "h5"},
    {"p", "h6"}, {"p", "head"}, {"p", "hr"}, {"p", "li"}, {"p", "listing"}, {"p", "menu"},
    {"p", "ol"}, {"p", "p"}, {"p", "pre"}, {"p", "table"}, {"p", "tbody"}, {"p", "td"},
    {"p", "tfoot"}, {"p", "th"}, {"p", "title"}, {"p", "tr"}, {"p", "ul"}, {"p", "xmp"},
    {"pre", "dd"}, {"pre", "dl"}, {"pre", "dt"}, {"pre", "fieldset"}, {"pre", "form"},
    {"pre", "li"}, {"pre", "table"}, {"pre", "ul"}, {"s", "p"}, {"script", "noscript"},
    {"small", "p"}, {"span", "td"}, {"span", "th"}, {"strike", "p"}, {"style", "body"},
    {"style", "frameset"}, {"tbody", "tbody"}, {"tbody", "tfoot"}, {"td", "tbody"},
    {"td", "td"}, {"td", "tfoot"}, {"td", "th"}, {"td", "tr"}, {"tfoot", "tbody"},
    {"th", "tbody"}, {"th", "td"}, {"th", "tfoot"}, {"th", "th"}, {"th", "tr"},
    {"thead", "tbody"}, {"thead", "tfoot"}, {"title", "body"}, {"title", "frameset"},
    {"tr", "tbody"}, {"tr", "tfoot"}, {"tr", "tr"}, {"tt", "p"}, {"u", "p"}, {"u", "td"},
    {"u", "th"}, {"ul", "address"}, {"ul", "form"}, {"ul", "menu"}, {"ul", "pre"},
    {"xmp", "dd"}, {"xmp", "dl"}, {"xmp", "dt"}, {"xmp", "fieldset"}, {"xmp", "form"},
    {"xmp", "li"}, {"xmp", "table"}, {"xmp", "ul"},
};

static int cmp_pair(const void *key, const void *item)
{
    const start_close *k = key, *e = item;
    int c = strcmp(k->open, e->open);
    return c ? c : strcmp(k->tag, e->tag);
}

/* Does start tag `tag` close the open element `open`? */
static bool closes(const char *tag, const char *open)
{
    start_close key = {open, tag};
    return bsearch(&key, start_closes, NM_ARRAY_LEN(start_closes), sizeof(start_closes[0]),
                   cmp_pair) != NULL;
}

static int cmp_name(const void *key, const void *item)
{
    return strcmp(key, *(const char *const *)item);
}

static bool is_void(const char *name)
{
    return bsearch(name, void_tags, NM_ARRAY_LEN(void_tags), sizeof(void_tags[0]), cmp_name) !=
           NULL;
}

/* libxml2's htmlEndPriority: an end tag closes no open element of a
 * higher priority than its own. */
static int priority(const char *name)
{
    static const struct {
        const char *name;
        int priority;
    } prio[] = {{"div", 150},   {"td", 160},    {"th", 160},    {"tr", 170},
                {"thead", 180}, {"tbody", 180}, {"tfoot", 180}, {"table", 190},
                {"head", 200},  {"body", 200},  {"html", 220}};
    for (size_t i = 0; i < NM_ARRAY_LEN(prio); i++)
        if (!strcmp(prio[i].name, name))
            return prio[i].priority;
    return 100;
}

static bool in_list(const char *const *list, const char *name)
{
    for (; list && *list; list++)
        if (!strcmp(*list, name))
            return true;
    return false;
}

/* ---- the parser's state ---------------------------------------------------- */

typedef struct parser {
    xmlDocPtr doc;
    const char *p, *end;
    xmlNodePtr open[PARSE_MAX_OPEN]; /* open[n - 1] is the current element */
    int n;
    int seen;          /* libxml2's ctxt->html: 3 once a head was opened, 10 a body */
    int dropped;       /* html, head and body start tags dropped (their end tags too) */
    nm_buf text;       /* text not yet made a node */
    nm_buf value;      /* the attribute value or raw text being read */
    char name[128];    /* the tag or attribute name being read, lower case */
} parser;

static const char *top_name(const parser *ps)
{
    return ps->n ? (const char *)ps->open[ps->n - 1]->name : NULL;
}

static void append(parser *ps, xmlNodePtr parent, xmlNodePtr c)
{
    if (!parent) {
        xmlAddChild((xmlNodePtr)ps->doc, c);
        return;
    }
    c->parent = parent;
    if (!parent->children) {
        parent->children = parent->last = c;
    } else {
        c->prev = parent->last;
        parent->last->next = c;
        parent->last = c;
    }
}

static xmlNodePtr current(const parser *ps)
{
    return ps->n ? ps->open[ps->n - 1] : NULL;
}

static void pop(parser *ps)
{
    xmlNodePtr el = ps->open[--ps->n];
    if (!strcmp((const char *)el->name, "template") && el->children) {
        xmlFreeNodeList(el->children);
        el->children = el->last = NULL;
    }
}

/* A new element named name (lower case, NUL-ended) under the current one,
 * opened unless void. */
static xmlNodePtr push(parser *ps, const char *name)
{
    const xmlChar *dn = xmlDictLookup(ps->doc->dict, (const xmlChar *)name, -1);
    xmlNodePtr el = xmlNewDocNodeEatName(ps->doc, NULL, (xmlChar *)dn, NULL);
    append(ps, current(ps), el);
    if (!strcmp(name, "head") && ps->seen < 3)
        ps->seen = 3;
    if (!strcmp(name, "body") && ps->seen < 10)
        ps->seen = 10;
    if (ps->n < PARSE_MAX_OPEN && !is_void(name))
        ps->open[ps->n++] = el;
    return el;
}

/* A text node of s[0, n): a short text is kept inside the node, where
 * libxml2's parser keeps it with HTML_PARSE_COMPACT (and libxml2 frees and
 * edits such nodes knowing it), saving a malloc for each of a page's many
 * runs of whitespace. */
static xmlNodePtr new_text(parser *ps, const char *s, size_t n)
{
    if (n >= 2 * sizeof(void *))
        return xmlNewDocTextLen(ps->doc, (const xmlChar *)s, (int)n);
    xmlNodePtr t = xmlMalloc(sizeof(*t));
    memset(t, 0, sizeof(*t));
    t->type = XML_TEXT_NODE;
    t->name = xmlStringText;
    t->doc = ps->doc;
    t->content = (xmlChar *)&t->properties;
    memcpy(t->content, s, n);
    t->content[n] = 0;
    return t;
}

/* ---- libxml2's implied elements and closes -------------------------------- */

/* htmlAutoClose: the new tag closes the current element while
 * htmlStartClose says so. */
static void auto_close(parser *ps, const char *tag)
{
    while (ps->n && closes(tag, top_name(ps)))
        pop(ps);
}

static bool open_has(const parser *ps, const char *name)
{
    for (int i = 0; i < ps->n; i++)
        if (!strcmp((const char *)ps->open[i]->name, name))
            return true;
    return false;
}

/* htmlCheckImplied: html, then head for head things or body for the rest. */
static void implied(parser *ps, const char *name)
{
    if (!strcmp(name, "html"))
        return;
    if (ps->n == 0)
        push(ps, "html");
    if (!strcmp(name, "body") || !strcmp(name, "head"))
        return;
    static const char *const head_tags[] = {"script", "style", "meta", "link", "title", "base",
                                            NULL};
    if (ps->n <= 1 && in_list(head_tags, name)) {
        if (ps->seen < 3)
            push(ps, "head");
    } else if (strcmp(name, "noframes") && strcmp(name, "frame") && strcmp(name, "frameset")) {
        if (ps->seen < 10 && !open_has(ps, "body") && !open_has(ps, "head"))
            push(ps, "body");
    }
}

/* htmlAutoCloseOnClose and the end tag itself. */
static void end_tag(parser *ps, const char *name)
{
    bool root = !strcmp(name, "html") || !strcmp(name, "body") || !strcmp(name, "head");
    if (ps->dropped > 0 && root) {
        ps->dropped--;
        return;
    }
    int prio = priority(name), i;
    for (i = ps->n - 1; i >= 0; i--) {
        if (!strcmp((const char *)ps->open[i]->name, name))
            break;
        if (priority((const char *)ps->open[i]->name) > prio)
            return;
    }
    if (i < 0)
        return;
    while (ps->n > i)
        pop(ps);
}

/* ---- text ------------------------------------------------------------------ */

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return false;
    return true;
}

/* The pending text as a node of the current element (in an implied <p>
 * when that is html or head and the text is not all blanks, as
 * libxml2's htmlCheckParagraph; libxml2 keeps blanks everywhere else, as
 * it does without HTML_PARSE_NOBLANKS). */
static void flush_text(parser *ps)
{
    if (!ps->text.len)
        return;
    const char *s = buf_cstr(&ps->text);
    size_t n = ps->text.len;
    bool blanks = blank(s, n);
    if (blanks && !ps->n) {
        buf_reset(&ps->text);
        return;
    }
    if (!blanks && (!ps->n || !strcmp(top_name(ps), "html") || !strcmp(top_name(ps), "head"))) {
        auto_close(ps, "p");
        implied(ps, "p");
        push(ps, "p");
    }
    xmlNodePtr t = new_text(ps, s, n);
    append(ps, current(ps), t);
    buf_reset(&ps->text);
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* A character reference at p ('&'): its text appended to out; returns
 * where the text goes on. libxml2's rules: &#N; and &#xH; (';' optional;
 * a value that is no XML character gives nothing), &name; of HTML 4's
 * names, anything else as written. */
static const char *char_ref(const char *p, const char *end, nm_buf *out)
{
    const char *q = p + 1;
    if (q < end && *q == '#') {
        q++;
        bool hex = q < end && (*q == 'x' || *q == 'X');
        if (hex)
            q++;
        unsigned long v = 0;
        for (; q < end; q++) {
            int d = is_digit(*q) ? *q - '0'
                    : hex && (*q | 32) >= 'a' && (*q | 32) <= 'f' ? (*q | 32) - 'a' + 10
                                                                   : -1;
            if (d < 0)
                break;
            v = v * (hex ? 16 : 10) + (unsigned long)d;
            if (v > 0x110000)
                v = 0x110000;
        }
        if (q < end && *q == ';')
            q++;
        bool ok = v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) ||
                  (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF);
        if (ok) {
            char u[8];
            buf_append(out, u, str_utf8_put(v, u));
        }
        return q;
    }
    while (q < end && (is_alpha(*q) || is_digit(*q) || *q == '.' || *q == '-' || *q == '_' ||
                       *q == ':'))
        q++;
    unsigned cp = q < end && *q == ';' && q > p + 1 ? html_entity(p + 1, (size_t)(q - p - 1), true)
                                                    : 0;
    if (!cp) {
        buf_append(out, p, (size_t)(q - p));
        return q;
    }
    char u[8];
    buf_append(out, u, str_utf8_put(cp, u));
    return q + 1;
}

/* s[0, n) with character references decoded and NUL bytes as spaces,
 * appended to out. */
static void append_decoded(nm_buf *out, const char *s, size_t n)
{
    const char *p = s, *end = s + n;
    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *nul = memchr(p, '\0', (size_t)((amp ? amp : end) - p));
        if (nul) {
            buf_append(out, p, (size_t)(nul - p));
            buf_putc(out, ' ');
            p = nul + 1;
            continue;
        }
        if (!amp) {
            buf_append(out, p, (size_t)(end - p));
            break;
        }
        buf_append(out, p, (size_t)(amp - p));
        p = char_ref(amp, end, out);
    }
}

/* ---- tags ------------------------------------------------------------------- */

static bool name_char(char c)
{
    return is_alpha(c) || is_digit(c) || c == ':' || c == '-' || c == '_' || c == '.';
}

/* A tag or attribute name at p, lower case in ps->name (cut at its size);
 * returns its end. Only libxml2's name characters. */
static const char *read_name(parser *ps, const char *p)
{
    size_t i = 0;
    for (; p < ps->end && name_char(*p); p++)
        if (i + 1 < sizeof(ps->name))
            ps->name[i++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    ps->name[i] = 0;
    return p;
}

static bool xml_name_ok(const char *s)
{
    return *s && !is_digit(*s) && *s != '-' && *s != '.';
}

/* The attribute ps->name="value" (NULL: without a value) added to el
 * unless el has one of that name already (libxml2 keeps the first). What
 * xmlNewNsProp builds, without its search of the list for the end: id
 * (and <a name>) registered as IDs as libxml2's parser does, for XPath's
 * id(). */
static void add_attr(parser *ps, xmlNodePtr el, nm_buf *value)
{
    xmlAttrPtr last = NULL;
    for (xmlAttrPtr at = el->properties; at; at = at->next) {
        if (!strcmp((const char *)at->name, ps->name))
            return;
        last = at;
    }
    xmlAttrPtr at = xmlMalloc(sizeof(*at));
    memset(at, 0, sizeof(*at));
    at->type = XML_ATTRIBUTE_NODE;
    at->name = xmlDictLookup(ps->doc->dict, (const xmlChar *)ps->name, -1);
    at->parent = el;
    at->doc = ps->doc;
    if (value) {
        xmlNodePtr t = new_text(ps, buf_cstr(value), value->len);
        t->parent = (xmlNodePtr)at;
        at->children = at->last = t;
    }
    if (last) {
        last->next = at;
        at->prev = last;
    } else {
        el->properties = at;
    }
    if (value && xmlIsID(ps->doc, el, at))
        xmlAddID(NULL, ps->doc, (const xmlChar *)buf_cstr(value), at);
}

/* The attributes of a start tag from p to its '>' added to el (el NULL:
 * read and dropped); returns the end of the tag; *self_closed at "/>". */
static const char *attributes(parser *ps, const char *p, xmlNodePtr el, bool *self_closed)
{
    nm_buf *v = &ps->value;
    *self_closed = false;
    while (p < ps->end) {
        while (p < ps->end && is_space(*p))
            p++;
        if (p >= ps->end)
            break;
        if (*p == '>')
            return p + 1;
        if (*p == '/') {
            if (p + 1 < ps->end && p[1] == '>') {
                *self_closed = true;
                return p + 2;
            }
            p++;
            continue;
        }
        const char *n0 = p;
        p = read_name(ps, p);
        bool good = p > n0 && xml_name_ok(ps->name);
        if (p == n0 || (p < ps->end && !is_space(*p) && *p != '=' && *p != '>' && *p != '/')) {
            /* not a name libxml2 reads: skipped to a blank or the end */
            while (p < ps->end && !is_space(*p) && *p != '>' &&
                   !(*p == '/' && p + 1 < ps->end && p[1] == '>'))
                p++;
            continue;
        }
        const char *q = p;
        while (q < ps->end && is_space(*q))
            q++;
        bool has_value = q < ps->end && *q == '=';
        buf_reset(v);
        if (has_value) {
            q++;
            while (q < ps->end && is_space(*q))
                q++;
            const char *v0, *v1;
            if (q < ps->end && (*q == '"' || *q == '\'')) {
                v0 = q + 1;
                v1 = memchr(v0, *q, (size_t)(ps->end - v0));
                if (!v1)
                    v1 = ps->end;
                p = v1 < ps->end ? v1 + 1 : v1;
            } else {
                v0 = v1 = q;
                while (v1 < ps->end && !is_space(*v1) && *v1 != '>')
                    v1++;
                p = v1;
            }
            append_decoded(v, v0, (size_t)(v1 - v0));
        }
        if (el && good)
            add_attr(ps, el, has_value ? v : NULL);
    }
    return p;
}

/* The text of a raw text element (script, style) up to its end tag,
 * as a text node of el; returns where its end tag starts. */
static const char *raw_text(parser *ps, const char *p, xmlNodePtr el, const char *name)
{
    size_t nl = strlen(name);
    const char *q = p;
    for (;;) {
        q = memchr(q, '<', (size_t)(ps->end - q));
        if (!q) {
            q = ps->end;
            break;
        }
        if (q + 2 + nl <= ps->end && q[1] == '/' && !nm_strncasecmp(q + 2, name, nl))
            break;
        q++;
    }
    if (q > p) {
        nm_buf *t = &ps->value;
        buf_reset(t);
        buf_append(t, p, (size_t)(q - p));
        append(ps, el, new_text(ps, buf_cstr(t), t->len));
    }
    return q;
}

/* A start tag at p ('<' and a letter); returns where the page goes on. */
static const char *start_tag(parser *ps, const char *p)
{
    p = read_name(ps, p + 1);
    char name[sizeof(ps->name)];
    strcpy(name, xml_name_ok(ps->name) ? ps->name : "span");
    auto_close(ps, name);
    implied(ps, name);
    bool drop = (!strcmp(name, "html") && ps->n > 0) || (!strcmp(name, "head") && ps->n != 1) ||
                (!strcmp(name, "body") && open_has(ps, "body"));
    bool self_closed;
    if (drop) {
        ps->dropped++;
        return attributes(ps, p, NULL, &self_closed);
    }
    xmlNodePtr el = push(ps, name);
    p = attributes(ps, p, el, &self_closed);
    if (self_closed) {
        if (ps->n && ps->open[ps->n - 1] == el)
            pop(ps);
    } else if (!strcmp(name, "script") || !strcmp(name, "style")) {
        p = raw_text(ps, p, el, name);
    }
    return p;
}

static const char *skip_past(const char *p, const char *end, const char *s)
{
    const char *e = memmem(p, (size_t)(end - p), s, strlen(s));
    return e ? e + strlen(s) : end;
}

xmlDocPtr extract_parse_html(const char *in, size_t len)
{
    parser *ps = xcalloc(1, sizeof(*ps));
    ps->doc = htmlNewDocNoDtD(NULL, NULL);
    ps->doc->dict = xmlDictCreate();
    ps->p = in;
    ps->end = in + len;
    buf_init(&ps->text, NM_BUF_NOLIMIT);
    buf_init(&ps->value, NM_BUF_NOLIMIT);
    const char *p = in, *end = in + len;
    while (p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt) {
            append_decoded(&ps->text, p, (size_t)(end - p));
            break;
        }
        append_decoded(&ps->text, p, (size_t)(lt - p));
        p = lt;
        char c = lt + 1 < end ? lt[1] : 0;
        if (is_alpha(c) || c == '_' || c == ':') {
            flush_text(ps);
            p = start_tag(ps, lt);
        } else if (c == '/' && lt + 2 < end && is_alpha(lt[2])) {
            flush_text(ps);
            const char *q = read_name(ps, lt + 2);
            end_tag(ps, ps->name);
            p = skip_past(q, end, ">");
        } else if (c == '!' && lt + 3 < end && lt[2] == '-' && lt[3] == '-') {
            flush_text(ps);
            p = skip_past(lt + 4, end, "-->");
        } else if (c == '!' || c == '?' || c == '/') {
            flush_text(ps);
            p = skip_past(lt, end, ">");
        } else {
            buf_putc(&ps->text, '<');
            p = lt + 1;
        }
    }
    flush_text(ps);
    while (ps->n)
        pop(ps);
    buf_free(&ps->text);
    buf_free(&ps->value);
    xmlDocPtr doc = ps->doc;
    free(ps);
    return doc;
}
