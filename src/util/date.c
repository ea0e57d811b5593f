/*
 * date.c — the calendar, and reading every date form feeds use.
 *
 * An instant is int64 seconds since the Unix epoch; the calendar math is
 * Howard Hinnant's days-from-civil and civil-from-days (proleptic
 * Gregorian, exact for any year), so nothing depends on the C library's
 * idea of local time or locale. Zones come from tz.c.
 *
 * Parsing is a small hand-written scanner over [s, s+n) — the input is not
 * NUL-terminated and is never read past n — that tries three shapes:
 *
 *   numeric first  W3C-DTF / RFC 3339 / ISO 8601 ("2003-06-10T09:41:01Z",
 *                  "2003-06", "2003", basic "20030610T094101Z", a space
 *                  instead of T), YAML ("2022-08-19 03:48:41"), slashes
 *                  ("2022/08/19 11:48") and Chinese ("2020年8月31日 12:56");
 *   RFC 822 family "[Fri,] 19 Aug 2022 03:48[:41] GMT", RFC 850 dashes
 *                  "19-Aug-22", an optional "(comment)" after the zone;
 *   asctime        "Sun Nov  6 08:49:37 1994" (and "Nov 6, 2022 …").
 *
 * Rules, chosen to be predictable rather than clever:
 * - A date without a zone is read in the caller's `local` zone; a date
 *   without a time is midnight in its zone. In a DST gap the offset before
 *   the change is used; in a repeated hour, the first one.
 * - Two-digit years follow RFC 2822 4.3: 00-49 are 2000-2049, 50-99 are
 *   1950-1999.
 * - Zone names are feedparser's table (UT, UTC, GMT, Z, the US zones AST
 *   ADT AT EST EDT ET CST CDT CT MST MDT MT PST PDT PT, MET, MEST, and the
 *   military letters A, M, N, Y with RFC 822's signs) plus "GMT+08:00"
 *   style offsets. An unknown zone name makes the date unreadable
 *   (NM_NO_TIME) instead of a guess several hours off.
 * - Impossible fields (Feb 30, month 13, hour 24, minute 60) give
 *   NM_NO_TIME; second 60 (a leap second) reads as 59. Years 1..9999
 *   only, both as written and for the resulting instant in UTC.
 *   Fractions of a second are dropped; text over 200 bytes is not a date.
 *   A weekday name is skipped, not checked against the date.
 *
 * Deliberately not here: natural language ("yesterday"), week dates and
 * ordinal dates ("2003-W24", "2003-161"), non-Gregorian calendars.
 */
#include "util.h"

#include <stdio.h>
#include <string.h>

/* ---- the calendar ------------------------------------------------------ */

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

int64_t date_from_civil(int year, int month, int day, int hour, int minute, int second)
{
    int64_t m0 = (int64_t)month - 1;
    int64_t y = (int64_t)year + floor_div(m0, 12);
    m0 -= floor_div(m0, 12) * 12;
    int64_t days = days_from_civil(y, m0 + 1, 1) + (int64_t)day - 1;
    return days * 86400 + (int64_t)hour * 3600 + (int64_t)minute * 60 + second;
}

static int days_in_month(int y, int m)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return mdays[m - 1] + (m == 2 && leap);
}

/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
#define DATE_MIN (-62135596800LL)
#define DATE_MAX (253402300799LL)

/* Beyond about ±2.9e11 years the int fields would overflow. */
#define DATE_T_LIMIT ((int64_t)1 << 52)

void date_split(int64_t t, const date_zone *z, date_parts *out)
{
    memset(out, 0, sizeof(*out));
    if (t <= -DATE_T_LIMIT || t >= DATE_T_LIMIT)
        return; /* NM_NO_TIME and absurd instants: all zero */
    long off = date_zone_offset(z, t);
    int64_t local = t + off;
    int64_t days = floor_div(local, 86400);
    int64_t secs = local - days * 86400;
    int64_t y;
    civil_from_days(days, &y, &out->month, &out->day);
    out->year = (int)y;
    out->hour = (int)(secs / 3600);
    out->minute = (int)(secs / 60 % 60);
    out->second = (int)(secs % 60);
    out->wday = (int)(days + 4 - floor_div(days + 4, 7) * 7); /* 1970-01-01: Thursday */
    out->yday = (int)(days - days_from_civil(y, 1, 1));
    out->offset = off;
}

/* ---- formatting ---------------------------------------------------------- */

static const char wday_names[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char month_names[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* The UTC fields of t for a formatter; false (out made "") when there is
 * no time to format. */
static bool utc_parts(int64_t t, char out[32], date_parts *p)
{
    out[0] = '\0';
    if (t == NM_NO_TIME)
        return false;
    date_split(t, NULL, p);
    return p->month != 0;
}

void date_format_rfc1123(int64_t t, char out[32])
{
    date_parts p;
    if (utc_parts(t, out, &p))
        snprintf(out, 32, "%s, %02d %s %04d %02d:%02d:%02d GMT", wday_names[p.wday], p.day,
                 month_names[p.month - 1], p.year, p.hour, p.minute, p.second);
}

void date_format_iso(int64_t t, char out[32])
{
    date_parts p;
    if (utc_parts(t, out, &p))
        snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", p.year, p.month, p.day, p.hour,
                 p.minute, p.second);
}

/* ---- the scanner ------------------------------------------------------------ */

typedef struct scan {
    const char *p, *end;
} scan;

/* What a parse found: civil fields and, when given, the zone's offset. */
typedef struct date_fields {
    int year, month, day, hour, minute, second;
    bool has_zone;
    long offset;
} date_fields;

static bool at_end(const scan *s)
{
    return s->p >= s->end;
}


static bool peek(const scan *s, char c)
{
    return s->p < s->end && *s->p == c;
}

static bool eat(scan *s, char c)
{
    if (!peek(s, c))
        return false;
    s->p++;
    return true;
}

static bool eat_str(scan *s, const char *lit)
{
    size_t n = strlen(lit);
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, lit, n) != 0)
        return false;
    s->p += n;
    return true;
}

static size_t skip_spaces(scan *s)
{
    const char *st = s->p;
    while (s->p < s->end && nm_is_space(*s->p))
        s->p++;
    return (size_t)(s->p - st);
}

static size_t count_digits(const scan *s)
{
    size_t k = 0;
    while (s->p + k < s->end && nm_is_digit(s->p[k]))
        k++;
    return k;
}

/* Exactly a run of min..max digits (not followed by another digit). */
static bool read_int(scan *s, size_t min, size_t max, int *out)
{
    size_t k = count_digits(s);
    if (k < min || k > max)
        return false;
    int v = 0;
    for (size_t i = 0; i < k; i++)
        v = v * 10 + (s->p[i] - '0');
    s->p += k;
    *out = v;
    return true;
}

/* The next run of letters. */
static str_view read_word(scan *s)
{
    const char *st = s->p;
    while (s->p < s->end && nm_is_alpha(*s->p))
        s->p++;
    return sv_make(st, (size_t)(s->p - st));
}

/* True when w is at least the first 3 letters of full (case-insensitive). */
static bool word_abbreviates(str_view w, const char *full)
{
    return w.len >= 3 && w.len <= strlen(full) && nm_strncasecmp(w.ptr, full, w.len) == 0;
}

static int month_from_word(str_view w)
{
    static const char *const full[12] = {"january", "february", "march",     "april",
                                         "may",     "june",     "july",      "august",
                                         "september", "october", "november", "december"};
    for (int i = 0; i < 12; i++)
        if (word_abbreviates(w, full[i]))
            return i + 1;
    return 0;
}

static bool is_weekday(str_view w)
{
    static const char *const full[7] = {"sunday",   "monday", "tuesday", "wednesday",
                                        "thursday", "friday", "saturday"};
    for (int i = 0; i < 7; i++)
        if (word_abbreviates(w, full[i]))
            return true;
    return false;
}

/* hh:mm[:ss[(.|,)fraction]], hour of 1 or 2 digits. */
static bool read_time(scan *s, date_fields *f)
{
    if (!read_int(s, 1, 2, &f->hour) || !eat(s, ':') || !read_int(s, 2, 2, &f->minute))
        return false;
    if (eat(s, ':')) {
        if (!read_int(s, 2, 2, &f->second))
            return false;
        if ((peek(s, '.') || peek(s, ',')) && s->p + 1 < s->end && nm_is_digit(s->p[1])) {
            s->p++;
            s->p += count_digits(s);
        }
    }
    return true;
}

/* [+-]hh[[:]mm] with hh of 1 or 2 digits ("+08", "+8", "+0800", "-04:00"). */
static bool read_numeric_zone(scan *s, long *off)
{
    if (!peek(s, '+') && !peek(s, '-'))
        return false;
    int sign = *s->p++ == '-' ? -1 : 1, h, m = 0;
    size_t k = count_digits(s);
    if (k == 4) {
        read_int(s, 4, 4, &h);
        m = h % 100;
        h /= 100;
    } else if (k == 1 || k == 2) {
        read_int(s, 1, 2, &h);
        if (eat(s, ':') && !read_int(s, 2, 2, &m))
            return false;
    } else {
        return false;
    }
    if (h > 23 || m > 59)
        return false;
    *off = sign * (h * 3600L + m * 60L);
    return true;
}

/* feedparser's zone names, in hours east of UTC. */
static bool zone_from_word(str_view w, long *off)
{
    static const struct {
        const char *name;
        int hours;
    } zones[] = {
        {"ut", 0},   {"utc", 0},  {"gmt", 0},  {"z", 0},    {"adt", -3}, {"ast", -4},
        {"at", -4},  {"edt", -4}, {"est", -5}, {"et", -5},  {"cdt", -5}, {"cst", -6},
        {"ct", -6},  {"mdt", -6}, {"mst", -7}, {"mt", -7},  {"pdt", -7}, {"pst", -8},
        {"pt", -8},  {"a", -1},   {"n", 1},    {"m", -12},  {"y", 12},   {"met", 1},
        {"mest", 2},
    };
    for (size_t i = 0; i < NM_ARRAY_LEN(zones); i++)
        if (w.len == strlen(zones[i].name) && nm_strncasecmp(w.ptr, zones[i].name, w.len) == 0) {
            *off = zones[i].hours * 3600L;
            return true;
        }
    return false;
}

/* A zone at s: numeric, a name, or "GMT+8" / "UTC-05:00"; then an
 * optional "(comment)". Must consume everything up to the end. */
static bool read_zone_to_end(scan *s, date_fields *f)
{
    if (peek(s, '+') || peek(s, '-')) {
        if (!read_numeric_zone(s, &f->offset))
            return false;
    } else {
        str_view w = read_word(s);
        if (!zone_from_word(w, &f->offset))
            return false;
        if (f->offset == 0 && w.len >= 2 && (peek(s, '+') || peek(s, '-')) &&
            !read_numeric_zone(s, &f->offset))
            return false;
    }
    f->has_zone = true;
    skip_spaces(s);
    if (eat(s, '(')) {
        while (!at_end(s) && *s->p != ')')
            s->p++;
        if (!eat(s, ')'))
            return false;
        skip_spaces(s);
    }
    return at_end(s);
}

/* Optional " zone" then the end. */
static bool finish_with_optional_zone(scan *s, date_fields *f)
{
    skip_spaces(s);
    return at_end(s) || read_zone_to_end(s, f);
}

/* ---- the three shapes ------------------------------------------------------ */

/* ISO 8601 / W3C-DTF / RFC 3339 / YAML, and "2022/08/19 11:48". */
static bool parse_numeric(scan *s, date_fields *f)
{
    if (count_digits(s) == 8) { /* basic format: 20030610[T094101[Z]] */
        int v;
        read_int(s, 8, 8, &v);
        f->year = v / 10000;
        f->month = v / 100 % 100;
        f->day = v % 100;
        if (at_end(s))
            return true;
        if (!eat(s, 'T') && !eat(s, 't'))
            return false;
        size_t k = count_digits(s);
        if (k == 4 || k == 6) {
            read_int(s, k, k, &v);
            if (k == 4)
                v *= 100;
            f->hour = v / 10000;
            f->minute = v / 100 % 100;
            f->second = v % 100;
            if ((peek(s, '.') || peek(s, ',')) && s->p + 1 < s->end && nm_is_digit(s->p[1])) {
                s->p++;
                s->p += count_digits(s);
            }
        } else if (!read_time(s, f)) {
            return false;
        }
        return finish_with_optional_zone(s, f);
    }
    if (!read_int(s, 4, 4, &f->year))
        return false;
    f->month = f->day = 1;
    if (at_end(s))
        return true;
    char sep = *s->p;
    if (sep != '-' && sep != '/')
        return false;
    s->p++;
    if (!read_int(s, 1, 2, &f->month))
        return false;
    if (at_end(s))
        return true;
    if (!eat(s, sep) || !read_int(s, 1, 2, &f->day))
        return false;
    if (at_end(s))
        return true;
    if (!eat(s, 'T') && !eat(s, 't') && skip_spaces(s) == 0)
        return false;
    if (!read_time(s, f))
        return false;
    if (peek(s, 'Z') || peek(s, 'z')) {
        s->p++;
        f->has_zone = true;
        f->offset = 0;
        return at_end(s);
    }
    return finish_with_optional_zone(s, f);
}

/* 2020年08月31日[ 12:56[:30]] — spaces allowed around the characters. */
static bool parse_chinese(scan *s, date_fields *f)
{
    if (!read_int(s, 4, 4, &f->year))
        return false;
    skip_spaces(s);
    if (!eat_str(s, "\xE5\xB9\xB4")) /* 年 */
        return false;
    skip_spaces(s);
    if (!read_int(s, 1, 2, &f->month))
        return false;
    skip_spaces(s);
    if (!eat_str(s, "\xE6\x9C\x88")) /* 月 */
        return false;
    skip_spaces(s);
    if (!read_int(s, 1, 2, &f->day))
        return false;
    skip_spaces(s);
    if (!eat_str(s, "\xE6\x97\xA5") && !eat_str(s, "\xE5\x8F\xB7")) /* 日 or 号 */
        return false;
    skip_spaces(s);
    if (at_end(s))
        return true;
    if (!read_time(s, f))
        return false;
    return finish_with_optional_zone(s, f);
}

static int two_digit_year(int y, size_t digits)
{
    if (digits > 2)
        return y;
    return y < 50 ? 2000 + y : 1900 + y;
}

/* [weekday[,]] day[-]month[-]year [time] [zone], and month-first forms:
 * asctime "Nov  6 08:49:37 1994" and "Aug 19[,] 2022 [time] [zone]". */
static bool parse_words(scan *s, date_fields *f)
{
    scan save = *s;
    str_view w = read_word(s);
    if (w.len && is_weekday(w)) {
        eat(s, '.');
        skip_spaces(s);
        if (eat(s, ','))
            skip_spaces(s);
    } else {
        *s = save;
    }

    if (!at_end(s) && nm_is_digit(*s->p)) { /* day month year */
        if (!read_int(s, 1, 2, &f->day))
            return false;
        bool dash = eat(s, '-');
        if (!dash && skip_spaces(s) == 0)
            return false;
        if (!(f->month = month_from_word(read_word(s))))
            return false;
        eat(s, '.');
        if (dash ? !eat(s, '-') : skip_spaces(s) == 0)
            return false;
        size_t k = count_digits(s);
        if (!read_int(s, 2, 4, &f->year) || k == 3)
            return false;
        f->year = two_digit_year(f->year, k);
        if (skip_spaces(s) == 0)
            return at_end(s);
        if (at_end(s))
            return true;
        if (nm_is_digit(*s->p) && !read_time(s, f))
            return false;
        return finish_with_optional_zone(s, f);
    }

    /* month first */
    if (!(f->month = month_from_word(read_word(s))))
        return false;
    eat(s, '.');
    if (skip_spaces(s) == 0 || !read_int(s, 1, 2, &f->day))
        return false;
    eat(s, ',');
    if (skip_spaces(s) == 0)
        return false;
    scan t = *s;
    int dummy;
    if (read_int(&t, 1, 2, &dummy) && peek(&t, ':')) { /* asctime: time year */
        if (!read_time(s, f) || skip_spaces(s) == 0 || !read_int(s, 4, 4, &f->year))
            return false;
        return finish_with_optional_zone(s, f);
    }
    if (!read_int(s, 4, 4, &f->year))
        return false;
    if (skip_spaces(s) == 0)
        return at_end(s);
    if (at_end(s))
        return true;
    if (nm_is_digit(*s->p) && !read_time(s, f))
        return false;
    return finish_with_optional_zone(s, f);
}

/* ---- putting it together ------------------------------------------------------ */

/* The instant at which the wall clock of zone z shows `local` (civil
 * seconds): the offset a day before and a day after are the candidates;
 * of the ones that fit, the earlier instant wins; in a gap, the offset
 * before the change. Zones do not change offset twice within two days. */
static int64_t local_to_utc(const date_zone *z, int64_t local)
{
    long before = date_zone_offset(z, local - 86400);
    long after = date_zone_offset(z, local + 86400);
    int64_t tb = local - before, ta = local - after;
    bool fits_b = date_zone_offset(z, tb) == before, fits_a = date_zone_offset(z, ta) == after;
    if (fits_b && fits_a)
        return tb < ta ? tb : ta;
    if (fits_a)
        return ta;
    return tb;
}

int64_t date_parse(const char *str, size_t n, const date_zone *local)
{
    if (!str)
        return NM_NO_TIME;
    str_view v = sv_trim(sv_make(str, n));
    if (v.len == 0 || v.len > 200)
        return NM_NO_TIME;
    scan s = {v.ptr, v.ptr + v.len};
    date_fields f = {0};
    bool ok;
    if (nm_is_digit(*s.p)) {
        ok = parse_numeric(&s, &f);
        if (!ok) {
            memset(&f, 0, sizeof(f));
            s.p = v.ptr;
            ok = parse_chinese(&s, &f);
        }
        if (!ok) { /* "19 Aug 2022 …" */
            memset(&f, 0, sizeof(f));
            s.p = v.ptr;
            ok = parse_words(&s, &f);
        }
    } else {
        ok = parse_words(&s, &f);
    }
    if (!ok || !at_end(&s))
        return NM_NO_TIME;
    if (f.second == 60)
        f.second = 59;
    if (f.year < 1 || f.year > 9999 || f.month < 1 || f.month > 12 || f.day < 1 ||
        f.day > days_in_month(f.year, f.month) || f.hour > 23 || f.minute > 59 || f.second > 59)
        return NM_NO_TIME;
    int64_t civil = date_from_civil(f.year, f.month, f.day, f.hour, f.minute, f.second);
    int64_t t = f.has_zone ? civil - f.offset
                           : local_to_utc(local ? local : date_zone_utc(), civil);
    /* The instant itself must also be in years 1..9999 (UTC), so that every
     * result formats and reads back. */
    if (t < DATE_MIN || t > DATE_MAX)
        return NM_NO_TIME;
    return t;
}
