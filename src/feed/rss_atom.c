/*
 * rss_atom.c — what the elements of RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 mean.
 *
 * One walk serves every XML format, as in feedparser: the namespaces of
 * RSS 0.90, RSS 1.0, Userland and both Atoms all mean "the core
 * vocabulary", so <title>, <link>, <updated> … are handled once whatever
 * the dialect; extensions (content:, dc:, dcterms:, media:, itunes:,
 * slash:, xhtml:, sy:) are recognised by namespace URI, never by prefix.
 * The feed's elements are the children of <channel> (RSS), of the root
 * (Atom, and RSS 1.0's image/textinput beside its channel); entries are
 * <item>/<entry> children of either. xml:base is tracked down the walk,
 * each level resolved against its parent (url_resolve).
 *
 * Each field follows the "source" column of ../shared/feed-json.md. Dates
 * stay text here: they are read in normalize.c, once the feed's language
 * (and so the zone for Chinese feeds) is known.
 *
 * Not here: the byte-level repairs (xml.c) and the rules shared with JSON
 * Feed (normalize.c).
 */
#include "feed_int.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

enum ns {
    NS_OTHER,
    NS_CORE, /* none, RSS 0.90/1.0, Userland, Atom 0.3/1.0 */
    NS_CONTENT,
    NS_DC,
    NS_DCTERMS,
    NS_MEDIA,
    NS_ITUNES,
    NS_SLASH,
    NS_XHTML,
    NS_RDF,
    NS_SY,
};

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

typedef struct walk {
    feed_raw *r;
    arena *a;
    bool atom; /* an Atom document: no guessing whether text is HTML */
    const xmlChar *last_uri;
    enum ns last_ns;
    const char *rss_link, *atom_link; /* feed.link: first RSS text link, last Atom link */
    int sy_period, sy_frequency;      /* sy:updatePeriod (minutes), sy:updateFrequency */
    nm_buf tmp;
} walk;

static enum ns ns_of(walk *w, const xmlNode *n)
{
    if (!n->ns || !n->ns->href)
        return NS_CORE;
    if (n->ns->href == w->last_uri)
        return w->last_ns;
    enum ns r = NS_OTHER;
    for (size_t i = 0; i < NM_ARRAY_LEN(ns_table); i++)
        if (nm_strcasecmp((const char *)n->ns->href, ns_table[i].uri) == 0)
            r = ns_table[i].ns;
    w->last_uri = n->ns->href;
    w->last_ns = r;
    return r;
}

static bool is(const xmlNode *n, const char *name)
{
    return strcmp((const char *)n->name, name) == 0;
}

static bool is_ci(const xmlNode *n, const char *name)
{
    return nm_strcasecmp((const char *)n->name, name) == 0;
}

/* An attribute's value (any namespace, name compared without case), in
 * the arena; NULL when absent. */
static const char *attr(walk *w, const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (nm_strcasecmp((const char *)a->name, name) != 0)
            continue;
        if (a->ns && a->ns->href && strcmp((const char *)a->ns->href,
                                            "http://www.w3.org/XML/1998/namespace") == 0)
            continue;
        if (a->children && !a->children->next && a->children->content)
            return arena_strdup(w->a, (const char *)a->children->content);
        xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
        const char *r = arena_strdup(w->a, v ? (const char *)v : "");
        xmlFree(v);
        return r;
    }
    return NULL;
}

static const char *xml_attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (a->ns && a->ns->href &&
            strcmp((const char *)a->ns->href, "http://www.w3.org/XML/1998/namespace") == 0 &&
            strcmp((const char *)a->name, name) == 0 && a->children)
            return (const char *)a->children->content;
    return NULL;
}

/* The base URI in scope inside n, given the parent's. */
static const char *base_of(walk *w, const xmlNode *n, const char *parent)
{
    const char *b = xml_attr(n, "base");
    if (!b)
        return parent;
    str_view t = sv_trim(sv_from(b));
    return url_resolve(w->a, parent, sv_dup(w->a, t));
}

static bool has_element_child(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return true;
    return false;
}

/* All text and CDATA below n, in the arena. */
static str_view node_text(walk *w, const xmlNode *n)
{
    const xmlNode *c = n->children;
    if (!c)
        return sv_make("", 0);
    if (!c->next && (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE))
        return sv_from((const char *)c->content); /* lives as long as the doc */
    buf_reset(&w->tmp);
    const xmlNode *stop = n;
    c = n->children;
    while (c) {
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            buf_puts(&w->tmp, (const char *)c->content);
        if (c->type == XML_ELEMENT_NODE && c->children) {
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
static str_view inner_xml(walk *w, xmlNode *n)
{
    xmlBufferPtr xb = xmlBufferCreate();
    for (xmlNode *c = n->children; c; c = c->next)
        xmlNodeDump(xb, n->doc, c, 0, 0);
    char *s = arena_strndup(w->a, (const char *)xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
    size_t len = (size_t)xmlBufferLength(xb);
    xmlBufferFree(xb);
    return sv_make(s, len);
}

static str_view node_markup(walk *w, xmlNode *n)
{
    return has_element_child(n) ? inner_xml(w, n) : node_text(w, n);
}

static const char *dup_trim(walk *w, str_view v)
{
    v = sv_trim(v);
    return v.len ? sv_dup(w->a, v) : NULL;
}

/* ---- the content model ------------------------------------------------- */

enum kind { K_SKIP, K_TEXT, K_HTML, K_XHTML, K_GUESS };

/* What an element's type/mode attributes say it holds. */
static enum kind kind_of(walk *w, const xmlNode *n, enum kind dflt)
{
    const char *mode = attr(w, n, "mode");
    if (mode && nm_strcasecmp(mode, "base64") == 0)
        return K_SKIP;
    if (attr(w, n, "src"))
        return K_SKIP; /* out-of-line content */
    const char *type = attr(w, n, "type");
    enum kind k = dflt;
    if (type) {
        str_view t = sv_trim(sv_from(type));
        char low[64];
        size_t l = t.len < sizeof(low) - 1 ? t.len : sizeof(low) - 1;
        for (size_t i = 0; i < l; i++)
            low[i] = (char)((t.ptr[i] >= 'A' && t.ptr[i] <= 'Z') ? t.ptr[i] + 32 : t.ptr[i]);
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

/* The xhtml:div wrapper's children, or n's. */
static str_view xhtml_inner(walk *w, xmlNode *n)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            if (is(c, "div"))
                return inner_xml(w, c);
            break;
        }
    }
    return inner_xml(w, n);
}

/* An HTML field (summary/content) from n; *ok false when skipped. */
static const char *html_value(walk *w, xmlNode *n, const char *base, enum kind dflt, bool *ok)
{
    enum kind k = kind_of(w, n, dflt);
    *ok = k != K_SKIP;
    str_view v;
    switch (k) {
    case K_SKIP:
        return NULL;
    case K_XHTML:
        v = xhtml_inner(w, n);
        return feed_sanitize_html(w->a, v.ptr, v.len, base);
    case K_TEXT:
        if (has_element_child(n)) {
            v = inner_xml(w, n);
            return feed_sanitize_html(w->a, v.ptr, v.len, base);
        }
        v = node_text(w, n);
        return feed_html_escape_text(w->a, v.ptr, v.len);
    case K_GUESS:
        v = node_markup(w, n);
        if (has_element_child(n) || feed_looks_like_html(v.ptr, v.len))
            return feed_sanitize_html(w->a, v.ptr, v.len, base);
        return feed_html_escape_text(w->a, v.ptr, v.len);
    case K_HTML:
    default:
        v = node_markup(w, n);
        return feed_sanitize_html(w->a, v.ptr, v.len, base);
    }
}

/* A TEXT field from n. RSS text is HTML when it looks like it. */
static const char *text_value(walk *w, xmlNode *n, enum kind dflt)
{
    enum kind k = kind_of(w, n, dflt);
    if (k == K_SKIP)
        k = K_TEXT;
    if (k == K_GUESS && w->atom)
        k = K_TEXT;
    str_view v;
    if (k == K_XHTML) {
        v = xhtml_inner(w, n);
        return feed_text_from_html(w->a, v.ptr, v.len);
    }
    if (has_element_child(n)) {
        v = inner_xml(w, n);
        return feed_text_from_html(w->a, v.ptr, v.len);
    }
    v = node_text(w, n);
    if (k == K_HTML || (k == K_GUESS && feed_looks_like_html(v.ptr, v.len)))
        return feed_text_from_html(w->a, v.ptr, v.len);
    return feed_text_plain(w->a, v.ptr, v.len);
}

static const char *url_value(walk *w, str_view v, const char *base)
{
    const char *u = dup_trim(w, v);
    return u ? url_resolve(w->a, base, u) : NULL;
}

/* Author text of an element: Atom's <name> (or <email>), else the text. */
static const char *author_value(walk *w, xmlNode *n)
{
    if (has_element_child(n)) {
        const char *email = NULL;
        for (xmlNode *c = n->children; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE)
                continue;
            if (is(c, "name")) {
                const char *t = text_value(w, c, K_TEXT);
                if (t)
                    return t;
            } else if (is(c, "email") && !email) {
                email = text_value(w, c, K_TEXT);
            }
        }
        return email;
    }
    str_view v = node_text(w, n);
    return feed_author_name(w->a, sv_dup(w->a, v));
}

/* An Atom <link>: rel (default alternate) and whether its type is HTML. */
static bool is_alternate_html(walk *w, xmlNode *n)
{
    const char *rel = attr(w, n, "rel");
    if (rel && nm_strcasecmp(sv_dup(w->a, sv_trim(sv_from(rel))), "alternate") != 0)
        return false;
    const char *type = attr(w, n, "type");
    if (!type)
        return true;
    str_view t = sv_trim(sv_from(type));
    return t.len == 0 || sv_eq_cstr(t, "text/html") || sv_eq_cstr(t, "application/xhtml+xml");
}

static void set_first(const char **slot, const char *v)
{
    if (!*slot && v)
        *slot = v;
}

/* ---- entries ------------------------------------------------------------ */

typedef struct entry_walk {
    feed_raw_entry *e;
    const char *rss_link, *atom_link, *guid_link;
    bool content_done, summary_done;
} entry_walk;

static void add_category(walk *w, feed_raw_entry *e, const char *t)
{
    if (t)
        feed_vec_push(w->a, &e->categories, (void *)t);
}

static void add_keywords(walk *w, feed_raw_entry *e, str_view v)
{
    const char *s = v.ptr, *end = v.ptr + v.len;
    while (s < end) {
        const char *comma = memchr(s, ',', (size_t)(end - s));
        const char *stop = comma ? comma : end;
        add_category(w, e, feed_text_plain(w->a, s, (size_t)(stop - s)));
        s = stop + 1;
    }
}

static int64_t parse_length(const char *s)
{
    if (!s)
        return -1;
    str_view t = sv_trim(sv_from(s));
    if (!t.len || t.len > 18)
        return -1;
    int64_t v = 0;
    for (size_t i = 0; i < t.len; i++) {
        if (t.ptr[i] < '0' || t.ptr[i] > '9')
            return -1;
        v = v * 10 + (t.ptr[i] - '0');
    }
    return v;
}

static void add_enclosure(walk *w, feed_raw_entry *e, const char *url, const char *type,
                          const char *length, const char *base)
{
    const char *u = url ? dup_trim(w, sv_from(url)) : NULL;
    if (!u)
        return;
    feed_enclosure *enc = arena_zalloc(w->a, sizeof(*enc));
    enc->url = url_resolve(w->a, base, u);
    enc->type = type ? dup_trim(w, sv_from(type)) : NULL;
    enc->length = parse_length(length);
    feed_vec_push(w->a, &e->enclosures, enc);
}

static bool is_image_type(const char *type)
{
    if (!type)
        return false;
    str_view t = sv_trim(sv_from(type));
    return t.len >= 6 && nm_strncasecmp(t.ptr, "image/", 6) == 0;
}

static void media_element(walk *w, entry_walk *ew, xmlNode *c, const char *base);

static void entry_element(walk *w, entry_walk *ew, xmlNode *c, const char *base)
{
    feed_raw_entry *e = ew->e;
    enum ns ns = ns_of(w, c);
    bool ok;
    if (ns == NS_CORE) {
        if (is(c, "title")) {
            set_first(&e->title, text_value(w, c, K_GUESS));
        } else if (is(c, "link")) {
            const char *href = attr(w, c, "href");
            if (href) {
                const char *rel = attr(w, c, "rel");
                if (rel && nm_strcasecmp(sv_dup(w->a, sv_trim(sv_from(rel))), "enclosure") == 0)
                    add_enclosure(w, e, href, attr(w, c, "type"), attr(w, c, "length"), base);
                else if (is_alternate_html(w, c) && dup_trim(w, sv_from(href)))
                    ew->atom_link = url_value(w, sv_from(href), base);
            } else {
                set_first(&ew->rss_link, url_value(w, node_text(w, c), base));
            }
        } else if (is(c, "guid")) {
            const char *g = dup_trim(w, node_text(w, c));
            if (g && !e->id) {
                e->id = g;
                const char *perma = attr(w, c, "isPermaLink");
                if (!perma || nm_strcasecmp(sv_dup(w->a, sv_trim(sv_from(perma))), "false") != 0)
                    ew->guid_link = url_resolve(w->a, base, g);
            }
        } else if (is(c, "id")) {
            set_first(&e->id, dup_trim(w, node_text(w, c)));
        } else if (is(c, "pubDate") || is(c, "published") || is(c, "issued")) {
            set_first(&e->published, dup_trim(w, node_text(w, c)));
        } else if (is(c, "updated") || is(c, "modified")) {
            set_first(&e->updated, dup_trim(w, node_text(w, c)));
        } else if (is(c, "author")) {
            set_first(&e->author, author_value(w, c));
        } else if (is(c, "description")) {
            if (!ew->summary_done) {
                e->summary = html_value(w, c, base, K_HTML, &ok);
                ew->summary_done = ok;
            }
        } else if (is(c, "summary")) {
            if (!ew->summary_done) {
                e->summary = html_value(w, c, base, w->atom ? K_TEXT : K_GUESS, &ok);
                ew->summary_done = ok;
            }
        } else if (is(c, "content")) {
            if (!ew->content_done) {
                e->content = html_value(w, c, base, w->atom ? K_TEXT : K_HTML, &ok);
                ew->content_done = ok;
            }
        } else if (is(c, "category")) {
            const char *term = attr(w, c, "term");
            add_category(w, e, term ? feed_text_plain(w->a, term, strlen(term))
                                    : text_value(w, c, K_TEXT));
        } else if (is(c, "enclosure")) {
            add_enclosure(w, e, attr(w, c, "url"), attr(w, c, "type"), attr(w, c, "length"),
                          base);
        }
    } else if (ns == NS_CONTENT && is(c, "encoded")) {
        if (!ew->content_done) {
            e->content = html_value(w, c, base, K_HTML, &ok);
            ew->content_done = ok;
        }
    } else if (ns == NS_XHTML && is(c, "body")) {
        if (!ew->content_done) {
            str_view v = inner_xml(w, c);
            e->content = feed_sanitize_html(w->a, v.ptr, v.len, base);
            ew->content_done = true;
        }
    } else if (ns == NS_DC) {
        if (is(c, "creator") || is(c, "author"))
            set_first(&e->author, author_value(w, c));
        else if (is(c, "date"))
            set_first(&e->updated, dup_trim(w, node_text(w, c)));
        else if (is(c, "subject"))
            add_category(w, e, text_value(w, c, K_TEXT));
    } else if (ns == NS_DCTERMS) {
        if (is(c, "issued"))
            set_first(&e->published, dup_trim(w, node_text(w, c)));
        else if (is(c, "modified"))
            set_first(&e->updated, dup_trim(w, node_text(w, c)));
    } else if (ns == NS_ITUNES) {
        if (is(c, "author")) {
            set_first(&e->author, author_value(w, c));
        } else if (is(c, "summary")) {
            if (!ew->summary_done) {
                e->summary = html_value(w, c, base, K_GUESS, &ok);
                ew->summary_done = ok;
            }
        } else if (is(c, "category")) {
            /* nested itunes:category elements (subcategories) count too */
            const char *t = attr(w, c, "text");
            add_category(w, e, t ? feed_text_plain(w->a, t, strlen(t)) : NULL);
            for (xmlNode *k = c->children; k; k = k->next)
                if (k->type == XML_ELEMENT_NODE)
                    entry_element(w, ew, k, base);
        } else if (is(c, "keywords")) {
            add_keywords(w, e, node_text(w, c));
        } else if (is(c, "image")) {
            const char *href = attr(w, c, "href");
            if (href && !e->itunes_image)
                e->itunes_image = url_value(w, sv_from(href), base);
        }
    } else if (ns == NS_MEDIA) {
        media_element(w, ew, c, base);
    }
}

static void media_element(walk *w, entry_walk *ew, xmlNode *c, const char *base)
{
    feed_raw_entry *e = ew->e;
    if (is(c, "thumbnail")) {
        const char *u = attr(w, c, "url");
        if (u && !e->thumbnail)
            e->thumbnail = dup_trim(w, sv_from(u));
    } else if (is(c, "content")) {
        const char *u = attr(w, c, "url"), *medium = attr(w, c, "medium");
        bool image = (medium && nm_strcasecmp(sv_dup(w->a, sv_trim(sv_from(medium))), "image") == 0) ||
                     is_image_type(attr(w, c, "type"));
        if (u && image && !e->media_image)
            e->media_image = dup_trim(w, sv_from(u));
        /* a media:content may hold its own thumbnail/category */
        for (xmlNode *k = c->children; k; k = k->next)
            if (k->type == XML_ELEMENT_NODE && ns_of(w, k) == NS_MEDIA && !is(k, "content"))
                media_element(w, ew, k, base);
    } else if (is(c, "group")) {
        for (xmlNode *k = c->children; k; k = k->next)
            if (k->type == XML_ELEMENT_NODE)
                entry_element(w, ew, k, base_of(w, k, base));
    } else if (is(c, "category")) {
        add_category(w, e, text_value(w, c, K_TEXT));
    } else if (is(c, "keywords")) {
        add_keywords(w, e, node_text(w, c));
    }
}

static void read_entry(walk *w, xmlNode *item, const char *parent_base)
{
    const char *base = base_of(w, item, parent_base);
    feed_raw_entry *e = arena_zalloc(w->a, sizeof(*e));
    entry_walk ew = {.e = e};
    for (xmlNode *c = item->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            entry_element(w, &ew, c, base_of(w, c, base));
    if (!e->id) {
        const char *about = NULL;
        for (const xmlAttr *a = item->properties; a; a = a->next)
            if (strcmp((const char *)a->name, "about") == 0 && a->children)
                about = (const char *)a->children->content;
        if (about)
            e->id = dup_trim(w, sv_from(about));
    }
    e->link = ew.rss_link ? ew.rss_link : ew.atom_link ? ew.atom_link : ew.guid_link;
    feed_vec_push(w->a, &w->r->entries, e);
}

/* ---- the feed ------------------------------------------------------------ */

static void feed_element(walk *w, xmlNode *c, const char *base)
{
    feed_raw *r = w->r;
    enum ns ns = ns_of(w, c);
    if (ns == NS_CORE) {
        if (is(c, "title")) {
            set_first(&r->title, text_value(w, c, K_GUESS));
        } else if (is(c, "link")) {
            const char *href = attr(w, c, "href");
            if (href) {
                if (is_alternate_html(w, c) && dup_trim(w, sv_from(href)))
                    w->atom_link = url_value(w, sv_from(href), base);
            } else {
                set_first(&w->rss_link, url_value(w, node_text(w, c), base));
            }
        } else if (is(c, "description")) {
            set_first(&r->description, text_value(w, c, K_HTML));
        } else if (is(c, "subtitle") || is(c, "tagline")) {
            set_first(&r->description, text_value(w, c, w->atom ? K_TEXT : K_GUESS));
        } else if (is(c, "language")) {
            set_first(&r->language, dup_trim(w, node_text(w, c)));
        } else if (is(c, "lastBuildDate") || is(c, "updated") || is(c, "modified")) {
            set_first(&r->updated, dup_trim(w, node_text(w, c)));
        } else if (is(c, "pubDate") || is(c, "published")) {
            set_first(&r->published, dup_trim(w, node_text(w, c)));
        } else if (is(c, "managingEditor") || is(c, "author")) {
            set_first(&r->author, author_value(w, c));
        } else if (is(c, "image")) {
            const char *ibase = base;
            for (xmlNode *k = c->children; k; k = k->next)
                if (k->type == XML_ELEMENT_NODE && is(k, "url") && ns_of(w, k) == NS_CORE) {
                    const char *u = url_value(w, node_text(w, k), base_of(w, k, ibase));
                    if (u)
                        r->image = u;
                }
        } else if (is(c, "logo")) {
            set_first(&r->logo, url_value(w, node_text(w, c), base));
        } else if (is(c, "icon")) {
            set_first(&r->icon, url_value(w, node_text(w, c), base));
        } else if (is(c, "ttl")) {
            int64_t t = parse_length(sv_dup(w->a, node_text(w, c)));
            if (t > 0 && t < 1000000 && !r->ttl_minutes)
                r->ttl_minutes = (int)t;
        }
    } else if (ns == NS_DC) {
        if (is(c, "language"))
            set_first(&r->language, dup_trim(w, node_text(w, c)));
        else if (is(c, "date"))
            set_first(&r->updated, dup_trim(w, node_text(w, c)));
        else if (is(c, "creator") || is(c, "author"))
            set_first(&r->author, author_value(w, c));
        else if (is(c, "title"))
            set_first(&r->title, text_value(w, c, K_GUESS));
    } else if (ns == NS_DCTERMS) {
        if (is(c, "modified"))
            set_first(&r->updated, dup_trim(w, node_text(w, c)));
    } else if (ns == NS_SY) {
        /* sy:updatePeriod / sy:updateFrequency: how often, as minutes */
        str_view t = sv_trim(node_text(w, c));
        if (is(c, "updatePeriod")) {
            static const struct { const char *name; int minutes; } periods[] = {
                {"hourly", 60}, {"daily", 1440}, {"weekly", 10080}, {"monthly", 43200},
                {"yearly", 525600}};
            for (size_t i = 0; i < NM_ARRAY_LEN(periods); i++)
                if (sv_eq_cstr(t, periods[i].name))
                    w->sy_period = periods[i].minutes;
        } else if (is(c, "updateFrequency")) {
            int64_t n = parse_length(sv_dup(w->a, t));
            if (n > 0 && n < 100000)
                w->sy_frequency = (int)n;
        }
    } else if (ns == NS_ITUNES) {
        if (is(c, "subtitle")) {
            set_first(&r->description, text_value(w, c, K_GUESS));
        } else if (is(c, "summary")) {
            set_first(&r->itunes_summary, text_value(w, c, K_GUESS));
        } else if (is(c, "author")) {
            set_first(&r->author, author_value(w, c));
        } else if (is(c, "image")) {
            const char *href = attr(w, c, "href");
            const char *u = href ? url_value(w, sv_from(href), base) : NULL;
            if (u)
                r->image = u;
        }
    }
}

static bool is_entry(walk *w, xmlNode *c)
{
    return ns_of(w, c) == NS_CORE && (is(c, "item") || is(c, "entry"));
}

static void read_children(walk *w, xmlNode *parent, const char *base)
{
    xmlNode *next;
    for (xmlNode *c = parent->children; c; c = next) {
        next = c->next;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *cbase = base_of(w, c, base);
        if (is_entry(w, c)) {
            read_entry(w, c, base);
            /* everything it holds is in the arena now: free it while it is
             * warm in the cache rather than in one sweep at the end */
            xmlUnlinkNode(c);
            xmlFreeNode(c);
            w->last_uri = NULL; /* its namespaces may have gone with it */
        } else if (ns_of(w, c) == NS_CORE && (is(c, "channel") || is(c, "items")))
            read_children(w, c, cbase);
        else
            feed_element(w, c, cbase);
    }
}

/* The format name of the root element, or NULL when it is not a feed. */
static const char *format_of(walk *w, xmlNode *root)
{
    const char *uri = root->ns && root->ns->href ? (const char *)root->ns->href : "";
    if (is_ci(root, "rss")) {
        const char *v = attr(w, root, "version");
        str_view t = sv_trim(sv_from(v ? v : ""));
        if (sv_eq_cstr(t, "0.91"))
            return "rss0.91";
        if (sv_eq_cstr(t, "0.92"))
            return "rss0.92";
        if (sv_eq_cstr(t, "0.93"))
            return "rss0.93";
        if (sv_eq_cstr(t, "0.94"))
            return "rss0.94";
        if (sv_starts_with(t, SV("2.")) || sv_eq_cstr(t, "2"))
            return "rss2.0";
        return "rss";
    }
    if (is(root, "RDF")) {
        for (xmlNs *d = root->nsDef; d; d = d->next) {
            if (d->href && strcmp((const char *)d->href, "http://purl.org/rss/1.0/") == 0)
                return "rss1.0";
            if (d->href && strcmp((const char *)d->href, "http://my.netscape.com/rdf/simple/0.9/") == 0)
                return "rss0.90";
        }
        for (xmlNode *c = root->children; c; c = c->next)
            if (c->type == XML_ELEMENT_NODE && c->ns && c->ns->href) {
                if (!strcmp((const char *)c->ns->href, "http://purl.org/rss/1.0/"))
                    return "rss1.0";
                if (!strcmp((const char *)c->ns->href, "http://my.netscape.com/rdf/simple/0.9/"))
                    return "rss0.90";
            }
        return NULL;
    }
    if (is(root, "feed")) {
        w->atom = true;
        if (!strcmp(uri, "http://www.w3.org/2005/Atom"))
            return "atom1.0";
        const char *v = attr(w, root, "version");
        str_view t = sv_trim(sv_from(v ? v : ""));
        if (sv_eq_cstr(t, "0.1"))
            return "atom0.1";
        if (sv_eq_cstr(t, "0.2"))
            return "atom0.2";
        if (sv_eq_cstr(t, "0.3"))
            return "atom0.3";
        return "atom";
    }
    if (is_ci(root, "channel") && !root->ns)
        return "cdf";
    return NULL;
}

/* ---- the walker: entries as soon as the parser has finished them ------- */

struct feed_walker {
    walk w;
    const char *base;  /* the outermost base (document URL) or NULL */
    bool started;      /* the root element was seen */
    bool not_a_feed;   /* …and it is not a feed's */
};

feed_walker *feed_walker_new(feed_raw *r, const char *base)
{
    feed_walker *wk = arena_zalloc(r->a, sizeof(*wk));
    wk->w.r = r;
    wk->w.a = r->a;
    buf_init(&wk->w.tmp, NM_BUF_NOLIMIT);
    wk->base = base && *base ? base : NULL;
    return wk;
}

/* Decides the format once the root is known. While parsing goes on
 * (final false), an RDF root whose children have not arrived yet may still
 * turn out to be RSS 1.0: the decision waits for them. */
static bool start(feed_walker *wk, xmlNode *root, bool final)
{
    if (!wk->started) {
        const char *format = format_of(&wk->w, root);
        if (!format && !final && !has_element_child(root))
            return false;
        wk->started = true;
        if (!format)
            wk->not_a_feed = true;
        else
            wk->w.r->format = format;
    }
    return !wk->not_a_feed;
}

void feed_walker_step(feed_walker *wk, xmlDocPtr doc)
{
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root || !start(wk, root, false))
        return;
    walk *w = &wk->w;
    const char *base = base_of(w, root, wk->base);
    xmlNode *container = root;
    if (is_ci(root, "rss")) {
        container = NULL;
        for (xmlNode *c = root->children; c && !container; c = c->next)
            if (c->type == XML_ELEMENT_NODE && is(c, "channel") && ns_of(w, c) == NS_CORE)
                container = c;
        if (!container)
            return;
        base = base_of(w, container, base);
    }
    /* a child with a next sibling is closed: the parser has moved on */
    xmlNode *next;
    for (xmlNode *c = container->children; c && c->next; c = next) {
        next = c->next;
        if (c->type != XML_ELEMENT_NODE || !is_entry(w, c))
            continue;
        read_entry(w, c, base);
        xmlUnlinkNode(c);
        xmlFreeNode(c);
        w->last_uri = NULL;
    }
}

int feed_walker_finish(feed_walker *wk, xmlDocPtr doc, nm_error *err, const char *source)
{
    walk *w = &wk->w;
    feed_raw *r = w->r;
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!start(wk, root, true)) {
        buf_free(&w->tmp);
        return nm_fail(err, source, 0, "not a feed: the root element is <%s>, not rss, RDF or feed",
                       (const char *)root->name);
    }
    const char *rbase = base_of(w, root, wk->base);
    read_children(w, root, rbase);
    /* xml:lang of the root (or the channel) when no language element */
    const char *lang = xml_attr(root, "lang");
    for (xmlNode *c = root->children; c && !lang; c = c->next)
        if (c->type == XML_ELEMENT_NODE && is(c, "channel"))
            lang = xml_attr(c, "lang");
    if (!r->language && lang)
        r->language = dup_trim(w, sv_from(lang));
    r->link = w->rss_link ? w->rss_link : w->atom_link;
    if (!r->ttl_minutes && w->sy_period) /* RSS ttl wins over the syndication module */
        r->ttl_minutes = w->sy_period / (w->sy_frequency ? w->sy_frequency : 1);
    buf_free(&w->tmp);
    return 0;
}
