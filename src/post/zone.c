/*
 * zone.c — the zone a site reads zone-less post dates in: `timezone` in
 * its _config.yml, as Hexo does (UTC when unset or when there is no
 * _config.yml, e.g. a post looked at outside a site).
 *
 * Only the one top-level key is read (yaml_scalar_at, util). The site
 * builder reads the whole configuration itself; this is for `post show`, `post fmt` and
 * `check`, so that `post fmt` never shifts a date such as
 * "2022-08-19 11:48:41" written in Asia/Shanghai by eight hours.
 */
#include "post.h"

int post_site_zone(const char *config_path, const date_zone **out, nm_error *err)
{
    *out = date_zone_utc();
    static const char *const keys[] = {"timezone", NULL};
    arena *a = arena_new(0);
    const char *zone;
    long line;
    int rc = yaml_scalar_at(config_path, keys, a, &zone, &line, err);
    if (rc == 1 && *zone) {
        nm_error zerr;
        const date_zone *z = date_zone_get(zone, &zerr);
        if (z)
            *out = z;
        else
            rc = nm_fail(err, config_path, line, "timezone: unknown time zone '%s'", zone);
    }
    arena_free(a);
    return rc < 0 ? -1 : 0;
}
