/*
 * test_fsio.c — atomic writes, whole-file reads and their errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util.h"

static char dir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/nm-fsio-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd);
}

static void test_write_atomic_creates_parents_and_leaves_no_temp(void **state)
{
    (void)state;
    char path[400], sub[400];
    nm_error err;
    snprintf(path, sizeof(path), "%s/a/b/c/post.md", dir);
    assert_int_equal(fs_write_atomic(path, "one", 3, &err), 0);
    assert_int_equal(fs_write_atomic(path, "second", 6, &err), 0);
    nm_buf b;
    buf_init(&b, 1024);
    assert_int_equal(fs_read_file(path, 1024, &b, &err), 0);
    assert_string_equal(buf_cstr(&b), "second");
    buf_free(&b);
    snprintf(sub, sizeof(sub), "%s/a/b/c", dir);
    DIR *d = opendir(sub);
    assert_non_null(d);
    int entries = 0;
    struct dirent *de;
    while ((de = readdir(d)))
        if (de->d_name[0] != '.' || fs_is_temp_name(de->d_name))
            entries++;
    closedir(d);
    assert_int_equal(entries, 1);
}

static void test_read_file_errors_name_the_file(void **state)
{
    (void)state;
    nm_error err;
    nm_buf b;
    buf_init(&b, 8);
    char path[400];
    snprintf(path, sizeof(path), "%s/missing.md", dir);
    assert_int_equal(fs_read_file(path, 8, &b, &err), -1);
    assert_string_equal(err.where, path);
    assert_non_null(strstr(err.msg, "cannot open"));
    assert_int_equal(fs_read_file(dir, 8, &b, &err), -1);
    assert_non_null(strstr(err.msg, "is a directory"));
    snprintf(path, sizeof(path), "%s/big.md", dir);
    assert_int_equal(fs_write_atomic(path, "0123456789", 10, &err), 0);
    assert_int_equal(fs_read_file(path, 8, &b, &err), -1);
    assert_non_null(strstr(err.msg, "too large"));
    assert_int_equal(b.len, 0);
    buf_free(&b);
}

static void test_temp_names_are_recognised(void **state)
{
    (void)state;
    assert_true(fs_is_temp_name(".abc.md.nmtmp-12-0"));
    assert_false(fs_is_temp_name("abc.md"));
    assert_false(fs_is_temp_name(".hidden"));
}

static void test_temp_path_is_beside_the_file_and_unique(void **state)
{
    (void)state;
    char a[256], b[256], small[8];
    assert_int_equal(fs_temp_path("site/source/_posts/0123abcd.md", a, sizeof(a)), 0);
    assert_int_equal(fs_temp_path("site/source/_posts/0123abcd.md", b, sizeof(b)), 0);
    assert_string_not_equal(a, b);
    assert_int_equal(strncmp(a, "site/source/_posts/.0123abcd.md.nmtmp-", 38), 0);
    assert_true(fs_is_temp_name(strrchr(a, '/') + 1));
    assert_int_equal(fs_temp_path("x.md", a, sizeof(a)), 0);
    assert_int_equal(strncmp(a, ".x.md.nmtmp-", 12), 0);
    assert_int_equal(fs_temp_path("x.md", small, sizeof(small)), -1);
}

/* fs_pread_all reads from an offset, and says how much when the file
 * ends first. */
static void test_pread_all_stops_at_the_end(void **state)
{
    (void)state;
    char path[300], got[16];
    snprintf(path, sizeof path, "%s/pread", dir);
    nm_error err;
    assert_int_equal(fs_write_atomic(path, "0123456789", 10, &err), 0);
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(fs_pread_all(fd, got, 4, 3), 4);
    assert_memory_equal(got, "3456", 4);
    assert_int_equal(fs_pread_all(fd, got, 8, 6), 4);
    assert_memory_equal(got, "6789", 4);
    assert_int_equal(fs_pread_all(fd, got, 8, 10), 0);
    close(fd);
    assert_int_equal(fs_pread_all(-1, got, 8, 0), 0);
}

static void test_mkdirs_refuses_a_file_in_the_way(void **state)
{
    (void)state;
    char path[400];
    nm_error err;
    snprintf(path, sizeof(path), "%s/file", dir);
    assert_int_equal(fs_write_atomic(path, "x", 1, &err), 0);
    snprintf(path, sizeof(path), "%s/file/sub", dir);
    assert_int_equal(fs_mkdirs(path, &err), -1);
    assert_non_null(strstr(err.msg, "not a directory"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_atomic_creates_parents_and_leaves_no_temp),
        cmocka_unit_test(test_read_file_errors_name_the_file),
        cmocka_unit_test(test_temp_names_are_recognised),
        cmocka_unit_test(test_temp_path_is_beside_the_file_and_unique),
        cmocka_unit_test(test_mkdirs_refuses_a_file_in_the_way),
        cmocka_unit_test(test_pread_all_stops_at_the_end),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
