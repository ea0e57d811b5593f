/*
 * sanitize.c — the HTML kind: feedparser's sanitizing, behind one function.
 *
 * An HTML fragment from a feed is parsed by gumbo (as a browser parses it:
 * unclosed tags closed, entities decoded) and written out again walking
 * the tree with an allowlist, the one feedparser's _HTMLSanitizer uses:
 *   - script, style and applet go with their content;
 *   - other elements not on the list go, their text stays;
 *   - attributes not on the list go (so every on* handler), a style
 *     attribute keeps only the CSS properties feedparser accepts;
 *   - URL attributes are resolved against the base, and a URL whose scheme
 *     is not a safe one (javascript:, data:, vbscript: …) becomes "";
 *   - comments and doctypes go.
 * Void elements are written "<img … />" as feedparser writes them.
 *
 * This is the feed module's stopgap until html_clean(HTML_POLICY_FEED)
 * from src/html/ lands; everything that sanitizes goes through
 * feed_sanitize_html() so the switch is one function.
 *
 * Bounds: a fragment nested deeper than SANITIZE_MAX_DEPTH (which would
 * make gumbo quadratic) or larger than FEED_MAX_HTML is reduced to its
 * escaped text instead of being parsed.
 */
#include "feed_int.h"

#include <gumbo.h>
#include <stdlib.h>
#include <string.h>

#define SANITIZE_MAX_DEPTH 512

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* feedparser 6 _HTMLSanitizer.acceptable_elements (sorted) */
static const char *const allowed_elements[] = {
    "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "big",
    "blockquote", "br", "button", "canvas", "caption", "center", "cite", "code", "col",
    "colgroup", "command", "datagrid", "datalist", "dd", "del", "details", "dfn", "dialog", "dir",
    "div", "dl", "dt", "em", "event-source", "fieldset", "figcaption", "figure", "font", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "input", "ins", "kbd",
    "keygen", "label", "legend", "li", "m", "map", "menu", "meter", "multicol", "nav", "nextid",
    "noscript", "ol", "optgroup", "option", "output", "p", "pre", "progress", "q", "s", "samp",
    "section", "select", "small", "sound", "source", "spacer", "span", "strike", "strong", "sub",
    "sup", "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "time", "tr", "tt", "u",
    "ul", "var", "video",
};

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

/* feedparser's acceptable_css_properties (sorted) */
static const char *const allowed_css[] = {
    "azimuth", "background-color", "border-bottom-color", "border-collapse", "border-color",
    "border-left-color", "border-right-color", "border-top-color", "clear", "color", "cursor",
    "direction", "display", "elevation", "float", "font", "font-family", "font-size",
    "font-style", "font-variant", "font-weight", "height", "letter-spacing", "line-height",
    "overflow", "pause", "pause-after", "pause-before", "pitch", "pitch-range", "richness",
    "speak", "speak-header", "speak-numeral", "speak-punctuation", "speech-rate", "stress",
    "text-align", "text-decoration", "text-indent", "unicode-bidi", "vertical-align",
    "voice-family", "volume", "white-space", "width",
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

bool feed_html_allowed_element(const char *name, size_t n)
{
    return in_list(allowed_elements, NM_ARRAY_LEN(allowed_elements), name, n);
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
    /* scheme: letters, digits, + - . before the first ':' that comes before
     * any / ? # */
    const char *p = u;
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
           *p == '+' || *p == '-' || *p == '.')
        p++;
    if (*p != ':' || p == u)
        return u;
    return in_list(safe_schemes, NM_ARRAY_LEN(safe_schemes), u, (size_t)(p - u)) ? u : "";
}

/* feedparser's sanitize_style, simplified: keep "prop: value;" for the
 * accepted properties, drop url(...) values; "" when nothing is left. */
const char *feed_san_clean_style(arena *a, const char *style)
{
    nm_buf out;
    buf_init(&out, NM_BUF_NOLIMIT);
    const char *p = style;
    while (*p) {
        const char *semi = strchr(p, ';');
        size_t len = semi ? (size_t)(semi - p) : strlen(p);
        str_view decl = sv_make(p, len);
        const char *colon = memchr(decl.ptr, ':', decl.len);
        if (colon) {
            str_view prop = sv_trim(sv_make(decl.ptr, (size_t)(colon - decl.ptr)));
            str_view val = sv_trim(sv_make(colon + 1, decl.len - (size_t)(colon + 1 - decl.ptr)));
            bool url = false;
            for (size_t i = 0; i < val.len; i++)
                if ((val.len - i >= 4 && nm_strncasecmp(val.ptr + i, "url(", 4) == 0) ||
                    (val.len - i >= 10 && nm_strncasecmp(val.ptr + i, "expression", 10) == 0))
                    url = true;
            if (val.len && !url &&
                in_list(allowed_css, NM_ARRAY_LEN(allowed_css), prop.ptr, prop.len)) {
                if (out.len)
                    buf_putc(&out, ' ');
                buf_printf(&out, SV_FMT ": " SV_FMT ";", SV_ARG(prop), SV_ARG(val));
            }
        }
        p += len + (semi ? 1 : 0);
    }
    const char *r = out.len ? arena_strdup(a, buf_cstr(&out)) : "";
    buf_free(&out);
    return r;
}

static bool is_void(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_AREA: case GUMBO_TAG_BR: case GUMBO_TAG_COL: case GUMBO_TAG_HR:
    case GUMBO_TAG_IMG: case GUMBO_TAG_INPUT: case GUMBO_TAG_SOURCE: case GUMBO_TAG_KEYGEN:
    case GUMBO_TAG_WBR: case GUMBO_TAG_EMBED: case GUMBO_TAG_PARAM: case GUMBO_TAG_TRACK:
    case GUMBO_TAG_BASE: case GUMBO_TAG_LINK: case GUMBO_TAG_META: case GUMBO_TAG_SPACER:
        return true;
    default:
        return false;
    }
}

/* The lower-case tag name of an element (gumbo's for known tags, the
 * source's for unknown ones); NULL when not allowed. */
static const char *element_name(const GumboElement *el, char *tmp, size_t tmpn)
{
    const char *name;
    size_t n;
    if (el->tag != GUMBO_TAG_UNKNOWN) {
        name = gumbo_normalized_tagname(el->tag);
        n = strlen(name);
    } else {
        GumboStringPiece piece = el->original_tag;
        gumbo_tag_from_original_text(&piece);
        name = piece.data;
        n = piece.length;
    }
    if (n == 0 || n >= tmpn || el->tag_namespace != GUMBO_NAMESPACE_HTML)
        return NULL;
    for (size_t i = 0; i < n; i++)
        tmp[i] = (char)((name[i] >= 'A' && name[i] <= 'Z') ? name[i] + 32 : name[i]);
    tmp[n] = 0;
    return feed_html_allowed_element(tmp, n) ? tmp : NULL;
}

static void open_tag(nm_buf *b, arena *a, const char *name, const GumboElement *el,
                     const char *base)
{
    buf_putc(b, '<');
    buf_puts(b, name);
    for (unsigned i = 0; i < el->attributes.length; i++) {
        const GumboAttribute *at = el->attributes.data[i];
        const char *v = at->value;
        /* an attribute written without a value (<video controls>) gets its
         * name as value, as feedparser's sgmllib gives it */
        if (at->original_value.length == 0 || at->original_value.data == at->original_name.data)
            v = at->name; /* gumbo 0.10 points a missing value at the name */
        if (strcmp(at->name, "style") == 0) {
            v = feed_san_clean_style(a, v);
            if (!*v)
                continue;
        } else if (!in_list(allowed_attributes, NM_ARRAY_LEN(allowed_attributes), at->name,
                            strlen(at->name))) {
            continue;
        } else if (feed_san_is_url_attr(at->name)) {
            v = feed_san_safe_url(a, base, v);
        }
        buf_putc(b, ' ');
        buf_puts(b, at->name);
        buf_puts(b, "=\"");
        feed_san_put_escaped(b, v, true);
        buf_putc(b, '"');
    }
    buf_puts(b, is_void(el->tag) ? " />" : ">");
}

static bool drops_content(GumboTag t)
{
    return t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_APPLET;
}

/* Rough nesting depth of an HTML fragment (open tags minus close tags),
 * to keep pathological input away from gumbo. */
static size_t rough_depth(const char *s, size_t n)
{
    size_t depth = 0, max = 0;
    for (const char *p = memchr(s, '<', n); p; p = memchr(p + 1, '<', n - (size_t)(p + 1 - s))) {
        if ((size_t)(p + 1 - s) >= n)
            break;
        char c = p[1];
        if (c == '/') {
            if (depth)
                depth--;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            if (++depth > max)
                max = depth;
        }
    }
    return max;
}

/* Tags stripped by a plain scan, text kept and escaped: the fallback for
 * input gumbo should not see. */
static const char *strip_tags(arena *a, const char *s, size_t n)
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
    return feed_html_escape_text(a, t, o);
}

const char *feed_sanitize_html(arena *a, const char *s, size_t n, const char *base)
{
    if (!s)
        return NULL;
    /* plain text needs no parse: the fast path for most feed text */
    if (!memchr(s, '<', n) && !memchr(s, '&', n))
        return feed_html_escape_text(a, s, n);
    /* simple, well-nested HTML (most of what feeds carry) is checked and
     * written in one pass, as gumbo would have written it */
    bool done = false;
    const char *r = feed_sanitize_html_fast(a, s, n, base, &done);
    if (done)
        return r;
    return feed_sanitize_html_gumbo(a, s, n, base);
}

const char *feed_sanitize_html_gumbo(arena *a, const char *s, size_t n, const char *base)
{
    if (!s)
        return NULL;
    if (n > FEED_MAX_HTML || rough_depth(s, n) > SANITIZE_MAX_DEPTH)
        return strip_tags(a, s, n > FEED_MAX_HTML ? FEED_MAX_HTML : n);

    GumboOptions opt = kGumboDefaultOptions;
    opt.fragment_context = GUMBO_TAG_DIV;
    opt.max_errors = 0;
    GumboOutput *g = gumbo_parse_with_options(&opt, s, n);
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    char name_tmp[48];
    /* Stackless walk (gumbo nodes know parent and index); an element's
     * close tag is written when the walk climbs out of it. */
    GumboNode *root = g->root, *node = root;
    bool descend = true;
    while (node) {
        GumboNode *next = NULL;
        if (descend) {
            if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
                const GumboElement *el = &node->v.element;
                const char *name = node == root ? NULL : element_name(el, name_tmp, sizeof(name_tmp));
                if (name)
                    open_tag(&b, a, name, el, base);
                if (el->children.length > 0 && !drops_content(el->tag) && !is_void(el->tag))
                    next = el->children.data[0];
                else if (name && !is_void(el->tag))
                    buf_printf(&b, "</%s>", name);
            } else if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
                       node->type == GUMBO_NODE_CDATA) {
                feed_san_put_escaped(&b, node->v.text.text, false);
            }
        }
        if (next) {
            node = next;
            descend = true;
            continue;
        }
        if (node == root)
            break;
        GumboNode *p = node->parent;
        size_t i = node->index_within_parent + 1;
        if (i < p->v.element.children.length) {
            node = p->v.element.children.data[i];
            descend = true;
        } else {
            node = p;
            descend = false;
            if (p != root) {
                const char *name = element_name(&p->v.element, name_tmp, sizeof(name_tmp));
                if (name)
                    buf_printf(&b, "</%s>", name);
            }
        }
    }
    gumbo_destroy_output(&kGumboDefaultOptions, g);
    str_view t = sv_trim(sv_make(buf_cstr(&b), b.len));
    const char *r = t.len ? sv_dup(a, t) : NULL;
    /* gumbo decodes an out-of-range &#…; into bytes that are not UTF-8 */
    if (r && !utf8_valid(r, t.len))
        r = feed_utf8_repair(a, r, t.len, NULL);
    buf_free(&b);
    return r;
}

const char *feed_first_img(arena *a, const char *html)
{
    if (!html)
        return NULL;
    for (const char *p = strstr(html, "<img"); p; p = strstr(p + 4, "<img")) {
        if (p[4] != ' ' && p[4] != '>' && p[4] != '/')
            continue;
        const char *end = strchr(p, '>');
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
