/*
 * text.c — the words of a post body, for the index.
 *
 * A body is HTML (posts newsmill writes) or Markdown with HTML in it
 * (hand-written posts). The html module's html_to_text (BLOCKS mode)
 * reads it as a browser would, with the nesting bound every HTML parse
 * of newsmill has (100,000 nested <div> cost milliseconds, not seconds):
 * entities decode exactly as on the page, what a reader never sees
 * (script, style, template, noscript) is dropped, and block boundaries
 * separate, so <p>a</p><p>b</p> gives "a b", not "ab". This file only
 * folds the whitespace and cuts. Markdown punctuation stays in the text;
 * the tokenizer treats it as separators. Not here: Markdown rendering (a
 * `#` or `*` costs nothing in an index).
 */
#include "search_int.h"

#include <string.h>

#include "html/html.h"

/* Appends s[0, n) to b, control characters and whitespace runs folded to
 * one space (also U+3000 and U+00A0); stops (returns false) when b is
 * full — before its cap, which would poison it. */
static bool put_text(nm_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (b->len >= b->max)
            return false;
        unsigned char c = (unsigned char)s[i];
        /* U+3000 and U+00A0 (paragraph indents of Chinese articles) too */
        size_t wide = (c == 0xE3 && i + 2 < n && s[i + 1] == '\x80' && s[i + 2] == '\x80') ? 2
                      : (c == 0xC2 && i + 1 < n && s[i + 1] == '\xA0')                  ? 1
                                                                                       : 0;
        if (c < 0x20 || c == 0x7f || c == ' ' || wide) {
            i += wide;
            if (b->len > 0 && b->data[b->len - 1] != ' ' && buf_putc(b, ' ') < 0)
                return false;
        } else if (buf_putc(b, (char)c) < 0) {
            return false;
        }
    }
    return true;
}

char *search_body_text(arena *a, const char *html, size_t len, size_t max)
{
    arena *tmp = arena_new(len < 16384 ? 0 : 1 << 20);
    const char *t = html_to_text(tmp, html ? html : "", html ? len : 0, HTML_TEXT_BLOCKS);
    nm_buf b;
    buf_init(&b, max + 8);
    put_text(&b, t, strlen(t));
    /* Cut at max on a character boundary, trim the edges. */
    size_t end = b.len < max ? b.len : max;
    while (end > 0 && end < b.len && ((unsigned char)b.data[end] & 0xC0) == 0x80)
        end--;
    size_t start = 0;
    while (start < end && b.data[start] == ' ')
        start++;
    while (end > start && b.data[end - 1] == ' ')
        end--;
    char *out = arena_strndup(a, b.data ? b.data + start : "", end - start);
    buf_free(&b);
    arena_free(tmp);
    return out;
}

char *search_clean_line(arena *a, const char *s)
{
    if (!s)
        return arena_strdup(a, "");
    size_t n = strlen(s);
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    put_text(&b, s, n);
    size_t start = 0, end = b.len;
    while (start < end && b.data[start] == ' ')
        start++;
    while (end > start && b.data[end - 1] == ' ')
        end--;
    char *out = arena_strndup(a, b.data ? b.data + start : "", end - start);
    buf_free(&b);
    return out;
}
