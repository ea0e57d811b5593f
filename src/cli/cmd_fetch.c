/*
 * cmd_fetch.c — `newsmill fetch`: poll the feeds that are due, write new
 * posts, print a summary and every failure.
 */
#include "cli.h"

#include "feeds/feeds.h"
#include "ingest/ingest.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

/* Shared with cmd_run.c: runs the fetch job, prints, returns the exit code. */
int cli_fetch(const nm_cli *cli, int argc, char **argv, const char *name);

int cli_fetch(const nm_cli *cli, int argc, char **argv, const char *name)
{
    static const struct option opts[] = {
        {"jobs", required_argument, NULL, 'j'},
        {"all", no_argument, NULL, 'a'},
        {"timeout", required_argument, NULL, 't'},
        {"worker", no_argument, NULL, 'w'},
        {"lease", required_argument, NULL, 'L'},
        {"name", required_argument, NULL, 'N'},
        {NULL, 0, NULL, 0},
    };
    ingest_opts o = {.site_dir = cli->site_dir, .concurrency = 8};
    worker_opts w = {.lease = 60};
    bool worker = false;
    int c;
    while ((c = getopt_long(argc, argv, "j:at:", opts, NULL)) != -1) {
        switch (c) {
        case 'j':
            o.concurrency = atoi(optarg);
            if (o.concurrency < 1 || o.concurrency > 256)
                return cli_usage_error(name, "-j: a number from 1 to 256");
            break;
        case 'a': o.all = true; break;
        case 'w': worker = true; break;
        case 'L':
            w.lease = atoi(optarg);
            if (w.lease < 3 || w.lease > 86400)
                return cli_usage_error(name, "--lease: seconds from 3 to 86400");
            break;
        case 'N': w.name = optarg; break;
        case 't':
            o.timeout = atol(optarg);
            if (o.timeout < 1 || o.timeout > 3600)
                return cli_usage_error(name, "--timeout: seconds from 1 to 3600");
            break;
        default: return cli_usage_error(name, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc)
        return cli_usage_error(name, "unexpected argument '%s'", argv[optind]);
    if (worker && o.all)
        return cli_usage_error(name, "--worker takes the feeds that are due; not with --all");
    if (!worker && (w.name || w.lease != 60))
        return cli_usage_error(name, "--lease and --name are options of --worker");
    arena *a = arena_new(0);
    char *path = cli_site_path(a, cli, "feeds.yml");
    feeds_list *l;
    nm_error err;
    if (feeds_load(path, &l, &err)) {
        log_nm_error(&err);
        arena_free(a);
        return EXIT_USAGE;
    }
    if (l->n == 0)
        log_warn("%s lists no feeds; add one with 'newsmill feeds add URL --category G/S/F'",
                 path);
    ingest_summary sum;
    int rc = worker ? ingest_worker(l, &o, &w, &sum, &err) : ingest_run(l, &o, &sum, &err);
    if (rc) {
        log_nm_error(&err);
        ingest_summary_free(&sum);
        feeds_free(l);
        arena_free(a);
        return EXIT_SOME_FAILED;
    }
    if (sum.swept || sum.reconciled)
        log_info("recovered from an interrupted run: %zu temporary and %zu unfinished files "
                 "removed", sum.swept, sum.reconciled);
    if (worker)
        printf("worker: feeds: %zu claimed, %zu ok, %zu not modified, %zu failed, %zu taken "
               "over by another worker; posts: %zu new, %zu duplicates; %zu reconnects\n",
               sum.feeds, sum.ok, sum.not_modified, sum.failed,
               sum.taken_over + sum.pages.taken_over + sum.images.taken_over, sum.new_posts,
               sum.duplicates, sum.reconnects);
    else
        printf("feeds: %zu ok, %zu not modified, %zu failed, %zu not due; posts: %zu new, "
               "%zu duplicates\n",
               sum.ok, sum.not_modified, sum.failed, sum.not_due, sum.new_posts,
               sum.duplicates);
    const page_summary *pg = &sum.pages;
    if (pg->fetched || pg->full || pg->kept || pg->failed || pg->gave_up)
        printf("pages: %zu fetched; posts: %zu full text, %zu kept the feed's text, %zu to "
               "retry, %zu given up\n",
               pg->fetched, pg->full, pg->kept, pg->failed, pg->gave_up);
    const images_summary *im = &sum.images;
    if (sum.mirror && (im->fetched || im->posts || im->refused || im->failed || im->gave_up))
        printf("images: %zu fetched, %zu new files, %zu refused; posts: %zu rewritten, %zu to "
               "retry, %zu given up\n",
               im->fetched, im->stored, im->refused, im->posts, im->failed, im->gave_up);
    if (im->swept)
        log_info("recovered from an interrupted run: %zu temporary image files removed",
                 im->swept);
    for (size_t i = 0; i < sum.nfailures; i++)
        printf("failed: %s: %s\n", sum.failures[i].url, sum.failures[i].reason);
    fflush(stdout);
    rc = sum.failed ? EXIT_SOME_FAILED : EXIT_OK;
    ingest_summary_free(&sum);
    feeds_free(l);
    arena_free(a);
    return rc;
}

static int fetch_run(const nm_cli *cli, int argc, char **argv)
{
    return cli_fetch(cli, argc, argv, "fetch");
}

const nm_command cmd_fetch = {
    .name = "fetch",
    .summary = "poll the feeds that are due and write their new items as posts",
    .usage = "Usage: newsmill fetch [-j N] [--all] [--timeout SECONDS]\n"
             "       newsmill fetch --worker [-j N] [--lease SECONDS] [--name NAME]\n"
             "\n"
             "Fetches every feed of feeds.yml whose interval has passed (default 30\n"
             "minutes; a feed's ttl is respected up to 24 hours), with conditional\n"
             "requests, and writes each new item as source/_posts/<16 hex>.md. Items\n"
             "seen before, items whose guid changed after an edit and the same story\n"
             "in another feed within 3 days are not written again. A failing feed is\n"
             "retried later with exponential backoff (at most 24 hours); 429 and 503\n"
             "answers are honoured with their Retry-After.\n"
             "\n"
             "Full text: when a feed gives only a summary (feeds.yml fulltext: auto,\n"
             "the default: a text under 500 characters or one that ends like a\n"
             "teaser, \"...\", \"阅读全文\", \"Continue reading\"; always; never), the\n"
             "item's own page is fetched after the feeds and its article extracted;\n"
             "the post, written at once with the summary, is then rewritten with it\n"
             "(auto keeps the summary unless the article is 1.5 times as long).\n"
             "Pages are fetched politely: at most 2 per host at once, starts\n"
             "newsmill.page_interval milliseconds apart (default 1000), a host's\n"
             "Retry-After waited for (up to 30 s, else the next run), 8 MB and 30 s\n"
             "per page, 300 pages of a host per run, redirects followed, next-page\n"
             "links followed (10 pages at most). A page that fails is tried again\n"
             "in later runs (after 10, then 40 minutes; --all: at once); after 3\n"
             "failures the post keeps the feed's text.\n"
             "\n"
             "Images: with newsmill: images: mirror in _config.yml (default link:\n"
             "left where they are), the images of each new post (<img src>, headimg,\n"
             "thumbnail) are fetched after the pages (2 per host, Retry-After, the\n"
             "article as Referer), checked by their bytes (JPEG, PNG, GIF, WebP,\n"
             "AVIF; SVG and HTML refused; a picture over images_max_pixels, default\n"
             "40M, refused from its header before decoding; images_max_bytes 10M per\n"
             "image, images_max_post_bytes 30M per post), kept once as\n"
             "source/images/HH/HASH.EXT (SHA-256) and the post rewritten to\n"
             "/images/HH/HASH.EXT. A refused image stays remote; one that fails to\n"
             "download stays remote and is retried later (10 min, x4, 5 tries;\n"
             "--all: at once). See 'newsmill images gc'.\n"
             "\n"
             "Prints one summary line (and one for pages, one for images, when any\n"
             "were due) and each failure with its URL and reason. Exit status: 0\n"
             "when every feed was fine, 1 when some failed, 2 on a bad feeds.yml.\n"
             "\n"
             "What was seen is kept in the site's store: .newsmill/newsmill.db, or the\n"
             "PostgreSQL server of newsmill: store: in _config.yml or NEWSMILL_STORE\n"
             "(see 'newsmill help store').\n"
             "\n"
             "  -j, --jobs N        transfers at once (default 8; 2 per host)\n"
             "  -a, --all           fetch every feed, due or not\n"
             "  -t, --timeout SECS  limit for one transfer (default 60)\n"
             "      --worker        be one of several fetch processes sharing a\n"
             "                      PostgreSQL store (below)\n"
             "      --lease SECS    a worker's claim on its feeds (default 60)\n"
             "      --name NAME     the worker's name in the store (default\n"
             "                      host:pid:random; unique among live workers)\n"
             "\n"
             "Workers: with a PostgreSQL store, any number of 'fetch --worker', on\n"
             "any machines (each with the site's feeds.yml and _config.yml), share\n"
             "the work: each claims due feeds host by host (FOR UPDATE SKIP LOCKED;\n"
             "one worker per host at a time, 2 feeds of it at once), with a lease\n"
             "renewed while it works; a worker that dies or freezes loses its\n"
             "leases when they expire and another takes its feeds; a feed taken\n"
             "over is not written by the one that lost it. A story seen in two feeds\n"
             "by two workers at once becomes one post (an advisory lock per SimHash\n"
             "band value around the duplicate check). Posts go into the store:\n"
             "'newsmill sync' (or build) writes them into source/_posts/. After\n"
             "the feeds, workers fetch the article pages (fulltext) and mirror the\n"
             "images (images: mirror) of those posts, leasing their hosts the same\n"
             "way; the images are kept in the store too, and sync writes them.\n"
             "Workers reconnect when the server restarts, and end when no feed,\n"
             "page or image is due. A plain fetch refuses to run while workers\n"
             "hold leases on the store (it names them).\n"
             "\n"
             "Examples:\n"
             "  newsmill fetch\n"
             "  newsmill -C mysite fetch -j 16 --all\n"
             "  */15 * * * * newsmill -q -C /srv/news fetch     (crontab)\n"
             "  newsmill -C /srv/news fetch --worker -j 64      (on each fetch machine)\n",
    .run = fetch_run,
};
