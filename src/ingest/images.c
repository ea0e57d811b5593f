/*
 * images.c — `newsmill: images: mirror`: the images of new posts fetched,
 * kept once by their content (mirror.h) and the posts pointed at them.
 *
 * A new item is written at once with its images' remote URLs (as with
 * images: link) and its row in post_images is committed with it (ingest.c;
 * page.c adds it again when it rewrites a post with its full article).
 * After the feeds and the pages, images_run() takes the posts that are
 * due, reads each post's remote images (every <img src>, headimg and
 * thumbnail), fetches each distinct URL once (the polite fetcher: 2 per
 * host, a host's Retry-After waited for up to 30 s, redirects, timeouts,
 * the article as Referer and the feed's User-Agent), checks the bytes
 * (mirror_check: magic, pixel count, size) and stores the good ones.
 * Then each post is rewritten with the local URLs of its stored images.
 *
 * The order makes a kill harmless: every new image is written to a temp
 * file as it arrives, and after the transfers all are synced at once and
 * renamed to their names (mirror_commit), before any post naming them is
 * renamed into place (export.c's batch: journal, sync, renames), and the
 * post's row goes only after that; killed before, the post still has its
 * remote URLs and the next run does it again (the images are on disk by
 * then, under the same names). So no post ever names a missing or half
 * file.
 *
 * What fails: a transfer (404, timeout, 5xx, not sent because of a long
 * Retry-After) leaves that image's remote URL in the post and the post's
 * row due again after a backoff (10 min, x4 each time, at most 24 h;
 * `fetch --all`: at once); after IMAGES_MAX_ATTEMPTS such runs it is given
 * up. Bytes that are no image one may keep (SVG, HTML, a pixel bomb, too
 * big) are refused for good: the URL stays remote in the post, the reason
 * is remembered in image_urls and said once. A URL stored before is
 * reused without a transfer while its file is there.
 *
 * Not here: sniffing, naming, rewriting HTML (mirror.h); HTTP (fetch.h).
 */
#include "ingest_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fetch/fetch.h"
#include "post/post.h"

#define IMAGES_MAX_ATTEMPTS 5
#define IMAGES_BACKOFF (10 * 60)
#define IMAGES_MAX_WAIT 30            /* Retry-After waited within a run */
#define IMAGES_MAX_POSTS 1000         /* posts per run; the rest the next */
#define IMAGES_WORKER_POSTS 100       /* posts per round of a worker */
#define IMAGES_MAX_PER_POST 100       /* remote images of one post looked at */

/* One distinct URL of the run. */
typedef struct img {
    const char *url;
    const char *referer, *user_agent; /* of the first post that has it */
    const char *local;         /* "/images/…" once stored (or known) */
    const char *refused;       /* why the bytes are not kept: for good */
    const char *error;         /* why the transfer failed: retried */
    int64_t retry_after;
    size_t bytes;
    bool fetch, remember;      /* to fetch; to record in image_urls */
    bool wanted;               /* a post of this round has it (a worker
                                  skips the posts of hosts it has not) */
} img;

typedef struct post_job {
    store_post_images row;
    const char *path;          /* absolute */
    post p;
    bool readable;
    size_t *imgs;              /* indices into run.imgs, the post's order */
    size_t nimgs;
    bool rewritten;
    int64_t seq;               /* a worker's: the kept post's seq when read */
    nm_buf out;                /* a worker's: the rewritten post's bytes */
} post_job;

typedef struct img_run {
    store *s;
    arena *a;
    const images_opts *o;
    images_summary *sum;
    img *imgs;
    size_t n, cap;
    size_t *slots;             /* open addressing: index + 1, 0 empty */
    size_t nslots;
    char **staged;             /* temp files of new images (mirror_stage) */
    const char **staged_urls;  /* their names */
    size_t *staged_img;        /* their imgs */
    size_t nstaged, staged_cap;
} img_run;

static size_t slot_of(const img_run *r, const char *url)
{
    size_t k = hash64(url, strlen(url), 0) & (r->nslots - 1);
    while (r->slots[k] && strcmp(r->imgs[r->slots[k] - 1].url, url) != 0)
        k = (k + 1) & (r->nslots - 1);
    return k;
}

/* The index of url's img, added when new. */
static size_t img_index(img_run *r, const char *url, const char *referer, const char *ua)
{
    if (2 * (r->n + 1) > r->nslots) {
        size_t ns = r->nslots ? r->nslots * 2 : 1024;
        free(r->slots);
        r->slots = xcalloc(ns, sizeof(*r->slots));
        r->nslots = ns;
        for (size_t i = 0; i < r->n; i++)
            r->slots[slot_of(r, r->imgs[i].url)] = i + 1;
    }
    size_t k = slot_of(r, url);
    if (r->slots[k])
        return r->slots[k] - 1;
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 256;
        r->imgs = xrealloc(r->imgs, r->cap * sizeof(*r->imgs));
    }
    r->imgs[r->n] = (img){.url = arena_strdup(r->a, url), .referer = referer, .user_agent = ua,
                          .retry_after = -1};
    r->slots[k] = ++r->n;
    return r->n - 1;
}

static bool remote(const char *url)
{
    return url && (!nm_strncasecmp(url, "http://", 7) || !nm_strncasecmp(url, "https://", 8));
}

/* ---- transfers ------------------------------------------------------------- */

static void on_image(const fetch_request *req, fetch_result *fr, void *ctx)
{
    img_run *r = ctx;
    img *im = &r->imgs[(size_t)(uintptr_t)req->user];
    if (fr->status != 0)
        r->sum->fetched++;
    nm_error err;
    if (!fr->ok || fr->not_modified) {
        if (fr->too_big) {
            nm_fail(&err, im->url, 0, "refused: larger than the %zu bytes of "
                    "newsmill.images_max_bytes", r->o->limits.max_bytes);
            im->refused = arena_strdup(r->a, err.msg);
            im->remember = true;
            r->sum->refused++;
            log_warn("%s: %s", im->url, im->refused);
            return;
        }
        im->error = arena_strdup(r->a, fr->ok ? "HTTP 304 without a request for it"
                                              : fr->err.msg);
        im->retry_after = fr->retry_after;
        log_warn("%s: %s; it stays remote and is tried again in a later run", im->url,
                 im->error);
        return;
    }
    const char *data = fr->body.data ? fr->body.data : "";
    mirror_info info;
    if (mirror_check(im->url, data, fr->body.len, &r->o->limits, &info, &err)) {
        im->refused = arena_strdup(r->a, err.msg);
        im->remember = true;
        r->sum->refused++;
        log_warn("%s: %s", im->url, err.msg);
        return;
    }
    const char *local = mirror_url_of(r->a, data, fr->body.len, info.type, &err);
    char *tmp = NULL;
    bool written = false;
    if (local && r->o->worker) { /* kept in the store at once (kept.c) */
        if (kept_image_put(r->s, local, data, fr->body.len, r->o->now, &written, &err) == 0) {
            im->bytes = fr->body.len;
            im->local = local;
            im->remember = true;
            r->sum->stored += written;
            return;
        }
        local = NULL; /* the store failed: tried again */
    }
    if (!local || r->o->worker ||
        mirror_stage(r->o->site_dir, local, data, fr->body.len, &tmp, &err)) {
        /* the disk or libnettle: not the image's fault, tried again */
        char msg[1200];
        im->error = arena_strdup(r->a, nm_error_format(&err, msg, sizeof(msg)));
        log_nm_error(&err);
        return;
    }
    im->bytes = fr->body.len;
    if (!tmp) { /* there already */
        im->local = local;
        im->remember = true;
        return;
    }
    if (r->nstaged == r->staged_cap) {
        r->staged_cap = r->staged_cap ? r->staged_cap * 2 : 64;
        r->staged = xrealloc(r->staged, r->staged_cap * sizeof(*r->staged));
        r->staged_urls = xrealloc(r->staged_urls, r->staged_cap * sizeof(*r->staged_urls));
        r->staged_img = xrealloc(r->staged_img, r->staged_cap * sizeof(*r->staged_img));
    }
    r->staged[r->nstaged] = tmp;
    r->staged_urls[r->nstaged] = local;
    r->staged_img[r->nstaged++] = (size_t)(im - r->imgs);
}

/* The staged files synced and named; only then may posts name them. */
static void commit_staged(img_run *r)
{
    nm_error err;
    size_t n = r->nstaged;
    if (mirror_commit(r->o->site_dir, r->staged, r->staged_urls, n, &err)) {
        char msg[1200];
        const char *why = arena_strdup(r->a, nm_error_format(&err, msg, sizeof(msg)));
        log_nm_error(&err);
        for (size_t i = 0; i < n; i++)
            r->imgs[r->staged_img[i]].error = why; /* tried again next run */
        return;
    }
    for (size_t i = 0; i < n; i++) {
        img *im = &r->imgs[r->staged_img[i]];
        im->local = r->staged_urls[i];
        im->remember = true;
    }
    r->sum->stored += n;
}

/* ---- posts ----------------------------------------------------------------- */

typedef struct post_map {
    img_run *r;
    post_job *j;
    const bool *allowed;       /* per index of j->imgs: within the post's total */
} post_map;

static const char *map_url(const char *url, void *ctx)
{
    post_map *m = ctx;
    if (!remote(url))
        return NULL;
    for (size_t i = 0; i < m->j->nimgs; i++) {
        const img *im = &m->r->imgs[m->j->imgs[i]];
        if (strcmp(im->url, url) == 0)
            return m->allowed[i] ? im->local : NULL;
    }
    return NULL;
}

/* Reads the post and lists its remote images. */
static void read_post(img_run *r, post_job *j, const feeds_list *feeds)
{
    nm_error err;
    j->path = arena_printf(r->a, "%s/%s", r->o->site_dir, j->row.post_path);
    int got = r->o->worker ? kept_read(r->s, r->a, j->row.post_path, false, &j->p, &j->seq, &err)
                           : post_read_file(r->a, j->path, NULL, &j->p, &err) ? 2 : 1;
    if (got != 1) {
        if (got == 0)
            nm_fail(&err, j->row.post_path, 0, "not kept in the store");
        log_nm_error(&err); /* gone or broken by hand: nothing to mirror */
        return;
    }
    j->readable = true;
    const feeds_entry *fe = j->row.feed_url ? feeds_find(feeds, j->row.feed_url) : NULL;
    const char *referer = fe && fe->referer ? fe->referer : j->row.link;
    const char *ua = fe ? fe->user_agent : NULL;
    const char **urls;
    size_t n = mirror_remote_images(r->a, j->p.body.ptr, j->p.body.len, IMAGES_MAX_PER_POST,
                                    &urls);
    j->imgs = arena_new_array(r->a, size_t, n + 2);
    const char *front[2] = {j->p.headimg, j->p.thumbnail};
    for (int f = 0; f < 2; f++)
        if (remote(front[f]) && html_lead_url_ok(front[f])) {
            size_t k = img_index(r, front[f], referer, ua);
            bool dup = false;
            for (size_t i = 0; i < j->nimgs; i++)
                dup |= j->imgs[i] == k;
            if (!dup)
                j->imgs[j->nimgs++] = k;
        }
    for (size_t i = 0; i < n; i++) {
        size_t k = img_index(r, urls[i], referer, ua);
        bool dup = false;
        for (size_t m = 0; m < j->nimgs; m++)
            dup |= j->imgs[m] == k;
        if (!dup)
            j->imgs[j->nimgs++] = k;
    }
}

/* The post with its stored images local, into a temp file added to the
 * batch when anything changed; *retry set when an image is to be
 * fetched again, with *error its reason. */
static int rewrite_post(img_run *r, post_job *j, export_batch *batch, bool *retry,
                        const char **error)
{
    *retry = false;
    *error = NULL;
    bool *allowed = arena_new_array(r->a, bool, j->nimgs + 1);
    size_t total = 0;
    bool any = false;
    for (size_t i = 0; i < j->nimgs; i++) {
        const img *im = &r->imgs[j->imgs[i]];
        if (im->error && !*retry) {
            *retry = true;
            *error = arena_printf(r->a, "%s: %s", im->url, im->error);
        }
        if (!im->local)
            continue;
        if (r->o->limits.max_post_bytes && total + im->bytes > r->o->limits.max_post_bytes) {
            log_warn("%s: %s kept remote: the post's images pass the %zu bytes of "
                     "newsmill.images_max_post_bytes", j->row.post_path, im->url,
                     r->o->limits.max_post_bytes);
            continue;
        }
        total += im->bytes;
        allowed[i] = any = true;
    }
    if (!any)
        return 0;
    post_map m = {.r = r, .j = j, .allowed = allowed};
    const char *body;
    size_t len;
    bool changed;
    mirror_rewrite(r->a, j->p.body.ptr, j->p.body.len, map_url, &m, &body, &len, &changed);
    post p = j->p;
    p.body = sv_make(body, len);
    const char *h = map_url(p.headimg ? p.headimg : "", &m);
    const char *t = map_url(p.thumbnail ? p.thumbnail : "", &m);
    if (h)
        p.headimg = h;
    if (t)
        p.thumbnail = t;
    if (!changed && !h && !t)
        return 0;
    nm_buf out;
    buf_init(&out, NM_BUF_NOLIMIT);
    nm_error err;
    char *tmp = NULL;
    int rc = post_write(&p, &out);
    if (rc)
        nm_fail(&err, j->path, 0, "cannot render the post");
    else if (r->o->worker) { /* put into the store by settle_kept */
        j->out = out;
        j->rewritten = true;
        return 0;
    } else
        rc = export_tmp_write(r->o->site_dir, j->row.post_path, &out, &tmp, &err);
    buf_free(&out);
    if (rc) {
        log_nm_error(&err); /* the row stays due */
        return -1;
    }
    export_batch_add(batch, j->row.post_path, tmp);
    j->rewritten = true;
    return 0;
}

static int64_t backoff(int attempts, int64_t retry_after)
{
    int64_t s = IMAGES_BACKOFF;
    for (int i = 1; i < attempts && s < 24 * 3600; i++)
        s *= 4;
    if (s > 24 * 3600)
        s = 24 * 3600;
    return retry_after > s ? retry_after : s;
}

/* The post's row after this run: done, or due again. */
static int settle(store *s, img_run *r, post_job *j, bool retry, const char *error,
                  nm_error *err)
{
    if (!retry)
        return store_post_images_done(s, j->row.item_id, err);
    int attempts = j->row.attempts + 1;
    if (attempts >= IMAGES_MAX_ATTEMPTS) {
        log_warn("%s: images given up after %d attempts (%s); they stay remote",
                 j->row.post_path, attempts, error);
        r->sum->gave_up++;
        return store_post_images_done(s, j->row.item_id, err);
    }
    int64_t ra = -1;
    for (size_t i = 0; i < j->nimgs; i++)
        if (r->imgs[j->imgs[i]].retry_after > ra)
            ra = r->imgs[j->imgs[i]].retry_after;
    r->sum->failed++;
    return store_post_images_failed(s, j->row.item_id, attempts,
                                    r->o->now + backoff(attempts, ra), error, err);
}

/* A worker's posts: those whose images' hosts it could lease (the hosts
 * table: one worker per host at a time); the others wait for their
 * worker (busy). *hosts: every host leased, for store_hosts_release. */
static int lease_posts(store *s, img_run *r, post_job *jobs, size_t n, const char ***hosts,
                       size_t *nhosts, nm_error *err)
{
    const char **want = arena_new_array(r->a, const char *, r->n + 1);
    size_t nwant = 0;
    for (size_t i = 0; i < r->n; i++) {
        const char *h = url_host(r->a, r->imgs[i].url);
        if (h)
            want[nwant++] = h;
    }
    if (store_hosts_lease(s, r->o->worker, want, nwant, 0, r->o->now, r->o->now + r->o->lease,
                          r->a, hosts, nhosts, err))
        return -1;
    for (size_t i = 0; i < n; i++) {
        post_job *j = &jobs[i];
        for (size_t k = 0; j->readable && k < j->nimgs; k++) {
            const char *h = url_host(r->a, r->imgs[j->imgs[k]].url);
            if (h && !kept_has(*hosts, *nhosts, h)) {
                j->readable = false;
                r->sum->busy++;
            }
        }
    }
    return 0;
}

/* A worker's post, in a transaction of its own: the leases of its
 * images' hosts still its own, the kept post as it was read (else a
 * full-text rewrite came in between: the row stays due, for the new
 * text), then the rewritten post and its row. */
static int settle_kept(store *s, img_run *r, post_job *j, bool retry, const char *why,
                       nm_error *err)
{
    const char **hosts = arena_new_array(r->a, const char *, j->nimgs + 1);
    size_t nh = 0;
    for (size_t k = 0; k < j->nimgs; k++) {
        const char *h = url_host(r->a, r->imgs[j->imgs[k]].url);
        if (h && !kept_has(hosts, nh, h))
            hosts[nh++] = h;
    }
    int b = kept_unit_begin(s, r->o->worker, hosts, nh, err);
    if (b <= 0) {
        if (b == 0)
            r->sum->taken_over++;
        return b;
    }
    store_post now;
    int rc = store_post_get(s, j->row.post_path, false, true, r->a, &now, err);
    if (rc == 1 && now.seq != j->seq) {
        store_rollback(s);
        return 0;
    }
    rc = rc < 0 ? -1 : 0;
    if (rc == 0 && j->rewritten) {
        rc = store_post_put(s, j->row.post_path, j->out.data ? j->out.data : "", j->out.len,
                            r->o->now, err);
        r->sum->posts += rc == 0;
    }
    if (rc == 0)
        rc = settle(s, r, j, retry, why, err);
    if (rc == 0)
        return store_commit(s, err);
    store_rollback(s);
    return -1;
}

/* The rows of the rewritten posts, once their files are in place. */
typedef struct images_batch {
    store *s;
    img_run *r;
    post_job *jobs;
    size_t n;
    const bool *retry;
    const char *const *why;
} images_batch;

static int images_done(void *ctx, nm_error *err)
{
    images_batch *ib = ctx;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < ib->n; i++)
        if (ib->jobs[i].rewritten) {
            rc = settle(ib->s, ib->r, &ib->jobs[i], ib->retry[i], ib->why[i], err);
            ib->r->sum->posts++;
        }
    return rc;
}

/* Items whose article page is due: their images wait for it (the page
 * rewrites the post), as in a plain fetch, where pages come first. */
static bool *page_due(store *s, int64_t now, const post_job *jobs, size_t n, arena *a)
{
    bool *due = arena_new_array(a, bool, n + 1);
    store_page *pages;
    size_t np;
    nm_error err;
    if (store_pages_due(s, now, false, a, &pages, &np, &err))
        return due;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < np && !due[i]; k++)
            due[i] = pages[k].item_id == jobs[i].row.item_id;
    return due;
}

int images_run(store *s, const feeds_list *feeds, const images_opts *o, images_summary *sum,
               nm_error *err)
{
    memset(sum, 0, sizeof(*sum));
    if (!o->worker)
        sum->swept = mirror_sweep(o->site_dir);
    img_run r = {.s = s, .a = arena_new(0), .o = o, .sum = sum};
    store_post_images *rows;
    size_t n;
    if (store_post_images_due(s, o->now, o->all, o->worker ? IMAGES_WORKER_POSTS : IMAGES_MAX_POSTS,
                              r.a, &rows, &n, err)) {
        arena_free(r.a);
        return -1;
    }
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (kept_ours(s, o->worker, rows[i].post_path))
            rows[kept++] = rows[i];
    n = kept;
    if (n == 0) {
        arena_free(r.a);
        return 0;
    }
    post_job *jobs = xcalloc(n, sizeof(*jobs));
    for (size_t i = 0; i < n; i++)
        jobs[i].row = rows[i];
    const char **leased = NULL;
    size_t nleased = 0;
    int rc = 0;
    if (o->worker) {
        bool *due = page_due(s, o->now, jobs, n, r.a);
        for (size_t i = 0; i < n; i++)
            if (!due[i])
                read_post(&r, &jobs[i], feeds);
        rc = lease_posts(s, &r, jobs, n, &leased, &nleased, err);
    } else {
        for (size_t i = 0; i < n; i++)
            read_post(&r, &jobs[i], feeds);
    }
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; jobs[i].readable && k < jobs[i].nimgs; k++)
            r.imgs[jobs[i].imgs[k]].wanted = true;
    /* What earlier runs learnt; the rest is fetched. */
    size_t m = 0;
    fetch_request *reqs = xcalloc(r.n + 1, sizeof(*reqs));
    for (size_t i = 0; rc == 0 && i < r.n; i++) {
        img *im = &r.imgs[i];
        if (!im->wanted)
            continue;
        const char *local = NULL, *refused = NULL;
        if (store_image_url_get(s, im->url, r.a, &local, &refused) == 1) {
            char path[4096];
            snprintf(path, sizeof(path), "%s/source%s", o->site_dir, local ? local : "");
            if (refused) {
                im->refused = refused;
                continue;
            }
            int64_t size = !local || !mirror_is_local(local) ? -1
                           : o->worker ? kept_image_size(s, local)
                           : fs_exists(path) ? 0 : -1;
            if (size >= 0 && !o->worker) {
                struct stat st;
                size = stat(path, &st) == 0 ? (int64_t)st.st_size : 0;
            }
            if (size >= 0) {
                im->local = local;
                im->bytes = (size_t)size; /* the post's total */
                continue;
            }
        }
        reqs[m++] = (fetch_request){.url = im->url, .user_agent = im->user_agent,
                                    .referer = im->referer, .user = (void *)(uintptr_t)i};
    }
    if (rc == 0 && m) {
        fetch_opts fo;
        fetch_opts_default(&fo);
        fo.concurrency = o->concurrency > 0 ? o->concurrency : 8;
        fo.per_host = 2;
        fo.timeout = o->timeout > 0 ? o->timeout : 30;
        fo.max_body = o->limits.max_bytes ? o->limits.max_bytes : (10u << 20);
        fo.max_wait = IMAGES_MAX_WAIT;
        fo.accept = "image/avif, image/webp, image/png, image/jpeg, image/gif, image/*;q=0.8";
        progress *pr = progress_start("images", m);
        rc = fetch_all(reqs, m, &fo, on_image, &r, err);
        progress_finish(pr);
        if (!o->worker)
            commit_staged(&r);
    }
    /* The posts into temp files; then what the store learnt and the rows
     * of posts not rewritten (one transaction); then the rewritten posts
     * put in place (journal, sync, renames), and only then their rows.
     * A worker: what the store learnt, then each post in a transaction of
     * its own (settle_kept). */
    export_batch batch = {0};
    bool *retry = xcalloc(n, sizeof(*retry));
    const char **why = xcalloc(n, sizeof(*why));
    bool *keep = xcalloc(n, sizeof(*keep));
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (jobs[i].readable && rewrite_post(&r, &jobs[i], &batch, &retry[i], &why[i]))
            keep[i] = true; /* the disk: the row stays as it is */
    if (rc == 0 && (rc = store_begin(s, err)) == 0) {
        for (size_t i = 0; rc == 0 && i < r.n; i++)
            if (r.imgs[i].remember)
                rc = store_image_url_put(s, r.imgs[i].url, r.imgs[i].local, r.imgs[i].refused,
                                         err);
        for (size_t i = 0; rc == 0 && !o->worker && i < n; i++)
            if (!jobs[i].rewritten && !keep[i])
                rc = settle(s, &r, &jobs[i], retry[i], why[i], err);
        if (rc == 0)
            rc = store_commit(s, err);
        else
            store_rollback(s);
    }
    if (o->worker) {
        for (size_t i = 0; rc == 0 && i < n; i++)
            if (jobs[i].readable && !keep[i])
                rc = settle_kept(s, &r, &jobs[i], retry[i], why[i], err);
        nm_error rerr;
        if (store_hosts_release(s, o->worker, leased, nleased, o->now, &rerr) && rc == 0) {
            *err = rerr;
            rc = -1;
        }
    } else if (rc == 0) {
        images_batch ib = {.s = s, .r = &r, .jobs = jobs, .n = n, .retry = retry, .why = why};
        bool written;
        rc = export_batch_settle(s, o->site_dir, &batch, images_done, &ib, &written, err);
    }
    export_batch_free(&batch);
    for (size_t i = 0; i < n; i++)
        buf_free(&jobs[i].out);
    free(keep);
    free(why);
    free(retry);
    free(reqs);
    free(jobs);
    free(r.imgs);
    free(r.slots);
    for (size_t i = 0; i < r.nstaged; i++)
        if (r.staged[i]) {
            unlink(r.staged[i]);
            free(r.staged[i]);
        }
    free(r.staged);
    free(r.staged_urls);
    free(r.staged_img);
    arena_free(r.a);
    return rc;
}

void images_summary_add(images_summary *dst, const images_summary *src)
{
    dst->fetched += src->fetched;
    dst->stored += src->stored;
    dst->refused += src->refused;
    dst->posts += src->posts;
    dst->failed += src->failed;
    dst->gave_up += src->gave_up;
    dst->swept += src->swept;
    dst->busy += src->busy;
    dst->taken_over += src->taken_over;
}
