/*
 * test_config.c — _config.yml: Hexo's defaults, normalization, errors.
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

#include "site/site_int.h"

static char path[256];

static int load(const char *yaml, site_config *c, nm_error *err, arena *a)
{
    snprintf(path, sizeof path, "/tmp/nm-config-%d.yml", (int)getpid());
    FILE *f = fopen(path, "w");
    fputs(yaml, f);
    fclose(f);
    int rc = site_config_load(a, path, c, err);
    unlink(path);
    return rc;
}

static void test_missing_config_gives_hexo_defaults(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    site_config c;
    nm_error err;
    assert_int_equal(site_config_load(a, "/nonexistent/_config.yml", &c, &err), 0);
    assert_string_equal(c.permalink, ":year/:month/:day/:title/");
    assert_int_equal(c.per_page, 10);
    assert_string_equal(c.pagination_dir, "page");
    assert_string_equal(c.category_dir, "categories");
    assert_string_equal(c.root, "/");
    assert_int_equal(c.sitemap_limit, 50000);
    arena_free(a);
}

static void test_config_normalizes_url_root_and_dirs(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    site_config c;
    nm_error err;
    assert_int_equal(load("url: https://news.example.com/blog/\nroot: blog\n"
                          "category_dir: /cats/\nper_page: 0\ntimezone: Asia/Shanghai\n"
                          "category_map:\n  金融: finance\n"
                          "newsmill:\n  feed_limit: 5\n",
                          &c, &err, a),
                     0);
    assert_string_equal(c.url, "https://news.example.com/blog");
    assert_string_equal(c.root, "/blog/");
    assert_string_equal(c.category_dir, "cats");
    assert_int_equal(c.per_page, 0);
    assert_int_equal(c.feed_limit, 5);
    assert_int_equal(c.ncategory_map, 1);
    assert_string_equal(site_mapped_slug(a, "金融", c.category_map, c.ncategory_map), "finance");
    assert_int_equal(date_zone_offset(c.zone, 0), 8 * 3600);
    arena_free(a);
}

static void test_config_errors_name_file_and_line(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    site_config c;
    nm_error err;
    assert_int_equal(load("title: x\nper_page: ten\n", &c, &err, a), -1);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "per_page must be a whole number"));
    assert_int_equal(load("title: [x\n", &c, &err, a), -1);
    assert_non_null(strstr(err.msg, "not valid YAML"));
    assert_int_equal(load("timezone: Mars/Olympus\n", &c, &err, a), -1);
    assert_non_null(strstr(err.msg, "timezone"));
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_config_gives_hexo_defaults),
        cmocka_unit_test(test_config_normalizes_url_root_and_dirs),
        cmocka_unit_test(test_config_errors_name_file_and_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
