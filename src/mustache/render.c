/*
 * render.c — walking a compiled template against a value tree.
 *
 * The renderer keeps four stacks in one struct on the C stack: the
 * context stack (values pushed by sections; a name is looked up from the
 * top down, and a dotted name's later parts only inside what its first
 * part found), the parents whose block arguments are in force (the
 * outermost argument for a name wins, as the spec's multi-level
 * inheritance asks), the current indentation (bytes inserted at every
 * line start of an indented partial), and the nesting depth. It allocates
 * nothing: output goes straight into the caller's nm_buf, whose cap bounds
 * the page, and a step budget bounds the time of runaway nested loops.
 *
 * Not here: parsing (compile.c), building values (value.c).
 */
#include "mustache_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INDENT_MAX 4096

typedef struct render {
    nm_buf *out;
    nm_error *err;
    const mst_template *tpl; /* the template being walked, for errors */
    const mst_value *ctx[MST_MAX_DEPTH + 1];
    int nctx;
    const mst_node *parents[MST_MAX_DEPTH];
    int nparents;
    int depth, partials;
    uint64_t steps, max_steps;
    const char *indent;
    size_t indent_len, ibuf_used;
    bool skip_indent; /* the next line start already has its indentation */
    char ibuf[INDENT_MAX];
} render;

static int render_nodes(render *r, const mst_node *kids, uint32_t n);

static int out_fail(render *r)
{
    return nm_fail(r->err, r->tpl->name, 0, "page larger than the output limit of %zu bytes", r->out->max);
}

/* buf_append with the common case (room already there) inlined: most
 * nodes are a few bytes, and this runs for every one of them. */
static inline int emit(render *r, const char *p, size_t n)
{
    nm_buf *b = r->out;
    if (b->data && n < b->cap - b->len && n <= b->max - b->len) {
        memcpy(b->data + b->len, p, n);
        b->len += n;
        b->data[b->len] = '\0';
        return 0;
    }
    return buf_append(b, p, n) == 0 ? 0 : out_fail(r);
}

/* Bytes HTML escaping rewrites; mst_escape_html checks 8 at a time. */
#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

static inline uint64_t has_byte(uint64_t x, unsigned char c)
{
    uint64_t y = x ^ (ONES * c);
    return (y - ONES) & ~y & HIGHS;
}

static inline bool needs_escape8(const char *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    return (has_byte(x, '&') | has_byte(x, '<') | has_byte(x, '>') | has_byte(x, '"') |
            has_byte(x, '\'')) != 0;
}

static const bool escaped[256] = {['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1, ['\''] = 1};

static const char *entity(unsigned char c, size_t *n)
{
    switch (c) {
    case '&': *n = 5; return "&amp;";
    case '<': *n = 4; return "&lt;";
    case '>': *n = 4; return "&gt;";
    case '"': *n = 6; return "&quot;";
    case '\'': *n = 5; return "&#39;";
    default: return NULL;
    }
}

/* Calls put(ctx, bytes, n) for the escaped text of s, run by run. */
#define ESCAPE_LOOP(s, n, PUT)                                                  \
    do {                                                                        \
        size_t run_ = 0, i_ = 0;                                                \
        while (i_ < (n)) {                                                      \
            if (i_ + 8 <= (n) && !needs_escape8((s) + i_)) {                    \
                i_ += 8;                                                        \
                continue;                                                       \
            }                                                                   \
            size_t en_;                                                         \
            const char *e_;                                                     \
            if (escaped[(unsigned char)(s)[i_]] &&                              \
                (e_ = entity((unsigned char)(s)[i_], &en_)) != NULL) {          \
                if (PUT((s) + run_, i_ - run_) != 0 || PUT(e_, en_) != 0)       \
                    return -1;                                                  \
                run_ = i_ + 1;                                                  \
            }                                                                   \
            i_++;                                                               \
        }                                                                       \
        if (PUT((s) + run_, (n) - run_) != 0)                                   \
            return -1;                                                          \
    } while (0)

int mst_escape_html(nm_buf *out, const char *s, size_t n)
{
#define PUT_BUF(p, k) buf_append(out, (p), (k))
    ESCAPE_LOOP(s, n, PUT_BUF);
#undef PUT_BUF
    return 0;
}

static int emit_escaped(render *r, const char *s, size_t n)
{
#define PUT_R(p, k) emit(r, (p), (k))
    ESCAPE_LOOP(s, n, PUT_R);
#undef PUT_R
    return 0;
}

/* Text with the indentation inserted after each inner newline. */
static int emit_indented(render *r, const char *p, size_t n)
{
    const char *end = p + n, *nl;
    while ((nl = memchr(p, '\n', (size_t)(end - p))) && nl + 1 < end) {
        if (emit(r, p, (size_t)(nl + 1 - p)) != 0 || emit(r, r->indent, r->indent_len) != 0)
            return -1;
        p = nl + 1;
    }
    return emit(r, p, (size_t)(end - p));
}

static size_t format_int(int64_t v, char *buf)
{
    char tmp[24];
    size_t n = 0;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    size_t k = 0;
    if (v < 0)
        buf[k++] = '-';
    while (n)
        buf[k++] = tmp[--n];
    return k;
}

/* Shortest text that reads back as the same double, like JSON writers. */
static size_t format_double(double d, char *buf, size_t size)
{
    int n = 0;
    for (int prec = 1; prec <= 17; prec++) {
        n = snprintf(buf, size, "%.*g", prec, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    return n > 0 ? (size_t)n : 0;
}

static int emit_value(render *r, const mst_value *v, bool escape)
{
    char num[40];
    const char *p;
    size_t n;
    if (!v)
        return 0;
    switch (v->type) {
    case MST_STR:
        p = v->u.s.p;
        n = v->u.s.n;
        break;
    case MST_INT:
        n = format_int(v->u.i, num);
        p = num;
        break;
    case MST_DOUBLE:
        n = format_double(v->u.d, num, sizeof(num));
        p = num;
        break;
    case MST_BOOL:
        p = v->u.b ? "true" : "false";
        n = strlen(p);
        break;
    default: /* null, lists and maps print nothing */
        return 0;
    }
    if (!escape)
        return emit(r, p, n);
    return emit_escaped(r, p, n);
}

static const mst_value *lookup(const render *r, const mst_name *name)
{
    if (name->n == 0)
        return r->ctx[r->nctx - 1];
    const mst_seg *s = &name->segs[0];
    const mst_value *v = NULL;
    for (int i = r->nctx - 1; i >= 0 && !v; i--) {
        const mst_value *c = r->ctx[i];
        if (c && c->type == MST_MAP)
            v = mst_map_get_h(c->u.map, s->p, s->len, s->hash);
    }
    for (uint32_t k = 1; k < name->n && v; k++) {
        s = &name->segs[k];
        v = v->type == MST_MAP ? mst_map_get_h(v->u.map, s->p, s->len, s->hash) : NULL;
    }
    return v;
}

static int nest_fail(render *r, const mst_node *nd)
{
    return nm_fail(r->err, r->tpl->name, nd->line,
                   "templates nested deeper than %d (a partial or block that includes itself?)",
                   MST_MAX_DEPTH);
}

static int push_ctx(render *r, const mst_node *nd, const mst_value *v)
{
    if (r->nctx > MST_MAX_DEPTH)
        return nest_fail(r, nd);
    r->ctx[r->nctx++] = v;
    return 0;
}

static int section(render *r, const mst_node *nd)
{
    const mst_value *v = lookup(r, &nd->name);
    if (!mst_truthy(v))
        return 0;
    if (v->type != MST_LIST) {
        if (push_ctx(r, nd, v) != 0)
            return -1;
        int rc = render_nodes(r, nd->kids, nd->nkids);
        r->nctx--;
        return rc;
    }
    const mst_list *l = v->u.list;
    for (uint32_t i = 0; i < l->n; i++) {
        if (push_ctx(r, nd, l->items[i]) != 0)
            return -1;
        int rc = render_nodes(r, nd->kids, nd->nkids);
        r->nctx--;
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* Sets the indentation to the current one plus extra (or to none), and
 * returns the previous state to restore with indent_pop. */
typedef struct indent_save {
    const char *p;
    size_t len, used;
} indent_save;

static int indent_push(render *r, const mst_node *nd, bool keep, str_view extra, indent_save *save)
{
    save->p = r->indent;
    save->len = r->indent_len;
    save->used = r->ibuf_used;
    size_t base = keep ? r->indent_len : 0;
    if (extra.len == 0) {
        r->indent_len = base;
        return 0;
    }
    if (base + extra.len > INDENT_MAX - r->ibuf_used)
        return nm_fail(r->err, r->tpl->name, nd->line, "indentation deeper than %d bytes", INDENT_MAX);
    char *dst = r->ibuf + r->ibuf_used;
    memcpy(dst, r->indent, base);
    memcpy(dst + base, extra.ptr, extra.len);
    r->indent = dst;
    r->indent_len = base + extra.len;
    r->ibuf_used += r->indent_len;
    return 0;
}

static void indent_pop(render *r, const indent_save *save)
{
    r->indent = save->p;
    r->indent_len = save->len;
    r->ibuf_used = save->used;
}

static const mst_template *target_of(render *r, const mst_node *nd)
{
    if (!nd->dynamic)
        return nd->target;
    const mst_value *v = lookup(r, &nd->name);
    if (!v || v->type != MST_STR)
        return NULL;
    return mst_set_find(r->tpl->set, v->u.s.p, v->u.s.n);
}

/* {{>partial}} and {{<parent}}: the target's nodes, indented by the
 * whitespace before a standalone tag (on top of the current indentation);
 * an inline partial is not indented, as its source lines are not. */
static int include(render *r, const mst_node *nd)
{
    const mst_template *t = target_of(r, nd);
    if (!t)
        return 0;
    if (r->partials >= MST_MAX_PARTIAL_DEPTH || r->depth >= MST_MAX_DEPTH)
        return nest_fail(r, nd);
    indent_save save;
    if (indent_push(r, nd, nd->standalone, nd->standalone ? nd->indent : sv_make("", 0), &save) != 0)
        return -1;
    if (nd->type == MN_PARENT)
        r->parents[r->nparents++] = nd;
    const mst_template *was = r->tpl;
    r->tpl = t;
    r->partials++;
    r->depth++;
    int rc = render_nodes(r, t->kids, t->nkids);
    r->depth--;
    r->partials--;
    r->tpl = was;
    if (nd->type == MN_PARENT)
        r->nparents--;
    indent_pop(r, &save);
    return rc;
}

/* {{$block}}: the outermost argument given for it, re-indented to where
 * the block stands, or else its own default content. */
static int block(render *r, const mst_node *nd)
{
    const mst_node *arg = NULL;
    for (int i = 0; i < r->nparents && !arg; i++) {
        const mst_node *p = r->parents[i];
        for (uint32_t k = 0; k < p->nkids; k++) {
            const mst_node *a = &p->kids[k];
            if (a->hash == nd->hash && sv_eq(a->text, nd->text)) {
                arg = a;
                break;
            }
        }
    }
    if (r->depth >= MST_MAX_DEPTH)
        return nest_fail(r, nd);
    r->depth++;
    int rc;
    if (!arg) {
        rc = render_nodes(r, nd->kids, nd->nkids);
    } else {
        indent_save save;
        if (indent_push(r, nd, true, nd->block_indent, &save) != 0)
            return -1;
        /* Inline, the text before the tag already indents the first line. */
        r->skip_indent = !nd->standalone;
        rc = render_nodes(r, arg->kids, arg->nkids);
        r->skip_indent = false;
        indent_pop(r, &save);
    }
    r->depth--;
    return rc;
}

static int render_nodes(render *r, const mst_node *kids, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        const mst_node *nd = &kids[i];
        if (++r->steps > r->max_steps)
            return nm_fail(r->err, r->tpl->name, nd->line, "rendering took more than %" PRIu64 " steps",
                           r->max_steps);
        if (nd->bol) {
            if (r->skip_indent)
                r->skip_indent = false;
            else if (r->indent_len && emit(r, r->indent, r->indent_len) != 0)
                return -1;
        }
        int rc = 0;
        switch (nd->type) {
        case MN_TEXT:
            r->skip_indent = false;
            if (nd->multiline && r->indent_len)
                rc = emit_indented(r, nd->text.ptr, nd->text.len);
            else
                rc = emit(r, nd->text.ptr, nd->text.len);
            break;
        case MN_VAR:
        case MN_RAW:
            r->skip_indent = false;
            rc = emit_value(r, lookup(r, &nd->name), nd->type == MN_VAR);
            break;
        case MN_SECTION:
            if (r->depth >= MST_MAX_DEPTH)
                return nest_fail(r, nd);
            r->depth++;
            rc = section(r, nd);
            r->depth--;
            break;
        case MN_INVERTED:
            if (!mst_truthy(lookup(r, &nd->name)))
                rc = render_nodes(r, nd->kids, nd->nkids);
            break;
        case MN_PARTIAL:
        case MN_PARENT:
            rc = include(r, nd);
            break;
        case MN_BLOCK:
            rc = block(r, nd);
            break;
        default: /* MN_INDENT: done above */
            break;
        }
        if (rc != 0)
            return rc;
    }
    return 0;
}

int mst_render_steps(const mst_template *t, const mst_value *data, uint64_t max_steps, nm_buf *out,
                     nm_error *err)
{
    if (!t->set->linked)
        return nm_fail(err, t->name, 0, "template set not linked (call mst_set_link before rendering)");
    render rs, *r = &rs;
    r->out = out;
    r->err = err;
    r->tpl = t;
    r->ctx[0] = data;
    r->nctx = 1;
    r->nparents = 0;
    r->depth = 0;
    r->partials = 0;
    r->steps = 0;
    r->max_steps = max_steps;
    r->indent = r->ibuf;
    r->indent_len = 0;
    r->ibuf_used = 0;
    r->skip_indent = false;
    return render_nodes(r, t->kids, t->nkids);
}

int mst_render(const mst_template *t, const mst_value *data, nm_buf *out, nm_error *err)
{
    return mst_render_steps(t, data, MST_DEFAULT_STEPS, out, err);
}
