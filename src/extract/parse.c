/*
 * parse.c — a page's HTML read into libxml2's tree by a small parser of
 * our own that builds the tree libxml2's HTML parser (2.9) builds.
 *
 * libxml2's parser reads a page character by character through its input
 * layer (a function call per character of every attribute value and
 * text run): that was 55-60 % of the extractor's instructions on the
 * benchmark pages, the extraction itself less than a third. This one
 * scans with memchr, copies runs whole, and follows libxml2's rules, so
 * that the extractor, the site rules' XPath and the serializer see the
 * same tree as before:
 *  - tags: names lower-cased (an element name XPath could not match
 *    becomes span, such an attribute is dropped), an attribute given
 *    twice keeps its first value, `/>` closes any element, the void
 *    elements of HTML 4 (br, img, meta, link, input, hr …) hold nothing;
 *  - character references: numeric ones (';' optional) and HTML 4's
 *    named ones with their ';' (html_entity); anything else is text as
 *    written;
 *  - raw text: <script> and <style> up to their end tag; comments,
 *    <!DOCTYPE …> and <?…?> make no node (but text around a comment or a
 *    <?…> stays in two nodes, as after libxml2's tree lost its comments),
 *    other "<" are text, "</" without a name is dropped; text on both
 *    sides of what makes no node in libxml2's tree (an end tag that
 *    closed nothing, a second <body>, a DOCTYPE) is one node, its content
 *    copied once however many runs joined it;
 *  - the tree (libxml2's htmlAutoClose, htmlCheckImplied,
 *    htmlCheckParagraph, htmlAutoCloseOnClose): html, head and body
 *    implied where libxml2 implies them; a start tag closes the open
 *    element on top while htmlStartClose says so (<p>, <div>, <table> …
 *    close a <p>, <li> an <li>, <td> a <td> …); an end tag closes up to its
 *    element unless an element of higher end priority is in between
 *    (div < td, th < tr < thead, tbody, tfoot < table < head, body <
 *    html), and is ignored when its element is not open; a second
 *    html, head or body start tag is dropped with its end tag; text
 *    straight in html or head goes into an implied <p> (whitespace
 *    stays where it is: libxml2 keeps blanks); <template> contents are
 *    dropped; past 200 levels an element holds nothing (see
 *    PARSE_MAX_OPEN).
 * The result owns its nodes (xmlFreeDoc); names are in the doc's
 * dictionary, as libxml2's parser puts them.
 */
#include "extract_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/parserInternals.h>
#include <libxml/valid.h>

#include "html/html.h"

/* Elements nested deeper than this are added but not kept open: what
 * follows goes beside them, so the tree is never deeper (the extractor's
 * walks recurse), and nothing is dropped (libxml2 dropped the rest of a
 * page past 256 levels, and the page's nesting was bounded at 200 first). */
#define PARSE_MAX_OPEN 200

/* ---- what libxml2 knows of elements ---------------------------------------- */

/* The elements libxml2's tree building names: an id each (T_p, T_div …),
 * found from the name's dictionary pointer (parser.ids) so that the rules
 * below compare integers, not strings. */
#define TAGS(X) \
    X(a) X(abbr) X(acronym) X(address) X(area) X(b) X(base) X(basefont) X(bdo) X(big) \
    X(blockquote) X(body) X(br) X(caption) X(center) X(cite) X(code) X(col) X(colgroup) X(dd) \
    X(dfn) X(dir) X(div) X(dl) X(dt) X(em) X(fieldset) X(font) X(form) X(frame) X(frameset) \
    X(h1) X(h2) X(h3) X(h4) X(h5) X(h6) X(head) X(hr) X(html) X(i) X(iframe) X(img) X(input) \
    X(isindex) X(kbd) X(legend) X(li) X(link) X(listing) X(map) X(menu) X(meta) X(noframes) \
    X(noscript) X(ol) X(optgroup) X(option) X(p) X(param) X(pre) X(q) X(s) X(samp) X(script) \
    X(small) X(span) X(strike) X(strong) X(style) X(sub) X(sup) X(table) X(tbody) X(td) \
    X(template) X(tfoot) X(th) X(thead) X(title) X(tr) X(tt) X(u) X(ul) X(var) X(xmp)

enum {
#define TAG_ID(n) T_##n,
    TAGS(TAG_ID)
#undef TAG_ID
    T_COUNT,
    T_OTHER = T_COUNT /* any other element */
};

static const char *const tag_names[] = {
#define TAG_NAME(n) #n,
    TAGS(TAG_NAME)
#undef TAG_NAME
};

/* HTML 4's void elements (libxml2's html40ElementTable "empty"): never
 * open. */
static const bool void_tag[T_COUNT + 1] = {
    [T_area] = true, [T_base] = true, [T_basefont] = true, [T_br] = true, [T_col] = true,
    [T_frame] = true, [T_hr] = true, [T_img] = true, [T_input] = true, [T_isindex] = true,
    [T_link] = true, [T_meta] = true, [T_param] = true,
};

/* libxml2's htmlEndPriority (100 unless said): an end tag closes no open
 * element of a higher priority than its own. */
static const unsigned char end_priority[T_COUNT + 1] = {
    [T_body] = 200, [T_div] = 150, [T_head] = 200, [T_html] = 220, [T_table] = 190,
    [T_tbody] = 180, [T_td] = 160, [T_tfoot] = 180, [T_th] = 160, [T_thead] = 180,
    [T_tr] = 170,
};

/* libxml2's htmlStartClose: {open element, start tag that closes it}. */
static const unsigned char start_closes[][2] = {
    {T_a, T_a}, {T_a, T_fieldset}, {T_a, T_table}, {T_a, T_td}, {T_a, T_th}, {T_address, T_dd},
    {T_address, T_dl}, {T_address, T_dt}, {T_address, T_form}, {T_address, T_li},
    {T_address, T_ul}, {T_b, T_center}, {T_b, T_p}, {T_b, T_td}, {T_b, T_th}, {T_big, T_p},
    {T_caption, T_col}, {T_caption, T_colgroup}, {T_caption, T_tbody}, {T_caption, T_tfoot},
    {T_caption, T_thead}, {T_caption, T_tr}, {T_col, T_col}, {T_col, T_colgroup},
    {T_col, T_tbody}, {T_col, T_tfoot}, {T_col, T_thead}, {T_col, T_tr},
    {T_colgroup, T_colgroup}, {T_colgroup, T_tbody}, {T_colgroup, T_tfoot},
    {T_colgroup, T_thead}, {T_colgroup, T_tr}, {T_dd, T_dt}, {T_dir, T_dd}, {T_dir, T_dl},
    {T_dir, T_dt}, {T_dir, T_form}, {T_dir, T_ul}, {T_dl, T_form}, {T_dl, T_li}, {T_dt, T_dd},
    {T_dt, T_dl}, {T_font, T_center}, {T_font, T_td}, {T_font, T_th}, {T_form, T_form},
    {T_h1, T_fieldset}, {T_h1, T_form}, {T_h1, T_li}, {T_h1, T_p}, {T_h1, T_table},
    {T_h2, T_fieldset}, {T_h2, T_form}, {T_h2, T_li}, {T_h2, T_p}, {T_h2, T_table},
    {T_h3, T_fieldset}, {T_h3, T_form}, {T_h3, T_li}, {T_h3, T_p}, {T_h3, T_table},
    {T_h4, T_fieldset}, {T_h4, T_form}, {T_h4, T_li}, {T_h4, T_p}, {T_h4, T_table},
    {T_h5, T_fieldset}, {T_h5, T_form}, {T_h5, T_li}, {T_h5, T_p}, {T_h5, T_table},
    {T_h6, T_fieldset}, {T_h6, T_form}, {T_h6, T_li}, {T_h6, T_p}, {T_h6, T_table},
    {T_head, T_a}, {T_head, T_abbr}, {T_head, T_acronym}, {T_head, T_address}, {T_head, T_b},
    {T_head, T_bdo}, {T_head, T_big}, {T_head, T_blockquote}, {T_head, T_body}, {T_head, T_br},
    {T_head, T_center}, {T_head, T_cite}, {T_head, T_code}, {T_head, T_dd}, {T_head, T_dfn},
    {T_head, T_dir}, {T_head, T_div}, {T_head, T_dl}, {T_head, T_dt}, {T_head, T_em},
    {T_head, T_fieldset}, {T_head, T_font}, {T_head, T_form}, {T_head, T_frameset},
    {T_head, T_h1}, {T_head, T_h2}, {T_head, T_h3}, {T_head, T_h4}, {T_head, T_h5},
    {T_head, T_h6}, {T_head, T_hr}, {T_head, T_i}, {T_head, T_iframe}, {T_head, T_img},
    {T_head, T_kbd}, {T_head, T_li}, {T_head, T_listing}, {T_head, T_map}, {T_head, T_menu},
    {T_head, T_ol}, {T_head, T_p}, {T_head, T_pre}, {T_head, T_q}, {T_head, T_s},
    {T_head, T_samp}, {T_head, T_small}, {T_head, T_span}, {T_head, T_strike},
    {T_head, T_strong}, {T_head, T_sub}, {T_head, T_sup}, {T_head, T_table}, {T_head, T_tt},
    {T_head, T_u}, {T_head, T_ul}, {T_head, T_var}, {T_head, T_xmp}, {T_hr, T_form},
    {T_i, T_center}, {T_i, T_p}, {T_i, T_td}, {T_i, T_th}, {T_legend, T_fieldset},
    {T_li, T_li}, {T_link, T_body}, {T_link, T_frameset}, {T_listing, T_dd}, {T_listing, T_dl},
    {T_listing, T_dt}, {T_listing, T_fieldset}, {T_listing, T_form}, {T_listing, T_li},
    {T_listing, T_table}, {T_listing, T_ul}, {T_menu, T_dd}, {T_menu, T_dl}, {T_menu, T_dt},
    {T_menu, T_form}, {T_menu, T_ul}, {T_ol, T_form}, {T_option, T_optgroup},
    {T_option, T_option}, {T_p, T_address}, {T_p, T_blockquote}, {T_p, T_body},
    {T_p, T_caption}, {T_p, T_center}, {T_p, T_col}, {T_p, T_colgroup}, {T_p, T_dd},
    {T_p, T_dir}, {T_p, T_div}, {T_p, T_dl}, {T_p, T_dt}, {T_p, T_fieldset}, {T_p, T_form},
    {T_p, T_frameset}, {T_p, T_h1}, {T_p, T_h2}, {T_p, T_h3}, {T_p, T_h4}, {T_p, T_h5},
    {T_p, T_h6}, {T_p, T_head}, {T_p, T_hr}, {T_p, T_li}, {T_p, T_listing}, {T_p, T_menu},
    {T_p, T_ol}, {T_p, T_p}, {T_p, T_pre}, {T_p, T_table}, {T_p, T_tbody}, {T_p, T_td},
    {T_p, T_tfoot}, {T_p, T_th}, {T_p, T_title}, {T_p, T_tr}, {T_p, T_ul}, {T_p, T_xmp},
    {T_pre, T_dd}, {T_pre, T_dl}, {T_pre, T_dt}, {T_pre, T_fieldset}, {T_pre, T_form},
    {T_pre, T_li}, {T_pre, T_table}, {T_pre, T_ul}, {T_s, T_p}, {T_script, T_noscript},
    {T_small, T_p}, {T_span, T_td}, {T_span, T_th}, {T_strike, T_p}, {T_style, T_body},
    {T_style, T_frameset}, {T_tbody, T_tbody}, {T_tbody, T_tfoot}, {T_td, T_tbody},
    {T_td, T_td}, {T_td, T_tfoot}, {T_td, T_th}, {T_td, T_tr}, {T_tfoot, T_tbody},
    {T_th, T_tbody}, {T_th, T_td}, {T_th, T_tfoot}, {T_th, T_th}, {T_th, T_tr},
    {T_thead, T_tbody}, {T_thead, T_tfoot}, {T_title, T_body}, {T_title, T_frameset},
    {T_tr, T_tbody}, {T_tr, T_tfoot}, {T_tr, T_tr}, {T_tt, T_p}, {T_u, T_p}, {T_u, T_td},
    {T_u, T_th}, {T_ul, T_address}, {T_ul, T_form}, {T_ul, T_menu}, {T_ul, T_pre},
    {T_xmp, T_dd}, {T_xmp, T_dl}, {T_xmp, T_dt}, {T_xmp, T_fieldset}, {T_xmp, T_form},
    {T_xmp, T_li}, {T_xmp, T_table}, {T_xmp, T_ul},
};

static int priority(int id)
{
    return end_priority[id] ? end_priority[id] : 100;
}

/* ---- the parser's state ---------------------------------------------------- */

#define ID_SLOTS 256 /* the dictionary pointers of tag_names, hashed */

typedef struct parser {
    xmlDocPtr doc;
    const char *p, *end;
    xmlNodePtr open[PARSE_MAX_OPEN]; /* open[n - 1] is the current element */
    unsigned char ids[PARSE_MAX_OPEN];
    int n;
    int seen;          /* libxml2's ctxt->html: 3 once a head was opened, 10 a body */
    int dropped;       /* html, head and body start tags dropped (their end tags too) */
    bool doctype;      /* a <!DOCTYPE> was read */
    nm_buf text;       /* text read since the last tag */
    xmlNodePtr open_text; /* the last text node, while more text may join it */
    nm_buf open_buf;   /* its content, set into it by close_text() */
    nm_buf value;      /* the attribute value or raw text being read */
    char name[128];    /* the tag or attribute name being read, lower case */
    const xmlChar *slot_name[ID_SLOTS];
    unsigned char slot_id[ID_SLOTS];
    uint64_t closes[T_COUNT + 1][(T_COUNT + 64) / 64]; /* start_closes: [tag] has bit open */
} parser;

static unsigned slot_of(const xmlChar *name)
{
    return (unsigned)(((uintptr_t)name >> 3) * 2654435761u) % ID_SLOTS;
}

/* The id of an element name from the document's dictionary. */
static int tag_id(const parser *ps, const xmlChar *name)
{
    for (unsigned i = slot_of(name);; i = (i + 1) % ID_SLOTS) {
        if (ps->slot_name[i] == name)
            return ps->slot_id[i];
        if (!ps->slot_name[i])
            return T_OTHER;
    }
}

static void ids_init(parser *ps)
{
    for (int id = 0; id < T_COUNT; id++) {
        const xmlChar *name = xmlDictLookup(ps->doc->dict, (const xmlChar *)tag_names[id], -1);
        unsigned i = slot_of(name);
        while (ps->slot_name[i])
            i = (i + 1) % ID_SLOTS;
        ps->slot_name[i] = name;
        ps->slot_id[i] = (unsigned char)id;
    }
    for (size_t k = 0; k < NM_ARRAY_LEN(start_closes); k++) {
        int open = start_closes[k][0], tag = start_closes[k][1];
        ps->closes[tag][open / 64] |= (uint64_t)1 << (open % 64);
    }
}

/* Does start tag `tag` close the open element `open` (htmlStartClose)? */
static bool closes(const parser *ps, int tag, int open)
{
    return ps->closes[tag][open / 64] >> (open % 64) & 1;
}

static int top_id(const parser *ps)
{
    return ps->n ? ps->ids[ps->n - 1] : T_OTHER;
}

/* c as the last child of parent. With no parent (nothing open: a root
 * element), where libxml2's SAX2 puts it: the document's first root, or
 * after a DOCTYPE the document itself (an element after </html> goes into
 * the <html> before it, or beside it). */
static void append(parser *ps, xmlNodePtr parent, xmlNodePtr c)
{
    if (!parent && (ps->doctype || !ps->doc->children)) {
        xmlAddChild((xmlNodePtr)ps->doc, c);
        return;
    }
    if (!parent)
        parent = ps->doc->children;
    c->parent = parent;
    if (!parent->children) {
        parent->children = parent->last = c;
    } else {
        c->prev = parent->last;
        parent->last->next = c;
        parent->last = c;
    }
}

static xmlNodePtr current(const parser *ps)
{
    return ps->n ? ps->open[ps->n - 1] : NULL;
}

static void close_text(parser *ps);

static void pop(parser *ps)
{
    if (ps->ids[ps->n - 1] == T_template)
        close_text(ps); /* its contents go, the open text node perhaps with them */
    ps->n--;
    xmlNodePtr el = ps->open[ps->n];
    if (ps->ids[ps->n] == T_template && el->children) {
        xmlFreeNodeList(el->children);
        el->children = el->last = NULL;
    }
}

/* A new element (name from the dictionary, id its tag_id) under the
 * current one, opened unless void. */
static xmlNodePtr push(parser *ps, const xmlChar *name, int id)
{
    xmlNodePtr el = xmlNewDocNodeEatName(ps->doc, NULL, (xmlChar *)name, NULL);
    append(ps, current(ps), el);
    if (id == T_head && ps->seen < 3)
        ps->seen = 3;
    if (id == T_body && ps->seen < 10)
        ps->seen = 10;
    if (ps->n < PARSE_MAX_OPEN && !void_tag[id]) {
        ps->open[ps->n] = el;
        ps->ids[ps->n++] = (unsigned char)id;
    }
    return el;
}

/* push() of one of tag_names. */
static xmlNodePtr push_id(parser *ps, int id)
{
    return push(ps, xmlDictLookup(ps->doc->dict, (const xmlChar *)tag_names[id], -1), id);
}

/* A text node of s[0, n): a short text is kept inside the node, where
 * libxml2's parser keeps it with HTML_PARSE_COMPACT (and libxml2 frees and
 * edits such nodes knowing it), saving a malloc for each of a page's many
 * runs of whitespace. */
static xmlNodePtr new_text(parser *ps, const char *s, size_t n)
{
    if (n >= 2 * sizeof(void *))
        return xmlNewDocTextLen(ps->doc, (const xmlChar *)s, (int)n);
    xmlNodePtr t = xmlMalloc(sizeof(*t));
    memset(t, 0, sizeof(*t));
    t->type = XML_TEXT_NODE;
    t->name = xmlStringText;
    t->doc = ps->doc;
    t->content = (xmlChar *)&t->properties;
    memcpy(t->content, s, n);
    t->content[n] = 0;
    return t;
}

/* ---- libxml2's implied elements and closes -------------------------------- */

/* htmlAutoClose: the new tag closes the current element while
 * htmlStartClose says so. */
static void auto_close(parser *ps, int tag)
{
    while (ps->n && closes(ps, tag, top_id(ps)))
        pop(ps);
}

static bool open_has(const parser *ps, int id)
{
    for (int i = 0; i < ps->n; i++)
        if (ps->ids[i] == id)
            return true;
    return false;
}

/* htmlCheckImplied: html, then head for head things or body for the rest. */
static void implied(parser *ps, int id)
{
    if (id == T_html)
        return;
    if (ps->n == 0)
        push_id(ps, T_html);
    if (id == T_body || id == T_head)
        return;
    bool head_tag = id == T_script || id == T_style || id == T_meta || id == T_link ||
                    id == T_title || id == T_base;
    if (ps->n <= 1 && head_tag) {
        if (ps->seen < 3)
            push_id(ps, T_head);
    } else if (id != T_noframes && id != T_frame && id != T_frameset) {
        if (ps->seen < 10 && !open_has(ps, T_body) && !open_has(ps, T_head))
            push_id(ps, T_body);
    }
}

/* htmlAutoCloseOnClose: how many elements stay open after the end tag
 * `name` (lower case), or -1 when it closes nothing (no such element
 * open, one of higher end priority in between, or the end of a dropped
 * html, head or body). */
static int end_tag_keeps(parser *ps, const char *name)
{
    const xmlChar *dn = xmlDictExists(ps->doc->dict, (const xmlChar *)name, -1);
    if (!dn)
        return -1; /* no element of that name was ever opened */
    int id = tag_id(ps, dn);
    if (ps->dropped > 0 && (id == T_html || id == T_body || id == T_head)) {
        ps->dropped--;
        return -1;
    }
    int prio = priority(id);
    for (int i = ps->n - 1; i >= 0; i--) {
        if (ps->open[i]->name == dn)
            return i;
        if (priority(ps->ids[i]) > prio)
            return -1;
    }
    return -1;
}

/* ---- text ------------------------------------------------------------------ */

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return false;
    return true;
}

/* Does the pending text go into an implied <p> (htmlCheckParagraph)? */
static bool needs_p(const parser *ps)
{
    return ps->text.len && (!ps->n || top_id(ps) == T_html || top_id(ps) == T_head) &&
           !blank(ps->text.data, ps->text.len);
}

/* The open text node given its content (one copy, however many runs of
 * text joined it). */
static void close_text(parser *ps)
{
    xmlNodePtr t = ps->open_text;
    if (!t)
        return;
    const char *s = buf_cstr(&ps->open_buf);
    size_t n = ps->open_buf.len;
    if (n < 2 * sizeof(void *)) {
        t->content = (xmlChar *)&t->properties; /* as new_text() */
        memcpy(t->content, s, n + 1);
    } else {
        t->content = xmlStrndup((const xmlChar *)s, (int)n);
    }
    ps->open_text = NULL;
    buf_reset(&ps->open_buf);
}

/* The text read since the last tag into the tree, as libxml2's SAX2 puts
 * it: into an implied <p> when the current element is html or head (and
 * the text not all blanks: htmlCheckParagraph), else into the current
 * element, joined to its last child when that is the open text node (text
 * on both sides of an end tag that closed nothing, of a dropped second
 * <body>, of a DOCTYPE). libxml2 keeps blanks (no HTML_PARSE_NOBLANKS)
 * but where nothing is open. */
static void flush_text(parser *ps)
{
    if (!ps->text.len)
        return;
    if (!ps->n && blank(ps->text.data, ps->text.len)) {
        buf_reset(&ps->text);
        return;
    }
    if (needs_p(ps)) {
        auto_close(ps, T_p);
        implied(ps, T_p);
        push_id(ps, T_p);
    }
    xmlNodePtr cur = current(ps);
    if (!ps->open_text || cur->last != ps->open_text) {
        close_text(ps);
        xmlNodePtr t = xmlMalloc(sizeof(*t));
        memset(t, 0, sizeof(*t));
        t->type = XML_TEXT_NODE;
        t->name = xmlStringText;
        t->doc = ps->doc;
        append(ps, cur, t); /* content: close_text() */
        ps->open_text = t;
    }
    buf_append(&ps->open_buf, ps->text.data, ps->text.len);
    buf_reset(&ps->text);
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* A character reference at p ('&'): its text appended to out; returns
 * where the text goes on. libxml2's rules: &#N; and &#xH; (';' optional;
 * a value that is no XML character gives nothing), &name; of HTML 4's
 * names, anything else as written. */
static const char *char_ref(const char *p, const char *end, nm_buf *out)
{
    const char *q = p + 1;
    if (q < end && *q == '#') {
        q++;
        bool hex = q < end && (*q == 'x' || *q == 'X');
        if (hex)
            q++;
        unsigned long v = 0;
        for (; q < end; q++) {
            int d = is_digit(*q) ? *q - '0'
                    : hex && (*q | 32) >= 'a' && (*q | 32) <= 'f' ? (*q | 32) - 'a' + 10
                                                                   : -1;
            if (d < 0)
                break;
            v = v * (hex ? 16 : 10) + (unsigned long)d;
            if (v > 0x110000)
                v = 0x110000;
        }
        if (q < end && *q == ';')
            q++;
        bool ok = v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) ||
                  (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF);
        if (ok) {
            char u[8];
            buf_append(out, u, str_utf8_put(v, u));
        }
        return q;
    }
    while (q < end && (is_alpha(*q) || is_digit(*q) || *q == '.' || *q == '-' || *q == '_' ||
                       *q == ':'))
        q++;
    unsigned cp = q < end && *q == ';' && q > p + 1 ? html_entity(p + 1, (size_t)(q - p - 1), true)
                                                    : 0;
    if (!cp) {
        buf_append(out, p, (size_t)(q - p));
        return q;
    }
    char u[8];
    buf_append(out, u, str_utf8_put(cp, u));
    return q + 1;
}

/* s[0, n) with character references decoded and NUL bytes as spaces,
 * appended to out. */
static void append_decoded(nm_buf *out, const char *s, size_t n)
{
    const char *p = s, *end = s + n;
    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *nul = memchr(p, '\0', (size_t)((amp ? amp : end) - p));
        if (nul) {
            buf_append(out, p, (size_t)(nul - p));
            buf_putc(out, ' ');
            p = nul + 1;
            continue;
        }
        if (!amp) {
            buf_append(out, p, (size_t)(end - p));
            break;
        }
        buf_append(out, p, (size_t)(amp - p));
        p = char_ref(amp, end, out);
    }
}

/* ---- tags ------------------------------------------------------------------- */

static bool name_char(char c)
{
    return is_alpha(c) || is_digit(c) || c == ':' || c == '-' || c == '_' || c == '.';
}

/* A tag or attribute name at p, lower case in ps->name (cut at its size);
 * returns its end. Only libxml2's name characters. */
static const char *read_name(parser *ps, const char *p)
{
    size_t i = 0;
    for (; p < ps->end; p++) {
        unsigned c = (unsigned char)*p;
        if (c - 'A' < 26u)
            c += 32;
        else if (!(c - 'a' < 26u) && !name_char((char)c))
            break;
        if (i + 1 < sizeof(ps->name))
            ps->name[i++] = (char)c;
    }
    ps->name[i] = 0;
    return p;
}

static bool xml_name_ok(const char *s)
{
    return *s && !is_digit(*s) && *s != '-' && *s != '.';
}

/* The attribute ps->name="value[0, n)" (NULL: without a value) added to el
 * unless el has one of that name already (libxml2 keeps the first). What
 * xmlNewNsProp builds, without its search of the list for the end: id
 * (and <a name>) registered as IDs as libxml2's parser does, for XPath's
 * id(). */
static void add_attr(parser *ps, xmlNodePtr el, const char *value, size_t n)
{
    const xmlChar *name = xmlDictLookup(ps->doc->dict, (const xmlChar *)ps->name, -1);
    xmlAttrPtr last = NULL;
    for (xmlAttrPtr at = el->properties; at; at = at->next) {
        if (at->name == name) /* both from the dictionary */
            return;
        last = at;
    }
    xmlAttrPtr at = xmlMalloc(sizeof(*at));
    memset(at, 0, sizeof(*at));
    at->type = XML_ATTRIBUTE_NODE;
    at->name = name;
    at->parent = el;
    at->doc = ps->doc;
    if (value) {
        xmlNodePtr t = new_text(ps, value, n);
        t->parent = (xmlNodePtr)at;
        at->children = at->last = t;
    }
    if (last) {
        last->next = at;
        at->prev = last;
    } else {
        el->properties = at;
    }
    if (value && (name[0] == 'i' || name[0] == 'n') && xmlIsID(ps->doc, el, at))
        xmlAddID(NULL, ps->doc, at->children->content, at);
}

/* The attributes of a start tag from p to its '>' added to el (el NULL:
 * read and dropped); returns the end of the tag; *self_closed at "/>". */
static const char *attributes(parser *ps, const char *p, xmlNodePtr el, bool *self_closed)
{
    nm_buf *v = &ps->value;
    *self_closed = false;
    while (p < ps->end) {
        while (p < ps->end && is_space(*p))
            p++;
        if (p >= ps->end)
            break;
        if (*p == '>')
            return p + 1;
        if (*p == '/') {
            if (p + 1 < ps->end && p[1] == '>') {
                *self_closed = true;
                return p + 2;
            }
            p++;
            continue;
        }
        const char *n0 = p;
        p = read_name(ps, p);
        bool good = p > n0 && xml_name_ok(ps->name);
        if (p == n0 || (p < ps->end && !is_space(*p) && *p != '=' && *p != '>' && *p != '/')) {
            /* not a name libxml2 reads: skipped to a blank or the end */
            while (p < ps->end && !is_space(*p) && *p != '>' &&
                   !(*p == '/' && p + 1 < ps->end && p[1] == '>'))
                p++;
            continue;
        }
        const char *q = p;
        while (q < ps->end && is_space(*q))
            q++;
        bool has_value = q < ps->end && *q == '=';
        buf_reset(v);
        if (has_value) {
            q++;
            while (q < ps->end && is_space(*q))
                q++;
            const char *v0, *v1;
            if (q < ps->end && (*q == '"' || *q == '\'')) {
                v0 = q + 1;
                v1 = memchr(v0, *q, (size_t)(ps->end - v0));
                if (!v1)
                    v1 = ps->end;
                p = v1 < ps->end ? v1 + 1 : v1;
            } else {
                v0 = v1 = q;
                while (v1 < ps->end && !is_space(*v1) && *v1 != '>')
                    v1++;
                p = v1;
            }
            size_t vn = (size_t)(v1 - v0);
            if (!memchr(v0, '&', vn) && !memchr(v0, '\0', vn)) {
                if (el && good)
                    add_attr(ps, el, v0, vn); /* as written: no copy first */
                continue;
            }
            append_decoded(v, v0, vn);
        }
        if (el && good)
            add_attr(ps, el, has_value ? buf_cstr(v) : NULL, v->len);
    }
    return p;
}

/* The text of a raw text element (script, style) up to its end tag,
 * as a text node of el; returns where its end tag starts. */
static const char *raw_text(parser *ps, const char *p, xmlNodePtr el, const char *name)
{
    size_t nl = strlen(name);
    const char *q = p;
    for (;;) {
        q = memchr(q, '<', (size_t)(ps->end - q));
        if (!q) {
            q = ps->end;
            break;
        }
        if (q + 2 + nl <= ps->end && q[1] == '/' && !nm_strncasecmp(q + 2, name, nl))
            break;
        q++;
    }
    if (q > p) {
        nm_buf *t = &ps->value;
        buf_reset(t);
        buf_append(t, p, (size_t)(q - p));
        append(ps, el, new_text(ps, buf_cstr(t), t->len));
    }
    return q;
}

/* A start tag at p ('<' and a letter); returns where the page goes on. */
static const char *start_tag(parser *ps, const char *p)
{
    p = read_name(ps, p + 1);
    const xmlChar *name = xmlDictLookup(
        ps->doc->dict, (const xmlChar *)(xml_name_ok(ps->name) ? ps->name : "span"), -1);
    int id = tag_id(ps, name);
    bool self_closed;
    flush_text(ps);
    auto_close(ps, id);
    implied(ps, id);
    if ((id == T_html && ps->n > 0) || (id == T_head && ps->n != 1) ||
        (id == T_body && open_has(ps, T_body))) {
        /* a second html, head or body: no node (text joins across it) */
        ps->dropped++;
        return attributes(ps, p, NULL, &self_closed);
    }
    xmlNodePtr el = push(ps, name, id);
    p = attributes(ps, p, el, &self_closed);
    if (self_closed) {
        if (ps->n && ps->open[ps->n - 1] == el)
            pop(ps);
    } else if (id == T_script || id == T_style) {
        p = raw_text(ps, p, el, (const char *)name);
    }
    return p;
}

static const char *skip_past(const char *p, const char *end, const char *s)
{
    const char *e = memmem(p, (size_t)(end - p), s, strlen(s));
    return e ? e + strlen(s) : end;
}

xmlDocPtr extract_parse_html(const char *in, size_t len)
{
    parser *ps = xcalloc(1, sizeof(*ps));
    ps->doc = htmlNewDocNoDtD(NULL, NULL);
    ps->doc->dict = xmlDictCreate();
    ps->p = in;
    ps->end = in + len;
    buf_init(&ps->text, NM_BUF_NOLIMIT);
    buf_init(&ps->value, NM_BUF_NOLIMIT);
    buf_init(&ps->open_buf, NM_BUF_NOLIMIT);
    ids_init(ps);
    const char *p = in, *end = in + len;
    while (p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt) {
            append_decoded(&ps->text, p, (size_t)(end - p));
            break;
        }
        append_decoded(&ps->text, p, (size_t)(lt - p));
        p = lt;
        char c = lt + 1 < end ? lt[1] : 0;
        if (is_alpha(c) || c == '_' || c == ':') {
            p = start_tag(ps, lt);
        } else if (c == '/' && lt + 2 < end &&
                   (is_alpha(lt[2]) || lt[2] == '_' || lt[2] == ':' || lt[2] == '.')) {
            flush_text(ps);
            const char *q = read_name(ps, lt + 2);
            int keep = end_tag_keeps(ps, ps->name);
            while (keep >= 0 && ps->n > keep)
                pop(ps);
            p = skip_past(q, end, ">");
        } else if (c == '/') {
            p = lt + 2; /* "</" and no name: libxml2 drops the two */
        } else if (c == '!' && lt + 3 < end && lt[2] == '-' && lt[3] == '-') {
            flush_text(ps); /* a comment node in libxml2's tree: text around it stays apart */
            close_text(ps);
            p = skip_past(lt + 4, end, "-->");
        } else if (c == '!' && lt + 9 <= end && !nm_strncasecmp(lt + 2, "doctype", 7)) {
            flush_text(ps); /* (its node is the document's: text joins across it) */
            ps->doctype = true;
            p = skip_past(lt, end, ">");
        } else if (c == '?') {
            flush_text(ps); /* a processing instruction: as a comment */
            close_text(ps);
            p = skip_past(lt, end, ">");
        } else {
            buf_putc(&ps->text, '<');
            p = lt + 1;
        }
    }
    flush_text(ps);
    close_text(ps);
    while (ps->n)
        pop(ps);
    buf_free(&ps->text);
    buf_free(&ps->value);
    buf_free(&ps->open_buf);
    xmlDocPtr doc = ps->doc;
    free(ps);
    return doc;
}
