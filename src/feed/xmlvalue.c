/*
 * xmlvalue.c — how the value of an XML feed element is read.
 *
 * The elements of a feed carry their value in different ways: text or
 * CDATA, escaped HTML, inline XHTML (Atom type="xhtml", or HTML a broken
 * feed forgot to escape), attributes. This file turns an element into the
 * value kinds of doc/feed-json.md — TEXT, HTML, URL, an author's
 * name — following its type/mode attributes (Atom) or feedparser's guess
 * (RSS), and tracks xml:base. Namespaces are recognised by URI, never by
 * prefix. It reads the tree sax.c builds (xml_int.h).
 *
 * Three repairs happen here, field by field: base64 bodies (Atom 0.3
 * mode="base64") are decoded and then read by their type; text that was
 * UTF-8 read as windows-1252 and encoded again ("â€™") is put back when
 * the whole field reads cleanly that way (bozo); and a "<!" that nothing
 * closes (CDATA holding "<!DOCTYPE " or "<!'") stays text in an HTML
 * field, where an HTML parser would swallow the rest as a comment.
 *
 * Not here: which element feeds which field (rss_atom.c).
 */
#include "xml_int.h"

#include <string.h>

#include "charset/charset.h"
#include "util/ctype.h"

static const struct { const char *uri; enum ns ns; } ns_table[] = {
    {"http://www.w3.org/2005/Atom", NS_CORE},
    {"http://purl.org/atom/ns#", NS_CORE},
    {"http://purl.org/rss/1.0/", NS_CORE},
    {"http://my.netscape.com/rdf/simple/0.9/", NS_CORE},
    {"http://backend.userland.com/rss", NS_CORE},
    {"http://backend.userland.com/rss2", NS_CORE},
    {"http://blogs.law.harvard.edu/tech/rss", NS_CORE},
    {"http://purl.org/net/rss1.1#", NS_CORE},
    {"http://purl.org/rss/1.0/modules/content/", NS_CONTENT},
    {"http://purl.org/dc/elements/1.1/", NS_DC},
    {"http://purl.org/dc/terms/", NS_DCTERMS},
    {"http://search.yahoo.com/mrss/", NS_MEDIA},
    {"http://search.yahoo.com/mrss", NS_MEDIA},
    {"http://www.itunes.com/dtds/podcast-1.0.dtd", NS_ITUNES},
    {"http://example.com/dtds/podcast-1.0.dtd", NS_ITUNES},
    {"http://purl.org/rss/1.0/modules/slash/", NS_SLASH},
    {"http://www.w3.org/1999/xhtml", NS_XHTML},
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", NS_RDF},
    {"http://purl.org/rss/1.0/modules/syndication/", NS_SY},
};



enum ns xv_ns_of_uri(const char *uri)
{
    if (!uri)
        return NS_CORE;
    for (size_t i = 0; i < NM_ARRAY_LEN(ns_table); i++)
        if (nm_strcasecmp(uri, ns_table[i].uri) == 0)
            return ns_table[i].ns;
    return NS_OTHER;
}

#define XML_NS "http://www.w3.org/XML/1998/namespace"

const char *xv_attr(const xnode *n, const char *name)
{
    for (unsigned i = 0; i < n->nattrs; i++) {
        const xattr *a = &n->attrs[i];
        if (nm_strcasecmp(a->name, name) != 0)
            continue;
        if (a->uri && strcmp(a->uri, XML_NS) == 0)
            continue;
        return a->value;
    }
    return NULL;
}

const char *xv_xml_attr(const xnode *n, const char *name)
{
    for (unsigned i = 0; i < n->nattrs; i++) {
        const xattr *a = &n->attrs[i];
        if (a->uri && strcmp(a->uri, XML_NS) == 0 && strcmp(a->name, name) == 0)
            return a->value;
    }
    return NULL;
}

/* The base URI in scope inside n, given the parent's. */
const char *xv_base_of(walk *w, const xnode *n, const char *parent)
{
    if (!n->nattrs)
        return parent;
    const char *b = xv_xml_attr(n, "base");
    if (!b)
        return parent;
    str_view t = sv_trim(sv_from(b));
    return url_resolve(w->a, parent, sv_dup(w->a, t));
}

bool xv_has_element_child(const xnode *n)
{
    for (const xnode *c = n->children; c; c = c->next)
        if (c->type == XN_ELEM)
            return true;
    return false;
}

/* All text and CDATA below n, in the arena. */
str_view xv_node_text(walk *w, const xnode *n)
{
    const xnode *c = n->children;
    if (!c)
        return sv_make("", 0);
    if (!c->next && (c->type == XN_TEXT || c->type == XN_CDATA))
        return sv_make(c->text, c->len); /* lives as long as the node */
    buf_reset(&w->tmp);
    const xnode *stop = n;
    while (c) {
        if (c->type == XN_TEXT || c->type == XN_CDATA)
            buf_append(&w->tmp, c->text, c->len);
        if (c->type == XN_ELEM && c->children) {
            c = c->children;
            continue;
        }
        while (c && !c->next && c != stop)
            c = c->parent;
        if (!c || c == stop)
            break;
        c = c->next;
    }
    char *s = arena_strndup(w->a, buf_cstr(&w->tmp), w->tmp.len);
    return sv_make(s, w->tmp.len);
}

/* The children of n written out as markup (for inline XHTML and for HTML
 * that a broken feed did not escape). */
str_view xv_inner_xml(walk *w, const xnode *n)
{
    buf_reset(&w->tmp);
    xv_dump_children(&w->tmp, n);
    char *s = arena_strndup(w->a, buf_cstr(&w->tmp), w->tmp.len);
    return sv_make(s, w->tmp.len);
}

static str_view xv_node_markup(walk *w, const xnode *n)
{
    return xv_has_element_child(n) ? xv_inner_xml(w, n) : xv_node_text(w, n);
}

const char *xv_dup_trim(walk *w, str_view v)
{
    v = sv_trim(v);
    return v.len ? sv_dup(w->a, v) : NULL;
}

/* ---- the content model ------------------------------------------------- */


/* What an element's type/mode attributes say it holds. */
static enum kind xv_kind_of(const xnode *n, enum kind dflt)
{
    const char *mode = xv_attr(n, "mode");
    if (xv_attr(n, "src"))
        return K_SKIP; /* out-of-line content */
    const char *type = xv_attr(n, "type");
    enum kind k = dflt;
    if (type) {
        str_view t = sv_trim(sv_from(type));
        char low[64];
        size_t l = t.len < sizeof(low) - 1 ? t.len : sizeof(low) - 1;
        for (size_t i = 0; i < l; i++)
            low[i] = (char)nm_to_lower(t.ptr[i]);
        low[l] = 0;
        if (!strcmp(low, "text") || !strcmp(low, "text/plain"))
            k = K_TEXT;
        else if (!strcmp(low, "html") || !strcmp(low, "text/html"))
            k = K_HTML;
        else if (!strcmp(low, "xhtml") || !strcmp(low, "application/xhtml+xml"))
            k = K_XHTML;
        else if (l)
            return K_SKIP;
    }
    if (mode && nm_strcasecmp(mode, "xml") == 0)
        k = K_XHTML;
    return k;
}

static bool is_base64(const xnode *n)
{
    const char *mode = xv_attr(n, "mode");
    return mode && nm_strcasecmp(mode, "base64") == 0;
}

/* Decodes base64 (whitespace ignored, padding optional) into the arena;
 * false when v is not base64 or decodes to something that is not UTF-8. */
static bool base64_decode(walk *w, str_view v, str_view *out)
{
    char *o = arena_alloc(w->a, v.len / 4 * 3 + 4);
    size_t k = 0;
    unsigned acc = 0, bits = 0;
    bool pad = false;
    for (size_t i = 0; i < v.len; i++) {
        unsigned char c = (unsigned char)v.ptr[i];
        int d = nm_is_upper(c)   ? c - 'A'
                : nm_is_lower(c) ? c - 'a' + 26
                : nm_is_digit(c) ? c - '0' + 52
                : c == '+'       ? 62
                : c == '/'       ? 63
                                 : -1;
        if (nm_is_xml_space(c))
            continue;
        if (c == '=') {
            pad = true;
            continue;
        }
        if (d < 0 || pad)
            return false;
        acc = (acc << 6) | (unsigned)d;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            o[k++] = (char)((acc >> bits) & 0xFF);
        }
    }
    o[k] = 0;
    if (utf8_first_invalid(o, k) != k)
        return false;
    *out = sv_make(o, k);
    return true;
}

/* The text of n as it is meant: base64 decoded (*ok false when it does
 * not decode), double-encoded UTF-8 repaired. */
static str_view field_text(walk *w, const xnode *n, str_view v, bool *ok)
{
    *ok = true;
    if (is_base64(n) && !base64_decode(w, v, &v)) {
        *ok = false;
        return sv_make("", 0);
    }
    size_t len;
    const char *fixed = charset_fix_double_utf8(w->a, v.ptr, v.len, &len);
    if (fixed) {
        feed_set_bozo(w->r, "double-encoded UTF-8 (read as windows-1252 and encoded again) repaired");
        v = sv_make(fixed, len);
    }
    return v;
}

/* An HTML field's markup with every "<!" that no ">" follows written
 * "&lt;!": text, not the start of a comment that eats the rest. */
static str_view unclosed_decls_as_text(walk *w, str_view v)
{
    const char *p = v.ptr, *end = v.ptr + v.len;
    /* only after the last '>' can a "<!" be unclosed: a short tail */
    const char *gt = v.len ? memrchr(p, '>', v.len) : NULL;
    const char *from = gt ? gt + 1 : p;
    const char *bang = memmem(from, (size_t)(end - from), "<!", 2);
    if (!bang)
        return v;
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    buf_append(&b, p, (size_t)(bang - p));
    for (const char *q = bang; q < end; q++) {
        if (*q == '<')
            buf_puts(&b, "&lt;");
        else
            buf_putc(&b, *q);
    }
    str_view r = sv_make(arena_strndup(w->a, buf_cstr(&b), b.len), b.len);
    buf_free(&b);
    return r;
}

/* The xhtml:div wrapper's children, or n's. */
static str_view xv_xhtml_inner(walk *w, const xnode *n)
{
    for (const xnode *c = n->children; c; c = c->next) {
        if (c->type == XN_ELEM) {
            if (xv_is(c, "div"))
                return xv_inner_xml(w, c);
            break;
        }
    }
    return xv_inner_xml(w, n);
}

/* An HTML field (summary/content) from n; *ok false when skipped. */
const char *xv_html_value(walk *w, const xnode *n, const char *base, enum kind dflt, bool *ok)
{
    enum kind k = xv_kind_of(n, dflt);
    *ok = k != K_SKIP;
    if (k == K_SKIP)
        return NULL;
    str_view v;
    if (is_base64(n)) {
        v = field_text(w, n, xv_node_text(w, n), ok);
        if (!*ok)
            return NULL; /* not base64 after all: skipped */
        if (k == K_TEXT || (k == K_GUESS && !feed_looks_like_html(v.ptr, v.len)))
            return feed_html_escape_text(w->a, v.ptr, v.len);
        v = unclosed_decls_as_text(w, v);
        return feed_html_value(w->r, v.ptr, v.len, base);
    }
    switch (k) {
    case K_XHTML:
        v = field_text(w, n, xv_xhtml_inner(w, n), ok);
        return feed_html_value(w->r, v.ptr, v.len, base);
    case K_TEXT:
        if (xv_has_element_child(n)) {
            v = field_text(w, n, xv_inner_xml(w, n), ok);
            return feed_html_value(w->r, v.ptr, v.len, base);
        }
        v = field_text(w, n, xv_node_text(w, n), ok);
        return feed_html_escape_text(w->a, v.ptr, v.len);
    case K_GUESS:
        v = field_text(w, n, xv_node_markup(w, n), ok);
        if (xv_has_element_child(n) || feed_looks_like_html(v.ptr, v.len)) {
            v = unclosed_decls_as_text(w, v);
            return feed_html_value(w->r, v.ptr, v.len, base);
        }
        return feed_html_escape_text(w->a, v.ptr, v.len);
    case K_HTML:
    default:
        v = unclosed_decls_as_text(w, field_text(w, n, xv_node_markup(w, n), ok));
        return feed_html_value(w->r, v.ptr, v.len, base);
    }
}

/* A TEXT field from n. RSS text is HTML when it looks like it. */
const char *xv_text_value(walk *w, const xnode *n, enum kind dflt)
{
    enum kind k = xv_kind_of(n, dflt);
    if (k == K_SKIP)
        k = K_TEXT;
    if (k == K_GUESS && w->atom)
        k = K_TEXT;
    str_view v;
    bool ok;
    if (is_base64(n)) {
        v = field_text(w, n, xv_node_text(w, n), &ok);
        if (!ok)
            v = xv_node_text(w, n); /* not base64 after all: the text as it is */
        if (k == K_XHTML || k == K_HTML || (k == K_GUESS && feed_looks_like_html(v.ptr, v.len)))
            return feed_text_from_html(w->a, v.ptr, v.len);
        return feed_text_plain(w->a, v.ptr, v.len);
    }
    if (k == K_XHTML) {
        v = field_text(w, n, xv_xhtml_inner(w, n), &ok);
        return feed_text_from_html(w->a, v.ptr, v.len);
    }
    if (xv_has_element_child(n)) {
        v = field_text(w, n, xv_inner_xml(w, n), &ok);
        return feed_text_from_html(w->a, v.ptr, v.len);
    }
    v = field_text(w, n, xv_node_text(w, n), &ok);
    if (k == K_HTML || (k == K_GUESS && feed_looks_like_html(v.ptr, v.len)))
        return feed_text_from_html(w->a, v.ptr, v.len);
    return feed_text_plain(w->a, v.ptr, v.len);
}

const char *xv_url_value(walk *w, str_view v, const char *base)
{
    const char *u = xv_dup_trim(w, v);
    return u ? url_resolve(w->a, base, u) : NULL;
}

/* Author text of an element: Atom's <name> (or <email>), else the text. */
const char *xv_author_value(walk *w, const xnode *n)
{
    if (xv_has_element_child(n)) {
        const char *email = NULL;
        for (const xnode *c = n->children; c; c = c->next) {
            if (c->type != XN_ELEM)
                continue;
            if (xv_is(c, "name")) {
                const char *t = xv_text_value(w, c, K_TEXT);
                if (t)
                    return t;
            } else if (xv_is(c, "email") && !email) {
                email = xv_text_value(w, c, K_TEXT);
            }
        }
        return email;
    }
    str_view v = xv_node_text(w, n);
    return feed_author_name(w->a, sv_dup(w->a, v));
}

