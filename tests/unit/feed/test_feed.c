/*
 * test_feed.c — the feed module through its public API (feed_parse,
 * feed_to_json) and its value kinds (TEXT, HTML, charsets) directly.
 * The fixture corpus (tests/e2e/feed_parse.sh) covers formats broadly;
 * these pin the rules one by one, with exact results.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed/feed_int.h"
#include "html/html.h"

static feed *parse_ok(const char *doc)
{
    feed *f = NULL;
    nm_error err;
    nm_error_clear(&err);
    feed_parse_opts o = {.source = "t.xml"};
    assert_int_equal(feed_parse(doc, strlen(doc), &o, &f, &err), 0);
    assert_non_null(f);
    return f;
}

static void test_parse_rss_entry_fields(void **state)
{
    (void)state;
    feed *f = parse_ok("<rss version=\"2.0\"><channel><title> A  b </title><language>zh-cn</language>"
                       "<item><title>T</title><guid isPermaLink=\"false\">g1</guid>"
                       "<pubDate>2022-08-19 11:48</pubDate><category>c</category><category>c</category>"
                       "</item></channel></rss>");
    assert_string_equal(f->format, "rss2.0");
    assert_false(f->bozo);
    assert_null(f->bozo_reason);
    assert_string_equal(f->title, "A b");
    assert_int_equal(f->nentries, 1);
    assert_string_equal(f->entries[0].id, "g1");
    assert_null(f->entries[0].link); /* guid is not a permalink */
    /* zone-less date in a Chinese feed: Asia/Shanghai */
    assert_int_equal(f->entries[0].published, date_from_civil(2022, 8, 19, 3, 48, 0));
    assert_true(f->entries[0].updated == NM_NO_TIME);
    assert_int_equal(f->entries[0].ncategories, 1);
    feed_free(f);
}

static void test_parse_not_a_feed_names_the_source(void **state)
{
    (void)state;
    feed *f = (feed *)1;
    nm_error err;
    nm_error_clear(&err);
    feed_parse_opts o = {.source = "page.html"};
    const char *html = "<html><body>hi</body></html>";
    assert_int_equal(feed_parse(html, strlen(html), &o, &f, &err), -1);
    assert_null(f);
    assert_string_equal(err.where, "page.html");
    assert_non_null(strstr(err.msg, "not a feed: the root element is <html>"));
}

static void test_parse_refuses_input_over_the_limit(void **state)
{
    (void)state;
    feed *f = NULL;
    nm_error err;
    nm_error_clear(&err);
    /* the size check comes before any read of the bytes */
    assert_int_equal(feed_parse("", FEED_MAX_INPUT + 1, NULL, &f, &err), -1);
    assert_non_null(strstr(err.msg, "feed too large"));
}

static void test_parse_null_opts_and_empty_input(void **state)
{
    (void)state;
    feed *f = NULL;
    nm_error err;
    nm_error_clear(&err);
    assert_int_equal(feed_parse("  \n ", 4, NULL, &f, &err), -1);
    assert_string_equal(err.msg, "not a feed: empty document");
}

static void test_parse_undefined_entity_sets_bozo_and_decodes(void **state)
{
    (void)state;
    feed *f = parse_ok("<rss version=\"2.0\"><channel><title>a&nbsp;b&hellip;</title></channel></rss>");
    assert_true(f->bozo);
    assert_non_null(f->bozo_reason);
    assert_string_equal(f->title, "a\xC2\xA0" "b\xE2\x80\xA6");
    feed_free(f);
}

static void test_parse_wrong_declared_charset_is_detected(void **state)
{
    (void)state;
    /* "新闻中心" in GB18030, declared as UTF-8 */
    const char *doc = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>"
                      "\xD0\xC2\xCE\xC5\xD6\xD0\xD0\xC4</title></channel></rss>";
    feed *f = parse_ok(doc);
    assert_true(f->bozo);
    assert_string_equal(f->title, "新闻中心");
    feed_free(f);
}

static void test_parse_http_charset_wins_over_prolog(void **state)
{
    (void)state;
    const char *doc = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>"
                      "\xD0\xC2\xCE\xC5</title></channel></rss>";
    feed *f = NULL;
    nm_error err;
    feed_parse_opts o = {.http_charset = "GB2312"};
    assert_int_equal(feed_parse(doc, strlen(doc), &o, &f, &err), 0);
    assert_false(f->bozo);
    assert_string_equal(f->title, "新闻");
    feed_free(f);
}

static void test_parse_base_url_resolves_links_not_ids(void **state)
{
    (void)state;
    const char *doc = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>rel</id>"
                      "<link href=\"../a.html\"/></entry></feed>";
    feed *f = NULL;
    nm_error err;
    feed_parse_opts o = {.base_url = "https://ex.org/x/y/feed"};
    assert_int_equal(feed_parse(doc, strlen(doc), &o, &f, &err), 0);
    assert_string_equal(f->entries[0].link, "https://ex.org/x/a.html");
    assert_string_equal(f->entries[0].id, "rel");
    feed_free(f);
}

static void test_parse_ttl_and_sy_update_period(void **state)
{
    (void)state;
    feed *f = parse_ok("<rss version=\"2.0\"><channel><ttl> 30 </ttl></channel></rss>");
    assert_int_equal(f->ttl_minutes, 30);
    feed_free(f);
    const char *sy = "<rss version=\"2.0\" xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\"><channel>"
                     "<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency>"
                     "</channel></rss>";
    f = parse_ok(sy);
    assert_int_equal(f->ttl_minutes, 15);
    feed_free(f);
}

static void test_to_json_escapes_and_nulls(void **state)
{
    (void)state;
    feed *f = parse_ok("<rss version=\"2.0\"><channel><title>q\"uote\\ tab&#9;x</title>"
                       "<item><description>&lt;b&gt;x&lt;/b&gt;</description></item></channel></rss>");
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    assert_int_equal(feed_to_json(f, &b), 0);
    const char *j = buf_cstr(&b);
    assert_non_null(strstr(j, "\"title\": \"q\\\"uote\\\\ tab x\""));
    assert_non_null(strstr(j, "\"summary\": \"<b>x</b>\""));
    assert_non_null(strstr(j, "\"link\": null"));
    assert_non_null(strstr(j, "\"categories\": []"));
    buf_free(&b);
    feed_free(f);
}

static void test_sanitize_drops_script_handlers_and_bad_urls(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    const char *in = "<p onclick=\"x()\">a<script>evil()</script><a href=\"javascript:x\">l</a>"
                     "<a href=\"rel\">r</a><!-- c --></p>";
    const char *out = feed_sanitize_html(a, in, strlen(in), "http://b.example/d/");
    assert_string_equal(out, "<p>a<a href=\"\">l</a><a href=\"http://b.example/d/rel\">r</a></p>");
    assert_null(feed_sanitize_html(a, "  <script>x</script> ", 21, NULL));
    assert_string_equal(feed_sanitize_html(a, "a < b", 5, NULL), "a &lt; b");
    arena_free(a);
}

static void test_sanitize_bounds_pathological_nesting(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    for (int i = 0; i < 5000; i++)
        buf_puts(&b, "<div>");
    buf_puts(&b, "t&u");
    const char *out = feed_sanitize_html(a, b.data, b.len, NULL);
    /* the html module cuts nesting before parsing and flattens the output
     * past 200 levels: the text stays, the depth does not */
    size_t divs = 0;
    for (const char *p = strstr(out, "<div>"); p; p = strstr(p + 1, "<div>"))
        divs++;
    assert_true(divs <= 200);
    assert_non_null(strstr(out, "t&amp;u</div>"));
    buf_free(&b);
    arena_free(a);
}

static void test_first_img_reads_our_serialization(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    assert_string_equal(feed_first_img(a, "<p>x</p><img alt=\"a\" src=\"http://i/x.jpg?a=1&amp;b=2\" />"),
                        "http://i/x.jpg?a=1&b=2");
    assert_null(feed_first_img(a, "<p>&lt;img src=\"x\"&gt;</p>"));
    assert_null(feed_first_img(a, NULL));
    arena_free(a);
}

static void test_text_rules(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    assert_true(feed_looks_like_html("<b>x</b>", 8));
    assert_true(feed_looks_like_html("AT&amp;T", 8));
    assert_false(feed_looks_like_html("a < b", 5));
    assert_false(feed_looks_like_html("<foo>x</foo>", 12));   /* not an HTML tag */
    assert_false(feed_looks_like_html("&bogus; </b>", 12));   /* unknown entity */
    assert_string_equal(feed_text_from_html(a, "<p>a</p>\n<style>x</style> &eacute;", 34), "a é");
    assert_string_equal(feed_text_plain(a, " \t a \r\n b ", 10), "a b");
    assert_null(feed_text_plain(a, " \n ", 3));
    assert_string_equal(feed_html_escape_text(a, " <a&b> ", 7), "&lt;a&amp;b&gt;");
    arena_free(a);
}

static void test_author_rules(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    assert_string_equal(feed_author_name(a, "ed@example.com (Jane Ed)"), "Jane Ed");
    assert_string_equal(feed_author_name(a, "Jane Ed <ed@example.com>"), "Jane Ed");
    assert_string_equal(feed_author_name(a, "ed@example.com"), "ed@example.com");
    assert_string_equal(feed_author_name(a, "  Plain   Name "), "Plain Name");
    assert_null(feed_author_name(a, "   "));
    arena_free(a);
}

static void test_html_entity_table(void **state)
{
    (void)state;
    char out[8];
    assert_int_equal(html_entity("nbsp", 4, false), 0xA0);
    assert_int_equal(str_utf8_put(0xA0, out), 2);
    assert_memory_equal(out, "\xC2\xA0", 2);
    assert_int_equal(html_entity("euro", 4, false), 0x20AC);
    assert_int_equal(str_utf8_put(0x20AC, out), 3);
    assert_int_equal(str_utf8_put(0x1F600, out), 4);
    assert_memory_equal(out, "\xF0\x9F\x98\x80", 4);
    assert_int_equal(html_entity("Aacute", 6, false), 0xC1);
    assert_int_equal(html_entity("AElig", 5, false), 0xC6);
    assert_int_equal(html_entity("zwnj", 4, false), 0x200C);
    assert_int_equal(html_entity("nbs", 3, false), 0);
    assert_int_equal(html_entity("nbspx", 5, false), 0);
    assert_int_equal(html_entity("apos", 4, false), 0); /* not in HTML 4 */
    assert_int_equal(html_entity("apos", 4, true), '\'');  /* HTML5 */
}

/* Found by fuzz_feed_xml: an encoding name with bytes that are not UTF-8
 * went into bozo_reason, and so into the JSON, unchanged. */
static void test_bozo_reason_is_valid_utf8(void **state)
{
    (void)state;
    const char *doc = "<?xml version=\"1.0\" encoding=\"\x90tf-8\"?><rss version=\"2.0\"><channel>"
                      "<title>x</title></channel></rss>";
    feed *f = parse_ok(doc);
    assert_true(f->bozo);
    assert_true(utf8_valid(f->bozo_reason, strlen(f->bozo_reason)));
    assert_non_null(strstr(f->bozo_reason, "unknown encoding '?tf-8'"));
    feed_free(f);
}

/* The one sanitizer: simple input (html_clean's one-pass tree) and the
 * rest give the same bytes; found by fuzz_feed_html and fuzz_html_simple. */
static void test_sanitize_one_path_for_simple_and_full(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    /* a vertical tab: HTML5 reads it as U+FFFD (simple.c declines) */
    const char *out = feed_sanitize_html(a, "<b>\x0bnm</b>", 10, NULL);
    assert_string_equal(out, "<b>\xef\xbf\xbdnm</b>");
    /* an out-of-range character reference never yields invalid UTF-8 */
    const char *big = "<p>&#5555555555555555555555;</p>";
    out = feed_sanitize_html(a, big, strlen(big), NULL);
    assert_true(utf8_valid(out, strlen(out)));
    /* keeps &nbsp; as written, resolves URLs, drops handlers */
    const char *simple = "<p class=\"c\" onclick=\"x\">a&nbsp;<a href=\"x?a=1&amp;b=2\">l</a></p><img src=\"i.png\">";
    out = feed_sanitize_html(a, simple, strlen(simple), "http://h.example/d/");
    assert_string_equal(out, "<p class=\"c\">a&nbsp;<a href=\"http://h.example/d/x?a=1&amp;b=2\">l</a></p>"
                             "<img src=\"http://h.example/d/i.png\" />");
    /* references decode as the full parse decodes them (the old one-pass
     * path kept &mdash; and &#37; as written) */
    const char *refs = "<p>a&mdash;b &#37; &copy;</p>";
    assert_string_equal(feed_sanitize_html(a, refs, strlen(refs), NULL),
                        "<p>a\xe2\x80\x94" "b % \xc2\xa9</p>");
    const char *refs_full = "<p>a&mdash;b &#37; &copy;</p><!-- gumbo's path -->";
    assert_string_equal(feed_sanitize_html(a, refs_full, strlen(refs_full), NULL),
                        "<p>a\xe2\x80\x94" "b % \xc2\xa9</p>");
    arena_free(a);
}

/* raw_html: bodies as the feed wrote them, for a caller that cleans them
 * itself (ingest); no entry image read out of a body. */
static void test_parse_raw_html_keeps_bodies_uncleaned(void **state)
{
    (void)state;
    const char *doc =
        "<rss version=\"2.0\"><channel><title>t</title><link>https://e.example/</link><item>"
        "<link>https://e.example/a</link><description>  &lt;p&gt;x&lt;img src=\"\"&gt;"
        "&lt;img src=\"b.png\"&gt;&lt;iframe src=\"https://www.youtube.com/embed/x\"&gt;"
        "&lt;/iframe&gt;&lt;/p&gt; </description></item><item><description>a &amp;amp; b"
        "</description></item></channel></rss>";
    feed_parse_opts o = {.base_url = "https://e.example/feed", .raw_html = true};
    feed *f = NULL;
    nm_error err;
    assert_int_equal(feed_parse(doc, strlen(doc), &o, &f, &err), 0);
    assert_int_equal(f->nentries, 2);
    assert_string_equal(f->entries[0].content,
                        "<p>x<img src=\"\"><img src=\"b.png\"><iframe "
                        "src=\"https://www.youtube.com/embed/x\"></iframe></p>");
    assert_string_equal(f->entries[0].summary, f->entries[0].content);
    assert_null(f->entries[0].image);
    assert_string_equal(f->entries[1].content, "a &amp; b");
    feed_free(f);
    /* Atom inline XHTML (as markup) and JSON Feed content_html, uncleaned */
    const char *atom =
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><entry><title>e</title>"
        "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>a <b>b</b> "
        "<img src=\"\"/></p></div></content></entry></feed>";
    assert_int_equal(feed_parse(atom, strlen(atom), &o, &f, &err), 0);
    assert_string_equal(f->entries[0].content, "<p>a <b>b</b> <img src=\"\"/></p>");
    feed_free(f);
    const char *json = "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"t\", "
                       "\"items\": [{\"id\": \"1\", \"content_html\": \"<p>x<img src=''></p>\"}]}";
    assert_int_equal(feed_parse(json, strlen(json), &o, &f, &err), 0);
    assert_string_equal(f->entries[0].content, "<p>x<img src=''></p>");
    feed_free(f);
    /* without it: feedparser's cleaning, and the first image */
    o.raw_html = false;
    assert_int_equal(feed_parse(doc, strlen(doc), &o, &f, &err), 0);
    assert_string_equal(f->entries[0].content,
                        "<p>x<img src=\"\" /><img src=\"https://e.example/b.png\" /></p>");
    assert_string_equal(f->entries[0].image, "https://e.example/b.png");
    feed_free(f);
}

/* feed_parse is thread safe: many threads, one feed each. */
static void *parse_in_thread(void *arg)
{
    (void)arg;
    for (int i = 0; i < 50; i++) {
        const char *doc = "<rss version=\"2.0\"><channel><title>a&nbsp;b</title><item><description>"
                          "&lt;p onclick=x&gt;t&lt;/p&gt;</description></item></channel></rss>";
        feed *f = NULL;
        nm_error err;
        if (feed_parse(doc, strlen(doc), NULL, &f, &err) != 0 || strcmp(f->entries[0].summary, "<p>t</p>"))
            return (void *)1;
        feed_free(f);
    }
    return NULL;
}

static void test_parse_is_thread_safe(void **state)
{
    (void)state;
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, parse_in_thread, NULL);
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        assert_null(r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_rss_entry_fields),
        cmocka_unit_test(test_parse_not_a_feed_names_the_source),
        cmocka_unit_test(test_parse_refuses_input_over_the_limit),
        cmocka_unit_test(test_parse_null_opts_and_empty_input),
        cmocka_unit_test(test_parse_undefined_entity_sets_bozo_and_decodes),
        cmocka_unit_test(test_parse_wrong_declared_charset_is_detected),
        cmocka_unit_test(test_parse_http_charset_wins_over_prolog),
        cmocka_unit_test(test_parse_base_url_resolves_links_not_ids),
        cmocka_unit_test(test_parse_ttl_and_sy_update_period),
        cmocka_unit_test(test_to_json_escapes_and_nulls),
        cmocka_unit_test(test_sanitize_drops_script_handlers_and_bad_urls),
        cmocka_unit_test(test_sanitize_bounds_pathological_nesting),
        cmocka_unit_test(test_first_img_reads_our_serialization),
        cmocka_unit_test(test_text_rules),
        cmocka_unit_test(test_author_rules),
        cmocka_unit_test(test_html_entity_table),
        cmocka_unit_test(test_bozo_reason_is_valid_utf8),
        cmocka_unit_test(test_sanitize_one_path_for_simple_and_full),
        cmocka_unit_test(test_parse_raw_html_keeps_bodies_uncleaned),
        cmocka_unit_test(test_parse_is_thread_safe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
