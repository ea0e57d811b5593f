/*
 * fuzz_feed_html.c — one sanitizer for feed HTML. feed_sanitize_html
 * (the HTML kind of `parse --json`) must give exactly what
 * html_clean(HTML_POLICY_FEED) gives for the same bytes and base (NULL
 * for an empty result), whichever way it takes: its plain-text shortcut,
 * html_clean's one-pass tree (simple.c) or gumbo. fuzz_html_simple checks
 * that the one-pass tree and gumbo agree byte for byte; this checks that
 * nothing in front of html_clean changes the answer. The first byte picks
 * whether there is a base URL. Also: the output is valid UTF-8.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed/feed_int.h"
#include "html/html.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *base = (data[0] & 1) ? "http://b.example/d/f.html" : NULL;
    const char *s = (const char *)data + 1;
    size_t n = size - 1;
    if (!utf8_valid(s, n) || memchr(s, 0, n))
        return 0; /* the feed module hands the sanitizer valid UTF-8 without NUL */
    arena *a = arena_new(0);
    const char *got = feed_sanitize_html(a, s, n, base);
    html_opts o = {.policy = HTML_POLICY_FEED, .base_url = base};
    html_result r;
    if (html_clean(a, s, n, &o, &r, NULL) != 0)
        abort();
    const char *want = r.html_len ? r.html : NULL;
    if ((got == NULL) != (want == NULL) || (got && strcmp(got, want) != 0)) {
        fprintf(stderr, "feed_sanitize_html differs from html_clean:\n in:   %.*s\n got:  %s\n want: %s\n",
                (int)n, s, got ? got : "(null)", want ? want : "(null)");
        abort();
    }
    if (got && !utf8_valid(got, strlen(got)))
        abort();
    arena_free(a);
    return 0;
}
