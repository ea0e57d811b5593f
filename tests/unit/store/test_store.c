/*
 * test_store.c — the SQLite store: schema, feed state, item identity,
 * aliases, SimHash neighbours and savepoints.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

static char dir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/nm-store-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd);
}

static store *open_store(void)
{
    store *s;
    nm_error err;
    assert_int_equal(store_open(dir, &s, &err), 0);
    return s;
}

static void test_open_creates_the_database_at_the_latest_schema(void **state)
{
    (void)state;
    store *s = open_store();
    assert_int_equal(store_schema_version(s), 3);
    store_close(s);
    char path[400];
    snprintf(path, sizeof(path), "%s/.newsmill/newsmill.db", dir);
    assert_true(fs_exists(path));
    s = open_store(); /* reopening migrates nothing */
    assert_int_equal(store_schema_version(s), 3);
    store_close(s);
}

static void test_feed_state_round_trips(void **state)
{
    (void)state;
    store *s = open_store();
    arena *a = arena_new(0);
    nm_error err;
    store_feed f;
    assert_int_equal(store_feed_get(s, "http://a/", false, a, &f, &err), 1);
    assert_int_equal(store_feed_get(s, "http://a/", true, a, &f, &err), 0);
    assert_null(f.etag);
    assert_int_equal(f.error_count, 0);
    f.etag = "\"e1\"";
    f.last_modified = "Sat, 01 Jan 2022 00:00:00 GMT";
    f.moved_to = "http://b/";
    f.last_fetch = 100;
    f.next_due = 200;
    f.last_status = 503;
    f.error_count = 2;
    f.last_error = "HTTP 503";
    f.ttl_minutes = 60;
    assert_int_equal(store_feed_put(s, &f, &err), 0);
    store_feed g;
    assert_int_equal(store_feed_get(s, "http://a/", false, a, &g, &err), 0);
    assert_int_equal(g.id, f.id);
    assert_string_equal(g.etag, "\"e1\"");
    assert_string_equal(g.last_modified, "Sat, 01 Jan 2022 00:00:00 GMT");
    assert_string_equal(g.moved_to, "http://b/");
    assert_int_equal(g.next_due, 200);
    assert_int_equal(g.last_status, 503);
    assert_int_equal(g.error_count, 2);
    assert_string_equal(g.last_error, "HTTP 503");
    assert_int_equal(g.ttl_minutes, 60);
    assert_int_equal(store_feed_delete(s, "http://a/", &err), 0);
    assert_int_equal(store_feed_get(s, "http://a/", false, a, &g, &err), 1);
    arena_free(a);
    store_close(s);
}

static void test_items_are_known_by_ident_and_by_alias(void **state)
{
    (void)state;
    store *s = open_store();
    nm_error err;
    store_item it = {.feed_id = 1, .ident = "guid-1", .guid = "guid-1", .link = "http://a/1",
                     .content_hash = 42, .simhash = 0xF0F0F0F0F0F0F0F0ull,
                     .post_path = "source/_posts/0000000000000001.md", .item_time = 1000,
                     .first_seen = 1000};
    assert_int_equal(store_begin(s, &err), 0);
    assert_int_equal(store_item_add(s, &it, &err), 0);
    assert_int_equal(store_alias_add(s, it.id, 2, "other-guid", &err), 0);
    assert_int_equal(store_commit(s, &err), 0);
    int64_t id = 0;
    assert_int_equal(store_item_known(s, 1, "guid-1", &id, &err), 1);
    assert_int_equal(id, it.id);
    assert_int_equal(store_item_known(s, 2, "guid-1", &id, &err), 0);
    id = 0;
    assert_int_equal(store_item_known(s, 2, "other-guid", &id, &err), 1);
    assert_int_equal(id, it.id);
    arena *a = arena_new(0);
    store_item got;
    assert_int_equal(store_item_by_link(s, 1, "http://a/1", a, &got, &err), 1);
    assert_int_equal(got.content_hash, 42);
    assert_string_equal(got.post_path, "source/_posts/0000000000000001.md");
    assert_int_equal(store_item_by_link(s, 1, "http://a/2", a, &got, &err), 0);
    assert_int_equal(store_item_count(s), 1);
    assert_int_equal(store_item_forget_path(s, "source/_posts/0000000000000001.md", &err), 0);
    assert_int_equal(store_item_known(s, 2, "other-guid", &id, &err), 0);
    assert_int_equal(store_item_count(s), 0);
    arena_free(a);
    store_close(s);
}

static void test_similar_finds_three_bit_neighbours_of_other_feeds_in_the_window(void **state)
{
    (void)state;
    store *s = open_store();
    nm_error err;
    uint64_t h = 0x0123456789ABCDEFull;
    store_item it = {.feed_id = 1, .ident = "x", .content_hash = 1, .simhash = h,
                     .post_path = "p", .item_time = 100000, .first_seen = 100000};
    assert_int_equal(store_item_add(s, &it, &err), 0);
    int64_t id = 0;
    uint64_t near = h ^ 0x1ull ^ (1ull << 20) ^ (1ull << 40); /* 3 bits, 3 bands */
    assert_int_equal(store_item_similar(s, 2, near, 3, 100000 + 3600, 3 * 86400, &id, &err), 1);
    assert_int_equal(id, it.id);
    uint64_t far = near ^ (1ull << 60); /* 4 bits */
    assert_int_equal(store_item_similar(s, 2, far, 3, 100000, 3 * 86400, &id, &err), 0);
    /* the same feed is not a cross-feed duplicate */
    assert_int_equal(store_item_similar(s, 1, h, 3, 100000, 3 * 86400, &id, &err), 0);
    /* outside the 3-day window */
    assert_int_equal(store_item_similar(s, 2, h, 3, 100000 + 4 * 86400, 3 * 86400, &id, &err), 0);
    store_close(s);
}

static void test_savepoint_rolls_back_one_unit_and_keeps_the_rest(void **state)
{
    (void)state;
    store *s = open_store();
    nm_error err;
    store_item a = {.feed_id = 1, .ident = "a", .post_path = "a.md"};
    store_item b = {.feed_id = 1, .ident = "b", .post_path = "b.md"};
    assert_int_equal(store_begin(s, &err), 0);
    assert_int_equal(store_savepoint(s, &err), 0);
    assert_int_equal(store_item_add(s, &a, &err), 0);
    assert_int_equal(store_release(s, &err), 0);
    assert_int_equal(store_savepoint(s, &err), 0);
    assert_int_equal(store_item_add(s, &b, &err), 0);
    store_rollback_to(s);
    assert_int_equal(store_commit(s, &err), 0);
    assert_int_equal(store_item_has_path(s, "a.md"), 1);
    assert_int_equal(store_item_has_path(s, "b.md"), 0);
    /* the same ident twice in a feed is refused */
    store_item again = {.feed_id = 1, .ident = "a", .post_path = "c.md"};
    assert_int_equal(store_item_add(s, &again, &err), -1);
    store_close(s);
}

static void test_pages_due_failed_done_and_forgotten_with_their_item(void **state)
{
    (void)state;
    store *s = open_store();
    nm_error err;
    arena *a = arena_new(0);
    store_feed f;
    assert_int_equal(store_feed_get(s, "http://f/rss", true, a, &f, &err), 0);
    store_item one = {.feed_id = f.id, .ident = "g1", .content_hash = 1,
                      .post_path = "source/_posts/0000000000000001.md", .item_time = 1,
                      .first_seen = 1};
    store_item two = one;
    two.ident = "g2";
    two.post_path = "source/_posts/0000000000000002.md";
    assert_int_equal(store_item_add(s, &one, &err), 0);
    assert_int_equal(store_item_add(s, &two, &err), 0);
    store_page p1 = {.item_id = one.id, .url = "http://a/1", .feed_chars = 80,
                     .flags = STORE_PAGE_AUTO};
    store_page p2 = {.item_id = two.id, .url = "http://a/2", .flags = STORE_PAGE_LINK_ONLY};
    assert_int_equal(store_page_add(s, &p1, &err), 0);
    assert_int_equal(store_page_add(s, &p2, &err), 0);
    store_page *due;
    size_t n;
    assert_int_equal(store_pages_due(s, 100, false, a, &due, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(due[0].url, "http://a/1");
    assert_int_equal(due[0].feed_chars, 80);
    assert_int_equal(due[0].flags, STORE_PAGE_AUTO);
    assert_string_equal(due[0].post_path, "source/_posts/0000000000000001.md");
    assert_string_equal(due[0].feed_url, "http://f/rss");
    assert_int_equal(due[1].flags, STORE_PAGE_LINK_ONLY);
    /* A failure waits for its next_try, unless all. */
    assert_int_equal(store_page_failed(s, one.id, 1, 700, "HTTP 500", &err), 0);
    assert_int_equal(store_pages_due(s, 100, false, a, &due, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(due[0].url, "http://a/2");
    assert_int_equal(store_pages_due(s, 100, true, a, &due, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(due[0].attempts, 1);
    assert_string_equal(due[0].last_error, "HTTP 500");
    assert_int_equal(store_page_done(s, two.id, &err), 0);
    assert_int_equal(store_page_count(s), 1);
    /* An item forgotten (its post deleted) takes its page along. */
    assert_int_equal(store_item_forget_path(s, "source/_posts/0000000000000001.md", &err), 0);
    assert_int_equal(store_page_count(s), 0);
    arena_free(a);
    store_close(s);
}

static void test_post_images_due_failed_done_and_image_urls_remembered(void **state)
{
    (void)state;
    store *s = open_store();
    nm_error err;
    arena *a = arena_new(0);
    store_feed f;
    assert_int_equal(store_feed_get(s, "http://f/rss", true, a, &f, &err), 0);
    store_item one = {.feed_id = f.id, .ident = "g1", .link = "http://f/a/1.html",
                      .content_hash = 1, .post_path = "source/_posts/0000000000000001.md",
                      .item_time = 1, .first_seen = 1};
    store_item two = one;
    two.ident = "g2";
    two.link = NULL;
    two.post_path = "source/_posts/0000000000000002.md";
    assert_int_equal(store_item_add(s, &one, &err), 0);
    assert_int_equal(store_item_add(s, &two, &err), 0);
    assert_int_equal(store_post_images_add(s, one.id, 0, &err), 0);
    assert_int_equal(store_post_images_add(s, two.id, 0, &err), 0);
    store_post_images *due;
    size_t n;
    assert_int_equal(store_post_images_due(s, 100, false, 10, a, &due, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(due[0].item_id, one.id);
    assert_string_equal(due[0].post_path, "source/_posts/0000000000000001.md");
    assert_string_equal(due[0].link, "http://f/a/1.html");
    assert_string_equal(due[0].feed_url, "http://f/rss");
    assert_null(due[1].link);
    /* at most max rows */
    assert_int_equal(store_post_images_due(s, 100, false, 1, a, &due, &n, &err), 0);
    assert_int_equal(n, 1);
    /* a failure waits for its next_try, unless all; adding again resets it */
    assert_int_equal(store_post_images_failed(s, one.id, 2, 700, "http://x/1.jpg: HTTP 404",
                                              &err), 0);
    assert_int_equal(store_post_images_due(s, 100, false, 10, a, &due, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(due[0].item_id, two.id);
    assert_int_equal(store_post_images_due(s, 100, true, 10, a, &due, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(due[0].attempts, 2);
    assert_string_equal(due[0].last_error, "http://x/1.jpg: HTTP 404");
    assert_int_equal(store_post_images_add(s, one.id, 0, &err), 0);
    assert_int_equal(store_post_images_due(s, 100, false, 10, a, &due, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(due[0].attempts, 0);
    assert_int_equal(store_post_images_done(s, two.id, &err), 0);
    assert_int_equal(store_post_images_count(s), 1);
    /* an item forgotten takes its row along */
    assert_int_equal(store_item_forget_path(s, "source/_posts/0000000000000001.md", &err), 0);
    assert_int_equal(store_post_images_count(s), 0);
    /* what URLs became */
    const char *local = NULL, *refused = NULL;
    assert_int_equal(store_image_url_get(s, "http://x/1.jpg", a, &local, &refused), 0);
    assert_int_equal(store_image_url_put(s, "http://x/1.jpg", "/images/ab/x.jpg", NULL, &err), 0);
    assert_int_equal(store_image_url_put(s, "http://x/2.svg", NULL, "refused: SVG", &err), 0);
    assert_int_equal(store_image_url_get(s, "http://x/1.jpg", a, &local, &refused), 1);
    assert_string_equal(local, "/images/ab/x.jpg");
    assert_null(refused);
    assert_int_equal(store_image_url_get(s, "http://x/2.svg", a, &local, &refused), 1);
    assert_null(local);
    assert_string_equal(refused, "refused: SVG");
    arena_free(a);
    store_close(s);
}

static void test_open_fails_clearly_on_a_file_that_is_not_a_database(void **state)
{
    (void)state;
    char path[400];
    snprintf(path, sizeof(path), "%s/.newsmill", dir);
    nm_error err;
    assert_int_equal(fs_mkdirs(path, &err), 0);
    snprintf(path, sizeof(path), "%s/.newsmill/newsmill.db", dir);
    assert_int_equal(fs_write_atomic(path, "this is not sqlite, not at all....", 34, &err), 0);
    store *s;
    assert_int_equal(store_open(dir, &s, &err), -1);
    assert_null(s);
    assert_non_null(strstr(err.where, "newsmill.db"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_creates_the_database_at_the_latest_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(test_feed_state_round_trips, setup, teardown),
        cmocka_unit_test_setup_teardown(test_items_are_known_by_ident_and_by_alias, setup, teardown),
        cmocka_unit_test_setup_teardown(test_similar_finds_three_bit_neighbours_of_other_feeds_in_the_window, setup, teardown),
        cmocka_unit_test_setup_teardown(test_savepoint_rolls_back_one_unit_and_keeps_the_rest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pages_due_failed_done_and_forgotten_with_their_item, setup, teardown),
        cmocka_unit_test_setup_teardown(test_post_images_due_failed_done_and_image_urls_remembered, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_fails_clearly_on_a_file_that_is_not_a_database, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
