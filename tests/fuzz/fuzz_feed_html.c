/*
 * fuzz_feed_html.c — the two sanitizer paths agree. For any fragment the
 * one-pass path (sanitize_fast.c) accepts, its output cleaned again by
 * html_clean(HTML_POLICY_FEED) must give exactly what html_clean gives for
 * the original: full(x, base) == full(fast(x, base), no base). The first
 * byte picks whether there is a base URL. Also: neither path may crash on
 * any bytes, and both must produce valid UTF-8 from valid UTF-8.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed/feed_int.h"

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
    bool done = false;
    const char *fast = feed_sanitize_html_fast(a, s, n, base, &done);
    const char *slow = feed_sanitize_html_full(a, s, n, base);
    if (slow && !utf8_valid(slow, strlen(slow)))
        abort();
    if (done) {
        const char *again = fast ? feed_sanitize_html_full(a, fast, strlen(fast), NULL) : NULL;
        if ((again == NULL) != (slow == NULL) || (again && strcmp(again, slow) != 0)) {
            fprintf(stderr, "paths differ:\n in:   %.*s\n fast: %s\n full(fast): %s\n full: %s\n",
                    (int)n, s, fast ? fast : "(null)", again ? again : "(null)", slow ? slow : "(null)");
            abort();
        }
    }
    arena_free(a);
    return 0;
}
