/*
 * stopgap_util.c — TEMPORARY weak stand-ins for util's date_* and url_*.
 *
 * src/util/date.c and url.c are written by another engineer and land on
 * main during the session; until then the feed module links against these
 * small, weak versions (RFC 822, ISO 8601 and the Chinese date forms; RFC
 * 3986 resolution). The real ones win the link as soon as they exist, and
 * this file is deleted when main is merged.
 */
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WEAK __attribute__((weak))

struct date_zone { long offset; };
static const struct date_zone utc_zone = {0}, shanghai = {8 * 3600};

WEAK const date_zone *date_zone_utc(void) { return &utc_zone; }
WEAK const date_zone *date_zone_get(const char *name, nm_error *err)
{
    (void)err;
    if (name && strcmp(name, "Asia/Shanghai") == 0)
        return &shanghai;
    return &utc_zone;
}
WEAK long date_zone_offset(const date_zone *z, int64_t t) { (void)t; return z ? z->offset : 0; }

WEAK int64_t date_from_civil(int y, int m, int d, int hh, int mm, int ss)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153u * (unsigned)(m + (m > 2 ? -3 : 9)) + 2) / 5 + (unsigned)d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = era * 146097 + (int64_t)doe - 719468;
    return days * 86400 + hh * 3600 + mm * 60 + ss;
}

#pragma GCC diagnostic ignored "-Wformat-truncation"
WEAK void date_format_iso(int64_t t, char out[32])
{
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int64_t secs = t - days * 86400;
    int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    snprintf(out, 32, "%04lld-%02u-%02uT%02d:%02d:%02dZ", (long long)y, m, d, (int)(secs / 3600),
             (int)(secs / 60 % 60), (int)(secs % 60));
}

static int mdays(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0) ? 29 : d[m - 1];
}

static int64_t finish(int y, int mo, int d, int h, int mi, int s, long off, bool has_zone,
                      const date_zone *local)
{
    if (mo < 1 || mo > 12 || d < 1 || d > mdays(y, mo) || h > 24 || mi > 59 || s > 60)
        return NM_NO_TIME;
    if (!has_zone)
        off = local ? local->offset : 0;
    return date_from_civil(y, mo, d, h, mi, s) - off;
}

static long zone_name(const char *z, bool *ok)
{
    static const struct { const char *n; int h; } zones[] = {
        {"UT", 0}, {"UTC", 0}, {"GMT", 0}, {"Z", 0}, {"EST", -5}, {"EDT", -4}, {"CST", -6},
        {"CDT", -5}, {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7}};
    *ok = true;
    if (*z == '+' || *z == '-') {
        int v = 0, n = 0;
        for (const char *p = z + 1; *p && n < 4; p++)
            if (*p >= '0' && *p <= '9')
                v = v * 10 + (*p - '0'), n++;
        if (n == 2)
            v *= 100;
        long off = (v / 100) * 3600 + (v % 100) * 60;
        return *z == '-' ? -off : off;
    }
    for (size_t i = 0; i < NM_ARRAY_LEN(zones); i++)
        if (nm_strcasecmp(z, zones[i].n) == 0)
            return zones[i].h * 3600L;
    *ok = false;
    return 0;
}

WEAK int64_t date_parse(const char *s, size_t n, const date_zone *local)
{
    char b[128];
    if (n >= sizeof(b))
        return NM_NO_TIME;
    memcpy(b, s, n);
    b[n] = 0;
    char *p = b;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    int y, mo, d, h = 0, mi = 0, sec = 0;
    char zone[16] = "";
    static const char *mons[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                 "jul", "aug", "sep", "oct", "nov", "dec"};
    char mon[8];
    char *comma = strchr(p, ',');
    const char *q = comma && comma - p < 12 ? comma + 1 : p;
    int k = 0;
    if (sscanf(q, " %d %3s %d %d:%d:%d %15s", &d, mon, &y, &h, &mi, &sec, zone) >= 5 ||
        (k = sscanf(q, " %d %3s %d %d:%d %15s", &d, mon, &y, &h, &mi, zone)) >= 5) {
        if (k)
            sec = 0;
        mo = 0;
        for (int i = 0; i < 12; i++)
            if (nm_strcasecmp(mon, mons[i]) == 0)
                mo = i + 1;
        if (!mo)
            return NM_NO_TIME;
        if (y < 100)
            y += y < 50 ? 2000 : 1900;
        bool ok = false;
        long off = zone[0] ? zone_name(zone, &ok) : 0;
        return finish(y, mo, d, h, mi, sec, off, zone[0] ? ok : false, local);
    }
    int used = 0;
    if (sscanf(p, "%4d年%d月%d日%n", &y, &mo, &d, &used) == 3) {
        sscanf(p + used, " %d:%d:%d", &h, &mi, &sec);
        return finish(y, mo, d, h, mi, sec, 0, false, local);
    }
    if (sscanf(p, "%4d-%2d-%2d%n", &y, &mo, &d, &used) == 3) {
        char *t = p + used;
        bool zoned = false;
        long off = 0;
        if (*t == 'T' || *t == ' ') {
            int u2 = 0;
            if (sscanf(t + 1, "%2d:%2d%n", &h, &mi, &u2) < 2)
                return NM_NO_TIME;
            t += 1 + u2;
            if (*t == ':') {
                sscanf(t + 1, "%2d%n", &sec, &u2);
                t += 1 + u2;
            }
            if (*t == '.')
                for (t++; *t >= '0' && *t <= '9'; t++)
                    ;
            if (*t) {
                off = zone_name(t, &zoned);
            }
        }
        return finish(y, mo, d, h, mi, sec, off, zoned, local);
    }
    if (sscanf(p, "%4d-%2d", &y, &mo) == 2 && strlen(p) == 7)
        return finish(y, mo, 1, 0, 0, 0, 0, false, local);
    return NM_NO_TIME;
}

static void remove_dots(nm_buf *out, const char *path)
{
    /* RFC 3986 5.2.4 over a copy */
    char *in = xstrdup(path), *p = in;
    nm_buf o;
    buf_init(&o, NM_BUF_NOLIMIT);
    while (*p) {
        if (!strncmp(p, "../", 3)) p += 3;
        else if (!strncmp(p, "./", 2)) p += 2;
        else if (!strncmp(p, "/./", 3)) p += 2;
        else if (!strcmp(p, "/.")) p[1] = 0;
        else if (!strncmp(p, "/../", 4) || !strcmp(p, "/..")) {
            if (!strcmp(p, "/..")) { p += 2; *p = '/'; } else p += 3;
            char *slash = o.len ? strrchr(o.data, '/') : NULL;
            o.len = slash ? (size_t)(slash - o.data) : 0;
            if (o.data) o.data[o.len] = 0;
        } else if (!strcmp(p, ".") || !strcmp(p, "..")) p += strlen(p);
        else {
            char *e = strchr(p + 1, '/');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            buf_append(&o, p, n);
            p += n;
        }
    }
    buf_puts(out, buf_cstr(&o));
    buf_free(&o);
    free(in);
}

WEAK char *url_resolve(arena *a, const char *base, const char *ref)
{
    if (!base || !*base)
        return arena_strdup(a, ref);
    const char *c = ref;
    while ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
           *c == '+' || *c == '-' || *c == '.')
        c++;
    if (*c == ':' && c != ref)
        return arena_strdup(a, ref);
    const char *bs = strstr(base, "://");
    if (!bs)
        return arena_strdup(a, ref);
    const char *auth_end = strpbrk(bs + 3, "/?#");
    if (!auth_end)
        auth_end = base + strlen(base);
    nm_buf out;
    buf_init(&out, NM_BUF_NOLIMIT);
    if (ref[0] == '/' && ref[1] == '/') {
        buf_append(&out, base, (size_t)(bs + 1 - base));
        buf_puts(&out, ref);
    } else {
        buf_append(&out, base, (size_t)(auth_end - base));
        if (ref[0] == '/') {
            remove_dots(&out, ref);
        } else if (ref[0] == '?' || ref[0] == '#' || !ref[0]) {
            const char *bend = strpbrk(auth_end, ref[0] == '#' || !ref[0] ? "#" : "?#");
            buf_append(&out, auth_end, bend ? (size_t)(bend - auth_end) : strlen(auth_end));
            buf_puts(&out, ref);
        } else {
            const char *bpath_end = strpbrk(auth_end, "?#");
            size_t bl = bpath_end ? (size_t)(bpath_end - auth_end) : strlen(auth_end);
            nm_buf m;
            buf_init(&m, NM_BUF_NOLIMIT);
            const char *slash = NULL;
            for (size_t i = 0; i < bl; i++)
                if (auth_end[i] == '/') slash = auth_end + i;
            if (slash) buf_append(&m, auth_end, (size_t)(slash + 1 - auth_end));
            else buf_putc(&m, '/');
            buf_puts(&m, ref);
            remove_dots(&out, buf_cstr(&m));
            buf_free(&m);
        }
    }
    char *r = arena_strdup(a, buf_cstr(&out));
    buf_free(&out);
    return r;
}
