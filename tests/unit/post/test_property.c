/*
 * test_property.c — 10,000 generated posts: write → read gives the same
 * post, write → read → write gives the same bytes, and the seed-layout
 * fast path and libyaml read every one the same.
 *
 * Titles, names and values are built from pieces chosen to hit every
 * quoting rule (quotes, ": ", " #", leading and trailing spaces, tabs,
 * YAML indicators, words YAML types as booleans, numbers or null, emoji,
 * CJK, line breaks, C0/C1 controls, U+2028, BOM) plus random code points.
 * Dates are written in every form date_parse() reads and must come back as
 * the same instant. A fixed seed makes a failure reproducible: the message
 * names the post's index and shows its text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "post/post.h"

#define N_POSTS 10000

static uint64_t rng_state = 0x6e6577736d696c6cULL; /* "newsmill" */

static uint64_t rnd(void)
{
    /* splitmix64 */
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static size_t below(size_t n)
{
    return (size_t)(rnd() % n);
}

static void put_utf8(nm_buf *b, uint32_t cp)
{
    char s[4];
    size_t n;
    if (cp < 0x80) {
        s[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        s[0] = (char)(0xC0 | (cp >> 6));
        s[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        s[0] = (char)(0xE0 | (cp >> 12));
        s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        s[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        s[0] = (char)(0xF0 | (cp >> 18));
        s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        s[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    buf_append(b, s, n);
}

static const char *const pieces[] = {
    "Breaking", "news", "markets", "'", "''", "\"", ": ", ":", "#", " #x", "# ", "  ", "\t",
    "😀", "🇨🇳", "中文标题", "新浪财经－国內", "「深度」", "- ", "-", "[", "]", "{", "}", ", ", "&a",
    "*b", "!", "|", ">", "%", "@", "`", "?", "yes", "no", "null", "~", "true", "123", "-1.5",
    ".inf", "0x1F", "2022-08-19", "\\", "\n", "\r\n", "\xC2\x85", "\xE2\x80\xA8",
    "\xEF\xBB\xBF", "---", "...", "é", " ", "<<", "=", "a/b", "https://n.sinaimg.cn/x.png",
};

/* Pieces of the text newsmill writes itself, which the fast path reads:
 * half of the posts use only these, so that both readers are compared on
 * many posts of each kind. */
static const char *const tame_pieces[] = {
    "Breaking", "news", "'", "''", ":", "#", "a:b", "中文标题", "新浪财经－国內", "「深度」",
    "😀", "-x", "yes", "123", "https://n.sinaimg.cn/x.png", " ", "	", "é", "50%", "(a)",
};
static bool tame;

/* A string of 0..max pieces and random code points; never NULL. */
static const char *gen_string(arena *a, int max_pieces, bool nonempty)
{
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    int n = (int)below((size_t)max_pieces + 1);
    if (nonempty && n == 0)
        n = 1;
    for (int i = 0; i < n; i++) {
        if (tame) {
            if (below(3))
                buf_puts(&b, tame_pieces[below(NM_ARRAY_LEN(tame_pieces))]);
            else
                put_utf8(&b, 0x4E00 + (uint32_t)below(0x5000));
            continue;
        }
        switch (below(6)) {
        case 0: put_utf8(&b, 0x20 + (uint32_t)below(0x5F)); break;
        case 1: put_utf8(&b, 0x4E00 + (uint32_t)below(0x5000)); break;
        case 2: {
            /* any code point but NUL and surrogates */
            uint32_t cp;
            do
                cp = 1 + (uint32_t)below(0x10FFFF);
            while (cp >= 0xD800 && cp <= 0xDFFF);
            put_utf8(&b, cp);
            break;
        }
        default: buf_puts(&b, pieces[below(NM_ARRAY_LEN(pieces))]);
        }
    }
    char *s = arena_strndup(a, buf_cstr(&b), b.len);
    buf_free(&b);
    return s;
}

static const char *maybe(arena *a, int pct, int max_pieces)
{
    return (int)below(100) < pct ? gen_string(a, max_pieces, false) : NULL;
}

static const char **gen_names(arena *a, size_t n)
{
    const char **v = arena_alloc(a, n * sizeof(*v));
    for (size_t i = 0; i < n; i++)
        v[i] = gen_string(a, 3, true);
    return v;
}

static void gen_post(arena *a, post *p)
{
    post_init(p);
    static const char *const leads[] = {"", "", "\n", "\n\n", " \n"};
    p->lead = sv_from(leads[below(NM_ARRAY_LEN(leads))]);
    p->title = maybe(a, 95, 8);
    p->ncategories = tame ? below(2) : below(4); /* several: flow lists, libyaml's */
    p->categories = arena_alloc(a, (p->ncategories + 1) * sizeof(*p->categories));
    for (size_t i = 0; i < p->ncategories; i++) {
        p->categories[i].n = 1 + below(4);
        p->categories[i].names = gen_names(a, p->categories[i].n);
    }
    p->ntags = below(4);
    p->tags = gen_names(a, p->ntags + 1);
    p->headimg = maybe(a, 50, 3);
    p->author = maybe(a, 70, 3);
    p->comments = (int)below(3) - 1;
    p->date = below(10) ? -2208988800LL + (int64_t)below(6311433600ULL) : NM_NO_TIME;
    p->thumbnail = maybe(a, 50, 3);
    p->updated = below(2) ? (int64_t)below(4102444800ULL) : NM_NO_TIME;
    static const char *const layouts[] = {NULL, NULL, "post", "false", "page"};
    p->layout = layouts[below(NM_ARRAY_LEN(layouts))];
    p->permalink = maybe(a, 20, 3);
    p->excerpt = maybe(a, 20, 5);
    static const char *const keys[] = {"weight", "lang", "draft", "sticky", "cover", "a b"};
    size_t nf = below(4);
    p->fields = arena_alloc(a, (nf + 1) * sizeof(*p->fields));
    size_t first = below(NM_ARRAY_LEN(keys));
    for (size_t i = 0; i < nf; i++) {
        post_field *f = &p->fields[p->nfields++];
        f->key = keys[(first + i) % NM_ARRAY_LEN(keys)];
        switch (below(tame ? 2 : 4)) {
        case 0: f->scalar = gen_string(a, 4, false); f->yaml = post_yaml_string(a, f->scalar); break;
        case 1: f->scalar = arena_printf(a, "%d", (int)below(1000)); f->yaml = f->scalar; break;
        case 2: f->yaml = "\n - a\n - [b, 'c d']"; f->scalar = NULL; break;
        default: f->yaml = "\n  k: v\n  n: 1"; f->scalar = NULL; break;
        }
    }
    nm_buf body;
    buf_init(&body, NM_BUF_NOLIMIT);
    size_t nb = below(6);
    for (size_t i = 0; i < nb; i++) {
        static const char *const parts[] = {"<p>段落</p>\n", "---\n", "\n", "<!-- more -->",
                                            ";;;\n", "    indented\n", "title: x\n"};
        buf_puts(&body, parts[below(NM_ARRAY_LEN(parts))]);
    }
    p->body = sv_make(arena_strndup(a, buf_cstr(&body), body.len), body.len);
    buf_free(&body);
}

static bool str_eq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* NULL when equal, else the name of the first difference. */
static const char *post_diff(const post *x, const post *y)
{
    if (!str_eq(x->title, y->title)) return "title";
    if (x->ncategories != y->ncategories) return "number of hierarchies";
    for (size_t i = 0; i < x->ncategories; i++) {
        if (x->categories[i].n != y->categories[i].n) return "hierarchy length";
        for (size_t j = 0; j < x->categories[i].n; j++)
            if (!str_eq(x->categories[i].names[j], y->categories[i].names[j])) return "category";
    }
    if (x->ntags != y->ntags) return "number of tags";
    for (size_t i = 0; i < x->ntags; i++)
        if (!str_eq(x->tags[i], y->tags[i])) return "tag";
    if (x->date != y->date) return "date";
    if (x->updated != y->updated) return "updated";
    if (x->comments != y->comments) return "comments";
    if (!str_eq(x->layout, y->layout)) return "layout";
    if (!str_eq(x->permalink, y->permalink)) return "permalink";
    if (!str_eq(x->excerpt, y->excerpt)) return "excerpt";
    if (!str_eq(x->headimg, y->headimg)) return "headimg";
    if (!str_eq(x->thumbnail, y->thumbnail)) return "thumbnail";
    if (!str_eq(x->author, y->author)) return "author";
    if (x->nfields != y->nfields) return "number of fields";
    for (size_t i = 0; i < x->nfields; i++) {
        if (!str_eq(x->fields[i].key, y->fields[i].key)) return "field key";
        if (!str_eq(x->fields[i].yaml, y->fields[i].yaml)) return "field yaml";
        if (!str_eq(x->fields[i].scalar, y->fields[i].scalar)) return "field scalar";
    }
    if (!sv_eq(x->body, y->body)) return "body";
    if (!sv_eq(x->lead, y->lead)) return "lead";
    return NULL;
}

static void must_parse(arena *a, size_t i, const nm_buf *text, const post_read_opts *o, post *p)
{
    nm_error err;
    if (post_parse(a, "gen.md", text->data, text->len, o, p, &err) != 0) {
        char m[2048];
        fail_msg("post %zu: %s\n%s", i, nm_error_format(&err, m, sizeof(m)), text->data);
    }
}

static void test_write_read_write_round_trips(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    post_read_opts slow = {.no_fast_path = true};
    nm_buf b1, b2;
    buf_init(&b1, NM_BUF_NOLIMIT);
    buf_init(&b2, NM_BUF_NOLIMIT);
    for (size_t i = 0; i < N_POSTS; i++) {
        post p, q, r;
        tame = i % 2 == 0;
        gen_post(a, &p);
        buf_reset(&b1);
        buf_reset(&b2);
        assert_int_equal(post_write(&p, &b1), 0);
        must_parse(a, i, &b1, NULL, &q);
        const char *d = post_diff(&p, &q);
        if (d)
            fail_msg("post %zu: write → read changed the %s\n%s", i, d, b1.data);
        must_parse(a, i, &b1, &slow, &r);
        if ((d = post_diff(&q, &r)) != NULL)
            fail_msg("post %zu: fast path and libyaml differ in the %s\n%s", i, d, b1.data);
        assert_int_equal(post_write(&q, &b2), 0);
        if (b1.len != b2.len || memcmp(b1.data, b2.data, b1.len) != 0)
            fail_msg("post %zu: write → read → write changed bytes\n%s\n----\n%s", i, b1.data,
                     b2.data);
        arena_reset(a);
    }
    buf_free(&b1);
    buf_free(&b2);
    arena_free(a);
}

/* Every date form: the text a feed or a person writes, and the instant it
 * means. fmt writes the text for instant *t (which it may round or move
 * into the years the form can say) and returns it in *t. */
typedef struct date_form {
    const char *name;
    const char *zone; /* the site's zone, for forms without one */
    void (*fmt)(int64_t *t, const date_zone *z, char *out, size_t n);
} date_form;

static const char *const wdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static void f_rfc1123(int64_t *t, const date_zone *z, char *out, size_t n)
{
    (void)z;
    char d[32];
    date_format_rfc1123(*t, d);
    snprintf(out, n, "%s", d);
}

/* RFC 2822 with a numeric or named zone of offset off seconds. */
static void rfc2822(int64_t t, long off, const char *zone, char *out, size_t n)
{
    date_parts p;
    date_split(t + off, NULL, &p);
    snprintf(out, n, "%s, %02d %s %04d %02d:%02d:%02d %s", wdays[p.wday], p.day,
             months[p.month - 1], p.year, p.hour, p.minute, p.second, zone);
}

static void f_rfc2822_plus0800(int64_t *t, const date_zone *z, char *out, size_t n)
{
    (void)z;
    rfc2822(*t, 8 * 3600, "+0800", out, n);
}

static void f_rfc2822_minus0530(int64_t *t, const date_zone *z, char *out, size_t n)
{
    (void)z;
    rfc2822(*t, -(5 * 3600 + 1800), "-0530", out, n);
}

static void f_rfc2822_est(int64_t *t, const date_zone *z, char *out, size_t n)
{
    (void)z;
    rfc2822(*t, -5 * 3600, "EST", out, n);
}

static void f_rfc2822_pdt(int64_t *t, const date_zone *z, char *out, size_t n)
{
    (void)z;
    rfc2822(*t, -7 * 3600, "PDT", out, n);
}

static void f_rfc2822_utc(int64_t *t, const date_zone *z, char *out, size_t n)
{
    (void)z;
    rfc2822(*t, 0, "UTC", out, n);
}

/* Two-digit years: RFC 2822 reads 50-99 as 19xx, 00-49 as 20xx. */
static void f_rfc822_two_digit_year(int64_t *t, const date_zone *z, char *out, size_t n)
{
    (void)z;
    int64_t lo = date_from_civil(1950, 1, 1, 0, 0, 0), hi = date_from_civil(2050, 1, 1, 0, 0, 0);
    *t = lo + (int64_t)((uint64_t)*t % (uint64_t)(hi - lo));
    date_parts p;
    date_split(*t, NULL, &p);
    snprintf(out, n, "%02d %s %02d %02d:%02d:%02d GMT", p.day, months[p.month - 1], p.year % 100,
             p.hour, p.minute, p.second);
}

static void f_iso_z(int64_t *t, const date_zone *z, char *out, size_t n)
{
    (void)z;
    char d[32];
    date_format_iso(*t, d);
    snprintf(out, n, "%s", d);
}

static void f_iso_offset(int64_t *t, const date_zone *z, char *out, size_t n)
{
    (void)z;
    date_parts p;
    date_split(*t + 8 * 3600, NULL, &p);
    snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", p.year, p.month, p.day, p.hour,
             p.minute, p.second);
}

/* Local time of *t in z, written by a pattern of year … second. */
static void local(int64_t t, const date_zone *z, const char *pat, char *out, size_t n)
{
    date_parts p;
    date_split(t, z, &p);
    snprintf(out, n, pat, p.year, p.month, p.day, p.hour, p.minute, p.second);
}

static void f_yaml_timestamp(int64_t *t, const date_zone *z, char *out, size_t n)
{
    local(*t, z, "%04d-%02d-%02d %02d:%02d:%02d", out, n);
}

static void f_iso_no_zone_quoted(int64_t *t, const date_zone *z, char *out, size_t n)
{
    local(*t, z, "'%04d-%02d-%02dT%02d:%02d:%02d'", out, n);
}

static void f_slashes(int64_t *t, const date_zone *z, char *out, size_t n)
{
    local(*t, z, "%04d/%02d/%02d %02d:%02d:%02d", out, n);
}

static void f_chinese(int64_t *t, const date_zone *z, char *out, size_t n)
{
    *t -= ((*t % 60) + 60) % 60; /* the form has minutes only */
    local(*t, z, "%04d年%02d月%02d日 %02d:%02d", out, n);
}

static void f_asctime(int64_t *t, const date_zone *z, char *out, size_t n)
{
    (void)z;
    date_parts p;
    date_split(*t, NULL, &p);
    snprintf(out, n, "%s %s %2d %02d:%02d:%02d %04d", wdays[p.wday], months[p.month - 1], p.day,
             p.hour, p.minute, p.second, p.year);
}

static const date_form forms[] = {
    {"RFC 1123", NULL, f_rfc1123},
    {"RFC 2822 +0800", NULL, f_rfc2822_plus0800},
    {"RFC 2822 -0530", NULL, f_rfc2822_minus0530},
    {"RFC 2822 EST", NULL, f_rfc2822_est},
    {"RFC 2822 PDT", NULL, f_rfc2822_pdt},
    {"RFC 2822 UTC", NULL, f_rfc2822_utc},
    {"RFC 822 two-digit year", NULL, f_rfc822_two_digit_year},
    {"ISO 8601 Z", NULL, f_iso_z},
    {"ISO 8601 +08:00", NULL, f_iso_offset},
    {"YAML timestamp, UTC site", NULL, f_yaml_timestamp},
    {"YAML timestamp, +08:00 site", "+08:00", f_yaml_timestamp},
    {"ISO 8601 without zone, quoted, -03:00 site", "-03:00", f_iso_no_zone_quoted},
    {"slashes, UTC site", NULL, f_slashes},
    {"Chinese, +08:00 site", "+08:00", f_chinese},
    {"Chinese, UTC site", NULL, f_chinese},
    {"asctime", NULL, f_asctime},
};

static void test_every_date_form_reads_the_same_instant(void **state)
{
    (void)state;
    arena *a = arena_new(0);
    nm_buf text, b1, b2;
    buf_init(&text, NM_BUF_NOLIMIT);
    buf_init(&b1, NM_BUF_NOLIMIT);
    buf_init(&b2, NM_BUF_NOLIMIT);
    for (size_t i = 0; i < N_POSTS; i++) {
        const date_form *f = &forms[i % NM_ARRAY_LEN(forms)];
        nm_error err;
        post_read_opts opts = {.zone = f->zone ? date_zone_get(f->zone, &err) : NULL};
        assert_true(!f->zone || opts.zone);
        /* 1900 to 2100, before and after the epoch */
        int64_t t = -2208988800LL + (int64_t)below(4102444800ULL + 2208988800ULL);
        char d[128];
        f->fmt(&t, opts.zone, d, sizeof(d));
        buf_reset(&text);
        buf_printf(&text, "---\ntitle: '%zu'\ndate: %s\nupdated: %s\n---\n", i, d, d);
        post p, q;
        must_parse(a, i, &text, &opts, &p);
        if (p.date != t || p.updated != t)
            fail_msg("post %zu: %s '%s' read as %lld, not %lld", i, f->name, d,
                     (long long)p.date, (long long)t);
        buf_reset(&b1);
        buf_reset(&b2);
        assert_int_equal(post_write(&p, &b1), 0);
        must_parse(a, i, &b1, &opts, &q);
        assert_int_equal(q.date, t);
        assert_int_equal(post_write(&q, &b2), 0);
        assert_string_equal(b1.data, b2.data);
        arena_reset(a);
    }
    buf_free(&text);
    buf_free(&b1);
    buf_free(&b2);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_read_write_round_trips),
        cmocka_unit_test(test_every_date_form_reads_the_same_instant),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
