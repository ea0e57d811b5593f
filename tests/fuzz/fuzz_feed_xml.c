/*
 * fuzz_feed_xml.c — feed_parse on arbitrary bytes, the XML path above all
 * (charset detection, the repair pass, libxml2 recovery, the RSS/Atom walk,
 * sanitizing). The first byte picks the HTTP charset the parse is told
 * (none, GBK, UTF-16, ISO-8859-1, Shift_JIS), so the charset code sees
 * every declaration against every kind of bytes. The buffer is exactly the
 * fuzzer's data (no NUL), so ASan catches any read past the end.
 *
 * Every parse must end; a feed must serialize to valid UTF-8 JSON.
 */
#include <stdlib.h>
#include <string.h>

#include "feed/feed.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    static const char *const charsets[] = {NULL, "gbk", "utf-16", "iso-8859-1", "shift_jis"};
    if (size < 1)
        return 0;
    const char *cs = charsets[data[0] % 5];
    size_t n = size - 1;
    char *buf = malloc(n ? n : 1);
    memcpy(buf, data + 1, n);
    feed_parse_opts o = {.http_charset = cs, .base_url = (data[0] & 8) ? "http://b.example/d/f" : NULL,
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
