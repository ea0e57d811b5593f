/*
 * test_parse.c — the extractor's HTML parser (src/extract/parse.c) builds
 * the tree libxml2 2.9's HTML parser builds: each expected tree below is
 * what htmlReadMemory (RECOVER, COMPACT, NODEFDTD) gave for the same
 * input, comments and template contents taken out as the extractor did.
 * Covered: implied html/head/body/p, start tags closing open elements
 * (p, li, td, tr, dt/dd, option, a, h1 by p), end tags closing up to
 * their element unless an element of higher end priority is between,
 * end tags closing nothing, void and self-closed elements, unknown
 * elements, character references, attribute names and values (case,
 * duplicates, unquoted, without value, names XPath cannot match), raw
 * text, comments, DOCTYPE, stray "<", a second html/head/body, what comes
 * after </html>, and the nesting bound.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "extract/extract_int.h"

/* The tree as <name a=v>…</name> with [text] runs, into b. */
static void dump(nm_buf *b, xmlNodePtr n)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE) {
            buf_printf(b, "[%s]", (const char *)c->content);
        } else if (c->type == XML_ELEMENT_NODE) {
            buf_printf(b, "<%s", (const char *)c->name);
            for (xmlAttrPtr a = c->properties; a; a = a->next)
                buf_printf(b, " %s=%s", (const char *)a->name,
                           a->children ? (const char *)a->children->content : "(none)");
            buf_putc(b, '>');
            dump(b, c);
            buf_printf(b, "</%s>", (const char *)c->name);
        } else {
            buf_puts(b, "{other node}");
        }
    }
}

static void check(const char *in, const char *want)
{
    xmlDocPtr doc = extract_parse_html(in, strlen(in));
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    dump(&b, (xmlNodePtr)doc);
    if (strcmp(buf_cstr(&b), want))
        fail_msg("parsing %s\n  got:  %s\n  want: %s", in, buf_cstr(&b), want);
    buf_free(&b);
    xmlFreeDoc(doc);
}

static void test_parse_implied_elements(void **state)
{
    (void)state;
    check("<p>a<p>b", "<html><body><p>[a]</p><p>[b]</p></body></html>");
    check("hello <b>w</b>", "<html><body><p>[hello ]<b>[w]</b></p></body></html>");
    check("<title>T</title><meta name=a content=b><p>x",
          "<html><head><title>[T]</title><meta name=a content=b></meta></head>"
          "<body><p>[x]</p></body></html>");
    check("<html><head><title>x</title></head>text<body>y</body></html>",
          "<html><head><title>[x]</title></head><body><p>[text]</p>[y]</body></html>");
    check("<style>p{}</style><div>x</div>",
          "<html><head><style>[p{}]</style></head><body><div>[x]</div></body></html>");
}

static void test_parse_start_tags_close(void **state)
{
    (void)state;
    check("<ul><li>a<li>b</ul>", "<html><body><ul><li>[a]</li><li>[b]</li></ul></body></html>");
    check("<table><tr><td>a<td>b<tr><td>c</table>",
          "<html><body><table><tr><td>[a]</td><td>[b]</td></tr><tr><td>[c]</td></tr></table>"
          "</body></html>");
    check("<dl><dt>a<dd>b<dt>c</dl>",
          "<html><body><dl><dt>[a]</dt><dd>[b]</dd><dt>[c]</dt></dl></body></html>");
    check("<select><option>a<option>b</select>",
          "<html><body><select><option>[a]</option><option>[b]</option></select></body></html>");
    check("<a href=1>x<a href=2>y", "<html><body><a href=1>[x]</a><a href=2>[y]</a></body></html>");
    check("<h1>a<p>b</h1>c", "<html><body><h1>[a]</h1><p>[bc]</p></body></html>");
    /* libxml2's list, not HTML5's: unknown elements and noscript close no <p> */
    check("<p>a<section>b</section>c</p>",
          "<html><body><p>[a]<section>[b]</section>[c]</p></body></html>");
    check("<p><img src=a><noscript><img src=b></noscript></p>",
          "<html><body><p><img src=a></img><noscript><img src=b></img></noscript></p></body></html>");
}

static void test_parse_end_tags(void **state)
{
    (void)state;
    check("<div><p>a</div>b", "<html><body><div><p>[a]</p></div>[b]</body></html>");
    /* </div> does not close a <td> (end priority 150 < 160); it closes nothing */
    check("<div><table><tr><td>a</div>b</td></tr></table></div>c",
          "<html><body><div><table><tr><td>[ab]</td></tr></table></div>[c]</body></html>");
    check("<b><p>x</b>y</p>", "<html><body><b></b><p>[xy]</p></body></html>");
    check("<p>x</br>y</p>", "<html><body><p>[xy]</p></body></html>");
    check("<p>a</P><DIV CLASS=X>b</DIV>", "<html><body><p>[a]</p><div class=X>[b]</div></body></html>");
}

static void test_parse_void_and_self_closed(void **state)
{
    (void)state;
    check("<p>a<br>b<img src=i>c<span/>d</p>",
          "<html><body><p>[a]<br></br>[b]<img src=i></img>[c]<span></span>[d]</p></body></html>");
    /* <source> is not void in HTML 4: it holds what follows */
    check("<picture><source srcset=x><img src=y></picture>z",
          "<html><body><picture><source srcset=x><img src=y></img></source></picture>[z]"
          "</body></html>");
}

static void test_parse_text_and_references(void **state)
{
    (void)state;
    check("<p>&amp;&lt;&#65;&#x42;&nbsp;&bogus; &amp x&#0;y&#abc&apos;</p>",
          "<html><body><p>[&<AB\xc2\xa0&bogus; &amp xyabc']</p></body></html>");
    check("a < b & c <3 </ d", "<html><body><p>[a < b & c <3  d]</p></body></html>");
    check("a<!foo>b", "<html><body><p>[a<!foo>b]</p></body></html>");
    check("<script>if (a < b) { x = '</p>'; }</script><p>x</p>",
          "<html><head><script>[if (a < b) { x = '</p>'; }]</script></head>"
          "<body><p>[x]</p></body></html>");
    check("<!DOCTYPE html><!-- c --><?xml x?><p>a<!-- b -->c</p>",
          "<html><body><p>[a][c]</p></body></html>");
    check("<template><p>x</p></template><p>y</p>",
          "<html><body><template></template><p>[y]</p></body></html>");
}

static void test_parse_attributes(void **state)
{
    (void)state;
    check("<a href='x' HREF=y class=c data-x=\"1 > 2\" 9bad=1 @click=z title>t</a>",
          "<html><body><a href=x class=c data-x=1 > 2 title=(none)>[t]</a></body></html>");
    check("<a href='a&amp;b&#x26;c&lt'>x</a>", "<html><body><a href=a&b&c&lt>[x]</a></body></html>");
    check("<img src=\"x\" alt='a\"b'/>", "<html><body><img src=x alt=a\"b></img></body></html>");
}

static void test_parse_repeated_roots(void **state)
{
    (void)state;
    check("<body class=a><p>x</p><body class=b><p>y</p></body></body><p>z</p>",
          "<html><body class=a><p>[x]</p><p>[y]</p></body><p>[z]</p></html>");
    /* after </html>: a new <html> inside the first, or beside it after a DOCTYPE */
    check("<html><body>y</body></html>after",
          "<html><body>[y]</body><html><p>[after]</p></html></html>");
    check("<!DOCTYPE html><html><body>y</body></html>after",
          "<html><body>[y]</body></html><html><p>[after]</p></html>");
    /* text on both sides of what makes no node is one node */
    check("<body>a<body>b</body>c", "<html><body>[abc]</body></html>");
    check("x<html>y", "<html><body><p>[xy]</p></body></html>");
    check("<p>a<!DOCTYPE html>b</p>", "<html><body><p>[ab]</p></body></html>");
    /* the implied <p> is made when its text comes, before what follows */
    check("x</p>y</q>z", "<html><body><p>[x]</p>[yz]</body></html>");
    check("<head>t<head>u</head>", "<html><head></head><body><p>[t]</p>[u]</body></html>");
}

static size_t depth(xmlNodePtr n)
{
    size_t d = 0;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        size_t k = depth(c);
        if (k > d)
            d = k;
    }
    return d + 1;
}

static void test_parse_nesting_is_bounded(void **state)
{
    (void)state;
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    for (int i = 0; i < 5000; i++)
        buf_printf(&b, "<div>%d", i);
    buf_puts(&b, "<p>end");
    xmlDocPtr doc = extract_parse_html(buf_cstr(&b), b.len);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    assert_true(depth(root) <= 201);
    xmlChar *text = xmlNodeGetContent(root);
    assert_non_null(strstr((const char *)text, "4999"));
    assert_non_null(strstr((const char *)text, "end"));
    xmlFree(text);
    xmlFreeDoc(doc);
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_implied_elements),
        cmocka_unit_test(test_parse_start_tags_close),
        cmocka_unit_test(test_parse_end_tags),
        cmocka_unit_test(test_parse_void_and_self_closed),
        cmocka_unit_test(test_parse_text_and_references),
        cmocka_unit_test(test_parse_attributes),
        cmocka_unit_test(test_parse_repeated_roots),
        cmocka_unit_test(test_parse_nesting_is_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
