/*
 * hash.c — stable 64-bit hashes (xxHash's XXH64).
 *
 * Post file names are XXH64 of (feed URL, item identity) in hex, so the
 * function and its seed must never change: a different hash would rename
 * every post of every site.
 */
#include "util.h"

#include <string.h>
#define XXH_STATIC_LINKING_ONLY /* XXH64_state_t on the stack */
#include <xxhash.h>

uint64_t hash64(const void *p, size_t n, uint64_t seed)
{
    return XXH64(p, n, seed);
}

uint64_t hash64_pair(const char *a, const char *b)
{
    XXH64_state_t st;
    XXH64_reset(&st, 0);
    XXH64_update(&st, a, strlen(a));
    XXH64_update(&st, "", 1);
    XXH64_update(&st, b, strlen(b));
    return XXH64_digest(&st);
}

void hash64_hex(uint64_t h, char out[17])
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--) {
        out[i] = hex[h & 15];
        h >>= 4;
    }
    out[16] = '\0';
}
