/*
 * test_path.c — serve_path_normalize: the gate between a request path and
 * the file system. Each case is a raw path as a client sends it and the
 * exact relative path (or the refusal) that must come out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "serve/serve.h"

struct case_ {
    const char *raw;
    serve_path_status want;
    const char *out;    /* for SERVE_PATH_OK */
    bool slash;
};

static const char *status_name(serve_path_status s)
{
    switch (s) {
    case SERVE_PATH_OK: return "OK";
    case SERVE_PATH_BAD: return "BAD";
    case SERVE_PATH_FORBIDDEN: return "FORBIDDEN";
    case SERVE_PATH_HIDDEN: return "HIDDEN";
    case SERVE_PATH_TOO_LONG: return "TOO_LONG";
    }
    return "?";
}

static void check_cases(const struct case_ *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char out[256];
        bool slash = !c[i].slash;
        memset(out, 'x', sizeof(out));
        serve_path_status got =
            serve_path_normalize(c[i].raw, strlen(c[i].raw), out, sizeof(out), &slash);
        if (got != c[i].want)
            fail_msg("normalize(%s) = %s, want %s", c[i].raw, status_name(got),
                     status_name(c[i].want));
        const char *want_out = c[i].want == SERVE_PATH_OK ? c[i].out : "";
        if (strcmp(out, want_out) != 0)
            fail_msg("normalize(%s) wrote [%s], want [%s]", c[i].raw, out, want_out);
        if (slash != c[i].slash)
            fail_msg("normalize(%s): trailing_slash %d, want %d", c[i].raw, slash, c[i].slash);
    }
}

static void test_plain_paths_become_relative(void **state)
{
    (void)state;
    static const struct case_ c[] = {
        {"/", SERVE_PATH_OK, "", true},
        {"/index.html", SERVE_PATH_OK, "index.html", false},
        {"/2022/08/19/0123456789abcdef/", SERVE_PATH_OK, "2022/08/19/0123456789abcdef", true},
        {"/css/style.css", SERVE_PATH_OK, "css/style.css", false},
        {"/page/2", SERVE_PATH_OK, "page/2", false},
        {"/a+b", SERVE_PATH_OK, "a+b", false},
        {"/~user", SERVE_PATH_OK, "~user", false},
    };
    check_cases(c, NM_ARRAY_LEN(c));
}

static void test_percent_escapes_decode_once_as_utf8(void **state)
{
    (void)state;
    static const struct case_ c[] = {
        {"/categories/%E9%87%91%E8%9E%8D/", SERVE_PATH_OK, "categories/金融", true},
        {"/categories/%e9%87%91%e8%9e%8d/%E6%96%B0%E6%B5%AA%E8%B4%A2%E7%BB%8F/",
         SERVE_PATH_OK, "categories/金融/新浪财经", true},
        {"/categories/金融/", SERVE_PATH_OK, "categories/金融", true}, /* raw UTF-8 too */
        {"/a%20b.html", SERVE_PATH_OK, "a b.html", false},
        {"/%252e%252e/x", SERVE_PATH_OK, "%2e%2e/x", false}, /* double encoding: a name */
        {"/100%25", SERVE_PATH_OK, "100%", false},
        {"/a%5Cb", SERVE_PATH_OK, "a\\b", false},
    };
    check_cases(c, NM_ARRAY_LEN(c));
}

static void test_dot_segments_and_empty_segments_are_dropped(void **state)
{
    (void)state;
    static const struct case_ c[] = {
        {"//", SERVE_PATH_OK, "", true},
        {"/a//b", SERVE_PATH_OK, "a/b", false},
        {"///a///b///", SERVE_PATH_OK, "a/b", true},
        {"/./a/./b/.", SERVE_PATH_OK, "a/b", false},
        {"/a/%2e/b", SERVE_PATH_OK, "a/b", false},
        {"/.", SERVE_PATH_OK, "", false},
        {"/./", SERVE_PATH_OK, "", true},
    };
    check_cases(c, NM_ARRAY_LEN(c));
}

static void test_dot_dot_is_refused_in_every_spelling(void **state)
{
    (void)state;
    static const struct case_ c[] = {
        {"/..", SERVE_PATH_FORBIDDEN, NULL, false},
        {"/../etc/passwd", SERVE_PATH_FORBIDDEN, NULL, false},
        {"/a/../../etc/passwd", SERVE_PATH_FORBIDDEN, NULL, false},
        {"/a/b/..", SERVE_PATH_FORBIDDEN, NULL, false},
        {"/%2e%2e/", SERVE_PATH_FORBIDDEN, NULL, true},
        {"/%2E%2E/etc/passwd", SERVE_PATH_FORBIDDEN, NULL, false},
        {"/.%2e/x", SERVE_PATH_FORBIDDEN, NULL, false},
        {"/%2e./x", SERVE_PATH_FORBIDDEN, NULL, false},
    };
    check_cases(c, NM_ARRAY_LEN(c));
}

static void test_encoded_slash_and_nul_are_refused(void **state)
{
    (void)state;
    static const struct case_ c[] = {
        {"/a%2fb", SERVE_PATH_FORBIDDEN, NULL, false},
        {"/..%2f..%2fetc%2fpasswd", SERVE_PATH_FORBIDDEN, NULL, false},
        {"/%2F", SERVE_PATH_FORBIDDEN, NULL, false},
        {"/index.html%00.png", SERVE_PATH_FORBIDDEN, NULL, false},
        {"/%00", SERVE_PATH_FORBIDDEN, NULL, false},
    };
    check_cases(c, NM_ARRAY_LEN(c));
}

static void test_hidden_names_are_refused(void **state)
{
    (void)state;
    static const struct case_ c[] = {
        {"/.git/config", SERVE_PATH_HIDDEN, NULL, false},
        {"/a/.htaccess", SERVE_PATH_HIDDEN, NULL, false},
        {"/%2egit/config", SERVE_PATH_HIDDEN, NULL, false},
        {"/...", SERVE_PATH_HIDDEN, NULL, false},
        {"/.index.html.nmtmp-1-2", SERVE_PATH_HIDDEN, NULL, false},
    };
    check_cases(c, NM_ARRAY_LEN(c));
}

static void test_malformed_paths_are_bad_requests(void **state)
{
    (void)state;
    static const struct case_ c[] = {
        {"", SERVE_PATH_BAD, NULL, false},
        {"index.html", SERVE_PATH_BAD, NULL, false},
        {"http://example.com/", SERVE_PATH_BAD, NULL, true},
        {"*", SERVE_PATH_BAD, NULL, false},
        {"/%", SERVE_PATH_BAD, NULL, false},
        {"/%4", SERVE_PATH_BAD, NULL, false},
        {"/%zz", SERVE_PATH_BAD, NULL, false},
        {"/%4g", SERVE_PATH_BAD, NULL, false},
        {"/%E9%87", SERVE_PATH_BAD, NULL, false},      /* truncated UTF-8 */
        {"/%C0%AE%C0%AE/", SERVE_PATH_BAD, NULL, true}, /* overlong "..": not UTF-8 */
        {"/%FF", SERVE_PATH_BAD, NULL, false},
        {"/%ED%A0%80", SERVE_PATH_BAD, NULL, false},    /* a surrogate */
    };
    check_cases(c, NM_ARRAY_LEN(c));
}

static void test_output_that_does_not_fit_is_too_long(void **state)
{
    (void)state;
    char out[8];
    bool slash;
    assert_int_equal(serve_path_normalize("/abcdefgh", 9, out, sizeof(out), &slash),
                     SERVE_PATH_TOO_LONG);
    assert_string_equal(out, "");
    assert_int_equal(serve_path_normalize("/abcdefg", 8, out, sizeof(out), &slash),
                     SERVE_PATH_OK);
    assert_string_equal(out, "abcdefg");
    assert_int_equal(serve_path_normalize("/abc/defg", 9, out, sizeof(out), &slash),
                     SERVE_PATH_TOO_LONG);
    assert_int_equal(serve_path_normalize("/abc/def", 8, out, sizeof(out), &slash),
                     SERVE_PATH_OK);
    assert_string_equal(out, "abc/def");
}

static void test_only_n_bytes_are_read(void **state)
{
    (void)state;
    char out[64];
    bool slash;
    assert_int_equal(serve_path_normalize("/a/b/../../etc", 4, out, sizeof(out), &slash),
                     SERVE_PATH_OK);
    assert_string_equal(out, "a/b");
    assert_false(slash);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_paths_become_relative),
        cmocka_unit_test(test_percent_escapes_decode_once_as_utf8),
        cmocka_unit_test(test_dot_segments_and_empty_segments_are_dropped),
        cmocka_unit_test(test_dot_dot_is_refused_in_every_spelling),
        cmocka_unit_test(test_encoded_slash_and_nul_are_refused),
        cmocka_unit_test(test_hidden_names_are_refused),
        cmocka_unit_test(test_malformed_paths_are_bad_requests),
        cmocka_unit_test(test_output_that_does_not_fit_is_too_long),
        cmocka_unit_test(test_only_n_bytes_are_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
