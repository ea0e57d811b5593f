/*
 * test_depth.c — the nesting bound applied before gumbo parses: hostile
 * depth is cut (text kept), ordinary markup is passed through untouched,
 * and every HTML entry point of newsmill applies it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "feed/feed.h"
#include "html/internal.h"
#include "search/search.h"
#include "site/site_int.h"

static char *repeat(arena *a, const char *open, size_t n, const char *mid, const char *close)
{
    size_t lo = strlen(open), lm = strlen(mid), lc = strlen(close);
    char *s = arena_alloc(a, n * (lo + lc) + lm + 1), *p = s;
    for (size_t i = 0; i < n; i++, p += lo)
        memcpy(p, open, lo);
    memcpy(p, mid, lm);
    p += lm;
    for (size_t i = 0; i < n; i++, p += lc)
        memcpy(p, close, lc);
    *p = '\0';
    return s;
}

static size_t count(const char *s, const char *needle)
{
    size_t k = 0;
    for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
        k++;
    return k;
}

static void test_ordinary_markup_is_not_copied(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    const char *in = "<div><p>one<p>two<br><img src=x.jpg><ul><li>a<li>b</ul><!-- <div><div> --></div>";
    size_t len = strlen(in);
    assert_ptr_equal(html_bound_depth(a, in, &len), in);
    assert_int_equal(len, strlen(in));
    /* 900 open divs is deep but under the bound */
    char *deep = repeat(a, "<div>", 900, "x", "");
    len = strlen(deep);
    assert_ptr_equal(html_bound_depth(a, deep, &len), deep);
    /* thousands of unclosed void or sibling-closed tags are not depth */
    char *flat = repeat(a, "<p>para<br><img src=a.png>", 5000, "", "");
    len = strlen(flat);
    assert_ptr_equal(html_bound_depth(a, flat, &len), flat);
    arena_free(a);
}

static void test_hostile_depth_is_cut_and_text_kept(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    char *in = repeat(a, "<div>", 100000, "deep text", "</div>");
    size_t len = strlen(in);
    const char *out = html_bound_depth(a, in, &len);
    assert_ptr_not_equal(out, in);
    assert_int_equal(strlen(out), len);
    assert_int_equal(count(out, "<div>"), 1000);
    assert_int_equal(count(out, "</div>"), 1000);
    assert_non_null(strstr(out, "deep text"));
    arena_free(a);
}

static void test_clean_of_100000_nested_elements_keeps_text_and_caps_output(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    char *in = repeat(a, "<div><span>", 50000, "still here", "</span></div>");
    html_opts o = {.policy = HTML_POLICY_ARTICLE};
    html_result r;
    nm_error err;
    assert_int_equal(html_clean(a, in, strlen(in), &o, &r, &err), 0);
    assert_non_null(strstr(r.html, "still here"));
    assert_true(count(r.html, "<div") + count(r.html, "<span") <= 200);
    assert_string_equal(r.text, "still here");
    arena_free(a);
}

/* 100,000 nested <div> around <script>MARK</script>. The bound drops
 * the tags nested past it and keeps their text, so the script's tags go
 * and MARK becomes text: MARK in a result proves the bound was applied
 * to that parse (gumbo alone would read MARK as script and drop it, after
 * seconds of quadratic work). The clock is not what is checked. */
static char *deep_probe(arena *a)
{
    return repeat(a, "<div>", 100000, "<script>MARK</script><img src=\"https://i.example/a.jpg\" "
                                      "width=\"600\" height=\"400\">", "</div>");
}

static void test_every_html_entry_point_applies_the_bound(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    char *in = deep_probe(a);
    size_t n = strlen(in);
    html_result r;
    nm_error err;
    /* html_clean, both policies (ARTICLE also gives the text and the lead
     * image: `newsmill sanitize`, --text, --lead-image, ingest) */
    html_opts art = {.policy = HTML_POLICY_ARTICLE, .base_url = "https://e.example/a"};
    assert_int_equal(html_clean(a, in, n, &art, &r, &err), 0);
    assert_non_null(strstr(r.html, "MARK"));
    assert_non_null(strstr(r.text, "MARK"));
    assert_null(r.lead_image); /* the image is past the output's depth cap */
    html_opts fo = {.policy = HTML_POLICY_FEED};
    assert_int_equal(html_clean(a, in, n, &fo, &r, &err), 0);
    assert_non_null(strstr(r.html, "MARK"));
    /* html_to_text, both modes */
    assert_non_null(strstr(html_to_text(a, in, n, HTML_TEXT_JOINED), "MARK"));
    assert_non_null(strstr(html_to_text(a, in, n, HTML_TEXT_BLOCKS), "MARK"));
    /* search's text of a post body */
    assert_string_equal(search_body_text(a, in, n, 100), "MARK");
    /* the site's summaries */
    assert_string_equal(site_plain_text(a, in, n, 100), "MARK");
    /* the feed parser's HTML fields: summary/content and an HTML title */
    nm_buf doc;
    buf_init(&doc, NM_BUF_NOLIMIT);
    buf_puts(&doc, "<rss version=\"2.0\"><channel><title>t</title><item><title><![CDATA[");
    buf_puts(&doc, in);
    buf_puts(&doc, "]]></title><description><![CDATA[");
    buf_puts(&doc, in);
    buf_puts(&doc, "]]></description></item></channel></rss>");
    feed *f = NULL;
    assert_int_equal(feed_parse(doc.data, doc.len, NULL, &f, &err), 0);
    assert_int_equal(f->nentries, 1);
    assert_non_null(strstr(f->entries[0].content, "MARK"));
    assert_string_equal(f->entries[0].title, "MARK");
    feed_free(f);
    buf_free(&doc);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ordinary_markup_is_not_copied),
        cmocka_unit_test(test_hostile_depth_is_cut_and_text_kept),
        cmocka_unit_test(test_clean_of_100000_nested_elements_keeps_text_and_caps_output),
        cmocka_unit_test(test_every_html_entry_point_applies_the_bound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
