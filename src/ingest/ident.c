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

uint64_t ingest_simhash(const char *text)
{
    int votes[64] = {0};
    size_t features = 0;
    const unsigned char *p = (const unsigned char *)(text ? text : "");
    char word[64];
    size_t wl = 0;
    const unsigned char *prev = NULL; /* previous non-ASCII character */
    size_t prevlen = 0;
    for (;;) {
        unsigned char c = *p;
        bool alnum = (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
        if (alnum) {
            if (wl < sizeof(word))
                word[wl++] = (char)(c >= 'A' && c <= 'Z' ? c | 32 : c);
            p++;
            prev = NULL;
            continue;
        }
        if (wl) {
            uint64_t h = hash64(word, wl, 0x5157);
            for (int b = 0; b < 64; b++)
                votes[b] += (h >> b) & 1 ? 1 : -1;
            features++;
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
            uint64_t h = hash64(pair, prevlen + cl, 0x5157);
            for (int b = 0; b < 64; b++)
                votes[b] += (h >> b) & 1 ? 1 : -1;
            features++;
        }
        prev = mark ? NULL : p;
        prevlen = cl;
        p += cl;
    }
    if (features < 8)
        return 0;
    uint64_t out = 0;
    for (int b = 0; b < 64; b++)
        if (votes[b] > 0)
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
