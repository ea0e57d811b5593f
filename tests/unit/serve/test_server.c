/*
 * test_server.c — serve_start/serve_stop as a library: the errors it
 * reports and that stopping gives back the port and every descriptor.
 * (What the server answers is tested end to end in tests/e2e/serve.sh.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve/serve.h"

static int open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    assert_non_null(d);
    int n = 0;
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

static void test_stop_releases_the_port_and_every_descriptor(void **state)
{
    (void)state;
    int before = open_fds();
    nm_error err;
    serve_options o = {.root = ".", .port = 0};
    serve_server *s = serve_start(&o, &err);
    assert_non_null(s);
    int port = serve_port(s);
    assert_true(port > 0);
    char want[64];
    snprintf(want, sizeof(want), "http://127.0.0.1:%d/", port);
    assert_string_equal(serve_url(s), want);
    serve_stop(s);
    assert_int_equal(open_fds(), before);
    /* the same port binds again at once */
    o.port = port;
    s = serve_start(&o, &err);
    assert_non_null(s);
    serve_stop(s);
    serve_stop(NULL);
}

static void test_port_in_use_names_the_address(void **state)
{
    (void)state;
    nm_error err;
    serve_options o = {.root = ".", .port = 0};
    serve_server *s = serve_start(&o, &err);
    assert_non_null(s);
    o.port = serve_port(s);
    assert_null(serve_start(&o, &err));
    char where[64];
    snprintf(where, sizeof(where), "127.0.0.1:%d", o.port);
    assert_string_equal(err.where, where);
    assert_string_equal(err.msg, "address already in use; stop the other server or choose "
                                 "another port with -p PORT (-p 0 picks a free one)");
    serve_stop(s);
}

static void test_missing_root_says_to_build(void **state)
{
    (void)state;
    nm_error err;
    serve_options o = {.root = "/nonexistent/public", .port = 0};
    assert_null(serve_start(&o, &err));
    assert_string_equal(err.where, "/nonexistent/public");
    assert_string_equal(err.msg, "no such directory; run 'newsmill build' first");
}

static void test_ipv6_loopback_url_has_brackets(void **state)
{
    (void)state;
    nm_error err;
    serve_options o = {.root = ".", .bind = "::1", .port = 0};
    serve_server *s = serve_start(&o, &err);
    if (!s)
        skip(); /* no IPv6 on this machine */
    char want[64];
    snprintf(want, sizeof(want), "http://[::1]:%d/", serve_port(s));
    assert_string_equal(serve_url(s), want);
    serve_stop(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stop_releases_the_port_and_every_descriptor),
        cmocka_unit_test(test_port_in_use_names_the_address),
        cmocka_unit_test(test_missing_root_says_to_build),
        cmocka_unit_test(test_ipv6_loopback_url_has_brackets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
