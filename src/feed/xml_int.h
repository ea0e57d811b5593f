/*
 * xml_int.h — what the XML reader's files share: the small element tree
 * the SAX handlers build (sax.c), the namespaces the walk recognises, the
 * walk's state, and how an element's value is read (xmlvalue.c).
 * Private to the feed module (feed_int.h is the module's other private
 * header; feed.h its public one).
 *
 * The tree is ours, not libxml2's: nodes live in arenas, names and
 * namespace URIs are borrowed from the parser's dictionary (valid until
 * the parser context is freed), text is stored with its length. An entry
 * (<item>/<entry>) is read as soon as it closes and its nodes go with it,
 * so a big feed never holds more than one entry's tree.
 */
#ifndef NM_FEED_XML_INT_H
#define NM_FEED_XML_INT_H

#include <string.h>

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

/* ---- the tree (sax.c builds it) ----------------------------------------- */

enum xn_type { XN_ELEM, XN_TEXT, XN_CDATA, XN_COMMENT, XN_PI };

typedef struct xattr {
    const char *name;   /* local name; "p:name" when p was not declared */
    const char *prefix; /* NULL without a (declared) prefix */
    const char *uri;    /* namespace URI or NULL */
    const char *value;  /* NUL-terminated, entity references decoded */
    size_t len;
} xattr;

typedef struct xnsdecl {
    const char *prefix, *uri; /* an xmlns[:prefix]="uri" on the element */
} xnsdecl;

typedef struct xnode {
    struct xnode *parent, *children, *last, *prev, *next;
    unsigned char type;  /* enum xn_type */
    unsigned char ns;    /* enum ns of an element */
    const char *name;    /* element: local name (or "p:name", see xattr); PI: target */
    const char *prefix;  /* element prefix, NULL without one */
    const char *uri;     /* element namespace URI, NULL without one */
    xattr *attrs;
    xnsdecl *nsdecls;
    unsigned nattrs, nnsdecls;
    char *text;          /* text, CDATA, comment, PI data (NUL-terminated) */
    size_t len, cap;
} xnode;

/* Takes n (and what it holds) out of its parent's children (sax.c). */
void xn_unlink(xnode *n);

/* The vocabulary of a namespace URI (NULL: no namespace, the core). */
enum ns xv_ns_of_uri(const char *uri);

/* ---- the walk (rss_atom.c) ---------------------------------------------- */

/* The state of one document's walk. */
typedef struct walk {
    feed_raw *r;
    arena *a;
    bool atom; /* an Atom document: no guessing whether text is HTML */
    const char *rss_link, *atom_link; /* feed.link: first RSS text link, last Atom link */
    const char *id_link;              /* …else the feed's id when it is an http(s) URL */
    int sy_period, sy_frequency;      /* sy:updatePeriod (minutes), sy:updateFrequency */
    nm_buf tmp;
} walk;

/* rss_atom.c: the walker, driven by sax.c. feed_walker_open() is told of
 * every element as it opens (the root decides the format; an RDF root's
 * children may); feed_walker_early() says, before an element opens in
 * parent, whether it is an entry to read as soon as it closes — sax.c then
 * calls feed_walker_entry() with it and drops its nodes;
 * feed_walker_textless() says that nobody reads the text directly in
 * parent (sax.c need not keep it); feed_walker_finish() reads what is left
 * of the tree at the end, or fails with "not a feed". The walker lives in
 * the feed's arena. */
typedef struct feed_walker feed_walker;
feed_walker *feed_walker_new(feed_raw *r, const char *base);
void feed_walker_open(feed_walker *wk, xnode *n);
bool feed_walker_early(feed_walker *wk, const xnode *parent, const xnode *n);
bool feed_walker_textless(const feed_walker *wk, const xnode *parent);
void feed_walker_entry(feed_walker *wk, xnode *item);
int feed_walker_finish(feed_walker *wk, xnode *root, nm_error *err, const char *source);

/* ---- reading values (xmlvalue.c, xmldump.c) ----------------------------- */

/* What an element holds: skipped (base64, another MIME type, out of line),
 * plain text, escaped HTML, inline XHTML, or (RSS) HTML if it looks so. */
enum kind { K_SKIP, K_TEXT, K_HTML, K_XHTML, K_GUESS };

/* (the first byte is compared inline: most names differ there) */
static inline bool xv_is(const xnode *n, const char *name)
{
    return n->name[0] == name[0] && strcmp(n->name, name) == 0;
}
static inline bool xv_is_ci(const xnode *n, const char *name)
{
    return nm_strcasecmp(n->name, name) == 0;
}
/* An attribute's value, borrowed from the tree (name compared without
 * case, xml:* attributes excluded); NULL when absent. */
const char *xv_attr(const xnode *n, const char *name);
/* An xml:NAME attribute (lang, base), borrowed from the tree. */
const char *xv_xml_attr(const xnode *n, const char *name);
/* The base URI in scope inside n, given the parent's. */
const char *xv_base_of(walk *w, const xnode *n, const char *parent);
bool xv_has_element_child(const xnode *n);
/* All text and CDATA below n (borrowed from the tree when it is one node,
 * else in the arena). */
str_view xv_node_text(walk *w, const xnode *n);
/* n's children written out as markup, exactly as libxml2's xmlNodeDump
 * writes them (xmldump.c), in the arena. */
str_view xv_inner_xml(walk *w, const xnode *n);
void xv_dump_children(nm_buf *out, const xnode *n);
const char *xv_dup_trim(walk *w, str_view v);
/* The value kinds of doc/feed-json.md read from an element: HTML
 * (*ok false when the content is skipped: base64, another MIME type, src),
 * TEXT, URL (trimmed, resolved against base), and an author's name. */
const char *xv_html_value(walk *w, const xnode *n, const char *base, enum kind dflt, bool *ok);
const char *xv_text_value(walk *w, const xnode *n, enum kind dflt);
const char *xv_url_value(walk *w, str_view v, const char *base);
const char *xv_author_value(walk *w, const xnode *n);

#endif
