/*
 * fuzz_links.c — the link finder of section pages (type: html) on
 * arbitrary bytes: the first line is the item: selector (empty: links are
 * found; CSS subset or XPath), the rest the page at a fixed URL; the same
 * selector is also read as a feeds.yml selector: (extract_css_xpath).
 * Every link must be an absolute http(s) URL without a fragment, each
 * once. Errors are fine; crashes and leaks are not.
 */
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    const char *nl = memchr(p, '\n', size);
    size_t sel_len = nl ? (size_t)(nl - p) : 0;
    if (sel_len > 200)
        return 0;
    arena *a = arena_new(0);
    char *sel = arena_strndup(a, p, sel_len);
    if (memchr(sel, '\0', sel_len)) {
        arena_free(a);
        return 0;
    }
    const char *html = nl ? nl + 1 : p;
    size_t len = size - (size_t)(html - p);
    extract_link *l;
    size_t n;
    nm_error err;
    if (extract_links(a, html, len, "https://news.example.com.cn/china/index.html",
                      *sel ? sel : NULL, 0, &l, &n, &err) == 0) {
        for (size_t i = 0; i < n; i++) {
            if (strncmp(l[i].url, "http", 4) != 0 || strchr(l[i].url, '#') || !l[i].text)
                abort();
            for (size_t k = 0; k < i; k++)
                if (strcmp(l[i].url, l[k].url) == 0)
                    abort();
        }
    }
    if (*sel)
        (void)extract_css_xpath(a, sel, &err);
    arena_free(a);
    return 0;
}
