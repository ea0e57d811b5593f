/*
 * yamlkey.c — yaml_scalar_at(): one scalar of a small YAML file, found by
 * its key path (`newsmill: store:` is {"newsmill", "store"}).
 *
 * For a module that needs one setting of _config.yml without loading the
 * whole site configuration (the store, opened by every command that
 * fetches or lists feeds). The file is the user's own and small: it is
 * loaded as a libyaml document and walked.
 */
#include "util.h"

#include <string.h>
#include <yaml.h>

static yaml_node_t *child(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        if (k && k->type == YAML_SCALAR_NODE && strcmp((const char *)k->data.scalar.value, key) == 0)
            return yaml_document_get_node(doc, p->value);
    }
    return NULL;
}

int yaml_scalar_at(const char *path, const char *const *keys, arena *a, const char **value,
                   long *line, nm_error *err)
{
    *value = NULL;
    *line = 0;
    if (!fs_exists(path))
        return 0;
    nm_buf b;
    buf_init(&b, 1u << 20);
    if (fs_read_file(path, 1u << 20, &b, err) < 0) {
        buf_free(&b);
        return -1;
    }
    yaml_parser_t p;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&p))
        nm_die("libyaml: out of memory");
    yaml_parser_set_input_string(&p, (const unsigned char *)(b.data ? b.data : ""), b.len);
    if (!yaml_parser_load(&p, &doc)) {
        int rc = nm_fail(err, path, (long)p.problem_mark.line + 1, "bad YAML: %s",
                         p.problem ? p.problem : "cannot parse");
        yaml_parser_delete(&p);
        buf_free(&b);
        return rc;
    }
    yaml_node_t *n = yaml_document_get_root_node(&doc);
    for (const char *const *k = keys; *k && n; k++)
        n = child(&doc, n, *k);
    int found = 0;
    if (n && n->type == YAML_SCALAR_NODE) {
        *value = arena_strndup(a, (const char *)n->data.scalar.value, n->data.scalar.length);
        *line = (long)n->start_mark.line + 1;
        found = 1;
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&p);
    buf_free(&b);
    return found;
}
