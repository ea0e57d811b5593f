/*
 * normalize.c — the contract's rules that do not depend on the format.
 *
 * A format reader (rss_atom.c, json.c) leaves raw values: text already in
 * its kind (TEXT, sanitized HTML, resolved URLs) but dates still as
 * written and fallbacks not applied. Here they become the public feed:
 *   - dates are read by date_parse(), zone-less ones in Asia/Shanghai when
 *     the feed's language is Chinese (zh, zh-cn, zh-CN …), else UTC;
 *   - feed.updated falls back to the published date; feed.description to
 *     itunes:summary; feed.image to the Atom logo, then the icon;
 *   - summary and content stand in for each other when one is missing;
 *   - categories lose empty and duplicate names (first kept);
 *   - entry.image is the first thumbnail by the contract's order.
 *
 * Not here: anything that needs the source document.
 */
#include "feed_int.h"

#include <string.h>

void feed_vec_push(arena *a, feed_vec *v, void *item)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 4;
        void **items = arena_alloc(a, cap * sizeof(*items));
        if (v->n)
            memcpy(items, v->items, v->n * sizeof(*items));
        v->items = items;
        v->cap = cap;
    }
    v->items[v->n++] = item;
}

static int64_t read_date(const char *s, const date_zone *zone)
{
    if (!s)
        return NM_NO_TIME;
    return date_parse(s, strlen(s), zone);
}

/* Categories in order, without duplicates: a small open-addressing set of
 * hashes keeps it linear for feeds with thousands of tags. */
static void dedupe_categories(arena *a, feed_vec *in, feed_entry *out)
{
    out->categories = arena_alloc(a, (in->n ? in->n : 1) * sizeof(char *));
    out->ncategories = 0;
    if (!in->n)
        return;
    size_t cap = 16;
    while (cap < in->n * 2)
        cap *= 2;
    size_t *slots = arena_zalloc(a, cap * sizeof(size_t)); /* index + 1 */
    for (size_t i = 0; i < in->n; i++) {
        const char *c = in->items[i];
        if (!c || !*c)
            continue;
        uint64_t h = hash64(c, strlen(c), 0);
        size_t s = (size_t)h & (cap - 1);
        bool dup = false;
        while (slots[s]) {
            if (strcmp(out->categories[slots[s] - 1], c) == 0) {
                dup = true;
                break;
            }
            s = (s + 1) & (cap - 1);
        }
        if (dup)
            continue;
        out->categories[out->ncategories++] = c;
        slots[s] = out->ncategories;
    }
}

static bool is_image_type(const char *t)
{
    return t && nm_strncasecmp(t, "image/", 6) == 0;
}

void feed_normalize(feed_raw *r, feed *f)
{
    arena *a = r->a;
    const date_zone *zone = NULL;
    if (r->language && nm_strncasecmp(r->language, "zh", 2) == 0 &&
        (r->language[2] == 0 || r->language[2] == '-' || r->language[2] == '_'))
        zone = date_zone_get("Asia/Shanghai", NULL);

    f->format = r->format;
    f->bozo = r->bozo;
    f->bozo_reason = r->bozo ? r->bozo_reason : NULL;
    f->title = r->title;
    f->link = r->link;
    f->description = r->description ? r->description : r->itunes_summary;
    f->language = r->language;
    f->updated = read_date(r->updated, zone);
    if (f->updated == NM_NO_TIME)
        f->updated = read_date(r->published, zone);
    f->image = r->image ? r->image : r->logo ? r->logo : r->icon;
    f->author = r->author;
    f->ttl_minutes = r->ttl_minutes;

    f->nentries = r->entries.n;
    f->entries = arena_new_array(a, feed_entry, r->entries.n ? r->entries.n : 1);
    for (size_t i = 0; i < r->entries.n; i++) {
        const feed_raw_entry *e = r->entries.items[i];
        feed_entry *o = &f->entries[i];
        o->id = e->id;
        o->title = e->title;
        o->link = e->link;
        o->author = e->author;
        o->published = read_date(e->published, zone);
        o->updated = read_date(e->updated, zone);
        o->summary = e->summary ? e->summary : e->content;
        o->content = e->content ? e->content : e->summary;
        dedupe_categories(a, (feed_vec *)&e->categories, o);
        o->nenclosures = e->enclosures.n;
        o->enclosures = arena_new_array(a, feed_enclosure, e->enclosures.n ? e->enclosures.n : 1);
        for (size_t k = 0; k < e->enclosures.n; k++)
            o->enclosures[k] = *(feed_enclosure *)e->enclosures.items[k];

        const char *img = e->json_image ? e->json_image : e->thumbnail ? e->thumbnail : e->media_image;
        for (size_t k = 0; !img && k < o->nenclosures; k++)
            if (is_image_type(o->enclosures[k].type))
                img = o->enclosures[k].url;
        if (!img)
            img = e->itunes_image;
        /* (raw bodies are not ours to read: their caller cleans them and
         * finds their images) */
        if (!img && !r->raw_html)
            img = feed_first_img(a, o->content);
        if (!img && !r->raw_html)
            img = feed_first_img(a, o->summary);
        o->image = img;
    }
}
