/*
 * test_benign.c — real-looking Chinese news bodies (tests/fixtures/articles/:
 * full-width indents, figures and captions, tables, lists, blockquotes,
 * <font>, <center>, entities, embeds) lose nothing a reader sees: the
 * visible text (whitespace-collapsed), the images and the links come out
 * exactly as they went in (URLs resolved against the base), and the output
 * is one HTML block and a fixed point.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <gumbo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html/html.h"

#define BASE "https://news.example.com/a/b.html"

static char *collapse(arena *a, const char *s)
{
    size_t n = strlen(s), j = 0;
    char *o = arena_alloc(a, n + 1);
    bool ws = true;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            if (!ws)
                o[j++] = ' ';
            ws = true;
        } else {
            o[j++] = c;
            ws = false;
        }
    }
    while (j && o[j - 1] == ' ')
        j--;
    o[j] = 0;
    return o;
}

/* "tag attr" values of a document, one per line, URLs resolved. */
static void collect(arena *a, const GumboNode *n, nm_buf *out, bool resolve)
{
    if (n->type != GUMBO_NODE_ELEMENT)
        return;
    const GumboElement *el = &n->v.element;
    const char *want = el->tag == GUMBO_TAG_IMG ? "src" : el->tag == GUMBO_TAG_A ? "href" : NULL;
    if (want) {
        for (unsigned i = 0; i < el->attributes.length; i++) {
            const GumboAttribute *at = el->attributes.data[i];
            if (strcmp(at->name, want))
                continue;
            const char *v = resolve ? url_resolve(a, BASE, at->value) : at->value;
            buf_printf(out, "%s %s\n", gumbo_normalized_tagname(el->tag), v);
        }
    }
    for (unsigned i = 0; i < el->children.length; i++)
        collect(a, el->children.data[i], out, resolve);
}

static char *refs(arena *a, const char *html, bool resolve)
{
    GumboOutput *g = gumbo_parse(html);
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    collect(a, g->root, &b, resolve);
    char *r = arena_strdup(a, buf_cstr(&b));
    buf_free(&b);
    gumbo_destroy_output(&kGumboDefaultOptions, g);
    return r;
}

static void test_benign_articles_keep_text_images_and_links(void **state)
{
    (void)state;
    const char *root = getenv("NM_ROOT");
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/tests/fixtures/articles", root && root[0] ? root : ".");
    DIR *d = opendir(dir);
    if (!d)
        fail_msg("cannot open %s (set NM_ROOT)", dir);
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 6 || strcmp(e->d_name + l - 5, ".html"))
            continue;
        char path[8192];
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        nm_buf in;
        nm_error err;
        buf_init(&in, NM_BUF_NOLIMIT);
        assert_int_equal(fs_read_file(path, 1 << 20, &in, &err), 0);
        arena *a = arena_new(0);
        html_opts o = {.policy = HTML_POLICY_ARTICLE, .base_url = BASE};
        html_result r, again;
        assert_int_equal(html_clean(a, in.data, in.len, &o, &r, &err), 0);
        char *want_text = collapse(a, html_to_text(a, in.data, in.len, HTML_TEXT_JOINED));
        char *got_text = collapse(a, html_to_text(a, r.html, r.html_len, HTML_TEXT_JOINED));
        if (strcmp(want_text, got_text))
            fail_msg("%s: text changed\n want: %s\n  got: %s", e->d_name, want_text, got_text);
        char *want_refs = refs(a, in.data, true), *got_refs = refs(a, r.html, false);
        if (strcmp(want_refs, got_refs))
            fail_msg("%s: images/links changed\n want: %s\n  got: %s", e->d_name, want_refs, got_refs);
        if (strstr(r.html, "\n\n") || strstr(r.html, "\n    "))
            fail_msg("%s: not one HTML block: %s", e->d_name, r.html);
        assert_int_equal(html_clean(a, r.html, r.html_len, &o, &again, &err), 0);
        if (strcmp(again.html, r.html))
            fail_msg("%s: not idempotent", e->d_name);
        buf_free(&in);
        arena_free(a);
        count++;
    }
    closedir(d);
    assert_true(count >= 30);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_benign_articles_keep_text_images_and_links),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
