/*
 * value.c — the data a template reads: a small value tree in an
 * arena.
 *
 * A site renders tens of fields for each of 100,000 posts, so building a
 * page's context must cost little more than filling a struct: values are
 * bump-allocated from the caller's arena, strings may be borrowed (pointer +
 * length into a file buffer, no copy), map keys are borrowed (they are
 * nearly always literals), and a map keeps its keys in insertion order in
 * one array, found by comparing 32-bit hashes — a linear scan for the
 * usual handful of keys, an open-addressing index once a map grows past
 * MST_MAP_LINEAR keys. Nothing is freed one by one; the arena goes at once.
 *
 * Not here: conversion from JSON or YAML (the callers own their formats),
 * deletion of keys, reference counting.
 */
#include "mustache_int.h"

#include <string.h>

static mst_value mst_null_v = {.type = MST_NULL};
static mst_value mst_true_v = {.type = MST_BOOL, .u.b = true};
static mst_value mst_false_v = {.type = MST_BOOL, .u.b = false};

mst_value *mst_null(void)
{
    return &mst_null_v;
}

mst_value *mst_bool(bool b)
{
    return b ? &mst_true_v : &mst_false_v;
}

mst_value *mst_int(arena *a, int64_t i)
{
    mst_value *v = arena_alloc(a, sizeof(*v));
    v->type = MST_INT;
    v->u.i = i;
    return v;
}

mst_value *mst_double(arena *a, double d)
{
    mst_value *v = arena_alloc(a, sizeof(*v));
    v->type = MST_DOUBLE;
    v->u.d = d;
    return v;
}

mst_value *mst_ref(arena *a, const char *p, size_t n)
{
    mst_value *v = arena_alloc(a, sizeof(*v));
    v->type = MST_STR;
    v->u.s.p = p ? p : "";
    v->u.s.n = p ? n : 0;
    return v;
}

mst_value *mst_strn(arena *a, const char *s, size_t n)
{
    return mst_ref(a, s ? arena_strndup(a, s, n) : NULL, n);
}

mst_value *mst_str(arena *a, const char *s)
{
    return s ? mst_strn(a, s, strlen(s)) : mst_null();
}

/* ---- lists ------------------------------------------------------------- */

mst_list *mst_list_new(arena *a, size_t size_hint)
{
    mst_list *l = arena_alloc(a, sizeof(*l));
    l->a = a;
    l->n = 0;
    l->cap = size_hint ? (uint32_t)size_hint : 4;
    l->items = arena_alloc(a, sizeof(*l->items) * l->cap);
    l->self.type = MST_LIST;
    l->self.u.list = l;
    return l;
}

void mst_list_push(mst_list *l, mst_value *v)
{
    if (l->n == l->cap) {
        if (l->cap >= UINT32_MAX / 2)
            nm_die("mustache: list too long");
        mst_value **items = arena_alloc(l->a, sizeof(*items) * l->cap * 2);
        memcpy(items, l->items, sizeof(*items) * l->n);
        l->items = items;
        l->cap *= 2;
    }
    l->items[l->n++] = v ? v : mst_null();
}

mst_value *mst_list_value(mst_list *l)
{
    return &l->self;
}

size_t mst_list_len(const mst_list *l)
{
    return l ? l->n : 0;
}

const mst_value *mst_list_at(const mst_list *l, size_t i)
{
    return l && i < l->n ? l->items[i] : NULL;
}

/* ---- maps -------------------------------------------------------------- */

mst_map *mst_map_new(arena *a, size_t size_hint)
{
    mst_map *m = arena_alloc(a, sizeof(*m));
    m->a = a;
    m->n = 0;
    m->cap = size_hint ? (uint32_t)size_hint : 8;
    m->e = arena_alloc(a, sizeof(*m->e) * m->cap);
    m->index = NULL;
    m->index_mask = 0;
    m->self.type = MST_MAP;
    m->self.u.map = m;
    return m;
}

static void index_put(mst_map *m, uint32_t i)
{
    uint32_t slot = m->e[i].hash & m->index_mask;
    while (m->index[slot])
        slot = (slot + 1) & m->index_mask;
    m->index[slot] = i + 1;
}

/* Keeps the index at most half full: size = power of two >= 2 * cap. */
static void index_rebuild(mst_map *m)
{
    uint32_t size = 16;
    while (size < 2 * m->cap)
        size *= 2;
    m->index = arena_zalloc(m->a, sizeof(*m->index) * size);
    m->index_mask = size - 1;
    for (uint32_t i = 0; i < m->n; i++)
        index_put(m, i);
}

void mst_map_setn(mst_map *m, const char *key, size_t n, mst_value *v)
{
    if (n > UINT32_MAX)
        nm_die("mustache: map key too long");
    uint32_t h = mst_hash(key, n);
    int at = mst_map_find(m, key, n, h);
    if (!v)
        v = mst_null();
    if (at >= 0) {
        m->e[at].val = v;
        return;
    }
    if (m->n == m->cap) {
        if (m->cap >= INT32_MAX / 2)
            nm_die("mustache: map too large");
        mst_entry *e = arena_alloc(m->a, sizeof(*e) * m->cap * 2);
        memcpy(e, m->e, sizeof(*e) * m->n);
        m->e = e;
        m->cap *= 2;
        if (m->index)
            index_rebuild(m);
    }
    m->e[m->n] = (mst_entry){key, (uint32_t)n, h, v};
    m->n++;
    if (m->index)
        index_put(m, m->n - 1);
    else if (m->n > MST_MAP_LINEAR)
        index_rebuild(m);
}

void mst_map_set(mst_map *m, const char *key, mst_value *v)
{
    mst_map_setn(m, key, strlen(key), v);
}

mst_value *mst_map_value(mst_map *m)
{
    return &m->self;
}

void mst_map_set_str(mst_map *m, const char *key, const char *s)
{
    mst_map_set(m, key, mst_str(m->a, s));
}

void mst_map_set_ref(mst_map *m, const char *key, const char *p, size_t n)
{
    mst_map_set(m, key, p ? mst_ref(m->a, p, n) : mst_null());
}

void mst_map_set_int(mst_map *m, const char *key, int64_t i)
{
    mst_map_set(m, key, mst_int(m->a, i));
}

void mst_map_set_bool(mst_map *m, const char *key, bool b)
{
    mst_map_set(m, key, mst_bool(b));
}

const mst_value *mst_map_get(const mst_map *m, const char *key, size_t n)
{
    return m ? mst_map_get_h(m, key, n, mst_hash(key, n)) : NULL;
}

const mst_value *mst_get(const mst_value *map, const char *key)
{
    return mst_map_get(mst_as_map(map), key, strlen(key));
}

/* ---- reading ----------------------------------------------------------- */

mst_type mst_type_of(const mst_value *v)
{
    return v ? v->type : MST_NULL;
}

const mst_list *mst_as_list(const mst_value *v)
{
    return v && v->type == MST_LIST ? v->u.list : NULL;
}

const mst_map *mst_as_map(const mst_value *v)
{
    return v && v->type == MST_MAP ? v->u.map : NULL;
}

const char *mst_str_ptr(const mst_value *v, size_t *len)
{
    if (!v || v->type != MST_STR) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = v->u.s.n;
    return v->u.s.p;
}

int64_t mst_int_of(const mst_value *v)
{
    if (v && v->type == MST_INT)
        return v->u.i;
    if (v && v->type == MST_DOUBLE && v->u.d > -9.2e18 && v->u.d < 9.2e18)
        return (int64_t)v->u.d;
    return 0;
}

double mst_double_of(const mst_value *v)
{
    if (v && v->type == MST_INT)
        return (double)v->u.i;
    return v && v->type == MST_DOUBLE ? v->u.d : 0;
}

/* Falsy: missing, null, false, the empty list, the empty string. */
bool mst_truthy(const mst_value *v)
{
    if (!v)
        return false;
    switch (v->type) {
    case MST_NULL:
        return false;
    case MST_BOOL:
        return v->u.b;
    case MST_STR:
        return v->u.s.n > 0;
    case MST_LIST:
        return v->u.list->n > 0;
    default:
        return true;
    }
}
