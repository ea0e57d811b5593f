/*
 * json.c — `;;;` JSON front matter into the value tree, with jansson.
 *
 * Hexo's JSON front matter is an object's members without the braces
 * ("title": "x", "date": "…" then a `;;;` line); with braces is accepted
 * too. The braces are added on the same line as the text, so jansson's
 * line numbers stay the file's. Duplicate keys are refused as in YAML.
 * jansson keeps an object's keys in insertion order, so unknown keys keep
 * their order. JSON values carry no line of their own: problems with a
 * value (a bad date) are reported at the first line of the front matter.
 *
 * Not here: what the keys mean (read.c).
 */
#include "post_int.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static pnode *convert(pn_ctx *c, json_t *j, unsigned depth)
{
    long line = c->first_line;
    if (depth > POST_MAX_DEPTH) {
        nm_fail(c->err, c->path, line, "values nested deeper than %d levels", POST_MAX_DEPTH);
        return NULL;
    }
    pnode *n;
    if (json_is_object(j) || json_is_array(j)) {
        n = pn_new(c, json_is_object(j) ? PN_MAP : PN_SEQ, line);
        if (!n)
            return NULL;
        if (json_is_object(j)) {
            const char *k;
            json_t *v;
            json_object_foreach(j, k, v) {
                pnode *key = pn_new(c, PN_SCALAR, line);
                if (!key)
                    return NULL;
                key->style = PN_JSON_STRING;
                key->str = arena_strdup(c->a, k);
                key->len = strlen(k);
                pnode *val = convert(c, v, depth + 1);
                if (!val)
                    return NULL;
                pn_push(c, n, key);
                pn_push(c, n, val);
            }
        } else {
            size_t i;
            json_t *v;
            json_array_foreach(j, i, v) {
                pnode *val = convert(c, v, depth + 1);
                if (!val)
                    return NULL;
                pn_push(c, n, val);
            }
        }
        return pn_close(c, n) < 0 ? NULL : n;
    }
    n = pn_new(c, PN_SCALAR, line);
    if (!n)
        return NULL;
    if (json_is_string(j)) {
        n->style = PN_JSON_STRING;
        n->len = json_string_length(j);
        n->str = arena_strndup(c->a, json_string_value(j), n->len);
        return n;
    }
    n->style = PN_JSON_OTHER;
    if (json_is_integer(j))
        n->str = arena_printf(c->a, "%lld", (long long)json_integer_value(j));
    else if (json_is_real(j))
        n->str = arena_printf(c->a, "%.17g", json_real_value(j));
    else if (json_is_true(j))
        n->str = "true";
    else if (json_is_false(j))
        n->str = "false";
    else
        n->str = "null";
    n->len = strlen(n->str);
    return n;
}

int pn_read_json(pn_ctx *c, const char *text, size_t len, pnode **out)
{
    size_t i = 0;
    while (i < len && nm_is_xml_space(text[i])) /* JSON's white space */
        i++;
    if (i == len) {
        *out = NULL;
        return 0;
    }
    bool braced = text[i] == '{';
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    if (!braced)
        buf_putc(&b, '{');
    buf_append(&b, text, len);
    if (!braced)
        buf_puts(&b, "\n}");
    json_error_t je;
    json_t *root = json_loadb(b.data, b.len, JSON_REJECT_DUPLICATES, &je);
    buf_free(&b);
    if (!root) {
        long line = je.line > 0 ? c->first_line + je.line - 1 : c->first_line;
        return nm_fail(c->err, c->path, line, "bad JSON front matter: %s", je.text);
    }
    if (!json_is_object(root)) {
        json_decref(root);
        return nm_fail(c->err, c->path, c->first_line,
                       "JSON front matter must be an object of keys and values");
    }
    pnode *n = convert(c, root, 1);
    json_decref(root);
    if (!n)
        return -1;
    *out = n;
    return 0;
}
