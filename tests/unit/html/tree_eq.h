/*
 * tree_eq.h — are two gumbo trees the same, in every field the html
 * module reads? Shared by test_simple.c and fuzz_html_simple.c, which hold
 * simple.c's tree against gumbo's.
 *
 * Compared: node types (WHITESPACE vs TEXT too), parse_flags, parent links
 * and index_within_parent, text, original_text; for elements the tag, its
 * namespace, original_tag and original_end_tag, and every attribute (name,
 * value, namespace, original_name, original_value, and whether the value
 * is the name, as gumbo writes a valueless attribute). Not compared:
 * source positions, which nothing reads. Returns NULL when equal, else
 * what differs (a static string) and *where the path of child indexes.
 */
#ifndef NM_TEST_TREE_EQ_H
#define NM_TEST_TREE_EQ_H

#include <gumbo.h>
#include <stdio.h>
#include <string.h>

static bool tree_eq_piece(GumboStringPiece a, GumboStringPiece b)
{
    return a.length == b.length && (!a.length || !memcmp(a.data, b.data, a.length));
}

static const char *tree_eq_node(const GumboNode *x, const GumboNode *y, char *where, size_t wn)
{
    if (x->type != y->type)
        return "node type";
    if (x->parse_flags != y->parse_flags)
        return "parse_flags";
    if (x->index_within_parent != y->index_within_parent)
        return "index_within_parent";
    if (x->type == GUMBO_NODE_TEXT || x->type == GUMBO_NODE_WHITESPACE ||
        x->type == GUMBO_NODE_CDATA || x->type == GUMBO_NODE_COMMENT) {
        if (strcmp(x->v.text.text, y->v.text.text))
            return "text";
        if (!tree_eq_piece(x->v.text.original_text, y->v.text.original_text))
            return "original_text";
        return NULL;
    }
    if (x->type != GUMBO_NODE_ELEMENT && x->type != GUMBO_NODE_TEMPLATE)
        return NULL;
    const GumboElement *a = &x->v.element, *b = &y->v.element;
    if (a->tag != b->tag)
        return "tag";
    if (a->tag_namespace != b->tag_namespace)
        return "tag_namespace";
    if (!tree_eq_piece(a->original_tag, b->original_tag))
        return "original_tag";
    if (!tree_eq_piece(a->original_end_tag, b->original_end_tag))
        return "original_end_tag";
    if (a->attributes.length != b->attributes.length)
        return "attribute count";
    for (unsigned i = 0; i < a->attributes.length; i++) {
        const GumboAttribute *p = a->attributes.data[i], *q = b->attributes.data[i];
        if (strcmp(p->name, q->name))
            return "attribute name";
        if (strcmp(p->value, q->value))
            return "attribute value";
        if (p->attr_namespace != q->attr_namespace)
            return "attribute namespace";
        if (!tree_eq_piece(p->original_name, q->original_name))
            return "attribute original_name";
        if (!tree_eq_piece(p->original_value, q->original_value))
            return "attribute original_value";
        if ((p->original_value.data == p->original_name.data) !=
            (q->original_value.data == q->original_name.data))
            return "attribute valueless";
    }
    if (a->children.length != b->children.length)
        return "child count";
    size_t wl = strlen(where);
    for (unsigned i = 0; i < a->children.length; i++) {
        const GumboNode *c = a->children.data[i], *d = b->children.data[i];
        if (c->parent != x || d->parent != y)
            return "parent link";
        snprintf(where + wl, wn - wl, "/%u", i);
        const char *why = tree_eq_node(c, d, where, wn);
        if (why)
            return why;
    }
    where[wl] = 0;
    return NULL;
}

/* NULL when the two outputs' roots are the same tree. */
static const char *tree_eq(const GumboOutput *x, const GumboOutput *y, char *where, size_t wn)
{
    where[0] = 0;
    if (x->root->parent != x->document || y->root->parent != y->document)
        return "root parent";
    return tree_eq_node(x->root, y->root, where, wn);
}

#endif
