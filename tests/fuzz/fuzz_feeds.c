/*
 * fuzz_feeds.c — feeds.yml and OPML readers on arbitrary bytes. Whatever
 * parses must write out as YAML that parses again to the same feeds
 * (write → read is the identity on the model), and OPML import must never
 * crash or read the network. Errors are fine; crashes and leaks are not.
 */
#include <stdlib.h>
#include <string.h>

#include "feeds/feeds.h"

static void same_or_die(const feeds_list *a, const feeds_list *b)
{
    if (a->n != b->n)
        abort();
    for (size_t i = 0; i < a->n; i++) {
        const feeds_entry *x = &a->entries[i], *y = &b->entries[i];
        if (strcmp(x->url, y->url) || strcmp(x->group, y->group) || strcmp(x->site, y->site) ||
            strcmp(x->title, y->title) || x->interval_min != y->interval_min ||
            x->enabled != y->enabled || x->nremove != y->nremove ||
            x->fulltext != y->fulltext || x->type != y->type ||
            !x->selector != !y->selector || !x->item != !y->item)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nm_error err;
    feeds_list *l;
    if (feeds_parse((const char *)data, size, "feeds.yml", &l, &err) == 0) {
        /* Line breaks in names are flattened on writing: compare the
         * others exactly. */
        bool plain = true;
        for (size_t i = 0; i < l->n && plain; i++) {
            const feeds_entry *e = &l->entries[i];
            plain = !strpbrk(e->url, "\r\n") && !strpbrk(e->group, "\r\n") &&
                    !strpbrk(e->site, "\r\n") && !strpbrk(e->title, "\r\n");
        }
        nm_buf y;
        buf_init(&y, NM_BUF_NOLIMIT);
        feeds_to_yaml(l, &y);
        feeds_list *again;
        if (feeds_parse(buf_cstr(&y), y.len, "out.yml", &again, &err) == 0) {
            if (plain)
                same_or_die(l, again);
            feeds_free(again);
        } else if (plain) {
            abort(); /* what we write must read back */
        }
        buf_free(&y);
        feeds_free(l);
    }
    feeds_list *o = feeds_new();
    size_t added = 0;
    if (feeds_import_opml_text(o, (const char *)data, size, "in.opml", &added, &err) == 0 &&
        added != o->n)
        abort();
    nm_buf x;
    buf_init(&x, NM_BUF_NOLIMIT);
    feeds_export_opml(o, &x);
    buf_free(&x);
    feeds_free(o);
    return 0;
}
