/*
 * test_state.c — the build's state files, stored compactly: the manifest
 * (paths packed, damaged lines skipped, found by path) and the post cache
 * (records read, summaries and excerpts read from the file when asked
 * for), each saved and loaded back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "site/site_int.h"

static char dir[] = "/tmp/nm-test-state-XXXXXX";

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    nm_error err;
    return site_remove_tree(dir, &err);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_manifest_round_trip_and_damaged_lines(void **state)
{
    (void)state;
    char path[256];
    snprintf(path, sizeof path, "%s/manifest", dir);
    /* a file of ours with a damaged line in the middle and no final newline */
    write_text(path, "newsmill-manifest 2\n"
                     "00000000000000aa 10 1000 00000000000000bb index.html\n"
                     "zz damaged line\n"
                     "0123456789abcdef 2048 1700000000123456789 fedcba9876543210 "
                     "2022/08/19/新闻/index.html\n"
                     "0000000000000001 0 5 0000000000000000 css/newsmill.css");
    nm_error err;
    manifest m;
    assert_int_equal(manifest_load(&m, path, &err), 0);
    assert_int_equal(m.n, 3);
    const manifest_entry *e = manifest_find(&m, "2022/08/19/新闻/index.html");
    assert_non_null(e);
    assert_int_equal(e->hash, 0x0123456789abcdefull);
    assert_int_equal(e->size, 2048);
    assert_int_equal(e->mtime_ns, 1700000000123456789ll);
    assert_int_equal(e->dep, 0xfedcba9876543210ull);
    assert_int_equal(manifest_index(&m, e), 1);
    e = manifest_find(&m, "css/newsmill.css");
    assert_non_null(e);
    assert_int_equal(e->mtime_ns, 5);
    assert_null(manifest_find(&m, "zz"));
    assert_null(manifest_find(&m, "index.htm"));
    assert_string_equal(manifest_find(&m, "index.html")->path, "index.html");

    /* saved sorted by path, loaded back the same */
    char again[256];
    snprintf(again, sizeof again, "%s/manifest2", dir);
    manifest_entry copy[3]; /* saved from a copy, unsorted */
    memcpy(copy, m.v, sizeof copy);
    assert_int_equal(manifest_save(again, copy, m.n, NULL, 0, &err), 0);
    manifest m2;
    assert_int_equal(manifest_load(&m2, again, &err), 0);
    assert_int_equal(m2.n, 3);
    assert_string_equal(m2.v[0].path, "2022/08/19/新闻/index.html");
    assert_string_equal(m2.v[1].path, "css/newsmill.css");
    assert_string_equal(m2.v[2].path, "index.html");
    for (size_t i = 0; i < m2.n; i++) {
        const manifest_entry *a = manifest_find(&m, m2.v[i].path);
        assert_non_null(a);
        assert_int_equal(a->hash, m2.v[i].hash);
        assert_int_equal(a->size, m2.v[i].size);
        assert_int_equal(a->mtime_ns, m2.v[i].mtime_ns);
        assert_int_equal(a->dep, m2.v[i].dep);
    }
    manifest_free(&m2);
    manifest_free(&m);

    /* another program's file, and no file: empty */
    write_text(path, "hash size path\n0000000000000001 1 1 0000000000000001 a\n");
    assert_int_equal(manifest_load(&m, path, &err), 0);
    assert_int_equal(m.n, 0);
    assert_null(manifest_find(&m, "a"));
    manifest_free(&m);
    snprintf(path, sizeof path, "%s/none", dir);
    assert_int_equal(manifest_load(&m, path, &err), 0);
    assert_int_equal(m.n, 0);
    manifest_free(&m);
}

static void test_manifest_many_entries(void **state)
{
    (void)state;
    enum { N = 5000 };
    manifest_entry *v = calloc(N, sizeof *v);
    char (*names)[48] = calloc(N, sizeof *names);
    for (size_t i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "page/%zu/index.html", N - i);
        v[i] = (manifest_entry){names[i], i * 7919, i, (int64_t)i * 1000, i + 1};
    }
    char path[256];
    snprintf(path, sizeof path, "%s/many", dir);
    nm_error err;
    /* in two arrays, each out of order: merged in path order */
    assert_int_equal(manifest_save(path, v, N / 3, v + N / 3, N - N / 3, &err), 0);
    manifest m;
    assert_int_equal(manifest_load(&m, path, &err), 0);
    assert_int_equal(m.n, N);
    for (size_t i = 1; i < N; i++)
        assert_true(strcmp(m.v[i - 1].path, m.v[i].path) < 0);
    for (size_t i = 0; i < N; i++) {
        char name[48];
        snprintf(name, sizeof name, "page/%zu/index.html", i + 1);
        const manifest_entry *e = manifest_find(&m, name);
        assert_non_null(e);
        size_t k = N - 1 - i; /* the entry that had this name */
        assert_int_equal(e->hash, k * 7919);
        assert_int_equal(e->size, k);
        assert_int_equal(e->dep, k + 1);
    }
    manifest_free(&m);
    free(v);
    free(names);
}

/* texts as read_file makes them: summary NUL more NUL */
static void set_texts(arena *a, site_post *sp, const char *summary, const char *more)
{
    size_t sl = strlen(summary), ml = more ? strlen(more) : 0;
    char *t = arena_alloc(a, sl + ml + 2);
    memcpy(t, summary, sl + 1);
    memcpy(t + sl + 1, more ? more : "", ml + 1);
    sp->texts = t;
    sp->summary_len = (uint32_t)sl;
    sp->more_len = (uint32_t)ml;
}

static site_post *make_post(arena *a, const char *rel, const char *summary, const char *more,
                            int64_t ino)
{
    site_post *sp = arena_zalloc(a, sizeof *sp);
    sp->rel = rel;
    sp->st = (post_stat){100 + ino, 1000 + ino, 2000 + ino, (uint64_t)ino};
    sp->hash = 0xabcull + (uint64_t)ino;
    sp->date = 1700000000 + ino;
    sp->updated = sp->date + 1;
    sp->fm.title = "标题";
    sp->fm.headimg = "https://img.example.com/a.jpg";
    set_texts(a, sp, summary, more);
    static const char *tags[] = {"t1", "t2"};
    sp->fm.tags = tags;
    sp->fm.ntags = 2;
    static const char *names[] = {"金融", "新浪财经"};
    static post_hierarchy h[] = {{names, 2}};
    sp->fm.categories = h;
    sp->fm.ncategories = 1;
    return sp;
}

/* sp's texts (from c when not its own) are summary and more ("" none) */
static void check_texts(const post_cache *c, arena *a, const site_post *sp, const char *summary,
                        const char *more)
{
    const char *s;
    str_view m;
    post_cache_texts(c, a, sp, &s, &m);
    assert_string_equal(s, summary);
    assert_int_equal(m.len, strlen(more));
    assert_memory_equal(m.ptr, more, m.len);
    assert_int_equal(m.ptr[m.len], 0);
}

static void test_post_cache_round_trip(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    site_post *posts[3] = {
        make_post(a, "a.md", "第一篇的摘要", NULL, 1),
        make_post(a, "b.md", "", "<p>before more</p>", 2),
        make_post(a, "sub/c.md", "summary c", "<b>x</b>", 3),
    };
    char path[256];
    snprintf(path, sizeof path, "%s/post-cache", dir);
    nm_error err;
    assert_int_equal(post_cache_save(path, 42, posts, 3, NULL, NULL, &err), 0);
    /* another key: empty */
    post_cache *c = post_cache_load(path, 43);
    assert_int_equal(post_cache_count(c), 0);
    post_cache_free(c);

    c = post_cache_load(path, 42);
    assert_int_equal(post_cache_count(c), 3);
    site_post got;
    memset(&got, 0, sizeof got);
    post_stat st = posts[2]->st;
    assert_true(post_cache_get(c, "sub/c.md", &st, a, &got));
    assert_null(got.texts); /* left in the file */
    check_texts(c, a, &got, "summary c", "<b>x</b>");
    assert_string_equal(got.fm.title, "标题");
    assert_string_equal(got.rel, "sub/c.md");
    assert_int_equal(got.hash, 0xabcull + 3);
    assert_int_equal(got.updated, 1700000004);
    assert_int_equal(got.fm.ntags, 2);
    assert_string_equal(got.fm.tags[1], "t2");
    assert_int_equal(got.fm.ncategories, 1);
    assert_string_equal(got.fm.categories[0].names[1], "新浪财经");
    memset(&got, 0, sizeof got);
    st = posts[1]->st;
    assert_true(post_cache_get(c, "b.md", &st, a, &got));
    check_texts(c, a, &got, "", "<p>before more</p>");
    memset(&got, 0, sizeof got);
    st = posts[0]->st;
    assert_true(post_cache_get(c, "a.md", &st, a, &got));
    check_texts(c, a, &got, "第一篇的摘要", "");
    /* another stat, another name: not from the cache */
    st.mtime_ns++;
    assert_false(post_cache_get(c, "a.md", &st, a, &got));
    st = posts[0]->st;
    assert_false(post_cache_get(c, "d.md", &st, a, &got));

    /* saved again from posts whose texts are in the cache's file (the
     * old file is replaced while open), loaded back the same */
    site_post *again[3];
    for (int i = 0; i < 3; i++) {
        again[i] = arena_zalloc(a, sizeof *again[i]);
        st = posts[i]->st;
        assert_true(post_cache_get(c, posts[i]->rel, &st, a, again[i]));
    }
    assert_int_equal(post_cache_save(path, 42, again, 3, c, NULL, &err), 0);
    post_cache *c2 = post_cache_load(path, 42);
    assert_int_equal(post_cache_count(c2), 3);
    memset(&got, 0, sizeof got);
    st = posts[2]->st;
    assert_true(post_cache_get(c2, "sub/c.md", &st, a, &got));
    check_texts(c2, a, &got, "summary c", "<b>x</b>");
    check_texts(c, a, again[0], "第一篇的摘要", ""); /* the old file, still open */
    post_cache_free(c2);
    post_cache_free(c);

    /* saved with texts: the posts' texts are now in the saved file, the
     * same bytes, also once it is replaced (the file stays open) */
    post_cache *texts = NULL;
    assert_int_equal(post_cache_save(path, 42, posts, 3, NULL, &texts, &err), 0);
    assert_non_null(texts);
    assert_null(posts[2]->texts);
    check_texts(texts, a, posts[0], "第一篇的摘要", "");
    check_texts(texts, a, posts[1], "", "<p>before more</p>");
    check_texts(texts, a, posts[2], "summary c", "<b>x</b>");
    assert_int_equal(post_cache_save(path, 42, posts, 3, texts, NULL, &err), 0);
    check_texts(texts, a, posts[2], "summary c", "<b>x</b>");

    /* a file cut short: what is whole of it at most, never an error */
    struct stat fs;
    assert_int_equal(stat(path, &fs), 0);
    assert_int_equal(truncate(path, fs.st_size - 10), 0);
    c = post_cache_load(path, 42);
    assert_true(post_cache_count(c) < 3);
    post_cache_free(c);
    assert_int_equal(truncate(path, 20), 0);
    c = post_cache_load(path, 42);
    assert_int_equal(post_cache_count(c), 0);
    post_cache_free(c);
    post_cache_free(texts);
    arena_free(a);
}

/* Texts of more than the save's 1 MB window, some of them longer than
 * it: saved again from the cache, every post's come back the same. */
static void test_post_cache_texts_past_the_window(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    enum { N = 3000 };
    site_post *posts[N], *again[N];
    char *want[N];
    for (int i = 0; i < N; i++) {
        size_t len = i % 1000 == 7 ? (1u << 20) + 333 : 300 + (size_t)(i % 97);
        want[i] = arena_alloc(a, len + 1);
        for (size_t k = 0; k < len; k++)
            want[i][k] = (char)('a' + (i + (int)k) % 26);
        want[i][len] = 0;
        char *rel = arena_printf(a, "p%05d.md", i);
        posts[i] = make_post(a, rel, want[i], i % 3 ? NULL : "<p>m</p>", i + 1);
    }
    char path[256];
    snprintf(path, sizeof path, "%s/post-cache-big", dir);
    nm_error err;
    assert_int_equal(post_cache_save(path, 7, posts, N, NULL, NULL, &err), 0);
    post_cache *c = post_cache_load(path, 7);
    assert_int_equal(post_cache_count(c), N);
    for (int i = 0; i < N; i++) {
        again[i] = arena_zalloc(a, sizeof *again[i]);
        assert_true(post_cache_get(c, posts[i]->rel, &posts[i]->st, a, again[i]));
    }
    /* one read from its own bytes, the rest from the old file */
    set_texts(a, again[1], "own", NULL);
    post_cache *texts = NULL;
    assert_int_equal(post_cache_save(path, 7, again, N, c, &texts, &err), 0);
    assert_non_null(texts);
    for (int i = 0; i < N; i++)
        check_texts(texts, a, again[i], i == 1 ? "own" : want[i], i % 3 ? "" : "<p>m</p>");
    post_cache_free(texts);
    post_cache_free(c);
    unlink(path);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_manifest_round_trip_and_damaged_lines),
        cmocka_unit_test(test_manifest_many_entries),
        cmocka_unit_test(test_post_cache_round_trip),
        cmocka_unit_test(test_post_cache_texts_past_the_window),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
