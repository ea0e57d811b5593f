/*
 * xml.c — UTF-8 bytes of an XML feed made fit for libxml2, safely.
 *
 * The XML reader is a stream: this file repairs the bytes, sax.c runs
 * libxml2's SAX2 push parser over them and keeps a small tree of the
 * entry being read, rss_atom.c says what its elements mean as each entry
 * closes. libxml2 reads with XML_PARSE_NONET and RECOVER, never NOENT,
 * DTDLOAD or HUGE, and with an external-entity loader that refuses
 * everything; sax.c keeps libxml2's bounds (256 levels, 10 MB text nodes).
 * Before libxml2 sees the bytes, a repair pass does what feedparser does
 * for the web's broken feeds, so that recovery loses as little as
 * possible:
 *   - the DOCTYPE is removed; of its internal subset only the "safe"
 *     entities feedparser keeps (<!ENTITY name "plain text">) are
 *     substituted, with a cap on the total expansion. No external entity,
 *     parameter entity or DTD ever reaches the parser: no XXE, no bombs;
 *   - HTML's named entities (&nbsp; &eacute; …) become character
 *     references; an unknown entity or a bare '&' becomes text; a '<' that
 *     cannot start markup becomes &lt;; "&#X41;" becomes "&#x41;";
 *   - bytes XML forbids (NUL and other C0 controls) are dropped.
 * Each repair, and any error libxml2 recovers from, sets bozo. The same
 * pass lifts the content of CDATA sections out of libxml2's way (see
 * liftable()): libxml2 reads the markup, sax.c puts the content back. A
 * document that needs no repair and has no CDATA is parsed where it lies,
 * not copied.
 *
 * Not here: the events (sax.c), what the elements mean (rss_atom.c),
 * charsets (charset.c).
 */
#include "feed_int.h"

#include "html/html.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* A safe DTD entity: name and replacement text (already XML-escaped). */
typedef struct safe_entity {
    const char *name;
    size_t name_len;
    const char *value;
} safe_entity;

#define MAX_SAFE_ENTITIES 256
#define MAX_EXPANSION ((size_t)4 << 20)

typedef struct prep {
    feed_raw *r;
    bool lift;         /* lift CDATA contents (see liftable()) */
    feed_cdata *cdata; /* lifted CDATA contents (malloc'd) */
    size_t ncdata, cdata_cap;
    safe_entity ents[MAX_SAFE_ENTITIES];
    size_t nents;
    size_t expanded;
    bool netscape;
} prep;


static bool is_name_char(unsigned char c)
{
    return nm_is_alnum(c) || c == '_' || c == '-' || c == '.' || c == ':' || c >= 0x80;
}

static bool is_word(unsigned char c)
{
    return nm_is_alnum(c) || c == '_';
}

/* Parses <!ENTITY …> declarations of an internal subset, keeping the ones
 * matching feedparser's RE_SAFE_ENTITY_PATTERN: \s+(\w+)\s+"(&#\w+;|[^&"]*)" */
static void collect_entities(prep *pp, const char *s, size_t n)
{
    const char *end = s + n;
    for (const char *p = memmem(s, n, "<!ENTITY", 8); p && pp->nents < MAX_SAFE_ENTITIES;
         p = memmem(p + 8, (size_t)(end - p - 8), "<!ENTITY", 8)) {
        const char *q = p + 8;
        if (q >= end || !nm_is_xml_space(*q))
            continue;
        while (q < end && nm_is_xml_space(*q))
            q++;
        const char *name = q;
        while (q < end && is_word((unsigned char)*q))
            q++;
        size_t name_len = (size_t)(q - name);
        if (!name_len || q >= end || !nm_is_xml_space(*q))
            continue;
        while (q < end && nm_is_xml_space(*q))
            q++;
        if (q >= end || *q != '"')
            continue;
        const char *v = ++q;
        while (q < end && *q != '"')
            q++;
        if (q >= end)
            continue;
        size_t vlen = (size_t)(q - v);
        const char *amp = memchr(v, '&', vlen);
        bool charref = false;
        if (amp) {
            /* only a single character reference is safe */
            charref = vlen > 3 && v[0] == '&' && v[1] == '#' && v[vlen - 1] == ';';
            for (size_t i = 2; charref && i + 1 < vlen; i++)
                charref = is_word((unsigned char)v[i]);
            if (!charref)
                continue;
        }
        nm_buf b;
        buf_init(&b, NM_BUF_NOLIMIT);
        for (size_t i = 0; i < vlen; i++) {
            if (v[i] == '<')
                buf_puts(&b, "&lt;");
            else if (v[i] == '>')
                buf_puts(&b, "&gt;");
            else
                buf_putc(&b, v[i]);
        }
        pp->ents[pp->nents++] = (safe_entity){arena_strndup(pp->r->a, name, name_len), name_len,
                                              arena_strdup(pp->r->a, buf_cstr(&b))};
        buf_free(&b);
    }
}

/* Removes the DOCTYPE of the prolog (everything before the root element),
 * collecting its safe entities. Without a DOCTYPE, s itself is the result
 * (no copy); otherwise the document without it is built in out. */
static str_view strip_doctype(prep *pp, nm_buf *out, const char *s, size_t n)
{
    /* the root element starts at the first '<' followed by a letter */
    size_t root = 0;
    while (root + 1 < n && !(s[root] == '<' && (nm_is_alpha(s[root + 1]) || s[root + 1] == '_')))
        root++;
    const char *d = NULL;
    for (const char *p = memchr(s, '<', root); p && (size_t)(p - s) < root;
         p = memchr(p + 1, '<', root - (size_t)(p + 1 - s))) {
        if ((size_t)(p - s) + 9 <= n && nm_strncasecmp(p, "<!DOCTYPE", 9) == 0) {
            d = p;
            break;
        }
    }
    if (!d)
        return sv_make(s, n);
    /* its end: '>' after the internal subset's ']' if there is one */
    const char *end = s + n, *q = d + 9, *subset = NULL, *subset_end = NULL;
    while (q < end && *q != '>' && *q != '[')
        q++;
    if (q < end && *q == '[') {
        subset = q + 1;
        const char *close = subset;
        /* the subset ends at "]" then optional space then ">" */
        while (close < end) {
            close = memchr(close, ']', (size_t)(end - close));
            if (!close)
                break;
            const char *t = close + 1;
            while (t < end && nm_is_xml_space(*t))
                t++;
            if (t < end && *t == '>') {
                subset_end = close;
                q = t;
                break;
            }
            close++;
        }
        if (!subset_end) {
            q = end;
        }
    }
    const char *dend = q < end ? q + 1 : end;
    size_t dlen = (size_t)(dend - d);
    char low[256];
    size_t k = dlen < sizeof(low) - 1 ? dlen : sizeof(low) - 1;
    for (size_t i = 0; i < k; i++)
        low[i] = (char)nm_to_lower(d[i]);
    low[k] = 0;
    if (strstr(low, "netscape"))
        pp->netscape = true;
    if (subset && subset_end)
        collect_entities(pp, subset, (size_t)(subset_end - subset));
    buf_append(out, s, (size_t)(d - s));
    buf_append(out, dend, (size_t)(end - dend));
    return sv_make(out->data ? out->data : "", out->len);
}

static bool xml_char_ok(unsigned long c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* Length of a well-formed character reference at s ("&#…;"), or 0. */
static size_t charref_len(const char *s, size_t n, bool *valid)
{
    unsigned long v;
    size_t len = str_num_ref(s, n, 10, &v);
    *valid = len && xml_char_ok(v);
    return len;
}

/* Appends s[0,n) to out without the bytes XML forbids; returns how many
 * were dropped. */
static size_t append_clean(nm_buf *out, const char *s, size_t n)
{
    size_t dropped = 0, run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            buf_append(out, s + run, i - run);
            run = i + 1;
            dropped++;
        }
    }
    buf_append(out, s + run, n - run);
    return dropped;
}

#define MAX_ATTRIBUTES 256

/* A start tag longer than 4 KiB at s[i]: libxml2 checks attributes for
 * duplicates pairwise, so 100,000 of them take minutes. Beyond
 * MAX_ATTRIBUTES the rest of the tag is dropped (bozo). Returns where the
 * main loop goes on. */
static size_t cap_attributes(prep *pp, nm_buf *out, const char *s, size_t n, size_t i,
                             size_t *run, size_t *dropped)
{
    size_t count = 0, last_space = 0, cut = 0, j = i + 1;
    char quote = 0;
    for (; j < n; j++) {
        char c = s[j];
        if (quote) {
            if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            break;
        } else if (nm_is_xml_space(c)) {
            last_space = j;
        } else if (c == '=' && ++count > MAX_ATTRIBUTES && !cut) {
            cut = last_space > i ? last_space : j;
        }
    }
    if (!cut)
        return i + 1;
    *dropped += append_clean(out, s + *run, cut - *run);
    buf_puts(out, j > 0 && j < n && s[j - 1] == '/' ? "/>" : ">");
    *run = j < n ? j + 1 : n;
    feed_set_bozo(pp->r, "an element with more than %d attributes: the rest were dropped",
                  MAX_ATTRIBUTES);
    return *run;
}

/* A start tag at s[i] ('<' then a name): when an attribute value in it is
 * not quoted (<guid isPermaLink=false>), writes the tag out with quotes.
 * Returns where the main loop goes on. */
static size_t fix_unquoted(prep *pp, nm_buf *out, const char *s, size_t n, size_t i, size_t *run,
                           size_t *dropped)
{
    /* the common case first: every '=' before the next '>' is followed by
     * a quote, so there is nothing to fix */
    size_t lim = n - i < 4096 ? n - i : 4096;
    const char *gt = memchr(s + i, '>', lim);
    if (!gt) {
        pp->lift = false;
        return lim == 4096 ? cap_attributes(pp, out, s, n, i, run, dropped) : i + 1;
    }
    /* a '<' before the '>', or a '>' inside a value: the tag is not where
     * a plain reading says it ends, and a CDATA section may lie in it */
    if (pp->lift && memchr(s + i + 1, '<', (size_t)(gt - s - i - 1)))
        pp->lift = false;
    /* (for lifting: each quoted value closes before the '>') */
    for (const char *eq = memchr(s + i, '=', (size_t)(gt - s - i)); eq && pp->lift;
         eq = memchr(eq + 1, '=', (size_t)(gt - eq - 1))) {
        const char *v = eq + 1;
        while (v < gt && nm_is_xml_space(*v))
            v++;
        const char *close = v < gt && (*v == '"' || *v == '\'') ? memchr(v + 1, *v, (size_t)(gt - v - 1)) : NULL;
        if (!close)
            pp->lift = false;
        else
            eq = close;
    }
    bool quoted = true;
    for (const char *eq = memchr(s + i, '=', (size_t)(gt - s - i)); eq && quoted;
         eq = memchr(eq + 1, '=', (size_t)(gt - eq - 1))) {
        const char *v = eq + 1;
        while (v < gt && nm_is_xml_space(*v))
            v++;
        quoted = v < gt && (*v == '"' || *v == '\'');
    }
    if (quoted)
        return i + 1;
    pp->lift = false;
    size_t j = i + 1;
    char quote = 0;
    bool need = false;
    for (; j < n && j - i < 4096; j++) {
        char c = s[j];
        if (quote) {
            if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>' || c == '<') {
            break;
        } else if (c == '=') {
            size_t k = j + 1;
            while (k < n && nm_is_xml_space(s[k]))
                k++;
            if (k < n && s[k] != '"' && s[k] != '\'' && s[k] != '>')
                need = true;
        }
    }
    if (!need || j >= n || s[j] != '>')
        return i + 1;
    *dropped += append_clean(out, s + *run, i - *run);
    quote = 0;
    for (size_t k = i; k < j; k++) {
        char c = s[k];
        if (quote) {
            if (c == quote)
                quote = 0;
            buf_putc(out, c);
            continue;
        }
        if (c == '"' || c == '\'') {
            quote = c;
            buf_putc(out, c);
            continue;
        }
        buf_putc(out, c);
        if (c != '=')
            continue;
        size_t v = k + 1;
        while (v < j && nm_is_xml_space(s[v]))
            buf_putc(out, s[v++]);
        if (v >= j || s[v] == '"' || s[v] == '\'') {
            k = v - 1;
            continue;
        }
        buf_putc(out, '"');
        while (v < j && !nm_is_xml_space(s[v]) && !(s[v] == '/' && v + 1 == j)) {
            if (s[v] == '&')
                buf_puts(out, "&amp;");
            else if (s[v] == '"')
                buf_puts(out, "&quot;");
            else
                buf_putc(out, s[v]);
            v++;
        }
        buf_putc(out, '"');
        k = v - 1;
    }
    *run = j;
    feed_set_bozo(pp->r, "attribute value without quotes");
    return j;
}

/* From i, the first '<' or '&' of s[0,n), or a byte below 0x20 when
 * ctl (n when none): sixteen bytes at a time where SSE2 is there (always
 * on x86-64), eight otherwise. */
static size_t skip_plain(const char *s, size_t i, size_t n, bool ctl)
{
#ifdef __SSE2__
    const __m128i lt = _mm_set1_epi8('<'), amp = _mm_set1_epi8('&'), c1f = _mm_set1_epi8(0x1F);
    while (i + 16 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i m = _mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, amp));
        if (ctl)
            m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_min_epu8(v, c1f), v));
        int mask = _mm_movemask_epi8(m);
        if (mask)
            return i + (size_t)__builtin_ctz((unsigned)mask);
        i += 16;
    }
#endif
    const uint64_t ones = 0x0101010101010101ull;
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t l = w ^ (ones * '<'), a = w ^ (ones * '&');
        uint64_t hit = ((l - ones) & ~l) | ((a - ones) & ~a);
        if (ctl)
            hit |= (w - ones * 0x20) & ~w;
        if (hit & (ones * 0x80))
            break;
        i += 8;
    }
    return i;
}

static bool has_forbidden(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        i = skip_plain(s, i, n, true);
        if (i >= n)
            break;
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            return true;
    }
    return false;
}

/* memmem() for the short ends of CDATA, comments and PIs: memchr() finds
 * their first byte much faster than a general search. */
static const char *find_end(const char *s, size_t n, const char *pat, size_t k)
{
    const char *end = s + n;
    for (const char *p = memchr(s, pat[0], n); p; p = memchr(p + 1, pat[0], (size_t)(end - p - 1))) {
        if ((size_t)(end - p) < k)
            return NULL;
        if (memcmp(p, pat, k) == 0)
            return p;
        if (p + 1 >= end)
            return NULL;
    }
    return NULL;
}

/* CDATA lifting. libxml2 spends more time on the content of CDATA
 * sections (where RSS keeps its HTML) than on all the rest of a feed: it
 * looks for "]]>" and checks every character, byte by byte. This pass has
 * found the end already, so a section's content is taken out of the text
 * libxml2 reads and put back by sax.c: "<![CDATA[#k#\n\n]]>" stands for
 * the k-th content and keeps its line feeds (error messages name the same
 * lines). Only content libxml2 would pass without a word is lifted: no C0
 * control but TAB, LF and CR, no U+FFFE/U+FFFF, not after another section
 * (libxml2 merges those), at most MAX_LIFT bytes and 200 lines (so its
 * stand-in never reaches libxml2 in pieces), and only while every tag so
 * far ended where it seemed to (no '<' in a tag, no '>' in a value, no
 * unquoted value, no declaration): a section inside a tag is no CDATA to
 * libxml2, and its stand-in would show. sax.c takes a stand-in back only
 * where it was put. */
#define MAX_LIFT ((size_t)1 << 20)

static bool liftable(const char *c, size_t n, size_t *lines)
{
    if (n > MAX_LIFT)
        return false;
    size_t lf = 0, i = 0;
#ifdef __SSE2__
    const __m128i c1f = _mm_set1_epi8(0x1F), tab = _mm_set1_epi8('\t'), nl = _mm_set1_epi8('\n'),
                  cr = _mm_set1_epi8('\r'), ef = _mm_set1_epi8((char)0xEF);
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(c + i));
        __m128i isnl = _mm_cmpeq_epi8(v, nl);
        __m128i ok = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, tab), isnl), _mm_cmpeq_epi8(v, cr));
        __m128i ctl = _mm_andnot_si128(ok, _mm_cmpeq_epi8(_mm_min_epu8(v, c1f), v));
        if (_mm_movemask_epi8(ctl))
            return false;
        lf += (size_t)__builtin_popcount((unsigned)_mm_movemask_epi8(isnl));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, ef));
        while (m) { /* EF BF BE, EF BF BF */
            size_t j = i + (size_t)__builtin_ctz(m);
            if (j + 2 < n && (unsigned char)c[j + 1] == 0xBF && (unsigned char)c[j + 2] >= 0xBE)
                return false;
            m &= m - 1;
        }
    }
#endif
    for (; i < n; i++) {
        unsigned char b = (unsigned char)c[i];
        if (b < 0x20 && b != '\t' && b != '\n' && b != '\r')
            return false;
        lf += b == '\n';
        if (b == 0xEF && i + 2 < n && (unsigned char)c[i + 1] == 0xBF && (unsigned char)c[i + 2] >= 0xBE)
            return false;
    }
    *lines = lf;
    return lf <= 200;
}

/* Records a lifted content and writes its stand-in's "#k#" and line
 * feeds. */
static void lift(prep *pp, nm_buf *out, const char *c, size_t n, size_t lines)
{
    if (pp->ncdata == pp->cdata_cap) {
        pp->cdata_cap = pp->cdata_cap ? 2 * pp->cdata_cap : 64;
        pp->cdata = xrealloc(pp->cdata, pp->cdata_cap * sizeof(*pp->cdata));
    }
    size_t at = out->len;
    char num[24];
    size_t k = sizeof(num), v = pp->ncdata;
    num[--k] = '#';
    do
        num[--k] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    num[--k] = '#';
    buf_append(out, num + k, sizeof(num) - k);
    for (size_t i = 0; i < lines; i++)
        buf_putc(out, '\n');
    pp->cdata[pp->ncdata++] = (feed_cdata){c, n, at};
}

/* The repair pass over the body (see the head comment). Returns false,
 * with out untouched, when s needs no repair. */
static bool repair(prep *pp, nm_buf *out, const char *s, size_t n)
{
    size_t i = 0, run = 0, dropped = 0;
    bool bad_amp = false, html_ent = false, bad_lt = false, unknown = false, upper_x = false;
#define FLUSH_TO(k) (dropped += append_clean(out, s + run, (k)-run))
    while (i < n) {
        char c = s[i];
        if (c == '<') {
            const char *skip_to = NULL;
            size_t skip_len = 0;
            if (i + 9 <= n && memcmp(s + i, "<![CDATA[", 9) == 0)
                skip_to = "]]>", skip_len = 3;
            else if (i + 4 <= n && memcmp(s + i, "<!--", 4) == 0)
                skip_to = "-->", skip_len = 3;
            else if (i + 2 <= n && s[i + 1] == '?')
                skip_to = "?>", skip_len = 2;
            if (skip_to) {
                const char *e = find_end(s + i + 2, n - i - 2, skip_to, skip_len);
                size_t lines;
                if (e && skip_to[0] == ']' && !(i >= 3 && memcmp(s + i - 3, "]]>", 3) == 0) &&
                    pp->lift && liftable(s + i + 9, (size_t)(e - s) - i - 9, &lines)) {
                    FLUSH_TO(i + 9);
                    lift(pp, out, s + i + 9, (size_t)(e - s) - i - 9, lines);
                    run = (size_t)(e - s);
                    i = run + 3;
                    continue;
                }
                if (e) {
                    i = (size_t)(e - s) + skip_len;
                    continue;
                }
                /* unterminated at the end of a truncated file: what follows
                 * cannot be read, as feedparser does not read it either */
                FLUSH_TO(i);
                feed_set_bozo(pp->r, "unterminated %s at the end of the document",
                              skip_len == 2 ? "processing instruction" : s[i + 2] == '[' ? "CDATA section" : "comment");
                run = i = n;
                break;
            }
            unsigned char d = i + 1 < n ? (unsigned char)s[i + 1] : 0;
            if (!(is_name_char(d) && d != '-' && d != '.' && !nm_is_digit(d)) && d != '/' &&
                d != '!') {
                FLUSH_TO(i);
                buf_puts(out, "&lt;");
                run = ++i;
                bad_lt = true;
                continue;
            }
            if (is_name_char(d)) {
                i = fix_unquoted(pp, out, s, n, i, &run, &dropped);
            } else {
                /* an end tag with markup in it, or a declaration: no more
                 * lifting (see liftable()) */
                const char *gt = memchr(s + i + 1, '>', n - i - 1);
                if (d == '!' || !gt || memchr(s + i + 1, '<', (size_t)(gt - s - i - 1)))
                    pp->lift = false;
                i++;
            }
            continue;
        }
        if (c != '&') {
            i = skip_plain(s, i + 1, n, false);
            continue;
        }
        /* an entity or character reference? */
        if (i + 1 < n && s[i + 1] == '#') {
            bool valid = false;
            size_t len = charref_len(s + i, n - i, &valid);
            if (len && valid && s[i + 2] == 'X') {
                /* "&#X41;": HTML reads it, XML wants a lowercase x */
                FLUSH_TO(i);
                buf_puts(out, "&#x");
                run = i + 3;
                i += len;
                upper_x = true;
                continue;
            }
            if (len && valid) {
                i += len;
                continue;
            }
            FLUSH_TO(i);
            if (len) {
                buf_puts(out, "\xEF\xBF\xBD"); /* a reference to a forbidden char */
                i += len;
            } else {
                buf_puts(out, "&amp;");
                i++;
            }
            run = i;
            bad_amp = true;
            continue;
        }
        size_t j = i + 1;
        while (j < n && j - i < 64 && is_name_char((unsigned char)s[j]))
            j++;
        if (j == i + 1 || j >= n || s[j] != ';') {
            FLUSH_TO(i);
            buf_puts(out, "&amp;");
            run = ++i;
            bad_amp = true;
            continue;
        }
        const char *name = s + i + 1;
        size_t nl = j - i - 1;
        if ((nl == 2 && (memcmp(name, "lt", 2) == 0 || memcmp(name, "gt", 2) == 0)) ||
            (nl == 3 && memcmp(name, "amp", 3) == 0) ||
            (nl == 4 && (memcmp(name, "quot", 4) == 0 || memcmp(name, "apos", 4) == 0))) {
            i = j + 1;
            continue;
        }
        const safe_entity *se = NULL;
        for (size_t k = 0; k < pp->nents; k++)
            if (pp->ents[k].name_len == nl && memcmp(pp->ents[k].name, name, nl) == 0)
                se = &pp->ents[k];
        FLUSH_TO(i);
        if (se && pp->expanded + strlen(se->value) <= MAX_EXPANSION) {
            buf_puts(out, se->value);
            pp->expanded += strlen(se->value);
        } else if (se) {
            buf_puts(out, "&amp;");
            buf_append(out, name, nl + 1);
            feed_set_bozo(pp->r, "entity expansion limit (%zu bytes) reached", MAX_EXPANSION);
        } else {
            unsigned cp = html_entity(name, nl, false);
            if (cp) {
                /* as a character reference, which XML knows */
                buf_printf(out, "&#%u;", cp);
                html_ent = true;
            } else {
                buf_puts(out, "&amp;");
                buf_append(out, name, nl + 1);
                unknown = true;
            }
        }
        i = j + 1;
        run = i;
    }
    if (run == 0 && out->len == 0 && !has_forbidden(s, n))
        return false; /* the common case: nothing to repair, no copy */
    FLUSH_TO(n);
#undef FLUSH_TO
    if (html_ent)
        feed_set_bozo(pp->r, "undefined entity (HTML entity used in XML without a DTD)");
    if (unknown)
        feed_set_bozo(pp->r, "undefined entity");
    if (bad_amp)
        feed_set_bozo(pp->r, "'&' that does not start a reference");
    if (upper_x)
        feed_set_bozo(pp->r, "character reference with an uppercase X (&#X…;)");
    if (bad_lt)
        feed_set_bozo(pp->r, "'<' that does not start markup");
    if (dropped)
        feed_set_bozo(pp->r, "%zu characters not allowed in XML were dropped", dropped);
    return true;
}

static xmlParserInputPtr deny_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)url, (void)id, (void)ctxt;
    return NULL; /* no file, no network: external entities and DTDs do not load */
}

static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx, (void)msg; /* errors are read from the context, not printed */
}

static void xml_init_once(void)
{
    xmlInitParser();
    xmlSetExternalEntityLoader(deny_loader);
}

int feed_read_xml(feed_raw *r, const char *utf8, size_t len, const char *base,
                  const char *source, nm_error *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, xml_init_once);
    xmlSetGenericErrorFunc(NULL, quiet); /* per thread in libxml2 */

    /* whitespace before the prolog (common, bozo for XML) and other text
     * before the first tag are skipped */
    size_t lead = 0;
    while (len && nm_is_xml_space(*utf8))
        utf8++, len--, lead++;
    if (lead && len >= 5 && memcmp(utf8, "<?xml", 5) == 0)
        feed_set_bozo(r, "XML declaration not at the start of the document");
    if (len && *utf8 != '<') {
        const char *lt = memchr(utf8, '<', len);
        if (!lt)
            return nm_fail(err, source, 0, "not a feed: no XML element found (the file is text)");
        feed_set_bozo(r, "text before the first element");
        len -= (size_t)(lt - utf8);
        utf8 = lt;
    }

    prep pp = {.r = r, .lift = true};
    nm_buf head, body;
    buf_init(&head, NM_BUF_NOLIMIT);
    buf_init(&body, NM_BUF_NOLIMIT);
    str_view doc_text = strip_doctype(&pp, &head, utf8, len);
    /* (the lifted CDATA contents point into the text before the repair:
     * it lives until the parse is over) */
    if (repair(&pp, &body, doc_text.ptr, doc_text.len))
        doc_text = sv_make(body.data ? body.data : "", body.len);

    int rc = feed_sax_parse(r, doc_text.ptr, doc_text.len, pp.cdata, pp.ncdata, base, source, err);
    (void)pp.netscape; /* Netscape and Userland 0.91 are both "rss0.91" */
    free(pp.cdata);
    buf_free(&head);
    buf_free(&body);
    return rc;
}
