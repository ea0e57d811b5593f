/*
 * nm_tokens.c — prints the terms search_tokenize gives for each line of
 * stdin, for tests/e2e/search_static.sh to compare with search.js's
 * tokenizer: one output line per input line, terms separated by spaces,
 * each "+" (co-located) or "" then the term, with the gap term as "|".
 * Usage: nm_tokens doc|query < lines
 */
#include "search/search.h"

#include <stdio.h>
#include <string.h>

static int put(void *ctx, int flags, const char *token, int len, int start, int end)
{
    (void)start, (void)end;
    int *first = ctx;
    if (!*first)
        putchar(' ');
    *first = 0;
    if (flags & SEARCH_TOKEN_GAP) {
        putchar('|');
        return 0;
    }
    if (flags & SEARCH_TOKEN_COLOCATED)
        putchar('+');
    fwrite(token, 1, (size_t)len, stdout);
    return 0;
}

int main(int argc, char **argv)
{
    int mode = argc > 1 && strcmp(argv[1], "query") == 0 ? SEARCH_TOKENIZE_QUERY
                                                          : SEARCH_TOKENIZE_DOCUMENT;
    char line[65536];
    while (fgets(line, sizeof line, stdin)) {
        size_t n = strlen(line);
        if (n && line[n - 1] == '\n')
            line[--n] = '\0';
        int first = 1;
        search_tokenize(line, (int)n, mode, put, &first);
        putchar('\n');
    }
    return 0;
}
