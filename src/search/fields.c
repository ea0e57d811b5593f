/*
 * fields.c — what of a post is searchable: title, categories, author and
 * body text. One definition for the CLI's index (index.c) and the static
 * index a build writes (shards.c via src/site/search_index.c), so the two
 * find the same posts.
 */
#include "search_int.h"

#include "post/post.h"

#include <string.h>

static const char *join_categories(arena *a, const post *p)
{
    nm_buf b;
    buf_init(&b, NM_BUF_NOLIMIT);
    for (size_t i = 0; i < p->ncategories; i++)
        for (size_t j = 0; j < p->categories[i].n; j++) {
            if (b.len)
                buf_puts(&b, " / ");
            buf_puts(&b, p->categories[i].names[j]);
        }
    char *s = search_clean_line(a, buf_cstr(&b));
    buf_free(&b);
    return s;
}

void search_post_fields(arena *a, const post *p, const char *file_name, size_t max,
                        search_fields *out)
{
    const char *title = p->title;
    if (!title || !*title) {
        const char *s = strrchr(file_name, '/');
        s = s ? s + 1 : file_name;
        const char *dot = strrchr(s, '.');
        title = arena_strndup(a, s, dot ? (size_t)(dot - s) : strlen(s));
    }
    out->title = search_clean_line(a, title);
    out->categories = join_categories(a, p);
    out->author = search_clean_line(a, p->author);
    out->body = search_body_text(a, p->body.ptr, p->body.len, max);
}
