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
 * Not here: how a value is read from an element (xmlvalue.c), the
 * byte-level repairs (xml.c) and the rules shared with JSON Feed
 * (normalize.c).
 */
#include "xml_int.h"

#include <stdlib.h>
#include <string.h>

/* An Atom <link>: rel (default alternate) and whether its type is HTML. */
static bool is_alternate_html(walk *w, xmlNode *n)
{
    const char *rel = xv_attr(w, n, "rel");
    if (rel && nm_strcasecmp(sv_dup(w->a, sv_trim(sv_from(rel))), "alternate") != 0)
        return false;
    const char *type = xv_attr(w, n, "type");
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
    const char *u = url ? xv_dup_trim(w, sv_from(url)) : NULL;
    if (!u)
        return;
    feed_enclosure *enc = arena_zalloc(w->a, sizeof(*enc));
    enc->url = url_resolve(w->a, base, u);
    enc->type = type ? xv_dup_trim(w, sv_from(type)) : NULL;
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
    enum ns ns = xv_ns_of(w, c);
    bool ok;
    if (ns == NS_CORE) {
        if (xv_is(c, "title")) {
            set_first(&e->title, xv_text_value(w, c, K_GUESS));
        } else if (xv_is(c, "link")) {
            const char *href = xv_attr(w, c, "href");
            if (href) {
                const char *rel = xv_attr(w, c, "rel");
                if (rel && nm_strcasecmp(sv_dup(w->a, sv_trim(sv_from(rel))), "enclosure") == 0)
                    add_enclosure(w, e, href, xv_attr(w, c, "type"), xv_attr(w, c, "length"), base);
                else if (is_alternate_html(w, c) && xv_dup_trim(w, sv_from(href)))
                    ew->atom_link = xv_url_value(w, sv_from(href), base);
            } else {
                set_first(&ew->rss_link, xv_url_value(w, xv_node_text(w, c), base));
            }
        } else if (xv_is(c, "guid")) {
            const char *g = xv_dup_trim(w, xv_node_text(w, c));
            if (g && !e->id) {
                e->id = g;
                const char *perma = xv_attr(w, c, "isPermaLink");
                if (!perma || nm_strcasecmp(sv_dup(w->a, sv_trim(sv_from(perma))), "false") != 0)
                    ew->guid_link = url_resolve(w->a, base, g);
            }
        } else if (xv_is(c, "id")) {
            set_first(&e->id, xv_dup_trim(w, xv_node_text(w, c)));
        } else if (xv_is(c, "pubDate") || xv_is(c, "published") || xv_is(c, "issued")) {
            set_first(&e->published, xv_dup_trim(w, xv_node_text(w, c)));
        } else if (xv_is(c, "updated") || xv_is(c, "modified")) {
            set_first(&e->updated, xv_dup_trim(w, xv_node_text(w, c)));
        } else if (xv_is(c, "author")) {
            set_first(&e->author, xv_author_value(w, c));
        } else if (xv_is(c, "description")) {
            if (!ew->summary_done) {
                e->summary = xv_html_value(w, c, base, K_HTML, &ok);
                ew->summary_done = ok;
            }
        } else if (xv_is(c, "summary")) {
            if (!ew->summary_done) {
                e->summary = xv_html_value(w, c, base, w->atom ? K_TEXT : K_GUESS, &ok);
                ew->summary_done = ok;
            }
        } else if (xv_is(c, "content")) {
            if (!ew->content_done) {
                e->content = xv_html_value(w, c, base, w->atom ? K_TEXT : K_HTML, &ok);
                ew->content_done = ok;
            }
        } else if (xv_is(c, "category")) {
            const char *term = xv_attr(w, c, "term");
            add_category(w, e, term ? feed_text_plain(w->a, term, strlen(term))
                                    : xv_text_value(w, c, K_TEXT));
        } else if (xv_is(c, "enclosure")) {
            add_enclosure(w, e, xv_attr(w, c, "url"), xv_attr(w, c, "type"), xv_attr(w, c, "length"),
                          base);
        }
    } else if (ns == NS_CONTENT && xv_is(c, "encoded")) {
        if (!ew->content_done) {
            e->content = xv_html_value(w, c, base, K_HTML, &ok);
            ew->content_done = ok;
        }
    } else if (ns == NS_XHTML && xv_is(c, "body")) {
        if (!ew->content_done) {
            str_view v = xv_inner_xml(w, c);
            e->content = feed_sanitize_html(w->a, v.ptr, v.len, base);
            ew->content_done = true;
        }
    } else if (ns == NS_DC) {
        if (xv_is(c, "creator") || xv_is(c, "author"))
            set_first(&e->author, xv_author_value(w, c));
        else if (xv_is(c, "date"))
            set_first(&e->updated, xv_dup_trim(w, xv_node_text(w, c)));
        else if (xv_is(c, "subject"))
            add_category(w, e, xv_text_value(w, c, K_TEXT));
    } else if (ns == NS_DCTERMS) {
        if (xv_is(c, "issued"))
            set_first(&e->published, xv_dup_trim(w, xv_node_text(w, c)));
        else if (xv_is(c, "modified"))
            set_first(&e->updated, xv_dup_trim(w, xv_node_text(w, c)));
    } else if (ns == NS_ITUNES) {
        if (xv_is(c, "author")) {
            set_first(&e->author, xv_author_value(w, c));
        } else if (xv_is(c, "summary")) {
            if (!ew->summary_done) {
                e->summary = xv_html_value(w, c, base, K_GUESS, &ok);
                ew->summary_done = ok;
            }
        } else if (xv_is(c, "category")) {
            /* nested itunes:category elements (subcategories) count too */
            const char *t = xv_attr(w, c, "text");
            add_category(w, e, t ? feed_text_plain(w->a, t, strlen(t)) : NULL);
            for (xmlNode *k = c->children; k; k = k->next)
                if (k->type == XML_ELEMENT_NODE)
                    entry_element(w, ew, k, base);
        } else if (xv_is(c, "keywords")) {
            add_keywords(w, e, xv_node_text(w, c));
        } else if (xv_is(c, "image")) {
            const char *href = xv_attr(w, c, "href");
            if (href && !e->itunes_image)
                e->itunes_image = xv_url_value(w, sv_from(href), base);
        }
    } else if (ns == NS_MEDIA) {
        media_element(w, ew, c, base);
    }
}

static void media_element(walk *w, entry_walk *ew, xmlNode *c, const char *base)
{
    feed_raw_entry *e = ew->e;
    if (xv_is(c, "thumbnail")) {
        const char *u = xv_attr(w, c, "url");
        if (u && !e->thumbnail)
            e->thumbnail = xv_dup_trim(w, sv_from(u));
    } else if (xv_is(c, "content")) {
        const char *u = xv_attr(w, c, "url"), *medium = xv_attr(w, c, "medium");
        bool image = (medium && nm_strcasecmp(sv_dup(w->a, sv_trim(sv_from(medium))), "image") == 0) ||
                     is_image_type(xv_attr(w, c, "type"));
        if (u && image && !e->media_image)
            e->media_image = xv_dup_trim(w, sv_from(u));
        /* a media:content may hold its own thumbnail/category */
        for (xmlNode *k = c->children; k; k = k->next)
            if (k->type == XML_ELEMENT_NODE && xv_ns_of(w, k) == NS_MEDIA && !xv_is(k, "content"))
                media_element(w, ew, k, base);
    } else if (xv_is(c, "group")) {
        for (xmlNode *k = c->children; k; k = k->next)
            if (k->type == XML_ELEMENT_NODE)
                entry_element(w, ew, k, xv_base_of(w, k, base));
    } else if (xv_is(c, "category")) {
        add_category(w, e, xv_text_value(w, c, K_TEXT));
    } else if (xv_is(c, "keywords")) {
        add_keywords(w, e, xv_node_text(w, c));
    }
}

static void read_entry(walk *w, xmlNode *item, const char *parent_base)
{
    const char *base = xv_base_of(w, item, parent_base);
    feed_raw_entry *e = arena_zalloc(w->a, sizeof(*e));
    entry_walk ew = {.e = e};
    for (xmlNode *c = item->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            entry_element(w, &ew, c, xv_base_of(w, c, base));
    if (!e->id) {
        const char *about = NULL;
        for (const xmlAttr *a = item->properties; a; a = a->next)
            if (strcmp((const char *)a->name, "about") == 0 && a->children)
                about = (const char *)a->children->content;
        if (about)
            e->id = xv_dup_trim(w, sv_from(about));
    }
    e->link = ew.rss_link ? ew.rss_link : ew.atom_link ? ew.atom_link : ew.guid_link;
    feed_vec_push(w->a, &w->r->entries, e);
}

/* ---- the feed ------------------------------------------------------------ */

static void feed_element(walk *w, xmlNode *c, const char *base)
{
    feed_raw *r = w->r;
    enum ns ns = xv_ns_of(w, c);
    if (ns == NS_CORE) {
        if (xv_is(c, "title")) {
            set_first(&r->title, xv_text_value(w, c, K_GUESS));
        } else if (xv_is(c, "link")) {
            const char *href = xv_attr(w, c, "href");
            if (href) {
                if (is_alternate_html(w, c) && xv_dup_trim(w, sv_from(href)))
                    w->atom_link = xv_url_value(w, sv_from(href), base);
            } else {
                set_first(&w->rss_link, xv_url_value(w, xv_node_text(w, c), base));
            }
        } else if (xv_is(c, "description")) {
            set_first(&r->description, xv_text_value(w, c, K_HTML));
        } else if (xv_is(c, "subtitle") || xv_is(c, "tagline")) {
            set_first(&r->description, xv_text_value(w, c, w->atom ? K_TEXT : K_GUESS));
        } else if (xv_is(c, "language")) {
            set_first(&r->language, xv_dup_trim(w, xv_node_text(w, c)));
        } else if (xv_is(c, "lastBuildDate") || xv_is(c, "updated") || xv_is(c, "modified")) {
            set_first(&r->updated, xv_dup_trim(w, xv_node_text(w, c)));
        } else if (xv_is(c, "pubDate") || xv_is(c, "published")) {
            set_first(&r->published, xv_dup_trim(w, xv_node_text(w, c)));
        } else if (xv_is(c, "managingEditor") || xv_is(c, "author")) {
            set_first(&r->author, xv_author_value(w, c));
        } else if (xv_is(c, "image")) {
            const char *ibase = base;
            for (xmlNode *k = c->children; k; k = k->next)
                if (k->type == XML_ELEMENT_NODE && xv_is(k, "url") && xv_ns_of(w, k) == NS_CORE) {
                    const char *u = xv_url_value(w, xv_node_text(w, k), xv_base_of(w, k, ibase));
                    if (u)
                        r->image = u;
                }
        } else if (xv_is(c, "logo")) {
            set_first(&r->logo, xv_url_value(w, xv_node_text(w, c), base));
        } else if (xv_is(c, "icon")) {
            set_first(&r->icon, xv_url_value(w, xv_node_text(w, c), base));
        } else if (xv_is(c, "ttl")) {
            int64_t t = parse_length(sv_dup(w->a, xv_node_text(w, c)));
            if (t > 0 && t < 1000000 && !r->ttl_minutes)
                r->ttl_minutes = (int)t;
        }
    } else if (ns == NS_DC) {
        if (xv_is(c, "language"))
            set_first(&r->language, xv_dup_trim(w, xv_node_text(w, c)));
        else if (xv_is(c, "date"))
            set_first(&r->updated, xv_dup_trim(w, xv_node_text(w, c)));
        else if (xv_is(c, "creator") || xv_is(c, "author"))
            set_first(&r->author, xv_author_value(w, c));
        else if (xv_is(c, "title"))
            set_first(&r->title, xv_text_value(w, c, K_GUESS));
    } else if (ns == NS_DCTERMS) {
        if (xv_is(c, "modified"))
            set_first(&r->updated, xv_dup_trim(w, xv_node_text(w, c)));
    } else if (ns == NS_SY) {
        /* sy:updatePeriod / sy:updateFrequency: how often, as minutes */
        str_view t = sv_trim(xv_node_text(w, c));
        if (xv_is(c, "updatePeriod")) {
            static const struct { const char *name; int minutes; } periods[] = {
                {"hourly", 60}, {"daily", 1440}, {"weekly", 10080}, {"monthly", 43200},
                {"yearly", 525600}};
            for (size_t i = 0; i < NM_ARRAY_LEN(periods); i++)
                if (sv_eq_cstr(t, periods[i].name))
                    w->sy_period = periods[i].minutes;
        } else if (xv_is(c, "updateFrequency")) {
            int64_t n = parse_length(sv_dup(w->a, t));
            if (n > 0 && n < 100000)
                w->sy_frequency = (int)n;
        }
    } else if (ns == NS_ITUNES) {
        if (xv_is(c, "subtitle")) {
            set_first(&r->description, xv_text_value(w, c, K_GUESS));
        } else if (xv_is(c, "summary")) {
            set_first(&r->itunes_summary, xv_text_value(w, c, K_GUESS));
        } else if (xv_is(c, "author")) {
            set_first(&r->author, xv_author_value(w, c));
        } else if (xv_is(c, "image")) {
            const char *href = xv_attr(w, c, "href");
            const char *u = href ? xv_url_value(w, sv_from(href), base) : NULL;
            if (u)
                r->image = u;
        }
    }
}

static bool is_entry(walk *w, xmlNode *c)
{
    return xv_ns_of(w, c) == NS_CORE && (xv_is(c, "item") || xv_is(c, "entry"));
}

static void read_children(walk *w, xmlNode *parent, const char *base)
{
    xmlNode *next;
    for (xmlNode *c = parent->children; c; c = next) {
        next = c->next;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *cbase = xv_base_of(w, c, base);
        if (is_entry(w, c)) {
            read_entry(w, c, base);
            /* everything it holds is in the arena now: free it while it is
             * warm in the cache rather than in one sweep at the end */
            xmlUnlinkNode(c);
            xmlFreeNode(c);
            w->last_uri = NULL; /* its namespaces may have gone with it */
        } else if (xv_ns_of(w, c) == NS_CORE && (xv_is(c, "channel") || xv_is(c, "items")))
            read_children(w, c, cbase);
        else
            feed_element(w, c, cbase);
    }
}

/* The format name of the root element, or NULL when it is not a feed. */
static const char *format_of(walk *w, xmlNode *root)
{
    const char *uri = root->ns && root->ns->href ? (const char *)root->ns->href : "";
    if (xv_is_ci(root, "rss")) {
        const char *v = xv_attr(w, root, "version");
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
    if (xv_is(root, "RDF")) {
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
    if (xv_is(root, "feed")) {
        w->atom = true;
        if (!strcmp(uri, "http://www.w3.org/2005/Atom"))
            return "atom1.0";
        const char *v = xv_attr(w, root, "version");
        str_view t = sv_trim(sv_from(v ? v : ""));
        if (sv_eq_cstr(t, "0.1"))
            return "atom0.1";
        if (sv_eq_cstr(t, "0.2"))
            return "atom0.2";
        if (sv_eq_cstr(t, "0.3"))
            return "atom0.3";
        return "atom";
    }
    if (xv_is_ci(root, "channel") && !root->ns)
        return "cdf";
    return NULL;
}

/* ---- the walker: entries as soon as the parser has finished them ------- */

struct feed_walker {
    walk w;
    const char *base;  /* the outermost base (document URL) or NULL */
    bool started;      /* the root element was seen */
    bool not_a_feed;   /* …and it is not a feed's */
    /* The last closed child of the container that was kept (not an
     * entry): the next step resumes after it instead of walking the
     * kept channel elements and whitespace again, which made a feed of
     * n items cost O(n²). Kept nodes are never freed while parsing. */
    xmlNode *container;
    xmlNode *resume;
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
        if (!format && !final && !xv_has_element_child(root))
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
    const char *base = xv_base_of(w, root, wk->base);
    xmlNode *container = root;
    if (xv_is_ci(root, "rss")) {
        container = NULL;
        for (xmlNode *c = root->children; c && !container; c = c->next)
            if (c->type == XML_ELEMENT_NODE && xv_is(c, "channel") && xv_ns_of(w, c) == NS_CORE)
                container = c;
        if (!container)
            return;
        base = xv_base_of(w, container, base);
    }
    if (container != wk->container) {
        wk->container = container;
        wk->resume = NULL;
    }
    /* a child with a next sibling is closed: the parser has moved on */
    xmlNode *next;
    for (xmlNode *c = wk->resume ? wk->resume->next : container->children; c && c->next;
         c = next) {
        next = c->next;
        if (c->type != XML_ELEMENT_NODE || !is_entry(w, c)) {
            wk->resume = c;
            continue;
        }
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
    const char *rbase = xv_base_of(w, root, wk->base);
    read_children(w, root, rbase);
    /* xml:lang of the root (or the channel) when no language element */
    const char *lang = xv_xml_attr(root, "lang");
    for (xmlNode *c = root->children; c && !lang; c = c->next)
        if (c->type == XML_ELEMENT_NODE && xv_is(c, "channel"))
            lang = xv_xml_attr(c, "lang");
    if (!r->language && lang)
        r->language = xv_dup_trim(w, sv_from(lang));
    r->link = w->rss_link ? w->rss_link : w->atom_link;
    if (!r->ttl_minutes && w->sy_period) /* RSS ttl wins over the syndication module */
        r->ttl_minutes = w->sy_period / (w->sy_frequency ? w->sy_frequency : 1);
    buf_free(&w->tmp);
    return 0;
}
