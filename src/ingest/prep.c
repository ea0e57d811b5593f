/*
 * prep.c — the CPU-heavy half of taking in a feed, run on pool threads:
 * parse the bytes, and for each entry work out its identity, clean its
 * HTML, fingerprint its text and render its post.
 *
 * It reads the store only to skip entries already stored (committed ones;
 * each pool thread has its own read-only connection, which WAL lets read
 * while the main thread writes), so that a changed feed costs cleaning for
 * its new entries only. Everything it decides is advisory: the main thread
 * checks identity again inside its transaction, and decides duplicates
 * and commits (ingest.c), so the pool never touches the database's write
 * side. It does write each post it renders to a temp file (the costliest
 * part of writing, done here on many threads): the main thread puts the
 * ones it keeps in place, prep_free deletes the others, and a killed run's
 * are swept by the next.
 *
 * Not here: recognising edited guids and cross-feed duplicates (they need
 * the batch's uncommitted rows), writing.
 */
#include "ingest_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extract/extract.h"
#include "feed/feed.h"
#include "html/html.h"

static pthread_key_t reader_key;
static pthread_once_t reader_once = PTHREAD_ONCE_INIT;

static void reader_close(void *s) { store_close(s); }
static void reader_init(void) { pthread_key_create(&reader_key, reader_close); }

/* This thread's read connection to the site's store, or NULL when it
 * cannot be opened (then nothing is skipped early; correctness holds). */
static store *reader(const char *site)
{
    pthread_once(&reader_once, reader_init);
    store *s = pthread_getspecific(reader_key);
    if (!s) {
        nm_error err;
        if (store_open(site, &s, &err))
            return NULL;
        pthread_setspecific(reader_key, s);
    }
    return s;
}

static const char *ident_of(arena *a, const feed_entry *e, const char *link)
{
    if (e->id)
        return arena_printf(a, "g:%s", e->id);
    if (link)
        return arena_printf(a, "l:%s", link);
    char d[32] = "";
    int64_t t = e->published != NM_NO_TIME ? e->published : e->updated;
    if (t != NM_NO_TIME)
        date_format_iso(t, d);
    return arena_printf(a, "t:%s\n%s", e->title ? e->title : "", d);
}

static int render(prep *p, const feed_entry *e, const html_result *clean, prep_item *it)
{
    arena *a = p->arena;
    const feeds_entry *fe = p->fe;
    export_post ep = {0};
    ep.path = it->path;
    ep.title = e->title;
    if (!ep.title || !*ep.title)
        ep.title = clean->text && *clean->text ? html_excerpt(a, clean->text, 40)
                                               : (it->link ? it->link : "untitled");
    ep.categories[0] = fe->group;
    ep.categories[1] = fe->site;
    ep.categories[2] = fe->title;
    ep.author = fe->site;
    ep.comments = p->comments;
    ep.date = it->item_time;
    /* The lead image: the article's own, else the entry's thumbnail or
     * image enclosure, else the feed's image (each only when it is an
     * absolute http(s) URL: a feed's javascript: or data: is not an
     * image a theme can show), else the site's default. */
    ep.image = clean->lead_image;
    if (!ep.image && html_lead_url_ok(e->image))
        ep.image = e->image;
    for (size_t i = 0; !ep.image && i < e->nenclosures; i++)
        if (e->enclosures[i].type && strncmp(e->enclosures[i].type, "image/", 6) == 0 &&
            html_lead_url_ok(e->enclosures[i].url))
            ep.image = e->enclosures[i].url;
    if (!ep.image && html_lead_url_ok(p->feed_image))
        ep.image = p->feed_image;
    if (!ep.image)
        ep.image = p->default_image;
    /* The seed has a blank line between the front matter and the body. */
    ep.body = arena_printf(a, "\n<div>%s</div>\n", clean->html);
    nm_buf bytes;
    buf_init(&bytes, NM_BUF_NOLIMIT);
    int rc = export_render(&ep, &bytes);
    if (rc == 0 && p->keep_bytes) {
        buf_cstr(&bytes);
        it->bytes = buf_detach(&bytes, &it->nbytes); /* for the store (worker.c) */
    } else if (rc == 0 && export_tmp_write(p->site, it->path, &bytes, &it->tmp, &p->err)) {
        p->write_failed = true;
        rc = -1;
    }
    buf_free(&bytes);
    return rc;
}

/* s with & < > " as entities (a link's text and URL in its stand-in
 * body), in a. */
static const char *escape(arena *a, const char *s)
{
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    for (; *s; s++)
        switch (*s) {
        case '&': buf_puts(&b, "&amp;"); break;
        case '<': buf_puts(&b, "&lt;"); break;
        case '>': buf_puts(&b, "&gt;"); break;
        case '"': buf_puts(&b, "&quot;"); break;
        default: buf_putc(&b, *s);
        }
    const char *out = arena_strndup(a, b.data ? b.data : "", b.len);
    buf_free(&b);
    return out;
}

/* A section page (type: html) read as a feed: each article link is an
 * entry whose text is its headline as a link, until its page is read. */
static int links_feed(prep *p, feed **out)
{
    arena *fa = arena_new(0);
    const char *html = page_to_utf8(fa, p->body ? p->body : "", p->len, p->charset);
    extract_link *links;
    size_t n;
    if (extract_links(fa, html, strlen(html), p->final_url, p->fe->item, 0, &links, &n,
                      &p->err)) {
        arena_free(fa);
        return -1;
    }
    feed *f = arena_new_array(fa, feed, 1);
    memset(f, 0, sizeof(*f));
    f->arena = fa;
    f->format = "html";
    f->entries = arena_new_array(fa, feed_entry, n + 1);
    for (size_t i = 0; i < n; i++) {
        feed_entry *e = &f->entries[f->nentries++];
        memset(e, 0, sizeof(*e));
        e->link = links[i].url;
        e->title = *links[i].text ? links[i].text : NULL;
        e->summary = arena_printf(fa, "<p><a href=\"%s\">%s</a></p>", escape(fa, links[i].url),
                                  escape(fa, links[i].text));
        e->published = e->updated = NM_NO_TIME;
    }
    *out = f;
    return 0;
}

void prep_run(prep *p)
{
    feed *f = NULL;
    /* Bodies uncleaned: the ARTICLE policy below is their one cleaning. */
    feed_parse_opts po = {.base_url = p->final_url, .http_charset = p->charset,
                          .source = p->fe->url, .raw_html = true};
    if (p->fe->type == FEEDS_TYPE_HTML ? links_feed(p, &f)
                                       : feed_parse(p->body ? p->body : "", p->len, &po, &f,
                                                    &p->err)) {
        p->parse_failed = true;
        return;
    }
    arena *a = p->arena;
    store *rd = reader(p->site);
    p->ttl_minutes = f->ttl_minutes;
    p->feed_image = arena_strdup(a, f->image);
    p->items = arena_new_array(a, prep_item, f->nentries + 1);
    const char *base = f->link ? f->link : p->final_url;
    /* Oldest first, so first_seen order follows the feed's order. */
    for (size_t k = f->nentries; k-- > 0;) {
        const feed_entry *e = &f->entries[k];
        prep_item *it = &p->items[p->n];
        memset(it, 0, sizeof(*it));
        it->link = ingest_canonical_link(a, e->link);
        it->ident = ident_of(a, e, it->link);
        it->guid = arena_strdup(a, e->id);
        if (rd && p->feed_id && store_item_known(rd, p->feed_id, it->ident, NULL, NULL) == 1) {
            it->known = true; /* committed before: nothing to clean */
            p->n++;
            continue;
        }
        const char *html = e->content ? e->content : e->summary ? e->summary : "";
        html_opts ho = {.policy = HTML_POLICY_ARTICLE,
                        .base_url = e->link ? e->link : base,
                        .site = url_host(a, e->link ? e->link : base),
                        .remove = p->fe->remove,
                        .nremove = p->fe->nremove};
        html_result clean;
        nm_error herr;
        if (html_clean(a, html, strlen(html), &ho, &clean, &herr)) {
            log_warn("%s: item %s skipped: %s", p->fe->url, e->id ? e->id : "?", herr.msg);
            continue;
        }
        const char *text = clean.text ? clean.text : "";
        it->feed_chars = page_chars(text);
        if (p->fe->type == FEEDS_TYPE_HTML) {
            it->page_url = arena_strdup(a, e->link);
            it->page_flags = STORE_PAGE_LINK_ONLY;
        } else if (e->link && page_wanted(p->fe, html, it->feed_chars, &it->page_flags)) {
            it->page_url = arena_strdup(a, e->link);
        }
        it->content_hash = hash64(text, strlen(text), 0);
        /* Titles differ between wires more than bodies do: the body alone,
         * unless it is too short to fingerprint. */
        it->simhash = ingest_simhash(text);
        if (!it->simhash)
            it->simhash = ingest_simhash(arena_printf(a, "%s %s", e->title ? e->title : "", text));
        it->item_time = e->published != NM_NO_TIME ? e->published
                        : e->updated != NM_NO_TIME ? e->updated
                                                   : p->now;
        it->path = export_post_path(a, p->fe->url, it->ident);
        if (render(p, e, &clean, it)) {
            if (p->write_failed)
                break;
            continue;
        }
        p->n++;
    }
    feed_free(f);
}

void prep_free(prep *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        if (p->items[i].tmp) {
            unlink(p->items[i].tmp);
            free(p->items[i].tmp);
        }
        free(p->items[i].bytes);
    }
    free(p->body);
    arena_free(p->arena);
    free(p);
}
