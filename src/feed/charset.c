/*
 * charset.c — the bytes of a feed become UTF-8, once, at the door.
 *
 * The order is the one browsers and feedparser use: a byte-order mark
 * wins; then the charset of the HTTP Content-Type; then the XML prolog's
 * encoding; then, with nothing declared, UTF-8 (or UTF-16/32 recognised by
 * the NUL pattern of "<?"). GB2312 and GBK are read as GB18030 (their
 * superset, and what Chinese sites really send); Shift_JIS as CP932, EUC-KR
 * as CP949, Big5 as CP950, for the same reason. iconv does the work.
 *
 * Declarations lie. A feed that says UTF-8 (or nothing) but is not valid
 * UTF-8 is tried as GB18030 and then windows-1252; a few stray bad bytes in
 * otherwise valid UTF-8 become U+FFFD instead. A feed that declares a
 * legacy charset but is valid UTF-8 with multi-byte characters is UTF-8.
 * Each of these sets bozo. Bytes a charset cannot read become U+FFFD.
 *
 * Not here: the XML parser is told the result is UTF-8 (xml.c ignores the
 * prolog's encoding from then on); HTML <meta> charsets are html's job.
 */
#include "feed_int.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The encoding="…" of an XML prolog at the start of data, in out. */
static bool prolog_encoding(const char *p, size_t n, char *out, size_t outn)
{
    size_t i = 0;
    while (i < n && is_space(p[i]))
        i++;
    if (n - i < 6 || memcmp(p + i, "<?xml", 5) != 0)
        return false;
    size_t end = i;
    while (end < n && end < i + 512 && !(p[end] == '?' && end + 1 < n && p[end + 1] == '>'))
        end++;
    const char *q = p + i;
    size_t qn = end - i;
    const char *e = memmem(q, qn, "encoding", 8);
    if (!e)
        return false;
    e += 8;
    const char *lim = q + qn;
    while (e < lim && is_space(*e))
        e++;
    if (e >= lim || *e != '=')
        return false;
    e++;
    while (e < lim && is_space(*e))
        e++;
    if (e >= lim || (*e != '"' && *e != '\''))
        return false;
    char quote = *e++;
    size_t k = 0;
    while (e < lim && *e != quote && k + 1 < outn)
        out[k++] = *e++;
    out[k] = 0;
    return k > 0;
}

/* The iconv name we read a declared charset with; NULL means UTF-8. */
static const char *charset_canonical(const char *name, char *tmp, size_t tmpn)
{
    size_t k = 0;
    for (const char *s = name; *s && k + 1 < tmpn; s++) {
        char c = *s;
        if (c == '"' || c == '\'' || is_space(c))
            continue;
        tmp[k++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    tmp[k] = 0;
    static const struct { const char *alias, *iconv_name; } map[] = {
        {"utf-8", NULL}, {"utf8", NULL}, {"us-ascii", NULL}, {"ascii", NULL},
        {"unicode-1-1-utf-8", NULL}, {"x-unicode20utf8", NULL},
        {"gb2312", "GB18030"}, {"gbk", "GB18030"}, {"x-gbk", "GB18030"}, {"cp936", "GB18030"},
        {"gb_2312-80", "GB18030"}, {"euc-cn", "GB18030"}, {"csgb2312", "GB18030"},
        {"x-euc-cn", "GB18030"}, {"windows-936", "GB18030"}, {"gb18030", "GB18030"},
        {"big5", "CP950"}, {"x-big5", "CP950"}, {"cn-big5", "CP950"}, {"cp950", "CP950"},
        {"shift_jis", "CP932"}, {"shift-jis", "CP932"}, {"sjis", "CP932"}, {"x-sjis", "CP932"},
        {"ms_kanji", "CP932"}, {"windows-31j", "CP932"}, {"cp932", "CP932"},
        {"euc-kr", "CP949"}, {"ks_c_5601-1987", "CP949"}, {"cp949", "CP949"},
        {"utf-16", "UTF-16"}, {"utf-32", "UTF-32"},
    };
    for (size_t i = 0; i < NM_ARRAY_LEN(map); i++)
        if (strcmp(tmp, map[i].alias) == 0)
            return map[i].iconv_name;
    return tmp;
}

/* Valid multi-byte sequences and invalid bytes in [p, p+n). */
static void utf8_census(const unsigned char *p, size_t n, size_t *good, size_t *bad)
{
    *good = *bad = 0;
    size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t ok = utf8_first_invalid((const char *)p + i, n - i < 4 ? n - i : 4);
        if (ok > 0) {
            /* at least one whole sequence starts here */
            size_t len = p[i] >= 0xF0 ? 4 : p[i] >= 0xE0 ? 3 : 2;
            (*good)++;
            i += len;
        } else {
            (*bad)++;
            i++;
        }
    }
}

char *feed_utf8_repair(arena *a, const char *p, size_t n, size_t *out_len)
{
    char *out = arena_alloc(a, n * 3 + 1);
    size_t o = 0, i = 0;
    while (i < n) {
        size_t ok = utf8_first_invalid(p + i, n - i);
        memcpy(out + o, p + i, ok);
        o += ok;
        i += ok;
        if (i < n) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    out[o] = 0;
    if (out_len)
        *out_len = o;
    return out;
}

/* Converts with iconv. strict: stop at the first bad byte and return
 * NULL. Otherwise bad input units become U+FFFD and *replaced counts them. */
static char *convert(arena *a, const char *from, const char *p, size_t n, bool strict,
                     size_t *out_len, size_t *replaced)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return NULL;
    size_t unit = strncmp(from, "UTF-16", 6) == 0 ? 2 : strncmp(from, "UTF-32", 6) == 0 ? 4 : 1;
    size_t cap = n * 3 + 16;
    char *out = arena_alloc(a, cap + 1);
    char *in = (char *)p, *o = out;
    size_t inleft = n, outleft = cap;
    *replaced = 0;
    while (inleft > 0) {
        if (iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1)
            break;
        if (errno == E2BIG || strict) { /* E2BIG cannot happen with 3n room */
            iconv_close(cd);
            return NULL;
        }
        /* EILSEQ or EINVAL (truncated at the end): skip one unit */
        size_t skip = unit < inleft ? unit : inleft;
        in += skip;
        inleft -= skip;
        if (outleft < 3)
            break;
        memcpy(o, "\xEF\xBF\xBD", 3);
        o += 3;
        outleft -= 3;
        (*replaced)++;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    iconv_close(cd);
    *o = 0;
    *out_len = (size_t)(o - out);
    /* UTF-16/32 input may carry its own BOM inside: drop a leading U+FEFF */
    if (*out_len >= 3 && memcmp(out, "\xEF\xBB\xBF", 3) == 0) {
        *out_len -= 3;
        return out + 3;
    }
    return out;
}

/* True when the UTF-8 text has CJK ideographs or kana/hangul: how we judge
 * that a GB18030 reading of undeclared bytes is right. */
static bool has_cjk(const char *s, size_t n)
{
    size_t cjk = 0, other = 0;
    for (size_t i = 0; i + 2 < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0xE3 && c <= 0xED)
            cjk++;
        else if (c >= 0xC2 && c <= 0xE2)
            other++;
    }
    return cjk >= 2 && cjk >= other;
}

void feed_to_utf8(feed_raw *r, const char *data, size_t len, const char *http_charset,
                  const char **out, size_t *out_len)
{
    const unsigned char *u = (const unsigned char *)data;
    const char *from = NULL; /* NULL: UTF-8 */
    bool by_bom = false;
    char tmp[64], decl[64];
    size_t replaced = 0;

    /* 1. byte-order mark */
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        data += 3, len -= 3, by_bom = true;
    } else if (len >= 4 && u[0] == 0xFF && u[1] == 0xFE && u[2] == 0 && u[3] == 0) {
        from = "UTF-32LE", data += 4, len -= 4, by_bom = true;
    } else if (len >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0xFE && u[3] == 0xFF) {
        from = "UTF-32BE", data += 4, len -= 4, by_bom = true;
    } else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
        from = "UTF-16BE", data += 2, len -= 2, by_bom = true;
    } else if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
        from = "UTF-16LE", data += 2, len -= 2, by_bom = true;
    } else if (len >= 4 && u[0] == '<' && u[1] == 0 && u[2] == 0 && u[3] == 0) {
        from = "UTF-32LE", by_bom = true;
    } else if (len >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0 && u[3] == '<') {
        from = "UTF-32BE", by_bom = true;
    } else if (len >= 4 && u[0] == '<' && u[1] == 0 && u[2] != 0 && u[3] == 0) {
        from = "UTF-16LE", by_bom = true;
    } else if (len >= 4 && u[0] == 0 && u[1] == '<' && u[2] == 0 && u[3] != 0) {
        from = "UTF-16BE", by_bom = true;
    }

    /* A BOM that contradicts the prolog, or UTF-16/32 found by its NULs
     * without a declaration saying so: read by the bytes, but bozo (as
     * feedparser and the XML spec have it). */
    if (by_bom) {
        bool nul_pattern = data == (const char *)u; /* nothing skipped: no BOM */
        if (!from) {
            if (prolog_encoding(data, len < 1024 ? len : 1024, decl, sizeof(decl)) &&
                charset_canonical(decl, tmp, sizeof(tmp)) != NULL)
                feed_set_bozo(r, "document declared as %s has a UTF-8 byte-order mark", decl);
        } else if (nul_pattern) {
            /* the prolog is in UTF-16/32 too: look at every other byte */
            char ascii[256];
            size_t k = 0, step = strncmp(from, "UTF-32", 6) == 0 ? 4 : 2;
            size_t off = (strcmp(from, "UTF-16BE") == 0) ? 1 : (strcmp(from, "UTF-32BE") == 0) ? 3 : 0;
            for (size_t i = off; i < len && k + 1 < sizeof(ascii); i += step)
                ascii[k++] = data[i];
            ascii[k] = 0;
            if (!prolog_encoding(ascii, k, decl, sizeof(decl)) ||
                (nm_strncasecmp(decl, "utf-16", 6) != 0 && nm_strncasecmp(decl, "utf-32", 6) != 0 &&
                 nm_strncasecmp(decl, "ucs", 3) != 0))
                feed_set_bozo(r, "%s document without a byte-order mark or a declaration", from);
        }
    }

    /* 2. HTTP charset, 3. XML prolog */
    const char *declared = NULL;
    if (!by_bom) {
        if (http_charset && *http_charset) {
            declared = http_charset;
        } else if (prolog_encoding(data, len < 1024 ? len : 1024, decl, sizeof(decl))) {
            declared = decl;
        }
        if (declared) {
            from = charset_canonical(declared, tmp, sizeof(tmp));
            if (from && (strcmp(from, "UTF-16") == 0 || strcmp(from, "UTF-32") == 0)) {
                /* declared UTF-16 without a BOM and without NULs: it is not */
                feed_set_bozo(r, "document declared as %s is not in that encoding", declared);
                from = NULL;
            }
        }
    }

    if (from) {
        iconv_t probe = iconv_open("UTF-8", from);
        if (probe == (iconv_t)-1) {
            feed_set_bozo(r, "unknown encoding '%s', read as UTF-8", declared ? declared : from);
            from = NULL;
        } else {
            iconv_close(probe);
        }
    }

    if (from && !by_bom) {
        /* a legacy declaration over bytes that are really UTF-8 */
        size_t good, bad;
        if (utf8_first_invalid(data, len) == len) {
            utf8_census(u + (data - (const char *)u), len, &good, &bad);
            if (good > 0) {
                feed_set_bozo(r, "document declared as %s is UTF-8", declared);
                from = NULL;
            }
        }
    }

    if (from) {
        char *s = convert(r->a, from, data, len, false, out_len, &replaced);
        if (s) {
            if (replaced)
                feed_set_bozo(r, "%zu byte sequences not valid in %s were replaced", replaced,
                              declared ? declared : from);
            *out = s;
            return;
        }
        from = NULL;
    }

    /* UTF-8, declared or assumed */
    size_t bad_at = utf8_first_invalid(data, len);
    if (bad_at == len) {
        if (by_bom) {
            /* a copy, so the result is NUL-terminated like every other path */
            *out = arena_strndup(r->a, data, len);
        } else {
            *out = data; /* no copy: everything after reads by length */
        }
        *out_len = len;
        return;
    }
    size_t good, bad;
    utf8_census((const unsigned char *)data, len, &good, &bad);
    if (good < bad * 4) {
        /* mostly not UTF-8: try the charsets a wrong or missing
         * declaration most often hides */
        size_t n2;
        char *s = convert(r->a, "GB18030", data, len, true, &n2, &replaced);
        if (s && has_cjk(s, n2)) {
            feed_set_bozo(r, "document %s%s is not UTF-8; read as GB18030",
                          declared ? "declared as " : "", declared ? declared : "");
            *out = s, *out_len = n2;
            return;
        }
        s = convert(r->a, "WINDOWS-1252", data, len, false, &n2, &replaced);
        if (s) {
            feed_set_bozo(r, "document %s%s is not UTF-8; read as windows-1252",
                          declared ? "declared as " : "", declared ? declared : "");
            *out = s, *out_len = n2;
            return;
        }
    }
    feed_set_bozo(r, "invalid UTF-8 at byte %zu; %zu bad bytes replaced", bad_at, bad);
    *out = feed_utf8_repair(r->a, data, len, out_len);
}
