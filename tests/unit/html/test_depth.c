/*
 * test_depth.c — the nesting bound applied before gumbo parses: hostile
 * depth is cut (text kept), ordinary markup is passed through untouched.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "html/internal.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ordinary_markup_is_not_copied),
        cmocka_unit_test(test_hostile_depth_is_cut_and_text_kept),
        cmocka_unit_test(test_clean_of_100000_nested_elements_keeps_text_and_caps_output),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
