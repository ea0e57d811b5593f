/*
 * links.h — the link finder of extract (links.c), until its block joins
 * extract.h.
 */
#ifndef NM_EXTRACT_LINKS_H
#define NM_EXTRACT_LINKS_H

#include "util/util.h"

/* ---- links.c: the article links of a section page (type: html) ---------- */

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
