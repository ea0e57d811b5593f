/*
 * feed.h — bytes of a feed in, a normalized feed out.
 *
 * RSS 0.9x/1.0/2.0, Atom 0.3/1.0 (libxml2: no network, no DTD loading, no
 * entity substitution) and JSON Feed 1.0/1.1 (jansson) become one shape:
 * UTF-8 text, absolute URLs where a base is known, UTC instants, sanitized
 * HTML. The semantics are those of doc/feed-json.md (Python
 * feedparser's), and feed_to_json() writes exactly that contract.
 *
 * A parsed feed owns an arena; everything it points to lives there.
 */
#ifndef NM_FEED_H
#define NM_FEED_H

#include <stdio.h>

#include "util/util.h"

/* The largest feed feed_parse() accepts (bytes); larger input is refused
 * with a clear error before any parsing. */
#define FEED_MAX_INPUT ((size_t)64 << 20)

typedef struct feed_enclosure {
    const char *url;
    const char *type;   /* NULL when absent */
    int64_t length;     /* -1 when absent or not a number */
} feed_enclosure;

typedef struct feed_entry {
    const char *id, *title, *link, *author; /* NULL when absent/empty */
    const char *summary, *content;          /* sanitized HTML or NULL (raw_html:
                                               the HTML as the feed wrote it) */
    const char *image;                      /* thumbnail URL or NULL, as the
                                               feed wrote it (any scheme) */
    int64_t published, updated;             /* NM_NO_TIME when absent */
    const char **categories;
    size_t ncategories;
    feed_enclosure *enclosures;
    size_t nenclosures;
} feed_entry;

typedef struct feed {
    arena *arena;          /* owns everything below */
    const char *format;    /* "rss2.0", "atom1.0", "json1.1" … never NULL */
    bool bozo;
    const char *bozo_reason;
    const char *title, *link, *description, *language, *image, *author;
    int64_t updated;
    int ttl_minutes;       /* RSS ttl / sy:updatePeriod, 0 when absent */
    feed_entry *entries;
    size_t nentries;
} feed;

typedef struct feed_parse_opts {
    const char *base_url;     /* document URL (outermost base) or NULL */
    const char *http_charset; /* charset from Content-Type, or NULL */
    const char *source;       /* file name or URL, for messages */
    /* Bodies as the feed wrote them: summary and content hold each HTML
     * value uncleaned (inline XHTML as markup, plain text escaped), with
     * relative URLs unresolved, and no entry image is taken from a body.
     * For a caller that cleans the HTML itself, once, with its own policy
     * (ingest: html_clean's ARTICLE policy, against the entry's link).
     * Otherwise bodies are cleaned the feedparser way (`parse --json`). */
    bool raw_html;
} feed_parse_opts;

/* Parses a feed. Returns 0 and a feed the caller frees with feed_free(),
 * also for a recovered, not well-formed document (bozo). Returns -1 with
 * err filled ("source: not a feed: …") when the bytes are not a feed at
 * all. Thread safe; bounded in time, memory and depth for any input. */
int feed_parse(const char *data, size_t len, const feed_parse_opts *opts, feed **out,
               nm_error *err);
void feed_free(feed *f);

/* Appends the JSON form of doc/feed-json.md to out. Returns -1 only
 * when out's cap was reached. */
int feed_to_json(const feed *f, nm_buf *out);
/* The same JSON written to out as it is made (a big feed is not held in
 * memory twice). Returns -1 when a write fails. */
int feed_write_json(const feed *f, FILE *out);

#endif
