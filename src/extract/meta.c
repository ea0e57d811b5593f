/*
 * meta.c — what a page says about its article: title, byline, date, lead
 * image, description.
 *
 * Sources, most trusted first for each field:
 *   JSON-LD (<script type="application/ld+json">, an Article/NewsArticle/
 *     BlogPosting object, also inside @graph or a list): headline, author
 *     (string, object or list of them), datePublished, image;
 *   Open Graph / Twitter / Dublin Core <meta>: og:title, og:image,
 *     article:published_time, article:author (when not a URL);
 *   <meta name=author|byline|description|publishdate|pubdate>;
 *   the first <time datetime> in the body;
 *   <title>, with its " - Site" / " | Site" / "_新浪财经" tail cut.
 * Dates without a zone are read as UTC, except on pages in Chinese
 * (lang zh*), read as China time (UTC+8), which is what those sites mean.
 *
 * Reads the document before the scorer cuts it (extract.c's order).
 */
#include "internal.h"

#include <jansson.h>
#include <string.h>

static bool is_http(const char *u)
{
    return u && (!strncmp(u, "http://", 7) || !strncmp(u, "https://", 8));
}

/* ---- JSON-LD ------------------------------------------------------------ */

static bool article_type(json_t *t)
{
    static const char *const types[] = {
        "Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
        "OpinionNewsArticle", "TechArticle", "ScholarlyArticle", "LiveBlogPosting",
        "SocialMediaPosting", "Report", "WebPage", NULL,
    };
    if (json_is_array(t)) {
        size_t i;
        json_t *v;
        json_array_foreach(t, i, v) if (article_type(v)) return true;
        return false;
    }
    const char *s = json_string_value(t);
    if (!s)
        return false;
    for (const char *const *p = types; *p; p++)
        if (!strcmp(s, *p))
            return true;
    return false;
}

static const char *author_name(json_t *a)
{
    if (json_is_string(a))
        return json_string_value(a);
    if (json_is_object(a))
        return json_string_value(json_object_get(a, "name"));
    return NULL;
}

static void jsonld_article(arena *a, json_t *o, page_meta *m, int *rank)
{
    json_t *t = json_object_get(o, "@type");
    if (!article_type(t))
        return;
    /* A WebPage is a weaker match than an Article. */
    const char *ts = json_string_value(t);
    int r = ts && !strcmp(ts, "WebPage") ? 1 : 2;
    if (r <= *rank)
        return;
    *rank = r;
    const char *h = json_string_value(json_object_get(o, "headline"));
    if (!h)
        h = json_string_value(json_object_get(o, "name"));
    if (h && *h)
        m->title = arena_strdup(a, h);
    json_t *au = json_object_get(o, "author");
    if (json_is_array(au)) {
        nm_buf b;
        buf_init(&b, 4096);
        size_t i;
        json_t *v;
        json_array_foreach(au, i, v)
        {
            const char *n = author_name(v);
            if (n && *n) {
                if (b.len)
                    buf_puts(&b, ", ");
                buf_puts(&b, n);
            }
        }
        if (b.len)
            m->byline = arena_strndup(a, buf_cstr(&b), b.len);
        buf_free(&b);
    } else {
        const char *n = author_name(au);
        if (n && *n && !is_http(n))
            m->byline = arena_strdup(a, n);
    }
    const char *d = json_string_value(json_object_get(o, "datePublished"));
    if (d) {
        int64_t t2 = date_parse(d, strlen(d), NULL);
        if (t2 != NM_NO_TIME)
            m->published = t2;
    }
    json_t *img = json_object_get(o, "image");
    if (json_is_array(img))
        img = json_array_get(img, 0);
    const char *iu = json_is_object(img) ? json_string_value(json_object_get(img, "url"))
                                         : json_string_value(img);
    if (is_http(iu))
        m->lead_image = arena_strdup(a, iu);
    const char *desc = json_string_value(json_object_get(o, "description"));
    if (desc && *desc)
        m->description = arena_strdup(a, desc);
}

static void jsonld_walk(arena *a, json_t *j, page_meta *m, int *rank, int depth)
{
    if (depth > 4)
        return;
    if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) jsonld_walk(a, v, m, rank, depth + 1);
    } else if (json_is_object(j)) {
        jsonld_article(a, j, m, rank);
        json_t *g = json_object_get(j, "@graph");
        if (g)
            jsonld_walk(a, g, m, rank, depth + 1);
        json_t *me = json_object_get(j, "mainEntity");
        if (me)
            jsonld_walk(a, me, m, rank, depth + 1);
    }
}

/* ---- the walk over <head> and <body> ------------------------------------ */

typedef struct meta_found {
    const char *og_title, *og_image, *og_time, *og_author, *name_author, *name_desc,
        *name_date, *title, *time_dt, *tw_image, *og_desc;
    int jsonld_rank;
    bool zh;
} meta_found;

static void meta_walk(arena *a, xmlNodePtr n, page_meta *m, meta_found *f)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (dom_is(c, "meta")) {
            const char *k = dom_attr(c, "property");
            if (!k)
                k = dom_attr(c, "name");
            if (!k)
                k = dom_attr(c, "itemprop");
            const char *v = dom_attr(c, "content");
            if (!k || !v || !*v)
                continue;
            char key[64];
            snprintf(key, sizeof(key), "%s", k);
            for (char *p = key; *p; p++)
                if (*p >= 'A' && *p <= 'Z')
                    *p = (char)(*p + 32);
            if (!strcmp(key, "og:title") && !f->og_title)
                f->og_title = v;
            else if ((!strcmp(key, "og:image") || !strcmp(key, "og:image:url") ||
                      !strcmp(key, "og:image:secure_url")) &&
                     !f->og_image)
                f->og_image = v;
            else if ((!strcmp(key, "twitter:image") || !strcmp(key, "twitter:image:src")) &&
                     !f->tw_image)
                f->tw_image = v;
            else if ((!strcmp(key, "article:published_time") ||
                      !strcmp(key, "datepublished") || !strcmp(key, "og:release_date") ||
                      !strcmp(key, "dc.date.issued") || !strcmp(key, "dcterms.created")) &&
                     !f->og_time)
                f->og_time = v;
            else if (!strcmp(key, "article:author") && !f->og_author && !is_http(v))
                f->og_author = v;
            else if ((!strcmp(key, "author") || !strcmp(key, "byl") || !strcmp(key, "byline") ||
                      !strcmp(key, "dc.creator") || !strcmp(key, "sailthru.author")) &&
                     !f->name_author && !is_http(v))
                f->name_author = v;
            else if (!strcmp(key, "description") && !f->name_desc)
                f->name_desc = v;
            else if (!strcmp(key, "og:description") && !f->og_desc)
                f->og_desc = v;
            else if ((!strcmp(key, "publishdate") || !strcmp(key, "pubdate") ||
                      !strcmp(key, "publish-date") || !strcmp(key, "date") ||
                      !strcmp(key, "weibo:article:create_at")) &&
                     !f->name_date)
                f->name_date = v;
            continue;
        }
        if (dom_is(c, "script")) {
            const char *t = dom_attr(c, "type");
            if (t && !nm_strcasecmp(t, "application/ld+json") && c->children &&
                c->children->type == XML_TEXT_NODE) {
                const char *s = (const char *)c->children->content;
                json_t *j = json_loads(s, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
                if (j) {
                    jsonld_walk(a, j, m, &f->jsonld_rank, 0);
                    json_decref(j);
                }
            }
            continue;
        }
        if (dom_is(c, "title") && !f->title) {
            f->title = dom_text(a, c);
            continue;
        }
        if (dom_is(c, "time") && !f->time_dt) {
            const char *dt = dom_attr(c, "datetime");
            if (dt && *dt)
                f->time_dt = dt;
        }
        meta_walk(a, c, m, f);
    }
}

static int64_t when(const char *s, bool zh)
{
    if (!s)
        return NM_NO_TIME;
    const date_zone *z = zh ? date_zone_get("Asia/Shanghai", NULL) : NULL;
    return date_parse(s, strlen(s), z);
}

void extract_meta(arena *a, xmlDocPtr doc, const char *base_url, page_meta *m)
{
    memset(m, 0, sizeof(*m));
    m->published = NM_NO_TIME;
    meta_found f = {0};
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root)
        return;
    const char *lang = dom_attr(root, "lang");
    f.zh = lang && !nm_strncasecmp(lang, "zh", 2);
    meta_walk(a, root, m, &f);
    if (!m->title) {
        const char *t = f.og_title ? f.og_title : f.title;
        if (t && *t)
            m->title = arena_strdup(a, t);
    }
    if (!m->byline) {
        const char *b = f.og_author ? f.og_author : f.name_author;
        if (b && *b)
            m->byline = arena_strdup(a, b);
    }
    if (m->published == NM_NO_TIME)
        m->published = when(f.og_time, f.zh);
    if (m->published == NM_NO_TIME)
        m->published = when(f.name_date, f.zh);
    if (m->published == NM_NO_TIME)
        m->published = when(f.time_dt, f.zh);
    const char *img = m->lead_image ? m->lead_image : f.og_image ? f.og_image : f.tw_image;
    if (img && !is_http(img) && base_url)
        img = url_resolve(a, base_url, img);
    m->lead_image = is_http(img) ? arena_strdup(a, img) : NULL;
    if (!m->description) {
        const char *d = f.og_desc ? f.og_desc : f.name_desc;
        m->description = d ? arena_strdup(a, d) : NULL;
    }
    if (m->title)
        m->title = extract_clean_title(a, m->title);
}

/* " - Site", " | Site", "_Site" tails: cut the last such part when what is
 * left is still a title (at least a few words or CJK characters). */
const char *extract_clean_title(arena *a, const char *title)
{
    static const char *const seps[] = {" | ", " - ", " – ", " — ", "_", " :: ", "｜", "|", NULL};
    size_t n = strlen(title);
    while (n && (title[n - 1] == ' ' || title[n - 1] == '\n'))
        n--;
    size_t start = 0;
    while (start < n && (title[start] == ' ' || title[start] == '\n'))
        start++;
    const char *best = NULL;
    for (const char *const *s = seps; *s && !best; s++) {
        const char *p = NULL;
        for (const char *q = title + start; (q = strstr(q, *s)) && q < title + n; q++)
            if (!p)
                p = q; /* first one: "Title - Section - Site" keeps "Title" */
        if (p && (size_t)(p - title) - start >= 12)
            best = p;
    }
    size_t end = best ? (size_t)(best - title) : n;
    return arena_strndup(a, title + start, end - start);
}
