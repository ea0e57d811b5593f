/*
 * test_urls.c — Hexo's slugs, permalinks, pagination paths and hrefs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "site/site_int.h"

static char *slug(const char *s)
{
    static char out[512];
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    assert_int_equal(site_slugize(&b, s, strlen(s)), 0);
    snprintf(out, sizeof out, "%s", buf_cstr(&b));
    buf_free(&b);
    return out;
}

static void test_slug_keeps_cjk_fullwidth_and_case(void **state)
{
    (void)state;
    assert_string_equal(slug("新浪财经－国內"), "新浪财经－国內");
    assert_string_equal(slug("新浪体育－NBA"), "新浪体育－NBA");
    assert_string_equal(slug("IT之家"), "IT之家");
}

static void test_slug_folds_punctuation_runs_and_trims(void **state)
{
    (void)state;
    assert_string_equal(slug("C++ & Rust"), "C-Rust");
    assert_string_equal(slug("BBC News - World"), "BBC-News-World");
    assert_string_equal(slug("  Hello World!  "), "Hello-World");
    assert_string_equal(slug("a/b\\c.d?e"), "a-b-c-d-e");
    assert_string_equal(slug("--x--"), "x");
}

static void test_slug_treats_ideographic_space_as_space_and_drops_controls(void **state)
{
    (void)state;
    assert_string_equal(slug("财经\u3000要闻"), "财经-要闻");
    assert_string_equal(slug("a\x01" "b"), "ab");
}

static void test_slug_strips_latin_diacritics(void **state)
{
    (void)state;
    assert_string_equal(slug("Café Crème"), "Cafe-Creme");
}

static void test_slug_never_climbs_out(void **state)
{
    (void)state;
    assert_string_equal(slug("../../etc"), "etc");
    assert_string_equal(slug(".."), "");
}

static void make_post(arena *a, site_post *sp, const char *name, const char *title,
                      int64_t t, const date_zone *z)
{
    memset(sp, 0, sizeof *sp);
    sp->name = name;
    sp->title = title;
    sp->date = t;
    date_split(t, z, &sp->local);
    (void)a;
}

static void test_permalink_default_uses_file_name_and_site_zone(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    site_config c;
    nm_error err;
    assert_int_equal(site_config_load(a, "/nonexistent/_config.yml", &c, &err), 0);
    site_post sp;
    /* 2022-08-19T20:48:41Z is already the 20th in Shanghai */
    int64_t t = date_from_civil(2022, 8, 19, 20, 48, 41);
    make_post(a, &sp, "69149324b0712aa3", "标题", t, date_zone_utc());
    site_post_paths(a, &c, &sp);
    assert_string_equal(sp.path, "2022/08/19/69149324b0712aa3/");
    assert_string_equal(sp.file, "2022/08/19/69149324b0712aa3/index.html");
    c.zone = date_zone_get("Asia/Shanghai", &err);
    assert_non_null(c.zone);
    make_post(a, &sp, "x", "标题", t, c.zone);
    site_post_paths(a, &c, &sp);
    assert_string_equal(sp.path, "2022/08/20/x/");
    arena_free(a);
}

static void test_permalink_tokens(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    site_config c;
    nm_error err;
    assert_int_equal(site_config_load(a, "/nonexistent/_config.yml", &c, &err), 0);
    site_post sp;
    make_post(a, &sp, "name", "Hello, World!", date_from_civil(2022, 3, 5, 7, 8, 9),
              date_zone_utc());
    c.permalink = ":year-:i_month-:i_day/:hour:minute:second/:post_title.html";
    site_post_paths(a, &c, &sp);
    assert_string_equal(sp.file, "2022-3-5/070809/hello-world.html");
    assert_string_equal(sp.path, "2022-3-5/070809/hello-world.html");
    c.permalink = ":category/:title";
    site_post_paths(a, &c, &sp);
    assert_string_equal(sp.path, "uncategorized/name/");
    assert_string_equal(sp.file, "uncategorized/name/index.html");
    sp.fm.permalink = "../../outside/";
    site_post_paths(a, &c, &sp);
    assert_string_equal(sp.path, "outside/");
    arena_free(a);
}

static void test_page_paths_and_hrefs(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    site_config c;
    nm_error err;
    assert_int_equal(site_config_load(a, "/nonexistent/_config.yml", &c, &err), 0);
    assert_string_equal(site_page_path(a, &c, "", 1), "");
    assert_string_equal(site_page_path(a, &c, "", 2), "page/2/");
    assert_string_equal(site_page_path(a, &c, "categories/金融/", 3), "categories/金融/page/3/");
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    site_href(&b, &c, "categories/金融/");
    assert_string_equal(buf_cstr(&b), "/categories/%E9%87%91%E8%9E%8D/");
    buf_reset(&b);
    site_abs_url(&b, &c, "atom.xml");
    assert_string_equal(buf_cstr(&b), "http://example.com/atom.xml");
    buf_free(&b);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slug_keeps_cjk_fullwidth_and_case),
        cmocka_unit_test(test_slug_folds_punctuation_runs_and_trims),
        cmocka_unit_test(test_slug_treats_ideographic_space_as_space_and_drops_controls),
        cmocka_unit_test(test_slug_strips_latin_diacritics),
        cmocka_unit_test(test_slug_never_climbs_out),
        cmocka_unit_test(test_permalink_default_uses_file_name_and_site_zone),
        cmocka_unit_test(test_permalink_tokens),
        cmocka_unit_test(test_page_paths_and_hrefs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
