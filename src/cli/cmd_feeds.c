/*
 * cmd_feeds.c — `newsmill feeds add|list|rm|import|export`: edit the feed
 * list (feeds.yml) and show each feed's fetch state from the store.
 *
 * The file is the truth about which feeds exist; the store only keeps
 * their state, so `feeds rm` edits feeds.yml and drops the state (posts
 * already written stay).
 */
#include "cli.h"

#include "feeds/feeds.h"
#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int load(arena *a, const nm_cli *cli, char **path, feeds_list **l)
{
    nm_error err;
    *path = cli_site_path(a, cli, "feeds.yml");
    if (feeds_load(*path, l, &err)) {
        log_nm_error(&err);
        return EXIT_USAGE;
    }
    return 0;
}

static int save(const char *path, feeds_list *l)
{
    nm_error err;
    if (feeds_save(l, path, &err)) {
        log_nm_error(&err);
        return EXIT_SOME_FAILED;
    }
    return 0;
}

static int feeds_add_cmd(arena *a, const nm_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"category", required_argument, NULL, 'c'},
        {"interval", required_argument, NULL, 'i'},
        {"fulltext", required_argument, NULL, 'f'},
        {"type", required_argument, NULL, 't'},
        {"selector", required_argument, NULL, 's'},
        {"item", required_argument, NULL, 'I'},
        {NULL, 0, NULL, 0},
    };
    const char *category = NULL, *selector = NULL, *item = NULL;
    feeds_fulltext fulltext = FEEDS_FULLTEXT_AUTO;
    feeds_type type = FEEDS_TYPE_FEED;
    int interval = FEEDS_DEFAULT_INTERVAL, c;
    while ((c = getopt_long(argc, argv, "c:i:", opts, NULL)) != -1) {
        switch (c) {
        case 'c': category = optarg; break;
        case 'f':
            if (feeds_fulltext_parse(optarg, &fulltext))
                return cli_usage_error("feeds", "--fulltext: auto, always or never");
            break;
        case 't':
            if (strcmp(optarg, "html") == 0)
                type = FEEDS_TYPE_HTML;
            else if (strcmp(optarg, "feed") != 0)
                return cli_usage_error("feeds", "--type: feed or html");
            break;
        case 's': selector = *optarg ? optarg : NULL; break;
        case 'I': item = *optarg ? optarg : NULL; break;
        case 'i':
            interval = atoi(optarg);
            if (interval < 1 || interval > 10080)
                return cli_usage_error("feeds", "--interval: minutes between 1 and 10080");
            break;
        default: return cli_usage_error("feeds", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind + 1 != argc)
        return cli_usage_error("feeds", "feeds add takes one URL");
    const char *url = argv[optind];
    if (!category)
        return cli_usage_error("feeds", "feeds add needs --category 'GROUP/SITE/FEED'");
    if (item && type != FEEDS_TYPE_HTML)
        return cli_usage_error("feeds", "--item is for --type html");
    if (type == FEEDS_TYPE_HTML && fulltext == FEEDS_FULLTEXT_NEVER)
        return cli_usage_error("feeds", "--type html reads each page: --fulltext never does "
                                        "not apply");
    const char *parts[3] = {0};
    int np = 0;
    char *cat = arena_strdup(a, category);
    for (char *save_p = NULL, *t = strtok_r(cat, "/", &save_p); t;
         t = strtok_r(NULL, "/", &save_p)) {
        if (np == 3)
            return cli_usage_error("feeds", "--category has at most 3 parts: GROUP/SITE/FEED");
        parts[np++] = t;
    }
    if (np == 0)
        return cli_usage_error("feeds", "--category must not be empty");
    const char *group = parts[0];
    const char *site = np > 1 ? parts[1] : parts[0];
    const char *title = np > 2 ? parts[2] : site;
    char *path;
    feeds_list *l;
    int rc = load(a, cli, &path, &l);
    if (rc)
        return rc;
    nm_error err;
    if (feeds_add(l, group, site, title, url, &err)) {
        log_nm_error(&err);
        feeds_free(l);
        return EXIT_SOME_FAILED;
    }
    feeds_entry *e = &l->entries[l->n - 1];
    e->interval_min = interval;
    e->fulltext = fulltext;
    e->type = type;
    e->selector = selector ? arena_strdup(l->arena, selector) : NULL;
    e->item = item ? arena_strdup(l->arena, item) : NULL;
    rc = save(path, l);
    if (!rc)
        log_info("added %s as %s/%s/%s", url, group, site, title);
    feeds_free(l);
    return rc;
}

static const char *when(int64_t t, char out[32])
{
    if (t <= 0)
        return "never";
    date_format_iso(t, out);
    return out;
}

static int feeds_list_cmd(arena *a, const nm_cli *cli)
{
    char *path;
    feeds_list *l;
    int rc = load(a, cli, &path, &l);
    if (rc)
        return rc;
    store *s = NULL;
    nm_error err;
    if (store_exists(cli->site_dir) && store_open(cli->site_dir, &s, &err)) {
        log_nm_error(&err);
        feeds_free(l);
        return EXIT_SOME_FAILED;
    }
    for (size_t i = 0; i < l->n; i++) {
        const feeds_entry *e = &l->entries[i];
        store_feed f = {0};
        int found = s ? store_feed_get(s, e->url, false, a, &f, &err) : 1;
        if (found < 0) {
            log_nm_error(&err);
            rc = EXIT_SOME_FAILED;
            break;
        }
        char t1[32], t2[32];
        printf("%s\t%s/%s/%s\t", e->url, e->group, e->site, e->title);
        if (found == 1) {
            printf("never fetched%s\n", e->enabled ? "" : "\tdisabled");
            continue;
        }
        printf("last %s\tstatus %d\tnext %s\terrors %d\titems %lld", when(f.last_fetch, t1),
               f.last_status, f.next_due ? when(f.next_due, t2) : "now", f.error_count,
               (long long)f.items);
        if (!e->enabled)
            printf("\tdisabled");
        if (f.moved_to)
            printf("\tmoved to %s", f.moved_to);
        if (f.last_error)
            printf("\terror: %s", f.last_error);
        putchar('\n');
    }
    store_close(s);
    feeds_free(l);
    return rc;
}

static int feeds_rm_cmd(arena *a, const nm_cli *cli, int argc, char **argv)
{
    if (argc != 3)
        return cli_usage_error("feeds", "feeds rm takes one URL");
    char *path;
    feeds_list *l;
    int rc = load(a, cli, &path, &l);
    if (rc)
        return rc;
    nm_error err;
    if (feeds_remove(l, argv[2], &err)) {
        log_nm_error(&err);
        feeds_free(l);
        return EXIT_SOME_FAILED;
    }
    rc = save(path, l);
    feeds_free(l);
    store *s;
    if (!rc && store_exists(cli->site_dir)) {
        if (store_open(cli->site_dir, &s, &err) || store_feed_delete(s, argv[2], &err)) {
            log_nm_error(&err);
            rc = EXIT_SOME_FAILED;
        }
        store_close(s);
    }
    return rc;
}

static int feeds_import_cmd(arena *a, const nm_cli *cli, int argc, char **argv)
{
    if (argc != 3)
        return cli_usage_error("feeds", "feeds import takes one OPML file");
    char *path;
    feeds_list *l;
    int rc = load(a, cli, &path, &l);
    if (rc)
        return rc;
    nm_error err;
    size_t added = 0;
    if (feeds_import_opml(l, argv[2], &added, &err)) {
        log_nm_error(&err);
        feeds_free(l);
        return EXIT_SOME_FAILED;
    }
    rc = save(path, l);
    if (!rc)
        printf("imported %zu feeds (%zu in the list)\n", added, l->n);
    feeds_free(l);
    return rc;
}

static int feeds_export_cmd(arena *a, const nm_cli *cli)
{
    char *path;
    feeds_list *l;
    int rc = load(a, cli, &path, &l);
    if (rc)
        return rc;
    nm_buf out;
    buf_init(&out, NM_BUF_NOLIMIT);
    feeds_export_opml(l, &out);
    nm_error err;
    if (buf_check(&out, "feeds export", &err)) {
        log_nm_error(&err);
        rc = EXIT_SOME_FAILED;
    } else {
        fwrite(out.data ? out.data : "", 1, out.len, stdout);
    }
    buf_free(&out);
    feeds_free(l);
    return rc;
}

static int feeds_run(const nm_cli *cli, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("feeds", "expected add, list, rm, import or export");
    arena *a = arena_new(0);
    const char *sub = argv[1];
    int rc;
    if (strcmp(sub, "add") == 0)
        rc = feeds_add_cmd(a, cli, argc - 1, argv + 1);
    else if (strcmp(sub, "list") == 0 && argc == 2)
        rc = feeds_list_cmd(a, cli);
    else if (strcmp(sub, "rm") == 0)
        rc = feeds_rm_cmd(a, cli, argc, argv);
    else if (strcmp(sub, "import") == 0)
        rc = feeds_import_cmd(a, cli, argc, argv);
    else if (strcmp(sub, "export") == 0 && argc == 2)
        rc = feeds_export_cmd(a, cli);
    else
        rc = cli_usage_error("feeds", "unknown subcommand or extra arguments: '%s'", sub);
    arena_free(a);
    return rc;
}

const nm_command cmd_feeds = {
    .name = "feeds",
    .summary = "add, list, remove, import and export feeds (feeds.yml)",
    .usage = "Usage: newsmill feeds add URL --category 'GROUP/SITE/FEED' [--interval MIN]\n"
             "                         [--fulltext auto|always|never] [--selector SEL]\n"
             "                         [--type html [--item SEL]]\n"
             "       newsmill feeds list\n"
             "       newsmill feeds rm URL\n"
             "       newsmill feeds import FILE.opml\n"
             "       newsmill feeds export > FILE.opml\n"
             "\n"
             "Edits feeds.yml, the site's feed list (group -> site -> feeds). A post\n"
             "from a feed gets the categories GROUP, SITE, FEED and the author SITE.\n"
             "\n"
             "  add      add URL; --category names group/site/feed title (a missing\n"
             "           part repeats the one before); --interval minutes between\n"
             "           polls (default 30); --fulltext when the item's own page\n"
             "           is fetched and its article taken (auto: when the feed\n"
             "           gives a short text or a teaser); --selector the\n"
             "           article's element on that page; --type html: URL is a\n"
             "           section page without a feed, its article links (those\n"
             "           --item selects, else found) are the items\n"
             "  list     every feed with its state: last fetch, HTTP status, next\n"
             "           due time, consecutive errors, items, the last error\n"
             "  rm       remove URL from the list (its posts stay)\n"
             "  import   add the feeds of an OPML file (nested outlines give group\n"
             "           and site)\n"
             "  export   print the list as OPML 2.0\n"
             "\n"
             "Examples:\n"
             "  newsmill feeds add https://rsshub.app/sina/finance --category '金融/新浪财经/新浪财经－国內'\n"
             "  newsmill feeds list\n"
             "  newsmill feeds import subscriptions.opml\n"
             "  newsmill feeds export > backup.opml\n",
    .run = feeds_run,
};
