/*
 * date.c — interim dates for the site module (written by the site engineer
 * while the `date` helper's full version is on its way to main; on merge,
 * that version replaces this file whole).
 *
 * The idea: instants are int64 seconds since the epoch, UTC; calendar maths
 * is days-from-civil (Howard Hinnant's algorithm), so no libc time zone
 * state (TZ, localtime) is ever read. Zones here are UTC and fixed offsets
 * ("+08:00") plus a few IANA names without DST mapped to their offset.
 *
 * Deliberately not here: the tz database, RFC 822 zone letters beyond
 * GMT/UTC/Z, Chinese date forms (the full date.c has them).
 */
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

struct date_zone {
    long offset;
};

static const date_zone zone_utc = {0};

const date_zone *date_zone_utc(void) { return &zone_utc; }

static const struct {
    const char *name;
    date_zone zone;
} fixed_names[] = {
    {"Asia/Shanghai", {8 * 3600}}, {"Asia/Hong_Kong", {8 * 3600}},
    {"Asia/Taipei", {8 * 3600}},   {"Asia/Singapore", {8 * 3600}},
    {"Asia/Tokyo", {9 * 3600}},    {"Asia/Seoul", {9 * 3600}},
    {"Asia/Kolkata", {19800}},     {"Etc/UTC", {0}},
    {"GMT", {0}},
};

const date_zone *date_zone_get(const char *name, nm_error *err)
{
    if (!name || !*name || !strcmp(name, "UTC") || !strcmp(name, "Z"))
        return &zone_utc;
    for (size_t i = 0; i < NM_ARRAY_LEN(fixed_names); i++)
        if (!strcmp(name, fixed_names[i].name))
            return &fixed_names[i].zone;
    int h = 0, m = 0;
    char sign = name[0];
    if ((sign == '+' || sign == '-') && sscanf(name + 1, "%2d:%2d", &h, &m) >= 1 && h < 24 &&
        m < 60) {
        static date_zone fixed[2][24][60];
        date_zone *z = &fixed[sign == '-'][h][m];
        z->offset = (sign == '-' ? -1 : 1) * (h * 3600L + m * 60L);
        return z;
    }
    nm_fail(err, NULL, 0, "unknown time zone '%s' (use UTC, +08:00 or an IANA name)", name);
    return NULL;
}

long date_zone_offset(const date_zone *z, int64_t t)
{
    (void)t;
    return z ? z->offset : 0;
}

int64_t date_from_civil(int year, int month, int day, int hour, int minute, int second)
{
    int64_t y = year, m = month;
    y += (m - 1) / 12; /* normalize month */
    m = (m - 1) % 12;
    if (m < 0) { m += 12; y--; }
    m += 1;
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = era * 146097 + doe - 719468;
    return days * 86400 + hour * 3600LL + minute * 60LL + second;
}

void date_split(int64_t t, const date_zone *z, date_parts *out)
{
    long off = date_zone_offset(z, t);
    int64_t s = t + off;
    int64_t days = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
    int64_t rem = s - days * 86400;
    out->hour = (int)(rem / 3600);
    out->minute = (int)(rem % 3600 / 60);
    out->second = (int)(rem % 60);
    out->wday = (int)((days % 7 + 11) % 7); /* 1970-01-01 was a Thursday */
    int64_t zd = days + 719468;
    int64_t era = (zd >= 0 ? zd : zd - 146096) / 146097;
    int64_t doe = zd - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    y += m <= 2;
    out->year = (int)y;
    out->month = m;
    out->day = d;
    out->yday = (int)(days - date_from_civil((int)y, 1, 1, 0, 0, 0) / 86400);
    out->offset = off;
}

static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
static const char wdays[] = "SunMonTueWedThuFriSat";

void date_format_rfc1123(int64_t t, char out[32])
{
    date_parts p;
    date_split(t, NULL, &p);
    snprintf(out, 32, "%.3s, %02d %.3s %04d %02d:%02d:%02d GMT", wdays + 3 * p.wday, p.day,
             months + 3 * (p.month - 1), p.year, p.hour, p.minute, p.second);
}

void date_format_iso(int64_t t, char out[32])
{
    date_parts p;
    date_split(t, NULL, &p);
    snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", p.year, p.month, p.day, p.hour, p.minute,
             p.second);
}

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

static int64_t finish(int y, int mo, int d, int h, int mi, int s, long off, bool has_zone,
                      const date_zone *local)
{
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 60)
        return NM_NO_TIME;
    int64_t t = date_from_civil(y, mo, d, h, mi, s);
    if (!has_zone)
        off = date_zone_offset(local, t);
    return t - off;
}

static bool read_zone(const char *z, long *off)
{
    while (*z == ' ')
        z++;
    if (!*z)
        return false;
    if (!strcmp(z, "Z") || !strcmp(z, "GMT") || !strcmp(z, "UTC") || !strcmp(z, "UT")) {
        *off = 0;
        return true;
    }
    int h, m = 0;
    if ((*z == '+' || *z == '-') && isdigit((unsigned char)z[1])) {
        if (strchr(z, ':'))
            sscanf(z + 1, "%d:%d", &h, &m);
        else {
            int v = atoi(z + 1);
            h = v / 100;
            m = v % 100;
        }
        *off = (*z == '-' ? -1 : 1) * (h * 3600L + m * 60L);
        return true;
    }
    return false;
}

int64_t date_parse(const char *s, size_t n, const date_zone *local)
{
    char b[128];
    if (!s || n == 0 || n >= sizeof b)
        return NM_NO_TIME;
    memcpy(b, s, n);
    b[n] = 0;
    char *p = b;
    while (isspace((unsigned char)*p))
        p++;
    int y, mo, d, h = 0, mi = 0, sec = 0, used = 0;
    long off = 0;
    if (isdigit((unsigned char)p[0])) {
        int k = sscanf(p, "%4d-%2d-%2d%n", &y, &mo, &d, &used);
        if (k < 3)
            return NM_NO_TIME;
        char *q = p + used;
        if (*q == 'T' || *q == ' ') {
            int u2 = 0;
            if (sscanf(q + 1, "%2d:%2d%n", &h, &mi, &u2) >= 2) {
                q += 1 + u2;
                if (*q == ':') {
                    sec = atoi(q + 1);
                    q++;
                    while (isdigit((unsigned char)*q))
                        q++;
                }
                if (*q == '.')
                    while (isdigit((unsigned char)*++q))
                        ;
            }
        }
        bool zoned = read_zone(q, &off);
        return finish(y, mo, d, h, mi, sec, off, zoned, local);
    }
    char *comma = strchr(p, ',');
    if (comma)
        p = comma + 1;
    char mon[4] = {0};
    if (sscanf(p, "%d %3s %d %d:%d%n", &d, mon, &y, &h, &mi, &used) < 5)
        return NM_NO_TIME;
    char *q = p + used;
    if (*q == ':') {
        sec = atoi(q + 1);
        q++;
        while (isdigit((unsigned char)*q))
            q++;
    }
    const char *f = strstr(months, mon);
    if (!f || strlen(mon) != 3)
        return NM_NO_TIME;
    mo = (int)((f - months) / 3) + 1;
    if (y < 100)
        y += y < 50 ? 2000 : 1900;
    bool zoned = read_zone(q, &off);
    return finish(y, mo, d, h, mi, sec, off, zoned, local);
}
