/*
 * mustache_int.h — the insides shared by compile.c (compiler),
 * render.c (renderer) and value.c (data model).
 *
 * A compiled template is a tree of mst_node: text runs, variables, and
 * tags with children (sections, inverted sections, blocks, parents). Every
 * decision that depends only on the source — standalone lines, which
 * whitespace becomes indentation, dotted names split and hashed, block
 * content dedented — is made once by the compiler, so the renderer only
 * walks the tree. Nothing here is visible outside src/mustache/.
 */
#ifndef NM_SITE_MUSTACHE_INT_H
#define NM_SITE_MUSTACHE_INT_H

#include "mustache.h"

#include <string.h>

/* ---- data model -------------------------------------------------------- */

struct mst_value {
    mst_type type;
    union {
        bool b;
        int64_t i;
        double d;
        struct {
            const char *p;
            size_t n;
        } s;
        mst_list *list;
        mst_map *map;
    } u;
};

struct mst_list {
    arena *a;
    mst_value **items;
    uint32_t n, cap;
    mst_value self; /* the value that wraps this list */
};

typedef struct mst_entry {
    const char *key; /* borrowed */
    uint32_t klen;
    uint32_t hash;
    mst_value *val;
} mst_entry;

/* Up to MST_MAP_LINEAR keys are found by a linear scan of hashes; past
 * that an open-addressing index (entry number + 1, 0 = empty) is kept. */
#define MST_MAP_LINEAR 8
struct mst_map {
    arena *a;
    mst_entry *e;
    uint32_t n, cap;
    uint32_t *index;
    uint32_t index_mask;
    mst_value self;
};

/* FNV-1a, folded to 32 bits: keys are short, and the same function hashes
 * name segments at compile time and map keys at insertion. */
static inline uint32_t mst_hash(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 1099511628211ull;
    }
    return (uint32_t)(h ^ (h >> 32));
}

/* The entry number of key (hash h) in m, or -1. Inline: the renderer
 * calls it for every name it prints. */
static inline int mst_map_find(const mst_map *m, const char *key, size_t n, uint32_t h)
{
    if (m->index) {
        uint32_t slot = h & m->index_mask;
        for (uint32_t at; (at = m->index[slot]) != 0; slot = (slot + 1) & m->index_mask) {
            const mst_entry *e = &m->e[at - 1];
            if (e->hash == h && e->klen == n && memcmp(e->key, key, n) == 0)
                return (int)(at - 1);
        }
        return -1;
    }
    for (uint32_t i = 0; i < m->n; i++) {
        const mst_entry *e = &m->e[i];
        if (e->hash == h && e->klen == n && memcmp(e->key, key, n) == 0)
            return (int)i;
    }
    return -1;
}

static inline const mst_value *mst_map_get_h(const mst_map *m, const char *key, size_t n, uint32_t h)
{
    int at = mst_map_find(m, key, n, h);
    return at >= 0 ? m->e[at].val : NULL;
}

/* ---- compiled templates --------------------------------------------- */

typedef struct mst_seg {
    const char *p;
    uint32_t len;
    uint32_t hash;
} mst_seg;

/* A dotted name split at the dots; n == 0 is the implicit iterator ".". */
typedef struct mst_name {
    mst_seg *segs;
    uint32_t n;
} mst_name;

enum mst_node_type {
    MN_TEXT,     /* text: literal bytes; lines start after its inner newlines */
    MN_VAR,      /* {{x}}: escaped */
    MN_RAW,      /* {{{x}}} {{&x}} */
    MN_SECTION,  /* {{#x}} kids {{/x}} */
    MN_INVERTED, /* {{^x}} kids {{/x}} */
    MN_PARTIAL,  /* {{>x}} {{>*x}} */
    MN_PARENT,   /* {{<x}} kids = its block arguments {{/x}} */
    MN_BLOCK,    /* {{$x}} kids = default or argument content {{/x}} */
    MN_INDENT,   /* a line start with nothing else: emits the indentation */
};

typedef struct mst_node mst_node;
struct mst_node {
    uint8_t type;
    bool bol;        /* starts a source line: emit the current indentation */
    bool standalone; /* the tag's line was standalone and removed */
    bool dynamic;    /* {{>*name}} / {{<*name}} */
    bool ws_before;  /* only whitespace precedes the tag on its line */
    bool multiline;  /* MN_TEXT: a line starts inside the text */
    uint32_t line;
    uint32_t nkids;
    str_view text;   /* MN_TEXT: the bytes; tags: the name as written */
    uint32_t hash;   /* of text, for blocks and partial names */
    mst_name name;   /* variables, sections, dynamic partials/parents */
    str_view indent; /* whitespace before the tag when ws_before */
    str_view block_indent; /* MN_BLOCK: indentation given to an override */
    mst_node *kids;
    const mst_template *target; /* static partial/parent, set by link */
};

struct mst_template {
    const char *name;
    mst_set *set;
    mst_node *kids;
    uint32_t nkids;
    uint32_t hash; /* of name */
};

struct mst_set {
    arena *a;
    mst_template **tpl;
    size_t n, cap;
    mst_loader loader;
    void *loader_ctx;
    bool linked;
};

const mst_template *mst_set_find(const mst_set *s, const char *name, size_t n);

#endif
