/*
 * test_links.c — the article links of a section page (type: html), with
 * and without an item: selector; the selector subset as XPath.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "extract/extract.h"

static const char page[] =
    "<html><head><base href=\"https://news.example.com.cn/china/\"></head><body>"
    "<nav><a href=\"/2023/01/03/nav-story-that-is-long.html\">导航里的一条很长的新闻</a></nav>"
    "<div class=\"list\"><ul>"
    "<li class=\"item\"><a href=\"2023-01-03/doc-imyx1234.shtml\">国务院常务会议部署稳经济措施</a></li>"
    "<li class=\"item\"><span>08:00</span> <a href=\"https://finance.example.com.cn/stock/2023/0103/a.html#top\">"
    "A股三大指数集体高开 <b>沪指</b>涨0.5%</a></li>"
    "<li><a href=\"/china/\">国内新闻频道</a></li>"
    "<li><a href=\"https://other.example.org/2023/01/03/story.html\">别的网站上的一条新闻报道</a></li>"
    "<li><a href=\"/world/2023/01/03/short.html\">短讯</a></li>"
    "<li><a href=\"https://news.example.com.cn/world/ukraine-talks-resume-in-geneva\">Ukraine talks resume in Geneva</a></li>"
    "<li><a href=\"2023-01-03/doc-imyx1234.shtml\">国务院常务会议</a></li>"
    "<li><a href=\"javascript:void(0)\">一段不是链接的很长的文字内容</a></li>"
    "</ul></div>"
    "<footer><a href=\"/about/2023/0101/copyright.html\">本网站所有内容版权所有</a></footer>"
    "</body></html>";

static void test_links_found_without_a_selector(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    extract_link *l;
    size_t n;
    nm_error err;
    assert_int_equal(extract_links(a, page, strlen(page), "https://news.example.com.cn/china/index.html",
                                   NULL, 0, &l, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_string_equal(l[0].url, "https://news.example.com.cn/china/2023-01-03/doc-imyx1234.shtml");
    assert_string_equal(l[0].text, "国务院常务会议部署稳经济措施"); /* the first, longer text kept */
    assert_string_equal(l[1].url, "https://finance.example.com.cn/stock/2023/0103/a.html");
    assert_string_equal(l[1].text, "A股三大指数集体高开 沪指涨0.5%");
    assert_string_equal(l[2].url, "https://news.example.com.cn/world/ukraine-talks-resume-in-geneva");
    arena_free(a);
}

static void test_links_picked_by_the_item_selector(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    extract_link *l;
    size_t n;
    nm_error err;
    assert_int_equal(extract_links(a, page, strlen(page), "https://news.example.com.cn/china/",
                                   "div.list li.item, nav a", 0, &l, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_string_equal(l[0].url, "https://news.example.com.cn/2023/01/03/nav-story-that-is-long.html");
    assert_string_equal(l[1].url, "https://news.example.com.cn/china/2023-01-03/doc-imyx1234.shtml");
    assert_string_equal(l[2].url, "https://finance.example.com.cn/stock/2023/0103/a.html");
    /* The same as XPath. */
    assert_int_equal(extract_links(a, page, strlen(page), "https://news.example.com.cn/china/",
                                   "//li[@class='item']", 0, &l, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(l[0].url, "https://news.example.com.cn/china/2023-01-03/doc-imyx1234.shtml");
    assert_string_equal(l[1].text, "A股三大指数集体高开 沪指涨0.5%");
    assert_int_equal(extract_links(a, page, strlen(page), "https://x/", "(count(//a))", 0, &l, &n,
                                   &err), -1);
    assert_non_null(strstr(err.msg, "not an XPath 1.0 expression that selects elements"));
    assert_int_equal(extract_links(a, page, strlen(page), "https://x/", "li > a", 0, &l, &n, &err),
                     -1);
    assert_non_null(strstr(err.msg, "only tag, .class and #id"));
    arena_free(a);
}

/* fuzz_links found it: an upper-case scheme passed as a link but kept its
 * spelling, so the same link could come twice and "Https:" is not what
 * a fetch or a comparison expects. */
static void test_links_have_a_lower_case_scheme(void **state)
{
    (void)state;
    static const char list[] =
        "<ul><li><a href=\"HTTPS://news.example.com.cn/2023/01/03/upper-case-scheme.html\">"
        "一条用大写协议名写的新闻链接</a></li></ul>";
    arena *a = arena_new(0);
    extract_link *l;
    size_t n;
    nm_error err;
    assert_int_equal(extract_links(a, list, strlen(list), "https://news.example.com.cn/", NULL, 0,
                                   &l, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(l[0].url, "https://news.example.com.cn/2023/01/03/upper-case-scheme.html");
    assert_int_equal(extract_links(a, list, strlen(list), "https://news.example.com.cn/", "//li", 0,
                                   &l, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(l[0].url, "https://news.example.com.cn/2023/01/03/upper-case-scheme.html");
    arena_free(a);
}

static void test_selector_as_xpath(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    nm_error err;
    assert_string_equal(extract_css_xpath(a, "#artibody", &err), "//*[@id='artibody']");
    assert_string_equal(extract_css_xpath(a, "div.article p, main", &err),
                        "//div[contains(concat(' ',normalize-space(@class),' '),' article ')]//p"
                        " | //main");
    assert_string_equal(extract_css_xpath(a, "//div[@class='x']", &err), "//div[@class='x']");
    assert_null(extract_css_xpath(a, "a[href]", &err));
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_links_found_without_a_selector),
        cmocka_unit_test(test_links_picked_by_the_item_selector),
        cmocka_unit_test(test_links_have_a_lower_case_scheme),
        cmocka_unit_test(test_selector_as_xpath),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
