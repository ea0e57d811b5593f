/*
 * fuzz_extract_rules.c — the FiveFilters site-config reader on arbitrary
 * bytes, then the rule applied to a small page (XPath evaluation of
 * whatever survived compilation, strip/replace_string on the page).
 * Every warning must name the file and a line; the article's text must be
 * valid UTF-8. Errors are fine; crashes and leaks are not. Seeds:
 * tests/fuzz/corpus/extract_rules/.
 */
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"

static const char page[] =
    "<html><head><title>T - S</title></head><body><h1 class='t'>Title</h1>"
    "<div id='body'><p>One paragraph, with commas, long enough to be an article.</p>"
    "<div class='ad'>ad</div><img src='x.gif'><a class='next' href='p2.html'>next</a>"
    "<p>Two.</p></div></body></html>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    extract_rules *r = extract_rules_new(false);
    extract_rules_add(r, "fuzz.test.txt", (const char *)data, size);
    size_t n;
    const char *const *w = extract_rules_warnings(r, &n);
    for (size_t i = 0; i < n; i++)
        if (strncmp(w[i], "fuzz.test.txt:", 14))
            abort();
    arena *a = arena_new(0);
    extract_input in = {.data = page, .len = sizeof(page) - 1, .url = "https://www.fuzz.test/a"};
    extract_article art;
    nm_error err;
    nm_error_clear(&err);
    extract_page(a, r, &in, &art, &err);
    if (!utf8_valid(art.text, strlen(art.text)) || !utf8_valid(art.html, strlen(art.html)))
        abort();
    arena_free(a);
    extract_rules_free(r);
    return 0;
}
