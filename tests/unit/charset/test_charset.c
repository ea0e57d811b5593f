/*
 * test_charset.c — the charset module: the order of the evidence (BOM,
 * HTTP label, declared label, detection), the WHATWG labels, detection of
 * undeclared CJK text, and the repair of double-encoded text. Each test
 * asserts the exact text and how the document was read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <iconv.h>
#include <pthread.h>
#include <string.h>

#include "charset/charset.h"

static arena *A;

static const char *to_utf8(const char *bytes, size_t len, const char *http, const char *decl,
                           charset_info *info)
{
    const char *out;
    size_t n;
    charset_to_utf8(A, bytes, len, http, decl, &out, &n, info);
    return arena_strndup(A, out, n);
}

static void test_labels_follow_whatwg(void **state)
{
    (void)state;
    char tmp[64];
    assert_string_equal(charset_label("ISO-8859-1", tmp, sizeof(tmp)), "WINDOWS-1252");
    assert_string_equal(charset_label("latin1", tmp, sizeof(tmp)), "WINDOWS-1252");
    assert_string_equal(charset_label(" \"us-ascii\" ", tmp, sizeof(tmp)), "WINDOWS-1252");
    assert_string_equal(charset_label("GB2312", tmp, sizeof(tmp)), "GB18030");
    assert_string_equal(charset_label("gbk", tmp, sizeof(tmp)), "GB18030");
    assert_string_equal(charset_label("Shift_JIS", tmp, sizeof(tmp)), "CP932");
    assert_string_equal(charset_label("EUC-KR", tmp, sizeof(tmp)), "CP949");
    assert_string_equal(charset_label("big5", tmp, sizeof(tmp)), "CP950");
    assert_null(charset_label("UTF8", tmp, sizeof(tmp)));
    /* unknown to the table: handed to iconv as it is, lowercased */
    assert_string_equal(charset_label("ISO-8859-2", tmp, sizeof(tmp)), "iso-8859-2");
}

static void test_latin1_label_reads_windows_1252_quotes(void **state)
{
    (void)state;
    charset_info info;
    const char *s = to_utf8("don\x92t \x93test.\x94", 13, NULL, "iso-8859-1", &info);
    assert_string_equal(s, "don’t “test.”");
    assert_false(info.bozo);
    assert_string_equal(info.name, "WINDOWS-1252");
    assert_string_equal(info.source, "declared");
}

static void test_http_label_wins_over_declared(void **state)
{
    (void)state;
    charset_info info;
    const char *s = to_utf8("\xD0\xC2\xCE\xC5", 4, "gbk", "utf-8", &info);
    assert_string_equal(s, "新闻");
    assert_false(info.bozo);
    assert_string_equal(info.source, "http");
}

static void test_unknown_http_label_falls_to_declared(void **state)
{
    (void)state;
    charset_info info;
    const char *s = to_utf8("\xD0\xC2\xCE\xC5", 4, "x-made-up", "gb2312", &info);
    assert_string_equal(s, "新闻");
    assert_true(info.bozo);
    assert_string_equal(info.reason, "unknown encoding 'x-made-up'");
    assert_string_equal(info.source, "declared");
}

static void test_valid_utf8_is_not_copied(void **state)
{
    (void)state;
    const char *in = "<p>新闻 café</p>";
    const char *out;
    size_t n;
    charset_info info;
    charset_to_utf8(A, in, strlen(in), NULL, NULL, &out, &n, &info);
    assert_ptr_equal(out, in);
    assert_int_equal(n, strlen(in));
    assert_false(info.bozo);
    assert_string_equal(info.source, "default");
}

static void test_bad_utf8_after_bom_is_replaced_not_guessed(void **state)
{
    (void)state;
    charset_info info;
    /* GBK bytes after a UTF-8 BOM: the BOM is believed, the bytes replaced */
    const char *s = to_utf8("\xEF\xBB\xBF" "ok \xD0\xC2\xCE\xC5", 10, NULL, NULL, &info);
    assert_string_equal(s, "ok \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    assert_true(info.bozo);
    assert_string_equal(info.name, "UTF-8");
    assert_string_equal(info.source, "bom");
    assert_string_equal(info.reason, "invalid UTF-8 after a UTF-8 byte-order mark at byte 6; 4 bad bytes replaced");
}

/* A label iconv reads as UTF-8 but WHATWG does not: glibc's UTF-8 passes
 * the old 6-byte forms through, which must not reach the text. */
static void test_iconv_utf8_label_gives_utf8(void **state)
{
    (void)state;
    charset_info info;
    const char *s = to_utf8("a\xE8\xEA\xFD\xA4\xA8\xA4\xBF\xA4", 9, NULL, "utf8\x90", &info);
    assert_true(utf8_valid(s, strlen(s)));
    assert_true(!strncmp(s, "a\xEF\xBF\xBD", 4));
    assert_true(info.bozo);
}

static void test_legacy_label_over_utf8_is_utf8(void **state)
{
    (void)state;
    charset_info info;
    const char *s = to_utf8("Crème", 6, NULL, "iso-8859-1", &info);
    assert_string_equal(s, "Crème");
    assert_true(info.bozo);
    assert_string_equal(info.reason, "document declared as iso-8859-1 is UTF-8");
}

/* "서울 아파트값 3주 연속 상승. 한국부동산원에 따르면 이번 주 서울 아파트
 * 매매가격은 지난주보다 올랐다." in EUC-KR, with nothing declared */
static void test_undeclared_euc_kr_is_detected(void **state)
{
    (void)state;
    const char *utf8 = "<title>서울 아파트값 3주 연속 상승</title><p>한국부동산원에 따르면 이번 주 서울 "
                       "아파트 매매가격은 지난주보다 올랐다. 정부는 내년도 예산안을 확정해 국회에 제출했다.</p>";
    const char *out;
    size_t n;
    charset_info info;
    charset_to_utf8(A, utf8, strlen(utf8), NULL, NULL, &out, &n, &info);
    assert_false(info.bozo);
    char euckr[512];
    size_t k = 0;
    { /* iconv UTF-8 -> CP949 */
        iconv_t cd = iconv_open("CP949", "UTF-8");
        char *in = (char *)utf8, *o = euckr;
        size_t inleft = strlen(utf8), outleft = sizeof(euckr);
        assert_int_not_equal(iconv(cd, &in, &inleft, &o, &outleft), (size_t)-1);
        iconv_close(cd);
        k = (size_t)(o - euckr);
    }
    const char *s = to_utf8(euckr, k, NULL, NULL, &info);
    assert_string_equal(s, utf8);
    assert_true(info.bozo);
    assert_string_equal(info.source, "detected");
    assert_string_equal(info.name, "CP949");
    assert_string_equal(info.reason, "document without a declared encoding is not UTF-8; detected as CP949");
}

static void test_detect_says_nothing_for_utf8(void **state)
{
    (void)state;
    char name[40];
    const char *s = "plain ASCII and UTF-8: café";
    assert_false(charset_detect(s, strlen(s), name, sizeof(name)));
}

static void test_double_encoded_text_is_repaired(void **state)
{
    (void)state;
    size_t n;
    /* "It’s done…" encoded as UTF-8, read as windows-1252, encoded again */
    char *s = charset_fix_double_utf8(A, "It\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s done\xC3\xA2\xE2\x82\xAC\xC2\xA6",
                                      23, &n);
    assert_non_null(s);
    assert_string_equal(s, "It’s done…");
    assert_int_equal(n, strlen("It’s done…"));
    assert_string_equal(charset_fix_double_utf8(A, "CafÃ©", strlen("CafÃ©"), NULL), "Café");
    /* ” is E2 80 9D: 0x9D is undefined in windows-1252 and was read as
     * the C1 control U+009D, as browsers do */
    const char *quoted = "\xC3\xA2\xE2\x82\xAC\xC5\x93x\xC3\xA2\xE2\x82\xAC\xC2\x9D";
    assert_string_equal(charset_fix_double_utf8(A, quoted, strlen(quoted), NULL), "“x”");
}

static void test_real_latin_text_is_not_repaired(void **state)
{
    (void)state;
    /* real accents: windows-1252 bytes that are not UTF-8 */
    assert_null(charset_fix_double_utf8(A, "Café Ãœber", strlen("Café Ãœber"), NULL));
    assert_null(charset_fix_double_utf8(A, "Crème brûlée", strlen("Crème brûlée"), NULL));
    assert_null(charset_fix_double_utf8(A, "新闻", strlen("新闻"), NULL));
    /* a character windows-1252 lacks: not double-encoded */
    assert_null(charset_fix_double_utf8(A, "CafÃ© 新", strlen("CafÃ© 新"), NULL));
}

/* Detection and conversion on several threads at once: each call has its
 * own arena, iconv and uchardet handles (run under TSan by make test). */
static void *detect_in_thread(void *arg)
{
    (void)arg;
    static const char euckr[] = "\xBC\xAD\xBF\xEF \xBE\xC6\xC6\xC4\xC6\xAE\xB0\xAA 3\xC1\xD6 "
                                "\xBF\xAC\xBC\xD3 \xBB\xF3\xBD\xC2"; /* 서울 아파트값 3주 연속 상승 */
    for (int i = 0; i < 20; i++) {
        arena *a = arena_new(0);
        const char *out;
        size_t n;
        charset_info info;
        charset_to_utf8(a, euckr, sizeof(euckr) - 1, NULL, NULL, &out, &n, &info);
        bool right = strcmp(arena_strndup(a, out, n), "서울 아파트값 3주 연속 상승") == 0;
        arena_free(a);
        if (!right)
            return (void *)1;
    }
    return NULL;
}

static void test_detection_is_thread_safe(void **state)
{
    (void)state;
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, detect_in_thread, NULL);
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        assert_null(r);
    }
}

int main(void)
{
    A = arena_new(0);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_labels_follow_whatwg),
        cmocka_unit_test(test_latin1_label_reads_windows_1252_quotes),
        cmocka_unit_test(test_http_label_wins_over_declared),
        cmocka_unit_test(test_unknown_http_label_falls_to_declared),
        cmocka_unit_test(test_valid_utf8_is_not_copied),
        cmocka_unit_test(test_bad_utf8_after_bom_is_replaced_not_guessed),
        cmocka_unit_test(test_iconv_utf8_label_gives_utf8),
        cmocka_unit_test(test_legacy_label_over_utf8_is_utf8),
        cmocka_unit_test(test_undeclared_euc_kr_is_detected),
        cmocka_unit_test(test_detect_says_nothing_for_utf8),
        cmocka_unit_test(test_double_encoded_text_is_repaired),
        cmocka_unit_test(test_real_latin_text_is_not_repaired),
        cmocka_unit_test(test_detection_is_thread_safe),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    arena_free(A);
    return rc;
}
