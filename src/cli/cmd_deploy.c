/*
 * cmd_deploy.c — `newsmill deploy [--to TARGET] [--rsync]`: public/ to
 * the web server.
 */
#include "cli.h"
#include "site/site.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static int deploy_run(const nm_cli *cli, int argc, char **argv)
{
    if (cli_wants_help(argc, argv))
        return cli_print_usage(cli_find("deploy"));
    site_deploy_opts o = {.site_dir = cli->site_dir};
    static const struct option longopts[] = {
        {"to", required_argument, NULL, 't'},
        {"rsync", no_argument, NULL, 'r'},
        {0, 0, 0, 0},
    };
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
        switch (c) {
        case 't':
            o.to = optarg;
            break;
        case 'r':
            o.use_rsync = true;
            break;
        default:
            return cli_usage_error("deploy", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage_error("deploy", "unexpected argument '%s'", argv[optind]);
    site_deploy_stats st;
    nm_error err;
    nm_error_clear(&err);
    int rc = site_deploy(&o, &st, &err);
    if (rc < 0)
        log_nm_error(&err);
    if (st.target)
        log_info("deploy to %s: %zu sent, %zu deleted, %zu unchanged, %.1f MB sent", st.target,
                 st.sent, st.deleted, st.unchanged, (double)st.bytes / 1e6);
    free(st.target);
    return rc < 0 ? (st.target ? EXIT_SOME_FAILED : EXIT_USAGE) : EXIT_OK;
}

const nm_command cmd_deploy = {
    .name = "deploy",
    .summary = "push public/ to the web server, changed files only",
    .usage = "Usage: newsmill deploy [--to DIR|USER@HOST:DIR] [--rsync]\n"
             "\n"
             "Copies public/ to the target of the deploy: section of _config.yml (Hexo's\n"
             "hexo-deployer-rsync keys: type: rsync, host, user, root, port), or --to.\n"
             "Only new and changed files are sent (size and mtime, as rsync checks), and\n"
             "files the site no longer has are deleted. Order: files that are not pages\n"
             "(CSS, scripts, images, feeds) first, then pages, then deletions, so that a\n"
             "visitor never gets a page whose files are not there yet. Each file is\n"
             "replaced whole. A deploy that failed or was killed can be run again: it\n"
             "converges. A local directory is copied by newsmill itself; a host, or\n"
             "--rsync, goes through rsync (over ssh), in the same three passes.\n"
             "\n"
             "Options:\n"
             "  --to TARGET  a directory (relative to the site) or USER@HOST:DIR\n"
             "  --rsync      use rsync for a local directory too\n"
             "\n"
             "Exit status: 0 deployed, 1 the copy failed part way (run it again),\n"
             "2 no target, or public/ is missing or from a build that did not finish.\n"
             "\n"
             "Examples:\n"
             "  newsmill deploy\n"
             "  newsmill deploy --to /var/www/news\n"
             "  newsmill deploy --to deploy@news.example.com:/srv/www\n",
    .run = deploy_run,
};
