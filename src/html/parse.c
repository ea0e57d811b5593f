/*
 * parse.c — gumbo on an arena, and the small readers of its tree that the
 * module's files share.
 *
 * The input's nesting is bounded first (depth.c). Then a fragment that
 * simple.c can prove simple (a few paragraphs, links, images and
 * emphasis, well nested: most feed bodies) never reaches gumbo: simple.c
 * builds the very tree gumbo would, in one pass (0.5-0.9 µs for a
 * 414-byte <p> body, where gumbo takes 18-40 µs). Everything else goes to
 * gumbo, which allocates every node with malloc and frees them one by
 * one; here it allocates from the caller's temporary arena instead, so a
 * parse is freed with the arena and costs no free storm. Also here: a
 * tag's lower-case name, an attribute's value, and the repair of invalid
 * UTF-8 that gumbo can write for odd character references.
 *
 * Not here: deciding what to keep (policy.c) or writing it (clean.c).
 */
#include "html/internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- gumbo on an arena -------------------------------------------------- */

static void *gumbo_arena_alloc(void *userdata, size_t size)
{
    return arena_alloc((arena *)userdata, size ? size : 1);
}

static void gumbo_arena_free(void *userdata, void *ptr)
{
    (void)userdata;
    (void)ptr; /* the arena frees everything at once */
}

GumboOutput *html_parse_fragment(arena *tmp, const char *in, size_t len, bool *simple)
{
    GumboOptions opts = kGumboDefaultOptions;
    opts.allocator = gumbo_arena_alloc;
    opts.deallocator = gumbo_arena_free;
    opts.userdata = tmp;
    opts.max_errors = 0; /* we do not read them: do not record them */
    opts.fragment_context = GUMBO_TAG_DIV;
    opts.fragment_namespace = GUMBO_NAMESPACE_HTML;
    /* The bound first, for both paths: its scan is lexical, so tags
     * inside an attribute value count too, and the fast path must see the
     * bytes gumbo would. */
    in = html_bound_depth(tmp, in, &len);
    if (simple)
        *simple = false;
    if (!html_simple_off) {
        GumboOutput *g = html_parse_simple(tmp, in, len);
        if (g) {
            if (simple)
                *simple = true;
            return g;
        }
    }
    return gumbo_parse_with_options(&opts, in, len);
}

GumboOutput *html_parse_document(arena *tmp, const char *in, size_t len)
{
    GumboOptions opts = kGumboDefaultOptions;
    opts.allocator = gumbo_arena_alloc;
    opts.deallocator = gumbo_arena_free;
    opts.userdata = tmp;
    opts.max_errors = 0;
    in = html_bound_depth(tmp, in, &len);
    return gumbo_parse_with_options(&opts, in, len);
}

/* ---- shared helpers ---------------------------------------------------- */

void html_tag_name(const GumboElement *el, char *out, size_t n)
{
    if (el->tag != GUMBO_TAG_UNKNOWN) {
        const char *s = gumbo_normalized_tagname(el->tag);
        size_t l = strlen(s);
        if (l >= n)
            l = n - 1;
        memcpy(out, s, l);
        out[l] = 0;
        return;
    }
    GumboStringPiece t = el->original_tag;
    if (t.length && t.data[0] == '<')
        gumbo_tag_from_original_text(&t);
    size_t j = 0;
    for (size_t i = 0; i < t.length && j + 1 < n; i++) {
        char c = t.data[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == '/' || c == '>')
            break;
        out[j++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    out[j] = 0;
}

const char *html_attr(const GumboElement *el, const char *name)
{
    for (unsigned i = 0; i < el->attributes.length; i++) {
        const GumboAttribute *at = el->attributes.data[i];
        if (!strcmp(at->name, name))
            return at->value;
    }
    return NULL;
}

/* True at a C0 control other than tab, LF, FF and CR, at DEL, or at a C1
 * control (U+0080..U+009F): gumbo reads each back as U+FFFD. */
static size_t control_len(const char *p)
{
    unsigned char b = (unsigned char)p[0];
    if ((b < 0x20 && b != '\t' && b != '\n' && b != '\f' && b != '\r') || b == 0x7f)
        return 1;
    if (b == 0xc2 && (unsigned char)p[1] >= 0x80 && (unsigned char)p[1] <= 0x9f)
        return 2;
    return 0;
}

const char *html_valid_utf8(arena *a, const char *s, bool controls)
{
    size_t n = strlen(s);
    bool clean = utf8_first_invalid(s, n) == n;
    if (clean && controls)
        for (size_t i = 0; i < n && clean; i++)
            clean = !control_len(s + i);
    if (clean)
        return s;
    /* gumbo turns a few overflowing character references into broken
     * bytes: each becomes U+FFFD, so that the output is valid UTF-8. So
     * do control characters (when asked), as the next parse would make
     * them, so that the plain text agrees with the HTML. */
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    size_t i = 0;
    while (i < n) {
        size_t k = utf8_first_invalid(s + i, n - i);
        size_t run = 0;
        while (run < k && !(controls && control_len(s + i + run)))
            run++;
        buf_append(&b, s + i, run);
        i += run;
        if (i >= n)
            break;
        size_t cl = controls ? control_len(s + i) : 0;
        buf_puts(&b, "\xef\xbf\xbd");
        i += cl ? cl : 1;
    }
    char *r = arena_strndup(a, buf_cstr(&b), b.len);
    buf_free(&b);
    return r;
}
