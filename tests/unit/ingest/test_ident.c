/*
 * test_ident.c — how items are recognised: canonical links, SimHash
 * distances, the backoff schedule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "ingest/ingest.h"

static void test_canonical_link_drops_fragment_and_utm_parameters(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    assert_string_equal(ingest_canonical_link(a, "https://x.cn/a.html?utm_source=rss&id=3&utm_medium=x#top"),
                        "https://x.cn/a.html?id=3");
    assert_string_equal(ingest_canonical_link(a, "https://x.cn/a.html?utm_source=rss"), "https://x.cn/a.html");
    assert_string_equal(ingest_canonical_link(a, "https://x.cn/a?b=1&c=2"), "https://x.cn/a?b=1&c=2");
    assert_string_equal(ingest_canonical_link(a, "https://x.cn/a#frag?utm_x=1"), "https://x.cn/a");
    assert_null(ingest_canonical_link(a, ""));
    assert_null(ingest_canonical_link(a, NULL));
    arena_free(a);
}

static int distance(uint64_t a, uint64_t b) { return __builtin_popcountll(a ^ b); }

static void test_simhash_is_close_for_the_same_story_and_far_for_another(void **state)
{
    (void)state;
    const char *a = "Glaciers in the northern range lost more ice last summer than in any year "
                    "since records began, a survey published on Wednesday found, and the retreat "
                    "is speeding up as winters grow shorter and drier across the whole region.";
    const char *a2 = "Glaciers in the northern range lost more ice last summer than in any year "
                     "since records began, a survey published on Wednesday found, and the retreat "
                     "is speeding up as winters grow shorter and drier across the region.";
    const char *b = "A violin maker from the old town won the international craft award for an "
                    "instrument built from a single maple tree that fell in the park during last "
                    "year's autumn gales.";
    uint64_t ha = ingest_simhash(a), ha2 = ingest_simhash(a2), hb = ingest_simhash(b);
    assert_int_equal(ingest_simhash(a), ha); /* stable */
    assert_true(distance(ha, ha2) <= 3);
    assert_true(distance(ha, hb) > 3);
}

static void test_simhash_reads_chinese_by_character_pairs(void **state)
{
    (void)state;
    const char *a = "外汇市场运行平稳，人民币汇率在合理均衡水平上保持基本稳定，跨境资金流动总体平衡。";
    const char *b = "中共中央宣传部8月19日上午举行“中国这十年”系列主题新闻发布会，介绍新时代网络强国建设成就。";
    uint64_t ha = ingest_simhash(a), hb = ingest_simhash(b);
    assert_int_not_equal(ha, 0);
    assert_true(distance(ha, hb) > 3);
}

static void test_simhash_is_zero_for_too_little_text(void **state)
{
    (void)state;
    assert_int_equal(ingest_simhash(""), 0);
    assert_int_equal(ingest_simhash("three short words"), 0);
    assert_int_equal(ingest_simhash(NULL), 0);
}

/* Fingerprints are stored: these values were computed by the first
 * implementation (one vote loop over 64 bits per feature), and every later
 * one must give the same, also past 255 features (where the byte-wide
 * counters are emptied). */
static void test_simhash_values_are_stable_across_implementations(void **state)
{
    (void)state;
    assert_int_equal(ingest_simhash("The quick brown fox jumps over the lazy dog while the cat "
                                    "sleeps on the warm mat today"),
                     0x2290488020824455ULL);
    assert_int_equal(ingest_simhash("中央网信办：世界互联网大会国际组织是始于中国、属于世界的国际"
                                    "组织，欢迎各方加入。"),
                     0x5092493c5d07c67eULL);
    char t[8000] = "";
    for (int k = 0; k < 40; k++)
        strcat(t, k % 2 ? "新华社北京电 国务院总理主持召开常务会议，部署推进经济工作。"
                        : "Markets rallied on Tuesday as investors weighed new data ");
    assert_int_equal(ingest_simhash(t), 0xc9dac3e3d12b5346ULL);
}

static void test_backoff_doubles_per_failure_up_to_a_day_and_honours_retry_after(void **state)
{
    (void)state;
    assert_int_equal(ingest_backoff(30, 1, -1), 1800);
    assert_int_equal(ingest_backoff(30, 2, -1), 3600);
    assert_int_equal(ingest_backoff(30, 3, -1), 7200);
    assert_int_equal(ingest_backoff(30, 20, -1), 86400);
    assert_int_equal(ingest_backoff(30, 1, 7200), 7200);   /* not before Retry-After */
    assert_int_equal(ingest_backoff(30, 3, 60), 7200);     /* nor before the backoff */
    assert_int_equal(ingest_backoff(30, 1, 999999), 86400); /* Retry-After capped */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_canonical_link_drops_fragment_and_utm_parameters),
        cmocka_unit_test(test_simhash_is_close_for_the_same_story_and_far_for_another),
        cmocka_unit_test(test_simhash_reads_chinese_by_character_pairs),
        cmocka_unit_test(test_simhash_is_zero_for_too_little_text),
        cmocka_unit_test(test_simhash_values_are_stable_across_implementations),
        cmocka_unit_test(test_backoff_doubles_per_failure_up_to_a_day_and_honours_retry_after),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
