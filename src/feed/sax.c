/*
 * sax.c — libxml2's SAX2 events into the walker, through a small tree.
 *
 * libxml2 parses (push parser, NONET, RECOVER, no entity substitution, no
 * DTD) and calls us for each start tag, end tag, run of text, CDATA
 * block, comment and processing instruction. We keep the open elements as
 * a tree of our own (xml_int.h) in two arenas: one for the feed's own
 * elements, one for the entry being read. When an entry closes, the walker
 * reads it (rss_atom.c) and its arena is reset: a 50 MB feed holds one
 * entry's tree at a time, and no node is ever malloc'd or freed one by one.
 * What is never read is not kept: text directly inside the element that
 * holds the entries, or directly inside an entry.
 *
 * libxml2 bounds a tree's depth and its text nodes, not the parser's
 * events, so the same bounds are kept here with libxml2's own words: more
 * than 256 open elements ("Excessive depth in document") or a text node
 * growing past 10,000,000 bytes ("huge text node") stop the parse, which
 * then ends as a recovered document (bozo) with what was read so far.
 *
 * Not here: the repair pass before parsing (xml.c), what elements mean
 * (rss_atom.c), markup written back out (xmldump.c).
 */
#include "xml_int.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <string.h>

#define MAX_DEPTH 256              /* libxml2's xmlParserMaxDepth */
#define MAX_TEXT ((size_t)10000000) /* libxml2's XML_MAX_TEXT_LENGTH */

typedef struct sax {
    feed_raw *r;
    xmlParserCtxtPtr ctxt;
    feed_walker *wk;
    arena *doc_a;      /* the feed's elements */
    arena *ent_a;      /* the open entry's nodes: reset once it is read */
    xnode *root, *cur; /* cur: the innermost open element */
    xnode *entry;      /* the open entry the walker reads when it closes */
    unsigned depth;
    /* text skipped in a textless element: its type and length, as if kept
     * (the text bound counts it all the same) */
    int skip_type;
    size_t skip_len;
    /* the namespace URIs seen (dictionary pointers) and their vocabulary */
    const xmlChar *uris[16];
    unsigned char uri_ns[16];
    unsigned nuris;
    const char *stop_msg; /* why we stopped the parser, or NULL */
    int stop_line;
} sax;

static sax *sax_of(void *ctx)
{
    return ((xmlParserCtxtPtr)ctx)->_private;
}

static void stop(sax *s, const char *msg)
{
    s->stop_msg = msg;
    s->stop_line = s->ctxt->input ? s->ctxt->input->line : 0;
    xmlStopParser(s->ctxt);
}

static arena *arena_now(sax *s)
{
    return s->entry ? s->ent_a : s->doc_a;
}

static enum ns ns_of(sax *s, const xmlChar *uri)
{
    if (!uri)
        return NS_CORE;
    for (unsigned i = 0; i < s->nuris; i++)
        if (s->uris[i] == uri)
            return (enum ns)s->uri_ns[i];
    enum ns ns = xv_ns_of_uri((const char *)uri);
    if (s->nuris < NM_ARRAY_LEN(s->uris)) {
        s->uris[s->nuris] = uri;
        s->uri_ns[s->nuris++] = (unsigned char)ns;
    }
    return ns;
}

/* An attribute value as the tree would hold it. libxml2 hands over a
 * value it had to rewrite (ending in NUL) with each '&' written "&#38;",
 * to be read again: that is undone here. */
static const char *attr_value(arena *a, const xmlChar *v, const xmlChar *end, size_t *len)
{
    size_t n = (size_t)(end - v);
    char *out = arena_alloc(a, n + 1);
    if (*end != 0 || !memchr(v, '&', n)) {
        memcpy(out, v, n);
        out[n] = 0;
        *len = n;
        return out;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        out[k++] = (char)v[i];
        if (v[i] == '&' && i + 4 < n && memcmp(v + i + 1, "#38;", 4) == 0)
            i += 4;
    }
    out[k] = 0;
    *len = k;
    return out;
}

static void link_child(xnode *parent, xnode *n)
{
    n->parent = parent;
    n->prev = parent->last;
    if (parent->last)
        parent->last->next = n;
    else
        parent->children = n;
    parent->last = n;
}

static void unlink_last(xnode *n)
{
    xnode *p = n->parent;
    if (n->prev)
        n->prev->next = n->next;
    else
        p->children = n->next;
    if (n->next)
        n->next->prev = n->prev;
    else
        p->last = n->prev;
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                     int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    (void)nb_defaulted;
    sax *s = sax_of(ctx);
    if (s->depth > MAX_DEPTH) {
        stop(s, "Excessive depth in document: 256 use XML_PARSE_HUGE option");
        return;
    }
    xnode tmp = {.type = XN_ELEM, .name = (const char *)localname};
    if (prefix && !uri) /* an undeclared prefix: part of the name */
        tmp.name = (const char *)xmlDictQLookup(s->ctxt->dict, prefix, localname);
    else
        tmp.prefix = (const char *)prefix;
    tmp.uri = (const char *)uri;
    tmp.ns = (unsigned char)ns_of(s, uri);
    bool early = !s->entry && s->cur && feed_walker_early(s->wk, s->cur, &tmp);
    arena *a = early ? s->ent_a : arena_now(s);
    xnode *n = arena_alloc(a, sizeof(*n));
    *n = tmp;
    if (nb_namespaces > 0) {
        n->nsdecls = arena_alloc(a, sizeof(xnsdecl) * (size_t)nb_namespaces);
        for (int i = 0; i < nb_namespaces; i++)
            n->nsdecls[i] = (xnsdecl){(const char *)namespaces[2 * i],
                                      (const char *)namespaces[2 * i + 1]};
        n->nnsdecls = (unsigned)nb_namespaces;
    }
    if (nb_attributes > 0) {
        n->attrs = arena_alloc(a, sizeof(xattr) * (size_t)nb_attributes);
        for (int i = 0; i < nb_attributes; i++) {
            const xmlChar **at = attributes + 5 * i;
            xattr *x = &n->attrs[i];
            x->name = (const char *)at[0];
            x->prefix = (const char *)at[1];
            x->uri = (const char *)at[2];
            if (at[1] && !at[2]) {
                x->name = (const char *)xmlDictQLookup(s->ctxt->dict, at[1], at[0]);
                x->prefix = NULL;
            }
            x->value = attr_value(a, at[3], at[4], &x->len);
        }
        n->nattrs = (unsigned)nb_attributes;
    }
    if (s->cur) {
        link_child(s->cur, n);
        s->skip_type = -1;
    } else if (!s->root) {
        s->root = n;
    } /* else a second root (libxml2 stops there): kept apart */
    if (early)
        s->entry = n;
    feed_walker_open(s->wk, n);
    s->cur = n;
    s->depth++;
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
    (void)localname, (void)prefix, (void)uri;
    sax *s = sax_of(ctx);
    xnode *n = s->cur;
    if (!n)
        return;
    s->cur = n->parent;
    s->depth--;
    s->skip_type = -1; /* what follows is after an element */
    if (n == s->entry) {
        feed_walker_entry(s->wk, n);
        unlink_last(n);
        s->entry = NULL;
        arena_reset(s->ent_a);
    }
}

/* A run of text or CDATA. Runs of one kind next to each other make one
 * node, and a node that would grow past MAX_TEXT stops the parse (as
 * libxml2's tree builder does: the run that does not fit is dropped). */
static void add_text(sax *s, int type, const xmlChar *ch, int ilen)
{
    xnode *p = s->cur;
    size_t len = (size_t)ilen;
    if (!p)
        return;
    if (p == s->entry || feed_walker_textless(s->wk, p)) {
        if (s->skip_type == type) {
            if (len > MAX_TEXT || s->skip_len > MAX_TEXT - len) {
                stop(s, "xmlSAX2Characters: huge text node");
                return;
            }
            s->skip_len += len;
        } else {
            s->skip_type = type;
            s->skip_len = len;
        }
        return;
    }
    xnode *last = p->last;
    arena *a = arena_now(s);
    if (last && last->type == type) {
        if (len > MAX_TEXT || last->len > MAX_TEXT - len) {
            stop(s, "xmlSAX2Characters: huge text node");
            return;
        }
        if (last->len + len + 1 > last->cap) {
            size_t cap = last->cap * 2 > last->len + len + 1 ? last->cap * 2 : last->len + len + 1;
            char *t = arena_alloc(a, cap);
            memcpy(t, last->text, last->len);
            last->text = t;
            last->cap = cap;
        }
        memcpy(last->text + last->len, ch, len);
        last->len += len;
        last->text[last->len] = 0;
        return;
    }
    xnode *n = arena_zalloc(a, sizeof(*n));
    n->type = (unsigned char)type;
    n->text = arena_alloc(a, len + 1);
    memcpy(n->text, ch, len);
    n->text[len] = 0;
    n->len = len;
    n->cap = len + 1;
    link_child(p, n);
}

static void on_chars(void *ctx, const xmlChar *ch, int len)
{
    add_text(sax_of(ctx), XN_TEXT, ch, len);
}

static void on_cdata(void *ctx, const xmlChar *ch, int len)
{
    add_text(sax_of(ctx), XN_CDATA, ch, len);
}

static void add_other(sax *s, int type, const xmlChar *name, const xmlChar *text)
{
    xnode *p = s->cur;
    if (!p)
        return;
    if (p == s->entry || feed_walker_textless(s->wk, p)) {
        s->skip_type = -1;
        return;
    }
    arena *a = arena_now(s);
    xnode *n = arena_zalloc(a, sizeof(*n));
    n->type = (unsigned char)type;
    n->name = (const char *)name;
    if (text) {
        n->len = strlen((const char *)text);
        n->text = arena_strndup(a, (const char *)text, n->len);
        n->cap = n->len + 1;
    }
    link_child(p, n);
}

static void on_comment(void *ctx, const xmlChar *value)
{
    add_other(sax_of(ctx), XN_COMMENT, NULL, value ? value : (const xmlChar *)"");
}

static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
    add_other(sax_of(ctx), XN_PI, target, data);
}

static xmlSAXHandler handlers = {
    .initialized = XML_SAX2_MAGIC,
    .startElementNs = on_start,
    .endElementNs = on_end,
    .characters = on_chars,
    .ignorableWhitespace = on_chars,
    .cdataBlock = on_cdata,
    .comment = on_comment,
    .processingInstruction = on_pi,
};

int feed_sax_parse(feed_raw *r, const char *text, size_t len, const char *base,
                   const char *source, nm_error *err)
{
    sax s = {.r = r, .skip_type = -1};
    /* The push parser reads the text in slices: libxml2 keeps only what it
     * has not consumed yet, where xmlReadMemory would first copy it all. */
    xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(&handlers, NULL, NULL, 0, NULL);
    if (!ctxt)
        nm_die("newsmill: out of memory");
    /* no encoding handler: the text is UTF-8 already (charset.c), and
     * libxml2 would copy it through a UTF-8 to UTF-8 "conversion" */
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_RECOVER | XML_PARSE_NOERROR |
                                XML_PARSE_NOWARNING | XML_PARSE_IGNORE_ENC);
    ctxt->_private = &s;
    ctxt->userData = ctxt;
    s.ctxt = ctxt;
    s.wk = feed_walker_new(r, base);
    s.doc_a = arena_new(0);
    s.ent_a = arena_new(0);

    const size_t slice = (size_t)256 << 10;
    for (size_t off = 0; off < len && ctxt->instate != XML_PARSER_EOF; off += slice) {
        size_t k = len - off < slice ? len - off : slice;
        xmlParseChunk(ctxt, text + off, (int)k, 0);
    }
    if (ctxt->instate != XML_PARSER_EOF)
        xmlParseChunk(ctxt, NULL, 0, 1);
    if (s.stop_msg) {
        feed_set_bozo(r, "line %d: %s", s.stop_line, s.stop_msg);
    } else if (!ctxt->wellFormed || !ctxt->nsWellFormed || ctxt->lastError.level >= XML_ERR_ERROR) {
        const xmlError *e = &ctxt->lastError;
        if (e->message) {
            char msg[512];
            snprintf(msg, sizeof(msg), "%s", e->message);
            size_t ml = strlen(msg);
            while (ml && (msg[ml - 1] == '\n' || msg[ml - 1] == ' '))
                msg[--ml] = 0;
            feed_set_bozo(r, "line %d: %s", e->line, msg);
        } else {
            feed_set_bozo(r, "document is not well-formed XML");
        }
    }
    int rc;
    if (!s.root)
        rc = nm_fail(err, source, 0, "not a feed: no XML element found (%s)",
                     r->bozo_reason ? r->bozo_reason : "empty document");
    else
        rc = feed_walker_finish(s.wk, s.root, err, source);
    xmlFreeParserCtxt(ctxt); /* after the walk: names live in its dictionary */
    arena_free(s.doc_a);
    arena_free(s.ent_a);
    return rc;
}
