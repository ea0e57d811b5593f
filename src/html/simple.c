/*
 * simple.c — the tree gumbo would build, for HTML that is already simple.
 *
 * Most feed bodies are a few paragraphs, links, images and emphasis, well
 * nested. For such a fragment the HTML5 tree builder does nothing but nest
 * what it reads, yet a gumbo parse costs ~20 µs even for 400 bytes (its
 * per-parse setup and tree building). This file reads the fragment once
 * and, while it can prove the input simple, builds in the caller's arena
 * the very GumboOutput gumbo would build for it as a fragment in a <div>:
 * an <html> root (parse_flags 0xb) holding the nodes; elements in the HTML
 * namespace with lower-case tag and attribute names, original_tag,
 * original_end_tag, original_name and original_value pointing into the
 * input, parse_flags 0 or, for a void element or one still open at the
 * end, GUMBO_INSERTION_IMPLICIT_END_TAG; text merged across character
 * references into one node per run, GUMBO_NODE_WHITESPACE when every
 * character (decoded) is a space, tab, LF or FF, else GUMBO_NODE_TEXT.
 *
 * Why that equals gumbo: when every end tag closes the innermost open
 * element and no start tag triggers an implied end (the rules below), the
 * "in body" insertion mode only inserts and pops, the list of active
 * formatting elements holds only elements still open (so reconstructing it
 * does nothing, and the adoption agency pops the current node), and the
 * tokenizer's only transformations are the lower-casing and the character
 * references accepted here, which decode to fixed code points.
 *
 * It declines (returns NULL, and gumbo parses) at the first of:
 *   - a tag outside a small set of phrasing, void (br, img, hr) and block
 *     elements (so script, style, tables, forms, iframes, pre … and any
 *     unknown tag go to gumbo);
 *   - an end tag that does not close the innermost open element, or that
 *     has attributes;
 *   - a block start tag (p, div, li, h1, ul, hr …) while a <p> is open, a
 *     heading in a heading, an <a> in an <a>, an li/dt/dd not directly in
 *     its list, a self-closing non-void tag, nesting past 64;
 *   - '<' not starting a tag (comments, doctypes, CDATA, a stray '<');
 *   - an attribute that is unquoted, valueless, duplicated (after
 *     lower-casing) or not followed by a space, '>' or "/>";
 *   - CR, NUL, C0 controls other than tab/LF/FF, DEL, C1 controls,
 *     non-characters, invalid UTF-8 (gumbo replaces or normalizes these);
 *   - '&' other than: a named reference with ';' from the table below, a
 *     decimal or hex reference with ';' to a code point gumbo keeps as it
 *     is, an '&' not followed by a letter, digit or '#' (literal in both),
 *     or, in an attribute value, '&' + letters/digits + '=' (a query
 *     string: literal there whatever the name).
 * When in doubt it declines; tests/fuzz/fuzz_html_simple.c compares every
 * tree it builds with gumbo's and every clean made from it.
 *
 * The same scan also runs without a tree (html_simple_events): it then
 * reports the elements and text a walk of that tree would meet, and
 * html_clean's FEED policy writes from them directly. One recognizer, two
 * consumers.
 *
 * Not here: gumbo's own path (parse.c), anything the cleaner decides.
 */
#include "html/internal.h"

#include <string.h>

#define SIMPLE_MAX_DEPTH HTML_SIMPLE_MAX_DEPTH
#define SIMPLE_MAX_ATTRS 32
#define SIMPLE_MAX_INPUT ((size_t)16 << 20)

bool html_simple_off;

enum sk { SK_PHRASE, SK_VOID, SK_BLOCK, SK_HEADING, SK_LIST, SK_DL, SK_LI, SK_DTDD, SK_A, SK_P };

typedef struct stag {
    const char *name;
    GumboTag tag;
    enum sk kind;
} stag;

static const stag tags[] = {
    {"a", GUMBO_TAG_A, SK_A}, {"abbr", GUMBO_TAG_ABBR, SK_PHRASE},
    {"acronym", GUMBO_TAG_ACRONYM, SK_PHRASE}, {"b", GUMBO_TAG_B, SK_PHRASE},
    {"big", GUMBO_TAG_BIG, SK_PHRASE}, {"cite", GUMBO_TAG_CITE, SK_PHRASE},
    {"code", GUMBO_TAG_CODE, SK_PHRASE}, {"del", GUMBO_TAG_DEL, SK_PHRASE},
    {"dfn", GUMBO_TAG_DFN, SK_PHRASE}, {"em", GUMBO_TAG_EM, SK_PHRASE},
    {"font", GUMBO_TAG_FONT, SK_PHRASE}, {"i", GUMBO_TAG_I, SK_PHRASE},
    {"ins", GUMBO_TAG_INS, SK_PHRASE}, {"kbd", GUMBO_TAG_KBD, SK_PHRASE},
    {"mark", GUMBO_TAG_MARK, SK_PHRASE}, {"q", GUMBO_TAG_Q, SK_PHRASE},
    {"s", GUMBO_TAG_S, SK_PHRASE}, {"samp", GUMBO_TAG_SAMP, SK_PHRASE},
    {"small", GUMBO_TAG_SMALL, SK_PHRASE}, {"span", GUMBO_TAG_SPAN, SK_PHRASE},
    {"strike", GUMBO_TAG_STRIKE, SK_PHRASE}, {"strong", GUMBO_TAG_STRONG, SK_PHRASE},
    {"sub", GUMBO_TAG_SUB, SK_PHRASE}, {"sup", GUMBO_TAG_SUP, SK_PHRASE},
    {"time", GUMBO_TAG_TIME, SK_PHRASE}, {"tt", GUMBO_TAG_TT, SK_PHRASE},
    {"u", GUMBO_TAG_U, SK_PHRASE}, {"var", GUMBO_TAG_VAR, SK_PHRASE},
    {"br", GUMBO_TAG_BR, SK_VOID}, {"img", GUMBO_TAG_IMG, SK_VOID},
    {"hr", GUMBO_TAG_HR, SK_BLOCK},
    {"address", GUMBO_TAG_ADDRESS, SK_BLOCK}, {"article", GUMBO_TAG_ARTICLE, SK_BLOCK},
    {"aside", GUMBO_TAG_ASIDE, SK_BLOCK}, {"blockquote", GUMBO_TAG_BLOCKQUOTE, SK_BLOCK},
    {"center", GUMBO_TAG_CENTER, SK_BLOCK}, {"div", GUMBO_TAG_DIV, SK_BLOCK},
    {"figcaption", GUMBO_TAG_FIGCAPTION, SK_BLOCK}, {"figure", GUMBO_TAG_FIGURE, SK_BLOCK},
    {"footer", GUMBO_TAG_FOOTER, SK_BLOCK}, {"header", GUMBO_TAG_HEADER, SK_BLOCK},
    {"nav", GUMBO_TAG_NAV, SK_BLOCK}, {"section", GUMBO_TAG_SECTION, SK_BLOCK},
    {"p", GUMBO_TAG_P, SK_P},
    {"h1", GUMBO_TAG_H1, SK_HEADING}, {"h2", GUMBO_TAG_H2, SK_HEADING},
    {"h3", GUMBO_TAG_H3, SK_HEADING}, {"h4", GUMBO_TAG_H4, SK_HEADING},
    {"h5", GUMBO_TAG_H5, SK_HEADING}, {"h6", GUMBO_TAG_H6, SK_HEADING},
    {"ul", GUMBO_TAG_UL, SK_LIST}, {"ol", GUMBO_TAG_OL, SK_LIST},
    {"li", GUMBO_TAG_LI, SK_LI}, {"dl", GUMBO_TAG_DL, SK_DL},
    {"dt", GUMBO_TAG_DT, SK_DTDD}, {"dd", GUMBO_TAG_DD, SK_DTDD},
};

static const stag *find_tag(const char *name, size_t n)
{
    for (size_t i = 0; i < NM_ARRAY_LEN(tags); i++)
        if (tags[i].name[0] == name[0] && strlen(tags[i].name) == n &&
            memcmp(tags[i].name, name, n) == 0)
            return &tags[i];
    return NULL;
}


static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f'; }
static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

/* Length of the valid, non-control, non-non-character UTF-8 sequence of
 * two or more bytes at s[0, n), or 0. */
static size_t utf8_ok(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c >= 0xC2 && c <= 0xDF) {
        if (n < 2 || (s[1] & 0xC0) != 0x80)
            return 0;
        return (c == 0xC2 && s[1] <= 0x9F) ? 0 : 2; /* C1 controls */
    }
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F))
            return 0; /* overlong, surrogate */
        if (c == 0xEF && ((s[1] == 0xB7 && s[2] >= 0x90 && s[2] <= 0xAF) ||
                          (s[1] == 0xBF && s[2] >= 0xBE)))
            return 0; /* U+FDD0..FDEF, U+FFFE, U+FFFF */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
            return 0;
        if ((s[1] & 0x0F) == 0x0F && s[2] == 0xBF && s[3] >= 0xBE)
            return 0; /* U+nFFFE, U+nFFFF */
        return 4;
    }
    return 0;
}

/* The character reference at s[0] == '&' within s[0, n): its source
 * length (0 to decline) and code point (*cp = '&' for a literal '&' of
 * length 1). `attr`: inside an attribute value. */
static size_t char_ref(const char *s, size_t n, bool attr, unsigned *cp)
{
    size_t i = 1;
    *cp = '&';
    if (i >= n || (!is_alnum(s[i]) && s[i] != '#'))
        return 1; /* not a reference: a literal '&' */
    if (s[i] == '#') {
        /* controls, surrogates and non-characters are remapped or replaced
         * by HTML5: gumbo's business */
        unsigned long v;
        size_t len = str_num_ref(s, n, 7, &v);
        *cp = (unsigned)v;
        return len && str_html_plain_code_point(v) ? len : 0;
    }
    size_t start = i;
    while (i < n && is_alnum(s[i]))
        i++;
    if (i < n && s[i] == ';') {
        *cp = html_entity(s + start, i - start, true);
        return *cp ? i + 1 : 0;
    }
    /* No ';': in an attribute, a name followed by '=' stays literal (the
     * query strings of URLs); anywhere else a legacy name (&copy, &amp …)
     * could decode. */
    return attr && i < n && s[i] == '=' ? 1 : 0;
}

/* Printable ASCII but space, & < " ' (scan_chars looks at those). */
static const bool plain_ascii[256] = {
    ['!'] = true, ['#' ... '%'] = true, ['(' ... ';'] = true, ['='] = true,
    ['>' ... '~'] = true,
};

/* Scans character data s[i, n) up to `stop` ('<' in text, the quote in a
 * value). Returns the end, or (size_t)-1 to decline; *refs when a
 * reference was seen, *ws false at a character (decoded) that is not
 * whitespace. */
static size_t scan_chars(const char *s, size_t i, size_t n, char stop, bool attr, bool *refs,
                         bool *ws)
{
    while (i < n) {
        /* the common cases first, in one tight loop: printable ASCII that
         * is no reference, tag or quote, and whole three-byte characters
         * led by E1-EC or EF (but EF B7 and EF BF, where the
         * non-characters are): CJK text and its full-width punctuation,
         * never overlong, a surrogate or a non-character */
        size_t st = i;
        for (;;) {
            while (i < n && plain_ascii[(unsigned char)s[i]])
                i++;
            if (i + 3 > n)
                break;
            unsigned char c0 = (unsigned char)s[i], c1 = (unsigned char)s[i + 1];
            bool lead = (c0 >= 0xE1 && c0 <= 0xEC) || (c0 == 0xEF && c1 != 0xB7 && c1 != 0xBF);
            if (!lead || (c1 & 0xC0) != 0x80 || ((unsigned char)s[i + 2] & 0xC0) != 0x80)
                break;
            i += 3;
        }
        if (i > st)
            *ws = false;
        if (i >= n)
            break;
        unsigned char c = (unsigned char)s[i];
        if (c == (unsigned char)stop)
            return i;
        if (c >= 0x80) {
            size_t l = utf8_ok((const unsigned char *)s + i, n - i);
            if (!l)
                return (size_t)-1;
            *ws = false;
            i += l;
        } else if (c == '&') {
            unsigned cp;
            size_t l = char_ref(s + i, n - i, attr, &cp);
            if (!l)
                return (size_t)-1;
            *refs |= l > 1;
            *ws &= cp == ' ' || cp == '\t' || cp == '\n';
            i += l;
        } else if (c < 0x20 || c == 0x7F) {
            if (c != '\t' && c != '\n' && c != '\f')
                return (size_t)-1; /* CR, NUL, controls */
            i++;
        } else {
            if (c != ' ')
                *ws = false;
            i++;
        }
    }
    return attr ? (size_t)-1 : n; /* an unclosed value declines */
}

/* s[0, n), scanned already, with its references decoded, in a. Decoding
 * never lengthens: the shortest reference (&lt;) is 4 bytes, a code point
 * past U+007F takes at least 6 (&#160;), past U+07FF 7, past U+FFFF 8. */
static char *decode(arena *a, const char *s, size_t n, bool refs, bool attr)
{
    char *o = arena_alloc(a, n + 1);
    if (!refs) {
        memcpy(o, s, n);
        o[n] = 0;
        return o;
    }
    size_t j = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] != '&') {
            o[j++] = s[i++];
            continue;
        }
        unsigned cp;
        size_t l = char_ref(s + i, n - i, attr, &cp);
        j += str_utf8_put(cp, o + j);
        i += l;
    }
    o[j] = 0;
    return o;
}

typedef struct builder {
    arena *a;
    const char *s;
    size_t n;
    const html_simple_sink *sink; /* events instead of a tree, when set */
    GumboNode *open[SIMPLE_MAX_DEPTH + 1]; /* open[0] is the <html> root */
    const stag *kind[SIMPLE_MAX_DEPTH + 1];
    int depth;
} builder;

static void push_child(builder *b, GumboNode *parent, GumboNode *child)
{
    GumboVector *v = &parent->v.element.children;
    if (v->length == v->capacity) {
        unsigned cap = v->capacity ? v->capacity * 2 : 4;
        void **d = arena_alloc(b->a, cap * sizeof(*d));
        if (v->length)
            memcpy(d, v->data, v->length * sizeof(*d));
        v->data = d;
        v->capacity = cap;
    }
    child->parent = parent;
    child->index_within_parent = v->length;
    v->data[v->length++] = child;
}

static bool is_open(const builder *b, enum sk k)
{
    for (int i = 1; i <= b->depth; i++)
        if (b->kind[i]->kind == k)
            return true;
    return false;
}

/* The start tag at s[lt] == '<' whose name is s[name, name_end). Returns the
 * offset past it, or 0 to decline. */
static size_t start_tag(builder *b, size_t lt, size_t name_end, const stag *t)
{
    const char *s = b->s;
    size_t n = b->n;
    enum sk k = t->kind;
    bool block = k != SK_PHRASE && k != SK_VOID && k != SK_A;
    if (block && is_open(b, SK_P))
        return 0; /* would close the <p> */
    if ((k == SK_HEADING && is_open(b, SK_HEADING)) || (k == SK_A && is_open(b, SK_A)))
        return 0;
    enum sk top = b->depth ? b->kind[b->depth]->kind : SK_BLOCK;
    if ((k == SK_LI && top != SK_LIST) || (k == SK_DTDD && top != SK_DL))
        return 0;
    GumboAttribute *attrs[SIMPLE_MAX_ATTRS];
    unsigned na = 0;
    size_t p = name_end;
    bool self_closing = false;
    for (;;) {
        while (p < n && is_space(s[p]))
            p++;
        if (p >= n)
            return 0;
        if (s[p] == '>') {
            p++;
            break;
        }
        if (s[p] == '/') {
            if (p + 1 >= n || s[p + 1] != '>')
                return 0;
            self_closing = true;
            p += 2;
            break;
        }
        if (p > name_end && !is_space(s[p - 1]))
            return 0; /* attributes must be apart */
        size_t ns = p;
        if (!is_alpha(s[p]))
            return 0;
        while (p < n && (is_alnum(s[p]) || s[p] == '-' || s[p] == '_' || s[p] == ':' || s[p] == '.'))
            p++;
        size_t nl = p - ns;
        while (p < n && is_space(s[p]))
            p++;
        if (p >= n || s[p] != '=')
            return 0; /* valueless, or odd characters in the name */
        p++;
        while (p < n && is_space(s[p]))
            p++;
        if (p >= n || (s[p] != '"' && s[p] != '\''))
            return 0;
        size_t vq = p++;
        bool refs = false, ws = true;
        size_t ve = scan_chars(s, p, n, s[vq], true, &refs, &ws);
        if (ve == (size_t)-1)
            return 0;
        if (na == SIMPLE_MAX_ATTRS)
            return 0;
        char *name = arena_alloc(b->a, nl + 1);
        for (size_t i = 0; i < nl; i++)
            name[i] = (char)((s[ns + i] >= 'A' && s[ns + i] <= 'Z') ? s[ns + i] + 32 : s[ns + i]);
        name[nl] = 0;
        for (unsigned i = 0; i < na; i++)
            if (!strcmp(attrs[i]->name, name))
                return 0; /* gumbo keeps the first: its call */
        GumboAttribute *at = arena_zalloc(b->a, sizeof(*at));
        at->attr_namespace = GUMBO_ATTR_NAMESPACE_NONE;
        at->name = name;
        at->original_name = (GumboStringPiece){s + ns, nl};
        at->value = decode(b->a, s + p, ve - p, refs, true);
        at->original_value = (GumboStringPiece){s + vq, ve + 1 - vq};
        attrs[na++] = at;
        p = ve + 1;
        if (p < n && !is_space(s[p]) && s[p] != '>' && s[p] != '/')
            return 0;
    }
    bool is_void = k == SK_VOID || t->tag == GUMBO_TAG_HR;
    if (self_closing && !is_void)
        return 0;
    if (!is_void && b->depth == SIMPLE_MAX_DEPTH)
        return 0;
    if (b->sink) {
        b->sink->start(b->sink->ud, t->tag, attrs, na);
        if (!is_void) {
            b->depth++;
            b->kind[b->depth] = t;
        }
        return p;
    }
    GumboNode *node = arena_zalloc(b->a, sizeof(*node));
    node->type = GUMBO_NODE_ELEMENT;
    GumboElement *el = &node->v.element;
    el->tag = t->tag;
    el->tag_namespace = GUMBO_NAMESPACE_HTML;
    el->original_tag = (GumboStringPiece){s + lt, p - lt};
    if (na) {
        el->attributes.data = arena_alloc(b->a, na * sizeof(void *));
        memcpy(el->attributes.data, attrs, na * sizeof(void *));
        el->attributes.length = el->attributes.capacity = na;
    }
    push_child(b, b->open[b->depth], node);
    if (is_void) {
        node->parse_flags = GUMBO_INSERTION_IMPLICIT_END_TAG;
    } else {
        b->depth++;
        b->open[b->depth] = node;
        b->kind[b->depth] = t;
    }
    return p;
}

static void add_text(builder *b, size_t from, size_t to, bool refs, bool ws)
{
    if (from == to)
        return;
    if (b->sink) {
        if (refs) {
            char *t = decode(b->a, b->s + from, to - from, true, false);
            b->sink->text(b->sink->ud, t, strlen(t));
        } else {
            b->sink->text(b->sink->ud, b->s + from, to - from);
        }
        return;
    }
    GumboNode *node = arena_zalloc(b->a, sizeof(*node));
    node->type = ws ? GUMBO_NODE_WHITESPACE : GUMBO_NODE_TEXT;
    node->v.text.text = decode(b->a, b->s + from, to - from, refs, false);
    node->v.text.original_text = (GumboStringPiece){b->s + from, to - from};
    push_child(b, b->open[b->depth], node);
}

/* The usual reasons to decline, found before any node is built: a long
 * article that declines at its closing comment would otherwise cost a
 * wasted pass (3 % of a gumbo parse). Only a shortcut: the builder
 * declines these itself. */
static bool obviously_not_simple(const char *s, size_t n)
{
    const char *e = s + n;
    for (const char *p = memchr(s, '<', n); p; p = memchr(p + 1, '<', (size_t)(e - p - 1))) {
        const char *t = p + 1;
        size_t left = (size_t)(e - t);
        if ((left && *t == '!') ||
            (left >= 5 && (!nm_strncasecmp(t, "table", 5) || !nm_strncasecmp(t, "style", 5))) ||
            (left >= 6 && !nm_strncasecmp(t, "script", 6)))
            return true;
    }
    return false;
}

/* Reads s[0, n) into b (a tree under b->open[0], or events to b->sink);
 * false to decline. */
static bool scan(builder *b)
{
    const char *s = b->s;
    size_t n = b->n;
    size_t i = 0;
    while (i < n) {
        bool refs = false, ws = true;
        size_t e = scan_chars(s, i, n, '<', false, &refs, &ws);
        if (e == (size_t)-1)
            return false;
        add_text(b, i, e, refs, ws);
        if (e >= n)
            break;
        i = e; /* at '<' */
        bool close = i + 1 < n && s[i + 1] == '/';
        size_t t = i + 1 + close, te = t;
        while (te < n && is_alnum(s[te]))
            te++;
        if (te == t || !is_alpha(s[t]) || te - t > 10 || te >= n)
            return false; /* comments, doctypes, a stray '<' … */
        char name[12];
        for (size_t k = t; k < te; k++)
            name[k - t] = (char)((s[k] >= 'A' && s[k] <= 'Z') ? s[k] + 32 : s[k]);
        name[te - t] = 0;
        const stag *tg = find_tag(name, te - t);
        if (!tg)
            return false;
        if (close) {
            size_t p = te;
            while (p < n && is_space(s[p]))
                p++;
            if (p >= n || s[p] != '>' || b->depth == 0 || b->kind[b->depth] != tg)
                return false;
            if (b->sink)
                b->sink->end(b->sink->ud);
            else
                b->open[b->depth]->v.element.original_end_tag = (GumboStringPiece){s + i, p + 1 - i};
            b->depth--;
            i = p + 1;
            continue;
        }
        if (!is_space(s[te]) && s[te] != '>' && s[te] != '/')
            return false;
        i = start_tag(b, i, te, tg);
        if (!i)
            return false;
    }
    /* elements still open end here, as the parser ends them */
    for (int d = b->depth; d >= 1; d--) {
        if (b->sink)
            b->sink->end(b->sink->ud);
        else
            b->open[d]->parse_flags |= GUMBO_INSERTION_IMPLICIT_END_TAG;
    }
    return true;
}

GumboOutput *html_parse_simple(arena *a, const char *s, size_t n)
{
    if (n > SIMPLE_MAX_INPUT || (n > 512 && obviously_not_simple(s, n)))
        return NULL;
    builder b = {.a = a, .s = s, .n = n};
    GumboNode *doc = arena_zalloc(a, sizeof(*doc));
    doc->type = GUMBO_NODE_DOCUMENT;
    doc->parse_flags = GUMBO_INSERTION_BY_PARSER;
    doc->v.document.name = doc->v.document.public_identifier =
        doc->v.document.system_identifier = "";
    GumboNode *root = arena_zalloc(a, sizeof(*root));
    root->type = GUMBO_NODE_ELEMENT;
    root->parse_flags =
        GUMBO_INSERTION_BY_PARSER | GUMBO_INSERTION_IMPLICIT_END_TAG | GUMBO_INSERTION_IMPLIED;
    root->v.element.tag = GUMBO_TAG_HTML;
    root->v.element.tag_namespace = GUMBO_NAMESPACE_HTML;
    b.open[0] = root;
    if (!scan(&b))
        return NULL;
    doc->v.document.children.data = arena_alloc(a, sizeof(void *));
    doc->v.document.children.data[0] = root;
    doc->v.document.children.length = doc->v.document.children.capacity = 1;
    root->parent = doc;
    GumboOutput *out = arena_zalloc(a, sizeof(*out));
    out->document = doc;
    out->root = root;
    return out;
}

bool html_simple_events(arena *a, const char *s, size_t n, const html_simple_sink *sink)
{
    if (n > SIMPLE_MAX_INPUT || (n > 512 && obviously_not_simple(s, n)))
        return false;
    builder b = {.a = a, .s = s, .n = n, .sink = sink};
    return scan(&b);
}
