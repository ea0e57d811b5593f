/*
 * fuzz_extract.c — the extractor on arbitrary page bytes: charset
 * sniffing and decoding, the parse into libxml2's tree (parse.c), the
 * built-in site rules (the first byte picks the page's host), the scorer,
 * metadata and output. The html and text must be valid UTF-8, a lead
 * image, a next page and a single page absolute http(s) URLs. Seeds: tests/fuzz/corpus/extract/.
 */
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"

static bool http(const char *u)
{
    return !strncmp(u, "http://", 7) || !strncmp(u, "https://", 8);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static extract_rules *rules;
    if (!rules)
        rules = extract_rules_new(true);
    static const char *const urls[] = {
        "https://finance.sina.com.cn/a/doc-1.shtml", "https://www.163.com/news/a.html",
        "https://example.com/news/story.html", NULL,
    };
    const char *url = urls[size ? data[0] % 4 : 0];
    arena *a = arena_new(0);
    extract_input in = {.data = (const char *)data, .len = size, .url = url};
    extract_article art;
    nm_error err;
    nm_error_clear(&err);
    extract_page(a, rules, &in, &art, &err);
    if (!utf8_valid(art.text, strlen(art.text)) || !utf8_valid(art.html, strlen(art.html)) ||
        !utf8_valid(art.title, strlen(art.title)))
        abort();
    if ((art.lead_image && !http(art.lead_image)) || (art.next_page && !http(art.next_page)) ||
        (art.single_page && !http(art.single_page)))
        abort();
    arena_free(a);
    return 0;
}
