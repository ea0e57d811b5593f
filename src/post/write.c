/*
 * write.c — a post in the seed's layout, byte for byte.
 *
 * The layout (tests/fixtures/seed-post.md):
 *
 *   ---
 *   title: '…'                      always single-quoted, as the seed does
 *   categories: ␠                   "categories: " with its trailing space,
 *    - 金融                          then " - name" lines: one hierarchy
 *   headimg: '…'                    always quoted
 *   author: 新浪财经                 plain unless YAML needs quotes
 *   comments: false
 *   date: Fri, 19 Aug 2022 03:48:41 GMT   RFC 1123, UTC
 *   thumbnail: '…'                  always quoted
 *   ---
 *   body, as is
 *
 * then, after thumbnail, the keys the seed does not have: updated, tags,
 * layout, permalink, excerpt, and every other key in its order. Which
 * strings are quoted is emit.c's rule ("plain when it reads back the
 * same"), except the three the seed always quotes. Several category
 * hierarchies are written as " - [a, b]" lines, the form Hexo documents;
 * a single one as the seed's flat list. Blank lines before the first
 * `---` (post.lead) are written back, so `post fmt` leaves a canonical
 * file untouched.
 *
 * Not here: reading (read.c); JSON front matter is always written as
 * YAML.
 */
#include "post_int.h"

#include <assert.h>
#include <string.h>

static int key_str(nm_buf *out, const char *key, const char *s, pq_rule rule)
{
    if (!s)
        return 0;
    if (buf_puts(out, key) < 0 || buf_puts(out, ": ") < 0 ||
        emit_scalar(out, s, strlen(s), rule, false) < 0)
        return -1;
    return buf_putc(out, '\n');
}

static int key_date(nm_buf *out, const char *key, int64_t t)
{
    if (t == NM_NO_TIME)
        return 0;
    char d[32];
    date_format_rfc1123(t, d);
    return buf_printf(out, "%s: %s\n", key, d);
}

static size_t usable_names(const post_hierarchy *h)
{
    size_t n = 0;
    for (size_t i = 0; i < h->n; i++)
        n += h->names[i] && h->names[i][0];
    return n;
}

/* A list of names as " - name" lines (block) or "[a, b]" (flow). */
static int names(nm_buf *out, const char **v, size_t n, bool flow)
{
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        if (!v[i] || !v[i][0])
            continue; /* a reader drops empty names: never write one */
        if (buf_puts(out, flow ? (first ? "" : ", ") : " - ") < 0 ||
            emit_scalar(out, v[i], strlen(v[i]), PQ_AUTO, flow) < 0 ||
            (!flow && buf_putc(out, '\n') < 0))
            return -1;
        first = false;
    }
    return 0;
}

static int categories(nm_buf *out, const post *p)
{
    size_t nonempty = 0;
    for (size_t i = 0; i < p->ncategories; i++)
        nonempty += usable_names(&p->categories[i]) > 0;
    if (nonempty == 0)
        return 0;
    if (buf_puts(out, "categories: \n") < 0)
        return -1;
    if (nonempty == 1) {
        for (size_t i = 0; i < p->ncategories; i++)
            if (usable_names(&p->categories[i]))
                return names(out, p->categories[i].names, p->categories[i].n, false);
    }
    for (size_t i = 0; i < p->ncategories; i++) {
        if (!usable_names(&p->categories[i]))
            continue;
        if (buf_puts(out, " - [") < 0 ||
            names(out, p->categories[i].names, p->categories[i].n, true) < 0 ||
            buf_puts(out, "]\n") < 0)
            return -1;
    }
    return 0;
}

static int tags(nm_buf *out, const post *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->ntags; i++)
        n += p->tags[i] && p->tags[i][0];
    if (n == 0)
        return 0;
    if (buf_puts(out, "tags: \n") < 0)
        return -1;
    return names(out, p->tags, p->ntags, false);
}

/* A field named like a key written above would write that key twice: the
 * interpreted value wins. headimg, thumbnail and author are fields only
 * when they are not strings (a theme's list or mapping), and then the
 * post's own value is NULL and the field is written. */
static bool written_above(const post *p, const char *k)
{
    static const char *const keys[] = {"title", "categories", "category", "comments", "date",
                                       "updated", "tags",     "tag",      "layout",   "permalink",
                                       "excerpt", NULL};
    for (const char *const *q = keys; *q; q++)
        if (strcmp(*q, k) == 0)
            return true;
    return (p->headimg && strcmp(k, "headimg") == 0) ||
           (p->thumbnail && strcmp(k, "thumbnail") == 0) || (p->author && strcmp(k, "author") == 0);
}

int post_write(const post *p, nm_buf *out)
{
    assert(p && out);
    assert(p->ncategories == 0 || p->categories);
    assert(p->ntags == 0 || p->tags);
    assert(p->nfields == 0 || p->fields);
    int rc = 0;
    rc |= buf_append(out, p->lead.ptr, p->lead.len);
    rc |= buf_puts(out, "---\n");
    rc |= key_str(out, "title", p->title, PQ_ALWAYS);
    rc |= categories(out, p);
    rc |= key_str(out, "headimg", p->headimg, PQ_ALWAYS);
    rc |= key_str(out, "author", p->author, PQ_AUTO);
    if (p->comments >= 0)
        rc |= buf_printf(out, "comments: %s\n", p->comments ? "true" : "false");
    rc |= key_date(out, "date", p->date);
    rc |= key_str(out, "thumbnail", p->thumbnail, PQ_ALWAYS);
    rc |= key_date(out, "updated", p->updated);
    rc |= tags(out, p);
    if (p->layout && strcmp(p->layout, "false") == 0)
        rc |= buf_puts(out, "layout: false\n");
    else
        rc |= key_str(out, "layout", p->layout, PQ_AUTO);
    rc |= key_str(out, "permalink", p->permalink, PQ_AUTO);
    rc |= key_str(out, "excerpt", p->excerpt, PQ_AUTO);
    for (size_t i = 0; i < p->nfields; i++) {
        const post_field *f = &p->fields[i];
        if (!f->key || written_above(p, f->key))
            continue;
        rc |= emit_scalar(out, f->key, strlen(f->key), PQ_AUTO, false);
        rc |= buf_putc(out, ':');
        if (f->yaml && f->yaml[0]) {
            rc |= buf_putc(out, ' ');
            rc |= buf_puts(out, f->yaml);
        }
        rc |= buf_putc(out, '\n');
    }
    rc |= buf_puts(out, "---\n");
    rc |= buf_append(out, p->body.ptr, p->body.len);
    /* The cap was reached: out is poisoned (buf_failed), nothing of it
     * can be written. */
    return rc || buf_failed(out) ? -1 : 0;
}
