/*
 * boiler.c — what news sites wrap around an article, and how to spot it.
 *
 * Three kinds of rules, all applied to elements before they are written
 * (ARTICLE policy only); a matching element goes with everything in it:
 *  1. site rules: selectors known for a site's footer furniture, chosen by
 *     html_opts.site (a rule-set name such as "sina") or else by the base
 *     URL's host (sina.com.cn → sina). They drop unconditionally.
 *  2. per-feed rules: html_opts.remove, the `remove:` list of the site
 *     config, in the same simple selector language: `tag`, `.class`,
 *     `#id`, `tag.class`, `tag#id`. They drop unconditionally.
 *  3. generic rules: a class or id made of a telling word (share, social,
 *     qrcode, download, related, recommend, ad/ads/advert, sponsor, promo,
 *     comment …; words are split at '-', '_' and camelCase humps, so
 *     `appendQr_wrap` has the word "qr" and `shadow` has no "ad"). Because
 *     a wrapper such as <div class="article ad-free"> must never take the
 *     article with it, a generic match drops only a *small* element (under
 *     600 bytes of text) or one that is mostly links (a list of related
 *     articles).
 * And two text rules, which clean.c applies to the text it has written
 * for a block or inline container when the element closes (so that the
 * output, cleaned again, meets the same verdict): a short text that is an
 * app/QR promo ("海量资讯、精准解读，尽在新浪财经APP", "返回搜狐，查看更多",
 * "扫描二维码…") is taken back, and an editor credit ("责任编辑：王蒙") is
 * rewritten as <p class="editor">.
 *
 * The generic rules measure text with bounded walks (a byte cap and a node
 * cap), and the text rules look at no more than a few hundred bytes, so
 * the rules cost O(1) per element however large the article is.
 *
 * Deliberately not here: images (lead.c) and anything that needs the
 * whole page (readability scoring): input is an article body already.
 */
#include "html/html_int.h"

#include <string.h>

typedef struct selector {
    char tag[32];   /* "" = any */
    char cls[64];   /* "" = any */
    char id[64];    /* "" = any */
} selector;

struct html_rules {
    selector *sel;
    size_t nsel;
};

typedef struct site_rules {
    const char *name;
    const char *hosts;     /* space-separated host suffixes */
    const char *selectors; /* space-separated selectors */
} site_rules;

/* Built-in site rules. The class names are the ones these sites use for
 * their promos, share bars, statements and "more news" blocks. */
static const site_rules sites[] = {
    {"sina", "sina.com.cn sina.cn sina.com",
     ".appendQr_wrap .appendQr_normal .appendQr_normal_txt #left_hzh_ad .article-notice "
     ".show_statement #sina_keyword_box .otherContent_01 #article-bottom .app-kaihu-qr "
     ".finance_app_zqtg .article-bottom-tg .tech-quotation"},
    {"163", "163.com 126.net netease.com",
     ".post_btns .post_topshare_wrap .post_btmshare .post_end_ad .gg200x300 .post_jubao "
     ".post_next .post_comment_toolbar .js-open-app"},
    {"qq", "qq.com gtimg.com",
     ".qqcom_ad .rv-middle .rv-root-v2 .mod_qr .TRS_Editor_QR .qnt-appdownload"},
    {"sohu", "sohu.com",
     "#backsohucom .backword .statement .lookall-box .article-tags-sohu"},
    {"ifeng", "ifeng.com",
     ".ifeng_ad .ifengLogo .ad_box .share_box .qrCode .js_downloadAPP"},
    {"36kr", "36kr.com",
     ".kr-article-footer-txt .article-footer-txt .kr-shadow-recommend .related-article"},
    {"ithome", "ithome.com",
     ".ad-tips .tougao-user .shareto #app-bottom .ithome_app"},
    {"cnbeta", "cnbeta.com cnbeta.com.tw",
     ".article-global .topic .article-relation .cnbeta-article-ad"},
    {"thepaper", "thepaper.cn",
     ".news_editor_bottom .qrcode_box .ad_container"},
};

static void sel_parse(const char *s, size_t n, selector *out)
{
    memset(out, 0, sizeof(*out));
    char *dst = out->tag;
    size_t cap = sizeof(out->tag), j = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch == '.' || ch == '#') {
            dst[j] = 0;
            dst = ch == '.' ? out->cls : out->id;
            cap = ch == '.' ? sizeof(out->cls) : sizeof(out->id);
            j = 0;
            continue;
        }
        if (j + 1 < cap) {
            if (dst == out->tag && ch >= 'A' && ch <= 'Z')
                ch = (char)(ch + 32);
            dst[j++] = ch;
        }
    }
    dst[j] = 0;
}

static void add_selectors(arena *a, html_rules *r, const char *list, size_t cap)
{
    const char *p = list;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *st = p;
        while (*p && *p != ' ')
            p++;
        if (p > st && r->nsel < cap)
            sel_parse(st, (size_t)(p - st), &r->sel[r->nsel++]);
    }
    (void)a;
}

static bool host_matches(const char *base, const char *suffixes)
{
    const char *h = strstr(base, "://");
    h = h ? h + 3 : base;
    size_t hl = 0;
    while (h[hl] && h[hl] != '/' && h[hl] != ':' && h[hl] != '?' && h[hl] != '#')
        hl++;
    const char *p = suffixes;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *st = p;
        while (*p && *p != ' ')
            p++;
        size_t sl = (size_t)(p - st);
        if (sl && sl <= hl && !nm_strncasecmp(h + hl - sl, st, sl) &&
            (sl == hl || h[hl - sl - 1] == '.'))
            return true;
    }
    return false;
}

html_rules *html_rules_new(arena *a, const html_opts *o)
{
    html_rules *r = arena_zalloc(a, sizeof(*r));
    size_t cap = o->nremove + 64;
    r->sel = arena_new_array(a, selector, cap);
    for (size_t i = 0; i < NM_ARRAY_LEN(sites); i++) {
        bool on = o->site && o->site[0] ? !nm_strcasecmp(o->site, sites[i].name) ||
                                              host_matches(o->site, sites[i].hosts)
                                        : o->base_url && host_matches(o->base_url, sites[i].hosts);
        if (on)
            add_selectors(a, r, sites[i].selectors, cap);
    }
    for (size_t i = 0; i < o->nremove && r->nsel < cap; i++)
        if (o->remove[i] && o->remove[i][0])
            sel_parse(o->remove[i], strlen(o->remove[i]), &r->sel[r->nsel++]);
    return r;
}

/* True when the space-separated list has token t. */
static bool has_token(const char *list, const char *t)
{
    size_t tl = strlen(t);
    const char *p = list;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\f' || *p == '\r')
            p++;
        const char *st = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\f' && *p != '\r')
            p++;
        if ((size_t)(p - st) == tl && !memcmp(st, t, tl))
            return true;
    }
    return false;
}

static bool sel_match(const selector *s, const GumboElement *el, GumboTag out_tag)
{
    if (s->tag[0]) {
        char name[64];
        html_tag_name(el, name, sizeof(name));
        if (strcmp(name, s->tag) && strcmp(gumbo_normalized_tagname(out_tag), s->tag))
            return false;
    }
    if (s->cls[0]) {
        const char *c = html_attr(el, "class");
        if (!c || !has_token(c, s->cls))
            return false;
    }
    if (s->id[0]) {
        const char *id = html_attr(el, "id");
        if (!id || strcmp(id, s->id))
            return false;
    }
    return s->tag[0] || s->cls[0] || s->id[0];
}

/* Words that make a class or id boilerplate. */
static const char *const generic_words[] = {
    "ad", "ads", "adv", "advert", "adverts", "advertisement", "advertising", "adsbygoogle",
    "sponsor", "sponsored", "promo", "promotion", "share", "sharebar", "sharing", "social",
    "qr", "qrcode", "erweima", "ewm", "download", "appdownload", "downloadapp", "related",
    "relate", "recommend", "recommended", "recommendation", "comment", "comments",
    "newsletter", "subscribe", "hotnews", "jubao",
};

/* True when an attribute value (class list or id) has a generic word. */
static bool has_generic_word(const char *v)
{
    char word[48];
    size_t j = 0;
    for (const char *p = v;; p++) {
        char ch = *p;
        bool hump = ch >= 'A' && ch <= 'Z' && p > v && p[-1] >= 'a' && p[-1] <= 'z';
        bool sep = !ch || ch == ' ' || ch == '-' || ch == '_' || ch == '\t' || ch == '\n' ||
                   (ch >= '0' && ch <= '9') || hump;
        if (sep) {
            word[j] = 0;
            if (j)
                for (size_t i = 0; i < NM_ARRAY_LEN(generic_words); i++)
                    if (!strcmp(word, generic_words[i]))
                        return true;
            j = 0;
            if (!ch)
                return false;
            if (!hump)
                continue;
        }
        if (j + 1 < sizeof(word))
            word[j++] = (char)((ch >= 'A' && ch <= 'Z') ? ch + 32 : ch);
    }
}

/* True for what the ARTICLE policy drops with its content: not text. */
static bool skipped(const GumboNode *n)
{
    const GumboElement *el = &n->v.element;
    if (n->type == GUMBO_NODE_TEMPLATE || el->tag_namespace != GUMBO_NAMESPACE_HTML)
        return true;
    char name[64] = "";
    if (el->tag == GUMBO_TAG_UNKNOWN)
        html_tag_name(el, name, sizeof(name));
    else
        strcpy(name, gumbo_normalized_tagname(el->tag));
    return html_policy_element(HTML_POLICY_ARTICLE, el->tag, name) == HTML_DROP;
}

/* Bytes of s that are not ASCII whitespace, counting stops past cap. */
static size_t non_space_len(const char *s, size_t cap)
{
    size_t n = 0;
    for (; *s && n <= cap; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r' && *s != '\f')
            n++;
    return n;
}

/* Bounded text measure of a subtree: total text bytes and bytes inside
 * links, stopping at `cap` bytes or `max_nodes` nodes (then *big). */
typedef struct text_measure {
    size_t text, link;
    bool big;
} text_measure;

static void measure(const GumboNode *root, size_t cap, size_t max_nodes, text_measure *m)
{
    memset(m, 0, sizeof(*m));
    const GumboNode *stack[64];
    bool in_link[64];
    size_t sp = 0, seen = 0;
    stack[sp] = root;
    in_link[sp++] = false;
    while (sp) {
        const GumboNode *n = stack[--sp];
        bool link = in_link[sp];
        if (++seen > max_nodes || m->text > cap) {
            m->big = true;
            return;
        }
        if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
            size_t l = non_space_len(n->v.text.text, cap);
            m->text += l;
            if (link)
                m->link += l;
            continue;
        }
        if ((n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE) || skipped(n))
            continue;
        GumboTag t = n->v.element.tag;
        bool child_link = link || t == GUMBO_TAG_A;
        const GumboVector *ch = &n->v.element.children;
        for (size_t i = ch->length; i-- > 0;) {
            if (sp == NM_ARRAY_LEN(stack)) {
                m->big = true;
                return;
            }
            stack[sp] = ch->data[i];
            in_link[sp++] = child_link;
        }
    }
}

static const char *const promo_phrases[] = {
    "尽在新浪财经APP", "新浪财经APP", "下载新浪", "返回搜狐，查看更多", "返回搜狐",
    "扫描二维码", "扫码下载", "扫码关注", "扫一扫", "长按识别二维码", "长按二维码",
    "下载客户端", "打开APP", "下载APP", "打开客户端", "IT之家所有文章均包含本声明",
    "关注微信公众号", "关注公众号", "点击下载", "网易新闻客户端", "腾讯新闻客户端",
    "凤凰新闻客户端", "凤凰新闻APP", "澎湃新闻APP", "文章转载自微信公众号",
};

/* Bytes of t[0, n) that are not ASCII whitespace, counting stops past cap. */
static size_t non_space_n(const char *t, size_t n, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k <= cap; i++)
        if (t[i] != ' ' && t[i] != '\t' && t[i] != '\n' && t[i] != '\r' && t[i] != '\f')
            k++;
    return k;
}

bool html_promo_text(const char *t, size_t n)
{
    if (!n || non_space_n(t, n, 160) > 160 || n > 2000)
        return false;
    char tmp[2001];
    memcpy(tmp, t, n);
    tmp[n] = 0;
    for (size_t i = 0; i < NM_ARRAY_LEN(promo_phrases); i++)
        if (strstr(tmp, promo_phrases[i]))
            return true;
    return false;
}

bool html_judged_by_text(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_CENTER:
    case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_SPAN: case GUMBO_TAG_FONT:
    case GUMBO_TAG_STRONG: case GUMBO_TAG_B: case GUMBO_TAG_SMALL: case GUMBO_TAG_EM:
    case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
        return true;
    default:
        return false;
    }
}

bool html_rules_drop(const html_rules *r, const GumboNode *node, GumboTag out_tag)
{
    const GumboElement *el = &node->v.element;
    for (size_t i = 0; i < r->nsel; i++)
        if (sel_match(&r->sel[i], el, out_tag))
            return true;
    const char *cls = html_attr(el, "class");
    const char *id = html_attr(el, "id");
    if ((cls && has_generic_word(cls)) || (id && has_generic_word(id))) {
        text_measure m;
        measure(node, 600, 4000, &m);
        if (!m.big && m.text < 600)
            return true;
        if (!m.big && m.link * 2 >= m.text)
            return true;
    }
    return false;
}

/* Skips ASCII whitespace, U+3000, U+00A0 and an opening bracket. */
static const char *skip_lead(const char *s)
{
    for (;;) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' || *s == '(' ||
            *s == '[')
            s++;
        else if (!strncmp(s, "\xe3\x80\x80", 3) || !strncmp(s, "\xef\xbc\x88", 3) ||
                 !strncmp(s, "\xe3\x80\x90", 3)) /* U+3000 （ 【 */
            s += 3;
        else if (!strncmp(s, "\xc2\xa0", 2))
            s += 2;
        else
            return s;
    }
}

char *html_editor_text(arena *a, const char *t, size_t n)
{
    if (!n || n > 2000 || non_space_n(t, n, 300) >= 300)
        return NULL;
    char tmp[2001];
    memcpy(tmp, t, n);
    tmp[n] = 0;
    const char *s = skip_lead(tmp);
    if (strncmp(s, "责任编辑", strlen("责任编辑")) && strncmp(s, "责编", strlen("责编")))
        return NULL;
    /* Collapse whitespace, trim. */
    char *out = arena_alloc(a, n + 1);
    size_t j = 0;
    bool ws = true;
    for (size_t i = 0; i < n; i++) {
        char ch = t[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f') {
            if (!ws)
                out[j++] = ' ';
            ws = true;
            continue;
        }
        out[j++] = ch;
        ws = false;
    }
    while (j && out[j - 1] == ' ')
        j--;
    out[j] = 0;
    return out;
}
