/*
 * text.c — the TEXT kind of doc/feed-json.md, and plain text as HTML.
 *
 * A title or an author is plain text with no markup. When the element
 * holds HTML, the html module's html_to_text() reads it as a browser would
 * (entities decoded, script/style/applet contents dropped); then
 * every run of ASCII whitespace becomes one space and the ends are
 * trimmed. Whether an RSS element "holds HTML" is feedparser's guess
 * (feed_looks_like_html): a close tag or an entity, and no tag or entity
 * that HTML does not know.
 *
 * Also here: escaping plain text for the HTML fields, and the author
 * rule ("mail@x (Name)" is Name).
 *
 * Not here: sanitizing HTML that is kept as HTML (sanitize.c).
 */
#include "feed_int.h"

#include <gumbo.h>
#include <string.h>

#include "html/html.h"


static bool is_word(unsigned char c)
{
    return nm_is_alnum(c) || c == '_' || c >= 0x80;
}

bool feed_looks_like_html(const char *s, size_t n)
{
    bool has_close = false, has_entity = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '<') {
            size_t j = i + 1;
            bool close = j < n && s[j] == '/';
            if (close)
                j++;
            size_t k = j;
            while (k < n && is_word((unsigned char)s[k]))
                k++;
            if (k == j)
                continue;
            /* feedparser demands tags its sanitizer accepts; we accept any
             * HTML tag, so that a title with <script> is read as HTML (its
             * script dropped) rather than kept as literal markup */
            if (gumbo_tagn_enum(s + j, (unsigned)(k - j)) == GUMBO_TAG_UNKNOWN)
                return false;
            if (close && k < n && s[k] == '>')
                has_close = true;
        } else if (s[i] == '&') {
            size_t j = i + 1;
            bool num = j < n && s[j] == '#';
            if (num)
                j++;
            size_t k = j;
            while (k < n && is_word((unsigned char)s[k]))
                k++;
            if (k == j || k >= n || s[k] != ';')
                continue;
            has_entity = true;
            if (!num && !html_entity(s + j, k - j, false))
                return false;
        }
    }
    return has_close || has_entity;
}

/* Collapses ASCII whitespace runs of [s, s+n) into one space, trimmed. */
static const char *collapse(arena *a, const char *s, size_t n)
{
    char *out = arena_alloc(a, n + 1);
    size_t o = 0;
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (nm_is_html_space(c)) {
            space = true;
            continue;
        }
        if (space && o > 0)
            out[o++] = ' ';
        space = false;
        out[o++] = (char)c;
    }
    out[o] = 0;
    return o ? out : NULL;
}

const char *feed_text_plain(arena *a, const char *s, size_t n)
{
    if (!s)
        return NULL;
    return collapse(a, s, n);
}

const char *feed_text_from_html(arena *a, const char *s, size_t n)
{
    if (!s)
        return NULL;
    if (!memchr(s, '<', n) && !memchr(s, '&', n))
        return collapse(a, s, n);
    if (n > FEED_MAX_HTML)
        n = FEED_MAX_HTML;
    const char *t = html_to_text(a, s, n, HTML_TEXT_JOINED);
    return t ? collapse(a, t, strlen(t)) : NULL;
}

const char *feed_html_escape_text(arena *a, const char *s, size_t n)
{
    if (!s)
        return NULL;
    while (n && nm_is_html_space((unsigned char)*s))
        s++, n--;
    while (n && nm_is_html_space((unsigned char)s[n - 1]))
        n--;
    if (!n)
        return NULL;
    if (!memchr(s, '&', n) && !memchr(s, '<', n) && !memchr(s, '>', n))
        return arena_strndup(a, s, n); /* most text: nothing to escape */
    size_t extra = 0;
    for (size_t i = 0; i < n; i++)
        extra += s[i] == '&' ? 4 : (s[i] == '<' || s[i] == '>') ? 3 : 0;
    char *out = arena_alloc(a, n + extra + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '&': memcpy(o, "&amp;", 5), o += 5; break;
        case '<': memcpy(o, "&lt;", 4), o += 4; break;
        case '>': memcpy(o, "&gt;", 4), o += 4; break;
        default: *o++ = s[i];
        }
    }
    *o = 0;
    return out;
}

/* feedparser's e-mail pattern, simplified: local@label.label.tld */
static bool find_email(const char *s, size_t *start, size_t *end)
{
    for (const char *at = strchr(s, '@'); at; at = strchr(at + 1, '@')) {
        const char *l = at;
        while (l > s && (is_word((unsigned char)l[-1]) || l[-1] == '-' || l[-1] == '.' ||
                         l[-1] == '+') && (unsigned char)l[-1] < 0x80)
            l--;
        if (l == at)
            continue;
        const char *r = at + 1, *last_dot = NULL;
        while (nm_is_alnum(*r) || *r == '-' || *r == '.') {
            if (*r == '.')
                last_dot = r;
            r++;
        }
        if (!last_dot || last_dot == at + 1)
            continue;
        const char *t = last_dot + 1;
        size_t k = 0;
        while (k < 4 && nm_is_alpha(t[k]))
            k++;
        if (k < 2) {
            k = 0;
            while (k < 3 && t[k] >= '0' && t[k] <= '9')
                k++;
            if (k == 0)
                continue;
        }
        *start = (size_t)(l - s);
        *end = (size_t)(t + k - s);
        return true;
    }
    return false;
}

/* Removes every occurrence of what, in one pass (as Python's replace):
 * linear however many there are. */
static void remove_all(char *s, const char *what)
{
    size_t w = strlen(what);
    char *out = s;
    for (const char *p = s; *p;) {
        if (strncmp(p, what, w) == 0) {
            p += w;
            continue;
        }
        *out++ = *p++;
    }
    *out = 0;
}

const char *feed_author_name(arena *a, const char *s)
{
    const char *t = feed_text_plain(a, s, s ? strlen(s) : 0);
    if (!t)
        return NULL;
    size_t es, ee;
    if (!find_email(t, &es, &ee))
        return t;
    char *email = arena_strndup(a, t + es, ee - es);
    char *name = arena_strdup(a, t);
    memmove(name + es, name + ee, strlen(name + ee) + 1);
    remove_all(name, "()");
    remove_all(name, "<>");
    const char *n = feed_text_plain(a, name, strlen(name));
    if (n && n[0] == '(')
        n++;
    if (n) {
        size_t len = strlen(n);
        if (len && n[len - 1] == ')')
            len--;
        n = feed_text_plain(a, n, len);
    }
    return n ? n : email;
}
