/*
 * test_index.c — the search index against a real site directory: first
 * indexing, incremental updates (unchanged, touched, edited, deleted,
 * broken posts), ranking and tie-breaks, snippets, query quoting, and the
 * body text taken from HTML.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "search/search.h"

static char site_[256];

static void rm_rf(const char *dir)
{
    char cmd[1100];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(site_, sizeof(site_), "%s/nm-search-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    assert_non_null(mkdtemp(site_));
    char p[512];
    snprintf(p, sizeof(p), "%s/source/_posts", site_);
    assert_int_equal(fs_mkdirs(p, NULL), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(site_);
    return 0;
}

/* Writes source/_posts/<name> with the given front matter values and
 * body, and sets its mtime to `mtime` seconds (so that tests control
 * what "changed" means). */
static void put_post(const char *name, const char *title, const char *date, const char *body,
                     long mtime)
{
    char path[512], text[8192];
    snprintf(path, sizeof(path), "%s/source/_posts/%s", site_, name);
    snprintf(text, sizeof(text),
             "---\ntitle: '%s'\ncategories:\n - 科技\n - IT之家\nauthor: Ann\ndate: %s\n---\n%s\n",
             title, date, body);
    assert_int_equal(fs_write_atomic(path, text, strlen(text), NULL), 0);
    struct timespec ts[2] = {{mtime, 0}, {mtime, 0}};
    assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static search_db *open_db(void)
{
    search_db *db;
    nm_error err;
    assert_int_equal(search_open(site_, &db, &err), 0);
    return db;
}

static search_stats update(search_db *db)
{
    search_stats st;
    nm_error err;
    assert_int_equal(search_update(db, false, &st, &err), 0);
    return st;
}

/* Paths of the hits for q, space separated, "" for none. */
static char hits_[4096];
static const char *hits(search_db *db, const char *q)
{
    search_results r;
    nm_error err;
    assert_int_equal(search_query(db, q, 50, 0, &r, &err), 0);
    hits_[0] = '\0';
    for (size_t i = 0; i < r.n; i++) {
        const char *s = strrchr(r.hits[i].path, '/') + 1;
        snprintf(hits_ + strlen(hits_), sizeof(hits_) - strlen(hits_), "%s%s", i ? " " : "", s);
    }
    search_results_free(&r);
    return hits_;
}

static void test_first_update_indexes_every_post(void **state)
{
    (void)state;
    put_post("a.md", "世界互联网大会", "2022-08-19 03:48:41", "<p>中国作为东道国</p>", 1000);
    put_post("b.md", "Weather report", "2022-08-20 00:00:00", "<p>Rain in London</p>", 1000);
    search_db *db = open_db();
    search_stats st = update(db);
    assert_int_equal(st.posts, 2);
    assert_int_equal(st.read, 2);
    assert_int_equal(st.indexed, 2);
    assert_int_equal(st.removed, 0);
    assert_int_equal(st.failed, 0);
    search_stats_free(&st);
    assert_string_equal(hits(db, "互联网"), "a.md");
    assert_string_equal(hits(db, "东道国"), "a.md");
    assert_string_equal(hits(db, "london"), "b.md");
    assert_string_equal(hits(db, "LONDON rain"), "b.md");
    assert_string_equal(hits(db, "london 互联网"), "");
    /* categories and author are searched too */
    assert_int_equal(strlen(hits(db, "IT之家")), strlen("a.md b.md"));
    assert_int_equal(strlen(hits(db, "ann")), strlen("a.md b.md"));
    search_close(db);
}

static void test_unchanged_posts_are_not_read_again(void **state)
{
    (void)state;
    put_post("a.md", "One", "2022-01-01", "alpha", 1000);
    search_db *db = open_db();
    search_stats st = update(db);
    assert_int_equal(st.indexed, 1);
    st = update(db);
    assert_int_equal(st.posts, 1);
    assert_int_equal(st.read, 0);
    assert_int_equal(st.indexed, 0);
    search_close(db);
    /* a fresh connection sees the same index */
    db = open_db();
    st = update(db);
    assert_int_equal(st.read, 0);
    assert_string_equal(hits(db, "alpha"), "a.md");
    search_close(db);
}

static void test_touched_post_is_read_but_not_rewritten(void **state)
{
    (void)state;
    put_post("a.md", "One", "2022-01-01", "alpha", 1000);
    search_db *db = open_db();
    search_stats st = update(db);
    put_post("a.md", "One", "2022-01-01", "alpha", 2000);
    st = update(db);
    assert_int_equal(st.read, 1);
    assert_int_equal(st.indexed, 0);
    st = update(db);
    assert_int_equal(st.read, 0);
    search_close(db);
}

static void test_edited_post_is_reindexed(void **state)
{
    (void)state;
    put_post("a.md", "One", "2022-01-01", "alpha", 1000);
    put_post("b.md", "Two", "2022-01-01", "beta", 1000);
    search_db *db = open_db();
    search_stats st = update(db);
    put_post("a.md", "One", "2022-01-01", "gamma", 1001);
    st = update(db);
    assert_int_equal(st.read, 1);
    assert_int_equal(st.indexed, 1);
    assert_string_equal(hits(db, "alpha"), "");
    assert_string_equal(hits(db, "gamma"), "a.md");
    assert_string_equal(hits(db, "beta"), "b.md");
    search_close(db);
}

static void test_deleted_post_leaves_the_index(void **state)
{
    (void)state;
    put_post("a.md", "One", "2022-01-01", "alpha", 1000);
    put_post("b.md", "Two", "2022-01-01", "alpha", 1000);
    put_post("c.md", "Three", "2022-01-01", "alpha", 1000);
    search_db *db = open_db();
    search_stats st = update(db);
    char p[512];
    snprintf(p, sizeof(p), "%s/source/_posts/b.md", site_);
    assert_int_equal(unlink(p), 0);
    st = update(db);
    assert_int_equal(st.posts, 2);
    assert_int_equal(st.removed, 1);
    assert_int_equal(st.read, 0);
    assert_string_equal(hits(db, "alpha"), "a.md c.md");
    search_close(db);
}

static void test_posts_in_subdirectories_are_found(void **state)
{
    (void)state;
    put_post("a.md", "One", "2022-01-01", "alpha", 1000);
    char p[512];
    snprintf(p, sizeof(p), "%s/source/_posts/2022/08", site_);
    assert_int_equal(fs_mkdirs(p, NULL), 0);
    put_post("2022/08/deep.md", "Deep", "2022-01-02", "alpha", 1000);
    put_post(".hidden.md", "Hidden", "2022-01-02", "alpha", 1000);
    search_db *db = open_db();
    search_stats st = update(db);
    assert_int_equal(st.posts, 2);
    search_results r;
    assert_int_equal(search_query(db, "alpha", 10, 0, &r, NULL), 0);
    assert_int_equal(r.n, 2);
    assert_string_equal(r.hits[0].path, "source/_posts/2022/08/deep.md");
    assert_string_equal(r.hits[1].path, "source/_posts/a.md");
    search_results_free(&r);
    search_close(db);
}

static void test_broken_post_is_reported_and_dropped(void **state)
{
    (void)state;
    put_post("a.md", "One", "2022-01-01", "alpha", 1000);
    put_post("b.md", "Two", "2022-01-01", "alpha", 1000);
    search_db *db = open_db();
    search_stats st = update(db);
    char p[512];
    snprintf(p, sizeof(p), "%s/source/_posts/b.md", site_);
    const char *bad = "---\ntitle: [unclosed\n---\nalpha\n";
    assert_int_equal(fs_write_atomic(p, bad, strlen(bad), NULL), 0);
    st = update(db);
    assert_int_equal(st.failed, 1);
    assert_int_equal(st.removed, 1);
    assert_non_null(st.problems);
    assert_true(strncmp(st.problems[0], "source/_posts/b.md:2: ", 22) == 0);
    search_stats_free(&st);
    assert_string_equal(hits(db, "alpha"), "a.md");
    /* still broken: read again each time (it has no row), still reported */
    st = update(db);
    assert_int_equal(st.failed, 1);
    assert_int_equal(st.removed, 0);
    search_stats_free(&st);
    search_close(db);
}

static void test_title_outranks_body_and_ties_go_newest_first(void **state)
{
    (void)state;
    put_post("body.md", "Something else", "2022-03-01", "<p>港口 news about ports</p>", 1000);
    put_post("title.md", "港口 news", "2022-01-01", "<p>unrelated words here</p>", 1000);
    put_post("old.md", "Filler", "2021-01-01", "<p>same text</p>", 1000);
    put_post("new.md", "Filler", "2023-01-01", "<p>same text</p>", 1000);
    put_post("mid.md", "Filler", "2022-01-01", "<p>same text</p>", 1000);
    search_db *db = open_db();
    search_stats st = update(db);
    (void)st;
    assert_string_equal(hits(db, "港口"), "title.md body.md");
    assert_string_equal(hits(db, "news"), "title.md body.md");
    assert_string_equal(hits(db, "same text"), "new.md mid.md old.md");
    search_results r;
    assert_int_equal(search_query(db, "same", 1, 1, &r, NULL), 0);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.hits[0].path, "source/_posts/mid.md");
    assert_int_equal(r.hits[0].date, date_from_civil(2022, 1, 1, 0, 0, 0));
    search_results_free(&r);
    search_close(db);
}

static void test_snippet_and_title_mark_the_matches(void **state)
{
    (void)state;
    put_post("a.md", "世界互联网大会", "2022-08-19", "<p>是互联网国际大家庭共同的平台</p>", 1000);
    search_db *db = open_db();
    search_stats st = update(db);
    (void)st;
    search_results r;
    assert_int_equal(search_query(db, "互联网", 10, 0, &r, NULL), 0);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.hits[0].title, "世界互联网大会");
    assert_string_equal(r.hits[0].title_marked, "世界\x02互联网\x03大会");
    assert_string_equal(r.hits[0].snippet, "是\x02互联网\x03国际大家庭共同的平台");
    assert_string_equal(r.match, "\"互联网\"");
    search_results_free(&r);
    /* one character, wherever it is in a run */
    assert_string_equal(hits(db, "网"), "a.md");
    assert_string_equal(hits(db, "台"), "a.md");
    assert_string_equal(hits(db, "世"), "a.md");
    assert_string_equal(hits(db, "猫"), "");
    /* not across a punctuation boundary: 大会 and 是 are apart */
    assert_string_equal(hits(db, "会是"), "");
    search_close(db);
}

static void test_user_syntax_never_breaks_the_query(void **state)
{
    (void)state;
    put_post("a.md", "AND OR NOT", "2022-01-01", "<p>near the col: x</p>", 1000);
    search_db *db = open_db();
    search_stats st = update(db);
    (void)st;
    static const char *const qs[] = {"\"", "AND(", "*", "NEAR(a b)", "col:x", "^near",
                                     "a OR", "\"\"\"", "-x", "(((", "NOT", "title:and"};
    for (size_t i = 0; i < NM_ARRAY_LEN(qs); i++) {
        search_results r;
        nm_error err;
        nm_error_clear(&err);
        assert_int_equal(search_query(db, qs[i], 10, 0, &r, &err), 0);
        search_results_free(&r);
    }
    assert_string_equal(hits(db, "AND("), "a.md");
    assert_string_equal(hits(db, "\"not\""), "a.md");
    assert_string_equal(hits(db, "col:x"), "a.md");
    search_results r;
    assert_int_equal(search_query(db, "* \" (", 10, 0, &r, NULL), 0);
    assert_int_equal(r.nterms, 0);
    assert_int_equal(r.n, 0);
    search_results_free(&r);
    search_close(db);
}

static void test_reindex_reads_everything_again(void **state)
{
    (void)state;
    put_post("a.md", "One", "2022-01-01", "alpha", 1000);
    put_post("b.md", "Two", "2022-01-01", "beta", 1000);
    search_db *db = open_db();
    search_stats st = update(db);
    nm_error err;
    assert_int_equal(search_update(db, true, &st, &err), 0);
    assert_int_equal(st.read, 2);
    assert_int_equal(st.indexed, 2);
    assert_string_equal(hits(db, "beta"), "b.md");
    search_close(db);
}

static void test_not_a_site_is_an_error(void **state)
{
    (void)state;
    char p[512];
    snprintf(p, sizeof(p), "%s/source", site_);
    rm_rf(p);
    search_db *db = open_db();
    nm_error err;
    assert_int_equal(search_update(db, false, NULL, &err), -1);
    assert_string_equal(err.msg, "no source/_posts/ directory here (is it a site?)");
    assert_string_equal(err.where, site_);
    search_close(db);
}

static void test_old_schema_is_rebuilt(void **state)
{
    (void)state;
    put_post("a.md", "One", "2022-01-01", "alpha", 1000);
    search_db *db = open_db();
    search_stats st = update(db);
    search_close(db);
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "%s/.newsmill/search.db", site_);
    /* an index written by another schema version: user_version 0 */
    {
        FILE *f = fopen(cmd, "r+b");
        assert_non_null(f);
        /* user_version is the 4-byte big-endian integer at offset 60 */
        assert_int_equal(fseek(f, 60, SEEK_SET), 0);
        unsigned char z[4] = {0, 0, 0, 0};
        assert_int_equal(fwrite(z, 1, 4, f), 4);
        fclose(f);
    }
    db = open_db();
    st = update(db);
    assert_int_equal(st.read, 1);
    assert_int_equal(st.indexed, 1);
    assert_string_equal(hits(db, "alpha"), "a.md");
    search_close(db);
}

/* ---- body text -------------------------------------------------------------- */

static const char *text(const char *html, size_t max)
{
    static char out[1024];
    arena *a = arena_new(0);
    snprintf(out, sizeof(out), "%s", search_body_text(a, html, strlen(html), max));
    arena_free(a);
    return out;
}

static void test_body_text_separates_blocks_and_drops_scripts(void **state)
{
    (void)state;
    assert_string_equal(text("<p>one</p><p>two</p>", 100), "one two");
    assert_string_equal(text("<p>h<b>el</b>lo</p>", 100), "hello");
    assert_string_equal(text("a<script>var x=1;</script><style>p{}</style>b", 100), "ab");
    assert_string_equal(text("<div>  \n\t x &amp; y &lt;z&gt;</div>", 100), "x & y <z>");
    assert_string_equal(text("<p>\xe3\x80\x80\xe3\x80\x80原标题</p>", 100), "原标题");
    assert_string_equal(text("# Title\n\nSome *markdown*", 100), "# Title Some *markdown*");
    assert_string_equal(text("", 100), "");
    /* no highlight marks can come from a body */
    assert_null(strchr(text("<p>a\x02" "b\x03</p>", 100), '\x02'));
    assert_null(strchr(text("<p>a\x02" "b\x03</p>", 100), '\x03'));
}

static void test_body_text_is_cut_at_a_character(void **state)
{
    (void)state;
    assert_string_equal(text("中文字", 7), "中文");
    assert_string_equal(text("abcdef", 3), "abc");
}

static void test_body_text_survives_deep_nesting(void **state)
{
    (void)state;
    size_t n = 200000;
    char *in = xmalloc(n * 5 + 8);
    for (size_t i = 0; i < n; i++)
        memcpy(in + i * 5, "<div>", 5);
    memcpy(in + n * 5, "deep", 5);
    arena *a = arena_new(0);
    assert_string_equal(search_body_text(a, in, strlen(in), 100), "deep");
    arena_free(a);
    free(in);
}

/* 2,100 posts with "common": ranked in blocks of SEARCH_RANK_BLOCK, newest
 * block first; paging reaches every match once; a title match leads its
 * own block, not the whole list. */
static void test_many_matches_are_ranked_newest_block_first(void **state)
{
    (void)state;
    enum { N = 2100 };
    _Static_assert(SEARCH_RANK_BLOCK == 1000, "the blocks below assume 1000");
    for (int i = 0; i < N; i++) {
        char name[32], title[64], date[32];
        snprintf(name, sizeof(name), "p%04d.md", i);
        snprintf(title, sizeof(title), i == 5 ? "common %d" : "Post %d", i);
        snprintf(date, sizeof(date), "%d-%02d-%02d", 2000 + i / 336, 1 + (i / 28) % 12,
                 1 + i % 28);
        put_post(name, title, date, "<p>common words</p>", 1000);
    }
    search_db *db = open_db();
    search_stats st = update(db);
    (void)st;
    static bool seen[N];
    for (size_t off = 0; off < N; off += 300) {
        search_results r;
        assert_int_equal(search_query(db, "common", 300, off, &r, NULL), 0);
        assert_int_equal(r.n, 300);
        for (size_t k = 0; k < r.n; k++) {
            int i = atoi(strrchr(r.hits[k].path, '/') + 2);
            assert_false(seen[i]);
            seen[i] = true;
            /* positions [0,1000) hold the newest 1000 posts, and so on */
            size_t pos = off + k;
            int lo = pos < 1000 ? 1100 : pos < 2000 ? 100 : 0;
            assert_true(i >= lo && i < lo + 1000);
        }
        search_results_free(&r);
    }
    search_results r;
    assert_int_equal(search_query(db, "common", 10, N, &r, NULL), 0);
    assert_int_equal(r.n, 0);
    search_results_free(&r);
    assert_int_equal(search_query(db, "common", 1, 2000, &r, NULL), 0);
    assert_string_equal(r.hits[0].path, "source/_posts/p0005.md");
    search_results_free(&r);
    search_close(db);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_first_update_indexes_every_post),
        T(test_unchanged_posts_are_not_read_again),
        T(test_touched_post_is_read_but_not_rewritten),
        T(test_edited_post_is_reindexed),
        T(test_deleted_post_leaves_the_index),
        T(test_posts_in_subdirectories_are_found),
        T(test_broken_post_is_reported_and_dropped),
        T(test_title_outranks_body_and_ties_go_newest_first),
        T(test_snippet_and_title_mark_the_matches),
        T(test_many_matches_are_ranked_newest_block_first),
        T(test_user_syntax_never_breaks_the_query),
        T(test_reindex_reads_everything_again),
        T(test_not_a_site_is_an_error),
        T(test_old_schema_is_rebuilt),
        cmocka_unit_test(test_body_text_separates_blocks_and_drops_scripts),
        cmocka_unit_test(test_body_text_is_cut_at_a_character),
        cmocka_unit_test(test_body_text_survives_deep_nesting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
