/*
 * zone.c — the zone a site reads zone-less post dates in: `timezone` in
 * its _config.yml, as Hexo does (UTC when unset or when there is no
 * _config.yml, e.g. a post looked at outside a site).
 *
 * Only the one top-level key is read, with libyaml's document loader (a
 * config file is the user's own and small). The site builder reads the
 * whole configuration itself; this is for `post show`, `post fmt` and
 * `check`, so that `post fmt` never shifts a date such as
 * "2022-08-19 11:48:41" written in Asia/Shanghai by eight hours.
 */
#include "post.h"

#include <string.h>
#include <yaml.h>

int post_site_zone(const char *config_path, const date_zone **out, nm_error *err)
{
    *out = date_zone_utc();
    if (!fs_exists(config_path))
        return 0;
    nm_buf b;
    buf_init(&b, 1u << 20);
    if (fs_read_file(config_path, 1u << 20, &b, err) < 0) {
        buf_free(&b);
        return -1;
    }
    yaml_parser_t p;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&p))
        nm_die("libyaml: out of memory");
    yaml_parser_set_input_string(&p, (const unsigned char *)(b.data ? b.data : ""), b.len);
    int rc = 0;
    if (!yaml_parser_load(&p, &doc)) {
        rc = nm_fail(err, config_path, (long)p.problem_mark.line + 1, "bad YAML: %s",
                     p.problem ? p.problem : "cannot parse");
        yaml_parser_delete(&p);
        buf_free(&b);
        return rc;
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    char zone[256] = "";
    long line = 0;
    if (root && root->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *pr = root->data.mapping.pairs.start;
             pr < root->data.mapping.pairs.top; pr++) {
            yaml_node_t *k = yaml_document_get_node(&doc, pr->key);
            yaml_node_t *v = yaml_document_get_node(&doc, pr->value);
            if (k && v && k->type == YAML_SCALAR_NODE && v->type == YAML_SCALAR_NODE &&
                strcmp((const char *)k->data.scalar.value, "timezone") == 0) {
                snprintf(zone, sizeof(zone), "%s", (const char *)v->data.scalar.value);
                line = (long)v->start_mark.line + 1;
            }
        }
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&p);
    buf_free(&b);
    if (zone[0]) {
        nm_error zerr;
        const date_zone *z = date_zone_get(zone, &zerr);
        if (!z)
            return nm_fail(err, config_path, line, "timezone: unknown time zone '%s'", zone);
        *out = z;
    }
    return 0;
}
