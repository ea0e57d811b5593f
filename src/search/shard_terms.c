/*
 * shard_terms.c — a segment's terms for the static index, built as its
 * documents are added (shards.c writes them out): each term's postings
 * (doc delta, tf, in-title) and positions, numbered as FTS5 numbers them
 * (one per term, none for a co-located unigram, one for the gap between
 * CJK runs, one more between two fields); a document's top category as
 * the term "\x02" + name without positions; and, when asked, the set of
 * the segment's CJK 4-grams for its Bloom filter (the bigrams at p and
 * p + 2 of three bigrams at p, p + 1, p + 2 of one run).
 *
 * The builder's state (its terms, not its 4-grams) is saved after the
 * last segment is made and loaded by the next build, so adding posts
 * tokenizes only the new ones (.newsmill/search-tail.bin, through
 * src/site/search_index.c).
 *
 * The term table is open addressing on the term's hash; a slot keeps the
 * term's first 7 bytes, so a CJK bigram (6 bytes) is found without
 * reading the term.
 */
#include "shards_int.h"

#include <stdlib.h>
#include <string.h>

static uint64_t head_of(const char *s, size_t n)
{
    uint64_t h = 0;
    memcpy(&h, s, n < 7 ? n : 7);
    if (n > 7)
        h |= (uint64_t)1 << 63;
    return h;
}

static size_t slot_of(const builder *b, uint32_t h)
{
    return (size_t)(((uint64_t)h * 0x9E3779B97F4A7C15ull) >> (64 - b->logcap));
}

static uint32_t fnv1a32(const char *s, size_t n, uint32_t h)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (uint8_t)s[i];
        h *= 16777619u;
    }
    return h;
}

uint32_t search_shard_hash(const char *s, size_t n)
{
    return fnv1a32(s, n, 2166136261u);
}

uint32_t search_bloom_hash(const char *s, size_t n)
{
    return fnv1a32(s, n, 0x050c5d1fu);
}

static void grow_slots(builder *b)
{
    size_t cap = b->cap ? b->cap * 2 : 1 << 16;
    b->logcap = b->cap ? b->logcap + 1 : 16;
    struct slot *slots = xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < b->nterms; i++) {
        const term *t = &b->terms[i];
        size_t k = slot_of(b, t->hash);
        while (slots[k].idx1)
            k = (k + 1) & (cap - 1);
        slots[k] = (struct slot){t->hash, (uint32_t)i + 1, head_of(t->text, t->len)};
    }
    free(b->slots);
    b->slots = slots;
    b->cap = cap;
}

static uint32_t intern(builder *b, const char *s, size_t n)
{
    if (2 * (b->nterms + 1) > b->cap)
        grow_slots(b);
    uint32_t h = search_shard_hash(s, n);
    uint64_t head = head_of(s, n);
    size_t k = slot_of(b, h);
    while (b->slots[k].idx1) {
        const struct slot *sl = &b->slots[k];
        if (sl->hash == h && sl->head == head) {
            uint32_t i = sl->idx1 - 1;
            if (n <= 7)
                return i;
            const term *t = &b->terms[i];
            if (t->len == n && memcmp(t->text, s, n) == 0)
                return i;
        }
        k = (k + 1) & (b->cap - 1);
    }
    if (b->nterms == b->capterms) {
        b->capterms = b->capterms ? b->capterms * 2 : 4096;
        b->terms = xrealloc(b->terms, b->capterms * sizeof *b->terms);
    }
    term *t = &b->terms[b->nterms];
    memset(t, 0, sizeof *t);
    t->text = arena_strndup(b->a, s, n);
    t->len = (uint32_t)n;
    t->hash = h;
    t->last_doc = -1;
    t->cur_doc = -1;
    b->slots[k] = (struct slot){h, (uint32_t)b->nterms + 1, head};
    return (uint32_t)b->nterms++;
}

static void add_occ(builder *b, uint32_t t, int64_t pos)
{
    if (b->nocc == b->capocc) {
        b->capocc = b->capocc ? b->capocc * 2 : 1024;
        b->occs = xrealloc(b->occs, b->capocc * sizeof *b->occs);
    }
    uint32_t i = (uint32_t)b->nocc++;
    b->occs[i] = (occ){t, (uint32_t)pos, NO_OCC, b->in_title};
    term *T = &b->terms[t];
    if (T->cur_doc != b->doc) {
        if (b->ntouched == b->captouched) {
            b->captouched = b->captouched ? b->captouched * 2 : 1024;
            b->touched = xrealloc(b->touched, b->captouched * sizeof *b->touched);
        }
        b->touched[b->ntouched++] = t;
        T->cur_doc = b->doc;
        T->head = i;
    } else {
        b->occs[T->tail].next = i;
    }
    T->tail = i;
}

static void add_gram(builder *b, uint64_t key)
{
    if (!key) {
        b->has0 = true;
        return;
    }
    if (2 * (b->gn + 1) > b->gcap) {
        size_t cap = b->gcap ? b->gcap * 2 : 1 << 16;
        uint64_t *v = xcalloc(cap, sizeof *v);
        for (size_t i = 0; i < b->gcap; i++) {
            if (!b->gset[i])
                continue;
            size_t k = (size_t)((b->gset[i] * 0x9E3779B97F4A7C15ull) >> 20) & (cap - 1);
            while (v[k])
                k = (k + 1) & (cap - 1);
            v[k] = b->gset[i];
        }
        free(b->gset);
        b->gset = v;
        b->gcap = cap;
    }
    size_t k = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & (b->gcap - 1);
    while (b->gset[k]) {
        if (b->gset[k] == key)
            return;
        k = (k + 1) & (b->gcap - 1);
    }
    b->gset[k] = key;
    b->gn++;
}

/* The key of a 4-gram whose bigrams x (two characters) and y (the two
 * after) are given: the term "\x03" + x + y, hashed as a term is. */
static uint64_t gram_key(const char *x, size_t nx, const char *y, size_t ny)
{
    uint32_t h1 = fnv1a32("\x03", 1, 2166136261u), h2 = fnv1a32("\x03", 1, 0x050c5d1fu);
    h1 = fnv1a32(y, ny, fnv1a32(x, nx, h1));
    h2 = fnv1a32(y, ny, fnv1a32(x, nx, h2));
    return (uint64_t)h1 << 32 | h2;
}

/* A CJK bigram at position pos: with the two before it at pos-2 and
 * pos-1 (the same run: runs are kept apart by a gap position), the
 * 4-gram of the first and this one. */
static void on_bigram(builder *b, const char *token, size_t len)
{
    if (len > sizeof b->prev[0])
        len = 0; /* a bigram is at most 8 bytes; never reached */
    if (len && b->prevpos[1] == b->pos - 1 && b->prevpos[0] == b->pos - 2)
        add_gram(b, gram_key(b->prev[0], b->prevlen[0], token, len));
    memcpy(b->prev[0], b->prev[1], b->prevlen[1]);
    b->prevlen[0] = b->prevlen[1];
    b->prevpos[0] = b->prevpos[1];
    memcpy(b->prev[1], token, len);
    b->prevlen[1] = (uint32_t)len;
    b->prevpos[1] = len ? b->pos : -10;
}

static bool two_chars(const char *s, int len)
{
    int c = 0;
    for (int i = 0; i < len; i++)
        c += ((uint8_t)s[i] & 0xC0) != 0x80;
    return c == 2;
}

static int on_term(void *ctx, int flags, const char *token, int len, int start, int end)
{
    (void)start, (void)end;
    builder *b = ctx;
    if (!(flags & SEARCH_TOKEN_COLOCATED))
        b->pos++;
    if (flags & SEARCH_TOKEN_GAP)
        return 0;
    if (b->grams && (flags & SEARCH_TOKEN_CJK) && !(flags & SEARCH_TOKEN_COLOCATED) &&
        two_chars(token, len))
        on_bigram(b, token, (size_t)len);
    if (!b->only_grams)
        add_occ(b, intern(b, token, (size_t)len), b->pos);
    return 0;
}

/* Adds document number d (numbers must grow). */
void shard_add_doc(builder *b, uint32_t d, const search_static_doc *doc)
{
    b->nocc = 0;
    b->ntouched = 0;
    b->doc = d;
    b->pos = -1;
    b->prevpos[0] = b->prevpos[1] = -10;
    const char *fields[] = {doc->f.title, doc->f.categories, doc->f.author, doc->f.body};
    for (int i = 0; i < 4; i++) {
        if (i > 0)
            b->pos++; /* fields are never adjacent */
        b->in_title = i == 0;
        const char *s = fields[i] ? fields[i] : "";
        search_tokenize(s, (int)strlen(s), SEARCH_TOKENIZE_DOCUMENT, on_term, b);
    }
    if (b->only_grams)
        return;
    if (doc->category && *doc->category) {
        size_t n = strlen(doc->category);
        char *t = arena_alloc(b->a, n + 2);
        t[0] = '\x02';
        memcpy(t + 1, doc->category, n + 1);
        add_occ(b, intern(b, t, n + 1), 0);
        b->occs[b->nocc - 1].pos = UINT32_MAX; /* no positions */
    }
    for (size_t i = 0; i < b->ntouched; i++) {
        term *t = &b->terms[b->touched[i]];
        bool title = false;
        size_t tf = 0;
        for (uint32_t k = t->head; k != NO_OCC; k = b->occs[k].next) {
            title |= b->occs[k].title;
            tf++;
        }
        bool nopos = b->occs[t->head].pos == UINT32_MAX;
        if (nopos)
            tf = 0;
        put_varint(&t->post, (uint64_t)(d - (t->last_doc + 1)));
        put_varint(&t->post, (uint64_t)tf * 2 + title);
        put_varint(&t->pos, tf);
        uint32_t prev = 0;
        for (uint32_t k = t->head; k != NO_OCC && !nopos; k = b->occs[k].next) {
            put_varint(&t->pos, b->occs[k].pos - prev);
            prev = b->occs[k].pos;
        }
        t->last_doc = d;
        t->df++;
    }
}

/* ---- a builder's state, to resume it ------------------------------------ */

#define STATE_MAGIC "nmss1"

/* The builder's terms as bytes: magic, varint docs, varint terms, then
 * per term varint length, bytes, varint df, varint last doc + 1, varint
 * postings bytes, postings, varint positions bytes, positions. */
void shard_save_state(const builder *b, size_t ndocs, search_static_state *st)
{
    bytes o = {0};
    put_raw(&o, STATE_MAGIC, sizeof STATE_MAGIC - 1);
    put_varint(&o, ndocs);
    put_varint(&o, b->nterms);
    for (size_t i = 0; i < b->nterms; i++) {
        const term *t = &b->terms[i];
        put_varint(&o, t->len);
        put_raw(&o, t->text, t->len);
        put_varint(&o, t->df);
        put_varint(&o, (uint64_t)(t->last_doc + 1));
        put_varint(&o, t->post.n);
        put_raw(&o, t->post.p, t->post.n);
        put_varint(&o, t->pos.n);
        put_raw(&o, t->pos.p, t->pos.n);
    }
    st->data = (char *)o.p;
    st->len = o.n;
    st->docs = ndocs;
}

/* A varint of p[*i, n), or false past the end. */
static bool take_varint(const uint8_t *p, size_t n, size_t *i, uint64_t *v)
{
    *v = 0;
    for (int sh = 0; *i < n && sh < 64; sh += 7) {
        uint8_t c = p[(*i)++];
        *v |= (uint64_t)(c & 0x7f) << sh;
        if (!(c & 0x80))
            return true;
    }
    return false;
}

/* n bytes of a blob at *i into a new buffer of the term. */
static bool take_bytes(const uint8_t *p, size_t n, size_t *i, bytes *out)
{
    uint64_t len;
    if (!take_varint(p, n, i, &len) || len > n - *i)
        return false;
    out->p = xmalloc(len ? len : 1);
    memcpy(out->p, p + *i, len);
    out->cap = len ? len : 1;
    out->n = len;
    *i += len;
    return true;
}

/* Loads st's terms into an empty builder: false (the builder emptied)
 * when it does not parse or holds more documents than ndocs. */
bool shard_load_state(builder *b, const search_static_state *st, size_t ndocs)
{
    const uint8_t *p = (const uint8_t *)st->data;
    size_t n = st->len, i = sizeof STATE_MAGIC - 1;
    uint64_t docs, nterms;
    if (n < i || memcmp(p, STATE_MAGIC, i) || !take_varint(p, n, &i, &docs) ||
        docs != st->docs || docs > ndocs || !take_varint(p, n, &i, &nterms))
        return false;
    bool ok = true;
    for (uint64_t k = 0; k < nterms && ok; k++) {
        uint64_t len, df = 0, last = 0;
        ok = take_varint(p, n, &i, &len) && len <= n - i && len > 0;
        if (!ok)
            break;
        const char *text = (const char *)p + i;
        i += len;
        size_t before = b->nterms;
        uint32_t t = intern(b, text, len);
        term *T = &b->terms[t];
        ok = b->nterms == before + 1 && take_varint(p, n, &i, &df) &&
             take_varint(p, n, &i, &last) && last <= docs && take_bytes(p, n, &i, &T->post) &&
             take_bytes(p, n, &i, &T->pos);
        T->df = (uint32_t)df;
        T->last_doc = (int64_t)last - 1;
    }
    if (!ok || i != n) {
        shard_builder_free(b);
        return false;
    }
    return true;
}

void shard_builder_free(builder *b)
{
    for (size_t i = 0; i < b->nterms; i++) {
        free(b->terms[i].post.p);
        free(b->terms[i].pos.p);
    }
    free(b->terms);
    free(b->slots);
    free(b->occs);
    free(b->touched);
    free(b->gset);
    *b = (builder){.a = b->a};
}
