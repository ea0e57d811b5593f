/*
 * labels.c — what a charset name means, and a guess when there is none.
 *
 * Names come from HTTP headers, XML prologs, <meta> tags and uchardet, in
 * every spelling. They are read as the WHATWG Encoding Standard reads them
 * (the table browsers use), so a feed says what a browser would show:
 * iso-8859-1, latin1 and us-ascii are windows-1252 (the bytes 0x80–0x9F are
 * quotes and dashes in practice, never C1 controls); GB2312 and GBK are
 * GB18030; Shift_JIS is CP932; EUC-KR is CP949; Big5 is CP950 — each the
 * superset that real servers send. A name the table does not know is handed
 * to iconv as it is.
 *
 * Detection is uchardet's (Debian's libuchardet, the detector of
 * freedesktop.org). It is asked only when the declared charset is missing
 * or wrong (charset.c decides), so valid UTF-8 never pays for it.
 */
#include "charset/charset.h"
#include "util/ctype.h"

#include <string.h>
#include <uchardet/uchardet.h>

/* At most this much of a document is shown to the detector: plenty for a
 * confident answer, and a bound on the time a broken 100 MB feed costs. */
#define CHARSET_DETECT_MAX (256 * 1024)

static const struct {
    const char *label, *iconv_name; /* iconv_name NULL: UTF-8 */
} charset_labels[] = {
    {"utf-8", NULL}, {"utf8", NULL}, {"unicode-1-1-utf-8", NULL}, {"unicode11utf8", NULL},
    {"unicode20utf8", NULL}, {"x-unicode20utf8", NULL},
    /* windows-1252 and the labels WHATWG gives it */
    {"windows-1252", "WINDOWS-1252"}, {"iso-8859-1", "WINDOWS-1252"},
    {"iso8859-1", "WINDOWS-1252"}, {"iso88591", "WINDOWS-1252"}, {"iso_8859-1", "WINDOWS-1252"},
    {"iso_8859-1:1987", "WINDOWS-1252"}, {"latin1", "WINDOWS-1252"}, {"l1", "WINDOWS-1252"},
    {"us-ascii", "WINDOWS-1252"}, {"ascii", "WINDOWS-1252"}, {"ansi_x3.4-1968", "WINDOWS-1252"},
    {"cp1252", "WINDOWS-1252"}, {"x-cp1252", "WINDOWS-1252"}, {"cp819", "WINDOWS-1252"},
    {"ibm819", "WINDOWS-1252"}, {"csisolatin1", "WINDOWS-1252"}, {"iso-ir-100", "WINDOWS-1252"},
    /* windows-1254 (Turkish) and windows-874 (Thai) likewise */
    {"iso-8859-9", "WINDOWS-1254"}, {"iso8859-9", "WINDOWS-1254"}, {"iso_8859-9", "WINDOWS-1254"},
    {"latin5", "WINDOWS-1254"}, {"l5", "WINDOWS-1254"}, {"windows-1254", "WINDOWS-1254"},
    {"cp1254", "WINDOWS-1254"}, {"x-cp1254", "WINDOWS-1254"},
    {"iso-8859-11", "WINDOWS-874"}, {"iso8859-11", "WINDOWS-874"}, {"tis-620", "WINDOWS-874"},
    {"dos-874", "WINDOWS-874"}, {"windows-874", "WINDOWS-874"},
    /* Chinese */
    {"gb2312", "GB18030"}, {"gbk", "GB18030"}, {"x-gbk", "GB18030"}, {"cp936", "GB18030"},
    {"gb_2312", "GB18030"}, {"gb_2312-80", "GB18030"}, {"euc-cn", "GB18030"},
    {"csgb2312", "GB18030"}, {"x-euc-cn", "GB18030"}, {"windows-936", "GB18030"},
    {"chinese", "GB18030"}, {"csiso58gb231280", "GB18030"}, {"iso-ir-58", "GB18030"},
    {"gb18030", "GB18030"}, {"hz-gb-2312", "HZ"},
    {"big5", "CP950"}, {"x-big5", "CP950"}, {"cn-big5", "CP950"}, {"csbig5", "CP950"},
    {"cp950", "CP950"}, {"big5-hkscs", "BIG5-HKSCS"},
    /* Japanese */
    {"shift_jis", "CP932"}, {"shift-jis", "CP932"}, {"sjis", "CP932"}, {"x-sjis", "CP932"},
    {"ms_kanji", "CP932"}, {"ms932", "CP932"}, {"windows-31j", "CP932"}, {"cp932", "CP932"},
    {"csshiftjis", "CP932"},
    {"euc-jp", "EUC-JP-MS"}, {"x-euc-jp", "EUC-JP-MS"}, {"cseucpkdfmtjapanese", "EUC-JP-MS"},
    {"iso-2022-jp", "ISO-2022-JP"}, {"csiso2022jp", "ISO-2022-JP"},
    /* Korean */
    {"euc-kr", "CP949"}, {"ks_c_5601-1987", "CP949"}, {"ks_c_5601-1989", "CP949"},
    {"ksc5601", "CP949"}, {"ksc_5601", "CP949"}, {"korean", "CP949"}, {"cseuckr", "CP949"},
    {"csksc56011987", "CP949"}, {"iso-ir-149", "CP949"}, {"windows-949", "CP949"},
    {"cp949", "CP949"}, {"uhc", "CP949"},
    /* Cyrillic */
    {"koi8-r", "KOI8-R"}, {"koi8", "KOI8-R"}, {"koi", "KOI8-R"}, {"cskoi8r", "KOI8-R"},
    {"koi8-u", "KOI8-U"}, {"koi8-ru", "KOI8-U"}, {"ibm866", "IBM866"}, {"cp866", "IBM866"},
    {"x-mac-cyrillic", "MAC-CYRILLIC"}, {"mac-cyrillic", "MAC-CYRILLIC"},
    {"macintosh", "MACINTOSH"}, {"mac", "MACINTOSH"}, {"x-mac-roman", "MACINTOSH"},
    /* UTF-16/32: only meaningful with a BOM or NUL bytes (charset.c) */
    {"utf-16", "UTF-16"}, {"utf-16le", "UTF-16LE"}, {"utf-16be", "UTF-16BE"},
    {"utf-32", "UTF-32"}, {"utf-32le", "UTF-32LE"}, {"utf-32be", "UTF-32BE"},
};

const char *charset_label(const char *label, char *tmp, size_t tmpn)
{
    size_t k = 0;
    for (const char *s = label; *s && k + 1 < tmpn; s++) {
        char c = *s;
        if (c == '"' || c == '\'' || nm_is_xml_space(c))
            continue;
        tmp[k++] = (char)nm_to_lower(c);
    }
    tmp[k] = 0;
    for (size_t i = 0; i < NM_ARRAY_LEN(charset_labels); i++)
        if (strcmp(tmp, charset_labels[i].label) == 0)
            return charset_labels[i].iconv_name;
    return tmp;
}

bool charset_detect(const char *bytes, size_t len, char *out, size_t outn)
{
    size_t n = len < CHARSET_DETECT_MAX ? len : CHARSET_DETECT_MAX;
    /* valid UTF-8 is UTF-8 (uchardet calls a short one windows-1250); a
     * window cut inside a character still counts */
    if (utf8_first_invalid(bytes, n) + (n < len ? 3 : 0) >= n)
        return false;
    uchardet_t ud = uchardet_new();
    if (!ud)
        return false;
    bool found = false;
    if (uchardet_handle_data(ud, bytes, n) == 0) {
        uchardet_data_end(ud);
        const char *guess = uchardet_get_charset(ud);
        char tmp[64];
        bool unicode = !guess || !*guess || nm_strncasecmp(guess, "ascii", 5) == 0 ||
                       nm_strncasecmp(guess, "utf-", 4) == 0;
        const char *name = unicode ? NULL : charset_label(guess, tmp, sizeof(tmp));
        if (name && strlen(name) < outn) {
            strcpy(out, name);
            found = true;
        }
    }
    uchardet_delete(ud);
    return found;
}
