/*
 * test_feed_policy.c — html_clean with HTML_POLICY_FEED (feedparser's
 * sanitizing, feed-json.md "HTML") and html_to_text (the TEXT kind).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "html/html.h"

static const char *feed(arena *a, const char *in, const char *base)
{
    html_opts o = {.policy = HTML_POLICY_FEED, .base_url = base};
    html_result r;
    nm_error err;
    assert_int_equal(html_clean(a, in, strlen(in), &o, &r, &err), 0);
    assert_int_equal(strlen(r.html), r.html_len);
    assert_null(r.text);
    assert_null(r.lead_image);
    return r.html;
}

#define EXPECT_FEED(in, base, want)                        \
    do {                                                   \
        arena *a_ = arena_new(0);                          \
        assert_string_equal(feed(a_, (in), (base)), (want)); \
        arena_free(a_);                                    \
    } while (0)

static void test_feed_contract_example_1_content(void **state)
{
    (void)state;
    EXPECT_FEED("<p>Full <a href=\"https://news.example.com/att\" onclick=\"x()\">story</a>.</p>"
                "<img src=\"https://img.example.com/att.jpg\">",
                NULL,
                "<p>Full <a href=\"https://news.example.com/att\">story</a>.</p>"
                "<img src=\"https://img.example.com/att.jpg\" />");
}

static void test_feed_contract_example_1_summary_drops_script_with_content(void **state)
{
    (void)state;
    EXPECT_FEED("Short <em>teaser</em> <script>alert(1)</script>", NULL, "Short <em>teaser</em>");
}

static void test_feed_contract_example_2_resolves_against_base(void **state)
{
    (void)state;
    EXPECT_FEED("<p>See <a href=\"../about.html\">about</a></p>", "https://blog.example.org/posts/",
                "<p>See <a href=\"https://blog.example.org/about.html\">about</a></p>");
}

static void test_feed_relative_url_stays_relative_without_base(void **state)
{
    (void)state;
    EXPECT_FEED("<img src=\"/i/a.png\" alt=\"A\">", NULL, "<img src=\"/i/a.png\" alt=\"A\" />");
}

static void test_feed_resolves_img_src_and_blockquote_cite(void **state)
{
    (void)state;
    EXPECT_FEED("<blockquote cite=\"q.html\"><img src=\"a.png\"></blockquote>",
                "http://x.org/d/f.xml",
                "<blockquote cite=\"http://x.org/d/q.html\"><img src=\"http://x.org/d/a.png\" />"
                "</blockquote>");
}

static void test_feed_drops_style_and_applet_with_content(void **state)
{
    (void)state;
    EXPECT_FEED("a<style>p{color:red}</style>b<applet code=x>hidden</applet>c", NULL, "abc");
}

static void test_feed_unwraps_unknown_elements_keeping_text(void **state)
{
    (void)state;
    EXPECT_FEED("<o:p>x</o:p><blink>y</blink><iframe src=\"https://e.com\">z</iframe><object>w</object>",
                NULL, "xyzw");
}

static void test_feed_drops_comments_and_doctype(void **state)
{
    (void)state;
    EXPECT_FEED("<!DOCTYPE html><!-- c --><p>a<!-- <script>x</script> -->b</p>", NULL, "<p>ab</p>");
}

static void test_feed_drops_event_attributes_keeps_acceptable_ones(void **state)
{
    (void)state;
    EXPECT_FEED("<div id=\"d\" class=\"c\" onmouseover=\"x()\" data-x=\"1\" align=\"center\">t</div>",
                NULL, "<div id=\"d\" class=\"c\" align=\"center\">t</div>");
}

static void test_feed_empties_javascript_urls(void **state)
{
    (void)state;
    EXPECT_FEED("<a href=\"javascript:alert(1)\">a</a><a href=\" JaVa&#x09;ScRiPt:alert(1)\">b</a>"
                "<img src=\"vbscript:x\">",
                NULL, "<a href=\"\">a</a><a href=\"\">b</a><img src=\"\" />");
}

static void test_feed_keeps_acceptable_schemes(void **state)
{
    (void)state;
    EXPECT_FEED("<a href=\"mailto:a@b.c\">m</a><a href=\"magnet:?xt=1\">g</a>", NULL,
                "<a href=\"mailto:a@b.c\">m</a><a href=\"magnet:?xt=1\">g</a>");
}

static void test_feed_sanitizes_style_like_feedparser(void **state)
{
    (void)state;
    EXPECT_FEED("<p style=\"color: red; background: url(javascript:x); margin: 0 auto\">a</p>"
                "<p style=\"width: expression(alert(1))\">b</p>"
                "<p style=\"border-top-color: blue;position:absolute\">c</p>",
                NULL,
                "<p style=\"color: red; margin: 0 auto;\">a</p><p>b</p>"
                "<p style=\"border-top-color: blue;\">c</p>");
}

static void test_feed_style_with_an_entity_is_dropped_like_feedparser(void **state)
{
    (void)state;
    EXPECT_FEED("<p style=\"font-family: &quot;Times&quot;\">a</p><p style='font-family: \"Times\"'>b</p>",
                NULL, "<p>a</p><p style=\"font-family: &quot;Times&quot;;\">b</p>");
}

static void test_feed_escapes_text_and_attribute_values(void **state)
{
    (void)state;
    EXPECT_FEED("<p title='a\"b&lt;'>1 &lt; 2 &amp; AT&T</p>", NULL,
                "<p title=\"a&quot;b&lt;\">1 &lt; 2 &amp; AT&amp;T</p>");
}

static void test_feed_keeps_whitespace_and_trims_ends(void **state)
{
    (void)state;
    EXPECT_FEED("  \n<p>a\n  b</p>\n\n<p>c</p>  ", NULL, "<p>a\n  b</p>\n\n<p>c</p>");
}

static void test_feed_pre_keeps_its_leading_newline(void **state)
{
    (void)state;
    EXPECT_FEED("<pre>\n\nx</pre>", NULL, "<pre>\n\nx</pre>");
}

static void test_feed_bare_boolean_attributes_repeat_their_name(void **state)
{
    (void)state;
    EXPECT_FEED("<video controls src=\"a.mp4\"></video><details open=\"\">d</details>", NULL,
                "<video controls=\"controls\" src=\"a.mp4\"></video><details open=\"\">d</details>");
}

static void test_feed_ruby_is_not_in_feedparser_6_0_10(void **state)
{
    (void)state;
    EXPECT_FEED("<ruby>重庆<rt>chóng qìng</rt></ruby>", NULL, "重庆chóng qìng");
}

static void test_feed_isindex_expansion_is_dropped(void **state)
{
    (void)state;
    EXPECT_FEED("a<isindex prompt=x>b", NULL, "ab");
}

static void test_feed_void_elements_are_self_closed(void **state)
{
    (void)state;
    EXPECT_FEED("a<br>b<hr>", NULL, "a<br />b<hr />");
}

static void test_feed_drops_svg_markup_keeps_text(void **state)
{
    (void)state;
    EXPECT_FEED("<svg><script>alert(1)</script><text>T</text></svg>", NULL, "T");
}

static void test_feed_plain_text_is_escaped_back(void **state)
{
    (void)state;
    EXPECT_FEED("Tom &amp; Jerry say &lt;hi&gt;", NULL, "Tom &amp; Jerry say &lt;hi&gt;");
}

static void test_feed_empty_input_gives_empty_string(void **state)
{
    (void)state;
    EXPECT_FEED("", NULL, "");
    EXPECT_FEED("<!-- only a comment -->  ", NULL, "");
}

static void test_clean_refuses_input_over_64_mib(void **state)
{
    (void)state;
    size_t n = ((size_t)64 << 20) + 1;
    char *big = malloc(n);
    memset(big, 'a', n);
    arena *a = arena_new(0);
    html_opts o = {.policy = HTML_POLICY_FEED};
    html_result r;
    nm_error err;
    nm_error_clear(&err);
    assert_int_equal(html_clean(a, big, n, &o, &r, &err), -1);
    assert_non_null(strstr(err.msg, "larger than the 64 MiB limit"));
    free(big);
    arena_free(a);
}

static void test_to_text_drops_tags_and_script_style_applet(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    const char *in = "AT&T <b>merger</b> news<script>x()</script><style>p{}</style>"
                     "<applet>no</applet>";
    assert_string_equal(html_to_text(a, in, strlen(in), HTML_TEXT_JOINED), "AT&T merger news");
    arena_free(a);
}

/* Found by fuzz_html (corpus/html/found-overflowing-char-ref.html): gumbo
 * writes a broken byte for an overflowing numeric reference. */
static void test_output_is_valid_utf8_after_overflowing_char_ref(void **state)
{
    (void)state;
    EXPECT_FEED("a&#55555555555555555;b<p title=\"&#55555555555555555;\">c</p>", NULL,
                "a\xef\xbf\xbd" "b<p title=\"\xef\xbf\xbd\">c</p>");
    arena *a = arena_new(0);
    const char *in = "a&#55555555555555555;b";
    assert_string_equal(html_to_text(a, in, strlen(in), HTML_TEXT_JOINED), "a\xef\xbf\xbd" "b");
    arena_free(a);
}

static void test_to_text_decodes_entities_and_keeps_whitespace(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    const char *in = "Broken &nbsp; feed&#233;\n &lt;x&gt;";
    assert_string_equal(html_to_text(a, in, strlen(in), HTML_TEXT_JOINED), "Broken \xc2\xa0 feed\xc3\xa9\n <x>");
    assert_string_equal(html_to_text(a, "", 0, HTML_TEXT_JOINED), "");
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_feed_contract_example_1_content),
        cmocka_unit_test(test_feed_contract_example_1_summary_drops_script_with_content),
        cmocka_unit_test(test_feed_contract_example_2_resolves_against_base),
        cmocka_unit_test(test_feed_relative_url_stays_relative_without_base),
        cmocka_unit_test(test_feed_resolves_img_src_and_blockquote_cite),
        cmocka_unit_test(test_feed_drops_style_and_applet_with_content),
        cmocka_unit_test(test_feed_unwraps_unknown_elements_keeping_text),
        cmocka_unit_test(test_feed_drops_comments_and_doctype),
        cmocka_unit_test(test_feed_drops_event_attributes_keeps_acceptable_ones),
        cmocka_unit_test(test_feed_empties_javascript_urls),
        cmocka_unit_test(test_feed_keeps_acceptable_schemes),
        cmocka_unit_test(test_feed_sanitizes_style_like_feedparser),
        cmocka_unit_test(test_feed_style_with_an_entity_is_dropped_like_feedparser),
        cmocka_unit_test(test_feed_escapes_text_and_attribute_values),
        cmocka_unit_test(test_feed_keeps_whitespace_and_trims_ends),
        cmocka_unit_test(test_feed_pre_keeps_its_leading_newline),
        cmocka_unit_test(test_feed_bare_boolean_attributes_repeat_their_name),
        cmocka_unit_test(test_feed_ruby_is_not_in_feedparser_6_0_10),
        cmocka_unit_test(test_feed_isindex_expansion_is_dropped),
        cmocka_unit_test(test_feed_void_elements_are_self_closed),
        cmocka_unit_test(test_feed_drops_svg_markup_keeps_text),
        cmocka_unit_test(test_feed_plain_text_is_escaped_back),
        cmocka_unit_test(test_feed_empty_input_gives_empty_string),
        cmocka_unit_test(test_clean_refuses_input_over_64_mib),
        cmocka_unit_test(test_to_text_drops_tags_and_script_style_applet),
        cmocka_unit_test(test_output_is_valid_utf8_after_overflowing_char_ref),
        cmocka_unit_test(test_to_text_decodes_entities_and_keeps_whitespace),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
