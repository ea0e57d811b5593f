/*
 * css.c — feedparser's filter for the `style` attribute (FEED policy).
 *
 * feedparser keeps `style` but passes it through sanitize_style: every
 * url(...) is blanked, the whole value must pass a character "gauntlet"
 * and be nothing but `name: value;` declarations, and then only
 * declarations of a known harmless property survive (background-*,
 * border-*, margin-*, padding-* only when each keyword of the value is a
 * colour, a small size or a known keyword). Anything else empties the
 * attribute, which is then dropped. Its regular expressions are
 * reimplemented here as small matchers, without backtracking blow-ups:
 * the gauntlet is a reachability scan over positions.
 *
 * Non-ASCII bytes count as word characters (Python's \w is Unicode-aware;
 * style values with non-ASCII text are rare and this errs towards keeping
 * quoted font names). The ARTICLE policy never keeps `style` at all.
 */
#include "html/internal.h"

#include <stdlib.h>
#include <string.h>

static bool is_word(unsigned char c)
{
    return c >= 0x80 || nm_is_alnum(c) || c == '_';
}

/* url\s*\(\s*[^\s)]+?\s*\)\s* → " " */
static char *strip_urls(arena *a, const char *s)
{
    size_t n = strlen(s);
    char *out = arena_alloc(a, n + 1);
    size_t j = 0;
    for (size_t i = 0; i < n;) {
        if (!strncmp(s + i, "url", 3)) {
            size_t k = i + 3;
            while (k < n && nm_is_space((unsigned char)s[k]))
                k++;
            if (k < n && s[k] == '(') {
                k++;
                while (k < n && nm_is_space((unsigned char)s[k]))
                    k++;
                size_t body = k;
                while (k < n && !nm_is_space((unsigned char)s[k]) && s[k] != ')')
                    k++;
                size_t body_end = k;
                while (k < n && nm_is_space((unsigned char)s[k]))
                    k++;
                if (body_end > body && k < n && s[k] == ')') {
                    k++;
                    while (k < n && nm_is_space((unsigned char)s[k]))
                        k++;
                    out[j++] = ' ';
                    i = k;
                    continue;
                }
            }
        }
        out[j++] = s[i++];
    }
    out[j] = 0;
    return out;
}

/* ^([:,;#%.\sa-zA-Z0-9!]|\w-\w|'[\s\w]+'|"[\s\w]+"|\([\d,\s]+\))*$ */
static bool gauntlet(const char *s, size_t n)
{
    bool *reach = xcalloc(n + 1, 1);
    reach[0] = true;
    for (size_t i = 0; i < n; i++) {
        if (!reach[i])
            continue;
        unsigned char c = (unsigned char)s[i];
        if (strchr(":,;#%.!", c) || nm_is_space(c) || (c < 0x80 && is_word(c) && c != '_'))
            reach[i + 1] = true;
        if (i + 2 < n && is_word(c) && s[i + 1] == '-' && is_word((unsigned char)s[i + 2]))
            reach[i + 3] = true;
        if (c == '\'' || c == '"') {
            size_t k = i + 1;
            while (k < n && (nm_is_space((unsigned char)s[k]) || is_word((unsigned char)s[k])))
                k++;
            if (k > i + 1 && k < n && s[k] == (char)c)
                reach[k + 1] = true;
        }
        if (c == '(') {
            size_t k = i + 1;
            while (k < n && (nm_is_digit((unsigned char)s[k]) || s[k] == ',' ||
                             nm_is_space((unsigned char)s[k])))
                k++;
            if (k > i + 1 && k < n && s[k] == ')')
                reach[k + 1] = true;
        }
    }
    bool ok = reach[n];
    free(reach);
    return ok;
}

/* One \s*[-\w]+\s*:\s*[^:;]*;? at s[i]: its end, with the name and value
 * spans, or 0 when it does not match. */
static size_t declaration(const char *s, size_t n, size_t i, str_view *name, str_view *value)
{
    size_t k = i;
    while (k < n && nm_is_space((unsigned char)s[k]))
        k++;
    size_t ns = k;
    while (k < n && (is_word((unsigned char)s[k]) || s[k] == '-'))
        k++;
    if (k == ns)
        return 0;
    *name = sv_make(s + ns, k - ns);
    while (k < n && nm_is_space((unsigned char)s[k]))
        k++;
    if (k >= n || s[k] != ':')
        return 0;
    k++;
    while (k < n && nm_is_space((unsigned char)s[k]))
        k++;
    size_t vs = k;
    while (k < n && s[k] != ':' && s[k] != ';')
        k++;
    *value = sv_make(s + vs, k - vs);
    if (k < n && s[k] == ';')
        k++;
    return k;
}

static int cmp_str(const void *key, const void *item)
{
    return strcmp((const char *)key, *(const char *const *)item);
}

static const char *const css_properties[] = {
    "azimuth", "background-color", "border-bottom-color", "border-collapse", "border-color",
    "border-left-color", "border-right-color", "border-top-color", "clear", "color", "cursor",
    "direction", "display", "elevation", "float", "font", "font-family", "font-size",
    "font-style", "font-variant", "font-weight", "height", "letter-spacing", "line-height",
    "overflow", "pause", "pause-after", "pause-before", "pitch", "pitch-range", "richness",
    "speak", "speak-header", "speak-numeral", "speak-punctuation", "speech-rate", "stress",
    "text-align", "text-decoration", "text-indent", "unicode-bidi", "vertical-align",
    "voice-family", "volume", "white-space", "width",
};

static const char *const css_keywords[] = {
    "!important", "aqua", "auto", "black", "block", "blue", "bold", "both", "bottom", "brown",
    "center", "collapse", "dashed", "dotted", "fuchsia", "gray", "green", "italic", "left",
    "lime", "maroon", "medium", "navy", "none", "normal", "nowrap", "olive", "pointer",
    "purple", "red", "right", "silver", "solid", "teal", "top", "transparent", "underline",
    "white", "yellow",
};

/* ^(#[0-9a-f]+|rgb\(\d+%?,\d*%?,?\d*%?\)?|\d{0,2}\.?\d{0,2}(cm|em|…|%|,|\))?)$ */
static bool valid_css_value(const char *s, size_t n)
{
    size_t i = 0;
    if (n > 1 && s[0] == '#') {
        for (i = 1; i < n; i++)
            if (!nm_is_digit((unsigned char)s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
                break;
        if (i == n)
            return true;
    }
    if (n >= 4 && !strncmp(s, "rgb(", 4)) {
        i = 4;
        size_t d = i;
        while (i < n && nm_is_digit((unsigned char)s[i]))
            i++;
        if (i > d) {
            if (i < n && s[i] == '%')
                i++;
            if (i < n && s[i] == ',') {
                i++;
                while (i < n && nm_is_digit((unsigned char)s[i]))
                    i++;
                if (i < n && s[i] == '%')
                    i++;
                if (i < n && s[i] == ',')
                    i++;
                while (i < n && nm_is_digit((unsigned char)s[i]))
                    i++;
                if (i < n && s[i] == '%')
                    i++;
                if (i < n && s[i] == ')')
                    i++;
                if (i == n)
                    return true;
            }
        }
    }
    i = 0;
    size_t d = 0;
    while (i < n && d < 2 && nm_is_digit((unsigned char)s[i]))
        i++, d++;
    if (i < n && s[i] == '.')
        i++;
    d = 0;
    while (i < n && d < 2 && nm_is_digit((unsigned char)s[i]))
        i++, d++;
    if (i == n)
        return true;
    static const char *const units[] = {"cm", "em", "ex", "in", "mm", "pc", "pt", "px",
                                        "%", ",", ")"};
    for (size_t u = 0; u < NM_ARRAY_LEN(units); u++) {
        size_t ul = strlen(units[u]);
        if (n - i == ul && !strncmp(s + i, units[u], ul))
            return true;
    }
    return false;
}

static bool keywords_ok(str_view v)
{
    size_t i = 0;
    while (i < v.len) {
        while (i < v.len && nm_is_space((unsigned char)v.ptr[i]))
            i++;
        size_t s = i;
        while (i < v.len && !nm_is_space((unsigned char)v.ptr[i]))
            i++;
        if (i == s)
            break;
        char kw[64];
        size_t kl = i - s;
        if (kl < sizeof(kw)) {
            memcpy(kw, v.ptr + s, kl);
            kw[kl] = 0;
            if (bsearch(kw, css_keywords, NM_ARRAY_LEN(css_keywords), sizeof(char *), cmp_str))
                continue;
        }
        if (!valid_css_value(v.ptr + s, kl))
            return false;
    }
    return true;
}

char *html_css_clean(arena *a, const char *style)
{
    char *s = strip_urls(a, style);
    size_t n = strlen(s);
    if (!gauntlet(s, n))
        return "";
    /* Nothing but declarations (and whitespace) may be left. */
    for (size_t i = 0; i < n;) {
        str_view name, value;
        size_t end = declaration(s, n, i, &name, &value);
        if (end) {
            i = end;
        } else if (nm_is_space((unsigned char)s[i])) {
            i++;
        } else {
            return "";
        }
    }
    nm_buf out;
    buf_init(&out, NM_BUF_NOLIMIT);
    for (size_t i = 0; i < n;) {
        str_view name, value;
        size_t end = declaration(s, n, i, &name, &value);
        if (!end) {
            i++;
            continue;
        }
        i = end;
        if (!value.len)
            continue;
        char lower[64];
        if (name.len >= sizeof(lower))
            continue;
        for (size_t k = 0; k < name.len; k++) {
            char c = name.ptr[k];
            lower[k] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
        }
        lower[name.len] = 0;
        bool keep = bsearch(lower, css_properties, NM_ARRAY_LEN(css_properties),
                            sizeof(char *), cmp_str) != NULL;
        if (!keep) {
            char *dash = strchr(lower, '-');
            if (dash)
                *dash = 0;
            if (!strcmp(lower, "background") || !strcmp(lower, "border") ||
                !strcmp(lower, "margin") || !strcmp(lower, "padding"))
                keep = keywords_ok(value);
        }
        if (keep) {
            if (out.len)
                buf_putc(&out, ' ');
            buf_printf(&out, SV_FMT ": " SV_FMT ";", SV_ARG(name), SV_ARG(value));
        }
    }
    char *r = arena_strndup(a, buf_cstr(&out), out.len);
    buf_free(&out);
    return r;
}
