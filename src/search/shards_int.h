/*
 * shards_int.h — what the static index's two files share: shard_terms.c
 * builds a segment's terms as its documents are added (and saves and
 * loads that state), shards.c writes them out as files. The byte buffer,
 * the term and the builder. Not for other modules.
 *
 * Ownership: a builder's tables and each term's post/pos bytes are
 * malloc'd (a segment's terms live as long as the segment is written);
 * term texts live in the builder's arena. shard_builder_free frees what
 * is malloc'd.
 */
#ifndef NM_SHARDS_INT_H
#define NM_SHARDS_INT_H

#include "search_int.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct bytes {
    uint8_t *p;
    size_t n, cap;
} bytes;

static inline void put_byte(bytes *b, uint8_t c)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 16;
        b->p = xrealloc(b->p, b->cap);
    }
    b->p[b->n++] = c;
}

static inline void put_varint(bytes *b, uint64_t v)
{
    if (b->cap - b->n < 10) {
        b->cap = b->cap * 2 > b->n + 10 ? b->cap * 2 : b->n + 16;
        b->p = xrealloc(b->p, b->cap);
    }
    while (v >= 0x80) {
        b->p[b->n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    b->p[b->n++] = (uint8_t)v;
}

static inline void put_raw(bytes *b, const void *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put_byte(b, ((const uint8_t *)p)[i]);
}

typedef struct term {
    char *text;
    uint32_t len;
    uint32_t hash;   /* search_shard_hash of text */
    uint32_t df;
    int64_t last_doc;
    bytes post, pos;
    uint32_t shard;
    uint32_t head, tail; /* its occurrences in the document being added */
    int64_t cur_doc;     /* that document, or -1 */
} term;

/* An occurrence of a term in the document being added; those of one term
 * are chained in position order (tokens come in position order), so a
 * document's terms need no sort. */
typedef struct occ {
    uint32_t term, pos;
    uint32_t next;   /* the term's next occurrence, or NO_OCC */
    bool title;
} occ;
#define NO_OCC UINT32_MAX

/* A term's slot in the builder's table: its hash, index + 1 (0: empty)
 * and head: its first 7 bytes zero-padded, byte 7 set when it is longer,
 * so that a term of up to 7 bytes (a CJK bigram is 6) is found without
 * reading the term (terms hold no NUL). */
struct slot {
    uint32_t hash, idx1;
    uint64_t head;
};

typedef struct builder {
    arena *a;
    term *terms;
    size_t nterms, capterms;
    struct slot *slots; /* open addressing: a probe reads no term but
                           its own, and a short term's not even that */
    size_t cap;
    int logcap;
    occ *occs;       /* one document's occurrences */
    size_t nocc, capocc;
    uint32_t *touched; /* the terms of that document, first seen first */
    size_t ntouched, captouched;
    int64_t doc;
    int64_t pos;
    bool in_title;
    /* the segment's CJK 4-grams (when grams): a set of their two hashes,
     * h1 << 32 | h2 (0 apart, in has0); the last two bigrams seen */
    bool grams, only_grams;
    uint64_t *gset;
    size_t gn, gcap;
    bool has0;
    char prev[2][16];
    uint32_t prevlen[2];
    int64_t prevpos[2];
} builder;

/* Adds document number d of the segment (numbers must grow). */
void shard_add_doc(builder *b, uint32_t d, const search_static_doc *doc);

/* The builder's terms as bytes into st (malloc'd data), for ndocs docs. */
void shard_save_state(const builder *b, size_t ndocs, search_static_state *st);

/* Loads st's terms into an empty builder: false (the builder emptied)
 * when it does not parse or holds more documents than ndocs. */
bool shard_load_state(builder *b, const search_static_state *st, size_t ndocs);

/* Frees the builder's tables and its terms' bytes. */
void shard_builder_free(builder *b);

#endif
