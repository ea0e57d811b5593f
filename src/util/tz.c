/*
 * tz.c — time zones: UTC, fixed offsets, and IANA zones read from TZif.
 *
 * newsmill never asks the C library about time zones (no localtime, no TZ
 * environment): the machine's zone must not change the output. A zone is
 * one of three things: UTC; a fixed offset ("+08:00", "+0800", "-05");
 * or an IANA name ("Asia/Shanghai") whose rules are read from the binary
 * TZif file in /usr/share/zoneinfo (RFC 8536). From a TZif file we keep the
 * transition times and the UTC offset of each period, preferring the
 * 64-bit (v2+) body over the 32-bit v1 body. For instants past the last
 * transition the footer's POSIX TZ string applies ("CST-8",
 * "EST5EDT,M3.2.0,M11.1.0"): its standard offset, and its DST rule (Mm.w.d,
 * Jn and n forms, with optional signed times) when it has one.
 *
 * Zones are loaded once and cached for the life of the process behind a
 * mutex; a zone is immutable after loading, so lookups need no lock.
 *
 * Deliberately not here: leap seconds (the "right/" zones' leap records
 * are ignored: instants are POSIX seconds), zone abbreviations, and the
 * machine's local zone.
 */
#include "util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TZ_DIR "/usr/share/zoneinfo"
#define TZ_MAX_FILE (512 * 1024)
#define TZ_MAX_OFFSET (25L * 3600) /* a bound on any sane UTC offset */

/* The DST rule of a POSIX TZ string: when DST starts and ends each year. */
typedef struct tz_date {
    char kind; /* 'M' (month.week.day), 'J' (1..365, no Feb 29), 'N' (0..365) */
    int month, week, wday, day;
    long time; /* seconds after local midnight, may be negative or > 24h */
} tz_date;

struct date_zone {
    char *name;
    long fixed;             /* the offset when ntrans == 0 and !has_rule */
    size_t ntrans;
    int64_t *trans;         /* transition instants, ascending */
    long *trans_off;        /* offset in force from trans[i] on */
    long first_off;         /* offset before the first transition */
    bool has_footer;        /* footer's rule applies after the last transition */
    bool has_dst;
    long std_off, dst_off;  /* footer offsets, seconds east of UTC */
    tz_date start, end;
    struct date_zone *next; /* the cache's list */
};

static date_zone zone_utc = {.name = "UTC"};
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static date_zone *cache;

const date_zone *date_zone_utc(void)
{
    return &zone_utc;
}

/* ---- POSIX TZ strings (the TZif footer) ------------------------------ */


/* Reads a number of at most 3 digits, at most max. */
static bool read_num(const char **p, const char *end, int max, int *out)
{
    const char *s = *p;
    int v = 0, k = 0;
    while (s < end && nm_is_digit(*s) && k < 3) {
        v = v * 10 + (*s++ - '0');
        k++;
    }
    if (k == 0 || v > max)
        return false;
    *p = s;
    *out = v;
    return true;
}

/* [+-]hh[:mm[:ss]] with hh up to max_hours; returns seconds. */
static bool read_hms(const char **p, const char *end, int max_hours, long *out)
{
    const char *s = *p;
    int sign = 1, h, m = 0, sec = 0;
    if (s < end && (*s == '+' || *s == '-'))
        sign = *s++ == '-' ? -1 : 1;
    if (!read_num(&s, end, max_hours, &h))
        return false;
    if (s < end && *s == ':') {
        s++;
        if (!read_num(&s, end, 59, &m))
            return false;
        if (s < end && *s == ':') {
            s++;
            if (!read_num(&s, end, 59, &sec))
                return false;
        }
    }
    *p = s;
    *out = sign * ((long)h * 3600 + m * 60 + sec);
    return true;
}

/* A zone abbreviation: alphabetic, or anything in <...>. */
static bool skip_abbr(const char **p, const char *end)
{
    const char *s = *p;
    if (s < end && *s == '<') {
        while (s < end && *s != '>')
            s++;
        if (s == end)
            return false;
        *p = s + 1;
        return true;
    }
    while (s < end && nm_is_alpha(*s))
        s++;
    if (s - *p < 3)
        return false;
    *p = s;
    return true;
}

static bool read_rule_date(const char **p, const char *end, tz_date *d)
{
    const char *s = *p;
    memset(d, 0, sizeof(*d));
    d->time = 7200; /* 02:00 local, the POSIX default */
    if (s < end && *s == 'M') {
        s++;
        d->kind = 'M';
        if (!read_num(&s, end, 12, &d->month) || d->month < 1 || s == end || *s++ != '.' ||
            !read_num(&s, end, 5, &d->week) || d->week < 1 || s == end || *s++ != '.' ||
            !read_num(&s, end, 6, &d->wday))
            return false;
    } else if (s < end && *s == 'J') {
        s++;
        d->kind = 'J';
        if (!read_num(&s, end, 365, &d->day) || d->day < 1)
            return false;
    } else {
        d->kind = 'N';
        if (!read_num(&s, end, 365, &d->day))
            return false;
    }
    if (s < end && *s == '/' && (s++, !read_hms(&s, end, 167, &d->time)))
        return false;
    *p = s;
    return true;
}

/* "std offset [dst [offset] [,start[/time],end[/time]]]". POSIX offsets
 * are west of UTC ("CST-8" is UTC+8); we store them east. */
static bool parse_posix_tz(date_zone *z, const char *s, const char *end)
{
    long off;
    if (!skip_abbr(&s, end) || !read_hms(&s, end, 24, &off))
        return false;
    z->std_off = -off;
    if (s == end) {
        z->has_footer = true;
        return true;
    }
    if (!skip_abbr(&s, end))
        return false;
    z->dst_off = z->std_off + 3600;
    if (s < end && *s != ',') {
        if (!read_hms(&s, end, 24, &off))
            return false;
        z->dst_off = -off;
    }
    if (s == end || *s++ != ',' || !read_rule_date(&s, end, &z->start) || s == end ||
        *s++ != ',' || !read_rule_date(&s, end, &z->end) || s != end)
        return false; /* a DST zone without rules: not in any real footer */
    if (z->dst_off <= -TZ_MAX_OFFSET || z->dst_off >= TZ_MAX_OFFSET)
        return false; /* "XXX-24YYY" would put DST 25 hours east */
    z->has_footer = z->has_dst = true;
    return true;
}

static bool is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* The local-midnight "seconds since epoch" of rule date d in year y. */
static int64_t rule_day(const tz_date *d, int y)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int64_t jan1 = date_from_civil(y, 1, 1, 0, 0, 0);
    if (d->kind == 'J')
        return jan1 + (int64_t)(d->day - 1 + (is_leap(y) && d->day >= 60)) * 86400;
    if (d->kind == 'N')
        return jan1 + (int64_t)d->day * 86400;
    int64_t first = date_from_civil(y, d->month, 1, 0, 0, 0);
    int wday1 = (int)(((first / 86400 % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
    int day = 1 + (d->wday - wday1 + 7) % 7 + (d->week - 1) * 7;
    int dim = mdays[d->month - 1] + (d->month == 2 && is_leap(y));
    while (day > dim)
        day -= 7;
    return first + (int64_t)(day - 1) * 86400;
}

static long footer_offset(const date_zone *z, int64_t t)
{
    if (!z->has_dst || t <= -((int64_t)1 << 52) || t >= ((int64_t)1 << 52))
        return z->std_off; /* no rule, or beyond any calendar that matters */
    date_parts p;
    date_split(t + z->std_off, NULL, &p);
    /* DST starts at a local standard time and ends at a local DST time. */
    int64_t start = rule_day(&z->start, p.year) + z->start.time - z->std_off;
    int64_t end = rule_day(&z->end, p.year) + z->end.time - z->dst_off;
    bool dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
    return dst ? z->dst_off : z->std_off;
}

long date_zone_offset(const date_zone *z, int64_t t)
{
    if (!z)
        return 0;
    if (z->ntrans == 0)
        return z->has_footer ? footer_offset(z, t) : z->fixed;
    if (t < z->trans[0])
        return z->first_off;
    if (t >= z->trans[z->ntrans - 1] && z->has_footer)
        return footer_offset(z, t);
    size_t lo = 0, hi = z->ntrans; /* last i with trans[i] <= t */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (z->trans[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return z->trans_off[lo];
}

/* ---- TZif ---------------------------------------------------------------- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
    return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* Parses one TZif data block (time size ts = 4 or 8) starting at p; on
 * success sets *next to the byte after the block. */
static bool tzif_block(date_zone *z, const unsigned char *p, const unsigned char *end, int ts,
                       const unsigned char **next)
{
    if (end - p < 44 || memcmp(p, "TZif", 4) != 0)
        return false;
    uint32_t isutcnt = be32(p + 20), isstdcnt = be32(p + 24), leapcnt = be32(p + 28);
    uint32_t timecnt = be32(p + 32), typecnt = be32(p + 36), charcnt = be32(p + 40);
    if (typecnt == 0 || typecnt > 256 || timecnt > 100000 || leapcnt > 10000 ||
        charcnt > 100000 || (isutcnt && isutcnt != typecnt) || (isstdcnt && isstdcnt != typecnt))
        return false;
    size_t need = (size_t)timecnt * ts + timecnt + (size_t)typecnt * 6 + charcnt +
                  (size_t)leapcnt * (ts + 4) + isstdcnt + isutcnt;
    p += 44;
    if ((size_t)(end - p) < need)
        return false;
    const unsigned char *times = p, *idx = p + (size_t)timecnt * ts;
    const unsigned char *types = idx + timecnt;
    long offs[256];
    for (uint32_t i = 0; i < typecnt; i++) {
        offs[i] = (long)(int32_t)be32(types + 6 * i);
        if (offs[i] <= -TZ_MAX_OFFSET || offs[i] >= TZ_MAX_OFFSET)
            return false;
    }
    z->trans = xrealloc(z->trans, sizeof(int64_t) * (timecnt ? timecnt : 1));
    z->trans_off = xrealloc(z->trans_off, sizeof(long) * (timecnt ? timecnt : 1));
    for (uint32_t i = 0; i < timecnt; i++) {
        z->trans[i] = ts == 8 ? be64(times + 8 * i) : (int64_t)(int32_t)be32(times + 4 * i);
        if (idx[i] >= typecnt || (i > 0 && z->trans[i] <= z->trans[i - 1]))
            return false;
        z->trans_off[i] = offs[idx[i]];
    }
    z->ntrans = timecnt;
    /* RFC 8536: instants before the first transition use type 0. */
    z->first_off = offs[0];
    z->fixed = offs[0];
    *next = p + need;
    return true;
}

static bool tzif_parse(date_zone *z, const unsigned char *p, size_t n)
{
    const unsigned char *end = p + n, *next;
    if (!tzif_block(z, p, end, 4, &next))
        return false;
    if (p[4] == '\0')
        return true; /* version 1: no 64-bit body, no footer */
    if (!tzif_block(z, next, end, 8, &next))
        return false;
    /* footer: "\n" TZ-string "\n" */
    if (next < end && *next == '\n') {
        const unsigned char *s = next + 1, *e = s;
        while (e < end && *e != '\n')
            e++;
        if (e < end && e > s && !parse_posix_tz(z, (const char *)s, (const char *)e))
            z->has_footer = z->has_dst = false; /* unusable rule: transitions only */
    }
    return true;
}

/* ---- names and the cache ----------------------------------------------- */

/* One or two decimal digits. */
static int atoi_2(const char *d, size_t n)
{
    return n == 1 ? d[0] - '0' : (d[0] - '0') * 10 + (d[1] - '0');
}

/* "+08:00", "+0800", "-05", "+8": fixed offsets east of UTC. */
static bool parse_fixed(const char *s, long *out)
{
    size_t n = strlen(s);
    if (n < 2 || (s[0] != '+' && s[0] != '-'))
        return false;
    int sign = s[0] == '-' ? -1 : 1, h, m = 0;
    const char *d = s + 1;
    size_t digits = 0;
    while (nm_is_digit(d[digits]))
        digits++;
    if (digits == n - 1 && (digits == 1 || digits == 2)) {
        h = atoi_2(d, digits);
    } else if (digits == n - 1 && digits == 4) {
        h = (d[0] - '0') * 10 + (d[1] - '0');
        m = (d[2] - '0') * 10 + (d[3] - '0');
    } else if ((digits == 1 || digits == 2) && n - 1 == digits + 3 && d[digits] == ':' &&
               nm_is_digit(d[digits + 1]) && nm_is_digit(d[digits + 2])) {
        h = atoi_2(d, digits);
        m = (d[digits + 1] - '0') * 10 + (d[digits + 2] - '0');
    } else {
        return false;
    }
    if (h > 23 || m > 59)
        return false;
    *out = sign * (h * 3600L + m * 60L);
    return true;
}

static bool valid_iana_name(const char *s)
{
    if (!*s || *s == '/' || strstr(s, "..") || strlen(s) > 200)
        return false;
    for (const char *p = s; *p; p++)
        if (!(nm_is_alpha(*p) || nm_is_digit(*p) || *p == '/' || *p == '_' || *p == '+' || *p == '-'))
            return false;
    return true;
}

date_zone *date_zone_from_tzif(const void *data, size_t n)
{
    date_zone *z = xcalloc(1, sizeof(*z));
    if (!data || !tzif_parse(z, data, n)) {
        date_zone_free(z);
        return NULL;
    }
    z->name = xstrdup("(tzif)");
    return z;
}

void date_zone_free(date_zone *z)
{
    if (!z || z == &zone_utc)
        return;
    free(z->trans);
    free(z->trans_off);
    free(z->name);
    free(z);
}

static date_zone *load_zone(const char *name)
{
    long off;
    date_zone *z;
    if (parse_fixed(name, &off)) {
        z = xcalloc(1, sizeof(*z));
        z->fixed = off;
    } else {
        if (!valid_iana_name(name))
            return NULL;
        char path[256];
        snprintf(path, sizeof(path), "%s/%s", TZ_DIR, name);
        nm_buf b;
        buf_init(&b, TZ_MAX_FILE);
        nm_error ignored;
        z = fs_read_file(path, TZ_MAX_FILE, &b, &ignored) == 0
                ? date_zone_from_tzif(b.data, b.len)
                : NULL;
        buf_free(&b);
        if (!z)
            return NULL;
        free(z->name);
    }
    z->name = xstrdup(name);
    return z;
}

const date_zone *date_zone_get(const char *name, nm_error *err)
{
    if (!name || !*name || nm_strcasecmp(name, "UTC") == 0 || nm_strcasecmp(name, "GMT") == 0 ||
        nm_strcasecmp(name, "Z") == 0 || strcmp(name, "Etc/UTC") == 0)
        return &zone_utc;
    pthread_mutex_lock(&cache_lock);
    date_zone *z;
    for (z = cache; z; z = z->next)
        if (strcmp(z->name, name) == 0)
            break;
    if (!z && (z = load_zone(name)) != NULL) {
        z->next = cache;
        cache = z;
    }
    pthread_mutex_unlock(&cache_lock);
    if (!z)
        nm_fail(err, "", 0,
                "unknown time zone '%s' (use an IANA name such as Asia/Shanghai, or an "
                "offset such as +08:00)",
                name);
    return z;
}
