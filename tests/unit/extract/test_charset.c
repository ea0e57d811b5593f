/*
 * test_charset.c — an HTML page's bytes become UTF-8: the BOM first, then
 * the HTTP charset, then <meta charset> or http-equiv anywhere in the head
 * (also after 2 KB of scripts and styles, where the HTML standard's
 * 1,024-byte prescan would miss it), then uchardet for undeclared pages
 * (GBK, Big5, EUC-JP, Shift_JIS; bozo, as nothing said so), and bozo
 * when a declaration lies (the reading is charset/'s). The
 * legacy pages are made in the test with iconv from UTF-8 text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <iconv.h>
#include <string.h>

#include "extract/extract.h"

static const char zh_hans[] =
    "新华社北京三月五日电 第十四届全国人民代表大会第二次会议在人民大会堂开幕。国务院总理作政府工作"
    "报告，回顾过去一年的工作，提出今年经济社会发展的主要目标任务。报告指出，要坚持稳中求进工作总基"
    "调，完整、准确、全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展。";
static const char zh_hant[] =
    "中央社記者台北五日電 行政院今天召開院會，通過明年度總預算案，歲出規模創下新高。主計總處表示，"
    "預算編列兼顧國家財政健全與經濟發展需要，並將持續推動各項重大建設計畫，提升國家競爭力與人民生活品質。";
static const char ja[] =
    "東京都は五日、新型ウイルスの感染者が新たに確認されたと発表した。都の担当者によると、感染者の多く"
    "は若い世代で、重症者は出ていないという。専門家は、引き続き手洗いやマスクの着用など基本的な感染対"
    "策を徹底するよう呼びかけている。";

/* A page around text, in charset cs (iconv name), in a. */
static char *page_in(arena *a, const char *head, const char *text, const char *cs, size_t *len)
{
    char *utf8 = arena_printf(a, "<html><head>%s<title>t</title></head><body><div><p>%s</p>"
                                 "<p>%s</p></div></body></html>",
                              head, text, text);
    iconv_t cd = iconv_open(cs, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t inl = strlen(utf8), outl = inl * 2 + 16;
    char *out = arena_alloc(a, outl), *o = out, *in = utf8;
    assert_int_not_equal(iconv(cd, &in, &inl, &o, &outl), (size_t)-1);
    iconv_close(cd);
    *len = (size_t)(o - out);
    return out;
}

static void decode(arena *a, const char *p, size_t n, const char *http, const char **out,
                   const char **cs, bool *bozo)
{
    size_t len;
    extract_decode(a, p, n, http, out, &len, cs, bozo);
    assert_int_equal(strlen(*out), len);
}

static void check_undeclared(const char *iconv_cs, const char *text, const char *want)
{
    arena *a = arena_new(0);
    size_t n;
    char *p = page_in(a, "", text, iconv_cs, &n);
    const char *out, *cs;
    bool bozo;
    decode(a, p, n, NULL, &out, &cs, &bozo);
    assert_string_equal(cs, want);
    assert_true(bozo); /* a legacy page that does not say so is bozo, as a feed is */
    assert_non_null(strstr(out, text));
    arena_free(a);
}

static void test_charset_undeclared_gbk_is_detected(void **state)
{
    (void)state;
    check_undeclared("GBK", zh_hans, "GB18030");
}

static void test_charset_undeclared_big5_is_detected(void **state)
{
    (void)state;
    check_undeclared("BIG5", zh_hant, "CP950");
}

static void test_charset_undeclared_euc_jp_is_detected(void **state)
{
    (void)state;
    check_undeclared("EUC-JP", ja, "EUC-JP-MS");
}

static void test_charset_undeclared_shift_jis_is_detected(void **state)
{
    (void)state;
    check_undeclared("SHIFT_JIS", ja, "CP932");
}

static void test_charset_meta_after_2kb_of_head_is_found(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    nm_buf head;
    buf_init(&head, NM_BUF_NOLIMIT);
    buf_puts(&head, "<script>var s = '<meta charset=utf-8>';");
    while (head.len < 2500)
        buf_puts(&head, "var x = 1; /* filler to push the meta past 2 KB */\n");
    buf_puts(&head, "</script><style>p { color: red }</style><!-- <meta charset=big5> -->"
                    "<meta charset=gb2312>");
    assert_true(head.len > 2048);
    size_t n;
    char *p = page_in(a, buf_cstr(&head), "第一段。", "GB18030", &n);
    char label[64];
    assert_true(extract_meta_charset(p, n, label, sizeof(label)));
    assert_string_equal(label, "gb2312"); /* not the one in the script or comment */
    const char *out, *cs;
    bool bozo;
    decode(a, p, n, NULL, &out, &cs, &bozo);
    assert_string_equal(cs, "GB18030");
    assert_false(bozo);
    assert_non_null(strstr(out, "<p>第一段。</p>"));
    buf_free(&head);
    arena_free(a);
}

static void test_charset_http_equiv_is_read(void **state)
{
    (void)state;
    const char *p = "<head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Big5\">";
    char label[64];
    assert_true(extract_meta_charset(p, strlen(p), label, sizeof(label)));
    assert_string_equal(label, "big5");
}

static void test_charset_meta_in_body_is_not_read(void **state)
{
    (void)state;
    const char *p = "<head></head><body><meta charset=gbk>";
    char label[64];
    assert_false(extract_meta_charset(p, strlen(p), label, sizeof(label)));
}

static void test_charset_http_header_wins_over_meta(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    size_t n;
    char *p = page_in(a, "<meta charset=utf-8>", zh_hant, "BIG5", &n);
    const char *out, *cs;
    bool bozo;
    decode(a, p, n, "big5", &out, &cs, &bozo);
    assert_string_equal(cs, "CP950");
    assert_non_null(strstr(out, zh_hant));
    arena_free(a);
}

static void test_charset_bom_wins_over_everything(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    const char *p = "\xef\xbb\xbf<meta charset=gbk><p>中文</p>";
    const char *out, *cs;
    bool bozo;
    decode(a, p, strlen(p), "big5", &out, &cs, &bozo);
    assert_string_equal(cs, "UTF-8");
    assert_string_equal(out, "<meta charset=gbk><p>中文</p>");
    arena_free(a);
}

static void test_charset_declared_gbk_but_utf8_is_bozo(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    const char *p = "<meta charset=gbk><p>这其实是 UTF-8。</p>";
    const char *out, *cs;
    bool bozo;
    decode(a, p, strlen(p), NULL, &out, &cs, &bozo);
    assert_string_equal(cs, "UTF-8");
    assert_true(bozo);
    assert_string_equal(out, p);
    arena_free(a);
}

static void test_charset_declared_utf8_but_gbk_is_detected_and_bozo(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    size_t n;
    char *p = page_in(a, "<meta charset=utf-8>", zh_hans, "GBK", &n);
    const char *out, *cs;
    bool bozo;
    decode(a, p, n, NULL, &out, &cs, &bozo);
    assert_string_equal(cs, "GB18030");
    assert_true(bozo);
    assert_non_null(strstr(out, zh_hans));
    arena_free(a);
}

static void test_charset_extract_page_reports_charset(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    size_t n;
    char *p = page_in(a, "<meta http-equiv='content-type' content='text/html;charset=gbk'>",
                      zh_hans, "GBK", &n);
    extract_input in = {.data = p, .len = n, .url = "http://news.example.cn/a.html"};
    extract_article art;
    nm_error err;
    nm_error_clear(&err);
    assert_int_equal(extract_page(a, NULL, &in, &art, &err), 0);
    assert_string_equal(art.charset, "GB18030");
    assert_false(art.bozo);
    assert_non_null(strstr(art.text, "着力推动高质量发展。"));
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_charset_undeclared_gbk_is_detected),
        cmocka_unit_test(test_charset_undeclared_big5_is_detected),
        cmocka_unit_test(test_charset_undeclared_euc_jp_is_detected),
        cmocka_unit_test(test_charset_undeclared_shift_jis_is_detected),
        cmocka_unit_test(test_charset_meta_after_2kb_of_head_is_found),
        cmocka_unit_test(test_charset_http_equiv_is_read),
        cmocka_unit_test(test_charset_meta_in_body_is_not_read),
        cmocka_unit_test(test_charset_http_header_wins_over_meta),
        cmocka_unit_test(test_charset_bom_wins_over_everything),
        cmocka_unit_test(test_charset_declared_gbk_but_utf8_is_bozo),
        cmocka_unit_test(test_charset_declared_utf8_but_gbk_is_detected_and_bozo),
        cmocka_unit_test(test_charset_extract_page_reports_charset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
