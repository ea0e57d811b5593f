/*
 * fuzz_date.c — date_parse on arbitrary bytes, read as UTC and as
 * Asia/Shanghai local time. The input buffer is exactly the fuzzer's data
 * (no NUL), so ASan catches any read past n. For every instant that
 * parses, both formats must read back to the same instant, and
 * date_split must agree with the RFC 1123 text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

static void check(int64_t t, const char *in, size_t n)
{
    if (t == NM_NO_TIME)
        return;
    char a[32], b[32];
    date_format_rfc1123(t, a);
    date_format_iso(t, b);
    if (date_parse(a, strlen(a), NULL) != t || date_parse(b, strlen(b), NULL) != t) {
        fprintf(stderr, "round trip failed for %lld (%s / %s) from '%.*s'\n", (long long)t, a,
                b, (int)n, in);
        abort();
    }
    date_parts p;
    date_split(t, NULL, &p);
    if (p.year < 1 || p.year > 9999 || p.month < 1 || p.month > 12 || p.day < 1 ||
        p.day > 31 || p.wday < 0 || p.wday > 6 || p.yday < 0 || p.yday > 365)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const date_zone *shanghai;
    if (!shanghai && !(shanghai = date_zone_get("Asia/Shanghai", NULL)))
        abort();
    const char *s = (const char *)data;
    check(date_parse(s, size, NULL), s, size);
    check(date_parse(s, size, shanghai), s, size);
    return 0;
}
