/*
 * test_util.c — arena, nm_buf caps, string views, UTF-8 validation,
 * nm_error formatting, hashing and the thread pool.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

static void test_arena_strings_survive_until_free(void **state)
{
    (void)state;
    arena *a = arena_new(128);
    char *s[200];
    for (int i = 0; i < 200; i++)
        s[i] = arena_printf(a, "item-%d", i);
    char *big = arena_alloc(a, 10000); /* larger than a block */
    memset(big, 'x', 10000);
    for (int i = 0; i < 200; i++) {
        char want[32];
        snprintf(want, sizeof(want), "item-%d", i);
        assert_string_equal(s[i], want);
    }
    assert_true(arena_used(a) >= 10000);
    arena_reset(a);
    assert_int_equal(arena_used(a), 0);
    assert_string_equal(arena_strdup(a, "again"), "again");
    assert_null(arena_strdup(a, NULL));
    arena_free(a);
}

static void test_arena_alignment_is_16(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    for (int i = 1; i < 50; i++)
        assert_int_equal((uintptr_t)arena_alloc(a, (size_t)i) % 16, 0);
    arena_free(a);
}

static void test_buf_append_past_cap_fails_and_poisons(void **state)
{
    (void)state;
    nm_buf b;
    buf_init(&b, 10);
    assert_int_equal(buf_puts(&b, "hello"), 0);
    assert_int_equal(buf_puts(&b, "world"), 0);
    assert_false(buf_failed(&b));
    assert_int_equal(buf_putc(&b, '!'), -1);
    /* poisoned: the bytes are gone, later appends are no-ops */
    assert_true(buf_failed(&b));
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(buf_puts(&b, "x"), -1);
    assert_int_equal(buf_printf(&b, "%d", 1), -1);
    assert_string_equal(buf_cstr(&b), "");
    size_t n0 = 99;
    assert_null(buf_detach(&b, &n0));
    assert_int_equal(n0, 0);
    nm_error err;
    nm_error_clear(&err);
    buf_init(&b, 10);
    buf_puts(&b, "0123456789abc");
    assert_int_equal(buf_check(&b, "out.txt", &err), -1);
    assert_string_equal(err.where, "out.txt");
    assert_string_equal(err.msg, "more than 10 bytes; not written");
    buf_reset(&b); /* usable again */
    assert_false(buf_failed(&b));
    assert_string_equal(buf_cstr(&b), "");
    assert_int_equal(buf_printf(&b, "%s-%d", "a", 42), 0);
    assert_string_equal(buf_cstr(&b), "a-42");
    size_t n;
    char *d = buf_detach(&b, &n);
    assert_string_equal(d, "a-42");
    assert_int_equal(n, 4);
    free(d);
    buf_free(&b);
}

static void test_sv_trim_and_lines(void **state)
{
    (void)state;
    str_view v = sv_trim(SV("  \t hi there \r\n"));
    assert_true(sv_eq_cstr(v, "hi there"));
    str_view rest = SV("one\r\ntwo\nthree");
    assert_true(sv_eq_cstr(sv_next_line(&rest), "one"));
    assert_true(sv_eq_cstr(sv_next_line(&rest), "two"));
    assert_true(sv_eq_cstr(sv_next_line(&rest), "three"));
    assert_int_equal(rest.len, 0);
    assert_true(sv_starts_with(SV("---\n"), SV("---")));
    assert_true(sv_ends_with(SV("a.md"), SV(".md")));
    assert_false(sv_ends_with(SV("md"), SV(".md")));
    assert_int_equal(nm_strcasecmp("Content-Type", "content-type"), 0);
    assert_true(nm_strncasecmp("GBK", "gb2312", 2) == 0);
}

static void test_utf8_rejects_overlong_surrogate_and_truncated(void **state)
{
    (void)state;
    assert_true(utf8_valid("新浪财经 ok", strlen("新浪财经 ok")));
    assert_true(utf8_valid("\xF0\x9F\x98\x80", 4));       /* emoji */
    assert_false(utf8_valid("\xC0\xAF", 2));               /* overlong '/' */
    assert_false(utf8_valid("\xED\xA0\x80", 3));           /* surrogate */
    assert_false(utf8_valid("\xF4\x90\x80\x80", 4));       /* > U+10FFFF */
    assert_false(utf8_valid("\xE6\x96", 2));               /* truncated */
    assert_int_equal(utf8_first_invalid("ab\xFF", 3), 2);
}

static void test_error_format_names_place(void **state)
{
    (void)state;
    nm_error e;
    char out[256];
    assert_int_equal(nm_fail(&e, "source/_posts/a.md", 3, "bad %s", "date"), -1);
    assert_string_equal(nm_error_format(&e, out, sizeof(out)), "source/_posts/a.md:3: bad date");
    nm_fail(&e, "https://x.example/feed", 0, "HTTP 500");
    assert_string_equal(nm_error_format(&e, out, sizeof(out)), "https://x.example/feed: HTTP 500");
    nm_error_clear(&e);
    assert_string_equal(nm_error_format(&e, out, sizeof(out)), "");
    assert_int_equal(nm_fail(NULL, "x", 1, "ignored"), -1);
}

static void test_hash64_is_stable(void **state)
{
    (void)state;
    char hex[17];
    /* XXH64("", seed 0) is a published constant. */
    hash64_hex(hash64("", 0, 0), hex);
    assert_string_equal(hex, "ef46db3751d8e999");
    assert_int_not_equal(hash64_pair("a", "bc"), hash64_pair("ab", "c"));
    assert_int_equal(hash64_pair("u", "id"), hash64_pair("u", "id"));
}

static void add_one(size_t i, int worker, void *ctx)
{
    (void)worker;
    atomic_long *sum = ctx;
    atomic_fetch_add(sum, (long)i);
}

static void test_pool_for_visits_every_index_once(void **state)
{
    (void)state;
    pool *p = pool_new(3);
    assert_int_equal(pool_size(p), 3);
    atomic_long sum;
    atomic_init(&sum, 0);
    pool_for(p, 10000, add_one, &sum);
    assert_int_equal(atomic_load(&sum), 10000L * 9999 / 2);
    atomic_store(&sum, 0);
    pool_for(NULL, 100, add_one, &sum);
    assert_int_equal(atomic_load(&sum), 4950);
    pool_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena_strings_survive_until_free),
        cmocka_unit_test(test_arena_alignment_is_16),
        cmocka_unit_test(test_buf_append_past_cap_fails_and_poisons),
        cmocka_unit_test(test_sv_trim_and_lines),
        cmocka_unit_test(test_utf8_rejects_overlong_surrogate_and_truncated),
        cmocka_unit_test(test_error_format_names_place),
        cmocka_unit_test(test_hash64_is_stable),
        cmocka_unit_test(test_pool_for_visits_every_index_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
