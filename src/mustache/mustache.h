/*
 * mustache.h — Mustache templates, compiled once, rendered many times.
 *
 * The engine passes the official Mustache spec (comments, delimiters,
 * interpolation, inverted, partials, sections, ~inheritance,
 * ~dynamic-names); lambdas are not supported. A module of its own that
 * knows nothing of sites: src/site/ (the theme and the pages) uses it,
 * and so do its tests (tests/unit/mustache/) and fuzz target.
 *
 * Three pieces:
 *
 *   mst_value  — the data a template reads: null, bool, number (int64 or
 *                double), string (pointer + length), list, map (keys in
 *                insertion order). Values live in an arena the caller
 *                owns; nothing is freed one by one. Strings are copied into
 *                the arena (mst_str*) or borrowed (mst_ref*, no copy, for
 *                post bodies that already live in a file buffer).
 *   mst_set    — a family of named templates (a theme): each is compiled
 *                once when added; mst_set_link() then resolves every
 *                {{> partial}} and {{< parent}} by name, asking the optional
 *                loader for names not added yet. After linking the set is
 *                read-only.
 *   mst_render — renders a template against a value into an nm_buf. A
 *                linked set is never written again, so any number of
 *                threads may render from it at once, each into its own
 *                buffer (e.g. one per pool worker, buf_reset() per page).
 *
 * Usage:
 *
 *     nm_error err;
 *     mst_set *theme = mst_set_new(NULL, NULL);
 *     if (mst_set_add(theme, "post", post_src, post_len, &err) != 0 ||
 *         mst_set_add(theme, "head", head_src, head_len, &err) != 0 ||
 *         mst_set_link(theme, MST_STRICT_PARTIALS, &err) != 0)
 *         return log_nm_error(&err), -1;      // "post:12: unclosed section 'tags'"
 *     const mst_template *post_tpl = mst_set_get(theme, "post");
 *
 *     // once per build: what every page shares (nav tree, recent posts),
 *     // in an arena that lives for the build; pages point at it
 *     mst_value *site = build_site_context(build_arena);
 *
 *     // per page, on each worker: `a` is the worker's arena and `out` its
 *     // nm_buf, both reset for each page
 *     mst_map *page = mst_map_new(a, 16);
 *     mst_map_set(page, "site", site);                     // shared, not copied
 *     mst_map_set_str(page, "title", title);               // copied
 *     mst_map_set_ref(page, "content", body, body_len);    // borrowed
 *     mst_map_set_int(page, "year", 2022);
 *     mst_list *tags = mst_list_new(a, 4);
 *     mst_list_push(tags, mst_str(a, "财经"));
 *     mst_map_set(page, "tags", mst_list_value(tags));
 *     buf_reset(&out);
 *     if (mst_render(post_tpl, mst_map_value(page), &out, &err) != 0)
 *         log_nm_error(&err);                 // only bounds can fail here
 *     arena_reset(a);
 *     mst_set_free(theme);                    // at the end of the build
 *
 * Semantics worth knowing:
 *   - {{x}} escapes & < > " ' as &amp; &lt; &gt; &quot; &#39;;
 *     {{{x}}} and {{& x}} do not. null and missing names print nothing.
 *   - Falsy (a section is skipped, an inverted section shown): missing,
 *     null, false, the empty list and the empty string. Numbers, maps and
 *     other strings are truthy. A list section repeats once per item.
 *   - Numbers print like JSON: 42, -7, 1.5, 1e+100 (shortest round trip).
 *   - Dotted names walk maps only: no list indexing (tags.0) and no
 *     .length; give the template a bool such as has_tags instead.
 *   - Standalone lines: a line holding only whitespace and tags that print
 *     nothing themselves (sections, comments, partials, parents, blocks,
 *     delimiters) disappears with its newline, even with several tags on
 *     it ({{#posts}}{{>card}}{{/posts}}), as in mustache.js; a block opened
 *     and closed on one line keeps its line.
 *   - Indentation follows the spec: a standalone {{>p}} indents every line
 *     of p's source (not the lines of values it prints); an inline partial
 *     is not indented; block overrides are re-indented where they land.
 *   - A missing partial renders as nothing (the spec's rule) unless
 *     mst_set_link() was given MST_STRICT_PARTIALS.
 *   - Dynamic names {{>*name}} look the resolved string up among the
 *     templates of the set at render time: add every template a dynamic
 *     name may reach before linking (the loader is not called then).
 *   - Rendering fails (-1, err names the template) only on bounds:
 *     the nm_buf cap, partial/section nesting deeper than MST_MAX_DEPTH,
 *     or more than the step budget (runaway nested loops) — or when the
 *     set was changed and not linked again.
 *
 * Cost (bench/mustache/run.sh, one core): an 11 KB post page with head,
 * nav tree, sidebar and footer partials renders ~125,000 times a second,
 * building its ~15-field context included; about 10x mustache.js.
 *
 * Not here: lambdas, HTML-aware escaping contexts (URLs, JS), file I/O
 * (the caller reads theme files and hands over bytes, or gives a loader).
 */
#ifndef NM_SITE_MUSTACHE_H
#define NM_SITE_MUSTACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

/* Bounds. Nesting counts sections, partials, parents and blocks together. */
#define MST_MAX_DEPTH 200
#define MST_MAX_PARTIAL_DEPTH 64
#define MST_DEFAULT_STEPS 100000000ull /* node visits per render */

/* ---- values ------------------------------------------------------------ */

typedef enum mst_type {
    MST_NULL,
    MST_BOOL,
    MST_INT,
    MST_DOUBLE,
    MST_STR,
    MST_LIST,
    MST_MAP,
} mst_type;

typedef struct mst_value mst_value;
typedef struct mst_list mst_list;
typedef struct mst_map mst_map;

/* Every constructor allocates from arena a (except the null and bool
 * singletons, which are static) and never fails (out of memory aborts).
 * A value, list or map lives as long as its arena; it is not thread safe
 * to build, but any number of renders may read it at once. */
mst_value *mst_null(void);
mst_value *mst_bool(bool b);
mst_value *mst_int(arena *a, int64_t i);
mst_value *mst_double(arena *a, double d);
/* Copies the bytes into the arena (s may hold any bytes; n is its length). */
mst_value *mst_str(arena *a, const char *s);
mst_value *mst_strn(arena *a, const char *s, size_t n);
/* Borrows: p must stay valid and unchanged while the value is in use. */
mst_value *mst_ref(arena *a, const char *p, size_t n);

/* Lists and maps grow in their arena (the old array stays there until the
 * arena goes: size hints avoid that). */
mst_list *mst_list_new(arena *a, size_t size_hint);
void mst_list_push(mst_list *l, mst_value *v);
mst_value *mst_list_value(mst_list *l);

/* Map keys are BORROWED (string literals are the usual case; otherwise
 * copy them into the arena first). mst_map_set replaces the value of an
 * existing key and keeps its position; lookup is a hash compare over at
 * most 8 keys, then a hash index. */
mst_map *mst_map_new(arena *a, size_t size_hint);
void mst_map_set(mst_map *m, const char *key, mst_value *v);
void mst_map_setn(mst_map *m, const char *key, size_t key_len, mst_value *v);
mst_value *mst_map_value(mst_map *m);
/* Shorthands: set key to a copied string, a borrowed string, a number, a
 * bool. s == NULL sets null. */
void mst_map_set_str(mst_map *m, const char *key, const char *s);
void mst_map_set_ref(mst_map *m, const char *key, const char *p, size_t n);
void mst_map_set_int(mst_map *m, const char *key, int64_t i);
void mst_map_set_bool(mst_map *m, const char *key, bool b);

/* Reading values back (used by the engine and handy in tests). */
mst_type mst_type_of(const mst_value *v);                  /* NULL → MST_NULL */
const mst_value *mst_map_get(const mst_map *m, const char *key, size_t key_len);
const mst_value *mst_get(const mst_value *map, const char *key); /* NULL if absent */
size_t mst_list_len(const mst_list *l);
const mst_value *mst_list_at(const mst_list *l, size_t i);
/* The value as a list / map, or NULL when it is not one. */
const mst_list *mst_as_list(const mst_value *v);
const mst_map *mst_as_map(const mst_value *v);
/* Strings: the bytes (not NUL-terminated) and length; NULL/0 for others. */
const char *mst_str_ptr(const mst_value *v, size_t *len);
/* Numbers (an int as double and back, truncated); 0 for other types. */
int64_t mst_int_of(const mst_value *v);
double mst_double_of(const mst_value *v);
/* What a section sees: false for NULL, null, false, "" and the empty list. */
bool mst_truthy(const mst_value *v);

/* ---- templates ---------------------------------------------------------- */

typedef struct mst_set mst_set;
typedef struct mst_template mst_template;

/* Called by mst_set_link() for a partial/parent name not yet in the set:
 * append the template's source to src and return 0; return 1 when there is
 * no such template (it then renders as nothing, or fails a strict link);
 * return -1 with err filled to fail the link. */
typedef int (*mst_loader)(void *ctx, const char *name, nm_buf *src, nm_error *err);

/* A new, empty set; loader may be NULL. Free with mst_set_free(). Adding
 * and linking are for one thread; rendering from a linked set for many. */
mst_set *mst_set_new(mst_loader loader, void *loader_ctx);
void mst_set_free(mst_set *s); /* NULL is fine; frees every template */

/* Compiles src (len bytes, copied) as template `name` and adds it to the
 * set, replacing a template of the same name. On a syntax error (unclosed
 * or mismatched section, bad delimiter, unclosed tag, empty name, nesting
 * deeper than MST_MAX_DEPTH) returns -1 with err naming "name" and the
 * line, and the set is unchanged. The set must be linked again before
 * rendering. */
int mst_set_add(mst_set *s, const char *name, const char *src, size_t len, nm_error *err);

/* Resolves every static partial and parent name of every template, asking
 * the loader for missing ones (and compiling what it returns, whose own
 * partials are then resolved too). With MST_STRICT_PARTIALS a name nobody
 * provides fails the link ("post:3: no template named 'side'"). */
enum { MST_STRICT_PARTIALS = 1 };
int mst_set_link(mst_set *s, unsigned flags, nm_error *err);

/* The template called name, or NULL. Valid until mst_set_free(). */
const mst_template *mst_set_get(const mst_set *s, const char *name);
const char *mst_template_name(const mst_template *t);

/* Renders t against data (NULL = empty context) by appending to out. The
 * set must be linked. Thread safe against other renders. On failure
 * (output past out's cap, nesting, step budget) returns -1 with err
 * filled; out then holds a partial page the caller should discard. */
int mst_render(const mst_template *t, const mst_value *data, nm_buf *out, nm_error *err);
/* The same with an explicit step budget (node visits), e.g. for fuzzing. */
int mst_render_steps(const mst_template *t, const mst_value *data, uint64_t max_steps,
                     nm_buf *out, nm_error *err);

/* Appends s HTML-escaped as {{x}} does. -1 when out's cap is reached. */
int mst_escape_html(nm_buf *out, const char *s, size_t n);

#endif
