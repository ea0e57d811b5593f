/*
 * fuzz_feed_json.c — feed_parse on arbitrary bytes that start as a JSON
 * Feed: the fuzzer's data follows a fixed `{"version": ".../1.1", ` prefix
 * half of the time, so most inputs reach the JSON Feed mapping (items,
 * authors, attachments, content_html through the sanitizer) rather than
 * dying in the JSON syntax. A feed must serialize to valid UTF-8 JSON.
 */
#include <stdlib.h>
#include <string.h>

#include "feed/feed.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static const char prefix[] = "{\"version\": \"https://jsonfeed.org/version/1.1\", ";
    if (size < 1)
        return 0;
    bool wrap = data[0] & 1;
    size_t plen = wrap ? sizeof(prefix) - 1 : 0;
    size_t n = plen + size - 1;
    char *buf = malloc(n ? n : 1);
    memcpy(buf, prefix, plen);
    memcpy(buf + plen, data + 1, size - 1);
    feed_parse_opts o = {.base_url = (data[0] & 2) ? "https://b.example/feed.json" : NULL,
                         .source = "fuzz"};
    feed *f = NULL;
    nm_error err;
    if (feed_parse(buf, n, &o, &f, &err) == 0) {
        nm_buf out;
        buf_init(&out, NM_BUF_NOLIMIT);
        if (feed_to_json(f, &out) != 0 || !utf8_valid(out.data, out.len))
            abort();
        buf_free(&out);
        feed_free(f);
    }
    free(buf);
    return 0;
}
