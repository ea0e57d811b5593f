/*
 * test_score.c — the general extractor on small pages: the article is
 * found among navigation, sidebars, share bars, related lists and
 * comments; figures, captions, tables, lists and headings stay in its
 * HTML; CJK paragraphs (no spaces, full-width punctuation) outscore link
 * lists; lazy images are made real (data-src, data-original,
 * data-lazy-src, srcset, data-srcset, <noscript> copies) with relative
 * URLs resolved against <base>; the next page of a split article is found
 * (rel=next, 下一页, name_2.shtml).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "extract/extract.h"

static const char para[] =
    "<p>This paragraph is part of the article, long enough, with commas, clauses, and the "
    "kind of sentences that news stories are made of, so that it scores well.</p>";

static extract_article run(arena *a, const char *url, const char *html)
{
    extract_input in = {.data = html, .len = strlen(html), .url = url};
    extract_article art;
    nm_error err;
    nm_error_clear(&err);
    assert_int_equal(extract_page(a, NULL, &in, &art, &err), 0);
    return art;
}

static void test_score_finds_article_among_boilerplate(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    char *p = arena_printf(
        a,
        "<html><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav>"
        "<div class='sidebar'><p>Sidebar text that is long enough to be a paragraph, almost, "
        "but it is in a sidebar, so it goes.</p></div>"
        "<div class='story'><h2>A subheading</h2>%s%s"
        "<figure><img src='/p.jpg'><figcaption>The caption</figcaption></figure>"
        "<table><tr><th>Year</th><th>Sales</th></tr><tr><td>2023</td><td>12</td></tr></table>"
        "<ul><li>First point of a list in the article</li><li>Second point</li></ul>"
        "<div class='share-bar'><a href='/s1'>Share</a> <a href='/s2'>Tweet</a></div>%s"
        "<div class='related'><h3>Related</h3><ul><li><a href='/r1'>Other story one</a></li>"
        "<li><a href='/r2'>Other story two</a></li></ul></div></div>"
        "<div id='comments'><p>A comment that is long enough to look like a paragraph of "
        "text, with commas, too.</p></div></body></html>",
        para, para, para);
    extract_article art = run(a, "https://example.com/news/1.html", p);
    assert_non_null(strstr(art.html, "<h2>A subheading</h2>"));
    assert_non_null(strstr(art.html, "<figcaption>The caption</figcaption>"));
    assert_non_null(strstr(art.html, "<img src=\"https://example.com/p.jpg\">"));
    assert_non_null(strstr(art.html, "<td>2023</td>"));
    assert_non_null(strstr(art.html, "<li>Second point</li>"));
    assert_null(strstr(art.html, "Sidebar"));
    assert_null(strstr(art.html, "Home"));
    assert_null(strstr(art.html, "Tweet"));
    assert_null(strstr(art.html, "Other story"));
    assert_null(strstr(art.html, "comment"));
    assert_null(strstr(art.text, "The caption")); /* captions: html only */
    assert_non_null(strstr(art.text, "Year Sales"));
    assert_string_equal(art.lead_image, "https://example.com/p.jpg");
    arena_free(a);
}

static void test_score_cjk_paragraphs_beat_link_lists(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    const char *p =
        "<html><body><div class='list'><ul>"
        "<li><a href='/1'>央行宣布下调存款准备金率零点五个百分点释放长期资金</a></li>"
        "<li><a href='/2'>国务院常务会议部署进一步稳经济一揽子政策措施</a></li>"
        "<li><a href='/3'>统计局公布前三季度国民经济运行情况总体平稳</a></li>"
        "</ul></div><div class='text'>"
        "<p>新华社北京三月五日电，第十四届全国人民代表大会第二次会议在人民大会堂开幕。</p>"
        "<p>报告指出，要坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念。</p>"
        "<p>报告提出，今年发展主要预期目标是：国内生产总值增长百分之五左右。</p>"
        "</div></body></html>";
    extract_article art = run(a, "https://news.example.cn/a.shtml", p);
    assert_string_equal(art.text,
                        "新华社北京三月五日电，第十四届全国人民代表大会第二次会议在人民大会堂开幕。\n\n"
                        "报告指出，要坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念。\n\n"
                        "报告提出，今年发展主要预期目标是：国内生产总值增长百分之五左右。");
    arena_free(a);
}

/* The date, source and editor lines above an article go; a short opening
 * paragraph holding figures, 年 or a colon stays when it is a sentence. */
static void test_score_meta_lines_and_short_cjk_paragraphs(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    const char *p =
        "<html><body><div class='text'>"
        "<p>2024年06月19日 10:23 来源：滨河日报</p>"
        "<p>编辑：王五</p>"
        "<p>6月19日，我区在滨河公园开展2024年夏季防汛应急综合演练。</p>"
        "<p>演练现场，各救援队伍迅速集结，依次开展了人员转移、排涝抽水、堤防抢险、水上救援等科目，"
        "冲锋舟在水面上快速穿行，将被困群众安全转移至安置点。</p>"
        "<p>区防汛抗旱指挥部有关负责人表示，今年主汛期降雨偏多的可能性较大，各部门要进一步完善"
        "应急预案，加强隐患排查，确保安全度汛。</p>"
        "</div></body></html>";
    extract_article art = run(a, "https://www.example.gov.cn/art/2024/6/19/1.html", p);
    assert_null(strstr(art.text, "来源"));
    assert_null(strstr(art.text, "王五"));
    assert_non_null(strstr(art.text, "6月19日，我区在滨河公园开展2024年夏季防汛应急综合演练。"));
    arena_free(a);

    a = arena_new(0);
    char *q = arena_printf(a,
                           "<html><body><div class='story'><p>By Jane Doe</p>"
                           "<p>Updated 10:32 AM, Jan 5, 2024</p>"
                           "<p>In 2023, sales rose: was it the weather?</p>%s%s</div></body></html>",
                           para, para);
    art = run(a, "https://example.com/news/2.html", q);
    assert_null(strstr(art.text, "Jane Doe"));
    assert_null(strstr(art.text, "Updated"));
    assert_non_null(strstr(art.text, "In 2023, sales rose: was it the weather?"));
    arena_free(a);
}

/* <svg> contents are cut before the parse, like those of <script>, an
 * inner <svg> included; a self-closed <svg/> has none, and the article
 * after it stays. */
static void test_score_svg_contents_dropped(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    const char *p =
        "<html><body><div class='story'><svg viewBox='0 0 9 9'><text>ICON LABEL</text>"
        "<path d='M0 0L9 9'/></svg><p>The first paragraph of the article, long enough, "
        "with commas, clauses, and words, so that it scores well.</p><SVG class='x'/>"
        "<p>The second paragraph of the article, long enough, with commas, clauses, and "
        "words, so that it scores well.</p><svg><svg><text>INNER</text></svg><text>OUTER"
        "</text></svg><p>The third paragraph of the article, long enough, with commas, "
        "clauses, and words, so that it scores well.</p></div></body></html>";
    extract_article art = run(a, "https://example.com/news/3.html", p);
    assert_null(strstr(art.html, "ICON"));
    assert_null(strstr(art.html, "INNER"));
    assert_null(strstr(art.html, "OUTER"));
    assert_non_null(strstr(art.text, "The first paragraph"));
    assert_non_null(strstr(art.text, "The second paragraph"));
    assert_non_null(strstr(art.text, "The third paragraph"));
    arena_free(a);
}

static void test_score_br_separated_text(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    const char *p = "<html><body><div id='artibody'>　　第一段文字，内容比较长，包含逗号，句号。<br>"
                    "　　第二段文字，内容也比较长，同样包含逗号，句号。<br>"
                    "　　第三段文字，继续说明情况，并且给出结论。</div>"
                    "<div><a href='/x'>首页</a></div></body></html>";
    extract_article art = run(a, "https://finance.example.cn/x.shtml", p);
    assert_non_null(strstr(art.text, "第一段文字"));
    assert_non_null(strstr(art.text, "\n第二段文字") || strstr(art.text, "第二段文字"));
    assert_null(strstr(art.text, "首页"));
    arena_free(a);
}

static void test_score_lazy_images_made_real(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    char *p = arena_printf(
        a,
        "<html><head><base href='https://cdn.example.com/base/'></head><body><article>%s"
        "<img src='data:image/gif;base64,R0lGOD' data-src='a.jpg'>"
        "<img src='/img/blank.gif' data-original='https://i.example.com/b.jpg'>"
        "<img data-lazy-src='c.jpg'>"
        "<img srcset='d-small.jpg 1x, d-big.jpg 2x'>"
        "<img data-srcset='e.jpg 600w'>"
        "<img class='lazy' src='placeholder.png'><noscript><img src='f.jpg'></noscript>"
        "%s</article></body></html>",
        para, para);
    extract_article art = run(a, "https://example.com/story/1.html", p);
    assert_non_null(strstr(art.html, "src=\"https://cdn.example.com/base/a.jpg\""));
    assert_non_null(strstr(art.html, "src=\"https://i.example.com/b.jpg\""));
    assert_non_null(strstr(art.html, "src=\"https://cdn.example.com/base/c.jpg\""));
    assert_non_null(strstr(art.html, "src=\"https://cdn.example.com/base/d-small.jpg\""));
    assert_non_null(strstr(art.html, "src=\"https://cdn.example.com/base/e.jpg\""));
    assert_non_null(strstr(art.html, "srcset=\"e.jpg 600w\""));
    assert_non_null(strstr(art.html, "src=\"https://cdn.example.com/base/f.jpg\""));
    assert_null(strstr(art.html, "placeholder.png"));
    assert_null(strstr(art.html, "noscript"));
    assert_null(strstr(art.html, "blank.gif"));
    arena_free(a);
}

static void test_score_next_page(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    char *rel = arena_printf(a, "<html><head><link rel='next' href='/a?page=2'></head><body>"
                                "<article>%s%s</article></body></html>",
                             para, para);
    assert_string_equal(run(a, "https://example.com/a", rel).next_page,
                        "https://example.com/a?page=2");
    char *zh = arena_printf(a, "<html><body><article>%s%s</article><div class='page'>"
                               "<a href='p1.html'>1</a><a href='p9.html'>下一页</a></div>"
                               "</body></html>",
                            para, para);
    assert_string_equal(run(a, "https://example.cn/n/p1.html", zh).next_page,
                        "https://example.cn/n/p9.html");
    char *sh = arena_printf(a, "<html><body><article>%s%s</article><div>"
                               "<a href='doc-abc_2.shtml'>2</a></div></body></html>",
                            para, para);
    assert_string_equal(run(a, "https://example.cn/n/doc-abc.shtml", sh).next_page,
                        "https://example.cn/n/doc-abc_2.shtml");
    char *none = arena_printf(a, "<html><body><article>%s%s</article><a href='doc-x_3.shtml'>3"
                                 "</a></body></html>",
                              para, para);
    assert_null(run(a, "https://example.cn/n/doc-abc.shtml", none).next_page);
    arena_free(a);
}

static void test_score_page_without_text_is_an_error(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    const char *p = "<html><body><script>var x = 1;</script><nav><a href='/'>Home</a></nav>"
                    "</body></html>";
    extract_input in = {.data = p, .len = strlen(p), .url = "https://example.com/empty"};
    extract_article art;
    nm_error err;
    nm_error_clear(&err);
    assert_int_equal(extract_page(a, NULL, &in, &art, &err), -1);
    char msg[256];
    assert_string_equal(nm_error_format(&err, msg, sizeof(msg)),
                        "https://example.com/empty: no article text found on the page");
    arena_free(a);
}

/* fuzz_extract: an element name with non-ASCII bytes (a windows-1252
 * page's "<meÿÿÿ…") was cut in the middle of a UTF-8 sequence and written
 * as invalid UTF-8; the parser ends such a name at its first non-ASCII
 * byte (any name still unfit becomes <span>), and the text inside stays.
 * An empty page has no candidate at all (qsort of nothing). */
static void test_score_odd_tag_names_and_empty_pages(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    char *p = arena_printf(a, "<html><body><article><m\xc3\xbf\xc3\xbf\xc3\xbf>%s</m\xc3\xbf"
                              "\xc3\xbf\xc3\xbf></article></body></html>",
                           para);
    extract_article art = run(a, "https://example.com/", p);
    assert_true(utf8_valid(art.html, strlen(art.html)));
    assert_non_null(strstr(art.html, "<p>This paragraph is part of the article"));
    extract_input in = {.data = "", .len = 0, .url = NULL};
    nm_error err;
    nm_error_clear(&err);
    assert_int_equal(extract_page(a, NULL, &in, &art, &err), -1);
    assert_string_equal(art.text, "");
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_score_finds_article_among_boilerplate),
        cmocka_unit_test(test_score_cjk_paragraphs_beat_link_lists),
        cmocka_unit_test(test_score_meta_lines_and_short_cjk_paragraphs),
        cmocka_unit_test(test_score_svg_contents_dropped),
        cmocka_unit_test(test_score_br_separated_text),
        cmocka_unit_test(test_score_lazy_images_made_real),
        cmocka_unit_test(test_score_next_page),
        cmocka_unit_test(test_score_page_without_text_is_an_error),
        cmocka_unit_test(test_score_odd_tag_names_and_empty_pages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
