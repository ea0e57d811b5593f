/*
 * test_shards.c — the static index's segment files (shards.c): every
 * file name is given once, also when two files have the same bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/search.h"

#define SHARDS 16 /* what the terms below make (shards.c: SHARD_BYTES) */
#define PER 500   /* terms a shard */

/* Words made so that each of the SHARDS shards gets PER of them; each is
 * the only word of one post's title, so every term's positions are the
 * same bytes (one posting at position 0) and every shard's positions
 * file is too: SHARDS files of the same bytes, so of the same name. */
static void test_same_bytes_one_name(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    size_t n = SHARDS * PER, count[SHARDS] = {0}, d = 0;
    search_static_doc *docs = calloc(n, sizeof *docs);
    for (unsigned i = 0; d < n; i++) {
        char w[32];
        snprintf(w, sizeof w, "w%u", i);
        uint32_t s = search_shard_hash(w, strlen(w)) & (SHARDS - 1);
        if (count[s] == PER)
            continue;
        count[s]++;
        docs[d].url = arena_printf(a, "/p/%zu/", d);
        docs[d].date = "2024-01-02";
        docs[d].category = "";
        docs[d].f = (search_fields){arena_strdup(a, w), "", "", ""};
        d++;
    }
    search_static_files out;
    const char *desc, *bloom;
    size_t bloom_len;
    assert_int_equal(search_static_segment(a, 0, docs, n, search_bloom_buckets(4096),
                                           search_gram_buckets(4096), true, NULL, &out, &desc,
                                           &bloom, &bloom_len, NULL),
                     0);
    /* the shards are as planned: SHARDS postings files, one positions file */
    size_t np = 0, nq = 0;
    for (size_t i = 0; i < out.n; i++) {
        np += !strncmp(out.v[i].name, "search/0/p/", 11);
        nq += !strncmp(out.v[i].name, "search/0/q/", 11);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(out.v[i].name, out.v[j].name);
    }
    assert_int_equal(np, SHARDS);
    assert_int_equal(nq, 1);
    free(out.v);
    free(docs);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_bytes_one_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
