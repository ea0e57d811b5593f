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
#include <stdio.h>
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
    const feed_cdata *cdata; /* the lifted CDATA contents (xml.c) */
    size_t ncdata;
    const char *stop_msg; /* why we stopped the parser, or NULL */
    int stop_line;
    /* after a start tag without '>' (on_error), libxml2's tree builder
     * and its parser disagree on the namespaces in scope: the tree
     * builder's view (a warning, and no namespace) is emulated */
    bool popped;
    unsigned long nerrors;     /* errors libxml2 raised */
    unsigned long warned_at;   /* nerrors when warn_msg was raised */
    char warn_msg[64];
    int warn_line;
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

void xn_unlink(xnode *n)
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

/* Whether n declares prefix (NULL: the default namespace); *uri its URI. */
static bool declares(const xnode *n, const xmlChar *prefix, const char **uri)
{
    for (unsigned i = 0; i < n->nnsdecls; i++) {
        const char *p = n->nsdecls[i].prefix;
        if ((!p && !prefix) || (p && prefix && !strcmp(p, (const char *)prefix))) {
            *uri = n->nsdecls[i].uri;
            return true;
        }
    }
    return false;
}

/* The namespace URI of prefix on n (opening in parent) as libxml2's tree
 * builder finds it (xmlSearchNs); *found false when no element declares
 * it. */
static const char *tree_ns(const xnode *n, const xnode *parent, const xmlChar *prefix, bool *found)
{
    const char *uri = NULL;
    *found = true;
    if (prefix && !strcmp((const char *)prefix, "xml"))
        return "http://www.w3.org/XML/1998/namespace";
    if (declares(n, prefix, &uri))
        return uri;
    for (const xnode *p = parent; p; p = p->parent)
        if (declares(p, prefix, &uri))
            return uri;
    *found = false;
    return NULL;
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
    if (s->popped && uri) {
        bool found;
        n->uri = tree_ns(n, s->cur, prefix, &found);
        if (!found) {
            snprintf(s->warn_msg, sizeof(s->warn_msg), prefix ? "Namespace prefix %s was not found"
                                                              : "Namespace default prefix was not found",
                     prefix ? (const char *)prefix : "");
            s->warn_line = s->ctxt->input ? s->ctxt->input->line : 0;
            s->warned_at = s->nerrors;
        }
        n->ns = (unsigned char)ns_of(s, (const xmlChar *)n->uri);
    }
    if (s->popped)
        for (unsigned i = 0; i < n->nattrs; i++) {
            xattr *x = &n->attrs[i];
            if (x->prefix && x->uri) {
                bool found;
                x->uri = tree_ns(n, s->cur, (const xmlChar *)x->prefix, &found);
                if (!found)
                    x->prefix = NULL;
            }
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

static void close_element(sax *s)
{
    xnode *n = s->cur;
    if (!n)
        return;
    s->cur = n->parent;
    s->depth--;
    s->skip_type = -1; /* what follows is after an element */
    if (n == s->entry) {
        feed_walker_entry(s->wk, n);
        xn_unlink(n);
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

/* A lifted section's stand-in, "#k#" then line feeds, where xml.c put it
 * (a CDATA section's content lies in libxml2's input buffer, which holds
 * our text unconverted): its index, or -1. */
static long lifted_index(const sax *s, const xmlChar *ch, int len)
{
    if (len < 3 || ch[0] != '#' || !s->ncdata)
        return -1;
    const xmlParserInput *in = s->ctxt->input;
    if (!in || ch < in->base || ch >= in->end)
        return -1;
    size_t at = (size_t)in->consumed + (size_t)(ch - in->base);
    int i = 1;
    size_t k = 0;
    while (i < len && ch[i] >= '0' && ch[i] <= '9' && i < 12)
        k = k * 10 + (size_t)(ch[i++] - '0');
    if (i == 1 || i >= len || ch[i] != '#' || k >= s->ncdata || s->cdata[k].at != at)
        return -1;
    for (i++; i < len; i++)
        if (ch[i] != '\n')
            return -1;
    return (long)k;
}

static void on_cdata(void *ctx, const xmlChar *ch, int len)
{
    sax *s = sax_of(ctx);
    long k = lifted_index(s, ch, len);
    if (k >= 0)
        add_text(s, XN_CDATA, (const xmlChar *)s->cdata[k].p, (int)s->cdata[k].n);
    else
        add_text(s, XN_CDATA, ch, len);
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

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
    (void)localname, (void)prefix, (void)uri;
    close_element(sax_of(ctx));
}

/* libxml2's errors reach us here too (they are also kept in the context
 * for the bozo reason). One of them changes the tree: when a start tag has
 * no '>', the parser takes its element off libxml2's tree builder stack
 * without an end event (its end tag, when it comes, closes the parent), so
 * we close it as the tree builder did. */
static void on_error(void *ctx, xmlErrorPtr e)
{
    xmlParserCtxtPtr ctxt = ctx;
    sax *s = ctxt ? ctxt->_private : NULL;
    if (!s || !e)
        return;
    s->nerrors++;
    if (e->code != XML_ERR_GT_REQUIRED || !e->message ||
        strncmp(e->message, "Couldn't find end of Start Tag", 30) != 0)
        return;
    close_element(s);
    s->popped = true;
}

static xmlSAXHandler handlers = {
    .serror = on_error,
    .initialized = XML_SAX2_MAGIC,
    .startElementNs = on_start,
    .endElementNs = on_end,
    .characters = on_chars,
    .ignorableWhitespace = on_chars,
    .cdataBlock = on_cdata,
    .comment = on_comment,
    .processingInstruction = on_pi,
};

int feed_sax_parse(feed_raw *r, const char *text, size_t len, const feed_cdata *cdata,
                   size_t ncdata, const char *base, const char *source, nm_error *err)
{
    sax s = {.r = r, .skip_type = -1, .cdata = cdata, .ncdata = ncdata};
    /* The push parser reads the text in slices: libxml2 keeps only what it
     * has not consumed yet, where xmlReadMemory would first copy it all. */
    xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(&handlers, NULL, NULL, 0, NULL);
    if (!ctxt)
        nm_die("newsmill: out of memory");
    /* no encoding handler: the text is UTF-8 already (charset.c), and
     * libxml2 would copy it through a UTF-8 to UTF-8 "conversion"; but
     * without one it waits for 4 bytes to guess an encoding, so a shorter
     * document gets one */
    if (len < 4)
        xmlCtxtResetPush(ctxt, NULL, 0, NULL, "UTF-8");
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
    } else if (s.warn_msg[0] && s.warned_at == s.nerrors) { /* the last word was the warning */
        feed_set_bozo(r, "line %d: %s", s.warn_line, s.warn_msg);
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
        /* (libxml2's word for it, "Extra content at the end of the
         * document", would mislead) */
        rc = nm_fail(err, source, 0, "not a feed: empty document (no XML element)");
    else
        rc = feed_walker_finish(s.wk, s.root, err, source);
    if (ctxt->myDoc) { /* libxml2 makes one even for SAX when it meets an
                        * internal subset ("expat compatibility") */
        xmlFreeDoc(ctxt->myDoc);
        ctxt->myDoc = NULL;
    }
    xmlFreeParserCtxt(ctxt); /* after the walk: names live in its dictionary */
    arena_free(s.doc_a);
    arena_free(s.ent_a);
    return rc;
}
