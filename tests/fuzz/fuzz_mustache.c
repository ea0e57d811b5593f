/*
 * fuzz_mustache.c — the Mustache compiler and renderer on arbitrary bytes.
 *
 * Input: template bytes, optionally a NUL byte and a partial's bytes. The
 * template is added as "t" (so {{>t}} recurses), the partial as "p", with a
 * fixed theme partial "card" beside them; both are rendered against a small
 * fixed value tree (nested maps, a list, HTML-ish and CJK strings, numbers,
 * a dynamic partial name) with a 1 MiB output cap and a step budget, so a
 * template can fail a bound but never crash, leak or hang.
 * Seeds: tests/fuzz/corpus/mustache/ (scripts/fuzz-corpus-mustache.py).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mustache/mustache.h"

static mst_value *fixed_data(arena *a)
{
    mst_map *root = mst_map_new(a, 0);
    mst_map_set_str(root, "title", "<b>\"财经\" & 'news'</b>");
    mst_map_set_int(root, "n", 42);
    mst_map_set(root, "pi", mst_double(a, 3.14159));
    mst_map_set_bool(root, "yes", true);
    mst_map_set_bool(root, "no", false);
    mst_map_set_str(root, "empty", "");
    mst_map_set(root, "nothing", mst_null());
    mst_map_set_str(root, "dyn", "p");
    mst_map_set_str(root, "self", "t");
    mst_list *posts = mst_list_new(a, 0);
    for (int i = 0; i < 3; i++) {
        mst_map *p = mst_map_new(a, 0);
        mst_map_set_int(p, "id", i);
        mst_map_set_str(p, "name", i == 1 ? "line\nbreak" : "post");
        mst_map_set(p, "author", mst_map_value(root));
        mst_list_push(posts, mst_map_value(p));
    }
    mst_map_set(root, "posts", mst_list_value(posts));
    mst_map *a_ = mst_map_new(a, 0);
    mst_map *b = mst_map_new(a, 0);
    mst_map_set_str(b, "c", "deep");
    mst_map_set(a_, "b", mst_map_value(b));
    mst_map_set(root, "a", mst_map_value(a_));
    return mst_map_value(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *src = (const char *)data;
    const char *nul = memchr(src, '\0', size);
    size_t tlen = nul ? (size_t)(nul - src) : size;
    nm_error err;
    mst_set *s = mst_set_new(NULL, NULL);
    static const char card[] = "{{#posts}}\n  <li>{{name}} {{>p}}</li>\n{{/posts}}\n";
    mst_set_add(s, "card", card, sizeof(card) - 1, &err);
    int rc_t = mst_set_add(s, "t", src, tlen, &err);
    if (nul)
        mst_set_add(s, "p", nul + 1, size - tlen - 1, &err);
    if (mst_set_link(s, 0, &err) == 0) {
        arena *a = arena_new(0);
        mst_value *d = fixed_data(a);
        nm_buf out;
        buf_init(&out, 1 << 20);
        const char *names[] = {"t", "p", "card"};
        for (size_t i = 0; i < 3; i++) {
            const mst_template *t = mst_set_get(s, names[i]);
            if (t) {
                buf_reset(&out);
                mst_render_steps(t, d, 200000, &out, &err);
            }
        }
        (void)rc_t;
        buf_free(&out);
        arena_free(a);
    }
    mst_set_free(s);
    return 0;
}
