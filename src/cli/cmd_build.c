/*
 * cmd_build.c — `newsmill build [--clean] [--verify] [-j N]`: the site in
 * public/.
 */
#include "cli.h"
#include "site/site.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

int cli_sync_shared(const nm_cli *cli, bool always); /* cmd_sync.c */

static int build_run(const nm_cli *cli, int argc, char **argv)
{
    if (cli_wants_help(argc, argv))
        return cli_print_usage(cli_find("build"));
    site_build_opts o = {.site_dir = cli->site_dir, .jobs = 0, .clean = false};
    static const struct option longopts[] = {
        {"clean", no_argument, NULL, 'c'},
        {"verify", no_argument, NULL, 'v'},
        {"jobs", required_argument, NULL, 'j'},
        {0, 0, 0, 0},
    };
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "+j:", longopts, NULL)) != -1) {
        switch (c) {
        case 'c':
            o.clean = true;
            break;
        case 'v':
            o.verify = true;
            break;
        case 'j': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > 1024)
                return cli_usage_error("build", "-j wants a number of threads from 1 to 1024, "
                                                "not '%s'", optarg);
            o.jobs = (int)n;
            break;
        }
        default:
            return cli_usage_error("build", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage_error("build", "unexpected argument '%s'", argv[optind]);
    progress_enable(cli->progress);
    int sync_rc = cli_sync_shared(cli, false); /* the store's posts first */
    site_build_stats st;
    nm_error err;
    nm_error_clear(&err);
    if (site_build(&o, &st, &err) < 0) {
        log_nm_error(&err);
        return EXIT_USAGE;
    }
    log_info("built %zu posts into %s/public: %zu files (%zu written, %zu unchanged, "
             "%zu deleted), %.1f MB, %zu rendered",
             st.posts, cli->site_dir, st.outputs, st.written, st.unchanged, st.deleted,
             (double)st.bytes / 1e6, st.rendered);
    if (st.images)
        log_info("images: %zu, %zu resized now, %.2f s", st.images, st.images_encoded,
                 st.images_seconds);
    return st.bad_posts || sync_rc ? EXIT_SOME_FAILED : EXIT_OK;
}

const nm_command cmd_build = {
    .name = "build",
    .summary = "build the static site into public/",
    .usage = "Usage: newsmill build [--clean] [--verify] [-j N]\n"
             "\n"
             "Builds the site from source/_posts/ and _config.yml into public/ with Hexo's\n"
             "URLs: post pages, the paginated home, archives, every category level, tags,\n"
             "atom.xml, rss2.xml, feed.json, sitemap.xml and 404.html, plus the files of\n"
             "source/ (names starting with '_' skipped), and a static search: the page\n"
             "search/ (search/?q=WORDS links to results) and its index under search/,\n"
             "files named by their hash, read by the theme's js/search.js in the browser\n"
             "(no server code). The theme is themes/NAME/ when\n"
             "_config.yml names one that exists, file by file over the built-in theme.\n"
             "A rebuild renders only the outputs whose inputs changed (the manifest in\n"
             ".newsmill/ records each output's inputs; unchanged posts are not read\n"
             "again), writes only files whose bytes changed, and deletes files of an\n"
             "earlier build that the site no longer has: the result equals a clean build.\n"
             "In _config.yml, newsmill: sidebar: shared (default; public/sidebar.html,\n"
             "loaded by the theme) or inline (in every page), and pagination: hexo\n"
             "(default) or stable (pages numbered from the oldest, which never change).\n"
             "Images under source/images/ get WebP copies 320, 640, 960 and 1280 px wide (only\n"
             "narrower than the image; made once, with libvips), offered by pages with\n"
             "srcset, sizes, width, height and loading=lazy; animated GIFs are kept as\n"
             "they are, an image of more than 64 million pixels is refused undecoded.\n"
             "With a PostgreSQL store, the posts fetch workers kept in the store are\n"
             "written into source/_posts/ first ('newsmill sync').\n"
             "\n"
             "Options:\n"
             "  --clean       delete public/ and build everything again\n"
             "  --verify      also check every file of public/ (size, mtime) and make\n"
             "                again those changed or deleted by hand\n"
             "  -j, --jobs N  threads to use (default: one per CPU)\n"
             "\n"
             "Exit status: 0 built, 1 built but some posts could not be read (each is\n"
             "named with its file and line) or the sync failed, 2 configuration, theme or write error.\n"
             "\n"
             "Examples:\n"
             "  newsmill build\n"
             "  newsmill -C ~/news build --clean\n"
             "  newsmill build -j 4\n",
    .run = build_run,
};
