/*
 * test_mustache.c — the engine beyond the spec: compile errors (each
 * message a user can see), render bounds (output cap, nesting, step
 * budget), linking (strict, loader), the value tree (hash index, key
 * replacement, number formatting, truthiness) and concurrent renders.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mustache/mustache.h"

/* Compiles src as "page.mustache"; returns the set (or NULL with err). */
static mst_set *compile1(const char *src, nm_error *err)
{
    mst_set *s = mst_set_new(NULL, NULL);
    if (mst_set_add(s, "page.mustache", src, strlen(src), err) != 0) {
        mst_set_free(s);
        return NULL;
    }
    return s;
}

static void expect_compile_error(const char *src, long line, const char *msg)
{
    nm_error err;
    nm_error_clear(&err);
    mst_set *s = compile1(src, &err);
    if (s)
        fail_msg("compiled without error: %s", src);
    assert_string_equal(err.where, "page.mustache");
    assert_int_equal(err.line, line);
    assert_string_equal(err.msg, msg);
}

/* Renders src against data; returns a malloc'd string or NULL (err set). */
static char *render1(const char *src, const mst_value *data, size_t cap, nm_error *err)
{
    mst_set *s = compile1(src, err);
    if (!s)
        return NULL;
    char *res = NULL;
    nm_buf out;
    buf_init(&out, cap);
    if (mst_set_link(s, 0, err) == 0 &&
        mst_render(mst_set_get(s, "page.mustache"), data, &out, err) == 0)
        res = strdup(buf_cstr(&out));
    buf_free(&out);
    mst_set_free(s);
    return res;
}

static void expect_render(const char *src, const mst_value *data, const char *want)
{
    nm_error err;
    nm_error_clear(&err);
    char *got = render1(src, data, NM_BUF_NOLIMIT, &err);
    if (!got)
        fail_msg("render failed: %s", err.msg);
    assert_string_equal(got, want);
    free(got);
}

/* ---- compile errors ----------------------------------------------------- */

static void test_unclosed_section_names_template_and_open_line(void **state)
{
    (void)state;
    expect_compile_error("a\n{{#items}}\n{{name}}\n", 2, "unclosed section 'items'");
}

static void test_mismatched_close_tag_names_both_tags(void **state)
{
    (void)state;
    expect_compile_error("{{#a}}\n{{#b}}\n{{/a}}\n{{/b}}", 3,
                         "closing tag 'a' does not match 'b' opened at line 2");
}

static void test_close_tag_without_open_section(void **state)
{
    (void)state;
    expect_compile_error("x\n\n{{/a}}", 3, "closing tag 'a' without an open section");
}

/* fuzz_mustache: with a closing delimiter that starts with a sigil
 * ({{=@ #=}}), "@#" found the close at the sigil itself and the tag's
 * body had a length of -1 */
static void test_close_delimiter_is_looked_for_after_the_sigil(void **state)
{
    (void)state;
    expect_compile_error("{{=@ #=}}@#@", 1, "unclosed tag: no '#' after '@'");
}

static void test_bad_delimiters_are_rejected(void **state)
{
    (void)state;
    const char *want = "bad delimiter tag: write {{=<% %>=}} (two delimiters without spaces or '=' in them)";
    expect_compile_error("{{=<%=}}", 1, want);
    expect_compile_error("\n{{= a b c =}}", 2, want);
    expect_compile_error("{{= a= b =}}", 1, want);
    expect_compile_error("{{=<% %>}}", 1, "bad delimiter tag: it must end with '='");
}

static void test_unclosed_tags_are_rejected(void **state)
{
    (void)state;
    expect_compile_error("one\ntwo {{name", 2, "unclosed tag: no '}}' after '{{'");
    expect_compile_error("{{{raw}}", 1, "unclosed tag: '{' without '}}}'");
    expect_compile_error("{{=<% %>=}}\n<%name", 2, "unclosed tag: no '%>' after '<%'");
}

static void test_empty_tag_name_is_rejected(void **state)
{
    (void)state;
    expect_compile_error("a {{ }}", 1, "empty tag name");
    expect_compile_error("{{#}}{{/}}", 1, "empty tag name");
}

static void test_overlong_closing_delimiter_is_rejected(void **state)
{
    (void)state;
    char src[300];
    char delim[100];
    memset(delim, ']', 80);
    delim[80] = '\0';
    snprintf(src, sizeof(src), "{{=[ %s=}}[{x}%s", delim, delim);
    expect_compile_error(src, 1, "closing delimiter too long");
}

static void test_nesting_deeper_than_limit_is_a_compile_error(void **state)
{
    (void)state;
    nm_buf src;
    buf_init(&src, NM_BUF_NOLIMIT);
    for (int i = 0; i <= MST_MAX_DEPTH; i++)
        buf_puts(&src, "{{#a}}");
    char msg[100];
    snprintf(msg, sizeof(msg), "sections nested deeper than %d", MST_MAX_DEPTH);
    expect_compile_error(buf_cstr(&src), 1, msg);
    buf_free(&src);
}

static void test_failed_add_leaves_the_set_unchanged(void **state)
{
    (void)state;
    nm_error err;
    mst_set *s = mst_set_new(NULL, NULL);
    assert_int_equal(mst_set_add(s, "a", "first", 5, &err), 0);
    assert_int_equal(mst_set_add(s, "a", "{{#x}}", 6, &err), -1);
    assert_int_equal(mst_set_link(s, 0, &err), 0);
    nm_buf out;
    buf_init(&out, 100);
    assert_int_equal(mst_render(mst_set_get(s, "a"), NULL, &out, &err), 0);
    assert_string_equal(buf_cstr(&out), "first");
    /* A later add replaces the template. */
    assert_int_equal(mst_set_add(s, "a", "second", 6, &err), 0);
    assert_int_equal(mst_set_link(s, 0, &err), 0);
    buf_reset(&out);
    assert_int_equal(mst_render(mst_set_get(s, "a"), NULL, &out, &err), 0);
    assert_string_equal(buf_cstr(&out), "second");
    assert_string_equal(mst_template_name(mst_set_get(s, "a")), "a");
    assert_null(mst_set_get(s, "b"));
    buf_free(&out);
    mst_set_free(s);
}

/* ---- linking ------------------------------------------------------------ */

static void test_render_before_link_fails(void **state)
{
    (void)state;
    nm_error err;
    mst_set *s = compile1("x", &err);
    nm_buf out;
    buf_init(&out, 100);
    assert_int_equal(mst_render(mst_set_get(s, "page.mustache"), NULL, &out, &err), -1);
    assert_string_equal(err.msg, "template set not linked (call mst_set_link before rendering)");
    buf_free(&out);
    mst_set_free(s);
}

static void test_strict_link_reports_missing_partial_with_line(void **state)
{
    (void)state;
    nm_error err;
    mst_set *s = compile1("<html>\n{{#a}}\n  {{> sidebar}}\n{{/a}}", &err);
    assert_non_null(s);
    assert_int_equal(mst_set_link(s, 0, &err), 0); /* lenient: renders empty */
    assert_int_equal(mst_set_link(s, MST_STRICT_PARTIALS, &err), -1);
    char line[600];
    assert_string_equal(nm_error_format(&err, line, sizeof(line)),
                        "page.mustache:3: no template named 'sidebar'");
    mst_set_free(s);
}

static int theme_loader(void *ctx, const char *name, nm_buf *src, nm_error *err)
{
    int *calls = ctx;
    (*calls)++;
    if (strcmp(name, "head") == 0)
        return buf_puts(src, "<h1>{{title}}</h1>{{>foot}}");
    if (strcmp(name, "foot") == 0)
        return buf_puts(src, "<footer>");
    if (strcmp(name, "broken") == 0)
        return buf_puts(src, "{{#x}}");
    if (strcmp(name, "unreadable") == 0)
        return nm_fail(err, "themes/x/unreadable.mustache", 0, "cannot read");
    return 1;
}

static void test_loader_supplies_partials_of_partials(void **state)
{
    (void)state;
    int calls = 0;
    nm_error err;
    mst_set *s = mst_set_new(theme_loader, &calls);
    const char *src = "{{>head}}|{{>nothing}}|{{>head}}";
    assert_int_equal(mst_set_add(s, "page", src, strlen(src), &err), 0);
    assert_int_equal(mst_set_link(s, 0, &err), 0);
    assert_int_equal(calls, 3); /* head, nothing, foot: each once */
    arena *a = arena_new(0);
    mst_map *m = mst_map_new(a, 0);
    mst_map_set_str(m, "title", "T&C");
    nm_buf out;
    buf_init(&out, 1000);
    assert_int_equal(mst_render(mst_set_get(s, "page"), mst_map_value(m), &out, &err), 0);
    assert_string_equal(buf_cstr(&out), "<h1>T&amp;C</h1><footer>||<h1>T&amp;C</h1><footer>");
    buf_free(&out);
    arena_free(a);
    mst_set_free(s);
}

static void test_loader_errors_fail_the_link(void **state)
{
    (void)state;
    int calls = 0;
    nm_error err;
    mst_set *s = mst_set_new(theme_loader, &calls);
    assert_int_equal(mst_set_add(s, "page", "{{>broken}}", 11, &err), 0);
    assert_int_equal(mst_set_link(s, 0, &err), -1);
    assert_string_equal(err.where, "broken");
    assert_string_equal(err.msg, "unclosed section 'x'");
    mst_set_free(s);

    s = mst_set_new(theme_loader, &calls);
    assert_int_equal(mst_set_add(s, "page", "{{<unreadable}}{{/unreadable}}", 30, &err), 0);
    assert_int_equal(mst_set_link(s, 0, &err), -1);
    assert_string_equal(err.where, "themes/x/unreadable.mustache");
    mst_set_free(s);
}

/* ---- render bounds ------------------------------------------------------ */

static void test_output_past_the_buffer_cap_fails(void **state)
{
    (void)state;
    nm_error err;
    arena *a = arena_new(0);
    mst_map *m = mst_map_new(a, 0);
    mst_map_set_str(m, "x", "0123456789");
    char *got = render1("{{x}}{{x}}", mst_map_value(m), 15, &err);
    assert_null(got);
    assert_string_equal(err.where, "page.mustache");
    assert_string_equal(err.msg, "page larger than the output limit of 15 bytes");
    got = render1("{{x}}", mst_map_value(m), 15, &err);
    assert_string_equal(got, "0123456789");
    free(got);
    arena_free(a);
}

static void test_self_including_partial_stops_at_the_depth_limit(void **state)
{
    (void)state;
    nm_error err;
    char *got = render1("x{{>page.mustache}}", NULL, NM_BUF_NOLIMIT, &err);
    assert_null(got);
    char want[200];
    snprintf(want, sizeof(want), "templates nested deeper than %d (a partial or block that includes itself?)",
             MST_MAX_DEPTH);
    assert_string_equal(err.msg, want);
    assert_int_equal(err.line, 1);
}

static void test_self_including_block_stops_at_the_depth_limit(void **state)
{
    (void)state;
    nm_error err;
    mst_set *s = mst_set_new(NULL, NULL);
    assert_int_equal(mst_set_add(s, "p", "{{$a}}{{/a}}", 12, &err), 0);
    const char *src = "{{<p}}{{$a}}[{{$a}}{{/a}}]{{/a}}{{/p}}";
    assert_int_equal(mst_set_add(s, "c", src, strlen(src), &err), 0);
    assert_int_equal(mst_set_link(s, 0, &err), 0);
    nm_buf out;
    buf_init(&out, NM_BUF_NOLIMIT);
    assert_int_equal(mst_render(mst_set_get(s, "c"), NULL, &out, &err), -1);
    assert_non_null(strstr(err.msg, "nested deeper than"));
    buf_free(&out);
    mst_set_free(s);
}

static void test_deep_indentation_is_bounded(void **state)
{
    (void)state;
    nm_error err;
    nm_buf src;
    buf_init(&src, NM_BUF_NOLIMIT);
    for (int i = 0; i < 5000; i++)
        buf_putc(&src, ' ');
    buf_puts(&src, "{{>page.mustache}}\n");
    char *got = render1(buf_cstr(&src), NULL, NM_BUF_NOLIMIT, &err);
    assert_null(got);
    assert_string_equal(err.msg, "indentation deeper than 4096 bytes");
    buf_free(&src);
}

static void test_runaway_nested_loops_hit_the_step_budget(void **state)
{
    (void)state;
    nm_error err;
    arena *a = arena_new(0);
    mst_list *l = mst_list_new(a, 0);
    for (int i = 0; i < 10; i++)
        mst_list_push(l, mst_int(a, i));
    mst_map *m = mst_map_new(a, 0);
    mst_map_set(m, "l", mst_list_value(l));
    const char *src = "{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{.}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}";
    mst_set *s = compile1(src, &err);
    assert_int_equal(mst_set_link(s, 0, &err), 0);
    nm_buf out;
    buf_init(&out, NM_BUF_NOLIMIT);
    assert_int_equal(mst_render_steps(mst_set_get(s, "page.mustache"), mst_map_value(m), 1000, &out, &err), -1);
    assert_string_equal(err.msg, "rendering took more than 1000 steps");
    buf_reset(&out);
    assert_int_equal(mst_render(mst_set_get(s, "page.mustache"), mst_map_value(m), &out, &err), 0);
    assert_int_equal(out.len, 1000000);
    buf_free(&out);
    mst_set_free(s);
    arena_free(a);
}

/* ---- values and semantics ------------------------------------------- */

static void test_big_map_uses_index_and_replacement_keeps_order(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    mst_map *m = mst_map_new(a, 2);
    static char keys[100][16];
    for (int i = 0; i < 100; i++) {
        snprintf(keys[i], sizeof(keys[i]), "k%d", i);
        mst_map_set_int(m, keys[i], i);
    }
    for (int i = 0; i < 100; i++) {
        const mst_value *v = mst_map_get(m, keys[i], strlen(keys[i]));
        assert_non_null(v);
        assert_int_equal(mst_type_of(v), MST_INT);
    }
    assert_null(mst_get(mst_map_value(m), "k100"));
    mst_map_set_str(m, "k7", "seven");
    size_t n;
    const char *p = mst_str_ptr(mst_get(mst_map_value(m), "k7"), &n);
    assert_int_equal(n, 5);
    assert_memory_equal(p, "seven", 5);
    expect_render("{{k0}} {{k7}} {{k99}}", mst_map_value(m), "0 seven 99");
    arena_free(a);
}

static void test_numbers_print_like_json(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    mst_list *l = mst_list_new(a, 1);
    mst_list_push(l, mst_int(a, INT64_MIN));
    mst_list_push(l, mst_double(a, 0.1));
    mst_list_push(l, mst_double(a, 1e100));
    mst_list_push(l, mst_double(a, -2.5));
    mst_list_push(l, mst_double(a, 3.0));
    mst_list_push(l, mst_bool(true));
    mst_list_push(l, mst_null());
    assert_int_equal(mst_list_len(mst_as_list(mst_list_value(l))), 7);
    expect_render("{{#.}}[{{.}}]{{/.}}", mst_list_value(l),
                  "[-9223372036854775808][0.1][1e+100][-2.5][3][true][]");
    arena_free(a);
}

static void test_empty_string_and_empty_list_are_falsy(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    mst_map *m = mst_map_new(a, 0);
    mst_map_set_str(m, "empty", "");
    mst_map_set(m, "none", mst_list_value(mst_list_new(a, 0)));
    mst_map_set_int(m, "zero", 0);
    mst_map_set(m, "map", mst_map_value(mst_map_new(a, 0)));
    mst_map_set_str(m, "null", NULL);
    expect_render("{{#empty}}E{{/empty}}{{^empty}}e{{/empty}}{{#none}}N{{/none}}{{^none}}n{{/none}}"
                  "{{#zero}}Z{{/zero}}{{#map}}M{{/map}}{{^null}}0{{/null}}",
                  mst_map_value(m), "enZM0");
    arena_free(a);
}

static void test_escaping_covers_quotes_and_apostrophes(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    mst_map *m = mst_map_new(a, 0);
    const char body[] = "<a href=\"x\">Tom's & Jerry</a> 财经";
    mst_map_set_ref(m, "t", body, sizeof(body) - 1);
    expect_render("{{t}}|{{{t}}}|{{&t}}", mst_map_value(m),
                  "&lt;a href=&quot;x&quot;&gt;Tom&#39;s &amp; Jerry&lt;/a&gt; 财经|"
                  "<a href=\"x\">Tom's & Jerry</a> 财经|<a href=\"x\">Tom's & Jerry</a> 财经");
    arena_free(a);
}

static void test_dynamic_partial_names_only_reach_the_set(void **state)
{
    (void)state;
    nm_error err;
    mst_set *s = mst_set_new(NULL, NULL);
    assert_int_equal(mst_set_add(s, "card-news", "N:{{t}}", 7, &err), 0);
    assert_int_equal(mst_set_add(s, "list", "{{#posts}}{{>*kind}};{{/posts}}", 31, &err), 0);
    assert_int_equal(mst_set_link(s, MST_STRICT_PARTIALS, &err), 0);
    arena *a = arena_new(0);
    mst_list *posts = mst_list_new(a, 0);
    for (int i = 0; i < 2; i++) {
        mst_map *p = mst_map_new(a, 0);
        mst_map_set_str(p, "kind", i ? "card-other" : "card-news");
        mst_map_set_str(p, "t", i ? "b" : "a");
        mst_list_push(posts, mst_map_value(p));
    }
    mst_map *m = mst_map_new(a, 0);
    mst_map_set(m, "posts", mst_list_value(posts));
    nm_buf out;
    buf_init(&out, 100);
    assert_int_equal(mst_render(mst_set_get(s, "list"), mst_map_value(m), &out, &err), 0);
    assert_string_equal(buf_cstr(&out), "N:a;;");
    buf_free(&out);
    arena_free(a);
    mst_set_free(s);
}

/* ---- indentation and inheritance as a theme uses them -------------- */

/* Renders template "page" of a set built from name/source pairs. */
static void expect_set_render(const char *const *pairs, size_t npairs, const mst_value *data, const char *want)
{
    nm_error err;
    mst_set *s = mst_set_new(NULL, NULL);
    for (size_t i = 0; i + 1 < npairs; i += 2)
        if (mst_set_add(s, pairs[i], pairs[i + 1], strlen(pairs[i + 1]), &err) != 0)
            fail_msg("%s: %s", pairs[i], err.msg);
    assert_int_equal(mst_set_link(s, MST_STRICT_PARTIALS, &err), 0);
    nm_buf out;
    buf_init(&out, NM_BUF_NOLIMIT);
    assert_int_equal(mst_render(mst_set_get(s, "page"), data, &out, &err), 0);
    assert_string_equal(buf_cstr(&out), want);
    buf_free(&out);
    mst_set_free(s);
}

static void test_nested_standalone_partials_add_their_indentation(void **state)
{
    (void)state;
    const char *const t[] = {
        "page", "<ul>\n  {{>a}}\n</ul>\n",
        "a", "<li>\n  {{! note }}\n  {{>b}}\n</li>\n",
        "b", "one\ntwo\n",
    };
    expect_set_render(t, NM_ARRAY_LEN(t), NULL, "<ul>\n  <li>\n    one\n    two\n  </li>\n</ul>\n");
}

static void test_inline_partial_lines_are_not_indented(void **state)
{
    (void)state;
    const char *const t[] = {
        "page", "  {{>a}}\n",
        "a", "x {{>b}}\n",
        "b", "1\n2",
    };
    expect_set_render(t, NM_ARRAY_LEN(t), NULL, "  x 1\n2\n");
}

static void test_layout_inheritance_with_indented_blocks(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    mst_map *m = mst_map_new(a, 0);
    mst_map_set_str(m, "title", "Hello");
    const char *const t[] = {
        "layout", "<html>\n<head><title>{{$title}}site{{/title}}</title></head>\n<body>\n"
                  "  <main>\n    {{$main}}\n    <p>empty</p>\n    {{/main}}\n  </main>\n</body>\n</html>\n",
        "page", "{{<layout}}\n{{$title}}{{title}} | site{{/title}}\n{{$main}}\n<h1>{{title}}</h1>\n"
                "<p>body</p>\n{{/main}}\n{{/layout}}\n",
    };
    expect_set_render(t, NM_ARRAY_LEN(t), mst_map_value(m),
                      "<html>\n<head><title>Hello | site</title></head>\n<body>\n  <main>\n"
                      "    <h1>Hello</h1>\n    <p>body</p>\n  </main>\n</body>\n</html>\n");
    arena_free(a);
}

static void test_line_of_several_silent_tags_is_standalone(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    mst_map *m = mst_map_new(a, 0);
    mst_list *l = mst_list_new(a, 0);
    mst_list_push(l, mst_str(a, "a"));
    mst_list_push(l, mst_str(a, "b"));
    mst_map_set(m, "posts", mst_list_value(l));
    const char *const t[] = {
        "card", "<li>{{.}}</li>\n",
        "page", "<ul>\n  {{#posts}}{{>card}}{{/posts}}\n</ul>\n",
    };
    expect_set_render(t, NM_ARRAY_LEN(t), mst_map_value(m), "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n");
    arena_free(a);
}

static void test_dynamic_parent_closes_with_or_without_star(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    mst_map *m = mst_map_new(a, 0);
    mst_map_set_str(m, "layout", "wide");
    const char *const t[] = {
        "wide", "[{{$b}}default{{/b}}]",
        "page", "{{<*layout}}{{$b}}x{{/b}}{{/*layout}}{{<*layout}}{{$b}}y{{/b}}{{/layout}}",
    };
    expect_set_render(t, NM_ARRAY_LEN(t), mst_map_value(m), "[x][y]");
    arena_free(a);
}

/* ---- threads ------------------------------------------------------------ */

typedef struct par {
    const mst_template *t;
    const mst_value *data;
    nm_buf out[16];
    char *pages[64];
} par;

static void render_one(size_t i, int worker, void *ctx)
{
    par *p = ctx;
    nm_error err;
    nm_buf *b = &p->out[worker];
    buf_reset(b);
    if (mst_render(p->t, p->data, b, &err) == 0)
        p->pages[i] = strdup(buf_cstr(b));
}

static void test_renders_from_many_threads_agree(void **state)
{
    (void)state;
    nm_error err;
    mst_set *s = mst_set_new(NULL, NULL);
    const char *post = "<ul>\n{{#items}}\n  {{>item}}\n{{/items}}\n</ul>\n";
    assert_int_equal(mst_set_add(s, "post", post, strlen(post), &err), 0);
    assert_int_equal(mst_set_add(s, "item", "<li>{{name}}</li>\n", 18, &err), 0);
    assert_int_equal(mst_set_link(s, 0, &err), 0);
    arena *a = arena_new(0);
    mst_list *items = mst_list_new(a, 0);
    for (int i = 0; i < 50; i++) {
        mst_map *it = mst_map_new(a, 0);
        mst_map_set_int(it, "name", i);
        mst_list_push(items, mst_map_value(it));
    }
    mst_map *m = mst_map_new(a, 0);
    mst_map_set(m, "items", mst_list_value(items));
    static par p;
    memset(&p, 0, sizeof(p));
    p.t = mst_set_get(s, "post");
    p.data = mst_map_value(m);
    for (int i = 0; i < 16; i++)
        buf_init(&p.out[i], 1 << 20);
    pool *pl = pool_new(4);
    pool_for(pl, 64, render_one, &p);
    pool_free(pl);
    assert_non_null(p.pages[0]);
    assert_non_null(strstr(p.pages[0], "<ul>\n  <li>0</li>\n  <li>1</li>\n"));
    for (int i = 0; i < 64; i++) {
        assert_non_null(p.pages[i]);
        assert_string_equal(p.pages[i], p.pages[0]);
    }
    for (int i = 0; i < 64; i++)
        free(p.pages[i]);
    for (int i = 0; i < 16; i++)
        buf_free(&p.out[i]);
    arena_free(a);
    mst_set_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unclosed_section_names_template_and_open_line),
        cmocka_unit_test(test_mismatched_close_tag_names_both_tags),
        cmocka_unit_test(test_close_tag_without_open_section),
        cmocka_unit_test(test_close_delimiter_is_looked_for_after_the_sigil),
        cmocka_unit_test(test_bad_delimiters_are_rejected),
        cmocka_unit_test(test_unclosed_tags_are_rejected),
        cmocka_unit_test(test_empty_tag_name_is_rejected),
        cmocka_unit_test(test_overlong_closing_delimiter_is_rejected),
        cmocka_unit_test(test_nesting_deeper_than_limit_is_a_compile_error),
        cmocka_unit_test(test_failed_add_leaves_the_set_unchanged),
        cmocka_unit_test(test_render_before_link_fails),
        cmocka_unit_test(test_strict_link_reports_missing_partial_with_line),
        cmocka_unit_test(test_loader_supplies_partials_of_partials),
        cmocka_unit_test(test_loader_errors_fail_the_link),
        cmocka_unit_test(test_output_past_the_buffer_cap_fails),
        cmocka_unit_test(test_self_including_partial_stops_at_the_depth_limit),
        cmocka_unit_test(test_self_including_block_stops_at_the_depth_limit),
        cmocka_unit_test(test_deep_indentation_is_bounded),
        cmocka_unit_test(test_runaway_nested_loops_hit_the_step_budget),
        cmocka_unit_test(test_big_map_uses_index_and_replacement_keeps_order),
        cmocka_unit_test(test_numbers_print_like_json),
        cmocka_unit_test(test_empty_string_and_empty_list_are_falsy),
        cmocka_unit_test(test_escaping_covers_quotes_and_apostrophes),
        cmocka_unit_test(test_dynamic_partial_names_only_reach_the_set),
        cmocka_unit_test(test_nested_standalone_partials_add_their_indentation),
        cmocka_unit_test(test_inline_partial_lines_are_not_indented),
        cmocka_unit_test(test_layout_inheritance_with_indented_blocks),
        cmocka_unit_test(test_line_of_several_silent_tags_is_standalone),
        cmocka_unit_test(test_dynamic_parent_closes_with_or_without_star),
        cmocka_unit_test(test_renders_from_many_threads_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
