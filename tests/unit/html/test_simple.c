/*
 * test_simple.c — simple.c, the one-pass builder of gumbo's tree: what it
 * accepts gives exactly gumbo's tree (tree_eq.h) and exactly the same
 * clean; each decline rule declines; the seed post's body cleans as with
 * gumbo alone; fetch-bench bodies take the fast path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html/internal.h"
#include "tree_eq.h"

/* The gumbo path's tree for in (html_simple_off). */
static GumboOutput *gumbo_tree(arena *a, const char *in, size_t n)
{
    html_simple_off = true;
    GumboOutput *g = html_parse_fragment(a, in, n, NULL);
    html_simple_off = false;
    return g;
}

/* Cleans in under both policies and html_to_text with the fast path on
 * and off: everything must agree. */
static void assert_same_clean(const char *in)
{
    arena *a = arena_new(0);
    size_t n = strlen(in);
    const char *out[2][5];
    for (int off = 0; off < 2; off++) {
        html_simple_off = off;
        html_opts art = {.policy = HTML_POLICY_ARTICLE, .base_url = "https://news.example.com/a/"};
        html_opts feed = {.policy = HTML_POLICY_FEED, .base_url = "https://news.example.com/"};
        html_result r;
        nm_error err;
        assert_int_equal(html_clean(a, in, n, &art, &r, &err), 0);
        out[off][0] = r.html, out[off][1] = r.text;
        out[off][2] = r.lead_image ? r.lead_image : "(none)";
        assert_int_equal(html_clean(a, in, n, &feed, &r, &err), 0);
        out[off][3] = r.html;
        out[off][4] = html_to_text(a, in, n, HTML_TEXT_JOINED);
    }
    html_simple_off = false;
    for (int i = 0; i < 5; i++)
        assert_string_equal(out[0][i], out[1][i]);
    arena_free(a);
}

static void assert_gumbo_tree(const char *in)
{
    arena *a = arena_new(0);
    size_t n = strlen(in);
    const char *bin = html_bound_depth(a, in, &n); /* as html_parse_fragment */
    GumboOutput *fast = html_parse_simple(a, bin, n);
    if (!fast)
        fail_msg("declined: %s", in);
    char where[256];
    const char *why = tree_eq(fast, gumbo_tree(a, bin, n), where, sizeof(where));
    if (why)
        fail_msg("%s differs at %s for: %s", why, where, in);
    arena_free(a);
    assert_same_clean(in);
}

static void assert_declines(const char *in)
{
    arena *a = arena_new(0);
    if (html_parse_simple(a, in, strlen(in)))
        fail_msg("accepted: %s", in);
    arena_free(a);
    assert_same_clean(in);
}

static void test_news_bodies_give_gumbos_tree(void **state)
{
    (void)state;
    assert_gumbo_tree("<p>　　新华社北京11月28日电 国家统计局28日发布数据，利润总额<strong>58,324.3亿元</strong>，"
                      "同比增长&nbsp;0.9%。</p><p>　　&ldquo;工业企业利润延续恢复态势。&rdquo;</p>"
                      "<p style=\"text-align: center;\"><img src=\"//n.sinaimg.cn/n/abc.jpg\" alt=\"资料图\" "
                      "width=\"640\" height=\"427\"/></p><p>　　<a href=\"/roll/doc.shtml\" "
                      "target=\"_blank\">点击查看详情</a>&hellip;</p><p class=\"article-editor\">责任编辑：张三 </p>");
    assert_gumbo_tree("<div class=\"article\"><p>中新网电<b>当地时间27日</b>，降雪。<br/>预计持续。<br>（完）</p>\n"
                      "<p><img src=\"https://p1.ifengimg.com/a.jpg\" alt=\"\" /></p>\n<p><em>来源</em> &middot; 编辑</p></div>");
    assert_gumbo_tree("<ul><li>一年期LPR：3.10%</li><li>五年期：3.60%</li></ul><blockquote><p>稳健</p></blockquote>"
                      "<dl><dt>成交额</dt><dd>1.2万亿元</dd></dl><hr><h2>要闻</h2><ol><li><ul><li>x</li></ul></li></ol>");
}

static void test_unclosed_elements_and_text_at_the_end(void **state)
{
    (void)state;
    assert_gumbo_tree("<p>未闭合的段落<b>粗体");  /* implicit end tags at EOF */
    assert_gumbo_tree("plain text only");
    assert_gumbo_tree("");
    assert_gumbo_tree(" \n\t\f ");               /* one WHITESPACE node */
}

static void test_whitespace_and_text_nodes_split_as_gumbo_does(void **state)
{
    (void)state;
    assert_gumbo_tree("<p> </p>\n<p>a &#32;</p>&#10;&#9;<b> x </b>");
    assert_gumbo_tree("a&nbsp;b");                /* U+00A0 is TEXT */
    assert_gumbo_tree("<p>line one\nline two\ttab</p>\n  \n<p>  </p>");
}

static void test_names_are_lower_cased_and_originals_kept(void **state)
{
    (void)state;
    assert_gumbo_tree("<P CLASS=\"x\" Title = 'single'>Upper <B>case</B></P ><IMG SRC=\"a.png\" ALT=\"\">");
    assert_gumbo_tree("<a href=\"\" data-src=\"x\" xml:lang=\"zh\" a.b=\"c\">e</a>");
}

static void test_character_references_decode_as_gumbo_does(void **state)
{
    (void)state;
    assert_gumbo_tree("<p>&copy;&reg;&trade;&mdash;&ndash;&lsquo;&rsquo;&bull;&times;&divide;&laquo;&raquo;"
                      "&yen;&deg;&emsp;&ensp;&thinsp;&sect;&para;&plusmn;&euro;&pound;&cent;&le;&ge;"
                      "&rarr;&larr;&permil;&sup2;&sup3;&micro;&frac12;&quot;&apos;&lt;&gt;&amp;</p>");
    assert_gumbo_tree("&#x4E2D;&#20013;&#65;&#x1F600;&#xA0;&#9;");
    assert_gumbo_tree("<img alt=\"&ldquo;&nbsp;&rdquo;&lt;&gt;&#9;&#10;&#32;\">");
    /* A literal '&': not followed by a letter, digit or '#'. */
    assert_gumbo_tree("AT &amp; T & more &; &<b>x</b>&");
    /* In a value, '&' + name + '=' stays literal (query strings). */
    assert_gumbo_tree("<a href=\"?x=1&y=2&amp;z=3&copy=4\">q</a>");
}

static void test_each_decline_rule_declines(void **state)
{
    (void)state;
    /* tags outside the set, unknown tags */
    assert_declines("<table><tr><td>x</td></tr></table>");
    assert_declines("<script>alert(1)</script>");
    assert_declines("<style>p{}</style>");
    assert_declines("<pre>\nx</pre>");
    assert_declines("<iframe src=\"x\"></iframe>");
    assert_declines("<foo>x</foo>");
    assert_declines("<svg><a>x</a></svg>");
    /* mismatched close tags, end tags with attributes, stray end tags */
    assert_declines("<p><b>x</p></b>");
    assert_declines("<b>x</i>");
    assert_declines("x</p>");
    assert_declines("<br></br>");
    assert_declines("<p>x</p class=\"y\">");
    /* implied ends */
    assert_declines("<p>a<div>b</div></p>");
    assert_declines("<p>a<p>b");
    assert_declines("<p><b>a<ul><li>b</li></ul></b></p>");
    assert_declines("<p>a<hr>");
    assert_declines("<h1>a<h2>b</h2></h1>");
    assert_declines("<a href=\"x\">a<a href=\"y\">b</a></a>");
    assert_declines("<li>a</li>");
    assert_declines("<ul><b><li>a</li></b></ul>");
    assert_declines("<dd>a</dd>");
    assert_declines("<div/>");
    assert_declines("<span/>x");
    /* markup that is not a tag */
    assert_declines("a<!-- c -->b");
    assert_declines("<!DOCTYPE html><p>x</p>");
    assert_declines("<![CDATA[x]]>");
    assert_declines("1 < 2");
    assert_declines("a <");
    assert_declines("</>");
    assert_declines("<p-x>a</p-x>");
    /* attributes */
    assert_declines("<p class=x>a</p>");
    assert_declines("<img src=\"a\" hidden>");
    assert_declines("<p class=\"a\" CLASS=\"b\">a</p>");
    assert_declines("<p class=\"a\"id=\"b\">a</p>");
    assert_declines("<p class=\"a>");
    assert_declines("<img src=\"a\" / >");
    /* characters gumbo replaces or normalizes */
    assert_declines("a\r\nb");
    assert_declines("a\x01" "b");
    assert_declines("a\x7f" "b");
    assert_declines("a\xc2\x85" "b");
    assert_declines("a\xef\xbf\xbe" "b");
    assert_declines("a\xef\xb7\x90" "b");
    assert_declines("a\xff" "b");
    assert_declines("a\xe4\xb8" "b");
    assert_declines("a\xed\xa0\x80" "b");
    assert_declines("<p title=\"\r\">a</p>");
    /* references gumbo may read otherwise */
    assert_declines("&copy 2026");
    assert_declines("AT&T");
    /* &notin; begins with the legacy &not: gumbo still reads it whole */
    assert_gumbo_tree("<p>&notin; &not; &apos; &AElig;&zwnj;&euro;</p>");
    assert_declines("&#128;");
    assert_declines("&#0;");
    assert_declines("&#xD800;");
    assert_declines("&#x110000;");
    assert_declines("&#65");
    assert_declines("&#12345678;");
    assert_declines("<a href=\"?a&copy\">x</a>");
    arena *a = arena_new(0);
    assert_null(html_parse_simple(a, "a\0b", 3)); /* NUL */
    arena_free(a);
}

static void test_nesting_past_64_declines(void **state)
{
    (void)state;
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    for (int i = 0; i < 64; i++)
        buf_puts(&b, "<span>");
    buf_puts(&b, "deep");
    assert_gumbo_tree(buf_cstr(&b));
    buf_puts(&b, "<span>x");
    assert_declines(buf_cstr(&b));
    buf_free(&b);
}

static void test_long_input_with_a_comment_or_table_declines_up_front(void **state)
{
    (void)state;
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    for (int i = 0; i < 20; i++)
        buf_puts(&b, "<p>　　正文段落，足够长的文字。</p>\n");
    assert_true(b.len > 512);
    assert_gumbo_tree(buf_cstr(&b));
    static const char *const tails[] = {"<!-- x -->", "<TABLE><tr><td>1</td></tr></table>",
                                        "<style>p{}</style>", "<Script>x</script>", "<!DOCTYPE html>"};
    for (size_t i = 0; i < NM_ARRAY_LEN(tails); i++) {
        size_t keep = b.len;
        buf_puts(&b, tails[i]);
        assert_declines(buf_cstr(&b));
        b.len = keep;
        b.data[keep] = 0;
    }
    buf_free(&b);
}

/* Found by fuzz_html_simple: html_bound_depth's scan is lexical, so 1,001
 * <div> inside an attribute value are cut before gumbo parses; the fast
 * path must read the same cut bytes, or the value (and the clean) differs. */
static void test_tags_in_a_value_past_the_depth_bound_clean_as_with_gumbo(void **state)
{
    (void)state;
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    buf_puts(&b, "<i title=\"");
    for (int i = 0; i < 1001; i++)
        buf_puts(&b, "<div>");
    buf_puts(&b, "\">x</i>");
    assert_gumbo_tree(buf_cstr(&b));
    arena *a = arena_new(0);
    size_t n = b.len;
    assert_true(html_bound_depth(a, buf_cstr(&b), &n) != buf_cstr(&b) && n < b.len); /* it cuts */
    html_opts o = {.policy = HTML_POLICY_FEED};
    html_result r;
    nm_error err;
    assert_int_equal(html_clean(a, buf_cstr(&b), b.len, &o, &r, &err), 0);
    /* the value keeps the 1,000 <div> the bound leaves */
    nm_buf want;
    buf_init(&want, NM_BUF_NOLIMIT);
    buf_puts(&want, "<i title=\"");
    for (int i = 0; i < 1000; i++)
        buf_puts(&want, "&lt;div&gt;");
    buf_puts(&want, "\">x</i>");
    assert_string_equal(r.html, buf_cstr(&want));
    buf_free(&want);
    arena_free(a);
    buf_free(&b);
}

/* The body of tests/fixtures/seed-post.md (after the front matter). */
static char *seed_body(void)
{
    const char *root = getenv("NM_ROOT");
    char path[4096];
    snprintf(path, sizeof(path), "%s/tests/fixtures/seed-post.md", root && root[0] ? root : ".");
    nm_buf b;
    nm_error err;
    buf_init(&b, NM_BUF_NOLIMIT);
    if (fs_read_file(path, 1 << 20, &b, &err) != 0)
        fail_msg("cannot read the seed post %s (set NM_ROOT)", path);
    const char *end = strstr(buf_cstr(&b), "\n---\n");
    assert_non_null(end);
    char *body = xstrdup(end + 5);
    buf_free(&b);
    return body;
}

static void test_seed_body_cleans_as_with_gumbo_alone(void **state)
{
    (void)state;
    char *body = seed_body();
    /* its comments and <style> send it to gumbo ... */
    assert_declines(body);
    /* ... and its paragraphs alone take the fast path */
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    for (const char *p = strstr(body, "<p>"); p; p = strstr(p + 1, "<p>")) {
        const char *e = strstr(p, "</p>");
        assert_non_null(e);
        buf_append(&b, p, (size_t)(e - p) + 4);
        buf_putc(&b, '\n');
    }
    assert_true(b.len > 1000);
    assert_gumbo_tree(buf_cstr(&b));
    buf_free(&b);
    free(body);
}

static void test_fetch_bench_bodies_take_the_fast_path(void **state)
{
    (void)state;
    /* the shape tests/tools/nm_testd.c generates */
    assert_gumbo_tree("<p>kalomi nerusa tovida. bagofu hijape zokalo lomine rusato. number 12-3.</p>");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_news_bodies_give_gumbos_tree),
        cmocka_unit_test(test_unclosed_elements_and_text_at_the_end),
        cmocka_unit_test(test_whitespace_and_text_nodes_split_as_gumbo_does),
        cmocka_unit_test(test_names_are_lower_cased_and_originals_kept),
        cmocka_unit_test(test_character_references_decode_as_gumbo_does),
        cmocka_unit_test(test_each_decline_rule_declines),
        cmocka_unit_test(test_nesting_past_64_declines),
        cmocka_unit_test(test_long_input_with_a_comment_or_table_declines_up_front),
        cmocka_unit_test(test_tags_in_a_value_past_the_depth_bound_clean_as_with_gumbo),
        cmocka_unit_test(test_seed_body_cleans_as_with_gumbo_alone),
        cmocka_unit_test(test_fetch_bench_bodies_take_the_fast_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
