/*
 * rewrite.c — a post's <img src> pointed at the mirrored copies, and
 * nothing else of the post touched.
 *
 * The HTML is parsed by gumbo (html_parse_document: the same parser and
 * depth bound as every other parse of these bytes), which tells where in
 * the input each attribute's value is written (original_value). The
 * output is the input with just those spans replaced by a double-quoted
 * new value; every other byte is copied as it was, so a rewritten post
 * differs from the old one only in its image URLs, and rewriting a
 * rewritten post again changes nothing. A value whose span is not inside
 * the input (the depth bound copied a hostile input) is left alone.
 *
 * Not here: deciding the new URLs (the caller's fn).
 */
#include "mirror.h"

#include <stdlib.h>
#include <string.h>

#include "html/html.h"

typedef struct splice {
    size_t from, to;          /* the value's span in the input, quotes included */
    const char *with;
} splice;

typedef struct walk {
    const char *in;
    size_t len;
    mirror_map_fn fn;
    void *ctx;
    splice *v;
    size_t n, cap;
    int depth;
} walk;

/* Nothing that would end or break out of a double-quoted attribute. */
static bool quotable(const char *s)
{
    for (; *s; s++)
        if (*s == '"' || *s == '&' || *s == '<' || *s == '>' || (unsigned char)*s < 0x20)
            return false;
    return true;
}

static void visit(walk *w, const GumboNode *node)
{
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE)
        return;
    const GumboElement *el = &node->v.element;
    if (el->tag == GUMBO_TAG_IMG) {
        for (unsigned i = 0; i < el->attributes.length; i++) {
            const GumboAttribute *at = el->attributes.data[i];
            if (strcmp(at->name, "src") != 0)
                continue;
            const char *p = at->original_value.data;
            size_t n = at->original_value.length;
            /* the span must be this input's (not a copy made by the depth
             * bound) and non-empty */
            if (!p || n == 0 || p < w->in || p + n > w->in + w->len)
                break;
            const char *with = w->fn(at->value, w->ctx);
            if (!with || !quotable(with) || !strcmp(with, at->value))
                break;
            if (w->n == w->cap) {
                w->cap = w->cap ? w->cap * 2 : 16;
                w->v = xrealloc(w->v, w->cap * sizeof(*w->v));
            }
            w->v[w->n++] = (splice){.from = (size_t)(p - w->in),
                                    .to = (size_t)(p - w->in) + n, .with = with};
            break; /* the first src is the one a browser reads */
        }
    }
    const GumboVector *kids = &el->children;
    for (unsigned i = 0; i < kids->length; i++)
        visit(w, kids->data[i]);
}

static int cmp_splice(const void *a, const void *b)
{
    const splice *x = a, *y = b;
    return x->from < y->from ? -1 : x->from > y->from;
}

void mirror_rewrite(arena *a, const char *html, size_t len, mirror_map_fn fn, void *ctx,
                    const char **out, size_t *out_len, bool *changed)
{
    arena *tmp = arena_new(0);
    GumboOutput *g = html_parse_document(tmp, html, len);
    walk w = {.in = html, .len = len, .fn = fn, .ctx = ctx};
    if (g)
        visit(&w, g->root);
    /* Document order is source order for attributes of start tags, but
     * foster parenting (tables) can move elements: sort the spans. */
    if (w.n > 1)
        qsort(w.v, w.n, sizeof(*w.v), cmp_splice);
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    size_t at = 0;
    for (size_t i = 0; i < w.n; i++) {
        if (w.v[i].from < at)
            continue; /* cannot overlap; stated, not trusted */
        buf_append(&b, html + at, w.v[i].from - at);
        buf_putc(&b, '"');
        buf_puts(&b, w.v[i].with);
        buf_putc(&b, '"');
        at = w.v[i].to;
    }
    buf_append(&b, html + at, len - at);
    *out = arena_strndup(a, b.data ? b.data : "", b.len);
    *out_len = b.len;
    *changed = w.n > 0;
    buf_free(&b);
    free(w.v);
    arena_free(tmp);
}

/* ---- listing ----------------------------------------------------------- */

typedef struct collect {
    arena *a;
    const char **v;
    size_t n, max;
} collect;

static bool remote(const char *url)
{
    return !nm_strncasecmp(url, "http://", 7) || !nm_strncasecmp(url, "https://", 8);
}

static const char *collect_one(const char *url, void *ctx)
{
    collect *c = ctx;
    if (!remote(url) || c->n >= c->max)
        return NULL;
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->v[i], url))
            return NULL;
    c->v[c->n++] = arena_strdup(c->a, url);
    return NULL;
}

size_t mirror_remote_images(arena *a, const char *html, size_t len, size_t max,
                            const char ***urls)
{
    collect c = {.a = a, .v = arena_new_array(a, const char *, max + 1), .max = max};
    const char *out;
    size_t out_len;
    bool changed;
    arena *tmp = arena_new(0);
    mirror_rewrite(tmp, html, len, collect_one, &c, &out, &out_len, &changed);
    arena_free(tmp);
    *urls = c.v;
    return c.n;
}
