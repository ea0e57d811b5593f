/*
 * feeds.c — atom.xml, rss2.xml, feed.json and the sitemap, written
 * directly as bytes.
 *
 * The idea: these formats are fixed by their specifications, not by a
 * theme, so they are printed here rather than through templates; each is
 * valid on its own (Atom 1.0, RSS 2.0 with content:encoded, JSON Feed
 * 1.1, sitemaps.org 0.9) and newsmill's own parser reads each back to
 * the same items. Feeds hold the newest feed_limit posts with their full
 * HTML, as hexo-generator-feed does by default. Past sitemap_limit URLs
 * (50,000, the protocol's maximum) sitemap.xml becomes a sitemap index of
 * sitemap-N.xml files.
 *
 * Deliberately not here: per-category feeds.
 */
#include "site_int.h"

#include <stdio.h>
#include <string.h>

static int esc(nm_buf *b, const char *s)
{
    return site_escape_html(b, s, strlen(s));
}

static int esc_sv(nm_buf *b, str_view s)
{
    return site_escape_html(b, s.ptr, s.len);
}

/* A JSON string literal (RFC 8259), control characters as \u00XX. */
static int json_str(nm_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    int rc = buf_putc(b, '"');
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        rc |= buf_append(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': rc |= buf_puts(b, "\\\""); break;
        case '\\': rc |= buf_puts(b, "\\\\"); break;
        case '\n': rc |= buf_puts(b, "\\n"); break;
        case '\r': rc |= buf_puts(b, "\\r"); break;
        case '\t': rc |= buf_puts(b, "\\t"); break;
        default: {
            char u[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
            rc |= buf_puts(b, u);
        }
        }
    }
    rc |= buf_append(b, s + run, n - run);
    rc |= buf_putc(b, '"');
    return rc ? -1 : 0;
}

static int json_cstr(nm_buf *b, const char *s)
{
    return json_str(b, s, strlen(s));
}

static int abs_url(nm_buf *b, const site_config *c, const char *path, bool xml)
{
    if (!xml)
        return site_abs_url(b, c, path);
    nm_buf t;
    buf_init(&t, NM_BUF_NOLIMIT);
    site_abs_url(&t, c, path);
    int rc = esc(b, buf_cstr(&t));
    buf_free(&t);
    return rc;
}

static size_t feed_count(const site_model *m)
{
    size_t n = (size_t)m->cfg.feed_limit;
    return n && n < m->nposts ? n : m->nposts;
}

static int64_t newest_update(const site_model *m)
{
    int64_t t = 0;
    for (size_t i = 0; i < feed_count(m); i++)
        if (m->posts[i]->updated > t)
            t = m->posts[i]->updated;
    return t;
}

static int atom(const site_model *m, arena *a, nm_buf *b, nm_error *err)
{
    const site_config *c = &m->cfg;
    char ts[32];
    int rc = buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                         "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <title>");
    rc |= esc(b, c->title);
    rc |= buf_puts(b, "</title>\n");
    if (*c->subtitle) {
        rc |= buf_puts(b, "  <subtitle>");
        rc |= esc(b, c->subtitle);
        rc |= buf_puts(b, "</subtitle>\n");
    }
    rc |= buf_puts(b, "  <link href=\"");
    rc |= abs_url(b, c, "atom.xml", true);
    rc |= buf_puts(b, "\" rel=\"self\"/>\n  <link href=\"");
    rc |= abs_url(b, c, "", true);
    date_format_iso(newest_update(m), ts);
    rc |= buf_printf(b, "\"/>\n  <updated>%s</updated>\n  <id>", ts);
    rc |= abs_url(b, c, "", true);
    rc |= buf_puts(b, "</id>\n");
    if (*c->author) {
        rc |= buf_puts(b, "  <author><name>");
        rc |= esc(b, c->author);
        rc |= buf_puts(b, "</name></author>\n");
    }
    rc |= buf_puts(b, "  <generator uri=\"https://github.com/newsmill\">newsmill</generator>\n");
    for (size_t i = 0; i < feed_count(m); i++) {
        const site_post *p = m->posts[i];
        str_view html, more;
        const char *summary;
        site_post_texts(m, a, p, &summary, &more);
        if (site_post_body(a, m, p, &html, err) < 0)
            return -2;
        rc |= buf_puts(b, "  <entry>\n    <title>");
        rc |= esc(b, p->title);
        rc |= buf_puts(b, "</title>\n    <link href=\"");
        rc |= abs_url(b, c, p->path, true);
        rc |= buf_puts(b, "\"/>\n    <id>");
        rc |= abs_url(b, c, p->path, true);
        date_format_iso(p->date, ts);
        rc |= buf_printf(b, "</id>\n    <published>%s</published>\n", ts);
        date_format_iso(p->updated, ts);
        rc |= buf_printf(b, "    <updated>%s</updated>\n", ts);
        if (p->fm.author) {
            rc |= buf_puts(b, "    <author><name>");
            rc |= esc(b, p->fm.author);
            rc |= buf_puts(b, "</name></author>\n");
        }
        rc |= buf_puts(b, "    <content type=\"html\">");
        rc |= esc_sv(b, html);
        rc |= buf_puts(b, "</content>\n    <summary type=\"html\">");
        rc |= esc(b, summary);
        rc |= buf_puts(b, "</summary>\n");
        for (size_t k = 0; k < p->ncats; k++) {
            rc |= buf_puts(b, "    <category term=\"");
            rc |= esc(b, p->cats[k]->name);
            rc |= buf_puts(b, "\" scheme=\"");
            rc |= abs_url(b, c, p->cats[k]->path, true);
            rc |= buf_puts(b, "\"/>\n");
        }
        for (size_t k = 0; k < p->ntags; k++) {
            rc |= buf_puts(b, "    <category term=\"");
            rc |= esc(b, p->tags[k]->name);
            rc |= buf_puts(b, "\" scheme=\"");
            rc |= abs_url(b, c, p->tags[k]->path, true);
            rc |= buf_puts(b, "\"/>\n");
        }
        rc |= buf_puts(b, "  </entry>\n");
    }
    rc |= buf_puts(b, "</feed>\n");
    return rc ? -1 : 0;
}

static int rss2(const site_model *m, arena *a, nm_buf *b, nm_error *err)
{
    const site_config *c = &m->cfg;
    char ts[32];
    int rc = buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                         "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" "
                         "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
                         "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n  <title>");
    rc |= esc(b, c->title);
    rc |= buf_puts(b, "</title>\n  <link>");
    rc |= abs_url(b, c, "", true);
    rc |= buf_puts(b, "</link>\n  <atom:link href=\"");
    rc |= abs_url(b, c, "rss2.xml", true);
    rc |= buf_puts(b, "\" rel=\"self\" type=\"application/rss+xml\"/>\n  <description>");
    rc |= esc(b, *c->description ? c->description : *c->subtitle ? c->subtitle : c->title);
    rc |= buf_puts(b, "</description>\n  <language>");
    rc |= esc(b, c->language);
    date_format_rfc1123(newest_update(m), ts);
    rc |= buf_printf(b, "</language>\n  <lastBuildDate>%s</lastBuildDate>\n"
                        "  <generator>newsmill</generator>\n", ts);
    for (size_t i = 0; i < feed_count(m); i++) {
        const site_post *p = m->posts[i];
        str_view html, more;
        const char *summary;
        site_post_texts(m, a, p, &summary, &more);
        if (site_post_body(a, m, p, &html, err) < 0)
            return -2;
        rc |= buf_puts(b, "  <item>\n    <title>");
        rc |= esc(b, p->title);
        rc |= buf_puts(b, "</title>\n    <link>");
        rc |= abs_url(b, c, p->path, true);
        rc |= buf_puts(b, "</link>\n    <guid isPermaLink=\"true\">");
        rc |= abs_url(b, c, p->path, true);
        date_format_rfc1123(p->date, ts);
        rc |= buf_printf(b, "</guid>\n    <pubDate>%s</pubDate>\n", ts);
        if (p->fm.author) {
            rc |= buf_puts(b, "    <dc:creator>");
            rc |= esc(b, p->fm.author);
            rc |= buf_puts(b, "</dc:creator>\n");
        }
        rc |= buf_puts(b, "    <description>");
        rc |= esc(b, summary);
        rc |= buf_puts(b, "</description>\n    <content:encoded>");
        rc |= esc_sv(b, html);
        rc |= buf_puts(b, "</content:encoded>\n");
        for (size_t k = 0; k < p->ncats; k++) {
            rc |= buf_puts(b, "    <category>");
            rc |= esc(b, p->cats[k]->name);
            rc |= buf_puts(b, "</category>\n");
        }
        for (size_t k = 0; k < p->ntags; k++) {
            rc |= buf_puts(b, "    <category>");
            rc |= esc(b, p->tags[k]->name);
            rc |= buf_puts(b, "</category>\n");
        }
        rc |= buf_puts(b, "  </item>\n");
    }
    rc |= buf_puts(b, "</channel>\n</rss>\n");
    return rc ? -1 : 0;
}

static int json_feed(const site_model *m, arena *a, nm_buf *b, nm_error *err)
{
    const site_config *c = &m->cfg;
    char ts[32];
    nm_buf u;
    buf_init(&u, NM_BUF_NOLIMIT);
    int rc = buf_puts(b, "{\n  \"version\": \"https://jsonfeed.org/version/1.1\",\n  \"title\": ");
    rc |= json_cstr(b, c->title);
    site_abs_url(&u, c, "");
    rc |= buf_puts(b, ",\n  \"home_page_url\": ");
    rc |= json_str(b, u.data, u.len);
    buf_reset(&u);
    site_abs_url(&u, c, "feed.json");
    rc |= buf_puts(b, ",\n  \"feed_url\": ");
    rc |= json_str(b, u.data, u.len);
    if (*c->description || *c->subtitle) {
        rc |= buf_puts(b, ",\n  \"description\": ");
        rc |= json_cstr(b, *c->description ? c->description : c->subtitle);
    }
    rc |= buf_puts(b, ",\n  \"language\": ");
    rc |= json_cstr(b, c->language);
    if (*c->author) {
        rc |= buf_puts(b, ",\n  \"authors\": [{\"name\": ");
        rc |= json_cstr(b, c->author);
        rc |= buf_puts(b, "}]");
    }
    rc |= buf_puts(b, ",\n  \"items\": [");
    for (size_t i = 0; i < feed_count(m); i++) {
        const site_post *p = m->posts[i];
        str_view html, more;
        const char *summary;
        site_post_texts(m, a, p, &summary, &more);
        if (site_post_body(a, m, p, &html, err) < 0)
            return -2;
        buf_reset(&u);
        site_abs_url(&u, c, p->path);
        rc |= buf_puts(b, i ? ",\n    {\n      \"id\": " : "\n    {\n      \"id\": ");
        rc |= json_str(b, u.data, u.len);
        rc |= buf_puts(b, ",\n      \"url\": ");
        rc |= json_str(b, u.data, u.len);
        rc |= buf_puts(b, ",\n      \"title\": ");
        rc |= json_cstr(b, p->title);
        rc |= buf_puts(b, ",\n      \"content_html\": ");
        rc |= json_str(b, html.ptr, html.len);
        rc |= buf_puts(b, ",\n      \"summary\": ");
        rc |= json_cstr(b, summary);
        if (p->image) {
            rc |= buf_puts(b, ",\n      \"image\": ");
            rc |= json_cstr(b, p->image);
        }
        date_format_iso(p->date, ts);
        rc |= buf_printf(b, ",\n      \"date_published\": \"%s\"", ts);
        date_format_iso(p->updated, ts);
        rc |= buf_printf(b, ",\n      \"date_modified\": \"%s\"", ts);
        if (p->fm.author) {
            rc |= buf_puts(b, ",\n      \"authors\": [{\"name\": ");
            rc |= json_cstr(b, p->fm.author);
            rc |= buf_puts(b, "}]");
        }
        if (p->ncats + p->ntags) {
            rc |= buf_puts(b, ",\n      \"tags\": [");
            for (size_t k = 0; k < p->ncats + p->ntags; k++) {
                if (k)
                    rc |= buf_puts(b, ", ");
                rc |= json_cstr(b, k < p->ncats ? p->cats[k]->name : p->tags[k - p->ncats]->name);
            }
            rc |= buf_putc(b, ']');
        }
        rc |= buf_puts(b, "\n    }");
    }
    rc |= buf_puts(b, m->nposts ? "\n  ]\n}\n" : "]\n}\n");
    buf_free(&u);
    return rc ? -1 : 0;
}

/* The sitemap URLs [from, to) (posts, then lists, then the two indexes,
 * in sitemap order: site_sitemap_reversed) with their lastmod. */
static int sitemap_urls(const site_model *m, const site_outputs *o, size_t from, size_t to,
                        nm_buf *b)
{
    const site_config *c = &m->cfg;
    char ts[32];
    int rc = 0;
    size_t k = 0;
    int64_t newest = m->nposts ? m->posts[0]->updated : 0;
    nm_buf dir; /* a list's path: its file without "index.html" */
    buf_init(&dir, NM_BUF_NOLIMIT);
    size_t rev = site_sitemap_reversed(m, o);
    for (size_t i = 0; i < o->n && k < to; i++) {
        const site_output *out = site_sitemap_nth(o, rev, i);
        const char *path;
        int64_t t;
        if (out->kind == OUT_POST) {
            path = out->post->path;
            t = out->post->updated;
        } else if (out->kind == OUT_LIST || out->kind == OUT_CATEGORIES ||
                   out->kind == OUT_TAGS) {
            size_t fl = strlen(out->file);
            t = out->nposts ? out->posts[0]->updated : newest;
            buf_reset(&dir);
            buf_append(&dir, out->file, fl - strlen("index.html"));
            path = buf_cstr(&dir);
        } else
            continue;
        if (k++ < from)
            continue;
        rc |= buf_puts(b, "  <url><loc>");
        rc |= abs_url(b, c, path, true);
        date_format_iso(t, ts);
        rc |= buf_printf(b, "</loc><lastmod>%s</lastmod></url>\n", ts);
    }
    buf_free(&dir);
    return rc;
}

/* -2: err already says which post could not be read again */
static int feed_result(int rc, const site_output *out, nm_error *err)
{
    if (rc == -2)
        return -1;
    return rc < 0 ? nm_fail(err, out->file, 0, "output too large") : 0;
}

int site_feed_render(const site_model *m, const site_outputs *o, const site_output *out,
                     arena *a, nm_buf *b, nm_error *err)
{
    const site_config *c = &m->cfg;
    size_t limit = (size_t)c->sitemap_limit;
    switch (out->kind) {
    case OUT_ATOM:
        return feed_result(atom(m, a, b, err), out, err);
    case OUT_RSS:
        return feed_result(rss2(m, a, b, err), out, err);
    case OUT_JSON_FEED:
        return feed_result(json_feed(m, a, b, err), out, err);
    case OUT_SITEMAP:
        if (o->sitemap_urls > limit) {
            int rc = buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex "
                                 "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
            for (size_t k = 0; k * limit < o->sitemap_urls; k++) {
                rc |= buf_puts(b, "  <sitemap><loc>");
                char name[32];
                snprintf(name, sizeof name, "sitemap-%zu.xml", k + 1);
                rc |= abs_url(b, c, name, true);
                rc |= buf_puts(b, "</loc></sitemap>\n");
            }
            rc |= buf_puts(b, "</sitemapindex>\n");
            return rc ? nm_fail(err, out->file, 0, "output too large") : 0;
        }
        __attribute__((fallthrough)); /* one sitemap holds every URL */
    case OUT_SITEMAP_PART: {
        size_t from = out->kind == OUT_SITEMAP ? 0 : (size_t)(out->page - 1) * limit;
        int rc = buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset "
                             "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        rc |= sitemap_urls(m, o, from, from + limit, b);
        rc |= buf_puts(b, "</urlset>\n");
        return rc ? nm_fail(err, out->file, 0, "output too large") : 0;
    }
    default:
        return nm_fail(err, out->file, 0, "not a feed");
    }
}
