/*
 * fetch.h — many URLs in, their bytes and HTTP facts out, politely.
 *
 * One call, fetch_all(), drives a libcurl multi handle over a list of
 * requests: at most `concurrency` transfers at once and `per_host` per
 * host, connect and total timeouts, a cap on the body, gzip/deflate/
 * brotli, at most `max_redirects` redirects (only to http/https), and a
 * conditional GET when the request carries validators. Each result is
 * handed to a callback on the caller's thread as soon as its transfer ends,
 * so the caller can parse and store while other transfers run.
 *
 * With pacing on (host_interval_ms or max_wait set, for article pages),
 * requests are also spaced per host: at most per_host at once, starts at
 * least host_interval_ms apart, and after a 429/503 with Retry-After none
 * to that host before the time it gave (pace.c).
 *
 * Not here: scheduling across runs, backoff and what a status means for a
 * feed's state (ingest.c decides that); parsing.
 */
#ifndef NM_FETCH_H
#define NM_FETCH_H

#include "util/util.h"

typedef struct fetch_request {
    const char *url;           /* http, https or file */
    const char *etag;          /* sent as If-None-Match, or NULL */
    const char *last_modified; /* sent as If-Modified-Since, or NULL */
    const char *user_agent;    /* NULL: fetch_user_agent() */
    const char *referer;       /* NULL: none */
    void *user;                /* the caller's, untouched */
} fetch_request;

typedef struct fetch_result {
    bool ok;                   /* a 2xx body, or a 304 */
    bool not_modified;         /* 304 */
    int status;                /* final HTTP status; 200 for file://; 0 when no response */
    nm_buf body;               /* the (decompressed) body; valid during the callback,
                                  which may take it with buf_detach */
    const char *etag;          /* validators and headers of the final response, */
    const char *last_modified; /*   NULL when absent; valid during the callback */
    const char *content_type;
    const char *final_url;     /* after redirects */
    const char *moved_to;      /* final_url when every redirect was permanent
                                  (301/308), else NULL */
    int redirects;
    int64_t retry_after;       /* seconds from a 429/503 Retry-After, -1 when none */
    bool too_big;              /* the body passed max_body: not read (!ok) */
    double seconds;            /* wall time of the transfer */
    nm_error err;              /* when !ok: "URL: reason" */
} fetch_result;

typedef struct fetch_opts {
    int concurrency;           /* transfers at once (default 8) */
    int per_host;              /* connections per host (default 2) */
    long connect_timeout;      /* seconds (default 10) */
    long timeout;              /* seconds for a whole transfer (default 60) */
    size_t max_body;           /* bytes (default 20 MB) */
    int max_redirects;         /* default 5 */
    /* Pacing (default off, 0): */
    long host_interval_ms;     /* least time between two starts to one host */
    long max_wait;             /* seconds of a host's Retry-After waited for
                                  within the call; a longer one makes the
                                  host's remaining requests end unsent
                                  (status 0, retry_after = seconds left) */
    const char *accept;        /* Accept header; NULL: feed types */
    struct fetch_hosts *hosts; /* when set, pacing remembers each host's last
                                  start and Retry-After across calls */
    /* Unpaced only: when every request so far has started and at most
     * half of `concurrency` transfers run, more(more_ctx, &reqs) may hand
     * further requests (their number; 0: none for now). They must stay
     * valid until the call returns. The call ends when none runs and more
     * gives none. NULL: the list is all. */
    size_t (*more)(void *ctx, const fetch_request **reqs);
    void *more_ctx;
} fetch_opts;

/* What pacing knows about hosts, kept from one fetch_all call to the next
 * (an article's second pages are fetched by a second call). Not thread
 * safe; one per sequence of calls. */
typedef struct fetch_hosts fetch_hosts;
fetch_hosts *fetch_hosts_new(void);
void fetch_hosts_free(fetch_hosts *h); /* NULL is fine */

void fetch_opts_default(fetch_opts *o);


/* "newsmill/0.1.0 (+https://github.com/newsmill/newsmill)" */
const char *fetch_user_agent(void);

/* Fetches every request; done(req, res, ctx) runs once per request on the
 * calling thread, in completion order. Returns -1 (err filled) only when
 * libcurl cannot be set up at all; failures of single URLs go to done. */
int fetch_all(const fetch_request *reqs, size_t n, const fetch_opts *opts,
              void (*done)(const fetch_request *req, fetch_result *res, void *ctx), void *ctx,
              nm_error *err);

#endif
