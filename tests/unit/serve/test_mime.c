/*
 * test_mime.c — serve_content_type: the type each kind of site file gets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "serve/serve.h"

static void test_text_types_say_utf8(void **state)
{
    (void)state;
    assert_string_equal(serve_content_type("public/index.html"), "text/html; charset=utf-8");
    assert_string_equal(serve_content_type("a.htm"), "text/html; charset=utf-8");
    assert_string_equal(serve_content_type("css/style.css"), "text/css; charset=utf-8");
    assert_string_equal(serve_content_type("js/app.js"), "text/javascript; charset=utf-8");
    assert_string_equal(serve_content_type("feed.json"), "application/json; charset=utf-8");
    assert_string_equal(serve_content_type("robots.txt"), "text/plain; charset=utf-8");
    assert_string_equal(serve_content_type("logo.svg"), "image/svg+xml; charset=utf-8");
}

static void test_feeds_get_their_own_types(void **state)
{
    (void)state;
    assert_string_equal(serve_content_type("/srv/public/atom.xml"),
                        "application/atom+xml; charset=utf-8");
    assert_string_equal(serve_content_type("rss2.xml"), "application/rss+xml; charset=utf-8");
    assert_string_equal(serve_content_type("RSS.XML"), "application/rss+xml; charset=utf-8");
    assert_string_equal(serve_content_type("sitemap.xml"), "application/xml; charset=utf-8");
    assert_string_equal(serve_content_type("dir/atom.xml.bak"), "application/octet-stream");
}

static void test_binary_types_by_extension_any_case(void **state)
{
    (void)state;
    assert_string_equal(serve_content_type("a.png"), "image/png");
    assert_string_equal(serve_content_type("a.JPG"), "image/jpeg");
    assert_string_equal(serve_content_type("a.jpeg"), "image/jpeg");
    assert_string_equal(serve_content_type("a.gif"), "image/gif");
    assert_string_equal(serve_content_type("a.webp"), "image/webp");
    assert_string_equal(serve_content_type("favicon.ico"), "image/x-icon");
    assert_string_equal(serve_content_type("f.woff2"), "font/woff2");
}

static void test_unknown_or_missing_extension_is_octet_stream(void **state)
{
    (void)state;
    assert_string_equal(serve_content_type("README"), "application/octet-stream");
    assert_string_equal(serve_content_type("a.exe"), "application/octet-stream");
    assert_string_equal(serve_content_type(".html"), "application/octet-stream");
    assert_string_equal(serve_content_type("dir.html/file"), "application/octet-stream");
    assert_string_equal(serve_content_type("a."), "application/octet-stream");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_types_say_utf8),
        cmocka_unit_test(test_feeds_get_their_own_types),
        cmocka_unit_test(test_binary_types_by_extension_any_case),
        cmocka_unit_test(test_unknown_or_missing_extension_is_octet_stream),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
