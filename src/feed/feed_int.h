/*
 * feed_int.h — what the files of the feed module share, and nothing more.
 *
 * The parse runs in three steps, one file each: bytes become UTF-8
 * (charset.c), a format reader fills raw entries from SAX events
 * (xml.c, sax.c, rss_atom.c) or a jansson value (json.c), and normalize.c applies
 * the contract's rules that do not depend on the format (fallbacks between
 * summary and content, dates in the feed's zone, thumbnails, dedupe).
 * The value kinds of doc/feed-json.md live in text.c (TEXT, plain
 * text escaping) and sanitize.c (HTML). Everything is allocated from the
 * feed's arena.
 *
 * Not a public API: other modules use feed.h.
 */
#ifndef NM_FEED_INT_H
#define NM_FEED_INT_H

#include "feed.h"

/* The largest HTML fragment given to the HTML parser (bytes); larger ones
 * are reduced to their text without being parsed. (Nesting depth is
 * bounded by the html module itself.) */
#define FEED_MAX_HTML ((size_t)16 << 20)

/* ---- a growable array of pointers in an arena ------------------------- */

typedef struct feed_vec {
    void **items;
    size_t n, cap;
} feed_vec;

void feed_vec_push(arena *a, feed_vec *v, void *item);

/* ---- raw entries: what a format reader found, before normalize.c ------ */

typedef struct feed_raw_entry {
    const char *id, *title, *link, *author;
    const char *published, *updated; /* date text as written */
    const char *summary, *content;   /* HTML (feed_html_value) or NULL */
    const char *thumbnail;           /* first media:thumbnail/@url */
    const char *media_image;         /* first media:content that is an image */
    const char *itunes_image;        /* item itunes:image/@href (resolved) */
    const char *json_image;          /* JSON Feed item `image` */
    feed_vec categories;             /* const char * (TEXT) */
    feed_vec enclosures;             /* feed_enclosure * */
} feed_raw_entry;

typedef struct feed_raw {
    arena *a;
    bool raw_html; /* feed_parse_opts.raw_html: HTML values kept uncleaned */
    const char *format;
    bool bozo;
    const char *bozo_reason;
    const char *title, *link, *description, *itunes_summary, *language, *author;
    const char *updated, *published; /* date text: first of each group */
    const char *image, *logo, *icon;
    int ttl_minutes;
    feed_vec entries; /* feed_raw_entry * */
} feed_raw;

/* Records the first reason for bozo (later ones are dropped). */
void feed_set_bozo(feed_raw *r, const char *fmt, ...) NM_PRINTF(2, 3);

/* ---- charset.c --------------------------------------------------------- */

/* Converts data to UTF-8 with charset_to_utf8 (charset/charset.h): BOM,
 * then http_charset, then the XML prolog's encoding (JSON: UTF-8/16/32 by
 * BOM or NUL pattern), then detection when those are missing or wrong.
 * The result lives in r->a, or is data itself (not a copy, not
 * NUL-terminated) when data already was valid UTF-8 without a BOM. Sets
 * bozo when the declaration was wrong or missing and guessed, or bytes
 * were replaced. Never fails. */
void feed_to_utf8(feed_raw *r, const char *data, size_t len, const char *http_charset,
                  const char **out, size_t *out_len);

/* ---- xml.c / rss_atom.c / json.c ---------------------------------------- */

/* Each returns 0 and fills r, or -1 with err filled when the input is not
 * a feed. base is the outermost base URI (may be NULL). */
int feed_read_xml(feed_raw *r, const char *utf8, size_t len, const char *base,
                  const char *source, nm_error *err);
int feed_read_json(feed_raw *r, const char *utf8, size_t len, const char *base,
                   const char *source, nm_error *err);
/* The content of a CDATA section the repair pass lifted out of the text
 * libxml2 reads (xml.c); the text holds "#k#" and the section's line feeds
 * in its place, and sax.c puts cdata[k] back when it meets that stand-in
 * at that place. */
typedef struct feed_cdata {
    const char *p;
    size_t n;
    size_t at; /* where its stand-in's "#k#" starts in the text */
} feed_cdata;
/* sax.c: parses repaired XML text (xml.c) with libxml2's SAX2 push parser
 * and reads it with the walker (rss_atom.c); bozo for what libxml2
 * recovered from. */
int feed_sax_parse(feed_raw *r, const char *text, size_t len, const feed_cdata *cdata,
                   size_t ncdata, const char *base, const char *source, nm_error *err);

/* ---- text.c: the TEXT kind and plain-text escaping ---------------------- */

/* True when s looks like HTML by feedparser's test: it has a close tag or
 * an entity reference, all its tags are HTML tags and all its entities are
 * known HTML entities. (feedparser wants tags its sanitizer accepts; a
 * title with <script> is then kept as literal text. We read it as HTML,
 * as the contract's TEXT rule says.) */
bool feed_looks_like_html(const char *s, size_t n);
/* TEXT from HTML: tags dropped, script/style/applet contents dropped,
 * entities decoded, ASCII whitespace collapsed and trimmed. NULL when the
 * result is empty. */
const char *feed_text_from_html(arena *a, const char *s, size_t n);
/* TEXT from plain text: ASCII whitespace collapsed and trimmed; NULL when
 * empty. */
const char *feed_text_plain(arena *a, const char *s, size_t n);
/* Plain text as HTML: & < > escaped, ASCII whitespace trimmed; NULL when
 * empty. */
const char *feed_html_escape_text(arena *a, const char *s, size_t n);

/* ---- sanitize.c: the HTML kind ------------------------------------------- */

/* feedparser-style sanitizing of an HTML fragment (see sanitize.c); URLs
 * in href/src resolved against base (may be NULL). NULL when nothing is
 * left after trimming. */
const char *feed_sanitize_html(arena *a, const char *s, size_t n, const char *base);
/* The value of an HTML field (summary, content): feed_sanitize_html's, or
 * with r->raw_html the fragment as written (trimmed; NULL when empty). */
const char *feed_html_value(feed_raw *r, const char *s, size_t n, const char *base);
/* The text of a fragment by a plain scan that drops <…>: what an
 * oversized fragment becomes. */
char *feed_html_strip_tags(arena *a, const char *s, size_t n, size_t *out_len);
/* The src of the first <img> in sanitized HTML, or NULL. */
const char *feed_first_img(arena *a, const char *html);

/* ---- normalize.c --------------------------------------------------------- */

/* Builds the public feed from r (same arena). */
void feed_normalize(feed_raw *r, feed *out);

/* ---- author strings ------------------------------------------------------ */

/* "mail@x (Name)" → "Name"; "mail@x" → "mail@x"; TEXT rules applied. */
const char *feed_author_name(arena *a, const char *s);

#endif
