/*
 * main.c — global options, then dispatch to a command of the table.
 *
 * `newsmill [global options] COMMAND [args]`. The table is generated from
 * the cmd_*.c file names at build time; this file only knows how to find a
 * command, print the overview and report misuse (one line and a hint,
 * exit 2).
 *
 * Whatever the command printed, stdout is flushed and closed here, once,
 * for every command: output that could not be written (a full disk,
 * /dev/full, a closed pipe reader) is "newsmill: write error: …" and
 * exit 1, never a silent success with a cut-off result.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#define NM_COMMAND(n) extern const nm_command cmd_##n;
#include "commands.inc"
#undef NM_COMMAND

static const nm_command *const commands[] = {
#define NM_COMMAND(n) &cmd_##n,
#include "commands.inc"
#undef NM_COMMAND
};

const nm_command *cli_find(const char *name)
{
    for (size_t i = 0; i < NM_ARRAY_LEN(commands); i++)
        if (strcmp(commands[i]->name, name) == 0)
            return commands[i];
    return NULL;
}

int cli_usage_error(const char *name, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (name)
        fprintf(stderr, "newsmill: %s: %s\nTry 'newsmill help %s' for more information.\n", name,
                msg, name);
    else
        fprintf(stderr, "newsmill: %s\nTry 'newsmill --help' for more information.\n", msg);
    return EXIT_USAGE;
}

bool cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return true;
    }
    return false;
}

int cli_print_usage(const nm_command *cmd)
{
    fputs(cmd->usage, stdout);
    return EXIT_OK;
}

char *cli_site_path(arena *a, const nm_cli *cli, const char *rel)
{
    if (rel[0] == '/' || strcmp(cli->site_dir, ".") == 0)
        return arena_strdup(a, rel);
    return arena_printf(a, "%s/%s", cli->site_dir, rel);
}

static void print_overview(FILE *out)
{
    fputs("newsmill " NM_VERSION " — news feeds in, a fast static news site out.\n\n"
          "Usage: newsmill [global options] COMMAND [args]\n\n"
          "Commands:\n",
          out);
    for (size_t i = 0; i < NM_ARRAY_LEN(commands); i++)
        fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
    fputs("\nGlobal options:\n"
          "  -C DIR          run in site directory DIR (default: .)\n"
          "  -q, --quiet     print errors only\n"
          "  -v, --verbose   print more detail\n"
          "      --no-progress  never draw a progress bar\n"
          "  -h, --help      show this help\n"
          "      --version   show the version\n\n"
          "Run 'newsmill help COMMAND' for a command's options and examples.\n"
          "See newsmill(1) for the whole manual.\n",
          out);
}

/* Flushes and closes stdout; a failed write turns rc into 1 (a usage
 * error keeps its 2). The errno of an earlier failed write is gone by
 * now, so a second flush attempt (which fails the same way) names it. */
static int finish(int rc)
{
    bool bad = ferror(stdout) != 0;
    errno = 0;
    if (fflush(stdout) != 0)
        bad = true;
    int e = errno;
    if (fclose(stdout) != 0 && !bad) {
        bad = true;
        e = errno;
    }
    if (!bad)
        return rc;
    fprintf(stderr, "newsmill: write error: %s\n",
            e ? strerror(e) : "standard output could not be written");
    return rc == EXIT_OK ? EXIT_SOME_FAILED : rc;
}

static int run(int argc, char **argv)
{
    nm_cli cli = {.site_dir = ".", .progress = true};
    static const struct option opts[] = {
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {"no-progress", no_argument, NULL, 'P'},
        {NULL, 0, NULL, 0},
    };
    int c, level = LOG_NORMAL;
    opterr = 0;
    /* "+" stops at the first non-option: the command and its arguments. */
    while ((c = getopt_long(argc, argv, "+C:qvh", opts, NULL)) != -1) {
        switch (c) {
        case 'C': cli.site_dir = optarg; break;
        case 'q': level = LOG_QUIET; break;
        case 'v': level = LOG_VERBOSE; break;
        case 'P': cli.progress = false; break;
        case 'h': print_overview(stdout); return EXIT_OK;
        case 'V': puts("newsmill " NM_VERSION); return EXIT_OK;
        default:
            if (optopt == 'C')
                return cli_usage_error(NULL, "option -C needs a directory");
            return cli_usage_error(NULL, "unknown option '%s'", argv[optind - 1]);
        }
    }
    log_set_level(level);
    progress_enable(cli.progress);
    if (optind >= argc) {
        print_overview(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[optind];
    const nm_command *cmd = cli_find(name);
    if (!cmd)
        return cli_usage_error(NULL, "'%s' is not a newsmill command", name);
    if (!fs_is_dir(cli.site_dir)) {
        fprintf(stderr, "newsmill: %s: site directory does not exist\n", cli.site_dir);
        return EXIT_USAGE;
    }
    if (cli_wants_help(argc - optind, argv + optind))
        return cli_print_usage(cmd);
    int sub_argc = argc - optind;
    char **sub_argv = argv + optind;
    optind = 0; /* glibc: re-initialize getopt for the command's own parse */
    opterr = 0;
    return cmd->run(&cli, sub_argc, sub_argv);
}

int main(int argc, char **argv)
{
    return finish(run(argc, argv));
}
