/*
 * json.c — JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1).
 *
 * jansson parses (its depth limit of 2048 bounds hostile nesting); the
 * mapping is feedparser's JSONParser, with the contract's choices where it
 * is explicit: content_html wins over content_text, `summary` is plain
 * text (the spec says so) and is escaped, `url`/attachment URLs resolve
 * against the document URL when one is known, a numeric `id` is written in
 * decimal. 1.0's `author` and 1.1's `authors` both give the author name;
 * the item's `image` is its thumbnail (before images found in content).
 *
 * Not here: anything shared with the XML formats (normalize.c).
 */
#include "feed_int.h"

#include <jansson.h>
#include <string.h>

static const char *str_field(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static const char *text_field(arena *a, json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_string(v))
        return NULL;
    return feed_text_plain(a, json_string_value(v), json_string_length(v));
}

static const char *url_field(arena *a, json_t *o, const char *key, const char *base)
{
    const char *s = str_field(o, key);
    if (!s)
        return NULL;
    str_view t = sv_trim(sv_from(s));
    if (!t.len)
        return NULL;
    return url_resolve(a, base, sv_dup(a, t));
}

static const char *author_of(arena *a, json_t *o)
{
    json_t *au = json_object_get(o, "author");
    if (!json_is_object(au)) {
        json_t *list = json_object_get(o, "authors");
        au = json_is_array(list) ? json_array_get(list, 0) : NULL;
    }
    if (!json_is_object(au))
        return NULL;
    return text_field(a, au, "name");
}

static void read_item(feed_raw *r, json_t *it, const char *base)
{
    arena *a = r->a;
    feed_raw_entry *e = arena_zalloc(a, sizeof(*e));
    json_t *id = json_object_get(it, "id");
    if (json_is_string(id)) {
        str_view t = sv_trim(sv_make(json_string_value(id), json_string_length(id)));
        e->id = t.len ? sv_dup(a, t) : NULL;
    } else if (json_is_integer(id)) {
        e->id = arena_printf(a, "%lld", (long long)json_integer_value(id));
    }
    e->link = url_field(a, it, "url", base);
    e->title = text_field(a, it, "title");
    json_t *html = json_object_get(it, "content_html");
    json_t *text = json_object_get(it, "content_text");
    if (json_is_string(html))
        e->content = feed_html_value(r, json_string_value(html), json_string_length(html), base);
    else if (json_is_string(text))
        e->content = feed_html_escape_text(a, json_string_value(text), json_string_length(text));
    json_t *summary = json_object_get(it, "summary");
    if (json_is_string(summary))
        e->summary =
            feed_html_escape_text(a, json_string_value(summary), json_string_length(summary));
    const char *p = str_field(it, "date_published");
    e->published = p ? arena_strdup(a, p) : NULL;
    const char *m = str_field(it, "date_modified");
    e->updated = m ? arena_strdup(a, m) : NULL;
    e->author = author_of(a, it);
    const char *img = str_field(it, "image");
    if (img) {
        str_view t = sv_trim(sv_from(img));
        e->json_image = t.len ? url_resolve(a, base, sv_dup(a, t)) : NULL;
    }
    json_t *tags = json_object_get(it, "tags");
    size_t i;
    json_t *v;
    if (json_is_array(tags))
        json_array_foreach(tags, i, v) if (json_is_string(v))
        {
            const char *t = feed_text_plain(a, json_string_value(v), json_string_length(v));
            if (t)
                feed_vec_push(a, &e->categories, (void *)t);
        }
    json_t *att = json_object_get(it, "attachments");
    if (json_is_array(att))
        json_array_foreach(att, i, v)
        {
            if (!json_is_object(v))
                continue;
            const char *u = url_field(a, v, "url", base);
            if (!u)
                continue;
            feed_enclosure *enc = arena_zalloc(a, sizeof(*enc));
            enc->url = u;
            const char *type = str_field(v, "mime_type");
            str_view t = sv_trim(sv_from(type ? type : ""));
            enc->type = t.len ? sv_dup(a, t) : NULL;
            json_t *size = json_object_get(v, "size_in_bytes");
            enc->length = json_is_integer(size) && json_integer_value(size) >= 0
                              ? (int64_t)json_integer_value(size)
                              : -1;
            feed_vec_push(a, &e->enclosures, enc);
        }
    feed_vec_push(a, &r->entries, e);
}

int feed_read_json(feed_raw *r, const char *utf8, size_t len, const char *base,
                   const char *source, nm_error *err)
{
    json_error_t je;
    json_t *root = json_loadb(utf8, len, 0, &je);
    if (!root)
        return nm_fail(err, source, je.line > 0 ? je.line : 0, "not a feed: invalid JSON: %s",
                       je.text);
    const char *version = json_is_object(root) ? str_field(root, "version") : NULL;
    const char *fmt = NULL;
    if (version) {
        str_view v = sv_trim(sv_from(version));
        if (sv_eq_cstr(v, "https://jsonfeed.org/version/1") ||
            sv_eq_cstr(v, "http://jsonfeed.org/version/1"))
            fmt = "json1.0";
        else if (sv_eq_cstr(v, "https://jsonfeed.org/version/1.1") ||
                 sv_eq_cstr(v, "http://jsonfeed.org/version/1.1"))
            fmt = "json1.1";
    }
    if (!fmt) {
        json_decref(root);
        return nm_fail(err, source, 0,
                       "not a feed: JSON without a JSON Feed version "
                       "(\"version\": \"https://jsonfeed.org/version/1.1\")");
    }
    r->format = fmt;
    arena *a = r->a;
    r->title = text_field(a, root, "title");
    r->link = url_field(a, root, "home_page_url", base);
    r->description = text_field(a, root, "description");
    const char *lang = str_field(root, "language");
    if (lang) {
        str_view t = sv_trim(sv_from(lang));
        r->language = t.len ? sv_dup(a, t) : NULL;
    }
    r->image = url_field(a, root, "icon", base);
    r->author = author_of(a, root);
    json_t *items = json_object_get(root, "items");
    size_t i;
    json_t *it;
    if (json_is_array(items))
        json_array_foreach(items, i, it) if (json_is_object(it)) read_item(r, it, base);
    json_decref(root);
    return 0;
}
