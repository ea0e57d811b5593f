/*
 * rules.c — FiveFilters site configs (ftr-site-config): reading and lookup.
 *
 * A config is a text file per host, named "host.txt" (www.example.com.txt)
 * or ".domain.txt" for a domain and all its subdomains. Each line is
 * "directive: value"; '#' starts a comment line; a directive may repeat
 * (several body: XPaths are tried in order). The directives newsmill acts
 * on: title, body, author, date, strip, strip_id_or_class,
 * strip_image_src, strip_attr, next_page_link, single_page_link (its URL
 * given to the caller, who fetches it), find_string/replace_string
 * and replace_string(find): repl, prune, autodetect_on_failure. Read and
 * kept but not acted on: tidy (the HTML parser already repairs), test_url.
 * The others that Full-Text RSS or wallabag know (http_header, login_*,
 * test_contains, wrap_in, …) are accepted silently; anything else is a
 * warning "file:line: …", never an error, so that the whole public
 * collection loads. An XPath that libxml2 cannot compile is a warning
 * too, and the line is ignored.
 *
 * The set keeps its files sorted by name; a file added again (a user's
 * directory after the built-ins) replaces the earlier one.
 */
#include "extract_int.h"

#include <dirent.h>
#include <errno.h>
#include <libxml/xpathInternals.h>
#include <stdlib.h>
#include <string.h>

struct extract_rules {
    arena *a;
    site_rule **files;
    size_t n, cap;
    const char **warnings;
    size_t nwarn, capwarn;
};

static void warn(extract_rules *r, const char *name, int line, const char *fmt, const char *arg)
{
    if (r->nwarn == r->capwarn) {
        r->capwarn = r->capwarn ? r->capwarn * 2 : 16;
        r->warnings = xrealloc(r->warnings, r->capwarn * sizeof(char *));
    }
    char msg[512];
    snprintf(msg, sizeof(msg), fmt, arg);
    r->warnings[r->nwarn++] = arena_printf(r->a, "%s:%d: %s", name, line, msg);
}

extract_rules *extract_rules_new(bool builtin)
{
    extract_rules *r = xcalloc(1, sizeof(*r));
    r->a = arena_new(0);
    for (size_t i = 0; builtin && i < extract_builtin_count; i++)
        extract_rules_add(r, extract_builtin_rules[i].name, extract_builtin_rules[i].text,
                          strlen(extract_builtin_rules[i].text));
    return r;
}

void extract_rules_free(extract_rules *r)
{
    if (!r)
        return;
    free(r->files);
    free(r->warnings);
    arena_free(r->a);
    free(r);
}

const char *const *extract_rules_warnings(const extract_rules *r, size_t *n)
{
    *n = r->nwarn;
    return r->warnings;
}

size_t extract_rules_count(const extract_rules *r)
{
    return r->n;
}

static const struct {
    const char *name;
    rule_kind kind;
    bool xpath;
} known[] = {
    {"title", RULE_TITLE, true},
    {"body", RULE_BODY, true},
    {"author", RULE_AUTHOR, true},
    {"date", RULE_DATE, true},
    {"strip", RULE_STRIP, true},
    {"strip_id_or_class", RULE_STRIP_ID_OR_CLASS, false},
    {"strip_image_src", RULE_STRIP_IMAGE_SRC, false},
    {"strip_attr", RULE_STRIP_ATTR, true},
    {"next_page_link", RULE_NEXT_PAGE_LINK, true},
    {"single_page_link", RULE_SINGLE_PAGE_LINK, true},
    {"test_url", RULE_TEST_URL, false},
    {"find_string", RULE_FIND_STRING, false},
    {"replace_string", RULE_REPLACE_STRING, false},
};

/* Directives other readers of the format know; accepted, not acted on. */
static const char *const quiet[] = {
    "http_header", "test_contains", "login_uri", "login_username_field",
    "login_password_field", "login_extra_fields", "not_logged_in_xpath", "requires_login",
    "wrap_in", "insert_detected_image", "convert_double_br_tags", "native_ad_clue", "dissolve",
    "skip_json_ld", "footnotes", "parser", "autodetect_next_page", "move_into",
    "if_page_contains", "strip_comments", "skip_id_or_class", "src_lazy_load_attr",
    "single_page_link_in_feed", "post_strip_attr", "test_content", NULL,
};

static bool yes(const char *v)
{
    return !nm_strcasecmp(v, "yes") || !nm_strcasecmp(v, "true") || !strcmp(v, "1");
}

static void silent(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
}

static bool xpath_ok(const char *expr)
{
    xmlSetStructuredErrorFunc(NULL, silent);
    xmlXPathCompExprPtr c = xmlXPathCompile((const xmlChar *)expr);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (!c)
        return false;
    xmlXPathFreeCompExpr(c);
    return true;
}

static void parse_file(extract_rules *r, site_rule *f, const char *text, size_t len)
{
    size_t cap = 16;
    f->lines = arena_alloc(r->a, cap * sizeof(rule_line));
    str_view rest = sv_make(text, len);
    int lineno = 0;
    while (rest.len) {
        str_view line = sv_trim(sv_next_line(&rest));
        lineno++;
        if (!line.len || line.ptr[0] == '#')
            continue;
        const char *colon = memchr(line.ptr, ':', line.len);
        if (!colon) {
            warn(r, f->name, lineno, "%s", "no ':' on this line (want \"directive: value\"); ignored");
            continue;
        }
        str_view key = sv_trim(sv_make(line.ptr, (size_t)(colon - line.ptr)));
        str_view val = sv_trim(sv_make(colon + 1, line.len - (size_t)(colon - line.ptr) - 1));
        char name[64];
        const char *arg = NULL;
        const char *paren = memchr(key.ptr, '(', key.len);
        size_t nlen = paren ? (size_t)(paren - key.ptr) : key.len;
        if (nlen >= sizeof(name))
            nlen = sizeof(name) - 1;
        memcpy(name, key.ptr, nlen);
        name[nlen] = 0;
        if (paren) {
            /* replace_string(find): the argument may itself hold ':' —
             * then the first ':' after ')' ends the key */
            const char *close = memchr(paren, ')', (size_t)(line.ptr + line.len - paren));
            if (close) {
                arg = arena_strndup(r->a, paren + 1, (size_t)(close - paren - 1));
                const char *c2 = memchr(close, ':', (size_t)(line.ptr + line.len - close));
                if (c2)
                    val = sv_trim(sv_make(c2 + 1, (size_t)(line.ptr + line.len - c2 - 1)));
            }
        }
        const char *v = sv_dup(r->a, val);
        if (!strcmp(name, "prune")) {
            f->prune = yes(v);
            continue;
        }
        if (!strcmp(name, "tidy")) {
            f->tidy = yes(v);
            continue;
        }
        if (!strcmp(name, "autodetect_on_failure")) {
            f->autodetect_on_failure = yes(v);
            continue;
        }
        int k = -1;
        for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
            if (!strcmp(name, known[i].name))
                k = (int)i;
        if (k < 0) {
            bool q = false;
            for (const char *const *s = quiet; *s; s++)
                q = q || !strcmp(name, *s);
            if (!q)
                warn(r, f->name, lineno, "unknown directive '%s'; ignored", name);
            continue;
        }
        if (known[k].xpath && !xpath_ok(v)) {
            warn(r, f->name, lineno, "bad XPath '%s'; ignored", v);
            continue;
        }
        if (known[k].kind == RULE_REPLACE_STRING && !arg) {
            /* the plain form pairs with the find_string before it */
            bool paired = f->n && f->lines[f->n - 1].kind == RULE_FIND_STRING;
            if (!paired) {
                warn(r, f->name, lineno, "%s", "replace_string without a find_string before it; ignored");
                continue;
            }
            f->lines[f->n - 1].kind = RULE_REPLACE_STRING;
            f->lines[f->n - 1].arg = f->lines[f->n - 1].value;
            f->lines[f->n - 1].value = v;
            continue;
        }
        if (f->n == cap) {
            rule_line *nl = arena_alloc(r->a, cap * 2 * sizeof(rule_line));
            memcpy(nl, f->lines, cap * sizeof(rule_line));
            f->lines = nl;
            cap *= 2;
        }
        f->lines[f->n++] = (rule_line){known[k].kind, v, arg, lineno};
    }
    /* A find_string never paired is a warning. */
    for (size_t i = 0; i < f->n; i++)
        if (f->lines[i].kind == RULE_FIND_STRING)
            warn(r, f->name, f->lines[i].line, "%s", "find_string without a replace_string after it; ignored");
}

void extract_rules_add(extract_rules *r, const char *name, const char *text, size_t len)
{
    site_rule *f = arena_zalloc(r->a, sizeof(*f));
    f->name = arena_strdup(r->a, name);
    f->prune = true;
    f->autodetect_on_failure = true;
    parse_file(r, f, text, len);
    /* sorted insert, replacing the same name */
    size_t lo = 0, hi = r->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(r->files[mid]->name, name);
        if (!c) {
            r->files[mid] = f;
            return;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 64;
        r->files = xrealloc(r->files, r->cap * sizeof(site_rule *));
    }
    memmove(r->files + lo + 1, r->files + lo, (r->n - lo) * sizeof(site_rule *));
    r->files[lo] = f;
    r->n++;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int extract_rules_load_dir(extract_rules *r, const char *dir, nm_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return nm_fail(err, dir, 0, "cannot read the rules directory: %s", strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".txt"))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            names = xrealloc(names, cap * sizeof(char *));
        }
        names[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof(char *), name_cmp);
    for (size_t i = 0; i < n; i++) {
        char *path = arena_printf(r->a, "%s/%s", dir, names[i]);
        nm_buf b;
        nm_error fe;
        nm_error_clear(&fe);
        buf_init(&b, ((size_t)1 << 20) + 1);
        if (fs_read_file(path, (size_t)1 << 20, &b, &fe) < 0) {
            warn(r, path, 0, "%s", "cannot read this file; skipped");
            buf_free(&b);
        } else {
            extract_rules_add(r, names[i], buf_cstr(&b), b.len);
            buf_free(&b);
        }
        free(names[i]);
    }
    free(names);
    return 0;
}

static const site_rule *lookup(const extract_rules *r, const char *name)
{
    size_t lo = 0, hi = r->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(r->files[mid]->name, name);
        if (!c)
            return r->files[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const site_rule *extract_rules_find(const extract_rules *r, const char *host)
{
    if (!r || !host || !*host)
        return NULL;
    char name[300];
    snprintf(name, sizeof(name), "%s.txt", host);
    const site_rule *f = lookup(r, name);
    if (f)
        return f;
    if (!strncmp(host, "www.", 4)) {
        snprintf(name, sizeof(name), "%s.txt", host + 4);
        if ((f = lookup(r, name)))
            return f;
    }
    /* ".domain.txt" for host itself and each parent domain */
    for (const char *p = host; p; p = strchr(p + 1, '.')) {
        const char *d = *p == '.' ? p : NULL;
        if (!d) {
            snprintf(name, sizeof(name), ".%s.txt", p);
        } else {
            if (!strchr(d + 1, '.'))
                break; /* never a bare TLD */
            snprintf(name, sizeof(name), "%s.txt", d);
        }
        if ((f = lookup(r, name)))
            return f;
    }
    return NULL;
}
