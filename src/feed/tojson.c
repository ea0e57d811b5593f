/*
 * tojson.c — a parsed feed as the JSON of doc/feed-json.md.
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

/* Appends a string literal without measuring it. */
#define PUT(b, lit) buf_append((b), (lit), sizeof(lit) - 1)

static void put2(char *p, int v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
}

/* "YYYY-MM-DDTHH:MM:SSZ" as date_format_iso() writes it, without printf
 * (a 40,000-entry feed has 80,000 dates). */
static void put_date(nm_buf *b, int64_t t)
{
    if (t == NM_NO_TIME) {
        PUT(b, "null");
        return;
    }
    date_parts p;
    date_split(t, NULL, &p);
    char iso[32];
    if (p.month == 0 || p.year < 0 || p.year > 9999) {
        date_format_iso(t, iso);
        buf_putc(b, '"');
        buf_puts(b, iso);
        buf_putc(b, '"');
        return;
    }
    memcpy(iso, "\"0000-00-00T00:00:00Z\"", 22);
    put2(iso + 1, p.year / 100);
    put2(iso + 3, p.year % 100);
    put2(iso + 6, p.month);
    put2(iso + 9, p.day);
    put2(iso + 12, p.hour);
    put2(iso + 15, p.minute);
    put2(iso + 18, p.second);
    buf_append(b, iso, 22);
}

/* Writes the JSON into b; with out, b is emptied into out after each
 * entry once it holds more than 64 KiB, so a big feed is never held twice. */
static int emit(const feed *f, nm_buf *b, FILE *out)
{
    PUT(b, "{");
    PUT(b, "\n \"format\": ");
    buf_put_json_str(b, f->format);
    PUT(b, ",\n \"bozo\": ");
    buf_puts(b, f->bozo ? "true" : "false");
    PUT(b, ",\n \"bozo_reason\": ");
    buf_put_json_str(b, f->bozo ? f->bozo_reason : NULL);
    PUT(b, ",\n \"feed\": ");
    PUT(b, "{");
    PUT(b, "\n  \"title\": ");
    buf_put_json_str(b, f->title);
    PUT(b, ",\n  \"link\": ");
    buf_put_json_str(b, f->link);
    PUT(b, ",\n  \"description\": ");
    buf_put_json_str(b, f->description);
    PUT(b, ",\n  \"language\": ");
    buf_put_json_str(b, f->language);
    PUT(b, ",\n  \"updated\": ");
    put_date(b, f->updated);
    PUT(b, ",\n  \"image\": ");
    buf_put_json_str(b, f->image);
    PUT(b, ",\n  \"author\": ");
    buf_put_json_str(b, f->author);
    PUT(b, "\n },");
    PUT(b, "\n \"entries\": [");
    for (size_t i = 0; i < f->nentries; i++) {
        const feed_entry *e = &f->entries[i];
        buf_puts(b, i ? ",\n  {" : "\n  {");
        PUT(b, "\n   \"id\": ");
        buf_put_json_str(b, e->id);
        PUT(b, ",\n   \"title\": ");
        buf_put_json_str(b, e->title);
        PUT(b, ",\n   \"link\": ");
        buf_put_json_str(b, e->link);
        PUT(b, ",\n   \"published\": ");
        put_date(b, e->published);
        PUT(b, ",\n   \"updated\": ");
        put_date(b, e->updated);
        PUT(b, ",\n   \"author\": ");
        buf_put_json_str(b, e->author);
        PUT(b, ",\n   \"summary\": ");
        buf_put_json_str(b, e->summary);
        PUT(b, ",\n   \"content\": ");
        buf_put_json_str(b, e->content);
        PUT(b, ",\n   \"categories\": ");
        PUT(b, "[");
        for (size_t k = 0; k < e->ncategories; k++) {
            buf_puts(b, k ? ", " : "");
            buf_put_json_str(b, e->categories[k]);
        }
        PUT(b, "]");
        PUT(b, ",\n   \"enclosures\": ");
        PUT(b, "[");
        for (size_t k = 0; k < e->nenclosures; k++) {
            const feed_enclosure *x = &e->enclosures[k];
            buf_puts(b, k ? ", {\"url\": " : "{\"url\": ");
            buf_put_json_str(b, x->url);
            PUT(b, ", \"type\": ");
            buf_put_json_str(b, x->type);
            if (x->length >= 0)
                buf_printf(b, ", \"length\": %lld}", (long long)x->length);
            else
                PUT(b, ", \"length\": null}");
        }
        PUT(b, "]");
        PUT(b, ",\n   \"image\": ");
        buf_put_json_str(b, e->image);
        PUT(b, "\n  }");
        if (out && b->len > ((size_t)64 << 10)) {
            if (fwrite(b->data, 1, b->len, out) != b->len)
                return -1;
            buf_reset(b);
        }
    }
    buf_puts(b, f->nentries ? "\n ]\n}\n" : "]\n}\n");
    /* buf appends fail only at the cap, which poisons b: report that
     * once, at the end */
    if (buf_failed(b))
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
