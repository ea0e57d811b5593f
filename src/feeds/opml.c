/*
 * opml.c — OPML in and out, the format every feed reader exchanges.
 *
 * Import walks nested <outline> elements: one with an xmlUrl is a feed,
 * and the text/title of the outlines around it become its group and site
 * (the two innermost; one level means group = site; none means "Feeds").
 * libxml2 reads the file with no network and no entity expansion.
 * Export writes OPML 2.0 with the same nesting, so export → import is the
 * identity on the hierarchy.
 *
 * Not here: fetching the feeds an OPML names (that is `newsmill fetch`).
 */
#include "feeds.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>

typedef struct importer {
    feeds_list *l;
    size_t added;
    const char *stack[64];
    int depth;
} importer;

static const char *attr(xmlNode *n, const char *name, arena *a)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = arena_strdup(a, (const char *)v);
    xmlFree(v);
    str_view t = sv_trim(sv_from(s));
    return t.len ? sv_dup(a, t) : NULL;
}

static void walk(importer *im, xmlNode *n)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "outline") != 0)
            continue;
        arena *a = im->l->arena;
        const char *text = attr(n, "text", a);
        const char *title = attr(n, "title", a);
        const char *name = title ? title : text;
        const char *url = attr(n, "xmlUrl", a);
        if (url) {
            const char *group = "Feeds", *site = NULL;
            if (im->depth >= 2) {
                group = im->stack[im->depth - 2];
                site = im->stack[im->depth - 1];
            } else if (im->depth == 1) {
                group = site = im->stack[0];
            }
            if (!name)
                name = url;
            if (!site)
                site = name;
            if (!feeds_find(im->l, url) && feeds_add(im->l, group, site, name, url, NULL) == 0)
                im->added++;
            continue;
        }
        if (im->depth < (int)NM_ARRAY_LEN(im->stack)) {
            im->stack[im->depth++] = name ? name : "Feeds";
            walk(im, n->children);
            im->depth--;
        }
    }
}

int feeds_import_opml(feeds_list *l, const char *path, size_t *added, nm_error *err)
{
    nm_buf text;
    buf_init(&text, 16u << 20);
    if (fs_read_file(path, 16u << 20, &text, err)) {
        buf_free(&text);
        return -1;
    }
    int rc = feeds_import_opml_text(l, buf_cstr(&text), text.len, path, added, err);
    buf_free(&text);
    return rc;
}

int feeds_import_opml_text(feeds_list *l, const char *text, size_t len, const char *path,
                           size_t *added, nm_error *err)
{
    if (len > INT_MAX)
        return nm_fail(err, path, 0, "file too large");
    xmlDoc *doc = xmlReadMemory(text, (int)len, path, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *xe = xmlGetLastError();
        return nm_fail(err, path, xe ? xe->line : 0, "not well-formed XML%s%s",
                       xe && xe->message ? ": " : "", xe && xe->message ? xe->message : "");
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    xmlNode *body = NULL;
    if (root && strcmp((const char *)root->name, "opml") == 0)
        for (xmlNode *c = root->children; c; c = c->next)
            if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "body") == 0)
                body = c;
    if (!body) {
        long line = root ? (long)root->line : 0; /* before the tree is freed */
        xmlFreeDoc(doc);
        return nm_fail(err, path, line, "not an OPML file (expected <opml> with a <body>)");
    }
    importer im = {.l = l};
    walk(&im, body->children);
    xmlFreeDoc(doc);
    if (added)
        *added = im.added;
    return 0;
}

static void put_attr(nm_buf *out, const char *name, const char *v)
{
    buf_printf(out, " %s=\"", name);
    for (; *v; v++) {
        switch (*v) {
        case '&': buf_puts(out, "&amp;"); break;
        case '<': buf_puts(out, "&lt;"); break;
        case '>': buf_puts(out, "&gt;"); break;
        case '"': buf_puts(out, "&quot;"); break;
        case '\n': buf_puts(out, "&#10;"); break;
        default: buf_putc(out, *v);
        }
    }
    buf_putc(out, '"');
}

int feeds_export_opml(const feeds_list *l, nm_buf *out)
{
    buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n"
                  "  <head>\n    <title>newsmill feeds</title>\n  </head>\n  <body>\n");
    bool *done = xcalloc(l->n + 1, sizeof(bool));
    for (size_t i = 0; i < l->n; i++) {
        if (done[i])
            continue;
        const char *group = l->entries[i].group;
        buf_puts(out, "    <outline");
        put_attr(out, "text", group);
        buf_puts(out, ">\n");
        for (size_t j = i; j < l->n; j++) {
            if (done[j] || strcmp(l->entries[j].group, group) != 0)
                continue;
            const char *site = l->entries[j].site;
            buf_puts(out, "      <outline");
            put_attr(out, "text", site);
            buf_puts(out, ">\n");
            for (size_t k = j; k < l->n; k++) {
                const feeds_entry *e = &l->entries[k];
                if (done[k] || strcmp(e->group, group) != 0 || strcmp(e->site, site) != 0)
                    continue;
                done[k] = true;
                buf_puts(out, "        <outline type=\"rss\"");
                put_attr(out, "text", e->title);
                put_attr(out, "title", e->title);
                put_attr(out, "xmlUrl", e->url);
                buf_puts(out, "/>\n");
            }
            buf_puts(out, "      </outline>\n");
        }
        buf_puts(out, "    </outline>\n");
    }
    free(done);
    buf_puts(out, "  </body>\n</opml>\n");
    return 0;
}
