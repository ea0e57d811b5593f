/*
 * extract.c — the order of an extraction: decode, parse, rule or scorer,
 * metadata, output.
 *
 * The page's metadata and next-page link are read from the whole tree
 * first, because the cut (a site rule's body: or the scorer) takes the
 * article out of the tree and prunes around it. A site rule's body:
 * XPaths are tried in order; the first that matches gives the article
 * (several matching nodes are joined in document order); when none
 * matches (or the rule has no body: line, only strip: ones) the general
 * extractor runs on the page as the rule's strips left it, whatever the
 * rule's autodetect_on_failure says: a stale rule must not cost the
 * article (FiveFilters' livescience.com rule matches nothing today and
 * says "autodetect_on_failure: no"). That directive still decides
 * whether a cut too short to be an article gives way to a longer one the
 * general extractor finds.
 */
#include "extract_int.h"

#include <libxml/parser.h>
#include <libxml/xpathInternals.h>
#include <pthread.h>
#include <string.h>

static pthread_once_t libxml_once = PTHREAD_ONCE_INIT;

/* libxml2 wants its globals set up once before threads use it. */
static void libxml_init(void)
{
    xmlInitParser();
}

static void silent(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
}

static xmlXPathObjectPtr xpath(xmlXPathContextPtr ctx, const char *expr)
{
    return xmlXPathEvalExpression((const xmlChar *)expr, ctx);
}

/* The first non-empty string an expression gives: a string result, or
 * the text (attribute value) of the first node of a node set. */
static const char *xpath_string(arena *a, xmlXPathContextPtr ctx, const char *expr)
{
    xmlXPathObjectPtr o = xpath(ctx, expr);
    const char *r = NULL;
    if (!o)
        return NULL;
    if (o->type == XPATH_STRING && o->stringval && *o->stringval) {
        r = arena_strdup(a, (const char *)o->stringval);
    } else if (o->type == XPATH_NODESET && o->nodesetval) {
        for (int i = 0; i < o->nodesetval->nodeNr && !r; i++) {
            xmlNodePtr n = o->nodesetval->nodeTab[i];
            char *t = NULL;
            if (n->type == XML_ATTRIBUTE_NODE || n->type == XML_TEXT_NODE) {
                xmlChar *c = xmlNodeGetContent(n);
                t = arena_strdup(a, c ? (const char *)c : "");
                xmlFree(c);
            } else {
                t = dom_text(a, n);
            }
            str_view v = sv_trim(sv_from(t));
            if (v.len)
                r = sv_dup(a, v);
        }
    }
    xmlXPathFreeObject(o);
    return r;
}

/* The link an expression selects (next_page_link, single_page_link): a
 * string result, an attribute's or text node's value, or the href of the
 * first element of the node set that has one (FiveFilters rules select
 * either the <a> or its @href). Trimmed; NULL when none. */
static const char *xpath_link(arena *a, xmlXPathContextPtr ctx, const char *expr)
{
    xmlXPathObjectPtr o = xpath(ctx, expr);
    if (!o)
        return NULL;
    const char *r = NULL;
    if (o->type == XPATH_NODESET && o->nodesetval) {
        for (int i = 0; i < o->nodesetval->nodeNr && !r; i++) {
            xmlNodePtr n = o->nodesetval->nodeTab[i];
            if (n->type != XML_ELEMENT_NODE)
                continue;
            const char *href = dom_attr(n, "href");
            str_view v = sv_trim(sv_from(href ? href : ""));
            if (v.len)
                r = sv_dup(a, v);
        }
    }
    xmlXPathFreeObject(o);
    return r ? r : xpath_string(a, ctx, expr);
}

/* A rule's link resolved against the page: an absolute http(s) URL, or
 * NULL (javascript:, mailto: …, or relative without a base). */
static const char *page_url(arena *a, const char *base, const char *link)
{
    const char *u = base ? url_resolve(a, base, link) : link;
    return u && (!strncmp(u, "http://", 7) || !strncmp(u, "https://", 8)) ? u : NULL;
}

static void remove_nodes(xmlXPathContextPtr ctx, const char *expr)
{
    xmlXPathObjectPtr o = xpath(ctx, expr);
    if (!o)
        return;
    if (o->type == XPATH_NODESET && o->nodesetval) {
        /* backwards: a descendant goes before its ancestor */
        for (int i = o->nodesetval->nodeNr - 1; i >= 0; i--) {
            xmlNodePtr n = o->nodesetval->nodeTab[i];
            if (n->parent == (xmlNodePtr)n->doc) {
                /* the root element stays: the rest of the page hangs on it */
            } else if (n->type == XML_ATTRIBUTE_NODE) {
                xmlRemoveProp((xmlAttrPtr)n);
            } else if (n->type == XML_ELEMENT_NODE || n->type == XML_TEXT_NODE) {
                xmlUnlinkNode(n);
                xmlFreeNode(n);
            }
            o->nodesetval->nodeTab[i] = NULL;
        }
        o->nodesetval->nodeNr = 0;
    }
    xmlXPathFreeObject(o);
}

static bool class_has(const char *cls, const char *word)
{
    size_t wl = strlen(word);
    if (!wl)
        return false;
    for (const char *p = cls; (p = strstr(p, word)); p++) {
        bool start = p == cls || p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n';
        bool end = !p[wl] || p[wl] == ' ' || p[wl] == '\t' || p[wl] == '\n';
        if (start && end)
            return true;
    }
    return false;
}

static void strip_id_or_class(xmlNodePtr n, const char *word)
{
    xmlNodePtr c = n->children;
    while (c) {
        xmlNodePtr next = c->next;
        if (c->type == XML_ELEMENT_NODE) {
            const char *id = dom_attr(c, "id"), *cl = dom_attr(c, "class");
            if ((id && !strcmp(id, word)) || (cl && class_has(cl, word))) {
                xmlUnlinkNode(c);
                xmlFreeNode(c);
            } else {
                strip_id_or_class(c, word);
            }
        }
        c = next;
    }
}

static void strip_image_src(xmlNodePtr n, const char *part)
{
    xmlNodePtr c = n->children;
    while (c) {
        xmlNodePtr next = c->next;
        if (c->type == XML_ELEMENT_NODE) {
            const char *src = dom_attr(c, "src");
            if (dom_is(c, "img") && src && strstr(src, part)) {
                xmlUnlinkNode(c);
                xmlFreeNode(c);
            } else {
                strip_image_src(c, part);
            }
        }
        c = next;
    }
}

/* The article cut by a rule's body: lines, or NULL when none matches. */
static xmlNodePtr rule_body(xmlDocPtr doc, xmlXPathContextPtr ctx, const site_rule *rule)
{
    for (size_t i = 0; i < rule->n; i++) {
        if (rule->lines[i].kind != RULE_BODY)
            continue;
        xmlXPathObjectPtr o = xpath(ctx, rule->lines[i].value);
        if (!o)
            continue;
        xmlNodePtr cut = NULL;
        if (o->type == XPATH_NODESET && o->nodesetval && o->nodesetval->nodeNr) {
            cut = xmlNewDocNode(doc, NULL, (const xmlChar *)"div", NULL);
            xmlNodeSetPtr ns = o->nodesetval;
            for (int k = 0; k < ns->nodeNr; k++) {
                xmlNodePtr n = ns->nodeTab[k];
                if (n->type != XML_ELEMENT_NODE)
                    continue;
                /* skip a node inside one taken before */
                bool nested = false;
                for (xmlNodePtr p = n->parent; p && !nested; p = p->parent)
                    nested = p == cut;
                if (nested)
                    continue;
                if (n->parent == (xmlNodePtr)doc) {
                    /* the root element, first in document order and
                     * holding the rest: a copy, the page keeps its tree */
                    xmlAddChild(cut, xmlDocCopyNode(n, doc, 1));
                    break;
                }
                xmlUnlinkNode(n);
                xmlAddChild(cut, n);
            }
            if (!cut->children || dom_text_chars(cut) == 0) {
                xmlFreeNode(cut);
                cut = NULL;
            }
        }
        xmlXPathFreeObject(o);
        if (cut)
            return cut;
    }
    return NULL;
}

/* find_string/replace_string applied to the decoded page. */
static const char *replace_strings(arena *a, const site_rule *rule, const char *s, size_t *len)
{
    for (size_t i = 0; i < rule->n; i++) {
        const rule_line *l = &rule->lines[i];
        if (l->kind != RULE_REPLACE_STRING || !l->arg || !*l->arg)
            continue;
        size_t fl = strlen(l->arg), rl = strlen(l->value);
        if (!memmem(s, *len, l->arg, fl))
            continue;
        nm_buf b;
        buf_init(&b, NM_BUF_NOLIMIT);
        const char *p = s, *end = s + *len, *hit;
        while ((hit = memmem(p, (size_t)(end - p), l->arg, fl))) {
            buf_append(&b, p, (size_t)(hit - p));
            buf_append(&b, l->value, rl);
            p = hit + fl;
        }
        buf_append(&b, p, (size_t)(end - p));
        *len = b.len;
        s = arena_strndup(a, buf_cstr(&b), b.len);
        buf_free(&b);
    }
    return s;
}

int extract_page(arena *a, const extract_rules *rules, const extract_input *in,
                 extract_article *out, nm_error *err)
{
    pthread_once(&libxml_once, libxml_init);
    memset(out, 0, sizeof(*out));
    out->title = out->byline = out->html = out->text = "";
    out->published = NM_NO_TIME;
    out->charset = "UTF-8";
    const char *where = in->url && *in->url ? in->url : "page";
    if (in->len > EXTRACT_MAX_INPUT)
        return nm_fail(err, where, 0, "page is larger than the 64 MiB limit; not extracted");

    const char *page;
    size_t len;
    extract_decode(a, in->data, in->len, in->http_charset, &page, &len, &out->charset, &out->bozo);

    const char *host = url_host(a, in->url);
    const site_rule *rule = extract_rules_find(rules, host ? host : "");
    if (rule) {
        out->rule = rule->name;
        page = replace_strings(a, rule, page, &len);
    }

    arena *tmp = arena_new(0);
    xmlDocPtr doc = extract_dom_build(tmp, page, len);
    arena_free(tmp);
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    ctx->error = silent;

    /* <base href> moves the base of relative URLs */
    const char *base = in->url;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlNodePtr bnode = dom_find(root, "base");
    const char *bhref = dom_attr(bnode, "href");
    if (bhref && *bhref)
        base = base ? url_resolve(a, base, bhref) : arena_strdup(a, bhref);

    page_meta m;
    extract_meta(a, doc, base, &m);

    xmlNodePtr cut = NULL;
    const char *next = NULL;
    if (rule) {
        for (size_t i = 0; i < rule->n; i++) {
            const rule_line *l = &rule->lines[i];
            switch (l->kind) {
            case RULE_STRIP:
            case RULE_STRIP_ATTR: remove_nodes(ctx, l->value); break;
            case RULE_STRIP_ID_OR_CLASS: strip_id_or_class(root, l->value); break;
            case RULE_STRIP_IMAGE_SRC: strip_image_src(root, l->value); break;
            default: break;
            }
        }
        for (size_t i = 0; i < rule->n; i++) {
            const rule_line *l = &rule->lines[i];
            const char *v = NULL;
            if (l->kind == RULE_TITLE && !out->title[0] && (v = xpath_string(a, ctx, l->value)))
                out->title = v;
            else if (l->kind == RULE_AUTHOR && !out->byline[0] &&
                     (v = xpath_string(a, ctx, l->value)))
                out->byline = v;
            else if (l->kind == RULE_DATE && out->published == NM_NO_TIME &&
                     (v = xpath_string(a, ctx, l->value)))
                out->published = date_parse(v, strlen(v), date_zone_get("Asia/Shanghai", NULL));
            else if (l->kind == RULE_NEXT_PAGE_LINK && !next &&
                     (v = xpath_link(a, ctx, l->value)))
                next = page_url(a, base, v);
            else if (l->kind == RULE_SINGLE_PAGE_LINK && !out->single_page &&
                     (v = xpath_link(a, ctx, l->value)))
                out->single_page = page_url(a, base, v);
        }
        cut = rule_body(doc, ctx, rule);
        if (cut) {
            extract_prune_basic(cut);
            if (rule->prune)
                extract_clean_cut(cut);
            /* A stale rule matching a header or an empty shell: when what
             * it cut is too short to be an article and the page holds a
             * longer one, the general extractor's wins. */
            size_t chars = dom_text_chars(cut);
            if (chars < 140 && rule->autodetect_on_failure) {
                const char *t = out->title[0] ? out->title : m.title;
                xmlNodePtr other = extract_score(doc, t, NULL, 0);
                if (other && dom_text_chars(other) > chars * 2) {
                    xmlFreeNode(cut);
                    cut = other;
                    out->rule = NULL;
                } else if (other) {
                    xmlFreeNode(other);
                }
            }
        } else {
            out->rule = NULL; /* the general extractor's cut, below */
        }
    }
    if (!next)
        next = extract_next_page(a, doc, base);
    if (!out->title[0] && m.title)
        out->title = m.title;
    if (!out->byline[0] && m.byline)
        out->byline = m.byline;
    if (out->published == NM_NO_TIME)
        out->published = m.published;
    out->lead_image = m.lead_image;
    out->next_page = next && (!base || strcmp(next, base)) ? next : NULL;
    if (out->single_page && in->url && !strcmp(out->single_page, in->url))
        out->single_page = NULL; /* the page is its own single-page version */

    if (!cut)
        cut = extract_score(doc, out->title, rule ? NULL : page, len);
    int rc = 0;
    if (cut) {
        extract_fix_media(cut, base);
        out->html = extract_html(a, cut);
        out->text = extract_plain(a, cut);
        if (!out->lead_image) {
            /* no metadata image: the first content image of the cut */
            const char *src = dom_attr(dom_find(cut, "img"), "src");
            if (src && (!strncmp(src, "http://", 7) || !strncmp(src, "https://", 8)))
                out->lead_image = arena_strdup(a, src);
        }
        xmlFreeNode(cut);
    }
    out->title = extract_utf8_fix(a, out->title);
    out->byline = extract_utf8_fix(a, out->byline);
    out->html = extract_utf8_fix(a, out->html);
    out->text = extract_utf8_fix(a, out->text);
    if (!out->text[0])
        rc = nm_fail(err, where, 0, "no article text found on the page");
    xmlXPathFreeContext(ctx);
    xmlFreeDoc(doc);
    return rc;
}
