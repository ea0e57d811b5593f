/*
 * test_feeds.c — feeds.yml read and written, OPML in and out, from memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "feeds/feeds.h"

static void test_yaml_round_trip_keeps_every_option(void **state)
{
    (void)state;
    const char *text = "金融:\n"
                       "  新浪财经:\n"
                       "    - title: 新浪财经－国內\n"
                       "      url: https://rsshub.app/sina/finance\n"
                       "      interval: 15\n"
                       "      enabled: no\n"
                       "      remove: ['.ad', '#footer']\n"
                       "      user_agent: Bot/1\n"
                       "      referer: https://finance.sina.com.cn/\n"
                       "    - url: https://x.example/it's.xml\n";
    feeds_list *l;
    nm_error err;
    assert_int_equal(feeds_parse(text, strlen(text), "feeds.yml", &l, &err), 0);
    assert_int_equal(l->n, 2);
    const feeds_entry *e = &l->entries[0];
    assert_string_equal(e->group, "金融");
    assert_string_equal(e->site, "新浪财经");
    assert_string_equal(e->title, "新浪财经－国內");
    assert_int_equal(e->interval_min, 15);
    assert_false(e->enabled);
    assert_int_equal(e->nremove, 2);
    assert_string_equal(e->remove[1], "#footer");
    assert_string_equal(e->user_agent, "Bot/1");
    assert_string_equal(l->entries[1].title, "新浪财经"); /* defaults to the site */
    assert_int_equal(l->entries[1].line, 10);
    nm_buf y;
    buf_init(&y, NM_BUF_NOLIMIT);
    feeds_to_yaml(l, &y);
    feeds_list *again;
    assert_int_equal(feeds_parse(y.data, y.len, "out.yml", &again, &err), 0);
    assert_int_equal(again->n, 2);
    assert_string_equal(again->entries[1].url, "https://x.example/it's.xml");
    assert_string_equal(again->entries[0].referer, "https://finance.sina.com.cn/");
    assert_false(again->entries[0].enabled);
    buf_free(&y);
    feeds_free(again);
    feeds_free(l);
}

/* fuzz_feeds: a group or site name whose quoted form passes 1,024
 * characters was written as a plain key, which YAML does not allow, so
 * the list written could not be read back. Such keys are written as
 * explicit "? key" entries. */
static void test_yaml_long_names_round_trip(void **state)
{
    (void)state;
    char group[1500], site[800];
    memset(group, 'g', sizeof group - 1);
    group[sizeof group - 1] = 0;
    for (size_t i = 0; i < sizeof site - 1; i++)
        site[i] = i % 2 ? '\'' : 's'; /* 799 bytes, 1,200 quoted */
    site[sizeof site - 1] = 0;
    feeds_list *l = feeds_new();
    nm_error err;
    assert_int_equal(feeds_add(l, group, site, "t", "https://x.example/a.xml", &err), 0);
    assert_int_equal(feeds_add(l, "short", "s", "t", "https://x.example/b.xml", &err), 0);
    nm_buf y;
    buf_init(&y, NM_BUF_NOLIMIT);
    feeds_to_yaml(l, &y);
    feeds_list *again;
    assert_int_equal(feeds_parse(y.data, y.len, "out.yml", &again, &err), 0);
    assert_int_equal(again->n, 2);
    assert_string_equal(again->entries[0].group, group);
    assert_string_equal(again->entries[0].site, site);
    assert_string_equal(again->entries[1].group, "short");
    buf_free(&y);
    feeds_free(again);
    feeds_free(l);
}

static void test_yaml_fulltext_selector_type_and_item_round_trip(void **state)
{
    (void)state;
    const char *text = "g:\n  s:\n"
                       "    - url: https://a.example/rss\n"
                       "      fulltext: always\n"
                       "      selector: '#artibody'\n"
                       "    - url: https://a.example/roll/\n"
                       "      type: html\n"
                       "      item: '.list a'\n"
                       "    - url: https://a.example/old\n"
                       "      full_text: false\n"
                       "    - url: https://a.example/plain\n";
    feeds_list *l;
    nm_error err;
    assert_int_equal(feeds_parse(text, strlen(text), "feeds.yml", &l, &err), 0);
    assert_int_equal(l->n, 4);
    assert_int_equal(l->entries[0].fulltext, FEEDS_FULLTEXT_ALWAYS);
    assert_string_equal(l->entries[0].selector, "#artibody");
    assert_int_equal(l->entries[1].type, FEEDS_TYPE_HTML);
    assert_string_equal(l->entries[1].item, ".list a");
    assert_int_equal(l->entries[2].fulltext, FEEDS_FULLTEXT_NEVER); /* the older spelling */
    assert_int_equal(l->entries[3].fulltext, FEEDS_FULLTEXT_AUTO);
    assert_int_equal(l->entries[3].type, FEEDS_TYPE_FEED);
    nm_buf y;
    buf_init(&y, NM_BUF_NOLIMIT);
    feeds_to_yaml(l, &y);
    assert_non_null(strstr(buf_cstr(&y), "      fulltext: always\n      selector: '#artibody'\n"));
    assert_non_null(strstr(buf_cstr(&y), "      type: html\n      item: '.list a'\n"));
    assert_non_null(strstr(buf_cstr(&y), "      fulltext: never\n"));
    assert_null(strstr(buf_cstr(&y), "full_text"));
    assert_null(strstr(buf_cstr(&y), "fulltext: auto"));
    feeds_list *again;
    assert_int_equal(feeds_parse(y.data, y.len, "out.yml", &again, &err), 0);
    assert_int_equal(again->entries[1].type, FEEDS_TYPE_HTML);
    assert_int_equal(again->entries[2].fulltext, FEEDS_FULLTEXT_NEVER);
    buf_free(&y);
    feeds_free(again);
    feeds_free(l);
}

static void test_yaml_fulltext_errors_name_the_line(void **state)
{
    (void)state;
    feeds_list *l;
    nm_error err;
    const char *bad1 = "g:\n  s:\n    - url: u\n      fulltext: sometimes\n";
    assert_int_equal(feeds_parse(bad1, strlen(bad1), "feeds.yml", &l, &err), -1);
    assert_int_equal(err.line, 4);
    assert_string_equal(err.msg, "fulltext: expected auto, always or never");
    const char *bad2 = "g:\n  s:\n    - url: u\n      item: '.x'\n";
    assert_int_equal(feeds_parse(bad2, strlen(bad2), "feeds.yml", &l, &err), -1);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.msg, "item: is for a source of type html");
    const char *bad3 = "g:\n  s:\n    - url: u\n      type: page\n";
    assert_int_equal(feeds_parse(bad3, strlen(bad3), "feeds.yml", &l, &err), -1);
    assert_int_equal(err.line, 4);
    assert_string_equal(err.msg, "type: expected feed or html");
}

/* fuzz_feeds: a feed with remove: twice kept a NULL selector (the count
 * went on over the second list), and writing it read NULL */
static void test_yaml_remove_twice_keeps_the_last_list(void **state)
{
    (void)state;
    const char *text = "g:\n  s:\n    - title: t\n      url: http://a/\n"
                       "      remove: ['.ad']\n      remove: ['.x', '.y']\n";
    feeds_list *l;
    nm_error err;
    assert_int_equal(feeds_parse(text, strlen(text), "feeds.yml", &l, &err), 0);
    assert_int_equal(l->entries[0].nremove, 2);
    assert_string_equal(l->entries[0].remove[0], ".x");
    assert_string_equal(l->entries[0].remove[1], ".y");
    nm_buf y;
    buf_init(&y, NM_BUF_NOLIMIT);
    feeds_to_yaml(l, &y);
    assert_non_null(strstr(buf_cstr(&y), "remove: ['.x', '.y']"));
    buf_free(&y);
    feeds_free(l);
}

static void test_yaml_errors_name_the_line(void **state)
{
    (void)state;
    feeds_list *l;
    nm_error err;
    const char *bad = "g:\n  s:\n    - title: t\n      url: http://a/\n      enabled: maybe\n";
    assert_int_equal(feeds_parse(bad, strlen(bad), "feeds.yml", &l, &err), -1);
    assert_null(l);
    assert_string_equal(err.where, "feeds.yml");
    assert_int_equal(err.line, 5);
    assert_string_equal(err.msg, "expected true or false");
    const char *list = "- a\n- b\n";
    assert_int_equal(feeds_parse(list, strlen(list), "feeds.yml", &l, &err), -1);
    assert_int_equal(err.line, 1);
    assert_string_equal(err.msg, "expected groups: a mapping of group name to sites");
    /* Found by fuzz_feeds: a site listed twice in a group was regrouped on
     * writing, so write -> read changed the order of the feeds. */
    const char *twice = "g:\n  s:\n    - url: http://a/\n  t:\n    - url: http://b/\n"
                        "  s:\n    - url: http://c/\n";
    assert_int_equal(feeds_parse(twice, strlen(twice), "feeds.yml", &l, &err), -1);
    assert_int_equal(err.line, 6);
    assert_string_equal(err.msg, "this site is already listed above in its group: merge the two");
    const char *groups = "g:\n  s:\n    - url: http://a/\ng:\n  t:\n    - url: http://b/\n";
    assert_int_equal(feeds_parse(groups, strlen(groups), "feeds.yml", &l, &err), -1);
    assert_int_equal(err.line, 4);
    assert_string_equal(err.msg, "this group is already listed above: merge the two");
    assert_int_equal(feeds_parse("", 0, "feeds.yml", &l, &err), 0); /* empty is fine */
    assert_int_equal(l->n, 0);
    feeds_free(l);
}

static void test_opml_import_of_xml_that_is_not_opml_says_so_with_its_line(void **state)
{
    (void)state;
    /* Found by fuzz_feeds: the line was read after the tree was freed. */
    const char *x = "<p style=\"/x.xml#x)\">x</p>\n";
    feeds_list *l = feeds_new();
    nm_error err;
    assert_int_equal(feeds_import_opml_text(l, x, strlen(x), "in.opml", NULL, &err), -1);
    assert_int_equal(err.line, 1);
    assert_string_equal(err.msg, "not an OPML file (expected <opml> with a <body>)");
    feeds_free(l);
}

static void test_opml_export_then_import_is_the_identity_on_the_hierarchy(void **state)
{
    (void)state;
    feeds_list *l = feeds_new();
    nm_error err;
    assert_int_equal(feeds_add(l, "G & <H>", "S \"q\"", "F", "http://a/?x=1&y=2", &err), 0);
    assert_int_equal(feeds_add(l, "G & <H>", "T", "F2", "http://b/", &err), 0);
    nm_buf x;
    buf_init(&x, NM_BUF_NOLIMIT);
    feeds_export_opml(l, &x);
    feeds_list *m = feeds_new();
    size_t added = 0;
    assert_int_equal(feeds_import_opml_text(m, x.data, x.len, "x.opml", &added, &err), 0);
    assert_int_equal(added, 2);
    assert_string_equal(m->entries[0].group, "G & <H>");
    assert_string_equal(m->entries[0].site, "S \"q\"");
    assert_string_equal(m->entries[0].url, "http://a/?x=1&y=2");
    assert_string_equal(m->entries[1].site, "T");
    assert_int_equal(feeds_import_opml_text(m, x.data, x.len, "x.opml", &added, &err), 0);
    assert_int_equal(added, 0); /* known URLs are skipped */
    buf_free(&x);
    feeds_free(m);
    feeds_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_yaml_round_trip_keeps_every_option),
        cmocka_unit_test(test_yaml_long_names_round_trip),
        cmocka_unit_test(test_yaml_remove_twice_keeps_the_last_list),
        cmocka_unit_test(test_yaml_fulltext_selector_type_and_item_round_trip),
        cmocka_unit_test(test_yaml_fulltext_errors_name_the_line),
        cmocka_unit_test(test_yaml_errors_name_the_line),
        cmocka_unit_test(test_opml_import_of_xml_that_is_not_opml_says_so_with_its_line),
        cmocka_unit_test(test_opml_export_then_import_is_the_identity_on_the_hierarchy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
