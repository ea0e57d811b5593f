/*
 * charset.c — an HTML page's bytes become UTF-8.
 *
 * The reading itself is the charset module's (BOM, HTTP charset, the
 * declared label, then uchardet when the bytes do not decode; WHATWG's
 * label meanings; bozo with a reason when a declaration lies): one
 * reading for feeds and pages. What is the page's own business is finding
 * the declared label: a <meta charset=…> or <meta http-equiv=Content-Type
 * content="…charset=…"> anywhere before </head> or <body>. The HTML
 * standard's prescan stops at 1,024 bytes, but real Chinese pages put
 * their meta after 2 KB of scripts and styles; script and style contents
 * and comments are skipped, so a "<meta" inside them is not read.
 */
#include "internal.h"

#include <string.h>

#include "charset/charset.h"

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

const char *extract_utf8_fix(arena *a, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    if (utf8_first_invalid(s, n) == n)
        return s;
    return charset_utf8_repair(a, s, n, NULL);
}

void extract_decode(arena *a, const char *data, size_t len, const char *http_charset,
                    const char **out, size_t *out_len, const char **charset, bool *bozo)
{
    char label[128];
    const char *declared = extract_meta_charset(data, len, label, sizeof(label)) ? label : NULL;
    charset_info info;
    const char *s;
    size_t n;
    charset_to_utf8(a, data, len, http_charset, declared, &s, &n, &info);
    *out = s;
    *out_len = n;
    *charset = arena_strdup(a, info.name);
    *bozo = info.bozo;
}
