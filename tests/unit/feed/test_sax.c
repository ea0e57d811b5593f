/*
 * test_sax.c — the streaming XML reader (sax.c, xml.c's CDATA lifting)
 * gives what libxml2's tree gave: the cases where the two could part,
 * each with the exact result the tree version produced.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed/feed_int.h"

#define RSS "<rss version=\"2.0\"><channel><title>c</title>"

static feed *parse_ok(const char *doc, size_t len)
{
    feed *f = NULL;
    nm_error err;
    nm_error_clear(&err);
    feed_parse_opts o = {.source = "t.xml"};
    assert_int_equal(feed_parse(doc, len, &o, &f, &err), 0);
    assert_non_null(f);
    return f;
}

static feed *parse_str(const char *doc)
{
    return parse_ok(doc, strlen(doc));
}

/* A lifted CDATA content comes back whole, and its stand-in keeps the
 * line feeds: libxml2's later error names the same line. */
static void test_lifted_cdata_keeps_content_and_lines(void **state)
{
    (void)state;
    feed *f = parse_str(RSS "<item><description><![CDATA[<p>x</p>\n<p>y</p>\n]]></description></item>\n"
                            "<item><title>bad</titl></item></channel></rss>");
    assert_string_equal(f->bozo_reason, "line 4: Opening and ending tag mismatch: title line 4 and titl");
    assert_int_equal(f->nentries, 2);
    assert_string_equal(f->entries[0].summary, "<p>x</p>\n<p>y</p>");
    assert_string_equal(f->entries[1].title, "bad");
    feed_free(f);
}

/* A CDATA section inside a start tag is no CDATA to libxml2: it is not
 * lifted, and the recovery is the tree's. */
static void test_cdata_in_a_tag_is_not_lifted(void **state)
{
    (void)state;
    feed *f = parse_str(RSS "<item><title a=\"<![CDATA[x]]>\">t</title><description><![CDATA[<b>d</b>]]>"
                            "</description></item></channel></rss>");
    assert_string_equal(f->bozo_reason, "line 1: Couldn't find end of Start Tag title");
    assert_string_equal(f->description, "d");
    assert_int_equal(f->nentries, 1);
    assert_null(f->entries[0].title);
    assert_null(f->entries[0].summary);
    feed_free(f);
}

/* Content that looks like a stand-in, but is not one where it stands,
 * stays as it was; two sections in a row make one text. */
static void test_cdata_stand_ins_are_known_by_place(void **state)
{
    (void)state;
    feed *f = parse_str(RSS "<item><description><![CDATA[]]></description><title><![CDATA[#0#]]></title>"
                            "</item><item><description><![CDATA[<p>a]]]]><![CDATA[>b</p>]]>"
                            "<![CDATA[#1#]]></description></item></channel></rss>");
    assert_false(f->bozo);
    assert_int_equal(f->nentries, 2);
    assert_string_equal(f->entries[0].title, "#0#");
    assert_string_equal(f->entries[1].summary, "<p>a]]&gt;b</p>#1#");
    feed_free(f);
}

/* A start tag without '>': libxml2's tree builder closed the element
 * without an end event (the next end tag closes its parent) and then
 * missed the namespaces it declared. */
static void test_start_tag_without_gt_recovers_as_the_tree(void **state)
{
    (void)state;
    feed *f = parse_str("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
                        "xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
                        "<chlns=\"x\" y><title>T</title><dc:date>2004-01-02T03:04:05Z</dc:date></channel>"
                        "<item><title>i</title></item></rdf:RDF>");
    assert_string_equal(f->format, "rss1.0");
    assert_string_equal(f->bozo_reason, "line 1: Namespace default prefix was not found");
    assert_string_equal(f->title, "T");
    assert_int_equal(f->updated, 1073012645);
    assert_int_equal(f->nentries, 0);
    feed_free(f);
}

/* libxml2 bounds its tree, not its events: the reader keeps the bounds
 * with libxml2's words. */
static void test_depth_bound_is_libxml2s(void **state)
{
    (void)state;
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    buf_puts(&b, RSS "<item><title>t</title>");
    for (int i = 0; i < 300; i++)
        buf_puts(&b, "<x>");
    for (int i = 0; i < 300; i++)
        buf_puts(&b, "</x>");
    buf_puts(&b, "</item><item><title>u</title></item></channel></rss>");
    feed *f = parse_ok(b.data, b.len);
    assert_string_equal(f->bozo_reason,
                        "line 1: Excessive depth in document: 256 use XML_PARSE_HUGE option");
    assert_int_equal(f->nentries, 1);
    assert_string_equal(f->entries[0].title, "t");
    feed_free(f);
    buf_free(&b);
}

static void test_text_node_bound_is_libxml2s(void **state)
{
    (void)state;
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    buf_puts(&b, RSS "<item><title>t</title><description>");
    char chunk[1000];
    memset(chunk, 'x', sizeof(chunk));
    for (int i = 0; i < 11000; i++)
        buf_append(&b, chunk, sizeof(chunk));
    buf_puts(&b, "</description></item><item><title>after</title></item></channel></rss>");
    feed *f = parse_ok(b.data, b.len);
    assert_string_equal(f->bozo_reason, "line 1: xmlSAX2Characters: huge text node");
    assert_int_equal(f->nentries, 1);
    assert_int_equal(strlen(f->entries[0].summary), 9961393); /* as the tree version */
    feed_free(f);
    buf_free(&b);
}

/* Inline XHTML is written back out as libxml2's xmlNodeDump wrote it. */
static void test_inline_xhtml_is_dumped_as_libxml2_did(void **state)
{
    (void)state;
    feed *f = parse_str("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>a</title><entry>"
                        "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
                        "<![CDATA[<x>]]><p>y</p></div></content>"
                        "<summary type=\"html\"><![CDATA[<b>s</b>]]></summary></entry></feed>");
    assert_int_equal(f->nentries, 1);
    assert_string_equal(f->entries[0].content, "]]&gt;<p>y</p>");
    assert_string_equal(f->entries[0].summary, "<b>s</b>");
    feed_free(f);
}

/* fuzz_feed_xml: a DOCTYPE after something that looked like the root is
 * not stripped; libxml2 then made a document even in SAX mode, which
 * leaked. Its entities are still never substituted. */
static void test_internal_subset_libxml2_meets_is_freed(void **state)
{
    (void)state;
    feed *f = parse_str("<!-- <a --><!DOCTYPE rss [<!ENTITY site \"Example\">]>"
                        "<rss version=\"2.0\"><channel><title>&site; news</title></channel></rss>");
    assert_string_equal(f->title, "&site; news");
    feed_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lifted_cdata_keeps_content_and_lines),
        cmocka_unit_test(test_cdata_in_a_tag_is_not_lifted),
        cmocka_unit_test(test_cdata_stand_ins_are_known_by_place),
        cmocka_unit_test(test_start_tag_without_gt_recovers_as_the_tree),
        cmocka_unit_test(test_depth_bound_is_libxml2s),
        cmocka_unit_test(test_text_node_bound_is_libxml2s),
        cmocka_unit_test(test_inline_xhtml_is_dumped_as_libxml2_did),
        cmocka_unit_test(test_internal_subset_libxml2_meets_is_freed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
