/*
 * http.c — fetch_all(): a libcurl multi loop with a bounded window.
 *
 * Transfers are added to the multi handle a window at a time (a few times
 * the concurrency), so ten thousand feeds never mean ten thousand easy
 * handles and buffers alive at once; libcurl itself enforces the total and
 * per-host connection limits and reuses connections (keep-alive) between
 * transfers to the same host.
 *
 * Headers are read by our own callback so that each response of a
 * redirect chain is seen: the validators kept are those of the final
 * response, and a chain counts as a permanent move only when every hop was
 * 301 or 308. The body callback enforces the size cap even when the server
 * sends no Content-Length (an endless body stops at the cap).
 *
 * libcurl is loaded when the first fetch starts (fetch_int.h): every call
 * goes through the nm_curl table.
 *
 * Not here: retries (a failed feed waits for its backoff, see ingest.c).
 */
#include "fetch_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct xfer {
    CURL *h;
    const fetch_request *req;
    fetch_result res;
    struct curl_slist *hdrs;
    char *etag, *last_modified, *content_type;
    int last_code;
    bool not_permanent;
    bool too_big;
    char errbuf[CURL_ERROR_SIZE];
    struct timespec start;
} xfer;

void fetch_opts_default(fetch_opts *o)
{
    memset(o, 0, sizeof(*o)); /* pacing off, no Accept override */
    o->concurrency = 8;
    o->per_host = 2;
    o->connect_timeout = 10;
    o->timeout = 60;
    o->max_body = 20u << 20;
    o->max_redirects = 5;
}

const char *fetch_user_agent(void)
{
    return "newsmill/" NM_VERSION " (+https://github.com/newsmill/newsmill)";
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    xfer *x = ud;
    size_t len = size * n;
    if (buf_append(&x->res.body, p, len) != 0) {
        x->too_big = true;
        return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
    }
    return len;
}

static char *header_value(const char *p, size_t len, size_t namelen)
{
    str_view v = sv_trim(sv_make(p + namelen, len - namelen));
    return v.len ? xstrndup(v.ptr, v.len) : NULL;
}

static void replace(char **slot, char *v)
{
    free(*slot);
    *slot = v;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    xfer *x = ud;
    size_t len = size * n;
    if (len >= 5 && memcmp(p, "HTTP/", 5) == 0) {
        /* A new response: forget the headers of the one before. */
        const char *sp = memchr(p, ' ', len);
        int code = sp ? atoi(sp + 1) : 0;
        if (x->last_code >= 300 && x->last_code < 400 && x->last_code != 301 &&
            x->last_code != 308)
            x->not_permanent = true;
        x->last_code = code;
        replace(&x->etag, NULL);
        replace(&x->last_modified, NULL);
        replace(&x->content_type, NULL);
    } else if (len > 5 && nm_strncasecmp(p, "etag:", 5) == 0) {
        replace(&x->etag, header_value(p, len, 5));
    } else if (len > 14 && nm_strncasecmp(p, "last-modified:", 14) == 0) {
        replace(&x->last_modified, header_value(p, len, 14));
    } else if (len > 13 && nm_strncasecmp(p, "content-type:", 13) == 0) {
        replace(&x->content_type, header_value(p, len, 13));
    }
    return len;
}

static xfer *xfer_new(const fetch_request *req, const fetch_opts *o)
{
    xfer *x = xcalloc(1, sizeof(*x));
    x->req = req;
    x->res.retry_after = -1;
    buf_init(&x->res.body, o->max_body);
    x->h = nm_curl.easy_init();
    if (!x->h)
        nm_die("cannot create a libcurl handle");
    CURL *h = x->h;
    nm_curl.easy_setopt(h, CURLOPT_URL, req->url);
    nm_curl.easy_setopt(h, CURLOPT_PRIVATE, x);
    nm_curl.easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    nm_curl.easy_setopt(h, CURLOPT_WRITEDATA, x);
    nm_curl.easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    nm_curl.easy_setopt(h, CURLOPT_HEADERDATA, x);
    nm_curl.easy_setopt(h, CURLOPT_ERRORBUFFER, x->errbuf);
    nm_curl.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    nm_curl.easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    nm_curl.easy_setopt(h, CURLOPT_MAXREDIRS, (long)o->max_redirects);
    nm_curl.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https,file");
    nm_curl.easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    nm_curl.easy_setopt(h, CURLOPT_CONNECTTIMEOUT, o->connect_timeout);
    nm_curl.easy_setopt(h, CURLOPT_TIMEOUT, o->timeout);
    nm_curl.easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_body);
    nm_curl.easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""); /* every encoding libcurl has */
    nm_curl.easy_setopt(h, CURLOPT_USERAGENT, req->user_agent ? req->user_agent : fetch_user_agent());
    if (req->referer)
        nm_curl.easy_setopt(h, CURLOPT_REFERER, req->referer);
    char line[1100];
    if (o->accept) {
        snprintf(line, sizeof(line), "Accept: %s", o->accept);
        x->hdrs = nm_curl.slist_append(NULL, line);
    } else {
        x->hdrs = nm_curl.slist_append(NULL, "Accept: application/rss+xml, application/atom+xml, "
                                          "application/feed+json, application/xml;q=0.9, "
                                          "text/xml;q=0.9, */*;q=0.8");
    }
    if (req->etag) {
        snprintf(line, sizeof(line), "If-None-Match: %s", req->etag);
        x->hdrs = nm_curl.slist_append(x->hdrs, line);
    }
    if (req->last_modified) {
        snprintf(line, sizeof(line), "If-Modified-Since: %s", req->last_modified);
        x->hdrs = nm_curl.slist_append(x->hdrs, line);
    }
    nm_curl.easy_setopt(h, CURLOPT_HTTPHEADER, x->hdrs);
    clock_gettime(CLOCK_MONOTONIC, &x->start);
    return x;
}

static void xfer_free(xfer *x)
{
    nm_curl.slist_free_all(x->hdrs);
    nm_curl.easy_cleanup(x->h);
    buf_free(&x->res.body);
    free(x->etag);
    free(x->last_modified);
    free(x->content_type);
    free(x);
}

static const char *reason_phrase(int code)
{
    switch (code) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 410: return "Gone";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
    }
}

/* Turns a finished transfer into its result. */
static void xfer_finish(xfer *x, CURLcode cc, const fetch_opts *o)
{
    fetch_result *r = &x->res;
    const char *url = x->req->url;
    long code = 0, redirects = 0;
    char *final_url = NULL;
    nm_curl.easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &code);
    nm_curl.easy_getinfo(x->h, CURLINFO_REDIRECT_COUNT, &redirects);
    nm_curl.easy_getinfo(x->h, CURLINFO_EFFECTIVE_URL, &final_url);
    struct timespec end;
    clock_gettime(CLOCK_MONOTONIC, &end);
    r->seconds = (double)(end.tv_sec - x->start.tv_sec) + (end.tv_nsec - x->start.tv_nsec) / 1e9;
    r->final_url = final_url ? final_url : url;
    r->redirects = (int)redirects;
    r->etag = x->etag;
    r->last_modified = x->last_modified;
    r->content_type = x->content_type;
    if (strncmp(url, "file:", 5) == 0 && cc == CURLE_OK)
        code = 200;
    r->status = (int)code;
    if (redirects > 0 && !x->not_permanent &&
        (x->last_code < 300 || x->last_code >= 400 || x->last_code == 301 || x->last_code == 308))
        r->moved_to = r->final_url;
    if (code == 429 || code == 503) {
        curl_off_t ra = -1;
        if (nm_curl.easy_getinfo(x->h, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK && ra > 0)
            r->retry_after = (int64_t)ra;
    }
    if (x->too_big || cc == CURLE_FILESIZE_EXCEEDED) {
        r->too_big = true;
        if (o->max_body >= (1u << 20))
            nm_fail(&r->err, url, 0, "response larger than %zu MB; not read", o->max_body >> 20);
        else
            nm_fail(&r->err, url, 0, "response larger than %zu bytes; not read", o->max_body);
        return;
    }
    if (cc == CURLE_OPERATION_TIMEDOUT) {
        nm_fail(&r->err, url, 0, "timed out (connect %lds, total %lds)", o->connect_timeout,
                o->timeout);
        return;
    }
    if (cc == CURLE_TOO_MANY_REDIRECTS) {
        nm_fail(&r->err, url, 0, "more than %d redirects (a redirect loop?)", o->max_redirects);
        return;
    }
    if (cc != CURLE_OK) {
        nm_fail(&r->err, url, 0, "%s", x->errbuf[0] ? x->errbuf : nm_curl.easy_strerror(cc));
        return;
    }
    if (code == 304) {
        r->ok = r->not_modified = true;
        return;
    }
    if (code >= 200 && code < 300) {
        r->ok = true;
        return;
    }
    if (r->retry_after >= 0)
        nm_fail(&r->err, url, 0, "HTTP %ld %s (retry after %llds)", code, reason_phrase((int)code),
                (long long)r->retry_after);
    else
        nm_fail(&r->err, url, 0, "HTTP %ld%s%s", code, *reason_phrase((int)code) ? " " : "",
                reason_phrase((int)code));
}

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* A request pace.c refused to send: it ends at once, unsent. */
static void refuse(const fetch_request *req, int64_t wait_s,
                   void (*done)(const fetch_request *, fetch_result *, void *), void *ctx)
{
    fetch_result r = {.status = 0, .retry_after = wait_s, .final_url = req->url};
    buf_init(&r.body, 1);
    nm_fail(&r.err, req->url, 0, "not sent: the host asked to wait %llds (Retry-After)",
            (long long)wait_s);
    done(req, &r, ctx);
    buf_free(&r.body);
}

int fetch_all(const fetch_request *reqs, size_t n, const fetch_opts *opts,
              void (*done)(const fetch_request *req, fetch_result *res, void *ctx), void *ctx,
              nm_error *err)
{
    fetch_opts o;
    if (opts)
        o = *opts;
    else
        fetch_opts_default(&o);
    if (o.concurrency < 1)
        o.concurrency = 1;
    if (curl_lib_load(err) != 0)
        return -1;
    CURLM *m = nm_curl.multi_init();
    if (!m)
        return nm_fail(err, NULL, 0, "cannot start libcurl");
    nm_curl.multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)o.concurrency);
    nm_curl.multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, (long)(o.per_host > 0 ? o.per_host : 2));
    nm_curl.multi_setopt(m, CURLMOPT_MAXCONNECTS, (long)o.concurrency * 2);
    size_t window = (size_t)o.concurrency * 4 < 64 ? 64 : (size_t)o.concurrency * 4;
    size_t next = 0, active = 0;
    pace *pc = o.host_interval_ms > 0 || o.max_wait > 0 ? pace_new(reqs, n, &o) : NULL;
    if (pc)
        window = (size_t)o.concurrency;
    for (;;) {
        long poll_ms = 1000;
        if (pc) {
            bool empty = false;
            while (active < window) {
                size_t i;
                int64_t wait_ms = -1, wait_s = 0;
                pace_verdict v = pace_next(pc, now_ms(), &i, &wait_ms, &wait_s);
                if (v == PACE_START) {
                    xfer *x = xfer_new(&reqs[i], &o);
                    nm_curl.multi_add_handle(m, x->h);
                    active++;
                } else if (v == PACE_REFUSE) {
                    refuse(&reqs[i], wait_s, done, ctx);
                } else {
                    empty = v == PACE_EMPTY;
                    if (v == PACE_WAIT && wait_ms >= 0 && wait_ms < poll_ms)
                        poll_ms = wait_ms > 0 ? (long)wait_ms : 1;
                    break;
                }
            }
            if (active == 0 && empty)
                break;
        } else {
            if (next == n && o.more && active <= (size_t)o.concurrency / 2) {
                const fetch_request *more;
                size_t k = o.more(o.more_ctx, &more);
                if (k) {
                    reqs = more;
                    n = k;
                    next = 0;
                }
            }
            while (active < window && next < n) {
                xfer *x = xfer_new(&reqs[next++], &o);
                nm_curl.multi_add_handle(m, x->h);
                active++;
            }
            if (active == 0)
                break;
        }
        int running = 0;
        nm_curl.multi_perform(m, &running);
        CURLMsg *msg;
        int left;
        bool finished = false;
        while ((msg = nm_curl.multi_info_read(m, &left))) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            xfer *x;
            nm_curl.easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
            CURLcode cc = msg->data.result;
            xfer_finish(x, cc, &o);
            nm_curl.multi_remove_handle(m, x->h);
            active--;
            finished = true;
            if (pc)
                pace_done(pc, (size_t)(x->req - reqs), now_ms(),
                          x->res.status == 429 || x->res.status == 503 ? x->res.retry_after : -1);
            done(x->req, &x->res, ctx);
            xfer_free(x);
        }
        /* A transfer that ended may let a paced one start: ask pace first. */
        if (running > 0 || (pc && active == 0 && !finished))
            nm_curl.multi_poll(m, NULL, 0, (int)poll_ms, NULL);
    }
    pace_free(pc);
    nm_curl.multi_cleanup(m);
    return 0;
}
