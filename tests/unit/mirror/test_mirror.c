/*
 * test_mirror.c — the mirror module: sniffing (tests/fixtures/images/ and
 * headers made here), the limits and their messages, names by SHA-256,
 * storing once, sweeping, rewriting <img src> and gc.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mirror/mirror.h"

static nm_buf fixture(const char *name)
{
    const char *root = getenv("NM_ROOT");
    char path[4096];
    snprintf(path, sizeof(path), "%s/tests/fixtures/images/%s", root && root[0] ? root : ".",
             name);
    nm_buf b;
    nm_error err;
    buf_init(&b, NM_BUF_NOLIMIT);
    if (fs_read_file(path, 1 << 20, &b, &err) != 0)
        fail_msg("cannot read %s (set NM_ROOT)", path);
    return b;
}

static void expect_image(const char *name, mirror_type t, uint32_t w, uint32_t h)
{
    nm_buf b = fixture(name);
    mirror_info info;
    const char *why = NULL;
    if (mirror_sniff(b.data, b.len, &info, &why) != 0)
        fail_msg("%s: %s", name, why);
    assert_int_equal(info.type, t);
    assert_int_equal(info.width, w);
    assert_int_equal(info.height, h);
    buf_free(&b);
}

static void test_sniff_reads_type_and_size_of_each_format(void **state)
{
    (void)state;
    expect_image("photo.jpg", MIRROR_JPEG, 24, 16);
    expect_image("progressive.jpg", MIRROR_JPEG, 24, 16);
    expect_image("photo.png", MIRROR_PNG, 24, 16);
    expect_image("photo.gif", MIRROR_GIF, 24, 16);
    expect_image("lossy.webp", MIRROR_WEBP, 24, 16);
    expect_image("lossless.webp", MIRROR_WEBP, 24, 16);
    expect_image("alpha.webp", MIRROR_WEBP, 24, 16);
    expect_image("photo.avif", MIRROR_AVIF, 24, 16);
    expect_image("bomb.png", MIRROR_PNG, 50000, 50000);
    /* a GIF whose 10 x 10 screen holds a frame declaring 50,000 x 40,000
     * at (5, 5): its size is what a decoder would allocate */
    static const unsigned char gif[] = {'G', 'I', 'F', '8', '9', 'a', 10, 0, 10, 0, 0, 0, 0,
                                        0x21, 0xf9, 4, 0, 0, 0, 0, 0, /* graphic control */
                                        0x2c, 5, 0, 5, 0, 0x50, 0xc3, 0x40, 0x9c, 0,
                                        2, 2, 0x4c, 0x01, 0, 0x3b};
    mirror_info info;
    const char *why;
    assert_int_equal(mirror_sniff(gif, sizeof(gif), &info, &why), 0);
    assert_int_equal(info.type, MIRROR_GIF);
    assert_int_equal(info.width, 50005);
    assert_int_equal(info.height, 40005);
    assert_string_equal(mirror_ext(MIRROR_JPEG), "jpg");
    assert_string_equal(mirror_ext(MIRROR_AVIF), "avif");
}

static void expect_refused(const void *p, size_t n, const char *why_want)
{
    mirror_info info;
    const char *why = NULL;
    assert_int_equal(mirror_sniff(p, n, &info, &why), -1);
    assert_string_equal(why, why_want);
    assert_int_equal(info.type, MIRROR_NONE);
}

static void test_sniff_refuses_svg_html_and_cut_headers(void **state)
{
    (void)state;
    nm_buf svg = fixture("logo.svg"), html = fixture("not-an-image.html");
    expect_refused(svg.data, svg.len, "an SVG image (not mirrored: it can carry script)");
    expect_refused(html.data, html.len, "HTML, not an image");
    expect_refused("", 0, "empty");
    expect_refused("GIF89a\x01\0\x01\0\0\0", 12, "a GIF cut short");
    expect_refused("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16, "a PNG without its IHDR header");
    /* a JPEG whose first segment runs past the end: no SOF */
    expect_refused("\xff\xd8\xff\xe0\x00\x10JFIF", 10,
                   "a JPEG without a frame header (SOF) in its first bytes");
    /* zero width */
    static const unsigned char png0[24] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0,
                                           0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 0, 0, 0, 0, 1};
    expect_refused(png0, sizeof(png0), "an image that declares a zero width or height");
    nm_buf avif = fixture("photo.avif");
    /* the same file cut before its ispe */
    expect_refused(avif.data, 40, "an AVIF without its size (ispe)");
    /* every prefix of every fixture is read safely (ASan checks the bounds) */
    const char *names[] = {"photo.jpg", "progressive.jpg", "photo.png", "photo.gif",
                           "lossy.webp", "lossless.webp", "alpha.webp", "photo.avif"};
    for (size_t k = 0; k < NM_ARRAY_LEN(names); k++) {
        nm_buf b = fixture(names[k]);
        for (size_t n = 0; n < b.len; n++) {
            char *copy = xmalloc(n ? n : 1);
            memcpy(copy, b.data, n);
            mirror_info info;
            const char *why;
            if (mirror_sniff(copy, n, &info, &why) == 0)
                assert_true(info.width == 24 && info.height == 16);
            free(copy);
        }
        buf_free(&b);
    }
    buf_free(&avif);
    buf_free(&svg);
    buf_free(&html);
}

static void test_check_refuses_a_pixel_bomb_and_big_files_naming_the_url(void **state)
{
    (void)state;
    mirror_limits l;
    mirror_limits_default(&l);
    assert_int_equal(l.max_bytes, 10u << 20);
    assert_int_equal(l.max_post_bytes, 30u << 20);
    assert_int_equal(l.max_pixels, 40000000);
    nm_buf bomb = fixture("bomb.png"), ok = fixture("photo.png");
    mirror_info info;
    nm_error err;
    assert_int_equal(mirror_check("http://x/b.png", bomb.data, bomb.len, &l, &info, &err), -1);
    assert_string_equal(err.where, "http://x/b.png");
    assert_string_equal(err.msg, "refused: 50000 x 50000 pixels (2500.0 Mpx) is more than the "
                                 "40.0 Mpx of newsmill.images_max_pixels (a decompression bomb?)");
    assert_int_equal(mirror_check("http://x/p.png", ok.data, ok.len, &l, &info, &err), 0);
    l.max_bytes = 100;
    assert_int_equal(mirror_check("http://x/p.png", ok.data, ok.len, &l, &info, &err), -1);
    assert_string_equal(err.msg, "refused: 158 bytes is more than the 100 of "
                                 "newsmill.images_max_bytes");
    nm_buf html = fixture("not-an-image.html");
    l.max_bytes = 0;
    assert_int_equal(mirror_check("http://x/a.jpg", html.data, html.len, &l, &info, &err), -1);
    assert_string_equal(err.msg, "refused: HTML, not an image");
    buf_free(&html);
    buf_free(&bomb);
    buf_free(&ok);
}

static void test_names_are_sha256_of_the_bytes(void **state)
{
    (void)state;
    char hex[65];
    nm_error err;
    assert_int_equal(mirror_sha256_hex("abc", 3, hex, &err), 0);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    arena *a = arena_new(0);
    assert_string_equal(mirror_url_of(a, "abc", 3, MIRROR_PNG, &err),
                        "/images/ba/ba7816bf8f01cfea414140de5dae2223.png");
    assert_true(mirror_is_local("/images/ba/ba7816bf8f01cfea414140de5dae2223.png"));
    assert_true(mirror_is_local("/images/00/00000000000000000000000000000000.avif"));
    assert_false(mirror_is_local("/images/bb/ba7816bf8f01cfea414140de5dae2223.png"));
    assert_false(mirror_is_local("/images/BA/BA7816bf8f01cfea414140de5dae2223.png"));
    assert_false(mirror_is_local("/images/ba/ba7816bf8f01cfea414140de5dae2223.svg"));
    assert_false(mirror_is_local("/images/ba/ba7816bf8f01cfea414140de5dae222.png"));
    assert_false(mirror_is_local("/images/ba/ba7816bf8f01cfea414140de5dae2223.png?x"));
    assert_false(mirror_is_local("http://x/images/ba/ba7816bf8f01cfea414140de5dae2223.png"));
    arena_free(a);
}

static char site[256];

static int setup(void **state)
{
    (void)state;
    snprintf(site, sizeof(site), "/tmp/nm-mirror-XXXXXX");
    return mkdtemp(site) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", site);
    return system(cmd);
}

static void test_store_writes_once_and_sweep_removes_temp_files(void **state)
{
    (void)state;
    nm_buf b = fixture("photo.gif");
    arena *a = arena_new(0);
    nm_error err;
    const char *url = mirror_url_of(a, b.data, b.len, MIRROR_GIF, &err);
    bool written;
    assert_int_equal(mirror_store(site, url, b.data, b.len, &written, &err), 0);
    assert_true(written);
    assert_int_equal(mirror_store(site, url, b.data, b.len, &written, &err), 0);
    assert_false(written);
    char path[600];
    snprintf(path, sizeof(path), "%s/source%s", site, url);
    nm_buf back;
    buf_init(&back, NM_BUF_NOLIMIT);
    assert_int_equal(fs_read_file(path, 1 << 20, &back, &err), 0);
    assert_int_equal(back.len, b.len);
    assert_memory_equal(back.data, b.data, b.len);
    assert_int_equal(mirror_store(site, "/images/x.gif", b.data, b.len, &written, &err), -1);
    /* staged: a temp file, no name yet; committed: named */
    nm_buf png = fixture("photo.png");
    const char *purl = mirror_url_of(a, png.data, png.len, MIRROR_PNG, &err);
    char *staged;
    assert_int_equal(mirror_stage(site, purl, png.data, png.len, &staged, &err), 0);
    assert_non_null(staged);
    char ppath[600];
    snprintf(ppath, sizeof(ppath), "%s/source%s", site, purl);
    assert_false(fs_exists(ppath));
    assert_true(fs_exists(staged));
    assert_int_equal(mirror_commit(site, &staged, &purl, 1, &err), 0);
    assert_null(staged);
    assert_true(fs_exists(ppath));
    assert_int_equal(mirror_stage(site, purl, png.data, png.len, &staged, &err), 0);
    assert_null(staged); /* there already */
    buf_free(&png);
    /* a killed run's temp file */
    char tmp[700];
    snprintf(tmp, sizeof(tmp), "%s/source/images/%.2s/.abc.gif.nmtmp-1-2", site, url + 8);
    assert_int_equal(fs_write_atomic(tmp, "x", 1, &err), 0);
    assert_int_equal(mirror_sweep(site), 1);
    assert_false(fs_exists(tmp));
    assert_true(fs_exists(path));
    buf_free(&back);
    buf_free(&b);
    arena_free(a);
}

/* ---- rewriting ---------------------------------------------------------- */

static const char *to_local(const char *url, void *ctx)
{
    (void)ctx;
    if (!strcmp(url, "http://a.example/x.jpg?w=1&h=2"))
        return "/images/aa/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.jpg";
    if (!strcmp(url, "https://b.example/y.png"))
        return "/images/bb/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.png";
    if (!strcmp(url, "http://evil/q"))
        return "\" onerror=\"x"; /* never written */
    return NULL;
}

static const char *rewrite(arena *a, const char *in, bool *changed)
{
    const char *out;
    size_t n;
    mirror_rewrite(a, in, strlen(in), to_local, NULL, &out, &n, changed);
    assert_int_equal(strlen(out), n);
    return out;
}

static void test_rewrite_replaces_only_img_src_and_keeps_every_other_byte(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    bool changed;
    const char *in =
        "\n<div><p>Text &amp; <a href=\"http://a.example/x.jpg?w=1&amp;h=2\">link</a></p>"
        "<img src=\"http://a.example/x.jpg?w=1&amp;h=2\" alt=\"A\" referrerpolicy=\"no-referrer\" "
        "loading=\"lazy\" /><IMG alt=b SRC='https://b.example/y.png'>"
        "<img src=https://b.example/y.png><img src=\"http://c.example/z.gif\">"
        "<img src=\"http://evil/q\"><!-- <img src=\"https://b.example/y.png\"> --></div>\n";
    const char *want =
        "\n<div><p>Text &amp; <a href=\"http://a.example/x.jpg?w=1&amp;h=2\">link</a></p>"
        "<img src=\"/images/aa/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.jpg\" alt=\"A\" "
        "referrerpolicy=\"no-referrer\" loading=\"lazy\" />"
        "<IMG alt=b SRC=\"/images/bb/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.png\">"
        "<img src=\"/images/bb/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.png\"><img src=\"http://c.example/z.gif\">"
        "<img src=\"http://evil/q\"><!-- <img src=\"https://b.example/y.png\"> --></div>\n";
    const char *out = rewrite(a, in, &changed);
    assert_string_equal(out, want);
    assert_true(changed);
    /* again: nothing left to change */
    out = rewrite(a, out, &changed);
    assert_string_equal(out, want);
    assert_false(changed);
    out = rewrite(a, "<p>no images</p>", &changed);
    assert_string_equal(out, "<p>no images</p>");
    assert_false(changed);
    arena_free(a);
}

static void test_remote_images_lists_http_sources_once_in_order(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    const char *in = "<img src=\"https://b/2.png\"><img src=\"data:image/png;base64,AAAA\">"
                     "<img src=\"/images/aa/x.png\"><img src=\"http://a/1.jpg?a=1&amp;b=2\">"
                     "<img src=\"https://b/2.png\"><img src=\"ftp://c/3.gif\"><img>";
    const char **urls;
    size_t n = mirror_remote_images(a, in, strlen(in), 10, &urls);
    assert_int_equal(n, 2);
    assert_string_equal(urls[0], "https://b/2.png");
    assert_string_equal(urls[1], "http://a/1.jpg?a=1&b=2");
    assert_int_equal(mirror_remote_images(a, in, strlen(in), 1, &urls), 1);
    arena_free(a);
}

/* ---- gc ---------------------------------------------------------------- */

static int unused_seen;
static void count_unused(const char *path, uint64_t bytes, void *ctx)
{
    (void)ctx, (void)bytes;
    assert_true(strncmp(path, "source/images/", 14) == 0);
    unused_seen++;
}

static void test_gc_lists_and_deletes_only_images_no_file_names(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    nm_error err;
    const char *names[] = {"photo.jpg", "photo.png", "photo.gif", "lossy.webp"};
    const char *urls[4];
    for (int i = 0; i < 4; i++) {
        nm_buf b = fixture(names[i]);
        mirror_info info;
        const char *why;
        assert_int_equal(mirror_sniff(b.data, b.len, &info, &why), 0);
        urls[i] = mirror_url_of(a, b.data, b.len, info.type, &err);
        bool written;
        assert_int_equal(mirror_store(site, urls[i], b.data, b.len, &written, &err), 0);
        buf_free(&b);
    }
    char path[600];
    snprintf(path, sizeof(path), "%s/source/_posts/a.md", site);
    const char *post = arena_printf(a, "---\ntitle: a\nheadimg: '%s'\n---\n<img src=\"%s\">\n",
                                    urls[0], urls[1]);
    assert_int_equal(fs_write_atomic(path, post, strlen(post), &err), 0);
    snprintf(path, sizeof(path), "%s/source/about/index.html", site);
    const char *page = arena_printf(a, "<img src=\"../images/%s\">", urls[2] + 8);
    assert_int_equal(fs_write_atomic(path, page, strlen(page), &err), 0);
    mirror_gc_summary sum;
    unused_seen = 0;
    assert_int_equal(mirror_gc(site, false, count_unused, NULL, &sum, &err), 0);
    assert_int_equal(sum.files, 4);
    assert_int_equal(sum.unused, 1);
    assert_int_equal(sum.deleted, 0);
    assert_int_equal(unused_seen, 1);
    snprintf(path, sizeof(path), "%s/source%s", site, urls[3]);
    assert_true(fs_exists(path));
    assert_int_equal(mirror_gc(site, true, NULL, NULL, &sum, &err), 0);
    assert_int_equal(sum.deleted, 1);
    assert_false(fs_exists(path));
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "%s/source%s", site, urls[i]);
        assert_true(fs_exists(path));
    }
    assert_int_equal(mirror_gc(site, true, NULL, NULL, &sum, &err), 0);
    assert_int_equal(sum.files, 3);
    assert_int_equal(sum.unused, 0);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sniff_reads_type_and_size_of_each_format),
        cmocka_unit_test(test_sniff_refuses_svg_html_and_cut_headers),
        cmocka_unit_test(test_check_refuses_a_pixel_bomb_and_big_files_naming_the_url),
        cmocka_unit_test(test_names_are_sha256_of_the_bytes),
        cmocka_unit_test_setup_teardown(test_store_writes_once_and_sweep_removes_temp_files, setup,
                                        teardown),
        cmocka_unit_test(test_rewrite_replaces_only_img_src_and_keeps_every_other_byte),
        cmocka_unit_test(test_remote_images_lists_http_sources_once_in_order),
        cmocka_unit_test_setup_teardown(test_gc_lists_and_deletes_only_images_no_file_names,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
