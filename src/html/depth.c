/*
 * depth.c — a bound on nesting, applied before gumbo sees the input.
 *
 * gumbo's tree builder scans its stack of open elements for many start
 * and end tags, so n unclosed elements cost O(n²): 100,000 nested <div>
 * took 25 s to clean. Real articles nest a few dozen levels. This file
 * measures, in one cheap pass, how deep the start tags that stay open
 * could nest (void elements and those a sibling closes — p, li, td … —
 * do not count); past HTML_MAX_PARSE_DEPTH it copies the input without
 * the start and end tags beyond that depth, keeping all text. The output
 * flattens everything past HTML_MAX_DEPTH (200) anyway, so markup that a
 * reader could see is never lost: only hostile input takes this path.
 *
 * The scan is lexical, not a parse: comments are skipped, quotes inside
 * tags are not tracked. That errs toward counting more depth, which only
 * ever removes tags from input that is already absurd.
 */
#include "html_int.h"

#include <string.h>

#define HTML_MAX_PARSE_DEPTH 1000

/* Tags that never stay open on the stack: void elements and elements
 * closed by their next sibling. */
static bool stays_open(const char *name, size_t n)
{
    /* by length, so that a tag is compared with few names (this runs for
     * every tag of every page) */
    static const char *const flat[9][10] = {
        [1] = {"p"},
        [2] = {"br", "hr", "li", "dt", "dd", "tr", "td", "th", "rt", "rp"},
        [3] = {"col", "img", "wbr"},
        [4] = {"area", "base", "link", "meta"},
        [5] = {"embed", "input", "param", "track", "tbody", "thead", "tfoot"},
        [6] = {"source", "option"},
        [8] = {"optgroup"},
    };
    if (n >= NM_ARRAY_LEN(flat))
        return true;
    for (size_t i = 0; i < NM_ARRAY_LEN(flat[n]) && flat[n][i]; i++)
        if (nm_strncasecmp(flat[n][i], name, n) == 0)
            return false;
    return true;
}

/* One pass over s. With out == NULL it returns the deepest nesting seen;
 * otherwise it appends s to out less the tags nested past limit. */
static size_t depth_pass(const char *s, size_t n, size_t limit, nm_buf *out)
{
    size_t depth = 0, max = 0, copied = 0, i = 0;
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        if (!lt)
            break;
        i = (size_t)(lt - s);
        size_t tag_start = i;
        if (i + 3 < n && memcmp(s + i, "<!--", 4) == 0) {
            const char *end = memmem(s + i + 4, n - i - 4, "-->", 3);
            i = end ? (size_t)(end - s) + 3 : n;
            continue;
        }
        bool closing = i + 1 < n && s[i + 1] == '/';
        size_t name = i + (closing ? 2 : 1), e = name;
        if (e >= n || !nm_is_alpha(s[e])) {
            i++;
            continue;
        }
        while (e < n && nm_is_alnum(s[e]))
            e++;
        const char *gt = memchr(s + e, '>', n - e);
        size_t tag_end = gt ? (size_t)(gt - s) + 1 : n;
        bool self_closed = gt && gt > s + e && gt[-1] == '/';
        bool drop = false;
        if (stays_open(s + name, e - name) && !self_closed) {
            if (closing) {
                drop = depth > limit;
                if (depth)
                    depth--;
            } else {
                depth++;
                drop = depth > limit;
                if (depth > max)
                    max = depth;
            }
        }
        if (drop && out) {
            buf_append(out, s + copied, tag_start - copied);
            copied = tag_end;
        }
        i = tag_end;
    }
    if (out)
        buf_append(out, s + copied, n - copied);
    return max;
}

const char *html_bound_depth(arena *tmp, const char *in, size_t *len)
{
    return html_bound_depth_to(tmp, in, len, HTML_MAX_PARSE_DEPTH);
}

const char *html_bound_depth_to(arena *tmp, const char *in, size_t *len, size_t limit)
{
    /* nesting past the bound takes at least three bytes ("<a>") a level */
    if (*len <= 3 * limit || depth_pass(in, *len, 0, NULL) <= limit)
        return in;
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    depth_pass(in, *len, limit, &b);
    const char *copy = arena_strndup(tmp, buf_cstr(&b), b.len);
    *len = b.len;
    buf_free(&b);
    return copy;
}
