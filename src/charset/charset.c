/*
 * charset.c — the bytes of a document become UTF-8, once, at the door.
 *
 * The order is the one browsers and feedparser use: a byte-order mark
 * wins (also UTF-16/32 recognised by the NUL pattern of "<"); then the
 * charset of the HTTP Content-Type; then the label the document declares;
 * then, with nothing declared, UTF-8. Labels mean what WHATWG says they
 * mean (labels.c). iconv does the work.
 *
 * Declarations lie, and many documents declare nothing. The answer is
 * checked against the bytes, and detection (uchardet, labels.c) runs only
 * when it fails: a legacy label over bytes that are valid UTF-8 with
 * multi-byte characters is UTF-8; bytes that do not decode in the label
 * (or are not UTF-8 when nothing is declared) are shown to the detector,
 * and its guess is taken when the bytes decode in it. A few stray bad bytes
 * in otherwise valid UTF-8 become U+FFFD instead of a guess, and so does
 * bad UTF-8 after a UTF-8 byte-order mark: the mark is the strongest word a
 * document can give. Each of these makes the document bozo, with a reason.
 *
 * Not here: finding the declared label (an XML prolog is the feed module's
 * business, a <meta> charset the article extractor's).
 */
#include "charset/charset.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void set_bozo(charset_info *info, const char *fmt, ...) NM_PRINTF(2, 3);
static void set_bozo(charset_info *info, const char *fmt, ...)
{
    if (info->bozo)
        return; /* the first reason is the one that matters */
    info->bozo = true;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(info->reason, sizeof(info->reason), fmt, ap);
    va_end(ap);
}

static void set_name(charset_info *info, const char *iconv_name, const char *source)
{
    snprintf(info->name, sizeof(info->name), "%s", iconv_name ? iconv_name : "UTF-8");
    info->source = source;
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

char *charset_utf8_repair(arena *a, const char *p, size_t n, size_t *out_len)
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
 * NULL. Otherwise bad input units become U+FFFD and *replaced counts them.
 * NULL also when iconv does not know from. */
static char *convert(arena *a, const char *from, const char *p, size_t n, bool strict,
                     size_t *out_len, size_t *replaced)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return NULL;
    size_t unit = strncmp(from, "UTF-16", 6) == 0 ? 2 : strncmp(from, "UTF-32", 6) == 0 ? 4 : 1;
    size_t cap = n * 3 + 16; /* no legacy charset needs more than 3 bytes a byte */
    char *out = arena_alloc(a, cap + 1);
    char *in = (char *)p, *o = out;
    size_t inleft = n, outleft = cap;
    *replaced = 0;
    while (inleft > 0) {
        if (iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1)
            break;
        if (errno == E2BIG || strict) {
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
    /* a stateful charset (ISO-2022-JP, HZ) may owe a final sequence */
    iconv(cd, NULL, NULL, &o, &outleft);
    iconv_close(cd);
    *o = 0;
    *out_len = (size_t)(o - out);
    /* glibc's UTF-8 decoder takes the old 5- and 6-byte forms (past
     * U+10FFFF) and its encoder writes them out again; a label iconv
     * reads as UTF-8 but WHATWG does not ("utf8\x90") gets here. What is
     * written must be UTF-8 all the same. */
    if (utf8_first_invalid(out, *out_len) != *out_len) {
        if (strict)
            return NULL;
        size_t good, bad;
        utf8_census((const unsigned char *)out, *out_len, &good, &bad);
        *replaced += bad;
        out = charset_utf8_repair(a, out, *out_len, out_len);
    }
    /* UTF-16/32 input may carry its own BOM inside: drop a leading U+FEFF */
    if (*out_len >= 3 && memcmp(out, "\xEF\xBB\xBF", 3) == 0) {
        *out_len -= 3;
        return out + 3;
    }
    return out;
}

static bool iconv_knows(const char *name)
{
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return false;
    iconv_close(cd);
    return true;
}

/* True when the UTF-8 text has CJK ideographs or kana/hangul: how a
 * GB18030 reading is judged when the detector had no answer. */
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

/* The detector's guess, taken when the bytes decode in it (a stray bad
 * byte per 4 KiB is forgiven: real documents have them). On a few words
 * of Chinese uchardet often answers a Latin charset; GB18030, when it
 * reads every byte as Chinese text, is the better guess then. */
static bool try_detected(arena *a, const char *p, size_t n, const char **out, size_t *out_len,
                         charset_info *info, const char *declared)
{
    char guess[40];
    if (!charset_detect(p, n, guess, sizeof(guess)))
        return false;
    size_t replaced = 0, len;
    char *s = NULL;
    static const char *const multibyte[] = {"GB18030", "CP950", "BIG5-HKSCS", "CP932",
                                            "EUC-JP-MS", "CP949", "ISO-2022-JP", "HZ"};
    bool cjk_guess = false;
    for (size_t i = 0; i < NM_ARRAY_LEN(multibyte); i++)
        cjk_guess |= strcmp(guess, multibyte[i]) == 0;
    if (!cjk_guess) {
        s = convert(a, "GB18030", p, n, true, &len, &replaced);
        if (s && has_cjk(s, len))
            strcpy(guess, "GB18030");
        else
            s = NULL;
    }
    if (!s)
        s = convert(a, guess, p, n, false, &len, &replaced);
    if (!s || replaced > n / 4096 + 1)
        return false;
    set_name(info, guess, "detected");
    if (declared)
        set_bozo(info, "document declared as %s is not in that encoding; detected as %s", declared,
                 guess);
    else
        set_bozo(info, "document without a declared encoding is not UTF-8; detected as %s", guess);
    *out = s, *out_len = len;
    return true;
}

void charset_to_utf8(arena *a, const char *bytes, size_t len, const char *http_label,
                     const char *declared_label, const char **out, size_t *out_len,
                     charset_info *info)
{
    const unsigned char *u = (const unsigned char *)bytes;
    const char *data = bytes;
    const char *from = NULL; /* NULL: UTF-8 */
    bool by_bom = false, nul_pattern = false;
    char tmp[64];
    size_t replaced = 0;

    memset(info, 0, sizeof(*info));
    set_name(info, NULL, "default");
    if (http_label && !*http_label)
        http_label = NULL;
    if (declared_label && !*declared_label)
        declared_label = NULL;

    /* 1. byte-order mark, or the NUL pattern of UTF-16/32 "<" */
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
        from = "UTF-32LE", nul_pattern = true;
    } else if (len >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0 && u[3] == '<') {
        from = "UTF-32BE", nul_pattern = true;
    } else if (len >= 4 && u[0] == '<' && u[1] == 0 && u[2] != 0 && u[3] == 0) {
        from = "UTF-16LE", nul_pattern = true;
    } else if (len >= 4 && u[0] == 0 && u[1] == '<' && u[2] == 0 && u[3] != 0) {
        from = "UTF-16BE", nul_pattern = true;
    }

    if (by_bom || nul_pattern) {
        set_name(info, from, "bom");
        /* A BOM that contradicts the declaration, or UTF-16/32 found by its
         * NULs without a declaration saying so: read by the bytes, but bozo
         * (as feedparser and the XML spec have it). */
        if (!from && declared_label && charset_label(declared_label, tmp, sizeof(tmp)) != NULL)
            set_bozo(info, "document declared as %s has a UTF-8 byte-order mark", declared_label);
        if (nul_pattern && (!declared_label || (nm_strncasecmp(declared_label, "utf-16", 6) != 0 &&
                                                nm_strncasecmp(declared_label, "utf-32", 6) != 0 &&
                                                nm_strncasecmp(declared_label, "ucs", 3) != 0)))
            set_bozo(info, "%s document without a byte-order mark or a declaration", from);
        if (from) {
            size_t n2;
            char *s = convert(a, from, data, len, false, &n2, &replaced);
            if (replaced)
                set_bozo(info, "%zu byte sequences not valid in %s were replaced", replaced, from);
            *out = s, *out_len = n2;
            return;
        }
        /* UTF-8 by its mark: bad bytes are bad bytes, not another charset */
        size_t bad_at = utf8_first_invalid(data, len);
        if (bad_at == len) {
            /* a copy, so the result is NUL-terminated like every other path */
            *out = arena_strndup(a, data, len);
            *out_len = len;
            return;
        }
        size_t good, bad;
        utf8_census((const unsigned char *)data, len, &good, &bad);
        set_bozo(info, "invalid UTF-8 after a UTF-8 byte-order mark at byte %zu; %zu bad bytes replaced",
                 bad_at + 3, bad);
        *out = charset_utf8_repair(a, data, len, out_len);
        return;
    }

    /* 2. HTTP charset, 3. the document's own label: the first one iconv
     * can read wins; UTF-16/32 without a BOM or NULs is not that */
    const char *labels[2] = {http_label, declared_label};
    const char *sources[2] = {"http", "declared"};
    const char *declared = NULL;
    for (int i = 0; i < 2 && !declared; i++) {
        if (!labels[i])
            continue;
        const char *name = charset_label(labels[i], tmp, sizeof(tmp));
        if (name && strncmp(name, "UTF-16", 6) != 0 && strncmp(name, "UTF-32", 6) != 0 &&
            !iconv_knows(name)) {
            set_bozo(info, "unknown encoding '%s'", labels[i]);
            continue;
        }
        declared = labels[i];
        if (name && (strncmp(name, "UTF-16", 6) == 0 || strncmp(name, "UTF-32", 6) == 0)) {
            set_bozo(info, "document declared as %s is not in that encoding", declared);
            name = NULL;
        }
        from = name;
        set_name(info, from, sources[i]);
    }

    if (from) {
        /* a legacy declaration over bytes that are really UTF-8 */
        if (utf8_first_invalid(data, len) == len) {
            size_t good, bad;
            utf8_census(u, len, &good, &bad);
            if (good > 0) {
                set_bozo(info, "document declared as %s is UTF-8", declared);
                set_name(info, NULL, "detected");
                *out = data, *out_len = len;
                return;
            }
        }
        char *s = convert(a, from, data, len, true, out_len, &replaced);
        if (s) {
            *out = s;
            return;
        }
        /* the bytes do not decode in the declared charset: ask the
         * detector, else keep the declaration and replace what is bad */
        if (try_detected(a, data, len, out, out_len, info, declared))
            return;
        *out = convert(a, from, data, len, false, out_len, &replaced);
        set_bozo(info, "%zu byte sequences not valid in %s were replaced", replaced, declared);
        return;
    }

    /* UTF-8, declared or assumed */
    size_t bad_at = utf8_first_invalid(data, len);
    if (bad_at == len) {
        *out = data; /* no copy: everything after reads by length */
        *out_len = len;
        return;
    }
    size_t good, bad;
    utf8_census(u, len, &good, &bad);
    if (good < bad * 4) {
        /* mostly not UTF-8: what is it? */
        if (try_detected(a, data, len, out, out_len, info, declared))
            return;
        /* the detector had no answer: the charsets a wrong or missing
         * declaration most often hides */
        size_t n2;
        char *s = convert(a, "GB18030", data, len, true, &n2, &replaced);
        if (s && has_cjk(s, n2)) {
            set_name(info, "GB18030", "detected");
            set_bozo(info, "document %s%s is not UTF-8; read as GB18030",
                     declared ? "declared as " : "", declared ? declared : "");
            *out = s, *out_len = n2;
            return;
        }
        s = convert(a, "WINDOWS-1252", data, len, false, &n2, &replaced);
        if (s) {
            set_name(info, "WINDOWS-1252", "detected");
            set_bozo(info, "document %s%s is not UTF-8; read as windows-1252",
                     declared ? "declared as " : "", declared ? declared : "");
            *out = s, *out_len = n2;
            return;
        }
    }
    set_bozo(info, "invalid UTF-8 at byte %zu; %zu bad bytes replaced", bad_at, bad);
    *out = charset_utf8_repair(a, data, len, out_len);
}

/* The windows-1252 byte of code point cp, as browsers decode it (the five
 * bytes windows-1252 leaves undefined are the C1 controls of the same
 * value), or -1 when windows-1252 has no byte for it. */
static int cp1252_byte(unsigned cp)
{
    static const unsigned short high[32] = {
        0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D,   0x017D, 0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))
        return (int)cp;
    for (int i = 0; i < 32; i++)
        if (high[i] == cp)
            return 0x80 + i;
    return -1;
}

/* A quick look for the mark of double encoding: Ã or Â … (U+00C2–U+00F4,
 * a UTF-8 lead byte read as windows-1252) followed by what a continuation
 * byte reads as (U+0080–U+00BF, or one of windows-1252's letters and
 * punctuation from 0x80–0x9F, all of which start with 0xC2, 0xC5, 0xC6,
 * 0xCB or 0xE2 in UTF-8). */
static bool looks_double_encoded(const unsigned char *s, size_t n)
{
    for (const unsigned char *p = memchr(s, 0xC3, n); p && p + 2 < s + n;
         p = memchr(p + 1, 0xC3, (size_t)(s + n - p - 1))) {
        unsigned char b = p[1], c = p[2];
        if (b >= 0x82 && b <= 0xB4 && (c == 0xC2 || c == 0xC5 || c == 0xC6 || c == 0xCB || c == 0xE2))
            return true;
    }
    return false;
}

char *charset_fix_double_utf8(arena *a, const char *s, size_t n, size_t *out_len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n < 4 || !looks_double_encoded(u, n))
        return NULL;
    char *out = arena_alloc(a, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t len;
        if (u[i] < 0x80)
            cp = u[i], len = 1;
        else if (u[i] >= 0xC2 && u[i] < 0xE0 && i + 1 < n)
            cp = ((u[i] & 0x1Fu) << 6) | (u[i + 1] & 0x3Fu), len = 2;
        else if (u[i] >= 0xE0 && u[i] < 0xF0 && i + 2 < n)
            cp = ((u[i] & 0x0Fu) << 12) | ((u[i + 1] & 0x3Fu) << 6) | (u[i + 2] & 0x3Fu), len = 3;
        else
            return NULL; /* nothing windows-1252 has (or not UTF-8) */
        int b = cp1252_byte(cp);
        if (b < 0)
            return NULL; /* a character windows-1252 does not have */
        out[k++] = (char)b;
        i += len;
    }
    out[k] = 0;
    if (utf8_first_invalid(out, k) != k)
        return NULL;
    size_t good, bad;
    utf8_census((const unsigned char *)out, k, &good, &bad);
    if (good == 0)
        return NULL;
    if (out_len)
        *out_len = k;
    return out;
}
