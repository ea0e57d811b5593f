/*
 * score.c — the general extractor: which part of a page is the article.
 *
 * In the tradition of Arc90's Readability (and Mozilla's port): text
 * blocks (paragraphs, cells, runs of inline text between <br>s) score by
 * their length and punctuation; the score flows to the parent (whole),
 * the grandparent (half) and further ancestors (a third of the level);
 * class/id names and tag names bias the containers; a container's score
 * is weighted by 1 - its link density; the best container and its
 * siblings that look like article text form the article.
 *
 * Made for CJK as much as for English: lengths are characters, not bytes,
 * a Han/kana/Hangul character weighs two Latin letters (a Chinese sentence
 * is a third as long as its English translation), and the full-width
 * commas and stops (，、。；) count as commas do.
 *
 * Before scoring, what is never content goes (extract_prune_basic) and
 * then what is probably not (class/id names like "sidebar", "comment",
 * "related", unless they also say "article" or "content"); after, the
 * cut is cleaned of boilerplate blocks (extract_clean_cut), Readability's
 * "conditional cleaning".
 *
 * Scores live in each node's _private field (a double in the document's
 * scratch arena); the tree is owned by extract.c.
 */
#include "extract_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- names ------------------------------------------------------------- */

static bool is_block(xmlNodePtr n)
{
    return dom_is_block(n);
}

static const char *const unlikely_words[] = {
    "-ad-", "ai2html", "banner", "breadcrumb", "combx", "comment", "community", "cover-wrap",
    "disqus", "extra", "footer", "gdpr", "legends", "menu", "related", "remark",
    "replies", "rss", "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "supplemental",
    "ad-break", "agegate", "pagination", "pager", "popup", "yom-remote", "share", "recommend",
    "newsletter", "subscribe", "cookie", "masthead", "navbar", "topbar", "toolbar", "hotnews",
    "tags", "copyright", NULL,
};
static const char *const maybe_words[] = {
    "and", "article", "body", "column", "content", "main", "mathjax", "shadow", "text", "story",
    NULL,
};
static const char *const positive_words[] = {
    "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "pagination",
    "post", "text", "blog", "story", "artibody", "detail", "zhengwen", NULL,
};
static const char *const negative_words[] = {
    "-ad-", " hidden ", " hid ", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr",
    "masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "share",
    "shoutbox", "sidebar", "skyscraper", "sponsor", "shopping", "tags", "widget", "recommend",
    "social", "newsletter", "subscribe", "nav", "menu", "breadcrumb", "byline", "author",
    "caption-credit", "copyright", NULL,
};

static int class_weight(xmlNodePtr n)
{
    dom_names ci;
    if (!dom_names_of(n, false, &ci))
        return 0;
    int w = 0;
    if (dom_names_have(&ci, negative_words))
        w -= 25;
    if (dom_names_have(&ci, positive_words))
        w += 25;
    return w;
}

/* ---- text measures ----------------------------------------------------- */

typedef struct measure {
    double chars;   /* weighted characters: CJK 2, others 1, spaces collapsed */
    double links;   /* of which inside <a> */
    int commas;
} measure;

static bool cjk(unsigned cp)
{
    return (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x9fff) ||
           (cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0xf900 && cp <= 0xfaff);
}

/* Counted in integers and added once (the weights are whole, so the sums
 * are the same), ASCII on a short path: this runs over every text node,
 * twice. */
static void measure_text(const unsigned char *p, bool in_link, measure *m)
{
    bool space = false;
    size_t chars = 0;
    int commas = 0;
    while (p && *p) {
        unsigned c = *p, cp = c;
        if (c < 0x80) {
            p++;
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
                chars += !space;
                space = true;
                continue;
            }
            space = false;
            chars++;
            commas += c == ',';
            continue;
        }
        int len = 1;
        if (c >= 0xf0 && p[1] && p[2] && p[3]) {
            cp = ((c & 7u) << 18) | ((p[1] & 63u) << 12) | ((p[2] & 63u) << 6) | (p[3] & 63u);
            len = 4;
        } else if (c >= 0xe0 && p[1] && p[2]) {
            cp = ((c & 15u) << 12) | ((p[1] & 63u) << 6) | (p[2] & 63u);
            len = 3;
        } else if (c >= 0xc0 && p[1]) {
            cp = ((c & 31u) << 6) | (p[1] & 63u);
            len = 2;
        }
        p += len;
        if (cp == 0xa0 || cp == 0x3000) {
            chars += !space;
            space = true;
            continue;
        }
        space = false;
        chars += cjk(cp) ? 2 : 1;
        if (cp == 0xff0c || cp == 0x3001 || cp == 0x3002 || cp == 0xff1b)
            commas++;
    }
    m->chars += (double)chars;
    if (in_link)
        m->links += (double)chars;
    m->commas += commas;
}

static void measure_node(xmlNodePtr n, bool in_link, measure *m)
{
    if (n->type == XML_TEXT_NODE) {
        measure_text(n->content, in_link, m);
        return;
    }
    if (n->type != XML_ELEMENT_NODE)
        return;
    bool link = in_link || dom_is(n, "a");
    for (xmlNodePtr c = n->children; c; c = c->next)
        measure_node(c, link, m);
}


/* ---- pruning ----------------------------------------------------------- */

/* sorted (strcmp order) for dom_in_sorted */
static const char *const never_tags[] = {
    "applet", "button", "canvas", "dialog", "embed", "head", "iframe", "input", "link", "meta",
    "nav", "noscript", "object", "option", "script", "select", "style", "svg", "template",
    "textarea",
};

static bool hidden(xmlNodePtr n)
{
    if (xmlHasProp(n, (const xmlChar *)"hidden"))
        return true;
    const char *ah = dom_attr(n, "aria-hidden");
    if (ah && !strcmp(ah, "true")) {
        const char *c = dom_attr(n, "class");
        return !(c && strstr(c, "fallback-image"));
    }
    const char *st = dom_attr(n, "style");
    if (st) {
        char s[256];
        size_t j = 0;
        for (size_t i = 0; st[i] && j + 1 < sizeof(s); i++)
            if (st[i] != ' ')
                s[j++] = (char)((st[i] >= 'A' && st[i] <= 'Z') ? st[i] + 32 : st[i]);
        s[j] = 0;
        if (strstr(s, "display:none") || strstr(s, "visibility:hidden"))
            return true;
    }
    return false;
}

static void unlink_free(xmlNodePtr n)
{
    xmlUnlinkNode(n);
    xmlFreeNode(n);
}

/* A <noscript> holding an image stands for the lazy <img> before it: the
 * image inside replaces the placeholder (Readability's unwrapNoscriptImages). */
static bool noscript_image(xmlNodePtr ns)
{
    xmlNodePtr img = dom_find(ns, "img");
    if (!img)
        return false;
    xmlNodePtr prev = ns->prev;
    while (prev && prev->type == XML_TEXT_NODE) {
        const char *t = (const char *)prev->content;
        if (t && t[strspn(t, " \t\r\n")])
            break;
        prev = prev->prev;
    }
    if (prev && dom_is(prev, "img"))
        unlink_free(prev);
    xmlNodePtr c = ns->children;
    while (c) {
        xmlNodePtr next = c->next;
        xmlUnlinkNode(c);
        xmlAddPrevSibling(ns, c);
        c = next;
    }
    unlink_free(ns);
    return true;
}

static void prune(xmlNodePtr n, bool unlikely)
{
    xmlNodePtr c = n->children;
    while (c) {
        xmlNodePtr next = c->next;
        if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE) {
            unlink_free(c);
        } else if (c->type == XML_ELEMENT_NODE) {
            const char *name = (const char *)c->name;
            if (!strcmp(name, "noscript") && noscript_image(c)) {
                /* its children now stand in its place: rescan (rare) */
                c = n->children;
                continue;
            }
            if (dom_in_sorted(name, never_tags, NM_ARRAY_LEN(never_tags)) || hidden(c)) {
                unlink_free(c);
            } else if (unlikely && strcmp(name, "body") && strcmp(name, "html") &&
                       strcmp(name, "article") && strcmp(name, "a") && strcmp(name, "main")) {
                dom_names ci;
                bool named = dom_names_of(c, false, &ci);
                const char *role = dom_attr(c, "role");
                if ((named && dom_names_have(&ci, unlikely_words) &&
                     !dom_names_have(&ci, maybe_words)) ||
                    (role && (!strcmp(role, "complementary") || !strcmp(role, "navigation") ||
                              !strcmp(role, "menu") || !strcmp(role, "alert") ||
                              !strcmp(role, "dialog") || !strcmp(role, "banner")))) {
                    unlink_free(c);
                } else {
                    prune(c, unlikely);
                }
            } else {
                prune(c, unlikely);
            }
        }
        c = next;
    }
}

void extract_prune_basic(xmlNodePtr root)
{
    prune(root, false);
}

/* ---- scoring ----------------------------------------------------------- */

/* What _private points to while scoring. */
typedef struct node_score {
    double score;
    bool scaled;         /* already weighted by 1 - link density */
    double chars, links; /* its text measured (measure_scored), for that */
} node_score;

typedef struct cand {
    xmlNodePtr node;
    double score;
} cand;

typedef struct scorer {
    arena *a;
    cand *cands;
    size_t n, cap;
} scorer;

static double *score_of(scorer *s, xmlNodePtr n)
{
    if (n->_private)
        return n->_private;
    node_score *ns = arena_zalloc(s->a, sizeof(node_score));
    double *d = &ns->score;
    const char *name = (const char *)n->name;
    double base = 0;
    if (!strcmp(name, "div") || !strcmp(name, "article") || !strcmp(name, "section") ||
        !strcmp(name, "main"))
        base = 5;
    else if (!strcmp(name, "pre") || !strcmp(name, "td") || !strcmp(name, "blockquote"))
        base = 3;
    else if (!strcmp(name, "address") || !strcmp(name, "ol") || !strcmp(name, "ul") ||
             !strcmp(name, "dl") || !strcmp(name, "dd") || !strcmp(name, "dt") ||
             !strcmp(name, "li") || !strcmp(name, "form"))
        base = -3;
    else if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2])
        base = -5;
    else if (!strcmp(name, "th"))
        base = -5;
    *d = base + class_weight(n);
    n->_private = ns;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        cand *nc = arena_alloc(s->a, cap * sizeof(cand));
        if (s->n)
            memcpy(nc, s->cands, s->n * sizeof(cand));
        s->cands = nc;
        s->cap = cap;
    }
    s->cands[s->n++] = (cand){n, 0};
    return d;
}

/* One text block of container `owner` (its parent for a paragraph): adds
 * its score to owner and its ancestors. */
static void add_block(scorer *s, xmlNodePtr owner, const measure *m)
{
    if (m->chars < 25)
        return;
    double sc = 1 + m->commas + fmin(floor(m->chars / 100), 3);
    int level = 0;
    for (xmlNodePtr a = owner; a && a->type == XML_ELEMENT_NODE && level < 5;
         a = a->parent, level++) {
        if (dom_is(a, "body") || dom_is(a, "html"))
            break;
        double div = level == 0 ? 1 : level == 1 ? 2 : level * 3;
        *score_of(s, a) += sc / div;
    }
}

static bool has_block_child(xmlNodePtr n)
{
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (is_block(c))
            return true;
    return false;
}

static void score_walk(scorer *s, xmlNodePtr n)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)c->name;
        if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2])
            continue; /* headings are not article text by themselves */
        if (!strcmp(name, "p") || !strcmp(name, "pre") || !strcmp(name, "td") ||
            !strcmp(name, "blockquote") || !strcmp(name, "li") ||
            (is_block(c) && !has_block_child(c) && !(name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2]) && strcmp(name, "tr"))) {
            if (c->parent && c->parent->type == XML_ELEMENT_NODE && !has_block_child(c)) {
                measure m = {0};
                measure_node(c, false, &m);
                if (m.links / (m.chars + 1) < 0.5 || !strcmp(name, "p"))
                    add_block(s, c->parent, &m);
                continue;
            }
        }
        if (!is_block(c) && strcmp(name, "span") && strcmp(name, "font"))
            continue; /* inline content: part of a run, measured below */
        /* A container: its runs of inline text between blocks and <br>s
         * are blocks of its own. */
        measure run = {0};
        for (xmlNodePtr k = c->children;; k = k->next) {
            bool end = !k || is_block(k) || dom_is(k, "br");
            if (end) {
                add_block(s, c, &run);
                run = (measure){0};
                if (!k)
                    break;
                continue;
            }
            measure_node(k, false, &run);
        }
        score_walk(s, c);
    }
}

static int cmp_cand(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    return a->score < b->score ? 1 : a->score > b->score ? -1 : 0;
}

static bool ends_sentence(const char *t)
{
    size_t n = strlen(t);
    while (n && (t[n - 1] == ' '))
        n--;
    if (n && (t[n - 1] == '.' || t[n - 1] == '!' || t[n - 1] == '?' || t[n - 1] == '"'))
        return true;
    return n >= 3 && (!memcmp(t + n - 3, "\xe3\x80\x82", 3) || !memcmp(t + n - 3, "\xef\xbc\x81", 3) ||
                      !memcmp(t + n - 3, "\xe2\x80\x9d", 3));
}

/* Characters of n's text that sit in <p> elements. */
static double p_chars(xmlNodePtr n)
{
    double k = 0;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (dom_is(c, "p")) {
            measure m = {0};
            measure_node(c, false, &m);
            k += m.chars;
        } else {
            k += p_chars(c);
        }
    }
    return k;
}

/* A box that reads as a paragraph: no boxes inside, or its text mostly in
 * <p>s (a paragraph wrapped for a media slot). */
static bool prose_box(xmlNodePtr n)
{
    if (!is_block(n) || dom_is(n, "ul") || dom_is(n, "ol") || dom_is(n, "table"))
        return false;
    if (!has_block_child(n))
        return true;
    measure m = {0};
    measure_node(n, false, &m);
    return m.chars > 0 && p_chars(n) >= 0.8 * m.chars;
}

/* A candidate's final score: weighted by 1 - its link density, once. */
static double final_score(xmlNodePtr n)
{
    node_score *ns = n->_private;
    if (!ns->scaled) {
        ns->score *= 1 - (ns->chars > 0 ? ns->links / ns->chars : 0);
        ns->scaled = true;
    }
    return ns->score;
}

/* The text of n measured (as measure_node does) in one walk of the tree,
 * each scored node keeping its chars and links: measuring each candidate
 * on its own walked the page once per level of nesting. */
static measure measure_scored(xmlNodePtr n)
{
    measure m = {0};
    if (n->type == XML_TEXT_NODE) {
        measure_text(n->content, false, &m);
        return m;
    }
    if (n->type != XML_ELEMENT_NODE)
        return m;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        measure k = measure_scored(c);
        m.chars += k.chars;
        m.links += k.links;
    }
    if (dom_is(n, "a"))
        m.links = m.chars;
    if (n->_private) {
        node_score *ns = n->_private;
        ns->chars = m.chars;
        ns->links = m.links;
    }
    return m;
}

/* How many of the best raw scores get weighted by link density: a link
 * density can only lower a score, and measuring it walks the subtree, so
 * weighing every candidate (every paragraph's ancestors) would cost a
 * walk of the page per candidate. */
#define PICK_WEIGHED 64

static xmlNodePtr pick(scorer *s, xmlDocPtr doc, xmlNodePtr root)
{
    measure_scored(root);
    for (size_t i = 0; i < s->n; i++)
        s->cands[i].score = ((node_score *)s->cands[i].node->_private)->score;
    if (s->n)
        qsort(s->cands, s->n, sizeof(cand), cmp_cand);
    size_t weigh = s->n < PICK_WEIGHED ? s->n : PICK_WEIGHED;
    for (size_t i = 0; i < weigh; i++)
        s->cands[i].score = final_score(s->cands[i].node);
    s->n = weigh;
    if (!s->n)
        return NULL;
    qsort(s->cands, s->n, sizeof(cand), cmp_cand);
    if (s->cands[0].score <= 0)
        return NULL;
    xmlNodePtr top = s->cands[0].node;
    double best = s->cands[0].score;

    /* Several of the best candidates under one ancestor: the article is
     * the ancestor (pages that split paragraphs into many wrappers). */
    size_t nalt = 0;
    xmlNodePtr alts[5];
    for (size_t i = 1; i < s->n && nalt < 5; i++)
        if (s->cands[i].score / best >= 0.75)
            alts[nalt++] = s->cands[i].node;
    if (nalt >= 3) {
        for (xmlNodePtr p = top->parent; p && p->type == XML_ELEMENT_NODE && !dom_is(p, "body");
             p = p->parent) {
            int within = 0;
            for (size_t i = 0; i < nalt; i++)
                for (xmlNodePtr q = alts[i]; q; q = q->parent)
                    if (q == p) {
                        within++;
                        break;
                    }
            if (within >= 3) {
                top = p;
                break;
            }
        }
    }
    /* Walk up while the parent scores better (the text spread over
     * several children), as Readability does. */
    double last = top->_private ? final_score(top) : 0;
    double threshold = last / 3;
    for (xmlNodePtr p = top->parent; p && p->type == XML_ELEMENT_NODE && !dom_is(p, "body");
         p = p->parent) {
        if (!p->_private)
            continue;
        double ps = final_score(p);
        if (ps < threshold)
            break;
        if (ps > last) {
            top = p;
            break;
        }
        last = ps;
    }
    /* A lone child: take the parent, so that siblings can join. */
    while (top->parent && top->parent->type == XML_ELEMENT_NODE && !dom_is(top->parent, "body")) {
        int kids = 0;
        for (xmlNodePtr c = top->parent->children; c; c = c->next)
            if (c->type == XML_ELEMENT_NODE)
                kids++;
        if (kids != 1)
            break;
        top = top->parent;
    }

    /* Siblings that look like article text join the top candidate. */
    double top_score = top->_private ? final_score(top) : best;
    double limit = fmax(10, top_score * 0.2);
    xmlNodePtr parent = top->parent;
    xmlNodePtr out = xmlNewDocNode(doc, NULL, (const xmlChar *)"div", NULL);
    if (!parent || parent->type != XML_ELEMENT_NODE) {
        xmlUnlinkNode(top);
        xmlAddChild(out, top);
        return out;
    }
    const char *top_class = dom_attr(top, "class");
    xmlNodePtr c = parent->children;
    while (c) {
        xmlNodePtr next = c->next;
        bool take = c == top;
        if (!take && c->type == XML_ELEMENT_NODE) {
            double bonus = 0;
            const char *cl = dom_attr(c, "class");
            if (top_class && cl && *cl && !strcmp(cl, top_class))
                bonus = top_score * 0.2;
            if (c->_private && ((node_score *)c->_private)->score + bonus >= limit &&
                final_score(c) + bonus >= limit) {
                take = true;
            } else if (dom_is(c, "p") || prose_box(c)) {
                measure m = {0};
                measure_node(c, false, &m);
                double ld = m.chars > 0 ? m.links / m.chars : 0;
                if (m.chars > 80 && ld < 0.25)
                    take = true;
                else if (m.chars > 0 && m.chars <= 80 && ld == 0) {
                    char *t = dom_text(s->a, c);
                    take = ends_sentence(t);
                }
            }
        }
        if (take) {
            xmlUnlinkNode(c);
            xmlAddChild(out, c);
        }
        c = next;
    }
    return out;
}

static void clear_private(xmlNodePtr n)
{
    for (xmlNodePtr c = n; c; c = c->next) {
        c->_private = NULL;
        if (c->type == XML_ELEMENT_NODE && c->children)
            clear_private(c->children);
    }
}

xmlNodePtr extract_score(xmlDocPtr doc, const char *title, const char *page, size_t len)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root)
        return NULL;
    xmlNodePtr body = dom_find(root, "body");
    if (!body)
        body = root;
    /* First with the unlikely candidates removed; when that leaves too
     * little (6 of the 181 scrapinghub pages), again on a fresh tree
     * without that step: the page parsed again when it is given (a copy
     * of the tree, made before the first pass, would cost every page a
     * copy), else a copy. What both passes remove (scripts, navigation,
     * hidden boxes …) goes before that copy, which is then smaller. */
    xmlNodePtr copy = NULL;
    if (!page) {
        prune(body, false);
        copy = xmlDocCopyNode(body, doc, 1);
    }
    xmlDocPtr doc2 = NULL;
    arena *a = arena_new(0);
    xmlNodePtr out = NULL;
    size_t out_chars = 0;
    for (int pass = 0; pass < 2; pass++) {
        xmlDocPtr wdoc = doc;
        if (pass == 1 && !copy) {
            arena *tmp = arena_new(0);
            doc2 = extract_dom_build(tmp, page, len);
            arena_free(tmp);
            xmlNodePtr r2 = xmlDocGetRootElement(doc2);
            copy = dom_find(r2, "body");
            if (!copy)
                copy = r2;
            xmlUnlinkNode(copy);
            wdoc = doc2;
        } else if (pass == 1) {
            wdoc = copy->doc;
        }
        xmlNodePtr work = pass == 0 ? body : copy;
        prune(work, pass == 0);
        scorer s = {.a = a};
        score_walk(&s, work);
        xmlNodePtr got = pick(&s, wdoc, work);
        clear_private(work);
        if (!got && pass == 1 && !out) {
            /* no paragraph anywhere: the whole (pruned) body, as
             * Readability does */
            got = xmlNewDocNode(wdoc, NULL, (const xmlChar *)"div", NULL);
            xmlUnlinkNode(copy);
            xmlAddChild(got, copy);
            copy = NULL;
        }
        if (got && got->doc != doc) { /* from the second parse: into doc */
            xmlNodePtr g = xmlDocCopyNode(got, doc, 1);
            xmlFreeNode(got);
            got = g;
        }
        if (!got)
            continue;
        clear_private(got);
        extract_clean_cut(got);
        extract_trim_cut(got, title);
        size_t chars = dom_text_chars(got);
        if (!out || chars > out_chars * 2) {
            if (out)
                xmlFreeNode(out);
            out = got;
            out_chars = chars;
        } else {
            xmlFreeNode(got);
        }
        if (out_chars >= 250)
            break;
    }
    if (copy)
        xmlFreeNode(copy);
    if (doc2)
        xmlFreeDoc(doc2);
    arena_free(a);
    return out;
}
