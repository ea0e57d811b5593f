/*
 * url.c — RFC 3986 reference resolution, scheme sniffing, path encoding.
 *
 * Feeds are full of relative links ("../img/a.jpg", "//cdn.x/y", "?p=2")
 * that must become absolute against the feed's or the item's URL. The idea
 * is RFC 3986 section 5 done literally: split both strings into the five
 * components (scheme, authority, path, query, fragment) as slices, pick
 * components per section 5.2.2, merge paths (5.2.3) and remove dot
 * segments (5.2.4) into one arena string. Results match Python's
 * urllib.parse.urljoin and browsers on all of RFC 3986's 5.4 examples,
 * including the one place they part from the RFC's strict reading: a
 * reference "http:g" whose scheme equals the base's is resolved as the
 * relative "g" (the RFC's "backward compatible" mode, which browsers use).
 *
 * Deliberately not here: no host normalization (case, IDNA, default
 * ports), no percent-decoding, no validation. Odd input resolves the way a
 * browser would rather than failing.
 */
#include "util.h"

#include <string.h>

/* The components of a URI reference; a NULL ptr means "undefined", which
 * differs from defined-but-empty ("http://a/?" has an empty query). */
typedef struct url_parts {
    str_view scheme, authority, path, query, fragment;
} url_parts;


/* Length of the scheme (without ':') at s, or 0 when there is none. */
static size_t scheme_len(const char *s, size_t n)
{
    if (n == 0 || !nm_is_alpha((unsigned char)s[0]))
        return 0;
    for (size_t i = 1; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ':')
            return i;
        if (!(nm_is_alnum(c) || c == '+' || c == '-' || c == '.'))
            return 0;
    }
    return 0;
}

/* RFC 3986 appendix B, without a regex. */
static void url_split(const char *s, size_t n, url_parts *p)
{
    memset(p, 0, sizeof(*p));
    size_t i = 0, sl = scheme_len(s, n);
    if (sl) {
        p->scheme = sv_make(s, sl);
        i = sl + 1;
    }
    if (n - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
        size_t st = i + 2;
        i = st;
        while (i < n && s[i] != '/' && s[i] != '?' && s[i] != '#')
            i++;
        p->authority = sv_make(s + st, i - st);
    }
    size_t st = i;
    while (i < n && s[i] != '?' && s[i] != '#')
        i++;
    p->path = sv_make(s + st, i - st);
    if (i < n && s[i] == '?') {
        st = ++i;
        while (i < n && s[i] != '#')
            i++;
        p->query = sv_make(s + st, i - st);
    }
    if (i < n && s[i] == '#')
        p->fragment = sv_make(s + i + 1, n - i - 1);
}

/* Appends path to out (which holds at most cap bytes and already has the
 * prefix of the result up to *len) removing "." and ".." segments per RFC
 * 3986 5.2.4; floor is where the path begins in out, so ".." never eats
 * into the scheme or authority. */
static void remove_dots(char *out, size_t *len, size_t floor, str_view in)
{
    const char *p = in.ptr, *end = in.ptr + in.len;
    size_t o = *len;
    while (p < end) {
        size_t rest = (size_t)(end - p);
        if (rest >= 3 && memcmp(p, "../", 3) == 0) {
            p += 3;
        } else if (rest >= 2 && memcmp(p, "./", 2) == 0) {
            p += 2;
        } else if (rest >= 3 && memcmp(p, "/./", 3) == 0) {
            p += 2;
        } else if (rest == 2 && memcmp(p, "/.", 2) == 0) {
            p += 1;
            out[o++] = '/';
            p = end;
        } else if ((rest >= 4 && memcmp(p, "/../", 4) == 0) ||
                   (rest == 3 && memcmp(p, "/..", 3) == 0)) {
            /* drop the last output segment and its preceding '/' */
            while (o > floor && out[o - 1] != '/')
                o--;
            if (o > floor)
                o--;
            if (rest == 3) {
                out[o++] = '/';
                p = end;
            } else {
                p += 3;
            }
        } else if ((rest == 1 && p[0] == '.') || (rest == 2 && memcmp(p, "..", 2) == 0)) {
            p = end;
        } else {
            /* move the first segment (with its leading '/', if any) */
            const char *q = p + (*p == '/');
            while (q < end && *q != '/')
                q++;
            memcpy(out + o, p, (size_t)(q - p));
            o += (size_t)(q - p);
            p = q;
        }
    }
    *len = o;
}

static void put(char *out, size_t *o, const char *p, size_t n)
{
    if (n) {
        memcpy(out + *o, p, n);
        *o += n;
    }
}

char *url_resolve(arena *a, const char *base, const char *ref)
{
    str_view r = sv_trim(sv_from(ref ? ref : ""));
    if (!base || !*base)
        return arena_strndup(a, r.ptr ? r.ptr : "", r.len);
    str_view bv = sv_trim(sv_from(base));
    url_parts B, R;
    url_split(bv.ptr, bv.len, &B);
    url_split(r.ptr, r.len, &R);

    /* "http:g" against an http base is relative, as browsers and urljoin
     * read it (RFC 3986 5.2.2, the non-strict variant). */
    if (R.scheme.ptr && B.scheme.ptr && !R.authority.ptr && R.scheme.len == B.scheme.len &&
        nm_strncasecmp(R.scheme.ptr, B.scheme.ptr, R.scheme.len) == 0)
        R.scheme = (str_view){0};

    url_parts T;
    str_view merge_base = {0}; /* base path part kept before the ref path */
    bool merge = false;
    if (R.scheme.ptr) {
        T = R;
    } else {
        T.scheme = B.scheme;
        if (R.authority.ptr) {
            T.authority = R.authority;
            T.path = R.path;
            T.query = R.query;
        } else {
            T.authority = B.authority;
            if (R.path.len == 0) {
                T.path = B.path;
                T.query = R.query.ptr ? R.query : B.query;
            } else {
                T.query = R.query;
                T.path = R.path;
                if (R.path.ptr[0] != '/') {
                    merge = true;
                    if (B.authority.ptr && B.path.len == 0) {
                        merge_base = SV("/");
                    } else {
                        size_t k = B.path.len;
                        while (k > 0 && B.path.ptr[k - 1] != '/')
                            k--;
                        merge_base = sv_make(B.path.ptr, k);
                    }
                }
            }
        }
        T.fragment = R.fragment;
    }

    size_t cap = T.scheme.len + T.authority.len + merge_base.len + T.path.len +
                 T.query.len + T.fragment.len + 8;
    char *out = arena_alloc(a, cap);
    size_t o = 0;
    if (T.scheme.ptr) {
        put(out, &o, T.scheme.ptr, T.scheme.len);
        out[o++] = ':';
    }
    if (T.authority.ptr) {
        put(out, &o, "//", 2);
        put(out, &o, T.authority.ptr, T.authority.len);
    }
    size_t floor = o;
    if (merge) {
        /* merged path = base directory + ref path, then dot removal */
        char *tmp = arena_alloc(a, merge_base.len + T.path.len + 1);
        size_t tl = 0;
        put(tmp, &tl, merge_base.ptr, merge_base.len);
        put(tmp, &tl, T.path.ptr, T.path.len);
        remove_dots(out, &o, floor, sv_make(tmp, tl));
    } else if (R.scheme.ptr || R.authority.ptr || R.path.len) {
        remove_dots(out, &o, floor, T.path);
    } else {
        put(out, &o, T.path.ptr, T.path.len); /* the base's path, untouched */
    }
    if (T.query.ptr) {
        out[o++] = '?';
        put(out, &o, T.query.ptr, T.query.len);
    }
    if (T.fragment.ptr) {
        out[o++] = '#';
        put(out, &o, T.fragment.ptr, T.fragment.len);
    }
    out[o] = '\0';
    return out;
}

void url_scheme(const char *url, char *out, size_t n)
{
    if (n == 0)
        return;
    out[0] = '\0';
    if (!url)
        return;
    size_t sl = scheme_len(url, strlen(url));
    if (sl == 0 || sl >= n)
        return;
    for (size_t i = 0; i < sl; i++) {
        char c = url[i];
        out[i] = (char)nm_to_lower(c);
    }
    out[sl] = '\0';
}

/* RFC 3986's unreserved set and '/': a table, since hrefs are made for
 * every card of every page. */
static const bool path_keep[256] = {
    ['-'] = 1, ['.'] = 1, ['_'] = 1, ['~'] = 1, ['/'] = 1,
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
    ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
    ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
    ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
    ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1,
};

static bool path_keeps(unsigned char c) { return path_keep[c]; }

size_t url_encode_path_to(char *out, const char *path, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    char *o = out;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)path[i];
        if (path_keeps(c)) {
            *o++ = (char)c;
        } else {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    return (size_t)(o - out);
}

int url_encode_path(nm_buf *out, const char *path, size_t n)
{
    /* runs of kept bytes are appended whole */
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        if (path_keeps((unsigned char)path[i]))
            continue;
        char e[3];
        url_encode_path_to(e, path + i, 1);
        if (buf_append(out, path + from, i - from) < 0 || buf_append(out, e, 3) < 0)
            return -1;
        from = i + 1;
    }
    return buf_append(out, path + from, n - from) < 0 ? -1 : 0;
}

char *url_host(arena *a, const char *url)
{
    if (!url)
        return NULL;
    const char *p = strstr(url, "://");
    if (!p)
        return NULL;
    p += 3;
    const char *at = NULL;
    size_t n = strcspn(p, "/?#");
    for (size_t i = 0; i < n; i++)
        if (p[i] == '@')
            at = p + i;
    if (at) {
        n -= (size_t)(at + 1 - p);
        p = at + 1;
    }
    size_t h = strcspn(p, ":/?#");
    if (h > n)
        h = n;
    if (!h)
        return NULL;
    char *s = arena_strndup(a, p, h);
    for (char *c = s; *c; c++)
        *c = (char)nm_to_lower(*c);
    return s;
}
