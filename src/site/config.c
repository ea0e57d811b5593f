/*
 * config.c — the site's _config.yml: Hexo's keys with Hexo's defaults,
 * plus a `newsmill:` block for what Hexo has no key for.
 *
 * The idea: load the file as a libyaml document, read the handful of
 * scalars a build needs, normalize them once (url without a trailing
 * slash, root with slashes at both ends, directories without them) so
 * that the rest of the module never second-guesses a value.
 *
 * Deliberately not here: Hexo's plugin settings and deploy types other
 * than rsync (ignored, not rejected: a Hexo blog's _config.yml must load
 * as it is; `newsmill deploy` says what it cannot do).
 */
#include "site_int.h"

#include "search/search.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static void defaults(site_config *c)
{
    memset(c, 0, sizeof *c);
    c->title = "Hexo";
    c->subtitle = "";
    c->description = "";
    c->author = "";
    c->language = "en";
    c->url = "http://example.com";
    c->root = "/";
    c->permalink = ":year/:month/:day/:title/";
    c->pagination_dir = "page";
    c->category_dir = "categories";
    c->tag_dir = "tags";
    c->archive_dir = "archives";
    c->timezone = "";
    c->theme = "";
    c->default_category = "uncategorized";
    c->per_page = 10;
    c->feed_limit = 20;
    c->summary_length = 120;
    c->sitemap_limit = 50000;
    c->pagination = "hexo";
    c->sidebar = "shared";
    c->search_segment = SEARCH_SEGMENT_DOCS;
    c->deploy_type = c->deploy_host = c->deploy_user = c->deploy_root = "";
    c->deploy_port = 0;
}

/* "/blog" → "/blog/", "" → "/". */
static const char *norm_root(arena *a, const char *r)
{
    size_t n = strlen(r);
    return arena_printf(a, "%s%s%s", r[0] == '/' ? "" : "/", r,
                        n && r[n - 1] == '/' ? "" : (n ? "/" : ""));
}

/* Directories are used as path prefixes: strip slashes at both ends. */
static const char *norm_dir(arena *a, const char *d)
{
    while (*d == '/')
        d++;
    size_t n = strlen(d);
    while (n && d[n - 1] == '/')
        n--;
    return arena_strndup(a, d, n);
}

static int read_int(const char *v, int *out, const char *path, long line, const char *key,
                    nm_error *err)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (*v == 0 || *end || errno || x < 0 || x > 100000000)
        return nm_fail(err, path, line, "%s must be a whole number >= 0, not '%s'", key, v);
    *out = (int)x;
    return 0;
}

static int read_map(arena *a, yaml_document_t *doc, yaml_node_t *n, site_kv **out, size_t *count)
{
    *count = 0;
    if (!n || n->type != YAML_MAPPING_NODE)
        return 0;
    size_t max = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    *out = arena_new_array(a, site_kv, max + 1);
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        yaml_node_t *v = yaml_document_get_node(doc, p->value);
        if (k && v && k->type == YAML_SCALAR_NODE && v->type == YAML_SCALAR_NODE)
            (*out)[(*count)++] = (site_kv){arena_strdup(a, (char *)k->data.scalar.value),
                                           arena_strdup(a, (char *)v->data.scalar.value)};
    }
    return 0;
}

typedef struct key_slot {
    const char *key;
    const char **str;
    int *num;
} key_slot;

static int read_block(arena *a, yaml_document_t *doc, yaml_node_t *map, const key_slot *slots,
                      size_t nslots, const char *path, nm_error *err)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        yaml_node_t *v = yaml_document_get_node(doc, p->value);
        if (!k || !v || k->type != YAML_SCALAR_NODE || v->type != YAML_SCALAR_NODE)
            continue;
        const char *key = (const char *)k->data.scalar.value;
        const char *val = (const char *)v->data.scalar.value;
        bool null = v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                    (!*val || !strcmp(val, "~") || !strcmp(val, "null"));
        for (size_t i = 0; i < nslots; i++) {
            if (strcmp(key, slots[i].key))
                continue;
            if (slots[i].str && !null)
                *slots[i].str = arena_strdup(a, val);
            else if (slots[i].num && !null &&
                     read_int(val, slots[i].num, path, (long)k->start_mark.line + 1, key, err))
                return -1;
        }
    }
    return 0;
}

int site_config_load(arena *a, const char *path, site_config *c, nm_error *err)
{
    defaults(c);
    nm_buf b;
    buf_init(&b, 16u << 20);
    if (fs_exists(path)) {
        if (fs_read_file(path, 16u << 20, &b, err) < 0) {
            buf_free(&b);
            return -1;
        }
        yaml_parser_t parser;
        yaml_document_t doc;
        yaml_parser_initialize(&parser);
        yaml_parser_set_input_string(&parser, (const unsigned char *)buf_cstr(&b), b.len);
        if (!yaml_parser_load(&parser, &doc)) {
            nm_fail(err, path, (long)parser.problem_mark.line + 1, "not valid YAML: %s",
                    parser.problem ? parser.problem : "parse error");
            yaml_parser_delete(&parser);
            buf_free(&b);
            return -1;
        }
        int rc = 0;
        yaml_node_t *root = yaml_document_get_root_node(&doc);
        if (root && root->type == YAML_MAPPING_NODE) {
            const key_slot slots[] = {
                {"title", &c->title, NULL},
                {"subtitle", &c->subtitle, NULL},
                {"description", &c->description, NULL},
                {"author", &c->author, NULL},
                {"language", &c->language, NULL},
                {"url", &c->url, NULL},
                {"root", &c->root, NULL},
                {"permalink", &c->permalink, NULL},
                {"pagination_dir", &c->pagination_dir, NULL},
                {"category_dir", &c->category_dir, NULL},
                {"tag_dir", &c->tag_dir, NULL},
                {"archive_dir", &c->archive_dir, NULL},
                {"timezone", &c->timezone, NULL},
                {"theme", &c->theme, NULL},
                {"default_category", &c->default_category, NULL},
                {"per_page", NULL, &c->per_page},
            };
            rc = read_block(a, &doc, root, slots, NM_ARRAY_LEN(slots), path, err);
            for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
                 rc == 0 && p < root->data.mapping.pairs.top; p++) {
                yaml_node_t *k = yaml_document_get_node(&doc, p->key);
                yaml_node_t *v = yaml_document_get_node(&doc, p->value);
                if (!k || k->type != YAML_SCALAR_NODE)
                    continue;
                const char *key = (const char *)k->data.scalar.value;
                if (!strcmp(key, "category_map"))
                    read_map(a, &doc, v, &c->category_map, &c->ncategory_map);
                else if (!strcmp(key, "tag_map"))
                    read_map(a, &doc, v, &c->tag_map, &c->ntag_map);
                else if (!strcmp(key, "deploy") && v && v->type == YAML_MAPPING_NODE) {
                    /* Hexo's hexo-deployer-rsync keys */
                    const key_slot ds[] = {
                        {"type", &c->deploy_type, NULL},
                        {"host", &c->deploy_host, NULL},
                        {"user", &c->deploy_user, NULL},
                        {"root", &c->deploy_root, NULL},
                        {"port", NULL, &c->deploy_port},
                    };
                    rc = read_block(a, &doc, v, ds, NM_ARRAY_LEN(ds), path, err);
                } else if (!strcmp(key, "newsmill") && v && v->type == YAML_MAPPING_NODE) {
                    const key_slot ns[] = {
                        {"feed_limit", NULL, &c->feed_limit},
                        {"summary_length", NULL, &c->summary_length},
                        {"sitemap_limit", NULL, &c->sitemap_limit},
                        {"pagination", &c->pagination, NULL},
                        {"sidebar", &c->sidebar, NULL},
                        {"search_segment", NULL, &c->search_segment},
                        {"images_max_pixels", &c->images_max_pixels_text, NULL},
                    };
                    rc = read_block(a, &doc, v, ns, NM_ARRAY_LEN(ns), path, err);
                }
            }
        }
        yaml_document_delete(&doc);
        yaml_parser_delete(&parser);
        buf_free(&b);
        if (rc)
            return -1;
    }
    buf_free(&b);
    size_t ul = strlen(c->url);
    while (ul && c->url[ul - 1] == '/')
        ul--;
    c->url = arena_strndup(a, c->url, ul);
    c->root = norm_root(a, c->root);
    c->pagination_dir = norm_dir(a, c->pagination_dir);
    c->category_dir = norm_dir(a, c->category_dir);
    c->tag_dir = norm_dir(a, c->tag_dir);
    c->archive_dir = norm_dir(a, c->archive_dir);
    if (!*c->pagination_dir)
        c->pagination_dir = "page";
    if (c->sitemap_limit < 1 || c->sitemap_limit > 50000)
        c->sitemap_limit = 50000;
    if (strcmp(c->pagination, "hexo") && strcmp(c->pagination, "stable"))
        return nm_fail(err, path, 0, "newsmill: pagination must be hexo or stable, not '%s'",
                       c->pagination);
    if (strcmp(c->sidebar, "shared") && strcmp(c->sidebar, "inline"))
        return nm_fail(err, path, 0, "newsmill: sidebar must be shared or inline, not '%s'",
                       c->sidebar);
    if (c->search_segment < 16 || c->search_segment > 1 << 20)
        return nm_fail(err, path, 0,
                       "newsmill: search_segment must be a number of posts from 16 to %d, not %d",
                       1 << 20, c->search_segment);
    c->images_max_pixels = IMG_MAX_PIXELS;
    if (c->images_max_pixels_text && !str_size(c->images_max_pixels_text, true, &c->images_max_pixels))
        return nm_fail(err, path, 0,
                       "newsmill: images_max_pixels must be a positive number of pixels "
                       "(e.g. 40M), not '%s'", c->images_max_pixels_text);
    c->stable_pages = !strcmp(c->pagination, "stable");
    c->shared_sidebar = !strcmp(c->sidebar, "shared");
    c->zone = date_zone_get(c->timezone, err);
    if (!c->zone) {
        char *msg = arena_strdup(a, err->msg);
        return nm_fail(err, path, 0, "timezone: %.900s", msg);
    }
    return 0;
}
