/*
 * test_dl.c — dl_load: a library's functions at run time, and the clear
 * error when the library or one of its functions is not there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "util/util.h"

static void test_loads_the_first_library_that_exists(void **state)
{
    (void)state;
    double (*cos_fn)(double) = NULL;
    size_t (*strlen_fn)(const char *) = NULL;
    const char *const libs[] = {"libnewsmill-no-such-lib.so.9", "libm.so.6", NULL};
    const char *const names[] = {"cos", "strlen", NULL}; /* libm needs libc */
    void **const slots[] = {(void **)&cos_fn, (void **)&strlen_fn, NULL};
    dl_table t = {"libm", "libc6", libs, names, slots};
    nm_error err;
    nm_error_clear(&err);
    assert_int_equal(dl_load(&t, &err), 0);
    assert_non_null(cos_fn);
    assert_true(cos_fn(0.0) == 1.0);
    assert_int_equal(strlen_fn("abc"), 3);
}

static void test_a_missing_library_names_the_package(void **state)
{
    (void)state;
    void *f = NULL;
    const char *const libs[] = {"libnewsmill-no-such-lib.so.9", NULL};
    const char *const names[] = {"nothing", NULL};
    void **const slots[] = {&f, NULL};
    dl_table t = {"libnothing", "libnothing9", libs, names, slots};
    nm_error err;
    nm_error_clear(&err);
    assert_int_equal(dl_load(&t, &err), -1);
    assert_non_null(strstr(err.msg, "cannot load libnothing ("));
    assert_non_null(strstr(err.msg, "install the libnothing9 package"));
}

static void test_a_missing_function_is_named(void **state)
{
    (void)state;
    void *f = NULL, *g = NULL;
    const char *const libs[] = {"libm.so.6", NULL};
    const char *const names[] = {"cos", "newsmill_no_such_function", NULL};
    void **const slots[] = {&f, &g, NULL};
    dl_table t = {"libm", "libc6", libs, names, slots};
    nm_error err;
    nm_error_clear(&err);
    assert_int_equal(dl_load(&t, &err), -1);
    assert_string_equal(err.msg, "the libm found has no newsmill_no_such_function (too old?)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loads_the_first_library_that_exists),
        cmocka_unit_test(test_a_missing_library_names_the_package),
        cmocka_unit_test(test_a_missing_function_is_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
