/*
 * sanitize.c — the HTML kind (summary/content) behind one function.
 *
 * feed_sanitize_html() is where every HTML value of a feed is cleaned.
 * Three ways there, cheapest first:
 *   - text without '<' or '&' is only escaped;
 *   - simple, well-nested HTML is checked and written in one pass
 *     (sanitize_fast.c), which needs the allowlists below;
 *   - anything else goes to html_clean(HTML_POLICY_FEED) of the html
 *     module: gumbo's HTML5 parse and feedparser's sanitizing.
 * The one-pass path must give what html_clean gives (fuzz_feed_html checks
 * html_clean(x) == html_clean(fast(x)) on every input it accepts), so the
 * lists here are feedparser's, as html_clean's are.
 *
 * Also here: finding the first <img src> of sanitized HTML (a thumbnail).
 *
 * Bounds: a fragment larger than FEED_MAX_HTML is reduced to its escaped
 * text instead of being parsed; hostile nesting is bounded by the html
 * module itself before gumbo parses.
 *
 * Not here: the sanitizing itself for anything but the simple case (the
 * html module owns it).
 */
#include "feed_int.h"

#include <stdlib.h>
#include <string.h>

#include "html/html.h"


static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* feedparser 6 _HTMLSanitizer.acceptable_attributes (sorted) */
static const char *const allowed_attributes[] = {
    "abbr", "accept", "accept-charset", "accesskey", "action", "align", "alt", "autocomplete",
    "autofocus", "axis", "background", "balance", "bgcolor", "bgproperties", "border",
    "bordercolor", "bordercolordark", "bordercolorlight", "bottompadding", "cellpadding",
    "cellspacing", "ch", "challenge", "char", "charoff", "charset", "checked", "choff", "cite",
    "class", "clear", "color", "cols", "colspan", "compact", "contenteditable", "controls",
    "coords", "data", "datafld", "datapagesize", "datasrc", "datetime", "default", "delay", "dir",
    "disabled", "draggable", "dynsrc", "enctype", "end", "face", "for", "form", "frame",
    "galleryimg", "gutter", "headers", "height", "hidden", "hidefocus", "high", "href",
    "hreflang", "hspace", "icon", "id", "inputmode", "ismap", "keytype", "label", "lang",
    "leftspacing", "list", "longdesc", "loop", "loopcount", "loopend", "loopstart", "low",
    "lowsrc", "max", "maxlength", "media", "method", "min", "multiple", "name", "nohref",
    "noshade", "nowrap", "open", "optimum", "pattern", "ping", "point-size", "poster", "pqg",
    "preload", "prompt", "radiogroup", "readonly", "rel", "repeat-max", "repeat-min", "replace",
    "required", "rev", "rightspacing", "rows", "rowspan", "rules", "scope", "selected", "shape",
    "size", "span", "src", "start", "step", "summary", "suppress", "tabindex", "target",
    "template", "title", "toppadding", "type", "unselectable", "urn", "usemap", "valign", "value",
    "variable", "volume", "vrml", "vspace", "width", "wrap", "xml:lang",
};

/* feedparser's ACCEPTABLE_URI_SCHEMES (sorted) */
static const char *const safe_schemes[] = {
    "aim", "callto", "cvs", "facetime", "feed", "file", "ftp", "git", "gopher", "gtalk", "h323",
    "hdl", "http", "https", "imap", "irc", "ircs", "itms", "magnet", "mailto", "mms", "msnim",
    "news", "nntp", "prospero", "rsync", "rtsp", "rtspu", "sftp", "shttp", "sip", "sips", "skype",
    "smb", "snews", "ssh", "svn", "svn+ssh", "telnet", "wais", "ymsg",
};

static bool in_list(const char *const *list, size_t n, const char *s, size_t len)
{
    char key[48];
    if (len == 0 || len >= sizeof(key))
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        key[i] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    key[len] = 0;
    const char *k = key;
    return bsearch(&k, list, n, sizeof(*list), cmp_str) != NULL;
}

bool feed_san_attr_allowed(const char *name, size_t n)
{
    return in_list(allowed_attributes, NM_ARRAY_LEN(allowed_attributes), name, n);
}

/* feedparser's relative_uris: which attributes hold URLs to resolve. */
bool feed_san_is_url_attr(const char *attr)
{
    static const char *const names[] = {"action", "background", "cite", "classid", "codebase",
                                        "data", "href", "longdesc", "poster", "profile", "src",
                                        "usemap"};
    for (size_t i = 0; i < NM_ARRAY_LEN(names); i++)
        if (strcmp(attr, names[i]) == 0)
            return true;
    return false;
}

void feed_san_put_escaped(nm_buf *b, const char *s, bool attr)
{
    const char *run = s;
    for (; *s; s++) {
        const char *rep = NULL;
        switch (*s) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break; /* also in attributes: keeps "<img" a tag */
        case '>': rep = "&gt;"; break;
        case '"': rep = attr ? "&quot;" : NULL; break;
        }
        if (rep) {
            buf_append(b, run, (size_t)(s - run));
            buf_puts(b, rep);
            run = s + 1;
        }
    }
    buf_append(b, run, (size_t)(s - run));
}

/* A URL with a safe scheme (or none: relative), resolved; else "". */
const char *feed_san_safe_url(arena *a, const char *base, const char *v)
{
    str_view t = sv_trim(sv_from(v));
    const char *u = sv_dup(a, t);
    if (base && *base)
        u = url_resolve(a, base, u);
    /* scheme (RFC 3986): a letter, then letters, digits, + - . up to ':' */
    const char *p = u;
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
        return u;
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
           *p == '+' || *p == '-' || *p == '.')
        p++;
    if (*p != ':')
        return u;
    return in_list(safe_schemes, NM_ARRAY_LEN(safe_schemes), u, (size_t)(p - u)) ? u : "";
}

const char *feed_sanitize_html(arena *a, const char *s, size_t n, const char *base)
{
    if (!s)
        return NULL;
    /* plain text needs no parse: the fast path for most feed text */
    if (!memchr(s, '<', n) && !memchr(s, '&', n))
        return feed_html_escape_text(a, s, n);
    /* simple, well-nested HTML (most of what feeds carry) is checked and
     * written in one pass, as html_clean would have written it */
    bool done = false;
    const char *r = feed_sanitize_html_fast(a, s, n, base, &done);
    if (done)
        return r;
    return feed_sanitize_html_full(a, s, n, base);
}

/* Tags stripped by a plain scan, text kept: what pathological input
 * becomes instead of being parsed. */
char *feed_html_strip_tags(arena *a, const char *s, size_t n, size_t *out_len)
{
    char *t = arena_alloc(a, n + 1);
    size_t o = 0;
    bool in_tag = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '<')
            in_tag = true;
        else if (s[i] == '>' && in_tag)
            in_tag = false;
        else if (!in_tag)
            t[o++] = s[i];
    }
    t[o] = 0;
    *out_len = o;
    return t;
}

const char *feed_sanitize_html_full(arena *a, const char *s, size_t n, const char *base)
{
    if (!s)
        return NULL;
    if (n > FEED_MAX_HTML) {
        size_t tl;
        char *t = feed_html_strip_tags(a, s, n > FEED_MAX_HTML ? FEED_MAX_HTML : n, &tl);
        return feed_html_escape_text(a, t, tl);
    }
    html_opts o = {.policy = HTML_POLICY_FEED, .base_url = base};
    html_result res;
    if (html_clean(a, s, n, &o, &res, NULL) != 0)
        return NULL;
    str_view t = sv_trim(sv_make(res.html, res.html_len));
    return t.len ? sv_dup(a, t) : NULL;
}

const char *feed_first_img(arena *a, const char *html)
{
    if (!html)
        return NULL;
    /* memchr over a known length, not strstr in a loop: each strstr would
     * measure the rest of the string again (ASan's interceptor does), which
     * made 100,000 <img> without src quadratic. */
    size_t n = strlen(html);
    const char *stop = html + n;
    for (const char *p = memchr(html, '<', n); p; p = memchr(p + 1, '<', (size_t)(stop - p - 1))) {
        if (stop - p < 5 || memcmp(p, "<img", 4) != 0 || (p[4] != ' ' && p[4] != '>' && p[4] != '/'))
            continue;
        const char *end = memchr(p, '>', (size_t)(stop - p));
        if (!end)
            return NULL;
        /* our own serialization: attributes are  name="value", and '<' '>'
         * are escaped inside values, so the tag ends at the first '>' */
        const char *q = memmem(p, (size_t)(end - p), " src=\"", 6);
        if (!q)
            continue;
        const char *v = q + 6, *ve = memchr(v, '"', (size_t)(end - v));
        if (!ve || ve == v)
            continue;
        /* undo our attribute escaping */
        nm_buf b;
        buf_init(&b, NM_BUF_NOLIMIT);
        for (const char *c = v; c < ve; c++) {
            if (*c == '&' && strncmp(c, "&amp;", 5) == 0) {
                buf_putc(&b, '&');
                c += 4;
            } else if (*c == '&' && strncmp(c, "&quot;", 6) == 0) {
                buf_putc(&b, '"');
                c += 5;
            } else if (*c == '&' && (strncmp(c, "&lt;", 4) == 0 || strncmp(c, "&gt;", 4) == 0)) {
                buf_putc(&b, c[1] == 'l' ? '<' : '>');
                c += 3;
            } else {
                buf_putc(&b, *c);
            }
        }
        const char *r = arena_strdup(a, buf_cstr(&b));
        buf_free(&b);
        return r;
    }
    return NULL;
}
