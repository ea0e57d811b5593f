/*
 * search_bench.c — the bench/search program: generates posts with varied
 * text and times the search index on them.
 *
 *   search_bench gen SITE N SEED   writes SITE/source/_posts/NNNNNNN.md:
 *                                  the seed's front matter, a title and a
 *                                  body of 6-12 paragraphs (fixed PRNG):
 *                                  1/8 a seed sentence, 2/8 an English
 *                                  one, 5/8 random pairs of characters
 *                                  taken from the seed's text
 *   search_bench parse SITE N      the anchor: post_read_file of every post
 *                                  and its body text, one core, no index
 *   search_bench index SITE        search_update (all cores), timed; then a
 *                                  second, incremental run with no change
 *   search_bench query SITE Q...   per query: hits, median of 5 runs of
 *                                  search_query (10 hits with snippets),
 *                                  and the anchor, a LIKE '%Q%' scan of
 *                                  the stored bodies
 *   search_bench mixed SITE N      N queries drawn from the posts' text
 *                                  (CJK runs of 1-4 characters, Latin
 *                                  words, no-match words; fixed PRNG):
 *                                  p50/p95/p99/max of search_query
 *
 * Not a test: run.sh runs it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <time.h>

#include "post/post.h"
#include "search/search.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t rng_ = 88172645463325252ull;
static uint64_t rnd(void)
{
    rng_ ^= rng_ << 13;
    rng_ ^= rng_ >> 7;
    rng_ ^= rng_ << 17;
    return rng_;
}

static const char *const english[] = {
    "The harbour of Rotterdam handled record volumes this quarter.",
    "Internet companies reported slower growth in advertising revenue.",
    "The central bank kept interest rates unchanged on Thursday.",
    "Analysts expect the digital economy to keep growing next year.",
    "Shipping costs fell as supply chains recovered from the pandemic.",
    "A new undersea cable will link Asia and Europe by 2025.",
    "The football club announced a new coach after a poor season.",
    "Scientists published a study on climate and ocean temperatures.",
};

static int gen(const char *site, size_t n, const char *seed_path)
{
    arena *a = arena_new(0);
    nm_error err;
    post seed;
    if (post_read_file(a, seed_path, NULL, &seed, &err) < 0) {
        log_nm_error(&err);
        return 1;
    }
    /* The seed's sentences: its body text cut at 。 */
    char *text = search_body_text(a, seed.body.ptr, seed.body.len, 1 << 20);
    const char *sent[256];
    size_t ns = 0;
    for (char *p = text, *q; ns < 256 && (q = strstr(p, "。")) != NULL; p = q + 3) {
        sent[ns++] = arena_strndup(a, p, (size_t)(q + 3 - p));
    }
    /* A vocabulary: every two-character piece of the seed's CJK text, for
     * random sentences (the seed alone has too few sentences to vary). */
    const char *vocab[4096];
    size_t nv = 0;
    for (const char *p = text; *p && nv < 4096;) {
        const unsigned char *u = (const unsigned char *)p;
        if (u[0] >= 0xE4 && u[0] <= 0xE9 && u[3] >= 0xE4 && u[3] <= 0xE9) {
            vocab[nv++] = arena_strndup(a, p, 6);
            p += 6;
        } else {
            p++;
        }
    }
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/source/_posts", site);
    if (fs_mkdirs(dir, &err) < 0) {
        log_nm_error(&err);
        return 1;
    }
    static const char *const groups[] = {"金融", "科技", "体育", "国际"};
    nm_buf out, body;
    buf_init(&out, NM_BUF_NOLIMIT);
    buf_init(&body, NM_BUF_NOLIMIT);
    char path[4200];
    arena *tmp = arena_new(0);
    for (size_t i = 0; i < n; i++) {
        post p = seed;
        p.lead = sv_make("", 0);
        const char *names[2] = {groups[i % 4], arena_printf(tmp, "频道%zu", i % 37)};
        post_hierarchy h = {names, 2};
        p.categories = &h;
        p.ncategories = 1;
        buf_reset(&body);
        buf_puts(&body, "<div>");
        size_t k = 6 + rnd() % 7;
        for (size_t j = 0; j < k; j++) {
            uint64_t r = rnd();
            if (r % 8 == 0) {
                buf_printf(&body, "<p>%s</p>", sent[(r >> 8) % ns]);
            } else if (r % 8 < 3) {
                buf_printf(&body, "<p>%s</p>", english[(r >> 8) % NM_ARRAY_LEN(english)]);
            } else {
                buf_puts(&body, "<p>");
                for (size_t w = 8 + (r >> 8) % 12; w > 0; w--)
                    buf_puts(&body, vocab[rnd() % nv]);
                buf_puts(&body, "。</p>");
            }
        }
        buf_printf(&body, "<p>post%zu</p></div>\n", i);
        p.body = sv_make(body.data, body.len);
        const char *ts = sent[rnd() % ns];
        size_t tl = strlen(ts) - 3; /* without 。 */
        if (tl > 60)
            for (tl = 60; ((unsigned char)ts[tl] & 0xC0) == 0x80; tl--)
                ;
        p.title = arena_printf(tmp, "%.*s %zu", (int)tl, ts, i);
        p.date = seed.date - (int64_t)i * 600;
        buf_reset(&out);
        post_write(&p, &out);
        snprintf(path, sizeof(path), "%s/%07zu.md", dir, i);
        if (fs_write_atomic(path, out.data, out.len, &err) < 0) {
            log_nm_error(&err);
            return 1;
        }
        arena_reset(tmp);
    }
    buf_free(&out);
    buf_free(&body);
    arena_free(tmp);
    arena_free(a);
    return 0;
}

static int parse(const char *site, size_t n)
{
    arena *a = arena_new(0);
    char path[4200];
    double t0 = now();
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof(path), "%s/source/_posts/%07zu.md", site, i);
        post p;
        nm_error err;
        if (post_read_file(a, path, NULL, &p, &err) == 0)
            bytes += strlen(search_body_text(a, p.body.ptr, p.body.len, 1 << 20));
        arena_reset(a);
    }
    double t = now() - t0;
    printf("anchor parse: %zu posts read + body text on 1 core in %.2f s (%.0f posts/s, %.0f MB text)\n",
           n, t, n / t, bytes / 1e6);
    arena_free(a);
    return 0;
}

static int index_site(const char *site)
{
    search_db *db;
    nm_error err;
    if (search_open(site, &db, &err) < 0) {
        log_nm_error(&err);
        return 1;
    }
    search_stats st;
    double t0 = now();
    if (search_update(db, true, &st, &err) < 0) {
        log_nm_error(&err);
        return 1;
    }
    double t = now() - t0;
    printf("index: %zu posts indexed in %.2f s (%.0f posts/s, %d cores)\n", st.indexed, t,
           st.indexed / t, nm_cpu_count());
    search_stats_free(&st);
    t0 = now();
    search_update(db, false, &st, &err);
    t = now() - t0;
    printf("incremental update, nothing changed: %zu posts checked, %zu read, in %.3f s\n",
           st.posts, st.read, t);
    search_stats_free(&st);
    search_close(db);
    return 0;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int query(const char *site, int argc, char **argv)
{
    search_db *db;
    nm_error err;
    if (search_open(site, &db, &err) < 0) {
        log_nm_error(&err);
        return 1;
    }
    char path[4200];
    snprintf(path, sizeof(path), "%s/.newsmill/search.db", site);
    sqlite3 *raw;
    sqlite3_open_v2(path, &raw, SQLITE_OPEN_READONLY, NULL);
    for (int i = 0; i < argc; i++) {
        double t[5];
        size_t n = 0;
        for (int r = 0; r < 5; r++) {
            search_results res;
            double t0 = now();
            search_query(db, argv[i], 10, 0, &res, &err);
            t[r] = now() - t0;
            n = res.n;
            search_results_free(&res);
        }
        qsort(t, 5, sizeof(double), cmp_d);
        /* how many posts match: count of the MATCH alone */
        arena *a = arena_new(0);
        const char *m = search_match_expr(a, argv[i], NULL);
        sqlite3_stmt *st;
        long long total = -1;
        if (sqlite3_prepare_v2(raw, "SELECT count(*) FROM doc_fts_content WHERE c3 LIKE ?1", -1,
                               &st, NULL) == SQLITE_OK) {
            sqlite3_bind_text(st, 1, arena_printf(a, "%%%s%%", argv[i]), -1, SQLITE_TRANSIENT);
            double t0 = now();
            if (sqlite3_step(st) == SQLITE_ROW)
                total = sqlite3_column_int64(st, 0);
            double tl = now() - t0;
            sqlite3_finalize(st);
            printf("query %-12s %2zu hits shown, median %7.2f ms | anchor LIKE scan of bodies: "
                   "%lld posts, %7.1f ms (%.0fx)   [MATCH %s]\n",
                   argv[i], n, t[2] * 1e3, total, tl * 1e3, tl / t[2], m);
        }
        arena_free(a);
    }
    sqlite3_close(raw);
    search_close(db);
    return 0;
}

/* One query drawn from the text of a random post: a CJK run of 1-4
 * characters (7 in 10), a Latin word of 3+ letters (2 in 10), or a word
 * no post has (1 in 10). Written into q (cap bytes). */
static void draw_query(sqlite3_stmt *st, const long long *ids, size_t nids, char *q, size_t cap)
{
    uint64_t kind = rnd() % 10;
    if (kind == 9) {
        snprintf(q, cap, "zq%llux", (unsigned long long)(rnd() % 1000000));
        return;
    }
    for (;;) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, ids[rnd() % nids]);
        if (sqlite3_step(st) != SQLITE_ROW)
            continue;
        const unsigned char *t = sqlite3_column_text(st, 0);
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        if (!t || n < 16)
            continue;
        size_t at = (size_t)(rnd() % (n - 12));
        if (kind < 7) {
            while (at < n && !(t[at] >= 0xE4 && t[at] <= 0xE9))
                at++;
            size_t want = 1 + (size_t)(rnd() % 4), k = 0, e = at;
            while (k < want && e + 2 < n && t[e] >= 0xE4 && t[e] <= 0xE9)
                e += 3, k++;
            if (k == 0)
                continue;
            snprintf(q, cap, "%.*s", (int)(e - at), (const char *)t + at);
            return;
        }
        while (at < n && !((t[at] | 0x20) >= 'a' && (t[at] | 0x20) <= 'z'))
            at++;
        while (at > 0 && ((t[at - 1] | 0x20) >= 'a' && (t[at - 1] | 0x20) <= 'z'))
            at--;
        size_t e = at;
        while (e < n && (t[e] | 0x20) >= 'a' && (t[e] | 0x20) <= 'z')
            e++;
        if (e - at < 3)
            continue;
        snprintf(q, cap, "%.*s", (int)(e - at), (const char *)t + at);
        return;
    }
}

/* search_bench mixed SITE N: N queries drawn by draw_query (fixed PRNG),
 * each timed once with search_query (10 hits with snippets), after one
 * untimed pass over the same queries (a warm page cache, as on a server
 * answering repeated searches). Prints p50/p95/p99/max. */
static int mixed(const char *site, size_t nq)
{
    search_db *db;
    nm_error err;
    if (search_open(site, &db, &err) < 0) {
        log_nm_error(&err);
        return 1;
    }
    char path[4200];
    snprintf(path, sizeof(path), "%s/.newsmill/search.db", site);
    sqlite3 *raw;
    sqlite3_open_v2(path, &raw, SQLITE_OPEN_READONLY, NULL);
    sqlite3_stmt *st, *cnt;
    /* the posts in path order: the same draws whatever the ids are */
    sqlite3_prepare_v2(raw, "SELECT id FROM doc ORDER BY path", -1, &cnt, NULL);
    size_t nids = 0, capids = 0;
    long long *ids = NULL;
    while (sqlite3_step(cnt) == SQLITE_ROW) {
        if (nids == capids)
            ids = realloc(ids, (capids = capids ? capids * 2 : 1024) * sizeof(*ids));
        ids[nids++] = sqlite3_column_int64(cnt, 0);
    }
    sqlite3_finalize(cnt);
    if (nids == 0) {
        fprintf(stderr, "search_bench: %s has no posts\n", path);
        return 1;
    }
    sqlite3_prepare_v2(raw, "SELECT c3 FROM doc_fts_content WHERE id = ?1", -1, &st, NULL);
    char (*qs)[64] = calloc(nq, 64);
    double *t = calloc(nq, sizeof(double));
    for (size_t i = 0; i < nq; i++)
        draw_query(st, ids, nids, qs[i], 64);
    sqlite3_finalize(st);
    size_t shown = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < nq; i++) {
            search_results res;
            double t0 = now();
            search_query(db, qs[i], 10, 0, &res, &err);
            t[i] = now() - t0;
            if (pass)
                shown += res.n;
            search_results_free(&res);
        }
    }
    size_t worst = 0;
    for (size_t i = 1; i < nq; i++)
        if (t[i] > t[worst])
            worst = i;
    printf("mixed queries: %zu (7/10 CJK runs of 1-4 characters, 2/10 Latin words, 1/10 no match), "
           "%.1f hits shown on average; slowest: %s\n",
           nq, (double)shown / (double)nq, qs[worst]);
    qsort(t, nq, sizeof(double), cmp_d);
    printf("mixed search_query: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms\n",
           t[nq / 2] * 1e3, t[nq * 95 / 100] * 1e3, t[nq * 99 / 100] * 1e3, t[nq - 1] * 1e3);
    free(qs);
    free(t);
    free(ids);
    sqlite3_close(raw);
    search_close(db);
    return 0;
}

int main(int argc, char **argv)
{
    log_set_level(LOG_NORMAL);
    if (argc == 5 && strcmp(argv[1], "gen") == 0)
        return gen(argv[2], strtoul(argv[3], NULL, 10), argv[4]);
    if (argc == 4 && strcmp(argv[1], "parse") == 0)
        return parse(argv[2], strtoul(argv[3], NULL, 10));
    if (argc == 3 && strcmp(argv[1], "index") == 0)
        return index_site(argv[2]);
    if (argc == 4 && strcmp(argv[1], "mixed") == 0)
        return mixed(argv[2], strtoul(argv[3], NULL, 10));
    if (argc >= 4 && strcmp(argv[1], "query") == 0)
        return query(argv[2], argc - 3, argv + 3);
    fprintf(stderr, "usage: search_bench gen SITE N SEED | parse SITE N | index SITE | query SITE Q... | mixed SITE N\n");
    return 2;
}
