/*
 * feeds.h — the feed list of a site: feeds.yml read, edited and written,
 * OPML imported and exported.
 *
 * feeds.yml is a three-level hierarchy, group → site → list of feeds:
 *
 *     金融:
 *       新浪财经:
 *         - title: 新浪财经－国內
 *           url: https://rsshub.app/sina/finance
 *           interval: 30            # minutes between polls (default 30)
 *           enabled: true
 *           remove: ['.ad', '#footer']   # extra selectors for cleaning
 *           user_agent: 'Mozilla/5.0 …'  # optional, per feed
 *           referer: https://finance.sina.com.cn/
 *           fulltext: auto          # auto (default), always or never
 *           selector: '#artibody'   # the article's element on its page
 *         - title: 新浪财经－滚动
 *           url: https://finance.sina.com.cn/roll/
 *           type: html              # a section page, no feed: its links
 *           item: '.list a'         #   (this selector, else found) are
 *                                   #   the items, each page extracted
 *
 * `full_text: true|false` (an older spelling) reads as always|never.
 * A post from a feed gets categories [group, site, title] and author site.
 * Errors name the file and line ("feeds.yml:7: …", libyaml's marks).
 * Writing regenerates the whole file from the model (comments are not
 * kept), atomically.
 */
#ifndef NM_FEEDS_H
#define NM_FEEDS_H

#include "util/util.h"

#define FEEDS_DEFAULT_INTERVAL 30 /* minutes */

/* When an item's own page is fetched and its article extracted. */
typedef enum feeds_fulltext {
    FEEDS_FULLTEXT_AUTO,       /* when the item's text is short or a teaser */
    FEEDS_FULLTEXT_ALWAYS,
    FEEDS_FULLTEXT_NEVER,
} feeds_fulltext;

typedef enum feeds_type {
    FEEDS_TYPE_FEED,           /* RSS, Atom or JSON Feed */
    FEEDS_TYPE_HTML,           /* a section page: its article links are items */
} feeds_type;

/* "auto", "always", "never"; "html", "feed". */
const char *feeds_fulltext_name(feeds_fulltext f);
/* 0 and *out set, or -1 for an unknown name. */
int feeds_fulltext_parse(const char *name, feeds_fulltext *out);

typedef struct feeds_entry {
    const char *group, *site, *title, *url;
    int interval_min;          /* > 0 */
    bool enabled;
    feeds_fulltext fulltext;   /* when the item's page is fetched */
    feeds_type type;
    const char *selector;      /* the article's element on its page, or NULL */
    const char *item;          /* type html: selector of the article links, or
                                  NULL (the links are found) */
    const char **remove;       /* cleaning selectors */
    size_t nremove;
    const char *user_agent;    /* NULL: newsmill's own */
    const char *referer;       /* NULL: none */
    long line;                 /* line in feeds.yml, 0 when added in memory */
} feeds_entry;

/* The list owns an arena holding every string of its entries. */
typedef struct feeds_list {
    arena *arena;
    feeds_entry *entries;
    size_t n, cap;
} feeds_list;

feeds_list *feeds_new(void);
void feeds_free(feeds_list *l);

/* Reads path. A missing file gives an empty list (a new site). Errors:
 * -1 with err = "path:line: message". */
int feeds_load(const char *path, feeds_list **out, nm_error *err);
/* The same for text in memory; path is used in messages only. */
int feeds_parse(const char *text, size_t len, const char *path, feeds_list **out,
                nm_error *err);
/* Writes the list to path atomically, groups, sites and feeds in the order
 * they are in the list. */
int feeds_save(const feeds_list *l, const char *path, nm_error *err);
/* The YAML text feeds_save writes. */
int feeds_to_yaml(const feeds_list *l, nm_buf *out);

/* Adds a feed (strings are copied). Fails when url is already listed or
 * a name is empty. The new entry gets the defaults. */
int feeds_add(feeds_list *l, const char *group, const char *site, const char *title,
              const char *url, nm_error *err);
/* Removes the feed with this URL; -1 with err when there is none. */
int feeds_remove(feeds_list *l, const char *url, nm_error *err);
/* The entry with this URL or NULL. */
feeds_entry *feeds_find(const feeds_list *l, const char *url);

/* Imports an OPML file: outlines with an xmlUrl are feeds; the titles of
 * enclosing outlines give group and site (one level: group = site; none:
 * group "Feeds"). URLs already listed are skipped. *added counts new ones. */
int feeds_import_opml(feeds_list *l, const char *path, size_t *added, nm_error *err);
/* The same for OPML text in memory; path is used in messages only. */
int feeds_import_opml_text(feeds_list *l, const char *text, size_t len, const char *path,
                           size_t *added, nm_error *err);
/* OPML 2.0: one outline per group, per site inside, feeds inside those. */
int feeds_export_opml(const feeds_list *l, nm_buf *out);

#endif
