/*
 * read.c — a post's bytes into a post: framing, checks, and what each
 * front-matter key means.
 *
 * Framing follows hexo-front-matter: optional blank lines (and a BOM),
 * then a line of three or more `-` (YAML) or `;` (JSON) and the same line
 * closing it; or, Hexo's other form, the front matter first and a `---`
 * or `;;;` line after it (YAML only when it is keys and values, else the
 * file has no front matter). A file without front matter is refused:
 * every post newsmill writes or Hexo creates has one, and a missing one
 * is nearly always a damaged file. The bytes before the opening marker are kept
 * (post.lead) so that rewriting a canonical file changes nothing.
 *
 * The whole file must be UTF-8 without NUL bytes; the front matter at
 * most POST_MAX_FRONT_MATTER bytes. Then one of the three readers builds
 * the value tree (the fast path first for YAML, libyaml when it declines)
 * and interpret() applies Hexo's rules to it:
 *   - title, author, headimg, thumbnail, permalink, excerpt: strings
 *     (numbers are read as their text; null is "absent");
 *   - categories/category: a string is one category; a flat list is one
 *     hierarchy; a list with any list in it is several hierarchies, where
 *     a bare string is a top-level category; empty entries drop;
 *   - tags/tag: a string or a list of strings;
 *   - date/updated: every form date_parse() knows, zone-less ones in the
 *     site's zone; one it cannot read is an error, never a guess;
 *   - comments: a boolean; layout: a string or false;
 *   - anything else is kept in order as a post_field.
 * Each problem is one "path:line: message" at the line of the value.
 *
 * Not here: writing (write.c), YAML syntax (yaml.c, fast.c), JSON (json.c).
 */
#include "post_int.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void post_init(post *p)
{
    memset(p, 0, sizeof(*p));
    p->date = NM_NO_TIME;
    p->updated = NM_NO_TIME;
    p->comments = -1;
}

static long line_at(const char *data, size_t off)
{
    long line = 1;
    for (const char *p = data; (p = memchr(p, '\n', (size_t)(data + off - p))) != NULL; p++)
        line++;
    return line;
}

/* The marker on a line: n >= 3 copies of '-' or ';', then only spaces or
 * a CR. Returns n, 0 when the line is not a marker. */
static size_t marker_len(const char *line, size_t n, char ch)
{
    size_t k = 0;
    while (k < n && line[k] == ch)
        k++;
    if (k < 3)
        return 0;
    for (size_t i = k; i < n; i++)
        if (line[i] != ' ' && line[i] != '\r')
            return 0;
    return k;
}

static bool blank_line(const char *line, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
            return false;
    return true;
}

/* ---- interpretation ------------------------------------------------------ */

typedef struct interp {
    pn_ctx *c;
    const post_read_opts *opts;
    post *p;
    long categories_line, tags_line;
    post_field *fields;
    size_t fields_cap;
    size_t field_bytes; /* YAML text of the fields, aliases expanded */
} interp;

static int expect_scalar(interp *in, const char *key, const pnode *v)
{
    if (v->kind != PN_SCALAR)
        return nm_fail(in->c->err, in->c->path, v->line, "%s: expected a string, found %s", key,
                       pn_kind_name(v));
    return 0;
}

/* A string value, NULL for null. */
static int string_value(interp *in, const char *key, const pnode *v, const char **out)
{
    if (expect_scalar(in, key, v) < 0)
        return -1;
    *out = pn_is_null(v) ? NULL : v->str;
    return 0;
}

static bool usable_name(const pnode *v)
{
    return v->kind == PN_SCALAR && !pn_is_null(v) && v->len > 0;
}

static int names_of(interp *in, const char *key, const pnode *list, post_hierarchy *h)
{
    h->names = arena_alloc(in->c->a, (list->n ? list->n : 1) * sizeof(*h->names));
    h->n = 0;
    for (size_t i = 0; i < list->n; i++) {
        const pnode *it = list->items[i];
        if (it->kind != PN_SCALAR)
            return nm_fail(in->c->err, in->c->path, it->line,
                           "%s: a hierarchy is a list of names, found %s in it", key,
                           pn_kind_name(it));
        if (usable_name(it))
            h->names[h->n++] = it->str;
    }
    return 0;
}

static int read_categories(interp *in, const char *key, const pnode *v)
{
    post *p = in->p;
    if (v->kind == PN_MAP)
        return nm_fail(in->c->err, in->c->path, v->line,
                       "%s: expected a name or a list of names, found a mapping", key);
    if (v->kind == PN_SCALAR) {
        if (!usable_name(v))
            return 0;
        p->categories = arena_zalloc(in->c->a, sizeof(*p->categories));
        p->categories[0].names = arena_alloc(in->c->a, sizeof(char *));
        p->categories[0].names[0] = v->str;
        p->categories[0].n = 1;
        p->ncategories = 1;
        return 0;
    }
    bool several = false;
    for (size_t i = 0; i < v->n; i++) {
        if (v->items[i]->kind == PN_MAP)
            return nm_fail(in->c->err, in->c->path, v->items[i]->line,
                           "%s: expected a name or a list of names, found a mapping", key);
        if (v->items[i]->kind == PN_SEQ)
            several = true;
    }
    p->categories = arena_zalloc(in->c->a, (v->n ? v->n : 1) * sizeof(*p->categories));
    if (!several) {
        if (names_of(in, key, v, &p->categories[0]) < 0)
            return -1;
        p->ncategories = p->categories[0].n ? 1 : 0;
        return 0;
    }
    for (size_t i = 0; i < v->n; i++) {
        const pnode *it = v->items[i];
        post_hierarchy *h = &p->categories[p->ncategories];
        if (it->kind == PN_SCALAR) {
            if (!usable_name(it))
                continue;
            h->names = arena_alloc(in->c->a, sizeof(char *));
            h->names[0] = it->str;
            h->n = 1;
        } else if (names_of(in, key, it, h) < 0) {
            return -1;
        }
        if (h->n)
            p->ncategories++;
    }
    return 0;
}

static int read_tags(interp *in, const char *key, const pnode *v)
{
    post *p = in->p;
    if (v->kind == PN_MAP)
        return nm_fail(in->c->err, in->c->path, v->line,
                       "%s: expected a name or a list of names, found a mapping", key);
    if (v->kind == PN_SCALAR) {
        if (usable_name(v)) {
            p->tags = arena_alloc(in->c->a, sizeof(char *));
            p->tags[0] = v->str;
            p->ntags = 1;
        }
        return 0;
    }
    p->tags = arena_alloc(in->c->a, (v->n ? v->n : 1) * sizeof(char *));
    for (size_t i = 0; i < v->n; i++) {
        const pnode *it = v->items[i];
        if (it->kind != PN_SCALAR)
            return nm_fail(in->c->err, in->c->path, it->line, "%s: a tag is a name, found %s",
                           key, pn_kind_name(it));
        if (usable_name(it))
            p->tags[p->ntags++] = it->str;
    }
    return 0;
}

static int read_date(interp *in, const char *key, const pnode *v, int64_t *out)
{
    if (v->kind != PN_SCALAR)
        return nm_fail(in->c->err, in->c->path, v->line, "%s: expected a date, found %s", key,
                       pn_kind_name(v));
    if (pn_is_null(v))
        return 0;
    const date_zone *z = in->opts && in->opts->zone ? in->opts->zone : NULL;
    int64_t t = date_parse(v->str, v->len, z);
    if (t == NM_NO_TIME)
        return nm_fail(in->c->err, in->c->path, v->line, "%s: cannot read '%.80s' as a date%s",
                       key, v->str, v->len > 80 ? "…" : "");
    /* Years the writer's RFC 1123 form carries (four digits). */
    if (t < date_from_civil(1000, 1, 1, 0, 0, 0) || t > date_from_civil(9999, 12, 31, 23, 59, 59))
        return nm_fail(in->c->err, in->c->path, v->line,
                       "%s: '%.80s' is outside the years 1000 to 9999", key, v->str);
    *out = t;
    return 0;
}

static int add_field(interp *in, const pnode *k, const pnode *v)
{
    /* Aliases can make a small front matter expand enormously: the
     * fields together get at most twice the front-matter limit. */
    nm_buf b;
    buf_init(&b, 2 * (size_t)POST_MAX_FRONT_MATTER - in->field_bytes);
    if (emit_value(&b, v) < 0) {
        buf_free(&b);
        return nm_fail(in->c->err, in->c->path, v->line,
                       "%s: the values expand to more than %u bytes (aliases?)", k->str,
                       2 * POST_MAX_FRONT_MATTER);
    }
    post *p = in->p;
    if (p->nfields == in->fields_cap) {
        size_t nc = in->fields_cap ? in->fields_cap * 2 : 8;
        post_field *nf = arena_alloc(in->c->a, nc * sizeof(*nf));
        if (p->nfields)
            memcpy(nf, in->fields, p->nfields * sizeof(*nf));
        in->fields = nf;
        in->fields_cap = nc;
        p->fields = nf;
    }
    post_field *f = &in->fields[p->nfields++];
    f->key = k->str;
    f->yaml = arena_strndup(in->c->a, buf_cstr(&b), b.len);
    in->field_bytes += b.len;
    f->scalar = v->kind == PN_SCALAR && !pn_is_null(v) ? v->str : NULL;
    buf_free(&b);
    return 0;
}

static int interpret(interp *in, const pnode *root)
{
    pn_ctx *c = in->c;
    post *p = in->p;
    if (!root)
        return 0;
    if (root->kind != PN_MAP)
        return nm_fail(c->err, c->path, root->line,
                       "front matter must be keys and values, found %s", pn_kind_name(root));
    for (size_t i = 0; i < root->n; i++) {
        const pnode *k = root->items[2 * i], *v = root->items[2 * i + 1];
        const char *key = k->str;
        int rc = 0;
        if (strcmp(key, "title") == 0) {
            rc = string_value(in, key, v, &p->title);
        } else if (strcmp(key, "categories") == 0 || strcmp(key, "category") == 0) {
            if (in->categories_line)
                return nm_fail(c->err, c->path, k->line,
                               "categories given twice (also on line %ld)", in->categories_line);
            in->categories_line = k->line;
            rc = read_categories(in, key, v);
        } else if (strcmp(key, "tags") == 0 || strcmp(key, "tag") == 0) {
            if (in->tags_line)
                return nm_fail(c->err, c->path, k->line, "tags given twice (also on line %ld)",
                               in->tags_line);
            in->tags_line = k->line;
            rc = read_tags(in, key, v);
        } else if (strcmp(key, "date") == 0) {
            rc = read_date(in, key, v, &p->date);
        } else if (strcmp(key, "updated") == 0) {
            rc = read_date(in, key, v, &p->updated);
        } else if (strcmp(key, "comments") == 0) {
            if (v->kind == PN_SCALAR && pn_is_null(v))
                continue;
            int b = pn_bool(v);
            if (b < 0)
                return nm_fail(c->err, c->path, v->line,
                               "comments: expected true or false, found %s%s%.40s%s",
                               v->kind == PN_SCALAR ? "'" : "",
                               v->kind == PN_SCALAR ? "" : pn_kind_name(v),
                               v->kind == PN_SCALAR ? v->str : "",
                               v->kind == PN_SCALAR ? "'" : "");
            p->comments = b;
        } else if (strcmp(key, "layout") == 0) {
            if (v->kind == PN_SCALAR && pn_bool(v) == 0)
                p->layout = "false";
            else
                rc = string_value(in, key, v, &p->layout);
        } else if (strcmp(key, "permalink") == 0) {
            rc = string_value(in, key, v, &p->permalink);
        } else if (strcmp(key, "excerpt") == 0) {
            rc = string_value(in, key, v, &p->excerpt);
        } else if (v->kind == PN_SCALAR && strcmp(key, "headimg") == 0) {
            p->headimg = pn_is_null(v) ? NULL : v->str;
        } else if (v->kind == PN_SCALAR && strcmp(key, "thumbnail") == 0) {
            p->thumbnail = pn_is_null(v) ? NULL : v->str;
        } else if (v->kind == PN_SCALAR && strcmp(key, "author") == 0) {
            p->author = pn_is_null(v) ? NULL : v->str;
        } else {
            rc = add_field(in, k, v);
        }
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* ---- framing ------------------------------------------------------------- */

static int no_front_matter(nm_error *err, const char *path, long line)
{
    return nm_fail(err, path, line,
                   "no front matter: a post starts with a '---' line (or is YAML or JSON "
                   "ending with a '---' or ';;;' line)");
}

/* Where the parts of a file are. */
typedef struct framing {
    size_t lead_len;           /* blank lines (and BOM) before the marker */
    size_t fm_start, fm_end;   /* the front matter */
    size_t body_start;
    long fm_line, body_line;   /* file lines where they start */
    long first_line;           /* first non-blank line */
    bool json, headless;
} framing;

/* Finds the next line at or after *q that is a marker of ch (any length
 * when want is 0, else exactly want); advances *q to it and *line to its
 * number. Returns false at the end of the data. */
static bool find_marker(const char *data, size_t len, size_t *q, long *line, char ch,
                        size_t want)
{
    while (*q < len) {
        const char *e = memchr(data + *q, '\n', len - *q);
        size_t n = e ? (size_t)(e - data) - *q : len - *q;
        size_t m = marker_len(data + *q, n, ch);
        if (m && (!want || m == want))
            return true;
        *q = e ? (size_t)(e - data) + 1 : len;
        (*line)++;
    }
    return false;
}

static size_t after_line(const char *data, size_t len, size_t q)
{
    const char *e = memchr(data + q, '\n', len - q);
    return e ? (size_t)(e - data) + 1 : len;
}

static int frame(const char *path, const char *data, size_t len, framing *f, nm_error *err)
{
    /* Blank lines (and a BOM) before the opening marker. */
    size_t pos = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    long line = 1;
    for (;;) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - data) - pos : len - pos;
        if (!nl || !blank_line(data + pos, n))
            break;
        pos += n + 1;
        line++;
    }
    memset(f, 0, sizeof(*f));
    f->first_line = line;
    const char *nl = memchr(data + pos, '\n', len - pos);
    size_t first_n = nl ? (size_t)(nl - data) - pos : len - pos;
    char mch = '-';
    size_t mlen = marker_len(data + pos, first_n, '-');
    if (!mlen && (mlen = marker_len(data + pos, first_n, ';')) != 0)
        mch = ';';
    if (mlen) {
        /* The same marker closes it. */
        f->lead_len = pos;
        f->fm_start = after_line(data, len, pos);
        f->fm_line = line + 1;
        size_t q = f->fm_start;
        long l = line + 1;
        if (!find_marker(data, len, &q, &l, mch, mlen))
            return nm_fail(err, path, line,
                           "front matter opened here is never closed (no '%.*s' line after it)",
                           (int)(mlen < 10 ? mlen : 10), mch == '-' ? "----------" : ";;;;;;;;;;");
        f->fm_end = q;
        f->body_start = after_line(data, len, q);
        f->body_line = l + 1;
        f->json = mch == ';';
        return 0;
    }
    /* Hexo's other form: the front matter first, then a line of `;;;`
     * (JSON members) or `---` (YAML), whichever comes first. The blank
     * lines before it are part of it: there is no lead. */
    size_t q = pos, qd = pos;
    long l = line, ld = line;
    bool semi = find_marker(data, len, &q, &l, ';', 0);
    bool dash = find_marker(data, len, &qd, &ld, '-', 0);
    if (!semi && !dash)
        return no_front_matter(err, path, line);
    if (!semi || (dash && qd < q)) {
        q = qd;
        l = ld;
        f->headless = true;
    }
    f->json = !f->headless;
    f->fm_start = pos;
    f->fm_end = q;
    f->fm_line = line;
    f->body_start = after_line(data, len, q);
    f->body_line = l + 1;
    return 0;
}

int post_parse(arena *a, const char *path, const char *data, size_t len,
               const post_read_opts *opts, post *out, nm_error *err)
{
    assert(a && out && (data || len == 0));
    if (!data)
        data = ""; /* memchr and friends want a pointer even for 0 bytes */
    post_init(out);
    out->path = path;
    const char *nul = memchr(data, 0, len);
    if (nul)
        return nm_fail(err, path, line_at(data, (size_t)(nul - data)),
                       "NUL byte in the file (a post is UTF-8 text)");
    size_t bad = utf8_first_invalid(data, len);
    if (bad < len)
        return nm_fail(err, path, line_at(data, bad), "invalid UTF-8 (byte 0x%02X)",
                       (unsigned char)data[bad]);
    framing f;
    if (frame(path, data, len, &f, err) < 0)
        return -1;
    const char *fm = data + f.fm_start;
    size_t fm_len = f.fm_end - f.fm_start;
    if (fm_len > POST_MAX_FRONT_MATTER)
        return nm_fail(err, path, f.fm_line,
                       "front matter is %zu bytes, more than the limit of %u bytes", fm_len,
                       POST_MAX_FRONT_MATTER);
    out->lead = sv_make(data, f.lead_len);
    out->body = sv_make(data + f.body_start, len - f.body_start);
    out->body_line = f.body_line;
    out->json_front_matter = f.json;

    pn_ctx c = {.a = a, .path = path, .first_line = f.fm_line, .err = err};
    pnode *root = NULL;
    int rc;
    if (f.json) {
        rc = pn_read_json(&c, fm, fm_len, &root);
    } else {
        rc = opts && opts->no_fast_path ? 1 : pn_read_fast(&c, fm, fm_len, &root);
        if (rc == 1) {
            c.nodes = 0;
            root = NULL;
            rc = pn_read_yaml(&c, fm, fm_len, &root);
        }
    }
    /* Text before a `---` line is front matter only when it is YAML keys
     * and values (as in Hexo); otherwise the file simply has none. */
    if (f.headless && (rc < 0 || !root || root->kind != PN_MAP))
        return no_front_matter(err, path, f.first_line);
    if (rc < 0)
        return -1;
    interp in = {.c = &c, .opts = opts, .p = out};
    if (interpret(&in, root) < 0)
        return -1;
    /* What is read must write back readable: quotes and aliases can make
     * the written front matter larger than what was read, so when that
     * is possible at all, measure it. */
    if (fm_len > POST_MAX_FRONT_MATTER / 2 || in.field_bytes > POST_MAX_FRONT_MATTER / 4) {
        nm_buf w;
        buf_init(&w, out->lead.len + out->body.len + POST_MAX_FRONT_MATTER + 8);
        int fits = post_write(out, &w);
        buf_free(&w);
        if (fits < 0)
            return nm_fail(err, path, f.fm_line,
                           "front matter would be more than %u bytes when written back "
                           "(aliases or quoting expand it)",
                           POST_MAX_FRONT_MATTER);
    }
    return 0;
}

int post_read_file(arena *a, const char *path, const post_read_opts *opts, post *out,
                   nm_error *err)
{
    path = arena_strdup(a, path); /* the post outlives the caller's buffer */
    post_init(out);
    out->path = path;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return nm_fail(err, path, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) < 0) {
        int e = errno;
        close(fd);
        return nm_fail(err, path, 0, "cannot read: %s", strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return nm_fail(err, path, 0, "is a directory, not a post");
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return nm_fail(err, path, 0, "not a regular file, not a post");
    }
    if ((unsigned long long)st.st_size > POST_MAX_FILE) {
        close(fd);
        return nm_fail(err, path, 0, "file too large (%lld bytes, limit %u)",
                       (long long)st.st_size, POST_MAX_FILE);
    }
    size_t size = (size_t)st.st_size;
    char *data = arena_alloc(a, size + 1);
    size_t got = 0;
    while (got < size) {
        ssize_t r = read(fd, data + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            close(fd);
            return nm_fail(err, path, 0, "cannot read: %s", strerror(e));
        }
        if (r == 0)
            break; /* shrank while we read: take what is there */
        got += (size_t)r;
    }
    close(fd);
    data[got] = '\0';
    return post_parse(a, path, data, got, opts, out, err);
}
