/*
 * tojson.c — a parsed feed as the JSON of ../shared/feed-json.md.
 *
 * Written by hand into an nm_buf rather than through jansson: the shape
 * is fixed, key order is the contract's, and a 50 MB feed should not be
 * copied into a second tree to be printed. Every key is always present;
 * absent values are null; strings are UTF-8 with only what JSON requires
 * escaped. Indentation of one space, as in the contract's examples.
 *
 * Not here: parsing (feed.c).
 */
#include "feed_int.h"

#include <string.h>

static void put_str(nm_buf *b, const char *s)
{
    if (!s) {
        buf_puts(b, "null");
        return;
    }
    buf_putc(b, '"');
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        buf_append(b, run, (size_t)(s - run));
        switch (c) {
        case '"': buf_puts(b, "\\\""); break;
        case '\\': buf_puts(b, "\\\\"); break;
        case '\n': buf_puts(b, "\\n"); break;
        case '\r': buf_puts(b, "\\r"); break;
        case '\t': buf_puts(b, "\\t"); break;
        default: buf_printf(b, "\\u%04x", c);
        }
        run = s + 1;
    }
    buf_append(b, run, (size_t)(s - run));
    buf_putc(b, '"');
}

static void put_date(nm_buf *b, int64_t t)
{
    if (t == NM_NO_TIME) {
        buf_puts(b, "null");
        return;
    }
    char iso[32];
    date_format_iso(t, iso);
    buf_printf(b, "\"%s\"", iso);
}

static void key(nm_buf *b, const char *indent, const char *k, bool first)
{
    buf_printf(b, "%s\n%s\"%s\": ", first ? "" : ",", indent, k);
}

int feed_to_json(const feed *f, nm_buf *b)
{
    size_t start = b->len;
    buf_puts(b, "{");
    key(b, " ", "format", true);
    put_str(b, f->format);
    key(b, " ", "bozo", false);
    buf_puts(b, f->bozo ? "true" : "false");
    key(b, " ", "bozo_reason", false);
    put_str(b, f->bozo ? f->bozo_reason : NULL);
    key(b, " ", "feed", false);
    buf_puts(b, "{");
    key(b, "  ", "title", true);
    put_str(b, f->title);
    key(b, "  ", "link", false);
    put_str(b, f->link);
    key(b, "  ", "description", false);
    put_str(b, f->description);
    key(b, "  ", "language", false);
    put_str(b, f->language);
    key(b, "  ", "updated", false);
    put_date(b, f->updated);
    key(b, "  ", "image", false);
    put_str(b, f->image);
    key(b, "  ", "author", false);
    put_str(b, f->author);
    buf_puts(b, "\n },");
    buf_puts(b, "\n \"entries\": [");
    for (size_t i = 0; i < f->nentries; i++) {
        const feed_entry *e = &f->entries[i];
        buf_puts(b, i ? ",\n  {" : "\n  {");
        key(b, "   ", "id", true);
        put_str(b, e->id);
        key(b, "   ", "title", false);
        put_str(b, e->title);
        key(b, "   ", "link", false);
        put_str(b, e->link);
        key(b, "   ", "published", false);
        put_date(b, e->published);
        key(b, "   ", "updated", false);
        put_date(b, e->updated);
        key(b, "   ", "author", false);
        put_str(b, e->author);
        key(b, "   ", "summary", false);
        put_str(b, e->summary);
        key(b, "   ", "content", false);
        put_str(b, e->content);
        key(b, "   ", "categories", false);
        buf_puts(b, "[");
        for (size_t k = 0; k < e->ncategories; k++) {
            buf_puts(b, k ? ", " : "");
            put_str(b, e->categories[k]);
        }
        buf_puts(b, "]");
        key(b, "   ", "enclosures", false);
        buf_puts(b, "[");
        for (size_t k = 0; k < e->nenclosures; k++) {
            const feed_enclosure *x = &e->enclosures[k];
            buf_puts(b, k ? ", {\"url\": " : "{\"url\": ");
            put_str(b, x->url);
            buf_puts(b, ", \"type\": ");
            put_str(b, x->type);
            if (x->length >= 0)
                buf_printf(b, ", \"length\": %lld}", (long long)x->length);
            else
                buf_puts(b, ", \"length\": null}");
        }
        buf_puts(b, "]");
        key(b, "   ", "image", false);
        put_str(b, e->image);
        buf_puts(b, "\n  }");
    }
    buf_puts(b, f->nentries ? "\n ]\n}\n" : "]\n}\n");
    /* buf appends fail only at the cap: report that once, at the end */
    if (b->len == start || b->data[b->len - 1] != '\n')
        return -1;
    return 0;
}
