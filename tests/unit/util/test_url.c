/*
 * test_url.c — RFC 3986 reference resolution (every example of section
 * 5.4), scheme sniffing and path percent-encoding.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "util/util.h"

#define RFC_BASE "http://a/b/c/d;p?q"

struct case_ {
    const char *ref, *want;
};

static void check_cases(const char *base, const struct case_ *c, size_t n)
{
    arena *a = arena_new(0);
    for (size_t i = 0; i < n; i++) {
        const char *got = url_resolve(a, base, c[i].ref);
        if (strcmp(got, c[i].want) != 0)
            fail_msg("resolve(%s, %s) = %s, want %s", base, c[i].ref, got, c[i].want);
    }
    arena_free(a);
}

static void test_resolve_rfc3986_normal_examples(void **state)
{
    (void)state;
    static const struct case_ c[] = {
        {"g:h", "g:h"},
        {"g", "http://a/b/c/g"},
        {"./g", "http://a/b/c/g"},
        {"g/", "http://a/b/c/g/"},
        {"/g", "http://a/g"},
        {"//g", "http://g"},
        {"?y", "http://a/b/c/d;p?y"},
        {"g?y", "http://a/b/c/g?y"},
        {"#s", "http://a/b/c/d;p?q#s"},
        {"g#s", "http://a/b/c/g#s"},
        {"g?y#s", "http://a/b/c/g?y#s"},
        {";x", "http://a/b/c/;x"},
        {"g;x", "http://a/b/c/g;x"},
        {"g;x?y#s", "http://a/b/c/g;x?y#s"},
        {"", "http://a/b/c/d;p?q"},
        {".", "http://a/b/c/"},
        {"./", "http://a/b/c/"},
        {"..", "http://a/b/"},
        {"../", "http://a/b/"},
        {"../g", "http://a/b/g"},
        {"../..", "http://a/"},
        {"../../", "http://a/"},
        {"../../g", "http://a/g"},
    };
    check_cases(RFC_BASE, c, NM_ARRAY_LEN(c));
}

static void test_resolve_rfc3986_abnormal_examples(void **state)
{
    (void)state;
    static const struct case_ c[] = {
        {"../../../g", "http://a/g"},
        {"../../../../g", "http://a/g"},
        {"/./g", "http://a/g"},
        {"/../g", "http://a/g"},
        {"g.", "http://a/b/c/g."},
        {".g", "http://a/b/c/.g"},
        {"g..", "http://a/b/c/g.."},
        {"..g", "http://a/b/c/..g"},
        {"./../g", "http://a/b/g"},
        {"./g/.", "http://a/b/c/g/"},
        {"g/./h", "http://a/b/c/g/h"},
        {"g/../h", "http://a/b/c/h"},
        {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
        {"g;x=1/../y", "http://a/b/c/y"},
        {"g?y/./x", "http://a/b/c/g?y/./x"},
        {"g?y/../x", "http://a/b/c/g?y/../x"},
        {"g#s/./x", "http://a/b/c/g#s/./x"},
        {"g#s/../x", "http://a/b/c/g#s/../x"},
        /* browsers and urljoin: same scheme without authority = relative */
        {"http:g", "http://a/b/c/g"},
    };
    check_cases(RFC_BASE, c, NM_ARRAY_LEN(c));
}

static void test_resolve_base_without_path_and_network_refs(void **state)
{
    (void)state;
    static const struct case_ nopath[] = {
        {"g", "http://a/g"},
        {"", "http://a"},
        {"?x", "http://a?x"},
        {"//cdn.example.com/i.png", "http://cdn.example.com/i.png"},
        {"https://other/x/../y", "https://other/y"},
        {"HTTPS://Other/Q", "HTTPS://Other/Q"},
        {"mailto:x@y", "mailto:x@y"},
    };
    check_cases("http://a", nopath, NM_ARRAY_LEN(nopath));
    static const struct case_ frag[] = {
        {"", "https://news.example.com/a/b?p=1"}, /* base fragment dropped */
        {"#top", "https://news.example.com/a/b?p=1#top"},
        {"../img/新闻.jpg", "https://news.example.com/img/新闻.jpg"},
    };
    check_cases("https://news.example.com/a/b?p=1#f", frag, NM_ARRAY_LEN(frag));
}

static void test_resolve_trims_ref_and_handles_missing_base(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    assert_string_equal(url_resolve(a, "http://a/b/c", " \t\n img/x.png \r\n"),
                        "http://a/b/img/x.png");
    assert_string_equal(url_resolve(a, NULL, " /x "), "/x");
    assert_string_equal(url_resolve(a, "", "g"), "g");
    assert_string_equal(url_resolve(a, "http://a/b", NULL), "http://a/b");
    arena_free(a);
}

static void test_scheme_is_lower_cased_or_empty(void **state)
{
    (void)state;
    char s[16];
    url_scheme("HTTPS://x", s, sizeof(s));
    assert_string_equal(s, "https");
    url_scheme("mailto:a@b", s, sizeof(s));
    assert_string_equal(s, "mailto");
    url_scheme("svn+ssh://h/r", s, sizeof(s));
    assert_string_equal(s, "svn+ssh");
    url_scheme("a.b-c:x", s, sizeof(s));
    assert_string_equal(s, "a.b-c");
    url_scheme("/abs/path", s, sizeof(s));
    assert_string_equal(s, "");
    url_scheme("1http://x", s, sizeof(s));
    assert_string_equal(s, "");
    url_scheme("no scheme:x", s, sizeof(s));
    assert_string_equal(s, "");
    url_scheme("noscheme", s, sizeof(s));
    assert_string_equal(s, "");
    url_scheme(NULL, s, sizeof(s));
    assert_string_equal(s, "");
    char tiny[4];
    url_scheme("https://x", tiny, sizeof(tiny)); /* does not fit: empty */
    assert_string_equal(tiny, "");
}

static void test_encode_path_escapes_all_but_unreserved_and_slash(void **state)
{
    (void)state;
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    const char *p = "/categories/金融/a b?#%~_.-Z9/";
    assert_int_equal(url_encode_path(&b, p, strlen(p)), 0);
    assert_string_equal(buf_cstr(&b),
                        "/categories/%E9%87%91%E8%9E%8D/a%20b%3F%23%25~_.-Z9/");
    buf_reset(&b);
    assert_int_equal(url_encode_path(&b, "a\0b", 3), 0);
    assert_string_equal(buf_cstr(&b), "a%00b");
    buf_free(&b);

    buf_init(&b, 5);
    assert_int_equal(url_encode_path(&b, "abcd", 4), 0);
    assert_int_equal(url_encode_path(&b, " ", 1), -1); /* 3 more bytes: over the cap */
    assert_true(buf_failed(&b)); /* poisoned: no cut-off path to use */
    assert_string_equal(buf_cstr(&b), "");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resolve_rfc3986_normal_examples),
        cmocka_unit_test(test_resolve_rfc3986_abnormal_examples),
        cmocka_unit_test(test_resolve_base_without_path_and_network_refs),
        cmocka_unit_test(test_resolve_trims_ref_and_handles_missing_base),
        cmocka_unit_test(test_scheme_is_lower_cased_or_empty),
        cmocka_unit_test(test_encode_path_escapes_all_but_unreserved_and_slash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
