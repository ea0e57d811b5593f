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
#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

/* Appends a string literal without measuring it. */
#define PUT(b, lit) buf_append((b), (lit), sizeof(lit) - 1)

/* From i, the first byte of s[0,n) JSON must escape (n when none),
 * sixteen bytes at a time where SSE2 is there (always on x86-64). */
static size_t plain_until(const char *s, size_t i, size_t n)
{
#ifdef __SSE2__
    const __m128i q = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\'), ctl = _mm_set1_epi8(0x1F);
    while (i + 16 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, q), _mm_cmpeq_epi8(v, bs)),
                                 _mm_cmpeq_epi8(_mm_min_epu8(v, ctl), v)); /* v <= 0x1F */
        int mask = _mm_movemask_epi8(m);
        if (mask)
            return i + (size_t)__builtin_ctz((unsigned)mask);
        i += 16;
    }
#endif
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (needs_escape(w))
            break;
        i += 8;
    }
    return i;
}

static void put_str(nm_buf *b, const char *s)
{
    if (!s) {
        PUT(b, "null");
        return;
    }
    size_t n = strlen(s), i = 0, run = 0;
    buf_putc(b, '"');
    while (i < n) {
        i = plain_until(s, i, n);
        if (i >= n)
            break;
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') {
            i++;
            continue;
        }
        buf_append(b, s + run, i - run);
        switch (c) {
        case '"': PUT(b, "\\\""); break;
        case '\\': PUT(b, "\\\\"); break;
        case '\n': PUT(b, "\\n"); break;
        case '\r': PUT(b, "\\r"); break;
        case '\t': PUT(b, "\\t"); break;
        default: buf_printf(b, "\\u%04x", c);
        }
        run = ++i;
    }
    buf_append(b, s + run, n - run);
    buf_putc(b, '"');
}

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
    put_str(b, f->format);
    PUT(b, ",\n \"bozo\": ");
    buf_puts(b, f->bozo ? "true" : "false");
    PUT(b, ",\n \"bozo_reason\": ");
    put_str(b, f->bozo ? f->bozo_reason : NULL);
    PUT(b, ",\n \"feed\": ");
    PUT(b, "{");
    PUT(b, "\n  \"title\": ");
    put_str(b, f->title);
    PUT(b, ",\n  \"link\": ");
    put_str(b, f->link);
    PUT(b, ",\n  \"description\": ");
    put_str(b, f->description);
    PUT(b, ",\n  \"language\": ");
    put_str(b, f->language);
    PUT(b, ",\n  \"updated\": ");
    put_date(b, f->updated);
    PUT(b, ",\n  \"image\": ");
    put_str(b, f->image);
    PUT(b, ",\n  \"author\": ");
    put_str(b, f->author);
    PUT(b, "\n },");
    PUT(b, "\n \"entries\": [");
    for (size_t i = 0; i < f->nentries; i++) {
        const feed_entry *e = &f->entries[i];
        buf_puts(b, i ? ",\n  {" : "\n  {");
        PUT(b, "\n   \"id\": ");
        put_str(b, e->id);
        PUT(b, ",\n   \"title\": ");
        put_str(b, e->title);
        PUT(b, ",\n   \"link\": ");
        put_str(b, e->link);
        PUT(b, ",\n   \"published\": ");
        put_date(b, e->published);
        PUT(b, ",\n   \"updated\": ");
        put_date(b, e->updated);
        PUT(b, ",\n   \"author\": ");
        put_str(b, e->author);
        PUT(b, ",\n   \"summary\": ");
        put_str(b, e->summary);
        PUT(b, ",\n   \"content\": ");
        put_str(b, e->content);
        PUT(b, ",\n   \"categories\": ");
        PUT(b, "[");
        for (size_t k = 0; k < e->ncategories; k++) {
            buf_puts(b, k ? ", " : "");
            put_str(b, e->categories[k]);
        }
        PUT(b, "]");
        PUT(b, ",\n   \"enclosures\": ");
        PUT(b, "[");
        for (size_t k = 0; k < e->nenclosures; k++) {
            const feed_enclosure *x = &e->enclosures[k];
            buf_puts(b, k ? ", {\"url\": " : "{\"url\": ");
            put_str(b, x->url);
            PUT(b, ", \"type\": ");
            put_str(b, x->type);
            if (x->length >= 0)
                buf_printf(b, ", \"length\": %lld}", (long long)x->length);
            else
                PUT(b, ", \"length\": null}");
        }
        PUT(b, "]");
        PUT(b, ",\n   \"image\": ");
        put_str(b, e->image);
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
