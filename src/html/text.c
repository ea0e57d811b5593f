/*
 * text.c — plain text out of HTML, and excerpts of plain text.
 *
 * html_to_text is the one HTML-to-text of newsmill: the fragment is parsed
 * by gumbo as a browser would (so entities decode exactly as in a page and
 * "AT&T" stays "AT&T"; simple input gets the same tree from simple.c,
 * without gumbo; nesting bounded as for every parse here), and the text
 * nodes are joined; the contents of script, style and applet are not
 * text. Two modes: JOINED is feed-json.md's TEXT kind before whitespace
 * collapsing (feedparser joins <p>a</p><p>b</p> as "ab"); BLOCKS puts a
 * newline at each block boundary (the blocks of the ARTICLE policy's plain
 * text, html_tag_is_block) and drops template and noscript too — what
 * search indexes and what summaries and excerpts are cut from. Whitespace
 * is otherwise the caller's business.
 *
 * html_excerpt cuts plain text to N user-perceived characters (grapheme
 * clusters, via utf8proc: a CJK character, an emoji with its modifiers and
 * "e" + combining accent each count as one), collapsing whitespace (ASCII,
 * U+3000 and U+00A0, which Chinese articles use as paragraph indents) to
 * single spaces. It never splits a character; in Latin text it backs up to
 * the last space rather than cut a word in half, while CJK text, which has
 * no spaces, is cut anywhere. A cut text ends in "…".
 */
#include "html/internal.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>


static bool hidden(GumboTag t, html_text_mode mode)
{
    if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_APPLET)
        return true;
    return mode == HTML_TEXT_BLOCKS && (t == GUMBO_TAG_TEMPLATE || t == GUMBO_TAG_NOSCRIPT);
}

/* A block boundary in BLOCKS text: one newline, never two in a row. */
static void boundary(nm_buf *b)
{
    if (b->len && b->data[b->len - 1] != '\n')
        buf_putc(b, '\n');
}

char *html_to_text(arena *a, const char *in, size_t len, html_text_mode mode)
{
    if (!in)
        return arena_strdup(a, "");
    if (len > HTML_MAX_INPUT)
        len = HTML_MAX_INPUT;
    bool blocks = mode == HTML_TEXT_BLOCKS;
    arena *tmp = arena_new(len < 16384 ? 0 : 1 << 20);
    GumboOutput *g = html_parse_fragment(tmp, in, len, NULL);
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    /* Iterative pre-order walk; a frame closes a block when popped. */
    const GumboNode *root = g->root;
    typedef struct { const GumboVector *v; size_t i; bool block; } pos;
    size_t cap = 64, sp = 0;
    pos *stack = xmalloc(cap * sizeof(*stack));
    stack[sp++] = (pos){&root->v.element.children, 0, false};
    while (sp) {
        pos *p = &stack[sp - 1];
        if (p->i >= p->v->length) {
            if (p->block)
                boundary(&b);
            sp--;
            continue;
        }
        const GumboNode *n = p->v->data[p->i++];
        if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
            n->type == GUMBO_NODE_CDATA) {
            buf_puts(&b, n->v.text.text);
        } else if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) {
            GumboTag t = n->v.element.tag;
            if (hidden(t, mode))
                continue;
            bool block = blocks && html_tag_is_block(t);
            if (block)
                boundary(&b);
            if (sp == cap) {
                cap *= 2;
                stack = xrealloc(stack, cap * sizeof(*stack));
            }
            stack[sp++] = (pos){&n->v.element.children, 0, block};
        }
    }
    free(stack);
    char *r = (char *)html_valid_utf8(a, arena_strndup(a, buf_cstr(&b), b.len), false);
    buf_free(&b);
    arena_free(tmp);
    return r;
}

/* Length of the whitespace (ASCII, U+3000, U+00A0) at s, 0 if none. */
static size_t space_len(const char *s, size_t n)
{
    if (!n)
        return 0;
    if (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r' || s[0] == '\f')
        return 1;
    if (n >= 3 && !memcmp(s, "\xe3\x80\x80", 3))
        return 3;
    if (n >= 2 && !memcmp(s, "\xc2\xa0", 2))
        return 2;
    return 0;
}

static bool is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '\'' || c == '-';
}

char *html_excerpt(arena *a, const char *text, size_t nchars)
{
    if (!text)
        return arena_strdup(a, "");
    size_t n = strlen(text);
    char *out = arena_alloc(a, n + 4);
    size_t j = 0, count = 0;
    bool pending_space = false, cut = false;
    utf8proc_int32_t state = 0, prev = -1;
    size_t i = 0;
    while (i < n) {
        size_t sl = space_len(text + i, n - i);
        if (sl) {
            i += sl;
            pending_space = j > 0;
            prev = ' ';
            state = 0;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
                                              (utf8proc_ssize_t)(n - i), &cp);
        if (l <= 0) {
            l = 1;
            cp = 0xFFFD;
        }
        bool starts = prev < 0 || pending_space || utf8proc_grapheme_break_stateful(prev, cp, &state);
        if (starts) {
            if (count + (pending_space ? 1 : 0) >= nchars || count >= nchars) {
                cut = true;
                break;
            }
            if (pending_space) {
                out[j++] = ' ';
                count++;
                pending_space = false;
            }
            count++;
        }
        memcpy(out + j, text + i, (size_t)l);
        j += (size_t)l;
        i += (size_t)l;
        prev = cp;
    }
    if (cut) {
        /* Inside a Latin word: back up to the last space, if near. */
        if (j && is_word_byte((unsigned char)out[j - 1]) && is_word_byte((unsigned char)text[i])) {
            size_t k = j;
            while (k && out[k - 1] != ' ' && j - k < 24)
                k--;
            if (k && out[k - 1] == ' ')
                j = k;
        }
        while (j && out[j - 1] == ' ')
            j--;
        memcpy(out + j, "\xe2\x80\xa6", 3); /* … */
        j += 3;
    }
    out[j] = 0;
    return out;
}
