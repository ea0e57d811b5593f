/*
 * fuzz_imgtag.c — the <img> rewriting of pages (site_img_rewrite) and the
 * image-type sniffing (site_img_sniff) on arbitrary bytes. The table
 * holds three site images (with copies, without, animated) under both
 * root "/" and "/blog/". Checks: no crash or read past the input (ASan),
 * HTML without "<img" comes out unchanged, and the rewrite never makes
 * an "<img" up (it adds attributes of its own and drops some of the
 * tag's, whose values may hold the text "<img").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site/site_int.h"

static size_t count_img(const char *p, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i + 4 <= n; i++)
        k += p[i] == '<' && !nm_strncasecmp(p + i + 1, "img", 3);
    return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static site_images im;
    if (!im.a) {
        im.a = arena_new(1u << 16);
        im.v = arena_new_array(im.a, site_image, 3);
        im.v[0] = (site_image){.rel = "images/ab/ab.jpg", .width = 1600, .height = 900, .nvariants = 3};
        im.v[1] = (site_image){.rel = "images/cd/cd.png", .width = 700, .height = 500, .nvariants = 2};
        im.v[2] = (site_image){.rel = "images/ef/ef.gif", .width = 400, .height = 300, .animated = true};
        im.n = 3;
        site_images_index(&im);
    }
    (void)site_img_sniff(data, size);
    char *copy = malloc(size + 1); /* the rewrite reads html[0, len) only */
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    arena *a = arena_new(1u << 16);
    static const char *const roots[] = {"/", "/blog/"};
    for (size_t r = 0; r < 2; r++) {
        site_config c = {.root = roots[r]};
        str_view out;
        bool missing = false;
        if (site_img_rewrite(a, &im, &c, sv_make(copy, size), "100vw", NULL, &out, &missing) < 0)
            abort();
        size_t in_n = count_img(copy, size), out_n = count_img(out.ptr, out.len);
        if (in_n == 0 && (out.len != size || memcmp(out.ptr, copy, size))) {
            fprintf(stderr, "HTML without <img changed\n");
            abort();
        }
        if (out_n > in_n) {
            fprintf(stderr, "<img count %zu became %zu\n", in_n, out_n);
            abort();
        }
    }
    arena_free(a);
    free(copy);
    return 0;
}
