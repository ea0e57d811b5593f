/*
 * tree.c — building the value tree and the typing rules of plain scalars.
 *
 * Duplicate keys are an error (Hexo's js-yaml refuses them too): a post
 * whose title is given twice has no right answer. They are found by
 * sorting a copy of the keys, so a mapping of 100,000 keys costs n log n,
 * not n².
 */
#include "post_int.h"

#include <stdlib.h>
#include <string.h>

pnode *pn_new(pn_ctx *c, pn_kind kind, long line)
{
    if (++c->nodes > POST_MAX_NODES) {
        nm_fail(c->err, c->path, line, "front matter has more than %d values", POST_MAX_NODES);
        return NULL;
    }
    pnode *n = arena_zalloc(c->a, sizeof(*n));
    n->kind = kind;
    n->line = line;
    n->str = "";
    n->depth = 1;
    n->weight = 1;
    return n;
}

void pn_push(pn_ctx *c, pnode *parent, pnode *item)
{
    if (parent->used == parent->cap) {
        size_t ns = parent->cap ? parent->cap * 2 : 8;
        pnode **items = arena_alloc(c->a, ns * sizeof(*items));
        if (parent->used)
            memcpy(items, parent->items, parent->used * sizeof(*items));
        parent->items = items;
        parent->cap = ns;
    }
    parent->items[parent->used++] = item;
    parent->n = parent->kind == PN_MAP ? parent->used / 2 : parent->used;
}

int pn_close(pn_ctx *c, pnode *coll)
{
    unsigned depth = 0;
    size_t weight = 1;
    for (size_t i = 0; i < coll->used; i++) {
        const pnode *it = coll->items[i];
        unsigned d = it->depth ? it->depth : 1;
        if (d > depth)
            depth = d;
        weight += it->weight ? it->weight : 1;
        if (weight > POST_MAX_NODES)
            return nm_fail(c->err, c->path, coll->line,
                           "front matter expands to more than %d values (aliases)",
                           POST_MAX_NODES);
    }
    coll->depth = depth + 1;
    coll->weight = weight;
    if (coll->depth > POST_MAX_DEPTH)
        return nm_fail(c->err, c->path, coll->line, "values nested deeper than %d levels",
                       POST_MAX_DEPTH);
    if (coll->kind == PN_MAP)
        return pn_check_keys(c, coll);
    return 0;
}

typedef struct key_ref {
    const pnode *key;
    size_t index;
} key_ref;

static int key_cmp(const void *pa, const void *pb)
{
    const key_ref *a = pa, *b = pb;
    size_t n = a->key->len < b->key->len ? a->key->len : b->key->len;
    int r = memcmp(a->key->str, b->key->str, n);
    if (r)
        return r;
    if (a->key->len != b->key->len)
        return a->key->len < b->key->len ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

int pn_check_keys(pn_ctx *c, const pnode *map)
{
    for (size_t i = 0; i < map->n; i++) {
        const pnode *k = map->items[2 * i];
        if (k->kind != PN_SCALAR)
            return nm_fail(c->err, c->path, k->line, "a key must be a string, not %s",
                           pn_kind_name(k));
    }
    if (map->n < 2)
        return 0;
    key_ref *refs = xmalloc(map->n * sizeof(*refs));
    for (size_t i = 0; i < map->n; i++)
        refs[i] = (key_ref){map->items[2 * i], i};
    qsort(refs, map->n, sizeof(*refs), key_cmp);
    const pnode *dup = NULL;
    for (size_t i = 1; i < map->n; i++) {
        const pnode *a = refs[i - 1].key, *b = refs[i].key;
        if (a->len == b->len && memcmp(a->str, b->str, a->len) == 0 &&
            (!dup || b->line < dup->line))
            dup = b;
    }
    free(refs);
    if (dup)
        return nm_fail(c->err, c->path, dup->line, "duplicate key '%s'", dup->str);
    return 0;
}

static bool text_in(const pnode *n, const char *const *words)
{
    for (; *words; words++)
        if (strlen(*words) == n->len && memcmp(*words, n->str, n->len) == 0)
            return true;
    return false;
}

bool pn_is_null(const pnode *n)
{
    static const char *const words[] = {"", "~", "null", "Null", "NULL", NULL};
    if (n->kind != PN_SCALAR || n->style == PN_QUOTED || n->style == PN_JSON_STRING)
        return false;
    return text_in(n, words);
}

int pn_bool(const pnode *n)
{
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "YES",
                                      "on",   "On",   "ON",   NULL};
    static const char *const no[] = {"false", "False", "FALSE", "no", "No", "NO",
                                     "off",   "Off",   "OFF",   NULL};
    if (n->kind != PN_SCALAR || n->style == PN_QUOTED || n->style == PN_JSON_STRING)
        return -1;
    if (text_in(n, yes))
        return 1;
    if (text_in(n, no))
        return 0;
    return -1;
}

const char *pn_kind_name(const pnode *n)
{
    switch (n->kind) {
    case PN_SEQ: return "a list";
    case PN_MAP: return "a mapping";
    default: break;
    }
    if (pn_is_null(n))
        return "nothing";
    if (pn_bool(n) >= 0)
        return "a boolean";
    return "a string";
}
