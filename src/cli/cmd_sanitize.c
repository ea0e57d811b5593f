/*
 * cmd_sanitize.c — `newsmill sanitize`: clean one HTML fragment from stdin.
 *
 * The html module's ARTICLE policy (or, with --feed, the FEED policy) as a
 * filter, for trying site rules and for scripts: stdin in, stdout out.
 * --text prints the plain text instead, --lead-image the lead image URL
 * (an empty line when there is none).
 */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "html/html.h"

static int sanitize_run(const nm_cli *cli, int argc, char **argv)
{
    (void)cli;
    if (cli_wants_help(argc, argv))
        return cli_print_usage(cli_find("sanitize"));
    static const struct option longopts[] = {
        {"base", required_argument, NULL, 'b'},  {"site", required_argument, NULL, 's'},
        {"remove", required_argument, NULL, 'r'}, {"text", no_argument, NULL, 't'},
        {"lead-image", no_argument, NULL, 'l'},  {"feed", no_argument, NULL, 'f'},
        {"drop-editor", no_argument, NULL, 'e'},  {NULL, 0, NULL, 0},
    };
    arena *a = arena_new(0);
    html_opts o = {.policy = HTML_POLICY_ARTICLE};
    const char **remove = arena_new_array(a, const char *, (size_t)argc + 1);
    bool text = false, lead = false;
    int ch;
    optind = 1;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
        switch (ch) {
        case 'b': o.base_url = optarg; break;
        case 's': o.site = optarg; break;
        case 'r': remove[o.nremove++] = optarg; break;
        case 't': text = true; break;
        case 'l': lead = true; break;
        case 'f': o.policy = HTML_POLICY_FEED; break;
        case 'e': o.drop_editor = true; break;
        default:
            arena_free(a);
            return cli_usage_error("sanitize", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc) {
        arena_free(a);
        return cli_usage_error("sanitize", "unexpected argument '%s' (the HTML comes on stdin)",
                               argv[optind]);
    }
    if (text && lead) {
        arena_free(a);
        return cli_usage_error("sanitize", "--text and --lead-image exclude each other");
    }
    o.remove = remove;

    nm_buf in;
    nm_error err;
    nm_error_clear(&err);
    buf_init(&in, ((size_t)64 << 20) + 1);
    char chunk[65536];
    size_t n;
    int rc = EXIT_OK;
    while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
        if (buf_append(&in, chunk, n) < 0) {
            nm_fail(&err, "stdin", 0, "input is larger than the 64 MiB limit; not cleaned");
            rc = EXIT_SOME_FAILED;
            break;
        }
    }
    html_result r;
    if (rc == EXIT_OK && html_clean(a, buf_cstr(&in), in.len, &o, &r, &err) < 0)
        rc = EXIT_SOME_FAILED;
    if (rc != EXIT_OK) {
        log_nm_error(&err);
    } else if (text) {
        const char *t = r.text ? r.text : html_to_text(a, r.html, r.html_len, HTML_TEXT_JOINED);
        fputs(t, stdout);
        fputc('\n', stdout);
    } else if (lead) {
        fputs(r.lead_image ? r.lead_image : "", stdout);
        fputc('\n', stdout);
    } else {
        fwrite(r.html, 1, r.html_len, stdout);
        fputc('\n', stdout);
    }
    buf_free(&in);
    arena_free(a);
    return rc;
}

const nm_command cmd_sanitize = {
    .name = "sanitize",
    .summary = "clean an article's HTML (stdin to stdout)",
    .usage = "Usage: newsmill sanitize [--base URL] [--site NAME] [--remove SEL]...\n"
             "                         [--drop-editor] [--feed] [--text | --lead-image]\n"
             "                         < in.html > out.html\n"
             "\n"
             "Cleans an HTML fragment as newsmill cleans article bodies: an allowlist of\n"
             "elements and attributes, http/https/mailto URLs only, images with\n"
             "referrerpolicy=\"no-referrer\" loading=\"lazy\", links with rel=\"noopener\n"
             "noreferrer\", video iframes only, tracking pixels and site boilerplate\n"
             "(share bars, QR/app promos, related articles, ads) removed, the editor\n"
             "credit kept as <p class=\"editor\">. The output is one HTML block.\n"
             "\n"
             "Options:\n"
             "  --base URL       resolve relative links and images against URL\n"
             "                   (also picks the site's rules by its host)\n"
             "  --site NAME      use the boilerplate rules of NAME (sina, 163, qq, sohu,\n"
             "                   ifeng, 36kr, ithome, cnbeta, thepaper) or of a host\n"
             "  --remove SEL     also remove elements matching SEL: tag, .class, #id,\n"
             "                   tag.class or tag#id (repeatable)\n"
             "  --drop-editor    remove the editor credit (责任编辑：…) instead\n"
             "  --feed           feedparser's sanitizing (for feed summaries) instead\n"
             "  --text           print the plain text instead of HTML\n"
             "  --lead-image     print the lead image URL (empty line: none)\n"
             "\n"
             "Exit status: 0 cleaned; 1 the input is over 64 MiB; 2 usage error.\n"
             "\n"
             "Examples:\n"
             "  newsmill sanitize --base https://finance.sina.com.cn/ < body.html\n"
             "  curl -s URL | newsmill sanitize --remove .ad-box --remove '#share' --text\n"
             "  newsmill sanitize --lead-image < body.html\n",
    .run = sanitize_run,
};
