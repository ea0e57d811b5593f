/*
 * page.c — full text: an item's own article page fetched, its article
 * extracted, and its post rewritten with it.
 *
 * An item whose feed gives a summary is written at once with that
 * summary, like any item, and its page is recorded in the store (the
 * pages table) in the same transaction as its row. After the feeds,
 * page_run() fetches every page that is due, politely (fetch.h pacing: at
 * most two transfers per host, starts spaced by newsmill.page_interval,
 * a host's Retry-After waited for), follows an article's next-page links
 * (at most PAGE_MAX_PARTS parts, each URL once) or, when a site rule's
 * single_page_link matches on the first page, fetches that single-page
 * version and takes its article instead (the first page's stands when it
 * fails or has none, as in Full-Text RSS), extracts each part
 * (extract.h: rules and relative URLs apply to the final URL after
 * redirects), joins the parts, cleans the whole once (html_clean, ARTICLE
 * policy) and rewrites the post in place: same path, same front matter,
 * the article as body and its lead image as headimg/thumbnail.
 *
 * The order makes a kill harmless and a duplicate impossible: the post
 * is replaced atomically (temp file, rename) under its own name, and only
 * then is its page forgotten; a kill in between fetches the page again
 * next time and writes the same bytes. A page that fails is tried again
 * in later runs with backoff; after PAGE_MAX_ATTEMPTS failures it is
 * given up and the post keeps what the feed gave. No item ever waits for
 * its page to exist on disk.
 *
 * Deciding whether a page is wanted (fulltext: auto) is here too, so that
 * the feed side (prep.c) and the page side agree on what "short" means.
 *
 * Not here: HTTP (fetch.h), extraction (extract.h), the post format
 * (post.h). Extraction runs on the fetching thread: pages are few and
 * paced, so the network, not the CPU, sets the pace.
 */
#include "ingest_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extract/extract.h"
#include "fetch/fetch.h"
#include "html/html.h"
#include "post/post.h"

/* fulltext: auto fetches the page when the feed's text is shorter than
 * this (characters, spaces not counted) ... */
#define PAGE_SHORT_CHARS 500
/* ... and then uses the page's article only when it is at least half as
 * long again as the feed's text. A teaser (cut text) always gives way. */
#define PAGE_LONGER_NUM 3
#define PAGE_LONGER_DEN 2
#define PAGE_MAX_BODY (8u << 20)
#define PAGE_BACKOFF (10 * 60)          /* seconds after a first failure */
#define PAGE_MAX_WAIT 30                /* Retry-After waited within a run */
/* Pages of one host per run: at the default interval a run stays within
 * a few minutes; the rest wait, due, for the next run. */
#define PAGE_MAX_PER_HOST 300

int64_t page_chars(const char *text)
{
    int64_t n = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if ((*p & 0xc0) != 0x80 && *p != ' ' && !(*p >= '\t' && *p <= '\r'))
            n++;
    return n;
}

/* Does the text end like a teaser: "…", "...", "阅读全文", "[more]",
 * "Continue reading", "Read more" (then perhaps an arrow or a bracket)? */
static bool teaser(const char *text)
{
    size_t n = strlen(text);
    for (;;) {
        while (n && (text[n - 1] == ' ' || (text[n - 1] >= '\t' && text[n - 1] <= '\r')))
            n--;
        /* trailing » › → > ) ] and the like */
        if (n >= 3 && (memcmp(text + n - 3, "\u2192", 3) == 0 ||
                       memcmp(text + n - 3, "\u203a", 3) == 0)) {
            n -= 3;
            continue;
        }
        if (n >= 2 && memcmp(text + n - 2, "\u00bb", 2) == 0) {
            n -= 2;
            continue;
        }
        if (n && (text[n - 1] == '>' || text[n - 1] == ')')) {
            n--;
            continue;
        }
        break;
    }
    static const char *const ends[] = {"\u2026", "...", "\u9605\u8bfb\u5168\u6587",
                                       "[more]", "continue reading", "read more",
                                       "\u5168\u6587", "[\u2026]", "(more)"};
    for (size_t i = 0; i < NM_ARRAY_LEN(ends); i++) {
        size_t m = strlen(ends[i]);
        if (n >= m && nm_strncasecmp(text + n - m, ends[i], m) == 0)
            return true;
    }
    return false;
}

bool page_wanted(const feeds_entry *fe, const char *raw, int64_t feed_chars, int *flags)
{
    *flags = 0;
    if (fe->fulltext == FEEDS_FULLTEXT_NEVER)
        return false;
    if (fe->fulltext == FEEDS_FULLTEXT_ALWAYS)
        return true;
    arena *a = arena_new(0);
    bool cut = teaser(html_to_text(a, raw, strlen(raw), HTML_TEXT_BLOCKS));
    arena_free(a);
    if (cut)
        return true;
    if (feed_chars < PAGE_SHORT_CHARS) {
        *flags = STORE_PAGE_AUTO;
        return true;
    }
    return false;
}

const char *page_to_utf8(arena *a, const char *bytes, size_t len, const char *http_charset)
{
    const char *out, *charset;
    size_t n;
    bool bozo;
    extract_decode(a, bytes, len, http_charset, &out, &n, &charset, &bozo);
    return out;
}

/* ---- one article on its way ------------------------------------------------ */

typedef struct article_job {
    store_page pg;
    const feeds_entry *fe;     /* NULL when the feed left feeds.yml */
    arena *a;
    nm_buf html;               /* the parts' article HTML, joined */
    const char *first_url;     /* final URL of the first part */
    const char *title, *lead_image;
    int64_t published;
    const char *next;          /* the part to fetch next, or NULL */
    bool single;               /* next is the first part's single_page link */
    const char *fallback_next; /* the first part's next page, for when the
                                  single page fails */
    const char *visited[PAGE_MAX_PARTS];
    int nparts;
    bool failed, empty;
    const char *error;         /* when failed */
    int64_t retry_after;
    const char *selector_rule; /* "body: XPATH" of feeds.yml's selector, or NULL */
    bool rewritten;            /* its post is in the batch */
    bool deferred;             /* not sent: its host's Retry-After was longer
                                  than a run waits */
} article_job;

/* A rule set of one rule, for the page's host, made of the feed's
 * selector: it replaces every other rule for that page. */
static extract_rules *selector_rules(const article_job *j, const char *url)
{
    extract_rules *r = extract_rules_new(false);
    const char *host = url_host(j->a, url);
    const char *name = arena_printf(j->a, "%s.txt", host ? host : "page");
    extract_rules_add(r, name, j->selector_rule, strlen(j->selector_rule));
    return r;
}

typedef struct page_ctx {
    page_summary *sum;
    const extract_rules *rules; /* built-in and the site's site_rules */
} page_ctx;

static bool visited(const article_job *j, const char *url)
{
    for (int i = 0; i < j->nparts; i++)
        if (strcmp(j->visited[i], url) == 0)
            return true;
    return false;
}

/* fetch_all's callback: one part of one article. */
static void on_part(const fetch_request *req, fetch_result *fr, void *vctx)
{
    page_ctx *ctx = vctx;
    article_job *j = req->user;
    const char *url = req->url;
    j->next = NULL;
    if (fr->status != 0)
        ctx->sum->fetched++;
    bool single = j->single;
    j->single = false;
    if (single && (!fr->ok || fr->not_modified)) {
        /* The single-page version failed: the first page's article stands. */
        log_warn("%s: %s; the article's first page is used", url,
                 fr->ok ? "HTTP 304 without a request for it" : fr->err.msg);
        j->next = j->fallback_next;
        return;
    }
    if (!fr->ok || fr->not_modified) {
        /* Not sent because its host asked to wait: not an attempt. */
        j->deferred = fr->status == 0 && fr->retry_after > 0 && j->nparts == 0;
        j->failed = true;
        j->error = arena_strdup(j->a, fr->ok ? "HTTP 304 without a request for it"
                                              : fr->err.msg);
        j->retry_after = fr->retry_after;
        return;
    }
    const char *final = arena_strdup(j->a, fr->final_url ? fr->final_url : url);
    if (j->nparts < PAGE_MAX_PARTS)
        j->visited[j->nparts++] = arena_strdup(j->a, url);
    if (j->nparts < PAGE_MAX_PARTS && strcmp(final, url) != 0 && !visited(j, final))
        j->visited[j->nparts++] = final;
    extract_input in = {.data = fr->body.data ? fr->body.data : "", .len = fr->body.len,
                        .url = final, .http_charset = ingest_charset_of(j->a, fr->content_type)};
    extract_article art;
    nm_error err;
    /* A feed's selector: is a site rule of its own for this page. */
    extract_rules *own = j->selector_rule ? selector_rules(j, final) : NULL;
    int rc = extract_page(j->a, own ? own : ctx->rules, &in, &art, &err);
    extract_rules_free(own);
    if (single && (rc || !art.html || !*art.html)) {
        log_warn("%s: no article text on the single-page version; the first page is used",
                 final);
        j->next = j->fallback_next;
        return;
    }
    if (single)
        buf_reset(&j->html); /* the whole article replaces the first page's */
    if (rc) {
        /* No article on the page: nothing to retry. */
        if (j->html.len == 0) {
            log_warn("%s", err.msg);
            j->empty = true;
        }
        return;
    }
    bool first = !j->first_url;
    if (first) {
        j->first_url = final;
        j->title = art.title;
        j->lead_image = art.lead_image;
        j->published = art.published;
    }
    if (art.html && *art.html) {
        buf_puts(&j->html, art.html);
        buf_putc(&j->html, '\n');
    } else if (j->html.len == 0) {
        j->empty = true;
        return;
    }
    if (art.next_page && *art.next_page && j->nparts < PAGE_MAX_PARTS &&
        !visited(j, art.next_page))
        j->next = arena_strdup(j->a, art.next_page);
    /* A site rule's single_page_link on the first page: that page is
     * fetched next and its article replaces this one (not followed from a
     * later part, nor from the single page itself). */
    if (first && art.single_page && j->nparts < PAGE_MAX_PARTS &&
        !visited(j, art.single_page)) {
        j->fallback_next = j->next;
        j->next = arena_strdup(j->a, art.single_page);
        j->single = true;
    }
}

/* ---- the post rewritten ---------------------------------------------------- */

/* Renders the post at j->pg.post_path again with the article as body
 * (and its lead image; for a link-only item its title and date too) into
 * out. The post is the site's file, or a worker's post kept in the store
 * (read under a lock: the caller's transaction rewrites it). 1 rendered,
 * 0 not (err: the post is gone or unreadable), -1 the store failed. */
static int render_post(store *s, const page_opts *o, const article_job *j,
                       const html_result *clean, nm_buf *out, nm_error *err)
{
    arena *a = arena_new(0);
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", o->site_dir, j->pg.post_path);
    post p;
    int rc = 1;
    if (!o->worker) {
        rc = post_read_file(a, path, NULL, &p, err) ? 0 : 1;
    } else {
        rc = kept_read(s, a, j->pg.post_path, true, &p, NULL, err);
        if (rc == 0)
            nm_fail(err, j->pg.post_path, 0, "not kept in the store");
        if (rc == 2)
            rc = 0;
    }
    if (rc == 1) {
        /* The layout export.c writes: a blank line, then the body. */
        const char *body = arena_printf(a, "\n<div>%s</div>\n", clean->html);
        p.body = sv_make(body, strlen(body));
        const char *image = clean->lead_image ? clean->lead_image : j->lead_image;
        if (image && *image)
            p.headimg = p.thumbnail = image;
        if (j->pg.flags & STORE_PAGE_LINK_ONLY) {
            if (j->title && *j->title)
                p.title = j->title;
            if (j->published != NM_NO_TIME)
                p.date = j->published;
        }
        if (post_write(&p, out)) {
            nm_fail(err, path, 0, "cannot render the post");
            rc = 0;
        }
    }
    arena_free(a);
    return rc;
}

static int64_t backoff(int attempts, int64_t retry_after)
{
    int64_t s = PAGE_BACKOFF;
    for (int i = 1; i < attempts && s < 24 * 3600; i++)
        s *= 4;
    if (s > 24 * 3600)
        s = 24 * 3600;
    return retry_after > s ? retry_after : s;
}

/* What one fetched (or failed) article means for its post and the store:
 * a failure or a kept feed text is recorded at once; a post to rewrite
 * goes into the batch (its page row is dropped when the batch is in
 * place, see page_run). */
static int settle(store *s, const page_opts *o, article_job *j, page_summary *sum,
                  export_batch *batch, nm_error *err)
{
    if (j->failed && j->deferred) {
        sum->failed++;
        return store_page_failed(s, j->pg.item_id, j->pg.attempts, o->now + j->retry_after,
                                 j->error, err);
    }
    if (j->failed) {
        int attempts = j->pg.attempts + 1;
        if (attempts >= PAGE_MAX_ATTEMPTS) {
            log_warn("%s: given up after %d attempts (%s); the post keeps the feed's text",
                     j->pg.url, attempts, j->error);
            sum->gave_up++;
            return store_page_done(s, j->pg.item_id, err);
        }
        sum->failed++;
        return store_page_failed(s, j->pg.item_id, attempts,
                                 o->now + backoff(attempts, j->retry_after), j->error, err);
    }
    html_result clean = {.html = "", .text = ""};
    if (!j->empty && j->html.len) {
        const char *site = url_host(j->a, j->first_url);
        html_opts ho = {.policy = HTML_POLICY_ARTICLE,
                        .base_url = j->first_url,
                        .site = site,
                        .remove = j->fe ? j->fe->remove : NULL,
                        .nremove = j->fe ? j->fe->nremove : 0};
        nm_error herr;
        if (html_clean(j->a, j->html.data, j->html.len, &ho, &clean, &herr)) {
            log_warn("%s: %s", j->pg.url, herr.msg);
            clean.html = "";
            clean.text = "";
        }
    }
    int64_t chars = page_chars(clean.text ? clean.text : "");
    bool use = chars > 0;
    if (use && (j->pg.flags & STORE_PAGE_AUTO))
        use = chars * PAGE_LONGER_DEN >= j->pg.feed_chars * PAGE_LONGER_NUM;
    if (!use) {
        if (chars == 0)
            log_warn("%s: no article found on the page; the post keeps the feed's text",
                     j->pg.url);
        sum->kept++;
        return store_page_done(s, j->pg.item_id, err);
    }
    nm_error werr;
    nm_buf out;
    buf_init(&out, NM_BUF_NOLIMIT);
    int rc = render_post(s, o, j, &clean, &out, &werr);
    char *tmp = NULL;
    if (rc == 1 && !o->worker && export_tmp_write(o->site_dir, j->pg.post_path, &out, &tmp,
                                                  &werr))
        rc = 0;
    if (rc <= 0) {
        buf_free(&out);
        if (rc < 0) {
            *err = werr;
            return -1;
        }
        /* The disk, or a post edited into something unreadable: the page
         * stays due, the post as it was. */
        log_nm_error(&werr);
        sum->failed++;
        return 0;
    }
    if (o->worker) {
        /* inside the unit's transaction (settle_kept) */
        rc = store_post_put(s, j->pg.post_path, out.data ? out.data : "", out.len, o->now, err);
        buf_free(&out);
        if (rc == 0)
            rc = store_page_done(s, j->pg.item_id, err);
        if (rc == 0 && o->mirror_images)
            rc = store_post_images_add(s, j->pg.item_id, 0, err);
        if (rc == 0)
            sum->full++;
        return rc;
    }
    buf_free(&out);
    export_batch_add(batch, j->pg.post_path, tmp);
    j->rewritten = true;
    return 0;
}

typedef struct page_batch {
    store *s;
    const page_opts *o;
    article_job *jobs;
    size_t n;
    page_summary *sum;
} page_batch;

/* A worker's article: settled in a transaction of its own that holds its
 * host's lease (another worker that took the host over does it instead). */
static int settle_kept(store *s, const page_opts *o, article_job *j, const char *host,
                       page_summary *sum, nm_error *err)
{
    int b = kept_unit_begin(s, o->worker, &host, 1, err);
    if (b <= 0) {
        if (b == 0)
            sum->taken_over++;
        return b;
    }
    if (settle(s, o, j, sum, NULL, err)) {
        store_rollback(s);
        return -1;
    }
    return store_commit(s, err);
}

/* The rows of the rewritten posts, once their files are in place. */
static int pages_done(void *ctx, nm_error *err)
{
    page_batch *pb = ctx;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < pb->n; i++)
        if (pb->jobs[i].rewritten) {
            rc = store_page_done(pb->s, pb->jobs[i].pg.item_id, err);
            if (rc == 0 && pb->o->mirror_images)
                rc = store_post_images_add(pb->s, pb->jobs[i].pg.item_id, 0, err);
            pb->sum->full++;
        }
    return rc;
}

/* Failures and kept texts first (one transaction), then the rewritten
 * posts as export.c writes a batch (journal, one sync, renames), and only
 * then their page rows go: a kill in between leaves rows whose pages are
 * fetched and written again, never a post half-written. */
static int settle_files(store *s, const page_opts *o, article_job *jobs, size_t n,
                        page_summary *sum, export_batch *batch, nm_error *err)
{
    int rc = store_begin(s, err);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = settle(s, o, &jobs[i], sum, batch, err);
    if (rc == 0)
        rc = store_commit(s, err);
    else
        store_rollback(s);
    page_batch pb = {.s = s, .o = o, .jobs = jobs, .n = n, .sum = sum};
    bool written = true;
    if (rc == 0)
        rc = export_batch_settle(s, o->site_dir, batch, pages_done, &pb, &written, err);
    if (!written)
        sum->failed += batch->n; /* the pages stay due */
    return rc;
}

int page_run(store *s, const feeds_list *feeds, const page_opts *o, page_summary *sum,
             nm_error *err)
{
    memset(sum, 0, sizeof(*sum));
    arena *a = arena_new(0);
    store_page *pages;
    size_t n;
    if (store_pages_due(s, o->now, o->all, a, &pages, &n, err)) {
        arena_free(a);
        return -1;
    }
    if (n == 0) {
        arena_free(a);
        return 0;
    }
    /* At most PAGE_MAX_PER_HOST pages of a host, oldest items first; a
     * worker's round takes what half its lease allows at the interval. */
    size_t cap = PAGE_MAX_PER_HOST;
    if (o->worker) {
        int64_t fit = o->interval_ms > 0 ? o->lease * 1000 / 2 / o->interval_ms : PAGE_MAX_PER_HOST;
        cap = fit < 1 ? 1 : fit < PAGE_MAX_PER_HOST ? (size_t)fit : PAGE_MAX_PER_HOST;
    }
    const char **hosts = arena_new_array(a, const char *, n + 1);
    const char **host_of = arena_new_array(a, const char *, n + 1);
    size_t *counts = arena_new_array(a, size_t, n + 1), nhosts = 0;
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        const char *h = url_host(a, pages[i].url);
        h = h ? h : "";
        size_t k = 0;
        while (k < nhosts && strcmp(hosts[k], h) != 0)
            k++;
        if (k == nhosts) {
            hosts[nhosts] = h;
            counts[nhosts++] = 0;
        }
        if (counts[k]++ < cap) {
            host_of[kept] = h;
            pages[kept++] = pages[i];
        }
    }
    n = kept;
    /* A worker fetches from the hosts it could lease (the hosts table:
     * one worker per host at a time); the rest wait for their worker. */
    const char **leased = NULL;
    size_t nleased = 0;
    if (o->worker) {
        /* 8 hosts a round per transfer of -j: pages are paced by their
         * host's interval, so a transfer slot serves several hosts; a
         * bound, so that one worker does not lease every host there is */
        int jobs = o->concurrency > 0 ? o->concurrency : 8;
        size_t max = (size_t)jobs * 8;
        if (store_hosts_lease(s, o->worker, hosts, nhosts, max, o->now, o->now + o->lease, a,
                              &leased, &nleased, err)) {
            arena_free(a);
            return -1;
        }
        kept = 0;
        for (size_t i = 0; i < n; i++) {
            if (!kept_has(leased, nleased, host_of[i])) {
                sum->busy++;
                continue;
            }
            host_of[kept] = host_of[i];
            pages[kept++] = pages[i];
        }
        n = kept;
    }
    /* On a PostgreSQL store, a worker rewrites the posts kept in the
     * store, a plain fetch the others (kept.c). */
    kept = 0;
    for (size_t i = 0; i < n; i++)
        if (kept_ours(s, o->worker, pages[i].post_path)) {
            host_of[kept] = host_of[i];
            pages[kept++] = pages[i];
        }
    n = kept;
    article_job *jobs = xcalloc(n + 1, sizeof(*jobs));
    fetch_request *reqs = xcalloc(n + 1, sizeof(*reqs));
    for (size_t i = 0; i < n; i++) {
        article_job *j = &jobs[i];
        j->pg = pages[i];
        j->fe = feeds_find(feeds, pages[i].feed_url);
        j->a = arena_new(0);
        buf_init(&j->html, 64u << 20);
        j->next = pages[i].url;
        j->published = NM_NO_TIME;
        if (j->fe && j->fe->selector) {
            nm_error serr;
            const char *xp = extract_css_xpath(j->a, j->fe->selector, &serr);
            if (xp)
                j->selector_rule = arena_printf(j->a, "body: %s\n", xp);
            else
                log_warn("%s:%ld: %s", j->fe->url, j->fe->line, serr.msg);
        }
    }
    fetch_opts fo;
    fetch_opts_default(&fo);
    fo.concurrency = o->concurrency > 0 ? o->concurrency : 8;
    fo.per_host = 2;
    fo.timeout = o->timeout > 0 ? o->timeout : 30;
    fo.max_body = PAGE_MAX_BODY;
    fo.host_interval_ms = o->interval_ms > 0 ? o->interval_ms : 0;
    fo.max_wait = PAGE_MAX_WAIT;
    fo.accept = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5";
    fo.hosts = fetch_hosts_new(); /* the interval holds across rounds */
    extract_rules *rules = extract_rules_new(true);
    if (o->rules_dir && extract_rules_load_dir(rules, o->rules_dir, err)) {
        log_nm_error(err); /* the built-in rules still work */
    }
    page_ctx ctx = {.sum = sum, .rules = rules};
    int rc = 0;
    /* One round per part: every first page, then every second page … */
    for (int round = 0; rc == 0 && round < PAGE_MAX_PARTS; round++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            article_job *j = &jobs[i];
            if (j->failed || j->empty || !j->next)
                continue;
            reqs[m++] = (fetch_request){.url = j->next,
                                        .user_agent = j->fe ? j->fe->user_agent : NULL,
                                        .referer = j->fe && j->fe->referer ? j->fe->referer
                                                   : j->first_url,
                                        .user = j};
        }
        if (m == 0)
            break;
        rc = fetch_all(reqs, m, &fo, on_part, &ctx, err);
    }
    export_batch batch = {0};
    if (o->worker) {
        /* One transaction per article, holding its host; then the hosts
         * go back, free again after the interval. */
        for (size_t i = 0; rc == 0 && i < n; i++)
            rc = settle_kept(s, o, &jobs[i], host_of[i], sum, err);
        nm_error rerr;
        /* claimable once a second has begun after free_at: the interval
         * from the last start, rounded up to seconds */
        int64_t gap = (o->interval_ms + 999) / 1000;
        int64_t free_at = (int64_t)time(NULL) + (gap > 0 ? gap - 1 : 0);
        if (store_hosts_release(s, o->worker, leased, nleased, free_at, &rerr) && rc == 0) {
            *err = rerr;
            rc = -1;
        }
    } else {
        rc = settle_files(s, o, jobs, n, sum, &batch, err);
    }
    export_batch_free(&batch);
    for (size_t i = 0; i < n; i++) {
        buf_free(&jobs[i].html);
        arena_free(jobs[i].a);
    }
    extract_rules_free(rules);
    fetch_hosts_free(fo.hosts);
    free(reqs);
    free(jobs);
    arena_free(a);
    return rc;
}

void page_summary_add(page_summary *dst, const page_summary *src)
{
    dst->fetched += src->fetched;
    dst->full += src->full;
    dst->kept += src->kept;
    dst->failed += src->failed;
    dst->gave_up += src->gave_up;
    dst->busy += src->busy;
    dst->taken_over += src->taken_over;
}
