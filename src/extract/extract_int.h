/*
 * extract_int.h — what the extract module's files share.
 *
 *   dom.c      the page made a libxml2 tree (XPath reads it too)
 *   parse.c    the HTML parser building it, by libxml2's HTML parser's rules
 *   rules.c    the FiveFilters site-config reader and the host lookup
 *   builtin.c  newsmill's own site rules, as text
 *   score.c    the general extractor (readability-style scorer)
 *   meta.c     title, byline, date, lead image from the page's metadata
 *   out.c      the cut's serialization: lazy images, URLs, HTML and text
 *   charset.c  the page's <meta> charset; decoding through charset/
 *   extract.c  the order of it all
 */
#ifndef NM_EXTRACT_INT_H
#define NM_EXTRACT_INT_H

#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "extract/extract.h"

#define EXTRACT_MAX_INPUT ((size_t)64 << 20)

/* ---- charset.c ---------------------------------------------------------- */

/* s itself when valid UTF-8, else a copy in a with each bad byte as
 * U+FFFD (charset_utf8_repair; a parser can write broken bytes for
 * overflowing character references). NULL stays NULL. */
const char *extract_utf8_fix(arena *a, const char *s);

/* ---- dom.c -------------------------------------------------------------- */

/* The page in[0, len) (UTF-8) as a libxml2 HTML document; the caller frees
 * it with xmlFreeDoc (parse.c, nesting bounded first, script, style and
 * svg contents dropped). Comments are dropped; element and attribute
 * names are lower case; template contents are not kept. */
xmlDocPtr extract_dom_build(arena *tmp, const char *in, size_t len);

/* An element's class and id names, lower case, as " class id ", with
 * the two-character sequences it holds: a word none of whose first two
 * characters' pair is there is not in it, without a strstr. */
#define DOM_PAIR_SYMS 29
typedef struct dom_names {
    char s[512];
    uint64_t pairs[(DOM_PAIR_SYMS * DOM_PAIR_SYMS + 63) / 64];
} dom_names;
/* n's names into *out ('_' read as '-' when dash); false when n has
 * neither a class nor an id. */
bool dom_names_of(xmlNodePtr n, bool dash, dom_names *out);
/* Does one of words (NULL-ended, each at least two characters) occur in
 * names? */
bool dom_names_have(const dom_names *names, const char *const *words);

/* ---- parse.c ------------------------------------------------------------ */

/* in[0, len) (UTF-8) parsed into a new HTML document as libxml2's HTML
 * parser would parse it (see parse.c); never NULL; xmlFreeDoc frees it. */
xmlDocPtr extract_parse_html(const char *in, size_t len);

/* Is s in list[0, n), sorted in strcmp order? (A binary search that
 * compares first bytes before calling strcmp: it runs for every element,
 * many times over.) */
bool dom_in_sorted(const char *s, const char *const *list, size_t n);

/* Small readers of the tree. */
const char *dom_attr(xmlNodePtr n, const char *name); /* borrowed, NULL when absent */
static inline bool dom_is(xmlNodePtr n, const char *name) /* element named name */
{
    return n && n->type == XML_ELEMENT_NODE && n->name[0] == (xmlChar)name[0] &&
           !strcmp((const char *)n->name, name);
}
/* A box, not text-level: every element but a, span, b, img, br … (custom
 * elements with children count as boxes). */
bool dom_is_block(xmlNodePtr n);
xmlNodePtr dom_find(xmlNodePtr root, const char *name); /* first element, document order */
/* Text content with whitespace collapsed and trimmed, in a. */
char *dom_text(arena *a, xmlNodePtr n);
/* dom_text into out[0, cap) when it fits (true), without allocating: for
 * the many short texts compared with a word (links, buttons). */
bool dom_short_text(xmlNodePtr n, char *out, size_t cap);
/* Characters (not bytes) of the text below n, whitespace runs counted once. */
size_t dom_text_chars(xmlNodePtr n);

/* ---- rules.c ------------------------------------------------------------ */

typedef enum rule_kind {
    RULE_TITLE, RULE_BODY, RULE_AUTHOR, RULE_DATE, RULE_STRIP, RULE_STRIP_ID_OR_CLASS,
    RULE_STRIP_IMAGE_SRC, RULE_STRIP_ATTR, RULE_NEXT_PAGE_LINK, RULE_SINGLE_PAGE_LINK,
    RULE_TEST_URL, RULE_FIND_STRING, RULE_REPLACE_STRING, RULE_OTHER
} rule_kind;

typedef struct rule_line {
    rule_kind kind;
    const char *value;   /* the directive's value; for a replace_string(x): y,
                            arg is x and value y */
    const char *arg;
    int line;
} rule_line;

/* One site config file, as read. */
typedef struct site_rule {
    const char *name;    /* file name: "sina.com.cn.txt", ".ifeng.com.txt" */
    rule_line *lines;
    size_t n;
    bool prune, tidy, autodetect_on_failure;
} site_rule;

/* The rule for host (exact file first, then ".parent.domain" files from
 * the longest down), or NULL. */
const site_rule *extract_rules_find(const extract_rules *r, const char *host);

/* ---- builtin.c ---------------------------------------------------------- */

typedef struct builtin_rule {
    const char *name;
    const char *text;
} builtin_rule;
extern const builtin_rule extract_builtin_rules[];
extern const size_t extract_builtin_count;

/* ---- score.c ------------------------------------------------------------ */

/* The general extractor: the element holding the article (possibly a new
 * <div> gathering the best candidate and its siblings), cleaned of
 * boilerplate in place, or NULL when the page has no article text. page
 * [0, len) is what doc was built from (extract_dom_build), parsed again
 * for the second pass when the first finds too little; NULL when doc was
 * changed since (site rules), and a copy of the tree is taken instead. */
xmlNodePtr extract_score(xmlDocPtr doc, const char *title, const char *page, size_t len);

/* Removes what is never article content (script, style, forms, hidden
 * elements) below root. */
void extract_prune_basic(xmlNodePtr root);
/* Removes boilerplate blocks inside an article cut (share bars, related
 * lists, comments, link-heavy lists). */
void extract_clean_cut(xmlNodePtr cut);
/* Removes what repeats the page's metadata at the top of a cut: the <h1>,
 * a heading equal to the title, byline and date lines before the first
 * paragraph; and blocks whose text repeats an earlier block. */
void extract_trim_cut(xmlNodePtr cut, const char *title);

/* ---- meta.c ------------------------------------------------------------- */

typedef struct page_meta {
    const char *title, *byline, *lead_image, *description;
    int64_t published;
} page_meta;

/* Metadata of the page, from JSON-LD, Open Graph, <meta>, <time>, <title>
 * (in that order of trust). Strings in a; missing ones NULL. */
void extract_meta(arena *a, xmlDocPtr doc, const char *base_url, page_meta *m);
/* A page title without the " - Site name" tail. */
const char *extract_clean_title(arena *a, const char *title);

/* ---- out.c -------------------------------------------------------------- */

/* Makes lazy images real and relative URLs absolute below cut. */
void extract_fix_media(xmlNodePtr cut, const char *base_url);
/* The cut's children serialized as HTML, in a. */
char *extract_html(arena *a, xmlNodePtr cut);
/* The article's prose as plain text, blocks separated by "\n\n"
 * (figures, captions, credits and screen-reader text left out), in a. */
char *extract_plain(arena *a, xmlNodePtr cut);
/* The next page of a paged article: <link rel=next>, <a rel=next>, a
 * "下一页" / "next page" link, or a "_2.shtml" style sibling URL; NULL. */
const char *extract_next_page(arena *a, xmlDocPtr doc, const char *base_url);

#endif
