/*
 * more.c — Hexo's `<!-- more -->` marker: where the excerpt of a body ends.
 *
 * Hexo matches /<!--\s*more\s*-->/i: any ASCII whitespace inside the
 * comment, "more" in any case. The first marker counts. The site builder
 * replaces it with <span id="more"></span>; this file only finds it.
 */
#include "post.h"

#include <string.h>


bool post_split_more(str_view body, str_view *before, str_view *after)
{
    const char *p = body.ptr, *end = body.ptr + body.len;
    while (p && p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt)
            break;
        const char *q = lt + 1;
        if (end - q >= 3 && memcmp(q, "!--", 3) == 0) {
            q += 3;
            while (q < end && nm_is_space(*q))
                q++;
            if (end - q >= 4 && nm_strncasecmp(q, "more", 4) == 0) {
                q += 4;
                while (q < end && nm_is_space(*q))
                    q++;
                if (end - q >= 3 && memcmp(q, "-->", 3) == 0) {
                    q += 3;
                    if (before)
                        *before = sv_make(body.ptr, (size_t)(lt - body.ptr));
                    if (after)
                        *after = sv_make(q, (size_t)(end - q));
                    return true;
                }
            }
        }
        p = lt + 1;
    }
    return false;
}
