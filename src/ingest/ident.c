/*
 * ident.c — how newsmill recognises an item it has seen: canonical links
 * and SimHash fingerprints, plus the backoff schedule.
 *
 * SimHash (Charikar): each feature of the text votes with its 64-bit hash
 * on every bit; the fingerprint keeps the majority. Similar texts get
 * fingerprints a few bits apart, so "the same story in two feeds" is a
 * Hamming distance <= 3. Features are lower-cased ASCII words and, for
 * other scripts (CJK has no spaces), overlapping pairs of characters.
 * Texts with fewer than 8 features are not fingerprinted: short texts
 * collide too easily.
 */
#include "ingest.h"

#include <pthread.h>
#include <string.h>

char *ingest_canonical_link(arena *a, const char *link)
{
    if (!link || !*link)
        return NULL;
    size_t n = strcspn(link, "#");
    char *out = arena_strndup(a, link, n);
    char *q = strchr(out, '?');
    if (!q)
        return out;
    /* Rebuild the query without utm_* parameters. */
    char *w = q;
    char *p = q + 1;
    bool first = true;
    while (*p) {
        size_t len = strcspn(p, "&");
        if (!(len >= 4 && strncmp(p, "utm_", 4) == 0) && len > 0) {
            *w++ = first ? '?' : '&';
            memmove(w, p, len);
            w += len;
            first = false;
        }
        p += len;
        if (*p == '&')
            p++;
    }
    *w = '\0';
    return out;
}

static size_t utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* The votes, counted eight bits at a time: spread[x] has byte i set to
 * bit i of x, so adding spread[byte j of h] to lanes[j] counts the ones
 * of eight bits with one addition. A lane's bytes hold at most 255, so
 * the lanes are emptied into ones[] every 255 features. A bit is set in
 * the fingerprint when more than half of the features have it (a vote of
 * +1 per one and -1 per zero, > 0). */
typedef struct votes {
    uint64_t lanes[8];
    uint32_t ones[64];
    size_t features, pending;
} votes;

static uint64_t spread[256];

static void spread_init(void)
{
    for (int x = 0; x < 256; x++)
        for (int i = 0; i < 8; i++)
            if (x >> i & 1)
                spread[x] |= (uint64_t)1 << (8 * i);
}

static void votes_flush(votes *v)
{
    for (int j = 0; j < 8; j++) {
        for (int i = 0; i < 8; i++)
            v->ones[8 * j + i] += (uint32_t)(v->lanes[j] >> (8 * i) & 0xff);
        v->lanes[j] = 0;
    }
    v->pending = 0;
}

static void vote(votes *v, const void *feature, size_t n)
{
    uint64_t h = hash64(feature, n, 0x5157);
    for (int j = 0; j < 8; j++)
        v->lanes[j] += spread[h >> (8 * j) & 0xff];
    v->features++;
    if (++v->pending == 255)
        votes_flush(v);
}

uint64_t ingest_simhash(const char *text)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, spread_init);
    votes v;
    memset(&v, 0, sizeof(v));
    const unsigned char *p = (const unsigned char *)(text ? text : "");
    char word[64];
    size_t wl = 0;
    const unsigned char *prev = NULL; /* previous non-ASCII character */
    size_t prevlen = 0;
    for (;;) {
        unsigned char c = *p;
        bool alnum = nm_is_alnum(c);
        if (alnum) {
            if (wl < sizeof(word))
                word[wl++] = (char)nm_to_lower(c);
            p++;
            prev = NULL;
            continue;
        }
        if (wl) {
            vote(&v, word, wl);
            wl = 0;
        }
        if (!c)
            break;
        if (c < 0x80) {
            p++;
            prev = NULL;
            continue;
        }
        size_t cl = utf8_len(c);
        for (size_t i = 1; i < cl; i++)
            if (!p[i]) {
                cl = i;
                break;
            }
        /* Skip punctuation-like full-width spaces and marks (U+3000–U+303F). */
        bool mark = cl == 3 && p[0] == 0xE3 && p[1] == 0x80;
        if (!mark && prev) {
            char pair[8];
            memcpy(pair, prev, prevlen);
            memcpy(pair + prevlen, p, cl);
            vote(&v, pair, prevlen + cl);
        }
        prev = mark ? NULL : p;
        prevlen = cl;
        p += cl;
    }
    if (v.features < 8)
        return 0;
    votes_flush(&v);
    uint64_t out = 0;
    for (int b = 0; b < 64; b++)
        if (2 * (uint64_t)v.ones[b] > v.features)
            out |= 1ull << b;
    return out ? out : 1;
}

int64_t ingest_backoff(int interval_min, int errors, int64_t retry_after)
{
    const int64_t cap = 24 * 3600;
    int64_t d = (int64_t)(interval_min > 0 ? interval_min : 30) * 60;
    for (int i = 1; i < errors && d < cap; i++)
        d *= 2;
    if (d > cap)
        d = cap;
    if (retry_after > 0) {
        int64_t ra = retry_after < cap ? retry_after : cap;
        if (ra > d)
            d = ra;
    }
    return d;
}
