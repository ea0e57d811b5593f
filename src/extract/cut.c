/*
 * cut.c — boilerplate out of an article cut (Readability's "conditional
 * cleaning", adapted).
 *
 * The scorer's cut is the right container, but containers hold more than
 * the article: share bars, "related" lists, comment counts, ad slots,
 * author boxes. Each list, table, div, section, aside and form inside the
 * cut is weighed by its class/id names, its link density, its paragraphs
 * against images, list items and inputs, and dropped when it looks like
 * navigation rather than prose. Figures, captions, tables of data and
 * lists of sentences stay.
 *
 * Not here: finding the cut (score.c); serializing it (out.c).
 */
#include "extract_int.h"

#include <string.h>

static const char *const junk_words[] = {
    "share", "social", "related", "recommend", "comment", "advert", "sponsor", "promo",
    "newsletter", "subscribe", "signup", "sign-up", "author-bio", "tags", "tag-list", "toolbar",
    "breadcrumb", "pagination", "pager", "print", "byline", "dateline", "meta-", "copyright",
    " hidden ", "modal", "popup", "outbrain", "taboola", "disqus", "-ad-", " ad ", "ads-",
    "ad-container", "adsbygoogle", "readmore", "read-more", "more-stories", "most-popular",
    "trending", NULL,
};

static const char *const keep_words[] = {"article", "content", "body", "text", "figure",
                                         "caption", "image", "photo", NULL};

typedef struct counts {
    size_t p, img, li, input, embed, headings, text_chars, link_chars, commas;
} counts;

/* A text node's characters (no spaces) into k, all of them links when
 * in_link. */
static void count_text(const unsigned char *p, bool in_link, counts *k)
{
    for (; p && *p; p++) {
        if ((*p & 0xc0) == 0x80 || *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
            continue;
        k->text_chars++;
        if (in_link)
            k->link_chars++;
        if (*p == ',' || (p[0] == 0xef && p[1] == 0xbc && p[2] == 0x8c) ||
            (p[0] == 0xe3 && p[1] == 0x80 && (p[2] == 0x81 || p[2] == 0x82)))
            k->commas++;
    }
}

/* The element c itself, counted by its tag. */
static void count_tag(xmlNodePtr c, counts *k)
{
    const char *name = (const char *)c->name;
    if (!strcmp(name, "p"))
        k->p++;
    else if (!strcmp(name, "img"))
        k->img++;
    else if (!strcmp(name, "li"))
        k->li++;
    else if (!strcmp(name, "input"))
        k->input++;
    else if (!strcmp(name, "video") || !strcmp(name, "audio") || !strcmp(name, "iframe"))
        k->embed++;
    else if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2])
        k->headings++;
}

static void count_walk(xmlNodePtr n, bool in_link, counts *k)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE) {
            count_text(c->content, in_link, k);
        } else if (c->type == XML_ELEMENT_NODE) {
            count_tag(c, k);
            count_walk(c, in_link || dom_is(c, "a"), k);
        }
    }
}

/* count_walk(n, false) of n and of every element below it, in one walk
 * (bottom up, each in its _private, from a): what junk() reads, instead
 * of walking each container's subtree again for each of its ancestors. */
static counts *count_all(arena *a, xmlNodePtr n)
{
    counts *k = arena_alloc(a, sizeof(*k));
    memset(k, 0, sizeof(*k));
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE) {
            count_text(c->content, false, k);
        } else if (c->type == XML_ELEMENT_NODE) {
            count_tag(c, k);
            const counts *ck = count_all(a, c);
            k->p += ck->p;
            k->img += ck->img;
            k->li += ck->li;
            k->input += ck->input;
            k->embed += ck->embed;
            k->headings += ck->headings;
            k->text_chars += ck->text_chars;
            k->commas += ck->commas;
            /* inside a link, every character is a link's */
            k->link_chars += dom_is(c, "a") ? ck->text_chars : ck->link_chars;
        }
    }
    n->_private = k;
    return k;
}

static void uncount(xmlNodePtr n)
{
    n->_private = NULL;
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            uncount(c);
}

static bool inside(xmlNodePtr n, const char *tag)
{
    for (xmlNodePtr p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent)
        if (dom_is(p, tag))
            return true;
    return false;
}

/* True when the element n should go. */
static bool junk(xmlNodePtr n)
{
    const char *name = (const char *)n->name;
    dom_names ci;
    bool named_junk = dom_names_of(n, true, &ci) && dom_names_have(&ci, junk_words) &&
                      !dom_names_have(&ci, keep_words);
    if (dom_is(n, "figure") || dom_is(n, "figcaption") || dom_is(n, "picture"))
        return named_junk;
    bool container = !strcmp(name, "div") || !strcmp(name, "section") || !strcmp(name, "ul") ||
                     !strcmp(name, "ol") || !strcmp(name, "table") || !strcmp(name, "aside") ||
                     !strcmp(name, "form") || !strcmp(name, "footer") || !strcmp(name, "header") ||
                     !strcmp(name, "dl") || !strcmp(name, "span") || !strcmp(name, "p");
    if (!container)
        return false;
    counts k = *(const counts *)n->_private; /* count_all's */
    if (named_junk && k.text_chars < 2000)
        return true;
    if (!strcmp(name, "aside") || !strcmp(name, "footer"))
        return k.text_chars < 1000 || k.link_chars * 2 > k.text_chars;
    if (!strcmp(name, "span") || !strcmp(name, "p"))
        return false;
    if (inside(n, "code") || inside(n, "pre"))
        return false;
    double ld = k.text_chars ? (double)k.link_chars / (double)k.text_chars : 0;
    if (!strcmp(name, "table")) {
        /* a data table keeps; a layout or link table goes by density */
        return ld > 0.5 && k.text_chars < 1000;
    }
    if (k.commas >= 10)
        return false;
    bool is_list = !strcmp(name, "ul") || !strcmp(name, "ol");
    if (k.img > 1 && k.p * 2 < k.img && !inside(n, "figure") && k.text_chars < 200)
        return true;
    if (!is_list && k.li > k.p + 2 && ld > 0.3)
        return true;
    if (k.input * 3 > k.p && k.input)
        return true;
    if (is_list && ld > 0.5)
        return true;
    if (k.text_chars < 25 && k.img == 0 && k.embed == 0 && k.headings == 0)
        return true;
    if (ld > 0.5 && k.text_chars < 1500)
        return true;
    if (ld > 0.25 && k.text_chars < 200 && k.img == 0)
        return true;
    return false;
}

static void clean_walk(xmlNodePtr n)
{
    xmlNodePtr c = n->children;
    while (c) {
        xmlNodePtr next = c->next;
        if (c->type == XML_ELEMENT_NODE) {
            if (junk(c)) {
                xmlUnlinkNode(c);
                xmlFreeNode(c);
            } else {
                clean_walk(c);
            }
        }
        c = next;
    }
}

void extract_clean_cut(xmlNodePtr cut)
{
    arena *a = arena_new(0);
    count_all(a, cut);
    clean_walk(cut);
    uncount(cut);
    arena_free(a);
}

/* ---- the top of the cut ------------------------------------------------- */

static bool leaf_block(xmlNodePtr n)
{
    if (!dom_is_block(n))
        return false;
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (dom_is_block(c))
            return false;
    return true;
}

/* Letters and digits of s, lower case (ASCII), for loose comparison. */
static void squeeze(const char *s, char *out, size_t cap)
{
    size_t k = 0;
    for (; *s && k + 1 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))
            out[k++] = (char)c;
        else if (c >= 'A' && c <= 'Z')
            out[k++] = (char)(c + 32);
    }
    out[k] = 0;
}

static bool has_digit_run(const char *t)
{
    for (; *t; t++)
        if (*t >= '0' && *t <= '9')
            return true;
    return false;
}

/* How many CJK characters (Han, kana, Hangul, full-width forms: U+2E80 to
 * U+D7FF and U+F900 to U+FFBF) s holds. A paragraph's weight for "is the body
 * under way" is its characters with these counted twice, as one carries
 * about as much as two letters. */
static size_t cjk_chars(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p == 0xe2 && p[1] >= 0xba) || (*p > 0xe2 && *p < 0xed) ||
            (*p == 0xed && p[1] < 0xa0) || (*p == 0xef && p[1] >= 0xa4 && p[1] < 0xbf))
            n++;
    return n;
}

/* Sentence punctuation: 。！？； and their ASCII forms ! ? ; — a line that
 * has one is prose, whatever digits and dates it holds. */
static bool has_sentence_mark(const char *t)
{
    static const char *const marks[] = {"。", "！", "？", "；", "!", "?", ";", NULL};
    for (const char *const *m = marks; *m; m++)
        if (strstr(t, *m))
            return true;
    return false;
}

/* A line that says who wrote the article or when, not the article: short,
 * no sentence punctuation, and opening like a byline, a source or editor
 * line, or holding a date. */
static bool meta_line(const char *t)
{
    if (has_sentence_mark(t))
        return false;
    static const char *const starts[] = {"By ", "by ", "BY ", "Updated", "Published", "Posted",
                                         "Last updated", "Written by", "作者", "来源",
                                         "發布", "发布时间", "编辑", "來源", "編輯", NULL};
    for (const char *const *s = starts; *s; s++)
        if (!strncmp(t, *s, strlen(*s)))
            return true;
    /* a date: digits with a time or a month, or 年/月/日 */
    if (!has_digit_run(t))
        return false;
    static const char *const marks[] = {
        ":", "年", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
        "Dec", "janvier", "enero", "de 20", "/20", "-20", ".20", NULL,
    };
    for (const char *const *m = marks; *m; m++)
        if (strstr(t, *m))
            return true;
    return false;
}

/* A heading that opens what follows an article: related links, comments,
 * more stories. Compared on the lower-cased start of the text. */
static bool end_marker(const char *t)
{
    static const char *const marks[] = {
        "you may also like", "you might also like", "related", "recommended", "recent articles",
        "recent posts", "more from", "more stories", "more news", "read more", "read next",
        "trending", "most popular", "most read", "popular", "comments", "leave a comment",
        "leave a reply", "share this", "tags:", "tags", "related articles", "more on this",
        "also read", "see also", "about the author", "sign up for", "subscribe to",
        "相关阅读", "相关新闻", "推荐阅读", "热门推荐", "延伸阅读", "相关文章", "猜你喜欢",
        "热点推荐", "网友评论", "相关报道", "更多精彩", "热门文章", "精彩推荐", NULL,
    };
    char low[64];
    size_t k = 0;
    while (*t == ' ' || *t == '\n')
        t++;
    for (; t[k] && k + 1 < sizeof(low); k++)
        low[k] = (char)((t[k] >= 'A' && t[k] <= 'Z') ? t[k] + 32 : t[k]);
    low[k] = 0;
    for (const char *const *m = marks; *m; m++) {
        size_t ml = strlen(*m);
        if (!strncmp(low, *m, ml)) {
            char next = low[ml];
            if (!next || next == ' ' || next == ':' || next == '.' || (unsigned char)next >= 0x80)
                return true;
        }
    }
    return false;
}

/* Every character of n's text is inside a link. */
static bool all_link(xmlNodePtr n)
{
    counts k = {0};
    count_walk(n, false, &k);
    return k.text_chars > 0 && k.link_chars == k.text_chars;
}

typedef struct trim_state {
    arena *a;
    char title[512];
    bool body_started;
    uint64_t seen[512];
    size_t nseen;
} trim_state;

static bool seen_before(trim_state *st, const char *t)
{
    uint64_t h = hash64(t, strlen(t), 7);
    for (size_t i = 0; i < st->nseen; i++)
        if (st->seen[i] == h)
            return true;
    if (st->nseen < sizeof(st->seen) / sizeof(st->seen[0]))
        st->seen[st->nseen++] = h;
    return false;
}

static void trim_walk(trim_state *st, xmlNodePtr n)
{
    xmlNodePtr c = n->children;
    while (c) {
        xmlNodePtr next = c->next;
        if (c->type != XML_ELEMENT_NODE) {
            c = next;
            continue;
        }
        bool drop = dom_is(c, "h1");
        if (!drop && leaf_block(c)) {
            char *t = dom_text(st->a, c);
            size_t chars = dom_text_chars(c);
            size_t weight = chars + cjk_chars(t);
            char sq[512];
            squeeze(t, sq, sizeof(sq));
            if (st->title[0] && sq[0] && !strcmp(sq, st->title))
                drop = true;
            else if (!st->body_started && weight < 100 && meta_line(t))
                drop = true;
            else if (chars >= 20 && chars < 200 && seen_before(st, t) && !dom_find(c, "img"))
                drop = true;
            else if (chars < 20 && (!nm_strcasecmp(t, "advert") ||
                                    !nm_strcasecmp(t, "advertisement") || !strcmp(t, "广告")))
                drop = true;
            else if (st->body_started && all_link(c) && chars < 200 && !dom_find(c, "img"))
                drop = true; /* a linked headline between paragraphs */
            if (!drop && weight >= 120)
                st->body_started = true;
            if (!drop && st->body_started && chars < 40 && end_marker(t)) {
                /* the marker and everything after it at this level */
                while (next) {
                    xmlNodePtr after = next->next;
                    xmlUnlinkNode(next);
                    xmlFreeNode(next);
                    next = after;
                }
                drop = true;
            }
        }
        if (drop) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        } else if (!leaf_block(c)) {
            trim_walk(st, c);
        }
        c = next;
    }
}

void extract_trim_cut(xmlNodePtr cut, const char *title)
{
    trim_state st = {.a = arena_new(0)};
    if (title)
        squeeze(title, st.title, sizeof(st.title));
    trim_walk(&st, cut);
    arena_free(st.a);
}
