/*
 * xml_int.h — what rss_atom.c and xmlvalue.c share: the namespaces the
 * walk recognises, the walk's state, and how an element's value is read.
 * Private to the feed module (feed_int.h is the module's other private
 * header; feed.h its public one).
 */
#ifndef NM_FEED_XML_INT_H
#define NM_FEED_XML_INT_H

#include <libxml/tree.h>

#include "feed_int.h"

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

/* The state of one document's walk (rss_atom.c). */
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

/* What an element holds: skipped (base64, another MIME type, out of line),
 * plain text, escaped HTML, inline XHTML, or (RSS) HTML if it looks so. */
enum kind { K_SKIP, K_TEXT, K_HTML, K_XHTML, K_GUESS };

/* Which vocabulary an element belongs to (by namespace URI, cached). */
enum ns xv_ns_of(walk *w, const xmlNode *n);
bool xv_is(const xmlNode *n, const char *name);
bool xv_is_ci(const xmlNode *n, const char *name);
/* An attribute's value in the arena (name compared without case, xml:*
 * attributes excluded); NULL when absent. */
const char *xv_attr(walk *w, const xmlNode *n, const char *name);
/* An xml:NAME attribute (lang, base), borrowed from the tree. */
const char *xv_xml_attr(const xmlNode *n, const char *name);
/* The base URI in scope inside n, given the parent's. */
const char *xv_base_of(walk *w, const xmlNode *n, const char *parent);
bool xv_has_element_child(const xmlNode *n);
/* All text and CDATA below n (borrowed from the tree when it is one node,
 * else in the arena). */
str_view xv_node_text(walk *w, const xmlNode *n);
/* n's children written out as markup, in the arena. */
str_view xv_inner_xml(walk *w, xmlNode *n);
const char *xv_dup_trim(walk *w, str_view v);
/* The value kinds of ../shared/feed-json.md read from an element: HTML
 * (*ok false when the content is skipped: base64, another MIME type, src),
 * TEXT, URL (trimmed, resolved against base), and an author's name. */
const char *xv_html_value(walk *w, xmlNode *n, const char *base, enum kind dflt, bool *ok);
const char *xv_text_value(walk *w, xmlNode *n, enum kind dflt);
const char *xv_url_value(walk *w, str_view v, const char *base);
const char *xv_author_value(walk *w, xmlNode *n);

#endif
