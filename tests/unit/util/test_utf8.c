/*
 * test_utf8.c — utf8_first_invalid's fast paths (eight ASCII bytes at
 * once, common 3-byte sequences) agree with a plain byte-by-byte
 * reference on random and edge-case input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "util/util.h"

/* The Unicode table 3-7 of well-formed byte sequences, one byte at a time. */
static size_t reference(const unsigned char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        size_t len;
        unsigned lo = 0x80, hi = 0xBF;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            lo = c == 0xE0 ? 0xA0 : 0x80;
            hi = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            lo = c == 0xF0 ? 0x90 : 0x80;
            hi = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return i;
        }
        if (n - i < len || p[i + 1] < lo || p[i + 1] > hi)
            return i;
        for (size_t k = 2; k < len; k++)
            if (p[i + k] < 0x80 || p[i + k] > 0xBF)
                return i;
        i += len;
    }
    return n;
}

static uint64_t state_ = 12345;
static unsigned next_byte(void)
{
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return (unsigned)(state_ >> 24);
}

static void test_fast_paths_agree_with_reference_on_random_bytes(void **state)
{
    (void)state;
    unsigned char buf[64];
    static const unsigned char pool[] = {'a', ' ', '\n', 0x00, 0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xDF,
                                         0xE0, 0xE1, 0xE4, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF4,
                                         0xF5, 0xFF, 0x9F, 0xA0, 0x8F, 0x90, 0xB8, 0xAD};
    for (int iter = 0; iter < 200000; iter++) {
        size_t n = next_byte() % sizeof(buf);
        for (size_t i = 0; i < n; i++)
            buf[i] = pool[next_byte() % sizeof(pool)];
        assert_int_equal(utf8_first_invalid((const char *)buf, n), reference(buf, n));
    }
}

static void test_edges_of_three_byte_fast_path(void **state)
{
    (void)state;
    assert_int_equal(utf8_first_invalid("abcdefgh\xE4\xB8\xAD", 11), 11);   /* 中 */
    assert_int_equal(utf8_first_invalid("abcdefgh\xED\xA0\x80", 11), 8);    /* surrogate */
    assert_int_equal(utf8_first_invalid("\xE0\x80\x80", 3), 0);             /* overlong */
    assert_int_equal(utf8_first_invalid("\xE4\xB8", 2), 0);                 /* cut short */
    assert_int_equal(utf8_first_invalid("\xEF\xBF\xBF" "abcdefgh", 11), 11); /* U+FFFF */
    assert_int_equal(utf8_first_invalid("abcdefg\x80", 8), 7);
}

/* str_num_ref: the numeric character references the feed and HTML fast
 * paths read themselves; str_html_plain_code_point: which of them HTML5
 * reads as themselves. */
static void test_numeric_character_references(void **state)
{
    (void)state;
    unsigned long v;
    assert_int_equal(str_num_ref("&#65;x", 6, 7, &v), 5);
    assert_int_equal(v, 65);
    assert_int_equal(str_num_ref("&#x4E2D;", 8, 7, &v), 8);
    assert_int_equal(v, 0x4E2D);
    assert_int_equal(str_num_ref("&#X4e2d;", 8, 7, &v), 8);
    assert_int_equal(v, 0x4E2D);
    assert_int_equal(str_num_ref("&#;", 3, 7, &v), 0);          /* no digits */
    assert_int_equal(str_num_ref("&#65", 4, 7, &v), 0);         /* no ';' */
    assert_int_equal(str_num_ref("&#x;", 4, 7, &v), 0);
    assert_int_equal(str_num_ref("&#12345678;", 11, 7, &v), 0); /* too many digits */
    assert_int_equal(str_num_ref("&#12345678;", 11, 10, &v), 11);
    assert_int_equal(str_num_ref("&#6a;", 5, 7, &v), 0);        /* hex digit in decimal */
    assert_true(str_html_plain_code_point('A'));
    assert_true(str_html_plain_code_point(0x4E2D));
    assert_true(str_html_plain_code_point(0x1F600));
    assert_false(str_html_plain_code_point(0x0));
    assert_false(str_html_plain_code_point(0xD));               /* CR: newline rules */
    assert_false(str_html_plain_code_point(0x80));              /* windows-1252 remap */
    assert_false(str_html_plain_code_point(0xD800));            /* surrogate */
    assert_false(str_html_plain_code_point(0xFDD0));            /* non-character */
    assert_false(str_html_plain_code_point(0x1FFFE));
    assert_false(str_html_plain_code_point(0x110000));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fast_paths_agree_with_reference_on_random_bytes),
        cmocka_unit_test(test_edges_of_three_byte_fast_path),
        cmocka_unit_test(test_numeric_character_references),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
