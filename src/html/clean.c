/*
 * clean.c — html_clean: gumbo's tree in, allowlisted HTML out.
 *
 * The idea: never repair or filter markup as text. gumbo parses the input
 * exactly as a browser would (HTML5 tree construction, as a fragment in a
 * <div>), and a single walk over that tree writes only what the policy
 * allows (policy.c), escaping every text and attribute value
 * (clean_write.c). For input
 * already simple (most feed bodies: <p>, <a>, <img>, <strong>, <br> …)
 * simple.c builds gumbo's tree itself in one pass (parse.c tries it
 * first): the walk sees the same tree, so the output is the same bytes,
 * ~3x faster end to end (bench/sanitize: 109 vs 40 MB/s on paragraph
 * bodies; full articles with tables, comments and <style> still take
 * gumbo's path); the FEED policy (every HTML field of `parse --json`)
 * skips even that tree and writes from simple.c's events with the same
 * functions (clean_simple). What the
 * browser will see is therefore what we chose to write — no tag we did not
 * emit can appear, whatever the input's tricks with comments, CDATA,
 * raw-text elements or namespaces.
 *
 * Two details keep the output a fixed point (cleaning it again changes
 * nothing), which the ARTICLE policy promises:
 *  - the written tree must parse back to itself. An element the policy
 *    renames or drops never leaves a child that would reparent itself, and
 *    a kept <p> that holds a block that would close it is patched into a
 *    <div> (clean_write.c);
 *  - whitespace: ARTICLE collapses runs of it so that the fragment is one
 *    Markdown HTML block (clean_write.c).
 *
 * Text rules (boiler.c: promo blocks, editor credits) judge an element by
 * the text written for it, when it closes (clean_write.c).
 *
 * The walk is iterative (an explicit stack), so a deep input cannot
 * exhaust the C stack, and output nesting is capped at HTML_MAX_DEPTH
 * (deeper elements are flattened). gumbo allocates from a private arena
 * that is freed in one go: no per-node frees, no recursive destroy.
 *
 * Deliberately not here: the escaping and the bookkeeping of what was
 * written (clean_write.c), which elements/attributes (policy.c), URL
 * scheme checks (urlsafe.c), boilerplate (boiler.c), image judgement
 * (lead.c).
 */
#include "html/html_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- attributes ------------------------------------------------------------ */

static bool is_dimension(const char *v)
{
    size_t i = 0;
    while (v[i] >= '0' && v[i] <= '9')
        i++;
    if (i == 0 || i > 6)
        return false;
    return !v[i] || (!strcmp(v + i, "%")) || !strcmp(v + i, "px");
}

/* False for an empty URL (or only whitespace, which a browser strips):
 * it names no resource, and resolved it would name the page itself. */
static bool url_usable(const char *v)
{
    while (nm_is_html_space(*v))
        v++;
    return *v != 0;
}

/* The value to write for a URL attribute, or NULL to leave it out (FEED:
 * "" for a URL it refuses, as feedparser writes it). Nothing is resolved
 * before it is checked. */
static const char *url_value(cleaner *c, GumboTag tag, const char *name, const char *v)
{
    /* Checked as written (a browser strips tabs before it reads the
     * scheme; a resolver may not) and again once resolved. */
    bool img = tag == GUMBO_TAG_IMG;
    if (!url_usable(v) || (c->article ? !html_url_ok_article(v, img) : !html_url_ok_feed(v)))
        return c->article ? NULL : "";
    if (html_attr_resolves(tag, name) && c->o->base_url && c->o->base_url[0])
        v = url_resolve(c->tmp, c->o->base_url, v);
    if (!c->article)
        return html_url_ok_feed(v) ? v : "";
    return html_url_ok_article(v, img) ? v : NULL;
}

static void write_attrs(cleaner *c, const GumboElement *el, GumboTag tag)
{
    html_policy p = c->o->policy;
    for (unsigned i = 0; i < el->attributes.length; i++) {
        const GumboAttribute *at = el->attributes.data[i];
        const char *name = at->name;
        const char *v = at->value;
        if (!html_policy_attr(p, tag, name))
            continue;
        if (!c->article && !strcmp(name, "style")) {
            /* feedparser filters the value as written, before entities are
             * decoded, and its filter refuses '&'. */
            if (memchr(at->original_value.data, '&', at->original_value.length))
                continue;
            v = html_css_clean(c->tmp, v);
            if (!v[0])
                continue;
        } else if (html_attr_is_url(name)) {
            v = url_value(c, tag, name, v);
            if (!v)
                continue;
        } else if (c->article && (!strcmp(name, "width") || !strcmp(name, "height"))) {
            if (!is_dimension(v))
                continue;
        } else if (!c->article && !v[0] && at->original_value.data == at->original_name.data) {
            v = name; /* feedparser writes a bare `controls` as controls="controls" */
        }
        clean_put_attr(c, name, v);
    }
}

/* ---- images and iframes (ARTICLE) ---------------------------------------- */

/* Chinese sites lazy-load: the real URL sits in data-src & co. while src
 * holds a placeholder. */
static const char *img_source(const GumboElement *el)
{
    static const char *const lazy[] = {"data-src", "data-original", "data-lazy-src",
                                       "data-actualsrc", "data-url", "original-src"};
    const char *src = html_attr(el, "src");
    bool placeholder = !src || !src[0] || !nm_strncasecmp(src, "data:image/gif", 14) ||
                       strstr(src, "placeholder") || strstr(src, "blank.gif") ||
                       strstr(src, "lazyload") || strstr(src, "loading.gif");
    if (placeholder)
        for (size_t i = 0; i < NM_ARRAY_LEN(lazy); i++) {
            const char *v = html_attr(el, lazy[i]);
            if (v && v[0])
                return v;
        }
    return src;
}

static void write_img(cleaner *c, const GumboElement *el)
{
    const char *src = img_source(el);
    if (!src || !url_usable(src) || !html_url_ok_article(src, true))
        return;
    /* data:image/ (not svg) is kept as it is: resolving never changes it */
    if (c->o->base_url && c->o->base_url[0])
        src = url_resolve(c->tmp, c->o->base_url, src);
    if (!src[0] || !html_url_ok_article(src, true) || html_img_is_tracker(el, src))
        return;
    src = html_valid_utf8(c->tmp, src, true);
    if (!c->lead_image && html_lead_url_ok(src) && html_img_is_content(el, src))
        c->lead_image = arena_strdup(c->a, src);
    clean_open_tag(c, GUMBO_TAG_IMG, "img");
    clean_put_attr(c, "src", src);
    for (unsigned i = 0; i < el->attributes.length; i++) {
        const GumboAttribute *at = el->attributes.data[i];
        if (!strcmp(at->name, "src"))
            continue;
        if (!html_policy_attr(HTML_POLICY_ARTICLE, GUMBO_TAG_IMG, at->name))
            continue;
        if ((!strcmp(at->name, "width") || !strcmp(at->name, "height")) && !is_dimension(at->value))
            continue;
        clean_put_attr(c, at->name, at->value);
    }
    clean_put_attr(c, "referrerpolicy", "no-referrer");
    clean_put_attr(c, "loading", "lazy");
    clean_puts(c, " />");
}

static void write_iframe(cleaner *c, const GumboElement *el)
{
    const char *src = html_attr(el, "src");
    if (!src || !html_url_is_video(src))
        return;
    clean_open_tag(c, GUMBO_TAG_IFRAME, "iframe");
    write_attrs(c, el, GUMBO_TAG_IFRAME);
    clean_put_attr(c, "sandbox", "allow-scripts allow-same-origin allow-popups allow-presentation");
    clean_put_attr(c, "loading", "lazy");
    buf_putc(&c->out, '>');
    static const GumboVector none = {NULL, 0, 0};
    clean_push_frame(c, &none, true, "iframe");
}

/* ---- the walk ----------------------------------------------------------------- */

/* Past HTML_MAX_DEPTH open elements, or inside an element that was, an
 * element is flattened: only its text is written. In a table, where text
 * would be moved out of the table when parsed again, it is dropped. True
 * when el was taken care of. */
static bool flatten(cleaner *c, const GumboElement *el, html_action act)
{
    if (act == HTML_UNWRAP || (!c->flat && c->nopens < HTML_MAX_DEPTH))
        return false;
    GumboTag top = c->nopens ? c->opens[c->nopens - 1].tag : GUMBO_TAG_DIV;
    if (top == GUMBO_TAG_TABLE || top == GUMBO_TAG_TBODY || top == GUMBO_TAG_THEAD ||
        top == GUMBO_TAG_TFOOT || top == GUMBO_TAG_TR || top == GUMBO_TAG_COLGROUP)
        return true;
    clean_push_frame(c, &el->children, false, NULL);
    c->frames[c->nframes - 1].flat = true;
    c->flat++;
    return true;
}

/* The tree we write must parse back to itself. gumbo's tree can hold
 * shapes that the parser, reading our output, would change (the adoption
 * agency moves nodes): an <li> under an open <li> with no special element
 * between, the same for <dd>/<dt>, a heading right inside a heading. Such
 * an element is written as a <div>. */
static bool would_close_open(const cleaner *c, GumboTag tag)
{
    if (!c->nopens)
        return false;
    GumboTag top = c->opens[c->nopens - 1].tag;
    if (tag >= GUMBO_TAG_H1 && tag <= GUMBO_TAG_H6)
        return top >= GUMBO_TAG_H1 && top <= GUMBO_TAG_H6;
    if (tag != GUMBO_TAG_LI && tag != GUMBO_TAG_DD && tag != GUMBO_TAG_DT)
        return false;
    for (size_t i = c->nopens; i-- > 0;) {
        GumboTag t = c->opens[i].tag;
        if (tag == GUMBO_TAG_LI ? t == GUMBO_TAG_LI : (t == GUMBO_TAG_DD || t == GUMBO_TAG_DT))
            return true;
        if (html_tag_is_special(t) && t != GUMBO_TAG_ADDRESS && t != GUMBO_TAG_DIV &&
            t != GUMBO_TAG_P)
            return false;
    }
    return false;
}

static void enter_element(cleaner *c, const GumboNode *node)
{
    const GumboElement *el = &node->v.element;
    char name[64];
    html_tag_name(el, name, sizeof(name));
    GumboTag tag = el->tag;
    html_action act;
    if (el->tag_namespace != GUMBO_NAMESPACE_HTML) {
        act = html_policy_foreign(c->o->policy, tag);
        if (!strcmp(name, "script") || !strcmp(name, "style"))
            act = HTML_DROP;
    } else {
        act = html_policy_element(c->o->policy, tag, name);
    }
    if (node->type == GUMBO_NODE_TEMPLATE && c->article)
        act = HTML_DROP;
    /* gumbo still expands the obsolete <isindex> into a form with made-up
     * English text; browsers no longer do. */
    if (node->parse_flags & GUMBO_INSERTION_FROM_ISINDEX)
        act = HTML_DROP;
    if (act == HTML_DROP)
        return;

    GumboTag judged = act == HTML_AS_SPAN      ? GUMBO_TAG_SPAN
                      : act == HTML_AS_SECTION ? GUMBO_TAG_SECTION
                                               : tag;
    if (c->article) {
        if (html_rules_drop(c->rules, node, judged))
            return;
        if (flatten(c, el, act))
            return;
        if (tag == GUMBO_TAG_IMG) {
            write_img(c, el);
            return;
        }
        if (tag == GUMBO_TAG_IFRAME) {
            write_iframe(c, el);
            return;
        }
        if (tag == GUMBO_TAG_SOURCE) {
            const char *src = html_attr(el, "src");
            if (!src || !url_value(c, tag, "src", src))
                return; /* a <source> without a usable src says nothing */
        }
        if (tag == GUMBO_TAG_A && c->a_depth > 0)
            act = HTML_AS_SPAN;
        if (act == HTML_AS_SPAN && el->children.length == 0)
            return;
    }
    if (flatten(c, el, act))
        return;
    if (act == HTML_UNWRAP) {
        clean_push_frame(c, &el->children, false, NULL);
        return;
    }
    const char *out_name = name;
    GumboTag out_tag = tag;
    if (act == HTML_AS_SPAN) {
        out_name = "span";
        out_tag = GUMBO_TAG_SPAN;
    } else if (act == HTML_AS_SECTION) {
        out_name = "section";
        out_tag = GUMBO_TAG_SECTION;
    } else if (tag == GUMBO_TAG_UNKNOWN) {
        out_name = arena_strdup(c->tmp, name);
    } else {
        out_name = gumbo_normalized_tagname(tag);
    }
    if (c->article && would_close_open(c, out_tag)) {
        out_name = "div";
        out_tag = GUMBO_TAG_DIV;
        act = HTML_AS_SECTION; /* no attributes */
    }
    if (c->article && html_tag_is_block(out_tag))
        clean_text_break(c);
    clean_open_tag(c, out_tag, out_name);
    if (act == HTML_KEEP)
        write_attrs(c, el, tag);
    if (c->article && out_tag == GUMBO_TAG_A && act == HTML_KEEP) {
        const char *href = html_attr(el, "href");
        if (href && url_value(c, GUMBO_TAG_A, "href", href))
            clean_put_attr(c, "rel", "noopener noreferrer");
    }
    if (c->article && !html_tag_is_void(out_tag) && html_judged_by_text(out_tag))
        c->opens[c->nopens - 1].judge = true;
    if (html_tag_is_void(out_tag)) {
        clean_puts(c, " />");
        if (c->article && out_tag == GUMBO_TAG_BR)
            clean_text_break(c);
        return;
    }
    buf_putc(&c->out, '>');
    if (out_tag == GUMBO_TAG_PRE || out_tag == GUMBO_TAG_TEXTAREA || out_tag == GUMBO_TAG_LISTING) {
        c->pre_depth++;
        c->after_pre_tag = true;
    }
    if (out_tag == GUMBO_TAG_A)
        c->a_depth++;
    clean_push_frame(c, &el->children, true, out_name);
}

static void walk(cleaner *c, const GumboNode *root)
{
    clean_push_frame(c, &root->v.element.children, false, NULL);
    while (c->nframes) {
        frame *f = &c->frames[c->nframes - 1];
        if (f->next >= f->children->length) {
            frame done = *f;
            c->nframes--;
            clean_close_frame(c, &done);
            continue;
        }
        const GumboNode *child = f->children->data[f->next++];
        switch (child->type) {
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_CDATA:
        case GUMBO_NODE_WHITESPACE:
            clean_put_text(c, child->v.text.text);
            break;
        case GUMBO_NODE_ELEMENT:
        case GUMBO_NODE_TEMPLATE:
            enter_element(c, child);
            break;
        default: /* comments, the document */
            break;
        }
    }
}

/* ---- the one-pass path (FEED) --------------------------------------------- */

/* For input simple.c proves simple, the FEED policy writes from its events
 * (html_simple_events) with the very functions the walk uses: an element
 * is entered as the walk enters it, its frame closed at its end event.
 * No tree is built, so the output is the walk's byte for byte
 * (fuzz_html_simple compares it with gumbo's path) at the cost of one
 * scan. (ARTICLE's rules read ancestors and written text: it walks.) */
typedef struct streamer {
    cleaner *c;
    int depth;                             /* open elements (not void) */
    int drop;                              /* >0: inside a dropped element */
    bool pushed[HTML_SIMPLE_MAX_DEPTH + 1]; /* the element has a frame */
} streamer;

static void stream_start(void *ud, GumboTag tag, GumboAttribute **attrs, unsigned nattrs)
{
    streamer *st = ud;
    cleaner *c = st->c;
    bool is_void = html_tag_is_void(tag);
    if (st->drop) {
        st->drop += !is_void;
        return;
    }
    GumboNode node = {.type = GUMBO_NODE_ELEMENT};
    GumboElement *el = &node.v.element;
    el->tag = tag;
    el->tag_namespace = GUMBO_NAMESPACE_HTML;
    el->attributes = (GumboVector){(void **)attrs, nattrs, nattrs};
    if (html_policy_element(c->o->policy, tag, gumbo_normalized_tagname(tag)) == HTML_DROP) {
        st->drop = !is_void;
        return;
    }
    size_t frames = c->nframes;
    enter_element(c, &node); /* (its frame's children are never read) */
    if (!is_void)
        st->pushed[st->depth++] = c->nframes > frames;
}

static void stream_text(void *ud, const char *text, size_t n)
{
    streamer *st = ud;
    if (!st->drop)
        clean_put_text_n(st->c, text, n);
}

static void stream_end(void *ud)
{
    streamer *st = ud;
    if (st->drop) {
        st->drop--;
        return;
    }
    if (st->pushed[--st->depth]) {
        frame f = st->c->frames[--st->c->nframes];
        clean_close_frame(st->c, &f);
    }
}

/* True when the one-pass path wrote in[0, len); else nothing is written. */
static bool clean_simple(cleaner *c, const char *in, size_t len)
{
    if (c->article || c->path != HTML_PATH_ANY)
        return false;
    in = html_bound_depth(c->tmp, in, &len);
    streamer st = {.c = c};
    html_simple_sink sink = {&st, stream_start, stream_text, stream_end};
    c->valid = true;
    if (html_simple_events(c->tmp, in, len, &sink))
        return true;
    c->valid = false;
    c->out.len = 0;
    if (c->out.data)
        c->out.data[0] = 0;
    c->nopens = c->nframes = 0;
    c->out_ws = true;
    c->after_pre_tag = false;
    c->pre_depth = c->a_depth = c->flat = 0;
    return false;
}

static char *trim_copy(arena *a, const char *s, size_t n, size_t *out_len)
{
    while (n && nm_is_html_space(s[0]))
        s++, n--;
    while (n && nm_is_html_space(s[n - 1]))
        n--;
    *out_len = n;
    return arena_strndup(a, s, n);
}

int html_clean(arena *a, const char *in, size_t len, const html_opts *opts, html_result *out,
               nm_error *err)
{
    return html_clean_via(a, in, len, opts, out, err, HTML_PATH_ANY);
}

int html_clean_via(arena *a, const char *in, size_t len, const html_opts *opts, html_result *out,
                   nm_error *err, html_path path)
{
    memset(out, 0, sizeof(*out));
    if (len > HTML_MAX_INPUT)
        return nm_fail(err, "", 0,
                       "HTML of %zu bytes is larger than the %zu MiB limit; not cleaned", len,
                       HTML_MAX_INPUT >> 20);
    cleaner c = {0};
    c.a = a;
    c.tmp = arena_new(len < 16384 ? 0 : 1 << 20);
    c.o = opts;
    c.path = path;
    c.article = opts->policy == HTML_POLICY_ARTICLE;
    c.out_ws = c.text_ws = c.text_nl = true;
    buf_init(&c.out, NM_BUF_NOLIMIT);
    buf_init(&c.text, NM_BUF_NOLIMIT);
    /* room for the output at once (most is the input, a little escaping
     * and attributes added): one malloc instead of a dozen reallocs */
    if (len < HTML_MAX_INPUT / 2) {
        c.out.cap = len + len / 4 + 64;
        c.out.data = xmalloc(c.out.cap);
        c.out.data[0] = 0;
    }
    if (c.article)
        c.rules = html_rules_new(c.tmp, opts);
    if (!clean_simple(&c, in ? in : "", in ? len : 0)) {
        GumboOutput *g = html_parse_fragment_via(c.tmp, in ? in : "", in ? len : 0, &c.valid, path);
        walk(&c, g->root);
    }
    out->html = trim_copy(a, buf_cstr(&c.out), c.out.len, &out->html_len);
    if (c.article) {
        size_t tl;
        out->text = trim_copy(a, buf_cstr(&c.text), c.text.len, &tl);
        out->lead_image = c.lead_image;
    }
    buf_free(&c.out);
    buf_free(&c.text);
    free(c.opens);
    free(c.frames);
    arena_free(c.tmp);
    return 0;
}
