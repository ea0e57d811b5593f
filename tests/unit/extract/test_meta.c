/*
 * test_meta.c — where title, byline, date and lead image come from, each
 * source alone and in its order of trust: JSON-LD (NewsArticle, in
 * @graph, authors as a list), Open Graph / article:*, <meta name=author>,
 * <time datetime>, <title> (site tail cut); Chinese pages' zone-less dates
 * read as China time; lead images only http(s).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "extract/extract.h"

static const char body[] =
    "<body><article><p>The article's one paragraph, with enough words, commas, and length to "
    "be the article that the scorer finds on this page.</p></article></body></html>";

static extract_article run(arena *a, const char *head)
{
    char *p = arena_printf(a, "<html><head>%s</head>%s", head, body);
    extract_input in = {.data = p, .len = strlen(p), .url = "https://news.example.com/a/b.html"};
    extract_article art;
    nm_error err;
    nm_error_clear(&err);
    assert_int_equal(extract_page(a, NULL, &in, &art, &err), 0);
    return art;
}

static void test_meta_jsonld_news_article(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    extract_article art = run(
        a, "<title>Other - Site</title><meta property='og:title' content='OG title'>"
           "<script type='application/ld+json'>{\"@context\":\"https://schema.org\",\"@graph\":["
           "{\"@type\":\"WebSite\",\"name\":\"Site\"},"
           "{\"@type\":\"NewsArticle\",\"headline\":\"LD headline\",\"datePublished\":"
           "\"2024-01-02T03:04:05+08:00\",\"author\":[{\"@type\":\"Person\",\"name\":\"Ann\"},"
           "{\"name\":\"Bo\"}],\"image\":{\"url\":\"https://img.example.com/ld.jpg\"}}]}</script>");
    assert_string_equal(art.title, "LD headline");
    assert_string_equal(art.byline, "Ann, Bo");
    assert_int_equal(art.published, 1704135845); /* 2024-01-01T19:04:05Z */
    assert_string_equal(art.lead_image, "https://img.example.com/ld.jpg");
    arena_free(a);
}

static void test_meta_broken_jsonld_is_ignored(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    extract_article art = run(a, "<script type='application/ld+json'>{\"@type\":</script>"
                                 "<title>Plain title</title>");
    assert_string_equal(art.title, "Plain title");
    arena_free(a);
}

static void test_meta_open_graph(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    extract_article art = run(
        a, "<title>Other</title><meta property='og:title' content='OG title'>"
           "<meta property='og:image' content='/img/og.png'>"
           "<meta property='article:published_time' content='2023-05-06T07:08:09Z'>"
           "<meta property='article:author' content='Cy Writer'>");
    assert_string_equal(art.title, "OG title");
    assert_string_equal(art.byline, "Cy Writer");
    assert_int_equal(art.published, 1683356889);
    assert_string_equal(art.lead_image, "https://news.example.com/img/og.png");
    arena_free(a);
}

static void test_meta_name_author_and_url_author_skipped(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    extract_article art =
        run(a, "<meta property='article:author' content='https://facebook.com/someone'>"
               "<meta name='author' content='Dee Reporter'>");
    assert_string_equal(art.byline, "Dee Reporter");
    arena_free(a);
}

static void test_meta_time_element(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    char *p = arena_printf(a, "<html><head></head><body><time datetime='2022-08-19T03:48:41Z'>"
                              "Aug 19</time>%s",
                           body + 6);
    extract_input in = {.data = p, .len = strlen(p), .url = "https://x.example.com/"};
    extract_article art;
    nm_error err;
    nm_error_clear(&err);
    assert_int_equal(extract_page(a, NULL, &in, &art, &err), 0);
    assert_int_equal(art.published, 1660880921);
    assert_null(art.lead_image);
    arena_free(a);
}

static void test_meta_title_tail_cut(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    assert_string_equal(run(a, "<title>A long enough headline - The Site</title>").title,
                        "A long enough headline");
    assert_string_equal(run(a, "<title>央行宣布下调存款准备金率0.5个百分点_新浪财经_新浪网</title>").title,
                        "央行宣布下调存款准备金率0.5个百分点");
    assert_string_equal(run(a, "<title>Short | Site</title>").title, "Short | Site");
    arena_free(a);
}

static void test_meta_chinese_page_dates_are_china_time(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    char *p = arena_printf(a, "<html lang='zh-CN'><head><meta name='publishdate' "
                              "content='2020-08-31 12:56:00'></head>%s",
                           body);
    extract_input in = {.data = p, .len = strlen(p), .url = "https://finance.example.cn/"};
    extract_article art;
    nm_error err;
    nm_error_clear(&err);
    assert_int_equal(extract_page(a, NULL, &in, &art, &err), 0);
    assert_int_equal(art.published, 1598849760); /* 04:56 UTC */
    arena_free(a);
}

static void test_meta_non_http_lead_image_dropped(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    extract_article art = run(a, "<meta property='og:image' content='javascript:alert(1)'>");
    assert_null(art.lead_image);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_meta_jsonld_news_article),
        cmocka_unit_test(test_meta_broken_jsonld_is_ignored),
        cmocka_unit_test(test_meta_open_graph),
        cmocka_unit_test(test_meta_name_author_and_url_author_skipped),
        cmocka_unit_test(test_meta_time_element),
        cmocka_unit_test(test_meta_title_tail_cut),
        cmocka_unit_test(test_meta_chinese_page_dates_are_china_time),
        cmocka_unit_test(test_meta_non_http_lead_image_dropped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
