/*
 * test_text.c — escaping, plain-text summaries and body HTML.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "site/site_int.h"

static void test_escape_html_escapes_five_and_drops_controls(void **state)
{
    (void)state;
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    const char s[] = "a<b>&\"c'\x01";
    site_escape_html(&b, s, sizeof s - 1);
    assert_string_equal(buf_cstr(&b), "a&lt;b&gt;&amp;&quot;c&#39;");
    buf_free(&b);
}

static void test_plain_text_drops_tags_styles_comments_and_indent(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    const char *h = "<div><style>p{x}</style><p>　　原标题：新闻&amp;消息</p><!-- c --><p>Two</p></div>";
    assert_string_equal(site_plain_text(a, h, strlen(h), 100), "原标题：新闻&消息 Two");
    arena_free(a);
}

static void test_plain_text_joins_cjk_paragraphs_without_a_space(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    const char *h = "<p>第一段。</p>\n<p>第二段 ok</p><p>三</p>";
    assert_string_equal(site_plain_text(a, h, strlen(h), 100), "第一段。第二段 ok 三");
    arena_free(a);
}

static void test_plain_text_cuts_at_characters_not_bytes(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    const char *h = "<p>一二三四五六</p>";
    assert_string_equal(site_plain_text(a, h, strlen(h), 4), "一二三四…");
    assert_string_equal(site_plain_text(a, h, strlen(h), 6), "一二三四五六");
    arena_free(a);
}

static void test_single_html_block_body_is_kept_as_a_slice(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    const char *body = "\n<div><p>x</p>\n<p>y</p></div>\n";
    str_view html;
    assert_int_equal(site_body_html(a, sv_from(body), &html), 0);
    assert_ptr_equal(html.ptr, body + 1);
    assert_int_equal(html.len, strlen("<div><p>x</p>\n<p>y</p></div>"));
    arena_free(a);
}

static void test_markdown_body_is_rendered_like_commonmark(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    str_view html;
    assert_int_equal(site_body_html(a, sv_from("Hello **world**\n\n    code\n"), &html), 0);
    assert_string_equal(html.ptr, "<p>Hello <strong>world</strong></p>\n<pre><code>code\n</code></pre>\n");
    /* a blank line inside HTML ends the block, as in Hexo */
    assert_int_equal(site_body_html(a, sv_from("<div>\n<p>a</p>\n\n    <b>x</b>\n</div>"), &html), 0);
    assert_non_null(strstr(html.ptr, "<pre><code>&lt;b&gt;x&lt;/b&gt;"));
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_html_escapes_five_and_drops_controls),
        cmocka_unit_test(test_plain_text_drops_tags_styles_comments_and_indent),
        cmocka_unit_test(test_plain_text_joins_cjk_paragraphs_without_a_space),
        cmocka_unit_test(test_plain_text_cuts_at_characters_not_bytes),
        cmocka_unit_test(test_single_html_block_body_is_kept_as_a_slice),
        cmocka_unit_test(test_markdown_body_is_rendered_like_commonmark),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
