/*
 * extract.h — an article page in, the article out.
 *
 * Pure: the bytes of one HTML page and its final URL in, the article's
 * title, byline, date, lead image, HTML and text out; no network, no
 * files except the rules directory a caller asks to load. The page is
 * decoded to UTF-8 (charset/: BOM, HTTP charset, <meta> anywhere in the
 * head, then uchardet) and parsed once (script, style and svg contents
 * and comments dropped first) into the libxml2 tree that site rules'
 * XPath 1.0 also reads, by a parser of our own (parse.c) that builds the
 * tree libxml2's HTML parser builds, several times faster.
 *
 * Then, in order:
 *  1. a site rule (FiveFilters ftr-site-config format) for the host or a
 *     parent domain: built-in rules for big news sites, then a user's
 *     directory, which wins over a built-in for the same file name;
 *  2. otherwise the general extractor: a readability-style scorer that
 *     counts characters (not bytes, so CJK weighs right) and full-width
 *     punctuation, with link density, class/id hints and sibling merging.
 * Metadata comes from the rule when it says, else JSON-LD (NewsArticle),
 * Open Graph, <meta name=author|description>, <time>, <title>.
 *
 * The article HTML is the raw cut (lazy images made real, relative URLs
 * resolved, scripts dropped) and NOT cleaned: the caller cleans it once
 * with html_clean's ARTICLE policy.
 *
 * Not here: fetching (fetch/), following next_page links (the caller
 * fetches next_page and joins) and single_page links (the caller fetches
 * single_page and extracts from it instead), cleaning (html/).
 */
#ifndef NM_EXTRACT_H
#define NM_EXTRACT_H

#include <stdint.h>

#include "util/util.h"

/* ---- site rules (rules.c) ---------------------------------------------- */

typedef struct extract_rules extract_rules;

/* A rule set, holding newsmill's built-in rules when builtin. Free with
 * extract_rules_free. Never NULL. Not thread safe while loading; once
 * loaded, read-only and safe to share between threads. */
extract_rules *extract_rules_new(bool builtin);
void extract_rules_free(extract_rules *r);

/* Parses one site config (text[0, len)) named name ("sina.com.cn.txt" or
 * ".ifeng.com.txt": the host it applies to, a leading dot for a domain and
 * its subdomains) and adds it, replacing an earlier file of the same name.
 * Never fails: unknown directives and bad lines are warnings, recorded as
 * "name:line: message" (extract_rules_warnings). */
void extract_rules_add(extract_rules *r, const char *name, const char *text, size_t len);

/* Loads every *.txt file of dir (sorted by name). -1 with err when dir
 * cannot be read; a file that cannot be read is a warning. */
int extract_rules_load_dir(extract_rules *r, const char *dir, nm_error *err);

/* Warnings since the set was made, "file:line: message" each; count in *n.
 * Owned by r. */
const char *const *extract_rules_warnings(const extract_rules *r, size_t *n);

/* Number of site configs in the set. */
size_t extract_rules_count(const extract_rules *r);

/* ---- extraction (extract.c) -------------------------------------------- */

typedef struct extract_input {
    const char *data;          /* the page's bytes, any charset */
    size_t len;
    const char *url;           /* the final URL (after redirects); may be NULL */
    const char *http_charset;  /* charset= of the Content-Type, or NULL */
} extract_input;

typedef struct extract_article {
    const char *title;         /* "" when none */
    const char *byline;        /* "" when none */
    int64_t published;         /* Unix time UTC, NM_NO_TIME when unknown */
    const char *lead_image;    /* absolute http(s) URL or NULL */
    const char *next_page;     /* absolute URL of the article's next page, or NULL */
    const char *single_page;   /* absolute URL of the whole article on one page (a
                                  site rule's single_page_link matched), or NULL:
                                  the caller fetches it and extracts from it
                                  instead, keeping this page's article should
                                  that fail */
    const char *html;          /* the article's HTML (raw cut, not cleaned) */
    const char *text;          /* the prose as plain text, paragraphs separated by
                                  "\n\n"; figures and captions are in html only */
    const char *charset;       /* the charset the page was read in ("UTF-8", "GB18030" …) */
    bool bozo;                 /* the page's bytes disagreed with what it declared */
    const char *rule;          /* the site config used ("sina.com.cn.txt"), or NULL */
} extract_article;

/* Extracts the article of one page. Everything in *out lives in a.
 * rules may be NULL (general extractor only). Returns -1 with err filled
 * (naming the URL) when the page is larger than 64 MiB or has no article
 * text at all; *out is then still filled with what was found (metadata).
 * Thread safe for distinct arenas. */
int extract_page(arena *a, const extract_rules *rules, const extract_input *in,
                 extract_article *out, nm_error *err);

/* ---- page charset (charset.c) ------------------------------------------ */

/* The page's bytes as UTF-8 (*out, *out_len): the charset module's
 * reading (charset_to_utf8: BOM, then http_charset, then the label of a
 * <meta> found anywhere in the head, then uchardet when the bytes do not
 * decode). *out is in a, or data itself when data is valid UTF-8 (then
 * not NUL-terminated). *charset names what was used ("UTF-8", "GB18030",
 * "CP950" …); *bozo is set when the declaration was wrong or missing on a
 * legacy page, or bytes had to be replaced with U+FFFD. Never fails. */
void extract_decode(arena *a, const char *data, size_t len, const char *http_charset,
                    const char **out, size_t *out_len, const char **charset, bool *bozo);

/* The charset a page declares in a <meta> of its head (scanning the whole
 * head, not only the first 1,024 bytes), lower-case, in buf; false when
 * none. */
bool extract_meta_charset(const char *data, size_t len, char *buf, size_t bufn);

/* ---- links.c: the article links of a section page (feeds.yml type: html;
 * written by the fetch side) ---------------------------------------------- */

typedef struct extract_link {
    const char *url;           /* absolute, without fragment */
    const char *text;          /* the link's text, whitespace collapsed */
} extract_link;

#define EXTRACT_LINKS_MAX 200

/* The article links of a section page html[0, len) (UTF-8) at url: the
 * links `selector` picks (a comma list of descendant chains of tag,
 * .class and #id, or an XPath 1.0 expression starting with / or (; an
 * element that is not a link gives its first link),
 * else the links that look like articles of the page's own site. In
 * document order, each URL once, at most max (0: EXTRACT_LINKS_MAX).
 * Everything in a. Fails (-1, err) only on a selector it cannot read or
 * an XPath that does not select elements.
 * Thread safe. */
int extract_links(arena *a, const char *html, size_t len, const char *url, const char *selector,
                  size_t max, extract_link **out, size_t *n, nm_error *err);

/* The XPath 1.0 expression of a selector of that CSS subset ("div#main
 * p.lead" → "//div[@id='main']//p[…class…]"), so that feeds.yml's
 * selector: can be a site rule's body:; an XPath (starting with / or ()
 * is returned as it is. NULL with err when the selector cannot be read.
 * In a. */
char *extract_css_xpath(arena *a, const char *sel, nm_error *err);

#endif
