/*
 * clean_write.c — html_clean's writer: the bytes of the output and of its
 * plain text, and the stack of the elements written and still open.
 *
 * The idea: the walk (clean.c) decides what is written; this file decides
 * how it is spelled, so that the output reads back as exactly what was
 * decided. Every text and attribute value is escaped here (& < > always;
 * in values also " and the whitespace that would break a line; control
 * characters as U+FFFD, as a parser reads them back), and each open
 * element keeps its offset in the output, so that what was written can
 * still be amended when more is known:
 *  - a kept <p> that turns out to hold a block that would close it (which
 *    gumbo allows behind a scope boundary such as <marquee> or <button>)
 *    is patched into a <div> where it was written;
 *  - text rules (boiler.c: promo blocks, editor credits) judge an element
 *    by the text written for it, when it closes, and take the element back
 *    if it must go — the same text the next clean would see.
 *
 * Whitespace: ARTICLE collapses each run of ASCII whitespace (across
 * dropped nodes too) into one space or one newline, never at the start of
 * a line, so the fragment is one Markdown HTML block (no blank line, no
 * indented line); inside <pre> newlines are written as &#10;.
 *
 * Deliberately not here: which nodes are written and as what (clean.c,
 * with policy.c's tables), URL checks (urlsafe.c), the text rules
 * themselves (boiler.c).
 */
#include "html/html_int.h"

#include <string.h>

/* ---- writing ------------------------------------------------------------ */

static void put(cleaner *c, const char *s, size_t n)
{
    buf_append(&c->out, s, n);
    c->out_ws = false;
    c->after_pre_tag = false;
}

void clean_puts(cleaner *c, const char *s) { put(c, s, strlen(s)); }

/* Escaped attribute value: & " < > always (< and > so that no serializer
 * or raw-text context can ever read a tag out of it), and the whitespace
 * that would break a line, so that the output stays one block. */
static void put_attr_value(cleaner *c, const char *v)
{
    const char *run = v;
    for (const char *p = v;; p++) {
        const char *rep = NULL;
        switch (*p) {
        case 0: break;
        case '&': rep = "&amp;"; break;
        case '"': rep = "&quot;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '\n': rep = "&#10;"; break;
        case '\r': rep = "&#13;"; break;
        case '\t': rep = "&#9;"; break;
        case '\f': rep = " "; break;
        case '\x7f': rep = "\xef\xbf\xbd"; break;
        case '\xc2':
            if ((unsigned char)p[1] >= 0x80 && (unsigned char)p[1] <= 0x9f) {
                /* C1 controls: gumbo reads them back as U+FFFD */
                buf_append(&c->out, run, (size_t)(p - run));
                buf_puts(&c->out, "\xef\xbf\xbd");
                p++;
                run = p + 1;
                continue;
            }
            if (p[1] == '\xa0') {
                rep = "&nbsp;";
                buf_append(&c->out, run, (size_t)(p - run));
                buf_puts(&c->out, rep);
                p++;
                run = p + 1;
                continue;
            }
            break;
        default:
            if ((unsigned char)*p < 0x20)
                rep = "\xef\xbf\xbd"; /* C0 controls, read back as U+FFFD */
            break;
        }
        if (!*p) {
            buf_append(&c->out, run, (size_t)(p - run));
            break;
        }
        if (rep) {
            buf_append(&c->out, run, (size_t)(p - run));
            buf_puts(&c->out, rep);
            run = p + 1;
        }
    }
}

void clean_put_attr(cleaner *c, const char *name, const char *value)
{
    if (!c->valid)
        value = html_valid_utf8(c->tmp, value, true);
    buf_putc(&c->out, ' ');
    buf_puts(&c->out, name);
    buf_puts(&c->out, "=\"");
    put_attr_value(c, value);
    buf_putc(&c->out, '"');
}


/* Plain text: whitespace runs collapsed to one space; block boundaries
 * become one newline. */
static void text_put(cleaner *c, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (nm_is_html_space(s[i])) {
            while (i < n && nm_is_html_space(s[i]))
                i++;
            if (!c->text_ws)
                buf_putc(&c->text, ' ');
            c->text_ws = true;
            continue;
        }
        size_t st = i;
        while (i < n && !nm_is_html_space(s[i]))
            i++;
        buf_append(&c->text, s + st, i - st);
        c->text_ws = c->text_nl = false;
    }
}

void clean_text_break(cleaner *c)
{
    if (c->text_nl)
        return;
    while (c->text.len && c->text.data[c->text.len - 1] == ' ')
        c->text.data[--c->text.len] = 0;
    if (c->text.len)
        buf_putc(&c->text, '\n');
    c->text_nl = c->text_ws = true;
}

/* The bytes clean_put_text looks at: & < > 0xC2 (NBSP, C1 controls), C0
 * controls and DEL; ARTICLE also whitespace (it collapses runs), FEED not
 * TAB, LF and FF (written as they are). */
static const bool text_special[2][256] = {
    {[0 ... 0x08] = true, [0x0b] = true, [0x0d ... 0x1f] = true, ['&'] = true, ['<'] = true,
     ['>'] = true, [0x7f] = true, [0xc2] = true},
    {[0 ... 0x1f] = true, ['&'] = true, ['<'] = true, ['>'] = true, [' '] = true,
     [0x7f] = true, [0xc2] = true},
};

void clean_put_text_n(cleaner *c, const char *s, size_t n)
{
    if (!n)
        return;
    const bool *special = text_special[c->article];
    if (c->article)
        text_put(c, s, n);
    if (c->after_pre_tag && s[0] == '\n') {
        /* The parser eats one newline right after <pre>: give it one. */
        buf_puts(&c->out, c->article ? "&#10;" : "\n");
    }
    c->after_pre_tag = false;
    size_t i = 0;
    while (i < n) {
        char ch = s[i];
        if (c->article && nm_is_html_space(ch)) {
            if (c->pre_depth > 0) {
                if (ch == '\n')
                    buf_puts(&c->out, "&#10;");
                else if (ch == '\r')
                    buf_puts(&c->out, "&#13;");
                else
                    buf_putc(&c->out, ch);
                i++;
                c->out_ws = false;
                continue;
            }
            bool nl = false;
            while (i < n && nm_is_html_space(s[i]))
                nl |= s[i++] == '\n';
            if (!c->out_ws)
                buf_putc(&c->out, nl ? '\n' : ' ');
            c->out_ws = true;
            continue;
        }
        size_t st = i;
        const char *rep = NULL;
        size_t skip = 1;
        while (i < n) {
            while (i < n && !special[(unsigned char)s[i]])
                i++; /* the bytes that are written as they are */
            if (i >= n)
                break;
            ch = s[i];
            if (ch == '&') { rep = "&amp;"; break; }
            if (ch == '<') { rep = "&lt;"; break; }
            if (ch == '>') { rep = "&gt;"; break; }
            if (ch == '\xc2' && i + 1 < n && s[i + 1] == '\xa0') { rep = "&nbsp;"; skip = 2; break; }
            if (ch == '\xc2' && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
                (unsigned char)s[i + 1] <= 0x9f) {
                rep = "\xef\xbf\xbd"; /* C1 controls */
                skip = 2;
                break;
            }
            if (c->article && nm_is_html_space(ch))
                break;
            if (((unsigned char)ch < 0x20 && !nm_is_html_space(ch)) || ch == '\x7f') {
                rep = "\xef\xbf\xbd"; /* C0 controls and DEL */
                break;
            }
            i++;
        }
        buf_append(&c->out, s + st, i - st);
        if (rep) {
            buf_puts(&c->out, rep);
            i += skip;
        }
        c->out_ws = false;
    }
}

void clean_put_text(cleaner *c, const char *s)
{
    if (!c->valid)
        s = html_valid_utf8(c->tmp, s, true);
    clean_put_text_n(c, s, strlen(s));
}

/* Replaces the "<p" of open element i with "<div": a <p> that holds a
 * block. Elements opened after it move two bytes on. */
static void patch_p_to_div(cleaner *c, size_t i)
{
    open_el *e = &c->opens[i];
    if (buf_append(&c->out, "  ", 2) < 0)
        return;
    char *d = c->out.data;
    memmove(d + e->off + 4, d + e->off + 2, c->out.len - 2 - (e->off + 2));
    memcpy(d + e->off + 1, "div", 3);
    e->as_div = true;
    for (size_t j = i + 1; j < c->nopens; j++)
        c->opens[j].off += 2;
}

/* Writes "<name" after fixing any open <p> this start tag would close. */
void clean_open_tag(cleaner *c, GumboTag tag, const char *name)
{
    if (c->article && html_tag_closes_p(tag)) {
        for (size_t i = c->nopens; i-- > 0;) {
            open_el *e = &c->opens[i];
            if (e->tag == GUMBO_TAG_TABLE || e->tag == GUMBO_TAG_TD || e->tag == GUMBO_TAG_TH ||
                e->tag == GUMBO_TAG_CAPTION)
                break;
            if (e->tag == GUMBO_TAG_P && !e->as_div) {
                patch_p_to_div(c, i);
                break;
            }
        }
    }
    size_t off = c->out.len;
    bool after_pre = c->after_pre_tag;
    buf_putc(&c->out, '<');
    buf_puts(&c->out, name);
    c->out_ws = false;
    c->after_pre_tag = false;
    if (!html_tag_is_void(tag)) {
        if (c->nopens == c->capopens) {
            c->capopens = c->capopens ? c->capopens * 2 : 64;
            c->opens = xrealloc(c->opens, c->capopens * sizeof(*c->opens));
        }
        c->opens[c->nopens++] =
            (open_el){tag, off, c->text.len, c->lead_image, false, false, after_pre};
    }
}

void clean_push_frame(cleaner *c, const GumboVector *children, bool closes, const char *end)
{
    if (c->nframes == c->capframes) {
        c->capframes = c->capframes ? c->capframes * 2 : 64;
        c->frames = xrealloc(c->frames, c->capframes * sizeof(*c->frames));
    }
    c->frames[c->nframes++] = (frame){children, 0, closes, false, end};
}

static void write_editor(cleaner *c, const char *credit);

/* Takes back everything written since element e opened. */
static void roll_back(cleaner *c, const open_el *e)
{
    c->out.len = e->off;
    c->out.data[c->out.len] = 0;
    c->text.len = e->text_off;
    if (c->text.data)
        c->text.data[c->text.len] = 0;
    c->lead_image = e->lead;
    char last = c->out.len ? c->out.data[c->out.len - 1] : '\n';
    c->out_ws = last == ' ' || last == '\n';
    c->after_pre_tag = e->after_pre_tag;
    last = c->text.len ? c->text.data[c->text.len - 1] : '\n';
    c->text_nl = last == '\n';
    c->text_ws = c->text_nl || last == ' ';
}

/* The text rules judge what was written, not the source, so that the
 * output, cleaned again, is judged the same way: a promo block goes, an
 * editor credit becomes <p class="editor">. */
static void judge_written(cleaner *c, const open_el *e)
{
    const char *t = c->text.data ? c->text.data + e->text_off : "";
    size_t n = c->text.len - e->text_off;
    char *credit = html_editor_text(c->tmp, t, n);
    if (credit) {
        roll_back(c, e);
        if (!c->o->drop_editor)
            write_editor(c, credit);
    } else if (html_promo_text(t, n)) {
        roll_back(c, e);
    }
}

void clean_close_frame(cleaner *c, const frame *f)
{
    if (f->flat)
        c->flat--;
    if (!f->closes)
        return;
    open_el e = c->opens[--c->nopens];
    const char *name = e.as_div ? "div" : f->end_name;
    buf_puts(&c->out, "</");
    buf_puts(&c->out, name);
    buf_putc(&c->out, '>');
    c->out_ws = false;
    c->after_pre_tag = false;
    if (e.tag == GUMBO_TAG_PRE || e.tag == GUMBO_TAG_TEXTAREA || e.tag == GUMBO_TAG_LISTING)
        c->pre_depth--;
    if (e.tag == GUMBO_TAG_A)
        c->a_depth--;
    if (c->article && html_tag_is_block(e.tag))
        clean_text_break(c);
    if (e.judge)
        judge_written(c, &e);
}

static void write_editor(cleaner *c, const char *credit)
{
    clean_open_tag(c, GUMBO_TAG_P, "p");
    clean_put_attr(c, "class", "editor");
    buf_putc(&c->out, '>');
    clean_text_break(c);
    clean_put_text(c, credit);
    frame f = {.closes = true, .end_name = "p"};
    clean_close_frame(c, &f);
}
