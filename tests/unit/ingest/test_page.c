/*
 * test_page.c — when an item's own page is wanted (fulltext: auto,
 * always, never): teasers, short texts, long whole texts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "html/html.h"
#include "ingest/ingest_int.h"

static bool wanted(feeds_fulltext mode, const char *html, int *flags)
{
    feeds_entry fe = {.fulltext = mode};
    arena *a = arena_new(0);
    int64_t chars = page_chars(html_to_text(a, html, strlen(html), HTML_TEXT_BLOCKS));
    arena_free(a);
    return page_wanted(&fe, html, chars, flags);
}

static void test_teasers_want_their_page_whatever_their_length(void **state)
{
    (void)state;
    static const char *const teasers[] = {
        "<p>中国人民银行1月2日宣布下调存款准备金率……</p>",
        "<p>The council met on Tuesday...</p>",
        "<p>央行宣布降准 <a href=\"/a\">阅读全文</a></p>",
        "<p>Farmers brace for a dry summer [more]</p>",
        "<p>Engineers began testing barges. <a href=\"/c\">Continue reading →</a></p>",
        "<p>Unemployment fell. Read More »</p>",
    };
    for (size_t i = 0; i < sizeof(teasers) / sizeof(*teasers); i++) {
        int flags = -1;
        assert_true(wanted(FEEDS_FULLTEXT_AUTO, teasers[i], &flags));
        assert_int_equal(flags, 0); /* cut: the page always wins */
    }
}

static void test_short_texts_want_their_page_only_to_compare(void **state)
{
    (void)state;
    int flags = -1;
    assert_true(wanted(FEEDS_FULLTEXT_AUTO, "<p>Engineers began testing autonomous barges.</p>",
                       &flags));
    assert_int_equal(flags, STORE_PAGE_AUTO);
}

static void test_long_whole_texts_and_never_want_no_page(void **state)
{
    (void)state;
    char longtext[2000] = "<p>";
    for (int i = 0; i < 60; i++)
        strcat(longtext, "Visitors said. ");
    strcat(longtext, "</p>");
    int flags;
    assert_false(wanted(FEEDS_FULLTEXT_AUTO, longtext, &flags));
    assert_true(wanted(FEEDS_FULLTEXT_ALWAYS, longtext, &flags));
    assert_false(wanted(FEEDS_FULLTEXT_NEVER, "<p>short…</p>", &flags));
}

static void test_chars_count_characters_not_bytes_nor_spaces(void **state)
{
    (void)state;
    assert_int_equal(page_chars("央行 降准\n0.5"), 7);
    assert_int_equal(page_chars(""), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_teasers_want_their_page_whatever_their_length),
        cmocka_unit_test(test_short_texts_want_their_page_only_to_compare),
        cmocka_unit_test(test_long_whole_texts_and_never_want_no_page),
        cmocka_unit_test(test_chars_count_characters_not_bytes_nor_spaces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
