/*
 * post_int.h — the post module's private value tree: what front matter says,
 * before it is read as a post.
 *
 * Three readers fill it (the seed-layout fast path in fast.c, libyaml in
 * yaml.c, jansson in json.c) and one interpreter reads it (read.c), so
 * every rule about titles, categories and dates lives in one place and the
 * readers only have to agree on the tree — which the property test checks
 * for the two YAML readers. Nodes live in the post's arena; scalars are
 * NUL-terminated copies (they may hold NUL bytes only when len says so).
 *
 * Not public: other modules see only post.h.
 */
#ifndef NM_POST_INT_H
#define NM_POST_INT_H

#include "post.h"

typedef enum { PN_SCALAR, PN_SEQ, PN_MAP } pn_kind;

/* How a scalar was written: plain scalars are typed by their text
 * (null, booleans, numbers) as YAML resolves them; quoted ones are always
 * strings; JSON values carry their own type. */
typedef enum {
    PN_PLAIN,
    PN_QUOTED,
    PN_JSON_STRING,
    PN_JSON_OTHER, /* number, true, false, null: text is the JSON literal */
} pn_style;

typedef struct pnode pnode;
struct pnode {
    pn_kind kind;
    pn_style style; /* scalars */
    long line;      /* 1-based line in the file */
    const char *str; /* scalar text, NUL-terminated */
    size_t len;
    pnode **items;  /* seq: items; map: key, value, key, value … */
    size_t n;       /* seq: items; map: pairs */
    size_t used, cap; /* slots of items in use and allocated */
    unsigned depth; /* levels including this node; aliases count fully */
    size_t weight;  /* values including this node, aliases expanded */
};

/* Where the front matter sits in the file and what the readers share. */
typedef struct pn_ctx {
    arena *a;
    const char *path;
    long first_line; /* file line of the front matter's first byte */
    size_t nodes;    /* nodes made so far (POST_MAX_NODES) */
    nm_error *err;
} pn_ctx;

pnode *pn_new(pn_ctx *c, pn_kind kind, long line);
/* Appends to a seq (one item) or a map (key then value: call twice). The
 * array grows in the arena by doubling. */
void pn_push(pn_ctx *c, pnode *parent, pnode *item);
/* Closes a collection: computes depth and weight, checks keys. Fails when
 * depth passes POST_MAX_DEPTH or weight POST_MAX_NODES (an alias bomb). */
int pn_close(pn_ctx *c, pnode *coll);
/* Fails with "duplicate key 'k'" at the later key's line when a map has
 * the same key twice; "keys must be strings" for a non-scalar key. */
int pn_check_keys(pn_ctx *c, const pnode *map);

/* Plain-scalar typing, YAML 1.1 and 1.2 core schema words. */
bool pn_is_null(const pnode *n);
/* 1 true, 0 false, -1 not a boolean. */
int pn_bool(const pnode *n);
/* "a list", "a mapping", "a string" … for messages. */
const char *pn_kind_name(const pnode *n);

/* The readers. Each returns the top-level node (NULL for an empty
 * document) in *out, or -1 with ctx->err filled at the line of the
 * problem. fast returns 1 when the text is outside the seed layout it
 * knows (the caller then uses libyaml); it never fails. */
int pn_read_fast(pn_ctx *c, const char *text, size_t len, pnode **out);
int pn_read_yaml(pn_ctx *c, const char *text, size_t len, pnode **out);
int pn_read_json(pn_ctx *c, const char *text, size_t len, pnode **out);

/* Writing scalars and values as YAML (emit.c). */
typedef enum {
    PQ_AUTO,   /* plain when it reads back as the same string */
    PQ_ALWAYS, /* always quoted (the seed quotes title, headimg, thumbnail) */
    PQ_PLAIN,  /* plain when YAML syntax allows: for plain scalars whose
                  type (number, boolean) must survive */
} pq_rule;
int emit_scalar(nm_buf *out, const char *s, size_t len, pq_rule rule, bool flow);
/* A value after "key: ": scalars inline, a list as "\n - item" lines, a
 * mapping as "\n  k: v" lines, collections inside those in flow style. */
int emit_value(nm_buf *out, const pnode *v);
/* True when s written plain would read back as s, a string. */
bool plain_is_string(const char *s, size_t len, bool flow);
/* True when single quotes can carry s on one line (no line breaks or
 * controls other than tab, none of YAML's special Unicode characters). */
bool single_quotable(const char *s, size_t len);
/* True when YAML syntax allows s plain (type may change). */
bool plain_allowed(const char *s, size_t len, bool flow);

#endif
