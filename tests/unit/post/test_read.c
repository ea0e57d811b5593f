/*
 * test_read.c — every front-matter form Hexo accepts, read into a post;
 * what each problem is called and on which line.
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

static post parse_opts(const char *text, const post_read_opts *opts)
{
    post p;
    nm_error err;
    if (post_parse(A, "t.md", text, strlen(text), opts, &p, &err) != 0) {
        char m[2048];
        fail_msg("unexpected error: %s", nm_error_format(&err, m, sizeof(m)));
    }
    return p;
}

static post parse(const char *text)
{
    post fast = parse_opts(text, NULL);
    post_read_opts slow = {.no_fast_path = true};
    post viayaml = parse_opts(text, &slow);
    /* Both YAML readers agree on every test input. */
    nm_buf a, b;
    buf_init(&a, NM_BUF_NOLIMIT);
    buf_init(&b, NM_BUF_NOLIMIT);
    assert_int_equal(post_write(&fast, &a), 0);
    assert_int_equal(post_write(&viayaml, &b), 0);
    assert_string_equal(buf_cstr(&a), buf_cstr(&b));
    buf_free(&a);
    buf_free(&b);
    return fast;
}

/* "path:line: message" of a post that must fail. */
static const char *parse_error(const char *text, size_t len)
{
    static char m[2048];
    post p;
    nm_error err;
    assert_int_equal(post_parse(A, "t.md", text, len, NULL, &p, &err), -1);
    return nm_error_format(&err, m, sizeof(m));
}
#define ERR(lit) parse_error((lit), sizeof(lit) - 1)

static void test_seed_layout_reads_every_key(void **state)
{
    (void)state;
    post p = parse("\n---\ntitle: '中央网信办：A ''B'' C'\ncategories: \n - 金融\n - 新浪财经\n"
                   " - 新浪财经－国內\nheadimg: 'https://n.sinaimg.cn/a.png'\nauthor: 新浪财经\n"
                   "comments: false\ndate: Fri, 19 Aug 2022 03:48:41 GMT\n"
                   "thumbnail: 'https://n.sinaimg.cn/t.png'\n---\n\n<div>x</div>\n");
    assert_string_equal(p.title, "中央网信办：A 'B' C");
    assert_int_equal(p.ncategories, 1);
    assert_int_equal(p.categories[0].n, 3);
    assert_string_equal(p.categories[0].names[0], "金融");
    assert_string_equal(p.categories[0].names[1], "新浪财经");
    assert_string_equal(p.categories[0].names[2], "新浪财经－国內");
    assert_string_equal(p.headimg, "https://n.sinaimg.cn/a.png");
    assert_string_equal(p.author, "新浪财经");
    assert_int_equal(p.comments, 0);
    assert_int_equal(p.date, 1660880921);
    assert_string_equal(p.thumbnail, "https://n.sinaimg.cn/t.png");
    assert_int_equal(p.nfields, 0);
    assert_int_equal(p.updated, NM_NO_TIME);
    assert_null(p.layout);
    assert_int_equal(p.body_line, 14);
    assert_int_equal(p.body.len, 14);
    assert_memory_equal(p.body.ptr, "\n<div>x</div>\n", 14);
    assert_int_equal(p.lead.len, 1);
    assert_false(p.json_front_matter);
}

static void test_blank_lines_and_bom_before_marker_are_kept_as_lead(void **state)
{
    (void)state;
    post p = parse("\xEF\xBB\xBF\n  \n\t\n---\ntitle: x\n---\nbody");
    assert_int_equal(p.lead.len, 3 + 1 + 3 + 2);
    assert_string_equal(p.title, "x");
    assert_int_equal(p.body_line, 7);
    assert_int_equal(p.body.len, 4);
}

static void test_json_members_then_semicolons(void **state)
{
    (void)state;
    post p = parse("\"title\": \"JSON\",\n\"categories\": [\"A\", \"B\"],\n\"tags\": \"one\",\n"
                   "\"comments\": true,\n\"rating\": 4.5,\n\"extra\": {\"k\": [1, \"two\"]}\n;;;\nbody\n");
    assert_true(p.json_front_matter);
    assert_string_equal(p.title, "JSON");
    assert_int_equal(p.ncategories, 1);
    assert_int_equal(p.categories[0].n, 2);
    assert_int_equal(p.ntags, 1);
    assert_string_equal(p.tags[0], "one");
    assert_int_equal(p.comments, 1);
    assert_int_equal(p.nfields, 2);
    assert_string_equal(p.fields[0].key, "rating");
    assert_string_equal(p.fields[0].yaml, "4.5");
    assert_string_equal(p.fields[0].scalar, "4.5");
    assert_string_equal(p.fields[1].key, "extra");
    assert_string_equal(p.fields[1].yaml, "\n  k: [1, 'two']");
    assert_null(p.fields[1].scalar);
    assert_int_equal(p.body_line, 8);
    assert_string_equal(p.body.ptr, "body\n");
}

static void test_json_between_semicolon_lines_with_braces(void **state)
{
    (void)state;
    post p = parse(";;;\n{\"title\": \"Braced\", \"category\": \"Notes\"}\n;;;\nbody");
    assert_true(p.json_front_matter);
    assert_string_equal(p.title, "Braced");
    assert_int_equal(p.ncategories, 1);
    assert_string_equal(p.categories[0].names[0], "Notes");
}

static void test_yaml_before_a_closing_marker_without_an_opening_one(void **state)
{
    (void)state;
    post p = parse("title: Headless\ncategories: [a, b]\n---\nbody\n");
    assert_string_equal(p.title, "Headless");
    assert_int_equal(p.categories[0].n, 2);
    assert_int_equal(p.body_line, 4);
    assert_string_equal(p.body.ptr, "body\n");
    assert_int_equal(p.lead.len, 0);
    assert_false(p.json_front_matter);
}

static void test_categories_string_is_one_top_level_category(void **state)
{
    (void)state;
    post p = parse("---\ncategories: News\n---\n");
    assert_int_equal(p.ncategories, 1);
    assert_int_equal(p.categories[0].n, 1);
    assert_string_equal(p.categories[0].names[0], "News");
}

static void test_flat_list_is_one_hierarchy_and_drops_empty_entries(void **state)
{
    (void)state;
    post p = parse("---\ncategories: [a, '', ~, b, 2022]\n---\n");
    assert_int_equal(p.ncategories, 1);
    assert_int_equal(p.categories[0].n, 3);
    assert_string_equal(p.categories[0].names[0], "a");
    assert_string_equal(p.categories[0].names[1], "b");
    assert_string_equal(p.categories[0].names[2], "2022");
}

static void test_list_with_lists_is_several_hierarchies(void **state)
{
    (void)state;
    post p = parse("---\ncategories:\n- [Diary, PlayStation]\n- Life\n- []\n- ''\n- [Diary, Games, '']\n"
                   "---\n");
    assert_int_equal(p.ncategories, 3);
    assert_int_equal(p.categories[0].n, 2);
    assert_string_equal(p.categories[0].names[1], "PlayStation");
    assert_int_equal(p.categories[1].n, 1);
    assert_string_equal(p.categories[1].names[0], "Life");
    assert_int_equal(p.categories[2].n, 2);
    assert_string_equal(p.categories[2].names[1], "Games");
}

static void test_empty_categories_give_none(void **state)
{
    (void)state;
    assert_int_equal(parse("---\ncategories:\n---\n").ncategories, 0);
    assert_int_equal(parse("---\ncategories: []\n---\n").ncategories, 0);
    assert_int_equal(parse("---\ncategories: ['', ~]\n---\n").ncategories, 0);
}

static void test_singular_aliases_category_and_tag(void **state)
{
    (void)state;
    post p = parse("---\ncategory: [a, b]\ntag: x\n---\n");
    assert_int_equal(p.ncategories, 1);
    assert_int_equal(p.categories[0].n, 2);
    assert_int_equal(p.ntags, 1);
    assert_string_equal(p.tags[0], "x");
}

static void test_tags_list_keeps_order_and_drops_empty(void **state)
{
    (void)state;
    post p = parse("---\ntags:\n - PS3\n - ''\n - Games\n - 42\n---\n");
    assert_int_equal(p.ntags, 3);
    assert_string_equal(p.tags[0], "PS3");
    assert_string_equal(p.tags[1], "Games");
    assert_string_equal(p.tags[2], "42");
}

static void test_comments_booleans_and_null(void **state)
{
    (void)state;
    assert_int_equal(parse("---\ncomments: true\n---\n").comments, 1);
    assert_int_equal(parse("---\ncomments: no\n---\n").comments, 0);
    assert_int_equal(parse("---\ncomments: False\n---\n").comments, 0);
    assert_int_equal(parse("---\ncomments:\n---\n").comments, -1);
    assert_int_equal(parse("---\ntitle: t\n---\n").comments, -1);
}

static void test_layout_permalink_excerpt(void **state)
{
    (void)state;
    post p = parse("---\nlayout: false\npermalink: a/b/\nexcerpt: 'short: one'\n---\n");
    assert_string_equal(p.layout, "false");
    assert_string_equal(p.permalink, "a/b/");
    assert_string_equal(p.excerpt, "short: one");
    assert_string_equal(parse("---\nlayout: page\n---\n").layout, "page");
}

static void test_other_keys_kept_in_order_with_yaml_and_scalar(void **state)
{
    (void)state;
    post p = parse("---\nzeta: 1\nsocial:\n  github: me\n  site: 'x: y'\nalpha: \"quoted\"\n"
                   "list:\n  - a\n  - [b, c]\nnothing:\nheadimg: [a, b]\n---\n");
    assert_int_equal(p.nfields, 6);
    assert_string_equal(p.fields[0].key, "zeta");
    assert_string_equal(p.fields[0].yaml, "1");
    assert_string_equal(p.fields[0].scalar, "1");
    assert_string_equal(p.fields[1].key, "social");
    assert_string_equal(p.fields[1].yaml, "\n  github: me\n  site: 'x: y'");
    assert_null(p.fields[1].scalar);
    assert_string_equal(p.fields[2].yaml, "'quoted'");
    assert_string_equal(p.fields[2].scalar, "quoted");
    assert_string_equal(p.fields[3].yaml, "\n - a\n - [b, c]");
    assert_string_equal(p.fields[4].key, "nothing");
    assert_string_equal(p.fields[4].yaml, "");
    assert_null(p.fields[4].scalar);
    /* A theme key that is not a string is kept as it is, not refused. */
    assert_string_equal(p.fields[5].key, "headimg");
    assert_null(p.headimg);
}

static void test_null_and_numbers_for_known_strings(void **state)
{
    (void)state;
    post p = parse("---\ntitle: 2022\nauthor: ~\nheadimg:\n---\n");
    assert_string_equal(p.title, "2022");
    assert_null(p.author);
    assert_null(p.headimg);
}

static void test_empty_front_matter_is_an_empty_post(void **state)
{
    (void)state;
    post p = parse("---\n---\nbody");
    assert_null(p.title);
    assert_int_equal(p.date, NM_NO_TIME);
    assert_int_equal(p.body_line, 3);
    p = parse("---\n# only a comment\n---\n");
    assert_null(p.title);
}

static void test_crlf_lines_and_longer_markers(void **state)
{
    (void)state;
    post p = parse("-----\r\ntitle: crlf\r\ntags:\r\n - a\r\n-----\r\nbody\r\n");
    assert_string_equal(p.title, "crlf");
    assert_int_equal(p.ntags, 1);
    assert_string_equal(p.body.ptr, "body\r\n");
}

static void test_closing_marker_at_end_of_file(void **state)
{
    (void)state;
    post p = parse("---\ntitle: x\n---");
    assert_string_equal(p.title, "x");
    assert_int_equal(p.body.len, 0);
}

static void test_yaml_anchors_and_aliases_are_shared(void **state)
{
    (void)state;
    post p = parse("---\nbase: &b [x, y]\ncategories: *b\n---\n");
    assert_int_equal(p.ncategories, 1);
    assert_int_equal(p.categories[0].n, 2);
    assert_string_equal(p.categories[0].names[1], "y");
}

static void test_errors_name_the_line_of_the_problem(void **state)
{
    (void)state;
    /* Lines count from the top of the file, leading blank lines included. */
    assert_string_equal(ERR("\n\n---\ntitle: a\ntitle: b\n---\n"), "t.md:5: duplicate key 'title'");
    assert_string_equal(ERR("---\ntitle: x\nauthor: a: b\n---\n"),
                        "t.md:3: bad YAML: mapping values are not allowed in this context");
    assert_string_equal(ERR("---\ntags:\n\t- a\n---\n"),
                        "t.md:3: bad YAML: a tab character where YAML allows only spaces");
    assert_string_equal(ERR("---\ntitle: x\n"),
                        "t.md:1: front matter opened here is never closed (no '---' line after it)");
    assert_string_equal(ERR("hello\n"), "t.md:1: no front matter: a post starts with a '---' "
                                        "line (or is YAML or JSON ending with a '---' or ';;;' "
                                        "line)");
    assert_string_equal(ERR("\nprose\n---\nmore\n"),
                        "t.md:2: no front matter: a post starts with a '---' line (or is YAML or "
                        "JSON ending with a '---' or ';;;' line)");
    assert_string_equal(ERR("---\ntitle: a\0b\n---\n"),
                        "t.md:2: NUL byte in the file (a post is UTF-8 text)");
    assert_string_equal(ERR("---\ntitle: x\n---\n\n\xff"), "t.md:5: invalid UTF-8 (byte 0xFF)");
    assert_string_equal(ERR("---\ntitle: \"a\\0b\"\n---\n"), "t.md:2: a value holds a NUL character");
    assert_string_equal(ERR("---\ncomments: [1]\n---\n"),
                        "t.md:2: comments: expected true or false, found a list");
    assert_string_equal(ERR("---\ntitle: {a: b}\n---\n"),
                        "t.md:2: title: expected a string, found a mapping");
    assert_string_equal(ERR("---\ncategories: a\ncategory: b\n---\n"),
                        "t.md:3: categories given twice (also on line 2)");
    assert_string_equal(ERR("---\n[a, b]: 1\n---\n"), "t.md:2: a key must be a string, not a list");
    assert_string_equal(ERR("---\ndate: soon\n---\n"), "t.md:2: date: cannot read 'soon' as a date");
    assert_string_equal(ERR(";;;\n\"title\": 1,,\n;;;\n"),
                        "t.md:2: bad JSON front matter: string or '}' expected near ','");
}

static void test_yaml_syntax_errors_point_at_their_start(void **state)
{
    (void)state;
    assert_string_equal(ERR("---\ntitle: [a, b\n---\n"),
                        "t.md:2: bad YAML: a '[' list opened here is never closed");
    assert_string_equal(ERR("---\nkey: {a: b\n---\n"),
                        "t.md:2: bad YAML: a '{' mapping opened here is never closed");
    assert_string_equal(ERR("---\nlist:\n - a\n b: c\n---\n"),
                        "t.md:4: bad YAML: did not find expected '-' indicator (while parsing a "
                        "block collection that starts on line 3)");
    assert_string_equal(ERR("---\ntitle: \"a\\q\"\n---\n"),
                        "t.md:2: bad YAML: found unknown escape character (while parsing a "
                        "quoted scalar)");
    assert_string_equal(ERR("---\ntitle: a\n--- b\n---\n"), "t.md:3: more than one YAML document");
}

static void test_kind_errors_of_tags(void **state)
{
    (void)state;
    assert_string_equal(ERR("---\ntags:\n - [a]\n---\n"), "t.md:3: tags: a tag is a name, found a list");
    assert_string_equal(ERR("---\ntag: a\ntags: b\n---\n"), "t.md:3: tags given twice (also on line 2)");
}

/* Limits on size: values, expansion, written size, file size. */
static void test_size_limits_give_clear_errors(void **state)
{
    (void)state;
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    buf_puts(&b, "---\nx: [");
    for (int i = 0; i <= POST_MAX_NODES; i++)
        buf_puts(&b, "a,");
    buf_puts(&b, "a]\n---\n");
    assert_string_equal(parse_error(b.data, b.len), "t.md:2: front matter has more than 100000 values");

    /* Aliases of a 40 KB string: each field alone is fine, all together
     * would be 2 MB of YAML. */
    buf_reset(&b);
    buf_puts(&b, "---\ns: &s '");
    for (int i = 0; i < 40000; i++)
        buf_putc(&b, 'x');
    buf_puts(&b, "'\n");
    for (int i = 0; i < 60; i++)
        buf_printf(&b, "f%d: [*s]\n", i);
    buf_puts(&b, "---\n");
    assert_string_equal(parse_error(b.data, b.len),
                        "t.md:54: f51: the values expand to more than 2097152 bytes (aliases?)");

    /* 600,000 quotes read as a plain title and written single-quoted,
     * each doubled: more than the limit when written back. */
    buf_reset(&b);
    buf_puts(&b, "---\ntitle: a");
    for (int i = 0; i < 600000; i++)
        buf_putc(&b, '\'');
    buf_puts(&b, "\n---\n");
    assert_string_equal(parse_error(b.data, b.len),
                        "t.md:2: front matter would be more than 1048576 bytes when written back "
                        "(aliases or quoting expand it)");
    buf_free(&b);

    /* A 65 MiB file (sparse: no disk used). */
    char path[] = "/tmp/newsmill-test-big-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)POST_MAX_FILE + 1), 0);
    close(fd);
    post p;
    nm_error err;
    char m[2048];
    assert_int_equal(post_read_file(A, path, NULL, &p, &err), -1);
    char want[2048];
    snprintf(want, sizeof(want), "%s: file too large (67108865 bytes, limit 67108864)", path);
    assert_string_equal(nm_error_format(&err, m, sizeof(m)), want);
    unlink(path);
}

static void test_deep_nesting_and_alias_bombs_are_refused(void **state)
{
    (void)state;
    char deep[256] = "---\nx: ";
    for (int i = 0; i < 40; i++)
        strcat(deep, "[");
    for (int i = 0; i < 40; i++)
        strcat(deep, "]");
    strcat(deep, "\n---\n");
    assert_string_equal(parse_error(deep, strlen(deep)),
                        "t.md:2: values nested deeper than 32 levels");
    /* Aliases that nest an anchor in itself over and over. */
    const char *alias_depth = "---\na: &a [[[[[[[[[[x]]]]]]]]]]\nb: &b [[[[[[[[[[*a]]]]]]]]]]\n"
                              "c: &c [[[[[[[[[[*b]]]]]]]]]]\nd: [[[[[[[[[[*c]]]]]]]]]]\n---\n";
    assert_string_equal(parse_error(alias_depth, strlen(alias_depth)),
                        "t.md:5: values nested deeper than 32 levels");
}

static void test_dates_in_every_form_and_the_site_zone(void **state)
{
    (void)state;
    nm_error err;
    post_read_opts shanghai = {.zone = date_zone_get("Asia/Shanghai", &err)};
    assert_non_null(shanghai.zone);
    post p = parse_opts("---\ndate: 2020年08月31日 12:56\nupdated: 2022-08-19 11:48:41\n---\n",
                        &shanghai);
    assert_int_equal(p.date, 1598849760);    /* 2020-08-31T04:56:00Z */
    assert_int_equal(p.updated, 1660880921); /* 2022-08-19T03:48:41Z */
    /* Without a site zone, zone-less dates are UTC. */
    assert_int_equal(parse("---\ndate: 2022-08-19 03:48:41\n---\n").date, 1660880921);
    assert_int_equal(parse("---\ndate: Fri, 19 Aug 2022 11:48:41 +0800\n---\n").date, 1660880921);
    assert_int_equal(parse("---\ndate: 19 Aug 22 03:48:41 GMT\n---\n").date, 1660880921);
    assert_int_equal(parse("---\ndate: Thu, 18 Aug 2022 23:48:41 EDT\n---\n").date, 1660880921);
    assert_int_equal(parse("---\ndate: 2022-08-19T11:48:41+08:00\n---\n").date, 1660880921);
    assert_int_equal(parse("---\ndate: '2022-08-19T03:48:41Z'\n---\n").date, 1660880921);
    assert_int_equal(parse("---\ndate:\n---\n").date, NM_NO_TIME);
    assert_string_equal(ERR("---\ndate: 0999-12-31\n---\n"),
                        "t.md:2: date: '0999-12-31' is outside the years 1000 to 9999");
    assert_string_equal(ERR("---\ndate: 2022-02-29 10:00\n---\n"),
                        "t.md:2: date: cannot read '2022-02-29 10:00' as a date");
}

static void test_site_zone_from_config(void **state)
{
    (void)state;
    const date_zone *z = NULL;
    nm_error err;
    char m[2048];
    assert_int_equal(post_site_zone("/nonexistent/_config.yml", &z, &err), 0);
    assert_ptr_equal(z, date_zone_utc());
    char path[] = "/tmp/newsmill-test-config-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *cfg = "title: x\ntimezone: '+08:00'\n";
    assert_int_equal(write(fd, cfg, strlen(cfg)), (ssize_t)strlen(cfg));
    close(fd);
    assert_int_equal(post_site_zone(path, &z, &err), 0);
    assert_int_equal(date_zone_offset(z, 0), 8 * 3600);
    assert_int_equal(fs_write_atomic(path, "a: [b\n", 6, &err), 0);
    assert_int_equal(post_site_zone(path, &z, &err), -1);
    char want[2048];
    snprintf(want, sizeof(want), "%s:2: bad YAML: did not find expected ',' or ']'", path);
    assert_string_equal(nm_error_format(&err, m, sizeof(m)), want);
    unlink(path);
}

static void test_split_more_marker(void **state)
{
    (void)state;
    str_view before, after;
    assert_true(post_split_more(SV("intro<!-- more -->rest"), &before, &after));
    assert_int_equal(before.len, 5);
    assert_memory_equal(after.ptr, "rest", 4);
    assert_true(post_split_more(SV("a<!--more-->b"), &before, &after));
    assert_true(post_split_more(SV("a<!--\tMORE\n-->b"), &before, &after));
    assert_int_equal(after.len, 1);
    assert_false(post_split_more(SV("a<!-- mores -->b"), &before, &after));
    assert_false(post_split_more(SV("a<!-- more"), &before, &after));
    assert_false(post_split_more(SV(""), &before, &after));
    assert_true(post_split_more(SV("<!-- x --><!-- More -->"), &before, &after));
    assert_int_equal(before.len, 10);
}

static void test_read_file_refuses_directories_and_missing_files(void **state)
{
    (void)state;
    post p;
    nm_error err;
    char m[2048];
    assert_int_equal(post_read_file(A, "/", NULL, &p, &err), -1);
    assert_string_equal(nm_error_format(&err, m, sizeof(m)), "/: is a directory, not a post");
    assert_int_equal(post_read_file(A, "/nonexistent/x.md", NULL, &p, &err), -1);
    assert_string_equal(nm_error_format(&err, m, sizeof(m)),
                        "/nonexistent/x.md: cannot open: No such file or directory");
    assert_int_equal(post_read_file(A, "/dev/null", NULL, &p, &err), -1);
    assert_string_equal(nm_error_format(&err, m, sizeof(m)),
                        "/dev/null: not a regular file, not a post");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_layout_reads_every_key),
        cmocka_unit_test(test_blank_lines_and_bom_before_marker_are_kept_as_lead),
        cmocka_unit_test(test_json_members_then_semicolons),
        cmocka_unit_test(test_json_between_semicolon_lines_with_braces),
        cmocka_unit_test(test_yaml_before_a_closing_marker_without_an_opening_one),
        cmocka_unit_test(test_categories_string_is_one_top_level_category),
        cmocka_unit_test(test_flat_list_is_one_hierarchy_and_drops_empty_entries),
        cmocka_unit_test(test_list_with_lists_is_several_hierarchies),
        cmocka_unit_test(test_empty_categories_give_none),
        cmocka_unit_test(test_singular_aliases_category_and_tag),
        cmocka_unit_test(test_tags_list_keeps_order_and_drops_empty),
        cmocka_unit_test(test_comments_booleans_and_null),
        cmocka_unit_test(test_layout_permalink_excerpt),
        cmocka_unit_test(test_other_keys_kept_in_order_with_yaml_and_scalar),
        cmocka_unit_test(test_null_and_numbers_for_known_strings),
        cmocka_unit_test(test_empty_front_matter_is_an_empty_post),
        cmocka_unit_test(test_crlf_lines_and_longer_markers),
        cmocka_unit_test(test_closing_marker_at_end_of_file),
        cmocka_unit_test(test_yaml_anchors_and_aliases_are_shared),
        cmocka_unit_test(test_errors_name_the_line_of_the_problem),
        cmocka_unit_test(test_yaml_syntax_errors_point_at_their_start),
        cmocka_unit_test(test_kind_errors_of_tags),
        cmocka_unit_test(test_size_limits_give_clear_errors),
        cmocka_unit_test(test_deep_nesting_and_alias_bombs_are_refused),
        cmocka_unit_test(test_dates_in_every_form_and_the_site_zone),
        cmocka_unit_test(test_site_zone_from_config),
        cmocka_unit_test(test_split_more_marker),
        cmocka_unit_test(test_read_file_refuses_directories_and_missing_files),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
