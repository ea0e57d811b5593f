/*
 * test_log.c — log levels, the error line format and the progress bar's
 * rule (drawn on a terminal only, never with --no-progress or -q).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"

/* Runs fn with stderr sent to a temporary file; returns what was written. */
static char *capture_stderr(void (*fn)(void))
{
    static char out[4096];
    char path[] = "/tmp/nm-log-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    dup2(fd, STDERR_FILENO);
    fn();
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    lseek(fd, 0, SEEK_SET);
    ssize_t n = read(fd, out, sizeof(out) - 1);
    out[n > 0 ? n : 0] = '\0';
    close(fd);
    unlink(path);
    return out;
}

static void say_all(void)
{
    log_error("e %d", 1);
    log_warn("w");
    log_info("i");
    log_debug("d");
}

static void test_levels_filter_messages(void **state)
{
    (void)state;
    log_set_level(LOG_QUIET);
    assert_string_equal(capture_stderr(say_all), "newsmill: error: e 1\n");
    log_set_level(LOG_NORMAL);
    assert_string_equal(capture_stderr(say_all),
                        "newsmill: error: e 1\nnewsmill: warning: w\nnewsmill: i\n");
    log_set_level(LOG_VERBOSE);
    assert_string_equal(capture_stderr(say_all),
                        "newsmill: error: e 1\nnewsmill: warning: w\nnewsmill: i\nnewsmill: d\n");
    log_set_level(LOG_NORMAL);
}

static void say_nm_error(void)
{
    nm_error e;
    nm_fail(&e, "feeds.yml", 12, "unknown key 'intervall'");
    log_nm_error(&e);
}

static void test_nm_error_printed_with_place(void **state)
{
    (void)state;
    assert_string_equal(capture_stderr(say_nm_error),
                        "newsmill: error: feeds.yml:12: unknown key 'intervall'\n");
}

static void test_progress_is_silent_off_a_terminal(void **state)
{
    (void)state;
    progress_enable(true);
    /* stderr of the test runner is a file, not a TTY */
    int fd = open("/dev/null", O_WRONLY);
    int saved = dup(STDERR_FILENO);
    dup2(fd, STDERR_FILENO);
    progress *p = progress_start("fetch", 10);
    dup2(saved, STDERR_FILENO);
    close(saved);
    close(fd);
    assert_null(p);
    progress_add(NULL, 1); /* harmless */
    progress_finish(NULL);
}

static void test_progress_draws_on_a_terminal_unless_disabled(void **state)
{
    (void)state;
    int master, slave;
    assert_int_equal(openpty(&master, &slave, NULL, NULL, NULL), 0);
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    dup2(slave, STDERR_FILENO);

    progress_enable(true);
    progress *p = progress_start("build", 4);
    progress_add(p, 2);
    progress_finish(p);
    progress_enable(false);
    progress *off = progress_start("build", 4);
    log_set_level(LOG_QUIET);
    progress_enable(true);
    progress *quiet = progress_start("build", 4);
    log_set_level(LOG_NORMAL);

    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    char out[512] = {0};
    ssize_t n = read(master, out, sizeof(out) - 1);
    close(master);
    close(slave);
    assert_non_null(p);
    assert_null(off);
    assert_null(quiet);
    assert_true(n > 0);
    assert_non_null(strstr(out, "build [############------------] 2/4"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_levels_filter_messages),
        cmocka_unit_test(test_nm_error_printed_with_place),
        cmocka_unit_test(test_progress_is_silent_off_a_terminal),
        cmocka_unit_test(test_progress_draws_on_a_terminal_unless_disabled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
