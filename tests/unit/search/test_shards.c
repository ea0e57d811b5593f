/*
 * test_shards.c — the static index's segment files (shards.c): every
 * file name is given once, also when two files have the same bytes; a
 * segment's filters hold its CJK 4-grams (four characters of one run),
 * also when its first documents come from kept terms; the files of
 * search/f/ are read back a bucket at a time.
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

/* Bytes of the 4-gram filter of a segment of the given bodies (one
 * bucket of terms, one of 4-grams: 8 bits a 4-gram), made at once or
 * resumed from the kept terms of its first document. */
static size_t gram_bytes(const char *title, const char *const *bodies, size_t n, bool grams,
                         bool resume)
{
    arena *a = arena_new(0);
    search_static_doc docs[4] = {0};
    for (size_t d = 0; d < n; d++) {
        docs[d].url = arena_printf(a, "/p/%zu/", d);
        docs[d].date = "2024-01-02";
        docs[d].category = "";
        docs[d].f = (search_fields){title, "", "", bodies[d]};
    }
    search_static_files out;
    const char *desc, *bloom;
    size_t bloom_len;
    search_static_state st = {0};
    if (resume) {
        assert_int_equal(search_static_segment(a, 0, docs, 1, 1, 1, false, NULL, &out, &desc,
                                               &bloom, &bloom_len, &st),
                         0);
        free(out.v);
    }
    assert_int_equal(search_static_segment(a, 0, docs, n, 1, 1, grams, resume ? &st : NULL, &out,
                                           &desc, &bloom, &bloom_len, NULL),
                     0);
    assert_int_equal(out.rescanned, resume && grams ? 1 : 0);
    free(out.v);
    free(st.data);
    /* length + the term bucket, then length + the 4-grams' (lengths
     * under 128: one byte) */
    const uint8_t *b = (const uint8_t *)bloom;
    assert_true(b[0] < 128 && (size_t)b[0] + 1 < bloom_len);
    size_t g = b[b[0] + 1];
    assert_int_equal(bloom_len, b[0] + 2 + g);
    arena_free(a);
    return g;
}

static void test_grams(void **state)
{
    (void)state;
    const char *one[] = {"甲乙丙丁"}, *apart[] = {"甲乙，乙丙，丙丁 甲乙丙 x 乙丙丁"},
               *two[] = {"甲乙丙丁戊"};
    assert_int_equal(gram_bytes("t", one, 1, true, false), 1);
    assert_int_equal(gram_bytes("t", apart, 1, true, false), 0);
    assert_int_equal(gram_bytes("t", two, 1, true, false), 2);
    assert_int_equal(gram_bytes("t", one, 1, false, false), 0);
    /* none across the title and the body (fields are never adjacent) */
    const char *split[] = {"丁戊"};
    assert_int_equal(gram_bytes("甲乙丙", split, 1, true, false), 0);
    /* the same 4-gram twice is one */
    const char *dup[] = {"甲乙丙丁", "甲乙丙丁"};
    assert_int_equal(gram_bytes("t", dup, 2, true, false), 1);
    /* the kept document's 4-grams are read again from its text */
    const char *kept[] = {"甲乙丙丁", "丙丁戊己"};
    assert_int_equal(gram_bytes("t", kept, 2, true, false), 2);
    assert_int_equal(gram_bytes("t", kept, 2, true, true), 2);
    assert_int_equal(gram_bytes("t", kept, 2, false, true), 0);
}

/* A bucket file of search/f/ is each segment's part, a varint count and
 * its bytes; search_bloom_part reads one from the head of a window and
 * says when the window is cut short, or the count is not a varint. */
static void test_bloom_parts(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    char big[200];
    memset(big, 'x', sizeof big);
    str_view parts[3] = {{"ab", 2}, {"", 0}, {big, sizeof big}};
    search_static_file f;
    search_static_bloom_file(a, parts, 3, &f);
    assert_int_equal(f.len, 1 + 2 + 1 + 2 + sizeof big);
    assert_true(!strncmp(f.name, "search/f/", 9));
    size_t at = 0, head, len;
    for (int k = 0; k < 3; k++) {
        assert_int_equal(search_bloom_part(f.data + at, f.len - at, &head, &len), 0);
        assert_int_equal(len, parts[k].len);
        assert_memory_equal(f.data + at + head, parts[k].ptr, len);
        at += head + len;
    }
    assert_int_equal(at, f.len);
    /* the window ends inside the bytes: how many are needed */
    assert_int_equal(search_bloom_part(f.data + 4, 50, &head, &len), 1);
    assert_int_equal(head + len, 2 + sizeof big);
    /* inside the count itself, and at the very end */
    assert_int_equal(search_bloom_part(f.data + 4, 1, &head, &len), 1);
    assert_int_equal(head, 0);
    assert_int_equal(search_bloom_part(f.data, 0, &head, &len), 1);
    /* ten bytes with the high bit set are not a count */
    assert_int_equal(search_bloom_part("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11, &head, &len), -1);
    /* the same parts make the same file, of the same name */
    search_static_file g;
    search_static_bloom_file(a, parts, 3, &g);
    assert_string_equal(f.name, g.name);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_bytes_one_name),
        cmocka_unit_test(test_grams),
        cmocka_unit_test(test_bloom_parts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
