/*
 * fuzz_html_simple.c — simple.c builds gumbo's tree, or declines.
 *
 * For every input the one-pass builder (html_parse_simple) accepts (after
 * html_bound_depth, as html_parse_fragment calls it), its tree must equal
 * gumbo's for the same bytes in every field the html
 * module reads (tests/unit/html/tree_eq.h), and everything computed from
 * it must equal what the gumbo path computes: html_clean under both
 * policies (html, text, lead image) and html_to_text, once with the fast
 * path on and once with it forced off (html_simple_off). Any difference
 * aborts with both sides printed. Seeds: tests/fuzz/corpus/html_simple/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html/internal.h"
#include "../unit/html/tree_eq.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void differ(const char *what, const char *in, size_t n, const char *x, const char *y)
{
    fprintf(stderr, "fuzz_html_simple: %s differs\n--- input (%zu bytes)\n%.*s\n--- fast\n%s\n"
                    "--- gumbo\n%s\n", what, n, (int)n, in, x ? x : "(null)", y ? y : "(null)");
    abort();
}

static void same(const char *what, const char *in, size_t n, const char *x, const char *y)
{
    if ((x == NULL) != (y == NULL) || (x && strcmp(x, y)))
        differ(what, in, n, x, y);
}

/* Everything the module computes from the tree, with the fast path on
 * (fast) or off. */
static void outputs(arena *a, const char *in, size_t n, bool fast, const char *out[7])
{
    html_simple_off = !fast;
    html_opts art = {.policy = HTML_POLICY_ARTICLE, .base_url = "https://news.example.com/a/b.html"};
    html_opts feed = {.policy = HTML_POLICY_FEED, .base_url = "https://news.example.com/"};
    html_result r;
    nm_error err;
    if (html_clean(a, in, n, &art, &r, &err) != 0)
        abort();
    out[0] = r.html, out[1] = r.text, out[2] = r.lead_image;
    art.base_url = NULL;
    art.drop_editor = true;
    if (html_clean(a, in, n, &art, &r, &err) != 0)
        abort();
    out[3] = r.html;
    if (html_clean(a, in, n, &feed, &r, &err) != 0)
        abort();
    out[4] = r.html;
    out[5] = html_to_text(a, in, n, HTML_TEXT_JOINED);
    out[6] = "";
    html_simple_off = false;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    const char *in = (const char *)data;
    arena *a = arena_new(0);
    /* html_parse_fragment bounds the depth before either path */
    size_t blen = size;
    const char *bin = html_bound_depth(a, in, &blen);
    GumboOutput *fast = html_parse_simple(a, bin, blen);
    if (!fast) {
        arena_free(a);
        return 0;
    }
    html_simple_off = true;
    GumboOutput *slow = html_parse_fragment(a, bin, blen, NULL);
    html_simple_off = false;
    char where[512];
    const char *why = tree_eq(fast, slow, where, sizeof(where));
    if (why) {
        char msg[600];
        snprintf(msg, sizeof(msg), "tree (%s at %s)", why, where);
        differ(msg, in, size, "", "");
    }
    const char *x[7], *y[7];
    outputs(a, in, size, true, x);
    outputs(a, in, size, false, y);
    static const char *const what[] = {"ARTICLE html", "ARTICLE text", "ARTICLE lead_image",
                                       "ARTICLE (no base, drop_editor) html", "FEED html",
                                       "html_to_text", ""};
    for (int i = 0; i < 6; i++)
        same(what[i], in, size, x[i], y[i]);
    arena_free(a);
    return 0;
}
