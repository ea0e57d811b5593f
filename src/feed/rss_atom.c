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
 * The walk reads the tree sax.c builds from libxml2's SAX events (see
 * xml_int.h): an entry of the feed's container (the root, or an RSS
 * root's first <channel>) is read as soon as it closes and then dropped;
 * everything else is read at the end, in document order, as before.
 *
 * Each field follows the "source" column of doc/feed-json.md. Dates
 * stay text here: they are read in normalize.c, once the feed's language
 * (and so the zone for Chinese feeds) is known.
 *
 * Not here: how a value is read from an element (xmlvalue.c), the
 * byte-level repairs (xml.c), the SAX events (sax.c) and the rules shared
 * with JSON Feed (normalize.c).
 */
#include "xml_int.h"

#include <stdlib.h>
#include <string.h>

#include "util/ctype.h"

/* An Atom <link>: rel (default alternate) and whether its type is HTML. */
static bool is_alternate_html(walk *w, xnode *n)
{
    const char *rel = xv_attr(n, "rel");
    if (rel && nm_strcasecmp(sv_dup(w->a, sv_trim(sv_from(rel))), "alternate") != 0)
        return false;
    const char *type = xv_attr(n, "type");
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
    const char *rss_link, *atom_link, *guid_link, *id_link;
    /* dc:/media: title and description: used when the core one is missing */
    const char *alt_title, *alt_summary;
    bool content_done, summary_done;
} entry_walk;

/* A guid is a link when it is a URL: a scheme, and no white space. */
static bool is_url(const char *s)
{
    size_t i = 0;
    while (nm_is_alpha(s[i]) || (i > 0 && (nm_is_digit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')))
        i++;
    if (i == 0 || s[i] != ':')
        return false;
    for (; s[i]; i++)
        if ((unsigned char)s[i] <= ' ')
            return false;
    return true;
}

/* An id is a link when it is an absolute http(s) URL (after xml:base). */
static const char *id_as_link(walk *w, const char *id, const char *base)
{
    const char *u = id ? url_resolve(w->a, base, id) : NULL;
    if (!u || !is_url(u))
        return NULL;
    return nm_strncasecmp(u, "http://", 7) == 0 || nm_strncasecmp(u, "https://", 8) == 0 ? u : NULL;
}

/* A <link> without href: RSS's text link, unless its rel says it is
 * something else (an enclosure without a URL is no link at all). */
static bool is_text_link(walk *w, xnode *n)
{
    const char *rel = xv_attr(n, "rel");
    return !rel || nm_strcasecmp(sv_dup(w->a, sv_trim(sv_from(rel))), "alternate") == 0;
}

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

static void media_element(walk *w, entry_walk *ew, xnode *c, const char *base);

static void entry_element(walk *w, entry_walk *ew, xnode *c, const char *base)
{
    feed_raw_entry *e = ew->e;
    enum ns ns = (enum ns)c->ns;
    bool ok;
    if (ns == NS_CORE) {
        if (xv_is(c, "title")) {
            set_first(&e->title, xv_text_value(w, c, K_GUESS));
        } else if (xv_is(c, "link")) {
            const char *href = xv_attr(c, "href");
            if (href) {
                const char *rel = xv_attr(c, "rel");
                if (rel && nm_strcasecmp(sv_dup(w->a, sv_trim(sv_from(rel))), "enclosure") == 0)
                    add_enclosure(w, e, href, xv_attr(c, "type"), xv_attr(c, "length"), base);
                else if (is_alternate_html(w, c) && xv_dup_trim(w, sv_from(href)))
                    ew->atom_link = xv_url_value(w, sv_from(href), base);
            } else if (is_text_link(w, c)) {
                set_first(&ew->rss_link, xv_url_value(w, xv_node_text(w, c), base));
            }
        } else if (xv_is(c, "guid")) {
            const char *g = xv_dup_trim(w, xv_node_text(w, c));
            if (g && !e->id) {
                e->id = g;
                const char *perma = xv_attr(c, "isPermaLink");
                const char *u = url_resolve(w->a, base, g);
                if ((!perma || nm_strcasecmp(sv_dup(w->a, sv_trim(sv_from(perma))), "false") != 0) &&
                    u && is_url(u))
                    ew->guid_link = u;
            }
        } else if (xv_is(c, "id")) {
            const char *id = xv_dup_trim(w, xv_node_text(w, c));
            if (id && !e->id) {
                e->id = id;
                ew->id_link = id_as_link(w, id, base);
            }
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
            const char *term = xv_attr(c, "term");
            add_category(w, e, term ? feed_text_plain(w->a, term, strlen(term))
                                    : xv_text_value(w, c, K_TEXT));
        } else if (xv_is(c, "enclosure")) {
            add_enclosure(w, e, xv_attr(c, "url"), xv_attr(c, "type"), xv_attr(c, "length"),
                          base);
        } else if (xv_is(c, "fullitem")) {
            if (!ew->content_done) {
                e->content = xv_html_value(w, c, base, K_HTML, &ok);
                ew->content_done = ok;
            }
        }
    } else if (ns == NS_CONTENT && xv_is(c, "encoded")) {
        if (!ew->content_done) {
            e->content = xv_html_value(w, c, base, K_HTML, &ok);
            ew->content_done = ok;
        }
    } else if (ns == NS_XHTML && xv_is(c, "body")) {
        if (!ew->content_done) {
            str_view v = xv_inner_xml(w, c);
            e->content = feed_html_value(w->r, v.ptr, v.len, base);
            ew->content_done = true;
        }
    } else if (ns == NS_DC) {
        if (xv_is(c, "creator") || xv_is(c, "author"))
            set_first(&e->author, xv_author_value(w, c));
        else if (xv_is(c, "date"))
            set_first(&e->updated, xv_dup_trim(w, xv_node_text(w, c)));
        else if (xv_is(c, "subject"))
            add_category(w, e, xv_text_value(w, c, K_TEXT));
        else if (xv_is(c, "title"))
            set_first(&ew->alt_title, xv_text_value(w, c, K_GUESS));
        else if (xv_is(c, "description") && !ew->alt_summary)
            ew->alt_summary = xv_html_value(w, c, base, K_HTML, &ok);
    } else if (ns == NS_DCTERMS) {
        if (xv_is(c, "issued"))
            set_first(&e->published, xv_dup_trim(w, xv_node_text(w, c)));
        else if (xv_is(c, "modified"))
            set_first(&e->updated, xv_dup_trim(w, xv_node_text(w, c)));
    } else if (ns == NS_ITUNES) {
        if (xv_is_ci(c, "author")) {
            set_first(&e->author, xv_author_value(w, c));
        } else if (xv_is_ci(c, "summary")) {
            if (!ew->summary_done) {
                e->summary = xv_html_value(w, c, base, K_GUESS, &ok);
                ew->summary_done = ok;
            }
        } else if (xv_is_ci(c, "category")) {
            /* nested itunes:category elements (subcategories) count too */
            const char *t = xv_attr(c, "text");
            add_category(w, e, t ? feed_text_plain(w->a, t, strlen(t)) : NULL);
            for (xnode *k = c->children; k; k = k->next)
                if (k->type == XN_ELEM)
                    entry_element(w, ew, k, base);
        } else if (xv_is_ci(c, "keywords")) {
            add_keywords(w, e, xv_node_text(w, c));
        } else if (xv_is_ci(c, "image")) {
            const char *href = xv_attr(c, "href");
            if (href && !e->itunes_image)
                e->itunes_image = xv_url_value(w, sv_from(href), base);
        }
    } else if (ns == NS_MEDIA) {
        media_element(w, ew, c, base);
    }
}

/* media:title and media:description: type="plain" (the default) or
 * "html". */
static bool media_is_html(const xnode *c)
{
    const char *type = xv_attr(c, "type");
    return type && nm_strcasecmp(type, "html") == 0;
}

static void media_element(walk *w, entry_walk *ew, xnode *c, const char *base)
{
    feed_raw_entry *e = ew->e;
    if (xv_is(c, "title")) {
        str_view t = xv_node_text(w, c);
        set_first(&ew->alt_title, media_is_html(c) ? feed_text_from_html(w->a, t.ptr, t.len)
                                                   : feed_text_plain(w->a, t.ptr, t.len));
    } else if (xv_is(c, "description")) {
        str_view t = xv_node_text(w, c);
        set_first(&ew->alt_summary, media_is_html(c) ? feed_html_value(w->r, t.ptr, t.len, base)
                                                     : feed_html_escape_text(w->a, t.ptr, t.len));
    } else if (xv_is(c, "thumbnail")) {
        const char *u = xv_attr(c, "url");
        if (u && !e->thumbnail)
            e->thumbnail = xv_dup_trim(w, sv_from(u));
    } else if (xv_is(c, "content")) {
        const char *u = xv_attr(c, "url"), *medium = xv_attr(c, "medium");
        bool image = (medium && nm_strcasecmp(sv_dup(w->a, sv_trim(sv_from(medium))), "image") == 0) ||
                     is_image_type(xv_attr(c, "type"));
        if (u && image && !e->media_image)
            e->media_image = xv_dup_trim(w, sv_from(u));
        /* a media:content may hold its own thumbnail/category */
        for (xnode *k = c->children; k; k = k->next)
            if (k->type == XN_ELEM && (enum ns)k->ns == NS_MEDIA && !xv_is(k, "content"))
                media_element(w, ew, k, base);
    } else if (xv_is(c, "group")) {
        for (xnode *k = c->children; k; k = k->next)
            if (k->type == XN_ELEM)
                entry_element(w, ew, k, xv_base_of(w, k, base));
    } else if (xv_is(c, "category")) {
        add_category(w, e, xv_text_value(w, c, K_TEXT));
    } else if (xv_is(c, "keywords")) {
        add_keywords(w, e, xv_node_text(w, c));
    }
}

static void read_entry(walk *w, xnode *item, const char *parent_base)
{
    const char *base = xv_base_of(w, item, parent_base);
    feed_raw_entry *e = arena_zalloc(w->a, sizeof(*e));
    entry_walk ew = {.e = e};
    for (xnode *c = item->children; c; c = c->next)
        if (c->type == XN_ELEM)
            entry_element(w, &ew, c, xv_base_of(w, c, base));
    if (!e->id) {
        const char *about = NULL;
        for (unsigned i = 0; i < item->nattrs; i++)
            if (strcmp(item->attrs[i].name, "about") == 0)
                about = item->attrs[i].value;
        if (about)
            e->id = xv_dup_trim(w, sv_from(about));
    }
    if (!e->title)
        e->title = ew.alt_title;
    if (!e->summary && !ew.summary_done)
        e->summary = ew.alt_summary;
    e->link = ew.rss_link    ? ew.rss_link
              : ew.atom_link ? ew.atom_link
              : ew.guid_link ? ew.guid_link
                             : ew.id_link;
    feed_vec_push(w->a, &w->r->entries, e);
}

/* ---- the feed ------------------------------------------------------------ */

static void feed_element(walk *w, xnode *c, const char *base)
{
    feed_raw *r = w->r;
    enum ns ns = (enum ns)c->ns;
    if (ns == NS_CORE) {
        if (xv_is(c, "title")) {
            set_first(&r->title, xv_text_value(w, c, K_GUESS));
        } else if (xv_is(c, "link")) {
            const char *href = xv_attr(c, "href");
            if (href) {
                if (is_alternate_html(w, c) && xv_dup_trim(w, sv_from(href)))
                    w->atom_link = xv_url_value(w, sv_from(href), base);
            } else if (is_text_link(w, c)) {
                set_first(&w->rss_link, xv_url_value(w, xv_node_text(w, c), base));
            }
        } else if (xv_is(c, "id")) {
            if (!w->id_link)
                w->id_link = id_as_link(w, xv_dup_trim(w, xv_node_text(w, c)), base);
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
            for (xnode *k = c->children; k; k = k->next)
                if (k->type == XN_ELEM && xv_is(k, "url") && (enum ns)k->ns == NS_CORE) {
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
        if (xv_is_ci(c, "subtitle")) {
            set_first(&r->description, xv_text_value(w, c, K_GUESS));
        } else if (xv_is_ci(c, "summary")) {
            set_first(&r->itunes_summary, xv_text_value(w, c, K_GUESS));
        } else if (xv_is_ci(c, "author")) {
            set_first(&r->author, xv_author_value(w, c));
        } else if (xv_is_ci(c, "image")) {
            const char *href = xv_attr(c, "href");
            const char *u = href ? xv_url_value(w, sv_from(href), base) : NULL;
            if (u)
                r->image = u;
        }
    }
}

static bool is_entry(walk *w, const xnode *c)
{
    (void)w;
    return c->ns == NS_CORE && (xv_is(c, "item") || xv_is(c, "entry"));
}

static void read_children(walk *w, xnode *parent, const char *base)
{
    xnode *next;
    for (xnode *c = parent->children; c; c = next) {
        next = c->next;
        if (c->type != XN_ELEM)
            continue;
        const char *cbase = xv_base_of(w, c, base);
        if (is_entry(w, c)) {
            read_entry(w, c, base);
        } else if ((enum ns)c->ns == NS_CORE && (xv_is(c, "channel") || xv_is(c, "items")))
            read_children(w, c, cbase);
        else
            feed_element(w, c, cbase);
    }
}

#define NS_RSS10 "http://purl.org/rss/1.0/"
#define NS_RSS090 "http://my.netscape.com/rdf/simple/0.9/"

/* RSS 1.0 or 0.90 by a namespace URI, or NULL. */
static const char *rdf_format_of(const char *uri)
{
    if (uri && !strcmp(uri, NS_RSS10))
        return "rss1.0";
    if (uri && !strcmp(uri, NS_RSS090))
        return "rss0.90";
    return NULL;
}

/* The format name of the root element, or NULL when it is not a feed (or,
 * for an RDF root, not known yet: its children tell). */
static const char *format_of(walk *w, const xnode *root)
{
    const char *uri = root->uri ? root->uri : "";
    if (xv_is_ci(root, "rss")) {
        const char *v = xv_attr(root, "version");
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
        for (unsigned i = 0; i < root->nnsdecls; i++) {
            const char *f = rdf_format_of(root->nsdecls[i].uri);
            if (f)
                return f;
        }
        for (const xnode *c = root->children; c; c = c->next) {
            const char *f = c->type == XN_ELEM ? rdf_format_of(c->uri) : NULL;
            if (f)
                return f;
        }
        return NULL;
    }
    if (xv_is(root, "feed")) {
        w->atom = true;
        if (!strcmp(uri, "http://www.w3.org/2005/Atom"))
            return "atom1.0";
        const char *v = xv_attr(root, "version");
        str_view t = sv_trim(sv_from(v ? v : ""));
        if (sv_eq_cstr(t, "0.1"))
            return "atom0.1";
        if (sv_eq_cstr(t, "0.2"))
            return "atom0.2";
        if (sv_eq_cstr(t, "0.3"))
            return "atom0.3";
        return "atom";
    }
    if (xv_is_ci(root, "channel") && !root->uri)
        return "cdf";
    return NULL;
}

/* ---- the walker: entries as soon as they close ----------------------- */

struct feed_walker {
    walk w;
    const char *base;  /* the outermost base (document URL) or NULL */
    xnode *root;
    bool started;      /* the format is known */
    bool not_a_feed;   /* …and it is not a feed's */
    /* Where entries are read as they close: the root, or an RSS root's
     * first <channel>. Entries elsewhere (nested <items>, a second
     * channel) wait for finish(), in document order. */
    xnode *container;
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

/* Decides the format. An RDF root without RSS 1.0/0.90 namespace
 * declarations is decided by its children: while parsing goes on (final
 * false) the decision waits for them. */
static bool start(feed_walker *wk, xnode *root, bool final)
{
    if (!wk->started) {
        const char *format = format_of(&wk->w, root);
        if (!format && !final)
            return false;
        wk->started = true;
        if (!format)
            wk->not_a_feed = true;
        else
            wk->w.r->format = format;
    }
    return !wk->not_a_feed;
}

void feed_walker_open(feed_walker *wk, xnode *n)
{
    if (!n->parent && !wk->root) {
        wk->root = n;
        if (!xv_is_ci(n, "rss"))
            wk->container = n;
        if (!xv_is(n, "RDF"))
            start(wk, n, true); /* known by its name and attributes */
        else
            start(wk, n, false);
        return;
    }
    if (n->parent == wk->root && !wk->container && n->type == XN_ELEM && n->ns == NS_CORE &&
        xv_is(n, "channel"))
        wk->container = n;
}

bool feed_walker_early(feed_walker *wk, const xnode *parent, const xnode *n)
{
    if (!wk->started && parent == wk->root) {
        const char *f = rdf_format_of(n->uri);
        if (f) { /* the first child in RSS 1.0's (or 0.90's) namespace */
            wk->started = true;
            wk->w.r->format = f;
            /* the entries before it are closed: read now, as they came */
            xnode *next;
            for (xnode *c = wk->root->children; c; c = next) {
                next = c->next;
                if (c->type == XN_ELEM && is_entry(&wk->w, c)) {
                    feed_walker_entry(wk, c);
                    xn_unlink(c);
                }
            }
        }
    }
    return wk->started && !wk->not_a_feed && parent == wk->container && is_entry(&wk->w, n);
}

bool feed_walker_textless(const feed_walker *wk, const xnode *parent)
{
    return parent == wk->container;
}

void feed_walker_entry(feed_walker *wk, xnode *item)
{
    walk *w = &wk->w;
    const char *base = xv_base_of(w, wk->root, wk->base);
    if (wk->container != wk->root)
        base = xv_base_of(w, wk->container, base);
    read_entry(w, item, base);
}

int feed_walker_finish(feed_walker *wk, xnode *root, nm_error *err, const char *source)
{
    walk *w = &wk->w;
    feed_raw *r = w->r;
    if (!start(wk, root, true)) {
        buf_free(&w->tmp);
        return nm_fail(err, source, 0, "not a feed: the root element is <%s>, not rss, RDF or feed",
                       root->name);
    }
    const char *rbase = xv_base_of(w, root, wk->base);
    read_children(w, root, rbase);
    /* xml:lang of the root (or the channel) when no language element */
    const char *lang = xv_xml_attr(root, "lang");
    for (xnode *c = root->children; c && !lang; c = c->next)
        if (c->type == XN_ELEM && xv_is(c, "channel"))
            lang = xv_xml_attr(c, "lang");
    if (!r->language && lang)
        r->language = xv_dup_trim(w, sv_from(lang));
    r->link = w->rss_link ? w->rss_link : w->atom_link ? w->atom_link : w->id_link;
    if (!r->ttl_minutes && w->sy_period) /* RSS ttl wins over the syndication module */
        r->ttl_minutes = w->sy_period / (w->sy_frequency ? w->sy_frequency : 1);
    buf_free(&w->tmp);
    return 0;
}
