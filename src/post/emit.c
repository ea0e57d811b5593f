/*
 * emit.c — writing strings and values as YAML that reads back the same.
 *
 * The idea: a string is written plain when YAML would read those exact
 * bytes back as that string (not a number, boolean or null, no indicator
 * at the start, no ": " or " #" inside, no control characters); otherwise
 * single-quoted with ' doubled, as the seed does; and only when single
 * quotes cannot carry it (line breaks, control characters, the Unicode
 * line separators and BOM that YAML treats specially) double-quoted with
 * escapes, on one line. The rules are deliberately stricter than YAML's
 * own, so that a plain scalar we write never depends on a corner of the
 * spec; the fast path in fast.c relies on the same functions to decide
 * what it can read without libyaml.
 *
 * Values other than scalars (unknown keys of themes) are written in a
 * fixed style: a list as " - item" lines, a mapping as "  key: value"
 * lines, anything nested deeper in flow style ([a, b], {k: v}).
 *
 * Not here: the order of a post's keys and the dates (write.c).
 */
#include "post_int.h"

#include <string.h>

/* Bytes of a UTF-8 character at p that YAML will not accept inside a plain
 * or single-quoted scalar: C1 controls (including NEL, a line break in
 * YAML), U+2028/U+2029 (line breaks too), BOM, U+FFFE/U+FFFF. Returns the
 * length of the sequence, 0 when it is an ordinary character. */
static size_t special_unicode(const unsigned char *p, size_t left)
{
    if (p[0] == 0xC2 && left >= 2 && p[1] >= 0x80 && p[1] <= 0x9F)
        return 2;
    if (p[0] == 0xE2 && left >= 3 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
        return 3;
    if (p[0] == 0xEF && left >= 3 && p[1] == 0xBB && p[2] == 0xBF)
        return 3;
    if (p[0] == 0xEF && left >= 3 && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
        return 3;
    return 0;
}

/* True when single quotes can carry s: tab is the only control allowed. */
bool single_quotable(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len; i++) {
        if ((p[i] < 0x20 && p[i] != '\t') || p[i] == 0x7F)
            return false;
        if (p[i] >= 0xC2 && special_unicode(p + i, len - i))
            return false;
    }
    return true;
}

static bool is_flow_indicator(char c)
{
    return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

bool plain_allowed(const char *s, size_t len, bool flow)
{
    if (len == 0)
        return false;
    const unsigned char *p = (const unsigned char *)s;
    if (s[0] == ' ' || s[len - 1] == ' ')
        return false;
    if (strchr(",[]{}#&*!|>'\"%@`", s[0]))
        return false;
    if (flow && s[0] == '?')
        return false;
    if (s[0] == '-' || s[0] == '?' || s[0] == ':') {
        if (len == 1 || s[1] == ' ' || s[1] == '\t' || (flow && is_flow_indicator(s[1])))
            return false;
    }
    if (len >= 3 && (memcmp(s, "---", 3) == 0 || memcmp(s, "...", 3) == 0))
        return false;
    if (s[len - 1] == ':')
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = p[i];
        if (c < 0x20 || c == 0x7F)
            return false; /* tabs too: never plain */
        if (c >= 0xC2 && special_unicode(p + i, len - i))
            return false;
        /* In flow context libyaml is stricter than the spec about ':'
         * (plain scalars cannot start with it, and ':' next to an
         * indicator ends them): never plain there. */
        if (c == ':' && (flow || (i + 1 < len && s[i + 1] == ' ')))
            return false;
        if (c == '#' && i > 0 && s[i - 1] == ' ')
            return false;
        if (flow && is_flow_indicator((char)c))
            return false;
    }
    return true;
}

static bool word_in(const char *s, size_t len, const char *const *words)
{
    for (; *words; words++)
        if (strlen(*words) == len && memcmp(*words, s, len) == 0)
            return true;
    return false;
}

static const char *const null_words[] = {"~", "null", "Null", "NULL", NULL};
static const char *const true_words[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on",
                                         "On",   "ON",   "y",    "Y",   NULL};
static const char *const false_words[] = {"false", "False", "FALSE", "no", "No", "NO", "off",
                                          "Off",   "OFF",   "n",     "N",  NULL};

/* Would a plain scalar with this text be typed as something other than a
 * string by some YAML reader (js-yaml for Hexo, libyaml users, YAML 1.1)?
 * Numbers are recognised generously: anything that starts like one. */
static bool plain_is_typed(const char *s, size_t len)
{
    if (len == 0 || word_in(s, len, null_words) || word_in(s, len, true_words) ||
        word_in(s, len, false_words))
        return true;
    unsigned char c0 = (unsigned char)s[0];
    if (nm_is_digit(c0))
        return true;
    if ((c0 == '+' || c0 == '-' || c0 == '.') && len > 1) {
        unsigned char c1 = (unsigned char)s[1];
        if (nm_is_digit(c1) || c1 == '.')
            return true;
    }
    if (c0 == '.' || ((c0 == '+' || c0 == '-') && len > 1 && s[1] == '.'))
        return true; /* .inf, .nan, -.inf */
    if (len == 2 && s[0] == '<' && s[1] == '<')
        return true; /* merge key */
    return false;
}

bool plain_is_string(const char *s, size_t len, bool flow)
{
    return plain_allowed(s, len, flow) && !plain_is_typed(s, len);
}

static int emit_single(nm_buf *out, const char *s, size_t len)
{
    if (buf_putc(out, '\'') < 0)
        return -1;
    const char *q;
    while ((q = memchr(s, '\'', len)) != NULL) {
        size_t k = (size_t)(q - s) + 1;
        if (buf_append(out, s, k) < 0 || buf_putc(out, '\'') < 0)
            return -1;
        s += k;
        len -= k;
    }
    if (buf_append(out, s, len) < 0)
        return -1;
    return buf_putc(out, '\'');
}

static int emit_double(nm_buf *out, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    if (buf_putc(out, '"') < 0)
        return -1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = p[i];
        int rc = 0;
        size_t sp;
        switch (c) {
        case '"': rc = buf_puts(out, "\\\""); break;
        case '\\': rc = buf_puts(out, "\\\\"); break;
        case '\n': rc = buf_puts(out, "\\n"); break;
        case '\t': rc = buf_puts(out, "\\t"); break;
        case '\r': rc = buf_puts(out, "\\r"); break;
        case 0: rc = buf_puts(out, "\\0"); break;
        default:
            if (c < 0x20 || c == 0x7F) {
                rc = buf_printf(out, "\\x%02X", c);
            } else if (c >= 0xC2 && (sp = special_unicode(p + i, len - i)) != 0) {
                if (sp == 2)
                    rc = buf_printf(out, "\\x%02X", p[i + 1]);
                else
                    rc = buf_printf(out, "\\u%04X",
                                    ((p[i] & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6) |
                                        (p[i + 2] & 0x3F));
                i += sp - 1;
            } else {
                rc = buf_putc(out, (char)c);
            }
        }
        if (rc < 0)
            return -1;
    }
    return buf_putc(out, '"');
}

int emit_scalar(nm_buf *out, const char *s, size_t len, pq_rule rule, bool flow)
{
    if (rule == PQ_AUTO && plain_is_string(s, len, flow))
        return buf_append(out, s, len);
    if (rule == PQ_PLAIN && plain_allowed(s, len, flow))
        return buf_append(out, s, len);
    if (single_quotable(s, len))
        return emit_single(out, s, len);
    return emit_double(out, s, len);
}

/* A scalar node keeps its type: plain text stays plain where the syntax
 * allows (numbers stay numbers), quoted text stays quoted. */
static int emit_node_scalar(nm_buf *out, const pnode *v, bool flow, bool top)
{
    if ((v->style == PN_PLAIN || v->style == PN_JSON_OTHER) && pn_is_null(v)) {
        if (top)
            return 0; /* "key:" with nothing after it */
        return buf_puts(out, v->len ? v->str : "null");
    }
    if (v->style == PN_JSON_OTHER)
        return buf_append(out, v->str, v->len);
    pq_rule rule = v->style == PN_PLAIN ? PQ_PLAIN : PQ_ALWAYS;
    return emit_scalar(out, v->str, v->len, rule, flow);
}

/* Keys are strings whatever their quotes: plain whenever that reads back
 * as the same string. */
static int emit_key(nm_buf *out, const pnode *k, bool flow)
{
    if (k->style == PN_PLAIN)
        return emit_node_scalar(out, k, flow, false);
    return emit_scalar(out, k->str, k->len, PQ_AUTO, flow);
}

static int emit_flow(nm_buf *out, const pnode *v)
{
    if (v->kind == PN_SCALAR)
        return emit_node_scalar(out, v, true, false);
    bool map = v->kind == PN_MAP;
    if (buf_putc(out, map ? '{' : '[') < 0)
        return -1;
    for (size_t i = 0; i < v->n; i++) {
        if (i && buf_puts(out, ", ") < 0)
            return -1;
        if (map) {
            if (emit_key(out, v->items[2 * i], true) < 0 || buf_puts(out, ": ") < 0 ||
                emit_flow(out, v->items[2 * i + 1]) < 0)
                return -1;
        } else if (emit_flow(out, v->items[i]) < 0) {
            return -1;
        }
    }
    return buf_putc(out, map ? '}' : ']');
}

int emit_value(nm_buf *out, const pnode *v)
{
    if (v->kind == PN_SCALAR)
        return emit_node_scalar(out, v, false, true);
    if (v->n == 0)
        return buf_puts(out, v->kind == PN_MAP ? "{}" : "[]");
    for (size_t i = 0; i < v->n; i++) {
        if (v->kind == PN_SEQ) {
            if (buf_puts(out, "\n - ") < 0 || emit_flow(out, v->items[i]) < 0)
                return -1;
            continue;
        }
        const pnode *k = v->items[2 * i], *val = v->items[2 * i + 1];
        if (buf_puts(out, "\n  ") < 0 || emit_key(out, k, false) < 0 ||
            buf_putc(out, ':') < 0)
            return -1;
        if (buf_putc(out, ' ') < 0 || emit_flow(out, val) < 0)
            return -1;
    }
    return 0;
}

const char *post_yaml_string(arena *a, const char *s)
{
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    emit_scalar(&b, s, strlen(s), PQ_AUTO, false);
    char *r = arena_strndup(a, buf_cstr(&b), b.len);
    buf_free(&b);
    return r;
}
