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

#include <stdio.h>
#include <string.h>

/* True when one of the 8 bytes of w is below 0x20, '"' or '\\' (the
 * "has a byte less than / equal to" bit tricks): only then does the slow
 * loop look at them one by one. */
static bool needs_escape(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t q = w ^ (ones * '"'), bs = w ^ (ones * '\\');
    uint64_t lt = (w - ones * 0x20) & ~w;
    uint64_t eq = ((q - ones) & ~q) | ((bs - ones) & ~bs);
    return ((lt | eq) & highs) != 0;
}

static void put_str(nm_buf *b, const char *s)
{
    if (!s) {
        buf_puts(b, "null");
        return;
    }
    size_t n = strlen(s), i = 0, run = 0;
    buf_putc(b, '"');
    while (i < n) {
        if (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (!needs_escape(w)) {
                i += 8;
                continue;
            }
        }
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            i++;
            continue;
        }
        buf_append(b, s + run, i - run);
        switch (c) {
        case '"': buf_puts(b, "\\\""); break;
        case '\\': buf_puts(b, "\\\\"); break;
        case '\n': buf_puts(b, "\\n"); break;
        case '\r': buf_puts(b, "\\r"); break;
        case '\t': buf_puts(b, "\\t"); break;
        default: buf_printf(b, "\\u%04x", c);
        }
        run = ++i;
    }
    buf_append(b, s + run, n - run);
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
    buf_putc(b, '"');
    buf_puts(b, iso);
    buf_putc(b, '"');
}

static void key(nm_buf *b, const char *indent, const char *k, bool first)
{
    if (!first)
        buf_putc(b, ',');
    buf_putc(b, '\n');
    buf_puts(b, indent);
    buf_putc(b, '"');
    buf_puts(b, k);
    buf_puts(b, "\": ");
}

/* Writes the JSON into b; with out, b is emptied into out after each
 * entry once it holds more than 64 KiB, so a big feed is never held twice. */
static int emit(const feed *f, nm_buf *b, FILE *out)
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
        if (out && b->len > ((size_t)64 << 10)) {
            if (fwrite(b->data, 1, b->len, out) != b->len)
                return -1;
            buf_reset(b);
            start = 0;
        }
    }
    buf_puts(b, f->nentries ? "\n ]\n}\n" : "]\n}\n");
    /* buf appends fail only at the cap: report that once, at the end */
    if (b->len == start || b->data[b->len - 1] != '\n')
        return -1;
    return 0;
}

int feed_to_json(const feed *f, nm_buf *out)
{
    return emit(f, out, NULL);
}

int feed_write_json(const feed *f, FILE *out)
{
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    int rc = emit(f, &b, out);
    if (rc == 0 && fwrite(b.data, 1, b.len, out) != b.len)
        rc = -1;
    buf_free(&b);
    return rc;
}
