/*
 * xmldump.c — elements written back out as markup, byte for byte as
 * libxml2's xmlNodeDump() (2.9, no formatting, no encoding) writes them.
 *
 * Inline XHTML (Atom type="xhtml") and HTML that a broken RSS feed forgot
 * to escape reach the HTML sanitizer as markup again. The feeds' expected
 * JSON was fixed when that markup came from xmlNodeDump over a libxml2
 * tree; this file gives the same bytes from our tree (xml_int.h):
 *   - an element: <p:name, its xmlns declarations, its attributes, then
 *     "/>" when it has no children, else ">" children "</p:name>" (one
 *     difference: an element in the XHTML namespace loses its prefix);
 *   - text: & < > escaped, CR as &#13;; an attribute value also escapes
 *     " and TAB/LF/CR as character references;
 *   - CDATA sections (split around "]]>"), comments and processing
 *     instructions as they were.
 *
 * Not here: building the tree (sax.c), deciding what a value is
 * (xmlvalue.c).
 */
#include "xml_int.h"

#include <string.h>

/* Appends s[0,n) escaped as text content or (attr) an attribute value. */
static void put_escaped(nm_buf *out, const char *s, size_t n, bool attr)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep;
        switch (s[i]) {
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '&': rep = "&amp;"; break;
        case '\r': rep = "&#13;"; break;
        case '"': rep = attr ? "&quot;" : NULL; break;
        case '\n': rep = attr ? "&#10;" : NULL; break;
        case '\t': rep = attr ? "&#9;" : NULL; break;
        default: rep = NULL; break;
        }
        if (!rep)
            continue;
        buf_append(out, s + run, i - run);
        buf_puts(out, rep);
        run = i + 1;
    }
    buf_append(out, s + run, n - run);
}

/* A namespace URI quoted as xmlBufWriteQuotedString() quotes it. */
static void put_quoted(nm_buf *out, const char *s)
{
    if (!strchr(s, '"')) {
        buf_putc(out, '"');
        buf_puts(out, s);
        buf_putc(out, '"');
    } else if (!strchr(s, '\'')) {
        buf_putc(out, '\'');
        buf_puts(out, s);
        buf_putc(out, '\'');
    } else {
        buf_putc(out, '"');
        for (; *s; s++) {
            if (*s == '"')
                buf_puts(out, "&quot;");
            else
                buf_putc(out, *s);
        }
        buf_putc(out, '"');
    }
}

static void put_name(nm_buf *out, const char *prefix, const char *name)
{
    if (prefix) {
        buf_puts(out, prefix);
        buf_putc(out, ':');
    }
    buf_puts(out, name);
}

static void dump_cdata(nm_buf *out, const xnode *n)
{
    if (!n->len) {
        buf_puts(out, "<![CDATA[]]>");
        return;
    }
    const char *start = n->text, *end = n->text, *stop = n->text + n->len;
    while (end < stop && *end) {
        if (end[0] == ']' && end + 2 < stop && end[1] == ']' && end[2] == '>') {
            end += 2;
            buf_puts(out, "<![CDATA[");
            buf_append(out, start, (size_t)(end - start));
            buf_puts(out, "]]>");
            start = end;
        }
        end++;
    }
    if (start != end) {
        buf_puts(out, "<![CDATA[");
        buf_append(out, start, (size_t)(end - start));
        buf_puts(out, "]]>");
    }
}

static void dump_node(nm_buf *out, const xnode *n);

static void dump_element(nm_buf *out, const xnode *n)
{
    /* an XHTML element goes to the HTML sanitizer, which knows no
     * prefixes: <xhtml:p> is written <p> */
    const char *prefix = n->ns == NS_XHTML ? NULL : n->prefix;
    buf_putc(out, '<');
    put_name(out, prefix, n->name);
    for (unsigned i = 0; i < n->nnsdecls; i++) {
        const xnsdecl *d = &n->nsdecls[i];
        if (d->prefix && !strcmp(d->prefix, "xml"))
            continue;
        buf_puts(out, " xmlns");
        if (d->prefix) {
            buf_putc(out, ':');
            buf_puts(out, d->prefix);
        }
        buf_putc(out, '=');
        put_quoted(out, d->uri);
    }
    for (unsigned i = 0; i < n->nattrs; i++) {
        const xattr *a = &n->attrs[i];
        buf_putc(out, ' ');
        put_name(out, a->prefix, a->name);
        buf_puts(out, "=\"");
        put_escaped(out, a->value, a->len, true);
        buf_putc(out, '"');
    }
    if (!n->children) {
        buf_puts(out, "/>");
        return;
    }
    buf_putc(out, '>');
    xv_dump_children(out, n);
    buf_puts(out, "</");
    put_name(out, prefix, n->name);
    buf_putc(out, '>');
}

static void dump_node(nm_buf *out, const xnode *n)
{
    switch (n->type) {
    case XN_ELEM:
        dump_element(out, n);
        break;
    case XN_TEXT:
        put_escaped(out, n->text, n->len, false);
        break;
    case XN_CDATA:
        dump_cdata(out, n);
        break;
    case XN_COMMENT:
        buf_puts(out, "<!--");
        buf_append(out, n->text, n->len);
        buf_puts(out, "-->");
        break;
    case XN_PI:
        buf_puts(out, "<?");
        buf_puts(out, n->name);
        if (n->text) {
            buf_putc(out, ' ');
            buf_append(out, n->text, n->len);
        }
        buf_puts(out, "?>");
        break;
    }
}

void xv_dump_children(nm_buf *out, const xnode *n)
{
    for (const xnode *c = n->children; c; c = c->next)
        dump_node(out, c);
}
