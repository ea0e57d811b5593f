/*
 * bench_depth.c — the time of every HTML entry point of newsmill on hostile
 * nesting: N nested <div> around some text, for N in the arguments. The
 * anchor, measured in the same run, is a bare gumbo parse of the same
 * bytes without the bound (what search/text.c did before issue 10: its
 * cost grows as N²), for N up to BENCH_GUMBO_MAX (default 20,000; it
 * takes seconds there). Each figure is the best of 3, in milliseconds.
 */
#include <gumbo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "feed/feed.h"
#include "html/html.h"
#include "search/search.h"
#include "site/site_int.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

enum { GUMBO_BARE, CLEAN_ARTICLE, CLEAN_FEED, TEXT_JOINED, TEXT_BLOCKS, SEARCH, SITE, FEED, NPOINTS };
static const char *const names[NPOINTS] = {
    "gumbo, no bound (anchor)", "html_clean ARTICLE (+lead image)", "html_clean FEED",
    "html_to_text JOINED",      "html_to_text BLOCKS",              "search_body_text",
    "site_plain_text",          "feed_parse (content + title)",
};

static void run_once(int point, const char *in, size_t n, const char *doc, size_t dn)
{
    arena *a = arena_new(0);
    html_result r;
    nm_error err;
    html_opts o = {.policy = point == CLEAN_FEED ? HTML_POLICY_FEED : HTML_POLICY_ARTICLE};
    switch (point) {
    case GUMBO_BARE: {
        GumboOutput *g = gumbo_parse_with_options(&kGumboDefaultOptions, in, n);
        gumbo_destroy_output(&kGumboDefaultOptions, g);
        break;
    }
    case CLEAN_ARTICLE:
    case CLEAN_FEED: html_clean(a, in, n, &o, &r, &err); break;
    case TEXT_JOINED: html_to_text(a, in, n, HTML_TEXT_JOINED); break;
    case TEXT_BLOCKS: html_to_text(a, in, n, HTML_TEXT_BLOCKS); break;
    case SEARCH: search_body_text(a, in, n, 1 << 20); break;
    case SITE: site_plain_text(a, in, n, 140); break;
    case FEED: {
        feed *f = NULL;
        if (feed_parse(doc, dn, NULL, &f, &err) == 0)
            feed_free(f);
        break;
    }
    }
    arena_free(a);
}

int main(int argc, char **argv)
{
    long gumbo_max = getenv("BENCH_GUMBO_MAX") ? atol(getenv("BENCH_GUMBO_MAX")) : 20000;
    printf("%-10s", "nesting");
    for (int p = 0; p < NPOINTS; p++)
        printf(" | %s", names[p]);
    printf("\n");
    for (int k = 1; k < argc; k++) {
        long depth = atol(argv[k]);
        nm_buf b, doc;
        buf_init(&b, NM_BUF_NOLIMIT);
        buf_init(&doc, NM_BUF_NOLIMIT);
        for (long i = 0; i < depth; i++)
            buf_puts(&b, "<div>");
        buf_puts(&b, "deep text <img src=\"https://i.example/a.jpg\" width=\"600\" height=\"400\">");
        for (long i = 0; i < depth; i++)
            buf_puts(&b, "</div>");
        buf_printf(&doc, "<rss version=\"2.0\"><channel><title>t</title><item><title><![CDATA[%s]]>"
                         "</title><description><![CDATA[%s]]></description></item></channel></rss>",
                   b.data, b.data);
        printf("%-10ld", depth);
        for (int p = 0; p < NPOINTS; p++) {
            if (p == GUMBO_BARE && depth > gumbo_max) {
                printf(" | %s", "(skipped)");
                continue;
            }
            double best = 1e9;
            for (int round = 0; round < (p == GUMBO_BARE ? 1 : 3); round++) {
                double t0 = now();
                run_once(p, b.data, b.len, doc.data, doc.len);
                double t = now() - t0;
                if (t < best)
                    best = t;
            }
            printf(" | %.1f ms", best * 1e3);
        }
        printf("\n");
        fflush(stdout);
        buf_free(&b);
        buf_free(&doc);
    }
    return 0;
}
