/*
 * post.c — interim post reader for the site module (written by the site
 * engineer while the `post` helper's full version is on its way to main;
 * on merge, that version replaces this file whole).
 *
 * The idea: find the YAML front matter between `---` lines, load it with
 * libyaml's document API and pick Hexo's keys; the body stays a slice of
 * the file bytes. Dates are parsed with date_parse in the zone given.
 *
 * Deliberately not here: `;;;` JSON front matter, post_write (the full
 * version has both).
 */
#include "post.h"

#include <string.h>
#include <yaml.h>

static const char *scalar_of(yaml_document_t *doc, yaml_node_t *n, arena *a)
{
    if (!n || n->type != YAML_SCALAR_NODE)
        return NULL;
    (void)doc;
    return arena_strndup(a, (const char *)n->data.scalar.value, n->data.scalar.length);
}

static bool is_null(yaml_node_t *n)
{
    if (!n || n->type != YAML_SCALAR_NODE)
        return false;
    if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *v = (const char *)n->data.scalar.value;
    return n->data.scalar.length == 0 || !strcmp(v, "~") || !strcmp(v, "null");
}

/* Appends the scalar strings of a sequence node (or one scalar). */
static const char **string_list(yaml_document_t *doc, yaml_node_t *n, arena *a, size_t *count)
{
    *count = 0;
    if (!n || is_null(n))
        return NULL;
    if (n->type == YAML_SCALAR_NODE) {
        const char **v = arena_alloc(a, sizeof *v);
        v[0] = scalar_of(doc, n, a);
        *count = 1;
        return v;
    }
    if (n->type != YAML_SEQUENCE_NODE)
        return NULL;
    size_t max = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    const char **v = arena_alloc(a, sizeof *v * (max + 1));
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        yaml_node_t *c = yaml_document_get_node(doc, *it);
        if (c && c->type == YAML_SCALAR_NODE && !is_null(c) && c->data.scalar.length)
            v[(*count)++] = scalar_of(doc, c, a);
    }
    return v;
}

static void read_categories(yaml_document_t *doc, yaml_node_t *n, arena *a, post *p)
{
    if (!n || is_null(n))
        return;
    bool nested = false;
    if (n->type == YAML_SEQUENCE_NODE)
        for (yaml_node_item_t *it = n->data.sequence.items.start;
             it < n->data.sequence.items.top; it++) {
            yaml_node_t *c = yaml_document_get_node(doc, *it);
            if (c && c->type == YAML_SEQUENCE_NODE)
                nested = true;
        }
    if (!nested) {
        size_t k;
        const char **names = string_list(doc, n, a, &k);
        if (k == 0)
            return;
        p->categories = arena_alloc(a, sizeof *p->categories);
        p->categories[0] = (post_hierarchy){names, k};
        p->ncategories = 1;
        return;
    }
    size_t max = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    p->categories = arena_alloc(a, sizeof *p->categories * max);
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        size_t k;
        const char **names = string_list(doc, yaml_document_get_node(doc, *it), a, &k);
        if (k)
            p->categories[p->ncategories++] = (post_hierarchy){names, k};
    }
}

int post_parse(arena *a, const char *path, const char *data, size_t len,
               const post_read_opts *opts, post *out, nm_error *err)
{
    memset(out, 0, sizeof *out);
    out->path = path;
    out->date = out->updated = NM_NO_TIME;
    out->comments = -1;
    str_view rest = sv_make(data, len);
    long line = 0;
    str_view first;
    do {
        first = sv_next_line(&rest);
        line++;
    } while (rest.len && sv_trim(first).len == 0);
    if (!sv_eq(sv_trim(first), SV("---"))) { /* no front matter: all body */
        out->body = sv_make(data, len);
        out->body_line = 1;
        return 0;
    }
    const char *fm = rest.ptr;
    const char *fm_end = NULL;
    long fm_line = line + 1;
    while (rest.len) {
        str_view l = sv_next_line(&rest);
        line++;
        if (sv_eq(sv_trim(l), SV("---"))) {
            fm_end = l.ptr;
            break;
        }
    }
    if (!fm_end)
        return nm_fail(err, path, fm_line - 1, "front matter starts with --- but never ends");
    out->body = rest;
    out->body_line = line + 1;

    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)fm, (size_t)(fm_end - fm));
    if (!yaml_parser_load(&parser, &doc)) {
        nm_fail(err, path, fm_line + (long)parser.problem_mark.line, "front matter: %s",
                parser.problem ? parser.problem : "invalid YAML");
        yaml_parser_delete(&parser);
        return -1;
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    const date_zone *zone = opts ? opts->zone : NULL;
    if (root && root->type == YAML_MAPPING_NODE) {
        size_t max = (size_t)(root->data.mapping.pairs.top - root->data.mapping.pairs.start);
        out->fields = arena_alloc(a, sizeof *out->fields * (max + 1));
        for (yaml_node_pair_t *pr = root->data.mapping.pairs.start;
             pr < root->data.mapping.pairs.top; pr++) {
            yaml_node_t *k = yaml_document_get_node(&doc, pr->key);
            yaml_node_t *v = yaml_document_get_node(&doc, pr->value);
            if (!k || k->type != YAML_SCALAR_NODE)
                continue;
            const char *key = (const char *)k->data.scalar.value;
            const char *sv = is_null(v) ? NULL : scalar_of(&doc, v, a);
            if (!strcmp(key, "title"))
                out->title = sv;
            else if (!strcmp(key, "categories") || !strcmp(key, "category"))
                read_categories(&doc, v, a, out);
            else if (!strcmp(key, "tags") || !strcmp(key, "tag"))
                out->tags = string_list(&doc, v, a, &out->ntags);
            else if (!strcmp(key, "date") || !strcmp(key, "updated")) {
                int64_t t = sv ? date_parse(sv, strlen(sv), zone) : NM_NO_TIME;
                if (sv && t == NM_NO_TIME) {
                    nm_fail(err, path, fm_line + (long)k->start_mark.line,
                            "%s '%s' is not a date I can read", key, sv);
                    yaml_document_delete(&doc);
                    yaml_parser_delete(&parser);
                    return -1;
                }
                *(key[0] == 'd' ? &out->date : &out->updated) = t;
            } else if (!strcmp(key, "comments"))
                out->comments = sv ? (strcmp(sv, "false") != 0) : -1;
            else if (!strcmp(key, "layout"))
                out->layout = sv;
            else if (!strcmp(key, "permalink"))
                out->permalink = sv;
            else if (!strcmp(key, "excerpt"))
                out->excerpt = sv;
            else if (!strcmp(key, "headimg"))
                out->headimg = sv;
            else if (!strcmp(key, "thumbnail"))
                out->thumbnail = sv;
            else if (!strcmp(key, "author"))
                out->author = sv;
            else
                out->fields[out->nfields++] =
                    (post_field){arena_strdup(a, key), sv ? sv : "", sv};
        }
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return 0;
}

int post_read_file(arena *a, const char *path, const post_read_opts *opts, post *out,
                   nm_error *err)
{
    nm_buf b;
    buf_init(&b, 64u << 20);
    if (fs_read_file(path, 64u << 20, &b, err) < 0) {
        buf_free(&b);
        return -1;
    }
    char *data = arena_alloc(a, b.len + 1);
    memcpy(data, b.data ? b.data : "", b.len + 1);
    size_t len = b.len;
    buf_free(&b);
    return post_parse(a, arena_strdup(a, path), data, len, opts, out, err);
}

bool post_split_more(str_view body, str_view *before, str_view *after)
{
    for (size_t i = 0; i + 4 <= body.len; i++) {
        if (memcmp(body.ptr + i, "<!--", 4))
            continue;
        size_t j = i + 4;
        while (j < body.len && (body.ptr[j] == ' ' || body.ptr[j] == '\t'))
            j++;
        if (j + 4 > body.len || nm_strncasecmp(body.ptr + j, "more", 4))
            continue;
        j += 4;
        while (j < body.len && (body.ptr[j] == ' ' || body.ptr[j] == '\t'))
            j++;
        if (j + 3 > body.len || memcmp(body.ptr + j, "-->", 3))
            continue;
        *before = sv_make(body.ptr, i);
        *after = sv_make(body.ptr + j + 3, body.len - j - 3);
        return true;
    }
    return false;
}
