/*
 * cmd_theme.c — `newsmill theme export [DIR]`: the built-in theme as files.
 */
#include "cli.h"
#include "site/site.h"

#include <stdio.h>
#include <string.h>

static int theme_run(const nm_cli *cli, int argc, char **argv)
{
    if (cli_wants_help(argc, argv))
        return cli_print_usage(cli_find("theme"));
    if (argc < 2)
        return cli_usage_error("theme", "expected a subcommand: export");
    if (strcmp(argv[1], "export"))
        return cli_usage_error("theme", "unknown subcommand '%s' (expected: export)", argv[1]);
    if (argc > 3)
        return cli_usage_error("theme", "export takes at most one directory");
    arena *a = arena_new(0);
    const char *dir = cli_site_path(a, cli, argc == 3 ? argv[2] : "themes/custom");
    nm_error err;
    nm_error_clear(&err);
    int rc = site_theme_export(dir, &err);
    if (rc < 0)
        log_nm_error(&err);
    else
        printf("theme written to %s\n"
               "use it with 'theme: %s' in _config.yml when it is under themes/\n",
               dir, strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir);
    arena_free(a);
    return rc < 0 ? EXIT_SOME_FAILED : EXIT_OK;
}

const nm_command cmd_theme = {
    .name = "theme",
    .summary = "export the built-in theme for customizing",
    .usage = "Usage: newsmill theme export [DIR]\n"
             "\n"
             "Writes the built-in theme (Mustache templates, CSS, JavaScript) into DIR,\n"
             "default themes/custom in the site. Edit the files, set 'theme: custom' in\n"
             "_config.yml, and `newsmill build` uses them; files you delete fall back to\n"
             "the built-in ones.\n"
             "\n"
             "Examples:\n"
             "  newsmill theme export\n"
             "  newsmill -C ~/news theme export themes/mine\n",
    .run = theme_run,
};
