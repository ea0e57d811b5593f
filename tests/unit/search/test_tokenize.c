/*
 * test_tokenize.c — the "newsmill" tokenizer: exact terms and byte
 * offsets for CJK runs, mixed scripts, full-width forms, punctuation,
 * emoji and invalid UTF-8, in document and query mode; and the MATCH
 * expressions built from what users type.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "search/search.h"

/* Terms as "term@start-end", co-located ones with a leading '+',
 * separated by spaces. */
static int collect(void *ctx, int flags, const char *token, int len, int start, int end)
{
    nm_buf *b = ctx;
    if (b->len)
        buf_putc(b, ' ');
    if (flags & SEARCH_TOKEN_COLOCATED)
        buf_putc(b, '+');
    buf_append(b, token, (size_t)len);
    buf_printf(b, "@%d-%d", start, end);
    return 0;
}

static char out_[8192];

static const char *toks(const char *s, int mode)
{
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    search_tokenize(s, (int)strlen(s), mode, collect, &b);
    snprintf(out_, sizeof(out_), "%s", buf_cstr(&b));
    buf_free(&b);
    return out_;
}

#define DOC(s) toks((s), SEARCH_TOKENIZE_DOCUMENT)
#define QRY(s) toks((s), SEARCH_TOKENIZE_QUERY)

static void test_cjk_run_is_bigrams_with_colocated_unigrams(void **state)
{
    (void)state;
    assert_string_equal(DOC("互联网"), "互联@0-6 +互@0-3 联网@3-9 +联@3-6 +网@6-9");
}

static void test_cjk_query_is_bigrams_only(void **state)
{
    (void)state;
    assert_string_equal(QRY("互联网"), "互联@0-6 联网@3-9");
}

static void test_single_cjk_char_is_unigram(void **state)
{
    (void)state;
    assert_string_equal(DOC("网"), "网@0-3");
    assert_string_equal(QRY("网"), "网@0-3");
    assert_string_equal(DOC("a网b"), "a@0-1 网@1-4 b@4-5");
}

static void test_two_cjk_chars(void **state)
{
    (void)state;
    assert_string_equal(DOC("中文"), "中文@0-6 +中@0-3 +文@3-6");
}

static void test_mixed_chinese_english_digits(void **state)
{
    (void)state;
    assert_string_equal(DOC("中文English123"), "中文@0-6 +中@0-3 +文@3-6 english123@6-16");
    assert_string_equal(QRY("推动G20杭州峰会"),
                        "推动@0-6 g20@6-9 杭州@9-15 州峰@12-18 峰会@15-21");
}

static void test_fullwidth_latin_and_digits_fold_to_ascii(void **state)
{
    (void)state;
    /* ＡＢＣ１２３ is 6 three-byte characters */
    assert_string_equal(DOC("ＡＢＣ１２３"), "abc123@0-18");
    assert_string_equal(DOC("ABC123 abc123"), "abc123@0-6 abc123@7-13");
}

static void test_fullwidth_punctuation_separates(void **state)
{
    (void)state;
    assert_string_equal(DOC("你好。世界，「新闻」、"),
                        "你好@0-6 +你@0-3 +好@3-6 \x01@6-9 世界@9-15 +世@9-12 +界@12-15 \x01@15-21 "
                        "新闻@21-27 +新@21-24 +闻@24-27");
    assert_string_equal(DOC("中国　人民"), "中国@0-6 +中@0-3 +国@3-6 \x01@6-9 人民@9-15 +人@9-12 +民@12-15");
}

static void test_ascii_punctuation_and_case(void **state)
{
    (void)state;
    assert_string_equal(DOC("Hello, World! don't"), "hello@0-5 world@7-12 don@14-17 t@18-19");
    assert_string_equal(DOC("\"AND(\" * OR"), "and@1-4 or@9-11");
}

static void test_latin_letters_with_accents_casefold(void **state)
{
    (void)state;
    assert_string_equal(DOC("Café STRASSE Straße"), "café@0-5 strasse@6-13 strasse@14-21");
    /* decomposed e + combining acute composes to é (NFKC) */
    assert_string_equal(DOC("Cafe\xcc\x81"), "café@0-6");
}

static void test_gap_term_only_between_cjk_runs(void **state)
{
    (void)state;
    /* 互联。联网: the gap keeps 互联网 (a phrase 互联 联网) from matching */
    assert_string_equal(QRY("互联。联网"), "互联@0-6 \x01@6-9 联网@9-15");
    assert_string_equal(DOC("中 a 文"), "中@0-3 a@4-5 文@6-9");
}

static void test_emoji_and_symbols_separate(void **state)
{
    (void)state;
    assert_string_equal(DOC("好😀的"), "好@0-3 \x01@3-7 的@7-10");
    assert_string_equal(DOC("a😀b ©2022"), "a@0-1 b@5-6 2022@9-13");
}

static void test_japanese_and_korean_runs(void **state)
{
    (void)state;
    assert_string_equal(DOC("ひらがなカタカナ"),
                        "ひら@0-6 +ひ@0-3 らが@3-9 +ら@3-6 がな@6-12 +が@6-9 なカ@9-15 +な@9-12 "
                        "カタ@12-18 +カ@12-15 タカ@15-21 +タ@15-18 カナ@18-24 +カ@18-21 +ナ@21-24");
    assert_string_equal(DOC("한국어"), "한국@0-6 +한@0-3 국어@3-9 +국@3-6 +어@6-9");
    /* half-width katakana normalize to full-width */
    assert_string_equal(DOC("ｶﾀ"), "カタ@0-6 +カ@0-3 +タ@3-6");
    /* the katakana middle dot separates */
    assert_string_equal(DOC("カ・タ"), "カ@0-3 \x01@3-6 タ@6-9");
}

static void test_invalid_utf8_separates_and_never_crashes(void **state)
{
    (void)state;
    assert_string_equal(DOC("ab\xff" "cd"), "ab@0-2 cd@3-5");
    assert_string_equal(DOC("中\xe6\x96" "文"), "中@0-3 \x01@3-5 文@5-8");
    assert_string_equal(DOC("\xc0\xaf\xed\xa0\x80"), "");
    assert_string_equal(DOC("\xe4"), "");
}

static void test_empty_and_separators_only(void **state)
{
    (void)state;
    assert_string_equal(DOC(""), "");
    assert_string_equal(DOC(" 。，!? "), "");
    assert_int_equal(search_tokenize(NULL, 0, 0, collect, NULL), 0);
}

static void test_long_cjk_run_keeps_every_bigram(void **state)
{
    (void)state;
    /* 600 characters: windows overlap by one, so 599 bigrams and 600
     * unigrams, nothing lost or doubled at the window edge */
    nm_buf in, b;
    buf_init(&in, NM_BUF_NOLIMIT);
    buf_init(&b, NM_BUF_NOLIMIT);
    for (int i = 0; i < 600; i++)
        buf_puts(&in, i % 2 ? "国" : "中");
    search_tokenize(in.data, (int)in.len, SEARCH_TOKENIZE_DOCUMENT, collect, &b);
    int n = 0;
    for (const char *p = b.data; (p = strchr(p, '@')) != NULL; p++)
        n++;
    assert_int_equal(n, 1199);
    assert_non_null(strstr(b.data, "中国@1794-1800 +中@1794-1797 +国@1797-1800"));
    assert_non_null(strstr(b.data, " 中国@762-768 +中@762-765 国中@765-771 +国@765-768 中国@768-774 "));
    buf_free(&in);
    buf_free(&b);
}

static void test_long_word_is_cut_at_token_max(void **state)
{
    (void)state;
    char in[1000];
    memset(in, 'A', sizeof(in) - 1);
    in[sizeof(in) - 1] = '\0';
    const char *t = DOC(in);
    const char *at = strchr(t, '@');
    assert_int_equal(at - t, SEARCH_TOKEN_MAX);
    assert_string_equal(at, "@0-999");
}

static int stop_at_second(void *ctx, int flags, const char *token, int len, int start, int end)
{
    (void)flags, (void)token, (void)len, (void)start, (void)end;
    int *n = ctx;
    return ++*n == 2 ? 42 : 0;
}

static void test_callback_error_stops_the_walk(void **state)
{
    (void)state;
    int n = 0;
    assert_int_equal(search_tokenize("a b c d", 7, 0, stop_at_second, &n), 42);
    assert_int_equal(n, 2);
}

/* ---- MATCH expressions ---------------------------------------------------- */

static const char *expr(const char *q, size_t *n)
{
    arena *a = arena_new(0);
    snprintf(out_, sizeof(out_), "%s", search_match_expr(a, q, n));
    arena_free(a);
    return out_;
}

static void test_match_expr_quotes_every_piece(void **state)
{
    (void)state;
    size_t n;
    assert_string_equal(expr("互联网", &n), "\"互联网\"");
    assert_int_equal(n, 1);
    assert_string_equal(expr("hello world", &n), "\"hello\" \"world\"");
    assert_int_equal(n, 2);
    assert_string_equal(expr("G20数字经济", &n), "\"G20\" \"数字经济\"");
}

static void test_match_expr_single_cjk_char_is_a_term(void **state)
{
    (void)state;
    assert_string_equal(expr("网", NULL), "\"网\"");
    assert_string_equal(expr("年G20 网络", NULL), "\"年\" \"G20\" \"网络\"");
}

static void test_match_expr_operators_are_words(void **state)
{
    (void)state;
    size_t n;
    assert_string_equal(expr("\"AND( OR NOT* col:x ^y", &n),
                        "\"AND\" \"OR\" \"NOT\" \"col\" \"x\" \"y\"");
    assert_int_equal(n, 6);
    assert_string_equal(expr("\" * ( ) :", &n), "");
    assert_int_equal(n, 0);
    assert_string_equal(expr(NULL, &n), "");
    assert_int_equal(n, 0);
}

static void test_match_expr_keeps_fullwidth_as_typed(void **state)
{
    (void)state;
    /* FTS5 folds it again with the same tokenizer */
    assert_string_equal(expr("ＡＢＣ１２３", NULL), "\"ＡＢＣ１２３\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cjk_run_is_bigrams_with_colocated_unigrams),
        cmocka_unit_test(test_cjk_query_is_bigrams_only),
        cmocka_unit_test(test_single_cjk_char_is_unigram),
        cmocka_unit_test(test_two_cjk_chars),
        cmocka_unit_test(test_mixed_chinese_english_digits),
        cmocka_unit_test(test_fullwidth_latin_and_digits_fold_to_ascii),
        cmocka_unit_test(test_fullwidth_punctuation_separates),
        cmocka_unit_test(test_ascii_punctuation_and_case),
        cmocka_unit_test(test_latin_letters_with_accents_casefold),
        cmocka_unit_test(test_gap_term_only_between_cjk_runs),
        cmocka_unit_test(test_emoji_and_symbols_separate),
        cmocka_unit_test(test_japanese_and_korean_runs),
        cmocka_unit_test(test_invalid_utf8_separates_and_never_crashes),
        cmocka_unit_test(test_empty_and_separators_only),
        cmocka_unit_test(test_long_cjk_run_keeps_every_bigram),
        cmocka_unit_test(test_long_word_is_cut_at_token_max),
        cmocka_unit_test(test_callback_error_stops_the_walk),
        cmocka_unit_test(test_match_expr_quotes_every_piece),
        cmocka_unit_test(test_match_expr_single_cjk_char_is_a_term),
        cmocka_unit_test(test_match_expr_operators_are_words),
        cmocka_unit_test(test_match_expr_keeps_fullwidth_as_typed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
