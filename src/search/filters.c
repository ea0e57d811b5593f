/*
 * filters.c — the field filters and exclusions of a query, taken out
 * before the words are cut into pieces (query.c):
 *   category:NAME   a post whose categories hold NAME (as a phrase, so
 *                   category:金融 also finds 金融 / 新浪财经)
 *   author:NAME     the same for the author
 *   since:DATE      posts dated DATE or later (UTC midnight; any form
 *                   date_parse reads: 2022-08-01, 2022-08, 2022)
 *   until:DATE      posts dated before the end of DATE's day
 *   -WORD, -"a phrase"  posts without it
 * A value may be quoted: category:"World News". Anything else stays in
 * the text, quotes and all. An unreadable date is kept as text (so it is
 * searched, and usually finds nothing, rather than silently ignored).
 */
#include "search_int.h"

#include <string.h>

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* The unit at q[i]: a quoted run (quotes included) or up to a space. */
static size_t unit_end(const char *q, size_t n, size_t i)
{
    if (q[i] == '"') {
        const char *close = memchr(q + i + 1, '"', n - i - 1);
        if (close)
            return (size_t)(close - q) + 1;
    }
    while (i < n && !is_space(q[i]))
        i++;
    return i;
}

/* A value: quoted (quotes dropped) or up to a space; *end past it. */
static const char *value(arena *a, const char *q, size_t n, size_t i, size_t *end)
{
    *end = unit_end(q, n, i);
    size_t s = i, e = *end;
    if (e - s >= 2 && q[s] == '"' && q[e - 1] == '"')
        s++, e--;
    return arena_strndup(a, q + s, e - s);
}

static bool prefix(const char *q, size_t n, size_t i, const char *p)
{
    size_t k = strlen(p);
    return n - i > k && nm_strncasecmp(q + i, p, k) == 0;
}

void search_parse_query(arena *a, const char *q, size_t n, search_query_parts *out)
{
    memset(out, 0, sizeof *out);
    out->since = out->until = NM_NO_TIME;
    nm_buf rest;
    buf_init(&rest, NM_BUF_NOLIMIT);
    size_t i = 0;
    while (i < n) {
        while (i < n && is_space(q[i]))
            i++;
        if (i >= n)
            break;
        size_t end;
        if (prefix(q, n, i, "category:")) {
            out->category = value(a, q, n, i + 9, &end);
        } else if (prefix(q, n, i, "author:")) {
            out->author = value(a, q, n, i + 7, &end);
        } else if (prefix(q, n, i, "since:") || prefix(q, n, i, "until:")) {
            bool since = q[i] == 's' || q[i] == 'S';
            const char *v = value(a, q, n, i + 6, &end);
            int64_t t = date_parse(v, strlen(v), NULL);
            if (t == NM_NO_TIME) {
                buf_append(&rest, q + i, end - i);
                buf_putc(&rest, ' ');
            } else if (since) {
                out->since = t;
            } else {
                date_parts d;
                date_split(t, NULL, &d);
                out->until = date_from_civil(d.year, d.month, d.day + 1, 0, 0, 0);
            }
        } else if (q[i] == '-' && i + 1 < n && !is_space(q[i + 1]) && out->nexclude < 16) {
            out->exclude[out->nexclude++] = value(a, q, n, i + 1, &end);
        } else {
            end = unit_end(q, n, i);
            buf_append(&rest, q + i, end - i);
            buf_putc(&rest, ' ');
        }
        i = end;
    }
    out->text = arena_strdup(a, buf_cstr(&rest));
    buf_free(&rest);
}
