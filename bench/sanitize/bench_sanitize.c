/*
 * bench_sanitize.c — MB/s of html_clean (ARTICLE policy) next to a bare
 * gumbo parse (default options, gumbo_destroy_output) of the same bytes,
 * measured in the same run. Input: a file of articles separated by a line
 * "\f\n" (bench/sanitize/run.sh generates it). Each article is parsed or
 * cleaned on its own, as newsmill does; the best of 3 rounds is reported.
 */
#include <gumbo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "html/html.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_sanitize CORPUS\n");
        return 2;
    }
    nm_buf in;
    nm_error err;
    buf_init(&in, NM_BUF_NOLIMIT);
    if (fs_read_file(argv[1], (size_t)1 << 32, &in, &err) != 0) {
        log_nm_error(&err);
        return 1;
    }
    /* Split into articles. */
    size_t cap = 1024, n = 0;
    const char **start = malloc(cap * sizeof(*start));
    size_t *len = malloc(cap * sizeof(*len));
    const char *p = in.data, *end = in.data + in.len;
    while (p < end) {
        const char *sep = memmem(p, (size_t)(end - p), "\n\f\n", 3);
        const char *e = sep ? sep : end;
        if (n == cap) {
            cap *= 2;
            start = realloc(start, cap * sizeof(*start));
            len = realloc(len, cap * sizeof(*len));
        }
        start[n] = p;
        len[n++] = (size_t)(e - p);
        p = sep ? sep + 3 : end;
    }
    double mb = in.len / 1e6, best_g = 1e9, best_c = 1e9;
    size_t out_bytes = 0;
    for (int round = 0; round < 3; round++) {
        double t0 = now();
        for (size_t i = 0; i < n; i++) {
            GumboOutput *g = gumbo_parse_with_options(&kGumboDefaultOptions, start[i], len[i]);
            gumbo_destroy_output(&kGumboDefaultOptions, g);
        }
        double tg = now() - t0;
        t0 = now();
        out_bytes = 0;
        arena *a = arena_new(1 << 20);
        for (size_t i = 0; i < n; i++) {
            html_opts o = {.policy = HTML_POLICY_ARTICLE, .base_url = "https://finance.sina.com.cn/x/"};
            html_result r;
            html_clean(a, start[i], len[i], &o, &r, &err);
            out_bytes += r.html_len;
            arena_reset(a);
        }
        arena_free(a);
        double tc = now() - t0;
        if (tg < best_g)
            best_g = tg;
        if (tc < best_c)
            best_c = tc;
    }
    printf("corpus: %.1f MB, %zu articles, cleaned output %.1f MB\n", mb, n, out_bytes / 1e6);
    printf("gumbo parse (bare):        %7.1f MB/s\n", mb / best_g);
    printf("newsmill html_clean:       %7.1f MB/s\n", mb / best_c);
    printf("ratio clean/gumbo:         %7.0f %%  (target >= 60 %%)\n", 100.0 * best_g / best_c);
    buf_free(&in);
    free(start);
    free(len);
    return 0;
}
