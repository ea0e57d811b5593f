/*
 * shards.c — the static search index a build writes under public/search/,
 * read by the theme's search.js from a plain static host.
 *
 * The terms are the CLI index's (search_tokenize on the same four fields,
 * search_post_fields), so the two find the same posts. Each document gets
 * positions as FTS5 counts them: one per term, none for a co-located
 * unigram, one for the gap term between CJK runs (which is not stored),
 * and one more between two fields, so that a phrase never spans fields.
 *
 * Segments. Documents are numbered oldest first (a newer post is a higher
 * number) and cut into segments of SEARCH_SEGMENT_DOCS counted from the
 * oldest, as `pagination: stable` cuts list pages: adding newer posts
 * changes only the last segment, and every older segment's files keep
 * their bytes. Each segment is an index of its own (its own shards, doc
 * numbers local to it, df and N of its own) made from its documents
 * alone, so a build makes one segment at a time (memory: one segment's
 * postings) and skips a segment whose posts did not change
 * (src/site/search_index.c). The client asks segments newest first and
 * stops when a page of results is filled, or when the page has loaded
 * its byte budget (search.js: a phrase of frequent bigrams that few
 * posts hold passes every segment's filters, and would otherwise read
 * every segment before showing anything; "more" reads on). Shards are
 * small (SHARD_BYTES) so that a term costs little more than its own
 * postings in each segment it is asked of. So that a rare word (or one
 * no post has) does not cost a shard of every segment, every segment but
 * the last has Bloom filters of its terms (10 bits a term, 7 probes:
 * about 1% false positives), cut into B buckets by a second hash of the
 * term; one file per bucket holds that bucket's filter of each of those
 * segments, so a query fetches one small file per term to learn which
 * older segments may hold it. These files change only when a segment
 * fills (a new segment then starts). The same files hold, in R more
 * buckets, filters of each segment's CJK 4-grams (8 bits each, 5
 * probes: about 2%): a rare phrase of four or more characters whose
 * bigrams are each in every segment (which term filters cannot rule
 * out) is looked for only where its 4-grams may be. A 4-gram is the
 * term "\x03" + the bigrams at positions p and p + 2 of three CJK
 * bigrams at p, p + 1, p + 2 (always one run: runs are kept apart by a
 * gap position), so a query piece's bigrams give the 4-grams its matches
 * must hold.
 *
 * Files (every name but index.json is a hash of the bytes, so a host may
 * cache them forever, and a rebuild that changes nothing writes nothing;
 * K is the segment's number, 0 the oldest):
 *   index.json       {"v":4,"n":docs,"Z":docs per segment,"G":shards per
 *                     group,"M":docs per meta file,"H":meta files per
 *                     group,"B":term filter buckets,"R":4-gram filter
 *                     buckets,"Q":bytes per positions
 *                     file,"c":[top categories],"f":
 *                     [segments with filters,[filter group hashes]],
 *                     "s":[
 *                     one line per segment: [docs,shards,[group hashes],
 *                     [meta group hashes],[its docs' top categories, first
 *                     seen first]]
 *                     ]}
 *   f/HASH.json      G filter buckets' file hashes ["hash", …]
 *   f/HASH.bin       a bucket's filters: per segment (oldest first) varint
 *                    byte count m, m bytes; a term is in the filter when
 *                    bits (h1 + i*((h2 >> 16) | 1)) mod 2^32 mod 8m are
 *                    set for i < 7 (bit b: byte b/8, 1 << b%8), h1 the
 *                    term's fnv1a32, h2 search_bloom_hash, bucket h2 & (B-1);
 *                    a 4-gram's: i < 5, bucket B + (h2 & (R-1))
 *   K/g/HASH.json    a shard group: ["P hash", …] ("" for an empty
 *                    shard), or a meta group: ["hash", …]
 *   K/p/HASH.bin     a shard's postings: varint count of positions files,
 *                    each one's hash as 6 bytes (big-endian), varint count
 *                    of terms, then per term (sorted by bytes) varint
 *                    length, the term's UTF-8, varint bytes of its
 *                    positions, varint byte count*2 + kind, data (kind 0:
 *                    a list, per doc varint delta*2+1 and varint
 *                    tf*2+in-title, or varint delta*2 alone for tf 1 not in
 *                    the title; kind 1: a bitmap, bit d of byte d/8 set
 *                    for doc d, LSB first); df is the number of docs
 *   K/q/HASH.bin     the same terms' positions, one after the other, cut
 *                    into files of Q bytes (a term's are at the sum of
 *                    the earlier terms' byte counts, so a phrase fetches
 *                    the files of its own terms, not the shard's): per
 *                    posting (in doc order) its tf varint position
 *                    deltas (first absolute), tf from the list; a bitmap
 *                    term's postings have no tf, so each starts with a
 *                    varint count
 *   K/m/HASH.json    M documents' [url, title, date (0: the URL's first
 *                    /YYYY/MM/DD/), top category (its number in the
 *                    segment's list), text]
 * Doc numbers in a segment's files are local (0 to docs-1); the site's
 * number of local doc d of segment K is K*Z+d. A term belongs to shard
 * fnv1a32(term) & (shards - 1) of each segment. A top category is the
 * term "\x02" + name, with postings and no positions, so a filter is one
 * more AND.
 *
 * Not here: the terms themselves (shard_terms.c), choosing segments to
 * make and writing the files (src/site/search_index.c), reading them
 * (themes/default/js/search.js).
 */
#include "shards_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHARD_BYTES 8000 /* postings bytes a shard aims at */
#define GROUP 64          /* shards per group file */
#define META_DOCS 8       /* documents per meta file */
#define META_GROUP 256    /* meta files per group file */
#define EXCERPT_CHARS 64  /* characters of body text kept for a result */
#define Q_CHUNK 4096      /* bytes of a positions file */

static const char *hash_name(arena *a, size_t seg, const char *dir, const void *data, size_t n,
                             const char *ext)
{
    uint64_t h = hash64(data, n, 0x7365617263680001ull);
    return arena_printf(a, "search/%zu/%s/%012llx.%s", seg, dir, (unsigned long long)(h >> 16),
                        ext);
}

static const char *bloom_name(arena *a, const void *data, size_t n, const char *ext)
{
    uint64_t h = hash64(data, n, 0x7365617263680001ull);
    return arena_printf(a, "search/f/%012llx.%s", (unsigned long long)(h >> 16), ext);
}

static const char *file_hash(const char *name)
{
    /* "search/K/x/HASH.ext" → "HASH" part (12 hex digits) */
    return strrchr(name, '/') + 1;
}

static void add_file(search_static_files *out, arena *a, const char *name, const void *data,
                     size_t n)
{
    if (out->n == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 256;
        out->v = xrealloc(out->v, out->cap * sizeof *out->v);
    }
    char *copy = arena_alloc(a, n + 1);
    memcpy(copy, data, n);
    copy[n] = '\0';
    out->v[out->n++] = (search_static_file){name, copy, n};
}

/* Drops the files whose name an earlier one has: two files of the same
 * bytes (two positions files can be) get the same name, and one file
 * written twice would be two manifest entries of one path. */
static void dedupe_files(search_static_files *out)
{
    size_t cap = 16;
    while (cap < 2 * out->n)
        cap *= 2;
    size_t *seen = xcalloc(cap, sizeof *seen); /* index in the kept files + 1 */
    size_t n = 0;
    for (size_t i = 0; i < out->n; i++) {
        const char *name = out->v[i].name;
        size_t k = (size_t)hash64(name, strlen(name), 0x6e616d6573000001ull) & (cap - 1);
        bool dup = false;
        while (seen[k] && !dup) {
            dup = !strcmp(out->v[seen[k] - 1].name, name);
            k = (k + 1) & (cap - 1);
        }
        if (dup)
            continue;
        out->v[n] = out->v[i];
        seen[k] = ++n;
    }
    out->n = n;
    free(seen);
}

static void json_str(nm_buf *b, const char *s)
{
    buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\')
            buf_printf(b, "\\%c", *p);
        else if (*p < 0x20)
            buf_printf(b, "\\u%04x", *p);
        else
            buf_putc(b, (char)*p);
    }
    buf_putc(b, '"');
}

/* The first max characters of s (whole UTF-8 sequences). */
static const char *excerpt(arena *a, const char *s, int max)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    for (int c = 0; p[i] && c < max; c++) {
        i++;
        while ((p[i] & 0xC0) == 0x80)
            i++;
    }
    return arena_strndup(a, s, i);
}

/* True when the date (YYYY-MM-DD) is in the URL as /YYYY/MM/DD/ (the
 * default permalink), the first such run of it: a meta row then says 0
 * for its date and the client takes it from the URL. */
static bool date_in_url(const char *url, const char *date)
{
    if (!url || !date || strlen(date) != 10)
        return false;
    for (const char *p = strchr(url, '/'); p; p = strchr(p + 1, '/')) {
        bool shape = strlen(p) >= 12 && p[5] == '/' && p[8] == '/' && p[11] == '/';
        for (int i = 1; shape && i < 11; i++)
            shape = i == 5 || i == 8 || (p[i] >= '0' && p[i] <= '9');
        if (shape)
            return !memcmp(p + 1, date, 4) && !memcmp(p + 6, date + 5, 2) &&
                   !memcmp(p + 9, date + 8, 2);
    }
    return false;
}

static int cmp_term_ptr(const void *x, const void *y)
{
    const term *a = *(const term *const *)x, *b = *(const term *const *)y;
    if (a->shard != b->shard)
        return a->shard < b->shard ? -1 : 1;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->text, b->text, n);
    return c ? c : (a->len < b->len ? -1 : a->len > b->len);
}

static uint64_t get_varint(const uint8_t *p, size_t *i)
{
    uint64_t v = 0;
    int sh = 0;
    for (;;) {
        uint8_t c = p[(*i)++];
        v |= (uint64_t)(c & 0x7f) << sh;
        sh += 7;
        if (!(c & 0x80))
            return v;
    }
}

/* The positions of t as written: with the counts when its postings are a
 * bitmap, else without (the list has them). */
static void put_positions(bytes *q, const term *t, bool bitmap)
{
    if (bitmap) {
        put_raw(q, t->pos.p, t->pos.n);
        return;
    }
    for (size_t i = 0; i < t->pos.n;) {
        uint64_t c = get_varint(t->pos.p, &i);
        for (uint64_t k = 0; k < c; k++)
            put_varint(q, get_varint(t->pos.p, &i));
    }
}

/* t's postings as a list: per doc varint delta*2 + 1 and varint tf*2 +
 * in-title, or varint delta*2 alone for tf 1 outside the title (most
 * postings). */
static void list_of(bytes *out, const term *t)
{
    out->n = 0;
    for (size_t i = 0; i < t->post.n;) {
        uint64_t delta = get_varint(t->post.p, &i), x = get_varint(t->post.p, &i);
        if (x == 2) {
            put_varint(out, delta * 2);
        } else {
            put_varint(out, delta * 2 + 1);
            put_varint(out, x);
        }
    }
}

/* The postings of t as written: its list, or a bitmap when smaller (bm). */
static void put_postings(bytes *p, const term *t, size_t ndocs, uint8_t *bitmap, size_t qlen,
                         const bytes *list, bool bm)
{
    put_varint(p, t->len);
    put_raw(p, t->text, t->len);
    put_varint(p, qlen);
    if (!bm) {
        put_varint(p, list->n * 2);
        put_raw(p, list->p, list->n);
        return;
    }
    size_t nb = (ndocs + 7) / 8;
    memset(bitmap, 0, nb);
    int64_t d = -1;
    for (size_t i = 0; i < t->post.n;) {
        d += (int64_t)get_varint(t->post.p, &i) + 1;
        bitmap[d / 8] |= (uint8_t)(1u << (d % 8));
        (void)get_varint(t->post.p, &i); /* tf */
    }
    put_varint(p, nb * 2 + 1);
    put_raw(p, bitmap, nb);
}

uint32_t search_bloom_buckets(size_t zdocs)
{
    uint32_t b = 1;
    while ((size_t)b * 4 <= zdocs && b < 4096)
        b *= 2;
    return b;
}

uint32_t search_gram_buckets(size_t zdocs)
{
    return 2 * search_bloom_buckets(zdocs);
}

/* Bloom filters of n keys (hashes h1, h2) in nbuckets buckets by h2, at
 * bits a key and probes: varint byte count and bytes per bucket, in
 * bucket order. */
static void put_filters(bytes *out, const uint32_t *h1, const uint32_t *h2, size_t n,
                        uint32_t nbuckets, unsigned bits_per, unsigned probes)
{
    uint32_t *count = xcalloc(nbuckets, sizeof *count), *off = xcalloc(nbuckets + 1, sizeof *off);
    for (size_t i = 0; i < n; i++)
        count[h2[i] & (nbuckets - 1)]++;
    size_t total = 0;
    for (uint32_t b = 0; b < nbuckets; b++) {
        off[b] = (uint32_t)total;
        total += ((size_t)count[b] * bits_per + 7) / 8;
    }
    off[nbuckets] = (uint32_t)total;
    uint8_t *bits = xcalloc(total + 1, 1);
    for (size_t i = 0; i < n; i++) {
        uint32_t b = h2[i] & (nbuckets - 1), m = (off[b + 1] - off[b]) * 8;
        uint32_t step = (h2[i] >> 16) | 1;
        for (uint32_t k = 0; k < probes; k++) {
            uint32_t bit = (h1[i] + k * step) % m;
            bits[off[b] + bit / 8] |= (uint8_t)(1u << (bit % 8));
        }
    }
    for (uint32_t b = 0; b < nbuckets; b++) {
        put_varint(out, off[b + 1] - off[b]);
        put_raw(out, bits + off[b], off[b + 1] - off[b]);
    }
    free(bits);
    free(count);
    free(off);
}

/* The segment's Bloom filters: its terms' in nbuckets buckets, then its
 * 4-grams' in ngrams buckets (the set's order does not matter: a
 * filter's bits are the same for any order). */
static void put_bloom(bytes *out, term *const *order, size_t nterms, uint32_t nbuckets,
                      const builder *b, uint32_t ngrams)
{
    size_t n = nterms > b->gn + 1 ? nterms : b->gn + 1;
    uint32_t *h1 = xmalloc((n + 1) * sizeof *h1), *h2 = xmalloc((n + 1) * sizeof *h2);
    for (size_t i = 0; i < nterms; i++) {
        h1[i] = order[i]->hash;
        h2[i] = search_bloom_hash(order[i]->text, order[i]->len);
    }
    put_filters(out, h1, h2, nterms, nbuckets, SEARCH_BLOOM_BITS, SEARCH_BLOOM_PROBES);
    n = 0;
    for (size_t i = 0; i < b->gcap; i++) {
        if (b->gset[i]) {
            h1[n] = (uint32_t)(b->gset[i] >> 32);
            h2[n++] = (uint32_t)b->gset[i];
        }
    }
    if (b->has0)
        h1[n] = h2[n] = 0, n++;
    put_filters(out, h1, h2, n, ngrams, SEARCH_GRAM_BITS, SEARCH_GRAM_PROBES);
    free(h1);
    free(h2);
}

int search_static_segment(arena *a, size_t seg, const search_static_doc *docs, size_t n,
                          uint32_t nbuckets, uint32_t ngrams, bool grams,
                          const search_static_state *resume, search_static_files *out,
                          const char **desc, const char **bloom, size_t *bloom_len,
                          search_static_state *state)
{
    memset(out, 0, sizeof *out);
    builder b = {.a = a};
    size_t from = resume && shard_load_state(&b, resume, n) ? resume->docs : 0;
    b.grams = grams;
    /* the kept terms have no 4-grams: their documents are read for them */
    b.only_grams = true;
    for (size_t d = 0; d < from && grams; d++)
        shard_add_doc(&b, (uint32_t)d, &docs[d]);
    out->rescanned = grams ? from : 0;
    b.only_grams = false;
    for (size_t d = from; d < n; d++)
        shard_add_doc(&b, (uint32_t)d, &docs[d]);
    if (state)
        shard_save_state(&b, n, state);
    size_t total = 0;
    for (size_t i = 0; i < b.nterms; i++)
        total += b.terms[i].post.n + b.terms[i].len + 4;
    uint32_t S = 1;
    while ((size_t)S * SHARD_BYTES < total && S < (1u << 20))
        S *= 2;
    term **order = xmalloc((b.nterms + 1) * sizeof *order);
    for (size_t i = 0; i < b.nterms; i++) {
        b.terms[i].shard = b.terms[i].hash & (S - 1);
        order[i] = &b.terms[i];
    }
    qsort(order, b.nterms, sizeof *order, cmp_term_ptr);
    {
        bytes bl = {0};
        put_bloom(&bl, order, b.nterms, nbuckets, &b, ngrams);
        char *copy = arena_alloc(a, bl.n + 1);
        memcpy(copy, bl.p, bl.n);
        *bloom = copy;
        *bloom_len = bl.n;
        free(bl.p);
    }
    free(b.gset);
    b.gset = NULL;
    uint8_t *bitmap = xmalloc((n + 7) / 8 + 1);
    const char **pname = arena_new_array(a, const char *, S);
    bytes p = {0}, q = {0}, body = {0}, entries = {0};
    for (size_t i = 0; i < b.nterms;) {
        size_t j = i;
        while (j < b.nterms && order[j]->shard == order[i]->shard)
            j++;
        p.n = q.n = body.n = entries.n = 0;
        put_varint(&entries, j - i);
        for (size_t k = i; k < j; k++) {
            list_of(&body, order[k]);
            bool bm = (n + 7) / 8 < body.n; /* a bitmap when smaller */
            size_t q0 = q.n;
            put_positions(&q, order[k], bm);
            put_postings(&entries, order[k], n, bitmap, q.n - q0, &body, bm);
            /* written: the segment's peak is its terms or its files, not both */
            free(order[k]->post.p);
            free(order[k]->pos.p);
            order[k]->post = order[k]->pos = (bytes){0};
        }
        /* the positions in chunks, named at the head of the postings */
        size_t nchunks = (q.n + Q_CHUNK - 1) / Q_CHUNK;
        put_varint(&p, nchunks);
        for (size_t c = 0; c < nchunks; c++) {
            size_t len = q.n - c * Q_CHUNK < Q_CHUNK ? q.n - c * Q_CHUNK : Q_CHUNK;
            const char *name = hash_name(a, seg, "q", q.p + c * Q_CHUNK, len, "bin");
            add_file(out, a, name, q.p + c * Q_CHUNK, len);
            uint64_t h = strtoull(file_hash(name), NULL, 16);
            for (int sh = 40; sh >= 0; sh -= 8)
                put_byte(&p, (uint8_t)(h >> sh));
        }
        put_raw(&p, entries.p, entries.n);
        uint32_t s = order[i]->shard;
        pname[s] = hash_name(a, seg, "p", p.p, p.n, "bin");
        add_file(out, a, pname[s], p.p, p.n);
        i = j;
    }
    free(bitmap);
    free(p.p);
    free(q.p);
    free(body.p);
    free(entries.p);
    nm_buf j;
    buf_init(&j, NM_BUF_NOLIMIT);
    /* shard groups */
    size_t ngroups = (S + GROUP - 1) / GROUP;
    const char **gname = arena_new_array(a, const char *, ngroups);
    for (size_t g = 0; g < ngroups; g++) {
        buf_reset(&j);
        buf_putc(&j, '[');
        for (size_t s = g * GROUP; s < (g + 1) * GROUP && s < S; s++) {
            if (s > g * GROUP)
                buf_putc(&j, ',');
            if (pname[s])
                buf_printf(&j, "\"%.12s\"", file_hash(pname[s]));
            else
                buf_puts(&j, "\"\"");
        }
        buf_putc(&j, ']');
        gname[g] = hash_name(a, seg, "g", j.data, j.len, "json");
        add_file(out, a, gname[g], j.data, j.len);
    }
    /* the segment's top categories, first seen first: a meta row names
     * its doc's by number in this list */
    const char **cats = arena_new_array(a, const char *, n + 1);
    uint32_t *catof = xmalloc((n + 1) * sizeof *catof);
    size_t ncats = 0;
    for (size_t d = 0; d < n; d++) {
        const char *c = docs[d].category ? docs[d].category : "";
        size_t i = 0;
        while (i < ncats && strcmp(cats[i], c))
            i++;
        if (i == ncats)
            cats[ncats++] = c;
        catof[d] = (uint32_t)i;
    }
    /* meta files and their groups */
    size_t nmeta = (n + META_DOCS - 1) / META_DOCS;
    const char **mname = arena_new_array(a, const char *, nmeta + 1);
    for (size_t m = 0; m < nmeta; m++) {
        buf_reset(&j);
        buf_putc(&j, '[');
        for (size_t d = m * META_DOCS; d < (m + 1) * META_DOCS && d < n; d++) {
            const search_static_doc *doc = &docs[d];
            if (d > m * META_DOCS)
                buf_putc(&j, ',');
            buf_putc(&j, '[');
            json_str(&j, doc->url);
            buf_putc(&j, ',');
            json_str(&j, doc->f.title);
            buf_putc(&j, ',');
            if (date_in_url(doc->url, doc->date))
                buf_putc(&j, '0');
            else
                json_str(&j, doc->date);
            buf_printf(&j, ",%u,", catof[d]);
            json_str(&j, excerpt(a, doc->f.body ? doc->f.body : "", EXCERPT_CHARS));
            buf_putc(&j, ']');
        }
        buf_putc(&j, ']');
        mname[m] = hash_name(a, seg, "m", j.data, j.len, "json");
        add_file(out, a, mname[m], j.data, j.len);
    }
    size_t nmg = (nmeta + META_GROUP - 1) / META_GROUP;
    const char **mgname = arena_new_array(a, const char *, nmg + 1);
    for (size_t g = 0; g < nmg; g++) {
        buf_reset(&j);
        buf_putc(&j, '[');
        for (size_t m = g * META_GROUP; m < (g + 1) * META_GROUP && m < nmeta; m++)
            buf_printf(&j, "%s\"%.12s\"", m > g * META_GROUP ? "," : "", file_hash(mname[m]));
        buf_putc(&j, ']');
        mgname[g] = hash_name(a, seg, "g", j.data, j.len, "json");
        add_file(out, a, mgname[g], j.data, j.len);
    }
    /* the segment's line of index.json */
    buf_reset(&j);
    buf_printf(&j, "[%zu,%u,[", n, S);
    for (size_t g = 0; g < ngroups; g++)
        buf_printf(&j, "%s\"%.12s\"", g ? "," : "", file_hash(gname[g]));
    buf_puts(&j, "],[");
    for (size_t g = 0; g < nmg; g++)
        buf_printf(&j, "%s\"%.12s\"", g ? "," : "", file_hash(mgname[g]));
    buf_puts(&j, "],[");
    for (size_t i = 0; i < ncats; i++) {
        if (i)
            buf_putc(&j, ',');
        json_str(&j, cats[i]);
    }
    buf_puts(&j, "]]");
    free(catof);
    *desc = arena_strdup(a, buf_cstr(&j));
    buf_free(&j);
    free(order);
    shard_builder_free(&b);
    dedupe_files(out);
    return 0;
}

int search_bloom_part(const void *p, size_t n, size_t *head, size_t *len)
{
    const uint8_t *b = p;
    uint64_t v = 0;
    for (size_t i = 0; i < n && i < 10; i++) {
        v |= (uint64_t)(b[i] & 0x7f) << (7 * i);
        if (!(b[i] & 0x80)) {
            *head = i + 1;
            *len = (size_t)v;
            return v <= n - i - 1 ? 0 : 1;
        }
    }
    *head = *len = 0;
    return n < 10 ? 1 : -1;
}

void search_static_bloom_file(arena *a, const str_view *parts, size_t nseg,
                              search_static_file *f)
{
    bytes b = {0};
    for (size_t k = 0; k < nseg; k++) {
        put_varint(&b, parts[k].len);
        put_raw(&b, parts[k].ptr, parts[k].len);
    }
    const char *name = bloom_name(a, b.p, b.n, "bin");
    char *copy = arena_alloc(a, b.n + 1);
    memcpy(copy, b.p, b.n);
    copy[b.n] = 0;
    *f = (search_static_file){name, copy, b.n};
    free(b.p);
}

void search_static_bloom_groups(arena *a, const char *const *fnames, uint32_t nbuckets,
                                size_t nseg, search_static_files *out, const char **desc)
{
    memset(out, 0, sizeof *out);
    nm_buf j;
    buf_init(&j, NM_BUF_NOLIMIT);
    size_t ngroups = (nbuckets + GROUP - 1) / GROUP;
    const char **gname = arena_new_array(a, const char *, ngroups);
    for (size_t g = 0; g < ngroups; g++) {
        buf_reset(&j);
        buf_putc(&j, '[');
        for (size_t b = g * GROUP; b < (g + 1) * GROUP && b < nbuckets; b++)
            buf_printf(&j, "%s\"%.12s\"", b > g * GROUP ? "," : "", file_hash(fnames[b]));
        buf_putc(&j, ']');
        gname[g] = bloom_name(a, j.data, j.len, "json");
        add_file(out, a, gname[g], j.data, j.len);
    }
    buf_reset(&j);
    buf_printf(&j, "[%zu,[", nseg);
    for (size_t g = 0; g < ngroups; g++)
        buf_printf(&j, "%s\"%.12s\"", g ? "," : "", file_hash(gname[g]));
    buf_puts(&j, "]]");
    *desc = arena_strdup(a, buf_cstr(&j));
    buf_free(&j);
    dedupe_files(out);
}

const char *search_static_index(arena *a, size_t ndocs, size_t zdocs, const char *const *descs,
                                size_t nseg, const char *bloom, const char *const *cats,
                                size_t ncats)
{
    nm_buf j;
    buf_init(&j, NM_BUF_NOLIMIT);
    buf_printf(&j,
               "{\"v\":4,\"n\":%zu,\"Z\":%zu,\"G\":%d,\"M\":%d,\"H\":%d,\"B\":%u,\"R\":%u,"
               "\"Q\":%d,\"c\":[",
               ndocs, zdocs, GROUP, META_DOCS, META_GROUP, search_bloom_buckets(zdocs),
               search_gram_buckets(zdocs), Q_CHUNK);
    for (size_t i = 0; i < ncats; i++) {
        if (i)
            buf_putc(&j, ',');
        json_str(&j, cats[i]);
    }
    buf_printf(&j, "],\"f\":\n%s,\n\"s\":[\n", bloom ? bloom : "[0,[]]");
    for (size_t k = 0; k < nseg; k++)
        buf_printf(&j, "%s%s\n", descs[k], k + 1 < nseg ? "," : "");
    buf_puts(&j, "]}\n");
    const char *out = arena_strdup(a, buf_cstr(&j));
    buf_free(&j);
    return out;
}

const char *search_static_index_line(arena *a, const char *index, size_t len, size_t line)
{
    const char *end = index + len, *p = memchr(index, '\n', len);
    for (size_t k = 1; p && k < line; k++)
        p = memchr(p + 1, '\n', (size_t)(end - p - 1));
    if (!p || p + 1 >= end || p[1] != '[')
        return NULL;
    const char *e = memchr(p + 1, '\n', (size_t)(end - p - 1));
    if (!e)
        return NULL;
    size_t n = (size_t)(e - p - 1);
    if (n && p[n] == ',')
        n--;
    return arena_strndup(a, p + 1, n);
}
