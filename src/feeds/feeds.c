/*
 * feeds.c — feeds.yml: the group → site → feeds hierarchy, read with
 * libyaml's document loader and written back by a small emitter.
 *
 * Reading walks the node tree and checks its shape at each level, so that
 * every mistake gets the line libyaml marked ("feeds.yml:7: feed needs a
 * url"). Writing is hand-rolled rather than libyaml's emitter because the
 * shape is fixed and small and single-quoted scalars make every value safe
 * (a quote is doubled), which keeps the file diff-friendly.
 *
 * Not here: fetch state (that lives in the store) and OPML (opml.c).
 */
#include "feeds.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

feeds_list *feeds_new(void)
{
    feeds_list *l = xcalloc(1, sizeof(*l));
    l->arena = arena_new(0);
    return l;
}

void feeds_free(feeds_list *l)
{
    if (!l)
        return;
    arena_free(l->arena);
    free(l->entries);
    free(l);
}

feeds_entry *feeds_find(const feeds_list *l, const char *url)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->entries[i].url, url) == 0)
            return &l->entries[i];
    return NULL;
}

static feeds_entry *push(feeds_list *l)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->entries = xrealloc(l->entries, l->cap * sizeof(*l->entries));
    }
    feeds_entry *e = &l->entries[l->n++];
    memset(e, 0, sizeof(*e));
    e->interval_min = FEEDS_DEFAULT_INTERVAL;
    e->enabled = true;
    return e;
}

int feeds_add(feeds_list *l, const char *group, const char *site, const char *title,
              const char *url, nm_error *err)
{
    if (!url || !*url)
        return nm_fail(err, NULL, 0, "feed URL is empty");
    if (!group || !*group || !site || !*site || !title || !*title)
        return nm_fail(err, url, 0, "group, site and title must not be empty");
    if (feeds_find(l, url))
        return nm_fail(err, url, 0, "already in the feed list");
    feeds_entry *e = push(l);
    e->group = arena_strdup(l->arena, group);
    e->site = arena_strdup(l->arena, site);
    e->title = arena_strdup(l->arena, title);
    e->url = arena_strdup(l->arena, url);
    return 0;
}

int feeds_remove(feeds_list *l, const char *url, nm_error *err)
{
    feeds_entry *e = feeds_find(l, url);
    if (!e)
        return nm_fail(err, url, 0, "not in the feed list");
    size_t i = (size_t)(e - l->entries);
    memmove(e, e + 1, (l->n - i - 1) * sizeof(*e));
    l->n--;
    return 0;
}

static const char *const fulltext_names[] = {"auto", "always", "never"};

const char *feeds_fulltext_name(feeds_fulltext f) { return fulltext_names[f]; }

int feeds_fulltext_parse(const char *name, feeds_fulltext *out)
{
    for (size_t i = 0; i < NM_ARRAY_LEN(fulltext_names); i++)
        if (strcmp(name, fulltext_names[i]) == 0) {
            *out = (feeds_fulltext)i;
            return 0;
        }
    return -1;
}

/* ---- reading ------------------------------------------------------------ */

typedef struct loader {
    yaml_document_t doc;
    const char *path;
    feeds_list *l;
    nm_error *err;
} loader;

static long line_of(const yaml_node_t *n) { return (long)n->start_mark.line + 1; }

static int bad(loader *ld, const yaml_node_t *n, const char *msg)
{
    return nm_fail(ld->err, ld->path, n ? line_of(n) : 0, "%s", msg);
}

static const char *scalar(loader *ld, const yaml_node_t *n)
{
    if (!n || n->type != YAML_SCALAR_NODE)
        return NULL;
    return arena_strndup(ld->l->arena, (const char *)n->data.scalar.value,
                         n->data.scalar.length);
}

static int parse_bool(loader *ld, const yaml_node_t *n, bool *out)
{
    const char *s = scalar(ld, n);
    if (s && (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0 || strcmp(s, "on") == 0)) {
        *out = true;
        return 0;
    }
    if (s && (strcmp(s, "false") == 0 || strcmp(s, "no") == 0 || strcmp(s, "off") == 0)) {
        *out = false;
        return 0;
    }
    return bad(ld, n, "expected true or false");
}

static int parse_feed(loader *ld, const char *group, const char *site, yaml_node_t *n)
{
    if (n->type != YAML_MAPPING_NODE)
        return bad(ld, n, "a feed is a mapping with at least title and url");
    feeds_entry tmp = {.interval_min = FEEDS_DEFAULT_INTERVAL, .enabled = true,
                       .line = line_of(n), .group = group, .site = site};
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(&ld->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(&ld->doc, p->value);
        const char *key = scalar(ld, k);
        if (!key)
            return bad(ld, k, "a feed's keys must be plain names");
        if (strcmp(key, "remove") == 0) {
            if (v->type != YAML_SEQUENCE_NODE)
                return bad(ld, v, "remove: expected a list of selectors");
            size_t cnt = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
            tmp.remove = arena_new_array(ld->l->arena, const char *, cnt + 1);
            tmp.nremove = 0; /* a second remove: key replaces the first */
            for (yaml_node_item_t *it = v->data.sequence.items.start;
                 it < v->data.sequence.items.top; it++) {
                const char *sel = scalar(ld, yaml_document_get_node(&ld->doc, *it));
                if (!sel || !*sel)
                    return bad(ld, v, "remove: every selector must be a non-empty string");
                tmp.remove[tmp.nremove++] = sel;
            }
            continue;
        }
        const char *val = scalar(ld, v);
        if (!val) {
            char msg[160];
            snprintf(msg, sizeof(msg), "%s: expected a single value", key);
            return bad(ld, v, msg);
        }
        if (strcmp(key, "title") == 0) {
            tmp.title = val;
        } else if (strcmp(key, "url") == 0) {
            tmp.url = val;
        } else if (strcmp(key, "interval") == 0) {
            char *end;
            errno = 0;
            long m = strtol(val, &end, 10);
            if (errno || *end || m < 1 || m > 10080)
                return bad(ld, v, "interval: expected minutes between 1 and 10080");
            tmp.interval_min = (int)m;
        } else if (strcmp(key, "enabled") == 0) {
            if (parse_bool(ld, v, &tmp.enabled))
                return -1;
        } else if (strcmp(key, "full_text") == 0) {
            bool on;
            if (parse_bool(ld, v, &on))
                return -1;
            tmp.fulltext = on ? FEEDS_FULLTEXT_ALWAYS : FEEDS_FULLTEXT_NEVER;
        } else if (strcmp(key, "fulltext") == 0) {
            if (feeds_fulltext_parse(val, &tmp.fulltext))
                return bad(ld, v, "fulltext: expected auto, always or never");
        } else if (strcmp(key, "type") == 0) {
            if (strcmp(val, "feed") == 0)
                tmp.type = FEEDS_TYPE_FEED;
            else if (strcmp(val, "html") == 0)
                tmp.type = FEEDS_TYPE_HTML;
            else
                return bad(ld, v, "type: expected feed or html");
        } else if (strcmp(key, "selector") == 0) {
            tmp.selector = *val ? val : NULL;
        } else if (strcmp(key, "item") == 0) {
            tmp.item = *val ? val : NULL;
        } else if (strcmp(key, "user_agent") == 0) {
            tmp.user_agent = *val ? val : NULL;
        } else if (strcmp(key, "referer") == 0) {
            tmp.referer = *val ? val : NULL;
        } else {
            char msg[200];
            snprintf(msg, sizeof(msg),
                     "unknown feed key '%.60s' (known: title, url, type, interval, enabled, "
                     "fulltext, selector, remove, item, user_agent, referer)", key);
            return bad(ld, k, msg);
        }
    }
    if (!tmp.url || !*tmp.url)
        return bad(ld, n, "feed needs a url");
    if (tmp.item && tmp.type != FEEDS_TYPE_HTML)
        return bad(ld, n, "item: is for a source of type html");
    if (tmp.type == FEEDS_TYPE_HTML && tmp.fulltext == FEEDS_FULLTEXT_NEVER)
        return bad(ld, n, "a source of type html is read through its pages: fulltext: never "
                          "does not apply");
    if (!tmp.title || !*tmp.title)
        tmp.title = site; /* a site with one feed need not repeat its name */
    if (feeds_find(ld->l, tmp.url)) {
        char msg[1100];
        snprintf(msg, sizeof(msg), "%s is listed twice", tmp.url);
        return bad(ld, n, msg);
    }
    *push(ld->l) = tmp;
    return 0;
}

static int load_tree(loader *ld)
{
    yaml_node_t *root = yaml_document_get_root_node(&ld->doc);
    if (!root)
        return 0; /* empty file */
    if (root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0)
        return 0;
    if (root->type != YAML_MAPPING_NODE)
        return bad(ld, root, "expected groups: a mapping of group name to sites");
    for (yaml_node_pair_t *g = root->data.mapping.pairs.start; g < root->data.mapping.pairs.top;
         g++) {
        yaml_node_t *gk = yaml_document_get_node(&ld->doc, g->key);
        yaml_node_t *gv = yaml_document_get_node(&ld->doc, g->value);
        const char *group = scalar(ld, gk);
        if (!group || !*group)
            return bad(ld, gk, "a group name must be a non-empty string");
        for (yaml_node_pair_t *o = root->data.mapping.pairs.start; o < g; o++) {
            const char *other = scalar(ld, yaml_document_get_node(&ld->doc, o->key));
            if (other && strcmp(other, group) == 0)
                return bad(ld, gk, "this group is already listed above: merge the two");
        }
        if (gv->type != YAML_MAPPING_NODE)
            return bad(ld, gv, "a group is a mapping of site name to a list of feeds");
        for (yaml_node_pair_t *s = gv->data.mapping.pairs.start; s < gv->data.mapping.pairs.top;
             s++) {
            yaml_node_t *sk = yaml_document_get_node(&ld->doc, s->key);
            yaml_node_t *sv = yaml_document_get_node(&ld->doc, s->value);
            const char *site = scalar(ld, sk);
            if (!site || !*site)
                return bad(ld, sk, "a site name must be a non-empty string");
            for (yaml_node_pair_t *o = gv->data.mapping.pairs.start; o < s; o++) {
                const char *other = scalar(ld, yaml_document_get_node(&ld->doc, o->key));
                if (other && strcmp(other, site) == 0)
                    return bad(ld, sk, "this site is already listed above in its group: merge the two");
            }
            if (sv->type != YAML_SEQUENCE_NODE)
                return bad(ld, sv, "a site is a list of feeds (- title: …, url: …)");
            for (yaml_node_item_t *it = sv->data.sequence.items.start;
                 it < sv->data.sequence.items.top; it++)
                if (parse_feed(ld, group, site, yaml_document_get_node(&ld->doc, *it)))
                    return -1;
        }
    }
    return 0;
}

int feeds_parse(const char *text, size_t len, const char *path, feeds_list **out,
                nm_error *err)
{
    *out = NULL;
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    loader ld = {.path = path, .l = feeds_new(), .err = err};
    if (!yaml_parser_load(&parser, &ld.doc)) {
        int rc = nm_fail(err, path, (long)parser.problem_mark.line + 1, "%s%s%s",
                         parser.problem ? parser.problem : "YAML syntax error",
                         parser.context ? " " : "", parser.context ? parser.context : "");
        yaml_parser_delete(&parser);
        feeds_free(ld.l);
        return rc;
    }
    int rc = load_tree(&ld);
    yaml_document_delete(&ld.doc);
    yaml_parser_delete(&parser);
    if (rc) {
        feeds_free(ld.l);
        return -1;
    }
    *out = ld.l;
    return 0;
}

int feeds_load(const char *path, feeds_list **out, nm_error *err)
{
    *out = NULL;
    if (!fs_exists(path)) {
        *out = feeds_new();
        return 0;
    }
    nm_buf text;
    buf_init(&text, 16u << 20);
    int rc = fs_read_file(path, 16u << 20, &text, err);
    if (rc == 0)
        rc = feeds_parse(buf_cstr(&text), text.len, path, out, err);
    buf_free(&text);
    return rc;
}

/* ---- writing ------------------------------------------------------------ */

static void put_quoted(nm_buf *out, const char *s)
{
    buf_putc(out, '\'');
    for (; *s; s++) {
        if (*s == '\'')
            buf_putc(out, '\'');
        if (*s == '\n' || *s == '\r')
            buf_putc(out, ' '); /* names are one line */
        else
            buf_putc(out, *s);
    }
    buf_putc(out, '\'');
}

/* A mapping key at indent, then ':' and a line break. YAML limits an
 * implicit key to 1,024 characters (libyaml refuses a longer one, in
 * bytes here to be safe), so a longer quoted key is written as an
 * explicit "? key" line and a ":" line, which have no limit. */
static void put_key(nm_buf *out, const char *indent, const char *key)
{
    size_t quoted = strlen(key) + 2;
    for (const char *p = strchr(key, '\''); p; p = strchr(p + 1, '\''))
        quoted++;
    buf_puts(out, indent);
    if (quoted < 1000) {
        put_quoted(out, key);
        buf_puts(out, ":\n");
        return;
    }
    buf_puts(out, "? ");
    put_quoted(out, key);
    buf_putc(out, '\n');
    buf_puts(out, indent);
    buf_puts(out, ":\n");
}

int feeds_to_yaml(const feeds_list *l, nm_buf *out)
{
    buf_puts(out, "# newsmill feed list: group -> site -> feeds. See newsmill(1), FEEDS.\n");
    /* Groups and sites in first-appearance order, feeds under them. */
    bool *done = xcalloc(l->n + 1, sizeof(bool));
    for (size_t i = 0; i < l->n; i++) {
        if (done[i])
            continue;
        const char *group = l->entries[i].group;
        put_key(out, "", group);
        for (size_t j = i; j < l->n; j++) {
            if (done[j] || strcmp(l->entries[j].group, group) != 0)
                continue;
            const char *site = l->entries[j].site;
            put_key(out, "  ", site);
            for (size_t k = j; k < l->n; k++) {
                const feeds_entry *e = &l->entries[k];
                if (done[k] || strcmp(e->group, group) != 0 || strcmp(e->site, site) != 0)
                    continue;
                done[k] = true;
                buf_puts(out, "    - title: ");
                put_quoted(out, e->title);
                buf_puts(out, "\n      url: ");
                put_quoted(out, e->url);
                buf_putc(out, '\n');
                if (e->interval_min != FEEDS_DEFAULT_INTERVAL)
                    buf_printf(out, "      interval: %d\n", e->interval_min);
                if (!e->enabled)
                    buf_puts(out, "      enabled: false\n");
                if (e->type == FEEDS_TYPE_HTML)
                    buf_puts(out, "      type: html\n");
                if (e->fulltext != FEEDS_FULLTEXT_AUTO)
                    buf_printf(out, "      fulltext: %s\n", feeds_fulltext_name(e->fulltext));
                if (e->selector) {
                    buf_puts(out, "      selector: ");
                    put_quoted(out, e->selector);
                    buf_putc(out, '\n');
                }
                if (e->item) {
                    buf_puts(out, "      item: ");
                    put_quoted(out, e->item);
                    buf_putc(out, '\n');
                }
                if (e->nremove) {
                    buf_puts(out, "      remove: [");
                    for (size_t r = 0; r < e->nremove; r++) {
                        if (r)
                            buf_puts(out, ", ");
                        put_quoted(out, e->remove[r]);
                    }
                    buf_puts(out, "]\n");
                }
                if (e->user_agent) {
                    buf_puts(out, "      user_agent: ");
                    put_quoted(out, e->user_agent);
                    buf_putc(out, '\n');
                }
                if (e->referer) {
                    buf_puts(out, "      referer: ");
                    put_quoted(out, e->referer);
                    buf_putc(out, '\n');
                }
            }
        }
    }
    free(done);
    return 0;
}

int feeds_save(const feeds_list *l, const char *path, nm_error *err)
{
    nm_buf out;
    buf_init(&out, NM_BUF_NOLIMIT);
    feeds_to_yaml(l, &out);
    int rc = fs_write_buf(path, &out, err);
    buf_free(&out);
    return rc;
}
