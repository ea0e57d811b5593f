/*
 * bench_sanitize.c — MB/s of html_clean (ARTICLE policy) next to a bare
 * gumbo parse (default options, gumbo_destroy_output) of the same bytes,
 * measured in the same run. Input: a file of articles separated by a line
 * "\f\n" (bench/sanitize/run.sh generates it). Each article is parsed or
 * cleaned on its own, as newsmill does; the best of 3 rounds is reported.
 *
 * The cleaner runs twice: as shipped (simple.c's one-pass tree first, gumbo
 * when it declines) and with the fast path off (HTML_PATH_GUMBO: gumbo
 * always), and the share of articles the fast path takes is printed. Then
 * the same for "paragraph bodies": each article's <p> elements alone,
 * joined by newlines — the shape of most feed descriptions.
 */
#include <gumbo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "html/html_int.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef struct set {
    const char **start;
    size_t *len, n;
    double mb;
} set;

/* Best-of-3 seconds: bare gumbo (gumbo != 0) or html_clean with the fast
 * path on or off; *out_bytes the cleaned output. */
static double run(const set *s, int gumbo, bool simple_off, size_t *out_bytes)
{
    double best = 1e9;
    for (int round = 0; round < 3; round++) {
        double t0 = now();
        size_t ob = 0;
        arena *a = arena_new(1 << 20);
        for (size_t i = 0; i < s->n; i++) {
            if (gumbo) {
                GumboOutput *g = gumbo_parse_with_options(&kGumboDefaultOptions, s->start[i], s->len[i]);
                gumbo_destroy_output(&kGumboDefaultOptions, g);
                continue;
            }
            html_opts o = {.policy = HTML_POLICY_ARTICLE, .base_url = "https://finance.sina.com.cn/x/"};
            html_result r;
            nm_error err;
            html_clean_via(a, s->start[i], s->len[i], &o, &r, &err,
                           simple_off ? HTML_PATH_GUMBO : HTML_PATH_ANY);
            ob += r.html_len;
            arena_reset(a);
        }
        arena_free(a);
        double t = now() - t0;
        if (t < best)
            best = t;
        if (out_bytes)
            *out_bytes = ob;
    }
    return best;
}

static void report(const char *label, const set *s)
{
    size_t fast = 0, out_bytes = 0;
    arena *a = arena_new(1 << 20);
    for (size_t i = 0; i < s->n; i++) {
        fast += html_parse_simple(a, s->start[i], s->len[i]) != NULL;
        arena_reset(a);
    }
    arena_free(a);
    double tg = run(s, 1, false, NULL), toff = run(s, 0, true, NULL), ton = run(s, 0, false, &out_bytes);
    printf("%s: %.1f MB, %zu bodies, cleaned output %.1f MB, fast path taken by %zu (%.1f %%)\n",
           label, s->mb, s->n, out_bytes / 1e6, fast, s->n ? 100.0 * fast / s->n : 0.0);
    printf("  gumbo parse (bare):            %7.1f MB/s\n", s->mb / tg);
    printf("  html_clean, gumbo only:        %7.1f MB/s\n", s->mb / toff);
    printf("  html_clean (fast path first):  %7.1f MB/s  (%.2fx gumbo only)\n", s->mb / ton, toff / ton);
    printf("  ratio clean/gumbo:             %7.0f %%  (target >= 60 %%)\n", 100.0 * tg / ton);
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
    set art = {start, len, n, in.len / 1e6};
    report("articles", &art);
    /* Paragraph bodies: each article's <p>…</p> elements, joined. */
    nm_buf pb;
    buf_init(&pb, NM_BUF_NOLIMIT);
    size_t *poff = malloc(n * sizeof(*poff)), *plen = malloc(n * sizeof(*plen));
    for (size_t i = 0; i < n; i++) {
        poff[i] = pb.len;
        const char *e = start[i] + len[i];
        for (const char *p = memmem(start[i], len[i], "<p>", 3); p;
             p = memmem(p + 1, (size_t)(e - p - 1), "<p>", 3)) {
            const char *q = memmem(p, (size_t)(e - p), "</p>", 4);
            if (!q)
                break;
            buf_append(&pb, p, (size_t)(q - p) + 4);
            buf_putc(&pb, '\n');
        }
        plen[i] = pb.len - poff[i];
    }
    const char **pstart = malloc(n * sizeof(*pstart));
    for (size_t i = 0; i < n; i++)
        pstart[i] = pb.data + poff[i];
    set para = {pstart, plen, n, pb.len / 1e6};
    report("paragraph bodies", &para);
    buf_free(&pb);
    free(poff);
    free(plen);
    free(pstart);
    buf_free(&in);
    free(start);
    free(len);
    return 0;
}
