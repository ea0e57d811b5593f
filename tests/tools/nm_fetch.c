/*
 * nm_fetch.c — drives fetch_all() from the command line so that the
 * transport can be tested on its own (no parsing, no store):
 *
 *   nm_fetch [--timeout S] [--max-body BYTES] [--etag E] [--lm DATE] URL...
 *
 * Prints one line per URL, in the order given:
 * "URL status=N ok=0|1 nm=0|1 bytes=N etag=E lm=L moved=U redirects=N
 *  retry=N type=T md5ish=H error=MSG" (tab separated), where md5ish is the
 * hash64 of the body, so tests can compare bodies.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/fetch.h"

typedef struct line {
    char text[4096];
} line;

static void done(const fetch_request *req, fetch_result *r, void *ctx)
{
    line *lines = ctx;
    size_t i = (size_t)(uintptr_t)req->user;
    char h[17], e[1600];
    hash64_hex(hash64(r->body.data ? r->body.data : "", r->body.len, 0), h);
    snprintf(lines[i].text, sizeof(lines[i].text),
             "%s\tstatus=%d\tok=%d\tnm=%d\tbytes=%zu\tetag=%s\tlm=%s\tmoved=%s\tredirects=%d\t"
             "retry=%lld\ttype=%s\thash=%s\terror=%s",
             req->url, r->status, r->ok, r->not_modified, r->body.len, r->etag ? r->etag : "",
             r->last_modified ? r->last_modified : "", r->moved_to ? r->moved_to : "",
             r->redirects, (long long)r->retry_after, r->content_type ? r->content_type : "", h,
             r->ok ? "" : nm_error_format(&r->err, e, sizeof(e)));
}

int main(int argc, char **argv)
{
    fetch_opts o;
    fetch_opts_default(&o);
    const char *etag = NULL, *lm = NULL;
    int i = 1;
    for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
        if (strcmp(argv[i], "--timeout") == 0)
            o.timeout = atol(argv[i + 1]);
        else if (strcmp(argv[i], "--max-body") == 0)
            o.max_body = (size_t)atoll(argv[i + 1]);
        else if (strcmp(argv[i], "--etag") == 0)
            etag = argv[i + 1];
        else if (strcmp(argv[i], "--lm") == 0)
            lm = argv[i + 1];
        else
            break;
    }
    size_t n = (size_t)(argc - i);
    fetch_request *reqs = xcalloc(n + 1, sizeof(*reqs));
    line *lines = xcalloc(n + 1, sizeof(*lines));
    for (size_t k = 0; k < n; k++) {
        reqs[k].url = argv[i + (int)k];
        reqs[k].etag = etag;
        reqs[k].last_modified = lm;
        reqs[k].user = (void *)(uintptr_t)k;
    }
    nm_error err;
    if (fetch_all(reqs, n, &o, done, lines, &err)) {
        log_nm_error(&err);
        return 1;
    }
    for (size_t k = 0; k < n; k++)
        puts(lines[k].text);
    free(reqs);
    free(lines);
    return 0;
}
