/*
 * charset.c — a feed's bytes become UTF-8: the feed's part of it.
 *
 * The reading itself (BOM, HTTP charset, declared label, detection, the
 * WHATWG label table) is the charset module's, shared with the article
 * extractor. What is a feed's own is where the declared label is: the
 * encoding="…" of the XML prolog, which in a UTF-16/32 document is itself
 * in UTF-16/32 (read here from every second or fourth byte). JSON Feeds
 * declare nothing and go through the same door.
 *
 * Not here: the XML parser is told the result is UTF-8 (xml.c ignores the
 * prolog's encoding from then on).
 */
#include "feed_int.h"

#include "charset/charset.h"
#include "util/ctype.h"

#include <string.h>

/* The encoding="…" of an XML prolog at the start of data, in out. */
static bool prolog_encoding(const char *p, size_t n, char *out, size_t outn)
{
    size_t i = 0;
    while (i < n && nm_is_xml_space(p[i]))
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
    while (e < lim && nm_is_xml_space(*e))
        e++;
    if (e >= lim || *e != '=')
        return false;
    e++;
    while (e < lim && nm_is_xml_space(*e))
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

/* The prolog's encoding label, also when the prolog is in UTF-16/32 (by a
 * BOM or by the NUL pattern of "<"): the ASCII of it is every step-th byte. */
static bool declared_encoding(const char *data, size_t len, char *out, size_t outn)
{
    const unsigned char *u = (const unsigned char *)data;
    size_t step = 1, off = 0;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        off = 3;
    else if (len >= 4 && ((u[0] == 0xFF && u[1] == 0xFE && u[2] == 0 && u[3] == 0) ||
                          (u[0] == '<' && u[1] == 0 && u[2] == 0 && u[3] == 0)))
        step = 4, off = u[0] == 0xFF ? 4 : 0;
    else if (len >= 4 && u[0] == 0 && u[1] == 0 && (u[2] == 0xFE || u[2] == 0))
        step = 4, off = u[2] == 0xFE ? 7 : 3;
    else if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (len >= 4 && u[0] == '<' && u[1] == 0)))
        step = 2, off = u[0] == 0xFF ? 2 : 0;
    else if (len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (len >= 4 && u[0] == 0 && u[1] == '<')))
        step = 2, off = u[0] == 0xFE ? 3 : 1;
    if (step == 1)
        return prolog_encoding(data + off, len - off < 1024 ? len - off : 1024, out, outn);
    char ascii[256];
    size_t k = 0;
    for (size_t i = off; i < len && k + 1 < sizeof(ascii); i += step)
        ascii[k++] = data[i];
    ascii[k] = 0;
    return prolog_encoding(ascii, k, out, outn);
}

void feed_to_utf8(feed_raw *r, const char *data, size_t len, const char *http_charset,
                  const char **out, size_t *out_len)
{
    char decl[64];
    charset_info info;
    bool has_decl = declared_encoding(data, len, decl, sizeof(decl));
    charset_to_utf8(r->a, data, len, http_charset, has_decl ? decl : NULL, out, out_len, &info);
    if (info.bozo)
        feed_set_bozo(r, "%s", info.reason);
}
