/*
 * date.c — TEMPORARY stand-in on the `post` branch until the date
 * helper's date.c lands on main (then this file is replaced by theirs in
 * the merge). It reads only RFC 1123 GMT and ISO/YAML UTC timestamps.
 */
#include "util.h"

#include <stdio.h>
#include <string.h>

struct date_zone { int dummy; };
static const date_zone utc_zone = {0};

const date_zone *date_zone_utc(void) { return &utc_zone; }

int64_t date_from_civil(int y, int m, int d, int hh, int mm, int ss)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (era * 146097 + doe - 719468) * 86400 + hh * 3600 + mm * 60 + ss;
}

static const char *const mons[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

int64_t date_parse(const char *s, size_t n, const date_zone *local)
{
    (void)local;
    char b[64], mon[4], wd[4], tz[8];
    if (n >= sizeof(b))
        return NM_NO_TIME;
    memcpy(b, s, n);
    b[n] = 0;
    int y, m, d, hh, mm, ss, k = 0;
    if (sscanf(b, "%3[A-Za-z], %d %3s %d %d:%d:%d %7s%n", wd, &d, mon, &y, &hh, &mm, &ss, tz, &k) == 8 &&
        (size_t)k == n) {
        for (m = 0; m < 12; m++)
            if (strcmp(mons[m], mon) == 0)
                break;
        if (m == 12 || strcmp(tz, "GMT") != 0)
            return NM_NO_TIME;
        m++;
    } else if (sscanf(b, "%4d-%2d-%2d%*1[T ]%2d:%2d:%2d%n", &y, &m, &d, &hh, &mm, &ss, &k) == 6 &&
               ((size_t)k == n || ((size_t)k + 1 == n && b[k] == 'Z'))) {
    } else {
        return NM_NO_TIME;
    }
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1] || hh > 23 || mm > 59 || ss > 59)
        return NM_NO_TIME;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return NM_NO_TIME;
    return date_from_civil(y, m, d, hh, mm, ss);
}

void date_split(int64_t t, const date_zone *z, date_parts *o)
{
    (void)z;
    int64_t days_ = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int64_t secs = t - days_ * 86400;
    int64_t zz = days_ + 719468;
    int64_t era = (zz >= 0 ? zz : zz - 146096) / 146097;
    int64_t doe = zz - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    memset(o, 0, sizeof(*o));
    o->year = (int)(y + (m <= 2));
    o->month = (int)m;
    o->day = (int)d;
    o->hour = (int)(secs / 3600);
    o->minute = (int)(secs / 60 % 60);
    o->second = (int)(secs % 60);
    o->wday = (int)((days_ % 7 + 11) % 7);
}

void date_format_rfc1123(int64_t t, char out[32])
{
    date_parts p;
    date_split(t, NULL, &p);
    snprintf(out, 32, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[p.wday], p.day,
             mons[p.month - 1], p.year, p.hour, p.minute, p.second);
}

void date_format_iso(int64_t t, char out[32])
{
    date_parts p;
    date_split(t, NULL, &p);
    snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", p.year, p.month, p.day, p.hour,
             p.minute, p.second);
}
