/*
 * html_int.h — what the files of the html module share, and nobody else.
 *
 * The module is a pipeline over one gumbo tree:
 *   depth.c    bounds nesting before gumbo parses (its worst case is O(n²))
 *   simple.c   gumbo's tree built in one pass, for input proven simple
 *   parse.c    gumbo on an arena (simple.c first); small readers of its tree
 *   policy.c   which elements and attributes each policy keeps (the tables)
 *   css.c      feedparser's `style` attribute filter (FEED policy only)
 *   urlsafe.c  URL scheme checks as a browser reads them, video hosts
 *   boiler.c   boilerplate rules: site and generic selectors, promo text,
 *              editor credits (ARTICLE policy only)
 *   lead.c     the lead image
 *   clean.c    the walk: what is written for each node (html_clean)
 *   clean_write.c  its writer: escaping, whitespace, the open elements
 *   text.c     html_to_text, html_excerpt
 *   entities.c the named character references (html_entity, in html.h)
 */
#ifndef NM_HTML_INT_H
#define NM_HTML_INT_H

#include <gumbo.h>

#include "html/html.h"

/* Inputs past this size are refused (html_clean) or cut (html_to_text). */
#define HTML_MAX_INPUT ((size_t)64 << 20)
/* Elements nested deeper than this in the output are flattened: their
 * children are kept, their own tags are not written. */
#define HTML_MAX_DEPTH 200

/* ---- parse.c ------------------------------------------------------------ */

/* gumbo's HTML5 fragment parse (context <div>) with every node allocated
 * from tmp; nesting is bounded first (html_bound_depth), then simple.c
 * builds the tree when it can prove the input simple (*simple true, when
 * simple is not NULL: every text and value is then valid UTF-8 without
 * controls or non-characters), else gumbo does. */
GumboOutput *html_parse_fragment(arena *tmp, const char *in, size_t len, bool *simple);

/* Which reader a parse may use. The product always runs HTML_PATH_ANY:
 * the one-pass reader of simple.c first, gumbo when it declines. Tests
 * and fuzzers ask for HTML_PATH_GUMBO to hold the fast path against gumbo
 * on the same input (a parameter, not a global switch, so nothing of the
 * tests lives in the product's state). */
typedef enum html_path { HTML_PATH_ANY, HTML_PATH_GUMBO } html_path;
GumboOutput *html_parse_fragment_via(arena *tmp, const char *in, size_t len, bool *simple,
                                     html_path path);
/* html_clean and html_to_text with the reader chosen, as above. */
int html_clean_via(arena *a, const char *in, size_t len, const html_opts *opts, html_result *out,
                   nm_error *err, html_path path);
char *html_to_text_via(arena *a, const char *in, size_t len, html_text_mode mode, html_path path);

/* ---- simple.c ----------------------------------------------------------- */

/* simple.c declines input nested deeper than this. */
#define HTML_SIMPLE_MAX_DEPTH 64

/* For input it proves simple (see simple.c), exactly the tree gumbo would
 * build for in[0, len) as a fragment in a <div>, allocated from a (and
 * pointing into in); NULL when it declines. */
GumboOutput *html_parse_simple(arena *a, const char *in, size_t len);
/* The same reading as events, without building a tree: for input it
 * proves simple, the calls a walk of html_parse_simple's tree would make,
 * in document order — start(tag, attributes) for each element (void ones
 * too: br, img, hr), text(decoded text, n) for each text run (valid UTF-8
 * without controls or non-characters; not NUL-terminated), end() when an
 * element that is not void closes (at the end of input too). Returns
 * false when it declines; the events sent until then are to be dropped.
 * Attributes live in a. html_clean's FEED policy writes from these
 * directly (clean.c). */
typedef struct html_simple_sink {
    void *ud;
    void (*start)(void *ud, GumboTag tag, GumboAttribute **attrs, unsigned nattrs);
    void (*text)(void *ud, const char *text, size_t n);
    void (*end)(void *ud);
} html_simple_sink;
bool html_simple_events(arena *a, const char *in, size_t len, const html_simple_sink *sink);

/* ---- depth.c ------------------------------------------------------------ */

/* in itself, or (for input nesting past the parse bound) a copy in tmp
 * without the tags nested too deep; *len is updated. Keeps gumbo's
 * quadratic worst case out of reach. */
const char *html_bound_depth(arena *tmp, const char *in, size_t *len);
/* The same with another bound: in itself, or a copy in tmp without the
 * start and end tags nested past limit (counted lexically: void elements
 * and those a sibling closes do not count; all text stays). */
const char *html_bound_depth_to(arena *tmp, const char *in, size_t *len, size_t limit);

/* ---- policy.c ----------------------------------------------------------- */

typedef enum html_action {
    HTML_KEEP,      /* write the element (allowed attributes only) */
    HTML_UNWRAP,    /* drop the tags, keep the children */
    HTML_DROP,      /* drop the element and everything in it */
    HTML_AS_SPAN,   /* write as <span> (an inline element not allowed) */
    HTML_AS_SECTION /* write as <section> (a block container not allowed) */
} html_action;

/* What the policy does with an HTML element. `name` is the lower-case tag
 * name (for unknown tags too). Foreign (SVG, MathML) elements go through
 * html_policy_foreign. */
html_action html_policy_element(html_policy p, GumboTag tag, const char *name);
html_action html_policy_foreign(html_policy p, GumboTag tag);
/* True when attribute `name` may be written on element `tag` (before any
 * check of its value). */
bool html_policy_attr(html_policy p, GumboTag tag, const char *name);
/* True when the attribute holds a URL that must pass the scheme check. */
bool html_attr_is_url(const char *name);
/* True when feedparser resolves this (tag, attribute) against the base. */
bool html_attr_resolves(GumboTag tag, const char *name);
/* Void elements are written as <name ... />. */
bool html_tag_is_void(GumboTag tag);
/* Elements whose start tag closes an open <p> (HTML's tree construction). */
bool html_tag_closes_p(GumboTag tag);
/* HTML's "special" category (tree construction stops at them). */
bool html_tag_is_special(GumboTag tag);
/* Block-level for plain text: a line break around them. */
bool html_tag_is_block(GumboTag tag);

/* ---- css.c ---------------------------------------------------------------- */

/* feedparser's sanitize_style: the declarations of `style` it keeps, in
 * arena a, "" when none. */
char *html_css_clean(arena *a, const char *style);

/* ---- urlsafe.c ------------------------------------------------------------- */

/* The scheme a browser would see in url (leading C0/space stripped, tabs
 * and newlines removed), lower-cased into out; "" when relative. */
void html_url_scheme(const char *url, char *out, size_t n);
/* FEED: feedparser's ACCEPTABLE_URI_SCHEMES (or no scheme). */
bool html_url_ok_feed(const char *url);
/* ARTICLE: http, https, mailto, or relative; data:image/ (not svg) when
 * `is_img`. */
bool html_url_ok_article(const char *url, bool is_img);
/* ARTICLE: iframe src on a known video host, https or protocol-relative. */
bool html_url_is_video(const char *url);

/* ---- boiler.c -------------------------------------------------------------- */

typedef struct html_rules html_rules;
/* The rules for one clean: built-in generic rules, the site's rules (by
 * opts->site or the base URL's host) and opts->remove. In a. */
html_rules *html_rules_new(arena *a, const html_opts *opts);
/* True when the element is boilerplate and must go with its content
 * (site, per-feed and generic class/id rules). out_tag is the tag it would
 * be written as, so that a renamed element matches as what it becomes. */
bool html_rules_drop(const html_rules *r, const GumboNode *el, GumboTag out_tag);
/* True for the elements the text rules judge (p, div, span, section …). */
bool html_judged_by_text(GumboTag out_tag);
/* When the plain text t[0, n) written for such an element is an editor
 * credit ("责任编辑：…", "责编：…"), the credit with whitespace collapsed,
 * in a; else NULL. */
char *html_editor_text(arena *a, const char *t, size_t n);
/* True when t[0, n) is short (at most 160 non-space bytes) and an app/QR
 * promo by its words ("尽在新浪财经APP", "扫描二维码" …). */
bool html_promo_text(const char *t, size_t n);

/* ---- lead.c ---------------------------------------------------------------- */

/* True when an <img> is content (not a promo, QR code, icon, avatar or
 * tracking pixel), judged by size hints, class, alt and URL. `src` is the
 * resolved URL that will be written. */
bool html_img_is_content(const GumboElement *img, const char *src);
/* True when an <img> is a tracking pixel (1×1, known tracker host): such
 * images are not written at all. */
bool html_img_is_tracker(const GumboElement *img, const char *src);

/* ---- clean.c and clean_write.c: one clean's state ------------------------ */

/* html_clean's walk (clean.c) and its writer (clean_write.c) share the
 * state of one clean; no other file uses it. */
typedef struct open_el {
    GumboTag tag;       /* the tag written */
    size_t off;         /* offset of its '<' in the output */
    size_t text_off;    /* length of the plain text when it opened */
    const char *lead;   /* the lead image when it opened */
    bool as_div;        /* a <p> patched into a <div> */
    bool judge;         /* judged by its written text when it closes */
    bool after_pre_tag; /* it came right after a <pre> start tag */
} open_el;

typedef struct frame {
    const GumboVector *children;
    size_t next;
    bool closes;         /* an end tag (and an open_el) belongs to this frame */
    bool flat;           /* an element past HTML_MAX_DEPTH: text only */
    const char *end_name;
} frame;

typedef struct cleaner {
    arena *a;            /* the caller's arena (results) */
    arena *tmp;          /* gumbo's tree and scratch, freed at the end */
    const html_opts *o;
    bool article;
    html_path path;         /* HTML_PATH_GUMBO: no one-pass shortcut (tests) */
    bool valid;          /* the tree is simple.c's: its strings need no repair */
    html_rules *rules;
    nm_buf out;
    nm_buf text;         /* ARTICLE: plain text */
    bool out_ws;         /* ARTICLE: the output ends in whitespace (or is empty) */
    bool text_ws;        /* the plain text ends in whitespace (or is empty) */
    bool text_nl;        /* the plain text ends in a newline (or is empty) */
    int pre_depth;       /* open <pre>/<textarea>/<listing> written */
    bool after_pre_tag;  /* the last thing written is such a start tag */
    int a_depth;         /* open <a> written */
    int flat;            /* open elements past HTML_MAX_DEPTH */
    open_el *opens;
    size_t nopens, capopens;
    frame *frames;
    size_t nframes, capframes;
    const char *lead_image;
} cleaner;

/* Writes s as it is (markup of the walk's own making). */
void clean_puts(cleaner *c, const char *s);
/* Writes ` name="value"`, the value escaped (and made valid UTF-8 when
 * the tree is gumbo's). */
void clean_put_attr(cleaner *c, const char *name, const char *value);
/* Writes text escaped (ARTICLE: whitespace collapsed, and the text added
 * to the plain text). clean_put_text makes s valid UTF-8 first when the
 * tree is gumbo's; clean_put_text_n writes s[0, n) as simple.c's events
 * give it (valid already). */
void clean_put_text(cleaner *c, const char *s);
void clean_put_text_n(cleaner *c, const char *s, size_t n);
/* A block boundary in the plain text: one newline. */
void clean_text_break(cleaner *c);
/* Writes "<name" (its attributes and '>' are the caller's to write) and,
 * unless void, opens the element; first patches an open <p> this tag
 * would close into a <div> (ARTICLE). */
void clean_open_tag(cleaner *c, GumboTag tag, const char *name);
/* Pushes a frame for children; `closes`: an open element (and its end
 * tag `end`) belongs to it. */
void clean_push_frame(cleaner *c, const GumboVector *children, bool closes, const char *end);
/* Ends frame f, popped by the caller: the end tag of its element if it
 * has one, then the text rules' judgement of what was written for it. */
void clean_close_frame(cleaner *c, const frame *f);

/* ---- shared helpers -------------------------------------------------------- */

/* The value of attribute name, or NULL. */
const char *html_attr(const GumboElement *el, const char *name);
/* s itself when it is valid UTF-8 (and, with `controls`, free of the
 * control characters a parser reads as U+FFFD), else a copy in a with each
 * invalid byte (and control character) replaced by U+FFFD. */
const char *html_valid_utf8(arena *a, const char *s, bool controls);

#endif
