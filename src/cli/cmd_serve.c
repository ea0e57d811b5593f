/*
 * cmd_serve.c — `newsmill serve`: preview the built site over HTTP.
 *
 * Parses the options, starts the server of src/serve/ and waits for
 * SIGINT or SIGTERM. The signals are blocked before the server's threads
 * start, so every thread inherits the mask and the main thread alone
 * receives them with sigwait() (with --watch, through watch.c's signalfd):
 * no handler, no async-signal-safety games, and the server is stopped from
 * ordinary code.
 */
#include "cli.h"

#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../serve/serve.h"
#include "watch.h"

static int serve_run(const nm_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"port", required_argument, NULL, 'p'},
        {"bind", required_argument, NULL, 'b'},
        {"dir", required_argument, NULL, 'd'},
        {"watch", no_argument, NULL, 'w'},
        {NULL, 0, NULL, 0},
    };
    serve_options o = {.bind = "127.0.0.1", .port = 4000};
    const char *dir = NULL;
    bool watch = false;
    int c;
    while ((c = getopt_long(argc, argv, "p:b:d:w", opts, NULL)) != -1) {
        switch (c) {
        case 'p': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || v < 0 || v > 65535)
                return cli_usage_error("serve", "port '%s' is not a number from 0 to 65535",
                                       optarg);
            o.port = (int)v;
            break;
        }
        case 'b': o.bind = optarg; break;
        case 'd': dir = optarg; break;
        case 'w': watch = true; break;
        default:
            if (optopt)
                return cli_usage_error("serve", "option -%c needs a value", optopt);
            return cli_usage_error("serve", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);
    if (watch && dir)
        return cli_usage_error("serve", "--watch builds the site's public/; it does not go "
                                        "with --dir");

    arena *a = arena_new(0);
    o.root = dir ? dir : cli_site_path(a, cli, "public");
    o.access_log = log_get_level() >= LOG_VERBOSE;
    o.live_reload = watch;
    if (watch) {
        nm_error merr;
        if (fs_mkdirs(o.root, &merr) < 0) {
            log_nm_error(&merr);
            arena_free(a);
            return EXIT_USAGE;
        }
    }

    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    nm_error err;
    nm_error_clear(&err);
    serve_server *s = serve_start(&o, &err);
    if (!s) {
        log_nm_error(&err);
        arena_free(a);
        return EXIT_USAGE;
    }
    printf("Serving %s at %s (Ctrl-C to stop)\n", o.root, serve_url(s));
    fflush(stdout);
    if (!watch || serve_watch(cli->site_dir, s, &stop) < 0) {
        int sig = 0;
        sigwait(&stop, &sig);
        log_debug("%s: stopping", sig == SIGINT ? "SIGINT" : "SIGTERM");
    }
    serve_stop(s);
    arena_free(a);
    return EXIT_OK;
}

const nm_command cmd_serve = {
    .name = "serve",
    .summary = "preview the built site on http://127.0.0.1:4000/",
    .usage = "Usage: newsmill serve [-p PORT] [--bind ADDR] [--dir DIR | --watch]\n"
             "\n"
             "Serves the built site (public/ of the site directory) over HTTP until\n"
             "Ctrl-C or SIGTERM, like 'hexo server'. A directory answers with its\n"
             "index.html, a missing page with the site's 404.html (status 404).\n"
             "Only GET and HEAD; paths that would leave the directory (\"..\", encoded\n"
             "slashes, symlinks pointing out) are refused. With -v, one access-log\n"
             "line per request goes to stderr.\n"
             "\n"
             "Options:\n"
             "  -p, --port PORT   port to listen on (default 4000; 0 picks a free port,\n"
             "                    printed in the 'Serving' line)\n"
             "  -b, --bind ADDR   address to listen on (default 127.0.0.1; 0.0.0.0 or ::\n"
             "                    for every interface)\n"
             "  -d, --dir DIR     directory to serve, as given (not under -C); default:\n"
             "                    public/ of the site directory (see -C)\n"
             "  -w, --watch       build the site, then rebuild it (incrementally) when\n"
             "                    source/, themes/ or _config.yml change; open pages\n"
             "                    reload by themselves, and a build error shows in them\n"
             "                    (and here) until it is fixed. The reload script is added\n"
             "                    to the HTML as it is sent, never to the files of public/\n"
             "\n"
             "Exit status: 0 after Ctrl-C/SIGTERM; 2 when the directory is missing or\n"
             "the address cannot be used (port in use: choose another with -p).\n"
             "\n"
             "Examples:\n"
             "  newsmill build && newsmill serve\n"
             "  newsmill -C mysite serve -p 8080\n"
             "  newsmill -v serve --bind 0.0.0.0      (reachable from the LAN, access log)\n"
             "  newsmill serve -p 0 --dir /tmp/site   (any free port)\n"
             "  newsmill serve --watch                (edit a post, the page reloads)\n",
    .run = serve_run,
};
