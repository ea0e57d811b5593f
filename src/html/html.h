/*
 * html.h — untrusted HTML in, safe HTML out.
 *
 * gumbo parses as a browser does; a walk over the tree serializes only what
 * an allowlist permits. Two policies share the walk:
 *  - HTML_POLICY_FEED: feedparser's sanitizing (Debian's 6.0.10), for the
 *    `summary` and `content` of doc/feed-json.md: its element and
 *    attribute lists, script/style/applet dropped with their content,
 *    other elements unwrapped, its `style` filter, on* attributes gone,
 *    a URL with an unsafe scheme (javascript:, vbscript:, data: …) written
 *    as "" (feedparser's href=""), relative href/src/cite resolved against
 *    base_url, comments and doctypes dropped, void elements as <br />,
 *    whitespace kept (trimmed at both ends), no attributes added, no
 *    boilerplate rules. Where the two differ, HTML5 parsing (gumbo, as a
 *    browser) wins over feedparser's sgmllib (e.g. <tbody> is inserted);
 *  - HTML_POLICY_ARTICLE: what newsmill writes into posts (the policy is
 *    documented in policy.c): the allowlist, http/https/mailto URLs (and
 *    data:image/ for img), referrerpolicy/lazy images, rel on links,
 *    sandboxed video iframes only, tracking pixels dropped, boilerplate
 *    removed (boiler.c), editor credits kept as <p class="editor">, a lead
 *    image found (lead.c), whitespace collapsed so that the output is one
 *    HTML block (no blank lines, no line indented four or more spaces).
 *    Cleaning the output again gives the same bytes.
 *
 * Both: UTF-8 out (invalid bytes become U+FFFD), nesting deeper than 200
 * elements flattened to text. Results live in the caller's arena. Thread
 * safe.
 */
#ifndef NM_HTML_H
#define NM_HTML_H

#include <gumbo.h>

#include "util/util.h"

typedef enum html_policy { HTML_POLICY_FEED, HTML_POLICY_ARTICLE } html_policy;

typedef struct html_opts {
    html_policy policy;
    const char *base_url;        /* relative URLs resolve against it; may be NULL */
    const char *site;            /* host or rule-set name for site boilerplate rules */
    const char *const *remove;   /* extra selectors: tag, .class, #id, tag.class */
    size_t nremove;
    bool drop_editor;            /* remove 责任编辑 lines instead of keeping them */
} html_opts;

typedef struct html_result {
    const char *html;            /* sanitized fragment, "" when nothing is left */
    size_t html_len;
    const char *text;            /* plain text (ARTICLE policy; else NULL) */
    const char *lead_image;      /* ARTICLE policy: first content image (not a QR
                                    code, logo, icon, avatar or tracker), or NULL:
                                    the caller falls back to the feed's image,
                                    then the site's default */
} html_result;

/* Cleans in[0, len). Never fails on any input (bounded depth and size: an
 * over-deep tree is flattened, not refused); returns -1 only when the input
 * is larger than the 64 MiB limit, with err filled. */
int html_clean(arena *a, const char *in, size_t len, const html_opts *opts, html_result *out,
               nm_error *err);

/* True when url may be an article's lead image (a post's headimg and
 * thumbnail, which themes write into <img src> and <meta> tags): an
 * absolute http or https URL with a host and no whitespace, control
 * character, quote or angle bracket. The cleaner's lead_image always is
 * one; a caller falling back to a feed's image checks it with this. */
bool html_lead_url_ok(const char *url);

/* The code point of the HTML named character reference `name` (n bytes,
 * without '&' and ';'), or 0 when it is unknown: HTML 4's 252 names (those
 * feedparser decodes; HTML5 decodes them alike), and with `html5` also
 * &apos; (HTML5's and XML's, not HTML 4's). entities.c. */
unsigned html_entity(const char *name, size_t n, bool html5);

typedef enum html_text_mode {
    /* feed-json.md's TEXT kind before whitespace collapsing (feedparser's):
     * text nodes joined as they are, so <p>a</p><p>b</p> reads "ab" */
    HTML_TEXT_JOINED,
    /* what a reader reads: a newline at each block boundary (p, div, li,
     * td, br, img … as the ARTICLE policy's plain text), and template and
     * noscript contents dropped too. Whitespace is left as it is. For
     * search, excerpts and summaries. */
    HTML_TEXT_BLOCKS,
} html_text_mode;

/* Text of an HTML fragment, parsed as a browser would (with the nesting
 * bound of every parse here): tags dropped, script/style/applet contents
 * dropped, entities decoded, valid UTF-8. Result in a. */
char *html_to_text(arena *a, const char *in, size_t len, html_text_mode mode);

/* The first `nchars` characters of plain text (whole UTF-8 characters,
 * CJK-aware: a CJK character counts as one), ending with "…" when cut.
 * Result in a. */
char *html_excerpt(arena *a, const char *text, size_t nchars);

/* A whole page (not a fragment) parsed by gumbo as a browser would, every
 * node allocated from tmp (freed with it), nesting bounded first as for
 * html_clean. For the extract module, which reads the full document. */
struct GumboInternalOutput;
struct GumboInternalOutput *html_parse_document(arena *tmp, const char *in, size_t len);
/* Lower-case tag name of an element of such a tree (gumbo's name, or the
 * original text of an unknown tag; "" when it has none) into out. */
void html_tag_name(const GumboElement *el, char *out, size_t n);

#endif
