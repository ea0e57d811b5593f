/*
 * test_store.c — the store on both back ends: schema, feed state, item
 * identity, aliases, SimHash neighbours, savepoints, article pages, the
 * portable dump; then what only one back end has (a file that is not a
 * database; a server that is not there).
 *
 * The same test cases run twice, once per group: against SQLite in a
 * temporary site, and against a throwaway PostgreSQL server
 * (tests/tools/pg.sh, started once for the group, a new database for
 * each test, chosen through NEWSMILL_STORE as a user would).
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

/* The PostgreSQL group's server: its directory and URL (without a
 * database name); pg_url[0] == 0 in the SQLite group. */
static char pg_dir[256];
static char pg_base[256];
static char pg_url[300];
static int pg_db;

static int pg_group_setup(void **state)
{
    (void)state;
    const char *root = getenv("NM_ROOT");
    snprintf(pg_dir, sizeof(pg_dir), "/tmp/nm-pg-XXXXXX");
    if (!mkdtemp(pg_dir))
        return -1;
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "'%s/tests/tools/pg.sh' start '%s'", root ? root : ".", pg_dir);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    char line[256] = "";
    if (!fgets(line, sizeof(line), p))
        line[0] = 0;
    if (pclose(p) != 0 || strncmp(line, "postgresql://", 13) != 0) {
        fprintf(stderr, "the throwaway PostgreSQL server did not start (%s)\n", cmd);
        return -1;
    }
    /* postgresql://newsmill@127.0.0.1:PORT/postgres → without "postgres\n" */
    char *slash = strrchr(line, '/');
    slash[1] = 0;
    snprintf(pg_base, sizeof(pg_base), "%s", line);
    return 0;
}

static int pg_group_teardown(void **state)
{
    (void)state;
    const char *root = getenv("NM_ROOT");
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "'%s/tests/tools/pg.sh' stop '%s'; rm -rf '%s'", root ? root : ".",
             pg_dir, pg_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/nm-store-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    pg_url[0] = 0;
    unsetenv("NEWSMILL_STORE");
    if (pg_base[0]) {
        /* a new database for each test */
        char cmd[1024];
        snprintf(cmd, sizeof(cmd), "psql -q '%spostgres' -c 'CREATE DATABASE t%d' >/dev/null",
                 pg_base, ++pg_db);
        if (system(cmd) != 0)
            return -1;
        snprintf(pg_url, sizeof(pg_url), "%st%d", pg_base, pg_db);
        setenv("NEWSMILL_STORE", pg_url, 1);
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unsetenv("NEWSMILL_STORE");
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
    assert_int_equal(store_schema_version(s), STORE_SCHEMA);
    assert_int_equal(store_schema_found(s), 0);
    store_close(s);
    char path[400];
    snprintf(path, sizeof(path), "%s/.newsmill/newsmill.db", dir);
    assert_int_equal(fs_exists(path), !pg_url[0]); /* a server store makes no file */
    s = open_store(); /* reopening migrates nothing */
    assert_int_equal(store_schema_version(s), STORE_SCHEMA);
    assert_int_equal(store_schema_found(s), STORE_SCHEMA);
    assert_string_equal(store_backend(s), pg_url[0] ? "postgresql" : "sqlite");
    assert_string_equal(store_where(s), pg_url[0] ? pg_url : path);
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

static void test_a_failed_statement_in_a_unit_leaves_the_transaction_usable(void **state)
{
    (void)state;
    store *s = open_store();
    nm_error err;
    store_item a = {.feed_id = 1, .ident = "a", .post_path = "a.md"};
    store_item dup = {.feed_id = 1, .ident = "a", .post_path = "dup.md"};
    store_item b = {.feed_id = 1, .ident = "b", .post_path = "b.md"};
    assert_int_equal(store_begin(s, &err), 0);
    assert_int_equal(store_savepoint(s, &err), 0);
    assert_int_equal(store_item_add(s, &a, &err), 0);
    assert_int_equal(store_release(s, &err), 0);
    assert_int_equal(store_savepoint(s, &err), 0);
    assert_int_equal(store_item_add(s, &dup, &err), -1);
    store_rollback_to(s);
    assert_int_equal(store_savepoint(s, &err), 0);
    assert_int_equal(store_item_add(s, &b, &err), 0);
    assert_int_equal(store_release(s, &err), 0);
    assert_int_equal(store_commit(s, &err), 0);
    assert_int_equal(store_item_has_path(s, "a.md"), 1);
    assert_int_equal(store_item_has_path(s, "dup.md"), 0);
    assert_int_equal(store_item_has_path(s, "b.md"), 1);
    assert_true(b.id > a.id);
    store_close(s);
}

static void test_long_urls_idents_links_and_paths_are_stored_and_found(void **state)
{
    (void)state;
    store *s = open_store();
    nm_error err;
    arena *a = arena_new(0);
    /* 12,000 characters that do not compress: no btree entry holds them */
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    uint64_t x = 88172645463325252ull;
    for (int i = 0; i < 12000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        buf_putc(&b, (char)('a' + x % 26));
    }
    const char *longtext = arena_strdup(a, b.data);
    buf_free(&b);
    const char *url = arena_printf(a, "http://f/%s", longtext);
    store_feed f;
    assert_int_equal(store_feed_get(s, url, true, a, &f, &err), 0);
    assert_int_equal(store_feed_get(s, url, false, a, &f, &err), 0);
    assert_string_equal(f.url, url);
    store_item it = {.feed_id = f.id, .ident = arena_printf(a, "g:%s", longtext),
                     .guid = longtext, .link = url, .content_hash = 1,
                     .post_path = arena_printf(a, "source/_posts/%s.md", longtext)};
    assert_int_equal(store_item_add(s, &it, &err), 0);
    assert_int_equal(store_alias_add(s, it.id, 9, it.ident, &err), 0);
    int64_t id = 0;
    assert_int_equal(store_item_known(s, f.id, it.ident, &id, &err), 1);
    assert_int_equal(store_item_known(s, 9, it.ident, &id, &err), 1);
    assert_int_equal(id, it.id);
    store_item got;
    assert_int_equal(store_item_by_link(s, f.id, url, a, &got, &err), 1);
    assert_int_equal(store_item_has_path(s, it.post_path), 1);
    assert_int_equal(store_item_forget_path(s, it.post_path, &err), 0);
    assert_int_equal(store_item_has_path(s, it.post_path), 0);
    assert_int_equal(store_feed_delete(s, url, &err), 0);
    assert_int_equal(store_feed_get(s, url, false, a, &f, &err), 1);
    arena_free(a);
    store_close(s);
}

static void test_stats_count_feeds_due_failing_items_and_pages(void **state)
{
    (void)state;
    store *s = open_store();
    nm_error err;
    arena *a = arena_new(0);
    store_feed f, g, h;
    assert_int_equal(store_feed_get(s, "http://f/", true, a, &f, &err), 0);
    assert_int_equal(store_feed_get(s, "http://g/", true, a, &g, &err), 0);
    assert_int_equal(store_feed_get(s, "http://h/", true, a, &h, &err), 0);
    f.last_fetch = 900;
    f.next_due = 1100; /* not due at 1000 */
    g.last_fetch = 500;
    g.next_due = 950;
    g.error_count = 3;
    assert_int_equal(store_feed_put(s, &f, &err), 0);
    assert_int_equal(store_feed_put(s, &g, &err), 0);
    store_item it = {.feed_id = f.id, .ident = "x", .post_path = "x.md"};
    assert_int_equal(store_item_add(s, &it, &err), 0);
    assert_int_equal(store_alias_add(s, it.id, g.id, "y", &err), 0);
    store_page pg = {.item_id = it.id, .url = "http://f/x", .next_try = 2000};
    assert_int_equal(store_page_add(s, &pg, &err), 0);
    store_stats st;
    assert_int_equal(store_get_stats(s, 1000, &st, &err), 0);
    assert_int_equal(st.feeds, 3);
    assert_int_equal(st.feeds_due, 2);
    assert_int_equal(st.feeds_failing, 1);
    assert_int_equal(st.feeds_never, 1);
    assert_int_equal(st.oldest_fetch, 500);
    assert_int_equal(st.newest_fetch, 900);
    assert_int_equal(st.next_due, 1100);
    assert_int_equal(st.items, 1);
    assert_int_equal(st.aliases, 1);
    assert_int_equal(st.pages, 1);
    assert_int_equal(st.pages_due, 0);
    arena_free(a);
    store_close(s);
}

/* A second, empty store of the same back end: dir/b, or a new database. */
static store *open_second_store(void)
{
    char site[300];
    snprintf(site, sizeof(site), "%s/b", dir);
    nm_error err;
    assert_int_equal(fs_mkdirs(site, &err), 0);
    if (pg_url[0]) {
        char cmd[1024], url[400];
        snprintf(cmd, sizeof(cmd), "psql -q '%spostgres' -c 'CREATE DATABASE t%db' >/dev/null",
                 pg_base, pg_db);
        assert_int_equal(system(cmd), 0);
        snprintf(url, sizeof(url), "%st%db", pg_base, pg_db);
        setenv("NEWSMILL_STORE", url, 1);
    }
    store *s;
    assert_int_equal(store_open(site, &s, &err), 0);
    if (pg_url[0])
        setenv("NEWSMILL_STORE", pg_url, 1);
    return s;
}

static char *dump(store *s)
{
    char *text;
    size_t n;
    FILE *f = open_memstream(&text, &n);
    nm_error err;
    assert_int_equal(store_export(s, f, &err), 0);
    fclose(f);
    return text;
}

static void fill(store *s)
{
    nm_error err;
    arena *a = arena_new(0);
    store_feed f, g;
    assert_int_equal(store_feed_get(s, "http://f/rss", true, a, &f, &err), 0);
    assert_int_equal(store_feed_get(s, "http://g/新闻", true, a, &g, &err), 0);
    f.etag = "\"e\"";
    f.last_error = "HTTP 503 \"quoted\"\n\ttab";
    f.last_fetch = 1700000000;
    f.ttl_minutes = 30;
    assert_int_equal(store_feed_put(s, &f, &err), 0);
    store_item one = {.feed_id = f.id, .ident = "g:1", .guid = "1", .link = "http://f/1",
                      .content_hash = 0xFEDCBA9876543210ull, .simhash = 0x8000000000000001ull,
                      .post_path = "source/_posts/b.md", .item_time = 5, .first_seen = 6};
    store_item two = {.feed_id = g.id, .ident = "l:http://g/2", .content_hash = 7,
                      .post_path = "source/_posts/a.md", .item_time = 8, .first_seen = 9};
    assert_int_equal(store_item_add(s, &one, &err), 0);
    assert_int_equal(store_item_add(s, &two, &err), 0);
    assert_int_equal(store_alias_add(s, one.id, g.id, "g:Z", &err), 0);
    assert_int_equal(store_alias_add(s, one.id, g.id, "g:a", &err), 0);
    store_page pg = {.item_id = two.id, .url = "http://g/2", .attempts = 2, .next_try = 99,
                     .feed_chars = 40, .flags = STORE_PAGE_LINK_ONLY, .last_error = "timeout"};
    assert_int_equal(store_page_add(s, &pg, &err), 0);
    assert_int_equal(store_post_images_add(s, one.id, 77, &err), 0);
    assert_int_equal(store_post_images_failed(s, one.id, 1, 88, "HTTP 404", &err), 0);
    assert_int_equal(store_image_url_put(s, "http://f/b.jpg", "/images/ab/ab.jpg", NULL, &err), 0);
    assert_int_equal(store_image_url_put(s, "http://f/a.svg", NULL, "SVG", &err), 0);
    arena_free(a);
}

static void test_export_then_import_into_a_new_store_gives_the_same_dump(void **state)
{
    (void)state;
    store *s = open_store();
    fill(s);
    char *first = dump(s);
    /* the header, 2 feeds, 2 items, 2 aliases, 1 page, 1 post's images,
     * 2 image URLs */
    int lines = 0;
    for (const char *p = first; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 11);
    assert_non_null(strstr(first, "{\"newsmill_store\":1,\"schema\":4}\n"));
    /* image URLs in byte order: "http://f/a.svg" first */
    assert_non_null(strstr(first, "{\"table\":\"image_urls\",\"url\":\"http://f/a.svg\","
                                  "\"local\":null,\"refused\":\"SVG\"}\n"
                                  "{\"table\":\"image_urls\",\"url\":\"http://f/b.jpg\""));
    assert_non_null(strstr(first, "{\"table\":\"post_images\",\"item_id\":1,\"attempts\":1,"
                                  "\"next_try\":88,\"last_error\":\"HTTP 404\"}\n"));
    assert_non_null(strstr(first, "\"content_hash\":-81985529216486896,"));
    assert_non_null(strstr(first, "\"etag\":null") ? first : NULL);
    /* aliases in byte order: "g:Z" before "g:a" */
    assert_true(strstr(first, "\"g:Z\"") < strstr(first, "\"g:a\""));
    store *t = open_second_store();
    FILE *in = fmemopen(first, strlen(first), "r");
    nm_error err;
    assert_int_equal(store_import(t, in, "dump.jsonl", &err), 0);
    fclose(in);
    char *second = dump(t);
    assert_string_equal(first, second);
    /* generated ids go on after the imported ones */
    store_item three = {.feed_id = 1, .ident = "new", .post_path = "c.md"};
    assert_int_equal(store_item_add(t, &three, &err), 0);
    assert_int_equal(three.id, 3);
    arena *a = arena_new(0);
    store_feed h;
    assert_int_equal(store_feed_get(t, "http://h/", true, a, &h, &err), 0);
    assert_int_equal(h.id, 3);
    arena_free(a);
    free(first);
    free(second);
    store_close(t);
    store_close(s);
}

static int import_text(store *s, const char *text, nm_error *err)
{
    FILE *in = fmemopen((void *)text, strlen(text), "r");
    int rc = store_import(s, in, "dump.jsonl", err);
    fclose(in);
    return rc;
}

static void test_import_refuses_a_store_that_is_not_empty_and_a_bad_dump(void **state)
{
    (void)state;
    store *s = open_store();
    fill(s);
    char *text = dump(s);
    nm_error err;
    assert_int_equal(import_text(s, text, &err), -1);
    assert_non_null(strstr(err.msg, "not empty"));
    store *t = open_second_store();
    assert_int_equal(import_text(t, "{\"x\":1}\n", &err), -1);
    assert_string_equal(err.where, "dump.jsonl");
    assert_int_equal(err.line, 1);
    assert_non_null(strstr(err.msg, "not a newsmill store dump"));
    assert_int_equal(import_text(t, "{\"newsmill_store\":1,\"schema\":1}\n", &err), -1);
    assert_non_null(strstr(err.msg, "schema 1"));
    /* a bad row anywhere: nothing of the dump stays */
    const char *bad = "{\"newsmill_store\":1,\"schema\":4}\n"
                      "{\"table\":\"aliases\",\"item_id\":1,\"feed_id\":1,\"ident\":\"x\"}\n"
                      "{\"table\":\"aliases\",\"item_id\":1,\"feed_id\":\"1\",\"ident\":\"y\"}\n";
    assert_int_equal(import_text(t, bad, &err), -1);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.msg, "aliases.feed_id must be an integer"));
    const char *dup = "{\"newsmill_store\":1,\"schema\":4}\n"
                      "{\"table\":\"aliases\",\"item_id\":1,\"feed_id\":1,\"ident\":\"x\"}\n"
                      "{\"table\":\"aliases\",\"item_id\":2,\"feed_id\":1,\"ident\":\"x\"}\n";
    assert_int_equal(import_text(t, dup, &err), -1);
    assert_int_equal(err.line, 3); /* the database's refusal, placed in the dump */
    store_stats st;
    assert_int_equal(store_get_stats(t, 0, &st, &err), 0);
    assert_int_equal(st.aliases, 0);
    free(text);
    store_close(t);
    store_close(s);
}

static void test_config_chooses_the_store_and_names_a_bad_setting(void **state)
{
    (void)state;
    char path[400];
    snprintf(path, sizeof(path), "%s/_config.yml", dir);
    nm_error err;
    const char *bad = "title: T\nnewsmill:\n  store: mysql://db/x\n";
    assert_int_equal(fs_write_atomic(path, bad, strlen(bad), &err), 0);
    store *s;
    assert_int_equal(store_open(dir, &s, &err), -1);
    assert_null(s);
    assert_string_equal(err.where, path);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.msg, "'mysql://db/x'"));
    assert_int_equal(store_exists(dir), 1); /* so that a reader says what is wrong */
    /* NEWSMILL_STORE wins over the file */
    setenv("NEWSMILL_STORE", "sqlite", 1);
    assert_int_equal(store_exists(dir), 0);
    assert_int_equal(store_open(dir, &s, &err), 0);
    assert_string_equal(store_backend(s), "sqlite");
    store_close(s);
    assert_int_equal(store_exists(dir), 1);
    setenv("NEWSMILL_STORE", "oracle", 1);
    assert_int_equal(store_open(dir, &s, &err), -1);
    assert_string_equal(err.where, "NEWSMILL_STORE");
    unsetenv("NEWSMILL_STORE");
    const char *good = "newsmill:\n  store: sqlite\n";
    assert_int_equal(fs_write_atomic(path, good, strlen(good), &err), 0);
    assert_int_equal(store_open(dir, &s, &err), 0);
    store_close(s);
}

static void test_an_unreachable_server_is_named_without_its_password(void **state)
{
    (void)state;
    setenv("NEWSMILL_STORE",
           "postgresql://alice:s3cret@127.0.0.1:1/news?connect_timeout=3&password=other", 1);
    store *s;
    nm_error err;
    assert_int_equal(store_open(dir, &s, &err), -1);
    assert_null(s);
    assert_string_equal(err.where, "postgresql://alice@127.0.0.1:1/news?connect_timeout=3");
    assert_non_null(strstr(err.msg, "cannot connect to the store: "));
    assert_null(strstr(err.msg, "s3cret"));
    assert_null(strstr(err.msg, "other"));
    assert_null(strchr(err.msg, '\n'));
    unsetenv("NEWSMILL_STORE");
}

/* ---- fetch workers (PostgreSQL) -------------------------------------------- */

static void test_sqlite_refuses_worker_calls_by_name(void **state)
{
    (void)state;
    store *s = open_store();
    nm_error err;
    assert_false(store_shared(s));
    arena *a = arena_new(0);
    store_feed *f;
    size_t n;
    assert_int_equal(store_claim(s, "w", 100, 160, 4, 2, a, &f, &n, &err), -1);
    assert_non_null(strstr(err.msg, "need a PostgreSQL store"));
    const char *body = "x";
    assert_int_equal(store_post_put(s, "source/_posts/a.md", body, 1, 1, &err), -1);
    store_post p;
    assert_int_equal(store_post_get(s, "source/_posts/a.md", true, false, a, &p, &err), -1);
    assert_non_null(strstr(err.msg, "need a PostgreSQL store"));
    const char *h[] = {"a"}, **got, **names;
    assert_int_equal(store_hosts_lease(s, "w", h, 1, 0, 100, 160, a, &got, &n, &err), -1);
    assert_int_equal(store_host_hold(s, "a", "w", &err), -1);
    assert_int_equal(store_hosts_release(s, "w", h, 1, 100, &err), -1);
    assert_int_equal(store_workers_active(s, 100, a, &names, &n, &err), -1);
    assert_non_null(strstr(err.msg, "need a PostgreSQL store"));
    assert_int_equal(store_posts_last(s), 0); /* the same schema: an empty table */
    arena_free(a);
    store_close(s);
}

static void register_feeds(store *s, int n, int hosts);

static bool has(const char *const *v, size_t n, const char *x)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], x) == 0)
            return true;
    return false;
}

static void test_hosts_are_leased_for_pages_one_worker_at_a_time_and_freed_later(void **state)
{
    (void)state;
    store *s1 = open_store(), *s2 = open_store();
    nm_error err;
    arena *a = arena_new(0);
    const char **got, **names;
    size_t n;
    /* w1 leases a and b (new rows; a twice in the list) */
    const char *ab[] = {"a.example", "b.example", "a.example"};
    assert_int_equal(store_hosts_lease(s1, "w1", ab, 3, 0, 100, 160, a, &got, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_true(has(got, n, "a.example") && has(got, n, "b.example"));
    /* w2 gets c only; w1 gets its own a again */
    const char *ac[] = {"a.example", "c.example"};
    assert_int_equal(store_hosts_lease(s2, "w2", ac, 2, 0, 101, 161, a, &got, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(got[0], "c.example");
    assert_int_equal(store_hosts_lease(s1, "w1", ac, 1, 0, 102, 162, a, &got, &n, &err), 0);
    assert_int_equal(n, 1);
    /* at most max */
    const char *def[] = {"d.example", "e.example", "f.example"};
    assert_int_equal(store_hosts_lease(s2, "w2", def, 3, 2, 103, 163, a, &got, &n, &err), 0);
    assert_int_equal(n, 2);
    /* a unit holds its host while it is its worker's */
    assert_int_equal(store_begin(s1, &err), 0);
    assert_int_equal(store_host_hold(s1, "a.example", "w1", &err), 1);
    assert_int_equal(store_host_hold(s1, "c.example", "w1", &err), 0);
    assert_int_equal(store_host_hold(s1, "z.example", "w1", &err), 0);
    assert_int_equal(store_commit(s1, &err), 0);
    /* a feed claimed by w3 makes it a live worker too */
    register_feeds(s1, 2, 1);
    store_feed *f;
    assert_int_equal(store_claim(s1, "w3", 104, 150, 1, 1, a, &f, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(store_workers_active(s2, 110, a, &names, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_string_equal(names[0], "w1");
    assert_string_equal(names[1], "w2");
    assert_string_equal(names[2], "w3");
    /* w1 gives a and b back, free after 120: nobody before, anybody after;
     * it is no longer a live worker */
    assert_int_equal(store_hosts_release(s1, "w1", ab, 2, 120, &err), 0);
    assert_int_equal(store_workers_active(s2, 110, a, &names, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_false(has(names, n, "w1"));
    assert_int_equal(store_hosts_lease(s1, "w1", ab, 2, 0, 120, 180, a, &got, &n, &err), 0);
    assert_int_equal(n, 0);
    assert_int_equal(store_hosts_lease(s2, "w2", ab, 2, 0, 121, 181, a, &got, &n, &err), 0);
    assert_int_equal(n, 2);
    /* w1, frozen past its lease, finds its host taken over */
    assert_int_equal(store_begin(s1, &err), 0);
    assert_int_equal(store_host_hold(s1, "a.example", "w1", &err), 0);
    store_rollback(s1);
    /* every lease expired: no live worker */
    assert_int_equal(store_workers_active(s2, 1000, a, &names, &n, &err), 0);
    assert_int_equal(n, 0);
    arena_free(a);
    store_close(s1);
    store_close(s2);
}

static void test_a_kept_post_is_read_with_its_seq_and_the_last_seq_is_known(void **state)
{
    (void)state;
    store *s = open_store();
    nm_error err;
    arena *a = arena_new(0);
    assert_int_equal(store_posts_last(s), 0);
    assert_int_equal(store_post_put(s, "source/_posts/a.md", "A1", 2, 10, &err), 0);
    assert_int_equal(store_post_put(s, "source/images/ab/x.png", "89504e47", 8, 10, &err), 0);
    store_post p;
    assert_int_equal(store_post_get(s, "source/_posts/a.md", true, false, a, &p, &err), 1);
    assert_string_equal(p.path, "source/_posts/a.md");
    assert_string_equal(p.bytes, "A1");
    assert_int_equal(p.len, 2);
    int64_t first = p.seq;
    assert_int_equal(store_post_get(s, "source/images/ab/x.png", false, false, a, &p, &err), 1);
    assert_null(p.bytes); /* only its length */
    assert_int_equal(p.len, 8);
    assert_int_equal(store_posts_last(s), p.seq);
    assert_int_equal(store_post_get(s, "source/_posts/none.md", true, false, a, &p, &err), 0);
    /* locked inside a transaction; a rewrite moves its seq up */
    assert_int_equal(store_begin(s, &err), 0);
    assert_int_equal(store_post_get(s, "source/_posts/a.md", false, true, a, &p, &err), 1);
    assert_int_equal(p.seq, first);
    assert_int_equal(store_post_put(s, "source/_posts/a.md", "A2", 2, 11, &err), 0);
    assert_int_equal(store_commit(s, &err), 0);
    assert_int_equal(store_post_get(s, "source/_posts/a.md", true, false, a, &p, &err), 1);
    assert_true(p.seq > first);
    assert_string_equal(p.bytes, "A2");
    assert_int_equal(store_posts_last(s), p.seq);
    /* store status counts the posts, not the images kept beside them */
    store_worker_stats ws;
    assert_int_equal(store_get_worker_stats(s, 100, 0, &ws, &err), 0);
    assert_int_equal(ws.posts, 1);
    assert_int_equal(ws.unsynced, 1);
    arena_free(a);
    store_close(s);
}

/* Registers n feeds "http://hH.example/i" on hosts h0..h(hosts-1). */
static void register_feeds(store *s, int n, int hosts)
{
    arena *a = arena_new(0);
    const char **u = arena_new_array(a, const char *, (size_t)n);
    const char **h = arena_new_array(a, const char *, (size_t)n);
    for (int i = 0; i < n; i++) {
        h[i] = arena_printf(a, "h%d.example", i % hosts);
        u[i] = arena_printf(a, "http://%s/%d\"\\", h[i], i); /* quotes, backslashes */
    }
    nm_error err;
    assert_int_equal(store_feeds_register(s, u, h, (size_t)n, &err), 0);
    assert_int_equal(store_feeds_register(s, u, h, (size_t)n, &err), 0); /* again: no-op */
    arena_free(a);
}

static void test_claims_lease_hosts_to_one_worker_and_expire(void **state)
{
    (void)state;
    store *s1 = open_store(), *s2 = open_store();
    assert_true(store_shared(s1));
    register_feeds(s1, 12, 3); /* 4 feeds per host */
    nm_error err;
    arena *a = arena_new(0);
    store_feed *f;
    size_t n;
    /* w1: 2 hosts, 2 feeds of each */
    assert_int_equal(store_claim(s1, "w1", 100, 160, 2, 2, a, &f, &n, &err), 0);
    assert_int_equal(n, 4);
    assert_non_null(strstr(f[0].url, "\"\\"));
    /* w2 gets the third host only: the others are w1's until 160 */
    assert_int_equal(store_claim(s2, "w2", 101, 161, 5, 2, a, &f, &n, &err), 0);
    assert_int_equal(n, 2);
    int64_t w2_feed = f[0].id, w2_second = f[1].id;
    /* not its own host again while 2 of its feeds are in flight */
    assert_int_equal(store_claim(s2, "w2", 102, 162, 5, 2, a, &f, &n, &err), 0);
    assert_int_equal(n, 0);
    assert_int_equal(store_feeds_due(s1, 102), 12);
    /* w2 finishes its feeds: transactions that hold their lease */
    int64_t w2_other = w2_second;
    for (int k = 0; k < 2; k++) {
        assert_int_equal(store_begin(s2, &err), 0);
        assert_int_equal(store_claim_hold(s2, k ? w2_other : w2_feed, "w2", &err), 1);
        assert_int_equal(store_commit(s2, &err), 0);
    }
    /* then its host again: its 2 other feeds (due: this test never moved
     * next_due), which are then in flight */
    assert_int_equal(store_claim(s2, "w2", 103, 163, 5, 2, a, &f, &n, &err), 0);
    assert_int_equal(n, 2);
    /* w1 dies; at 170 its leases have expired: w2 takes its hosts */
    assert_int_equal(store_claim(s2, "w2", 170, 230, 5, 2, a, &f, &n, &err), 0);
    assert_int_equal(n, 6); /* every lease has expired: 3 hosts, 2 due feeds of each */
    bool taken = false;
    for (size_t i = 0; i < n; i++)
        taken |= f[i].id != w2_feed;
    assert_true(taken);
    /* w1 comes back: its feeds are no longer its own */
    assert_int_equal(store_begin(s1, &err), 0);
    assert_int_equal(store_claim_hold(s1, f[0].id, "w1", &err), 0);
    store_rollback(s1);
    /* renew and end */
    assert_int_equal(store_claim_renew(s2, "w2", 400, &err), 0);
    store_worker_stats ws;
    assert_int_equal(store_get_worker_stats(s1, 300, 0, &ws, &err), 0);
    assert_true(ws.leases >= 6); /* and its older claims not taken over: all renewed */
    assert_int_equal(store_claim_end(s2, "w2", &err), 0);
    assert_int_equal(store_get_worker_stats(s1, 300, 0, &ws, &err), 0);
    assert_int_equal(ws.leases, 0);
    assert_int_equal(store_worker_seen(s1, "w1", 300, &err), 0);
    assert_int_equal(store_worker_seen(s2, "w2", 300, &err), 0);
    assert_int_equal(store_worker_seen(s2, "w2", 301, &err), 0);
    assert_int_equal(store_get_worker_stats(s1, 302, 0, &ws, &err), 0);
    assert_int_equal(ws.workers, 2);
    assert_int_equal(store_get_worker_stats(s1, 302 + 3600, 0, &ws, &err), 0);
    assert_int_equal(ws.workers, 0);
    arena_free(a);
    store_close(s1);
    store_close(s2);
}

static void test_posts_are_read_back_in_commit_order_and_rewrites_move_up(void **state)
{
    (void)state;
    store *s = open_store();
    nm_error err;
    arena *a = arena_new(0);
    assert_int_equal(store_begin(s, &err), 0);
    assert_int_equal(store_post_put(s, "source/_posts/a.md", "A1", 2, 10, &err), 0);
    assert_int_equal(store_post_put(s, "source/_posts/b.md", "B1", 2, 11, &err), 0);
    assert_int_equal(store_commit(s, &err), 0);
    assert_int_equal(store_post_put(s, "source/_posts/a.md", "A2\xe2\x80\x94", 5, 12, &err), 0);
    assert_int_equal(store_post_put(s, "source/_posts/n.md", "x\0y", 3, 12, &err), -1);
    store_post *p;
    size_t n;
    assert_int_equal(store_posts_after(s, 0, 10, a, &p, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(p[0].path, "source/_posts/b.md");
    assert_string_equal(p[1].path, "source/_posts/a.md");
    assert_string_equal(p[1].bytes, "A2\xe2\x80\x94");
    assert_int_equal(p[1].len, 5);
    assert_true(p[1].seq > p[0].seq);
    int64_t last = p[1].seq;
    assert_int_equal(store_posts_after(s, p[0].seq, 10, a, &p, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(store_posts_after(s, last, 10, a, &p, &n, &err), 0);
    assert_int_equal(n, 0);
    store_worker_stats ws;
    assert_int_equal(store_get_worker_stats(s, 100, last - 1, &ws, &err), 0);
    assert_int_equal(ws.posts, 2);
    assert_int_equal(ws.unsynced, 1);
    assert_int_equal(ws.oldest_unsynced, 12);
    arena_free(a);
    store_close(s);
}

/* What psql says about the database of this test. */
static long psql_count(const char *sql)
{
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "psql -qtA '%s' -c \"%s\"", pg_url, sql);
    FILE *p = popen(cmd, "r");
    char line[64] = "";
    if (!p || !fgets(line, sizeof(line), p))
        line[0] = 0;
    if (p)
        pclose(p);
    return line[0] ? atol(line) : -1;
}

static void test_story_locks_are_one_per_band_value_until_the_end_of_the_unit(void **state)
{
    (void)state;
    store *s = open_store();
    nm_error err;
    /* band 0 of both is 0x4444: 7 locks, not 8; a 0 hash takes none */
    uint64_t h[] = {0x1111222233334444ull, 0, 0x9999aaaabbbb4444ull};
    assert_int_equal(store_begin(s, &err), 0);
    assert_int_equal(store_lock_stories(s, h, 3, &err), 0);
    assert_int_equal(psql_count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                                " AND classid = 28269"), 7);
    assert_int_equal(psql_count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                                " AND classid = 28269 AND objid = 17476"), 1); /* 0 << 16 | 0x4444 */
    assert_int_equal(store_commit(s, &err), 0);
    assert_int_equal(psql_count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"), 0);
    store_close(s);
}

static void test_posts_and_hosts_move_with_the_dump_and_leases_do_not(void **state)
{
    (void)state;
    store *s = open_store();
    nm_error err;
    register_feeds(s, 2, 2);
    arena *a = arena_new(0);
    store_feed *f;
    size_t n;
    assert_int_equal(store_claim(s, "w1", 100, 160, 2, 2, a, &f, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(store_post_put(s, "source/_posts/a.md", "A", 1, 10, &err), 0);
    assert_int_equal(store_post_put(s, "source/_posts/b.md", "B\n", 2, 11, &err), 0);
    char *first = dump(s);
    assert_non_null(strstr(first, "\"host\":\"h0.example\"}\n"));
    assert_non_null(strstr(first, "{\"table\":\"posts\",\"seq\":2,\"path\":\"source/_posts/b.md\","
                                  "\"bytes\":\"B\\n\",\"written\":11}\n"));
    assert_null(strstr(first, "w1"));
    store *t = open_second_store();
    FILE *in = fmemopen(first, strlen(first), "r");
    assert_int_equal(store_import(t, in, "dump.jsonl", &err), 0);
    fclose(in);
    char *second = dump(t);
    assert_string_equal(first, second);
    /* sequence numbers go on after the imported ones */
    assert_int_equal(store_post_put(t, "source/_posts/c.md", "C", 1, 12, &err), 0);
    store_post *p;
    assert_int_equal(store_posts_after(t, 2, 10, a, &p, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(p[0].seq, 3);
    free(first);
    free(second);
    arena_free(a);
    store_close(t);
    store_close(s);
}

int main(void)
{
#define BOTH(X)                                                                                 \
    X(test_open_creates_the_database_at_the_latest_schema)                                      \
    X(test_feed_state_round_trips)                                                              \
    X(test_items_are_known_by_ident_and_by_alias)                                               \
    X(test_similar_finds_three_bit_neighbours_of_other_feeds_in_the_window)                     \
    X(test_savepoint_rolls_back_one_unit_and_keeps_the_rest)                                    \
    X(test_pages_due_failed_done_and_forgotten_with_their_item)                                 \
    X(test_post_images_due_failed_done_and_image_urls_remembered)                               \
    X(test_a_failed_statement_in_a_unit_leaves_the_transaction_usable)                          \
    X(test_long_urls_idents_links_and_paths_are_stored_and_found)                               \
    X(test_stats_count_feeds_due_failing_items_and_pages)                                       \
    X(test_export_then_import_into_a_new_store_gives_the_same_dump)                             \
    X(test_import_refuses_a_store_that_is_not_empty_and_a_bad_dump)
#define CASE(name) cmocka_unit_test_setup_teardown(name, setup, teardown),
    const struct CMUnitTest sqlite_tests[] = {
        BOTH(CASE)
        cmocka_unit_test_setup_teardown(test_open_fails_clearly_on_a_file_that_is_not_a_database, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config_chooses_the_store_and_names_a_bad_setting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_an_unreachable_server_is_named_without_its_password, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sqlite_refuses_worker_calls_by_name, setup, teardown),
    };
    const struct CMUnitTest pg_tests[] = {
        BOTH(CASE)
        cmocka_unit_test_setup_teardown(test_claims_lease_hosts_to_one_worker_and_expire, setup, teardown),
        cmocka_unit_test_setup_teardown(test_posts_and_hosts_move_with_the_dump_and_leases_do_not, setup, teardown),
        cmocka_unit_test_setup_teardown(test_posts_are_read_back_in_commit_order_and_rewrites_move_up, setup, teardown),
        cmocka_unit_test_setup_teardown(test_story_locks_are_one_per_band_value_until_the_end_of_the_unit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hosts_are_leased_for_pages_one_worker_at_a_time_and_freed_later, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_kept_post_is_read_with_its_seq_and_the_last_seq_is_known, setup, teardown),
    };
    int failed = cmocka_run_group_tests_name("sqlite", sqlite_tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("postgresql", pg_tests, pg_group_setup, pg_group_teardown);
    return failed;
}
