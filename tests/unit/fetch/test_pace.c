/*
 * test_pace.c — per-host pacing: connections per host, the interval
 * between starts, Retry-After, and requests refused when a host asks to
 * wait longer than the call may.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "fetch/fetch_int.h"

static fetch_opts opts(long interval_ms, long max_wait)
{
    fetch_opts o;
    fetch_opts_default(&o);
    o.host_interval_ms = interval_ms;
    o.max_wait = max_wait;
    return o;
}

static void test_two_per_host_and_starts_spaced_by_the_interval(void **state)
{
    (void)state;
    fetch_request r[] = {{.url = "http://a.example/1"}, {.url = "http://A.example:80/2"},
                         {.url = "http://a.example/3"}, {.url = "http://b.example/1"}};
    fetch_opts o = opts(100, 10);
    pace *p = pace_new(r, 4, &o);
    size_t i;
    int64_t wait_ms, wait_s;
    assert_int_equal(pace_next(p, 1000, &i, &wait_ms, &wait_s), PACE_START);
    assert_int_equal(i, 0);
    /* a.example must wait 100 ms; b.example may start now. */
    assert_int_equal(pace_next(p, 1000, &i, &wait_ms, &wait_s), PACE_START);
    assert_int_equal(i, 3);
    assert_int_equal(pace_next(p, 1050, &i, &wait_ms, &wait_s), PACE_WAIT);
    assert_int_equal(wait_ms, 50);
    assert_int_equal(pace_next(p, 1100, &i, &wait_ms, &wait_s), PACE_START);
    assert_int_equal(i, 1); /* the same host, whatever its spelling */
    /* Two of a.example are running: the third waits for one to end. */
    assert_int_equal(pace_next(p, 5000, &i, &wait_ms, &wait_s), PACE_WAIT);
    assert_int_equal(wait_ms, -1);
    pace_done(p, 0, 5000, -1);
    assert_int_equal(pace_next(p, 5000, &i, &wait_ms, &wait_s), PACE_START);
    assert_int_equal(i, 2);
    assert_int_equal(pace_next(p, 5000, &i, &wait_ms, &wait_s), PACE_EMPTY);
    pace_free(p);
}

static void test_retry_after_holds_the_host_back_or_refuses_its_requests(void **state)
{
    (void)state;
    fetch_request r[] = {{.url = "http://a.example/1"}, {.url = "http://a.example/2"},
                         {.url = "http://c.example/1"}, {.url = "http://c.example/2"}};
    fetch_opts o = opts(0, 30);
    pace *p = pace_new(r, 4, &o);
    size_t i;
    int64_t wait_ms, wait_s;
    assert_int_equal(pace_next(p, 0, &i, &wait_ms, &wait_s), PACE_START); /* a/1 */
    pace_done(p, i, 10, 2);                                                /* 503, 2 s */
    assert_int_equal(pace_next(p, 10, &i, &wait_ms, &wait_s), PACE_START);
    assert_int_equal(i, 2); /* c.example is not held back */
    pace_done(p, i, 20, 120); /* 429, 2 minutes: more than max_wait */
    assert_int_equal(pace_next(p, 20, &i, &wait_ms, &wait_s), PACE_REFUSE);
    assert_int_equal(i, 3);
    assert_int_equal(wait_s, 120);
    assert_int_equal(pace_next(p, 20, &i, &wait_ms, &wait_s), PACE_WAIT);
    assert_int_equal(wait_ms, 1990);
    assert_int_equal(pace_next(p, 2010, &i, &wait_ms, &wait_s), PACE_START);
    assert_int_equal(i, 1);
    pace_free(p);
}

static void test_hosts_remember_the_interval_and_retry_after_across_calls(void **state)
{
    (void)state;
    fetch_request r1[] = {{.url = "http://a.example/1"}, {.url = "http://b.example/1"}};
    fetch_request r2[] = {{.url = "http://a.example/2"}, {.url = "http://b.example/2"}};
    fetch_opts o = opts(300, 30);
    o.hosts = fetch_hosts_new();
    pace *p = pace_new(r1, 2, &o);
    size_t i;
    int64_t wait_ms, wait_s;
    assert_int_equal(pace_next(p, 1000, &i, &wait_ms, &wait_s), PACE_START);
    assert_int_equal(pace_next(p, 1000, &i, &wait_ms, &wait_s), PACE_START);
    pace_done(p, 0, 1010, -1);
    pace_done(p, 1, 1010, 5); /* b.example: Retry-After 5 s */
    pace_free(p);
    p = pace_new(r2, 2, &o); /* the next round */
    assert_int_equal(pace_next(p, 1100, &i, &wait_ms, &wait_s), PACE_WAIT);
    assert_int_equal(wait_ms, 200);
    assert_int_equal(pace_next(p, 1300, &i, &wait_ms, &wait_s), PACE_START);
    assert_int_equal(i, 0);
    assert_int_equal(pace_next(p, 1300, &i, &wait_ms, &wait_s), PACE_WAIT);
    assert_int_equal(wait_ms, 4710);
    pace_free(p);
    fetch_hosts_free(o.hosts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_per_host_and_starts_spaced_by_the_interval),
        cmocka_unit_test(test_retry_after_holds_the_host_back_or_refuses_its_requests),
        cmocka_unit_test(test_hosts_remember_the_interval_and_retry_after_across_calls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
