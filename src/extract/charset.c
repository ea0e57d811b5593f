/*
 * charset.c — an HTML page's bytes become UTF-8.
 *
 * Browsers' order, with newsmill's bias for Chinese sites: a byte-order
 * mark wins; then the charset of the HTTP Content-Type; then a
 * <meta charset=…> or <meta http-equiv=Content-Type content="…charset=…">
 * found anywhere before </head> or <body> (the HTML standard's prescan
 * stops at 1,024 bytes, but real Chinese pages put their meta after 2 KB
 * of scripts and styles); then, when nothing is declared and the bytes are
 * not UTF-8, uchardet's guess. GB2312/GBK read as GB18030, Big5 as CP950,
 * Shift_JIS as CP932, EUC-KR as CP949, ISO-8859-1 as windows-1252 (the
 * supersets sites really send, as WHATWG says).
 *
 * A page declared in a legacy charset that is valid UTF-8 with multi-byte
 * characters is UTF-8 (bozo); a page declared UTF-8 that is not is
 * detected (bozo); bytes that cannot be read become U+FFFD (bozo).
 */
#include "internal.h"

#include <dlfcn.h>
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <string.h>
#include <uchardet.h>

static bool space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
}

static char lower(char c)
{
    return (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
}

/* The charset= value inside s[0, n) (a content attribute), in out. */
static bool charset_param(const char *s, size_t n, char *out, size_t outn)
{
    for (size_t i = 0; i + 7 <= n; i++) {
        if (nm_strncasecmp(s + i, "charset", 7))
            continue;
        size_t j = i + 7;
        while (j < n && space(s[j]))
            j++;
        if (j >= n || s[j] != '=')
            continue;
        j++;
        while (j < n && (space(s[j]) || s[j] == '"' || s[j] == '\''))
            j++;
        size_t k = 0;
        while (j < n && !space(s[j]) && s[j] != ';' && s[j] != '"' && s[j] != '\'' &&
               k + 1 < outn)
            out[k++] = lower(s[j++]);
        out[k] = 0;
        return k > 0;
    }
    return false;
}

/* The value of attribute name inside a tag's text t[0, n) (after the tag
 * name), in out. Attributes are read in order, quoted values skipped
 * whole, so "charset=" inside a content="…" value is not an attribute. */
static bool tag_attr(const char *t, size_t n, const char *name, char *out, size_t outn)
{
    size_t nl = strlen(name), i = 0;
    while (i < n) {
        while (i < n && (space(t[i]) || t[i] == '/'))
            i++;
        size_t ns = i;
        while (i < n && !space(t[i]) && t[i] != '=' && t[i] != '/')
            i++;
        size_t ne = i;
        while (i < n && space(t[i]))
            i++;
        const char *v = "";
        size_t vl = 0;
        if (i < n && t[i] == '=') {
            i++;
            while (i < n && space(t[i]))
                i++;
            if (i < n && (t[i] == '"' || t[i] == '\'')) {
                char q = t[i++];
                v = t + i;
                while (i < n && t[i] != q)
                    i++;
                vl = (size_t)(t + i - v);
                i++;
            } else {
                v = t + i;
                while (i < n && !space(t[i]))
                    i++;
                vl = (size_t)(t + i - v);
            }
        }
        if (ne == ns) {
            if (i == ns)
                i++;
            continue;
        }
        if (ne - ns == nl && !nm_strncasecmp(t + ns, name, nl)) {
            if (vl >= outn)
                vl = outn - 1;
            memcpy(out, v, vl);
            out[vl] = 0;
            return true;
        }
    }
    return false;
}

bool extract_meta_charset(const char *data, size_t len, char *buf, size_t bufn)
{
    const char *p = data, *end = data + len;
    while (p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt)
            return false;
        p = lt + 1;
        if (end - p >= 3 && !memcmp(p, "!--", 3)) {
            const char *e = memmem(p + 3, (size_t)(end - p - 3), "-->", 3);
            if (!e)
                return false;
            p = e + 3;
            continue;
        }
        /* skip the contents of scripts and styles, where "<meta" is text */
        bool script = end - p >= 6 && !nm_strncasecmp(p, "script", 6);
        bool style = end - p >= 5 && !nm_strncasecmp(p, "style", 5);
        const char *gt = memchr(p, '>', (size_t)(end - p));
        if (!gt)
            return false;
        if (script || style) {
            const char *close = p;
            const char *want = script ? "</script" : "</style";
            size_t wl = strlen(want);
            for (close = gt; close + wl <= end; close++)
                if (*close == '<' && !nm_strncasecmp(close, want, wl))
                    break;
            p = close;
            continue;
        }
        if ((end - p >= 4 && !nm_strncasecmp(p, "body", 4) && (p[4] == '>' || space(p[4]))) ||
            (end - p >= 5 && !nm_strncasecmp(p, "/head", 5)))
            return false;
        if (end - p >= 5 && !nm_strncasecmp(p, "meta", 4) && space(p[4])) {
            const char *t = p + 4;
            size_t tn = (size_t)(gt - t);
            char v[128];
            if (tag_attr(t, tn, "charset", v, sizeof(v)) && v[0]) {
                size_t k = 0;
                for (; v[k]; k++)
                    v[k] = lower(v[k]);
                snprintf(buf, bufn, "%s", v);
                return true;
            }
            char he[64], content[256];
            if (tag_attr(t, tn, "http-equiv", he, sizeof(he)) &&
                !nm_strcasecmp(he, "content-type") &&
                tag_attr(t, tn, "content", content, sizeof(content)) &&
                charset_param(content, strlen(content), buf, bufn))
                return true;
        }
        p = gt + 1;
    }
    return false;
}

/* The iconv name for a label; NULL for UTF-8 (and ASCII, a subset). */
static const char *iconv_name(const char *label, char *tmp, size_t tmpn)
{
    size_t k = 0;
    for (const char *s = label; *s && k + 1 < tmpn; s++)
        if (!space(*s) && *s != '"' && *s != '\'')
            tmp[k++] = lower(*s);
    tmp[k] = 0;
    static const struct {
        const char *label, *name;
    } map[] = {
        {"utf-8", NULL},          {"utf8", NULL},          {"us-ascii", NULL},
        {"ascii", NULL},          {"gb2312", "GB18030"},   {"gbk", "GB18030"},
        {"x-gbk", "GB18030"},     {"cp936", "GB18030"},    {"gb18030", "GB18030"},
        {"euc-cn", "GB18030"},    {"hz-gb-2312", "GB18030"}, {"big5", "CP950"},
        {"big5-hkscs", "BIG5-HKSCS"}, {"x-big5", "CP950"}, {"cp950", "CP950"},
        {"shift_jis", "CP932"},   {"shift-jis", "CP932"},  {"sjis", "CP932"},
        {"x-sjis", "CP932"},      {"windows-31j", "CP932"}, {"cp932", "CP932"},
        {"euc-jp", "EUC-JP"},     {"iso-2022-jp", "ISO-2022-JP"}, {"euc-kr", "CP949"},
        {"ks_c_5601-1987", "CP949"}, {"cp949", "CP949"},   {"iso-8859-1", "WINDOWS-1252"},
        {"latin1", "WINDOWS-1252"}, {"us-ascii", NULL},     {"ascii", "WINDOWS-1252"},
    };
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (!strcmp(tmp, map[i].label))
            return map[i].name;
    return tmp[0] ? tmp : NULL;
}

/* iconv from `from` to UTF-8; bad input units become U+FFFD, counted in
 * *bad. NULL when iconv does not know the charset. */
static char *convert(arena *a, const char *from, const char *p, size_t n, size_t *out_len,
                     size_t *bad)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = n * 4 + 16;
    char *out = arena_alloc(a, cap);
    char *in = (char *)p, *o = out;
    size_t inl = n, outl = cap - 1;
    *bad = 0;
    while (inl) {
        if (iconv(cd, &in, &inl, &o, &outl) != (size_t)-1)
            break;
        if (errno == EILSEQ || errno == EINVAL) {
            if (outl < 3)
                break;
            memcpy(o, "\xef\xbf\xbd", 3);
            o += 3;
            outl -= 3;
            in++;
            inl--;
            (*bad)++;
            iconv(cd, NULL, NULL, NULL, NULL);
        } else {
            break;
        }
    }
    iconv_close(cd);
    *o = 0;
    *out_len = (size_t)(o - out);
    return out;
}

static bool has_multibyte(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)p[i] >= 0x80)
            return true;
    return false;
}

static char *repair_utf8(arena *a, const char *p, size_t n, size_t *out_len, size_t *bad)
{
    char *out = arena_alloc(a, n * 3 + 1);
    size_t o = 0, i = 0;
    *bad = 0;
    while (i < n) {
        size_t ok = utf8_first_invalid(p + i, n - i);
        memcpy(out + o, p + i, ok);
        o += ok;
        i += ok;
        if (i < n) {
            memcpy(out + o, "\xef\xbf\xbd", 3);
            o += 3;
            i++;
            (*bad)++;
        }
    }
    out[o] = 0;
    *out_len = o;
    return out;
}

const char *extract_utf8_fix(arena *a, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s), len, bad;
    if (utf8_first_invalid(s, n) == n)
        return s;
    return repair_utf8(a, s, n, &len, &bad);
}

/* uchardet is loaded with dlopen on the first undeclared legacy page, not
 * linked: it is C++ and brings libstdc++, which no other command needs at
 * start-up (the same reason fetch/ loads libcurl so). Without it such a
 * page is read as GB18030, newsmill's most likely legacy charset. */
static struct {
    uchardet_t (*new_)(void);
    void (*delete_)(uchardet_t);
    int (*handle_data)(uchardet_t, const char *, size_t);
    void (*data_end)(uchardet_t);
    const char *(*get_charset)(uchardet_t);
    bool ok;
} ud_api;
static pthread_once_t ud_once = PTHREAD_ONCE_INIT;

static void ud_load(void)
{
    void *lib = dlopen("libuchardet.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!lib)
        return;
    *(void **)&ud_api.new_ = dlsym(lib, "uchardet_new");
    *(void **)&ud_api.delete_ = dlsym(lib, "uchardet_delete");
    *(void **)&ud_api.handle_data = dlsym(lib, "uchardet_handle_data");
    *(void **)&ud_api.data_end = dlsym(lib, "uchardet_data_end");
    *(void **)&ud_api.get_charset = dlsym(lib, "uchardet_get_charset");
    ud_api.ok = ud_api.new_ && ud_api.delete_ && ud_api.handle_data && ud_api.data_end &&
                ud_api.get_charset;
}

/* uchardet's guess, as an iconv name (NULL: UTF-8 or nothing). */
static const char *detect(const char *p, size_t n, char *tmp, size_t tmpn)
{
    pthread_once(&ud_once, ud_load);
    if (!ud_api.ok)
        return NULL;
    uchardet_t ud = ud_api.new_();
    ud_api.handle_data(ud, p, n > (1u << 20) ? (1u << 20) : n);
    ud_api.data_end(ud);
    const char *cs = ud_api.get_charset(ud);
    const char *r = NULL;
    if (cs && *cs) {
        char lab[64];
        snprintf(lab, sizeof(lab), "%s", cs);
        r = iconv_name(lab, tmp, tmpn);
    }
    ud_api.delete_(ud);
    return r;
}

void extract_decode(arena *a, const char *data, size_t len, const char *http_charset,
                    const char **out, size_t *out_len, const char **charset, bool *bozo)
{
    *bozo = false;
    const unsigned char *u = (const unsigned char *)data;
    char tmp[64], label[128];
    const char *name = NULL;
    bool declared = false;
    if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
        data += 3, len -= 3;
        declared = true;
    } else if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff))) {
        name = u[0] == 0xff ? "UTF-16LE" : "UTF-16BE";
        data += 2, len -= 2;
        declared = true;
    } else if (http_charset && *http_charset) {
        name = iconv_name(http_charset, tmp, sizeof(tmp));
        declared = true;
    } else if (extract_meta_charset(data, len, label, sizeof(label))) {
        name = iconv_name(label, tmp, sizeof(tmp));
        declared = true;
    }
    bool valid = utf8_first_invalid(data, len) == len;
    if (declared && name && valid && has_multibyte(data, len) && strncmp(name, "UTF-16", 6)) {
        name = NULL; /* declared legacy, really UTF-8 */
        *bozo = true;
    } else if (!name && !valid) {
        char dt[64];
        const char *guess = detect(data, len, dt, sizeof(dt));
        if (!guess)
            guess = "GB18030";
        snprintf(tmp, sizeof(tmp), "%s", guess);
        name = tmp;
        if (declared)
            *bozo = true;
    }
    size_t bad = 0;
    char *r = NULL;
    if (name) {
        r = convert(a, name, data, len, out_len, &bad);
        if (!r) { /* a label iconv does not know */
            *bozo = true;
            name = NULL;
        }
    }
    if (!name)
        r = repair_utf8(a, data, len, out_len, &bad);
    if (bad)
        *bozo = true;
    *out = r;
    *charset = name ? arena_strdup(a, name) : "UTF-8";
}
