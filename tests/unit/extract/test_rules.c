/*
 * test_rules.c — the FiveFilters site-config reader and its XPath rules:
 * directives read (repeated ones in order), unknown directives, bad XPaths
 * and lines without ':' reported as file:line warnings (never errors), the
 * host and parent-domain lookup, a user's file replacing a built-in, and
 * each acted-on directive applied to a page (title, author, date, body,
 * strip, strip_id_or_class, strip_image_src, strip_attr, next_page_link,
 * single_page_link, replace_string, body fallback to the general extractor).
 * Fixtures: tests/fixtures/extract/rules/.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "extract/extract_int.h"

static char rules_dir[1024];

static int setup(void **state)
{
    (void)state;
    const char *root = getenv("NM_ROOT");
    snprintf(rules_dir, sizeof(rules_dir), "%s/tests/fixtures/extract/rules",
             root && root[0] ? root : ".");
    return 0;
}

static extract_rules *load(bool builtin)
{
    extract_rules *r = extract_rules_new(builtin);
    nm_error err;
    nm_error_clear(&err);
    assert_int_equal(extract_rules_load_dir(r, rules_dir, &err), 0);
    return r;
}

/* A paragraph the general extractor scores as an article's. */
static const char para[] = "<p>A paragraph of the real article, long enough, with commas, "
                           "clauses, and words, so that the scorer finds it and keeps it.</p>";

/* extract_page on one page, which must succeed; the article lives in a. */
static extract_article extract_ok(arena *a, const extract_rules *r, const char *page, const char *url)
{
    extract_input in = {.data = page, .len = strlen(page), .url = url};
    extract_article art;
    nm_error err;
    nm_error_clear(&err);
    assert_int_equal(extract_page(a, r, &in, &art, &err), 0);
    return art;
}

static bool has_warning(const extract_rules *r, const char *text)
{
    size_t n;
    const char *const *w = extract_rules_warnings(r, &n);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(w[i], text))
            return true;
    return false;
}

static void test_rules_parse_directives_in_order(void **state)
{
    (void)state;
    extract_rules *r = load(false);
    assert_int_equal(extract_rules_count(r), 3); /* notes.md is not a rule file */
    const site_rule *f = extract_rules_find(r, "www.example.com");
    assert_non_null(f);
    assert_string_equal(f->name, ".example.com.txt");
    assert_false(f->prune);
    assert_false(f->tidy);
    int bodies = 0;
    const char *first_body = NULL;
    const rule_line *repl = NULL, *pair = NULL;
    for (size_t i = 0; i < f->n; i++) {
        if (f->lines[i].kind == RULE_BODY && !bodies++)
            first_body = f->lines[i].value;
        if (f->lines[i].kind == RULE_REPLACE_STRING && !repl)
            repl = &f->lines[i];
        else if (f->lines[i].kind == RULE_REPLACE_STRING)
            pair = &f->lines[i];
    }
    assert_int_equal(bodies, 2); /* the third has a bad XPath */
    assert_string_equal(first_body, "//div[@id='story-body']");
    assert_non_null(repl);
    assert_string_equal(repl->arg, "<div class=\"pagebreak\"></div>");
    assert_string_equal(repl->value, "<hr>");
    assert_non_null(pair);
    assert_string_equal(pair->arg, "<b>EXTRA</b>");
    assert_string_equal(pair->value, "<b>extra</b>");
    extract_rules_free(r);
}

static void test_rules_warnings_name_file_and_line(void **state)
{
    (void)state;
    extract_rules *r = load(false);
    assert_true(has_warning(r, ".example.com.txt:18: unknown directive 'frobnicate'; ignored"));
    assert_true(has_warning(r, ".example.com.txt:19: bad XPath '//div[@id='unclosed''; ignored"));
    assert_true(has_warning(
        r, ".example.com.txt:20: no ':' on this line (want \"directive: value\"); ignored"));
    size_t n;
    extract_rules_warnings(r, &n);
    assert_int_equal(n, 3); /* http_header, test_url …: known, no warning */
    extract_rules_free(r);
}

static void test_rules_unpaired_find_string_is_a_warning(void **state)
{
    (void)state;
    extract_rules *r = extract_rules_new(false);
    const char *t = "find_string: <x>\nbody: //p\nreplace_string: <y>\n";
    extract_rules_add(r, "a.test.txt", t, strlen(t));
    assert_true(has_warning(r, "a.test.txt:3: replace_string without a find_string before it; ignored"));
    assert_true(has_warning(r, "a.test.txt:1: find_string without a replace_string after it; ignored"));
    extract_rules_free(r);
}

static void test_rules_lookup_by_host_and_parent_domain(void **state)
{
    (void)state;
    extract_rules *r = load(false);
    assert_string_equal(extract_rules_find(r, "example.com")->name, ".example.com.txt");
    assert_string_equal(extract_rules_find(r, "a.b.example.com")->name, ".example.com.txt");
    assert_string_equal(extract_rules_find(r, "news.example.org")->name, "news.example.org.txt");
    assert_null(extract_rules_find(r, "www.example.org")); /* exact file only */
    assert_null(extract_rules_find(r, "notexample.com"));
    assert_null(extract_rules_find(r, "com"));
    assert_null(extract_rules_find(r, ""));
    extract_rules_free(r);
}

static void test_rules_user_file_replaces_builtin(void **state)
{
    (void)state;
    extract_rules *b = extract_rules_new(true);
    const site_rule *f = extract_rules_find(b, "finance.sina.com.cn");
    assert_non_null(f);
    assert_string_equal(f->lines[2].value, "//div[@id='artibody']");
    size_t nb = extract_rules_count(b);
    nm_error err;
    nm_error_clear(&err);
    assert_int_equal(extract_rules_load_dir(b, rules_dir, &err), 0);
    assert_int_equal(extract_rules_count(b), nb + 2); /* sina replaced, two new */
    f = extract_rules_find(b, "finance.sina.com.cn");
    assert_int_equal(f->n, 1);
    assert_string_equal(f->lines[0].value, "//div[@id='user-artibody']");
    extract_rules_free(b);
}

static void test_rules_missing_dir_is_an_error(void **state)
{
    (void)state;
    extract_rules *r = extract_rules_new(false);
    nm_error err;
    nm_error_clear(&err);
    assert_int_equal(extract_rules_load_dir(r, "/nonexistent/rules", &err), -1);
    char msg[256];
    assert_non_null(strstr(nm_error_format(&err, msg, sizeof(msg)), "cannot read the rules directory"));
    extract_rules_free(r);
}

static const char page[] =
    "<!DOCTYPE html><html><head><title>Page title - Example</title></head><body>"
    "<div class='nav'><a href='/'>Home</a></div>"
    "<h1 class='headline'>Rule title</h1>"
    "<span class='byline'>by <a href='/a'>Ann Writer</a></span>"
    "<time class='pub' datetime='2024-03-05T06:07:08Z'>5 March</time>"
    "<div id='story-body'>"
    "<p>First paragraph of the story, long enough to be prose.</p>"
    "<div class='share-bar'>Share on everything</div>"
    "<p>Sponsored: buy things</p>"
    "<ul class='list related'><li>Related link</li></ul>"
    "<img src='https://cdn.example.com/tracker.gif'>"
    "<img src='https://cdn.example.com/photo.jpg' srcset='x.jpg 2x'>"
    "<div class=\"pagebreak\"></div>"
    "<p>Second <b>EXTRA</b> paragraph.</p>"
    "</div>"
    "<a class='next-page' href='story_2.html'>Next</a>"
    "</body></html>";

static void test_rules_applied_to_a_page(void **state)
{
    (void)state;
    extract_rules *r = load(false);
    arena *a = arena_new(0);
    extract_article art = extract_ok(a, r, page, "https://www.example.com/news/story.html");
    assert_string_equal(art.rule, ".example.com.txt");
    assert_string_equal(art.title, "Rule title");
    assert_string_equal(art.byline, "Ann Writer");
    assert_int_equal(art.published, 1709618828);
    assert_string_equal(art.next_page, "https://www.example.com/news/story_2.html");
    assert_string_equal(art.text, "First paragraph of the story, long enough to be prose.\n\n"
                                  "Second extra paragraph.");
    assert_null(strstr(art.html, "share-bar"));
    assert_null(strstr(art.html, "Sponsored"));
    assert_null(strstr(art.html, "Related link"));
    assert_null(strstr(art.html, "tracker.gif"));
    assert_null(strstr(art.html, "srcset"));
    assert_non_null(strstr(art.html, "<img src=\"https://cdn.example.com/photo.jpg\">"));
    assert_non_null(strstr(art.html, "<hr>"));
    arena_free(a);
    extract_rules_free(r);
}

static void test_rules_body_matching_nothing_falls_back(void **state)
{
    (void)state;
    extract_rules *r = extract_rules_new(false);
    const char *t = "body: //div[@id='gone']\ntitle: //h2\n";
    extract_rules_add(r, "fallback.test.txt", t, strlen(t));
    const char *p = "<html><body><h2>From the rule</h2><div><p>Only this paragraph carries "
                    "the article, with enough text, commas, and words to score.</p></div>"
                    "</body></html>";
    arena *a = arena_new(0);
    extract_article art = extract_ok(a, r, p, "http://fallback.test/x");
    assert_null(art.rule);
    assert_string_equal(art.title, "From the rule");
    assert_non_null(strstr(art.text, "Only this paragraph"));
    arena_free(a);
    extract_rules_free(r);
}

/* FiveFilters' livescience.com rule: strips only, no body: line, and
 * "autodetect_on_failure: no". It matched nothing and newsmill gave no
 * text at all; now the general extractor finds the article on the page as
 * the rule's strips left it. A body: that matches nothing does the same
 * with autodetect_on_failure: no. */
static void test_rules_no_body_match_falls_back_despite_autodetect_no(void **state)
{
    (void)state;
    extract_rules *r = extract_rules_new(false);
    const char *t = "strip_id_or_class: fancy-box\nstrip_id_or_class: ad-unit\nprune: no\n"
                    "autodetect_on_failure: no\n";
    extract_rules_add(r, "livescience.test.txt", t, strlen(t));
    const char *t2 = "body: //div[@id='gone']\nautodetect_on_failure: no\n";
    extract_rules_add(r, "gone.test.txt", t2, strlen(t2));
    arena *a = arena_new(0);
    char *p = arena_printf(a, "<html><body><article>%s<div class='fancy-box'>Buy the "
                              "magazine, now, today, with a discount, for you</div>%s%s</article>"
                              "</body></html>",
                           para, para, para);
    const char *urls[] = {"https://www.livescience.test/34569-flowers.html",
                          "https://gone.test/a.html"};
    for (size_t i = 0; i < 2; i++) {
        extract_article art = extract_ok(a, r, p, urls[i]);
        assert_null(art.rule);
        assert_non_null(strstr(art.text, "A paragraph of the real article"));
        if (i == 0)
            assert_null(strstr(art.text, "magazine")); /* the rule's strip applied */
    }
    arena_free(a);
    extract_rules_free(r);
}

/* single_page_link and next_page_link selecting the <a> itself give its
 * href, resolved against the page; a page without the link gives none,
 * and neither does a link to the page itself or a javascript: link. */
static void test_rules_single_page_link(void **state)
{
    (void)state;
    extract_rules *r = extract_rules_new(false);
    const char *t = "single_page_link: //a[contains(@class, 'print')]\n"
                    "next_page_link: //a[@rel='next']\n";
    extract_rules_add(r, "paged.test.txt", t, strlen(t));
    arena *a = arena_new(0);
    const char *pages[] = {
        arena_printf(a, "<html><body><article>%s%s</article><a class='tool print' href="
                        "' print/42.html '>Print</a> <a rel='next' href='42-2.html'>2</a>"
                        "</body></html>", para, para),
        arena_printf(a, "<html><body><article>%s%s</article></body></html>", para, para),
        arena_printf(a, "<html><body><article>%s%s</article><a class='print' href='42.html'>"
                        "Print</a></body></html>", para, para),
        arena_printf(a, "<html><body><article>%s%s</article><a class='print' "
                        "href='javascript:print()'>Print</a></body></html>", para, para),
    };
    for (size_t i = 0; i < NM_ARRAY_LEN(pages); i++) {
        extract_article art = extract_ok(a, r, pages[i], "https://www.paged.test/news/42.html");
        assert_non_null(strstr(art.text, "A paragraph of the real article"));
        if (i == 0) {
            assert_string_equal(art.single_page, "https://www.paged.test/news/print/42.html");
            assert_string_equal(art.next_page, "https://www.paged.test/news/42-2.html");
        } else {
            assert_null(art.single_page);
        }
    }
    arena_free(a);
    extract_rules_free(r);
}

static void test_rules_multiple_body_nodes_are_joined(void **state)
{
    (void)state;
    extract_rules *r = extract_rules_new(false);
    const char *t = "body: //div[@class='part'] | //div[@class='part']/p\nprune: no\n";
    extract_rules_add(r, "multi.test.txt", t, strlen(t));
    const char *p = "<html><body><div class='part'><p>One.</p></div><aside>x</aside>"
                    "<div class='part'><p>Two.</p></div></body></html>";
    arena *a = arena_new(0);
    extract_article art = extract_ok(a, r, p, "http://multi.test/x");
    assert_string_equal(art.text, "One.\n\nTwo.");
    arena_free(a);
    extract_rules_free(r);
}

/* A stale rule whose body: now matches a short header: the longer article
 * the general extractor finds wins. */
static void test_rules_stale_rule_short_cut_yields_to_scorer(void **state)
{
    (void)state;
    extract_rules *r = extract_rules_new(false);
    const char *t = "body: //div[@class='header']\n";
    extract_rules_add(r, "stale.test.txt", t, strlen(t));
    arena *a = arena_new(0);
    char *p = arena_printf(a, "<html><body><div class='header'>Section name</div><article>%s%s%s"
                              "</article></body></html>",
                           para, para, para);
    extract_article art = extract_ok(a, r, p, "http://stale.test/");
    assert_null(art.rule);
    assert_non_null(strstr(art.text, "A paragraph of the real article"));
    assert_null(strstr(art.text, "Section name"));
    arena_free(a);
    extract_rules_free(r);
}

/* fuzz_extract_rules: an empty strip_id_or_class: value ran past the end
 * of every class attribute. It strips nothing. */
static void test_rules_empty_strip_id_or_class_strips_nothing(void **state)
{
    (void)state;
    extract_rules *r = extract_rules_new(false);
    const char *t = "strip_id_or_class:\nbody: //div[@class='a b']\nprune: no\n";
    extract_rules_add(r, "empty.test.txt", t, strlen(t));
    const char *p = "<html><body><div class='a b'><p class='x'>Kept.</p></div></body></html>";
    arena *a = arena_new(0);
    extract_article art = extract_ok(a, r, p, "http://empty.test/");
    assert_string_equal(art.text, "Kept.");
    arena_free(a);
    extract_rules_free(r);
}

/* fuzz_extract_rules: a strip: of the root element freed it and the scorer
 * read a page without one; "body: /html" moved the root into the cut. The
 * root element is never stripped, and a body: that takes it takes a copy
 * (with nothing else: every other node is inside it). */
static void test_rules_root_element_is_never_taken_from_the_page(void **state)
{
    (void)state;
    static const char *rules[] = {"strip: /*\n", "strip: /html\nprune: no\n",
                                  "body: //p | /html\nprune: no\n"};
    const char *p = "<html><body><div><p>The article itself, with enough words, commas, "
                    "and text to be found by the scorer.</p><p>Second.</p></div></body></html>";
    for (size_t i = 0; i < NM_ARRAY_LEN(rules); i++) {
        extract_rules *r = extract_rules_new(false);
        extract_rules_add(r, "root.test.txt", rules[i], strlen(rules[i]));
        arena *a = arena_new(0);
        extract_article art = extract_ok(a, r, p, "http://root.test/");
        assert_non_null(strstr(art.text, "The article itself"));
        const char *second = strstr(art.text, "Second.");
        assert_non_null(second);
        assert_null(strstr(second + 1, "Second.")); /* once, not twice */
        arena_free(a);
        extract_rules_free(r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_parse_directives_in_order),
        cmocka_unit_test(test_rules_warnings_name_file_and_line),
        cmocka_unit_test(test_rules_unpaired_find_string_is_a_warning),
        cmocka_unit_test(test_rules_lookup_by_host_and_parent_domain),
        cmocka_unit_test(test_rules_user_file_replaces_builtin),
        cmocka_unit_test(test_rules_missing_dir_is_an_error),
        cmocka_unit_test(test_rules_applied_to_a_page),
        cmocka_unit_test(test_rules_body_matching_nothing_falls_back),
        cmocka_unit_test(test_rules_no_body_match_falls_back_despite_autodetect_no),
        cmocka_unit_test(test_rules_multiple_body_nodes_are_joined),
        cmocka_unit_test(test_rules_single_page_link),
        cmocka_unit_test(test_rules_empty_strip_id_or_class_strips_nothing),
        cmocka_unit_test(test_rules_stale_rule_short_cut_yields_to_scorer),
        cmocka_unit_test(test_rules_root_element_is_never_taken_from_the_page),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
