/*
 * test_date.c — every date form date_parse reads, pinned to the exact
 * instant (expected values computed with Python's datetime/zoneinfo and
 * spot-checked with `date -u -d … +%s`), zone offsets from TZif files and
 * their POSIX footer rule, formatting, round trips, and the inputs that
 * must give NM_NO_TIME.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "util/util.h"

struct parse_case {
    const char *in;
    const char *local; /* zone for zone-less dates; NULL = UTC */
    int64_t want;
};

static const date_zone *zone(const char *name)
{
    nm_error err;
    const date_zone *z = date_zone_get(name, &err);
    if (!z)
        fail_msg("date_zone_get(%s): %s", name, err.msg);
    return z;
}

static void check_parse(const struct parse_case *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int64_t got = date_parse(c[i].in, strlen(c[i].in), c[i].local ? zone(c[i].local) : NULL);
        if (got != c[i].want)
            fail_msg("date_parse(\"%s\", %s) = %lld, want %lld", c[i].in,
                     c[i].local ? c[i].local : "UTC", (long long)got, (long long)c[i].want);
    }
}

static void test_parse_rfc822_forms(void **state)
{
    (void)state;
    static const struct parse_case c[] = {
        {"Fri, 19 Aug 2022 03:48:41 GMT", NULL, 1660880921LL},
        {"19 Aug 2022 03:48:41 GMT", NULL, 1660880921LL},            /* no weekday */
        {"Friday, 19 Aug 2022 03:48:41 GMT", NULL, 1660880921LL},
        {"Fri,19 Aug 2022 03:48:41 GMT", NULL, 1660880921LL},
        {"Fri, 19 Aug 2022 03:48 GMT", NULL, 1660880880LL},          /* no seconds */
        {"Fri, 19 aug 2022 03:48:41 gmt", NULL, 1660880921LL},
        {"  Fri,   19  AUGUST   2022   03:48:41   GMT \r\n", NULL, 1660880921LL},
        {"Fri, 19 Aug 2022 11:48:41 +0800", NULL, 1660880921LL},
        {"Thu, 18 Aug 2022 23:48:41 -04:00", NULL, 1660880921LL},
        {"Fri, 19 Aug 2022 11:48:41 +08", NULL, 1660880921LL},
        {"Fri, 19 Aug 2022 11:48:41 GMT+08:00", NULL, 1660880921LL},
        {"Thu, 18 Aug 2022 20:48:41 -0700 (PDT)", NULL, 1660880921LL},
        {"Friday, 19-Aug-22 03:48:41 GMT", NULL, 1660880921LL},      /* RFC 850 */
        {"19 Aug 2022", NULL, 1660867200LL},                         /* midnight */
        {"Fri, 19 Aug 2022 11:48:41", "Asia/Shanghai", 1660880921LL}, /* no zone */
        {"Sat, 31 Dec 2016 23:59:60 GMT", NULL, 1483228799LL},        /* leap second */
    };
    check_parse(c, NM_ARRAY_LEN(c));
}

static void test_parse_two_digit_years_follow_rfc2822(void **state)
{
    (void)state;
    static const struct parse_case c[] = {
        {"Fri, 19 Aug 22 03:48:41 GMT", NULL, 1660880921LL},
        {"Thu, 01 Jan 70 00:00:00 GMT", NULL, 0LL},
        {"Mon, 01 Jan 49 00:00:00 GMT", NULL, 2493072000LL}, /* 2049 */
        {"Sun, 01 Jan 50 00:00:00 GMT", NULL, -631152000LL}, /* 1950 */
        {"01 Jan 00 00:00:00 GMT", NULL, 946684800LL},       /* 2000 */
        {"01 Jan 99 00:00:00 GMT", NULL, 915148800LL},       /* 1999 */
    };
    check_parse(c, NM_ARRAY_LEN(c));
}

static void test_parse_named_zones_of_feedparser(void **state)
{
    (void)state;
    static const struct parse_case c[] = {
        {"Fri, 19 Aug 2022 12:00:00 EST", NULL, 1660928400LL},
        {"Fri, 19 Aug 2022 12:00:00 EDT", NULL, 1660924800LL},
        {"Fri, 19 Aug 2022 12:00:00 CST", NULL, 1660932000LL},
        {"Fri, 19 Aug 2022 12:00:00 CDT", NULL, 1660928400LL},
        {"Fri, 19 Aug 2022 12:00:00 MST", NULL, 1660935600LL},
        {"Fri, 19 Aug 2022 12:00:00 MDT", NULL, 1660932000LL},
        {"Fri, 19 Aug 2022 12:00:00 PST", NULL, 1660939200LL},
        {"Fri, 19 Aug 2022 12:00:00 PDT", NULL, 1660935600LL},
        {"Fri, 19 Aug 2022 12:00:00 UT", NULL, 1660910400LL},
        {"Fri, 19 Aug 2022 12:00:00 UTC", NULL, 1660910400LL},
        {"Fri, 19 Aug 2022 12:00:00 GMT", NULL, 1660910400LL},
        {"Fri, 19 Aug 2022 12:00:00 Z", NULL, 1660910400LL},
        {"Fri, 19 Aug 2022 12:00:00 A", NULL, 1660914000LL},  /* RFC 822 signs */
        {"Fri, 19 Aug 2022 12:00:00 M", NULL, 1660953600LL},
        {"Fri, 19 Aug 2022 12:00:00 N", NULL, 1660906800LL},
        {"Fri, 19 Aug 2022 12:00:00 Y", NULL, 1660867200LL},
        {"Fri, 19 Aug 2022 12:00:00 AST", NULL, 1660924800LL},
        {"Fri, 19 Aug 2022 12:00:00 ADT", NULL, 1660921200LL},
        {"Fri, 19 Aug 2022 12:00:00 MET", NULL, 1660906800LL},
        {"Fri, 19 Aug 2022 12:00:00 MEST", NULL, 1660903200LL},
        {"Fri, 19 Aug 2022 12:00:00 est", NULL, 1660928400LL},
    };
    check_parse(c, NM_ARRAY_LEN(c));
}

static void test_parse_asctime(void **state)
{
    (void)state;
    static const struct parse_case c[] = {
        {"Sun Nov  6 08:49:37 1994", NULL, 784111777LL},
        {"Sun Nov 6 08:49:37 1994", NULL, 784111777LL},
        {"Sun Nov  6 08:49:37 1994", "America/New_York", 784129777LL},
        {"Aug 19, 2022 03:48:41 GMT", NULL, 1660880921LL},
    };
    check_parse(c, NM_ARRAY_LEN(c));
}

static void test_parse_w3cdtf_rfc3339_iso8601(void **state)
{
    (void)state;
    static const struct parse_case c[] = {
        {"2003-06-10T09:41:01-04:00", NULL, 1055252461LL},
        {"2003-06-10T09:41:01.123Z", NULL, 1055238061LL},    /* fraction dropped */
        {"2003-06-10t09:41:01,5z", NULL, 1055238061LL},
        {"2003-06-10T09:41Z", NULL, 1055238060LL},
        {"2003-06-10T09:41:01+0530", NULL, 1055218261LL},
        {"2003-06-10", NULL, 1055203200LL},
        {"2003-06", NULL, 1054425600LL},                     /* day 1 */
        {"2003", NULL, 1041379200LL},                        /* Jan 1 */
        {"2003-06-10", "Asia/Shanghai", 1055174400LL},       /* local midnight */
        {"20030610T094101Z", NULL, 1055238061LL},            /* basic format */
        {"20030610T0941+0100", NULL, 1055234460LL},
        {"20030610", NULL, 1055203200LL},
        {"2003-06-10 09:41:01Z", NULL, 1055238061LL},        /* space for T */
        {"0001-01-01T00:00:00Z", NULL, -62135596800LL},
        {"9999-12-31T23:59:59Z", NULL, 253402300799LL},
    };
    check_parse(c, NM_ARRAY_LEN(c));
}

static void test_parse_yaml_slash_and_chinese_forms(void **state)
{
    (void)state;
    static const struct parse_case c[] = {
        {"2022-08-19 03:48:41", NULL, 1660880921LL},
        {"2022-08-19 11:48:41", "Asia/Shanghai", 1660880921LL},
        {"2001-12-14 21:59:43.10 -5", NULL, 1008385183LL},      /* YAML spec example */
        {"2022-08-19 11:48:41 UTC", "Asia/Shanghai", 1660909721LL}, /* zone beats local */
        {"2022-08-19 11:48", "Asia/Shanghai", 1660880880LL},
        {"2022/08/19 11:48", "Asia/Shanghai", 1660880880LL},
        {"2022/8/9 9:05", NULL, 1660035900LL},
        {"2020年08月31日 12:56", "Asia/Shanghai", 1598849760LL},
        {"2020年8月31日", "Asia/Shanghai", 1598803200LL},
        {"2020年08月31日 12:56:30", NULL, 1598878590LL},
        {"2020 年 8 月 31 日 12:56", NULL, 1598878560LL},
    };
    check_parse(c, NM_ARRAY_LEN(c));
}

static void test_parse_local_time_across_dst(void **state)
{
    (void)state;
    static const struct parse_case c[] = {
        {"2022-07-01 12:00", "America/New_York", 1656691200LL}, /* EDT, -4 */
        {"2022-01-15 12:00", "America/New_York", 1642266000LL}, /* EST, -5 */
        /* 02:30 does not exist on 2022-03-13: read with the offset before (EST) */
        {"2022-03-13 02:30", "America/New_York", 1647156600LL},
        /* 01:30 happens twice on 2022-11-06: the first (EDT) */
        {"2022-11-06 01:30", "America/New_York", 1667712600LL},
        {"2022-08-19 11:48", "+08:00", 1660880880LL},
    };
    check_parse(c, NM_ARRAY_LEN(c));
}

static void test_parse_rejects_impossible_and_garbage(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "   ", "garbage", "2022-02-30", "2021-02-29", "2022-13-01", "2022-00-10",
        "2022-08-19T25:00:00Z", "2022-08-19T24:00:00Z", "2022-08-19T10:60:00Z",
        "2022-08-19T10:00:61Z", "Fri, 32 Aug 2022 03:48:41 GMT", "Fri, 19 Foo 2022 03:48:41 GMT",
        "Fri, 19 Aug 2022 03:48:41 CEST", /* unknown zone name: no guess */
        "Fri, 19 Aug 2022 03:48:41 +2400", "Fri, 19 Aug 2022 03:48:41 GMT trailing",
        "0000-01-01T00:00:00Z", "10000-01-01", "0001-01-01T00:00:00+01:00", /* year 0 in UTC */
        "9999-12-31T23:59:59-01:00", "2022-08-19T", "2022-08-19T10", "2022-08-19 10:0",
        "2020年13月01日", "2020年08月31", "19 Aug 202", "Fri, 19 Aug", "Aug", "Fri,",
        "2003-06-10T09:41:01+05:30:00", "12345", "2003-06-10T09:41:01 (comment",
    };
    for (size_t i = 0; i < NM_ARRAY_LEN(bad); i++) {
        int64_t t = date_parse(bad[i], strlen(bad[i]), NULL);
        if (t != NM_NO_TIME)
            fail_msg("date_parse(\"%s\") = %lld, want NM_NO_TIME", bad[i], (long long)t);
    }
    assert_true(date_parse(NULL, 0, NULL) == NM_NO_TIME);
}

static void test_parse_never_reads_past_n(void **state)
{
    (void)state;
    /* Only the first n bytes count: the rest is another field. */
    const char *s = "2003-06-10T09:41:01Zgarbage";
    assert_true(date_parse(s, 20, NULL) == 1055238061LL);
    assert_true(date_parse(s, 10, NULL) == 1055203200LL);
    assert_true(date_parse(s, 4, NULL) == 1041379200LL);
    assert_true(date_parse(s, 21, NULL) == NM_NO_TIME);
    /* a buffer with no NUL at all, ending right after the digits */
    char exact[4] = {'2', '0', '0', '3'};
    assert_true(date_parse(exact, sizeof(exact), NULL) == 1041379200LL);
    char rfc[] = {'F', 'r', 'i', ',', ' ', '1', '9'};
    assert_true(date_parse(rfc, sizeof(rfc), NULL) == NM_NO_TIME);
}

static void test_format_rfc1123_and_iso(void **state)
{
    (void)state;
    char out[32];
    date_format_rfc1123(1660880921LL, out);
    assert_string_equal(out, "Fri, 19 Aug 2022 03:48:41 GMT");
    date_format_iso(1660880921LL, out);
    assert_string_equal(out, "2022-08-19T03:48:41Z");
    date_format_rfc1123(0, out);
    assert_string_equal(out, "Thu, 01 Jan 1970 00:00:00 GMT");
    date_format_iso(-62135596800LL, out);
    assert_string_equal(out, "0001-01-01T00:00:00Z");
    date_format_rfc1123(-1, out);
    assert_string_equal(out, "Wed, 31 Dec 1969 23:59:59 GMT");
    date_format_iso(NM_NO_TIME, out);
    assert_string_equal(out, "");
    date_format_rfc1123(NM_NO_TIME, out);
    assert_string_equal(out, "");
}

static void test_format_then_parse_round_trips(void **state)
{
    (void)state;
    const date_zone *sh = zone("Asia/Shanghai");
    /* every ~37 days and 7 hours over years 1..9999, plus the ends */
    for (int64_t t = -62135596800LL; t <= 253402300799LL; t += 37LL * 86400 + 7 * 3600 + 13) {
        char a[32], b[32];
        date_format_rfc1123(t, a);
        date_format_iso(t, b);
        if (date_parse(a, strlen(a), sh) != t || date_parse(b, strlen(b), NULL) != t)
            fail_msg("round trip of %lld: %s / %s", (long long)t, a, b);
    }
    char a[32];
    date_format_iso(253402300799LL, a);
    assert_true(date_parse(a, strlen(a), NULL) == 253402300799LL);
}

static void test_split_and_from_civil(void **state)
{
    (void)state;
    date_parts p;
    date_split(1660880921LL, NULL, &p);
    assert_int_equal(p.year, 2022);
    assert_int_equal(p.month, 8);
    assert_int_equal(p.day, 19);
    assert_int_equal(p.hour, 3);
    assert_int_equal(p.minute, 48);
    assert_int_equal(p.second, 41);
    assert_int_equal(p.wday, 5); /* Friday */
    assert_int_equal(p.yday, 230);
    assert_int_equal(p.offset, 0);

    date_split(1660880921LL, zone("Asia/Shanghai"), &p);
    assert_int_equal(p.hour, 11);
    assert_int_equal(p.offset, 8 * 3600);

    date_split(1609459199LL, zone("Asia/Shanghai"), &p); /* 2020-12-31 23:59:59Z */
    assert_int_equal(p.year, 2021);
    assert_int_equal(p.month, 1);
    assert_int_equal(p.day, 1);
    assert_int_equal(p.hour, 7);
    assert_int_equal(p.wday, 5);
    assert_int_equal(p.yday, 0);

    date_split(-1, NULL, &p); /* before the epoch */
    assert_int_equal(p.year, 1969);
    assert_int_equal(p.month, 12);
    assert_int_equal(p.day, 31);
    assert_int_equal(p.second, 59);
    assert_int_equal(p.wday, 3);
    assert_int_equal(p.yday, 364);

    date_split(951782400LL, NULL, &p); /* 2000-02-29: a leap day of a /400 year */
    assert_int_equal(p.month, 2);
    assert_int_equal(p.day, 29);
    assert_int_equal(p.yday, 59);

    assert_true(date_from_civil(1970, 1, 1, 0, 0, 0) == 0);
    assert_true(date_from_civil(2022, 8, 19, 3, 48, 41) == 1660880921LL);
    assert_true(date_from_civil(1, 1, 1, 0, 0, 0) == -62135596800LL);
    /* out-of-range fields are normalized */
    assert_true(date_from_civil(2022, 13, 1, 0, 0, 0) == date_from_civil(2023, 1, 1, 0, 0, 0));
    assert_true(date_from_civil(2022, 0, 1, 0, 0, 0) == date_from_civil(2021, 12, 1, 0, 0, 0));
    assert_true(date_from_civil(2022, 2, 30, 0, 0, 0) == date_from_civil(2022, 3, 2, 0, 0, 0));
    assert_true(date_from_civil(2022, 1, 1, 25, -1, 61) == date_from_civil(2022, 1, 2, 1, 0, 1));
}

static void test_zone_names_and_fixed_offsets(void **state)
{
    (void)state;
    nm_error err;
    assert_ptr_equal(date_zone_get(NULL, &err), date_zone_utc());
    assert_ptr_equal(date_zone_get("", &err), date_zone_utc());
    assert_ptr_equal(date_zone_get("UTC", &err), date_zone_utc());
    assert_ptr_equal(date_zone_get("GMT", &err), date_zone_utc());
    assert_ptr_equal(date_zone_get("Z", &err), date_zone_utc());
    assert_int_equal(date_zone_offset(date_zone_utc(), 0), 0);
    assert_int_equal(date_zone_offset(NULL, 0), 0);
    assert_int_equal(date_zone_offset(zone("+08:00"), 0), 8 * 3600);
    assert_int_equal(date_zone_offset(zone("+0800"), 0), 8 * 3600);
    assert_int_equal(date_zone_offset(zone("-05"), 0), -5 * 3600);
    assert_int_equal(date_zone_offset(zone("+05:30"), 0), 5 * 3600 + 1800);
    /* cached: the same zone object every time */
    assert_ptr_equal(zone("Asia/Shanghai"), zone("Asia/Shanghai"));
    assert_ptr_equal(zone("+08:00"), zone("+08:00"));

    static const char *const bad[] = {"Mars/Olympus", "../etc/passwd", "/etc/localtime",
                                      "Asia/../Asia/Shanghai", "Asia/Shang hai", "Asia\\x",
                                      "+25:00", "+08:60", "+123", "Asia", "Asia/"};
    for (size_t i = 0; i < NM_ARRAY_LEN(bad); i++) {
        nm_error_clear(&err);
        if (date_zone_get(bad[i], &err) != NULL)
            fail_msg("date_zone_get(%s) should fail", bad[i]);
        char want[256];
        snprintf(want, sizeof(want), "unknown time zone '%s'", bad[i]);
        assert_non_null(strstr(err.msg, want));
        assert_string_equal(err.where, "");
    }
    assert_null(date_zone_get("Nowhere/City", NULL)); /* err may be NULL */
}

static void test_zone_offsets_from_tzif(void **state)
{
    (void)state;
    const date_zone *ny = zone("America/New_York");
    assert_int_equal(date_zone_offset(ny, 1656691200LL), -4 * 3600); /* 2022-07-01 */
    assert_int_equal(date_zone_offset(ny, 1642266000LL), -5 * 3600); /* 2022-01-15 */
    /* the 2022 changes, to the second: 2022-03-13 07:00Z and 2022-11-06 06:00Z */
    assert_int_equal(date_zone_offset(ny, 1647154799LL), -5 * 3600);
    assert_int_equal(date_zone_offset(ny, 1647154800LL), -4 * 3600);
    assert_int_equal(date_zone_offset(ny, 1667714399LL), -4 * 3600);
    assert_int_equal(date_zone_offset(ny, 1667714400LL), -5 * 3600);
    /* past the last transition the footer's rule EST5EDT,M3.2.0,M11.1.0
     * applies: 2099-03-08 07:00Z and 2099-11-01 06:00Z */
    assert_int_equal(date_zone_offset(ny, 4076636399LL), -5 * 3600);
    assert_int_equal(date_zone_offset(ny, 4076636400LL), -4 * 3600);
    assert_int_equal(date_zone_offset(ny, 4097195999LL), -4 * 3600);
    assert_int_equal(date_zone_offset(ny, 4097196000LL), -5 * 3600);
    assert_int_equal(date_zone_offset(ny, 4118083200LL), -4 * 3600); /* 2100-07-01 */
    assert_int_equal(date_zone_offset(ny, 4102444800LL), -5 * 3600); /* 2100-01-01 */

    const date_zone *sh = zone("Asia/Shanghai");
    assert_int_equal(date_zone_offset(sh, 1660880921LL), 8 * 3600);
    assert_int_equal(date_zone_offset(sh, 583718400LL), 9 * 3600);    /* DST, 1988 */
    assert_int_equal(date_zone_offset(sh, -2208988800LL), 29143);      /* LMT, 1900 */
    assert_int_equal(date_zone_offset(sh, 4118083200LL), 8 * 3600);    /* footer CST-8 */

    /* southern hemisphere: DST across the new year (footer rule in 2050) */
    const date_zone *syd = zone("Australia/Sydney");
    assert_int_equal(date_zone_offset(syd, 2524608000LL), 11 * 3600); /* 2050-01-01 */
    assert_int_equal(date_zone_offset(syd, 2540246400LL), 10 * 3600); /* 2050-07-01 */
}

/* ---- TZif bytes built in the test ---------------------------------------- */

static void put32(nm_buf *b, uint32_t v)
{
    char c[4] = {(char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v};
    buf_append(b, c, 4);
}

static void put64(nm_buf *b, int64_t v)
{
    put32(b, (uint32_t)((uint64_t)v >> 32));
    put32(b, (uint32_t)v);
}

/* One header and data block; ts = 4 or 8 bytes a transition time. */
static void tzif_block(nm_buf *b, char version, int ts, const int64_t *times,
                       const unsigned char *idx, int ntimes, const int32_t *offs, int ntypes)
{
    buf_append(b, "TZif", 4);
    buf_putc(b, version);
    buf_append(b, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 15);
    put32(b, 0);                   /* isutcnt */
    put32(b, 0);                   /* isstdcnt */
    put32(b, 0);                   /* leapcnt */
    put32(b, (uint32_t)ntimes);    /* timecnt */
    put32(b, (uint32_t)ntypes);    /* typecnt */
    put32(b, 4);                   /* charcnt */
    for (int i = 0; i < ntimes; i++) {
        if (ts == 8)
            put64(b, times[i]);
        else
            put32(b, (uint32_t)(int32_t)times[i]);
    }
    buf_append(b, idx, (size_t)ntimes);
    for (int i = 0; i < ntypes; i++) {
        put32(b, (uint32_t)offs[i]);
        buf_putc(b, offs[i] != 0); /* isdst */
        buf_putc(b, 0);            /* abbreviation index */
    }
    buf_append(b, "XXX", 4);
}

static date_zone *tzif_zone(char version, const int64_t *times, const unsigned char *idx,
                            int ntimes, const int32_t *offs, int ntypes, const char *footer)
{
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    tzif_block(&b, version, 4, times, idx, ntimes, offs, ntypes);
    if (version != '\0') {
        tzif_block(&b, version, 8, times, idx, ntimes, offs, ntypes);
        buf_printf(&b, "\n%s\n", footer);
    }
    date_zone *z = date_zone_from_tzif(b.data, b.len);
    buf_free(&b);
    return z;
}

static void test_tzif_v1_transitions(void **state)
{
    (void)state;
    const int64_t times[] = {1000, 2000};
    const unsigned char idx[] = {1, 0};
    const int32_t offs[] = {0, 3600};
    date_zone *z = tzif_zone('\0', times, idx, 2, offs, 2, NULL);
    assert_non_null(z);
    assert_int_equal(date_zone_offset(z, -5), 0); /* before: type 0 */
    assert_int_equal(date_zone_offset(z, 1000), 3600);
    assert_int_equal(date_zone_offset(z, 1999), 3600);
    assert_int_equal(date_zone_offset(z, 2000), 0);
    assert_int_equal(date_zone_offset(z, 4000000000LL), 0); /* v1: no footer */
    date_zone_free(z);
}

static void test_tzif_v2_footer_rules(void **state)
{
    (void)state;
    const int64_t times[] = {1000};
    const unsigned char idx[] = {1};
    const int32_t offs[] = {0, 3600};
    /* fixed footer, with a <quoted> name and minutes: UTC+3:30 after 1000 */
    date_zone *z = tzif_zone('2', times, idx, 1, offs, 2, "<+0330>-3:30");
    assert_int_equal(date_zone_offset(z, 999), 0);
    assert_int_equal(date_zone_offset(z, 1000), 12600);
    assert_int_equal(date_zone_offset(z, 1660880921LL), 12600);
    date_zone_free(z);
    /* a footer that does not parse: the last transition's offset stays */
    z = tzif_zone('3', times, idx, 1, offs, 2, "!!!");
    assert_int_equal(date_zone_offset(z, 1660880921LL), 3600);
    date_zone_free(z);
    /* found by fuzz_tzif: a DST offset 25 hours east is refused (the
     * footer is dropped, the last transition's offset stays) */
    z = tzif_zone('2', times, idx, 1, offs, 2, "AEST-24AEDT,M11.1.0,M4.1.0/3");
    assert_int_equal(date_zone_offset(z, 1660880921LL), 3600);
    date_zone_free(z);
    /* Mm.w.d rules, no transitions at all: New York's 2022 change */
    const int32_t est[] = {-5 * 3600};
    z = tzif_zone('2', NULL, NULL, 0, est, 1, "EST5EDT,M3.2.0,M11.1.0");
    assert_int_equal(date_zone_offset(z, 1647154799LL), -5 * 3600);
    assert_int_equal(date_zone_offset(z, 1647154800LL), -4 * 3600);
    assert_int_equal(date_zone_offset(z, 1667714399LL), -4 * 3600);
    assert_int_equal(date_zone_offset(z, 1667714400LL), -5 * 3600);
    date_zone_free(z);
    /* Jn (Feb 29 not counted) and zero-based n, both at 00:00 */
    const int32_t utc[] = {0};
    z = tzif_zone('2', NULL, NULL, 0, utc, 1, "AAA0BBB,J60/0,J300/0");
    assert_int_equal(date_zone_offset(z, 1709208000LL), 0);       /* 2024-02-29 12:00Z */
    assert_int_equal(date_zone_offset(z, 1709251200LL), 3600);    /* 2024-03-01 */
    assert_int_equal(date_zone_offset(z, 1614556799LL), 0);       /* 2021-03-01 - 1s */
    assert_int_equal(date_zone_offset(z, 1614556800LL), 3600);
    assert_int_equal(date_zone_offset(z, 1635289199LL), 3600);    /* ends Oct 27 00:00 DST */
    assert_int_equal(date_zone_offset(z, 1635289200LL), 0);
    date_zone_free(z);
    z = tzif_zone('2', NULL, NULL, 0, utc, 1, "AAA0BBB,59/0,300/0");
    assert_int_equal(date_zone_offset(z, 1709164799LL), 0);       /* 2024-02-28 23:59:59Z */
    assert_int_equal(date_zone_offset(z, 1709164800LL), 3600);    /* 2024-02-29: day 59 */
    date_zone_free(z);
    /* southern hemisphere, end time /3 */
    const int32_t aest[] = {10 * 3600};
    z = tzif_zone('2', NULL, NULL, 0, aest, 1, "AEST-10AEDT,M10.1.0,M4.1.0/3");
    assert_int_equal(date_zone_offset(z, 2524608000LL), 11 * 3600); /* 2050-01-01 */
    assert_int_equal(date_zone_offset(z, 2540246400LL), 10 * 3600); /* 2050-07-01 */
    assert_int_equal(date_zone_offset(z, INT64_MAX), 10 * 3600);     /* no overflow */
    assert_int_equal(date_zone_offset(z, INT64_MIN), 10 * 3600);
    date_zone_free(z);
}

static void test_tzif_rejects_bad_bytes(void **state)
{
    (void)state;
    assert_null(date_zone_from_tzif("", 0));
    assert_null(date_zone_from_tzif(NULL, 10));
    assert_null(date_zone_from_tzif("TZif2 not really a zone file at all.........", 45));
    const int64_t times[] = {2000, 1000}; /* not ascending */
    const unsigned char idx[] = {0, 0};
    const int32_t offs[] = {0};
    assert_null(tzif_zone('2', times, idx, 2, offs, 1, ""));
    const unsigned char bad_idx[] = {0, 5}; /* type out of range */
    const int64_t ok_times[] = {1000, 2000};
    assert_null(tzif_zone('2', ok_times, bad_idx, 2, offs, 1, ""));
    assert_null(tzif_zone('2', ok_times, idx, 2, offs, 0, "")); /* no types */
    /* truncated v2 body */
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    tzif_block(&b, '2', 4, ok_times, idx, 2, offs, 1);
    tzif_block(&b, '2', 8, ok_times, idx, 2, offs, 1);
    assert_null(date_zone_from_tzif(b.data, b.len - 3));
    buf_free(&b);
    date_zone_free(NULL);
    date_zone_free((date_zone *)date_zone_utc()); /* ignored */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_rfc822_forms),
        cmocka_unit_test(test_parse_two_digit_years_follow_rfc2822),
        cmocka_unit_test(test_parse_named_zones_of_feedparser),
        cmocka_unit_test(test_parse_asctime),
        cmocka_unit_test(test_parse_w3cdtf_rfc3339_iso8601),
        cmocka_unit_test(test_parse_yaml_slash_and_chinese_forms),
        cmocka_unit_test(test_parse_local_time_across_dst),
        cmocka_unit_test(test_parse_rejects_impossible_and_garbage),
        cmocka_unit_test(test_parse_never_reads_past_n),
        cmocka_unit_test(test_format_rfc1123_and_iso),
        cmocka_unit_test(test_format_then_parse_round_trips),
        cmocka_unit_test(test_split_and_from_civil),
        cmocka_unit_test(test_zone_names_and_fixed_offsets),
        cmocka_unit_test(test_zone_offsets_from_tzif),
        cmocka_unit_test(test_tzif_v1_transitions),
        cmocka_unit_test(test_tzif_v2_footer_rules),
        cmocka_unit_test(test_tzif_rejects_bad_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
