/*
 * feed.c — feed_parse(): bytes in, a normalized feed out.
 *
 * The front door of the module: bounds the input, turns it into UTF-8
 * (charset.c), hands it to the JSON Feed reader when it is a JSON object
 * and to the XML reader otherwise, then applies the format-independent
 * rules (normalize.c). One arena per feed holds every string.
 *
 * Not here: fetching, storing, or deciding what to do with a bad feed —
 * callers get an nm_error and decide.
 */
#include "feed_int.h"

#include <stdio.h>
#include <string.h>

void feed_set_bozo(feed_raw *r, const char *fmt, ...)
{
    if (r->bozo)
        return;
    r->bozo = true;
    va_list ap;
    va_start(ap, fmt);
    char msg[600];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    /* reasons quote the document (a charset name, an error message): keep
     * them valid UTF-8 without control characters */
    size_t n = strlen(msg);
    for (size_t i = 0; i < n;) {
        size_t ok = utf8_first_invalid(msg + i, n - i);
        for (size_t k = i; k < i + ok; k++)
            if ((unsigned char)msg[k] < 0x20)
                msg[k] = ' ';
        i += ok;
        if (i < n)
            msg[i++] = '?';
    }
    r->bozo_reason = arena_strdup(r->a, msg);
}

int feed_parse(const char *data, size_t len, const feed_parse_opts *opts, feed **out,
               nm_error *err)
{
    static const feed_parse_opts none;
    if (!opts)
        opts = &none;
    const char *source = opts->source ? opts->source : "";
    *out = NULL;
    if (len > FEED_MAX_INPUT)
        return nm_fail(err, source, 0, "feed too large: %zu bytes (the limit is %zu MiB)", len,
                       FEED_MAX_INPUT >> 20);
    arena *a = arena_new(0);
    feed_raw r = {.a = a, .raw_html = opts->raw_html};
    const char *utf8;
    size_t n;
    feed_to_utf8(&r, data, len, opts->http_charset, &utf8, &n);

    size_t i = 0;
    while (i < n && nm_is_xml_space(utf8[i]))
        i++;
    if (i == n) {
        arena_free(a);
        return nm_fail(err, source, 0, "not a feed: empty document");
    }
    const char *base = opts->base_url && *opts->base_url ? opts->base_url : NULL;
    int rc = utf8[i] == '{' || utf8[i] == '['
                 ? feed_read_json(&r, utf8 + i, n - i, base, source, err)
                 : feed_read_xml(&r, utf8, n, base, source, err);
    if (rc != 0) {
        arena_free(a);
        return -1;
    }
    feed *f = arena_zalloc(a, sizeof(*f));
    f->arena = a;
    feed_normalize(&r, f);
    *out = f;
    return 0;
}

void feed_free(feed *f)
{
    if (f)
        arena_free(f->arena);
}
