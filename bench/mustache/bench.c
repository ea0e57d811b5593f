/*
 * bench.c — how fast the Mustache engine renders a typical post page.
 *
 * Loads the theme in THEME_DIR (*.mustache, named by file name), builds a
 * site context once (category tree, recent posts, archives) and then, for
 * N posts, the way the site build does it: a per-post map of ~15 fields
 * (title, dates, author, categories, tags, prev/next, a 2-8 KB body
 * borrowed, not copied) in an arena that is reset per post, rendered into
 * one reused nm_buf. It prints:
 *   build+render   context built and page rendered per post (the real loop)
 *   render only    the same page context rendered N times
 *   memcpy floor   copying the rendered bytes N times (the anchor)
 * and writes post 0's context as JSON to JSON_OUT for the mustache.js run.
 *
 *   bench THEME_DIR N JSON_OUT
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mustache/mustache.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *const words[] = {"央行", "宣布", "下调", "存款准备金率", "市场", "预期", "经济",
                                     "增长", "稳定", "政策", "投资者", "信心", "回升", "数据"};

static void body_text(nm_buf *b, unsigned seed)
{
    size_t want = 2048 + (seed * 2654435761u) % 6144;
    while (b->len < want) {
        buf_puts(b, "<p>");
        for (int i = 0; i < 40; i++)
            buf_puts(b, words[(seed + (unsigned)i * 7) % NM_ARRAY_LEN(words)]);
        buf_puts(b, "。</p>\n");
        if (seed % 3 == 0)
            buf_printf(b, "<p><img src=\"https://img.example.com/%u.jpg\" alt=\"\"></p>\n", seed);
        seed++;
    }
}

static mst_value *link(arena *a, const char *name, const char *url)
{
    mst_map *m = mst_map_new(a, 2);
    mst_map_set_str(m, "name", name);
    mst_map_set_str(m, "url", url);
    return mst_map_value(m);
}

static mst_value *site_data(arena *a)
{
    mst_map *site = mst_map_new(a, 8);
    mst_map_set_str(site, "title", "新闻磨坊");
    mst_map_set_str(site, "root", "/");
    mst_map_set_int(site, "year", 2026);
    mst_list *cats = mst_list_new(a, 8);
    for (int i = 0; i < 8; i++) {
        char name[64], url[128];
        snprintf(name, sizeof(name), "分类%d", i);
        snprintf(url, sizeof(url), "/categories/分类%d/", i);
        mst_value *c = link(a, arena_strdup(a, name), arena_strdup(a, url));
        mst_list *kids = mst_list_new(a, 4);
        for (int k = 0; k < 4; k++) {
            snprintf(name, sizeof(name), "子类%d-%d", i, k);
            snprintf(url, sizeof(url), "/categories/分类%d/子类%d-%d/", i, i, k);
            mst_value *kid = link(a, arena_strdup(a, name), arena_strdup(a, url));
            mst_map_set_int((mst_map *)mst_as_map(kid), "count", 100 + k);
            mst_list_push(kids, kid);
        }
        mst_map_set((mst_map *)mst_as_map(c), "children", mst_list_value(kids));
        mst_list_push(cats, c);
    }
    mst_map_set(site, "categories", mst_list_value(cats));
    mst_list *recent = mst_list_new(a, 10);
    for (int i = 0; i < 10; i++) {
        mst_map *p = mst_map_new(a, 3);
        mst_map_set(p, "title", mst_str(a, arena_printf(a, "最新文章标题 %d：市场动态", i)));
        mst_map_set(p, "url", mst_str(a, arena_printf(a, "/2026/11/%02d/post-%d/", i + 1, i)));
        mst_map_set_str(p, "date", "2026-11-28");
        mst_list_push(recent, mst_map_value(p));
    }
    mst_map_set(site, "recent", mst_list_value(recent));
    mst_list *arch = mst_list_new(a, 12);
    for (int i = 0; i < 12; i++) {
        mst_value *l = link(a, arena_printf(a, "2026年%d月", 12 - i), arena_printf(a, "/archives/2026/%02d/", 12 - i));
        mst_map_set_int((mst_map *)mst_as_map(l), "count", 800 + i);
        mst_list_push(arch, l);
    }
    mst_map_set(site, "archives", mst_list_value(arch));
    return mst_map_value(site);
}

/* The per-post context: what the site build fills for every page. */
static mst_value *post_data(arena *a, mst_value *site, int i, const char *body, size_t body_len)
{
    mst_map *m = mst_map_new(a, 16);
    mst_map_set(m, "site", site);
    mst_map_set(m, "title", mst_str(a, arena_printf(a, "国务院常务会议部署稳经济一揽子政策措施 第%d期", i)));
    mst_map_set(m, "url", mst_str(a, arena_printf(a, "/2022/08/19/post-%d/", i)));
    mst_map_set_str(m, "date", "2022-08-19 11:48");
    mst_map_set_str(m, "date_iso", "2022-08-19T03:48:41Z");
    mst_map_set_str(m, "author", "新浪财经");
    mst_map_set_ref(m, "excerpt", body + 3, 120);
    mst_map_set_ref(m, "content", body, body_len);
    if (i % 2)
        mst_map_set_str(m, "thumbnail", "https://img.example.com/thumb.jpg");
    mst_list *cats = mst_list_new(a, 3);
    mst_list_push(cats, link(a, "金融", "/categories/金融/"));
    mst_list_push(cats, link(a, "新浪财经", "/categories/金融/新浪财经/"));
    mst_list_push(cats, link(a, "新浪财经－国內", "/categories/金融/新浪财经/新浪财经－国內/"));
    mst_map_set(m, "categories", mst_list_value(cats));
    mst_list *tags = mst_list_new(a, 3);
    mst_list_push(tags, link(a, "央行", "/tags/央行/"));
    mst_list_push(tags, link(a, "降准", "/tags/降准/"));
    mst_map_set(m, "tags", mst_list_value(tags));
    mst_map_set_bool(m, "has_tags", true);
    if (i > 0)
        mst_map_set(m, "prev", link(a, "上一篇：前一条新闻", arena_printf(a, "/2022/08/19/post-%d/", i - 1)));
    mst_map_set(m, "next", link(a, "下一篇：后一条新闻", arena_printf(a, "/2022/08/19/post-%d/", i + 1)));
    return mst_map_value(m);
}

static void json_str(nm_buf *b, const char *p, size_t n)
{
    buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == '"' || c == '\\')
            buf_printf(b, "\\%c", c);
        else if (c < 0x20)
            buf_printf(b, "\\u%04x", c);
        else
            buf_putc(b, (char)c);
    }
    buf_putc(b, '"');
}

static void to_json(nm_buf *b, const mst_value *v)
{
    size_t n;
    const char *p;
    switch (mst_type_of(v)) {
    case MST_STR:
        p = mst_str_ptr(v, &n);
        json_str(b, p, n);
        break;
    case MST_LIST: {
        const mst_list *l = mst_as_list(v);
        buf_putc(b, '[');
        for (size_t i = 0; i < mst_list_len(l); i++) {
            if (i)
                buf_putc(b, ',');
            to_json(b, mst_list_at(l, i));
        }
        buf_putc(b, ']');
        break;
    }
    case MST_MAP: {
        static const char *const keys[] = {
            "site", "title", "root", "year", "categories", "children", "count", "recent", "archives",
            "url", "name", "date", "date_iso", "author", "excerpt", "content", "thumbnail", "tags",
            "has_tags", "prev", "next"};
        const mst_map *m = mst_as_map(v);
        buf_putc(b, '{');
        bool first = true;
        for (size_t k = 0; k < NM_ARRAY_LEN(keys); k++) {
            const mst_value *x = mst_map_get(m, keys[k], strlen(keys[k]));
            if (!x)
                continue;
            if (!first)
                buf_putc(b, ',');
            first = false;
            json_str(b, keys[k], strlen(keys[k]));
            buf_putc(b, ':');
            to_json(b, x);
        }
        buf_putc(b, '}');
        break;
    }
    case MST_INT:
        buf_printf(b, "%lld", (long long)mst_int_of(v));
        break;
    case MST_DOUBLE:
        buf_printf(b, "%.17g", mst_double_of(v));
        break;
    case MST_BOOL:
        buf_puts(b, mst_truthy(v) ? "true" : "false");
        break;
    default:
        buf_puts(b, "null");
    }
}

static mst_set *load_theme(const char *dir)
{
    nm_error err;
    mst_set *s = mst_set_new(NULL, NULL);
    DIR *d = opendir(dir);
    if (!d)
        nm_die("cannot open theme directory %s", dir);
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t n = strlen(de->d_name);
        if (n < 10 || strcmp(de->d_name + n - 9, ".mustache") != 0)
            continue;
        char path[1024], name[256];
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        snprintf(name, sizeof(name), "%.*s", (int)(n - 9), de->d_name);
        nm_buf src;
        buf_init(&src, 1 << 20);
        if (fs_read_file(path, 1 << 20, &src, &err) != 0 ||
            mst_set_add(s, name, buf_cstr(&src), src.len, &err) != 0) {
            log_nm_error(&err);
            exit(1);
        }
        buf_free(&src);
    }
    closedir(d);
    if (mst_set_link(s, MST_STRICT_PARTIALS, &err) != 0) {
        log_nm_error(&err);
        exit(1);
    }
    return s;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: bench THEME_DIR N JSON_OUT\n");
        return 2;
    }
    int n = atoi(argv[2]);
    mst_set *theme = load_theme(argv[1]);
    const mst_template *post = mst_set_get(theme, "post");
    if (!post)
        nm_die("theme has no post.mustache");
    nm_error err;
    arena *site_arena = arena_new(0);
    mst_value *site = site_data(site_arena);
    enum { BODIES = 64 };
    nm_buf bodies[BODIES];
    for (int i = 0; i < BODIES; i++) {
        buf_init(&bodies[i], NM_BUF_NOLIMIT);
        body_text(&bodies[i], (unsigned)i);
    }
    nm_buf out;
    buf_init(&out, 16 << 20);
    arena *a = arena_new(0);

    /* 1. the real loop: build the post's context, render, reset. */
    size_t bytes = 0;
    double t0 = now();
    for (int i = 0; i < n; i++) {
        nm_buf *body = &bodies[i % BODIES];
        mst_value *data = post_data(a, site, i, body->data, body->len);
        buf_reset(&out);
        if (mst_render(post, data, &out, &err) != 0) {
            log_nm_error(&err);
            return 1;
        }
        bytes += out.len;
        arena_reset(a);
    }
    double t_full = now() - t0;

    /* 2. render only: one context, n renders. */
    mst_value *data = post_data(a, site, 1, bodies[1].data, bodies[1].len);
    t0 = now();
    for (int i = 0; i < n; i++) {
        buf_reset(&out);
        if (mst_render(post, data, &out, &err) != 0)
            return 1;
    }
    double t_render = now() - t0;
    size_t page = out.len;

    /* 3. the floor: copying the same page bytes n times. */
    char *copy = xmalloc(page + 1);
    memcpy(copy, out.data, page);
    nm_buf sink;
    buf_init(&sink, 16 << 20);
    t0 = now();
    for (int i = 0; i < n; i++) {
        buf_reset(&sink);
        buf_append(&sink, copy, page);
    }
    double t_copy = now() - t0;

    nm_buf json;
    buf_init(&json, NM_BUF_NOLIMIT);
    to_json(&json, data);
    if (fs_write_atomic(argv[3], json.data, json.len, &err) != 0)
        log_nm_error(&err);
    char page_path[1100];
    snprintf(page_path, sizeof(page_path), "%s.html", argv[3]);
    fs_write_atomic(page_path, out.data, out.len, &err);

    printf("post page: %zu bytes (body %zu), %d posts\n", page, bodies[1].len, n);
    printf("  build+render  %9.0f pages/s  %7.1f MB/s  %6.2f us/page\n", n / t_full,
           bytes / t_full / 1e6, t_full / n * 1e6);
    printf("  render only   %9.0f pages/s  %7.1f MB/s  %6.2f us/page\n", n / t_render,
           (double)page * n / t_render / 1e6, t_render / n * 1e6);
    printf("  memcpy floor  %9.0f pages/s  %7.1f MB/s  %6.2f us/page\n", n / t_copy,
           (double)page * n / t_copy / 1e6, t_copy / n * 1e6);
    printf("  render only / memcpy floor: %.1fx the floor's time\n", t_render / t_copy);
    printf("RENDER_PER_S %.0f\n", n / t_render);

    free(copy);
    buf_free(&sink);
    buf_free(&json);
    buf_free(&out);
    for (int i = 0; i < BODIES; i++)
        buf_free(&bodies[i]);
    arena_free(a);
    arena_free(site_arena);
    mst_set_free(theme);
    return 0;
}
