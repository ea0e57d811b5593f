/*
 * cmd_sync.c — `newsmill sync`: the posts fetch workers put into a
 * PostgreSQL store become files of this site (ingest's sync.c); build
 * calls it first (cli_sync_shared) when the site's store is PostgreSQL.
 */
#include "cli.h"

#include "ingest/ingest.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>

int cli_sync_shared(const nm_cli *cli, bool always);

/* Syncs when the site's store is PostgreSQL (or always: say why not). */
int cli_sync_shared(const nm_cli *cli, bool always)
{
    if (!always && !store_configured_shared(cli->site_dir))
        return EXIT_OK;
    store *s;
    nm_error err;
    if (store_open(cli->site_dir, &s, &err)) {
        log_nm_error(&err);
        return EXIT_SOME_FAILED;
    }
    int rc = EXIT_OK;
    if (!store_shared(s)) {
        log_info("%s: the store is %s: fetch writes posts into source/_posts itself; nothing "
                 "to sync", store_where(s), store_backend(s));
    } else {
        size_t written, images;
        int64_t seq;
        if (ingest_sync(s, cli->site_dir, &written, &images, &seq, &err)) {
            log_nm_error(&err);
            rc = EXIT_SOME_FAILED;
        }
        if (images)
            log_info("sync: %zu posts written into source/_posts, %zu images into "
                     "source/images, at %lld of %s", written, images, (long long)seq,
                     store_where(s));
        else
            log_info("sync: %zu posts written into source/_posts, at %lld of %s", written,
                     (long long)seq, store_where(s));
    }
    store_close(s);
    return rc;
}

static int sync_run(const nm_cli *cli, int argc, char **argv)
{
    if (cli_wants_help(argc, argv))
        return cli_print_usage(cli_find("sync"));
    if (argc > 1)
        return cli_usage_error("sync", "unexpected argument '%s'", argv[1]);
    return cli_sync_shared(cli, true);
}

const nm_command cmd_sync = {
    .name = "sync",
    .summary = "write the posts and images fetch workers kept in the store into source/",
    .usage = "Usage: newsmill sync\n"
             "\n"
             "With a PostgreSQL store, 'newsmill fetch --worker' keeps each new post\n"
             "in the store (its bytes and a sequence number in commit order) instead\n"
             "of writing a file: workers on other machines cannot write into this\n"
             "site's source/_posts/. sync writes the posts stored or changed since the\n"
             "last sync of this site into source/_posts/, each atomically (a temporary\n"
             "file renamed over its name), and then remembers how far it got in\n"
             ".newsmill/sync. Killed at any moment, the next sync writes the same\n"
             "posts again; nothing is lost or half written. The images workers\n"
             "mirrored (images: mirror) are kept in the store too; sync writes them\n"
             "into source/images/ before the posts that name them. Remove\n"
             ".newsmill/sync to write every post of the store again; sync warns\n"
             "when it is ahead of the store's last post (the site moved to another\n"
             "database), and says so.\n"
             "\n"
             "'newsmill build' (and so 'newsmill run') syncs first when the store is\n"
             "PostgreSQL. With the SQLite store there is nothing to sync.\n"
             "\n"
             "Examples:\n"
             "  newsmill sync\n"
             "  newsmill -C /srv/news sync && newsmill -C /srv/news build\n",
    .run = sync_run,
};
