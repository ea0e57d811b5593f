/*
 * fuzz_frontmatter.c — the post reader on any bytes.
 *
 * Beyond "never crashes, never leaks" (ASan, UBSan), it checks the two
 * promises of the post module on every input that parses:
 *   - the seed-layout fast path and libyaml read it the same way (the
 *     canonical bytes of both readings are equal);
 *   - write → read → write gives the same bytes (post fmt is idempotent).
 * Seeds: tests/fuzz/corpus/frontmatter/ (the seed post, the good and bad
 * fixtures of tests/fixtures/posts/).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "post/post.h"

static void die(const char *what, const nm_buf *a, const nm_buf *b)
{
    fprintf(stderr, "fuzz_frontmatter: %s\n--- first:\n%.2000s\n--- second:\n%.2000s\n", what,
            a ? buf_cstr((nm_buf *)a) : "", b ? buf_cstr((nm_buf *)b) : "");
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena *a = arena_new(0);
    post p, q, r;
    nm_error err;
    post_read_opts slow = {.no_fast_path = true};
    int rc_fast = post_parse(a, "fuzz.md", (const char *)data, size, NULL, &p, &err);
    int rc_slow = post_parse(a, "fuzz.md", (const char *)data, size, &slow, &q, &err);
    if (rc_fast != rc_slow)
        die(rc_fast ? "only libyaml reads it" : "only the fast path reads it", NULL, NULL);
    if (rc_fast == 0) {
        nm_buf w1, w2, w3;
        buf_init(&w1, NM_BUF_NOLIMIT);
        buf_init(&w2, NM_BUF_NOLIMIT);
        buf_init(&w3, NM_BUF_NOLIMIT);
        post_write(&p, &w1);
        post_write(&q, &w2);
        if (w1.len != w2.len || memcmp(w1.data, w2.data, w1.len) != 0)
            die("fast path and libyaml read it differently", &w1, &w2);
        if (post_parse(a, "fuzz.md", w1.data, w1.len, NULL, &r, &err) != 0) {
            char m[2048];
            fprintf(stderr, "%s\n", nm_error_format(&err, m, sizeof(m)));
            die("what post_write wrote does not read back", &w1, NULL);
        }
        post_write(&r, &w3);
        if (w1.len != w3.len || memcmp(w1.data, w3.data, w1.len) != 0)
            die("write -> read -> write changed bytes", &w1, &w3);
        buf_free(&w1);
        buf_free(&w2);
        buf_free(&w3);
    }
    arena_free(a);
    return 0;
}
