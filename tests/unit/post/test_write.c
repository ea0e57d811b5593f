/*
 * test_write.c — the seed's layout byte for byte, and which strings are
 * quoted how.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "post/post.h"

static arena *A;

static int setup(void **state)
{
    (void)state;
    A = arena_new(0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_free(A);
    return 0;
}

static const char *write_post(const post *p)
{
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    assert_int_equal(post_write(p, &b), 0);
    char *s = arena_strndup(A, buf_cstr(&b), b.len);
    buf_free(&b);
    return s;
}

static void test_seed_post_is_written_back_byte_for_byte(void **state)
{
    (void)state;
    const char *root = getenv("NM_ROOT");
    char path[4096];
    snprintf(path, sizeof(path), "%s/tests/fixtures/seed-post.md", root ? root : ".");
    nm_buf in;
    nm_error err;
    buf_init(&in, NM_BUF_NOLIMIT);
    assert_int_equal(fs_read_file(path, 1 << 20, &in, &err), 0);
    post p;
    assert_int_equal(post_parse(A, path, in.data, in.len, NULL, &p, &err), 0);
    const char *out = write_post(&p);
    assert_int_equal(strlen(out), in.len);
    assert_memory_equal(out, in.data, in.len);
    buf_free(&in);
}

static void test_new_post_in_seed_order_with_quoting_rules(void **state)
{
    (void)state;
    post p;
    post_init(&p);
    const char *names[] = {"金融", "新浪财经", "新浪财经－国內"};
    post_hierarchy h = {names, 3};
    p.title = "It's: a \"test\"";
    p.categories = &h;
    p.ncategories = 1;
    p.headimg = "https://a/b.png";
    p.author = "新浪财经";
    p.comments = 0;
    p.date = 1660880921;
    p.thumbnail = "https://a/t.png";
    p.body = SV("\n<div>x</div>\n");
    assert_string_equal(write_post(&p), "---\n"
                                        "title: 'It''s: a \"test\"'\n"
                                        "categories: \n"
                                        " - 金融\n"
                                        " - 新浪财经\n"
                                        " - 新浪财经－国內\n"
                                        "headimg: 'https://a/b.png'\n"
                                        "author: 新浪财经\n"
                                        "comments: false\n"
                                        "date: Fri, 19 Aug 2022 03:48:41 GMT\n"
                                        "thumbnail: 'https://a/t.png'\n"
                                        "---\n"
                                        "\n<div>x</div>\n");
}

static void test_empty_post_is_two_markers(void **state)
{
    (void)state;
    post p;
    post_init(&p);
    assert_string_equal(write_post(&p), "---\n---\n");
}

static void test_other_keys_after_the_seed_keys(void **state)
{
    (void)state;
    post p;
    post_init(&p);
    const char *tags[] = {"a", "", "b c"};
    post_field f[] = {
        {"weight", "5", "5"},
        {"title", "'ignored'", "ignored"}, /* a known key: never written twice */
        {"social", "\n  github: me", NULL},
        {"empty", "", NULL},
    };
    p.title = "T";
    p.tags = tags;
    p.ntags = 3;
    p.updated = 0;
    p.layout = "false";
    p.permalink = "x/";
    p.excerpt = "yes";
    p.fields = f;
    p.nfields = 4;
    assert_string_equal(write_post(&p), "---\n"
                                        "title: 'T'\n"
                                        "updated: Thu, 01 Jan 1970 00:00:00 GMT\n"
                                        "tags: \n"
                                        " - a\n"
                                        " - b c\n"
                                        "layout: false\n"
                                        "permalink: x/\n"
                                        "excerpt: 'yes'\n"
                                        "weight: 5\n"
                                        "social: \n"
                                        "  github: me\n"
                                        "empty:\n"
                                        "---\n");
}

static void test_several_hierarchies_as_flow_lists(void **state)
{
    (void)state;
    post p;
    post_init(&p);
    const char *a[] = {"Diary", "Play, Station"}, *b[] = {"Life"}, *c[] = {""};
    post_hierarchy h[] = {{a, 2}, {c, 1}, {b, 1}};
    p.categories = h;
    p.ncategories = 3;
    assert_string_equal(write_post(&p), "---\ncategories: \n - [Diary, 'Play, Station']\n"
                                        " - [Life]\n---\n");
}

static void test_yaml_string_quotes_only_when_needed(void **state)
{
    (void)state;
    const struct {
        const char *in, *out;
    } cases[] = {
        {"新浪财经", "新浪财经"},
        {"plain words", "plain words"},
        {"https://x.y/z?a=b#c", "https://x.y/z?a=b#c"},
        {"", "''"},
        {"yes", "'yes'"},
        {"Null", "'Null'"},
        {"~", "'~'"},
        {"2022", "'2022'"},
        {"-1", "'-1'"},
        {".5", "'.5'"},
        {"a: b", "'a: b'"},
        {"a #b", "'a #b'"},
        {"#tag", "'#tag'"},
        {" lead", "' lead'"},
        {"trail ", "'trail '"},
        {"- item", "'- item'"},
        {"-x", "-x"},
        {"it's", "it's"},
        {"'quoted'", "'''quoted'''"},
        {"\"dq\"", "'\"dq\"'"},
        {"tab\there", "'tab\there'"},
        {"line\nbreak", "\"line\\nbreak\""},
        {"bell\a", "\"bell\\x07\""},
        {"nel\xC2\x85", "\"nel\\x85\""},
        {"ls\xE2\x80\xA8", "\"ls\\u2028\""},
        {"back\\slash\n", "\"back\\\\slash\\n\""},
        {"ends:", "'ends:'"},
        {"---", "'---'"},
        {"&anchor", "'&anchor'"},
        {"😀 emoji", "😀 emoji"},
    };
    for (size_t i = 0; i < NM_ARRAY_LEN(cases); i++)
        assert_string_equal(post_yaml_string(A, cases[i].in), cases[i].out);
}

static void test_write_past_cap_fails_and_poisons_buffer(void **state)
{
    (void)state;
    post p;
    post_init(&p);
    p.title = "a title longer than the cap";
    nm_buf b;
    buf_init(&b, 20);
    buf_puts(&b, "keep");
    assert_int_equal(post_write(&p, &b), -1);
    assert_true(buf_failed(&b));
    assert_null(b.data);
    assert_null(buf_detach(&b, NULL)); /* no cut-off post to take */
    buf_free(&b);
}

/* The final consumer: a cut-off post is reported, and no file appears. */
static void test_cut_off_post_is_not_written(void **state)
{
    (void)state;
    post p;
    post_init(&p);
    p.title = "a title longer than the cap";
    nm_buf b;
    buf_init(&b, 20);
    assert_int_equal(post_write(&p, &b), -1);
    char dir[] = "/tmp/nm-test-write-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/post.md", dir);
    nm_error err;
    nm_error_clear(&err);
    assert_int_equal(fs_write_buf(path, &b, &err), -1);
    assert_non_null(strstr(err.msg, "more than 20 bytes; not written"));
    assert_false(fs_exists(path));
    buf_free(&b);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_post_is_written_back_byte_for_byte),
        cmocka_unit_test(test_new_post_in_seed_order_with_quoting_rules),
        cmocka_unit_test(test_empty_post_is_two_markers),
        cmocka_unit_test(test_other_keys_after_the_seed_keys),
        cmocka_unit_test(test_several_hierarchies_as_flow_lists),
        cmocka_unit_test(test_yaml_string_quotes_only_when_needed),
        cmocka_unit_test(test_write_past_cap_fails_and_poisons_buffer),
        cmocka_unit_test(test_cut_off_post_is_not_written),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
