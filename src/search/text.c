/*
 * text.c — the words of a post body, for the index.
 *
 * A body is HTML (posts newsmill writes) or Markdown with HTML in it
 * (hand-written posts). gumbo parses it as a browser would, so entities
 * decode exactly as on the page; the walk keeps text nodes, drops what a
 * reader never sees (script, style, template, noscript), and puts a space
 * at every element that is not inline, so <p>a</p><p>b</p> gives "a b",
 * not "ab". Markdown punctuation stays in the text; the tokenizer treats
 * it as separators. gumbo allocates from an arena, so the tree is freed in
 * one go (no recursive destroy on a deep tree) and the walk is iterative.
 *
 * Why not html_to_text (src/html): it gives feed-json.md's TEXT, which
 * joins text nodes as they are, so <p>one</p><p>two</p> reads "onetwo"
 * and two English words become one term. An index needs the block
 * boundaries; should html_to_text gain them, this file can call it and
 * keep only the folding. Not here: Markdown rendering (a `#` or `*`
 * costs nothing in an index).
 */
#include "search_int.h"

#include <gumbo.h>
#include <string.h>

static void *g_alloc(void *ud, size_t n)
{
    return arena_alloc(ud, n ? n : 1);
}

static void g_free(void *ud, void *p)
{
    (void)ud, (void)p;
}

static bool is_hidden(GumboTag t)
{
    return t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_TEMPLATE ||
           t == GUMBO_TAG_NOSCRIPT || t == GUMBO_TAG_HEAD;
}

static bool is_inline(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_A: case GUMBO_TAG_ABBR: case GUMBO_TAG_B: case GUMBO_TAG_BDI:
    case GUMBO_TAG_BDO: case GUMBO_TAG_CITE: case GUMBO_TAG_CODE: case GUMBO_TAG_DATA:
    case GUMBO_TAG_DFN: case GUMBO_TAG_EM: case GUMBO_TAG_FONT: case GUMBO_TAG_I:
    case GUMBO_TAG_KBD: case GUMBO_TAG_MARK: case GUMBO_TAG_Q: case GUMBO_TAG_RUBY:
    case GUMBO_TAG_S: case GUMBO_TAG_SAMP: case GUMBO_TAG_SMALL: case GUMBO_TAG_SPAN:
    case GUMBO_TAG_STRONG: case GUMBO_TAG_SUB: case GUMBO_TAG_SUP: case GUMBO_TAG_TIME:
    case GUMBO_TAG_U: case GUMBO_TAG_VAR: case GUMBO_TAG_WBR: case GUMBO_TAG_STRIKE:
    case GUMBO_TAG_BIG: case GUMBO_TAG_TT: case GUMBO_TAG_INS: case GUMBO_TAG_DEL:
        return true;
    default:
        return false;
    }
}

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
    GumboOptions opt = kGumboDefaultOptions;
    opt.allocator = g_alloc;
    opt.deallocator = g_free;
    opt.userdata = tmp;
    opt.max_errors = 0;
    GumboOutput *g = gumbo_parse_with_options(&opt, html ? html : "", html ? len : 0);
    nm_buf b;
    buf_init(&b, max + 8);
    const GumboNode *n = g->root;
    bool full = false;
    /* Pre-order walk by parent links: down to the first child, else to
     * the next sibling, else up until an ancestor has one. */
    while (n && !full) {
        const GumboNode *down = NULL;
        if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
            n->type == GUMBO_NODE_WHITESPACE) {
            full = !put_text(&b, n->v.text.text, strlen(n->v.text.text));
        } else if ((n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) &&
                   !is_hidden(n->v.element.tag)) {
            if (!is_inline(n->v.element.tag))
                full = !put_text(&b, " ", 1);
            if (n->v.element.children.length > 0)
                down = n->v.element.children.data[0];
        }
        if (down) {
            n = down;
            continue;
        }
        while (n && n != g->root) {
            const GumboNode *parent = n->parent;
            size_t next = n->index_within_parent + 1;
            if (parent && next < parent->v.element.children.length) {
                n = parent->v.element.children.data[next];
                break;
            }
            n = parent;
            if (n && n->type == GUMBO_NODE_ELEMENT && !is_inline(n->v.element.tag))
                full = full || !put_text(&b, " ", 1);
        }
        if (n == g->root)
            break;
    }
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
