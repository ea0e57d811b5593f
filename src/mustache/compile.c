/*
 * compile.c — compiling Mustache source into a tree, and template sets.
 *
 * Compilation runs in three passes over the source:
 *   1. tokenize: text (split so that no text token crosses a newline) and
 *      tags, honouring {{=<% %>=}} as it goes, pairing every section-like
 *      tag with its close tag (so mismatches are found here, with lines);
 *   2. standalone lines: a line holding only whitespace and tags that
 *      print nothing (sections, comments, partials, blocks, parents,
 *      delimiters) loses its whitespace and newline; the whitespace before
 *      a standalone partial or parent is kept as its indentation. A block
 *      opened and closed on one line prints its content there, so it keeps
 *      its line (the spec's "Standalone block");
 *   3. tree: nodes with children; each node knows whether it starts a
 *      source line (bol), which is where the renderer inserts the
 *      indentation of an indented partial — exactly "prepended to each
 *      line of the partial", without re-compiling the partial per indent.
 * Block arguments whose opening tag is standalone are dedented by their
 * common indentation here, and re-indented where they are expanded.
 *
 * Then mst_set_link() resolves static partial and parent names to
 * templates, so that rendering never looks a static name up.
 *
 * Not here: rendering (render.c), the value tree
 * (value.c), lambdas.
 */
#include "mustache_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct tok {
    bool is_tag;
    char tag; /* '#','^','/','!','>','<','$','=','&','{', 'v' for {{x}} */
    bool dynamic, in_parent, removed, standalone, ws_before;
    uint32_t line;
    uint32_t match; /* open <-> close token index */
    str_view s;     /* text, or the tag's trimmed name */
    str_view indent;
} tok;

typedef struct compiler {
    const char *name;
    const char *src;
    size_t len;
    arena *a;
    tok *t;
    size_t n, cap;
    nm_error *err;
} compiler;


static str_view trim(const char *p, size_t n)
{
    while (n && nm_is_xml_space(*p))
        p++, n--;
    while (n && nm_is_xml_space(p[n - 1]))
        n--;
    return sv_make(p, n);
}

static const char *find(const char *hay, size_t n, str_view needle)
{
    return memmem(hay, n, needle.ptr, needle.len);
}

static tok *push_tok(compiler *c)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->t = xrealloc(c->t, c->cap * sizeof(*c->t));
    }
    tok *t = &c->t[c->n++];
    memset(t, 0, sizeof(*t));
    return t;
}

/* Text between tags, one token per line piece (each ends at a newline). */
static void push_text(compiler *c, const char *p, size_t n, uint32_t *line)
{
    while (n) {
        const char *nl = memchr(p, '\n', n);
        size_t k = nl ? (size_t)(nl - p) + 1 : n;
        tok *t = push_tok(c);
        t->s = sv_make(p, k);
        t->line = *line;
        if (nl)
            (*line)++;
        p += k;
        n -= k;
    }
}

static uint32_t count_nl(const char *p, size_t n)
{
    uint32_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += p[i] == '\n';
    return k;
}

/* {{=<% %>=}}: body is what lies between the two '='. */
static int set_delims(compiler *c, str_view body, uint32_t line, str_view *open, str_view *close)
{
    str_view b = trim(body.ptr, body.len);
    size_t i = 0;
    while (i < b.len && !nm_is_xml_space(b.ptr[i]))
        i++;
    str_view o = sv_make(b.ptr, i);
    str_view rest = trim(b.ptr + i, b.len - i);
    bool ok = o.len && rest.len && !memchr(o.ptr, '=', o.len) && !memchr(rest.ptr, '=', rest.len);
    for (size_t k = 0; ok && k < rest.len; k++)
        ok = !nm_is_xml_space(rest.ptr[k]);
    if (!ok)
        return nm_fail(c->err, c->name, line,
                       "bad delimiter tag: write {{=<%% %%>=}} (two delimiters without spaces or '=' in them)");
    *open = o;
    *close = rest;
    return 0;
}

static int tokenize(compiler *c)
{
    str_view open = SV("{{"), close = SV("}}");
    uint32_t line = 1;
    size_t pos = 0;
    uint32_t stack[MST_MAX_DEPTH];
    int depth = 0;
    while (pos < c->len) {
        const char *o = find(c->src + pos, c->len - pos, open);
        size_t at = o ? (size_t)(o - c->src) : c->len;
        push_text(c, c->src + pos, at - pos, &line);
        if (!o)
            break;
        uint32_t tag_line = line;
        size_t p = at + open.len;
        char type = p < c->len ? c->src[p] : 'v';
        const char *end;
        size_t after;
        str_view body;
        if (type == '{') {
            char closer[64];
            if (close.len + 1 > sizeof(closer))
                return nm_fail(c->err, c->name, tag_line, "closing delimiter too long");
            closer[0] = '}';
            memcpy(closer + 1, close.ptr, close.len);
            end = find(c->src + p + 1, c->len - p - 1, sv_make(closer, close.len + 1));
            if (!end)
                return nm_fail(c->err, c->name, tag_line, "unclosed tag: '{' without '}" SV_FMT "'",
                               SV_ARG(close));
            body = sv_make(c->src + p + 1, (size_t)(end - c->src) - p - 1);
            after = (size_t)(end - c->src) + 1 + close.len;
        } else {
            /* the sigil first: a closing delimiter that starts with it
             * (open "@", close "#") must be looked for after it */
            if (strchr("#^/!><$=&", type) && type != '\0')
                p++;
            else
                type = 'v';
            end = find(c->src + p, c->len - p, close);
            if (!end)
                return nm_fail(c->err, c->name, tag_line, "unclosed tag: no '" SV_FMT "' after '" SV_FMT "'",
                               SV_ARG(close), SV_ARG(open));
            body = sv_make(c->src + p, (size_t)(end - c->src) - p);
            after = (size_t)(end - c->src) + close.len;
        }
        line += count_nl(c->src + at, after - at);
        pos = after;

        if (type == '=') {
            if (body.len == 0 || body.ptr[body.len - 1] != '=')
                return nm_fail(c->err, c->name, tag_line, "bad delimiter tag: it must end with '='");
            if (set_delims(c, sv_make(body.ptr, body.len - 1), tag_line, &open, &close) != 0)
                return -1;
        }
        tok *t = push_tok(c);
        t->is_tag = true;
        t->tag = type;
        t->line = tag_line;
        t->s = trim(body.ptr, body.len);
        if ((type == '>' || type == '<') && t->s.len && t->s.ptr[0] == '*') {
            t->dynamic = true;
            t->s = trim(t->s.ptr + 1, t->s.len - 1);
        }
        if (type != '!' && type != '=' && t->s.len == 0)
            return nm_fail(c->err, c->name, tag_line, "empty tag name");
        uint32_t me = (uint32_t)(c->n - 1);
        switch (type) {
        case '#': case '^': case '$': case '<':
            if (depth == MST_MAX_DEPTH)
                return nm_fail(c->err, c->name, tag_line, "sections nested deeper than %d", MST_MAX_DEPTH);
            t->in_parent = type == '$' && depth > 0 && c->t[stack[depth - 1]].tag == '<';
            stack[depth++] = me;
            break;
        case '/': {
            if (depth == 0)
                return nm_fail(c->err, c->name, tag_line,
                               "closing tag '" SV_FMT "' without an open section", SV_ARG(t->s));
            tok *op = &c->t[stack[depth - 1]];
            str_view want = t->s; /* a dynamic {{<*x}} may close as {{/x}} or {{/ *x}} */
            if (op->dynamic && want.len && want.ptr[0] == '*')
                want = trim(want.ptr + 1, want.len - 1);
            if (!sv_eq(op->s, want))
                return nm_fail(c->err, c->name, tag_line,
                               "closing tag '" SV_FMT "' does not match '" SV_FMT "' opened at line %u",
                               SV_ARG(t->s), SV_ARG(op->s), op->line);
            op->match = me;
            t->match = stack[--depth];
            break;
        }
        default:
            break;
        }
    }
    if (depth > 0) {
        tok *op = &c->t[stack[depth - 1]];
        return nm_fail(c->err, c->name, op->line, "unclosed section '" SV_FMT "'", SV_ARG(op->s));
    }
    return 0;
}

/* Whitespace-only text, allowing one final "\n" or "\r\n". */
static bool blank_text(str_view s)
{
    size_t n = s.len;
    if (n && s.ptr[n - 1] == '\n') {
        n--;
        if (n && s.ptr[n - 1] == '\r')
            n--;
    }
    for (size_t i = 0; i < n; i++)
        if (s.ptr[i] != ' ' && s.ptr[i] != '\t')
            return false;
    return true;
}

static bool prints(char tag)
{
    return tag == 'v' || tag == '&' || tag == '{';
}

static void mark_standalone(compiler *c)
{
    size_t i = 0;
    while (i < c->n) {
        size_t j = i;
        while (j < c->n && (c->t[j].is_tag || !memchr(c->t[j].s.ptr, '\n', c->t[j].s.len)))
            j++;
        if (j < c->n)
            j++; /* the token holding the newline belongs to the line */
        /* [i, j) is one line. */
        bool tags = false, ok = true, ws = true;
        str_view lead = sv_make("", 0);
        for (size_t k = i; k < j; k++) {
            tok *t = &c->t[k];
            if (!t->is_tag) {
                if (!blank_text(t->s))
                    ok = ws = false;
                else if (ws && !tags)
                    lead = t->s;
                continue;
            }
            if (ws && !tags) {
                t->ws_before = true;
                t->indent = lead;
            }
            tags = true;
            if (prints(t->tag))
                ok = false;
            if (t->tag == '/' && c->t[t->match].tag == '$' && !c->t[t->match].in_parent &&
                t->match >= i)
                ok = false;
        }
        if (ok && tags) {
            for (size_t k = i; k < j; k++) {
                tok *t = &c->t[k];
                if (t->is_tag) {
                    t->standalone = true;
                    t->indent = lead;
                } else {
                    t->removed = true;
                }
            }
        }
        i = j;
    }
}

static void parse_name(compiler *c, str_view s, mst_name *out)
{
    out->n = 0;
    out->segs = NULL;
    if (s.len == 1 && s.ptr[0] == '.')
        return;
    uint32_t n = 1;
    for (size_t i = 0; i < s.len; i++)
        n += s.ptr[i] == '.';
    out->segs = arena_alloc(c->a, n * sizeof(*out->segs));
    const char *p = s.ptr, *e = s.ptr + s.len;
    for (uint32_t k = 0; k < n; k++) {
        const char *dot = memchr(p, '.', (size_t)(e - p));
        const char *q = dot ? dot : e;
        out->segs[k] = (mst_seg){p, (uint32_t)(q - p), mst_hash(p, (size_t)(q - p))};
        p = q + 1;
    }
    out->n = n;
}

typedef struct nodes {
    mst_node *v;
    uint32_t n, cap;
} nodes;

static mst_node *add_node(compiler *c, nodes *ns, uint8_t type, bool bol, uint32_t line)
{
    if (ns->n == ns->cap) {
        uint32_t cap = ns->cap ? ns->cap * 2 : 8;
        mst_node *v = arena_alloc(c->a, cap * sizeof(*v));
        if (ns->n)
            memcpy(v, ns->v, ns->n * sizeof(*v));
        ns->v = v;
        ns->cap = cap;
    }
    mst_node *nd = &ns->v[ns->n++];
    memset(nd, 0, sizeof(*nd));
    nd->type = type;
    nd->bol = bol;
    nd->line = line;
    return nd;
}

/* ---- block indentation ---------------------------------------------- */

typedef struct common {
    bool have;
    str_view v;
} common;

static void merge_indent(common *cm, const char *p, size_t n)
{
    if (!cm->have) {
        cm->have = true;
        cm->v = sv_make(p, n);
        return;
    }
    size_t k = 0;
    while (k < n && k < cm->v.len && p[k] == cm->v.ptr[k])
        k++;
    cm->v.len = k;
}

/* The indentation shared by every non-blank line start in kids. */
static void measure(const mst_node *kids, uint32_t n, common *cm)
{
    for (uint32_t i = 0; i < n; i++) {
        const mst_node *nd = &kids[i];
        if (nd->type == MN_TEXT) {
            if (nd->bol) {
                size_t k = 0;
                while (k < nd->text.len && (nd->text.ptr[k] == ' ' || nd->text.ptr[k] == '\t'))
                    k++;
                bool blank = k < nd->text.len && (nd->text.ptr[k] == '\n' || nd->text.ptr[k] == '\r');
                if (!blank)
                    merge_indent(cm, nd->text.ptr, k);
            }
        } else if (nd->standalone) {
            merge_indent(cm, nd->indent.ptr, nd->indent.len);
        } else if (nd->bol) {
            merge_indent(cm, "", 0);
        }
        measure(nd->kids, nd->nkids, cm);
    }
}

static void strip(str_view *s, str_view prefix)
{
    if (s->len >= prefix.len && memcmp(s->ptr, prefix.ptr, prefix.len) == 0) {
        s->ptr += prefix.len;
        s->len -= prefix.len;
    }
}

static void dedent(mst_node *kids, uint32_t n, str_view prefix)
{
    for (uint32_t i = 0; i < n; i++) {
        mst_node *nd = &kids[i];
        if (nd->type == MN_TEXT && nd->bol)
            strip(&nd->text, prefix);
        else if (nd->ws_before)
            strip(&nd->indent, prefix);
        dedent(nd->kids, nd->nkids, prefix);
    }
}

/* After the whole tree is built (and arguments dedented): the indentation
 * each standalone block gives an override — the whitespace before its tag,
 * or else that of its default content ("Intrinsic indentation"). */
static void finish_blocks(mst_node *kids, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        mst_node *nd = &kids[i];
        finish_blocks(nd->kids, nd->nkids);
        if (nd->type != MN_BLOCK)
            continue;
        if (nd->standalone && nd->indent.len == 0) {
            common cm = {0};
            measure(nd->kids, nd->nkids, &cm);
            nd->block_indent = cm.have ? cm.v : sv_make("", 0);
        } else {
            nd->block_indent = nd->ws_before ? nd->indent : sv_make("", 0);
        }
    }
}

/* Last pass: runs of text nodes become one node (the renderer then
 * copies a whole stretch of markup at once). Two neighbours in one list
 * always meet at a line start exactly when the first ends with a newline,
 * so the merged node's line starts are its inner newlines. */
static void merge_text(arena *a, mst_node *kids, uint32_t *n)
{
    uint32_t w = 0;
    for (uint32_t i = 0; i < *n; i++) {
        mst_node *nd = &kids[i];
        merge_text(a, nd->kids, &nd->nkids);
        if (nd->type == MN_TEXT && nd->text.len == 0) {
            if (!nd->bol)
                continue;
            nd->type = MN_INDENT; /* dedented to nothing: the line start stays */
        }
        mst_node *prev = w ? &kids[w - 1] : NULL;
        if (prev && prev->type == MN_TEXT && nd->type == MN_TEXT) {
            if (prev->text.ptr + prev->text.len != nd->text.ptr) {
                char *joined = arena_alloc(a, prev->text.len + nd->text.len);
                memcpy(joined, prev->text.ptr, prev->text.len);
                memcpy(joined + prev->text.len, nd->text.ptr, nd->text.len);
                prev->text.ptr = joined;
            }
            prev->text.len += nd->text.len;
            const char *nl = memchr(prev->text.ptr, '\n', prev->text.len);
            prev->multiline = nl && nl + 1 < prev->text.ptr + prev->text.len;
            continue;
        }
        kids[w++] = *nd;
    }
    *n = w;
}

/* ---- tree ------------------------------------------------------------ */

static void build(compiler *c, uint32_t lo, uint32_t hi, bool *at_ls, nodes *out)
{
    for (uint32_t k = lo; k < hi; k++) {
        tok *t = &c->t[k];
        if (!t->is_tag) {
            if (t->removed)
                continue;
            mst_node *nd = add_node(c, out, MN_TEXT, *at_ls, t->line);
            nd->text = t->s;
            *at_ls = t->s.len && t->s.ptr[t->s.len - 1] == '\n';
            continue;
        }
        bool bol = !t->standalone && *at_ls;
        mst_node *nd;
        switch (t->tag) {
        case '!': case '=':
            continue; /* a non-standalone one leaves at_ls as it was */
        case 'v': case '&': case '{':
            nd = add_node(c, out, t->tag == 'v' ? MN_VAR : MN_RAW, bol, t->line);
            nd->text = t->s;
            parse_name(c, t->s, &nd->name);
            *at_ls = false;
            continue;
        case '>':
            nd = add_node(c, out, MN_PARTIAL, bol, t->line);
            break;
        case '#':
            nd = add_node(c, out, MN_SECTION, bol, t->line);
            break;
        case '^':
            nd = add_node(c, out, MN_INVERTED, bol, t->line);
            break;
        case '$':
            nd = add_node(c, out, MN_BLOCK, bol, t->line);
            break;
        case '<':
            nd = add_node(c, out, MN_PARENT, bol, t->line);
            break;
        default: /* '/' is consumed with its open tag */
            continue;
        }
        nd->text = t->s;
        nd->hash = mst_hash(t->s.ptr, t->s.len);
        nd->standalone = t->standalone;
        nd->ws_before = t->ws_before;
        nd->indent = t->indent;
        nd->dynamic = t->dynamic;
        if (nd->type != MN_BLOCK && (nd->type != MN_PARTIAL && nd->type != MN_PARENT ? true : nd->dynamic))
            parse_name(c, t->s, &nd->name);
        if (!t->standalone)
            *at_ls = false;
        if (nd->type == MN_PARTIAL)
            continue;

        /* nd may move while children are added to `out`: fill a copy. */
        mst_node self = *nd;
        nodes kids = {0};
        build(c, k + 1, t->match, at_ls, &kids);
        tok *close = &c->t[t->match];
        if (!close->standalone) {
            if (*at_ls)
                add_node(c, &kids, MN_INDENT, true, close->line);
            *at_ls = false;
        }
        if (self.type == MN_PARENT) {
            /* Only block arguments count inside a parent. */
            uint32_t w = 0;
            for (uint32_t i = 0; i < kids.n; i++)
                if (kids.v[i].type == MN_BLOCK)
                    kids.v[w++] = kids.v[i];
            kids.n = w;
            for (uint32_t i = 0; i < kids.n; i++) {
                mst_node *arg = &kids.v[i];
                if (!arg->standalone)
                    continue;
                common cm = {0};
                measure(arg->kids, arg->nkids, &cm);
                if (cm.have && cm.v.len)
                    dedent(arg->kids, arg->nkids, cm.v);
            }
        }
        self.kids = kids.v;
        self.nkids = kids.n;
        out->v[out->n - 1] = self;
        k = t->match;
    }
}

static int compile(mst_set *s, const char *name, const char *src, size_t len, mst_template **out,
                   nm_error *err)
{
    compiler c = {.name = name, .src = src, .len = len, .a = s->a, .err = err};
    int rc = tokenize(&c);
    if (rc == 0) {
        mark_standalone(&c);
        mst_template *t = arena_zalloc(s->a, sizeof(*t));
        t->name = name;
        t->set = s;
        t->hash = mst_hash(name, strlen(name));
        nodes top = {0};
        bool at_ls = true;
        build(&c, 0, (uint32_t)c.n, &at_ls, &top);
        finish_blocks(top.v, top.n);
        merge_text(s->a, top.v, &top.n);
        t->kids = top.v;
        t->nkids = top.n;
        *out = t;
    }
    free(c.t);
    return rc;
}

/* ---- sets ------------------------------------------------------------ */

mst_set *mst_set_new(mst_loader loader, void *loader_ctx)
{
    mst_set *s = xcalloc(1, sizeof(*s));
    s->a = arena_new(0);
    s->loader = loader;
    s->loader_ctx = loader_ctx;
    return s;
}

void mst_set_free(mst_set *s)
{
    if (!s)
        return;
    arena_free(s->a);
    free(s->tpl);
    free(s);
}

const mst_template *mst_set_find(const mst_set *s, const char *name, size_t n)
{
    uint32_t h = mst_hash(name, n);
    for (size_t i = 0; i < s->n; i++) {
        const mst_template *t = s->tpl[i];
        if (t->hash == h && strlen(t->name) == n && memcmp(t->name, name, n) == 0)
            return t;
    }
    return NULL;
}

const mst_template *mst_set_get(const mst_set *s, const char *name)
{
    return s && name ? mst_set_find(s, name, strlen(name)) : NULL;
}

const char *mst_template_name(const mst_template *t)
{
    return t->name;
}

int mst_set_add(mst_set *s, const char *name, const char *src, size_t len, nm_error *err)
{
    char *nm = arena_strdup(s->a, name);
    char *copy = arena_alloc(s->a, len + 1);
    if (len)
        memcpy(copy, src, len);
    copy[len] = '\0';
    mst_template *t;
    if (compile(s, nm, copy, len, &t, err) != 0)
        return -1;
    s->linked = false;
    for (size_t i = 0; i < s->n; i++) {
        if (strcmp(s->tpl[i]->name, nm) == 0) {
            s->tpl[i] = t;
            return 0;
        }
    }
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->tpl = xrealloc(s->tpl, s->cap * sizeof(*s->tpl));
    }
    s->tpl[s->n++] = t;
    return 0;
}

static int link_nodes(mst_set *s, const mst_template *t, mst_node *kids, uint32_t n, unsigned flags,
                      nm_error *err)
{
    for (uint32_t i = 0; i < n; i++) {
        mst_node *nd = &kids[i];
        if ((nd->type == MN_PARTIAL || nd->type == MN_PARENT) && !nd->dynamic) {
            nd->target = mst_set_find(s, nd->text.ptr, nd->text.len);
            if (!nd->target && s->loader) {
                char *want = arena_strndup(s->a, nd->text.ptr, nd->text.len);
                nm_buf src;
                buf_init(&src, NM_BUF_NOLIMIT);
                int rc = s->loader(s->loader_ctx, want, &src, err);
                if (rc == 0)
                    rc = mst_set_add(s, want, buf_cstr(&src), src.len, err);
                buf_free(&src);
                if (rc < 0)
                    return -1;
                nd->target = mst_set_find(s, nd->text.ptr, nd->text.len);
            }
            if (!nd->target && (flags & MST_STRICT_PARTIALS))
                return nm_fail(err, t->name, nd->line, "no template named '" SV_FMT "'", SV_ARG(nd->text));
        }
        if (link_nodes(s, t, nd->kids, nd->nkids, flags, err) != 0)
            return -1;
    }
    return 0;
}

int mst_set_link(mst_set *s, unsigned flags, nm_error *err)
{
    /* The loader may add templates while we walk: index, not pointer. */
    for (size_t i = 0; i < s->n; i++) {
        mst_template *t = s->tpl[i];
        if (link_nodes(s, t, t->kids, t->nkids, flags, err) != 0)
            return -1;
    }
    s->linked = true;
    return 0;
}
