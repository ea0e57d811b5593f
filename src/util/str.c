/*
 * str.c — borrowed string slices, ASCII case folding and UTF-8 checks.
 *
 * A str_view is a pointer and a length into text that lives elsewhere (a
 * file's bytes, an arena): parsing slices instead of copying. The UTF-8
 * validator is strict (no overlongs, no surrogates, nothing past U+10FFFF)
 * because everything inside newsmill is valid UTF-8 by the time it is
 * stored; it is the gate at ingest.
 */
#include "util.h"
#include <errno.h>
#include <stdlib.h>

#include <string.h>

str_view sv_from(const char *s)
{
    return (str_view){s, s ? strlen(s) : 0};
}

str_view sv_make(const char *p, size_t n)
{
    return (str_view){p, n};
}

bool sv_eq(str_view a, str_view b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

bool sv_eq_cstr(str_view a, const char *s)
{
    return sv_eq(a, sv_from(s));
}

bool sv_starts_with(str_view a, str_view p)
{
    return a.len >= p.len && (p.len == 0 || memcmp(a.ptr, p.ptr, p.len) == 0);
}

bool sv_ends_with(str_view a, str_view s)
{
    return a.len >= s.len && (s.len == 0 || memcmp(a.ptr + a.len - s.len, s.ptr, s.len) == 0);
}


str_view sv_trim(str_view a)
{
    while (a.len && nm_is_space(a.ptr[0])) {
        a.ptr++;
        a.len--;
    }
    while (a.len && nm_is_space(a.ptr[a.len - 1]))
        a.len--;
    return a;
}

str_view sv_next_line(str_view *rest)
{
    const char *nl = rest->len ? memchr(rest->ptr, '\n', rest->len) : NULL;
    str_view line;
    if (nl) {
        line = sv_make(rest->ptr, (size_t)(nl - rest->ptr));
        rest->len -= line.len + 1;
        rest->ptr = nl + 1;
    } else {
        line = *rest;
        rest->ptr += rest->len;
        rest->len = 0;
    }
    if (line.len && line.ptr[line.len - 1] == '\r')
        line.len--;
    return line;
}

char *sv_dup(arena *a, str_view v)
{
    return arena_strndup(a, v.ptr ? v.ptr : "", v.len);
}

int nm_strncasecmp(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int ca = nm_to_lower((unsigned char)a[i]), cb = nm_to_lower((unsigned char)b[i]);
        if (ca != cb || ca == 0)
            return ca - cb;
    }
    return 0;
}

int nm_strcasecmp(const char *a, const char *b)
{
    return nm_strncasecmp(a, b, SIZE_MAX);
}

size_t utf8_first_invalid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* Fast paths (every post read and every feed parse validates the
         * whole text, so this loop is a visible share of both): eight
         * ASCII bytes at once, and two 3-byte sequences (CJK) at once when
         * their lead bytes need no range check on the second byte
         * (E1-EC, EE, EF). */
        while (n - i >= 8) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if ((w & 0x8080808080808080ULL) == 0) {
                i += 8;
                continue;
            }
            /* little-endian view: bytes 0 and 3 are 1110xxxx, 1, 2, 4, 5
             * are 10xxxxxx */
            if ((w & 0xC0C0F0C0C0F0ULL) == 0x8080E08080E0ULL && p[i] != 0xE0 && p[i] != 0xED &&
                p[i + 3] != 0xE0 && p[i + 3] != 0xED) {
                i += 6;
                continue;
            }
            break;
        }
        if (i >= n)
            break;
        unsigned c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xE1 && c <= 0xEF && c != 0xED && n - i >= 3 && (p[i + 1] & 0xC0) == 0x80 &&
            (p[i + 2] & 0xC0) == 0x80) {
            i += 3;
            continue;
        }
        size_t len;
        unsigned lo = 0x80, hi = 0xBF; /* allowed range of the 2nd byte */
        if (c >= 0xC2 && c <= 0xDF)
            len = 2;
        else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0)
                lo = 0xA0; /* no overlongs */
            if (c == 0xED)
                hi = 0x9F; /* no surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0)
                lo = 0x90;
            if (c == 0xF4)
                hi = 0x8F; /* nothing past U+10FFFF */
        } else
            return i;
        if (n - i < len || p[i + 1] < lo || p[i + 1] > hi)
            return i;
        for (size_t k = 2; k < len; k++)
            if ((p[i + k] & 0xC0) != 0x80)
                return i;
        i += len;
    }
    return n;
}

bool utf8_valid(const char *p, size_t n)
{
    return utf8_first_invalid(p, n) == n;
}

size_t str_num_ref(const char *s, size_t n, size_t max_digits, unsigned long *v)
{
    size_t i = 2; /* after "&#" */
    bool hex = i < n && (s[i] == 'x' || s[i] == 'X');
    if (hex)
        i++;
    size_t start = i;
    *v = 0;
    while (i < n && i - start < max_digits) {
        char c = s[i];
        int d = hex ? nm_hex_value(c) : nm_is_digit(c) ? c - '0' : -1;
        if (d < 0)
            break;
        *v = *v * (hex ? 16 : 10) + (unsigned long)d;
        i++;
    }
    if (i == start || i >= n || s[i] != ';')
        return 0;
    return i + 1;
}

size_t str_utf8_put(unsigned long cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

bool str_html_plain_code_point(unsigned long v)
{
    return (v >= 0x20 && v < 0x7F) || v == 0x9 || v == 0xA || (v >= 0xA0 && v < 0xD800) ||
           (v >= 0xE000 && v < 0xFDD0) || (v > 0xFDEF && v < 0xFFFE) ||
           (v >= 0x10000 && v <= 0x10FFFF && (v & 0xFFFE) != 0xFFFE);
}

bool str_size(const char *s, bool decimal, uint64_t *v)
{
    char *end;
    if (!nm_is_digit(*s))
        return false;
    errno = 0;
    unsigned long long n = strtoull(s, &end, 10);
    uint64_t unit = 1, k = decimal ? 1000 : 1024;
    if (*end == 'K' || *end == 'k')
        unit = k, end++;
    else if (*end == 'M' || *end == 'm')
        unit = k * k, end++;
    else if (*end == 'G' || *end == 'g')
        unit = k * k * k, end++;
    if (*end == 'B' || *end == 'b')
        end++;
    else if (decimal && (*end == 'p' || *end == 'P'))
        end += end[1] == 'x' || end[1] == 'X' ? 2 : 1;
    if (*end || errno || n == 0 || n > UINT64_MAX / unit)
        return false;
    *v = (uint64_t)n * unit;
    return true;
}
