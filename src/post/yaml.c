/*
 * yaml.c — YAML front matter into the value tree, with libyaml's event
 * parser.
 *
 * Events rather than libyaml's document API because the tree is built as
 * the events come: depth is refused at the first level too deep (a file of
 * a million '[' never becomes a million nodes), and aliases share the node
 * of their anchor instead of copying it, with the expanded size and depth
 * bounded in pn_close() so that an alias bomb is an error, not a hang.
 * An anchor is known only once its node is complete, so an alias cannot
 * point into its own parent: the tree has no cycles.
 *
 * Every libyaml message becomes "path:line: bad YAML: …" at the line of
 * the problem in the file; a tab where indentation is expected gets its
 * own message, since that is the usual mistake.
 *
 * Not here: what the keys mean (read.c).
 */
#include "post_int.h"

#include <string.h>
#include <yaml.h>

typedef struct anchor {
    const char *name;
    pnode *node;
} anchor;

typedef struct frame {
    pnode *node;
    const char *anchor; /* registered when the collection ends */
} frame;

typedef struct yreader {
    pn_ctx *c;
    const char *text;
    size_t len;
    frame stack[POST_MAX_DEPTH + 1];
    int depth;
    anchor *anchors;
    size_t nanchors, anchors_cap;
    pnode *root;
} yreader;

static long file_line(const yreader *r, size_t mark_line)
{
    return r->c->first_line + (long)mark_line;
}

static long line_of_offset(const yreader *r, size_t off)
{
    long line = r->c->first_line;
    if (off > r->len)
        off = r->len;
    for (size_t i = 0; i < off; i++)
        if (r->text[i] == '\n')
            line++;
    return line;
}

static void add_anchor(yreader *r, const char *name, pnode *node)
{
    if (r->nanchors == r->anchors_cap) {
        size_t nc = r->anchors_cap ? r->anchors_cap * 2 : 8;
        anchor *na = arena_alloc(r->c->a, nc * sizeof(*na));
        if (r->nanchors)
            memcpy(na, r->anchors, r->nanchors * sizeof(*na));
        r->anchors = na;
        r->anchors_cap = nc;
    }
    r->anchors[r->nanchors++] = (anchor){name, node};
}

static pnode *find_anchor(const yreader *r, const char *name)
{
    for (size_t i = r->nanchors; i-- > 0;) /* a later anchor of the same name wins */
        if (strcmp(r->anchors[i].name, name) == 0)
            return r->anchors[i].node;
    return NULL;
}

static int add_node(yreader *r, pnode *n, long line)
{
    if (r->depth == 0) {
        if (r->root)
            return nm_fail(r->c->err, r->c->path, line, "more than one YAML document");
        r->root = n;
        return 0;
    }
    pnode *parent = r->stack[r->depth - 1].node;
    if ((unsigned)r->depth + n->depth > POST_MAX_DEPTH)
        return nm_fail(r->c->err, r->c->path, line, "values nested deeper than %d levels",
                       POST_MAX_DEPTH);
    pn_push(r->c, parent, n);
    return 0;
}

static int parser_error(yreader *r, const yaml_parser_t *p)
{
    pn_ctx *c = r->c;
    const char *problem = p->problem ? p->problem : "cannot parse";
    if (p->error == YAML_READER_ERROR) {
        long line = line_of_offset(r, p->problem_offset);
        if (p->problem_value != -1)
            return nm_fail(c->err, c->path, line, "bad YAML: %s (character 0x%02X)", problem,
                           (unsigned)p->problem_value);
        return nm_fail(c->err, c->path, line, "bad YAML: %s", problem);
    }
    long line = file_line(r, p->problem_mark.line);
    size_t at = p->problem_mark.index;
    if (at < r->len && r->text[at] == '\t')
        return nm_fail(c->err, c->path, line,
                       "bad YAML: a tab character where YAML allows only spaces");
    /* An unclosed quote is found at the end of the text: the problem is
     * where the quote opened. */
    if (p->context && strcmp(p->context, "while scanning a quoted scalar") == 0 &&
        strstr(problem, "end of stream"))
        return nm_fail(c->err, c->path, file_line(r, p->context_mark.line),
                       "bad YAML: a quoted value that is never closed");
    /* Likewise a flow list or mapping still open at the end. */
    if (p->context && at >= r->len && strncmp(p->context, "while parsing ", 14) == 0) {
        const char *what = p->context + 14;
        if (strcmp(what, "a flow sequence") == 0)
            what = "a '[' list";
        else if (strcmp(what, "a flow mapping") == 0)
            what = "a '{' mapping";
        return nm_fail(c->err, c->path, file_line(r, p->context_mark.line),
                       "bad YAML: %s opened here is never closed", what);
    }
    if (p->context && p->context_mark.line != p->problem_mark.line)
        return nm_fail(c->err, c->path, line, "bad YAML: %s (%s that starts on line %ld)",
                       problem, p->context, file_line(r, p->context_mark.line));
    if (p->context)
        return nm_fail(c->err, c->path, line, "bad YAML: %s (%s)", problem, p->context);
    return nm_fail(c->err, c->path, line, "bad YAML: %s", problem);
}

/* One event; returns 1 at the end of the stream, 0 to go on, -1 failed. */
static int on_event(yreader *r, const yaml_event_t *ev)
{
    pn_ctx *c = r->c;
    long line = file_line(r, ev->start_mark.line);
    switch (ev->type) {
    case YAML_STREAM_END_EVENT:
        return 1;
    case YAML_DOCUMENT_START_EVENT:
        if (r->root)
            return nm_fail(c->err, c->path, line, "more than one YAML document");
        return 0;
    case YAML_SCALAR_EVENT: {
        const char *v = (const char *)ev->data.scalar.value;
        size_t n = ev->data.scalar.length;
        if (memchr(v, 0, n))
            return nm_fail(c->err, c->path, line, "a value holds a NUL character");
        pnode *node = pn_new(c, PN_SCALAR, line);
        if (!node)
            return -1;
        node->style = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? PN_PLAIN : PN_QUOTED;
        node->str = arena_strndup(c->a, v, n);
        node->len = n;
        if (ev->data.scalar.anchor)
            add_anchor(r, arena_strdup(c->a, (const char *)ev->data.scalar.anchor), node);
        return add_node(r, node, line);
    }
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        if (r->depth >= POST_MAX_DEPTH)
            return nm_fail(c->err, c->path, line, "values nested deeper than %d levels",
                           POST_MAX_DEPTH);
        bool map = ev->type == YAML_MAPPING_START_EVENT;
        pnode *node = pn_new(c, map ? PN_MAP : PN_SEQ, line);
        if (!node)
            return -1;
        const yaml_char_t *an = map ? ev->data.mapping_start.anchor
                                    : ev->data.sequence_start.anchor;
        r->stack[r->depth++] = (frame){node, an ? arena_strdup(c->a, (const char *)an) : NULL};
        return 0;
    }
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: {
        frame f = r->stack[--r->depth];
        if (pn_close(c, f.node) < 0)
            return -1;
        if (f.anchor)
            add_anchor(r, f.anchor, f.node);
        return add_node(r, f.node, f.node->line);
    }
    case YAML_ALIAS_EVENT: {
        pnode *node = find_anchor(r, (const char *)ev->data.alias.anchor);
        if (!node)
            return nm_fail(c->err, c->path, line, "alias '*%s' names no anchor before it",
                           (const char *)ev->data.alias.anchor);
        return add_node(r, node, line);
    }
    default:
        return 0;
    }
}

int pn_read_yaml(pn_ctx *c, const char *text, size_t len, pnode **out)
{
    yreader r = {.c = c, .text = text, .len = len};
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        nm_die("libyaml: out of memory");
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
    int rc = 0;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            rc = parser_error(&r, &p);
            break;
        }
        rc = on_event(&r, &ev);
        yaml_event_delete(&ev);
        if (rc != 0)
            break;
    }
    yaml_parser_delete(&p);
    if (rc < 0)
        return -1;
    *out = r.root;
    return 0;
}
